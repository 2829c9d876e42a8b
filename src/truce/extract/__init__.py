"""Extraction: text and a publication date in, candidate records out (pure, no database).

from truce.extract import extract, load_gazetteer, Registry
result = extract(text, published=date(2016, 9, 20), registry=reg, gazetteer=load_gazetteer())
result.to_json()  # valid against truce/data/extraction.schema.json (truce.extraction/1)

The names above are loaded from their modules when first asked for, so importing one module of
the package (``truce.extract.html`` to read a report, ``truce.extract.registry``) does not
import every stage and the output models with it (``truce ingest`` refuses an empty folder
before any of them are needed).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from truce.extract.gazcache import load_gazetteer
    from truce.extract.gazetteer import Gazetteer
    from truce.extract.model import Extraction
    from truce.extract.pipeline import extract
    from truce.extract.places import PlaceMatch, resolve_toponyms
    from truce.extract.registry import ActorEntry, OfficeTerm, Registry

_WHERE = {
    "ActorEntry": "registry",
    "Extraction": "model",
    "Gazetteer": "gazetteer",
    "OfficeTerm": "registry",
    "PlaceMatch": "places",
    "Registry": "registry",
    "extract": "pipeline",
    "load_gazetteer": "gazcache",
    "resolve_toponyms": "places",
}

__all__ = [
    "ActorEntry",
    "Extraction",
    "Gazetteer",
    "OfficeTerm",
    "PlaceMatch",
    "Registry",
    "extract",
    "load_gazetteer",
    "resolve_toponyms",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'truce.extract' has no attribute {name!r}")
    found = getattr(importlib.import_module(f"truce.extract.{module}"), name)
    globals()[name] = found  # asked once
    return found
