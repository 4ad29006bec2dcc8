"""The markdown report: headline table, goals (met / not met), one section per measurement."""

from __future__ import annotations

import math

import numpy as np

from benchmarks import throughput as T
from benchmarks._common import fmt_ratio, fmt_ulp, md_table
from benchmarks.plots import PEER_LABEL

PEERS = ("actlib", "naive", "scipy", "torch")
GOAL_CASES = ("sigmoid", "softplus", "softmax", "sigmoid'", "tanh'")


def _peers_present(rows):
    return [p for p in PEERS if any(r["peer"] == p for r in rows)]


def _acc(acc, dtype, case, peer, key="max_ulp"):
    for r in acc["rows"]:
        if (r["dtype"], r["case"], r["peer"]) == (dtype, case, peer):
            return r[key] if key else r
    return None


def _mem(mem, dtype, case, peer):
    for r in mem["rows"]:
        if (r["dtype"], r["case"], r["peer"]) == (dtype, case, peer):
            return r["peak_arrays"]
    return None


def _verdict(ok):
    if ok is None:
        return "not measured"
    return "**met**" if ok else "**not met**"


# ------------------------------------------------------------------------------------ goals
def goals(res):
    """``[(goal, verdict, figure)]`` for every goal of issue 5."""
    out = []
    thr, mem, acc = res.get("throughput"), res.get("memory"), res.get("accuracy")
    sl, br, nb = res.get("sliders"), res.get("browser"), res.get("notebooks")
    big = [n for n in (10**6, 10**7) if thr and any(r["n"] == n for r in thr["rows"])]
    if thr and big:
        for case in GOAL_CASES:
            limit = 0.5 if case == "softplus" else 1.0
            ratios = []
            for n in big:
                a = T.lookup(thr, "float64", n, case, "actlib", "ns_per_element")
                s = T.lookup(thr, "float64", n, case, "scipy", "ns_per_element")
                if a and s:
                    ratios.append((n, a / s))
            ok = all(r <= limit for _, r in ratios) if ratios else None
            fig = ", ".join(f"n=1e{int(math.log10(n))}: {r:.2f}x" for n, r in ratios)
            bound = "0.5x" if case == "softplus" else "1x"
            ref = "-log_expit(-x)" if case == "softplus" else ""
            out.append(
                (
                    f"{case} f64 time <= {bound} SciPy's {ref}".rstrip(),
                    _verdict(ok),
                    f"actlib / SciPy {fig}",
                )
            )
        for dtype in ("float64", "float32"):
            rel = [(n, T.lookup(thr, dtype, n, "relu", "actlib")) for n in big]
            rel = [(n, r) for n, r in rel if r is not None]
            ok = all(r <= 2 for _, r in rel) if rel else None
            parts = []
            alloc = thr.get("copy_alloc_ns_per_element", {})
            for n, r in rel:
                part = f"n=1e{int(math.log10(n))}: {r:.2f}x copyto"
                a = alloc.get(f"{dtype}/{n}")
                if a:
                    ns = T.lookup(thr, dtype, n, "relu", "actlib", "ns_per_element")
                    part += f" ({ns / a:.2f}x an allocating np.copy)"
                parts.append(part)
            out.append((f"relu <= 2x copyto ({dtype})", _verdict(ok), ", ".join(parts)))
    if mem:
        for dtype in ("float64", "float32"):
            rows = [r for r in mem["rows"] if r["peer"] == "actlib" and r["dtype"] == dtype]
            if rows:
                worst = max(rows, key=lambda r: r["peak_arrays"])
                over = [r["case"] for r in rows if r["peak_arrays"] > 2.0 + 1e-3]
                out.append(
                    (
                        f"every function's peak extra memory <= 2 arrays "
                        f"({dtype}, n={mem['n']:.0e})",
                        _verdict(not over),
                        f"worst {worst['case']} {worst['peak_arrays']:.2f} arrays; over 2: "
                        + (", ".join(over) if over else "none"),
                    )
                )
    if acc:
        for dtype, deriv, bound in (
            ("float64", False, 2.0),
            ("float64", True, 4.0),
            ("float32", False, 1.0),
            ("float32", True, 1.0),
        ):
            rows = [
                r
                for r in acc["rows"]
                if r["peer"] == "actlib"
                and r["dtype"] == dtype
                and r["case"].endswith("'") == deriv
                and not r["case"].startswith(("softmax'", "log_softmax'"))
            ]
            if not rows:
                continue
            worst = max(rows, key=lambda r: r["max_ulp_rule"])
            over = [
                f"{r['case']} {fmt_ulp(r['max_ulp_rule'])}"
                for r in rows
                if r["max_ulp_rule"] > bound
            ]
            bad_special = [r["case"] for r in rows if not r["special_ok"]]
            what = "derivatives" if deriv else "functions"
            fig = f"worst {worst['case']} {fmt_ulp(worst['max_ulp_rule'])} ulp"
            if worst["max_ulp"] != worst["max_ulp_rule"]:
                fig += f" ({fmt_ulp(worst['max_ulp'])} raw, near the derivative's zero crossing)"
            if over:
                fig += "; over the bound: " + ", ".join(over)
            if bad_special:
                fig += "; wrong at +-inf/NaN: " + ", ".join(bad_special)
            out.append(
                (
                    f"{what} <= {bound:g} ulp ({dtype}, {len(rows)} cases)",
                    _verdict(not over and not bad_special),
                    fig,
                )
            )
    if sl and sl.get("explorers"):
        rows = [r for r in sl["explorers"] if "error" not in r]
        at1000 = [r for r in rows if r["points"] >= 1000]
        if at1000:
            worst = max(at1000, key=lambda r: r["explorer_cpu_median_ms"])
            ok = all(r["explorer_cpu_median_ms"] <= 25 for r in at1000)
            fig = "; ".join(
                f"{r['explorer']} {r['explorer_cpu_median_ms']:.0f} ms CPU "
                f"({r['explorer_median_ms']:.0f} ms wall)"
                for r in at1000
            )
            out.append(
                (
                    "slider kernel work <= 25 ms per update at 1000 points (median kernel CPU "
                    "time; wall time in brackets)",
                    _verdict(ok),
                    f"worst {worst['explorer']}; {fig}",
                )
            )
    if br is not None:
        if br.get("status") != "measured":
            out.append(
                ("browser key -> repaint median <= 60 ms", "not measured", br.get("reason", ""))
            )
            out.append(
                ("browser key -> repaint <= 0.5x interact", "not measured", br.get("reason", ""))
            )
        else:
            rows = br["rows"]
            ok = all(r["explorer_median_ms"] <= 60 for r in rows)
            out.append(
                (
                    "browser key -> repaint median <= 60 ms",
                    _verdict(ok),
                    ", ".join(f"{r['explorer']} {r['explorer_median_ms']:.0f} ms" for r in rows),
                )
            )
            ok2 = all(r.get("ratio") is not None and r["ratio"] <= 0.5 for r in rows)
            out.append(
                (
                    "browser key -> repaint <= 0.5x interact baseline",
                    _verdict(ok2),
                    ", ".join(
                        f"{r['explorer']} {fmt_ratio(r.get('ratio'))}x "
                        f"(interact {r.get('interact_median_ms', float('nan')):.0f} ms)"
                        for r in rows
                    ),
                )
            )
    if nb is not None and nb.get("notebooks"):
        ok = nb.get("wall_seconds", math.inf) <= 60 and nb.get("returncode") == 0
        out.append(
            (
                "full nbval suite <= 60 s on this 2-core machine",
                _verdict(ok),
                f"{nb['wall_seconds']:.1f} s wall for {len(nb['notebooks'])} notebooks "
                f"(pytest's own count {nb.get('pytest_seconds')} s; CPU time of pytest and its "
                f"kernels {nb.get('cpu_seconds', math.nan):.1f} s; {nb['outcome']})",
            )
        )
    return out


