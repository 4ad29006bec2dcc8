"""The implementations compared: actlib, the notes' naive formulas, SciPy and PyTorch.

Each entry maps a case (``"sigmoid"``, ``"sigmoid'"`` for the derivative, ``"softmax'"`` for the
softmax vector-Jacobian product) and a peer to a :class:`Impl`: ``make(x)`` prepares whatever a
call needs outside the timed region (a torch tensor sharing ``x``'s memory, the upstream
gradient ``g``) and returns a zero-argument callable that computes the result.

* **naive**: the source notes' code (``1/(1+np.exp(-x))``, ``s*(1-s)``, ``np.exp(x)/sum``,
  ``np.log(1+np.exp(x))`` ...), made row-wise for softmax; run under
  ``np.errstate(all="ignore")`` so their overflow warnings do not abort the run.
* **scipy**: ``scipy.special`` (``expit``, ``log_expit``, ``ndtr``, ``softmax``), written the
  way a careful user would, reusing buffers; where SciPy has no function (tanh, relu) the
  NumPy ufunc is used, and relu has no SciPy column.
* **torch**: PyTorch CPU on one thread, on ``torch.from_numpy(x)`` (no copy). A derivative is
  the aten backward kernel with an upstream gradient of ones, and where that kernel takes the
  forward output (sigmoid, tanh, softmax) the forward is computed inside the call, so every
  peer starts from ``x``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import special

import actlib
from benchmarks._common import try_torch

PEERS = ("actlib", "naive", "scipy", "torch")

#: Cases timed in the throughput section (function, then its derivative).
THROUGHPUT_CASES = (
    "sigmoid",
    "sigmoid'",
    "tanh",
    "tanh'",
    "relu",
    "relu'",
    "leaky_relu",
    "elu",
    "softplus",
    "softplus'",
    "gelu",
    "gelu'",
    "silu",
    "silu'",
    "mish",
    "softmax",
    "softmax'",
    "log_softmax",
)

#: Row length of the softmax cases.
ROW = 1000

_SQRT2 = math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


@dataclass(frozen=True)
class Impl:
    """One implementation of one case: ``make(x)`` returns the zero-argument call."""

    peer: str
    case: str
    formula: str
    make: Callable[[np.ndarray], Callable[[], object]]


def is_vector(case: str) -> bool:
    """Softmax-like cases take rows (``x`` of shape ``(m, ROW)``)."""
    return case.rstrip("'") in ("softmax", "log_softmax", "softmin", "glu")


def upstream(x: np.ndarray) -> np.ndarray:
    """The fixed upstream gradient ``g`` for the vector-Jacobian products (same dtype as x)."""
    rng = np.random.default_rng(12345)
    return rng.standard_normal(x.shape).astype(x.dtype)


# ------------------------------------------------------------------------------------ naive
def _n_sig(x):
    return 1 / (1 + np.exp(-x))


def _n_softmax(x):
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


_NAIVE: dict[str, tuple[str, Callable]] = {
    "sigmoid": ("1/(1+np.exp(-x))", _n_sig),
    "sigmoid'": ("s*(1-s), s = 1/(1+np.exp(-x))", lambda x: _n_sig(x) * (1 - _n_sig(x))),
    "tanh": (
        "(1-np.exp(-2x))/(1+np.exp(-2x)) (note 003)",
        lambda x: (1 - np.exp(-2 * x)) / (1 + np.exp(-2 * x)),
    ),
    "tanh'": ("1 - np.tanh(x)**2", lambda x: 1 - np.tanh(x) ** 2),
    "relu": ("np.maximum(0, x)", lambda x: np.maximum(0, x)),
    "relu'": ("np.array(x > 0, dtype=x.dtype)", lambda x: np.array(x > 0, dtype=x.dtype)),
    "leaky_relu": ("np.where(x > 0, x, 0.01*x)", lambda x: np.where(x > 0, x, 0.01 * x)),
    "elu": ("np.where(x > 0, x, np.exp(x) - 1)", lambda x: np.where(x > 0, x, np.exp(x) - 1)),
    "mish": ("x*np.tanh(np.log(1+np.exp(x)))", lambda x: x * np.tanh(np.log(1 + np.exp(x)))),
    "softplus": ("np.log(1+np.exp(x)) (note 000)", lambda x: np.log(1 + np.exp(x))),
    "softplus'": ("1/(1+np.exp(-x))", _n_sig),
    "gelu": (
        "0.5*x*(1+erf(x/sqrt(2)))",
        lambda x: 0.5 * x * (1 + special.erf(x / np.sqrt(2))),
    ),
    "gelu'": (
        "0.5*(1+erf(x/sqrt(2))) + x*exp(-x*x/2)/sqrt(2*pi)",
        lambda x: (
            0.5 * (1 + special.erf(x / np.sqrt(2))) + x * np.exp(-x * x / 2) / np.sqrt(2 * np.pi)
        ),
    ),
    "silu": ("x/(1+np.exp(-x))", lambda x: x / (1 + np.exp(-x))),
    "silu'": (
        "s*(1+x*(1-s)), s = 1/(1+np.exp(-x))",
        lambda x: _n_sig(x) * (1 + x * (1 - _n_sig(x))),
    ),
    "log_sigmoid": ("np.log(1/(1+np.exp(-x)))", lambda x: np.log(1 / (1 + np.exp(-x)))),
    "log_sigmoid'": ("1 - 1/(1+np.exp(-x))", lambda x: 1 - _n_sig(x)),
    "softmax": ("np.exp(x)/np.sum(np.exp(x)) per row", _n_softmax),
    "log_softmax": ("np.log(softmax(x)) per row", lambda x: np.log(_n_softmax(x))),
}


def _n_softmax_vjp(x, g):
    s = _n_softmax(x)
    return s * (g - np.sum(g * s, axis=-1, keepdims=True))


def _n_log_softmax_vjp(x, g):
    return g - _n_softmax(x) * np.sum(g, axis=-1, keepdims=True)


# ------------------------------------------------------------------------------------ scipy
def _s_sig_d(x):
    s = special.expit(x)
    return np.multiply(s, np.subtract(1.0, s), out=s)


def _s_tanh_d(x):
    t = np.tanh(x)
    np.multiply(t, t, out=t)
    return np.subtract(1.0, t, out=t)


def _s_softplus(x):
    r = special.log_expit(-x)
    return np.negative(r, out=r)


def _s_gelu(x):
    r = special.ndtr(x)
    return np.multiply(r, x, out=r)


def _s_gelu_d(x):
    q = np.multiply(x, x)
    np.multiply(q, -0.5, out=q)
    np.exp(q, out=q)
    np.multiply(q, x, out=q)
    np.multiply(q, x.dtype.type(_INV_SQRT_2PI), out=q)
    return np.add(special.ndtr(x), q, out=q)


def _s_silu(x):
    r = special.expit(x)
    return np.multiply(r, x, out=r)


def _s_silu_d(x):
    s = special.expit(x)
    t = np.subtract(1.0, s)
    np.multiply(t, x, out=t)
    np.add(t, 1.0, out=t)
    return np.multiply(s, t, out=s)


def _s_mish(x):
    r = special.log_expit(-x)
    np.negative(r, out=r)
    np.tanh(r, out=r)
    return np.multiply(r, x, out=r)


def _s_softmax_vjp(x, g):
    s = special.softmax(x, axis=-1)
    return s * (g - np.sum(g * s, axis=-1, keepdims=True))


def _s_log_softmax_vjp(x, g):
    return g - special.softmax(x, axis=-1) * np.sum(g, axis=-1, keepdims=True)


_SCIPY: dict[str, tuple[str, Callable]] = {
    # Where SciPy has no function, the NumPy formula a careful user would write.
    "relu": ("np.maximum(x, 0)", lambda x: np.maximum(x, 0)),
    "relu'": ("(x > 0).astype(x.dtype)", lambda x: (x > 0).astype(x.dtype)),
    "leaky_relu": ("np.where(x > 0, x, 0.01*x)", lambda x: np.where(x > 0, x, 0.01 * x)),
    "elu": ("np.where(x > 0, x, np.expm1(x))", lambda x: np.where(x > 0, x, np.expm1(x))),
    "mish": ("x*tanh(-log_expit(-x)), in place", _s_mish),
    "sigmoid": ("special.expit(x)", special.expit),
    "sigmoid'": ("s*(1-s), s = expit(x), in place", _s_sig_d),
    "tanh": ("np.tanh(x) (SciPy has none)", np.tanh),
    "tanh'": ("1 - t*t, t = np.tanh(x), in place", _s_tanh_d),
    "softplus": ("-special.log_expit(-x)", _s_softplus),
    "softplus'": ("special.expit(x)", special.expit),
    "gelu": ("x * special.ndtr(x)", _s_gelu),
    "gelu'": ("ndtr(x) + x*exp(-x*x/2)/sqrt(2*pi), in place", _s_gelu_d),
    "silu": ("x * special.expit(x)", _s_silu),
    "silu'": ("s*(1+x*(1-s)), s = expit(x), in place", _s_silu_d),
    "log_sigmoid": ("special.log_expit(x)", special.log_expit),
    "log_sigmoid'": ("special.expit(-x)", lambda x: special.expit(-x)),
    "softmax": ("special.softmax(x, axis=-1)", lambda x: special.softmax(x, axis=-1)),
    "log_softmax": (
        "special.log_softmax(x, axis=-1)",
        lambda x: special.log_softmax(x, axis=-1),
    ),
}


# ------------------------------------------------------------------------------------ torch
def _torch_table(torch) -> dict[str, tuple[str, Callable]]:
    """Torch callables ``f(t, ones, g)`` for each case (``ones``/``g`` tensors like ``t``)."""
    A = torch.ops.aten
    F = torch.nn.functional
    return {
        "sigmoid": ("torch.sigmoid", lambda t, o, g: torch.sigmoid(t)),
        "sigmoid'": (
            "aten.sigmoid_backward(1, sigmoid(t))",
            lambda t, o, g: A.sigmoid_backward(o, torch.sigmoid(t)),
        ),
        "tanh": ("torch.tanh", lambda t, o, g: torch.tanh(t)),
        "tanh'": (
            "aten.tanh_backward(1, tanh(t))",
            lambda t, o, g: A.tanh_backward(o, torch.tanh(t)),
        ),
        "relu": ("torch.relu", lambda t, o, g: torch.relu(t)),
        "relu'": (
            "aten.threshold_backward(1, t, 0)",
            lambda t, o, g: A.threshold_backward(o, t, 0),
        ),
        "leaky_relu": ("F.leaky_relu", lambda t, o, g: F.leaky_relu(t)),
        "elu": ("F.elu", lambda t, o, g: F.elu(t)),
        "mish": ("F.mish", lambda t, o, g: F.mish(t)),
        "softplus": ("F.softplus (threshold=20)", lambda t, o, g: F.softplus(t)),
        "softplus'": (
            "aten.softplus_backward(1, t, 1, 20)",
            lambda t, o, g: A.softplus_backward(o, t, 1.0, 20.0),
        ),
        "gelu": ("F.gelu", lambda t, o, g: F.gelu(t)),
        "gelu'": ("aten.gelu_backward(1, t)", lambda t, o, g: A.gelu_backward(o, t)),
        "silu": ("F.silu", lambda t, o, g: F.silu(t)),
        "silu'": ("aten.silu_backward(1, t)", lambda t, o, g: A.silu_backward(o, t)),
        "log_sigmoid": ("F.logsigmoid", lambda t, o, g: F.logsigmoid(t)),
        "log_sigmoid'": (
            "aten.log_sigmoid_backward(1, t, buffer)",
            lambda t, o, g: A.log_sigmoid_backward(o, t, A.log_sigmoid_forward(t)[1]),
        ),
        "softmax": ("torch.softmax(t, -1)", lambda t, o, g: torch.softmax(t, -1)),
        "softmax'": (
            "aten._softmax_backward_data(g, softmax(t), -1)",
            lambda t, o, g: A._softmax_backward_data(g, torch.softmax(t, -1), -1, t.dtype),
        ),
        "log_softmax": ("torch.log_softmax(t, -1)", lambda t, o, g: torch.log_softmax(t, -1)),
        "log_softmax'": (
            "aten._log_softmax_backward_data(g, log_softmax(t), -1)",
            lambda t, o, g: A._log_softmax_backward_data(g, torch.log_softmax(t, -1), -1, t.dtype),
        ),
    }


# ------------------------------------------------------------------------------------ actlib
def _actlib_call(case: str) -> tuple[str, Callable]:
    name = case.rstrip("'")
    act = actlib.get(name)
    if not case.endswith("'"):
        return f"actlib.{name}(x)", act
    if act.kind == "vector":
        return f"actlib.{name}.vjp(x, g)", act.vjp
    return f"actlib.{name}.derivative(x)", act.derivative


def _with_g(fn: Callable, needs_g: bool) -> Callable[[np.ndarray], Callable[[], object]]:
    if needs_g:

        def make_g(x):
            g = upstream(x)
            return lambda: fn(x, g)

        return make_g
    return lambda x: lambda: fn(x)


def impls(case: str, *, torch_ok: bool = True) -> dict[str, Impl]:
    """The implementations available for ``case``, keyed by peer (in :data:`PEERS` order)."""
    out: dict[str, Impl] = {}
    vjp = case.endswith("'") and is_vector(case)
    formula, fn = _actlib_call(case)
    out["actlib"] = Impl("actlib", case, formula, _with_g(fn, vjp))
    if case in _NAIVE:
        formula, fn = _NAIVE[case]
        out["naive"] = Impl("naive", case, formula, _with_g(fn, False))
    elif case == "softmax'":
        out["naive"] = Impl("naive", case, "s*(g - sum(g*s)), naive s", _with_g(_n_softmax_vjp, 1))
    elif case == "log_softmax'":
        out["naive"] = Impl("naive", case, "g - s*sum(g), naive s", _with_g(_n_log_softmax_vjp, 1))
    if case in _SCIPY:
        formula, fn = _SCIPY[case]
        out["scipy"] = Impl("scipy", case, formula, _with_g(fn, False))
    elif case == "softmax'":
        out["scipy"] = Impl(
            "scipy", case, "s*(g - sum(g*s)), s = special.softmax", _with_g(_s_softmax_vjp, 1)
        )
    elif case == "log_softmax'":
        out["scipy"] = Impl(
            "scipy", case, "g - s*sum(g), s = special.softmax", _with_g(_s_log_softmax_vjp, 1)
        )
    torch = try_torch() if torch_ok else None
    if torch is not None:
        table = _torch_table(torch)
        if case in table:
            formula, tfn = table[case]

            def make_torch(x, tfn=tfn):
                t = torch.from_numpy(x)
                ones = torch.ones_like(t)
                g = torch.from_numpy(upstream(x)) if vjp else None
                return lambda: tfn(t, ones, g)

            out["torch"] = Impl("torch", case, formula, make_torch)
    return out


def as_numpy(result) -> np.ndarray:
    """A peer's result as a NumPy array (torch tensors are converted without copying)."""
    if hasattr(result, "numpy") and not isinstance(result, np.ndarray):
        return result.numpy()
    return np.asarray(result)


