"""Many reports in one run: files and folders in, one ``truce.extraction/1`` document each out.

``extract_files(paths, published=…, actors=…, jobs=N)`` yields, in input order, one
:class:`Done` per report: its JSON document (one line of JSON Lines, with the file's path added
as ``document.file``) or the one-line reason it could not be read. With ``jobs`` above 1 the
reports are spread over that many worker processes, each loading the gazetteer (from its
compiled cache) and the actor registry once, in the pool's initialiser; results come back in
input order, a few reports at a time, so memory stays flat however many files there are.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from truce.errors import InvalidInput
from truce.extract.gazcache import ensure_cache, load_gazetteer
from truce.extract.html import HTML_SUFFIXES, Page, report_text
from truce.extract.pipeline import extract_many, prepare_worker
from truce.extract.registry import Registry
from truce.processes import preloaded

CHUNK = 4  # reports handed to a worker at a time (their sentences parsed together)


@dataclass(frozen=True, slots=True)
class Done:
    """One report's outcome: its JSON line, or why it was skipped."""

    path: str
    line: str | None = None
    error: str | None = None


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def read_report(path: Path) -> Page:
    """A file's text, with the title, date and address a saved web page states."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(f"{path}: not UTF-8 text (byte {error.start}) [bad-encoding]") from None
    except OSError as error:
        raise InvalidInput(f"{path}: cannot read: {error.strerror}") from None
    try:
        return report_text(raw, html=path.suffix.lower() in HTML_SUFFIXES)
    except InvalidInput as error:
        raise InvalidInput(f"{path}: {error.message}") from None


def default_registry(actors: Path | None) -> Registry:
    """``--actors FILE``, else the demo's packaged registry, else an empty one."""
    if actors is not None:
        return Registry.from_yaml(actors)
    demo = resources.files("truce.demo").joinpath("actors.yaml")
    if demo.is_file():
        with resources.as_file(demo) as path:
            return Registry.from_yaml(path)
    return Registry.from_entries([])


@dataclass(frozen=True)
class Worker:
    """What one process needs to extract reports: loaded once, used for every report."""

    published: date | None
    registry: Registry
    gazetteer: Any

    @classmethod
    def load(cls, *, published: date | None, actors: Path | None) -> Worker:
        return cls(published, default_registry(actors), load_gazetteer())

    def run_many(self, paths: Sequence[str]) -> list[Done]:
        """Each report's outcome, the readable ones extracted together (``extract_many``)."""
        pages: dict[str, Page] = {}
        done: dict[str, Done] = {}
        for path in paths:
            try:
                pages[path] = read_report(Path(path))
            except InvalidInput as error:
                done[path] = Done(path, error=error.message)
        found = extract_many(
            [(page.text, self.published or page.published) for page in pages.values()],
            registry=self.registry,
            gazetteer=self.gazetteer,
        )
        for path, result in zip(pages, found, strict=True):
            doc = result.to_json()
            doc["document"]["file"] = path
            done[path] = Done(path, line=json.dumps(doc, ensure_ascii=False))
        return [done[path] for path in paths]


# The worker of this process, set by the pool's initialiser (one per worker process).
_WORKER: list[Worker] = []


def _start(published: date | None, actors: Path | None) -> None:
    _WORKER[:] = [Worker.load(published=published, actors=actors)]
    prepare_worker()


def _run(paths: list[str]) -> list[Done]:
    return _WORKER[0].run_many(paths)


def extract_files(
    paths: Sequence[Path], *, published: date | None, actors: Path | None, jobs: int
) -> Iterator[Done]:
    """Each report's outcome, in the order of ``paths`` (see the module docstring)."""
    names = [str(p) for p in paths]
    chunks = [names[first : first + CHUNK] for first in range(0, len(names), CHUNK)]
    if jobs <= 1 or len(names) <= 1:
        worker = Worker.load(published=published, actors=actors)
        for chunk in chunks:
            yield from worker.run_many(chunk)
        return
    ensure_cache()  # compiled once here, not once per worker
    start = preloaded(_start, published, actors)
    context = start.context or multiprocessing.get_context()
    with context.Pool(min(jobs, len(names)), start.initializer, start.initargs) as pool:
        for done in pool.imap(_run, chunks):
            yield from done
