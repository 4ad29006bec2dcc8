"""Accuracy of every activation and derivative against 110-digit mpmath references.

Bounds (issue 2): float64 functions within 2 ulp and derivatives within 4 ulp of the exact value
over [-800, 800] and at the extremes; where a derivative crosses zero the absolute error is
within 4 eps instead; float32 and float16 results within 1 ulp of the exact value. The exact
values come from ``tests/reference.py`` (mpmath, independent of actlib).

Run ``python tests/test_accuracy.py`` to print the measured maximum ulp error per function.
"""

from __future__ import annotations

import math
import sys
import zlib
from functools import cache

import numpy as np
import pytest
import reference as R
from mpmath import mp, mpf

import actlib
from actlib import accuracy as A

F64, F32, F16 = np.float64, np.float32, np.float16
# The bounds live in actlib/accuracy.py (the docs site prints them from there).
TOL = {
    (dtype, which): A.ulp_bound(dtype.__name__, ("function", "derivative")[which])
    for dtype in (F64, F32, F16)
    for which in (0, 1)
}
# The documented exceptions (gelu's erf form below x = -1.25) live in
# A.EXCEPTIONS: intervals of x with their own, larger ulp bound, asserted by check_rows.

# Parameter variants besides the defaults: slider values chosen so that the parameter enters
# exactly (powers of two where it scales x: softplus's beta, celu's 1/alpha).
VARIANTS = [
    ("threshold", {"threshold": 0.5, "value": -2.0}),
    ("threshold", {"threshold": -1.0, "value": 0.25}),
    ("leaky_relu", {"alpha": 0.2}),
    ("leaky_relu", {"alpha": 0.5}),
    ("prelu", {"alpha": 0.1}),
    ("elu", {"alpha": 0.5}),
    ("elu", {"alpha": 2.0}),
    ("celu", {"alpha": 0.5}),
    ("celu", {"alpha": 2.0}),
    ("softplus", {"beta": 2.0}),
    ("softplus", {"beta": 0.5}),
    ("hard_tanh", {"min_val": -2.0, "max_val": 0.5}),
    ("hardshrink", {"lambd": 1.0}),
    ("softshrink", {"lambd": 1.0}),
    ("squareplus", {"b": 1.0}),
    ("rrelu", {"lower": 0.1, "upper": 0.3}),
]
# every function at its defaults, plus gelu's other form, on the full grid
DEFAULT_CASES = [(name, {}) for name in R.ELEMENTWISE] + [("gelu", {"approximate": "tanh"})]
ALL_CASES = DEFAULT_CASES + VARIANTS

# Derivatives that cross zero away from a kink: name -> guess of the root (per parameters).
ZERO_CROSSING_GUESS = A.ZERO_CROSSING_GUESS
ZERO_CROSSING_WINDOW = A.ZERO_CROSSING_WINDOW  # |x - root| within which the absolute bound applies


def case_id(case):
    name, params = case
    return name + "".join(f"-{k}={v}" for k, v in params.items())


def activation(name):
    assert hasattr(actlib, name), f"actlib has no activation {name!r}"
    return getattr(actlib, name)


@cache
def derivative_root(name, params_key):
    guess = ZERO_CROSSING_GUESS.get(name)
    if guess is None:
        return None
    f = R.ref_function(name, derivative=True, **dict(params_key))
    with mp.workdps(40):
        return float(mp.findroot(f, mpf(guess)))


def special_points(name, params, dtype):
    """Kinks (and their neighbours) and derivative roots (and a window around them)."""
    pts = []
    full = {**R.DEFAULTS[name], **params}
    if name in R.KINK_CONVENTIONS:
        for x, _, _fixed in R.KINK_CONVENTIONS[name](full):
            x = float(x)
            pts += [x, np.nextafter(x, -np.inf), np.nextafter(x, np.inf), x - 1e-3, x + 1e-3]
    root = derivative_root(name, tuple(sorted(params.items())))
    if root is not None:
        pts += [
            root,
            *(root + np.linspace(-0.2, 0.2, 41)),
            *(root * (1 + np.arange(-5, 6) * 1e-15)),
        ]
    return np.asarray(pts, dtype=np.float64).astype(dtype)


