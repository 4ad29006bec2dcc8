"""Small numeric helpers the notebooks and explorers share (NumPy only, no widgets).

These are the computations behind the explorers that a notebook also calls directly, so that a
notebook doing arithmetic never has to import ipywidgets:

* :func:`gate_name`: which two-input boolean function a truth table is (note 001's neuron);
* :func:`transition_width`: the 1 %..99 % width of ``f(w x + b)`` for sigmoid and tanh;
* :func:`saturation_batches`: one seeded batch of pre-activations, raw and normalised;
* :func:`saturation_runs`: the intervals where a boolean mask over a grid is true;
* :func:`gaussian_mean_derivative`: ``E[f'(z)]`` for ``z ~ N(0, 1)`` by Gauss-Hermite quadrature;
* :func:`hist_range`: the histogram range of an activation's outputs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

import actlib

__all__ = [
    "CORNERS",
    "gate_name",
    "gaussian_mean_derivative",
    "hist_range",
    "saturation_batches",
    "saturation_runs",
    "transition_width",
]

_GATES = {
    (0, 0, 0, 1): "AND",
    (0, 1, 1, 1): "OR",
    (1, 1, 1, 0): "NAND",
    (1, 0, 0, 0): "NOR",
    (0, 1, 1, 0): "XOR",
    (1, 0, 0, 1): "XNOR",
    (0, 0, 0, 0): "always 0",
    (1, 1, 1, 1): "always 1",
    (0, 0, 1, 1): "x1",
    (0, 1, 0, 1): "x2",
    (1, 1, 0, 0): "NOT x1",
    (1, 0, 1, 0): "NOT x2",
    (0, 0, 1, 0): "x1 AND NOT x2",
    (0, 1, 0, 0): "x2 AND NOT x1",
    (1, 0, 1, 1): "x1 OR NOT x2",
    (1, 1, 0, 1): "x2 OR NOT x1",
}

#: The four binary inputs ``(x1, x2)`` in truth-table order.
CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])

_UNBOUNDED_RANGE = (-1.0, 3.0)


def gate_name(outputs: Sequence[int]) -> str:
    """Name of the two-input boolean function with truth table ``outputs``.

    Parameters
    ----------
    outputs : sequence of 4 ints
        Outputs for inputs (0, 0), (0, 1), (1, 0), (1, 1).

    Returns
    -------
    str

    Examples
    --------
    >>> gate_name([0, 0, 0, 1])
    'AND'
    >>> gate_name([0, 1, 1, 0])
    'XOR'
    """
    return _GATES[tuple(int(o) for o in outputs)]


def transition_width(name: str, w: float) -> float:
    """Width in x of the part of ``f(w x + b)`` between 1 % and 99 % of its range.

    Parameters
    ----------
    name : {"sigmoid", "tanh"}
        Activation.
    w : float
        Steepness (positive).

    Returns
    -------
    float
        ``2 ln(99) / w`` for sigmoid, ``2 artanh(0.98) / w`` for tanh.

    Examples
    --------
    >>> round(transition_width("sigmoid", 1.0), 4)
    9.1902
    """
    if name == "sigmoid":
        return float(2.0 * np.log(99.0) / w)
    if name == "tanh":
        return float(2.0 * np.arctanh(0.98) / w)
    raise ValueError(f"transition_width supports sigmoid and tanh, not {name!r}")


def saturation_batches(scale: float, *, n: int = 2000, d: int = 16, seed: int = 0):
    """Pre-activations ``z = x @ v`` of one seeded batch, raw and normalised.

    The raw features are ``scale * N(0, 1)``; the normalised batch standardises each feature
    (zero mean, unit variance) before the same weights ``v ~ N(0, 1/d)`` are applied.

    Parameters
    ----------
    scale : float
        Spread of the raw input features.
    n, d : int
        Batch size and number of features.
    seed : int
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    z_raw, z_norm : ndarray
        Shape ``(n,)`` each.

    Examples
    --------
    >>> z_raw, z_norm = saturation_batches(10.0)
    >>> z_raw.shape, round(float(z_norm.std()), 1)
    ((2000,), 0.8)
    """
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((n, d))
    v = rng.standard_normal(d) / np.sqrt(d)
    base = g @ v
    norm = ((g - g.mean(axis=0)) / g.std(axis=0)) @ v
    return scale * base, norm


def saturation_runs(x, mask):
    """``[(x_start, x_end), ...]`` for the runs of True in ``mask``, each widened by half a step.

    Examples
    --------
    >>> import numpy as np
    >>> saturation_runs(np.arange(6.0), np.array([1, 1, 0, 0, 1, 1], bool))
    [(-0.5, 1.5), (3.5, 5.5)]
    """
    x = np.asarray(x, dtype=np.float64)
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return []
    half = (x[1] - x[0]) / 2 if x.size > 1 else 0.5
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts = np.nonzero(edges == 1)[0]
    ends = np.nonzero(edges == -1)[0] - 1
    return [(float(x[s] - half), float(x[e] + half)) for s, e in zip(starts, ends, strict=True)]


def gaussian_mean_derivative(name: str, *, nodes: int = 120) -> float:
    """``E[f'(z)]`` for ``z ~ N(0, 1)``, deterministic and accurate to a few ulp.

    For an activation without kinks the integrand ``f'(z) exp(-z^2/2)`` is analytic in a strip
    around the real axis, so the trapezoid rule with step 1/32 on ``[-40, 40]`` converges
    geometrically (error far below float64's). With kinks (relu, ...) Gauss-Hermite quadrature
    with ``nodes`` nodes (an even count puts no node on a kink at 0).

    Parameters
    ----------
    name : str
        Elementwise activation.
    nodes : int
        Gauss-Hermite nodes (activations with kinks).

    Returns
    -------
    float

    Examples
    --------
    >>> round(gaussian_mean_derivative("relu"), 12)
    0.5
    >>> round(gaussian_mean_derivative("sigmoid"), 10)
    0.2066209641
    """
    act = actlib.get(name)
    if act.kinks:
        t, wts = np.polynomial.hermite_e.hermegauss(nodes)
        return float(np.sum(wts * act.derivative(t)) / np.sqrt(2.0 * np.pi))
    h = 1.0 / 32.0
    z = np.arange(-1280, 1281) * h
    w = np.exp(-0.5 * z * z) * act.derivative(z)
    return float(math.fsum(w.tolist()) * h / math.sqrt(2.0 * math.pi))


def hist_range(activation):
    """Histogram x-range for an activation: its output range where finite, clipped to [-1, 3].

    Examples
    --------
    >>> hist_range("sigmoid"), hist_range("tanh"), hist_range("relu")
    ((0.0, 1.0), (-1.0, 1.0), (0.0, 3.0))
    """
    rng = actlib.get(activation).range
    lo, hi = float(rng.low), float(rng.high)
    lo = max(lo, _UNBOUNDED_RANGE[0]) if np.isfinite(lo) else _UNBOUNDED_RANGE[0]
    hi = min(hi, _UNBOUNDED_RANGE[1]) if np.isfinite(hi) else _UNBOUNDED_RANGE[1]
    return (lo, hi)
