"""A small multilayer perceptron in plain NumPy, built on actlib's activations.

This is the network the depth and training notebooks (07-12) experiment with.  It is written
for reading, not for speed: every layer keeps what it saw in the forward pass, the backward pass
multiplies by ``activation.derivative(z)`` from actlib (so the derivative conventions at kinks
are the library's), and the output layer uses :func:`actlib.log_softmax` for the cross-entropy
loss.  There is no autograd framework anywhere; ``tests/test_networks.py`` checks the gradients
against central finite differences.

Everything random goes through :func:`numpy.random.default_rng` with an explicit seed, so the
same seed gives bit-identical weights and the same loss curve.

Examples
--------
>>> import numpy as np
>>> from actlib.networks import MLP
>>> net = MLP([2, 8, 2], activation="tanh", init="xavier", seed=0)
>>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
>>> y = np.array([0, 1, 1, 0])
>>> hist = net.fit(X, y, epochs=3, lr=0.5)
>>> len(hist.loss), [p.shape for p in net.pre_activations]
(3, [(4, 8)])
>>> net2 = MLP([2, 8, 2], activation="tanh", init="xavier", seed=0)
>>> net2.fit(X, y, epochs=3, lr=0.5).loss == hist.loss
True
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

import actlib

__all__ = [
    "INITS",
    "MLP",
    "BatchNorm",
    "Dense",
    "ElementwiseActivation",
    "GradientReport",
    "History",
    "RandomForward",
    "comparison_table",
    "cross_entropy",
    "default_init",
    "format_table",
    "gradient_norms",
    "init_std",
    "lstm_cell",
    "random_forward",
    "run_training",
]

INITS = {"std=1": 1.0, "std=0.01": 0.01, "xavier": "xavier", "he": "he"}
"""The four weight initialisations of *Deep Learning from Scratch* ch. 6 (display name -> init).

``"xavier"`` is the book's simplified Xavier ``std = sqrt(1/n)`` and ``"he"`` is
``std = sqrt(2/n)``, with ``n`` the number of inputs of the layer (fan-in)."""


def init_std(init, fan_in: int) -> float:
    """Standard deviation of the Gaussian weights for an initialisation scheme.

    Parameters
    ----------
    init : float or str
        A positive number (used as is), ``"xavier"`` (``sqrt(1/fan_in)``), ``"he"``
        (``sqrt(2/fan_in)``) or one of the keys of :data:`INITS` such as ``"std=0.01"``.
    fan_in : int
        Number of inputs of the layer.

    Returns
    -------
    float

    Examples
    --------
    >>> init_std("he", 100), init_std("xavier", 100), init_std("std=0.01", 100)
    (0.1414213562373095, 0.1, 0.01)
    """
    if isinstance(init, str):
        if init in INITS and not isinstance(INITS[init], str):
            return float(INITS[init])
        if init == "xavier":
            return float(np.sqrt(1.0 / fan_in))
        if init == "he":
            return float(np.sqrt(2.0 / fan_in))
        raise ValueError(
            f"init must be a positive number or one of {', '.join(INITS)}; got {init!r}"
        )
    std = float(init)
    if not np.isfinite(std) or std <= 0:
        raise ValueError(
            f"init must be a positive number or one of {', '.join(INITS)}; got {init!r}"
        )
    return std


def _elementwise(activation, params):
    act = actlib.get(activation) if isinstance(activation, str) else activation
    if getattr(act, "kind", "elementwise") != "elementwise":
        raise ValueError(
            f"hidden activation must be elementwise, got {act.name!r} ({act.kind}); "
            "softmax / log_softmax belong to the output loss"
        )
    return act, dict(params or {})


class Dense:
    """Fully connected layer ``x @ W + b`` with Gaussian weights.

    Parameters
    ----------
    n_in, n_out : int
        Input and output widths.
    std : float
        Standard deviation of the weights ``W ~ N(0, std^2)``.
    rng : numpy.random.Generator
        Source of randomness (weights drawn first, then the bias' random part).
    bias : bool
        Whether the layer has a bias.
    bias_init : float
        Constant part of the initial bias.
    bias_std : float
        Standard deviation of a Gaussian added to the initial bias (0 = constant bias).

    Examples
    --------
    >>> layer = Dense(3, 2, std=1.0, rng=np.random.default_rng(0), bias_init=0.5)
    >>> out = layer.forward(np.ones((4, 3)))
    >>> g = layer.backward(np.ones((4, 2)))
    >>> out.shape, g.shape, layer.dW.shape, layer.db.tolist()
    ((4, 2), (4, 3), (3, 2), [4.0, 4.0])
    """

    def __init__(self, n_in, n_out, *, std, rng, bias=True, bias_init=0.0, bias_std=0.0):
        self.W = rng.standard_normal((n_in, n_out)) * std
        if bias:
            self.b = np.full(n_out, float(bias_init))
            if bias_std:
                self.b = self.b + bias_std * rng.standard_normal(n_out)
        else:
            self.b = None
        self.dW = np.zeros_like(self.W)
        self.db = None if self.b is None else np.zeros_like(self.b)
        self.x = None

    def forward(self, x):
        self.x = x
        out = x @ self.W
        if self.b is not None:
            out = out + self.b
        return out

    def backward(self, g):
        self.dW = self.x.T @ g
        if self.b is not None:
            self.db = g.sum(axis=0)
        return g @ self.W.T

    def params(self):
        """``[(name, value, gradient), ...]`` for the optimiser."""
        out = [("W", self.W, self.dW)]
        if self.b is not None:
            out.append(("b", self.b, self.db))
        return out


class ElementwiseActivation:
    """An actlib activation as a layer; the backward pass uses ``activation.derivative``.

    Parameters
    ----------
    activation : str or actlib activation
        Any elementwise activation (``actlib.get`` name or alias).
    params : dict, optional
        Parameters passed to the activation and its derivative (e.g. ``{"alpha": 0.1}``).

    Examples
    --------
    >>> layer = ElementwiseActivation("relu")
    >>> layer.forward(np.array([[-1.0, 2.0]])).tolist()
    [[0.0, 2.0]]
    >>> layer.backward(np.array([[5.0, 5.0]])).tolist()
    [[0.0, 5.0]]
    """

    def __init__(self, activation, params=None):
        self.act, self.params_ = _elementwise(activation, params)
        self.z = None
        self.a = None

    @property
    def name(self):
        return self.act.name

    def forward(self, z):
        self.z = z
        self.a = self.act(z, **self.params_)
        return self.a

    def backward(self, g):
        return g * self.act.derivative(self.z, **self.params_)


class BatchNorm:
    """Batch normalisation over the batch axis: ``gamma * (x - mean) / sqrt(var + eps) + beta``.

    In training mode the batch statistics are used (and the running averages updated); in
    evaluation mode the running averages are used.

    Parameters
    ----------
    n : int
        Number of features.
    eps : float
        Added to the variance.
    momentum : float
        Weight of the new batch in the running averages.

    Examples
    --------
    >>> bn = BatchNorm(2)
    >>> out = bn.forward(np.array([[1.0, 10.0], [3.0, 30.0]]))
    >>> np.round(out, 3).tolist()
    [[-1.0, -1.0], [1.0, 1.0]]
    """

    def __init__(self, n, *, eps=1e-5, momentum=0.1):
        self.gamma = np.ones(n)
        self.beta = np.zeros(n)
        self.dgamma = np.zeros(n)
        self.dbeta = np.zeros(n)
        self.eps = float(eps)
        self.momentum = float(momentum)
        self.running_mean = np.zeros(n)
        self.running_var = np.ones(n)
        self._xhat = None
        self._inv_std = None

    def forward(self, x, training=True):
        if training:
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * mean
            self.running_var = (1 - m) * self.running_var + m * var
        else:
            mean, var = self.running_mean, self.running_var
        self._inv_std = 1.0 / np.sqrt(var + self.eps)
        self._xhat = (x - mean) * self._inv_std
        return self.gamma * self._xhat + self.beta

    def backward(self, g):
        xhat = self._xhat
        self.dgamma = (g * xhat).sum(axis=0)
        self.dbeta = g.sum(axis=0)
        dxhat = g * self.gamma
        n = g.shape[0]
        return (self._inv_std / n) * (
            n * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0)
        )

    def params(self):
        """``[(name, value, gradient), ...]`` for the optimiser."""
        return [("gamma", self.gamma, self.dgamma), ("beta", self.beta, self.dbeta)]


def cross_entropy(logits, y):
    """Mean cross-entropy of integer labels under ``softmax(logits)``, via actlib.log_softmax.

    Parameters
    ----------
    logits : ndarray, shape (n, k)
    y : ndarray of int, shape (n,)

    Returns
    -------
    float

    Examples
    --------
    >>> round(cross_entropy(np.zeros((3, 4)), np.array([0, 1, 2])), 6)  # log(4)
    1.386294
    """
    logp = actlib.log_softmax(logits, axis=-1)
    return float(-np.mean(logp[np.arange(len(y)), y]))


@dataclass
class History:
    """Per-epoch training record: loss (mean cross-entropy) and training accuracy."""

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)


class MLP:
    """Multilayer perceptron: ``(Dense -> [BatchNorm] -> activation) * k -> Dense -> softmax``.

    Parameters
    ----------
    sizes : sequence of int
        ``[n_inputs, hidden_1, ..., hidden_k, n_classes]``; ``k = 0`` (``[n_inputs,
        n_classes]``) is a linear model followed by the softmax.
    activation : str
        Hidden activation (any elementwise actlib activation, aliases allowed).
    init : float or str
        Weight initialisation, see :func:`init_std` (applied per layer with its fan-in).
    bias : bool
        Whether the dense layers have biases.
    bias_init, bias_std : float
        Initial biases ``bias_init + bias_std * N(0, 1)`` (hidden layers; the output bias is 0).
    batchnorm : bool
        Insert :class:`BatchNorm` between each hidden dense layer and its activation.
    activation_params : dict, optional
        Parameters of the activation (e.g. ``{"alpha": 0.1}`` for leaky_relu).
    seed : int
        Seed for the weights and for the mini-batch shuffling.

    Attributes
    ----------
    pre_activations, activations : list of ndarray
        Inputs ``z`` and outputs ``a`` of every hidden activation from the last forward pass.
    grad_pre_activations, grad_activations : list of ndarray
        ``dL/dz`` and ``dL/da`` of every hidden layer from the last backward pass.

    Examples
    --------
    >>> net = MLP([2, 4, 4, 3], activation="relu", seed=1)
    >>> logits = net.forward(np.ones((5, 2)))
    >>> logits.shape, len(net.activations), net.n_hidden
    ((5, 3), 2, 2)
    """

    def __init__(
        self,
        sizes,
        activation="relu",
        *,
        init="he",
        bias=True,
        bias_init=0.0,
        bias_std=0.0,
        batchnorm=False,
        activation_params=None,
        seed=0,
    ):
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes must be [n_in, hidden..., n_out], each >= 1: {sizes}")
        self.sizes = sizes
        self.init = init
        self.seed = seed
        self.batchnorm = bool(batchnorm)
        self._activation_name = _elementwise(activation, activation_params)[0].name
        rng = np.random.default_rng(seed)
        self.hidden = []
        self.norms = []
        self.acts = []
        for n_in, n_out in itertools.pairwise(sizes[:-1]):
            self.hidden.append(
                Dense(
                    n_in,
                    n_out,
                    std=init_std(init, n_in),
                    rng=rng,
                    bias=bias,
                    bias_init=bias_init,
                    bias_std=bias_std,
                )
            )
            self.norms.append(BatchNorm(n_out) if batchnorm else None)
            self.acts.append(ElementwiseActivation(activation, activation_params))
        self.output = Dense(sizes[-2], sizes[-1], std=init_std(init, sizes[-2]), rng=rng, bias=bias)
        self._shuffle_rng = np.random.default_rng([seed, 1])
        self._velocity = {}
        self.inputs = None
        self.logits = None
        self.pre_activations = []
        self.activations = []
        self.grad_pre_activations = []
        self.grad_activations = []

    @property
    def n_hidden(self):
        """Number of hidden layers."""
        return len(self.hidden)

    @property
    def activation(self):
        """Canonical name of the hidden activation (kept with no hidden layer too)."""
        return self._activation_name

    def layers(self):
        """Every parametrised layer, input to output (dense and batch-norm layers)."""
        out = []
        for dense, norm in zip(self.hidden, self.norms, strict=True):
            out.append(dense)
            if norm is not None:
                out.append(norm)
        out.append(self.output)
        return out

    def forward(self, X, training=True):
        """Logits for the inputs ``X``; records pre-activations and activations per layer."""
        h = np.asarray(X, dtype=np.float64)
        self.inputs = h
        self.pre_activations = []
        self.activations = []
        for dense, norm, act in zip(self.hidden, self.norms, self.acts, strict=True):
            z = dense.forward(h)
            if norm is not None:
                z = norm.forward(z, training=training)
            h = act.forward(z)
            self.pre_activations.append(z)
            self.activations.append(h)
        self.logits = self.output.forward(h)
        return self.logits

    def backward(self, dlogits):
        """Backpropagate ``dL/dlogits``; fills every layer's gradients and the recorded lists."""
        g = self.output.backward(dlogits)
        grads_a, grads_z = [], []
        for dense, norm, act in zip(
            reversed(self.hidden), reversed(self.norms), reversed(self.acts), strict=True
        ):
            grads_a.append(g)
            g = act.backward(g)
            grads_z.append(g)
            if norm is not None:
                g = norm.backward(g)
            g = dense.backward(g)
        self.grad_activations = grads_a[::-1]
        self.grad_pre_activations = grads_z[::-1]
        return g

    def loss_and_backward(self, X, y, training=True):
        """Forward, mean cross-entropy and backward in one go; returns ``(loss, logits)``."""
        y = np.asarray(y)
        logits = self.forward(X, training=training)
        rows = np.arange(len(y))
        logp = actlib.log_softmax(logits, axis=-1)
        loss = float(-np.mean(logp[rows, y]))
        # d(mean cross-entropy)/d(logits) = (softmax(logits) - onehot(y)) / n, softmax = exp(logp)
        dlogits = np.exp(logp)
        dlogits[rows, y] -= 1.0
        self.backward(dlogits / len(y))
        return loss, logits

    def params(self):
        """``[(key, value, gradient), ...]`` over all layers, values are the live arrays."""
        out = []
        for i, layer in enumerate(self.layers()):
            for name, value, grad in layer.params():
                out.append((f"{i}.{name}", value, grad))
        return out

    def sgd_step(self, lr, momentum=0.0):
        """One (momentum) SGD update of every parameter, in place."""
        for layer in self.layers():
            for name, value, grad in layer.params():
                key = (id(layer), name)
                if momentum:
                    v = self._velocity.get(key)
                    v = grad.copy() if v is None else momentum * v + grad
                    self._velocity[key] = v
                    value -= lr * v
                else:
                    value -= lr * grad

    def fit(self, X, y, *, epochs, lr, batch_size=None, momentum=0.0, callback=None):
        """Train with (mini-batch) SGD on the cross-entropy.

        Parameters
        ----------
        X : ndarray, shape (n, n_in)
        y : ndarray of int, shape (n,)
        epochs : int
            Passes over the data.  With ``batch_size=None`` one epoch is one full-batch step.
        lr : float
            Learning rate.
        batch_size : int, optional
            Mini-batch size; batches are shuffled with the network's own seeded generator.
        momentum : float
            Heavy-ball momentum (0 = plain SGD).
        callback : callable, optional
            ``callback(epoch, net, history)`` after every epoch; returning ``True`` stops.

        Returns
        -------
        History
            Loss and accuracy per epoch (for full-batch training: measured in the forward pass
            of the step, i.e. before that epoch's update).
        """
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y)
        n = len(y)
        hist = History()
        for epoch in range(int(epochs)):
            if batch_size is None or batch_size >= n:
                loss, logits = self.loss_and_backward(X, y)
                self.sgd_step(lr, momentum)
                acc = float(np.mean(np.argmax(logits, axis=1) == y))
            else:
                order = self._shuffle_rng.permutation(n)
                losses, correct = [], 0
                for start in range(0, n, batch_size):
                    idx = order[start : start + batch_size]
                    loss_b, logits = self.loss_and_backward(X[idx], y[idx])
                    self.sgd_step(lr, momentum)
                    losses.append(loss_b * len(idx))
                    correct += int(np.sum(np.argmax(logits, axis=1) == y[idx]))
                loss = float(np.sum(losses) / n)
                acc = correct / n
            hist.loss.append(loss)
            hist.accuracy.append(acc)
            if callback is not None and callback(epoch, self, hist):
                break
        return hist

    def predict_proba(self, X):
        """Class probabilities ``softmax(logits)`` (batch norm in evaluation mode)."""
        return actlib.softmax(self.forward(X, training=False), axis=-1)

    def predict(self, X):
        """Most likely class per row."""
        return np.argmax(self.forward(X, training=False), axis=1)

    def accuracy(self, X, y):
        """Fraction of rows classified correctly."""
        return float(np.mean(self.predict(X) == np.asarray(y)))

    def dead_units(self, X):
        """Per hidden layer, a boolean mask of units with ``z <= 0`` for every row of ``X``.

        For ReLU such a unit outputs 0 and gets zero gradient on the whole data set: it is dead
        (it can only come back if an earlier layer changes).  Batch norm runs in training mode.
        """
        self.forward(X)
        return [np.all(z <= 0, axis=0) for z in self.pre_activations]

    def get_state(self):
        """Copy of every parameter (for :meth:`set_state`)."""
        return [value.copy() for _, value, _ in self.params()]

    def set_state(self, state):
        """Restore parameters saved by :meth:`get_state`; clears the momentum buffers."""
        for (_, value, _), saved in zip(self.params(), state, strict=True):
            value[...] = saved
        self._velocity = {}


@dataclass
class RandomForward:
    """Result of :func:`random_forward`: per-layer pre-activations and activations."""

    inputs: np.ndarray
    pre_activations: list
    activations: list

    def stats(self):
        """``[(mean, std), ...]`` of the activations of each layer (over all units and rows)."""
        return [(float(a.mean()), float(a.std())) for a in self.activations]


def random_forward(
    activation="sigmoid",
    init=1.0,
    *,
    n_samples=1000,
    n_units=100,
    n_layers=5,
    bias=False,
    bias_init=0.0,
    bias_std=0.0,
    batchnorm=False,
    bn_beta=0.0,
    activation_params=None,
    seed=0,
):
    """Push standard normal data through a random (untrained) stack of layers.

    This is the experiment of *Deep Learning from Scratch* ch. 6: ``x`` is ``n_samples x
    n_units`` standard normal, each of ``n_layers`` layers multiplies by a fresh
    ``N(0, std^2)`` matrix (no bias by default), optionally batch-normalises, and applies the
    activation.  Draw order: ``x`` first, then each layer's weights (and bias noise).

    Parameters
    ----------
    activation : str
        Elementwise actlib activation.
    init : float or str
        See :func:`init_std`.
    n_samples, n_units, n_layers : int
        Data rows, layer width and number of layers.
    bias : bool
        Add a bias ``bias_init + bias_std * N(0, 1)`` to each layer.
    bias_init, bias_std : float
        See ``bias``.
    batchnorm : bool
        Normalise each unit over the batch (``gamma = 1``, ``beta = bn_beta``) before the
        activation.
    bn_beta : float
        Shift applied after the normalisation (a threshold in units of the pre-activation's
        standard deviation: ``relu`` then fires where ``z_hat > -bn_beta``).
    activation_params : dict, optional
        Parameters of the activation.
    seed : int
        Seed for :func:`numpy.random.default_rng`.

    Returns
    -------
    RandomForward

    Examples
    --------
    >>> out = random_forward("sigmoid", 0.01, n_samples=200, n_units=50, n_layers=3)
    >>> [round(m, 2) for m, s in out.stats()]
    [0.5, 0.5, 0.5]
    """
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_samples, n_units))
    act = ElementwiseActivation(activation, activation_params)
    pre, post = [], []
    h = x
    for _ in range(n_layers):
        dense = Dense(
            n_units,
            n_units,
            std=init_std(init, n_units),
            rng=rng,
            bias=bias,
            bias_init=bias_init,
            bias_std=bias_std,
        )
        z = dense.forward(h)
        if batchnorm:
            norm = BatchNorm(n_units)
            norm.beta[:] = bn_beta
            z = norm.forward(z)
        h = act.forward(z)
        pre.append(z)
        post.append(h)
    return RandomForward(x, pre, post)


