"""The live training playground in JupyterLab: Play trains, Pause stops, Step steps.

Runs notebook 11 in the lab (shared with ``test_lab.py`` through the session's notebook runner),
then, on its first playground: presses Play and waits until the epoch counter has moved and the
figure's pixels changed; moves the learning-rate slider while it plays and checks that the
readout shows the new value and training went on; presses Pause and checks that the counter and
the pixels then stay put; presses Step and checks one tick's worth of epochs.  Screenshots go to
``tests/browser/artifacts/11_training_playground/``.  (Every other control is moved, with a
visible change, by ``test_lab.py::test_explorer_controls_move_the_plot``.)
"""

from __future__ import annotations

import re
import time

import pytest

from . import harness as h

pytestmark = pytest.mark.browser

NOTEBOOK = "11_training_playground.ipynb"
EPOCH = re.compile(r"^\s*epoch (\d+)\s*$")


def _playground_index() -> int:
    specs = h.committed_widget_views(h.NOTEBOOK_DIR / NOTEBOOK)
    return next(s.index for s in specs if s.title.startswith("Training playground"))


def _epoch(ex) -> int:
    texts = ex.locator(".widget-html").all_text_contents()
    for t in texts:
        m = EPOCH.match(t)
        if m:
            return int(m.group(1))
    raise AssertionError(f"no epoch counter among {texts!r}")


def _wait(pred, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")


@pytest.mark.parametrize("notebook", [NOTEBOOK], ids=["11_training_playground"])
def test_play_pause_step_in_the_browser(notebook_runner, artifacts, notebook):
    run = notebook_runner.get(notebook)
    page = run.page
    ex = page.locator(f'[data-actlib-explorer="{_playground_index()}"]')
    assert ex.count() == 1, "the playground is not shown"
    folder = artifacts / "11_training_playground"
    folder.mkdir(parents=True, exist_ok=True)
    canvas = ex.locator(".jupyter-matplotlib-canvas-div").first
    canvas.scroll_into_view_if_needed()
    play = ex.locator(".widget-play button").first
    step = ex.locator("button").filter(has_text=re.compile(r"^\s*Step\s*$")).first
    readout = ex.locator("pre").first

    def sig():
        return h._signatures(ex)

    e0, s0 = _epoch(ex), sig()
    canvas.screenshot(path=str(folder / "play-0-before.png"))
    play.click()
    _wait(lambda: _epoch(ex) >= e0 + 20, 30, "the epoch counter to move while playing")
    _wait(lambda: sig() != s0, 10, "the figure to be repainted while playing")
    canvas.screenshot(path=str(folder / "play-1-playing.png"))

    # a control changed while playing is used by the next tick
    lr = ex.locator(".widget-slider").filter(has_text="learning rate").first
    lr.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    _wait(lambda: "lr 0.1," in (readout.text_content() or ""), 15, "the readout to show lr 0.1")
    e_lr = _epoch(ex)
    _wait(lambda: _epoch(ex) > e_lr, 15, "training to go on with the new learning rate")
    assert "reset" not in (readout.text_content() or "")

    play.click()  # pause
    time.sleep(1.5)  # ticks already on their way are dropped by the kernel
    e_paused, s_paused = _epoch(ex), sig()
    time.sleep(2.0)
    assert _epoch(ex) == e_paused, "the epoch counter moved after Pause"
    assert sig() == s_paused, "the figure kept changing after Pause"
    canvas.screenshot(path=str(folder / "play-2-paused.png"))

    step.click()
    _wait(lambda: _epoch(ex) == e_paused + 5, 15, "Step to train one tick (5 epochs)")
    _wait(lambda: sig() != s_paused, 10, "the figure to be repainted after Step")
