"""Slider explorers for the actlib notebooks (ipywidgets + ipympl).

Every explorer returns an :class:`Explorer`, an ``ipywidgets.VBox`` holding its own matplotlib
:class:`~matplotlib.figure.Figure` on an ipympl ``Canvas``, the sliders and a readout widget
(``ipywidgets.HTML``) that prints rounded numbers. Slider moves update the existing artists in
place (``set_data`` / ``set_height`` + ``draw_idle``); no new figure is ever created.

Building the ipympl canvas imports :mod:`ipympl`, which switches pyplot's backend to the widget
backend. The previous backend is restored right away, so static figures made with pyplot in the
same notebook keep rendering as inline PNG images.

Headless use (tests)::

    ex = sigmoid_scale_explorer()       # or any other explorer
    ex.set(w=4.0, b=1.0)                 # snaps to the slider grid, updates once
    ex.sliders["w"].value = 2.0          # same path as a browser slider move
    ex.lines["f"].get_ydata()            # updated artists
    ex.text                              # plain-text readout
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import sys
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import ipywidgets as widgets
import numpy as np

import actlib

from . import plotting

__all__ = [
    "NOTE_003_SCORES",
    "Explorer",
    "depth_explorer",
    "make_slider",
    "maxout_explorer",
    "neuron_explorer",
    "parameter_explorer",
    "saturation_explorer",
    "scaled_explorer",
    "snap",
    "temperature_explorer",
]

#: The ten scores of note 003's softmax example.
NOTE_003_SCORES = (0.2, 0.02, 0.15, 0.15, 1.3, 0.5, 0.06, 1.1, 0.05, 3.75)

_manager_numbers = itertools.count(1)


# --------------------------------------------------------------------------------------------
# infrastructure
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
    """Slider whose value, min and max lie on the step grid.

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
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="360px")
    desc = description if description is not None else name
    if integer:
        return widgets.IntSlider(
            value=int(snap(value, low, high, step)),
            min=int(low),
            max=int(high),
            step=int(step),
            description=desc,
            style=style,
            layout=layout,
        )
    d = _decimals(step)
    high_on_grid = snap(high, low, high, step)
    return widgets.FloatSlider(
        value=snap(value, low, high, step),
        min=round(low, d),
        max=high_on_grid,
        step=step,
        description=desc,
        readout_format=f".{d if d <= 6 else 4}f",  # non-decimal steps (1/24): 4 shown
        style=style,
        layout=layout,
    )


def _fmt(v: float, digits: int = 4) -> str:
    """Rounded number for readouts: ``digits`` significant digits, no ``-0``."""
    v = float(v)
    if v == 0 or not np.isfinite(v):
        return "0" if v == 0 else str(v)
    return f"{v:.{digits}g}"


def _gg(v: float) -> str:
    """Compact number for labels, as ``%g`` (``1``, ``0.5``, ``-30``)."""
    v = float(v) + 0.0
    return f"{v:g}"


