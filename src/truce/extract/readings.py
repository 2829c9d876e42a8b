"""Which words of a parsed sentence are events, and which PLOVER reading each gets.

A verb of the lexicon (``plover.py``) is an event, some only with a fitting object or particle
("fired … at", "cut ties", "pulled out"); what a verb acts on or moves decides its reading
("lifted the curfew" eases restrictions, "lifted the embargo" eases sanctions, "evacuated the
wounded" is aid, "withdrew its observers" ends an involvement). A noun of the lexicon is an
event in its sense ("a four-day strike" is a labour strike, "lodged a protest" a complaint,
"demand for coal" no demand), not as a word of a name ("the Agency for Development and
Cooperation").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from truce.extract.plover import (
    _AGREE_NOUNS,
    _DEAL_VERBS,
    _ENDING,
    _OBJECTS,
    _PARTICLES,
    _PREP_OK,
    _SETTLED,
    Entry,
    Lexicon,
)

if TYPE_CHECKING:
    from truce.extract.parse import Parse, Token


def _lemma_of(parse: Parse, token: Token) -> str:
    return token.lemma or token.text.lower()


def _objects(parse: Parse, token: Token) -> set[str]:
    found = {t.lemma for t in parse.children(token, "dobj", "nsubjpass", "attr", "oprd")}
    for prep in parse.children(token, "prep"):
        found |= {t.lemma for t in parse.children(prep, "pobj")}
    return found


def _verb_entry(lexicon: Lexicon, parse: Parse, token: Token) -> Entry | None:
    lemma = _lemma_of(parse, token)
    entry = lexicon.verbs.get(lemma)
    if entry is None and lemma not in _VERBS_WITHOUT_ENTRY:
        return None  # most verbs: no rule below reads a verb the lexicon does not hold
    if lemma in _DEAL_VERBS and _objects(parse, token) & (_AGREE_NOUNS | _SETTLED):
        # "signed", "concluded" a treaty: SUPPORT 057; "reached", "struck" a deal: AGREE
        return lexicon.verbs["sign" if lemma in {"conclude", "seal"} else "agree"]
    particles = {t.lemma for t in parse.children(token, "prt")}
    if lemma in {"force", "drive"} and "out" in particles | _preps(parse, token):
        return _expelled(lexicon, parse, token)
    if lemma == "set" and "fire" in _objects(parse, token) and "to" in _preps(parse, token):
        return lexicon.verbs["torch"]  # "set fire to the offices": arson, not shooting
    ending = lemma in _ENDING or lemma in _EASING or (lemma == "call" and "off" in particles)
    if entry is None and not ending:
        return None
    objects = _objects(parse, token)
    if ending:
        ended = _ended(lexicon, parse, token)
        if ended is not None:
            return ended  # "ended mediation efforts", "lifted the curfew", "called off the strike"
    if lemma == "grant" and "asylum" in objects:
        return lexicon.nouns["asylum"]
    obj = parse.child(token, "dobj", "nsubjpass")
    if (
        lemma in {"accept", "meet", "satisfy"}
        and objects & {"demand", "request", "condition"}
        and not (obj is not None and _market(parse, obj))
    ):
        return lexicon.verbs["accede"]
    if entry is None or (lemma in {"meet", "satisfy"} and objects & _MET_THINGS):
        return None  # "met the deadline", "meet demand for coal": no meeting
    if entry.cameo == "128" and _ceasefire(parse, parse.child(token, "dobj", "nsubjpass")):
        return lexicon.named["break-ceasefire"]  # "breached the truce": not a legal defiance
    if lemma == "protest" and (parse.child(token, "ccomp") or _institution(parse, token)):
        return lexicon.named["complain"]  # "protested that the police …": words, not a march
    if lemma == "undertake" and parse.child(token, "xcomp") is None:
        return None  # "undertook a mission": a light verb; "undertook to withdraw": a pledge
    if lemma == "beat" and (objects & _OUTDONE or _scored(parse)):
        return None  # "beat the deadline", "beat Barcelona 2-1": a contest won, not a beating
    if lemma in _PARTICLES and not particles & _PARTICLES[lemma]:
        return None
    if lemma in _OBJECTS or lemma in _PREP_OK:
        preps = {t.lemma for t in parse.children(token, "prep", "dative")}
        xcomp = parse.child(token, "xcomp", "ccomp")
        if not (
            objects & _OBJECTS.get(lemma, set())
            or preps & _PREP_OK.get(lemma, set())
            or (lemma in {"call", "press"} and xcomp is not None)
            or (lemma in {"give", "send", "provide", "ship"} and parse.child(token, "dative"))
        ):
            return None
    return _by_what(lexicon, parse, token, entry)


# What one beats by doing better, not by blows.
_OUTDONE = {"odd", "odds", "deadline", "record", "expectation", "forecast", "estimate", "rival",
            "opponent", "champion", "team", "side", "club", "heat", "traffic", "rush", "drum",
            "competition", "challenger", "favourite", "favorite", "time", "clock"}  # fmt: skip
_SCORE = re.compile(r"\d+[-–]\d+")


def _scored(parse: Parse) -> bool:
    """A match's score in the sentence ("2-1", as one token or three)."""
    words = [t.text for t in parse.tokens]
    return any(_SCORE.fullmatch(w) for w in words) or any(
        a.isdigit() and b in {"-", "–"} and c.isdigit()
        for a, b, c in zip(words, words[1:], words[2:], strict=False)
    )


