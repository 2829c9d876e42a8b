"""Events on the parse: who did what to whom, with the PLOVER lexicon's words as triggers.

A verb whose lemma is in ``plover_lexicon.yaml`` is an event; its source is the subject
("Rebels shelled the town"), or the ``by`` agent in the passive ("the town was shelled by
rebels"); its target the object, or the object of "against", "on", "at", "with"… A noun of the
lexicon is an event when no event verb governs it: "an attack by X on Y", "X's strike on Y",
"Israeli air raids on Y", or the object of a light verb ("launched an offensive against Y",
whose subject is the source). Modality, conditions and background: ``modality.py``; which
words are events and their readings: ``readings.py``; "X said Y must …" is Y asked by X.
Violence inside an accusation ("blamed Israel for the bombing", "accused X of shelling Y") is
not an event of its own: the ACCUSE event carries it (``Coding.accused_of``).
"""

from __future__ import annotations

from dataclasses import dataclass

from truce.extract.modality import about_speaker, background, chain_modality, under_condition
from truce.extract.parse import Parse, Token
from truce.extract.plover import (
    _ACCUSE,
    _LIGHT,
    _PLANNED_AUX,
    _SPEECH,
    Entry,
    Lexicon,
    load_plover,
    verb_lemmas,
)
from truce.extract.readings import _noun_entry, _verb_entry, triggers
from truce.extract.roles import (
    _actor_like,
    _kind,
    _noun_roles,
    _prep_object,
    _verb_roles,
    phrase,
)


@dataclass(frozen=True, slots=True)
class Coding:
    """One event read off a sentence's parse (offsets in the document)."""

    trigger: Token
    entry: Entry
    source: tuple[int, int] | None
    target: tuple[int, int] | None
    source_kind: str | None
    target_kind: str | None
    negated: bool
    modality: str
    main: bool  # no event word above it in the tree
    accused_of: Token | None = None  # the violence an ACCUSE event charges the target with


def _accused(parse: Parse, verb: Token, lexicon: Lexicon) -> Token | None:
    """The violence an accusation charges ("blamed X for the bombing", "accused X of shelling")."""
    for prep in parse.children(verb, "prep"):
        if prep.lemma not in {"for", "of", "over"}:
            continue
        for obj in parse.children(prep, "pobj", "pcomp"):
            if obj.i != verb.i and (
                _noun_entry(lexicon, parse, obj) or _verb_entry(lexicon, parse, obj)
            ):
                return obj
    return None


_CASUALTY = {"kill", "wound", "injure", "die", "maim"}
_STOPPING = {"cessation", "end", "halt", "stop", "suspension", "ceasefire", "truce", "pause",
             "moratorium", "reduction", "de-escalation", "freeze", "ban"}  # fmt: skip


def _stopped(parse: Parse, noun: Token) -> bool:
    """ "a cessation of hostilities", "an end to the fighting": the event is what stops."""
    prep = parse.head(noun)
    owner = parse.head(prep) if prep is not None else None
    return noun.dep == "pobj" and owner is not None and owner.lemma in _STOPPING


def _anaphor(parse: Parse, noun: Token) -> bool:
    """ "the attack", "this callous strike": an event told before, not a new one."""
    det = parse.child(noun, "det")
    if det is None or det.lemma not in {"the", "this", "that", "these", "those"}:
        return False
    own = parse.children(noun, "poss", "compound", "amod", "prep", "nummod")
    return not any(c.dep != "amod" or c.ent or c.pos == "PROPN" for c in own)


_FINDING = {"determine", "find", "show", "conclude", "reveal", "establish", "confirm",
            "indicate", "suggest", "say", "report", "state"}  # fmt: skip


def _not_an_act(parse: Parse, noun: Token, entry: Entry) -> bool:
    """An event noun that names no act: an agreement one is "in" or "under" ("in accord with
    the plan", "under the deal, fighters must leave"), an inquiry that reports what it found
    ("an investigation determined that …")."""
    head = parse.head(noun)
    if head is None:
        return False
    if entry.plover == "AGREE" and noun.dep == "pobj" and head.lemma in {"in", "under"}:
        return True
    return entry.mode == "investigate" and noun.dep == "nsubj" and head.lemma in _FINDING


def _demanded(parse: Parse) -> list[tuple[Token, Token]]:
    """ "Russia said that Sudan must return the helicopter", "the forum concluded that rich
    nations should pay": a speaker telling another what it must do makes a request, whatever
    the clause's verb. The speech verb and the actor obliged (named, not a pronoun, which may
    be the speaker itself)."""
    found = []
    for verb in parse.tokens:
        if verb.lemma not in _SPEECH or verb.pos != "VERB" or parse.child(verb, "nsubj") is None:
            continue
        for clause in parse.children(verb, "ccomp"):
            auxes = {c.lemma for c in parse.children(clause, "aux")}
            subject = parse.child(clause, "nsubj", "nsubjpass")
            if auxes & {"must", "should"} and _actor_like(parse, subject) and subject:
                found.append((verb, subject))
    return found


