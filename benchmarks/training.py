"""Section: playground training time per activation (``actlib.networks.run_training``).

The same run as the issue's measurement (moons, width 32, depth 3, 300 epochs, 200 points,
full batch), once per activation, interleaved round-robin so the ratios to relu's time share
the machine's load. The smoke run trains for a few epochs only.
"""

from __future__ import annotations

import numpy as np

from benchmarks._common import time_round_robin

ACTIVATIONS = ("relu", "sigmoid", "tanh", "silu", "gelu")
SETTINGS = {"dataset": "moons", "width": 32, "depth": 3, "epochs": 300, "n": 200}


def run(*, repeats=3, smoke=False, log=print):
    """Seconds per ``run_training`` call for each activation (best of ``repeats``)."""
    from actlib.networks import run_training

    settings = dict(SETTINGS, epochs=3) if smoke else dict(SETTINGS)
    fns = {
        a: (lambda a=a: run_training(settings["dataset"], a, **_rest(settings)))
        for a in ACTIVATIONS
    }
    with np.errstate(all="ignore"):
        samples = time_round_robin(fns, repeats=repeats, target=0.0)
    seconds = {a: min(ts) for a, ts in samples.items()}
    log("  training: " + ", ".join(f"{a} {1000 * s:.0f} ms" for a, s in seconds.items()))
    return {"settings": settings, "seconds": seconds}


def _rest(settings):
    return {k: v for k, v in settings.items() if k != "dataset"}
