"""Execute every notebook and check everything it draws (issue 16).

Each ``notebooks/NN_*.ipynb`` is executed once with nbclient in a temporary directory, with an
injected first cell that loads ``tests/plot_capture.py`` into the kernel. The recorder keeps the
state of every axes of every figure (lines labelled or not, patches and spans, texts and
annotations, images, collections, limits and scales, titles, legend texts with the labels of the
legend's original handles) **after every cell, before every render** (``Figure.draw``: inline PNGs,
``savefig``, explorer snapshots, so intermediate states inside a cell count too) and **after every
``set(...)``** of a sweep that drives every explorer the notebook built through every control's
range (one control at a time: both ends and three interior grid points, every option of a
dropdown). The executed notebook's PNG outputs are kept too. Then:

* ``test_plotted_curves_match_reference``: every labelled curve, in every recorded state, against
  ``tests/reference.py`` (mpmath, independent of actlib), within what the kernels promise
  (:func:`allowed_ulps`: 4 ulp pointwise, relative to each point's own value, so tails count;
  an absolute 4 eps only next to a derivative's zero crossing, as ``tests/test_accuracy.py``).
  Labels that ``actlib.parse_label`` understands, the notebooks' own labels (``SPECIAL``), vector
  activations on the whole x-data; a label that looks like a curve and is not understood fails.
* ``test_drawn_artists_are_self_consistent``: independent of any stored file, in every state:
  legend texts equal the current labels of the legend's handles; a band whose label states its
  edges (``"useful (-6, 6)"``) spans exactly those; a numeric annotation of a point of a curve
  shows that point's y; an unlabelled marker placed on a curve's grid lies on a curve; for
  explorers, after each ``set``: every panel that names a control's parameter in its labels
  shows its current value, and a title/text ``name = v`` of a control shows the current value.
* ``test_drawn_artists_match_committed_reference``: everything else (unlabelled lines such as
  ``axhline(log 2)``, patches, texts, images, collections, limits, legends, explorer readouts),
  after each cell and after each sweep step, against ``tests/plot_reference/NN_name.json``.
  Regenerate (after re-executing the notebooks) and review the diff::

      ACTLIB_UPDATE_PLOT_REFERENCE=1 OPENBLAS_NUM_THREADS=1 .venv/bin/python -m pytest \
          tests/test_notebooks_plots.py -k committed_reference -p no:randomly
      git diff --stat tests/plot_reference/ && git diff tests/plot_reference/

* ``test_images_match_committed_outputs``: each PNG output (static figures and explorer
  snapshots), re-rendered by this execution, against the PNG committed in the notebook, with
  :func:`matplotlib.testing.compare.compare_images` at ``IMAGE_TOL`` (RMS, 0-255 scale). The
  rendering stack is pinned in ``constraints.txt`` (matplotlib and its bundled FreeType,
  Pillow, NumPy), so identical code renders identical pixels. nbval keeps ignoring PNG bytes.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
from functools import cache
from pathlib import Path

import mpmath as mp
import nbformat
import numpy as np
import pytest

import actlib
from actlib import accuracy

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
REFERENCE_DIR = Path(__file__).resolve().parent / "plot_reference"
UPDATE_ENV = "ACTLIB_UPDATE_PLOT_REFERENCE"

#: Notebooks of issue 3 and the minimum number of checked curves each must contain.
MIN_CHECKED = {"01": 4, "02": 14, "03": 10, "04": 22, "05": 4, "06": 9}

#: Allowed error of a plotted point, in ulps of its own exact value (float64): the kernels promise
#: 2 ulp (functions) and 4 ulp (derivatives); see allowed_ulps for the few documented exceptions.
ULPS = 4.0
#: Absolute bound next to a derivative's zero crossing (silu', gelu', mish'), in units of eps,
#: and the documented exceptions per interval: both read from actlib.accuracy, the one place the
#: suite's bounds live (tests/test_accuracy.py asserts the same numbers).
ZERO_CROSSING = accuracy.ZERO_CROSSING_GUESS
ZERO_CROSSING_WINDOW = accuracy.ZERO_CROSSING_WINDOW
EPS = float(np.finfo(np.float64).eps)
MAX_POINTS = 5000  # points checked per line (all of them for every line the notebooks draw)

#: RMS tolerance (0-255 scale) of the image comparison; identical code renders identical pixels,
#: and a 1-pixel shift of one band edge or one changed digit of an annotation exceeds it.
IMAGE_TOL = 0.01

CAPTURE_CELL = r"""
import importlib.util as _al_u
_al_spec = _al_u.spec_from_file_location("_actlib_plot_capture", {module!r})
_AL = _al_u.module_from_spec(_al_spec)
_al_spec.loader.exec_module(_AL)
_AL.install()
del _al_u, _al_spec
"""

DUMP_CELL = r"""
_AL.sweep_explorers()
_AL.dump({path!r})
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