class Explorer(widgets.VBox):
    """Figure + sliders + readout, updated in place.

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
        Artists that tests inspect.

    Attributes
    ----------
    readout : ipywidgets.HTML
        Shows :attr:`text` in a ``<pre>`` block.
    last_update_seconds : float
        Kernel time spent in the last update (computation + ``set_data`` + ``draw_idle``).
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
    ):
        self.title = title
        self.figure = figure
        self.canvas = canvas
        self.sliders = dict(sliders)
        self.lines = dict(lines)
        self._update_fn = update
        self._holding = False
        self.text = ""
        self.last_update_seconds = 0.0
        self.readout = widgets.HTML()
        heading = widgets.HTML(f"<b>{html.escape(title)}</b>")
        controls = widgets.VBox(list(self.sliders.values()))
        super().__init__([heading, canvas, widgets.HBox([controls, self.readout])])
        for control in self.sliders.values():
            control.observe(self._on_change, names="value")
        self.update()

    # -- driving ------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """Current control values, keyed like :attr:`sliders`."""
        return {name: control.value for name, control in self.sliders.items()}

    def _on_change(self, change=None) -> None:
        if not self._holding:
            self.update()

    def update(self) -> str:
        """Redraw for the current control values; return (and show) the readout text."""
        start = time.perf_counter()
        self.text = self._update_fn(**self.values())
        self.readout.value = (
            '<pre style="margin:0 0 0 12px;font-size:12px;line-height:1.35">'
            f"{html.escape(self.text)}</pre>"
        )
        self.canvas.draw_idle()
        self.last_update_seconds = time.perf_counter() - start
        return self.text

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

    # -- display ------------------------------------------------------------------------------
    def snapshot_png(self) -> str:
        """The figure as a base64 PNG (what a viewer without a kernel shows)."""
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=self.figure.dpi)
        return base64.b64encode(buf.getvalue()).decode("ascii")

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        png = self.snapshot_png()
        # The snapshot's draw solved the constrained layout; keep those positions from now on,
        # so a slider move redraws without re-solving it (about half of a redraw's Agg time).
        self.figure.set_layout_engine("none")
        # ipympl's canvas draws _data_url (at _size) before the kernel connects: saved widget
        # state then shows the figure, as ipympl's own Canvas._repr_mimebundle_ arranges.
        self.canvas._data_url = f"data:image/png;base64,{png}"
        width, height = self.figure.get_size_inches() * self.figure.dpi
        self.canvas._size = (float(width), float(height))
        data["text/plain"] = f"{self.title}\n{self.text}"
        data["image/png"] = png
        return data


def _legend_update(ax) -> None:
    """Copy the current labels of the legend's lines into its texts (cheap: no new legend)."""
    leg = ax.get_legend()
    order = getattr(ax, "_actlib_legend_lines", None)
    if leg is None or not order:
        return
    for line, text in zip(order, leg.get_texts(), strict=False):
        text.set_text(line.get_label())


def _legend(ax, lines: Sequence[Any], **kw) -> None:
    """Legend for exactly ``lines`` (in this order); see :func:`_legend_update`."""
    ax._actlib_legend_lines = list(lines)
    kw.setdefault("fontsize", "small")
    ax.legend(handles=list(lines), labels=[ln.get_label() for ln in lines], **kw)


# --------------------------------------------------------------------------------------------
# note 001: the sigmoid AND neuron
# --------------------------------------------------------------------------------------------

_GATES = {
    (0, 0, 0, 1): "AND",
    (0, 1, 1, 1): "OR",
    (1, 1, 1, 0): "NAND",
    (1, 0, 0, 0): "NOR",
    (0, 1, 1, 0): "XOR",
    (1, 0, 0, 1): "XNOR",
    (0, 0, 0, 0): "always 0",
    (1, 1, 1, 1): "always 1",
    (0, 0, 1, 1): "x1",
    (0, 1, 0, 1): "x2",
    (1, 1, 0, 0): "NOT x1",
    (1, 0, 1, 0): "NOT x2",
    (0, 0, 1, 0): "x1 AND NOT x2",
    (0, 1, 0, 0): "x2 AND NOT x1",
    (1, 0, 1, 1): "x1 OR NOT x2",
    (1, 1, 0, 1): "x2 OR NOT x1",
}

