"""Curves under a parameter: steepness and bias (sigmoid, tanh), registry parameters, maxout."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

import actlib
from actlib import plotting
from actlib.analysis import transition_width

from .base import Explorer, control_for, fmt, gg, legend, legend_update, make_slider, new_canvas

__all__ = [
    "affine_label",
    "maxout_explorer",
    "maxout_label",
    "nice_limits",
    "parameter_explorer",
    "scaled_explorer",
    "scaled_label",
]


def _nice_ceil(v: float) -> float:
    """Smallest of 1, 1.5, 2, 3, 5, 7.5 times a power of ten that is >= ``v`` (``v > 0``)."""
    k = math.floor(math.log10(v))
    for m in (1.0, 1.5, 2.0, 3.0, 5.0, 7.5, 10.0):
        top = m * 10.0**k
        if top >= v * (1 - 1e-12):
            return top
    return 10.0 ** (k + 1)


def nice_limits(lo: float, hi: float, pad: float = 0.06) -> tuple[float, float]:
    """Axis limits around ``[lo, hi]`` that change only in coarse steps.

    The span is rounded up to 1, 1.5, 2, 3, 5 or 7.5 times a power of ten and both ends to a
    multiple of a tenth of it, so a small parameter change keeps the limits (and the blitted
    background) and a large one changes them once.

    Examples
    --------
    >>> nice_limits(-0.3, 1.0)
    (-0.45, 1.2)
    """
    lo, hi = float(lo), float(hi)
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return (-1.0, 1.0)
    span = _nice_ceil(max(hi - lo, 1e-12) * (1 + 2 * pad))
    unit = span / 10
    a = math.floor((lo - pad * (hi - lo)) / unit + 1e-9) * unit
    b = math.ceil((hi + pad * (hi - lo)) / unit - 1e-9) * unit
    return (round(a, 12) + 0.0, round(b, 12) + 0.0)


# --------------------------------------------------------------------------------------------
# notes 002/003: steepness and bias
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
    core = f"{name}(w*x+b; w={gg(w)}, b={gg(b)})"
    return f"d/dx {core}" if derivative else core


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
        The slope panel's y-limit steps through 1, 1.5, 2, 3, 5, ... times a power of ten
        above the peak slope.
    """
    act = actlib.get(name)
    if act.name not in ("sigmoid", "tanh"):
        raise ValueError(f"scaled_explorer supports sigmoid and tanh, not {name!r}")
    x = np.linspace(-10.0, 10.0, 1000) if x is None else np.asarray(x, dtype=float)
    low = 0.0 if act.name == "sigmoid" else -1.0
    fig, canvas = new_canvas((8.4, 3.2))
    ax_f, ax_d = fig.subplots(1, 2)
    (base,) = ax_f.plot(x, act(x), color="grey", lw=1, ls=":", label=act.label())
    (limit,) = ax_f.plot(x, np.zeros_like(x), color="#D55E00", lw=1, ls="--", label="_limit")
    (f_line,) = ax_f.plot(x, act(x), color="#0072B2", lw=2, label=scaled_label(act.name, 1, 0))
    (d_line,) = ax_d.plot(
        x,
        act.derivative(x),
        color="#E69F00",
        lw=2,
        ls="--",
        label=scaled_label(act.name, 1, 0, derivative=True),
    )
    limit_proxy = ax_f.plot([], [], color="#D55E00", lw=1, ls="--", label="limit w → ∞")[0]
    ax_f.set(xlabel="x", ylabel="f", ylim=(low - 0.05, 1.05), title=f"{act.name}(w x + b)")
    ax_d.set(xlabel="x", ylabel="df/dx", title="its slope w·f'(w x + b)")
    for ax in (ax_f, ax_d):
        ax.grid(True, alpha=0.35)
    legend(ax_f, [f_line, base, limit_proxy], loc="lower right")
    legend(ax_d, [d_line], loc="upper left")
    peak = float(act.derivative(np.array(0.0)))

    def update(w: float, b: float) -> str:
        z = w * x + b
        f_line.set_ydata(act(z))
        d = w * act.derivative(z)
        d_line.set_ydata(d)
        f_line.set_label(scaled_label(act.name, w, b))
        d_line.set_label(scaled_label(act.name, w, b, derivative=True))
        legend_update(ax_f)
        legend_update(ax_d)
        centre = -b / w
        limit.set_ydata(np.where(x > centre, 1.0, low))
        top = w * peak
        ylim_top = _nice_ceil(1.1 * top)
        ax_d.set_ylim(-0.04 * ylim_top, ylim_top)
        vals = act(w * np.array([-1.0, 0.0, 1.0]) + b)
        return "\n".join(
            [
                f"{act.name}(w*x + b) with w = {gg(w)}, b = {gg(b)}",
                f"centre x = -b/w          = {fmt(centre)}",
                f"peak slope w*f'(0)       = {fmt(top)}",
                f"1 %..99 % width ~ 1/w    = {fmt(transition_width(act.name, w))}",
                "f at x = -1, 0, 1        = " + ", ".join(fmt(v) for v in vals),
            ]
        )

    def alt(ex) -> str:
        v = ex.values()
        return (
            f"Left: {act.name}(w x + b) for w = {gg(v['w'])}, b = {gg(v['b'])} (solid) beside "
            f"{act.name}(x) (dotted) and the step it tends to as w grows (dashed); right: its "
            f"slope, a bump of height {fmt(v['w'] * peak)} centred at x = {fmt(-v['b'] / v['w'])}."
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
        dynamic=[f_line, d_line, limit, ax_f.get_legend(), ax_d.get_legend()],
        alt=alt,
    )


