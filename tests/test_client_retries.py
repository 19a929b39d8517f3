"""The request path through the clients: 429 waits, retries of 5xx and transport errors, logging."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from test_client_support import (
    PREFIX,
    both,
    emails,
    error_body,
    make_rig,
    raises,
    rate_limited,
    record,
    reply,
    subscriber_results,
)

from hubspot_events import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    RateLimitError,
)

EMAIL_CREATE = f"{PREFIX}/attendance/w-1/attend/email-create"

# --- 429: the short windows are waited out, the daily one is not ---------------------------


@both
@pytest.mark.parametrize(
    ("policy", "headers", "expected_wait"),
    [
        pytest.param(
            "TEN_SECONDLY_ROLLING",
            {"Retry-After": "3", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"},
            3.0,
            id="ten-secondly-retry-after-wins",
        ),
        pytest.param(
            "TEN_SECONDLY_ROLLING",
            {"X-HubSpot-RateLimit-Interval-Milliseconds": "2500"},
            2.5,
            id="ten-secondly-waits-the-interval-window",
        ),
        pytest.param("TEN_SECONDLY_ROLLING", {}, 10.0, id="ten-secondly-defaults-to-10s"),
        pytest.param("SECONDLY", {"Retry-After": "2"}, 2.0, id="secondly-retry-after-wins"),
        pytest.param(
            "SECONDLY",
            {"X-HubSpot-RateLimit-Interval-Milliseconds": "10000"},
            1.0,
            id="secondly-waits-one-second",
        ),
    ],
)
def test_short_window_429_is_waited_out_then_retried(
    flavour: str, policy: str, headers: dict[str, str], expected_wait: float
) -> None:
    rig = make_rig(flavour, reply(429, rate_limited(policy), headers=headers), subscriber_results)

    result = record(rig, ["a@example.com"])

    assert rig.sleeps == [expected_wait]
    assert len(rig.server.requests) == 2
    assert result.ok
    assert [s.input for s in result.succeeded] == ["a@example.com"]


@both
def test_daily_429_raises_at_once_without_sleeping(flavour: str) -> None:
    rig = make_rig(flavour, reply(429, rate_limited("DAILY"), headers={"Retry-After": "5"}))

    with pytest.raises(RateLimitError) as caught:
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    assert caught.value.policy_name == "DAILY"
    assert caught.value.status_code == 429
    assert caught.value.correlation_id == "corr-429"
    assert rig.sleeps == []
    assert len(rig.server.requests) == 1


@both
def test_daily_429_stops_a_batch_with_the_inputs_read_so_far_in_partial_result(
    flavour: str,
) -> None:
    read: list[str] = []

    def subscribers():  # type: ignore[no-untyped-def]
        for email in emails(250):
            read.append(email)
            yield email

    # concurrency=1: the async client reads a chunk only when the previous one is answered.
    extra = {"concurrency": 1} if flavour == "async" else {}
    rig = make_rig(
        flavour, subscriber_results, reply(429, rate_limited("DAILY")), batch_size=100, **extra
    )

    with pytest.raises(RateLimitError) as caught:
        record(rig, subscribers())

    partial = caught.value.partial_result
    assert caught.value.policy_name == "DAILY"
    assert len(rig.server.requests) == 2
    assert len(read) == 200  # the third chunk is never read
    assert partial.total == 200
    assert [s.index for s in partial.succeeded] == list(range(100))
    assert [f.index for f in partial.failed] == list(range(100, 200))
    assert {f.category for f in partial.failed} == {"RATE_LIMIT"}
    assert rig.sleeps == []


@both
def test_429_waits_do_not_use_up_the_retry_budget_for_real_failures(flavour: str) -> None:
    too_fast = reply(429, rate_limited("TEN_SECONDLY_ROLLING"), headers={"Retry-After": "1"})
    rig = make_rig(
        flavour,
        too_fast,
        too_fast,
        too_fast,
        too_fast,
        reply(503),
        subscriber_results,
        max_retries=1,
    )

    result = record(rig, ["a@example.com"])

    assert result.ok
    assert len(rig.server.requests) == 6
    assert rig.sleeps == [1.0, 1.0, 1.0, 1.0, 0.5]


@both
def test_endless_short_window_429s_give_up_after_ten_waits(flavour: str) -> None:
    too_fast = reply(429, rate_limited("TEN_SECONDLY_ROLLING"), headers={"Retry-After": "1"})
    rig = make_rig(flavour, *[too_fast] * 11)  # a 12th request would fail the test

    with pytest.raises(RateLimitError) as caught:
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    assert caught.value.policy_name == "TEN_SECONDLY_ROLLING"
    assert rig.sleeps == [1.0] * 10
    assert len(rig.server.requests) == 11


# --- 5xx and transport errors: exponential backoff, then a typed error ---------------------

HTML_502 = (
    "<html><head><title>502 Bad Gateway</title></head>"
    "<body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>"
)

FAILURES = [
    pytest.param(reply(503), InternalServerError, id="503"),
    pytest.param(
        reply(502, content=HTML_502, headers={"Content-Type": "text/html"}),
        InternalServerError,
        id="502-html",
    ),
    pytest.param(
        raises(httpx.RemoteProtocolError, "Server disconnected without sending a response."),
        APIConnectionError,
        id="connection-reset",
    ),
    pytest.param(
        raises(httpx.ConnectError, "[Errno 111] Connection refused"),
        APIConnectionError,
        id="connect-error",
    ),
    pytest.param(raises(httpx.ReadTimeout, "timed out"), APITimeoutError, id="read-timeout"),
]


@both
@pytest.mark.parametrize(("failure", "error"), FAILURES)
def test_transient_failure_is_retried_with_backoff_then_succeeds(
    flavour: str, failure: object, error: type[Exception]
) -> None:
    rig = make_rig(flavour, failure, failure, subscriber_results)  # type: ignore[arg-type]

    result = record(rig, ["a@example.com"])

    assert result.ok
    assert len(rig.server.requests) == 3
    assert result.requests == 3, "BatchResult.requests counts every HTTP attempt, retries included"
    assert rig.sleeps == [0.5, 1.0]


@both
@pytest.mark.parametrize(("failure", "error"), FAILURES)
def test_transient_failure_surfaces_as_typed_error_after_max_retries(
    flavour: str, failure: object, error: type[Exception]
) -> None:
    rig = make_rig(flavour, *[failure] * 4, max_retries=3)  # type: ignore[list-item]

    with pytest.raises(error) as caught:
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    assert type(caught.value) is error
    assert len(rig.server.requests) == 4
    assert rig.sleeps == [0.5, 1.0, 2.0]


def test_html_502_maps_to_internal_server_error_with_a_readable_message() -> None:
    rig = make_rig("sync", then=reply(502, content=HTML_502), max_retries=0)

    with pytest.raises(InternalServerError) as caught:
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    assert caught.value.status_code == 502
    assert caught.value.category is None
    assert "<" not in caught.value.message
    assert "502 Bad Gateway" in caught.value.message
    assert "cloudflare" in caught.value.message


def test_max_retries_zero_sends_once() -> None:
    rig = make_rig("sync", then=reply(503), max_retries=0)

    with pytest.raises(InternalServerError):
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    assert len(rig.server.requests) == 1
    assert rig.sleeps == []


def test_client_errors_are_not_retried() -> None:
    rig = make_rig("sync", then=reply(404, error_body("no such event", "OBJECT_NOT_FOUND")))

    with pytest.raises(Exception, match="no such event"):
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    assert len(rig.server.requests) == 1
    assert rig.sleeps == []


@both
@pytest.mark.parametrize(
    ("failure", "category", "status_code", "message"),
    [
        pytest.param(reply(503), "HTTP_503", 503, "Service Unavailable (empty body)", id="503"),
        pytest.param(
            reply(502, content=HTML_502),
            "HTTP_502",
            502,
            "Bad Gateway (non-JSON body: 502 Bad Gateway 502 Bad Gateway cloudflare)",
            id="502-html",
        ),
        pytest.param(
            raises(httpx.RemoteProtocolError, "Server disconnected"),
            "APIConnectionError",
            None,
            f"RemoteProtocolError on POST https://api.hubapi.com{EMAIL_CREATE}: Server disconnected",
            id="connection-reset",
        ),
        pytest.param(
            raises(httpx.ReadTimeout, "timed out"),
            "APITimeoutError",
            None,
            f"ReadTimeout on POST https://api.hubapi.com{EMAIL_CREATE}: timed out",
            id="read-timeout",
        ),
    ],
)
def test_exhausted_failure_fails_only_its_chunk_in_a_batch(
    flavour: str, failure: object, category: str, status_code: int | None, message: str
) -> None:
    def server(request: httpx.Request) -> httpx.Response:
        if b"user100@example.com" in request.content:  # the second chunk keeps failing
            return failure(request)  # type: ignore[operator,no-any-return]
        return subscriber_results(request)

    rig = make_rig(flavour, then=server, batch_size=100, max_retries=2)

    result = record(rig, emails(250))

    assert len(rig.server.requests) == 1 + 3 + 1
    assert result.requests == 1 + 3 + 1, "the failed chunk's attempts are counted too"
    assert [s.index for s in result.succeeded] == [*range(100), *range(200, 250)]
    assert [f.index for f in result.failed] == list(range(100, 200))
    failure_ = result.failed[0]
    assert failure_.category == category
    assert failure_.status_code == status_code
    assert failure_.message == message
    assert failure_.input == "user100@example.com"
    assert result.total == 250
    assert not result.ok


# --- logging -------------------------------------------------------------------------------


@both
def test_one_log_line_per_attempt_with_status_time_correlation_id_and_retry_reason(
    flavour: str, caplog: pytest.LogCaptureFixture
) -> None:
    def slow(status: int, correlation_id: str, *, ms: float):  # type: ignore[no-untyped-def]
        def answer(request: httpx.Request) -> httpx.Response:
            rig.clock.advance(ms / 1000)
            if status == 200:
                return subscriber_results(request)
            return httpx.Response(
                status,
                json=error_body("busy", "INTERNAL", correlation_id=correlation_id)
                if status != 429
                else rate_limited("TEN_SECONDLY_ROLLING", correlation_id),
                headers={"X-HubSpot-Correlation-Id": correlation_id},
            )

        return answer

    def reset(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("Server disconnected", request=request)

    rig = make_rig(
        flavour,
        slow(503, "c-503", ms=12.5),
        slow(429, "c-429", ms=3),
        reset,
        slow(200, "c-ok", ms=40),
    )
    caplog.set_level(logging.DEBUG, logger="hubspot_events")

    record(rig, ["a@example.com"])

    lines = [r.getMessage() for r in caplog.records if r.name == "hubspot_events"]
    assert lines == [
        f"POST {EMAIL_CREATE} -> 503 in 12.5 ms (correlationId=c-503); retrying: 503",
        f"POST {EMAIL_CREATE} -> 429 in 3.0 ms (correlationId=c-429); retrying: 429 TEN_SECONDLY_ROLLING",
        f"POST {EMAIL_CREATE} -> RemoteProtocolError in 0.0 ms (correlationId=-); retrying: remote protocol error",
        f"POST {EMAIL_CREATE} -> 200 in 40.0 ms (correlationId=-)",
    ]
    levels = [r.levelname for r in caplog.records if r.name == "hubspot_events"]
    assert levels == ["INFO", "INFO", "INFO", "DEBUG"], "retried attempts at INFO, the rest DEBUG"


def test_log_line_of_a_final_failure_has_no_retry_reason(caplog: pytest.LogCaptureFixture) -> None:
    rig = make_rig("sync", then=reply(404, error_body("gone", "OBJECT_NOT_FOUND", "c-404")))
    caplog.set_level(logging.DEBUG, logger="hubspot_events")

    with pytest.raises(Exception, match="gone"):
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    (line,) = [r.getMessage() for r in caplog.records if r.name == "hubspot_events"]
    assert re.fullmatch(
        rf"GET {PREFIX}/events/w-1 -> 404 in \d+\.\d ms \(correlationId=c-404\)", line
    )


# --- hostile Retry-After and rate-limit headers: every wait bounded (floor and cap) ----------

PAST_DATE = "Wed, 21 Oct 2015 07:28:00 GMT"


@both
@pytest.mark.parametrize(
    ("policy", "headers", "expected_wait"),
    [
        pytest.param("TEN_SECONDLY_ROLLING", {"Retry-After": "-5"}, 1.0, id="negative-floored"),
        pytest.param("TEN_SECONDLY_ROLLING", {"Retry-After": "0"}, 1.0, id="zero-floored"),
        pytest.param("TEN_SECONDLY_ROLLING", {"Retry-After": PAST_DATE}, 1.0, id="past-date"),
        pytest.param("TEN_SECONDLY_ROLLING", {"Retry-After": "0.001"}, 1.0, id="tiny-floored"),
        pytest.param("TEN_SECONDLY_ROLLING", {"Retry-After": str(10**9)}, 30.0, id="absurd-capped"),
        pytest.param("TEN_SECONDLY_ROLLING", {"Retry-After": "1e999"}, 10.0, id="infinite"),
        pytest.param("TEN_SECONDLY_ROLLING", {"Retry-After": "nan"}, 10.0, id="nan"),
        pytest.param(
            "TEN_SECONDLY_ROLLING",
            {"X-HubSpot-RateLimit-Interval-Milliseconds": "1"},
            1.0,
            id="one-ms-interval-floored",
        ),
        pytest.param(
            "TEN_SECONDLY_ROLLING",
            {"X-HubSpot-RateLimit-Interval-Milliseconds": "-10000"},
            10.0,
            id="negative-interval-ignored",
        ),
        pytest.param(
            "TEN_SECONDLY_ROLLING",
            {"X-HubSpot-RateLimit-Interval-Milliseconds": "999999999999"},
            30.0,
            id="absurd-interval-capped",
        ),
        pytest.param(None, {"Retry-After": "0"}, 1.0, id="no-policy-name-zero-floored"),
        pytest.param(None, {"Retry-After": str(10**9)}, 30.0, id="no-policy-name-absurd-capped"),
    ],
)
def test_a_429_wait_is_bounded_whatever_its_headers_say(
    flavour: str, policy: str | None, headers: dict[str, str], expected_wait: float
) -> None:
    body = rate_limited(policy) if policy else {"status": "error", "message": "slow down"}
    rig = make_rig(flavour, reply(429, body, headers=headers), subscriber_results)

    result = record(rig, ["a@example.com"])

    assert result.ok
    assert rig.sleeps == [expected_wait], "a 429 waits at least 1 s and at most 30 s"


@both
@pytest.mark.parametrize(
    ("retry_after", "expected_wait"),
    [
        pytest.param("-5", 0.5, id="negative-is-not-sooner-than-the-backoff"),
        pytest.param("0", 0.5, id="zero-is-not-sooner-than-the-backoff"),
        pytest.param(PAST_DATE, 0.5, id="past-date-is-not-sooner-than-the-backoff"),
        pytest.param(str(10**9), 30.0, id="absurd-capped"),
        pytest.param("garbage", 0.5, id="garbage-ignored"),
    ],
)
def test_a_503_retry_after_never_shortens_the_backoff_nor_exceeds_the_cap(
    flavour: str, retry_after: str, expected_wait: float
) -> None:
    rig = make_rig(flavour, reply(503, headers={"Retry-After": retry_after}), subscriber_results)

    result = record(rig, ["a@example.com"])

    assert result.ok
    assert rig.sleeps == [expected_wait]


@both
def test_endless_429s_saying_retry_now_are_not_a_busy_retry_storm(flavour: str) -> None:
    now = reply(429, rate_limited("TEN_SECONDLY_ROLLING"), headers={"Retry-After": "0"})
    rig = make_rig(flavour, *[now] * 11)

    with pytest.raises(RateLimitError):
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    assert rig.sleeps == [1.0] * 10, "each retry waits at least a second"
    assert len(rig.server.requests) == 11
