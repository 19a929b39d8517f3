"""Reads: one event, counters, auto-paging lists; error mapping; nothing from httpx escapes."""

from __future__ import annotations

import asyncio
import gzip
import json
import traceback
from typing import Any

import httpx
import pytest
from test_client_support import (
    PREFIX,
    TOKEN,
    both,
    error_body,
    event_json,
    make_rig,
    reply,
)

from hubspot_events import (
    APIStatusError,
    AsyncHubSpotEvents,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    HubSpotError,
    HubSpotEvents,
    InternalServerError,
    NotFoundError,
    Page,
    PermissionDeniedError,
    RateLimitError,
)
from hubspot_events_generated.models import AttendanceCounters, EventDetails

# --- single reads --------------------------------------------------------------------------


def event_details_json() -> dict[str, Any]:
    return {
        **event_json("w-1", "9001"),
        "externalEventId": "w-1",
        "registrants": 5,
        "attendees": 3,
        "cancellations": 1,
        "noShows": 1,
    }


@both
def test_events_get_reads_one_event_with_its_counts(flavour: str) -> None:
    rig = make_rig(flavour, reply(200, event_details_json()))

    event = rig.run(lambda c: c.events.get("w/1", external_account_id="zoom-42"))

    assert isinstance(event, EventDetails)
    assert (event.external_event_id, event.registrants, event.attendees) == ("w-1", 5, 3)
    request = rig.server.requests[0]
    assert request.method == "GET"
    assert request.url.raw_path == f"{PREFIX}/events/w%2F1?externalAccountId=zoom-42".encode()


@both
def test_counters_reads_the_participation_counters(flavour: str) -> None:
    counters = {"registered": 10, "attended": 7, "cancelled": 2, "noShows": 1}
    rig = make_rig(flavour, reply(200, counters), external_account_id="zoom-42")

    result = rig.run(lambda c: c.participations.counters("w-1"))

    assert result == AttendanceCounters(registered=10, attended=7, cancelled=2, no_shows=1)
    assert rig.server.paths == [f"{PREFIX}/participations/zoom-42/w-1"]


@both
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'{"registered": 1,', id="truncated-json"),
        pytest.param(b"<html>OK</html>", id="html"),
        pytest.param(b"", id="empty"),
        pytest.param(b"[1, 2]", id="not-an-object"),
        pytest.param(b'{"registered": 1}', id="missing-fields"),
        pytest.param(
            b'{"registered": 1, "attended": 1, "cancelled": 1, "noShows": {"a": 1}, "x": [}',
            id="broken",
        ),
    ],
)
def test_unreadable_2xx_body_on_a_read_raises_hubspot_error(flavour: str, content: bytes) -> None:
    rig = make_rig(flavour, reply(200, content=content), external_account_id="zoom-42")

    with pytest.raises(HubSpotError) as caught:
        rig.run(lambda c: c.participations.counters("w-1"))

    assert type(caught.value) is HubSpotError
    assert "200" in str(caught.value)


@both
def test_event_with_a_malformed_date_raises_hubspot_error(flavour: str) -> None:
    body = {**event_details_json(), "createdAt": "yesterday"}
    rig = make_rig(flavour, reply(200, body))

    with pytest.raises(HubSpotError, match="does not match the spec"):
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))


# --- error mapping -------------------------------------------------------------------------


@both
@pytest.mark.parametrize(
    ("status", "body", "error", "message"),
    [
        pytest.param(
            400,
            json.dumps(error_body("Invalid input", "VALIDATION_ERROR")),
            BadRequestError,
            "Invalid input",
            id="400-json",
        ),
        pytest.param(401, "", AuthenticationError, "Unauthorized (empty body)", id="401-empty"),
        pytest.param(
            403,
            json.dumps(
                error_body(
                    "This app hasn't been granted all required scopes",
                    "MISSING_SCOPES",
                    context={"requiredScopes": ["crm.objects.marketing_events.read"]},
                    errors=[
                        {
                            "message": "missing",
                            "context": {"missingScopes": ["crm.objects.marketing_events.read"]},
                        }
                    ],
                )
            ),
            PermissionDeniedError,
            "This app hasn't been granted all required scopes",
            id="403-scopes",
        ),
        pytest.param(
            404, "Not Found", NotFoundError, "Not Found (non-JSON body: Not Found)", id="404-text"
        ),
        pytest.param(409, "", ConflictError, "Conflict (empty body)", id="409-empty"),
        pytest.param(418, "{}", APIStatusError, "I'm a teapot (JSON body: {})", id="418-unknown"),
        pytest.param(
            429,
            json.dumps(
                {
                    "status": "error",
                    "message": "daily limit",
                    "errorType": "RATE_LIMIT",
                    "correlationId": "c",
                    "policyName": "DAILY",
                }
            ),
            RateLimitError,
            "daily limit",
            id="429-daily",
        ),
        pytest.param(
            500,
            "oops",
            InternalServerError,
            "Internal Server Error (non-JSON body: oops)",
            id="500-text",
        ),
    ],
)
def test_error_responses_map_to_typed_errors_whatever_the_body(
    flavour: str, status: int, body: str, error: type[APIStatusError], message: str
) -> None:
    rig = make_rig(flavour, then=reply(status, content=body), max_retries=0)

    with pytest.raises(APIStatusError) as caught:
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    assert type(caught.value) is error
    assert caught.value.status_code == status
    assert caught.value.message == message
    if status == 403:
        assert caught.value.missing_scopes == ["crm.objects.marketing_events.read"]  # type: ignore[attr-defined]


