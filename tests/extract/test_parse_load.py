"""The quickly loaded parser reads text exactly as spaCy's plain load of the model does."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from truce.extract.parse import _BLAS_THREADS, MODEL, load_parser, load_pipeline

TEXTS = [
    "Hamas said on Tuesday that Israeli forces shelled the town of Khan Younis, killing three "
    "people, in violation of the ceasefire agreed last week.",
    "The U.S. envoy didn't say whether the truce, due at 7 p.m. on Jan. 3rd, would hold :) "
    "but 'em rebels won't ''wait'' for Gov. Smith's reply.",
    "Dr. Ahmed—who'd fled Aleppo in Feb.—can't return; it's 5km away (c. 3 mi.) e.g. via "
    "the M5 road, isn't it?",
]


def _read(nlp: Any, texts: list[str]) -> list[list[tuple[str, int, str, str, int, str]]]:
    return [
        [(t.text, t.idx, t.tag_, t.dep_, t.head.i, t.norm_) for t in doc] for doc in nlp.pipe(texts)
    ]


def test_the_parser_tokenises_tags_and_parses_as_a_plain_load() -> None:
    spacy = pytest.importorskip("spacy")
    pytest.importorskip(MODEL)
    quick = _read(load_parser(), TEXTS)
    plain = spacy.load(MODEL, exclude=["ner", "senter"])
    assert quick == _read(plain, TEXTS)
    assert any(t[0] == "n't" for t in quick[1])  # a special case was applied


def test_a_worker_s_parser_given_every_special_case_at_once_reads_the_same() -> None:
    spacy = pytest.importorskip("spacy")
    pytest.importorskip(MODEL)
    load_pipeline(many=True)  # as a worker with many reports ahead starts
    nlp = load_parser()
    assert not nlp.tokenizer._waiting
    plain = spacy.load(MODEL, exclude=["ner", "senter"])
    assert _read(nlp, TEXTS) == _read(plain, TEXTS)


@pytest.mark.parametrize(("given", "threads"), [(None, "1"), ("2", "2")])
def test_numpy_first_imported_by_the_parser_starts_openblas_on_one_thread_unless_told(
    given: str | None, threads: str
) -> None:
    pytest.importorskip(MODEL)
    code = (
        "import os\nfrom truce.extract.parse import _openblas, load_parser\nload_parser()\n"
        "found = _openblas()\n"
        "print(found[0]() if found else 'none', os.environ.get('OPENBLAS_NUM_THREADS'))"
    )
    env = {k: v for k, v in os.environ.items() if k not in _BLAS_THREADS}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    count, left = done.stdout.split()
    if count == "none":
        pytest.skip("numpy's BLAS is not an OpenBLAS whose thread count can be read")
    assert (count, left) == (threads, str(given))
