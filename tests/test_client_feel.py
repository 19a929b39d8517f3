"""The client in the hand: options per use, raw answers, answers kept on results, streaming
results, async iterables, identity, logging and reprs (issue 15)."""

from __future__ import annotations

import asyncio
import gc
import logging
import pickle
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from test_client_support import (
    TOKEN,
    both,
    emails,
    error_body,
    make_rig,
    record,
    reply,
    subscriber_results,
)

import hubspot_events
from hubspot_events import (
    APIResponse,
    AsyncHubSpotEvents,
    BatchResult,
    HubSpotEvents,
    NotFoundError,
    RateLimit,
    ResponseInfo,
    response_of,
)
from hubspot_events._logging import LOG_ENV, configure_from_env
from hubspot_events.testing import FakeHubSpot

RATE_HEADERS = {
    "X-HubSpot-RateLimit-Max": "190",
    "X-HubSpot-RateLimit-Remaining": "187",
    "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
    "X-HubSpot-Correlation-Id": "corr-ok-1",
}


def with_headers(answer: Any, headers: dict[str, str]) -> Any:
    """``answer`` (a function of the request, like ``subscriber_results``) with ``headers``."""

    def make(request: httpx.Request) -> httpx.Response:
        response: httpx.Response = answer(request)
        response.headers.update(headers)
        return response

    return make


def event_details() -> dict[str, Any]:
    return {
        "externalEventId": "w-1",
        "eventName": "Webinar",
        "eventOrganizer": "Acme",
        "customProperties": [],
        "registrants": 1,
        "attendees": 0,
        "cancellations": 0,
        "noShows": 0,
        "id": "1",
        "objectId": "1",
        "createdAt": "2025-10-01T10:00:00Z",
        "updatedAt": "2025-10-02T10:00:00Z",
    }


# --- with_options -----------------------------------------------------------------------------


@both
def test_with_options_changes_retries_for_its_calls_only(flavour: str) -> None:
    rig = make_rig(flavour, then=reply(503, error_body("down", "INTERNAL")))
    impatient = rig.client.with_options(max_retries=0)

    with pytest.raises(hubspot_events.InternalServerError):
        rig.run(lambda c: impatient.events.get("w-1", "acc"))
    assert len(rig.server.requests) == 1, "max_retries=0: no retry on the derived client"

    with pytest.raises(hubspot_events.InternalServerError):
        rig.run(lambda c: c.events.get("w-1", "acc"))
    assert len(rig.server.requests) == 1 + 4, "the original client still retries 3 times"


def test_with_options_shares_the_connection_pool_and_the_rate_limiter() -> None:
    client = HubSpotEvents(access_token=TOKEN, rate_limit=RateLimit(10, 1))
    derived = client.with_options(timeout=5, batch_size=7, external_account_id="acc-2")

    assert derived._core.shared_http is client._core.shared_http, "one connection pool"
    assert derived._core.limiter is client._core.limiter, "one budget for both"
    assert derived._core.auth is client._core.auth
    assert derived._runner.batch_size == 7
    assert client._runner.batch_size == 100
    assert derived._defaults.external_account_id == "acc-2"
    assert client._defaults.external_account_id is None


def test_with_options_rate_limit_gives_the_derived_client_its_own_pacing() -> None:
    client = HubSpotEvents(access_token=TOKEN, rate_limit=RateLimit(10, 1))
    derived = client.with_options(rate_limit=None)

    assert repr(derived._core.limiter) == "Limiter(mode='off', limit=None)"
    assert derived._core.limiter is not client._core.limiter


def test_closing_a_derived_client_leaves_the_shared_pool_open() -> None:
    fake = FakeHubSpot(rate_limit=None)
    fake.add_event("acc", "w-1")
    with fake.client(external_account_id="acc") as client:
        derived = client.with_options(timeout=10)
        derived.close()
        event = client.events.get("w-1")  # still works: the pool is the parent's
        assert event.event_name
        assert derived.events.get("w-1").event_name, "the derived client still reads too"


@both
def test_with_options_api_version_moves_only_the_derived_clients_paths(flavour: str) -> None:
    rig = make_rig(flavour, then=reply(200, event_details()))
    newer = rig.client.with_options(api_version="2026-09")

    rig.run(lambda c: newer.events.get("w-1", "acc"))
    rig.run(lambda c: c.events.get("w-1", "acc"))

    assert [path.split("/events/")[0] for path in rig.server.paths] == [
        "/marketing/marketing-events/2026-09",
        "/marketing/v3/marketing-events",
    ]
    assert "api_version='2026-09'," in repr(newer)
    assert "api_version='v3' (default)," in repr(rig.client)