@dataclass
class GradientReport:
    """Result of :func:`gradient_norms` (lists indexed by hidden layer, input side first).

    Attributes
    ----------
    delta_norms : list of float
        ``||dL/dz_l||`` (Frobenius norm over the batch) of each hidden layer.
    weight_grad_norms : list of float
        ``||dL/dW_l||`` of each hidden dense layer.
    derivative_rms : list of float
        Root-mean-square of ``activation.derivative(z_l)`` over the batch and units.
    derivative_max : list of float
        Maximum of ``activation.derivative(z_l)``.
    """

    activation: str
    init: object
    delta_norms: list
    weight_grad_norms: list
    derivative_rms: list
    derivative_max: list

    def relative(self):
        """``delta_norms`` divided by the last hidden layer's (1.0 at the top layer)."""
        top = self.delta_norms[-1]
        return [d / top for d in self.delta_norms]


def gradient_norms(
    activation="sigmoid",
    init="xavier",
    depth=5,
    *,
    width=100,
    n_samples=200,
    n_classes=10,
    batchnorm=False,
    activation_params=None,
    seed=0,
):
    """Per-layer gradient norms from one real backward pass of a random network.

    The network is ``width -> width (x depth) -> n_classes`` with the given activation and
    initialisation, no biases, fed standard normal inputs with random labels; the loss is the
    mean cross-entropy.

    Parameters
    ----------
    activation : str
        Hidden activation.
    init : float or str
        See :func:`init_std`.
    depth : int
        Number of hidden layers.
    width, n_samples, n_classes : int
        Layer width, batch size and number of output classes.
    batchnorm : bool
        Insert batch normalisation before each activation.
    activation_params : dict, optional
        Parameters of the activation.
    seed : int
        Seed for data, labels and weights.

    Returns
    -------
    GradientReport

    Examples
    --------
    >>> rep = gradient_norms("sigmoid", "xavier", depth=4, width=20, n_samples=50)
    >>> len(rep.delta_norms), max(rep.derivative_max) <= 0.25
    (4, True)
    """
    rng = np.random.default_rng([seed, 2])
    X = rng.standard_normal((n_samples, width))
    y = rng.integers(0, n_classes, n_samples)
    net = MLP(
        [width] * (depth + 1) + [n_classes],
        activation,
        init=init,
        bias=False,
        batchnorm=batchnorm,
        activation_params=activation_params,
        seed=seed,
    )
    net.loss_and_backward(X, y)
    act = net.acts[0]
    derivs = [act.act.derivative(z, **act.params_) for z in net.pre_activations]
    return GradientReport(
        activation=net.activation,
        init=init,
        delta_norms=[float(np.linalg.norm(g)) for g in net.grad_pre_activations],
        weight_grad_norms=[float(np.linalg.norm(d.dW)) for d in net.hidden],
        derivative_rms=[float(np.sqrt(np.mean(d**2))) for d in derivs],
        derivative_max=[float(d.max()) for d in derivs],
    )


