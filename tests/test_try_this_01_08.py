"""Every "Try this" item of notebooks 01-08 carried out, and its worked answer checked (issue 12).

``test_try_this_NN_k`` does what item ``k`` of notebook ``NN`` asks, through the explorer's
``set(...)`` within the controls' ranges or through the library, and asserts the outcome the
text leads to. Numbers in the worked answers (``<span data-num="aK_...">`` in the
``<details>`` cell after ``## Try this``) are compared with what the test computes, so an answer
that drifts from its test fails here. ``test_items_match_tests`` checks that each notebook has
exactly one test per item.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest

matplotlib.use("Agg")

import actlib
from actlib import analysis, plotting, widgets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_prose_numbers import answer_value, assert_matches, try_this_cells

ROOT = Path(__file__).resolve().parents[1]
OWNED = ("01", "02", "03", "04", "05", "06", "07", "08")


@cache
def notebook(nn: str):
    path = next((ROOT / "notebooks").glob(f"{nn}_*.ipynb"))
    return nbformat.read(path, as_version=4)


def answer(nn: str, key: str, computed: float) -> None:
    """Assert that the worked answer's number ``key`` of notebook ``nn`` shows ``computed``."""
    assert_matches(answer_value(notebook(nn), key), float(computed))


def items(nn: str) -> list[str]:
    nb = notebook(nn)
    i, _ = try_this_cells(nb)
    return [ln for ln in nb.cells[i].source.splitlines() if ln.startswith("- ")]


@pytest.mark.parametrize("nn", OWNED)
def test_items_match_tests(nn):
    nb = notebook(nn)
    i, answers = try_this_cells(nb)
    assert i is not None, f"notebook {nn} has no '## Try this' cell"
    assert answers == i + 1, f"notebook {nn}: the cell after 'Try this' must hold <details>"
    assert "<summary>Worked answers</summary>" in nb.cells[answers].source
    n = len(items(nn))
    tests = sorted(
        int(m[1]) for name in globals() if (m := re.fullmatch(rf"test_try_this_{nn}_(\d+)", name))
    )
    assert tests == list(range(1, n + 1)), f"notebook {nn}: {n} items, tests {tests}"
    numbered = re.findall(r"^(\d+)\. ", nb.cells[answers].source, re.M)
    assert numbered == [str(k) for k in range(1, n + 1)], f"answers numbered {numbered}"


# ----------------------------------------------------------------------------------- 01
def _gate(w1, w2, b):
    z = b + analysis.CORNERS @ np.array([w1, w2], dtype=float)
    return analysis.gate_name((actlib.sigmoid(z) > 0.5).astype(int))


def test_try_this_01_1():
    ex = widgets.neuron_explorer()
    for (w1, w2, b), gate in {
        (20, 20, -10): "OR",
        (-20, -20, 30): "NAND",
        (-20, -20, 10): "NOR",
    }.items():
        assert f"computes: {gate} " in ex.set(w1=w1, w2=w2, b=b)
    s = ex.sliders
    grid_w = np.arange(s["w1"].min, s["w1"].max + 1, 2)
    grid_b = np.arange(s["b"].min, s["b"].max + 1, 2)
    xor = sum(_gate(a, c, b) == "XOR" for a in grid_w for c in grid_w for b in grid_b)
    assert xor == 0
    answer("01", "a1_xor", xor)


def test_try_this_01_2():
    inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    x1, x2 = inputs.T
    h = actlib.step(x1 + x2 - 0.5)
    y = actlib.step(x1 + x2 - 2 * h - 0.5)
    assert analysis.gate_name(h) == "OR"
    assert y.tolist() == [0, 0, 0, 0]


def test_try_this_01_3():
    ex = widgets.neuron_explorer()
    text = ex.set(w1=2, w2=2, b=-3)
    assert "computes: AND " in text
    g = actlib.sigmoid(np.array([-3.0, -1.0, 1.0]))
    for v in g:
        assert f"{v:12.7g}" in text
    answer("01", "a3_g00", g[0])
    answer("01", "a3_g01", g[1])
    answer("01", "a3_g11", g[2])


def test_try_this_01_4():
    rng = np.random.default_rng(2)
    n = 200
    radius = np.concatenate([rng.uniform(0.0, 1.0, n), rng.uniform(1.0, 2.2, n)])
    angle = rng.uniform(0.0, 2 * np.pi, 2 * n)
    u, v = (radius * np.cos(angle)) ** 2, (radius * np.sin(angle)) ** 2
    label = np.repeat([0, 1], n)
    wrong = int(np.sum((u + v > 1.6).astype(int) != label))
    assert wrong > 0
    assert np.array_equal((u + v > 1.0).astype(int), label)
    answer("01", "a4_wrong", wrong)
    answer("01", "a4_outer", n)


# ----------------------------------------------------------------------------------- 02
def _readout_number(text: str, label: str) -> float:
    """The last number on the readout line that contains ``label``."""
    line = next(ln for ln in text.splitlines() if label in ln)
    return float(re.findall(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?", line)[-1])


def test_try_this_02_1():
    ex = widgets.scaled_explorer("sigmoid")
    text = ex.set(w=20, b=5)
    assert ex.values()["w"] == 20 and ex.values()["b"] == 5
    centre = _readout_number(text, "centre")
    peak = _readout_number(text, "peak slope")
    assert centre == pytest.approx(-0.25)
    assert peak == pytest.approx(20 * actlib.sigmoid.derivative(0.0)) == pytest.approx(5.0)
    answer("02", "a1_centre", centre)
    answer("02", "a1_peak", peak)


def test_try_this_02_2():
    ex = widgets.saturation_explorer("sigmoid")
    s = ex.sliders["scale"]
    found = None
    for scale in np.arange(s.min, s.max + s.step / 2, s.step):
        text = ex.set(scale=scale)
        pct = float(re.search(r"raw batch ([\d.]+) %", text)[1])
        if pct >= 25:
            found = (ex.values()["scale"], pct)
            break
    assert found is not None
    answer("02", "a2_scale", found[0])
    answer("02", "a2_pct", found[1])


def test_try_this_02_3():
    got = actlib.sigmoid(np.array([36.0, 37.0, 38.0])) == 1
    assert got.tolist() == [False, False, True]
    below = 1.0 - np.nextafter(1.0, 0.0)
    assert below == np.spacing(1.0) / 2
    half = below / 2
    assert np.exp(-37.0) > half > np.exp(-38.0)
    answer("02", "a3_spacing", below)
    answer("02", "a3_half", half)
    answer("02", "a3_gap37", np.exp(-37.0))
    answer("02", "a3_gap38", np.exp(-38.0))


def test_try_this_02_4():
    fig, ax = plotting.subplots()
    x20 = np.linspace(-20, 20, 1000)
    line = plotting.curve(ax, "sigmoid", x20, derivative=True)
    marks = plotting.mark_points(ax, "sigmoid", [-6.0, -3.0, 3.0, 6.0], derivative=True)
    assert line.get_label() == marks.get_label() == "sigmoid'(x)"
    y = marks.get_ydata()
    assert y[0] == pytest.approx(y[3]) and y[1] == pytest.approx(y[2])
    texts = [t.get_text() for t in ax.texts]
    assert texts == [f"{v:.4g}" for v in y]
    answer("02", "a4_d3", y[2])
    answer("02", "a4_d6", y[3])
    answer("02", "a4_pct3", 100 * y[2] / 0.25)
    answer("02", "a4_pct6", 100 * y[3] / 0.25)
    plotting.show(fig, alt="sigmoid' on note 003's grid with x = ±3, ±6 marked.")


# ----------------------------------------------------------------------------------- 03
def test_try_this_03_1():
    sig = widgets.scaled_explorer("sigmoid")
    tanh = widgets.scaled_explorer("tanh")
    want = _readout_number(sig.set(w=1.0, b=0.0), "width")
    got = _readout_number(tanh.set(w=0.5, b=0.0), "width")
    assert got == pytest.approx(want, rel=1e-3)
    others = [_readout_number(tanh.set(w=w), "width") for w in (0.4, 0.6)]
    assert all(abs(o - want) > 0.1 * want for o in others)
    answer("03", "a1_width", want)


def test_try_this_03_2():
    def note_003_tanh(x):
        e = np.exp(-2 * x)
        return (1 - e) / (1 + e)

    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isnan(note_003_tanh(np.array(-355.0)))
        assert note_003_tanh(np.array(-354.0)) == -1.0
    brk = -np.log(np.finfo(float).max) / 2
    assert -355 < brk < -354
    with np.errstate(all="raise"):
        assert actlib.tanh(-355.0) == -1.0
    answer("03", "a2_break", brk)


def test_try_this_03_3():
    pct = {}
    for name in ("tanh", "sigmoid"):
        text = widgets.saturation_explorer(name).set(scale=5)
        pct[name] = float(re.search(r"raw batch ([\d.]+) %", text)[1])
    assert pct["tanh"] > pct["sigmoid"]
    answer("03", "a3_tanh", pct["tanh"])
    answer("03", "a3_sigmoid", pct["sigmoid"])


def test_try_this_03_4():
    x = np.linspace(-20, 20, 1000)
    lhs = actlib.tanh.derivative(x)
    rhs = 4 * actlib.sigmoid.derivative(2 * x)
    assert np.max(np.abs(lhs - rhs)) < 1e-15


# ----------------------------------------------------------------------------------- 04
def test_try_this_04_1():
    ex = widgets.parameter_explorer("leaky_relu", alpha=0.1)
    text = ex.set(alpha=1)
    rows = {ln.split()[0]: ln.split()[1:] for ln in text.splitlines()[1:]}
    assert rows["f(x)"] == rows["x"]
    assert set(rows["f'(x)"]) == {"1"}
    x = np.linspace(-5, 5, 101)
    assert np.array_equal(actlib.leaky_relu(x, alpha=1.0), x)


def test_try_this_04_2():
    ex = widgets.maxout_explorer()
    ex.set(w1=1, b1=-1, w2=0, b2=0)
    line = ex.lines["maxout"]
    x = np.asarray(line.get_xdata())
    assert np.allclose(line.get_ydata(), actlib.relu(x - 1), rtol=0, atol=1e-12)
    assert "cross at x = 1" in ex.text


def test_try_this_04_3():
    ex = widgets.maxout_explorer()
    x = np.asarray(ex.lines["maxout"].get_xdata())
    target = np.minimum(x, 0.0)
    s = ex.sliders["w1"]
    grid = np.arange(s.min, s.max + 1e-9, 0.5)
    w2, b2 = (g.ravel()[:, None] for g in np.meshgrid(grid, grid))
    best = np.inf
    for w1 in grid:
        for b1 in grid:
            y = np.maximum(w1 * x + b1, w2 * x + b2)
            # convex: the midpoint of -1 and 1 never lies above the chord
            assert np.all(
                np.maximum(b1, b2)
                <= (np.maximum(-w1 + b1, -w2 + b2) + np.maximum(w1 + b1, w2 + b2)) / 2 + 1e-12
            )
            best = min(best, float(np.min(np.max(np.abs(y - target), axis=1))))
    assert best == pytest.approx(1.0)
    ex.set(w1=0.5, b1=-1, w2=0.5, b2=-1)
    assert np.max(np.abs(ex.lines["maxout"].get_ydata() - target)) == pytest.approx(1.0)
    answer("04", "a3_gap", best)


def test_try_this_04_4():
    x = np.linspace(-5, 5, 100001)
    beta = np.log(2) / 0.01
    assert np.max(np.abs(actlib.softplus(x, beta=beta * 1.001) - actlib.relu(x))) < 0.01
    assert np.max(np.abs(actlib.softplus(x, beta=beta * 0.999) - actlib.relu(x))) > 0.01
    answer("04", "a4_beta", beta)


# ----------------------------------------------------------------------------------- 05
NOTE_002_VECTOR = np.array([1.0, 5.0, 2.0, 0.0, 6.0, 7.0])


def test_try_this_05_1():
    shifted = NOTE_002_VECTOR + 100
    assert np.max(np.abs(actlib.softmax(shifted) - actlib.softmax(NOTE_002_VECTOR))) < 1e-15
    with np.errstate(all="raise"):
        naive = np.exp(shifted) / sum(np.exp(shifted))
    assert np.allclose(naive, actlib.softmax(NOTE_002_VECTOR), rtol=1e-12)
    limit = np.log(np.finfo(float).max)
    with np.errstate(over="ignore"):
        assert np.isinf(np.exp(limit + 0.01)) and np.isfinite(np.exp(limit - 0.01))
    answer("05", "a1_overflow", limit)


def test_try_this_05_2():
    ex = widgets.temperature_explorer()
    s = ex.sliders["T"]
    prev = None
    for T in np.arange(s.min, s.max + s.step / 2, s.step):
        pmax = _readout_number(ex.set(T=T), "p_max")
        if pmax < 0.5:
            break
        prev = pmax
    T = ex.values()["T"]
    answer("05", "a2_t", T)
    answer("05", "a2_pmax", pmax)
    answer("05", "a2_pmax_before", prev)


def test_try_this_05_3():
    a = np.linspace(-6, 6, 121)
    first = actlib.softmax(np.column_stack([a, 0 * a, 0 * a]), axis=-1)[:, 0]
    assert np.max(np.abs(first - actlib.sigmoid(a))) > 0.1
    assert np.allclose(first, actlib.sigmoid(a - np.log(2)), rtol=1e-13, atol=1e-16)
    answer("05", "a3_shift", np.log(2))


def test_try_this_05_4():
    g = np.random.default_rng(0).normal(size=NOTE_002_VECTOR.size)
    jvp = actlib.softmax.jacobian(NOTE_002_VECTOR) @ g
    assert np.allclose(jvp, actlib.softmax.vjp(NOTE_002_VECTOR, g), rtol=1e-12, atol=1e-16)


# ----------------------------------------------------------------------------------- 06
TINY = np.finfo(float).tiny  # 2.2e-308, the smallest normal float64


def _depth_explorer(depth):
    ex = widgets.depth_explorer(depth=3)
    assert ex.sliders["depth"].max >= 600
    ex.set(depth=depth)
    assert ex.values()["depth"] == depth
    return ex


def _numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)]


