"""Every static figure in the committed notebooks carries alt text (issue 12, house style).

Static figures are displayed with ``actlib.plotting.show(fig, alt=...)``, which publishes an HTML
``<img alt="...">`` (what JupyterLab and the docs render), the PNG, and the alt text as
``text/plain`` (compared by nbval). A figure left to the inline backend's automatic display has
only ``image/png`` + ``<Figure size ...>`` and fails here. Explorer outputs (widget views) are
the explorers' business (their snapshot), not checked here.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ALT = re.compile(r'<img src="data:image/png;base64,[^"]+" alt="([^"]{12,})"/>')


def figures_without_alt(nb) -> list[str]:
    """Describe every image output of ``nb`` that is not an explorer and has no alt text."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            if "image/png" not in data or WIDGET_VIEW in data:
                continue
            if not ALT.fullmatch(data.get("text/html", "").strip()):
                problems.append(f"cell {i}: figure without <img alt> (use plotting.show)")
            elif data.get("text/plain", "").startswith("<Figure"):
                problems.append(f"cell {i}: text/plain is not the alt text")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_static_figures_have_alt_text(path):
    nb = nbformat.read(path, as_version=4)
    problems = figures_without_alt(nb)
    assert not problems, "\n".join(problems)


def test_checker_flags_a_plain_inline_figure():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("fig")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"image/png": "iVBOR", "text/plain": "<Figure size 640x480>"}
        )
    ]
    nb.cells = [cell]
    assert figures_without_alt(nb)
    from actlib.plotting import image_bundle

    data, _ = image_bundle(b"\x89PNG", "A sigmoid curve rising from 0 to 1.")
    cell.outputs = [nbformat.v4.new_output("display_data", data=data)]
    assert figures_without_alt(nb) == []