_TMP = Path(tempfile.mkdtemp(prefix="actlib-nbplots-"))


@cache
def captured(path: Path) -> tuple[dict, nbformat.NotebookNode]:
    """Execute ``path`` once with the recorder; return (records, executed notebook)."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    out = _TMP / f"{path.stem}.capture.json"
    module = str(Path(__file__).resolve().parent / "plot_capture.py")
    nb.cells.insert(0, nbformat.v4.new_code_cell(CAPTURE_CELL.format(module=module)))
    nb.cells.append(nbformat.v4.new_code_cell(DUMP_CELL.format(path=str(out))))
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=600,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.execute(env=_load_script("run_notebooks").kernel_env())
    nb.cells = nb.cells[1:-1]
    return json.loads(out.read_text()), nb


def line_records(data: dict) -> list[dict]:
    """Flatten the axes states into line records (every state, every line)."""
    recs = []
    for rec in data["records"]:
        if rec.get("kind") != "axes":
            continue
        for li, line in enumerate(rec["state"]["lines"]):
            recs.append(
                {
                    "cell": rec["cell"],
                    "tag": rec["tag"],
                    "figure": rec["figure"],
                    "axes": rec["axes"],
                    "line": li,
                    "label": line["label"],
                    "x": line["x"],
                    "y": line["y"],
                }
            )
    return recs


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
        # at the argument the notebook computes in float64 (w*x, then + b: two roundings)
        if deriv:
            return lambda x: mp.mpf(w) * f(w * x + b)
        return lambda x: f(w * x + b)
    m = re.fullmatch(rf"affine\(x; w=({_NUM}), b=({_NUM})\)", label)
    if m:
        w, b = float(m.group(1)), float(m.group(2))
        return lambda x: mp.mpf(w * x + b)
    m = re.fullmatch(rf"maxout\(x; w1=({_NUM}), b1=({_NUM}), w2=({_NUM}), b2=({_NUM})\)", label)
    if m:
        w1, b1, w2, b2 = (mp.mpf(float(g)) for g in m.groups())
        return lambda x: max(mp.mpf(float(w1) * x + float(b1)), mp.mpf(float(w2) * x + float(b2)))
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
    if derivative:  # a kink whose value no convention fixes (tests/reference.py) is not checked
        full = {**_ref().DEFAULTS.get(name, {}), **params}
        unfixed = [
            k for k, _, fixed in _ref().KINK_CONVENTIONS.get(name, lambda p: [])(full) if not fixed
        ]
        idx = np.array([i for i in idx if float(x[i]) not in unfixed], dtype=int)
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


def allowed_ulps(label: str) -> tuple[float, str | None, str | None, str]:
    """(ulps allowed per point, activation whose zero crossing gets the absolute bound,
    activation whose documented exceptions apply, "function" or "derivative")."""
    parsed = actlib.parse_label(label)
    special = re.fullmatch(r"(d/dx )?(\w+)\(w\*x\+b; .*\)", label)
    if special:  # w * f'(z): one more rounding; z itself is reproduced exactly
        name, derivative = special.group(2), bool(special.group(1))
        which = "derivative" if derivative else "function"
        # the point is z = w*x + b, not x: a documented exception may apply anywhere on the line
        extra = max(
            (e.ulp for e in accuracy.EXCEPTIONS.get(name, ()) if e.which == which), default=0.0
        )
        return (
            max(ULPS, extra) + (1.0 if derivative else 0.0),
            (name if derivative else None),
            None,
            "",
        )
    if label.startswith("mean prod "):
        # (E f')^n with E f' from the explorer's 120-node Gauss-Hermite rule (6e-13 relative for
        # tanh', measured), raised to n <= 20: 2e5 ulp is 4.4e-11 relative.
        return 2e5, None, None, ""
    if parsed is None:
        return ULPS, None, None, ""
    name, derivative, _ = parsed
    which = "derivative" if derivative else "function"
    return ULPS, (name if derivative else None), name, which


def point_ulps(ulps: float, name: str | None, which: str, x: np.ndarray) -> np.ndarray:
    """Per-point bound: ``ulps``, raised where actlib.accuracy documents an exception."""
    bound = np.full(x.shape, ulps)
    if name is not None:
        for exc in accuracy.EXCEPTIONS.get(name, ()):
            if exc.which == which:
                inside = (x >= exc.lo) & (x < exc.hi)
                bound[inside] = np.maximum(bound[inside], exc.ulp)
    return bound


_REF_CACHE: dict = {}


def _reference(label: str, x: np.ndarray):
    key = (label, x.tobytes())
    if key not in _REF_CACHE:
        _REF_CACHE[key] = reference_y(label, x)
    return _REF_CACHE[key]


def check_records(records: list[dict]) -> tuple[list[str], list[str], list[str]]:
    """Check line records; return (checked labels, skipped labels, failure messages)."""
    checked, skipped, failures = [], [], []
    seen: set = set()
    for rec in records:
        label = rec["label"]
        if label.startswith("_"):
            continue
        x = np.asarray([np.nan if v is None else v for v in rec["x"]], dtype=float)
        y = np.asarray([np.nan if v is None else v for v in rec["y"]], dtype=float)
        key = (label, x.tobytes(), y.tobytes())
        if key in seen:  # the same curve in another state: checked already
            checked.append(label)
            continue
        seen.add(key)
        where = (
            f"{rec.get('tag') or 'cell ' + str(rec['cell'])}, figure {rec['figure']}, "
            f"axes {rec['axes']}: {label!r}"
        )
        if x.size != y.size:
            failures.append(f"{where}: x and y differ in length")
            continue
        ref = _reference(label, x)
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
        ulps, crossing, exempt, which = allowed_ulps(label)
        bound = point_ulps(ulps, exempt, which, x[idx])
        with np.errstate(invalid="ignore"):
            err = np.abs(got - exact)
            scale = np.spacing(np.abs(exact))
            ok = (np.isnan(got) & np.isnan(exact)) | (got == exact) | (err <= bound * scale)
            if crossing in ZERO_CROSSING:
                near = np.abs(x[idx] - ZERO_CROSSING[crossing]) <= ZERO_CROSSING_WINDOW
                ok |= near & (err <= accuracy.ZERO_CROSSING_EPS * EPS)
        if not np.all(ok):
            bad = int(np.flatnonzero(~ok)[0])
            worst = float(np.nanmax(np.where(ok, 0, err / np.maximum(scale, 5e-324))))
            failures.append(
                f"{where}: at x = {x[idx][bad]!r} plotted {got[bad]!r}, reference {exact[bad]!r} "
                f"({int((~ok).sum())} of {ok.size} checked points beyond {bound[bad]:g} ulp; worst "
                f"{worst:.3g} ulp)"
            )
            continue
        checked.append(label)
    return checked, skipped, failures


# ----------------------------------------------------------------------------------------------
# self-consistency of every drawn artist (no stored file)
# ----------------------------------------------------------------------------------------------

_PAIR = re.compile(rf"[\(\[]\s*({_NUM})\s*,\s*({_NUM})\s*[\)\]]")
_PURE_NUMBER = re.compile(rf"^\s*({_NUM})\s*%?\s*$")


def _digits_match(shown: str, value: float) -> bool:
    """True if ``value`` rounds to the number ``shown`` at the digits shown."""
    try:
        v = float(shown)
    except ValueError:
        return False
    if value is None or not math.isfinite(value):
        return False
    m = re.fullmatch(r"[-+]?(\d*)\.?(\d*)(?:e([-+]?\d+))?", shown.strip().lower())
    if m is None:
        return math.isclose(v, value, rel_tol=1e-9)
    decimals = len(m.group(2)) - (int(m.group(3)) if m.group(3) else 0)
    half = 0.5 * 10.0 ** (-decimals)
    if "e" not in shown.lower() and "." not in shown and abs(v) >= 10:  # "30" from {:.4g}
        half = 0.5
    return abs(value - v) <= half * (1 + 1e-9) + 1e-300


def _current_states(data: dict):
    """Yield (record, {(figure, axes): state}) for every main-group record, in order."""
    current: dict = {}
    for rec in data["records"]:
        if rec.get("kind") == "axes":
            current[(rec["figure"], rec["axes"])] = rec["state"]
        yield rec, current


def _curve_points(state: dict) -> list[tuple[np.ndarray, np.ndarray, str]]:
    out = []
    for ln in state["lines"]:
        if ln["label"].startswith("_") or ln["data_coords"] != [True, True]:
            continue
        x = np.asarray([np.nan if v is None else v for v in ln["x"]], dtype=float)
        y = np.asarray([np.nan if v is None else v for v in ln["y"]], dtype=float)
        if x.size == y.size and x.size:
            out.append((x, y, ln["label"]))
    return out


def axes_consistency(state: dict, where: str) -> list[str]:
    """Checks of one axes state against itself (legends, numbered bands, numeric annotations)."""
    failures = []
    leg = state.get("legend")
    if leg and leg.get("matched_at_creation") and leg.get("handle_labels") is not None:
        if leg["texts"] != leg["handle_labels"]:
            failures.append(
                f"{where}: legend shows {leg['texts']} but its lines are now labelled "
                f"{leg['handle_labels']}"
            )
    for p in state["patches"]:
        m = _PAIR.search(p["label"])
        if not m or p["label"].startswith("_") or p.get("data_coords", [True])[0] is not True:
            continue
        if p["type"] == "Rectangle":
            lo, hi = p["x"], p["x"] + p["w"]
        elif "xy" in p:
            xs = [row[0] for row in p["xy"]]
            lo, hi = min(xs), max(xs)
        else:
            continue
        lo, hi = min(lo, hi), max(lo, hi)
        if not (_digits_match(m.group(1), lo) and _digits_match(m.group(2), hi)):
            failures.append(
                f"{where}: band {p['label']!r} spans ({lo!r}, {hi!r}), not what its label says"
            )
    curves = _curve_points(state)
    for t in state["texts"]:
        m = _PURE_NUMBER.match(t["text"])
        xy = t.get("xy")
        if not m or xy is None or None in xy:
            continue
        for x, y, label in curves:
            hit = np.flatnonzero((x == xy[0]) & (y == xy[1]))
            if hit.size:
                if not _digits_match(m.group(1), xy[1]):
                    failures.append(
                        f"{where}: annotation {t['text']!r} marks the point ({xy[0]!r}, "
                        f"{xy[1]!r}) of {label!r}: it should show its y"
                    )
                break
    for ln in state["lines"]:
        if not ln["label"].startswith("_") or ln["linestyle"] not in ("None", "none", ""):
            continue
        if ln["marker"] in ("None", "none", "") or ln["data_coords"] != [True, True]:
            continue
        for px, py in zip(ln["x"], ln["y"], strict=False):
            if px is None or py is None:
                continue
            on_grid = [(x, y) for x, y, _ in curves if np.any(x == px)]
            if on_grid and not any(
                math.isclose(float(y[np.flatnonzero(x == px)[0]]), py, rel_tol=1e-12, abs_tol=0)
                for x, y in on_grid
            ):
                failures.append(
                    f"{where}: unlabelled marker at ({px!r}, {py!r}) is on no curve drawn at "
                    f"x = {px!r}"
                )
    return failures


def explorer_consistency(rec: dict, states: dict) -> list[str]:
    """After a ``set``: each panel naming a control's parameter shows its current value."""
    failures = []
    fig = rec["figure"]
    where = f"explorer {rec['explorer']} at {rec['values']}"
    for cname, value in rec["values"].items():
        if not isinstance(value, float) or not math.isfinite(value):
            continue
        pat = re.compile(rf"(?<![\w.]){re.escape(cname)}\s*=\s*({_NUM})")
        for (fi, ai), state in states.items():
            if fi != fig:
                continue
            labels = [
                ln["label"]
                for ln in state["lines"]
                if not ln["label"].startswith("_") and ln["visible"]
            ]
            shown = [m.group(1) for lab in labels for m in pat.finditer(lab)]
            if shown and not any(_digits_match(s, value) for s in shown):
                failures.append(
                    f"{where}: panel {ai} labels its lines with {cname} = {shown}, "
                    f"not the current {value!r}"
                )
            for title in [*state["title"], *[t["text"] for t in state["texts"]]]:
                for m in pat.finditer(title):
                    if not _digits_match(m.group(1), value):
                        failures.append(
                            f"{where}: panel {ai} text {title!r} shows {cname} = {m.group(1)}, "
                            f"not the current {value!r}"
                        )
    return failures


