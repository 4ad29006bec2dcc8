"""``python -m benchmarks [--smoke] [--out DIR] [--sections ...]``: run and write the report."""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks import _common as C

SECTIONS = (
    "throughput",
    "memory",
    "accuracy",
    "training",
    "sliders",
    "browser",
    "notebooks",
)

FULL = {
    "sizes": (10**3, 10**5, 10**6, 10**7),
    "sweep_sizes": (10**3, 10**6),
    "repeats": 5,
    "target": 0.05,
    "memory_n": 10**7,
    "presses": 20,
    "browser_presses": 30,
}
SMOKE = {
    "sizes": (10**3, 10**4),
    "sweep_sizes": (10**3,),
    "repeats": 2,
    "target": 0.001,
    "memory_n": 10**4,
    "presses": 2,
    "browser_presses": 0,
}

_SMOKE_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": 1,
            "id": "c1",
            "metadata": {},
            "outputs": [{"name": "stdout", "output_type": "stream", "text": ["0.5\n"]}],
            "source": ["import actlib\n", "print(float(actlib.sigmoid(0.0)))"],
        }
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def _parse(argv):
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("--smoke", action="store_true", help="tiny sizes, seconds; for the test suite")
    p.add_argument(
        "--out",
        type=Path,
        help="output folder (default: benchmarks/results, or a temporary folder with --smoke)",
    )
    p.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help="comma-separated subset of: " + ", ".join(SECTIONS),
    )
    p.add_argument("--no-torch", action="store_true", help="leave PyTorch out even if installed")
    p.add_argument(
        "--reuse",
        type=Path,
        help="results.json of an earlier run: take its sections instead of measuring them again "
        "(only those it has; the report says which sections were reused)",
    )
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = _parse(argv)
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise SystemExit(f"unknown section(s): {sorted(unknown)}")
    cfg = SMOKE if args.smoke else FULL
    out = args.out or (Path(tempfile.mkdtemp(prefix="actlib-bench-")) if args.smoke else C.RESULTS)
    out.mkdir(parents=True, exist_ok=True)
    torch_ok = not args.no_torch
    os.environ.setdefault("MPLBACKEND", "agg")

    def log(msg):
        print(msg, flush=True)

    command = "python -m benchmarks" + (" --smoke" if args.smoke else "")
    if args.sections != ",".join(SECTIONS):
        command += f" --sections {args.sections}"
    res = {
        "command": command,
        "date": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": C.machine_info(),
        "code": C.code_version(),
        "smoke": args.smoke,
    }
    if not torch_ok:
        res["machine"]["torch"] = None
    timings = {}
    dtypes = (np.float64, np.float32)
    earlier = json.loads(args.reuse.read_text(encoding="utf-8")) if args.reuse else {}
    res["errors"] = {}
    res["reused"] = {}
    partial = out / "tmp" / "results.partial.json"  # benchmarks/results/tmp/ is git-ignored
    partial.parent.mkdir(exist_ok=True)

    def section(name, fn):
        if name not in sections:
            return
        if name in earlier:
            res[name] = earlier[name]
            res["reused"][name] = earlier.get("reused", {}).get(name) or earlier.get(
                "date", "an earlier run"
            )
            log(f"== {name}: reused from {args.reuse}")
            return
        log(f"== {name}")
        start = time.perf_counter()
        try:
            res[name] = fn()
        except Exception as exc:  # one failed section must not lose the others
            res["errors"][name] = repr(exc)
            log(f"  {name} failed: {exc!r}")
        timings[name] = time.perf_counter() - start
        partial.write_text(json.dumps(res, default=float), encoding="utf-8")

    from benchmarks import accuracy, memory, notebooks, sliders, throughput, training

    section(
        "throughput",
        lambda: throughput.run(
            cfg["sizes"],
            dtypes,
            repeats=cfg["repeats"],
            target=cfg["target"],
            torch_ok=torch_ok,
            sweep_sizes=cfg["sweep_sizes"],
            log=log,
        ),
    )
    section("memory", lambda: memory.run(cfg["memory_n"], dtypes, log=log))
    section("accuracy", lambda: accuracy.run(dtypes, smoke=args.smoke, torch_ok=torch_ok, log=log))
    section(
        "training",
        lambda: training.run(repeats=max(1, cfg["repeats"] - 2), smoke=args.smoke, log=log),
    )
    section("sliders", lambda: sliders.run_kernel(presses=cfg["presses"], smoke=args.smoke))

    def browser_part():
        from benchmarks import browser

        if args.smoke:
            return {"status": "skipped", "reason": "smoke mode does not start a browser"}
        return browser.run(presses=cfg["browser_presses"], log=log)

    section("browser", browser_part)

    def notebook_part():
        if args.smoke:
            nb = out / "smoke_notebook.ipynb"
            nb.write_text(json.dumps(_SMOKE_NOTEBOOK), encoding="utf-8")
            return notebooks.run([nb], log=log)
        return notebooks.run(log=log)

    section("notebooks", notebook_part)
    res["section_seconds"] = timings
    try:
        res["load_end"] = [round(v, 2) for v in os.getloadavg()]
    except OSError:  # pragma: no cover
        res["load_end"] = None

    from benchmarks import plots as P
    from benchmarks import report

    figs: dict[str, list[str]] = {}
    if "throughput" in res:
        for d in ("float64", "float32"):
            figs.setdefault("throughput", []).append(
                P.throughput(res["throughput"], d, out / f"throughput_{d}.png").name
            )
    if "memory" in res:
        figs["memory"] = [P.memory(res["memory"], "float64", out / "memory_float64.png").name]
    if "accuracy" in res:
        for d in ("float64", "float32"):
            figs.setdefault("accuracy", []).append(
                P.accuracy(res["accuracy"], d, out / f"accuracy_{d}.png").name
            )
    if "sliders" in res and any("error" not in r for r in res["sliders"]["explorers"]):
        figs["sliders"] = [P.sliders(res["sliders"], out / "sliders_kernel.png").name]
    if res.get("notebooks", {}).get("per_notebook"):
        figs["notebooks"] = [P.notebooks(res["notebooks"], out / "notebooks.png").name]
    text = report.render(res, figs)
    (out / "report.md").write_text(text, encoding="utf-8")
    partial.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        partial.parent.rmdir()
    (out / "results.json").write_text(
        json.dumps(res, indent=1, default=float) + "\n", encoding="utf-8"
    )
    log(f"wrote {out / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
