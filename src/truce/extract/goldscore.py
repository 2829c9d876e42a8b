"""Score ``extract`` against hand-annotated gold documents (precision, recall, F1 per component).

A gold document is a pair ``NNN-slug.txt`` / ``NNN-slug.json`` (format: docs/gold.md). Each
text is extracted with its publication date and an actor registry; candidates are then paired
one to one with gold items (greedily, in text order) and counted, micro-averaged over the set:

| component | a candidate matches a gold item when |
| --- | --- |
| events | same ACLED event type, and its span overlaps the gold evidence (see note) |
| statements | same speaker (see below), and its span overlaps the gold evidence |
| claims | same attribute and stance, within the sentence(s) of the gold evidence |
| agreements | same kind, within the sentence(s) of the gold evidence |
| quantities | same value, and its span overlaps the gold evidence |
| dates | same first and last day, and one text contains the other ("Monday evening") |
| places | one name contains the other, within 25 km of the gold point (250 km: country, state) |
| actors | one wording contains the other, and the same actor (see below) |

Note: verbal PLOVER events, which ACLED does not code (no ``event_type``), are left out.
Dates, places and actors are counted once per distinct wording, as the gold lists them.
Two actor names are the same actor when they are equal (folded), when the registry resolves
both to one entry, or when one entry is the other's parent ("Russia" and "Russian Armed
Forces"). For matched events and statements the scorer also reports how often their date,
modality, place and directness agree with the gold.

``python -m truce.extract.goldscore tests/data/gold`` prints the table; with
``--eventcoding ../shared/data/eventcoding`` (the default when that folder exists) it also scores
the public event-coding sets of :mod:`truce.extract.eventgold`, each next to the keyword baseline
of :mod:`truce.extract.keywords`, and the gold statements next to a plain "said" pattern.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from truce.errors import InvalidInput
from truce.extract import eventgold, keywords
from truce.extract.fold import fold_key
from truce.extract.gazcache import load_gazetteer
from truce.extract.gazetteer import Gazetteer
from truce.extract.geoscore import haversine_km
from truce.extract.model import ActorRef, Extraction
from truce.extract.pipeline import extract
from truce.extract.registry import ActorEntry, Registry
from truce.extract.segment import segment

COMPONENTS = (
    "events",
    "statements",
    "claims",
    "agreements",
    "quantities",
    "dates",
    "places",
    "actors",
)
EVENTCODING = Path("../shared/data/eventcoding")
PLACE_KM = 25.0
# A country's or a province's point is a convention (the gold's and the gazetteer's differ by
# more than 25 km for any large country): such a place matches within 250 km.
AREA_KM = {"country": 250.0, "admin1": 250.0, "region": 250.0}
G = TypeVar("G")
P = TypeVar("P")
Span = tuple[int, int]


@dataclass(frozen=True)
class GoldDocument:
    """One gold text with its annotation (``evidence`` strings located in the text)."""

    name: str
    text: str
    published: date | None
    annotation: dict[str, list[dict[str, Any]]]
    spans: dict[tuple[str, int], Span]


@dataclass
class Tally:
    """Matched, predicted and gold counts of one component."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, matched: int, predicted: int, gold: int) -> None:
        self.matched += matched
        self.predicted += predicted
        self.gold += gold


@dataclass
class GoldScore:
    """Tallies per component, and agreement of attributes on matched items."""

    documents: int = 0
    tallies: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in COMPONENTS})
    attributes: dict[str, list[int]] = field(default_factory=dict)  # name -> [agree, compared]

    def agree(self, name: str, ok: bool) -> None:
        counts = self.attributes.setdefault(name, [0, 0])
        counts[0] += ok
        counts[1] += 1


def _located(text: str, value: str, *, where: str) -> Span:
    start = text.find(value)
    if start < 0:
        raise InvalidInput(f"{where}: not found in the text: {value[:60]!r}")
    return start, start + len(value)


