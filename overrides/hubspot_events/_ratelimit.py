"""Client-side pacing, so that a bulk job stays just under HubSpot's rolling window limit.

A 429 costs far more than it seems: the retry must wait for the whole window to pass, so every
429 loses a window's worth of throughput. Pacing on the client side keeps them rare.

One :class:`Limiter` per client, shared by all of its threads and asyncio tasks. Its core is
non-blocking: :meth:`Limiter.reserve` books a send time and says how long to wait for it; the
caller sleeps with its own sleep (``time.sleep`` or ``await asyncio.sleep``). So one
``threading.Lock``, held for microseconds and never across a sleep, serves both worlds.
"""

from __future__ import annotations

import math
import re
import threading
import time
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from hubspot_events._errors import get_header

_RATE = re.compile(r"(\d+)\s*/\s*(\d+(?:\.\d*)?|\.\d+)?\s*(ms|s)", re.IGNORECASE)
# Before the first response, auto mode knows no limit; it keeps this many send times so that the
# first ``Remaining`` header can be compared with what this client itself has sent.
_UNLEARNED_LOG = 1024

#: The longest window auto mode believes a header about (HubSpot's are 1 s and 10 s).
_MAX_INTERVAL_MS = 60_000

Mode = Literal["fixed", "auto", "off"]


@dataclass(frozen=True)
class RateLimit:
    """At most ``max_requests`` in any rolling window of ``interval_s`` seconds."""

    max_requests: int
    interval_s: float

    def __post_init__(self) -> None:
        if (
            isinstance(self.max_requests, bool)
            or not isinstance(self.max_requests, int)
            or self.max_requests <= 0
        ):
            raise ValueError(
                f"RateLimit.max_requests must be a positive integer, got {self.max_requests!r}"
            )
        interval = self.interval_s
        if (
            isinstance(interval, bool)
            or not isinstance(interval, int | float)
            or not 0 < interval < math.inf
        ):
            raise ValueError(
                f"RateLimit.interval_s must be a positive number of seconds, got {interval!r}"
            )

    @classmethod
    def parse(cls, text: str) -> RateLimit:
        """``"100/10s"``, ``"190/10s"``, ``"100/1s"``, ``"10/s"`` or ``"50/500ms"``."""
        match = _RATE.fullmatch(text.strip())
        if match is None:
            raise ValueError(
                f"rate limit {text!r}: expected <requests>/<interval>, such as '100/10s' or '50/500ms'"
            )
        count, number, unit = match.groups()
        return cls(int(count), float(number or 1) * (0.001 if unit.lower() == "ms" else 1.0))


def safety_margin(max_requests: int) -> int:
    """Requests auto mode leaves unused per window: 3 %, at least 2.

    The server counts arrivals, the client counts sends; latency jitter can move a request from
    one window into the next. 3 % absorbs that and still keeps 97 % of the ceiling (the target is
    95 %); 2 is the floor so that small limits keep headroom too.
    """
    return max(2, math.ceil(max_requests * 0.03))