def _demand(parse: Parse, lexicon: Lexicon, verb: Token, subject: Token) -> Coding:
    speaker = parse.child(verb, "nsubj")
    return Coding(
        trigger=verb,
        entry=lexicon.verbs["demand"],
        source=phrase(parse, speaker) if speaker is not None else None,
        target=phrase(parse, subject),
        source_kind=_kind(parse, speaker),
        target_kind=_kind(parse, subject),
        negated=False,
        modality="occurred",
        main=True,
    )


def _claimed_by(parse: Parse, noun: Token) -> Token | None:
    """ "The group claimed responsibility for the attack": whoever claims it did it."""
    prep = parse.head(noun)
    owner = parse.head(prep) if prep is not None and prep.lemma == "for" else None
    verb = parse.head(owner) if owner is not None and owner.lemma == "responsibility" else None
    if verb is None or verb.lemma not in {"claim", "admit", "accept", "take", "acknowledge"}:
        return None
    return parse.child(verb, "nsubj")


def _conditioned(parse: Parse, token: Token) -> Token | None:
    """Whom a threat is aimed at: who must meet its condition ("threatened to strike unless
    Israel rescinds the law", "will halt the talks if the US goes ahead")."""
    below = parse.children(token, "xcomp", "ccomp")
    below += [c for b in below for c in parse.children(b, "xcomp", "ccomp")]
    for link in [token, *below, *list(parse.ancestors(token))[:3]]:
        for clause in parse.children(link, "advcl"):
            if any(c.lemma in {"unless", "if"} for c in parse.children(clause, "mark")):
                subject = parse.child(clause, "nsubj", "nsubjpass")
                if _actor_like(parse, subject):
                    return subject
    return None


def _governed_by_event(parse: Parse, token: Token, events: set[int]) -> bool:
    """Is an event word above ``token`` (so the token names part of that event)?"""
    for ancestor in parse.ancestors(token):
        if ancestor.i in events:
            return True
        if ancestor.lemma in _SPEECH:
            return False  # "X said Y shelled Z": the shelling is the event told
    return False


_COOPERATIVE = {"SUPPORT", "AID", "CONSULT", "CONCEDE", "RETREAT", "COOPERATE", "AGREE"}
_HOSTILE = {"COERCE", "SANCTION", "ASSAULT", "PROTEST", "MOBILIZE", "RETREAT"}
_INTENT = {"willing", "ready", "prepared", "pledge", "promise", "vow", "agree", "offer",
           "commit", "eager", "determined", "swear", "plan", "intend"}  # fmt: skip
_CAMEO_INTENT = {"SUPPORT": "032", "AID": "033", "CONSULT": "036", "CONCEDE": "035",
                 "RETREAT": "035", "COOPERATE": "031", "AGREE": "030"}  # fmt: skip


def _speaker(parse: Parse, token: Token) -> Token | None:
    """The subject of the speech verb the clause of ``token`` is reported under."""
    for ancestor in parse.ancestors(token):
        if ancestor.lemma in _SPEECH and ancestor.pos == "VERB":
            return parse.child(ancestor, "nsubj")
    return None


def _reframed(parse: Parse, token: Token, entry: Entry, negated: bool, modality: str) -> Entry:
    """PLOVER's verbal readings: a refused or failed cooperation is REJECT ("will not accept",
    "failed to reach agreement"); a cooperation announced for the future is AGREE (intent:
    "will provide aid", "is willing to withdraw"); a coercion announced for the future, or on a
    condition, is THREATEN ("would boycott", "will withdraw unless …"); what someone says
    another "must" do is REQUEST."""
    lemmas = {a.lemma for a in parse.ancestors(token)} | {
        c.lemma for c in parse.children(token, "aux", "advcl", "mark")
    }
    auxes = {c.lemma for c in parse.children(token, "aux")}
    must = auxes & {"must", "should"}
    if must and _speaker(parse, token) is not None:
        return Entry("REQUEST", entry.mode, "10", entry.acled, entry.weapon)
    if negated and entry.plover in _COOPERATIVE | {"AGREE"}:
        return Entry("REJECT", entry.mode, "12", entry.acled, entry.weapon)
    if "fail" in lemmas and entry.plover in {"AGREE", "CONSULT"}:
        return Entry("REJECT", entry.mode, "12", entry.acled, entry.weapon)
    if modality not in {"planned", "hypothetical", "threatened", "proposed"}:
        return entry  # what follows reads only events announced, not ones told as done
    if under_condition(parse, token):
        return entry  # "if the convoy is attacked": a condition, not an announcement
    conditional = bool({"unless", "if"} & {t.lemma for t in parse.tokens})
    if (
        entry.plover in _HOSTILE
        and (
            conditional
            or modality == "threatened"
            or lemmas & {"vow", "swear", "prepared", "ready", "plan", "intend", "prepare"}
            or _speaker(parse, token) is not None
        )
        and entry.plover != "RETREAT"
    ) or (entry.plover == "RETREAT" and conditional):
        return Entry("THREATEN", entry.mode, "13", entry.acled, entry.weapon)
    if entry.plover in _COOPERATIVE - {"AGREE"} and (
        lemmas & _INTENT or auxes & (_PLANNED_AUX | {"would"})
    ):
        return Entry("AGREE", entry.mode, _CAMEO_INTENT[entry.plover], entry.acled, entry.weapon)
    return entry


