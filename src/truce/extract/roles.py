"""Who did it and to whom: the actors of an event read off the parse.

The source is the verb's subject (through "conj" and "xcomp" chains, or the object of "urged X
to"), or the passive's ``by`` agent; PLOVER's target is the actor acted on — the object when it
names an actor, else the subject of a demanded clause, the recipient of "to", "with", "against",
"between", the people or state that modifies a noun ("a US offer", "Serbia's suppression"),
never the doer's own means ("its troops"). A noun event takes "by X" or "X's" as its source and
"on/against Y" as its target, or the subject of its light verb ("launched an offensive").
"""

from __future__ import annotations

from truce.extract.parse import Parse, Token
from truce.extract.plover import (
    _CIVILIANS,
    _KINDS,
    _LIGHT,
    _NOUN_TARGET_PREPS,
    _PRONOUNS,
    _PROPOSED,
    _TARGET_PREPS,
    load_plover,
)
from truce.extract.readings import _noun_entry, _restriction

_PHRASE_DEPS = {"compound", "amod", "poss", "nmod", "nummod", "det", "case", "cc", "conj",
                "quantmod", "advmod", "npadvmod", "punct"}  # fmt: skip


def phrase(parse: Parse, head: Token) -> tuple[int, int] | None:
    """The words naming an actor: the head noun with its modifiers, "of" phrase and conjuncts
    ("Israeli helicopters and tanks", "the Government of Syria"), without relative clauses,
    appositions or other prepositional phrases; None for a pronoun."""
    if head.tag in {"PRP", "WDT", "WP"} or (head.lemma in _PRONOUNS and not head.text.isupper()):
        return None  # "US" is a state, "us" a pronoun
    kept = [head]
    for child in parse.children(head):
        if child.dep in _PHRASE_DEPS and not (child.dep == "punct" and child.text != "-"):
            if (
                child.dep == "det"
                and child.i == kept[0].i - 1
                and child.lemma in {"the", "a", "an"}
            ):
                continue
            kept += [t for t in parse.subtree(child) if t.dep not in {"relcl", "acl", "appos"}]
        elif child.dep == "prep" and child.lemma == "of" and head.pos == "NOUN":
            kept += parse.subtree(child)
    kept = [
        t
        for t in kept
        if not (t.dep == "det" and t.i == min(k.i for k in kept) and t.lemma in {"the", "a", "an"})
    ]
    if not kept:
        return None
    first, last = min(kept, key=lambda t: t.i), max(kept, key=lambda t: t.i)
    while last.dep in {"cc", "punct", "case"} and last.i > first.i:
        last = parse.tokens[last.i - 1]
    return _joined(parse, first).start, _joined(parse, last, step=1).end


def _joined(parse: Parse, token: Token, *, step: int = -1) -> Token:
    """The last token of a hyphenated word the parser split ("Fazl-ur-Rehman")."""
    tokens = parse.tokens
    while 0 <= token.i + step < len(tokens):
        near = tokens[token.i + step]
        left, right = (near, token) if step < 0 else (token, near)
        if left.end != right.start or "-" not in {left.text, right.text}:
            break
        if near.text == "-" and not 0 <= near.i + step < len(tokens):
            break
        token = near
    if token.text == "-":
        token = tokens[token.i - step]
    return token


def _kind(parse: Parse, head: Token | None) -> str | None:
    if head is None:
        return None
    if head.lemma in _CIVILIANS:
        return "civilians"
    for token in [head, *parse.children(head, "compound", "amod")]:
        if token.ent in _KINDS:
            return _KINDS[token.ent]
    return None


def _subject(parse: Parse, verb: Token) -> Token | None:
    """The verb's subject, else the subject of the verb it continues (conj, xcomp)."""
    current: Token | None = verb
    for _ in range(4):
        if current is None:
            return None
        subject = parse.child(current, "nsubj", "csubj")
        if subject is not None:
            return subject
        if current.dep == "relcl":
            return parse.head(current)
        if current.dep not in {"conj", "xcomp", "advcl", "acl", "acomp"}:
            return None
        if current.dep == "xcomp":
            head = parse.head(current)
            obj = parse.child(head, "dobj") if head is not None else None
            if (
                obj is not None
                and head is not None
                and head.lemma in _PROPOSED | {"force", "order", "help", "allow"}
            ):
                return obj  # "urged Syria to withdraw": Syria withdraws
        current = parse.head(current)
    return None


