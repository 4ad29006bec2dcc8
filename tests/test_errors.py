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


# ----------------------------------------------------------------------------- issue 14
# Parameters: huge ints and Fractions are a ValueError naming the parameter, not OverflowError.
@pytest.mark.parametrize(("name", "pname"), list(numeric_params()))
def test_huge_int_or_fraction_parameter_is_a_value_error(name, pname):
    from fractions import Fraction

    act = actlib.ACTIVATIONS[name]
    for bad in (10**400, -(10**400), Fraction(10**400, 3)):
        for fn in (act, act.derivative):
            with pytest.raises(ValueError) as info:
                fn(np.array([0.5, -0.5]), **{pname: bad})
            msg = str(info.value)
            assert name in msg and repr(pname) in msg and "domain" in msg, msg


def test_out_of_domain_message_names_the_domain():
    with pytest.raises(
        ValueError, match=r"squareplus: parameter 'b' must be in \[1e-200, 1e\+200\]"
    ):
        actlib.squareplus(1.0, b=1e308)
    with pytest.raises(ValueError, match=r"rrelu: parameter 'lower' must be in \[0, 1\]"):
        actlib.rrelu(-1.0, lower=1e308, upper=1.5e308)


@pytest.mark.parametrize("name", [n for n in ELEMENTWISE if actlib.ACTIVATIONS[n].parameters])
def test_positional_parameter_names_the_function(name):
    act = actlib.ACTIVATIONS[name]
    value = act.parameters[0].default
    for fn, fname in ((act, name), (act.derivative, f"{name}.derivative")):
        with pytest.raises(TypeError) as info:
            fn(np.array([0.5, -0.5]), value)
        msg = str(info.value)
        assert msg.startswith(fname + ":") and "keyword" in msg, msg
        assert "Activation" not in msg, msg


@pytest.mark.parametrize("name", VECTOR)
def test_unknown_keyword_on_jacobian_and_vjp_names_the_function(name):
    act = actlib.ACTIVATIONS[name]
    x = np.ones(4)
    g = np.ones(2 if name == "glu" else 4)
    for fn, fname in ((act.jacobian, "jacobian"), (lambda x, **k: act.vjp(x, g, **k), "vjp")):
        with pytest.raises(TypeError) as info:
            fn(x, bogus=1)
        msg = str(info.value)
        assert msg.startswith(f"{name}.{fname}:") and "'bogus'" in msg, msg
    x2 = np.arange(8.0).reshape(2, 4)
    assert np.array_equal(act(x2, 0), act(x2, axis=0))  # axis may be positional


@pytest.mark.parametrize("axis", [1.5, "0", None, (0,)])
@pytest.mark.parametrize("name", VECTOR)
def test_non_integer_axis_is_a_type_error_naming_the_function(name, axis):
    # As NumPy: a non-integer axis is a TypeError; an out-of-range integer an AxisError.
    act = actlib.ACTIVATIONS[name]
    x = np.ones((2, 4))
    for fn in (act, act.jacobian, lambda x, axis: act.vjp(x, np.ones((2, 4)), axis=axis)):
        with pytest.raises(TypeError, match=f"^{name}.*axis must be an integer"):
            fn(x, axis=axis)


def test_ragged_list_names_the_function():
    for fn, fname in ((actlib.sigmoid, "sigmoid"), (actlib.softmax, "softmax")):
        with pytest.raises(ValueError, match=f"^{fname}: the input is not a regular array"):
            fn([[1.0, 2.0], [3.0]])


# Inputs like a NumPy ufunc
@pytest.mark.parametrize("bad", [b"\x00\x01", bytearray(b"\x00\x01"), memoryview(b"\x00\x01")])
@pytest.mark.parametrize("name", ELEMENTWISE + VECTOR)
def test_bytes_like_input_is_refused_alike(name, bad):
    for fname, fn in callables(name):
        with pytest.raises(TypeError, match=f"^{fname}.*bytes-like {type(bad).__name__}"):
            fn(bad)


@pytest.mark.parametrize("dtype", [">f8", ">f4", ">f2", ">i4"])
@pytest.mark.parametrize("name", ELEMENTWISE + VECTOR)
def test_byte_order_is_normalised(name, dtype):
    x = np.array([-1.5, 0.0, 0.5, 2.0])
    big = x.astype(dtype)
    native = big.astype(np.dtype(dtype).newbyteorder("="))
    act = actlib.ACTIVATIONS[name]
    if act.kind == "vector":
        g = np.linspace(-1.0, 1.0, act(native).size).astype(dtype)
        fns = [act, act.jacobian, lambda x: act.vjp(x, g)]
    else:
        fns = [act, act.derivative]
    for fn in fns:
        got, want = fn(big), fn(native)
        assert got.dtype == want.dtype and got.dtype.isnative
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_masked_array_keeps_its_mask(name):
    act = actlib.ACTIVATIONS[name]
    x = np.ma.array([-1.5, 0.25, 2.0, np.nan], mask=[False, True, False, True])
    for fn in (act, act.derivative):
        got = fn(x)
        assert isinstance(got, np.ma.MaskedArray)
        np.testing.assert_array_equal(np.ma.getmaskarray(got), [False, True, False, True])
        want = fn(np.array([-1.5, 2.0]))
        np.testing.assert_array_equal(got.compressed(), want)
    assert x.mask.tolist() == [False, True, False, True]  # the input is untouched


@pytest.mark.parametrize("name", VECTOR)
def test_masked_array_is_refused_by_vector_functions(name):
    x = np.ma.array([1.0, 2.0, 3.0, 4.0], mask=[False, True, False, False])
    for fname, fn in callables(name):
        with pytest.raises(TypeError, match=rf"^{fname}(\.\w+)?: masked arrays"):
            fn(x)


@pytest.mark.parametrize("shape", [(0,), (3, 0), (0, 4), (2, 0, 4)])
@pytest.mark.parametrize("name", VECTOR)
def test_empty_input_gives_an_empty_result(name, shape):
    act = actlib.ACTIVATIONS[name]
    for dtype in (np.float64, np.float32):
        x = np.empty(shape, dtype=dtype)
        y = act(x)
        half = shape[-1] // 2 if name == "glu" else shape[-1]
        assert y.shape == (*shape[:-1], half) and y.dtype == dtype
        j = act.jacobian(x)
        assert j.shape == (*shape[:-1], half, shape[-1]) and j.dtype == dtype
        v = act.vjp(x, np.empty(y.shape))
        assert v.shape == shape and v.dtype == dtype
