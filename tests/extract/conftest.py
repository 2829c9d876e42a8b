"""Fixtures of the extraction tests: the small actor registry, the gazetteer, the sample report."""

from __future__ import annotations

from pathlib import Path

import pytest

from truce.extract import Gazetteer, Registry, load_gazetteer

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.from_yaml(HERE / "actors.yaml")


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="session")
def report() -> str:
    return (HERE / "report.txt").read_text(encoding="utf-8")
