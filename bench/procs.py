"""A command measured as a tree of processes: wall and CPU seconds of the whole, and the peak
resident memory and CPU of the command itself apart from its worker processes.

``os.wait4`` gives the whole tree's CPU (workers are reaped by the command), but its peak memory
is the largest process's and carries over ``exec`` from the forked benchmark process itself (a
command started from a 300 MB benchmark shows at least 300 MB). So memory comes from sampling
``/proc`` every 20 ms while the command runs: each process's own high-water mark (``VmHWM``,
which starts afresh at ``exec``) and CPU so far, the last sample before it ends.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """Every live descendant of ``pid``."""
    try:
        direct = [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return [found for child in direct for found in (child, *children(child))]


def sample(pid: int) -> tuple[float, float] | None:
    """A live process's peak resident memory (MB) and CPU seconds so far; None when gone (or
    a zombie, which has no memory left to report)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    hwm = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), None)
    if hwm is None:
        return None
    return int(hwm) / 1024, (int(stat[11]) + int(stat[12])) / TICK


@dataclass
class Watch:
    """Samples of one running command and its descendants, per process id."""

    pid: int
    peaks: dict[int, tuple[float, float]] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in (self.pid, *children(self.pid)):
                found = sample(pid)
                if found is not None:
                    self.peaks[pid] = found
            self.stop.wait(0.02)


def measured(command: list[str], *, allow_failure: bool = False) -> dict[str, float]:
    """Wall and CPU seconds of ``command`` and its workers; peak MB and CPU seconds of the
    command alone (``parent_*``) and of its largest worker and all workers (``worker_*``)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watch = Watch(process.pid)
    thread = threading.Thread(target=watch.run, daemon=True)
    thread.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    watch.stop.set()
    thread.join()
    if os.waitstatus_to_exitcode(status) != 0 and not allow_failure:
        raise RuntimeError(f"{' '.join(command)} failed")
    cpu = usage.ru_utime + usage.ru_stime
    parent = watch.peaks.get(process.pid, (0.0, cpu))
    workers = [found for pid, found in watch.peaks.items() if pid != process.pid]
    return {
        "wall": wall,
        "cpu": cpu,
        "rss": max((found[0] for found in watch.peaks.values()), default=0.0),
        "parent_rss": parent[0],
        "parent_cpu": min(parent[1], cpu),
        "worker_rss": max((w[0] for w in workers), default=0.0),
        "worker_cpu": max(cpu - min(parent[1], cpu), 0.0) if workers else 0.0,
    }
