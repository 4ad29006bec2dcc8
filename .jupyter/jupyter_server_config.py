"""Jupyter server configuration for actlib's ``make lab`` (and the browser test).

Loaded because the Makefile sets ``JUPYTER_CONFIG_DIR`` to this directory::

    JUPYTER_CONFIG_DIR=$(CURDIR)/.jupyter \
    JUPYTERLAB_SETTINGS_DIR=$(CURDIR)/.jupyter/lab/user-settings \
    JUPYTER_PLATFORM_DIRS=1 .venv/bin/jupyter lab

* Listens on loopback only (127.0.0.1), token authentication always on.  The token is
  ``$ACTLIB_LAB_TOKEN`` when that is set and non-empty, otherwise Jupyter generates a random one
  and prints the login URL.
* The lab cannot be re-keyed from the browser: the login page offers no "Setup a Password"
  form and the server ignores a ``new_password`` field (``allow_password_change = False``),
  so nothing writes a password hash into this directory; no password is ever configured
  here (token only).
* Terminals are off (no notebook needs one).
* Opens ``notebooks/`` of this repository.
* No network traffic from the server: no news feed, no update check, the extension manager is
  read-only (no PyPI queries).
* Nothing is written into the repository behind your back: autosave is off (lab settings in
  ``lab/user-settings``), checkpoints and saved workspaces go to a per-user state directory
  (``$ACTLIB_LAB_STATE_DIR``, default ``<tmp>/actlib-lab-<uid>``).  The ``migrated`` marker next
  to this file stops jupyter_core from copying an old ``~/.ipython`` profile in here.
"""

import os
import sys
import tempfile
from pathlib import Path

c = get_config()  # noqa: F821 -- injected by the traitlets config loader

_HERE = Path(__file__).resolve().parent
_REPO = _HERE.parent
# Per-user state outside the repository (checkpoints, saved workspace layout). The browser test
# points ACTLIB_LAB_STATE_DIR at its own temp dir so it never touches yours.
_STATE = Path(
    os.environ.get("ACTLIB_LAB_STATE_DIR", "").strip()
    or Path(tempfile.gettempdir()) / f"actlib-lab-{os.getuid() if hasattr(os, 'getuid') else 0}"
)

# --- network exposure and authentication ---------------------------------------------------
c.ServerApp.ip = "127.0.0.1"
c.ServerApp.allow_remote_access = False
c.ServerApp.open_browser = True  # `make lab` opens your browser; the test passes --no-browser
c.ServerApp.disable_check_xsrf = False
_token = os.environ.get("ACTLIB_LAB_TOKEN", "").strip()
if _token:
    c.IdentityProvider.token = _token
# (unset -> jupyter_server generates a random token; an empty token is never configured here)
# No password set-up from the login page: with the default (True) logging in with the token and
# a new password writes a hash to .jupyter/jupyter_server_config.json, and the next start is in
# password mode. Token-only, always.
c.PasswordIdentityProvider.allow_password_change = False
c.PasswordIdentityProvider.hashed_password = ""
c.PasswordIdentityProvider.password_required = False
if (_HERE / "jupyter_server_config.json").exists():
    # jupyter_server loads a .json config after this file and lets it win: say so loudly.
    print(
        f"actlib: {_HERE / 'jupyter_server_config.json'} exists (a password set from an older "
        "lab?); it overrides this configuration -- delete it to get token-only login back.",
        file=sys.stderr,
        flush=True,
    )
# No terminals: nothing in the notebooks needs a shell in the browser.
c.ServerApp.terminals_enabled = False

# --- where the files are ---------------------------------------------------------------------
c.ServerApp.root_dir = str(_REPO / "notebooks")
# Checkpoints ("File > Save and Create Checkpoint") would otherwise land in
# notebooks/.ipynb_checkpoints/; keep them out of the repository.
c.FileCheckpoints.checkpoint_dir = str(_STATE / "checkpoints")
# JupyterLab saves the open-tab layout ("workspace") on every change; default location would be
# .jupyter/lab/workspaces inside the repository.
c.LabApp.workspaces_dir = str(_STATE / "workspaces")

# --- no outgoing network -------------------------------------------------------------------
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