# ------------------------------------------------------------------------------------ headline
def headline(res):
    """The short table for README's "Performance and accuracy" section."""
    thr, acc, mem = res.get("throughput"), res.get("accuracy"), res.get("memory")
    sl, br, nb = res.get("sliders"), res.get("browser"), res.get("notebooks")
    peers = _peers_present(thr["rows"]) if thr else ["actlib"]
    header = ["float64", *[PEER_LABEL[p] for p in peers]]
    rows = []
    if thr:
        n = max(r["n"] for r in thr["rows"] if r["n"] <= 10**6)
        for case in ("sigmoid", "sigmoid'", "tanh'", "softplus", "gelu", "softmax", "relu"):
            label = f"{case}: time / np.copyto, n=1e{int(math.log10(n))}"
            if case == "softmax":
                label = f"softmax (rows of 1000): time / np.copyto, n=1e{int(math.log10(n))}"
            rows.append([label, *[fmt_ratio(T.lookup(thr, "float64", n, case, p)) for p in peers]])
    if acc:
        for case, label in (
            ("sigmoid'", "sigmoid' max ulp error (tails to ±800)"),
            ("tanh'", "tanh' max ulp error"),
            ("softplus", "softplus max ulp error"),
            ("softmax", "softmax max ulp error (rows incl. x+1000)"),
        ):
            rows.append([label, *[fmt_ulp(_acc(acc, "float64", case, p)) for p in peers]])
        fn = [r for r in acc["rows"] if r["peer"] == "actlib" and r["dtype"] == "float64"]
        f_only = [r["max_ulp_rule"] for r in fn if not r["case"].endswith("'")]
        d_only = [
            r["max_ulp_rule"] for r in fn if r["case"].endswith("'") and "softmax" not in r["case"]
        ]
        rows.append(
            [
                f"worst max ulp (f64) over all {len(f_only)} actlib functions / "
                f"{len(d_only)} derivatives",
                f"{fmt_ulp(max(f_only))} / {fmt_ulp(max(d_only))}",
                *["" for _ in peers[1:]],
            ]
        )
    if mem:
        row = [f"peak extra memory, worst of the 14 cases (arrays, n={mem['n']:.0e})"]
        for p in peers:
            vals = [
                r["peak_arrays"] for r in mem["rows"] if r["peer"] == p and r["dtype"] == "float64"
            ]
            row.append(f"{max(vals):.1f}" if vals else "n/a")
        rows.append(row)
    table = md_table(header, rows)
    extra = []
    if sl and sl.get("explorers"):
        ok = [r for r in sl["explorers"] if "error" not in r]
        if ok:
            ex = np.median([r["explorer_cpu_median_ms"] for r in ok])
            it = np.median([r["interact_cpu_median_ms"] for r in ok])
            exw = np.median([r["explorer_median_ms"] for r in ok])
            itw = np.median([r["interact_median_ms"] for r in ok])
            extra.append(
                [
                    "slider update, kernel CPU (wall) time, median over explorers",
                    f"{ex:.0f} ms ({exw:.0f} ms)",
                    f"{it:.0f} ms ({itw:.0f} ms)",
                ]
            )
    if br and br.get("status") == "measured":
        rows_b = br["rows"]
        extra.append(
            [
                "browser key press -> repainted plot (median)",
                ", ".join(f"{r['explorer_median_ms']:.0f}" for r in rows_b) + " ms",
                ", ".join(f"{r.get('interact_median_ms', float('nan')):.0f}" for r in rows_b)
                + " ms",
            ]
        )
    if extra:
        table += "\n\n" + md_table(
            ["sliders", "explorer (ipympl, in place)", "interact + re-plot"], extra
        )
    if nb and nb.get("notebooks"):
        table += (
            f"\n\nFull nbval suite: {nb['wall_seconds']:.0f} s wall for {len(nb['notebooks'])} "
            f"notebooks ({nb['outcome']})."
        )
    return table