def test_with_options_refuses_bad_values_naming_the_option() -> None:
    client = HubSpotEvents(access_token=TOKEN)
    with pytest.raises(ValueError, match="max_retries"):
        client.with_options(max_retries=-1)
    with pytest.raises(ValueError, match="batch_size"):
        client.with_options(batch_size=0)
    with pytest.raises(ValueError, match="timeout"):
        client.with_options(timeout=-3)
    with pytest.raises(TypeError):
        client.with_options(token="x")  # type: ignore[call-arg]


# --- timeout ----------------------------------------------------------------------------------


@pytest.mark.parametrize("client_class", [HubSpotEvents, AsyncHubSpotEvents])
def test_timeout_takes_an_httpx_timeout_and_bounds_each_phase(client_class: type[Any]) -> None:
    client = client_class(access_token=TOKEN, timeout=httpx.Timeout(20.0, connect=3.0))

    assert client._core.timeout == httpx.Timeout(20.0, connect=3.0)
    assert client._core.total == 20.0, "the whole attempt is bounded by the longest phase"
    assert "timeout=Timeout(connect=3.0, read=20.0, write=20.0, pool=20.0)" in repr(client)


def test_a_timeout_with_an_unbounded_read_does_not_bound_the_whole_attempt() -> None:
    client = HubSpotEvents(access_token=TOKEN, timeout=httpx.Timeout(None, connect=5.0))

    assert client._core.total is None, "read=None asks to wait for the answer: no total cut"


@pytest.mark.parametrize(
    "bad", [0, -1, float("nan"), "30", True, httpx.Timeout(10.0, read=-1.0)], ids=repr
)
def test_a_bad_timeout_is_refused_naming_the_option(bad: Any) -> None:
    with pytest.raises(ValueError, match="timeout"):
        HubSpotEvents(access_token=TOKEN, timeout=bad)


@both
def test_an_httpx_timeout_is_sent_with_every_request(flavour: str) -> None:
    rig = make_rig(flavour, reply(200, event_details()), timeout=httpx.Timeout(9.0, connect=2.0))

    rig.run(lambda c: c.events.get("w-1", "acc"))

    sent = rig.server.requests[0].extensions["timeout"]
    assert sent == {"connect": 2.0, "read": 9.0, "write": 9.0, "pool": 9.0}


# --- identity ---------------------------------------------------------------------------------


@both
def test_every_request_says_who_sends_it(flavour: str) -> None:
    rig = make_rig(flavour, reply(200, event_details()), subscriber_results)

    rig.run(lambda c: c.events.get("w-1", "acc"))
    record(rig, ["a@example.com"])

    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    expected = (
        f"hubspot-events/{hubspot_events.__version__} python/{python} httpx/{httpx.__version__}"
    )
    assert [r.headers["user-agent"] for r in rig.server.requests] == [expected, expected]


@both
def test_user_agent_adds_the_callers_product_after_ours(flavour: str) -> None:
    rig = make_rig(flavour, reply(200, event_details()), user_agent="zoom-sync/1.2")

    rig.run(lambda c: c.events.get("w-1", "acc"))

    agent = rig.server.requests[0].headers["user-agent"]
    assert agent.startswith("hubspot-events/")
    assert agent.endswith(" zoom-sync/1.2")


@pytest.mark.parametrize("bad", ["line\r\nX-Evil: 1", "café/1"])
def test_a_user_agent_that_cannot_be_a_header_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="user_agent"):
        HubSpotEvents(access_token=TOKEN, user_agent=bad)


# --- raw responses and the answers kept on results ---------------------------------------------


@both
def test_with_raw_response_gives_status_headers_correlation_id_and_the_parsed_model(
    flavour: str,
) -> None:
    rig = make_rig(flavour, reply(200, event_details(), headers=RATE_HEADERS))

    raw = rig.run(lambda c: c.with_raw_response.events.get("w-1", "acc"))

    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200
    assert raw.correlation_id == "corr-ok-1"
    assert raw.headers["x-hubspot-ratelimit-max"] == "190"
    assert (raw.rate_limit.max, raw.rate_limit.remaining, raw.rate_limit.interval_ms) == (
        190,
        187,
        10000,
    )
    assert raw.parse().event_name == "Webinar"
    assert raw.http_response.request.url.path.endswith("/events/w-1")


