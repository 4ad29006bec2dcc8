"""The branch-free kernels of the hard (piecewise) family against their textbook np.where forms.

The kernels compare float32/float16 input with a parameter in the input's own dtype (the
parameter rounded outward) and build selections from clips and products; these tests check,
bit for bit (signed zeros and NaN included), that they give what the plain float64 formula,
rounded once to the input's dtype, gives: parameters that float32 cannot hold (0.1), values
next to the kinks in every dtype, and the ends of the range (2**53, where x - c + c could
round, and the infinities).
"""

from __future__ import annotations

import numpy as np
import pytest

import actlib

DTYPES = [np.float64, np.float32, np.float16]


def _inputs(dtype, points=()):
    rng = np.random.default_rng(13)
    x = [0.0, -0.0, np.nan, np.inf, -np.inf, 5e-324, -5e-324, 1e-30, -1e-30, 1e300, -1e300]
    x += [2.0**53, 2.0**53 + 2, 2.0**53 + 6, 2.0**54 - 2, 2.0**54 + 4, 3e38, -3e38, 6e4]
    for p in (0.0, 1.0, 3.0, 0.5, 0.1, 0.3, 0.25, 2.0, *points):
        for v in (p, -p):
            x += [v, *np.nextafter(v, [np.inf, -np.inf])]
            d = dtype(v)
            x += [float(d), *(float(t) for t in np.nextafter(d, dtype([np.inf, -np.inf])))]
    x = np.concatenate([x, rng.normal(0, 3, 3000), rng.uniform(-4, 4, 3000)])
    with np.errstate(all="ignore"):
        return x.astype(dtype)


def _round(ref, dtype):
    with np.errstate(all="ignore"):
        return np.asarray(ref, dtype=np.float64).astype(dtype)


def _ind(mask, x):
    return np.where(np.isnan(x), np.nan, mask.astype(np.float64))


def _sign_check(got, want):
    assert got.dtype == want.dtype
    same = (got == want) & (np.signbit(got) == np.signbit(want))
    same |= np.isnan(got) & np.isnan(want)
    assert same.all(), list(
        zip(np.flatnonzero(~same)[:5], got[~same][:5], want[~same][:5], strict=True)
    )


# name, params, function reference, derivative reference (float64 in, float64 out)
CASES = [
    ("step", {}, lambda x: _ind(x > 0, x), lambda x: _ind(x != x, x) * 0),
    ("identity", {}, lambda x: x, lambda x: np.where(np.isnan(x), np.nan, 1.0)),
    (
        "threshold",
        {"threshold": 0.1, "value": 0.3},
        lambda x: np.where(x > 0.1, x, np.where(np.isnan(x), np.nan, 0.3)),
        lambda x: _ind(x > 0.1, x),
    ),
    (
        "threshold",
        {"threshold": -1.0, "value": 0.25},
        lambda x: np.where(x > -1.0, x, np.where(np.isnan(x), np.nan, 0.25)),
        lambda x: _ind(x > -1.0, x),
    ),
    (
        "hard_tanh",
        {"min_val": -0.1, "max_val": 0.3},
        None,
        lambda x: _ind((x > -0.1) & (x < 0.3), x),
    ),
    (
        "hardshrink",
        {"lambd": 0.1},
        lambda x: np.where(np.abs(x) > 0.1, x, np.where(np.isnan(x), np.nan, 0.0)),
        lambda x: _ind(np.abs(x) > 0.1, x),
    ),
    (
        "hardshrink",
        {"lambd": 0.0},
        lambda x: np.where(np.abs(x) > 0.0, x, np.where(np.isnan(x), np.nan, 0.0)),
        lambda x: _ind(np.abs(x) > 0.0, x),
    ),
    (
        "softshrink",
        {"lambd": 0.1},
        lambda x: np.where(x > 0.1, x - 0.1, np.where(x < -0.1, x + 0.1, x * 0.0 + 0.0)),
        lambda x: _ind(np.abs(x) > 0.1, x),
    ),
    (
        "softshrink",
        {"lambd": 0.5},
        lambda x: np.where(x > 0.5, x - 0.5, np.where(x < -0.5, x + 0.5, x * 0.0 + 0.0)),
        lambda x: _ind(np.abs(x) > 0.5, x),
    ),
    ("hard_sigmoid", {}, None, lambda x: _ind(np.abs(x) < 3, x) / 6.0),
    ("sparse_sigmoid", {}, None, lambda x: _ind(np.abs(x) < 1, x) / 2.0),
    (
        "hard_silu",
        {},
        lambda x: np.where(
            x >= 3, x, np.where(x <= -3, np.where(np.isnan(x), np.nan, 0.0), np.nan)
        ),
        None,
    ),
    (
        "sparse_plus",
        {},
        lambda x: np.where(
            x >= 1, x, np.where(x <= -1, np.where(np.isnan(x), np.nan, 0.0), np.nan)
        ),
        None,
    ),
]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: c[0] + "".join(f"-{v}" for v in c[1].values())
)
def test_matches_the_where_form(case, dtype):
    name, params, ref_f, ref_d = case
    act = getattr(actlib, name)
    x = _inputs(dtype, params.values())
    x64 = x.astype(np.float64)
    for fn, ref in ((act, ref_f), (act.derivative, ref_d)):
        if ref is None:
            continue
        with np.errstate(all="raise"):
            got = fn(x, **params)
        with np.errstate(all="ignore"):
            want = _round(ref(x64), dtype)
        if name in ("hard_silu", "sparse_plus"):  # only the outer pieces: x exactly, or +0
            keep = ~np.isnan(want) | np.isnan(x)
            got, want = got[keep], want[keep]
        _sign_check(got, want)
        # in blocks (more than one block of the kernels) the same
        big = np.tile(x, 40)
        with np.errstate(all="raise"):
            got_big = fn(big, **params)
        _sign_check(got_big[: x.size], fn(x, **params))
