"""Controlled vocabularies: declared once, used by the models, importers, schemas and CLI.

ACLED's event types and sub-types follow ACLED's codebook; PLOVER types follow the PLOVER
ontology; the rest are Truce's own and documented in docs/records.md.
"""

from __future__ import annotations

SOURCE_KINDS = ("news", "official statement", "report", "social post", "document", "dataset")
CLASSIFICATIONS = ("public", "restricted", "confidential")
RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")  # Admiralty: source reliability
CREDIBILITY_GRADES = ("1", "2", "3", "4", "5", "6")  # Admiralty: information credibility
REPORT_FORMATS = ("html", "pdf", "md", "json")
DATE_PRECISIONS = ("day", "week", "month", "year", "approximate")

ACTOR_KINDS = (
    "state",
    "state forces",
    "rebel group",
    "political militia",
    "identity militia",
    "coalition",
    "international organisation",
    "civilians",
    "person",
    "other",
)
RELATIONSHIP_KINDS = ("backs", "allied with", "embedded with", "part of", "opposes", "mediates for")

PLACE_KINDS = ("country", "admin1", "admin2", "city", "town", "village", "district", "road", "site")

ZONE_KINDS = (
    "no-fly",
    "no-strike",
    "control",
    "demarcation",
    "humanitarian corridor",
    "restricted-air",
    "other",
)
ZONE_ROLES = ("binds", "controls")

AGREEMENT_KINDS = (
    "ceasefire",
    "truce",
    "reconciliation",
    "amnesty",
    "evacuation",
    "surrender",
    "humanitarian pause",
    "deconfliction",
    "other",
)
AGREEMENT_SCOPES = ("national", "local")
AGREEMENT_STATUSES = ("proposed", "in force", "suspended", "collapsed", "expired")
AGREEMENT_ROLES = ("party", "mediator", "guarantor", "excluded")

EVENT_STATUSES = ("candidate", "accepted", "rejected", "disputed")

ACLED_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
EVENT_TYPES = tuple(ACLED_EVENT_TYPES)

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "OTHER",
)

CLAIM_ATTRIBUTES = (
    "perpetrator",
    "weapon",
    "fatalities",
    "target",
    "time",
    "place",
    "responsibility",
    "other",
)
CLAIM_STANCES = ("asserts", "denies", "questions")

NOTIFICATION_KINDS = ("site", "movement")

ROLES = ("admin", "analyst", "monitor", "liaison", "viewer")

CANDIDATE_KINDS = ("event", "statement", "claim", "agreement", "quantity")
CANDIDATE_STATUSES = ("pending", "accepted", "rejected")
