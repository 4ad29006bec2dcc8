"""Activation functions and their derivatives, vectorized over NumPy arrays.

Every public function here takes an array-like ``x`` and returns an array of the same shape.
Each is the numerical kernel behind one entry of :mod:`actlib.registry`; the registry objects
(``actlib.sigmoid`` ...) are what users call, and they carry these docstrings.

Conventions shared by all of them (see :mod:`actlib._validation`):

* float16/float32/float64 in, same dtype out; bool and int in, float64 out; 0-d in, scalar out.
* The work is done in float64 and rounded once, so float32 and float16 results are within 1 ulp.
* No floating-point warnings, whatever the caller's ``np.errstate``: where underflow to a
  subnormal or 0, or overflow to inf, is the right answer it is taken silently.
* NaN in gives NaN out, for the functions and for the derivatives (step and threshold included).
* Derivatives at kinks follow PyTorch autograd, and each docstring says which value it takes.

Formulas are written in their textbook form where that form is exact; where it is not, the
stable form used is preceded by a one-line comment saying why.
"""

from __future__ import annotations

import math

import numpy as np

from actlib import _gauss_table as _GT
from actlib._validation import (
    as_float64,
    as_real,
    choice_param,
    finish,
    quiet,
    real_param,
    restore,
)

__all__ = [
    "celu",
    "celu_derivative",
    "elu",
    "elu_derivative",
    "exponential",
    "exponential_derivative",
    "gelu",
    "gelu_derivative",
    "glu",
    "glu_jacobian",
    "glu_vjp",
    "hard_sigmoid",
    "hard_sigmoid_derivative",
    "hard_silu",
    "hard_silu_derivative",
    "hard_tanh",
    "hard_tanh_derivative",
    "hardshrink",
    "hardshrink_derivative",
    "identity",
    "identity_derivative",
    "leaky_relu",
    "leaky_relu_derivative",
    "log_sigmoid",
    "log_sigmoid_derivative",
    "log_softmax",
    "log_softmax_jacobian",
    "log_softmax_vjp",
    "mish",
    "mish_derivative",
    "prelu",
    "prelu_derivative",
    "relu",
    "relu6",
    "relu6_derivative",
    "relu_derivative",
    "rrelu",
    "rrelu_derivative",
    "selu",
    "selu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "silu",
    "silu_derivative",
    "softmax",
    "softmax_jacobian",
    "softmax_vjp",
    "softmin",
    "softmin_jacobian",
    "softmin_vjp",
    "softplus",
    "softplus_derivative",
    "softshrink",
    "softshrink_derivative",
    "softsign",
    "softsign_derivative",
    "sparse_plus",
    "sparse_plus_derivative",
    "sparse_sigmoid",
    "sparse_sigmoid_derivative",
    "sparsemax",
    "sparsemax_jacobian",
    "sparsemax_vjp",
    "squareplus",
    "squareplus_derivative",
    "step",
    "step_derivative",
    "tanh",
    "tanh_derivative",
    "tanhshrink",
    "tanhshrink_derivative",
    "threshold",
    "threshold_derivative",
]

# SELU's constants (Klambauer et al. 2017) to 32 digits; float64 rounds them once.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
# scale*alpha as a float64 plus the part float64 drops, so the product is not rounded twice.
_SELU_SA = 1.7580993408473768
_SELU_SA_LO = 1.41535193800845e-17

_INV_SQRT_2PI = 0.3989422804014327
_GELU_TANH_C = 0.044715


# --------------------------------------------------------------------------------------------
# plumbing


_BLOCK = 1 << 14  # elements per block: a kernel's temporaries stay in cache, memory stays flat
_F64 = np.dtype(np.float64)
_F32 = np.dtype(np.float32)


def _apply(fname, kernel, x, *args, exact=False, narrow=None):
    """Run a float64 kernel on checked input under a local errstate; round to the caller's dtype.

    Large inputs are processed in blocks, so the kernels' many temporaries never exceed a few
    hundred kilobytes: the peak extra memory of a call is the output array. ``exact=True``
    marks a kernel that only compares, selects and clips (relu, clip ...): it runs in one pass
    in the input's own float dtype, since there is nothing to round (``exact=np.float64``: only
    for float64 input, e.g. a single correctly rounding ufunc). ``narrow`` is a cheaper
    float64 kernel used for float32/float16 output: where the plain float64 formula is within
    ~1e-12 relative, rounding it once to float32 is within the 1-ulp bound, and the pair
    arithmetic the float64 kernel needs for 2 ulp would be wasted. Kernels read their input
    and never write into it (float64 blocks are views of the caller's array).
    """
    if type(x) is np.ndarray and x.ndim and x.size <= _BLOCK:
        # Fast path (per-call overhead at mini-batch sizes): a plain native float64/float32
        # array needs none of as_real's checks or conversions, and a max/clip/copy kernel
        # cannot raise a floating-point flag, so it needs no errstate either.
        dt = x.dtype
        if dt is _F64 or (dt is _F32 and exact is True):
            if kernel in _CANNOT_WARN and exact is True:
                return kernel(x, *args)
            token = quiet()  # np.errstate(all="ignore") at a fraction of its cost
            try:
                result = kernel(x, *args)
                if type(result) is np.ndarray and result.dtype is dt:
                    return result  # what kernels return: no np.asarray call (~0.1 us)
                return np.asarray(result, dtype=dt)
            finally:
                restore(token)
        if dt is _F32:
            token = quiet()
            try:
                result = (kernel if narrow is None else narrow)(x.astype(_F64), *args)
                return np.asarray(result, dtype=_F64).astype(_F32)
            finally:
                restore(token)
    arr, dtype = as_real(x, fname)
    if narrow is not None and dtype != np.float64:
        kernel = narrow
    token = quiet()
    try:
        if exact and arr.dtype.kind == "f" and (exact is True or arr.dtype == exact):
            result = kernel(arr.reshape(arr.shape or (1,)), *args)
            return finish(np.asarray(result, dtype=dtype).reshape(arr.shape), dtype, arr.ndim == 0)
        if arr.size <= _BLOCK:
            # Kernels work on 1-d or larger arrays (in-place ufunc calls need an array).
            work = np.asarray(arr, dtype=np.float64).reshape(arr.shape or (1,))
            result = np.asarray(kernel(work, *args), dtype=np.float64)
            return finish(result.reshape(arr.shape), dtype, arr.ndim == 0)
        flat = arr.reshape(-1)
        out = np.empty(flat.shape, dtype=dtype)
        for start in range(0, flat.size, _BLOCK):
            # float64 blocks are views (no copy); narrower ones are converted block by block.
            block = np.asarray(flat[start : start + _BLOCK], dtype=np.float64)
            out[start : start + _BLOCK] = kernel(block, *args)
        return out.reshape(arr.shape)
    finally:
        restore(token)


def _keep_nan(x, result):
    """Put NaN back where the input was NaN (for piecewise formulas built from comparisons)."""
    if _may_hold_nan(x):
        result = np.asarray(result, dtype=np.float64)
        result[np.isnan(x)] = np.nan
    return result


_SPLIT = 134217729.0  # 2**27 + 1, Veltkamp's splitter for float64


def _two_prod_err(a, b):
    """The rounding error of ``a*b``: ``a*b == fl(a*b) + err`` exactly (|a|, |b| < 1e150)."""
    p = a * b
    c = _SPLIT * a
    ah = c - (c - a)
    al = a - ah
    c = _SPLIT * b
    bh = c - (c - b)
    bl = b - bh
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _split_hi(a):
    """Veltkamp's high half of ``a`` (26 bits), computed in place of one temporary."""
    c = np.multiply(a, _SPLIT)
    t = np.subtract(c, a)
    return np.subtract(c, t, out=c)


def _two_sq_err(a):
    """The rounding error of ``a*a`` (|a| < 1e150): Dekker with one split, every step exact."""
    ah = _split_hi(a)
    al = np.subtract(a, ah)
    r = np.multiply(ah, ah)
    np.subtract(r, np.multiply(a, a), out=r)
    t = np.multiply(ah, al)
    np.multiply(t, 2.0, out=t)
    np.add(r, t, out=r)
    np.multiply(al, al, out=al)
    return np.add(r, al, out=r)


def _div_dd(nh, nl, dh, dl):
    """``(nh + nl) / (dh + dl)`` rounded about once: the quotient's residual is computed exactly.

    Inputs are float64 pairs (hi + lo) with |values| < 1e150 and dh > 0.
    """
    r = nh / dh
    p = r * dh
    res = ((nh - p) - _two_prod_err(r, dh)) + (nl - r * dl)  # nh - p is exact (Sterbenz)
    return r + res / dh


_L512 = 354.891356446692  # 512 ln 2 rounded to float64 ...
_L512_LO = 1.1873519686893054e-14  # ... and the part it drops


def _exp_scaled(x):
    """``M`` with ``exp(x) == M * 2**-512`` for x in [-1100, -600], M normal and accurate.

    Below x = -708 exp(x) is subnormal and has lost bits before any product is formed; M keeps
    them, and ``np.ldexp(... * M, -512)`` rounds the final product once.
    """
    xc = np.clip(x, -1100.0, -600.0)
    s = xc + _L512
    bb = s - xc
    serr = (xc - (s - bb)) + (_L512 - bb)  # TwoSum: x + L == s + serr exactly
    m = np.exp(s)
    return m + m * (serr + _L512_LO)


def _sum_pair(a, a_lo, b, b_lo):
    """(a + a_lo) + (b + b_lo) as a pair (TwoSum on the high parts)."""
    s = a + b
    bb = s - a
    return s, ((a - (s - bb)) + (b - bb)) + (a_lo + b_lo)


def _sigmoid_accurate(x):
    """sigmoid(x) = max(e, x >= 0) / (1 + e), e = exp(-|x|), corrected to about 1 ulp.

    r = num/d, then r + ((num - r) - r e)/d: one correction step against the exact 1 + e (a
    plain num/d rounds d first: 2.2 ulp); num - r is exact since num/2 <= r <= num. Written
    with out= buffers (the hot path of sigmoid, softplus' and log_sigmoid').
    """
    e = np.abs(x)
    np.negative(e, out=e)
    np.exp(e, out=e)  # e = exp(-|x|)
    d = np.add(e, 1.0)
    num = np.maximum(e, x >= 0)  # 1 where x >= 0, e elsewhere (NaN stays NaN)
    r = np.divide(num, d)
    t = np.subtract(num, r, out=num)  # num - r
    np.subtract(t, np.multiply(r, e, out=e), out=t)  # (num - r) - r e
    np.divide(t, d, out=t)
    return np.add(r, t, out=r)


def _sigmoid_d_kernel(e):
    """e / (1 + e)^2 for 0 <= e <= 1, the rounding of 1 + e compensated (about 2 ulp).

    q = e/d^2 with d = fl(1 + e) and err = (1 + e) - d exactly (Fast2Sum), then
    e/(d + err)^2 = q (1 - 2 err/d) to first order. Written with out= buffers.
    """
    d = np.add(e, 1.0)
    err = np.subtract(d, 1.0)
    np.subtract(e, err, out=err)  # err = e - (d - 1), exact
    q = np.multiply(d, d)
    np.divide(e, q, out=q)
    np.divide(err, d, out=err)
    np.multiply(err, 2.0, out=err)
    np.multiply(err, q, out=err)
    return np.subtract(q, err, out=q)


# --------------------------------------------------------------------------------------------
# step, threshold, identity


def _indicator(x, mask):
    """``mask`` as 0/1 in x's own dtype, NaN where x is NaN: exact in any float dtype, so the
    comparison kernels run with ``exact=True`` (one pass in the input dtype, no float64 copy).
    Parameters are compared as float64 scalars, so a float32 x is compared exactly."""
    r = mask.astype(x.dtype)
    if _may_hold_nan(x):
        r[np.isnan(x)] = np.nan
    return r


def _may_hold_nan(x):
    # One max-reducing pass (no boolean array; np.maximum propagates NaN) says whether x holds
    # a NaN: the cheapest full pass NumPy has.
    if x.size == 0:
        return False
    m = np.maximum.reduce(x, axis=None)
    return bool(m != m)


def _any_nan(x):
    """Whether x holds a NaN, in one read pass (run under _apply's errstate)."""
    if x.size <= _BLOCK and x.dtype.itemsize > 2:
        # The dot x.x (BLAS) costs half the reduce's ~1 us per call at mini-batch sizes: NaN
        # propagates and squares make no other NaN (they may overflow to inf: silent here).
        v = x if x.ndim == 1 else x.ravel()
        return math.isnan(np.dot(v, v))
    # The max propagates NaN and, unlike a sum, makes none from inf - inf (SIMD).
    return math.isnan(np.maximum.reduce(x, axis=None, initial=-math.inf))


def _nan_back(x, r):
    """``r`` (from comparisons of ``x``) with NaN put back where ``x`` is NaN, in place."""
    if _any_nan(x):
        r[np.isnan(x)] = np.nan
    return r


def _at_most(t, dtype):
    """The largest ``dtype`` value <= t: ``x > t`` and ``x > _at_most(t)`` agree for every x of
    dtype, so a parameter is compared exactly without converting x to float64."""
    d = dtype.type(t)
    return np.nextafter(d, dtype.type(-np.inf)) if float(d) > t else d


def _at_least(t, dtype):
    """The smallest ``dtype`` value >= t: ``x < t`` and ``x < _at_least(t)`` agree."""
    d = dtype.type(t)
    return np.nextafter(d, dtype.type(np.inf)) if float(d) < t else d


def _step(x):
    return _nan_back(x, (x > 0).astype(x.dtype))


def _zero_like(x):
    # np.zeros takes memory the system hands out zeroed (no fill pass, unlike np.zeros_like).
    return _nan_back(x, np.zeros(x.shape, x.dtype))


def step(x):
    r"""Heaviside step: 1 for x > 0, else 0.

    .. math:: f(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}

    Range ``{0, 1}``. The value at 0 is 0, as the source notes define it (NumPy's
    ``np.heaviside(x, 0)``). Alias ``heaviside``.

    Derivative: 0 everywhere this library returns a value (``step.derivative``). The true
    derivative at 0 is a Dirac delta, which no array can hold; this is why perceptrons with a
    step cannot be trained by gradient descent. NaN in gives NaN out.

    Examples
    --------
    >>> import actlib
    >>> actlib.step([-1.0, 0.0, 2.5])
    array([0., 0., 1.])
    >>> actlib.step.derivative([-1.0, 0.0, 2.5])
    array([0., 0., 0.])
    """
    return _apply("step", _step, x, exact=True)


def step_derivative(x):
    """Derivative of :func:`step`: 0 everywhere (the Dirac delta at 0 is not representable)."""
    return _apply("step.derivative", _zero_like, x, exact=True)


def _threshold(x, t, value):
    # "x <= t" is False for NaN, so NaN stays; value is rounded once to x's dtype.
    return np.where(x <= _at_most(t, x.dtype), x.dtype.type(value), x)


def _threshold_d(x, t):
    return _nan_back(x, (x > _at_most(t, x.dtype)).astype(x.dtype))


def threshold(x, threshold=1.0, value=0.0):
    r"""Threshold: x where x > threshold, else a constant ``value`` (PyTorch ``nn.Threshold``).

    .. math:: f(x) = \begin{cases} x & x > t \\ v & x \le t \end{cases}

    Range: ``{value} ∪ (threshold, ∞)``. PyTorch has no defaults; here ``threshold=1.0`` and
    ``value=0.0`` so the jump shows. With ``threshold=0, value=0`` it is ReLU.

    Derivative: 1 above the threshold, 0 at and below it (PyTorch's convention at the jump).

    Examples
    --------
    >>> import actlib
    >>> actlib.threshold([0.5, 1.0, 1.5], threshold=1.0, value=-2.0)
    array([-2. , -2. ,  1.5])
    >>> actlib.threshold.derivative([0.5, 1.0, 1.5])
    array([0., 0., 1.])
    """
    t = real_param("threshold", "threshold", threshold)
    v = real_param("threshold", "value", value)
    return _apply("threshold", _threshold, x, t, v, exact=True)


def threshold_derivative(x, threshold=1.0, value=0.0):
    """Derivative of :func:`threshold`: 1 where x > threshold, else 0."""
    t = real_param("threshold.derivative", "threshold", threshold)
    real_param("threshold.derivative", "value", value)
    return _apply("threshold.derivative", _threshold_d, x, t, exact=True)


def _identity(x):
    return x.copy()


def _one_like(x):
    return _nan_back(x, np.ones(x.shape, x.dtype))


def identity(x):
    r"""Identity (linear) activation: f(x) = x. Alias ``linear``.

    Range ``(-∞, ∞)``; derivative 1 everywhere (NaN for NaN). Used on regression outputs.

    Examples
    --------
    >>> import actlib
    >>> actlib.identity([-2.0, 3.0])
    array([-2.,  3.])
    >>> actlib.identity.derivative([-2.0, 3.0])
    array([1., 1.])
    """
    return _apply("identity", _identity, x, exact=True)


def identity_derivative(x):
    """Derivative of :func:`identity`: 1 everywhere."""
    return _apply("identity.derivative", _one_like, x, exact=True)


# --------------------------------------------------------------------------------------------
# sigmoid, tanh and the log-sigmoid / softplus pair


def _sigmoid(x):
    # With e = exp(-|x|) nothing overflows: sigmoid = 1/(1+e) for x >= 0 and e/(1+e) below.
    return _sigmoid_accurate(x)


def _sigmoid_narrow(x):
    # For float32/16 output: 1/(1 + exp(-x)) in plain float64 (two roundings; exp(-x) = inf
    # gives 0, and float64 holds every float32 result).
    t = np.negative(x)
    np.exp(t, out=t)
    np.add(t, 1.0, out=t)
    return np.divide(1.0, t, out=t)


def _sigmoid_d_narrow(x):
    # For float32/16 output: e/(1+e)^2 in plain float64, no compensation of 1 + e.
    e = np.abs(x)
    np.negative(e, out=e)
    np.exp(e, out=e)
    d = np.add(e, 1.0)
    np.multiply(d, d, out=d)
    return np.divide(e, d, out=e)


def _softplus_d_narrow(x, beta):
    return _sigmoid_narrow(x * beta if beta != 1.0 else x)


