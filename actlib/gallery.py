"""The activation gallery: every registry function with its derivative, parameters and formula.

:class:`Gallery` is an ipywidgets + ipympl explorer: a dropdown over every activation in
:data:`actlib.ACTIVATIONS` and every alias, the function and its derivative in two stacked
panels, one slider (or dropdown, for a choice) per registry parameter -- built from the
registry's ranges and rebuilt when the activation changes --, the LaTeX formula and range, and
shaded *saturation bands* where ``|f'(x)|`` is below a threshold slider.

Vector activations (softmax, log_softmax, softmin, glu, sparsemax) are shown through the
one-dimensional slice of :func:`actlib.properties.scalar_view`, e.g. softmax of ``[x, 0]``,
first entry; the formula panel says so.

:func:`grid_figure` draws the static grid of all functions with their derivatives (used by
``notebooks/scripts/make_gallery_grid.py``).

The figure is a plain :class:`matplotlib.figure.Figure` drawn by its own ipympl ``Canvas``;
pyplot's backend is never switched, so the notebook's inline plots are unaffected.
"""

from __future__ import annotations

import math
import warnings

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

import actlib
from actlib.properties import scalar_view

__all__ = ["DEFAULT_X", "Gallery", "grid_figure", "on_step_grid", "options", "saturation_runs"]

#: The gallery's x grid (1201 points, step 0.01).
DEFAULT_X = np.linspace(-6.0, 6.0, 1201)


def options():
    """Dropdown options: ``(text, value)`` for every canonical name, then every alias.

    Examples
    --------
    >>> from actlib.gallery import options
    >>> ("swish → silu", "swish") in options()
    True
    """
    canonical = [(name, name) for name in actlib.ACTIVATIONS]
    aliases = [(f"{alias} → {name}", alias) for alias, name in actlib.ALIASES.items()]
    return canonical + aliases


def _decimals(step):
    text = f"{step:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def on_step_grid(value, low, step):
    """``value`` moved to the nearest point of the slider grid ``low + k * step``.

    Examples
    --------
    >>> from actlib.gallery import on_step_grid
    >>> on_step_grid(1 / 3, 0.0, 0.01), on_step_grid(0.25, 0.25, 0.25)
    (0.33, 0.25)
    """
    k = round((float(value) - low) / step)
    return round(low + k * step, _decimals(step) + _decimals(low))


def saturation_runs(x, mask):
    """``[(x_start, x_end), ...]`` for the runs of True in ``mask``, each widened by half a step.

    Examples
    --------
    >>> import numpy as np
    >>> from actlib.gallery import saturation_runs
    >>> saturation_runs(np.arange(6.0), np.array([1, 1, 0, 0, 1, 1], bool))
    [(-0.5, 1.5), (3.5, 5.5)]
    """
    x = np.asarray(x, dtype=np.float64)
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return []
    half = (x[1] - x[0]) / 2 if x.size > 1 else 0.5
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts = np.nonzero(edges == 1)[0]
    ends = np.nonzero(edges == -1)[0] - 1
    return [(float(x[s] - half), float(x[e] + half)) for s, e in zip(starts, ends, strict=True)]


def _rectangles(runs):
    return [[(a, 0.0), (a, 1.0), (b, 1.0), (b, 0.0)] for a, b in runs]


def _canvas(fig):
    """An ipympl canvas (a widget) for ``fig``, without touching pyplot's backend."""
    from ipympl.backend_nbagg import Canvas, FigureManager

    with warnings.catch_warnings():
        # ipympl 0.10's Toolbar passes the canvas on to traitlets, which warns about it
        warnings.filterwarnings("ignore", "Passing unrecognized arguments", DeprecationWarning)
        canvas = Canvas(fig)
        FigureManager(canvas, 0)
    canvas.header_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    return canvas


