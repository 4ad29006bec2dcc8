"""actlib: exact, vectorized NumPy activation functions and their derivatives.

Every activation is an object in one registry::

    >>> import actlib
    >>> actlib.sigmoid(0.0)
    np.float64(0.5)
    >>> actlib.leaky_relu.derivative([-1.0, 2.0], alpha=0.1)
    array([0.1, 1. ])
    >>> actlib.get("swish") is actlib.silu
    True

``import actlib`` loads NumPy only; the plotting and widget layers are imported
explicitly (``from actlib import plotting, widgets``).
"""

from actlib.registry import (
    ACTIVATIONS,
    ALIASES,
    Activation,
    Interval,
    Kink,
    Parameter,
    get,
    parse_label,
)

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "ALIASES",
    "Activation",
    "Interval",
    "Kink",
    "Parameter",
    "get",
    "parse_label",
    *ACTIVATIONS,
]

globals().update(ACTIVATIONS)


def __dir__():
    return sorted(set(globals()) | set(ACTIVATIONS))
