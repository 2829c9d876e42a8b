"""Actors: registry names, role phrases, capitals, generic phrases, and new names.

"Lavrov" and "the coalition" are registry aliases; "the Russian foreign minister" goes to whoever
held that office on the publication date; "Moscow" is the Government of Russia when it acts
("Moscow said"), not when it is a place ("in Moscow"); "government troops" and "the jihadists"
are resolved by the document's context; capitalised names in a speaker's or an organisation's
position that the registry does not know become new candidates (``canonical`` is None).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from truce.extract.fold import fold, match_text
from truce.extract.registry import ActorEntry, Phrases, Registry, load_phrases


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    name: str
    canonical: str | None
    kind: str | None
    country: str | None
    how: str  # registry | office | capital | generic | new


_SPEECH = r"(?:said|says|told|stressed|added|noted|warned|claimed|denied|insisted|accused|announced|argued|called|urged|believes|stated)"  # noqa: E501
_PERSON_NAME = r"[A-Z][a-z]+(?:[ -](?:al-|el-|bin |ibn |de |van )?[A-Z][a-z]+){1,2}"
_ROLE_WORDS = r"(?:spokes(?:man|woman|person)|commander|official|member|head|leader|chief|minister|envoy|director|resident|witness|activist|representative|ambassador)"  # noqa: E501
NEW_PERSON = re.compile(
    rf"\b(?P<name>{_PERSON_NAME})(?=,\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}{_ROLE_WORDS}\b|\s+{_SPEECH}\b)"
)
_ORG_HEAD = r"(?:Brigades?|Front|Army|Movement|Battalions?|Division|Forces|Group|Committee|Observatory|Council|Corps|Legion|Regiment|Crescent|Organi[sz]ation|Centre|Center|Agency|Ministry|Network)"  # noqa: E501
NEW_ORG = re.compile(
    rf"\b(?:[Tt]he\s+)?(?P<name>(?!The\s)(?:[A-Z][\w'’-]+\s+(?:(?:of|for|al-)\s+)?){{1,5}}{_ORG_HEAD})\b"
)
LOCATIVE = re.compile(
    r"(?:\b(?:in|to|from|at|near|outside|into|via|over|toward|towards)\s+)$", re.IGNORECASE
)


def _boundary_ok(low: str, start: int, end: int) -> bool:
    return not (start > 0 and low[start - 1].isalnum()) and not (
        end < len(low) and low[end].isalnum()
    )


def _case_ok(surface: str, entries: Iterable[ActorEntry]) -> bool:
    if len(surface) > 4 and not surface.isupper():
        return (
            surface[0].isupper()
            or not surface[0].isalpha()
            or any(surface in (e.name, *e.aliases) for e in entries)
        )
    return any(surface in (e.name, *e.aliases) for e in entries)


def _mention(text: str, start: int, end: int, entry: ActorEntry | None, how: str) -> ActorMention:
    return ActorMention(
        start=start,
        end=end,
        name=text[start:end],
        canonical=entry.name if entry else None,
        kind=entry.kind if entry else None,
        country=entry.country if entry else None,
        how=how,
    )


def registry_mentions(text: str, matched: str, registry: Registry) -> list[ActorMention]:
    found: list[ActorMention] = []
    if not registry.by_key:
        return found
    for end_index, (key, length) in registry.automaton.iter_long(matched):
        start, end = end_index - length + 1, end_index
        entries = registry.by_key[key]
        if end < len(text) and matched[end + 1].isalnum():
            continue
        if _case_ok(text[start:end], entries):
            found.append(_mention(text, start, end, entries[0], "registry"))
    return found


def _phrase_pattern(phrases: Phrases) -> re.Pattern[str]:
    demonyms = "|".join(sorted((re.escape(d) for d in phrases.demonyms), key=len, reverse=True))
    titles = "|".join(sorted((re.escape(t) for t in phrases.titles), key=len, reverse=True))
    return re.compile(
        rf"\b(?:the\s+)?(?:(?P<dem>{demonyms})\s+)?(?P<title>{titles})\b(?:\s+(?:of|for)\s+(?P<of>[A-Z][a-z]+))?",
        re.IGNORECASE,
    )


def office_mentions(
    text: str, registry: Registry, phrases: Phrases, on: date | None
) -> list[ActorMention]:
    found = []
    for match in _phrase_pattern(phrases).finditer(text):
        dem = match.group("dem")
        country = None
        if dem:
            country = next(
                (c for d, c in phrases.demonyms.items() if d.lower() == dem.lower()), None
            )
        elif match.group("of"):
            country = phrases.demonyms.get(match.group("of"))
        holder = registry.office_holder(phrases.titles[fold(match.group("title"))], country, on)
        if holder is not None and (
            dem or match.group("of") or match.group().lower().startswith("the")
        ):
            found.append(_mention(text, match.start(), match.end(), holder, "office"))
    return found


def capital_mentions(text: str, registry: Registry, phrases: Phrases) -> list[ActorMention]:
    names = "|".join(sorted((re.escape(c) for c in phrases.capitals), key=len, reverse=True))
    found = []
    for match in re.finditer(rf"\b(?:{names})\b", text):
        if LOCATIVE.search(text, max(0, match.start() - 12), match.start()):
            continue
        government = registry.government_of(phrases.capitals[match.group()])
        if government is not None:
            found.append(_mention(text, match.start(), match.end(), government, "capital"))
    return found


def generic_mentions(
    text: str,
    low: str,
    registry: Registry,
    phrases: Phrases,
    *,
    country: str | None,
    prior: list[ActorMention],
) -> list[ActorMention]:
    keys = "|".join(sorted((re.escape(k) for k in phrases.generic), key=len, reverse=True))
    found = []
    for match in re.finditer(rf"\b(?:{keys})\b", low):
        spec = phrases.generic[match.group()]
        entry: ActorEntry | None = None
        if spec.get("designated"):
            earlier = [m for m in prior if m.start < match.start() and m.canonical]
            designated = {e.name for e in registry.entries if e.designated}
            entry = next(
                (
                    registry.named(m.canonical or "")
                    for m in reversed(earlier)
                    if m.canonical in designated
                ),
                None,
            )
        else:
            entry = registry.of_kind(str(spec["kind"]), country)
        found.append(_mention(text, match.start(), match.end(), entry, "generic"))
    return found


def new_mentions(text: str, taken: list[tuple[int, int]]) -> list[ActorMention]:
    found = []
    for pattern, kind in ((NEW_PERSON, "person"), (NEW_ORG, None)):
        for match in pattern.finditer(text):
            start, end = match.span("name")
            if any(s < end and start < e for s, e in taken):
                continue
            found.append(ActorMention(start, end, text[start:end], None, kind, None, "new"))
            taken.append((start, end))
    return found


def find_actors(
    text: str,
    *,
    registry: Registry,
    on: date | None,
    country: str | None = None,
    folded: str | None = None,
    matched: str | None = None,
    places: list[tuple[int, int]] | None = None,
) -> list[ActorMention]:
    """Every actor mention, sorted by position; overlapping mentions keep the longest."""
    low = fold(text) if folded is None else folded
    phrases = load_phrases()
    found = registry_mentions(text, match_text(text) if matched is None else matched, registry)
    found += office_mentions(text, registry, phrases, on)
    found += capital_mentions(text, registry, phrases)
    found = _without_overlaps(found)
    found += generic_mentions(text, low, registry, phrases, country=country, prior=found)
    found = _without_overlaps(found)
    found += new_mentions(text, [(m.start, m.end) for m in found] + list(places or []))
    return sorted(found, key=lambda m: m.start)


def _without_overlaps(mentions: list[ActorMention]) -> list[ActorMention]:
    kept: list[ActorMention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept
