"""Section 4: slider latency, kernel side (in a real IPython kernel) and in the browser.

The kernel-side part executes :func:`benchmarks.slider_kernel.run` in a fresh ``python3``
kernel through nbclient, with ``%matplotlib inline`` as in the notebooks, and reads the timings
back as JSON. The browser part is :mod:`benchmarks.browser`.
"""

from __future__ import annotations

import json
import time

import numpy as np

from benchmarks._common import ROOT

_CELL = """\
%matplotlib inline
import json, warnings
warnings.simplefilter("ignore")
from benchmarks.slider_kernel import run
print("BENCH-JSON " + json.dumps(run(presses={presses}, smoke={smoke})))
"""


def run_kernel(presses=30, smoke=False, timeout=3600):
    """Run the kernel-side slider timing; returns its dict plus summary statistics."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(_CELL.format(presses=presses, smoke=smoke))]
    start = time.perf_counter()
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    text = "".join(
        o.get("text", "") for o in nb.cells[0].outputs if o.get("output_type") == "stream"
    )
    line = next((ln for ln in text.splitlines() if ln.startswith("BENCH-JSON ")), None)
    if line is None:
        errors = [o for o in nb.cells[0].outputs if o.get("output_type") == "error"]
        raise RuntimeError(f"slider kernel run produced no result: {errors or text[-2000:]}")
    result = json.loads(line[len("BENCH-JSON ") :])
    result["wall_seconds"] = time.perf_counter() - start
    for row in result["explorers"]:
        if "error" in row:
            continue
        keys = ("explorer_ms", "update_ms", "agg_draw_ms", "png_diff_ms", "interact_ms")
        for key in (*keys, "explorer_cpu_ms", "interact_cpu_ms"):
            arr = np.asarray(row[key])
            row[key.replace("_ms", "_median_ms")] = float(np.median(arr))
            row[key.replace("_ms", "_p90_ms")] = float(np.percentile(arr, 90))
        row["ratio_median"] = row["explorer_median_ms"] / row["interact_median_ms"]
        frozen = row.get("agg_draw_frozen_layout_ms") or []
        row["agg_draw_frozen_median_ms"] = float(np.median(frozen)) if frozen else None
    for base in result.get("baselines", {}).values():
        for key in ("wall_ms", "cpu_ms"):
            arr = np.asarray(base[key])
            base[key.replace("_ms", "_median_ms")] = float(np.median(arr))
            base[key.replace("_ms", "_p90_ms")] = float(np.percentile(arr, 90))
    return result