# ------------------------------------------------------------------------------------ sections
def _throughput_section(thr, plots):
    lines = ["## 1. Throughput", ""]
    lines.append(
        "Time per call divided by `np.copyto` of an array of the same size and dtype, measured in "
        "the same run (best of the interleaved samples; lower is faster), and actlib's ns/element. "
        "Inputs: N(0, 3²), seeded; softmax on rows of 1000. `np.copyto` writes into a buffer "
        "that already exists; every function below allocates its output, and at n = 1e7 "
        "(40-80 MB) fresh pages are faulted in on first write, which can cost more than the "
        "copy itself: the allocating `np.copy` is shown beside it for that reason. Formulas:"
    )
    lines.append("")
    seen = {}
    for r in thr["rows"]:
        seen.setdefault((r["case"], r["peer"]), r["formula"])
    cases = list(dict.fromkeys(r["case"] for r in thr["rows"]))
    peers = _peers_present(thr["rows"])
    form_rows = [
        [f"`{c}`", *[f"`{seen[(c, p)]}`" if (c, p) in seen else "—" for p in peers]] for c in cases
    ]
    lines.append(
        md_table(["case", *[PEER_LABEL[p] for p in peers]], form_rows, "l" * (1 + len(peers)))
    )
    lines.append("")
    for dtype in dict.fromkeys(r["dtype"] for r in thr["rows"]):
        for n in sorted({r["n"] for r in thr["rows"] if r["dtype"] == dtype}):
            copy = thr["copyto_ns_per_element"][f"{dtype}/{n}"]
            alloc = thr.get("copy_alloc_ns_per_element", {}).get(f"{dtype}/{n}")
            extra = f", allocating np.copy: {alloc / copy:.2f}x copyto" if alloc else ""
            lines.append(f"**{dtype}, n = {n:.0e}** (np.copyto: {copy:.2f} ns/element{extra})")
            lines.append("")
            rows = []
            for c in cases:
                a = T.lookup(thr, dtype, n, c, "actlib")
                s = T.lookup(thr, dtype, n, c, "scipy")
                rows.append(
                    [
                        c,
                        *[fmt_ratio(T.lookup(thr, dtype, n, c, p)) for p in peers],
                        f"{T.lookup(thr, dtype, n, c, 'actlib', 'ns_per_element'):.2f}",
                        fmt_ratio(a / s) if a and s else "—",
                    ]
                )
            lines.append(
                md_table(
                    [
                        "case",
                        *[f"{PEER_LABEL[p]} ×copy" for p in peers],
                        "actlib ns/el",
                        "actlib / SciPy",
                    ],
                    rows,
                )
            )
            lines.append("")
    for p in plots:
        lines.append(f"![throughput]({p})")
    lines.append("")
    return lines


