"""Public event-coding gold: read the sets, code each sentence, count what a coder got right.

Three sets are read from a folder (``../shared/data/eventcoding``; none is copied into the
repository):

- ``PLOVER_GSR_CAMEO.txt``: sentences with a gold PLOVER type (0.5 beta names mapped to PLOVER
  2021: FIGHT → ASSAULT, DEMAND → REQUEST, DISAPPROVE and INVESTIGATE → ACCUSE) and source and
  target actors with their words;
- ``PETR.UnitTest.records.xml``: constructed sentences with gold CAMEO codings (PLOVER type by
  ``CAMEO2PLOVER-2021.txt``; a code missing there takes its root's type; root 02 "appeal" is
  REQUEST and root 01 "public statement" has no PLOVER type), or marked as telling no event;
- ``arabic_assault_gsr_validation.xml``: Arabic sentences with a gold ASSAULT and the words of
  its source and target.

A coder turns a sentence into :class:`Coded` events; the sentence's coding is its first event
of highest confidence. Per set the scorer counts: detection (a gold sentence gets an event),
false violence (an ASSAULT or COERCE that occurred, on a sentence whose gold event is verbal),
false events on sentences telling none, the PLOVER type and the CAMEO root of the coding, and
its source and target where the type is right. A source matches when one wording contains the
other (folded, "the" dropped), or when the gold actor code starts with the actor's country
code (ISO 3166 alpha-3) or, for PETR's invented codes, with the first three letters of a word
of the actor's name ("Arnor" → ARN).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from truce.errors import InvalidInput
from truce.extract.fold import fold_key

PLOVER_2021 = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE"}
PLOVER_2021["INVESTIGATE"] = "ACCUSE"
VERBAL = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
)
VIOLENT = frozenset({"ASSAULT", "COERCE"})
FILES = {
    "PLOVER gold records": "PLOVER_GSR_CAMEO.txt",
    "PETRARCH2 unit tests": "PETR.UnitTest.records.xml",
    "Arabic assaults": "arabic_assault_gsr_validation.xml",
}


@dataclass(frozen=True, slots=True)
class GoldActor:
    text: str | None
    code: str | None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    plover: str | None  # None: a CAMEO code with no PLOVER type (public statements)
    cameo: str | None
    sources: tuple[GoldActor, ...] = ()
    targets: tuple[GoldActor, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    text: str
    events: tuple[GoldEvent, ...]  # empty: the sentence tells no event


@dataclass(frozen=True, slots=True)
class CodedActor:
    name: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Coded:
    """One event a coder found in a sentence."""

    plover: str
    cameo: str | None = None
    source: CodedActor | None = None
    target: CodedActor | None = None
    occurred: bool = True
    confidence: float = 0.5


Coder = Callable[[str], Sequence[Coded]]


def read_cameo_map(path: Path) -> dict[str, str]:
    """CAMEO code → PLOVER 2021 type (``CAMEO2PLOVER-2021.txt``)."""
    mapping: dict[str, str] = {"02": "REQUEST"}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*(\d{2,4}):\s*([A-Z]+)", line)
        if match:
            mapping.setdefault(match.group(1), match.group(2))
    return mapping


def plover_of(cameo: str, mapping: dict[str, str]) -> str | None:
    for length in (len(cameo), 3, 2):
        if cameo[:length] in mapping:
            return mapping[cameo[:length]]
    return None


def _actors(value: object) -> tuple[GoldActor, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        GoldActor(item.get("actorText"), item.get("code"))
        for item in value
        if isinstance(item, dict)
    )


def read_plover(path: Path) -> list[GoldSentence]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{path.name}:{error.lineno}:{error.colno}: {error.msg}") from None
    found = []
    for record in records:
        if record.get("event") in {None, "DOCUMENT"} or not record.get("text"):
            continue
        plover = PLOVER_2021.get(record["event"], record["event"])
        event = GoldEvent(
            plover, None, _actors(record.get("source")), _actors(record.get("target"))
        )
        found.append(GoldSentence(record["id"], " ".join(record["text"].split()), (event,)))
    return found


def _xml(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as error:
        line, column = error.position
        raise InvalidInput(f"{path.name}:{line}:{column}: {error.msg}") from None


def read_petrarch(path: Path, mapping: dict[str, str]) -> list[GoldSentence]:
    found = []
    for sentence in _xml(path).iter("Sentence"):
        text = " ".join((sentence.findtext("Text") or "").split())
        events = []
        for coding in sentence.findall("EventCoding"):
            code = coding.get("eventcode")
            if not code:
                continue
            events.append(
                GoldEvent(
                    plover_of(code, mapping),
                    code,
                    (GoldActor(None, coding.get("sourcecode")),),
                    (GoldActor(None, coding.get("targetcode")),),
                )
            )
        if text:
            found.append(GoldSentence(sentence.get("id", ""), text, tuple(events)))
    return found


def read_arabic(path: Path) -> list[GoldSentence]:
    found = []
    for sentence in _xml(path).iter("Sentence"):
        text = " ".join((sentence.findtext("Text") or "").split())
        events = []
        for words, coding in zip(
            sentence.findall("EventText"), sentence.findall("EventCoding"), strict=False
        ):
            events.append(
                GoldEvent(
                    coding.get("plover") or "ASSAULT",
                    None,
                    (GoldActor(words.get("sourcetext") or None, None),),
                    (GoldActor(words.get("targettext") or None, None),),
                )
            )
        if text:
            found.append(GoldSentence(sentence.get("id", ""), text, tuple(events)))
    return found


def read_sets(folder: Path) -> dict[str, list[GoldSentence]]:
    """Every set present in ``folder``, by name (an absent file is left out)."""
    sets: dict[str, list[GoldSentence]] = {}
    mapping_path = folder / "CAMEO2PLOVER-2021.txt"
    for name, file in FILES.items():
        path = folder / file
        if not path.is_file():
            continue
        if file.startswith("PLOVER"):
            sets[name] = read_plover(path)
        elif file.startswith("PETR"):
            if mapping_path.is_file():
                sets[name] = read_petrarch(path, read_cameo_map(mapping_path))
        else:
            sets[name] = read_arabic(path)
    return sets


def _words(text: str) -> str:
    return fold_key(text).removeprefix("the ").strip(" .,'’")


def _same_words(gold: str, coded: str) -> bool:
    """One wording's words all in the other's, in any order (the Arabic set lists a phrase's
    words out of order: "انتحاريون مفجرون" for "مفجرون انتحاريون")."""
    a, b = set(re.findall(r"\w+", gold)), set(re.findall(r"\w+", coded))
    return bool(a and b) and (a <= b or b <= a)


def actor_matches(gold: Iterable[GoldActor], coded: CodedActor | None) -> bool:
    if coded is None:
        return False
    name = _words(coded.name)
    for actor in gold:
        if actor.text and name:
            wording = _words(actor.text.replace("...", " "))
            if wording and (wording in name or name in wording or _same_words(wording, name)):
                return True
        code = (actor.code or "").upper()
        if not code:
            continue
        if coded.country and code.startswith(coded.country.upper()):
            return True
        if actor.text is None and any(
            code.startswith(w[:3].upper()) for w in re.findall(r"[A-Za-z]{3,}", coded.name)
        ):
            return True
    return False


@dataclass
class EventScore:
    """Counts of one coder on one set."""

    sentences: int = 0
    with_event: int = 0
    detected: int = 0
    verbal: int = 0
    false_violence: int = 0
    no_event: int = 0
    false_on_none: int = 0
    typed: int = 0  # sentences whose gold event has a PLOVER type
    type_right: int = 0
    cameo: int = 0
    cameo_right: int = 0
    roles: dict[str, list[int]] = field(
        default_factory=lambda: {"source": [0, 0], "target": [0, 0]}
    )


def coding_of(events: Sequence[Coded]) -> Coded | None:
    """The sentence's coding: its first event of highest confidence."""
    best: Coded | None = None
    for event in events:
        if best is None or event.confidence > best.confidence:
            best = event
    return best


