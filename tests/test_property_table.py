"""The computed property table (actlib.properties) against expectations derived by hand.

Every expectation below was worked out from the mathematical definition of the function (at the
registry defaults, which are PyTorch's), not read off actlib's code or output. The decision rules
are those documented in :func:`actlib.properties.compute_properties`:

* saturation side: ``f'(x) -> 0`` as ``x -> -inf`` (left) / ``+inf`` (right);
* continuity class: ``C^-1`` f jumps, ``C^0`` f continuous but f' jumps (a kink),
  ``C^1`` f' continuous but f'' jumps, ``C^2`` at least twice continuously differentiable;
  smooth means ``C^1`` or better;
* near identity: f(0) = 0 and both one-sided slopes at 0 equal 1;
* zero-centred: ``|E f(z)| <= 0.05 std f(z)`` for ``z ~ N(0, 1)`` (true for odd functions);
* self-normalising: activations keep mean 0, variance 1 through deep LeCun-normal networks;
* vector functions are judged through their slices: ``softmax([x, 0])[0] = sigmoid(x)``,
  ``log_softmax([x, 0])[0] = log sigmoid(x)``, ``softmin([x, 0])[0] = sigmoid(-x)``,
  ``sparsemax([x, 0])[0] = clip((x + 1)/2, 0, 1)``, ``glu([x, x]) = x sigmoid(x)``.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import actlib
from actlib import properties as P

# name: (non_linear, differentiable_ae, non_saturating, monotonic, bounded, near_identity,
#        has_parameters, self_normalising, zero_centred, smooth, saturation, continuity)
T, F = True, False
EXPECTED = {
    # step: 0/1 jump at 0; f' = 0 everywhere else, so both sides saturate (hard).
    "step": (T, T, F, T, T, F, F, F, F, F, "both", "C^-1"),
    # threshold(t=1, v=0): 0 up to 1, then x -> a jump of 1 at x = 1; flat (f' = 0) on the left.
    "threshold": (T, T, F, T, F, F, T, F, F, F, "left", "C^-1"),
    # identity: affine, f' = 1, odd.
    "identity": (F, T, T, T, F, T, F, F, T, T, "none", "C^2"),
    # sigmoid: analytic, f' = s(1 - s) -> 0 both ways, range (0, 1), f(0) = 1/2, f'(0) = 1/4.
    "sigmoid": (T, T, F, T, T, F, F, F, F, T, "both", "C^2"),
    # tanh: analytic, odd, f(0) = 0, f'(0) = 1, range (-1, 1), f' = sech^2 -> 0 both ways.
    "tanh": (T, T, F, T, T, T, F, F, T, T, "both", "C^2"),
    # relu: kink at 0 (one-sided slopes 0 and 1), f' = 0 on the left, E relu(z) = 1/sqrt(2 pi).
    "relu": (T, T, F, T, F, F, F, F, F, F, "left", "C^0"),
    # relu6: kinks at 0 and 6, flat on both sides, range [0, 6].
    "relu6": (T, T, F, T, T, F, F, F, F, F, "both", "C^0"),
    # leaky_relu(0.01): slopes 0.01 and 1 never vanish; kink at 0; left slope 0.01 != 1.
    "leaky_relu": (T, T, T, T, F, F, T, F, F, F, "none", "C^0"),
    # prelu(0.25): same shape with slope 0.25.
    "prelu": (T, T, T, T, F, F, T, F, F, F, "none", "C^0"),
    # elu(1): f' = e^x on the left (-> 0), 1 on the right; f'(0-) = f'(0+) = 1 but
    # f''(0-) = 1, f''(0+) = 0; E elu(z) = 1/sqrt(2 pi) + e^(1/2) Phi(-1) - 1/2 ~ 0.16 > 0.
    "elu": (T, T, F, T, F, T, T, F, F, T, "left", "C^1"),
    # celu(1) is elu(1).
    "celu": (T, T, F, T, F, T, T, F, F, T, "left", "C^1"),
    # selu: slopes lambda*alpha ~ 1.758 (left of 0) and lambda ~ 1.051 (right): a kink; built so
    # that N(0, 1) inputs give mean 0, variance 1 outputs, an attracting fixed point.
    "selu": (T, T, F, T, F, F, F, T, T, F, "left", "C^0"),
    # gelu: x Phi(x), analytic, dips to -0.17 near x = -0.75 (not monotonic), f'(0) = 1/2.
    "gelu": (T, T, F, F, F, F, T, F, F, T, "left", "C^2"),
    # silu: x sigmoid(x), analytic, minimum -0.278 at x = -1.278, f'(0) = 1/2.
    "silu": (T, T, F, F, F, F, F, F, F, T, "left", "C^2"),
    # mish: x tanh(softplus(x)), analytic, minimum -0.309, f'(0) = tanh(ln 2) = 0.6.
    "mish": (T, T, F, F, F, F, F, F, F, T, "left", "C^2"),
    # softplus(1): log(1 + e^x), analytic, f' = sigmoid(x) -> 0 on the left, f(0) = ln 2.
    "softplus": (T, T, F, T, F, F, T, F, F, T, "left", "C^2"),
    # softsign: x/(1+|x|), odd, f' = 1/(1+|x|)^2 -> 0 (slowly), f''(0+-) = -+2: C^1 only.
    "softsign": (T, T, F, T, T, T, F, F, T, T, "both", "C^1"),
    # hard_sigmoid: relu6(x+3)/6, kinks at -3, 3, f(0) = 1/2, flat outside [-3, 3].
    "hard_sigmoid": (T, T, F, T, T, F, F, F, F, F, "both", "C^0"),
    # hard_tanh(-1, 1): clip, kinks at -1 and 1, identity in between (so near identity at 0).
    "hard_tanh": (T, T, F, T, T, T, T, F, T, F, "both", "C^0"),
    # hard_silu: x relu6(x+3)/6: f' = 0 left of -3, (2x+3)/6 between (-1/2 at -3+, 3/2 at 3-),
    # 1 right of 3: kinks at -3 and 3; minimum -3/8 at x = -3/2.
    "hard_silu": (T, T, F, F, F, F, F, F, F, F, "left", "C^0"),
    # log_sigmoid: -softplus(-x), f' = sigmoid(-x) -> 0 on the right, -> 1 on the left.
    "log_sigmoid": (T, T, F, T, F, F, F, F, F, T, "right", "C^2"),
    # slices of the vector functions
    "softmax": (T, T, F, T, T, F, F, F, F, T, "both", "C^2"),
    "log_softmax": (T, T, F, T, F, F, F, F, F, T, "right", "C^2"),
    # issue-7 additions
    # hardshrink(0.5): x outside [-1/2, 1/2], else 0: jumps of 1/2 at +-1/2, odd, slopes 1 outside.
    "hardshrink": (T, T, T, T, F, F, T, F, T, F, "none", "C^-1"),
    # softshrink(0.5): x -+ 1/2 outside, 0 inside: kinks at +-1/2, odd.
    "softshrink": (T, T, T, T, F, F, T, F, T, F, "none", "C^0"),
    # tanhshrink: x - tanh x, odd, f' = tanh^2 x >= 0 -> 1 both ways, f'(0) = 0.
    "tanhshrink": (T, T, T, T, F, F, F, F, T, T, "none", "C^2"),
    # squareplus(4): (x + sqrt(x^2 + 4))/2, analytic, f(0) = 1, f' -> 0 (like 1/x^2) on the left.
    "squareplus": (T, T, F, T, F, F, T, F, F, T, "left", "C^2"),
    # sparse_plus: 0 / (x+1)^2/4 / x: f' continuous (0, (x+1)/2, 1), f'' jumps at +-1; f(0) = 1/4.
    "sparse_plus": (T, T, F, T, F, F, F, F, F, T, "left", "C^1"),
    # sparse_sigmoid: 0 / (x+1)/2 / 1: kinks at +-1, f(0) = 1/2, flat outside.
    "sparse_sigmoid": (T, T, F, T, T, F, F, F, F, F, "both", "C^0"),
    # exponential: e^x, f(0) = 1, f' -> 0 on the left, -> inf on the right.
    "exponential": (T, T, F, T, F, F, F, F, F, T, "left", "C^2"),
    # rrelu (evaluation form): leaky relu with slope (1/8 + 1/3)/2 = 11/48.
    "rrelu": (T, T, T, T, F, F, T, F, F, F, "none", "C^0"),
    # softmin([x, 0])[0] = sigmoid(-x): decreasing, still monotonic.
    "softmin": (T, T, F, T, T, F, F, F, F, T, "both", "C^2"),
    # glu([x, x]) = x sigmoid(x) = silu(x).
    "glu": (T, T, F, F, F, F, F, F, F, T, "left", "C^2"),
    # sparsemax([x, 0])[0] = clip((x + 1)/2, 0, 1): kinks at +-1.
    "sparsemax": (T, T, F, T, T, F, F, F, F, F, "both", "C^0"),
}

COLUMNS = (
    "non_linear",
    "differentiable_ae",
    "non_saturating",
    "monotonic",
    "bounded",
    "near_identity",
    "has_parameters",
    "self_normalising",
    "zero_centred",
    "smooth",
    "saturation",
    "continuity",
)

# The core set of the team contract: these must be in the registry.
CORE = (
    "step threshold identity sigmoid tanh relu relu6 leaky_relu prelu elu celu selu gelu silu mish "
    "softplus softsign hard_sigmoid hard_tanh hard_silu log_sigmoid softmax log_softmax"
).split()


def _needs(name):
    assert name in actlib.ACTIVATIONS, f"activation {name} missing from the registry"


@pytest.fixture(scope="module")
def table():
    return {}


def _props(table, name):
    if name not in table:
        table[name] = P.compute_properties(name)
    return table[name]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_row_matches_hand_derivation(table, name):
    _needs(name)
    got = _props(table, name)
    expected = dict(zip(COLUMNS, EXPECTED[name], strict=True))
    actual = {c: getattr(got, c) for c in COLUMNS}
    assert actual == expected


def test_vector_functions_list_no_kinks():
    # Their kinks (sparsemax's support changes) depend on the whole vector, not on one x.
    assert all(not a.kinks for a in actlib.ACTIVATIONS.values() if a.kind == "vector")


def test_every_registry_function_has_an_expectation():
    missing = [n for n in actlib.ACTIVATIONS if n not in EXPECTED]
    assert not missing, f"add hand-derived expectations for {missing}"


@pytest.mark.parametrize(
    "name", [n for n in EXPECTED if n in actlib.ACTIVATIONS and actlib.get(n).kind != "vector"]
)
def test_kinks_agree_with_the_registry(table, name):
    """Points found where f or f' jumps are the registry's kinks, and every registry kink is a
    point where f, f' or f'' jumps (elu and celu list 0, where only f'' jumps)."""
    _needs(name)
    act = actlib.get(name)
    got = _props(table, name)
    registry = sorted(k.x for k in act.kinks)
    found = sorted(got.jumps + got.kinks)
    assert all(any(abs(f - r) < 1e-9 for r in registry) for f in found), (found, registry)
    everything = got.jumps + got.kinks + got.curvature_breaks
    assert all(any(abs(f - r) < 1e-9 for f in everything) for r in registry), (registry, everything)
    assert got.derivative_mismatches == ()


