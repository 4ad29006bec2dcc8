"""Section 4, browser part (issue 11): the live training playground while it plays, in JupyterLab.

Reuses the browser-test harness (``tests/browser/harness.py``) like :mod:`benchmarks.browser`:
the project's JupyterLab, Debian's Chromium, headless.  A notebook showing the default
:class:`actlib.widgets.TrainingPlayground` (XOR, tanh, ``2 -> 4 -> 4 -> 2``, lr 0.03,
batches of 10, 5 epochs per tick, Play interval 50 ms) is run; then Play is clicked and, in the
page:

* a capturing ``click`` listener stamps the press of Play;
* a patched ``CanvasRenderingContext2D.drawImage`` stamps every frame ipympl paints into the
  playground's canvas (a *repaint*);
* a ``MutationObserver`` on the readout stamps the first time it says that every training point is
  classified correctly (``separated``), and the epoch counter is read at the end.

Reported: repaints per second over ``seconds`` of playing (from the first repaint after the click;
goal >= 10), and the time from the click until the readout first shows the separated XOR run
(goal <= 3 s); then Pause is clicked.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks._common import ROOT, code_notebook

CELLS = (
    f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom actlib.widgets import TrainingPlayground",
    "pg = TrainingPlayground()\npg",
)

PLAYGROUND = "TrainingPlayground() (xor, tanh, 2-4-4-2, 5 epochs per tick, Play interval 50 ms)"

_INSTRUMENT = """
() => {
  if (window.__pg) return;
  const B = window.__pg = {clicks: [], paints: [], separated: null};
  document.addEventListener('click', e => {
    if (e.target.closest && e.target.closest('.widget-play')) B.clicks.push(performance.now());
  }, true);
  const orig = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const canvas = this.canvas;
    if (canvas && canvas.closest && canvas.closest('.jupyter-matplotlib-canvas-div')) {
      requestAnimationFrame(() => B.paints.push(performance.now()));
    }
    return orig.apply(this, args);
  };
  const area = document.querySelector('.jp-OutputArea-output .widget-html')
    .closest('.jp-OutputArea-output');
  const check = () => {
    if (B.separated !== null) return;
    for (const pre of area.querySelectorAll('pre')) {
      if (/every training point correct/.test(pre.textContent)) B.separated = performance.now();
    }
  };
  new MutationObserver(check).observe(area, {childList: true, subtree: true, characterData: true});
}
"""


def notebook_json():
    """The benchmark notebook as nbformat-4 JSON text."""
    return code_notebook(list(CELLS), "pg")


def _epoch(page):
    for text in page.locator(".widget-html").all_text_contents():
        if text.strip().startswith("epoch "):
            return int(text.split()[1])
    return None


def run_in_page(page, seconds=5.0, log=print):
    """Measure on a page where the :data:`CELLS` notebook has run (the playground is shown)."""
    page.evaluate(_INSTRUMENT)
    play = page.locator(".widget-play button").first
    play.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    play.click()
    try:
        page.wait_for_function(
            "window.__pg.clicks.length && window.__pg.paints.some(t => t > window.__pg.clicks[0])",
            timeout=30_000,
        )
    except Exception as exc:
        state = page.evaluate(
            "({clicks: window.__pg.clicks.length, paints: window.__pg.paints.length})"
        )
        raise RuntimeError(f"no repaint after Play ({state}, epoch {_epoch(page)})") from exc
    page.wait_for_function(
        "window.__pg.separated !== null", timeout=max(30_000, int(seconds * 1000) + 10_000)
    )
    t0 = page.evaluate("window.__pg.paints.find(t => t > window.__pg.clicks[0])")
    page.wait_for_function(f"performance.now() > {t0 + seconds * 1000}", timeout=120_000)
    data = page.evaluate("window.__pg")
    play.click()  # pause
    epoch_end = _epoch(page)
    click = data["clicks"][0]
    window = [t for t in data["paints"] if t0 <= t <= t0 + seconds * 1000]
    rate = (len(window) - 1) / ((window[-1] - window[0]) / 1000) if len(window) > 1 else 0.0
    separate_s = (data["separated"] - click) / 1000
    log(
        f"  browser playground: {rate:.1f} repaints/s while playing, xor separated "
        f"{separate_s:.2f} s after Play"
    )
    return {
        "playground": PLAYGROUND,
        "window_seconds": seconds,
        "repaints": len(window),
        "repaints_per_second": rate,
        "separate_seconds": separate_s,
        "epoch_at_end": epoch_end,
    }


METHOD = (
    "JupyterLab started by the browser-test harness, Debian's Chromium, headless. A notebook "
    "showing the default `TrainingPlayground()` is run; Play is clicked. Repaints = frames ipympl "
    "paints into the playground's canvas (`drawImage`), counted over the given window from the "
    "first repaint after the click; separation time = click on Play -> the readout first says "
    "every training point is classified correctly (MutationObserver)."
)


def run(seconds=5.0, log=print):
    """Repaints per second while playing and seconds until the default XOR run separates."""
    from benchmarks.browser import harness

    h, reason = harness()
    if h is None:
        log(f"  browser playground: not measured ({reason})")
        return {"status": "not measured", "reason": reason}
    try:
        row = _run_with_harness(h, seconds, log)
    except Exception as exc:  # report the failure instead of a number
        log(f"  browser playground: failed: {exc!r}")
        return {"status": "not measured", "reason": f"the browser run failed: {exc!r}"}
    return {"status": "measured", "method": METHOD, "rows": [row]}


def _run_with_harness(h, seconds, log):
    from playwright.sync_api import sync_playwright

    if not h.chromium_available():
        raise RuntimeError(f"no Chromium at {h.CHROMIUM} ({h.INSTALL_HINT})")
    tmp = Path(tempfile.mkdtemp(prefix="actlib-bench-playground-"))
    root, state = tmp / "root", tmp / "state"
    root.mkdir()
    state.mkdir()
    (root / "playground.ipynb").write_text(notebook_json(), encoding="utf-8")
    server = h.start_lab(root, state, tmp / "lab.log")
    try:
        with sync_playwright() as p:
            context = h.launch_chromium(p, tmp / "profile")
            try:
                page = h.open_notebook(context, server, "playground.ipynb")
                h.run_all(page)
                page.locator(".jupyter-matplotlib-canvas-div canvas").first.wait_for(
                    timeout=120_000
                )
                h.wait_kernel_idle(page)
                h.page_findings(page)  # waits until the canvas has ink
                time.sleep(0.5)
                return run_in_page(page, seconds, log)
            finally:
                context.close()
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":  # python -m benchmarks.browser_playground
    print(json.dumps(run(), indent=1))
