"""Record hashes ("seals"): what binds each record's stored content to the audit chain.

Every audited write of a record stores the SHA-256 of the row as written
(:class:`~truce.store.serialize.RowHasher` over every column, read back from the store) in
``audit_records``, under the seq of its audit entry; the entry's ``records_digest`` hashes
those rows in (kind, id) order and is part of the entry's own chained hash. So a row edited
behind Truce's back no longer matches its newest seal, and a seal edited to match no longer
matches its entry's digest. A write that removes a record stores ``None`` for it.

A bulk import seals the rows it wrote at its end, reading them back in id order as a stream
(:meth:`~truce.ingest.bulk.EventWriter.sealed`); nothing is held per row in memory. A batch of
new records (:func:`~truce.store.records.create_many`, ingest's sources and candidates) is
sealed from the values it inserted (:func:`written_seals`): only values whose stored form is
known to read back as the same canonical text are taken, and the batch's last row is read back
and compared; anything else sends the batch back to reading its rows.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import math
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from itertools import chain, compress, islice, repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Dialect,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.sqltypes import NULLTYPE

from truce.store.models import SEALED_KINDS
from truce.store.serialize import RowHasher, _utc_text, encode_canonical

Seal = tuple[str, int, str | None]  # (record kind, record id, row hash or None if removed)
SealText = tuple[str, str]  # a row's canonical text before its id and after it
STREAM = 5000
_KEY, _HASH = itemgetter(0, 1), itemgetter(2)
_IN_CHUNK = 500


# Columns left out of a kind's hash: a token's last use is stamped on every request, not
# written by anyone (it says nothing about who may do what).
UNHASHED = {"api_tokens": frozenset({"last_used"})}


def table_of(kind: str) -> Table:
    """The table of a sealed kind: a record kind (``events``) or a link or account table
    (``record_sources``, ``users``), see :data:`~truce.store.models.SEALED_KINDS`."""
    return SEALED_KINDS[kind].__table__  # type: ignore[no-any-return]


def hashed_columns(model: type[Any] | Table) -> list[Column[Any]]:
    """The columns hashed: every column of the kind's table but those in :data:`UNHASHED`."""
    table = model if isinstance(model, Table) else model.__table__
    skip = UNHASHED.get(table.name, frozenset())
    return [column for column in table.columns if column.name not in skip]


def raw_select(columns: Sequence[Column[Any]]) -> Any:
    """The columns as the driver gives them (no SQLAlchemy conversion: cheaper, and
    :class:`~truce.store.serialize.RowHasher` reads either form)."""
    return select(*(type_coerce(column, NULLTYPE).label(column.name) for column in columns))


def stream_rows(connection: Connection, statement: Any) -> Iterator[Any]:
    """The statement's rows read as a stream (a server-side cursor on PostgreSQL)."""
    # Options on the statement: Connection.execution_options would change the connection.
    yield from connection.execute(statement.execution_options(yield_per=STREAM))


def hashes_where(
    connection: Connection, kind: str, *where: Any, table: Table | None = None, stream: bool = True
) -> Iterator[Seal]:
    """(kind, id, hash) of the kind's rows matching ``where``, in id order, as a stream (or,
    with ``stream=False``, for a few rows, fetched at once: no server-side cursor);
    ``table`` is the kind's table as reflected (a migration's), else the model's."""
    if table is None:
        table = table_of(kind)
    hasher = RowHasher(hashed_columns(table))
    position = hasher.names.index("id")
    statement = raw_select(hasher.columns).where(*where).order_by(table.c.id)
    digest = hasher.digest
    execute = stream_rows if stream else Connection.execute
    for row in execute(connection, statement):
        yield kind, row[position], digest(row)


def seals_of(session: Session | Connection, kind: str, ids: Iterable[int]) -> list[Seal]:
    """Seals of the given records as they are now in the store (``None``: no such row)."""
    connection = session.connection() if isinstance(session, Session) else session
    if isinstance(session, Session):
        session.flush()
    wanted = sorted(set(ids))
    table = table_of(kind)
    found: dict[int, str | None] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        part = wanted[start : start + _IN_CHUNK]
        chunk = hashes_where(connection, kind, table.c.id.in_(part), stream=False)
        for _, record_id, digest in chunk:
            found[record_id] = digest
    return [(kind, record_id, found.get(record_id)) for record_id in wanted]


