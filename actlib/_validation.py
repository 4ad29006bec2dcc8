"""Input checking and dtype handling shared by every activation.

The rules, in one place:

* real floating input keeps its dtype (float16, float32 and float64; the work is done in float64
  and rounded once at the end, which is what makes float32 results correctly rounded in practice);
* bool and integer input is promoted to float64, as NumPy's own ufuncs do;
* strings, ``None``, object, complex, datetime and extended-precision arrays are refused with a
  ``TypeError`` that names the function and the dtype: nothing is silently coerced;
* a 0-d input gives a NumPy scalar back, as a ufunc does;
* byte order is normalised: a big-endian ``>f8`` array is ordinary float64 (the result is native);
* bytes-like objects (``bytes``, ``bytearray``, ``memoryview``) are refused with a ``TypeError``,
  all three alike: their bytes have no agreed numeric meaning (``np.frombuffer(buf, dtype)``
  says what they hold);
* masked arrays: the elementwise functions and derivatives keep the mask, as ``np.exp`` does
  (the registry's :class:`~actlib.registry.Activation` strips it, calls the kernel on the data and
  puts it back); the vector functions refuse them with a ``TypeError``, since a masked entry
  inside a softmax row has no agreed meaning (fill it first, e.g. ``x.filled(-np.inf)``);
* a ragged nested list is a ``ValueError`` naming the function.

Parameters are checked in one place, :func:`real_param`, against the domain recorded in the
registry's :class:`~actlib.registry.Parameter` (``Parameter.domain``); a value outside it, a
non-finite one, a non-number, or a number too large for float64 (a huge ``int`` or ``Fraction``)
is a ``ValueError`` naming the function, the parameter and the domain.
"""

from __future__ import annotations

import functools
import math
import numbers

import numpy as np

_FLOAT_OUT = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))
# The same three, native byte order: a set looks a dtype up by hash, quicker than a tuple's ==.
_NATIVE_FLOAT = frozenset(_FLOAT_OUT)

try:
    from numpy._core.umath import _extobj_contextvar, _make_extobj
except ImportError:  # pragma: no cover - a NumPy without them: the public context manager
    _extobj_contextvar = None

if _extobj_contextvar is not None:
    # NumPy 2 keeps the floating-point error state in a context variable. Setting it to a
    # prebuilt "ignore all" state costs ~0.1 us, where ``with np.errstate(all="ignore")`` costs
    # ~0.9 us (a Python class building the state each time), and every activation call enters
    # it once. The prebuilt state has NumPy's default buffer size.

    #: ``token = quiet()``: ignore floating-point errors, as ``np.errstate(all="ignore")``
    #: does, until ``restore(token)`` (in a ``finally``).
    quiet = functools.partial(_extobj_contextvar.set, _make_extobj(all="ignore"))
    #: ``restore(token)``: put back the error state that ``quiet`` replaced.
    restore = _extobj_contextvar.reset
else:  # pragma: no cover

    def quiet():
        """Ignore floating-point errors until ``restore(token)``; returns the token."""
        state = np.errstate(all="ignore")
        state.__enter__()
        return state

    def restore(token):
        """Put back the floating-point error state that :func:`quiet` replaced."""
        token.__exit__(None, None, None)


def as_float64(x, fname):
    """Return ``(array64, out_dtype)`` for an activation's input, or raise ``TypeError``."""
    arr, out_dtype = as_real(x, fname)
    return arr.astype(np.float64, copy=False), out_dtype


def as_real(x, fname):
    """Return ``(array, out_dtype)``: the input as a real array (not yet float64), or raise."""
    if type(x) is np.ndarray and x.dtype in _NATIVE_FLOAT:
        return x, x.dtype  # the common case, without the checks below (per-call overhead)
    if x is None or isinstance(x, str):
        raise TypeError(
            f"{fname}: expected a real number or an array of real numbers, got {type(x).__name__}"
        )
    if isinstance(x, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"{fname}: expected a real number or an array of real numbers, got the bytes-like "
            f"{type(x).__name__} (bytes-like input is refused; say what the bytes hold with "
            "np.frombuffer(buf, dtype=...))"
        )
    if isinstance(x, np.ma.MaskedArray):
        raise TypeError(
            f"{fname}: masked arrays are not supported by the vector functions (a masked entry "
            "inside a slice has no agreed meaning); fill it first, e.g. x.filled(-np.inf)"
        )
    try:
        arr = np.asarray(x)
    except ValueError as err:  # a ragged nested list
        raise ValueError(f"{fname}: the input is not a regular array ({err})") from None
    if arr.dtype.byteorder not in "=|":
        # '>f8' on a little-endian machine is ordinary float64, stored the other way round.
        arr = arr.astype(arr.dtype.newbyteorder("="))
    kind = arr.dtype.kind
    if kind in "biu":
        return arr, np.dtype(np.float64)
    if kind == "f" and arr.dtype in _FLOAT_OUT:
        return arr, arr.dtype
    if kind == "f":
        raise TypeError(
            f"{fname}: dtype {arr.dtype} is not supported (use float16, float32 or float64; "
            "the results would silently lose the extra precision)"
        )
    what = {"c": "complex", "O": "object", "U": "string", "S": "bytes", "M": "datetime"}.get(
        kind, "non-real"
    )
    raise TypeError(f"{fname}: expected real input, got {what} dtype {arr.dtype}")


