"""The record statistics (``truce stats``): how many records of each kind, and how agreements
and events add up over time — the figures, their window and their rates, as tables or JSON;
:func:`truce.services.reports.compute_stats` counts them from the store.

The agreement figures answer the mediator's question "how many local truces, at what rate?":
counts by kind, scope, status and mediator over a window, each with its rate per day. The window
is ``since``..``until`` (both days included); without them it runs from the effective date of
the latest national ceasefire to the latest agreement signed, which on the demo gives "651 local
agreements since 27 February 2016, 3.1 a day". Agreements count on the day they were signed
(their effective date when the signing date is unknown).

Only public records count unless the caller passes a wider audience (see
:mod:`truce.store.visibility`); deleted records never count, and a mediator the audience may
not see is counted as withheld.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any


def rate_text(per_day: float | None) -> str | None:
    """A rate per day as text, per week or per month when under one a day."""
    if per_day is None:
        return None
    if per_day >= 0.95:
        return f"{per_day:.1f} a day"
    if per_day * 7 >= 0.95:
        return f"{per_day * 7:.1f} a week"
    return f"{per_day * 365.25 / 12:.1f} a month"


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: a label, how many, and how many a day over the window."""

    label: str
    count: int
    per_day: float | None = None


@dataclass(frozen=True)
class Window:
    since: date | None
    until: date | None
    basis: str  # "given" | "latest national ceasefire to latest agreement" | "all records"

    @property
    def days(self) -> int | None:
        """Days in the window, both ends included."""
        if self.since is None or self.until is None:
            return None
        return (self.until - self.since).days + 1

    def rate(self, count: int) -> float | None:
        days = self.days
        return count / days if days else None


@dataclass
class Stats:
    """Everything ``truce stats`` prints, ready for a table, JSON or CSV."""

    window: Window
    classifications: tuple[str, ...]
    records: list[Line] = field(default_factory=list)
    agreements: dict[str, list[Line]] = field(default_factory=dict)
    local_agreements: Line = field(default_factory=lambda: Line("local agreements", 0))
    baseline: str | None = None
    events_by_type: list[Line] = field(default_factory=list)
    events_by_month: list[Line] = field(default_factory=list)
    agreements_counted: int = 0  # what the agreement breakdowns cover: signed in the window
    events_counted: int = 0  # what the event breakdowns cover: in the window, not rejected

    def _total(self, kind: str) -> int:
        return next((line.count for line in self.records if line.label == kind), 0)

    @property
    def coverage(self) -> list[str]:
        """What the breakdowns leave out of the record counts, one sentence each."""
        window, said = self.window, []
        agreements, events = self._total("agreements"), self._total("events")
        if self.agreements_counted != agreements:
            said.append(
                f"The agreement breakdowns count the {self.agreements_counted} of {agreements} "
                f"agreements signed from {window.since} to {window.until}; "
                f"{_many(agreements - self.agreements_counted, 'falls', 'fall')} outside "
                "(signed earlier or later, or undated)."
            )
        if self.events_counted != events:
            outside = "outside the window or rejected" if window.since else "rejected"
            said.append(
                f"The event breakdowns count {self.events_counted} of {events} events; "
                f"{_many(events - self.events_counted, 'is', 'are')} {outside}."
            )
        said.append("An agreement with several mediators counts once under each of them.")
        return said

    @property
    def headline(self) -> str:
        """The registry's one-sentence answer, e.g. ``651 local agreements since …``."""
        line, window = self.local_agreements, self.window
        if window.since is None or window.until is None:
            return f"{line.count} local agreements"
        rate = f", {rate_text(line.per_day)}" if line.per_day is not None else ""
        return (
            f"{line.count} local agreements from {window.since.isoformat()} to "
            f"{window.until.isoformat()} ({window.days} days){rate}"
        )

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows (section, group, label, count, per_day) for CSV."""
        found: list[dict[str, Any]] = []

        def add(section: str, group: str, lines: Sequence[Line]) -> None:
            for line in lines:
                per_day = None if line.per_day is None else round(line.per_day, 4)
                found.append(
                    {"section": section, "group": group, "label": line.label,
                     "count": line.count, "per_day": per_day}
                )  # fmt: skip

        add("records", "kind", self.records)
        add("agreements", "local", [self.local_agreements])
        for group, lines in self.agreements.items():
            add("agreements", group, lines)
        add("events", "type", self.events_by_type)
        add("events", "month", self.events_by_month)
        return found

    def to_dict(self) -> dict[str, Any]:
        def lines(items: Sequence[Line]) -> list[dict[str, Any]]:
            return [
                {"label": x.label, "count": x.count, "per_day": x.per_day} for x in items
            ]  # fmt: skip

        window = self.window
        return {
            "window": {
                "since": window.since.isoformat() if window.since else None,
                "until": window.until.isoformat() if window.until else None,
                "days": window.days,
                "basis": window.basis,
                "baseline": self.baseline,
            },
            "classifications": list(self.classifications),
            "headline": self.headline,
            "records": {x.label: x.count for x in self.records},
            "local_agreements": lines([self.local_agreements])[0],
            "agreements": {group: lines(items) for group, items in self.agreements.items()},
            "events_by_type": lines(self.events_by_type),
            "events_by_month": lines(self.events_by_month),
            "breakdowns_cover": {
                "agreements": self.agreements_counted,
                "events": self.events_counted,
                "notes": self.coverage,
            },
        }


def _many(count: int, one: str, more: str) -> str:
    return f"{count} {one if count == 1 else more}"
