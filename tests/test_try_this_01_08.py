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
from actlib import plotting, widgets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_prose_numbers import answer_value, assert_matches, try_this_cells  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OWNED = ("01",)  # grows to 01-08 as the notebooks are converted


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
    z = b + widgets._CORNERS @ np.array([w1, w2], dtype=float)
    return widgets.gate_name((actlib.sigmoid(z) > 0.5).astype(int))


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
    assert widgets.gate_name(h) == "OR"
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
