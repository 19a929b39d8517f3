"""One app's rate limit shared by many processes or hosts through Redis: ``SharedRateLimit``.

Why: HubSpot's burst limit belongs to one app in one account, its daily limit to the account.
Processes that pace alone each believe they have the whole window; four of them reached 70 % of
the ceiling with 26 % of requests answered 429. Here they book their slots in one Redis.

How, and why this way (measured against ``limits`` and ``pyrate-limiter``: bench/RESULTS.md):

- One Lua script per request (``_shared_window.lua``), one round trip, atomic: it books the slot
  and hands in what this process learned since its last call (answer times, HubSpot's headers,
  a 429's hold). Nothing else talks to Redis on the request path, so ``release`` costs nothing.
- A slot is held from its booking until one window after the answer, as the local limiter does
  (the server counts a request when it arrives, somewhere in between). Booked, a slot is held
  until one window plus this process's recent send-to-answer time after the send time; the
  next call corrects it to the real answer time.
- The window and the 429 hold are in Redis's clock (``TIME``), so hosts' clocks need not agree.
- HubSpot's ``Remaining`` is the truth: when a worker sees fewer left than the slots held, the
  difference is someone else's and takes slots for a window. ``Max`` / ``Interval`` (auto mode)
  are learned once for everybody; ``Daily-Remaining`` keeps a shared daily budget.
- Redis lost mid-run: this process paces alone (the local auto limiter, seeded with the limit it
  knew, corrected by the headers), warns once, and tries Redis again every second.

Both clients use it: the call is a blocking one of about 0.1-0.3 ms on loopback, made by the
async client too (the limiter's interface is synchronous); bench/RESULTS.md has the figures.
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

import httpx

from hubspot_events._errors import RateLimitError
from hubspot_events._ratelimit import Booking, Limiter, Mode, RateLimit, _int_header, _read_limit
from hubspot_events._redis import (
    KEY_PREFIX,
    check_redis_url,
    connect,
    describe,
    digest,
    redact_redis_url,
    unavailable,
)

if TYPE_CHECKING:
    import redis

logger = logging.getLogger("hubspot_events")

#: How long a booked request's slot is held beyond one window before its answer is known, until
#: this process has timed some answers (then: the slowest of its recent ones, see below).
_FIRST_ALLOWANCE_S: Final = 0.5
_ALLOWANCE_MIN_S: Final = 0.02
_ALLOWANCE_MAX_S: Final = 5.0
_ALLOWANCE_SAMPLES: Final = 32
#: Auto mode before any limit is known: the probe's lease (a killed prober's expires).
_PROBE_LEASE_S: Final = 2.0
#: The longest a caller waits before asking again when nothing could be booked.
_POLL_MAX_S: Final = 1.0
#: Redis lost: the most answers kept to hand in when it is back.
_PENDING_MAX: Final = 1024
#: Redis lost: how long this process paces alone before trying it again.
REJOIN_AFTER_S: Final = 1.0


@functools.cache
def _script_text() -> str:
    """The Lua script, read on first use (an application that shares nothing never reads it)."""
    return resources.files("hubspot_events").joinpath("_shared_window.lua").read_text("utf-8")


@dataclass(frozen=True)
class SharedRateLimit:
    """``rate_limit=SharedRateLimit(redis_url)``: every client given one for the same app and
    account (any process, any host) shares one rolling window, kept in Redis.

    ``limit``: ``"auto"`` (learn HubSpot's limit from its headers, keep 1 % spare) or a
    :class:`RateLimit` / its text (``"100/10s"``) to share exactly that. The budget's key is a
    hash of ``key`` if given, else of ``(app_id, account_id)`` if both are given, else of the
    client's credentials (the private-app token; for :class:`OAuth`, the app's client id and
    the account's token store or refresh token): never the token itself.
    """

    redis_url: str
    limit: RateLimit | str = "auto"
    key: str | None = field(default=None, repr=False)
    app_id: int | str | None = None
    account_id: int | str | None = None

    def __post_init__(self) -> None:
        check_redis_url(self.redis_url)
        limit = self.limit
        if isinstance(limit, str) and limit.strip().lower() != "auto":
            object.__setattr__(self, "limit", RateLimit.parse(limit))
        elif isinstance(limit, str):
            object.__setattr__(self, "limit", "auto")
        elif not isinstance(limit, RateLimit):
            raise ValueError(
                f"SharedRateLimit.limit must be 'auto', a RateLimit or its text such as "
                f"'100/10s', got {limit!r}"
            )
        if (self.app_id is None) != (self.account_id is None):
            raise ValueError("SharedRateLimit: pass both app_id and account_id, or neither")

    def __repr__(self) -> str:
        return f"SharedRateLimit({redact_redis_url(self.redis_url)!r}, limit={self.limit!r})"

    def redis_key(self, auth: httpx.Auth | None = None) -> str:
        """The Redis key prefix of this budget: ``hubspot-events:rl:<hash>``."""
        if self.key is not None:
            identity = digest("key", self.key)
        elif self.app_id is not None:
            identity = digest("app", str(self.app_id), str(self.account_id))
        else:
            from hubspot_events._auth import shared_identity

            found = shared_identity(auth) if auth is not None else None
            if found is None:
                raise ValueError(
                    "SharedRateLimit cannot tell which app this client's auth belongs to: pass "
                    "key='...' or app_id=... and account_id=..."
                )
            identity = digest("auth", found)
        return f"{KEY_PREFIX}:rl:{identity}"

    def limiter(
        self,
        auth: httpx.Auth | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        server_clock: Callable[[], float] | None = None,
    ) -> SharedLimiter:
        """Connect (``SharedStateError`` if Redis does not answer: nothing was sent yet)."""
        return SharedLimiter(self, self.redis_key(auth), clock=clock, server_clock=server_clock)


@dataclass
class _Pending:
    """What this process learned since its last call to Redis, handed in with the next one."""

    answers: list[tuple[str, float | None]] = field(default_factory=list)  # None: never sent
    seen: tuple[RateLimit, int | None, int | None, float] | None = None  # limit, rem., daily, at
    hold_until: float = -math.inf


class SharedLimiter(Limiter):
    """The limiter behind :class:`SharedRateLimit` (see the module docstring).

    A :class:`Limiter` itself: its own (auto-mode) state is the local pacing used while Redis is
    unreachable, so the request path needs no other case.
    """

    def __init__(
        self,
        config: SharedRateLimit,
        key: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        server_clock: Callable[[], float] | None = None,
        client: redis.Redis | None = None,
    ) -> None:
        fixed = config.limit if isinstance(config.limit, RateLimit) else None
        super().__init__("auto", fixed, clock=clock)
        self.config = config
        self.key = key
        self._shared_mode: Mode = "auto" if fixed is None else "fixed"
        self._fixed = fixed
        self._server_clock = server_clock  # tests: a fake clock instead of Redis's TIME
        self._redis = client or connect(config.redis_url, "the shared rate limit")
        self._script = self._redis.register_script(_script_text())
        self._keys = [f"{key}:w", f"{key}:s", f"{key}:p"]
        self._unavailable = unavailable()
        self._instance = os.urandom(6).hex()
        self._ids = itertools.count(1)
        self._pending_lock = threading.Lock()
        self._pending = _Pending()
        self._flights: dict[Booking, tuple[str, float]] = {}  # booking -> (member, send time)
        self._delays: deque[float] = deque(maxlen=_ALLOWANCE_SAMPLES)
        self._shared_limit: RateLimit | None = fixed
        self._down_until = -math.inf
        self._down_since: float | None = None
        #: The daily budget left as Redis last said (None: no daily header seen).
        self.daily_left: int | None = None
        #: Times Redis was lost during this limiter's life (each warned once).
        self.outages = 0

    @property
    def mode(self) -> Mode:
        return self._shared_mode

    @property
    def limit(self) -> RateLimit | None:
        return self._shared_limit or super().limit

    @property
    def shared(self) -> bool:
        """Whether the last call reached Redis (False: pacing alone until it is back)."""
        return self._down_since is None

    def __repr__(self) -> str:
        return f"SharedLimiter(key={self.key!r}, mode={self.mode!r}, limit={self.limit!r})"

    def acquire(self) -> tuple[float, Booking | None]:
        now = self._clock()
        if now < self._down_until:
            return self._alone()
        number = next(self._ids)
        member = f"{self._instance}:{number}"
        pending = self._take_pending()
        try:
            reply = self._script(
                keys=self._keys, args=self._args(member, pending, now), client=self._redis
            )
        except self._unavailable as exc:
            self._lost(exc, pending)
            return self._alone()
        self._rejoined()
        status, wait_ms, max_requests, interval_ms, daily_left = (int(v) for v in reply)
        if max_requests > 0 and interval_ms > 0:
            self._shared_limit = RateLimit(max_requests, interval_ms / 1000)
        self.daily_left = daily_left if daily_left >= 0 else None
        if status == 2:
            raise _daily_used_up(self.key)
        if status == 0:
            return min(max(wait_ms / 1000, 0.001), _POLL_MAX_S), None
        wait = wait_ms / 1000
        booking: Booking = -float(number)  # local bookings are clock times (>= 0): never equal
        with self._pending_lock:
            self._flights[booking] = (member, self._clock() + wait)
        return wait, booking

    def release(
        self, booking: Booking, headers: Mapping[str, str] | None = None, *, sent: bool = True
    ) -> None:
        with self._pending_lock:
            flight = self._flights.pop(booking, None)
        if flight is None:
            super().release(booking, headers, sent=sent)  # booked alone, while Redis was lost
            self._note(headers)
            return
        member, send_at = flight
        now = self._clock()
        with self._pending_lock:
            self._pending.answers.append((member, now if sent else None))
            if sent:
                self._delays.append(max(0.0, now - send_at))
        self._note(headers)
        if self._shared_limit is None and headers is not None:
            self._flush()  # the probe's answer: the others are waiting for the limit it found

    def penalize(self, wait: float) -> None:
        super().penalize(wait)
        with self._pending_lock:
            self._pending.hold_until = max(self._pending.hold_until, self._clock() + wait)
        self._flush()  # a 429 is rare: tell the others now, not with this process's next send

    def close(self) -> None:
        """Hand in what is pending (answers, a hold) and close the connection."""
        self._flush()
        self._redis.close()

    # -- internals -----------------------------------------------------------------------------

    def _note(self, headers: Mapping[str, str] | None) -> None:
        if headers is None:
            return
        learned = _read_limit(headers)
        daily = _int_header(headers, "X-HubSpot-RateLimit-Daily-Remaining")
        if learned is None and daily is None:
            return
        limit, remaining = learned if learned is not None else (None, None)
        with self._pending_lock:
            known = limit or self._shared_limit or self._fixed
            if known is not None:
                self._pending.seen = (known, remaining, daily, self._clock())

    def _take_pending(self) -> _Pending:
        with self._pending_lock:
            pending, self._pending = self._pending, _Pending()
        return pending

    def _args(self, member: str, pending: _Pending, now: float) -> list[Any]:
        fixed = self._fixed
        server_now = -1.0 if self._server_clock is None else self._server_clock() * 1000
        seen_max = seen_iv = 0
        remaining = age = daily = -1.0
        if pending.seen is not None:
            limit, left, daily_left, at = pending.seen
            seen_max, seen_iv = limit.max_requests, round(limit.interval_s * 1000)
            remaining = -1 if left is None else left
            daily = -1 if daily_left is None else daily_left
            age = max(0.0, now - at) * 1000
        args: list[Any] = [
            member,
            server_now,
            fixed.max_requests if fixed else 0,
            round(fixed.interval_s * 1000) if fixed else 0,
            0,
            round(self._allowance() * 1000, 3),
            round(_PROBE_LEASE_S * 1000),
            round(max(0.0, pending.hold_until - now) * 1000, 3),
            seen_max,
            seen_iv,
            remaining,
            round(age, 3),
            daily,
            len(pending.answers),
        ]
        for answered_member, answered_at in pending.answers:
            if answered_at is None:
                args += [answered_member, 0, "c"]
            else:
                args += [answered_member, round(max(0.0, now - answered_at) * 1000, 3), "a"]
        return args

    def _allowance(self) -> float:
        """How long past one window a booked slot stays held until its answer says: the slowest
        recent send-to-answer time of this process (its sleeps overshoot, its trips vary)."""
        with self._pending_lock:
            if not self._delays:
                return _FIRST_ALLOWANCE_S
            slowest = max(self._delays)
        return min(_ALLOWANCE_MAX_S, max(_ALLOWANCE_MIN_S, slowest * 1.5))

    def _flush(self) -> None:
        """Hand in what is pending now (one round trip); Redis lost: keep it for later."""
        if self._clock() < self._down_until:
            return
        pending = self._take_pending()
        try:
            self._script(
                keys=self._keys, args=self._args("", pending, self._clock()), client=self._redis
            )
        except self._unavailable as exc:
            self._lost(exc, pending)
        except Exception:  # never fail a request over bookkeeping
            logger.debug("shared rate limit: handing in answers failed", exc_info=True)
        else:
            self._rejoined()

    def _lost(self, exc: BaseException, pending: _Pending) -> None:
        now = self._clock()
        with self._pending_lock:  # keep what was learned, for when Redis is back
            # Answers older than a few windows no longer matter (their slots have expired):
            # a long outage must not grow this list, nor the call that hands it in.
            self._pending.answers[:0] = pending.answers
            del self._pending.answers[:-_PENDING_MAX]
            self._pending.hold_until = max(self._pending.hold_until, pending.hold_until)
            if self._pending.seen is None:
                self._pending.seen = pending.seen
            first = self._down_since is None
            if first:
                self._down_since = now
                self.outages += 1
            self._down_until = now + REJOIN_AFTER_S
        if first:
            logger.warning(
                "shared rate limit: Redis at %s is unreachable (%s); pacing this process alone "
                "from HubSpot's headers and trying Redis again every %.0f s",
                redact_redis_url(self.config.redis_url),
                describe(exc),
                REJOIN_AFTER_S,
            )

    def _rejoined(self) -> None:
        if self._down_since is None:
            return
        with self._pending_lock:
            since, self._down_since = self._down_since, None
            self._down_until = -math.inf
        if since is not None:
            logger.warning(
                "shared rate limit: Redis is back after %.1f s; sharing the limit again",
                self._clock() - since,
            )

    def _alone(self) -> tuple[float, Booking | None]:
        """Pace this process alone: the local auto limiter, seeded with the limit last known."""
        known = self._shared_limit
        if known is not None and super().limit is None:
            with self._lock:
                if self._limit is None:
                    self._set_limit(known)
        return super().acquire()


def _daily_used_up(key: str) -> RateLimitError:
    """The account's daily limit is used up (as HubSpot's headers said to some worker): a 429
    ``DAILY`` without sending, so N workers do not each spend a request to learn it."""
    message = (
        "the account's daily limit is used up (HubSpot's X-HubSpot-RateLimit-Daily-Remaining, "
        f"shared through Redis under {key}); it resets at midnight in the account's time zone"
    )
    return RateLimitError(
        message,
        status_code=429,
        body={"status": "error", "message": message, "policyName": "DAILY"},
    )
