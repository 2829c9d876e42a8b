"""Adapters from the pages to the analyses and the review queue (imported when first used)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from truce.auth import Principal, visible
from truce.errors import InvalidInput
from truce.store import candidates
from truce.store.db import transaction
from truce.store.models import Event, Source

CONTEXT_CHARS = 320  # source text shown either side of a candidate's span


@dataclass(frozen=True)
class ReviewItem:
    id: int
    kind: str
    status: str
    confidence: float | None
    summary: str
    source_id: int
    source_title: str | None
    published: date | None
    before: str
    span: str
    after: str
    reviewed_by: str | None


def _summary(kind: str, payload: dict[str, Any]) -> str:
    def name(ref: Any) -> str:
        if isinstance(ref, dict):
            return str(ref.get("canonical") or ref.get("name") or "?")
        return str(ref) if ref else "?"

    if kind == "event":
        place = payload.get("place") or {}
        where = place.get("canonical") or place.get("name") or "unknown place"
        what = payload.get("sub_event_type") or payload.get("event_type") or "event"
        return f"{what} in {where}"
    if kind == "statement":
        return f"{name(payload.get('speaker'))}: “{payload.get('words', '')}”"
    if kind == "claim":
        return (
            f"{name(payload.get('claimant'))} {payload.get('stance', 'asserts')} "
            f"{payload.get('attribute')} = {payload.get('value')}"
        )
    if kind == "agreement":
        return f"{payload.get('kind', 'agreement')} ({name(payload.get('place'))})"
    if kind == "quantity":
        return f"{payload.get('quantity', payload.get('kind', 'quantity'))}: {payload.get('value')}"
    return kind


def _cut(text: str, start: int | None, end: int | None) -> tuple[str, str, str]:
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return text[: CONTEXT_CHARS * 2], "", ""
    lo = max(0, start - CONTEXT_CHARS)
    hi = min(len(text), end + CONTEXT_CHARS)
    before = ("…" if lo else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return before, text[start:end], after


def review_queue(engine: Engine, *, status: str = "pending", limit: int = 100) -> list[ReviewItem]:
    """Candidates of one status with the source text around each span."""
    if status not in ("pending", "accepted", "rejected"):
        raise InvalidInput(f"unknown status {status!r}: use pending, accepted or rejected")
    with transaction(engine) as session:
        rows = candidates.list_candidates(session, status=status, limit=limit)
        ids = {c.source_id for c in rows}
        sources = {s.id: s for s in session.scalars(select(Source).where(Source.id.in_(ids)))}
        items = []
        for c in rows:
            source = sources.get(c.source_id)
            before, span, after = _cut(
                source.text or "" if source else "", c.span_start, c.span_end
            )
            items.append(
                ReviewItem(
                    id=c.id,
                    kind=c.kind,
                    status=c.status,
                    confidence=c.confidence,
                    summary=_summary(c.kind, c.payload),
                    source_id=c.source_id,
                    source_title=source.title if source else None,
                    published=source.published if source else None,
                    before=before,
                    span=span,
                    after=after,
                    reviewed_by=c.reviewed_by,
                )
            )
        return items


def decide(
    engine: Engine, viewer: Principal, candidate_id: int, decision: str, *, note: str | None
) -> None:
    """Accept or reject one pending candidate as ``viewer`` (audited by the store)."""
    with transaction(engine) as session:
        if decision == "accept":
            candidates.accept_candidate(session, candidate_id, actor=viewer.audit_name, note=note)
        elif decision == "reject":
            candidates.reject_candidate(session, candidate_id, actor=viewer.audit_name, note=note)
        else:
            raise InvalidInput(f"unknown decision {decision!r}: use accept or reject")


def add_report(
    engine: Engine,
    viewer: Principal,
    raw: str,
    *,
    html: bool,
    published: date | None,
    title: str | None,
    url: str | None,
) -> candidates.IngestResult:
    """Store a report (plain text or a saved web page) as a source with its candidates; the
    date, title and address given override the page's own."""
    from truce.ingest.html import report_text
    from truce.server.review import ingest_page

    if not raw.strip():
        raise InvalidInput("give the report's text, or choose a file")
    page = report_text(raw, html=html)
    page = replace(
        page,
        published=published or page.published,
        title=title or page.title,
        url=url or page.url,
    )
    return ingest_page(engine, page, actor=viewer.audit_name)


