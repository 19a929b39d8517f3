"""The client against servers that misbehave on purpose or by accident: pagers that never end,
answers that trickle in a byte at a time. Each test names the defect it pins; nothing sleeps
(the clock is injected and moved by the fake server itself)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from test_client_support import both, make_rig

from hubspot_events._errors import APITimeoutError, HubSpotError, PaginationError
from hubspot_events._pagination import MAX_EMPTY_PAGES

EVENTS_PATH = "/marketing/marketing-events/v3"  # list-all has its own path in the spec


def summary(n: int) -> dict[str, Any]:
    return {
        "objectId": str(n),
        "eventName": f"Webinar {n}",
        "customProperties": [],
        "createdAt": "2025-10-01T10:00:00Z",
        "updatedAt": "2025-10-02T10:00:00Z",
    }


# --- pagers that never end -------------------------------------------------------------------


@both
def test_endless_empty_pages_with_new_cursors_stop_with_an_error_naming_the_operation(
    flavour: str,
) -> None:
    def server(request: httpx.Request) -> httpx.Response:
        after = int(request.url.params.get("after") or 0)
        return httpx.Response(200, json={"results": [], "paging": {"next": {"after": after + 1}}})

    rig = make_rig(flavour, then=server)

    with pytest.raises(PaginationError) as caught:
        rig.collect(rig.client.events.list())

    assert isinstance(caught.value, HubSpotError)
    assert len(rig.server.requests) == MAX_EMPTY_PAGES, "bounded: not one page more"
    assert f"GET {EVENTS_PATH}" in str(caught.value), "the error names the operation"
    assert "empty pages in a row" in str(caught.value)


@both
def test_empty_pages_between_full_ones_are_followed(flavour: str) -> None:
    """A few empty pages are not a loop: the guard counts consecutive empty pages only."""
    script = [([], "1"), ([summary(1)], "2"), ([], "3"), ([], "4"), ([summary(2)], None)]

    def server(request: httpx.Request) -> httpx.Response:
        items, after = script[int(request.url.params.get("after") or 0)]
        body: dict[str, Any] = {"results": items}
        if after is not None:
            body["paging"] = {"next": {"after": after}}
        return httpx.Response(200, json=body)

    rig = make_rig(flavour, then=server)

    events = rig.collect(rig.client.events.list())

    assert [e.object_id for e in events] == ["1", "2"]


@both
def test_a_cursor_that_comes_back_later_stops_with_an_error(flavour: str) -> None:
    """a -> b -> a: a cycle longer than one page is caught too, after the pages read so far."""
    cycle = {None: "a", "a": "b", "b": "a"}
    got: list[Any] = []

    def server(request: httpx.Request) -> httpx.Response:
        after = request.url.params.get("after")
        return httpx.Response(
            200,
            json={"results": [summary(len(got))], "paging": {"next": {"after": cycle[after]}}},
        )

    rig = make_rig(flavour, then=server)
    pager = rig.client.events.list()

    def drain() -> None:
        if rig.is_async:

            async def consume() -> None:
                async for event in pager:
                    got.append(event)

            asyncio.run(consume())
        else:
            got.extend(pager)

    with pytest.raises(PaginationError, match="cursor 'a' a second time"):
        drain()

    assert len(got) == 3, "the items read before the loop was seen were yielded"
    assert [r.url.params.get("after") for r in rig.server.requests] == [None, "a", "b"]


# --- a server trickling its answer a byte at a time ---------------------------------------------


class Trickle(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body sent one byte per (fake) second: httpx's read timeout, which starts again with
    every byte, never fires on it. The rig's clock is advanced instead of sleeping."""

    def __init__(self, body: bytes, clock: Any) -> None:
        self.body = body
        self.clock = clock
        self.sent = 0

    def __iter__(self) -> Any:
        for byte in self.body:
            self.clock.advance(1.0)
            self.sent += 1
            yield bytes([byte])

    async def __aiter__(self) -> Any:
        for chunk in self:
            yield chunk


PAGE_BODY = json.dumps({"results": [summary(1)]}).encode()


@both
def test_a_trickling_answer_is_cut_at_the_timeout_of_the_whole_attempt(flavour: str) -> None:
    streams: list[Trickle] = []

    def server(request: httpx.Request) -> httpx.Response:
        streams.append(Trickle(PAGE_BODY, rig.clock))
        return httpx.Response(200, stream=streams[-1])

    rig = make_rig(flavour, then=server, timeout=5.0, max_retries=2)
    start = rig.clock()

    with pytest.raises(APITimeoutError) as caught:
        rig.collect(rig.client.events.list())

    assert len(streams) == 3, "each of the 3 attempts timed out and was retried"
    assert all(s.sent <= 6 for s in streams), "an attempt stops within a byte of 5 s"
    assert rig.sleeps == [0.5, 1.0]
    assert rig.clock() - start <= 3 * 6 + 1.5, "the call took ~3 timeouts, not 3 x the body"
    assert "within the timeout" in str(caught.value)


@both
def test_an_answer_within_the_timeout_is_read_whole(flavour: str) -> None:
    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Trickle(PAGE_BODY, rig.clock))

    rig = make_rig(flavour, then=server, timeout=float(len(PAGE_BODY) + 1))

    (event,) = rig.collect(rig.client.events.list())

    assert event.event_name == "Webinar 1"


@both
def test_timeout_none_lets_a_slow_answer_finish(flavour: str) -> None:
    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Trickle(PAGE_BODY, rig.clock))

    rig = make_rig(flavour, then=server, timeout=None)

    (event,) = rig.collect(rig.client.events.list())

    assert event.event_name == "Webinar 1"


class Stalled(httpx.AsyncByteStream):
    """A body whose first bytes come and then nothing more, ever (a peer gone silent)."""

    async def __aiter__(self) -> Any:
        yield b'{"results": ['
        await asyncio.Event().wait()


async def test_async_on_the_real_clock_a_stalled_answer_is_cut_by_the_loops_timer() -> None:
    """With the real clock (no clock injected), the async client bounds the whole attempt with
    the event loop's timer alone, body included: the one path that must wait for real, 20 ms."""
    from hubspot_events import AsyncHubSpotEvents

    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Stalled())

    http = httpx.AsyncClient(transport=httpx.MockTransport(server))
    async with AsyncHubSpotEvents(
        access_token="real-clock-token", base_url="http://hubspot.test", http_client=http,
        timeout=0.02,
        max_retries=0, rate_limit=None,
    ) as client:  # fmt: skip
        with pytest.raises(APITimeoutError) as caught:
            await asyncio.wait_for(client.events.get("w-1", external_account_id="a"), 5.0)

    assert "within the timeout" in str(caught.value)
