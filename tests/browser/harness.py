"""Drive the project's JupyterLab in Debian's Chromium (Playwright), for tests and benchmarks.

Nothing here depends on pytest.  The pieces:

* :func:`start_lab` starts ``jupyter lab`` exactly as ``make lab`` does (same executable, same
  ``JUPYTER_CONFIG_DIR`` / ``JUPYTERLAB_SETTINGS_DIR`` / ``JUPYTER_PLATFORM_DIRS``), plus what a
  test needs on top: a free port, a known token (through ``ACTLIB_LAB_TOKEN``, which the
  project's config reads), ``--no-browser``, a temp copy of the notebooks as root dir and a temp
  state dir (checkpoints, workspaces).  :class:`LabServer` talks to its REST API and stops it.
* :func:`launch_chromium` opens a persistent Chromium context on a fresh profile.
* :func:`open_notebook`, :func:`run_all`, :func:`page_findings`, :func:`move_slider` ... do what
  a person does in the browser and report what the page shows.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

REPO = Path(__file__).resolve().parents[2]
#: The notebooks under test; ACTLIB_BROWSER_NOTEBOOK_DIR points the tests at another folder
#: (used to check the harness itself on deliberately broken notebooks).
NOTEBOOK_DIR = Path(os.environ.get("ACTLIB_BROWSER_NOTEBOOK_DIR") or REPO / "notebooks")
CONFIG_DIR = REPO / ".jupyter"
SETTINGS_DIR = CONFIG_DIR / "lab" / "user-settings"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "apt-get update && apt-get install -y chromium"
#: Measured to work as root with no network (issue 4).  Playwright adds ``--headless`` itself.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
VIEWPORT = {"width": 1920, "height": 1080}

WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"

#: Text a widget output shows when the front end could not render it.
BARE_REPR = re.compile(
    r"^\s*(?:Canvas|FloatSlider|IntSlider|FloatLogSlider|SelectionSlider|VBox|HBox|Box|Dropdown|"
    r"Checkbox|Output|HTML|HTMLMath|Label|Button|interactive|Toolbar|Explorer|Figure)\("
    r"|^\s*<Figure size \d+x\d+ with \d+ Axes>\s*$",
    re.MULTILINE,
)
ERROR_TEXT = re.compile(r"Traceback|\b\w*(?:Error|Exception)\b|Warning:")


# ----------------------------------------------------------------------------- the server ---
def jupyter_executable() -> Path:
    """The ``jupyter`` that ``make lab`` runs (``.venv/bin/jupyter``), else this Python's."""
    venv = REPO / ".venv" / "bin" / "jupyter"
    return venv if venv.exists() else Path(sys.executable).with_name("jupyter")


def lab_env(token: str, state_dir: Path) -> dict[str, str]:
    """``make lab``'s environment, with the test's token and state dir."""
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(CONFIG_DIR),
        JUPYTERLAB_SETTINGS_DIR=str(SETTINGS_DIR),
        JUPYTER_PLATFORM_DIRS="1",
        ACTLIB_LAB_TOKEN=token,
        ACTLIB_LAB_STATE_DIR=str(state_dir),
    )
    return env