def written_seals(
    connection: Connection,
    kind: str,
    rows: Sequence[Mapping[str, Any]],
    texts: Mapping[str, Sequence[str | None]] | None = None,
) -> list[Seal] | None:
    """Seals of rows of ``kind`` just inserted with exactly these values (every column, the id
    included, as the insert bound them), in id order, hashed from the values instead of read
    back; None when a value is not one whose stored form, read back, is known to give the same
    canonical text (see :func:`_stored_form`): the caller then reads the rows back. ``texts``
    gives a JSON column's values as :func:`json_text` made them for the insert (None: a null,
    or a value it refused), so they are not encoded again.

    The last row is read back and compared all the same, so a rule here gone wrong shows at
    once (None) instead of leaving seals that ``truce audit verify`` would call edited rows.
    """
    if not rows:
        return []
    forms = _column_forms(connection.dialect, kind)
    if forms is None:
        return None
    hasher, converters = forms
    texts = texts or {}
    pick = itemgetter(*hasher.names)
    columns: list[Sequence[Any]] = list(zip(*map(pick, rows), strict=True))
    raw = []
    for position, convert in enumerate(converters):
        given = texts.get(hasher.names[position])
        if given is not None:
            nulls = map(operator.is_, columns[position], repeat(None))
            if list(nulls) != [text is None for text in given]:
                return None  # a value json_text refused
            columns[position] = given
            raw.append(position)
            continue
        converted = convert(columns[position])
        if converted is None:
            return None
        columns[position] = converted
    position = hasher.names.index("id")
    ids = columns[position]
    sha256 = hashlib.sha256
    rows_text: Iterable[str]
    if raw:
        rows_text = (hasher.encoded_raw(list(row), raw) for row in zip(*columns, strict=True))
    else:
        rows_text = (hasher.encoded(list(row)) for row in zip(*columns, strict=True))
    digests = [sha256(text.encode("utf-8")).hexdigest() for text in rows_text]
    seals: list[Seal] = sorted(zip(repeat(kind), ids, digests), key=_KEY)
    last = seals[-1]
    where = table_of(kind).c.id == last[1]
    stored = next(hashes_where(connection, kind, where, stream=False), None)
    return seals if stored == last else None


def json_text(value: Any) -> str | None:
    """A JSON column's value as the canonical text that, stored and read back, gives the same
    value and so the same text: for an object or an array that :func:`_text_keys` takes; else
    None (store it as usual, and read the row back for its seal)."""
    if type(value) in (dict, list) and _text_keys(value):
        return encode_canonical(value)
    return None


_NONE = type(None)
_ZERO = timedelta(0)
Convert = Callable[[Sequence[Any]], Sequence[Any] | None]


_FORMS: dict[tuple[str, str], tuple[RowHasher, list[Convert]] | None] = {}


def _column_forms(dialect: Dialect, kind: str) -> tuple[RowHasher, list[Convert]] | None:
    """A kind's hasher and, for each of its columns (in the hasher's order), what turns the
    values bound for it into what reading them back gives; None when a column's type is not
    covered. Made once a store kind and kind."""
    key = (dialect.name, kind)
    if key not in _FORMS:
        hasher = RowHasher(hashed_columns(table_of(kind)))
        converters = [_stored_form(column, dialect) for column in hasher.columns]
        known = [convert for convert in converters if convert is not None]
        _FORMS[key] = (hasher, known) if len(known) == len(converters) else None
    return _FORMS[key]


