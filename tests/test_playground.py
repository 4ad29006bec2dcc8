"""Headless tests of the depth, initialisation, sparsity and LSTM explorers (actlib.widgets).

They drive the callbacks and check artists and readouts.
"""

from __future__ import annotations

import html

import matplotlib
import numpy as np
import pytest
from scipy import special

import actlib
from actlib import networks, widgets


@pytest.fixture(autouse=True)
def _agg_backend():
    """Every test starts and must end on the same pyplot backend (explorers restore it)."""
    before = matplotlib.get_backend()
    yield
    assert matplotlib.get_backend() == before


def _independent_hist_stats(activation, std, layers, batchnorm=False):
    f = {"sigmoid": special.expit, "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}[activation]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1000, 100))
    stats = []
    for _ in range(layers):
        z = x @ (rng.standard_normal((100, 100)) * std)
        if batchnorm:
            z = (z - z.mean(0)) / np.sqrt(z.var(0) + 1e-5)
        x = f(z)
        stats.append((x.mean(), x.std()))
    return stats


def test_histogram_explorer_updates_bars_in_place():
    ex = widgets.HistogramExplorer()
    bars_before = [c.patches[0] for c in ex.bars]
    assert len(ex.counts) == 5 and all(c.sum() == 100_000 for c in ex.counts)  # sigmoid in [0, 1]
    np.testing.assert_allclose(ex.stats, _independent_hist_stats("sigmoid", 1.0, 5), rtol=1e-9)
    assert "layer" in ex.text and "sigmoid(x)" in ex.text

    ex.set(activation="tanh", init="xavier", depth=3)
    assert [c.patches[0] for c in ex.bars] == bars_before  # same artists
    assert len(ex.counts) == 3
    assert [any(r.get_height() for r in c) for c in ex.bars] == [True] * 3 + [False] * 7
    assert ex.axes[0].get_xlim() == (-1.0, 1.0)  # tanh's negative half is shown
    np.testing.assert_allclose(ex.stats, _independent_hist_stats("tanh", 0.1, 3), rtol=1e-9)
    heights = np.array([r.get_height() for r in ex.bars[2].patches])
    np.testing.assert_array_equal(heights, ex.counts[2])

    ex.sliders["batchnorm"].value = True  # same path as a click in the browser
    np.testing.assert_allclose(
        ex.stats, _independent_hist_stats("tanh", 0.1, 3, batchnorm=True), rtol=1e-7
    )


def test_gradient_explorer_matches_gradient_norms():
    ex = widgets.GradientExplorer(depth=5, width=30, n_samples=40)
    ex.set(activation="tanh", init="he", depth=7)
    rep = networks.gradient_norms("tanh", "he", 7, width=30, n_samples=40)
    x, y = ex.lines["gradient"].get_data()
    np.testing.assert_array_equal(x, np.arange(1, 8))
    np.testing.assert_allclose(y, rep.relative(), rtol=1e-12)
    np.testing.assert_allclose(ex.lines["bound"].get_ydata(), 0.25 ** np.arange(6, -1, -1))
    np.testing.assert_allclose(ex.lines["derivative_rms"].get_ydata(), rep.derivative_rms)
    assert f"{rep.relative()[0]:.3g}" in ex.text
    # labels are not activation labels (they are measurements, not curves)
    for line in (ex.lines["gradient"], ex.lines["bound"], ex.lines["derivative_rms"]):
        assert actlib.parse_label(line.get_label()) is None


def test_sparsity_explorer_no_bias_is_half_not_two_to_minus_n():
    ex = widgets.SparsityExplorer(depth=6, n_samples=200)
    f = ex.lines["active"].get_ydata()
    assert len(f) == 6 and np.all(np.abs(f - 0.5) < 0.08)
    np.testing.assert_allclose(ex.lines["claim"].get_ydata(), 0.5 ** np.arange(1, 7))
    # without bias the sign pattern does not depend on the weight scale at all
    fractions = {}
    for init in networks.INITS:
        ex.set(init=init)
        fractions[init] = ex.fractions.copy()
    for init in networks.INITS:
        np.testing.assert_array_equal(fractions[init], fractions["he"])
    ex.set(batchnorm=True, bias=-1.75, depth=1)
    assert abs(ex.fractions[0] - special.ndtr(-1.75)) < 0.01
    assert "measured at layer 1" in ex.text


def test_trainable_activations_cover_registry():
    names = widgets.trainable_activations()
    elementwise = [n for n, a in actlib.ACTIVATIONS.items() if a.kind == "elementwise"]
    assert set(names) | set(widgets.NOT_TRAINABLE) == set(elementwise)
    pg = widgets.TrainingPlayground(n=20)
    assert list(pg.sliders["activation"].options) == names


def test_lstm_explorer_gate_product_and_state():
    ex = widgets.LSTMGateExplorer(z_i=0.0, z_g=1.0, z_f=2.0, c0=0.5)
    x, y = ex.lines["gate"].get_data()
    np.testing.assert_allclose(y, special.expit(x), rtol=1e-14)
    assert actlib.parse_label(ex.lines["gate"].get_label()) == ("sigmoid", False, {})
    i, f, g = special.expit(0.0), special.expit(2.0), np.tanh(1.0)
    np.testing.assert_allclose(ex.lines["gate_point"].get_ydata(), [i])
    np.testing.assert_allclose(ex.lines["candidate_point"].get_ydata(), [g])
    c = [0.5]
    for _ in range(30):
        c.append(f * c[-1] + i * g)
    np.testing.assert_allclose(ex.lines["state"].get_ydata(), c, rtol=1e-12)
    np.testing.assert_allclose(ex.lines["fixed_point"].get_ydata(), [i * g / (1 - f)] * 2)
    assert "fixed point" in ex.text
    img = ex.lines["update_image"].get_array()
    assert img.min() >= -1 and img.max() <= 1

    ex.set(gate="relu", z_f=2.0)  # relu "gate" = 2: the memory doubles every step
    assert ex.lines["gate"].get_label() == "relu(x)"
    np.testing.assert_allclose(ex.lines["gate"].get_ydata(), np.maximum(x, 0))
    assert ex.trajectory[-1] > 1e8
    assert len(ex.lines["fixed_point"].get_xdata()) == 0
    ex.set(gate="tanh", z_i=-2.0)  # a negative gate flips the sign of what is written
    assert float(ex.cell["i"]) < 0


def test_lstm_output_gate_slider_moves_the_output_curve():
    """The browser test caught z_o changing only the readout: h_t = o tanh(c_t) is now drawn."""
    ex = widgets.LSTMGateExplorer(z_i=0.5, z_g=1.0, z_f=1.0, z_o=-2.0, c0=0.0)
    c = ex.lines["state"].get_ydata()
    low = ex.lines["output"].get_ydata().copy()
    np.testing.assert_allclose(low, special.expit(-2.0) * np.tanh(c), rtol=1e-12)
    ex.set(z_o=2.0)
    high = ex.lines["output"].get_ydata()
    np.testing.assert_allclose(high, special.expit(2.0) * np.tanh(c), rtol=1e-12)
    assert not np.allclose(low, high)


def test_explorers_display_text_plain_is_the_readout():
    ex = widgets.SparsityExplorer(depth=3, n_samples=100)
    bundle = ex._repr_mimebundle_()
    assert bundle["text/plain"].startswith("How many ReLU units fire?")
    assert ex.text in bundle["text/plain"]


def test_comparison_runner_runs_only_on_click():
    kwargs = dict(width=8, epochs=30, n=40, seed=0, stop_at_100=True)
    runner = widgets.ComparisonRunner(["relu", "identity"], **kwargs)
    assert runner.table is None
    assert "runs when the button is clicked" in runner._repr_mimebundle_()["text/plain"]
    runner.button.click()
    assert runner.progress.value == 2 and runner.status.value == "done"
    expected = networks.comparison_table(["relu", "identity"], **kwargs)
    np.testing.assert_equal(runner.table, expected)
    assert runner.text == networks.format_table(expected, ["relu", "identity"])
    assert runner.text in html.unescape(runner.output.value)
