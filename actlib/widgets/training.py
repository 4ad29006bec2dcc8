"""Training: the live playground (notebooks 10, 11) and the all-activations comparison.

:class:`TrainingPlayground`: Play / Pause / Step / Reset, every control live.

:class:`TrainingPlayground` is an explorer (``ipywidgets.VBox``: figure on an ipympl canvas,
controls, readout) around an :class:`actlib.training.Trainer`.  An ``ipywidgets.Play`` widget is
the clock: while it plays, the browser advances its ``value`` every ``interval`` ms and each new
value runs one **tick** in the kernel (``epochs_per_tick`` epochs, then one repaint).  Between
two ticks the kernel is idle, so every slider, dropdown and checkbox is handled as soon as it is
moved and the next tick trains with it:

* learning rate, momentum and batch size change the run in flight;
* data set, noise, input features, activation, width and depth rebuild the data and the network
  (epoch 0); the readout says what was reset and why.

The kernel never falls behind the clock: ipywidgets' front end keeps at most one update of a
widget in flight and merges the later ones, so while a tick runs, the next ones collapse into a
single message (one tick).  Pause therefore stops within a tick.

The figure: the network's P(class 1) over the input plane with the training points (filled) and
the held-out test points (hollow); training and test loss; training and test accuracy; and one
small heatmap per hidden unit of the first two hidden layers (its output over the same plane,
scaled to its own range), framed and labelled ``dead`` or ``sat.`` when
:func:`actlib.training.unit_status` says so.

:class:`ComparisonRunner` runs :func:`actlib.networks.comparison_table` on a click.

Headless use (tests, scripted runs)::

    pg = TrainingPlayground()
    pg.step_button.click()          # one tick
    pg.run(40)                      # 40 ticks, what 4 s of Play do
    pg.set(lr=0.3, width=6)         # controls by name; width resets the run
    pg.trainer.history.test_loss    # the data behind the curves

Examples
--------
>>> from actlib.widgets import TrainingPlayground
>>> pg = TrainingPlayground(epochs_per_tick=2)
>>> _ = pg.run(3)
>>> pg.trainer.epoch, pg.epoch_label.value
(6, '<b>epoch 6</b>')
>>> _ = pg.set(depth=1)
>>> pg.trainer.epoch, "reset" in pg.text
(0, True)
"""

from __future__ import annotations

import html

import ipywidgets as ipw
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Rectangle

import actlib
from actlib import datasets, networks, training
from actlib.plotting import PALETTE

from .base import PRE, Explorer, make_slider, new_canvas

__all__ = [
    "BATCH_SIZES",
    "FEATURE_CONTROLS",
    "LEARNING_RATES",
    "LOSS_FLOOR",
    "NOT_TRAINABLE",
    "ComparisonRunner",
    "TrainingPlayground",
    "trainable_activations",
]

LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
"""The learning-rate grid of the training playground."""

BATCH_SIZES = (("full batch", 0), ("1", 1), ("5", 5), ("10", 10), ("25", 25), ("50", 50))
"""Batch-size options of the training playground (0 = full batch)."""

FEATURE_CONTROLS = {
    "x1": "x1",
    "x2": "x2",
    "x1_sq": "x1^2",
    "x2_sq": "x2^2",
    "x1_x2": "x1*x2",
    "sin_x1": "sin(x1)",
    "sin_x2": "sin(x2)",
}
"""Control name of each input-feature checkbox -> key of :data:`actlib.training.FEATURES`."""

NOT_TRAINABLE = {
    "step": "derivative 0 everywhere: gradient descent gets no signal",
    "threshold": "derivative 0 below the threshold 1.0, where every unit of a fresh network sits",
}
"""Elementwise activations left out of the playground, with the reason."""

LOSS_FLOOR = 1e-4
"""Bottom of the loss axis (smaller losses are drawn on it)."""

_CLASS_COLOURS = (PALETTE["blue"], PALETTE["orange"])
_CMAP = LinearSegmentedColormap.from_list(
    "actlib_playground", [PALETTE["blue"], "#ffffff", PALETTE["orange"]]
)
_UNIT_CMAP = LinearSegmentedColormap.from_list(
    "actlib_units", [PALETTE["sky"], "#ffffff", PALETTE["vermillion"]]
)
_STATUS_STYLE = {
    "dead": {"edgecolor": "#000000", "linestyle": "-", "label": "dead"},
    "saturated": {"edgecolor": PALETTE["purple"], "linestyle": "--", "label": "sat."},
}


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


