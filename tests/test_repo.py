"""Repository-level checks: packaging metadata agrees with itself, the code is lint-clean,
and the layering rule (``import actlib`` loads NumPy, not matplotlib or ipywidgets) holds."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement):
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_names():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {_name(r) for r in project["dependencies"]}
    for group in project["optional-dependencies"].values():
        names |= {_name(r) for r in group}
    return names


def _environment_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for item in dep["pip"]:
                if not item.startswith("-"):
                    name, _, version = item.partition("==")
                    pins[_name(name)] = version
        else:
            name, _, version = dep.partition("=")
            pins[_name(name)] = version
    pins.pop("python", None)
    pins.pop("pip", None)
    return pins


def _constraints():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[_name(name)] = version
    return pins


def test_environment_yml_lists_the_same_packages_as_pyproject():
    assert set(_environment_pins()) == _pyproject_names()


def test_every_dependency_is_pinned_and_environment_yml_uses_the_same_pins():
    constraints = _constraints()
    env = _environment_pins()
    missing = _pyproject_names() - set(constraints)
    assert not missing, f"not pinned in constraints.txt: {sorted(missing)}"
    differ = {n: (v, constraints[n]) for n, v in env.items() if constraints[n] != v}
    assert not differ, f"environment.yml pins differ from constraints.txt: {differ}"


def test_import_actlib_loads_numpy_but_not_matplotlib_or_ipywidgets():
    code = (
        "import sys, actlib; "
        "print(sorted(m for m in ('numpy', 'matplotlib', 'ipywidgets', 'ipympl') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['numpy']"


def test_top_level_has_no_clutter():
    allowed = {
        ".ci",
        ".git",
        ".gitignore",
        ".jupyter",
        ".venv",
        ".hypothesis",
        "Makefile",
        "README.md",
        "actlib",
        "benchmarks",
        "constraints.txt",
        "docs",
        "environment.yml",
        "notebooks",
        "pyproject.toml",
        "tests",
        "LICENSE",
        "actlib.egg-info",
        ".ruff_cache",
        ".pytest_cache",
    }
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    top = {p.split("/", 1)[0] for p in tracked}
    assert top <= allowed, f"unexpected top-level entries: {sorted(top - allowed)}"


def test_ruff_check_is_clean_on_code_and_notebooks():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is a test dependency: run `make setup`"
    check = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
