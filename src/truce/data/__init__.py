"""Truce's packaged data files (lexicons, dictionaries, the gazetteer's sources), and the one
YAML reader the lexicons share."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it: the same data as yaml.safe_load, about ten
# times faster (the lexicons are read by every process that extracts, at its start).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """YAML text as plain data, read as ``yaml.safe_load`` reads it."""
    return yaml.load(text, Loader=_LOADER)


@functools.lru_cache(maxsize=8)
def packaged_yaml(name: str) -> Any:
    """The packaged data file ``name`` as plain data, read once per process (shared by every
    stage that reads it: treat it as read-only)."""
    return load_yaml(resources.files(__name__).joinpath(name).read_text("utf-8"))