def lstm_cell(z_f, z_i, z_g, z_o, c_prev, *, gate="sigmoid", state="tanh"):
    """One LSTM cell update from given pre-activations (note 001's gate / state split).

    ``f, i, o = gate(z_f), gate(z_i), gate(z_o)``; candidate ``g = state(z_g)``;
    ``c = f * c_prev + i * g``; ``h = o * state(c)``.  Swap ``gate`` or ``state`` to see what
    breaks when the roles are changed.

    Parameters
    ----------
    z_f, z_i, z_g, z_o : array_like
        Pre-activations of the forget, input gates, the candidate and the output gate.
    c_prev : array_like
        Previous cell state.
    gate, state : str
        Activation names for the gates and for the candidate / output squashing.

    Returns
    -------
    dict
        ``f``, ``i``, ``g``, ``o``, ``c`` and ``h`` as float64 arrays.

    Examples
    --------
    >>> out = lstm_cell(10.0, -10.0, 1.0, 10.0, c_prev=0.8)
    >>> round(float(out["c"]), 3), round(float(out["h"]), 3)
    (0.8, 0.664)
    """
    gate_fn = actlib.get(gate)
    state_fn = actlib.get(state)
    f = gate_fn(np.asarray(z_f, dtype=np.float64))
    i = gate_fn(np.asarray(z_i, dtype=np.float64))
    o = gate_fn(np.asarray(z_o, dtype=np.float64))
    g = state_fn(np.asarray(z_g, dtype=np.float64))
    c = f * np.asarray(c_prev, dtype=np.float64) + i * g
    h = o * state_fn(c)
    return {"f": f, "i": i, "g": g, "o": o, "c": c, "h": h}


