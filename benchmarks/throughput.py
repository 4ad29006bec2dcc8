"""Section 1: throughput, ns/element and the ratio to ``np.copyto`` measured in the same run."""

from __future__ import annotations

import numpy as np

from benchmarks import peers as P
from benchmarks._common import time_round_robin

COPY = "np.copyto"
ALLOC = "np.copy"


def inputs(n: int, dtype, case: str) -> np.ndarray:
    """Seeded input of ``n`` elements: N(0, 3^2), rows of :data:`peers.ROW` for softmax."""
    x = np.random.default_rng(n).normal(0.0, 3.0, n).astype(dtype)
    if P.is_vector(case):
        return x.reshape(-1, min(P.ROW, n))
    return x


def run(
    sizes,
    dtypes,
    *,
    cases=P.THROUGHPUT_CASES,
    repeats=5,
    target=0.02,
    torch_ok=True,
    sweep_sizes=(),
    log=print,
):
    """Time every case and peer at every size and dtype.

    Returns
    -------
    dict
        ``{"rows": [{"dtype", "n", "case", "peer", "formula", "ns_per_element",
        "ns_per_element_median", "ratio_to_copyto"}, ...], "copyto": {...}}``. The ratio uses
        the best (minimum) time of both, from samples interleaved round-robin.
    """
    rows = []
    copy_ns = {}
    alloc_ns = {}
    formulas = {}
    for dtype in dtypes:
        dname = np.dtype(dtype).name
        for n in sizes:
            fns = {}
            x_plain = inputs(n, dtype, "sigmoid")
            dst = np.empty_like(x_plain)
            fns[(COPY, COPY)] = lambda x=x_plain, d=dst: np.copyto(d, x)
            # The functions allocate their output; np.copy is a copy that does too.
            fns[(ALLOC, ALLOC)] = lambda x=x_plain: np.copy(x)
            for case in cases:
                x = inputs(n, dtype, case)
                for peer, impl in P.impls(case, torch_ok=torch_ok).items():
                    fns[(case, peer)] = impl.make(x)
                    formulas[(case, peer)] = impl.formula
            r = repeats if n < 10**7 else max(2, repeats - 2)
            with np.errstate(all="ignore"):
                samples = time_round_robin(fns, repeats=r, target=target)
            copy = min(samples[(COPY, COPY)])
            copy_ns[f"{dname}/{n}"] = copy / n * 1e9
            alloc_ns[f"{dname}/{n}"] = min(samples[(ALLOC, ALLOC)]) / n * 1e9
            for (case, peer), ts in samples.items():
                if case in (COPY, ALLOC):
                    continue
                rows.append(
                    {
                        "dtype": dname,
                        "n": n,
                        "case": case,
                        "peer": peer,
                        "formula": formulas[(case, peer)],
                        "ns_per_element": min(ts) / n * 1e9,
                        "ns_per_element_median": float(np.median(ts)) / n * 1e9,
                        "ratio_to_copyto": min(ts) / copy,
                    }
                )
            log(f"  throughput {dname} n={n:.0e}: copyto {copy_ns[f'{dname}/{n}']:.2f} ns/el")
    sweep = []
    for dtype in dtypes:
        dname = np.dtype(dtype).name
        for n in sweep_sizes:
            x_plain = inputs(n, dtype, "sigmoid")
            dst = np.empty_like(x_plain)
            fns = {(COPY, COPY): lambda x=x_plain, d=dst: np.copyto(d, x)}
            for case in P.SWEEP_CASES:
                x = inputs(n, dtype, case)
                for peer, impl in P.sweep_impls(case).items():
                    fns[(case, peer)] = impl.make(x)
                    formulas[(case, peer)] = impl.formula
            with np.errstate(all="ignore"):
                samples = time_round_robin(fns, repeats=max(2, repeats - 2), target=target)
            copy = min(samples[(COPY, COPY)])
            for (case, peer), ts in samples.items():
                if case != COPY:
                    sweep.append(
                        {
                            "dtype": dname,
                            "n": n,
                            "case": case,
                            "peer": peer,
                            "formula": formulas[(case, peer)],
                            "ns_per_element": min(ts) / n * 1e9,
                            "ratio_to_copyto": min(ts) / copy,
                        }
                    )
            log(f"  sweep {dname} n={n:.0e}: {len(P.SWEEP_CASES)} more cases")
    return {
        "rows": rows,
        "sweep": sweep,
        "copyto_ns_per_element": copy_ns,
        "copy_alloc_ns_per_element": alloc_ns,
    }


def lookup(result, dtype, n, case, peer, key="ratio_to_copyto"):
    """One figure from :func:`run`'s rows or its sweep rows (None when absent)."""
    for row in (*result["rows"], *result.get("sweep", ())):
        if (row["dtype"], row["n"], row["case"], row["peer"]) == (dtype, n, case, peer):
            return row[key]
    return None