def _sqlite_affinity(declared: str) -> str:
    """SQLite's column affinity of a declared type (its documented rules, in their order)."""
    declared = declared.upper()
    if "INT" in declared:
        return "INTEGER"
    if any(word in declared for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in declared or not declared:
        return "BLOB"
    if any(word in declared for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def _stored_form(column: Column[Any], dialect: Dialect) -> Convert | None:
    """For one column, what turns a batch of its bound values into the values reading the row
    back gives, in :class:`~truce.store.serialize.RowHasher`'s canonical form (None for a batch
    holding a value this cannot vouch for); None for a column of a type not covered.

    Only exact types are taken (a ``bool`` is not an integer here, a ``datetime`` not a day):
    integers, text (of a text affinity on SQLite, which would make numbers of number-like
    text otherwise), booleans, finite floats in a double-precision column (an integer one as
    the float the store makes of it; not -0.0, which SQLite keeps as 0), days, times in UTC
    (a time-zone-aware column) or naive (one without: PostgreSQL would read an aware time in
    the session's zone), and JSON objects and arrays whose objects have only text keys (JSON
    gives every key back as text, which could sort differently; a bare JSON number could be
    made a number by SQLite's affinity; PostgreSQL's ``jsonb`` would rewrite numbers, so only
    ``json`` is taken)."""
    kind = column.type
    declared = kind.compile(dialect=dialect).upper()
    sqlite = dialect.name == "sqlite"
    if dialect.name not in ("sqlite", "postgresql"):
        return None
    affinity = _sqlite_affinity(declared) if sqlite else ""
    if isinstance(kind, Boolean):
        return _only({bool})
    if isinstance(kind, Float):
        if sqlite and affinity != "REAL":
            return None
        if not sqlite and declared not in ("FLOAT", "DOUBLE PRECISION", "FLOAT(53)"):
            return None  # a single-precision column would round
        return _floats
    if isinstance(kind, Integer):
        return _only({int}) if not sqlite or affinity == "INTEGER" else None
    if isinstance(kind, String):  # Text too
        return _only({str}) if not sqlite or affinity == "TEXT" else None
    if isinstance(kind, DateTime):
        return functools.partial(_times, aware=bool(kind.timezone))
    if isinstance(kind, Date):
        return _days
    if isinstance(kind, JSON):
        return _json_values if sqlite or declared == "JSON" else None
    return None


def _only(kinds: set[type]) -> Convert:
    allowed = {*kinds, _NONE}

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        return values if set(map(type, values)) <= allowed else None

    return check


def _floats(values: Sequence[Any]) -> Sequence[Any] | None:
    kinds = set(map(type, values))
    if not kinds <= {float, int, _NONE}:
        return None
    found = [float(value) if type(value) is int else value for value in values]
    for value in found:
        if value is not None and (not math.isfinite(value) or (value == 0 and
                                  math.copysign(1.0, value) < 0)):  # fmt: skip
            return None
    if int in kinds and not all(abs(v) <= 2**53 for v in values if type(v) is int):
        return None  # an integer a double cannot hold exactly
    return found


def _times(values: Sequence[Any], *, aware: bool) -> Sequence[Any] | None:
    if not set(map(type, values)) <= {datetime, _NONE}:
        return None
    texts: dict[Any, str | None] = {None: None}
    for value in set(values) - {None}:
        offset = value.utcoffset()
        if (offset != _ZERO) if aware else (offset is not None):
            return None
        texts[value] = _utc_text(value)
    return list(map(texts.__getitem__, values))


def _days(values: Sequence[Any]) -> Sequence[Any] | None:
    if not set(map(type, values)) <= {date, _NONE}:
        return None
    return [None if value is None else value.isoformat() for value in values]


def _json_values(values: Sequence[Any]) -> Sequence[Any] | None:
    if not set(map(type, values)) <= {dict, list, _NONE}:
        return None
    return values if all(map(_text_keys, values)) else None


_SCALARS = frozenset({str, int, float, bool, _NONE})


def _text_keys(value: Any) -> bool:
    """Whether a JSON value is plain dicts, lists and tuples of plain scalars (exact types:
    a subclass might encode its own way) with, at any depth, only ``str`` keys."""
    pending = [value]
    take, put, scalars = pending.pop, pending.append, _SCALARS
    while pending:
        item = take()
        kind = type(item)
        if kind is dict:
            for key in item:
                if type(key) is not str:
                    return False
            for inner in item.values():
                if type(inner) not in scalars:
                    put(inner)
        elif kind is list or kind is tuple:
            for inner in item:
                if type(inner) not in scalars:
                    put(inner)
        elif kind not in scalars:
            return False
    return True


def every_record(
    connection: Connection, *, reflect: bool = False, kinds: Iterable[str] | None = None
) -> Iterator[Seal]:
    """Seals of every row of every sealed kind (or of ``kinds``), in (kind, id) order (the
    backfill's); with ``reflect`` the tables are read as they are in the store (a migration's
    view of them)."""
    chosen = sorted(kinds if kinds is not None else SEALED_KINDS)
    tables: dict[str, Table] = {}
    if reflect:  # only the tables with rows (reflecting costs more than the rest in a new store)
        chosen = [kind for kind in chosen if _has_rows(connection, table_of(kind).name)]
        meta = MetaData()
        meta.reflect(connection, only=[table_of(kind).name for kind in chosen])
        tables = {kind: meta.tables[table_of(kind).name] for kind in chosen}
    for kind in chosen:
        yield from hashes_where(connection, kind, table=tables.get(kind))


def _has_rows(connection: Connection, table: str) -> bool:
    return connection.exec_driver_sql(f'SELECT 1 FROM "{table}" LIMIT 1').first() is not None


def with_noted(seals: Iterable[Seal] | None, noted: list[Seal]) -> Iterable[Seal]:
    """A writer's seals (a list, or a stream in (kind, id) order) and the seals of the rows
    its session noted (:mod:`truce.store.written`), merged in order; a row in both is sealed
    once, as it is now."""
    key = itemgetter(0, 1)
    merged = heapq.merge(ordered(seals or ()), sorted(noted, key=key), key=key)
    held: Seal | None = None
    for seal in merged:
        if held is not None and key(held) != key(seal):
            yield held
        held = seal
    if held is not None:
        yield held


def seal_line(kind: str, record_id: int, digest: str | None) -> bytes:
    return f"{kind}\t{record_id}\t{digest or '-'}\n".encode()


class Digest:
    """The running ``records_digest`` of one entry's seals, fed in (kind, id) order."""

    def __init__(self) -> None:
        self._sha = hashlib.sha256()
        self._last: tuple[str, int] | None = None
        self.count = 0

    def add(self, kind: str, record_id: int, digest: str | None) -> None:
        key = (kind, record_id)
        if self._last is not None and key <= self._last:
            raise ValueError(f"seals out of order: {key} after {self._last}")
        self._last = key
        self.count += 1
        self._sha.update(seal_line(kind, record_id, digest))

    def add_batch(self, seals: Sequence[Seal]) -> None:
        """:meth:`add` for many seals at once (one hash update)."""
        if not seals:
            return
        keys = list(map(_KEY, seals))
        if self._last is not None:
            keys.insert(0, self._last)
        if not all(map(operator.lt, keys, islice(keys, 1, None))):
            raise ValueError("seals out of (kind, id) order")
        self._last = keys[-1]
        self.count += len(seals)
        if all(map(_HASH, seals)):  # every seal a hash: one format a seal, in C
            lines = list(map("%s\t%s\t%s\n".__mod__, seals))
        else:
            lines = [f"{kind}\t{record_id}\t{digest or '-'}\n" for kind, record_id, digest in seals]
        self._sha.update("".join(lines).encode())

    def hexdigest(self) -> str:
        return self._sha.hexdigest()

    @staticmethod
    def of_one(kind: str, record_id: int, digest: str | None) -> str:
        """The digest of an entry of one seal (a record's own entry), without the running
        state: the same as :meth:`add` once, then :meth:`hexdigest`."""
        return hashlib.sha256(seal_line(kind, record_id, digest)).hexdigest()


def ordered(seals: Iterable[Seal]) -> Iterable[Seal]:
    """A list or tuple of seals sorted by (kind, id); a stream is taken as already sorted."""
    if isinstance(seals, Sequence):
        return sorted(seals, key=lambda seal: (seal[0], seal[1]))
    return seals


class InsertedSeals:
    """Seals of rows a bulk writer inserted, hashed from the values it bound.

    Reading a million rows back costs as much as hashing them; the values are at hand, and the
    ids are known (SQLite numbers new rows one past the largest id; on PostgreSQL the writer
    draws them from the sequence before it copies the rows in). ``add`` takes a chunk just
    inserted and the id of its first row (the caller checks that the ids ran on), normalises
    what SQLite's column affinity changes (an integer in a REAL column), and checks the chunk's
    last row against the row as stored: on any difference ``active`` turns False and the caller
    reads the rows back instead. Digests are kept as 32 bytes a row.
    """

    def __init__(self, kind: str, bound: Sequence[str]) -> None:
        self.kind = kind
        self.hasher = RowHasher(hashed_columns(table_of(kind)))
        index = {name: position + 1 for position, name in enumerate(bound)}
        index["id"] = 0
        missing = len(bound) + 1  # columns not bound (deleted_at) are null
        self._pick = itemgetter(*(index.get(name, missing) for name in self.hasher.names))
        self._bound = {name: position for position, name in enumerate(bound)}
        columns = list(enumerate(self.hasher.columns))
        self._floats = [position for position, column in columns if isinstance(column.type, Float)]
        # Bound times are the import's one stamp, days ISO text: converted once, not per row.
        self._times = [p for p, column in columns if isinstance(column.type, DateTime)]
        self._days = [p for p, column in columns if isinstance(column.type, Date)]
        # Other converted columns (booleans, JSON) take RowHasher's own conversion.
        self._plain = not any(isinstance(column.type, Boolean | JSON) for _, column in columns)
        self._chunks: list[tuple[int, bytearray]] = []
        self.active = True

    def _values(self, record_id: int, bound: Sequence[Any], times: dict[Any, str]) -> list[Any]:
        """One bound row in the hasher's column order, in canonical form where that is cheap."""
        found = list(self._pick((record_id, *bound, None)))
        for position in self._floats:
            if found[position] is not None:
                found[position] = float(found[position])
        if self._plain:
            for position in self._times:
                value = found[position]
                if value is not None:
                    text = times.get(value)
                    if text is None:
                        text = times[value] = _utc_text(value)
                    found[position] = text
            for position in self._days:
                value = found[position]
                if value is not None and not isinstance(value, str):
                    found[position] = value.isoformat()
        return found

    def bound_positions(self) -> list[int | None]:
        """Where each hashed column is in a bound row (None: not bound, so null; and the id)."""
        return [self._bound.get(name) for name in self.hasher.names]

    def texts(self, rows: Sequence[Sequence[Any]]) -> list[SealText]:
        """The canonical text of each bound row but its id, as (before the id, after it).

        The costly part of a seal (the JSON text) can so be made before the row has an id,
        in the process that parses the file; :meth:`add` then only joins and hashes.
        """
        if not self._plain:
            raise ValueError(f"{self.kind} has columns whose text needs RowHasher.canonical")
        names = self.hasher.names
        at = names.index("id")
        times: dict[Any, str] = {}
        encode = encode_canonical
        heads: dict[tuple[bool, ...], tuple[str, str]] = {}
        found: list[SealText] = []
        for bound in rows:
            values = self._values(0, bound, times)
            present = tuple(value is not None for value in values)
            head = heads.get(present)
            if head is None:
                head = heads[present] = (
                    encode(list(compress(names, present))) + "[",
                    "]",
                )
            before = [value for value in values[:at] if value is not None]
            after = [value for value in values[at + 1 :] if value is not None]
            found.append(
                (
                    head[0] + (encode(before)[1:-1] + "," if before else ""),
                    ("," + encode(after)[1:-1] if after else "") + head[1],
                )
            )
        return found

    def add(
        self,
        connection: Connection,
        first_id: int,
        rows: Sequence[Sequence[Any]],
        texts: Sequence[SealText] | None = None,
        *,
        hashed: bytes | None = None,
    ) -> None:
        """Seal a chunk just inserted from the ids ``first_id`` on; ``texts`` (from
        :meth:`texts`) spare the encoding of each row, ``hashed`` (the rows' 32-byte digests
        one after the other, :func:`~truce.store.sealtexts.batch_digests`) the hashing too."""
        if not self.active or not rows:
            return
        digests = bytearray()
        sha256 = hashlib.sha256
        if hashed is not None:
            if len(hashed) != 32 * len(rows):
                raise ValueError(f"{len(hashed)} bytes of digests for {len(rows)} rows")
            digests += hashed
        elif texts is not None:
            for offset, (before, after) in enumerate(texts):
                digests += sha256(f"{before}{first_id + offset}{after}".encode()).digest()
        else:
            encode = self.hasher.encoded if self._plain else self.hasher.canonical
            times: dict[Any, str] = {}
            for offset, bound in enumerate(rows):
                values = self._values(first_id + offset, bound, times)
                digests += sha256(encode(values).encode("utf-8")).digest()
        last_id = first_id + len(rows) - 1
        table = table_of(self.kind)
        stored = next(
            hashes_where(connection, self.kind, table.c.id == last_id, stream=False), None
        )
        if stored is None or stored[2] != digests[-32:].hex():
            self.give_up()
            return
        self._chunks.append((first_id, digests))

    def give_up(self) -> None:
        """Stop: the caller reads the rows back instead (the seals kept so far are dropped)."""
        self.active = False
        self._chunks.clear()

    def seals(self) -> Iterator[Seal]:
        """The seals in id order, a chunk's made when the stream reaches it."""
        return chain.from_iterable(map(self._chunk_seals, self._chunks))

    def _chunk_seals(self, chunk: tuple[int, bytearray]) -> Iterator[Seal]:
        first_id, digests = chunk
        count = len(digests) // 32
        text = digests.hex()  # 64 hex digits a row, cut apart in C
        hexes = map(text.__getitem__, map(slice, range(0, 64 * count, 64),
                                                range(64, 64 * count + 64, 64)))  # fmt: skip
        return zip(repeat(self.kind), range(first_id, first_id + count), hexes)