def lab_command(port: int, root_dir: Path) -> list[str]:
    """``make lab``'s command line plus the test-only options (port, no browser, root dir)."""
    cmd = [str(jupyter_executable()), "lab"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    cmd += [
        "--no-browser",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root_dir}",
    ]
    return cmd


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    """A running ``jupyter lab`` started by :func:`start_lab`."""

    proc: subprocess.Popen
    port: int
    token: str
    root_dir: Path
    state_dir: Path
    log_path: Path
    _log_file: Any = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        *,
        token: bool | str | None = True,
        body: Any = None,
        timeout: float = 15.0,
    ) -> tuple[int, Any]:
        """HTTP request to the server; returns ``(status, parsed JSON or text)``.

        ``token=True`` sends the server's token, a string sends that token, None sends none.
        Redirects are not followed.
        """
        headers = {}
        if token is True:
            token = self.token
        if token:
            headers["Authorization"] = f"token {token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(
            self.base_url + path, method=method, headers=headers, data=data
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=timeout) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as err:
            with contextlib.closing(err):
                status, raw = err.code, err.read()
        text = raw.decode("utf-8", "replace")
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def sessions(self) -> list[dict]:
        status, body = self.request("GET", "/api/sessions")
        return body if status == 200 else []

    def delete_sessions(self, keep: str | None = None) -> int:
        """Delete every session (shuts its kernel down) but ``keep``'s; returns how many."""
        n = 0
        for s in self.sessions():
            if keep is not None and s.get("path") == keep:
                continue
            self.request("DELETE", f"/api/sessions/{s['id']}", timeout=30)
            n += 1
        return n

    def delete_kernels(self) -> int:
        status, kernels = self.request("GET", "/api/kernels")
        if status != 200:
            return 0
        for k in kernels:
            self.request("DELETE", f"/api/kernels/{k['id']}", timeout=30)
        return len(kernels)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self, timeout: float = 20.0) -> None:
        """Shut kernels down through the REST API, then stop the server by its PID."""
        if self.proc.poll() is None:
            with contextlib.suppress(OSError, urllib.error.URLError):
                self.delete_sessions()
                self.delete_kernels()
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start_lab(
    root_dir: Path, state_dir: Path, log_path: Path, *, timeout: float = 120.0, attempts: int = 3
) -> LabServer:
    """Start the project's JupyterLab on a free port with a fresh token; wait for /api/status."""
    token = secrets.token_hex(24)
    last = ""
    for _ in range(attempts):
        port = free_port()
        log_file = open(log_path, "ab")
        proc = subprocess.Popen(
            lab_command(port, root_dir),
            cwd=REPO,
            env=lab_env(token, state_dir),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        server = LabServer(proc, port, token, root_dir, state_dir, log_path, log_file)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            with contextlib.suppress(OSError, urllib.error.URLError):
                status, _ = server.request("GET", "/api/status", timeout=2)
                if status == 200:
                    return server
            time.sleep(0.25)
        last = server.log_text()[-3000:]
        server.stop()
        if "address already in use" not in last.lower():
            break
    raise RuntimeError(f"jupyter lab did not come up; its log ends with:\n{last}")


def copy_notebooks(dest: Path) -> Path:
    """Copy notebooks/ (without checkpoints/caches) to ``dest``; the committed files stay put."""
    shutil.copytree(
        NOTEBOOK_DIR,
        dest,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        dirs_exist_ok=True,
    )
    return dest


def listening_addresses(port: int) -> list[str]:
    """Local addresses with a TCP socket LISTENing on ``port`` (Linux, from /proc/net)."""
    found = []
    for name in ("tcp", "tcp6"):
        path = Path("/proc/net") / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            cols = line.split()
            local, state = cols[1], cols[3]
            addr_hex, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(addr_hex)
            if len(raw) == 4:
                found.append(socket.inet_ntop(socket.AF_INET, raw[::-1]))
            else:  # /proc stores IPv6 as four little-endian 32-bit words
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                found.append(socket.inet_ntop(socket.AF_INET6, words))
    return found


# ---------------------------------------------------------------------------- the browser ---
def chromium_available() -> bool:
    return CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)


def launch_chromium(playwright, user_data_dir: Path):
    """A persistent Chromium context (Debian's binary, issue-4 flags, fresh profile)."""
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=str(CHROMIUM),
        headless=True,
        args=list(CHROMIUM_ARGS),
        viewport=VIEWPORT,
        device_scale_factor=1,
    )


# ------------------------------------------------------------------ notebooks in the page ---
class ExplorerSpec(NamedTuple):
    """A top-level widget output of a committed notebook (known at collection time)."""

    notebook: str
    index: int
    title: str
    sliders: int | None  # slider models in its saved widget state (None: no saved state)
    canvas: bool | None  # whether that state holds an ipympl canvas


