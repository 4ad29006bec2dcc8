"""Explorers for the depth and training notebooks (07-12): ipywidgets + ipympl.

Built on :class:`actlib.widgets.Explorer`: each explorer is an ``ipywidgets.VBox`` holding its
own matplotlib Figure on an ipympl Canvas (made by :func:`actlib.widgets.new_canvas`, which
restores the previous pyplot backend), its controls and a plain-text readout.  Control changes
move the existing artists (``set_data``, ``set_height``, ``set_array``); nothing is re-created.

Headless use (tests)::

    ex = GradientExplorer()
    ex.set(depth=12, activation="tanh")     # or ex.sliders["depth"].value = 12
    ex.lines["gradient"].get_ydata()        # updated artists
    ex.text                                  # plain-text readout

    pg = TrainingPlayground()
    pg.train(100)                            # what the Train button runs (in chunks)
    pg.loss, pg.lines["loss"].get_ydata(), pg.progress.value

Training runs only when asked (the **Train** button or :meth:`TrainingPlayground.train`), never
at construction.

Examples
--------
>>> from actlib import playground
>>> ex = playground.GradientExplorer(activation="sigmoid", init="xavier", depth=4, width=20)
>>> _ = ex.set(depth=6)
>>> len(ex.lines["gradient"].get_xdata())
6
"""

from __future__ import annotations

import html

import ipywidgets as ipw
import numpy as np

import actlib
from actlib import datasets, networks
from actlib.widgets import Explorer, make_slider, new_canvas

__all__ = [
    "BATCH_SIZES",
    "HISTOGRAM_ACTIVATIONS",
    "LEARNING_RATES",
    "NOT_TRAINABLE",
    "ComparisonRunner",
    "GradientExplorer",
    "HistogramExplorer",
    "LSTMGateExplorer",
    "SparsityExplorer",
    "TrainingPlayground",
    "hist_range",
    "trainable_activations",
]

HISTOGRAM_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu", "selu")
"""Activations offered by the histogram and gradient explorers."""

LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
"""The learning-rate grid of the training playground."""

BATCH_SIZES = (("full batch", 0), ("10", 10), ("25", 25), ("50", 50))
"""Batch-size options of the training playground (0 = full batch)."""

NOT_TRAINABLE = {
    "step": "derivative 0 everywhere: gradient descent gets no signal",
    "threshold": "derivative 0 below the threshold 1.0, where every unit of a fresh network sits",
}
"""Elementwise activations left out of the playground, with the reason."""

_UNBOUNDED_RANGE = (-1.0, 3.0)
_PRE = '<pre style="margin:0 0 0 12px;font-size:12px;line-height:1.35">{}</pre>'


def trainable_activations():
    """Elementwise registry activations that make sense in a hidden layer (registry order).

    Returns
    -------
    list of str
        Every elementwise activation except those in :data:`NOT_TRAINABLE`.

    Examples
    --------
    >>> names = trainable_activations()
    >>> "relu" in names and "step" not in names and "softmax" not in names
    True
    """
    return [
        name
        for name, act in actlib.ACTIVATIONS.items()
        if act.kind == "elementwise" and name not in NOT_TRAINABLE
    ]


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


def _dropdown(options, value, description):
    return ipw.Dropdown(
        options=list(options),
        value=value,
        description=description,
        style={"description_width": "initial"},
        layout=ipw.Layout(width="260px"),
    )


def _checkbox(value, description):
    return ipw.Checkbox(value=bool(value), description=description, indent=False)


def _legend(ax, handles, **kw):
    kw.setdefault("fontsize", "small")
    ax._actlib_legend_handles = list(handles)
    ax.legend(handles=list(handles), labels=[h.get_label() for h in handles], **kw)


def _legend_refresh(ax):
    handles = getattr(ax, "_actlib_legend_handles", [])
    for handle, text in zip(handles, ax.get_legend().get_texts(), strict=False):
        text.set_text(handle.get_label())


# --------------------------------------------------------------------------------------------
# 1. activation histograms vs initialisation (Deep Learning from Scratch ch. 6)


