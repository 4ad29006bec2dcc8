"""Section 4, browser part: key press -> repainted plot in JupyterLab, through the browser harness.

Reuses the browser-test helpers in ``tests/browser/`` (issue 4) to start the project's
JupyterLab and drive Debian's Chromium. When that harness is not there, the section reports
"not measured" and why, rather than measuring something else.

What is measured, in the page: a notebook with the explorer and its ``interact`` baseline (the
same figure re-plotted inline, as in :mod:`benchmarks.slider_kernel`) is run; then for each
slider, ``presses`` arrow-key presses on its handle, one at a time, the explorer and the
baseline taking turns. A capturing ``keydown`` listener stamps the press; a patched
``CanvasRenderingContext2D.drawImage`` stamps each frame ipympl paints into the figure's
canvas, and a ``MutationObserver`` stamps each new ``<img>`` the interact output shows once it
has loaded; the latency is the first animation frame after that paint minus the key press.
The next press waits until the previous one has been painted.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks._common import ROOT, tests_on_path

#: The notebook the browser runs: explorer first, the interact baseline second.
CELLS = (
    "import sys\n"
    f"sys.path.insert(0, {str(ROOT)!r})\n"
    "%matplotlib inline\n"
    "import matplotlib.pyplot as plt\n"
    "import ipywidgets as widgets\n"
    "from actlib import widgets as W\n"
    "from benchmarks.slider_kernel import replot",
    "ex = W.scaled_explorer('sigmoid')\nex",
    "shadow = W.scaled_explorer('sigmoid')\n"
    "\n"
    "def plot(w):\n"
    "    shadow.set(w=w)\n"
    "    replot(shadow.figure, plt)\n"
    "    plt.show()\n"
    "\n"
    "_ = widgets.interact(plot, w=widgets.FloatSlider(value=1.0, min=0.1, max=20.0, step=0.1))",
)

EXPLORER = "scaled_explorer('sigmoid')"

_INSTRUMENT = """
() => {
  if (window.__bench) return;
  const B = window.__bench = {keys: [], paints: [], imgs: []};
  document.addEventListener('keydown', e => B.keys.push(performance.now()), true);
  const orig = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const canvas = this.canvas;
    if (canvas && canvas.closest && canvas.closest('.jupyter-matplotlib-canvas-div')) {
      requestAnimationFrame(() => B.paints.push(performance.now()));
    }
    return orig.apply(this, args);
  };
  const seen = new WeakSet();
  const watch = img => {
    if (seen.has(img)) return;
    seen.add(img);
    const done = () => requestAnimationFrame(() => B.imgs.push(performance.now()));
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
        return None, (
            "the browser-test harness (tests/browser/, issue 4) was not in the repository when "
            "this report was made"
        )
    tests_on_path()
    try:
        from browser import harness as h  # tests/browser/harness.py, tests/ on sys.path
    except Exception as exc:
        return None, f"importing tests/browser failed: {exc!r}"
    return h, ""


def _stats(ms):
    """Median and 90th percentile (linear interpolation, as ``np.percentile``)."""
    return float(np.median(ms)), float(np.percentile(ms, 90))


def press_once(page, handle, series, key, *, timeout_ms=20000):
    """Press ``key`` on ``handle``; return ms from the key press to the next paint.

    ``series`` is ``"paints"`` (ipympl canvas) or ``"imgs"`` (interact output image).
    """
    handle.focus()
    before = page.evaluate(f"window.__bench.{series}.length")
    keys_before = page.evaluate("window.__bench.keys.length")
    page.keyboard.press(key)
    page.wait_for_function(
        f"window.__bench.{series}.length > {before} && window.__bench.keys.length > {keys_before}",
        timeout=timeout_ms,
    )
    t_key = page.evaluate(f"window.__bench.keys[{keys_before}]")
    t_paint = page.evaluate(f"window.__bench.{series}.slice({before}).find(t => t >= {t_key})")
    time.sleep(0.25)  # let late frames of this press land before the next one
    return float(t_paint) - float(t_key)


def measure(page, targets, presses):
    """Alternate presses between the ``targets`` (name -> (handle, series)); ms per press.

    Half the presses go right, half go back left, so each slider stays in its range; the
    explorer and the baseline take turns, so a change of the machine's load hits both.
    """
    out = {name: [] for name in targets}
    for i in range(presses):
        key = "ArrowRight" if i < presses // 2 else "ArrowLeft"
        for name, (handle, series) in targets.items():
            out[name].append(press_once(page, handle, series, key))
    return out


def run_in_page(page, presses=30, log=print):
    """Measure on a page where the :data:`CELLS` notebook has been run (all outputs shown)."""
    page.evaluate(_INSTRUMENT)
    ex_handle = page.locator(".jp-Cell").nth(1).locator(".widget-slider .noUi-handle").first
    it_handle = page.locator(".widget-interact .widget-slider .noUi-handle").first
    got = measure(
        page, {"explorer": (ex_handle, "paints"), "interact": (it_handle, "imgs")}, presses
    )
    ex_ms, it_ms = got["explorer"], got["interact"]
    em, ep = _stats(ex_ms)
    im, ip = _stats(it_ms)
    log(f"  browser: explorer median {em:.0f} ms, interact median {im:.0f} ms")
    return {
        "explorer": EXPLORER,
        "presses": presses,
        "explorer_ms": ex_ms,
        "interact_ms": it_ms,
        "explorer_median_ms": em,
        "explorer_p90_ms": ep,
        "interact_median_ms": im,
        "interact_p90_ms": ip,
        "ratio": em / im,
    }


def notebook_json():
    """The benchmark notebook as nbformat-4 JSON text."""
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"bench{i}",
            "metadata": {},
            "outputs": [],
            "source": src,
        }
        for i, src in enumerate(CELLS)
    ]
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1)


