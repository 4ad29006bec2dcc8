"""Every parameter value the registry's domain allows gives the right answer (issue 14).

Hypothesis draws each numeric parameter from its whole documented domain
(``Parameter.domain``, not only the slider range) and x from the whole float64 line (both
infinities, subnormals, NaN), and compares the function and its derivative with the mpmath
reference (``tests/reference.py``) at the README's bounds: 2 ulp for a function, 4 for a
derivative. Values just outside a domain must be a ``ValueError`` naming the parameter and the
domain. The examples are derandomized (reproducible) and few enough to keep this file under a
minute on a loaded 2-core machine.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import reference as R
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import actlib

SETTINGS = settings(
    deadline=None,
    max_examples=150,
    derandomize=True,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
TINY = 5e-324

# softplus rounds beta*x once before the function is applied (documented in its docstring):
# its domain test draws beta = 2**k, for which the product is exact.
POW2_ONLY = {"softplus": {"beta"}}

PARAMETRIC = [
    name
    for name, a in actlib.ACTIVATIONS.items()
    if a.kind == "elementwise" and any(p.choices is None for p in a.parameters)
]

# x over the whole line: any float, with the extremes and the kinks' neighbourhoods weighted in
any_x = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.sampled_from(
        [0.0, -0.0, TINY, -TINY, 1e-300, -1e-300, -745.0, -708.5, -1e308, 1e308, -math.inf]
    ),
    st.floats(min_value=-800.0, max_value=800.0),
)


def domain_floats(p, name):
    """A strategy over parameter ``p``'s whole domain (finite values), ends weighted in."""
    d = p.domain
    assert d is not None, f"{name}.{p.name} has no domain"
    if p.name in POW2_ONLY.get(name, ()):
        return st.integers(-498, 1023).map(lambda k: math.ldexp(1.0, k))
    lo = None if math.isinf(d.low) else d.low
    hi = None if math.isinf(d.high) else d.high
    body = st.floats(
        min_value=lo,
        max_value=hi,
        exclude_min=lo is not None and not d.low_closed,
        exclude_max=hi is not None and not d.high_closed,
        allow_nan=False,
        allow_infinity=False,
    )
    ends = [v for v in (d.low, d.high) if math.isfinite(v) and d.contains(v)]
    inner = [v for v in (p.low, p.high, p.default, TINY, 1.0, 1e-300, 1e300) if d.contains(v)]
    return st.one_of(body, st.sampled_from(sorted(set(ends + inner))))


@st.composite
def param_sets(draw, name):
    act = actlib.ACTIVATIONS[name]
    params = {p.name: draw(domain_floats(p, name)) for p in act.parameters if p.choices is None}
    if name == "rrelu" and params["lower"] > params["upper"]:
        params["lower"], params["upper"] = params["upper"], params["lower"]
    if name == "hard_tanh":
        lo, hi = sorted((params["min_val"], params["max_val"]))
        assume(lo < hi)
        params["min_val"], params["max_val"] = lo, hi
    return params


def _check(name, derivative, x, params):
    act = actlib.ACTIVATIONS[name]
    fn = act.derivative if derivative else act
    got = float(fn(np.float64(x), **params))
    exact = (R.ref_derivative if derivative else R.ref_value)(name, x, **params)
    bound = 4.0 if derivative else 2.0
    err = R.ulp_error(got, exact, np.float64)
    assert err <= bound, (
        f"{act.label(derivative, **params)} at x={x!r}: got {got!r}, "
        f"exact {R.round_to_dtype(exact)!r} ({err:.3g} ulp > {bound})"
    )


@pytest.mark.parametrize("derivative", [False, True], ids=["f", "df"])
@pytest.mark.parametrize("name", PARAMETRIC)
def test_whole_domain_matches_mpmath(name, derivative):
    @SETTINGS
    @given(x=any_x, params=param_sets(name))
    def check(x, params):
        _check(name, derivative, x, params)

    check()