@both
def test_error_fields_come_from_hubspots_error_body(flavour: str) -> None:
    body = error_body(
        "Event not found",
        "OBJECT_NOT_FOUND",
        "corr-404",
        subCategory="EVENT_NOT_FOUND",
        context={"externalEventId": ["w-1"]},
    )
    rig = make_rig(flavour, reply(404, body))

    with pytest.raises(NotFoundError) as caught:
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    error = caught.value
    assert (error.category, error.sub_category, error.correlation_id) == (
        "OBJECT_NOT_FOUND",
        "EVENT_NOT_FOUND",
        "corr-404",
    )
    assert error.context == {"externalEventId": ["w-1"]}
    assert str(error) == (
        "404 Not Found: Event not found"
        " (category=OBJECT_NOT_FOUND, subCategory=EVENT_NOT_FOUND, correlationId=corr-404)"
    )


@both
def test_undecodable_response_raises_hubspot_error_not_httpx(flavour: str) -> None:
    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=b"not gzip")

    rig = make_rig(flavour, then=server)

    with pytest.raises(HubSpotError) as caught:
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    assert not isinstance(caught.value, httpx.HTTPError)
    assert isinstance(caught.value.__cause__, httpx.DecodingError)


@both
def test_gzip_body_is_decoded(flavour: str) -> None:
    def server(request: httpx.Request) -> httpx.Response:
        payload = gzip.compress(json.dumps(event_details_json()).encode())
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=payload)

    rig = make_rig(flavour, then=server)

    event = rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    assert event.id == "9001"


def test_unsupported_url_is_refused_at_construction() -> None:
    # Issue 12: an ftp:// base URL is refused before any request (test_odd_input_and_answers.py).
    with pytest.raises(ValueError, match=r"^base_url must start with https://"):
        HubSpotEvents(access_token=TOKEN, base_url="ftp://example.com")


async def test_async_unsupported_url_is_refused_at_construction() -> None:
    with pytest.raises(ValueError, match=r"^base_url must start with https://"):
        AsyncHubSpotEvents(access_token=TOKEN, base_url="ftp://example.com")


# --- pagination ----------------------------------------------------------------------------


def summary_json(n: int) -> dict[str, Any]:
    return {
        "objectId": str(n),
        "externalEventId": f"w-{n}",
        "eventName": f"Webinar {n}",
        "customProperties": [{"name": "room", "value": "A"}],
        "createdAt": "2025-10-01T10:00:00Z",
        "updatedAt": "2025-10-02T10:00:00Z",
    }


def participation_json(n: int) -> dict[str, Any]:
    return {
        "id": f"p-{n}",
        "createdAt": "2025-10-01T10:00:00Z",
        "associations": {
            "contact": {"contactId": str(n), "email": f"user{n}@example.com"},
            "marketingEvent": {"marketingEventId": "9001", "name": "Webinar"},
        },
        "properties": {"attendanceState": "ATTENDED", "occurredAt": 1_750_000_000_000},
    }


def three_pages(item: Any, *, extra: dict[str, Any] | None = None) -> Any:
    """Pages [0, 1], [2, 3], [4] linked by after cursors "c2" and "c4"."""
    pages = {None: ([0, 1], "c2"), "c2": ([2, 3], "c4"), "c4": ([4], None)}

    def server(request: httpx.Request) -> httpx.Response:
        numbers, after = pages[request.url.params.get("after")]
        body: dict[str, Any] = {"results": [item(n) for n in numbers], **(extra or {})}
        if after is not None:
            body["paging"] = {"next": {"after": after, "link": "?after=" + after}}
        return httpx.Response(200, json=body)

    return server