def consistency_failures(data: dict) -> list[str]:
    failures: list[str] = []
    seen: set = set()
    for rec, states in _current_states(data):
        if rec.get("kind") == "axes":
            key = json.dumps(rec["state"], sort_keys=True)
            if key in seen:
                continue
            seen.add(key)
            where = f"{rec['tag']}, figure {rec['figure']}, axes {rec['axes']}"
            failures += axes_consistency(rec["state"], where)
        elif rec.get("kind") == "explorer":
            failures += explorer_consistency(rec, states)
    return list(dict.fromkeys(failures))


# ----------------------------------------------------------------------------------------------
# committed reference of everything drawn
# ----------------------------------------------------------------------------------------------


def _g(v, digits: int = 10):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if not math.isfinite(v):
        return repr(v)
    return float(f"{v:.{digits}g}")


def _array_summary(values) -> dict | list:
    vals = [v for v in values if isinstance(v, (int, float)) or v is None]
    if len(vals) <= 12:
        return [_g(v) for v in values]
    a = np.asarray([np.nan if v is None else v for v in vals], dtype=float)
    finite = a[np.isfinite(a)]
    import hashlib

    rounded = ",".join(f"{v:.8g}" for v in a)
    return {
        "n": int(a.size),
        "first": _g(a[0]),
        "last": _g(a[-1]),
        "min": _g(float(finite.min())) if finite.size else None,
        "max": _g(float(finite.max())) if finite.size else None,
        "mean": _g(float(finite.mean()), 8) if finite.size else None,
        "sha1_8g": hashlib.sha1(rounded.encode()).hexdigest()[:16],
    }