@pytest.mark.parametrize("name", PARAMETRIC)
def test_slider_range_inside_domain(name):
    """The gallery's sliders (low..high) and the default lie inside the registry domain."""
    for p in actlib.ACTIVATIONS[name].parameters:
        if p.choices is None:
            assert p.domain is not None
            assert all(p.domain.contains([p.low, p.high, p.default])), p


def _just_outside(d):
    out = []
    for end, closed, sign in ((d.low, d.low_closed, -1), (d.high, d.high_closed, 1)):
        if math.isinf(end):
            continue
        out.append(end if not closed else math.nextafter(end, sign * math.inf))
        out.append(end + sign * max(1.0, abs(end)))
    return out


@pytest.mark.parametrize(
    ("name", "pname"),
    [
        (n, p.name)
        for n in PARAMETRIC
        for p in actlib.ACTIVATIONS[n].parameters
        if p.choices is None
    ],
)
def test_outside_the_domain_is_a_value_error_naming_it(name, pname):
    act = actlib.ACTIVATIONS[name]
    p = next(q for q in act.parameters if q.name == pname)
    for bad in [*_just_outside(p.domain), math.inf, math.nan, 10**400, -(10**400)]:
        if not isinstance(bad, int) and math.isinf(bad) is False and p.domain.contains(bad):
            continue
        for fn, fname in ((act, name), (act.derivative, f"{name}.derivative")):
            with pytest.raises(ValueError) as info:
                fn(np.array([-1.0, 1.0]), **{pname: bad})
            msg = str(info.value)
            assert fname in msg and repr(pname) in msg, msg
            assert str(p.domain) in msg, msg


# ------------------------------------------------------------- the failures of issue 14
# (name, derivative, x, params): each was a silent wrong answer before; now within the bound.
REGRESSIONS = [
    ("rrelu", False, -1e300, {"lower": 0.0, "upper": TINY}),  # mean slope 2.5e-324
    ("rrelu", False, -1e300, {"lower": TINY, "upper": 2 * TINY}),
    ("rrelu", False, -math.inf, {"lower": 0.0, "upper": 0.0}),
    ("rrelu", True, -1.0, {"lower": 0.0, "upper": 1.0}),
    ("leaky_relu", False, -math.inf, {"alpha": 0.0}),  # was NaN (0 * -inf)
    ("prelu", False, -math.inf, {"alpha": 0.0}),
    ("leaky_relu", False, -1e308, {"alpha": -1e308}),
    ("squareplus", False, 1e151, {"b": 1e200}),
    ("squareplus", True, -1e151, {"b": 1e200}),
    ("squareplus", True, -1e-300, {"b": 1e-200}),
    ("squareplus", False, -1e308, {"b": 1e-200}),
    ("celu", False, -1e-10, {"alpha": 1e100}),  # x/alpha subnormal
    ("celu", False, -TINY, {"alpha": 1e100}),
    ("celu", True, -70.0, {"alpha": 0.1}),  # exp(x/alpha): the quotient's rounding x 700
    ("celu", False, -3.0, {"alpha": 0.3}),
    ("elu", True, -745.0, {"alpha": 1e150}),  # exp(x) subnormal before alpha lifts it
    ("elu", True, -1000.0, {"alpha": 1e150}),
    ("elu", True, -744.0, {"alpha": 3.0}),
    ("softplus", False, -1.2498593597033752e16, {"beta": 2.0**-44}),
    ("softplus", False, -3000.0, {"beta": 0.25}),
]


@pytest.mark.parametrize(("name", "derivative", "x", "params"), REGRESSIONS)
def test_issue14_failure_fixed(name, derivative, x, params):
    _check(name, derivative, x, params)


def test_glu_jacobian_with_inf_has_zeros_off_the_diagonal():
    j = actlib.glu.jacobian([math.inf, 0.0, 1.0, 1.0])
    want = np.array(R.ref_glu_jacobian([math.inf, 0.0, 1.0, 1.0]), dtype=float)
    assert not np.isnan(j).any(), j
    np.testing.assert_array_equal(j == 0, want == 0)
    assert j[0, 1] == j[0, 3] == j[1, 0] == j[1, 2] == 0.0
