"""Execute every notebook and check every labelled curve against an independent reference.

nbval ignores PNG images, so a broken curve would pass it. This test executes each
``notebooks/NN_*.ipynb`` with nbclient in a temporary directory, with an injected first cell that
records every figure created (``matplotlib.figure.Figure.__init__`` is wrapped) and an IPython
``post_execute`` hook that snapshots the data of every labelled ``Line2D`` after each cell
(explorer figures included). The y-data of each line is then checked against
``tests/reference.py`` (mpmath, independent of actlib):

* labels that ``actlib.parse_label`` understands (``act.label(...)``): elementwise activations
  point by point (``ref_value`` / ``ref_derivative``), vector activations (``softmax(x)``) on the
  line's whole x-data as one vector (note 002's "softmax curve");
* the notebooks' special labels, see ``SPECIAL`` below (``sigmoid(w*x+b; w=2, b=-1)``,
  ``maxout(x; ...)``, ``sigmoid'(0)^n`` ...), computed here with mpmath;
* labels starting with ``"_"`` and labels that name no activation are not curves of an
  activation and are skipped, but a label that *looks* like an activation curve and is not
  understood fails the test (so a typo cannot silently skip a check).
"""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from pathlib import Path

import mpmath as mp
import nbformat
import numpy as np
import pytest

import actlib

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))

#: Notebooks of issue 3 and the minimum number of checked curves each must contain.
MIN_CHECKED = {"01": 4, "02": 14, "03": 10, "04": 22, "05": 4, "06": 9}

RTOL = 1e-9
ATOL = 1e-12
MAX_POINTS = 5000  # points checked per line (all of them for every line the notebooks draw)

CAPTURE_CELL = r"""
import json as _al_json
import matplotlib.figure as _al_mf
import numpy as _al_np

_AL_FIGURES = []
_AL_RECORDS = []
_AL_SEEN = {}
_AL_CELL = [0]
_al_original_init = _al_mf.Figure.__init__


def _al_init(self, *args, **kwargs):
    _al_original_init(self, *args, **kwargs)
    _AL_FIGURES.append(self)


_al_mf.Figure.__init__ = _al_init


def _al_snapshot():
    _AL_CELL[0] += 1
    for fi, fig in enumerate(_AL_FIGURES):
        for ai, ax in enumerate(fig.axes):
            for li, line in enumerate(ax.get_lines()):
                label = str(line.get_label())
                if label.startswith("_"):
                    continue
                x = _al_np.asarray(line.get_xdata(), dtype=float).ravel()
                y = _al_np.asarray(line.get_ydata(), dtype=float).ravel()
                key = (fi, ai, li)
                digest = (label, x.tobytes(), y.tobytes())
                if _AL_SEEN.get(key) == digest:
                    continue
                _AL_SEEN[key] = digest
                _AL_RECORDS.append(
                    {"cell": _AL_CELL[0], "figure": fi, "axes": ai, "line": li,
                     "label": label, "x": x.tolist(), "y": y.tolist()}
                )


get_ipython().events.register("post_execute", _al_snapshot)
"""

DUMP_CELL = r"""
_al_snapshot()
with open({path!r}, "w") as _al_f:
    _al_json.dump(_AL_RECORDS, _al_f)
"""