def _prep_object(parse: Parse, token: Token, preps: set[str]) -> Token | None:
    """The object of the first of ``preps`` that can name an actor ("a visit on Wednesday to
    Amman": Amman, not Wednesday)."""
    for prep in parse.children(token, "prep", "agent", "dative"):
        if prep.lemma in preps:
            obj = parse.child(prep, "pobj")
            if obj is not None and not _not_actor(obj):
                return obj
    return None


_NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
               "january", "february", "march", "april", "june", "july", "august", "september",
               "october", "november", "december", "today", "yesterday", "tomorrow", "tonight",
               "week", "month", "year", "day", "morning", "evening", "night", "afternoon",
               "weekend", "hour", "minute", "dawn", "noon", "midnight", "time", "moment",
               "decade", "century", "period", "sept", "jan", "feb", "aug", "oct", "nov",
               "dec"}  # fmt: skip


def _not_actor(token: Token | None) -> bool:
    """A date, a time or an amount (by the parser's entity type when it runs, else by the word
    and its tag): never an actor."""
    if token is None:
        return False
    return token.ent in _NOT_ACTORS or token.lemma in _TIME_WORDS or token.tag == "CD"


def _demonym(token: Token) -> bool:
    """A capitalised modifier naming a people or a state ("Israeli", "Russian", "US")."""
    return token.ent in {"NORP", "GPE", "ORG"} or (
        token.text[:1].isupper() and token.pos in {"PROPN", "ADJ"}
    )


def _counted(parse: Parse, token: Token | None) -> Token | None:
    """ "Hundreds of teachers", "dozens of residents": the people counted, not the number."""
    if token is not None and token.ent in {"CARDINAL", "QUANTITY"}:
        return _prep_object(parse, token, {"of"})
    return token


def _argument(parse: Parse, token: Token | None) -> Token | None:
    """An argument as an actor: an event noun stands for its own doer ("condemned an attack by
    X" → X); dates and amounts are not actors."""
    token = _counted(parse, token)
    if token is None or _not_actor(token):
        return None
    lexicon = load_plover()
    if token.pos == "NOUN" and _noun_entry(lexicon, parse, token) is not None:
        return _noun_roles(parse, token)[0]
    return token


def _verb_roles(parse: Parse, verb: Token) -> tuple[Token | None, Token | None]:
    source, target = _raw_verb_roles(parse, verb)
    return _argument(parse, source), _argument(parse, target)


def _raw_verb_roles(parse: Parse, verb: Token) -> tuple[Token | None, Token | None]:
    passive = parse.child(verb, "nsubjpass", "auxpass") is not None
    if passive and verb.lemma in _STATIVE and parse.child(verb, "agent") is None:
        # "Israel is opposed to French mediation", "Serb forces were engaged in …": a state
        # of the subject, not something done to it
        subject = parse.child(verb, "nsubjpass")
        return subject, _target_actor(parse, verb, depth=0)
    if passive:
        agent = parse.child(verb, "agent")
        source = parse.child(agent, "pobj") if agent is not None else None
        patient = parse.child(verb, "nsubjpass")
        return source, _actor_in(parse, patient) or patient
    target = parse.child(verb, "dobj") or _prep_object(parse, verb, _TARGET_PREPS)
    if verb.lemma in {"call", "appeal", "press"} and target is None:
        target = _prep_object(parse, verb, {"on", "upon", "to"})
    return _subject(parse, verb), _target_actor(parse, verb, depth=0) or _where(parse, verb, target)


