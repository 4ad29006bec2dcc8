"""Saturation: what fraction of a batch lands where the activation's gradient vanishes."""

from __future__ import annotations

import numpy as np

import actlib
from actlib import plotting
from actlib.analysis import saturation_batches

from .base import Explorer, gg, make_slider, new_canvas

__all__ = ["saturation_explorer"]


def saturation_explorer(name: str = "sigmoid", scale: float = 10.0) -> Explorer:
    """What fraction of a batch lands where the activation saturates (note 000's claim).

    "Saturated" is one definition for every activation: ``|f'(z)|`` below 1 % of its peak.
    That is ``|z| > 5.99`` for sigmoid and ``|z| > 2.99`` for tanh; for relu it is ``z < 0``
    where the gradient is exactly 0, whatever the scale. The batch is
    :func:`actlib.analysis.saturation_batches`.

    Parameters
    ----------
    name : {"sigmoid", "tanh", "relu"}
        Activation.
    scale : float
        Spread of the raw input features, slider [0.5, 50], step 0.5.

    Returns
    -------
    Explorer
        Control ``scale``; lines ``raw`` and ``norm`` (the first 150 samples on the curve,
        labelled ``act.label()``), ``bars`` (the two fractions).
    """
    act = actlib.get(name)
    if act.name not in ("sigmoid", "tanh", "relu"):
        raise ValueError(f"saturation_explorer supports sigmoid, tanh and relu, not {name!r}")
    z_base, z_norm = saturation_batches(1.0)
    if act.name == "relu":
        edge = 0.0
        saturated = lambda z: z < 0  # noqa: E731
        rule = "f'(z) = 0 exactly for z < 0"
    else:
        edge = plotting.saturation_edge(act, 0.01)
        saturated = lambda z: np.abs(z) > edge  # noqa: E731
        rule = f"|f'(z)| < 1 % of its peak for |z| > {edge:.2f}"
    fig, canvas = new_canvas((8.4, 3.2))
    ax_c, ax_b = fig.subplots(1, 2, width_ratios=(2.2, 1))
    zz = np.linspace(-15.0, 15.0, 1001)
    (curve,) = ax_c.plot(zz, act(zz), color="black", lw=1.5, label=act.label())
    if act.name == "relu":
        ax_c.axvspan(-15, 0, color="#D55E00", alpha=0.12, lw=0, label="saturated (f' = 0)")
    else:
        ax_c.axvspan(-15, -edge, color="#D55E00", alpha=0.12, lw=0, label="saturated")
        ax_c.axvspan(edge, 15, color="#D55E00", alpha=0.12, lw=0)
    k = 150
    (raw_pts,) = ax_c.plot([], [], "o", ms=3, alpha=0.6, color="#E69F00", label=act.label())
    (norm_pts,) = ax_c.plot(
        z_norm[:k], act(z_norm[:k]), "o", ms=3, alpha=0.6, color="#0072B2", label=act.label()
    )
    ax_c.set(xlim=(-15, 15), xlabel="pre-activation z", ylabel="f(z)")
    ax_c.set_title(f"{act.name}: where a batch lands", fontsize="medium")
    ax_c.grid(True, alpha=0.35)
    ax_c.legend(
        handles=[curve, raw_pts, norm_pts],
        labels=[act.label(), "raw batch", "normalised batch"],
        fontsize="small",
        loc="upper left",
    )
    bars = ax_b.bar([0, 1], [0.0, 0.0], color=["#E69F00", "#0072B2"])
    for bar in bars:
        bar.set_zorder(1.6)  # above the grid, so the grid is not redrawn with them
    ax_b.set_xticks([0, 1], ["raw", "normalised"])
    ax_b.set(ylim=(0, 1), xlabel="batch", ylabel="fraction saturated")
    ax_b.grid(True, axis="y", alpha=0.35)
    frac_norm = float(np.mean(saturated(z_norm)))

    def update(scale: float) -> str:
        z_raw = scale * z_base
        raw_pts.set_data(z_raw[:k], act(z_raw[:k]))
        frac_raw = float(np.mean(saturated(z_raw)))
        bars[0].set_height(frac_raw)
        bars[1].set_height(frac_norm)
        return "\n".join(
            [
                f"{act.name}: saturated where {rule}",
                f"input scale {gg(scale)}: std(z) raw = {np.std(z_raw):.2f}, "
                f"normalised = {np.std(z_norm):.2f}",
                f"saturated: raw batch {100 * frac_raw:.1f} %, "
                f"normalised batch {100 * frac_norm:.1f} %",
            ]
        )

    def alt(ex) -> str:
        h = [b.get_height() for b in bars]
        return (
            f"Left: {act.name} with its saturated region shaded and 150 samples of a batch with "
            f"input scale {gg(ex.values()['scale'])} (orange) and of the normalised batch "
            f"(blue) on the curve; right: bars of the saturated fractions, "
            f"{100 * h[0]:.0f} % raw and {100 * h[1]:.0f} % normalised."
        )

    return Explorer(
        title=f"{act.name}: input scale vs saturation",
        figure=fig,
        canvas=canvas,
        sliders={"scale": make_slider("scale", scale, 0.5, 50.0, 0.5, description="input scale")},
        update=update,
        lines={"raw": raw_pts, "norm": norm_pts, "bars": bars, "curve": curve},
        dynamic=[raw_pts, bars],
        alt=alt,
    )
