"""Slider explorers for the actlib notebooks (ipywidgets + ipympl), one module per concept.

Every explorer is an :class:`Explorer` (:mod:`actlib.widgets.base`): its own figure on an ipympl
canvas, controls by name (:attr:`Explorer.sliders`), a plain-text readout (:attr:`Explorer.text`),
``set(**values)``, ``values()``, ``snapshot_png()`` and a saved snapshot with alt text; control
changes move the existing artists and blit them over a cached background.

========================  ===============================================================
module                    explorers
========================  ===============================================================
``base``                  :class:`Explorer`, :func:`new_canvas`, :func:`make_slider`, ...
``neuron``                :func:`neuron_explorer` (note 001's AND neuron)
``curves``                :func:`scaled_explorer`, :func:`parameter_explorer`,
                          :func:`maxout_explorer`
``saturation``            :func:`saturation_explorer`
``softmax``               :func:`temperature_explorer`
``depth``                 :func:`depth_explorer`, :class:`GradientExplorer`
``initialisation``        :class:`HistogramExplorer`
``sparsity``              :class:`SparsityExplorer`
``training``              :class:`TrainingPlayground`, :class:`ComparisonRunner`
``lstm``                  :class:`LSTMGateExplorer`
``gallery``               :class:`Gallery`
========================  ===============================================================

The numbers behind them that notebooks also use (``gate_name``, ``saturation_batches``,
``gaussian_mean_derivative``, ``saturation_runs``, ``hist_range``) live in
:mod:`actlib.analysis`, which needs no widgets.

Building a canvas imports :mod:`ipympl`, which switches pyplot's backend to the widget backend;
the previous backend is restored right away, so static figures keep rendering inline.
"""

from __future__ import annotations

from .base import (
    Explorer,
    checkbox,
    control_for,
    dropdown,
    fmt,
    gg,
    legend,
    legend_update,
    make_slider,
    new_canvas,
    snap,
)
from .curves import (
    affine_label,
    maxout_explorer,
    maxout_label,
    nice_limits,
    parameter_explorer,
    scaled_explorer,
    scaled_label,
)
from .depth import HISTOGRAM_ACTIVATIONS, GradientExplorer, depth_explorer, power_text
from .gallery import DEFAULT_X, Gallery, options
from .initialisation import HistogramExplorer
from .lstm import LSTMGateExplorer
from .neuron import neuron_explorer
from .saturation import saturation_explorer
from .softmax import NOTE_003_SCORES, temperature_explorer
from .sparsity import SparsityExplorer
from .training import (
    BATCH_SIZES,
    LEARNING_RATES,
    NOT_TRAINABLE,
    ComparisonRunner,
    TrainingPlayground,
    trainable_activations,
)

__all__ = [
    "BATCH_SIZES",
    "DEFAULT_X",
    "HISTOGRAM_ACTIVATIONS",
    "LEARNING_RATES",
    "NOTE_003_SCORES",
    "NOT_TRAINABLE",
    "ComparisonRunner",
    "Explorer",
    "Gallery",
    "GradientExplorer",
    "HistogramExplorer",
    "LSTMGateExplorer",
    "SparsityExplorer",
    "TrainingPlayground",
    "affine_label",
    "checkbox",
    "control_for",
    "depth_explorer",
    "dropdown",
    "fmt",
    "gg",
    "legend",
    "legend_update",
    "make_slider",
    "maxout_explorer",
    "maxout_label",
    "neuron_explorer",
    "new_canvas",
    "nice_limits",
    "options",
    "parameter_explorer",
    "power_text",
    "saturation_explorer",
    "scaled_explorer",
    "scaled_label",
    "snap",
    "temperature_explorer",
    "trainable_activations",
]
