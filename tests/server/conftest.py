"""An app over each backend's store, with one user (and API token) per role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from server_helpers import Api, make_api
from sqlalchemy import Engine


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with the smallest cost, so tests making many users stay quick."""
    from truce.auth import passwords

    def fast() -> PasswordHasher:
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

    monkeypatch.setattr(passwords, "_hasher", fast)


@pytest.fixture
def api(engine: Engine) -> Iterator[Api]:
    """On SQLite and PostgreSQL in turn."""
    made = make_api(engine)
    with made.client:
        yield made


@pytest.fixture
def sqlite_api(sqlite_engine: Engine) -> Iterator[Api]:
    made = make_api(sqlite_engine)
    with made.client:
        yield made
