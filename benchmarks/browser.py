"""Section 4, browser part: key press -> repainted plot in JupyterLab, through the browser harness.

Reuses the browser-test helpers in ``tests/browser/`` (issue 4) to start the project's
JupyterLab and drive Debian's Chromium. When that harness is not there, the section reports
"not measured" and why, rather than measuring something else.
"""

from __future__ import annotations

from benchmarks._common import ROOT, tests_on_path


def harness():
    """The browser harness module, or None (with the reason) when it is not available."""
    if not (ROOT / "tests" / "browser").is_dir():
        return (
            None,
            "the browser-test harness (tests/browser/, issue 4) is not in the repository yet",
        )
    tests_on_path()
    try:
        import browser as h  # tests/browser is a package on tests/'s path
    except Exception as exc:
        return None, f"importing tests/browser failed: {exc!r}"
    return h, ""


def run(presses=30, log=print):
    """Median and p90 key-press -> repaint latency, explorer vs interact baseline."""
    h, reason = harness()
    if h is None:
        log(f"  browser: not measured ({reason})")
        return {"status": "not measured", "reason": reason}
    return {"status": "not measured", "reason": "harness found but not wired up yet"}
