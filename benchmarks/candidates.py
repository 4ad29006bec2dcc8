"""Candidate kernels for the speed misses, measured beside actlib and SciPy (not used by actlib).

Each candidate keeps actlib's numerics (no overflow, tails and subnormals right, within the
contract's ulp bounds, which this section measures on the accuracy grid) but makes fewer passes
over the data: ufuncs write into buffers they own (``out=``), and large inputs go through in
cache-sized blocks as ``actlib.functions._apply`` already does. They are offered to the owner
of ``actlib/functions.py`` as concrete fixes; the report shows their time and max ulp error
measured in the same run as the functions they would replace.
"""

from __future__ import annotations

import numpy as np
from scipy import special

import actlib
from benchmarks import accuracy as A
from benchmarks._common import time_round_robin

BLOCK = 1 << 14


def sigmoid(x):
    """``max(e, x >= 0) / (1 + e)``, e = exp(-|x|), the rounding of ``1 + e`` compensated."""
    e = np.abs(x)
    np.negative(e, out=e)
    np.exp(e, out=e)
    d = e + 1.0
    err = d - 1.0
    np.subtract(e, err, out=err)  # Fast2Sum: 1 + e == d + err exactly
    q = np.maximum(e, x >= 0)
    np.divide(q, d, out=q)
    np.divide(err, d, out=err)
    np.multiply(err, q, out=err)
    return np.subtract(q, err, out=q)  # num/(d + err) = q (1 - err/d) to first order


def sigmoid_derivative(x):
    """``e / (1 + e)^2``, e = exp(-|x|), the rounding of ``1 + e`` compensated."""
    e = np.abs(x)
    np.negative(e, out=e)
    np.exp(e, out=e)
    d = e + 1.0
    err = d - 1.0
    np.subtract(e, err, out=err)
    dd = d * d
    q = np.divide(e, dd, out=e)
    np.divide(err, d, out=err)
    np.multiply(err, 2.0, out=err)
    np.multiply(err, q, out=err)
    return np.subtract(q, err, out=q)  # e/(d + err)^2 = q (1 - 2 err/d) to first order


def tanh_derivative(x):
    """``4 e / (1 + e)^2`` with e = exp(-2|x|) (sigmoid' at 2|x|); squares 2e^-|x| past 354."""
    a = np.abs(x)
    r = sigmoid_derivative(2.0 * np.minimum(a, 354.0))
    np.multiply(r, 4.0, out=r)
    big = a > 354.0
    if big.any():
        h = 2.0 * np.exp(-a[big])
        r[big] = h * h
    return r


def _softmax_rows(x):
    m = np.max(x, axis=-1, keepdims=True)
    d = x - m
    bb = d - x
    lo = d - bb
    np.subtract(x, lo, out=lo)
    np.add(lo, np.negative(m) - bb, out=lo)  # TwoSum: x - m == d + lo exactly
    e = np.exp(d, out=d)
    np.multiply(lo, e, out=lo)
    np.add(e, lo, out=e)  # exp(d + lo) = exp(d) (1 + lo)
    return np.divide(e, np.sum(e, axis=-1, keepdims=True), out=e)


def softmax(x, rows=16):
    """actlib's compensated softmax (finite rows), in place, 16 rows of 1000 at a time."""
    out = np.empty_like(x)
    for i in range(0, x.shape[0], rows):
        out[i : i + rows] = _softmax_rows(x[i : i + rows])
    return out


def blocked(kernel):
    """Run an elementwise kernel over cache-sized blocks of a 1-d array."""

    def run(x):
        out = np.empty_like(x)
        for s in range(0, x.size, BLOCK):
            out[s : s + BLOCK] = kernel(x[s : s + BLOCK])
        return out

    return run


#: case -> (candidate, actlib call, SciPy call)
CASES = {
    "sigmoid": (blocked(sigmoid), actlib.sigmoid, special.expit),
    "sigmoid'": (
        blocked(sigmoid_derivative),
        actlib.sigmoid.derivative,
        lambda x: (lambda s: np.multiply(s, np.subtract(1.0, s), out=s))(special.expit(x)),
    ),
    "tanh'": (
        blocked(tanh_derivative),
        actlib.tanh.derivative,
        lambda x: (lambda t: np.subtract(1.0, np.multiply(t, t, out=t), out=t))(np.tanh(x)),
    ),
    "softmax": (softmax, actlib.softmax, lambda x: special.softmax(x, axis=-1)),
}


def run(n=10**6, *, repeats=5, target=0.05, smoke=False, log=print):
    """Time each candidate beside actlib and SciPy (float64, interleaved) and measure its ulp."""
    x = np.random.default_rng(n).normal(0.0, 3.0, n)
    dst = np.empty_like(x)
    fns = {("np.copyto", "copy"): lambda: np.copyto(dst, x)}
    for case, (cand, act, sci) in CASES.items():
        arg = x.reshape(-1, min(1000, n)) if case == "softmax" else x
        fns[(case, "candidate")] = lambda f=cand, a=arg: f(a)
        fns[(case, "actlib")] = lambda f=act, a=arg: f(a)
        fns[(case, "scipy")] = lambda f=sci, a=arg: f(a)
    with np.errstate(all="ignore"):
        samples = time_round_robin(fns, repeats=repeats, target=target)
    copy = min(samples[("np.copyto", "copy")])
    rows = []
    grid = A.grid(np.float64, smoke=smoke)
    fin = np.isfinite(grid)
    R = A._reference()
    for case, (cand, _act, _sci) in CASES.items():
        if case == "softmax":
            data = A._vector_rows(np.float64, smoke)
            refs = [A._ref_vector("softmax", r, np.zeros_like(r)) for r in data]
            exact = A.Exact([v for tr in refs for v in tr[0]], np.float64)
            with np.errstate(all="ignore"):
                ulp = float(np.max(exact.errors(cand(data))))
        else:
            name, deriv = case.rstrip("'"), case.endswith("'")
            ref = R.ref_derivative if deriv else R.ref_value
            exact = A.Exact([ref(name, float(v)) for v in grid], np.float64)
            with np.errstate(all="ignore"):
                ulp = float(np.max(exact.errors(cand(grid.copy()))[fin]))
        rows.append(
            {
                "case": case,
                "candidate_x_copy": min(samples[(case, "candidate")]) / copy,
                "actlib_x_copy": min(samples[(case, "actlib")]) / copy,
                "scipy_x_copy": min(samples[(case, "scipy")]) / copy,
                "candidate_max_ulp": ulp,
            }
        )
    log(f"  candidates: {len(rows)} kernels at n={n:.0e}")
    return {"n": n, "rows": rows}
