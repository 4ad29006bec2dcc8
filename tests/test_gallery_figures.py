"""The static gallery figures of :mod:`actlib.plotting` (notebook 13, the docs' images).

Checks what makes a panel legible and honest: every registry activation is drawn with its
derivative on a second axes, the curves hold exactly the plotted function, text is at least 9 pt,
every axes has tick values and labels, f and f' differ in colour *and* line style, legends sit
above the axes (off the data), kinks are marked at the registry's derivative value, and the
script writes one PNG per activation plus the alt texts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import actlib
from actlib import plotting
from actlib.plotting import figure_alt
from actlib.properties import scalar_view

ROOT = Path(__file__).resolve().parents[1]


def _curves(fig):
    labelled = {}
    for ax in fig.axes:
        for line in ax.get_lines():
            if not line.get_label().startswith("_"):
                labelled[line.get_label()] = (ax, line)
    return labelled


def _texts(fig):
    fig.canvas.draw()  # tick labels exist only after a draw
    out = []
    for f in [fig, *fig.subfigs]:
        out += [t for t in f.texts if t.get_text()]
        for leg in f.legends:
            out += [t for t in leg.get_texts()]
    for ax in fig.axes:
        out += [ax.xaxis.label, ax.yaxis.label, ax.title]
        out += ax.get_xticklabels() + ax.get_yticklabels()
    return [t for t in out if t.get_text() and t.get_visible()]


def test_grid_covers_every_activation_with_exact_data():
    fig = plotting.grid_figure()
    x = plotting.GALLERY_X
    labelled = _curves(fig)
    expected = []
    for name in actlib.ACTIVATIONS:
        view = scalar_view(name)
        expected += [view.label(), view.label(derivative=True)]
        ax_f, f_line = labelled[view.label()]
        ax_d, d_line = labelled[view.label(derivative=True)]
        assert ax_f is not ax_d  # f and f' on their own axes
        np.testing.assert_array_equal(f_line.get_xdata(), x)
        np.testing.assert_array_equal(f_line.get_ydata(), view.value(x))
        np.testing.assert_array_equal(d_line.get_ydata(), view.derivative(x))
    assert sorted(labelled) == sorted(expected)
    assert len(fig.axes) == 2 * len(actlib.ACTIVATIONS)
    assert str(len(actlib.ACTIVATIONS)) in figure_alt(fig)


@pytest.mark.parametrize("name", ["sigmoid", "hard_tanh", "softmax", "exponential"])
def test_panel_is_legible(name):
    fig = plotting.activation_figure(name)
    ax_f, ax_d = fig.axes
    texts = _texts(fig)
    assert min(t.get_fontsize() for t in texts) >= 9.0
    for ax, ylabel in ((ax_f, "f(x)"), (ax_d, "f′(x)")):
        assert ax.get_ylabel() == ylabel
        assert [t for t in ax.get_yticklabels() if t.get_text()]  # tick values
    assert ax_d.get_xlabel() == "x"
    assert [t.get_text() for t in ax_d.get_xticklabels() if t.get_text()]
    (f_line,) = [ln for ln in ax_f.get_lines() if not ln.get_label().startswith("_")]
    (d_line,) = [ln for ln in ax_d.get_lines() if not ln.get_label().startswith("_")]
    assert f_line.get_color() != d_line.get_color()
    assert f_line.get_linestyle() != d_line.get_linestyle()
    # the legend names both curves and sits above the top axes, off the data
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()][:2] == [
        f_line.get_label(),
        d_line.get_label(),
    ]
    renderer = fig._get_renderer()
    assert legend.get_window_extent(renderer).y0 >= ax_f.get_window_extent(renderer).y1
    assert figure_alt(fig).startswith("Two stacked plots of")


def test_kinks_are_marked_with_the_registry_value():
    fig = plotting.activation_figure("hard_silu")
    ax_f, ax_d = fig.axes
    (ring,) = [ln for ln in ax_f.get_lines() if ln.get_label() == "_kink"]
    (dot,) = [ln for ln in ax_d.get_lines() if ln.get_label() == "_kink"]
    assert list(ring.get_xdata()) == [-3.0, 3.0]
    assert list(dot.get_ydata()) == [k.derivative for k in actlib.hard_silu.kinks]
    assert "x = -3, 3" in figure_alt(fig)


def test_parameters_and_aliases():
    fig = plotting.activation_figure("swish")
    assert "silu(x)" in _curves(fig)
    fig = plotting.activation_figure("elu", {"alpha": 0.5})
    ax_f, _ = fig.axes
    np.testing.assert_array_equal(
        _curves(fig)["elu(x; alpha=0.5)"][1].get_ydata(),
        actlib.elu(plotting.GALLERY_X, alpha=0.5),
    )
    assert not [ln for ln in ax_f.get_lines() if ln.get_label() == "_kink"]


def test_script_writes_one_png_per_activation(tmp_path):
    out = tmp_path / "gallery"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "notebooks/scripts/make_gallery_grid.py"),
            str(out),
            "--dpi",
            "30",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == str(out)
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert pngs == sorted([f"{n}.png" for n in actlib.ACTIVATIONS] + ["activation_grid.png"])
    alt = json.loads((out / "alt.json").read_text())
    assert sorted(alt) == pngs
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in out.glob("*.png"))
