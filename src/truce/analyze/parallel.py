"""Worker processes for the numeric analyses: how many, and running one part in each.

``truce cooccur``, ``truce zones`` and ``truce deconflict`` split large inputs into parts (space
tiles for the pair finder, slices of the events for zones and notifications) and run each part
in a process of its own, so a second core is used. Each part is a plain function of arrays, and
the caller merges the parts into the same answer one process gives.

Below :data:`PARALLEL_FROM` events one process is used: starting a worker costs more than it
saves. Workers are forked when the caller runs a single thread (nothing to copy, no import);
otherwise, for instance inside the web server, they come from a fork server, which is safe with
threads.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

from truce.errors import InvalidInput
from truce.processes import fork_context

PARALLEL_FROM = 200_000  # events from which a second process pays for itself
MAX_WORKERS = 8
_PRELOAD = ["numpy", "shapely", "truce.analyze.spacetime", "truce.analyze.deconfliction"]

Result = TypeVar("Result")


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(requested: int | None, size: int) -> int:
    """Processes for ``size`` events: ``requested`` if given, else the usable cores when the
    input is large (at most :data:`MAX_WORKERS`), else one."""
    if requested is not None:
        if requested < 1:
            raise InvalidInput(f"--workers must be 1 or more, not {requested}")
        return requested
    if size < PARALLEL_FROM:
        return 1
    return max(1, min(usable_cores(), MAX_WORKERS))


def slices(size: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous (start, stop) ranges of about equal length covering ``range(size)``."""
    parts = max(1, min(parts, size))
    edges = [size * k // parts for k in range(parts + 1)]
    return list(itertools.pairwise(edges))


def _context() -> BaseContext:
    forked = fork_context()
    if forked is not None:
        return forked
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def run_parts(work: Callable[..., Result], parts: Sequence[tuple[Any, ...]]) -> list[Result]:
    """``work(*part)`` for every part, the first in this process and the others in workers;
    results in the order of ``parts``."""
    if len(parts) <= 1:
        return [work(*part) for part in parts]
    with ProcessPoolExecutor(max_workers=len(parts) - 1, mp_context=_context()) as pool:
        futures = [pool.submit(work, *part) for part in parts[1:]]
        first = work(*parts[0])
        return [first, *(f.result() for f in futures)]
