"""GELU's own Gaussian kernels against mpmath, interval by interval.

``actlib._gauss_table`` holds one polynomial per interval of |x| (600 of them per table); the
accuracy sweeps of ``test_accuracy.py`` visit only some. Here every interval of both tables is
evaluated through the kernel (``functions._gauss_table``) at its two ends, its centre and two
inner points, so a wrong or stale coefficient anywhere fails; the asymptotic series used below
x = -Y_MAX is checked on its own, and a sample of intervals is regenerated from the generator.
"""

from __future__ import annotations

import numpy as np
import pytest
from mpmath import mp, mpf

from actlib import _gauss_table as GT
from actlib import functions as F

EPS = 2.0**-52


def _points():
    """Float64 y in every interval: both ends (the right one just inside), centre, 2 inner."""
    k = np.arange(GT.K, dtype=np.float64)
    offsets = [0.0, 0.5, 0.2, 0.8, 1.0]
    ys = [(k + o) / GT.S for o in offsets]
    ys[-1] = np.nextafter(ys[-1], 0.0)  # the right end, inside the interval
    return np.concatenate(ys)


def _exact(which, y):
    p = mp.ncdf(-y)
    return p - y * mp.npdf(y) if which == "GELU_D" else p


@pytest.mark.parametrize("which", ["PHI", "GELU_D"])
def test_every_interval_against_mpmath(which):
    """Phi(-y) within 1.5 ulp relative everywhere; gelu'(-y) too, or 2 eps absolute near its
    root y = 0.7518 (where a relative bound means nothing)."""
    ys = _points()
    rows = F._PHI_ROWS if which == "PHI" else F._GELU_D_ROWS
    got = F._gauss_table(ys, rows)
    # small arrays gather the plain rows, big ones the packed items: the same numbers
    for start in range(0, ys.size, 1000):
        part = ys[start : start + 1000]
        assert part.size < F._PACKED_MIN <= ys.size
        assert np.array_equal(F._gauss_table(part, rows), got[start : start + 1000])
    worst = (0.0, None)
    with mp.workdps(40):
        for y, g in zip(ys, got, strict=True):
            ex = _exact(which, mpf(float(y)))
            err = abs(mpf(float(g)) - ex)
            if which == "GELU_D" and abs(y - 0.7518) < 0.5:
                e = float(err) / EPS / 2.0  # in units of 2 eps absolute
            else:
                e = float(err / abs(ex)) / EPS / 1.5  # in units of 1.5 ulp relative
            if e > worst[0]:
                worst = (e, float(y))
    assert worst[0] <= 1.0, f"{which}: {worst[0]:.3f} of the bound at y = {worst[1]!r}"


def test_tail_series_against_mpmath():
    """|x| Phi(x) / phi(x) below x = -Y_MAX: the series is within 1 ulp."""
    xs = -np.concatenate([np.linspace(GT.Y_MAX, 40.0, 200), np.linspace(40.0, 64.0, 50)])
    f, _ = F._gauss_tail_factor(xs)
    with mp.workdps(40):
        for x, v in zip(xs, f, strict=True):
            x = mpf(float(x))
            ex = abs(x) * mp.ncdf(x) / mp.npdf(x)
            assert abs(mpf(float(v)) / ex - 1) <= EPS, float(x)


@pytest.mark.parametrize("which", ["PHI", "GELU_D"])
def test_table_matches_its_generator(which):
    """A sample of intervals (both ends of the range included) regenerated bit for bit."""
    table = getattr(GT, which)
    for k in (0, 1, 19, 20, 21, 137, 311, GT.K - 2, GT.K - 1):
        co, _ = GT.coefficients(which, k)
        hi = float(co[0])
        expected = [hi, float(co[0] - hi)] + [float(v) for v in co[1:]]
        assert table[:, k].tolist() == expected, (which, k)


@pytest.mark.parametrize("which", ["function", "derivative"])
def test_tail_values_within_their_bound(which):
    """gelu and gelu' below -Y_MAX, normal to subnormal results (2^512 scaling, one rounding)."""
    import reference as R

    from actlib import accuracy as A
    from actlib import gelu

    xs = np.linspace(-38.7, -GT.Y_MAX, 401)
    got = gelu(xs) if which == "function" else gelu.derivative(xs)
    ref = R.ref_value if which == "function" else R.ref_derivative
    bound = A.exemption("gelu", which, -GT.Y_MAX).ulp
    worst = max(R.ulp_error(g, ref("gelu", x)) for x, g in zip(xs, got, strict=True))
    assert worst <= bound, worst


@pytest.mark.parametrize("derivative", [False, True], ids=["f", "df"])
@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_small_narrow_arrays_within_one_ulp(dtype, derivative):
    """float32/16 arrays below the table kernel's size (x * ndtr(x) in float64): within 1 ulp."""
    import reference as R

    from actlib import gelu

    rng = np.random.default_rng(13)
    xs = np.concatenate([rng.uniform(-15.0, 6.0, 1500), rng.uniform(-1.5, 0.5, 1500)])
    xs = xs.astype(dtype)
    fn = gelu.derivative if derivative else gelu
    ref = R.ref_derivative if derivative else R.ref_value
    for start in range(0, xs.size, 1000):
        part = xs[start : start + 1000]
        assert part.size < F._NARROW_TABLE_MIN
        got = fn(part)
        worst = max(
            R.ulp_error(g, ref("gelu", float(x)), dtype) for x, g in zip(part, got, strict=True)
        )
        assert worst <= 1.0, worst