def _memory_section(mem, plots):
    lines = ["## 2. Memory", ""]
    lines.append(
        f"Peak extra memory during one call at n = {mem['n']:.0e}, from tracemalloc (NumPy reports "
        "its allocations to it), in units of one input array (n × itemsize of the input dtype). "
        "The output counts as one array. float32 input costs actlib at least 2 float32 arrays more "
        "because the work is done in float64 (one float64 copy = 2 float32 arrays). PyTorch's "
        "allocator is invisible to tracemalloc: no column."
    )
    lines.append("")
    dtypes = list(dict.fromkeys(r["dtype"] for r in mem["rows"]))
    peers = _peers_present(mem["rows"])
    cases = list(dict.fromkeys(r["case"] for r in mem["rows"]))
    header = ["case", *[f"{PEER_LABEL[p]} {d}" for d in dtypes for p in peers]]
    rows = []
    for c in cases:
        row = [c]
        for d in dtypes:
            for p in peers:
                v = _mem(mem, d, c, p)
                row.append("—" if v is None else f"{v:.2f}")
        rows.append(row)
    lines.append(md_table(header, rows))
    lines.append("")
    for p in plots:
        lines.append(f"![memory]({p})")
    lines.append("")
    return lines


def _accuracy_section(acc, plots):
    lines = ["## 3. Accuracy", ""]
    pts = ", ".join(f"{k}: {v} points" for k, v in acc["grid_points"].items())
    lines.append(
        "Max ulp error against 110-digit mpmath references (`tests/reference.py`) over one grid "
        f"per dtype ({pts}: dense on [-8, 8], logarithmic tails to ±800, subnormals, ±max, ±inf, "
        "NaN, plus 36.75 ... 50, 20 ... 30, -720 ... -744 and a window around each derivative's "
        "zero crossing; kinks whose derivative no convention fixes are left out, as in the "
        "accuracy test). Max over finite inputs; † = more than 1 ulp off at a ±inf or NaN input "
        "(e.g. NaN where the limit is 0). `inf` = an overflow, or NaN, where a finite value was "
        "due. 0.5 ulp is a correctly rounded result; 2^52 ≈ 4.5e15 ulp means no correct digit "
        "(float32: 2^23 ≈ 8.4e6)."
    )
    lines.append("")
    lines.append(
        "actlib is held to the contract's bounds (f64: 2 ulp functions, 4 ulp derivatives; f32: 1 "
        "ulp). Column *actlib (rule)* applies the team accuracy test's rule: within 0.5 of a "
        "derivative's zero crossing an absolute error ≤ 4 eps passes (ulps of a number near 0 "
        "measure nothing). The vector-Jacobian products (softmax', log_softmax') cancel by nature; "
        "their error is in ulps of the larger term (`s·(|g| + |⟨g, s⟩|)`, resp. `|g| + s·|Σg|`)."
    )
    lines.append("")
    dtypes = list(dict.fromkeys(r["dtype"] for r in acc["rows"]))
    peers = _peers_present(acc["rows"])
    cases = list(dict.fromkeys(r["case"] for r in acc["rows"]))
    header = ["case"]
    for d in dtypes:
        header += [
            f"actlib {d}",
            f"actlib {d} (rule)",
            *[f"{PEER_LABEL[p]} {d}" for p in peers[1:]],
        ]
    rows = []
    for c in cases:
        row = [c]
        for d in dtypes:
            r = _acc(acc, d, c, "actlib", None)
            row.append(_cell(r))
            row.append(fmt_ulp(r["max_ulp_rule"]) if r else "—")
            for p in peers[1:]:
                row.append(_cell(_acc(acc, d, c, p, None)))
        rows.append(row)
    lines.append(md_table(header, rows))
    lines.append("")
    lines.append(
        "Where actlib's largest float64 errors are (after the zero-crossing rule; x, got, exact):"
    )
    lines.append("")
    worst = sorted(
        (
            r
            for r in acc["rows"]
            if r["peer"] == "actlib" and r["dtype"] == "float64" and r["at_x"] is not None
        ),
        key=lambda r: -r["max_ulp_rule"],
    )[:6]
    lines.append(
        md_table(
            ["case", "max ulp (rule)", "max ulp (raw)", "x of the raw max", "got", "exact"],
            [
                [
                    r["case"],
                    fmt_ulp(r["max_ulp_rule"]),
                    fmt_ulp(r["max_ulp"]),
                    f"{r['at_x']:.6g}",
                    f"{r['got']:.17g}",
                    f"{r['exact']:.17g}",
                ]
                for r in worst
            ],
        )
    )
    lines.append("")
    lines.append("Where the textbook formulas and the peers lose everything (float64):")
    lines.append("")
    show_peers = [p for p in PEERS if any(p in s["peers"] for s in acc["showcase"])]
    rows = []
    for s in acc["showcase"]:
        digits = ".4g"
        if any(
            f"{v['got']:.4g}" == f"{s['exact']:.4g}" and v["ulp"] > 1 for v in s["peers"].values()
        ):
            digits = ".17g"  # the loss is past the fourth digit: show them all
        row = [f"{s['case']} at x = {s['x']:g}", f"{s['exact']:{digits}}"]
        for p in show_peers:
            v = s["peers"].get(p)
            row.append("—" if v is None else f"{v['got']:{digits}} ({fmt_ulp(v['ulp'])} ulp)")
        row.append(s["what"])
        rows.append(row)
    lines.append(
        md_table(
            ["point", "exact", *[PEER_LABEL[p] for p in show_peers], "why"],
            rows,
            "l" * (3 + len(show_peers)),
        )
    )
    lines.append("")
    for p in plots:
        lines.append(f"![accuracy]({p})")
    lines.append("")
    return lines


