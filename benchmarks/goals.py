"""Every goal the benchmark report checks, in one table.

:data:`GOALS` is the only place a threshold is written: :func:`evaluate` checks each goal
against a run's results and the report prints the goal's text, its verdict and the figures it
was judged on, all from the same :class:`Goal`. To add a goal, append a ``Goal`` whose
``check`` names a function in :data:`CHECKS` (add one there for a new kind of figure). A check
returns ``(ok, figure)``: ``ok`` is True / False, or None when the run has no figure for it.

A goal holds its threshold and its statement only: what the kernels do, and what was tried
against a miss, is said in the code's comments and in the closing notes, never here (a
description of a kernel typed into the report goes stale when the kernel changes).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from actlib import accuracy as _ACC
from benchmarks import peers as P
from benchmarks import throughput as T
from benchmarks._common import fmt_ratio, fmt_ulp


def _exempt(which):
    """case -> the largest documented float64 bound of its exemptions (actlib/accuracy.py)."""
    out = {}
    for name, excs in _ACC.EXCEPTIONS.items():
        case = name + ("'" if which == "derivative" else "")
        for e in excs:
            if e.which == which:
                out[case] = max(out.get(case, 0.0), e.ulp)
    return out


#: Throughput cases held to <= 1x their SciPy/NumPy formula (issue 13): the issue's table and
#: every other case the throughput section times.
SPEED_CASES = P.THROUGHPUT_CASES


@dataclass(frozen=True)
class Goal:
    """One goal: ``check(res, goal)`` judges it; ``text`` says it (``{limit}`` is filled in)."""

    key: str
    issue: int
    section: str  # the results.json section whose figures it reads
    check: str  # a key of CHECKS
    limit: float
    text: str
    params: dict = field(default_factory=dict)

    @property
    def description(self) -> str:
        return self.text.format(limit=f"{self.limit:g}", **self.params)


def _e(n):
    return f"1e{int(math.log10(n))}"


# ------------------------------------------------------------------------------------ checks
def _time_vs_scipy(res, g):
    thr = res.get("throughput")
    if not thr:
        return None, ""
    dtype, n = g.params["dtype"], g.params["n"]
    ratios = []
    for case in g.params["cases"]:
        a = T.lookup(thr, dtype, n, case, "actlib", "ns_per_element")
        s = T.lookup(thr, dtype, n, case, "scipy", "ns_per_element")
        if a and s:
            ratios.append((case, a / s))
    if not ratios:
        return None, ""
    over = [(c, r) for c, r in ratios if r > g.limit]
    worst = max(ratios, key=lambda cr: cr[1])
    fig = f"worst {worst[0]} {fmt_ratio(worst[1])}x"
    if len(ratios) == 1:
        fig = f"{worst[0]} {fmt_ratio(worst[1])}x"
    elif over:
        fig += f"; over {g.limit:g}x ({len(over)} of {len(ratios)}): " + ", ".join(
            f"{c} {fmt_ratio(r)}x" for c, r in over
        )
    else:
        fig += f"; all {len(ratios)} cases within"
    return not over, fig


def _relu_vs_copyto(res, g):
    thr = res.get("throughput")
    if not thr:
        return None, ""
    dtype = g.params["dtype"]
    parts, oks = [], []
    alloc = thr.get("copy_alloc_ns_per_element", {})
    for n in g.params["sizes"]:
        r = T.lookup(thr, dtype, n, "relu", "actlib")
        if r is None:
            continue
        oks.append(r <= g.limit)
        part = f"n={_e(n)}: {r:.2f}x copyto"
        a = alloc.get(f"{dtype}/{n}")
        if a:
            ns = T.lookup(thr, dtype, n, "relu", "actlib", "ns_per_element")
            part += f" ({ns / a:.2f}x an allocating np.copy)"
        parts.append(part)
    return (all(oks) if oks else None), ", ".join(parts)


def _memory_arrays(res, g):
    mem = res.get("memory")
    if not mem:
        return None, ""
    rows = [r for r in mem["rows"] if r["peer"] == "actlib" and r["dtype"] == g.params["dtype"]]
    if not rows:
        return None, ""
    worst = max(rows, key=lambda r: r["peak_arrays"])
    over = [r for r in rows if r["peak_arrays"] > g.limit]
    fig = f"n={mem['n']:.0e}, worst {worst['case']} {worst['peak_arrays']:.2f} arrays; over: "
    fig += ", ".join(f"{r['case']} {r['peak_arrays']:.2f}" for r in over) if over else "none"
    return not over, fig


def _accuracy_ulp(res, g):
    acc = res.get("accuracy")
    if not acc:
        return None, ""
    deriv = g.params["derivatives"]
    rows = [
        r
        for r in acc["rows"]
        if r["peer"] == "actlib"
        and r["dtype"] == g.params["dtype"]
        and r["case"].endswith("'") == deriv
        # The vector functions' bounds are not flat ulp counts (actlib.accuracy.VECTOR_BOUNDS,
        # asserted by the test suite): their rows are reported in the headline, not judged here.
        and r["case"].rstrip("'") not in _ACC.VECTOR_BOUNDS
    ]
    if not rows:
        return None, ""
    exempt = g.params.get("exempt", {})
    worst = max(rows, key=lambda r: r["max_ulp_rule"])
    over = [r for r in rows if r["max_ulp_rule"] > exempt.get(r["case"], g.limit)]
    bad_special = [r["case"] for r in rows if not r["special_ok"]]
    fig = f"{len(rows)} cases, worst {worst['case']} {fmt_ulp(worst['max_ulp_rule'])} ulp"
    if worst["max_ulp"] != worst["max_ulp_rule"]:
        fig += f" ({fmt_ulp(worst['max_ulp'])} raw, near the derivative's zero crossing)"
    for case, bound in exempt.items():
        fig += f"; {case} held to its documented {bound:g} ulp"
    if over:
        fig += "; over the bound: " + ", ".join(
            f"{r['case']} {fmt_ulp(r['max_ulp_rule'])}"
            + ("" if r.get("at_x") is None else f" at x = {r['at_x']:.17g}")
            for r in over
        )
    if bad_special:
        fig += "; wrong at +-inf/NaN: " + ", ".join(bad_special)
    return not over and not bad_special, fig


def _training_ratio(res, g):
    tr = res.get("training")
    if not tr:
        return None, ""
    base = tr["seconds"].get(g.params["baseline"])
    vals = [(a, tr["seconds"].get(a)) for a in g.params["activations"]]
    vals = [(a, v) for a, v in vals if v is not None]
    if not base or not vals:
        return None, ""
    ratios = [(a, v / base) for a, v in vals]
    fig = ", ".join(f"{a} {fmt_ratio(r)}x" for a, r in ratios)
    fig += f" ({g.params['baseline']} {1000 * base:.0f} ms per run)"
    return all(r <= g.limit for _, r in ratios), fig


def _slider_kernel_ms(res, g):
    sl = res.get("sliders")
    if not sl or not sl.get("explorers"):
        return None, ""
    rows = [r for r in sl["explorers"] if "error" not in r and r["points"] >= 1000]
    if not rows:
        return None, ""
    worst = max(rows, key=lambda r: r["explorer_cpu_median_ms"])
    fig = "; ".join(
        f"{r['explorer']} {r['explorer_cpu_median_ms']:.0f} ms CPU "
        f"({r['explorer_median_ms']:.0f} ms wall)"
        for r in rows
    )
    return all(
        r["explorer_cpu_median_ms"] <= g.limit for r in rows
    ), f"worst {worst['explorer']}; {fig}"


def _browser_ms(res, g):
    br = res.get("browser")
    if br is None:
        return None, ""
    if br.get("status") != "measured":
        return None, br.get("reason", "")
    rows = br["rows"]
    ok = all(r["explorer_median_ms"] <= g.limit for r in rows)
    return ok, ", ".join(f"{r['explorer']} {r['explorer_median_ms']:.0f} ms" for r in rows)


def _browser_ratio(res, g):
    br = res.get("browser")
    if br is None:
        return None, ""
    if br.get("status") != "measured":
        return None, br.get("reason", "")
    rows = br["rows"]
    ok = all(r.get("ratio") is not None and r["ratio"] <= g.limit for r in rows)
    return ok, ", ".join(
        f"{r['explorer']} {fmt_ratio(r.get('ratio'))}x "
        f"(interact {r.get('interact_median_ms', float('nan')):.0f} ms)"
        for r in rows
    )


def _playground(res):
    pg = (res.get("browser") or {}).get("playground")
    if pg is None:
        return None, ""
    if pg.get("status") != "measured":
        return None, pg.get("reason", "")
    return pg["rows"], ""


def _playground_repaints(res, g):
    rows, reason = _playground(res)
    if rows is None:
        return None, reason
    ok = all(r["repaints_per_second"] >= g.limit for r in rows)
    return ok, ", ".join(
        f"{r['repaints_per_second']:.1f} repaints/s over {r['window_seconds']:g} s of Play "
        f"({r['repaints']} frames)"
        for r in rows
    )


def _playground_separate(res, g):
    rows, reason = _playground(res)
    if rows is None:
        return None, reason
    ok = all(r["separate_seconds"] <= g.limit for r in rows)
    return ok, ", ".join(f"{r['separate_seconds']:.2f} s from Play to separated" for r in rows)


def _browser_rows(res):
    br = res.get("browser")
    if br is None:
        return None, ""
    if br.get("status") != "measured":
        return None, br.get("reason", "")
    rows = [r for r in br.get("rows", []) if r.get("ratio_textbook") is not None]
    return (rows or None), ""


def _browser_vs_textbook(res, g):
    """Issue 10: every explorer's key -> repaint median <= limit x the textbook figure's."""
    rows, why = _browser_rows(res)
    if not rows:
        return None, why
    worst = max(rows, key=lambda r: r["ratio_textbook"])
    over = [r for r in rows if r["ratio_textbook"] > g.limit]
    fig = (
        f"textbook {rows[0]['textbook_median_ms']:.0f} ms; worst {worst['explorer']} "
        f"{fmt_ratio(worst['ratio_textbook'])}x; over: "
    )
    fig += ", ".join(f"{r['explorer']} {fmt_ratio(r['ratio_textbook'])}x" for r in over) or "none"
    return not over, fig


def _browser_drag_frames(res, g):
    """Issue 10: frames painted during the drag >= limit x the textbook figure's.

    Every explorer row counts: one that painted no frame (or has no ratio) is a miss at 0x, never
    dropped. When the textbook baseline painted no frame there is nothing to compare against, so
    the goal is "not measured" (never "met").
    """
    rows, why = _browser_rows(res)
    if not rows:
        return None, why
    tf = [r.get("textbook_drag_frames") for r in rows]
    if any(t is None for t in tf) or not max(tf):
        return None, "the textbook figure painted no frame during its drags"

    def ratio(r):
        v = r.get("frames_ratio_textbook")
        return 0.0 if v is None or not r.get("drag_frames_median") else float(v)

    worst = min(rows, key=ratio)
    under = [r for r in rows if ratio(r) < g.limit]
    fig = (
        f"textbook {rows[0]['textbook_drag_frames']:.1f} frames; worst {worst['explorer']} "
        f"{worst.get('drag_frames_median') or 0:.1f} ({fmt_ratio(ratio(worst))}x); "
        "under: "
    )
    fig += ", ".join(f"{r['explorer']} {fmt_ratio(ratio(r))}x" for r in under)
    return not under, fig if under else fig + "none"


def _browser_settle(res, g):
    """Issue 10: the plot stops moving within limit ms of the hand (median over drags)."""
    rows, why = _browser_rows(res)
    if not rows:
        return None, why
    worst = max(rows, key=lambda r: r["settle_median_ms"])
    over = [r for r in rows if r["settle_median_ms"] > g.limit]
    fig = f"worst {worst['explorer']} {worst['settle_median_ms']:.0f} ms; over: "
    fig += ", ".join(f"{r['explorer']} {r['settle_median_ms']:.0f} ms" for r in over) or "none"
    return not over, fig


def _nbval_seconds(res, g):
    nb = res.get("notebooks")
    if not nb or not nb.get("notebooks"):
        return None, ""
    ok = nb.get("wall_seconds", math.inf) <= g.limit and nb.get("returncode") == 0
    return ok, (
        f"{nb['wall_seconds']:.1f} s wall for {len(nb['notebooks'])} notebooks "
        f"(pytest's own count {nb.get('pytest_seconds')} s; CPU time of pytest and its "
        f"kernels {nb.get('cpu_seconds', math.nan):.1f} s; {nb['outcome']})"
    )


CHECKS: dict[str, Callable] = {
    "time_vs_scipy": _time_vs_scipy,
    "relu_vs_copyto": _relu_vs_copyto,
    "memory_arrays": _memory_arrays,
    "accuracy_ulp": _accuracy_ulp,
    "training_ratio": _training_ratio,
    "slider_kernel_ms": _slider_kernel_ms,
    "browser_ms": _browser_ms,
    "browser_ratio": _browser_ratio,
    "browser_vs_textbook": _browser_vs_textbook,
    "browser_drag_frames": _browser_drag_frames,
    "browser_settle": _browser_settle,
    "playground_repaints": _playground_repaints,
    "playground_separate": _playground_separate,
    "nbval_seconds": _nbval_seconds,
}


# ------------------------------------------------------------------------------------ the table
_SPEED = "{dtype} n={n_txt}: every case's time <= {limit}x its SciPy/NumPy formula"


GOALS: tuple[Goal, ...] = (
    *(
        Goal(
            f"speed_{dtype}_{_e(n)}",
            13,
            "throughput",
            "time_vs_scipy",
            limit,
            _SPEED,
            {"dtype": dtype, "n": n, "n_txt": _e(n), "cases": SPEED_CASES},
        )
        for n, limit in ((10**6, 1.0), (10**3, 2.0))
        for dtype in ("float64", "float32")
    ),
    *(
        Goal(
            f"sweep_{dtype}_{_e(n)}",
            13,
            "throughput",
            "time_vs_scipy",
            limit,
            "{dtype} n={n_txt}: every other registry function and derivative <= {limit}x its "
            "NumPy/SciPy formula",
            {"dtype": dtype, "n": n, "n_txt": _e(n), "cases": P.SWEEP_CASES},
        )
        for n, limit in ((10**6, 1.0), (10**3, 2.0))
        for dtype in ("float64", "float32")
    ),
    Goal(
        "softplus_f64",
        5,
        "throughput",
        "time_vs_scipy",
        0.5,
        "softplus float64 n={n_txt}: time <= {limit}x SciPy's -log_expit(-x)",
        {"dtype": "float64", "n": 10**6, "n_txt": "1e6", "cases": ("softplus",)},
    ),
    *(
        Goal(
            f"relu_copyto_{dtype}",
            5,
            "throughput",
            "relu_vs_copyto",
            2.0,
            "relu <= {limit}x np.copyto ({dtype})",
            {"dtype": dtype, "sizes": (10**6, 10**7)},
        )
        for dtype in ("float64", "float32")
    ),
    Goal(
        "training_gelu_silu",
        13,
        "training",
        "training_ratio",
        2.0,
        "playground training time with gelu or silu <= {limit}x relu's ({what})",
        {
            "baseline": "relu",
            "activations": ("silu", "gelu"),
            "what": "run_training('moons', width=32, depth=3, 300 epochs, 200 points)",
        },
    ),
    *(
        Goal(
            f"memory_{dtype}",
            5,
            "memory",
            "memory_arrays",
            2.0,
            "every function's peak extra memory <= {limit} arrays ({dtype})",
            {"dtype": dtype},
        )
        for dtype in ("float64", "float32")
    ),
    Goal(
        "ulp_f64_functions",
        2,
        "accuracy",
        "accuracy_ulp",
        2.0,
        "functions <= {limit} ulp (float64)",
        {"dtype": "float64", "derivatives": False, "exempt": _exempt("function")},
    ),
    Goal(
        "ulp_f64_derivatives",
        2,
        "accuracy",
        "accuracy_ulp",
        4.0,
        "derivatives <= {limit} ulp (float64)",
        {"dtype": "float64", "derivatives": True, "exempt": _exempt("derivative")},
    ),
    *(
        Goal(
            f"ulp_f32_{what}",
            2,
            "accuracy",
            "accuracy_ulp",
            1.0,
            "{what} <= {limit} ulp (float32)",
            {"dtype": "float32", "derivatives": what == "derivatives", "what": what},
        )
        for what in ("functions", "derivatives")
    ),
    Goal(
        "slider_kernel",
        5,
        "sliders",
        "slider_kernel_ms",
        25.0,
        "slider kernel work <= {limit} ms per update at 1000 points (median kernel CPU time; "
        "wall time in brackets)",
    ),
    Goal(
        "browser_repaint",
        5,
        "browser",
        "browser_ms",
        60.0,
        "browser key -> repaint median <= {limit} ms",
    ),
    Goal(
        "browser_vs_interact",
        5,
        "browser",
        "browser_ratio",
        0.5,
        "browser key -> repaint <= {limit}x interact baseline",
    ),
    Goal(
        "playground_repaints",
        11,
        "browser",
        "playground_repaints",
        10.0,
        "training playground, default size, playing in the browser: >= {limit} repaints per second",
    ),
    Goal(
        "playground_separates",
        11,
        "browser",
        "playground_separate",
        3.0,
        "training playground: the default XOR run separates <= {limit} s after pressing Play",
    ),
    Goal(
        "explorer_kernel_update",
        10,
        "sliders",
        "slider_kernel_ms",
        5.0,
        "explorer update in the kernel <= {limit} ms median at 1000 points (CPU time: compute, "
        "blit, PNG diff; wall time in brackets)",
    ),
    Goal(
        "explorer_vs_textbook",
        10,
        "browser",
        "browser_vs_textbook",
        0.6,
        "every explorer's browser key -> repaint median <= {limit}x the textbook ipympl "
        "figure's (observe -> set_ydata -> draw_idle) in the same run",
    ),
    Goal(
        "explorer_drag_frames",
        10,
        "browser",
        "browser_drag_frames",
        1.4,
        "every explorer paints >= {limit}x the textbook figure's frames during a 30-move, "
        "1.5 s drag",
    ),
    Goal(
        "explorer_settle",
        10,
        "browser",
        "browser_settle",
        60.0,
        "every explorer's plot stops moving <= {limit} ms after the hand stops (median of drags)",
    ),
    Goal(
        "nbval_suite",
        5,
        "notebooks",
        "nbval_seconds",
        60.0,
        "full nbval suite <= {limit} s on this 2-core machine",
    ),
)


def evaluate(res) -> list[dict]:
    """Every goal judged on ``res``: ``[{"key", "issue", "goal", "ok", "figure"}]``.

    Goals whose section is not in ``res`` are left out (a partial run judges what it measured).
    """
    keys = [g.key for g in GOALS]
    assert len(keys) == len(set(keys)), "goal keys must be unique"
    out = []
    for g in GOALS:
        if g.section not in res:
            continue
        ok, fig = CHECKS[g.check](res, g)
        out.append(
            {
                "key": g.key,
                "issue": g.issue,
                "goal": g.description,
                "limit": g.limit,
                "ok": ok,
                "figure": fig,
            }
        )
    return out
