"""Every table of the store. Import from here: ``from truce.store.models import Event``."""

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

__all__ = [
    "EVENT_FIELDS",
    "FIELD_INDEX",
    "RECORD_KINDS",
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
