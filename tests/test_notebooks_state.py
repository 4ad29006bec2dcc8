"""The committed notebooks: executed in order, with outputs, clean metadata, a current index.

No kernel is started here (nbval and tests/test_notebooks_plots.py execute them). The checks:
nbformat-valid, kernelspec python3, every code cell executed with counts 1..n, outputs present,
no error outputs and no stderr, no trailing ``;`` (nbval compares outputs, and ``;`` hides one),
metadata exactly as ``notebooks/scripts/run_notebooks.py`` normalises it (no stray keys, widget
state matching the widget outputs), the opening / closing cells the contract asks for, and
``notebooks/README.md`` plus the prev/next cells as ``make_index.py`` would write them.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
ISSUE_3 = {"01", "02", "03", "04", "05", "06"}


def _script(name: str):
    spec = importlib.util.spec_from_file_location(
        f"actlib_nb_{name}", NOTEBOOK_DIR / "scripts" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(f"actlib_nb_{name}", module)
    spec.loader.exec_module(module)
    return module


run_notebooks = _script("run_notebooks")
make_index = _script("make_index")


@pytest.fixture(params=NOTEBOOKS, ids=IDS)
def nb_path(request):
    return request.param


def _read(path):
    return nbformat.read(path, as_version=4)


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 6
    for p in NOTEBOOKS:
        assert re.fullmatch(r"\d\d_[a-z0-9]+(_[a-z0-9]+)*\.ipynb", p.name), p.name


def test_valid_nbformat_and_kernelspec(nb_path):
    nb = _read(nb_path)
    nbformat.validate(nb)
    assert nb.nbformat == 4 and nb.nbformat_minor >= 5
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["kernelspec"]["language"] == "python"


def test_executed_in_order_with_outputs(nb_path):
    nb = _read(nb_path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "no code cells"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), f"execution counts {counts}"
    assert sum(len(c.outputs) for c in code) > 0, "committed without outputs"
    for i, cell in enumerate(code, start=1):
        for out in cell.outputs:
            assert out.output_type != "error", f"cell [{i}] has an error output: {out.get('ename')}"
            if out.output_type == "stream":
                assert out.name == "stdout", f"cell [{i}] writes to stderr: {out.text[:200]!r}"
            if out.output_type == "execute_result":
                assert out.execution_count == cell.execution_count


def test_no_trailing_semicolons(nb_path):
    nb = _read(nb_path)
    for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        for line in cell.source.splitlines():
            code = line.split("#", 1)[0].rstrip()
            assert not code.endswith(";"), f"code cell {i + 1}: trailing ';' in {line!r}"


def test_metadata_is_normalised(nb_path):
    """Committed notebook == run_notebooks.normalise(notebook): no stray metadata anywhere."""
    text = nb_path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    assert set(nb.metadata) <= {"kernelspec", "language_info", "widgets"}
    assert "version" not in nb.metadata.get("language_info", {})
    for cell in nb.cells:
        assert set(cell.metadata) <= {"tags"}, f"cell {cell.get('id')}: {dict(cell.metadata)}"
        if cell.cell_type == "code":
            for out in cell.outputs:
                assert "transient" not in out
    normalised = run_notebooks.normalise(copy.deepcopy(nb))
    assert nbformat.writes(normalised, version=4) == nbformat.writes(nb, version=4), (
        "run `.venv/bin/python notebooks/scripts/run_notebooks.py --normalise-only`"
    )


def test_widget_outputs_have_saved_state(nb_path):
    nb = _read(nb_path)
    views = [
        out.data[WIDGET_VIEW]["model_id"]
        for c in nb.cells
        if c.cell_type == "code"
        for out in c.outputs
        if WIDGET_VIEW in out.get("data", {})
    ]
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model_id in views:
        assert re.fullmatch(r"[0-9a-f]{32}", model_id)
        assert model_id in state, f"widget {model_id} has no saved state"
    for out in (o for c in nb.cells if c.cell_type == "code" for o in c.outputs):
        if WIDGET_VIEW in out.get("data", {}):
            assert "text/plain" in out.data
            if nb_path.name[:2] in ISSUE_3:
                # actlib.widgets explorers: viewers without a kernel (GitHub) show the snapshot
                assert "image/png" in out.data


def test_opening_and_closing_cells(nb_path):
    nb = _read(nb_path)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    number = nb_path.name[:2]
    assert re.match(rf"# {number} · \S", first.source), first.source.splitlines()[0]
    assert "glossary" in first.source.lower(), "the opening cell needs a glossary line"
    assert "note" in first.source.lower(), "the opening cell names the source note(s) it follows"
    sources = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert any(re.search(r"^## Try this", s, re.MULTILINE) for s in sources), "no '## Try this'"
    last = nb.cells[-1]
    assert last.cell_type == "markdown" and last.source.startswith(make_index.NAV_MARKER)


def test_index_and_navigation_are_current():
    wanted = make_index.plan()
    stale = [str(p.relative_to(ROOT)) for p in make_index.stale(wanted)]
    assert not stale, f"stale: {stale}; run `make index`"
    readme = wanted[NOTEBOOK_DIR / "README.md"]
    for p in NOTEBOOKS:
        assert f"]({p.name})" in readme


def test_make_index_check_mode_detects_a_stale_index(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · First\n\nShows one thing. More.")]
    nbformat.write(nb, tmp_path / "01_first.ipynb")
    nb.cells = [nbformat.v4.new_markdown_cell("# 02 · Second\n\nShows another thing.")]
    nbformat.write(nb, tmp_path / "02_second.ipynb")
    monkeypatch.setattr(make_index, "NOTEBOOKS", tmp_path)
    monkeypatch.setattr(make_index, "ROOT", tmp_path)
    assert make_index.main(["--check"]) == 1
    assert make_index.main([]) == 0
    assert make_index.main(["--check"]) == 0
    readme = (tmp_path / "README.md").read_text()
    assert "| 01 | [First](01_first.ipynb) | 10 | Shows one thing. |" in readme  # core path
    assert "## Source notes" in readme and "**Note 004**" in readme
    first = nbformat.read(tmp_path / "01_first.ipynb", as_version=4)
    assert "Next: [02 · Second](02_second.ipynb)" in first.cells[-1].source
    # a new notebook (e.g. 07 from another helper) makes the index stale again
    nb.cells = [nbformat.v4.new_markdown_cell("# 07 · Later\n\nAdded later.")]
    nbformat.write(nb, tmp_path / "07_later.ipynb")
    assert make_index.main(["--check"]) == 1
    assert make_index.main([]) == 0
    second = nbformat.read(tmp_path / "02_second.ipynb", as_version=4)
    assert "Next: [07 · Later](07_later.ipynb)" in second.cells[-1].source
    assert len(second.cells) == 2  # the navigation cell is rewritten, not appended again
