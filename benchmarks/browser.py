"""Section 4, browser part: key press / drag -> repainted plot in JupyterLab, all interleaved.

Reuses the browser-test helpers in ``tests/browser/`` to start the project's JupyterLab and
drive Debian's Chromium. When that harness is not there, the section reports "not measured" and
why, rather than measuring something else.

One page, one run, every target in its own cell (:data:`TARGETS`): the textbook ipympl figure
(``observe`` -> ``set_ydata`` -> ``draw_idle``), the same figure with matplotlib's blitting
recipe, ``interact`` + ``%matplotlib inline`` re-plotting it (all three 1x2 panels, 1000 points,
:mod:`benchmarks.slider_kernel`), and every explorer the notebooks show. Instrumentation in the
page: a capturing ``keydown`` and ``pointermove`` listener stamp the hand; a patched
``CanvasRenderingContext2D.drawImage`` stamps each frame ipympl paints into a figure's canvas,
and a ``MutationObserver`` each new ``<img>`` the interact output shows once loaded, both at the
next animation frame and tagged with their cell.

* **key -> repaint**: an arrow-key press on the slider handle -> the first paint of that cell
  after it (median and max over ``presses``, half right, half back left); the targets take
  turns press by press;
* **drag**: 30 mouse moves of 4 px, 50 ms apart (about 1.5 s), on the handle: *frames* = paints
  of that cell from the first to the last move, *settle* = last paint after the hand stopped
  minus the last move (0 if nothing painted after it); ``drags`` per target, turns again.
"""

from __future__ import annotations

import math
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks._common import ROOT, code_notebook, tests_on_path

SETUP = (
    "import sys\n"
    f"sys.path.insert(0, {str(ROOT)!r})\n"
    "%matplotlib inline\n"
    "import warnings\n"
    "warnings.simplefilter('ignore')\n"
    "from actlib import widgets as W\n"
    "from benchmarks import slider_kernel as K"
)


def targets():
    """``[(label, kind, cell source, slider description)]``: baselines first, then explorers."""
    from benchmarks.slider_kernel import NOTEBOOK_EXPLORERS

    out = [
        ("textbook ipympl (draw_idle)", "textbook", "K.textbook_figure(blit=False)[0]", "w"),
        ("blitting recipe", "blit recipe", "K.textbook_figure(blit=True)[0]", "w"),
        ("interact + inline", "interact", "K.interact_figure()[0]", "w"),
    ]
    for label, src, key in NOTEBOOK_EXPLORERS:
        out.append((label, "explorer", f"ex = {src}\nex", key))
    return out


def _descriptions():
    """Slider description of each explorer control driven (what the page shows left of it)."""
    import matplotlib

    matplotlib.use("Agg")
    from actlib import widgets as W
    from benchmarks.slider_kernel import NOTEBOOK_EXPLORERS

    out = {}
    for label, src, key in NOTEBOOK_EXPLORERS:
        ex = eval(src, {"W": W})
        out[label] = ex.sliders[key].description
        ex.close()
    return out


_INSTRUMENT = """
() => {
  if (window.__bench) return;
  const B = window.__bench = {keys: [], moves: [], paints: []};
  const cellOf = el => {
    const cell = el.closest && el.closest('.jp-Cell');
    return cell ? [...document.querySelectorAll('.jp-Notebook .jp-Cell')].indexOf(cell) : -1;
  };
  document.addEventListener('keydown', e => B.keys.push(performance.now()), true);
  document.addEventListener('pointermove', e => B.moves.push(performance.now()), true);
  const orig = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const canvas = this.canvas;
    if (canvas && canvas.closest && canvas.closest('.jupyter-matplotlib-canvas-div')) {
      const c = cellOf(canvas);
      requestAnimationFrame(() => B.paints.push([c, performance.now()]));
    }
    return orig.apply(this, args);
  };
  const seen = new WeakSet();
  const watch = img => {
    if (seen.has(img)) return;
    seen.add(img);
    const c = cellOf(img);
    const done = () => requestAnimationFrame(() => B.paints.push([c, performance.now()]));
    if (img.complete && img.naturalWidth) done(); else img.addEventListener('load', done);
  };
  new MutationObserver(muts => {
    for (const m of muts) for (const n of m.addedNodes) {
      if (!(n instanceof Element)) continue;
      const imgs = n.tagName === 'IMG' ? [n] : n.querySelectorAll('img');
      for (const img of imgs) if (img.closest('.widget-interact')) watch(img);
    }
  }).observe(document.body, {childList: true, subtree: true});
}
"""


