"""Statements: direct quotations and reported speech, with speaker, reporter, venue and date.

Handles "X said: “…”", "“…,” X said", "“…” said X", a quotation opened after "X told the
Council:" that runs over several paragraphs (each opening with a quote mark), "X said (that) …",
"according to X, …" (X named or described: "according to local activists"), the speaker after
the words ("…, medical workers said."), and third-party attribution "X believes Y admitted …"
(speaker Y, ``reported_by`` X). A quote with no speaker of its own continues the previous
speaker's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from truce.extract.actors import ActorMention
from truce.extract.context import SPEECH_VERBS, Doc, WordPattern, is_speech_date
from truce.extract.dates import DateMention
from truce.extract.speakers import speech_subject

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


_APPOSITION_GAP = re.compile(r",\s+(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){0,4}")
_APPOSITION_TAIL = re.compile(r"[^,.;:\"“”]{0,40},\s*(?:\w+\s+)?")
_PRONOUN_AFTER = re.compile(rf"[\"”]?\s*,?\s*(?:he|she)\s+{SPEECH_VERBS}\b", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"\b(?:he|she)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _speaker_near(doc: Doc, lo: int, hi: int, *, prefer_last: bool = True) -> ActorMention | None:
    """The speaker among the actors in ``lo:hi``; with ``prefer_last``, the subject just before
    a speech verb at ``hi``, skipping an apposition ("X, the UN aid chief, said" → X)."""
    found = [a for a in doc.actors_in(lo, hi) if a.kind != "civilians"]
    if not found:
        return None
    if not prefer_last:
        return found[0]
    last = found[-1]
    if len(found) >= 2 and found[-2].kind == "person" and last.how != "new":
        before = found[-2]
        if _APPOSITION_GAP.fullmatch(doc.text, before.end, last.start) and (
            _APPOSITION_TAIL.fullmatch(doc.text, last.end, hi)
        ):
            return before
    return last


# Each group noun's stem, held by every spelling the pattern allows (``_described_speaker``
# looks for one before it searches), and its endings.
_GROUP_WORDS = (
    ("resident", "s?"), ("command", ""), ("group", "s?"), ("witness", "(?:es)?"),
    ("eyewitness", "(?:es)?"), ("activist", "s?"), ("negotiator", "s?"), ("official", "s?"),
    ("commander", "s?"), ("source", "s?"), ("doctor", "s?"), ("medic", "s?"), ("monitor", "s?"),
    ("aid ", "(?:workers|agencies|groups)"), ("rights groups", ""), ("diplomat", "s?"),
    ("analyst", "s?"), ("leaders", ""), ("workers", ""), ("media", ""), ("survivor", "s?"),
    ("fighters", ""), ("rebels", ""), ("observers", ""), ("investigators", ""),
)  # fmt: skip
_GROUP_NOUNS = "(?i:" + "|".join(stem + ending for stem, ending in _GROUP_WORDS) + ")"
# "Residents of the Bahri district said …", "an opposition negotiator said …": a speaker the
# registry cannot know, described rather than named.
_DETERMINER = r"(?:(?:[Aa]n?|[Tt]he|[Ss]ome|[Tt]wo|[Tt]hree|[Ss]everal|[Mm]any|[Ll]ocal)\s+)?"
_MODIFIER = (  # up to two words before the noun, but not a verb or a conjunction
    r"(?:(?!(?:as|and|but|that|while|when|after|before|which|who|said|says)\b)"
    r"(?![a-z]+(?:ed|ing)\b)[A-Za-z][\w'’-]*\s+){0,2}"
)
_OF_PLACE = r"(?:\s+(?:of|in|from)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[a-z]+)?)?"
_DESCRIBED = WordPattern(
    re.compile(
        rf"(?:^|(?<=[\s,(]))(?P<who>{_DETERMINER}{_MODIFIER}{_GROUP_NOUNS}{_OF_PLACE})"
        r"(?:\s+[a-z]+){0,3}\s*(?:,[^,]{0,40},\s*)?$"
    ),
    tuple(stem for stem, _ in _GROUP_WORDS),
)
_ARTICLE = re.compile(r"^(?:an?|the|some)\s+", re.IGNORECASE)
# "BEIRUT, Sept 18 - ": the wire's place and day before the first sentence, not spoken words.
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s+[-–—]+\s+")
_DESCRIBED_AT = re.compile(rf"{_DETERMINER}{_MODIFIER}{_GROUP_NOUNS}{_OF_PLACE}\b")
# "…, medical workers said." / "…, the Syria Civil Defence said on Friday.": the speaker named
# after the words, at the end of the sentence.
_TRAILING = re.compile(
    r",\s*(?P<who>[^,;:\"“”()]{2,80}?)\s+(?P<verb>said|says|reported|added|told reporters)"
    r"(?:\s+(?:on\s+\w+|late\s+on\s+\w+|today|yesterday|tonight|in a statement))?"
    r"\s*[.!]?\s*$"
)


def _described_speaker(doc: Doc, lo: int, hi: int) -> ActorMention | None:
    """A described speaker ending right before the speech verb at ``hi``."""
    match = _DESCRIBED.search(doc.text, max(lo, hi - 90), hi)  # most speech verbs: no noun
    if match is None or match.start("who") < lo:
        return None
    return _named(doc, *match.span("who"))


def _named(doc: Doc, start: int, end: int) -> ActorMention:
    name = _ARTICLE.sub("", doc.text[start:end])
    name = name[:1].lower() + name[1:] if name[:1].isupper() and name[1:2].islower() else name
    return ActorMention(start, end, name, None, "other", None, "described")


def _described_from(doc: Doc, start: int, hi: int) -> ActorMention | None:
    """A described speaker starting at ``start`` ("according to local activists")."""
    match = _DESCRIBED_AT.match(doc.text, start, hi)
    return _named(doc, *match.span()) if match else None


def _previous_person(doc: Doc, offset: int) -> ActorMention | None:
    """The last person named before ``offset`` (whom "he said" refers to)."""
    people = [a for a in doc.actors_in(0, offset) if a.kind == "person"]
    return people[-1] if people else None


def _pronoun_speaker(doc: Doc, lo: int, hi: int) -> ActorMention | None:
    """ "…, he said": the person named last before the pronoun."""
    if _PRONOUN_SUBJECT.search(doc.text, lo, hi) is None:
        return None
    return _previous_person(doc, lo)


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
        words=_DATELINE.sub("", words.strip()),
        direct=direct,
        venue=_venue(doc, *attribution),
        date=speech_date(doc, *attribution),
    )


def speech_date(doc: Doc, lo: int, hi: int) -> DateMention | None:
    """The date of the words: one right after a speech verb in the sentence ("said on
    Saturday"), else one in the attribution ("On Saturday, X said"), else none (the caller
    falls back to the publication date)."""
    sentence = doc.sentence_at(lo)
    found = [d for d in doc.dates_in(sentence.start, sentence.end) if is_speech_date(doc, d)]
    if found:
        return min(found, key=lambda d: abs(d.start - lo))
    inside = list(doc.dates_in(lo, hi))
    return inside[-1] if inside else None


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
        verbs = doc.speech_in(end, tail_end)
        after = (speech_subject(doc, verbs[0][0]) if verbs else None) or _speaker_near(
            doc, end, tail_end, prefer_last=False
        )
        if (
            after is not None
            and re.search(SPEECH_VERBS, doc.text[end:tail_end])
            and tail is not None
        ):
            speaker = after
        if speaker is None and _PRONOUN_AFTER.match(doc.text, end, tail_end):
            speaker = _previous_person(doc, start)  # "“…,” he said"
        if speaker is None:
            lead_start = max(paragraph.start, sentence.start)
            verbs = doc.speech_in(lead_start, start)
            speaker = (speech_subject(doc, verbs[-1][0]) if verbs else None) or _speaker_near(
                doc, lead_start, start
            )
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
            _third_party(doc, lo, hi)
            or _according(doc, lo, hi, text)
            or _trailing(doc, lo, hi)
            or _reported(doc, lo, hi)
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
    speaker = speech_subject(doc, match.start()) or _speaker_near(doc, lo, match.start())
    if speaker is None or len(doc.text[speaker.end : match.start()]) > 60:
        speaker = _pronoun_speaker(doc, max(lo, match.start() - 12), match.start())
    if speaker is None or speaker.end < match.start() - 40:
        speaker = _described_speaker(doc, lo, match.start()) or speaker
    if speaker is None:
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
    speaker = _speaker_near(
        doc, match.end(), min(hi, match.end() + 60), prefer_last=False
    ) or _described_from(doc, match.end(), hi)
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


def _trailing(doc: Doc, lo: int, hi: int) -> StatementFound | None:
    """ "Warplanes pounded the east overnight, medical workers said.": words, then speaker."""
    match = _TRAILING.search(doc.text, lo, hi)
    if match is None or len(doc.text[lo : match.start()].split()) < 4:
        return None
    start, end = match.span("who")
    if _PRONOUN.search(doc.text, start, end):
        speaker = _previous_person(doc, lo)
    else:
        speaker = (
            speech_subject(doc, match.start("verb"))
            or _speaker_near(doc, start, end)
            or _described_speaker(doc, start, end)
        )
    if speaker is None or speaker.start < start:
        return None
    words = doc.text[lo : match.start()]
    return _statement(
        doc, (lo, hi), speaker, words, direct=False, attribution=(match.start(), match.end())
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


_SHORT_QUOTE = re.compile(r"[\"“]([^\"“”\n]{2,40}?)[\"”]")


def quoted_words(doc: Doc, reported: list[StatementFound]) -> list[StatementFound]:
    """Words quoted inside reported speech ('called the account "a fantasy"', 'would face
    "costs"'): the speaker's own words, too short to stand alone as a quotation."""
    found = []
    for statement in reported:
        for match in _SHORT_QUOTE.finditer(doc.text, statement.start, statement.end):
            words = match.group(1)
            if len(words.split()) >= 3 or not any(c.isalpha() for c in words):
                continue
            if doc.places_in(match.start(), match.end()) or doc.actors_in(
                match.start(), match.end()
            ):
                continue  # a name in quotation marks ("1070 apartments"), not words spoken
            found.append(
                StatementFound(
                    match.start(),
                    match.end(),
                    statement.speaker,
                    statement.reported_by,
                    words,
                    True,
                    statement.venue,
                    statement.date,
                )
            )
    return found


def find_statements(doc: Doc) -> list[StatementFound]:
    direct = direct_quotes(doc)
    reported = reported_speech(doc, [(s.start, s.end) for s in direct])
    return sorted(direct + reported + quoted_words(doc, reported), key=lambda s: s.start)
