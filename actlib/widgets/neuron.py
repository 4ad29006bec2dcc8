"""Note 001's sigmoid neuron on the four binary inputs: which gate do w1, w2, b compute?"""

from __future__ import annotations

import numpy as np

import actlib
from actlib.analysis import CORNERS, gate_name

from .base import Explorer, gg, legend, make_slider, new_canvas

__all__ = ["neuron_explorer"]


def neuron_explorer(w1: float = 20.0, w2: float = 20.0, b: float = -30.0) -> Explorer:
    """Note 001's sigmoid neuron ``g(b + w1*x1 + w2*x2)`` on the four binary inputs.

    Left: ``g`` over the input square (colour) with the decision line ``z = 0`` (where
    ``g = 0.5``). Right: the sigmoid with the four ``z`` values marked. The readout prints the
    truth table and names the gate the neuron computes (threshold 0.5).

    Parameters
    ----------
    w1, w2 : float
        Weights, slider range [-40, 40], step 1.
    b : float
        Bias, slider range [-60, 60], step 1.

    Returns
    -------
    Explorer
        Controls ``w1``, ``w2``, ``b``; lines ``boundary``, ``corners`` (the four ``(z, g(z))``
        markers) and ``image`` (the colour map).
    """
    sig = actlib.sigmoid
    fig, canvas = new_canvas((8.4, 3.4))
    ax_in, ax_z = fig.subplots(1, 2)
    grid = np.linspace(-0.5, 1.5, 81)
    gx1, gx2 = np.meshgrid(grid, grid)
    image = ax_in.imshow(
        np.zeros_like(gx1),
        extent=(-0.5, 1.5, -0.5, 1.5),
        origin="lower",
        cmap="RdBu_r",
        vmin=0,
        vmax=1,
        alpha=0.55,
        interpolation="bilinear",
        zorder=0.6,  # above the axis (no grid here, ticks outside): a frame redraws no ticks
    )
    ax_in.set_axisbelow(True)
    target = np.array([0, 0, 0, 1])
    for t, marker, colour in ((0, "o", "#0072B2"), (1, "s", "#D55E00")):
        pts = CORNERS[target == t]
        ax_in.plot(
            pts[:, 0],
            pts[:, 1],
            marker=marker,
            linestyle="none",
            color=colour,
            markersize=9,
            label=f"_AND = {t}",
        )
    (boundary,) = ax_in.plot([], [], color="black", lw=2, label="_decision line z = 0")
    ax_in.set(xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), xlabel="x1", ylabel="x2")
    ax_in.set_title("g(b + w1 x1 + w2 x2) over the inputs", fontsize="medium")
    fig.colorbar(image, ax=ax_in, shrink=0.8).set_label("g(z)")

    z = np.linspace(-60.0, 60.0, 1201)
    (curve,) = ax_z.plot(z, sig(z), color="#0072B2", label=sig.label())
    (corners,) = ax_z.plot([], [], "o", color="black", label=sig.label(), markersize=6, zorder=3)
    ax_z.axhline(0.5, color="grey", lw=0.8, ls=":", label="_threshold 0.5")
    ax_z.set(xlabel="z", ylabel="g(z)", xlim=(-60, 60), ylim=(-0.05, 1.05))
    ax_z.grid(True, alpha=0.35)
    ax_z.set_title("the four inputs on the sigmoid", fontsize="medium")
    legend(ax_z, [curve], loc="upper left")

    def update(w1: float, w2: float, b: float) -> str:
        image.set_data(sig(b + w1 * gx1 + w2 * gx2))
        if w2 != 0:
            xs = np.array([-0.5, 1.5])
            boundary.set_data(xs, -(b + w1 * xs) / w2)
        elif w1 != 0:
            boundary.set_data([-b / w1, -b / w1], [-0.5, 1.5])
        else:
            boundary.set_data([], [])
        zs = b + CORNERS @ np.array([w1, w2])
        gs = sig(zs)
        corners.set_data(zs, gs)
        out = (gs > 0.5).astype(int)
        rows = [f"w1 = {gg(w1)}, w2 = {gg(w2)}, b = {gg(b)}", "x1 x2      z          g(z)  out"]
        for (x1, x2), zv, gv, o in zip(CORNERS, zs, gs, out, strict=True):
            rows.append(f" {x1:.0f}  {x2:.0f} {zv:6g}  {gv:12.7g}   {o}")
        rows.append(f"computes: {gate_name(out)} (threshold g = 0.5, i.e. z = 0)")
        return "\n".join(rows)

    def alt(ex) -> str:
        v = ex.values()
        gate = ex.text.splitlines()[-1].split(":", 1)[1].split("(")[0].strip()
        return (
            f"Left: the neuron's output g(b + w1 x1 + w2 x2) over the input square for "
            f"w1 = {gg(v['w1'])}, w2 = {gg(v['w2'])}, b = {gg(v['b'])}, with the decision line "
            f"and the four binary inputs; right: the sigmoid with those four inputs' z values "
            f"marked. The neuron computes {gate}."
        )

    sliders = {
        "w1": make_slider("w1", w1, -40, 40, 1),
        "w2": make_slider("w2", w2, -40, 40, 1),
        "b": make_slider("b", b, -60, 60, 1),
    }
    return Explorer(
        title="Note 001's sigmoid neuron: move w1, w2, b",
        figure=fig,
        canvas=canvas,
        sliders=sliders,
        update=update,
        lines={"boundary": boundary, "corners": corners, "image": image, "curve": curve},
        dynamic=[image, boundary, corners],
        alt=alt,
    )
