"""The one explorer base: canvas, controls, readout, snapshot and blitted drawing.

Every explorer of :mod:`actlib.widgets` is an :class:`Explorer`: an ``ipywidgets.VBox`` holding
its own matplotlib :class:`~matplotlib.figure.Figure` on an ipympl ``Canvas`` (made by
:func:`new_canvas`, which puts pyplot's previous backend back), its controls (:attr:`sliders`,
by name) and a plain-text readout (:attr:`text`, shown in :attr:`readout`).

Drawing strategy (matplotlib's blitting recipe on ipympl)
----------------------------------------------------------
An explorer names the artists its controls change (``dynamic=``). Those artists, and every
artist of the same axes drawn after them (higher z-order: legends, spines, ...), are marked
*animated*: a full Agg draw of the figure leaves them out, and the explorer caches that picture
as the *background* (``canvas.copy_from_bbox``, in the ``draw_event`` callback, which then draws
the animated artists on top so a full draw shows the complete figure). A control change then
only restores the background (``canvas.restore_region``), draws the animated artists
(``Artist.draw``, in the order a full draw would use) and calls ``canvas.blit()``: ipympl sends
the changed pixels to the browser right away, without the ``draw_idle`` round trip and without
re-rendering the axes, ticks and texts.

The background is rebuilt (one full draw) only when something in it changed: the figure size
or dpi, an axes' limits, scales, visibility, position, title or axis labels (see
:meth:`Explorer.background_signature`), or when :meth:`Explorer.invalidate` is called. Text that
changes with every update belongs in the readout; axis limits are chosen to fit a control's whole
range (or change in coarse steps), so that a drag blits.

The saved state: :meth:`Explorer._repr_mimebundle_` puts a PNG snapshot (with alt text, see
:meth:`Explorer.alt_text`) into the output and into the canvas' ``_data_url``, which ipympl
shows before a kernel is connected (GitHub, nbviewer, the docs).

Headless use (tests)::

    ex = scaled_explorer()               # or any other explorer
    ex.set(w=4.0, b=1.0)                  # snaps to the slider grid, updates once
    ex.sliders["w"].value = 2.0           # same path as a browser slider move
    ex.lines["f"].get_ydata()             # updated artists, by name
    ex.text                               # plain-text readout
    ex.last_draw                          # "blit" or "full"
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import math
import struct
import sys
import time
import types
import warnings
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import ipywidgets as widgets
import numpy as np

__all__ = [
    "Explorer",
    "checkbox",
    "control_for",
    "dropdown",
    "fmt",
    "gg",
    "legend",
    "legend_update",
    "make_slider",
    "new_canvas",
    "snap",
]

_manager_numbers = itertools.count(1)

#: ``<pre>`` block the readouts are shown in.
PRE = '<pre style="margin:0 0 0 12px;font-size:12px;line-height:1.35">{}</pre>'


# --------------------------------------------------------------------------------------------
# canvas
# --------------------------------------------------------------------------------------------


def _ipympl_classes():
    """Import ipympl's Canvas and FigureManager without changing pyplot's backend.

    ``import ipympl`` calls ``matplotlib.use("module://ipympl.backend_nbagg")``. We make sure the
    current backend module is loaded first (so e.g. the inline backend has registered its
    IPython hooks), then import ipympl and switch back to the previous backend.
    """
    import matplotlib

    if "ipympl.backend_nbagg" not in sys.modules:
        previous = matplotlib.get_backend(auto_select=False)
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None and previous is not None:
            # Load the current backend module while rcParams still names it: the inline
            # backend configures IPython's display hooks only when loaded as *the* backend.
            pyplot.switch_backend(previous)
        import ipympl.backend_nbagg  # noqa: F401  (switches the backend as a side effect)

        if matplotlib.get_backend(auto_select=False) != previous:
            _restore_backend(previous)
    from ipympl.backend_nbagg import Canvas, FigureManager

    return Canvas, FigureManager


def _restore_backend(previous: str | None) -> None:
    import matplotlib

    pyplot = sys.modules.get("matplotlib.pyplot")
    if previous is None:
        # No backend had been chosen yet: go back to "choose automatically on first use".
        from matplotlib import rcsetup

        matplotlib.rcParams._set("backend", rcsetup._auto_backend_sentinel)
        if pyplot is not None:
            pyplot._backend_mod = None
    elif pyplot is not None:
        pyplot.switch_backend(previous)
    else:
        matplotlib.rcParams["backend"] = previous


def encode_png_rgba(data: np.ndarray, level: int = 1) -> bytes:
    """PNG bytes of an ``(h, w, 4)`` uint8 RGBA array, unfiltered, deflated at ``level``.

    A slider frame is ipympl's *diff* image: unchanged pixels are 0, so long zero runs deflate
    well without PNG's per-row filters, and zlib level 1 keeps most of level 6's size at a
    fraction of its time (PIL's default filter search plus level 6 costs ~2.5x more per frame).
    """
    h, w, _ = data.shape
    raw = np.empty((h, w * 4 + 1), dtype=np.uint8)
    raw[:, 0] = 0  # filter type "none" on every row
    raw[:, 1:] = data.reshape(h, w * 4)
    idat = zlib.compress(memoryview(raw).cast("B"), level)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def _fast_diff_image(self):
    """``FigureCanvasWebAggCore.get_diff_image`` (matplotlib 3.11) with :func:`encode_png_rgba`
    instead of PIL's default PNG encoder: same full/diff decision, same pixels, cheaper bytes."""
    if not self._png_is_old:
        return None
    pixels = np.asarray(self.get_renderer().buffer_rgba())
    buff = pixels.view(np.uint32).squeeze(2)
    if self._force_full or buff.shape != self._last_buff.shape or (pixels[:, :, 3] != 255).any():
        self.set_image_mode("full")
        output = buff
    else:
        self.set_image_mode("diff")
        output = np.where(buff != self._last_buff, buff, 0)
    self._last_buff = buff.copy()
    self._force_full = False
    self._png_is_old = False
    return encode_png_rgba(output.view(dtype=np.uint8).reshape((*output.shape, 4)))


def use_fast_png(canvas) -> None:
    """Make this one ipympl ``canvas`` encode its frames with :func:`encode_png_rgba`.

    Only the instance changes (ipympl and other figures keep PIL's encoder); a canvas whose
    class lacks the webagg state this relies on is left alone.
    """
    needed = ("_png_is_old", "_force_full", "_last_buff", "set_image_mode", "get_renderer")
    if all(hasattr(canvas, a) for a in needed):
        canvas.get_diff_image = types.MethodType(_fast_diff_image, canvas)


def new_canvas(figsize: tuple[float, float] = (8.0, 3.2), *, dpi: float = 100.0, **fig_kw):
    """Create a standalone Figure on an ipympl Canvas (not registered with pyplot).

    Parameters
    ----------
    figsize : tuple of float
        Figure size in inches.
    dpi : float
        Figure resolution (canvas pixels per inch).
    **fig_kw
        Passed on to :class:`matplotlib.figure.Figure` (``layout="constrained"`` by default).

    Returns
    -------
    fig : matplotlib.figure.Figure
    canvas : ipympl.backend_nbagg.Canvas
        An ipywidgets DOM widget; put it in a layout to show the figure.
    """
    from matplotlib.figure import Figure

    canvas_cls, manager_cls = _ipympl_classes()
    fig_kw.setdefault("layout", "constrained")
    fig = Figure(figsize=figsize, dpi=dpi, **fig_kw)
    with warnings.catch_warnings():
        # ipympl's Toolbar passes its canvas on to DOMWidget.__init__ (upstream; harmless).
        warnings.filterwarnings(
            "ignore", message=r"Passing unrecognized arguments", category=DeprecationWarning
        )
        canvas = canvas_cls(fig)
        manager_cls(canvas, next(_manager_numbers))
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.resizable = False
    canvas.toolbar_position = "right"
    return fig, canvas


# --------------------------------------------------------------------------------------------
# numbers and controls
# --------------------------------------------------------------------------------------------


def _decimals(step: float) -> int:
    exponent = Decimal(repr(float(step))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def snap(value: float, low: float, high: float, step: float) -> float:
    """Round ``value`` to the slider grid ``low + k * step`` inside ``[low, high]``.

    Browsers snap an off-grid slider value and send the snapped value back, which fires an
    extra callback; explorers therefore only ever hold on-grid values.

    Parameters
    ----------
    value, low, high, step : float
        Requested value and the slider's grid.

    Returns
    -------
    float
        The nearest grid value, rounded to the step's decimals.

    Examples
    --------
    >>> snap(0.123, 0.0, 1.0, 0.05)
    0.1
    >>> snap(7.0, 0.0, 5.0, 0.5)
    5.0
    """
    k = round((float(value) - low) / step)
    kmax = int(np.floor((high - low) / step + 1e-9))
    k = min(max(k, 0), kmax)
    return round(low + k * step, _decimals(step))


def fmt(v: float, digits: int = 4) -> str:
    """Rounded number for readouts: ``digits`` significant digits, no ``-0``, ``inf``/``nan``.

    Examples
    --------
    >>> fmt(-0.0), fmt(2 / 3), fmt(float("-inf")), fmt(1e-300, 3)
    ('0', '0.6667', '-inf', '1e-300')
    """
    v = float(v) + 0.0
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    return f"{v:.{digits}g}"


def gg(v: float) -> str:
    """Compact number for labels, as ``%g`` (``1``, ``0.5``, ``-30``; never ``-0``).

    Examples
    --------
    >>> gg(1.0), gg(-0.0), gg(0.25)
    ('1', '0', '0.25')
    """
    return f"{float(v) + 0.0:g}"


_STYLE = {"description_width": "initial"}


def make_slider(
    name: str,
    value: float,
    low: float,
    high: float,
    step: float,
    *,
    description: str | None = None,
    integer: bool = False,
) -> widgets.Widget:
    """Slider whose value, min and max lie on the step grid (``continuous_update=True``).

    Parameters
    ----------
    name : str
        Key of the slider in :attr:`Explorer.sliders`.
    value, low, high, step : float
        Initial value and grid; ``value`` is snapped to the grid.
    description : str, optional
        Text left of the slider (defaults to ``name``).
    integer : bool
        Make an ``IntSlider``.

    Returns
    -------
    ipywidgets.FloatSlider or ipywidgets.IntSlider
    """
    layout = widgets.Layout(width="360px")
    desc = description if description is not None else name
    if integer:
        return widgets.IntSlider(
            value=int(snap(value, low, high, step)),
            min=int(low),
            max=int(high),
            step=int(step),
            description=desc,
            style=_STYLE,
            layout=layout,
            continuous_update=True,
        )
    d = _decimals(step)
    return widgets.FloatSlider(
        value=snap(value, low, high, step),
        min=round(low, d),
        max=snap(high, low, high, step),
        step=step,
        description=desc,
        readout_format=f".{d if d <= 6 else 4}f",  # non-decimal steps (1/24): 4 shown
        style=_STYLE,
        layout=layout,
        continuous_update=True,
    )


def dropdown(options: Iterable[Any], value: Any, description: str, *, width: str = "260px"):
    """A Dropdown with the explorers' style."""
    return widgets.Dropdown(
        options=list(options),
        value=value,
        description=description,
        style=_STYLE,
        layout=widgets.Layout(width=width),
    )


def checkbox(value: bool, description: str):
    """A Checkbox with the explorers' style."""
    return widgets.Checkbox(value=bool(value), description=description, indent=False)


def control_for(parameter, value: Any = None) -> widgets.Widget:
    """The control of a registry :class:`~actlib.registry.Parameter`.

    A slider over ``[low, high]`` in steps of ``step`` (value snapped), or a dropdown for a
    parameter with ``choices``.

    Parameters
    ----------
    parameter : actlib.registry.Parameter
        The parameter.
    value : optional
        Initial value (the parameter's default if None).
    """
    start = parameter.default if value is None else value
    if parameter.choices:
        return widgets.Dropdown(
            options=list(parameter.choices), value=start, description=parameter.name
        )
    return make_slider(parameter.name, start, parameter.low, parameter.high, parameter.step)


# --------------------------------------------------------------------------------------------
# legends whose texts follow their lines' labels
# --------------------------------------------------------------------------------------------


def legend(ax, handles: Sequence[Any], **kw):
    """Legend for exactly ``handles`` (in this order); :func:`legend_update` refreshes its texts.

    Returns
    -------
    matplotlib.legend.Legend
    """
    ax._actlib_legend_handles = list(handles)
    kw.setdefault("fontsize", "small")
    return ax.legend(handles=list(handles), labels=[h.get_label() for h in handles], **kw)


def legend_update(ax) -> None:
    """Copy the current labels of the legend's handles into its texts (no new legend)."""
    leg = ax.get_legend()
    handles = getattr(ax, "_actlib_legend_handles", None)
    if leg is None or not handles:
        return
    for handle, text in zip(handles, leg.get_texts(), strict=False):
        text.set_text(handle.get_label())


# --------------------------------------------------------------------------------------------
# the base
# --------------------------------------------------------------------------------------------


def _flatten(artists) -> list:
    """Artists from artists, containers (BarContainer: its patches) and nested lists."""
    from matplotlib.artist import Artist
    from matplotlib.container import Container

    out = []
    stack = [artists]
    while stack:
        item = stack.pop()
        if item is None:
            continue
        if isinstance(item, Artist):
            out.append(item)
        elif isinstance(item, Container):
            stack.extend(reversed([a for a in item if a is not None]))
        elif isinstance(item, Mapping):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, Iterable) and not isinstance(item, str):
            stack.extend(reversed(list(item)))
    return out


def _axes_draw_order(ax) -> list:
    """The artists of ``ax`` in the order :meth:`Axes.draw` draws them (patch excluded)."""
    from operator import attrgetter

    artists = ax.get_children()
    artists.remove(ax.patch)
    if not (ax.axison and ax._frameon):
        for spine in ax.spines.values():
            artists.remove(spine)
    if not ax.axison:
        for axis in ax._axis_map.values():
            artists.remove(axis)
    return sorted(artists, key=attrgetter("zorder"))


class Explorer(widgets.VBox):
    """Figure + controls + readout, updated in place and blitted.

    Parameters
    ----------
    title : str
        Heading shown above the figure.
    figure : matplotlib.figure.Figure
        The explorer's own figure.
    canvas : ipympl.backend_nbagg.Canvas
        Its widget canvas.
    sliders : mapping of str to ipywidgets.Widget
        Controls, keyed by parameter name; their ``value`` is passed to ``update``.
    update : callable
        ``update(**values) -> str``: moves the artists for the given control values and returns
        the readout text. Must not create artists.
    lines : mapping of str to Artist
        The artists, by name (tests and :attr:`lines` read them).
    dynamic : iterable of Artist or container, optional
        The artists ``update`` changes: drawn over the cached background on every update. If
        omitted, every update draws the whole figure.
    alt : callable or str, optional
        Alt text of the snapshot: a string, or ``alt(explorer) -> str`` describing the state
        shown. Default: the title and the readout.
    children : callable, optional
        ``children(heading, canvas, controls, readout) -> list`` lays the widgets out
        (default: heading, canvas, then the controls left of the readout).

    Attributes
    ----------
    readout : ipywidgets.HTML
        Shows :attr:`text` in a ``<pre>`` block.
    last_update_seconds : float
        Kernel time of the last update (computation, readout and drawing).
    last_draw : str
        How the last update reached the canvas: ``"blit"`` or ``"full"``.
    """

    def __init__(
        self,
        *,
        title: str,
        figure,
        canvas,
        sliders: Mapping[str, widgets.Widget],
        update: Callable[..., str],
        lines: Mapping[str, Any],
        dynamic: Iterable[Any] | None = None,
        alt: Callable[[Explorer], str] | str | None = None,
        children: Callable[..., list] | None = None,
    ):
        self.title = title
        self.figure = figure
        self.canvas = canvas
        self.sliders = dict(sliders)
        self.lines = dict(lines)
        self._update_fn = update
        self._alt = alt
        self._holding = False
        self.text = ""
        self.last_update_seconds = 0.0
        self.last_draw = ""
        self.readout = widgets.HTML()
        self._bg = None
        self._bg_signature = None
        self._frame: list = []
        self._dynamic = _flatten(dynamic) if dynamic is not None else None
        self._cid = canvas.mpl_connect("draw_event", self._on_draw_event)
        use_fast_png(canvas)
        heading = widgets.HTML(f"<b>{html.escape(title)}</b>")
        self.controls = widgets.VBox(list(self.sliders.values()))
        layout = children or (
            lambda heading, canvas, controls, readout: [
                heading,
                canvas,
                widgets.HBox([controls, readout]),
            ]
        )
        super().__init__(layout(heading, canvas, self.controls, self.readout))
        self.watch(self.sliders.values())
        self._prepare_animation()
        self._set_readout(self._update_fn(**self.values()))
        # The first full draw solves the constrained layout; keep those positions from now on,
        # so that no later draw re-solves it (and a background stays valid).
        self.canvas.draw()
        if self.figure.get_layout_engine() is not None:
            self.figure.set_layout_engine("none")
        if self._trim_frame():
            self.canvas.draw()  # the trimmed artists go into the background
        self.last_draw = "full"

    # -- controls -----------------------------------------------------------------------------
    def watch(self, controls: Iterable[widgets.Widget]) -> None:
        """Update on every ``value`` change of ``controls``."""
        for control in controls:
            control.observe(self._on_change, names="value")

    def unwatch(self, controls: Iterable[widgets.Widget]) -> None:
        """Stop updating on ``controls``."""
        for control in controls:
            control.unobserve(self._on_change, names="value")

    def values(self) -> dict[str, Any]:
        """Current control values, keyed like :attr:`sliders`."""
        return {name: control.value for name, control in self.sliders.items()}

    def _on_change(self, change=None) -> None:
        if not self._holding:
            self.update()

    def set(self, **values: Any) -> str:
        """Set several controls (numeric values snapped to their grid), then update once.

        Returns
        -------
        str
            The readout text.
        """
        unknown = set(values) - set(self.sliders)
        if unknown:
            raise KeyError(f"unknown control(s) {sorted(unknown)}; have {sorted(self.sliders)}")
        self._holding = True
        try:
            for name, value in values.items():
                control = self.sliders[name]
                if isinstance(control, widgets.IntSlider):
                    value = int(snap(value, control.min, control.max, control.step))
                elif isinstance(control, widgets.FloatSlider):
                    value = snap(value, control.min, control.max, control.step)
                control.value = value
        finally:
            self._holding = False
        return self.update()

    # -- updating -----------------------------------------------------------------------------
    def update(self) -> str:
        """Redraw for the current control values; return (and show) the readout text."""
        start = time.perf_counter()
        self._set_readout(self._update_fn(**self.values()))
        self.refresh()
        self.last_update_seconds = time.perf_counter() - start
        return self.text

    def _set_readout(self, text: str) -> None:
        self.text = text
        self.readout.value = PRE.format(html.escape(text))

    def show_text(self, text: str) -> None:
        """Put ``text`` into the readout (and :attr:`text`) without redrawing."""
        self._set_readout(text)

    # -- drawing ------------------------------------------------------------------------------
    def _prepare_animation(self) -> None:
        """Mark the dynamic artists, and what a full draw paints over them, as animated."""
        for a in self._frame:
            a.set_animated(False)
        self._frame = []
        self._bg = None
        if self._dynamic is None:
            return
        dynamic = {id(a) for a in self._dynamic}
        for a in self._dynamic:
            if a.axes is None or a.axes.figure is not self.figure:
                raise ValueError(f"dynamic artist {a!r} is not in an axes of this figure")
        for ax in self.figure.axes:
            order = _axes_draw_order(ax)
            first = next((i for i, a in enumerate(order) if id(a) in dynamic), None)
            if first is not None:
                self._frame.extend(order[first:])
        for a in self._frame:
            a.set_animated(True)

    def _trim_frame(self) -> bool:
        """Leave static artists that lie outside their axes (titles, legends off the data) in
        the background: dynamic artists clipped to the axes cannot touch them. Needs the
        layout of a first draw; returns whether anything was left out."""
        if not self._frame:
            return False
        renderer = self.canvas.get_renderer()
        dynamic = {id(a) for a in self._dynamic}
        # a dynamic artist that is not clipped to its axes (a legend, a text) may reach anywhere
        open_axes = {
            id(a.axes) for a in self._dynamic if not a.get_clip_on() or a.get_clip_box() is None
        }
        keep, dropped = [], False
        for a in self._frame:
            ax = a.axes
            if id(a) in dynamic or ax is None or id(ax) in open_axes:
                keep.append(a)
                continue
            try:
                extent = a.get_window_extent(renderer)
            except Exception:  # no extent: keep it in the frame
                keep.append(a)
                continue
            if extent.width > 0 and extent.height > 0 and not extent.overlaps(ax.bbox):
                a.set_animated(False)
                dropped = True
            else:
                keep.append(a)
        self._frame = keep
        if dropped:
            self._bg = None
        return dropped

    def invalidate(self) -> None:
        """Forget the cached background (and recompute the animated set): next draw is full.

        Call it after adding or removing artists, or changing anything in the background that
        :meth:`background_signature` does not see.
        """
        self._prepare_animation()
        self._trim_frame()

    def background_signature(self) -> tuple:
        """What the cached background depends on (a change forces a full draw).

        Figure size and dpi; per axes its visibility, position, limits, scales, title and axis
        labels.
        """
        fig = self.figure
        parts: list = [tuple(fig.bbox.bounds), float(fig.dpi)]
        for ax in fig.axes:
            parts.append(
                (
                    ax.get_visible(),
                    tuple(ax.get_position().bounds),
                    tuple(ax.get_xlim()),
                    tuple(ax.get_ylim()),
                    ax.get_xscale(),
                    ax.get_yscale(),
                    ax.get_title(),
                    ax.get_xlabel(),
                    ax.get_ylabel(),
                )
            )
        return tuple(parts)

    def _draw_frame(self, renderer) -> None:
        for a in self._frame:
            ax = a.axes
            if ax is not None and not ax.get_visible():
                continue
            a.draw(renderer)

    def _on_draw_event(self, event) -> None:
        """``draw_event``: cache the background, then paint the animated artists over it."""
        if self._dynamic is None or self.canvas.is_saving():
            return  # savefig draws animated artists itself
        renderer = event.renderer
        if renderer is getattr(self.canvas, "renderer", None):
            self._bg = self.canvas.copy_from_bbox(self.figure.bbox)
            self._bg_signature = self.background_signature()
        self._draw_frame(renderer)

    def refresh(self) -> str:
        """Show the artists' current state now: blit if the background is valid, else draw.

        The hook for anything that changes artists outside a control change (a timer, a Play
        tick, a training step): move the artists, then call ``refresh()``.

        Returns
        -------
        str
            ``"blit"`` or ``"full"`` (also kept in :attr:`last_draw`).
        """
        if (
            self._dynamic is None
            or self._bg is None
            or self.background_signature() != self._bg_signature
        ):
            self.canvas.draw()
            self.last_draw = "full"
            return self.last_draw
        self.canvas.restore_region(self._bg)
        self._draw_frame(self.canvas.get_renderer())
        self.canvas.blit(self.figure.bbox)
        self.last_draw = "blit"
        return self.last_draw

    def canvas_rgba(self) -> np.ndarray:
        """A copy of the canvas pixels (what the browser was last sent), ``(h, w, 4)`` uint8."""
        return np.asarray(self.canvas.get_renderer().buffer_rgba()).copy()

    def full_draw_rgba(self) -> np.ndarray:
        """The pixels of a fresh, complete draw of the current state (``savefig``, no blitting)."""
        buf = io.BytesIO()
        self.figure.savefig(buf, format="rgba", dpi=self.figure.dpi)
        w, h = (int(v) for v in self.figure.bbox.size)
        return np.frombuffer(buf.getvalue(), dtype=np.uint8).reshape(h, w, 4).copy()

    # -- display ------------------------------------------------------------------------------
    def alt_text(self) -> str:
        """One or two sentences saying what the figure shows now (the snapshot's alt text)."""
        if callable(self._alt):
            return " ".join(str(self._alt(self)).split())
        if isinstance(self._alt, str):
            return " ".join(self._alt.split())
        first = self.text.splitlines()[0] if self.text else ""
        return f"{self.title}. {first}".strip()

    def snapshot_png(self) -> str:
        """The figure as a base64 PNG (what a viewer without a kernel shows)."""
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=self.figure.dpi)
        return base64.b64encode(buf.getvalue()).decode("ascii")

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus what a reader without a kernel sees: the snapshot with alt text.

        ``image/png`` and ``text/html`` (an ``<img alt=...>``, :func:`actlib.plotting.image_bundle`)
        carry the current picture; ``text/plain`` is the title, the readout and the alt text.
        """
        from actlib.plotting import image_bundle

        data = super()._repr_mimebundle_(**kwargs) or {}
        png = self.snapshot_png()
        # ipympl's canvas draws _data_url (at _size) before the kernel connects: saved widget
        # state then shows the figure, as ipympl's own Canvas._repr_mimebundle_ arranges.
        self.canvas._data_url = f"data:image/png;base64,{png}"
        width, height = self.figure.get_size_inches() * self.figure.dpi
        self.canvas._size = (float(width), float(height))
        alt = self.alt_text()
        snapshot, _ = image_bundle(base64.b64decode(png), alt)
        data["text/html"] = snapshot["text/html"]
        data["image/png"] = png
        data["text/plain"] = f"{self.title}\n{self.text}\nFigure: {alt}"
        return data
