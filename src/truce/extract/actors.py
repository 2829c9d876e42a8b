"""Actors: registry names, role phrases, capitals, generic phrases, and new names.

"Lavrov" and "the coalition" are registry aliases; "the Russian foreign minister" goes to whoever
held that office on the publication date; "Moscow" is the Government of Russia when it acts
("Moscow said"), not when it is a place ("in Moscow"); "government troops" and "the jihadists"
are resolved by the document's context; capitalised names in a speaker's or an organisation's
position that the registry does not know become new candidates (``canonical`` is None).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from truce.extract.fold import find_words, match_text, whole_words, word_automaton
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
_NAME_WORD = r"(?:[A-Z][’'])?[A-Z][a-z]+"
_PERSON_NAME = rf"{_NAME_WORD}(?:[ -](?:al-|el-|bin |ibn |de |van )?{_NAME_WORD}){{1,2}}"
# Titles written before a name ("Lieutenant General Sergei Kuralenok"): not part of the name.
_TITLES = r"(?:(?:Former|former|Acting|acting|Deputy|Vice|Prime|Foreign|Defen[cs]e|Interior|Lieutenant|Major|Brigadier|Colonel|General|Secretary|Secretary-General|Under-Secretary-General|President|Minister|Chancellor|Governor|Commander|Captain|Ambassador|Envoy|Spokes(?:man|woman)|Senator|Mayor|King|Prince|Sheikh|Emir|Chief|Admiral|Marshal|Field|Sergeant|Dr|Mr|Mrs|Ms)\.?\s+)"  # noqa: E501
_ROLE_WORDS = r"(?:spokes(?:man|woman|person)|commander|official|member|head|leader|chief|minister|envoy|director|resident|witness|activist|representative|ambassador|president|chairman|chairwoman|chair|secretary|governor|mayor|founder|executive|editor|professor|analyst|adviser|advisor|researcher|lawyer|correspondent|host|anchor|senator|congressman|congresswoman)"  # noqa: E501
NEW_PERSON = re.compile(
    rf"(?=[A-Z])\b(?:{_TITLES}+)?(?P<name>{_PERSON_NAME})(?=,\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}{_ROLE_WORDS}\b|,?\s+{_SPEECH}\b)"
)
_ORG_HEAD = r"(?:Brigades?|Front|Army|Movement|Battalions?|Division|Forces|Group|Committee|Observatory|Council|Corps|Legion|Regiment|Crescent|Organi[sz]ation|Centre|Center|Agency|Ministry|Network|Command|Mission|Society|Authority|Accord|Alliance|Coalition)"  # noqa: E501
# "Syrian Observatory for Human Rights", "Government of National Accord": a head, then "of/for X".
_ORG_OF = r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})?"
NEW_ORG = re.compile(
    rf"(?=[A-Zt])\b(?:[Tt]he\s+)?(?P<name>(?!The\s)(?:[A-Z][\w'’-]+\s+(?:(?:of|for|al-)\s+)?){{1,5}}{_ORG_HEAD}{_ORG_OF})\b"
)
LOCATIVE = re.compile(
    r"(?:\b(?:in|to|from|at|near|outside|into|via|over|toward|towards)\s+)$", re.IGNORECASE
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
    for end_index, (key, length) in whole_words(registry.automaton, matched):
        start, end = end_index - length + 1, end_index
        entries = registry.by_key[key]
        if end < len(text) and matched[end + 1].isalnum():
            continue
        if _case_ok(text[start:end], entries):
            found.append(_mention(text, start, end, entries[0], "registry"))
    return found


# "Ukrainian forces", "Israeli jets": a country's armed forces, named by its demonym.
_FORCE_NOUNS = (
    r"(?:forces|troops|army|soldiers|military|jets|aircraft|warplanes|helicopters|drones|"
    r"artillery|navy|air force|police)"
)


@functools.lru_cache(maxsize=1)
def _compiled() -> tuple[Any, re.Pattern[str], Any, re.Pattern[str], re.Pattern[str]]:
    """Automata and patterns over the packaged phrases (built on first use)."""
    phrases = load_phrases()
    demonyms = "|".join(sorted((re.escape(d) for d in phrases.demonyms), key=len, reverse=True))
    before = re.compile(rf"(?:\b(?P<the>the)\s+)?(?:\b(?P<dem>{demonyms})\s+)?$", re.IGNORECASE)
    capitals = "|".join(sorted((re.escape(c) for c in phrases.capitals), key=len, reverse=True))
    # The capitals and "Syrian forces" are found where a word begins (_matches_where).
    national = re.compile(rf"(?P<dem>{demonyms})\s+(?i:{_FORCE_NOUNS})\b")
    return (
        word_automaton(phrases.titles),
        before,
        word_automaton(phrases.generic),
        re.compile(rf"(?:{capitals})\b"),
        national,
    )


_OF = re.compile(r"\s+(?:of|for)\s+(?P<of>[A-Z][a-z]+)")
_WORD_BOUNDARY = re.compile(r"\b")
_NOT_IN_A_WORD = re.compile(r"(?<![\w-])")


def _matches_where(
    pattern: re.Pattern[str], text: str, *, at_start: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` as if ``pattern`` began with the assertion ``at_start``
    (``\\b``, a lookbehind). A pattern that begins with its names lets the regex engine skip
    to where one of them could start; one that begins with an assertion is tried at every
    position, two to three times slower over a report."""
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        if at_start.match(text, match.start()):
            yield match
            pos = match.end()
        else:
            pos = match.start() + 1


