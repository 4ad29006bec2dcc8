"""Every "Try this" item of notebooks 09-16, carried out (issue 12).

One function ``test_try_this_NN_k`` per item ``k`` of notebook ``NN``'s ``## Try this`` list. Each
does what the item asks, through the library or an explorer's ``set(...)`` within its controls'
ranges, asserts the outcome the text leads to, and checks the numbers of the worked answer (the
``<details>`` cell after the list) against what it computed (``answer_value`` /
``assert_matches`` of ``tests/test_prose_numbers.py``). ``test_items_match_tests`` checks that
the lists and the test functions stay one to one.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

import actlib
from actlib import datasets, networks, properties

sys.path.insert(0, str(Path(__file__).parent))
from test_prose_numbers import answer_value, assert_matches, try_this_cells

ROOT = Path(__file__).resolve().parents[1]
NB = {p.name[:2]: p for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))}
#: Notebooks whose Try-this items are converted (all of 09-16 when issue 12 is done).
OWNED = [f"{n:02d}" for n in range(9, 17)]


def _nb(nn):
    return nbformat.read(NB[nn], as_version=4)


def answer(nn, key, computed):
    """Assert that worked answer ``key`` of notebook ``nn`` shows ``computed`` (rounded)."""
    assert_matches(answer_value(_nb(nn), key), computed)


def try_items(nn):
    nb = _nb(nn)
    i, answers = try_this_cells(nb)
    assert i is not None, f"notebook {nn} has no '## Try this' cell"
    assert answers is not None, f"notebook {nn}: no <details> worked answers after Try this"
    items = [ln for ln in nb.cells[i].source.splitlines() if ln.startswith("- ")]
    numbered = re.findall(r"^(\d+)\. ", nb.cells[answers].source, re.M)
    return items, [int(n) for n in numbered]


@pytest.mark.parametrize("nn", OWNED)
def test_items_match_tests(nn):
    items, answered = try_items(nn)
    tests = sorted(
        int(m[1]) for name in globals() if (m := re.fullmatch(rf"test_try_this_{nn}_(\d+)", name))
    )
    assert tests == list(range(1, len(items) + 1)), f"{len(items)} items, tests {tests}"
    assert answered == list(range(1, len(items) + 1)), f"answers numbered {answered}"


# ------------------------------------------------------------------------------------------- 10

_MOONS = None


def _moons():
    global _MOONS
    if _MOONS is None:
        _MOONS = datasets.load("moons", n=200, seed=0)
    return _MOONS


def run10(activation, lr, epochs=100, batch_size=25, **params):
    """Notebook 10's ``run`` and ``summary``: silent units per epoch of a 2-32-32-2 network."""
    X, y = _moons()
    net = networks.MLP(
        [2, 32, 32, 2], activation, init="he", seed=0, activation_params=params or None
    )
    silent = []

    def record(epoch, net_, hist):
        silent.append(np.concatenate(net_.dead_units(X)))
        return not np.isfinite(hist.loss[-1])

    with np.errstate(over="ignore", invalid="ignore"):
        hist = net.fit(X, y, epochs=epochs, lr=lr, batch_size=batch_size, callback=record)
    if not np.isfinite(hist.loss[-1]):
        silent = silent[:-1]
    silent = np.array(silent)
    return {
        "max": int(silent.sum(axis=1).max()),
        "end": int(silent[-1].sum()),
        "accuracy": float(hist.accuracy[-1]),
        "epochs": len(hist.loss),
        "diverged": not np.isfinite(hist.loss[-1]),
    }


def test_try_this_10_1():
    minibatch = run10("relu", 3.0)
    full = run10("relu", 3.0, batch_size=200)
    assert full["end"] < minibatch["end"]
    assert full["accuracy"] > minibatch["accuracy"]
    answer("10", "a1_end", full["end"])
    answer("10", "a1_acc", 100 * full["accuracy"])


