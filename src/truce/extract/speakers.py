"""Speakers from the parse: the subject of the speech verb, whoever the registry says.

"Randi Weingarten, the president of a union, said …" → Randi Weingarten (the apposition is
left out of the subject); "Mr. Clyburn said" → Mr. Clyburn, a person, even when the registry
holds nobody of that name and an organisation is named nearby; "he said" → the person named
last before. A subject the registry or the phrase finder already holds is that mention; a
named one it does not hold becomes a new mention with the kind the parser's entity type gives
(person, organisation, state). A described subject ("medical workers") is left to the
surface rules of ``quotes.py``.
"""

from __future__ import annotations

import re

from truce.extract.actors import ActorMention
from truce.extract.context import Doc
from truce.extract.parse import Parse, Token
from truce.extract.roles import phrase

_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "state", "NORP": "state"}
_HONORIFICS = ("Mr. ", "Mrs. ", "Ms. ", "Dr. ", "Mr ", "Mrs ", "Ms ", "Dr ")


def _token_at(parse: Parse, offset: int) -> Token | None:
    return next((t for t in parse.tokens if t.start == offset), None)


def _previous_person(doc: Doc, offset: int) -> ActorMention | None:
    people = [a for a in doc.actors_in(0, offset) if a.kind == "person"]
    return people[-1] if people else None


def speech_subject(doc: Doc, verb_start: int) -> ActorMention | None:
    """Who speaks through the speech verb starting at ``verb_start``, from the parse; None when
    the sentence is not parsed or its subject is described rather than named."""
    sentence = doc.sentence_at(verb_start)
    parse = doc.parses.get(sentence.start)
    verb = _token_at(parse, verb_start) if parse is not None else None
    if parse is None or verb is None or verb.pos not in {"VERB", "AUX"}:
        return None
    subject = parse.clause_subject(verb)
    if subject is None:
        return None
    if subject.lemma in {"he", "she"}:
        return _previous_person(doc, subject.start)
    named = subject.text[:1].isupper() and (
        subject.pos == "PROPN" or subject.ent == "PERSON" or _name_elsewhere(doc.text, subject)
    )
    span = phrase(parse, subject)
    if span is None or not named or _dateline(parse, subject):
        return None
    held = [a for a in doc.actors if a.start <= subject.start < a.end]
    if held:
        return held[0]
    start, end = _name_span(parse, subject, span)
    name = doc.text[start:end]
    for honorific in _HONORIFICS:
        if name.startswith(honorific) and len(name) > len(honorific) + 1:
            name = name[len(honorific) :]
    earlier = _named_before(doc, name, start)
    if earlier is not None:
        return earlier
    kind = _KINDS.get(subject.ent, "person" if named else None)
    if any(p.start == start and p.end == end and p.precision == "country" for p in doc.places):
        kind = "state"  # "Egypt said"
    return ActorMention(start, end, name, None, kind, None, "new")


def _name_elsewhere(text: str, word: Token) -> bool:
    """ "Griffiths told …" opening a sentence (the tagger reads a plural noun): a name when the
    report writes the word capitalised after another word ("Martin Griffiths")."""
    pattern = rf"(?<=[\w,] ){re.escape(word.text)}\b"
    return re.search(pattern, text) is not None


def _dateline(parse: Parse, subject: Token) -> bool:
    """ "HMEIMIM, March 15 - The centre said": the wire's place is not the subject."""
    return subject.text.isupper() and len(subject.text) > 3 and subject.i < 3


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _SMALL]
    return "".join(w[0] for w in words).upper()


def _named_before(doc: Doc, name: str, offset: int) -> ActorMention | None:
    """The actor named in full before: "Kuralenok said" after "Sergei Kuralenok" (a surname),
    "WFP says" after "the World Food Programme" (initials)."""
    if " " in name:
        return None
    acronym = name.isupper() and 2 <= len(name) <= 6
    for mention in reversed(doc.actors_in(0, offset)):
        words = mention.name.replace("-", " ").split()
        if acronym and _initials(mention.canonical or mention.name) == name:
            return mention
        if not acronym and mention.kind == "person" and len(words) > 1 and words[-1] == name:
            return mention
    if not acronym and doc.text.find(name, 0, offset) < 0:
        return None  # a full name ending in the surname would hold it: no need to look for one
    pattern = _FULL_ACRONYM if acronym else _FULL_NAME
    found = [
        m
        for m in pattern.finditer(doc.text, 0, offset)
        if (_initials(m.group()) == name if acronym else m.group().split()[-1] == name)
    ]
    if not found:
        return None
    match = found[-1]
    words = match.group().split()
    while words and (words[0] in _TITLE_WORDS or words[0].isupper()):
        words.pop(0)
    if len(words) < 2:
        return None
    start = match.end() - len(" ".join(words))
    kind = "organisation" if acronym else "person"
    return ActorMention(start, match.end(), " ".join(words), None, kind, None, "new")


_SMALL = {"of", "the", "for", "and", "de", "al"}
_TITLE_WORDS = {"President", "Prime", "Minister", "Foreign", "Defence", "Defense", "General",
                "Secretary", "Commander", "Vice", "Chief", "Mr.", "Mrs.", "Ms.", "Dr.", "Former",
                "Lieutenant", "Colonel", "Major", "Senator", "Governor", "Mayor", "King",
                "Ambassador", "Envoy", "Leader", "The", "Justice", "Judge", "Sheikh", "Pope",
                "Rep.", "Sen.", "Gen.", "Col.", "Lt.", "Capt.", "Sgt.", "Prof."}  # fmt: skip
_FULL_NAME = re.compile(r"[A-Z][\w'’.-]+(?:\s+(?:al-|el-|bin\s+|de\s+)?[A-Z][\w'’-]+){1,4}")
_FULL_ACRONYM = re.compile(r"[A-Z][\w'’-]+(?:\s+(?:(?:of|for|the|and)\s+)*[A-Z][\w'’-]+){1,6}")


def _name_span(parse: Parse, subject: Token, span: tuple[int, int]) -> tuple[int, int]:
    """The name itself: the subject's proper-noun run ("Mr. Clyburn", "Jake Tapper")."""
    if subject.pos != "PROPN":
        return span
    if subject.ent == "PERSON":  # "US Vice President Joe Biden": the person's own name
        run = [subject]
        index = subject.i - 1
        while index >= 0 and parse.tokens[index].ent == "PERSON":
            run.insert(0, parse.tokens[index])
            index -= 1
        return run[0].start, subject.end
    run = [subject]
    index = subject.i - 1
    while index >= 0:
        token = parse.tokens[index]
        if token.head != subject.i or token.dep != "compound" or token.pos != "PROPN":
            break
        run.insert(0, token)
        index -= 1
    while len(run) > 1 and (run[0].text in _TITLE_WORDS or run[0].text.isupper()):
        run.pop(0)  # "US Vice President Joe Biden": the name, not the office
    return run[0].start, subject.end
