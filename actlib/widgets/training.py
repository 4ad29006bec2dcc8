"""Training: a small MLP trained on a 2-D data set, and the all-activations comparison.

:class:`TrainingPlayground` is an :class:`~actlib.widgets.base.Explorer`: its controls rebuild
the data and a fresh network, **Train** runs epochs in chunks and shows every chunk through
:meth:`~actlib.widgets.base.Explorer.refresh` (blitted). Training runs only when asked.
"""

from __future__ import annotations

import html

import ipywidgets as ipw
import numpy as np

import actlib
from actlib import datasets, networks

from .base import PRE, Explorer, dropdown, legend, make_slider, new_canvas

__all__ = [
    "BATCH_SIZES",
    "LEARNING_RATES",
    "NOT_TRAINABLE",
    "ComparisonRunner",
    "TrainingPlayground",
    "trainable_activations",
]

LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
"""The learning-rate grid of the training playground."""

BATCH_SIZES = (("full batch", 0), ("10", 10), ("25", 25), ("50", 50))
"""Batch-size options of the training playground (0 = full batch)."""

NOT_TRAINABLE = {
    "step": "derivative 0 everywhere: gradient descent gets no signal",
    "threshold": "derivative 0 below the threshold 1.0, where every unit of a fresh network sits",
}
"""Elementwise activations left out of the playground, with the reason."""


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
        legend(ax_loss, [loss_line], loc="upper right")
        (acc_line,) = ax_acc.plot([], [], color="tab:green", label="training accuracy")
        (silent_line,) = ax_acc.plot(
            [], [], color="tab:red", label="silent units (z <= 0 on all points)"
        )
        ax_acc.set(xlabel="epoch", ylim=(-0.02, 1.02))
        ax_acc.grid(True, alpha=0.35)
        legend(ax_acc, [acc_line, silent_line], loc="center right", fontsize="x-small")
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
            "dataset": dropdown(datasets.DATASETS, dataset, "data"),
            "activation": dropdown(options, activation, "hidden activation"),
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
            dynamic=[loss_line, acc_line, silent_line, image, points],
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
                self.show_text(self._progress_text(done, total, diverged))
                self._refresh_artists()
                if live:
                    self.refresh()
                if diverged:
                    break
        finally:
            self.train_button.disabled = False
        self.refresh()
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
