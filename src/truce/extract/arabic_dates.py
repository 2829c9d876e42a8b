"""Dates and numbers in Arabic text (tokens from :mod:`truce.extract.arabic_text`).

Dates: a day and month with an optional year ("27 ديسمبر", "3 كانون الثاني 2016"), a month
alone ("في شباط", "فبراير الماضي"), a weekday ("يوم الخميس", "الاثنين الماضي": the latest such day
on or before the publication date) and relative days ("أمس", "اليوم", "أول أمس"). Month names
come in both the Levantine (كانون الثاني, شباط …) and the Egyptian and Gulf (يناير, فبراير …)
series. Numbers: digits (Arabic-Indic ones folded to 0-9), number words ("خمسة", "عشرون",
"ثلاثة وعشرون"), vague counts ("عشرات" → at least 10, approximate) and bounds ("ما لا يقل عن",
"أكثر من" → at least; "نحو", "حوالي" → about).
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from truce.extract.arabic_text import Hit, Token, find_phrases, lexicon, phrase_at, phrase_index

# Month names that are also common words ("آب" father, "مارس" practised): only with a number.
AMBIGUOUS_MONTHS = frozenset({"اب", "مارس", "ايار", "تموز"})


@dataclass(frozen=True, slots=True)
class ArDate:
    first_token: int
    last_token: int
    first: date
    last: date
    precision: str


@dataclass(frozen=True, slots=True)
class ArNumber:
    first_token: int
    last_token: int
    value: float
    bound: str  # exact, at least, about
    approximate: bool


@functools.lru_cache(maxsize=1)
def _indexes() -> dict[str, Any]:
    lex = lexicon()
    return {
        "months": phrase_index(lex["months"]),
        "relative": phrase_index(lex["relative_days"]),
        "at_least": phrase_index(lex["at_least"]),
        "about": phrase_index(lex["about"]),
    }


def _int(token: Token) -> int | None:
    return int(token.word) if token.word.isdigit() and len(token.word) <= 6 else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day_month(day: int, month: int, year: int | None, published: date | None) -> date | None:
    if year is None:
        if published is None:
            return None
        year = published.year
        if (month, day) > (published.month, published.day + 7):
            year -= 1  # "27 ديسمبر" read in January is last December
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(toks: list[Token], i: int, published: date | None) -> ArDate | None:
    lex, hit = lexicon(), phrase_at(toks, i, _indexes()["months"])
    if hit is None:
        return None
    month = int(lex["months"][hit.phrase])
    before = _int(toks[i - 1]) if i > 0 else None
    after = _int(toks[hit.last + 1]) if hit.last + 1 < len(toks) else None
    year = after if after and 1900 <= after <= 2100 else None
    first, last = hit.first, hit.last + (1 if year else 0)
    if before is not None and 1 <= before <= 31:
        day = _day_month(before, month, year, published)
        return None if day is None else ArDate(i - 1, last, day, day, "day")
    if hit.phrase in AMBIGUOUS_MONTHS and year is None:
        return None
    if year is None:
        if published is None:
            return None
        year = published.year - (1 if month > published.month else 0)
        if last + 1 < len(toks) and toks[last + 1].word in lex["last"] and month == published.month:
            year -= 1
    return ArDate(first, last, date(year, month, 1), _month_end(year, month), "month")


def _weekday(toks: list[Token], i: int, published: date) -> ArDate | None:
    lex = lexicon()
    for stem in toks[i].stems[:2]:  # the word as written, or without و / ف
        target = lex["weekdays"].get(stem if stem.startswith("ال") else "ال" + stem)
        if target is not None:
            day = published - timedelta(days=(published.weekday() - int(target)) % 7)
            start = i - 1 if i > 0 and "يوم" in toks[i - 1].stems else i
            return ArDate(start, i, day, day, "day")
    return None


def find_dates(toks: list[Token], published: date | None) -> list[ArDate]:
    """Every date expression among ``toks`` (relative ones need ``published``)."""
    lex, found = lexicon(), []
    i = 0
    while i < len(toks):
        item = _month(toks, i, published)
        if item is None and published is not None:
            item = _weekday(toks, i, published)
            hit = phrase_at(toks, i, _indexes()["relative"]) if item is None else None
            if hit is not None:
                day = published - timedelta(days=int(lex["relative_days"][hit.phrase]))
                item = ArDate(hit.first, hit.last, day, day, "day")
        if item is None:
            i += 1
            continue
        found.append(item)
        i = item.last_token + 1
    return found


def _word_value(token: Token) -> int | None:
    numbers = lexicon()["numbers"]
    for stem in token.stems:
        if stem in numbers:
            return int(numbers[stem])
    return None


def _bound(toks: list[Token], i: int) -> tuple[str, int]:
    """A bound phrase ending right before token ``i``: (bound, its first token)."""
    indexes = _indexes()
    for name, bound in (("at_least", "at least"), ("about", "about")):
        for hit in find_phrases(toks[max(0, i - 5) : i], indexes[name]):
            if hit.last == min(i, 5) - 1:
                return bound, i - min(i, 5) + hit.first
    return "exact", i


def find_numbers(toks: list[Token]) -> list[ArNumber]:
    """Every count among ``toks``; digits that belong to a date are the caller's to skip."""
    lex, found = lexicon(), []
    i = 0
    while i < len(toks):
        value: float | None = _int(toks[i])
        last, approximate = i, False
        if value is None:
            value = _word_value(toks[i])
            if value is not None and i + 1 < len(toks):
                tens = _word_value(toks[i + 1])
                if (
                    tens is not None
                    and 20 <= tens <= 90
                    and value < 10
                    and toks[i + 1].word[0] == "و"
                ):
                    value, last = value + tens, i + 1  # "ثلاثة وعشرون": 23
        if value is None:
            vague = next((lex["vague"][s] for s in toks[i].stems if s in lex["vague"]), None)
            if vague is None:
                i += 1
                continue
            value, approximate = float(vague), True
        bound, first = _bound(toks, i)
        if approximate and bound == "exact":
            bound = "at least"
        found.append(ArNumber(first, last, float(value), bound, approximate or bound == "about"))
        i = last + 1
    return found


def covering(items: list[Hit] | list[ArDate], index: int) -> bool:
    """Whether token ``index`` lies inside one of ``items``."""
    for item in items:
        first = item.first if isinstance(item, Hit) else item.first_token
        last = item.last if isinstance(item, Hit) else item.last_token
        if first <= index <= last:
            return True
    return False
