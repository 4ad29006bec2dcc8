"""The per-call fast paths (plain native float64/float32 ndarrays) give what the full path gives.

``functions._apply``, ``functions._vector_apply`` and ``registry.Activation.__call__`` skip their
checks and conversions for the common case; a big-endian copy of the same values takes the full
path (``as_real`` normalises it to the native dtype), so the two must agree bit for bit: values,
NaN positions, signs of zeros, dtype and shape. Floating-point silence of the fast path under
``np.errstate(all="raise")`` is asserted by ``tests/test_api.py`` (it passes ndarrays).
"""

from __future__ import annotations

import numpy as np
import pytest

import actlib

ELEMENTWISE = sorted(n for n, a in actlib.ACTIVATIONS.items() if a.kind == "elementwise")
VECTOR = sorted(n for n, a in actlib.ACTIVATIONS.items() if a.kind == "vector")


def _inputs(dt):
    fi = np.finfo(dt)
    special = [np.nan, np.inf, -np.inf, 0.0, -0.0, fi.max, -fi.max, fi.smallest_normal]
    special += [fi.smallest_subnormal, -fi.smallest_subnormal, 1.0, -1.0, 6.0, 800.0, -800.0]
    grid = np.linspace(-8.0, 8.0, 49)
    return np.concatenate([np.array(special), grid]).astype(dt).reshape(8, 8)


def _same(fast, slow):
    assert type(fast) is type(slow)
    assert fast.dtype == slow.dtype and fast.shape == slow.shape
    np.testing.assert_array_equal(fast, slow)
    assert np.array_equal(np.signbit(fast), np.signbit(slow))


@pytest.mark.parametrize("dt", [np.float64, np.float32])
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_fast_path_matches_full_path(name, dt):
    act = actlib.ACTIVATIONS[name]
    x = _inputs(dt)
    slow_x = x.astype(x.dtype.newbyteorder(">"))  # same values, full path
    for params in ({}, act.defaults):
        _same(act(x, **params), act(slow_x, **params))
        _same(act.derivative(x, **params), act.derivative(slow_x, **params))
        _same(act.function(x, **params), act.function(slow_x, **params))


@pytest.mark.parametrize("dt", [np.float64, np.float32])
@pytest.mark.parametrize("name", VECTOR)
def test_vector_fast_path_matches_full_path(name, dt):
    act = actlib.ACTIVATIONS[name]
    x = _inputs(dt)
    x[3] = np.linspace(-3.0, 3.0, 8)  # one all-finite row
    slow_x = x.astype(x.dtype.newbyteorder(">"))
    _same(act(x), act(slow_x))
    _same(act(x, axis=-1), act(slow_x, axis=-1))
    _same(act(x[0]), act(slow_x[0]))  # 1-d


@pytest.mark.parametrize("dt", [np.float64, np.float32, np.float16])
def test_caller_errstate_is_restored(dt):
    # _apply silences floating-point errors with its own errstate; the caller's state must come
    # back after every path (fast, full, blocked) and after a kernel that raises.
    from actlib import functions as F

    def boom(x):
        raise RuntimeError("kernel failed")

    for x in (np.linspace(-800.0, 800.0, 64).astype(dt), np.zeros(F._BLOCK + 3, dt), 3.0):
        with np.errstate(all="raise", under="warn"):
            before = np.geterr()
            actlib.exponential(x)  # overflows for x > 709.78: silent inside, raise outside
            actlib.elu.derivative(x, alpha=2.0)
            with pytest.raises(RuntimeError, match="kernel failed"):
                F._apply("boom", boom, x)
            assert np.geterr() == before
            with pytest.raises(FloatingPointError):
                np.exp(np.float64(800.0))


@pytest.mark.parametrize("dt", [np.float64, np.float32])
@pytest.mark.parametrize("name", VECTOR)
def test_vector_any_axis_matches_last_axis(name, dt):
    # _rows moves the axis last only when it is not already last: both routes, same bits.
    act = actlib.ACTIVATIONS[name]
    x = np.random.default_rng(7).normal(0.0, 3.0, (4, 6, 8)).astype(dt)
    for ax in (0, 1, 2, -1, -3):
        xm = np.moveaxis(x, ax, -1)
        _same(act(x, axis=ax), np.moveaxis(act(xm), -1, ax))
        y = act(x, axis=ax)
        g = np.random.default_rng(8).normal(0.0, 1.0, y.shape).astype(dt)
        expect = np.moveaxis(act.vjp(xm, np.moveaxis(g, ax, -1)), -1, ax)
        _same(act.vjp(x, g, axis=ax), np.ascontiguousarray(expect))


def test_param_check_cache_refuses_what_the_full_check_refuses():
    # real_param remembers the float it last accepted per (function, parameter); a value that
    # compares equal but is not a float (True == 1.0), another function's domain, and NaN must
    # still be refused with the full check's message.
    x = np.linspace(-2.0, 2.0, 5)
    actlib.elu(x, alpha=1.0)
    with pytest.raises(ValueError, match="must be a real number"):
        actlib.elu(x, alpha=True)
    actlib.elu(x, alpha=0.0)  # elu's domain [0, 1e150] holds 0 ...
    with pytest.raises(ValueError, match=r"celu: parameter 'alpha' must be in"):
        actlib.celu(x, alpha=0.0)  # ... celu's does not
    with pytest.raises(ValueError, match=r"celu\.derivative: parameter 'alpha' must be in"):
        actlib.celu.derivative(x, alpha=-0.0)
    actlib.softplus.derivative(x, beta=2.0)
    for bad in (-2.0, np.nan, np.inf):
        with pytest.raises(ValueError, match=r"softplus\.derivative: parameter 'beta'"):
            actlib.softplus.derivative(x, beta=bad)
    assert np.signbit(actlib.leaky_relu(np.array([-1.0]), alpha=-0.0)) == np.signbit(
        actlib.leaky_relu(np.array([-1.0]), alpha=0.0)
    )  # -0.0 and 0.0 are the same parameter (both 0.0), cached or not
