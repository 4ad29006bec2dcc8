"""Kernel-side slider timing; runs *inside* an IPython kernel (see :mod:`benchmarks.sliders`).

Each explorer is displayed first (``display(ex)``), as a notebook cell shows it. For each
explorer, one update is what the kernel does between a slider value arriving and the
repainted canvas leaving:

1. ``slider.value = v``: the explorer's observer computes the new data, moves the artists,
   writes the readout and calls ``draw_idle`` (which asks the front end to request a draw);
2. the front end's ``{"type": "draw"}`` request, handled exactly as ipympl does: Agg draw of the
   figure, then ``refresh_all``: the PNG diff against the previous frame, sent as a binary
   comm message.

The canvas is first told ``{"type": "initialized"}`` as a connected front end does, so ipympl
sends diffs and stops re-encoding a full PNG for its saved state on every frame.

The baseline is the pre-explorer way: ``ipywidgets.interactive`` around a function that
re-plots the same figure with pyplot (rebuilt artist by artist from a second, hidden instance
of the explorer, which does the same computation), shown by the inline backend as a PNG
(``bbox_inches="tight"``) in the interact's Output widget. One update is the slider's value
change, which runs the whole thing synchronously.

Both wall time and the kernel process's CPU time are recorded: on a shared machine the wall
time also counts the time slices other processes got, the CPU time is the kernel's own work.
"""

from __future__ import annotations

import inspect
import time

import numpy as np


def _numeric_slider(ex, name=None):
    import ipywidgets as widgets

    items = ex.sliders.items()
    for key, control in items:
        if name is not None and key != name:
            continue
        if isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
            return key, control
    raise LookupError("explorer has no numeric slider")


def _values(control, count):
    """``count`` values one step apart (as arrow-key presses), bouncing inside the range."""
    vals, v, direction = [], control.value, 1
    for _ in range(count):
        nxt = v + direction * control.step
        if nxt > control.max or nxt < control.min:
            direction = -direction
            nxt = v + direction * control.step
        nxt = round(nxt, 10)
        if isinstance(control.value, int):
            nxt = int(nxt)
        vals.append(nxt)
        v = nxt
    return vals


def replot(src, plt):
    """A new pyplot figure like ``src``: same size, layout engine, subplot grid and artists.

    Lines, bar rectangles, images (with their colorbars), scatter points, texts, scales,
    limits, titles, labels, grids and legends are copied; what this misses is styling detail
    that does not change the cost of drawing.
    """
    from matplotlib.collections import PathCollection
    from matplotlib.patches import Rectangle

    w, h = src.get_size_inches()
    engine = src.get_layout_engine()
    layout = "constrained" if type(engine).__name__ == "ConstrainedLayoutEngine" else None
    fig = plt.figure(figsize=(w, h), dpi=src.dpi, layout=layout)
    colorbars = []
    for a in src.axes:
        if hasattr(a, "_colorbar"):
            colorbars.append(a)
            continue
        spec = a.get_subplotspec()
        if spec is None:
            ax = fig.add_axes(a.get_position().bounds)
        else:
            gs = spec.get_gridspec()
            ax = fig.add_subplot(gs.nrows, gs.ncols, spec.num1 + 1)
        for im in a.images:
            new_im = ax.imshow(
                im.get_array(),
                extent=im.get_extent(),
                origin=im.origin,
                cmap=im.get_cmap(),
                norm=im.norm,
                alpha=im.get_alpha(),
                interpolation=im.get_interpolation(),
                aspect=a.get_aspect(),
            )
            if colorbars or any(hasattr(b, "_colorbar") for b in src.axes):
                fig.colorbar(new_im, ax=ax, shrink=0.8)
        for p in a.patches:
            if isinstance(p, Rectangle):
                ax.add_patch(
                    Rectangle(
                        p.get_xy(), p.get_width(), p.get_height(), facecolor=p.get_facecolor()
                    )
                )
        for c in a.collections:
            if isinstance(c, PathCollection) and len(c.get_offsets()):
                off = np.asarray(c.get_offsets())
                ax.scatter(off[:, 0], off[:, 1], s=9, color=c.get_facecolor()[:1])
        for ln in a.get_lines():
            ax.plot(
                ln.get_xdata(),
                ln.get_ydata(),
                color=ln.get_color(),
                lw=ln.get_linewidth(),
                ls=ln.get_linestyle(),
                marker=ln.get_marker(),
                ms=ln.get_markersize(),
                alpha=ln.get_alpha(),
                label=ln.get_label(),
                zorder=ln.get_zorder(),
            )
        for t in a.texts:
            ax.text(*t.get_position(), t.get_text(), fontsize=t.get_fontsize())
        ax.set_xscale(a.get_xscale())
        ax.set_yscale(a.get_yscale())
        ax.set_xlim(a.get_xlim())
        ax.set_ylim(a.get_ylim())
        ticks = a.get_xticklabels()
        if any(t.get_text() for t in ticks) and a.get_xscale() == "linear":
            ax.set_xticks(a.get_xticks(), [t.get_text() for t in ticks])
        ax.set_title(a.get_title(), fontsize="medium")
        ax.set_xlabel(a.get_xlabel())
        ax.set_ylabel(a.get_ylabel())
        if any(g.get_visible() for g in a.get_xgridlines() + a.get_ygridlines()):
            ax.grid(True, alpha=0.35)
        if a.get_legend() is not None:
            ax.legend(fontsize="small", loc="upper left")
    return fig