_OF_SOMETHING = re.compile(r"\s+(?:of|for|at)\s+")


def office_mentions(
    text: str,
    matched: str,
    registry: Registry,
    phrases: Phrases,
    on: date | None,
    *,
    context: str | None = None,
) -> list[ActorMention]:
    """Role phrases resolved to whoever held the office on ``on``: of the country a demonym or
    an "of X" names, else — a bare title ("the president") — of the document's country
    ``context``, and never when the title belongs to something else ("the president of the
    American Federation of Teachers")."""
    titles, before, _, _, _ = _compiled()
    found = []
    for start, end, title in find_words(titles, matched):
        lead = before.search(text, max(0, start - 30), start)
        dem = lead.group("dem") if lead else None
        of = _OF.match(text, end)
        country = None
        if dem:
            wanted = dem.lower()
            country = next((c for d, c in phrases.demonyms.items() if d.lower() == wanted), None)
        elif of:
            country = phrases.demonyms.get(of.group("of"))
        if not (dem or of or (lead and lead.group("the"))):
            continue
        if not (dem or of):
            if context is None or _OF_SOMETHING.match(text, end):
                continue
            country = context
        holder = registry.office_holder(phrases.titles[title], country, on)
        if holder is not None:
            first = lead.start() if lead and lead.group() else start
            first = first + len(text[first:start]) - len(text[first:start].lstrip())
            found.append(_mention(text, first, of.end() if of else end, holder, "office"))
    return found


def capital_mentions(text: str, registry: Registry, phrases: Phrases) -> list[ActorMention]:
    found = []
    for match in _matches_where(_compiled()[3], text, at_start=_WORD_BOUNDARY):
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
    found = []
    for start, end, key in find_words(_compiled()[2], low):
        spec = phrases.generic[key]
        entry: ActorEntry | None = None
        if spec.get("designated"):
            earlier = [m for m in prior if m.start < start and m.canonical]
            designated = {e.name for e in registry.entries if e.designated}
            entry = next(
                (
                    registry.named(m.canonical or "")
                    for m in reversed(earlier)
                    if m.canonical in designated
                ),
                None,
            )
        elif spec["kind"] in {"state", "state forces"}:
            entry = registry.of_kind(str(spec["kind"]), country)
        mention = _mention(text, start, end, entry, "generic")
        if entry is None:
            mention = ActorMention(
                start, end, text[start:end], None, str(spec["kind"]), None, "generic"
            )
        found.append(mention)
    for match in _matches_where(_compiled()[4], text, at_start=_NOT_IN_A_WORD):
        nation = phrases.demonyms.get(match.group("dem"))
        if nation is None:
            continue
        forces = registry.of_kind("state forces", nation)
        mention = _mention(text, match.start(), match.end(), forces, "generic")
        if forces is None:
            mention = replace(mention, kind="state forces", country=nation)
        found.append(mention)
    return found


def new_mentions(text: str, taken: list[tuple[int, int]]) -> list[ActorMention]:
    found = []
    for pattern, kind in ((NEW_ORG, None), (NEW_PERSON, "person")):
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
    phrases = load_phrases()
    matched = match_text(text) if matched is None else matched
    found = registry_mentions(text, matched, registry)
    found += office_mentions(text, matched, registry, phrases, on, context=country)
    found += capital_mentions(text, registry, phrases)
    found = _without_overlaps(found)
    found += generic_mentions(text, matched, registry, phrases, country=country, prior=found)
    found = _without_overlaps(found)
    # a named organisation beats a generic phrase inside it ("the Government of National Accord")
    taken = [(m.start, m.end) for m in found if m.how != "generic"] + list(places or [])
    new = new_mentions(text, taken)
    found = [m for m in found if m.how != "generic" or not _overlaps_any(m, new)] + [
        n for n in new if n.kind is None or not _overlaps_any(n, found)
    ]
    return _appositions(text, sorted(found, key=lambda m: m.start))


def _overlaps_any(mention: ActorMention, others: list[ActorMention]) -> bool:
    return any(o.start < mention.end and mention.start < o.end for o in others)


def _appositions(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """ "Martin Griffiths, the UN envoy, …": the role phrase names the person before it, not
    whoever the registry says held that office."""
    kept = list(mentions)
    for index in range(1, len(kept)):
        person, role = kept[index - 1], kept[index]
        if (
            role.how in {"office", "generic"}
            and person.kind == "person"
            and person.canonical != role.canonical
            and text[person.end : role.start] == ", "
        ):
            kept[index] = ActorMention(
                role.start,
                role.end,
                role.name,
                person.canonical,
                person.kind,
                person.country,
                "apposition",
            )
    return kept


def _without_overlaps(mentions: list[ActorMention]) -> list[ActorMention]:
    kept: list[ActorMention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept
