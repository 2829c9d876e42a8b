"""Claims about events: weapon, perpetrator, fatalities, responsibility — asserted, denied or
questioned.

A claim needs a claimant (the speaker of the sentence, "according to X", or "X blamed Y") or an
account the document itself reports ("first reported as shelling, later as an air strike": one
claim per account, in order). A party that answers in the same sentence ("…, a charge Kyiv
rejected") denies the claims told just before. Each claim points at the nearest event at or
before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from truce.extract.actors import ActorMention
from truce.extract.context import Doc, WordPattern
from truce.extract.events import EventFound, fatalities_in
from truce.extract.quotes import StatementFound

WEAPONS = {
    "air strike": r"air ?strikes?|air raids?|aircraft|warplanes|jets|planes|bombers|bombs?|bombing",
    "helicopter": r"helicopters?|barrel bombs?",
    "artillery": r"artillery|shelling|shells",
    "rockets": r"rockets?|missiles?",
    "mortar": r"mortars?",
    "drone": r"drones?",
}


def _needed(alternative: str) -> str:
    """Letters every match of one alternative of ``WEAPONS`` holds: those before its first
    optional letter ("air" of "air ?strikes?", "bomb" of "bombs?"); "" (held by any text) when
    it is more than letters, spaces and optional letters."""
    if re.fullmatch(r"(?:[\w ]\??)+", alternative) is None:
        return ""
    return re.split(r".\?", alternative)[0].lower()


# One word boundary before all the names, tried once per position rather than once per weapon
# (the same matches, in half the time: most positions are inside a word).
_WEAPON = WordPattern(
    re.compile(
        "\\b(?:" + "|".join(f"(?P<w{i}>(?:{p})\\b)" for i, p in enumerate(WEAPONS.values())) + ")",
        re.IGNORECASE,
    ),
    tuple(_needed(a) for p in WEAPONS.values() for a in p.split("|")),
)
_WEAPON_NAMES = list(WEAPONS)


_BLAME = WordPattern.any_of(
    ("blamed", "accused", "held responsible", "pointed the finger at"), then=r"\s+"
)
_DENY = WordPattern.any_of(("denied", "denies", "deny", "rejected", "dismissed"))
_QUESTION = re.compile(
    r"\b(?:questioned|doubted|cast doubt|disputed|impartial investigation|independent investigation|unclear whether)\b",  # noqa: E501
    re.IGNORECASE,
)
_SHIFT = WordPattern.any_of(
    ("first", "initially", "originally", "later", "then", "subsequently", "afterwards")
)
# "… acted in self-defence", "… only returned fire": the speaker answers for its own side.
_SELF_DEFENCE = re.compile(
    r"\b(?:self-defen[cs]e|returned fire|return(?:ing)? fire|responded to|in response to|"
    r"retaliat(?:ed|ion|ing))\b",
    re.IGNORECASE,
)
# "…, a charge Kyiv rejected." / "…; the army denied it.": a second party answers the claim
# just told in the same sentence.
_COUNTER = re.compile(
    r"(?:(?P<charge>,\s*(?:a|an)\s+(?:charge|claim|accusation|allegation|account)\s+(?:that\s+)?)"
    r"|,\s*which\s+|;\s*)"
    r"(?P<who>(?:the\s+)?[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}?)\s+(?:has\s+|had\s+|quickly\s+)?"
    r"(?P<verb>rejected|rejects|denied|denies|dismissed|dismisses|disputed|disputes)\b"
)


@dataclass(frozen=True, slots=True)
class ClaimFound:
    start: int
    end: int
    event: EventFound | None
    claimant: ActorMention | None
    attribute: str
    value: str
    stance: str


def _claimant(doc: Doc, lo: int, hi: int) -> ActorMention | None:
    verbs = doc.speech_in(lo, hi)
    if not verbs:
        return None
    start, end = verbs[0]
    if doc.text[start:end].lower() == "according to":
        after = doc.actors_in(end, hi)
        return after[0] if after else None
    before = doc.actors_in(lo, start)
    return before[-1] if before else None


def _speaker(statements: list[StatementFound], lo: int, hi: int) -> ActorMention | None:
    """The speaker of a statement told in this sentence ("residents said …"), if any."""
    for statement in statements:
        if statement.start < hi and lo < statement.end and statement.speaker is not None:
            return statement.speaker
    return None


def _stance(text: str) -> str:
    if _DENY.search(text):
        return "denies"
    if _QUESTION.search(text):
        return "questions"
    return "asserts"


def _weapon_claims(
    doc: Doc, lo: int, hi: int, claimant: ActorMention | None, event: EventFound | None
) -> list[ClaimFound]:
    if claimant is None and len(list(_SHIFT.finditer(doc.text, lo, hi))) < 2:
        return []  # nobody claims it, and it is not an account that shifts
    found: list[ClaimFound] = []
    seen: set[str] = set()
    for match in _WEAPON.finditer(doc.text, lo, hi):
        name = _WEAPON_NAMES[int((match.lastgroup or "w0")[1:])]
        if name in seen:
            continue
        seen.add(name)
        clause_start = max(lo, doc.text.rfind(",", lo, match.start()) + 1)
        stance = _stance(doc.text[clause_start : match.end()]) if claimant else "asserts"
        found.append(
            ClaimFound(match.start(), match.end(), event, claimant, "weapon", name, stance)
        )
    return found


def _blame_claims(
    doc: Doc, lo: int, hi: int, event: EventFound | None, violent: list[EventFound]
) -> list[ClaimFound]:
    """ "X blamed Y for shelling …" names a perpetrator; blame for no attack told in the
    sentence ("accused Russia of barbarism", "blamed the rebels for wrecking the truce") is a
    claim of responsibility."""
    found = []
    for match in _BLAME.finditer(doc.text, lo, hi):
        before = doc.actors_in(lo, match.start())
        after = doc.actors_in(match.end(), hi)
        if before and after:
            attack = any(match.end() <= e.start < hi for e in violent)
            held = match.group().lower().startswith("held")
            found.append(
                ClaimFound(
                    lo,
                    hi,
                    event,
                    before[-1],
                    "perpetrator" if attack and not held else "responsibility",
                    after[0].canonical or after[0].name,
                    "asserts",
                )
            )
    deny = _DENY.search(doc.text, lo, hi)
    counter = _COUNTER.search(doc.text, lo, hi) if deny else None
    if deny and counter and counter.group("charge") and counter.start() < deny.start():
        deny = None  # "…, a charge X rejected": X answers the charge, not an attack of its own
    if deny and not found:
        before = doc.actors_in(lo, deny.start())
        if before:
            who = before[-1]
            found.append(
                ClaimFound(lo, hi, event, who, "perpetrator", who.canonical or who.name, "denies")
            )
    return found


def _reported_perpetrators(
    doc: Doc, lo: int, hi: int, claimant: ActorMention, violent: list[EventFound]
) -> list[ClaimFound]:
    """Whoever a reported attack names as its doer, claimed by the speaker ("X said Y had
    shelled …").

    Only an attack told in this sentence, after the speech verb's subject, whose doer is named
    and is not the speaker itself; denied when the attack is negated or the sentence denies.
    """
    found: list[ClaimFound] = []
    for event in violent:
        doer = event.actor1
        if not lo <= event.start < hi or doer is None or doer.start < claimant.end:
            continue
        if (doer.canonical or doer.name) == (claimant.canonical or claimant.name):
            continue
        denied = event.negated or bool(_DENY.search(doc.text, lo, event.start))
        stance = "denies" if denied else "asserts"
        value = doer.canonical or doer.name
        found.append(
            ClaimFound(event.start, event.end, event, claimant, "perpetrator", value, stance)
        )
    return found


def _words_span(doc: Doc, statement: StatementFound) -> tuple[int, int]:
    at = doc.text.find(statement.words, statement.start, statement.end) if statement.words else -1
    if at < 0:
        return statement.start, statement.end
    return at, at + len(statement.words)


def statement_claims(
    doc: Doc, statement: StatementFound, violent: list[EventFound]
) -> list[ClaimFound]:
    """What a speaker says about an attack: who did it ("X said Y had shelled …", "X denied
    that Y had bombed …") and how many died ("X said at least 12 were killed")."""
    lo, hi = _words_span(doc, statement)
    lead = doc.text[min(statement.start, lo) : lo]
    denied = bool(_DENY.search(lead))
    found: list[ClaimFound] = []
    event = next(
        (
            e
            for e in violent
            if lo <= e.start < hi and e.actor1 is not None and e.actor1.start >= lo
        ),
        None,
    )
    if event is not None and event.actor1 is not None:
        stance = "denies" if denied or event.negated else "asserts"
        value = event.actor1.canonical or event.actor1.name
        found.append(
            ClaimFound(
                event.start, event.end, event, statement.speaker, "perpetrator", value, stance
            )
        )
    low, best, high = fatalities_in(doc.text[lo:hi])
    figure = best or low or high
    if figure:
        near = event or next((e for e in violent if e.start < hi), None)
        stance = (
            "questions"
            if _QUESTION.search(doc.text[lo:hi])
            else ("denies" if denied else "asserts")
        )
        found.append(ClaimFound(lo, hi, near, statement.speaker, "fatalities", str(figure), stance))
    return found


def _countered(doc: Doc, lo: int, hi: int, told: list[ClaimFound]) -> list[ClaimFound]:
    """The answer to the claims of this sentence by the party named after them: each claim
    told between the last speech verb and "a charge X rejected" is denied (or questioned) by X."""
    match = _COUNTER.search(doc.text, lo, hi)
    if match is None:
        return []
    start, end = match.span("who")
    named = doc.actors_in(start, end)
    who = (
        named[-1]
        if named
        else ActorMention(
            start,
            end,
            re.sub(r"^the\s+", "", doc.text[start:end]),
            None,
            "other",
            None,
            "described",
        )
    )
    verbs = [s for s, _ in doc.speech_in(lo, match.start())]
    stance = "questions" if match.group("verb").startswith("disput") else "denies"
    found = []
    for claim in told:
        if claim.stance != "asserts" or not lo <= claim.start < match.start():
            continue
        if any(claim.start < verb for verb in verbs):
            continue  # another speaker's claim comes between
        found.append(
            ClaimFound(
                match.start(), match.end(), claim.event, who, claim.attribute, claim.value, stance
            )
        )
    return found


def find_claims(
    doc: Doc, events: list[EventFound], statements: list[StatementFound] | None = None
) -> list[ClaimFound]:
    found: list[ClaimFound] = []
    violent = [e for e in events if e.trigger.plover == "ASSAULT"]
    spoken: list[tuple[int, int]] = []
    for statement in statements or []:
        claims = statement_claims(doc, statement, violent)
        found += claims
        spoken += [(c.start, c.end) for c in claims]
    index = -1
    for sentence in doc.sentences:
        lo, hi = sentence.start, sentence.end
        while index + 1 < len(violent) and violent[index + 1].sentence[0] <= lo:
            index += 1
        if index < 0:
            continue
        event = violent[index]
        # A speaker the actor list does not hold ("residents said …") is taken from the
        # statement told in this sentence.
        claimant = _claimant(doc, lo, hi) or _speaker(statements or [], lo, hi)
        found += _weapon_claims(doc, lo, hi, claimant, event)
        told = any(s < hi and lo < e for s, e in spoken)  # statement claims cover it
        blamed = [
            c
            for c in _blame_claims(doc, lo, hi, event, violent)
            if not told or c.stance != "denies"
        ]
        found += blamed
        if claimant is not None and not told and not blamed:
            found += _reported_perpetrators(doc, lo, hi, claimant, violent)
        if claimant is None:
            continue  # what follows are a claimant's claims
        defence = _SELF_DEFENCE.search(doc.text, lo, hi)
        if defence is not None:
            found.append(
                ClaimFound(
                    defence.start(),
                    defence.end(),
                    event,
                    claimant,
                    "responsibility",
                    "self-defence",
                    "asserts",
                )
            )
        low, best, high = fatalities_in(doc.text[lo:hi])
        figure = best or low or high
        if figure and not told:
            found.append(
                ClaimFound(
                    lo, hi, event, claimant, "fatalities", str(figure), _stance(doc.text[lo:hi])
                )
            )
    for sentence in doc.sentences:
        found += _countered(doc, sentence.start, sentence.end, found)
    return sorted(found, key=lambda c: c.start)
