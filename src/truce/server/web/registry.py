"""The agreement registry as the web shows it: a filtered table, counts, rate and cumulative curve.

Counts follow the mediators' convention: agreements signed since the latest national ceasefire
took effect (or since the first agreement shown, when there is none), divided by the days from
that date to the latest agreement shown, both days counted (as ``truce stats`` counts them).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from truce.auth import Principal
from truce.errors import NotFound
from truce.stats import rate_text
from truce.store import agreements as store
from truce.store.agreements import AgreementFilter
from truce.store.models import Actor, Agreement
from truce.store.records import visible_by_id
from truce.store.serialize import to_dict
from truce.store.visibility import names_seen

__all__ = ["AgreementFilter", "AgreementPage", "Rate", "Registry", "agreement_page", "registry"]


@dataclass(frozen=True)
class Rate:
    count: int
    since: date | None
    until: date | None
    per_day: float | None

    @property
    def text(self) -> str:
        if not self.count or self.since is None:
            return f"{self.count} agreements"
        rate = f", {rate_text(self.per_day)}" if self.per_day is not None else ""
        return f"{self.count} since {self.since.day} {self.since:%b %Y}{rate}"


@dataclass
class Registry:
    rows: list[dict[str, Any]]
    total: int
    rate: Rate
    cumulative: list[tuple[str, int]]
    kinds: list[str] = field(default_factory=list)
    scopes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    mediators: list[tuple[int, str]] = field(default_factory=list)


def cumulative(days: list[date]) -> list[tuple[str, int]]:
    """(day, running total) for each day on which the total changes."""
    counts = Counter(days)
    total = 0
    series = []
    for day in sorted(counts):
        total += counts[day]
        series.append((day.isoformat(), total))
    return series


def rate_since_ceasefire(session: Session, viewer: Principal, days: list[date]) -> Rate:
    if not days:
        return Rate(0, None, None, None)
    first, last = min(days), max(days)
    since = store.national_ceasefire_start(session, viewer.audience, first) or first
    span = (last - since).days + 1  # both ends counted, as `truce stats` does
    return Rate(len(days), since, last, len(days) / span)


def registry(
    session: Session,
    viewer: Principal,
    wanted: AgreementFilter,
    *,
    limit: int = 200,
    offset: int = 0,
) -> Registry:
    """One page of the agreements ``viewer`` may see, with the whole selection's figures."""
    seen = viewer.audience
    signed = store.signed_days(session, seen, wanted)
    page = store.agreements_page(session, seen, wanted, limit=limit, offset=offset)
    mediators = store.mediator_names(session, [a.id for a in page], seen)
    return Registry(
        rows=[to_dict(a) | {"mediators": mediators.get(a.id, [])} for a in page],
        total=store.count_agreements(session, seen, wanted),
        rate=rate_since_ceasefire(session, viewer, signed),
        cumulative=cumulative(signed),
        kinds=store.facet(session, seen, "kind"),
        scopes=store.facet(session, seen, "scope"),
        statuses=store.facet(session, seen, "status"),
        mediators=store.mediators(session, seen),
    )


@dataclass
class AgreementPage:
    agreement: dict[str, Any]
    actors: dict[str, list[tuple[int | None, str]]]  # None: an actor the viewer may not see
    violations: list[dict[str, Any]]


def agreement_page(session: Session, viewer: Principal, agreement_id: int) -> AgreementPage:
    seen = viewer.audience
    agreement = visible_by_id(session, Agreement, agreement_id, seen)
    if agreement is None:
        raise NotFound(f"no agreement with id {agreement_id}")
    actors: dict[str, list[tuple[int | None, str]]] = {}
    for role, actor_id, name in store.agreement_parties(session, agreement_id, seen):
        actors.setdefault(role, []).append((actor_id, name))
    rows = store.agreement_violations(session, agreement_id, seen)
    names = names_seen(session, Actor, (v.alleged_by_id for v, _ in rows), seen)
    violations = [
        {
            "event_id": event.id,
            "event_date": event.event_date,
            "event_type": event.event_type,
            "location": event.location,
            "alleged_by": names.get(violation.alleged_by_id or 0),
            "alleged_on": violation.alleged_on,
            "notes": violation.notes,
        }
        for violation, event in rows
    ]
    return AgreementPage(to_dict(agreement), actors, violations)
