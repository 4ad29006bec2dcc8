"""Benchmarks for actlib: speed, memory, accuracy, slider latency and notebook-suite time.

Run ``python -m benchmarks`` (``make bench``) for the full run, which writes
``benchmarks/results/report.md`` plus PNG plots and ``results.json``; ``python -m benchmarks
--smoke`` (``make bench-smoke``) runs every section at tiny sizes into a temporary directory in
a few seconds, so the harness is exercised by the test suite (no test asserts a speed).

Sections (modules):

* :mod:`benchmarks.throughput` - ns/element and ratio to ``np.copyto``, actlib vs the notes'
  naive formulas vs SciPy vs PyTorch (CPU, one thread, when importable);
* :mod:`benchmarks.memory` - peak extra memory per call (tracemalloc), in units of one array;
* :mod:`benchmarks.accuracy` - max ulp error against mpmath (``tests/reference.py``);
* :mod:`benchmarks.sliders` - kernel-side time per explorer update vs an ``interact`` baseline,
  and the browser key-press -> repaint latency through the browser-test harness;
* :mod:`benchmarks.training` - playground training time per activation (``run_training``);
* :mod:`benchmarks.notebooks` - wall time of the nbval suite, per notebook.

Every goal the report checks (thresholds, what each is judged on) is one entry of
:data:`benchmarks.goals.GOALS`; ``python -m benchmarks.readme`` copies the headline figures and
the goal tally from ``results.json`` into README.md.

All times of one section are measured in the same run, interleaved round-robin, and reported
as ratios where the machine's load would make absolute times meaningless.
"""
