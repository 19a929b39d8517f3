"""The retry policy, one rule per row."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from hubspot_events._errors import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    connection_error,
)
from hubspot_events._retry import RetryDecision, RetryPolicy, decide

POLICY = RetryPolicy()  # max_retries=3, backoff 0.5 s doubling up to 30 s, 10 s default 429 wait
INTERVAL = {"X-HubSpot-RateLimit-Interval-Milliseconds": "10000"}


def _decide(random: float = 1.0, policy: RetryPolicy = POLICY, **kwargs: Any) -> RetryDecision:
    return decide(policy, random=lambda: random, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # success and client errors: never
        pytest.param({"status_code": 200}, (False, 0.0, ""), id="200"),
        pytest.param({"status_code": 207}, (False, 0.0, ""), id="207"),
        pytest.param({"status_code": 204}, (False, 0.0, ""), id="204"),
        pytest.param({"status_code": 400}, (False, 0.0, ""), id="400"),
        pytest.param({"status_code": 401}, (False, 0.0, ""), id="401"),
        pytest.param({"status_code": 403}, (False, 0.0, ""), id="403"),
        pytest.param({"status_code": 404}, (False, 0.0, ""), id="404"),
        pytest.param({"status_code": 409}, (False, 0.0, ""), id="409"),
        pytest.param({"status_code": 422}, (False, 0.0, ""), id="422"),
        pytest.param(
            {"status_code": 503, "headers": {"Retry-After": "1"}, "attempt": 4},
            (False, 0.0, ""),
            id="5xx-exhausted",
        ),
        # 429 from a short window: wait, preferring what the server says
        pytest.param(
            {
                "status_code": 429,
                "policy_name": "TEN_SECONDLY_ROLLING",
                "headers": {"Retry-After": "2", **INTERVAL},
            },
            (True, 2.0, "429 TEN_SECONDLY_ROLLING"),
            id="429-retry-after",
        ),
        pytest.param(
            {"status_code": 429, "policy_name": "TEN_SECONDLY_ROLLING", "headers": INTERVAL},
            (True, 10.0, "429 TEN_SECONDLY_ROLLING"),
            id="429-whole-window",
        ),
        pytest.param(
            {
                "status_code": 429,
                "policy_name": "TEN_SECONDLY_ROLLING",
                "headers": {"x-hubspot-ratelimit-interval-milliseconds": "2500"},
            },
            (True, 2.5, "429 TEN_SECONDLY_ROLLING"),
            id="429-window-lowercase-header",
        ),
        pytest.param(
            {"status_code": 429, "policy_name": "TEN_SECONDLY_ROLLING"},
            (True, 10.0, "429 TEN_SECONDLY_ROLLING"),
            id="429-default-wait",
        ),
        pytest.param(
            {
                "status_code": 429,
                "policy_name": "TEN_SECONDLY_ROLLING",
                "headers": {"X-HubSpot-RateLimit-Interval-Milliseconds": "x"},
            },
            (True, 10.0, "429 TEN_SECONDLY_ROLLING"),
            id="429-garbled-interval",
        ),
        pytest.param(
            {"status_code": 429, "policy_name": "SECONDLY", "headers": INTERVAL},
            (True, 1.0, "429 SECONDLY"),
            id="429-secondly-one-second",
        ),
        pytest.param(
            {"status_code": 429, "policy_name": "SECONDLY", "headers": {"Retry-After": "3"}},
            (True, 3.0, "429 SECONDLY"),
            id="429-secondly-retry-after",
        ),
        pytest.param(
            {"status_code": 429, "headers": INTERVAL}, (True, 10.0, "429"), id="429-no-policy-name"
        ),
        pytest.param(
            {"status_code": 429, "policy_name": "SOMETHING_NEW", "headers": {"Retry-After": "4"}},
            (True, 4.0, "429 SOMETHING_NEW"),
            id="429-unknown-policy-is-short",
        ),
        pytest.param(
            {"status_code": 429, "policy_name": "DAILY", "headers": {"Retry-After": "1"}},
            (False, 0.0, ""),
            id="429-daily-never",
        ),
        # 429s have their own budget: they neither use up max_retries nor grow the backoff
        pytest.param(
            {"status_code": 429, "attempt": 9, "rate_limit_retries": 8, "headers": INTERVAL},
            (True, 10.0, "429"),
            id="429-beyond-max-retries",
        ),
        pytest.param(
            {"status_code": 429, "attempt": 11, "rate_limit_retries": 10, "headers": INTERVAL},
            (False, 0.0, ""),
            id="429-budget-exhausted",
        ),
        pytest.param(
            {"status_code": 503, "attempt": 9, "rate_limit_retries": 8},
            (True, 0.5, "503"),
            id="5xx-after-429s-first-backoff",
        ),
        pytest.param(
            {"status_code": 503, "attempt": 9, "rate_limit_retries": 5},
            (False, 0.0, ""),
            id="5xx-after-429s-exhausted",
        ),
        # 5xx: exponential backoff (random() == 1.0 shows the ceiling)
        pytest.param({"status_code": 500}, (True, 0.5, "500"), id="500"),
        pytest.param({"status_code": 502}, (True, 0.5, "502"), id="502"),
        pytest.param({"status_code": 503}, (True, 0.5, "503"), id="503"),
        pytest.param({"status_code": 504}, (True, 0.5, "504"), id="504"),
        pytest.param({"status_code": 599}, (True, 0.5, "599"), id="any-5xx"),
        pytest.param({"status_code": 500, "attempt": 2}, (True, 1.0, "500"), id="backoff-doubles"),
        pytest.param(
            {"status_code": 500, "attempt": 3}, (True, 2.0, "500"), id="backoff-doubles-again"
        ),
        pytest.param(
            {"status_code": 500, "attempt": 4},
            (False, 0.0, ""),
            id="max-retries-3-means-4-attempts",
        ),
        pytest.param(
            {
                "status_code": 500,
                "attempt": 10,
                "policy": RetryPolicy(max_retries=20, backoff_max=30.0),
            },
            (True, 30.0, "500"),
            id="backoff-capped",
        ),
        pytest.param(
            {"status_code": 500, "random": 0.5, "attempt": 3}, (True, 1.0, "500"), id="full-jitter"
        ),
        pytest.param({"status_code": 500, "random": 0.0}, (True, 0.05, "500"), id="jitter-floor"),
        pytest.param(
            {"status_code": 500, "random": 0.0, "policy": RetryPolicy(backoff_base=0.0)},
            (True, 0.0, "500"),
            id="no-backoff-no-floor",
        ),
        pytest.param(
            {"status_code": 503, "headers": {"Retry-After": "7"}},
            (True, 7.0, "503"),
            id="503-retry-after",
        ),
        pytest.param(
            {"status_code": 503, "headers": {"Retry-After": "600"}},
            (True, 30.0, "503"),
            id="503-retry-after-capped",
        ),
        pytest.param(
            {"status_code": 503, "headers": {"Retry-After": "0"}},
            (True, 0.5, "503"),
            id="503-retry-after-zero-keeps-the-backoff",
        ),
        pytest.param(
            {"status_code": 503, "headers": {"Retry-After": "-3"}},
            (True, 0.5, "503"),
            id="503-negative-retry-after-keeps-the-backoff",
        ),
        pytest.param(
            {"status_code": 429, "policy_name": "SECONDLY", "headers": {"Retry-After": "0"}},
            (True, 1.0, "429 SECONDLY"),
            id="429-retry-after-zero-floored",
        ),
        pytest.param(
            {"status_code": 429, "headers": {"Retry-After": "-1", **INTERVAL}},
            (True, 1.0, "429"),
            id="429-negative-retry-after-floored",
        ),
        pytest.param(
            {"status_code": 429, "headers": {"Retry-After": "86400"}},
            (True, 30.0, "429"),
            id="429-absurd-retry-after-capped",
        ),
        pytest.param(
            {"status_code": 500, "policy": RetryPolicy(max_retries=0)},
            (False, 0.0, ""),
            id="max-retries-0",
        ),
        # no response at all
        pytest.param(
            {"exception": httpx.ConnectError("refused")},
            (True, 0.5, "connect error"),
            id="connect-error",
        ),
        pytest.param(
            {"exception": httpx.ConnectTimeout("")},
            (True, 0.5, "connect timeout"),
            id="connect-timeout",
        ),
        pytest.param(
            {"exception": httpx.ReadTimeout("")}, (True, 0.5, "read timeout"), id="read-timeout"
        ),
        pytest.param(
            {"exception": httpx.WriteTimeout("")}, (True, 0.5, "write timeout"), id="write-timeout"
        ),
        pytest.param(
            {"exception": httpx.PoolTimeout("")}, (True, 0.5, "pool timeout"), id="pool-timeout"
        ),
        pytest.param(
            {"exception": httpx.ReadError("reset")}, (True, 0.5, "read error"), id="read-error"
        ),
        pytest.param(
            {"exception": httpx.WriteError("")}, (True, 0.5, "write error"), id="write-error"
        ),
        pytest.param(
            {"exception": httpx.CloseError("")}, (True, 0.5, "network error"), id="close-error"
        ),
        pytest.param(
            {
                "exception": httpx.RemoteProtocolError(
                    "Server disconnected without sending a response."
                )
            },
            (True, 0.5, "remote protocol error"),
            id="dropped-connection",
        ),
        pytest.param(
            {"exception": httpx.ProxyError("")}, (True, 0.5, "proxy error"), id="proxy-error"
        ),
        pytest.param(
            {"exception": httpx.ReadTimeout(""), "attempt": 2},
            (True, 1.0, "read timeout"),
            id="exception-backoff",
        ),
        pytest.param(
            {"exception": httpx.ReadTimeout(""), "attempt": 4},
            (False, 0.0, ""),
            id="exception-exhausted",
        ),
        pytest.param(
            {"exception": httpx.UnsupportedProtocol("ftp")},
            (False, 0.0, ""),
            id="unsupported-protocol",
        ),
        pytest.param(
            {"exception": httpx.LocalProtocolError("bad header")},
            (False, 0.0, ""),
            id="local-protocol",
        ),
        pytest.param(
            {"exception": ValueError("bug")}, (False, 0.0, ""), id="not-a-transport-error"
        ),
        pytest.param(
            {"exception": connection_error(httpx.ReadTimeout(""), method="GET", url="")},
            (True, 0.5, "read timeout"),
            id="wrapped-uses-cause",
        ),
        pytest.param(
            {"exception": APITimeoutError("t")}, (True, 0.5, "timeout"), id="api-timeout-error"
        ),
        pytest.param(
            {"exception": APIConnectionError("c")},
            (True, 0.5, "connection error"),
            id="api-connection-error",
        ),
        pytest.param(
            {"exception": BadRequestError("bad", status_code=400)},
            (False, 0.0, ""),
            id="status-error-is-not-retried",
        ),
    ],
)
def test_decide(kwargs: dict[str, Any], expected: tuple[bool, float, str]) -> None:
    kwargs.setdefault("attempt", 1)
    assert _decide(**kwargs) == RetryDecision(*expected)


def test_decide_needs_a_status_or_an_exception() -> None:
    with pytest.raises(ValueError, match="status_code or an exception"):
        decide(POLICY, attempt=1)


def test_jitter_uses_the_default_random_within_bounds() -> None:
    waits = {decide(POLICY, attempt=3, status_code=500).wait for _ in range(50)}
    assert all(0.05 <= w <= 2.0 for w in waits)
    assert len(waits) > 1