def _log_sigmoid_d_narrow(x):
    return _sigmoid_narrow(-x)


def _sigmoid_d(x):
    # sigmoid' = s(x) s(-x) = e/(1+e)^2 with e = exp(-|x|): no 1 - s cancellation in the tails.
    return _sigmoid_d_kernel(np.exp(-np.abs(x)))


def sigmoid(x):
    r"""Logistic sigmoid, :math:`\sigma(x) = 1/(1+e^{-x})` (``scipy.special.expit``).

    Range ``(0, 1)`` (0 and 1 are reached only in the float limits). Derivative
    :math:`\sigma'(x) = \sigma(x)\,(1-\sigma(x))`, largest at 0 where it is 0.25.

    Computed as ``max(e, x >= 0) / (1 + e)`` with ``e = exp(-|x|)``: no overflow, no warning, and
    deep negative inputs give the right subnormal (``sigmoid(-720)`` is about 2e-313, not 0).
    The textbook derivative ``s*(1-s)`` returns 0 for x >= 36.75; ``sigmoid.derivative`` uses
    ``e/(1+e)**2`` and stays accurate in the tails.

    Examples
    --------
    >>> import actlib
    >>> actlib.sigmoid([-1.0, 0.0, 1.0])
    array([0.26894142, 0.5       , 0.73105858])
    >>> float(actlib.sigmoid.derivative(0.0))
    0.25
    >>> float(actlib.sigmoid.derivative(40.0))
    4.248354255291589e-18
    """
    return _apply("sigmoid", _sigmoid, x, narrow=_sigmoid_narrow)


def sigmoid_derivative(x):
    """Derivative of :func:`sigmoid`: sigmoid(x) * (1 - sigmoid(x)), without cancellation."""
    return _apply("sigmoid.derivative", _sigmoid_d, x, narrow=_sigmoid_d_narrow)


def _tanh_d(x):
    # tanh' = 1 - tanh^2 = 4e/(1+e)^2 with e = exp(-2|x|): no cancellation, no overflow.
    ax = np.abs(x)
    e = np.multiply(ax, -2.0)
    np.exp(e, out=e)
    r = _sigmoid_d_kernel(e)
    np.multiply(r, 4.0, out=r)
    # Past 354 exp(-2|x|) is subnormal: square (2 e^-|x|) there (one reduction tests for it).
    if np.fmax.reduce(ax, axis=None, initial=0.0) > 354.0:
        _patch(ax, r, ax > 354.0, _tanh_d_tail)
    return r


def _tanh_d_tail(ax):
    h2 = 2.0 * np.exp(-ax)
    return h2 * h2


def _tanh(x):
    # One pass over the input's own array, no blocks: float64 is np.tanh itself; float32/16
    # run np.tanh's float64 loop on buffered casts (NumPy's float32 tanh is up to 2.4 ulp off),
    # rounded once into the narrow output.
    if x.dtype == _F64:
        return np.tanh(x)
    return np.tanh(x, out=np.empty_like(x), dtype=np.float64, casting="same_kind")


def tanh(x):
    r"""Hyperbolic tangent, :math:`\tanh x = (e^{x}-e^{-x})/(e^{x}+e^{-x}) = 2\sigma(2x)-1`.

    Range ``(-1, 1)``, zero-centred. Derivative :math:`1-\tanh^2 x = \operatorname{sech}^2 x`,
    largest at 0 where it is 1; computed as ``(2h/(1+h^2))**2`` with ``h = exp(-|x|)``, so
    ``tanh.derivative(20)`` is 1.7e-17 and not the 0 that ``1 - tanh(20)**2`` gives.

    Examples
    --------
    >>> import actlib
    >>> actlib.tanh([-1.0, 0.0, 1.0])
    array([-0.76159416,  0.        ,  0.76159416])
    >>> float(actlib.tanh.derivative(0.0))
    1.0
    >>> round(float(actlib.tanh.derivative(3.0)), 6)
    0.009866
    """
    return _apply("tanh", _tanh, x, exact=True)


def tanh_derivative(x):
    """Derivative of :func:`tanh`: sech(x)**2, accurate in the tails."""
    return _apply("tanh.derivative", _tanh_d, x, narrow=_tanh_d_narrow)


def _tanh_d_narrow(x):
    # For float32/16 output: (1/cosh x)^2 in plain float64 is within a few float64 ulp (and 0
    # where cosh overflows, as float32's sech^2 already is past |x| = 52).
    r = np.cosh(x)
    np.divide(1.0, r, out=r)
    return np.multiply(r, r, out=r)


def _softplus(x, beta):
    # log(1 + e^(bx))/b rewritten as max(x, 0) + log1p(exp(-|bx|))/b: exp never overflows,
    # and max(x, 0) is not divided by b, so softplus(x) = x exactly far out (even if bx is inf).
    bx = x * beta if beta != 1.0 else x
    tail = np.log1p(np.exp(-np.abs(bx)))
    if beta < 1.0:
        t = -np.abs(bx)
        low = (t < -700.0) & (t >= -1100.0)
        if low.any():
            # exp(t) is subnormal below -708 and has lost bits before 1/beta lifts it back:
            # log1p(e) = e there, formed at scale 2**512. Below -1100, e/beta underflows to 0
            # for every beta >= 1e-150 (the domain).
            tail = tail / beta
            tail = np.where(low, np.ldexp(_exp_scaled(t) / beta, -512), tail)
            return np.maximum(x, 0.0) + tail
    return np.maximum(x, 0.0) + (tail / beta if beta != 1.0 else tail)


def _softplus_d(x, beta):
    bx = x * beta if beta != 1.0 else x
    return _sigmoid(bx)


def softplus(x, beta=1.0):
    r"""Softplus, :math:`\frac{1}{\beta}\log(1 + e^{\beta x})`, a smooth ReLU.

    Range ``(0, ∞)``. Derivative :math:`\sigma(\beta x)`. Default ``beta=1`` (PyTorch).
    Source note 000 calls ``log(1+exp(x))`` "softmax": it is softplus.

    Unlike PyTorch, which returns ``x`` once ``beta*x > 20`` (its ``threshold`` argument), this is
    exact everywhere: ``max(bx, 0) + log1p(exp(-|bx|))``. For ``beta`` other than a power of two,
    the product ``beta*x`` is rounded once before the function is applied, so the result is exact
    for that rounded product (deep in the negative tail that differs from the exact value by
    about ``|beta*x|`` ulp).

    Examples
    --------
    >>> import actlib
    >>> actlib.softplus([-1.0, 0.0, 1.0])
    array([0.31326169, 0.69314718, 1.31326169])
    >>> float(actlib.softplus(1000.0))
    1000.0
    >>> actlib.softplus.derivative([0.0])
    array([0.5])
    """
    b = real_param("softplus", "beta", beta, positive=True)
    return _apply("softplus", _softplus, x, b)


def softplus_derivative(x, beta=1.0):
    """Derivative of :func:`softplus`: sigmoid(beta * x)."""
    b = real_param("softplus.derivative", "beta", beta, positive=True)
    return _apply("softplus.derivative", _softplus_d, x, b, narrow=_softplus_d_narrow)


def _log_sigmoid(x):
    # log(sigmoid(x)) = -softplus(-x) = min(x, 0) - log1p(exp(-|x|)): no log(0), no overflow.
    return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))


def _log_sigmoid_d(x):
    return _sigmoid(-x)


def log_sigmoid(x):
    r"""Log-sigmoid, :math:`\log \sigma(x) = -\operatorname{softplus}(-x)`.

    Range ``(-∞, 0)``. Derivative :math:`1 - \sigma(x) = \sigma(-x)`.
    ``log_sigmoid(-1000)`` is -1000, where ``np.log(sigmoid(-1000))`` gives -inf.

    Examples
    --------
    >>> import actlib
    >>> actlib.log_sigmoid([-1000.0, 0.0]).tolist()
    [-1000.0, -0.6931471805599453]
    >>> actlib.log_sigmoid.derivative([0.0])
    array([0.5])
    """
    return _apply("log_sigmoid", _log_sigmoid, x)


def log_sigmoid_derivative(x):
    """Derivative of :func:`log_sigmoid`: sigmoid(-x)."""
    return _apply("log_sigmoid.derivative", _log_sigmoid_d, x, narrow=_log_sigmoid_d_narrow)


# --------------------------------------------------------------------------------------------
# the ReLU family
#
# These kernels are branch-free: with random signs, np.where and masked copies cost several ns
# an element (mispredicted branches), while a SIMD ufunc pass costs a fraction of one. Each
# piecewise formula is a max/min, or a sum whose other term is 0 on each side (exact), or a
# blend d*a + (1-d)*b with a 0/1 indicator d (exact).

# np.clip's ufunc: the same loop without np.clip's Python wrapper (~1.5 us a call).
_clip = getattr(np._core.umath, "clip", np.clip)

_CONST_N = 1 << 16  # elements in a cached constant block (512 kB in float64)
_CONSTS = {}


def _const(value, char):
    """A cached read-only block of ``_CONST_N`` copies of the constant ``value`` in the dtype
    ``char`` (a dtype's one-letter code).

    np.maximum / np.minimum run their SIMD loop only when both operands are arrays: with a
    scalar operand they go element by element, 2-4x slower. (Keys are (value, char): only
    fixed constants are cached, never -0.0.)
    """
    c = _CONSTS.get((value, char))
    if c is None:
        c = np.full(_CONST_N, value, char)
        c.flags.writeable = False
        c = _CONSTS.setdefault((value, char), c)
    return c


def _like(x, value):
    """``value`` as the other operand of an elementwise ufunc on x: a view of a cached block
    shaped like x (see :func:`_const`) when x is small enough, else a scalar."""
    n = x.size
    if n <= _CONST_N:
        c = _const(value, x.dtype.char)[:n]
        return c if x.ndim == 1 else c.reshape(x.shape)
    return x.dtype.type(value)


_RELU_BLOCKS = 1 << 21  # above this, clip and add block by block (in cache)


def _relu(x, out=None):
    if x.dtype == np.float16 or (x.size <= 8192 and out is None):
        # np.maximum propagates NaN; below ~8k elements its one call beats clip + add.
        return np.maximum(x, x.dtype.type(0))
    if x.size > _RELU_BLOCKS and x.flags.c_contiguous:
        out = np.empty_like(x, order="C")
        flat, oflat = x.reshape(-1), out.reshape(-1)
        for start in range(0, x.size, _CONST_N):
            _relu(flat[start : start + _CONST_N], oflat[start : start + _CONST_N])
        return out
    # The clip ufunc runs a SIMD loop with scalar bounds (np.maximum(x, 0) goes element by
    # element, 2-4x slower); NaN stays NaN. Adding 0.0 turns the -0.0 that clip keeps into the
    # +0 that np.maximum(x, 0) gives.
    r = _clip(x, 0.0, np.inf, out=out)
    return np.add(r, 0.0, out=r)


def _relu_d(x):
    if x.size <= 2048 and x.dtype != np.float16:
        # Two calls, NaN included (the fewest for a mini-batch): sign(max(x, 0)) is 1 for
        # x > 0, +0 at and below (the tie at -0.0 returns the second operand), NaN for NaN.
        r = np.maximum(x, x.dtype.type(0))
        return np.sign(r, out=r)
    return _indicator(x, x > 0)


def relu(x):
    r"""Rectified linear unit, :math:`\max(0, x)`.

    Range ``[0, ∞)`` (source note 002 wrote "[0, x]"). Derivative 0 for x < 0, 1 for x > 0,
    and **0 at x = 0** (PyTorch's and JAX's convention; the one-sided derivatives are 0 and 1).

    Examples
    --------
    >>> import actlib
    >>> actlib.relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    >>> actlib.relu.derivative([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """
    return _apply("relu", _relu, x, exact=True)


def relu_derivative(x):
    """Derivative of :func:`relu`: 1 for x > 0, else 0 (0 at the kink)."""
    return _apply("relu.derivative", _relu_d, x, exact=True)


def _relu6(x):
    return _clip(x, x.dtype.type(0), x.dtype.type(6))  # SIMD with scalar bounds


def _relu6_d(x):
    return _indicator(x, (x > 0) & (x < 6))


# Kernels made only of np.maximum / np.clip / a copy: no floating-point operation that can set
# a flag (NaN, inf and subnormals included), so _apply's fast path runs them without an errstate.
_CANNOT_WARN = frozenset({_identity, _relu, _relu6})


def relu6(x):
    r"""ReLU capped at 6, :math:`\min(\max(0, x), 6)` (MobileNet).

    Range ``[0, 6]``. Derivative 1 on (0, 6), else 0; **0 at both kinks** x = 0 and x = 6
    (PyTorch).

    Examples
    --------
    >>> import actlib
    >>> actlib.relu6([-1.0, 3.0, 9.0])
    array([0., 3., 6.])
    >>> actlib.relu6.derivative([0.0, 3.0, 6.0])
    array([0., 1., 0.])
    """
    return _apply("relu6", _relu6, x, exact=True)


def relu6_derivative(x):
    """Derivative of :func:`relu6`: 1 on the open interval (0, 6), else 0."""
    return _apply("relu6.derivative", _relu6_d, x, exact=True)


def _leaky(x, alpha):
    if alpha == 0:
        # The limit at -inf is 0 (alpha * -inf would be NaN): relu, +0 for x <= 0.
        return _relu(x)
    r = np.multiply(x, alpha)  # NaN * alpha is NaN
    if alpha > 1:
        # alpha x < x exactly where x < 0, so min(x, alpha x) is the function.
        return np.minimum(x, r, out=r)
    # For alpha <= 1 (negative too), alpha x >= x exactly where x <= 0: max(x, alpha x). At
    # x = +-0 the tie returns the second operand, alpha x, the value at and below the kink.
    return np.maximum(x, r, out=r)


def _rrelu(x, slope, scaled):
    """Leaky ReLU with the mean slope (l+u)/2; ``scaled`` = (l+u) * 2**600 / 2 when that slope
    is subnormal (it is then not a float64: the product is formed at scale and scaled back)."""
    if scaled is None:
        return _leaky(x, slope)
    neg = np.ldexp(scaled * x, -600)
    return np.maximum(x, neg, out=neg)  # as _leaky: the slope is in [0, 1]


def _leaky_d(x, alpha):
    if 0 < alpha <= 1 and x.size <= 4096:
        # Two calls, NaN included (the fewest for a mini-batch): clip(sign(x), alpha, 1) is 1
        # for x > 0 and alpha at and below (sign is -1 or +-0 there).
        r = np.sign(x)
        return _clip(r, alpha, 1.0, out=r)
    c = 1.0 - alpha
    if c + alpha == 1.0:
        # d (1 - alpha) + alpha with d = [x > 0]: alpha for d = 0 and, as just checked, 1 for
        # d = 1 (true for every alpha in [0, 2]); _indicator's NaN propagates.
        d = _indicator(x, x > 0)
        np.multiply(d, c, out=d)
        return np.add(d, alpha, out=d)
    return _keep_nan(x, np.where(x > 0, 1.0, alpha))


def leaky_relu(x, alpha=0.01):
    r"""Leaky ReLU, :math:`x` for x > 0 and :math:`\alpha x` otherwise.

    Default slope ``alpha=0.01`` (PyTorch ``negative_slope``, JAX); Keras' ``LeakyReLU`` layer
    defaults to 0.3, ``keras.activations.leaky_relu`` and ``tf.nn.leaky_relu`` to 0.2.
    Range ``(-∞, ∞)`` for alpha > 0. Derivative 1 for x > 0
    and **alpha at and below 0** (PyTorch).

    Examples
    --------
    >>> import actlib
    >>> actlib.leaky_relu([-2.0, 0.0, 3.0])
    array([-0.02,  0.  ,  3.  ])
    >>> actlib.leaky_relu.derivative([-2.0, 0.0, 3.0], alpha=0.1)
    array([0.1, 0.1, 1. ])
    """
    a = real_param("leaky_relu", "alpha", alpha)
    return _apply("leaky_relu", _leaky, x, a)


def leaky_relu_derivative(x, alpha=0.01):
    """Derivative of :func:`leaky_relu`: 1 for x > 0, alpha otherwise (alpha at the kink)."""
    a = real_param("leaky_relu.derivative", "alpha", alpha)
    return _apply("leaky_relu.derivative", _leaky_d, x, a)


def prelu(x, alpha=0.25):
    r"""Parametric ReLU: leaky ReLU whose slope ``alpha`` is learned (He et al. 2015).

    The forward formula is :func:`leaky_relu`'s; the default ``alpha=0.25`` is PyTorch
    ``nn.PReLU``'s initial value. Derivative with respect to x: 1 for x > 0, alpha otherwise.

    Examples
    --------
    >>> import actlib
    >>> actlib.prelu([-2.0, 3.0])
    array([-0.5,  3. ])
    """
    a = real_param("prelu", "alpha", alpha)
    return _apply("prelu", _leaky, x, a)


def prelu_derivative(x, alpha=0.25):
    """Derivative of :func:`prelu` with respect to x: 1 for x > 0, alpha otherwise."""
    a = real_param("prelu.derivative", "alpha", alpha)
    return _apply("prelu.derivative", _leaky_d, x, a)


def _elu(x, alpha):
    zero = _like(x, 0.0)
    # expm1 keeps alpha*(e^x - 1) accurate near 0, where e^x - 1 would cancel.
    r = np.minimum(x, zero)  # NaN stays NaN; +0 for x = -0.0 (the tie returns the second)
    np.expm1(r, out=r)
    if alpha != 1.0:
        np.multiply(r, alpha, out=r)
    if alpha <= 1.0:
        # alpha expm1(x) >= expm1(x) >= x for x <= 0 and = 0 above: max(x, .) is the function.
        return np.maximum(x, r, out=r)
    # The sum max(x, 0) + alpha expm1(min(x, 0)) is exact: one term is 0 on each side.
    return np.add(r, np.maximum(x, zero), out=r)


def _elu_d_narrow(x, alpha):
    zero = _like(x, 0.0)
    r = np.exp(np.minimum(x, zero))  # 1 for x > 0
    if alpha == 1.0:
        return r  # alpha = 1 at the kink too
    np.multiply(r, alpha, out=r)
    return _one_above(x, r, alpha <= 1.0)


