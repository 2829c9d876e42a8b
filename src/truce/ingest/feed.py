"""The parsing process of a large ACLED import, feeding the importing process's single writer.

SQLite has one writer, and it has enough to do (the insert, the R*Tree, the seals), so a large
file is read, checked and hashed in a child process while the parent writes: the child runs
the same reading (:func:`~truce.ingest.csvrows.csv_batches`, which :func:`csv_rows` reads) and
the same checks (:meth:`~truce.formats.acled.AcledLayout.fast_row`, ``parse``) as the
one-process path, and sends what the parent needs in batches of a few thousand rows, as plain
tuples:

- the rows, ready to bind, with their lines; on SQLite, into a dataset the store does not hold
  yet (the writer's :attr:`~truce.ingest.bulk.EventWriter.next_id`), the rows bound as the
  insert takes them with their seals made for the ids they will get
  (:func:`~truce.store.sealtexts.batch_digests`), which the parent inserts and keeps as they
  are while the ids run as foreseen (:meth:`~truce.ingest.bulk.EventWriter.add_bound`);
  otherwise each row's seal text but its id (:meth:`~truce.store.seals.InsertedSeals.texts`),
  so the parent only hashes it once the row has its id;
- every problem it finds (bad cells, bad rows, file-level issues), replayed by the parent on
  its :class:`~truce.ingest.run.Run`, so messages, counts and the rejects file are the same;
- at the end, the file's SHA-256.

Guarantees are the parent's, unchanged: it writes inside the import's one transaction; once a
problem is reported (and rows are not being skipped) it stops writing and only collects the
rest of the problems, and the import then fails and rolls back, leaving nothing written. A
child that dies or fails is an error of the import, which rolls back too.
"""

from __future__ import annotations

import csv
import gc
import multiprocessing
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from truce.errors import ImportFailed
from truce.formats import acled
from truce.formats.acled_batch import clean_rows
from truce.formats.csvfile import restore_row
from truce.formats.issues import FieldError, Issue
from truce.formats.source import Source
from truce.ingest.bulk import CHUNK, ROW_COLUMNS, BoundBatch, EventWriter, PendingEvent
from truce.ingest.csvrows import csv_batches
from truce.ingest.resolve import ActorNames
from truce.ingest.run import Run
from truce.store.models import FIELD_INDEX
from truce.store.seals import InsertedSeals
from truce.store.sealtexts import batch_digests, batch_texts

PARALLEL_BYTES = 4_000_000  # smaller files are read in the importing process itself
# Rows a message: the writer's chunk. The pipe holds about one message ahead, so the writer
# writes a chunk while the next is read and checked; with smaller messages it stood idle while
# a chunk gathered, then the parser waited while it wrote (measured: 20,000 rows/s against
# 24,000 on 200,000 rows).
BATCH = CHUNK
_EXTERNAL, _DIGEST = FIELD_INDEX["external_id"], FIELD_INDEX["row_hash"]

Message = tuple[Any, ...]


def wanted(path: Path) -> bool:
    """Whether ``path`` is large enough for a parsing process to pay off (and one can start)."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size >= PARALLEL_BYTES and bool(multiprocessing.get_all_start_methods())


@dataclass(frozen=True)
class Settings:
    """What the child needs, all of it picklable (no session, no connection)."""

    path: Path
    actors: dict[str, int]
    tail: tuple[Any, ...]  # the bound tail of every new row, for seal texts
    skipping: bool
    # A first import on SQLite: the id the first row will get; the rows are then sent bound
    # (with the tail), with their seals made for the ids from there on.
    first_id: int | None = None


@dataclass
class _Header:
    out: list[Message]

    def set_fields(self, fields: Sequence[str]) -> None:
        self.out.append(("header", list(fields)))


@dataclass
class ChildRun:
    """The child's stand-in for a Run: what reading reports is queued for the parent."""

    source: Source
    skipping: bool
    fatal: bool = False
    out: list[Message] = field(default_factory=list)
    _sent_issues: int = 0

    @property
    def rejects(self) -> _Header | None:
        return _Header(self.out) if self.skipping else None

    def file_issue(self, code: str, line: int, column: str, message: str) -> None:
        self.fatal = True
        self.out.append(("file_issue", code, line, column, message))

    def reject(
        self,
        line: int,
        errors: Sequence[FieldError],
        raw: Sequence[str],
        *,
        unit: str = "line",
    ) -> None:
        found = [(error.code, error.message, error.column, error.value) for error in errors]
        self.out.append(("reject", line, found, list(raw)))

    def absorb_reader_issues(self) -> None:
        new = self.source.issues[self._sent_issues :]
        self._sent_issues = len(self.source.issues)
        if new:
            self.out.append(
                (
                    "source_issues",
                    [(i.code, i.line, i.column, i.value, i.message, i.unit) for i in new],
                )
            )


