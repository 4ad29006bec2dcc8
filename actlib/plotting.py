"""Static matplotlib helpers for the actlib notebooks, and the house style of every figure.

House style (applied by :func:`use_house_style` when this module is imported, so static figures
and the explorers' ipympl figures share it):

* the Okabe-Ito colour-blind-safe palette (:data:`PALETTE`) cycled *together with* distinct line
  styles (:data:`LINESTYLES`), so no curve is told apart by colour alone;
* at least 9-pt text everywhere (:data:`MIN_FONT_PT`): ticks, labels, legends, annotations;
* labelled axes and legends placed off the data (:func:`style_axes` puts them outside the axes
  unless a location is given for an empty region);
* alt text on every static figure: :func:`show` displays a figure as PNG together with an HTML
  ``<img alt=...>`` and a plain-text alternative (the alt text), which JupyterLab, the docs and
  nbval (it compares ``text/plain``) all see. :func:`image_bundle` builds the same bundle from PNG
  bytes (for explorer snapshots).

Every curve of an activation or of its derivative is drawn with ``label=act.label(...)`` so that
``tests/test_notebooks_plots.py`` can check the plotted data against an independent reference.
Helper lines that are not activation curves (bands, guides) get labels starting with ``"_"``.

The module imports matplotlib (pyplot only lazily, in :func:`subplots`); ``import actlib`` does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

import actlib

__all__ = [
    "LINESTYLES",
    "MIN_FONT_PT",
    "PALETTE",
    "curve",
    "figure_alt",
    "function_derivative_panels",
    "image_bundle",
    "jacobian_heatmap",
    "mark_points",
    "overlay",
    "place_legend",
    "probability_bars",
    "resolve",
    "saturation_edge",
    "shade_bands",
    "show",
    "style",
    "style_axes",
    "subplots",
    "use_house_style",
]

#: Default plotting grid used by the notebooks when the source note gives none.
DEFAULT_X = np.linspace(-6.0, 6.0, 1001)

#: Okabe & Ito (2008) colour-blind-safe palette, by name (black first for reference curves).
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: Line styles cycled with :data:`PALETTE` (same length, so colour k always has style k).
LINESTYLES: tuple[Any, ...] = (
    "-",
    "--",
    "-.",
    ":",
    (0, (5, 1.5, 1, 1.5, 1, 1.5)),
    (0, (8, 2)),
    (0, (1, 3)),
    (0, (3, 1, 1, 1)),
)

#: Smallest text size (points) any figure uses.
MIN_FONT_PT = 9.0

_CYCLE_ORDER = ("blue", "orange", "green", "vermillion", "purple", "sky", "black", "yellow")


def style(i: int) -> dict[str, Any]:
    """Return ``{"color": ..., "linestyle": ...}`` for the ``i``-th curve of a figure.

    Use it when a curve needs a fixed identity across panels (function and derivative, or one
    activation in several figures): colour and line style change together.

    Parameters
    ----------
    i : int
        Index into the house cycle (taken modulo its length).

    Returns
    -------
    dict
        Line keyword arguments.

    Examples
    --------
    >>> style(0)["color"], style(1)["linestyle"]
    ('#0072B2', '--')
    """
    k = i % len(_CYCLE_ORDER)
    return {"color": PALETTE[_CYCLE_ORDER[k]], "linestyle": LINESTYLES[k]}


def use_house_style() -> None:
    """Set matplotlib's rcParams to the house style (palette + line styles, >= 9-pt text).

    Called when :mod:`actlib.plotting` is imported; call it again after anything that resets
    rcParams (``plt.style.use``, ``matplotlib.rcdefaults()``).
    """
    import matplotlib as mpl
    from cycler import cycler

    colors = [PALETTE[c] for c in _CYCLE_ORDER]
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=colors) + cycler(linestyle=list(LINESTYLES)),
            "font.size": 11.0,
            "axes.titlesize": 11.0,
            "axes.labelsize": 10.5,
            "xtick.labelsize": 10.0,
            "ytick.labelsize": 10.0,
            "legend.fontsize": 9.5,
            "legend.title_fontsize": 9.5,
            "figure.titlesize": 11.5,
            "lines.linewidth": 1.8,
            "axes.grid": False,
            "legend.framealpha": 0.9,
            "image.cmap": "cividis",
        }
    )


def image_bundle(png: bytes, alt: str) -> tuple[dict[str, str], dict[str, Any]]:
    """Return a Jupyter MIME bundle (and its metadata) showing ``png`` with alt text ``alt``.

    The bundle holds ``text/html`` (``<img alt=...>``, what JupyterLab and the docs render),
    ``image/png`` (for tools that read images) and ``text/plain`` (the alt text itself, which nbval
    compares). Explorers use it for their snapshot; :func:`show` for static figures.

    Parameters
    ----------
    png : bytes
        PNG image data.
    alt : str
        A sentence describing what the image shows.

    Returns
    -------
    data, metadata : dict, dict
        Arguments for ``IPython.display.publish_display_data`` / ``_repr_mimebundle_``.
    """
    import base64
    import html

    alt = " ".join(str(alt).split())
    if not alt:
        raise ValueError("alt text must not be empty")
    b64 = base64.b64encode(png).decode("ascii")
    tag = f'<img src="data:image/png;base64,{b64}" alt="{html.escape(alt, quote=True)}"/>'
    data = {"text/html": tag, "image/png": b64, "text/plain": alt}
    return data, {"image/png": {"alt": alt}}


def figure_alt(fig) -> str | None:
    """The alt text given to ``fig`` by :func:`show` (``None`` if it has none)."""
    return getattr(fig, "_actlib_alt", None)


def show(fig, alt: str, *, dpi: float = 100.0):
    """Display a static figure with alt text, then close it (so it is not shown twice).

    Every static figure of the notebooks ends with ``plotting.show(fig, alt="...")``. The alt text
    says what the figure shows (the curves, the point being made), not how it was drawn.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    alt : str
        Alt text (a sentence or two).
    dpi : float
        Resolution of the PNG.

    Returns
    -------
    None
        (So a trailing ``plotting.show(...)`` prints nothing else.)
    """
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    data, metadata = image_bundle(buf.getvalue(), alt)
    fig._actlib_alt = data["text/plain"]
    try:
        from IPython import get_ipython
        from IPython.display import publish_display_data
    except ImportError:  # pragma: no cover - IPython is a notebooks dependency
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        publish_display_data(data, metadata)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return None


def resolve(act: Any) -> Any:
    """Return the :class:`Activation` for a name, alias or activation object.

    Parameters
    ----------
    act : str or Activation
        Canonical name, alias (``"swish"``) or an activation object.

    Returns
    -------
    Activation
        The registry entry.
    """
    return actlib.get(act) if isinstance(act, str) else act


def subplots(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] | None = None, **kw):
    """Create a static figure through pyplot (shown inline as PNG by the notebook backend).

    Parameters
    ----------
    nrows, ncols : int
        Grid of axes.
    figsize : tuple of float, optional
        Figure size in inches; defaults to 4.2 x 3.2 inches per panel.
    **kw
        Passed on to :func:`matplotlib.pyplot.subplots` (``layout="constrained"`` by default).

    Returns
    -------
    fig, axes
        As :func:`matplotlib.pyplot.subplots`.
    """
    import matplotlib.pyplot as plt

    if figsize is None:
        figsize = (4.2 * ncols, 3.2 * nrows)
    kw.setdefault("layout", "constrained")
    return plt.subplots(nrows, ncols, figsize=figsize, **kw)


def style_axes(
    ax,
    title: str | None = None,
    *,
    xlabel: str = "x",
    ylabel: str | None = None,
    grid: bool = True,
    legend: bool = True,
    legend_loc: str = "outside",
):
    """Apply the notebooks' common axes style: title, axis labels, grid, legend off the data.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to style.
    title : str, optional
        Axes title.
    xlabel, ylabel : str
        Axis labels. Every axes of the notebooks has both (pass ``ylabel``).
    grid : bool
        Draw a light grid (note 003 used ``grid()`` on every panel).
    legend : bool
        Draw a legend if the axes has labelled artists.
    legend_loc : str
        ``"outside"`` (default: to the right of the axes, never over the data), ``"below"``
        (under the x-label), or a matplotlib location for a region known to be empty.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes.
    """
    if title is not None:
        ax.set_title(title)
    ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if grid:
        ax.grid(True, alpha=0.35)
    if legend:
        handles, _ = ax.get_legend_handles_labels()
        if handles:
            place_legend(ax, legend_loc)
    return ax


def place_legend(ax, loc: str = "outside", **kw):
    """Draw the legend of ``ax`` off the data.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes whose labelled artists go into the legend.
    loc : str
        ``"outside"`` (right of the axes), ``"below"`` (under the axes) or a matplotlib location
        for a region known to hold no data.
    **kw
        Passed on to :meth:`matplotlib.axes.Axes.legend` (e.g. ``handles``, ``ncols``).

    Returns
    -------
    matplotlib.legend.Legend
    """
    if loc == "outside":
        kw.setdefault("loc", "upper left")
        kw.setdefault("bbox_to_anchor", (1.02, 1.0))
        kw.setdefault("borderaxespad", 0.0)
    elif loc == "below":
        kw.setdefault("loc", "upper center")
        kw.setdefault("bbox_to_anchor", (0.5, -0.22))
        kw.setdefault("ncols", 2)
    else:
        kw.setdefault("loc", loc)
    return ax.legend(**kw)


def curve(
    ax,
    act: Any,
    x: Any = None,
    *,
    derivative: bool = False,
    params: Mapping[str, Any] | None = None,
    label: str | None = None,
    **line_kw,
):
    """Plot one activation (or its derivative) with its canonical label.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Target axes.
    act : str or Activation
        The activation.
    x : array_like, optional
        Abscissae; :data:`DEFAULT_X` if omitted.
    derivative : bool
        Plot the derivative instead of the function.
    params : mapping, optional
        Activation parameters; they also appear in the label.
    label : str, optional
        Override the label. Only use it for a label the plot test understands.
    **line_kw
        Passed on to :meth:`matplotlib.axes.Axes.plot`.

    Returns
    -------
    matplotlib.lines.Line2D
        The plotted line.
    """
    act = resolve(act)
    x = DEFAULT_X if x is None else np.asarray(x, dtype=float)
    params = dict(params or {})
    if derivative:
        if act.kind != "elementwise":
            raise ValueError(
                f"{act.name} is a vector activation: it has a Jacobian, not a derivative"
            )
        y = act.derivative(x, **params)
    else:
        y = act(x, **params)
    if label is None:
        label = act.label(derivative=derivative, **params)
    (line,) = ax.plot(x, y, label=label, **line_kw)
    return line


def overlay(
    ax,
    acts: Iterable[Any],
    x: Any = None,
    *,
    derivative: bool = False,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    styles: Mapping[str, Mapping[str, Any]] | None = None,
):
    """Plot several activations (or derivatives) on one axes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Target axes.
    acts : iterable of str or Activation
        Activations, plotted in order.
    x : array_like, optional
        Abscissae.
    derivative : bool
        Plot derivatives.
    params : mapping, optional
        ``{name: {param: value}}``.
    styles : mapping, optional
        ``{name: line keyword arguments}``.

    Returns
    -------
    list of matplotlib.lines.Line2D
    """
    params = params or {}
    styles = styles or {}
    lines = []
    for a in acts:
        a = resolve(a)
        lines.append(
            curve(
                ax,
                a,
                x,
                derivative=derivative,
                params=params.get(a.name),
                **dict(styles.get(a.name, {})),
            )
        )
    return lines


def function_derivative_panels(
    acts: Any,
    x: Any = None,
    *,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    styles: Mapping[str, Mapping[str, Any]] | None = None,
    axes: Sequence[Any] | None = None,
    titles: tuple[str, str] | None = None,
    figsize: tuple[float, float] = (9.0, 3.4),
    grid: bool = True,
):
    """Draw note 003's layout: function on the left, derivative on the right.

    Parameters
    ----------
    acts : str, Activation or sequence of them
        Elementwise activations to draw.
    x : array_like, optional
        Abscissae (note 003 used ``np.linspace(-20, 20, 1000)``).
    params : mapping, optional
        ``{name: {param: value}}``.
    styles : mapping, optional
        ``{name: line keyword arguments}``.
    axes : pair of Axes, optional
        Draw into existing axes instead of creating a figure.
    titles : pair of str, optional
        Panel titles; default ``"<names>"`` and ``"<names> derivative"``.
    figsize : tuple of float
        Size of a newly created figure.
    grid : bool
        Grid on both panels.

    Returns
    -------
    fig : matplotlib.figure.Figure
    (ax_f, ax_d) : tuple of Axes
    """
    if isinstance(acts, str) or not isinstance(acts, Iterable):
        acts = [acts]
    acts = [resolve(a) for a in acts]
    if axes is None:
        fig, axes = subplots(1, 2, figsize=figsize)
    else:
        fig = axes[0].figure
    ax_f, ax_d = axes
    overlay(ax_f, acts, x, params=params, styles=styles)
    overlay(ax_d, acts, x, derivative=True, params=params, styles=styles)
    names = ", ".join(a.name for a in acts)
    if titles is None:
        titles = (names, f"{names} derivative")
    style_axes(ax_f, titles[0], ylabel="f(x)", grid=grid)
    style_axes(ax_d, titles[1], ylabel="f'(x)", grid=grid)
    return fig, (ax_f, ax_d)


def shade_bands(
    ax,
    bands: Sequence[tuple[float, float, str]],
    *,
    colors: Sequence[str] = ("#009E73", "#E69F00", "#56B4E9", "#CC79A7"),
    alpha: float = 0.15,
    hatches: Sequence[str] = ("", "//", "\\\\", ".."),
):
    """Shade vertical bands ``(low, high, text)`` (e.g. note 003's "useful" and "best" ranges).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Target axes.
    bands : sequence of (float, float, str)
        Band edges and legend text.
    colors : sequence of str
        Colours, cycled.
    alpha : float
        Opacity of each band.
    hatches : sequence of str
        Hatch patterns, cycled (so bands differ by more than colour).

    Returns
    -------
    list of matplotlib.patches.Polygon or Rectangle
        The band patches (not lines, so the plot test ignores them).
    """
    patches = []
    for i, (low, high, text) in enumerate(bands):
        colour = colors[i % len(colors)]
        patches.append(
            ax.axvspan(
                low,
                high,
                facecolor=colour,
                edgecolor=colour,
                alpha=alpha,
                hatch=hatches[i % len(hatches)] or None,
                label=text,
                lw=0,
            )
        )
    return patches


def mark_points(
    ax,
    act: Any,
    xs: Any,
    *,
    derivative: bool = False,
    params: Mapping[str, Any] | None = None,
    fmt: str = "{:.4g}",
    annotate: bool = True,
    **line_kw,
):
    """Mark and annotate the activation (or derivative) at a few points.

    The markers form a labelled line (``act.label(...)``, no connecting line) so they are checked
    by the plot test like any curve.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Target axes.
    act : str or Activation
        The activation.
    xs : array_like
        Points to mark.
    derivative : bool
        Mark the derivative.
    params : mapping, optional
        Activation parameters.
    fmt : str
        Format of the annotation text.
    annotate : bool
        Write the value next to each marker.
    **line_kw
        Passed on to :meth:`matplotlib.axes.Axes.plot`.

    Returns
    -------
    matplotlib.lines.Line2D
    """
    line_kw.setdefault("marker", "o")
    line_kw.setdefault("linestyle", "none")
    line_kw.setdefault("color", "black")
    line_kw.setdefault("markersize", 5)
    line = curve(ax, act, np.atleast_1d(xs), derivative=derivative, params=params, **line_kw)
    if annotate:
        for xv, yv in zip(line.get_xdata(), line.get_ydata(), strict=True):
            ax.annotate(
                fmt.format(yv),
                (xv, yv),
                textcoords="offset points",
                xytext=(4, 6),
                fontsize=max(MIN_FONT_PT, 9.5),
            )
    return line


def probability_bars(
    ax,
    probs: Any,
    *,
    names: Sequence[str] | None = None,
    color: str = PALETTE["blue"],
    title: str | None = None,
    annotate: bool = True,
):
    """Bar chart of a probability vector (softmax output).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Target axes.
    probs : array_like
        1-D probabilities.
    names : sequence of str, optional
        Tick labels; class indices by default.
    color : str
        Bar colour.
    title : str, optional
        Axes title.
    annotate : bool
        Write each probability above its bar (3 decimals).

    Returns
    -------
    matplotlib.container.BarContainer
    """
    probs = np.asarray(probs, dtype=float)
    idx = np.arange(probs.size)
    bars = ax.bar(idx, probs, color=color)
    ax.set_xticks(idx, names if names is not None else [str(i) for i in idx])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("probability")
    if annotate:
        for i, p in enumerate(probs):
            ax.text(i, p + 0.015, f"{p:.3f}", ha="center", fontsize=MIN_FONT_PT)
    if title:
        ax.set_title(title)
    ax.grid(True, axis="y", alpha=0.35)
    return bars


def jacobian_heatmap(ax, jac: Any, *, ticklabels: Sequence[str] | None = None, title: str = ""):
    """Show a square Jacobian matrix as a heatmap with a symmetric diverging colour scale.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Target axes.
    jac : array_like
        ``(n, n)`` matrix, ``jac[i, j] = d y_i / d x_j``.
    ticklabels : sequence of str, optional
        Labels for the rows/columns.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.image.AxesImage
    """
    jac = np.asarray(jac, dtype=float)
    vmax = float(np.max(np.abs(jac))) or 1.0
    im = ax.imshow(jac, cmap="PuOr_r", vmin=-vmax, vmax=vmax)
    n = jac.shape[0]
    labels = ticklabels if ticklabels is not None else [str(i) for i in range(n)]
    ax.set_xticks(range(n), labels)
    ax.set_yticks(range(n), labels)
    ax.set_xlabel("input j")
    ax.set_ylabel("output i")
    if title:
        ax.set_title(title)
    ax.figure.colorbar(im, ax=ax, shrink=0.85)
    return im


def saturation_edge(act: Any, rel: float = 0.01, *, params: Mapping[str, Any] | None = None):
    """Smallest ``x > 0`` beyond which ``|f'(x)|`` stays below ``rel`` times its maximum.

    Used to draw a saturation band that follows from one definition for every activation:
    "the gradient has fallen below 1 % of its peak". For sigmoid this is about 5.99 (note 003's
    "useful range (-6, 6)"), for tanh about 2.99 (note 003's "[-3, 3]").

    Parameters
    ----------
    act : str or Activation
        An elementwise activation whose derivative peaks near 0 and decays on the right.
    rel : float
        Relative threshold.
    params : mapping, optional
        Activation parameters.

    Returns
    -------
    float
        The edge, or ``inf`` if the derivative never falls below the threshold for ``x > 0``.
    """
    act = resolve(act)
    params = dict(params or {})
    grid = np.linspace(-50.0, 50.0, 100001)
    d = np.abs(act.derivative(grid, **params))
    peak = float(d.max())
    level = rel * peak

    def g(t: float) -> float:
        return float(np.abs(act.derivative(np.array(t), **params))) - level

    hi = 1.0
    while g(hi) > 0:
        hi *= 2.0
        if hi > 1e6:
            return float("inf")
    lo = float(grid[np.argmax(d)])
    lo = max(lo, 0.0)
    if g(lo) <= 0:
        return lo
    for _ in range(200):  # bisection on [lo, hi]: g(lo) > 0 >= g(hi)
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if g(mid) > 0:
            lo = mid
        else:
            hi = mid
    return hi


# --------------------------------------------------------------------------------------------
# gallery figures: one legible panel per activation, and the grid built from the same panels
#
# A panel is two stacked axes sharing x: f(x) on top (solid), f'(x) below (dashed), each with tick
# values, an axis label and a legend row above the axes (off the data). Kinks from the registry
# are marked: a ring on f, and on f' the value the library returns there. Vector functions are
# drawn through their 1-D slice (actlib.properties.scalar_view) and the panel says which slice.

__all__ += [
    "GALLERY_X",
    "activation_alt_text",
    "activation_figure",
    "draw_activation_panel",
    "grid_alt_text",
    "grid_figure",
]

#: The gallery's x grid: 500 points on [-5, 5] (no point falls exactly on a kink at 0, ±1, ±3,
#: where libraries' conventions differ).
GALLERY_X = np.linspace(-5.0, 5.0, 500)

#: Okabe-Ito colours (colour-blind safe) and line styles of the gallery's curves.
_GALLERY_STYLE = {
    "f": {"color": PALETTE["blue"], "lw": 2.0, "ls": "-"},
    "df": {"color": PALETTE["vermillion"], "lw": 1.8, "ls": (0, (5, 2.5))},
    "kink": {"color": "black", "marker": "o", "ms": 5.5, "ls": "none"},
    "axis": {"color": "0.55", "lw": 0.7},
}
_GALLERY_PT = 9.5  # text size of ticks, labels and legends (at least 9 pt)
_CLIP = 8.0  # an unbounded curve (exponential) is drawn up to this height


def _gallery_limits(y):
    low = min(float(np.nanmin(y)), 0.0)
    high = max(float(np.nanmax(y)), 0.0)
    high = min(high, _CLIP)
    low = max(low, -_CLIP)
    pad = 0.1 * (high - low or 1.0)
    return low - pad, high + pad


def _panel_kinks(view, x, params):
    """Registry kinks inside the x range, at default parameters only: ``[(x, f, f')]``."""
    if params or view.is_slice:
        return []
    lo, hi = float(np.min(x)), float(np.max(x))
    out = []
    for k in view.act.kinks:
        if lo <= k.x <= hi:
            out.append((float(k.x), float(view.value(k.x)), float(k.derivative)))
    return out


def _panel_title(view):
    return f"{view.name}: slice {view.pattern}" if view.is_slice else view.name


def draw_activation_panel(fig, name, params=None, x=None, *, compact=False):
    """Draw one gallery panel into ``fig`` (a Figure or SubFigure): f on top, f' below.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or matplotlib.figure.SubFigure
        Target; the panel fills it.
    name : str
        Activation name or alias.
    params : mapping, optional
        Activation parameters (defaults otherwise). Kinks are marked at default parameters only.
    x : array_like, optional
        The x grid, :data:`GALLERY_X` by default.
    compact : bool
        Smaller margins and title for a grid cell.

    Returns
    -------
    tuple of matplotlib.axes.Axes
        ``(ax_f, ax_df)``. The curves are labelled ``view.label(**params)`` and
        ``view.label(derivative=True, **params)`` and hold the unscaled data.
    """
    from actlib.properties import scalar_view

    params = dict(params or {})
    view = scalar_view(name)
    x = GALLERY_X if x is None else np.asarray(x, dtype=np.float64)
    y, dy = view.value(x, **params), view.derivative(x, **params)
    pt = _GALLERY_PT
    top = 0.80 if compact else 0.83
    ax_f, ax_d = fig.subplots(
        2,
        1,
        sharex=True,
        gridspec_kw={
            "left": 0.19 if compact else 0.15,
            "right": 0.97,
            "top": top,
            "bottom": 0.13 if compact else 0.11,
            "hspace": 0.14,
        },
    )
    f_label = view.label(**params)
    d_label = view.label(derivative=True, **params)
    handles = []
    for ax, data, key, label, ylabel in (
        (ax_f, y, "f", f_label, "f(x)"),
        (ax_d, dy, "df", d_label, "f′(x)"),
    ):
        ax.axhline(0.0, label="_zero", **_GALLERY_STYLE["axis"])
        ax.axvline(0.0, label="_zero", **_GALLERY_STYLE["axis"])
        (line,) = ax.plot(x, data, label=label, **_GALLERY_STYLE[key])
        handles.append(line)
        ax.set_xlim(float(x[0]), float(x[-1]))
        ax.set_ylim(*_gallery_limits(data))
        ax.set_ylabel(ylabel, fontsize=pt, labelpad=2)
        ax.tick_params(labelsize=pt, pad=2, length=3)
        ax.yaxis.set_major_locator(_max_n_locator(4))
        ax.grid(True, alpha=0.3)
    ax_d.set_xticks([-4.0, -2.0, 0.0, 2.0, 4.0])
    ax_d.set_xlabel("x", fontsize=pt, labelpad=1)
    kinks = _panel_kinks(view, x, params)
    if kinks:
        kx = [k[0] for k in kinks]
        ax_f.plot(kx, [k[1] for k in kinks], mfc="white", label="_kink", **_GALLERY_STYLE["kink"])
        (mark,) = ax_d.plot(kx, [k[2] for k in kinks], label="_kink", **_GALLERY_STYLE["kink"])
        mark_handle = _legend_proxy(mark, "kink (●: f′ there)")
        handles.append(mark_handle)
    legend_labels = [h.get_label() for h in handles]
    if compact:  # short legend entries: f, f' (the title names the function)
        legend_labels = ["f(x)", "f′(x)", "kink"][: len(handles)]
    fig.legend(
        handles,
        legend_labels,
        loc="lower center",
        bbox_to_anchor=(0.5, top + 0.005),
        ncols=len(handles),
        fontsize=pt,
        frameon=False,
        handlelength=2.4,
        columnspacing=1.0,
        handletextpad=0.5,
        borderaxespad=0.0,
    )
    fig.suptitle(
        _panel_title(view) if compact else _panel_title(view) + _param_text(params),
        fontsize=pt + 1.5,
        fontweight="bold",
        y=0.985,
        va="top",
    )
    return ax_f, ax_d


def _param_text(params):
    return (
        " ("
        + ", ".join(
            f"{k}={v:g}" if not isinstance(v, str) else f"{k}={v}" for k, v in params.items()
        )
        + ")"
        if params
        else ""
    )


def _max_n_locator(n):
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(n)


def _legend_proxy(artist, label):
    from matplotlib.lines import Line2D

    return Line2D(
        [],
        [],
        color=artist.get_color(),
        marker=artist.get_marker(),
        ls="none",
        ms=artist.get_markersize(),
        label=label,
    )


def activation_alt_text(name, params=None, x=None):
    """Alt text for :func:`activation_figure`: what is drawn, in one or two sentences."""
    from actlib.properties import scalar_view

    params = dict(params or {})
    view = scalar_view(name)
    x = GALLERY_X if x is None else np.asarray(x, dtype=np.float64)
    y, dy = view.value(x, **params), view.derivative(x, **params)
    what = view.description or f"{view.name}{_param_text(params)}"
    text = (
        f"Two stacked plots of {what.rstrip('.')} for x from {x[0]:g} to {x[-1]:g}: the function "
        f"(solid line, top; from {np.min(y):.3g} to {np.max(y):.3g} on this range) and its "
        f"derivative (dashed line, bottom; from {np.min(dy):.3g} to {np.max(dy):.3g})."
    )
    kinks = _panel_kinks(view, x, params)
    if kinks:
        text += " Kinks are marked at x = " + ", ".join(f"{k[0]:g}" for k in kinks) + "."
    return text


def activation_figure(name, params=None, x=None, *, figsize=(5.0, 4.4), dpi=100):
    """One activation and its derivative as a static figure (the gallery's panel).

    Parameters
    ----------
    name : str
        Activation name or alias (vector functions are drawn as their 1-D slice).
    params : mapping, optional
        Activation parameters; the defaults otherwise.
    x : array_like, optional
        The x grid, :data:`GALLERY_X` by default.
    figsize : tuple of float
        Size in inches.
    dpi : int
        Resolution of the figure (and of ``savefig`` unless it is given one).

    Returns
    -------
    matplotlib.figure.Figure
        Not attached to pyplot. Its alt text (:func:`activation_alt_text`) is stored as
        :func:`figure_alt` (``fig._actlib_alt``).

    Examples
    --------
    >>> from actlib.plotting import activation_figure
    >>> fig = activation_figure("relu")
    >>> [line.get_label() for line in fig.axes[0].get_lines() if not line.get_label()[0] == "_"]
    ['relu(x)']
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=dpi)
    draw_activation_panel(fig, name, params, x)
    fig._actlib_alt = activation_alt_text(name, params, x)
    return fig


def grid_alt_text(names=None, x=None):
    """Alt text for :func:`grid_figure`."""
    names = list(actlib.ACTIVATIONS) if names is None else [actlib.get(n).name for n in names]
    x = GALLERY_X if x is None else np.asarray(x, dtype=np.float64)
    return (
        f"A grid of {len(names)} panels, one per activation ({', '.join(names)}). Each panel "
        f"shows the function (solid line, top) and its derivative (dashed line, bottom) for x "
        f"from {x[0]:g} to {x[-1]:g}, with tick values and kinks marked; vector functions are "
        "drawn as one-dimensional slices."
    )


def grid_figure(names=None, x=None, ncols=4, panel=(3.3, 3.1), fig=None, dpi=100):
    """Every activation as its own gallery panel (:func:`draw_activation_panel`), in a grid.

    Parameters
    ----------
    names : sequence of str, optional
        Activations to draw; every registry activation by default.
    x : array_like, optional
        The x grid, :data:`GALLERY_X` by default.
    ncols : int
        Panels per row.
    panel : tuple of float
        Size of one panel in inches.
    fig : matplotlib.figure.Figure, optional
        Draw into this figure (a new one of the right size otherwise).
    dpi : int
        Resolution of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes per panel; alt text in :func:`figure_alt` (``fig._actlib_alt``).
    """
    from matplotlib.figure import Figure

    names = list(actlib.ACTIVATIONS) if names is None else [actlib.get(n).name for n in names]
    nrows = -(-len(names) // ncols)
    if fig is None:
        fig = Figure(figsize=(panel[0] * ncols, panel[1] * nrows), dpi=dpi)
    cells = np.atleast_1d(fig.subfigures(nrows, ncols, squeeze=False)).ravel()
    for cell, name in zip(cells, names, strict=False):
        draw_activation_panel(cell, name, x=x, compact=True)
    fig._actlib_alt = grid_alt_text(names, x)
    return fig


use_house_style()