@pytest.mark.parametrize("name", list(EXPECTED))
def test_bounds_agree_with_the_registry_range(table, name):
    _needs(name)
    act = actlib.get(name)
    got = _props(table, name)
    low, high = got.bounds
    rng = act.range
    assert rng.low <= low + 1e-9 and high <= rng.high + 1e-9
    if act.kind == "elementwise":
        # finite ends of the registry range are attained or approached
        if math.isfinite(rng.low):
            assert low == pytest.approx(rng.low, abs=1e-6)
        if math.isfinite(rng.high):
            assert high == pytest.approx(rng.high, abs=1e-6)


# hand-derived numbers behind some decisions
def test_values_at_zero():
    assert P.compute_properties("sigmoid").slopes0 == pytest.approx((0.25, 0.25), abs=1e-6)
    assert P.compute_properties("relu").slopes0 == pytest.approx((0.0, 1.0), abs=1e-12)
    assert P.compute_properties("mish").slopes0 == pytest.approx((0.6, 0.6), abs=1e-6)
    assert P.compute_properties("softplus").f0 == pytest.approx(math.log(2), abs=1e-12)
    scale, alpha = 1.0507009873554805, 1.6732632423543772
    assert P.compute_properties("selu").slopes0 == pytest.approx((scale * alpha, scale), rel=1e-5)


