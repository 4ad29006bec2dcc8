"""The gallery explorer (actlib.widgets.gallery) driven headless through its widget callbacks.

For every registry activation and alias: select it in the dropdown, move every parameter widget
to its ends, and check that no warning is raised (pytest turns warnings into errors; NumPy
floating-point errors are raised too), the plotted curves have no NaN on the default grid, and
they match the independent mpmath references of ``tests/reference.py`` (vector activations
through their slices, e.g. softmax of [x, 0]).
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
import pytest
import reference as R

import actlib
from actlib.properties import scalar_view
from actlib.widgets import gallery

OPTIONS = [value for _, value in gallery.options()]
SUBSAMPLE = 20  # compare every 20th grid point (61 points of 1201) against mpmath


@pytest.fixture(scope="module")
def g():
    return gallery.Gallery()


def _loose_kinks(name, params):
    """Kinks where the reference accepts any value between the one-sided derivatives."""
    conv = R.KINK_CONVENTIONS.get(name)
    if conv is None:
        return []
    return [float(x) for x, _, fixed in conv({**R.DEFAULTS[name], **params}) if not fixed]


def _reference_curves(name, x, params):
    """(f, f') at x from tests/reference.py: elementwise directly, vector through the slice."""
    act = actlib.get(name)
    if act.kind == "elementwise":
        f = [float(R.ref_value(name, t, **params)) for t in x]
        d = [float(R.ref_derivative(name, t, **params)) for t in x]
        return np.array(f), np.array(d)
    view = scalar_view(name)
    a, b, k = np.array(view.direction), np.array(view.offset), view.component
    fn = getattr(R, f"ref_{name}")
    jac = getattr(R, f"ref_{name}_jacobian")
    f, d = [], []
    for t in x:
        vec = a * t + b
        f.append(float(fn(vec)[k]))
        row = jac(vec)[k]
        d.append(float(sum(row[j] * a[j] for j in range(len(a)))))
    return np.array(f), np.array(d)


def _check_curves(g, name):
    x, y, d = g.curves()
    assert x.shape == y.shape == d.shape == gallery.DEFAULT_X.shape
    assert np.isfinite(y).all() and np.isfinite(d).all(), name
    params = g.params()
    idx = np.arange(0, x.size, SUBSAMPLE)
    xs = x[idx]
    rf, rd = _reference_curves(g.act.name, xs, params)
    np.testing.assert_allclose(y[idx], rf, rtol=1e-12, atol=1e-14, err_msg=f"{name} {params}")
    keep = np.ones(xs.shape, dtype=bool)
    for k in _loose_kinks(g.act.name, params) if g.act.kind == "elementwise" else []:
        keep &= np.abs(xs - k) > 1e-9
    if g.act.name == "sparsemax":  # the slice's kinks at +-1 have no fixed convention
        keep &= np.abs(np.abs(xs) - 1) > 1e-9
    np.testing.assert_allclose(
        d[idx][keep], rd[keep], rtol=1e-11, atol=1e-14, err_msg=f"{name}' {params}"
    )


def test_dropdown_lists_every_activation_and_alias():
    assert set(OPTIONS) == set(actlib.ACTIVATIONS) | set(actlib.ALIASES)
    assert OPTIONS[: len(actlib.ACTIVATIONS)] == list(actlib.ACTIVATIONS)


@pytest.mark.parametrize("name", OPTIONS)
def test_select_every_activation(g, name):
    with np.errstate(all="raise"):
        g.choice.value = name
    act = actlib.get(name)
    assert g.act is act
    # one widget per registry parameter, built from the registry's ranges
    assert list(g.param_widgets) == [p.name for p in act.parameters]
    for p in act.parameters:
        w = g.param_widgets[p.name]
        if p.choices:
            assert isinstance(w, widgets.Dropdown) and tuple(w.options) == tuple(p.choices)
            assert w.value == p.default
        else:
            assert isinstance(w, widgets.FloatSlider)
            assert (w.min, w.max, w.step) == (p.low, p.high, p.step)
            assert w.value == pytest.approx(p.default, abs=p.step / 2)
            k = (w.value - w.min) / w.step
            assert abs(k - round(k)) < 1e-9
    _check_curves(g, name)
    # labels: canonical activation labels, or (vector slices) labels no test reads as curves
    parsed = actlib.parse_label(g.line_f.get_label())
    if act.kind == "elementwise":
        assert parsed == (act.name, False, g.params())
        assert actlib.parse_label(g.line_d.get_label()) == (act.name, True, g.params())
    else:
        assert parsed is None and actlib.parse_label(g.line_d.get_label()) is None
        assert "slice" in g.formula.value
    # formula and range shown
    assert act.formula in g.formula.value
    assert act.range.latex() in g.formula.value
    assert "f(0) =" in g.readout.value and g.text.startswith(g.line_f.get_label())


@pytest.mark.parametrize(
    ("name", "param"),
    [(n, p.name) for n, a in actlib.ACTIVATIONS.items() for p in a.parameters],
)
def test_every_parameter_widget_end_to_end(g, name, param):
    g.choice.value = name
    w = g.param_widgets[param]
    values = list(w.options) if isinstance(w, widgets.Dropdown) else [w.min, w.max]
    for value in values:
        with np.errstate(all="raise"):
            w.value = value
        assert g.params()[param] == value
        if "invalid parameters" in g.readout.value:  # a combination the function refuses
            continue
        _check_curves(g, f"{name}({param}={value})")
        assert actlib.parse_label(g.line_f.get_label())[2][param] == value
    g.choice.value = "sigmoid"


def test_sliders_are_rebuilt_on_change(g):
    g.select("elu", alpha=0.5)
    first = g.param_widgets["alpha"]
    assert first.value == 0.5
    g.choice.value = "celu"
    assert g.param_widgets["alpha"] is not first
    assert g.param_widgets["alpha"].value == 1.0  # back to the registry default
    g.choice.value = "tanh"
    assert g.param_widgets == {}
    assert "no parameters" in g.param_box.children[0].value


def test_slider_values_are_on_the_step_grid(g):
    g.select("leaky_relu", alpha=0.123)
    assert g.params()["alpha"] == 0.12
    g.set(activation="rrelu", lower=0.2, upper=0.4)
    for p in g.act.parameters:
        w = g.param_widgets[p.name]
        k = (w.value - w.min) / w.step
        assert abs(k - round(k)) < 1e-9
    g.set(threshold=0.123)
    assert g.threshold.value == 0.12
    g.set(threshold=0.05)


def test_saturation_bands_sigmoid(g):
    """sigmoid'(x) = s(1 - s) = 0.05 at s = (1 + sqrt(0.8))/2, x = log(s/(1 - s)) ~ 2.887."""
    g.choice.value = "sigmoid"
    g.threshold.value = 0.05
    s = (1 + math.sqrt(0.8)) / 2
    edge = math.log(s / (1 - s))
    runs = g.saturated()
    assert len(runs) == 2
    (a0, b0), (a1, b1) = runs
    assert a0 == pytest.approx(-6.005) and b1 == pytest.approx(6.005)
    assert b0 == pytest.approx(-edge, abs=0.01) and a1 == pytest.approx(edge, abs=0.01)
    # both panels carry the same bands, drawn from data x to axes-fraction y
    for band in g.bands:
        assert len(band.get_paths()) == 2
    # threshold above the peak 0.25: everything saturated; 0: nothing
    g.threshold.value = 0.3
    assert len(g.saturated()) == 1
    g.threshold.value = 0.0
    assert g.saturated() == []
    for band in g.bands:
        assert len(band.get_paths()) == 0
    g.threshold.value = 0.05


def test_gelu_choice_dropdown(g):
    g.select("gelu", approximate="tanh")
    assert g.line_f.get_label() == "gelu(x; approximate=tanh)"
    _check_curves(g, "gelu tanh")
    g.select("gelu", approximate="none")
    assert g.line_f.get_label() == "gelu(x; approximate=none)"


def test_alias_selection_shows_canonical(g):
    g.choice.value = "swish"
    assert g.act.name == "silu"
    assert g.line_f.get_label() == "silu(x)"
    assert "selected as <i>swish</i>" in g.formula.value


def test_readout_and_display(g):
    g.choice.value = "relu"
    assert g.text.splitlines()[:2] == ["relu(x)", "f(0) = 0   f'(0) = 0"]
    assert g.text.splitlines()[3] == "|f'| < 0.05 on [-6.005, 0.005] (50% of the grid)"
    bundle = g._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == f"{g.title}\n{g.text}\nFigure: {g.alt_text()}"
    assert bundle["text/html"].startswith('<img src="data:image/png;base64,')
    assert " alt=" in bundle["text/html"]
    assert bundle["image/png"]
    assert g.last_update_seconds < 1.0