class HistogramExplorer(Explorer):
    """Per-layer activation histograms of a random deep network (DLFS ch. 6), live.

    ``1000 x 100`` standard normal inputs go through ``depth`` layers of 100 units without bias,
    weights ``N(0, std^2)`` for the chosen init, optionally batch-normalised before the
    activation; one histogram per layer (30 bins over the activation's output range).

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
        Number of histogram panels.
    n_samples, n_units, bins, seed : int
        Data rows, layer width, histogram bins and seed.

    Attributes
    ----------
    counts : list of ndarray
        Histogram counts of the visible layers.
    stats : list of (float, float)
        Mean and standard deviation of each visible layer's activations.
    bars : list of matplotlib.container.BarContainer
        One per panel (their heights are updated in place).
    """

    def __init__(
        self,
        activation="sigmoid",
        init="std=1",
        depth=5,
        batchnorm=False,
        *,
        max_depth=6,
        n_samples=1000,
        n_units=100,
        bins=30,
        seed=0,
    ):
        self.max_depth = int(max_depth)
        self.n_samples, self.n_units, self.bins, self.seed = n_samples, n_units, bins, seed
        fig, canvas = new_canvas((1.6 * self.max_depth + 0.6, 2.4))
        axes = fig.subplots(1, self.max_depth, sharey=True)
        self.axes = list(np.atleast_1d(axes))
        self.bars = []
        for k, ax in enumerate(self.axes):
            edges = np.linspace(0.0, 1.0, bins + 1)
            self.bars.append(
                ax.bar(
                    edges[:-1],
                    np.zeros(bins),
                    width=np.diff(edges),
                    align="edge",
                    color="tab:blue",
                    label=f"_layer {k + 1}",
                )
            )
            ax.set_title(f"layer {k + 1}", fontsize="small")
            ax.tick_params(labelsize=7)
        self.axes[0].set_ylabel("count")
        self.counts, self.stats = [], []
        sliders = {
            "activation": _dropdown(HISTOGRAM_ACTIVATIONS, activation, "activation"),
            "init": _dropdown(networks.INITS, init, "weights"),
            "depth": make_slider(
                "depth", depth, 1, self.max_depth, 1, description="layers", integer=True
            ),
            "batchnorm": _checkbox(batchnorm, "batch norm before the activation"),
        }
        super().__init__(
            title="Activation histograms per layer (Deep Learning from Scratch ch. 6)",
            figure=fig,
            canvas=canvas,
            sliders=sliders,
            update=self._draw,
            lines={"bars": self.bars},
        )

    def _draw(self, activation, init, depth, batchnorm):
        out = networks.random_forward(
            activation,
            networks.INITS[init],
            n_samples=self.n_samples,
            n_units=self.n_units,
            n_layers=depth,
            batchnorm=batchnorm,
            seed=self.seed,
        )
        lo, hi = hist_range(activation)
        edges = np.linspace(lo, hi, self.bins + 1)
        widths = np.diff(edges)
        self.counts, self.stats = [], []
        rows = ["layer    mean     std   exactly 0   outside range"]
        top = 1
        for k, (ax, container) in enumerate(zip(self.axes, self.bars, strict=True)):
            visible = k < depth
            ax.set_visible(visible)
            if not visible:
                continue
            a = out.activations[k]
            counts, _ = np.histogram(a, bins=edges)
            for rect, x0, w, h in zip(container.patches, edges[:-1], widths, counts, strict=True):
                rect.set_x(x0)
                rect.set_width(w)
                rect.set_height(h)
            ax.set_xlim(lo, hi)
            mean, std = float(a.mean()), float(a.std())
            outside = 1.0 - counts.sum() / a.size
            zero = float(np.mean(a == 0))
            self.counts.append(counts)
            self.stats.append((mean, std))
            # relu's spike of exact zeros would flatten everything else: scale to the rest
            rest = np.histogram(a[a != 0], bins=edges)[0] if zero > 0.05 else counts
            top = max(top, int(rest.max()))
            rows.append(
                f"{k + 1:5d} {mean:7.3f} {std:7.3f} {100 * zero:9.1f} % {100 * outside:10.1f} %"
            )
        self.axes[0].set_ylim(0, top * 1.05)
        head = (
            f"{actlib.get(activation).label()}, weights {init} "
            f"(std {networks.init_std(networks.INITS[init], self.n_units):.3g})"
            + (", batch norm" if batchnorm else "")
        )
        return "\n".join([head, *rows])


# --------------------------------------------------------------------------------------------
# 2. gradients through depth


