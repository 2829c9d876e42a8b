"""Write ``local_agreements.csv``: the demo's 651 local agreements (illustrative).

Between the start of the cessation of hostilities on 27 February 2016 and 26 September 2016,
Russia's reconciliation centre at Hmeimim counted 651 towns and villages that had signed local
truce or reconciliation deals, about three a day. The real list was never published in a usable
form, so this script makes an illustrative one: real Syrian places (coordinates from GeoNames,
CC BY 4.0, rounded), made-up dates and kinds drawn from a seeded random generator, with the
signing rate rising over the months as the centre's count did. Two rows follow public reporting
and are marked ``illustrative=false``: the Daraya surrender (25 August) and the evacuation of
over 120 fighters from Homs' al-Waer district (22 September).

The output is deterministic (same seed, same file) and committed; run it again after changing
this script: ``python -m truce.demo.make_local_agreements``.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

SEED = 20160227
TOTAL = 651
FIRST = date(2016, 2, 27)
LAST = date(2016, 9, 26)
OUTPUT = Path(__file__).with_name("local_agreements.csv")
COLUMNS = (
    "id",
    "name",
    "kind",
    "scope",
    "status",
    "parties",
    "mediators",
    "guarantors",
    "excluded",
    "location",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "zone",
    "signed",
    "effective_from",
    "effective_to",
    "provisions",
    "illustrative",
    "sources",
    "classification",
    "shared_with",
    "notes",
)
PARTIES = "Government of Syria|Local armed groups"
MEDIATOR = "Russian Centre for Reconciliation"
EXCLUDED = "Islamic State|Jabhat al-Nusra"
SOURCES = "src-demo-local-agreements|src-reconciliation-bulletin-2016-09-26"

# (place, governorate, latitude, longitude): towns and villages of the governorates where the
# reconciliation centre reported most of its deals.
PLACES: tuple[tuple[str, str, float, float], ...] = (
    ("Ad Daliyah", "Latakia", 35.236, 36.144),
    ("Al Bahluliyah", "Latakia", 35.637, 35.960),
    ("Al Fakhurah", "Latakia", 35.498, 36.010),
    ("Al Hinadi", "Latakia", 35.513, 35.874),
    ("Al Muzayri'ah", "Latakia", 35.532, 36.070),
    ("Al Qutaylibiyah", "Latakia", 35.292, 36.016),
    ("Al Haffah", "Latakia", 35.598, 36.030),
    ("Bayt Yashut", "Latakia", 35.310, 36.115),
    ("Jawbat Burghal", "Latakia", 35.490, 36.175),
    ("Kinsabba", "Latakia", 35.744, 36.164),
    ("Rabi'ah", "Latakia", 35.787, 36.038),
    ("Slinfah", "Latakia", 35.598, 36.188),
    ("Ayn al-Bayda", "Latakia", 35.656, 35.889),
    ("Ayn at-Tinah", "Latakia", 35.564, 36.101),
    ("Quneitra", "Quneitra", 33.126, 35.825),
    ("Jaba", "Quneitra", 33.163, 35.926),
    ("Khan Arnabah", "Quneitra", 33.184, 35.892),
    ("Mas'adah", "Quneitra", 33.232, 35.756),
    ("Al Ghariyah", "As-Suwayda", 32.393, 36.651),
    ("Al Mazra'ah", "As-Suwayda", 32.782, 36.478),
    ("Al Qurayya", "As-Suwayda", 32.543, 36.598),
    ("Shahba", "As-Suwayda", 32.852, 36.628),
    ("Salkhad", "As-Suwayda", 32.492, 36.711),
    ("Ariqah", "As-Suwayda", 32.890, 36.483),
    ("Al Jizah", "Daraa", 32.570, 36.315),
    ("Al Musayfirah", "Daraa", 32.633, 36.340),
    ("Al Muzayrib", "Daraa", 32.711, 36.028),
    ("Al Hirak", "Daraa", 32.749, 36.306),
    ("As Sanamayn", "Daraa", 33.072, 36.183),
    ("Busra ash-Sham", "Daraa", 32.517, 36.482),
    ("Da'il", "Daraa", 32.754, 36.131),
    ("Ghabaghib", "Daraa", 33.182, 36.225),
    ("Ghasam", "Daraa", 32.546, 36.375),
    ("Inkhil", "Daraa", 33.018, 36.128),
    ("Izra'", "Daraa", 32.867, 36.251),
    ("Jasim", "Daraa", 32.991, 36.061),
    ("Kafr Nasij", "Daraa", 33.151, 36.039),
    ("Kafr Shams", "Daraa", 33.118, 36.106),
    ("Khirbat Ghazalah", "Daraa", 32.734, 36.205),
    ("Nawa", "Daraa", 32.886, 36.039),
    ("Shaykh Miskin", "Daraa", 32.827, 36.161),
    ("Tafas", "Daraa", 32.737, 36.067),
    ("Samad", "Daraa", 32.476, 36.521),
    ("Ad Dimas", "Rif Dimashq", 33.587, 36.093),
    ("Al Ghizlaniyah", "Rif Dimashq", 33.397, 36.455),
    ("Al Kiswah", "Rif Dimashq", 33.358, 36.242),
    ("Al Qutayfah", "Rif Dimashq", 33.738, 36.601),
    ("An Nabk", "Rif Dimashq", 34.024, 36.728),
    ("Ar Ruhaybah", "Rif Dimashq", 33.744, 36.704),
    ("At Tall", "Rif Dimashq", 33.610, 36.311),
    ("Ad Dumayr", "Rif Dimashq", 33.644, 36.694),
    ("Babbila", "Rif Dimashq", 33.471, 36.331),
    ("Dayr Makir", "Rif Dimashq", 33.233, 36.028),
    ("Dayr Atiyah", "Rif Dimashq", 34.095, 36.768),
    ("Jayrud", "Rif Dimashq", 33.807, 36.739),
    ("Kanakir", "Rif Dimashq", 33.267, 36.096),
    ("Mazra'at Bayt Jinn", "Rif Dimashq", 33.328, 35.921),
    ("Ma'loula", "Rif Dimashq", 33.845, 36.545),
    ("Qudsaya", "Rif Dimashq", 33.548, 36.216),
    ("Qatana", "Rif Dimashq", 33.438, 36.079),
    ("Qara", "Rif Dimashq", 34.156, 36.743),
    ("Rankus", "Rif Dimashq", 33.756, 36.388),
    ("Sa'sa'", "Rif Dimashq", 33.282, 36.019),
    ("Yabroud", "Rif Dimashq", 33.969, 36.657),
    ("Zakiyah", "Rif Dimashq", 33.334, 36.159),
    ("Saydnaya", "Rif Dimashq", 33.695, 36.371),
    ("Sahnaya", "Rif Dimashq", 33.425, 36.226),
    ("Assal al-Ward", "Rif Dimashq", 33.865, 36.414),
    ("Ayn al-Fijah", "Rif Dimashq", 33.615, 36.183),
    ("Beit Sahem", "Rif Dimashq", 33.462, 36.330),
    ("Yalda", "Rif Dimashq", 33.467, 36.317),
    ("Al Hamah", "Rif Dimashq", 33.557, 36.236),
    ("As Salamiyah", "Hama", 35.011, 37.053),
    ("As Suqaylabiyah", "Hama", 35.367, 36.394),
    ("Ayn Halaqim", "Hama", 34.940, 36.322),
    ("Kafr Buhum", "Hama", 35.060, 36.699),
    ("Maharda", "Hama", 35.248, 36.573),
    ("Masyaf", "Hama", 35.065, 36.341),
    ("Qal'at al-Madiq", "Hama", 35.415, 36.391),
    ("Shathah", "Hama", 35.505, 36.244),
    ("Tall Salhab", "Hama", 35.259, 36.385),
    ("Tremseh", "Hama", 35.272, 36.504),
    ("Wadi al-Uyun", "Hama", 35.001, 36.187),
    ("Sabburah", "Hama", 35.156, 37.209),
    ("Tayyibat al-Imam", "Hama", 35.266, 36.712),
    ("Halfaya", "Hama", 35.260, 36.606),
    ("Harbinafsah", "Hama", 34.937, 36.622),
    ("Awaj", "Hama", 34.907, 36.404),
    ("Uqayribat", "Hama", 35.043, 37.465),
    ("Jubb Ramlah", "Hama", 35.209, 36.431),
    ("Al Furqlus", "Homs", 34.606, 37.087),
    ("Al Ghantu", "Homs", 34.822, 36.696),
    ("Al Qabu", "Homs", 34.843, 36.455),
    ("Al Qaryatayn", "Homs", 34.230, 37.241),
    ("Al Qusayr", "Homs", 34.508, 36.580),
    ("Al Hawash", "Homs", 34.760, 36.321),
    ("An Nasirah", "Homs", 34.788, 36.286),
    ("Ar Riqama", "Homs", 34.539, 36.919),
    ("Jubb al-Jarrah", "Homs", 34.834, 37.324),
    ("Kafr Laha", "Homs", 34.895, 36.496),
    ("Mahin", "Homs", 34.242, 37.058),
    ("Mukharram al-Fawqani", "Homs", 34.815, 37.087),
    ("Shin", "Homs", 34.779, 36.424),
    ("Talldaww", "Homs", 34.876, 36.524),
    ("Tallkalakh", "Homs", 34.668, 36.260),
    ("Sadad", "Homs", 34.312, 36.926),
    ("Hadidah", "Homs", 34.673, 36.397),
    ("Hisya", "Homs", 34.412, 36.759),
    ("Ayn an-Nasr", "Homs", 34.841, 36.928),
    ("Khirbat Tin Nur", "Homs", 34.701, 36.557),
    ("Akhtarin", "Aleppo", 36.511, 37.336),
    ("Al Hadir", "Aleppo", 35.990, 37.051),
    ("As Safirah", "Aleppo", 36.077, 37.373),
    ("Banan", "Aleppo", 35.974, 37.302),
    ("Khanasir", "Aleppo", 35.782, 37.499),
    ("Tall ad-Daman", "Aleppo", 35.808, 37.254),
    ("Nubl", "Aleppo", 36.379, 36.993),
    ("Kuwayris Sharqi", "Aleppo", 36.167, 37.538),
)

GOVERNORATE_WEIGHT = {
    "Rif Dimashq": 5,
    "Homs": 4,
    "Hama": 4,
    "Latakia": 4,
    "Daraa": 3,
    "Quneitra": 2,
    "As-Suwayda": 1,
    "Aleppo": 1,
}
KINDS = (("reconciliation", 52), ("truce", 28), ("amnesty", 9), ("evacuation", 6), ("surrender", 5))
PROVISIONS = {
    "truce": (
        "both sides stop firing at each other's positions",
        "roads into the town stay open to civilians and traders",
    ),
    "reconciliation": (
        "fighters hand over heavy and medium weapons",
        "men of military age settle their status with the authorities",
        "state services and offices reopen in the town",
    ),
    "amnesty": (
        "fighters who lay down their arms are pardoned",
        "army deserters may return to their units without penalty",
    ),
    "evacuation": (
        "fighters who reject the deal leave with light weapons for Idlib province",
        "their families may leave with them",
        "the Syrian Arab Red Crescent accompanies the buses",
    ),
    "surrender": (
        "armed groups hand the town over to the army",
        "fighters who stay give up all their weapons",
    ),
}
REAL_ROWS: tuple[dict[str, str], ...] = (
    {
        "name": "Daraya surrender and evacuation",
        "kind": "surrender",
        "status": "expired",
        "location": "Daraya",
        "admin1": "Rif Dimashq",
        "latitude": "33.458",
        "longitude": "36.236",
        "signed": "2016-08-25",
        "effective_from": "2016-08-26",
        "effective_to": "2016-08-27",
        "provisions": "fighters leave for Idlib province with light weapons|civilians go to "
        "shelters near Damascus|the army takes over the town",
        "sources": "src-daraya-2016-08-26",
        "notes": "Follows public reporting; after a siege of about four years.",
    },
    {
        "name": "al-Waer evacuation, first stage",
        "kind": "evacuation",
        "status": "in force",
        "location": "al-Waer",
        "admin1": "Homs",
        "latitude": "34.740",
        "longitude": "36.660",
        "signed": "2016-09-22",
        "effective_from": "2016-09-22",
        "effective_to": "",
        "provisions": "over 120 fighters and some of their families leave for the north|"
        "fighters who stay hand over weapons in later stages",
        "sources": "src-al-waer-2016-09-22",
        "notes": "Follows public reporting. Date of the evacuation; the deal it carried out "
        "goes back to December 2015.",
    },
)


def signing_days(rng: random.Random, count: int) -> list[date]:
    """``count`` days from FIRST to LAST (both included), denser as the months pass."""
    span = (LAST - FIRST).days
    days = [FIRST, LAST]
    while len(days) < count:
        # Cumulative share t**1.4 of the deals by share t of the time: the rate rises.
        position = rng.random() ** (1 / 1.4)
        days.append(FIRST + timedelta(days=round(position * span)))
    return sorted(days)


def weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def illustrative_row(rng: random.Random, day: date) -> dict[str, str]:
    governorate = weighted(rng, tuple(GOVERNORATE_WEIGHT.items()))
    place = rng.choice([p for p in PLACES if p[1] == governorate])
    kind = weighted(rng, KINDS)
    status = weighted(rng, (("in force", 88), ("collapsed", 8), ("suspended", 4)))
    if kind in ("evacuation", "surrender"):
        status = "expired" if status == "in force" else status
    wording = {
        "reconciliation": "Local reconciliation",
        "truce": "Local truce",
        "amnesty": "Amnesty deal",
        "evacuation": "Evacuation of fighters",
        "surrender": "Surrender",
    }[kind]
    return {
        "name": f"{wording}, {place[0]}",
        "kind": kind,
        "status": status,
        "location": place[0],
        "admin1": place[1],
        "latitude": f"{place[2]:.3f}",
        "longitude": f"{place[3]:.3f}",
        "signed": day.isoformat(),
        "effective_from": day.isoformat(),
        "effective_to": "",
        "provisions": "|".join(PROVISIONS[kind]),
        "sources": SOURCES,
        "notes": "Illustrative: real place, made-up date and terms (see the source).",
        "illustrative": "true",
    }


def rows() -> Iterator[dict[str, str]]:
    rng = random.Random(SEED)
    days = signing_days(rng, TOTAL - len(REAL_ROWS))
    made = [illustrative_row(rng, day) for day in days]
    made.extend({**row, "illustrative": "false"} for row in REAL_ROWS)
    made.sort(key=lambda row: (row["signed"], row["location"]))
    for number, row in enumerate(made, start=1):
        yield {
            "id": f"loc-2016-{number:04d}",
            "scope": "local",
            "country": "SYR",
            "parties": PARTIES,
            "mediators": MEDIATOR,
            "guarantors": "",
            "excluded": EXCLUDED,
            "zone": "",
            "classification": "public",
            "shared_with": "",
            **row,
        }


def write(path: Path = OUTPUT) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows():
            writer.writerow(row)
            count += 1
    return count


if __name__ == "__main__":
    written = write()
    print(f"wrote {written} local agreements to {OUTPUT}")  # noqa: T201
