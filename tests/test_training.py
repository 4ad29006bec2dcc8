"""The training engine below the playground widget (actlib.training), against independent facts."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from actlib import datasets, networks, training
from actlib.training import Trainer


def _weights(tr):
    return [v.copy() for _, v, _ in tr.net.params()]


def test_same_seed_same_trajectory_bit_for_bit_whatever_the_chunking():
    a, b = Trainer(), Trainer()
    a.step(12)
    for _ in range(4):
        b.step(3)
    assert a.history == b.history
    for wa, wb in zip(_weights(a), _weights(b), strict=True):
        np.testing.assert_array_equal(wa, wb)
    # hyperparameter changes at the same epoch keep the two runs identical
    for tr in (a, b):
        tr.set(lr=0.3, momentum=0.5, batch_size=25)
    a.step(6)
    b.step(2).step(4)
    assert a.history == b.history
    assert a.history.train_loss[-1] != Trainer().step(18).history.train_loss[-1]


def test_full_batch_epoch_is_one_sgd_step_of_the_plain_network():
    tr = Trainer("moons", "relu", width=5, depth=1, lr=0.2, momentum=0.0, batch_size=0)
    X, y = datasets.load("moons", n=200, noise=0.1, seed=0)
    order = np.random.default_rng([0, 4]).permutation(200)
    Xtr, ytr = X[order[100:]], y[order[100:]]
    np.testing.assert_array_equal(tr.X_train, Xtr)
    net = networks.MLP([2, 5, 2], "relu", init="he", seed=0)
    net.loss_and_backward(Xtr, ytr)
    net.sgd_step(0.2)
    tr.step(1)
    for (_, v, _), w in zip(net.params(), _weights(tr), strict=True):
        np.testing.assert_array_equal(v, w)
    p = special.softmax(net.forward(Xtr), axis=1)
    assert tr.history.train_loss[0] == pytest.approx(-np.mean(np.log(p[np.arange(100), ytr])))


def test_hyperparameters_apply_at_the_next_step_without_reset():
    tr = Trainer().step(4)
    w = _weights(tr)
    assert tr.set(lr=0.0, momentum=0.0) is False
    tr.step(2)
    assert tr.epoch == 6 and len(tr.history) == 6 and tr.resets == 1
    for a, b in zip(w, _weights(tr), strict=True):
        np.testing.assert_array_equal(a, b)  # lr 0, no momentum: nothing moves
    tr.set(lr=0.1, batch_size=None)
    assert tr.effective_batch_size == 100
    tr.step(1)
    assert not np.array_equal(w[0], _weights(tr)[0])


@pytest.mark.parametrize(
    "change",
    [
        {"dataset": "spiral"},
        {"activation": "relu"},
        {"width": 7},
        {"depth": 3},
        {"noise": 0.2},
        {"features": ("x1", "x2", "x1*x2")},
        {"seed": 1},
    ],
)
def test_structure_changes_reset_the_run(change):
    tr = Trainer().step(3)
    assert tr.set(**change) is True
    assert tr.epoch == 0 and len(tr.history) == 0 and tr.resets == 2
    fresh = Trainer(**change)
    assert tr.sizes == fresh.sizes
    np.testing.assert_array_equal(tr.X_train, fresh.X_train)
    for a, b in zip(_weights(tr), _weights(fresh), strict=True):
        np.testing.assert_array_equal(a, b)
    assert tr.set(**change) is False  # same value again: nothing happens


def test_circles_need_squares_for_a_linear_model():
    with_squares = Trainer("circles", depth=0, features=("x1^2", "x2^2"), lr=0.3).step(100)
    assert with_squares.net.n_hidden == 0 and with_squares.grid(10)["units"] == []
    assert with_squares.history.train_accuracy[-1] == 1.0
    assert with_squares.history.test_accuracy[-1] >= 0.99
    plain = Trainer("circles", depth=0, features=("x1", "x2"), lr=0.3).step(100)
    assert max(plain.history.train_accuracy) < 0.8  # no straight line separates circles


def test_default_xor_separates_within_three_seconds_of_play():
    ticks = 3 * training.MIN_TICKS_PER_SECOND  # 3 s of Play at the slowest tick rate
    tr = Trainer()  # the playground's defaults
    tr.step(ticks * training.EPOCHS_PER_TICK)
    first = tr.epochs_to_separate()
    assert first is not None and first <= ticks * training.EPOCHS_PER_TICK
    assert tr.history.test_accuracy[-1] >= 0.95


def test_grid_is_the_network_on_the_plane():
    tr = Trainer("xor", "relu", width=3, depth=2, features=("x1", "x2", "sin(x1)")).step(5)
    g = tr.grid(7)
    x1, x2 = np.meshgrid(g["x1"], g["x2"])
    P = np.column_stack([x1.ravel(), x2.ravel()])
    F = np.column_stack([P[:, 0], P[:, 1], np.sin(P[:, 0])])
    np.testing.assert_allclose(g["proba"].ravel(), tr.net.predict_proba(F)[:, 1], rtol=1e-14)
    layer1 = np.maximum(F @ tr.net.hidden[0].W + tr.net.hidden[0].b, 0)
    assert [u.shape for u in g["units"]] == [(3, 7, 7), (3, 7, 7)]
    np.testing.assert_allclose(g["units"][0][2], layer1[:, 2].reshape(7, 7), rtol=1e-14)
    assert g["units"][0][2][0, 6] == layer1[6, 2]  # row = x2 (lowest first), column = x1


def test_dead_and_saturated_units_on_hand_built_networks():
    tr = Trainer("xor", "relu", width=4, depth=1)
    tr.net.hidden[0].b[:2] = -50.0  # never positive on the data: dead
    assert tr.unit_status()[0].tolist() == ["dead", "dead", "active", "active"]
    tr.net.loss_and_backward(tr.X_train, tr.y_train)
    assert not tr.net.hidden[0].dW[:, :2].any()  # and indeed no gradient reaches them
    sig = Trainer("xor", "sigmoid", width=3, depth=1)
    sig.net.hidden[0].W[:, 0] = [200.0, 0.0]  # |z| >= 20 on every point: sigmoid' < 1e-8
    sig.net.hidden[0].b[1] = 30.0
    assert sig.unit_status()[0].tolist() == ["saturated", "saturated", "active"]
    assert training.unit_status("tanh", [np.array([[0.0], [9.0]])], fraction=0.5)[0] == "saturated"


def test_feature_map_and_errors():
    F = training.feature_map([[0.5, -2.0]], list(training.FEATURES))
    np.testing.assert_allclose(F, [[0.5, -2.0, 0.25, 4.0, -1.0, np.sin(0.5), np.sin(-2.0)]])
    with pytest.raises(ValueError, match="at least one"):
        Trainer(features=())
    with pytest.raises(ValueError, match="unknown feature"):
        training.feature_map([[0, 0]], ["x3"])
    with pytest.raises(ValueError, match="elementwise"):
        Trainer(activation="softmax")
    with pytest.raises(KeyError):
        Trainer().set(learning_rate=0.1)


def test_divergence_stops_the_run():
    tr = Trainer("moons", "identity", width=16, depth=4, lr=50.0, momentum=0.9, batch_size=0)
    tr.step(200)
    assert tr.diverged and tr.epoch < 200
    epoch = tr.epoch
    tr.step(5)
    assert tr.epoch == epoch
    tr.set(lr=0.01)
    assert tr.diverged  # a hyperparameter does not repair the weights
    tr.reset()
    assert not tr.diverged and tr.epoch == 0
