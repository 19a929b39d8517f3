"""The fake's rolling-window and daily rate limits, with HubSpot's headers and 429 body.

A client's pacing (``rate_limit="auto"``) reads ``X-HubSpot-RateLimit-Max`` / ``-Remaining`` /
``-Interval-Milliseconds``; its retry policy reads the 429's ``policyName``. Both are only testable
against a server that enforces a real window, so this one does: every accepted request is counted
in a rolling window (default 100 per 10 s, a Free/Starter app) and, if configured, a daily quota.
Time comes from an injectable clock so tests advance it instead of sleeping.
"""

from __future__ import annotations

import math
import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from ._errors import Headers

_SPEC: Final = re.compile(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)?\s*(ms|s|sec|m|min)?\s*\Z")
_UNIT_S: Final = {"ms": 0.001, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0}
DAY_S: Final = 86_400.0

TEN_SECONDLY_ROLLING: Final = "TEN_SECONDLY_ROLLING"
SECONDLY: Final = "SECONDLY"
DAILY: Final = "DAILY"
_MESSAGES: Final = {
    TEN_SECONDLY_ROLLING: "You have reached your ten_secondly_rolling limit.",
    SECONDLY: "You have reached your secondly limit.",
    DAILY: "You have reached your daily limit.",
}


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most ``max_requests`` per rolling ``interval_s`` seconds."""

    max_requests: int
    interval_s: float

    @property
    def policy_name(self) -> str:
        """HubSpot's name for this window: SECONDLY up to 1 s, TEN_SECONDLY_ROLLING above."""
        return SECONDLY if self.interval_s <= 1.0 else TEN_SECONDLY_ROLLING


RateLimitSpec = str | tuple[int, float] | RateLimit | None
"""``"100/10s"``, ``"100/1s"``, ``"50/500ms"``, ``(100, 10.0)``, a RateLimit, or None (off)."""


def parse_rate_limit(spec: RateLimitSpec) -> RateLimit | None:
    """A RateLimit from any of the accepted spellings (None: no limit)."""
    if spec is None or isinstance(spec, RateLimit):
        limit = spec
    elif isinstance(spec, tuple):
        limit = RateLimit(int(spec[0]), float(spec[1]))
    else:
        match = _SPEC.match(spec)
        if not match:
            raise ValueError(f"rate limit {spec!r} is not like '100/10s', '100/1s' or '50/500ms'")
        amount = float(match.group(2) or 1)
        limit = RateLimit(int(match.group(1)), amount * _UNIT_S[match.group(3) or "s"])
    if limit is not None and (limit.max_requests < 1 or limit.interval_s <= 0):
        raise ValueError(
            f"rate limit {spec!r} must allow at least one request per positive interval"
        )
    return limit


def rate_limit_body(policy_name: str, correlation_id: str, group_name: str) -> dict[str, Any]:
    """HubSpot's 429 body (no ``category``: HubSpot sends ``errorType`` instead)."""
    return {
        "status": "error",
        "message": _MESSAGES[policy_name],
        "errorType": "RATE_LIMIT",
        "correlationId": correlation_id,
        "policyName": policy_name,
        "groupName": group_name,
    }


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a request may proceed, the headers to send, and (if refused) why."""

    allowed: bool
    headers: Headers
    policy_name: str | None = None
    retry_after_s: int | None = None


class RateLimiter:
    """A rolling window per app and one daily quota for the whole fake (one HubSpot account).

    As HubSpot's: the burst limit belongs to one app in one account (a private app's token, an
    OAuth app's grants), so two apps never share a window and one app's workers always do; the
    daily quota is the account's. Refused (429) requests do not count against either limit, so
    a client that backs off for the window recovers fully; the daily quota resets every 24 h of
    the fake's clock since creation.
    """

    def __init__(
        self,
        limit: RateLimit | None,
        daily_limit: int | None,
        clock: Callable[[], float],
    ) -> None:
        self.limit = limit
        self.daily_limit = daily_limit
        self.clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, deque[float]] = {}
        self._start = clock()
        self._day = 0
        self._daily_used = 0

    def reset(self) -> None:
        """Empty the window and the daily quota."""
        with self._lock:
            self._windows.clear()
            self._start = self.clock()
            self._day = 0
            self._daily_used = 0

    def _window(self, app: str) -> deque[float]:
        window = self._windows.get(app)
        if window is None:
            window = self._windows[app] = deque()
        return window

    def _advance(self, now: float, window: deque[float]) -> None:
        if self.limit is not None:
            horizon = now - self.limit.interval_s
            while window and window[0] <= horizon:
                window.popleft()
        day = int((now - self._start) // DAY_S)
        if day != self._day:
            self._day = day
            self._daily_used = 0

    def _headers(self, oauth: bool, window: deque[float]) -> Headers:
        headers: Headers = []
        if self.limit is not None:
            remaining = max(0, self.limit.max_requests - len(window))
            headers += [
                (b"x-hubspot-ratelimit-max", str(self.limit.max_requests).encode()),
                (b"x-hubspot-ratelimit-remaining", str(remaining).encode()),
                (
                    b"x-hubspot-ratelimit-interval-milliseconds",
                    str(round(self.limit.interval_s * 1000)).encode(),
                ),
            ]
        if self.daily_limit is not None and not oauth:
            remaining = max(0, self.daily_limit - self._daily_used)
            headers += [
                (b"x-hubspot-ratelimit-daily", str(self.daily_limit).encode()),
                (b"x-hubspot-ratelimit-daily-remaining", str(remaining).encode()),
            ]
        return headers

    def acquire(self, *, oauth: bool = False, app: str = "") -> Decision:
        """Count one request of ``app`` if both limits allow it (HubSpot sends no daily headers
        for OAuth)."""
        with self._lock:
            now = self.clock()
            window = self._window(app)
            self._advance(now, window)
            if self.daily_limit is not None and self._daily_used >= self.daily_limit:
                next_day = self._start + (self._day + 1) * DAY_S
                headers = self._headers(oauth, window)
                return Decision(False, headers, DAILY, math.ceil(next_day - now))
            if self.limit is not None and len(window) >= self.limit.max_requests:
                free_at = window[0] + self.limit.interval_s
                retry_after = max(1, math.ceil(free_at - now))
                headers = self._headers(oauth, window)
                return Decision(False, headers, self.limit.policy_name, retry_after)
            if self.limit is not None:
                window.append(now)
            self._daily_used += 1
            return Decision(True, self._headers(oauth, window))

    def peek(self, *, oauth: bool = False, app: str = "") -> Headers:
        """The headers for a response that is not counted (OAuth token endpoint, faults)."""
        with self._lock:
            window = self._window(app)
            self._advance(self.clock(), window)
            return self._headers(oauth, window)

    @property
    def policy_name(self) -> str:
        """The policy an injected 429 names (the window's, or TEN_SECONDLY_ROLLING when off)."""
        return TEN_SECONDLY_ROLLING if self.limit is None else self.limit.policy_name