def test_gaussian_means():
    # E relu(z) = 1/sqrt(2 pi); E elu(z) = 1/sqrt(2 pi) + e^(1/2) Phi(-1) - 1/2;
    # E gelu(z) = E z Phi(z) = E phi(z) = 1/(2 sqrt(pi))
    phi_m1 = 0.5 * math.erfc(1 / math.sqrt(2))
    assert P.compute_properties("relu").gaussian_mean == pytest.approx(
        1 / math.sqrt(2 * math.pi), abs=1e-6
    )
    assert P.compute_properties("elu").gaussian_mean == pytest.approx(
        1 / math.sqrt(2 * math.pi) + math.exp(0.5) * phi_m1 - 0.5, abs=1e-6
    )
    assert P.compute_properties("gelu").gaussian_mean == pytest.approx(
        1 / (2 * math.sqrt(math.pi)), abs=1e-6
    )
    m, v = P.gaussian_moments(P.scalar_view("selu"), 1.0)
    assert (m, v) == pytest.approx((0.0, 1.0), abs=1e-6)


def test_saturation_kinds():
    assert P.compute_properties("relu").saturation_kinds == ("hard", "")
    assert P.compute_properties("sigmoid").saturation_kinds == ("soft", "soft")
    assert P.compute_properties("log_sigmoid").saturation_kinds == ("", "soft")


