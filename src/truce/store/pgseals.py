"""Record hashes computed by PostgreSQL itself, for the rows a bulk import changed (and the
new ones, when they could not be sealed from the values copied: :mod:`truce.ingest.bulk`).

Reading rows back into Python to hash them costs about 37 µs of Truce's CPU a row (fetching
and converting 53 columns, then :class:`~truce.store.serialize.RowHasher`) and 4 µs of the
server's; the same canonical text built and hashed by the server costs it about 18 µs, and
Truce about 1 µs (measured on 200,000 ACLED rows). :func:`digest_sql` writes RowHasher's
rule as one SQL expression: the JSON list of the names of the non-null columns, then the JSON
list of their values (PostgreSQL's ``to_json`` escapes strings as Python's ``json`` does with
``ensure_ascii=False``; times as naive UTC ISO text with microseconds; days as ISO dates;
floats as Python's ``repr``), SHA-256, hex.

Floats are the one place the two could print differently: PostgreSQL writes an integral float
without ``.0`` (added here) and switches to an exponent from 1e15 where Python waits until
1e16. A row with a float of magnitude 1e15 or more, or not finite, gets NULL from the
expression and is hashed in Python instead. Before streaming, :func:`sql_hashes` checks the
first and last rows against RowHasher; on any difference every row is hashed in Python.
``truce audit verify`` always hashes in Python, so it checks this module too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    func,
    literal_column,
    select,
)

from truce.store.seals import STREAM, Seal, hashed_columns, hashes_where, table_of


def _value_sql(column: Column[Any]) -> str | None:
    name = f'"{column.name}"'
    kind = column.type
    if isinstance(kind, Boolean):
        return None
    if isinstance(kind, Float):
        return f"CASE WHEN {name} = trunc({name}) THEN {name}::text || '.0' ELSE {name}::text END"
    if isinstance(kind, Integer):
        return f"{name}::text"
    if isinstance(kind, DateTime):
        utc = f"{name} AT TIME ZONE 'UTC'" if kind.timezone else name
        return f"""'"' || to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS.US') || '"'"""
    if isinstance(kind, Date):
        return f"""'"' || to_char({name}, 'YYYY-MM-DD') || '"'"""
    if isinstance(kind, String | Text):
        return f"to_json({name})::text"
    return None


def digest_sql(columns: list[Column[Any]]) -> str | None:
    """RowHasher's digest of a row as a PostgreSQL expression over ``columns`` (None when a
    column's type has no SQL form here); NULL for a row with a float it cannot print alike."""
    ordered = sorted(columns, key=lambda column: column.name)
    names, values, guards = [], [], []
    for column in ordered:
        value = _value_sql(column)
        if value is None or not column.name.isidentifier():
            return None
        names.append(f"""CASE WHEN "{column.name}" IS NOT NULL THEN '"{column.name}"' END""")
        values.append(value)
        if isinstance(column.type, Float):
            guards.append(f'("{column.name}" IS NULL OR abs("{column.name}") < 1e15)')
    text = (
        f"'[' || concat_ws(',', {', '.join(names)}) || '][' || "
        f"concat_ws(',', {', '.join(values)}) || ']'"
    )
    digest = f"encode(sha256(convert_to({text}, 'UTF8')), 'hex')"
    if not guards:
        return digest
    return f"CASE WHEN {' AND '.join(guards)} THEN {digest} END"


def sql_hashes(connection: Connection, kind: str, *where: Any) -> Iterator[Seal]:
    """(kind, id, hash) of the kind's rows matching ``where``, in id order, hashed by the
    server; the same as :func:`~truce.store.seals.hashes_where`, which it falls back to."""
    table = table_of(kind)
    columns = hashed_columns(table)
    expression = digest_sql(columns) if connection.dialect.name == "postgresql" else None
    if expression is None or not _agrees(connection, kind, expression, where):
        yield from hashes_where(connection, kind, *where)
        return
    # PostgreSQL's float text depends on this setting; 1 (the default) is the shortest exact.
    connection.exec_driver_sql("SET LOCAL extra_float_digits = 1")
    statement = (
        select(table.c.id, literal_column(expression).label("digest"))
        .where(*where)
        .order_by(table.c.id)
        .execution_options(yield_per=STREAM)
    )
    for record_id, digest in connection.execute(statement):
        if digest is None:
            digest = next(hashes_where(connection, kind, table.c.id == record_id))[2]
        yield kind, record_id, digest


def _agrees(connection: Connection, kind: str, expression: str, where: Any) -> bool:
    """Whether the server's hash of the first and last matching rows is RowHasher's."""
    table = table_of(kind)
    bounds = connection.execute(select(func.min(table.c.id), func.max(table.c.id)).where(*where))
    first, last = bounds.one()
    if first is None:
        return True
    ends = (first, last)
    connection.exec_driver_sql("SET LOCAL extra_float_digits = 1")
    found = connection.execute(
        select(table.c.id, literal_column(expression)).where(table.c.id.in_(ends))
    ).all()
    mine = {
        record_id: digest
        for _, record_id, digest in hashes_where(connection, kind, table.c.id.in_(ends))
    }
    return all(digest is not None and mine.get(record_id) == digest for record_id, digest in found)
