"""Shared pytest configuration for the actlib test suite."""

import os

# jupyter_core warns about its path migration unless this is set; the suite runs with -W error.
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
