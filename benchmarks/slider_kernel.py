"""Kernel-side slider timing; runs *inside* an IPython kernel (see :mod:`benchmarks.sliders`).

Every target is displayed first (``display(...)``), then told ``{"type": "initialized"}`` and
asked for a first full frame, as a connected front end does (ipympl then sends diffs and stops
re-encoding its saved state). One update is what the kernel does between a slider value arriving
and the repainted canvas leaving:

* every explorer of the notebooks (:data:`NOTEBOOK_EXPLORERS`): ``control.value = v``, which
  computes, moves the artists, writes the readout and blits them over the cached background
  (or draws fully when the background changed), then ``refresh_all`` sends the PNG diff; the
  split into compute / draw / PNG comes from timing ``Explorer.refresh`` and ``refresh_all``;
* the textbook ipympl figure (:func:`textbook_figure`): ``observe`` -> ``set_ydata`` ->
  ``draw_idle``, plus the front end's ``{"type": "draw"}`` request it causes (full Agg draw and
  PNG diff);
* the blitting recipe on the same figure (``restore_region`` + ``draw_artist`` + ``blit``);
* ``interact`` + ``%matplotlib inline`` re-plotting the same figure (:func:`interact_figure`).

The targets take turns press by press, so a change of the machine's load hits all of them.
Both wall time and the kernel process's CPU time are recorded: on a shared machine the wall
time also counts the time slices other processes got, the CPU time is the kernel's own work.
"""

from __future__ import annotations

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


X_POINTS = 1000
"""Points per curve of the baseline figures (as ``scaled_explorer``)."""


def textbook_figure(*, blit=False):
    """The 1x2-panel figure ``sigmoid(w x)`` and its slope with a slider ``w``, done two ways.

    ``blit=False`` is the textbook ipympl explorer: ``slider.observe`` -> ``set_ydata`` ->
    ``fig.canvas.draw_idle()`` (the front end then asks the kernel for a full draw).
    ``blit=True`` is matplotlib's blitting recipe on the same figure: animated lines, the
    background saved in ``draw_event`` with ``copy_from_bbox``, each change drawn with
    ``restore_region`` + ``draw_artist`` + ``canvas.blit()``.

    Returns
    -------
    box, slider, canvas, lines
    """
    import ipywidgets as widgets

    import actlib
    from actlib.widgets import new_canvas

    x = np.linspace(-10.0, 10.0, X_POINTS)
    fig, canvas = new_canvas((8.4, 3.2), layout="none")
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.9, wspace=0.25)
    a1, a2 = fig.subplots(1, 2)
    (l1,) = a1.plot(x, actlib.sigmoid(x), animated=blit)
    (l2,) = a2.plot(x, actlib.sigmoid.derivative(x), color="tab:orange", animated=blit)
    a1.set(ylim=(-0.05, 1.05), xlabel="x", ylabel="sigmoid(w x)")
    a2.set(ylim=(-0.2, 5.5), xlabel="x", ylabel="slope")
    for a in (a1, a2):
        a.grid(True, alpha=0.35)
    slider = widgets.FloatSlider(
        value=1.0, min=0.1, max=20.0, step=0.1, description="w", continuous_update=True
    )
    state = {"background": None}

    def on_draw(event):
        state["background"] = canvas.copy_from_bbox(fig.bbox)
        a1.draw_artist(l1)
        a2.draw_artist(l2)

    if blit:
        canvas.mpl_connect("draw_event", on_draw)

    def on_change(change):
        w = change["new"]
        l1.set_ydata(actlib.sigmoid(w * x))
        l2.set_ydata(w * actlib.sigmoid.derivative(w * x))
        if blit and state["background"] is not None:
            canvas.restore_region(state["background"])
            a1.draw_artist(l1)
            a2.draw_artist(l2)
            canvas.blit(fig.bbox)
        else:
            canvas.draw_idle()

    slider.observe(on_change, names="value")
    return widgets.VBox([canvas, slider]), slider, canvas, (l1, l2)


