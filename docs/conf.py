"""Sphinx configuration of the actlib documentation site (``make docs``).

Offline by design: no intersphinx, notebooks are rendered from their committed outputs
(never executed), widget JavaScript is not loaded, and the theme ships its own assets.
Warnings are errors (``sphinx-build -W --keep-going``) and cross-references are nitpicky.
"""

import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "_ext"))

import actlib  # noqa: E402

project = "actlib"
author = "actlib developers"
copyright = "actlib developers"
version = release = actlib.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
    "actlib_pages",
]

exclude_patterns = ["_build", "**.ipynb_checkpoints", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]
html_static_path = ["_static"]

# ---------------------------------------------------------------------------- theme
html_theme = "furo"
html_title = f"actlib {release}"
html_show_sourcelink = False
html_last_updated_fmt = None

# MathJax 3 served from _static (copied from the sphinx-mathjax-offline package by
# actlib_pages at the end of the build): formulas render without network access.
mathjax_path = "mathjax/tex-chtml.js"

# ---------------------------------------------------------------------------- MyST / MyST-NB
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "off"  # notebooks keep their committed outputs; never executed here
nb_ipywidgets_js = {}  # no widget JavaScript from a CDN: explorers show their PNG snapshots
nb_output_stderr = "show"
nb_merge_streams = True

# ---------------------------------------------------------------------------- API pages
autosummary_generate = True
# autosummary only adds pages: start from none, so a module that was removed leaves no stale page
shutil.rmtree(Path(__file__).parent / "api" / "generated", ignore_errors=True)
autosummary_imported_members = False
# Document every public name of a module, not only its __all__: docstrings cross-reference
# helpers such as actlib.widgets.new_canvas (autosummary ignores __all__ by default too).
autodoc_default_options = {"members": True, "member-order": "bysource", "ignore-module-all": True}
autosummary_ignore_module_all = True
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_validation_checks = set()

# A broken cross-reference fails the build (-W); names outside actlib have no target offline.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(numpy|np|matplotlib|ipywidgets|ipympl|scipy|IPython|traitlets)(\..*)?"),
    (r"py:.*", r"(optional|default|array_like|array-like|callable|scalar|ndarray)"),
    (r"py:class", r"(int|float|str|bool|tuple|list|dict|object|None|Any|Mapping|Sequence)"),
]
