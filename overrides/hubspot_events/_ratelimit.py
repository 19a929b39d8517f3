"""Client-side pacing, so that a bulk job stays just under HubSpot's rolling window limit.

A 429 costs far more than it seems: the retry must wait for the whole window to pass, so every
429 loses a window's worth of throughput. Pacing on the client side keeps them rare.

One :class:`Limiter` per client, shared by all of its threads and asyncio tasks. Its core is
non-blocking: :meth:`Limiter.acquire` books a slot and says how long to wait before sending;
the caller sleeps with its own sleep (``time.sleep`` or ``await asyncio.sleep``), sends, and
hands the slot back with :meth:`Limiter.release` when the answer (or the failure) arrives. So one
``threading.Lock``, held for microseconds and never across a sleep, serves both worlds.
"""

from __future__ import annotations

import math
import re
import threading
import time
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from hubspot_events._errors import get_header

if TYPE_CHECKING:
    import httpx

_RATE = re.compile(r"(\d+)\s*/\s*(\d+(?:\.\d*)?|\.\d+)?\s*(ms|s)", re.IGNORECASE)
# Before the first header, auto mode knows no window; it keeps this many send and answer times
# so that the first header finds the slots still taken and the sends the server counted.
_UNLEARNED_LOG = 1024

#: The longest window auto mode believes a header about (HubSpot's are 1 s and 10 s).
_MAX_INTERVAL_MS = 60_000

#: Auto mode, before its first answer: how often the others look whether it has come back.
_PROBE_POLL_MIN = 0.05
_PROBE_POLL_MAX = 1.0

#: Auto mode spreads sends evenly, but lets them run this share of a window ahead of the
#: spacing: slots come back in clumps (round trips vary), and strict spacing delays each send of
#: a clump, then the next window's clump; with 0-0.3 s round trips that lost 1.3 % of the ceiling.
_PACING_SLACK = 0.1

#: Auto mode: a surplus in ``Remaining`` smaller than this is taken for this client's own
#: requests crossing the window's edge in flight, not for someone else's.
_NOISE = 2

#: ``acquire`` in ``off`` mode: send now; the booking is never looked at.
_NOW = (0.0, 0.0)

Mode = Literal["fixed", "auto", "off"]
Booking = float
"""A slot taken by :meth:`Limiter.acquire`: the send time it was booked for."""


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
    """Requests auto mode leaves unused per window: 1 %, at least 1.

    The limiter's own requests need no margin: a slot stays taken until one window after the
    answer, so latency can never push one of them into a window the server has full. What the
    margin absorbs is everyone else: requests of another process on the same app that arrive
    between two of this client's answers, before a ``Remaining`` header can show them. 1 % keeps
    99 % of the ceiling (the bulk target is 97 %, and each slot also loses a round trip).
    """
    return max(1, math.ceil(max_requests * 0.01))


class LimiterSource(Protocol):
    """A ``rate_limit=`` option that makes its own limiter for a client's auth: how
    ``SharedRateLimit`` plugs in without this module knowing Redis."""

    def limiter(self, auth: httpx.Auth | None, *, clock: Callable[[], float] = ...) -> Limiter: ...