def test_try_this_10_2():
    base = run10("leaky_relu", 3.0)
    a01 = run10("leaky_relu", 3.0, alpha=0.1)
    a03 = run10("leaky_relu", 3.0, alpha=0.3)
    assert base["max"] > a01["max"] > a03["max"]  # fewer silent units with a larger leak
    # ... but the loss now diverges, sooner with the larger leak, where alpha = 0.01 stays finite
    assert not base["diverged"] and a01["diverged"] and a03["diverged"]
    assert base["epochs"] > a01["epochs"] > a03["epochs"]
    answer("10", "a2_max01", a01["max"])
    answer("10", "a2_max03", a03["max"])
    answer("10", "a2_div01", a01["epochs"])
    answer("10", "a2_div03", a03["epochs"])


def test_try_this_10_3():
    acc = {lr: run10("relu", lr)["accuracy"] for lr in (1.0, 2.0, 3.0)}
    largest = max(lr for lr, a in acc.items() if a == 1.0)
    assert largest == 2.0
    answer("10", "a3_acc2", 100 * acc[2.0])


# ------------------------------------------------------------------------------------------- 14


def test_try_this_14_1():

    default = properties.compute_properties("elu")
    half = properties.compute_properties("elu", params={"alpha": 0.5})
    assert default.continuity == "C^1" and half.continuity == "C^0"
    assert half.slopes0[1] == pytest.approx(1.0)
    assert default.smooth and not half.smooth
    assert default.near_identity and not half.near_identity
    answer("14", "a1_left", half.slopes0[0])


def test_try_this_14_2():

    assert properties.compute_properties("softplus").saturation_kinds == ("soft", "")
    assert properties.compute_properties("softplus", params={"beta": 5.0}).saturation_kinds == (
        "soft",
        "",
    )
    # a threshold on |f'| (the gallery's bands) sees more of the axis as saturated
    x = np.linspace(-6, 6, 1201)
    share = [
        float(np.mean(np.abs(actlib.softplus.derivative(x, beta=b)) < 0.05)) for b in (1.0, 5.0)
    ]
    assert share[1] > share[0]


def test_try_this_14_3():

    selu = properties.variance_map(properties.scalar_view("selu"), 4.0, 20)[-1]
    tanh = properties.variance_map(properties.scalar_view("tanh"), 4.0, 20)[-1]
    relu = properties.variance_map(properties.scalar_view("relu"), 4.0, 20)[-1]
    assert abs(selu - 1.0) < 0.05
    assert tanh < 0.1 and relu < tanh  # both decay, neither is attracted to one
    answer("14", "a3_tanh", tanh)
    answer("14", "a3_relu", relu)


def test_try_this_14_4():

    classes = {n: properties.operation_class(n) for n in ("hard_silu", "softsign", "gelu")}
    assert classes == {
        "hard_silu": "piecewise polynomial",
        "softsign": "algebraic",
        "gelu": "transcendental",
    }
    cheap = [r.name for r in properties.property_table(list(classes)) if r.cheap]
    assert cheap == ["hard_silu"]


# ------------------------------------------------------------------------------------------- 12


def _values(explorer):
    """An explorer's control values (``.values`` is a property or, in older explorers, a method)."""
    v = explorer.values
    return v() if callable(v) else v


def _lstm_explorer(**kw):
    from actlib import widgets

    return widgets.LSTMGateExplorer(**kw)


def test_try_this_12_1():
    e = _lstm_explorer(z_i=0.0, z_g=1.0, z_f=2.0, z_o=2.0, c0=0.5)
    e.set(gate="tanh", z_f=-2.0, z_g=0.0)
    c = np.asarray(e.trajectory)
    assert np.all(np.sign(c[1:]) == -np.sign(c[:-1]))  # the sign flips at every step
    assert np.all(np.abs(c[1:]) < np.abs(c[:-1]))  # ... and the size shrinks slowly
    answer("12", "a1_c1", c[1])


def test_try_this_12_2():
    f = 0.5**0.1
    z_f = float(np.log(f / (1 - f)))
    answer("12", "a2_f", f)
    answer("12", "a2_zf", z_f)
    e = _lstm_explorer(z_i=0.0, z_g=1.0, z_f=2.0, z_o=2.0, c0=0.5)
    e.set(gate="sigmoid", z_f=z_f, z_g=0.0, c0=1.0)
    assert _values(e)["z_f"] == pytest.approx(2.6)  # snapped onto the slider's grid
    c10 = float(e.trajectory[10])
    assert abs(c10 - 0.5) < 0.02
    answer("12", "a2_c10", c10)


