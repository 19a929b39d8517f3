"""The fake's request log: what tests assert on after driving a client through it."""

from __future__ import annotations

import threading
from collections import deque
from typing import NamedTuple


class RequestRecord(NamedTuple):
    """One request the fake answered: ``status`` is 0 when the fake dropped the connection."""

    method: str
    path: str
    status: int


class RequestLog:
    """The last ``maxlen`` requests, and how many 429s were served in total (thread-safe).

    Bounded so that a long-running sandbox does not grow without end; the 429 counter is not.
    """

    def __init__(self, maxlen: int) -> None:
        self._lock = threading.Lock()
        self._records: deque[RequestRecord] = deque(maxlen=maxlen)
        self.rate_limited = 0
        self.total = 0

    def add(self, method: str, path: str, status: int) -> None:
        """Record one answered (or dropped) request."""
        with self._lock:
            self._records.append(RequestRecord(method, path, status))
            self.total += 1
            if status == 429:
                self.rate_limited += 1

    def records(self) -> list[RequestRecord]:
        """A snapshot, oldest first."""
        with self._lock:
            return list(self._records)

    def clear(self) -> None:
        """Forget every record and reset the counters."""
        with self._lock:
            self._records.clear()
            self.rate_limited = 0
            self.total = 0
