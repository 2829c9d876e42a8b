"""Extraction: text and a publication date in, candidate records out (pure, no database).

from truce.extract import extract, load_gazetteer, Registry
result = extract(text, published=date(2016, 9, 20), registry=reg, gazetteer=load_gazetteer())
result.to_json()  # valid against truce/data/extraction.schema.json (truce.extraction/1)
"""

from truce.extract.gazcache import load_gazetteer
from truce.extract.gazetteer import Gazetteer
from truce.extract.model import Extraction
from truce.extract.pipeline import extract
from truce.extract.places import PlaceMatch, resolve_toponyms
from truce.extract.registry import ActorEntry, OfficeTerm, Registry

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
