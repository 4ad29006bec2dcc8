"""The markdown report: headline table, goals (met / not met), one section per measurement."""

from __future__ import annotations

import math

import numpy as np

from benchmarks import goals as G
from benchmarks import throughput as T
from benchmarks._common import fmt_ratio, fmt_ulp, md_table
from benchmarks.plots import PEER_LABEL

PEERS = ("actlib", "naive", "scipy", "torch")


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
    """``[(goal, verdict, figure)]`` for every goal of :data:`benchmarks.goals.GOALS` measured."""
    return [
        (f"{g['goal']} (issue {g['issue']})", _verdict(g["ok"]), g["figure"])
        for g in G.evaluate(res)
    ]


def misses(res):
    """Each missed goal with the figures it was judged on."""
    out = []
    for g in G.evaluate(res):
        if g["ok"] is False:
            out.append(f"**{g['goal']}**: {g['figure']}.")
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
        ncases = len({r["case"] for r in mem["rows"]})
        row = [f"peak extra memory, worst of the {ncases} cases (arrays, n={mem['n']:.0e})"]
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
    sweep = thr.get("sweep") or []
    if sweep:
        lines.append(
            "**Every other registry function and derivative** (defaults), against the NumPy/SciPy "
            "formula a careful user would write, timed interleaved in a run of their own:"
        )
        lines.append("")
        form = {r["case"]: r["formula"] for r in sweep if r["peer"] == "scipy"}
        keys = list(dict.fromkeys((r["dtype"], r["n"]) for r in sweep))
        rows = []
        for c in dict.fromkeys(r["case"] for r in sweep):
            row = [c, f"`{form.get(c) or '—'}`"]
            for d, n in keys:
                a = T.lookup(thr, d, n, c, "actlib", "ns_per_element")
                sc = T.lookup(thr, d, n, c, "scipy", "ns_per_element")
                row.append(fmt_ratio(a / sc) if a and sc else "—")
            rows.append(row)
        lines.append(
            md_table(
                ["case", "NumPy/SciPy formula", *[f"actlib / it, {d} n={n:.0e}" for d, n in keys]],
                rows,
                "ll" + "r" * len(keys),
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
        "The output counts as one array; actlib's float64 work on narrower input is done one "
        "block of 16384 elements at a time, so it adds a few hundred kB, not an array. PyTorch's "
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


def _training_section(tr):
    st = tr["settings"]
    lines = ["## Training (playground)", ""]
    lines.append(
        f"`actlib.networks.run_training('{st['dataset']}', act, width={st['width']}, "
        f"depth={st['depth']}, epochs={st['epochs']}, n={st['n']})`, full batch, one call per "
        "activation, interleaved; best time, and the ratio to relu's from the same run."
    )
    lines.append("")
    base = tr["seconds"].get("relu")
    rows = [
        [a, f"{1000 * s:.0f}", fmt_ratio(s / base) if base else "—"]
        for a, s in tr["seconds"].items()
    ]
    lines.append(md_table(["activation", "ms per run", "/ relu"], rows))
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
                str(br.get("presses", "")),
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


def _load_sentence(start, end, cpus):
    """Whether the machine was idle when the run started (1-minute load average under 0.5)."""
    idle = bool(start) and float(start[0]) < 0.5
    state = (
        "The machine was otherwise idle"
        if idle
        else "**The machine was shared and loaded**: absolute times are inflated and noisy"
    )
    return (
        f"{state} (load average {start} at the start, {end} at the end, on {cpus} cores; the "
        "run itself keeps one core busy); compare the ratios, which come from measurements "
        "interleaved in the same run."
    )


def render(res, plots):
    """The whole report as markdown text."""
    info = res["machine"]
    lines = ["# actlib benchmarks", ""]
    load = info.get("load_average_1_5_15")
    lines.append(
        f"Measured {res['date']} with `{res['command']}` on {info['cpus']} CPUs "
        f"(Python {info['python']}, NumPy {info['numpy']}, SciPy {info.get('scipy')}, "
        f"PyTorch {info.get('torch') or 'not installed'} on one thread). "
        + _load_sentence(load, res.get("load_end"), info["cpus"])
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
    lines.append("## Goals")
    lines.append("")
    lines.append(
        "Thresholds from `benchmarks/goals.py` (the one table the checks and this text read)."
    )
    lines.append("")
    lines.append(md_table(["goal", "verdict", "figure"], [list(g) for g in goals(res)], "lll"))
    lines.append("")
    missed = misses(res)
    if missed:
        lines.append("## Misses")
        lines.append("")
        lines += [f"- {m}" for m in missed]
        lines.append("")
    if res.get("throughput"):
        lines += _throughput_section(res["throughput"], plots.get("throughput", []))
    if res.get("memory"):
        lines += _memory_section(res["memory"], plots.get("memory", []))
    if res.get("accuracy"):
        lines += _accuracy_section(res["accuracy"], plots.get("accuracy", []))
    if res.get("training"):
        lines += _training_section(res["training"])
    if res.get("sliders"):
        lines += _slider_section(res["sliders"], res.get("browser"), plots.get("sliders", []))
    if res.get("notebooks"):
        lines += _notebook_section(res["notebooks"], plots.get("notebooks", []))
    lines.append("Raw figures: `results.json` beside this report.")
    return "\n".join(lines) + "\n"
