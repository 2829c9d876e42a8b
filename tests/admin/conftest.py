"""Admin CLI tests: cheap password hashes (argon2's smallest cost) keep them quick."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    from truce.auth import passwords

    def fast() -> PasswordHasher:
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

    monkeypatch.setattr(passwords, "_hasher", fast)
