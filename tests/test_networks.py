"""Tests of actlib.networks and actlib.datasets (issue 6).

* gradients of the NumPy MLP (with and without batch norm) against central finite differences,
* the Deep Learning from Scratch ch. 6 histogram statistics against an independent computation
  (scipy / plain NumPy, same draws) and against the book's qualitative results,
* determinism: same seed -> bit-identical loss curve.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

import actlib
from actlib import datasets, networks
from actlib.networks import MLP

SMOOTH = ["sigmoid", "tanh", "elu", "gelu", "silu", "softplus", "mish", "softsign", "selu"]


def _numerical_grad(f, value, eps=1e-6):
    """Central differences of the scalar f() with respect to every entry of value (in place)."""
    grad = np.zeros_like(value)
    it = np.nditer(value, flags=["multi_index"])
    for _ in it:
        idx = it.multi_index
        old = value[idx]
        value[idx] = old + eps
        up = f()
        value[idx] = old - eps
        down = f()
        value[idx] = old
        grad[idx] = (up - down) / (2 * eps)
    return grad


def _check_gradients(net, X, y, rtol=1e-6, atol=1e-9):
    net.loss_and_backward(X, y)
    analytic = [(key, grad.copy()) for key, _, grad in net.params()]
    values = {key: value for key, value, _ in net.params()}

    def loss():
        return networks.cross_entropy(net.forward(X), y)

    for key, grad in analytic:
        num = _numerical_grad(loss, values[key])
        np.testing.assert_allclose(grad, num, rtol=rtol, atol=atol, err_msg=key)


@pytest.mark.parametrize("activation", SMOOTH)
def test_gradients_match_finite_differences(activation):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((7, 3))
    y = rng.integers(0, 3, 7)
    net = MLP([3, 5, 4, 3], activation, init="xavier", bias_std=0.1, seed=1)
    _check_gradients(net, X, y)


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "tanh"])
def test_gradients_with_batchnorm_match_finite_differences(activation):
    rng = np.random.default_rng(4)
    X = rng.standard_normal((9, 3))
    y = rng.integers(0, 2, 9)
    net = MLP([3, 6, 5, 2], activation, init="he", batchnorm=True, seed=2)
    # move gamma / beta off their defaults so their gradients are exercised
    for norm in net.norms:
        norm.gamma[:] = rng.uniform(0.5, 1.5, norm.gamma.shape)
        norm.beta[:] = rng.uniform(-0.3, 0.3, norm.beta.shape)
    # piecewise-linear units: make sure no pre-activation sits within eps of a kink
    net.forward(X)
    assert min(np.abs(z).min() for z in net.pre_activations) > 1e-4
    _check_gradients(net, X, y, rtol=1e-5, atol=1e-8)


def test_input_gradient_matches_finite_differences():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((4, 3))
    y = np.array([0, 1, 2, 1])
    net = MLP([3, 6, 3], "gelu", init="he", seed=0)
    net.forward(X)
    logits = net.logits
    probs = special.softmax(logits, axis=1)
    probs[np.arange(4), y] -= 1
    dX = net.backward(probs / 4)
    num = _numerical_grad(lambda: networks.cross_entropy(net.forward(X), y), X)
    np.testing.assert_allclose(dX, num, rtol=1e-6, atol=1e-10)


def test_backward_uses_registry_derivative_conventions():
    # relu'(0) = 0 (PyTorch convention): a unit sitting exactly at 0 gets no gradient
    layer = networks.ElementwiseActivation("relu")
    layer.forward(np.array([[0.0, 1.0, -1.0]]))
    np.testing.assert_array_equal(layer.backward(np.ones((1, 3))), [[0.0, 1.0, 0.0]])
    leaky = networks.ElementwiseActivation("leaky_relu", {"alpha": 0.1})
    leaky.forward(np.array([[0.0, -2.0]]))
    np.testing.assert_allclose(leaky.backward(np.ones((1, 2))), [[0.1, 0.1]])


def test_loss_is_log_softmax_cross_entropy():
    logits = np.array([[1.0, 5.0, 2.0], [0.0, 0.0, 0.0]])
    y = np.array([1, 2])
    expected = -np.mean([special.log_softmax(logits[0])[1], np.log(1 / 3)])
    assert networks.cross_entropy(logits, y) == pytest.approx(expected, rel=1e-14)


def test_hidden_activation_must_be_elementwise():
    with pytest.raises(ValueError, match="elementwise"):
        MLP([2, 3, 2], "softmax")
    with pytest.raises(KeyError):
        MLP([2, 3, 2], "no_such_activation")
    with pytest.raises(ValueError, match="init"):
        MLP([2, 3, 2], "relu", init="bogus")
    with pytest.raises(ValueError, match="init"):
        networks.init_std(-1.0, 10)
    with pytest.raises(ValueError, match="sizes"):
        MLP([2], "relu")
    with pytest.raises(ValueError, match="sizes"):
        MLP([2, 0, 2], "relu")
    linear = MLP([2, 2], "relu")  # no hidden layer: a linear model (the playground's depth 0)
    assert linear.n_hidden == 0 and linear.activation == "relu"


def test_init_std_values():
    assert networks.init_std("xavier", 100) == pytest.approx(0.1)
    assert networks.init_std("he", 50) == pytest.approx(0.2)
    assert networks.init_std("std=1", 7) == 1.0
    assert networks.init_std(0.3, 7) == 0.3
    net = MLP([400, 400, 2], "relu", init="he", seed=0)
    assert net.hidden[0].W.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)


# ------------------------------------------------------------------------------------------
# Deep Learning from Scratch ch. 6: histogram statistics


def _independent_dlfs(activation, std, *, batchnorm=False, seed=0, n=1000, d=100, layers=5):
    """The book's loop written independently (scipy/numpy nonlinearities), same draw order."""
    funcs = {"sigmoid": special.expit, "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0)}
    f = funcs[activation]
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d))
    out = []
    for _ in range(layers):
        w = rng.standard_normal((d, d)) * std
        z = x @ w
        if batchnorm:
            z = (z - z.mean(axis=0)) / np.sqrt(z.var(axis=0) + 1e-5)
        x = f(z)
        out.append(x)
    return out


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("init", list(networks.INITS))
@pytest.mark.parametrize("batchnorm", [False, True])
def test_dlfs_statistics_match_independent_computation(activation, init, batchnorm):
    std = networks.init_std(networks.INITS[init], 100)
    ours = networks.random_forward(activation, networks.INITS[init], batchnorm=batchnorm)
    ref = _independent_dlfs(activation, std, batchnorm=batchnorm)
    for a, b in zip(ours.activations, ref, strict=True):
        scale = max(1.0, float(np.abs(b).max()))
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12 * scale)
        bins = (0.0, 1.0) if activation == "sigmoid" else (-1.0, 1.0)
        h1, _ = np.histogram(a, bins=30, range=bins)
        h2, _ = np.histogram(b, bins=30, range=bins)
        assert np.abs(h1 - h2).sum() <= 4  # at most a couple of values on a bin edge move


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_dlfs_statistics_are_stable_across_seeds(activation):
    """Per-layer mean/std are properties of the experiment, not of one draw (Xavier / He)."""
    init = "he" if activation == "relu" else "xavier"
    a = networks.random_forward(activation, init, seed=0).stats()
    b = networks.random_forward(activation, init, seed=1).stats()
    for (m1, s1), (m2, s2) in zip(a, b, strict=True):
        if activation == "relu":
            # relu is positively homogeneous: the overall scale random-walks from layer to
            # layer, the shape (mean / std, 0.58 for a rectified Gaussian) does not
            assert abs(m1 / s1 - m2 / s2) < 0.1
        else:
            assert abs(m1 - m2) < 0.15 * max(s1, s2)
            assert abs(s1 - s2) < 0.25 * max(s1, s2)


