"""Old import path of the explorers of notebooks 07-12 (kept so ``from actlib import playground``
keeps working); they live in :mod:`actlib.widgets` now, one module per concept:
:class:`~actlib.widgets.initialisation.HistogramExplorer`,
:class:`~actlib.widgets.depth.GradientExplorer`, :class:`~actlib.widgets.sparsity.SparsityExplorer`,
:class:`~actlib.widgets.training.TrainingPlayground`,
:class:`~actlib.widgets.training.ComparisonRunner`, :class:`~actlib.widgets.lstm.LSTMGateExplorer`.

Examples
--------
>>> from actlib import playground
>>> ex = playground.GradientExplorer(activation="sigmoid", init="xavier", depth=4, width=20)
>>> _ = ex.set(depth=6)
>>> len(ex.lines["gradient"].get_xdata())
6
"""

from __future__ import annotations

from actlib.analysis import hist_range
from actlib.widgets.depth import HISTOGRAM_ACTIVATIONS, GradientExplorer
from actlib.widgets.initialisation import HistogramExplorer
from actlib.widgets.lstm import LSTMGateExplorer
from actlib.widgets.sparsity import SparsityExplorer
from actlib.widgets.training import (
    BATCH_SIZES,
    LEARNING_RATES,
    NOT_TRAINABLE,
    ComparisonRunner,
    TrainingPlayground,
    trainable_activations,
)

__all__ = [
    "BATCH_SIZES",
    "HISTOGRAM_ACTIVATIONS",
    "LEARNING_RATES",
    "NOT_TRAINABLE",
    "ComparisonRunner",
    "GradientExplorer",
    "HistogramExplorer",
    "LSTMGateExplorer",
    "SparsityExplorer",
    "TrainingPlayground",
    "hist_range",
    "trainable_activations",
]
