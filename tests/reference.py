"""Independent high-precision references for actlib's activations (tests only).

Everything here is written from the mathematical definitions with mpmath, at
``DPS`` (110) significant digits, and never imports actlib. Formulas are arranged
so that mpmath does not cancel catastrophically (``1 - tanh(400)`` is 0 even at
110 digits), and the derivatives are hand-derived, not differentiated numerically.
At kinks the derivative follows the convention in the team contract (PyTorch
autograd's value); :data:`KINK_CONVENTIONS` lists the points where a convention,
rather than calculus, decides the value.

Public API
----------
ref_value(name, x, **params) -> mpf          function value (mpf, +-inf or nan)
ref_derivative(name, x, **params) -> mpf     derivative value
ref_softmax(vec), ref_log_softmax(vec), ref_softmin(vec), ref_sparsemax(vec), ref_glu(vec)
ref_*_jacobian(vec)                           list-of-lists Jacobians of the vector functions
round_to_dtype(exact, dtype) -> float         exact value correctly rounded to dtype (nearest-even)
ulp(exact, dtype) -> mpf                      spacing of dtype at the exact value
ulp_error(got, exact, dtype) -> float         |got - exact| in units of ulp(exact, dtype)
ref_array(name, xs, dtype=np.float64, derivative=False, **params) -> ndarray (rounded)
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from mpmath import mp, mpf

__all__ = [
    "DEFAULTS",
    "DPS",
    "ELEMENTWISE",
    "KINK_CONVENTIONS",
    "VECTOR",
    "ref_array",
    "ref_derivative",
    "ref_function",
    "ref_glu",
    "ref_glu_jacobian",
    "ref_log_softmax",
    "ref_log_softmax_jacobian",
    "ref_softmax",
    "ref_softmax_jacobian",
    "ref_softmin",
    "ref_softmin_jacobian",
    "ref_sparsemax",
    "ref_sparsemax_jacobian",
    "ref_value",
    "round_to_dtype",
    "ulp",
    "ulp_error",
]

DPS = 110  # significant decimal digits for every reference evaluation

# Constants as the definitions state them (decimal strings, not float64 roundings).
SELU_ALPHA = "1.6732632423543772848170429916717"
SELU_SCALE = "1.0507009873554804934193349852946"
GELU_TANH_C = "0.044715"

# Parameter defaults from the team contract (PyTorch's defaults), independent of actlib.
DEFAULTS: dict[str, dict[str, object]] = {
    "step": {},
    "threshold": {"threshold": 1.0, "value": 0.0},
    "identity": {},
    "sigmoid": {},
    "tanh": {},
    "relu": {},
    "relu6": {},
    "leaky_relu": {"alpha": 0.01},
    "prelu": {"alpha": 0.25},
    "elu": {"alpha": 1.0},
    "celu": {"alpha": 1.0},
    "selu": {},
    "gelu": {"approximate": "none"},
    "silu": {},
    "mish": {},
    "softplus": {"beta": 1.0},
    "softsign": {},
    "hard_sigmoid": {},
    "hard_tanh": {"min_val": -1.0, "max_val": 1.0},
    "hard_silu": {},
    "log_sigmoid": {},
    # issue-7 additions
    "hardshrink": {"lambd": 0.5},
    "softshrink": {"lambd": 0.5},
    "tanhshrink": {},
    "squareplus": {"b": 4.0},
    "sparse_plus": {},
    "sparse_sigmoid": {},
    "exponential": {},
    "rrelu": {"lower": 1.0 / 8.0, "upper": 1.0 / 3.0},
}
ELEMENTWISE = tuple(DEFAULTS)
VECTOR = ("softmax", "log_softmax", "softmin", "glu", "sparsemax")

# Points where the derivative is fixed by convention (x in terms of the parameters).
# name -> function(params) -> list of (x, derivative value, True if the contract/PyTorch fixes it)
KINK_CONVENTIONS = {
    "relu": lambda p: [(0.0, 0.0, True)],
    "relu6": lambda p: [(0.0, 0.0, True), (6.0, 0.0, True)],
    "leaky_relu": lambda p: [(0.0, p["alpha"], True)],
    "prelu": lambda p: [(0.0, p["alpha"], True)],
    "rrelu": lambda p: [(0.0, (p["lower"] + p["upper"]) / 2, True)],
    "hard_tanh": lambda p: [(p["min_val"], 0.0, True), (p["max_val"], 0.0, True)],
    "hard_sigmoid": lambda p: [(-3.0, 0.0, True), (3.0, 0.0, True)],
    "hard_silu": lambda p: [(-3.0, 0.0, True), (3.0, 1.0, True)],
    "elu": lambda p: [(0.0, p["alpha"], True)],
    "celu": lambda p: [(0.0, 1.0, True)],
    "selu": lambda p: [(0.0, _selu_alpha_scale(), True)],
    "step": lambda p: [(0.0, 0.0, True)],
    "threshold": lambda p: [(p["threshold"], 0.0, True)],
    "hardshrink": lambda p: [(-p["lambd"], 0.0, True), (p["lambd"], 0.0, True)],
    "softshrink": lambda p: [(-p["lambd"], 0.0, True), (p["lambd"], 0.0, True)],
    # No PyTorch function; the convention is the library's choice (the reference uses 1/2,
    # the inside slope, but tests only require a value between the one-sided derivatives).
    "sparse_sigmoid": lambda p: [(-1.0, 0.5, False), (1.0, 0.5, False)],
}

_INF = mpf("inf")


def _selu_alpha_scale():
    with mp.workdps(DPS):
        return mpf(SELU_ALPHA) * mpf(SELU_SCALE)


_NAN = mpf("nan")


def _params(name: str, params: dict) -> dict:
    if name not in DEFAULTS:
        raise KeyError(f"no reference for {name!r}")
    unknown = set(params) - set(DEFAULTS[name])
    if unknown:
        raise TypeError(f"{name}: unknown parameter(s) {sorted(unknown)}")
    merged = {**DEFAULTS[name], **params}
    out = {}
    for key, val in merged.items():
        out[key] = val if isinstance(val, str) else mpf(float(val))  # exact binary value
    return out


# ----------------------------------------------------------------------------- helpers
def _sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def _sigmoid_prime(x):
    e = mp.exp(-abs(x))
    return e / (1 + e) ** 2


def _softplus(x):
    # log(1 + e^x) without cancellation for either sign
    if x > 0:
        return x + mp.log1p(mp.exp(-x))
    return mp.log1p(mp.exp(x))


def _erfc(z):
    # mpmath's erfc overflows internally for |z| beyond ~1e9; use the asymptotic series there.
    if z < -1e6:
        return 2 - _erfc(-z)
    if z <= 1e6:
        return mp.erfc(z)
    z2 = 2 * z * z
    term, total, k = mpf(1), mpf(1), 1
    while abs(term) > mpf(10) ** (-mp.dps - 5):
        term *= -(2 * k - 1) / z2
        total += term
        k += 1
    return mp.exp(-z * z) / (z * mp.sqrt(mp.pi)) * total


def _sign_times_inf(c, s):
    """Limit of c * (s * inf) for a constant c."""
    if c == 0:
        return mpf(0)
    return _INF if (c > 0) == (s > 0) else -_INF


# ----------------------------------------------------------------------------- functions
# Each entry: (value(x, p), derivative(x, p), limits(p) -> (f(-inf), f(inf), f'(-inf), f'(inf)))
def _leaky(x, a):
    return x if x > 0 else a * x


def _leaky_d(x, a):
    return mpf(1) if x > 0 else a


def _leaky_lim(a):
    return (_sign_times_inf(a, -1), _INF, a, mpf(1))


def _gelu(x, p):
    if p["approximate"] == "tanh":
        u = mp.sqrt(2 / mp.pi) * (x + mpf(GELU_TANH_C) * x**3)
        return x * _sigmoid(2 * u)  # 0.5 x (1 + tanh u) = x sigmoid(2u), no cancellation
    return x / 2 * _erfc(-x / mp.sqrt(2))


def _gelu_d(x, p):
    if p["approximate"] == "tanh":
        c = mpf(GELU_TANH_C)
        k = mp.sqrt(2 / mp.pi)
        u = k * (x + c * x**3)
        du = k * (1 + 3 * c * x**2)
        s = _sigmoid(2 * u)
        return s + 2 * x * _sigmoid_prime(2 * u) * du  # 0.5(1+t) + 0.5 x (1 - t^2) u'
    return _erfc(-x / mp.sqrt(2)) / 2 + x * mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)


def _mish(x):
    return x * mp.tanh(_softplus(x))


def _mish_d(x):
    sp = _softplus(x)
    return mp.tanh(sp) + x * mp.sech(sp) ** 2 * _sigmoid(x)


def _tanhshrink(x):
    # x - tanh(x) ~ x^3/3 for small x: add the digits the subtraction cancels.
    lost = 0 if x == 0 or abs(x) >= 1 else int(-2 * mp.log10(abs(x))) + 10
    with mp.extradps(lost):
        return +(x - mp.tanh(x))


def _squareplus(x, b):
    r = mp.sqrt(x * x + b)
    if x >= 0:
        return (x + r) / 2
    return b / (2 * (r - x))  # (x + r)/2 rationalised: no cancellation for x < 0


def _squareplus_d(x, b):
    r = mp.sqrt(x * x + b)
    if x >= 0:
        return (1 + x / r) / 2
    return b / (2 * r * (r - x))  # (1 + x/r)/2 rationalised


def _selu_consts():
    return mpf(SELU_ALPHA), mpf(SELU_SCALE)


_FUNCS = {
    "step": (
        lambda x, p: mpf(1) if x > 0 else mpf(0),
        lambda x, p: mpf(0),  # true derivative at 0 is a Dirac delta; convention 0
        lambda p: (mpf(0), mpf(1), mpf(0), mpf(0)),
    ),
    "threshold": (
        lambda x, p: x if x > p["threshold"] else p["value"],
        lambda x, p: mpf(1) if x > p["threshold"] else mpf(0),
        lambda p: (p["value"], _INF, mpf(0), mpf(1)),
    ),
    "identity": (
        lambda x, p: x,
        lambda x, p: mpf(1),
        lambda p: (-_INF, _INF, mpf(1), mpf(1)),
    ),
    "sigmoid": (
        lambda x, p: _sigmoid(x),
        lambda x, p: _sigmoid_prime(x),
        lambda p: (mpf(0), mpf(1), mpf(0), mpf(0)),
    ),
    "tanh": (
        lambda x, p: mp.tanh(x),
        lambda x, p: mp.sech(x) ** 2,  # not 1 - tanh^2 (cancels to 0 in the tails)
        lambda p: (mpf(-1), mpf(1), mpf(0), mpf(0)),
    ),
    "relu": (
        lambda x, p: x if x > 0 else mpf(0),
        lambda x, p: mpf(1) if x > 0 else mpf(0),
        lambda p: (mpf(0), _INF, mpf(0), mpf(1)),
    ),
    "relu6": (
        lambda x, p: min(max(x, mpf(0)), mpf(6)),
        lambda x, p: mpf(1) if 0 < x < 6 else mpf(0),
        lambda p: (mpf(0), mpf(6), mpf(0), mpf(0)),
    ),
    "leaky_relu": (
        lambda x, p: _leaky(x, p["alpha"]),
        lambda x, p: _leaky_d(x, p["alpha"]),
        lambda p: _leaky_lim(p["alpha"]),
    ),
    "prelu": (
        lambda x, p: _leaky(x, p["alpha"]),
        lambda x, p: _leaky_d(x, p["alpha"]),
        lambda p: _leaky_lim(p["alpha"]),
    ),
    "rrelu": (
        lambda x, p: _leaky(x, (p["lower"] + p["upper"]) / 2),
        lambda x, p: _leaky_d(x, (p["lower"] + p["upper"]) / 2),
        lambda p: _leaky_lim((p["lower"] + p["upper"]) / 2),
    ),
    "elu": (
        lambda x, p: x if x > 0 else p["alpha"] * mp.expm1(x),
        lambda x, p: mpf(1) if x > 0 else p["alpha"] * mp.exp(x),
        lambda p: (-p["alpha"], _INF, mpf(0), mpf(1)),
    ),
    "celu": (
        lambda x, p: x if x > 0 else p["alpha"] * mp.expm1(x / p["alpha"]),
        lambda x, p: mpf(1) if x > 0 else mp.exp(x / p["alpha"]),
        lambda p: (-p["alpha"], _INF, mpf(0), mpf(1)),
    ),
    "selu": (
        lambda x, p: _selu_consts()[1] * (x if x > 0 else _selu_consts()[0] * mp.expm1(x)),
        lambda x, p: _selu_consts()[1] * (1 if x > 0 else _selu_consts()[0] * mp.exp(x)),
        lambda p: (-_selu_consts()[0] * _selu_consts()[1], _INF, mpf(0), _selu_consts()[1]),
    ),
    "gelu": (_gelu, _gelu_d, lambda p: (mpf(0), _INF, mpf(0), mpf(1))),
    "silu": (
        lambda x, p: x * _sigmoid(x),
        lambda x, p: _sigmoid(x) + x * _sigmoid_prime(x),
        lambda p: (mpf(0), _INF, mpf(0), mpf(1)),
    ),
    "mish": (
        lambda x, p: _mish(x),
        lambda x, p: _mish_d(x),
        lambda p: (mpf(0), _INF, mpf(0), mpf(1)),
    ),
    "softplus": (
        lambda x, p: _softplus(p["beta"] * x) / p["beta"],
        lambda x, p: _sigmoid(p["beta"] * x),
        lambda p: (mpf(0), _INF, mpf(0), mpf(1)),
    ),
    "softsign": (
        lambda x, p: x / (1 + abs(x)),
        lambda x, p: 1 / (1 + abs(x)) ** 2,
        lambda p: (mpf(-1), mpf(1), mpf(0), mpf(0)),
    ),
    "hard_sigmoid": (
        lambda x, p: mpf(0) if x <= -3 else (mpf(1) if x >= 3 else x / 6 + mpf(1) / 2),
        lambda x, p: mpf(1) / 6 if -3 < x < 3 else mpf(0),
        lambda p: (mpf(0), mpf(1), mpf(0), mpf(0)),
    ),
    "hard_tanh": (
        lambda x, p: min(max(x, p["min_val"]), p["max_val"]),
        lambda x, p: mpf(1) if p["min_val"] < x < p["max_val"] else mpf(0),
        lambda p: (p["min_val"], p["max_val"], mpf(0), mpf(0)),
    ),
    "hard_silu": (
        lambda x, p: mpf(0) if x <= -3 else (x if x >= 3 else x * (x + 3) / 6),
        lambda x, p: mpf(0) if x <= -3 else (mpf(1) if x >= 3 else (2 * x + 3) / 6),
        lambda p: (mpf(0), _INF, mpf(0), mpf(1)),
    ),
    "log_sigmoid": (
        lambda x, p: -_softplus(-x),
        lambda x, p: _sigmoid(-x),
        lambda p: (-_INF, mpf(0), mpf(1), mpf(0)),
    ),
    "hardshrink": (
        lambda x, p: x if abs(x) > p["lambd"] else mpf(0),
        lambda x, p: mpf(1) if abs(x) > p["lambd"] else mpf(0),
        lambda p: (-_INF, _INF, mpf(1), mpf(1)),
    ),
    "softshrink": (
        lambda x, p: (
            x - p["lambd"] if x > p["lambd"] else (x + p["lambd"] if x < -p["lambd"] else mpf(0))
        ),
        lambda x, p: mpf(1) if abs(x) > p["lambd"] else mpf(0),
        lambda p: (-_INF, _INF, mpf(1), mpf(1)),
    ),
    "tanhshrink": (
        lambda x, p: _tanhshrink(x),
        lambda x, p: mp.tanh(x) ** 2,
        lambda p: (-_INF, _INF, mpf(1), mpf(1)),
    ),
    "squareplus": (
        lambda x, p: _squareplus(x, p["b"]),
        lambda x, p: _squareplus_d(x, p["b"]),
        lambda p: (mpf(0), _INF, mpf(0), mpf(1)),
    ),
    "sparse_plus": (
        lambda x, p: mpf(0) if x <= -1 else (x if x >= 1 else (x + 1) ** 2 / 4),
        lambda x, p: mpf(0) if x <= -1 else (mpf(1) if x >= 1 else (x + 1) / 2),
        lambda p: (mpf(0), _INF, mpf(0), mpf(1)),
    ),
    "sparse_sigmoid": (
        lambda x, p: mpf(0) if x <= -1 else (mpf(1) if x >= 1 else (x + 1) / 2),
        lambda x, p: mpf(1) / 2 if -1 <= x <= 1 else mpf(0),
        lambda p: (mpf(0), mpf(1), mpf(0), mpf(0)),
    ),
    "exponential": (
        lambda x, p: mp.exp(x),
        lambda x, p: mp.exp(x),
        lambda p: (mpf(0), _INF, mpf(0), _INF),
    ),
}
assert set(_FUNCS) == set(DEFAULTS)


@cache
def _ref(name: str, x: float, key: tuple, which: int):
    p = _params(name, dict(key))
    with mp.workdps(DPS):
        if math.isnan(x):
            return _NAN
        if math.isinf(x):
            return _FUNCS[name][2](p)[2 * which + (x > 0)]
        return +_FUNCS[name][which](mpf(x), p)


def _key(params: dict) -> tuple:
    return tuple(sorted((k, v if isinstance(v, str) else float(v)) for k, v in params.items()))


def ref_value(name: str, x, **params):
    """Exact (110-digit) value of activation ``name`` at the float ``x``."""
    return _ref(name, float(x), _key(params), 0)


def ref_derivative(name: str, x, **params):
    """Exact (110-digit) derivative, with the contract's conventions at kinks."""
    return _ref(name, float(x), _key(params), 1)