def _cell(r):
    if r is None:
        return "—"
    return fmt_ulp(r["max_ulp"]) + ("" if r["special_ok"] else " †")


def _candidates_section(cand):
    lines = ["## Candidate kernels (measured fixes, not in actlib)", ""]
    lines.append(
        "`benchmarks/candidates.py`: the same numerics as actlib (compensated `1 + e`, no "
        "overflow, subnormal tails), written with `out=` buffers and run in cache-sized blocks; "
        f"float64, n = {cand['n']:.0e}, timed interleaved with actlib and SciPy in this run; max "
        "ulp on the float64 accuracy grid (softmax: on the accuracy rows)."
    )
    lines.append("")
    rows = [
        [
            r["case"],
            fmt_ratio(r["candidate_x_copy"]),
            fmt_ratio(r["actlib_x_copy"]),
            fmt_ratio(r["scipy_x_copy"]),
            fmt_ratio(r["candidate_x_copy"] / r["scipy_x_copy"]),
            fmt_ulp(r["candidate_max_ulp"]),
        ]
        for r in cand["rows"]
    ]
    lines.append(
        md_table(
            [
                "case",
                "candidate ×copy",
                "actlib ×copy",
                "SciPy ×copy",
                "candidate / SciPy",
                "candidate max ulp",
            ],
            rows,
        )
    )
    lines.append("")
    return lines


