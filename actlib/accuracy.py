"""The accuracy the test suite asserts, in one place.

``tests/test_accuracy.py`` reads its bounds from this module (it measures every function and
derivative against 110-digit mpmath references) and the documentation site prints them on each
activation's page, so the two cannot drift apart. Nothing here is measured: these are the
bounds the tests fail above.

Examples
--------
>>> from actlib import accuracy
>>> accuracy.ulp_bound("float64", "derivative")
4.0
>>> accuracy.statements("gelu")[0]
'float64: within 2 ulp (function), 4 ulp (derivative) over [-800, 800] and at the extremes.'
>>> accuracy.statements("gelu")[1][:51]
'Exception: the function below x = -1.25 is asserted'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "ACCURACY_RANGE",
    "EXCEPTIONS",
    "JACOBIAN_ABS_EPS",
    "ULP_BOUNDS",
    "VECTOR_BOUNDS",
    "ZERO_CROSSING_EPS",
    "ZERO_CROSSING_GUESS",
    "ZERO_CROSSING_WINDOW",
    "Exemption",
    "VectorBound",
    "exemption",
    "statements",
    "ulp_bound",
]

#: The finite interval of the float64 accuracy grid (the extremes ±5e-324 ... ±inf, NaN are
#: tested besides).
ACCURACY_RANGE = (-800.0, 800.0)

#: ``(dtype name, "function" | "derivative") -> ulp bound`` for the elementwise activations.
#: float32 and float16 results are computed in float64 and rounded once.
ULP_BOUNDS = {
    ("float64", "function"): 2.0,
    ("float64", "derivative"): 4.0,
    ("float32", "function"): 1.0,
    ("float32", "derivative"): 1.0,
    ("float16", "function"): 1.0,
    ("float16", "derivative"): 1.0,
}

#: Where a float64 derivative crosses zero away from a kink, the ulp bound is meaningless (the
#: exact value is tiny); within ``ZERO_CROSSING_WINDOW`` of the root the absolute error is
#: bounded by this many machine epsilons instead.
ZERO_CROSSING_EPS = 4.0
#: Half-width of the window around a derivative's root where the absolute bound applies.
ZERO_CROSSING_WINDOW = 0.5
#: Derivatives that cross zero: name -> a starting guess for the root (refined by the tests).
ZERO_CROSSING_GUESS = {"silu": -1.28, "gelu": -0.75, "mish": -1.19, "hard_silu": -1.5}


@dataclass(frozen=True)
class Exemption:
    """A documented exception to :data:`ULP_BOUNDS` (float64, at the default parameters).

    ``which`` ("function" or "derivative") is asserted within ``ulp`` on ``lo <= x < hi``
    (outside a derivative's zero-crossing window, where the absolute bound applies instead);
    ``measured`` is the largest error seen on the dense seeded sweeps of the test suite.
    """

    which: str
    lo: float
    hi: float
    ulp: float
    measured: float
    reason: str

    def covers(self, x):
        """Whether the float ``x`` lies in ``[lo, hi)``."""
        return self.lo <= x < self.hi


_GAUSS = (
    "from |x| = 1.25 on, the erf form's table kernel multiplies the Gaussian factor "
    "exp(-(x^2 - c^2)/2) of its interval back in with one more exp and two more roundings, "
    "and below x = -37.5 forms exp(-x^2/2) scaled by 2^512"
)

#: name -> the documented exceptions to the float64 bounds. GELU's erf form
#: (``actlib._gauss_table``) is within 1.2 ulp for x >= -1.25 and its derivative within 1;
#: below, the rounded Gaussian factor costs up to about 2 ulp more.
EXCEPTIONS = {
    "gelu": (
        Exemption("function", -math.inf, -1.25, 5.0, 3.4, _GAUSS),
        Exemption("derivative", -math.inf, -1.25, 6.0, 4.3, _GAUSS),
    ),
}


def exemption(name, which, x):
    """The :class:`Exemption` of ``name``'s ``which`` that covers ``x``, or None.

    Examples
    --------
    >>> exemption("gelu", "function", -2.0).ulp
    5.0
    >>> exemption("gelu", "function", 0.5) is None
    True
    """
    for exc in EXCEPTIONS.get(name, ()):
        if exc.which == which and exc.covers(x):
            return exc
    return None


@dataclass(frozen=True)
class VectorBound:
    """The per-entry float64 bound asserted for a vector function."""

    ulp: float
    text: str


#: name -> bound of each output entry (float64) for the vector functions.
VECTOR_BOUNDS = {
    "softmax": VectorBound(
        2.0,
        "{ulp:g} ulp plus |x_i - max(x)| ulp (forming x_i - max(x) rounds once), plus the "
        "relative rounding error of the float64 row sum in units of 2^-53 (NumPy's pairwise "
        "sum; measured up to 1.6 on long rows of nearly equal entries)",
    ),
    "log_softmax": VectorBound(
        2.0, "{ulp:g} ulp, or 4 eps times (|x_i - max(x)| + 1) in absolute terms if larger"
    ),
    "softmin": VectorBound(
        2.0, "{ulp:g} ulp plus |x_i - min(x)| ulp, plus the row sum's rounding (as softmax)"
    ),
    "sparsemax": VectorBound(
        2.0, "{ulp:g} ulp, or 4 n eps times (max|x| + 1) in absolute terms if larger; exact zeros"
    ),
    "glu": VectorBound(4.0, "{ulp:g} ulp"),
}

#: Absolute bound, in machine epsilons, on each entry of a vector function's Jacobian.
JACOBIAN_ABS_EPS = 8.0


def ulp_bound(dtype, which="function"):
    """The ulp bound asserted for elementwise ``which`` ("function" or "derivative") in ``dtype``.

    Examples
    --------
    >>> ulp_bound("float32")
    1.0
    """
    return ULP_BOUNDS[str(dtype), which]


def statements(name):
    """The accuracy the suite asserts for activation ``name``, as a list of sentences.

    Examples
    --------
    >>> print(statements("softmax")[0])  # doctest: +NORMALIZE_WHITESPACE
    float64: each entry within 2 ulp plus |x_i - max(x)| ulp (forming x_i - max(x) rounds once),
    plus the relative rounding error of the float64 row sum in units of 2^-53 (NumPy's pairwise
    sum; measured up to 1.6 on long rows of nearly equal entries).
    """
    from actlib.registry import get

    act = get(name)
    lo, hi = ACCURACY_RANGE
    span = f"[{lo:g}, {hi:g}]"
    if act.kind == "vector":
        bound = VECTOR_BOUNDS[act.name]
        out = [f"float64: each entry within {bound.text.format(ulp=bound.ulp)}."]
        out.append(
            f"Jacobian: each entry within {JACOBIAN_ABS_EPS:g} eps of the exact value (absolute)."
        )
        if act.name in ("softmax", "log_softmax"):
            out.append(
                f"float32: within {ULP_BOUNDS['float32', 'function']:g} ulp, even where exp "
                "overflows float32 (inputs 88, 89, 90)."
            )
        return out
    f64f, f64d = ULP_BOUNDS["float64", "function"], ULP_BOUNDS["float64", "derivative"]
    out = [
        f"float64: within {f64f:g} ulp (function), {f64d:g} ulp (derivative) over {span} "
        "and at the extremes."
    ]
    for exc in EXCEPTIONS.get(act.name, ()):
        where = (
            f"for x in [{exc.lo:g}, {exc.hi:g})"
            if math.isfinite(exc.lo)
            else f"below x = {exc.hi:g}"
        )
        out.append(
            f"Exception: the {exc.which} {where} is asserted within {exc.ulp:g} ulp "
            f"(measured up to {exc.measured:g}; {exc.reason})."
        )
    if act.name in ZERO_CROSSING_GUESS:
        out.append(
            f"Where the derivative crosses zero (within {ZERO_CROSSING_WINDOW:g} of its root) "
            f"the absolute error is within {ZERO_CROSSING_EPS:g} eps instead."
        )
    out.append(
        f"float32 and float16: within {ULP_BOUNDS['float32', 'function']:g} ulp, function "
        "and derivative (computed in float64, rounded once)."
    )
    return out
