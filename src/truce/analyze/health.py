"""Ceasefire health: agreements and alleged violations over time, and an early warning.

Agreements count on the day they were signed (or, without a signing date, the day they took
effect); alleged violations count on the day of the event alleged to violate an agreement, once
per allegation. Who alleges matters: an allegation by a party to the agreement is that party's
claim about its adversary, not a verified violation, so every count is also split by the
alleger's role in the agreement (party, guarantor, mediator, excluded, third party, not
recorded).

Early warning: on each day ``d`` the rate of allegations over the last 7 days (``d-6 … d``)
is compared with the daily rate over the 28 days before them (``d-34 … d-7``). The day is
flagged when the 7-day rate exceeds ``factor`` times the 28-day rate (default 1.5) and the last
7 days hold at least ``min_count`` allegations (default 3, so that one allegation after a quiet
month is not an alarm).
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import Engine

from truce.analyze.caveats import ALLEGATION_CAVEAT
from truce.errors import InvalidInput
from truce.store import queries_analyze as q
from truce.store.db import transaction
from truce.store.visibility import EVERYONE, Audience

Period = Literal["day", "week", "month"]
ROLE_ORDER = ("party", "guarantor", "mediator", "excluded")
WARNING_WINDOW, WARNING_BASELINE = 7, 28


@dataclass(frozen=True)
class Bucket:
    """One day or week of the series, with running totals from the start of the period."""

    start: date
    end: date
    agreements: int
    allegations: int
    cumulative_agreements: int
    cumulative_allegations: int


@dataclass(frozen=True)
class Change:
    """A figure over the period against the previous period of the same length."""

    label: str
    current: int
    previous: int
    current_per_day: float
    previous_per_day: float

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def change_percent(self) -> float | None:
        return None if self.previous == 0 else 100 * self.change / self.previous


@dataclass(frozen=True)
class Share:
    """A count in one breakdown (``dimension``: area, kind, scope, mediator, accused, …)."""

    dimension: str
    key: str
    agreements: int
    allegations: int


@dataclass(frozen=True)
class WarningDay:
    day: date
    last_7: int
    prior_28: int
    last_7_per_day: float
    prior_28_per_day: float
    flagged: bool


@dataclass(frozen=True)
class HealthReport:
    since: date
    until: date
    by: Period
    factor: float
    min_count: int
    filters: dict[str, str]
    agreements: Change
    allegations: Change
    series: tuple[Bucket, ...]
    breakdown: tuple[Share, ...]
    latest_warning: WarningDay
    warning_days: tuple[WarningDay, ...]  # every flagged day in the period
    caveats: tuple[str, ...] = field(default=(ALLEGATION_CAVEAT,))

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def to_rows(self) -> list[dict[str, Any]]:
        """The series, one row per day or week (the CSV form)."""
        return [asdict(b) for b in self.series]

    def to_dict(self) -> dict[str, Any]:
        def change(c: Change) -> dict[str, Any]:
            return {**asdict(c), "change": c.change, "change_percent": c.change_percent}

        return {
            "since": self.since,
            "until": self.until,
            "days": self.days,
            "by": self.by,
            "filters": self.filters,
            "agreements": change(self.agreements),
            "allegations": change(self.allegations),
            "series": self.to_rows(),
            "breakdown": [asdict(s) for s in self.breakdown],
            "early_warning": {
                "rule": (
                    f"flag when the last {WARNING_WINDOW} days' allegations per day exceed "
                    f"{self.factor} × the daily rate of the {WARNING_BASELINE} days before, "
                    f"with at least {self.min_count} allegations in the last {WARNING_WINDOW} days"
                ),
                "factor": self.factor,
                "min_count": self.min_count,
                "latest": asdict(self.latest_warning),
                "flagged_days": [asdict(w) for w in self.warning_days],
            },
            "caveats": list(self.caveats),
        }


@dataclass(frozen=True)
class _Allegation:
    day: date
    area: str | None
    accused: str | None
    kind: str
    scope: str
    role: str
    alleged_by: str


def reporter_role(roles: Sequence[str | None], alleged_by_id: int | None) -> str:
    """The alleger's role in the agreement: the strongest of its roles, else third party."""
    if alleged_by_id is None:
        return "not recorded"
    for role in ROLE_ORDER:
        if role in roles:
            return role
    return "third party"


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.casefold() == b.casefold()


