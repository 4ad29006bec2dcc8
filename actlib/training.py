"""A stepwise trainer for the live training playground (notebooks 10 and 11), NumPy only.

:class:`Trainer` holds everything a TensorFlow-Playground-style run needs between two screen
updates: the data (split into a training and a held-out test half), the input feature map, the
network (:class:`actlib.networks.MLP`, depth 0 = a linear model), the optimiser state (momentum
buffers inside the network, the mini-batch generator), the epoch counter and the loss / accuracy
history.  :meth:`Trainer.step` trains ``k`` more epochs and returns; the widget layer
(:class:`actlib.widgets.TrainingPlayground`) calls it on every tick of an
``ipywidgets.Play``.

Two kinds of settings:

* **hyperparameters** (:data:`HYPERPARAMETERS`: learning rate, momentum, batch size) are read at
  every step, so a change applies to the next step and the run goes on;
* **structure** (:data:`STRUCTURE`: data set, noise, number of points, input features,
  activation, width, depth, seed, ...) defines the data or the network: changing one rebuilds
  both and resets the run to epoch 0 (:meth:`Trainer.set` says which happened).

Everything random is seeded (data, split, weights, batch order), so the same seed and the same
settings give the same trajectory bit for bit, whatever the chunking into steps.

Examples
--------
>>> from actlib.training import Trainer
>>> tr = Trainer("xor", "tanh", width=4, depth=2, seed=0)
>>> tr.epoch, len(tr.history.train_loss)
(0, 0)
>>> _ = tr.step(5)
>>> tr.epoch, len(tr.history.test_loss)
(5, 5)
>>> tr.set(lr=0.1)            # hyperparameter: the run goes on
False
>>> tr.set(width=6)           # structure: a fresh network, epoch 0
True
>>> tr.epoch
0
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

import actlib
from actlib import datasets, networks

__all__ = [
    "DEFAULT_NOISE",
    "EPOCHS_PER_TICK",
    "FEATURES",
    "FEATURE_LABELS",
    "HYPERPARAMETERS",
    "MIN_TICKS_PER_SECOND",
    "PLAY_INTERVAL_MS",
    "STRUCTURE",
    "TrainHistory",
    "Trainer",
    "feature_map",
    "unit_status",
]

FEATURES = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2,
    "x2^2": lambda X: X[:, 1] ** 2,
    "x1*x2": lambda X: X[:, 0] * X[:, 1],
    "sin(x1)": lambda X: np.sin(X[:, 0]),
    "sin(x2)": lambda X: np.sin(X[:, 1]),
}
"""Input features the network can be fed (TensorFlow Playground's set), name -> map of ``X``."""

FEATURE_LABELS = {
    "x1": "x₁",
    "x2": "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1*x2": "x₁·x₂",
    "sin(x1)": "sin x₁",
    "sin(x2)": "sin x₂",
}
"""Display labels of :data:`FEATURES`."""

DEFAULT_NOISE = {"xor": 0.0, "circles": 0.05, "moons": 0.1, "spiral": 0.05}
"""The jitter each generator of :mod:`actlib.datasets` uses by default (``noise=None``)."""

PLAY_INTERVAL_MS = 50
"""Milliseconds between two ticks of the playground's Play timer (at most 20 ticks per second;
when a tick takes longer, the next one follows as soon as the kernel is free)."""

MIN_TICKS_PER_SECOND = 10
"""The slowest tick rate the playground is built for (issue 11: at least 10 repaints a second)."""

EPOCHS_PER_TICK = 5
"""Epochs the playground trains per tick by default."""

HYPERPARAMETERS = ("lr", "momentum", "batch_size")
"""Settings read at every step: changing one does not reset the run."""

STRUCTURE = (
    "dataset",
    "activation",
    "width",
    "depth",
    "noise",
    "features",
    "n",
    "test_fraction",
    "seed",
    "init",
    "activation_params",
)
"""Settings that define the data or the network: changing one rebuilds both (epoch 0)."""


def feature_map(X, features=("x1", "x2")):
    """Stack the chosen input features of 2-D points as columns.

    Parameters
    ----------
    X : array_like, shape (n, 2)
        Points ``(x1, x2)``.
    features : sequence of str
        Keys of :data:`FEATURES`, in the column order wanted (at least one).

    Returns
    -------
    ndarray, shape (n, len(features))

    Examples
    --------
    >>> feature_map([[2.0, 3.0]], ["x1", "x1^2", "x1*x2"]).tolist()
    [[2.0, 4.0, 6.0]]
    """
    features = tuple(features)
    if not features:
        raise ValueError("at least one input feature is needed")
    unknown = [f for f in features if f not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature(s) {unknown}; choose from {', '.join(FEATURES)}")
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    return np.column_stack([FEATURES[f](X) for f in features])


def unit_status(activation, pre_activations, *, threshold=0.01, fraction=0.9, params=None):
    """Classify hidden units as ``"dead"``, ``"saturated"`` or ``"active"`` from measured ``z``.

    * **dead**: ``f'(z) == 0`` on every point (no gradient reaches the incoming weights: for
      ReLU, ``z <= 0`` everywhere since ``relu'(0) = 0``);
    * **saturated**: not dead, and ``|f'(z)| < threshold`` on at least ``fraction`` of the
      points (sigmoid / tanh units pushed into their flat tails; also a ReLU unit that is
      silent on almost every point);
    * **active**: the rest.

    Parameters
    ----------
    activation : str
        The hidden activation (actlib name or alias).
    pre_activations : sequence of ndarray, shape (n_points, n_units)
        ``z`` of each hidden layer on the points (e.g. the training points).
    threshold : float
        Derivative magnitude below which a point counts as flat.
    fraction : float
        Share of flat points that makes a unit saturated.
    params : dict, optional
        Parameters of the activation.

    Returns
    -------
    list of ndarray of str
        One array of length ``n_units`` per layer.

    Examples
    --------
    >>> z = np.array([[-1.0, 20.0, 0.5], [-2.0, 30.0, -0.5]])
    >>> unit_status("relu", [z])[0].tolist()
    ['dead', 'active', 'active']
    >>> unit_status("tanh", [z])[0].tolist()
    ['active', 'saturated', 'active']
    """
    act = actlib.get(activation)
    params = dict(params or {})
    out = []
    for z in pre_activations:
        with np.errstate(all="ignore"):
            d = np.abs(act.derivative(np.asarray(z, dtype=np.float64), **params))
        dead = np.all(d == 0, axis=0)
        flat = np.mean(d < threshold, axis=0) >= fraction
        status = np.where(dead, "dead", np.where(flat, "saturated", "active"))
        out.append(status.astype("<U9"))
    return out


@dataclass
class TrainHistory:
    """Per-epoch record since the last reset (index ``k`` = after epoch ``k + 1``).

    Losses are mean cross-entropies and accuracies fractions, all measured with the weights at
    the end of the epoch, on the training half and on the held-out test half.
    """

    train_loss: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)

    def __len__(self):
        return len(self.train_loss)


def _loss_acc(logits, y):
    logp = actlib.log_softmax(logits, axis=-1)
    loss = float(-np.mean(logp[np.arange(len(y)), y]))
    acc = float(np.mean(np.argmax(logits, axis=1) == y))
    return loss, acc


class Trainer:
    """Stepwise (mini-batch, momentum) SGD on a 2-D toy data set; see the module docstring.

    Parameters
    ----------
    dataset : str
        One of :data:`actlib.datasets.DATASETS`.
    activation : str
        Hidden activation (any elementwise actlib activation).
    width : int
        Units per hidden layer.
    depth : int
        Hidden layers; 0 = no hidden layer (a linear model on the features, then softmax).
    lr, momentum : float
        SGD learning rate and heavy-ball momentum (read at every step).
    batch_size : int or None
        Mini-batch size; 0 or ``None`` = full batch (read at every step).
    noise : float, optional
        Jitter of the data; ``None`` = the generator's default (:data:`DEFAULT_NOISE`).
    features : sequence of str
        Input features, keys of :data:`FEATURES`.
    n : int
        Number of points before the split.
    test_fraction : float
        Share of the points held out as the test set (never trained on).
    seed : int
        Seed of the data, the split, the weights and the batch order.
    init : str or float
        ``"auto"`` (:func:`actlib.networks.default_init`) or anything
        :func:`actlib.networks.init_std` accepts.
    activation_params : dict, optional
        Parameters of the activation.

    Attributes
    ----------
    net : actlib.networks.MLP
        The network being trained.
    X_train, y_train, X_test, y_test : ndarray
        The two halves of the data (points ``(x1, x2)``, not the features).
    epoch : int
        Epochs trained since the last reset.
    history : TrainHistory
        Loss and accuracy per epoch since the last reset.
    diverged : bool
        The loss stopped being finite; :meth:`step` does nothing until a reset or a change.
    resets : int
        How many times the run was reset (construction included).

    Examples
    --------
    Circles are not linearly separable in ``(x1, x2)``, but they are in ``(x1², x2²)``:

    >>> tr = Trainer("circles", depth=0, features=("x1^2", "x2^2"), lr=0.3)
    >>> _ = tr.step(100)
    >>> tr.history.train_accuracy[-1], tr.history.test_accuracy[-1]
    (1.0, 1.0)
    """

    def __init__(
        self,
        dataset="xor",
        activation="tanh",
        *,
        width=4,
        depth=2,
        lr=0.03,
        momentum=0.9,
        batch_size=10,
        noise=None,
        features=("x1", "x2"),
        n=200,
        test_fraction=0.5,
        seed=0,
        init="auto",
        activation_params=None,
    ):
        self.lr = float(lr)
        self.momentum = float(momentum)
        self.batch_size = batch_size
        self._settings = {}
        self.resets = 0
        self._configure(
            dict(
                dataset=dataset,
                activation=activation,
                width=width,
                depth=depth,
                noise=noise,
                features=features,
                n=n,
                test_fraction=test_fraction,
                seed=seed,
                init=init,
                activation_params=activation_params,
            )
        )
        self.reset()

    # -- settings ---------------------------------------------------------------------------
    def _configure(self, s):
        if s["dataset"] not in datasets.DATASETS:
            raise KeyError(
                f"unknown data set {s['dataset']!r}; choose one of {', '.join(datasets.DATASETS)}"
            )
        act = actlib.get(s["activation"])
        if act.kind != "elementwise":
            raise ValueError(f"hidden activation must be elementwise, got {act.name!r}")
        s["activation"] = act.name
        s["width"] = int(s["width"])
        s["depth"] = int(s["depth"])
        if s["width"] < 1 or s["depth"] < 0:
            raise ValueError(f"width must be >= 1 and depth >= 0, got {s['width']}, {s['depth']}")
        s["features"] = tuple(s["features"])
        feature_map(np.zeros((1, 2)), s["features"])  # validates
        if not 0 < float(s["test_fraction"]) < 1:
            raise ValueError(f"test_fraction must be in (0, 1), got {s['test_fraction']!r}")
        self._settings = s

    def __getattr__(self, name):
        settings = self.__dict__.get("_settings", {})
        if name in settings:
            return settings[name]
        raise AttributeError(name)

    @property
    def settings(self):
        """Every setting (hyperparameters and structure) as a dict."""
        return {
            **self._settings,
            "lr": self.lr,
            "momentum": self.momentum,
            "batch_size": self.batch_size,
        }

    def set(self, **values):
        """Change settings; returns ``True`` if the run was reset (a structure setting changed).

        Hyperparameters (:data:`HYPERPARAMETERS`) apply to the next :meth:`step`; a changed
        structure setting (:data:`STRUCTURE`) rebuilds the data and the network (epoch 0).
        Setting a value equal to the current one changes nothing.
        """
        unknown = set(values) - set(HYPERPARAMETERS) - set(STRUCTURE)
        if unknown:
            raise KeyError(f"unknown setting(s) {sorted(unknown)}")
        for key in HYPERPARAMETERS:
            if key in values:
                setattr(self, key, values[key] if key == "batch_size" else float(values[key]))
        new = dict(self._settings)
        for key in STRUCTURE:
            if key in values:
                new[key] = tuple(values[key]) if key == "features" else values[key]
        changed = any(new[k] != self._settings[k] for k in STRUCTURE if k in values)
        if changed:
            self._configure(new)
            self.reset()
        return changed

    # -- state --------------------------------------------------------------------------------
    def reset(self):
        """Fresh data and network for the current settings (same seed: the same start)."""
        s = self._settings
        noise = DEFAULT_NOISE[s["dataset"]] if s["noise"] is None else float(s["noise"])
        X, y = datasets.load(s["dataset"], n=int(s["n"]), noise=noise, seed=s["seed"])
        order = np.random.default_rng([s["seed"], 4]).permutation(len(y))
        n_test = max(1, round(len(y) * float(s["test_fraction"])))
        test, train = order[:n_test], order[n_test:]
        self.X_train, self.y_train = X[train], y[train]
        self.X_test, self.y_test = X[test], y[test]
        self._F_train = feature_map(self.X_train, s["features"])
        self._F_test = feature_map(self.X_test, s["features"])
        init = networks.default_init(s["activation"]) if s["init"] == "auto" else s["init"]
        self.init_used = init
        sizes = [len(s["features"])] + [s["width"]] * s["depth"] + [2]
        self.net = networks.MLP(
            sizes,
            s["activation"],
            init=init,
            activation_params=s["activation_params"],
            seed=s["seed"],
        )
        self._batch_rng = np.random.default_rng([s["seed"], 5])
        self.epoch = 0
        self.history = TrainHistory()
        self.diverged = False
        self.resets += 1
        self._grid_cache = None
        return self

    @property
    def sizes(self):
        """Layer widths ``[n_features, hidden..., 2]``."""
        return list(self.net.sizes)

    @property
    def effective_batch_size(self):
        """The mini-batch size the next step uses (the training-set size for full batch)."""
        n = len(self.y_train)
        b = self.batch_size
        return n if not b or b >= n else int(b)

    def _update(self, lr, momentum):
        if momentum:
            self.net.sgd_step(lr, momentum)
        else:
            self.net.sgd_step(lr, 0.0)
            self.net._velocity = {}  # plain SGD keeps no stale velocity for later

    def step(self, epochs=1):
        """Train ``epochs`` more epochs with the current hyperparameters; returns ``self``.

        Each epoch visits the training points once in a freshly shuffled order, in mini-batches
        of :attr:`effective_batch_size` (one SGD update per batch), then records the training
        and test loss and accuracy.  A non-finite loss sets :attr:`diverged` and stops.
        """
        F, y = self._F_train, self.y_train
        n = len(y)
        lr, momentum, b = self.lr, self.momentum, self.effective_batch_size
        with np.errstate(all="ignore"):
            for _ in range(int(epochs)):
                if self.diverged:
                    break
                if b >= n:
                    self.net.loss_and_backward(F, y)
                    self._update(lr, momentum)
                else:
                    order = self._batch_rng.permutation(n)
                    for start in range(0, n, b):
                        idx = order[start : start + b]
                        self.net.loss_and_backward(F[idx], y[idx])
                        self._update(lr, momentum)
                self.epoch += 1
                self._record()
        self._grid_cache = None
        return self

    def _record(self):
        h = self.history
        tr_loss, tr_acc = _loss_acc(self.net.forward(self._F_train, training=False), self.y_train)
        te_loss, te_acc = _loss_acc(self.net.forward(self._F_test, training=False), self.y_test)
        h.train_loss.append(tr_loss)
        h.test_loss.append(te_loss)
        h.train_accuracy.append(tr_acc)
        h.test_accuracy.append(te_acc)
        if not (np.isfinite(tr_loss) and np.all(np.isfinite(self.net.output.W))):
            self.diverged = True

    @property
    def separated(self):
        """Whether every training point is classified correctly after the last epoch."""
        return bool(self.history.train_accuracy) and self.history.train_accuracy[-1] == 1.0

    def epochs_to_separate(self):
        """First epoch (1-based) after which every training point was correct, or ``None``."""
        for k, acc in enumerate(self.history.train_accuracy):
            if acc == 1.0:
                return k + 1
        return None

    # -- views over the input plane ------------------------------------------------------------
    def grid(self, resolution=40, extent=(-1.6, 1.6, -1.6, 1.6)):
        """The network on a ``resolution x resolution`` grid over the input plane.

        Returns
        -------
        dict
            ``"proba"``: P(class 1), shape ``(resolution, resolution)`` (row = x2, column = x1,
            origin at the lower left); ``"units"``: per hidden layer an array of shape
            ``(n_units, resolution, resolution)`` with each unit's output ``f(z)``;
            ``"x1"``, ``"x2"``: the grid coordinates.  Cached until the next step or reset.
        """
        key = (int(resolution), tuple(float(e) for e in extent))
        if self._grid_cache is not None and self._grid_cache[0] == key:
            return self._grid_cache[1]
        r = key[0]
        g1 = np.linspace(extent[0], extent[1], r)
        g2 = np.linspace(extent[2], extent[3], r)
        x1, x2 = np.meshgrid(g1, g2)
        P = np.column_stack([x1.ravel(), x2.ravel()])
        with np.errstate(all="ignore"):
            logits = self.net.forward(feature_map(P, self.features), training=False)
            proba = actlib.softmax(logits, axis=-1)[:, 1].reshape(r, r)
        units = [a.T.reshape(a.shape[1], r, r).copy() for a in self.net.activations]
        out = {"proba": proba, "units": units, "x1": g1, "x2": g2}
        self._grid_cache = (key, out)
        return out

    def unit_status(self, *, threshold=0.01, fraction=0.9):
        """:func:`unit_status` of every hidden layer on the training points."""
        with np.errstate(all="ignore"):
            self.net.forward(self._F_train, training=False)
        return unit_status(
            self.activation,
            self.net.pre_activations,
            threshold=threshold,
            fraction=fraction,
            params=self.activation_params,
        )