def _summarise(obj):
    if isinstance(obj, dict):
        return {
            k: (_array_summary(v) if k in _ARRAY_KEYS and isinstance(v, list) else _summarise(v))
            for k, v in obj.items()
        }
    if isinstance(obj, list):
        return [_summarise(v) for v in obj]
    return _g(obj)


_ARRAY_KEYS = {"x", "y", "data", "array"}


def reference_document(data: dict) -> dict:
    """What the committed file holds: every main-group state, summarised, in order."""
    entries = []
    for rec in data["records"]:
        if rec.get("phase") == "draw":
            continue
        if rec.get("kind") == "explorer":
            entries.append(
                {
                    "explorer": rec["explorer"],
                    "values": _summarise(rec["values"]),
                    "text": rec["text"],
                }
            )
            continue
        state = dict(rec["state"])
        if rec.get("kind") == "axes" and len(state["patches"]) > 24:  # histograms: bars
            ps = state["patches"]
            state["patches"] = {
                "n": len(ps),
                "types": sorted({p["type"] for p in ps}),
                "labels": sorted({p["label"] for p in ps}),
                "facecolors": sorted({p["facecolor"] for p in ps}),
                **{
                    k: _array_summary([p.get(k) for p in ps if p["type"] == "Rectangle"])
                    for k in ("x", "y", "w", "h")
                },
                "other": [p for p in ps if p["type"] != "Rectangle"][:24],
            }
        if rec.get("kind") == "axes":
            state["collections"] = [
                {
                    **c,
                    "offsets": _array_summary([v for row in c["offsets"] for v in row]),
                    "vertices": _array_summary([v for row in c["vertices"] for v in row]),
                }
                for c in state["collections"]
            ]
        entries.append(
            {
                "where": f"{rec['tag']}: figure {rec['figure']}, "
                + ("figure texts" if rec["axes"] < 0 else f"axes {rec['axes']}"),
                "state": _summarise(state),
            }
        )
    explorers = [{"controls": e["controls"]} for e in data["explorers"]]
    return {"explorers": explorers, "states": entries}


def _diff(want, got, path: str = "") -> list[str]:
    if isinstance(want, dict) and isinstance(got, dict):
        out = []
        for k in sorted(set(want) | set(got)):
            if k not in got or k not in want:
                out.append(f"{path}/{k}: {'missing' if k not in got else 'new'}")
            else:
                out += _diff(want[k], got[k], f"{path}/{k}")
        return out
    if isinstance(want, list) and isinstance(got, list):
        if len(want) != len(got) and all(isinstance(v, dict) and "where" in v for v in want + got):
            ww, gw = [v["where"] for v in want], [v["where"] for v in got]
            k = next((i for i, (a, b) in enumerate(zip(ww, gw, strict=False)) if a != b), None)
            k = min(len(ww), len(gw)) if k is None else k
            first = [
                f"{path}: {len(want)} states committed, {len(got)} drawn; first difference at "
                f"[{k}]: committed {ww[k] if k < len(ww) else None!r}, "
                f"drawn {gw[k] if k < len(gw) else None!r}"
            ]
            return first + (
                _diff(want[k], got[k], f"{path}[{k}]") if k < min(len(ww), len(gw)) else []
            )
        if len(want) != len(got):
            return [f"{path}: {len(want)} items committed, {len(got)} drawn"]
        return [
            d
            for i, (a, b) in enumerate(zip(want, got, strict=True))
            for d in _diff(a, b, f"{path}[{i}]")
        ]
    if isinstance(want, float) and isinstance(got, float):
        if math.isclose(want, got, rel_tol=1e-9, abs_tol=1e-300):
            return []
    if want != got:
        return [f"{path}: committed {want!r}, drawn {got!r}"]
    return []