def code_parse(parse: Parse) -> list[Coding]:
    """Every event of one parsed sentence."""
    parse = verb_lemmas(parse)
    lexicon = load_plover()
    found = triggers(lexicon, parse)
    indices = {t.i for t, _ in found}
    light: dict[int, int] = {}  # event noun → its light verb
    for token, _ in found:  # "staged demonstrations to demand …": the light verb holds the event
        head = parse.head(token)
        if head is not None and token.dep == "pobj" and head.lemma == "on":
            head = parse.head(head)  # "went on strike to demand …"
            head = head if head is not None and head.lemma in {"go", "be", "remain"} else None
        elif head is not None and not (token.dep == "dobj" and head.lemma in _LIGHT):
            head = None
        if head is not None:
            indices.add(head.i)
            light[token.i] = head.i
    demanded = _demanded(parse)
    codings = [_demand(parse, lexicon, verb, subject) for verb, subject in demanded]
    asked = {t.i for _, subject in demanded for t in parse.subtree(parse.head(subject) or subject)}
    for token, entry in found:  # "reiterated its demand that Israel ease …": what is demanded
        head = parse.head(token)
        if entry.plover == "REQUEST" and token.dep == "dobj" and head and head.lemma in _SPEECH:
            asked |= {t.i for c in parse.children(head, "ccomp") for t in parse.subtree(c)}
    accused: set[int] = set()
    for token, entry in found:
        if token.lemma in _ACCUSE and entry.plover == "ACCUSE":
            charged = _accused(parse, token, lexicon)
            if charged is not None:
                accused |= {t.i for t in parse.subtree(charged)}
    for token, entry in found:
        if token.i in accused or about_speaker(parse, token):
            continue  # reported inside an accusation: the ACCUSE event tells it
        is_noun = token.pos != "VERB"
        if is_noun and (
            _stopped(parse, token) or _anaphor(parse, token) or _not_an_act(parse, token, entry)
        ):
            continue
        if token.lemma in _CASUALTY and _governed_by_event(parse, token, indices):
            continue  # "hit the convoy, killing 20": the toll of the strike, not a second event
        if (
            is_noun
            and token.dep in {"nsubj", "nsubjpass", "pobj", "dobj", "conj"}
            and _governed_by_event(parse, token, indices)
            and token.i not in light  # "launched an offensive", "went on strike"
        ):
            continue  # "killed three in a gunbattle", "an explosion killed two": the verb's event
        source, target = _noun_roles(parse, token) if is_noun else _verb_roles(parse, token)
        if is_noun and source is None:
            source = _claimed_by(parse, token)
        if entry.plover == "AID" and token.lemma == "receive":  # "X received money from Y"
            source, target = _prep_object(parse, token, {"from"}), parse.child(token, "nsubj")
        if source is not None and any(c.tag == "PRP$" for c in parse.children(source, "poss")):
            source = _speaker(parse, token) or source  # "Moscow denied its planes struck": Moscow
        negated, modality = chain_modality(parse, token)
        if under_condition(parse, token):
            modality = "hypothetical"
        main = (
            not _governed_by_event(parse, token, indices - {light.get(token.i, -1)})
            and not background(parse, token)
            and token.i not in asked  # what a request asks for is not the news
        )
        if main:
            entry = _reframed(parse, token, entry, negated, modality)
        if entry.plover == "REQUEST" and entry.cameo == "10":  # "X said Y must …"
            target, source = parse.child(token, "nsubj") or target, _speaker(parse, token)
        elif source is not None and source.tag in {"PRP", "PRP$"}:
            source = _speaker(parse, token) or source  # "Hungary said it will support …"
        if entry.plover == "THREATEN" and not _actor_like(parse, target):
            target = _conditioned(parse, token) or target
        codings.append(
            Coding(
                trigger=token,
                entry=entry,
                source=phrase(parse, source) if source is not None else None,
                target=phrase(parse, target) if target is not None else None,
                source_kind=_kind(parse, source),
                target_kind=_kind(parse, target),
                negated=negated,
                modality=modality,
                main=main,
                accused_of=_accused(parse, token, lexicon) if entry.plover == "ACCUSE" else None,
            )
        )
    return codings