def harness():
    """The browser harness module, or None (with the reason) when it is not available."""
    if not (ROOT / "tests" / "browser" / "harness.py").is_file():
        return None, "the browser-test harness (tests/browser/) is not in the repository"
    tests_on_path()
    try:
        from browser import harness as h  # tests/browser/harness.py, tests/ on sys.path
    except Exception as exc:
        return None, f"importing tests/browser failed: {exc!r}"
    return h, ""


def _paints(page, cell, since):
    return page.evaluate(
        f"window.__bench.paints.filter(p => p[0] === {cell} && p[1] >= {since}).map(p => p[1])"
    )


def press_once(page, handle, cell, key, *, timeout_ms=20000):
    """Press ``key`` on ``handle``; ms from the key press to the next paint of ``cell``."""
    handle.scroll_into_view_if_needed()
    handle.focus()
    keys_before = page.evaluate("window.__bench.keys.length")
    page.keyboard.press(key)
    page.wait_for_function(f"window.__bench.keys.length > {keys_before}", timeout=timeout_ms)
    t_key = page.evaluate(f"window.__bench.keys[{keys_before}]")
    page.wait_for_function(
        f"window.__bench.paints.some(p => p[0] === {cell} && p[1] >= {t_key})",
        timeout=timeout_ms,
        polling=5,
    )
    t_paint = min(_paints(page, cell, t_key))
    time.sleep(0.3)  # let late frames of this press land before the next one
    return float(t_paint) - float(t_key)


def drag_once(page, handle, cell, direction, *, moves=30, step_px=4, interval_s=0.05, wait_s=1.5):
    """Drag ``handle`` by ``moves`` x ``step_px`` px; (frames during the drag, settle ms)."""
    handle.scroll_into_view_if_needed()
    time.sleep(0.3)  # let the scroll settle (and its repaints land) before the hand moves
    box = handle.bounding_box()
    x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x0, y0)
    page.mouse.down()
    n0 = page.evaluate("window.__bench.moves.length")
    start = time.perf_counter()
    for i in range(moves):
        page.mouse.move(x0 + direction * step_px * (i + 1), y0)
        pause = start + (i + 1) * interval_s - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
    stamps = page.evaluate(f"window.__bench.moves.slice({n0})")
    page.mouse.up()
    time.sleep(wait_s)
    t_first, t_last = float(stamps[0]), float(stamps[-1])
    paints = _paints(page, cell, t_first)
    frames = sum(1 for t in paints if t <= t_last)
    after = [t for t in paints if t > t_last]
    settle = (max(after) - t_last) if after else 0.0
    return frames, float(settle)


def _stats(ms):
    if not ms:
        return {"median_ms": math.nan, "p90_ms": math.nan, "max_ms": math.nan}
    return {
        "median_ms": float(np.median(ms)),
        "p90_ms": float(np.percentile(ms, 90)),
        "max_ms": float(np.max(ms)),
    }


