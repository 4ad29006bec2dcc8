"""The properties of note 001, computed numerically from the registry functions.

Note 001 lists nine properties an activation may have (non-linear, differentiable almost
everywhere, cheap, non-saturating, monotonic, bounded output, near identity at 0, parameters,
self-normalising); this module adds zero-centred and smooth, and decides every one of them by
evaluating the functions and derivatives in :data:`actlib.ACTIVATIONS` -- nothing is typed in.
Each decision rule is stated in :func:`compute_properties` and in the notebook
``14_properties_table.ipynb``.

Vector activations (softmax, glu, ...) are studied through a one-dimensional *slice*
(:func:`scalar_view`): for example softmax of the pair ``[x, 0]``, first entry, which is
``sigmoid(x)``.

NumPy only: no matplotlib, no widgets.

Examples
--------
>>> from actlib import properties
>>> p = properties.compute_properties("tanh")
>>> p.bounded, p.near_identity, p.smooth, p.saturation
(True, True, True, 'both')
>>> properties.compute_properties("relu").saturation
'left'
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

import numpy as np

import actlib
from actlib.registry import Activation

__all__ = [
    "COLUMNS",
    "PROPERTY_NAMES",
    "Properties",
    "ScalarView",
    "compute_properties",
    "cost_buckets",
    "format_table",
    "gaussian_moments",
    "measure_cost",
    "operation_class",
    "propagate",
    "property_table",
    "scalar_view",
    "variance_map",
]

#: The eleven properties, in table order (note 001's nine, then zero-centred and smooth).
PROPERTY_NAMES = (
    "non_linear",
    "differentiable_ae",
    "cheap",
    "non_saturating",
    "monotonic",
    "bounded",
    "near_identity",
    "has_parameters",
    "self_normalising",
    "zero_centred",
    "smooth",
)

#: Short column headers for :func:`format_table`.
COLUMNS = {
    "non_linear": "nonlin",
    "differentiable_ae": "diff.ae",
    "cheap": "cheap",
    "non_saturating": "non-sat",
    "monotonic": "monot",
    "bounded": "bounded",
    "near_identity": "≈id(0)",
    "has_parameters": "params",
    "self_normalising": "self-norm",
    "zero_centred": "zero-c",
    "smooth": "smooth",
}

# --------------------------------------------------------------------------------------------
# scalar views: every activation as a function of one real x

# name -> (input direction a, input offset b, output entry k, pattern, what it equals)
_SLICES = {
    "softmax": ((1.0, 0.0), (0.0, 0.0), 0, "softmax([x, 0])[0]", "sigmoid(x)"),
    "log_softmax": ((1.0, 0.0), (0.0, 0.0), 0, "log_softmax([x, 0])[0]", "log_sigmoid(x)"),
    "softmin": ((1.0, 0.0), (0.0, 0.0), 0, "softmin([x, 0])[0]", "sigmoid(-x)"),
    "sparsemax": ((1.0, 0.0), (0.0, 0.0), 0, "sparsemax([x, 0])[0]", "clip((x + 1)/2, 0, 1)"),
    "glu": ((1.0, 1.0), (0.0, 0.0), 0, "glu([x, x])", "x·sigmoid(x), i.e. silu(x)"),
}
_DEFAULT_SLICE = ((1.0, 0.0), (0.0, 0.0), 0, "{name}([x, 0])[0]", "")


@dataclass(frozen=True)
class ScalarView:
    """An activation seen as a real function of one real ``x``.

    Elementwise activations are themselves.  A vector activation is evaluated on the 2-vector
    ``direction * x + offset`` along the last axis and entry ``component`` of its output is kept;
    its derivative is the directional derivative, computed with the activation's ``vjp``.
    """

    act: Activation
    direction: tuple[float, ...] | None = None
    offset: tuple[float, ...] | None = None
    component: int = 0
    pattern: str = ""
    equals: str = ""

    @property
    def name(self):
        """The canonical activation name."""
        return self.act.name

    @property
    def is_slice(self):
        """True for a vector activation shown through a 2-component slice."""
        return self.direction is not None

    @property
    def description(self):
        """One sentence saying what is plotted (empty for elementwise activations)."""
        if not self.is_slice:
            return ""
        text = (
            f"{self.name} is a vector function; shown is the slice {self.pattern} "
            f"(input vector {self._input_text()}, entry {self.component} of the output)"
        )
        return text + (f", which equals {self.equals}." if self.equals else ".")

    def _input_text(self):
        a = self.direction
        return "[x, x]" if a == (1.0, 1.0) else "[x, 0]"

    def _inputs(self, x):
        x = np.asarray(x, dtype=np.float64)
        return x[..., None] * np.asarray(self.direction) + np.asarray(self.offset)

    def value(self, x, **params):
        """The function value at ``x`` (array-like) with the given parameters."""
        if not self.is_slice:
            return np.asarray(self.act(x, **params), dtype=np.float64)
        return np.asarray(self.act(self._inputs(x)), dtype=np.float64)[..., self.component]

    def derivative(self, x, **params):
        """The derivative d/dx of :meth:`value` (a directional derivative for a slice)."""
        if not self.is_slice:
            return np.asarray(self.act.derivative(x, **params), dtype=np.float64)
        inputs = self._inputs(x)
        out = np.asarray(self.act(inputs))
        g = np.zeros_like(out, dtype=np.float64)
        g[..., self.component] = 1.0
        v = np.asarray(self.act.vjp(inputs, g), dtype=np.float64)
        return (v * np.asarray(self.direction)).sum(axis=-1)

    def label(self, derivative=False, **params):
        """Plot label: ``act.label(...)`` for elementwise functions.

        A slice gets a label in words, ``"softmax of [x, 0], entry 0"`` (``"d/dx ..."`` for its
        derivative): :func:`actlib.parse_label` returns None for it, and the notebooks'
        plotted-data test does not mistake it for an activation curve such as ``softmax(x)``
        (``tests/test_gallery.py`` checks the slices against mpmath instead).
        """
        if not self.is_slice:
            return self.act.label(derivative=derivative, **params)
        text = f"{self.name} of {self._input_text()}"
        if self.act.name != "glu":
            text += f", entry {self.component}"
        return ("d/dx " if derivative else "") + text


def scalar_view(name):
    """The :class:`ScalarView` of an activation (name, alias or :class:`Activation`).

    Examples
    --------
    >>> from actlib.properties import scalar_view
    >>> v = scalar_view("softmax")
    >>> v.pattern, v.label(), round(float(v.value(0.0)), 3), round(float(v.derivative(0.0)), 3)
    ('softmax([x, 0])[0]', 'softmax of [x, 0], entry 0', 0.5, 0.25)
    """
    act = actlib.get(name)
    if act.kind != "vector":
        return ScalarView(act)
    a, b, k, pattern, equals = _SLICES.get(act.name, _DEFAULT_SLICE)
    return ScalarView(act, a, b, k, pattern.format(name=act.name), equals)


# --------------------------------------------------------------------------------------------
# numerical building blocks

_LIM = 8.0  # the dense grid covers [-_LIM, _LIM]
_H = 1.0 / 64  # coarse spacing (binary fractions: the grids nest exactly and hit every kink)
_REFINE = 8  # fine spacing = _H / _REFINE
_TAIL = np.array([10.0, 20.0, 50.0, 1e2, 1e3, 1e4, 1e6, 1e9, 1e12])


def _grid(step):
    n = round(2 * _LIM / step)
    return np.linspace(-_LIM, _LIM, n + 1)


def _breaks(g_coarse, g_fine, x_coarse, *, cells):
    """Locations where the sampled function ``g`` jumps, by grid refinement.

    A continuous g changes by about ``spacing * |g'|`` across a cell, so refining the grid
    shrinks its jumps by the refinement factor; a true jump keeps its size.  A location is a
    break when the largest fine jump inside it is more than half the largest coarse jump there
    or next to it.
    ``cells=True``: g is sampled at grid points, breaks lie inside coarse cells.
    ``cells=False``: g is sampled per cell (midpoints), breaks lie at coarse grid points.
    """
    with np.errstate(all="ignore"):
        jc = np.abs(np.diff(g_coarse))
        jf = np.abs(np.diff(g_fine))
    scale = 1.0 + np.nanmax(np.abs(g_coarse[np.isfinite(g_coarse)]), initial=0.0)
    tol = 1e-6 * scale
    r = _REFINE
    if cells:
        fine_max = jf.reshape(-1, r).max(axis=1)
        where = x_coarse[:-1] + _H / 2
    else:
        # coarse jump k sits at coarse point k+1 == fine point r*(k+1); fine jump j sits at fine
        # point j+1.  Window: fine points r*(k+1) - r/2 .. r*(k+1) + r/2 - 1, which after
        # padding the front with r/2 + 1 zeros is padded[r*(k+1) : r*(k+2)].
        padded = np.concatenate([np.zeros(r // 2 + 1), jf])
        fine_max = padded[: r * (len(jc) + 1)].reshape(-1, r)[1:].max(axis=1)
        where = x_coarse[1:-1]
    # compare with the largest coarse jump nearby: where g' crosses 0 the coarse jump of one
    # cell can be tiny while the fine jumps inside it are not
    near = np.maximum(jc, np.maximum(np.r_[0.0, jc[:-1]], np.r_[jc[1:], 0.0]))
    flagged = (jc > tol) & (fine_max > 0.5 * near)
    return where[flagged]


def _cluster(xs, gap=4 * _H):
    """Merge nearby break locations into single points (the mean of each cluster)."""
    xs = np.sort(np.asarray(xs, dtype=np.float64))
    if xs.size == 0:
        return ()
    groups = np.split(xs, np.nonzero(np.diff(xs) > gap)[0] + 1)
    return tuple(float(np.round(g.mean() * 64) / 64) for g in groups)


def gaussian_moments(view, q, params=None, nodes=4096):
    """``(mean, variance)`` of ``f(z)`` for ``z ~ N(0, q)``, by quadrature on a dense grid.

    Examples
    --------
    >>> from actlib.properties import gaussian_moments, scalar_view
    >>> m, v = gaussian_moments(scalar_view("selu"), 1.0)
    >>> round(m, 6) + 0.0, round(v, 6)
    (0.0, 1.0)
    """
    params = params or {}
    t = np.linspace(-12.0, 12.0, nodes)
    w = np.exp(-0.5 * t * t)
    w /= w.sum()
    with np.errstate(all="ignore"):
        a = view.value(math.sqrt(q) * t, **params)
        mean = float(np.dot(w, a))
        var = float(np.dot(w, (a - mean) ** 2))
    return mean, var


def variance_map(view, q0=1.0, layers=20, params=None, nodes=1024):
    """Second moments ``q_l`` of the pre-activations through ``layers`` random layers.

    Mean-field model of a wide fully connected network without biases and with LeCun-normal
    weights (variance 1/fan_in): the next pre-activation ``z' = w . f(z)`` has mean 0 and second
    moment ``E[f(z)^2]``, so ``q_{l+1} = E_{z ~ N(0, q_l)}[f(z)^2]`` (``nodes`` quadrature nodes).
    Returns the list ``[q_0, ..., q_layers]``; it stops early with ``inf`` or ``nan`` if the map
    diverges, and repeats the last value once it no longer changes.
    """
    qs = [float(q0)]
    while len(qs) <= layers:
        q = qs[-1]
        if not math.isfinite(q) or q < 0:
            break
        m, v = gaussian_moments(view, q, params, nodes)
        new = v + m * m
        qs.append(new)
        if new == q or (q > 0 and abs(new - q) <= 1e-14 * q):  # a fixed point: stays there
            qs += [new] * (layers + 1 - len(qs))
    return qs


def propagate(name, layers=20, width=256, samples=512, seed=0, input_scale=1.0, params=None):
    """Monte-Carlo check of self-normalisation: activation mean and variance layer by layer.

    A random fully connected network (no biases) with LeCun-normal weights ``N(0, 1/width)``
    is fed ``samples`` standard-normal inputs times ``input_scale``.  Returns ``(means, variances)``
    of the activations of layers 1..``layers`` (over all units and samples).

    Examples
    --------
    >>> from actlib.properties import propagate
    >>> means, variances = propagate("selu", layers=5, width=64, samples=128)
    >>> bool(abs(means[-1]) < 0.2 and abs(variances[-1] - 1) < 0.2)
    True
    """
    view = scalar_view(name)
    params = params or {}
    rng = np.random.default_rng(seed)
    h = input_scale * rng.standard_normal((samples, width))
    means, variances = [], []
    for _ in range(layers):
        w = rng.standard_normal((width, width)) / math.sqrt(width)
        with np.errstate(all="ignore"):
            # einsum, not BLAS: single-threaded, so the same numbers on every machine and no
            # thread contention on a loaded one
            h = view.value(np.einsum("ij,jk->ik", h, w), **params)
        means.append(float(h.mean()))
        variances.append(float(h.var()))
    return np.array(means), np.array(variances)


# --------------------------------------------------------------------------------------------
# the table


@dataclass(frozen=True)
class Properties:
    """The computed properties of one activation, with the numbers behind each decision.

    The eleven booleans are named in :data:`PROPERTY_NAMES`; ``cheap`` comes from the operation
    class of the formula (:func:`operation_class`); ``relative_cost`` is the measured time of
    this library's code relative to relu's, when measured (:func:`measure_cost`).
    """

    name: str
    is_slice: bool
    non_linear: bool
    differentiable_ae: bool
    cheap: bool | None
    non_saturating: bool
    monotonic: bool
    bounded: bool
    near_identity: bool
    has_parameters: bool
    self_normalising: bool
    zero_centred: bool
    smooth: bool
    # evidence
    saturation: str  # "none", "left", "right" or "both"
    saturation_kinds: tuple[str, str]  # (left, right): "hard", "soft" or ""
    continuity: str  # "C^-1" (jumps), "C^0" (kinks), "C^1", "C^2" (at least)
    jumps: tuple[float, ...]  # where f jumps
    kinks: tuple[float, ...]  # where f' jumps (f continuous there)
    curvature_breaks: tuple[float, ...]  # where f'' jumps (f' continuous there)
    derivative_mismatches: tuple[float, ...]  # where .derivative disagrees with f's slopes
    direction: str  # "increasing", "decreasing" or "neither"
    bounds: tuple[float, float]  # computed inf and sup of f
    f0: float
    slopes0: tuple[float, float]  # one-sided difference quotients at 0
    gaussian_mean: float  # E f(z), z ~ N(0, 1)
    gaussian_std: float
    fixed_points: tuple[float, ...]  # q after 20 mean-field layers from q0 = 0.25, 1, 4
    layer_moments: tuple[tuple[float, float], ...]  # activation (mean, var) after them
    parameters: tuple[str, ...]
    relative_cost: float | None = None

    def row(self):
        """The eleven booleans (``cheap`` may be None) in :data:`PROPERTY_NAMES` order."""
        return tuple(getattr(self, n) for n in PROPERTY_NAMES)


def _saturation_side(view, sign, params):
    """ "hard" when f' is exactly 0 far out, "soft" when it only tends to 0, "" otherwise."""
    x = sign * _TAIL
    with np.errstate(all="ignore"):
        d = np.abs(view.derivative(x, **params))
    far = d[_TAIL >= 1e6]
    if not np.all(np.isfinite(far)) or far.max() >= 1e-6:
        return ""
    return "hard" if np.all(d[_TAIL >= 20] == 0) else "soft"


