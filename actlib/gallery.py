"""Old import path of the gallery explorer and the static grid (kept so ``from actlib import
gallery`` keeps working).

The explorer :class:`~actlib.widgets.gallery.Gallery` (with :func:`options` and
:data:`DEFAULT_X`) lives in :mod:`actlib.widgets.gallery`, :func:`saturation_runs` in
:mod:`actlib.analysis` and :func:`grid_figure` (the static grid of all functions with their
derivatives) in :mod:`actlib.plotting`.
"""

from __future__ import annotations

from actlib.analysis import saturation_runs
from actlib.plotting import grid_figure
from actlib.widgets.gallery import DEFAULT_X, Gallery, options

__all__ = ["DEFAULT_X", "Gallery", "grid_figure", "options", "saturation_runs"]