def _role(
    score: EventScore, name: str, gold: tuple[GoldActor, ...], coded: CodedActor | None
) -> None:
    if not any(a.text or a.code for a in gold):
        return
    score.roles[name][1] += 1
    score.roles[name][0] += actor_matches(gold, coded)


def score_sentence(sentence: GoldSentence, events: Sequence[Coded], score: EventScore) -> None:
    score.sentences += 1
    coding = coding_of(events)
    if not sentence.events:
        score.no_event += 1
        score.false_on_none += coding is not None
        return
    score.with_event += 1
    score.detected += coding is not None
    types = {e.plover for e in sentence.events}
    if types and types <= VERBAL:
        score.verbal += 1
        score.false_violence += any(e.plover in VIOLENT and e.occurred for e in events)
    typed = [e for e in sentence.events if e.plover]
    if typed:
        score.typed += 1
        right = [e for e in typed if coding is not None and e.plover == coding.plover]
        score.type_right += bool(right)
        if right and coding is not None:
            gold = right[0]
            _role(score, "source", gold.sources, coding.source)
            _role(score, "target", gold.targets, coding.target)
    cameos = [e.cameo for e in sentence.events if e.cameo]
    if cameos:
        score.cameo += 1
        score.cameo_right += bool(
            coding is not None and coding.cameo and coding.cameo[:2] in {c[:2] for c in cameos}
        )


def score_set(sentences: Sequence[GoldSentence], coder: Coder) -> EventScore:
    score = EventScore()
    for sentence in sentences:
        score_sentence(sentence, coder(sentence.text), score)
    return score


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "—"


def rows(score: EventScore) -> list[tuple[str, str]]:
    return [
        ("detection recall", _share(score.detected, score.with_event)),
        ("false violence on verbal sentences", _share(score.false_violence, score.verbal)),
        ("false events on no-event sentences", _share(score.false_on_none, score.no_event)),
        ("PLOVER type right", _share(score.type_right, score.typed)),
        ("CAMEO root right", _share(score.cameo_right, score.cameo)),
        ("source right (type right)", _share(*score.roles["source"])),
        ("target right (type right)", _share(*score.roles["target"])),
    ]


def table(name: str, scores: dict[str, EventScore]) -> str:
    """One set's Markdown table, a column per coder."""
    coders = list(scores)
    first = scores[coders[0]]
    lines = [
        f"{name}: {first.sentences} sentences ({first.with_event} with an event).",
        "",
        "| measure | " + " | ".join(coders) + " |",
        "| --- |" + " ---: |" * len(coders),
    ]
    columns = [rows(scores[c]) for c in coders]
    for index, (label, _) in enumerate(columns[0]):
        lines.append(f"| {label} | " + " | ".join(col[index][1] for col in columns) + " |")
    return "\n".join(lines)
