"""Ingest's worker processes, started as early as a command can: this module imports nothing
of the extractor or the store, so ``truce ingest`` starts them before it imports either."""

from __future__ import annotations

from truce.processes import EarlyPool


def start_workers(jobs: int, count: int) -> EarlyPool | None:
    """``jobs`` workers (no more than the ``count`` reports) that load the extractor now, in a
    process of their own, while this one goes on (:class:`~truce.processes.EarlyPool`); None
    where this process extracts alone (``jobs`` 1) or cannot fork."""
    if jobs <= 1 or count <= 1:
        return None
    # What a worker loads before it knows the registry: the parser and the gazetteer.
    return EarlyPool.start(min(jobs, count), prepare="truce.extract.pipeline:prepare_worker")
