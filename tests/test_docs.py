"""The documentation site builds without a warning, and nothing on it points nowhere.

One full Sphinx build (``make docs`` without the venv step, into a temporary directory, with
``-W --keep-going``), then: every activation of the registry has a page with its figure, every
notebook has a page carrying the "needs a running kernel" note, every module of the API has a
page, and every local ``href``/``src`` in every HTML file (links, anchors, images, scripts,
style sheets) resolves to a file, and an anchor to an id in that file. Also the README: its
local links and images exist, and the committed gallery picture has the grid's current shape.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import actlib

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
API_MODULES = [
    "actlib",
    "actlib.accuracy",
    "actlib.datasets",
    "actlib.functions",
    "actlib.networks",
    "actlib.plotting",
    "actlib.registry",
]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        for key in ("href", "src"):
            if a.get(key) and not (tag == "link" and a.get("rel") in ("canonical",)):
                self.urls.append((tag, a[key]))


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    try:
        import sphinx  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise  # in CI the docs extra must be installed (make setup installs it)
        pytest.skip("the docs extra is not installed: make setup")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    cmd += ["-d", str(out / "doctrees"), str(DOCS), str(out / "html")]
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"sphinx-build failed:\n{run.stdout}\n{run.stderr}"
    assert "WARNING" not in run.stderr, run.stderr
    return out / "html"


def test_every_activation_has_a_page_with_its_figure(site):
    index = (site / "activations" / "index.html").read_text(encoding="utf-8")
    assert "activation_grid.png" in index
    for name in actlib.ACTIVATIONS:
        page = site / "activations" / f"{name}.html"
        assert page.exists(), name
        html = page.read_text(encoding="utf-8")
        assert re.search(rf'<img alt="[^"]{{20,}}" src="[^"]*/{name}\.png"', html), name
        for heading in ("Parameters", "Kinks and conventions", "Accuracy asserted", "Example"):
            assert heading in html, (name, heading)
        assert f'href="{name}.html"' in index, f"{name} missing from the table"


def test_every_notebook_has_a_page_with_the_kernel_note(site):
    for stem in NOTEBOOKS:
        page = site / "notebooks" / f"{stem}.html"
        assert page.exists(), stem
        html = page.read_text(encoding="utf-8")
        assert "Sliders need a running kernel" in html and '<span class="pre">lab</span>' in html
        assert "<img" in html, f"{stem}: no figure rendered from the committed outputs"
        assert "jupyter-widgets" not in html and "cdn." not in html, stem


def test_api_pages_exist(site):
    for mod in [*API_MODULES, "actlib.widgets"]:
        assert (site / "api" / "generated" / f"{mod}.html").exists(), mod


def test_every_local_link_anchor_and_image_resolves(site):
    pages = sorted(site.rglob("*.html"))
    parsed = {p: _parse(p) for p in pages}
    broken = []
    for page, links in parsed.items():
        for tag, url in links.urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("//", "mailto:", "javascript:")):
                if parts.scheme in ("http", "https") and tag in ("script", "img", "link"):
                    broken.append((page.relative_to(site), url, "remote asset"))
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((page.relative_to(site), url, "no such file"))
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append((page.relative_to(site), url, "no such anchor"))
    assert not broken, f"{len(broken)} broken: {broken[:20]}"


def test_readme_links_and_images_resolve():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    assert "docs/_static/activation_grid.png" in targets
    anchors = {
        re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
        for h in re.findall(r"^#+ (.+)$", text, flags=re.M)
    }
    for t in targets:
        if re.match(r"\w+://", t):
            continue
        if t.startswith("#"):
            assert t[1:] in anchors, t
        else:
            assert (ROOT / t.split("#")[0]).exists(), t


def test_committed_gallery_picture_has_the_current_grid_shape():
    """A stale picture (an activation added since, or a new panel size) has another size."""
    from actlib.plotting import grid_figure

    png = (DOCS / "_static" / "activation_grid.png").read_bytes()
    width, height = struct.unpack(">II", png[16:24])
    ncols, dpi = 6, 72  # the README's command: make_gallery_grid.py ... --ncols 6 --dpi 72
    w_in, h_in = grid_figure(ncols=ncols).get_size_inches()
    assert abs(width - w_in * dpi) < 1 and abs(height - h_in * dpi) < 1, (
        "docs/_static/activation_grid.png is stale: regenerate it with `python "
        "notebooks/scripts/make_gallery_grid.py docs/_static --grid-only --ncols 6 --dpi 72`"
    )


def test_generated_examples_run_as_shown():
    """Each activation page's example, run through doctest: what the page prints is what runs."""
    import doctest

    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        import actlib_pages
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(verbose=False)
    for name, act in actlib.ACTIVATIONS.items():
        test = parser.get_doctest(actlib_pages.example(act), {}, name, None, 0)
        result = runner.run(test, out=lambda s: None)
        assert result.failed == 0, (name, actlib_pages.example(act))


def test_a_broken_cross_reference_fails_the_build(tmp_path):
    """The reference resolver of docs/_ext links aliases and owners, never a name that is absent.

    A small project with the site's settings (nitpicky, -W) and the extension, pages not
    generated: references that exist under another name resolve, two typos fail the build.
    """
    pytest.importorskip("sphinx")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path[:0] = [{str(ROOT)!r}, {str(DOCS / '_ext')!r}]\n"
        "extensions = ['sphinx.ext.autodoc', 'numpydoc', 'actlib_pages']\n"
        "actlib_generate_pages = False\n"
        "nitpicky = True\n"
        "numpydoc_show_class_members = False\n"
    )
    (src / "index.rst").write_text(
        "Test\n====\n\n"
        ".. automodule:: actlib.registry\n   :members:\n\n"
        "Good: :data:`actlib.ACTIVATIONS`, :class:`actlib.Activation`, "
        ":attr:`actlib.registry.Activation.name`.\n\n"
        "Bad: :func:`actlib.no_such_function`, :attr:`actlib.registry.Activation.no_such`.\n"
    )
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    cmd += [str(src), str(tmp_path / "out")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0, "the build passed despite two broken references"
    # (the docstrings' references to modules this small project does not document also warn)
    warnings = [line for line in run.stderr.splitlines() if "index.rst" in line]
    assert len(warnings) == 2, run.stderr
    assert "actlib.no_such_function" in warnings[0] and "Activation.no_such" in warnings[1]