def ref_function(name: str, derivative: bool = False, **params):
    """The reference as a callable on mpf (for mpmath.diff / findroot); no limits, no cache."""
    p = _params(name, params)
    fn = _FUNCS[name][1 if derivative else 0]
    return lambda x: fn(mpf(x), p)


def ref_array(name, xs, dtype=np.float64, derivative=False, **params) -> np.ndarray:
    """Reference values at every element of ``xs``, correctly rounded to ``dtype``."""
    fn = ref_derivative if derivative else ref_value
    xs = np.asarray(xs)
    out = [round_to_dtype(fn(name, x, **params), dtype) for x in xs.ravel()]
    return np.asarray(out, dtype=dtype).reshape(xs.shape)


# ----------------------------------------------------------------------------- vector functions
def _vec(vec) -> list:
    return [mpf(float(v)) for v in np.asarray(vec, dtype=np.float64).ravel()]


def ref_softmax(vec) -> list:
    """softmax of a 1-D vector; a vector of all -inf (or containing NaN) gives NaN."""
    with mp.workdps(DPS):
        v = _vec(vec)
        if any(mp.isnan(t) for t in v) or all(t == -_INF for t in v) or any(t == _INF for t in v):
            return [_NAN] * len(v)
        m = max(v)
        e = [mp.exp(t - m) for t in v]
        s = mp.fsum(e)
        return [+(t / s) for t in e]


