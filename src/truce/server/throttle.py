"""Sign-in throttling: after ``MAX_FAILURES`` wrong passwords for one user name from one client
address within ``WINDOW_SECONDS``, that pair is locked out until the window has passed.

While locked out every attempt answers 429 with ``Retry-After`` and a message saying when to try
again, the right password included (checking it would tell a guesser they found it). A success
clears the pair's failures. The counts live in the server process (``app.state``): each worker
process counts on its own, and a restart forgets them.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime

from truce.errors import TruceError

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
MAX_TRACKED = 50_000  # pairs kept at most; the stalest are forgotten first


class TooManyAttempts(TruceError):
    """Sign-ins refused for a while; ``headers`` carries ``Retry-After`` (seconds)."""

    status = 429
    code = "too-many-requests"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, detail={"retry_after": retry_after})
        self.headers = {"Retry-After": str(retry_after)}


class LoginThrottle:
    """Failed sign-ins per (user name, client address), in one process."""

    def __init__(
        self,
        *,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(username: str, client: str | None) -> tuple[str, str]:
        return username.strip().casefold(), client or "unknown"

    def check(self, username: str, client: str | None) -> None:
        """Raise :class:`TooManyAttempts` while the pair is locked out."""
        key = self.key(username, client)
        now = self.clock()
        with self._lock:
            if key not in self._failures:
                return
            recent = self._recent(key, now)
            if len(recent) < self.max_failures:
                return
            until = recent[0] + self.window
        wait = max(1, int(until - now + 0.999))
        at = datetime.fromtimestamp(until, UTC).strftime("%H:%M UTC")
        minutes = (wait + 59) // 60
        raise TooManyAttempts(
            f"too many failed sign-ins for {username!r} from this address: try again in "
            f"{minutes} minute{'s' if minutes != 1 else ''} (after {at}), or ask an admin "
            "to set a new password",
            retry_after=wait,
        )

    def failed(self, username: str, client: str | None) -> None:
        key = self.key(username, client)
        now = self.clock()
        with self._lock:
            self._recent(key, now).append(now)
            if len(self._failures) > MAX_TRACKED:
                self._forget_stalest(now)

    def succeeded(self, username: str, client: str | None) -> None:
        with self._lock:
            self._failures.pop(self.key(username, client), None)

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque(maxlen=self.max_failures))
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def _forget_stalest(self, now: float) -> None:
        cutoff = now - self.window
        stale = [k for k, times in self._failures.items() if not times or times[-1] <= cutoff]
        for key in stale:
            del self._failures[key]
        if len(self._failures) > MAX_TRACKED:
            by_age = sorted(self._failures, key=lambda k: self._failures[k][-1])
            for key in by_age[: len(self._failures) - MAX_TRACKED]:
                del self._failures[key]
