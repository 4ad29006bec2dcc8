"""Gradients through depth: the product of derivatives (notes 001/002/004) and real backprop."""

from __future__ import annotations

import math

import numpy as np

import actlib
from actlib import networks
from actlib.analysis import gaussian_mean_derivative

from .base import Explorer, checkbox, dropdown, fmt, legend, make_slider, new_canvas

__all__ = ["HISTOGRAM_ACTIVATIONS", "GradientExplorer", "depth_explorer", "power_text"]

HISTOGRAM_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu", "selu")
"""Activations offered by the histogram and gradient explorers."""

#: The smallest normal float64, ``2.2e-308``.
TINY = float(np.finfo(np.float64).tiny)


def power_text(q: float, n: int, digits: int = 4) -> str:
    """``q**n`` as text, also where it underflows float64 (then from its base-10 logarithm).

    Examples
    --------
    >>> power_text(0.25, 5, 5)
    '0.00097656'
    >>> power_text(0.25, 600)
    '2.414e-362 (underflows to 0 in float64)'
    """
    v = q**n
    if v > 0 or q == 0:
        return fmt(v, digits)
    e = n * math.log10(q)
    k = math.floor(e)
    return f"{10 ** (e - k):.{digits}g}e{k} (underflows to 0 in float64)"


def _first_below(q: float, limit: float) -> int:
    """Smallest n with q**n < limit (0 < q < 1)."""
    n = math.ceil(math.log(limit) / math.log(q))
    while q**n >= limit:
        n += 1
    while n > 1 and q ** (n - 1) < limit:
        n -= 1
    return n


def depth_explorer(depth: int = 3, *, max_depth: int = 600) -> Explorer:
    """How a product of ``n`` per-layer gradient factors shrinks with depth (notes 001/002/004).

    Left: sigmoid', tanh', relu'. Right (log-log, down to ``1e-320``): the factor a gradient
    picks up through ``n`` layers, *including the initialisation's gain*: sigmoid and tanh with
    Xavier init (gain 1) give the mean product ``E[f'(z)]^n`` for independent ``z ~ N(0, 1)``
    (:func:`actlib.analysis.gaussian_mean_derivative`; legend ``mean prod sigmoid', z~N(0,1)``,
    a label the plot test checks against mpmath); ReLU with He init (gain 2) gives
    ``(2 * 0.5)^n = 1`` (flat). Dotted: ReLU's fraction of open paths ``0.5^n`` (units all
    active, gradient exactly 1 on them). Dashed: the best case ``sigmoid'(0)^n = 0.25^n``. A
    grey line marks the smallest normal float64, ``2.2e-308``.

    Parameters
    ----------
    depth : int
        Number of layers, slider [1, max_depth].
    max_depth : int
        Largest depth shown (600: sigmoid's mean product passes 2.2e-308 at depth 449).

    Returns
    -------
    Explorer
        Control ``depth``; lines ``marker`` (vertical line at the depth), ``points`` (the
        values at the depth), ``derivatives``, ``products`` (``best_sigmoid``,
        ``mean_sigmoid``, ``mean_tanh``, ``relu_he``, ``relu_open_paths``), ``tiny``.
    """
    names = ("sigmoid", "tanh", "relu")
    colours = {"sigmoid": "#0072B2", "tanh": "#009E73", "relu": "#D55E00"}
    fig, canvas = new_canvas((9.4, 3.6))
    ax_d, ax_p = fig.subplots(1, 2)
    x = np.linspace(-6.0, 6.0, 1001)
    dlines = []
    for nm in names:
        act = actlib.get(nm)
        (ln,) = ax_d.plot(
            x, act.derivative(x), color=colours[nm], lw=1.8, label=act.label(derivative=True)
        )
        dlines.append(ln)
    ax_d.set(xlabel="x", ylabel="f'(x)", title="one factor per layer", ylim=(-0.05, 1.1))
    ax_d.grid(True, alpha=0.35)
    legend(ax_d, dlines, loc="upper left")
    n = np.arange(1, max_depth + 1)
    mean = {nm: gaussian_mean_derivative(nm) for nm in names}
    with np.errstate(under="ignore"):
        curves = {
            "best_sigmoid": (0.25**n, dict(color=colours["sigmoid"], lw=1.2, ls="--"),
                             "sigmoid'(0)^n"),
            "mean_sigmoid": (mean["sigmoid"] ** n, dict(color=colours["sigmoid"], lw=2),
                             "mean prod sigmoid', z~N(0,1)"),
            "mean_tanh": (mean["tanh"] ** n, dict(color=colours["tanh"], lw=2),
                          "mean prod tanh', z~N(0,1)"),
            "relu_he": (np.ones_like(n, dtype=float), dict(color=colours["relu"], lw=2),
                        "relu, He (gain 2): (2 · 0.5)^n = 1"),
            "relu_open_paths": (0.5**n, dict(color=colours["relu"], lw=1.5, ls=":"),
                                "relu: fraction of open paths 0.5^n"),
        }  # fmt: skip
    products = {}
    for key, (ys, style, label) in curves.items():
        (products[key],) = ax_p.plot(n, ys, label=label, **style)
    tiny = ax_p.axhline(TINY, color="grey", lw=0.8, label="smallest normal float64 2.2e-308")
    ax_p.set_yscale("log")
    ax_p.set_xscale("log")  # one step of the slider is visible at every depth
    ax_p.set(xlabel="depth n (layers, log scale)", ylabel="gradient factor through n layers")
    ax_p.set(xlim=(1, max_depth), ylim=(1e-320, 10.0))
    ax_p.set_title("product of n factors (with the init gain)", fontsize="medium")
    ax_p.grid(True, which="major", alpha=0.25)
    legend(
        ax_p,
        [*products.values(), tiny],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        fontsize=9.0,  # >= MIN_FONT_PT
    )
    marker = ax_p.axvline(depth, color="black", lw=1, label="_depth")
    (points,) = ax_p.plot([], [], "ko", ms=5, label="_at depth")
    below = {nm: _first_below(mean[nm], TINY) for nm in ("sigmoid", "tanh")}

    def update(depth: int) -> str:
        marker.set_xdata([depth, depth])
        with np.errstate(under="ignore"):
            ys = [
                mean["sigmoid"] ** depth,
                mean["tanh"] ** depth,
                1.0,
                0.5**depth,
                0.25**depth,
            ]
        points.set_data([depth] * len(ys), ys)
        return "\n".join(
            [
                f"depth n = {depth}",
                f"sigmoid, Xavier: best case 0.25^n = {power_text(0.25, depth, 5)}, "
                f"mean {mean['sigmoid']:.4f}^n = {power_text(mean['sigmoid'], depth)}",
                f"tanh, Xavier:    best case 1^n = 1, mean {mean['tanh']:.4f}^n = "
                f"{power_text(mean['tanh'], depth)}",
                f"relu, He (gain 2): 2 * 0.5 = 1 per layer, so 1^n = 1; "
                f"fraction open 0.5^n = {power_text(0.5, depth)}",
                f"mean product below 2.2e-308 from depth: sigmoid {below['sigmoid']}, "
                f"tanh {below['tanh']}",
            ]
        )

    def alt(ex) -> str:
        d = ex.values()["depth"]
        return (
            f"Left: the derivatives of sigmoid, tanh and relu. Right, on a log scale down to "
            f"1e-320: the gradient factor through n layers; at depth {d} (vertical line) the "
            f"sigmoid mean product is {power_text(mean['sigmoid'], d, 2)}, tanh's "
            f"{power_text(mean['tanh'], d, 2)}, while relu with He init stays at 1."
        )

    return Explorer(
        title="Vanishing gradients: product of derivatives over depth",
        figure=fig,
        canvas=canvas,
        sliders={
            "depth": make_slider(
                "depth", depth, 1, max_depth, 1, description="depth n", integer=True
            )
        },
        update=update,
        lines={
            "marker": marker,
            "points": points,
            "derivatives": dlines,
            "products": products,
            "tiny": tiny,
        },
        dynamic=[marker, points],
        alt=alt,
    )


