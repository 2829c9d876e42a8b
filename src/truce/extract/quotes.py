"""Statements: direct quotations and reported speech, with speaker, reporter, venue and date.

Handles "X said: “…”", "“…,” X said", "“…” said X", a quotation opened after "X told the
Council:" that runs over several paragraphs (each opening with a quote mark), "X said (that) …",
"according to X, …", and third-party attribution "X believes Y admitted …" (speaker Y,
``reported_by`` X). A quote with no speaker of its own continues the previous speaker's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from truce.extract.actors import ActorMention
from truce.extract.context import SPEECH_VERBS, Doc, date_for
from truce.extract.dates import DateMention

OPEN, CLOSE = '"“', '"”'
_QUOTE = re.compile(r"[\"“]([^\"“”\n]{2,}?)[\"”]|[\"“]([^\"“”\n]{2,})(?=\n\s*[\"“])")
_REPORTED = re.compile(
    rf"\b(?P<verb>{SPEECH_VERBS})(?:\s+(?:on|late on|early on)\s+\w+)?(?:\s+(?:that|:))?\s+(?P<words>[^\"“].{{8,}})",  # noqa: E501
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")
_THIRD = re.compile(
    r"\b(?P<verb1>believes|believed|thinks|thought|claims|claimed|says|said|alleges|alleged|suggested|insists|insisted)\s+(?:that\s+)?",
)
_THIRD_VERB = re.compile(
    r"\s*(?:had\s+|has\s+)?(?P<verb2>admitted|acknowledged|conceded|confirmed|said|agreed|promised|threatened)\s+(?:that\s+)?"
)
_VENUE = re.compile(
    r"\b(?:told|addressing|before|at|in a speech to|to)\s+(?P<venue>(?:the|a|an)\s+(?:(?:UN|U\.N\.|United Nations)\s+)?(?:Security Council|General Assembly|Council|news conference|press conference|briefing|meeting|session|summit|parliament|Duma|Congress|reporters|journalists))",  # noqa: E501
)
_PRONOUN = re.compile(r"\b(?:he|she|they)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class StatementFound:
    start: int
    end: int
    speaker: ActorMention
    reported_by: ActorMention | None
    words: str
    direct: bool
    venue: str | None
    date: DateMention | None


def _speaker_near(doc: Doc, lo: int, hi: int, *, prefer_last: bool = True) -> ActorMention | None:
    found = [a for a in doc.actors_in(lo, hi) if a.kind != "civilians"]
    if not found:
        return None
    return found[-1] if prefer_last else found[0]


def _venue(doc: Doc, lo: int, hi: int) -> str | None:
    match = _VENUE.search(doc.text, lo, hi)
    return match.group("venue") if match else None


def _statement(
    doc: Doc,
    span: tuple[int, int],
    speaker: ActorMention,
    words: str,
    *,
    direct: bool,
    attribution: tuple[int, int],
    reported_by: ActorMention | None = None,
) -> StatementFound:
    return StatementFound(
        start=span[0],
        end=span[1],
        speaker=speaker,
        reported_by=reported_by,
        words=words.strip(),
        direct=direct,
        venue=_venue(doc, *attribution),
        date=date_for(doc, attribution[0], attribution[1], for_speech=True),
    )


def direct_quotes(doc: Doc) -> list[StatementFound]:
    found: list[StatementFound] = []
    previous: StatementFound | None = None
    for match in _QUOTE.finditer(doc.text):
        start, end = match.span()
        words = match.group(1) if match.group(1) is not None else match.group(2)
        if len(words.split()) < 3:
            continue  # a scare-quoted name ("1070 apartments"), not a quotation
        sentence = doc.sentence_at(start)
        paragraph = doc.paragraphs[sentence.paragraph]
        tail_end = min(paragraph.end, end + 80)
        tail = re.match(rf"\s*,?\s*(?:(?P<pre>{SPEECH_VERBS})\s+)?", doc.text[end:tail_end])
        speaker = None
        attribution = (end, tail_end)
        after = _speaker_near(doc, end, tail_end, prefer_last=False)
        if (
            after is not None
            and re.search(SPEECH_VERBS, doc.text[end:tail_end])
            and tail is not None
        ):
            speaker = after
        if speaker is None:
            lead_start = max(paragraph.start, sentence.start)
            speaker = _speaker_near(doc, lead_start, start)
            attribution = (lead_start, start)
            if speaker is not None and not re.search(SPEECH_VERBS, doc.text[speaker.end : start]):
                speaker = None
        if speaker is None and previous is not None and start == paragraph.start:
            speaker, attribution = previous.speaker, (previous.start, previous.end)
        if speaker is None:
            continue
        previous = _statement(
            doc, (start, end), speaker, words, direct=True, attribution=attribution
        )
        found.append(previous)
    return found


def reported_speech(doc: Doc, quoted: list[tuple[int, int]]) -> list[StatementFound]:
    found: list[StatementFound] = []
    for sentence in doc.sentences:
        lo, hi = sentence.start, sentence.end
        if any(s < hi and lo < e for s, e in quoted):
            continue
        text = doc.text[lo:hi]
        statement = (
            _third_party(doc, lo, hi) or _according(doc, lo, hi, text) or _reported(doc, lo, hi)
        )
        if statement is not None:
            found.append(statement)
    return found


def _reported(doc: Doc, lo: int, hi: int) -> StatementFound | None:
    match = None
    for start, _ in doc.speech_in(lo, hi):
        match = _REPORTED.match(doc.text, start, hi)
        if match is not None:
            break
    if match is None:
        return None
    speaker = _speaker_near(doc, lo, match.start())
    if speaker is None or len(doc.text[speaker.end : match.start()]) > 60:
        return None
    words_start = match.start("words")
    that = re.search(r"\bthat\s+", doc.text[words_start : min(hi, words_start + 80)])
    if that is not None:
        words_start += that.end()
    words = doc.text[words_start:hi].rstrip(" .")
    return _statement(doc, (lo, hi), speaker, words, direct=False, attribution=(lo, words_start))


def _according(doc: Doc, lo: int, hi: int, text: str) -> StatementFound | None:
    if not doc.speech_in(lo, hi):
        return None
    match = _ACCORDING.search(doc.text, lo, hi)
    if match is None:
        return None
    speaker = _speaker_near(doc, match.end(), min(hi, match.end() + 60), prefer_last=False)
    if speaker is None:
        return None
    comma = doc.text.find(",", speaker.end, hi)
    if match.start() == lo and comma != -1:
        words = doc.text[comma + 1 : hi]
    else:
        words = doc.text[lo : match.start()]
    return _statement(
        doc,
        (lo, hi),
        speaker,
        words.rstrip(" ,."),
        direct=False,
        attribution=(match.start(), speaker.end),
    )


def _third_party(doc: Doc, lo: int, hi: int) -> StatementFound | None:
    if not doc.speech_in(lo, hi):
        return None
    for match in _THIRD.finditer(doc.text, lo, hi):
        reporter = _speaker_near(doc, lo, match.start())
        actors = doc.actors_in(match.end(), hi)
        if reporter is None or not actors or actors[0].start - match.end() > 12:
            continue
        speaker = actors[0]
        verb = _THIRD_VERB.match(doc.text, speaker.end, hi)
        if verb is None:
            continue
        words = doc.text[verb.end() : hi].rstrip(" .")
        return _statement(
            doc,
            (lo, hi),
            speaker,
            words,
            direct=False,
            attribution=(lo, verb.end()),
            reported_by=reporter,
        )
    return None


def find_statements(doc: Doc) -> list[StatementFound]:
    direct = direct_quotes(doc)
    reported = reported_speech(doc, [(s.start, s.end) for s in direct])
    return sorted(direct + reported, key=lambda s: s.start)