class GradientExplorer(Explorer):
    """Per-layer gradient norms from real backprop through a random network, vs ``0.25^n``.

    Left: ``||dL/dz_l||`` relative to the top hidden layer (log scale) and the line ``0.25^n``
    (``n`` = layers below the top).  Right: the RMS of ``f'(z_l)`` per layer and sigmoid's
    maximum 0.25.

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
        (grad,) = ax.plot([], [], "o-", color="tab:blue", ms=4, label="||dL/dz|| / top layer")
        (bound,) = ax.plot([], [], "k--", label="0.25^n")
        ax.set_yscale("log")
        ax.set(xlabel="hidden layer (1 = next to the input)", ylabel="relative gradient norm")
        ax.grid(True, which="both", alpha=0.25)
        _legend(ax, [grad, bound], loc="lower right")
        (drms,) = ax2.plot([], [], "o-", color="tab:green", ms=4, label="RMS of f'(z) in the layer")
        quarter = ax2.axhline(0.25, color="k", ls=":", label="0.25 = max of sigmoid'")
        ax2.set(xlabel="hidden layer", ylabel="derivative", ylim=(0, 1.25))
        ax2.grid(True, alpha=0.35)
        _legend(ax2, [drms, quarter], loc="upper right")
        self.report = None
        sliders = {
            "activation": _dropdown(HISTOGRAM_ACTIVATIONS, activation, "activation"),
            "init": _dropdown(networks.INITS, init, "weights"),
            "depth": make_slider(
                "depth", depth, 2, max_depth, 1, description="hidden layers", integer=True
            ),
            "batchnorm": _checkbox(batchnorm, "batch norm before the activation"),
        }
        super().__init__(
            title="Gradient norms through depth (one real backward pass)",
            figure=fig,
            canvas=canvas,
            sliders=sliders,
            update=self._draw,
            lines={"gradient": grad, "bound": bound, "derivative_rms": drms, "quarter": quarter},
        )

    def _draw(self, activation, init, depth, batchnorm):
        rep = networks.gradient_norms(
            activation,
            networks.INITS[init],
            depth,
            width=self.width,
            n_samples=self.n_samples,
            batchnorm=batchnorm,
            seed=self.seed,
        )
        self.report = rep
        layers = np.arange(1, depth + 1)
        rel = np.array(rep.relative())
        bound = 0.25 ** (depth - layers)
        self.lines["gradient"].set_data(layers, rel)
        self.lines["bound"].set_data(layers, bound)
        self.lines["derivative_rms"].set_data(layers, rep.derivative_rms)
        ax, ax2 = self.axes
        pos = rel[np.isfinite(rel) & (rel > 0)]
        lo = min(pos.min() if pos.size else 1.0, bound.min())
        hi = max(pos.max() if pos.size else 1.0, 1.0)
        ax.set_ylim(lo / 3, hi * 3)
        ax.set_xlim(0.5, depth + 0.5)
        ax2.set_xlim(0.5, depth + 0.5)
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


# --------------------------------------------------------------------------------------------
# 3. the sparsity claim


class SparsityExplorer(Explorer):
    """Fraction of active ReLU units per layer in random networks, vs note 004's ``2^-N``.

    ``bias`` is a constant added to every pre-activation; with batch norm on it is the shift
    ``beta`` after normalising, i.e. a threshold in standard deviations (``beta = -1.75``
    leaves about 4 % of a Gaussian above zero).

    Attributes
    ----------
    fractions : ndarray
        Active fraction (``z > 0``) per layer.
    path_fraction : ndarray
        Fraction of input-to-layer-N paths whose units are all active (mean over rows).
    """

    def __init__(
        self,
        init="he",
        bias=0.0,
        batchnorm=False,
        depth=10,
        *,
        max_depth=20,
        n_samples=500,
        n_units=100,
        seed=0,
    ):
        self.n_samples, self.n_units, self.seed = n_samples, n_units, seed
        fig, canvas = new_canvas((6.6, 3.4))
        ax = fig.add_subplot()
        self.axes = (ax,)
        band = ax.axhspan(0.01, 0.04, color="tab:red", alpha=0.2, label="brain: 1-4 % active")
        (active,) = ax.plot([], [], "o-", color="tab:blue", ms=4, label="active units per layer")
        (claim,) = ax.plot([], [], "k--", label="note 004: 2^-N")
        (paths,) = ax.plot([], [], "s:", color="tab:orange", ms=3, label="active paths 1..N")
        ax.set_yscale("log")
        ax.set(xlabel="layer N", ylabel="fraction active")
        ax.grid(True, which="both", alpha=0.25)
        _legend(ax, [active, claim, paths, band], loc="lower left", fontsize="x-small")
        self.fractions = np.array([])
        self.path_fraction = np.array([])
        sliders = {
            "init": _dropdown(networks.INITS, init, "weights"),
            "bias": make_slider("bias", bias, -3.0, 1.0, 0.05, description="bias (beta with BN)"),
            "batchnorm": _checkbox(batchnorm, "batch norm before relu"),
            "depth": make_slider(
                "depth", depth, 1, max_depth, 1, description="layers", integer=True
            ),
        }
        super().__init__(
            title="How many ReLU units fire? (note 004's 2^-N claim)",
            figure=fig,
            canvas=canvas,
            sliders=sliders,
            update=self._draw,
            lines={"active": active, "claim": claim, "paths": paths},
        )

    def measure(self, init, bias, batchnorm, depth):
        """Active fraction per layer and active-path fraction (arrays of length ``depth``)."""
        out = networks.random_forward(
            "relu",
            networks.INITS[init],
            n_samples=self.n_samples,
            n_units=self.n_units,
            n_layers=depth,
            bias=(not batchnorm) and bias != 0.0,
            bias_init=0.0 if batchnorm else bias,
            batchnorm=batchnorm,
            bn_beta=bias if batchnorm else 0.0,
            seed=self.seed,
        )
        per_row = np.array([(z > 0).mean(axis=1) for z in out.pre_activations])  # (layer, row)
        return per_row.mean(axis=1), np.cumprod(per_row, axis=0).mean(axis=1)

    def _draw(self, init, bias, batchnorm, depth):
        self.fractions, self.path_fraction = self.measure(init, bias, batchnorm, depth)
        n = np.arange(1, depth + 1)
        floor = 1e-6
        self.lines["active"].set_data(n, np.maximum(self.fractions, floor))
        self.lines["claim"].set_data(n, 0.5**n)
        self.lines["paths"].set_data(n, np.maximum(self.path_fraction, floor))
        ax = self.axes[0]
        ax.set_xlim(0.5, depth + 0.5)
        ax.set_ylim(min(1e-3, 0.3 * 0.5**depth), 1.5)
        f = self.fractions
        what = f"batch norm, beta = {bias:g}" if batchnorm else f"bias = {bias:g}"
        return "\n".join(
            [
                f"relu, weights {init}, {what}, {depth} layers",
                "active fraction per layer: " + " ".join(f"{v:.2f}" for v in f),
                f"note 004 claim at layer {depth}: 2^-{depth} = {0.5**depth:.2g}",
                f"measured at layer {depth}: {f[-1]:.3f}",
                f"paths active through all {depth} layers: {self.path_fraction[-1]:.2g}",
            ]
        )


# --------------------------------------------------------------------------------------------
# 4./5. training


class TrainingPlayground(Explorer):
    """Train a small MLP on a 2-D data set: live loss curve, accuracy, decision boundary.

    Any control change rebuilds the data and a fresh network (same seed).  **Train** runs the
    ``epochs`` slider's number of epochs in chunks of ``chunk``; after each chunk the loss
    curve, the accuracy / silent-unit curves, the decision boundary, the progress bar and the
    readout are updated and a frame is pushed to the browser.

    Parameters
    ----------
    dataset : str
        One of :data:`actlib.datasets.DATASETS`.
    activation : str
        Hidden activation (one of ``activations``).
    width, depth : int
        Hidden width (2 .. 64) and number of hidden layers (1 .. 6).
    lr : float
        Learning rate, one of :data:`LEARNING_RATES`.
    epochs : int
        Epochs per click of **Train** (50 .. 2000).
    momentum : float
        Heavy-ball momentum (0 .. 0.95).
    batch_size : int
        0 for full batch, else one of :data:`BATCH_SIZES`.
    n, seed : int
        Number of points; seed of the data and of the network.
    chunk : int
        Epochs between screen updates while training.
    grid : int
        Resolution of the decision-boundary image.
    activations : sequence of str, optional
        Dropdown options (default :func:`trainable_activations`).

    Attributes
    ----------
    loss, accuracy, silent : list of float
        Per-epoch training loss, accuracy and fraction of silent hidden units (``z <= 0`` on
        every point; for ReLU these units are dead) since the last reset.
    net : actlib.networks.MLP
        The network being trained.
    """

    def __init__(
        self,
        dataset="xor",
        activation="relu",
        *,
        width=16,
        depth=2,
        lr=0.3,
        epochs=200,
        momentum=0.9,
        batch_size=0,
        n=200,
        seed=0,
        chunk=20,
        grid=60,
        activations=None,
    ):
        self.n, self.seed, self.chunk = n, seed, int(chunk)
        fig, canvas = new_canvas((11.0, 3.4))
        ax_loss, ax_acc, ax_map = fig.subplots(1, 3)
        self.axes = (ax_loss, ax_acc, ax_map)
        (loss_line,) = ax_loss.plot([], [], color="tab:blue", label="training loss")
        ax_loss.set_yscale("log")
        ax_loss.set(xlabel="epoch", ylabel="cross-entropy")
        ax_loss.grid(True, which="both", alpha=0.25)
        _legend(ax_loss, [loss_line], loc="upper right")
        (acc_line,) = ax_acc.plot([], [], color="tab:green", label="training accuracy")
        (silent_line,) = ax_acc.plot(
            [], [], color="tab:red", label="silent units (z <= 0 on all points)"
        )
        ax_acc.set(xlabel="epoch", ylim=(-0.02, 1.02))
        ax_acc.grid(True, alpha=0.35)
        _legend(ax_acc, [acc_line, silent_line], loc="center right", fontsize="x-small")
        self.extent = (-1.6, 1.6, -1.6, 1.6)
        g = np.linspace(self.extent[0], self.extent[1], grid)
        gx, gy = np.meshgrid(g, g)
        self._grid_points = np.column_stack([gx.ravel(), gy.ravel()])
        self._grid_shape = gx.shape
        image = ax_map.imshow(
            np.full(self._grid_shape, 0.5),
            extent=self.extent,
            origin="lower",
            cmap="RdBu_r",
            vmin=0.0,
            vmax=1.0,
            alpha=0.55,
            interpolation="bilinear",
        )
        points = ax_map.scatter(
            np.zeros(0),
            np.zeros(0),
            c=np.zeros(0),
            s=10,
            cmap="RdBu_r",
            vmin=0,
            vmax=1,
            edgecolors="k",
            linewidths=0.3,
        )
        ax_map.set(xlim=self.extent[:2], ylim=self.extent[2:], aspect="equal")
        ax_map.set_title("P(class 1) and the data", fontsize="medium")
        self.loss, self.accuracy, self.silent = [], [], []
        self.net = None
        self.X = self.y = None
        options = list(activations or trainable_activations())
        self.train_button = ipw.Button(description="Train", button_style="primary", icon="play")
        self.reset_button = ipw.Button(description="Reset", icon="refresh")
        self.progress = ipw.IntProgress(value=0, min=0, max=epochs, description="progress")
        sliders = {
            "dataset": _dropdown(datasets.DATASETS, dataset, "data"),
            "activation": _dropdown(options, activation, "hidden activation"),
            "width": make_slider("width", width, 2, 64, 2, description="width", integer=True),
            "depth": make_slider(
                "depth", depth, 1, 6, 1, description="hidden layers", integer=True
            ),
            "lr": ipw.SelectionSlider(
                options=list(LEARNING_RATES),
                value=lr,
                description="learning rate",
                style={"description_width": "initial"},
                layout=ipw.Layout(width="360px"),
            ),
            "momentum": make_slider("momentum", momentum, 0.0, 0.95, 0.05),
            "batch_size": ipw.Dropdown(
                options=list(BATCH_SIZES),
                value=batch_size,
                description="batch",
                style={"description_width": "initial"},
                layout=ipw.Layout(width="200px"),
            ),
            "epochs": make_slider(
                "epochs", epochs, 50, 2000, 50, description="epochs per click", integer=True
            ),
        }
        super().__init__(
            title="Training playground: press Train (runs only when you click)",
            figure=fig,
            canvas=canvas,
            sliders=sliders,
            update=self._reset,
            lines={
                "loss": loss_line,
                "accuracy": acc_line,
                "silent": silent_line,
                "boundary": image,
                "points": points,
            },
        )
        self.train_button.on_click(self.on_train_clicked)
        self.reset_button.on_click(self.on_reset_clicked)
        heading, *rest = self.children
        buttons = ipw.HBox([self.train_button, self.reset_button, self.progress])
        self.children = (heading, buttons, *rest)

    # -- callbacks ------------------------------------------------------------------------------
    def on_train_clicked(self, _button=None):
        """Button callback: train the slider's number of epochs with live frames."""
        self.train(live=True)

    def on_reset_clicked(self, _button=None):
        """Button callback: fresh network, curves cleared."""
        self.update()

    def _show(self, text):
        self.text = text
        self.readout.value = _PRE.format(html.escape(text))

    # -- state ----------------------------------------------------------------------------------
    def _reset(self, dataset, activation, width, depth, lr, momentum, batch_size, epochs):
        self.X, self.y = datasets.load(dataset, n=self.n, seed=self.seed)
        init = networks.default_init(activation)
        self.net = networks.MLP([2] + [width] * depth + [2], activation, init=init, seed=self.seed)
        self.loss, self.accuracy, self.silent = [], [], []
        self.lines["points"].set_offsets(self.X)
        self.lines["points"].set_array(self.y.astype(float))
        self.progress.value = 0
        self.progress.max = epochs
        self._refresh_artists()
        return (
            f"fresh network: 2 -> {' -> '.join([str(width)] * depth)} -> 2, "
            f"{actlib.get(activation).label()}, {init} init, seed {self.seed}\n"
            f"{dataset}: {self.n} points; lr {lr:g}, momentum {momentum:g}, "
            f"{'full batch' if not batch_size else f'batches of {batch_size}'}\n"
            "press Train"
        )

    def _record(self, _epoch, net, hist):
        if self.sliders["batch_size"].value:
            net.forward(self.X)
        zs = net.pre_activations
        silent = sum(int(np.all(z <= 0, axis=0).sum()) for z in zs)
        self.loss.append(hist.loss[-1])
        self.accuracy.append(hist.accuracy[-1])
        self.silent.append(silent / sum(z.shape[1] for z in zs))
        return not np.isfinite(hist.loss[-1])

    def _refresh_artists(self):
        ep = np.arange(1, len(self.loss) + 1)
        loss = np.asarray(self.loss, dtype=float)
        self.lines["loss"].set_data(ep, loss)
        self.lines["accuracy"].set_data(ep, self.accuracy)
        self.lines["silent"].set_data(ep, self.silent)
        ax_loss, ax_acc, _ = self.axes
        xmax = max(len(self.loss), self.sliders["epochs"].value)
        ax_loss.set_xlim(0, xmax)
        ax_acc.set_xlim(0, xmax)
        pos = loss[np.isfinite(loss) & (loss > 0)]
        if pos.size:
            ax_loss.set_ylim(max(pos.min() / 2, 1e-5), pos.max() * 2)
        else:
            ax_loss.set_ylim(1e-2, 2.0)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            p = self.net.predict_proba(self._grid_points)[:, 1]
        self.lines["boundary"].set_data(np.nan_to_num(p, nan=0.5).reshape(self._grid_shape))

    def train(self, epochs=None, *, live=False):
        """Train ``epochs`` more epochs (default: the slider) in chunks; returns ``self.loss``.

        Parameters
        ----------
        epochs : int, optional
            Number of epochs; the ``epochs`` slider's value if omitted.
        live : bool
            Render and push a frame to the browser after every chunk (the button does; headless
            callers leave it off).
        """
        v = self.values()
        total = int(v["epochs"] if epochs is None else epochs)
        self.progress.max = total
        self.progress.value = 0
        self.train_button.disabled = True
        done = 0
        try:
            while done < total:
                k = min(self.chunk, total - done)
                with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                    hist = self.net.fit(
                        self.X,
                        self.y,
                        epochs=k,
                        lr=v["lr"],
                        momentum=v["momentum"],
                        batch_size=v["batch_size"] or None,
                        callback=self._record,
                    )
                done += len(hist.loss)
                self.progress.value = done
                diverged = not np.isfinite(self.loss[-1])
                self._show(self._progress_text(done, total, diverged))
                self._refresh_artists()
                if live:
                    self.figure.canvas.draw()
                    self.figure.canvas.manager.refresh_all()
                if diverged:
                    break
        finally:
            self.train_button.disabled = False
        self.canvas.draw_idle()
        return self.loss

    def _progress_text(self, done, total, diverged=False):
        if diverged:
            state = "diverged: the loss is no longer finite (lower the learning rate)"
        else:
            state = "done" if done >= total else "training ..."
        return "\n".join(
            [
                f"{state}  epoch {done}/{total} of this run, {len(self.loss)} since reset",
                f"loss {self.loss[-1]:.4f}   training accuracy {100 * self.accuracy[-1]:.1f} %",
                f"silent hidden units {100 * self.silent[-1]:.0f} %",
            ]
        )