@dataclass
class _Sender:
    """The child's batches of checked rows, sent with what the parent needs to seal them."""

    run: ChildRun
    send: Any
    tail: tuple[Any, ...]
    next_id: int | None
    sealer: InsertedSeals = field(default_factory=lambda: InsertedSeals("events", ROW_COLUMNS))

    def rows(self, lines: list[int], rows: list[Sequence[Any]]) -> None:
        """``rows`` (bound, with the tail, when ``next_id`` is known) and their seals."""
        run = self.run
        if rows and self.next_id is not None:
            digests = batch_digests(self.sealer, rows, self.next_id)
            run.out.append(("bound", lines, rows, self.next_id, digests, run.source.done))
            self.next_id += len(rows)
        elif rows:
            texts = batch_texts(self.sealer, [(*row, *self.tail) for row in rows])
            run.out.append(("rows", lines, rows, texts, run.source.done))
        if run.out:
            self.send(run.out)
            run.out = []


def parse_file(settings: Settings, send: Any) -> None:
    """The child's work: every record of the file checked, sent to ``send`` in batches."""
    run = ChildRun(Source(settings.path), settings.skipping)
    resolve = ActorNames(settings.actors).find
    sender = _Sender(run, send, settings.tail, settings.first_id)
    tail = settings.tail if settings.first_id is not None else ()
    layout: acled.AcledLayout | None = None
    for header, lines, records in csv_batches(run, acled.REQUIRED_COLUMNS, size=BATCH):
        if layout is None:
            layout = acled.AcledLayout.from_header(header)
        sender.rows(*_checked(run, layout, lines, records, resolve, tail))
    sender.rows([], [])
    run.out.append(("done", run.source.digest.hexdigest()))
    send(run.out)


def _checked(
    run: ChildRun,
    layout: acled.AcledLayout,
    lines: list[int],
    records: list[list[str]],
    resolve: acled.Resolver,
    tail: tuple[Any, ...],
) -> tuple[list[int], list[Sequence[Any]]]:
    """The lines and rows (each followed by ``tail``) of a batch's good records; the bad ones
    are rejected on ``run``."""
    clean = clean_rows(layout, records, resolve, tail=tail)
    if clean is not None:
        return lines, list(clean)
    good: list[int] = []
    rows: list[Sequence[Any]] = []
    for line, cells in zip(lines, records, strict=True):
        row: Sequence[Any] | None = layout.fast_row(cells, resolve)
        if row is None:
            errors: list[FieldError] = []
            values = layout.parse(cells, errors, resolve=resolve)
            if errors:
                run.reject(line, errors, cells)
                continue
            values["row_hash"] = layout.row_hash(cells)
            row = PendingEvent.of(line, values, cells).row
        good.append(line)
        rows.append((*row, *tail) if tail else row)
    return good, rows


def _child(settings: Settings, channel: Connection) -> None:
    # Forked: the parent's objects are never collected here, so the collector leaves them be
    # (walking them would cost time and copy the parent's memory pages).
    gc.freeze()
    try:
        parse_file(settings, channel.send)
    except Exception:  # reported to the parent, which fails the import
        channel.send([("failed", traceback.format_exc())])
    finally:
        channel.close()