def _slider_section(sl, br, plots):
    lines = ["## 4. Sliders", "", "### Kernel side", ""]
    lines.append(
        "One update = `slider.value = v` (the explorer's observer computes, moves the artists, "
        "writes the readout, calls `draw_idle`) + the front end's draw request handled as ipympl "
        "does (Agg draw, PNG diff against the previous frame, binary comm message), with the "
        "canvas told `initialized` as by a connected front end. Baseline: "
        "`ipywidgets.interactive` around "
        "a function that re-plots the same figure with pyplot (same size, layout engine, subplots "
        "and artists, the data computed by a hidden instance of the explorer) and `plt.show()`, "
        "rendered by the inline backend as a PNG. Both run in one real IPython kernel "
        f"(backend `{sl.get('backend')}`), one step per press, interleaved press by press, "
        f"{sl.get('presses')} presses each."
    )
    lines.append("")
    rows = []
    for r in sl["explorers"]:
        if "error" in r:
            rows.append([r["explorer"], "error: " + r["error"][:80], *[""] * 11])
            continue
        rows.append(
            [
                r["explorer"],
                str(r["points"]),
                "×".join(map(str, r["canvas_px"])),
                f"{r['explorer_median_ms']:.1f} / {r['explorer_p90_ms']:.1f}",
                f"{r['update_median_ms']:.1f}",
                f"{r['agg_draw_median_ms']:.1f}",
                f"{r['png_diff_median_ms']:.1f}",
                f"{r['interact_median_ms']:.1f} / {r['interact_p90_ms']:.1f}",
                fmt_ratio(r["ratio_median"]),
                f"{r['explorer_cpu_median_ms']:.1f}",
                f"{r['interact_cpu_median_ms']:.1f}",
                "—"
                if r.get("agg_draw_frozen_median_ms") is None
                else f"{r['agg_draw_frozen_median_ms']:.1f}",
            ]
        )
    lines.append(
        md_table(
            [
                "explorer",
                "points",
                "canvas px",
                "explorer median / p90 (ms)",
                "compute+artists",
                "Agg draw",
                "PNG diff",
                "interact median / p90 (ms)",
                "explorer / interact",
                "explorer CPU (ms)",
                "interact CPU (ms)",
                "Agg draw, layout frozen",
            ],
            rows,
        )
    )
    lines.append("")
    lines.append(
        "Times are wall-clock medians / 90th percentiles unless marked CPU (the kernel process's "
        "CPU time, median): the machine was shared, so wall time includes waiting for a core. "
        "'compute+artists', 'Agg draw' and 'PNG diff' split the explorer's wall time. Each "
        "explorer is displayed first, as in a notebook. 'Agg draw, layout frozen': for an "
        "explorer whose figure still has a layout engine after display, its draws after "
        "`fig.set_layout_engine('none')` (a few slider steps after its presses; — when the "
        "explorer already froze its layout itself)."
    )
    lines.append("")
    for p in plots:
        lines.append(f"![sliders]({p})")
    lines.append("")
    lines.append("### Browser (key press -> repainted plot)")
    lines.append("")
    if br is None:
        lines.append("Not run.")
    elif br.get("status") != "measured":
        lines.append(f"**Not measured**: {br.get('reason')}")
    else:
        lines.append(br.get("method", ""))
        lines.append("")
        rows = [
            [
                r["explorer"],
                f"{r['explorer_median_ms']:.0f} / {r['explorer_p90_ms']:.0f}",
                f"{r.get('interact_median_ms', math.nan):.0f} / "
                f"{r.get('interact_p90_ms', math.nan):.0f}",
                fmt_ratio(r.get("ratio")),
                str(r["presses"]),
            ]
            for r in br["rows"]
        ]
        lines.append(
            md_table(
                [
                    "explorer",
                    "explorer median / p90 (ms)",
                    "interact median / p90 (ms)",
                    "ratio",
                    "presses",
                ],
                rows,
            )
        )
    lines.append("")
    return lines


def _notebook_section(nb, plots):
    lines = ["## 5. Notebook suite", ""]
    if not nb.get("notebooks"):
        lines.append(f"Not measured: {nb.get('outcome')}.")
        return [*lines, ""]
    lines.append(
        f"`{nb['command']}` (the notebooks' own nbval settings"
        + (
            ", sanitised with tests/nbval_sanitize.cfg"
            if nb.get("sanitized")
            else ", no sanitize file yet"
        )
        + f"): **{nb['wall_seconds']:.1f} s wall** (pytest's own figure "
        f"{nb.get('pytest_seconds')} s, the rest is interpreter start-up and collection), "
        f"outcome: {nb['outcome']}. CPU time (user + sys) of pytest and every kernel it "
        f"started: {nb.get('cpu_seconds', math.nan):.1f} s; the suite runs one notebook at a "
        "time, so that is about its wall time on an idle machine."
    )
    failed = [ln for ln in nb.get("tail", []) if ln.startswith(("FAILED", "ERROR"))]
    if failed:
        lines.append("")
        lines.append("Failures in this run (the notebooks were being edited by their owners):")
        lines.append("")
        lines += [f"- `{ln}`" for ln in failed]
    lines.append("")
    per = nb["per_notebook"]
    lines.append(md_table(["notebook", "seconds"], [[k, f"{per[k]:.1f}"] for k in sorted(per)]))
    lines.append("")
    for p in plots:
        lines.append(f"![notebooks]({p})")
    lines.append("")
    return lines