# --------------------------------------------------------------------------------------------
# 6. LSTM gates


class LSTMGateExplorer(Explorer):
    """A gate ``sigmoid(z_i)`` times a ``tanh(z_g)`` candidate, and the cell state over time.

    ``gate`` and ``state`` choose the gate and the candidate / output functions (LSTM:
    sigmoid and tanh).

    Left: the gate and candidate curves with markers at the slider values.  Middle: the update
    ``gate(z_i) * tanh(z_g)`` as an image over both pre-activations.  Right: the cell state
    ``c_t = f c_{t-1} + i g`` over ``steps`` steps with the slider values held constant.  Switch
    the gate function to ``tanh``, ``relu`` or ``identity`` to see why LSTMs use sigmoid.

    Attributes
    ----------
    cell : dict
        :func:`actlib.networks.lstm_cell` at the slider values.
    trajectory : ndarray
        The cell state ``c_0 .. c_steps``.
    """

    GATES = ("sigmoid", "hard_sigmoid", "tanh", "relu", "identity")
    STATES = ("tanh", "softsign", "relu", "identity")

    def __init__(
        self,
        z_i=0.0,
        z_g=1.0,
        z_f=2.0,
        z_o=2.0,
        c0=0.5,
        gate="sigmoid",
        state="tanh",
        *,
        steps=30,
    ):
        self.steps = int(steps)
        fig, canvas = new_canvas((11.4, 3.3))
        ax_c, ax_p, ax_t = fig.subplots(1, 3)
        self.axes = (ax_c, ax_p, ax_t)
        x = np.linspace(-6.0, 6.0, 601)
        self._x = x
        (gate_line,) = ax_c.plot(
            x, actlib.sigmoid(x), color="tab:blue", label=actlib.sigmoid.label()
        )
        (cand_line,) = ax_c.plot(x, actlib.tanh(x), color="tab:orange", label=actlib.tanh.label())
        (gate_pt,) = ax_c.plot([], [], "o", color="tab:blue", ms=7, label="_input gate i")
        (cand_pt,) = ax_c.plot([], [], "s", color="tab:orange", ms=7, label="_candidate g")
        ax_c.axhline(0.0, color="grey", lw=0.8, label="_0")
        ax_c.axhline(1.0, color="grey", lw=0.8, ls=":", label="_1")
        ax_c.set(xlabel="pre-activation z", ylim=(-1.6, 1.6), xlim=(-6, 6))
        ax_c.grid(True, alpha=0.35)
        ax_c.set_title("gate and candidate", fontsize="medium")
        _legend(ax_c, [gate_line, cand_line], loc="upper left")
        zz = np.linspace(-6.0, 6.0, 121)
        self._zi, self._zg = np.meshgrid(zz, zz)
        image = ax_p.imshow(
            np.zeros_like(self._zi),
            extent=(-6, 6, -6, 6),
            origin="lower",
            cmap="PuOr",
            vmin=-1,
            vmax=1,
            aspect="auto",
        )
        (now,) = ax_p.plot([], [], "k+", ms=12, mew=2, label="_sliders")
        ax_p.set(xlabel="z input gate", ylabel="z candidate")
        ax_p.set_title("update i * g (clipped to [-1, 1])", fontsize="medium")
        fig.colorbar(image, ax=ax_p, shrink=0.8)
        (state_line,) = ax_t.plot([], [], "o-", ms=3, color="tab:green", label="cell state c_t")
        (fixed,) = ax_t.plot([], [], "k:", label="fixed point i g / (1 - f)")
        (out_line,) = ax_t.plot([], [], "--", color="tab:purple", label="output h_t = o * s(c_t)")
        ax_t.set(xlabel="time step t", xlim=(0, self.steps))
        ax_t.grid(True, alpha=0.35)
        ax_t.set_title("memory with constant inputs", fontsize="medium")
        _legend(ax_t, [state_line, fixed, out_line], loc="best", fontsize="x-small")
        self.cell, self.trajectory = None, None
        slider = dict(low=-6.0, high=6.0, step=0.1)
        sliders = {
            "z_i": make_slider("z_i", z_i, description="z input gate", **slider),
            "z_g": make_slider("z_g", z_g, description="z candidate", **slider),
            "z_f": make_slider("z_f", z_f, description="z forget gate", **slider),
            "z_o": make_slider("z_o", z_o, description="z output gate", **slider),
            "c0": make_slider("c0", c0, -2.0, 2.0, 0.1, description="c_0"),
            "gate": _dropdown(self.GATES, gate, "gate function"),
            "state": _dropdown(self.STATES, state, "state function"),
        }
        super().__init__(
            title="LSTM gates: sigmoid says how much, tanh says what (note 001)",
            figure=fig,
            canvas=canvas,
            sliders=sliders,
            update=self._draw,
            lines={
                "gate": gate_line,
                "candidate": cand_line,
                "gate_point": gate_pt,
                "candidate_point": cand_pt,
                "update_image": image,
                "now": now,
                "state": state_line,
                "fixed_point": fixed,
                "output": out_line,
            },
        )

    def _draw(self, z_i, z_g, z_f, z_o, c0, gate, state):
        gate_fn = actlib.get(gate)
        state_fn = actlib.get(state)
        ln = self.lines
        ln["gate"].set_ydata(gate_fn(self._x))
        ln["gate"].set_label(gate_fn.label())
        ln["candidate"].set_ydata(state_fn(self._x))
        ln["candidate"].set_label(state_fn.label())
        _legend_refresh(self.axes[0])
        cell = networks.lstm_cell(z_f, z_i, z_g, z_o, c_prev=c0, gate=gate, state=state)
        self.cell = cell
        i, g, f, o = (float(cell[k]) for k in ("i", "g", "f", "o"))
        ln["gate_point"].set_data([z_i], [i])
        ln["candidate_point"].set_data([z_g], [g])
        ln["update_image"].set_data(np.clip(gate_fn(self._zi) * state_fn(self._zg), -1, 1))
        ln["now"].set_data([z_i], [z_g])
        c = float(c0)
        traj = [c]
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(self.steps):
                c = f * c + i * g
                traj.append(c)
        self.trajectory = np.array(traj)
        t = np.arange(self.steps + 1)
        ln["state"].set_data(t, self.trajectory)
        # What the cell emits: the output gate o scales the squashed state at every step.
        ln["output"].set_data(t, o * state_fn(self.trajectory))
        if 0 <= f < 1:
            fp = i * g / (1 - f)
            ln["fixed_point"].set_data([0, self.steps], [fp, fp])
            fixed_txt = f"{fp:.3f}"
        else:
            ln["fixed_point"].set_data([], [])
            fixed_txt = "none (needs 0 <= f < 1)"
        shown = np.concatenate([self.trajectory, o * state_fn(self.trajectory)])
        finite = shown[np.isfinite(shown)]
        lo = min(finite.min(), -1.0) if finite.size else -1.0
        hi = max(finite.max(), 1.0) if finite.size else 1.0
        pad = 0.08 * (hi - lo)
        self.axes[2].set_ylim(lo - pad, hi + pad)
        return "\n".join(
            [
                f"gates {gate}:  f = {f:.3f}   i = {i:.3f}   o = {o:.3f}",
                f"candidate g = {state}({z_g:g}) = {g:.3f}   update i*g = {i * g:.3f}",
                f"c_1 = f*c_0 + i*g = {float(cell['c']):.3f}   "
                f"h_1 = o*{state}(c_1) = {float(cell['h']):.3f}",
                f"c_{self.steps} = {self.trajectory[-1]:.4g}   fixed point {fixed_txt}",
            ]
        )


