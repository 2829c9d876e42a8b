"""Starting worker processes: forked from this one where that is safe.

A forked worker begins as a copy of its parent, with every module imported and everything
loaded already shared page by page, so it costs next to nothing to start. Forking is safe only
while the parent runs a single thread (a lock held by another thread would stay locked in the
child forever), and only where the platform forks at all; otherwise workers start fresh and
load what they need themselves.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from typing import Any


def fork_context() -> BaseContext | None:
    """The ``fork`` start method when this process may fork now, else None."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return None


@dataclass(frozen=True)
class WorkerStart:
    """How to start workers that each need ``setup(*args)`` run before their first task:
    the pool's start method (None: the default), initialiser and its arguments."""

    context: BaseContext | None
    initializer: Callable[..., None] | None
    initargs: tuple[Any, ...]


def preloaded(setup: Callable[..., None], *args: Any) -> WorkerStart:
    """Workers that start ready: where this process can fork, ``setup`` runs once here and every
    worker begins as a copy of what it loaded (ingest's parser, gazetteer and registry: 0.4 s of
    CPU a worker saved); elsewhere each worker runs ``setup`` as it starts."""
    context = fork_context()
    if context is None:
        return WorkerStart(None, setup, args)
    setup(*args)
    return WorkerStart(context, None, ())