# ------------------------------------------------------------------------------------ sweep
_SELU_A, _SELU_L = 1.6732632423543772, 1.0507009873554805
_RRELU = (0.125 + 1.0 / 3.0) / 2.0


def _s_mish_d(x):
    s = special.log_expit(-x)
    np.negative(s, out=s)
    t = np.tanh(s, out=s)
    q = np.multiply(t, t)
    np.subtract(1.0, q, out=q)
    np.multiply(q, special.expit(x), out=q)
    np.multiply(q, x, out=q)
    return np.add(t, q, out=q)


def _s_glu(x):
    a, b = np.split(x, 2, axis=-1)
    return a * special.expit(b)


def _s_softmin_vjp(x, g):
    s = special.softmax(-x, axis=-1)
    return -s * (g - np.sum(g * s, axis=-1, keepdims=True))


#: Every other registry function and derivative (defaults) against the NumPy/SciPy formula a
#: careful user would write: timed at fewer sizes, actlib and this formula only.
_SWEEP: dict[str, tuple[str, Callable]] = {
    "step": ("(x > 0).astype(x.dtype)", lambda x: (x > 0).astype(x.dtype)),
    "step'": ("np.zeros_like(x)", np.zeros_like),
    "threshold": ("np.where(x > 1, x, 0.0)", lambda x: np.where(x > 1, x, 0.0)),
    "threshold'": ("(x > 1).astype(x.dtype)", lambda x: (x > 1).astype(x.dtype)),
    "identity": ("x.copy()", np.copy),
    "identity'": ("np.ones_like(x)", np.ones_like),
    "relu6": ("np.clip(x, 0, 6)", lambda x: np.clip(x, 0, 6)),
    "relu6'": (
        "((x > 0) & (x < 6)).astype(x.dtype)",
        lambda x: ((x > 0) & (x < 6)).astype(x.dtype),
    ),
    "leaky_relu'": ("np.where(x > 0, 1.0, 0.01)", lambda x: np.where(x > 0, 1.0, 0.01)),
    "prelu": ("np.where(x > 0, x, 0.25*x)", lambda x: np.where(x > 0, x, 0.25 * x)),
    "prelu'": ("np.where(x > 0, 1.0, 0.25)", lambda x: np.where(x > 0, 1.0, 0.25)),
    "elu'": ("np.where(x > 0, 1.0, np.exp(x))", lambda x: np.where(x > 0, 1.0, np.exp(x))),
    "celu": ("np.where(x > 0, x, np.expm1(x))", lambda x: np.where(x > 0, x, np.expm1(x))),
    "celu'": ("np.where(x > 0, 1.0, np.exp(x))", lambda x: np.where(x > 0, 1.0, np.exp(x))),
    "selu": (
        "l*np.where(x > 0, x, a*np.expm1(x))",
        lambda x: _SELU_L * np.where(x > 0, x, _SELU_A * np.expm1(x)),
    ),
    "selu'": (
        "l*np.where(x > 0, 1, a*np.exp(x))",
        lambda x: _SELU_L * np.where(x > 0, 1.0, _SELU_A * np.exp(x)),
    ),
    "mish'": ("t + x*(1-t*t)*expit(x), t = tanh(-log_expit(-x))", _s_mish_d),
    "softsign": ("x/(1+np.abs(x))", lambda x: x / (1 + np.abs(x))),
    "softsign'": ("1/(1+np.abs(x))**2", lambda x: 1 / (1 + np.abs(x)) ** 2),
    "hard_sigmoid": ("np.clip(x/6 + 0.5, 0, 1)", lambda x: np.clip(x / 6 + 0.5, 0, 1)),
    "hard_sigmoid'": (
        "np.where((x > -3) & (x < 3), 1/6, 0.0)",
        lambda x: np.where((x > -3) & (x < 3), 1 / 6, 0.0),
    ),
    "hard_tanh": ("np.clip(x, -1, 1)", lambda x: np.clip(x, -1, 1)),
    "hard_tanh'": (
        "((x > -1) & (x < 1)).astype(x.dtype)",
        lambda x: ((x > -1) & (x < 1)).astype(x.dtype),
    ),
    "hard_silu": ("x*np.clip(x + 3, 0, 6)/6", lambda x: x * np.clip(x + 3, 0, 6) / 6),
    "hard_silu'": (
        "np.where(x < -3, 0, np.where(x > 3, 1, (2x+3)/6))",
        lambda x: np.where(x < -3, 0.0, np.where(x > 3, 1.0, (2 * x + 3) / 6)),
    ),
    "log_sigmoid": ("special.log_expit(x)", special.log_expit),
    "log_sigmoid'": ("special.expit(-x)", lambda x: special.expit(-x)),
    "hardshrink": (
        "np.where(np.abs(x) > 0.5, x, 0.0)",
        lambda x: np.where(np.abs(x) > 0.5, x, 0.0),
    ),
    "hardshrink'": (
        "(np.abs(x) > 0.5).astype(x.dtype)",
        lambda x: (np.abs(x) > 0.5).astype(x.dtype),
    ),
    "softshrink": (
        "np.sign(x)*np.maximum(np.abs(x) - 0.5, 0)",
        lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.5, 0),
    ),
    "softshrink'": (
        "(np.abs(x) > 0.5).astype(x.dtype)",
        lambda x: (np.abs(x) > 0.5).astype(x.dtype),
    ),
    "tanhshrink": ("x - np.tanh(x)", lambda x: x - np.tanh(x)),
    "tanhshrink'": ("np.tanh(x)**2", lambda x: np.tanh(x) ** 2),
    "squareplus": ("0.5*(x + np.sqrt(x*x + 4))", lambda x: 0.5 * (x + np.sqrt(x * x + 4))),
    "squareplus'": (
        "0.5*(1 + x/np.sqrt(x*x + 4))",
        lambda x: 0.5 * (1 + x / np.sqrt(x * x + 4)),
    ),
    "sparse_plus": (
        "np.where(x <= -1, 0, np.where(x >= 1, x, (x+1)**2/4))",
        lambda x: np.where(x <= -1, 0.0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
    ),
    "sparse_plus'": ("np.clip((x+1)/2, 0, 1)", lambda x: np.clip((x + 1) / 2, 0, 1)),
    "sparse_sigmoid": ("np.clip((x+1)/2, 0, 1)", lambda x: np.clip((x + 1) / 2, 0, 1)),
    "sparse_sigmoid'": (
        "np.where((x > -1) & (x < 1), 0.5, 0.0)",
        lambda x: np.where((x > -1) & (x < 1), 0.5, 0.0),
    ),
    "exponential": ("np.exp(x)", np.exp),
    "exponential'": ("np.exp(x)", np.exp),
    "rrelu": ("np.where(x > 0, x, s*x), s = 11/48", lambda x: np.where(x > 0, x, _RRELU * x)),
    "rrelu'": ("np.where(x > 0, 1.0, 11/48)", lambda x: np.where(x > 0, 1.0, _RRELU)),
    "softmin": ("special.softmax(-x, axis=-1)", lambda x: special.softmax(-x, axis=-1)),
    "glu": ("a*expit(b), a, b = np.split(x, 2, -1)", _s_glu),
}
_SWEEP_VJP = {
    "softmin'": ("-s*(g - sum(g*s)), s = special.softmax(-x)", _s_softmin_vjp),
    "log_softmax'": ("g - s*sum(g), s = special.softmax", _s_log_softmax_vjp),
}

#: The sweep's cases, in registry order.
SWEEP_CASES = tuple(list(_SWEEP) + list(_SWEEP_VJP))


def sweep_impls(case: str) -> dict[str, Impl]:
    """actlib and the NumPy/SciPy formula for one sweep case."""
    formula, fn = _actlib_call(case)
    needs_g = case in _SWEEP_VJP
    out = {"actlib": Impl("actlib", case, formula, _with_g(fn, needs_g))}
    formula, fn = _SWEEP_VJP[case] if needs_g else _SWEEP[case]
    out["scipy"] = Impl("scipy", case, formula, _with_g(fn, needs_g))
    return out