def unfixed_kinks(name, params):
    """Kinks whose derivative is the library's choice (no contract/PyTorch convention)."""
    if name not in R.KINK_CONVENTIONS:
        return set()
    full = {**R.DEFAULTS[name], **params}
    return {float(x) for x, _, fixed in R.KINK_CONVENTIONS[name](full) if not fixed}


@cache
def grid(dtype, sub=1):
    if dtype is F64:
        g = R.accuracy_grid(F64)
    elif dtype is F32:
        g = R.accuracy_grid(F32, dense=201, log=30)
    else:
        g = R.accuracy_grid(F16, dense=121, log=20)
    if sub > 1:  # keep every sub-th point of the finite grid, and all extremes
        ext = R.extreme_points(dtype)
        body = g[: len(g) - len(ext)][::sub]
        g = np.concatenate([body, ext])
    return g


def measure(name, params, which, dtype, xs):
    """Return a list of (err, x, got, exact, allowed_by_abs_bound) for every point."""
    act = getattr(actlib, name)
    fn = act.derivative if which else act
    got = fn(xs, **params)
    assert isinstance(got, np.ndarray)
    assert got.dtype == dtype, f"{name}: {dtype.__name__} in, {got.dtype} out"
    ref = R.ref_derivative if which else R.ref_value
    root = derivative_root(name, tuple(sorted(params.items()))) if which else None
    skip = unfixed_kinks(name, params) if which else set()
    abs_tol = A.ZERO_CROSSING_EPS * float(np.finfo(dtype).eps)
    rows = []
    for x, g in zip(xs, got, strict=True):
        if float(x) in skip:
            continue
        exact = ref(name, x, **params)
        err = R.ulp_error(g, exact, dtype)
        near_root = root is not None and abs(float(x) - root) <= ZERO_CROSSING_WINDOW
        abs_ok = near_root and math.isfinite(float(g)) and abs(mpf(float(g)) - exact) <= abs_tol
        rows.append((err, float(x), float(g), exact, abs_ok))
    return rows


def assert_within(rows, tol, what):
    bad = sorted((r for r in rows if r[0] > tol and not r[4]), key=lambda r: -r[0])
    if bad:
        lines = [
            f"  x={x!r}: got {g!r}, exact {mp.nstr(e, 17)} ({err:.3g} ulp)"
            for err, x, g, e, _ in bad[:12]
        ]
        pytest.fail(
            f"{what}: {len(bad)} of {len(rows)} points beyond {tol} ulp:\n" + "\n".join(lines)
        )


def points(name, params, dtype, sub=1):
    return np.concatenate([grid(dtype, sub), special_points(name, params, dtype)])


def check_rows(name, params, which, rows, what):
    """Assert the rows within TOL, or within the documented exemption covering their x."""
    kind = ("function", "derivative")[which]
    exempt = {}
    if not params:  # the exemptions are stated at the default parameters
        for r in rows:
            exc = A.exemption(name, kind, r[1])
            if exc is not None:
                exempt.setdefault(exc, []).append(r)
    for exc, sub in exempt.items():
        assert_within(sub, exc.ulp, f"{what}, x in [{exc.lo:g}, {exc.hi:g})")
    done = {id(r) for sub in exempt.values() for r in sub}
    assert_within([r for r in rows if id(r) not in done], TOL[F64, which], what)


@pytest.mark.parametrize("which", [0, 1], ids=["f", "df"])
@pytest.mark.parametrize("case", DEFAULT_CASES, ids=case_id)
def test_float64_defaults(case, which):
    name, params = case
    activation(name)
    rows = measure(name, params, which, F64, points(name, params, F64))
    check_rows(name, params, which, rows, name + "'" * which + " float64")


