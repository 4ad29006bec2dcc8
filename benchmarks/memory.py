"""Section 2: peak extra memory per call, in units of one input array (tracemalloc).

NumPy reports its data allocations to :mod:`tracemalloc`, so the traced peak during a call,
minus what was traced just before it, is the call's peak extra memory: its output (which counts
as one array) plus every temporary alive at the worst moment. PyTorch's allocator does not
report to tracemalloc, so torch has no column here.
"""

from __future__ import annotations

import gc
import tracemalloc

import numpy as np

from benchmarks import peers as P
from benchmarks.throughput import inputs


def peak_arrays(fn, nbytes: int) -> tuple[float, float]:
    """``(peak extra, retained)`` of one call of ``fn``, in units of ``nbytes``."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        current, peak = tracemalloc.get_traced_memory()
        del result
    finally:
        if enabled:
            gc.enable()
    return (peak - base) / nbytes, (current - base) / nbytes


def run(n, dtypes, *, cases=P.THROUGHPUT_CASES, log=print):
    """Peak extra memory of every case and NumPy/SciPy peer at size ``n``.

    Returns
    -------
    dict
        ``{"n": n, "rows": [{"dtype", "case", "peer", "peak_arrays", "retained_arrays"}]}``.
    """
    rows = []
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        for dtype in dtypes:
            dname = np.dtype(dtype).name
            for case in cases:
                x = inputs(n, dtype, case)
                for peer, impl in P.impls(case, torch_ok=False).items():
                    call = impl.make(x)
                    with np.errstate(all="ignore"):
                        call()  # warm up (first-call caches are not the function's memory)
                        peak, kept = peak_arrays(call, x.nbytes)
                    rows.append(
                        {
                            "dtype": dname,
                            "case": case,
                            "peer": peer,
                            "peak_arrays": peak,
                            "retained_arrays": kept,
                        }
                    )
                del x
            gc.collect()
            log(f"  memory {dname} n={n:.0e} done")
    finally:
        if started:
            tracemalloc.stop()
    return {"n": n, "rows": rows}
