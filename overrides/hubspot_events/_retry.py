"""When to retry a request and how long to wait first: a pure function, so it is table-tested.

The request path asks :func:`decide` after every attempt and does the sleeping itself (with its
own, injectable sleep). Retrying is safe because the operations this client sends are upserts and
create-or-update calls: repeating one has the same effect as sending it once.
"""

from __future__ import annotations

import random as _random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

from hubspot_events._errors import (
    APIConnectionError,
    APITimeoutError,
    get_header,
    parse_retry_after,
)

# Full jitter can draw a wait of ~0 s; retrying a refused or dropped connection in the same
# millisecond only burns an attempt, while 50 ms is nothing next to a request's latency.
_JITTER_FLOOR = 0.05
# HubSpot names its short windows; anything it may add later is presumed short too. DAILY is not.
_DAILY = "DAILY"
_SECONDLY = "SECONDLY"
_SECONDLY_WINDOW = 1.0

# Most specific first: the reason is logged with the attempt, so it should say what happened.
_TRANSPORT_REASONS: tuple[tuple[type[httpx.TransportError], str], ...] = (
    (httpx.ConnectTimeout, "connect timeout"),
    (httpx.ReadTimeout, "read timeout"),
    (httpx.WriteTimeout, "write timeout"),
    (httpx.PoolTimeout, "pool timeout"),
    (httpx.TimeoutException, "timeout"),
    (httpx.ConnectError, "connect error"),
    (httpx.ReadError, "read error"),
    (httpx.WriteError, "write error"),
    (httpx.RemoteProtocolError, "remote protocol error"),
    (httpx.ProxyError, "proxy error"),
    (httpx.NetworkError, "network error"),
)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try.

    ``max_retries`` bounds retries after errors (5xx, connection errors, timeouts): 3 means at most
    4 attempts. 429s from HubSpot's short windows have their own, larger ``max_rate_limit_retries``:
    a bulk job is expected to touch the ten-secondly limit now and then, and waiting for the window
    to pass is the right answer there, so those waits must not use up the budget kept for real
    failures, nor fail a long job that is merely fast.
    """

    max_retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    default_rate_limit_wait: float = 10.0
    max_rate_limit_retries: int = 10
    #: The shortest wait after a 429, whatever ``Retry-After`` or the interval header say: no
    #: HubSpot window passes sooner than its shortest one (1 s), so "retry now" (``0``, a date in
    #: the past, a 1 ms interval) would only burn the 429 budget in a busy storm.
    min_rate_limit_wait: float = 1.0


@dataclass(frozen=True)
class RetryDecision:
    """What to do after an attempt; ``reason`` is for the log line and is ``""`` when not retrying."""

    retry: bool
    wait: float
    reason: str


_GIVE_UP = RetryDecision(retry=False, wait=0.0, reason="")


def decide(
    policy: RetryPolicy,
    *,
    attempt: int,
    status_code: int | None = None,
    headers: Mapping[str, str] | None = None,
    policy_name: str | None = None,
    exception: BaseException | None = None,
    rate_limit_retries: int = 0,
    random: Callable[[], float] = _random.random,
) -> RetryDecision:
    """Decide whether to send the request again after its ``attempt``-th try (1 after the first).

    Give either the response's ``status_code`` and ``headers`` (plus the 429 body's ``policyName``)
    or the ``exception`` raised instead of a response. ``rate_limit_retries`` is how many of the
    retries already made were for 429s: they count against ``max_rate_limit_retries`` instead of
    ``max_retries``, and do not grow the backoff.
    """
    headers = headers or {}
    if exception is not None:
        reason = _transport_reason(exception)
    elif status_code is None:
        raise ValueError("decide() needs a status_code or an exception")
    elif status_code == 429:
        return _rate_limited(policy, headers, policy_name, rate_limit_retries)
    elif 500 <= status_code <= 599:
        reason = str(status_code)
    else:
        return _GIVE_UP
    failures = attempt - rate_limit_retries
    if not reason or failures > policy.max_retries:
        return _GIVE_UP
    ceiling = min(policy.backoff_max, policy.backoff_base * 2 ** (failures - 1))
    backoff = max(random() * ceiling, min(_JITTER_FLOOR, ceiling))
    retry_after = parse_retry_after(get_header(headers, "Retry-After"))
    if retry_after is not None:
        # The server may ask for more patience than the backoff, never for less (a "0" or a
        # date in the past from a struggling server would otherwise retry at once), and never
        # for longer than backoff_max (an hours-long value is a broken header, not a plan).
        return RetryDecision(True, min(max(retry_after, backoff), policy.backoff_max), reason)
    return RetryDecision(True, backoff, reason)


def _rate_limited(
    policy: RetryPolicy,
    headers: Mapping[str, str],
    policy_name: str | None,
    rate_limit_retries: int,
) -> RetryDecision:
    """A 429: wait for HubSpot's window to pass, unless the daily quota is what ran out."""
    if policy_name == _DAILY or rate_limit_retries >= policy.max_rate_limit_retries:
        return _GIVE_UP
    wait = parse_retry_after(get_header(headers, "Retry-After"))
    if wait is None and policy_name == _SECONDLY:
        # The interval header describes the ten-secondly window; a secondly one passes in 1 s.
        wait = _SECONDLY_WINDOW
    if wait is None:
        wait = _interval_seconds(headers)
    if wait is None:
        wait = policy.default_rate_limit_wait
    # A garbled or hostile Retry-After (or interval header) must neither park the job for hours
    # (or overflow sleep()) nor make it retry in a busy loop.
    wait = min(max(wait, policy.min_rate_limit_wait), policy.backoff_max)
    return RetryDecision(True, wait, f"429 {policy_name}" if policy_name else "429")


def _interval_seconds(headers: Mapping[str, str]) -> float | None:
    value = get_header(headers, "X-HubSpot-RateLimit-Interval-Milliseconds")
    try:
        milliseconds = float(value) if value is not None else None
    except ValueError:
        return None
    return milliseconds / 1000 if milliseconds is not None and milliseconds > 0 else None


def _transport_reason(exception: BaseException) -> str:
    """Why a request without a response is worth repeating; ``""`` when it is not.

    ``UnsupportedProtocol`` and ``LocalProtocolError`` are transport errors too, but they come
    from the request itself and would fail the same way every time.
    """
    if isinstance(exception, APIConnectionError) and isinstance(
        exception.__cause__, httpx.TransportError
    ):
        exception = exception.__cause__
    for cls, reason in _TRANSPORT_REASONS:
        if isinstance(exception, cls):
            return reason
    if isinstance(exception, APITimeoutError):
        return "timeout"
    if isinstance(exception, APIConnectionError):
        return "connection error"
    return ""