def _one_above(x, r, r_le_1):
    """``r`` with 1 where x > 0 (``r`` holds NaN where x does): max(r, [x > 0]) when r <= 1,
    else the exact blend d + (1 - d) r with d = [x > 0]."""
    d = (x > 0).astype(x.dtype)
    if r_le_1:
        return np.maximum(r, d, out=r)
    np.multiply(r, np.subtract(1.0, d), out=r)
    return np.add(r, d, out=r)


def _elu_d(x, alpha):
    r = _elu_d_narrow(x, alpha)
    if alpha > 1.0 and (x < -600.0).any():
        # exp(x) is subnormal below -708 and has lost bits before alpha multiplies it (alpha up
        # to 1e150 lifts it back into the normal range): form alpha * exp(x) at scale 2**512.
        # Below -1100, alpha * exp(x) < 1e150 * e**-1100 underflows to 0 anyway.
        low = (x < -600.0) & (x >= -1100.0)
        r = np.where(low, np.ldexp(alpha * _exp_scaled(x), -512), r)
    return r


def elu(x, alpha=1.0):
    r"""Exponential linear unit: x for x > 0, :math:`\alpha(e^x - 1)` otherwise.

    Range ``(-alpha, ∞)``. Derivative 1 for x > 0 and :math:`\alpha e^x` for x <= 0, so
    **alpha at the kink** (PyTorch); continuous there only when alpha = 1. alpha's domain is
    [0, 1e150]: below x = -708 the derivative is formed at scale, since exp(x) alone is subnormal.

    Examples
    --------
    >>> import actlib
    >>> actlib.elu([-1.0, 0.0, 2.0])
    array([-0.63212056,  0.        ,  2.        ])
    >>> actlib.elu.derivative([0.0], alpha=0.5)
    array([0.5])
    """
    a = real_param("elu", "alpha", alpha)
    return _apply("elu", _elu, x, a)


def elu_derivative(x, alpha=1.0):
    """Derivative of :func:`elu`: 1 for x > 0, alpha*exp(x) for x <= 0 (alpha at the kink)."""
    a = real_param("elu.derivative", "alpha", alpha)
    return _apply("elu.derivative", _elu_d, x, a, narrow=_elu_d_narrow)


def _celu_q(x, alpha):
    """``(q, q_lo)``: xn / alpha == q + q_lo to about 2**-106, with xn = min(x, 0).

    exp(q) multiplies the division's rounding error by |q| (350 ulp at q = -700 for alpha = 0.1),
    so the residual xn - q*alpha is computed exactly (alpha in [1e-100, 1e100]) and carried.
    """
    xn = np.minimum(x, _like(x, 0.0))
    q = xn / alpha
    # Below q = -1e3, exp(q) is 0 and q_lo does not matter: q and xn are clipped there, to
    # keep the splitting finite (q_lo then comes out ~0).
    qc = np.maximum(q, -1e3)
    np.maximum(xn, -1e3 * alpha, out=xn)
    p = qc * alpha
    # Dekker: qc*alpha == p + err exactly, alpha's halves split once.
    c = _SPLIT * alpha
    ah = c - (c - alpha)
    al = alpha - ah
    qh = _split_hi(qc)
    np.subtract(qc, qh, out=qc)  # qc is now the low half of the split
    err = np.multiply(qh, ah)
    np.subtract(err, p, out=err)
    np.multiply(qh, al, out=qh)
    np.add(err, qh, out=err)
    np.multiply(qc, ah, out=qh)
    np.add(err, qh, out=err)
    np.multiply(qc, al, out=qh)
    np.add(err, qh, out=err)
    np.subtract(xn, p, out=xn)  # exact (Sterbenz) where it matters
    np.subtract(xn, err, out=xn)
    return q, np.divide(xn, alpha, out=xn)


def _celu(x, alpha):
    if alpha == 1.0:
        return _elu(x, 1.0)  # x / 1 is exact: celu is elu
    q, q_lo = _celu_q(x, alpha)
    e = np.exp(q)
    np.multiply(e, q_lo, out=e)
    r = np.expm1(q)
    np.add(r, e, out=r)
    np.multiply(r, alpha, out=r)
    np.add(r, np.maximum(x, _like(x, 0.0)), out=r)  # exact: one term is 0 on each side
    return _celu_tiny(x, q, r)


def _celu_tiny(x, q, r):
    """``r`` with, where x < 0 and |q| < 1e-9 (rare), alpha*expm1(q) as x (1 + q/2) to rounding:
    there q may be subnormal or 0, and the division has lost bits."""
    tiny = (x < 0) & (q > -1e-9)
    if tiny.any():
        i = np.flatnonzero(tiny)
        xi = x.take(i)
        r.put(i, xi + xi * (0.5 * q.take(i)))
    return r


def _celu_narrow(x, alpha):
    # For float32/float16 output: x/alpha rounded once is close enough (its error times |q|,
    # |q| < 1e3 where exp(q) is not 0, is ~1e-13 relative).
    if alpha == 1.0:
        return _elu(x, 1.0)
    zero = _like(x, 0.0)
    q = np.minimum(x, zero)
    np.divide(q, alpha, out=q)
    r = np.expm1(q)
    np.multiply(r, alpha, out=r)
    np.add(r, np.maximum(x, zero), out=r)  # exact: one term is 0 on each side
    return _celu_tiny(x, q, r)


def _celu_d(x, alpha):
    if alpha == 1.0:
        return _elu_d_narrow(x, 1.0)  # exp(min(x, 0)): x / 1 is exact
    q, q_lo = _celu_q(x, alpha)
    e = np.exp(q)  # 1 for x >= 0, where q = q_lo = 0
    np.multiply(q_lo, e, out=q_lo)
    return np.add(e, q_lo, out=e)


def _celu_d_narrow(x, alpha):
    if alpha == 1.0:
        return _elu_d_narrow(x, 1.0)
    q = np.minimum(x, _like(x, 0.0))
    np.divide(q, alpha, out=q)
    return np.exp(q, out=q)


def celu(x, alpha=1.0):
    r"""Continuously differentiable ELU: :math:`\max(0,x) + \min(0, \alpha(e^{x/\alpha}-1))`.

    Range ``(-alpha, ∞)`` for alpha > 0. Derivative 1 for x > 0 and :math:`e^{x/\alpha}` for
    x <= 0, so **1 at the kink** for every alpha. alpha's domain is [1e-100, 1e100]; x/alpha is
    carried to twice the precision, so exp(x/alpha) does not inherit the quotient's rounding.

    Examples
    --------
    >>> import actlib
    >>> actlib.celu([-1.0, 0.0, 2.0], alpha=2.0)
    array([-0.78693868,  0.        ,  2.        ])
    >>> actlib.celu.derivative([0.0], alpha=2.0)
    array([1.])
    """
    a = real_param("celu", "alpha", alpha, nonzero=True)
    return _apply("celu", _celu, x, a, narrow=_celu_narrow)


def celu_derivative(x, alpha=1.0):
    """Derivative of :func:`celu`: 1 for x > 0, exp(x/alpha) for x <= 0 (1 at the kink)."""
    a = real_param("celu.derivative", "alpha", alpha, nonzero=True)
    return _apply("celu.derivative", _celu_d, x, a, narrow=_celu_d_narrow)


def _times_selu_sa(v, narrow):
    """``v * scale*alpha`` in place. For float64 output the constant is applied as a float64
    pair, so it adds no rounding of its own; float32/float16 output does not need the pair."""
    if narrow:
        return np.multiply(v, _SELU_SA, out=v)
    lo = np.multiply(v, _SELU_SA_LO)
    np.multiply(v, _SELU_SA, out=v)
    return np.add(v, lo, out=v)


def _selu(x, narrow=False):
    zero = _like(x, 0.0)
    neg = np.minimum(x, zero)
    np.expm1(neg, out=neg)
    _times_selu_sa(neg, narrow)
    pos = np.maximum(x, zero)
    np.multiply(pos, SELU_SCALE, out=pos)
    return np.add(pos, neg, out=pos)  # exact: one term is 0 on each side


def _selu_narrow(x):
    return _selu(x, narrow=True)  # the pair is not needed for float32/float16 output


def _selu_d(x, narrow=False):
    neg = _times_selu_sa(np.exp(np.minimum(x, _like(x, 0.0))), narrow)
    # scale d + (1 - d) neg with d = [x > 0]: exact for d = 0 and 1; neg holds x's NaN.
    d = (x > 0).astype(x.dtype)
    np.multiply(neg, np.subtract(1.0, d), out=neg)
    np.multiply(d, SELU_SCALE, out=d)
    return np.add(neg, d, out=neg)


def _selu_d_narrow(x):
    return _selu_d(x, narrow=True)


def selu(x):
    r"""Scaled ELU: :math:`\lambda x` for x > 0, :math:`\lambda\alpha(e^x-1)` otherwise.

    :math:`\alpha = 1.6732632423543772848170429916717`,
    :math:`\lambda = 1.0507009873554804934193349852946` (Klambauer et al. 2017), chosen so that
    activations of a wide network with LeCun-normal weights keep mean 0 and variance 1.
    Range ``(-λα, ∞)`` = (-1.7581, ∞). Derivative λ for x > 0 and :math:`\lambda\alpha e^x`
    for x <= 0: **λα at the kink** (PyTorch).

    Examples
    --------
    >>> import actlib
    >>> actlib.selu([-1.0, 0.0, 1.0])
    array([-1.11133074,  0.        ,  1.05070099])
    >>> float(actlib.selu.derivative(0.0))
    1.7580993408473768
    """
    return _apply("selu", _selu, x, narrow=_selu_narrow)


def selu_derivative(x):
    """Derivative of :func:`selu`: scale for x > 0, scale*alpha*exp(x) for x <= 0."""
    return _apply("selu.derivative", _selu_d, x, narrow=_selu_d_narrow)


# --------------------------------------------------------------------------------------------
# smooth self-gated units: GELU, SiLU, Mish


def _piecewise(x, below, tail_fn, body_fn, *args):
    """``tail_fn`` on the elements ``x < below`` and ``body_fn`` on the others (NaN included).

    Each formula runs only on its own elements: flat indices from ``np.flatnonzero`` with
    ``take``/``put`` (a few times cheaper than boolean-mask indexing), instead of evaluating
    both everywhere and choosing with ``np.where``.
    """
    tail = x < below
    if not tail.any():
        return body_fn(x, *args)
    r = np.empty_like(x)
    ti = np.flatnonzero(tail)
    r.put(ti, tail_fn(x.take(ti), *args))
    if ti.size < x.size:
        bi = np.flatnonzero(np.logical_not(tail, out=tail))
        r.put(bi, body_fn(x.take(bi), *args))
    return r


def _gauss_rows(table):
    """A table of ``actlib._gauss_table`` plus its row of g (one value per interval)."""
    k = np.arange(_GT.K)
    g = np.where((k + 0.5) / _GT.S >= _GT.Y_EXP, 0.5 / (_GT.S * _GT.S), 0.0)
    return np.vstack([table, g])


