"""Unit tests of ``actlib.plotting`` and of the vector functions' ranges (issue 16).

Each test draws with one helper and compares *every* artist it makes (line data, labels, legend
texts, annotation texts and positions, patch extents, image data) with values computed here
independently of actlib's kernels (plain NumPy formulas or ``tests/reference.py``). They would
catch, among others: ``function_derivative_panels`` dropping ``params=`` on one panel,
``mark_points`` annotating x instead of f(x), ``shade_bands`` moving a band, a vector function's
range losing a closed end.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

import actlib
from actlib import plotting


def _axes(n=1):
    fig = Figure()
    return fig, [fig.add_subplot(1, n, i + 1) for i in range(n)]


def _legend_texts(ax):
    leg = ax.get_legend()
    return [t.get_text() for t in leg.get_texts()] if leg is not None else []


# ----------------------------------------------------------------------------- panels
@pytest.mark.parametrize(
    ("name", "params", "f", "fprime"),
    [
        (
            "leaky_relu",
            {"alpha": 0.3},
            lambda x: np.where(x > 0, x, 0.3 * x),
            lambda x: np.where(x > 0, 1.0, 0.3),
        ),
        (
            "elu",
            {"alpha": 0.5},
            lambda x: np.where(x > 0, x, 0.5 * np.expm1(x)),
            lambda x: np.where(x > 0, 1.0, 0.5 * np.exp(x)),
        ),
    ],
)
def test_function_derivative_panels_draw_both_panels_at_params(name, params, f, fprime):
    x = np.linspace(-3, 3, 61)  # 0 is a grid point: the kink value is checked too
    fig = Figure()
    axes = (fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2))
    _, (ax_f, ax_d) = plotting.function_derivative_panels(name, x, params={name: params}, axes=axes)
    (lf,) = ax_f.get_lines()
    (ld,) = ax_d.get_lines()
    act = actlib.get(name)
    assert lf.get_label() == act.label(**params)
    assert ld.get_label() == act.label(True, **params)
    np.testing.assert_allclose(lf.get_ydata(), f(x), rtol=1e-15, atol=0)
    want = fprime(x)
    if name == "leaky_relu":  # PyTorch: leaky_relu'(0) = alpha
        want[x == 0] = params["alpha"]
    else:  # elu'(0) = alpha (PyTorch)
        want[x == 0] = params["alpha"]
    np.testing.assert_allclose(ld.get_ydata(), want, rtol=1e-15, atol=0)
    # the legend shows exactly the line labels, and both panels name the same parameters
    assert _legend_texts(ax_f) == [lf.get_label()]
    assert _legend_texts(ax_d) == [ld.get_label()]
    assert actlib.parse_label(lf.get_label())[2] == actlib.parse_label(ld.get_label())[2] == params


def test_function_derivative_panels_several_acts_and_defaults():
    x = np.linspace(-4, 4, 81)
    fig = Figure()
    axes = (fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2))
    plotting.function_derivative_panels(["sigmoid", "tanh"], x, axes=axes)
    s = 1 / (1 + np.exp(-x))
    got_f = {ln.get_label(): ln.get_ydata() for ln in axes[0].get_lines()}
    got_d = {ln.get_label(): ln.get_ydata() for ln in axes[1].get_lines()}
    np.testing.assert_allclose(got_f["sigmoid(x)"], s, rtol=4e-16)
    np.testing.assert_allclose(got_f["tanh(x)"], np.tanh(x), rtol=4e-16)
    np.testing.assert_allclose(got_d["sigmoid'(x)"], s * (1 - s), rtol=1e-13)
    np.testing.assert_allclose(got_d["tanh'(x)"], 1 - np.tanh(x) ** 2, rtol=1e-13, atol=1e-16)
    assert axes[0].get_title() == "sigmoid, tanh"
    assert axes[1].get_title() == "sigmoid, tanh derivative"
    assert _legend_texts(axes[0]) == ["sigmoid(x)", "tanh(x)"]
    assert _legend_texts(axes[1]) == ["sigmoid'(x)", "tanh'(x)"]


def test_curve_and_overlay_pass_params_per_activation():
    _, (ax,) = _axes()
    x = np.linspace(-2, 2, 41)
    plotting.overlay(ax, ["relu6", "hard_tanh"], x, params={"hard_tanh": {"max_val": 0.5}})
    lines = {ln.get_label(): ln.get_ydata() for ln in ax.get_lines()}
    np.testing.assert_array_equal(lines["relu6(x)"], np.clip(x, 0, 6))
    np.testing.assert_array_equal(lines["hard_tanh(x; max_val=0.5)"], np.clip(x, -1, 0.5))


# ----------------------------------------------------------------------------- annotations
@pytest.mark.parametrize("derivative", [False, True])
def test_mark_points_annotates_the_value_at_each_point(derivative):
    _, (ax,) = _axes()
    xs = np.array([-30.0, -10.0, 0.0, 10.0, 2.5])
    line = plotting.mark_points(ax, "sigmoid", xs, derivative=derivative)
    s = 1 / (1 + np.exp(-xs))
    want = s * (1 - s) if derivative else s
    np.testing.assert_array_equal(line.get_xdata(), xs)
    np.testing.assert_allclose(line.get_ydata(), want, rtol=1e-12)
    texts = ax.texts
    assert len(texts) == xs.size
    for t, xv, yv in zip(texts, xs, want, strict=True):
        assert t.get_text() == f"{yv:.4g}"
        assert t.xy[0] == xv
        assert t.xy[1] == pytest.approx(yv, rel=1e-12)


def test_mark_points_fmt_and_no_annotation():
    _, (ax,) = _axes()
    plotting.mark_points(ax, "relu", [-1.0, 2.0], fmt="{:.2f}")
    assert [t.get_text() for t in ax.texts] == ["0.00", "2.00"]
    _, (bx,) = _axes()
    plotting.mark_points(bx, "relu", [-1.0, 2.0], annotate=False)
    assert len(bx.texts) == 0


def test_probability_bars_heights_ticks_and_texts():
    _, (ax,) = _axes()
    probs = np.array([0.1, 0.25, 0.65])
    bars = plotting.probability_bars(ax, probs, names=["a", "b", "c"], title="t")
    np.testing.assert_array_equal([b.get_height() for b in bars], probs)
    np.testing.assert_array_equal([b.get_x() + b.get_width() / 2 for b in bars], [0, 1, 2])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert [t.get_text() for t in ax.texts] == ["0.100", "0.250", "0.650"]
    for t, p in zip(ax.texts, probs, strict=True):
        assert t.get_position()[1] == pytest.approx(p + 0.015)
    assert ax.get_ylim() == (0, 1.05)
    assert ax.get_title() == "t"


def test_jacobian_heatmap_shows_the_matrix_on_a_symmetric_scale():
    fig, (ax,) = _axes()
    jac = np.array([[0.2, -0.1], [-0.4, 0.3]])
    im = plotting.jacobian_heatmap(ax, jac, ticklabels=["p", "q"])
    np.testing.assert_array_equal(im.get_array(), jac)
    assert im.get_clim() == (-0.4, 0.4)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["p", "q"]
    assert len(fig.axes) == 2  # the colour bar


# ----------------------------------------------------------------------------- bands
def test_shade_bands_span_exactly_the_given_edges():
    _, (ax,) = _axes()
    patches = plotting.shade_bands(ax, [(-6, 6, "useful (-6, 6)"), (-3, 3, "best")])
    assert [p.get_label() for p in patches] == ["useful (-6, 6)", "best"]
    for p, (lo, hi) in zip(patches, [(-6, 6), (-3, 3)], strict=True):
        assert band_edges(p) == (lo, hi)


def band_edges(patch):
    """Data x-extent of an ``axvspan`` patch (a Rectangle since matplotlib 3.9, else a Polygon)."""
    if hasattr(patch, "get_width"):
        return (patch.get_x(), patch.get_x() + patch.get_width())
    xs = np.asarray(patch.get_xy())[:, 0]
    return (float(xs.min()), float(xs.max()))


def _sigmoid_prime(x):
    s = 1 / (1 + math.exp(-x))
    return s * (1 - s)


def test_saturation_edge_is_where_the_slope_falls_to_one_percent():
    edge = plotting.saturation_edge("sigmoid")
    assert _sigmoid_prime(edge) <= 0.01 * 0.25 < _sigmoid_prime(edge - 1e-9)
    assert 5.98 < edge < 6.0
    t = plotting.saturation_edge("tanh")
    assert math.cosh(t) ** -2 <= 0.01 * (1 + 1e-12) and 0.01 < math.cosh(t - 1e-9) ** -2
    assert 2.99 < t < 3.0


# ----------------------------------------------------------------------------- vector ranges
#: Hand-derived ranges of every vector function: (low, high, low_closed, high_closed), and inputs
#: whose outputs reach each closed end exactly (in float64).
VECTOR_RANGES = {
    "softmax": (0.0, 1.0, True, True, [[0.0, -1000.0]]),
    "softmin": (0.0, 1.0, True, True, [[0.0, 1000.0]]),
    "sparsemax": (0.0, 1.0, True, True, [[0.0, 5.0], [0.3, 0.1, 0.2]]),
    "log_softmax": (-math.inf, 0.0, False, True, [[0.0, -1000.0]]),
    "glu": (-math.inf, math.inf, False, False, []),
}


def test_every_vector_function_has_a_hand_derived_range():
    vector = {n for n, a in actlib.ACTIVATIONS.items() if a.kind == "vector"}
    assert vector == set(VECTOR_RANGES)


@pytest.mark.parametrize("name", sorted(VECTOR_RANGES))
def test_vector_range_is_hand_derived_and_closed_ends_are_reached(name):
    low, high, lc, hc, reach = VECTOR_RANGES[name]
    act = actlib.get(name)
    r = act.range
    assert (r.low, r.high, r.low_closed, r.high_closed) == (low, high, lc, hc)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((200, 6)) * rng.choice([0.1, 1.0, 30.0, 800.0], (200, 1))
    assert np.all(r.contains(act(x)))
    got = np.concatenate([np.ravel(act(np.array(v))) for v in reach]) if reach else np.array([])
    for end, closed in ((low, lc), (high, hc)):
        if closed:
            assert np.any(got == end), f"{name}: closed end {end} not reached by {reach}"
            assert np.all(r.contains(got))