@dataclass
class Feed:
    """The parent's end: starts the child, and yields its messages in order."""

    settings: Settings
    digest: str = ""

    def messages(self) -> Iterator[Message]:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        receive, send = context.Pipe(duplex=False)
        process = context.Process(
            target=_child, args=(self.settings, send), name="truce-import-parser", daemon=True
        )
        process.start()
        send.close()
        try:
            while True:
                try:
                    batch = receive.recv()
                except EOFError:
                    process.join(timeout=5)
                    raise ImportFailed(
                        f"{self.settings.path}: the parsing process stopped without finishing "
                        f"(exit code {process.exitcode}); nothing was imported"
                    ) from None
                for message in batch:
                    if message[0] == "failed":
                        raise ImportFailed(
                            f"{self.settings.path}: the parsing process failed; nothing was "
                            "imported",
                            detail=[message[1]],
                        )
                    if message[0] == "done":
                        self.digest = message[1]
                        return
                    yield message
        finally:
            receive.close()
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()


class _FixedDigest:
    """The file's SHA-256 as the child computed it, where the report reads it."""

    def __init__(self, hexdigest: str) -> None:
        self._hex = hexdigest

    def hexdigest(self) -> str:
        return self._hex


def feed_acled(run: Run, writer: EventWriter) -> Feed:
    """Import ``run``'s ACLED file through a parsing process into ``writer``."""
    settings = Settings(
        run.source.path,
        run.ctx.actors.snapshot(),
        writer.bound_tail,
        run.rejects is not None,
        first_id=writer.next_id,
    )
    feed = Feed(settings)
    records = RecordReader(run.source.path)
    writer.reject = lambda pending, error: run.reject(
        pending.line, [error], pending.raw or records.cells(pending.line)
    )
    progress = run.source.progress
    total = run.source.size
    for message in feed.messages():
        kind = message[0]
        if kind == "bound":
            _, lines, rows, first_id, digests, done = message
            if run.issue_count and run.rejects is None:
                continue  # the import will fail: only the problems are still wanted
            writer.add_bound(BoundBatch(lines, rows, first_id, digests))
            if progress is not None:
                progress(done, total)
        elif kind == "rows":
            _, lines, rows, texts, done = message
            if run.issue_count and run.rejects is None:
                continue  # the import will fail: only the problems are still wanted
            writer.add_many(
                [
                    PendingEvent(
                        line,
                        "acled",
                        row[_EXTERNAL],
                        row[_DIGEST],
                        row,
                        [],
                        texts[number],
                    )
                    for number, (line, row) in enumerate(zip(lines, rows, strict=True))
                ]
            )
            if progress is not None:
                progress(done, total)
        elif kind == "reject":
            _, line, errors, raw = message
            found = [FieldError(code, text, column=column, value=value) for code, text, column,
                     value in errors]  # fmt: skip
            run.reject(line, found, raw)
        elif kind == "source_issues":
            name = run.source.name
            run.source.issues.extend(
                Issue(code, name, line, column, value, text, unit)
                for code, line, column, value, text, unit in message[1]
            )
            run.absorb_reader_issues()
        elif kind == "file_issue":
            run.file_issue(*message[1:])
        elif kind == "header" and run.rejects is not None:
            run.rejects.set_fields(message[1])
    run.source.digest = _FixedDigest(feed.digest)
    return feed


class RecordReader:
    """The cells of the record on a given line, read again from the file (a rejected row's,
    for the rejects file); forward only, starting over when asked for an earlier line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._records: Iterator[tuple[int, list[str]]] | None = None
        self._line = 0

    def _scan(self) -> Iterator[tuple[int, list[str]]]:
        with self.path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            reader = csv.reader(handle)
            start = 1
            for cells in reader:
                yield start, restore_row(cells)
                start = reader.line_num + 1

    def cells(self, line: int) -> list[str]:
        if self._records is None or line <= self._line:
            self._records = self._scan()
        for start, cells in self._records:
            self._line = start
            if start == line:
                return cells
            if start > line:
                break
        self._records = None
        return []