_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def gate_name(outputs: Sequence[int]) -> str:
    """Name of the two-input boolean function with truth table ``outputs``.

    Parameters
    ----------
    outputs : sequence of 4 ints
        Outputs for inputs (0, 0), (0, 1), (1, 0), (1, 1).

    Returns
    -------
    str

    Examples
    --------
    >>> gate_name([0, 0, 0, 1])
    'AND'
    """
    return _GATES[tuple(int(o) for o in outputs)]


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
    )
    target = np.array([0, 0, 0, 1])
    for t, marker, colour in ((0, "o", "tab:blue"), (1, "s", "tab:red")):
        pts = _CORNERS[target == t]
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
    fig.colorbar(image, ax=ax_in, shrink=0.8)

    z = np.linspace(-60.0, 60.0, 1201)
    (curve,) = ax_z.plot(z, sig(z), color="tab:blue", label=sig.label())
    (corners,) = ax_z.plot([], [], "o", color="black", label=sig.label(), markersize=6, zorder=3)
    ax_z.axhline(0.5, color="grey", lw=0.8, ls=":", label="_threshold 0.5")
    ax_z.set(xlabel="z", ylabel="g(z)", xlim=(-60, 60), ylim=(-0.05, 1.05))
    ax_z.grid(True, alpha=0.35)
    ax_z.set_title("the four inputs on the sigmoid", fontsize="medium")
    _legend(ax_z, [curve], loc="upper left")

    def update(w1: float, w2: float, b: float) -> str:
        image.set_data(sig(b + w1 * gx1 + w2 * gx2))
        if w2 != 0:
            xs = np.array([-0.5, 1.5])
            boundary.set_data(xs, -(b + w1 * xs) / w2)
        elif w1 != 0:
            boundary.set_data([-b / w1, -b / w1], [-0.5, 1.5])
        else:
            boundary.set_data([], [])
        zs = b + _CORNERS @ np.array([w1, w2])
        gs = sig(zs)
        corners.set_data(zs, gs)
        out = (gs > 0.5).astype(int)
        rows = [f"w1 = {_gg(w1)}, w2 = {_gg(w2)}, b = {_gg(b)}", "x1 x2      z          g(z)  out"]
        for (x1, x2), zv, gv, o in zip(_CORNERS, zs, gs, out, strict=True):
            rows.append(f" {x1:.0f}  {x2:.0f} {zv:6g}  {gv:12.7g}   {o}")
        rows.append(f"computes: {gate_name(out)} (threshold g = 0.5, i.e. z = 0)")
        return "\n".join(rows)

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
    )


# --------------------------------------------------------------------------------------------
# notes 002/003: steepness and bias, saturation
# --------------------------------------------------------------------------------------------


def scaled_label(name: str, w: float, b: float, *, derivative: bool = False) -> str:
    """Label of ``f(w*x + b)`` (or its x-derivative) as understood by the plot test.

    Examples
    --------
    >>> scaled_label("sigmoid", 2.0, -1.0)
    'sigmoid(w*x+b; w=2, b=-1)'
    >>> scaled_label("tanh", 1.0, 0.0, derivative=True)
    'd/dx tanh(w*x+b; w=1, b=0)'
    """
    core = f"{name}(w*x+b; w={_gg(w)}, b={_gg(b)})"
    return f"d/dx {core}" if derivative else core


def _transition_width(name: str, w: float) -> float:
    """Width in x of the part of f(w x + b) between 1 % and 99 % of its range."""
    if name == "sigmoid":
        return 2.0 * np.log(99.0) / w
    if name == "tanh":
        return 2.0 * np.arctanh(0.98) / w
    raise ValueError(name)