def compute_properties(name, params=None, cost=None):
    """Compute the property table row of one activation (at its default parameters).

    Decision rules (``f`` is the function or, for a vector activation, its slice):

    non_linear
        f is not affine: its secant slopes on a grid of [-8, 8] (step 1/512) are not all equal
        (a slope spread above 1e-9). Secants, not the derivative, so that a jump counts.
    differentiable_ae
        the points where f jumps or has a kink are isolated (found by grid refinement, at most
        a handful), and away from them ``.derivative`` agrees with central differences of f.
    cheap
        the function's formula needs only comparisons, additions and multiplications: no
        exponential, logarithm, tanh, erf, square root of x, division by an expression in x or
        sort (:func:`operation_class` reads the registry's formula). This is note 001's property
        (an operation count of the mathematics), not a timing of this library's code, which is
        written for exact rounding and NaN handling and is measured separately
        (:func:`measure_cost`, ``relative_cost``).
    non_saturating
        f' does not tend to 0 on either side: |f'(±1e6)| and |f'(±1e9)| are not both below 1e-6.
        ``saturation`` says which sides saturate; a side is "hard" if f' is exactly 0 from 20 on.
    monotonic
        f is non-decreasing or non-increasing on the dense grid plus tails out to ±1e12.
    bounded
        f stays within ±1e6 on the dense grid and the tails out to ±1e12 on both sides.
    near_identity
        f(0) = 0 (within 1e-9) and both one-sided difference quotients at 0 (h = 2^-20) are 1
        (within 1e-4), i.e. f(x) ≈ x near 0 from both sides.
    has_parameters
        the registry lists at least one parameter.
    self_normalising
        the mean-field variance map of :func:`variance_map` (LeCun-normal weights) started at
        q0 = 0.25, 1 and 4 ends, after 20 layers, with activations of mean within 0.05 of 0 and
        variance within 0.05 of 1 each time: (0, 1) is an attracting fixed point.
    zero_centred
        for standard-normal inputs the mean output is small against its spread:
        |E f(z)| <= 0.05 · std f(z).
    smooth
        f is continuously differentiable (class C^1 or better): no jumps of f or f' survive
        grid refinement.  ``continuity`` refines this to C^-1/C^0/C^1/C^2.
    """
    view = scalar_view(name)
    act = view.act
    params = dict(act.defaults if params is None else params)
    xc = _grid(_H)
    xf = _grid(_H / _REFINE)
    with np.errstate(all="ignore"):
        fc, ff = view.value(xc, **params), view.value(xf, **params)
        dc, df = view.derivative(xc, **params), view.derivative(xf, **params)
        d2c, d2f = np.diff(dc) / _H, np.diff(df) / (_H / _REFINE)

    # continuity class by grid refinement
    jumps = _cluster(_breaks(fc, ff, xc, cells=True))
    kink_raw = _breaks(dc, df, xc, cells=True)
    kinks = tuple(k for k in _cluster(kink_raw) if not any(abs(k - j) <= 4 * _H for j in jumps))
    curv_raw = _breaks(d2c, d2f, xc, cells=False)
    curvature = tuple(
        c for c in _cluster(curv_raw) if not any(abs(c - j) <= 4 * _H for j in (*jumps, *kinks))
    )
    if jumps:
        continuity = "C^-1"
    elif kinks:
        continuity = "C^0"
    elif curvature:
        continuity = "C^1"
    else:
        continuity = "C^2"

    # non-linear: secant slopes not all equal
    h = _H / _REFINE
    with np.errstate(all="ignore"):
        secants = np.diff(ff) / h
    non_linear = bool(np.ptp(secants) > 1e-9 * (1.0 + np.abs(secants).max()))

    # differentiable almost everywhere: derivative matches central differences off the breaks
    eps = 2.0**-20
    with np.errstate(all="ignore"):
        central = (view.value(xc + eps, **params) - view.value(xc - eps, **params)) / (2 * eps)
        bad = np.abs(central - dc) > 1e-5 * (1.0 + np.abs(dc))
    bad &= np.isfinite(dc) | np.isfinite(central)
    breaks = np.array(jumps + kinks)
    near_break = (
        np.min(np.abs(xc[:, None] - breaks[None, :]), axis=1) <= 2 * _H
        if breaks.size
        else np.zeros(xc.shape, dtype=bool)
    )
    mismatches = _cluster(xc[bad & ~near_break])
    differentiable_ae = bool(len(jumps) + len(kinks) <= 8 and not mismatches)

    # saturation
    left = _saturation_side(view, -1.0, params)
    right = _saturation_side(view, 1.0, params)
    saturation = {(False, False): "none", (True, False): "left", (False, True): "right"}.get(
        (bool(left), bool(right)), "both"
    )

    # monotonic and bounded, on the dense grid plus the tails
    xw = np.concatenate([-_TAIL[::-1], xf, _TAIL])
    with np.errstate(all="ignore"):
        fw = view.value(xw, **params)
        steps = np.where(fw[1:] == fw[:-1], 0.0, np.diff(fw))  # inf - inf is not a fall
    tol = 1e-12 * (1.0 + np.abs(fw[:-1]))
    increasing = bool(np.all(steps >= -tol))
    decreasing = bool(np.all(steps <= tol))
    direction = "increasing" if increasing else "decreasing" if decreasing else "neither"
    low = float(fw.min()) if fw.min() > -1e6 else -math.inf
    high = float(fw.max()) if fw.max() < 1e6 else math.inf

    # near identity at 0
    e = 2.0**-20
    f0, fp, fm = (float(v) for v in view.value(np.array([0.0, e, -e]), **params))
    slopes = ((f0 - fm) / e, (fp - f0) / e)
    near_identity = bool(abs(f0) <= 1e-9 and all(abs(s - 1.0) <= 1e-4 for s in slopes))

    # zero-centred and self-normalising
    mean, var = gaussian_moments(view, 1.0, params)
    std = math.sqrt(max(var, 0.0))
    fixed, moments = [], []
    for q0 in (0.25, 1.0, 4.0):
        qs = variance_map(view, q0, 20, params)
        q = qs[-1]
        fixed.append(q if len(qs) == 21 else math.nan)
        moments.append(
            gaussian_moments(view, q, params)
            if len(qs) == 21 and math.isfinite(q)
            else (math.nan, math.nan)
        )
    self_norm = all(abs(m) <= 0.05 and abs(v - 1.0) <= 0.05 for m, v in moments)

    cheap = operation_class(act.name) == "piecewise polynomial"
    return Properties(
        name=act.name,
        is_slice=view.is_slice,
        non_linear=non_linear,
        differentiable_ae=differentiable_ae,
        cheap=cheap,
        non_saturating=saturation == "none",
        monotonic=increasing or decreasing,
        bounded=math.isfinite(low) and math.isfinite(high),
        near_identity=near_identity,
        has_parameters=bool(act.parameters),
        self_normalising=bool(self_norm),
        zero_centred=bool(abs(mean) <= 0.05 * std),
        smooth=continuity in ("C^1", "C^2"),
        saturation=saturation,
        saturation_kinds=(left, right),
        continuity=continuity,
        jumps=jumps,
        kinks=kinks,
        curvature_breaks=curvature,
        derivative_mismatches=mismatches,
        direction=direction,
        bounds=(low, high),
        f0=f0,
        slopes0=slopes,
        gaussian_mean=mean,
        gaussian_std=std,
        fixed_points=tuple(fixed),
        layer_moments=tuple(moments),
        parameters=tuple(p.name for p in act.parameters),
        relative_cost=cost,
    )


