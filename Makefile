# actlib: two commands on a fresh machine with Python 3.11+ and pip:
#   make lab    set up .venv and open the notebooks in JupyterLab (127.0.0.1, token auth)
#   make test   set up .venv and run every test (unit, property, nbval, widgets, browser, docs)
#   make docs   set up .venv and build the documentation site into build/docs/html
# Everything is installed from the pinned versions in constraints.txt.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_ENV := JUPYTER_CONFIG_DIR=$(CURDIR)/.jupyter \
	JUPYTERLAB_SETTINGS_DIR=$(CURDIR)/.jupyter/lab/user-settings \
	JUPYTER_PLATFORM_DIRS=1

.PHONY: setup lab test lint docs notebooks index bench bench-smoke lock clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "actlib needs Python 3.11 or newer (set PYTHON=python3.x)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt \
		-e ".[notebooks,test,docs]"
	touch $(STAMP)

lab: setup
	$(LAB_ENV) $(BIN)/jupyter lab $(ROOT_FLAG)

test: setup
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check actlib tests benchmarks

# The site: Sphinx + MyST-NB (notebooks from their committed outputs, never executed), one page
# per registry activation generated at build time, API pages from the docstrings. Warnings are
# errors; no network is used (MathJax and the theme are served from the build).
docs: setup
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m sphinx -W --keep-going -b html docs build/docs/html
	@echo "the site: build/docs/html/index.html"

notebooks: setup
	OPENBLAS_NUM_THREADS=1 $(BIN)/python notebooks/scripts/run_notebooks.py
	$(BIN)/python notebooks/scripts/make_index.py

index: setup
	$(BIN)/python notebooks/scripts/make_index.py

bench: setup
	$(BIN)/python -m benchmarks

bench-smoke: setup
	$(BIN)/python -m benchmarks --smoke

# Refresh constraints.txt: newest releases that satisfy pyproject.toml, frozen.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e ".[notebooks,test,docs]"
	{ echo "# Pinned versions for every package the project installs (pip constraints file)."; \
	  echo "# Regenerate with: make lock   (installs the newest releases in a scratch venv and freezes them)"; \
	  .lock-venv/bin/python -m pip freeze --all --exclude-editable | grep -viE '^(actlib|setuptools|wheel)=='; \
	} > constraints.txt
	rm -rf .lock-venv
	@echo "constraints.txt refreshed: re-run 'make notebooks' so stored outputs match, then 'make test'."

clean:
	rm -rf $(VENV) build *.egg-info docs/activations docs/notebooks docs/api/generated
