"""Every record kind as plain dicts in the shapes the importers read (docs/formats.md).

``iter_records(session, kind, filters)`` yields one dict per record, streamed: sources,
agreements, zones, notifications, events, statements and claims come out exactly as
``truce import`` reads them, with names instead of ids (actors) and external ids instead of
Truce ids (sources, events, agreements, zones). Actors come in the actor-registry shape (with
aliases, offices, designations, relationships). Places, violations, assessments and candidates,
which have no importer, come with their columns and references.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy.orm import Session

from truce.errors import InvalidInput
from truce.export.common import (
    BOOKKEEPING,
    Filters,
    Links,
    actor_names,
    day_text,
    record_chunks,
    references,
    source_refs,
)
from truce.formats.refs import reference
from truce.names import normalize_name
from truce.store.models import Agreement, Event, Place, Relationship, Zone
from truce.store.queries_export import (
    agreement_roles,
    event_violations,
    recipient_names,
    relationships_of,
    zone_roles,
)
from truce.store.serialize import jsonable, to_dict

Shaper = Callable[[Session, Filters], Iterator[dict[str, Any]]]


def sources(session: Session, filters: Filters) -> Iterator[dict[str, Any]]:
    for chunk in record_chunks(session, "sources", filters):
        links = Links.load(session, "sources", [r.id for r in chunk], filters)
        for r in chunk:
            common = links.common(r)
            del common["sources"]
            yield {
                "id": reference("source", r.external_id, r.id),
                "kind": r.kind, "title": r.title, "publisher": r.publisher, "url": r.url,
                "published": day_text(r.published), "published_precision": r.published_precision,
                "language": r.language, "retrieved": day_text(r.retrieved), "text": r.text,
                "reliability": r.reliability, "notes": r.notes, **common,
            }  # fmt: skip


def actors(session: Session, filters: Filters) -> Iterator[dict[str, Any]]:
    for chunk in record_chunks(session, "actors", filters):
        ids = [a.id for a in chunk]
        relations: dict[int, list[Relationship]] = {}
        for rel in relationships_of(session, ids):
            relations.setdefault(rel.subject_id, []).append(rel)
        names = actor_names(
            session,
            [a.parent_id for a in chunk]
            + [o.organisation_id for a in chunk for o in a.offices]
            + [r.object_id for rels in relations.values() for r in rels],
            filters,
        )
        for a in chunk:
            own = normalize_name(a.name)
            yield {
                "name": a.name,
                "kind": a.kind,
                "country": a.country,
                "parent": names.get(a.parent_id) if a.parent_id else None,
                "aliases": [
                    x.alias
                    for x in sorted(a.aliases, key=lambda x: x.id)
                    if normalize_name(x.alias) != own
                ],
                "description": a.description,
                "offices": [
                    {"title": o.title, "organisation": names.get(o.organisation_id or 0),
                     "start": day_text(o.start), "end": day_text(o.end)}
                    for o in sorted(a.offices, key=lambda o: o.id)
                ],
                "designations": [
                    {"designation": d.designation, "by": d.designated_by,
                     "start": day_text(d.start), "end": day_text(d.end)}
                    for d in sorted(a.designations, key=lambda d: d.id)
                ],
                "relationships": [
                    {"kind": r.kind, "object": names.get(r.object_id),
                     "start": day_text(r.start), "end": day_text(r.end)}
                    for r in relations.get(a.id, [])
                ],
                "classification": a.classification,
            }  # fmt: skip


def places(session: Session, filters: Filters) -> Iterator[dict[str, Any]]:
    for chunk in record_chunks(session, "places", filters):
        links = Links.load(session, "places", [p.id for p in chunk], filters)
        for p in chunk:
            yield {
                "id": reference("place", p.external_id, p.id),
                **_columns(p, drop=frozenset({"external_id", "classification"})),
                **links.common(p),
            }


def _columns(record: Any, *, drop: frozenset[str] = frozenset()) -> dict[str, Any]:
    return to_dict(record, exclude=BOOKKEEPING | drop)


def agreements(session: Session, filters: Filters) -> Iterator[dict[str, Any]]:
    for chunk in record_chunks(session, "agreements", filters):
        ids = [a.id for a in chunk]
        links = Links.load(session, "agreements", ids, filters)
        roles = agreement_roles(session, ids, filters)
        zones = references(session, Zone, "zone", {a.zone_id for a in chunk}, filters)
        places = references(session, Place, "place", {a.place_id for a in chunk}, filters)
        for a in chunk:
            held = roles.get(a.id, [])

            def named(role: str, held: list[Any] = held) -> list[str]:
                return [name for kind, name in held if kind == role]

            yield {
                "id": reference("agreement", a.external_id, a.id), "name": a.name,
                "kind": a.kind, "scope": a.scope, "status": a.status,
                "parties": named("party"), "mediators": named("mediator"),
                "guarantors": named("guarantor"), "excluded": named("excluded"),
                "location": a.location, "admin1": a.admin1, "country": a.country,
                "latitude": a.latitude, "longitude": a.longitude,
                "zone": zones.get(a.zone_id) if a.zone_id else None,
                "place": places.get(a.place_id) if a.place_id else None,
                "signed": day_text(a.signed), "effective_from": day_text(a.effective_from),
                "effective_to": day_text(a.effective_to), "provisions": list(a.provisions or []),
                "illustrative": bool(a.illustrative), "notes": a.notes, **links.common(a),
            }  # fmt: skip


def zones(session: Session, filters: Filters) -> Iterator[dict[str, Any]]:
    for chunk in record_chunks(session, "zones", filters):
        ids = [z.id for z in chunk]
        links = Links.load(session, "zones", ids, filters)
        roles = zone_roles(session, ids, filters)
        for z in chunk:
            held = roles.get(z.id, [])
            yield {
                **dict(z.properties or {}),
                "id": reference("zone", z.external_id, z.id), "name": z.name, "kind": z.kind,
                "valid_from": day_text(z.valid_from), "valid_to": day_text(z.valid_to),
                "binds": [name for role, name in held if role == "binds"],
                "controls": [name for role, name in held if role == "controls"],
                "restricts": list(z.restricts or []), "notes": z.notes, **links.common(z),
                "geometry": json.loads(z.geometry),
            }  # fmt: skip


def notifications(session: Session, filters: Filters) -> Iterator[dict[str, Any]]:
    for chunk in record_chunks(session, "notifications", filters):
        ids = [n.id for n in chunk]
        links = Links.load(session, "notifications", ids, filters)
        recipients = recipient_names(session, ids, filters)
        names = actor_names(session, [n.notified_by_id for n in chunk], filters)
        for n in chunk:
            yield {
                **dict(n.properties or {}),
                "id": reference("notification", n.external_id, n.id), "name": n.name,
                "kind": n.kind, "buffer_m": n.buffer_m, "valid_from": day_text(n.valid_from),
                "valid_to": day_text(n.valid_to),
                "notified_by": names.get(n.notified_by_id) if n.notified_by_id else None,
                "notified_to": recipients.get(n.id, []), "notified_on": day_text(n.notified_on),
                "notes": n.notes, **links.common(n), "geometry": json.loads(n.geometry),
            }  # fmt: skip


_EVENT_DROP = frozenset({"external_id", "row_hash", "actor1_id", "actor2_id", "place_id"})


def events(session: Session, filters: Filters) -> Iterator[dict[str, Any]]:
    for chunk in record_chunks(session, "events", filters):
        ids = [e.id for e in chunk]
        links = Links.load(session, "events", ids, filters)
        alleged = _violations(session, ids, filters)
        places = references(session, Place, "place", {e.place_id for e in chunk}, filters)
        for e in chunk:
            yield {
                "id": reference("event", e.external_id, e.id),
                **_columns(e, drop=_EVENT_DROP | {"classification"}),
                "place": places.get(e.place_id) if e.place_id else None,
                **links.common(e),
                "violations": alleged.get(e.id, []),
            }


def _violations(session: Session, ids: list[int], filters: Filters) -> dict[int, list[Any]]:
    rows = event_violations(session, ids, filters)
    agreements = references(
        session, Agreement, "agreement", {v.agreement_id for v in rows}, filters
    )
    names = actor_names(session, [v.alleged_by_id for v in rows], filters)
    refs = source_refs(session, [v.source_id for v in rows], filters)
    found: dict[int, list[Any]] = {}
    for v in rows:
        found.setdefault(v.event_id, []).append(
            {"agreement": agreements.get(v.agreement_id),
             "alleged_by": names.get(v.alleged_by_id or 0), "alleged_on": day_text(v.alleged_on),
             "source": refs.get(v.source_id or 0), "notes": v.notes}
        )  # fmt: skip
    return found


def violations(session: Session, filters: Filters) -> Iterator[dict[str, Any]]:
    for chunk in record_chunks(session, "violations", filters):
        events = references(session, Event, "event", {v.event_id for v in chunk}, filters)
        agreements = references(
            session, Agreement, "agreement", {v.agreement_id for v in chunk}, filters
        )
        names = actor_names(session, [v.alleged_by_id for v in chunk], filters)
        refs = source_refs(session, [v.source_id for v in chunk], filters)
        for v in chunk:
            yield {
                "id": f"violation:{v.id}", "event": events.get(v.event_id),
                "agreement": agreements.get(v.agreement_id),
                "alleged_by": names.get(v.alleged_by_id or 0),
                "alleged_on": day_text(v.alleged_on), "source": refs.get(v.source_id or 0),
                "notes": v.notes, "classification": v.classification,
            }  # fmt: skip


def _span(start: int | None, end: int | None) -> list[int] | None:
    return [start, end] if start is not None and end is not None else None


def statements(session: Session, filters: Filters) -> Iterator[dict[str, Any]]:
    for chunk in record_chunks(session, "statements", filters):
        links = Links.load(session, "statements", [s.id for s in chunk], filters)
        names = actor_names(session, [s.reported_by_id for s in chunk], filters)
        refs = source_refs(session, [s.source_id for s in chunk], filters)
        for s in chunk:
            yield {
                "id": reference("statement", s.external_id, s.id), "speaker": s.speaker_name,
                "reported_by": names.get(s.reported_by_id or 0), "date": day_text(s.date),
                "date_precision": s.date_precision, "venue": s.venue, "words": s.words,
                "direct": bool(s.direct), "language": s.language,
                "source": refs.get(s.source_id or 0), "span": _span(s.span_start, s.span_end),
                **links.common(s),
            }  # fmt: skip


def claims(session: Session, filters: Filters) -> Iterator[dict[str, Any]]:
    for chunk in record_chunks(session, "claims", filters):
        links = Links.load(session, "claims", [c.id for c in chunk], filters)
        events = references(session, Event, "event", {c.event_id for c in chunk}, filters)
        refs = source_refs(session, [c.source_id for c in chunk], filters)
        for c in chunk:
            yield {
                "id": reference("claim", c.external_id, c.id), "event": events.get(c.event_id),
                "claimant": c.claimant_name, "attribute": c.attribute, "value": c.value,
                "stance": c.stance, "made_on": day_text(c.made_on),
                "source": refs.get(c.source_id or 0),
                "credibility": int(c.credibility) if c.credibility else None,
                "span": _span(c.span_start, c.span_end), "notes": c.notes, **links.common(c),
            }  # fmt: skip


def assessments(session: Session, filters: Filters) -> Iterator[dict[str, Any]]:
    for chunk in record_chunks(session, "assessments", filters):
        events = references(session, Event, "event", {a.event_id for a in chunk}, filters)
        for a in chunk:
            yield {
                "id": f"assessment:{a.id}",
                "event": events.get(a.event_id),
                **_columns(a, drop=frozenset({"event_id"})),
            }


def candidates(session: Session, filters: Filters) -> Iterator[dict[str, Any]]:
    for chunk in record_chunks(session, "candidates", filters):
        refs = source_refs(session, [c.source_id for c in chunk], filters)
        for c in chunk:
            yield {
                "id": f"candidate:{c.id}",
                "source": refs.get(c.source_id),
                **_columns(c, drop=frozenset({"source_id"})),
            }


SHAPERS: dict[str, Shaper] = {
    "sources": sources,
    "actors": actors,
    "places": places,
    "zones": zones,
    "notifications": notifications,
    "agreements": agreements,
    "events": events,
    "violations": violations,
    "statements": statements,
    "claims": claims,
    "assessments": assessments,
    "candidates": candidates,
}


def iter_records(session: Session, kind: str, filters: Filters) -> Iterator[dict[str, Any]]:
    """Every visible record of ``kind`` in its export shape, streamed."""
    shaper = SHAPERS.get(kind)
    if shaper is None:
        raise InvalidInput(
            f"--kind: {kind!r} is not a record kind; use one of {', '.join(SHAPERS)}"
        )
    for item in shaper(session, filters):
        yield {key: jsonable(value) for key, value in item.items()}