def health(
    engine: Engine,
    *,
    since: date | None = None,
    until: date | None = None,
    by: Period = "day",
    area: str | None = None,
    actor: str | None = None,
    kind: str | None = None,
    scope: str | None = None,
    factor: float = 1.5,
    min_count: int = 3,
    audience: Audience = EVERYONE,
) -> HealthReport:
    """Agreements and alleged violations from ``since`` to ``until`` (inclusive).

    Without dates the period runs from the first to the last day with an event or agreement.
    """
    if by not in ("day", "week", "month"):
        raise InvalidInput(f"--by must be day, week or month, not {by!r}")
    if factor <= 0:
        raise InvalidInput(f"--factor must be above 0, not {factor}")
    with transaction(engine) as session:
        first, last = q.date_range(session, audience)
        since, until = since or first, until or last
        if since is None or until is None:
            raise InvalidInput("no events or agreements recorded yet: give --since and --until")
        if since > until:
            raise InvalidInput(f"--since {since} is after --until {until}")
        days = (until - since).days + 1
        earliest = min(since - timedelta(days=days), until - timedelta(days=34))
        actor_ids = q.actor_ids_named(session, actor, audience) if actor else None
        wanted = _Wanted(area, actor_ids, kind, scope, audience)
        agreements = _agreements(session, earliest, until, wanted)
        allegations = _allegations(session, earliest, until, wanted)
    filters = {
        k: v for k, v in (("area", area), ("actor", actor), ("kind", kind), ("scope", scope)) if v
    }
    return _report(since, until, by, factor, min_count, filters, agreements, allegations)


@dataclass(frozen=True)
class _Wanted:
    area: str | None
    actor_ids: set[int] | None
    kind: str | None
    scope: str | None
    audience: Audience


def _agreements(
    session: Any,
    earliest: date,
    until: date,
    w: _Wanted,
) -> list[tuple[date, str | None, str, str, tuple[str, ...]]]:
    """(day, area, kind, scope, mediators) of each agreement that passes the filters."""
    rows = q.agreement_rows(session, since=earliest, until=until, audience=w.audience)
    rows = [
        r
        for r in rows
        if (w.area is None or _same(r.admin1, w.area))
        and (w.kind is None or r.kind == w.kind)
        and (w.scope is None or r.scope == w.scope)
    ]
    people = q.agreement_actor_rows(session, [r.id for r in rows], w.audience)
    mediators: dict[int, list[str]] = {}
    involved: dict[int, set[int]] = {}
    for agreement_id, actor_id, name, role in people:
        involved.setdefault(agreement_id, set()).add(actor_id)
        if role == "mediator":
            mediators.setdefault(agreement_id, []).append(name)
    return [
        (r.day, r.admin1, r.kind, r.scope, tuple(sorted(mediators.get(r.id, ()))))
        for r in rows
        if w.actor_ids is None or involved.get(r.id, set()) & w.actor_ids
    ]


def _allegations(
    session: Any,
    earliest: date,
    until: date,
    w: _Wanted,
) -> list[_Allegation]:
    roles: dict[int, list[str | None]] = {}
    kept: dict[int, Any] = {}
    rows = q.allegation_rows(session, since=earliest, until=until, audience=w.audience)
    for row in rows:
        violation_id, _, _, admin1, _, a1, a2, _, a_kind, a_scope, by_id, _, role = row
        if w.area is not None and not _same(admin1, w.area):
            continue
        if w.kind is not None and a_kind != w.kind:
            continue
        if w.scope is not None and a_scope != w.scope:
            continue
        if w.actor_ids is not None and not {a1, a2, by_id} & w.actor_ids:
            continue
        roles.setdefault(violation_id, []).append(role)
        kept[violation_id] = row
    return [
        _Allegation(
            day=row[2],
            area=row[3],
            accused=row[4],
            kind=row[8],
            scope=row[9],
            role=reporter_role(roles[vid], row[10]),
            alleged_by=row[11] or "not recorded",
        )
        for vid, row in kept.items()
    ]