def scaled_explorer(
    name: str = "sigmoid", w: float = 1.0, b: float = 0.0, *, x: Any = None
) -> Explorer:
    """``f(w*x + b)`` and its x-derivative for sigmoid or tanh: steepness ``w`` and bias ``b``.

    As ``w`` grows the sigmoid turns into the step function ``step(x + b/w)`` (tanh into the
    sign function): the transition width shrinks as ``1/w`` while the peak slope grows as ``w``.

    Parameters
    ----------
    name : {"sigmoid", "tanh"}
        Activation.
    w : float
        Steepness, slider [0.1, 20], step 0.1.
    b : float
        Bias, slider [-10, 10], step 0.5.
    x : array_like, optional
        Abscissae, default ``np.linspace(-10, 10, 1000)``.

    Returns
    -------
    Explorer
        Controls ``w``, ``b``; lines ``f``, ``df`` (labelled with :func:`scaled_label`),
        ``base`` (``f(x)``) and ``limit`` (the ``w -> inf`` limit, label starts with ``_``).
    """
    act = actlib.get(name)
    if act.name not in ("sigmoid", "tanh"):
        raise ValueError(f"scaled_explorer supports sigmoid and tanh, not {name!r}")
    x = np.linspace(-10.0, 10.0, 1000) if x is None else np.asarray(x, dtype=float)
    low = 0.0 if act.name == "sigmoid" else -1.0
    fig, canvas = new_canvas((8.4, 3.2))
    ax_f, ax_d = fig.subplots(1, 2)
    (base,) = ax_f.plot(x, act(x), color="grey", lw=1, ls=":", label=act.label())
    (limit,) = ax_f.plot(x, np.zeros_like(x), color="tab:red", lw=1, ls="--", label="_limit")
    (f_line,) = ax_f.plot(x, act(x), color="tab:blue", lw=2, label=scaled_label(act.name, 1, 0))
    (d_line,) = ax_d.plot(
        x,
        act.derivative(x),
        color="tab:orange",
        lw=2,
        label=scaled_label(act.name, 1, 0, derivative=True),
    )
    limit_proxy = ax_f.plot([], [], color="tab:red", lw=1, ls="--", label="limit w → ∞")[0]
    ax_f.set(xlabel="x", ylabel="f", ylim=(low - 0.05, 1.05), title=f"{act.name}(w x + b)")
    ax_d.set(xlabel="x", ylabel="df/dx", title="its slope w·f'(w x + b)")
    for ax in (ax_f, ax_d):
        ax.grid(True, alpha=0.35)
    _legend(ax_f, [f_line, base, limit_proxy], loc="lower right")
    _legend(ax_d, [d_line], loc="upper left")
    peak = float(act.derivative(np.array(0.0)))

    def update(w: float, b: float) -> str:
        z = w * x + b
        f_line.set_ydata(act(z))
        d = w * act.derivative(z)
        d_line.set_ydata(d)
        f_line.set_label(scaled_label(act.name, w, b))
        d_line.set_label(scaled_label(act.name, w, b, derivative=True))
        _legend_update(ax_f)
        _legend_update(ax_d)
        centre = -b / w
        lim = np.where(x > centre, 1.0, low)
        limit.set_ydata(lim)
        top = w * peak
        ax_d.set_ylim(-0.04 * top, 1.1 * top)
        vals = act(w * np.array([-1.0, 0.0, 1.0]) + b)
        return "\n".join(
            [
                f"{act.name}(w*x + b) with w = {_gg(w)}, b = {_gg(b)}",
                f"centre x = -b/w          = {_fmt(centre)}",
                f"peak slope w*f'(0)       = {_fmt(top)}",
                f"1 %..99 % width ~ 1/w    = {_fmt(_transition_width(act.name, w))}",
                "f at x = -1, 0, 1        = " + ", ".join(_fmt(v) for v in vals),
            ]
        )

    sliders = {
        "w": make_slider("w", w, 0.1, 20.0, 0.1, description="steepness w"),
        "b": make_slider("b", b, -10.0, 10.0, 0.5, description="bias b"),
    }
    return Explorer(
        title=f"{act.name}(w·x + b): steepness and bias",
        figure=fig,
        canvas=canvas,
        sliders=sliders,
        update=update,
        lines={"f": f_line, "df": d_line, "base": base, "limit": limit},
    )


def saturation_batches(scale: float, *, n: int = 2000, d: int = 16, seed: int = 0):
    """Pre-activations ``z = x @ v`` of one seeded batch, raw and normalised.

    The raw features are ``scale * N(0, 1)``; the normalised batch standardises each feature
    (zero mean, unit variance) before the same weights ``v ~ N(0, 1/d)`` are applied.

    Parameters
    ----------
    scale : float
        Spread of the raw input features.
    n, d : int
        Batch size and number of features.
    seed : int
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    z_raw, z_norm : ndarray
        Shape ``(n,)`` each.
    """
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((n, d))
    v = rng.standard_normal(d) / np.sqrt(d)
    base = g @ v
    norm = ((g - g.mean(axis=0)) / g.std(axis=0)) @ v
    return scale * base, norm


