"""An open-loop HTTP load generator: requests start on a fixed schedule, whatever the server does.

A closed loop of N clients sends the next request only when an answer comes back, so a slow
server is asked less often and its queueing never shows (coordinated omission): it measures
saturation, not latency. Here request k is due at ``k / rate`` seconds; it goes out on an idle
keep-alive connection, or a new one when all are busy (up to :data:`MAX_CONNECTIONS`, then it
waits for one), and its latency counts from the moment it was due, so time spent waiting for a
connection or in the server's queue is counted. An idle connection the server has closed (its
keep-alive timeout) is dropped before use, not counted as a failed request.

HTTP/1.1 over asyncio streams (uvloop when installed), GET only, with Content-Length or chunked
bodies: just what the map benchmark needs, and light enough to leave the CPU to the servers.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class OpenLoopResult:
    rate: float  # requests per second asked for
    sent: int
    answered: int  # 2xx
    failed: int  # other status, connection error or timeout (counted as the slowest)
    achieved: float  # answers per second over the run
    p50_ms: float
    p99_ms: float
    max_lag_ms: float  # how late the generator itself started a request, at worst


MAX_CONNECTIONS = 256  # open at once; a request finding none free waits (and that counts)


class _Pool:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.free = asyncio.Semaphore(MAX_CONNECTIONS)

    async def get(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        await self.free.acquire()
        while self.idle:
            reader, writer = self.idle.pop()
            if not reader.at_eof():
                return reader, writer
            writer.close()  # closed by the server while idle (its keep-alive timeout)
        try:
            return await asyncio.open_connection(self.host, self.port)
        except OSError:
            self.free.release()
            raise

    def put(self, connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None) -> None:
        """Back to the pool after a whole answer; None (closed) after a failure."""
        if connection is not None:
            self.idle.append(connection)
        self.free.release()

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()


async def _body(reader: asyncio.StreamReader, head: bytes) -> None:
    headers = head.decode("latin-1").lower()
    if "transfer-encoding: chunked" in headers:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                return
    for line in headers.split("\r\n"):
        if line.startswith("content-length:"):
            await reader.readexactly(int(line.split(":", 1)[1]))
            return


async def _one(pool: _Pool, request: bytes, due: float, timeout: float) -> float | None:
    """Seconds from ``due`` to the whole answer; None when it failed or took over ``timeout``."""
    try:
        return await asyncio.wait_for(_exchange(pool, request, due), timeout)
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
        return None


async def _exchange(pool: _Pool, request: bytes, due: float) -> float | None:
    connection = await pool.get()
    reader, writer = connection
    try:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        await _body(reader, head)
    except BaseException:
        writer.close()  # half-read: never reused
        pool.put(None)
        raise
    done = time.perf_counter()
    pool.put(connection)
    return done - due if head[9:10] == b"2" else None


async def _run(
    host: str,
    port: int,
    paths: list[str],
    headers: dict[str, str],
    rate: float,
    seconds: float,
    timeout: float,
) -> OpenLoopResult:
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    requests = [
        f"GET {p} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}\r\n".encode("latin-1") for p in paths
    ]
    pool = _Pool(host, port)
    count = int(rate * seconds)
    start = time.perf_counter() + 0.05
    tasks, lag = [], 0.0
    for k in range(count):
        due = start + k / rate
        wait = due - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        lag = max(lag, time.perf_counter() - due)
        tasks.append(asyncio.create_task(_one(pool, requests[k % len(requests)], due, timeout)))
    results = await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    pool.close()
    # A failed request counts as slower than any answer: percentiles are over all that were sent.
    every = sorted(float("inf") if r is None else r for r in results)
    answered = sum(1 for r in results if r is not None)
    return OpenLoopResult(
        rate=rate,
        sent=count,
        answered=answered,
        failed=count - answered,
        achieved=answered / elapsed,
        p50_ms=statistics.median(every) * 1000 if every else float("nan"),
        p99_ms=every[min(len(every) - 1, int(0.99 * len(every)))] * 1000 if every else float("nan"),
        max_lag_ms=lag * 1000,
    )


def open_loop(
    host: str,
    port: int,
    paths: list[str],
    headers: dict[str, str],
    *,
    rate: float,
    seconds: float,
    timeout: float = 10.0,
) -> OpenLoopResult:
    """Send ``rate`` requests a second for ``seconds``, cycling through ``paths`` in order."""
    work = _run(host, port, paths, headers, rate, seconds, timeout)
    try:
        import uvloop
    except ImportError:
        return asyncio.run(work)
    return uvloop.run(work)
