"""Shared helpers: paths, timing, environment description, number formatting."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"


def tests_on_path() -> None:
    """Make ``tests/`` importable (``reference``, ``browser``), as pytest's rootdir does."""
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)


def try_torch():
    """Return the ``torch`` module set to one CPU thread, or None when it is not installed."""
    try:
        import torch
    except Exception:  # ImportError, or a broken install: the column is skipped either way
        return None
    torch.set_num_threads(1)
    return torch


def calibrate(fn: Callable[[], object], target: float) -> int:
    """Number of calls of ``fn`` that take at least ``target`` seconds (at least 1)."""
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= target or number >= 1 << 20:
            return number
        number *= 2 if elapsed == 0 else max(2, min(10, int(target / elapsed) + 1))


def time_round_robin(
    fns: dict[str, Callable[[], object]], *, repeats: int, target: float
) -> dict[str, list[float]]:
    """Seconds per call of each function, ``repeats`` samples each, interleaved.

    Every function is calibrated to run for at least ``target`` seconds per sample; then the
    samples are taken round-robin (all functions once, then all again ...), so a change of the
    machine's load during the run affects every function alike and ratios stay meaningful.
    """
    numbers = {k: calibrate(f, target) for k, f in fns.items()}
    samples: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeats):
        for k, f in fns.items():
            n = numbers[k]
            start = time.perf_counter()
            for _ in range(n):
                f()
            samples[k].append((time.perf_counter() - start) / n)
    return samples


def machine_info() -> dict[str, object]:
    """What the run was measured on (the load average says how busy the machine was)."""
    info: dict[str, object] = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    try:
        import scipy

        info["scipy"] = scipy.__version__
    except ImportError:  # pragma: no cover - scipy is a dependency of actlib
        pass
    try:
        info["load_average_1_5_15"] = [round(v, 2) for v in os.getloadavg()]
    except OSError:  # pragma: no cover - not on every platform
        pass
    torch = try_torch()
    info["torch"] = getattr(torch, "__version__", None)
    return info


def code_version() -> dict[str, object]:
    """The commit measured and the tracked files that differed from it (``git``, if present)."""
    import subprocess

    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30
        ).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        dirty = [
            ln[3:]
            for ln in git("status", "--porcelain", "--untracked-files=no").splitlines()
            if ln[3:].startswith(("actlib/", "notebooks/", "benchmarks/", "tests/browser/"))
            and not ln[3:].startswith("benchmarks/results/")
        ]
    except (OSError, subprocess.SubprocessError):
        return {}
    return {"commit": commit, "uncommitted": dirty}


def fmt_ratio(v: float | None) -> str:
    """A ratio such as ``3.2`` or ``0.47`` (em dash for a missing value)."""
    if v is None or not np.isfinite(v):
        return "—"
    return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:.0f}"


def fmt_ulp(v: float | None) -> str:
    """A max-ulp figure: ``0.5``, ``3.1``, ``2.4e+06``, ``inf`` (NaN/inf where a value was due)."""
    if v is None:
        return "—"
    if np.isnan(v):
        return "—"
    if np.isinf(v):
        return "inf"
    if v < 10:
        return f"{v:.2f}" if v < 1 else f"{v:.1f}"
    if v < 1e4:
        return f"{v:.0f}"
    return f"{v:.1e}"


def md_table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    """A GitHub markdown table; ``align`` is one of ``l``/``r`` per column (default: l then r)."""
    align = align or "l" + "r" * (len(header) - 1)
    sep = ["---:" if a == "r" else ":---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def code_notebook(sources: list[str], id_prefix: str) -> str:
    """An unexecuted nbformat-4 notebook (python3 kernel) of code cells, as JSON text."""
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"{id_prefix}{i}",
            "metadata": {},
            "outputs": [],
            "source": src,
        }
        for i, src in enumerate(sources)
    ]
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1)