@pytest.mark.parametrize(
    ("name", "formula"),
    [
        ("softmax", lambda x: 1 / (1 + np.exp(-x))),
        ("log_softmax", lambda x: -np.logaddexp(0, -x)),
        ("softmin", lambda x: 1 / (1 + np.exp(x))),
        ("sparsemax", lambda x: np.clip((x + 1) / 2, 0, 1)),
        ("glu", lambda x: x / (1 + np.exp(-x))),
    ],
)
def test_slices_are_the_stated_functions(name, formula):
    _needs(name)
    view = P.scalar_view(name)
    x = np.linspace(-6, 6, 241)
    assert view.is_slice
    np.testing.assert_allclose(view.value(x), formula(x), rtol=1e-12, atol=1e-14)
    h = 1e-6
    central = (formula(x + h) - formula(x - h)) / (2 * h)
    smooth = np.abs(np.abs(x) - 1) > 1e-3  # sparsemax has kinks at +-1
    np.testing.assert_allclose(view.derivative(x)[smooth], central[smooth], atol=1e-7)
    for label in (view.label(), view.label(derivative=True)):
        assert actlib.parse_label(label) is None
        # and the notebooks' plotted-data test does not take it for an activation curve
        assert re.match(r"^(d/dx )?(\w+)('|\()", label) is None, label


def test_selu_self_normalises_through_20_layers():
    means, variances = P.propagate("selu", layers=20, width=256, samples=512, seed=0)
    assert np.all(np.abs(means) < 0.1)
    assert np.all(np.abs(variances - 1) < 0.15)
    # without the SELU constants the variance drifts: relu halves the second moment per layer
    _, v_relu = P.propagate("relu", layers=20, width=256, samples=512, seed=0)
    assert v_relu[-1] < 1e-3
    _, v_tanh = P.propagate("tanh", layers=20, width=256, samples=512, seed=0)
    assert v_tanh[-1] < 0.2