def _run_random(state, n=2000, steps=50, scale=2.0, seed=0):
    rng = np.random.default_rng(seed)
    c = np.zeros(n)
    hs = []
    for _ in range(steps):
        z = scale * rng.standard_normal((4, n))
        cell = networks.lstm_cell(z[0], z[1], z[2], z[3], c_prev=c, state=state)
        c = cell["c"]
        hs.append(cell["h"])
    return np.array(hs)


def test_try_this_12_3():
    from scipy import special

    share = float(2 * special.ndtr(-np.log(19.0) / 0.5))
    assert share < 1e-8
    answer("12", "a3_share", share)
    h = _run_random("relu", scale=0.5)
    assert h.min() >= 0.0 and h.max() > 1.0  # rare, but not bounded by one
    answer("12", "a3_hmax", h.max())


# ------------------------------------------------------------------------------------------- 16


def test_try_this_16_1():
    x = np.linspace(-6, 6, 120001)
    peaks = {n: actlib.get(n).derivative(x) for n in ("gelu", "silu", "tanh")}
    assert peaks["tanh"].max() == pytest.approx(1.0)
    assert peaks["gelu"].max() > 1.0 and peaks["silu"].max() > 1.0
    assert x[np.argmax(peaks["gelu"])] == pytest.approx(np.sqrt(2.0), abs=1e-3)
    answer("16", "a1_gelu", peaks["gelu"].max())
    answer("16", "a1_silu", peaks["silu"].max())


def test_try_this_16_2():
    d = {
        n: float(actlib.get(n).derivative(-3.0))
        for n in ("relu", "leaky_relu", "elu", "gelu", "silu")
    }
    assert d["relu"] == 0.0
    assert all(d[n] != 0.0 for n in ("leaky_relu", "elu", "gelu", "silu"))
    assert d["gelu"] < 0 and d["silu"] < 0 < d["leaky_relu"] and d["elu"] > 0
    for n in ("leaky", "elu", "gelu", "silu"):
        answer("16", f"a2_{n}", d["leaky_relu" if n == "leaky" else n])


def test_try_this_16_3():
    rng = np.random.default_rng(3)  # notebook 16, section 3
    z1 = rng.standard_normal(64)
    delta = rng.standard_normal(10)

    def share(name):
        grad = np.outer(actlib.get(name)(z1), delta)
        return float(np.mean([np.all(col > 0) or np.all(col < 0) for col in grad.T]))

    assert share("sigmoid") == 1.0
    assert share("softsign") == share("tanh") == 0.0
    answer("16", "a3_share", 100 * share("softsign"))


def test_try_this_16_4():
    x = np.linspace(-3, 3, 61)
    y = actlib.sigmoid(3 * x)
    floor = float(np.mean((y - np.clip(y, 0, 1)) ** 2))
    assert floor == 0.0
    assert float(np.mean((actlib.sigmoid(3 * x) - y) ** 2)) == 0.0  # weights w = 3, b = 0
    answer("16", "a4_mse", floor)


# ------------------------------------------------------------------------------------------- 09


def _sparsity_explorer(**kw):
    from actlib import widgets

    return widgets.SparsityExplorer(**kw)


def test_try_this_09_1():
    e = _sparsity_explorer(init="he", bias=0.0, depth=10)
    e.set(batchnorm=True, bias=-1.75)
    l10_4 = float(e.fractions[-1])
    assert abs(e.fractions[0] - 0.04) < 0.01  # layer one on target
    e.set(bias=-2.35)
    assert _values(e)["bias"] == pytest.approx(-2.35)
    l10_1 = float(e.fractions[-1])
    assert abs(e.fractions[0] - 0.01) < 0.005
    for got, target in ((l10_4, 0.04), (l10_1, 0.01)):
        assert target / 5 < got < target * 5  # close to the target, within a factor of five
    answer("09", "a1_l10_4", 100 * l10_4)
    answer("09", "a1_l10_1", 100 * l10_1)