def committed_widget_views(path: Path) -> list[ExplorerSpec]:
    """Top-level widget outputs of a committed notebook, in order.

    ``title`` is the first line of its text/plain; ``sliders`` / ``canvas`` come from the
    notebook's saved widget state (None when it has none).
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    views = []
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_VIEW_MIME not in data:
                continue
            text = data.get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            model_id = data[WIDGET_VIEW_MIME].get("model_id", "")
            sliders = canvas = None
            if model_id in state:
                names = list(_model_subtree(state, model_id))
                sliders = sum(n.endswith("SliderModel") for n in names)
                canvas = "MPLCanvasModel" in names
            title = text.strip().splitlines()[0] if text.strip() else ""
            views.append(ExplorerSpec(path.name, len(views), title, sliders, canvas))
    return views


def _model_subtree(state: dict, model_id: str, seen=None):
    seen = set() if seen is None else seen
    if model_id in seen or model_id not in state:
        return
    seen.add(model_id)
    model = state[model_id]
    yield model.get("model_name", "")
    for child in model.get("state", {}).get("children", []) or []:
        if isinstance(child, str) and child.startswith("IPY_MODEL_"):
            yield from _model_subtree(state, child[len("IPY_MODEL_") :], seen)


def code_cell_count(path: Path) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(c.get("cell_type") == "code" for c in nb.get("cells", []))


def wait_kernel_idle(page, timeout_ms: float = 120_000) -> None:
    """Wait for the notebook's execution indicator *and* the status bar to say idle."""
    page.locator(".jp-Notebook-ExecutionIndicator[data-status=idle]").first.wait_for(
        timeout=timeout_ms
    )
    page.locator("#jp-main-statusbar").get_by_text("| Idle").first.wait_for(timeout=timeout_ms)


def open_notebook(context, server: LabServer, name: str, timeout_ms: float = 120_000):
    """Open ``name`` in a new page (fresh workspace) and wait until its kernel is idle."""
    page = context.new_page()
    url = (
        f"{server.base_url}/lab/tree/{urllib.parse.quote(name)}"
        f"?reset&token={urllib.parse.quote(server.token)}"
    )
    page.goto(url, timeout=timeout_ms)
    wait_notebook_ready(page, name, timeout_ms)
    return page


def wait_notebook_ready(page, name: str, timeout_ms: float = 120_000) -> None:
    """Wait for ``name``'s tab, its first cell and an idle kernel."""
    _notebook_tab(page, name).wait_for(timeout=timeout_ms)
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=timeout_ms)
    wait_kernel_idle(page, timeout_ms)


def _notebook_tab(page, name: str):
    return page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab").filter(
        has=page.locator(".lm-TabBar-tabLabel", has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))
    )


def close_notebook(page, name: str, timeout_ms: float = 30_000) -> None:
    """Close ``name``'s tab, answering "Discard" to the save prompt (nothing is written)."""
    page.keyboard.press("Escape")
    tab = _notebook_tab(page, name)
    if tab.count() == 0:
        return
    tab.first.locator(".lm-TabBar-tabCloseIcon").click()
    dialog = page.locator(".jp-Dialog")
    with contextlib.suppress(Exception):
        dialog.wait_for(timeout=3000)
    if dialog.count():
        dialog.locator(".jp-Dialog-button", has_text="Discard").click()
    tab.first.wait_for(state="detached", timeout=timeout_ms)
    page.locator(".jp-NotebookPanel").first.wait_for(state="detached", timeout=timeout_ms)


def open_in_lab(page, name: str, timeout_ms: float = 120_000) -> None:
    """Open ``name`` in the running lab page: menu File -> Open from Path..."""
    page.keyboard.press("Escape")
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^\s*File\s*$")).click()
    page.locator('li[data-command="filebrowser:open-path"]').click()
    field = page.locator(".jp-Dialog input").first
    field.fill(name)
    field.press("Enter")
    wait_notebook_ready(page, name, timeout_ms)


def start_session(server: LabServer, name: str) -> None:
    """Start ``name``'s kernel ahead of time (JupyterLab attaches to the existing session)."""
    nb = json.loads((server.root_dir / name).read_text(encoding="utf-8"))
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name", "python3")
    server.request(
        "POST",
        "/api/sessions",
        body={"path": name, "name": name, "type": "notebook", "kernel": {"name": kernel}},
        timeout=60,
    )


_ARM = """() => {
  const nb = document.querySelector('.jp-NotebookPanel .jp-Notebook');
  const prompts = () => [...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(
    p => p.textContent || '');
  const stale = nb.querySelectorAll('.jp-OutputArea-child');
  for (const el of stale) el.setAttribute('data-actlib-stale', '1');
  const R = window.__actlibRun = {sawStar: false, before: prompts().join('|'), prompts};
  if (R.observer) R.observer.disconnect();
  R.observer = new MutationObserver(() => {
    if (!R.sawStar && prompts().some(p => p.includes('*'))) R.sawStar = true;
  });
  R.observer.observe(nb, {subtree: true, childList: true, characterData: true});
  return stale.length;
}"""
_PROMPTS = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')].map(
  c => (c.querySelector('.jp-InputPrompt') || {}).textContent || '')"""
#: Run All began: a prompt showed [*] (seen by the observer), prompts changed, or an old output
#: was cleared.
_STARTED = """(stale) => {
  const R = window.__actlibRun;
  return R.sawStar || R.prompts().join('|') !== R.before
    || document.querySelectorAll('[data-actlib-stale]').length < stale;
}"""
_FINISHED = """() => {
  const R = window.__actlibRun;
  const done = !R.prompts().some(p => p.includes('*'))
    && document.querySelectorAll('[data-actlib-stale]').length === 0;
  if (done) R.observer.disconnect();
  return done;
}"""


def click_run_all(page) -> None:
    """Select a cell, then menu Run -> Run All Cells."""
    page.locator(".jp-Notebook .jp-Cell .jp-InputPrompt").first.click()
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^\s*Run\s*$")).click()
    page.locator('li[data-command="runmenu:run-all"]').click()


def run_all(page, timeout_ms: float = 300_000) -> list[str]:
    """Run All Cells from the menu (retried once if it did not start); wait until done.

    Outputs present before the run are marked so that "done" means every one of them was
    replaced (the committed notebooks already show ``[1]`` .. ``[n]``), and a DOM observer
    notes any ``[*]`` so that a fast run is not missed.  Returns the code-cell prompts
    afterwards.
    """
    stale = page.evaluate(_ARM)
    for attempt in range(2):
        click_run_all(page)
        try:
            page.wait_for_function(_STARTED, arg=stale, timeout=15_000, polling=50)
            break
        except Exception:
            if attempt:
                raise
            page.keyboard.press("Escape")
    page.wait_for_function(_FINISHED, timeout=timeout_ms, polling=200)
    wait_kernel_idle(page, timeout_ms)
    return page.evaluate(_PROMPTS)


_FINDINGS = """() => {
  const nb = document.querySelector('.jp-NotebookPanel .jp-Notebook');
  const texts = sel => [...nb.querySelectorAll(sel)].map(e => e.textContent);
  const tops = [...nb.querySelectorAll('.jp-OutputArea-output')].filter(
    el => !el.parentElement.closest('.jupyter-widgets')
       && el.querySelector(':scope > .jupyter-widgets'));
  tops.forEach((el, k) => el.setAttribute('data-actlib-explorer', String(k)));
  const nonblank = cv => {
    try {
      const w = cv.width, h = cv.height;
      if (!w || !h) return false;
      const d = cv.getContext('2d').getImageData(0, 0, w, h).data;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) return true;
      }
      return false;
    } catch (e) { return 'error: ' + e; }
  };
  const canvases = [...nb.querySelectorAll('.jupyter-matplotlib-canvas-div')].map(div => {
    const cv = div.querySelector('canvas');
    return {width: cv ? cv.width : 0, height: cv ? cv.height : 0,
            nonblank: cv ? nonblank(cv) : false};
  });
  const images = [...nb.querySelectorAll('.jp-OutputArea-output img')].map(
    img => ({complete: img.complete, naturalWidth: img.naturalWidth,
             inWidget: !!img.closest('.jupyter-widgets')}));
  return {
    prompts: [...nb.querySelectorAll('.jp-CodeCell')].map(
      c => (c.querySelector('.jp-InputPrompt') || {}).textContent || ''),
    stderr: texts('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'),
    plain: texts('.jp-OutputArea-output[data-mime-type="text/plain"]'),
    stdout: texts('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stdout"]'),
    outputText: texts('.jp-OutputArea-output').join('\\n'),
    explorers: tops.map(el => ({
      sliders: el.querySelectorAll('.widget-slider').length,
      canvases: el.querySelectorAll('.jupyter-matplotlib-canvas-div').length,
      outputImages: el.querySelectorAll('.widget-output img').length,
      text: el.textContent.slice(0, 200),
    })),
    canvases, images,
  };
}"""

_WIDGETS_SETTLED = """() => {
  const nb = document.querySelector('.jp-NotebookPanel .jp-Notebook');
  const text = [...nb.querySelectorAll('.jp-OutputArea-output')].map(e => e.textContent).join();
  if (text.includes('Loading widget')) return false;
  for (const img of nb.querySelectorAll('.jp-OutputArea-output img')) {
    if (!img.complete) return false;
  }
  for (const div of nb.querySelectorAll('.jupyter-matplotlib-canvas-div')) {
    const cv = div.querySelector('canvas');
    if (!cv || !cv.width) return false;
    const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
    let ink = false;
    for (let i = 0; i < d.length; i += 16) {
      if (d[i + 3] && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) { ink = true; break; }
    }
    if (!ink) return false;
  }
  return true;
}"""


def page_findings(page, settle_ms: float = 30_000) -> dict:
    """What the notebook shows after a run (waits up to ``settle_ms`` for widgets to draw)."""
    with contextlib.suppress(Exception):
        page.wait_for_function(_WIDGETS_SETTLED, timeout=settle_ms, polling=200)
    return page.evaluate(_FINDINGS)


def log_entry_count(page) -> int:
    """How many entries the log console holds for the current notebook.

    Kernel output that belongs to no cell lands there: tracebacks and warnings raised in widget
    callbacks, i.e. exactly what a broken slider produces.
    """
    item = page.locator(".jp-LogConsoleStatusItem").first
    if item.count() == 0 or "lm-mod-hidden" in (item.get_attribute("class") or ""):
        return 0
    title = item.locator("[title]").first.get_attribute("title") or ""
    m = re.search(r"(\d+) log entr", title)
    return int(m.group(1)) if m else 1


def log_console_text(page) -> str:
    """Open the log console (status-bar item) and return its text."""
    page.locator(".jp-LogConsoleStatusItem").first.click()
    console = page.locator(".jp-LogConsole").first
    with contextlib.suppress(Exception):
        console.wait_for(timeout=5000)
    return (console.text_content() or "").strip() if console.count() else ""


# --------------------------------------------------------------------------- the sliders ---
#: Figure elements of an explorer: ipympl canvases and ``interact`` / Output-widget areas.
FIGURE_SELECTOR = ".jupyter-matplotlib-canvas-div, .widget-output"

#: One cheap signature per figure element (hash of the canvas pixels as PNG, or of the output
#: images' sources and text), polled while waiting; screenshots confirm at the end.
_SIGNATURES = """(el, sel) => {
  const hash = s => {
    let h = 5381;
    for (let i = 0; i < s.length; i++) h = (h * 33 + s.charCodeAt(i)) | 0;
    return s.length + ':' + h;
  };
  return [...el.querySelectorAll(sel)].map(f => {
    if (f.classList.contains('jupyter-matplotlib-canvas-div')) {
      const cv = f.querySelector('canvas');
      return cv ? hash(cv.toDataURL()) : '';
    }
    return hash([...f.querySelectorAll('img')].map(i => i.src).join('|') + '#' + f.textContent);
  });
}"""


@dataclass
class Move:
    """One control change: readout, figure signatures and screenshots before and after."""

    how: str
    readout_before: str
    readout_after: str
    changed_figures: list[int]  # figures whose pixels (canvas / image data) changed
    changed_shots: list[int]  # figures whose element screenshots changed
    shots: list[tuple[bytes, bytes]]
    seconds: float


def figure_locators(explorer) -> list:
    figs = explorer.locator(FIGURE_SELECTOR)
    return [figs.nth(i) for i in range(figs.count())]


def _shots(figs) -> list[bytes]:
    return [f.screenshot(animations="disabled") for f in figs]


def _signatures(explorer) -> list[str]:
    return explorer.evaluate(_SIGNATURES, FIGURE_SELECTOR)


def _park_mouse(page) -> None:
    """Keep the pointer off the figures (ipympl fades its toolbar in on hover)."""
    page.mouse.move(2, VIEWPORT["height"] - 2)


#: Counts the kernel's busy periods (the notebook's execution indicator also tracks widget
#: messages); returns ``[busy periods so far, idle now]``.
_KERNEL_ACTIVITY = """() => {
  const ind = document.querySelector('.jp-Notebook-ExecutionIndicator');
  if (!ind) return [0, false];
  if (window.__actlibIndicator !== ind) {
    window.__actlibIndicator = ind;
    window.__actlibBusy = 0;
    new MutationObserver(() => {
      if (ind.getAttribute('data-status') === 'busy') window.__actlibBusy += 1;
    }).observe(ind, {attributes: true, attributeFilter: ['data-status']});
  }
  return [window.__actlibBusy, ind.getAttribute('data-status') === 'idle'];
}"""


def _kernel_activity(page) -> tuple[int, bool]:
    busy, idle = page.evaluate(_KERNEL_ACTIVITY)
    return int(busy), bool(idle)


def _observe(
    page, explorer, figs, act, read, timeout_s: float, need_readout: bool, quiet_s: float = 2.5
) -> Move:
    """Run ``act()``; wait until ``read()`` (if needed) and some figure changed; screenshot."""
    _park_mouse(page)
    for f in figs:
        f.scroll_into_view_if_needed()
    r0, sig0, shots0 = read(), _signatures(explorer), _shots(figs)
    busy0, _ = _kernel_activity(page)
    start = time.monotonic()
    how = act()
    _park_mouse(page)
    deadline = start + timeout_s
    quiet_since = None
    while True:
        r1, sig1 = read(), _signatures(explorer)
        registered = r1 != r0 or not need_readout
        if registered and sig1 != sig0:
            break
        now = time.monotonic()
        if now > deadline:
            break
        # The control registered, the kernel handled it and has been idle for a while since,
        # and nothing was drawn: do not wait for the full timeout.
        busy, idle = _kernel_activity(page)
        if registered and busy > busy0 and idle:
            quiet_since = quiet_since or now
            if now - quiet_since > quiet_s:
                break
        else:
            quiet_since = None
        time.sleep(0.1)
    with contextlib.suppress(Exception):
        wait_kernel_idle(page, 30_000)
    time.sleep(0.2)  # a second draw of the same change may still be on its way
    r1, sig1, shots1 = read(), _signatures(explorer), _shots(figs)
    seconds = time.monotonic() - start
    return Move(
        how,
        r0,
        r1,
        [i for i, (a, b) in enumerate(zip(sig0, sig1, strict=True)) if a != b],
        [i for i, (a, b) in enumerate(zip(shots0, shots1, strict=True)) if a != b],
        list(zip(shots0, shots1, strict=True)),
        seconds,
    )


def slider_state(slider) -> dict:
    handle = slider.locator(".noUi-handle").first
    return {
        "label": (slider.locator(".widget-label").first.text_content() or "").strip(),
        "now": handle.get_attribute("aria-valuenow"),
        "min": handle.get_attribute("aria-valuemin"),
        "max": handle.get_attribute("aria-valuemax"),
    }


def _direction(state: dict) -> int:
    try:
        now, lo, hi = (float(state[k]) for k in ("now", "min", "max"))
    except (TypeError, ValueError):
        return 1
    return -1 if now >= (lo + hi) / 2 else 1


def move_slider(
    page, explorer, slider, how: str, direction: int | None = None, timeout_s: float = 15.0
) -> Move:
    """Move ``slider`` one keyboard step (``how="key"``) or by a mouse drag of a quarter of its
    track (``"drag"``); report what the readout and the figures did.

    ``direction`` +1 / -1; default: towards the middle of the range.  ``Move.how`` records it
    (``"key+"``, ``"drag-"``).
    """
    figs = figure_locators(explorer)
    handle = slider.locator(".noUi-handle").first
    readout = slider.locator(".widget-readout").first
    slider.scroll_into_view_if_needed()

    def act() -> str:
        d = direction or _direction(slider_state(slider))
        sign = "+" if d > 0 else "-"
        if how == "key":
            handle.focus()
            page.keyboard.press("ArrowRight" if d > 0 else "ArrowLeft")
            return "key" + sign
        box = handle.bounding_box()
        track = slider.locator(".noUi-base").first.bounding_box()
        dx = d * max(24.0, 0.25 * track["width"])
        x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x0, y0)
        page.mouse.down()
        page.mouse.move(x0 + dx, y0, steps=8)
        page.mouse.up()
        return "drag" + sign

    return _observe(
        page, explorer, figs, act, lambda: (readout.text_content() or "").strip(), timeout_s, True
    )


def select_next(page, explorer, control, timeout_s: float = 15.0) -> Move:
    """Pick the next option of a dropdown (or toggle a checkbox) and watch the figures."""
    figs = figure_locators(explorer)
    select = control.locator("select")
    box = control.locator("input[type=checkbox]")

    def read() -> str:
        if select.count():
            return select.first.evaluate("s => s.options[s.selectedIndex]?.text ?? ''")
        return str(box.first.is_checked())

    def act() -> str:
        if select.count():
            n = select.first.evaluate("s => s.options.length")
            i = select.first.evaluate("s => s.selectedIndex")
            select.first.select_option(index=(i + 1) % n)
            return "select"
        box.first.click()
        return "toggle"

    control.scroll_into_view_if_needed()
    return _observe(page, explorer, figs, act, read, timeout_s, True)


def click_button(page, explorer, button, timeout_s: float = 120.0) -> Move:
    """Click ``button`` (e.g. an explorer's **Train**) and wait for the figures to change."""
    figs = figure_locators(explorer)

    def act() -> str:
        button.click()
        return "click"

    return _observe(page, explorer, figs, act, lambda: "", timeout_s, False)


def save_move(move: Move, folder: Path, stem: str) -> list[Path]:
    """Write before/after PNGs of the first changed figure (else figure 0) of a move."""
    if not move.shots:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    changed = move.changed_figures or move.changed_shots or [0]
    before, after = move.shots[changed[0]]
    paths = [folder / f"{stem}-before.png", folder / f"{stem}-after.png"]
    paths[0].write_bytes(before)
    paths[1].write_bytes(after)
    return paths


def new_temp_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))
