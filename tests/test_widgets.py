"""Drive every slider explorer of actlib.widgets headless and check artists and readouts.

Each explorer is built without a kernel (ipywidgets uses a dummy comm), its controls are set the
way a browser would set them (``slider.value = ...``), and the updated line data, bar heights and
readout text are compared with mpmath references (``tests/reference.py``) or hand formulas.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import textwrap

import matplotlib
import mpmath as mp
import numpy as np
import pytest

matplotlib.use("Agg")

from reference import ref_derivative, ref_softmax, ref_value

import actlib
from actlib import analysis, widgets

RTOL = 1e-12


def ref_array(name, xs, derivative=False, **params):
    fn = ref_derivative if derivative else ref_value
    return np.array([float(fn(name, float(v), **params)) for v in np.asarray(xs).ravel()])


def close(got, want, rtol=RTOL, atol=1e-15):
    got, want = np.asarray(got, float), np.asarray(want, float)
    return got.shape == want.shape and bool(
        np.all(np.abs(got - want) <= atol + rtol * np.abs(want))
    )


def all_explorers():
    return {
        "neuron": widgets.neuron_explorer(),
        "scaled_sigmoid": widgets.scaled_explorer("sigmoid"),
        "scaled_tanh": widgets.scaled_explorer("tanh"),
        "saturation_sigmoid": widgets.saturation_explorer("sigmoid"),
        "saturation_relu": widgets.saturation_explorer("relu"),
        "leaky_relu": widgets.parameter_explorer("leaky_relu", alpha=0.1),
        "gelu": widgets.parameter_explorer("gelu"),
        "maxout": widgets.maxout_explorer(),
        "temperature": widgets.temperature_explorer(),
        "depth": widgets.depth_explorer(),
        "histogram": widgets.HistogramExplorer(),
        "gradient": widgets.GradientExplorer(depth=6, width=30, n_samples=40),
        "sparsity": widgets.SparsityExplorer(depth=6, n_samples=100),
        "lstm": widgets.LSTMGateExplorer(),
        "training": widgets.TrainingPlayground(resolution=12, unit_resolution=6),
        "gallery": widgets.Gallery(),
    }


@pytest.fixture(scope="module")
def explorers():
    return all_explorers()


# ---- generic properties ------------------------------------------------------------------------


def test_every_explorer_is_a_vbox_with_canvas_sliders_and_readout(explorers):
    import ipywidgets
    from ipympl.backend_nbagg import Canvas

    for name, ex in explorers.items():
        assert isinstance(ex, ipywidgets.VBox), name
        assert isinstance(ex.canvas, Canvas), name
        assert ex.canvas.figure is ex.figure, name
        assert isinstance(ex.readout, ipywidgets.HTML), name
        assert ex.text and ex.text in html.unescape(ex.readout.value), name
        assert ex.sliders, name


def test_slider_values_sit_on_their_step_grid(explorers):
    import ipywidgets

    for name, ex in explorers.items():
        for key, s in ex.sliders.items():
            if not isinstance(s, (ipywidgets.FloatSlider, ipywidgets.IntSlider)):
                continue
            for v in (s.value, s.min, s.max):
                k = (v - s.min) / s.step
                assert abs(k - round(k)) < 1e-9, (name, key, v)
            decimals = widgets.base._decimals(s.step)
            assert s.value == round(s.value, decimals), (name, key, s.value)


def test_snap_puts_values_on_the_grid():
    assert widgets.snap(0.123, 0.0, 1.0, 0.05) == 0.1
    assert widgets.snap(0.3000000000000001, 0.0, 1.0, 0.1) == 0.3
    assert widgets.snap(1 / 3, 0.0, 1.0, 0.005) == 0.335
    assert widgets.snap(-99, -10, 10, 0.5) == -10
    s = widgets.make_slider("a", 0.123, 0.0, 1.0, 0.05)
    assert s.value == 0.1 and s.readout_format == ".2f"


def test_updates_move_existing_artists(explorers):
    for name, ex in explorers.items():
        before = [(id(ax), tuple(id(a) for a in ax.get_children())) for ax in ex.figure.axes]
        n_axes = len(ex.figure.axes)
        key, s = next(((k, c) for k, c in ex.sliders.items() if hasattr(c, "max")), (0, 0))
        if not key:
            continue
        for v in np.linspace(s.min, s.max, 6):
            ex.set(**{key: v})
        assert len(ex.figure.axes) == n_axes, name
        after = [(id(ax), tuple(id(a) for a in ax.get_children())) for ax in ex.figure.axes]
        assert before == after, f"{name}: artists were created or removed by an update"


def test_slider_change_fires_the_update(explorers):
    ex = explorers["scaled_sigmoid"]
    ex.sliders["w"].value = 3.0
    assert "w = 3," in ex.text
    assert ex.lines["f"].get_label() == "sigmoid(w*x+b; w=3, b=0)"


def test_mimebundle_has_readout_png_and_widget_view(explorers):
    for name, ex in explorers.items():
        assert ex.alt_text() and ex.alt_text() != ex.title, name
    ex = explorers["temperature"]
    data = ex._repr_mimebundle_()
    assert data["text/plain"] == f"{ex.title}\n{ex.text}\nFigure: {ex.alt_text()}"
    assert data["text/html"].startswith('<img src="data:image/png;base64,')
    assert " alt=" in data["text/html"]
    assert data["image/png"].startswith("iVBOR")
    assert "model_id" in data["application/vnd.jupyter.widget-view+json"]
    assert ex.canvas._data_url.startswith("data:image/png;base64,")
    assert tuple(ex.canvas._size) == (720.0, 320.0)


def test_set_rejects_unknown_controls(explorers):
    with pytest.raises(KeyError, match="unknown control"):
        explorers["maxout"].set(w3=1.0)


# ---- per explorer --------------------------------------------------------------------------------


def test_neuron_explorer_and_gate(explorers):
    ex = explorers["neuron"]
    text = ex.set(w1=20, w2=20, b=-30)
    zs = np.array([-30.0, -10.0, -10.0, 10.0])
    assert close(ex.lines["corners"].get_xdata(), zs)
    assert close(ex.lines["corners"].get_ydata(), ref_array("sigmoid", zs))
    for z in (-30.0, -10.0, 10.0):
        assert f"{float(ref_value('sigmoid', z)):.7g}" in text
    assert "computes: AND" in text
    assert "computes: OR" in ex.set(b=-10)
    assert "computes: NAND" in ex.set(w1=-20, w2=-20, b=30)
    ex.set(w1=10, w2=-5, b=2)
    xs, ys = ex.lines["boundary"].get_data()
    assert close(ys, -(2 + 10 * np.asarray(xs)) / -5)
    ex.set(w1=4, w2=0, b=-2)
    xs, ys = ex.lines["boundary"].get_data()
    assert close(xs, [0.5, 0.5])
    img = ex.lines["image"].get_array()
    assert close(img[0, 0], ref_value("sigmoid", -2 + 4 * -0.5), rtol=1e-14)


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_scaled_explorer_curves_and_readout(explorers, name):
    ex = explorers[f"scaled_{name}"]
    text = ex.set(w=4.0, b=1.0)
    x = ex.lines["f"].get_xdata()
    z = 4.0 * x + 1.0
    assert close(ex.lines["f"].get_ydata(), ref_array(name, z))
    assert close(ex.lines["df"].get_ydata(), 4.0 * ref_array(name, z, derivative=True))
    assert ex.lines["f"].get_label() == f"{name}(w*x+b; w=4, b=1)"
    assert ex.lines["df"].get_label() == f"d/dx {name}(w*x+b; w=4, b=1)"
    legend_texts = [t.get_text() for t in ex.figure.axes[0].get_legend().get_texts()]
    assert legend_texts[0] == f"{name}(w*x+b; w=4, b=1)"
    assert "centre x = -b/w          = -0.25" in text
    peak = 4 * float(ref_derivative(name, 0.0))
    assert f"peak slope w*f'(0)       = {peak:.4g}" in text
    width = 2 * (mp.log(99) if name == "sigmoid" else mp.atanh(mp.mpf("0.98"))) / 4
    assert f"= {float(width):.4g}\n" in text
    low = 0.0 if name == "sigmoid" else -1.0
    assert close(ex.lines["limit"].get_ydata(), np.where(x > -0.25, 1.0, low))


def test_saturation_explorer_fractions(explorers):
    ex = explorers["saturation_sigmoid"]
    text = ex.set(scale=20)
    z_raw, z_norm = analysis.saturation_batches(20.0)
    # the 1 % edge from mpmath: sigmoid'(t) = 0.0025
    edge = float(mp.findroot(lambda t: ref_derivative("sigmoid", float(t)) - 0.0025, 6.0))
    frac_raw = np.mean(np.abs(z_raw) > edge)
    frac_norm = np.mean(np.abs(z_norm) > edge)
    bars = ex.lines["bars"]
    assert bars[0].get_height() == pytest.approx(frac_raw)
    assert bars[1].get_height() == pytest.approx(frac_norm)
    assert f"raw batch {100 * frac_raw:.1f} %" in text
    assert f"normalised batch {100 * frac_norm:.1f} %" in text
    assert f"|z| > {edge:.2f}" in text
    xr, yr = ex.lines["raw"].get_data()
    assert close(xr, z_raw[:150])
    assert close(yr, ref_array("sigmoid", xr))

    relu = explorers["saturation_relu"]
    t1, t2 = relu.set(scale=1), relu.set(scale=50)
    pct = re.compile(r"raw batch ([\d.]+) %")
    assert pct.search(t1).group(1) == pct.search(t2).group(1)  # relu: scale does not matter


def test_parameter_explorer_leaky_relu_and_gelu(explorers):
    ex = explorers["leaky_relu"]
    text = ex.set(alpha=0.3)
    x = ex.lines["f"].get_xdata()
    assert close(ex.lines["f"].get_ydata(), ref_array("leaky_relu", x, alpha=0.3))
    assert close(ex.lines["df"].get_ydata(), ref_array("leaky_relu", x, True, alpha=0.3))
    assert ex.lines["f"].get_label() == "leaky_relu(x; alpha=0.3)"
    assert ex.lines["df"].get_label() == "leaky_relu'(x; alpha=0.3)"
    assert text.splitlines()[2].split() == ["f(x)", "-0.6", "-0.3", "0", "1", "2"]
    assert text.splitlines()[3].split() == ["f'(x)", "0.3", "0.3", "0.3", "1", "1"]

    g = explorers["gelu"]
    g.set(approximate="tanh")
    x = g.lines["f"].get_xdata()
    assert close(g.lines["f"].get_ydata(), ref_array("gelu", x, approximate="tanh"), rtol=1e-11)
    assert g.lines["f"].get_label() == actlib.gelu.label(approximate="tanh")


def test_parameter_explorer_snaps_registry_defaults():
    ex = widgets.parameter_explorer("rrelu")
    for p in actlib.rrelu.parameters:
        s = ex.sliders[p.name]
        k = (s.value - s.min) / s.step
        assert abs(k - round(k)) < 1e-9
    assert ex.sliders["upper"].readout_format == ".4f"
    with pytest.raises(TypeError, match="no parameter"):
        widgets.parameter_explorer("relu", alpha=1.0)


def test_maxout_explorer(explorers):
    ex = explorers["maxout"]
    text = ex.set(w1=1, b1=0, w2=0, b2=0)
    x = ex.lines["maxout"].get_xdata()
    assert np.array_equal(ex.lines["maxout"].get_ydata(), ref_array("relu", x))
    assert "(this is ReLU)" in text
    text = ex.set(w1=0.5, b1=1.0, w2=-1.0, b2=0.0)
    assert close(ex.lines["maxout"].get_ydata(), np.maximum(0.5 * x + 1.0, -x), atol=1e-15)
    assert ex.lines["maxout"].get_label() == "maxout(x; w1=0.5, b1=1, w2=-1, b2=0)"
    assert "pieces cross at x = -0.6667" in text
    assert close(ex.lines["piece2"].get_ydata(), -x)


def test_temperature_explorer_matches_mpmath(explorers):
    ex = explorers["temperature"]
    scores = np.array(widgets.NOTE_003_SCORES)
    for T in (0.5, 2.0, 10.0):
        text = ex.set(T=T)
        exact = [float(v) for v in ref_softmax(scores / T)]
        heights = [b.get_height() for b in ex.lines["bars"]]
        assert close(heights, exact, rtol=1e-13)
        assert "p = [" + ", ".join(f"{v:.4f}" for v in exact) + "]" in text
        with mp.workdps(30):
            ent = -mp.fsum(mp.mpf(p) * mp.log(p) for p in ref_softmax(scores / T))
        assert f"entropy = {float(ent):.4f} nats" in text
    assert "argmax = class 9" in text


def test_depth_explorer(explorers):
    ex = explorers["depth"]
    text = ex.set(depth=5)
    with mp.workdps(30):
        pdf = lambda z: mp.exp(-z * z / 2) / mp.sqrt(2 * mp.pi)  # noqa: E731
        e_sig = mp.quad(lambda z: ref_derivative("sigmoid", float(z)) * pdf(z), [-mp.inf, mp.inf])
        e_tanh = mp.quad(lambda z: ref_derivative("tanh", float(z)) * pdf(z), [-mp.inf, mp.inf])
    assert analysis.gaussian_mean_derivative("sigmoid") == pytest.approx(float(e_sig), rel=1e-12)
    assert analysis.gaussian_mean_derivative("tanh") == pytest.approx(float(e_tanh), rel=1e-12)
    assert "best case 0.25^n = 0.00097656" in text
    assert f"mean {float(e_sig):.4f}^n = {float(e_sig) ** 5:.4g}" in text
    assert f"mean {float(e_tanh):.4f}^n = {float(e_tanh) ** 5:.4g}" in text
    assert "fraction open 0.5^n = 0.03125" in text
    assert close(ex.lines["marker"].get_xdata(), [5, 5])


def test_depth_explorer_reaches_float64_underflow_with_the_init_gain(explorers):
    ex = explorers["depth"]
    s = ex.sliders["depth"]
    assert (s.min, s.max, s.step) == (1, 600, 1)
    ax_p = ex.figure.axes[1]
    assert ax_p.get_yscale() == "log" and ax_p.get_ylim()[0] < 1e-310
    e_sig = analysis.gaussian_mean_derivative("sigmoid")
    n = int(np.ceil(np.log(2.2250738585072014e-308) / np.log(e_sig)))
    assert n == 450  # first depth below the smallest normal float64 (log ratio 449.24)
    assert e_sig**449 >= 2.2250738585072014e-308 > e_sig**450
    assert "mean product below 2.2e-308 from depth: sigmoid 450" in ex.set(depth=449)
    p = ex.lines["products"]
    # ReLU with He init (gain 2): 2 * E[relu'] = 1 per layer, flat, never below tanh's line
    assert np.all(p["relu_he"].get_ydata() == 1.0)
    assert np.all(p["relu_he"].get_ydata() >= p["mean_tanh"].get_ydata())
    assert close(p["relu_open_paths"].get_ydata(), 0.5 ** np.arange(1, 601))
    assert p["relu_open_paths"].get_linestyle() == ":"
    assert p["best_sigmoid"].get_linestyle() == "--"
    with np.errstate(under="ignore"):
        assert close(p["best_sigmoid"].get_ydata(), 0.25 ** np.arange(1, 601.0))
    labels = [t.get_text() for t in ax_p.get_legend().get_texts()]
    assert "relu: fraction of open paths 0.5^n" in labels
    assert any(lb.startswith("relu, He (gain 2)") for lb in labels)
    text = ex.set(depth=600)
    assert "underflows to 0 in float64" in text


def test_histogram_explorer_has_ten_layers(explorers):
    ex = explorers["histogram"]
    assert ex.sliders["depth"].max >= 10 and len(ex.bars) >= 10
    ex.set(depth=10)
    assert len(ex.counts) == 10


def test_temperature_uniform_line_is_in_the_legend(explorers):
    ex = explorers["temperature"]
    texts = [t.get_text() for t in ex.figure.axes[0].get_legend().get_texts()]
    assert texts == ["uniform 1/n = 0.1"]
    assert close(ex.lines["uniform"].get_ydata(), [0.1, 0.1])


# ---- blitting: every frame equals a full draw -------------------------------------------------


def _moves(ex):
    """A sequence of control changes: each numeric slider to three values and one step back,
    each dropdown through two more options, each checkbox toggled."""
    import ipywidgets

    moves = []
    for key, c in list(ex.sliders.items()):
        if isinstance(c, (ipywidgets.FloatSlider, ipywidgets.IntSlider)):
            for v in np.linspace(c.min, c.max, 4)[1:]:
                moves.append({key: v})
                moves.append({key: v - c.step if v - c.step >= c.min else v + c.step})
        elif isinstance(c, ipywidgets.Dropdown) and key != "activation":
            opts = [o[1] if isinstance(o, tuple) else o for o in c.options]
            moves.extend({key: o} for o in opts[1:3])
        elif isinstance(c, ipywidgets.Checkbox):
            moves.append({key: not c.value})
    return moves


def _assert_frame_equals_full_draw(ex, name):
    shown = ex.canvas_rgba()
    full = ex.full_draw_rgba()
    diff = np.abs(shown.astype(int) - full.astype(int)).max(axis=2)
    assert diff.max() <= 2 and (diff > 0).mean() < 1e-4, (
        f"{name}: {(diff > 0).sum()} pixels differ from a full draw (max {diff.max()})"
    )


def test_every_frame_equals_a_full_draw(explorers):
    for name, ex in explorers.items():
        kinds = []
        for move in _moves(ex):
            ex.set(**move)
            kinds.append(ex.last_draw)
            if len(kinds) % 3 == 0:
                _assert_frame_equals_full_draw(ex, f"{name} after {move}")
        _assert_frame_equals_full_draw(ex, name)
        assert "blit" in kinds, f"{name}: no update was blitted ({kinds})"


def test_a_stale_background_or_a_missed_artist_fails_the_frame_check():
    ex = widgets.scaled_explorer("sigmoid")
    ex.set(b=1.0)
    assert ex.last_draw == "blit"
    _assert_frame_equals_full_draw(ex, "scaled")
    # a missed artist: the limit line is moved but left out of the frame
    missed = ex.lines["limit"]
    ex._frame.remove(missed)
    ex.set(b=3.0)
    assert ex.last_draw == "blit"
    with pytest.raises(AssertionError, match="pixels differ"):
        _assert_frame_equals_full_draw(ex, "missed artist")
    ex.invalidate()
    ex.set(b=0.0)
    # a stale background: something static changes without the background being rebuilt
    ex.lines["base"].set_ydata(ex.lines["base"].get_ydata() * 0.5)
    ex.set(b=-2.0)
    assert ex.last_draw == "blit"
    with pytest.raises(AssertionError, match="pixels differ"):
        _assert_frame_equals_full_draw(ex, "stale background")
    ex.invalidate()
    ex.set(b=-1.0)
    _assert_frame_equals_full_draw(ex, "after invalidate")


def test_limits_change_forces_a_full_draw_and_a_drag_blits():
    ex = widgets.scaled_explorer("sigmoid")
    kinds = []
    for w in np.arange(1.0, 3.0, 0.1):
        ex.set(w=w)
        kinds.append(ex.last_draw)
    assert kinds.count("blit") >= 15, kinds  # the slope axis steps, it does not follow w
    ex.set(w=20.0)
    assert ex.last_draw == "full"
    _assert_frame_equals_full_draw(ex, "after a limit change")


# ---- backend handling ----------------------------------------------------------------------------


def test_building_an_explorer_keeps_the_pyplot_backend():
    code = textwrap.dedent(
        """
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from actlib import widgets
        assert "ipympl" not in __import__("sys").modules
        ex = widgets.scaled_explorer()
        assert matplotlib.get_backend().lower() == "agg", matplotlib.get_backend()
        fig, ax = plt.subplots()
        assert type(fig.canvas) is FigureCanvasAgg, type(fig.canvas)
        assert type(ex.canvas).__module__ == "ipympl.backend_nbagg"
        print("ok")
        """
    )
    out = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


# ---- house style: every explorer figure is legible ---------------------------------------------

_TAB_COLOURS = {
    matplotlib.colors.to_hex(f"tab:{c}")
    for c in ("blue", "orange", "green", "red", "purple", "brown", "pink", "olive", "cyan")
}


def _figure_texts(fig):
    from matplotlib.text import Text

    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip():
            yield t


@pytest.mark.parametrize("name", list(all_explorers()))
def test_explorer_figure_house_style(explorers, name):
    """Every visible text >= MIN_FONT_PT, every visible axes has an x and a y label (a twin axes
    at least a y label), and no curve uses matplotlib's tab: colours (Okabe-Ito instead)."""
    from actlib import plotting

    ex = explorers[name]
    fig = ex.figure
    fig.canvas.draw()
    small = sorted(
        {
            (round(t.get_fontsize(), 2), t.get_text()[:30])
            for t in _figure_texts(fig)
            if t.get_fontsize() < plotting.MIN_FONT_PT - 1e-9
        }
    )
    assert not small, f"{name}: text below {plotting.MIN_FONT_PT} pt: {small[:8]}"
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison:
            continue
        title = ax.get_title() or "?"
        cbar = getattr(ax, "_colorbar", None)
        if cbar is not None:  # a colour bar: its long axis carries the label
            assert ax.get_ylabel().strip() or ax.get_xlabel().strip(), (
                f"{name}: unlabelled colour bar"
            )
            continue
        ysib = ax.get_shared_y_axes().get_siblings(ax)
        xsib = ax.get_shared_x_axes().get_siblings(ax)
        twin = [o for o in fig.axes if o is not ax and o.bbox.bounds == ax.bbox.bounds]
        assert any(o.get_ylabel().strip() for o in ysib), f"{name}: axes {title!r} has no y label"
        assert any(o.get_xlabel().strip() for o in [*xsib, *twin]), (
            f"{name}: axes {title!r} has no x label"
        )
    tab = sorted(
        {
            matplotlib.colors.to_hex(a.get_color())
            for ax in fig.axes
            for a in ax.get_lines()
            if matplotlib.colors.to_hex(a.get_color()) in _TAB_COLOURS
        }
    )
    assert not tab, f"{name}: lines in tab: colours {tab}"