# ----------------------------------------------------------------------------------------------
# image regression
# ----------------------------------------------------------------------------------------------


def png_outputs(nb) -> list[tuple[str, int, str]]:
    """(cell id, index among the cell's PNG outputs, base64 PNG) for every PNG output."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        k = 0
        for o in cell.get("outputs", []):
            png = o.get("data", {}).get("image/png") if "data" in o else None
            if png:
                out.append((cell.get("id", ""), k, png if isinstance(png, str) else "".join(png)))
                k += 1
    return out


def compare_pngs(committed, drawn, tmp: Path, tol: float = IMAGE_TOL) -> list[str]:
    import base64

    from matplotlib.testing.compare import compare_images
    from matplotlib.testing.exceptions import ImageComparisonFailure

    failures = []
    want = {(c, k): png for c, k, png in committed}
    got = {(c, k): png for c, k, png in drawn}
    if sorted(want) != sorted(got):
        failures.append(f"PNG outputs differ: committed {sorted(want)}, drawn {sorted(got)}")
    for key in sorted(set(want) & set(got)):
        if want[key] == got[key]:
            continue
        cid, k = key
        exp = tmp / f"{cid}-{k}-expected.png"
        act = tmp / f"{cid}-{k}.png"
        exp.write_bytes(base64.b64decode(want[key]))
        act.write_bytes(base64.b64decode(got[key]))
        try:
            err = compare_images(str(exp), str(act), tol, in_decorator=True)
        except ImageComparisonFailure as exc:  # different sizes: a changed layout
            failures.append(f"cell {cid} image {k}: {exc}")
            continue
        if err is not None:
            failures.append(
                f"cell {cid} image {k}: RMS {err['rms']:.4g} > {tol} (diff image {err['diff']})"
            )
    return failures


# ----------------------------------------------------------------------------------------------
# tests
# ----------------------------------------------------------------------------------------------

_IDS = [p.stem for p in NOTEBOOKS]


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_IDS)
def test_plotted_curves_match_reference(path):
    data, _ = captured(path)
    checked, skipped, failures = check_records(line_records(data))
    assert not failures, "\n".join(failures[:40])
    minimum = MIN_CHECKED.get(path.name[:2], 0)
    assert len(checked) >= minimum, (
        f"{path.name}: only {len(checked)} labelled curves checked (expected >= {minimum}); "
        f"skipped labels: {sorted(set(skipped))}"
    )


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_IDS)
def test_drawn_artists_are_self_consistent(path):
    data, executed = captured(path)
    # every displayed explorer (a widget view with a PNG snapshot) was found and swept
    shown = sum(
        1
        for cell in executed.cells
        for o in cell.get("outputs", [])
        if {"image/png", "application/vnd.jupyter.widget-view+json"} <= set(o.get("data", {}))
    )
    assert len(data["explorers"]) >= shown, (
        f"{path.name} displays {shown} explorers, the recorder found {len(data['explorers'])}: "
        "has the explorer contract (set, sliders, snapshot_png, figure) changed?"
    )
    swept = {r["explorer"] for r in data["records"] if r.get("kind") == "explorer"}
    assert swept == set(range(len(data["explorers"]))), "an explorer has no control to sweep"
    failures = consistency_failures(data)
    assert not failures, "\n".join(failures[:40])


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_IDS)
def test_drawn_artists_match_committed_reference(path):
    data, _ = captured(path)
    doc = reference_document(data)
    ref_path = REFERENCE_DIR / f"{path.stem}.json"
    if os.environ.get(UPDATE_ENV):
        REFERENCE_DIR.mkdir(exist_ok=True)
        ref_path.write_text(json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        return
    assert ref_path.exists(), f"no {ref_path.relative_to(ROOT)}; create it with {UPDATE_ENV}=1"
    committed = json.loads(ref_path.read_text())
    drawn = json.loads(json.dumps(doc, sort_keys=True, ensure_ascii=False))
    diffs = _diff(committed, drawn)
    assert not diffs, (
        f"{path.name} draws something other than {ref_path.relative_to(ROOT)} records "
        f"({len(diffs)} differences; if intended, regenerate with {UPDATE_ENV}=1 and review "
        "the diff):\n" + "\n".join(diffs[:40])
    )


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_IDS)
def test_images_match_committed_outputs(path, tmp_path):
    _, executed = captured(path)
    committed = nbformat.read(path, as_version=4)
    failures = compare_pngs(png_outputs(committed), png_outputs(executed), tmp_path)
    assert not failures, "\n".join(failures)


def test_issue_3_notebooks_exist():
    have = {p.name[:2] for p in NOTEBOOKS}
    assert set(MIN_CHECKED) <= have


# ---- the checkers themselves must be able to fail (no kernel needed) --------------------------


def _capture():
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import plot_capture

    return plot_capture


def _records_of(fig, tag="test") -> dict:
    cap = _capture()
    return {
        "records": [
            {
                "cell": 0,
                "phase": "cell",
                "tag": tag,
                "figure": 0,
                "axes": ai,
                "kind": "axes",
                "state": cap.axes_state(ax),
            }
            for ai, ax in enumerate(fig.axes)
        ],
        "explorers": [],
    }


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
    checked, skipped, failures = check_records(line_records(_records_of(fig)))
    assert failures == []
    assert len(checked) == 5
    assert skipped == ["loss curve"]

    # note 002's lost minus sign, a wrong parameter, a one-point change, a typo'd label, and
    # the issue's 1e-9 relative error in sigmoid' (RTOL 1e-9 let it through)
    broken = Figure()
    bx = broken.add_subplot()
    bx.plot(x, 1 / (1 + np.exp(x)), label=actlib.sigmoid.label())
    bx.plot(x, actlib.leaky_relu(x, alpha=0.2), label=actlib.leaky_relu.label(alpha=0.1))
    y = actlib.tanh(x)
    y[37] += 1e-6
    bx.plot(x, y, label="tanh(x)")
    bx.plot(x, actlib.relu(x), label="relu(x; alpha=0.1 ")
    bx.plot(x, actlib.sigmoid.derivative(x) * (1 + 1e-9), label="sigmoid'(x)")
    _, _, failures = check_records(line_records(_records_of(broken)))
    assert len(failures) == 5, failures


def test_checker_sees_tails_no_absolute_floor():
    """A 5 % error where |f'| < 2e-11 (ATOL 1e-12 hid it) and a 16-ulp error in a tail fail."""
    from matplotlib.figure import Figure

    x = np.linspace(-40, -25, 31)
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(x, actlib.sigmoid.derivative(x) * 1.05, label="sigmoid'(x)")
    y = actlib.sigmoid(x)
    y[3] = y[3] + 16 * np.spacing(y[3])
    ax.plot(x, y, label="sigmoid(x)")
    _, _, failures = check_records(line_records(_records_of(fig)))
    assert len(failures) == 2, failures


