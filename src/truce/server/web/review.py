"""The review queue's page data: one page of candidates filtered by status, kind and report,
each with its source text around the span, the fields an analyst may edit, whether it still
needs a date, and the existing events it would duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import Engine

from truce.auth import Principal
from truce.days import parse_day
from truce.errors import InvalidInput
from truce.extract import load_gazetteer
from truce.extract.html import Page, report_text
from truce.server.review import ingest_page
from truce.services.ingest import IngestResult
from truce.services.review import edit_candidate
from truce.store import candidates, records
from truce.store.candidate_edits import CandidateEdit, candidate_matches
from truce.store.candidates import event_day
from truce.store.db import transaction
from truce.store.models import Candidate, Event, Source
from truce.store.records import visible_by_ids
from truce.store.visibility import visible_clause

CONTEXT_CHARS = 320  # source text shown either side of a candidate's span
PAGE_SIZE = 20
STATUSES = ("pending", "accepted", "rejected")
KINDS = tuple(kind for _, kind in candidates.ITEM_KINDS)


@dataclass(frozen=True)
class Match:
    """An existing event a candidate would duplicate."""

    id: int
    event_date: date
    event_type: str
    location: str | None
    actors: str


@dataclass(frozen=True)
class ReviewItem:
    id: int
    kind: str
    status: str
    version: int
    confidence: float | None
    summary: str
    source_id: int
    source_title: str | None
    published: date | None
    before: str
    span: str
    after: str
    reviewed_by: str | None
    record_id: int | None
    fields: dict[str, Any]  # the editable fields' current values
    needs_date: bool
    matches: tuple[Match, ...] = ()


@dataclass(frozen=True)
class QueueFilter:
    status: str = "pending"
    kind: str | None = None
    report: int | None = None
    page: int = 1

    def check(self) -> QueueFilter:
        if self.status not in STATUSES:
            raise InvalidInput(f"unknown status {self.status!r}: use {', '.join(STATUSES)}")
        if self.kind and self.kind not in KINDS:
            raise InvalidInput(f"unknown kind {self.kind!r}: use {', '.join(KINDS)}")
        return replace(self, page=max(1, self.page))


@dataclass(frozen=True)
class QueuePage:
    items: list[ReviewItem]
    count: int
    wanted: QueueFilter
    report: Source | None  # the report filtered on
    pages: int = field(default=1)


def _name(ref: Any) -> str:
    if isinstance(ref, dict):
        return str(ref.get("canonical") or ref.get("name") or "?")
    return str(ref) if ref else "?"


def _summary(kind: str, payload: dict[str, Any]) -> str:
    if kind == "event":
        place = payload.get("place") or {}
        where = place.get("canonical") or place.get("name") or "unknown place"
        what = payload.get("sub_event_type") or payload.get("event_type") or "event"
        return f"{what} in {where}"
    if kind == "statement":
        return f"{_name(payload.get('speaker'))}: “{payload.get('words', '')}”"
    if kind == "claim":
        return (
            f"{_name(payload.get('claimant'))} {payload.get('stance', 'asserts')} "
            f"{payload.get('attribute')} = {payload.get('value')}"
        )
    if kind == "agreement":
        return f"{payload.get('kind', 'agreement')} ({_name(payload.get('place'))})"
    if kind == "quantity":
        return f"{payload.get('quantity', payload.get('kind', 'quantity'))}: {payload.get('value')}"
    return kind


def _ref_name(ref: Any) -> str:
    return str(ref.get("name") or ref.get("canonical") or "") if isinstance(ref, dict) else ""


def _fields(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    when = payload.get("date")
    values: dict[str, Any] = {"date": when.get("start") if isinstance(when, dict) else ""}
    if kind == "event":
        place = payload.get("place") or {}
        fatalities = payload.get("fatalities") or {}
        values.update(
            place=place.get("canonical") or place.get("name") or "",
            actor1=_ref_name(payload.get("actor1")), actor2=_ref_name(payload.get("actor2")),
            event_type=payload.get("event_type") or "",
            sub_event_type=payload.get("sub_event_type") or "",
            fatalities="" if fatalities.get("best") is None else fatalities["best"],
            words=payload.get("text") or "",
        )  # fmt: skip
    elif kind == "statement":
        values.update(actor1=_ref_name(payload.get("speaker")), words=payload.get("words") or "")
    return values


def _cut(text: str, start: int | None, end: int | None) -> tuple[str, str, str]:
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return text[: CONTEXT_CHARS * 2], "", ""
    lo = max(0, start - CONTEXT_CHARS)
    hi = min(len(text), end + CONTEXT_CHARS)
    before = ("…" if lo else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return before, text[start:end], after


def _match(event: Event) -> Match:
    actors = " vs ".join(a for a in (event.actor1, event.actor2) if a)
    return Match(event.id, event.event_date, event.event_type, event.location, actors)


def review_queue(engine: Engine, viewer: Principal, wanted: QueueFilter) -> QueuePage:
    """One page of the queue, oldest report first, with the duplicates of pending events."""
    wanted = wanted.check()
    gazetteer = load_gazetteer()
    with transaction(engine) as session:
        rows = candidates.list_candidates(
            session, status=wanted.status, kind=wanted.kind, source_id=wanted.report,
            limit=PAGE_SIZE, offset=(wanted.page - 1) * PAGE_SIZE,
        )  # fmt: skip
        count = candidates.count_candidates(
            session, status=wanted.status, kind=wanted.kind, source_id=wanted.report
        )
        ids = {c.source_id for c in rows} | ({wanted.report} if wanted.report else set())
        sources: dict[int, Source] = visible_by_ids(session, Source, ids, viewer.audience)
        items = []
        for c in rows:
            source = sources.get(c.source_id)
            published = source.published if source else None
            matches: tuple[Match, ...] = ()
            if c.status == "pending" and c.kind == "event":
                found = candidate_matches(
                    session,
                    c,
                    gazetteer=gazetteer,
                    visibility=lambda m: visible_clause(m, viewer.audience),
                )
                matches = tuple(_match(e) for e in found)
            before, span, after = _cut(
                source.text or "" if source else "", c.span_start, c.span_end
            )
            values = _fields(c.kind, c.payload)
            items.append(
                ReviewItem(
                    id=c.id, kind=c.kind, status=c.status, version=c.version,
                    confidence=c.confidence, summary=_summary(c.kind, c.payload),
                    source_id=c.source_id, source_title=source.title if source else None,
                    published=published, before=before, span=span, after=after,
                    reviewed_by=c.reviewed_by, record_id=c.record_id, fields=values,
                    needs_date=c.kind == "event" and event_day(c.payload, published) is None,
                    matches=matches,
                )
            )  # fmt: skip
        report = sources.get(wanted.report) if wanted.report else None
    pages = max(1, -(-count // PAGE_SIZE))
    return QueuePage(items=items, count=count, wanted=wanted, report=report, pages=pages)


def read_report(raw: str, *, html: bool) -> Page:
    """The report's text, title, date and address."""
    if not raw.strip():
        raise InvalidInput("give the report's text, or choose a file")
    return report_text(raw, html=html)


