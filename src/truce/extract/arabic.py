"""Arabic reports: events, dates, numbers and places from Arabic text (see docs/extraction.md)."""

from __future__ import annotations

import hashlib
from datetime import date

from truce.extract.gazetteer import Gazetteer
from truce.extract.model import DocumentInfo, Extraction
from truce.extract.registry import Registry


def extract_arabic(
    text: str, *, published: date | None, registry: Registry, gazetteer: Gazetteer
) -> Extraction:
    """The candidates of an Arabic report."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    info = DocumentInfo(sha256=digest, published=published, language="ar", chars=len(text))
    return Extraction(document=info)