def _load_script(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        f"actlib_nb_{name}", NOTEBOOK_DIR / "scripts" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(f"actlib_nb_{name}", module)
    spec.loader.exec_module(module)
    return module


@cache
def captured_lines(path: Path, tmp: Path) -> list[dict]:
    """Execute ``path`` in ``tmp`` with the capture cells; return the line records."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    out = tmp / f"{path.stem}.lines.json"
    nb.cells.insert(0, nbformat.v4.new_code_cell(CAPTURE_CELL))
    nb.cells.append(nbformat.v4.new_code_cell(DUMP_CELL.format(path=str(out))))
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=600,
        resources={"metadata": {"path": str(tmp)}},
        record_timing=False,
    )
    client.execute(env=_load_script("run_notebooks").kernel_env())
    return json.loads(out.read_text())


# ----------------------------------------------------------------------------------------------
# references
# ----------------------------------------------------------------------------------------------

_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"


def _ref():
    import reference  # tests/reference.py (core-tests helper), mpmath, no actlib formulas

    return reference


def _elementwise(name: str, derivative: bool, params: dict):
    ref = _ref()
    fn = ref.ref_derivative if derivative else ref.ref_value
    return lambda x: fn(name, x, **params)


def _mp_gauss_mean_derivative(name: str) -> mp.mpf:
    """E[f'(z)], z ~ N(0, 1), by mpmath quadrature of the reference derivative."""
    fprime = _ref().ref_function(name, derivative=True)
    with mp.workdps(30):
        pdf = lambda z: mp.exp(-z * z / 2) / mp.sqrt(2 * mp.pi)  # noqa: E731
        return mp.quad(lambda z: fprime(z) * pdf(z), [-mp.inf, 0, mp.inf])


def _special(label: str):
    """Reference ``f(x)`` for the notebooks' own labels, or None."""
    m = re.fullmatch(rf"(d/dx )?(sigmoid|tanh)\(w\*x\+b; w=({_NUM}), b=({_NUM})\)", label)
    if m:
        deriv, name, w, b = bool(m.group(1)), m.group(2), float(m.group(3)), float(m.group(4))
        f = _elementwise(name, deriv, {})
        if deriv:
            return lambda x: w * f(float(mp.mpf(w) * mp.mpf(x) + mp.mpf(b)))
        return lambda x: f(float(mp.mpf(w) * mp.mpf(x) + mp.mpf(b)))
    m = re.fullmatch(rf"affine\(x; w=({_NUM}), b=({_NUM})\)", label)
    if m:
        w, b = float(m.group(1)), float(m.group(2))
        return lambda x: mp.mpf(w) * mp.mpf(x) + mp.mpf(b)
    m = re.fullmatch(rf"maxout\(x; w1=({_NUM}), b1=({_NUM}), w2=({_NUM}), b2=({_NUM})\)", label)
    if m:
        w1, b1, w2, b2 = (mp.mpf(float(g)) for g in m.groups())
        return lambda x: max(w1 * mp.mpf(x) + b1, w2 * mp.mpf(x) + b2)
    m = re.fullmatch(r"(\w+)\(-x\)", label)
    if m and m.group(1) in actlib.ACTIVATIONS:
        f = _elementwise(m.group(1), False, {})
        return lambda x: f(-x)
    if label == "softmax([x, 0])[0]":
        f = _elementwise("sigmoid", False, {})
        return f
    m = re.fullmatch(rf"(\w+)'\(({_NUM})\)\^n", label)
    if m and m.group(1) in actlib.ACTIVATIONS:
        base = _elementwise(m.group(1), True, {})(float(m.group(2)))
        return lambda n: base ** round(n)
    m = re.fullmatch(r"mean prod (\w+)', z~N\(0,1\)", label)
    if m and m.group(1) in actlib.ACTIVATIONS:
        mean = _mp_gauss_mean_derivative(m.group(1))
        return lambda n: mean ** round(n)
    return None


_VECTOR_REFS = {
    "softmax": "ref_softmax",
    "log_softmax": "ref_log_softmax",
    "softmin": "ref_softmin",
    "sparsemax": "ref_sparsemax",
}


def reference_y(label: str, x: np.ndarray):
    """Return ``(indices, exact values)`` for a line, or ``None`` if the label is not a curve."""
    special = _special(label)
    if special is not None:
        idx = _sample(x, None)
        return idx, [special(float(x[i])) for i in idx]
    parsed = actlib.parse_label(label)
    if parsed is None:
        return None
    name, derivative, params = parsed
    act = actlib.get(name)
    if act.kind == "vector":
        if derivative or name not in _VECTOR_REFS:
            return None
        exact = getattr(_ref(), _VECTOR_REFS[name])(x)
        return np.arange(x.size), exact
    idx = _sample(x, act)
    f = _elementwise(name, derivative, params)
    return idx, [f(float(x[i])) for i in idx]


def _sample(x: np.ndarray, act) -> np.ndarray:
    """Indices to check: all points up to MAX_POINTS, else an even spread plus kinks and 0."""
    n = x.size
    idx = set(np.unique(np.linspace(0, n - 1, min(n, MAX_POINTS)).round().astype(int)).tolist())
    if act is not None:
        for kink in act.kinks:
            idx.update(np.flatnonzero(np.abs(x - kink.x) < 1e-12).tolist())
    idx.update(np.flatnonzero(x == 0).tolist())
    return np.array(sorted(idx), dtype=int)


_LOOKS_LIKE_CURVE = re.compile(r"^(d/dx )?(\w+)('|\()")


def check_records(records: list[dict]) -> tuple[list[str], list[str], list[str]]:
    """Check line records; return (checked labels, skipped labels, failure messages)."""
    checked, skipped, failures = [], [], []
    for rec in records:
        label = rec["label"]
        if label.startswith("_"):
            continue
        x = np.asarray(rec["x"], dtype=float)
        y = np.asarray(rec["y"], dtype=float)
        where = f"cell {rec['cell']}, figure {rec['figure']}, axes {rec['axes']}: {label!r}"
        if x.size != y.size:
            failures.append(f"{where}: x and y differ in length")
            continue
        ref = reference_y(label, x)
        if ref is None:
            m = _LOOKS_LIKE_CURVE.match(label)
            if m and m.group(2) in actlib.ACTIVATIONS:
                failures.append(f"{where}: looks like an activation curve but is not understood")
            else:
                skipped.append(label)
            continue
        idx, exact = ref
        exact = np.array([float(v) for v in exact])
        got = y[idx]
        both_nan = np.isnan(got) & np.isnan(exact)
        ok = both_nan | (got == exact) | (np.abs(got - exact) <= ATOL + RTOL * np.abs(exact))
        if not np.all(ok):
            bad = int(np.flatnonzero(~ok)[0])
            failures.append(
                f"{where}: at x = {x[idx][bad]!r} plotted {got[bad]!r}, reference {exact[bad]!r} "
                f"({int((~ok).sum())} of {ok.size} checked points differ)"
            )
            continue
        checked.append(label)
    return checked, skipped, failures


# ----------------------------------------------------------------------------------------------
# tests
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def capture_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("nbplots")


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_plotted_curves_match_reference(path, capture_dir):
    records = captured_lines(path, capture_dir)
    checked, skipped, failures = check_records(records)
    assert not failures, "\n".join(failures)
    minimum = MIN_CHECKED.get(path.name[:2], 0)
    assert len(checked) >= minimum, (
        f"{path.name}: only {len(checked)} labelled curves checked (expected >= {minimum}); "
        f"skipped labels: {sorted(set(skipped))}"
    )


def test_issue_3_notebooks_exist():
    have = {p.name[:2] for p in NOTEBOOKS}
    assert set(MIN_CHECKED) <= have


# ---- the checker itself must be able to fail (no kernel needed) -------------------------------


def _records_of(fig) -> list[dict]:
    recs = []
    for ai, ax in enumerate(fig.axes):
        for li, line in enumerate(ax.get_lines()):
            recs.append(
                {
                    "cell": 0,
                    "figure": 0,
                    "axes": ai,
                    "line": li,
                    "label": line.get_label(),
                    "x": np.asarray(line.get_xdata(), float).tolist(),
                    "y": np.asarray(line.get_ydata(), float).tolist(),
                }
            )
    return recs


def test_checker_accepts_correct_and_rejects_changed_curves():
    from matplotlib.figure import Figure

    from actlib import plotting

    x = np.arange(-5, 5, 0.1)
    fig = Figure()
    ax = fig.add_subplot()
    plotting.curve(ax, "sigmoid", x)
    plotting.curve(ax, "leaky_relu", x, params={"alpha": 0.1}, derivative=True)
    plotting.curve(ax, "softmax", x)
    ax.plot(x, actlib.sigmoid(3 * x - 1), label="sigmoid(w*x+b; w=3, b=-1)")
    ax.plot(x, np.maximum(x, 0.2 * x), label="maxout(x; w1=1, b1=0, w2=0.2, b2=0)")
    ax.plot(x, x**2, label="_helper line")
    ax.plot(x, x**2, label="loss curve")
    checked, skipped, failures = check_records(_records_of(fig))
    assert failures == []
    assert len(checked) == 5
    assert skipped == ["loss curve"]

    # note 002's lost minus sign, a wrong parameter, a one-point change, a typo'd label
    broken = Figure()
    bx = broken.add_subplot()
    bx.plot(x, 1 / (1 + np.exp(x)), label=actlib.sigmoid.label())
    bx.plot(x, actlib.leaky_relu(x, alpha=0.2), label=actlib.leaky_relu.label(alpha=0.1))
    y = actlib.tanh(x)
    y[37] += 1e-6
    bx.plot(x, y, label="tanh(x)")
    bx.plot(x, actlib.relu(x), label="relu(x; alpha=0.1 ")
    _, _, failures = check_records(_records_of(broken))
    assert len(failures) == 4, failures
