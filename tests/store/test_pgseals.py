"""PostgreSQL's own hash of an event row is RowHasher's, value for value: strings that need
escaping, floats in every printed form, days, times, nulls; rows it cannot print alike get
NULL and are hashed in Python."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine, insert, literal_column, select

from truce.store.models import Event
from truce.store.pgseals import digest_sql, sql_hashes
from truce.store.seals import hashed_columns, hashes_where, table_of

TEXTS = [
    'a "quoted" word',
    "back\\slash and \t tab, new\nline, return\r, bell\x07, escape\x1b, form\x0c, bs\x08",
    "Ḥamāh, دمشق, 🕊 and \u2028 and \x7f",
    "",
]
FLOATS = [36.2, 0.1 + 0.2, -0.0, 0.0, 45.0, -90.0, 1e-05, 1.5e-10, 123456789.125, 9e14, 2e15]


def test_the_server_hashes_every_kind_of_value_as_python_does(postgres_engine: Engine) -> None:
    stamp = datetime(2026, 12, 7, 3, 4, 5, 60, tzinfo=UTC)
    rows = []
    for number, value in enumerate(FLOATS):
        rows.append(
            {
                "external_id": f"E{number}",
                "dataset": "acled",
                "event_date": date(7 if number == 0 else 2016, 1, 1 + number),
                "event_type": "Battles",
                "notes": TEXTS[number % len(TEXTS)],
                "location": None if number % 2 else TEXTS[(number + 1) % len(TEXTS)],
                "latitude": value / 1e13 if value > 1e14 else value,
                "longitude": value,
                "fatalities": -number,
                "date_precision": "day",
                "status": "accepted",
                "classification": "public",
                "created_at": stamp,
                "updated_at": stamp,
                "version": 1,
            }
        )
    table = table_of("events")
    expression = digest_sql(hashed_columns(table))
    assert expression is not None
    with postgres_engine.begin() as conn:
        conn.execute(insert(Event), rows)
        found = conn.execute(
            select(table.c.longitude, literal_column(expression)).order_by(table.c.id)
        ).all()
        python = [digest for _, _, digest in hashes_where(conn, "events", table.c.id > 0)]
        streamed = [digest for _, _, digest in sql_hashes(conn, "events", table.c.id > 0)]
    server = [digest for _, digest in found]
    unsure = [longitude for longitude, digest in found if digest is None]
    assert unsure == [2e15]  # printed with an exponent by PostgreSQL, not by Python
    assert [d for d in server if d is not None] == [
        d for d, mine in zip(python, server, strict=True) if mine is not None
    ]
    assert streamed == python  # the unsure row is hashed in Python
