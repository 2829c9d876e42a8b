"""Dates: absolute and relative expressions resolved against the publication date.

One compiled regular expression scans the whole text (no general-purpose parser per token).
Each mention gets a start and end date and a precision: ``day`` ("September 16", "yesterday",
"on Wednesday"), ``week`` ("last week"), ``month`` ("in February", "the February ceasefire"),
``year`` ("in 2016").
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import ahocorasick

from truce.extract.fold import match_text, search_upto
from truce.lexicon import MONTHS, NUMBER_WORDS

WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBERS = {**NUMBER_WORDS, "a": 1, "a few": 3, "several": 3}
_M = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"  # noqa: E501
_W = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_Y = r"(?:19|20)\d\d"
_N = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|a)"
PATTERN = re.compile(
    rf"""\b(?:
      (?P<iso>{_Y}-[01]\d-[0-3]\d)
    | (?:(?P<wd1>{_W}),?\s+)?(?P<d1>{_D})(?:\s*[-–]\s*(?P<d1b>{_D}))?
      \s+(?P<m1>{_M})(?:,?\s+(?P<y1>{_Y}))?
    | (?:(?P<wd2>{_W}),?\s+)?(?P<m2>{_M})\s+(?P<d2>{_D})(?:\s*[-–]\s*(?P<d2b>{_D}))?
      (?:,?\s+(?P<y2>{_Y}))?(?![\d])
    | (?P<m3>{_M})\s+(?P<y3>{_Y})
    | (?P<mq>early|late|mid-?|in|since|until|by|the|last|next|this|of)
      \s+(?P<m4>{_M})(?![\w-])(?!\s+{_Y})
    | (?P<rel>today|yesterday|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening))
    | (?P<wq>on|last|next|this|since|by|until|from|late|early)?\s*(?P<wd>{_W})
      (?!,?\s+(?:{_D}\s+{_M}|{_M}\s+{_D}))(?:\s+(?:night|morning|afternoon|evening))?
    | (?P<pq>last|next|this|earlier\s+this|later\s+this)\s+(?P<per>week|month|year)
    | (?P<n>{_N})\s+(?P<unit>days?|weeks?|months?|years?)\s+ago
    | (?:in|since|by|of|during|until)\s+(?P<y4>{_Y})
    )\b""",
    re.VERBOSE | re.IGNORECASE,
)


_LEADING = re.compile(r"\s*(?:(?:on|in|since|until|by|from|of|during|the)\s+)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    first: date
    last: date
    precision: str
    relative: bool


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _infer_year(month: int, day: int, published: date, *, ahead: bool = False) -> int:
    year = published.year
    try:
        candidate = date(year, month, day)
    except ValueError:
        return year
    if not ahead and candidate > published + timedelta(days=7):
        return year - 1
    if ahead and candidate < published:
        return year + 1
    return year


def _absolute(
    groups: dict[str, str | None], published: date | None
) -> tuple[date, date, str] | None:
    for d, db, m, y in (("d1", "d1b", "m1", "y1"), ("d2", "d2b", "m2", "y2")):
        if groups[d] and groups[m]:
            month = MONTHS[groups[m].rstrip(".").lower()]  # type: ignore[union-attr]
            day = int(re.sub(r"\D", "", groups[d] or ""))
            day_b = int(re.sub(r"\D", "", groups[db] or "")) if groups[db] else day
            if groups[y]:
                year = int(groups[y] or 0)
            elif published:
                year = _infer_year(month, day, published)
            else:
                return None
            try:
                return date(year, month, day), date(year, month, day_b), "day"
            except ValueError:
                return None
    return None


def _month_only(month: int, qualifier: str, published: date) -> tuple[date, date, str]:
    q = qualifier.lower()
    year = published.year
    if q == "next" or (q in {"until", "by"} and month >= published.month):
        year += 0 if month > published.month else 1
    elif month > published.month:
        year -= 1
    return date(year, month, 1), _month_end(year, month), "month"


def _relative(groups: dict[str, str | None], published: date) -> tuple[date, date, str] | None:
    if groups["rel"]:
        word = groups["rel"].lower()
        day = published
        if word == "yesterday" or word.startswith("last"):
            day = published - timedelta(days=1)
        elif word == "tomorrow":
            day = published + timedelta(days=1)
        return day, day, "day"
    if groups["wd"]:
        target = WEEKDAYS[groups["wd"].lower()]
        qualifier = (groups["wq"] or "").lower()
        if qualifier == "next":
            delta = (target - published.weekday()) % 7 or 7
            day = published + timedelta(days=delta)
        else:
            day = published - timedelta(days=(published.weekday() - target) % 7)
        return day, day, "day"
    if groups["per"]:
        return _period(groups["pq"] or "", groups["per"].lower(), published)
    if groups["n"]:
        amount = NUMBERS.get(groups["n"].lower()) or int(groups["n"])
        unit = groups["unit"].lower().rstrip("s")  # type: ignore[union-attr]
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * amount
        day = published - timedelta(days=days)
        return day, day, "day" if unit == "day" else "approximate"
    return None


def _period(qualifier: str, period: str, published: date) -> tuple[date, date, str]:
    q = qualifier.lower().split()[0]
    if period == "week":
        monday = published - timedelta(days=published.weekday())
        if q == "last":
            monday -= timedelta(days=7)
        elif q == "next":
            monday += timedelta(days=7)
        return monday, monday + timedelta(days=6), "week"
    if period == "month":
        year, month = published.year, published.month
        if q in {"last", "next"}:
            month += -1 if q == "last" else 1
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return date(year, month, 1), _month_end(year, month), "month"
    year = published.year + {"last": -1, "next": 1}.get(q, 0)
    return date(year, 1, 1), date(year, 12, 31), "year"


def _resolve(
    groups: dict[str, str | None], published: date | None
) -> tuple[date, date, str, bool] | None:
    if groups["iso"]:
        try:
            day = date.fromisoformat(groups["iso"])
        except ValueError:
            return None
        return day, day, "day", False
    found = _absolute(groups, published)
    if found:
        return (*found, False)
    if groups["m3"]:
        year, month = int(groups["y3"] or 0), MONTHS[groups["m3"].rstrip(".").lower()]
        return date(year, month, 1), _month_end(year, month), "month", False
    if groups["y4"]:
        year = int(groups["y4"])
        return date(year, 1, 1), date(year, 12, 31), "year", False
    if published is None:
        return None
    if groups["m4"]:
        word = groups["m4"].rstrip(".")
        if (
            word.lower() == "may"
            or (word[0].islower())
            or (len(word) <= 3 and groups["mq"] == "the")
        ):
            return None  # "may" the verb, "march" the noun
        first, last, precision = _month_only(MONTHS[word.lower()], groups["mq"] or "", published)
        return first, last, precision, True
    found = _relative(groups, published)
    return (*found, True) if found else None


_ANCHOR_WORDS = (
    *MONTHS,
    *WEEKDAYS,
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "night",
    "morning",
    "afternoon",
    "evening",
    "week",
    "month",
    "year",
    "ago",
    *"0123456789",
)


@functools.lru_cache(maxsize=1)
def _anchors() -> Any:
    automaton = ahocorasick.Automaton()
    for word in _ANCHOR_WORDS:
        automaton.add_word(" " + word, len(word) + 1)
    automaton.make_automaton()
    return automaton


def find_dates(
    text: str,
    *,
    published: date | None,
    start: int = 0,
    end: int | None = None,
    matched: str | None = None,
) -> list[DateMention]:
    """Every date expression in ``text[start:end]``, resolved against ``published``."""
    found = []
    stop = len(text) if end is None else end
    for match in _scan(text, start, stop, matched):
        resolved = _resolve(match.groupdict(), published)
        if resolved is None:
            continue
        first, last, precision, relative = resolved
        s, e = match.span()
        lead = _LEADING.match(text, s, e)
        if lead:
            s = lead.end()
        found.append(DateMention(s, e, text[s:e], first, last, precision, relative))
    return found


def _scan(text: str, start: int, stop: int, matched: str | None) -> list[re.Match[str]]:
    """PATTERN's matches, searched only in small windows around anchor words (fast)."""
    if matched is None or start != 0 or stop != len(text):
        matched = match_text(text[start:stop])
    found: list[re.Match[str]] = []
    last_end = start
    for end_index, length in _anchors().iter(matched):
        anchor = start + end_index - length + 1  # offset of the anchor word in ``text``
        if anchor < last_end:
            continue
        hi = min(stop, anchor + 30)
        lo = max(last_end, start, anchor - 16)
        match = search_upto(PATTERN, text, start=lo, last=anchor, end=hi)
        while match is not None and match.end() <= anchor:
            match = search_upto(PATTERN, text, start=match.end(), last=anchor, end=hi)
        if match is not None:
            found.append(match)
            last_end = match.end()
    return found