def read_document(path: Path) -> GoldDocument:
    """A gold pair by its JSON path; a bad file or a missing evidence names file and field."""
    text_path = path.with_suffix(".txt")
    try:
        text = text_path.read_text(encoding="utf-8")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"{path.name}: cannot read the gold pair: {error}") from None
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{path.name}:{error.lineno}:{error.colno}: {error.msg}") from None
    try:
        published = date.fromisoformat(data["published"]) if data.get("published") else None
    except (TypeError, ValueError):
        raise InvalidInput(f"{path.name}: published: not YYYY-MM-DD") from None
    annotation = {c: list(data.get(c) or []) for c in COMPONENTS}
    spans: dict[tuple[str, int], Span] = {}
    for component, items in annotation.items():
        key = "text" if component in {"dates", "places", "actors"} else "evidence"
        for index, item in enumerate(items):
            where = f"{path.name}: {component}[{index}].{key}"
            if not isinstance(item, dict) or not isinstance(item.get(key), str):
                raise InvalidInput(f"{where}: missing")
            spans[(component, index)] = _located(text, item[key], where=where)
    return GoldDocument(path.stem, text, published, annotation, spans)


def read_directory(directory: Path) -> list[GoldDocument]:
    paths = sorted(directory.glob("*.json"))
    if not paths:
        raise InvalidInput(f"{directory}: no gold documents (NNN-slug.json with NNN-slug.txt)")
    return [read_document(path) for path in paths]


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _pair(
    gold: Sequence[G], predicted: Sequence[P], ok: Callable[[G, P], bool]
) -> list[tuple[G, P]]:
    """Greedy one-to-one pairing, gold items in order, each taking the first free candidate."""
    free = list(range(len(predicted)))
    pairs = []
    for item in gold:
        for position, index in enumerate(free):
            if ok(item, predicted[index]):
                pairs.append((item, predicted[index]))
                del free[position]
                break
    return pairs


def _contains(a: str, b: str) -> bool:
    a, b = fold_key(a).removeprefix("the "), fold_key(b).removeprefix("the ")
    return bool(a and b) and (a in b or b in a)


class ActorJudge:
    """Whether a gold actor name and a candidate's actor are the same actor."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def _entry(self, name: str | None) -> ActorEntry | None:
        return self.registry.named(name) if name else None

    def same(self, gold: str | None, ref: ActorRef | None) -> bool:
        if gold is None or ref is None:
            return gold is None and ref is None
        names = [n for n in (ref.canonical, ref.name) if n]
        if any(
            fold_key(n).removeprefix("the ") == fold_key(gold).removeprefix("the ") for n in names
        ):
            return True
        mine, theirs = self._entry(ref.canonical), self._entry(gold)
        if mine is None or theirs is None:
            return False
        return mine == theirs or mine.parent == theirs.name or theirs.parent == mine.name


def _sentence_span(bounds: Sequence[Span], span: Span) -> Span:
    touching = [b for b in bounds if _overlap(b, span)] or [span]
    return touching[0][0], touching[-1][1]


def score_document(
    doc: GoldDocument, result: Extraction, *, judge: ActorJudge, into: GoldScore
) -> None:
    """Add one document's counts to ``into``."""
    into.documents += 1
    gold = {c: list(enumerate(doc.annotation[c])) for c in COMPONENTS}
    span = {c: {i: doc.spans[(c, i)] for i, _ in gold[c]} for c in COMPONENTS}
    bounds = [(s.start, s.end) for s in segment(doc.text)[1]]

    def record(component: str, pairs: Sequence[object], predicted: int) -> None:
        into.tallies[component].add(len(pairs), predicted, len(gold[component]))

    acled = [e for e in result.events if e.event_type is not None]  # verbal events are not ACLED's
    events = _pair(
        gold["events"],
        acled,
        lambda g, e: e.event_type == g[1]["event_type"] and _overlap(e.span, span["events"][g[0]]),
    )
    record("events", events, len(acled))
    for (_, g), e in events:
        into.agree("event modality", e.modality == g.get("modality", "occurred"))
        if g.get("date"):
            into.agree("event date", e.date is not None and e.date.start.isoformat() == g["date"])
        into.agree("event sub-type", e.sub_event_type == g.get("sub_event_type"))

    statements = _pair(
        gold["statements"],
        result.statements,
        lambda g, s: (
            judge.same(g[1].get("speaker"), s.speaker)
            and _overlap(s.span, span["statements"][g[0]])
        ),
    )
    record("statements", statements, len(result.statements))
    for (_, g), s in statements:
        into.agree("statement direct", s.direct == bool(g.get("direct")))
        if g.get("date"):
            into.agree(
                "statement date", s.date is not None and s.date.start.isoformat() == g["date"]
            )
        into.agree("statement reported_by", judge.same(g.get("reported_by"), s.reported_by))

    claims = _pair(
        gold["claims"],
        result.claims,
        lambda g, c: (
            c.attribute == g[1]["attribute"]
            and c.stance == g[1]["stance"]
            and _overlap(c.span, _sentence_span(bounds, span["claims"][g[0]]))
        ),
    )
    record("claims", claims, len(result.claims))
    for (_, g), c in claims:
        into.agree("claim claimant", judge.same(g.get("claimant"), c.claimant))

    agreements = _pair(
        gold["agreements"],
        result.agreements,
        lambda g, a: (
            a.kind == g[1]["kind"]
            and _overlap(a.span, _sentence_span(bounds, span["agreements"][g[0]]))
        ),
    )
    record("agreements", agreements, len(result.agreements))

    quantities = _pair(
        gold["quantities"],
        result.quantities,
        lambda g, q: (
            abs(q.value - float(g[1]["value"])) < 1e-9
            and _overlap(q.span, span["quantities"][g[0]])
        ),
    )
    record("quantities", quantities, len(result.quantities))
    _score_mentions(doc, result, gold, judge=judge, record=record)