def test_try_this_09_2():
    e = _sparsity_explorer(init="std=0.01", bias=0.0, depth=10)
    e.set(batchnorm=False, bias=-0.05)
    assert np.all(np.asarray(e.fractions[1:]) == 0.0)
    e.set(bias=0.05)
    assert np.all(np.asarray(e.fractions[1:]) == 1.0)
    answer("09", "a2_on", 100 * float(e.fractions[-1]))


def test_try_this_09_3():
    out = networks.random_forward("leaky_relu", networks.INITS["he"], n_samples=500, n_layers=10)
    active = [float(np.mean(z > 0)) for z in out.pre_activations]
    assert all(0.4 < a < 0.6 for a in active)
    outputs = actlib.leaky_relu(out.pre_activations[-1])
    assert np.all(outputs != 0.0)  # no unit is silent: negative inputs pass alpha * z
    answer("09", "a3_leaky", 100 * active[-1])


# ------------------------------------------------------------------------------------------- 11

SETTINGS_11 = dict(lr=0.3, momentum=0.9, epochs=200, n=100, seed=0, stop_at_100=True)


def test_try_this_11_1():
    first = {}
    for depth in (1, 2, 3):
        for width in (4, 8, 16):
            r = networks.run_training("spiral", "relu", width=width, depth=depth, **SETTINGS_11)
            first[depth, width] = r["epochs_to_100"]
    assert all(first[d, w] is None for d in (1, 2, 3) for w in (4, 8))
    assert all(first[d, 16] is not None for d in (1, 2, 3))
    assert first[1, 16] > first[2, 16] > first[3, 16]  # deeper: faster, not narrower
    for d in (1, 2, 3):
        answer("11", f"a1_d{d}", first[d, 16])


def test_try_this_11_2():
    from actlib import training

    hard = training.Trainer("xor", "hard_sigmoid")
    hard.net.forward(hard.X_train)
    zmax = max(float(np.abs(z).max()) for z in hard.net.pre_activations)
    assert zmax < 3.0  # inside hard_sigmoid's straight part
    hard.step(50)
    tanh = training.Trainer("xor", "tanh")
    tanh.step(50)
    loss = hard.history.train_loss
    assert loss[0] - loss[-1] < 0.01 < tanh.history.train_loss[0] - tanh.history.train_loss[-1]
    answer("11", "a2_first", loss[0])
    answer("11", "a2_last", loss[-1])
    answer("11", "a2_tanh", tanh.history.train_loss[-1])
    answer("11", "a2_zmax", zmax)


def test_try_this_11_3():
    runs = {
        lr: networks.run_training(
            "circles", "sigmoid", width=16, depth=2, **{**SETTINGS_11, "lr": lr}
        )
        for lr in (0.3, 1.0, 3.0)
    }
    assert runs[1.0]["epochs_to_100"] is not None
    assert runs[0.3]["epochs_to_100"] is None and runs[3.0]["epochs_to_100"] is None
    assert runs[0.3]["final_accuracy"] > runs[3.0]["final_accuracy"]
    answer("11", "a3_epoch", runs[1.0]["epochs_to_100"])
    answer("11", "a3_acc3", 100 * runs[3.0]["final_accuracy"])


# ------------------------------------------------------------------------------------------- 13


def _gallery(name="sigmoid", **kw):
    from actlib import widgets

    return widgets.Gallery(name, **kw)


def _curves(g):
    c = getattr(g, "curves", None)
    return c() if callable(c) else c


def test_try_this_13_1():
    g = _gallery("sigmoid", threshold=0.05)
    g.set(activation="squareplus", b=0.25)
    smallest = g.sliders["b"].min
    assert smallest == 0.25
    x, f, _ = _curves(g)
    gap = float(np.max(np.abs(f - actlib.relu(x))))
    assert gap == pytest.approx(np.sqrt(0.25) / 2)
    g.set(b=4.0)
    x, f4, _ = _curves(g)
    assert float(np.max(np.abs(f4 - actlib.relu(x)))) > gap  # larger b: farther from relu
    answer("13", "a1_gap", gap)