def saturation_explorer(name: str = "sigmoid", scale: float = 10.0) -> Explorer:
    """What fraction of a batch lands where the activation saturates (note 000's claim).

    "Saturated" is one definition for every activation: ``|f'(z)|`` below 1 % of its peak.
    That is ``|z| > 5.99`` for sigmoid and ``|z| > 2.99`` for tanh; for relu it is ``z < 0``
    where the gradient is exactly 0, whatever the scale.

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
        ax_c.axvspan(-15, 0, color="tab:red", alpha=0.12, lw=0, label="saturated (f' = 0)")
    else:
        ax_c.axvspan(-15, -edge, color="tab:red", alpha=0.12, lw=0, label="saturated")
        ax_c.axvspan(edge, 15, color="tab:red", alpha=0.12, lw=0)
    k = 150
    (raw_pts,) = ax_c.plot([], [], "o", ms=3, alpha=0.6, color="tab:orange", label=act.label())
    (norm_pts,) = ax_c.plot(
        z_norm[:k], act(z_norm[:k]), "o", ms=3, alpha=0.6, color="tab:blue", label=act.label()
    )
    ax_c.set(xlim=(-15, 15), xlabel="pre-activation z", ylabel="f(z)")
    ax_c.set_title(f"{act.name}: where a batch lands", fontsize="medium")
    ax_c.grid(True, alpha=0.35)
    handles = [curve, raw_pts, norm_pts]
    ax_c.legend(
        handles=handles,
        labels=[act.label(), "raw batch", "normalised batch"],
        fontsize="small",
        loc="upper left",
    )
    bars = ax_b.bar([0, 1], [0.0, 0.0], color=["tab:orange", "tab:blue"])
    ax_b.set_xticks([0, 1], ["raw", "normalised"])
    ax_b.set(ylim=(0, 1), ylabel="fraction saturated")
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
                f"input scale {_gg(scale)}: std(z) raw = {np.std(z_raw):.2f}, "
                f"normalised = {np.std(z_norm):.2f}",
                f"saturated: raw batch {100 * frac_raw:.1f} %, "
                f"normalised batch {100 * frac_norm:.1f} %",
            ]
        )

    return Explorer(
        title=f"{act.name}: input scale vs saturation",
        figure=fig,
        canvas=canvas,
        sliders={"scale": make_slider("scale", scale, 0.5, 50.0, 0.5, description="input scale")},
        update=update,
        lines={"raw": raw_pts, "norm": norm_pts, "bars": bars, "curve": curve},
    )


# --------------------------------------------------------------------------------------------
# note 002/003/001: parametric activations, maxout
# --------------------------------------------------------------------------------------------


def parameter_explorer(
    name: str,
    *,
    x: Any = None,
    compare: Sequence[str] = ("relu",),
    probes: Sequence[float] = (-2.0, -1.0, 0.0, 1.0, 2.0),
    **params: Any,
) -> Explorer:
    """Function and derivative panels of a parametric activation with one slider per parameter.

    Slider ranges and steps come from the registry (``act.parameters``); a parameter with
    ``choices`` (gelu's ``approximate``) gets a dropdown.

    Parameters
    ----------
    name : str
        Activation name.
    x : array_like, optional
        Abscissae, default ``np.linspace(-5, 5, 1001)``.
    compare : sequence of str
        Activations drawn dashed for comparison (fixed).
    probes : sequence of float
        Points whose values the readout prints.
    **params
        Initial parameter values (snapped to the slider grid); defaults otherwise.

    Returns
    -------
    Explorer
        One control per parameter; lines ``f`` and ``df`` labelled ``act.label(**params)``.
    """
    act = actlib.get(name)
    x = np.linspace(-5.0, 5.0, 1001) if x is None else np.asarray(x, dtype=float)
    sliders: dict[str, widgets.Widget] = {}
    for p in act.parameters:
        start = params.get(p.name, p.default)
        if p.choices:
            sliders[p.name] = widgets.Dropdown(
                options=list(p.choices), value=start, description=p.name
            )
        else:
            sliders[p.name] = make_slider(p.name, start, p.low, p.high, p.step)
    unknown = set(params) - set(sliders)
    if unknown:
        raise TypeError(f"{act.name} has no parameter(s) {sorted(unknown)}")
    fig, canvas = new_canvas((8.4, 3.2))
    ax_f, ax_d = fig.subplots(1, 2)
    cmp_f = [plotting.curve(ax_f, c, x, color="grey", lw=1, ls="--", alpha=0.8) for c in compare]
    cmp_d = [
        plotting.curve(ax_d, c, x, derivative=True, color="grey", lw=1, ls="--", alpha=0.8)
        for c in compare
    ]
    (f_line,) = ax_f.plot(x, act(x), color="tab:blue", lw=2, label=act.label())
    (d_line,) = ax_d.plot(x, act.derivative(x), color="tab:orange", lw=2, label=act.label(True))
    ax_f.set(xlabel="x", ylabel="f(x)", title=act.name)
    ax_d.set(xlabel="x", ylabel="f'(x)", title=f"{act.name} derivative")
    for ax in (ax_f, ax_d):
        ax.grid(True, alpha=0.35)
    _legend(ax_f, [f_line, *cmp_f], loc="upper left")
    _legend(ax_d, [d_line, *cmp_d], loc="upper left")
    probes_arr = np.asarray(probes, dtype=float)

    def update(**kw: Any) -> str:
        y = act(x, **kw)
        dy = act.derivative(x, **kw)
        f_line.set_ydata(y)
        d_line.set_ydata(dy)
        f_line.set_label(act.label(**kw))
        d_line.set_label(act.label(derivative=True, **kw))
        _legend_update(ax_f)
        _legend_update(ax_d)
        for ax, data, extra in ((ax_f, y, cmp_f), (ax_d, dy, cmp_d)):
            lo = min([float(np.min(data))] + [float(np.min(c.get_ydata())) for c in extra])
            hi = max([float(np.max(data))] + [float(np.max(c.get_ydata())) for c in extra])
            pad = 0.06 * (hi - lo or 1.0)
            ax.set_ylim(lo - pad, hi + pad)
        fv = act(probes_arr, **kw)
        dv = act.derivative(probes_arr, **kw)
        head = "x      " + "".join(f"{p:>9g}" for p in probes_arr)
        return "\n".join(
            [
                act.label(**kw),
                head,
                "f(x)   " + "".join(f"{_fmt(v):>9}" for v in fv),
                "f'(x)  " + "".join(f"{_fmt(v):>9}" for v in dv),
            ]
        )

    return Explorer(
        title=f"{act.name}: parameters",
        figure=fig,
        canvas=canvas,
        sliders=sliders,
        update=update,
        lines={"f": f_line, "df": d_line},
    )


def affine_label(w: float, b: float) -> str:
    """Label of the affine map ``w*x + b`` as understood by the plot test.

    Examples
    --------
    >>> affine_label(1.0, -0.5)
    'affine(x; w=1, b=-0.5)'
    """
    return f"affine(x; w={_gg(w)}, b={_gg(b)})"


def maxout_label(w1: float, b1: float, w2: float, b2: float) -> str:
    """Label of ``max(w1*x + b1, w2*x + b2)`` as understood by the plot test.

    Examples
    --------
    >>> maxout_label(1, 0, 0, 0)
    'maxout(x; w1=1, b1=0, w2=0, b2=0)'
    """
    return f"maxout(x; w1={_gg(w1)}, b1={_gg(b1)}, w2={_gg(w2)}, b2={_gg(b2)})"


def maxout_explorer(
    w1: float = 1.0, b1: float = 0.0, w2: float = 0.0, b2: float = 0.0, *, x: Any = None
) -> Explorer:
    """Maxout with two pieces, ``max(w1 x + b1, w2 x + b2)`` (note 001); ReLU is ``w2 = b2 = 0``.

    Parameters
    ----------
    w1, b1, w2, b2 : float
        The two affine maps, sliders [-3, 3], step 0.1.
    x : array_like, optional
        Abscissae, default ``np.linspace(-4, 4, 801)``.

    Returns
    -------
    Explorer
        Controls ``w1``, ``b1``, ``w2``, ``b2``; lines ``maxout``, ``piece1``, ``piece2`` and
        ``relu`` (fixed reference).
    """
    x = np.linspace(-4.0, 4.0, 801) if x is None else np.asarray(x, dtype=float)
    fig, canvas = new_canvas((6.4, 3.6))
    ax = fig.subplots()
    relu_line = plotting.curve(ax, "relu", x, color="grey", lw=3, alpha=0.35)
    (p1,) = ax.plot(x, x, color="tab:green", lw=1, ls="--", label=affine_label(1, 0))
    (p2,) = ax.plot(x, 0 * x, color="tab:purple", lw=1, ls="--", label=affine_label(0, 0))
    (mx,) = ax.plot(x, x, color="tab:blue", lw=2, label=maxout_label(1, 0, 0, 0))
    ax.set(xlabel="x", ylabel="y", xlim=(x[0], x[-1]), ylim=(-4, 4), title="maxout of two lines")
    ax.grid(True, alpha=0.35)
    ax.axhline(0, color="black", lw=0.6)
    ax.axvline(0, color="black", lw=0.6)
    _legend(ax, [mx, p1, p2, relu_line], loc="upper left")
    relu_y = actlib.relu(x)

    def update(w1: float, b1: float, w2: float, b2: float) -> str:
        y1 = w1 * x + b1
        y2 = w2 * x + b2
        y = np.maximum(y1, y2)
        p1.set_ydata(y1)
        p2.set_ydata(y2)
        mx.set_ydata(y)
        p1.set_label(affine_label(w1, b1))
        p2.set_label(affine_label(w2, b2))
        mx.set_label(maxout_label(w1, b1, w2, b2))
        _legend_update(ax)
        if w1 != w2:
            xc = (b2 - b1) / (w1 - w2)
            cross = f"pieces cross at x = {_fmt(xc)}"
        else:
            cross = "parallel pieces: maxout is a single line"
        err = float(np.max(np.abs(y - relu_y)))
        return "\n".join(
            [
                f"max({_gg(w1)}*x + {_gg(b1)}, {_gg(w2)}*x + {_gg(b2)})",
                cross,
                f"max |maxout - relu| on the plot = {_fmt(err)}"
                + ("  (this is ReLU)" if err == 0 else ""),
                "parameters: 4 per unit (relu: 0 beyond the one affine map)",
            ]
        )

    sliders = {
        n: make_slider(n, v, -3.0, 3.0, 0.1)
        for n, v in (("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2))
    }
    return Explorer(
        title="Maxout: the larger of two affine maps",
        figure=fig,
        canvas=canvas,
        sliders=sliders,
        update=update,
        lines={"maxout": mx, "piece1": p1, "piece2": p2, "relu": relu_line},
    )


# --------------------------------------------------------------------------------------------
# softmax temperature
# --------------------------------------------------------------------------------------------


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
        Control ``T``; ``lines["bars"]`` is the BarContainer (heights = probabilities).
    """
    s = np.asarray(scores, dtype=float)
    n = s.size
    fig, canvas = new_canvas((7.2, 3.2))
    ax = fig.subplots()
    bars = plotting.probability_bars(ax, np.full(n, 1.0 / n), annotate=False)
    (uniform,) = ax.plot([-0.5, n - 0.5], [1.0 / n] * 2, "k:", lw=1, label="_uniform 1/n")
    ax.set_xlabel("class")
    title = ax.set_title("")

    def update(T: float) -> str:
        p = actlib.softmax(s / T)
        for bar, h in zip(bars, p, strict=True):
            bar.set_height(h)
        title.set_text(f"softmax(scores / T), T = {_gg(T)}")
        ent = float(-np.sum(p * np.log(np.where(p > 0, p, 1.0))))
        top = int(np.argmax(p))
        return "\n".join(
            [
                f"T = {_gg(T)}",
                "p = [" + ", ".join(f"{v:.4f}" for v in p) + "]",
                f"argmax = class {top}, p_max = {p[top]:.4f}",
                f"entropy = {ent:.4f} nats (uniform: {np.log(n):.4f})",
            ]
        )

    return Explorer(
        title="Softmax temperature",
        figure=fig,
        canvas=canvas,
        sliders={"T": make_slider("T", T, 0.1, 10.0, 0.1, description="temperature T")},
        update=update,
        lines={"bars": bars, "uniform": uniform},
    )


# --------------------------------------------------------------------------------------------
# vanishing gradients
# --------------------------------------------------------------------------------------------


def gaussian_mean_derivative(name: str, *, nodes: int = 120) -> float:
    """``E[f'(z)]`` for ``z ~ N(0, 1)`` by Gauss-Hermite quadrature (deterministic).

    Parameters
    ----------
    name : str
        Elementwise activation.
    nodes : int
        Quadrature nodes.

    Returns
    -------
    float
    """
    t, wts = np.polynomial.hermite_e.hermegauss(nodes)
    act = actlib.get(name)
    return float(np.sum(wts * act.derivative(t)) / np.sqrt(2.0 * np.pi))


def depth_explorer(depth: int = 3, *, max_depth: int = 20) -> Explorer:
    """How a product of ``n`` activation derivatives shrinks with depth (notes 001, 002, 004).

    Left: sigmoid', tanh', relu'. Right (log scale): the best case ``max f'^n`` and the mean
    ``E[prod f'(z_l)] = E[f'(z)]^n`` for independent ``z_l ~ N(0, 1)``; for relu the mean is the
    fraction ``0.5^n`` of paths on which every unit is active (gradient exactly 1 there).

    Parameters
    ----------
    depth : int
        Number of layers, slider [1, max_depth].
    max_depth : int
        Largest depth shown.

    Returns
    -------
    Explorer
        Control ``depth``; line ``marker`` (vertical line at the depth), ``points``.
    """
    names = ("sigmoid", "tanh", "relu")
    colours = {"sigmoid": "tab:blue", "tanh": "tab:green", "relu": "tab:red"}
    fig, canvas = new_canvas((8.6, 3.4))
    ax_d, ax_p = fig.subplots(1, 2)
    x = np.linspace(-6.0, 6.0, 1001)
    dlines = [
        plotting.curve(ax_d, nm, x, derivative=True, color=colours[nm], lw=1.8) for nm in names
    ]
    ax_d.set(xlabel="x", ylabel="f'(x)", title="one factor per layer", ylim=(-0.05, 1.1))
    ax_d.grid(True, alpha=0.35)
    _legend(ax_d, dlines, loc="upper left")
    n = np.arange(1, max_depth + 1)
    peak = {
        nm: float(actlib.get(nm).derivative(np.array(0.5 if nm == "relu" else 0.0))) for nm in names
    }
    mean = {nm: gaussian_mean_derivative(nm) for nm in names}
    plines = []
    for nm in ("sigmoid", "tanh"):
        plines.append(
            ax_p.plot(n, peak[nm] ** n, color=colours[nm], lw=1.2, ls="--", label=f"{nm}'(0)^n")[0]
        )
    for nm in names:
        plines.append(
            ax_p.plot(
                n,
                mean[nm] ** n,
                color=colours[nm],
                lw=2,
                marker=".",
                label=f"mean prod {nm}', z~N(0,1)",
            )[0]
        )
    ax_p.set_yscale("log")
    ax_p.set(xlabel="depth n (layers)", ylabel="gradient factor", ylim=(1e-14, 3))
    ax_p.set_title("product of n factors", fontsize="medium")
    ax_p.grid(True, which="both", alpha=0.25)
    _legend(ax_p, plines, loc="lower left", fontsize="x-small")
    marker = ax_p.axvline(depth, color="black", lw=1, label="_depth")
    (points,) = ax_p.plot([], [], "ko", ms=5, label="_at depth")

    def update(depth: int) -> str:
        marker.set_xdata([depth, depth])
        ys = [mean[nm] ** depth for nm in names] + [peak["sigmoid"] ** depth]
        points.set_data([depth] * len(ys), ys)
        return "\n".join(
            [
                f"depth n = {depth}",
                f"sigmoid: best case 0.25^n = {_fmt(0.25**depth, 5)}, "
                f"mean {mean['sigmoid']:.4f}^n = {_fmt(mean['sigmoid'] ** depth)}",
                f"tanh:    best case 1^n = 1, mean {mean['tanh']:.4f}^n = "
                f"{_fmt(mean['tanh'] ** depth)}",
                f"relu:    gradient 1 on open paths; fraction open 0.5^n = {_fmt(0.5**depth)}",
            ]
        )

    return Explorer(
        title="Vanishing gradients: product of derivatives over depth",
        figure=fig,
        canvas=canvas,
        sliders={
            "depth": make_slider(
                "depth", depth, 1, max_depth, 1, description="depth n", integer=True
            )
        },
        update=update,
        lines={"marker": marker, "points": points, "derivatives": dlines, "products": plines},
    )
