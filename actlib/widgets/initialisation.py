"""Initialisation: per-layer activation histograms of a random deep network (DLFS ch. 6)."""

from __future__ import annotations

import numpy as np

import actlib
from actlib import networks
from actlib.analysis import hist_range

from .base import Explorer, checkbox, dropdown, make_slider, new_canvas
from .depth import HISTOGRAM_ACTIVATIONS

__all__ = ["HistogramExplorer"]


class HistogramExplorer(Explorer):
    """Per-layer activation histograms of a random deep network (DLFS ch. 6), live.

    ``1000 x 100`` standard normal inputs go through ``depth`` layers of 100 units without bias,
    weights ``N(0, std^2)`` for the chosen init, optionally batch-normalised before the
    activation; one histogram per layer (30 bins over the activation's output range,
    :func:`actlib.analysis.hist_range`), in rows of five panels.

    Parameters
    ----------
    activation : str
        One of :data:`HISTOGRAM_ACTIVATIONS`.
    init : str
        A key of :data:`actlib.networks.INITS`.
    depth : int
        Layers shown, 1 .. ``max_depth``.
    batchnorm : bool
        Batch-normalise before each activation.
    max_depth : int
        Number of histogram panels (10 by default).
    n_samples, n_units, bins, seed : int
        Data rows, layer width, histogram bins and seed.

    Attributes
    ----------
    counts : list of ndarray
        Histogram counts of the visible layers.
    stats : list of (float, float)
        Mean and standard deviation of each visible layer's activations.
    bars : list of matplotlib.container.BarContainer
        One per panel (their heights are updated in place; panels below ``depth`` are empty).
    """

    def __init__(
        self,
        activation="sigmoid",
        init="std=1",
        depth=5,
        batchnorm=False,
        *,
        max_depth=10,
        n_samples=1000,
        n_units=100,
        bins=30,
        seed=0,
    ):
        self.max_depth = int(max_depth)
        self.n_samples, self.n_units, self.bins, self.seed = n_samples, n_units, bins, seed
        ncols = min(self.max_depth, 5)
        nrows = -(-self.max_depth // ncols)
        fig, canvas = new_canvas((1.75 * ncols + 0.6, 2.0 * nrows + 0.3))
        axes = np.atleast_1d(fig.subplots(nrows, ncols, sharey=True, squeeze=False)).ravel()
        for ax in axes[self.max_depth :]:
            ax.remove()
        self.axes = list(axes[: self.max_depth])
        self.bars = []
        for k, ax in enumerate(self.axes):
            edges = np.linspace(0.0, 1.0, bins + 1)
            container = ax.bar(
                edges[:-1],
                np.zeros(bins),
                width=np.diff(edges),
                align="edge",
                color="#0072B2",
                label=f"_layer {k + 1}",
            )
            for rect in container:
                rect.set_zorder(1.6)  # above the axis (1.5): a frame redraws bars, not ticks
            self.bars.append(container)
            ax.set_title(f"layer {k + 1}", fontsize="small")
            ax.tick_params(labelsize=9.0)  # >= MIN_FONT_PT
            ax.set_xticks([0.0, 0.5, 1.0], ["0", "0.5", "1"])
            ax.set_xlabel("activation")
        for row in range(nrows):
            self.axes[row * ncols].set_ylabel("count")
        self.counts, self.stats = [], []
        sliders = {
            "activation": dropdown(HISTOGRAM_ACTIVATIONS, activation, "activation"),
            "init": dropdown(networks.INITS, init, "weights"),
            "depth": make_slider(
                "depth", depth, 1, self.max_depth, 1, description="layers", integer=True
            ),
            "batchnorm": checkbox(batchnorm, "batch norm before the activation"),
        }
        super().__init__(
            title="Activation histograms per layer (Deep Learning from Scratch ch. 6)",
            figure=fig,
            canvas=canvas,
            sliders=sliders,
            update=self._draw,
            lines={"bars": self.bars},
            dynamic=self.bars,
            alt=self._alt_text,
        )

    def _forward(self, activation, init, batchnorm):
        """Activations of all ``max_depth`` layers (cached: the depth slider only selects)."""
        key = (activation, init, bool(batchnorm))
        if getattr(self, "_cache_key", None) != key:
            self._cache = networks.random_forward(
                activation,
                networks.INITS[init],
                n_samples=self.n_samples,
                n_units=self.n_units,
                n_layers=self.max_depth,
                batchnorm=batchnorm,
                seed=self.seed,
            )
            self._cache_key = key
        return self._cache

    def _layer_stats(self, activation, init, batchnorm):
        """Per layer (counts, mean, std, fraction exactly 0, fraction outside the range) and the
        common y-limit, for all ``max_depth`` layers, cached per (activation, init, batch norm):
        a depth move only re-slices these (no forward pass, no histogram)."""
        key = (activation, init, bool(batchnorm))
        if getattr(self, "_stats_key", None) != key:
            out = self._forward(activation, init, batchnorm)
            lo, hi = hist_range(activation)
            edges = np.linspace(lo, hi, self.bins + 1)
            layers, top = [], 1
            for a in out.activations[: self.max_depth]:
                counts, _ = np.histogram(a, bins=edges)
                zero = float(np.mean(a == 0))
                # relu's spike of exact zeros would flatten everything else: scale to the rest
                rest = np.histogram(a[a != 0], bins=edges)[0] if zero > 0.05 else counts
                top = max(top, int(rest.max()))
                outside = 1.0 - counts.sum() / a.size
                layers.append((counts, float(a.mean()), float(a.std()), zero, outside))
            # one y-limit for every depth, in coarse steps
            step = 10 ** max(int(np.floor(np.log10(top * 1.05))) - 1, 0) * 5
            ylim = (0, step * np.ceil(top * 1.05 / step))
            self._stats_cache = (edges, layers, ylim)
            self._stats_key = key
        return self._stats_cache

    def _draw(self, activation, init, depth, batchnorm):
        edges, layers, ylim = self._layer_stats(activation, init, batchnorm)
        lo, hi = edges[0], edges[-1]
        widths = np.diff(edges)
        self.counts, self.stats = [], []
        rows = ["layer    mean     std   exactly 0   outside range"]
        for k, (ax, container) in enumerate(zip(self.axes, self.bars, strict=True)):
            counts, mean, std, zero, outside = layers[k]
            shown = k < depth  # deeper panels stay empty (same limits: the depth slider blits)
            for rect, x0, w, h in zip(container.patches, edges[:-1], widths, counts, strict=True):
                rect.set_x(x0)
                rect.set_width(w)
                rect.set_height(h if shown else 0)
            ax.set_xlim(lo, hi)
            if not shown:
                continue
            self.counts.append(counts)
            self.stats.append((mean, std))
            rows.append(
                f"{k + 1:5d} {mean:7.3f} {std:7.3f} {100 * zero:9.1f} % {100 * outside:10.1f} %"
            )
        self.axes[0].set_ylim(*ylim)
        head = (
            f"{actlib.get(activation).label()}, weights {init} "
            f"(std {networks.init_std(networks.INITS[init], self.n_units):.3g})"
            + (", batch norm" if batchnorm else "")
        )
        return "\n".join([head, *rows])

    def _alt_text(self, _ex=None):
        v = self.values()
        first, last = self.stats[0], self.stats[-1]
        return (
            f"Histograms of the activations in each of {v['depth']} layers of a random "
            f"{v['activation']} network with {v['init']} weights"
            + (" and batch norm" if v["batchnorm"] else "")
            + f": the spread (std) goes from {first[1]:.2f} in layer 1 to {last[1]:.2f} in "
            f"layer {v['depth']}."
        )