# ---- cheaper frames: the explorers' PNG encoder sends the same pixels as matplotlib's ----------


def test_fast_png_frames_match_webagg():
    """Explorer canvases encode frames with ``encode_png_rgba``; the decoded full frame and diff
    frame equal what matplotlib's own ``get_diff_image`` sends, pixel for pixel."""
    import io

    from matplotlib.backends.backend_webagg_core import FigureCanvasWebAggCore
    from PIL import Image

    from actlib.widgets import base

    ex = widgets.scaled_explorer("sigmoid")
    c = ex.canvas
    assert c.get_diff_image.__func__ is base._fast_diff_image

    def decode(png):
        return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))

    c._png_is_old, c._force_full = True, True
    full = decode(c.get_diff_image())
    assert c._current_image_mode == "full"
    assert np.array_equal(full, np.asarray(c.get_renderer().buffer_rgba()))
    last = c._last_buff.copy()
    ex.set(w=3.0)
    for encode in (c.get_diff_image, lambda: FigureCanvasWebAggCore.get_diff_image(c)):
        c._last_buff, c._png_is_old, c._force_full = last.copy(), True, False
        got = decode(encode())
        assert c._current_image_mode == "diff"
        if encode is c.get_diff_image:
            mine = got
    assert np.array_equal(mine, got) and mine.any()
    rng = np.random.default_rng(0)
    data = (rng.random((7, 5, 4)) * 255).astype(np.uint8)
    assert np.array_equal(decode(base.encode_png_rgba(data)), data)


def test_depth_moves_reuse_cache_and_blit():
    """Histogram and gradient explorers: a depth move re-slices cached results (equal to a fresh
    computation) and, with y-limits fixed for the whole slider, reaches the canvas by blitting."""
    from actlib import networks

    g = widgets.GradientExplorer(depth=4, width=20, n_samples=30, max_depth=8)
    for d in (5, 8, 3, 5):
        g.set(depth=d)
        assert g.last_draw == "blit", d
        fresh = networks.gradient_norms(
            "sigmoid", networks.INITS["xavier"], d, width=20, n_samples=30, seed=0
        )
        assert close(g.lines["gradient"].get_ydata(), fresh.relative())
    assert g.report is g._report("sigmoid", "xavier", 5, False)
    h = widgets.HistogramExplorer(depth=2)
    before = h._stats_cache
    for d in (5, 1, 3):
        h.set(depth=d)
        assert h.last_draw == "blit", d
        assert h._stats_cache is before
        heights = [r.get_height() for r in h.bars[d - 1].patches]
        assert np.array_equal(heights, h.counts[d - 1])