def _decade_limits(lo: float, hi: float) -> tuple[float, float]:
    """Log-axis limits: whole decades around ``[lo / 3, hi * 3]``."""
    return (10.0 ** math.floor(math.log10(lo / 3)), 10.0 ** math.ceil(math.log10(hi * 3)))


class GradientExplorer(Explorer):
    """Per-layer gradient norms from real backprop through a random network, vs ``0.25^n``.

    Left: ``||dL/dz_l||`` relative to the top hidden layer (log scale) and the line ``0.25^n``
    (``n`` = layers below the top).  Right: the RMS of ``f'(z_l)`` per layer and sigmoid's
    maximum 0.25. The x-axes span the whole depth slider; the log y-limits move in decades.

    Parameters
    ----------
    activation, init : str
        Starting activation and initialisation.
    depth : int
        Hidden layers, 2 .. ``max_depth``.
    batchnorm : bool
        Batch-normalise before each activation.
    max_depth, width, n_samples, seed : int
        Slider maximum, layer width, batch size and seed.

    Attributes
    ----------
    report : actlib.networks.GradientReport
        The measurement behind the current picture.
    """

    def __init__(
        self,
        activation="sigmoid",
        init="xavier",
        depth=10,
        batchnorm=False,
        *,
        max_depth=20,
        width=100,
        n_samples=200,
        seed=0,
    ):
        self.width, self.n_samples, self.seed = width, n_samples, seed
        fig, canvas = new_canvas((9.0, 3.3))
        ax, ax2 = fig.subplots(1, 2)
        self.axes = (ax, ax2)
        (grad,) = ax.plot([], [], "o-", color="#0072B2", ms=4, label="||dL/dz|| / top layer")
        (bound,) = ax.plot([], [], "k--", label="0.25^n")
        ax.set_yscale("log")
        ax.set(xlabel="hidden layer (1 = next to the input)", ylabel="relative gradient norm")
        ax.grid(True, which="both", alpha=0.25)
        legend(ax, [grad, bound], loc="lower right")
        (drms,) = ax2.plot([], [], "o-", color="#009E73", ms=4, label="RMS of f'(z) in the layer")
        quarter = ax2.axhline(0.25, color="k", ls=":", label="0.25 = max of sigmoid'")
        ax2.set(xlabel="hidden layer", ylabel="derivative", ylim=(0, 1.25))
        ax2.grid(True, alpha=0.35)
        legend(ax2, [drms, quarter], loc="upper right")
        for a in (ax, ax2):
            a.set_xlim(0.5, max_depth + 0.5)
        self.report = None
        self.max_depth = int(max_depth)
        self._reports: dict = {}  # (activation, init, batchnorm) -> {depth: GradientReport}
        self._ylim_key, self._ylim = None, None
        sliders = {
            "activation": dropdown(HISTOGRAM_ACTIVATIONS, activation, "activation"),
            "init": dropdown(networks.INITS, init, "weights"),
            "depth": make_slider(
                "depth", depth, 2, max_depth, 1, description="hidden layers", integer=True
            ),
            "batchnorm": checkbox(batchnorm, "batch norm before the activation"),
        }
        super().__init__(
            title="Gradient norms through depth (one real backward pass)",
            figure=fig,
            canvas=canvas,
            sliders=sliders,
            update=self._draw,
            lines={"gradient": grad, "bound": bound, "derivative_rms": drms, "quarter": quarter},
            dynamic=[grad, bound, drms],
            alt=self._alt_text,
        )

    def _report(self, activation, init, depth, batchnorm):
        """``networks.gradient_norms`` for these settings, kept per (activation, init, batch
        norm): moving the depth slider back to a depth already seen costs a dict look-up.
        (A shallower network is not a slice of a deeper one: its output layer sits on top of
        layer ``depth``, so each depth is one backward pass of its own.)"""
        per_key = self._reports.setdefault((activation, init, bool(batchnorm)), {})
        if depth not in per_key:
            per_key[depth] = networks.gradient_norms(
                activation,
                networks.INITS[init],
                depth,
                width=self.width,
                n_samples=self.n_samples,
                batchnorm=batchnorm,
                seed=self.seed,
            )
        return per_key[depth]

    @staticmethod
    def _span(rep, depth):
        rel = np.array(rep.relative())
        pos = rel[np.isfinite(rel) & (rel > 0)]
        bound_min = 0.25 ** (depth - 1)
        lo = min(pos.min() if pos.size else 1.0, bound_min)
        hi = max(pos.max() if pos.size else 1.0, 1.0)
        return lo, hi

    def _limits(self, activation, init, depth, batchnorm, rep):
        """Log y-limits fitting the whole depth slider for these settings (the deepest network
        spans the widest range), widened only if a depth falls outside: depth moves blit."""
        key = (activation, init, bool(batchnorm))
        if self._ylim_key != key:
            self._ylim_key = key
            self._ylim = self._span(
                self._report(activation, init, self.max_depth, batchnorm), self.max_depth
            )
        lo, hi = self._span(rep, depth)
        self._ylim = (min(self._ylim[0], lo), max(self._ylim[1], hi))
        return _decade_limits(*self._ylim)

    def _draw(self, activation, init, depth, batchnorm):
        rep = self._report(activation, init, depth, batchnorm)
        self.report = rep
        layers = np.arange(1, depth + 1)
        rel = np.array(rep.relative())
        bound = 0.25 ** (depth - layers)
        self.lines["gradient"].set_data(layers, rel)
        self.lines["bound"].set_data(layers, bound)
        self.lines["derivative_rms"].set_data(layers, rep.derivative_rms)
        self.axes[0].set_ylim(*self._limits(activation, init, depth, batchnorm, rep))
        factor = rel[0] ** (1 / (depth - 1)) if rel[0] > 0 else 0.0
        return "\n".join(
            [
                f"{actlib.get(activation).label()}, weights {init}"
                + (", batch norm" if batchnorm else "")
                + f", {depth} hidden layers",
                f"layer 1 / top layer gradient norm: {rel[0]:.3g}"
                f"   (0.25^{depth - 1} = {0.25 ** (depth - 1):.3g})",
                f"mean shrink factor per layer:      {factor:.3f}   (sigmoid bound 0.25)",
                f"RMS f'(z) over layers:             {np.mean(rep.derivative_rms):.3f}",
                f"largest f'(z) seen:                {max(rep.derivative_max):.3f}",
            ]
        )

    def _alt_text(self, _ex=None):
        v = self.values()
        rel = self.report.relative()
        return (
            f"Left, log scale: the gradient norm of each of {v['depth']} hidden layers of a "
            f"random {v['activation']} network ({v['init']} init"
            + (", batch norm" if v["batchnorm"] else "")
            + f") relative to the top layer, {rel[0]:.2g} at layer 1, beside 0.25^n; right: the "
            "RMS of f'(z) per layer under the 0.25 line."
        )
