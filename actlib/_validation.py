"""Input checking and dtype handling shared by every activation.

The rules, in one place:

* real floating input keeps its dtype (float16, float32 and float64; the work is done in float64
  and rounded once at the end, which is what makes float32 results correctly rounded in practice);
* bool and integer input is promoted to float64, as NumPy's own ufuncs do;
* strings, ``None``, object, complex, datetime and extended-precision arrays are refused with a
  ``TypeError`` that names the function and the dtype: nothing is silently coerced;
* a 0-d input gives a NumPy scalar back, as a ufunc does.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

_FLOAT_OUT = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))


def as_float64(x, fname):
    """Return ``(array64, out_dtype)`` for an activation's input, or raise ``TypeError``."""
    arr, out_dtype = as_real(x, fname)
    return arr.astype(np.float64, copy=False), out_dtype


def as_real(x, fname):
    """Return ``(array, out_dtype)``: the input as a real array (not yet float64), or raise."""
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(
            f"{fname}: expected a real number or an array of real numbers, got {type(x).__name__}"
        )
    arr = np.asarray(x)
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
        with np.errstate(over="ignore", under="ignore"):
            # Overflow to inf or underflow to 0 in the narrower dtype is the right rounding.
            result = result.astype(out_dtype)
    if scalar:
        return result[()]
    return result


def real_param(fname, pname, value, *, positive=False, nonzero=False):
    """Check one numeric parameter: a finite real number (and > 0 or != 0 when asked)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(
            f"{fname}: parameter {pname!r} must be a real number, got {type(value).__name__} "
            f"{value!r}"
        )
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{fname}: parameter {pname!r} must be finite, got {value!r}")
    if positive and value <= 0:
        raise ValueError(f"{fname}: parameter {pname!r} must be > 0, got {value!r}")
    if nonzero and value == 0:
        raise ValueError(f"{fname}: parameter {pname!r} must be non-zero, got {value!r}")
    return value


def choice_param(fname, pname, value, choices):
    """Check a parameter that takes one of a few strings."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(
            f"{fname}: parameter {pname!r} must be one of {', '.join(map(repr, choices))}, "
            f"got {value!r}"
        )
    return value
