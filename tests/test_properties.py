"""Hypothesis properties of the activations: identities, monotonicity, ranges, Jacobians."""

from __future__ import annotations

import math

import numpy as np
import pytest
import reference as R
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import actlib

EPS = float(np.finfo(np.float64).eps)
TINY = float(np.finfo(np.float64).smallest_subnormal)
SETTINGS = settings(deadline=None, max_examples=200, derandomize=True)  # reproducible in CI
LIGHT = settings(
    deadline=None, max_examples=100, derandomize=True
)  # array-valued examples, several functions each

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
extended = st.floats(allow_nan=False, allow_infinity=True, width=64)
moderate = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False)
small = st.floats(min_value=-50, max_value=50, allow_nan=False)
POW2 = st.sampled_from([0.25, 0.5, 1.0, 2.0, 4.0])

# Hand-derived: non-decreasing on the whole line (at default parameters) or not.
MONOTONIC = [
    "step",
    "threshold",  # value (0) <= threshold (1)
    "identity",
    "sigmoid",
    "tanh",
    "relu",
    "relu6",
    "leaky_relu",
    "prelu",
    "elu",
    "celu",
    "selu",
    "softplus",
    "softsign",
    "hard_sigmoid",
    "hard_tanh",
    "log_sigmoid",
    "hardshrink",
    "softshrink",
    "tanhshrink",
    "squareplus",
    "sparse_plus",
    "sparse_sigmoid",
    "exponential",
    "rrelu",
]
# (name, x1 < x2 with f(x1) > f(x2)): the dip left of the minimum
NON_MONOTONIC = [
    ("gelu", -3.0, -1.0),
    ("silu", -4.0, -1.5),
    ("mish", -4.0, -1.5),
    ("hard_silu", -2.5, -1.6),
]
VECTOR = ["softmax", "log_softmax", "softmin", "sparsemax", "glu"]


def act(name):
    assert hasattr(actlib, name), f"actlib has no activation {name!r}"
    return getattr(actlib, name)


def spacing(v):
    return np.maximum(np.spacing(np.abs(np.asarray(v, dtype=np.float64))), TINY)


# ----------------------------------------------------------------------------- identities
@SETTINGS
@given(extended)
def test_sigmoid_symmetry(x):
    a, b = actlib.sigmoid(x), actlib.sigmoid(-x)
    assert abs(math.fsum([a, b, -1.0])) <= 2 * EPS  # exact sum of the two is 1
    assert abs(b - (1.0 - a)) <= 2 * EPS


@SETTINGS
@given(moderate)
def test_tanh_is_scaled_sigmoid(x):
    lhs = actlib.tanh(x)
    rhs = 2.0 * actlib.sigmoid(2.0 * x) - 1.0
    assert abs(lhs - rhs) <= 4 * EPS


@SETTINGS
@given(moderate, POW2)
def test_softplus_derivative_is_sigmoid(x, beta):
    d = actlib.softplus.derivative(x, beta=beta)
    s = actlib.sigmoid(beta * x)  # beta is a power of two: beta*x is exact
    assert abs(d - s) <= 8 * spacing(s)


@SETTINGS
@given(moderate)
def test_log_sigmoid_is_minus_softplus_of_minus_x(x):
    a, b = actlib.log_sigmoid(x), -actlib.softplus(-x)
    assert abs(a - b) <= 4 * spacing(b)


@SETTINGS
@given(small)
def test_silu_is_x_sigmoid(x):
    a, b = actlib.silu(x), x * actlib.sigmoid(x)
    assert abs(a - b) <= 4 * spacing(b)


# ----------------------------------------------------------------------------- softmax
vectors = hnp.arrays(
    np.float64,
    st.integers(1, 30),
    elements=st.floats(-1e4, 1e4, allow_nan=False),
)


