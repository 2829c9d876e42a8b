"""Small record sets for the analysis tests, written through the audited record functions."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from truce.store import records
from truce.store.db import transaction
from truce.store.models import AgreementActor, NotificationRecipient, ZoneActor

CEASEFIRE = dt.date(2016, 2, 27)


def add(session: Session, kind: str, /, **values: Any) -> int:
    return records.create(session, kind, values, actor="tester").id


def event(session: Session, day: dt.date, lat: float, lon: float, **values: Any) -> int:
    values.setdefault("event_type", "Battles")
    return add(session, "events", event_date=day, latitude=lat, longitude=lon, **values)


def bounded(geometry: dict[str, Any]) -> dict[str, Any]:
    """GeoJSON text and its box, as zones and notifications store them."""
    coords: list[tuple[float, float]] = []

    def walk(value: Any) -> None:
        if isinstance(value[0], int | float):
            coords.append((float(value[0]), float(value[1])))
        else:
            for item in value:
                walk(item)

    walk(geometry["coordinates"])
    lons, lats = [c[0] for c in coords], [c[1] for c in coords]
    return {
        "geometry": json.dumps(geometry),
        "min_lon": min(lons),
        "max_lon": max(lons),
        "min_lat": min(lats),
        "max_lat": max(lats),
    }


def health_records(engine: Engine, *, local: int = 31, days: int = 10) -> dict[str, int]:
    """The national ceasefire, ``local`` truces spread over ``days`` days, and allegations.

    Allegations: four one a week before the ceasefire (the early warning's baseline), then on
    2016-03-05, 03-08 and 03-10 one each, alleged by a party, a mediator and a third party, and
    one on 2016-03-11 with no alleger recorded.
    """
    ids: dict[str, int] = {}
    with transaction(engine) as s:
        for name, kind in (
            ("Syrian government", "state"),
            ("Russia", "state"),
            ("Free Syrian Army", "rebel group"),
            ("Syrian Observatory for Human Rights", "other"),
        ):
            ids[name] = add(s, "actors", name=name, kind=kind)
        national = add(
            s,
            "agreements",
            name="Cessation of hostilities",
            kind="ceasefire",
            scope="national",
            signed=dt.date(2016, 2, 22),
            effective_from=CEASEFIRE,
        )
        ids["national"] = national
        for actor, role in (
            ("Syrian government", "party"),
            ("Free Syrian Army", "party"),
            ("Russia", "mediator"),
        ):
            s.add(AgreementActor(agreement_id=national, actor_id=ids[actor], role=role))
        for k in range(local):
            agreement = add(
                s,
                "agreements",
                name=f"Local truce {k}",
                kind="reconciliation" if k % 3 else "truce",
                scope="local",
                admin1="Rif Dimashq" if k % 2 else "Homs",
                signed=CEASEFIRE + dt.timedelta(days=k * days // local),
                illustrative=True,
            )
            s.add(AgreementActor(agreement_id=agreement, actor_id=ids["Russia"], role="mediator"))
        allegations = [
            (dt.date(2016, 2, 6), "Syrian government"),
            (dt.date(2016, 2, 13), "Syrian government"),
            (dt.date(2016, 2, 20), "Free Syrian Army"),
            (dt.date(2016, 2, 27), "Free Syrian Army"),
            (dt.date(2016, 3, 5), "Syrian government"),
            (dt.date(2016, 3, 8), "Russia"),
            (dt.date(2016, 3, 10), "Syrian Observatory for Human Rights"),
            (dt.date(2016, 3, 11), None),
        ]
        for day, alleger in allegations:
            incident = event(
                s,
                day,
                36.2,
                37.1,
                admin1="Aleppo",
                actor1="Military Forces of Syria (2000-)",
                actor1_id=ids["Syrian government"],
            )
            add(
                s,
                "violations",
                event_id=incident,
                agreement_id=national,
                alleged_by_id=ids[alleger] if alleger else None,
                alleged_on=day,
            )
    return ids


def zone_records(engine: Engine) -> dict[str, int]:
    """A no-fly zone binding the Syrian air force, a control zone, a site and a convoy route."""
    ids: dict[str, int] = {}
    with transaction(engine) as s:
        ids["air force"] = add(s, "actors", name="Syrian Air Force", kind="state forces")
        ids["opposition"] = add(s, "actors", name="Jaish al-Fatah", kind="rebel group")
        ids["un"] = add(s, "actors", name="United Nations", kind="international organisation")
        ids["russia"] = add(s, "actors", name="Russia", kind="state")
        square = {
            "type": "Polygon",
            "coordinates": [[[36.9, 36.1], [37.2, 36.1], [37.2, 36.3], [36.9, 36.3], [36.9, 36.1]]],
        }
        ids["no-fly"] = add(
            s,
            "zones",
            name="Agreed area west of Aleppo",
            kind="no-fly",
            valid_from=dt.datetime(2016, 9, 12, tzinfo=dt.UTC),
            valid_to=dt.datetime(2016, 9, 30, tzinfo=dt.UTC),
            restricts=["Air/drone strike"],
            **bounded(square),
        )
        s.add(ZoneActor(zone_id=ids["no-fly"], actor_id=ids["air force"], role="binds"))
        ids["control"] = add(
            s,
            "zones",
            name="Opposition-held western countryside",
            kind="control",
            **bounded(square),
        )
        s.add(ZoneActor(zone_id=ids["control"], actor_id=ids["opposition"], role="controls"))
        ids["warehouse"] = add(
            s,
            "notifications",
            name="Aid warehouse",
            kind="site",
            buffer_m=500.0,
            notified_by_id=ids["un"],
            notified_on=dt.datetime(2016, 9, 10, tzinfo=dt.UTC),
            **bounded({"type": "Point", "coordinates": [37.0, 36.2]}),
        )
        ids["convoy"] = add(
            s,
            "notifications",
            name="Convoy to Urum al-Kubra",
            kind="movement",
            buffer_m=1000.0,
            valid_from=dt.datetime(2016, 9, 19, 6, tzinfo=dt.UTC),
            valid_to=dt.datetime(2016, 9, 19, 20, tzinfo=dt.UTC),
            notified_by_id=ids["un"],
            notified_on=dt.datetime(2016, 9, 18, tzinfo=dt.UTC),
            **bounded({"type": "LineString", "coordinates": [[37.16, 36.20], [36.96, 36.16]]}),
        )
        for notification in (ids["warehouse"], ids["convoy"]):
            s.add(NotificationRecipient(notification_id=notification, actor_id=ids["russia"]))
    return ids
