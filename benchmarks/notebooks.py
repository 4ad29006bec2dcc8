"""Section 5: wall time of the nbval suite, in total and per notebook.

Runs ``pytest --nbval`` on ``notebooks/*.ipynb`` exactly as the test suite does (sanitised with
``tests/nbval_sanitize.cfg``, no cache provider) with ``--durations=0``, and sums the
setup/call/teardown durations of each notebook's cells (kernel start-up shows up in the first
cell's setup).
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from benchmarks._common import ROOT

_DURATION = re.compile(r"^\s*([\d.]+)s\s+(setup|call|teardown)\s+(\S+?\.ipynb)(?:::(.*))?$")
_SUMMARY = re.compile(
    r"^=*\s*(\d+ (?:passed|failed|error|errors|skipped|xfailed|deselected)\b.*?) in ([\d.]+)s\b"
)


def parse_durations(text: str) -> dict[str, float]:
    """Seconds per notebook from pytest's ``--durations=0`` lines."""
    per = defaultdict(float)
    for line in text.splitlines():
        m = _DURATION.match(line)
        if m:
            per[Path(m.group(3)).name] += float(m.group(1))
    return dict(per)


def parse_summary(text: str) -> tuple[str, float | None]:
    """pytest's closing line (``12 passed in 34.5s``) as (outcome text, seconds)."""
    for line in reversed(text.splitlines()):
        m = _SUMMARY.match(line)
        if m:
            return m.group(1), float(m.group(2))
    return "no summary line", None


def run(notebooks=None, *, cwd=ROOT, timeout=1800, log=print):
    """Run nbval on ``notebooks`` (default: ``notebooks/*.ipynb``) and time it.

    Returns
    -------
    dict
        ``{"notebooks": [...], "wall_seconds", "pytest_seconds", "outcome", "per_notebook":
        {name: seconds}, "returncode"}``.
    """
    cwd = Path(cwd)
    if notebooks is None:
        notebooks = sorted((cwd / "notebooks").glob("*.ipynb"))
    notebooks = [Path(n) for n in notebooks]
    if not notebooks:
        return {"notebooks": [], "outcome": "no notebooks found", "per_notebook": {}}
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "--nbval",
        "-p",
        "no:cacheprovider",
        "--durations=0",
        "-q",
    ]
    sanitize = cwd / "tests" / "nbval_sanitize.cfg"
    if sanitize.exists():
        cmd += ["--nbval-sanitize-with", str(sanitize)]
    cmd += [str(n) for n in notebooks]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # user + sys of pytest and of every kernel it started and reaped: the suite's own work,
    # which is what its wall time would be on an idle machine (it runs one thing at a time).
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out = proc.stdout + proc.stderr
    outcome, seconds = parse_summary(out)
    log(f"  nbval: {outcome} ({wall:.1f} s wall)")
    return {
        "notebooks": [n.name for n in notebooks],
        "command": " ".join(["python", *cmd[1:]]).replace(str(cwd) + "/", ""),
        "wall_seconds": wall,
        "cpu_seconds": cpu,
        "pytest_seconds": seconds,
        "outcome": outcome,
        "returncode": proc.returncode,
        "per_notebook": parse_durations(out),
        "sanitized": sanitize.exists(),
        "tail": out.strip().splitlines()[-15:],
    }
