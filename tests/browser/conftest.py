"""Fixtures for the real-browser tests: one JupyterLab server and one Chromium per session.

The server is the project's ``make lab`` (see :mod:`browser.harness`) on a temp copy of
``notebooks/``; the browser is Debian's Chromium driven by Playwright.  Notebooks are opened,
run and checked one at a time (:class:`NotebookRunner` keeps the current one open so that the
per-explorer tests reuse its run); sessions are deleted through the REST API between notebooks.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from . import harness as h

HERE = Path(__file__).resolve().parent


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium, or skip (outside CI) / fail (in CI) with how to install it."""
    if not h.chromium_available():
        msg = (
            f"{h.CHROMIUM} not found; the browser tests need Debian's Chromium: "
            f"`{h.INSTALL_HINT}` (never `playwright install`)"
        )
        if _in_ci():
            pytest.fail(f"CI is set and {msg}", pytrace=False)
        pytest.skip(msg)
    return h.CHROMIUM


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Fresh tests/browser/artifacts/ (git-ignored) for screenshots and the server log."""
    if h.ARTIFACTS.exists():
        shutil.rmtree(h.ARTIFACTS)
    h.ARTIFACTS.mkdir(parents=True)
    return h.ARTIFACTS


@pytest.fixture(scope="session")
def lab_server(artifacts):
    """The project's JupyterLab on 127.0.0.1, a free port and a known token, serving a temp
    copy of notebooks/; stopped (kernels via REST, server by PID) and deleted afterwards."""
    tmp = h.new_temp_dir("actlib-lab-")
    root = h.copy_notebooks(tmp / "notebooks")
    state = tmp / "state"
    state.mkdir()
    log = artifacts / "jupyter-lab.log"
    server = h.start_lab(root, state, log)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def browser_context(chromium):
    """One headless Chromium (fresh temp profile) for the whole session."""
    from playwright.sync_api import sync_playwright

    profile = h.new_temp_dir("actlib-chromium-")
    pw = sync_playwright().start()
    try:
        context = h.launch_chromium(pw, profile)
        context.set_default_timeout(60_000)
        try:
            yield context
        finally:
            context.close()
    finally:
        pw.stop()
        shutil.rmtree(profile, ignore_errors=True)


@dataclass
class NotebookRun:
    """A notebook opened and run in the browser (it stays open for the explorer tests)."""

    name: str
    page: object = None
    prompts: list = field(default_factory=list)
    findings: dict = field(default_factory=dict)
    log_entries: int = 0
    log_console: str = ""
    seconds: dict = field(default_factory=dict)
    error: BaseException | None = None


#: Notebooks in the order the (reordered) tests use them; the runner starts the next one's
#: kernel while the current notebook's explorers are being tested.
NOTEBOOK_ORDER: list[str] = []


class NotebookRunner:
    """One lab page for the session; one notebook open at a time.

    Switching notebooks closes the previous tab ("Discard": nothing is saved), deletes its
    session through the REST API and opens the next one with File -> Open from Path.  If that
    fails, or the previous run failed, a fresh page is opened on ``/lab/tree/<name>?reset``.
    """

    def __init__(self, server: h.LabServer, context, artifacts: Path):
        self.server = server
        self.context = context
        self.artifacts = artifacts
        self.page = None
        self.current: NotebookRun | None = None
        self.summary: list[dict] = []
        self.explorer_rows: list[dict] = []
        self.started = time.monotonic()

    def get(self, name: str) -> NotebookRun:
        if self.current is not None and self.current.name == name:
            if self.current.error is not None:
                pytest.fail(f"{name}: opening/running it failed: {self.current.error!r}")
            return self.current
        previous, run = self.current, NotebookRun(name)
        self.current = run
        t0 = time.monotonic()
        try:
            self._open(name, previous)
            run.page = self.page
            t1 = time.monotonic()
            run.prompts = h.run_all(run.page)
            t2 = time.monotonic()
            run.findings = h.page_findings(run.page)
            run.log_entries = h.log_entry_count(run.page)
            if run.log_entries:
                run.log_console = h.log_console_text(run.page)
            run.seconds = {"open": t1 - t0, "run": t2 - t1, "check": time.monotonic() - t2}
        except Exception as exc:
            run.error = exc
            run.page = self.page
            self._screenshot(run, "failed-run")
            raise
        self.summary.append({"notebook": name, **{k: round(v, 1) for k, v in run.seconds.items()}})
        self._warm_next(name)
        return run

    def _open(self, name: str, previous: NotebookRun | None) -> None:
        if self.page is not None and previous is not None and previous.error is None:
            try:
                h.close_notebook(self.page, previous.name)
                self.server.delete_sessions(keep=name)
                h.open_in_lab(self.page, name)
                return
            except Exception:  # fall back to a fresh page (below)
                pass
        self._drop_page()
        self.server.delete_sessions(keep=name)
        if not any(s.get("path") == name for s in self.server.sessions()):
            with contextlib.suppress(Exception):  # its kernel boots while the page loads
                h.start_session(self.server, name)
        self.page = h.open_notebook(self.context, self.server, name)

    def _warm_next(self, name: str) -> None:
        if name in NOTEBOOK_ORDER:
            i = NOTEBOOK_ORDER.index(name)
            if i + 1 < len(NOTEBOOK_ORDER):
                with contextlib.suppress(Exception):
                    h.start_session(self.server, NOTEBOOK_ORDER[i + 1])

    def _drop_page(self) -> None:
        page, self.page = self.page, None
        if page is not None:
            with contextlib.suppress(Exception):
                page.close()  # run_before_unload=False: no "leave page?" dialog

    def _screenshot(self, run: NotebookRun, what: str) -> None:
        if run.page is None:
            return
        path = self.artifacts / Path(run.name).stem / f"{what}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            run.page.screenshot(path=str(path), full_page=True)
        except Exception:  # a dead page must not hide the real failure
            return

    def write_summary(self, path: Path) -> None:
        lines = [f"{len(self.summary)} notebooks run in JupyterLab (open / Run All / check, s):"]
        for row in self.summary:
            lines.append(f"  {row['notebook']}: {row['open']} / {row['run']} / {row['check']}")
        n_sl = sum(r["sliders"] for r in self.explorer_rows)
        lines.append(
            f"{len(self.explorer_rows)} explorers, {n_sl} sliders moved (key + drag), "
            f"{sum(r['controls'] for r in self.explorer_rows)} dropdowns/checkboxes switched:"
        )
        for r in self.explorer_rows:
            lines.append(
                f"  {'ok  ' if r['ok'] else 'FAIL'} {r['notebook']} #{r['index']} {r['title']!r}: "
                f"{r['sliders']} sliders, {r['controls']} controls, {r['moves']} moves"
                + (f" ({r['train']} shown only after pressing Train)" if r["train"] else "")
                + f", {r['seconds']} s"
            )
        lines.append(f"browser session wall time: {time.monotonic() - self.started:.0f} s")
        path.write_text("\n".join(lines) + "\n")
        moves = [
            f"{r['notebook']} #{r['index']} {r['title']}\n{r['detail']}" for r in self.explorer_rows
        ]
        path.with_name("moves.txt").write_text("\n".join(moves) + "\n")

    def close(self) -> None:
        self.current = None
        self._drop_page()
        self.server.delete_sessions()


@pytest.fixture(scope="session")
def notebook_runner(lab_server, browser_context, artifacts):
    runner = NotebookRunner(lab_server, browser_context, artifacts)
    yield runner
    runner.close()
    runner.write_summary(artifacts / "summary.txt")
    _SUMMARIES.append(artifacts / "summary.txt")


#: Summaries written by this session (the terminal summary prints nothing stale).
_SUMMARIES: list[Path] = []


def pytest_collection_modifyitems(config, items):
    """Group this directory's tests by notebook (run test first, then its explorers) so that
    each notebook is opened and run once; other tests keep their places."""
    slots = [i for i, item in enumerate(items) if HERE in Path(str(item.path)).parents]
    if not slots:
        return

    def key(item):
        params = getattr(getattr(item, "callspec", None), "params", {})
        explorer = params.get("explorer")
        if explorer is not None:
            return (1, explorer.notebook, explorer.index, item.nodeid)
        if params.get("notebook") is not None:
            return (1, params["notebook"], -1, item.nodeid)
        return (0, "", -1, item.nodeid)

    ordered = sorted((items[i] for i in slots), key=key)
    for i, item in zip(slots, ordered, strict=True):
        items[i] = item
    NOTEBOOK_ORDER[:] = list(dict.fromkeys(k[1] for k in map(key, ordered) if k[0] == 1))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print where the screenshots are and what the browser tests covered."""
    report = h.ARTIFACTS / "summary.txt"
    if _SUMMARIES and report.exists():
        terminalreporter.section("browser tests (JupyterLab in Chromium)")
        terminalreporter.write_line(report.read_text().rstrip())
        terminalreporter.write_line(f"screenshots and server log: {h.ARTIFACTS}")