def test_try_this_06_1():
    e_sig = analysis.gaussian_mean_derivative("sigmoid")
    n = int(np.ceil(np.log(TINY) / np.log(e_sig)))
    assert e_sig**n < TINY <= e_sig ** (n - 1)
    answer("06", "a1_depth", n)
    ex = _depth_explorer(n)
    assert any(0 < v < TINY for v in _numbers(ex.text)), ex.text


def test_try_this_06_2():
    e_sig = analysis.gaussian_mean_derivative("sigmoid")
    e_tanh = analysis.gaussian_mean_derivative("tanh")
    he_relu = 2 * analysis.gaussian_mean_derivative("relu")
    assert he_relu == pytest.approx(1.0, abs=1e-12)
    answer("06", "a2_sigmoid", e_sig**50)
    answer("06", "a2_tanh", e_tanh**50)
    answer("06", "a2_relu", he_relu**50)
    ex = _depth_explorer(50)
    got = _numbers(ex.text)
    for want in (e_sig**50, e_tanh**50):
        assert any(v == pytest.approx(want, rel=1e-3) for v in got), ex.text


def test_try_this_06_3():
    n = next(k for k in range(1, 20) if 0.25**k < 0.01)
    assert 0.25 ** (n - 1) >= 0.01
    answer("06", "a3_layers", n)
    answer("06", "a3_left", 0.25**n)


