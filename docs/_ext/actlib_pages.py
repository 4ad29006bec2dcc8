"""Sphinx extension: write the generated parts of the actlib site before Sphinx reads them.

At ``builder-inited`` it writes, under ``docs/`` (git-ignored by ``docs/.gitignore``):

- ``activations/<name>.md``: one page per registry activation, from :data:`actlib.ACTIVATIONS`
  (formula, range, parameters with defaults and domains, kinks, aliases, notes, the accuracy
  bounds of :mod:`actlib.accuracy`, a figure of f and f', a runnable example whose printed
  output is computed here), and ``activations/index.md`` with the gallery grid and a table;
- ``activations/img/*.png``: the gallery's figures and their alt texts, written by
  ``notebooks/scripts/make_gallery_grid.py`` (redrawn only when ``actlib/`` or it changes);
- ``notebooks/``: the notebooks as committed (outputs kept, never executed), with a note that
  sliders need a running kernel added after the title, widget views replaced by the static
  snapshot stored beside them, and ``notebooks/README.md`` as their index.

Files are rewritten only when their content changes, so incremental builds stay incremental.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNEL_NOTE = (
    ":::{note}\n"
    "This page is the notebook with its committed outputs: the slider explorers appear as "
    "static snapshots. Sliders need a running kernel: open the notebook in JupyterLab with "
    "`make lab` (from a clone of the repository) and run it.\n"
    ":::"
)


# ----------------------------------------------------------------------------- helpers
def _write(path: Path, text: str | bytes) -> None:
    """Write only when the content differs (keeps Sphinx's change detection meaningful)."""
    data = text.encode() if isinstance(text, str) else text
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _num(v) -> str:
    if isinstance(v, str):
        return f'`"{v}"`'
    v = float(v)
    if math.isinf(v):
        return "$\\infty$" if v > 0 else "$-\\infty$"
    return f"`{v:.17g}`" if v != float(f"{v:.6g}") else f"`{v:g}`"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _domain(p) -> str:
    """The parameter's domain as the registry states it (``Parameter.domain``, an Interval)."""
    d = getattr(p, "domain", None)
    if p.choices:
        return ", ".join(f'`"{c}"`' for c in p.choices)
    if d is None:
        return ""
    if hasattr(d, "latex"):
        return f"${d.latex()}$"
    return _cell(d)


def _sources_hash() -> str:
    h = hashlib.sha256()
    for f in sorted((ROOT / "actlib").rglob("*.py")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    h.update(Path(__file__).read_bytes())
    h.update(GALLERY_SCRIPT.read_bytes())
    return h.hexdigest()[:16]


# ----------------------------------------------------------------------------- figures
GALLERY_SCRIPT = ROOT / "notebooks" / "scripts" / "make_gallery_grid.py"


def write_figures(out: Path, names) -> dict[str, str]:
    """The gallery's PNGs (grid + one per activation) by ``make_gallery_grid.py``, into
    ``out/img``; redrawn only when ``actlib/`` or the script changed. Returns the alt texts."""
    import importlib.util

    import matplotlib

    matplotlib.use("Agg", force=True)
    img = out / "img"
    stamp, alt_file = img / ".stamp", img / "alt.json"
    key = _sources_hash()
    wanted = [img / f"{n}.png" for n in names] + [img / "activation_grid.png", alt_file]
    if not (stamp.exists() and stamp.read_text() == key and all(p.exists() for p in wanted)):
        spec = importlib.util.spec_from_file_location("make_gallery_grid", GALLERY_SCRIPT)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        import contextlib
        import io

        with contextlib.redirect_stdout(io.StringIO()):  # it prints the directory
            script.main([str(img)])
        stamp.write_text(key)
    alt = json.loads(alt_file.read_text(encoding="utf-8"))
    return {k: " ".join(str(v or "").split()) for k, v in alt.items()}


# ----------------------------------------------------------------------------- examples
def _example_inputs(act):
    if act.kind == "vector":
        return [1.0, 2.0, 3.0, 4.0]
    xs = {-2.0, -0.5, 0.0, 0.5, 2.0}
    xs |= {float(k.x) for k in act.kinks}
    return sorted(xs)


def _example_param(act):
    """One non-default parameter value inside the slider range (or the other choice)."""
    for p in act.parameters:
        if p.choices:
            other = [c for c in p.choices if c != p.default]
            if other:
                return p.name, other[0]
        elif p.low is not None and p.high is not None:
            steps = round((p.high - p.low) / p.step) if p.step else 4
            v = p.low + (p.step or (p.high - p.low) / 4) * max(1, steps // 4)
            v = float(f"{v:.6g}")
            if v != p.default:
                return p.name, v
    return None


def example(act) -> str:
    """A doctest-style example whose outputs are computed now, from the library itself.

    Printed with NumPy's default print options, so the example runs as shown (tests/test_docs.py
    runs every one of them through :mod:`doctest`).
    """
    x = _example_inputs(act)
    xs = "[" + ", ".join(f"{v:g}" for v in x) + "]"
    lines = [">>> import actlib", f">>> x = {xs}"]

    def run(expr, value):
        lines.append(f">>> {expr}")
        lines.append(repr(value))

    run(f"actlib.{act.name}(x)", act(x))
    if act.kind == "vector":
        run(f"actlib.{act.name}.jacobian(x).shape", act.jacobian(x).shape)
        g = [1.0] * len(act(x))
        run(f"actlib.{act.name}.vjp(x, {g})", act.vjp(x, g))
    else:
        run(f"actlib.{act.name}.derivative(x)", act.derivative(x))
    extra = _example_param(act)
    if extra is not None:
        k, v = extra
        vs = f'"{v}"' if isinstance(v, str) else f"{v:g}"
        run(f"actlib.{act.name}(x, {k}={vs})", act(x, **{k: v}))
    for alias in act.aliases[:1]:
        run(f'actlib.get("{alias}").name', actlib_get(alias).name)
    return "\n".join(lines)


def actlib_get(name):
    import actlib

    return actlib.get(name)


# ----------------------------------------------------------------------------- pages
def notebook_uses(names) -> dict[str, list[tuple[str, str]]]:
    """name -> [(notebook file, title)] of the notebooks whose code uses that activation
    (by name, or all of them through the registry)."""
    uses = {n: [] for n in names}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb["cells"]
        title = next(
            (
                line.lstrip("# ").strip()
                for c in cells
                if c["cell_type"] == "markdown"
                for line in "".join(c["source"]).splitlines()
                if line.startswith("# ")
            ),
            path.stem,
        )
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        every = "ACTIVATIONS" in code  # the gallery and the property table show them all
        for n in names:
            if every or re.search(rf"(actlib\.{n}\b|[\"']{n}[\"'])", code):
                uses[n].append((path.name, title))
    return uses


def activation_page(act, used_in=(), alt="") -> str:
    from actlib import accuracy

    n = act.name
    md = [f"(act-{n})=", f"# {n}", ""]
    md += ["```{math}", f"f(x) = {act.formula}", "```", ""]
    deriv = act.derivative_formula
    md += ["```{math}", deriv if act.kind == "vector" else f"f'(x) = {deriv}", "```", ""]
    alt = alt or f"Plot of {n} (solid line) and its derivative (dashed line) against x."
    md += [
        f":::{{figure}} img/{n}.png",
        f":alt: {alt}",
        f":name: fig-{n}",
        "",
        f"{n}: function solid, derivative dashed.",
        ":::",
        "",
    ]
    rows = [
        ("call", f"`actlib.{n}(x)`"),
        (
            "derivative",
            f"`actlib.{n}.jacobian(x)`, `actlib.{n}.vjp(x, g)`"
            if act.kind == "vector"
            else f"`actlib.{n}.derivative(x)`",
        ),
        ("kind", act.kind),
        ("range", f"${act.range.latex()}$" + (" (each entry)" if act.kind == "vector" else "")),
        ("aliases", ", ".join(f"`{a}`" for a in act.aliases) or "none"),
        ("kernel", f"{{func}}`actlib.functions.{act.function.__name__}`"),
    ]
    md += ["| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows), ""]

    md += ["## Parameters", ""]
    if act.parameters:
        md += [
            "| name | default | domain | slider range (step) | meaning |",
            "|---|---|---|---|---|",
        ]
        for p in act.parameters:
            if p.choices:
                slider = "choice"
            elif p.low is not None:
                slider = f"[{p.low:g}, {p.high:g}] ({p.step:g})"
            else:
                slider = ""
            md.append(
                f"| `{p.name}` | {_num(p.default)} | {_domain(p)} | {slider} | {_cell(p.doc)} |"
            )
        constraints = getattr(act, "constraints", ())
        if constraints:
            md += ["", "Also required: " + ", ".join(f"`{c}`" for c in constraints) + "."]
        md += [
            "",
            "Domain: the values the function accepts (finite values only; anything else "
            "raises `ValueError` naming the parameter). The sliders of the notebooks offer "
            "the slider range.",
        ]
    else:
        md.append("None.")
    md.append("")

    md += ["## Kinks and conventions", ""]
    if act.kinks:
        md += ["| x | derivative returned there | convention |", "|---|---|---|"]
        md += [f"| {_num(k.x)} | {_num(k.derivative)} | {_cell(k.note)} |" for k in act.kinks]
        if act.parameters:
            md += ["", "(at the default parameters)"]
    else:
        md.append(
            "No kink: differentiable everywhere."
            if act.kind == "elementwise"
            else "A vector function: see the Jacobian above."
        )
    md += ["", "## Notes and library differences", "", act.notes or "None.", ""]

    md += ["## Accuracy asserted by the test suite", ""]
    md += [f"- {s}" for s in accuracy.statements(n)]
    md += [
        "",
        "Bounds from {mod}`actlib.accuracy`, the module `tests/test_accuracy.py` reads "
        "(references: mpmath at 110 digits).",
        "",
    ]

    md += ["## Example", "", "```python", example(act), "```", ""]
    if used_in:
        md += ["## In the notebooks", ""]
        md += [f"- [{_cell(t)}](../notebooks/{f})" for f, t in used_in]
        md.append("")
    md += [
        "## Reference",
        "",
        "```{eval-rst}",
        f".. autofunction:: actlib.functions.{act.function.__name__}",
        "   :no-index:",
        "```",
        "",
    ]
    return "\n".join(md)


def index_page(acts, grid_alt="") -> str:
    md = [
        "(activations)=",
        "# Activations",
        "",
        f"Every activation of the registry ({len(acts)}), one page each, generated from "
        "{data}`actlib.ACTIVATIONS` at build time.",
        "",
        ":::{figure} img/activation_grid.png",
        ":alt: "
        + (grid_alt or "Grid of plots, one per activation: function solid, derivative dashed."),
        "",
        "The gallery grid: function solid, derivative dashed "
        "(`notebooks/scripts/make_gallery_grid.py`).",
        ":::",
        "",
        "| activation | formula | range | parameters | kinks | aliases |",
        "|---|---|---|---|---|---|",
    ]
    for a in acts:
        params = ", ".join(f"`{p.name}`" for p in a.parameters) or "—"
        kinks = ", ".join(f"{k.x:g}" for k in a.kinks) or "—"
        aliases = ", ".join(f"`{x}`" for x in a.aliases) or "—"
        formula = _cell(a.formula)
        md.append(
            f"| [{a.name}](#act-{a.name}) | ${formula}$ | ${a.range.latex()}$ | {params} | "
            f"{kinks} | {aliases} |"
        )
    md += ["", "```{toctree}", ":hidden:", "", *(a.name for a in acts), "```", ""]
    return "\n".join(md)


def write_activation_pages(out: Path) -> None:
    import actlib

    acts = list(actlib.ACTIVATIONS.values())
    alt = write_figures(out, [a.name for a in acts])
    uses = notebook_uses([a.name for a in acts])
    for a in acts:
        _write(out / f"{a.name}.md", activation_page(a, uses[a.name], alt.get(f"{a.name}.png")))
    _write(out / "index.md", index_page(acts, alt.get("activation_grid.png")))
    keep = {f"{a.name}.md" for a in acts} | {"index.md"}
    for stale in out.glob("*.md"):
        if stale.name not in keep:
            stale.unlink()


# ----------------------------------------------------------------------------- notebooks
def docs_notebook(nb: dict) -> dict:
    """The notebook as the site shows it (the input is not modified)."""
    nb = copy.deepcopy(nb)
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data")
            if data and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
    note = {
        "cell_type": "markdown",
        "id": "docs-kernel-note",
        "metadata": {},
        "source": KERNEL_NOTE,
    }
    first_md = next((i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"), -1)
    nb["cells"].insert(first_md + 1, note)
    return nb


def write_notebooks(out: Path, src: Path) -> None:
    names = set()
    for path in sorted(src.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        text = json.dumps(docs_notebook(nb), indent=1, ensure_ascii=False) + "\n"
        _write(out / path.name, text)
        names.add(path.name)
    readme = (src / "README.md").read_text(encoding="utf-8")
    readme += "\n```{toctree}\n:hidden:\n\n" + "\n".join(sorted(names)) + "\n```\n"
    _write(out / "README.md", readme)
    for stale in out.glob("*.ipynb"):
        if stale.name not in names:
            stale.unlink()


# ----------------------------------------------------------------------------- docstrings
_LITERAL = re.compile(r"(``.+?``|:[\w:]+:`[^`]*`|`[^`]*`_*)")
_BARS = re.compile(r"(?<![\\\w])\|(?=\S)([^|`]*?\S)\|(?![\w|])")


def escape_bars(app, what, name, obj, options, lines) -> None:
    """``|x|`` in a docstring means an absolute value, not a reST substitution: escape it.

    Literals, roles, doctest blocks, literal blocks after ``::`` and table lines are left alone.
    """
    in_doctest = False
    literal_indent = None
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if literal_indent is not None:
            if stripped and indent <= literal_indent:
                literal_indent = None
            else:
                continue
        if stripped.startswith(">>>"):
            in_doctest = True
        if in_doctest:
            if not stripped:
                in_doctest = False
            continue
        table = stripped.startswith(("+-", "+=")) or (
            stripped.startswith("|") and stripped.rstrip().endswith("|")
        )
        if table or "|" not in line:
            if line.rstrip().endswith("::"):
                literal_indent = indent
            continue
        parts = _LITERAL.split(line)
        for k in range(0, len(parts), 2):
            parts[k] = _BARS.sub(r"\\|\1\\|", parts[k])
        lines[i] = "".join(parts)
        if line.rstrip().endswith("::"):
            literal_indent = indent


# ----------------------------------------------------------------------------- references
_MISSING = object()


class _Resolver:
    """Resolve a Python reference Sphinx did not find to the object it names, if that exists.

    - an activation (``actlib.log_softmax``) links to its activation page;
    - an object documented under another name (``actlib.ACTIVATIONS`` is
      ``actlib.registry.ACTIVATIONS``; ``Activation`` in a module that imports it; a widget
      re-exported by ``actlib.widgets``) links to that entry, found by identity;
    - a name that exists but has no entry of its own (a private helper, an undocumented
      constant, an attribute set in ``__init__`` such as ``Explorer.text``) links to its nearest
      documented owner: the class, else the module.

    A name that does not exist (a typo, a removed function) stays a broken reference, and
    fails the build (``nitpicky`` + ``-W``).
    """

    def __init__(self):
        self._by_id = None

    @staticmethod
    def _lookup(dotted):
        import importlib

        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            try:
                for attr in parts[cut:]:
                    obj = getattr(obj, attr)
            except AttributeError:
                return _MISSING
            return obj
        return _MISSING

    @staticmethod
    def _sets(cls, attr) -> bool:
        """True if instances of ``cls`` have ``attr`` (a class member, or ``self.attr = ...``)."""
        import dataclasses
        import inspect

        if hasattr(cls, attr):
            return True
        if dataclasses.is_dataclass(cls) and attr in {f.name for f in dataclasses.fields(cls)}:
            return True
        for klass in inspect.getmro(cls):
            try:
                src = inspect.getsource(klass)
            except (OSError, TypeError):
                continue
            if re.search(rf"self\.{re.escape(attr)}\s*(:[^=]+)?=", src):
                return True
        return False

    def _documented(self, py):
        if self._by_id is None:
            self._by_id = {}
            for fullname, entry in py.objects.items():
                if entry.aliased:
                    continue
                obj = self._lookup(fullname)
                if obj is not _MISSING and not isinstance(obj, (int, float, str, bool, tuple)):
                    self._by_id.setdefault(id(obj), fullname)
        return self._by_id

    def _entry(self, py, dotted):
        """The documented entry for ``dotted``: by name, else by the identity of its object."""
        entry = py.objects.get(dotted)
        if entry is not None:
            return entry
        obj = self._lookup(dotted)
        if obj is _MISSING or isinstance(obj, (int, float, str, bool, tuple, type(None))):
            return None
        full = self._documented(py).get(id(obj))
        return py.objects[full] if full else None

    def _owner_entry(self, py, dotted):
        """The nearest documented class or module above ``dotted``."""
        head = dotted
        while "." in head:
            head = head.rpartition(".")[0]
            entry = self._entry(py, head)
            if entry is not None and entry.objtype in ("class", "exception", "module"):
                return entry
        return None

    def __call__(self, app, env, node, contnode):
        from sphinx.util.nodes import make_refnode

        if node.get("refdomain") != "py":
            return None
        import actlib

        py = env.get_domain("py")
        target = node["reftarget"].lstrip("~.")
        mod, cls = node.get("py:module"), node.get("py:class")
        scopes = [f"{mod}.{cls}" if mod and cls else None, mod, "actlib", None]
        names = dict.fromkeys(f"{s}.{target}" if s else target for s in scopes)
        builder, here = app.builder, node.get("refdoc")

        def link(entry):
            return make_refnode(builder, here, entry.docname, entry.node_id, contnode)

        for dotted in names:
            obj = self._lookup(dotted)
            if obj is _MISSING:
                # an instance attribute (set in __init__) of an existing class
                owner, _, leaf = dotted.rpartition(".")
                owner_obj = self._lookup(owner) if owner else _MISSING
                if isinstance(owner_obj, type) and self._sets(owner_obj, leaf):
                    entry = self._entry(py, owner) or self._owner_entry(py, owner)
                    if entry is not None:
                        return link(entry)
                continue
            if isinstance(obj, actlib.Activation):
                label = env.get_domain("std").labels.get(f"act-{obj.name}")
                if label:
                    return make_refnode(builder, here, label[0], label[1], contnode)
            entry = self._entry(py, dotted) or self._owner_entry(py, dotted)
            if entry is not None:
                return link(entry)
        # a bare attribute named in a module docstring: the class of that module that sets it
        if node["reftype"] in ("attr", "meth") and "." not in target and mod:
            for fullname, entry in py.objects.items():
                if entry.objtype != "class" or entry.aliased:
                    continue
                if fullname.rpartition(".")[0] != mod:
                    continue
                cls_obj = self._lookup(fullname)
                if isinstance(cls_obj, type) and self._sets(cls_obj, target):
                    return link(entry)
        return None


# ----------------------------------------------------------------------------- MathJax, offline
#: The parts of the MathJax 3 copy in the ``sphinx-mathjax-offline`` package the site needs:
#: the TeX-to-CommonHTML bundle, its fonts, and the components it may load on demand.
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions", "ui", "a11y")


def mathjax_source() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("sphinx-mathjax-offline is not installed: pip install -e '.[docs]'")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax"


def copy_mathjax(app, exc) -> None:
    import shutil

    if exc is not None or app.builder.format != "html":
        return
    src, dst = mathjax_source(), Path(app.outdir) / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        if (src / part).is_dir():
            shutil.copytree(src / part, dst / part, dirs_exist_ok=True)
        else:
            (dst / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / part, dst / part)


# ----------------------------------------------------------------------------- sphinx
def generate(app) -> None:
    if not app.config.actlib_generate_pages:
        return
    gen = Path(app.srcdir)
    write_activation_pages(gen / "activations")
    write_notebooks(gen / "notebooks", ROOT / "notebooks")


def setup(app):
    app.add_config_value("actlib_generate_pages", True, "env")
    app.connect("builder-inited", generate)
    app.connect("autodoc-process-docstring", escape_bars)
    app.connect("missing-reference", _Resolver())
    app.connect("build-finished", copy_mathjax)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
