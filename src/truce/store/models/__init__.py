"""Every table of the store. Import from here: ``from truce.store.models import Event``."""

from typing import Any

from truce.store.models.accounts import ApiToken, AuditEntry, AuditRecord, User
from truce.store.models.actors import Actor, ActorAlias, Designation, Office, Relationship
from truce.store.models.agreements import Agreement, AgreementActor
from truce.store.models.base import Base, Record, utcnow
from truce.store.models.events import EVENT_FIELDS, FIELD_INDEX, Event, EventViolation
from truce.store.models.geo import Notification, NotificationRecipient, Place, Zone, ZoneActor
from truce.store.models.investigation import Assessment, Candidate, Claim, Statement
from truce.store.models.sources import RecordShare, RecordSource, Source

# Record kinds by the name used in URLs, exports, audit entries and shares.
RECORD_KINDS: dict[str, type[Record]] = {
    "sources": Source,
    "actors": Actor,
    "places": Place,
    "zones": Zone,
    "notifications": Notification,
    "agreements": Agreement,
    "events": Event,
    "violations": EventViolation,
    "statements": Statement,
    "claims": Claim,
    "assessments": Assessment,
    "candidates": Candidate,
}

# Rows that are not records but whose content matters as much: the links between records,
# and the accounts. Sealed like records (see truce.store.seals), by their table's name.
LINK_KINDS: dict[str, type[Base]] = {
    model.__tablename__: model
    for model in (
        ActorAlias,
        Office,
        Designation,
        Relationship,
        AgreementActor,
        ZoneActor,
        NotificationRecipient,
        RecordSource,
        RecordShare,
        User,
        ApiToken,
    )
}

# Every kind whose rows ``truce audit verify`` re-hashes.
SEALED_KINDS: dict[str, type[Any]] = {**RECORD_KINDS, **LINK_KINDS}

__all__ = [
    "EVENT_FIELDS",
    "FIELD_INDEX",
    "LINK_KINDS",
    "RECORD_KINDS",
    "SEALED_KINDS",
    "Actor",
    "ActorAlias",
    "Agreement",
    "AgreementActor",
    "ApiToken",
    "Assessment",
    "AuditEntry",
    "AuditRecord",
    "Base",
    "Candidate",
    "Claim",
    "Designation",
    "Event",
    "EventViolation",
    "Notification",
    "NotificationRecipient",
    "Office",
    "Place",
    "Record",
    "RecordShare",
    "RecordSource",
    "Relationship",
    "Source",
    "Statement",
    "User",
    "Zone",
    "ZoneActor",
    "utcnow",
]