_PEOPLE = {"wounded", "injured", "civilian", "resident", "child", "woman", "refugee", "sick",
           "patient", "people", "family", "national", "citizen", "villager", "casualty",
           "student", "worker", "tourist", "foreigner", "elderly", "injure", "wound"}  # fmt: skip
_INVOLVEMENT = {"inspector", "observer", "monitor", "peacekeeper", "diplomat", "ambassador",
                "envoy", "mission", "staff", "personnel", "embassy", "investigator",
                "aid worker"}  # fmt: skip
_ACCESS = {"access", "delivery", "entry", "passage", "aid", "convoy", "inspector", "observer",
           "monitor", "inspection", "visit", "deployment", "peacekeeper"}  # fmt: skip
_FORCES = {"troop", "soldier", "force", "reinforcement", "warship", "ship", "jet", "aircraft",
           "plane", "tank", "carrier", "destroyer", "submarine", "battalion", "marine",
           "frigate", "bomber", "helicopter", "missile", "unit", "battery"}  # fmt: skip
_GROUND = {"city", "town", "village", "base", "position", "area", "district", "checkpoint",
           "crossing", "airport", "port", "territory", "land", "region", "province",
           "control"}  # fmt: skip
_NOT_GIVEN = {"welcome", "reception", "interview", "speech", "briefing", "address", "statement",
              "warning", "assurance", "account", "lecture", "talk", "signal", "message",
              "personnel", "team", "expert", "envoy", "delegation", "investigator", "official",
              "representative", "inspector", "observer", "mission", "letter", "evidence",
              "testimony", "detail", "chance", "opportunity", "priority"}  # fmt: skip
_GIVEN = {"money", "aid", "fund", "funding", "assistance", "weapon", "arm", "supply", "loan",
          "donation", "food", "medicine", "equipment", "ammunition", "grant"}  # fmt: skip


