"""Settings, read when asked for (never at import time)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATABASE_URL = "TRUCE_DATABASE_URL"
ENV_HOME = "TRUCE_HOME"


def default_home() -> Path:
    """Where Truce keeps its default SQLite file: ``$TRUCE_HOME``, else ``~/.local/share/truce``."""
    explicit = os.environ.get(ENV_HOME)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "truce"


def default_database_url() -> str:
    return f"sqlite:///{default_home() / 'truce.sqlite'}"


def sqlite_url(path: str | os.PathLike[str]) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


@dataclass(frozen=True)
class Settings:
    database_url: str

    @classmethod
    def load(cls, *, database_url: str | None = None) -> Settings:
        """Flags win over the environment, the environment over the default."""
        url = database_url or os.environ.get(ENV_DATABASE_URL) or default_database_url()
        return cls(database_url=normalise_url(url))


def normalise_url(url: str) -> str:
    """Accept a bare file path or ``postgresql://`` and return a SQLAlchemy URL."""
    if "://" not in url:
        return sqlite_url(url)
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url