# --------------------------------------------------------------------------------------------
# small training runs (the training playground's comparison table)


def default_init(activation):
    """Xavier for activations with a bounded output range, He for the others.

    Examples
    --------
    >>> default_init("tanh"), default_init("relu"), default_init("sigmoid")
    ('xavier', 'he', 'xavier')
    """
    rng = actlib.get(activation).range
    bounded = np.isfinite(float(rng.low)) and np.isfinite(float(rng.high))
    return "xavier" if bounded else "he"


def run_training(
    dataset="xor",
    activation="relu",
    *,
    width=16,
    depth=2,
    lr=0.3,
    momentum=0.9,
    epochs=300,
    batch_size=None,
    init="auto",
    n=100,
    seed=0,
    activation_params=None,
    batchnorm=False,
    stop_at_100=False,
):
    """Train one small network on one data set of :mod:`actlib.datasets`.

    Parameters
    ----------
    dataset : str
        Data set name.
    activation : str
        Hidden activation.
    width, depth : int
        Hidden width and number of hidden layers.
    lr, momentum : float
        SGD learning rate and momentum.
    epochs : int
        Epoch budget.
    batch_size : int, optional
        Mini-batch size (``None`` = full batch).
    init : str or float
        ``"auto"`` (:func:`default_init`) or anything :func:`init_std` accepts.
    n, seed : int
        Number of points; seed of the data and of the network.
    activation_params : dict, optional
        Parameters of the activation.
    batchnorm : bool
        Batch-normalise before each hidden activation.
    stop_at_100 : bool
        Stop at the first epoch with 100 % training accuracy.

    Returns
    -------
    dict
        ``epochs_to_100`` (1-based count of epochs until the training forward pass classified
        every point correctly, or ``None``), ``final_loss``, ``final_accuracy``,
        ``epochs_run``, ``loss`` (the curve), ``accuracy`` and ``net``.  A run whose loss
        becomes non-finite stops there.

    Examples
    --------
    >>> r = run_training("xor", "tanh", epochs=60, stop_at_100=True)
    >>> r["epochs_to_100"] is not None and r["final_accuracy"] == 1.0
    True
    """
    from actlib import datasets

    X, y = datasets.load(dataset, n=n, seed=seed)
    if init == "auto":
        init = default_init(activation)
    net = MLP(
        [2] + [width] * depth + [2],
        activation,
        init=init,
        activation_params=activation_params,
        batchnorm=batchnorm,
        seed=seed,
    )
    first = [None]

    def callback(epoch, _net, hist):
        if first[0] is None and hist.accuracy[-1] == 1.0:
            first[0] = epoch + 1
        if not np.isfinite(hist.loss[-1]):
            return True
        return stop_at_100 and first[0] is not None

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        hist = net.fit(
            X, y, epochs=epochs, lr=lr, momentum=momentum, batch_size=batch_size, callback=callback
        )
    return {
        "epochs_to_100": first[0],
        "final_loss": hist.loss[-1],
        "final_accuracy": hist.accuracy[-1],
        "epochs_run": len(hist.loss),
        "loss": hist.loss,
        "accuracy": hist.accuracy,
        "net": net,
    }


