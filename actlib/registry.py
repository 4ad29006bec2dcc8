"""The registry: what each activation is.

One :class:`Activation` per function, holding its formula, output range, parameters (with the
slider range a notebook should offer), the derivative's value at each kink and short notes.
Notebooks, tables and tests all read from :data:`ACTIVATIONS`; adding an activation is one
entry here plus its functions in :mod:`actlib.functions`.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field

import numpy as np

from actlib import functions as F

__all__ = [
    "ACTIVATIONS",
    "ALIASES",
    "Activation",
    "Interval",
    "Kink",
    "Parameter",
    "get",
    "parse_label",
]


@dataclass(frozen=True)
class Interval:
    """An interval of the real line with open or closed ends (``±inf`` ends are always open)."""

    low: float
    high: float
    low_closed: bool = False
    high_closed: bool = False

    def contains(self, values):
        """Elementwise membership test; NaN is never a member."""
        import numpy as np

        v = np.asarray(values, dtype=np.float64)
        above = v >= self.low if self.low_closed else v > self.low
        below = v <= self.high if self.high_closed else v < self.high
        return above & below

    @property
    def bounded(self):
        """True when both ends are finite."""
        return math.isfinite(self.low) and math.isfinite(self.high)

    def __str__(self):
        def end(v):
            if math.isinf(v):
                return "-∞" if v < 0 else "∞"
            return f"{v:g}"

        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{end(self.low)}, {end(self.high)}{right}"

    def latex(self):
        """The interval in LaTeX, e.g. ``(0, 1)`` or ``[0, \\infty)``."""
        return str(self).replace("-∞", r"-\infty").replace("∞", r"\infty")


@dataclass(frozen=True)
class Parameter:
    """A parameter of an activation: its domain, and the slider range a notebook should offer.

    ``domain`` is the set of values the function accepts (always finite values only), an
    :class:`Interval`; it is the one source of truth: :func:`actlib._validation.real_param`
    enforces it (anything else is a ``ValueError`` naming the function, the parameter and the
    domain), the gallery's sliders and the docs read it, and the property tests draw from it.
    ``low``/``high``/``step`` are the slider range, a part of the domain. String parameters
    have ``choices`` instead. Relations between two parameters (``min_val < max_val``) are in
    :attr:`Activation.constraints`.
    """

    name: str
    default: float | str
    low: float | None = None
    high: float | None = None
    step: float | None = None
    choices: tuple[str, ...] | None = None
    doc: str = ""
    domain: Interval | None = None


@dataclass(frozen=True)
class Kink:
    """A point where the function is not differentiable, and the derivative value returned there."""

    x: float
    derivative: float
    note: str = ""


@dataclass(frozen=True, eq=False)
class Activation:
    """One activation function: call it to apply it; ``.derivative`` (or ``.jacobian``/``.vjp``).

    Attributes
    ----------
    name : str
        Canonical name, also the attribute name on :mod:`actlib`.
    kind : {"elementwise", "vector"}
        Vector functions (softmax ...) have ``jacobian`` and ``vjp`` instead of ``derivative``.
    formula, derivative_formula : str
        LaTeX, without ``$`` delimiters.
    range : Interval
        The set of output values (for vector functions: of each entry).
    parameters : tuple of Parameter
        Keyword parameters with defaults and slider ranges.
    kinks : tuple of Kink
        Non-differentiable points at the default parameters and the derivative returned there.
    notes : str
        Conventions and library differences, in a sentence or two.
    aliases : tuple of str
        Other names :func:`get` accepts.
    """

    name: str
    function: object = field(repr=False)
    derivative_function: object = field(repr=False, default=None)
    formula: str = ""
    derivative_formula: str = ""
    range: Interval = Interval(-math.inf, math.inf)
    parameters: tuple[Parameter, ...] = ()
    kinks: tuple[Kink, ...] = ()
    notes: str = ""
    aliases: tuple[str, ...] = ()
    kind: str = "elementwise"
    jacobian_function: object = field(repr=False, default=None)
    vjp_function: object = field(repr=False, default=None)
    constraints: tuple[str, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "__doc__", self.function.__doc__)
        # The parameter names, built once: __call__'s fast path checks keywords against them.
        object.__setattr__(self, "_names", frozenset(p.name for p in self.parameters))

    def _check_call(self, what, args, params, allowed):
        """Refuse positional parameters and unknown keywords with the function's own name."""
        fname = self.name if what == "" else f"{self.name}.{what}"
        if args:
            names = ", ".join(f"{n}=..." for n in allowed) or "none"
            raise TypeError(
                f"{fname}: parameters are keyword-only, got {len(args)} positional value(s) "
                f"after x (its parameters: {names})"
            )
        unknown = sorted(set(params) - set(allowed))
        if unknown:
            known = ", ".join(allowed) if allowed else "none"
            raise TypeError(
                f"{fname}: unknown parameter(s) {', '.join(map(repr, unknown))} "
                f"(its parameters: {known})"
            )

    def _elementwise(self, fn, what, x, args, params):
        if not args and params.keys() <= self._names and not isinstance(x, np.ma.MaskedArray):
            # Fast path (per-call overhead): nothing for _check_call to refuse, nothing to mask.
            return fn(x, **params)
        self._check_call(what, args, params, [p.name for p in self.parameters])
        if isinstance(x, np.ma.MaskedArray):
            # Keep the mask, as np.exp does: compute on the data (silently, whatever it holds
            # under the mask) and put the same mask on the result.
            mask = np.ma.getmaskarray(x).copy()
            out = fn(np.ma.getdata(x), **params)
            return np.ma.masked_array(out, mask=mask)
        return fn(x, **params)

    def __call__(self, x, *args, **params):
        if type(x) is np.ndarray and not args and not params:
            # Fast path (per-call overhead): a plain array and no parameters, nothing to check.
            return self.function(x)
        if self.kind == "vector":
            if not args and not params:  # fast path: nothing for _check_call to refuse
                return self.function(x)
            self._check_call("", args[1:], params, ["axis"])
            if args:
                params = {"axis": args[0], **params}
            return self.function(x, **params)
        if not args and params.keys() <= self._names and not isinstance(x, np.ma.MaskedArray):
            return self.function(x, **params)  # _elementwise's fast path, one call level less
        return self._elementwise(self.function, "", x, args, params)

    def derivative(self, x, *args, **params):
        """The elementwise derivative, with the same keywords as the function."""
        fn = self.derivative_function
        if fn is not None and type(x) is np.ndarray and not args and not params:
            return fn(x)  # __call__'s fast path
        if fn is None:
            raise TypeError(
                f"{self.name} is a vector function: use {self.name}.jacobian or {self.name}.vjp"
            )
        return self._elementwise(self.derivative_function, "derivative", x, args, params)

    def jacobian(self, x, axis=-1, **params):
        """The Jacobian matrix along ``axis`` (vector functions only), shape ``(..., n, n)``."""
        if self.jacobian_function is None:
            raise TypeError(
                f"{self.name} is elementwise: its Jacobian is diagonal, use .derivative"
            )
        if params:
            self._check_call("jacobian", (), params, ["axis"])
        return self.jacobian_function(x, axis=axis)

    def vjp(self, x, g, axis=-1, **params):
        """The vector-Jacobian product ``g @ J`` along ``axis`` (vector functions only)."""
        if self.vjp_function is None:
            raise TypeError(f"{self.name} is elementwise: its VJP is g * .derivative(x)")
        if params:  # without extra keywords there is nothing to refuse (per-call overhead)
            self._check_call("vjp", (), params, ["axis"])
        return self.vjp_function(x, g, axis=axis)

    @property
    def defaults(self):
        """``{parameter name: default}``."""
        return {p.name: p.default for p in self.parameters}

    def label(self, derivative=False, **params):
        """Canonical plot label: ``"sigmoid(x)"``, ``"elu'(x; alpha=0.5)"``.

        Parameters are listed in registry order, only those given; :func:`parse_label` reads it.
        """
        names = [p.name for p in self.parameters]
        unknown = set(params) - set(names)
        if unknown:
            raise ValueError(f"{self.name}.label: unknown parameter(s) {sorted(unknown)}")
        parts = [f"{n}={_fmt(params[n])}" for n in names if n in params]
        prime = "'" if derivative else ""
        inner = "x" + ("; " + ", ".join(parts) if parts else "")
        return f"{self.name}{prime}({inner})"

    def __repr__(self):
        return f"<activation {self.name}>"


