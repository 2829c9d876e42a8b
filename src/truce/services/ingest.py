"""Ingest a report: extract its candidates and store them with the report as their source.

``ingest_text`` is the one use case behind ``truce ingest``, ``POST /api/v1/ingest``, the web
review's ingest page and the demo's reports. A text whose hash a stored source already has is
not extracted again: the call reports the stored source (and gives it the publication date if
it had none). A new text is stored in one transaction: the source, then its candidates in one
batch, each with its own audit entry and record seal. The actor registry that
extraction resolves names against is read from the store by
:func:`truce.store.registry.store_registry`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine

from truce.extract.gazetteer import Gazetteer
from truce.extract.pipeline import extract
from truce.extract.registry import Registry
from truce.store import records
from truce.store.candidates import store_reports, stored_hashes, stored_source
from truce.store.db import transaction


@dataclass(frozen=True)
class IngestResult:
    source_id: int
    created: bool
    candidates: int
    dated: bool = False  # an undated stored source was given its publication date


def text_hash(text: str) -> str:
    """The hash a source of this text is stored under (its ``sha256``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ingest_text(
    engine: Engine, text: str, *, published: date | None, title: str | None = None,
    url: str | None = None, actor: str, registry: Registry, gazetteer: Gazetteer,
) -> IngestResult:  # fmt: skip
    """Store ``text`` as a source with its candidates; the same text again changes nothing
    (but an undated stored source is given ``published``)."""
    known = already_stored(engine, text_hash(text), published=published, actor=actor)
    if known is not None:
        return known
    doc = extract(text, published=published, registry=registry, gazetteer=gazetteer).to_json()
    return store_extracted(
        engine, doc, text=text, published=published, title=title, url=url, actor=actor
    )


def already_stored(
    engine: Engine, sha256: str, *, published: date | None, actor: str
) -> IngestResult | None:
    """The stored source of this hash (dated with ``published`` if it had no date), or None."""
    with transaction(engine) as session:
        found = stored_source(session, sha256)
        if found is None:
            return None
        source, count = found
        dated = source.published is None and published is not None
        if dated:
            records.update_record(
                session, "sources", source.id, {"published": published}, actor=actor
            )
        return IngestResult(source.id, False, count, dated)


@dataclass(frozen=True)
class Extracted:
    """A report's extraction (its contract JSON) with what its source keeps."""

    doc: dict[str, Any]
    text: str
    published: date | None
    title: str | None
    url: str | None


def store_extracted(
    engine: Engine, doc: dict[str, Any], *, text: str, published: date | None,
    title: str | None, url: str | None, actor: str,
) -> IngestResult:  # fmt: skip
    """Store a text already extracted (``doc``, its contract JSON) in one transaction; a text
    stored meanwhile (another writer) is reported as stored, not written twice."""
    return store_many(engine, [Extracted(doc, text, published, title, url)], actor=actor)[0]


def store_many(engine: Engine, reports: Sequence[Extracted], *, actor: str) -> list[IngestResult]:
    """Store reports already extracted in one transaction (sources in one batch, candidates in
    another); one already stored — by another writer, or earlier in ``reports`` — is reported
    as stored, not written twice."""
    hashes = [report.doc["document"]["sha256"] for report in reports]
    with transaction(engine) as session:
        stored = stored_hashes(session, hashes)
        new = [i for i, sha in enumerate(hashes) if sha not in stored and hashes.index(sha) == i]
        written = store_reports(
            session,
            [(reports[i].doc, _source_values(reports[i])) for i in new],
            actor=actor,
        )
        results = {
            i: IngestResult(source_id, True, count)
            for i, (source_id, count) in zip(new, written, strict=True)
        }
        for index, sha in enumerate(hashes):
            if index not in results:
                found = stored_source(session, sha)
                assert found is not None
                results[index] = IngestResult(found[0].id, False, found[1])
        return [results[i] for i in range(len(reports))]


def _source_values(report: Extracted) -> dict[str, Any]:
    return {"title": report.title, "url": report.url, "published": report.published,
            "text": report.text}  # fmt: skip
