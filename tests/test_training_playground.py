"""Headless tests of the live training playground: Play / Pause / Step / Reset and every control.

Ticks are driven the way the browser drives them: ``playing`` is set, then the Play widget's
``value`` advances (each new value is one tick).  Every control is moved through its widget (the
path of a browser change) and the state and the plotted data are checked.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

from actlib import training
from actlib.widgets.training import FEATURE_CONTROLS, TrainingPlayground


@pytest.fixture(autouse=True)
def _agg_backend():
    before = matplotlib.get_backend()
    yield
    assert matplotlib.get_backend() == before


@pytest.fixture
def pg():
    return TrainingPlayground(resolution=12, unit_resolution=6)


def _tick(p, k=1):
    for _ in range(k):
        p.play.value += 1


def _image(p, key):
    return np.ma.filled(np.ma.asarray(p.lines[key].get_array(), dtype=float), np.nan)


def _picture(p):
    """Everything plotted, as arrays (to see whether anything on the screen changed)."""
    out = {
        "boundary": _image(p, "boundary"),
        "units": _image(p, "units"),
        "marks": [m.get_text() for m in p._marks.values()],
    }
    for key in ("train_0", "train_1", "test_0", "test_1"):
        out[key] = np.array(p.lines[key].get_offsets(), dtype=float)
    for key in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"):
        out[key] = np.array(p.lines[key].get_ydata(), dtype=float)
    return out


def _differs(a, b):
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, list):
            if x != y:
                return True
        elif x.shape != y.shape or not np.array_equal(x, y, equal_nan=True):
            return True
    return False


def test_play_ticks_train_and_repaint(pg):
    before = _picture(pg)
    assert pg.trainer.epoch == 0 and "untrained" in pg.text
    _tick(pg)  # not playing: a value change alone (e.g. the stop button's rewind) trains nothing
    assert pg.trainer.epoch == 0
    pg.play.playing = True
    _tick(pg, 3)
    k = pg.epochs_per_tick
    assert pg.trainer.epoch == 3 * k and pg.ticks == 3
    assert pg.epoch_label.value == f"<b>epoch {3 * k}</b>"
    assert pg.lines["epoch_title"].get_text() == f"P(class 1) at epoch {3 * k}"
    h = pg.trainer.history
    np.testing.assert_array_equal(pg.lines["train_loss"].get_xdata(), np.arange(1, 3 * k + 1))
    np.testing.assert_array_equal(pg.lines["test_loss"].get_ydata(), h.test_loss)
    np.testing.assert_array_equal(pg.lines["test_accuracy"].get_ydata(), h.test_accuracy)
    after = _picture(pg)
    assert not np.array_equal(after["boundary"], before["boundary"])
    assert not np.array_equal(after["units"], before["units"], equal_nan=True)
    np.testing.assert_allclose(
        pg.lines["boundary"].get_array(), pg.trainer.grid(12, pg.extent)["proba"]
    )
    assert f"epoch {3 * k}: loss {h.train_loss[-1]:.4f}" in pg.text
    # Pause: later ticks (already queued by the browser) do nothing
    pg.play.playing = False
    _tick(pg, 2)
    assert pg.trainer.epoch == 3 * k
    pg.play.value = 0  # the stop button rewinds the clock: no training, nothing reset
    assert pg.trainer.epoch == 3 * k


def test_step_and_reset_buttons_are_deterministic(pg):
    pg.step_button.click()
    pg.step_button.click()
    first = pg.trainer.history
    assert pg.trainer.epoch == 2 * pg.epochs_per_tick
    pg.reset_button.click()
    assert pg.trainer.epoch == 0 and len(pg.trainer.history) == 0
    assert "Reset pressed" in pg.text and pg.epoch_label.value == "<b>epoch 0</b>"
    assert len(pg.lines["train_loss"].get_xdata()) == 0
    pg.step_button.click()
    pg.play.playing = True
    _tick(pg)
    assert pg.trainer.history == first  # the same start and the same trajectory, bit for bit
    ref = training.Trainer().step(2 * pg.epochs_per_tick).history
    assert ref == first


@pytest.mark.parametrize(
    ("control", "value"),
    [("lr", 0.3), ("momentum", 0.0), ("batch_size", 0), ("batch_size", 25)],
)
def test_hyperparameters_changed_while_playing_act_on_the_next_tick(pg, control, value):
    pg.play.playing = True
    _tick(pg)
    pg.sliders[control].value = value  # while playing, between two ticks
    assert pg.trainer.epoch == pg.epochs_per_tick and "reset" not in pg.text
    before = _picture(pg)
    _tick(pg)
    assert pg.trainer.epoch == 2 * pg.epochs_per_tick  # the run went on
    k = pg.epochs_per_tick
    ref = training.Trainer().step(k)
    ref.set(**{control: value})
    assert pg.trainer.history == ref.step(k).history  # ... with the new value
    assert pg.trainer.history != training.Trainer().step(2 * k).history
    assert _differs(before, _picture(pg))


STRUCTURE_CHANGES = [
    ("dataset", "circles"),
    ("dataset", "spiral"),
    ("noise", 0.3),
    ("activation", "relu"),
    ("width", 7),
    ("width", 1),
    ("depth", 0),
    ("depth", 1),
    ("depth", 5),
    *[(name, name not in ("x1", "x2")) for name in FEATURE_CONTROLS],
]


@pytest.mark.parametrize(("control", "value"), STRUCTURE_CHANGES)
def test_structure_controls_reset_with_the_reset_shown(pg, control, value):
    pg.play.playing = True
    _tick(pg, 2)
    before = _picture(pg)
    pg.sliders[control].value = value  # while playing
    assert pg.trainer.epoch == 0 and pg.epoch_label.value == "<b>epoch 0</b>"
    assert f"reset: {'features' if control in FEATURE_CONTROLS else control} changed" in pg.text
    assert len(pg.lines["train_loss"].get_xdata()) == 0
    assert _differs(before, _picture(pg))
    _tick(pg)
    assert pg.trainer.epoch == pg.epochs_per_tick and "reset" not in pg.text
    fresh = {"features" if control in FEATURE_CONTROLS else control: value}
    if control in FEATURE_CONTROLS:
        feats = {"x1", "x2"} | {FEATURE_CONTROLS[control]} if value else {"x1", "x2"}
        feats -= set() if value else {FEATURE_CONTROLS[control]}
        fresh = {"features": tuple(k for k in training.FEATURES if k in feats)}
    ref = training.Trainer(**{"noise": 0.0, **fresh}).step(pg.epochs_per_tick)
    assert pg.trainer.history == ref.history


def test_unit_heatmaps_follow_width_and_depth(pg):
    tiles = _image(pg, "units")
    ru, t = pg.unit_resolution, pg._tile
    filled = [[bool(np.isfinite(tiles[u * t, k * t])) for k in range(2)] for u in range(8)]
    assert filled == [[True, True]] * 4 + [[False, False]] * 4
    pg.set(width=6, depth=1)
    tiles = _image(pg, "units")
    filled = [[bool(np.isfinite(tiles[u * t, k * t])) for k in range(2)] for u in range(8)]
    assert filled == [[True, False]] * 6 + [[False, False]] * 2
    # each tile is the unit's output over the plane, scaled to its largest magnitude
    a = pg.trainer.grid(ru, pg.extent)["units"][0][3]
    np.testing.assert_allclose(tiles[3 * t : 3 * t + ru, 0:ru], (a / np.abs(a).max())[::-1])


def test_dead_and_saturated_units_are_marked(pg):
    pg.set(activation="relu")
    pg.trainer.net.hidden[0].b[:2] = -50.0  # silent on every point: dead
    pg.update()
    assert pg.unit_status[0].tolist()[:2] == ["dead", "dead"]
    assert [pg._marks[0, u].get_text() for u in range(4)] == ["dead", "dead", "", ""]
    assert pg._frames[0, 0].get_visible() and not pg._frames[0, 2].get_visible()
    dead = sum(int((s == "dead").sum()) for s in pg.unit_status)
    assert f"{dead} dead" in pg.text and f"{dead} dead" in pg.alt_text()
    pg.set(activation="sigmoid")
    pg.trainer.net.hidden[1].W *= 400.0  # layer-2 pre-activations far out in the tails
    pg.update()
    assert "saturated" in pg.unit_status[1].tolist()
    u = pg.unit_status[1].tolist().index("saturated")
    assert pg._marks[1, u].get_text() == "sat." and pg._frames[1, u].get_linestyle() == "--"


def test_circles_with_squared_inputs_and_no_hidden_layer(pg):
    pg.set(dataset="circles", depth=0, lr=0.3, x1=False, x2=False, x1_sq=True, x2_sq=True)
    assert pg.trainer.sizes == [2, 2] and "linear model" in pg.text
    assert np.isnan(_image(pg, "units")).all()  # no hidden unit to draw
    pg.run(20)
    assert pg.trainer.history.test_accuracy[-1] == 1.0
    assert "every training point correct" in pg.text


def test_no_input_left_keeps_the_previous_inputs(pg):
    pg.set(x1=False)
    assert pg.trainer.features == ("x2",)
    pg.set(x2=False)
    assert pg.trainer.features == ("x2",) and "at least one input" in pg.text


def test_divergence_pauses_play(pg):
    pg.set(activation="identity", depth=5, width=8, lr=10.0, momentum=0.95, batch_size=0)
    pg.play.playing = True
    _tick(pg, 30)
    assert pg.trainer.diverged and not pg.play.playing and "diverged" in pg.text


def test_snapshot_has_alt_text_and_the_trained_state(pg):
    pg.run(10)
    data = pg._repr_mimebundle_()
    assert data["image/png"] and data["text/plain"].startswith("Training playground")
    assert "after 50 epochs" in pg.alt_text()
    assert "Training playground, xor data" in pg.alt_text()


def test_ticks_blit_the_moving_artists_and_match_a_full_draw(pg):
    pg.play.playing = True
    _tick(pg)
    assert pg.last_draw == "blit"  # the constructor's full draw left a valid background
    _tick(pg, 3)
    assert pg.last_draw == "blit"
    blitted = pg.canvas_rgba().astype(int)
    full = pg.full_draw_rgba().astype(int)
    assert (np.abs(blitted - full).max(axis=2) > 0).mean() < 1e-3  # antialiasing at most
    pg.trainer.step(pg.epochs_per_tick * 40)  # the loss axis grows: a new background
    _tick(pg)
    assert pg.last_draw == "full" and pg.axes[1].get_xlim()[1] >= len(pg.trainer.history)
    _tick(pg)
    assert pg.last_draw == "blit"
