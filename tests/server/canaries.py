"""Canary records for the leak test: one record of every kind per secret, each text field
carrying the secret's marker, and public records that link to them.

Secrets: ``confidential`` (seen by admins and analysts), ``restricted`` (also by monitors) and
``shared`` (confidential, shared with party A: also seen by party A's liaison). Text columns
are filled from the models, so a column added later carries the marker too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Engine, String, Text, inspect
from sqlalchemy.orm import Session

from truce.auth import users
from truce.names import normalize_name
from truce.server.schemas import CHOICES
from truce.store import records
from truce.store.db import transaction
from truce.store.models import (
    RECORD_KINDS,
    ActorAlias,
    AgreementActor,
    NotificationRecipient,
    RecordShare,
    RecordSource,
    Relationship,
    ZoneActor,
)

DAY = date(2016, 9, 19)
LAT, LON = 36.2, 37.1
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[36.9, 36.0], [37.3, 36.0], [37.3, 36.4], [36.9, 36.4], [36.9, 36.0]]],
}
BOX = {"min_lon": 36.9, "min_lat": 36.0, "max_lon": 37.3, "max_lat": 36.4}
# secret → (classification, shared with party A?)
SECRETS = {"confidential": ("confidential", False), "restricted": ("restricted", False),
           "shared": ("confidential", True)}  # fmt: skip
MARKERS = {"confidential": "qxconfq", "restricted": "qxrestq", "shared": "qxshareq"}
PASSWORD = "canary-password"
# who may see which secret; anonymous and the rest see none
SEES = {
    "admin": {"confidential", "restricted", "shared"},
    "analyst": {"confidential", "restricted", "shared"},
    "monitor": {"restricted"},
    "liaison_a": {"shared"},
    "liaison_b": set(),
    "viewer": set(),
    "anonymous": set(),
}
# Columns the store sets or checks itself, or whose values come from a fixed vocabulary.
_LEFT_ALONE = frozenset({"classification", "sha256", "row_hash", "record_kind", "normalized"})


@dataclass
class Seeded:
    ids: dict[str, list[int]] = field(default_factory=dict)  # kind → ids (canary and public)
    external: dict[str, list[str]] = field(default_factory=dict)  # kind → canary external ids
    actor_names: list[str] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)  # role label → API token

    def add(self, kind: str, record_id: int) -> int:
        self.ids.setdefault(kind, []).append(record_id)
        return record_id


def _text_values(kind: str, marker: str) -> dict[str, Any]:
    """Every free-text column of ``kind`` holding ``marker`` (lists and maps too)."""
    values: dict[str, Any] = {}
    for column in inspect(RECORD_KINDS[kind]).columns:
        name = column.key
        if name in _LEFT_ALONE or column.foreign_keys or (kind, name) in CHOICES:
            continue
        if ("*", name) in CHOICES:
            continue
        if isinstance(column.type, JSON):
            continue
        if isinstance(column.type, String | Text):
            length = getattr(column.type, "length", None)
            if length is None or length >= 24:
                values[name] = f"{marker} {name}"[: length or 200]
    return values


def _json_values(kind: str, marker: str) -> dict[str, Any]:
    lists = {
        "places": {"other_names": [f"{marker} other name"]},
        "agreements": {"provisions": [f"{marker} provision"]},
        "zones": {"restricts": [f"{marker} restricts"], "properties": {"note": marker}},
        "notifications": {"properties": {"note": marker}},
        "assessments": {"hypotheses": [f"{marker} hypothesis"]},
        "candidates": {"payload": {"words": f"{marker} words", "notes": marker}},
    }
    return lists.get(kind, {})


def _base(kind: str, marker: str, ids: dict[str, int]) -> dict[str, Any]:
    """Required and structural values (dates, places, links) of one record of ``kind``."""
    geometry = json.dumps(SQUARE)
    table: dict[str, dict[str, Any]] = {
        "sources": {"url": f"https://{marker}.example/report", "reliability": "C",
                    "published": datetime(2016, 9, 19, 12, 0)},
        "actors": {"kind": "state"},
        "places": {"latitude": LAT, "longitude": LON, "country": "SYR"},
        "zones": {"kind": "no-fly", "geometry": geometry, **BOX},
        "notifications": {"kind": "site", "geometry": geometry, **BOX,
                          "valid_from": datetime(2016, 9, 1), "valid_to": datetime(2016, 9, 30),
                          "notified_by_id": ids.get("actors")},
        "agreements": {"kind": "ceasefire", "scope": "national", "signed": DAY,
                       "effective_from": date(2016, 9, 12), "place_id": ids.get("places"),
                       "zone_id": ids.get("zones"), "latitude": LAT, "longitude": LON},
        "events": {"event_date": DAY, "event_type": "Battles", "latitude": LAT, "longitude": LON,
                   "actor1_id": ids.get("actors"), "actor2_id": ids.get("actors"),
                   "place_id": ids.get("places"), "fatalities": 3},
        "violations": {"event_id": ids.get("events"), "agreement_id": ids.get("agreements"),
                       "alleged_by_id": ids.get("actors"), "alleged_on": DAY,
                       "source_id": ids.get("sources")},
        "statements": {"date": DAY, "source_id": ids.get("sources"),
                       "speaker_id": ids.get("actors"), "reported_by_id": ids.get("actors")},
        "claims": {"event_id": ids.get("events"), "attribute": "weapon", "stance": "asserts",
                   "made_on": DAY, "source_id": ids.get("sources"),
                   "claimant_id": ids.get("actors")},
        "assessments": {"event_id": ids.get("events"), "attribute": "weapon"},
        "candidates": {"kind": "event", "source_id": ids.get("sources"), "status": "pending"},
    }  # fmt: skip
    return {k: v for k, v in table[kind].items() if v is not None}


def _valid(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    columns = {c.key for c in inspect(RECORD_KINDS[kind]).column_attrs}
    return {k: v for k, v in values.items() if k in columns}


def _secret_records(session: Session, seeded: Seeded, secret: str, party_a: int) -> dict[str, int]:
    """One record of every kind for ``secret``, linked to each other, each field marked."""
    marker = MARKERS[secret]
    classification, shared = SECRETS[secret]
    ids: dict[str, int] = {}
    for kind in RECORD_KINDS:
        values = _text_values(kind, marker) | _json_values(kind, marker) | _base(kind, marker, ids)
        values["classification"] = classification
        if "external_id" in values:
            values["external_id"] = f"{marker}-{kind}"
            seeded.external.setdefault(kind, []).append(values["external_id"])
        record = records.create(session, kind, _valid(kind, values), actor="test:canary")
        ids[kind] = seeded.add(kind, record.id)
        if shared:
            session.add(RecordShare(record_kind=kind, record_id=record.id, party_id=party_a))
    seeded.actor_names.append(f"{marker} name")
    session.add(
        AgreementActor(agreement_id=ids["agreements"], actor_id=ids["actors"], role="party")
    )
    session.add(ZoneActor(zone_id=ids["zones"], actor_id=ids["actors"], role="binds"))
    session.add(NotificationRecipient(notification_id=ids["notifications"], actor_id=ids["actors"]))
    session.add(
        RecordSource(record_kind="events", record_id=ids["events"], source_id=ids["sources"])
    )
    return ids


def _public_links(session: Session, seeded: Seeded, secret: dict[str, int]) -> None:
    """Public records, with neutral words, that point at the secret records."""

    def create(kind: str, values: dict[str, Any]) -> int:
        record = records.create(session, kind, values, actor="test:canary")
        return seeded.add(kind, record.id)

    actor = secret["actors"]
    event = create("events", _base("events", "", secret) | {"notes": "public clash",
                   "actor1": "Public side", "location": "Public town"})  # fmt: skip
    agreement = create("agreements", _base("agreements", "", secret) | {
        "name": "Public truce", "scope": "local", "kind": "truce"})  # fmt: skip
    zone = create("zones", _base("zones", "", secret) | {"name": "Public zone"})
    notification = create(
        "notifications", _base("notifications", "", secret) | {"name": "Public site"}
    )
    create("violations", _base("violations", "", secret | {"events": event}) | {"notes": "public"})
    create("violations", _base("violations", "", {"events": event, "agreements": agreement}))
    create("statements", _base("statements", "", secret) | {
        "speaker_name": "Public speaker", "words": "we will hold the ceasefire"})  # fmt: skip
    create("claims", _base("claims", "", secret | {"events": event}) | {"value": "rockets"})
    create("claims", _base("claims", "", secret) | {"value": "artillery"})
    # A public claim naming the secret actor by an alias with no marker in it.
    alias = f"Alias number {actor}"
    session.add(ActorAlias(actor_id=actor, alias=alias, normalized=normalize_name(alias)))
    create("claims", _base("claims", "", secret | {"events": event}) | {
        "attribute": "perpetrator", "value": alias, "claimant_name": alias})  # fmt: skip
    create("assessments", {"event_id": event, "attribute": "weapon"})
    create("actors", {"name": f"Public group {actor}", "kind": "other", "parent_id": actor})
    session.add(Relationship(subject_id=seeded.ids["actors"][0], object_id=actor, kind="backs"))
    for role in ("party", "mediator", "guarantor"):
        session.add(AgreementActor(agreement_id=agreement, actor_id=actor, role=role))
    session.add(ZoneActor(zone_id=zone, actor_id=actor, role="binds"))
    session.add(NotificationRecipient(notification_id=notification, actor_id=actor))
    for kind, record_id in (("events", event), ("agreements", agreement)):
        session.add(
            RecordSource(record_kind=kind, record_id=record_id, source_id=secret["sources"])
        )


def seed(engine: Engine) -> Seeded:
    """Parties A and B, a user and token per role, the canaries and their public links."""
    seeded = Seeded()
    with transaction(engine) as session:
        party_a = records.create(session, "actors", {"name": "Party A", "kind": "state"}, actor="t")
        party_b = records.create(session, "actors", {"name": "Party B", "kind": "state"}, actor="t")
        seeded.add("actors", party_a.id)
        users_by_label = {
            "admin": ("admin", None), "analyst": ("analyst", None),
            "monitor": ("monitor", None), "viewer": ("viewer", None),
            "liaison_a": ("liaison", party_a.id), "liaison_b": ("liaison", party_b.id),
        }  # fmt: skip
        for label, (role, party) in users_by_label.items():
            users.add_user(session, label, role=role, password=PASSWORD, party=party, actor="t")
            seeded.tokens[label] = users.create_token(session, label, actor="t")[1]
        for secret in SECRETS:
            ids = _secret_records(session, seeded, secret, party_a.id)
            session.flush()
            _public_links(session, seeded, ids)
    return seeded