@both
def test_with_raw_response_of_an_operation_without_a_body_still_shows_the_answer(
    flavour: str,
) -> None:
    rig = make_rig(flavour, reply(204, headers={"X-HubSpot-Correlation-Id": "corr-del"}))

    raw = rig.run(
        lambda c: c.with_raw_response.events.delete(
            external_event_id="w-1", external_account_id="acc"
        )
    )

    assert (raw.status_code, raw.correlation_id, raw.parse()) == (204, "corr-del", None)


@both
def test_a_read_models_answer_is_kept_for_support_tickets(flavour: str) -> None:
    rig = make_rig(flavour, reply(200, event_details(), headers=RATE_HEADERS))

    event = rig.run(lambda c: c.events.get("w-1", "acc"))

    info = response_of(event)
    assert isinstance(info, ResponseInfo)
    assert (info.method, info.status_code, info.correlation_id) == ("GET", 200, "corr-ok-1")
    assert info.path.endswith("/events/w-1")
    assert info.rate_limit.remaining == 187


def test_response_of_forgets_models_that_are_gone_and_knows_nothing_of_hand_made_ones() -> None:
    from hubspot_events._response import _ANSWERED

    rig = make_rig("sync", reply(200, event_details()))
    event = rig.run(lambda c: c.events.get("w-1", "acc"))
    hand_made = type(event).from_dict(event_details())
    assert response_of(hand_made) is None
    before = len(_ANSWERED)

    del event
    gc.collect()

    assert len(_ANSWERED) == before - 1, "the registry holds nothing alive"


@both
def test_a_batch_result_keeps_every_requests_correlation_id_and_rate_limit_headers(
    flavour: str,
) -> None:
    ok_headers = dict(RATE_HEADERS)
    rig = make_rig(
        flavour,
        with_headers(subscriber_results, ok_headers),
        reply(404, error_body("no such event", "OBJECT_NOT_FOUND", "corr-404")),
        batch_size=2,
    )

    result = record(rig, emails(4))

    assert [r.status_code for r in result.responses] == [200, 404]
    assert result.correlation_ids == ["corr-ok-1", "corr-404"]
    assert result.responses[0].rate_limit.remaining == 187


@both
def test_pages_keep_their_answer(flavour: str) -> None:
    page = {"results": [], "paging": {}}
    rig = make_rig(flavour, reply(200, page, headers=RATE_HEADERS))

    pages = rig.pages(rig.client.events.list())

    assert pages[0].response.correlation_id == "corr-ok-1"


# --- on_chunk: flat memory --------------------------------------------------------------------


@both
def test_on_chunk_hands_over_each_chunk_in_order_and_keeps_only_counts(flavour: str) -> None:
    rig = make_rig(flavour, then=subscriber_results, batch_size=3)
    seen: list[BatchResult[Any]] = []

    result = record(rig, [*emails(5), "not-an-email", *emails(2, start=5)], on_chunk=seen.append)

    assert [[s.input for s in chunk.succeeded] for chunk in seen] == [
        emails(3),
        emails(2, start=3),
        emails(2, start=5),
    ], "every chunk, in input order"
    assert [f.input for chunk in seen for f in chunk.failed] == ["not-an-email"]
    assert seen[0].results[0].email == "user0@example.com", "each chunk parses its own results"
    assert (result.succeeded, result.failed, result.responses) == ([], [], [])
    assert (result.succeeded_count, result.failed_count, result.total) == (7, 1, 8)
    assert result.requests == 3
    assert not result.ok
    assert "7 succeeded, 1 failed" in result.summary()
    with pytest.raises(hubspot_events.BatchError, match="1 of 8 inputs failed"):
        result.raise_for_errors()


def test_on_chunk_receives_the_chunk_that_stopped_the_job_before_the_error_is_raised() -> None:
    rig = make_rig(
        "sync",
        subscriber_results,
        reply(401, error_body("bad token", "INVALID_AUTHENTICATION")),
        batch_size=2,
    )
    seen: list[BatchResult[Any]] = []

    with pytest.raises(hubspot_events.AuthenticationError) as caught:
        record(rig, emails(6), on_chunk=seen.append)

    assert [chunk.succeeded_count for chunk in seen] == [2, 0]
    assert seen[1].failed_count == 2
    assert caught.value.partial_result.total == 4


# --- async iterables --------------------------------------------------------------------------


def test_async_batch_methods_read_an_async_iterable_lazily() -> None:
    rig = make_rig("async", then=subscriber_results, batch_size=2)
    produced: list[int] = []

    async def cursor() -> AsyncIterator[str]:
        for n in range(5):
            produced.append(n)
            await asyncio.sleep(0)
            yield f"user{n}@example.com"

    result = record(rig, cursor())

    assert [s.input for s in result] == emails(5)
    assert [[i["email"] for i in sent] for sent in rig.server.sent_inputs()] == [
        emails(2),
        emails(2, start=2),
        emails(1, start=4),
    ]
    assert produced == [0, 1, 2, 3, 4]


