"""Section 4, browser part: key press -> repainted plot in JupyterLab, through the browser harness.

Reuses the browser-test helpers in ``tests/browser/`` (issue 4) to start the project's
JupyterLab and drive Debian's Chromium. When that harness is not there, the section reports
"not measured" and why, rather than measuring something else.

What is measured, in the page: a notebook with the explorer and its ``interact`` baseline (the
same figure re-plotted inline, as in :mod:`benchmarks.slider_kernel`) is run; then for each
slider, ``presses`` arrow-key presses on its handle, one at a time. A capturing ``keydown``
listener stamps the press; a patched ``CanvasRenderingContext2D.drawImage`` stamps each frame
ipympl paints into the figure's canvas, and a ``MutationObserver`` stamps each new ``<img>`` the
interact output shows once it has loaded; the latency is the first animation frame after that
paint minus the key press. The next press waits until the previous one has been painted.
"""

from __future__ import annotations

import json
import time

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
    if not (ROOT / "tests" / "browser").is_dir():
        return None, (
            "the browser-test harness (tests/browser/, issue 4) was not in the repository when "
            "this report was made"
        )
    tests_on_path()
    try:
        import browser as h  # tests/browser is a package on tests/'s path
    except Exception as exc:
        return None, f"importing tests/browser failed: {exc!r}"
    return h, ""


def _stats(ms):
    """Median and 90th percentile (linear interpolation, as ``np.percentile``)."""
    return float(np.median(ms)), float(np.percentile(ms, 90))


def measure(page, handle, series, presses, *, timeout_ms=15000):
    """Press arrow keys on ``handle``; return ms from each key press to the next paint.

    ``series`` is ``"paints"`` (ipympl canvas) or ``"imgs"`` (interact output image).
    """
    out = []
    key = "ArrowRight"
    for i in range(presses):
        if i == presses // 2:
            key = "ArrowLeft"  # stay inside the slider's range
        handle.focus()
        before = page.evaluate(f"window.__bench.{series}.length")
        keys_before = page.evaluate("window.__bench.keys.length")
        page.keyboard.press(key)
        page.wait_for_function(
            f"window.__bench.{series}.length > {before} && window.__bench.keys.length > "
            f"{keys_before}",
            timeout=timeout_ms,
        )
        t_key = page.evaluate(f"window.__bench.keys[{keys_before}]")
        t_paint = page.evaluate(f"window.__bench.{series}.slice({before}).find(t => t >= {t_key})")
        out.append(float(t_paint) - float(t_key))
        time.sleep(0.25)  # let late frames of this press land before the next one
    return out


def run_in_page(page, presses=30, log=print):
    """Measure on a page where the :data:`CELLS` notebook has been run (all outputs shown)."""
    page.evaluate(_INSTRUMENT)
    ex_handle = page.locator(".jp-Cell").nth(1).locator(".widget-slider .noUi-handle").first
    it_handle = page.locator(".widget-interact .widget-slider .noUi-handle").first
    ex_ms = measure(page, ex_handle, "paints", presses)
    it_ms = measure(page, it_handle, "imgs", presses)
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
    "JupyterLab started by the browser-test harness (tests/browser/), Debian's Chromium, "
    "headless. A notebook with `scaled_explorer('sigmoid')` (1000 points) and an `interact` "
    "baseline re-plotting the same figure inline is run; then arrow-key presses on each slider's "
    "handle, one at a time. Latency = key press (capturing keydown listener) -> first animation "
    "frame after the new frame is painted (ipympl: `drawImage` into the figure canvas; "
    "interact: the new output `<img>` loaded)."
)


def run(presses=30, log=print):
    """Median and p90 key-press -> repaint latency, explorer vs interact baseline."""
    h, reason = harness()
    if h is None:
        log(f"  browser: not measured ({reason})")
        return {"status": "not measured", "reason": reason}
    try:
        row = _run_with_harness(h, presses, log)
    except Exception as exc:  # report the failure instead of a number
        log(f"  browser: failed: {exc!r}")
        return {"status": "not measured", "reason": f"the browser run failed: {exc!r}"}
    return {"status": "measured", "method": METHOD, "rows": [row]}


def _run_with_harness(h, presses, log):
    raise NotImplementedError(
        "tests/browser/ exists but this benchmark is not yet wired to its helpers"
    )