def render(res, plots, fixes=()):
    """The whole report as markdown text."""
    info = res["machine"]
    lines = ["# actlib benchmarks", ""]
    load = info.get("load_average_1_5_15")
    lines.append(
        f"Measured {res['date']} with `{res['command']}` on {info['cpus']} CPUs "
        f"(Python {info['python']}, NumPy {info['numpy']}, SciPy {info.get('scipy')}, "
        f"PyTorch {info.get('torch') or 'not installed'} on one thread). **The machine was shared "
        f"and loaded** (load average {load} at the start, {res.get('load_end')} at the end, on "
        f"{info['cpus']} cores): absolute times are inflated and noisy; compare the ratios, which "
        "come from measurements interleaved in the same run."
    )
    code = res.get("code")
    if code:
        dirty = code.get("uncommitted") or []
        lines.append(
            f"Code measured: commit `{code.get('commit', '?')}`"
            + (
                "; uncommitted changes in the working tree at the time: "
                + ", ".join(f"`{d}`" for d in dirty)
                if dirty
                else ""
            )
            + "."
        )
        lines.append("")
    if res.get("errors"):
        lines.append("**Sections that failed in this run:**")
        lines.append("")
        lines += [f"- {k}: `{v}`" for k, v in res["errors"].items()]
        lines.append("")
    if res.get("reused"):
        lines.append(
            "Sections taken from an earlier run (`--reuse`): "
            + ", ".join(f"{k} ({v})" for k, v in res["reused"].items())
            + "."
        )
        lines.append("")
    lines.append("## Headline")
    lines.append("")
    lines.append(headline(res))
    lines.append("")
    lines.append("## Goals (issue 5)")
    lines.append("")
    lines.append(md_table(["goal", "verdict", "figure"], [list(g) for g in goals(res)], "lll"))
    lines.append("")
    if fixes:
        lines.append("## What would close the misses")
        lines.append("")
        lines += [f"- {f}" for f in fixes]
        lines.append("")
    if res.get("throughput"):
        lines += _throughput_section(res["throughput"], plots.get("throughput", []))
    if res.get("memory"):
        lines += _memory_section(res["memory"], plots.get("memory", []))
    if res.get("accuracy"):
        lines += _accuracy_section(res["accuracy"], plots.get("accuracy", []))
    if res.get("candidates"):
        lines += _candidates_section(res["candidates"])
    if res.get("sliders"):
        lines += _slider_section(res["sliders"], res.get("browser"), plots.get("sliders", []))
    if res.get("notebooks"):
        lines += _notebook_section(res["notebooks"], plots.get("notebooks", []))
    lines.append("Raw figures: `results.json` beside this report.")
    return "\n".join(lines) + "\n"


_FIX_TEXT = {
    "sigmoid": (
        "`_sigmoid_accurate` (one correction step against the exact `1 + e`) makes about a "
        "dozen ufunc calls per 16384-element block and each allocates a fresh temporary. The "
        "same numerics written into `out=` buffers (`benchmarks/candidates.py: sigmoid`, "
        "`q = num/d; q -= q*(err/d)` with Fast2Sum's `err`, the equivalent correction)"
    ),
    "sigmoid'": (
        "`_sigmoid_d_kernel` divides twice by `1 + e`, each division corrected (four divisions "
        "per element, fresh temporaries). One division by `d*d` with a single first-order "
        "correction, `q = e/(d*d); q -= q*(2*err/d)`, in place (`candidates.sigmoid_derivative`) "
        "is within the 4-ulp bound"
    ),
    "tanh'": (
        "`_tanh_d` runs the four-division `_sigmoid_d_kernel` and also the `(2e^-|x|)^2` tail "
        "(a second `np.exp`) on every element, then `np.where`. Compute the tail only for the "
        "rare |x| > 354 elements (boolean index) and use the one-division kernel: "
        "`candidates.tanh_derivative`. (SciPy's column is the in-place `1 - t*t`, which is "
        "0 past |x| = 19; no accurate formula with a tail-correct exp is as cheap as that)"
    ),
    "softmax": (
        "`_rows` now hands 16-row blocks to `_shifted` + `_softmax_kernel`: the TwoSum of "
        "`x - m`, an `np.isfinite` + `np.where` pass over `d_lo`, exp, the correction, the sum "
        "and the division, about a dozen allocating ufunc calls per block. The same numerics "
        "in place (`candidates.softmax`), with the `d_lo` clean-up only for rows that hold an "
        "infinity"
    ),
    "softplus": (
        "`_softplus` is `max(x, 0) + log1p(exp(-|x|))` with four temporaries; in place it is "
        "one buffer"
    ),
}


