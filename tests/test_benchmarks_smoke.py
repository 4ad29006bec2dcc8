"""The benchmark harness runs end to end at tiny sizes (``python -m benchmarks --smoke``).

This keeps ``make bench`` from rotting; it asserts that every section produced its figures and
the report, never a speed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_benchmarks_smoke(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    for heading in (
        "## Headline",
        "## Goals",
        "## 1. Throughput",
        "## 2. Memory",
        "## 3. Accuracy",
        "## 4. Sliders",
        "## 5. Notebook suite",
    ):
        assert heading in report, heading
    res = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert not res["errors"], res["errors"]
    peers = {r["peer"] for r in res["throughput"]["rows"]}
    assert {"actlib", "naive", "scipy"} <= peers
    assert all(r["ratio_to_copyto"] > 0 for r in res["throughput"]["rows"])
    assert {r["case"] for r in res["memory"]["rows"]} >= {"sigmoid", "softmax'"}
    # Every goal of benchmarks/goals.py that this run measured is in the report's table.
    from benchmarks import goals

    for g in goals.evaluate(res):
        assert g["goal"] in report, g["goal"]
    assert res["training"]["seconds"]["relu"] > 0
    # README's figures are generated from results.json, between its markers.
    from benchmarks import readme

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.BEGIN in text and readme.END in text
    copy = tmp_path / "README.md"
    copy.write_text(text, encoding="utf-8")
    assert readme.refresh(copy, res)
    assert "Goals ([`benchmarks/goals.py`]" in copy.read_text(encoding="utf-8")
    # actlib's own accuracy is tested in test_accuracy.py; here only that the table is filled.
    assert any(r["peer"] == "actlib" and r["case"] == "sigmoid'" for r in res["accuracy"]["rows"])
    explorers = res["sliders"]["explorers"]
    assert explorers and all("error" not in e for e in explorers), explorers
    assert res["notebooks"]["outcome"] == "1 passed", res["notebooks"]
    for png in ("throughput_float64.png", "accuracy_float64.png", "memory_float64.png"):
        assert (tmp_path / png).stat().st_size > 1000, png


def test_drag_frames_goal_counts_every_explorer():
    """An explorer whose drag painted nothing is a 0x miss, not dropped; a textbook baseline that
    painted nothing makes the goal "not measured", never "met"."""
    from benchmarks import goals

    g = next(g for g in goals.GOALS if g.check == "browser_drag_frames")
    check = goals.CHECKS[g.check]

    def res(text_frames, frames):
        rows = []
        for name, f in frames.items():
            rows.append(
                {
                    "explorer": name,
                    "ratio_textbook": 1.0,
                    "textbook_drag_frames": text_frames,
                    "drag_frames_median": f,
                    "frames_ratio_textbook": f / text_frames if text_frames else None,
                }
            )
        return {"browser": {"status": "measured", "rows": rows}}

    ok, fig = check(res(10.0, {"a": 20.0, "b": 0.0}), g)
    assert ok is False and "b 0" in fig
    ok, _ = check(res(10.0, {"a": 20.0, "b": 15.0}), g)
    assert ok is True
    ok, fig = check(res(0.0, {"a": 20.0}), g)
    assert ok is None and "no frame" in fig
