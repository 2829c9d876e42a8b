"""The daily report a monitoring mission publishes: one day's records against the day before.

The report is built from records only (no network, no model) and says plainly what its figures
are: an allegation of a violation is a claim by whoever makes it, not a verified violation, and a
deconfliction notification is information given to the parties, not protection.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from truce.analyze.caveats import ALLEGATION_CAVEAT, NOTIFICATION_CAVEAT
from truce.analyze.health import reporter_role
from truce.stats import rate_text
from truce.store import queries_report as queries
from truce.store.db import transaction
from truce.store.models import Actor
from truce.store.visibility import EVERYONE, PUBLIC, Audience, names_seen


@dataclass(frozen=True)
class Count:
    """One figure for the report's day and the day before it."""

    label: str
    today: int
    previous: int

    @property
    def change(self) -> int:
        return self.today - self.previous

    @property
    def change_text(self) -> str:
        if self.previous == 0:
            return "new" if self.today else "none"
        percent = 100 * self.change / self.previous
        return f"{self.change:+d} ({percent:+.0f}%)"


@dataclass(frozen=True)
class EventLine:
    id: int
    external_id: str | None
    event_type: str
    sub_event_type: str | None
    location: str | None
    admin1: str | None
    actor1: str | None
    actor2: str | None
    fatalities: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    status: str

    @property
    def fatalities_text(self) -> str:
        best = "" if self.fatalities is None else str(self.fatalities)
        low, high = self.fatalities_low, self.fatalities_high
        if low is not None and high is not None and low != high:
            return f"{best} ({self.fatalities_low}–{self.fatalities_high})".strip()
        return best


@dataclass(frozen=True)
class AllegationLine:
    event_id: int
    event_date: date
    location: str | None
    event_type: str
    agreement: str
    alleged_by: str
    alleged_by_role: str  # party | guarantor | mediator | excluded | third party | not recorded
    alleged_on: date | None


@dataclass(frozen=True)
class AgreementLine:
    id: int
    name: str
    kind: str
    scope: str
    status: str
    location: str | None
    mediators: tuple[str, ...]
    illustrative: bool


@dataclass(frozen=True)
class StatementLine:
    id: int
    speaker: str
    venue: str | None
    words: str
    direct: bool


@dataclass
class DailyReport:
    """Everything the report says about ``day``, ready to render."""

    day: date
    classifications: tuple[str, ...]
    counts: list[Count] = field(default_factory=list)
    events_by_type: list[tuple[str, int]] = field(default_factory=list)
    events: list[EventLine] = field(default_factory=list)
    allegations: list[AllegationLine] = field(default_factory=list)
    allegations_by_role: list[tuple[str, int]] = field(default_factory=list)
    agreements: list[AgreementLine] = field(default_factory=list)
    local_agreements_to_date: int = 0
    local_agreements_since: date | None = None
    baseline_agreement: str | None = None
    local_rate_per_day: float | None = None
    statements: list[StatementLine] = field(default_factory=list)
    caveats: tuple[str, ...] = (ALLEGATION_CAVEAT, NOTIFICATION_CAVEAT)

    @property
    def local_rate_text(self) -> str | None:
        """The signing rate in the unit that reads best: "3.1 a day", "0.9 a month"."""
        return rate_text(self.local_rate_per_day)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view of the report."""

        def plain(value: Any) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, tuple | list):
                return [plain(v) for v in value]
            return value

        def row(obj: Any) -> dict[str, Any]:
            return {k: plain(v) for k, v in vars(obj).items()}

        return {
            "day": self.day.isoformat(),
            "classifications": list(self.classifications),
            "counts": [
                {"label": c.label, "today": c.today, "previous": c.previous, "change": c.change}
                for c in self.counts
            ],
            "events_by_type": [list(pair) for pair in self.events_by_type],
            "events": [row(e) for e in self.events],
            "allegations": [row(a) for a in self.allegations],
            "allegations_by_role": [list(pair) for pair in self.allegations_by_role],
            "agreements": [row(a) for a in self.agreements],
            "local_agreements_to_date": self.local_agreements_to_date,
            "local_agreements_since": plain(self.local_agreements_since),
            "local_rate_per_day": self.local_rate_per_day,
            "baseline_agreement": self.baseline_agreement,
            "statements": [row(s) for s in self.statements],
            "caveats": list(self.caveats),
        }


def latest_event_day(engine: Engine, audience: Audience = EVERYONE) -> date | None:
    """The most recent day with an event ``audience`` may see, the report's natural default."""
    with transaction(engine) as session:
        return queries.latest_event_day(session, audience)