def _bucket_end(day: date, by: Period) -> date:
    """The last day of the day, ISO week (Monday to Sunday) or calendar month holding ``day``."""
    if by == "day":
        return day
    if by == "week":
        return day + timedelta(days=6 - day.weekday())
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _series(
    since: date, until: date, by: Period, agreements: Counter[date], allegations: Counter[date]
) -> tuple[Bucket, ...]:
    buckets: list[Bucket] = []
    total_agreements = total_allegations = 0
    start = since
    while start <= until:
        end = min(until, _bucket_end(start, by))
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        n_agreements = sum(agreements[d] for d in days)
        n_allegations = sum(allegations[d] for d in days)
        total_agreements += n_agreements
        total_allegations += n_allegations
        buckets.append(
            Bucket(start, end, n_agreements, n_allegations, total_agreements, total_allegations)
        )
        start = end + timedelta(days=1)
    return tuple(buckets)


def _warning(day: date, allegations: Counter[date], factor: float, min_count: int) -> WarningDay:
    last = sum(allegations[day - timedelta(days=i)] for i in range(WARNING_WINDOW))
    prior = sum(
        allegations[day - timedelta(days=i)]
        for i in range(WARNING_WINDOW, WARNING_WINDOW + WARNING_BASELINE)
    )
    last_rate, prior_rate = last / WARNING_WINDOW, prior / WARNING_BASELINE
    flagged = last >= min_count and last_rate > factor * prior_rate
    return WarningDay(day, last, prior, last_rate, prior_rate, flagged)


def _breakdown(
    agreements: list[tuple[date, str | None, str, str, tuple[str, ...]]],
    allegations: list[_Allegation],
) -> tuple[Share, ...]:
    counts: dict[tuple[str, str], list[int]] = {}

    def add(dimension: str, key: str | None, column: int) -> None:
        counts.setdefault((dimension, key or "not recorded"), [0, 0])[column] += 1

    for _, admin1, a_kind, a_scope, mediators in agreements:
        add("area", admin1, 0)
        add("kind", a_kind, 0)
        add("scope", a_scope, 0)
        for name in mediators or ("none recorded",):
            add("mediator", name, 0)
    for a in allegations:
        add("area", a.area, 1)
        add("kind", a.kind, 1)
        add("scope", a.scope, 1)
        add("accused", a.accused, 1)
        add("alleged by role", a.role, 1)
        add("alleged by", a.alleged_by, 1)
    order = ("area", "kind", "scope", "mediator", "accused", "alleged by role", "alleged by")
    shares = [Share(dim, key, n[0], n[1]) for (dim, key), n in counts.items()]
    shares.sort(key=lambda s: (order.index(s.dimension), -(s.agreements + s.allegations), s.key))
    return tuple(shares)


def _report(
    since: date,
    until: date,
    by: Period,
    factor: float,
    min_count: int,
    filters: dict[str, str],
    agreements: list[tuple[date, str | None, str, str, tuple[str, ...]]],
    allegations: list[_Allegation],
) -> HealthReport:
    days = (until - since).days + 1
    prev_since = since - timedelta(days=days)
    agreement_days = Counter(a[0] for a in agreements)
    allegation_days = Counter(a.day for a in allegations)

    def change(label: str, per_day: Counter[date]) -> Change:
        current = sum(n for d, n in per_day.items() if since <= d <= until)
        previous = sum(n for d, n in per_day.items() if prev_since <= d < since)
        return Change(label, current, previous, current / days, previous / days)

    in_period = [a for a in allegations if since <= a.day <= until]
    agreements_in = [a for a in agreements if since <= a[0] <= until]
    warnings = [
        _warning(since + timedelta(days=i), allegation_days, factor, min_count) for i in range(days)
    ]
    return HealthReport(
        since=since,
        until=until,
        by=by,
        factor=factor,
        min_count=min_count,
        filters=filters,
        agreements=change("agreements", agreement_days),
        allegations=change("alleged violations", allegation_days),
        series=_series(since, until, by, agreement_days, allegation_days),
        breakdown=_breakdown(agreements_in, in_period),
        latest_warning=warnings[-1],
        warning_days=tuple(w for w in warnings if w.flagged),
    )
