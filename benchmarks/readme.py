"""``python -m benchmarks.readme [--results FILE] [--readme FILE]``: refresh README's figures.

Replaces the text between ``<!-- bench:begin -->`` and ``<!-- bench:end -->`` in README.md
with the report's headline table and goal tally computed from a ``results.json`` (default: the
committed ``benchmarks/results/results.json``), so the README never carries figures typed by
hand. Run it after ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks import _common as C
from benchmarks import goals as G
from benchmarks import report

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def block(res) -> str:
    """The generated README block: where the figures come from, the table, the goal tally."""
    info = res["machine"]
    judged = [g for g in G.evaluate(res) if g["ok"] is not None]
    met = [g for g in judged if g["ok"]]
    missed = [g["key"] for g in judged if not g["ok"]]
    lines = [
        BEGIN,
        f"From the benchmark run of {res['date']} (`{res['command']}`, {info['cpus']} CPUs, load "
        f"average {info.get('load_average_1_5_15')} at the start; times as multiples of "
        "`np.copyto` of the same array in the same run, ulp errors against mpmath):",
        "",
        report.headline(res),
        "",
        f"Goals ([`benchmarks/goals.py`](benchmarks/goals.py)): {len(met)} of {len(judged)} met"
        + (f"; missed: {', '.join(f'`{k}`' for k in missed)}" if missed else "")
        + ". The report lists each with its figures.",
        END,
    ]
    return "\n".join(lines)


def refresh(readme: Path, res) -> bool:
    """Rewrite the block in ``readme``; False (file untouched) when the markers are missing."""
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return False
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(head + block(res) + tail, encoding="utf-8")
    return True


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.readme", description=__doc__)
    p.add_argument("--results", type=Path, default=C.RESULTS / "results.json")
    p.add_argument("--readme", type=Path, default=C.ROOT / "README.md")
    args = p.parse_args(argv)
    res = json.loads(args.results.read_text(encoding="utf-8"))
    if not refresh(args.readme, res):
        print(f"{args.readme}: no {BEGIN} ... {END} block", file=sys.stderr)
        return 1
    print(f"refreshed {args.readme} from {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