def _by_what(lexicon: Lexicon, parse: Parse, verb: Token, entry: Entry) -> Entry | None:
    """A verb's reading by what it moves: evacuating people is aid, evacuating a town a
    retreat; peacekeepers deployed are aid (CAMEO 074); withdrawing inspectors or diplomats
    ends an involvement (166), not a military retreat; receiving observers or allowing aid
    through grants access (086); troops sent are deployed; arms handed over are a disarming."""
    lemma = verb.lemma
    objects = _object_words(parse, verb)
    if lemma == "contribute" and parse.child(verb, "dobj") is None:
        return None  # "contributed to the decline"
    if lemma in {"give", "accord", "extend"} and objects & {"welcome", "reception"}:
        return lexicon.verbs["host"]  # "gave a warm welcome to de Klerk": a visit hosted
    if lemma in {"give", "send"} and objects & _NOT_GIVEN:
        return None  # "gave an interview to", "sent envoys to investigate"
    if lemma in {"deploy", "send", "contribute", "dispatch"} and _peacekeeping(parse, verb):
        return lexicon.named["peacekeeping"]
    if entry.mode == "withdraw" and objects & _INVOLVEMENT and not objects & _FORCES:
        return lexicon.named["withdraw-involvement"]
    if lemma == "exchange" and objects & {"information", "intelligence", "data"}:
        return lexicon.verbs["share"]  # "exchange information": cooperation, not fire
    if lemma == "exchange" and objects & {"prisoner", "detainee", "hostage", "body", "remains"}:
        return lexicon.verbs["release"]  # a prisoner swap
    if lemma == "exchange" and "view" in objects:
        return lexicon.verbs["discuss"]
    if lemma == "receive" and objects & _GIVEN:
        return lexicon.verbs["aid"]  # "received money from X": X's aid
    if lemma == "evacuate" and objects & _PEOPLE:
        return lexicon.named["evacuate-people"]
    if lemma in {"receive", "allow", "permit", "admit"} and objects & _ACCESS:
        return lexicon.named["allow-access"]
    if lemma == "hand" and objects & {"weapon", "arm", "gun", "ammunition"}:
        return lexicon.verbs["disarm"]
    if lemma == "hand" and objects & {"prisoner", "body", "hostage", "detainee", "power",
                                      "remains"}:  # fmt: skip
        return lexicon.verbs["release"]
    if lemma == "hand" and objects & _GROUND:
        return lexicon.verbs["withdraw"]  # "handed over the town": ground given up
    if lemma == "provide" and objects & {"weapon", "arm"}:
        return entry
    if lemma in {"send", "dispatch"} and objects & _FORCES:
        return lexicon.verbs["deploy"]
    return entry


_INSTITUTIONS = {"ministry", "government", "embassy", "office", "minister", "president",
                 "ambassador", "official", "spokesman", "spokeswoman", "council", "parliament",
                 "country", "state", "cabinet", "presidency", "envoy"}  # fmt: skip


def _institution(parse: Parse, verb: Token) -> bool:
    """Is the verb's doer a state or an office ("the ministry summoned the ambassador to
    protest the remarks")? Its protest is a complaint; crowds demonstrate."""
    subject = parse.clause_subject(verb)
    return subject is not None and (subject.lemma in _INSTITUTIONS or subject.ent == "GPE")


def _preps(parse: Parse, verb: Token) -> set[str]:
    return {t.lemma for t in parse.children(verb, "prep")}


def _expelled(lexicon: Lexicon, parse: Parse, verb: Token) -> Entry:
    """ "forced the refugee agency out of the country": an involvement ended (SANCTION 166);
    "forced out a thousand refugees from their homes": people expelled (ASSAULT 201)."""
    if _object_words(parse, verb) & (_PEOPLE | {"family", "inhabitant", "villager", "refugee"}):
        return lexicon.named["expel-people"]
    return lexicon.named["withdraw-involvement"]


def _object_words(parse: Parse, verb: Token) -> set[str]:
    """The lemmas of a verb's objects, with what an object is "of" ("a mission of observers"),
    and of the subject of its clause ("allow aid to reach the camp")."""
    found = _objects(parse, verb)
    for obj in parse.children(verb, "dobj", "nsubjpass"):
        for prep in parse.children(obj, "prep"):
            if prep.lemma == "of":
                found |= {t.lemma for t in parse.children(prep, "pobj")}
    for clause in parse.children(verb, "xcomp", "ccomp"):
        found |= {t.lemma for t in parse.children(clause, "nsubj", "nsubjpass")}
    return found


def _peacekeeping(parse: Parse, token: Token) -> bool:
    """ "deployed peacekeepers", "a deployment of peacekeeping troops"."""
    inside = [t for c in parse.children(token, "dobj", "prep", "nsubjpass")
              for t in parse.subtree(c)]  # fmt: skip
    return any(t.lemma.startswith(("peacekeep", "peace-keep")) for t in inside)


_MET_THINGS = {"demand", "need", "target", "deadline", "requirement", "expectation", "standard",
               "criterion", "cost", "obligation", "goal", "challenge", "threshold", "quota",
               "end", "payroll", "criteria", "shortfall"}  # fmt: skip
_EASING = {"lift", "ease", "relax", "loosen", "shorten", "rescind", "revoke", "repeal"}
# The verbs ``_verb_entry`` reads although the lexicon holds no entry for them: a deal
# "reached", "forced out", "set fire to", and what ends or eases something ("called off").
_VERBS_WITHOUT_ENTRY = frozenset(
    _DEAL_VERBS | {"force", "drive", "set", "call"} | _ENDING | _EASING
)
_TIES = {"tie", "relation", "link", "contact"}


