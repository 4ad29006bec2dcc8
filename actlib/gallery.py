"""The activation gallery: every registry function with its derivative, parameters and formula.

:class:`Gallery` is an ipywidgets + ipympl explorer: a dropdown over every activation in
:data:`actlib.ACTIVATIONS` and every alias, the function and its derivative in two stacked
panels, one slider (or dropdown, for a choice) per registry parameter -- built from the
registry's ranges and rebuilt when the activation changes --, the LaTeX formula and range, and
shaded *saturation bands* where ``|f'(x)|`` is below a threshold slider.

Vector activations (softmax, log_softmax, softmin, glu, sparsemax) are shown through the
one-dimensional slice of :func:`actlib.properties.scalar_view`, e.g. softmax of ``[x, 0]``,
first entry; the formula panel says so.

:func:`grid_figure` (the static grid of all functions with their derivatives) lives in
:mod:`actlib.plotting` with the other static figures; it is re-exported here.

The figure is a plain :class:`matplotlib.figure.Figure` on its own ipympl ``Canvas``, made by
:func:`actlib.widgets.new_canvas` (which restores pyplot's backend, so inline plots keep working).
"""

from __future__ import annotations

import base64
import html
import io
import math
import time

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import PolyCollection

import actlib
from actlib.plotting import grid_figure
from actlib.properties import scalar_view

__all__ = ["DEFAULT_X", "Gallery", "grid_figure", "options", "saturation_runs"]

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


def _fmt(v):
    """Four significant digits, no ``-0``, ``inf`` spelled out."""
    v = float(v) + 0.0
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return f"{v:.4g}"