def test_variance_map_fixed_point():
    # (mean 0, variance 1) is attracting for selu from both sides
    for q0 in (0.25, 4.0):
        assert P.variance_map(P.scalar_view("selu"), q0, 40)[-1] == pytest.approx(1.0, abs=1e-3)
    # identity keeps whatever variance it gets: no attraction
    assert P.variance_map(P.scalar_view("identity"), 4.0, 20)[-1] == pytest.approx(4.0)


def test_cost_ranks():
    """Piecewise-linear max/clip functions cost less than exp/erf-based ones (a robust gap)."""
    cheap = ["relu", "relu6", "identity"]
    costly = ["sigmoid", "gelu", "silu", "mish", "softplus", "elu", "selu", "log_sigmoid"]
    costs = P.measure_cost(cheap + costly, n=2**16, repeat=5)
    assert costs["relu"] == pytest.approx(1.0)
    assert max(costs[k] for k in cheap) < min(costs[k] for k in costly)
    rows = P.property_table(cheap, costs=costs)
    assert [r.cheap for r in rows] == [True, True, True]
    assert set(P.cost_buckets(costs).values()) <= {"cheap", "moderate", "costly"}


def test_table_text():
    rows = P.property_table(["relu", "softmax"])
    text = P.format_table(rows)
    lines = text.splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("relu ") and lines[2].startswith("softmax* ")
    assert "?" not in text  # cheap is decided from the formula, never left unknown


# Operation classes worked out from each function's mathematical definition (note 001's "cheap":
# no exponential, logarithm, tanh, erf, root or division by x), not from actlib's code or timing.
EXPECTED_OPERATIONS = {
    "piecewise polynomial": {
        # max / min / clip / cases / |x| with constant factors, and sparse_plus's (x + 1)^2 / 4
        "step",
        "threshold",
        "identity",
        "relu",
        "relu6",
        "leaky_relu",
        "prelu",
        "hard_sigmoid",
        "hard_tanh",
        "hard_silu",
        "hardshrink",
        "softshrink",
        "sparse_plus",
        "sparse_sigmoid",
        "rrelu",
    },
    # x / (1 + |x|) and (x + sqrt(x^2 + b)) / 2
    "algebraic": {"softsign", "squareplus"},
    "transcendental": {
        # exp: sigmoid, elu family, softplus, exponential, softmax family, glu (sigmoid gate);
        # tanh: tanh, tanhshrink, mish; erf: gelu; log: log_sigmoid, log_softmax
        "sigmoid",
        "tanh",
        "elu",
        "celu",
        "selu",
        "gelu",
        "silu",
        "mish",
        "softplus",
        "log_sigmoid",
        "softmax",
        "log_softmax",
        "tanhshrink",
        "exponential",
        "softmin",
        "glu",
    },
    # the threshold tau of sparsemax needs the sorted input
    "sorting": {"sparsemax"},
}


def test_operation_classes_cover_the_registry():
    covered = set().union(*EXPECTED_OPERATIONS.values())
    assert covered == set(actlib.ACTIVATIONS)
    for cls, names in EXPECTED_OPERATIONS.items():
        for name in names:
            assert P.operation_class(name) == cls, name


def test_cheap_is_the_operation_class_not_a_timing():
    """Note 001: ReLU-like functions are cheap because they need no exponential (issue 12:
    the old timing made leaky_relu "not cheap" and exponential "cheap")."""
    rows = {r.name: r for r in P.property_table()}
    for name, row in rows.items():
        assert row.cheap == (name in EXPECTED_OPERATIONS["piecewise polynomial"]), name
    assert rows["leaky_relu"].cheap and rows["hard_tanh"].cheap
    assert not rows["exponential"].cheap and not rows["softsign"].cheap
    # a measured cost is stored but does not decide the column
    row = P.compute_properties("exponential", cost=0.5)
    assert row.relative_cost == 0.5 and row.cheap is False
