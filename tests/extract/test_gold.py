"""``extract`` scored against the hand-annotated gold documents in tests/data/gold.

Each document is extracted with its publication date and the demo's actor registry
(src/truce/demo/actors.yaml; the small test registry when the demo is absent); the table of
precision, recall and F1 per component is printed (``pytest -s``) and written to the test's
temporary folder as gold.md. Regenerate it for the docs with
``python -m truce.extract.goldscore tests/data/gold``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from truce.errors import InvalidInput
from truce.extract import Registry
from truce.extract.goldscore import (
    ActorJudge,
    GoldScore,
    default_registry,
    read_directory,
    read_document,
    score_document,
    score_documents,
    table,
)
from truce.extract.model import (
    ActorRef,
    DocumentInfo,
    EventCandidate,
    Extraction,
    Plover,
)

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"
HERE = Path(__file__).parent

# Floors a little under the figures measured on 2026-11-25 over 60 documents (see
# docs/extraction.md): precision and recall per component, micro-averaged.
FLOORS = {
    "events": (0.54, 0.50),
    "statements": (0.58, 0.31),
    "claims": (0.41, 0.21),
    "agreements": (0.35, 0.50),
    "quantities": (0.77, 0.74),
    "dates": (0.82, 0.76),
    "places": (0.70, 0.67),
    "actors": (0.62, 0.44),
}


@pytest.fixture(scope="module")
def gold_registry() -> Registry:
    registry = default_registry()
    return registry if registry.entries else Registry.from_yaml(HERE / "actors.yaml")


def test_extraction_scores_above_floors_on_the_gold_set(gold_registry, gazetteer, tmp_path):
    if not list(GOLD.glob("*.json")):
        pytest.skip(f"no gold documents in {GOLD}")
    score = score_documents(read_directory(GOLD), registry=gold_registry, gazetteer=gazetteer)
    rendered = table(score)
    print("\n" + rendered)
    (tmp_path / "gold.md").write_text(rendered + "\n", encoding="utf-8")
    low = []
    for component, (precision, recall) in FLOORS.items():
        tally = score.tallies[component]
        if tally.precision < precision or tally.recall < recall:
            low.append(f"{component}: P {tally.precision:.2f} R {tally.recall:.2f}")
    assert not low, "below the floors: " + "; ".join(low)


def _pair(tmp_path: Path, text: str, annotation: dict[str, object]) -> Path:
    (tmp_path / "001-test.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "001-test.json"
    path.write_text(json.dumps({"published": "2016-09-21", **annotation}), encoding="utf-8")
    return path


def test_an_evidence_missing_from_the_text_names_file_component_and_index(tmp_path):
    path = _pair(
        tmp_path,
        "Aircraft struck the convoy.",
        {"events": [{"event_type": "Battles", "evidence": "tanks advanced"}]},
    )
    with pytest.raises(InvalidInput, match=r"001-test\.json: events\[0\]\.evidence: not found"):
        read_document(path)


def test_a_broken_annotation_names_its_line(tmp_path):
    (tmp_path / "001-test.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "001-test.json").write_text('{"published": "2016-09-21",\n  "events": [,]}')
    with pytest.raises(InvalidInput, match=r"001-test\.json:2:"):
        read_document(tmp_path / "001-test.json")


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(InvalidInput, match="no gold documents"):
        read_directory(tmp_path)


def _event(span: tuple[int, int], event_type: str) -> EventCandidate:
    return EventCandidate(
        id=f"e{span[0]}",
        span=span,
        text="",
        date=None,
        event_type=event_type,
        plover=Plover(type="ASSAULT"),
        confidence=0.5,
    )


def test_candidates_pair_one_to_one_with_gold_items_by_type_and_overlap(tmp_path, registry):
    text = "Aircraft struck the convoy. Rebels attacked a base."
    doc = read_document(
        _pair(
            tmp_path,
            text,
            {
                "events": [
                    {"event_type": "Explosions/Remote violence", "evidence": "struck the convoy"},
                    {"event_type": "Battles", "evidence": "attacked a base"},
                ]
            },
        )
    )
    result = Extraction(
        document=DocumentInfo(sha256="0" * 64, published=date(2016, 9, 21), chars=len(text)),
        events=(
            _event((0, 27), "Explosions/Remote violence"),
            _event((0, 27), "Explosions/Remote violence"),  # a duplicate: counted as wrong
            _event((28, 51), "Violence against civilians"),  # right place, wrong type
        ),
    )
    score = GoldScore()
    score_document(doc, result, judge=ActorJudge(registry), into=score)
    tally = score.tallies["events"]
    assert (tally.matched, tally.predicted, tally.gold) == (1, 3, 2)
    assert (tally.precision, tally.recall) == (pytest.approx(1 / 3), 0.5)


@pytest.mark.parametrize(
    ("gold", "name", "canonical", "same"),
    [
        ("Russia", "Moscow", "Government of Russia", True),  # an alias of the same entry
        ("Syrian government", "Syrian army", "Syrian Arab Army", True),  # parent and child
        ("witnesses", "Witnesses", None, True),  # no registry entry: equal names
        ("United States", "Moscow", "Government of Russia", False),
        ("Sergey Lavrov", "Kerry", "John Kerry", False),
    ],
)
def test_actor_names_are_judged_through_the_registry(gold, name, canonical, same, registry):
    ref = ActorRef(name=name, canonical=canonical)
    assert ActorJudge(registry).same(gold, ref) is same