def _where(parse: Parse, verb: Token, thing: Token | None) -> Token | None:
    """A thing acted on names no actor ("imposed a curfew in Cizre", "eased emergency
    measures in Montenegro"): the named place it applies to, else the thing."""
    if thing is None or thing.pos == "PROPN" or _actor_like(parse, thing):
        return thing
    for owner in (thing, verb):
        for prep in parse.children(owner, "prep"):
            place = parse.child(prep, "pobj")
            if prep.lemma == "in" and place is not None and place.pos == "PROPN":
                return place
    return thing


_STATIVE = {"oppose", "engage", "involve", "commit", "determine", "prepare", "poise", "resolve",
            "dedicate", "devote", "bind", "intent", "set"}  # fmt: skip
_ACTOR_NOUNS = {"government", "authority", "force", "rebel", "army", "police", "militia",
                "guerrilla", "official", "leader", "minister", "president", "parliament",
                "party", "group", "union", "council", "court", "committee", "movement",
                "opposition", "regime", "administration", "cabinet", "military", "navy",
                "troop", "soldier", "fighter", "militant", "insurgent", "delegation", "envoy",
                "ambassador", "embassy", "state", "country", "nation", "ally", "neighbor",
                "neighbour", "side", "faction", "partner", "governor", "mayor", "king",
                "premier", "chief", "commander", "general", "spokesman", "prosecutor",
                "judge", "chancellor", "emir", "prince", "secretary", "representative",
                "defector", "hostage", "captive", "migrant", "insurgency", "ministry",
                "agency"} | _CIVILIANS  # fmt: skip
_ENTITY = {"GPE", "ORG", "NORP", "PERSON", "LOC", "FAC"}
_RECIPIENT_PREPS = ("to", "with", "for", "against", "on", "upon", "from", "at", "into", "toward")


def _actor_like(parse: Parse, token: Token | None) -> bool:
    """A word that can name an actor: a named entity, a proper noun, or an actor noun (not
    "a state of emergency")."""
    if token is None or _not_actor(token) or token.tag in {"PRP", "PRP$", "WP"}:
        return False
    if _restriction(parse, token):
        return False
    if token.ent in _ENTITY or token.pos == "PROPN":
        return True
    return token.pos == "NOUN" and token.lemma in _ACTOR_NOUNS


def _own(parse: Parse, token: Token) -> bool:
    """ "its troops", "their peacekeeping force": the doer's own means, not a target."""
    return any(c.tag == "PRP$" for c in parse.children(token, "poss"))


def _actor_in(parse: Parse, token: Token | None, *, depth: int = 0) -> Token | None:
    """The actor a noun phrase names: itself, else its people-or-state modifier ("Serbia's
    suppression", "a US offer", "the Russian government's refusal"), else the actor of its
    prepositional phrase, two phrases deep at most ("crimes by Croat forces", "a camp for
    Congolese refugees", "a blockade on Palestinian lorries", "a suspension of air links with
    Serbia")."""
    if token is None or _not_actor(token):
        return None
    if _actor_like(parse, token) and not _own(parse, token):
        return token
    event = _noun_entry(load_plover(), parse, token) is not None
    for mod in parse.children(token, "poss", "compound", "amod"):
        if _demonym(mod) and mod.tag != "PRP$":
            # "Serbia's suppression", "a US offer": the modifier; "Palestinian lorries", "the
            # Azerbaijani republic of X": the whole phrase names them
            return mod if mod.dep == "poss" or event else token
        if mod.dep == "poss" and _actor_like(parse, mod):
            return mod
    inner = []
    for prep in parse.children(token, "prep"):
        pobj = parse.child(prep, "pobj")
        if prep.lemma in _INNER_PREPS and pobj is not None:
            if _actor_like(parse, pobj):
                return pobj
            inner.append(pobj)
    if depth < 2:
        for pobj in inner:
            found = _actor_in(parse, pobj, depth=depth + 1)
            if found is not None:
                return found
    return None


_INNER_PREPS = {"by", "of", "for", "against", "on", "in", "from", "to", "with", "between",
                "among", "at"}  # fmt: skip
_PURPOSE = {"protest", "demand", "press", "oppose", "condemn", "denounce", "call", "demonstrate"}


