"""Worker processes start ready where this process can fork, and load for themselves where not."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

import pytest

from truce import processes
from truce.processes import preloaded

_LOADED: list[int] = []  # the pids of the processes that ran the set-up
CAN_FORK = "fork" in multiprocessing.get_all_start_methods()


def _setup(tag: str) -> None:
    _LOADED.append(os.getpid())
    assert tag == "registry"


def _what_the_worker_has() -> tuple[int, list[int]]:
    return os.getpid(), list(_LOADED)


def _run_worker(start: processes.WorkerStart) -> tuple[int, list[int]]:
    with ProcessPoolExecutor(
        1, mp_context=start.context, initializer=start.initializer, initargs=start.initargs
    ) as pool:
        return pool.submit(_what_the_worker_has).result()


@pytest.fixture(autouse=True)
def _nothing_loaded() -> None:
    _LOADED.clear()


@pytest.mark.skipif(not CAN_FORK, reason="this platform cannot fork")
def test_a_forked_worker_starts_with_what_this_process_loaded_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The test runner keeps threads of its own, so forking is allowed here by hand.
    monkeypatch.setattr(processes, "fork_context", lambda: multiprocessing.get_context("fork"))
    start = preloaded(_setup, "registry")
    assert [os.getpid()] == _LOADED and start.initializer is None
    worker, loaded = _run_worker(start)
    assert worker != os.getpid() and loaded == [os.getpid()]  # loaded here, not again there


def test_without_fork_each_worker_loads_for_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes, "fork_context", lambda: None)
    start = preloaded(_setup, "registry")
    assert _LOADED == [] and start.context is None
    worker, loaded = _run_worker(start)
    assert loaded[-1] == worker


@pytest.mark.skipif(not CAN_FORK, reason="this platform cannot fork")
def test_a_process_with_one_thread_forks() -> None:
    """In a fresh interpreter (the test runner's own threads would forbid it here)."""
    probe = "from truce.processes import fork_context; print(fork_context().get_start_method())"
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert found.stdout.strip() == "fork", found.stderr


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert processes.fork_context() is None
    finally:
        stop.set()
        thread.join()
