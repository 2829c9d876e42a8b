"""Worker processes start ready where this process can fork, and load for themselves where not."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

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


_PREPARED: list[str] = []  # what the early pool's process loaded before it knew its task


def _prepare() -> None:
    _PREPARED.append(f"prepared in {os.getpid()}")


def _state(extra: int) -> tuple[int, int, list[str], list[int]]:
    return os.getpid(), os.getppid(), list(_PREPARED), [*_LOADED, extra]


def _fails(message: str) -> None:
    raise ValueError(message)


def _dies() -> None:
    os._exit(3)


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    if not CAN_FORK:
        pytest.skip("this platform cannot fork")
    # The test runner keeps threads of its own, so forking is allowed here by hand.
    monkeypatch.setattr(processes, "fork_context", lambda: multiprocessing.get_context("fork"))
    _PREPARED.clear()


def test_an_early_pool_prepares_once_then_forks_its_workers_ready(forking: None) -> None:
    pool = processes.EarlyPool.start(2, prepare=f"{__name__}:_prepare")
    assert pool is not None and pool.workers == 2
    with pool:
        pool.setup(_setup, "registry")
        found = [pool.submit(_state, n).result(timeout=60) for n in range(6)]
    assert _PREPARED == [] and _LOADED == []  # nothing of it ran in this process
    workers = {pid for pid, _, _, _ in found}
    parents = {parent for _, parent, _, _ in found}
    assert len(parents) == 1 and os.getpid() not in parents | workers
    (server,) = parents  # the pool's process, where the workers were forked from
    for _, _, prepared, loaded in found:
        assert prepared == [f"prepared in {server}"] and loaded[:-1] == [server]
    assert [loaded[-1] for _, _, _, loaded in found] == list(range(6))


def test_an_early_pool_hands_back_a_tasks_error_and_goes_on(forking: None) -> None:
    pool = processes.EarlyPool.start(1, prepare=f"{__name__}:_prepare")
    assert pool is not None
    with pool:
        with pytest.raises(ValueError, match="no such report"):
            pool.submit(_fails, "no such report").result(timeout=60)
        assert pool.submit(_state, 1).result(timeout=60)[3] == [1]


def test_a_lost_worker_fails_the_tasks_not_done(forking: None) -> None:
    pool = processes.EarlyPool.start(1, prepare=f"{__name__}:_prepare")
    assert pool is not None
    with pool:
        with pytest.raises(BrokenProcessPool):
            pool.submit(_dies).result(timeout=60)
        with pytest.raises(BrokenProcessPool):
            pool.submit(_state, 1).result(timeout=60)


def test_a_pool_that_cannot_prepare_says_why_at_its_first_task(forking: None) -> None:
    pool = processes.EarlyPool.start(1, prepare="truce.no_such_module:prepare")
    assert pool is not None
    with pool, pytest.raises(ModuleNotFoundError, match=r"truce\.no_such_module"):
        pool.submit(_state, 1).result(timeout=60)


def test_closing_an_early_pool_ends_its_processes(forking: None) -> None:
    pool = processes.EarlyPool.start(2, prepare=f"{__name__}:_prepare")
    assert pool is not None
    with pool:
        found = [pool.submit(_state, n).result(timeout=60) for n in range(4)]
    for pid in {pid for pid, _, _, _ in found} | {found[0][1]}:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_without_fork_there_is_no_early_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes, "fork_context", lambda: None)
    assert processes.EarlyPool.start(2, prepare=f"{__name__}:_prepare") is None


def _descendants(pid: int) -> list[int]:
    try:
        direct = [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return [found for child in direct for found in (child, *_descendants(child))]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_an_early_pools_processes_end_when_the_command_is_killed() -> None:
    """In a fresh interpreter (one thread: it may fork), killed while a task runs."""
    code = (
        "import time\nfrom truce.processes import EarlyPool\n"
        "pool = EarlyPool.start(2, prepare='gc:collect')\n"
        "pool.submit(time.sleep, 120)\nprint('started', flush=True)\ntime.sleep(120)\n"
    )
    command = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert command.stdout is not None and command.stdout.readline().strip() == "started"
        deadline = time.monotonic() + 30
        while len(_descendants(command.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)  # the pool's process and its two workers
        started = _descendants(command.pid)
        assert len(started) == 3
    finally:
        command.kill()
        command.wait()
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in started) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [pid for pid in started if Path(f"/proc/{pid}").exists()]
    assert alive == [] or all(_zombie(pid) for pid in alive)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
