"""Ingest many reports: extraction spread over workers, one writer, a bounded window between.

``ingest_files`` reads each report here (so nothing is extracted or stored when a file cannot be
read), skips those whose text a stored source already has, and hands the rest to an executor:
this process (``jobs=1``), a pool of worker processes (``jobs=N``; the command starts them
before it opens the store, ``ingest_workers.start_workers``), or a Dask cluster
(``scheduler="tcp://HOST:8786"``, see docs/scale.md). Workers only extract (text in, contract
JSON out, ``GROUP`` reports a task; ``extracting``); this process alone writes, in input order
(so source ids do not depend on which worker finished first), ``WRITE`` reports to a
transaction: their sources in one batch, their candidates in another, each record with its own
audit entry and seal. At most ``WINDOW`` reports per worker are in flight, so memory stays flat
however many files there are. A run stopped anywhere (or a worker lost: Dask runs its tasks
again elsewhere) leaves only whole batches of reports stored, and running it again skips them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine

from truce.errors import ConfigError, WorkerLost
from truce.extract.batch import read_report
from truce.extract.gazcache import ensure_cache
from truce.extract.html import Page
from truce.extract.registry import ActorEntry
from truce.processes import EarlyPool, preloaded
from truce.services.extracting import (
    Actors,
    Report,
    extract_reports,
    remember,
    start_worker,
)
from truce.services.ingest import (
    Extracted,
    IngestResult,
    already_stored,
    store_many,
    text_hash,
)
from truce.services.ingest_workers import start_workers
from truce.store.candidates import stored_hashes
from truce.store.db import transaction

WINDOW = 8  # reports in flight per worker
GROUP = 4  # reports a worker extracts at a time (their sentences parsed together)
WRITE = 8  # reports stored in one transaction
_LOOKUP = 256  # hashes looked up in the store at a time
# Report text the up-front check keeps for the run (characters): a folder within it is read
# once; the files past it are read again when their turn comes.
KEPT = 32 << 20


@dataclass(frozen=True)
class Ingested:
    path: str
    result: IngestResult


def read_reports(
    files: Sequence[Path], *, published: date | None, pages: dict[Path, Page] | None = None
) -> Iterator[Report]:
    """Each file as a report (the title defaults to the file's name; ``published`` overrides
    a web page's own date); a file in ``pages`` (what :func:`check_readable` kept) is not read
    again."""
    kept = pages if pages is not None else {}
    for file in files:
        page = kept.pop(file, None)
        if page is None:
            page = read_report(file)
        yield Report(
            str(file), page.text, published or page.published, page.title or file.stem, page.url
        )


def check_readable(files: Sequence[Path]) -> dict[Path, Page]:
    """Read every file so a bad one stops the run before any is stored; the pages read,
    up to ``KEPT`` characters of text, are returned for the run to use."""
    kept: dict[Path, Page] = {}
    size = 0
    for file in files:
        page = read_report(file)
        if size + len(page.text) <= KEPT:
            kept[file] = page
            size += len(page.text)
    return kept


def ingest_files(
    engine: Engine, files: Sequence[Path], *, published: date | None, actor: str,
    entries: Sequence[ActorEntry], jobs: int = 1, scheduler: str | None = None,
    pages: dict[Path, Page] | None = None, workers: EarlyPool | None = None,
) -> Iterator[Ingested]:  # fmt: skip
    """Store each file as a source with its candidates, yielding each outcome in file order
    (see the module docstring); a file already stored is skipped without being extracted.
    ``pages``: what :func:`check_readable` returned for ``files``, if the caller checked them
    already (else they are checked here, before anything is stored). ``workers``: the run's
    worker processes, if the caller started them already (``start_workers(jobs, len(files))``,
    so that they load the extractor while the caller opens the store; the caller stops
    them)."""
    if pages is None:
        pages = check_readable(files)
    actors = Actors.of(entries)
    with ExitStack() as stack:
        submit, width = _executor(
            stack, actors, jobs=jobs, scheduler=scheduler, count=len(files), workers=workers
        )
        in_flight: deque[tuple[Report, Pending | None]] = deque()
        reports = read_reports(files, published=published, pages=pages)
        for batch in _batches(reports, _LOOKUP):
            with transaction(engine) as session:
                stored = stored_hashes(session, [text_hash(r.text) for r in batch])
            for report in batch:
                new = text_hash(report.text) not in stored
                in_flight.append((report, submit(report) if new else None))
                while len(in_flight) > width * WINDOW:
                    yield from _write(engine, in_flight, actor=actor)
        while in_flight:
            yield from _write(engine, in_flight, actor=actor)


def _batches(reports: Iterator[Report], size: int) -> Iterator[list[Report]]:
    batch: list[Report] = []
    for report in reports:
        batch.append(report)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(
    engine: Engine, in_flight: deque[tuple[Report, Pending | None]], *, actor: str
) -> list[Ingested]:
    """Store the next ``WRITE`` reports in one transaction (those already stored apart)."""
    chunk = [in_flight.popleft() for _ in range(min(WRITE, len(in_flight)))]
    extracted = [
        Extracted(_result(report, future), report.text, report.published, report.title, report.url)
        for report, future in chunk
        if future is not None
    ]
    written = iter(store_many(engine, extracted, actor=actor))
    done = []
    for report, future in chunk:
        if future is not None:
            done.append(Ingested(report.path, next(written)))
            continue
        known = already_stored(
            engine, text_hash(report.text), published=report.published, actor=actor
        )
        assert known is not None  # stored sources are never removed, only marked deleted
        done.append(Ingested(report.path, known))
    return done


def _result(report: Report, future: Pending) -> dict[str, Any]:
    try:
        found: dict[str, Any] = future.result()
    except BrokenProcessPool:
        raise WorkerLost(
            f"{report.path}: a worker process ended before it was extracted (killed, or out of "
            "memory?); the reports before it are stored, and running the command again resumes"
        ) from None
    return found


class Pending(Protocol):
    """A report being extracted: a ``concurrent.futures`` or a Dask future."""

    def result(self, timeout: float | None = None) -> Any: ...


Submit = Callable[[Report], Pending]


def _executor(
    stack: ExitStack, actors: Actors, *, jobs: int, scheduler: str | None, count: int,
    workers: EarlyPool | None,
) -> tuple[Submit, int]:  # fmt: skip
    """How reports are extracted (a submit function) and how many workers do it."""
    if scheduler is not None:
        try:
            from truce.services.cluster import dask_submit
        except ImportError:
            raise ConfigError(
                "--scheduler needs Dask: pip install 'truce[cluster]' (docs/scale.md)"
            ) from None

        return dask_submit(stack, actors, scheduler)
    if workers is None:
        workers = start_workers(jobs, count)
        if workers is not None:
            stack.enter_context(workers)
    if workers is not None:
        workers.setup(start_worker, actors)
        return _Groups(workers, actors.key).submit, workers.workers
    if jobs <= 1 or count <= 1:
        return _here(actors), 1
    ensure_cache()  # compiled once here, not once per worker (a platform that cannot fork)
    start = preloaded(start_worker, actors)
    width = min(jobs, count)
    pool = stack.enter_context(
        ProcessPoolExecutor(
            width,
            mp_context=start.context,
            initializer=start.initializer,
            initargs=start.initargs,
        )
    )
    return _Groups(pool, actors.key).submit, width


class Pool(Protocol):
    """Worker processes: a ``ProcessPoolExecutor`` or an :class:`EarlyPool`."""

    def submit(self, function: Callable[..., Any], /, *args: Any) -> Future[Any]: ...


class _Groups:
    """Reports handed to the pool ``GROUP`` at a time, each with a future of its own, set
    when its group's is; a report whose result is asked for while its group is still filling
    is sent with those before it."""

    def __init__(self, pool: Pool, actors: str) -> None:
        self._pool, self._actors = pool, actors
        self._filling: list[tuple[Report, Future[dict[str, Any]]]] = []

    def submit(self, report: Report) -> Pending:
        future: Future[dict[str, Any]] = Future()
        self._filling.append((report, future))
        if len(self._filling) == GROUP:
            self._send()
        return _Member(self, future)

    def send_with(self, future: Future[dict[str, Any]]) -> None:
        if any(waiting is future for _, waiting in self._filling):
            self._send()

    def _send(self) -> None:
        reports = [report for report, _ in self._filling]
        futures = [future for _, future in self._filling]
        self._filling = []
        group = self._pool.submit(extract_reports, reports, self._actors)
        group.add_done_callback(lambda done: _share(done, futures))


def _share(group: Future[list[dict[str, Any]]], futures: list[Future[dict[str, Any]]]) -> None:
    if group.cancelled():  # the run is ending
        for future in futures:
            future.cancel()
        return
    error = group.exception()
    if error is not None:
        for future in futures:
            future.set_exception(error)
        return
    for future, result in zip(futures, group.result(), strict=True):
        future.set_result(result)


@dataclass(frozen=True)
class _Member:
    """One report's result, from its group's."""

    groups: _Groups
    future: Future[dict[str, Any]]

    def result(self, timeout: float | None = None) -> dict[str, Any]:
        self.groups.send_with(self.future)
        return self.future.result(timeout)


def _here(actors: Actors) -> Submit:
    """Extraction in this process, a group at a time, run when the group is sent (full, or
    one of its reports asked for): the writer and the extraction alternate, as with workers,
    and the group's sentences are parsed together."""
    remember(actors)
    return _Groups(_InProcess(), actors.key).submit


class _InProcess:
    """A pool of this process alone: a task runs as it is submitted."""

    def submit(self, function: Callable[..., Any], /, *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(function(*args))
        except Exception as error:  # raised where the result is asked for, as from a worker
            future.set_exception(error)
        return future