def fixes(res):
    """Concrete fixes for the misses, with this run's figures (empty when nothing missed)."""
    out = []
    thr, cand = res.get("throughput"), res.get("candidates")
    crow = {r["case"]: r for r in cand["rows"]} if cand else {}
    n_goal = 10**6
    if thr and any(r["n"] == n_goal for r in thr["rows"]):
        for case in GOAL_CASES:
            a = T.lookup(thr, "float64", n_goal, case, "actlib", "ns_per_element")
            sci = T.lookup(thr, "float64", n_goal, case, "scipy", "ns_per_element")
            limit = 0.5 if case == "softplus" else 1.0
            if not (a and sci) or a / sci <= limit:
                continue
            text = f"**{case}** ({a / sci:.1f}x SciPy at n=1e6, float64): {_FIX_TEXT[case]}"
            if case in crow:
                c = crow[case]
                text += (
                    f": measured here {fmt_ratio(c['candidate_x_copy'])}x copyto against "
                    f"actlib's {fmt_ratio(c['actlib_x_copy'])}x and SciPy's "
                    f"{fmt_ratio(c['scipy_x_copy'])}x, max {fmt_ulp(c['candidate_max_ulp'])} ulp"
                )
            out.append(text + ".")
        f32 = [
            (case, T.lookup(thr, "float32", n_goal, case, "actlib"))
            for case in ("sigmoid", "sigmoid'", "tanh'", "silu", "gelu")
        ]
        f32 = [(c, v) for c, v in f32 if v is not None]
        if f32:
            out.append(
                "**float32 input** ("
                + ", ".join(f"{c} {fmt_ratio(v)}x copyto" for c, v in f32)
                + "): every kernel upcasts to float64 and runs the compensated algorithm built "
                "for float64's 2-ulp bound before rounding to float32. For float32 (and float16) "
                "output the plain float64 formula is already within 1 float32 ulp (float64 has "
                "29 spare bits): a `dtype != float64` fast path without the pair arithmetic "
                "would cut the passes by half or more."
            )
        g = T.lookup(thr, "float64", n_goal, "gelu", "actlib", "ns_per_element")
        gs = T.lookup(thr, "float64", n_goal, "gelu", "scipy", "ns_per_element")
        if g and gs and g / gs > 2:
            out.append(
                f"**gelu** (not a speed goal; {g / gs:.1f}x SciPy's `x*ndtr(x)`): `_gelu` "
                "computes both the erfcx tail and the erfc body for every element and picks "
                "with `np.where`; compute the tail only on the `x < -1` elements (boolean "
                "index), and the same for `_gelu_d`'s `x < -5` tail."
            )
    mem = res.get("memory")
    if mem:
        over = [
            r
            for r in mem["rows"]
            if r["peer"] == "actlib" and r["dtype"] == "float64" and r["peak_arrays"] > 2.0
        ]
        if over:
            out.append(
                "**memory** ("
                + ", ".join(f"{r['case']} {r['peak_arrays']:.1f}" for r in over)
                + " arrays at float64): temporaries the size of the whole input are alive at the "
                "worst moment; run them a block at a time as `_apply` and `_rows` do (output "
                "plus a block)."
            )
    sl = res.get("sliders")
    if sl and sl.get("explorers"):
        rows = [r for r in sl["explorers"] if "error" not in r]
        if rows and any(r["explorer_cpu_median_ms"] > 25 for r in rows):
            share = np.median([r["agg_draw_median_ms"] / r["explorer_median_ms"] for r in rows])
            fr = [
                r["agg_draw_frozen_median_ms"] / r["agg_draw_median_ms"]
                for r in rows
                if r.get("agg_draw_frozen_median_ms")
            ]
            layout = ""
            if fr:
                layout = (
                    "`layout='constrained'` re-solves the layout on every frame of "
                    + ", ".join(r["explorer"] for r in rows if r.get("agg_draw_frozen_median_ms"))
                    + f" (measured here: the draw takes {100 * np.median(fr):.0f} % of its time "
                    "once the layout is frozen): freeze it after the first draw with "
                    "`fig.set_layout_engine('none')`, as the other explorers now do. "
                )
            out.append(
                f"**sliders** (owner: actlib/widgets.py): the Agg draw is {100 * share:.0f} % of "
                "an update (median over explorers); compute and `set_data` take a few ms. "
                + layout
                + "Most of a draw is tick labels, legends, titles and grids that do not change: "
                "blit the changing artists over a cached background "
                "(`canvas.copy_from_bbox` / `restore_region` + `draw_artist` + `canvas.blit()`, "
                "which ipympl supports), and give the axes whose limits change with the slider "
                "(scaled_explorer's slope panel) fixed limits or a full redraw only when they "
                "change. A smaller canvas (dpi 80 instead of 100) has a third fewer pixels to "
                "fill and to diff."
            )
    acc = res.get("accuracy")
    if acc:
        bad = [
            r
            for r in acc["rows"]
            if r["peer"] == "actlib"
            and r["dtype"] == "float64"
            and "softmax'" not in r["case"]
            and r["max_ulp_rule"] > (4.0 if r["case"].endswith("'") else 2.0)
        ]
        for r in bad:
            out.append(
                f"**accuracy {r['case']}** (float64): {fmt_ulp(r['max_ulp_rule'])} ulp at "
                f"x = {r['at_x']:.17g} (got {r['got']:.17g}, exact {r['exact']:.17g})."
            )
    return out
