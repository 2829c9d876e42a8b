"""Adapters from the pages to the analyses (imported when first used)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from truce.auth import Principal
from truce.days import parse_day
from truce.store.db import transaction
from truce.store.events import event_position
from truce.store.visibility import visible_clause


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

    with transaction(engine) as session:
        row = event_position(session, event_id, viewer.audience)
    if row is None or row.latitude is None or row.longitude is None or row.event_date is None:
        return None
    seen = viewer.audience
    box = (row.longitude, row.latitude, row.longitude, row.latitude)
    day = row.event_date
    zones = check_zones(engine, since=day, until=day, bbox=box, audience=seen)
    alerts = check_deconfliction(engine, since=day, until=day, bbox=box, audience=seen)
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
        row = event_position(session, event_id, viewer.audience)
    if row is None or row.latitude is None or row.longitude is None:
        return None
    return near(engine, event_id, km=km, hours=hours, audience=viewer.audience)


def assess(engine: Engine, viewer: Principal, event_id: int, attribute: str) -> Any:
    """The competing-hypotheses analysis of one attribute, over the claims ``viewer`` may see;
    None when the analysis is not installed (the page then shows the claims only)."""
    try:
        from truce.analyze.assess.store import assess_event
    except ModuleNotFoundError as missing:
        if missing.name and not missing.name.startswith("truce.analyze"):
            raise
        return None

    return assess_event(
        engine,
        event_id,
        attribute=attribute,
        visibility=lambda model: visible_clause(model, viewer.audience),
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
    model is used unless ``lexical`` is asked for; without an installed model the result's
    ``fallback`` says that word overlap stood in."""
    from truce.analyze.verify.store import verify_statement

    day = parse_day(around, "around")
    return verify_statement(
        engine,
        words,
        speaker=speaker,
        around=day,
        days=days,
        lexical=lexical,
        visibility=lambda model: visible_clause(model, viewer.audience),
    )


@dataclass(frozen=True)
class AchText:
    """What the incident page prints around the matrix, from the sentences the CLI prints."""

    headline: list[str]
    summary: str
    pivotal: list[int]
    codes: dict[str, str]  # hypothesis → its short column code (H1, H1.1, …)


def assess_text(result: Any) -> AchText:
    """The headline, the evidence summary, the pivotal claims and the column codes of one
    assessment (``truce.analyze.assess.text``, shared with ``truce assess``)."""
    from truce.analyze.assess.text import evidence_summary, headline, pivotal_ids

    ach, rev = result.ach, result.review
    codes: dict[str, str] = {}
    counters: dict[str | None, int] = {}
    for scored in sorted(ach.ranking, key=lambda s: ach.hypotheses.index(s.hypothesis)):
        counters[scored.parent] = counters.get(scored.parent, 0) + 1
        above = codes.get(scored.parent or "", "H")
        codes[scored.hypothesis] = f"{above}{'.' if scored.parent else ''}{counters[scored.parent]}"
    return AchText(
        headline=headline(rev),
        summary=evidence_summary(ach, rev),
        pivotal=pivotal_ids(rev),
        codes=codes,
    )