@dataclass
class Protections:
    """The zones an event lies in and the notified sites and movements it fell on."""

    zones: list[Any]  # truce.analyze.zones.ZoneHit
    alerts: list[Any]  # truce.analyze.deconfliction.Alert
    caveat: str


def protections(engine: Engine, viewer: Principal, event_id: int) -> Protections | None:
    """Zones and deconfliction alerts for one event, as ``viewer`` may see them; None when the
    event has no coordinates."""
    from truce.analyze.caveats import NOTIFICATION_CAVEAT
    from truce.analyze.deconfliction import check_deconfliction
    from truce.analyze.zones import check_zones
    from truce.auth.access import seen_by

    with transaction(engine) as session:
        row = session.execute(
            select(Event.event_date, Event.latitude, Event.longitude).where(Event.id == event_id)
        ).first()
    if row is None or row.latitude is None or row.longitude is None or row.event_date is None:
        return None
    seen = seen_by(viewer)
    box = (row.longitude, row.latitude, row.longitude, row.latitude)
    day = row.event_date
    zones = check_zones(engine, since=day, until=day, bbox=box, classifications=seen)
    alerts = check_deconfliction(engine, since=day, until=day, bbox=box, classifications=seen)
    return Protections(
        zones=[h for h in zones.hits if h.event.id == event_id],
        alerts=[a for a in alerts.alerts if a.event.id == event_id],
        caveat=NOTIFICATION_CAVEAT,
    )


def nearby(engine: Engine, viewer: Principal, event_id: int, *, km: float, hours: float) -> Any:
    """Events ``viewer`` may see within ``km`` and ``hours`` of one event (D1's ``near``), or
    None when the event has no coordinates."""
    from truce.analyze.cooccur import near

    with transaction(engine) as session:
        located = session.scalar(
            select(Event.latitude.is_not(None) & Event.longitude.is_not(None)).where(
                Event.id == event_id
            )
        )
    if not located:
        return None
    report = near(engine, event_id, km=km, hours=hours)
    ids = [n.event.id for n in report.neighbours]
    with transaction(engine) as session:
        seen = set(
            session.scalars(select(Event.id).where(Event.id.in_(ids), visible(Event, viewer)))
        )
    return replace(report, neighbours=tuple(n for n in report.neighbours if n.event.id in seen))


def assess(engine: Engine, viewer: Principal, event_id: int, attribute: str) -> Any:
    """The competing-hypotheses analysis of one attribute, over the claims ``viewer`` may see;
    None when the analysis is not installed (the page then shows the claims only)."""
    try:
        from truce.analyze.assess_store import assess_event
    except ModuleNotFoundError as missing:
        if missing.name and not missing.name.startswith("truce.analyze"):
            raise
        return None

    return assess_event(
        engine, event_id, attribute=attribute, visibility=lambda model: visible(model, viewer)
    )


def verify(
    engine: Engine,
    viewer: Principal,
    words: str,
    *,
    speaker: str,
    around: str | None,
    days: int,
    lexical: bool,
) -> Any:
    """D2's verdict on words attributed to ``speaker``, against the statements ``viewer`` may
    see; ``around`` is an ISO date and the window ``days`` either side of it. The embedding
    model is used unless ``lexical`` is asked for or the model is not installed."""
    from truce.analyze.verify_model import EmbeddingSimilarity, model_available
    from truce.analyze.verify_store import verify_words

    try:
        day = date.fromisoformat(around) if around else None
    except ValueError:
        raise InvalidInput(f"around: {around!r} is not a date (use YYYY-MM-DD)") from None
    similarity = None if lexical or not model_available() else EmbeddingSimilarity()
    return verify_words(
        engine,
        words,
        speaker=speaker,
        around=day,
        days=days,
        similarity=similarity,
        visibility=lambda model: visible(model, viewer),
    )
