"""Real-browser tests (JupyterLab + Debian Chromium); :mod:`.harness` is reusable on its own."""