class Limiter:
    """A rolling-window limiter in one of three modes (build it with a classmethod).

    - ``fixed(limit)``: exactly ``limit``, as the user said: ``max_requests`` may go at once.
    - ``auto()``: learns the limit from ``X-HubSpot-RateLimit-*`` headers (see :meth:`release`)
      and spreads requests evenly over the window. Until its first answer it lets one request
      out at a time, so that a burst of many tasks cannot overrun a limit it does not know yet.
    - ``off()``: never waits and ignores everything, so the request path needs no ``None`` checks.

    **A request holds its slot from the moment it is booked until one window after its answer.**
    The server counts a request when it *arrives*, somewhere between its send and its answer, and
    keeps counting it for one window. Freeing the slot one window after the *send* (what a plain
    token bucket does) lets a later request with a shorter trip arrive while the server still
    counts the earlier one: with round trips of 0-0.3 s, ``RateLimit(100, 10)`` against HubSpot's
    100 per 10 s earned 12-23 429s per 800 requests from 8-32 tasks, ``RateLimit(10, 1)`` against
    10 per second 50-71 per 300. One window after the answer, the server has surely forgotten the
    request, whatever the latency did; the price is one round trip per slot and window (1 % at
    0.1 s against a 10 s window).

    Slots are booked before the send (never counted after the answer), in order, and only for a
    send time already known. When every slot waits for an answer, :meth:`acquire` books nothing
    and says to come back one window later, the earliest a slot can free. So a single wait never
    exceeds about one window, however many tasks or threads queue up, and no caller books far
    ahead on a guess. Every mode but ``off`` honours :meth:`penalize`: after a 429, every caller
    holds off.
    """

    def __init__(self, mode: Mode, limit: RateLimit | None, *, clock: Callable[[], float]) -> None:
        self._mode: Mode = mode
        self._clock = clock
        self._lock = threading.Lock()
        self._limit: RateLimit | None = None
        self._cap = 0  # requests allowed per window
        self._slack = 0.0  # auto: how far a send may run ahead of the even spacing
        self._sending: list[float] = []  # booked send times of requests not done yet, ascending
        # Answer times of the last window, and (auto mode) send times of the last two, ascending;
        # bounded by length until a limit (so a window) is known.
        self._answered: deque[float] = deque(maxlen=_UNLEARNED_LOG)
        self._sent: deque[float] = deque(maxlen=_UNLEARNED_LOG)
        self._heard = False  # auto: some answer came back (before that, one request at a time)
        self._last_at = -math.inf  # the latest booking: bookings stay in order
        self._paced_at = -math.inf  # auto mode's even spacing (GCRA's theoretical arrival time)
        self._hold_until = -math.inf
        self._foreign = 0  # requests in the server's window that this limiter did not book
        self._foreign_until = -math.inf
        self._last_surplus: int | None = None
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
        cls,
        option: RateLimit | str | LimiterSource | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        auth: httpx.Auth | None = None,
    ) -> Limiter:
        """The client's ``rate_limit=`` option: ``"auto"``, a :class:`RateLimit` or its text,
        ``None``, or a :class:`LimiterSource` such as ``SharedRateLimit`` (whose budget's key
        comes from ``auth``)."""
        if option is None:
            return cls.off()
        if option == "auto":
            return cls.auto(clock=clock)
        if not isinstance(option, RateLimit | str):
            return option.limiter(auth, clock=clock)
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

    def acquire(self) -> tuple[float, Booking | None]:
        """Book a slot: ``(wait, booking)``. Sleep ``wait`` s, send, then :meth:`release` it.

        A ``None`` booking means that nothing was booked (every slot waits for an answer, or
        auto mode waits for its first one): sleep ``wait`` s and ask again.
        """
        if self._mode == "off":
            return _NOW
        with self._lock:
            now = self._clock()
            at = max(now, self._hold_until, self._last_at, self._paced_at - self._slack)
            limit = self._limit
            if limit is not None:
                _prune(self._answered, now - limit.interval_s)
                _prune(self._sent, now - 2 * limit.interval_s)
                interval = limit.interval_s
                at = self._earliest(at, interval)
                if at > now + interval:  # not before an answer comes back, or a long hold
                    return interval, None
            elif self._sending and not self._heard:
                # Auto mode, nothing heard yet: the request out finds the limit for the others.
                waited = now - self._sending[0]
                return min(_PROBE_POLL_MAX, max(_PROBE_POLL_MIN, waited)), None
            self._sending.append(at)  # ``at`` is never before an earlier booking
            self._last_at = at
            if self._mode == "auto":
                self._sent.append(at)
            if limit is not None and self._mode == "auto":
                spacing = limit.interval_s / max(1, self._budget(at))
                self._paced_at = max(self._paced_at, at) + spacing
            return at - now, at

    def release(
        self, booking: Booking, headers: Mapping[str, str] | None = None, *, sent: bool = True
    ) -> None:
        """The request booked as ``booking`` is done; its slot frees one window from now.

        ``headers``: its response's (``None`` for a transport error or timeout). ``sent=False``:
        it never went out (cancelled while waiting), so its slot frees at once. Releasing twice
        is harmless.

        Auto mode learns from the headers: ``Max`` and ``Interval-Milliseconds`` give the limit,
        and the budget is ``Max`` minus :func:`safety_margin` per window, sent about ``interval
        / budget`` apart. ``Remaining`` is compared with this limiter's own sends in the window
        before this request was sent (the booking dates it, however late the answer comes back
        or in whatever order): a surplus is someone else's (another process on the same app, a
        previous run) and comes off the budget for one window. Headers can only lower the
        budget below what the limiter's own bookings allow, never raise it.
        """
        if self._mode == "off":
            return
        learned = _read_limit(headers) if headers is not None and self._mode == "auto" else None
        with self._lock:
            sending = self._sending
            index = bisect_left(sending, booking)
            if index == len(sending) or sending[index] != booking:
                return  # released already
            del sending[index]
            if not sent:
                return
            now = self._clock()
            self._answered.append(now)
            if headers is not None:
                self._heard = True
            if learned is not None:
                self._learn(learned[0], learned[1], sent_at=booking, now=now)

    def penalize(self, wait: float) -> None:
        """After a 429: nobody sharing this limiter sends for ``wait`` seconds, not only the caller."""
        if self._mode == "off":
            return
        with self._lock:
            self._hold_until = max(self._hold_until, self._clock() + wait)

    def _learn(
        self, limit: RateLimit, remaining: int | None, *, sent_at: float, now: float
    ) -> None:
        if limit != self._limit:
            self._set_limit(limit)
        if remaining is None:
            return
        sent, interval = self._sent, limit.interval_s
        # The server counted this request on arrival, after ``sent_at``; most of ours that it
        # counted with it were sent in the window before (requests in flight for about as long).
        sent_at = max(sent_at, now - interval)
        ours = bisect_right(sent, sent_at) - bisect_right(sent, sent_at - interval)
        fresh = limit.max_requests - remaining - ours
        # Latency jitter moves a request or two of this client across the window's edge while
        # in flight, so one answer can show a surplus that is not real: someone else's usage
        # counts once two answers in a row show it, and lasts until two in a row show less. It
        # can grow between answers, so the budget leaves room for ``_NOISE`` more of it.
        last = fresh if self._last_surplus is None else self._last_surplus
        self._last_surplus = fresh
        surplus = max(fresh, last) if self._foreign else min(fresh, last)
        self._foreign = surplus + _NOISE if surplus >= _NOISE else 0
        self._foreign_until = now + interval

    def _set_limit(self, limit: RateLimit) -> None:
        self._limit = limit
        auto = self._mode == "auto"
        self._cap = max(1, limit.max_requests - (safety_margin(limit.max_requests) if auto else 0))
        self._slack = limit.interval_s * _PACING_SLACK if auto else 0.0
        # From now on pruned by time, not by length: all in the window count, however many.
        self._answered, self._sent = deque(self._answered), deque(self._sent)

    def _budget(self, at: float) -> int:
        """Sends this limiter may have in a window at time ``at``: others' requests come off."""
        return self._cap - self._foreign if at < self._foreign_until else self._cap

    def _earliest(self, at: float, interval: float) -> float:
        """The first time from ``at`` when one more slot keeps every window within budget
        (``inf``: not before an answer comes back)."""
        unhindered = self._free_at(at, self._cap, interval)
        if at >= self._foreign_until:
            return unhindered
        # Until others' requests have surely left the window, the budget is smaller.
        shared = self._free_at(at, self._budget(at), interval)
        return min(shared, max(unhindered, self._foreign_until))

    def _free_at(self, at: float, budget: int, interval: float) -> float:
        """When fewer than ``budget`` slots are taken: a slot is taken from its booking until one
        window after its answer, so only answers already in say when one frees."""
        if budget <= 0:
            return math.inf
        answered = self._answered
        if len(self._sending) + len(answered) < budget:
            return at  # the common case, cheaply
        first = bisect_right(answered, at - interval)  # answered a window before ``at``: free
        freeing = len(answered) - first
        taken = len(self._sending) + freeing
        if taken < budget:
            return at
        needed = taken - budget + 1
        if needed > freeing:
            return math.inf
        return max(at, answered[first + needed - 1] + interval)


def _prune(times: deque[float], horizon: float) -> None:
    while times and times[0] <= horizon:
        times.popleft()


def _read_limit(headers: Mapping[str, str]) -> tuple[RateLimit, int | None] | None:
    """The limit and ``Remaining`` in a response's headers, or ``None`` if they are missing or
    garbled (HubSpot's windows are 1 s and 10 s: a longer one is not believed)."""
    max_requests = _int_header(headers, "X-HubSpot-RateLimit-Max")
    interval_ms = _int_header(headers, "X-HubSpot-RateLimit-Interval-Milliseconds")
    if not max_requests or not interval_ms or interval_ms > _MAX_INTERVAL_MS:
        return None
    remaining = _int_header(headers, "X-HubSpot-RateLimit-Remaining")
    return RateLimit(max_requests, interval_ms / 1000), remaining


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    """A non-negative integer header, or ``None``: a garbled header must never fail a request."""
    value = get_header(headers, name)
    try:
        number = int(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and number >= 0 else None
