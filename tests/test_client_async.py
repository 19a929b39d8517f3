"""AsyncHubSpotEvents: bounded concurrency, input order, and no drift from the sync client.

Most behaviours are checked on both clients by the other ``test_client_*`` modules (``@both``);
this module covers what only the async client has, and the surface both must share.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from test_client_support import TOKEN, emails, rate_limited, subscriber_results

from hubspot_events import AsyncHubSpotEvents, HubSpotEvents, RateLimitError

RESOURCES = ["events", "attendance", "subscriber_state", "participations", "lists", "settings"]
#: What each client offers beside its API areas.
CLIENT_METHODS = ["with_options", "with_raw_response"]


class SlowServer:
    """Answers after a number of event-loop turns that decreases with the chunk's position, so
    later chunks finish first; tracks how many requests are in flight at once."""

    def __init__(self, total: int, fail_on: str | None = None) -> None:
        self.total = total
        self.fail_on = fail_on
        self.in_flight = 0
        self.max_in_flight = 0
        self.started: list[str] = []
        self.finished: list[str] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        first = json.loads(request.content)["inputs"][0]["email"]
        self.started.append(first)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            position = int(first.removeprefix("user").split("@")[0])
            for _ in range(self.total - position):
                await asyncio.sleep(0)
            if first == self.fail_on:
                return httpx.Response(429, json=rate_limited("DAILY"))
            return subscriber_results(request)
        finally:
            self.in_flight -= 1
            self.finished.append(first)


def client(server: Any, **options: Any) -> AsyncHubSpotEvents:
    return AsyncHubSpotEvents(
        access_token=TOKEN,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(server)),
        rate_limit=None,
        **options,
    )


async def test_concurrency_3_never_has_more_than_3_requests_in_flight() -> None:
    server = SlowServer(total=20)

    async with client(server, batch_size=2, concurrency=3) as hs:
        result = await hs.attendance.record_by_email("attend", emails(20), external_event_id="w-1")

    assert server.max_in_flight == 3
    assert len(server.started) == 10
    assert result.total == 20


async def test_concurrency_1_sends_one_request_at_a_time() -> None:
    server = SlowServer(total=10)

    async with client(server, batch_size=2, concurrency=1) as hs:
        await hs.attendance.record_by_email("attend", emails(10), external_event_id="w-1")

    assert server.max_in_flight == 1
    assert server.finished == server.started


async def test_results_are_in_input_order_when_chunks_finish_out_of_order() -> None:
    server = SlowServer(total=12)
    subscribers = emails(12)

    async with client(server, batch_size=3, concurrency=4) as hs:
        result = await hs.attendance.record_by_email("attend", subscribers, external_event_id="w-1")

    assert server.finished != server.started  # later chunks did finish first
    assert [s.input for s in result.succeeded] == subscribers
    assert [s.index for s in result.succeeded] == list(range(12))
    assert [r.email for r in result.results] == subscribers


async def test_fatal_error_waits_for_chunks_in_flight_and_reads_no_more() -> None:
    pulled = 0

    def subscribers() -> Iterator[str]:
        nonlocal pulled
        for email in emails(40):
            pulled += 1
            yield email

    server = SlowServer(total=40, fail_on="user0@example.com")

    async with client(server, batch_size=5, concurrency=3) as hs:
        with pytest.raises(RateLimitError) as caught:
            await hs.attendance.record_by_email("attend", subscribers(), external_event_id="w-1")

    partial = caught.value.partial_result
    assert server.in_flight == 0
    assert pulled == 15  # the three chunks in flight, nothing after
    assert [f.index for f in partial.failed] == list(range(5))
    assert [s.index for s in partial.succeeded] == list(range(5, 15))


async def test_a_failing_input_stream_leaves_no_request_running() -> None:
    def subscribers() -> Iterator[str]:
        yield from emails(10)
        raise RuntimeError("bad row 11")

    server = SlowServer(total=10)

    async with client(server, batch_size=5, concurrency=3) as hs:
        with pytest.raises(RuntimeError, match="bad row 11"):
            await hs.attendance.record_by_email("attend", subscribers(), external_event_id="w-1")
        in_flight_after_raise = server.in_flight
        started_after_raise = len(server.started)
        for _ in range(50):
            await asyncio.sleep(0)

    assert in_flight_after_raise == 0
    assert len(server.started) == started_after_raise


async def test_cancelling_a_batch_call_cancels_every_request_in_flight() -> None:
    never = asyncio.Event()
    in_flight: set[str] = set()

    async def server(request: httpx.Request) -> httpx.Response:
        first = json.loads(request.content)["inputs"][0]["email"]
        in_flight.add(first)
        try:
            await never.wait()
        finally:
            in_flight.discard(first)
        raise AssertionError("unreachable")

    async with client(server, batch_size=5, concurrency=3) as hs:
        call = asyncio.ensure_future(
            hs.attendance.record_by_email("attend", emails(40), external_event_id="w-1")
        )
        while len(in_flight) < 3:
            await asyncio.sleep(0)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call

    assert in_flight == set()


async def test_async_sleep_is_awaited_for_retries() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    answers = iter([httpx.Response(503), None])

    def server(request: httpx.Request) -> httpx.Response:
        return next(answers) or subscriber_results(request)

    async with client(server, sleep=sleep) as hs:
        result = await hs.attendance.record_by_email("attend", ["a@x.io"], external_event_id="w-1")

    assert result.ok
    assert len(slept) == 1
    assert 0 < slept[0] <= 0.5


# --- the two clients have the same surface -------------------------------------------------


def public_methods(obj: object) -> dict[str, Any]:
    return {
        name: getattr(obj, name)
        for name in dir(obj)
        if not name.startswith("_") and callable(getattr(obj, name))
    }


@pytest.mark.parametrize("resource", RESOURCES)
def test_sync_and_async_resources_have_the_same_methods_and_parameters(resource: str) -> None:
    sync = getattr(HubSpotEvents(access_token=TOKEN), resource)
    async_ = getattr(AsyncHubSpotEvents(access_token=TOKEN), resource)
    sync_methods, async_methods = public_methods(sync), public_methods(async_)

    assert sorted(sync_methods) == sorted(async_methods)
    assert sync_methods  # a resource without methods would make this test vacuous
    for name, sync_method in sync_methods.items():
        async_method = async_methods[name]
        sync_params = list(inspect.signature(sync_method).parameters.values())
        async_params = list(inspect.signature(async_method).parameters.values())
        assert async_params == sync_params, f"{resource}.{name} drifted"
        returns_pager = "Pager" in str(inspect.signature(sync_method).return_annotation)
        # Paged reads are `async for`-able objects; everything else is awaited.
        assert inspect.iscoroutinefunction(async_method) is not returns_pager, f"{resource}.{name}"
        assert not inspect.iscoroutinefunction(sync_method)


def test_sync_and_async_clients_have_the_same_resources_and_options() -> None:
    sync_params = inspect.signature(HubSpotEvents).parameters
    async_params = inspect.signature(AsyncHubSpotEvents).parameters

    assert set(async_params) - set(sync_params) == {"concurrency"}
    assert set(sync_params) - set(async_params) == set()
    for name in sync_params:
        if name not in {"http_client", "sleep"}:  # their types differ by nature
            assert sync_params[name] == async_params[name], name
    sync_names = {n for n in dir(HubSpotEvents) if not n.startswith("_")}
    async_names = {n for n in dir(AsyncHubSpotEvents) if not n.startswith("_")}
    assert sync_names - {"close"} == async_names - {"aclose"} == {*RESOURCES, *CLIENT_METHODS}