def property_table(names=None, costs=None):
    """Compute :class:`Properties` for ``names`` (default: every registry activation).

    ``costs`` maps names to relative costs (from :func:`measure_cost`), stored as
    ``relative_cost``; they do not decide ``cheap`` (see :func:`operation_class`).
    """
    names = list(actlib.ACTIVATIONS) if names is None else [actlib.get(n).name for n in names]
    costs = costs or {}
    return [compute_properties(n, cost=costs.get(n)) for n in names]


# --------------------------------------------------------------------------------------------
# operation class: what the mathematics needs (note 001's "cheap")

#: The operation classes, cheapest first.
OPERATION_CLASSES = ("piecewise polynomial", "algebraic", "transcendental", "sorting")

# LaTeX tokens of the registry formulas that need a transcendental function
_TRANSCENDENTAL = re.compile(
    r"e\^|\\exp\b|\\tanh\b|\\log\b|\\sigma\b|\\Phi\b"
    r"|\\operatorname\{(?:erf|softplus)\}"
)
# what a formula cannot show: sparsemax's threshold tau needs the sorted input
_SORTING = {"sparsemax"}


def _braced(text, start):
    """The contents of the brace group opening at ``text[start]`` and the index after it."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i], i + 1
    return text[start + 1 :], len(text)


def _mentions_x(text):
    return re.search(r"(?<![a-zA-Z\\])x(?![a-zA-Z])", text) is not None


def _algebraic(formula):
    """True if the formula divides by an expression in x or takes a root of one."""
    for m in re.finditer(r"\\[dt]?frac|\\sqrt", formula):
        j = m.end()
        if formula.startswith("\\sqrt", m.start()):
            if j < len(formula) and formula[j] == "{" and _mentions_x(_braced(formula, j)[0]):
                return True
            continue
        if j < len(formula) and formula[j] == "{":
            _, j = _braced(formula, j)
            if j < len(formula) and formula[j] == "{":
                denominator, _ = _braced(formula, j)
                if _mentions_x(denominator):
                    return True
    return False


def operation_class(name):
    """What evaluating the activation's formula needs, read from the registry's LaTeX formula.

    * ``"piecewise polynomial"``: comparisons, additions and multiplications only (max, min,
      clip, cases, constant factors): relu, leaky_relu, hard_tanh, hard_silu, sparse_plus ...;
    * ``"algebraic"``: a division by an expression in x or a square root of one (softsign,
      squareplus);
    * ``"transcendental"``: an exponential, logarithm, tanh, erf or a function built from them
      (sigmoid, tanh, elu, gelu, silu, softplus, softmax, exponential ...);
    * ``"sorting"``: sparsemax (its threshold needs the sorted input).

    This is what note 001 means by cheap (ReLU "needs no exponential"); the time this library's
    exact code takes is another matter (:func:`measure_cost`).

    Examples
    --------
    >>> from actlib.properties import operation_class
    >>> [operation_class(n) for n in ("leaky_relu", "softsign", "exponential", "sparsemax")]
    ['piecewise polynomial', 'algebraic', 'transcendental', 'sorting']
    """
    act = actlib.get(name)
    if act.name in _SORTING:
        return "sorting"
    if _TRANSCENDENTAL.search(act.formula):
        return "transcendental"
    if _algebraic(act.formula):
        return "algebraic"
    return "piecewise polynomial"


# --------------------------------------------------------------------------------------------
# cost


def _timed_input(view, n, rng):
    if view.is_slice:
        return rng.standard_normal((n // 8, 8)) * 3.0
    return rng.standard_normal(n) * 3.0


def measure_cost(names=None, n=2**17, repeat=7, seed=0):
    """Forward-pass time of each activation relative to relu's (minimum over ``repeat`` runs).

    Vector activations are timed on rows of 8 entries (the same number of values).  The numbers
    depend on the machine and its load: print them as buckets (:func:`cost_buckets`) or keep them
    out of compared notebook outputs.
    """
    names = list(actlib.ACTIVATIONS) if names is None else [actlib.get(k).name for k in names]
    rng = np.random.default_rng(seed)
    acts = {k: actlib.get(k) for k in dict.fromkeys([*names, "relu"])}
    inputs = {k: _timed_input(scalar_view(k), n, rng) for k in acts}
    best = dict.fromkeys(acts, math.inf)
    for _ in range(repeat):
        for k, act in acts.items():
            x = inputs[k]
            t0 = time.perf_counter()
            act(x)
            best[k] = min(best[k], time.perf_counter() - t0)
    return {k: best[k] / best["relu"] for k in names}


def cost_buckets(costs):
    """``{name: "cheap" | "moderate" | "costly"}``: at most 3x relu's time, at most 20x, more."""
    return {
        k: "cheap" if c <= 3.0 else "moderate" if c <= 20.0 else "costly" for k, c in costs.items()
    }


# --------------------------------------------------------------------------------------------
# text table


def format_table(rows, columns=PROPERTY_NAMES, yes="✓", no="·", unknown="?"):
    """A fixed-width text table of :class:`Properties` rows (slices marked with ``*``)."""
    cols = [c for c in columns]
    width = max(len(r.name) + (1 if r.is_slice else 0) for r in rows) + 1
    heads = [COLUMNS.get(c, c) for c in cols]
    lines = ["".ljust(width) + " ".join(h.rjust(max(len(h), 3)) for h in heads)]
    for r in rows:
        cells = []
        for c, h in zip(cols, heads, strict=True):
            v = getattr(r, c)
            mark = unknown if v is None else yes if v else no
            cells.append(mark.rjust(max(len(h), 3)))
        lines.append((r.name + ("*" if r.is_slice else "")).ljust(width) + " ".join(cells))
    return "\n".join(lines)