def finish(result, out_dtype, scalar):
    """Round a float64 result to the caller's dtype; 0-d input gives a NumPy scalar."""
    if result.dtype != out_dtype:
        token = quiet()  # overflow to inf or underflow to 0 in the narrower dtype is right
        try:
            result = result.astype(out_dtype)
        finally:
            restore(token)
    if scalar:
        return result[()]
    return result


_DOMAINS: dict = {}
_UNKNOWN = object()  # not yet looked up (None is a looked-up "no registry domain")
_ACCEPTED: dict = {}  # (fname, pname, positive, nonzero) -> the float real_param last accepted


def domain(fname, pname):
    """The registry's domain (an ``Interval``) of parameter ``pname`` of ``fname``, or None.

    ``fname`` may be ``"elu"`` or ``"elu.derivative"``; the registry is the one source of truth
    (looked up on first use, since :mod:`actlib.registry` imports the kernels).
    """
    key = (fname, pname)
    if key not in _DOMAINS:
        from actlib.registry import ACTIVATIONS

        act = ACTIVATIONS.get(fname.split(".", 1)[0])
        found = None
        for p in act.parameters if act is not None else ():
            if p.name == pname:
                found = p.domain
        _DOMAINS[key] = found
    return _DOMAINS[key]


def _shorten(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:20] + "..." + text[-12:]


def _in(dom, v):
    """``dom.contains(v)`` for one Python float, without a NumPy round trip."""
    above = v >= dom.low if dom.low_closed else v > dom.low
    below = v <= dom.high if dom.high_closed else v < dom.high
    return above and below


def real_param(fname, pname, value, *, positive=False, nonzero=False):
    """Check one numeric parameter against its registry domain; return it as a float.

    Every value must be a finite real number that float64 can hold; then it must lie in
    ``Parameter.domain`` (``positive`` / ``nonzero`` are extra checks for a parameter without a
    registry entry). Anything else is a ``ValueError`` naming ``fname``, the parameter and the
    domain.
    """
    key = (fname, pname, positive, nonzero)
    if type(value) is float and _ACCEPTED.get(key) == value:
        return value + 0.0  # the value this check last accepted (a default): per-call overhead
    dom = _DOMAINS.get((fname, pname), _UNKNOWN)
    if dom is _UNKNOWN:
        dom = domain(fname, pname)
    if type(value) is float and math.isfinite(value):
        # The common case, checked without building the error text (per-call overhead).
        if (dom is None or _in(dom, value)) and not (
            (positive and value <= 0) or (nonzero and value == 0)
        ):
            _ACCEPTED[key] = value
            return value + 0.0
    where = f" (its domain is {dom}, finite values only)" if dom is not None else ""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(
            f"{fname}: parameter {pname!r} must be a real number{where}, got "
            f"{type(value).__name__} {_shorten(value)}"
        )
    try:
        value = float(value)
    except (OverflowError, ValueError):
        raise ValueError(
            f"{fname}: parameter {pname!r} is too large for float64{where}, got "
            f"{type(value).__name__} {_shorten(value)}"
        ) from None
    if not math.isfinite(value):
        raise ValueError(f"{fname}: parameter {pname!r} must be finite{where}, got {value!r}")
    if dom is not None and not bool(dom.contains(value)):
        raise ValueError(f"{fname}: parameter {pname!r} must be in {dom}, got {value!r}")
    if positive and value <= 0:
        raise ValueError(f"{fname}: parameter {pname!r} must be > 0{where}, got {value!r}")
    if nonzero and value == 0:
        raise ValueError(f"{fname}: parameter {pname!r} must be non-zero{where}, got {value!r}")
    return value + 0.0  # -0.0 -> 0.0


def choice_param(fname, pname, value, choices):
    """Check a parameter that takes one of a few strings."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(
            f"{fname}: parameter {pname!r} must be one of {', '.join(map(repr, choices))}, "
            f"got {value!r}"
        )
    return value
