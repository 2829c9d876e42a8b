"""Adapters from the pages to the analyses and their use cases (``truce.services``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from truce.analyze.assess.store import AssessmentResult
from truce.analyze.assess.text import evidence_summary, headline, pivotal_ids
from truce.analyze.caveats import NOTIFICATION_CAVEAT
from truce.analyze.cooccur import NearReport, near
from truce.analyze.deconfliction import Alert, check_deconfliction
from truce.analyze.verify.verdict import Verification
from truce.analyze.zones import ZoneHit, check_zones
from truce.auth import Principal
from truce.days import parse_day
from truce.services.analyses import assess_incident, verify_attribution
from truce.store.db import transaction
from truce.store.events import event_position


@dataclass
class Protections:
    """The zones an event lies in and the notified sites and movements it fell on."""

    zones: list[ZoneHit]
    alerts: list[Alert]
    caveat: str


def protections(engine: Engine, viewer: Principal, event_id: int) -> Protections | None:
    """Zones and deconfliction alerts for one event, as ``viewer`` may see them; None when the
    event has no coordinates."""
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


def nearby(
    engine: Engine, viewer: Principal, event_id: int, *, km: float, hours: float
) -> NearReport | None:
    """Events ``viewer`` may see within ``km`` and ``hours`` of one event (D1's ``near``), or
    None when the event has no coordinates."""
    with transaction(engine) as session:
        row = event_position(session, event_id, viewer.audience)
    if row is None or row.latitude is None or row.longitude is None:
        return None
    return near(engine, event_id, km=km, hours=hours, audience=viewer.audience)


def assess(engine: Engine, viewer: Principal, event_id: int, attribute: str) -> AssessmentResult:
    """The competing-hypotheses analysis of one attribute, over the claims ``viewer`` may see."""
    return assess_incident(engine, event_id, attribute=attribute, audience=viewer.audience)


def verify(
    engine: Engine,
    viewer: Principal,
    words: str,
    *,
    speaker: str,
    around: str | None,
    days: int,
    lexical: bool,
) -> Verification:
    """The verdict on words attributed to ``speaker``, against the statements ``viewer`` may
    see; ``around`` is an ISO date and the window ``days`` either side of it. The embedding
    model is used unless ``lexical`` is asked for; without an installed model the result's
    ``fallback`` says that word overlap stood in."""
    return verify_attribution(
        engine, words, speaker=speaker, around=parse_day(around, "around"), days=days,
        lexical=lexical,
        audience=viewer.audience,
    )  # fmt: skip


@dataclass(frozen=True)
class AchText:
    """What the incident page prints around the matrix, from the sentences the CLI prints."""

    headline: list[str]
    summary: str
    pivotal: list[int]
    codes: dict[str, str]  # hypothesis → its short column code (H1, H1.1, …)


def assess_text(result: AssessmentResult) -> AchText:
    """The headline, the evidence summary, the pivotal claims and the column codes of one
    assessment (``truce.analyze.assess.text``, shared with ``truce assess``)."""
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