class ComparisonRunner(ipw.VBox):
    """A button that runs :func:`actlib.networks.comparison_table` for many activations.

    The full table takes tens of seconds, so it only runs on click (or :meth:`run` headless).
    A progress bar and a label show which activation is training; the finished table is shown
    as text and kept in :attr:`table` / :attr:`text`.

    Parameters
    ----------
    activations : sequence of str, optional
        Default: :func:`trainable_activations`.
    **kwargs
        Passed to :func:`actlib.networks.run_training` for every cell.
    """

    def __init__(self, activations=None, **kwargs):
        self.activations = list(activations or trainable_activations())
        self.kwargs = kwargs
        self.table = None
        self.text = ""
        self.button = ipw.Button(
            description=f"Run all {len(self.activations)} activations",
            button_style="primary",
            icon="play",
            layout=ipw.Layout(width="260px"),
        )
        self.progress = ipw.IntProgress(value=0, min=0, max=len(self.activations))
        self.status = ipw.Label("not run yet (click the button)")
        self.output = ipw.HTML()
        self.button.on_click(self.on_click)
        super().__init__([ipw.HBox([self.button, self.progress, self.status]), self.output])

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = (
            f"ComparisonRunner: {len(self.activations)} activations x 4 data sets, "
            + ("done" if self.table is not None else "runs when the button is clicked")
        )
        return data

    def on_click(self, _button=None):
        """Button callback: :meth:`run`."""
        self.run()

    def run(self):
        """Train every activation on every data set; returns the text table."""
        self.button.disabled = True
        table = {}
        try:
            for k, act in enumerate(self.activations):
                self.status.value = f"training {act} ({k + 1}/{len(self.activations)})"
                table.update(networks.comparison_table([act], **self.kwargs))
                self.progress.value = k + 1
        finally:
            self.button.disabled = False
        self.table = table
        self.text = networks.format_table(table, self.activations)
        self.status.value = "done"
        self.output.value = _PRE.format(html.escape(self.text))
        return self.text