def _distinct(items: Iterable[P], key: Callable[[P], object]) -> list[P]:
    seen: dict[object, P] = {}
    for item in items:
        seen.setdefault(key(item), item)
    return list(seen.values())


def _score_mentions(
    doc: GoldDocument,
    result: Extraction,
    gold: dict[str, list[tuple[int, dict[str, Any]]]],
    *,
    judge: ActorJudge,
    record: Callable[[str, Sequence[object], int], None],
) -> None:
    dates = _distinct(result.mentions.dates, lambda d: (fold_key(d.text or ""), d.start, d.end))
    date_pairs = _pair(
        gold["dates"],
        dates,
        lambda g, d: (
            d.start.isoformat() == g[1]["start"]
            and d.end.isoformat() == g[1]["end"]
            and _contains(d.text or "", g[1]["text"])
        ),
    )
    record("dates", date_pairs, len(dates))
    places = _distinct(result.mentions.places, lambda p: fold_key(p.name))
    place_pairs = _pair(
        gold["places"],
        places,
        lambda g, p: (
            _contains(p.name, g[1]["text"])
            and haversine_km(p.lat, p.lon, float(g[1]["lat"]), float(g[1]["lon"]))
            <= AREA_KM.get(p.precision, PLACE_KM)
        ),
    )
    record("places", place_pairs, len(places))
    actors = _distinct(result.mentions.actors, lambda a: fold_key(a.name))
    actor_pairs = _pair(
        gold["actors"],
        actors,
        lambda g, a: _contains(a.name, g[1]["text"]) and judge.same(g[1].get("canonical"), a),
    )
    record("actors", actor_pairs, len(actors))


def score_documents(
    documents: Sequence[GoldDocument], *, registry: Registry, gazetteer: Gazetteer
) -> GoldScore:
    """Extract every document and score it against its annotation."""
    judge, total = ActorJudge(registry), GoldScore()
    for doc in documents:
        result = extract(doc.text, published=doc.published, registry=registry, gazetteer=gazetteer)
        score_document(doc, result, judge=judge, into=total)
    return total


