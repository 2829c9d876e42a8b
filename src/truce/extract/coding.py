"""Events on the parse: who did what to whom, with the PLOVER lexicon's words as triggers.

A verb whose lemma is in ``plover_lexicon.yaml`` is an event; its source is the subject
("Rebels shelled the town"), or the ``by`` agent in the passive ("the town was shelled by
rebels"); its target the object, or the object of "against", "on", "at", "with"… A noun of the
lexicon is an event when no event verb governs it: "an attack by X on Y", "X's strike on Y",
"Israeli air raids on Y", or the object of a light verb ("launched an offensive against Y",
whose subject is the source). Modality follows the verb chain: "will", "wants to", "plans to"
→ planned; "would", "could" → hypothetical; "threatened to" → threatened; "urged X to",
"agreed to", "offered to" → proposed; "denied" → denied; "not", "never", "no" negate.
Violence inside an accusation ("blamed Israel for the bombing", "accused X of shelling Y") is
not an event of its own: the ACCUSE event carries it (``Coding.accused_of``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml

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


@functools.lru_cache(maxsize=1)
def load_plover() -> Lexicon:
    text = resources.files("truce.data").joinpath("plover_lexicon.yaml").read_text("utf-8")
    verbs: dict[str, Entry] = {}
    nouns: dict[str, Entry] = {}
    for item in yaml.safe_load(text)["entries"]:
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


def flag_words() -> set[str]:
    """Every word the rules can start from: lexicon lemmas and nouns, and the verbs that are
    events only with an object ("sign", "end", "reach")."""
    lexicon = load_plover()
    words = set(lexicon.verbs) | {n.split()[-1] for n in lexicon.nouns}
    return words | set(_OBJECTS) | _ENDING | _DEAL_VERBS | _SPEECH | _EFFORT


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


_PHRASE_DEPS = {"compound", "amod", "poss", "nmod", "nummod", "det", "case", "cc", "conj",
                "quantmod", "advmod", "npadvmod", "punct"}  # fmt: skip


def phrase(parse: Parse, head: Token) -> tuple[int, int] | None:
    """The words naming an actor: the head noun with its modifiers, "of" phrase and conjuncts
    ("Israeli helicopters and tanks", "the Government of Syria"), without relative clauses,
    appositions or other prepositional phrases; None for a pronoun."""
    if head.lemma in _PRONOUNS or head.tag in {"PRP", "WDT", "WP"}:
        return None
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
    return first.start, last.end


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
        if current.dep not in {"conj", "xcomp", "advcl", "acl"}:
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
    for prep in parse.children(token, "prep", "agent", "dative"):
        if prep.lemma in preps:
            obj = parse.child(prep, "pobj")
            if obj is not None:
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


def _argument(parse: Parse, token: Token | None) -> Token | None:
    """An argument as an actor: an event noun stands for its own doer ("condemned an attack by
    X" → X); dates and amounts are not actors."""
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
    if passive:
        agent = parse.child(verb, "agent")
        source = parse.child(agent, "pobj") if agent is not None else None
        patient = parse.child(verb, "nsubjpass")
        return source, _actor_in(parse, patient) or patient
    target = parse.child(verb, "dobj") or _prep_object(parse, verb, _TARGET_PREPS)
    if verb.lemma in {"call", "appeal", "press"} and target is None:
        target = _prep_object(parse, verb, {"on", "upon", "to"})
    return _subject(parse, verb), _target_actor(parse, verb, depth=0) or target


_ACTOR_NOUNS = {"government", "authority", "force", "rebel", "army", "police", "militia",
                "guerrilla", "official", "leader", "minister", "president", "parliament",
                "party", "group", "union", "council", "court", "committee", "movement",
                "opposition", "regime", "administration", "cabinet", "military", "navy",
                "troop", "soldier", "fighter", "militant", "insurgent", "delegation", "envoy",
                "ambassador", "embassy", "state", "country", "nation", "ally", "neighbor",
                "neighbour", "side", "faction", "partner", "governor", "mayor", "king",
                "premier", "chief", "commander", "general", "spokesman", "prosecutor",
                "judge", "chancellor", "emir", "prince", "secretary", "representative",
                "defector", "hostage", "captive", "migrant", "insurgency"} | _CIVILIANS  # fmt: skip
_ENTITY = {"GPE", "ORG", "NORP", "PERSON", "LOC", "FAC"}
_RECIPIENT_PREPS = ("to", "with", "for", "against", "on", "upon", "from", "at", "into", "toward")


def _actor_like(parse: Parse, token: Token | None) -> bool:
    """A word that can name an actor: a named entity, a proper noun, or an actor noun."""
    if token is None or _not_actor(token) or token.tag in {"PRP", "PRP$", "WP"}:
        return False
    if token.ent in _ENTITY or token.pos == "PROPN":
        return True
    return token.pos == "NOUN" and token.lemma in _ACTOR_NOUNS


def _own(parse: Parse, token: Token) -> bool:
    """ "its troops", "their peacekeeping force": the doer's own means, not a target."""
    return any(c.tag == "PRP$" for c in parse.children(token, "poss"))


def _actor_in(parse: Parse, token: Token | None) -> Token | None:
    """The actor a noun phrase names: itself, else its people-or-state modifier ("Serbia's
    suppression", "a US offer"), else the actor of its prepositional phrase ("crimes by Croat
    forces", "a camp for Congolese refugees", "targets in Jericho")."""
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
    for prep in parse.children(token, "prep"):
        pobj = parse.child(prep, "pobj")
        if prep.lemma in _INNER_PREPS and _actor_like(parse, pobj):
            return pobj
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
        subject = parse.child(clause, "nsubj", "nsubjpass")
        if _actor_like(parse, subject):
            return subject
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
        if verb is not None and target is None:
            target = _target_actor(parse, verb, depth=1)  # "arrived in Amman on a visit"
    if target is None:
        target = _purpose_target(parse, noun)
    if _not_actor(source):
        source = None
    if _not_actor(target):
        target = None
    return source, target


def _modality(parse: Parse, token: Token) -> tuple[bool, str]:
    negated = any(c.dep == "neg" or c.lemma in {"no", "never"} for c in parse.children(token))
    modality = "occurred"
    chain = [token]
    current = token
    while current.dep in {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "conj"}:
        head = parse.head(current)
        if head is None:
            break
        chain.append(head)
        current = head
    for position, link in enumerate(chain):
        own = position == 0
        auxes = {c.lemma for c in parse.children(link, "aux")}
        if not own and link.i > token.i:
            break  # what governs an event comes before it ("denied that …"); else a misparse
        if not own:
            if link.lemma in _DENY:
                return True, "denied"
            if link.lemma in {"suspect", "allegation", "alleged", "accusation", "suspicion"}:
                return negated, "hypothetical"  # "suspected of blowing up": not established
            if link.lemma in _REFUSE:
                return True, "hypothetical"
            if link.lemma in _THREAT:
                return negated, "threatened"
            if link.lemma in _PROPOSED:
                return negated, "proposed"
            if link.lemma in _PLANNED - {"be", "go"} or (
                link.lemma in {"be", "go"}
                and parse.child(link, "xcomp") is not None
                and "going" in {link.text.lower()}
            ):
                return negated, "planned"
            negated = negated or any(c.dep == "neg" for c in parse.children(link))
        if auxes & _PLANNED_AUX:
            return negated, "planned"
        if auxes & _HYPOTHETICAL:
            return negated, "hypothetical"
        if not own and link.lemma in _SPEECH:
            break
    return negated, "denied" if negated else modality


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


def _conditional(parse: Parse, token: Token) -> bool:
    current: Token | None = token
    for _ in range(4):
        if current is None:
            return False
        if any(c.lemma in {"if", "unless", "whether"} for c in parse.children(current, "mark")):
            return True
        if current.pos == "VERB" and current.dep not in {"xcomp", "conj", "ccomp"}:
            return False
        current = parse.head(current)
    return False


def _governed_by_event(parse: Parse, token: Token, events: set[int]) -> bool:
    """Is an event word above ``token`` (so the token names part of that event)?"""
    for ancestor in parse.ancestors(token):
        if ancestor.i in events:
            return True
        if ancestor.lemma in _SPEECH:
            return False  # "X said Y shelled Z": the shelling is the event told
    return False


_SPEECH = {"say", "tell", "announce", "declare", "state", "insist", "reiterate", "conclude",
           "add", "stress", "claim", "report", "write", "confirm", "indicate", "warn", "deny",
           "admit", "acknowledge"}  # fmt: skip
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
    conditional = bool({"unless", "if"} & {t.lemma for t in parse.tokens})
    auxes = {c.lemma for c in parse.children(token, "aux")}
    must = {c.lemma for c in parse.children(token, "aux")} & {"must", "should"}
    if must and _speaker(parse, token) is not None:
        return Entry("REQUEST", entry.mode, "10", entry.acled, entry.weapon)
    if negated and entry.plover in _COOPERATIVE | {"AGREE"}:
        return Entry("REJECT", entry.mode, "12", entry.acled, entry.weapon)
    if "fail" in lemmas and entry.plover in {"AGREE", "CONSULT"}:
        return Entry("REJECT", entry.mode, "12", entry.acled, entry.weapon)
    if _conditional(parse, token):
        return entry  # "if the convoy is attacked": a condition, not an announcement
    announced = modality in {"planned", "hypothetical", "threatened", "proposed"}
    if (
        announced
        and entry.plover in _HOSTILE
        and (
            conditional
            or modality == "threatened"
            or lemmas & {"vow", "swear", "prepared", "ready", "plan", "intend", "prepare"}
            or _speaker(parse, token) is not None
        )
        and entry.plover != "RETREAT"
    ) or (announced and entry.plover == "RETREAT" and conditional):
        return Entry("THREATEN", entry.mode, "13", entry.acled, entry.weapon)
    if (
        announced
        and entry.plover in _COOPERATIVE - {"AGREE"}
        and (lemmas & _INTENT or auxes & (_PLANNED_AUX | {"would"}))
    ):
        return Entry("AGREE", entry.mode, _CAMEO_INTENT[entry.plover], entry.acled, entry.weapon)
    return entry


def code_parse(parse: Parse) -> list[Coding]:
    """Every event of one parsed sentence."""
    lexicon = load_plover()
    found = triggers(lexicon, parse)
    indices = {t.i for t, _ in found}
    light: dict[int, int] = {}  # event noun → its light verb
    for token, _ in found:  # "staged demonstrations to demand …": the light verb holds the event
        head = parse.head(token)
        if head is not None and token.dep == "dobj" and head.lemma in _LIGHT:
            indices.add(head.i)
            light[token.i] = head.i
    accused: set[int] = set()
    codings = []
    for token, entry in found:
        if token.lemma in _ACCUSE and entry.plover == "ACCUSE":
            charged = _accused(parse, token, lexicon)
            if charged is not None:
                accused |= {t.i for t in parse.subtree(charged)}
    for token, entry in found:
        if token.i in accused:
            continue  # reported inside an accusation: the ACCUSE event tells it
        is_noun = token.pos != "VERB"
        if is_noun and (_stopped(parse, token) or _anaphor(parse, token)):
            continue
        if token.lemma in _CASUALTY and _governed_by_event(parse, token, indices):
            continue  # "hit the convoy, killing 20": the toll of the strike, not a second event
        if (
            is_noun
            and token.dep in {"nsubj", "nsubjpass", "pobj", "dobj", "conj"}
            and _governed_by_event(parse, token, indices)
            and not (
                token.dep == "dobj"
                and parse.head(token) is not None
                and (parse.head(token) or token).lemma in _LIGHT
            )
        ):
            continue  # "killed three in a gunbattle", "an explosion killed two": the verb's event
        source, target = _noun_roles(parse, token) if is_noun else _verb_roles(parse, token)
        if source is not None and any(c.tag == "PRP$" for c in parse.children(source, "poss")):
            source = _speaker(parse, token) or source  # "Moscow denied its planes struck": Moscow
        negated, modality = _modality(parse, token)
        if _conditional(parse, token):
            modality = "hypothetical"
        main = not _governed_by_event(parse, token, indices - {light.get(token.i, -1)})
        if main:
            entry = _reframed(parse, token, entry, negated, modality)
        if entry.plover == "REQUEST" and entry.cameo == "10":  # "X said Y must …"
            target, source = parse.child(token, "nsubj") or target, _speaker(parse, token)
        elif source is not None and source.tag in {"PRP", "PRP$"}:
            source = _speaker(parse, token) or source  # "Hungary said it will support …"
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