def default_explorers(smoke=False):
    """``(label, factory, slider name or None)`` for every explorer in actlib.widgets."""
    from actlib import widgets as W

    specs = []
    for name in W.__all__:
        if not name.endswith("_explorer"):
            continue
        fn = getattr(W, name)
        required = [
            p
            for p in inspect.signature(fn).parameters.values()
            if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        if name == "parameter_explorer":
            specs.append(("parameter_explorer('elu')", lambda fn=fn: fn("elu"), "alpha"))
        elif name == "scaled_explorer":
            specs.append(("scaled_explorer('sigmoid')", lambda fn=fn: fn("sigmoid"), "w"))
        elif not required:
            specs.append((f"{name}()", fn, None))
    try:
        from actlib import gallery

        specs.append(("gallery.Gallery('elu')", lambda: gallery.Gallery("elu"), None))
    except Exception:  # the gallery is another helper's module; time it only when it works
        pass
    if smoke:
        specs = [s for s in specs if s[0].startswith("scaled_explorer")]
    return specs


def _lines(fig):
    out = []
    for a in fig.axes:
        out += a.get_lines()
    return out


def _time_pair(factory, slider, presses, plt):
    """Explorer updates and interact-baseline updates, interleaved press by press."""
    import ipywidgets as widgets
    from IPython.display import display
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    ex = factory()
    display(ex)  # as a notebook shows it (an explorer may prepare its figure for redraws here)
    canvas = ex.canvas
    canvas._handle_message(canvas, {"type": "initialized"}, [])
    canvas._handle_message(canvas, {"type": "draw"}, [])  # first full frame
    key, control = _numeric_slider(ex, slider)
    points = max([len(ln.get_xdata()) for ln in _lines(ex.figure)] or [0])

    shadow = factory()
    proxy = (widgets.IntSlider if isinstance(control.value, int) else widgets.FloatSlider)(
        value=control.value, min=control.min, max=control.max, step=control.step
    )

    def plot(**kw):
        shadow.set(**kw)
        replot(shadow.figure, plt)
        plt.show()  # the inline backend renders the PNG and closes the figure

    baseline = widgets.interactive(plot, **{key: proxy})
    display(baseline)

    rows = []
    for v in _values(control, presses):
        c0 = time.process_time()
        t0 = time.perf_counter()
        control.value = v
        t1 = time.perf_counter()
        FigureCanvasAgg.draw(canvas)
        t2 = time.perf_counter()
        canvas._png_is_old = True
        canvas.manager.refresh_all()
        t3 = time.perf_counter()
        c3 = time.process_time()
        proxy.value = v
        t4 = time.perf_counter()
        c4 = time.process_time()
        rows.append((t3 - t0, t1 - t0, t2 - t1, t3 - t2, t4 - t3, c3 - c0, c4 - c3))
    # The same draws with the layout frozen after the first one (what that fix would save).
    frozen = []
    # (set_layout_engine("none") leaves a PlaceHolderLayoutEngine: test for a real solver)
    if type(ex.figure.get_layout_engine()).__name__ == "ConstrainedLayoutEngine":
        ex.figure.set_layout_engine("none")
        for v in _values(control, min(presses, 6)):
            control.value = v
            t0 = time.perf_counter()
            FigureCanvasAgg.draw(canvas)
            frozen.append(time.perf_counter() - t0)
    plt.close("all")
    size = [int(v) for v in canvas.get_width_height(physical=True)]
    return key, np.array(rows), points, size, frozen


def run(presses=30, smoke=False):
    """Time every explorer and its interact baseline; returns a JSON-able dict."""
    import matplotlib
    import matplotlib.pyplot as plt

    results = {"backend": matplotlib.get_backend(), "presses": presses, "explorers": []}
    for label, factory, slider in default_explorers(smoke):
        try:
            key, rows, points, size, frozen = _time_pair(factory, slider, presses, plt)
        except Exception as exc:  # report, do not hide: the table says which explorer failed
            results["explorers"].append({"explorer": label, "error": repr(exc)})
            continue
        results["explorers"].append(
            {
                "explorer": label,
                "slider": key,
                "points": points,
                "canvas_px": size,
                "explorer_ms": (rows[:, 0] * 1e3).tolist(),
                "update_ms": (rows[:, 1] * 1e3).tolist(),
                "agg_draw_ms": (rows[:, 2] * 1e3).tolist(),
                "png_diff_ms": (rows[:, 3] * 1e3).tolist(),
                "interact_ms": (rows[:, 4] * 1e3).tolist(),
                "explorer_cpu_ms": (rows[:, 5] * 1e3).tolist(),
                "interact_cpu_ms": (rows[:, 6] * 1e3).tolist(),
                "agg_draw_frozen_layout_ms": [1e3 * t for t in frozen],
            }
        )
    return results