def ref_log_softmax(vec) -> list:
    with mp.workdps(DPS):
        v = _vec(vec)
        if any(mp.isnan(t) for t in v) or all(t == -_INF for t in v) or any(t == _INF for t in v):
            return [_NAN] * len(v)
        m = max(v)
        lse = mp.log(mp.fsum(mp.exp(t - m) for t in v))
        return [+(t - m - lse) if t != -_INF else -_INF for t in v]


def ref_softmin(vec) -> list:
    return ref_softmax(-np.asarray(vec, dtype=np.float64))


def ref_sparsemax(vec) -> list:
    """Euclidean projection onto the simplex (Martins & Astudillo 2016)."""
    with mp.workdps(DPS):
        v = _vec(vec)
        z = sorted(v, reverse=True)
        cumsum, k, ksum = mpf(0), 0, mpf(0)
        for i, zi in enumerate(z, start=1):
            cumsum += zi
            if 1 + i * zi > cumsum:
                k, ksum = i, cumsum
        tau = (ksum - 1) / k
        return [max(t - tau, mpf(0)) for t in v]


def ref_glu(vec) -> list:
    """GLU along the vector: first half times sigmoid of the second half."""
    with mp.workdps(DPS):
        v = _vec(vec)
        if len(v) % 2:
            raise ValueError("glu needs an even length")
        h = len(v) // 2
        return [+(a * _sigmoid(b)) for a, b in zip(v[:h], v[h:], strict=True)]