def _fmt(v):
    if isinstance(v, str):
        return v
    return repr(float(v)) if float(v) != int(v) or abs(v) >= 1e16 else f"{float(v):g}"


_LABEL = re.compile(r"^(?P<name>[a-z0-9_]+)(?P<prime>'?)\(x(?:; (?P<params>.*))?\)$")


def parse_label(label):
    """Read a label made by :meth:`Activation.label`: ``(name, derivative, params)`` or ``None``.

    Examples
    --------
    >>> from actlib.registry import parse_label
    >>> parse_label("elu'(x; alpha=0.5)")
    ('elu', True, {'alpha': 0.5})
    >>> parse_label("loss") is None
    True
    """
    m = _LABEL.match(label or "")
    if not m or m["name"] not in ACTIVATIONS:
        return None
    act = ACTIVATIONS[m["name"]]
    kinds = {p.name: p for p in act.parameters}
    params = {}
    if m["params"]:
        for item in m["params"].split(", "):
            key, _, val = item.partition("=")
            if key not in kinds:
                return None
            params[key] = val if kinds[key].choices else float(val)
    return act.name, bool(m["prime"]), params


R = math.inf
_REAL = Interval(-R, R)


def _below(minimum, ulps=2):
    """A smooth function's minimum (rounded to nearest) moved down by the functions' ulp bound.

    The computed values near the minimum may round below the true minimum by up to the accuracy
    bound, so the closed end of the stated range is the minimum less 2 ulp.
    """
    for _ in range(ulps):
        minimum = math.nextafter(minimum, -math.inf)
    return minimum