def test_dlfs_qualitative_results():
    """The pictures of DLFS figs. 6-10 .. 6-14, as numbers."""
    last = lambda act, init, **kw: networks.random_forward(act, init, **kw).activations[-1]  # noqa: E731
    # sigmoid, std=1: activations pile up at 0 and 1 (vanishing gradients)
    a = last("sigmoid", 1.0)
    assert np.mean((a < 0.1) | (a > 0.9)) > 0.5
    # sigmoid, std=0.01: everything near 0.5 (no expressive power)
    a = last("sigmoid", 0.01)
    assert abs(a.mean() - 0.5) < 0.01 and a.std() < 0.03
    # sigmoid, Xavier: spread out, still a real spread in layer 5
    a = last("sigmoid", "xavier")
    assert 0.08 < a.std() < 0.2
    # relu, std=0.01: collapses towards 0 layer after layer
    assert last("relu", 0.01).mean() < 1e-4
    # relu, Xavier: shrinks with depth; He: keeps its scale
    x = networks.random_forward("relu", "xavier").stats()
    assert x[-1][1] < 0.5 * x[0][1]
    h = networks.random_forward("relu", "he").stats()
    assert 0.7 < h[-1][1] / h[0][1] < 1.5
    # tanh keeps a negative half
    assert last("tanh", "xavier").min() < -0.5
    # batch norm: the histograms no longer depend on the weight scale at all
    s1 = networks.random_forward("sigmoid", 1.0, batchnorm=True).stats()
    s2 = networks.random_forward("sigmoid", 0.01, batchnorm=True).stats()
    np.testing.assert_allclose(s1, s2, atol=2e-3)