def _target_actor(parse: Parse, verb: Token, *, depth: int) -> Token | None:
    """PLOVER's target: the actor the verb acts on, not the thing it moves ("offered its troops
    to Lebanon's president" → the president; "demanded that the US cancel …" → the US; "a US
    offer" → the US; "the withdrawal of Serbian forces" → Serbian forces; "began a hunger
    strike to protest Sweden's decision" → Sweden)."""
    obj = parse.child(verb, "dobj")
    if _actor_like(parse, obj) and obj is not None and not _own(parse, obj):
        return obj
    for clause in parse.children(verb, "ccomp", "xcomp"):
        subject = _actor_in(parse, parse.child(clause, "nsubj", "nsubjpass"), depth=1)
        if subject is not None:
            return subject  # "demanded that the US cancel …", "to allow UN planes to land"
    for prep in parse.children(verb, "prep", "dative"):
        if prep.lemma in (*_RECIPIENT_PREPS, "between", "among") or prep.dep == "dative":
            pobj = parse.child(prep, "pobj") if prep.pos == "ADP" else prep
            found = _actor_in(parse, pobj)
            if found is not None:
                return found
    found = _actor_in(parse, obj)
    if found is not None:
        return found
    for prep in parse.children(verb, "prep", "dative"):
        pobj = parse.child(prep, "pobj") if prep.pos == "ADP" else prep
        if pobj is None or _not_actor(pobj):
            continue
        if prep.lemma in {"to", "with", "against"} and pobj.pos in {"NOUN", "PROPN"}:
            return pobj  # "provided tents to the camp": whoever receives it
        if prep.lemma in {"in", "into", "from"} and pobj.pos == "PROPN":
            return pobj
    if depth < 2:
        clauses = parse.children(verb, "xcomp", "ccomp") + [
            c for c in parse.children(verb, "advcl", "acl") if c.lemma in _PURPOSE
        ]
        for clause in clauses:
            found = _target_actor(parse, clause, depth=depth + 1)
            if found is not None:
                return found
    return None


def _purpose_target(parse: Parse, noun: Token) -> Token | None:
    """ "a hunger strike to protest Sweden's decision", "a strike in protest of X's refusal":
    whom the protest is against."""
    for clause in parse.children(noun, "acl", "relcl", "advcl"):
        if clause.lemma in _PURPOSE:
            found = _target_actor(parse, clause, depth=1)
            if found is not None:
                return found
    for prep in parse.children(noun, "prep"):
        pobj = parse.child(prep, "pobj")
        if pobj is not None and pobj.lemma in {"protest", "defiance", "response", "opposition"}:
            for inner in parse.children(pobj, "prep"):
                found = _actor_in(parse, parse.child(inner, "pobj"))
                if found is not None:
                    return found
    return None


def _noun_roles(parse: Parse, noun: Token) -> tuple[Token | None, Token | None]:
    source = _prep_object(parse, noun, {"by", "from"}) or parse.child(noun, "poss")
    if source is None:
        for mod in parse.children(noun, "amod", "compound"):
            if noun.i - 3 <= mod.i < noun.i and (_demonym(mod)):
                source = mod
    target = _prep_object(parse, noun, (_NOUN_TARGET_PREPS - {"in"}) | {"between", "among"})
    target = _actor_in(parse, target) or target
    head = parse.head(noun)
    if head is not None and noun.dep in {"dobj", "pobj"} and head.pos in {"VERB", "ADP"}:
        verb = parse.head(head) if head.pos == "ADP" else head
        if verb is not None and noun.dep == "dobj" and verb.lemma in _LIGHT:
            source = source or _subject(parse, verb)
        elif (
            verb is not None
            and head.lemma in {"on", "for"}
            and verb.pos == "VERB"
            and parse.child(verb, "nsubjpass", "auxpass") is None
        ):
            source = source or _subject(parse, verb)  # "arrived in Oslo on a visit"
        if verb is not None and target is None:
            target = _target_actor(parse, verb, depth=1)  # "arrived in Amman on a visit"
    if target is None:
        target = _purpose_target(parse, noun)
    source = _counted(parse, source)
    if _not_actor(source):
        source = None
    if _not_actor(target):
        target = None
    return source, target
