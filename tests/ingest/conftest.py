"""Fixtures of the importer tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import DATA


@pytest.fixture
def data() -> Path:
    return DATA