class Limiter:
    """A rolling-window limiter in one of three modes (build it with a classmethod).

    - ``fixed(limit)``: exactly ``limit``, as the user said: ``max_requests`` may go at once, the
      next when the oldest has left the window.
    - ``auto()``: learns the limit from ``X-HubSpot-RateLimit-*`` headers (see :meth:`observe`)
      and spreads requests evenly over the window; never blocks before the first header.
    - ``off()``: never waits and ignores everything, so the request path needs no ``None`` checks.

    Requests are booked in order (no caller overtakes one that asked earlier). Every mode but
    ``off`` honours :meth:`penalize`: after a 429, every caller holds off. A reservation whose
    caller is cancelled while waiting stays booked: the limiter errs on the side of sending less.
    """

    def __init__(self, mode: Mode, limit: RateLimit | None, *, clock: Callable[[], float]) -> None:
        self._mode: Mode = mode
        self._clock = clock
        self._lock = threading.Lock()
        self._limit: RateLimit | None = None
        self._cap = 0  # requests allowed per window
        self._log: deque[float] = deque(maxlen=_UNLEARNED_LOG)  # booked send times, ascending
        self._next_at = -math.inf  # auto mode's even spacing, and the order of bookings
        self._hold_until = -math.inf
        self._foreign = 0  # requests in the server's window that this limiter did not book
        self._last_surplus: int | None = None
        self._foreign_until = -math.inf
        if limit is not None:
            self._set_limit(limit)

    @classmethod
    def fixed(cls, limit: RateLimit, *, clock: Callable[[], float] = time.monotonic) -> Limiter:
        return cls("fixed", limit, clock=clock)

    @classmethod
    def auto(cls, *, clock: Callable[[], float] = time.monotonic) -> Limiter:
        return cls("auto", None, clock=clock)

    @classmethod
    def off(cls) -> Limiter:
        return cls("off", None, clock=time.monotonic)

    @classmethod
    def from_option(
        cls, option: RateLimit | str | None, *, clock: Callable[[], float] = time.monotonic
    ) -> Limiter:
        """The client's ``rate_limit=`` option: ``"auto"``, a :class:`RateLimit` or its text, or ``None``."""
        if option is None:
            return cls.off()
        if option == "auto":
            return cls.auto(clock=clock)
        return cls.fixed(
            option if isinstance(option, RateLimit) else RateLimit.parse(option), clock=clock
        )

    @property
    def mode(self) -> Mode:
        return self._mode

    @property
    def limit(self) -> RateLimit | None:
        """The limit in force: the fixed one, or the one auto mode last learned."""
        return self._limit

    def __repr__(self) -> str:
        return f"Limiter(mode={self._mode!r}, limit={self._limit!r})"

    def reserve(self) -> float:
        """Book the next send and return how many seconds to wait before sending (0.0: now)."""
        if self._mode == "off":
            return 0.0
        with self._lock:
            now = self._clock()
            at = max(now, self._hold_until, self._next_at)
            limit = self._limit
            if limit is not None:
                at = self._earliest(at, limit.interval_s)
                while self._log and self._log[0] <= now - 2 * limit.interval_s:
                    self._log.popleft()  # observe() looks back at most two windows
            self._log.append(at)
            # Bookings stay in order; auto mode also spaces them evenly over the window.
            self._next_at = at
            if limit is not None and self._mode == "auto":
                self._next_at += limit.interval_s / self._budget(at)
            return at - now

    def observe(self, headers: Mapping[str, str], *, elapsed: float = 0.0) -> None:
        """Auto mode: learn from a response's ``X-HubSpot-RateLimit-*`` headers; else a no-op.

        ``Max`` and ``Interval-Milliseconds`` give the limit. The budget is ``Max`` minus
        :func:`safety_margin` per window, and sends are spaced ``interval / budget`` apart: the
        server counts *arrivals*, and evenly spaced sends keep its count steady whatever the
        latency does, where a burst at a window's edge would spill into the next window.

        ``Remaining`` is compared with the sends this limiter booked in the window the server
        counted: any surplus is someone else's (another process on the same app, a previous run)
        and comes off the budget until a fresher header says otherwise or one window has passed.
        So when ``Remaining`` is low, ``Remaining`` minus the margin is what is left to send in
        this window, spread over the rest of it. ``elapsed`` (seconds from sending the request to
        its response) dates that window: the server counted when the request arrived, not now.
        Pass it: in a simulation with slow, jittery round trips (0.2-3 s) and another consumer on
        the same quota, leaving it out turned ~9 % of requests into 429s, against < 1 % with it.
        """
        if self._mode != "auto":
            return
        max_requests = _int_header(headers, "X-HubSpot-RateLimit-Max")
        interval_ms = _int_header(headers, "X-HubSpot-RateLimit-Interval-Milliseconds")
        if not max_requests or not interval_ms or interval_ms > _MAX_INTERVAL_MS:
            return  # HubSpot's windows are 1 s and 10 s: anything else is a garbled header
        remaining = _int_header(headers, "X-HubSpot-RateLimit-Remaining")
        limit = RateLimit(max_requests, interval_ms / 1000)
        with self._lock:
            if limit != self._limit:
                self._set_limit(limit)
            if remaining is not None:
                now = self._clock()
                sent = now - min(max(0.0, elapsed), limit.interval_s)
                ours = bisect_right(self._log, sent) - bisect_right(
                    self._log, sent - limit.interval_s
                )
                fresh = max_requests - remaining - ours
                # Latency jitter moves some of this client's requests across the window's edge
                # while in flight, so one answer can show a surplus that is not real; someone
                # else's usage shows in consecutive answers. And a surplus within the margin is
                # noise that the margin absorbs anyway.
                surplus = fresh if self._last_surplus is None else min(fresh, self._last_surplus)
                self._last_surplus = fresh
                self._foreign = surplus if surplus >= max_requests - self._cap else 0
                self._foreign_until = now + limit.interval_s

    def penalize(self, wait: float) -> None:
        """After a 429: nobody sharing this limiter sends for ``wait`` seconds, not only the caller."""
        if self._mode == "off":
            return
        with self._lock:
            self._hold_until = max(self._hold_until, self._clock() + wait)

    def _set_limit(self, limit: RateLimit) -> None:
        self._limit = limit
        margin = safety_margin(limit.max_requests) if self._mode == "auto" else 0
        self._cap = max(1, limit.max_requests - margin)
        # From now on the log is pruned by time, not by length: it must hold every send still in
        # the window *and* every booking ahead, however many callers are waiting.
        self._log = deque(self._log)

    def _budget(self, at: float) -> int:
        """Sends this limiter may have in a window at time ``at``: others' requests come off."""
        return self._cap - self._foreign if at < self._foreign_until else self._cap

    def _earliest(self, at: float, interval: float) -> float:
        """The first time from ``at`` when one more send keeps every window within budget."""
        unhindered = self._free_at(at, self._cap, interval)
        if at >= self._foreign_until:
            return unhindered
        # Until others' requests have surely left the window, the budget is smaller.
        shared = self._free_at(at, self._budget(at), interval)
        return min(shared, max(unhindered, self._foreign_until))

    def _free_at(self, at: float, budget: int, interval: float) -> float:
        if budget <= 0:
            return math.inf
        if len(self._log) < budget:
            return at
        return max(at, self._log[-budget] + interval)


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    """A non-negative integer header, or ``None``: a garbled header must never fail a request."""
    value = get_header(headers, name)
    try:
        number = int(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and number >= 0 else None