# ----------------------------------------------------------------------------------- 07
def _layer_stds(text: str) -> list[float]:
    rows = [ln.split() for ln in text.splitlines() if re.match(r"\s*\d+\s+-?\d", ln)]
    return [float(r[2]) for r in rows]


def _histogram_explorer(**values):
    from actlib import widgets

    ex = widgets.HistogramExplorer(activation="tanh", init="xavier", depth=5)
    assert ex.sliders["depth"].max >= 8
    ex.set(**values)
    return ex


def test_try_this_07_1():
    ex = _histogram_explorer(activation="relu", init="he", depth=8, batchnorm=False)
    stds = _layer_stds(ex.text)
    assert len(stds) == 8
    assert 0.5 < min(stds) and max(stds) < 2  # roughly kept, no explosion or collapse
    answer("07", "a1_first", stds[0])
    answer("07", "a1_last", stds[-1])
    stds_bn = _layer_stds(ex.set(batchnorm=True))
    assert max(stds_bn) - min(stds_bn) < 0.02
    answer("07", "a1_bn", np.mean(stds_bn))


def test_try_this_07_2():
    ex = _histogram_explorer(activation="tanh", init="xavier", depth=8, batchnorm=False)
    xav = _layer_stds(ex.text)
    he = _layer_stds(ex.set(init="he"))
    assert xav[-1] < 0.5 * xav[0]
    assert abs(he[-1] - he[3]) < 0.02
    answer("07", "a2_he", he[-1])
    answer("07", "a2_xavier_first", xav[0])
    answer("07", "a2_xavier_last", xav[-1])


