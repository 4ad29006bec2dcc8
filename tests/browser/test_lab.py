"""Real-browser tests: the project's JupyterLab, Debian's Chromium, every notebook and explorer.

* the server ``make lab`` starts listens on loopback only and refuses requests without the token;
* every ``notebooks/*.ipynb`` opens, runs (menu Run -> Run All Cells) and shows no error, no
  broken widget and every figure;
* every explorer (top-level widget output of a committed notebook) answers its sliders: one
  keyboard step and one mouse drag per slider change the readout and the figure's pixels
  (before/after PNGs go to ``tests/browser/artifacts/``); dropdowns and checkboxes are switched
  once too.

Run: ``.venv/bin/pytest tests/browser -m browser``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import harness as h

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.name for p in h.NOTEBOOK_DIR.glob("*.ipynb"))
#: Widget outputs with sliders or a figure (saved state unknown: included); a button-only
#: widget such as the comparison runner is not an explorer.
EXPLORERS = [
    spec
    for nb in NOTEBOOKS
    for spec in h.committed_widget_views(h.NOTEBOOK_DIR / nb)
    if spec.sliders is None or spec.sliders or spec.canvas
]


def _explorer_id(spec: h.ExplorerSpec) -> str:
    title = re.sub(r"[^A-Za-z0-9]+", "_", spec.title).strip("_")[:40]
    return f"{Path(spec.notebook).stem}-{spec.index}-{title}"


# ------------------------------------------------------------------------- configuration ---
def test_config_loopback_and_token(monkeypatch):
    """.jupyter/jupyter_server_config.py: loopback, token from ACTLIB_LAB_TOKEN, no network."""
    from traitlets.config.loader import PyFileConfigLoader

    def load(token: str | None):
        if token is None:
            monkeypatch.delenv("ACTLIB_LAB_TOKEN", raising=False)
        else:
            monkeypatch.setenv("ACTLIB_LAB_TOKEN", token)
        return PyFileConfigLoader("jupyter_server_config.py", path=str(h.CONFIG_DIR)).load_config()

    c = load("s3cret")
    assert c.ServerApp.ip == "127.0.0.1"
    assert c.ServerApp.allow_remote_access is False
    assert c.IdentityProvider.token == "s3cret"
    assert Path(c.ServerApp.root_dir) == h.REPO / "notebooks"
    assert c.LabApp.news_url is None
    assert c.LabApp.check_for_updates_class == "jupyterlab.NeverCheckForUpdate"
    assert c.LabApp.extension_manager == "readonly"
    for state_path in (c.FileCheckpoints.checkpoint_dir, c.LabApp.workspaces_dir):
        assert h.REPO not in Path(state_path).resolve().parents, state_path
    # unset or blank: leave the token to jupyter_server (random), never configure an empty one
    for token in (None, "", "  "):
        assert "token" not in load(token).IdentityProvider
    # token only: no password set-up from the login page, no password configured, no terminals
    assert c.PasswordIdentityProvider.allow_password_change is False
    assert c.PasswordIdentityProvider.hashed_password == ""
    assert c.ServerApp.terminals_enabled is False


#: What the server, the lab front end or a jupyter command can write into .jupyter/.
SERVER_STATE_FILES = [
    "jupyter_server_config.json",  # the password hash set at /login, `jupyter server password`
    "jupyter_notebook_config.json",
    "jupyter_server_config.d/some_extension.json",  # `jupyter server extension enable`
    "serverconfig/notebook.json",  # PUT/PATCH /api/config/<section>
    "nbconfig/notebook.json",
    "labconfig/page_config.json",  # `jupyter labextension disable`
    "lab/workspaces/default-37a8.jupyterlab-workspace",
    "lab/user-settings/@jupyterlab/notebook-extension/tracker.jupyterlab-settings",
]


def test_server_state_files_are_ignored_by_git():
    """Anything the lab may write under .jupyter/ is git-ignored; the committed files are not."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None or not (h.REPO / ".git").exists():
        pytest.skip("needs git and the repository")
    rel = [f".jupyter/{p}" for p in SERVER_STATE_FILES]
    out = subprocess.run(
        [git, "check-ignore", "--no-index", "--stdin"],
        cwd=h.REPO,
        input="\n".join(rel),
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert sorted(out) == sorted(rel), f"not ignored: {sorted(set(rel) - set(out))}"
    tracked = subprocess.run(
        [git, "ls-files", ".jupyter"], cwd=h.REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert ".jupyter/jupyter_server_config.py" in tracked
    ignored = subprocess.run(
        [git, "check-ignore", "--no-index", "--stdin"],
        cwd=h.REPO,
        input="\n".join(tracked),
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert ignored == [], f"committed files matched by .gitignore: {ignored}"


# ------------------------------------------------------------------ the running server ---
def test_server_requires_token_and_listens_on_loopback(lab_server):
    status, _ = lab_server.request("GET", "/api/contents", token=None)
    assert status == 403, f"unauthenticated GET /api/contents gave {status}, expected 403"
    status, _ = lab_server.request("GET", "/api/contents", token="not-the-token")
    assert status == 403, f"GET /api/contents with a wrong token gave {status}, expected 403"
    status, body = lab_server.request("GET", "/api/contents")
    assert status == 200, body
    names = {item["name"] for item in body["content"]}
    assert set(NOTEBOOKS) <= names
    status, _ = lab_server.request("GET", "/lab", token=None)
    assert status in (302, 403), f"GET /lab without a token gave {status}"
    addresses = h.listening_addresses(lab_server.port)
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp to read listening sockets from")
    assert addresses, f"nothing listens on port {lab_server.port}"
    assert set(addresses) == {"127.0.0.1"}, f"server listens on {addresses}, not only 127.0.0.1"


def _login_form(lab_server):
    """GET /login: ``(page html, xsrf cookie header)`` for a form POST."""
    import http.cookiejar
    import urllib.request

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), h._NoRedirect)
    with opener.open(lab_server.base_url + "/login", timeout=15) as resp:
        page = resp.read().decode("utf-8", "replace")
    return opener, jar, page


def _post_login(lab_server, opener, jar, **fields):
    import urllib.error
    import urllib.parse
    import urllib.request

    xsrf = next(c.value for c in jar if c.name == "_xsrf")
    data = urllib.parse.urlencode({"_xsrf": xsrf, **fields}).encode()
    req = urllib.request.Request(lab_server.base_url + "/login", data=data, method="POST")
    try:
        with opener.open(req, timeout=15) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def test_lab_cannot_be_rekeyed_from_the_browser(lab_server):
    """/login offers no password set-up, and a token login with a new password sets none."""
    config_json = h.CONFIG_DIR / "jupyter_server_config.json"
    existed = config_json.exists()
    opener, jar, page = _login_form(lab_server)
    assert "new_password" not in page and "Setup a Password" not in page, page[-2000:]
    try:
        status, _ = _post_login(
            lab_server, opener, jar, password=lab_server.token, new_password="n3w-pass"
        )
        assert status == 302, f"token login gave {status}"
        assert existed or not config_json.exists(), f"the login wrote {config_json}"
        # the new password does not log in; the token still does
        opener, jar, _ = _login_form(lab_server)
        status, _ = _post_login(lab_server, opener, jar, password="n3w-pass")
        assert status != 302, "the password set at /login was accepted"
        opener, jar, _ = _login_form(lab_server)
        status, _ = _post_login(lab_server, opener, jar, password=lab_server.token)
        assert status == 302, f"token login after the attempt gave {status}"
    finally:
        if not existed:
            config_json.unlink(missing_ok=True)


def test_terminals_are_off(lab_server):
    status, _ = lab_server.request("GET", "/api/terminals")
    assert status == 404, f"GET /api/terminals gave {status}, expected 404 (terminals off)"
    status, _ = lab_server.request("POST", "/api/terminals")
    assert status in (403, 404, 405), f"POST /api/terminals gave {status}"


def test_lab_settings_no_news_no_autosave_no_checkpoints_in_repo(lab_server):
    """The lab picks up .jupyter/lab/user-settings and the server config's no-network options."""
    status, body = lab_server.request(
        "GET", "/lab/api/settings/@jupyterlab/apputils-extension:notification"
    )
    assert status == 200, body
    assert body["settings"].get("fetchNews") == "false"
    assert body["settings"].get("checkForUpdates") is False
    status, body = lab_server.request(
        "GET", "/lab/api/settings/@jupyterlab/docmanager-extension:plugin"
    )
    assert status == 200, body
    assert body["settings"].get("autosave") is False
    status, body = lab_server.request("GET", "/lab/api/news")
    assert status == 200 and body.get("news") == [], body
    status, body = lab_server.request("GET", "/lab/api/update")
    assert status == 200 and body.get("notification") is None, body
    if not NOTEBOOKS:
        return
    nb = NOTEBOOKS[0]
    status, body = lab_server.request("POST", f"/api/contents/{nb}/checkpoints")
    assert status == 201, body
    try:
        assert not list(lab_server.root_dir.rglob(".ipynb_checkpoints")), (
            "a checkpoint was written next to the notebooks"
        )
        assert list(lab_server.state_dir.rglob(f"{Path(nb).stem}-*.ipynb"))
    finally:
        lab_server.request("DELETE", f"/api/contents/{nb}/checkpoints/{body['id']}")


# -------------------------------------------------------------------------- notebooks ---
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[Path(n).stem for n in NOTEBOOKS])
def test_notebook_runs_clean_in_lab(notebook_runner, notebook):
    run = notebook_runner.get(notebook)
    f = run.findings
    path = h.NOTEBOOK_DIR / notebook
    problems = []

    prompts = f["prompts"]
    counts = [re.search(r"\[(\d+)\]", p) for p in prompts]
    n_code = h.code_cell_count(path)
    if len(prompts) != n_code:
        problems.append(f"{len(prompts)} code cells in the page, {n_code} in the file")
    not_run = [i for i, m in enumerate(counts) if m is None]
    if not_run:
        problems.append(f"code cells {not_run} did not run (prompts {prompts})")
    elif [int(m.group(1)) for m in counts] != list(range(1, len(counts) + 1)):
        problems.append(f"execution counts {prompts}, expected [1]..[{len(counts)}] in order")

    for text in f["stderr"]:
        if h.ERROR_TEXT.search(text):
            problems.append(f"error output:\n{text[:2000]}")
    text = f["outputText"]
    for bad in ("Error displaying widget", "Loading widget", "Model not found"):
        if bad.lower() in text.lower():
            problems.append(f"{bad!r} shown in the outputs")
    for plain in f["plain"] + f["stdout"]:
        m = h.BARE_REPR.search(plain)
        if m:
            line = plain[m.start() :].splitlines()[0] if plain[m.start() :].strip() else plain
            problems.append(f"a widget/figure shown as text instead: {line[:200]!r}")
    if run.log_entries:
        problems.append(
            f"{run.log_entries} log-console entries (kernel output outside cells):\n"
            f"{run.log_console[:2000]}"
        )

    committed = h.committed_widget_views(path)
    shown = f["explorers"]
    if len(shown) != len(committed):
        problems.append(
            f"{len(shown)} widget outputs after Run All, {len(committed)} in the committed "
            "notebook (stale outputs? re-execute it)"
        )
    for spec, ex in zip(committed, shown, strict=False):
        where = f"widget output {spec.index} ({spec.title!r})"
        if spec.sliders is not None and ex["sliders"] != spec.sliders:
            problems.append(f"{where}: {ex['sliders']} sliders rendered, {spec.sliders} saved")
        if spec.canvas and not ex["canvases"]:
            problems.append(f"{where}: its ipympl canvas did not render")
        if (spec.sliders or ex["sliders"]) and not (ex["canvases"] or ex["outputImages"]):
            problems.append(f"{where}: no figure rendered (text: {ex['text'][:120]!r})")
    if committed:
        if not sum(ex["sliders"] for ex in shown):
            problems.append("the notebook has explorers but no slider rendered")
        if not sum(ex["canvases"] + ex["outputImages"] for ex in shown):
            problems.append("the notebook has explorers but no explorer figure rendered")
    for i, cv in enumerate(f["canvases"]):
        if not (cv["width"] and cv["height"]) or cv["nonblank"] is not True:
            problems.append(f"ipympl canvas {i} is empty: {cv}")
    for i, img in enumerate(f["images"]):
        if not (img["complete"] and img["naturalWidth"] > 0):
            problems.append(f"image {i} did not load: {img}")

    if problems:
        notebook_runner._screenshot(run, "problems")
    assert not problems, f"{notebook}:\n- " + "\n- ".join(problems)


#: Options tried per dropdown while looking for one that reveals parameter sliders.
MAX_PICKS = 6


def _waits_for_sliders(ex) -> bool:
    """The explorer says the current choice has "no parameters" (the gallery's parameter box)
    and shows no slider that has not been tried yet."""
    return ex.evaluate(
        """el => /no parameters/i.test(el.textContent)
            && ![...el.querySelectorAll('.widget-slider:not([data-actlib-id])')]
                .some(c => c.offsetParent !== null)"""
    )


@pytest.mark.skipif(not EXPLORERS, reason="no committed notebook has an explorer yet")
@pytest.mark.parametrize(
    "explorer", EXPLORERS or [None], ids=[_explorer_id(s) for s in EXPLORERS] or ["none"]
)
def test_explorer_controls_move_the_plot(notebook_runner, artifacts, explorer):
    """Every visible slider: one ArrowKey step and one mouse drag; every dropdown / checkbox:
    the next option.  Each must change the readout (sliders) and the figure's pixels.

    Controls whose effect only shows after the explorer's **Train** / **Step** button (the
    training playground's learning rate, momentum and batch size act on the next tick) are
    collected; pressing that button once at the end must then change the figure (reported in
    the summary).
    """
    run = notebook_runner.get(explorer.notebook)
    page = run.page
    ex = page.locator(f'[data-actlib-explorer="{explorer.index}"]')
    assert ex.count() == 1, f"widget output {explorer.index} of {explorer.notebook} not shown"
    assert h.figure_locators(ex), f"{explorer.title!r}: no figure (ipympl canvas / output) in it"
    folder = artifacts / Path(explorer.notebook).stem
    logged_before = h.log_entry_count(page)
    # the training playground's Step trains one tick (a new learning rate shows after it)
    train = ex.locator("button").filter(has_text=re.compile(r"^\s*(Train|Step)\b"))
    problems, moves = [], []

    deferred = []  # controls that registered but left the figure alone (Train shows them)

    def check(move: h.Move, what: str, stem: str) -> None:
        shots = h.save_move(move, folder, stem)
        moves.append((what, move, shots))
        if move.readout_after == move.readout_before:
            problems.append(f"{what}: readout stayed {move.readout_before!r}")
        elif not move.changed_figures and train.count():
            deferred.append(what)
        elif not move.changed_figures:
            problems.append(f"{what}: figure pixels did not change (see {folder})")
        elif not move.changed_shots:
            problems.append(f"{what}: canvas changed but its screenshot did not (hidden?)")

    def untested(selector: str):
        """Visible controls not tried yet, as stable locators (tagged with a unique id)."""
        ids = ex.evaluate(
            """(el, sel) => [...el.querySelectorAll(sel)]
                .filter(c => !c.hasAttribute('data-actlib-id') && c.offsetParent !== null)
                .map(c => {
                  window.__actlibIds = (window.__actlibIds || 0) + 1;
                  c.setAttribute('data-actlib-id', String(window.__actlibIds));
                  return String(window.__actlibIds);
                })""",
            selector,
        )
        return [page.locator(f'[data-actlib-id="{i}"]') for i in ids]

    def slug(text: str) -> str:
        return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_") or "x"

    n_sliders = n_controls = 0
    controls_done = False
    while True:
        sliders = untested(".widget-slider")
        for slider in sliders:
            label = h.slider_state(slider)["label"] or f"slider{n_sliders}"
            n_sliders += 1
            # one step towards the middle, then a drag back past the start (both directions,
            # and the explorer ends near where it began)
            key = h.move_slider(page, ex, slider, "key")
            check(key, f"slider {label!r} (key)", f"e{explorer.index}-{slug(label)}-key")
            back = -1 if key.how.endswith("+") else 1
            drag = h.move_slider(page, ex, slider, "drag", direction=back)
            check(drag, f"slider {label!r} (drag)", f"e{explorer.index}-{slug(label)}-drag")
        if sliders:
            continue
        if controls_done:
            break
        controls_done = True  # each dropdown / checkbox once, then any sliders they revealed
        for control in untested(".widget-dropdown, .widget-checkbox"):
            label = (control.locator("label").first.text_content() or "control").strip()
            n_controls += 1
            for attempt in range(MAX_PICKS):
                move = h.select_next(page, ex, control)
                stem = f"e{explorer.index}-{slug(label)}" + (f"-{attempt}" if attempt else "")
                check(move, f"{label!r} -> {move.readout_after!r}", stem)
                # Some choices come with their own sliders (the gallery's parameters):
                # keep picking until new sliders show up.
                if not control.locator("select").count() or not _waits_for_sliders(ex):
                    break

    if deferred:
        move = h.click_button(page, ex, train.first)
        what = "Train after " + ", ".join(deferred)
        moves.append((what, move, h.save_move(move, folder, f"e{explorer.index}-train")))
        if not move.changed_figures:
            problems.append(f"{what}: the figure did not change even after Train")
    if explorer.sliders:
        assert n_sliders >= 1, f"{explorer.title!r}: no visible slider to move"
    errors = ex.locator('[data-mime-type="application/vnd.jupyter.stderr"]')
    if errors.count():
        problems.append("error output inside the explorer:\n" + (errors.first.text_content() or ""))
    entries = h.log_entry_count(page)
    if entries > logged_before:
        text = h.log_console_text(page)
        problems.append(f"{entries - logged_before} new log-console entries:\n{text[-2000:]}")

    detail = "\n".join(
        f"  {what}: {m.readout_before!r} -> {m.readout_after!r}, figures changed "
        f"{m.changed_figures} (screenshots {m.changed_shots}), {m.seconds:.2f} s"
        for what, m, _ in moves
    )
    notebook_runner.explorer_rows.append(
        {
            "notebook": explorer.notebook,
            "index": explorer.index,
            "title": explorer.title,
            "sliders": n_sliders,
            "controls": n_controls,
            "moves": len(moves),
            "train": len(deferred),
            "seconds": round(sum(m.seconds for _, m, _ in moves), 1),
            "ok": not problems,
            "detail": detail,
        }
    )
    assert not problems, (
        f"{explorer.notebook} explorer {explorer.index} ({explorer.title!r}):\n- "
        + "\n- ".join(problems)
        + f"\nmoves:\n{detail}\nscreenshots: {folder}"
    )
