"""The extracting side of ``truce ingest``: what a worker process (or a Dask worker) runs.

It imports the extractor and nothing of the store, so a worker process can start loading the
model while the command that writes is still importing the store's libraries and opening it
(:class:`truce.processes.EarlyPool`). A task names its actor registry by a key; the registry
itself reaches each process once (:func:`start_worker`, :func:`remember`).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from truce.extract.gazcache import load_gazetteer
from truce.extract.pipeline import extract_many, prepare_worker
from truce.extract.registry import ActorEntry, Registry


@dataclass(frozen=True)
class Report:
    """One report to extract: what a worker needs, and what the writer stores with it."""

    path: str
    text: str
    published: date | None
    title: str | None
    url: str | None


@dataclass(frozen=True)
class Actors:
    """The actor registry's entries, named by a hash of them so a worker builds it once."""

    key: str
    entries: tuple[ActorEntry, ...]

    @classmethod
    def of(cls, entries: Sequence[ActorEntry]) -> Actors:
        frozen = tuple(entries)
        return cls(hashlib.sha256(pickle.dumps(frozen)).hexdigest()[:16], frozen)


class Extractor:
    """The registry and gazetteer of one process, loaded once and used for every report."""

    def __init__(self, actors: Actors) -> None:
        self.registry = Registry.from_entries(actors.entries)
        self.gazetteer = load_gazetteer()

    def extract(self, reports: Sequence[Report]) -> list[dict[str, Any]]:
        found = extract_many(
            [(report.text, report.published) for report in reports],
            registry=self.registry,
            gazetteer=self.gazetteer,
        )
        return [result.to_json() for result in found]


# Per process (a worker's, or this one's with jobs=1): the registries it was given, and the
# extractor of the one in use.
_ACTORS: dict[str, Actors] = {}
_EXTRACTORS: dict[str, Extractor] = {}


def remember(actors: Actors) -> None:
    """Give this process a registry, for the tasks that name it by its key."""
    _ACTORS[actors.key] = actors


def extract_report(report: Report, actors: str) -> dict[str, Any]:
    """A worker's task: the report's contract JSON, with the registry of key ``actors``."""
    return extract_reports([report], actors)[0]


def extract_reports(reports: Sequence[Report], actors: str) -> list[dict[str, Any]]:
    """A worker's task of several reports: each one's contract JSON."""
    found = _EXTRACTORS.get(actors)
    if found is None:
        _EXTRACTORS.clear()
        found = _EXTRACTORS[actors] = Extractor(_ACTORS[actors])
    return found.extract(reports)


def start_worker(actors: Actors) -> None:
    """Make this process ready to extract with ``actors`` (its parser and gazetteer loaded)."""
    remember(actors)
    _EXTRACTORS[actors.key] = Extractor(actors)
    prepare_worker()
