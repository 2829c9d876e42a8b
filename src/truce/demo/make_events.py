"""Write ``events_acled.csv``: the demo's events in ACLED's 31-column export format.

Two parts. First, the context of 16–23 September 2016 written by hand from public reporting
(shelling around Aleppo during the seven days, the army's end of the truce, the start of the
offensive); the eight incidents the investigation demo needs (the Deir ez-Zor strike, the convoy,
the Ramouseh assault, the east Aleppo bombing) live in ``incidents.jsonl`` instead, with the
agreements they are alleged to violate. Second, an illustrative spread of events from February
to September 2016 at real places, drawn from a seeded random generator so that the charts and
the maps have something to show: the daily rate drops after the cessation starts on 27 February,
climbs again from April with the fighting around Aleppo, and falls during the seven days of the
September arrangement. These rows say ``Illustrative`` in their notes. None of this is ACLED data.

Deterministic; run again after changing it: ``python -m truce.demo.make_events``.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from truce.formats.acled import ACLED_COLUMNS

SEED = 20160919
OUTPUT = Path(__file__).with_name("events_acled.csv")
COLUMNS = ACLED_COLUMNS
INTER = {
    "Syrian Arab Army": "State forces",
    "Syrian Arab Air Force": "State forces",
    "Russian Armed Forces": "External/Other forces",
    "Global Coalition against Daesh": "External/Other forces",
    "Turkish Armed Forces": "External/Other forces",
    "Islamic State": "Rebel group",
    "Jabhat al-Nusra": "Rebel group",
    "Free Syrian Army": "Rebel group",
    "Jaysh al-Islam": "Rebel group",
    "Ahrar al-Sham": "Rebel group",
    "Syrian Democratic Forces": "Rebel group",
    "People's Protection Units": "Identity militia",
    "Civilians (Syria)": "Civilians",
    "Syria Civil Defence": "Civilians",
    "Sultan Murad Division": "Rebel group",
}

# (location, admin1, admin2, latitude, longitude, government-side actor, other side)
FRONTS: tuple[tuple[str, str, str, float, float, str, str], ...] = (
    ("Aleppo", "Aleppo", "Jebel Saman", 36.201, 37.161, "Syrian Arab Army", "Free Syrian Army"),
    (
        "Bustan al-Qasr",
        "Aleppo",
        "Jebel Saman",
        36.197,
        37.137,
        "Syrian Arab Army",
        "Free Syrian Army",
    ),
    (
        "Salaheddine",
        "Aleppo",
        "Jebel Saman",
        36.185,
        37.125,
        "Syrian Arab Army",
        "Free Syrian Army",
    ),
    ("Khan Tuman", "Aleppo", "Jebel Saman", 36.098, 37.073, "Syrian Arab Army", "Jabhat al-Nusra"),
    (
        "Castello road",
        "Aleppo",
        "Jebel Saman",
        36.250,
        37.145,
        "Syrian Arab Army",
        "Free Syrian Army",
    ),
    (
        "Al Atarib",
        "Aleppo",
        "Jebel Saman",
        36.139,
        36.825,
        "Syrian Arab Air Force",
        "Jabhat al-Nusra",
    ),
    ("Idlib", "Idleb", "Idleb", 35.930, 36.633, "Syrian Arab Air Force", "Jabhat al-Nusra"),
    (
        "Maarrat al-Numan",
        "Idleb",
        "Maarrat an Nu'man",
        35.648,
        36.672,
        "Syrian Arab Air Force",
        "Jabhat al-Nusra",
    ),
    ("Saraqib", "Idleb", "Idleb", 35.864, 36.806, "Syrian Arab Air Force", "Ahrar al-Sham"),
    ("Kafr Zita", "Hama", "Hama", 35.374, 36.603, "Syrian Arab Army", "Free Syrian Army"),
    ("Halfaya", "Hama", "Muhradah", 35.260, 36.606, "Syrian Arab Army", "Jabhat al-Nusra"),
    ("Talbiseh", "Homs", "Ar-Rastan", 34.841, 36.731, "Syrian Arab Army", "Free Syrian Army"),
    ("Ar-Rastan", "Homs", "Ar-Rastan", 34.927, 36.732, "Syrian Arab Army", "Free Syrian Army"),
    ("Douma", "Rural Damascus", "Duma", 33.572, 36.403, "Syrian Arab Air Force", "Jaysh al-Islam"),
    ("Jobar", "Damascus", "Damascus", 33.528, 36.335, "Syrian Arab Army", "Jaysh al-Islam"),
    (
        "Darayya",
        "Rural Damascus",
        "Darayya",
        33.458,
        36.236,
        "Syrian Arab Army",
        "Free Syrian Army",
    ),
    ("Daraa", "Dar'a", "Dar'a", 32.619, 36.102, "Syrian Arab Army", "Free Syrian Army"),
    (
        "Jabal al-Akrad",
        "Lattakia",
        "Al-Haffa",
        35.750,
        36.100,
        "Syrian Arab Army",
        "Free Syrian Army",
    ),
)
IS_FRONTS: tuple[tuple[str, str, str, float, float, str], ...] = (
    ("Deir ez-Zor", "Deir-ez-Zor", "Deir-ez-Zor", 35.336, 40.141, "Syrian Arab Army"),
    ("Palmyra", "Homs", "Tadmor", 34.562, 38.284, "Syrian Arab Army"),
    ("Ar-Raqqa", "Ar-Raqqa", "Ar-Raqqa", 35.950, 39.009, "Global Coalition against Daesh"),
    ("Manbij", "Aleppo", "Menbij", 36.528, 37.955, "Syrian Democratic Forces"),
    ("Al-Rai", "Aleppo", "A'zaz", 36.612, 37.448, "Sultan Murad Division"),
    ("Al-Bab", "Aleppo", "Al Bab", 36.371, 37.516, "Turkish Armed Forces"),
)

# Hand-written context of 16–23 September 2016 (the key incidents are in incidents.jsonl).
CONTEXT: tuple[dict[str, object], ...] = (
    {
        "event_date": "2016-09-16",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Free Syrian Army",
        "actor2": "Syrian Arab Army",
        "admin1": "Aleppo",
        "admin2": "Jebel Saman",
        "location": "Aleppo",
        "latitude": 36.201,
        "longitude": 37.161,
        "fatalities": 0,
        "notes": "Sporadic mortar fire on government-held districts during the seven days; "
        "each side blamed the other for the aid trucks waiting at the border.",
    },
    {
        "event_date": "2016-09-17",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Syrian Arab Army",
        "actor2": "Free Syrian Army",
        "admin1": "Aleppo",
        "admin2": "Jebel Saman",
        "location": "Bustan al-Qasr",
        "latitude": 36.197,
        "longitude": 37.137,
        "fatalities": 0,
        "notes": "Shelling along the Bustan al-Qasr crossing line; no deaths reported.",
    },
    {
        "event_date": "2016-09-18",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Syrian Arab Air Force",
        "actor2": "Free Syrian Army",
        "admin1": "Aleppo",
        "admin2": "Jebel Saman",
        "location": "Al Atarib",
        "latitude": 36.139,
        "longitude": 36.825,
        "fatalities": 1,
        "notes": "Air strikes west of Aleppo reported by opposition sources, a breach of the "
        "restricted-air terms if the aircraft were Syrian.",
    },
    {
        "event_date": "2016-09-19",
        "event_type": "Strategic developments",
        "sub_event_type": "Change to group/activity",
        "actor1": "Syrian Arab Army",
        "admin1": "Damascus",
        "admin2": "Damascus",
        "location": "Damascus",
        "latitude": 33.510,
        "longitude": 36.291,
        "fatalities": 0,
        "geo_precision": 3,
        "notes": "The army command declares the seven-day truce over in the evening.",
    },
    {
        "event_date": "2016-09-20",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Syrian Arab Air Force",
        "actor2": "Civilians (Syria)",
        "admin1": "Aleppo",
        "admin2": "Jebel Saman",
        "location": "Khan Tuman",
        "latitude": 36.098,
        "longitude": 37.073,
        "fatalities": 4,
        "civilian_targeting": "Civilian targeting",
        "notes": "A medical aid team's vehicle is hit near Khan Tuman; four medics killed.",
    },
    {
        "event_date": "2016-09-21",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Syrian Arab Air Force",
        "actor2": "Jabhat al-Nusra",
        "admin1": "Idleb",
        "admin2": "Idleb",
        "location": "Saraqib",
        "latitude": 35.864,
        "longitude": 36.806,
        "fatalities": 3,
        "notes": "Air strikes resume over Idlib province after the end of the truce.",
    },
    {
        "event_date": "2016-09-22",
        "event_type": "Strategic developments",
        "sub_event_type": "Change to group/activity",
        "actor1": "Syrian Arab Army",
        "admin1": "Aleppo",
        "admin2": "Jebel Saman",
        "location": "Aleppo",
        "latitude": 36.201,
        "longitude": 37.161,
        "fatalities": 0,
        "notes": "The army announces its offensive on eastern Aleppo and tells residents to "
        "keep away from armed groups' positions.",
    },
    {
        "event_date": "2016-09-23",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Syrian Arab Air Force",
        "actor2": "Syria Civil Defence",
        "admin1": "Aleppo",
        "admin2": "Jebel Saman",
        "location": "eastern Aleppo",
        "latitude": 36.205,
        "longitude": 37.185,
        "fatalities": 2,
        "civilian_targeting": "Civilian targeting",
        "geo_precision": 2,
        "notes": "Rescue workers say two of their centres in the east of the city were struck.",
    },
)

START = date(2016, 2, 1)
END = date(2016, 9, 26)
CEASEFIRE = date(2016, 2, 27)
ARRANGEMENT = (date(2016, 9, 12), date(2016, 9, 19))


def daily_rate(day: date) -> float:
    """Illustrative events a day: high before the cessation, low in March, rising after."""
    if day < CEASEFIRE:
        return 3.0
    if ARRANGEMENT[0] <= day < ARRANGEMENT[1]:
        return 0.6
    months = (day - CEASEFIRE).days / 30.0
    return 0.8 + 0.35 * months


def illustrative(rng: random.Random, day: date) -> dict[str, object]:
    if rng.random() < 0.25:
        place = rng.choice(IS_FRONTS)
        location, admin1, admin2, lat, lon, side = place
        other = "Islamic State"
    else:
        location, admin1, admin2, lat, lon, side, other = rng.choice(FRONTS)
    roll = rng.random()
    if side in ("Syrian Arab Air Force", "Global Coalition against Daesh") or roll < 0.35:
        event_type, sub = (
            "Explosions/Remote violence",
            (
                "Air/drone strike"
                if side != "Syrian Arab Army"
                else "Shelling/artillery/missile attack"
            ),
        )
    elif roll < 0.8:
        event_type, sub = "Battles", "Armed clash"
    else:
        event_type, sub = "Explosions/Remote violence", "Shelling/artillery/missile attack"
        side, other = other, side
    actor2 = other
    civilian = ""
    if event_type == "Explosions/Remote violence" and rng.random() < 0.2:
        actor2, civilian = "Civilians (Syria)", "Civilian targeting"
    fatalities = rng.choice((0, 0, 0, 1, 1, 2, 3, 4, 5, 7, 10, 12))
    return {
        "event_date": day.isoformat(),
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": side,
        "actor2": actor2,
        "admin1": admin1,
        "admin2": admin2,
        "location": location,
        "latitude": round(lat + rng.uniform(-0.01, 0.01), 4),
        "longitude": round(lon + rng.uniform(-0.01, 0.01), 4),
        "fatalities": fatalities,
        "civilian_targeting": civilian,
        "notes": "Illustrative event for the demo (made-up date and details at a real place).",
    }


def spread(rng: random.Random) -> Iterator[dict[str, object]]:
    day = START
    while day <= END:
        whole = int(daily_rate(day))
        count = whole + (1 if rng.random() < daily_rate(day) - whole else 0)
        for _ in range(count):
            yield illustrative(rng, day)
        day += timedelta(days=1)


def complete(row: dict[str, object], number: int) -> dict[str, object]:
    """Fill ACLED's other columns the same way for every row."""
    actor1, actor2 = str(row.get("actor1") or ""), str(row.get("actor2") or "")
    inter1, inter2 = INTER.get(actor1, "Other"), INTER.get(actor2, "") if actor2 else ""
    day = date.fromisoformat(str(row["event_date"]))
    pair = sorted(x for x in (inter1, inter2) if x)
    return {
        "event_id_cnty": f"DEMO-SYR-{number:05d}",
        "year": day.year,
        "time_precision": 1,
        "disorder_type": "Strategic developments"
        if row["event_type"] == "Strategic developments"
        else "Political violence",
        "assoc_actor_1": "",
        "inter1": inter1,
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": "-".join(pair) if len(pair) == 2 else (f"{pair[0]} only" if pair else ""),
        "civilian_targeting": "",
        "iso": 760,
        "region": "Middle East",
        "country": "Syria",
        "admin3": "",
        "geo_precision": 1,
        "source": "Truce demo",
        "source_scale": "Other",
        "tags": "",
        "timestamp": 1475020800,
        **row,
    }


def rows() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    made = [dict(row) for row in CONTEXT] + list(spread(rng))
    made.sort(key=lambda row: (str(row["event_date"]), str(row["location"])))
    return [complete(row, number) for number, row in enumerate(made, start=1)]


def write(path: Path = OUTPUT) -> int:
    found = rows()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(found)
    return len(found)


if __name__ == "__main__":
    written = write()
    print(f"wrote {written} events to {OUTPUT}")  # noqa: T201