@both
def test_events_list_iterates_items_across_pages_following_the_after_cursor(flavour: str) -> None:
    rig = make_rig(flavour, then=three_pages(summary_json))

    events = rig.collect(rig.client.events.list())

    assert [e.object_id for e in events] == ["0", "1", "2", "3", "4"]
    assert [e.custom_properties[0].value for e in events] == ["A"] * 5
    assert [dict(r.url.params) for r in rig.server.requests] == [
        {"limit": "100"},
        {"after": "c2", "limit": "100"},
        {"after": "c4", "limit": "100"},
    ]
    assert set(rig.server.paths) == {"/marketing/marketing-events/v3"}


@both
def test_events_list_pages_yields_each_page_with_its_cursor(flavour: str) -> None:
    rig = make_rig(flavour, then=three_pages(summary_json))

    pages = rig.pages(rig.client.events.list(page_size=2))

    assert all(isinstance(page, Page) for page in pages)
    assert [[e.object_id for e in page.items] for page in pages] == [["0", "1"], ["2", "3"], ["4"]]
    assert [page.after for page in pages] == ["c2", "c4", None]
    assert {r.url.params["limit"] for r in rig.server.requests} == {"2"}


@both
def test_breakdown_iterates_participations_across_pages(flavour: str) -> None:
    rig = make_rig(flavour, then=three_pages(participation_json, extra={"total": 5}))

    items = rig.collect(
        rig.client.participations.breakdown("w-1", "zoom-42", state="attended", page_size=50)
    )

    assert [p.id for p in items] == ["p-0", "p-1", "p-2", "p-3", "p-4"]
    assert items[0].associations.contact.email == "user0@example.com"
    assert rig.server.paths == [f"{PREFIX}/participations/zoom-42/w-1/breakdown"] * 3
    assert [r.url.params.get("after") for r in rig.server.requests] == [None, "c2", "c4"]
    assert {r.url.params["state"] for r in rig.server.requests} == {"ATTENDED"}
    assert {r.url.params["limit"] for r in rig.server.requests} == {"50"}


@both
def test_breakdown_pages_yields_pages(flavour: str) -> None:
    rig = make_rig(flavour, then=three_pages(participation_json, extra={"total": 5}))

    pages = rig.pages(rig.client.participations.breakdown("w-1", "zoom-42"))

    assert [len(page.items) for page in pages] == [2, 2, 1]


@both
def test_pages_are_fetched_only_as_the_caller_iterates(flavour: str) -> None:
    rig = make_rig(flavour, then=three_pages(summary_json))
    pager = rig.client.events.list()

    assert rig.server.requests == []
    if rig.is_async:

        async def first() -> Any:
            async for event in pager:
                return event
            return None

        event = asyncio.run(first())
    else:
        event = next(iter(pager))

    assert event.object_id == "0"
    assert len(rig.server.requests) == 1


@both
def test_a_repeated_cursor_ends_the_iteration_with_an_error(flavour: str) -> None:
    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"results": [summary_json(1)], "paging": {"next": {"after": "same"}}}
        )

    rig = make_rig(flavour, then=server)

    with pytest.raises(HubSpotError, match="cursor 'same' a second time"):
        rig.collect(rig.client.events.list())

    assert len(rig.server.requests) == 2


@both
def test_page_error_mid_iteration_raises_a_typed_error(flavour: str) -> None:
    pages = three_pages(summary_json)

    def server(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("after") == "c4":
            return httpx.Response(200, content=b"{broken")
        return pages(request)  # type: ignore[no-any-return]

    rig = make_rig(flavour, then=server)

    with pytest.raises(HubSpotError, match="not JSON"):
        rig.collect(rig.client.events.list())


@both
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"state": "attending"}, "state must be one of"), ({"page_size": 101}, "page_size")],
)
def test_breakdown_rejects_bad_arguments_before_sending(
    flavour: str, kwargs: dict[str, Any], message: str
) -> None:
    rig = make_rig(flavour)

    with pytest.raises(ValueError, match=message):
        rig.client.participations.breakdown("w-1", "zoom-42", **kwargs)

    assert rig.server.requests == []


# --- the token never leaks ----------------------------------------------------------------


def test_exception_strings_and_tracebacks_do_not_contain_the_token() -> None:
    def server(request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        return httpx.Response(
            401,
            json=error_body(
                "Authentication credentials not found.", "INVALID_AUTHENTICATION", "corr-401"
            ),
        )

    rig = make_rig("sync", then=server)

    with pytest.raises(AuthenticationError) as caught:
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    error = caught.value
    rendered = "".join(traceback.format_exception(error))
    assert TOKEN not in rendered
    assert TOKEN not in repr(error)
    assert TOKEN not in repr(vars(error))
