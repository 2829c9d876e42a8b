"""Starting worker processes: forked from this one where that is safe.

A forked worker begins as a copy of its parent, with every module imported and everything
loaded already shared page by page, so it costs next to nothing to start. Forking is safe only
while the parent runs a single thread (a lock held by another thread would stay locked in the
child forever), and only where the platform forks at all; otherwise workers start fresh and
load what they need themselves.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import importlib
import itertools
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
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


class EarlyPool:
    """Worker processes started before this process has imported or loaded what they need.

    ``EarlyPool.start(n, prepare="module:function")`` forks one process at once, which imports
    ``module`` and runs ``function`` (ingest's: load the parser and the gazetteer) while this
    process goes on with its own start (ingest's: import the store's libraries, open the store,
    read the actor registry), each on its own core. :meth:`setup` then runs a call there before
    the workers exist, and the first :meth:`submit` forks the ``n`` workers from that process,
    each a ready copy of it; that process passes the tasks on to them and their results back.
    A worker or that process lost fails the tasks not yet done, as a broken process pool does.
    Started only where this process may fork (:func:`fork_context`), else None.
    """

    def __init__(
        self, workers: int, process: BaseProcess, tasks: Connection, results: Connection
    ) -> None:
        self.workers = workers
        self._process, self._tasks, self._results = process, tasks, results
        self._futures: dict[int, Future[Any]] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self._broken: BaseException | None = None
        self._reader: threading.Thread | None = None

    @classmethod
    def start(cls, workers: int, *, prepare: str) -> EarlyPool | None:
        if fork_context() is None:
            return None
        context = multiprocessing.get_context("fork")
        tasks_out, tasks_in = context.Pipe(duplex=False)
        results_out, results_in = context.Pipe(duplex=False)
        process = context.Process(
            target=_serve,
            args=(tasks_out, results_in, workers, prepare, (tasks_in, results_out)),
            name="truce-workers",
        )
        process.start()
        tasks_out.close()
        results_in.close()
        return cls(workers, process, tasks_in, results_out)

    def setup(self, function: Callable[..., None], *args: Any) -> None:
        """Have ``function(*args)`` run in the pool's process before its workers are forked."""
        self._send(("setup", function, args))

    def submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        """``function(*args)`` run by a worker: its result, or its exception, in a future."""
        future: Future[Any] = Future()
        with self._lock:
            if self._broken is not None:
                future.set_exception(self._broken)
                return future
            key = next(self._ids)
            self._futures[key] = future
        if self._reader is None:
            self._reader = threading.Thread(target=self._read, name="truce-results", daemon=True)
            self._reader.start()
        self._send(("task", key, function, args))
        return future

    def close(self) -> None:
        """Stop the workers (a task still running is finished first) and wait for them."""
        with contextlib.suppress(OSError):  # gone already
            self._tasks.send(None)
        self._tasks.close()
        self._process.join(_STOP_SECONDS)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()
        if self._reader is not None:
            self._reader.join()
        self._results.close()

    def __enter__(self) -> EarlyPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(self, message: tuple[Any, ...]) -> None:
        with contextlib.suppress(OSError):  # the pool's process is gone: ``_read`` says why
            self._tasks.send(message)

    def _read(self) -> None:
        while True:
            try:
                key, ok, value = self._results.recv()
            except (EOFError, OSError):
                self._fail(BrokenProcessPool("the worker processes stopped"))
                return
            if key is None:  # the pool's process failed before any task ran
                self._fail(value)
                continue
            with self._lock:
                future = self._futures.pop(key, None)
            if future is None:  # failed already, with the pool
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

    def _fail(self, error: BaseException) -> None:
        with self._lock:
            self._broken = self._broken or error
            pending, self._futures = list(self._futures.values()), {}
        for future in pending:
            if not future.done():
                future.set_exception(self._broken)


_STOP_SECONDS = 30


def _serve(
    tasks: Connection, results: Connection, workers: int, prepare: str,
    commands: tuple[Connection, Connection],
) -> None:  # fmt: skip
    """The pool's process: prepare, run the setup calls, then pass each task to a worker of a
    pool forked from here at the first task, and its outcome back. It ends when ``tasks``
    ends (the command closed it, or is gone): so the command's ends of the pipes
    (``commands``) are closed here, and its own in the workers."""
    for end in commands:
        end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command stops it, by closing ``tasks``
    _die_with_parent()
    lock = threading.Lock()

    def reply(key: int | None, ok: bool, value: Any) -> None:
        with lock, contextlib.suppress(OSError):  # the command is gone: ``tasks`` ends
            results.send((key, ok, value))

    def done(key: int, future: Future[Any]) -> None:
        if future.cancelled():  # at the end: the command asked for it no more
            return
        error = future.exception()
        reply(key, error is None, future.result() if error is None else error)

    pool: ProcessPoolExecutor | None = None
    try:
        module, name = prepare.split(":")
        getattr(importlib.import_module(module), name)()
        while True:
            try:
                message = tasks.recv()
            except EOFError:
                break
            if message is None:
                break
            if message[0] == "setup":
                message[1](*message[2])
                continue
            _, key, function, args = message
            if pool is None:
                pool = ProcessPoolExecutor(
                    workers,
                    mp_context=multiprocessing.get_context("fork"),
                    initializer=_start_worker,
                    initargs=(tasks, results),
                )
            pool.submit(function, *args).add_done_callback(functools.partial(done, key))
    except Exception as error:  # handed to the command, which raises it
        reply(None, False, error)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        results.close()


def _start_worker(*inherited: Connection) -> None:
    """A worker of an early pool: it keeps no end of the command's pipes (so they end when the
    pool's process does) and stops if that process is gone."""
    for end in inherited:
        end.close()
    _die_with_parent()


def _die_with_parent() -> None:
    """Have the kernel end this process when its parent ends (Linux; elsewhere a no-op): a
    worker left without its parent would otherwise wait for tasks forever."""
    if sys.platform != "linux":
        return
    parent = os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent ended before the call
        os._exit(1)


_PR_SET_PDEATHSIG = 1
