"""Small two-dimensional classification data sets generated with NumPy.

Every generator is seeded through :func:`numpy.random.default_rng`, returns ``(X, y)`` with
``X`` a float64 array of shape ``(n, 2)`` and ``y`` an int64 array of class labels ``0 .. k-1``,
and keeps the points inside roughly ``[-1.5, 1.5]^2`` so that the same plotting window and the
same learning rates work for all of them.

The four shapes follow the TensorFlow Playground set: XOR (four quadrants), two concentric
circles, two interleaved moons and a two-armed spiral.  None of them is linearly separable,
which is the point of note 000 (``why non-linearity``).

Examples
--------
>>> from actlib import datasets
>>> X, y = datasets.load("xor", n=8, seed=0)
>>> X.shape, y.shape, X.dtype, sorted(set(y.tolist()))
((8, 2), (8,), dtype('float64'), [0, 1])
>>> X2, y2 = datasets.load("xor", n=8, seed=0)
>>> bool((X == X2).all() and (y == y2).all())
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["DATASETS", "circles", "load", "moons", "spiral", "xor", "xor_truth_table"]

DATASETS = ("xor", "circles", "moons", "spiral")
"""Names accepted by :func:`load`, in the order the notebooks show them."""


def _check(n: int, noise: float) -> None:
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 2:
        raise ValueError(f"n must be an integer >= 2, got {n!r}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")


def _shuffle(X: np.ndarray, y: np.ndarray, rng: np.random.Generator):
    order = rng.permutation(len(y))
    return np.ascontiguousarray(X[order]), np.ascontiguousarray(y[order])


def xor_truth_table() -> tuple[np.ndarray, np.ndarray]:
    """The four XOR points of note 000: inputs in {0, 1}^2 and the label x1 XOR x2.

    Returns
    -------
    X : ndarray, shape (4, 2)
    y : ndarray, shape (4,)

    Examples
    --------
    >>> X, y = xor_truth_table()
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
    """
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0], dtype=np.int64)
    return X, y


def xor(n: int = 200, *, noise: float = 0.0, margin: float = 0.1, seed: int = 0):
    """Points uniform in the four quadrants of ``[-1, 1]^2``; class 1 where ``x1 * x2 < 0``.

    Parameters
    ----------
    n : int
        Number of points.
    noise : float
        Standard deviation of Gaussian jitter added after labelling (labels may then be noisy).
    margin : float
        Points are kept at least ``margin`` away from both axes, so a clean XOR is separable
        with a positive gap.
    seed : int
        Seed for :func:`numpy.random.default_rng`.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray, shape (n,)

    Examples
    --------
    >>> X, y = xor(100, seed=1)
    >>> bool(np.all((X[:, 0] * X[:, 1] < 0) == (y == 1)))
    True
    """
    _check(n, noise)
    if not 0 <= margin < 1:
        raise ValueError(f"margin must be in [0, 1), got {margin!r}")
    rng = np.random.default_rng(seed)
    mag = rng.uniform(margin, 1.0, size=(n, 2))
    sign = np.where(rng.random((n, 2)) < 0.5, -1.0, 1.0)
    X = mag * sign
    y = (X[:, 0] * X[:, 1] < 0).astype(np.int64)
    X = X + noise * rng.standard_normal((n, 2))
    return X, y


def circles(n: int = 200, *, noise: float = 0.05, factor: float = 0.5, seed: int = 0):
    """Two concentric circles: the outer one (radius 1) is class 0, the inner one class 1.

    Parameters
    ----------
    n : int
        Number of points (split as evenly as possible).
    noise : float
        Standard deviation of Gaussian jitter.
    factor : float
        Radius of the inner circle relative to the outer one, in (0, 1).
    seed : int
        Seed for :func:`numpy.random.default_rng`.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray, shape (n,)

    Examples
    --------
    >>> X, y = circles(50, noise=0.0, seed=0)
    >>> r = np.hypot(X[:, 0], X[:, 1])
    >>> bool(np.allclose(r[y == 0], 1.0) and np.allclose(r[y == 1], 0.5))
    True
    """
    _check(n, noise)
    if not 0 < factor < 1:
        raise ValueError(f"factor must be in (0, 1), got {factor!r}")
    rng = np.random.default_rng(seed)
    n_out = n // 2
    n_in = n - n_out
    t_out = rng.uniform(0, 2 * np.pi, n_out)
    t_in = rng.uniform(0, 2 * np.pi, n_in)
    X = np.concatenate(
        [
            np.column_stack([np.cos(t_out), np.sin(t_out)]),
            factor * np.column_stack([np.cos(t_in), np.sin(t_in)]),
        ]
    )
    y = np.concatenate([np.zeros(n_out, np.int64), np.ones(n_in, np.int64)])
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffle(X, y, rng)


def moons(n: int = 200, *, noise: float = 0.1, seed: int = 0):
    """Two interleaved half circles (the scikit-learn ``make_moons`` shape), centred and scaled.

    Parameters
    ----------
    n : int
        Number of points (split as evenly as possible).
    noise : float
        Standard deviation of Gaussian jitter (in the scaled coordinates).
    seed : int
        Seed for :func:`numpy.random.default_rng`.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray, shape (n,)

    Examples
    --------
    >>> X, y = moons(40, seed=3)
    >>> X.shape, int(y.sum())
    ((40, 2), 20)
    """
    _check(n, noise)
    rng = np.random.default_rng(seed)
    n_a = n // 2
    n_b = n - n_a
    t_a = rng.uniform(0, np.pi, n_a)
    t_b = rng.uniform(0, np.pi, n_b)
    upper = np.column_stack([np.cos(t_a), np.sin(t_a)])
    lower = np.column_stack([1 - np.cos(t_b), 0.5 - np.sin(t_b)])
    X = np.concatenate([upper, lower])
    # centre the pair of moons on the origin and scale the x-range [-1, 2] to [-1.2, 1.2]
    X = (X - np.array([0.5, 0.25])) * 0.8
    y = np.concatenate([np.zeros(n_a, np.int64), np.ones(n_b, np.int64)])
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffle(X, y, rng)


def spiral(n: int = 200, *, noise: float = 0.05, turns: float = 1.25, seed: int = 0):
    """Two interleaved spiral arms (class 0 and class 1), radius growing from 0.1 to 1.2.

    Parameters
    ----------
    n : int
        Number of points (split as evenly as possible).
    noise : float
        Standard deviation of Gaussian jitter.
    turns : float
        Number of full turns each arm makes (1.25 = one and a quarter turns).
    seed : int
        Seed for :func:`numpy.random.default_rng`.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray, shape (n,)

    Examples
    --------
    >>> X, y = spiral(100, noise=0.0, seed=0)
    >>> bool(np.all(np.hypot(X[:, 0], X[:, 1]) <= 1.2 + 1e-12))
    True
    """
    _check(n, noise)
    if not turns > 0:
        raise ValueError(f"turns must be > 0, got {turns!r}")
    rng = np.random.default_rng(seed)
    counts = (n // 2, n - n // 2)
    parts, labels = [], []
    for k, m in enumerate(counts):
        s = rng.uniform(0, 1, m)
        r = 0.1 + 1.1 * s
        theta = 2 * np.pi * turns * s + k * np.pi
        parts.append(np.column_stack([r * np.cos(theta), r * np.sin(theta)]))
        labels.append(np.full(m, k, np.int64))
    X = np.concatenate(parts)
    y = np.concatenate(labels)
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffle(X, y, rng)


_GENERATORS = {"xor": xor, "circles": circles, "moons": moons, "spiral": spiral}


def load(name: str, n: int = 200, *, noise: float | None = None, seed: int = 0):
    """Generate one of :data:`DATASETS` by name.

    Parameters
    ----------
    name : {"xor", "circles", "moons", "spiral"}
        Which data set.
    n : int
        Number of points.
    noise : float, optional
        Jitter; ``None`` uses the generator's default.
    seed : int
        Seed for :func:`numpy.random.default_rng`.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray, shape (n,)

    Raises
    ------
    KeyError
        For an unknown name (the message lists the valid ones).

    Examples
    --------
    >>> X, y = load("spiral", n=10, seed=2)
    >>> X.shape
    (10, 2)
    """
    try:
        gen = _GENERATORS[name]
    except KeyError:
        raise KeyError(f"unknown data set {name!r}; choose one of {', '.join(DATASETS)}") from None
    if noise is None:
        return gen(n, seed=seed)
    return gen(n, noise=noise, seed=seed)