def interact_figure():
    """``interact`` + ``%matplotlib inline``: the same 1x2 figure re-plotted with pyplot."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    import actlib

    x = np.linspace(-10.0, 10.0, X_POINTS)

    def plot(w=1.0):
        _, (a1, a2) = plt.subplots(1, 2, figsize=(8.4, 3.2))
        a1.plot(x, actlib.sigmoid(w * x))
        a2.plot(x, w * actlib.sigmoid.derivative(w * x), color="tab:orange")
        a1.set(ylim=(-0.05, 1.05), xlabel="x", ylabel="sigmoid(w x)")
        a2.set(ylim=(-0.2, 5.5), xlabel="x", ylabel="slope")
        for a in (a1, a2):
            a.grid(True, alpha=0.35)
        plt.show()

    slider = widgets.FloatSlider(
        value=1.0, min=0.1, max=20.0, step=0.1, description="w", continuous_update=True
    )
    return widgets.interactive(plot, w=slider), slider


#: Every explorer the notebooks show: ``(label, constructor source, slider driven)``; the
#: source is evaluated with ``W = actlib.widgets``.
NOTEBOOK_EXPLORERS = (
    ("neuron_explorer (01)", "W.neuron_explorer(w1=20, w2=20, b=-30)", "b"),
    ("scaled_explorer('sigmoid') (02)", "W.scaled_explorer('sigmoid')", "w"),
    ("saturation_explorer('sigmoid') (02)", "W.saturation_explorer('sigmoid')", "scale"),
    ("scaled_explorer('tanh') (03)", "W.scaled_explorer('tanh')", "w"),
    ("saturation_explorer('tanh') (03)", "W.saturation_explorer('tanh')", "scale"),
    ("parameter_explorer('leaky_relu') (04)", "W.parameter_explorer('leaky_relu')", "alpha"),
    ("maxout_explorer (04)", "W.maxout_explorer()", "w1"),
    ("temperature_explorer (05)", "W.temperature_explorer(T=1.0)", "T"),
    ("depth_explorer (06)", "W.depth_explorer(depth=3)", "depth"),
    ("HistogramExplorer (07)", "W.HistogramExplorer('tanh', 'xavier', depth=5)", "depth"),
    ("GradientExplorer (08)", "W.GradientExplorer('sigmoid', 'xavier', depth=10)", "depth"),
    ("SparsityExplorer (09)", "W.SparsityExplorer(init='he', bias=0.0, depth=10)", "bias"),
    ("LSTMGateExplorer (12)", "W.LSTMGateExplorer()", "z_i"),
    ("Gallery('sigmoid') (13)", "W.Gallery('sigmoid', threshold=0.05)", "threshold"),
)


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
    """``(label, factory, slider name)`` for every explorer the notebooks show."""
    from actlib import widgets as W

    specs = [
        (label, (lambda src=src: eval(src, {"W": W})), key)
        for label, src, key in NOTEBOOK_EXPLORERS
    ]
    if smoke:
        specs = [s for s in specs if s[0].startswith("scaled_explorer('sigmoid')")]
    return specs


class _Timer:
    """Wraps ``obj.name`` to add up the wall time spent in it."""

    def __init__(self, obj, name):
        self.total = 0.0
        original = getattr(obj, name)

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.total += time.perf_counter() - t

        setattr(obj, name, timed)

    def take(self):
        t, self.total = self.total, 0.0
        return t


def _lines(fig):
    out = []
    for a in fig.axes:
        out += a.get_lines()
    return out


def _connect(canvas):
    """Tell the canvas a front end is there (ipympl then sends diffs, stops re-encoding its
    saved state) and draw the first full frame, as on first show."""
    canvas._handle_message(canvas, {"type": "initialized"}, [])
    canvas._handle_message(canvas, {"type": "draw"}, [])


def run(presses=30, smoke=False):
    """Kernel CPU and wall time per slider update: every explorer, the textbook ipympl figure,
    the blitting recipe and interact + inline, interleaved press by press; JSON-able dict."""
    import matplotlib
    import matplotlib.pyplot as plt
    from IPython.display import display

    results = {"backend": matplotlib.get_backend(), "presses": presses, "explorers": []}
    targets = []  # (label, kind, control, step(v) -> None, extra)
    for blit in (False, True):
        box, slider, canvas, _ = textbook_figure(blit=blit)
        display(box)
        _connect(canvas)

        def step(v, slider=slider, canvas=canvas, blit=blit):
            slider.value = v
            if not blit:  # draw_idle asked the front end; it sends this request back
                canvas._handle_message(canvas, {"type": "draw"}, [])

        label = "blitting recipe" if blit else "textbook ipympl (draw_idle)"
        targets.append((label, "baseline", slider, step, {"canvas": canvas}))
    inter, proxy = interact_figure()
    display(inter)
    targets.append(
        ("interact + inline", "baseline", proxy, lambda v: setattr(proxy, "value", v), {})
    )
    for label, factory, key in default_explorers(smoke):
        try:
            ex = factory()
            display(ex)
            _connect(ex.canvas)
            k, control = _numeric_slider(ex, key)
        except Exception as exc:  # report, do not hide: the table says which explorer failed
            results["explorers"].append({"explorer": label, "error": repr(exc)})
            continue
        extra = {
            "explorer": ex,
            "key": k,
            "refresh": _Timer(ex, "refresh"),
            "png": _Timer(ex.canvas.manager, "refresh_all"),
            "kinds": [],
        }
        targets.append(
            (label, "explorer", control, lambda v, c=control: setattr(c, "value", v), extra)
        )
    values = {t[0]: _values(t[2], presses) for t in targets}
    timings = {label: [] for label, *_ in targets}
    for i in range(presses):
        for label, kind, _control, step, extra in targets:
            v = values[label][i]
            c0 = time.process_time()
            t0 = time.perf_counter()
            step(v)
            t1 = time.perf_counter()
            c1 = time.process_time()
            row = [t1 - t0, c1 - c0]
            if kind == "explorer":
                draw, png = extra["refresh"].take(), extra["png"].take()
                row += [t1 - t0 - draw, draw - png, png]
                extra["kinds"].append(extra["explorer"].last_draw)
            timings[label].append(row)
    plt.close("all")
    ms = lambda a: (np.asarray(a) * 1e3).tolist()  # noqa: E731
    base = {}
    for label, kind, *_ in targets:
        rows = np.array(timings[label])
        if kind == "baseline":
            base[label] = {"wall_ms": ms(rows[:, 0]), "cpu_ms": ms(rows[:, 1])}
    results["baselines"] = base
    interact = base["interact + inline"]
    for label, kind, _control, _step, extra in targets:
        if kind != "explorer":
            continue
        rows = np.array(timings[label])
        ex = extra["explorer"]
        points = max([len(ln.get_xdata()) for ln in _lines(ex.figure)] or [0])
        kinds = extra["kinds"]
        results["explorers"].append(
            {
                "explorer": label,
                "slider": extra["key"],
                "points": points,
                "canvas_px": [int(v) for v in ex.canvas.get_width_height(physical=True)],
                "explorer_ms": ms(rows[:, 0]),
                "explorer_cpu_ms": ms(rows[:, 1]),
                "update_ms": ms(rows[:, 2]),
                "agg_draw_ms": ms(rows[:, 3]),
                "png_diff_ms": ms(rows[:, 4]),
                "blitted_fraction": kinds.count("blit") / max(len(kinds), 1),
                "interact_ms": interact["wall_ms"],
                "interact_cpu_ms": interact["cpu_ms"],
            }
        )
    return results