def _ended(lexicon: Lexicon, parse: Parse, verb: Token) -> Entry | None:
    """What ending or easing a thing makes of it: a cooperation ended is a sanction ("broke off
    talks", "cut ties"), a protest ended eases dissent ("called off the strike"), restrictions
    eased are a concession ("lifted the curfew", "cancelled the ban", "ended the state of
    emergency"), sanctions or a blockade eased a retreat ("lifted the embargo")."""
    obj = parse.child(verb, "dobj", "nsubjpass")
    if obj is None:
        return None
    easing = verb.lemma in _EASING
    if obj.lemma in _TIES and not easing:
        return lexicon.named["break-relations"]
    if _restriction(parse, obj):
        return lexicon.named["ease-restrictions"]
    entry = _noun_entry(lexicon, parse, obj)
    if entry is None:
        return None
    if entry.plover in {"CONSULT", "COOPERATE", "AID", "AGREE"} and not easing:
        return lexicon.verbs["suspend"]
    if entry.plover == "PROTEST":
        return lexicon.named["end-dissent"]
    if entry.plover in {"SANCTION", "COERCE"} and entry.mode in {None, "restrict"}:
        return lexicon.verbs["lift"]  # sanctions, an embargo, a blockade, a siege
    return None


_RESTRICTIONS = {"curfew", "restriction", "ban", "lockdown", "blackout", "closure", "censorship"}


def _restriction(parse: Parse, noun: Token) -> bool:
    """ "the curfew", "restrictions on travel", "the state of emergency", "martial law"."""
    if noun.lemma in _RESTRICTIONS:
        return True
    if noun.lemma == "law":
        return any(c.lemma == "martial" for c in parse.children(noun, "amod", "compound"))
    if noun.lemma == "state":
        return any(
            o.lemma in {"emergency", "siege"}
            for p in parse.children(noun, "prep")
            for o in parse.children(p, "pobj")
        )
    return False


def _ceasefire(parse: Parse, noun: Token | None) -> bool:
    """ "the ceasefire", "the truce agreement", "the cessation of hostilities"."""
    if noun is None:
        return False
    words = {noun.lemma} | {c.lemma for c in parse.children(noun, "compound", "amod")}
    return bool(words & {"ceasefire", "truce", "armistice", "cease-fire", "cessation"})


def _noun_entry(lexicon: Lexicon, parse: Parse, token: Token) -> Entry | None:
    lemma, lower = _lemma_of(parse, token), token.text.lower()
    ends = lexicon.phrase_ends
    if lower in ends or lemma in ends:
        for mod in parse.children(token, "compound", "amod"):
            joint = "-" if mod.i == token.i - 2 and parse.tokens[mod.i + 1].text == "-" else " "
            phrase = f"{mod.text.lower()}{joint}{lower}"  # "hunger strike", "sit-in"
            entry = lexicon.nouns.get(phrase) or lexicon.nouns.get(f"{mod.text.lower()} {lemma}")
            if entry is not None:
                return entry
    entry = lexicon.nouns.get(lower) or lexicon.nouns.get(lemma)
    if entry is None and lemma not in _NOUNS_WITHOUT_ENTRY:
        return None  # most nouns: no rule below reads a noun the lexicon does not hold
    if lemma == "strike" and (_on_strike(parse, token) or _labour(parse, token)):
        return lexicon.nouns["general strike"]
    if lemma == "protest" and _lodged(parse, token):
        return lexicon.named["complain"]
    if entry is None and lemma == "state" and _restriction(parse, token):
        return lexicon.nouns["martial law"]  # "declared a state of emergency"
    if lemma == "demand" and _market(parse, token):
        return None  # "the drive to meet demand for coal": buyers', not a political demand
    if lemma == "alert" and not _on_alert(parse, token):
        return None  # "issued a flood alert"; "troops on high alert" are mobilised
    if lemma == "deployment" and _peacekeeping(parse, token):
        return lexicon.named["peacekeeping"]
    if entry is None and lemma in _EFFORT:  # "a mediation mission", "an aid package"
        for mod in parse.children(token, "compound"):
            entry = entry or lexicon.nouns.get(mod.lemma)
    return entry


