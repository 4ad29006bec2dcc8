"""The ReLU family's branch-free kernels (issue 13): same values as the piecewise formulas.

The kernels select with max/min, exact sums and 0/1 blends instead of np.where; these tests pin
what that must keep: the sign of every zero result (at x = -0.0, +0.0 and where a product is
-0.0), NaN in -> NaN out (a NaN of either sign, anywhere in a long array), the same bits for
every array size and layout (block loops, cached constant blocks, scalars), and bit-for-bit
agreement with the textbook np.where formula wherever that formula is exact.
"""

from __future__ import annotations

import numpy as np
import pytest

import actlib

DTYPES = ["float64", "float32", "float16"]

# (name, params, derivative) -> signs of f at (-0.0, +0.0, -3.0), per dtype ("+" / "-")
SIGNS = {
    ("relu", (), False): {"float64": "+++", "float32": "+++", "float16": "-++"},
    ("relu6", (), False): "-++",
    ("leaky_relu", (), False): "-+-",
    ("leaky_relu", (("alpha", 0.0),), False): "+++",
    ("leaky_relu", (("alpha", -0.5),), False): "+-+",
    ("leaky_relu", (("alpha", -0.5),), True): "---",
    ("leaky_relu", (("alpha", 2.5),), False): "-+-",
    ("leaky_relu", (("alpha", 0.0),), True): "+++",
    ("rrelu", (), False): "-+-",
    ("elu", (), False): "++-",
    ("elu", (("alpha", 0.0),), False): "++-",  # 0 * expm1(-3) is -0.0
    ("elu", (("alpha", 0.0),), True): "+++",
    ("elu", (("alpha", 3.0),), False): "++-",
    ("celu", (), False): "++-",
    ("celu", (("alpha", 2.0),), False): "++-",
    ("selu", (), False): "++-",
}

POINTS = np.array([-0.0, 0.0, -3.0])


def _fn(name, derivative):
    act = actlib.ACTIVATIONS[name]
    return act.derivative if derivative else act


def _bits(a):
    return np.ascontiguousarray(a).view(np.uint8)


def _embedded(values, n, dtype, seed=0):
    """``values`` at the start, the middle and the end of n N(0, 3^2) values."""
    x = np.random.default_rng(seed).normal(0.0, 3.0, n).astype(dtype)
    k = len(values)
    for at in (0, n // 2, n - k):
        x[at : at + k] = values
    return x, (0, n // 2, n - k)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("key", list(SIGNS), ids=lambda k: f"{k[0]}{dict(k[1])}{'_d' * k[2]}")
def test_signed_zeros_as_before_at_every_size(key, dtype):
    name, params, derivative = key
    want = SIGNS[key] if isinstance(SIGNS[key], str) else SIGNS[key][dtype]
    fn = _fn(name, derivative)
    p = dict(params)
    got = fn(POINTS.astype(dtype), **p)
    assert "".join("-" if s else "+" for s in np.signbit(got)) == want
    for i, v in enumerate(POINTS):  # the 0-d path
        assert bool(np.signbit(fn(np.array(v, dtype), **p))) == (want[i] == "-")
    for n in (5000, 70_000):  # one block, several blocks of the kernels and of _apply
        x, starts = _embedded(POINTS, n, dtype)
        r = fn(x, **p)
        for at in starts:
            assert "".join("-" if s else "+" for s in np.signbit(r[at : at + 3])) == want


CASES = [
    ("relu", {}),
    ("relu6", {}),
    ("leaky_relu", {}),
    ("leaky_relu", {"alpha": 0.0}),
    ("leaky_relu", {"alpha": 1.0}),
    ("leaky_relu", {"alpha": 2.5}),
    ("leaky_relu", {"alpha": -0.5}),
    ("prelu", {}),
    ("rrelu", {}),
    ("rrelu", {"lower": 0.0, "upper": 5e-324}),
    ("elu", {}),
    ("elu", {"alpha": 0.0}),
    ("elu", {"alpha": 0.5}),
    ("elu", {"alpha": 3.0}),
    ("elu", {"alpha": 1e150}),
    ("celu", {}),
    ("celu", {"alpha": 0.3}),
    ("celu", {"alpha": 1e100}),
    ("selu", {}),
    ("exponential", {}),
]


@pytest.mark.parametrize("derivative", [False, True], ids=["f", "df"])
@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda c: str(c))
def test_nan_of_either_sign_anywhere_gives_nan_silently(name, params, derivative):
    fn = _fn(name, derivative)
    neg_nan = -np.abs(np.float64(np.nan))
    for dtype in DTYPES:
        for n in (12, 5000, 70_000):
            x, starts = _embedded([np.nan, neg_nan, np.inf, -np.inf], n, dtype, seed=n)
            with np.errstate(all="raise"):
                r = fn(x, **params)
            for at in starts:
                assert np.isnan(r[at : at + 2]).all(), (dtype, n, at, r[at : at + 4])
            assert np.isnan(r).sum() == 2 * len(starts), (dtype, n)


@pytest.mark.parametrize("derivative", [False, True], ids=["f", "df"])
@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda c: str(c))
def test_same_bits_for_every_size_and_layout(name, params, derivative):
    fn = _fn(name, derivative)
    for dtype in ("float64", "float32"):
        x = np.random.default_rng(3).normal(0.0, 30.0, 3 * 70_000 + 5).astype(dtype)
        x[::97] = 0.0
        x[::89] = -0.0
        whole = fn(x, **params)
        assert whole.dtype == x.dtype
        small = np.concatenate([fn(x[i : i + 1000], **params) for i in range(0, x.size, 1000)])
        np.testing.assert_array_equal(_bits(whole), _bits(small))
        np.testing.assert_array_equal(_bits(fn(x[::3], **params)), _bits(whole[::3]))
        grid = fn(x[:-5].reshape(-1, 1000).T, **params)
        np.testing.assert_array_equal(_bits(grid.T.reshape(-1)), _bits(whole[:-5]))


