"""Bad input is refused loudly: TypeError for non-real input, ValueError for bad parameters,
NumPy's AxisError for a bad axis. Nothing is silently coerced."""

from __future__ import annotations

import math

import numpy as np
import pytest

import actlib

ELEMENTWISE = [n for n, a in actlib.ACTIVATIONS.items() if a.kind == "elementwise"]
VECTOR = [n for n, a in actlib.ACTIVATIONS.items() if a.kind == "vector"]

# (input, words of which the message must contain one, to name the dtype / type)
BAD_INPUTS = {
    "str": ("abc", ("str", "<U", "string")),
    "str-array": (np.array(["1.0", "2.0"]), ("str", "<U", "string")),
    "str-list": (["1.0", "2.0"], ("str", "<U", "string")),
    "None": (None, ("None",)),
    "object-array": (np.array([1.0, None], dtype=object), ("object",)),
    "object-floats": (np.array([1.0, 2.0], dtype=object), ("object",)),
    "complex": (1 + 2j, ("complex",)),
    "complex-array": (np.array([1.0 + 0j, 2.0]), ("complex",)),
    "complex64": (np.array([1.0], dtype=np.complex64), ("complex",)),
}


def callables(name):
    act = actlib.ACTIVATIONS[name]
    if act.kind == "vector":
        return [
            (name, act),
            (name, act.jacobian),
            (name, lambda x: act.vjp(x, np.ones(np.shape(x)))),
        ]
    return [(name, act), (name, act.derivative)]


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=str)
@pytest.mark.parametrize("name", ELEMENTWISE + VECTOR)
def test_non_real_input_is_a_type_error(name, bad):
    x, words = BAD_INPUTS[bad]
    if name == "glu" and bad in ("object-array", "object-floats", "str-array", "str-list"):
        x = np.concatenate(
            [np.asarray(x), np.asarray(x)]
        )  # even length, so only the dtype is wrong
    for fname, fn in callables(name):
        with pytest.raises(TypeError) as info:
            fn(x)
        msg = str(info.value)
        assert fname in msg, msg
        assert any(w in msg for w in words), msg


@pytest.mark.parametrize("name", VECTOR)
def test_vjp_with_complex_cotangent(name):
    act = actlib.ACTIVATIONS[name]
    x = np.ones(4)
    g = np.ones(2 if name == "glu" else 4, dtype=complex)
    with pytest.raises(TypeError, match="complex"):
        act.vjp(x, g)


@pytest.mark.parametrize("name", VECTOR)
def test_vjp_with_wrong_cotangent_shape(name):
    act = actlib.ACTIVATIONS[name]
    with pytest.raises(ValueError, match=r"shape"):
        act.vjp(np.ones(4), np.ones(5))


# ----------------------------------------------------------------------------- parameters
BAD_PARAMS = [
    ("celu", {"alpha": 0.0}, "alpha"),
    ("softplus", {"beta": 0.0}, "beta"),
    ("softplus", {"beta": -1.0}, "beta"),
    ("hard_tanh", {"min_val": 1.0, "max_val": 1.0}, ("min_val", "max_val")),
    ("hard_tanh", {"min_val": 2.0, "max_val": 1.0}, ("min_val", "max_val")),
    ("hard_tanh", {"min_val": 1.5}, ("min_val", "max_val")),  # above the default max_val 1
    ("gelu", {"approximate": "bogus"}, "approximate"),
    ("gelu", {"approximate": None}, "approximate"),
    ("gelu", {"approximate": "Tanh"}, "approximate"),
    # PyTorch refuses these too
    ("softshrink", {"lambd": -0.5}, "lambd"),
    ("rrelu", {"lower": 0.5, "upper": 0.1}, ("lower", "upper")),
    # sqrt(x^2 + b) is not real for b < 0
    ("squareplus", {"b": -1.0}, "b"),
]


def numeric_params():
    for name in ELEMENTWISE:
        for p in actlib.ACTIVATIONS[name].parameters:
            if p.choices is None:
                yield name, p.name


@pytest.mark.parametrize(("name", "params", "pname"), BAD_PARAMS)
def test_bad_parameter_is_a_value_error(name, params, pname):
    act = actlib.ACTIVATIONS[name]
    names = (pname,) if isinstance(pname, str) else pname
    for fn in (act, act.derivative):
        with pytest.raises(ValueError) as info:
            fn(np.array([0.5, -0.5]), **params)
        msg = str(info.value)
        assert name in msg and any(f"{n}" in msg for n in names), msg


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(("name", "pname"), list(numeric_params()))
def test_non_finite_parameter_is_a_value_error(name, pname, bad):
    act = actlib.ACTIVATIONS[name]
    for fn in (act, act.derivative):
        with pytest.raises(ValueError) as info:
            fn(np.array([0.5, -0.5]), **{pname: bad})
        assert pname in str(info.value) and name in str(info.value)
        with pytest.raises(ValueError):
            fn(0.5, **{pname: np.float64(bad)})


@pytest.mark.parametrize(("name", "pname"), list(numeric_params()))
def test_non_numeric_parameter_is_refused(name, pname):
    act = actlib.ACTIVATIONS[name]
    for bad in ("0.5", None, 1 + 1j, [0.5]):
        with pytest.raises((TypeError, ValueError)) as info:
            act(np.array([0.5, -0.5]), **{pname: bad})
        assert pname in str(info.value)


@pytest.mark.parametrize("name", ELEMENTWISE + VECTOR)
def test_unknown_parameter_name(name):
    act = actlib.ACTIVATIONS[name]
    with pytest.raises(TypeError, match="bogus_param"):
        act(np.array([0.5, -0.5]), bogus_param=1.0)
    if act.kind == "elementwise":
        with pytest.raises(TypeError, match="bogus_param"):
            act.derivative(np.array([0.5, -0.5]), bogus_param=1.0)


def test_parameter_belonging_to_another_function():
    with pytest.raises(TypeError, match="alpha"):
        actlib.sigmoid(0.5, alpha=0.1)
    with pytest.raises(TypeError, match="beta"):
        actlib.relu.derivative(0.5, beta=2.0)


# ----------------------------------------------------------------------------- axis
@pytest.mark.parametrize("axis", [2, -3, 5])
@pytest.mark.parametrize("name", VECTOR)
def test_bad_axis_is_axis_error(name, axis):
    act = actlib.ACTIVATIONS[name]
    x = np.ones((2, 4))
    with pytest.raises(np.exceptions.AxisError):
        act(x, axis=axis)
    with pytest.raises(np.exceptions.AxisError):
        act.jacobian(x, axis=axis)
    with pytest.raises(np.exceptions.AxisError):
        act.vjp(x, np.ones((2, 4)), axis=axis)


@pytest.mark.parametrize("name", VECTOR)
def test_axis_of_a_scalar(name):
    with pytest.raises(np.exceptions.AxisError):
        actlib.ACTIVATIONS[name](np.float64(1.0))


def test_glu_needs_an_even_axis():
    with pytest.raises(ValueError, match="even"):
        actlib.glu(np.ones((2, 3)))
    with pytest.raises(ValueError, match="even"):
        actlib.glu(np.ones((3, 2)), axis=0)