def ref_softmax_jacobian(vec) -> list:
    s = ref_softmax(vec)
    with mp.workdps(DPS):
        return [
            [(si if i == j else 0) - si * sj for j, sj in enumerate(s)] for i, si in enumerate(s)
        ]


def ref_log_softmax_jacobian(vec) -> list:
    s = ref_softmax(vec)
    with mp.workdps(DPS):
        return [[(1 if i == j else 0) - sj for j, sj in enumerate(s)] for i in range(len(s))]


def ref_softmin_jacobian(vec) -> list:
    s = ref_softmin(vec)
    with mp.workdps(DPS):
        return [
            [-((si if i == j else 0) - si * sj) for j, sj in enumerate(s)] for i, si in enumerate(s)
        ]


def ref_sparsemax_jacobian(vec) -> list:
    p = ref_sparsemax(vec)
    sup = [1 if t > 0 else 0 for t in p]
    k = sum(sup)
    with mp.workdps(DPS):
        return [
            [mpf((1 if i == j else 0) * si) - mpf(si * sj) / k for j, sj in enumerate(sup)]
            for i, si in enumerate(sup)
        ]


def ref_glu_jacobian(vec) -> list:
    """d out_i / d in_j, shape (n/2, n)."""
    with mp.workdps(DPS):
        v = _vec(vec)
        h = len(v) // 2
        rows = []
        for i in range(h):
            a, b = v[i], v[h + i]
            row = [mpf(0)] * len(v)
            row[i] = _sigmoid(b)
            row[h + i] = a * _sigmoid_prime(b)
            rows.append(row)
        return rows