def test_relu_above_the_block_threshold_matches_np_maximum():
    x = np.random.default_rng(4).normal(0.0, 3.0, 3_000_000)
    x[::1001] = -0.0
    x[::999] = np.nan
    want = np.maximum(x, 0.0)
    np.testing.assert_array_equal(actlib.relu(x).view(np.int64), want.view(np.int64))
    np.testing.assert_array_equal(actlib.relu(x[::2]).view(np.int64), want[::2].view(np.int64))


# np.where formulas that are exact (one rounding at most), in float64: the kernels must agree bit
# for bit (-0.0 and NaN aside, pinned above).
WHERE = [
    ("leaky_relu", {"alpha": 0.01}, False, lambda x: np.where(x > 0, x, 0.01 * x)),
    ("leaky_relu", {"alpha": 0.3}, False, lambda x: np.where(x > 0, x, 0.3 * x)),
    ("leaky_relu", {"alpha": 1.0}, False, lambda x: x),
    ("leaky_relu", {"alpha": 2.5}, False, lambda x: np.where(x > 0, x, 2.5 * x)),
    ("leaky_relu", {"alpha": -0.5}, False, lambda x: np.where(x > 0, x, -0.5 * x)),
    ("leaky_relu", {"alpha": 0.01}, True, lambda x: np.where(x > 0, 1.0, 0.01)),
    ("leaky_relu", {"alpha": 2.5}, True, lambda x: np.where(x > 0, 1.0, 2.5)),
    ("leaky_relu", {"alpha": 1e308}, True, lambda x: np.where(x > 0, 1.0, 1e308)),
    ("elu", {}, False, lambda x: np.where(x > 0, x, np.expm1(x))),
    ("elu", {"alpha": 0.5}, False, lambda x: np.where(x > 0, x, 0.5 * np.expm1(x))),
    ("elu", {"alpha": 3.0}, False, lambda x: np.where(x > 0, x, 3.0 * np.expm1(x))),
    ("elu", {}, True, lambda x: np.where(x > 0, 1.0, np.exp(x))),
    ("elu", {"alpha": 0.5}, True, lambda x: np.where(x > 0, 1.0, 0.5 * np.exp(x))),
    ("elu", {"alpha": 3.0}, True, lambda x: np.where(x > 0, 1.0, 3.0 * np.exp(x))),
    ("celu", {}, False, lambda x: np.where(x > 0, x, np.expm1(x))),
    ("celu", {}, True, lambda x: np.where(x > 0, 1.0, np.exp(x))),
    ("selu", {}, True, lambda x: np.where(x > 0, actlib.functions.SELU_SCALE, np.nan)),
]


@pytest.mark.parametrize(("name", "params", "derivative", "formula"), WHERE, ids=lambda c: str(c))
def test_branch_free_kernels_agree_with_np_where(name, params, derivative, formula):
    x = np.random.default_rng(5).normal(0.0, 3.0, 100_000)
    # above -600: below it elu' with alpha > 1 is formed at scale, more exactly than the formula
    x = np.concatenate([x, np.maximum(x * 100, -599.0), x * 1e-10, [1e300, 5e-324, -5e-324]])
    got = _fn(name, derivative)(x, **params)
    with np.errstate(all="ignore"):  # the formulas overflow where x > 0 (and np.where drops it)
        want = formula(x)
    keep = ~np.isnan(want)  # selu': only its x > 0 side has a one-rounding formula
    np.testing.assert_array_equal(got[keep], want[keep])