def _dropdown(options, value, description, width="250px"):
    return ipw.Dropdown(
        options=list(options),
        value=value,
        description=description,
        style={"description_width": "initial"},
        layout=ipw.Layout(width=width),
    )


class TrainingPlayground(Explorer):
    """Train a small MLP live on a 2-D data set; see the module docstring.

    Parameters
    ----------
    dataset : str
        One of :data:`actlib.datasets.DATASETS`.
    activation : str
        Hidden activation, one of ``activations``.
    width : int
        Units per hidden layer, 1 .. ``max_width``.
    depth : int
        Hidden layers, 0 (a linear model) .. ``max_depth``.
    lr : float
        Learning rate, one of :data:`LEARNING_RATES`.
    momentum : float
        Heavy-ball momentum, 0 .. 0.95.
    batch_size : int
        0 (full batch) or a size of :data:`BATCH_SIZES`.
    noise : float
        Jitter of the data, 0 .. 0.5.
    features : sequence of str
        Input features, keys of :data:`actlib.training.FEATURES`.
    n, seed : int
        Number of points (half of them held out for testing); seed of everything.
    epochs_per_tick : int
        Epochs trained per tick of Play (and per Step).
    interval : int
        Milliseconds between two ticks while playing.
    resolution, unit_resolution : int
        Grid sizes of the decision-boundary image and of each unit's heatmap.
    max_width, max_depth : int
        Slider maxima.
    activations : sequence of str, optional
        Dropdown options (default :func:`trainable_activations`).

    Attributes
    ----------
    trainer : actlib.training.Trainer
        The run: network, data, optimiser state, epoch, history.
    play : ipywidgets.Play
        The clock (its play / pause button; its stop button pauses too).
    step_button, reset_button : ipywidgets.Button
        One tick; a fresh network (epoch 0).
    epoch_label : ipywidgets.HTML
        The epoch counter.
    unit_status : list of ndarray of str
        ``"dead"`` / ``"saturated"`` / ``"active"`` per unit of the shown hidden layers.
    ticks : int
        Ticks trained (Play, Step and :meth:`run`).
    last_reset : str
        Why the run was last reset (``""`` if the last change kept it).
    """

    SHOWN_LAYERS = 2

    def __init__(
        self,
        dataset="xor",
        activation="tanh",
        *,
        width=4,
        depth=2,
        lr=0.03,
        momentum=0.9,
        batch_size=10,
        noise=0.0,
        features=("x1", "x2"),
        n=200,
        seed=0,
        epochs_per_tick=training.EPOCHS_PER_TICK,
        interval=training.PLAY_INTERVAL_MS,
        resolution=30,
        unit_resolution=16,
        max_width=8,
        max_depth=6,
        activations=None,
    ):
        self.epochs_per_tick = int(epochs_per_tick)
        self.resolution = int(resolution)
        self.unit_resolution = int(unit_resolution)
        self.max_width = int(max_width)
        self.extent = (-1.6, 1.6, -1.6, 1.6)
        self.ticks = 0
        self.last_reset = ""
        self._reset_note = ""
        self.unit_status = []
        self.trainer = training.Trainer(
            dataset,
            activation,
            width=width,
            depth=depth,
            lr=lr,
            momentum=momentum,
            batch_size=batch_size,
            noise=noise,
            features=features,
            n=n,
            seed=seed,
        )
        fig, canvas = new_canvas((10.4, 3.9))
        self._build_axes(fig)
        options = list(activations or trainable_activations())
        sliders = {
            "dataset": _dropdown(datasets.DATASETS, dataset, "data"),
            "noise": make_slider("noise", noise, 0.0, 0.5, 0.05, description="noise"),
            "activation": _dropdown(options, activation, "activation"),
            "width": make_slider(
                "width", width, 1, self.max_width, 1, description="units/layer", integer=True
            ),
            "depth": make_slider(
                "depth", depth, 0, max_depth, 1, description="hidden layers", integer=True
            ),
            "lr": ipw.SelectionSlider(
                options=list(LEARNING_RATES),
                value=lr,
                description="learning rate",
                style={"description_width": "initial"},
                layout=ipw.Layout(width="330px"),
            ),
            "momentum": make_slider("momentum", momentum, 0.0, 0.95, 0.05),
            "batch_size": _dropdown(BATCH_SIZES, batch_size, "batch", width="170px"),
        }
        for name, key in FEATURE_CONTROLS.items():
            sliders[name] = ipw.Checkbox(
                value=key in tuple(features),
                description=training.FEATURE_LABELS[key],
                indent=False,
                layout=ipw.Layout(width="80px"),
            )
        self.play = ipw.Play(
            value=0,
            min=0,
            max=10**9,
            step=1,
            interval=int(interval),
            show_repeat=False,
            description="play",
            tooltip="Play / Pause",
        )
        self.step_button = ipw.Button(description="Step", icon="step-forward", tooltip="one tick")
        self.reset_button = ipw.Button(description="Reset", icon="refresh")
        self.epoch_label = ipw.HTML()
        super().__init__(
            title="Training playground: press Play (every control acts on the next tick)",
            figure=fig,
            canvas=canvas,
            sliders=sliders,
            update=self._apply,
            lines=self._artists,
            dynamic=self._animated(),
            alt=lambda ex: ex.describe(),
            children=self._layout,
        )
        self.play.observe(self._on_play_value, names="value")
        self.play.observe(self._on_playing, names="playing")
        self.step_button.on_click(lambda _b: self.tick())
        self.reset_button.on_click(lambda _b: self.reset())

    def _layout(self, heading, canvas, controls, readout):
        bar = ipw.HBox([self.play, self.step_button, self.reset_button, self.epoch_label])
        # the input-feature checkboxes side by side instead of one per line
        boxes = [self.sliders[k] for k in FEATURE_CONTROLS]
        others = [w for w in controls.children if w not in boxes]
        controls.children = (*others, ipw.HBox([ipw.Label("inputs"), *boxes]))
        return [heading, bar, canvas, ipw.HBox([controls, readout])]

    # -- figure -------------------------------------------------------------------------------
    def _build_axes(self, fig):
        grid = fig.add_gridspec(2, 3, width_ratios=[1.2, 1.2, 0.85])
        ax_map = fig.add_subplot(grid[:, 0])
        ax_loss = fig.add_subplot(grid[0, 1])
        ax_acc = fig.add_subplot(grid[1, 1], sharex=ax_loss)
        ax_units = fig.add_subplot(grid[:, 2])
        self.axes = (ax_map, ax_loss, ax_acc, ax_units)
        r = self.resolution
        image = ax_map.imshow(
            np.full((r, r), 0.5),
            extent=self.extent,
            origin="lower",
            cmap=_CMAP,
            vmin=0.0,
            vmax=1.0,
            alpha=0.75,
            interpolation="bilinear",
            zorder=0.8,  # above the axis (ticks stay in the cached background), below the points
        )
        pts = {}
        for c, marker in ((0, "o"), (1, "s")):
            pts[f"train_{c}"] = ax_map.scatter(
                [],
                [],
                s=16,
                marker=marker,
                color=_CLASS_COLOURS[c],
                edgecolors="k",
                linewidths=0.4,
                zorder=2,
                label=f"class {c}, training",
            )
            pts[f"test_{c}"] = ax_map.scatter(
                [],
                [],
                s=16,
                marker=marker,
                facecolors="none",
                edgecolors=_CLASS_COLOURS[c],
                linewidths=1.0,
                zorder=2,
                label=f"class {c}, test",
            )
        ax_map.set(xlim=self.extent[:2], ylim=self.extent[2:], aspect="equal")
        ax_map.set_xlabel("x1")
        ax_map.set_ylabel("x2")
        ax_map.set_axisbelow(True)
        # the epoch changes with every tick: a text artist, not the title (kept in the background)
        map_title = ax_map.text(
            0.5,
            1.02,
            "P(class 1) at epoch 0",
            transform=ax_map.transAxes,
            ha="center",
            va="bottom",
            fontsize=10,
        )
        (train_loss,) = ax_loss.plot([], [], color=PALETTE["blue"], ls="-", label="training")
        (test_loss,) = ax_loss.plot([], [], color=PALETTE["vermillion"], ls="--", label="test")
        ax_loss.set_yscale("log")
        ax_loss.set_ylim(LOSS_FLOOR, 10.0)
        ax_loss.set_ylabel("loss (cross-entropy)")
        ax_loss.grid(True, which="major", alpha=0.3)
        ax_loss.set_axisbelow(True)  # grid under the curves, as a blitted frame draws them
        ax_loss.tick_params(labelbottom=False)
        ax_loss.legend(
            loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=9, frameon=False
        )
        (train_acc,) = ax_acc.plot([], [], color=PALETTE["blue"], ls="-", label="training")
        (test_acc,) = ax_acc.plot([], [], color=PALETTE["vermillion"], ls="--", label="test")
        ax_acc.set(ylim=(0.3, 1.03), xlabel="epoch", ylabel="accuracy")
        ax_acc.grid(True, alpha=0.3)
        ax_acc.set_axisbelow(True)
        # the unit heatmaps: one mosaic image, tile (unit u, layer l) at rows u, columns l
        ru, gap = self.unit_resolution, 3
        self._tile = ru + gap
        h = self.max_width * self._tile - gap
        w = self.SHOWN_LAYERS * self._tile - gap
        cmap = _UNIT_CMAP.with_extremes(bad="#eeeeee")
        units = ax_units.imshow(
            np.full((h, w), np.nan),
            extent=(-0.5, w - 0.5, h - 0.5, -0.5),
            cmap=cmap,
            vmin=-1.0,
            vmax=1.0,
            interpolation="nearest",
            zorder=0.8,
        )
        ax_units.set_axisbelow(True)
        layers = range(self.SHOWN_LAYERS)
        ax_units.set_xticks([k * self._tile + (ru - 1) / 2 for k in layers])
        ax_units.set_xticklabels([f"L{k + 1}" for k in layers], fontsize=9)
        ax_units.set_yticks([u * self._tile + (ru - 1) / 2 for u in range(self.max_width)])
        ax_units.set_yticklabels([str(u + 1) for u in range(self.max_width)], fontsize=9)
        ax_units.tick_params(length=0)
        for side in ax_units.spines.values():
            side.set_visible(False)
        ax_units.set_title("hidden units", fontsize=10)
        ax_units.set(xlabel="layer", ylabel="unit")
        self._frames, self._marks = {}, {}
        for layer in range(self.SHOWN_LAYERS):
            for u in range(self.max_width):
                x0, y0 = layer * self._tile - 1.0, u * self._tile - 1.0
                frame = Rectangle(
                    (x0, y0), ru + 1.0, ru + 1.0, fill=False, lw=1.8, visible=False, zorder=3
                )
                ax_units.add_patch(frame)
                mark = ax_units.text(
                    x0 + (ru + 1) / 2,
                    y0 + (ru + 1) / 2,
                    "",
                    ha="center",
                    va="center",
                    fontsize=9,
                    zorder=4,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
                )
                self._frames[layer, u] = frame
                self._marks[layer, u] = mark
        self._artists = {
            "boundary": image,
            **pts,
            "train_loss": train_loss,
            "test_loss": test_loss,
            "train_accuracy": train_acc,
            "test_accuracy": test_acc,
            "units": units,
            "epoch_title": map_title,
        }

    # -- driving ------------------------------------------------------------------------------
    def _features(self, values):
        return tuple(key for name, key in FEATURE_CONTROLS.items() if values[name])

    def _apply(self, **values):
        """Explorer update: apply the controls to the trainer, repaint, return the readout."""
        features = self._features(values)
        warning = ""
        if not features:
            warning = "at least one input is needed: keeping the previous inputs"
            features = self.trainer.features
        before = self.trainer.settings
        wanted = {
            "dataset": values["dataset"],
            "noise": float(values["noise"]),
            "activation": values["activation"],
            "width": int(values["width"]),
            "depth": int(values["depth"]),
            "features": features,
            "lr": float(values["lr"]),
            "momentum": float(values["momentum"]),
            "batch_size": int(values["batch_size"]),
        }
        if self.trainer.set(**wanted):
            changed = [k for k in training.STRUCTURE if k in wanted and before[k] != wanted[k]]
            self.last_reset = f"reset: {', '.join(changed)} changed, fresh network at epoch 0"
            self._new_data()
        else:
            self.last_reset = self._reset_note
        self._reset_note = ""
        self._repaint()
        return self._readout(warning)

    def _on_play_value(self, change):
        if change["new"] <= change["old"] or not self.play.playing:
            return  # the stop button rewinds the clock; a late tick after Pause is ignored
        self.tick()

    def _on_playing(self, change):
        self._show_epoch()

    def tick(self):
        """What one tick of Play (or one Step) does: ``epochs_per_tick`` epochs, one repaint.

        The repaint is the base's :meth:`~actlib.widgets.base.Explorer.update`: the moving
        artists are blitted over the cached background (axes, ticks, labels) and the frame is
        sent before the tick returns, so the time a tick takes includes its picture.
        """
        self.trainer.step(self.epochs_per_tick)
        self.ticks += 1
        if self.trainer.diverged:
            self.play.playing = False
        return self.update()

    def run(self, ticks):
        """Run ``ticks`` ticks back to back (a scripted Play); returns the readout."""
        for _ in range(int(ticks)):
            self.trainer.step(self.epochs_per_tick)
            self.ticks += 1
        return self.update()

    def reset(self):
        """Fresh network and data for the current controls (same seed: the same start)."""
        self.trainer.reset()
        self._new_data()
        self._reset_note = "reset: Reset pressed, fresh network at epoch 0"
        return self.update()

    # -- drawing ------------------------------------------------------------------------------
    def _new_data(self):
        tr = self.trainer
        for part, X, y in (("train", tr.X_train, tr.y_train), ("test", tr.X_test, tr.y_test)):
            for c in (0, 1):
                self.lines[f"{part}_{c}"].set_offsets(X[y == c])

    def _repaint(self):
        tr = self.trainer
        if self.lines["train_0"].get_offsets().shape[0] == 0 and tr.epoch == 0:
            self._new_data()
        g = tr.grid(self.resolution, self.extent)
        self.lines["boundary"].set_data(np.nan_to_num(g["proba"], nan=0.5))
        h = tr.history
        ep = np.arange(1, len(h) + 1)
        for key in ("train_loss", "test_loss"):
            self.lines[key].set_data(ep, np.maximum(getattr(h, key), LOSS_FLOOR))
        for key in ("train_accuracy", "test_accuracy"):
            self.lines[key].set_data(ep, getattr(h, key))
        # limits change in steps only, so the axes (the static part of a frame) rarely change
        ax_loss = self.axes[1]
        span = 50
        while span < len(h):
            span *= 2
        if ax_loss.get_xlim() != (0.0, float(span)):
            ax_loss.set_xlim(0.0, float(span))
        self.lines["epoch_title"].set_text(f"P(class 1) at epoch {tr.epoch}")
        self._paint_units()
        self._show_epoch()

    def _paint_units(self):
        tr = self.trainer
        ru = self.unit_resolution
        grid = tr.grid(ru, self.extent)["units"] if ru != self.resolution else None
        if grid is None:
            grid = tr.grid(self.resolution, self.extent)["units"]
        shown = min(self.SHOWN_LAYERS, tr.depth)
        status = tr.unit_status()[:shown] if shown else []
        self.unit_status = status
        mosaic = self.lines["units"].get_array()
        mosaic = np.full(mosaic.shape, np.nan)
        for layer in range(self.SHOWN_LAYERS):
            for u in range(self.max_width):
                frame, mark = self._frames[layer, u], self._marks[layer, u]
                if layer >= shown or u >= tr.width:
                    frame.set_visible(False)
                    mark.set_text("")
                    continue
                a = grid[layer][u]
                top = np.nanmax(np.abs(a)) if np.isfinite(a).any() else 0.0
                tile = a / top if top > 0 else np.zeros_like(a)
                y0, x0 = u * self._tile, layer * self._tile
                mosaic[y0 : y0 + ru, x0 : x0 + ru] = tile[::-1]  # x2 upwards, like the map
                st = status[layer][u]
                if st in _STATUS_STYLE:
                    sty = _STATUS_STYLE[st]
                    frame.set_edgecolor(sty["edgecolor"])
                    frame.set_linestyle(sty["linestyle"])
                    frame.set_visible(True)
                    mark.set_text(sty["label"])
                else:
                    frame.set_visible(False)
                    mark.set_text("")
        self.lines["units"].set_data(mosaic)

    # -- blitting -------------------------------------------------------------------------------
    def _animated(self):
        """The artists a tick changes (the base blits them over the cached background)."""
        ln = self._artists
        return [
            ln["boundary"],
            *(ln[k] for k in ("train_0", "train_1", "test_0", "test_1")),
            ln["epoch_title"],
            *(ln[k] for k in ("train_loss", "test_loss", "train_accuracy", "test_accuracy")),
            ln["units"],
            *self._frames.values(),
            *self._marks.values(),
        ]

    def _show_epoch(self):
        self.epoch_label.value = f"<b>epoch {self.trainer.epoch}</b>"

    def _readout(self, warning=""):
        tr = self.trainer
        h = tr.history
        act = actlib.get(tr.activation)
        arch = " -> ".join(str(s) for s in tr.sizes)
        inputs = ", ".join(tr.features)
        lines = [
            f"{arch}  ({'no hidden layer: a linear model' if tr.depth == 0 else act.name}), "
            f"inputs {inputs}",
            f"{tr.dataset}, noise {tr.noise:g}: {len(tr.y_train)} training + "
            f"{len(tr.y_test)} test points; lr {tr.lr:g}, momentum {tr.momentum:g}, "
            + (
                "full batch"
                if tr.effective_batch_size == len(tr.y_train)
                else f"batches of {tr.effective_batch_size}"
            ),
        ]
        if len(h):
            lines.append(
                f"epoch {tr.epoch}: loss {h.train_loss[-1]:.4f} training, {h.test_loss[-1]:.4f} "
                f"test; accuracy {100 * h.train_accuracy[-1]:.1f} % / "
                f"{100 * h.test_accuracy[-1]:.1f} %"
            )
        else:
            lines.append(
                f"epoch 0: untrained (press Play or Step; {self.epochs_per_tick} epochs per tick)"
            )
        first = tr.epochs_to_separate()
        if first is not None:
            lines.append(f"every training point correct first after epoch {first}")
        if self.unit_status:
            dead = sum(int((s == "dead").sum()) for s in self.unit_status)
            sat = sum(int((s == "saturated").sum()) for s in self.unit_status)
            lines.append(
                f"first {len(self.unit_status)} hidden layer(s): {dead} dead, {sat} saturated units"
            )
        if tr.diverged:
            lines.append("diverged: the loss is no longer finite (lower the learning rate, Reset)")
        if self.last_reset:
            lines.append(self.last_reset)
        if warning:
            lines.append(warning)
        return "\n".join(lines)

    def describe(self):
        """A one-paragraph description of the current picture (the snapshot's alt text)."""
        tr = self.trainer
        h = tr.history
        state = (
            f"after {tr.epoch} epochs, training accuracy {100 * h.train_accuracy[-1]:.0f} %, "
            f"test accuracy {100 * h.test_accuracy[-1]:.0f} %"
            if len(h)
            else "untrained"
        )
        dead = sum(int((s == "dead").sum()) for s in self.unit_status)
        sat = sum(int((s == "saturated").sum()) for s in self.unit_status)
        return (
            f"Training playground, {tr.dataset} data, network {' -> '.join(map(str, tr.sizes))} "
            f"{'(no hidden layer)' if tr.depth == 0 else 'with ' + tr.activation} on inputs "
            f"{', '.join(tr.features)}, {state}. Left: the predicted probability of class 1 over "
            "the input plane with training and test points; middle: training and test loss "
            "and accuracy per epoch; right: each hidden unit's output over the plane "
            f"({dead} dead, {sat} saturated)."
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
        self.output.value = PRE.format(html.escape(self.text))
        return self.text