# --------------------------------------------------------------------------------------------
# note 002/003: parametric activations
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
        The y-limits follow the curves in coarse steps (:func:`nice_limits`).
    """
    act = actlib.get(name)
    x = np.linspace(-5.0, 5.0, 1001) if x is None else np.asarray(x, dtype=float)
    unknown = set(params) - {p.name for p in act.parameters}
    if unknown:
        raise TypeError(f"{act.name} has no parameter(s) {sorted(unknown)}")
    sliders = {p.name: control_for(p, params.get(p.name)) for p in act.parameters}
    fig, canvas = new_canvas((8.4, 3.2))
    ax_f, ax_d = fig.subplots(1, 2)
    cmp_f = [plotting.curve(ax_f, c, x, color="grey", lw=1, ls="--", alpha=0.8) for c in compare]
    cmp_d = [
        plotting.curve(ax_d, c, x, derivative=True, color="grey", lw=1, ls="--", alpha=0.8)
        for c in compare
    ]
    (f_line,) = ax_f.plot(x, act(x), color="#0072B2", lw=2, label=act.label())
    (d_line,) = ax_d.plot(
        x, act.derivative(x), color="#E69F00", lw=2, ls="--", label=act.label(True)
    )
    ax_f.set(xlabel="x", ylabel="f(x)", title=act.name)
    ax_d.set(xlabel="x", ylabel="f'(x)", title=f"{act.name} derivative")
    for ax in (ax_f, ax_d):
        ax.grid(True, alpha=0.35)
    legend(ax_f, [f_line, *cmp_f], loc="upper left")
    legend(ax_d, [d_line, *cmp_d], loc="upper left")
    probes_arr = np.asarray(probes, dtype=float)

    def update(**kw: Any) -> str:
        y = act(x, **kw)
        dy = act.derivative(x, **kw)
        f_line.set_ydata(y)
        d_line.set_ydata(dy)
        f_line.set_label(act.label(**kw))
        d_line.set_label(act.label(derivative=True, **kw))
        legend_update(ax_f)
        legend_update(ax_d)
        for ax, data, extra in ((ax_f, y, cmp_f), (ax_d, dy, cmp_d)):
            lo = min([float(np.min(data))] + [float(np.min(c.get_ydata())) for c in extra])
            hi = max([float(np.max(data))] + [float(np.max(c.get_ydata())) for c in extra])
            if ax is ax_d:  # headroom: the legend sits above the curves, not over a jump at 0
                hi += 0.5 * (hi - lo)
            ax.set_ylim(*nice_limits(lo, hi))
        fv = act(probes_arr, **kw)
        dv = act.derivative(probes_arr, **kw)
        head = "x      " + "".join(f"{p:>9g}" for p in probes_arr)
        return "\n".join(
            [
                act.label(**kw),
                head,
                "f(x)   " + "".join(f"{fmt(v):>9}" for v in fv),
                "f'(x)  " + "".join(f"{fmt(v):>9}" for v in dv),
            ]
        )

    def alt(ex) -> str:
        kw = ex.values()
        ref = ", ".join(compare)
        return (
            f"Left: {act.label(**kw)} (solid) with {ref} dashed for comparison; right: its "
            f"derivative {act.label(derivative=True, **kw)}."
        )

    return Explorer(
        title=f"{act.name}: parameters",
        figure=fig,
        canvas=canvas,
        sliders=sliders,
        update=update,
        lines={"f": f_line, "df": d_line},
        dynamic=[f_line, d_line, ax_f.get_legend(), ax_d.get_legend()],
        alt=alt,
    )


# --------------------------------------------------------------------------------------------
# note 001: maxout
# --------------------------------------------------------------------------------------------


def affine_label(w: float, b: float) -> str:
    """Label of the affine map ``w*x + b`` as understood by the plot test.

    Examples
    --------
    >>> affine_label(1.0, -0.5)
    'affine(x; w=1, b=-0.5)'
    """
    return f"affine(x; w={gg(w)}, b={gg(b)})"


def maxout_label(w1: float, b1: float, w2: float, b2: float) -> str:
    """Label of ``max(w1*x + b1, w2*x + b2)`` as understood by the plot test.

    Examples
    --------
    >>> maxout_label(1, 0, 0, 0)
    'maxout(x; w1=1, b1=0, w2=0, b2=0)'
    """
    return f"maxout(x; w1={gg(w1)}, b1={gg(b1)}, w2={gg(w2)}, b2={gg(b2)})"


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
    (p1,) = ax.plot(x, x, color="#009E73", lw=1, ls="--", label=affine_label(1, 0))
    (p2,) = ax.plot(x, 0 * x, color="#CC79A7", lw=1, ls="--", label=affine_label(0, 0))
    (mx,) = ax.plot(x, x, color="#0072B2", lw=2, label=maxout_label(1, 0, 0, 0))
    ax.set(xlabel="x", ylabel="y", xlim=(x[0], x[-1]), ylim=(-4, 4), title="maxout of two lines")
    ax.grid(True, alpha=0.35)
    ax.axhline(0, color="black", lw=0.6)
    ax.axvline(0, color="black", lw=0.6)
    legend(ax, [mx, p1, p2, relu_line], loc="upper left")
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
        legend_update(ax)
        if w1 != w2:
            xc = (b2 - b1) / (w1 - w2)
            cross = f"pieces cross at x = {fmt(xc)}"
        else:
            cross = "parallel pieces: maxout is a single line"
        err = float(np.max(np.abs(y - relu_y)))
        return "\n".join(
            [
                f"max({gg(w1)}*x + {gg(b1)}, {gg(w2)}*x + {gg(b2)})",
                cross,
                f"max |maxout - relu| on the plot = {fmt(err)}"
                + ("  (this is ReLU)" if err == 0 else ""),
                "parameters: 4 per unit (relu: 0 beyond the one affine map)",
            ]
        )

    def alt(ex) -> str:
        v = ex.values()
        return (
            f"The larger of the lines {gg(v['w1'])} x + {gg(v['b1'])} and "
            f"{gg(v['w2'])} x + {gg(v['b2'])} (dashed), drawn solid, over ReLU in grey; "
            + ex.text.splitlines()[1]
            + "."
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
        dynamic=[p1, p2, mx, ax.get_legend()],
        alt=alt,
    )
