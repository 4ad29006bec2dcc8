"""Kernel-side recorder of everything the notebooks draw (loaded into the kernel by
``tests/test_notebooks_plots.py``; it imports matplotlib and NumPy only, never actlib).

:func:`install` wraps

* ``Figure.__init__``: every figure is remembered, in creation order;
* ``Figure.draw``: the figure's state is recorded just before *every* render (inline PNGs,
  ``savefig``, explorer snapshots, ipympl redraws), so intermediate states within a cell count;
* ``Legend.__init__``: the legend keeps its original handles, so later label changes can be
  compared with the legend's texts;

and registers an IPython ``post_execute`` hook that records every figure after each cell.
:func:`sweep_explorers` then drives every explorer the notebook built (found in the user
namespace through the explorer contract: ``set``, ``sliders``, ``figure``) through every control's
range, one control at a time, recording after each ``set(...)``.

A record is the state of one axes (or of a figure's own texts): lines (labelled or not, full
data), patches (rectangles, polygons, spans, bars), texts and annotations (with positions), images
(array, colour limits, extent), collections (offsets, paths, array), limits and scales, title and
axis labels, legend texts with the labels of the legend's original handles. States are recorded
only when they changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json

import numpy as np

FIGURES: list = []
RECORDS: list[dict] = []
EXPLORERS: list[dict] = []
_SEEN: dict = {}
_CELL = [0]
_PHASE = ["cell"]
_BUSY = [False]


def _arr(values) -> list:
    try:
        a = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return [str(v) for v in np.ravel(np.asarray(values, dtype=object))]
    return [None if np.isnan(v) else float(v) for v in a.ravel()]


def _num(v):
    try:
        v = float(v)
    except (TypeError, ValueError):
        return str(v)
    return None if v != v else v


def _color(c) -> str:
    from matplotlib.colors import to_hex

    try:
        return to_hex(c, keep_alpha=True)
    except (TypeError, ValueError):
        return str(c)


def _data_coords(artist) -> list[bool]:
    """Whether the artist's x and y are in data coordinates (an axhline's x is not)."""
    if artist.axes is None:
        return [True, True]
    bx, by = artist.get_transform().contains_branch_seperately(artist.axes.transData)
    return [bool(bx), bool(by)]


def _line(line) -> dict:
    return {
        "label": str(line.get_label()),
        "x": _arr(line.get_xdata()),
        "y": _arr(line.get_ydata()),
        "marker": str(line.get_marker()),
        "linestyle": str(line.get_linestyle()),
        "color": _color(line.get_color()),
        "visible": bool(line.get_visible()),
        "data_coords": _data_coords(line),
    }


def _patch(p) -> dict:
    from matplotlib import patches as mp

    rec = {
        "type": type(p).__name__,
        "label": str(p.get_label()),
        "visible": bool(p.get_visible()),
        "facecolor": _color(p.get_facecolor()),
    }
    if isinstance(p, mp.Rectangle):
        rec.update(x=_num(p.get_x()), y=_num(p.get_y()), w=_num(p.get_width()))
        rec["h"] = _num(p.get_height())
    elif isinstance(p, mp.Polygon):
        rec["xy"] = [_arr(row) for row in np.asarray(p.get_xy())]
    elif isinstance(p, mp.Wedge):
        rec.update(center=_arr(p.center), r=_num(p.r), theta=[_num(p.theta1), _num(p.theta2)])
    else:
        rec["vertices"] = [_arr(v) for v in p.get_path().vertices[:200]]
    rec["data_coords"] = _data_coords(p)
    return rec


def _text(t) -> dict:
    rec = {
        "type": type(t).__name__,
        "text": t.get_text(),
        "position": _arr(t.get_position()),
        "visible": bool(t.get_visible()),
    }
    xy = getattr(t, "xy", None)
    if xy is not None:
        rec["xy"] = _arr(xy)
    return rec


def _image(im) -> dict:
    a = np.asarray(im.get_array(), dtype=float) if im.get_array() is not None else np.zeros(0)
    return {
        "type": type(im).__name__,
        "shape": list(a.shape),
        "data": _arr(a),
        "clim": _arr(im.get_clim()) if hasattr(im, "get_clim") else [],
        "extent": _arr(im.get_extent()) if hasattr(im, "get_extent") else [],
        "cmap": getattr(im.get_cmap(), "name", "") if hasattr(im, "get_cmap") else "",
    }


def _collection(c) -> dict:
    rec = {"type": type(c).__name__, "label": str(c.get_label()), "visible": bool(c.get_visible())}
    offsets = np.asarray(c.get_offsets(), dtype=float)
    rec["offsets"] = [_arr(row) for row in offsets[:5000]]
    arr = c.get_array()
    rec["array"] = _arr(arr)[:5000] if arr is not None else None
    paths = c.get_paths()
    rec["n_paths"] = len(paths)
    rec["vertices"] = [_arr(p.vertices[:400]) for p in paths[:60]]
    rec["facecolor"] = [_color(f) for f in c.get_facecolor()[:20]]
    return rec


def _legend(leg) -> dict | None:
    if leg is None:
        return None
    texts = [t.get_text() for t in leg.get_texts()]
    orig = getattr(leg, "_al_handles", None)
    labels = [str(h.get_label()) for h in orig] if orig is not None else None
    return {
        "texts": texts,
        "handle_labels": labels,
        "matched_at_creation": getattr(leg, "_al_matched", None),
        "visible": bool(leg.get_visible()),
    }


def axes_state(ax) -> dict:
    ticks = []
    try:
        ticks = [t.get_text() for t in ax.get_xticklabels()] + [
            t.get_text() for t in ax.get_yticklabels()
        ]
    except Exception:
        ticks = []
    return {
        "title": [ax.get_title(loc) for loc in ("left", "center", "right")],
        "xlabel": ax.get_xlabel(),
        "ylabel": ax.get_ylabel(),
        "xlim": _arr(ax.get_xlim()),
        "ylim": _arr(ax.get_ylim()),
        "xscale": ax.get_xscale(),
        "yscale": ax.get_yscale(),
        "visible": bool(ax.get_visible()),
        "lines": [_line(ln) for ln in ax.get_lines()],
        "patches": [_patch(p) for p in ax.patches],
        "texts": [_text(t) for t in ax.texts],
        "images": [_image(im) for im in ax.images],
        "collections": [_collection(c) for c in ax.collections],
        "legend": _legend(ax.get_legend()),
        "ticklabels": [t for t in ticks if t],
    }


def figure_texts(fig) -> dict:
    sup = getattr(fig, "_suptitle", None)
    return {
        "suptitle": sup.get_text() if sup is not None else "",
        "texts": [_text(t) for t in fig.texts],
        "legends": [_legend(leg) for leg in fig.legends],
    }


def snapshot(figures=None, tag: str = "") -> None:
    """Record the changed axes states of ``figures`` (default: all figures made so far)."""
    if _BUSY[0]:
        return
    _BUSY[0] = True
    try:
        for fig in FIGURES if figures is None else figures:
            try:
                fi = FIGURES.index(fig)
            except ValueError:
                continue
            parts = [("figure", -1, figure_texts(fig))]
            parts += [("axes", ai, axes_state(ax)) for ai, ax in enumerate(fig.axes)]
            for kind, ai, state in parts:
                text = json.dumps(state, sort_keys=True)
                digest = hashlib.sha1(text.encode()).hexdigest()
                key = ("draw" if _PHASE[0] == "draw" else "main", fi, ai)
                if _SEEN.get(key) == digest:
                    continue
                _SEEN[key] = digest
                RECORDS.append(
                    {
                        "cell": _CELL[0],
                        "phase": _PHASE[0],
                        "tag": tag,
                        "figure": fi,
                        "axes": ai,
                        "kind": kind,
                        "state": state,
                    }
                )
    finally:
        _BUSY[0] = False


def _post_execute():
    _CELL[0] += 1
    _PHASE[0] = "cell"
    snapshot(tag=f"after cell {_CELL[0]}")
    _find_explorers()


def explorer_figure(obj):
    """The figure an explorer draws into (``.figure``, ``.fig`` or its canvas's figure)."""
    for attr in ("figure", "fig"):
        fig = getattr(obj, attr, None)
        if fig is not None and hasattr(fig, "axes"):
            return fig
    canvas = getattr(obj, "canvas", None)
    return getattr(canvas, "figure", None)


def _is_explorer(obj) -> bool:
    """The explorer contract: ``set``, ``sliders`` (a mapping), ``snapshot_png``, a figure."""
    return (
        callable(getattr(type(obj), "set", None))
        and hasattr(getattr(obj, "sliders", None), "items")
        and hasattr(obj, "snapshot_png")
        and explorer_figure(obj) is not None
    )


def _find_explorers():
    from IPython import get_ipython

    ns = get_ipython().user_ns
    candidates = []
    for name, value in list(ns.items()):
        if name.startswith("_") and not name.startswith("_i") and name not in ("_",):
            continue
        candidates.append((name, value))
        if isinstance(value, (list, tuple)):
            candidates += [(f"{name}[{i}]", v) for i, v in enumerate(value[:50])]
        elif isinstance(value, dict) and name not in ("Out", "In"):
            candidates += [(f"{name}[{k!r}]", v) for k, v in list(value.items())[:50]]
    for k, v in list(ns.get("Out", {}).items()):
        candidates.append((f"Out[{k}]", v))
    known = {id(e["obj"]) for e in EXPLORERS}
    for name, value in candidates:
        try:
            ok = _is_explorer(value)
        except Exception:
            ok = False
        if ok and id(value) not in known:
            EXPLORERS.append({"name": name, "cell": _CELL[0], "obj": value})
            known.add(id(value))


def control_values(control, n_interior: int = 3) -> list:
    """The values a sweep sets: both ends and interior grid points, or every option."""
    options = getattr(control, "options", None)
    if options is not None and not hasattr(control, "min"):
        values = []
        for opt in list(options):
            values.append(opt[1] if isinstance(opt, tuple) and len(opt) == 2 else opt)
        return values
    if isinstance(control.value, bool):
        return [not control.value, control.value]
    lo, hi = getattr(control, "min", None), getattr(control, "max", None)
    if lo is None or hi is None:
        return []
    step = getattr(control, "step", None) or (hi - lo) / 100
    grid = [lo + (hi - lo) * k / (n_interior + 1) for k in range(1, n_interior + 1)]
    values = [lo, *[lo + round((g - lo) / step) * step for g in grid], hi]
    if isinstance(control.value, int) and not isinstance(control.value, bool):
        values = [round(v) for v in values]
    out = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def sweep_explorers(n_interior: int = 3) -> None:
    """Set every control of every explorer through its range; record after each ``set``."""
    for index, entry in enumerate(EXPLORERS):
        ex = entry["obj"]
        initial = dict(ex.values) if not callable(ex.values) else dict(ex.values())
        entry["controls"] = {}
        for cname, control in ex.sliders.items():
            values = control_values(control, n_interior)
            entry["controls"][cname] = [repr(v) for v in values]
            for v in values:
                _PHASE[0] = "sweep"
                ex.set(**{cname: v})
                now = dict(ex.values) if not callable(ex.values) else dict(ex.values())
                snapshot(
                    [explorer_figure(ex)],
                    tag=f"explorer {index} ({entry['name']}): set({cname}={v!r}) -> "
                    + json.dumps({k: _num(val) for k, val in now.items()}, sort_keys=True),
                )
                RECORDS.append(
                    {
                        "cell": _CELL[0],
                        "phase": "sweep",
                        "kind": "explorer",
                        "explorer": index,
                        "figure": _figure_index(explorer_figure(ex)),
                        "values": {k: _num(val) for k, val in now.items()},
                        "text": str(getattr(ex, "text", "")),
                    }
                )
            ex.set(**initial)
            snapshot([explorer_figure(ex)], tag=f"explorer {index}: restored")


def _figure_index(fig) -> int:
    return next((i for i, f in enumerate(FIGURES) if f is fig), -1)


def dump(path: str) -> None:
    snapshot(tag="end")
    explorers = [
        {
            "name": e["name"],
            "cell": e["cell"],
            "figure": _figure_index(explorer_figure(e["obj"])),
            "controls": e.get("controls", {}),
        }
        for e in EXPLORERS
    ]
    with open(path, "w") as f:
        json.dump({"records": RECORDS, "explorers": explorers}, f)


def _legend_init_wrapper(original):
    def legend_init(self, parent, handles, labels, *args, **kwargs):
        handles = list(handles)
        labels = list(labels)
        original(self, parent, handles, labels, *args, **kwargs)
        self._al_handles = handles
        self._al_matched = [str(h.get_label()) for h in handles] == [str(t) for t in labels]

    legend_init._al_original = original
    return legend_init


@contextlib.contextmanager
def legend_hook():
    """Within the block, legends remember their handles (for tests outside a kernel)."""
    import matplotlib.legend as ml

    original = ml.Legend.__init__
    ml.Legend.__init__ = _legend_init_wrapper(original)
    try:
        yield
    finally:
        ml.Legend.__init__ = original


def install() -> None:
    import matplotlib.figure as mf
    import matplotlib.legend as ml
    from IPython import get_ipython

    original_init = mf.Figure.__init__
    original_draw = mf.Figure.draw
    original_legend = ml.Legend.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        FIGURES.append(self)

    def draw(self, renderer):
        if self in FIGURES and not _BUSY[0]:
            phase = _PHASE[0]
            _PHASE[0] = "draw" if phase == "cell" else phase
            snapshot([self], tag=f"draw in cell {_CELL[0] + 1}")
            _PHASE[0] = phase
        return original_draw(self, renderer)

    mf.Figure.__init__ = init
    mf.Figure.draw = draw
    ml.Legend.__init__ = _legend_init_wrapper(original_legend)
    get_ipython().events.register("post_execute", _post_execute)
