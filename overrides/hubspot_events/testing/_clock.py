"""A manual clock for tests: the fake's rate limit, token expiry and timestamps follow it."""

from __future__ import annotations

import threading


class FakeClock:
    """A monotonic clock that only moves when told to (``FakeHubSpot(clock=FakeClock())``).

    Tests advance it instead of sleeping, so windows and expiries are exact and instant.
    """

    def __init__(self, start: float = 0.0) -> None:
        self._lock = threading.Lock()
        self._now = start

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds`` (never backwards: it is a monotonic clock)."""
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go backwards")
        with self._lock:
            self._now += seconds

    def __repr__(self) -> str:
        return f"FakeClock({self._now!r})"
