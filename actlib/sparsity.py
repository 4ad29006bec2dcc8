"""Sparse ReLU activity: note 004's firing-rate model and what sparsity saves (notebook 09).

* :func:`firing_rate` is the rectified (threshold-linear) firing-rate model that note 004 cites
  (Dayan and Abbott 2001): a neuron is silent below a threshold current and fires at a rate that
  grows linearly above it, up to a maximum rate. With threshold 0, gain 1 and no maximum it is
  exactly ReLU.
* :func:`product_work` and :func:`time_products` measure note 000's claim that sparsity makes ReLU
  fast: the next layer's product ``a @ W`` only needs the rows of ``W`` whose unit is active.
  Counting the multiply-adds that can be skipped is exact; whether skipping them saves *time*
  depends on how the product is computed, which :func:`time_products` measures (dense BLAS, a
  CSR sparse matrix, and gathering the units active anywhere in the batch).

Needs NumPy; SciPy only for :func:`time_products`.
"""

from __future__ import annotations

import time

import numpy as np

__all__ = ["firing_rate", "product_work", "time_products"]


def firing_rate(current, threshold=0.0, gain=1.0, max_rate=np.inf):
    """Rectified firing rate ``min(gain * max(current - threshold, 0), max_rate)``.

    Parameters
    ----------
    current : array_like
        Input current (any units).
    threshold : float
        Current below which the neuron is silent.
    gain : float
        Rate per unit of current above the threshold (the slope).
    max_rate : float
        Saturation rate (``inf``: none, and the model is a shifted, scaled ReLU).

    Examples
    --------
    >>> import numpy as np
    >>> from actlib.sparsity import firing_rate
    >>> firing_rate(np.array([-1.0, 0.5, 2.0, 9.0]), threshold=1.0, gain=20.0, max_rate=100.0)
    array([  0.,   0.,  20., 100.])
    """
    current = np.asarray(current, dtype=np.float64)
    if gain < 0:
        raise ValueError("gain must be non-negative")
    rate = gain * np.maximum(current - threshold, 0.0)
    return np.minimum(rate, max_rate)


def product_work(a):
    """How much of the product ``a @ W`` sparsity lets you skip, for activations ``a``.

    Parameters
    ----------
    a : array_like
        ``(batch, units)`` activations (e.g. ReLU outputs).

    Returns
    -------
    dict
        ``density``: share of non-zero entries (the multiply-adds a per-example sparse product
        needs); ``union``: share of units non-zero for at least one example (the rows of ``W``
        a batched dense product restricted to active units still needs).

    Examples
    --------
    >>> import numpy as np
    >>> from actlib.sparsity import product_work
    >>> product_work(np.array([[0.0, 1.0, 0.0, 0.0], [0.0, 2.0, 3.0, 0.0]]))
    {'density': 0.375, 'union': 0.5}
    """
    nz = np.asarray(a) != 0
    return {"density": float(nz.mean()), "union": float(nz.any(axis=0).mean())}


def _best(fn, repeat):
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def time_products(a, W, repeat=5):
    """Seconds (best of ``repeat``) for ``a @ W`` computed three ways.

    ``dense``: NumPy's BLAS product, every multiply-add done. ``csr``: ``a`` as a SciPy CSR
    matrix (work proportional to the non-zeros, plus index bookkeeping). ``gathered``: only the
    units active for some example, ``a[:, u] @ W[u]``. The three results are equal (checked).

    The times depend on the machine and its load; compare ratios from one run.
    """
    from scipy import sparse

    a = np.ascontiguousarray(a, dtype=np.float64)
    W = np.ascontiguousarray(W, dtype=np.float64)
    csr = sparse.csr_matrix(a)
    used = np.flatnonzero((a != 0).any(axis=0))
    dense = a @ W
    for other in (csr @ W, a[:, used] @ W[used]):
        np.testing.assert_allclose(other, dense, rtol=1e-12, atol=1e-12)
    return {
        "dense": _best(lambda: a @ W, repeat),
        "csr": _best(lambda: sparse.csr_matrix(a) @ W, repeat),
        "gathered": _best(lambda: a[:, used] @ W[used], repeat),
    }