def comparison_table(activations, datasets_=("xor", "circles", "moons", "spiral"), **kwargs):
    """Epochs to 100 % training accuracy and final loss for each activation and data set.

    Parameters
    ----------
    activations : sequence of str
        Hidden activations to compare.
    datasets_ : sequence of str
        Data set names.
    **kwargs
        Passed to :func:`run_training` (the same seed, sizes and learning rate for every cell).

    Returns
    -------
    dict
        ``{(activation, dataset): (epochs_to_100 or None, final_loss)}``.
    """
    out = {}
    for act in activations:
        for ds in datasets_:
            r = run_training(ds, act, **kwargs)
            out[(act, ds)] = (r["epochs_to_100"], r["final_loss"])
    return out


def format_table(table, activations, datasets_=("xor", "circles", "moons", "spiral")):
    """Fixed-width text of :func:`comparison_table`: ``epochs / loss`` per cell (rounded).

    ``-`` marks a run that never reached 100 % training accuracy, ``diverged`` a run whose loss
    stopped being finite.

    Examples
    --------
    >>> print(format_table({("relu", "xor"): (12, 0.0712)}, ["relu"], ["xor"]))
    activation   | xor
    relu         | 12 / 0.071
    """
    width = max(12, *(len(a) for a in activations))
    lines = [f"{'activation':<{width}} | " + "".join(f"{ds:<15}" for ds in datasets_).rstrip()]
    for act in activations:
        cells = []
        for ds in datasets_:
            ep, loss = table[(act, ds)]
            ep_s = "-" if ep is None else str(ep)
            loss_s = "diverged" if not np.isfinite(loss) else f"{loss:.3f}"
            cells.append(f"{ep_s + ' / ' + loss_s:<15}")
        lines.append(f"{act:<{width}} | " + "".join(cells).rstrip())
    return "\n".join(lines)
