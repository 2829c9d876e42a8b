"""The README's layout and docs/architecture.md name every package of the tree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGES = sorted(
    p.name for p in (ROOT / "src" / "truce").iterdir() if (p / "__init__.py").is_file()
)


def _layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^## Layout\n(.*?)(?=^## )", readme, re.M | re.S)
    assert found is not None, "the README has a Layout section"
    return found.group(1)


@pytest.mark.parametrize("package", PACKAGES)
def test_the_readme_layout_names_each_package(package: str) -> None:
    assert f"{package}/" in _layout()


@pytest.mark.parametrize("package", PACKAGES)
def test_the_architecture_tour_names_each_package(package: str) -> None:
    assert f"`{package}/`" in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