def sweep_points(name, params, n=2000):
    """Seeded random points: n/2 uniform on [-40, 40], n/2 log-uniform |x| in [1e-8, 40].

    The structured grid of the other tests leaves gaps; gelu's erf form gets 8000 more points
    on [-8, 2], across the switch of its kernel at |x| = 1.25.
    """
    rng = np.random.default_rng(zlib.crc32(("sweep-" + case_id((name, params))).encode()))
    mag = 10.0 ** rng.uniform(-8.0, np.log10(40.0), n // 2)
    parts = [rng.uniform(-40.0, 40.0, n // 2), mag * rng.choice([-1.0, 1.0], n // 2)]
    if name == "gelu" and not params:
        parts.append(rng.uniform(-8.0, 2.0, 8000))
    return np.concatenate(parts)


@pytest.mark.parametrize("which", [0, 1], ids=["f", "df"])
@pytest.mark.parametrize("case", DEFAULT_CASES, ids=case_id)
def test_float64_random_sweep(case, which):
    """Every elementwise function and derivative on 2000 seeded random points (no grid gaps)."""
    name, params = case
    activation(name)
    rows = measure(name, params, which, F64, sweep_points(name, params))
    check_rows(name, params, which, rows, name + "'" * which + " float64 (random sweep)")


@pytest.mark.parametrize("which", [0, 1], ids=["f", "df"])
@pytest.mark.parametrize("dtype", [F32, F16], ids=["float32", "float16"])
def test_gelu_narrow_random_sweep(dtype, which):
    """gelu's plain-float64 narrow path on random points: within 1 ulp after one rounding."""
    xs = sweep_points("gelu", {}).astype(dtype)
    rows = measure("gelu", {}, which, dtype, xs)
    assert_within(rows, TOL[dtype, which], "gelu" + "'" * which + f" {dtype.__name__} sweep")


@pytest.mark.parametrize("which", [0, 1], ids=["f", "df"])
@pytest.mark.parametrize("case", VARIANTS, ids=case_id)
def test_float64_parameter_variants(case, which):
    name, params = case
    activation(name)
    rows = measure(name, params, which, F64, points(name, params, F64, sub=3))
    assert_within(rows, TOL[F64, which], name + "'" * which + f"{params} float64")


@pytest.mark.parametrize("dtype", [F32, F16], ids=["float32", "float16"])
@pytest.mark.parametrize("which", [0, 1], ids=["f", "df"])
@pytest.mark.parametrize("case", DEFAULT_CASES, ids=case_id)
def test_narrow_dtypes(case, which, dtype):
    name, params = case
    activation(name)
    rows = measure(name, params, which, dtype, points(name, params, dtype))
    assert_within(rows, TOL[dtype, which], name + "'" * which + f" {dtype.__name__}")


# ----------------------------------------------------------------------------- documented values
def test_sigmoid_minus_720_is_subnormal_not_zero():
    y = actlib.sigmoid(-720.0)
    exact = R.ref_value("sigmoid", -720.0)
    assert 0 < y < np.finfo(F64).smallest_normal  # about 2e-313
    assert R.ulp_error(y, exact, F64) <= 2


def test_sigmoid_derivative_at_40():
    exact = R.ref_derivative("sigmoid", 40.0)
    # the issue's number is the correctly rounded exact value (checked here against mpmath)
    assert R.round_to_dtype(exact) == 4.248354255291589e-18
    got = actlib.sigmoid.derivative(40.0)
    assert R.ulp_error(got, exact, F64) <= 4
    assert got != 0


def test_tanh_derivative_at_20_not_zero():
    exact = R.ref_derivative("tanh", 20.0)  # 4 e^-40 / (1 + e^-40)^2 ~ 1.7e-17
    got = actlib.tanh.derivative(20.0)
    assert got > 0
    assert R.ulp_error(got, exact, F64) <= 4


@pytest.mark.parametrize(
    "name, x",
    [("silu", -745.0), ("silu", -740.5), ("mish", -740.0), ("gelu", -37.5), ("log_sigmoid", 40)],
)
def test_far_tail_products(name, x):
    """x*sigmoid(x) near the subnormal range: rounding exp(x) first costs hundreds of ulp."""
    exact = R.ref_value(name, x)
    assert R.ulp_error(getattr(actlib, name)(x), exact, F64) <= 2


# ----------------------------------------------------------------------------- numerical derivative
def diff_points(name, params):
    rng = np.random.default_rng(zlib.crc32(case_id((name, params)).encode()))
    xs = np.concatenate([rng.uniform(-8, 8, 14), rng.uniform(-40, 40, 6), [-0.3, 0.7, 2.5]])
    full = {**R.DEFAULTS[name], **params}
    kinks = [0.0, -1.0, 1.0, -3.0, 3.0, 6.0, -0.5, 0.5]
    if name in R.KINK_CONVENTIONS:
        kinks += [float(x) for x, _, _ in R.KINK_CONVENTIONS[name](full)]
    return [x for x in xs if min(abs(x - k) for k in kinks) > 1e-3]


@pytest.mark.parametrize("case", DEFAULT_CASES, ids=case_id)
def test_derivative_against_mpmath_diff(case):
    """Each derivative against mpmath.diff of the reference *function* (not its derivative)."""
    name, params = case
    act = activation(name)
    xs = np.array(diff_points(name, params))
    got = act.derivative(xs, **params)
    f = R.ref_function(name, **params)
    root = derivative_root(name, tuple(sorted(params.items())))
    bad = []
    with mp.workdps(40):
        for x, g in zip(xs, got, strict=True):
            exact = mp.diff(f, mpf(float(x)))
            err = R.ulp_error(g, exact, F64)
            near = root is not None and abs(x - root) <= ZERO_CROSSING_WINDOW
            tol = A.ZERO_CROSSING_EPS * np.finfo(F64).eps
            if err > TOL[F64, 1] and not (near and abs(mpf(float(g)) - exact) <= tol):
                bad.append((float(x), float(g), mp.nstr(exact, 17), err))
    assert not bad, f"{name}' vs mpmath.diff: {bad[:8]}"


def test_reference_derivative_is_consistent_with_diff():
    """Guard the reference itself: hand-derived derivatives equal mpmath.diff of the values."""
    for name in ("sigmoid", "gelu", "mish", "silu", "squareplus", "tanhshrink", "log_sigmoid"):
        f = R.ref_function(name)
        for x in (-7.25, -1.1, 0.3, 2.75, 12.5):
            with mp.workdps(50):
                d = mp.diff(f, mpf(x))
            r = R.ref_derivative(name, x)
            assert abs(d - r) <= mpf(10) ** -40 * (1 + abs(r)), (name, x)


# ----------------------------------------------------------------------------- vector functions
def softmax_rows(fn_name, x, axis=-1):
    got = getattr(actlib, fn_name)(x, axis=axis)
    moved_x = np.moveaxis(np.asarray(x, dtype=np.float64), axis, -1).reshape(-1, x.shape[axis])
    moved_g = np.moveaxis(got, axis, -1).reshape(-1, x.shape[axis])
    ref = {
        "softmax": R.ref_softmax,
        "log_softmax": R.ref_log_softmax,
        "softmin": R.ref_softmin,
        "sparsemax": R.ref_sparsemax,
    }[fn_name]
    return got, [(row, g, ref(row)) for row, g in zip(moved_x, moved_g, strict=True)]


def assert_rows(rows, bound, dtype=F64):
    """bound(row, i, exact) -> allowed ulp error at entry i."""
    bad = []
    for row, g, exact in rows:
        for i, (gi, ei) in enumerate(zip(g, exact, strict=True)):
            err = R.ulp_error(gi, ei, dtype)
            if err > bound(row, i, ei):
                bad.append((list(row), i, float(gi), mp.nstr(ei, 17), err))
    assert not bad, bad[:6]


def row_sum_error(e):
    """The relative rounding error of NumPy's float64 sum of ``e``, in units of 2^-53."""
    e = np.asarray(e, dtype=F64)
    with mp.workdps(60):
        exact = mp.fsum(mp.mpf(float(v)) for v in e)
        if exact == 0 or not mp.isfinite(exact):
            return 0.0
        return float(abs(mp.mpf(float(np.add.reduce(e))) - exact) / exact * 2**53)


_SUM_TERMS: dict = {}


def sum_term(row, m):
    """The row-sum term of the softmax bound: the larger of the sums of e^x and e^(x - m) (the
    kernel forms one of them, depending on the row). Cached per row: the bound is asked once
    per entry."""
    key = np.asarray(row, dtype=F64).tobytes()
    if key not in _SUM_TERMS:
        with np.errstate(all="ignore"):
            _SUM_TERMS[key] = max(row_sum_error(np.exp(row)), row_sum_error(np.exp(row - m)))
    return _SUM_TERMS[key]


# Forming x_i - max(x) rounds once (relative error <= 2^-53), and exp turns an absolute error d
# in its argument into a relative error d: at most |x_i - max| ulp beyond the 2-ulp core. The
# row sum's own rounding (relative, in units of 2^-53) is at most that many ulp of each entry.
def softmax_bound(row, i, exact):
    m = float(np.max(row))
    return A.VECTOR_BOUNDS["softmax"].ulp + abs(float(row[i]) - m) + sum_term(row, m)


def log_softmax_bound(row, i, exact):
    # log_softmax_i = (x_i - m) - lse: an absolute error of a few eps times the magnitudes
    # involved, expressed in ulps of the result.
    m = float(np.max(row))
    scale = abs(float(row[i]) - m) + 1.0
    with mp.workdps(30):
        core = A.VECTOR_BOUNDS["log_softmax"].ulp
        return max(core, float(4 * scale * np.finfo(F64).eps / R.ulp(exact)))


@pytest.mark.parametrize("axis", [-1, 0])
def test_softmax_random(axis):
    rng = np.random.default_rng(2)
    x = rng.normal(0, 3, (5, 7)) * rng.choice([1.0, 10.0], (5, 1))
    x = x if axis == -1 else x.T
    _, rows = softmax_rows("softmax", x, axis)
    assert_rows(rows, softmax_bound)
    _, rows = softmax_rows("log_softmax", x, axis)
    assert_rows(rows, log_softmax_bound)


def test_softmax_large_inputs():
    x = np.array([1000.0, 1001.0, 1002.0])
    got, rows = softmax_rows("softmax", x)
    assert np.all(np.isfinite(got))
    assert_rows(rows, lambda *a: 2)
    _, rows = softmax_rows("log_softmax", x)
    assert_rows(rows, lambda *a: 2)


def test_softmax_float32_88_89_90():
    x = np.array([88.0, 89.0, 90.0], dtype=F32)  # exp(89) overflows float32
    for name in ("softmax", "log_softmax"):
        got = getattr(actlib, name)(x)
        assert got.dtype == F32
        exact = (R.ref_softmax if name == "softmax" else R.ref_log_softmax)(x)
        errs = [R.ulp_error(g, e, F32) for g, e in zip(got, exact, strict=True)]
        assert max(errs) <= 1, (name, got, errs)


@pytest.mark.parametrize("dt", [F64, F32])
def test_softmax_rows_of_every_regime_in_one_block(dt):
    """Rows that take the unshifted form (e^x) and rows that take the max-shifted one, mixed in
    one block: each row is within its bound and equals the same row computed alone."""
    rng = np.random.default_rng(11)
    x = np.array(
        [
            rng.normal(0.0, 3.0, 6),  # sum of e^x >= 1: unshifted
            rng.normal(-5.0, 1.0, 6),  # sum < 1, every e^x normal: unshifted
            [-700.0, -710.0, -720.0, -800.0, -701.0, -705.0],  # sum < 1, e^x subnormal: shifted
            [80.0, 85.0, 88.0, 89.0, 90.0, 70.0],  # overflows float32, not float64
            [700.0, 705.0, 710.0, 720.0, 699.0, 0.0],  # e^x overflows: shifted
            [-650.0, -651.0, -640.0, -700.0, -800.0, -660.0],  # log_softmax: max below -600
            [-720.0, -721.0, -722.0, -725.0, -730.0, -719.5],  # e^max subnormal: shifted
            [0.0, -40.0, -800.0, -1.0, -2.0, -3.0],  # dominant entry, tiny log_softmax
        ]
    ).astype(dt)
    for name in ("softmax", "log_softmax", "softmin"):
        fn = getattr(actlib, name)
        got = fn(x)
        for row, g in zip(x, got, strict=True):
            np.testing.assert_array_equal(g, fn(row))
            if dt is F32:
                exact = getattr(R, f"ref_{name}")(row.astype(F64))
                assert all(R.ulp_error(a, b, F32) <= 1 for a, b in zip(g, exact, strict=True))
        if dt is F64:
            _, rows = softmax_rows(name, x)
            bound = {"softmax": softmax_bound, "log_softmax": log_softmax_bound}
            assert_rows(rows, bound.get(name, softmin_bound))


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_all_minus_inf_row_is_nan(name):
    fn = getattr(actlib, name)
    x = np.array([[-np.inf, -np.inf, -np.inf], [0.0, 1.0, -np.inf]])
    y = fn(x)
    assert np.all(np.isnan(y[0]))
    exact = (R.ref_softmax if name == "softmax" else R.ref_log_softmax)(x[1])
    assert all(R.ulp_error(g, e, F64) <= 2 for g, e in zip(y[1], exact, strict=True))
    y0 = fn(x.T, axis=0)
    assert np.all(np.isnan(y0[:, 0])) and not np.any(np.isnan(y0[:, 1]))


def softmin_bound(row, i, exact):
    m = float(np.min(row))
    return A.VECTOR_BOUNDS["softmin"].ulp + abs(float(row[i]) - m) + sum_term(-row, -m)


def test_softmax_long_rows_of_nearly_equal_entries():
    # Every e^x_i is about the same, so the rounding of their sum is as large as the rest of
    # the error together: the bound holds with its row-sum term (measured up to ~1.6).
    rng = np.random.default_rng(1)
    rows = [
        rng.normal(0.0, 10.0 ** rng.uniform(-8, 1), int(rng.integers(2, 600))) for _ in range(12)
    ]
    rows.append(np.full(67, 0.1) + rng.normal(0.0, 1e-7, 67))
    for row in rows:
        got = actlib.softmax(row)
        exact = R.ref_softmax(row)
        assert_rows([(row, got, exact)], softmax_bound)
        assert sum_term(row, float(np.max(row))) < 8.0  # the term stays small: a few ulp


def sparsemax_bound(row, i, exact):
    # p_i = x_i - tau with tau from a running sum: absolute error a few eps of max|x|
    if exact == 0:
        return 0.0
    with mp.workdps(30):
        scale = float(np.max(np.abs(row))) + 1.0
        core = A.VECTOR_BOUNDS["sparsemax"].ulp
        return max(core, float(4 * len(row) * scale * np.finfo(F64).eps / R.ulp(exact)))


@pytest.mark.parametrize("name", ["softmin", "sparsemax", "glu"])
def test_issue7_vector_functions_random(name):
    assert hasattr(actlib, name), f"actlib has no activation {name!r}"
    rng = np.random.default_rng(5)
    x = rng.normal(0, 2, (4, 6))
    if name == "glu":
        got = actlib.glu(x)
        assert got.shape == (4, 3)
        got0 = actlib.glu(x.T, axis=0)
        np.testing.assert_array_equal(got0, got.T)
        for row, g in zip(x, got, strict=True):
            exact = R.ref_glu(row)
            bound = A.VECTOR_BOUNDS["glu"].ulp
            assert all(R.ulp_error(a, b, F64) <= bound for a, b in zip(g, exact, strict=True))
        return
    _, rows = softmax_rows(name, x)
    assert_rows(rows, softmin_bound if name == "softmin" else sparsemax_bound)
    _, rows = softmax_rows(name, x.T, axis=0)
    assert_rows(rows, softmin_bound if name == "softmin" else sparsemax_bound)


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin", "sparsemax", "glu"])
def test_jacobian_against_reference(name):
    assert hasattr(actlib, name), f"actlib has no activation {name!r}"
    rng = np.random.default_rng(7)
    x = rng.normal(0, 1.5, (3, 6))
    jac = getattr(actlib, name).jacobian(x)
    ref = getattr(R, f"ref_{name}_jacobian")
    for row, j in zip(x, jac, strict=True):
        exact = np.array([[float(v) for v in r] for r in ref(row)])
        assert j.shape == exact.shape
        np.testing.assert_allclose(j, exact, rtol=0, atol=A.JACOBIAN_ABS_EPS * np.finfo(F64).eps)


# Where a kernel switches formula (its clamp of x, or a tail patched by a reduction test), on
# both sides of the switch: a wrong cap or tail would show here and nowhere on the main grid.
FORMULA_SWITCHES = [
    ("mish", 0, -340.0),
    ("mish", 0, 20.0),
    ("mish", 0, -708.0),
    ("mish", 1, -170.0),
    ("mish", 1, 40.0),
    ("mish", 1, -708.0),
    ("silu", 0, -708.0),
    ("silu", 1, -708.0),
    ("tanh", 1, 354.0),
    ("tanh", 1, -354.0),
]


@pytest.mark.parametrize(("name", "which", "at"), FORMULA_SWITCHES)
def test_float64_across_formula_switches(name, which, at):
    xs = np.concatenate(
        [
            at + np.linspace(-2.0, 2.0, 81),
            [np.nextafter(at, -np.inf), at, np.nextafter(at, np.inf)],
        ]
    )
    rows = measure(name, {}, which, F64, xs)
    check_rows(name, {}, which, rows, f"{name}{chr(39) * which} float64 around x = {at:g}")


# ----------------------------------------------------------------------------- measurement
def measure_table():
    """Max ulp error per function and derivative (float64 full grid, float32 grid)."""
    out = []
    for name, params in DEFAULT_CASES:
        if not hasattr(actlib, name):
            continue
        row = [case_id((name, params))]
        near = 0.0
        for dtype in (F64, F32):
            for which in (0, 1):
                rows = measure(name, params, which, dtype, points(name, params, dtype))
                strict = [r[0] for r in rows if not r[4]]
                row.append(max(strict, default=0.0))
                if dtype is F64 and which:
                    eps = np.finfo(F64).eps
                    errs = [abs(mpf(r[2]) - r[3]) / eps for r in rows if r[4]]
                    near = float(max(errs, default=0.0))
        out.append([*row, near])
    return out


if __name__ == "__main__":
    print("max ulp error (near-root points of a derivative excluded; last column: their")
    print("absolute error in eps, where the bound is 4 eps)")
    head = ("f64 f", "f64 df", "f32 f", "f32 df", "root eps")
    print(f"{'function':26s} " + " ".join(f"{h:>8s}" for h in head))
    for r in measure_table():
        print(f"{r[0]:26s} " + " ".join(f"{v:8.3g}" for v in r[1:]))
    sys.exit(0)