# ------------------------------------------------------------------------------------------
# determinism and training


@pytest.mark.parametrize("batch_size", [None, 16])
def test_same_seed_same_loss_curve(batch_size):
    X, y = datasets.load("moons", n=64, seed=0)

    def run(seed):
        net = MLP([2, 8, 8, 2], "tanh", init="xavier", seed=seed)
        return net.fit(X, y, epochs=25, lr=0.3, momentum=0.9, batch_size=batch_size).loss

    a, b = run(0), run(0)
    assert a == b  # bit-identical
    assert run(1) != a
    assert a[-1] < a[0]


def test_training_reaches_xor():
    X, y = datasets.xor_truth_table()
    net = MLP([2, 8, 2], "tanh", init="xavier", seed=0)
    hist = net.fit(X, y, epochs=200, lr=0.5, momentum=0.9)
    assert hist.accuracy[-1] == 1.0
    assert net.accuracy(X, y) == 1.0
    assert hist.loss[-1] < 0.05


def test_callback_stops_training_and_state_roundtrip():
    X, y = datasets.load("xor", n=40, seed=0)
    net = MLP([2, 6, 2], "relu", seed=0)
    state = net.get_state()
    hist = net.fit(X, y, epochs=50, lr=0.1, callback=lambda ep, n, h: ep == 4)
    assert len(hist.loss) == 5
    net.set_state(state)
    again = net.fit(X, y, epochs=5, lr=0.1)
    assert again.loss == hist.loss


def test_dead_units_and_gradient_of_dead_unit_is_zero():
    X, y = datasets.load("moons", n=50, seed=0)
    net = MLP([2, 4, 2], "relu", seed=0)
    net.hidden[0].b[0] = -100.0  # unit 0 can never fire on this data
    dead = net.dead_units(X)
    assert dead[0][0] and dead[0].sum() == 1
    net.loss_and_backward(X, y)
    assert np.all(net.hidden[0].dW[:, 0] == 0) and net.hidden[0].db[0] == 0
    leaky = MLP([2, 4, 2], "leaky_relu", seed=0)
    leaky.hidden[0].b[0] = -100.0
    leaky.loss_and_backward(X, y)
    assert np.any(leaky.hidden[0].dW[:, 0] != 0)  # leaky units still learn


def test_predict_proba_rows_sum_to_one_and_batchnorm_eval_mode():
    X, y = datasets.load("circles", n=30, seed=0)
    net = MLP([2, 5, 3], "relu", batchnorm=True, seed=0)
    net.fit(X, y, epochs=3, lr=0.1)
    p = net.predict_proba(X)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert net.predict(X[:1]).shape == (1,)  # eval mode works on a single row


def test_gradient_norms_report():
    rep = networks.gradient_norms("sigmoid", "xavier", depth=6, width=30, n_samples=60)
    assert len(rep.delta_norms) == len(rep.weight_grad_norms) == 6
    assert rep.relative()[-1] == 1.0
    assert max(rep.derivative_max) <= 0.25
    # the derivative product bound: each layer's derivative is at most 0.25
    assert all(0 < r <= 0.25 for r in rep.derivative_rms)
    relu = networks.gradient_norms("relu", "he", depth=6, width=30, n_samples=60)
    assert relu.relative()[0] > 10 * rep.relative()[0]


def test_random_forward_bias_and_bn_beta():
    out = networks.random_forward("relu", "he", n_layers=3, batchnorm=True, bn_beta=-1.75)
    frac = [(z > 0).mean() for z in out.pre_activations]
    assert abs(frac[0] - special.ndtr(-1.75)) < 0.01
    out = networks.random_forward("relu", 0.01, n_layers=3, bias=True, bias_init=0.1)
    assert (out.pre_activations[-1] > 0).mean() == 1.0


def test_lstm_cell_formula():
    z = dict(z_f=0.3, z_i=-0.4, z_g=1.2, z_o=2.0)
    out = networks.lstm_cell(**z, c_prev=0.5)
    f, i, o = special.expit([0.3, -0.4, 2.0])
    g = np.tanh(1.2)
    c = f * 0.5 + i * g
    assert float(out["c"]) == pytest.approx(c, rel=1e-14)
    assert float(out["h"]) == pytest.approx(o * np.tanh(c), rel=1e-14)
    relu_gates = networks.lstm_cell(**z, c_prev=0.5, gate="relu")
    assert float(relu_gates["i"]) == 0.0


# ------------------------------------------------------------------------------------------
# datasets