def _pack4(rows):
    """Rows packed four to a 32-byte item, shape (ceil(rows/4), K): one ``take`` of an item
    fetches four coefficients (a third of the time of gathering them one by one)."""
    m = -(-rows.shape[0] // 4) * 4
    full = np.zeros((m, rows.shape[1]))
    full[: rows.shape[0]] = rows
    return np.ascontiguousarray(full.reshape(m // 4, 4, -1).transpose(0, 2, 1)).view("V32")[..., 0]


def _both(rows):
    return np.ascontiguousarray(rows), _pack4(rows)


_PHI_ROWS = _both(_gauss_rows(_GT.PHI))  # Phi(-y)
_GELU_D_ROWS = _both(_gauss_rows(_GT.GELU_D))  # gelu'(-y) = Phi(-y) - y phi(y)
_PHI_NARROW_ROWS = _both(_gauss_rows(_GT.PHI)[[0, 2, 3, 4, 5, -1]])  # hi, d^1..d^4, g
_PACKED_MIN = 2048  # from this size on the packed gather is faster (below, strided reads cost)
_GAUSS_Y_MAX = _GT.Y_MAX
_GAUSS_T_MAX = np.nextafter(float(_GT.K), 0.0)  # the largest S y inside the table


def _gauss_table(y, rows, deg=_GT.DEGREE, pair=True):
    """The tabulated function of y = |x| >= 0 (NaN stays NaN) for y < Y_MAX (see _gauss_table).

    Every element runs the same steps (no branch on the data): its interval's coefficients are
    gathered by ``take`` (four per item on big blocks, see _pack4), the polynomial in the
    exact local variable d is evaluated by Horner with the constant as a (hi, lo) pair, and
    exp(g d (d - 2 S y)) multiplies back the Gaussian factor taken out of the interval (g = 0
    below Y_EXP, where the factor is exactly 1). ``rows`` (plain and packed, see _both): hi,
    lo (if ``pair``), the coefficients of d^1 ... d^deg, g.
    """
    first = 2 if pair else 1  # the row of d^1
    t = np.multiply(y, float(_GT.S))  # exact (S is a power of 2)
    np.minimum(t, _GAUSS_T_MAX, out=t)  # past Y_MAX: the last interval (x <= -Y_MAX is patched)
    kf = np.floor(t)
    d = np.subtract(t, kf)
    np.subtract(d, 0.5, out=d)  # d in [-1/2, 1/2], exact
    # The interval's coefficients, row j as c(j); NaN's (undefined) index is clipped (d carries
    # the NaN).
    idx = kf.astype(np.intp)
    if idx.size >= _PACKED_MIN:
        items = np.take(rows[1], idx, axis=1, mode="clip")  # four coefficients per item
        q = items.view(np.float64).reshape(*items.shape, 4)

        def c(j):
            return q[j >> 2, ..., j & 3]

    else:
        q = np.take(rows[0], idx, axis=1, mode="clip")  # one contiguous row per coefficient

        def c(j):
            return q[j]

    r = np.multiply(c(first + deg - 1), d)
    for j in range(first + deg - 2, first - 1, -1):
        np.add(r, c(j), out=r)
        np.multiply(r, d, out=r)
    if pair:
        np.add(r, c(1), out=r)
    np.add(r, c(0), out=r)  # hi + (lo + d p(d)): the polynomial rounds about once
    np.multiply(t, -2.0, out=t)
    np.add(t, d, out=t)
    np.multiply(t, d, out=t)
    np.multiply(t, c(first + deg), out=t)  # g d (d - 2 S y) = -(y^2 - c^2)/2, or 0
    np.exp(t, out=t)
    return np.multiply(r, t, out=r)


_GAUSS_TAIL_F = (2027025.0, -135135.0, 10395.0, -945.0, 105.0, -15.0, 3.0, -1.0, 1.0)


def _gauss_tail_factor(x):
    """|x| Phi(x) / phi(x) for x <= -Y_MAX: the asymptotic series in s = 1/x^2
    (Abramowitz and Stegun 7.1.23), sum of (-1)^n (2n-1)!! s^n to n = 8 (< 1e-18 there)."""
    s = 1.0 / (x * x)
    f = np.full_like(x, _GAUSS_TAIL_F[0])
    for c in _GAUSS_TAIL_F[1:]:
        f = f * s + c
    return f, s


def _gauss_scaled(x):
    """M with exp(-x^2/2) == M * 2**-512 for 37.5 <= |x| <= 64, x^2 split exactly: the
    subnormal result is then rounded once, by the final ``ldexp``."""
    sq_err = _two_sq_err(x)
    m = _exp_scaled(-0.5 * (x * x))
    return m - m * (0.5 * sq_err)  # exp(-(sq + sq_err)/2) = exp(-sq/2) (1 - sq_err/2)


def _gelu_tail(x):
    # x <= -Y_MAX (gelu about subnormal): x Phi(x) = -phi(x) F(1/x^2).
    xc = np.maximum(x, -64.0)  # below -64 the result underflows to -0; the limit at -inf is 0
    f, _ = _gauss_tail_factor(xc)
    return np.ldexp((f * -_INV_SQRT_2PI) * _gauss_scaled(xc), -512)


def _gelu_d_tail(x):
    # x <= -Y_MAX: Phi(x) + x phi(x) = x phi(x) (1 - s F(s)), s = 1/x^2.
    xc = np.maximum(x, -64.0)
    f, s = _gauss_tail_factor(xc)
    return np.ldexp(((1.0 - s * f) * xc * _INV_SQRT_2PI) * _gauss_scaled(xc), -512)


def _patch_gauss_tail(x, r, tail_fn):
    """Overwrite r with ``tail_fn`` where x <= -Y_MAX (rare: one comparison when there is none)."""
    tail = x <= -_GAUSS_Y_MAX
    if tail.any():
        ti = np.flatnonzero(tail)
        r.put(ti, tail_fn(x.take(ti)))
    return r


_GELU_K = 1.5957691216057308  # 2 sqrt(2/pi) rounded to float64 ...
_GELU_K_LO = -9.96930880911092e-17  # ... and the part it drops
_GELU_C_LO = 2.1960211427085595e-18  # 0.044715 - float64(0.044715)


def _gelu_tanh_z(x):
    """z = 2 sqrt(2/pi) (x + 0.044715 x^3) as an exact-to-first-order pair ``(z, z_lo)``.

    sigmoid(z) has relative sensitivity |z| to z, so z's own rounding (a few ulp) would cost
    hundreds of ulp in the negative tail; the pair keeps it. |x| is capped at 60, where
    sigmoid(z) is already 0 or 1 in float64.
    """
    xc = np.clip(x, -60.0, 60.0)
    x2 = xc * xc
    x2_lo = _two_sq_err(xc)
    x3 = x2 * xc
    x3_lo = _two_prod_err(x2, xc) + x2_lo * xc
    cx3 = _GELU_TANH_C * x3
    cx3_lo = _two_prod_err(np.float64(_GELU_TANH_C), x3) + _GELU_TANH_C * x3_lo + _GELU_C_LO * x3
    u = xc + cx3
    bb = u - xc
    u_lo = ((xc - (u - bb)) + (cx3 - bb)) + cx3_lo  # TwoSum
    z = _GELU_K * u
    z_lo = _two_prod_err(np.float64(_GELU_K), u) + _GELU_K * u_lo + _GELU_K_LO * u
    return z, z_lo


def _x_sigmoid(x, z, z_lo):
    """``x * sigmoid(z + z_lo)`` rounded once: silu is ``_x_sigmoid(x, x, 0)``.

    With e = exp(-|z|): x / (1 + e) for z >= 0 and x e / (1 + e) below, numerator and
    denominator carried as exact pairs; below z = -708 e is subnormal, so x e^z is formed as
    (x M) 2^-512 instead. |x| must be below 1e150 (callers cap it).
    """
    e = np.exp(-np.abs(z))
    e = e - e * (np.sign(z) * z_lo)  # exp(-|z + z_lo|) to first order
    d = 1.0 + e
    err = e - (d - 1.0)
    pos = z >= 0
    num = np.where(pos, x, x * e)
    num_lo = np.where(pos, 0.0, _two_prod_err(x, e))
    r = _div_dd(num, num_lo, d, err)
    m = _exp_scaled(z)
    tail = np.ldexp(np.maximum(x, -1100.0) * (m + m * z_lo), -512)
    return np.where(z < -708.0, tail, r)


def _gelu(x, approximate):
    if approximate == "tanh":
        # 0.5 x (1 + tanh(u)) == x * sigmoid(2u): no cancellation of 1 + tanh(u) for x < 0.
        xc = np.clip(x, -60.0, 60.0)
        r = _x_sigmoid(xc, *_gelu_tanh_z(x))
        r = np.where(x > 60.0, x, np.where(x < -60.0, -0.0, r))
        return _keep_nan(x, r)
    return _gelu_erf(x)


def _gelu_erf(x):
    # x Phi(x) with P = Phi(-|x|): x P for x <= 0, x - x P above, i.e. the larger of the two
    # (P <= 1/2). No branch on the data; x = -0 gives -0 (maximum returns its 2nd on ties).
    y = np.abs(x)
    p = _gauss_table(y, _PHI_ROWS)
    np.minimum(x, 64.0, out=y)  # x P, not inf * P, at +inf (P is ~1e-307 there)
    v = np.multiply(y, p, out=p)
    w = np.subtract(x, v, out=y)
    r = np.maximum(w, v, out=w)
    return _patch_gauss_tail(x, r, _gelu_tail)


_NARROW_TABLE_MIN = 4096  # float32/16 arrays from this size on use the table kernel


def _ndtr(x):
    # scipy.special is imported on first use (it costs ~0.5 s): only small float32/16 GELU
    # arrays need it, where one compiled ndtr call beats the table kernel's dozens of ufunc calls.
    global _ndtr
    from scipy.special import ndtr

    _ndtr = ndtr
    return ndtr(x)


def _gelu_narrow(x, approximate):
    # For float32/16 output, where a plain float64 formula within ~1e-12 relative rounds within
    # 1 ulp: big arrays run the table polynomials to d^4 (within 2e-9 relative) without the
    # (hi, lo) pair and without the tail (below -37.5 x Phi(x) rounds to -0); small ones run
    # x * ndtr(x) (SciPy's erfc is within ~1e-14 relative), fewer calls.
    if approximate == "tanh":
        return _gelu(x, approximate)
    if x.size < _NARROW_TABLE_MIN:
        xc = np.maximum(x, -64.0)  # gelu(-inf) = 0, not -inf * 0; below -64 it is -0 anyway
        r = _ndtr(xc)
        return np.multiply(r, xc, out=r)
    y = np.abs(x)
    p = _gauss_table(y, _PHI_NARROW_ROWS, 4, pair=False)
    np.clip(x, -64.0, 64.0, out=y)  # x P, not -inf * P, at -inf (P is ~1e-307 past 37.5)
    v = np.multiply(y, p, out=p)
    w = np.subtract(x, v, out=y)
    return np.maximum(w, v, out=w)


def _gelu_d_narrow(x, approximate):
    # For float32/16 output: small arrays run Phi(x) + x phi(x) in plain float64 (see
    # _gelu_narrow); big ones the float64 kernel (the root of gelu' needs its accuracy), its
    # -0 far below -37.5 made +0 as the plain formula gives.
    if approximate == "tanh":
        return _gelu_d(x, approximate)
    if x.size >= _NARROW_TABLE_MIN:
        return np.add(_gelu_d(x, approximate), 0.0)
    xc = np.clip(x, -64.0, 64.0)  # the limits 0 and 1 at -+inf, not inf * 0
    q = np.multiply(xc, xc)
    np.multiply(q, -0.5, out=q)
    np.exp(q, out=q)
    np.multiply(q, xc, out=q)
    np.multiply(q, _INV_SQRT_2PI, out=q)
    return np.add(q, _ndtr(xc), out=q)


def _gelu_d(x, approximate):
    if approximate == "tanh":
        # d/dx x sigmoid(z) = sigmoid(z) (1 + x sigmoid(-z) z'),  z' = 2 sqrt(2/pi) (1 + 3c x^2);
        # the factor in brackets and z' are carried as exact pairs, so the result rounds ~once.
        z, z_lo = _gelu_tanh_z(x)
        xc = np.clip(x, -60.0, 60.0)
        one = np.ones_like(xc)
        s = _x_sigmoid(one, z, z_lo)
        s_neg = _x_sigmoid(one, -z, -z_lo)
        x2 = xc * xc
        x2_lo = _two_sq_err(xc)
        c3 = 3.0 * _GELU_TANH_C
        c3_lo = _two_prod_err(np.float64(3.0), np.float64(_GELU_TANH_C)) + 3.0 * _GELU_C_LO
        w1 = c3 * x2
        w1_lo = _two_prod_err(np.float64(c3), x2) + c3 * x2_lo + c3_lo * x2
        u, u_lo = _sum_pair(one, 0.0, w1, w1_lo)
        dz = _GELU_K * u
        dz_lo = _two_prod_err(np.float64(_GELU_K), u) + _GELU_K * u_lo + _GELU_K_LO * u
        t1 = xc * s_neg
        t1_lo = _two_prod_err(xc, s_neg)
        t = t1 * dz
        t_lo = _two_prod_err(t1, dz) + t1 * dz_lo + t1_lo * dz
        f, f_lo = _sum_pair(one, 0.0, t, t_lo)
        r = s * f + (_two_prod_err(s, f) + s * f_lo)
        # Below z = -708 sigmoid(z) = sigmoid'(z) = e^z, subnormal: e^z (1 + x z') via M 2^-512.
        m = _exp_scaled(z)
        tail = np.ldexp((m + m * z_lo) * (1.0 + xc * dz), -512)
        r = np.where(z < -708.0, tail, r)
        r = np.where(x > 60.0, 1.0, np.where(x < -60.0, 0.0, r))
        return _keep_nan(x, r)
    return _gelu_d_erf(x)


def _gelu_d_erf(x):
    # With G = gelu'(-|x|) from the table: G for x <= 0 and 1 - G above, as h + (1 - 2h) G.
    g = _gauss_table(np.abs(x), _GELU_D_ROWS)
    h = np.greater(x, 0.0)
    w = np.multiply(h, -2.0)
    np.add(w, 1.0, out=w)
    np.multiply(w, g, out=w)
    r = np.add(w, h, out=w)
    return _patch_gauss_tail(x, r, _gelu_d_tail)


def gelu(x, approximate="none"):
    r"""Gaussian error linear unit, :math:`x\,\Phi(x)` with :math:`\Phi` the normal CDF.

    ``approximate="none"`` (the default of PyTorch, Keras and ``tf.nn.gelu``; ``jax.nn.gelu``
    and ``keras.ops.gelu`` default to the tanh form) is the
    erf form :math:`x\,\Phi(x)`, with :math:`\Phi(-|x|)` evaluated by actlib's own kernel
    (``actlib._gauss_table``: one polynomial per interval of width 1/16 of :math:`|x|`, the
    Gaussian factor split off exactly; no SciPy) and an asymptotic series below -37.5, where
    the result is subnormal. Accuracy (float64, asserted by the tests;
    :data:`actlib.accuracy.EXCEPTIONS`): within 2 ulp for x >= -1.25 (measured 1.2) and 5 ulp
    below (measured 3.4); the derivative within 4 ulp for x >= -1.25 (measured 0.9; 4 eps
    absolute near its root) and 6 ulp below (measured 4.3). float32 and float16 results are
    within 1 ulp (arrays under 4096 elements: ``x * scipy.special.ndtr(x)`` in float64, one
    compiled call).
    ``approximate="tanh"`` is Hendrycks and Gimpel's
    :math:`\tfrac{x}{2}(1+\tanh(\sqrt{2/\pi}(x+0.044715x^3)))`, evaluated as :math:`x\,\sigma(z)`
    with :math:`z = 2\sqrt{2/\pi}(x+0.044715x^3)` carried as an exact pair (the sigmoid amplifies
    z's rounding by |z| in the negative tail); within 2 ulp, its derivative within 4.

    Range about ``[-0.17, ∞)`` (minimum -0.16997 at x = -0.75179). Derivative
    :math:`\Phi(x) + x\,\varphi(x)`, which crosses zero at that minimum. Smooth: no kinks.

    Examples
    --------
    >>> import actlib
    >>> actlib.gelu([-1.0, 0.0, 1.0])
    array([-0.15865525,  0.        ,  0.84134475])
    >>> actlib.gelu([1.0], approximate="tanh")
    array([0.84119199])
    >>> float(actlib.gelu.derivative(0.0))
    0.5
    """
    a = choice_param("gelu", "approximate", approximate, ("none", "tanh"))
    return _apply("gelu", _gelu, x, a, narrow=_gelu_narrow)


def gelu_derivative(x, approximate="none"):
    """Derivative of :func:`gelu`: Phi(x) + x*phi(x) (or the derivative of the tanh form)."""
    a = choice_param("gelu.derivative", "approximate", approximate, ("none", "tanh"))
    return _apply("gelu.derivative", _gelu_d, x, a, narrow=_gelu_d_narrow)


def _patch(x, r, mask, fn):
    """Overwrite ``r`` with ``fn(x)`` on the rare elements where ``mask`` is set (flat indices)."""
    if mask.any():
        ti = np.flatnonzero(mask)
        r.put(ti, fn(x.take(ti)))
    return r


def _patch_below(x, r, below, fn):
    return _patch(x, r, x < below, fn)


def _same(x):
    return x


def _sigmoid_pair(x):
    """``(e, d, r, t)``: e = exp(-|x|), d = fl(1 + e), sigmoid(x) = r + t to about 0.5 ulp.

    r = num/d with num = max(e, x >= 0), and t = ((num - r) - r e)/d its one correction step
    against the exact 1 + e (see _sigmoid_accurate); kept apart so a product with it rounds once.
    """
    e = np.abs(x)
    np.negative(e, out=e)
    np.exp(e, out=e)
    d = np.add(e, 1.0)
    num = np.maximum(e, x >= 0)
    r = np.divide(num, d)
    t = np.subtract(num, r, out=num)
    np.subtract(t, np.multiply(r, e), out=t)
    np.divide(t, d, out=t)
    return e, d, r, t


def _silu(x):
    # x r + x t with sigmoid = r + t (its correction kept apart): about 1 ulp, where
    # x * sigmoid(x) rounds three times (~2.6 ulp).
    _, _, r, t = _sigmoid_pair(x)
    np.multiply(t, x, out=t)
    np.multiply(r, x, out=r)
    np.add(r, t, out=r)
    # The rare tails, tested with one reduction each: at +inf, x t is inf * 0; below -708
    # exp(-|x|) is subnormal and has lost bits: x e^x = (x M) 2^-512 there.
    if np.fmax.reduce(x, axis=None, initial=0.0) == np.inf:
        _patch(x, r, x == np.inf, _same)
    if np.fmin.reduce(x, axis=None, initial=0.0) < -708.0:
        _patch_below(x, r, -708.0, _silu_tail)
    return r


def _silu_tail(x):
    xt = np.maximum(x, -1100.0)  # below -1100 the result is -0 anyway (and -inf gives -0)
    return np.ldexp(xt * _exp_scaled(xt), -512)


def _silu_narrow(x):
    # For float32/16 output: x/(1 + exp(-x)) in plain float64 (three roundings, ~1e-16 relative).
    xc = np.maximum(x, -1e300)  # silu(-inf) = -1e300/inf = -0, not -inf/inf
    t = np.negative(xc)
    np.exp(t, out=t)
    np.add(t, 1.0, out=t)
    return np.divide(xc, t, out=t)


def _silu_d(x):
    # silu' = s(x) (1 + x s(-x)) = A (1 + x B) with inv = 1/(1+e), e = exp(-|x|):
    # x >= 0: A = inv, B = e inv; x < 0: A = e inv, B = inv. No 1 - s cancellation in the tails.
    e = np.abs(x)
    np.negative(e, out=e)
    np.exp(e, out=e)
    d = np.add(e, 1.0)
    inv = np.divide(1.0, d)
    err = np.subtract(d, 1.0)
    np.subtract(e, err, out=err)  # Fast2Sum: 1 + e == d + err exactly
    np.divide(err, d, out=err)
    np.multiply(err, inv, out=err)
    np.subtract(inv, err, out=inv)  # 1/(d + err) = inv (1 - err/d)
    a = np.maximum(e, x >= 0)
    np.multiply(a, inv, out=a)
    b = np.maximum(e, x < 0, out=e)
    np.multiply(b, inv, out=b)
    np.multiply(b, x, out=b)
    np.add(b, 1.0, out=b)
    r = np.multiply(a, b, out=a)
    # The rare tails, tested with one reduction each: at +inf, x B is inf * 0 (silu' is 1);
    # below -708 e = exp(x) is subnormal: split it as h*h, h = exp(x/2), on those elements.
    if np.fmax.reduce(x, axis=None, initial=0.0) == np.inf:
        _patch(x, r, x == np.inf, np.ones_like)
    if np.fmin.reduce(x, axis=None, initial=0.0) < -708.0:
        _patch_below(x, r, -708.0, _silu_d_tail)
    return r


def _silu_d_narrow(x):
    # For float32/16 output: s (1 + x (1 - s)), s = 1/(1 + exp(-x)), in plain float64; where
    # 1 - s cancels (x >> 0) its term is below 1e-14 of the result.
    xc = np.clip(x, -1e4, 1e4)  # the limits at +-inf (-0 and 1), not inf * 0
    s = np.negative(xc)
    np.exp(s, out=s)
    np.add(s, 1.0, out=s)
    np.divide(1.0, s, out=s)
    t = np.subtract(1.0, s)
    np.multiply(t, xc, out=t)
    np.add(t, 1.0, out=t)
    return np.multiply(t, s, out=t)


def _silu_d_tail(x):
    x = np.maximum(x, -1e4)  # the limit 0 at -inf (-0), not NaN
    h = np.exp(0.5 * x)
    inv = 1.0 / (1.0 + h * h)
    return h * ((1.0 + x * inv) * (h * inv))  # e/(1+e) * (1 + x/(1+e)), e split as h*h


def silu(x):
    r"""Sigmoid-weighted linear unit (swish), :math:`x\,\sigma(x)`. Alias ``swish``.

    Range about ``[-0.2785, ∞)`` (minimum at x = -1.2785). Derivative
    :math:`\sigma(x)(1 + x(1-\sigma(x)))`, which crosses zero at the minimum. Smooth.
    The far negative tail is computed as :math:`(x h) h` with :math:`h = e^{x/2}`, because
    rounding :math:`e^x` to a subnormal first would cost hundreds of ulp.

    Examples
    --------
    >>> import actlib
    >>> actlib.silu([-1.0, 0.0, 1.0])
    array([-0.26894142,  0.        ,  0.73105858])
    >>> float(actlib.silu.derivative(0.0))
    0.5
    """
    return _apply("silu", _silu, x, narrow=_silu_narrow)


def silu_derivative(x):
    """Derivative of :func:`silu`: sigmoid(x) * (1 + x*(1 - sigmoid(x)))."""
    return _apply("silu.derivative", _silu_d, x, narrow=_silu_d_narrow)


def _split_to(a, hi, lo):
    """Veltkamp's halves of ``a`` into ``hi`` and ``lo`` (26 bits each, a == hi + lo exactly)."""
    np.multiply(a, _SPLIT, out=hi)
    np.subtract(hi, a, out=lo)
    np.subtract(hi, lo, out=hi)
    np.subtract(a, hi, out=lo)


def _prod_err_to(ah, al, bh, bl, p, out):
    """``a*b - p`` exactly for p = fl(a*b), from the halves of a and b (Dekker), into ``out``.

    The same sum as :func:`_two_prod_err`, written in place: ``ah``, ``al`` and ``bh`` are
    overwritten.
    """
    np.multiply(ah, bh, out=out)
    np.subtract(out, p, out=out)
    np.multiply(ah, bl, out=ah)
    np.add(out, ah, out=out)
    np.multiply(al, bh, out=bh)
    np.add(out, bh, out=out)
    np.multiply(al, bl, out=al)
    return np.add(out, al, out=out)


def _two_sum_err_to(a, b, s, out, tmp):
    """``a + b - s`` exactly for s = fl(a + b) (TwoSum, any magnitudes), into ``out``."""
    np.subtract(s, a, out=tmp)
    np.subtract(s, tmp, out=out)
    np.subtract(a, out, out=out)
    np.subtract(b, tmp, out=tmp)
    return np.add(out, tmp, out=out)


def _mish(x):
    # With u = e^{-x}, tanh(softplus(x)) = (1+2u)/(1+2u+2u^2) = n/d, n = u + 1/2 and
    # d = n^2 + 1/4, for either sign of x: one branch-free formula. n, d and x n are carried
    # as exact pairs so the quotient is rounded about once; every step writes into a buffer.
    xc = np.clip(x, -340.0, 20.0)  # past 20 mish(x) rounds to x; below -340 it is x e^x
    u = np.negative(xc)
    np.exp(u, out=u)
    n = np.add(u, 0.5)
    b1, b2, b3, b4, b5 = (np.empty_like(u) for _ in range(5))
    n_lo = _two_sum_err_to(u, 0.5, n, b1, b2)
    nh, nl = u, b2  # n's halves: the n^2 and x n products share them
    _split_to(n, nh, nl)
    sq = np.multiply(n, n)
    d_lo = np.multiply(nh, nh, out=b3)  # the error of n^2 (Dekker, one split) ...
    np.subtract(d_lo, sq, out=d_lo)
    np.multiply(nh, nl, out=b4)
    np.add(b4, b4, out=b4)
    np.add(d_lo, b4, out=d_lo)
    np.multiply(nl, nl, out=b4)
    np.add(d_lo, b4, out=d_lo)
    np.multiply(n, n_lo, out=b4)  # ... plus 2 n n_lo
    np.add(b4, b4, out=b4)
    np.add(d_lo, b4, out=d_lo)
    d = np.add(sq, 0.25)
    np.subtract(d, sq, out=sq)
    np.subtract(0.25, sq, out=sq)  # Fast2Sum: n^2 >= 1/4, so n^2 + 1/4 == d + this exactly
    np.add(d_lo, sq, out=d_lo)
    num = np.multiply(xc, n, out=sq)
    xh, xl = b4, b5
    _split_to(xc, xh, xl)
    num_lo = _prod_err_to(xh, xl, nh, nl, num, out=n)
    np.multiply(n_lo, xc, out=n_lo)
    np.add(num_lo, n_lo, out=num_lo)
    # num/d rounded about once (as _div_dd): r plus the quotient of the exact residual
    r = np.divide(num, d, out=xc)
    p = np.multiply(r, d, out=b1)
    _split_to(r, xh, xl)
    dh, dl = nh, nl
    _split_to(d, dh, dl)
    err = _prod_err_to(xh, xl, dh, dl, p, out=np.empty_like(u))
    np.subtract(num, p, out=num)  # exact (Sterbenz)
    np.subtract(num, err, out=num)
    np.multiply(r, d_lo, out=d_lo)
    np.subtract(num_lo, d_lo, out=num_lo)
    np.add(num, num_lo, out=num)
    np.divide(num, d, out=num)
    np.add(r, num, out=r)
    # The rare tails, tested with one reduction each.
    if np.fmax.reduce(x, axis=None, initial=-np.inf) > 20.0:
        _patch(x, r, x > 20.0, _same)
    if np.fmin.reduce(x, axis=None, initial=np.inf) < -340.0:
        _patch(x, r, x < -340.0, _mish_tail)
    return r


def _mish_tail(x):
    # Below -340 tanh(softplus(x)) is e^x to within 1e-147: x e^x, as (x M) 2^-512 below -708
    # (where exp(x) is subnormal and has lost bits).
    r = x * np.exp(x)
    return _patch_below(x, r, -708.0, _silu_tail)


def _mish_narrow(x):
    # For float32/16 output: x tanh(softplus(x)) in plain float64 (~1e-15 relative).
    xc = np.maximum(x, -1e4)  # the limit -0 at -inf, not -inf * 0 (NaN stays NaN)
    sp = np.abs(xc)
    np.negative(sp, out=sp)
    np.exp(sp, out=sp)
    np.log1p(sp, out=sp)
    np.add(sp, np.maximum(xc, 0.0), out=sp)  # softplus = max(x, 0) + log1p(exp(-|x|))
    np.tanh(sp, out=sp)
    return np.multiply(sp, xc, out=sp)


def _prod_err(a, b, p):
    """``a*b - p`` exactly for p = fl(a*b): :func:`_two_prod_err`'s sum with fewer temporaries."""
    ah, al, bh, bl = (np.empty_like(a) for _ in range(4))
    _split_to(a, ah, al)
    _split_to(b, bh, bl)
    return _prod_err_to(ah, al, bh, bl, p, out=np.empty_like(a))


def _sq_err_halves(ah, al, p):
    """``a*a - p`` exactly for p = fl(a*a), from a's halves (Dekker); overwrites ah and al."""
    out = np.multiply(ah, ah)
    np.subtract(out, p, out=out)
    np.multiply(ah, al, out=ah)
    np.add(ah, ah, out=ah)
    np.add(out, ah, out=out)
    np.multiply(al, al, out=al)
    return np.add(out, al, out=out)


def _pair_add(a, a_lo, b, b_lo):
    """(a + a_lo) + (b + b_lo) as a pair (TwoSum on the high parts), in place of temporaries."""
    s = np.add(a, b)
    e = _two_sum_err_to(a, b, s, np.empty_like(a), np.empty_like(a))
    np.add(e, a_lo, out=e)
    np.add(e, b_lo, out=e)
    return s, e


def _pair_mul(a, a_lo, b, b_lo):
    """(a + a_lo) (b + b_lo) as a pair: the exact product of the high parts plus the cross terms."""
    p = np.multiply(a, b)
    e = _prod_err(a, b, p)
    t = np.multiply(a, b_lo)
    np.add(e, t, out=e)
    np.multiply(a_lo, b, out=t)
    np.add(e, t, out=e)
    return p, e


def _div_pair(nh, nl, dh, dl):
    """:func:`_div_dd` with its temporaries in place (overwrites nh and nl)."""
    r = np.divide(nh, dh)
    p = np.multiply(r, dh)
    e = _prod_err(r, dh, p)
    np.subtract(nh, p, out=nh)  # exact (Sterbenz)
    np.subtract(nh, e, out=nh)
    np.multiply(r, dl, out=p)
    np.subtract(nl, p, out=nl)
    np.add(nh, nl, out=nh)
    np.divide(nh, dh, out=nh)
    return np.add(r, nh, out=r)


def _mish_d(x):
    # mish' = tanh(sp) + x sech^2(sp) sigmoid(x) = (n d + x w m)/d^2 with u = e^{-x},
    # n = u + 1/2, w = u^2, d = n + w, m = u + 1 (as mish: tanh(sp) = n/d), for either sign
    # of x: one branch-free formula. Every sum and product is carried as an exact pair: the
    # numerator cancels near x = -1.19.
    xc = np.clip(x, -170.0, 40.0)  # past 40 mish' rounds to 1; below -170 it is e^x (1 + x)
    u = np.negative(xc)
    np.exp(u, out=u)
    t1, t2 = np.empty_like(u), np.empty_like(u)
    n = np.add(u, 0.5)
    n_lo = _two_sum_err_to(u, 0.5, n, np.empty_like(u), t1)
    m = np.add(u, 1.0)
    m_lo = _two_sum_err_to(u, 1.0, m, np.empty_like(u), t1)
    w = np.multiply(u, u)
    _split_to(u, t1, t2)
    w_lo = _sq_err_halves(t1, t2, w)
    d, d_lo = _pair_add(n, n_lo, w, w_lo)
    dh, dl = np.empty_like(u), np.empty_like(u)
    _split_to(d, dh, dl)  # d's halves, for n d and d^2
    p1 = np.multiply(n, d)
    _split_to(n, t1, t2)
    p1_lo = _prod_err_to(t1, t2, dh.copy(), dl, p1, out=np.empty_like(u))
    np.multiply(n, d_lo, out=t1)
    np.add(p1_lo, t1, out=p1_lo)
    np.multiply(n_lo, d, out=t1)
    np.add(p1_lo, t1, out=p1_lo)
    wm, wm_lo = _pair_mul(w, w_lo, m, m_lo)
    p2 = np.multiply(xc, wm)
    p2_lo = _prod_err(xc, wm, p2)
    np.multiply(xc, wm_lo, out=wm_lo)
    np.add(p2_lo, wm_lo, out=p2_lo)
    num, num_lo = _pair_add(p1, p1_lo, p2, p2_lo)
    q = np.multiply(d, d)
    q_lo = _sq_err_halves(dh, dl, q)  # d^2's error, plus 2 d d_lo
    np.multiply(d, d_lo, out=t1)
    np.add(t1, t1, out=t1)
    np.add(q_lo, t1, out=q_lo)
    r = _div_pair(num, num_lo, q, q_lo)
    # The rare tails, tested with one reduction each.
    if np.fmax.reduce(x, axis=None, initial=-np.inf) > 40.0:
        _patch(x, r, x > 40.0, np.ones_like)
    if np.fmin.reduce(x, axis=None, initial=np.inf) < -170.0:
        _patch(x, r, x < -170.0, _mish_d_low)
    return r


def _mish_d_low(x):
    # Below -170 mish'(x) = e^x (1 + x) to within 1e-70; below -708 e^x = M 2^-512 keeps its bits.
    r = np.exp(x) * (1.0 + x)
    return _patch_below(x, r, -708.0, _mish_d_tail)


def _one_plus(e):
    d = 1.0 + e
    return d, e - (d - 1.0)


def _mish_d_tail(x):
    xt = np.maximum(x, -1100.0)
    return np.ldexp(_exp_scaled(xt) * (1.0 + xt), -512)


def _mish_d_narrow(x):
    # For float32/16 output: tanh(sp) + x sech^2(sp) sigmoid(x) in plain float64.
    xc = np.clip(x, -1e4, 1e4)  # the limits at +-inf, not inf * 0
    e = np.abs(xc)
    np.negative(e, out=e)
    np.exp(e, out=e)  # e = exp(-|x|)
    t = np.log1p(e)
    np.add(t, np.maximum(xc, 0.0), out=t)
    np.tanh(t, out=t)  # tanh(softplus(x))
    s = np.maximum(e, xc >= 0)
    np.add(e, 1.0, out=e)
    np.divide(s, e, out=s)  # sigmoid(x)
    q = np.multiply(t, t, out=e)
    np.subtract(1.0, q, out=q)  # sech^2; where it cancels (x >> 0) the term is tiny
    np.multiply(q, s, out=q)
    np.multiply(q, xc, out=q)
    return np.add(t, q, out=t)


def mish(x):
    r"""Mish, :math:`x \tanh(\operatorname{softplus}(x))` (Misra 2019).

    Range about ``[-0.3088, ∞)`` (minimum at x = -1.1924). Derivative
    :math:`\tanh(\operatorname{sp}(x)) + x\,\operatorname{sech}^2(\operatorname{sp}(x))\,\sigma(x)`,
    crossing zero at the minimum. Smooth. Evaluated through :math:`u = e^{-x}`, since
    :math:`\tanh(\log(1+e^x)) = (1+2u)/(1+2u+2u^2)` for either sign of x (with x capped to
    [-340, 20], so nothing overflows; past the caps mish is x, and x e^x).

    Examples
    --------
    >>> import actlib
    >>> actlib.mish([-1.0, 0.0, 1.0])
    array([-0.30340146,  0.        ,  0.86509839])
    >>> round(float(actlib.mish.derivative(0.0)), 6)
    0.6
    """
    return _apply("mish", _mish, x, narrow=_mish_narrow)


def mish_derivative(x):
    """Derivative of :func:`mish`."""
    return _apply("mish.derivative", _mish_d, x, narrow=_mish_d_narrow)


# --------------------------------------------------------------------------------------------
# softsign and the hard (piecewise-linear) family


def _softsign(x):
    d = np.abs(x)
    np.add(d, 1.0, out=d)
    if not np.maximum.reduce(d, axis=None, initial=0.0) < math.inf:  # an inf (or NaN) in x
        r = np.divide(x, d, out=d)
        return _patch(x, r, np.isinf(x), np.sign)  # inf/inf would be NaN; the limit is +-1
    return np.divide(x, d, out=d)


def _softsign_d(x):
    r = np.abs(x)
    np.add(r, 1.0, out=r)
    np.divide(1.0, r, out=r)
    return np.multiply(r, r, out=r)  # (1/(1+|x|))^2: 1/(1+|x|)^2 overflows to 0 past 1e154


def softsign(x):
    r"""Softsign, :math:`x / (1 + |x|)`.

    Range ``(-1, 1)``; approaches ±1 polynomially, not exponentially like tanh. Derivative
    :math:`1/(1+|x|)^2`, which is 1 at 0 and smooth there (the kink of |x| cancels).

    Examples
    --------
    >>> import actlib
    >>> actlib.softsign([-1.0, 0.0, 3.0])
    array([-0.5 ,  0.  ,  0.75])
    >>> actlib.softsign.derivative([1.0])
    array([0.25])
    """
    # The whole float64 array at once (a few passes, no block copy); float32 in float64 blocks.
    return _apply("softsign", _softsign, x, exact=np.float64)


def softsign_derivative(x):
    """Derivative of :func:`softsign`: 1 / (1 + |x|)**2."""
    return _apply("softsign.derivative", _softsign_d, x, exact=np.float64)


def _hard_sigmoid(x):
    # (x + 3)/6 rather than x/6 + 1/2: x + 3 is exact near -3, so the value there keeps its bits.
    r = np.add(x, 3.0)
    np.divide(r, 6.0, out=r)
    return np.clip(r, 0.0, 1.0, out=r)


def _hard_sigmoid_d(x):
    # 1/6 rounded once to x's dtype times an exact 0/1 indicator (3 is exact in any dtype).
    r = (np.abs(x) < 3.0).astype(x.dtype)
    return _nan_back(x, np.multiply(r, x.dtype.type(1.0 / 6.0), out=r))


def hard_sigmoid(x):
    r"""Hard sigmoid, :math:`\operatorname{relu6}(x+3)/6` (PyTorch, JAX, Keras 3).

    0 for x <= -3, 1 for x >= 3, :math:`x/6 + 1/2` between. Keras 2 used
    :math:`\operatorname{clip}(0.2x + 0.5, 0, 1)` instead (kinks at ±2.5); see the gallery.
    Range ``[0, 1]``. Derivative 1/6 on (-3, 3), else 0; **0 at both kinks** (PyTorch).

    Examples
    --------
    >>> import actlib
    >>> actlib.hard_sigmoid([-4.0, 0.0, 1.5, 4.0])
    array([0.  , 0.5 , 0.75, 1.  ])
    >>> actlib.hard_sigmoid.derivative([-3.0, 0.0, 3.0])
    array([0.        , 0.16666667, 0.        ])
    """
    return _apply("hard_sigmoid", _hard_sigmoid, x, exact=np.float64)


def hard_sigmoid_derivative(x):
    """Derivative of :func:`hard_sigmoid`: 1/6 on (-3, 3), else 0."""
    return _apply("hard_sigmoid.derivative", _hard_sigmoid_d, x, exact=True)


def _hard_tanh(x, lo, hi):
    # lo and hi are rounded to x's dtype first (as PyTorch does), so the result keeps its dtype.
    return np.clip(x, x.dtype.type(lo), x.dtype.type(hi))


def _hard_tanh_d(x, lo, hi):
    r = x > _at_most(lo, x.dtype)
    np.logical_and(r, x < _at_least(hi, x.dtype), out=r)
    return _nan_back(x, r.astype(x.dtype))


def _check_hard_tanh(fname, min_val, max_val):
    lo = real_param(fname, "min_val", min_val)
    hi = real_param(fname, "max_val", max_val)
    if lo >= hi:
        raise ValueError(f"{fname}: parameter 'min_val' ({lo!r}) must be < 'max_val' ({hi!r})")
    return lo, hi


def hard_tanh(x, min_val=-1.0, max_val=1.0):
    r"""Hard tanh, :math:`\operatorname{clip}(x, \text{min\_val}, \text{max\_val})`.

    Range ``[min_val, max_val]``, default [-1, 1]. Derivative 1 strictly between the limits,
    else 0; **0 at both kinks** (PyTorch). ``min_val >= max_val`` is refused.

    Examples
    --------
    >>> import actlib
    >>> actlib.hard_tanh([-2.0, 0.5, 2.0])
    array([-1. ,  0.5,  1. ])
    >>> actlib.hard_tanh.derivative([-1.0, 0.5, 1.0])
    array([0., 1., 0.])
    """
    lo, hi = _check_hard_tanh("hard_tanh", min_val, max_val)
    return _apply("hard_tanh", _hard_tanh, x, lo, hi, exact=True)


def hard_tanh_derivative(x, min_val=-1.0, max_val=1.0):
    """Derivative of :func:`hard_tanh`: 1 on (min_val, max_val), else 0."""
    lo, hi = _check_hard_tanh("hard_tanh.derivative", min_val, max_val)
    return _apply("hard_tanh.derivative", _hard_tanh_d, x, lo, hi, exact=True)


_TWO53 = 2.0**53  # below it, x - c for a small integer c >= 1 <= x is exact


def _hard_silu(x):
    # t * hard_sigmoid(t) with t = max(x, -3): exactly x above 3 (times 1), 0 below -3 (-3 * 0;
    # -inf never meets the 0); x + 3 is exact near -3 so the zero there is sharp. Three
    # roundings between the kinks (<= 1.5 ulp).
    t = np.clip(x, -3.0, math.inf)  # NaN stays NaN
    r = np.add(t, 3.0)
    np.divide(r, 6.0, out=r)
    np.clip(r, 0.0, 1.0, out=r)
    np.multiply(r, t, out=r)
    return np.add(r, 0.0, out=r)  # -0 (from t = -3 or t = -0) + 0 is +0


def _big_is_x(x, r):
    """Where x >= 2**53 (only there can c + (x - c) round), put x back in r: one read pass."""
    if np.fmax.reduce(x, axis=None, initial=-math.inf) >= _TWO53:
        np.copyto(r, x, where=x >= _TWO53)
    return r


def _hard_silu_d(x):
    # (2t + 3 - 3e)/6 with t = clip(x, -3, 3) and e = trunc(t/3): e is -1 at t = -3, 1 at 3
    # and 0 between (|t/3| < 1 there), so the ends give 0 and 1 and the middle (2x + 3)/6.
    t = np.clip(x, -3.0, 3.0)  # NaN stays NaN
    e = np.divide(t, 3.0)
    np.trunc(e, out=e)
    np.multiply(e, 3.0, out=e)
    r = np.multiply(t, 2.0, out=t)
    np.add(r, 3.0, out=r)
    np.subtract(r, e, out=r)
    return np.divide(r, 6.0, out=r)


def hard_silu(x):
    r"""Hard SiLU (hard swish), :math:`x\,\operatorname{relu6}(x+3)/6`. Alias ``hardswish``.

    0 for x <= -3, x for x >= 3, :math:`x(x+3)/6` between. Range ``[-0.375, ∞)`` (minimum at
    x = -1.5). Derivative :math:`(2x+3)/6` on (-3, 3), 0 below, 1 above; at the kinks
    **0 at x = -3 and 1 at x = 3** (PyTorch 2.13; older releases gave -0.5 and 1.5).

    Examples
    --------
    >>> import actlib
    >>> actlib.hard_silu([-4.0, -1.5, 0.0, 4.0])
    array([ 0.   , -0.375,  0.   ,  4.   ])
    >>> actlib.hard_silu.derivative([-3.0, 0.0, 3.0])
    array([0. , 0.5, 1. ])
    """
    return _apply("hard_silu", _hard_silu, x, exact=np.float64)


def hard_silu_derivative(x):
    """Derivative of :func:`hard_silu`: (2x+3)/6 on (-3, 3), 0 at and below -3, 1 at and above 3."""
    return _apply("hard_silu.derivative", _hard_silu_d, x, exact=np.float64)


# --------------------------------------------------------------------------------------------
# softmax and log-softmax (vector functions)


def _shifted(x, axis):
    """Return ``(d, d_lo, m)`` with ``x - max(x) == d + d_lo`` exactly along ``axis``.

    A row whose maximum is +inf is handled as its limit: the +inf entries share the mass.
    """
    m = np.max(x, axis=axis, keepdims=True)
    inf_max = np.isposinf(m)
    if inf_max.any():
        # softmax(t*e_i + ...) -> e_i as t -> inf: shift +inf to 0 and everything else to -inf.
        x = np.where(inf_max, np.where(np.isposinf(x), 0.0, -np.inf), x)
        m = np.where(inf_max, 0.0, m)
    d = x - m
    # TwoSum: the subtraction's rounding error, so exp(x - m) is exact to first order.
    bb = d - x
    d_lo = (x - (d - bb)) + (-m - bb)
    d_lo = np.where(np.isfinite(d_lo), d_lo, 0.0)
    return d, d_lo, m


# Below this row sum of e^x a float32/16 softmax takes the shifted form: above it, an e^x_j that
# underflowed float64 (< 2^-1022) gives e^x_j / sum < 2^-322, which is 0 in float32 either way.
_NARROW_MIN_SUM = 2.0**-700


def _softmax_kernel(x, axis, narrow=False, out=None):
    # e^x_i / sum_j e^x_j, unshifted, on the rows where that is safe: x_i enters exp exactly,
    # so there is no rounding of x_i - max to compensate (three passes). A row sum in [1, inf)
    # means nothing overflowed, and an e^x_j that underflowed stays below the smallest normal
    # in the result too (e_j / sum <= e_j); other rows take the max-shifted form.
    e = np.exp(x)
    total = np.add.reduce(e, axis=axis, keepdims=True)
    finite = total < np.inf  # NaN fails
    ok = (total >= (_NARROW_MIN_SUM if narrow else 1.0)) & finite
    if not ok.all():
        if not narrow:
            # A sum below 1 is safe too if no e^x_j is below the smallest normal (x_j > -708).
            ok |= (np.min(x, axis=axis, keepdims=True) > -708.0) & finite
        if not ok.all():
            shifted = _softmax_shifted_narrow if narrow else _softmax_shifted
            return _fix_rows(x, axis, ok, _normalise(e, total, narrow, out), shifted)
    return _normalise(e, total, narrow, out)


def _normalise(e, total, narrow, out):
    if narrow:  # e * (1/total): two float64 roundings, far below float32's half ulp; faster
        return np.multiply(e, np.divide(1.0, total, out=total), out=_or(out, e))
    return np.divide(e, total, out=_or(out, e))


def _or(out, buffer):
    """Where a kernel writes its result: the caller's ``out`` (any float dtype), else a buffer."""
    return buffer if out is None else out


def _fix_rows(x, axis, ok, result, kernel):
    """``result`` with the rows where ``ok`` is False recomputed by ``kernel``."""
    if x.ndim != 2 or axis % 2 != 1:  # not a block of rows: all of it
        result[...] = kernel(x, axis)
        return result
    bad = ~ok[:, 0]
    result[bad] = kernel(x[bad], -1)
    return result


def _softmax_narrow(x, axis, out=None):
    return _softmax_kernel(x, axis, narrow=True, out=out)


def _softmax_shifted(x, axis):
    # e^(x - m) / sum with m = max(x), the rounding of x - m compensated (TwoSum).
    d, lo, _ = _shifted_finite(x, axis)
    e = np.exp(d, out=d)
    np.multiply(lo, e, out=lo)
    np.add(e, lo, out=e)  # exp(d + lo) = exp(d) (1 + lo) to first order
    total = np.sum(e, axis=axis, keepdims=True)
    if np.isnan(total).any():  # a row with an infinity or a NaN: the limits, row by row
        return _softmax_general(x, axis)
    return np.divide(e, total, out=e)


def _softmax_shifted_narrow(x, axis):
    # For float32/16 output the plain max-subtracted form is within ~1e-13 relative (|x - m|
    # matters only below 745, where exp is not 0): the TwoSum of x - m is not needed.
    m = np.max(x, axis=axis, keepdims=True)
    e = np.subtract(x, m)
    np.exp(e, out=e)
    total = np.sum(e, axis=axis, keepdims=True)
    if np.isnan(total).any():
        return _softmax_general(x, axis)
    return np.divide(e, total, out=e)


def _shifted_finite(x, axis, m=None):
    """``(d, lo, m)``, ``x - max(x) == d + lo`` exactly, for finite x: in place, no clean-up."""
    if m is None:
        m = np.max(x, axis=axis, keepdims=True)
    d = np.subtract(x, m)
    bb = np.subtract(d, x)
    lo = np.subtract(d, bb)
    np.subtract(x, lo, out=lo)
    np.add(bb, m, out=bb)
    np.subtract(lo, bb, out=lo)  # TwoSum: (x - (d - bb)) + (-m - bb)
    return d, lo, m


def _softmax_general(x, axis):
    # Rows with an infinity or a NaN: the TwoSum's error term is cleaned up where it is not finite.
    d, d_lo, _ = _shifted(x, axis)
    e = np.exp(d)
    e = e + e * d_lo
    return e / np.sum(e, axis=axis, keepdims=True)


def _log_softmax_kernel(x, axis, narrow=False, out=None):
    # (x_i - m) - log1p(r), m = max(x) = x_k, r = sum_{j != k} e^x_j / e^m: the maximum
    # contributes exactly 1, which log1p takes out, so log_softmax of a dominant entry keeps
    # its tiny negative value. The e^x_j are unshifted (x_j enters exp exactly, no rounding of
    # x_j - m to compensate) where m is in [-600, 709]: e^m is normal and finite, and an e^x_j
    # that underflowed moves r by less than 2^-175. Other rows take the max-shifted form.
    at = _at_max(x, axis)
    m = x[at]
    e = np.exp(x)
    e[at] = 0.0
    r = np.add.reduce(e, axis=axis, keepdims=True)
    np.divide(r, np.exp(m), out=r)
    lse = np.log1p(r, out=r)
    c = np.add(m, lse)
    if narrow and np.all(lse >= 2.0**-20 * np.abs(c)):
        # float32/16 output: x - fl(m + lse) errs by 2^-53 |m + lse| <= 2^-33 lse, and lse is
        # the smallest |result| of the row: far below half a float32 ulp. One pass, not two.
        result = np.subtract(x, c, out=_or(out, e))
    else:
        d = np.subtract(x, m, out=e)
        result = np.subtract(d, lse, out=_or(out, d))
    ok = (m >= -600.0) & (m <= 709.0) & (lse < np.inf)  # NaN fails
    if not ok.all():
        shifted = _log_softmax_shifted_narrow if narrow else _log_softmax_shifted
        return _fix_rows(x, axis, ok, result, shifted)
    return result


def _at_max(x, axis):
    """The index of each slice's (first) maximum, as a tuple: ``x[at]`` keeps the dimensions."""
    idx = np.argmax(x, axis=axis, keepdims=True)
    if x.ndim == 2 and axis % 2 == 1:  # a block of rows: fancy indexing at a third of the cost
        return np.arange(x.shape[0])[:, None], idx
    at = list(np.ogrid[tuple(slice(k) for k in idx.shape)])
    at[axis] = idx
    return tuple(at)


def _log_softmax_shifted(x, axis, narrow=False):
    # Rows with a NaN or an infinite maximum go to the general form (checked on the row maxima
    # and the row sums, not by a pass over x): -inf entries below a finite maximum are exact.
    m = np.max(x, axis=axis, keepdims=True)
    if not np.isfinite(m).all():
        return _log_softmax_general(x, axis)
    if narrow:  # float32/16 output: x - m's rounding is far below half an ulp (_softmax_narrow)
        d = np.subtract(x, m)
        e = np.exp(d)
    else:
        d, lo, _ = _shifted_finite(x, axis, m)
        e = np.exp(d)
        t = np.multiply(e, lo)
        np.add(e, t, out=e)  # exp(d + lo), first order
    # log(sum e) = log1p(sum of the others): the maximum contributes exactly 1, which log1p
    # takes out, so log_softmax of a dominant entry keeps its tiny negative value.
    idx = np.argmax(d, axis=axis, keepdims=True)
    np.put_along_axis(e, idx, 0.0, axis=axis)
    lse = np.log1p(np.sum(e, axis=axis, keepdims=True))
    if not narrow and np.isnan(lse).any():  # a -inf entry: its TwoSum error term is NaN
        return _log_softmax_general(x, axis)
    r = np.subtract(d, lse, out=d)
    return r if narrow else np.add(r, lo, out=r)


def _log_softmax_shifted_narrow(x, axis):
    return _log_softmax_shifted(x, axis, narrow=True)


def _log_softmax_general(x, axis):
    d, d_lo, _ = _shifted(x, axis)
    e = np.exp(d)
    e = e + e * d_lo
    idx = np.argmax(d, axis=axis, keepdims=True)
    others = e.copy()
    np.put_along_axis(others, idx, 0.0, axis=axis)
    lse = np.log1p(np.sum(others, axis=axis, keepdims=True))
    r = (d - lse) + d_lo
    # A row with no maximum (all NaN or all -inf) stays NaN, as 0/0.
    return np.where(np.isnan(np.take_along_axis(d, idx, axis=axis)), np.nan, r)


def _check_axis(fname, x, axis):
    """Checked input (not yet float64), its output dtype and the normalised axis."""
    arr, dtype = as_real(x, fname)
    if arr.ndim == 0:
        raise np.exceptions.AxisError(axis, 0, f"{fname}: needs at least a 1-d input")
    return arr, dtype, _norm_axis(axis, arr.ndim, fname)


def _norm_axis(axis, ndim, fname):
    if type(axis) is int and -ndim <= axis < ndim:
        return axis % ndim  # the common case, without the checks below (per-call overhead)
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{fname}: axis must be an integer, got {type(axis).__name__}")
    if not -ndim <= axis < ndim:
        raise np.exceptions.AxisError(int(axis), ndim, fname)
    return int(axis) % ndim


# Elements per block of rows: the vector kernels' per-block work (reductions, checks, fancy
# indexing on the row maxima) costs ~10-20 us, so their blocks are 4x _apply's (the temporaries,
# 512 KB each, stay in the 1-2 MB L2).
_ROWS_BLOCK = 1 << 16


def _rows(arr, ax, dtype, fn, *extras, width=None):
    """Apply ``fn(rows, *extra_rows, out=...)`` to the slices along ``ax``, a block at a time.

    ``fn`` gets float64 2-d blocks with the slices along the last axis and the block of the
    output (``dtype``; ``width`` entries a slice, default the input's) to write into, and
    returns it (or a block of the same shape, which is copied there). Blocks keep the
    temporaries in cache and the memory flat (the output plus a few rows), as ``_apply`` does
    for elementwise functions.
    """
    n = arr.shape[ax]
    width = n if width is None else width
    if arr.size == 0:  # an empty slice or no slices: an empty result, as NumPy and SciPy give
        return np.empty((*arr.shape[:ax], width, *arr.shape[ax + 1 :]), dtype=dtype)
    last = ax == arr.ndim - 1
    # np.moveaxis costs ~3 us a call, even as a no-op: it is skipped when the axis is last.
    moved = arr if last else np.moveaxis(arr, ax, -1)
    shape = (*moved.shape[:-1], width)
    flat = moved.reshape(-1, n)
    extra = [(e if last else np.moveaxis(e, ax, -1)).reshape(-1, n) for e in extras]
    out = np.empty((flat.shape[0], width), dtype=dtype)
    step = max(1, _ROWS_BLOCK // max(n, 1))
    token = quiet()  # np.errstate(all="ignore") at a fraction of its cost
    try:
        for i in range(0, flat.shape[0], step):
            # float64 rows are views (the kernels never write into their input).
            blocks = [np.asarray(b[i : i + step], dtype=np.float64) for b in (flat, *extra)]
            o = out[i : i + step]
            r = fn(*blocks, out=o)
            if r is not o:
                o[...] = r
    finally:
        restore(token)
    out = out.reshape(shape)
    return out if last else np.ascontiguousarray(np.moveaxis(out, -1, ax))


def _one_block_of_rows(x, axis):
    """The vector functions' fast path (per-call overhead): a native float64/float32 array,
    rows along the last axis, small enough to be one block; nothing for ``_rows`` to check."""
    return (
        type(x) is np.ndarray
        and (x.dtype is _F64 or x.dtype is _F32)
        and type(axis) is int
        and axis == -1
        and x.ndim > 0
        and 0 < x.size <= _ROWS_BLOCK
    )


def _vector_apply(fname, kernel, x, axis):
    if _one_block_of_rows(x, axis):
        # Fast path (per-call overhead): one block of float64 rows along the last axis is what
        # _rows would hand the kernel anyway, without its checks, moves and copies.
        rows = x.reshape(-1, x.shape[-1])
        token = quiet()
        try:
            if x.dtype is _F64:
                return kernel(rows, -1).reshape(x.shape)
            narrow = _NARROW_VECTOR.get(kernel, kernel)
            out = np.empty(rows.shape, dtype=_F32)
            return narrow(rows.astype(_F64), -1, out=out).reshape(x.shape)
        finally:
            restore(token)
    arr, dtype, ax = _check_axis(fname, x, axis)
    if dtype != np.float64:
        kernel = _NARROW_VECTOR.get(kernel, kernel)
    return _rows(arr, ax, dtype, lambda b, out: kernel(b, -1, out=out))


def softmax(x, axis=-1):
    r"""Softmax along ``axis``: :math:`\operatorname{softmax}(x)_i = e^{x_i} / \sum_j e^{x_j}`.

    Default ``axis=-1`` (PyTorch, JAX, Keras); ``scipy.special.softmax`` defaults to the whole
    array. Range: each entry in ``[0, 1]`` (open for finite input), each slice sums to 1.

    Computed as :math:`e^{x_i}/\sum_j e^{x_j}` where that sum is in :math:`[1, \infty)`, else as
    :math:`e^{x_i - m}/\sum_j e^{x_j - m}` with :math:`m = \max_j x_j` (so ``[1000, 1001, 1002]``
    works) and the rounding of :math:`x_i - m` compensated. A slice of
    all -inf gives NaN (0/0), as PyTorch, JAX and SciPy do; +inf entries share the mass equally
    (the limit). It is a vector function: use ``softmax.jacobian`` and ``softmax.vjp``.

    Examples
    --------
    >>> import actlib
    >>> actlib.softmax([1.0, 2.0, 3.0])
    array([0.09003057, 0.24472847, 0.66524096])
    >>> actlib.softmax([1000.0, 1001.0, 1002.0])
    array([0.09003057, 0.24472847, 0.66524096])
    """
    return _vector_apply("softmax", _softmax_kernel, x, axis)


def log_softmax(x, axis=-1):
    r"""Log-softmax along ``axis``: :math:`x_i - m - \log\sum_j e^{x_j - m}`.

    Range ``(-∞, 0]``. More accurate than ``log(softmax(x))``: a dominated entry keeps its large
    negative value instead of -inf, and the dominant one keeps its tiny negative value. A slice of
    all -inf gives NaN. Use ``log_softmax.jacobian`` / ``log_softmax.vjp`` for derivatives.

    Examples
    --------
    >>> import actlib
    >>> actlib.log_softmax([0.0, -800.0])
    array([   0., -800.])
    >>> actlib.log_softmax([1.0, 2.0, 3.0])
    array([-2.40760596, -1.40760596, -0.40760596])
    """
    return _vector_apply("log_softmax", _log_softmax_kernel, x, axis)


def _log_softmax_narrow(x, axis, out=None):
    return _log_softmax_kernel(x, axis, narrow=True, out=out)


def _softmin_kernel(x, axis, out=None):
    return _softmax_kernel(np.negative(x), axis, out=out)


def _softmin_narrow(x, axis, out=None):
    return _softmax_kernel(np.negative(x), axis, narrow=True, out=out)


_NARROW_VECTOR = {
    _softmax_kernel: _softmax_narrow,
    _log_softmax_kernel: _log_softmax_narrow,
    _softmin_kernel: _softmin_narrow,
}


def _softmax_for(dtype):
    return _softmax_kernel if dtype == np.float64 else _softmax_narrow


def _empty_jacobian(arr, ax, dtype, rows=None):
    """The (empty) Jacobian of an empty input: shape (..., rows, n) with the axis moved last."""
    shape = np.moveaxis(np.empty(arr.shape), ax, -1).shape
    n = shape[-1]
    return np.empty((*shape[:-1], n if rows is None else rows, n), dtype=dtype)


def _jacobian_from(s, ax, log):
    s = np.moveaxis(s, ax, -1)
    n = s.shape[-1]
    eye = np.eye(n)
    if log:
        # d log s_i / d x_j = delta_ij - s_j
        return eye - s[..., None, :]
    # d s_i / d x_j = s_i (delta_ij - s_j)
    return s[..., :, None] * (eye - s[..., None, :])


def softmax_jacobian(x, axis=-1):
    r"""Jacobian of :func:`softmax`: :math:`J_{ij} = s_i(\delta_{ij} - s_j)`.

    Returns shape ``(..., n, n)``: the softmax axis is moved last and expanded into a matrix.

    Examples
    --------
    >>> import actlib
    >>> actlib.softmax.jacobian([0.0, 0.0])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    arr, dtype, ax = _check_axis("softmax.jacobian", x, axis)
    if arr.size == 0:
        return _empty_jacobian(arr, ax, dtype)
    arr = arr.astype(np.float64)
    with np.errstate(all="ignore"):
        j = _jacobian_from(_softmax_kernel(arr, ax), ax, log=False)
    return finish(j, dtype, False)


def log_softmax_jacobian(x, axis=-1):
    r"""Jacobian of :func:`log_softmax`: :math:`J_{ij} = \delta_{ij} - s_j`, shape ``(..., n, n)``.

    Examples
    --------
    >>> import actlib
    >>> actlib.log_softmax.jacobian([0.0, 0.0])
    array([[ 0.5, -0.5],
           [-0.5,  0.5]])
    """
    arr, dtype, ax = _check_axis("log_softmax.jacobian", x, axis)
    if arr.size == 0:
        return _empty_jacobian(arr, ax, dtype)
    arr = arr.astype(np.float64)
    with np.errstate(all="ignore"):
        j = _jacobian_from(_softmax_kernel(arr, ax), ax, log=True)
    return finish(j, dtype, False)


def _vjp_args(fname, x, g, axis):
    arr, dtype, ax = _check_axis(fname, x, axis)
    garr, _ = as_real(g, fname)
    if garr.shape != arr.shape:
        raise ValueError(f"{fname}: g has shape {garr.shape}, expected x's shape {arr.shape}")
    return arr, garr, dtype, ax


def _vjp_apply(fname, vjp, x, g, axis):
    """``vjp(rows, g_rows, dtype, out=...)`` over the slices along ``axis`` (see :func:`_rows`)."""
    if (
        _one_block_of_rows(x, axis)
        and type(g) is np.ndarray
        and g.dtype is x.dtype
        and g.shape == x.shape
    ):
        # Fast path (per-call overhead), as _vector_apply's: one block of rows, no checks.
        n = x.shape[-1]
        token = quiet()
        try:
            if x.dtype is _F64:
                return vjp(x.reshape(-1, n), g.reshape(-1, n), _F64).reshape(x.shape)
            rows, grows = x.reshape(-1, n).astype(_F64), g.reshape(-1, n).astype(_F64)
            out = np.empty(rows.shape, dtype=_F32)
            return vjp(rows, grows, _F32, out=out).reshape(x.shape)
        finally:
            restore(token)
    arr, garr, dtype, ax = _vjp_args(fname, x, g, axis)
    return _rows(arr, ax, dtype, lambda b, gb, out: vjp(b, gb, dtype, out=out), garr)


def _softmax_vjp_rows(b, gb, dtype, out=None, kernel=None):
    """s * (g - <g, s>) on a block of rows, s = kernel(b) (softmax for ``dtype`` by default)."""
    s = (kernel or _softmax_for(dtype))(b, -1)
    if dtype == np.float64:
        t = np.multiply(gb, s)
        dot = np.add.reduce(t, axis=-1, keepdims=True)  # pairwise: the float64 rounding
        np.subtract(gb, dot, out=t)
    else:  # float32/16 output: a float64 dot product is far inside half an ulp; one pass
        t = np.subtract(gb, np.vecdot(gb, s)[:, None])
    return np.multiply(s, t, out=_or(out, s))


def softmax_vjp(x, g, axis=-1):
    r"""Vector-Jacobian product of :func:`softmax`: :math:`s \odot (g - \langle g, s\rangle)`.

    This is the backward pass: the gradient with respect to x of a loss whose gradient with
    respect to ``softmax(x)`` is ``g``, without building the n-by-n Jacobian.

    Examples
    --------
    >>> import actlib
    >>> actlib.softmax.vjp([0.0, 0.0], [1.0, 0.0])
    array([ 0.25, -0.25])
    """
    return _vjp_apply("softmax.vjp", _softmax_vjp_rows, x, g, axis)


def log_softmax_vjp(x, g, axis=-1):
    r"""Vector-Jacobian product of :func:`log_softmax`: :math:`g - s \sum_j g_j`.

    Examples
    --------
    >>> import actlib
    >>> actlib.log_softmax.vjp([0.0, 0.0], [1.0, 0.0])
    array([ 0.5, -0.5])
    """
    return _vjp_apply("log_softmax.vjp", _log_softmax_vjp_rows, x, g, axis)


def _log_softmax_vjp_rows(b, gb, dtype, out=None):
    s = _softmax_for(dtype)(b, -1)
    np.multiply(s, np.add.reduce(gb, axis=-1, keepdims=True), out=s)
    return np.subtract(gb, s, out=_or(out, s))


# --------------------------------------------------------------------------------------------
# the rest of PyTorch's, JAX's and Keras' activations (issue 7)


def _check_lambd(fname, lambd):
    lam = real_param(fname, "lambd", lambd)
    if lam < 0:
        raise ValueError(f"{fname}: parameter 'lambd' must be >= 0, got {lam!r}")
    return lam


def _hardshrink(x, lam):
    # x times the 0/1 indicator of |x| > lam (NaN * 0 stays NaN; inf never meets a 0), then
    # + 0 turns the -0 of a small negative x into the +0 the other zeros have.
    r = np.abs(x)
    m = np.greater(r, _at_most(lam, x.dtype))
    np.multiply(x, m, out=r)
    return np.add(r, 0.0, out=r)


def _shrink_d(x, lam):
    # (a bool array then astype is faster than a comparison writing floats: no cast buffer)
    return _nan_back(x, (np.abs(x) > _at_most(lam, x.dtype)).astype(x.dtype))


def hardshrink(x, lambd=0.5):
    r"""Hard shrinkage: x where :math:`|x| > \lambda`, else 0 (PyTorch ``nn.Hardshrink``).

    Range ``(-∞, ∞)`` (values in (-λ, λ) other than 0 never occur). Derivative 1 where
    :math:`|x| > \lambda`, else 0, **0 at x = ±λ** (PyTorch). ``lambd`` must be >= 0.

    Examples
    --------
    >>> import actlib
    >>> actlib.hardshrink([-1.0, 0.3, 0.5, 2.0])
    array([-1.,  0.,  0.,  2.])
    >>> actlib.hardshrink.derivative([-1.0, 0.5, 2.0])
    array([1., 0., 1.])
    """
    lam = _check_lambd("hardshrink", lambd)
    return _apply("hardshrink", _hardshrink, x, lam, exact=True)


def hardshrink_derivative(x, lambd=0.5):
    """Derivative of :func:`hardshrink`: 1 where |x| > lambd, else 0."""
    lam = _check_lambd("hardshrink.derivative", lambd)
    return _apply("hardshrink.derivative", _shrink_d, x, lam, exact=True)


def _softshrink(x, lam):
    # x - clip(x, -lam, lam): x - lam above, x + lam below, x - x = +0 between, NaN stays;
    # one rounding. For lam not exact in x's dtype (float32/16) it is computed in float64.
    lam_x = x.dtype.type(lam)
    if float(lam_x) != lam:
        return _in_float64(_softshrink, x, lam)
    c = np.clip(x, -lam_x, lam_x)
    return np.subtract(x, c, out=c)


def _in_float64(kernel, x, *args):
    """A float64 kernel on a float32/float16 array, block by block, rounded once to x's dtype."""
    flat = x.reshape(-1)
    out = np.empty(flat.shape, dtype=x.dtype)
    for start in range(0, flat.size, _BLOCK):
        out[start : start + _BLOCK] = kernel(flat[start : start + _BLOCK].astype(_F64), *args)
    return out.reshape(x.shape)


def softshrink(x, lambd=0.5):
    r"""Soft shrinkage (soft thresholding): :math:`\operatorname{sign}(x)\max(|x|-\lambda, 0)`.

    The proximal operator of :math:`\lambda|x|` (PyTorch ``nn.Softshrink``). Range ``(-∞, ∞)``.
    Derivative 1 where :math:`|x| > \lambda`, else 0, **0 at x = ±λ** (PyTorch).

    Examples
    --------
    >>> import actlib
    >>> actlib.softshrink([-1.0, 0.3, 2.0])
    array([-0.5,  0. ,  1.5])
    >>> actlib.softshrink.derivative([-1.0, 0.5, 2.0])
    array([1., 0., 1.])
    """
    lam = _check_lambd("softshrink", lambd)
    return _apply("softshrink", _softshrink, x, lam, exact=True)


def softshrink_derivative(x, lambd=0.5):
    """Derivative of :func:`softshrink`: 1 where |x| > lambd, else 0."""
    lam = _check_lambd("softshrink.derivative", lambd)
    return _apply("softshrink.derivative", _shrink_d, x, lam, exact=True)


def _split26(a):
    """``(hi, lo)``: a == hi + lo exactly, hi the top 26 significand bits (masked), lo <= 27."""
    hi = np.bitwise_and(a.view(np.int64), _HI26).view(np.float64)
    return hi, np.subtract(a, hi)


def _tanhshrink_cf(x):
    """x - tanh x for |x| < 1.4 as x^3 / (x^2 + K), within about 1 ulp.

    K = 3 + x^2/(5 + x^2/(7 + ... + x^2/21)) is Lambert's continued fraction of tanh rearranged
    (tanh x = x / (1 + x^2/K)), every term positive, its truncation below 1e-18 relative on
    |x| < 1.4. x^3 and x^2 + K are carried as pairs (26-bit splits: the products are exact), so
    the only rounding that counts is the last division's.
    """
    xh, xl = _split26(x)
    z = np.multiply(x, x)
    zl = np.multiply(xh, xh)
    np.subtract(zl, z, out=zl)  # xh^2 - fl(x^2), exact
    np.add(zl, np.multiply(xl, np.add(xh, x)), out=zl)  # x^2 = z + zl
    k = np.full_like(z, 21.0)
    for c in (19.0, 17.0, 15.0, 13.0, 11.0, 9.0, 7.0, 5.0):
        np.divide(z, k, out=k)
        np.add(k, c, out=k)
    w = np.divide(z, k, out=k)
    d = np.add(w, 3.0)
    dl = np.subtract(d, 3.0)
    np.subtract(w, dl, out=dl)  # K = d + dl (Fast2Sum, 3 > w)
    np.add(dl, zl, out=dl)
    kh = d
    d = np.add(kh, z)
    np.subtract(d, kh, out=kh)
    np.subtract(z, kh, out=kh)
    np.add(dl, kh, out=dl)  # x^2 + K = d + dl (Fast2Sum, K > x^2)
    p = np.multiply(x, z)
    zh, zlo = _split26(z)
    pl = np.multiply(xh, zh)
    np.subtract(pl, p, out=pl)
    np.add(pl, np.add(np.multiply(xh, zlo), np.multiply(xl, zh)), out=pl)
    np.add(pl, np.multiply(xl, zlo), out=pl)  # x fl(x^2) = p + pl (Dekker)
    np.add(pl, np.multiply(x, zl, out=zl), out=pl)  # x^3 = p + pl
    q = np.divide(p, d, out=p)
    np.multiply(q, dl, out=dl)
    np.subtract(pl, dl, out=pl)
    np.divide(pl, d, out=pl)
    return np.add(q, pl, out=q)  # (p + pl)/(d + dl) = q + (pl - q dl)/d


def _tanhshrink(x):
    # x - tanh x cancels for |x| < 1.4 (there x - tanh x < 0.5 < tanh x, and tanh's rounding
    # error exceeds an ulp of the result): those elements take the continued fraction.
    r = np.subtract(x, np.tanh(x))
    return _patch(x, r, np.abs(x) < 1.4, _tanhshrink_cf)


def _tanhshrink_narrow(x):
    # For float32/16 output: x - tanh x in plain float64 is within 1e-10 relative for
    # |x| >= 0.01 (tanh's error is ~1e-16 x against x^3/3); below, x^3/3 - 2x^5/15 + 17x^7/315.
    r = np.subtract(x, np.tanh(x))
    return _patch(x, r, np.abs(x) < 0.01, _tanhshrink_small)


def _tanhshrink_small(x):
    x2 = x * x
    return (x * x2) * ((1.0 / 3.0) - x2 * ((2.0 / 15.0) - x2 * (17.0 / 315.0)))


def _tanhshrink_d(x):
    # tanh(x)^2 in place: one temporary.
    t = np.tanh(x)
    return np.multiply(t, t, out=t)


def tanhshrink(x):
    r"""Tanh shrinkage, :math:`x - \tanh x` (PyTorch ``nn.Tanhshrink``).

    Range ``(-∞, ∞)``; behaves like :math:`x^3/3` near 0, so its slope there is 0. Derivative
    :math:`\tanh^2 x`. Near 0 the subtraction would cancel, so for :math:`|x| < 1.4` it is
    computed as :math:`x^3/(x^2 + K)` with :math:`K = 3 + x^2/(5 + x^2/(7 + \dots))`, Lambert's
    continued fraction of tanh (every term positive).

    Examples
    --------
    >>> import actlib
    >>> float(actlib.tanhshrink(1e-5))  # x^3/3
    3.333333333200001e-16
    >>> actlib.tanhshrink.derivative([0.0])
    array([0.])
    """
    return _apply("tanhshrink", _tanhshrink, x, narrow=_tanhshrink_narrow)


def tanhshrink_derivative(x):
    """Derivative of :func:`tanhshrink`: tanh(x)**2."""
    # float64: tanh and the square in place over the whole array, no blocks (nothing to round
    # twice); float32/16: the same on float64 blocks.
    return _apply("tanhshrink.derivative", _tanhshrink_d, x, exact=np.float64)


def _sqrt_x2_plus_b(x, b):
    """sqrt(x^2 + b) to about half an ulp: x^2 + b is carried as an exact pair of floats."""
    xc = np.clip(x, -1e150, 1e150)
    sq = xc * xc
    lo = _two_sq_err(xc)
    hi = sq + b
    bb = hi - sq
    lo = lo + ((sq - (hi - bb)) + (b - bb))  # TwoSum error of sq + b
    s = np.sqrt(hi)
    s = s + lo / (2.0 * s)
    return np.where(np.abs(x) > 1e150, np.abs(x), s)  # there b is far below half an ulp of x^2


def _squareplus_wide(x, b):
    s = _sqrt_x2_plus_b(x, b)
    # Well below 0, (x + s)/2 cancels; multiply through by (s - x): b / (2 (s - x)).
    # Halves are taken before the sums so nothing overflows near the largest float.
    r = np.where(x >= -0.25 * np.sqrt(b), 0.5 * x + 0.5 * s, (0.25 * b) / (0.5 * s - 0.5 * x))
    return _keep_nan(x, r)


def _squareplus_d_wide(x, b):
    s = _sqrt_x2_plus_b(x, b)
    # (1 + x/s)/2, and for x < 0 the cancellation-free b / (2 s (s - x)).
    r = np.where(x >= 0, 0.5 + 0.5 * (x / s), (0.25 * b / s) / (0.5 * s - 0.5 * x))
    r = np.where(np.isinf(x), (x > 0).astype(np.float64), r)
    return _keep_nan(x, r)


_HI26 = np.int64(-(1 << 27))  # clears a float64's low 27 significand bits: a 26-bit high half


def _sqrt_pair(ax, b, exact_square=True):
    """``(s, ds)`` with sqrt(x^2 + b) = s + ds to ~1e-32 relative, plus sqrt's own rounding.

    For 0 <= ax = |x| <= 1e150. x^2 + b is carried as a pair: b's rounding by TwoSum and, with
    ``exact_square``, x^2's from a 26-bit high half made by masking bits (its square is exact);
    ds folds the pair's low part into the root (sqrt(h + lo) = s + lo/(2s)).
    """
    sq = np.multiply(ax, ax)
    h = np.add(sq, b)
    bb = np.subtract(h, sq)
    lo = np.subtract(h, bb)
    np.subtract(sq, lo, out=lo)
    np.subtract(b, bb, out=bb)
    np.add(lo, bb, out=lo)  # TwoSum: fl(x^2) + b == h + lo exactly
    if exact_square:
        ah, al = _split26(ax)
        np.multiply(ah, ah, out=bb)
        np.subtract(bb, sq, out=bb)  # ah^2 - fl(x^2), exact (Sterbenz)
        np.add(ah, ax, out=ah)
        np.multiply(ah, al, out=ah)  # x^2 - ah^2 = al (ah + x), to ~2^-79 x^2
        np.add(lo, bb, out=lo)
        np.add(lo, ah, out=lo)  # x^2 + b == h + lo
    s = np.sqrt(h, out=h)
    np.multiply(lo, 0.5, out=lo)
    return s, np.divide(lo, s, out=lo)


def _squareplus_k2(x, ax, s, ds, b):
    """``(x + |x|) + b/(|x| + s + ds)``, twice squareplus, for x whose |x| <= 1e150.

    b/(|x| + sqrt(x^2 + b)) = sqrt(x^2 + b) - |x| without the cancellation, so one formula
    serves both signs: twice squareplus is 2x + (s - x) for x >= 0 and s - |x| for x < 0. The
    denominator is a pair (Fast2Sum, s >= |x|) and the quotient is corrected for its low part.
    """
    d = np.add(ax, s)
    dlo = np.subtract(d, s)
    np.subtract(ax, dlo, out=dlo)
    np.add(dlo, ds, out=dlo)  # |x| + s + ds == d + dlo
    k = np.divide(b, d)
    np.divide(dlo, d, out=dlo)
    np.multiply(dlo, k, out=dlo)
    np.subtract(k, dlo, out=k)  # b/(d + dlo) = k (1 - dlo/d)
    np.add(ax, x, out=ax)  # x + |x| = 2 max(x, 0), exact
    return np.add(ax, k, out=ax)


def _squareplus(x, b):
    ax = np.abs(x)
    big = not ax.max(initial=0.0) <= 1e150  # x^2 overflows there (or NaN: then checked below)
    # x^2's rounding error is left out: it enters with weight x^2/(2(x^2 + b)) s/(|x| + s) <= 1/4,
    # and the error is largest near x = 0 (sqrt's rounding at full weight), where that weight is 0.
    s, ds = _sqrt_pair(ax, b, exact_square=False)
    r = _squareplus_k2(x, ax, s, ds, b)
    np.multiply(r, 0.5, out=r)
    return _patch(x, r, np.abs(x) > 1e150, lambda t: _squareplus_wide(t, b)) if big else r


def _squareplus_d(x, b):
    # squareplus' = (1 + x/s)/2 = squareplus/s: no cancellation for x < 0.
    ax = np.abs(x)
    big = not ax.max(initial=0.0) <= 1e150
    s, ds = _sqrt_pair(ax, b)
    r = _squareplus_k2(x, ax, s, ds, b)
    np.multiply(r, 0.5, out=r)
    np.divide(r, s, out=r)
    np.divide(ds, s, out=ds)
    np.multiply(ds, r, out=ds)
    np.subtract(r, ds, out=r)  # r/(s + ds) = (r/s)(1 - ds/s)
    return _patch(x, r, np.abs(x) > 1e150, lambda t: _squareplus_d_wide(t, b)) if big else r


def _squareplus_narrow(x, b, ax):
    # For float32/16 output (finite |x| < 1e39, so x^2 cannot overflow): the same formula in
    # plain float64, b/(|x| + s) = s - |x| without cancellation, within ~1e-15 relative.
    s = np.multiply(ax, ax)
    np.add(s, b, out=s)
    np.sqrt(s, out=s)
    k = np.add(ax, s)
    np.divide(b, k, out=k)
    np.add(ax, x, out=ax)  # 2 max(x, 0)
    np.add(ax, k, out=ax)
    return np.multiply(ax, 0.5, out=ax), s


def _squareplus_narrow_f(x, b):
    ax = np.abs(x)
    big = not ax.max(initial=0.0) < np.inf  # inf (or NaN: then checked below) gives inf - inf
    r = _squareplus_narrow(x, b, ax)[0]
    return _patch(x, r, np.isinf(x), lambda t: _squareplus_wide(t, b)) if big else r


def _squareplus_d_narrow(x, b):
    ax = np.abs(x)
    big = not ax.max(initial=0.0) < np.inf
    r, s = _squareplus_narrow(x, b, ax)
    np.divide(r, s, out=r)
    return _patch(x, r, np.isinf(x), lambda t: _squareplus_d_wide(t, b)) if big else r


def squareplus(x, b=4.0):
    r"""Squareplus, :math:`\tfrac12\left(x + \sqrt{x^2 + b}\right)` (So 2021; JAX's default b = 4).

    An algebraic smooth ReLU: no exp or log. Range ``(0, ∞)``. Derivative
    :math:`\tfrac12(1 + x/\sqrt{x^2+b})`, 1/2 at 0. ``b`` must be in [1e-200, 1e200] (b = 0 is
    ReLU; beyond those ends x^2 + b under- or overflows where the result does not).
    Computed as :math:`\max(x, 0) + b / (2(|x| + \sqrt{x^2+b}))`, which does not cancel for
    x < 0 (there :math:`x + \sqrt{x^2+b}` would), and the derivative as squareplus divided by
    :math:`\sqrt{x^2+b}`; x^2 + b is carried exactly as a pair of floats.

    Examples
    --------
    >>> import actlib
    >>> actlib.squareplus([-2.0, 0.0, 2.0])
    array([0.41421356, 1.        , 2.41421356])
    >>> actlib.squareplus.derivative([0.0])
    array([0.5])
    """
    bb = real_param("squareplus", "b", b, positive=True)
    return _apply("squareplus", _squareplus, x, bb, narrow=_squareplus_narrow_f)


def squareplus_derivative(x, b=4.0):
    """Derivative of :func:`squareplus`: (1 + x / sqrt(x^2 + b)) / 2."""
    bb = real_param("squareplus.derivative", "b", b, positive=True)
    return _apply("squareplus.derivative", _squareplus_d, x, bb, narrow=_squareplus_d_narrow)


def _sparse_plus(x):
    # (t + 1)^2/4 with t = clip(x, -1, 1), plus max(x, 1) - 1: x above 1 (1 + (x - 1), exact
    # below 2**53), 0 below (as the +0 at t = -1).
    t = np.clip(x, -1.0, 1.0)  # NaN stays NaN
    r = np.add(t, 1.0)
    np.multiply(r, r, out=r)
    np.multiply(r, 0.25, out=r)
    u = np.clip(x, 1.0, math.inf, out=t)
    np.subtract(u, 1.0, out=u)
    np.add(r, u, out=r)
    return _big_is_x(x, r)


def _sparse_plus_d(x):
    # clip((x + 1)/2, 0, 1) is sparse_sigmoid: x + 1 rounds once and /2 is exact, in any dtype.
    return _sparse_sigmoid(x)


def sparse_plus(x):
    r"""Sparse plus (JAX): 0 for x <= -1, :math:`(x+1)^2/4` on (-1, 1), x for x >= 1.

    A piecewise-quadratic smooth ReLU whose output is exactly 0 below -1 (Martins et al.'s
    "sparse" family). Range ``[0, ∞)``. Derivative 0, :math:`(x+1)/2`, 1 on the three pieces; it
    is continuous, so there are no kinks.

    Examples
    --------
    >>> import actlib
    >>> actlib.sparse_plus([-2.0, 0.0, 2.0])
    array([0.  , 0.25, 2.  ])
    >>> actlib.sparse_plus.derivative([-1.0, 0.0, 1.0])
    array([0. , 0.5, 1. ])
    """
    return _apply("sparse_plus", _sparse_plus, x, exact=np.float64)


def sparse_plus_derivative(x):
    """Derivative of :func:`sparse_plus`: 0, (x+1)/2, 1."""
    return _apply("sparse_plus.derivative", _sparse_plus_d, x, exact=True)


def _sparse_sigmoid(x):
    r = np.add(x, 1.0)
    np.multiply(r, 0.5, out=r)  # (x + 1)/2, the halving exact
    return np.clip(r, 0.0, 1.0, out=r)


def _sparse_sigmoid_d(x):
    r = (np.abs(x) < 1.0).astype(x.dtype)
    np.multiply(r, 0.5, out=r)  # exact
    return _nan_back(x, r)


def sparse_sigmoid(x):
    r"""Sparse sigmoid (JAX): :math:`\operatorname{clip}((x+1)/2, 0, 1)`, sparse_plus' derivative.

    Range ``[0, 1]``, reaching 0 and 1 exactly. Derivative 1/2 on (-1, 1), else 0, and **0 at
    the kinks ±1** (as hard_sigmoid; PyTorch has no sparse_sigmoid, and JAX's clip splits the
    gradient at a tie).

    Examples
    --------
    >>> import actlib
    >>> actlib.sparse_sigmoid([-2.0, 0.0, 0.5, 2.0])
    array([0.  , 0.5 , 0.75, 1.  ])
    """
    # (x + 1)/2 rounds once in any float dtype (/2 is exact), so it runs in the input's dtype.
    return _apply("sparse_sigmoid", _sparse_sigmoid, x, exact=True)


def sparse_sigmoid_derivative(x):
    """Derivative of :func:`sparse_sigmoid`: 1/2 on (-1, 1), else 0."""
    return _apply("sparse_sigmoid.derivative", _sparse_sigmoid_d, x, exact=True)


def _exp(x):
    """exp(x) in x's dtype: float64 exp (float32's is 2.5 ulp off) rounded once."""
    if x.dtype == np.float64:
        return np.exp(x)
    if x.size <= 4096:
        return np.exp(x, dtype=np.float64).astype(x.dtype)
    # One buffered pass: exp in float64, written rounded into the narrow output.
    return np.exp(x, out=np.empty_like(x), dtype=np.float64, casting="same_kind")


def exponential(x):
    r"""Exponential activation, :math:`e^x` (Keras ``exponential``).

    Range ``(0, ∞)``; overflows to inf above x = 709.78 (float64), which is the correctly
    rounded answer and raises no warning. Derivative :math:`e^x`.

    Examples
    --------
    >>> import actlib
    >>> actlib.exponential([0.0, 1.0])
    array([1.        , 2.71828183])
    """
    return _apply("exponential", _exp, x, exact=True)


def exponential_derivative(x):
    """Derivative of :func:`exponential`: exp(x)."""
    return _apply("exponential.derivative", _exp, x, exact=True)


def _check_rrelu(fname, lower, upper):
    """``(slope, scaled)``: the mean slope (l+u)/2 rounded once, and, when it is subnormal,
    the slope at scale 2**600 (see :func:`_rrelu`), else None."""
    lo = real_param(fname, "lower", lower)
    hi = real_param(fname, "upper", upper)
    if lo > hi:
        raise ValueError(f"{fname}: parameter 'lower' ({lo!r}) must be <= 'upper' ({hi!r})")
    # l/2 + u/2 would round twice; l + u cannot overflow in the domain [0, 1].
    slope = (lo + hi) / 2.0
    if lo + hi != 0.0 and abs(slope) < 2.2250738585072014e-308:
        return slope, (math.ldexp(lo, 600) + math.ldexp(hi, 600)) / 2.0
    return slope, None


def rrelu(x, lower=0.125, upper=1.0 / 3.0):
    r"""Randomized leaky ReLU in evaluation mode: leaky ReLU with slope :math:`(l+u)/2`.

    In training, RReLU (Xu et al. 2015) draws each negative slope from U(lower, upper); at
    evaluation PyTorch uses the mean slope, which is what this computes (deterministic).
    Defaults lower = 1/8, upper = 1/3 (PyTorch), slope 11/48. Derivative 1 for x > 0, the slope
    otherwise (the slope at the kink, as leaky_relu). ``0 <= lower <= upper <= 1``; a subnormal
    mean slope is applied at scale, so the product is still rounded once.

    Examples
    --------
    >>> import actlib
    >>> actlib.rrelu([-48.0, 2.0])
    array([-11.,   2.])
    """
    a, scaled = _check_rrelu("rrelu", lower, upper)
    return _apply("rrelu", _rrelu, x, a, scaled)


def rrelu_derivative(x, lower=0.125, upper=1.0 / 3.0):
    """Derivative of :func:`rrelu` (evaluation mode): 1 for x > 0, (lower+upper)/2 otherwise."""
    a, _ = _check_rrelu("rrelu.derivative", lower, upper)
    return _apply("rrelu.derivative", _leaky_d, x, a)


def softmin(x, axis=-1):
    r"""Softmin along ``axis``: :math:`\operatorname{softmax}(-x)`; the smallest entry gets most.

    Range: entries in ``[0, 1]`` summing to 1. Jacobian :math:`-J_{\text{softmax}}(-x)`.

    Examples
    --------
    >>> import actlib
    >>> actlib.softmin([1.0, 2.0, 3.0])
    array([0.66524096, 0.24472847, 0.09003057])
    """
    return _vector_apply("softmin", _softmin_kernel, x, axis)


def softmin_jacobian(x, axis=-1):
    """Jacobian of :func:`softmin`: -s_i (delta_ij - s_j) with s = softmin(x), shape (..., n, n)."""
    arr, dtype, ax = _check_axis("softmin.jacobian", x, axis)
    if arr.size == 0:
        return _empty_jacobian(arr, ax, dtype)
    arr = arr.astype(np.float64)
    with np.errstate(all="ignore"):
        j = -_jacobian_from(_softmax_kernel(-arr, ax), ax, log=False)
    return finish(j, dtype, False)


def softmin_vjp(x, g, axis=-1):
    """Vector-Jacobian product of :func:`softmin`: -s * (g - <g, s>)."""
    return _vjp_apply("softmin.vjp", _softmin_vjp_rows, x, g, axis)


def _softmin_vjp_rows(b, gb, dtype, out=None):
    kernel = _softmin_kernel if dtype == np.float64 else _softmin_narrow
    r = _softmax_vjp_rows(b, gb, dtype, out=out, kernel=kernel)
    return np.negative(r, out=r)  # -(s t) is (-s) t, bit for bit


def _glu_rows(b, out=None, narrow=False):
    """a * sigmoid(c) for a block of rows [a | c] (float64), written to ``out``."""
    h = b.shape[-1] // 2
    s = (_sigmoid_narrow if narrow else _sigmoid)(b[:, h:])
    return np.multiply(b[:, :h], s, out=_or(out, s))


def _glu_halves(fname, x, axis):
    arr, dtype, ax = _check_axis(fname, x, axis)
    arr = arr.astype(np.float64)
    n = arr.shape[ax]
    if n % 2:
        raise ValueError(f"{fname}: the size of axis {axis} must be even to split it, got {n}")
    a, b = np.split(arr, 2, axis=ax)
    return a, b, dtype, ax


def glu(x, axis=-1):
    r"""Gated linear unit: split x in halves a, b along ``axis`` and return :math:`a\,\sigma(b)`.

    (Dauphin et al. 2017; PyTorch ``F.glu`` with ``dim=-1``.) The output has half the size along
    ``axis``; an odd size is refused. Derivatives: :math:`\partial/\partial a = \sigma(b)`,
    :math:`\partial/\partial b = a\,\sigma'(b)`; ``glu.jacobian`` has shape ``(..., n/2, n)``.

    Examples
    --------
    >>> import actlib
    >>> actlib.glu([2.0, 4.0, 0.0, 100.0])
    array([1., 4.])
    """
    if _one_block_of_rows(x, axis) and x.shape[-1] % 2 == 0:
        # Fast path (per-call overhead), as _vector_apply's: one block of rows, no checks.
        n = x.shape[-1]
        shape = (*x.shape[:-1], n // 2)
        token = quiet()
        try:
            if x.dtype is _F64:
                return _glu_rows(x.reshape(-1, n)).reshape(shape)
            out = np.empty((x.size // n, n // 2), dtype=_F32)
            return _glu_rows(x.reshape(-1, n).astype(_F64), out, narrow=True).reshape(shape)
        finally:
            restore(token)
    arr, dtype, ax = _check_axis("glu", x, axis)
    n = arr.shape[ax]
    if n % 2:
        raise ValueError(f"glu: the size of axis {axis} must be even to split it, got {n}")
    # sigmoid within its bound times a, rounded once: within the 4-ulp bound (NaN propagates).
    narrow = dtype != np.float64
    return _rows(arr, ax, dtype, lambda b, out: _glu_rows(b, out, narrow), width=n // 2)


def glu_jacobian(x, axis=-1):
    """Jacobian of :func:`glu`: shape (..., n/2, n), [diag(sigmoid(b)) | diag(a sigmoid'(b))]."""
    a, b, dtype, ax = _glu_halves("glu.jacobian", x, axis)
    with np.errstate(all="ignore"):
        da = np.moveaxis(_sigmoid_accurate(b), ax, -1)
        db = np.moveaxis(a * _sigmoid_d(b), ax, -1)
        eye = np.eye(da.shape[-1], dtype=bool)
        # np.where, not a product with the identity: inf * 0 off the diagonal would be NaN.
        j = np.concatenate(
            [np.where(eye, da[..., :, None], 0.0), np.where(eye, db[..., :, None], 0.0)], axis=-1
        )
    return finish(j, dtype, False)


def glu_vjp(x, g, axis=-1):
    """Vector-Jacobian product of :func:`glu`: concatenate(g sigmoid(b), g a sigmoid'(b))."""
    a, b, dtype, ax = _glu_halves("glu.vjp", x, axis)
    garr, _ = as_float64(g, "glu.vjp")
    if garr.shape != a.shape:
        raise ValueError(f"glu.vjp: g has shape {garr.shape}, expected the output's {a.shape}")
    with np.errstate(all="ignore"):
        r = np.concatenate([garr * _sigmoid_accurate(b), garr * a * _sigmoid_d(b)], axis=ax)
    return finish(r, dtype, False)


def _sparsemax_kernel(x, axis, out=None):
    d, _, _ = _shifted(x, axis)  # max-subtracted; +inf entries handled as the limit
    z = np.moveaxis(d, axis, -1)
    zs = -np.sort(-z, axis=-1)
    k = np.arange(1, z.shape[-1] + 1, dtype=np.float64)
    csum = np.cumsum(zs, axis=-1)
    # The support size: the largest k with 1 + k z_(k) > sum_{j<=k} z_(j).
    support = (1.0 + k * zs) > csum
    kz = np.sum(support, axis=-1, keepdims=True)
    tau = (np.take_along_axis(csum, np.maximum(kz - 1, 0), axis=-1) - 1.0) / kz
    p = np.maximum(z - tau, 0.0)
    p = np.where(np.isnan(z).any(axis=-1, keepdims=True) | (kz == 0), np.nan, p)
    p = np.moveaxis(p, -1, axis)
    if out is not None:
        out[...] = p
        return out
    return p


def sparsemax(x, axis=-1):
    r"""Sparsemax along ``axis``: the Euclidean projection of x onto the probability simplex.

    (Martins and Astudillo 2016.) Like softmax its entries are >= 0 and sum to 1, but it returns
    exact zeros: :math:`p_i = \max(x_i - \tau, 0)` with :math:`\tau` chosen so the sum is 1.
    Piecewise linear; its Jacobian is :math:`\operatorname{diag}(s) - s s^T/|S|` with s the
    indicator of the support S. A slice of all -inf gives NaN, as softmax.

    Examples
    --------
    >>> import actlib
    >>> actlib.sparsemax([0.0, 0.5, 3.0])
    array([0., 0., 1.])
    >>> actlib.sparsemax([1.0, 1.2, 0.0])
    array([0.4, 0.6, 0. ])
    """
    return _vector_apply("sparsemax", _sparsemax_kernel, x, axis)


def _sparsemax_support(arr, ax):
    return (_sparsemax_kernel(arr, ax) > 0).astype(np.float64)


def sparsemax_jacobian(x, axis=-1):
    """Jacobian of :func:`sparsemax`: diag(s) - s s^T / |S|, s the support indicator."""
    arr, dtype, ax = _check_axis("sparsemax.jacobian", x, axis)
    if arr.size == 0:
        return _empty_jacobian(arr, ax, dtype)
    arr = arr.astype(np.float64)
    with np.errstate(all="ignore"):
        s = np.moveaxis(_sparsemax_support(arr, ax), ax, -1)
        size = np.sum(s, axis=-1)[..., None, None]
        j = s[..., :, None] * np.eye(s.shape[-1]) - s[..., :, None] * s[..., None, :] / size
    return finish(j, dtype, False)


def sparsemax_vjp(x, g, axis=-1):
    """Vector-Jacobian product of :func:`sparsemax`: s * (g - sum(g s)/|S|)."""
    arr, garr, dtype, ax = _vjp_args("sparsemax.vjp", x, g, axis)

    def vjp(b, gb, out=None):
        s = _sparsemax_support(b, -1)
        mean = np.sum(gb * s, axis=-1, keepdims=True) / np.sum(s, axis=-1, keepdims=True)
        return s * (gb - mean)

    return _rows(arr, ax, dtype, vjp, garr)
