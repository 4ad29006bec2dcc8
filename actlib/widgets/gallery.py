"""The activation gallery: every registry function with its derivative, parameters and formula.

:class:`Gallery` is an :class:`~actlib.widgets.base.Explorer`: a dropdown over every activation
in :data:`actlib.ACTIVATIONS` and every alias, the function and its derivative in two stacked
panels, one control per registry parameter (:func:`~actlib.widgets.base.control_for`, rebuilt
when the activation changes), the LaTeX formula and range, and shaded *saturation bands* where
``|f'(x)|`` is below a threshold slider (:func:`actlib.analysis.saturation_runs`).

Vector activations (softmax, log_softmax, softmin, glu, sparsemax) are shown through the
one-dimensional slice of :func:`actlib.properties.scalar_view`, e.g. softmax of ``[x, 0]``,
first entry; the formula panel says so.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import PolyCollection

import actlib
from actlib.analysis import saturation_runs
from actlib.properties import scalar_view

from .base import Explorer, control_for, fmt, make_slider, new_canvas
from .curves import nice_limits

__all__ = ["DEFAULT_X", "Gallery", "options"]

#: The gallery's x grid (1201 points, step 0.01).
DEFAULT_X = np.linspace(-6.0, 6.0, 1201)


def options():
    """Dropdown options: ``(text, value)`` for every canonical name, then every alias.

    Examples
    --------
    >>> ("swish → silu", "swish") in options()
    True
    """
    canonical = [(name, name) for name in actlib.ACTIVATIONS]
    aliases = [(f"{alias} → {name}", alias) for alias, name in actlib.ALIASES.items()]
    return canonical + aliases


def _rectangles(runs):
    return [[(a, 0.0), (a, 1.0), (b, 1.0), (b, 0.0)] for a, b in runs]


class Gallery(Explorer):
    """The gallery explorer: display it in a notebook.

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
        ``{parameter name: widget}`` for the selected activation (registry ranges and steps, a
        Dropdown for a parameter with choices). Rebuilt whenever the activation changes.
    sliders : dict
        All controls: ``activation``, ``threshold`` and the parameter widgets.
    formula : ipywidgets.HTMLMath
        Formula, derivative (or Jacobian), range, kinks and notes.
    text : str
        Plain-text readout: rounded f(0), f'(0), ranges on the grid and saturation bands.
    lines : dict
        ``{"f", "df", "bands_f", "bands_df", "guides"}``. Curves are labelled
        ``act.label(...)``; a vector slice gets a label :func:`actlib.parse_label` rejects.
    """

    def __init__(self, name="sigmoid", x=None, threshold=0.05, figsize=(6.2, 4.8)):
        self.x = DEFAULT_X if x is None else np.asarray(x, dtype=np.float64)
        self._runs = []
        self._view = scalar_view(name)
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

        fig, canvas = new_canvas(figsize)
        self.ax_f, self.ax_d = fig.subplots(2, 1, sharex=True)
        nan = np.full_like(self.x, np.nan)
        (self.line_f,) = self.ax_f.plot(self.x, nan, color="#0072B2", lw=2, label="_f")
        (self.line_d,) = self.ax_d.plot(self.x, nan, color="#E69F00", lw=2, ls="--", label="_df")
        self.bands = []
        for ax in (self.ax_f, self.ax_d):
            band = PolyCollection(
                [], transform=ax.get_xaxis_transform(), facecolor="#D55E00", alpha=0.12, lw=0
            )
            band.set_label("_saturated")
            band.set_zorder(1.6)  # above the axis (1.5): a frame redraws bands, not ticks
            ax.add_collection(band, autolim=False)
            self.bands.append(band)
            ax.axhline(0.0, color="0.6", lw=0.8, label="_zero")
            ax.grid(True, alpha=0.35)
        self.guides = [
            self.ax_d.axhline(0.0, color="#D55E00", lw=0.8, ls="--", label="_threshold")
            for _ in range(2)
        ]
        self.ax_f.set_ylabel("f(x)")
        self.ax_d.set_ylabel("f′(x)")
        self.ax_d.set_xlabel("x")
        self.ax_d.set_xlim(self.x[0], self.x[-1])
        self.legends = [
            ax.legend(handles=[line], labels=[""], loc="upper left", fontsize="small")
            for ax, line in ((self.ax_f, self.line_f), (self.ax_d, self.line_d))
        ]
        self._rebuild_params()
        sliders = {"activation": self.choice, "threshold": self.threshold, **self.param_widgets}

        def layout(heading, canvas, _controls, readout):
            return [
                heading,
                widgets.HBox([self.choice, self.threshold]),
                self.param_box,
                widgets.HBox([canvas, widgets.VBox([self.formula, readout])]),
            ]

        super().__init__(
            title="Activation gallery: pick a function, move its parameters",
            figure=fig,
            canvas=canvas,
            sliders=sliders,
            update=self._draw,
            lines={
                "f": self.line_f,
                "df": self.line_d,
                "bands_f": self.bands[0],
                "bands_df": self.bands[1],
                "guides": self.guides,
            },
            dynamic=[self.line_f, self.line_d, *self.bands, *self.guides, *self.legends],
            alt=self._alt_text,
            children=layout,
        )
        # the activation rebuilds the parameter controls before it updates
        self.unwatch([self.choice])
        self.choice.observe(self._on_choice, names="value")

    # -- public API ---------------------------------------------------------------------------

    @property
    def view(self):
        """The :class:`~actlib.properties.ScalarView` being shown."""
        return self._view

    @property
    def act(self):
        """The selected :class:`~actlib.Activation` (the canonical one for an alias)."""
        return self._view.act

    def params(self):
        """``{name: value}`` of the parameter widgets (floats for sliders)."""
        return {
            k: (w.value if isinstance(w.value, str) else float(w.value))
            for k, w in self.param_widgets.items()
        }

    def select(self, name, **params):
        """Select an activation (name or alias), then set its parameters; returns the readout."""
        self.choice.value = name
        return self.set(**params) if params else self.text

    def set(self, **values):
        """Set controls by keyword (numbers snapped onto the slider grid), then update once.

        ``activation`` is applied first (it rebuilds the parameter widgets).
        """
        if "activation" in values:
            self.choice.value = values.pop("activation")
        return super().set(**values)

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

    # -- building and updating ------------------------------------------------------------------

    def _on_choice(self, change):
        self._view = scalar_view(change["new"])
        self.unwatch(self.param_widgets.values())
        old = list(self.param_box.children)
        self._rebuild_params()
        self.sliders = {
            "activation": self.choice,
            "threshold": self.threshold,
            **self.param_widgets,
        }
        self.watch(self.param_widgets.values())
        for w in old:  # close the old controls only once no box shows them
            w.close()
        self.update()

    def _rebuild_params(self):
        self.param_widgets = {p.name: control_for(p) for p in self.act.parameters}
        children = list(self.param_widgets.values())
        if not children:
            extra = " (the slice uses axis = -1)" if self._view.is_slice else ""
            children = [widgets.HTML(f"<i>{self.act.name} has no parameters{extra}</i>")]
        self.param_box.children = children
        self.formula.value = self._formula_html()

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

    def _draw(self, activation, threshold, **params):
        params = self.params()
        view = self._view
        try:
            y = view.value(self.x, **params)
            d = view.derivative(self.x, **params)
        except ValueError as err:  # a parameter combination the function refuses
            return f"invalid parameters: {err}"
        thr = float(threshold)
        self._runs = saturation_runs(self.x, np.abs(d) < thr)
        self.line_f.set_ydata(y)
        self.line_d.set_ydata(d)
        self.line_f.set_label(view.label(**params))
        self.line_d.set_label(view.label(derivative=True, **params))
        for leg, line in zip(self.legends, (self.line_f, self.line_d), strict=True):
            leg.get_texts()[0].set_text(line.get_label())
        for band in self.bands:
            band.set_verts(_rectangles(self._runs))
        for guide, s in zip(self.guides, (1.0, -1.0), strict=True):
            guide.set_ydata([s * thr, s * thr])
        for ax, data in ((self.ax_f, y), (self.ax_d, d)):
            finite = data[np.isfinite(data)]
            lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
            if ax is self.ax_d:
                lo, hi = min(lo, -thr), max(hi, thr)
            ax.set_ylim(*nice_limits(lo, hi, pad=0.08))
        return self._readout(y, d, thr, params)

    def _readout(self, y, d, thr, params):
        view = self._view
        f0 = float(view.value(0.0, **params))
        d0 = float(view.derivative(0.0, **params))
        frac = float(np.mean(np.abs(d) < thr))
        runs = " ∪ ".join(f"[{fmt(a)}, {fmt(b)}]" for a, b in self._runs) or "no interval"
        lo, hi = self.x[0], self.x[-1]
        return "\n".join(
            [
                view.label(**params),
                f"f(0) = {fmt(f0)}   f'(0) = {fmt(d0)}",
                f"on [{fmt(lo)}, {fmt(hi)}]:  f in [{fmt(np.min(y))}, {fmt(np.max(y))}]"
                f"   f' in [{fmt(np.min(d))}, {fmt(np.max(d))}]",
                f"|f'| < {thr:.2f} on {runs} ({100 * frac:.0f}% of the grid)",
            ]
        )

    def _alt_text(self, _ex=None):
        view = self._view
        params = self.params()
        bands = (
            "shaded where |f'| < " + f"{self.threshold.value:.2f}"
            if self._runs
            else "no band shaded"
        )
        return (
            f"Top: {view.label(**params)} for x from {fmt(self.x[0])} to {fmt(self.x[-1])}; "
            f"bottom: its derivative, {bands}."
        )