# ----------------------------------------------------------------------------- ulp machinery
# Exact integer arithmetic on mpf's (sign, mantissa, exponent) triple: as exact as doing it in
# mpmath, and fast enough to check tens of thousands of points.
@cache
def _fmt(dtype):
    fi = np.finfo(dtype)
    return fi.nmant + 1, int(fi.minexp), float(fi.max)


def _as_mpf(v):
    """v as an mpf without rounding it (``mpf(v)`` would round to the global 53 bits)."""
    if isinstance(v, mpf):
        return v
    with mp.workdps(DPS):
        return mpf(v)


def _parts(v):
    """``(sign, man, exp)`` with v = (-1)**sign * man * 2**exp, or None for 0/inf/nan."""
    sign, man, exp, _ = _as_mpf(v)._mpf_
    return (sign, man, exp) if man else None


def _ulp_exp(man, exp, dtype):
    """Exponent q with 2**q the spacing of dtype at man * 2**exp (man > 0)."""
    prec, emin, _ = _fmt(dtype)
    return max(exp + man.bit_length() - 1, emin) - prec + 1


def ulp(exact, dtype=np.float64):
    """Spacing of ``dtype`` at ``exact`` (subnormal spacing below the normal range)."""
    prec, emin, _ = _fmt(dtype)
    pp = _parts(exact)
    q = emin - prec + 1 if pp is None else _ulp_exp(pp[1], pp[2], dtype)
    return mp.ldexp(1, q)