@SETTINGS
@given(vectors)
def test_softmax_sums_to_one(x):
    s = actlib.softmax(x)
    assert np.all(s >= 0) and np.all(s <= 1)
    assert abs(math.fsum(s) - 1.0) <= (4 + 2 * len(x)) * EPS
    ls = actlib.log_softmax(x)
    assert np.all(ls <= 0)
    assert abs(math.fsum(np.exp(ls)) - 1.0) <= (4 + 4 * len(x)) * EPS


@LIGHT
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)), elements=small))
def test_softmax_sums_to_one_along_axis0(x):
    s = actlib.softmax(x, axis=0)
    np.testing.assert_allclose(s.sum(axis=0), 1.0, rtol=0, atol=(4 + 2 * x.shape[0]) * EPS)


# multiples of 1/64 below 2^40: x + c is exact, so the shift cannot change the inputs' meaning
sixty_fourths = st.integers(-64_000, 64_000).map(lambda k: k / 64)


@LIGHT
@given(hnp.arrays(np.float64, st.integers(1, 20), elements=sixty_fourths), sixty_fourths)
def test_softmax_shift_invariant(x, c):
    for name in ("softmax", "log_softmax"):
        fn = getattr(actlib, name)
        np.testing.assert_array_max_ulp(fn(x + c), fn(x), maxulp=4)


# ----------------------------------------------------------------------------- monotonicity
def available(names):
    return [n for n in names if hasattr(actlib, n)]


def nondecreasing(y):
    """Non-decreasing up to the accuracy bound (2 ulp each way): a correctly computed monotonic
    function may still step back by an ulp where rounding goes the other way (softsign just
    above 2**53, where 1 + |x| rounds up)."""
    prev, nxt = y[:-1], y[1:]
    with np.errstate(all="ignore"):  # spacing(max) and -max - slack overflow: harmless here
        slack = 4 * np.maximum(np.spacing(np.abs(prev)), TINY)
        return np.all((nxt >= prev) | (nxt >= prev - slack))


@SETTINGS
@given(hnp.arrays(np.float64, st.integers(2, 40), elements=finite))
def test_monotonic(x):
    x = np.sort(x)
    bad = []
    for name in available(MONOTONIC):
        fn = getattr(actlib, name)
        y = fn(x)
        if not (nondecreasing(y) and np.all(fn.derivative(x) >= 0)):
            bad.append((name, x, y, fn.derivative(x)))
    assert not bad


@pytest.mark.parametrize(("name", "x1", "x2"), NON_MONOTONIC)
def test_not_monotonic(name, x1, x2):
    fn = act(name)
    assert fn(x1) > fn(x2)
    assert fn.derivative((x1 + x2) / 2) < 0


# ----------------------------------------------------------------------------- ranges
def in_closure(interval, y):
    y = np.asarray(y, dtype=np.float64)
    return (y >= interval.low) & (y <= interval.high)


@SETTINGS
@given(hnp.arrays(np.float64, st.integers(1, 30), elements=finite))
def test_range_as_registry_states(x):
    mid = np.abs(x) <= 5
    bad = []
    for name in available(R.ELEMENTWISE):
        fn = getattr(actlib, name)
        y = fn(x)
        # rounding may reach an open end (sigmoid(40) == 1.0): the closure must hold everywhere,
        inside = in_closure(fn.range, y)
        if not np.all(inside):
            bad.append((name, x[~inside], y[~inside], str(fn.range)))
        # and for moderate inputs the values lie strictly inside, as the registry states
        strict = fn.range.contains(y[mid])
        if not np.all(strict):
            bad.append((name, x[mid][~strict], y[mid][~strict], str(fn.range)))
    assert not bad


@pytest.mark.parametrize("name", R.ELEMENTWISE)
def test_range_on_the_accuracy_grid(name):
    """The same containment, deterministically, on the grid with the tails and extremes."""
    fn = act(name)
    x = R.accuracy_grid(np.float64, dense=161, log=40)
    x = x[np.isfinite(x)]
    y = fn(x)
    inside = in_closure(fn.range, y)
    assert np.all(inside), (x[~inside], y[~inside], str(fn.range))
    mid = np.abs(x) <= 5
    strict = fn.range.contains(y[mid])
    assert np.all(strict), (x[mid][~strict], y[mid][~strict], str(fn.range))


@LIGHT
@given(hnp.arrays(np.float64, st.integers(1, 12), elements=st.floats(-700, 700)))
def test_vector_range(x):
    for name in available(["softmax", "log_softmax", "softmin", "sparsemax"]):
        fn = getattr(actlib, name)
        assert np.all(in_closure(fn.range, fn(x))), name


# ----------------------------------------------------------------------------- Jacobians and VJPs
pairs = st.tuples(st.integers(1, 3), st.integers(1, 4).map(lambda k: 2 * k)).flatmap(
    lambda shape: st.tuples(
        hnp.arrays(np.float64, shape, elements=st.floats(-30, 30)),
        hnp.arrays(np.float64, shape, elements=st.floats(-10, 10)),
    )
)


@LIGHT
@given(pairs)
def test_vjp_is_g_times_jacobian(xg):
    x, g_full = xg
    for name in available(VECTOR):
        fn = getattr(actlib, name)
        g = g_full[:, : x.shape[1] // 2] if name == "glu" else g_full
        jac = fn.jacobian(x)
        assert jac.shape == (*x.shape[:-1], g.shape[-1], x.shape[-1]), name
        want = np.einsum("bi,bij->bj", g, jac)
        got = fn.vjp(x, g)
        assert got.shape == x.shape, name
        scale = 1 + np.abs(g).sum(axis=-1, keepdims=True) * (1 + np.abs(x).max())
        np.testing.assert_allclose(
            got, want, rtol=0, atol=float(16 * EPS * scale.max()), err_msg=name
        )
        # another axis: move the vector axis first and ask for axis=0
        np.testing.assert_allclose(
            fn.vjp(x.T, g.T, axis=0), got.T, rtol=0, atol=1e-13, err_msg=name
        )


@pytest.mark.parametrize("name", VECTOR)
def test_jacobian_against_finite_differences(name):
    fn = act(name)
    rng = np.random.default_rng(11)
    n = 6
    h = 1e-6
    for _ in range(5):
        x = rng.normal(0, 2, n)
        jac = fn.jacobian(x)
        fd = np.empty_like(jac)
        for j in range(n):
            e = np.zeros(n)
            e[j] = h
            fd[:, j] = (fn(x + e) - fn(x - e)) / (2 * h)
        np.testing.assert_allclose(jac, fd, rtol=0, atol=1e-7)


@LIGHT
@given(hnp.arrays(np.float64, st.integers(1, 20), elements=small))
def test_elementwise_derivative_matches_central_difference(x):
    """A cheap cross-check of every smooth derivative at random points."""
    h = 1e-6
    for name in ("sigmoid", "tanh", "softplus", "silu", "mish", "gelu", "softsign", "log_sigmoid"):
        fn = getattr(actlib, name)
        fd = (fn(x + h) - fn(x - h)) / (2 * h)
        np.testing.assert_allclose(fn.derivative(x), fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(
    ("name", "guess"), [("gelu", -0.75), ("silu", -1.28), ("mish", -1.19), ("hard_silu", -1.5)]
)
def test_values_near_the_minimum_respect_the_closed_lower_bound(name, guess):
    """The registry's closed lower end is attained at the minimum: rounding must not dip below."""
    from mpmath import findroot, mp, mpf

    with mp.workdps(30):
        x0 = float(findroot(R.ref_function(name, derivative=True), mpf(guess)))
    x = x0 + np.linspace(-1e-4, 1e-4, 2001)
    x = np.concatenate([x, x0 + np.arange(-200, 201) * np.spacing(x0)])
    y = getattr(actlib, name)(x)
    low = getattr(actlib, name).range.low
    assert np.all(y >= low), (x[y < low][:5], y[y < low][:5], low)