def test_consistency_catches_moved_band_stale_legend_and_wrong_annotation():
    from matplotlib.figure import Figure

    from actlib import plotting

    cap = _capture()
    x = np.linspace(-6, 6, 121)
    with cap.legend_hook():
        good = Figure()
        ax = good.add_subplot()
        plotting.shade_bands(ax, [(-6, 6, "useful (-6, 6)"), (-3.0, 3.0, "best [-3.0, 3.0]")])
        plotting.mark_points(ax, "sigmoid", [-3.0, 0.0, 3.0])
        ax.plot(x, actlib.sigmoid(x), label="sigmoid(x)")
        ax.plot([0.0], [0.5], "ko", label="_marker")
        ax.legend()
        assert consistency_failures(_records_of(good)) == []

        bad = Figure()
        bx = bad.add_subplot()
        plotting.shade_bands(bx, [(-5, 5, "useful (-6, 6)")])
        (line,) = bx.plot(x, actlib.leaky_relu(x), label="leaky_relu(x)")
        bx.legend()
        line.set_label("leaky_relu(x; alpha=0.3)")  # legend not refreshed
        pts = np.array([-3.0, 3.0])
        bx.plot(pts, actlib.leaky_relu(pts), "o", ls="none", label="leaky_relu(x)")
        for xv, yv in zip(pts, actlib.leaky_relu(pts), strict=True):
            bx.annotate(f"{xv:.4g}", (xv, yv))  # x instead of f(x)
        bx.plot([0.0], [0.5], "ko", label="_marker")  # on no curve
        failures = consistency_failures(_records_of(bad))
    # stale legend, band at (-5, 5), "-3" at (-3, -0.03) ("3" at (3, 3) is right), the marker
    assert len(failures) == 4, failures