_EFFORT = {"effort", "mission", "package", "programme", "program", "operation", "campaign",
           "initiative", "plan"}  # fmt: skip
# The nouns ``_noun_entry`` reads although the lexicon holds no entry for them.
_NOUNS_WITHOUT_ENTRY = frozenset({"strike", "protest", "state", "deployment"} | _EFFORT)


_SPAN = {"day", "hour", "week", "month"}
_STRIKE_KINDS = {"open-ended", "indefinite", "general", "nationwide", "national", "labour",
                 "labor", "wildcat", "sympathy", "warning", "token", "rolling"}  # fmt: skip
_WORKERS = {"worker", "teacher", "doctor", "nurse", "union", "employee", "miner", "driver",
            "staff", "docker", "pilot", "lawyer", "farmer", "trader", "civil servant"}  # fmt: skip


def _labour(parse: Parse, noun: Token) -> bool:
    """ "a four-day strike", "an open-ended strike", "a strike by teachers": stopping work,
    not an attack — a strike that lasts days, of a kind only labour strikes have, or by
    workers."""
    for mod in parse.children(noun, "amod", "compound", "nummod", "nmod", "poss"):
        inside = parse.subtree(mod)
        words = {t.lemma for t in inside} | {"".join(t.text.lower() for t in inside)}
        if words & (_SPAN | _STRIKE_KINDS | _WORKERS):
            return True
    for prep in parse.children(noun, "prep"):
        if prep.lemma == "by" and any(o.lemma in _WORKERS for o in parse.children(prep, "pobj")):
            return True
    return False


_LODGE = {"lodge", "file", "register", "deliver", "send", "submit", "issue", "convey", "hand"}


def _lodged(parse: Parse, noun: Token) -> bool:
    """ "lodged a protest with Albania", "sent a protest to the embassy": a complaint."""
    head = parse.head(noun)
    return noun.dep == "dobj" and head is not None and head.lemma in _LODGE


def _market(parse: Parse, noun: Token) -> bool:
    """ "demand for coal", "growing demand for housing": what buyers want — singular, for a
    thing, with no one whose demand it is ("their demand for", "a demand by", "a demand")."""
    if noun.text.lower() != "demand" or parse.child(noun, "poss") is not None:
        return False
    if any(d.lemma in {"a", "an", "this", "that"} for d in parse.children(noun, "det")):
        return False
    preps = {p.lemma for p in parse.children(noun, "prep")}
    return "for" in preps and not preps & {"by", "of", "from"}


def _on_alert(parse: Parse, noun: Token) -> bool:
    """ "remained on alert", "put on high alert", "a state of maximum alert"."""
    head = parse.head(noun)
    modifiers = {c.lemma for c in parse.children(noun, "amod")}
    return (head is not None and head.lemma in {"on", "under"}) or bool(
        modifiers & {"high", "maximum", "full", "heightened", "combat", "red"}
    )


def _on_strike(parse: Parse, token: Token) -> bool:
    """ "workers went on strike": a labour strike, not an air strike."""
    prep = parse.head(token)
    return (
        prep is not None
        and prep.lemma == "on"
        and token.dep == "pobj"
        and not parse.children(token, "prep")
    )


_OPENERS = {"-", "--", "—", "–", ":", "(", '"', "“", "'", "‘", "`", "``"}


def _inside(parse: Parse, token: Token) -> bool:
    """Inside the sentence, not opening it or what follows a dateline ("KHARTOUM, May 23 -
    Gunfire …")."""
    return token.i > 0 and parse.tokens[token.i - 1].text not in _OPENERS


def triggers(lexicon: Lexicon, parse: Parse) -> list[tuple[Token, Entry]]:
    found = []
    headline = sum(t.text[:1].isupper() for t in parse.tokens) * 2 > len(parse.tokens)
    for token in parse.tokens:
        entry: Entry | None = None
        if token.pos == "VERB" and token.dep not in {"amod", "compound"}:
            entry = _verb_entry(lexicon, parse, token)
        elif token.tag in {"NNP", "NNPS"} and _inside(parse, token) and not headline:
            continue  # a word of a name: "the Agency for Development and Cooperation", "March"
        elif token.pos in {"NOUN", "PROPN"} and token.dep != "compound":
            entry = _noun_entry(lexicon, parse, token)
        if entry is not None:
            found.append((token, entry))
    return found
