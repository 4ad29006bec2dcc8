"""Dense seeded sweeps against mpmath where the suite's grid is too coarse to see the worst case.

squareplus and tanhshrink reach their bounds only on a thin set of inputs (squareplus for
x < 0, where sqrt's rounding, the denominator's and the quotient's add up; tanhshrink where
x - tanh x cancels): the points below are ones where a kernel without the compensations went
over its bound, plus a few thousand seeded random points in the ranges that matter.
"""

from __future__ import annotations

import numpy as np
import pytest
import reference as R

import actlib
from actlib import accuracy as A

F64 = np.float64


def worst(name, xs, derivative=False, **params):
    act = getattr(actlib, name)
    got = (act.derivative if derivative else act)(xs, **params)
    errs = [
        R.ulp_error(g, (R.ref_derivative if derivative else R.ref_value)(name, x, **params), F64)
        for x, g in zip(xs, got, strict=True)
    ]
    i = int(np.argmax(errs))
    return errs[i], float(xs[i])


# x where sqrt(x^2 + b) rounded once, or the plain quotient, puts squareplus over 2 ulp
# (2.19, 2.22, 2.24 ulp) and its derivative over 4 (4.40, 4.60 ulp).
SQUAREPLUS_HARD = [-1.5069273327504278, -3.76773307157318, -3.9932769224515994, -1.9e-07]
SQUAREPLUS_D_HARD = [-0.010838984992002094, -0.012194424699849882, -3.745962835499646e-05]


@pytest.mark.parametrize("b", [4.0, 1.0, 1e-3])
def test_squareplus_dense_sweep(b):
    rng = np.random.default_rng(13)
    r = np.sqrt(b)
    xs = np.concatenate(
        [
            SQUAREPLUS_HARD,
            SQUAREPLUS_D_HARD,
            rng.uniform(-4 * r, 4 * r, 1500),
            -(10.0 ** rng.uniform(-8, 8, 500)),
            10.0 ** rng.uniform(-8, 8, 100),
        ]
    )
    err, x = worst("squareplus", xs, b=b)
    assert err <= A.ulp_bound("float64", "function"), (b, x, err)
    err, x = worst("squareplus", xs, derivative=True, b=b)
    assert err <= A.ulp_bound("float64", "derivative"), (b, x, err)


@pytest.mark.parametrize("name", ["squareplus", "tanhshrink", "softplus", "log_sigmoid"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_value_does_not_depend_on_neighbours(name, dtype):
    """inf, NaN or huge elements in a block take other code paths: the rest must not change."""
    act = getattr(actlib, name)
    xs = np.array([-2.5, -0.3, 0.0, 1e-3, 0.7, 3.0], dtype=dtype)
    fi = np.finfo(dtype)
    odd = np.array([np.inf, -np.inf, np.nan, fi.max, -fi.max, fi.max / 2**20], dtype=dtype)
    for fn in (act, act.derivative):
        alone = fn(xs)
        mixed = fn(np.concatenate([xs, odd]))
        np.testing.assert_array_equal(mixed[: xs.size], alone)
        for i in range(odd.size):  # each odd element as it is alone (NaN equals NaN here)
            np.testing.assert_array_equal(mixed[xs.size + i], fn(odd[i : i + 1])[0])


def test_tanhshrink_dense_sweep():
    """x - tanh x cancels for |x| < 1.4: the continued fraction there, the plain form beyond."""
    rng = np.random.default_rng(14)
    xs = np.concatenate(
        [
            rng.uniform(-1.6, 1.6, 1500),
            rng.uniform(1.35, 1.45, 300),
            -rng.uniform(1.35, 1.45, 300),
            np.sign(rng.normal(size=400)) * 10.0 ** rng.uniform(-8, 0.3, 400),
            np.nextafter(1.4, [0.0, 2.0]),
        ]
    )
    err, x = worst("tanhshrink", xs)
    assert err <= A.ulp_bound("float64", "function"), (x, err)
    err, x = worst("tanhshrink", xs, derivative=True)
    assert err <= A.ulp_bound("float64", "derivative"), (x, err)