def _allegations(session: Session, day: date, audience: Audience) -> list[AllegationLine]:
    rows = queries.allegations_on(session, day, audience)
    names = names_seen(session, Actor, (v.alleged_by_id for v, *_ in rows), audience)
    roles = queries.agreement_roles(session, (agreement_id for _, _, agreement_id, _ in rows))
    lines = []
    for violation, event, agreement_id, agreement_name in rows:
        by = violation.alleged_by_id
        role = reporter_role(roles.get((agreement_id, by), []) if by else [], by)
        lines.append(
            AllegationLine(
                event_id=event.id,
                event_date=event.event_date,
                location=event.location,
                event_type=event.event_type,
                agreement=agreement_name,
                alleged_by=names.get(by, "not recorded") if by is not None else "not recorded",
                alleged_by_role=role,
                alleged_on=violation.alleged_on,
            )
        )
    return lines


def _agreements_on(session: Session, day: date, audience: Audience) -> list[AgreementLine]:
    agreements = queries.agreements_signed(session, day, audience)
    mediators = queries.mediator_names(session, (a.id for a in agreements), audience)
    return [
        AgreementLine(
            id=a.id,
            name=a.name,
            kind=a.kind,
            scope=a.scope,
            status=a.status,
            location=a.location,
            mediators=tuple(mediators.get(a.id, ())),
            illustrative=a.illustrative,
        )
        for a in agreements
    ]


def _statements_on(session: Session, day: date, audience: Audience) -> list[StatementLine]:
    return [
        StatementLine(
            id=s.id, speaker=s.speaker_name, venue=s.venue, words=s.words, direct=s.direct
        )
        for s in queries.statements_on(session, day, audience)
    ]


def daily_report(engine: Engine, day: date, *, audience: Audience = PUBLIC) -> DailyReport:
    """Build the report for ``day`` from the records ``audience`` may see (a linked record it
    may not see, such as the agreement an allegation names, is shown as withheld).

    The default is public records only, since daily reports are usually published.
    """
    previous = day - timedelta(days=1)
    report = DailyReport(day=day, classifications=audience.classifications)
    with transaction(engine) as session:
        events = queries.events_on(session, day, audience)
        today_events, today_deaths = len(events), sum(e.fatalities or 0 for e in events)
        prev_events, prev_deaths = queries.count_events(session, previous, audience)
        report.allegations = _allegations(session, day, audience)
        report.agreements = _agreements_on(session, day, audience)
        report.counts = [
            Count("Events recorded", today_events, prev_events),
            Count("Reported fatalities (best estimate)", today_deaths, prev_deaths),
            Count(
                "Alleged violations",
                len(report.allegations),
                queries.count_allegations(session, previous, audience),
            ),
            Count(
                "Agreements signed",
                len(report.agreements),
                queries.count_agreements(session, previous, audience),
            ),
        ]
        report.events_by_type = Counter(e.event_type for e in events).most_common()
        report.allegations_by_role = Counter(
            a.alleged_by_role for a in report.allegations
        ).most_common()
        report.events = [
            EventLine(
                id=e.id,
                external_id=e.external_id,
                event_type=e.event_type,
                sub_event_type=e.sub_event_type,
                location=e.location,
                admin1=e.admin1,
                actor1=e.actor1,
                actor2=e.actor2,
                fatalities=e.fatalities,
                fatalities_low=e.fatalities_low,
                fatalities_high=e.fatalities_high,
                status=e.status,
            )
            for e in events
        ]
        report.baseline_agreement, baseline = queries.national_baseline(session, day, audience)
        total, first = queries.local_agreements_to(session, day, baseline, audience)
        first = baseline or first
        report.local_agreements_to_date = total
        report.local_agreements_since = first
        if first is not None and total:
            days = (day - first).days + 1
            report.local_rate_per_day = total / days
        report.statements = _statements_on(session, day, audience)
    return report