def run_in_page(page, specs, presses=20, drags=2, log=print):
    """Measure on a page where the benchmark notebook has run: ``specs`` from :func:`targets`,
    each with its cell index and slider description."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate(_INSTRUMENT)
    handles = {}
    for label, _kind, _src, desc, cell in specs:
        sliders = page.locator(".jp-Notebook .jp-Cell").nth(cell).locator(".widget-slider")
        handles[label] = sliders.filter(has_text=desc).locator(".noUi-handle").first
    keys = {label: [] for label, *_ in specs}
    frames = {label: [] for label, *_ in specs}
    settle = {label: [] for label, *_ in specs}
    missed = {label: 0 for label, *_ in specs}
    for i in range(presses):
        # right, left, right, ...: every press moves the value by one step and none walks a
        # slider into its end, where a press changes nothing and nothing would repaint
        key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
        for label, _kind, _src, _desc, cell in specs:
            try:
                keys[label].append(press_once(page, handles[label], cell, key))
            except PlaywrightTimeout:
                missed[label] += 1
                log(f"  browser: {label}: no repaint within 20 s of press {i + 1}")
    for j in range(drags):
        for label, _kind, _src, _desc, cell in specs:
            f, st = drag_once(page, handles[label], cell, 1 if j % 2 == 0 else -1)
            frames[label].append(f)
            settle[label].append(st)
    rows = []
    for label, kind, _src, _desc, _cell in specs:
        st = _stats(keys[label])
        row = {
            "target": label,
            "kind": kind,
            "key_ms": keys[label],
            "key_median_ms": st["median_ms"],
            "key_p90_ms": st["p90_ms"],
            "key_max_ms": st["max_ms"],
            "key_missed": missed[label],
            "drag_frames": frames[label],
            "drag_frames_median": float(np.median(frames[label])),
            "settle_ms": settle[label],
            "settle_median_ms": float(np.median(settle[label])),
            "settle_max_ms": float(np.max(settle[label])),
        }
        rows.append(row)
        log(
            f"  browser: {label:40s} key {row['key_median_ms']:5.0f} ms (max "
            f"{row['key_max_ms']:4.0f}), drag {row['drag_frames_median']:4.1f} frames, settle "
            f"{row['settle_median_ms']:4.0f} ms"
        )
    return rows


def summarise(rows):
    """Explorer rows with their ratios to the same run's baselines (the report's goals)."""
    base = {r["kind"]: r for r in rows if r["kind"] != "explorer"}
    text, inter = base.get("textbook"), base.get("interact")
    out = []
    for r in rows:
        if r["kind"] != "explorer":
            continue
        row = dict(r)
        row["explorer"] = r["target"]
        row["explorer_median_ms"] = r["key_median_ms"]
        row["explorer_p90_ms"] = r["key_p90_ms"]
        if inter:
            row["interact_median_ms"] = inter["key_median_ms"]
            row["interact_p90_ms"] = inter["key_p90_ms"]
            row["ratio"] = r["key_median_ms"] / inter["key_median_ms"]
        if text:
            row["textbook_median_ms"] = text["key_median_ms"]
            row["ratio_textbook"] = r["key_median_ms"] / text["key_median_ms"]
            tf = text["drag_frames_median"]
            row["textbook_drag_frames"] = tf
            row["frames_ratio_textbook"] = r["drag_frames_median"] / tf if tf else None
        out.append(row)
    return out


def notebook_json(specs):
    """The benchmark notebook as nbformat-4 JSON text: setup, then one cell per target."""
    sources = [SETUP] + [src for _label, _kind, src, *_ in specs]
    return code_notebook(sources, "bench")


METHOD = (
    "JupyterLab started by the browser-test harness (`tests/browser/harness.py`), Debian's "
    "Chromium, headless, one page and one run: the textbook ipympl figure (`observe` -> "
    "`set_ydata` -> `draw_idle`), the same figure with matplotlib's blitting recipe, `interact` "
    "+ `%matplotlib inline` re-plotting it (1x2 panels, 1000 points) and every explorer of the "
    "notebooks, each in its own cell. Arrow-key presses on each slider's handle, the targets "
    "taking turns press by press: key press (capturing keydown) -> first animation frame after "
    "that cell's next paint (ipympl: `drawImage` into the figure canvas; interact: the new "
    "`<img>` loaded). Drags of 30 moves x 4 px, 50 ms apart, turns again: frames = paints "
    "between the first and last move, settle = last paint after the last move."
)


def run(presses=20, drags=2, log=print):
    """Every target's key -> repaint, drag frames and settle time; ratios to the baselines."""
    h, reason = harness()
    if h is None:
        log(f"  browser: not measured ({reason})")
        return {"status": "not measured", "reason": reason}
    from benchmarks import browser_playground

    playground = browser_playground.run(log=log)  # issue 11: the playground while it plays
    try:
        rows = _run_with_harness(h, presses, drags, log)
    except Exception as exc:  # report the failure instead of a number
        log(f"  browser: failed: {exc!r}")
        return {
            "status": "not measured",
            "reason": f"the browser run failed: {exc!r}",
            "playground": playground,
        }
    return {
        "status": "measured",
        "method": METHOD,
        "presses": presses,
        "drags": drags,
        "targets": rows,
        "rows": summarise(rows),
        "playground": playground,
    }


def _run_with_harness(h, presses, drags, log):
    """Start the project's lab with the harness, run the benchmark notebook, measure, clean up."""
    from playwright.sync_api import sync_playwright

    if not h.chromium_available():
        raise RuntimeError(f"no Chromium at {h.CHROMIUM} ({h.INSTALL_HINT})")
    desc = _descriptions()
    specs = []
    for cell, (label, kind, src, key) in enumerate(targets(), start=1):
        specs.append((label, kind, src, desc.get(label, key), cell))
    tmp = Path(tempfile.mkdtemp(prefix="actlib-bench-browser-"))
    root = tmp / "root"
    state = tmp / "state"
    root.mkdir()
    state.mkdir()
    (root / "bench.ipynb").write_text(notebook_json(specs), encoding="utf-8")
    server = h.start_lab(root, state, tmp / "lab.log")
    try:
        with sync_playwright() as p:
            context = h.launch_chromium(p, tmp / "profile")
            try:
                page = h.open_notebook(context, server, "bench.ipynb")
                page.set_viewport_size({"width": 1400, "height": 1000})
                h.run_all(page)
                page.locator(".widget-interact .widget-output img").first.wait_for(timeout=120_000)
                h.wait_kernel_idle(page)
                h.page_findings(page)  # waits until every canvas has ink
                return run_in_page(page, specs, presses, drags, log)
            finally:
                context.close()
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
