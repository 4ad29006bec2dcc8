"""PNG plots of the results (matplotlib, Agg, no pyplot state shared with anything else)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

COLORS = {"actlib": "tab:blue", "naive": "tab:red", "scipy": "tab:green", "torch": "tab:orange"}
PEER_LABEL = {"actlib": "actlib", "naive": "naive (notes)", "scipy": "SciPy", "torch": "PyTorch"}


def _figure(**kw):
    from matplotlib.figure import Figure

    return Figure(layout="constrained", **kw)


def throughput(result, dtype, path: Path) -> Path:
    """ns/element against n, one panel per case, one line per peer, np.copyto dashed."""
    rows = [r for r in result["rows"] if r["dtype"] == dtype]
    cases = list(dict.fromkeys(r["case"] for r in rows))
    ncols = (len(cases) + 1) // 2
    fig = _figure(figsize=(2.3 * ncols, 5.2))
    axes = fig.subplots(2, ncols, squeeze=False)
    refs = []
    for key, style, label in (
        ("copyto_ns_per_element", "k--", "np.copyto"),
        ("copy_alloc_ns_per_element", "k:", "np.copy (allocates)"),
    ):
        pts = sorted(
            (int(k.split("/")[1]), v)
            for k, v in result.get(key, {}).items()
            if k.startswith(dtype + "/")
        )
        if pts:
            refs.append((pts, style, label))
    for k, case in enumerate(cases):
        ax = axes[k % 2][k // 2]
        for pts, style, label in refs:
            n, v = zip(*pts, strict=True)
            ax.plot(n, v, style, lw=1, label=label)
        for peer, colour in COLORS.items():
            pts = sorted(
                (r["n"], r["ns_per_element"])
                for r in rows
                if r["case"] == case and r["peer"] == peer
            )
            if pts:
                n, v = zip(*pts, strict=True)
                ax.plot(n, v, "o-", ms=3, color=colour, label=PEER_LABEL[peer])
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(case, fontsize="medium")
        ax.grid(True, which="both", alpha=0.3)
        ax.tick_params(labelsize="x-small")
        if k % 2 == 1:
            ax.set_xlabel("n", fontsize="small")
        if k // 2 == 0:
            ax.set_ylabel("ns per element", fontsize="small")
    for k in range(len(cases), 2 * ncols):
        axes[k % 2][k // 2].set_visible(False)
    axes[0][0].legend(fontsize="xx-small")
    fig.suptitle(
        f"Throughput, {dtype}: ns per element (lower is faster; black: copies of the same "
        "array). Shared, loaded machine: compare lines, not absolute values"
    )
    fig.savefig(path, dpi=90)
    return path


def accuracy(result, dtype, path: Path) -> Path:
    """Max ulp error (log scale) per case for the peers; infinite errors drawn at the top."""
    rows = [r for r in result["rows"] if r["dtype"] == dtype]
    cases = [
        c for c in dict.fromkeys(r["case"] for r in rows) if sum(r["case"] == c for r in rows) > 1
    ]
    peers = [p for p in COLORS if any(r["peer"] == p for r in rows)]
    top = 1e18
    fig = _figure(figsize=(max(8.0, 0.55 * len(cases) * len(peers) / 2), 4.2))
    ax = fig.subplots()
    width = 0.8 / len(peers)
    for j, peer in enumerate(peers):
        vals = []
        for case in cases:
            v = next(
                (r["max_ulp"] for r in rows if r["case"] == case and r["peer"] == peer), np.nan
            )
            vals.append(min(max(v, 0.03), top) if np.isfinite(v) or v == np.inf else np.nan)
        xs = np.arange(len(cases)) + (j - (len(peers) - 1) / 2) * width
        ax.bar(xs, vals, width, color=COLORS[peer], label=PEER_LABEL[peer])
    ax.set_yscale("log")
    ax.set_ylim(0.02, top * 50)
    ax.axhline(1, color="black", lw=0.8, ls=":")
    ax.axhline(2**52, color="grey", lw=0.8, ls="--")
    ax.text(
        len(cases) - 0.5, 2**52 * 1.5, "2^52 ulp: no correct digit", ha="right", fontsize="x-small"
    )
    ax.text(len(cases) - 0.5, top * 3, "inf / NaN: bar to the top", ha="right", fontsize="x-small")
    ax.set_xticks(np.arange(len(cases)), cases, rotation=45, ha="right", fontsize="small")
    ax.set_ylabel("max ulp error (finite inputs)")
    ax.set_title(f"Accuracy against mpmath, {dtype} (lower is better; 0.5 = correctly rounded)")
    ax.legend(fontsize="small", ncols=len(peers))
    fig.savefig(path, dpi=90)
    return path


def memory(result, dtype, path: Path) -> Path:
    """Peak extra memory per call in arrays, per case and peer."""
    rows = [r for r in result["rows"] if r["dtype"] == dtype]
    cases = list(dict.fromkeys(r["case"] for r in rows))
    peers = [p for p in COLORS if any(r["peer"] == p for r in rows)]
    fig = _figure(figsize=(9.0, 3.6))
    ax = fig.subplots()
    width = 0.8 / len(peers)
    for j, peer in enumerate(peers):
        vals = [
            next((r["peak_arrays"] for r in rows if r["case"] == c and r["peer"] == peer), np.nan)
            for c in cases
        ]
        xs = np.arange(len(cases)) + (j - (len(peers) - 1) / 2) * width
        ax.bar(xs, vals, width, color=COLORS[peer], label=PEER_LABEL[peer])
    ax.axhline(2, color="black", lw=0.8, ls="--", label="goal: 2 arrays")
    ax.set_xticks(np.arange(len(cases)), cases, rotation=45, ha="right", fontsize="small")
    ax.set_ylabel("peak extra memory / input array")
    ax.set_title(f"Peak extra memory per call at n = {result['n']:.0e}, {dtype} (output included)")
    ax.legend(fontsize="small")
    fig.savefig(path, dpi=90)
    return path


def sliders(result, path: Path, browser=None) -> Path:
    """Kernel-side time per update: explorer (stacked by phase) vs the interact baseline."""
    rows = [r for r in result["explorers"] if "error" not in r]
    fig = _figure(figsize=(9.0, 0.5 * len(rows) + 1.6))
    ax = fig.subplots()
    ys = np.arange(len(rows))
    left = np.zeros(len(rows))
    for key, colour, label in (
        ("update_median_ms", "tab:blue", "explorer: compute + set_data"),
        ("agg_draw_median_ms", "tab:cyan", "explorer: Agg draw"),
        ("png_diff_median_ms", "tab:purple", "explorer: PNG diff"),
    ):
        vals = np.array([r[key] for r in rows])
        ax.barh(ys + 0.2, vals, 0.38, left=left, color=colour, label=label)
        left += vals
    ax.barh(
        ys - 0.2,
        [r["interact_median_ms"] for r in rows],
        0.38,
        color="tab:red",
        label="interact + inline re-plot",
    )
    ax.plot(
        [r["explorer_cpu_median_ms"] for r in rows],
        ys + 0.2,
        "k|",
        ms=12,
        mew=2,
        label="kernel CPU time (explorer / interact)",
    )
    ax.plot([r["interact_cpu_median_ms"] for r in rows], ys - 0.2, "k|", ms=12, mew=2)
    ax.axvline(25, color="black", ls="--", lw=0.8, label="goal: 25 ms")
    ax.set_yticks(ys, [r["explorer"] for r in rows], fontsize="small")
    ax.invert_yaxis()
    ax.set_xlabel("kernel time per slider update, median (ms, wall; | = CPU)")
    ax.set_title("Slider updates, kernel side (same run, interleaved)")
    ax.legend(fontsize="x-small", loc="lower right")
    fig.savefig(path, dpi=90)
    return path


def notebooks(result, path: Path) -> Path:
    """Seconds per notebook in the nbval run."""
    per = result.get("per_notebook", {})
    names = sorted(per)
    fig = _figure(figsize=(7.5, 0.32 * len(names) + 1.4))
    ax = fig.subplots()
    ax.barh(np.arange(len(names)), [per[n] for n in names], color="tab:blue")
    ax.set_yticks(np.arange(len(names)), names, fontsize="small")
    ax.invert_yaxis()
    ax.set_xlabel("seconds (setup + cells + teardown, from --durations=0)")
    ax.set_title(f"nbval suite: {result.get('wall_seconds', 0):.0f} s wall in total")
    fig.savefig(path, dpi=90)
    return path