def test_try_this_07_3():
    from actlib import networks

    last = {n: networks.random_forward("tanh", 0.01, n_units=n).stats()[-1][1] for n in (100, 400)}
    assert last[400] > 10 * last[100]
    answer("07", "a3_100", last[100])
    answer("07", "a3_400", last[400])
    for n in (100, 400):
        s = [sd for _, sd in networks.random_forward("tanh", "xavier", n_units=n).stats()]
        assert s[-1] > 0.3 * s[0]


# ----------------------------------------------------------------------------------- 08
def _gradient_ratio(text: str) -> float:
    return float(re.search(r"gradient norm: +([-+\d.e]+)", text)[1])


def test_try_this_08_1():
    from actlib import widgets

    ex = widgets.GradientExplorer(activation="tanh", init="xavier", depth=10)
    s = ex.sliders["depth"]
    depth, ratio = next(
        (d, r)
        for d in range(s.min, s.max + 1)
        if (r := _gradient_ratio(ex.set(activation="tanh", init="xavier", depth=d))) < 0.5
    )
    answer("08", "a1_depth", depth)
    answer("08", "a1_ratio", ratio)
    he = _gradient_ratio(ex.set(init="he", depth=10))
    assert he > 0.9
    answer("08", "a1_he", he)


def test_try_this_08_2():
    from actlib import widgets

    ex = widgets.GradientExplorer(activation="relu", init="he", depth=10)
    got = {
        a: _gradient_ratio(ex.set(activation=a, init="he", depth=10))
        for a in ("gelu", "silu", "relu")
    }
    assert abs(got["gelu"] - got["relu"]) < 0.1 < abs(got["silu"] - got["relu"])
    for a, v in got.items():
        answer("08", f"a2_{a}", v)


def test_try_this_08_3():
    from actlib import networks

    common = dict(width=16, momentum=0.9, epochs=100, init="xavier", n=100, seed=0)
    big_lr = networks.run_training("moons", "sigmoid", depth=6, lr=3.0, **common)
    shallow = networks.run_training("moons", "sigmoid", depth=3, lr=0.3, **common)
    assert shallow["final_accuracy"] > big_lr["final_accuracy"] + 0.2
    answer("08", "a3_shallow", shallow["final_accuracy"])
    answer("08", "a3_lr", big_lr["final_accuracy"])
