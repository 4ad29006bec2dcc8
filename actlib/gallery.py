"""The static gallery grid, and the old import path of the gallery explorer.

:func:`grid_figure` draws the static grid of all functions with their derivatives (used by
``notebooks/scripts/make_gallery_grid.py``).

The explorer :class:`~actlib.widgets.gallery.Gallery` (with :func:`options` and
:data:`DEFAULT_X`) lives in :mod:`actlib.widgets.gallery` and :func:`saturation_runs` in
:mod:`actlib.analysis`; they are re-exported here so ``from actlib import gallery`` keeps working.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Affine2D

import actlib
from actlib.analysis import saturation_runs
from actlib.properties import scalar_view
from actlib.widgets.gallery import DEFAULT_X, Gallery, options

__all__ = ["DEFAULT_X", "Gallery", "grid_figure", "options", "saturation_runs"]


# --------------------------------------------------------------------------------------------
# the static grid


def _panel_limits(y, dy):
    low = min(float(np.min(y)), float(np.min(dy)), 0.0)
    high = max(float(np.max(y)), float(np.max(dy)), 0.0)
    high = min(high, 8.0)  # exponential: keep the interesting part
    pad = 0.08 * (high - low or 1.0)
    return low, high, pad


def grid_figure(names=None, x=None, ncols=6, panel=(2.3, 1.9), fig=None, ticks=False):
    """All activations with their derivatives, one small panel each (function solid, derivative
    dashed), like PyTorch's activation images but with derivatives.

    Parameters
    ----------
    names : sequence of str, optional
        Activations to draw; every registry activation by default.
    x : array_like, optional
        The x grid; ``linspace(-5, 5, 500)`` by default (no point falls exactly on a kink,
        where conventions differ between libraries).
    ncols : int
        Panels per row.
    panel : tuple of float
        Size of one panel in inches.
    fig : matplotlib.figure.Figure, optional
        Draw into this figure (a new :class:`~matplotlib.figure.Figure` otherwise).
    ticks : bool
        One matplotlib Axes per panel, with tick labels. The default draws every panel inside a
        single Axes (each curve keeps its own data and gets a transform into its panel), which
        builds and renders several times faster; each panel then prints its y limits in its
        corners, and the x ticks sit at -4, -2, 0, 2, 4.

    Returns
    -------
    matplotlib.figure.Figure
        Every curve is labelled ``view.label()`` / ``view.label(derivative=True)`` and holds the
        unscaled ``(x, f(x))`` data.
    """
    names = list(actlib.ACTIVATIONS) if names is None else [actlib.get(n).name for n in names]
    x = np.linspace(-5.0, 5.0, 500) if x is None else np.asarray(x, dtype=np.float64)
    nrows = -(-len(names) // ncols)
    if fig is None:
        fig = Figure(figsize=(panel[0] * ncols, panel[1] * nrows + 0.4))
    span = f"x from {x[0]:g} to {x[-1]:g}"
    if ticks:
        _grid_axes(fig, names, x, nrows, ncols)
    else:
        _grid_single_axes(fig, names, x, nrows, ncols)
        span += ", ticks at -4, -2, 0, 2, 4"
    fig.suptitle(
        f"actlib activations: f (solid) and f′ (dashed), {span}; vector functions as 1-D slices",
        y=1.0 - 0.12 / fig.get_figheight(),
        va="top",
    )
    return fig


def _grid_axes(fig, names, x, nrows, ncols):
    top = 1.0 - 0.4 / fig.get_figheight()
    axes = fig.subplots(
        nrows,
        ncols,
        squeeze=False,
        gridspec_kw={
            "left": 0.04,
            "right": 0.99,
            "bottom": 0.04,
            "top": top - 0.03,
            "wspace": 0.28,
            "hspace": 0.42,
        },
    ).ravel()
    for ax, name in zip(axes, names, strict=False):
        view = scalar_view(name)
        y, dy = view.value(x), view.derivative(x)
        ax.axhline(0.0, color="0.7", lw=0.6, label="_zero")
        ax.axvline(0.0, color="0.7", lw=0.6, label="_zero")
        ax.plot(x, y, color="tab:blue", lw=1.6, label=view.label())
        ax.plot(x, dy, color="tab:orange", lw=1.2, ls="--", label=view.label(derivative=True))
        ax.set_title(view.pattern if view.is_slice else name, fontsize="small", pad=3)
        low, high, pad = _panel_limits(y, dy)
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(low - pad, high + pad)
        ax.set_xticks([-4.0, -2.0, 0.0, 2.0, 4.0])
        ax.tick_params(labelsize="x-small", pad=1.5)
        ax.yaxis.set_major_locator(MaxNLocator(4))
        ax.grid(True, alpha=0.3)
    for i, ax in enumerate(axes):
        if i >= len(names):
            ax.set_visible(False)
        elif i + ncols < len(names):  # x tick labels only where nothing is below
            ax.xaxis.set_tick_params(labelbottom=False)


def _grid_single_axes(fig, names, x, nrows, ncols):
    top = 1.0 - 0.45 / fig.get_figheight()
    ax = fig.add_axes((0.005, 0.005, 0.99, top - 0.005))
    ax.set_xlim(0, ncols)
    ax.set_ylim(0, nrows)
    ax.set_axis_off()
    # each panel: a box [c + 0.03, c + 0.97] x [r' + 0.04, r' + 0.84] in the big axes' data
    # coordinates (r' counts rows from the bottom); the title sits above the box
    bw, bh = 0.94, 0.80
    x0, x1 = float(x[0]), float(x[-1])
    for i, name in enumerate(names):
        row, col = divmod(i, ncols)
        bx, by = col + 0.03, nrows - row - 1 + 0.04
        view = scalar_view(name)
        y, dy = view.value(x), view.derivative(x)
        low, high, pad = _panel_limits(y, dy)
        lo, hi = low - pad, high + pad
        sx, sy = bw / (x1 - x0), bh / (hi - lo)
        to_box = Affine2D().scale(sx, sy).translate(bx - x0 * sx, by - lo * sy) + ax.transData
        box = Rectangle((bx, by), bw, bh, fill=False, lw=0.8, ec="0.4", transform=ax.transData)
        ax.add_patch(box)
        ax.plot([x0, x1], [0.0, 0.0], color="0.7", lw=0.6, transform=to_box, label="_zero")
        ax.plot([0.0, 0.0], [lo, hi], color="0.7", lw=0.6, transform=to_box, label="_zero")
        for t in (-4.0, -2.0, 2.0, 4.0):
            if x0 < t < x1:
                ax.plot(
                    [t, t],
                    [lo, lo + 0.04 * (hi - lo)],
                    color="0.4",
                    lw=0.6,
                    transform=to_box,
                    label="_tick",
                )
        for data, kw in (
            (y, {"color": "tab:blue", "lw": 1.6, "label": view.label()}),
            (
                dy,
                {
                    "color": "tab:orange",
                    "lw": 1.2,
                    "ls": "--",
                    "label": view.label(derivative=True),
                },
            ),
        ):
            (line,) = ax.plot(x, data, transform=to_box, **kw)
            line.set_clip_path(box)
        ax.text(
            bx + bw / 2,
            by + bh + 0.03,
            view.pattern if view.is_slice else name,
            ha="center",
            va="bottom",
            fontsize="small",
        )
        for value, yy, va in ((high, by + bh - 0.02, "top"), (low, by + 0.02, "bottom")):
            ax.text(bx + 0.02, yy, f"{value:.3g}", ha="left", va=va, fontsize=6.5, color="0.35")