def test_the_blocking_client_refuses_an_async_iterable_saying_what_to_do() -> None:
    async def cursor() -> AsyncIterator[str]:
        yield "a@example.com"

    rig = make_rig("sync")
    with pytest.raises(TypeError, match="AsyncHubSpotEvents"):
        record(rig, cursor())
    assert rig.server.requests == []


# --- reprs and names ----------------------------------------------------------------------------


def test_the_client_repr_shows_host_auth_kind_version_batching_pacing_timeout_and_retries() -> None:
    client = HubSpotEvents(access_token=TOKEN, rate_limit="190/10s", batch_size=50)

    text = repr(client)

    assert text.startswith("HubSpotEvents(base_url='https://api.hubapi.com' (default)")
    for part in (
        "host='api.hubapi.com'",
        "auth=TokenAuth",
        "api_version='v3' (default)",
        "batch_size=50",
        "RateLimit(max_requests=190, interval_s=10",
        "timeout=30.0",
        "max_retries=3",
    ):
        assert part in text
    assert TOKEN not in text


@both
def test_a_batch_result_repr_shows_counts_and_status_not_every_input(flavour: str) -> None:
    rig = make_rig(flavour, then=subscriber_results)

    result = record(rig, [*emails(300), "bad"])

    assert repr(result) == ("<BatchResult COMPLETE: 300 succeeded, 1 failed, 0 errors, 3 requests>")


@pytest.mark.parametrize("name", sorted(hubspot_events.__all__))
def test_public_classes_name_the_package_not_a_private_module(name: str) -> None:
    value = getattr(hubspot_events, name)
    if isinstance(value, type) and name != "SubscriberState":
        assert value.__module__ == "hubspot_events"
        assert getattr(hubspot_events, value.__qualname__) is value


def test_an_exception_pickles_and_prints_under_the_package_name() -> None:
    error = NotFoundError("no such event", status_code=404)

    error.attempts = 2

    copy = pickle.loads(pickle.dumps(error))

    assert repr(type(error)) == "<class 'hubspot_events.NotFoundError'>"
    assert type(copy) is NotFoundError
    assert (copy.status_code, copy.message, copy.attempts) == (404, "no such event", 2)


# --- logging switch -----------------------------------------------------------------------------


@pytest.fixture
def package_logger() -> Any:
    logger = logging.getLogger("hubspot_events")
    level, handlers = logger.level, list(logger.handlers)
    yield logger
    logger.setLevel(level)
    logger.handlers[:] = handlers


@pytest.mark.parametrize(("value", "level"), [("debug", logging.DEBUG), ("INFO", logging.INFO)])
def test_the_log_switch_turns_on_the_packages_lines_once(
    package_logger: logging.Logger, value: str, level: int
) -> None:
    assert configure_from_env({LOG_ENV: value}) == level
    assert configure_from_env({LOG_ENV: value}) == level

    assert package_logger.level == level
    ours = [h for h in package_logger.handlers if h.get_name() == "hubspot_events.env"]
    assert len(ours) == 1, "configuring twice adds no second handler"


def test_an_unknown_log_level_warns_and_changes_nothing(package_logger: logging.Logger) -> None:
    level = package_logger.level
    with pytest.warns(UserWarning, match="HUBSPOT_EVENTS_LOG='loud'"):
        assert configure_from_env({LOG_ENV: "loud"}) is None
    assert package_logger.level == level


def test_the_log_switch_works_from_the_environment_of_a_new_process(tmp_path: Any) -> None:
    import subprocess

    script = (
        "import hubspot_events, httpx\n"
        "def answer(request):\n"
        "    return httpx.Response(503) if answer.calls == 0 else httpx.Response(204)\n"
        "answer.calls = 0\n"
        "def counted(request):\n"
        "    response = answer(request); answer.calls += 1; return response\n"
        "hs = hubspot_events.HubSpotEvents(access_token='t', rate_limit=None,\n"
        "    http_client=httpx.Client(transport=httpx.MockTransport(counted)), sleep=lambda s: None)\n"
        "hs.events.delete(external_event_id='w-1', external_account_id='a')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={"HUBSPOT_EVENTS_LOG": "info", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert "INFO hubspot_events] DELETE" in done.stderr
    assert "retrying: 503" in done.stderr
    assert "-> 204" not in done.stderr, "info shows the retried attempts, not every one"
