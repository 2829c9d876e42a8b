"""The PLOVER lexicon and the word sets the rules on the parse read.

``plover_lexicon.yaml`` maps verb lemmas and event nouns to a PLOVER 2021 type, its mode, a
CAMEO code and ACLED's type. Some verbs are events only with a fitting object or particle
("fired … at", "cut ties", "signed an agreement", "pulled out"); a noun may need its modifier
("hunger strike" is a protest, "air strike" an attack; "went on strike" a labour strike). Which
words of a sentence are events, and their readings: ``readings.py``; the verbs' lemmas the
small model's lemmatizer gets wrong are put right here (``verb_lemmas``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from importlib import resources
from typing import TYPE_CHECKING

from truce.data import load_yaml

if TYPE_CHECKING:  # parse.py imports flags.py, which reads this module's lexicon
    from truce.extract.parse import Parse


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
    named: dict[str, Entry]  # readings the rules give by the object ("ease-restrictions")

    @functools.cached_property
    def phrase_ends(self) -> frozenset[str]:
        """The words a noun phrase of the lexicon ends with after a space or a hyphen
        ("strike" of "hunger strike", "in" of "sit-in"): a noun that is none of them starts no
        phrase of its modifiers (``readings._noun_entry``)."""
        return frozenset(
            noun[i + 1 :] for noun in self.nouns for i, char in enumerate(noun) if char in " -"
        )


@functools.lru_cache(maxsize=1)
def load_plover() -> Lexicon:
    text = resources.files("truce.data").joinpath("plover_lexicon.yaml").read_text("utf-8")
    verbs: dict[str, Entry] = {}
    nouns: dict[str, Entry] = {}
    named: dict[str, Entry] = {}
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
        if item.get("name"):
            named[item["name"]] = entry
    return Lexicon(verbs, nouns, named)


# Verbs that are events only with a fitting object or particle.
_OBJECTS = {
    "fire": {"shot", "shell", "rocket", "missile", "mortar", "round", "artillery", "battery",
             "weapon", "gun", "bullet", "grenade", "gas", "salvo", "projectile", "fire"},
    "exchange": {"fire", "gunfire", "shot", "blow", "information", "intelligence", "data",
                 "prisoner", "detainee", "hostage", "body", "remains", "view"},
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
    "strengthen": {"force", "troop", "presence", "garrison", "patrol", "military", "contingent"},
    "bolster": {"force", "troop", "presence", "garrison", "patrol", "military", "contingent"},
    "boost": {"force", "troop", "presence", "garrison", "patrol", "military", "contingent"},
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
_PARTICLES = {"pull": {"out", "back", "away"}, "blow": {"up"}, "round": {"up"}, "hand": {"over"},
              "force": {"out"}, "drive": {"out"}}  # fmt: skip
_PREP_OK = {"fire": {"at", "on", "upon", "into", "toward", "towards", "across"},
            "provide": {"to"}, "give": {"to"}, "send": {"to"}, "ship": {"to"},
            "call": {"for", "on", "upon"},
            "press": {"for"}, "push": {"for"}, "engage": {"in"}}  # fmt: skip
_AGREE_NOUNS = _OBJECTS["sign"]
_DEAL_VERBS = {"reach", "strike", "conclude", "seal", "clinch", "broker", "hammer"}
_SETTLED = {"consensus", "understanding", "compromise", "settlement"}
_LIGHT = {"launch", "carry", "conduct", "stage", "mount", "make", "issue", "lodge", "file",
          "impose", "open", "begin", "start", "continue", "unleash", "wage", "hold", "resume",
          "step", "intensify", "escalate", "organize", "organise", "lead", "call", "declare",
          "announce", "go", "take", "deliver", "execute", "perpetrate", "order", "undertake",
          "register"}  # fmt: skip
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
           "deplore", "complain", "protest", "lambast", "slam", "rebuke"}  # fmt: skip
_PRONOUNS = {"it", "they", "them", "he", "she", "him", "her", "we", "us", "i", "you", "who",
             "his", "their", "its", "our", "my", "your", "whose", "one", "both", "all", "each",
             "which", "that", "this", "these", "those", "itself", "themselves"}  # fmt: skip
_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "state", "NORP": "state"}
_CIVILIANS = {"civilian", "people", "resident", "villager", "child", "woman", "protester",
              "demonstrator", "worker", "refugee", "family", "student", "journalist",
              "passenger", "farmer", "worshipper", "patient", "detainee", "prisoner"}  # fmt: skip


_ENDING = {"end", "stop", "halt", "suspend", "abandon", "break", "cancel", "postpone", "reduce",
           "curtail", "slash", "prohibit",
           "freeze", "cut", "terminate", "scrap", "downgrade"}  # fmt: skip


_SPEECH = {"say", "tell", "announce", "declare", "state", "insist", "reiterate", "conclude",
           "add", "stress", "claim", "report", "write", "confirm", "indicate", "warn", "deny",
           "admit", "acknowledge"}  # fmt: skip


@functools.lru_cache(maxsize=1)
def _rule_verbs() -> frozenset[str]:
    """Every verb lemma a rule on the parse reads."""
    return frozenset(
        set(load_plover().verbs) | _LIGHT | _PLANNED | _PROPOSED | _THREAT | _DENY | _REFUSE
        | _ACCUSE | _SPEECH | _ENDING | _DEAL_VERBS | set(_OBJECTS)
    )  # fmt: skip


@functools.lru_cache(maxsize=8192)
def _silent_e(word: str, lemma: str) -> str | None:
    """The verb a rule reads that the lemmatizer missed, of a verb's word in lower case and its
    lemma: "staged", "waged", "raped", "hoping" end in a silent e — the lemmatizer prefers the
    shorter verb when both exist ("stag", "wag", "rap", "hop"), but English doubles the
    consonant of the short one ("stagged", "hopping"), so an undoubled consonant before "-ed"
    or "-ing" means the e-form; "cordoned" is "cordon", where the lemmatizer, not knowing the
    word, made "cordone". Kept per word and lemma: a report's verbs are mostly ones met
    before."""
    verbs = _rule_verbs()
    for suffix in ("ed", "ing"):
        stem = word.removesuffix(suffix)
        if stem == word or len(stem) < 3:
            continue
        if (
            stem == lemma
            and f"{stem}e" in verbs
            and stem[-1] not in "aeiouwxy"
            and stem[-2] != stem[-1]
        ):
            return f"{stem}e"
        if lemma not in verbs and stem in verbs:
            return stem
    return None


def verb_lemmas(parse: Parse) -> Parse:
    """``parse`` with the lemma of a verb ending in a silent e put right (``_silent_e``)."""
    fixed = {}
    for token in parse.tokens:
        if token.tag.startswith("VB"):
            lemma = _silent_e(token.text.lower(), token.lemma)
            if lemma is not None:
                fixed[token.i] = lemma
    if not fixed:
        return parse
    tokens = tuple(replace(t, lemma=fixed[t.i]) if t.i in fixed else t for t in parse.tokens)
    return type(parse)(tokens)
