"""Softmax temperature: small T sharpens towards one-hot, large T flattens towards uniform."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

import actlib
from actlib import plotting

from .base import Explorer, gg, legend, make_slider, new_canvas

__all__ = ["NOTE_003_SCORES", "temperature_explorer"]

#: The ten scores of note 003's softmax example.
NOTE_003_SCORES = (0.2, 0.02, 0.15, 0.15, 1.3, 0.5, 0.06, 1.1, 0.05, 3.75)


def temperature_explorer(scores: Sequence[float] = NOTE_003_SCORES, T: float = 1.0) -> Explorer:
    """Bar chart of ``softmax(scores / T)``: small T sharpens to one-hot, large T flattens.

    Parameters
    ----------
    scores : sequence of float
        Logits (default: note 003's ten scores).
    T : float
        Temperature, slider [0.1, 10], step 0.1.

    Returns
    -------
    Explorer
        Control ``T``; ``lines["bars"]`` is the BarContainer (heights = probabilities),
        ``lines["uniform"]`` the dotted ``1/n`` line (in the legend as ``uniform 1/n = ...``).
    """
    s = np.asarray(scores, dtype=float)
    n = s.size
    fig, canvas = new_canvas((7.2, 3.2))
    ax = fig.subplots()
    bars = plotting.probability_bars(ax, np.full(n, 1.0 / n), annotate=False)
    for bar in bars:
        bar.set_zorder(1.6)  # above the grid, so the grid is not redrawn with them
    (uniform,) = ax.plot(
        [-0.5, n - 0.5], [1.0 / n] * 2, "k:", lw=1.2, label=f"uniform 1/n = {1.0 / n:.3g}"
    )
    ax.set_xlabel("class")
    ax.set_title("softmax(scores / T)")
    legend(ax, [uniform], loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)

    def update(T: float) -> str:
        p = actlib.softmax(s / T)
        for bar, h in zip(bars, p, strict=True):
            bar.set_height(h)
        ent = float(-np.sum(p * np.log(np.where(p > 0, p, 1.0))))
        top = int(np.argmax(p))
        return "\n".join(
            [
                f"T = {gg(T)}",
                "p = [" + ", ".join(f"{v:.4f}" for v in p) + "]",
                f"argmax = class {top}, p_max = {p[top]:.4f}",
                f"entropy = {ent:.4f} nats (uniform: {np.log(n):.4f})",
            ]
        )

    def alt(ex) -> str:
        p = np.array([b.get_height() for b in bars])
        top = int(np.argmax(p))
        return (
            f"Bars of softmax(scores / T) over {n} classes at temperature "
            f"T = {gg(ex.values()['T'])}: class {top} gets {p[top]:.2f}, the others "
            f"{p[np.arange(n) != top].min():.3f} to {p[np.arange(n) != top].max():.3f}; a dotted "
            f"line marks the uniform 1/n = {1.0 / n:.3g}."
        )

    return Explorer(
        title="Softmax temperature",
        figure=fig,
        canvas=canvas,
        sliders={"T": make_slider("T", T, 0.1, 10.0, 0.1, description="temperature T")},
        update=update,
        lines={"bars": bars, "uniform": uniform},
        dynamic=[bars],
        alt=alt,
    )
