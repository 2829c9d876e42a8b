"""The compiled gazetteer, kept on disk as an SQLite file that a run reads only where it needs.

Compiling the packaged gazetteer (43,000 places, 177,000 names) takes about 1.5 s of CPU, and
loading even a compact compiled form whole (the rows, the name index, an automaton over the
names) takes longer than extracting a one-paragraph report. So the compiled form is an SQLite
file, opened read-only: the name scan (``namescan.py``) asks it about the words of the report
in hand, and a place's row is read when one of its names is found. Opening it costs a few
milliseconds, and the results are the same as with everything in memory.

The file lives in ``$TRUCE_CACHE_DIR``, else ``$XDG_CACHE_HOME/truce``, else ``~/.cache/truce``,
and its name holds a hash of the data files and of the code that turns names into keys, so an
edited data file or a new folding rule is compiled afresh rather than read stale. It is written
whole under a temporary name and then renamed, so a reader never sees half a file. A cache that
cannot be written (a read-only home) only costs time: the gazetteer is then compiled into memory.
``python -m truce.extract.gazcache`` compiles it ahead of time (at install, in a container).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sqlite3
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from truce.extract.gazetteer import (
    DATA_FILES,
    Gazetteer,
    Parts,
    PlaceIndex,
    Row,
    compile_parts,
    read_rows,
)
from truce.extract.namescan import (
    Found,
    NameScanner,
    Value,
    along,
    build_automaton,
    common_start,
    longest_name,
)

ENV_CACHE_DIR = "TRUCE_CACHE_DIR"
FORMAT = "2"  # 2: SQLite (1 was a pickle)
# The code that decides the keys and the stored form: a change here changes the compiled form.
CODE_FILES = ("fold.py", "gazetteer.py", "gazcache.py", "namescan.py")

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE place (id INTEGER PRIMARY KEY, ident TEXT, name TEXT, kind TEXT, country TEXT,
    admin1 TEXT, lat REAL, lon REAL, population INTEGER, names TEXT, curated INTEGER);
CREATE TABLE name (key TEXT PRIMARY KEY, seq INTEGER NOT NULL, ids TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE adjective (key TEXT PRIMARY KEY, seq INTEGER NOT NULL, ids TEXT NOT NULL)
    WITHOUT ROWID;
CREATE TABLE lower_key (key TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE word (word TEXT PRIMARY KEY, key TEXT NOT NULL, length INTEGER NOT NULL)
    WITHOUT ROWID;
"""
_INDEX_TABLES = ("name", "adjective")  # the tables a PlaceIndex reads (fixed names, never input)


def cache_dir() -> Path:
    explicit = os.environ.get(ENV_CACHE_DIR)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "truce"