def table(score: GoldScore) -> str:
    """Markdown tables: P/R/F1 per component, then attribute agreement on matched items."""
    lines = [
        f"Gold set: {score.documents} documents.",
        "",
        "| component | gold | predicted | matched | precision | recall | F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in COMPONENTS:
        t = score.tallies[name]
        lines.append(
            f"| {name} | {t.gold} | {t.predicted} | {t.matched} | {t.precision:.2f} "
            f"| {t.recall:.2f} | {t.f1:.2f} |"
        )
    lines += ["", "| on matched items | agree | compared | share |", "| --- | ---: | ---: | ---: |"]
    for name, (agree, compared) in sorted(score.attributes.items()):
        share = agree / compared if compared else 0.0
        lines.append(f"| {name} | {agree} | {compared} | {share:.2f} |")
    return "\n".join(lines)


def default_registry() -> Registry:
    """The demo's packaged registry when present, else an empty one."""
    from importlib import resources

    demo = resources.files("truce.demo").joinpath("actors.yaml")
    if demo.is_file():
        with resources.as_file(demo) as path:
            return Registry.from_yaml(path)
    return Registry.from_entries([])


def truce_coder(*, registry: Registry, gazetteer: Gazetteer) -> eventgold.Coder:
    """``extract`` as a sentence coder for :mod:`truce.extract.eventgold`."""

    def code(text: str) -> list[eventgold.Coded]:
        result = extract(text, published=None, registry=registry, gazetteer=gazetteer)
        return [
            eventgold.Coded(
                e.plover.type,
                e.cameo,
                _coded_actor(e.actor1),
                _coded_actor(e.actor2),
                occurred=e.modality == "occurred" and not e.negated,
                confidence=e.confidence,
            )
            for e in result.events
        ]

    return code


def _coded_actor(ref: ActorRef | None) -> eventgold.CodedActor | None:
    return None if ref is None else eventgold.CodedActor(ref.name, ref.country)


def event_tables(folder: Path, *, registry: Registry, gazetteer: Gazetteer) -> list[str]:
    """A table per public event-coding set in ``folder``: Truce next to the keyword baseline."""
    coders = {
        "truce": truce_coder(registry=registry, gazetteer=gazetteer),
        "keyword baseline": keywords.code_sentence,
    }
    tables = []
    for name, sentences in eventgold.read_sets(folder).items():
        scores = {label: eventgold.score_set(sentences, c) for label, c in coders.items()}
        tables.append(eventgold.table(name, scores))
    return tables


_SAID = re.compile(
    r"(?P<before>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*),?\s+(?:said|says|told)\b"
    r"|\b(?:said|says)\s+(?P<after>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)"
)


def said_pattern(text: str) -> list[tuple[str, Span]]:
    """The baseline's statements: a capitalised name next to "said", per sentence."""
    found = []
    for sentence in segment(text)[1]:
        match = _SAID.search(text, sentence.start, sentence.end)
        if match is not None:
            found.append(
                (match.group("before") or match.group("after"), (sentence.start, sentence.end))
            )
    return found


def speaker_rows(documents: Sequence[GoldDocument], score: GoldScore, *, registry: Registry) -> str:
    """Speaker precision and recall on the gold statements: Truce and the "said" pattern."""
    judge, baseline = ActorJudge(registry), Tally()
    for doc in documents:
        gold = list(enumerate(doc.annotation["statements"]))
        predicted = said_pattern(doc.text)
        spans = {i: doc.spans[("statements", i)] for i, _ in gold}

        def same(
            g: tuple[int, dict[str, Any]], p: tuple[str, Span], spans: dict[int, Span] = spans
        ) -> bool:
            ref = ActorRef(name=p[0], canonical=_canonical(registry, p[0]))
            return judge.same(g[1].get("speaker"), ref) and _overlap(p[1], spans[g[0]])

        pairs = _pair(gold, predicted, same)
        baseline.add(len(pairs), len(predicted), len(gold))
    ours = score.tallies["statements"]
    return "\n".join(
        [
            '| statements: right speaker | truce | "said" pattern |',
            "| --- | ---: | ---: |",
            f"| precision | {ours.precision:.2f} | {baseline.precision:.2f} |",
            f"| recall | {ours.recall:.2f} | {baseline.recall:.2f} |",
        ]
    )


def _canonical(registry: Registry, name: str) -> str | None:
    entry = registry.named(name)
    return entry.name if entry else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score truce.extract against gold documents.")
    parser.add_argument("directory", type=Path, help="folder of NNN-slug.txt/.json gold pairs")
    parser.add_argument("--actors", type=Path, help="actor registry YAML (default: the demo's)")
    parser.add_argument(
        "--eventcoding",
        type=Path,
        default=EVENTCODING if EVENTCODING.is_dir() else None,
        help=f"folder of public event-coding gold (default: {EVENTCODING} when present)",
    )
    args = parser.parse_args(argv)
    try:
        documents = read_directory(args.directory)
        registry = Registry.from_yaml(args.actors) if args.actors else default_registry()
        gazetteer = load_gazetteer()
        score = score_documents(documents, registry=registry, gazetteer=gazetteer)
        parts = [table(score), speaker_rows(documents, score, registry=registry)]
        if args.eventcoding is not None:
            parts += event_tables(args.eventcoding, registry=registry, gazetteer=gazetteer)
    except InvalidInput as error:
        sys.stderr.write(f"{error}\n")
        return 2
    sys.stdout.write("\n\n".join(parts) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
