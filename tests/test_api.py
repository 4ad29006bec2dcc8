"""The public API: registry, metadata, labels, dtypes, NaN/inf handling, no-warning sweep."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings

import numpy as np
import pytest
import reference as R
from mpmath import mp, mpf

import actlib
from actlib import Interval, Kink, Parameter

CORE = [
    "step",
    "threshold",
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
    "gelu",
    "silu",
    "mish",
    "softplus",
    "softsign",
    "hard_sigmoid",
    "hard_tanh",
    "hard_silu",
    "log_sigmoid",
]
CORE_VECTOR = ["softmax", "log_softmax"]
ISSUE7 = [
    "hardshrink",
    "softshrink",
    "tanhshrink",
    "squareplus",
    "sparse_plus",
    "sparse_sigmoid",
    "exponential",
    "rrelu",
]
ISSUE7_VECTOR = ["softmin", "glu", "sparsemax"]
ELEMENTWISE = CORE + ISSUE7
VECTOR = CORE_VECTOR + ISSUE7_VECTOR
ALIASES = {"swish": "silu", "hardswish": "hard_silu", "linear": "identity", "heaviside": "step"}
DTYPES = [np.float16, np.float32, np.float64]

# parameter variants used by the NaN / inf / warning sweeps (besides the defaults)
VARIANTS = {
    "threshold": [{"threshold": -0.5, "value": 2.0}],
    "leaky_relu": [{"alpha": 0.2}],
    "elu": [{"alpha": 2.0}],
    "celu": [{"alpha": 0.5}],
    "gelu": [{"approximate": "tanh"}],
    "softplus": [{"beta": 2.0}, {"beta": 0.3}],
    "hard_tanh": [{"min_val": -2.0, "max_val": 0.5}],
    "squareplus": [{"b": 1.0}],
    "rrelu": [{"lower": 0.1, "upper": 0.3}],
}


def cases():
    for name in ELEMENTWISE:
        yield name, {}
        for p in VARIANTS.get(name, []):
            yield name, p


def case_id(case):
    name, params = case
    return name + "".join(f"-{k}={v}" for k, v in params.items())


CASES = list(cases())


# ----------------------------------------------------------------------------- registry
def test_registry_has_every_contract_activation():
    missing = [n for n in ELEMENTWISE + VECTOR if n not in actlib.ACTIVATIONS]
    assert not missing


def test_registry_keys_are_canonical_names():
    for key, act in actlib.ACTIVATIONS.items():
        assert act.name == key
        assert getattr(actlib, key) is act
        assert actlib.get(key) is act
    for alias in ALIASES:
        assert alias not in actlib.ACTIVATIONS
    assert set(actlib.ACTIVATIONS) <= set(ELEMENTWISE + VECTOR)


@pytest.mark.parametrize(("alias", "name"), ALIASES.items())
def test_aliases(alias, name):
    assert actlib.get(alias) is actlib.ACTIVATIONS[name]
    assert alias in actlib.ACTIVATIONS[name].aliases


def test_every_declared_alias_resolves():
    for act in actlib.ACTIVATIONS.values():
        for alias in act.aliases:
            assert alias not in actlib.ACTIVATIONS
            assert actlib.get(alias) is act


@pytest.mark.parametrize(("typo", "close"), [("sigmoyd", "sigmoid"), ("rellu", "relu")])
def test_unknown_name_lists_close_matches(typo, close):
    with pytest.raises(KeyError) as info:
        actlib.get(typo)
    assert close in str(info.value)
    with pytest.raises(KeyError):
        actlib.get("no_such_activation_xyz")


@pytest.mark.parametrize("name", ELEMENTWISE + VECTOR)
def test_metadata_complete(name):
    act = actlib.ACTIVATIONS[name]
    assert act.kind == ("vector" if name in VECTOR else "elementwise")
    for text in (act.formula, act.derivative_formula):
        assert isinstance(text, str) and text.strip() and "$" not in text
    assert isinstance(act.notes, str) and act.notes.strip()
    assert isinstance(act.range, Interval)
    assert act.range.low < act.range.high
    assert isinstance(act.parameters, tuple)
    assert all(isinstance(p, Parameter) for p in act.parameters)
    assert isinstance(act.kinks, tuple)
    assert all(isinstance(k, Kink) for k in act.kinks)
    assert isinstance(act.aliases, tuple)
    assert act.__doc__ and act.__doc__.strip()
    assert act.defaults == {p.name: p.default for p in act.parameters}
    if act.kind == "vector":
        assert callable(act.jacobian) and callable(act.vjp)
        assert act.parameters == ()
        with pytest.raises((TypeError, AttributeError)):
            act.derivative(np.zeros(3))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_defaults_follow_the_contract(name):
    act = actlib.ACTIVATIONS[name]
    assert act.defaults == R.DEFAULTS[name]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_parameter_slider_ranges(name):
    for p in actlib.ACTIVATIONS[name].parameters:
        if p.choices is not None:
            assert p.default in p.choices
            assert p.low is None and p.high is None and p.step is None
        else:
            assert p.low <= p.default <= p.high, p
            assert 0 < p.step <= p.high - p.low, p
    gelu = actlib.gelu.parameters[0]
    assert (gelu.name, gelu.default, tuple(gelu.choices)) == (
        "approximate",
        "none",
        ("none", "tanh"),
    )


def test_interval_contains_and_str():
    r = actlib.sigmoid.range
    assert str(r) == "(0, 1)"
    np.testing.assert_array_equal(
        r.contains([0.0, 0.5, 1.0, np.nan, -1.0]), [False, True, False, False, False]
    )
    relu = actlib.relu.range
    assert str(relu) in ("[0, \\infty)", "[0, ∞)")
    np.testing.assert_array_equal(
        relu.contains([0.0, np.inf, -0.1, 1e308]), [True, False, False, True]
    )


def _minimum(name):
    """Minimum value of an activation with one interior minimum, from the mpmath reference."""
    guess = {"gelu": -0.75, "silu": -1.28, "mish": -1.19}[name]
    with mp.workdps(40):
        x0 = mp.findroot(R.ref_function(name, derivative=True), mpf(guess))
        return R.ref_function(name)(x0)


def _ranges():
    """Hand-derived output ranges at default parameters: (low, high, low_closed, high_closed)."""
    inf = math.inf
    with mp.workdps(40):
        selu_low = -mpf(R.SELU_ALPHA) * mpf(R.SELU_SCALE)
    return {
        "step": (0, 1, True, True),
        "identity": (-inf, inf, False, False),
        "sigmoid": (0, 1, False, False),
        "tanh": (-1, 1, False, False),
        "relu": (0, inf, True, False),
        "relu6": (0, 6, True, True),
        "leaky_relu": (-inf, inf, False, False),
        "prelu": (-inf, inf, False, False),
        "elu": (-1, inf, False, False),
        "celu": (-1, inf, False, False),
        "selu": (selu_low, inf, False, False),
        "gelu": (_minimum("gelu"), inf, True, False),
        "silu": (_minimum("silu"), inf, True, False),
        "mish": (_minimum("mish"), inf, True, False),
        "softplus": (0, inf, False, False),
        "softsign": (-1, 1, False, False),
        "hard_sigmoid": (0, 1, True, True),
        "hard_tanh": (-1, 1, True, True),
        "hard_silu": (-0.375, inf, True, False),
        "log_sigmoid": (-inf, 0, False, False),
        "tanhshrink": (-inf, inf, False, False),
        "squareplus": (0, inf, False, False),
        "sparse_plus": (0, inf, True, False),
        "sparse_sigmoid": (0, 1, True, True),
        "exponential": (0, inf, False, False),
        "rrelu": (-inf, inf, False, False),
        "log_softmax": (-inf, 0, False, True),
    }


@pytest.mark.parametrize("name", sorted(_ranges()))
def test_range_is_hand_derived(name):
    low, high, lc, hc = _ranges()[name]
    r = actlib.ACTIVATIONS[name].range
    # A smooth function's minimum (gelu, silu, mish) is stated rounded outward by the 2-ulp
    # accuracy bound, so computed values near it stay inside: below the true minimum, by <= 3 ulp.
    outward = name in {"gelu", "silu", "mish"}
    for got, want in ((r.low, low), (r.high, high)):
        if math.isinf(float(want)):
            assert got == float(want)
        elif outward and want is low:
            assert got < want and R.ulp_error(got, want, np.float64) <= 3, (got, want)
        else:
            assert R.ulp_error(got, want, np.float64) <= 1, (got, want)
    assert (r.low_closed, r.high_closed) == (lc, hc)


# ----------------------------------------------------------------------------- kinks
CONTRACT_KINKS = [
    ("relu", {}, 0.0, 0.0),
    ("relu6", {}, 0.0, 0.0),
    ("relu6", {}, 6.0, 0.0),
    ("leaky_relu", {}, 0.0, 0.01),
    ("leaky_relu", {"alpha": 0.3}, 0.0, 0.3),
    ("hard_tanh", {}, -1.0, 0.0),
    ("hard_tanh", {}, 1.0, 0.0),
    ("hard_tanh", {"min_val": -2.0, "max_val": 0.5}, -2.0, 0.0),
    ("hard_tanh", {"min_val": -2.0, "max_val": 0.5}, 0.5, 0.0),
    ("hard_sigmoid", {}, -3.0, 0.0),
    ("hard_sigmoid", {}, 3.0, 0.0),
    ("hard_silu", {}, -3.0, 0.0),
    ("hard_silu", {}, 3.0, 1.0),
    ("elu", {}, 0.0, 1.0),
    ("elu", {"alpha": 2.0}, 0.0, 2.0),
    ("celu", {}, 0.0, 1.0),
    ("celu", {"alpha": 2.0}, 0.0, 1.0),
    ("step", {}, 0.0, 0.0),
    ("step", {}, 1.0, 0.0),
    ("step", {}, -1.0, 0.0),
    ("threshold", {}, 1.0, 0.0),
    ("threshold", {}, 1.5, 1.0),
    ("threshold", {}, 0.5, 0.0),
    ("threshold", {"threshold": -0.5, "value": 2.0}, -0.5, 0.0),
    ("threshold", {"threshold": -0.5, "value": 2.0}, np.nextafter(-0.5, 1), 1.0),
    # PyTorch's autograd, for the issue-7 functions and prelu
    ("prelu", {}, 0.0, 0.25),
    ("hardshrink", {}, 0.5, 0.0),
    ("hardshrink", {}, -0.5, 0.0),
    ("softshrink", {}, 0.5, 0.0),
    ("softshrink", {}, -0.5, 0.0),
    ("rrelu", {}, 0.0, (1 / 8 + 1 / 3) / 2),
]


@pytest.mark.parametrize(("name", "params", "x", "want"), CONTRACT_KINKS)
def test_contract_kink_values(name, params, x, want):
    fn = getattr(actlib, name)
    got = fn.derivative(x, **params)
    assert R.ulp_error(got, mpf(want), np.float64) <= 0.5, got
    assert fn.derivative(np.array([x, x]), **params).tolist() == [got, got]


def test_selu_kink_is_alpha_times_scale():
    with mp.workdps(50):
        exact = mpf(R.SELU_ALPHA) * mpf(R.SELU_SCALE)
    assert R.ulp_error(actlib.selu.derivative(0.0), exact, np.float64) <= 1


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_registry_kinks_match_the_function(name):
    act = actlib.ACTIVATIONS[name]
    xs = [k.x for k in act.kinks]
    if name in R.KINK_CONVENTIONS:  # every conventional point is declared
        for x, _, _ in R.KINK_CONVENTIONS[name](R._params(name, {})):
            assert float(x) in xs, (name, float(x))
    for k in act.kinks:
        assert act.derivative(k.x) == k.derivative, (name, k)
        # the convention is a subgradient-like choice: between the one-sided derivatives
        h = 1e-9 * max(1.0, abs(k.x))
        left = float(R.ref_derivative(name, k.x - h))
        right = float(R.ref_derivative(name, k.x + h))
        assert min(left, right) - 1e-6 <= k.derivative <= max(left, right) + 1e-6, (name, k)


# ----------------------------------------------------------------------------- labels
@pytest.mark.parametrize("name", ELEMENTWISE + VECTOR)
def test_label_round_trip(name):
    act = actlib.ACTIVATIONS[name]
    assert act.label() == f"{name}(x)"
    assert actlib.parse_label(act.label()) == (name, False, {})
    if act.kind == "elementwise":
        assert act.label(derivative=True) == f"{name}'(x)"
        assert actlib.parse_label(act.label(derivative=True)) == (name, True, {})
    for p in act.parameters:
        values = p.choices if p.choices else [p.default, p.low, p.high, 0.123456789, -2.5]
        for v in values:
            for deriv in (False, True):
                label = act.label(derivative=deriv, **{p.name: v})
                assert actlib.parse_label(label) == (name, deriv, {p.name: v}), label


def test_label_format():
    assert actlib.sigmoid.label() == "sigmoid(x)"
    assert actlib.sigmoid.label(derivative=True) == "sigmoid'(x)"
    assert actlib.leaky_relu.label(alpha=0.1) == "leaky_relu(x; alpha=0.1)"
    assert actlib.elu.label(derivative=True, alpha=0.5) == "elu'(x; alpha=0.5)"
    # registry order, only the parameters given
    assert (
        actlib.hard_tanh.label(max_val=2.0, min_val=-2.0) == "hard_tanh(x; min_val=-2, max_val=2)"
    )
    assert actlib.hard_tanh.label(max_val=2.0) == "hard_tanh(x; max_val=2)"
    assert actlib.parse_label("elu'(x; alpha=0.5)") == ("elu", True, {"alpha": 0.5})
    assert actlib.parse_label("hard_tanh(x; min_val=-2, max_val=2)") == (
        "hard_tanh",
        False,
        {"min_val": -2.0, "max_val": 2.0},
    )


@pytest.mark.parametrize(
    "label",
    [
        "loss",
        "train loss",
        "_child0",
        "_nolegend_",
        "sigmoid",
        "sigmoid(y)",
        "nosuch(x)",
        "",
        "ReLU",
    ],
)
def test_parse_label_rejects_other_lines(label):
    assert actlib.parse_label(label) is None


# ----------------------------------------------------------------------------- dtypes and shapes
def all_callables(name, params=None):
    """(label, f) for the function and its derivative / jacobian / vjp."""
    act = actlib.ACTIVATIONS[name]
    params = params or {}
    if act.kind == "vector":
        return [
            (name, act),
            (f"{name}.jacobian", act.jacobian),
            (
                f"{name}.vjp",
                lambda x, **kw: act.vjp(x, np.ones_like(np.asarray(x))[..., : _gdim(name, x)]),
            ),
        ]
    return [
        (name, lambda x: act(x, **params)),
        (f"{name}'", lambda x: act.derivative(x, **params)),
    ]


def _gdim(name, x):
    n = np.shape(x)[-1]
    return n // 2 if name == "glu" else n


@pytest.mark.parametrize("name", ELEMENTWISE + VECTOR)
def test_dtype_preserved(name):
    x = np.array([[-2.0, -0.5, 0.0, 0.25], [1.0, 3.0, 7.0, 100.0]])
    fns = all_callables(name)[:1] if name in VECTOR else all_callables(name)
    for label, fn in fns:
        for dt in DTYPES:
            y = fn(x.astype(dt))
            assert isinstance(y, np.ndarray) and y.dtype == dt, (label, dt, y.dtype)
        for xi in (
            x.astype(np.int64),
            x.astype(np.int8),
            x > 0,
            x.tolist(),
            x.astype(int).tolist(),
        ):
            y = fn(xi)
            assert y.dtype == np.float64, (label, np.asarray(xi).dtype)
        assert fn(x).shape[0] == x.shape[0]
        assert fn(x[:0]).shape[0] == 0  # empty batch


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_shapes_and_scalars(name):
    act = actlib.ACTIVATIONS[name]
    for fn in (act, act.derivative):
        x3 = np.linspace(-4, 4, 24).reshape(2, 3, 4)
        y = fn(x3)
        assert y.shape == x3.shape
        np.testing.assert_array_equal(y.ravel(), fn(x3.ravel()))
        for scalar, dt in [
            (0.75, np.float64),
            (np.float64(0.75), np.float64),
            (np.float32(0.75), np.float32),
            (np.float16(0.75), np.float16),
            (np.array(0.75), np.float64),
            (np.array(0.75, dtype=np.float32), np.float32),
            (2, np.float64),
            (True, np.float64),
        ]:
            y = fn(scalar)
            assert type(y) is dt, (name, scalar, type(y))  # a NumPy scalar, not a 0-d array
            assert y == fn(np.array([scalar]))[0]
        assert fn(np.empty((0, 3))).shape == (0, 3)


# ----------------------------------------------------------------------------- NaN and infinity
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_nan_in_nan_out(case):
    name, params = case
    act = actlib.ACTIVATIONS[name]
    for fn in (act, act.derivative):
        for dt in DTYPES:
            y = fn(np.array([1.0, np.nan, -1.0], dtype=dt), **params)
            assert np.isnan(y[1]) and not np.isnan(y[0]) and not np.isnan(y[2]), (name, dt, y)
        assert np.isnan(fn(math.nan, **params))


@pytest.mark.parametrize("name", VECTOR)
def test_vector_nan_in_nan_out(name):
    act = actlib.ACTIVATIONS[name]
    x = np.array([[0.5, np.nan, 1.0, 2.0], [0.5, 1.5, 1.0, 2.0]])
    y = act(x)
    if name == "glu":
        assert np.isnan(y[0, 1]) and not np.any(np.isnan(y[1]))
    else:
        assert np.isnan(y[0, 1]) and not np.any(np.isnan(y[1]))
    assert np.any(np.isnan(act.jacobian(x)[0]))
    assert not np.any(np.isnan(act.jacobian(x)[1]))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_infinities_give_the_limits(case):
    name, params = case
    act = actlib.ACTIVATIONS[name]
    for which, fn in ((0, act), (1, act.derivative)):
        ref = R.ref_derivative if which else R.ref_value
        for dt in DTYPES:
            y = fn(np.array([-np.inf, np.inf], dtype=dt), **params)
            for x, got in zip((-math.inf, math.inf), y, strict=True):
                want = R.round_to_dtype(ref(name, x, **params), dt)
                assert got == want, (name, "'" * which, x, dt, got, want)


# ----------------------------------------------------------------------------- the notes' softmax
NOTES_SOFTMAX = (
    "[1.63793117e-03 8.94280120e-02 4.45235855e-03 6.02561205e-04 2.43090540e-01 6.60788597e-01]"
)


def test_notes_softmax_printed_digits(capsys):
    x = [1, 5, 2, 0, 6, 7]
    with np.printoptions(legacy=False, precision=8, linewidth=75):
        # the printed digits are those of the exact softmax (mpmath), so this checks the notes too
        exact = np.array([R.round_to_dtype(v) for v in R.ref_softmax(x)])
        assert " ".join(str(exact).split()) == NOTES_SOFTMAX
        y = actlib.softmax(x)
        print(y)
        print("Sum=", sum(y))
        print("Sum=", np.sum(y))
    out = capsys.readouterr().out
    assert " ".join(" ".join(out.splitlines()[0:-2]).split()) == NOTES_SOFTMAX
    assert out.splitlines()[-2:] == ["Sum= 1.0", "Sum= 1.0"]


# ----------------------------------------------------------------------------- no warnings
def sweep_inputs(dt):
    g = R.accuracy_grid(dt, dense=81, log=25)
    fi = np.finfo(dt)
    extra = [fi.max, -fi.max, fi.smallest_normal, -fi.smallest_normal, np.nextafter(fi.max, 0)]
    return np.concatenate([g, np.array(extra, dtype=dt)])


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_no_warnings_elementwise(case):
    name, params = case
    act = actlib.ACTIVATIONS[name]
    for dt in DTYPES:
        x = sweep_inputs(dt)
        with np.errstate(all="raise"), warnings.catch_warnings():
            warnings.simplefilter("error")
            act(x, **params)
            act.derivative(x, **params)
            for v in x[::7]:
                act(v, **params)
                act.derivative(v, **params)


@pytest.mark.parametrize("name", VECTOR)
def test_no_warnings_vector(name):
    act = actlib.ACTIVATIONS[name]
    for dt in DTYPES:
        big, tiny = np.finfo(dt).max, np.finfo(dt).smallest_subnormal
        x = np.array(
            [
                [0.0, 1.0, 2.0, 3.0],
                [1000.0, 1001.0, 1002.0, -1000.0],
                [-np.inf, -np.inf, -np.inf, -np.inf],
                [-np.inf, 0.0, 1.0, -np.inf],
                [np.inf, 0.0, 1.0, 2.0],
                [np.inf, np.inf, 0.0, 1.0],
                [np.nan, 0.0, 1.0, 2.0],
                [big, -big, 0.0, tiny],
                [-big, -big, -big, -big],
                [800.0, -800.0, 745.0, -745.0],
            ],
            dtype=dt,
        )
        with np.errstate(all="raise"), warnings.catch_warnings():
            warnings.simplefilter("error")
            for axis in (-1, 0):
                act(x, axis=axis)
                act.jacobian(x, axis=axis)
                g = np.ones_like(act(x, axis=axis))
                act.vjp(x, g, axis=axis)


# ----------------------------------------------------------------------------- layering
def test_import_does_not_load_plotting_or_widgets():
    code = (
        "import sys, actlib; bad = [m for m in ('matplotlib', 'ipywidgets', 'ipympl') "
        "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