def add_report(
    engine: Engine, viewer: Principal, page: Page, *, published: date | None, title: str | None,
    url: str | None,
) -> IngestResult:  # fmt: skip
    """Store a read report as a source with its candidates; the date, title and address given
    override the page's own."""
    page = replace(
        page, published=published or page.published, title=title or page.title,
        url=url or page.url,
    )  # fmt: skip
    return ingest_page(engine, page, actor=viewer.audit_name)


def whole(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(
            f"{name}: {value!r} is not a whole number", detail={"field": name}
        ) from None


def _float(value: str, name: str) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise InvalidInput(f"{name}: {value!r} is not a number", detail={"field": name}) from None


def form_edit(current: dict[str, Any], form: dict[str, str]) -> CandidateEdit:
    """The fields of an edit form that differ from the candidate's (unchanged ones stay as
    extraction found them, so resubmitting the form changes nothing)."""
    changed = {
        name: form[name].strip()
        for name in current
        if name in form and form[name].strip() != str(current[name]).strip()
    }
    if "event_type" in changed and "sub_event_type" not in changed:
        changed["sub_event_type"] = ""
    day = parse_day(changed["date"], "date") if changed.get("date") else None
    fatalities = changed.get("fatalities")
    return CandidateEdit(
        date=day,
        place=changed.get("place"),
        latitude=_float(form.get("latitude", ""), "latitude"),
        longitude=_float(form.get("longitude", ""), "longitude"),
        actor1=changed.get("actor1"),
        actor2=changed.get("actor2"),
        event_type=changed.get("event_type"),
        sub_event_type=changed.get("sub_event_type"),
        fatalities=whole(fatalities, "fatalities") if fatalities else None,
        words=changed.get("words"),
    )


def edit_from_form(
    engine: Engine, viewer: Principal, candidate_id: int, form: dict[str, str], *, version: int
) -> None:
    """Apply the changed fields of a review page's edit form (audited; a stale form refused)."""
    with transaction(engine) as session:
        candidate = records.get(session, "candidates", candidate_id)
        assert isinstance(candidate, Candidate)
        current = _fields(candidate.kind, candidate.payload)
    change = form_edit(current, form)
    edit_candidate(engine, candidate_id, change, actor=viewer.audit_name, expected_version=version)
