"""Per-call options, whole answers, per-chunk progress and errors, as a user types them.

``with_options`` returns the same client class; ``with_raw_response`` reads return
``APIResponse[T]`` (``.parse()`` gives the plain method's ``T``); ``response_of`` finds the answer
a model came from; ``on_chunk`` sees each chunk's ``BatchResult[T]`` as it settles.
"""

from __future__ import annotations

from typing import assert_type

import httpx
from hubspot_events import (
    APIResponse,
    APIStatusError,
    AsyncHubSpotEvents,
    AsyncPager,
    BatchError,
    BatchResult,
    Failure,
    HubSpotError,
    HubSpotEvents,
    NotFoundError,
    Pager,
    RateLimitError,
    RateLimitHeaders,
    ResponseInfo,
    response_of,
)
from hubspot_events_generated.models import (
    AttendanceCounters,
    Event,
    EventDetails,
    EventSummary,
    Participation,
    SubscriberResult,
)

from webinar_sync.sync_calls import webinar


def options(hs: HubSpotEvents, ahs: AsyncHubSpotEvents) -> None:
    slow = hs.with_options(timeout=httpx.Timeout(60.0, connect=5.0), max_retries=5)
    assert_type(slow, HubSpotEvents)
    other_account = hs.with_options(external_account_id="zoom-43", batch_size=50)
    assert_type(other_account, HubSpotEvents)
    assert_type(hs.with_options(timeout=None, user_agent="webinar-sync/1.0"), HubSpotEvents)
    assert_type(ahs.with_options(timeout=2.5, rate_limit="100/10s"), AsyncHubSpotEvents)
    assert_type(HubSpotEvents(access_token="t", timeout=httpx.Timeout(10.0)), HubSpotEvents)


def info_fields(info: ResponseInfo) -> None:
    assert_type(info.method, str)
    assert_type(info.path, str)
    assert_type(info.status_code, int)
    assert_type(info.correlation_id, str | None)
    assert_type(info.attempts, int)
    limits = info.rate_limit
    assert_type(limits, RateLimitHeaders)
    for value in (limits.max, limits.remaining, limits.interval_ms):
        assert_type(value, int | None)
    assert_type(limits.daily, int | None)
    assert_type(limits.daily_remaining, int | None)


def raw_responses(hs: HubSpotEvents) -> None:
    answer = hs.with_raw_response.events.get("w-1")
    assert_type(answer, APIResponse[EventDetails | EventSummary])
    assert_type(answer.status_code, int)
    assert_type(answer.headers, httpx.Headers)
    assert_type(answer.correlation_id, str | None)
    assert_type(answer.rate_limit, RateLimitHeaders)
    assert_type(answer.http_response, httpx.Response)
    info_fields(answer.info)
    assert_type(answer.parse(), EventDetails | EventSummary)
    counters = hs.with_raw_response.participations.counters("w-1")
    assert_type(counters, APIResponse[AttendanceCounters])
    assert_type(hs.with_raw_response.events.delete("w-1").parse(), None)
    # batches and pages keep their answers anyway: the same types as on the plain client
    batch = hs.with_raw_response.events.upsert([webinar("w-1")])
    assert_type(batch, BatchResult[Event])
    pager = hs.with_raw_response.participations.breakdown("w-1")
    assert_type(pager, Pager[Participation])
    for page in pager.pages():
        assert_type(page.response, ResponseInfo | None)


async def async_raw_responses(ahs: AsyncHubSpotEvents) -> None:
    answer = await ahs.with_raw_response.events.get(object_id="123")
    assert_type(answer, APIResponse[EventDetails | EventSummary])
    assert_type(answer.parse(), EventDetails | EventSummary)
    pager = ahs.with_raw_response.events.list()
    assert_type(pager, AsyncPager[EventSummary])


def answers_of_models(hs: HubSpotEvents) -> None:
    event = hs.events.get("w-1")
    info = response_of(event)
    assert_type(info, ResponseInfo | None)
    if info is not None:
        info_fields(info)
    result = hs.events.upsert([webinar("w-1")])
    assert_type(result.responses, list[ResponseInfo])
    assert_type(result.correlation_ids, list[str])


def progress(hs: HubSpotEvents, emails: list[str]) -> None:
    """A million rows with flat memory: each chunk's result goes to a callback."""
    failures: list[Failure] = []

    def on_chunk(chunk: BatchResult[SubscriberResult]) -> None:
        assert_type(chunk.results, list[SubscriberResult])
        failures.extend(chunk.failed)

    total = hs.attendance.record_by_email(
        "attend", emails, external_event_id="w-1", on_chunk=on_chunk
    )
    assert_type(total, BatchResult[SubscriberResult])
    assert_type(total.succeeded_count, int)
    assert_type(total.failed_count, int)
    assert_type(total.requests, int)
    assert_type(total.statuses, list[str])

    def chunk_count(chunk: BatchResult[Event]) -> int:  # any return type is fine
        return chunk.succeeded_count

    hs.events.upsert([webinar("w-1")], on_chunk=chunk_count)


async def async_progress(ahs: AsyncHubSpotEvents, emails: list[str]) -> None:
    seen: list[int] = []
    result = await ahs.subscriber_state.upsert_by_email(
        "register",
        emails,
        external_event_id="w-1",
        on_chunk=lambda chunk: seen.append(chunk.succeeded_count),
    )
    assert_type(result.succeeded_count, int)


def errors(hs: HubSpotEvents) -> str:
    try:
        hs.events.upsert([webinar("w-1")]).raise_for_errors()
        event = hs.events.get("w-1")
    except BatchError as error:
        assert_type(error.result.failed_count, int)  # the error is not generic: BatchResult[Any]
        return f"{error.result.failed_count} failed"
    except NotFoundError as error:
        assert_type(error.status_code, int)
        return f"missing: {error.correlation_id}"
    except RateLimitError as error:
        return f"rate limited after {error.attempts} attempts"
    except APIStatusError as error:
        assert_type(error.correlation_id, str | None)
        assert_type(error.category, str | None)
        return error.message
    except HubSpotError as error:
        return str(error)
    assert_type(event, EventDetails | EventSummary)
    return "ok"