def fingerprint() -> str:
    """A hash of the data files, the compiling code and the format (hex, 16 characters)."""
    digest = hashlib.sha256(FORMAT.encode())
    data, code = resources.files("truce.data"), resources.files("truce.extract")
    for name in DATA_FILES:
        digest.update(data.joinpath(name).read_bytes())
    for name in CODE_FILES:
        digest.update(code.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def cache_path() -> Path:
    return cache_dir() / f"gazetteer-{fingerprint()}.sqlite"


def automaton_path(path: Path) -> Path:
    """Where the automaton over the names of the cache file at ``path`` is kept (a pickle, for
    a long run: ``NameScanner``)."""
    return path.with_suffix(".automaton")


def _ids(numbers: tuple[int, ...]) -> str:
    return ",".join(map(str, numbers))


def write_cache(path: Path, parts: Parts) -> bool:
    """Write ``parts`` to ``path`` as the cache file, and the automaton over its names beside
    it (each whole, then renamed into place); False when they cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(handle)
    except OSError:
        return False
    automaton = temporary + ".automaton"
    try:
        db = sqlite3.connect(temporary)
        try:
            with db:
                _fill(db, parts)
        finally:
            db.close()
        with open(automaton, "wb") as out:
            pickle.dump(build_automaton(parts.words.items()), out, pickle.HIGHEST_PROTOCOL)
        for made in (temporary, automaton):  # readable by all, as a compiled file at install
            os.chmod(made, 0o644)
        os.replace(automaton, automaton_path(path))
        os.replace(temporary, path)
    except (OSError, sqlite3.Error):
        Path(temporary).unlink(missing_ok=True)
        Path(automaton).unlink(missing_ok=True)
        return False
    _remove_others(path)
    return True


def _remove_others(path: Path) -> None:
    """Remove the cache files of other fingerprints beside ``path`` (about 51 MB each): they
    were compiled by another version of the data or the code, and each upgrade would otherwise
    leave its own behind. Two versions of Truce sharing one cache folder then compile again in
    turn (about 1.5 s) rather than keep both. A file this user may not remove is left."""
    for other in path.parent.glob("gazetteer-*"):
        if other.stem != path.stem and other.suffix in {".sqlite", ".automaton"}:
            with contextlib.suppress(OSError):
                other.unlink(missing_ok=True)


def _fill(db: sqlite3.Connection, parts: Parts) -> None:
    db.executescript(_SCHEMA)
    longest = str(longest_name(parts.words))
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("longest", longest)])
    db.executemany(
        "INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((i, *row) for i, row in enumerate(parts.rows)),
    )
    for table, index in zip(_INDEX_TABLES, (parts.names, parts.adjectives), strict=True):
        db.executemany(
            f"INSERT INTO {table} VALUES (?, ?, ?)",
            sorted((key, seq, _ids(ids)) for seq, (key, ids) in enumerate(index.items())),
        )
    db.executemany("INSERT INTO lower_key VALUES (?)", ((k,) for k in sorted(parts.lower_keys)))
    db.executemany(
        "INSERT INTO word VALUES (?, ?, ?)",
        sorted((word, key, length) for word, (key, length) in parts.words.items()),
    )


# Answers _Connection.ask keeps: the names of many thousand reports, a few MB.
_ANSWERS_KEPT = 50_000


@dataclass
class _Connection:
    """One read-only connection to the cache file, shared by the threads of a process (under a
    lock) and opened afresh in a forked child, which must not use its parent's."""

    path: Path
    _db: sqlite3.Connection | None = field(default=None, repr=False)
    _pid: int = -1
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _answers: dict[tuple[str, tuple[Any, ...]], list[Any]] = field(default_factory=dict, repr=False)

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        with self._lock:
            if self._db is None or self._pid != os.getpid():
                uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
                self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
                self._pid = os.getpid()
            return self._db.execute(sql, params).fetchall()

    def ask(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        """``query``'s answer, kept for the next time it is asked: the file never changes, and a
        run asks about the same names report after report ("Syria", "said")."""
        key = (sql, params)
        found = self._answers.get(key)
        if found is None:
            if len(self._answers) >= _ANSWERS_KEPT:
                self._answers.clear()  # a long run meets ever more words: memory stays flat
            found = self._answers[key] = self.query(sql, params)
        return found


@dataclass(frozen=True)
class StoredRows:
    """A :class:`PlaceIndex`'s rows and name index, read from the cache file when asked for."""

    db: _Connection
    table: str  # one of _INDEX_TABLES

    def row(self, index: int) -> Row:
        found = self.db.query("SELECT ident, name, kind, country, admin1, lat, lon, population, "
                              "names, curated FROM place WHERE id = ?", (index,))  # fmt: skip
        if not found:
            raise IndexError(index)
        *head, curated = found[0]
        return (*head, bool(curated))

    def row_count(self) -> int:
        return int(self.db.query("SELECT count(*) FROM place")[0][0])

    def ids(self, key: str) -> tuple[int, ...] | None:
        found = self.db.ask(f"SELECT ids FROM {self.table} WHERE key = ?", (key,))
        return tuple(int(n) for n in found[0][0].split(",")) if found else None

    def keys(self) -> Iterator[str]:
        return (k for (k,) in self.db.query(f"SELECT key FROM {self.table} ORDER BY seq"))

    def key_count(self) -> int:
        return int(self.db.query(f"SELECT count(*) FROM {self.table}")[0][0])


@dataclass(frozen=True)
class StoredNames:
    """The names the scan looks for, in the cache file (``namescan.NameIndex``)."""

    db: _Connection

    def look_up(self, starts: Sequence[str]) -> list[Found]:
        """How far each start follows some name: its longest common start with the names just
        before and after it in sorted order (SQLite compares text as Python does); then the
        names each starts with, all in a few queries."""
        depths: list[int] = []
        for chunk in _chunks(starts):
            marks = ",".join("(?)" for _ in chunk)
            rows = self.db.query(
                f"WITH q(t) AS (VALUES {marks}) SELECT t,"
                " (SELECT word FROM word WHERE word <= t ORDER BY word DESC LIMIT 1),"
                " (SELECT word FROM word WHERE word > t ORDER BY word LIMIT 1) FROM q",
                tuple(chunk),
            )
            depths += [
                max(common_start(t, before or ""), common_start(t, after or ""))
                for t, before, after in rows
            ]
        pairs = zip(starts, depths, strict=True)
        wanted = sorted({t[:n] for t, d in pairs for n in range(1, d + 1)})
        names: dict[str, Value] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            for word, key, length in self.db.query(
                f"SELECT word, key, length FROM word WHERE word IN ({marks})",
                tuple(chunk),
            ):
                names[word] = (key, length)
        return [(d, along(t, d, names)) for t, d in zip(starts, depths, strict=True)]


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@dataclass(frozen=True)
class StoredKeys:
    """The keys some entry spells in lower case, in the cache file."""

    db: _Connection

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(
            self.db.ask("SELECT 1 FROM lower_key WHERE key = ?", (key,))
        )


def _load_automaton(path: Path, db: _Connection) -> Any:
    """The automaton kept beside the cache file, else built from the file's names."""
    try:
        with automaton_path(path).open("rb") as handle:
            return pickle.load(handle)  # our own file, named by the hash of what made it
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        rows = db.query("SELECT word, key, length FROM word")
        return build_automaton((word, (key, length)) for word, key, length in rows)


def open_cache(path: Path) -> Gazetteer | None:
    """The gazetteer read from the cache file at ``path``; None when it is missing, of another
    format or unreadable."""
    if not path.is_file():
        return None
    db = _Connection(path)
    try:
        meta = dict(db.query("SELECT name, value FROM meta"))
    except sqlite3.Error:
        return None
    if meta.get("format") != FORMAT or "longest" not in meta:
        return None
    return Gazetteer(
        by_name=PlaceIndex(StoredRows(db, "name")),
        automaton=NameScanner(
            StoredNames(db),
            longest=int(meta["longest"]),
            load_automaton=functools.partial(_load_automaton, path, db),
        ),
        lower_keys=StoredKeys(db),
        adjectives=PlaceIndex(StoredRows(db, "adjective")),
    )


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, once per process: from the cache file when it is current, else
    compiled from the data files (and written to the cache for the next process)."""
    path = cache_path()
    found = open_cache(path)
    if found is not None:
        return found
    parts = compile_parts(read_rows())
    if write_cache(path, parts):
        found = open_cache(path)
    return found if found is not None else Gazetteer.from_parts(parts)


def ensure_cache() -> None:
    """Compile and write the cache unless it is current (before starting worker processes)."""
    if open_cache(cache_path()) is None:
        write_cache(cache_path(), compile_parts(read_rows()))


def main() -> None:
    """Compile the cache now (``python -m truce.extract.gazcache``); prints its path."""
    import sys

    path = cache_path()
    if not write_cache(path, compile_parts(read_rows())):
        sys.stderr.write(f"cannot write {path}\n")
        raise SystemExit(1)
    sys.stdout.write(f"{path}\n")


if __name__ == "__main__":
    main()