def _fmt(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    return f"{v:.4g}".replace("-", "−")


class Gallery:
    """The gallery explorer (display it, or its :attr:`widget`, in a notebook).

    Parameters
    ----------
    name : str
        Activation (or alias) selected first.
    x : array_like, optional
        The x grid; :data:`DEFAULT_X` by default.
    threshold : float
        Initial saturation threshold: bands are drawn where ``|f'(x)| < threshold``.
    figsize : tuple of float
        Size of the figure in inches.

    Attributes
    ----------
    choice : ipywidgets.Dropdown
        Every activation and alias.
    threshold : ipywidgets.FloatSlider
        Saturation threshold.
    param_widgets : dict
        ``{parameter name: widget}`` for the selected activation.
    formula, readout : ipywidgets.HTMLMath, ipywidgets.HTML
        The formula panel and the numbers below the plot.
    line_f, line_d : matplotlib.lines.Line2D
        Function and derivative curves (labelled ``act.label(...)``; a vector slice gets a label
        that :func:`actlib.parse_label` returns None for).
    """

    def __init__(self, name="sigmoid", x=None, threshold=0.05, figsize=(6.4, 5.2)):
        self.x = DEFAULT_X if x is None else np.asarray(x, dtype=np.float64)
        self.choice = widgets.Dropdown(
            options=options(), value=name, description="activation", layout={"width": "300px"}
        )
        self.threshold = widgets.FloatSlider(
            value=on_step_grid(threshold, 0.0, 0.01),
            min=0.0,
            max=0.5,
            step=0.01,
            description="|f′| <",
            readout_format=".2f",
            continuous_update=True,
        )
        self.param_box = widgets.VBox()
        self.param_widgets = {}
        self.formula = widgets.HTMLMath(layout={"width": "380px"})
        self.readout = widgets.HTML()

        self.fig = Figure(figsize=figsize, layout="constrained")
        self.ax_f, self.ax_d = self.fig.subplots(2, 1, sharex=True)
        nan = np.full_like(self.x, np.nan)
        (self.line_f,) = self.ax_f.plot(self.x, nan, color="tab:blue", lw=2)
        (self.line_d,) = self.ax_d.plot(self.x, nan, color="tab:orange", lw=2)
        self.bands = []
        for ax in (self.ax_f, self.ax_d):
            band = PolyCollection(
                [], transform=ax.get_xaxis_transform(), facecolor="tab:red", alpha=0.12, lw=0
            )
            band.set_label("_saturated")
            ax.add_collection(band, autolim=False)
            self.bands.append(band)
            ax.axhline(0.0, color="0.6", lw=0.8, label="_zero")
            ax.grid(True, alpha=0.35)
        self.guides = [
            self.ax_d.axhline(s * threshold, color="tab:red", lw=0.8, ls="--", label="_threshold")
            for s in (1.0, -1.0)
        ]
        self.ax_f.set_ylabel("f(x)")
        self.ax_d.set_ylabel("f′(x)")
        self.ax_d.set_xlabel("x")
        self.canvas = _canvas(self.fig)

        self.widget = widgets.VBox(
            [
                widgets.HBox([self.choice, self.threshold]),
                self.param_box,
                widgets.HBox([self.canvas, widgets.VBox([self.formula, self.readout])]),
            ]
        )
        self.choice.observe(self._on_choice, names="value")
        self.threshold.observe(self._on_change, names="value")
        self._build(name)

    # -- public API ---------------------------------------------------------------------------

    @property
    def view(self):
        """The :class:`~actlib.properties.ScalarView` being shown."""
        return self._view

    @property
    def act(self):
        """The selected :class:`~actlib.Activation` (canonical, also for an alias)."""
        return self._view.act

    def params(self):
        """``{name: value}`` of the parameter widgets (floats for sliders)."""
        return {
            k: (w.value if isinstance(w.value, str) else float(w.value))
            for k, w in self.param_widgets.items()
        }

    def select(self, name, **params):
        """Select an activation (name or alias), then set parameters by keyword."""
        self.choice.value = name
        self.set(**params)
        return self

    def set(self, **params):
        """Set parameter widgets by keyword (numbers are moved onto the slider grid)."""
        for key, value in params.items():
            widget = self.param_widgets[key]
            if isinstance(widget, widgets.Dropdown):
                widget.value = value
            else:
                widget.value = on_step_grid(value, widget.min, widget.step)
        return self

    def curves(self):
        """``(x, f(x), f'(x))`` exactly as plotted."""
        return (
            np.asarray(self.line_f.get_xdata()),
            np.asarray(self.line_f.get_ydata()),
            np.asarray(self.line_d.get_ydata()),
        )

    def saturated(self):
        """The saturation runs ``[(x_start, x_end), ...]`` as shaded."""
        return list(self._runs)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # -- building and updating ------------------------------------------------------------------

    def _on_choice(self, change):
        self._build(change["new"])

    def _on_change(self, _change=None):
        self._update()

    def _param_widget(self, p):
        if p.choices:
            return widgets.Dropdown(
                options=list(p.choices), value=p.default, description=p.name, tooltip=p.doc
            )
        return widgets.FloatSlider(
            value=on_step_grid(p.default, p.low, p.step),
            min=p.low,
            max=p.high,
            step=p.step,
            description=p.name,
            readout_format=f".{_decimals(p.step)}f",
            continuous_update=True,
            tooltip=p.doc,
        )

    def _build(self, name):
        self._view = scalar_view(name)
        for w in self.param_widgets.values():
            w.unobserve(self._on_change, names="value")
            w.close()
        self.param_widgets = {p.name: self._param_widget(p) for p in self.act.parameters}
        for w in self.param_widgets.values():
            w.observe(self._on_change, names="value")
        children = list(self.param_widgets.values())
        if not children:
            text = "no parameters" if not self._view.is_slice else "no parameters (axis = -1)"
            children = [widgets.HTML(f"<i>{self.act.name}: {text}</i>")]
        self.param_box.children = children
        self._update()

    def _formula_html(self):
        act, view = self.act, self._view
        alias = self.choice.value if self.choice.value != act.name else ""
        head = f"<b>{act.name}</b>" + (f" (selected as <i>{alias}</i>)" if alias else "")
        if act.aliases:
            head += f"; aliases: {', '.join(act.aliases)}"
        parts = [head, f"$$f(x) = {act.formula}$$"]
        if view.is_slice:
            parts.append(f"Jacobian: $${act.derivative_formula}$$")
            parts.append(f"<i>{view.description}</i> The lower panel is its derivative d/dx.")
        else:
            parts.append(f"$$f'(x) = {act.derivative_formula}$$")
        parts.append(f"range (default parameters): ${act.range.latex()}$")
        if act.kinks:
            kinks = "; ".join(f"x = {k.x:g}: f′ := {k.derivative:.4g}" for k in act.kinks)
            parts.append(f"kinks (default parameters): {kinks}")
        if act.notes:
            parts.append(f"<small>{act.notes}</small>")
        return "<br>".join(parts)

    def _update(self):
        params = self.params()
        view = self._view
        try:
            y = view.value(self.x, **params)
            d = view.derivative(self.x, **params)
        except ValueError as err:  # an invalid parameter combination
            self.readout.value = f"<b>invalid parameters</b>: {err}"
            return
        thr = float(self.threshold.value)
        self._runs = saturation_runs(self.x, np.abs(d) < thr)
        self.line_f.set_data(self.x, y)
        self.line_d.set_data(self.x, d)
        self.line_f.set_label(view.label(**params))
        self.line_d.set_label(view.label(derivative=True, **params))
        for band in self.bands:
            band.set_verts(_rectangles(self._runs))
        for guide, s in zip(self.guides, (1.0, -1.0), strict=True):
            guide.set_ydata([s * thr, s * thr])
        for ax in (self.ax_f, self.ax_d):
            ax.relim()
            ax.autoscale_view()
            ax.legend(loc="upper left", fontsize="small")
        self.ax_f.set_title(view.label(**params), fontsize="medium")
        self.formula.value = self._formula_html()
        self.readout.value = self._readout_html(y, d, thr)
        self.canvas.draw_idle()

    def _readout_html(self, y, d, thr):
        view, params = self._view, self.params()
        f0 = float(view.value(0.0, **params))
        d0 = float(view.derivative(0.0, **params))
        frac = float(np.mean(np.abs(d) < thr))
        lo, hi = float(self.x[0]), float(self.x[-1])
        return (
            f"f(0) = {_fmt(f0)}, f′(0) = {_fmt(d0)}<br>"
            f"on [{_fmt(lo)}, {_fmt(hi)}]: f from {_fmt(np.min(y))} to {_fmt(np.max(y))}, "
            f"f′ from {_fmt(np.min(d))} to {_fmt(np.max(d))}<br>"
            f"saturated (|f′| &lt; {thr:.2f}): {100 * frac:.0f}% of the interval, "
            f"{len(self._runs)} band(s)"
        )

    def summary(self):
        """A plain-text line with the readout's numbers (for printed checkpoints)."""
        _, y, d = self.curves()
        view, params = self._view, self.params()
        thr = float(self.threshold.value)
        runs = ", ".join(f"[{a:.2f}, {b:.2f}]" for a, b in self._runs) or "none"
        return (
            f"{view.label(**params)}: f(0)={float(view.value(0.0, **params)):.4f}, "
            f"f'(0)={float(view.derivative(0.0, **params)):.4f}, "
            f"f in [{np.min(y):.4f}, {np.max(y):.4f}], f' in [{np.min(d):.4f}, {np.max(d):.4f}], "
            f"|f'| < {thr:.2f} on {runs}"
        )


# --------------------------------------------------------------------------------------------
# the static grid


def grid_figure(names=None, x=None, ncols=6, panel=(2.3, 1.9), fig=None):
    """All activations with their derivatives, one small panel each (function solid, derivative
    dashed), like PyTorch's activation images but with derivatives.

    Parameters
    ----------
    names : sequence of str, optional
        Activations to draw; every registry activation by default.
    x : array_like, optional
        The x grid; ``linspace(-5, 5, 501)`` by default.
    ncols : int
        Panels per row.
    panel : tuple of float
        Size of one panel in inches.
    fig : matplotlib.figure.Figure, optional
        Draw into this figure (a new :class:`~matplotlib.figure.Figure` otherwise).

    Returns
    -------
    matplotlib.figure.Figure
    """
    names = list(actlib.ACTIVATIONS) if names is None else [actlib.get(n).name for n in names]
    x = np.linspace(-5.0, 5.0, 501) if x is None else np.asarray(x, dtype=np.float64)
    nrows = -(-len(names) // ncols)
    if fig is None:
        fig = Figure(figsize=(panel[0] * ncols, panel[1] * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, sharex=True, squeeze=False).ravel()
    for ax, name in zip(axes, names, strict=False):
        view = scalar_view(name)
        ax.axhline(0.0, color="0.7", lw=0.6, label="_zero")
        ax.axvline(0.0, color="0.7", lw=0.6, label="_zero")
        ax.plot(x, view.value(x), color="tab:blue", lw=1.6, label=view.label())
        ax.plot(
            x,
            view.derivative(x),
            color="tab:orange",
            lw=1.2,
            ls="--",
            label=view.label(derivative=True),
        )
        ax.set_title(view.pattern if view.is_slice else name, fontsize="small")
        ax.tick_params(labelsize="x-small")
        ax.grid(True, alpha=0.3)
        top = np.nanmax(np.abs(view.value(x)))
        if top > 8:
            ax.set_ylim(-1.5, 8)
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    fig.suptitle("actlib activations: f (solid) and f′ (dashed); vector functions as 1-D slices")
    return fig