class Gallery(widgets.VBox):
    """The gallery explorer: display it in a notebook.

    Follows the conventions of :class:`actlib.widgets.Explorer` (own figure on an ipympl canvas,
    artists updated in place, slider values on their step grid, a plain-text readout).

    Parameters
    ----------
    name : str
        Activation (or alias) selected first.
    x : array_like, optional
        The x grid; :data:`DEFAULT_X` by default.
    threshold : float
        Initial saturation threshold: bands are shaded where ``|f'(x)| < threshold``.
    figsize : tuple of float
        Size of the figure in inches.

    Attributes
    ----------
    choice : ipywidgets.Dropdown
        Every activation, then every alias.
    threshold : ipywidgets.FloatSlider
        Saturation threshold, 0 to 0.5 in steps of 0.01.
    param_widgets : dict
        ``{parameter name: widget}`` for the selected activation: a FloatSlider with the
        registry's ``low``, ``high`` and ``step``, or a Dropdown for a parameter with choices.
        Rebuilt whenever the activation changes.
    sliders : dict
        All controls: ``activation``, ``threshold`` and the parameter widgets.
    formula : ipywidgets.HTMLMath
        Formula, derivative (or Jacobian), range, kinks and notes.
    readout : ipywidgets.HTML
        :attr:`text` in a ``<pre>`` block.
    text : str
        Plain-text readout: rounded f(0), f'(0), ranges on the grid and saturation bands.
    lines : dict
        ``{"f": Line2D, "df": Line2D, "bands_f": PolyCollection, "bands_df": PolyCollection}``.
        Curves are labelled ``act.label(...)``; a vector slice gets a label that
        :func:`actlib.parse_label` returns None for.
    last_update_seconds : float
        Kernel time of the last update.
    """

    def __init__(self, name="sigmoid", x=None, threshold=0.05, figsize=(6.2, 4.8)):
        from actlib.widgets import make_slider, new_canvas

        self._make_slider = make_slider
        self.x = DEFAULT_X if x is None else np.asarray(x, dtype=np.float64)
        self.title = "Activation gallery: pick a function, move its parameters"
        self.text = ""
        self.last_update_seconds = 0.0
        self._runs = []
        self.choice = widgets.Dropdown(
            options=options(),
            value=name,
            description="activation",
            layout=widgets.Layout(width="320px"),
        )
        self.threshold = make_slider("threshold", threshold, 0.0, 0.5, 0.01, description="|f′| <")
        self.param_box = widgets.VBox()
        self.param_widgets = {}
        self.formula = widgets.HTMLMath(layout=widgets.Layout(width="400px"))
        self.readout = widgets.HTML()

        self.figure, self.canvas = new_canvas(figsize)
        self.ax_f, self.ax_d = self.figure.subplots(2, 1, sharex=True)
        nan = np.full_like(self.x, np.nan)
        (self.line_f,) = self.ax_f.plot(self.x, nan, color="tab:blue", lw=2, label="_f")
        (self.line_d,) = self.ax_d.plot(self.x, nan, color="tab:orange", lw=2, label="_df")
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
            self.ax_d.axhline(0.0, color="tab:red", lw=0.8, ls="--", label="_threshold")
            for _ in range(2)
        ]
        self.ax_f.set_ylabel("f(x)")
        self.ax_d.set_ylabel("f′(x)")
        self.ax_d.set_xlabel("x")
        self.legends = [
            self.ax_f.legend(
                handles=[self.line_f], labels=[""], loc="upper left", fontsize="small"
            ),
            self.ax_d.legend(
                handles=[self.line_d], labels=[""], loc="upper left", fontsize="small"
            ),
        ]
        self.lines = {
            "f": self.line_f,
            "df": self.line_d,
            "bands_f": self.bands[0],
            "bands_df": self.bands[1],
        }
        super().__init__(
            [
                widgets.HTML(f"<b>{html.escape(self.title)}</b>"),
                widgets.HBox([self.choice, self.threshold]),
                self.param_box,
                widgets.HBox([self.canvas, widgets.VBox([self.formula, self.readout])]),
            ]
        )
        self._holding = False
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
        """The selected :class:`~actlib.Activation` (the canonical one for an alias)."""
        return self._view.act

    @property
    def sliders(self):
        """All controls by name: ``activation``, ``threshold``, then the parameters."""
        return {"activation": self.choice, "threshold": self.threshold, **self.param_widgets}

    def params(self):
        """``{name: value}`` of the parameter widgets (floats for sliders)."""
        return {
            k: (w.value if isinstance(w.value, str) else float(w.value))
            for k, w in self.param_widgets.items()
        }

    def values(self):
        """Current values of all controls, keyed like :attr:`sliders`."""
        return {k: w.value for k, w in self.sliders.items()}

    def select(self, name, **params):
        """Select an activation (name or alias), then set its parameters; returns the readout."""
        self.choice.value = name
        return self.set(**params) if params else self.text

    def set(self, **values):
        """Set controls by keyword (numbers snapped onto the slider grid), then update once.

        ``activation`` is applied first (it rebuilds the parameter widgets).
        """
        from actlib.widgets import snap

        if "activation" in values:
            self.choice.value = values.pop("activation")
        unknown = set(values) - set(self.sliders)
        if unknown:
            raise KeyError(f"unknown control(s) {sorted(unknown)}; have {sorted(self.sliders)}")
        self._holding = True
        try:
            for key, value in values.items():
                w = self.sliders[key]
                if isinstance(w, widgets.FloatSlider):
                    value = snap(value, w.min, w.max, w.step)
                w.value = value
        finally:
            self._holding = False
        return self.update()

    def curves(self):
        """``(x, f(x), f'(x))`` exactly as plotted."""
        return (
            np.asarray(self.line_f.get_xdata()),
            np.asarray(self.line_f.get_ydata()),
            np.asarray(self.line_d.get_ydata()),
        )

    def saturated(self):
        """The shaded saturation runs ``[(x_start, x_end), ...]``."""
        return list(self._runs)

    def snapshot_png(self):
        """The figure as a base64 PNG (what a viewer without a kernel shows)."""
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=self.figure.dpi)
        return base64.b64encode(buf.getvalue()).decode("ascii")

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        png = self.snapshot_png()
        self.canvas._data_url = f"data:image/png;base64,{png}"
        data["text/plain"] = f"{self.title}\n{self.text}"
        data["image/png"] = png
        return data

    # -- building and updating ------------------------------------------------------------------

    def _on_choice(self, change):
        self._build(change["new"])

    def _on_change(self, _change=None):
        if not self._holding:
            self.update()

    def _param_widget(self, p):
        if p.choices:
            return widgets.Dropdown(options=list(p.choices), value=p.default, description=p.name)
        return self._make_slider(p.name, p.default, p.low, p.high, p.step)

    def _build(self, name):
        self._view = scalar_view(name)
        old = list(self.param_box.children)
        for w in self.param_widgets.values():
            w.unobserve(self._on_change, names="value")
        self.param_widgets = {p.name: self._param_widget(p) for p in self.act.parameters}
        for w in self.param_widgets.values():
            w.observe(self._on_change, names="value")
        children = list(self.param_widgets.values())
        if not children:
            extra = " (the slice uses axis = -1)" if self._view.is_slice else ""
            children = [widgets.HTML(f"<i>{self.act.name} has no parameters{extra}</i>")]
        self.param_box.children = children
        for w in old:  # close the old controls only once no box shows them
            w.close()
        self.formula.value = self._formula_html()
        self.update()

    def _formula_html(self):
        act, view = self.act, self._view
        alias = self.choice.value if self.choice.value != act.name else ""
        head = f"<b>{act.name}</b>" + (f" (selected as <i>{alias}</i>)" if alias else "")
        if act.aliases:
            head += f"; aliases: {', '.join(act.aliases)}"
        parts = [head, f"$$f(x) = {act.formula}$$"]
        if view.is_slice:
            parts.append(f"Jacobian: $${act.derivative_formula}$$")
            parts.append(
                f"<i>{html.escape(view.description)}</i> "
                "The lower panel is the derivative of that slice."
            )
        else:
            parts.append(f"$$f'(x) = {act.derivative_formula}$$")
        parts.append(f"range (default parameters): ${act.range.latex()}$")
        if act.kinks:
            kinks = "; ".join(f"x = {k.x:g}: f′ := {k.derivative:.4g}" for k in act.kinks)
            parts.append(f"kinks (default parameters): {html.escape(kinks)}")
        if act.notes:
            parts.append(f"<small>{html.escape(act.notes)}</small>")
        return "<br>".join(parts)

    def update(self):
        """Redraw for the current controls; returns (and shows) the readout text."""
        start = time.perf_counter()
        params = self.params()
        view = self._view
        try:
            y = view.value(self.x, **params)
            d = view.derivative(self.x, **params)
        except ValueError as err:  # a parameter combination the function refuses
            self.text = f"invalid parameters: {err}"
            self._show_text()
            return self.text
        thr = float(self.threshold.value)
        self._runs = saturation_runs(self.x, np.abs(d) < thr)
        self.line_f.set_ydata(y)
        self.line_d.set_ydata(d)
        self.line_f.set_label(view.label(**params))
        self.line_d.set_label(view.label(derivative=True, **params))
        for legend, line in zip(self.legends, (self.line_f, self.line_d), strict=True):
            legend.get_texts()[0].set_text(line.get_label())
        for band in self.bands:
            band.set_verts(_rectangles(self._runs))
        for guide, s in zip(self.guides, (1.0, -1.0), strict=True):
            guide.set_ydata([s * thr, s * thr])
        for ax, data in ((self.ax_f, y), (self.ax_d, d)):
            lo, hi = float(np.min(data)), float(np.max(data))
            if ax is self.ax_d:
                lo, hi = min(lo, -thr), max(hi, thr)
            pad = 0.08 * (hi - lo or 1.0)
            ax.set_ylim(lo - pad, hi + pad)
        self.ax_d.set_xlim(self.x[0], self.x[-1])
        self.text = self._readout(y, d, thr)
        self._show_text()
        self.canvas.draw_idle()
        self.last_update_seconds = time.perf_counter() - start
        return self.text

    def _show_text(self):
        self.readout.value = (
            f'<pre style="margin:0;font-size:12px;line-height:1.35">{html.escape(self.text)}</pre>'
        )

    def _readout(self, y, d, thr):
        view, params = self._view, self.params()
        f0 = float(view.value(0.0, **params))
        d0 = float(view.derivative(0.0, **params))
        frac = float(np.mean(np.abs(d) < thr))
        runs = " ∪ ".join(f"[{_fmt(a)}, {_fmt(b)}]" for a, b in self._runs) or "no interval"
        lo, hi = self.x[0], self.x[-1]
        return "\n".join(
            [
                view.label(**params),
                f"f(0) = {_fmt(f0)}   f'(0) = {_fmt(d0)}",
                f"on [{_fmt(lo)}, {_fmt(hi)}]:  f in [{_fmt(np.min(y))}, {_fmt(np.max(y))}]"
                f"   f' in [{_fmt(np.min(d))}, {_fmt(np.max(d))}]",
                f"|f'| < {thr:.2f} on {runs} ({100 * frac:.0f}% of the grid)",
            ]
        )

    def summary(self):
        """The readout text (the same as :attr:`text`)."""
        return self.text