def test_explorer_consistency_catches_a_stale_panel_and_title():
    from matplotlib.figure import Figure

    fig = Figure()
    ax_f, ax_d = fig.subplots(1, 2)
    x = np.linspace(-2, 2, 41)
    ax_f.plot(x, actlib.leaky_relu(x, alpha=0.3), label="leaky_relu(x; alpha=0.3)")
    ax_d.plot(x, actlib.leaky_relu.derivative(x, alpha=0.3), label="leaky_relu'(x; alpha=0.3)")
    ax_d.set_title("alpha = 0.3")
    data = _records_of(fig)
    ok = {"kind": "explorer", "explorer": 0, "figure": 0, "values": {"alpha": 0.3}, "text": ""}
    data["records"].append(ok)
    assert consistency_failures(data) == []
    data["records"][-1] = {**ok, "values": {"alpha": 0.5}}
    assert len(consistency_failures(data)) == 3  # two panels' labels, one title


def test_committed_reference_diff_sees_a_moved_unlabelled_line():
    from matplotlib.figure import Figure

    def doc(level):
        fig = Figure()
        ax = fig.add_subplot()
        ax.plot(np.linspace(0, 1, 50), np.linspace(0, 1, 50) ** 2, label="loss")
        ax.axhline(level, label="_log 2")
        return json.loads(json.dumps(reference_document(_records_of(fig)), sort_keys=True))

    assert _diff(doc(math.log(2)), doc(math.log(2))) == []
    assert _diff(doc(math.log(2)), doc(math.log(3)))


def _png_b64(fig) -> str:
    import base64
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72)
    return base64.b64encode(buf.getvalue()).decode()


def test_image_comparison_sees_a_moved_band_and_a_changed_annotation(tmp_path):
    from matplotlib.figure import Figure

    from actlib import plotting

    def render(band=6.0, note="0.25"):
        fig = Figure(figsize=(4.2, 3.2))
        ax = fig.add_subplot()
        plotting.curve(ax, "sigmoid", np.linspace(-8, 8, 201), derivative=True)
        plotting.shade_bands(ax, [(-band, band, "useful")])
        ax.annotate(note, (0.0, 0.25), textcoords="offset points", xytext=(4, 6), fontsize="small")
        return [("c", 0, _png_b64(fig))]

    base = render()
    assert compare_pngs(base, render(), tmp_path) == []
    assert compare_pngs(base, render(band=5.0), tmp_path)
    assert compare_pngs(base, render(note="0.30"), tmp_path)
