"""The PLOVER lexicon and which words of a parsed sentence are events.

``plover_lexicon.yaml`` maps verb lemmas and event nouns to a PLOVER 2021 type, its mode, a
CAMEO code and ACLED's type. Some verbs are events only with a fitting object or particle
("fired … at", "cut ties", "signed an agreement", "pulled out"); a noun may need its modifier
("hunger strike" is a protest, "air strike" an attack; "went on strike" a labour strike).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from truce.data import load_yaml

if TYPE_CHECKING:  # parse.py imports flags.py, which reads this module's lexicon
    from truce.extract.parse import Parse, Token


@dataclass(frozen=True, slots=True)
class Entry:
    plover: str
    mode: str | None
    cameo: str | None
    acled: tuple[str, str | None] | None
    weapon: bool


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Entry]
    nouns: dict[str, Entry]


@functools.lru_cache(maxsize=1)
def load_plover() -> Lexicon:
    text = resources.files("truce.data").joinpath("plover_lexicon.yaml").read_text("utf-8")
    verbs: dict[str, Entry] = {}
    nouns: dict[str, Entry] = {}
    for item in load_yaml(text)["entries"]:
        acled = item.get("acled")
        entry = Entry(
            item["plover"],
            item.get("mode"),
            item.get("cameo"),
            (acled[0], acled[1]) if acled else None,
            bool(item.get("weapon")),
        )
        for word in item.get("verbs") or ():
            verbs.setdefault(word, entry)
        for word in item.get("nouns") or ():
            nouns.setdefault(word, entry)
    return Lexicon(verbs, nouns)


# Verbs that are events only with a fitting object or particle.
_OBJECTS = {
    "fire": {"shot", "shell", "rocket", "missile", "mortar", "round", "artillery", "battery",
             "weapon", "gun", "bullet", "grenade", "gas", "salvo", "projectile", "fire"},
    "exchange": {"fire", "gunfire", "shot", "blow"},
    "engage": {"fighting", "battle", "clash", "combat", "hostility"},
    "cut": {"tie", "aid", "relation", "link", "funding", "assistance", "supply", "contact"},
    "halt": {"aid", "talk", "cooperation", "funding", "assistance", "trade", "import", "export",
             "negotiation", "delivery", "shipment"},
    "freeze": {"asset", "aid", "account", "talk", "relation", "cooperation", "fund"},
    "lift": {"sanction", "embargo", "ban", "curfew", "siege", "restriction", "blockade"},
    "share": {"intelligence", "information", "data", "technology", "expertise", "evidence"},
    "sign": {"agreement", "deal", "accord", "treaty", "pact", "ceasefire", "truce", "memorandum",
             "protocol", "declaration", "contract", "armistice", "convention"},
    "mass": {"troop", "force", "soldier", "tank", "unit"},
    "host": {"talk", "meeting", "summit", "delegation", "conference", "visit"},
    "give": {"aid", "assistance", "food", "medicine", "money", "asylum", "support", "help"},
    "provide": {"aid", "assistance", "food", "medicine", "money", "asylum", "support", "help",
                "weapon", "arm", "equipment", "supply", "loan", "fund", "shelter", "training"},
    "send": {"aid", "assistance", "food", "medicine", "supply", "relief", "money", "convoy",
             "arm", "weapon"},
    "ship": {"aid", "food", "medicine", "supply", "arm", "weapon"},
    "return": {"body", "prisoner", "territory", "land", "hostage", "detainee", "remains"},
    "grant": {"amnesty", "pardon", "concession", "access", "autonomy", "asylum", "visa"},
    "block": {"road", "street", "highway", "bridge", "traffic", "route", "entrance", "border",
              "crossing", "transport", "access", "railway", "port"},
    "occupy": {"building", "office", "square", "ministry", "parliament", "campus", "embassy"},
    "deny": {"access", "entry", "request", "visa", "permission", "passage", "demand",
             "admittance", "landing", "overflight"},
    "restore": {"tie", "relation", "contact", "link"},
    "renew": {"tie", "relation", "contact", "link"},
    "resume": {"tie", "relation", "contact", "link", "cooperation"},
    "establish": {"tie", "relation", "contact", "link"},
    "normalize": {"tie", "relation"},
    "destroy": {"building", "home", "house", "hospital", "school", "bridge", "position", "tank",
                "vehicle", "base", "depot", "convoy", "truck", "village", "mosque"},
}  # fmt: skip
_PARTICLES = {"pull": {"out", "back", "away"}, "blow": {"up"}, "round": {"up"}}
_PREP_OK = {"fire": {"at", "on", "upon", "into", "toward", "towards", "across"},
            "provide": {"to"}, "give": {"to"}, "send": {"to"}, "ship": {"to"},
            "call": {"for", "on", "upon"},
            "press": {"for"}, "engage": {"in"}}  # fmt: skip
_AGREE_NOUNS = _OBJECTS["sign"]
_DEAL_VERBS = {"reach", "strike", "conclude", "seal", "clinch", "broker", "hammer", "agree"}
_LIGHT = {"launch", "carry", "conduct", "stage", "mount", "make", "issue", "lodge", "file",
          "impose", "open", "begin", "start", "continue", "unleash", "wage", "hold", "resume",
          "step", "intensify", "escalate", "organize", "organise", "lead", "call", "declare",
          "announce", "go", "take", "deliver", "execute", "perpetrate", "order"}  # fmt: skip
_TARGET_PREPS = {"against", "on", "upon", "at", "into", "with", "to", "toward", "towards"}
_NOUN_TARGET_PREPS = {"against", "on", "upon", "at", "in", "into", "with", "to", "near"}
_PLANNED = {"want", "plan", "intend", "prepare", "aim", "seek", "hope",
            "decide", "expect", "mean", "schedule", "set", "vow", "pledge", "promise", "consider",
            "mull", "weigh", "be", "go", "willing", "ready", "prepared", "swear",
            "determined"}  # fmt: skip
_PROPOSED = {"propose", "offer", "call", "urge", "demand", "ask", "agree", "suggest", "push",
             "press", "appeal", "request", "recommend", "invite", "encourage", "seek"}  # fmt: skip
_THREAT = {"threaten", "warn"}
_DENY = {"deny", "reject", "dismiss", "refute"}
_REFUSE = {"refuse", "decline", "fail", "stop", "halt", "cease", "avoid", "prevent", "block",
           "thwart", "foil", "oppose"}  # fmt: skip
_HYPOTHETICAL = {"would", "could", "might", "may", "should", "must", "can"}
_PLANNED_AUX = {"will", "shall", "'ll", "wo"}
_ACCUSE = {"accuse", "blame", "charge", "condemn", "denounce", "criticize", "criticise",
           "allege", "sue", "indict", "convict", "hold", "fault", "castigate", "decry",
           "deplore"}  # fmt: skip
_PRONOUNS = {"it", "they", "them", "he", "she", "him", "her", "we", "us", "i", "you", "who",
             "his", "their", "its", "our", "my", "your", "whose", "one", "both", "all", "each",
             "which", "that", "this", "these", "those", "itself", "themselves"}  # fmt: skip
_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "state", "NORP": "state"}
_CIVILIANS = {"civilian", "people", "resident", "villager", "child", "woman", "protester",
              "demonstrator", "worker", "refugee", "family", "student", "journalist",
              "passenger", "farmer", "worshipper", "patient", "detainee", "prisoner"}  # fmt: skip


def _lemma_of(parse: Parse, token: Token) -> str:
    return token.lemma or token.text.lower()


def _objects(parse: Parse, token: Token) -> set[str]:
    found = {t.lemma for t in parse.children(token, "dobj", "nsubjpass", "attr", "oprd")}
    for prep in parse.children(token, "prep"):
        found |= {t.lemma for t in parse.children(prep, "pobj")}
    return found


def _verb_entry(lexicon: Lexicon, parse: Parse, token: Token) -> Entry | None:
    lemma = _lemma_of(parse, token)
    if lemma in _DEAL_VERBS and _objects(parse, token) & _AGREE_NOUNS:
        return lexicon.verbs["sign"]
    entry = lexicon.verbs.get(lemma)
    if entry is None and lemma not in _ENDING:
        return None
    objects = _objects(parse, token)
    if lemma in _ENDING and _ends_cooperation(lexicon, parse, token):
        return lexicon.verbs["suspend"]  # "ended mediation efforts", "broke off talks"
    if lemma == "grant" and "asylum" in objects:
        return lexicon.nouns["asylum"]
    if lemma in {"accept", "meet", "satisfy"} and objects & {"demand", "request", "condition"}:
        return lexicon.verbs["accede"]
    if entry is None:
        return None
    if lemma in _PARTICLES:
        particles = {t.lemma for t in parse.children(token, "prt")}
        if not particles & _PARTICLES[lemma]:
            return None
    if lemma in _OBJECTS or lemma in _PREP_OK:
        preps = {t.lemma for t in parse.children(token, "prep", "dative")}
        xcomp = parse.child(token, "xcomp", "ccomp")
        if not (
            _objects(parse, token) & _OBJECTS.get(lemma, set())
            or preps & _PREP_OK.get(lemma, set())
            or (lemma in {"call", "press"} and xcomp is not None)
            or (lemma in {"give", "send", "provide", "ship"} and parse.child(token, "dative"))
        ):
            return None
    if lemma == "provide" and _objects(parse, token) & {"weapon", "arm"}:
        return entry
    if lemma == "send" and _objects(parse, token) & {"troop", "soldier", "force", "reinforcement"}:
        return lexicon.verbs["deploy"]
    return entry


def _noun_entry(lexicon: Lexicon, parse: Parse, token: Token) -> Entry | None:
    lemma = _lemma_of(parse, token)
    for mod in parse.children(token, "compound", "amod"):
        phrase = f"{mod.text.lower()} {token.text.lower()}"
        entry = lexicon.nouns.get(phrase) or lexicon.nouns.get(f"{mod.text.lower()} {lemma}")
        if entry is not None:
            return entry
    if lemma == "strike" and _on_strike(parse, token):
        return lexicon.nouns["general strike"]
    entry = lexicon.nouns.get(token.text.lower()) or lexicon.nouns.get(lemma)
    if entry is None and lemma in _EFFORT:  # "a mediation mission", "an aid package"
        for mod in parse.children(token, "compound"):
            entry = entry or lexicon.nouns.get(mod.lemma)
    return entry


_EFFORT = {"effort", "mission", "package", "programme", "program", "operation", "campaign",
           "initiative", "plan"}  # fmt: skip


_ENDING = {"end", "stop", "halt", "suspend", "abandon", "break", "cancel", "postpone",
           "freeze", "cut", "terminate", "scrap", "downgrade"}  # fmt: skip


def _ends_cooperation(lexicon: Lexicon, parse: Parse, verb: Token) -> bool:
    obj = parse.child(verb, "dobj")
    if obj is None:
        return False
    entry = _noun_entry(lexicon, parse, obj)
    return entry is not None and entry.plover in {"CONSULT", "COOPERATE", "AID", "AGREE"}


def _on_strike(parse: Parse, token: Token) -> bool:
    """ "workers went on strike": a labour strike, not an air strike."""
    prep = parse.head(token)
    return (
        prep is not None
        and prep.lemma == "on"
        and token.dep == "pobj"
        and not parse.children(token, "prep")
    )


def triggers(lexicon: Lexicon, parse: Parse) -> list[tuple[Token, Entry]]:
    found = []
    for token in parse.tokens:
        entry: Entry | None = None
        if token.pos == "VERB" and token.dep not in {"amod", "compound"}:
            entry = _verb_entry(lexicon, parse, token)
        elif token.pos in {"NOUN", "PROPN"} and token.dep != "compound":
            entry = _noun_entry(lexicon, parse, token)
        if entry is not None:
            found.append((token, entry))
    return found


_SPEECH = {"say", "tell", "announce", "declare", "state", "insist", "reiterate", "conclude",
           "add", "stress", "claim", "report", "write", "confirm", "indicate", "warn", "deny",
           "admit", "acknowledge"}  # fmt: skip