def round_to_dtype(exact, dtype=np.float64) -> float:
    """Round an mpf to the nearest ``dtype`` value (ties to even, overflow to inf)."""
    v = _as_mpf(exact)
    if mp.isnan(v):
        return math.nan
    if mp.isinf(v):
        return math.inf if v > 0 else -math.inf
    pp = _parts(v)
    if pp is None:
        return 0.0
    sign, man, exp = pp
    prec, emin, fmax = _fmt(dtype)
    if exp + man.bit_length() < emin - prec - 1:  # far below half the smallest subnormal
        return -0.0 if sign else 0.0
    q = _ulp_exp(man, exp, dtype)
    shift = q - exp
    if shift <= 0:
        n = man << -shift
    else:
        n, rem = man >> shift, man & ((1 << shift) - 1)
        half = 1 << (shift - 1)
        if rem > half or (rem == half and n & 1):  # ties to even
            n += 1
    try:
        r = math.ldexp(n, q)
    except OverflowError:
        r = math.inf
    if r > fmax:
        r = math.inf
    return -r if sign else r


def ulp_error(got, exact, dtype=np.float64) -> float:
    """Error of ``got`` in ulps of ``dtype`` at the exact value.

    NaN must meet NaN, and an infinite (or overflowing) exact value must be met by the
    same infinity; anything else is an infinite error.
    """
    g = float(got)
    v = _as_mpf(exact)
    if mp.isnan(v) or math.isnan(g):
        return 0.0 if (mp.isnan(v) and math.isnan(g)) else math.inf
    r = round_to_dtype(v, dtype)
    if math.isinf(r) or math.isinf(g):
        return 0.0 if r == g else math.inf
    prec, emin, _ = _fmt(dtype)
    pp = _parts(v)
    if pp is None:
        return abs(g) / math.ldexp(1.0, emin - prec + 1)
    sign, man, exp = pp
    q = _ulp_exp(man, exp, dtype)
    if exp + man.bit_length() < q - 80:  # |exact| < 2^-80 ulp: it is 0 for this purpose
        return abs(g) / math.ldexp(1.0, q)
    num, den = g.as_integer_ratio()  # den is a power of two
    gexp = 1 - den.bit_length()
    low = min(exp, gexp, q)
    vi = (-man if sign else man) << (exp - low)
    gi = num << (gexp - low)
    return abs(gi - vi) / (1 << (q - low))