#: Parameter domains (finite values only; see :class:`Parameter`).
ALL_REALS = Interval(-R, R)
NONNEGATIVE = Interval(0.0, R, True, False)
POSITIVE = Interval(0.0, R)
_UNIT = Interval(0.0, 1.0, True, True)


def _p(name, default, low, high, step, doc="", domain=ALL_REALS):
    return Parameter(name, default, low, high, step, None, doc, domain)


_ENTRIES = [
    Activation(
        "step",
        F.step,
        F.step_derivative,
        formula=r"\begin{cases}1 & x>0\\0 & x\le 0\end{cases}",
        derivative_formula=r"0 \quad (\delta(x) \text{ at } 0)",
        range=Interval(0.0, 1.0, True, True),
        kinks=(Kink(0.0, 0.0, "a jump: the true derivative is a Dirac delta; 0 is returned"),),
        notes="Values {0, 1}; step(0) = 0 as the source notes define it. The perceptron's unit.",
        aliases=("heaviside",),
    ),
    Activation(
        "threshold",
        F.threshold,
        F.threshold_derivative,
        formula=r"\begin{cases}x & x>t\\v & x\le t\end{cases}",
        derivative_formula=r"\begin{cases}1 & x>t\\0 & x\le t\end{cases}",
        range=_REAL,
        parameters=(
            _p("threshold", 1.0, -3.0, 3.0, 0.1, "t: inputs at or below it are replaced"),
            _p("value", 0.0, -3.0, 3.0, 0.1, "v: the replacement value"),
        ),
        kinks=(Kink(1.0, 0.0, "a jump at x = threshold; 0 is returned there (PyTorch)"),),
        notes="PyTorch nn.Threshold; its range is {value} plus (threshold, inf).",
    ),
    Activation(
        "identity",
        F.identity,
        F.identity_derivative,
        formula="x",
        derivative_formula="1",
        range=_REAL,
        notes="The regression output; a network of identity units is one linear map.",
        aliases=("linear",),
    ),
    Activation(
        "sigmoid",
        F.sigmoid,
        F.sigmoid_derivative,
        formula=r"\sigma(x) = \frac{1}{1+e^{-x}}",
        derivative_formula=r"\sigma(x)\,(1-\sigma(x))",
        range=Interval(0.0, 1.0),
        notes="Derivative at most 0.25 (at 0): the vanishing-gradient culprit. Binary outputs.",
        aliases=("logistic",),
    ),
    Activation(
        "tanh",
        F.tanh,
        F.tanh_derivative,
        formula=r"\tanh x = \frac{e^{x}-e^{-x}}{e^{x}+e^{-x}}",
        derivative_formula=r"1-\tanh^2 x",
        range=Interval(-1.0, 1.0),
        notes="Zero-centred; tanh(x) = 2 sigmoid(2x) - 1; derivative at most 1 (at 0).",
    ),
    Activation(
        "relu",
        F.relu,
        F.relu_derivative,
        formula=r"\max(0, x)",
        derivative_formula=r"\begin{cases}1 & x>0\\0 & x\le 0\end{cases}",
        range=Interval(0.0, R, True, False),
        kinks=(Kink(0.0, 0.0, "PyTorch and JAX return 0 at the kink"),),
        notes="Range [0, inf) (note 002 wrote [0, x]). Units with negative input get no gradient.",
    ),
    Activation(
        "relu6",
        F.relu6,
        F.relu6_derivative,
        formula=r"\min(\max(0, x), 6)",
        derivative_formula=r"\begin{cases}1 & 0<x<6\\0 & \text{otherwise}\end{cases}",
        range=Interval(0.0, 6.0, True, True),
        kinks=(Kink(0.0, 0.0, "PyTorch"), Kink(6.0, 0.0, "PyTorch")),
        notes="ReLU capped at 6 (MobileNet).",
    ),
    Activation(
        "leaky_relu",
        F.leaky_relu,
        F.leaky_relu_derivative,
        formula=r"\begin{cases}x & x>0\\\alpha x & x\le 0\end{cases}",
        derivative_formula=r"\begin{cases}1 & x>0\\\alpha & x\le 0\end{cases}",
        range=_REAL,
        parameters=(_p("alpha", 0.01, 0.0, 1.0, 0.01, "slope for x < 0 (any real, as PyTorch)"),),
        kinks=(Kink(0.0, 0.01, "alpha at the kink (PyTorch)"),),
        notes="Default slope 0.01 (PyTorch, JAX); the Keras LeakyReLU layer uses 0.3, "
        "keras.activations.leaky_relu and tf.nn.leaky_relu 0.2.",
    ),
    Activation(
        "prelu",
        F.prelu,
        F.prelu_derivative,
        formula=r"\begin{cases}x & x>0\\\alpha x & x\le 0\end{cases}",
        derivative_formula=r"\begin{cases}1 & x>0\\\alpha & x\le 0\end{cases}",
        range=_REAL,
        parameters=(_p("alpha", 0.25, 0.0, 1.0, 0.01, "learned slope for x < 0 (any real)"),),
        kinks=(Kink(0.0, 0.25, "alpha at the kink (PyTorch)"),),
        notes="Leaky ReLU whose slope is learned; 0.25 is PyTorch's initial value.",
    ),
    Activation(
        "elu",
        F.elu,
        F.elu_derivative,
        formula=r"\begin{cases}x & x>0\\\alpha(e^{x}-1) & x\le 0\end{cases}",
        derivative_formula=r"\begin{cases}1 & x>0\\\alpha e^{x} & x\le 0\end{cases}",
        range=Interval(-1.0, R),
        parameters=(
            _p(
                "alpha",
                1.0,
                0.1,
                3.0,
                0.1,
                "saturation value -alpha for x -> -inf",
                Interval(0.0, 1e150, True, True),
            ),
        ),
        kinks=(Kink(0.0, 1.0, "alpha at the kink (PyTorch); smooth only for alpha = 1"),),
        notes="Range (-alpha, inf); negative outputs push mean activations toward 0.",
    ),
    Activation(
        "celu",
        F.celu,
        F.celu_derivative,
        formula=r"\max(0,x)+\min\left(0,\alpha\left(e^{x/\alpha}-1\right)\right)",
        derivative_formula=r"\begin{cases}1 & x>0\\e^{x/\alpha} & x\le 0\end{cases}",
        range=Interval(-1.0, R),
        parameters=(
            _p(
                "alpha",
                1.0,
                0.1,
                3.0,
                0.1,
                "saturation value -alpha; must be > 0",
                Interval(1e-100, 1e100, True, True),
            ),
        ),
        kinks=(Kink(0.0, 1.0, "1 at the kink for every alpha"),),
        notes="ELU made continuously differentiable for every alpha.",
    ),
    Activation(
        "selu",
        F.selu,
        F.selu_derivative,
        formula=r"\lambda\begin{cases}x & x>0\\\alpha(e^{x}-1) & x\le 0\end{cases}",
        derivative_formula=r"\lambda\begin{cases}1 & x>0\\\alpha e^{x} & x\le 0\end{cases}",
        range=Interval(-F._SELU_SA, R),
        kinks=(Kink(0.0, F._SELU_SA, "scale*alpha at the kink (PyTorch)"),),
        notes="alpha=1.6732632423543772848170429916717, lambda=1.0507009873554804934193349852946; "
        "self-normalising with LeCun-normal weights.",
    ),
    Activation(
        "gelu",
        F.gelu,
        F.gelu_derivative,
        formula=r"x\,\Phi(x) = \frac{x}{2}\left(1+\operatorname{erf}\frac{x}{\sqrt2}\right)",
        derivative_formula=r"\Phi(x) + x\,\varphi(x)",
        range=Interval(_below(-0.16997120747990366), R, True, False),
        parameters=(
            Parameter(
                "approximate",
                "none",
                choices=("none", "tanh"),
                doc="'tanh': 0.5x(1+tanh(sqrt(2/pi)(x+0.044715x^3)))",
            ),
        ),
        notes="Exact erf form by default (PyTorch, Keras, tf.nn.gelu); jax.nn.gelu and "
        "keras.ops.gelu default to the tanh form.",
    ),
    Activation(
        "silu",
        F.silu,
        F.silu_derivative,
        formula=r"x\,\sigma(x)",
        derivative_formula=r"\sigma(x)\,(1 + x(1-\sigma(x)))",
        range=Interval(_below(-0.2784645427610738), R, True, False),
        notes="Also called swish (with beta = 1). Non-monotonic: a dip to -0.278 at x = -1.278.",
        aliases=("swish",),
    ),
    Activation(
        "mish",
        F.mish,
        F.mish_derivative,
        formula=r"x\tanh(\operatorname{softplus}(x))",
        derivative_formula=r"\tanh(\mathrm{sp}(x)) + x\,\mathrm{sech}^2(\mathrm{sp}(x))\,\sigma(x)",
        range=Interval(_below(-0.30884341301725043), R, True, False),
        notes="Non-monotonic like SiLU, minimum -0.3088 at x = -1.1924.",
    ),
    Activation(
        "softplus",
        F.softplus,
        F.softplus_derivative,
        formula=r"\frac{1}{\beta}\log\left(1+e^{\beta x}\right)",
        derivative_formula=r"\sigma(\beta x)",
        range=Interval(0.0, R),
        parameters=(
            _p(
                "beta",
                1.0,
                0.25,
                5.0,
                0.25,
                "sharpness; beta -> inf gives relu",
                Interval(1e-150, R, True, False),
            ),
        ),
        notes="A smooth ReLU. Note 000 calls log(1+e^x) 'softmax'; it is softplus. "
        "Exact everywhere (PyTorch switches to x above beta*x > 20).",
    ),
    Activation(
        "softsign",
        F.softsign,
        F.softsign_derivative,
        formula=r"\frac{x}{1+|x|}",
        derivative_formula=r"\frac{1}{(1+|x|)^2}",
        range=Interval(-1.0, 1.0),
        notes="Like tanh, but its tails approach ±1 polynomially, so it saturates more slowly.",
    ),
    Activation(
        "hard_sigmoid",
        F.hard_sigmoid,
        F.hard_sigmoid_derivative,
        formula=r"\frac{\operatorname{relu6}(x+3)}{6}",
        derivative_formula=r"\begin{cases}1/6 & -3<x<3\\0 & \text{otherwise}\end{cases}",
        range=Interval(0.0, 1.0, True, True),
        kinks=(Kink(-3.0, 0.0, "PyTorch"), Kink(3.0, 0.0, "PyTorch")),
        notes="PyTorch/JAX/Keras 3 form; Keras 2 used clip(0.2x + 0.5, 0, 1).",
    ),
    Activation(
        "hard_tanh",
        F.hard_tanh,
        F.hard_tanh_derivative,
        formula=r"\operatorname{clip}(x, \mathrm{min\_val}, \mathrm{max\_val})",
        derivative_formula=(
            r"\begin{cases}1 & \mathrm{min\_val}<x<\mathrm{max\_val}\\"
            r"0 & \text{otherwise}\end{cases}"
        ),
        range=Interval(-1.0, 1.0, True, True),
        parameters=(
            _p("min_val", -1.0, -3.0, -0.1, 0.1, "lower limit"),
            _p("max_val", 1.0, 0.1, 3.0, 0.1, "upper limit"),
        ),
        kinks=(Kink(-1.0, 0.0, "PyTorch"), Kink(1.0, 0.0, "PyTorch")),
        notes="Range [min_val, max_val].",
        constraints=("min_val < max_val",),
    ),
    Activation(
        "hard_silu",
        F.hard_silu,
        F.hard_silu_derivative,
        formula=r"x\,\frac{\operatorname{relu6}(x+3)}{6}",
        derivative_formula=r"\begin{cases}0 & x\le -3\\(2x+3)/6 & -3<x<3\\1 & x\ge 3\end{cases}",
        range=Interval(-0.375, R, True, False),
        kinks=(
            Kink(-3.0, 0.0, "PyTorch 2.13 (older releases: -0.5)"),
            Kink(3.0, 1.0, "PyTorch 2.13 (older releases: 1.5)"),
        ),
        notes="MobileNetV3's hard swish.",
        aliases=("hardswish", "hard_swish"),
    ),
    Activation(
        "log_sigmoid",
        F.log_sigmoid,
        F.log_sigmoid_derivative,
        formula=r"\log\sigma(x) = -\operatorname{softplus}(-x)",
        derivative_formula=r"1-\sigma(x)",
        range=Interval(-R, 0.0),
        notes="Stable: log_sigmoid(-1000) = -1000, not log(0).",
    ),
    Activation(
        "softmax",
        F.softmax,
        None,
        formula=r"\frac{e^{x_i}}{\sum_j e^{x_j}}",
        derivative_formula=r"\frac{\partial s_i}{\partial x_j} = s_i(\delta_{ij}-s_j)",
        range=Interval(0.0, 1.0, True, True),
        notes="Along the last axis by default (SciPy's default is the whole array). "
        "A row of all -inf gives NaN.",
        kind="vector",
        jacobian_function=F.softmax_jacobian,
        vjp_function=F.softmax_vjp,
    ),
    Activation(
        "log_softmax",
        F.log_softmax,
        None,
        formula=r"x_i - \log\sum_j e^{x_j}",
        derivative_formula=r"\frac{\partial \ell_i}{\partial x_j} = \delta_{ij}-s_j",
        range=Interval(-R, 0.0, False, True),
        notes="Pairs with the negative log-likelihood loss; more accurate than log(softmax(x)).",
        kind="vector",
        jacobian_function=F.log_softmax_jacobian,
        vjp_function=F.log_softmax_vjp,
    ),
    Activation(
        "hardshrink",
        F.hardshrink,
        F.hardshrink_derivative,
        formula=r"\begin{cases}x & |x|>\lambda\\0 & |x|\le\lambda\end{cases}",
        derivative_formula=r"\begin{cases}1 & |x|>\lambda\\0 & |x|\le\lambda\end{cases}",
        range=_REAL,
        parameters=(_p("lambd", 0.5, 0.0, 3.0, 0.1, "half-width of the zeroed band", NONNEGATIVE),),
        kinks=(
            Kink(-0.5, 0.0, "a jump; 0 at x = -lambd (PyTorch)"),
            Kink(0.5, 0.0, "a jump; 0 at x = lambd (PyTorch)"),
        ),
        notes="PyTorch nn.Hardshrink; outputs in (-lambd, lambd) other than 0 never occur.",
    ),
    Activation(
        "softshrink",
        F.softshrink,
        F.softshrink_derivative,
        formula=r"\operatorname{sign}(x)\max(|x|-\lambda, 0)",
        derivative_formula=r"\begin{cases}1 & |x|>\lambda\\0 & |x|\le\lambda\end{cases}",
        range=_REAL,
        parameters=(_p("lambd", 0.5, 0.0, 3.0, 0.1, "amount of shrinkage", NONNEGATIVE),),
        kinks=(Kink(-0.5, 0.0, "PyTorch"), Kink(0.5, 0.0, "PyTorch")),
        notes="Soft thresholding, the proximal map of lambd*|x| (PyTorch nn.Softshrink).",
    ),
    Activation(
        "tanhshrink",
        F.tanhshrink,
        F.tanhshrink_derivative,
        formula=r"x-\tanh x",
        derivative_formula=r"\tanh^2 x",
        range=_REAL,
        notes="PyTorch nn.Tanhshrink; flat (x^3/3) near 0, so its derivative at 0 is 0.",
    ),
    Activation(
        "squareplus",
        F.squareplus,
        F.squareplus_derivative,
        formula=r"\tfrac12\left(x+\sqrt{x^2+b}\right)",
        derivative_formula=r"\tfrac12\left(1+\frac{x}{\sqrt{x^2+b}}\right)",
        range=Interval(0.0, R),
        parameters=(
            _p(
                "b",
                4.0,
                0.25,
                10.0,
                0.25,
                "curvature at 0; must be > 0 (0 is relu)",
                Interval(1e-200, 1e200, True, True),
            ),
        ),
        notes="An algebraic smooth ReLU (JAX jax.nn.squareplus, b = 4).",
    ),
    Activation(
        "sparse_plus",
        F.sparse_plus,
        F.sparse_plus_derivative,
        formula=r"\begin{cases}0 & x\le -1\\(x+1)^2/4 & -1<x<1\\x & x\ge 1\end{cases}",
        derivative_formula=r"\begin{cases}0 & x\le -1\\(x+1)/2 & -1<x<1\\1 & x\ge 1\end{cases}",
        range=Interval(0.0, R, True, False),
        notes="JAX jax.nn.sparse_plus; continuously differentiable, exactly 0 below -1.",
    ),
    Activation(
        "sparse_sigmoid",
        F.sparse_sigmoid,
        F.sparse_sigmoid_derivative,
        formula=r"\operatorname{clip}\left(\tfrac{x+1}{2}, 0, 1\right)",
        derivative_formula=r"\begin{cases}1/2 & -1<x<1\\0 & \text{otherwise}\end{cases}",
        range=Interval(0.0, 1.0, True, True),
        kinks=(
            Kink(-1.0, 0.0, "0 at the kink, as hard_sigmoid"),
            Kink(1.0, 0.0, "0 at the kink, as hard_sigmoid"),
        ),
        notes="JAX jax.nn.sparse_sigmoid, the derivative of sparse_plus.",
    ),
    Activation(
        "exponential",
        F.exponential,
        F.exponential_derivative,
        formula=r"e^{x}",
        derivative_formula=r"e^{x}",
        range=Interval(0.0, R),
        notes="Keras 'exponential'; overflows to inf above 709.78 (float64).",
    ),
    Activation(
        "rrelu",
        F.rrelu,
        F.rrelu_derivative,
        formula=r"\begin{cases}x & x>0\\\frac{l+u}{2}x & x\le 0\end{cases}",
        derivative_formula=r"\begin{cases}1 & x>0\\\frac{l+u}{2} & x\le 0\end{cases}",
        range=_REAL,
        parameters=(
            _p("lower", 0.125, 0.0, 1.0, 1.0 / 24.0, "l: smallest random slope in training", _UNIT),
            _p(
                "upper",
                1.0 / 3.0,
                0.0,
                1.0,
                1.0 / 24.0,
                "u: largest random slope in training",
                _UNIT,
            ),
        ),
        kinks=(Kink(0.0, (0.125 + 1.0 / 3.0) / 2.0, "the mean slope at the kink, as leaky_relu"),),
        notes="PyTorch nn.RReLU in evaluation mode (the mean slope); training draws U(l, u).",
        constraints=("lower <= upper",),
    ),
    Activation(
        "softmin",
        F.softmin,
        None,
        formula=r"\frac{e^{-x_i}}{\sum_j e^{-x_j}}",
        derivative_formula=r"\frac{\partial s_i}{\partial x_j} = -s_i(\delta_{ij}-s_j)",
        range=Interval(0.0, 1.0, True, True),
        notes="softmax(-x) (PyTorch nn.Softmin).",
        kind="vector",
        jacobian_function=F.softmin_jacobian,
        vjp_function=F.softmin_vjp,
    ),
    Activation(
        "glu",
        F.glu,
        None,
        formula=r"a \otimes \sigma(b),\ [a, b] = x",
        derivative_formula=r"\frac{\partial}{\partial a} = \sigma(b),\ "
        r"\frac{\partial}{\partial b} = a\,\sigma'(b)",
        range=_REAL,
        notes="Gated linear unit (PyTorch F.glu): halves the size of the axis it splits.",
        kind="vector",
        jacobian_function=F.glu_jacobian,
        vjp_function=F.glu_vjp,
    ),
    Activation(
        "sparsemax",
        F.sparsemax,
        None,
        formula=r"\operatorname{argmin}_{p\in\Delta}\|p - x\|^2 = \max(x_i-\tau, 0)",
        derivative_formula=r"\operatorname{diag}(s) - ss^T/|S|",
        range=Interval(0.0, 1.0, True, True),
        notes="Projection onto the simplex (Martins and Astudillo 2016): exact zeros.",
        kind="vector",
        jacobian_function=F.sparsemax_jacobian,
        vjp_function=F.sparsemax_vjp,
    ),
]

#: Canonical name -> :class:`Activation`, in registry order (aliases are not keys).
ACTIVATIONS = {a.name: a for a in _ENTRIES}

#: Alias -> canonical name.
ALIASES = {alias: a.name for a in _ENTRIES for alias in a.aliases}


def get(name):
    """Look an activation up by canonical name or alias.

    Raises ``KeyError`` listing the close matches for an unknown name.

    Examples
    --------
    >>> import actlib
    >>> actlib.get("swish").name
    'silu'
    """
    if isinstance(name, Activation):
        return name
    key = str(name).strip().lower().replace("-", "_")
    if key in ACTIVATIONS:
        return ACTIVATIONS[key]
    if key in ALIASES:
        return ACTIVATIONS[ALIASES[key]]
    known = list(ACTIVATIONS) + list(ALIASES)
    close = difflib.get_close_matches(key, known, n=5, cutoff=0.5)
    hint = f"; close matches: {', '.join(close)}" if close else ""
    raise KeyError(f"unknown activation {name!r}{hint}")
