"""Agreement events: a deal announced, agreed, signed, taking effect or proposed.

ACLED codes the making of a ceasefire or a local deal as a Strategic developments / Agreement
event, besides the agreement itself. A mention found by ``agreements.py`` becomes such an event
when a deal verb governs it in its sentence ("announced on Monday a cessation of hostilities",
"agreed today to a ceasefire", "proposed a three-day truce", "the truce took hold"). PLOVER,
as its CAMEO mapping has it, makes a ceasefire declared or taking hold a RETREAT (CAMEO 0871),
a deal agreed to or signed an AGREE, and another deal announced a CONCEDE; a proposal is
modality ``proposed``.
"""

from __future__ import annotations

import re

from truce.extract.agreements import AgreementFound
from truce.extract.context import Doc, date_for
from truce.extract.events import EventFound, Trigger, modality_of

_BEFORE = re.compile(
    r"\b(?P<verb>(?P<concede>announced|declared|unveiled)"
    r"|(?P<accept>agreed|agree|accepted)"
    r"|(?P<agree>signed|sign|reached|concluded|struck|brokered|arranged|mediated)"
    r"|(?P<propose>proposed|propose|proposes|offered|suggested|called for|ready to support))\b"
    r"[^.;]{0,70}$",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"[^.;]{0,40}?\b(?P<verb>took effect|took hold|came into force|came into effect|"
    r"went into effect|began|held|was signed|were signed|was agreed|was announced)\b",
    re.IGNORECASE,
)
_CEASEFIRES = frozenset({"ceasefire", "truce", "humanitarian pause"})


def _trigger(kind: str, verb: str) -> Trigger:
    """PLOVER's type and CAMEO's code for a deal of ``kind`` made by a verb of group ``verb``.
    PLOVER has no "propose": a proposed deal has the type of the deal made, with modality
    proposed. CAMEO: 0871 declare a ceasefire, 030 agree, 057 sign a formal agreement,
    08 yield."""
    ceasefire = kind in _CEASEFIRES
    if verb == "ACCEPT":
        plover, cameo = "AGREE", "030"
    elif verb == "AGREE":
        plover, cameo = "AGREE", "057"
    elif ceasefire:  # declared, proposed or taking hold
        plover, cameo = "RETREAT", "0871"
    else:
        plover, cameo = ("RETREAT" if verb == "RETREAT" else "CONCEDE"), "08"
    return Trigger(
        "Strategic developments",
        "Agreement",
        plover,
        "ceasefire" if ceasefire else None,
        cameo,
        False,
    )


def _verb(doc: Doc, agreement: AgreementFound, lo: int, hi: int) -> tuple[int, str] | None:
    """Where the deal verb is and its group (CONCEDE, ACCEPT, AGREE, PROPOSE, RETREAT), or None
    when nothing governs it."""
    before = _BEFORE.search(doc.text, lo, agreement.start)
    if before is not None:
        kind = next(g for g in ("concede", "accept", "agree", "propose") if before.group(g))
        return before.start("verb"), kind.upper()
    after = _AFTER.match(doc.text, agreement.end, hi)
    if after is not None:
        verb = after.group("verb").lower()
        plover = "AGREE" if verb.startswith(("was", "were")) else "RETREAT"
        return after.start("verb"), plover
    return None


def agreement_events(
    doc: Doc, agreements: list[AgreementFound], events: list[EventFound]
) -> list[EventFound]:
    """One Agreement event per sentence for a deal made, taking effect or proposed in it."""
    taken = {e.sentence for e in events if e.trigger.event_type == "Strategic developments"}
    found: list[EventFound] = []
    for agreement in agreements:
        sentence = doc.sentence_at(agreement.start)
        lo, hi = sentence.start, sentence.end
        verb = _verb(doc, agreement, lo, hi)
        if verb is None or (lo, hi) in taken:
            continue
        taken.add((lo, hi))
        at, group = verb
        negated, modality = modality_of(doc, lo, min(at, agreement.start))
        if group == "PROPOSE":
            modality = "proposed"
        found.append(
            EventFound(
                start=agreement.start,
                end=agreement.end,
                sentence=(lo, hi),
                trigger=_trigger(agreement.kind, group),
                sub_event_type="Agreement",
                actor1=agreement.parties[0] if agreement.parties else None,
                actor2=agreement.parties[1] if len(agreement.parties) > 1 else None,
                place=agreement.place,
                date=agreement.date or date_for(doc, agreement.start, agreement.end),
                fatalities=(None, None, None),
                negated=negated,
                modality=modality,
                confidence=0.6,
            )
        )
    return found


def with_deals(events: list[EventFound], deals: list[EventFound]) -> list[EventFound]:
    """The events with the deals' Agreement events, which stand in for the parse's verbal
    AGREE, CONCEDE, RETREAT or signing of the same sentence ("signed agreements" is one
    event)."""
    sentences = {d.sentence for d in deals}
    kept = [
        e
        for e in events
        if not (
            e.trigger.event_type is None
            and e.sentence in sentences
            and (e.trigger.plover in {"AGREE", "CONCEDE", "RETREAT"} or e.trigger.cameo == "057")
        )
    ]
    return sorted(kept + deals, key=lambda e: e.start)