# ----------------------------------------------------------------------------- grids
def extreme_points(dtype=np.float64) -> np.ndarray:
    """The extremes every function must handle: +-tiny, +-1e-300, +-1e308, +-max, +-inf, nan."""
    fi = np.finfo(dtype)
    pts = [float(fi.smallest_subnormal), float(fi.smallest_normal), float(fi.max), math.inf]
    if dtype == np.float64:
        pts += [1e-300, 1e308]
    pts = sorted({float(dtype(p)) for p in pts})
    return np.array([-p for p in reversed(pts)] + [0.0, *pts, math.nan], dtype=dtype)


def accuracy_grid(dtype=np.float64, *, dense: int = 401, log: int = 60) -> np.ndarray:
    """Sorted grid over [-800, 800]: dense near 0, logarithmic in both tails, plus extremes.

    Also holds the kinks of every activation at default parameters (0, +-0.5, +-1, +-3, 6),
    the overflow/underflow thresholds of exp (+-709.78, -745.13), and a few documented
    points (-720, 20, 40).
    """
    fi = np.finfo(dtype)
    lim = min(800.0, float(fi.max))
    parts = [
        np.linspace(-8.0, 8.0, dense),
        np.linspace(-8.0, 8.0, dense // 3) + 0.0123456789,
        np.logspace(np.log10(8.0), np.log10(lim), log),
        -np.logspace(np.log10(8.0), np.log10(lim), log),
        np.logspace(np.log10(float(fi.smallest_subnormal)) + 0.01, -0.5, log),
        -np.logspace(np.log10(float(fi.smallest_subnormal)) + 0.01, -0.5, log),
        [0.0, 0.5, -0.5, 1.0, -1.0, 3.0, -3.0, 6.0, 1.5, -1.5],
        [20.0, 40.0, -720.0, 709.78, -709.78, 745.13, -745.13, 36.7, -36.7, 18.0, 88.7, -103.9],
    ]
    g = np.concatenate([np.asarray(p, dtype=np.float64) for p in parts])
    g = g[np.abs(g) <= lim].astype(dtype)
    g = np.unique(g)
    return np.concatenate([g, extreme_points(dtype)])