METHOD = (
    "JupyterLab started by the browser-test harness (`tests/browser/harness.py`: `start_lab`, "
    "`launch_chromium`, `open_notebook`, `run_all`), Debian's Chromium, "
    "headless. A notebook with `scaled_explorer('sigmoid')` (1000 points) and an `interact` "
    "baseline re-plotting the same figure inline is run; then arrow-key presses on each slider's "
    "handle, one at a time, explorer and baseline taking turns. Latency = key press "
    "(capturing keydown listener) -> first animation "
    "frame after the new frame is painted (ipympl: `drawImage` into the figure canvas; "
    "interact: the new output `<img>` loaded)."
)


def run(presses=30, log=print):
    """Median and p90 key-press -> repaint latency, explorer vs interact baseline."""
    h, reason = harness()
    if h is None:
        log(f"  browser: not measured ({reason})")
        return {"status": "not measured", "reason": reason}
    from benchmarks import browser_playground

    playground = browser_playground.run(log=log)  # issue 11: the playground while it plays
    try:
        row = _run_with_harness(h, presses, log)
    except Exception as exc:  # report the failure instead of a number
        log(f"  browser: failed: {exc!r}")
        return {
            "status": "not measured",
            "reason": f"the browser run failed: {exc!r}",
            "playground": playground,
        }
    return {"status": "measured", "method": METHOD, "rows": [row], "playground": playground}


def _run_with_harness(h, presses, log):
    """Start the project's lab with the harness, run the benchmark notebook, measure, clean up."""
    from playwright.sync_api import sync_playwright

    if not h.chromium_available():
        raise RuntimeError(f"no Chromium at {h.CHROMIUM} ({h.INSTALL_HINT})")
    tmp = Path(tempfile.mkdtemp(prefix="actlib-bench-browser-"))
    root = tmp / "root"
    state = tmp / "state"
    root.mkdir()
    state.mkdir()
    (root / "bench.ipynb").write_text(notebook_json(), encoding="utf-8")
    server = h.start_lab(root, state, tmp / "lab.log")
    try:
        with sync_playwright() as p:
            context = h.launch_chromium(p, tmp / "profile")
            try:
                page = h.open_notebook(context, server, "bench.ipynb")
                h.run_all(page)
                # The notebook had no outputs, so wait for the two figures themselves.
                page.locator(".widget-interact .widget-output img").first.wait_for(timeout=120_000)
                page.locator(".jupyter-matplotlib-canvas-div canvas").first.wait_for(
                    timeout=120_000
                )
                h.wait_kernel_idle(page)
                h.page_findings(page)  # waits until every canvas has ink
                return run_in_page(page, presses, log)
            finally:
                context.close()
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
