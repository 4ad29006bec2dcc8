"""Re-execute the notebooks in place, deterministically, and normalise their metadata.

Usage (from the repository root; ``make notebooks`` runs the first form)::

    .venv/bin/python notebooks/scripts/run_notebooks.py              # every NN_*.ipynb
    .venv/bin/python notebooks/scripts/run_notebooks.py notebooks/03_tanh.ipynb
    .venv/bin/python notebooks/scripts/run_notebooks.py --normalise-only   # no execution

Each notebook is executed top to bottom with nbclient on the ``python3`` kernel, in its own
directory, with ``PYTHONHASHSEED=0`` and this checkout's ``actlib`` first on ``PYTHONPATH``.
Afterwards the notebook is normalised so that re-running produces the same file:

* notebook metadata: only ``kernelspec`` (python3), a version-free ``language_info`` and the
  saved widget state (``widgets``);
* cell metadata dropped (except ``tags``), cell ids kept if valid and unique, else derived from
  the position; execution counts 1..n (nbclient);
* widget model ids (random UUIDs) renamed to ``00000000000000000000000000000001`` ... in order of
  first appearance, in outputs and in the saved widget state alike.

The file is only rewritten if it changed. Exit status 1 if any notebook failed to execute.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
_CELL_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")


def notebook_paths(args: list[str] | None = None) -> list[Path]:
    """The notebooks to process: the given paths, or every ``notebooks/NN_*.ipynb``."""
    if args:
        return [Path(a).resolve() for a in args]
    return sorted(NOTEBOOKS.glob(NOTEBOOK_GLOB))


def kernel_env() -> dict[str, str]:
    """Environment for the kernel: fixed hash seed, this checkout importable, no user config."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]]
    )
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    env.pop("MPLBACKEND", None)  # the kernel picks the inline backend itself
    return env


def _renumber_widget_ids(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Replace random widget model ids by a deterministic sequence."""
    ids: list[str] = []
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW_MIME)
            if view and view.get("model_id") and view["model_id"] not in ids:
                ids.append(view["model_id"])
    for model_id in state:
        if model_id not in ids:
            ids.append(model_id)
    if not ids:
        return nb
    mapping = {old: f"{i:032x}" for i, old in enumerate(ids, start=1)}
    pattern = re.compile("|".join(re.escape(old) for old in sorted(ids, key=len, reverse=True)))
    text = pattern.sub(lambda m: mapping[m.group(0)], json.dumps(nb, ensure_ascii=False))
    return nbformat.from_dict(json.loads(text))


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return ``nb`` with deterministic, minimal metadata (see module docstring)."""
    nb.nbformat = 4
    nb.nbformat_minor = max(5, int(nb.get("nbformat_minor", 5)))
    metadata = {"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)}
    widgets_md = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME)
    if widgets_md and widgets_md.get("state"):
        metadata["widgets"] = {WIDGET_STATE_MIME: widgets_md}
    nb.metadata = nbformat.from_dict(metadata)
    seen: set[str] = set()
    for index, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags")
        cell.metadata = nbformat.from_dict({"tags": tags} if tags else {})
        cid = cell.get("id")
        if not cid or not _CELL_ID.match(cid) or cid in seen:
            cid = f"cell-{index:02d}"
            while cid in seen:
                cid += "x"
        cell.id = cid
        seen.add(cid)
        if cell.cell_type == "code":
            for out in cell.outputs:
                out.pop("transient", None)
    return _renumber_widget_ids(nb)


def execute(path: Path, *, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute one notebook (outputs cleared first) and return it, normalised."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=timeout,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
        allow_errors=False,
    )
    client.execute(env=kernel_env())
    return normalise(nb)


def write_if_changed(nb: nbformat.NotebookNode, path: Path) -> bool:
    """Write ``nb`` to ``path`` unless the file already holds exactly that text."""
    text = nbformat.writes(nb, version=4)
    if not text.endswith("\n"):
        text += "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks (default: notebooks/NN_*.ipynb)")
    parser.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds")
    parser.add_argument(
        "--normalise-only", action="store_true", help="only normalise metadata, do not execute"
    )
    args = parser.parse_args(argv)
    failed = []
    for path in notebook_paths(args.notebooks):
        start = time.perf_counter()
        try:
            if args.normalise_only:
                nb = normalise(nbformat.read(path, as_version=4))
            else:
                nb = execute(path, timeout=args.timeout)
        except CellExecutionError as err:
            failed.append(path.name)
            print(f"FAILED {path.name}: {str(err).splitlines()[0] if str(err) else err}")
            continue
        changed = write_if_changed(nb, path)
        status = "updated" if changed else "unchanged"
        print(f"{path.name}: {status} ({time.perf_counter() - start:.1f} s)")
    if failed:
        print("failed:", ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