@pytest.mark.parametrize("name", datasets.DATASETS)
def test_datasets_shapes_seeded_balanced(name):
    X, y = datasets.load(name, n=101, seed=7)
    X2, y2 = datasets.load(name, n=101, seed=7)
    X3, _ = datasets.load(name, n=101, seed=8)
    assert X.shape == (101, 2) and y.shape == (101,)
    assert X.dtype == np.float64 and y.dtype == np.int64
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(X, X3)
    assert set(np.unique(y).tolist()) == {0, 1}
    assert abs(int(y.sum()) - 50) <= 15
    assert np.abs(X).max() < 2.0


def test_xor_labels_and_errors():
    X, y = datasets.xor(200, seed=0)
    assert np.array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))
    assert np.abs(X).min() >= 0.1
    with pytest.raises(KeyError, match="spiral"):
        datasets.load("swirl")
    with pytest.raises(ValueError, match="n must"):
        datasets.moons(1)
    with pytest.raises(ValueError, match="noise"):
        datasets.circles(10, noise=-1.0)


def test_network_uses_actlib_activation_objects():
    net = MLP([2, 3, 2], "swish", seed=0)  # alias resolves through actlib.get
    assert net.activation == "silu"
    assert net.acts[0].act is actlib.get("silu")


def test_run_training_epochs_to_100_and_table_are_deterministic():
    r = networks.run_training("xor", "relu", epochs=80, n=60)
    acc = r["accuracy"]
    first = next(i + 1 for i, a in enumerate(acc) if a == 1.0)
    assert r["epochs_to_100"] == first and r["epochs_run"] == 80
    stopped = networks.run_training("xor", "relu", epochs=80, n=60, stop_at_100=True)
    assert stopped["epochs_run"] == first and stopped["loss"] == r["loss"][:first]
    kwargs = dict(epochs=40, n=40, stop_at_100=True)
    t1 = networks.comparison_table(["tanh", "identity"], ["xor", "moons"], **kwargs)
    t2 = networks.comparison_table(["tanh", "identity"], ["xor", "moons"], **kwargs)
    np.testing.assert_equal(t1, t2)  # (NaN == NaN for a diverged run)
    assert t1[("identity", "xor")][0] is None  # a linear network cannot fit XOR
    text = networks.format_table(t1, ["tanh", "identity"], ["xor", "moons"])
    assert text.splitlines()[2].startswith("identity") and " - / " in text.splitlines()[2]


# ------------------------------------------------------------------------------------------
# momentum (issue 16: dropping the momentum term passed every test of this file)


def _two_step_params(momentum, lr=0.5):
    rng = np.random.default_rng(11)
    X = rng.standard_normal((16, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    net = MLP([2, 5, 2], "tanh", init="xavier", seed=3)
    p0 = {key: value.copy() for key, value, _ in net.params()}
    net.loss_and_backward(X, y)
    g1 = {key: grad.copy() for key, _, grad in net.params()}
    net.sgd_step(lr, momentum)
    p1 = {key: value.copy() for key, value, _ in net.params()}
    net.loss_and_backward(X, y)
    g2 = {key: grad.copy() for key, _, grad in net.params()}
    net.sgd_step(lr, momentum)
    p2 = {key: value.copy() for key, value, _ in net.params()}
    return p0, g1, p1, g2, p2


def test_momentum_is_heavy_ball_against_hand_computation():
    m, lr = 0.9, 0.5
    p0, g1, p1, g2, p2 = _two_step_params(m, lr)
    for key in p0:
        # step 1: v1 = g1; step 2: v2 = m v1 + g2 (PyTorch's SGD with dampening 0)
        np.testing.assert_allclose(p1[key], p0[key] - lr * g1[key], rtol=1e-14, atol=1e-15)
        np.testing.assert_allclose(
            p2[key], p1[key] - lr * (m * g1[key] + g2[key]), rtol=1e-13, atol=1e-14
        )


def test_momentum_changes_the_trajectory_against_plain_sgd():
    _, _, p1m, _, p2m = _two_step_params(0.9)
    _, _, p1, _, p2 = _two_step_params(0.0)
    for key in p1:
        np.testing.assert_array_equal(p1m[key], p1[key])  # the first step has no history
    diff = max(float(np.max(np.abs(p2m[key] - p2[key]))) for key in p2)
    assert diff > 1e-3, diff
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    plain = MLP([2, 6, 2], "tanh", init="xavier", seed=1).fit(X, y, epochs=30, lr=0.2)
    heavy = MLP([2, 6, 2], "tanh", init="xavier", seed=1).fit(X, y, epochs=30, lr=0.2, momentum=0.9)
    assert plain.loss[0] == heavy.loss[0]
    assert plain.loss[1] == heavy.loss[1]  # after one step both moved by -lr g1
    assert abs(plain.loss[-1] - heavy.loss[-1]) > 1e-3