def test_try_this_13_2():
    g = _gallery("sigmoid", threshold=0.05)
    g.set(activation="sigmoid", threshold=0.25)
    runs = g.saturated()
    assert len(runs) == 2 and runs[0][1] < 0.0 < runs[1][0]  # everything but x = 0
    x, _, d = _curves(g)
    share = float(np.mean(np.abs(d) < 0.25))
    assert share == pytest.approx(1 - 1 / x.size)
    answer("13", "a2_peak", float(actlib.sigmoid.derivative(0.0)))
    answer("13", "a2_share", 100 * share)


def test_try_this_13_3():
    g = _gallery("sigmoid", threshold=0.05)
    g.set(activation="rrelu")
    g.set(lower=0.4, upper=0.2)
    assert g.text.startswith("invalid parameters")
    assert "'lower'" in g.text and "'upper'" in g.text


def test_try_this_13_4(tmp_path):
    import json
    import subprocess
    import sys as _sys

    out = tmp_path / "gallery"
    script = ROOT / "notebooks/scripts/make_gallery_grid.py"
    subprocess.run(
        [_sys.executable, str(script), str(out), "--ncols", "5", "--dpi", "30"], check=True
    )  # low dpi: the item is about what is written, not the pixels
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert "activation_grid.png" in pngs
    per_function = [p for p in pngs if p != "activation_grid.png"]
    assert per_function == sorted(f"{n}.png" for n in actlib.ACTIVATIONS)
    assert sorted(json.loads((out / "alt.json").read_text())) == pngs
    answer("13", "a4_pngs", len(per_function))


def test_try_this_13_5():
    xs = np.linspace(-6, 6, 1201)
    three = actlib.softmax(np.stack([xs, 0 * xs, 1 + 0 * xs], axis=-1))[:, 0]
    shift = float(np.log1p(np.e))
    np.testing.assert_allclose(three, actlib.sigmoid(xs - shift), rtol=1e-13, atol=1e-300)
    answer("13", "a5_shift", shift)


# ------------------------------------------------------------------------------------------- 15


def test_try_this_15_1():
    x = np.linspace(-2.5, 2.5, 501)
    slope, intercept = np.polyfit(x, actlib.sigmoid(x), 1)
    assert intercept == pytest.approx(0.5)
    assert abs(slope - 0.2) < abs(slope - 1 / 6)
    answer("15", "a1_slope", slope)


def test_try_this_15_2():
    x = np.linspace(-6, 6, 120001)
    exact = actlib.gelu(x)
    diff = np.abs(exact - actlib.gelu(x, approximate="tanh"))
    spacing = np.spacing(np.abs(exact).astype(np.float32)).astype(np.float64)
    beyond = np.abs(x[diff > spacing])
    start = float(beyond.min())
    assert start < 0.1
    # from there on (up to where both forms round to the same float32) it holds nearly everywhere
    mid = (np.abs(x) > start) & (np.abs(x) < 4.0)
    assert np.mean(diff[mid] > spacing[mid]) > 0.9
    answer("15", "a2_x", start)


def test_try_this_15_3():
    x = np.linspace(-4, 4, 80001)
    gap = np.abs(np.clip(0.2 * x + 0.5, 0.0, 1.0) - actlib.hard_sigmoid(x))
    far = np.abs(x[gap > 0.05])
    assert far.min() == pytest.approx(1.5, abs=1e-3)
    assert far.max() == pytest.approx(2.7, abs=1e-3)
    answer("15", "a3_lo", far.min())
    answer("15", "a3_hi", far.max())


def test_try_this_15_4():
    batch = np.arange(12.0).reshape(2, 3, 2) / 4  # notebook 15, section 5
    over_classes = actlib.softmax(batch, axis=1)
    np.testing.assert_allclose(over_classes.sum(axis=1), 1.0, rtol=1e-15)
    legacy = actlib.softmax(batch, axis=0)  # PyTorch's implicit dim for 3-D input
    np.testing.assert_allclose(legacy.sum(axis=0), 1.0, rtol=1e-15)
    assert not np.allclose(legacy.sum(axis=1), 1.0)
