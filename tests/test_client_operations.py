"""Every row of the design's operation table, sync and async, on each of HubSpot's API versions:
the request on the wire (under that version's path) and the value handed back, plus the argument
rules that make one method serve two endpoints."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from test_client_support import PREFIX, TOKEN, WALL_NOW_MS, Server, both, make_rig, reply

from hubspot_events import AuthenticationError, BatchResult, HubSpotEvents
from hubspot_events_generated.models import (
    AppSettings,
    AttendanceCounters,
    Event,
    EventDetails,
    EventIdentifiers,
    EventInfo,
    EventObject,
    EventSummary,
    Participation,
    PublicList,
    SearchResult,
)

DEV_KEY = "dev-key-0badc0de-9999"
NOW = "2025-10-09T08:53:20Z"
LIST = "/marketing/marketing-events/v3"  # the rows' list-all path, as the curated spec has it

#: Where each API version serves the operations (HubSpot's published specs) and its list-all read.
VERSION_PATHS = {
    "v3": (PREFIX, LIST),
    "2026-03": ("/marketing/marketing-events/2026-03", "/marketing/marketing-events/2026-03"),
    "2026-09": ("/marketing/marketing-events/2026-09", "/marketing/marketing-events/2026-09"),
}


def event_info(**extra: Any) -> dict[str, Any]:
    return {"eventName": "Launch", "eventOrganizer": "Acme", "customProperties": [], **extra}


def event(**extra: Any) -> dict[str, Any]:
    return {**event_info(id="9001", createdAt=NOW, updatedAt=NOW), **extra}


def event_object(**extra: Any) -> dict[str, Any]:
    return {**event_info(objectId="9001", createdAt=NOW, updatedAt=NOW), **extra}


def details() -> dict[str, Any]:
    counts = {"registrants": 2, "attendees": 1, "cancellations": 0, "noShows": 1}
    return {**event(externalEventId="w-1"), **counts}


def participation() -> dict[str, Any]:
    return {
        "id": "p-1",
        "createdAt": NOW,
        "associations": {
            "contact": {"contactId": "11", "email": "a@example.com"},
            "marketingEvent": {"marketingEventId": "9001", "name": "Launch"},
        },
        "properties": {"attendanceState": "ATTENDED", "occurredAt": WALL_NOW_MS},
    }


def public_list() -> dict[str, Any]:
    return {
        "listId": "77",
        "name": "Attendees",
        "listVersion": 1,
        "objectTypeId": "0-1",
        "processingStatus": "COMPLETE",
        "processingType": "MANUAL",
    }


@dataclass(frozen=True)
class Row:
    """One call of the public client and what must reach HubSpot for it."""

    call: Callable[[Any], Any]
    method: str
    path: str
    query: dict[str, str]
    body: Any
    answer: Callable[[httpx.Request], httpx.Response]
    returns: Callable[[Any], bool]


ROWS: dict[str, Row] = {
    "events.upsert": Row(
        lambda c: c.events.upsert(
            [{"externalEventId": "w-1", "eventName": "L", "eventOrganizer": "A"}]
        ),
        "POST",
        "/events/upsert",
        {},
        {
            "inputs": [
                {
                    "externalAccountId": "zoom-42",
                    "externalEventId": "w-1",
                    "eventName": "L",
                    "eventOrganizer": "A",
                    "customProperties": [],
                }
            ]
        },
        reply(
            200, {"status": "COMPLETE", "results": [event()], "startedAt": NOW, "completedAt": NOW}
        ),
        lambda r: isinstance(r, BatchResult) and r.ok and len(r.succeeded) == 1,
    ),
    "events.create": Row(
        lambda c: c.events.create(
            {"externalEventId": "w-1", "eventName": "L", "eventOrganizer": "A"}
        ),
        "POST",
        "/events",
        {},
        {
            "externalAccountId": "zoom-42",
            "externalEventId": "w-1",
            "eventName": "L",
            "eventOrganizer": "A",
            "customProperties": [],
        },
        reply(200, event_info(objectId="9001")),
        lambda r: isinstance(r, EventInfo) and r.object_id == "9001",
    ),
    "events.upsert_one": Row(
        lambda c: c.events.upsert_one("w-1", {"eventName": "L", "eventOrganizer": "A"}),
        "PUT",
        "/events/w-1",
        {},
        {
            "externalAccountId": "zoom-42",
            "externalEventId": "w-1",
            "eventName": "L",
            "eventOrganizer": "A",
            "customProperties": [],
        },
        reply(200, event()),
        lambda r: isinstance(r, Event) and r.id == "9001",
    ),
    "events.get(external)": Row(
        lambda c: c.events.get("w-1"),
        "GET",
        "/events/w-1",
        {"externalAccountId": "zoom-42"},
        None,
        reply(200, details()),
        lambda r: isinstance(r, EventDetails) and r.attendees == 1,
    ),
    "events.get(object)": Row(
        lambda c: c.events.get(object_id="9001"),
        "GET",
        "/9001",
        {},
        None,
        reply(200, event_object()),
        lambda r: isinstance(r, EventSummary) and r.object_id == "9001",
    ),
    "events.update(external)": Row(
        lambda c: c.events.update("w-1", {"eventName": "New"}),
        "PATCH",
        "/events/w-1",
        {"externalAccountId": "zoom-42"},
        {"eventName": "New", "customProperties": []},
        reply(200, event(eventName="New")),
        lambda r: isinstance(r, Event) and r.event_name == "New",
    ),
    "events.update(object)": Row(
        lambda c: c.events.update(object_id="9001", fields={"eventUrl": "https://x.example/e"}),
        "PATCH",
        "/9001",
        {},
        {"eventUrl": "https://x.example/e", "customProperties": []},
        reply(200, event_object()),
        lambda r: isinstance(r, EventObject),
    ),
    "events.delete(external)": Row(
        lambda c: c.events.delete("w-1"),
        "DELETE",
        "/events/w-1",
        {"externalAccountId": "zoom-42"},
        None,
        reply(204),
        lambda r: r is None,
    ),
    "events.delete(object)": Row(
        lambda c: c.events.delete(object_id="9001"),
        "DELETE",
        "/9001",
        {},
        None,
        reply(204),
        lambda r: r is None,
    ),
    "events.delete_many(external)": Row(
        lambda c: c.events.delete_many(
            external_event_ids=["w-1", {"externalEventId": "w-2", "externalAccountId": "teams-1"}]
        ),
        "POST",
        "/events/delete",
        {},
        {
            "inputs": [
                {"appId": 5, "externalAccountId": "zoom-42", "externalEventId": "w-1"},
                {"appId": 5, "externalAccountId": "teams-1", "externalEventId": "w-2"},
            ]
        },
        reply(204),
        lambda r: isinstance(r, BatchResult) and len(r.succeeded) == 2,
    ),
    "events.delete_many(object)": Row(
        lambda c: c.events.delete_many(object_ids=[9001, "9002"]),
        "POST",
        "/batch/archive",
        {},
        {"inputs": [{"objectId": "9001"}, {"objectId": "9002"}]},
        reply(204),
        lambda r: isinstance(r, BatchResult) and len(r.succeeded) == 2,
    ),
    "events.update_many": Row(
        lambda c: c.events.update_many([{"objectId": 9001, "eventCancelled": True}]),
        "POST",
        "/batch/update",
        {},
        {"inputs": [{"objectId": "9001", "eventCancelled": True, "customProperties": []}]},
        reply(
            200,
            {
                "status": "COMPLETE",
                "results": [event_object()],
                "startedAt": NOW,
                "completedAt": NOW,
            },
        ),
        lambda r: isinstance(r, BatchResult) and isinstance(r.succeeded[0].result, dict),
    ),
    "events.cancel": Row(
        lambda c: c.events.cancel("w-1"),
        "POST",
        "/events/w-1/cancel",
        {"externalAccountId": "zoom-42"},
        None,
        reply(200, event_info(eventCancelled=True)),
        lambda r: isinstance(r, EventInfo) and r.event_cancelled is True,
    ),
    "events.complete": Row(
        lambda c: c.events.complete(
            "w-1", datetime(2025, 10, 1, 9, tzinfo=UTC), "2025-10-01T10:00:00+00:00"
        ),
        "POST",
        "/events/w-1/complete",
        {"externalAccountId": "zoom-42"},
        {"startDateTime": "2025-10-01T09:00:00+00:00", "endDateTime": "2025-10-01T10:00:00+00:00"},
        reply(200, event_info(eventCompleted=True)),
        lambda r: isinstance(r, EventInfo) and r.event_completed is True,
    ),
    "events.search": Row(
        lambda c: c.events.search("w-"),
        "GET",
        "/events/search",
        {"q": "w-"},
        None,
        reply(
            200,
            {
                "results": [
                    {
                        "objectId": "9001",
                        "appId": 5,
                        "externalAccountId": "zoom-42",
                        "externalEventId": "w-1",
                    }
                ]
            },
        ),
        lambda r: [type(x) for x in r] == [SearchResult] and r[0].object_id == "9001",
    ),
    "events.identifiers": Row(
        lambda c: c.events.identifiers("w-1"),
        "GET",
        "/w-1/identifiers",
        {},
        None,
        reply(
            200,
            {
                "total": 1,
                "results": [
                    {"objectId": "9001", "externalEventId": "w-1", "marketingEventName": "Launch"}
                ],
            },
        ),
        lambda r: [type(x) for x in r] == [EventIdentifiers],
    ),
    "events.list": Row(
        lambda c: c.events.list(page_size=5),
        "GET",
        LIST,
        {"limit": "5"},
        None,
        reply(200, {"results": [event_object()]}),
        lambda r: [type(x) for x in r] == [EventSummary],
    ),
    "attendance.record_by_email(external)": Row(
        lambda c: c.attendance.record_by_email(
            "attend", ["a@example.com"], external_event_id="w-1"
        ),
        "POST",
        "/attendance/w-1/attend/email-create",
        {"externalAccountId": "zoom-42"},
        {
            "inputs": [
                {
                    "email": "a@example.com",
                    "interactionDateTime": WALL_NOW_MS,
                    "properties": {},
                    "contactProperties": {},
                }
            ]
        },
        reply(
            200,
            {
                "status": "COMPLETE",
                "results": [{"email": "a@example.com", "vid": 11}],
                "startedAt": NOW,
                "completedAt": NOW,
            },
        ),
        lambda r: r.ok and r.succeeded[0].result == {"email": "a@example.com", "vid": 11},
    ),
    "attendance.record_by_email(object)": Row(
        lambda c: c.attendance.record_by_email("register", ["a@example.com"], object_id="9001"),
        "POST",
        "/9001/attendance/register/email-create",
        {},
        {
            "inputs": [
                {
                    "email": "a@example.com",
                    "interactionDateTime": WALL_NOW_MS,
                    "properties": {},
                    "contactProperties": {},
                }
            ]
        },
        reply(
            200,
            {
                "status": "COMPLETE",
                "results": [{"email": "a@example.com", "vid": 11}],
                "startedAt": NOW,
                "completedAt": NOW,
            },
        ),
        lambda r: r.ok,
    ),
    "attendance.record_by_contact_id(external)": Row(
        lambda c: c.attendance.record_by_contact_id("attend", [11], external_event_id="w-1"),
        "POST",
        "/attendance/w-1/attend/create",
        {"externalAccountId": "zoom-42"},
        {"inputs": [{"vid": 11, "interactionDateTime": WALL_NOW_MS, "properties": {}}]},
        reply(
            200,
            {"status": "COMPLETE", "results": [{"vid": 11}], "startedAt": NOW, "completedAt": NOW},
        ),
        lambda r: r.ok and r.succeeded[0].result == {"vid": 11},
    ),
    "attendance.record_by_contact_id(object)": Row(
        lambda c: c.attendance.record_by_contact_id("cancel", [{"vid": 11}], object_id="9001"),
        "POST",
        "/9001/attendance/cancel/create",
        {},
        {"inputs": [{"vid": 11, "interactionDateTime": WALL_NOW_MS, "properties": {}}]},
        reply(
            200,
            {"status": "COMPLETE", "results": [{"vid": 11}], "startedAt": NOW, "completedAt": NOW},
        ),
        lambda r: r.ok,
    ),
    "subscriber_state.upsert_by_email": Row(
        lambda c: c.subscriber_state.upsert_by_email(
            "register", ["a@example.com"], external_event_id="w-1"
        ),
        "POST",
        "/events/w-1/register/email-upsert",
        {"externalAccountId": "zoom-42"},
        {
            "inputs": [
                {
                    "email": "a@example.com",
                    "interactionDateTime": WALL_NOW_MS,
                    "properties": {},
                    "contactProperties": {},
                }
            ]
        },
        reply(204),
        lambda r: r.ok,
    ),
    "subscriber_state.upsert_by_contact_id": Row(
        lambda c: c.subscriber_state.upsert_by_contact_id("attend", [11], external_event_id="w-1"),
        "POST",
        "/events/w-1/attend/upsert",
        {"externalAccountId": "zoom-42"},
        {"inputs": [{"vid": 11, "interactionDateTime": WALL_NOW_MS, "properties": {}}]},
        reply(204),
        lambda r: r.ok,
    ),
    "participations.counters(external)": Row(
        lambda c: c.participations.counters("w-1"),
        "GET",
        "/participations/zoom-42/w-1",
        {},
        None,
        reply(200, {"registered": 2, "attended": 1, "cancelled": 0, "noShows": 1}),
        lambda r: isinstance(r, AttendanceCounters) and r.attended == 1,
    ),
    "participations.counters(object)": Row(
        lambda c: c.participations.counters(object_id="9001"),
        "GET",
        "/participations/9001",
        {},
        None,
        reply(200, {"registered": 2, "attended": 1, "cancelled": 0, "noShows": 1}),
        lambda r: isinstance(r, AttendanceCounters),
    ),
    "participations.breakdown(external)": Row(
        lambda c: c.participations.breakdown("w-1", state="attended", contact="a@example.com"),
        "GET",
        "/participations/zoom-42/w-1/breakdown",
        {"limit": "100", "state": "ATTENDED", "contactIdentifier": "a@example.com"},
        None,
        reply(200, {"total": 1, "results": [participation()]}),
        lambda r: [type(x) for x in r] == [Participation],
    ),
    "participations.breakdown(object)": Row(
        lambda c: c.participations.breakdown(object_id=9001, page_size=10),
        "GET",
        "/participations/9001/breakdown",
        {"limit": "10"},
        None,
        reply(200, {"total": 1, "results": [participation()]}),
        lambda r: [type(x) for x in r] == [Participation],
    ),
    "participations.for_contact": Row(
        lambda c: c.participations.for_contact("a@example.com", state="REGISTERED"),
        "GET",
        "/participations/contacts/a@example.com/breakdown",
        {"limit": "100", "state": "REGISTERED"},
        None,
        reply(200, {"total": 1, "results": [participation()]}),
        lambda r: [type(x) for x in r] == [Participation],
    ),
    "lists.associated(external)": Row(
        lambda c: c.lists.associated("w-1"),
        "GET",
        "/associations/zoom-42/w-1/lists",
        {},
        None,
        reply(200, {"total": 1, "results": [public_list()]}),
        lambda r: [x.list_id for x in r] == ["77"] and isinstance(r[0], PublicList),
    ),
    "lists.associated(object)": Row(
        lambda c: c.lists.associated(object_id="9001"),
        "GET",
        "/associations/9001/lists",
        {},
        None,
        reply(200, {"total": 0, "results": []}),
        lambda r: r == [],
    ),
    "lists.associate(external)": Row(
        lambda c: c.lists.associate("77", "w-1"),
        "PUT",
        "/associations/zoom-42/w-1/lists/77",
        {},
        None,
        reply(204),
        lambda r: r is None,
    ),
    "lists.associate(object)": Row(
        lambda c: c.lists.associate(77, object_id="9001"),
        "PUT",
        "/associations/9001/lists/77",
        {},
        None,
        reply(204),
        lambda r: r is None,
    ),
    "lists.disassociate(external)": Row(
        lambda c: c.lists.disassociate("77", "w-1"),
        "DELETE",
        "/associations/zoom-42/w-1/lists/77",
        {},
        None,
        reply(204),
        lambda r: r is None,
    ),
    "lists.disassociate(object)": Row(
        lambda c: c.lists.disassociate("77", object_id="9001"),
        "DELETE",
        "/associations/9001/lists/77",
        {},
        None,
        reply(204),
        lambda r: r is None,
    ),
    "settings.get": Row(
        lambda c: c.settings.get(),
        "GET",
        "/5/settings",
        {"hapikey": DEV_KEY},
        None,
        reply(200, {"appId": 5, "eventDetailsUrl": "https://x.example/e/%s"}),
        lambda r: isinstance(r, AppSettings) and r.app_id == 5,
    ),
    "settings.update": Row(
        lambda c: c.settings.update("https://x.example/e/%s", app_id=6),
        "POST",
        "/6/settings",
        {"hapikey": DEV_KEY},
        {"eventDetailsUrl": "https://x.example/e/%s"},
        reply(200, {"appId": 6, "eventDetailsUrl": "https://x.example/e/%s"}),
        lambda r: isinstance(r, AppSettings) and r.app_id == 6,
    ),
}


@both
@pytest.mark.parametrize("api_version", list(VERSION_PATHS))
@pytest.mark.parametrize("name", list(ROWS))
def test_each_operation_sends_its_request_and_returns_the_parsed_answer(
    flavour: str, name: str, api_version: str
) -> None:
    row = ROWS[name]
    rig = make_rig(
        flavour,
        row.answer,
        external_account_id="zoom-42",
        app_id=5,
        developer_api_key=DEV_KEY,
        api_version=api_version,
    )

    result = rig.run(row.call)
    if hasattr(result, "pages"):  # a pager: iterate it (``for`` or ``async for``)
        result = rig.collect(result)

    (request,) = rig.server.requests
    prefix, list_path = VERSION_PATHS[api_version]
    path = list_path if row.path == LIST else prefix + row.path
    assert (request.method, request.url.path) == (row.method, path), f"{api_version}'s path"
    assert dict(request.url.params) == row.query
    assert (json.loads(request.content) if request.content else None) == row.body
    assert row.returns(result), f"{name} returned {result!r}"


def test_the_table_covers_every_public_method() -> None:
    client = HubSpotEvents(access_token=TOKEN)
    public = {
        f"{area}.{name}"
        for area in (
            "events",
            "attendance",
            "subscriber_state",
            "participations",
            "lists",
            "settings",
        )
        for name in dir(getattr(client, area))
        if not name.startswith("_")
    }
    covered = {name.split("(")[0] for name in ROWS}
    assert covered == public


@both
def test_settings_send_the_developer_key_as_hapikey_and_no_bearer_token(flavour: str) -> None:
    rig = make_rig(
        flavour,
        reply(200, {"appId": 5, "eventDetailsUrl": "u/%s"}),
        app_id=5,
        developer_api_key=DEV_KEY,
    )

    rig.run(lambda c: c.settings.get())

    (request,) = rig.server.requests
    assert request.url.params["hapikey"] == DEV_KEY
    assert "authorization" not in request.headers


@both
def test_settings_without_a_developer_key_send_the_clients_token(flavour: str) -> None:
    rig = make_rig(flavour, reply(200, {"appId": 5, "eventDetailsUrl": "u/%s"}), app_id=5)

    rig.run(lambda c: c.settings.get())

    (request,) = rig.server.requests
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert "hapikey" not in request.url.params


def test_the_developer_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBSPOT_DEVELOPER_API_KEY", DEV_KEY)
    rig = make_rig("sync", reply(200, {"appId": 5, "eventDetailsUrl": "u/%s"}), app_id=5)

    rig.run(lambda c: c.settings.get())

    assert rig.server.requests[0].url.params["hapikey"] == DEV_KEY


# --- the arguments: one method, two endpoints; failures before anything is sent --------------


BAD_CALLS: dict[str, tuple[Callable[[Any], Any], type[Exception], str]] = {
    "get with both ids": (
        lambda c: c.events.get("w-1", object_id="9"),
        TypeError,
        "exactly one of external_event_id",
    ),
    "delete with neither id": (lambda c: c.events.delete(), TypeError, "got neither"),
    "lists with both ids": (
        lambda c: c.lists.associate("7", "w-1", object_id="9"),
        TypeError,
        "got both",
    ),
    "delete_many with both": (
        lambda c: c.events.delete_many(external_event_ids=["a"], object_ids=["1"]),
        TypeError,
        "exactly one of external_event_ids",
    ),
    "delete_many without an app id": (
        lambda c: c.events.delete_many(external_event_ids=["a"]),
        ValueError,
        "needs app_id",
    ),
    "settings without an app id": (lambda c: c.settings.get(), ValueError, "needs app_id"),
    "settings url without %s": (
        lambda c: c.settings.update("https://x.example/e", app_id=1),
        ValueError,
        "must contain %s",
    ),
    "update without fields": (lambda c: c.events.update("w-1"), TypeError, "needs fields"),
    "update naming no field": (
        lambda c: c.events.update("w-1", {}, external_account_id="a"),
        ValueError,
        "names no field to change",
    ),
    "update with an unknown field": (
        lambda c: c.events.update(object_id="9", fields={"eventNmae": "x"}),
        ValueError,
        "did you mean 'eventName'",
    ),
    "complete with a naive datetime": (
        lambda c: c.events.complete(
            "w-1", datetime(2025, 1, 1), "2025-01-01T10:00:00Z", external_account_id="a"
        ),
        ValueError,
        "start_date_time: naive datetime",
    ),
    "counters by a non-numeric object id": (
        lambda c: c.participations.counters(object_id="abc"),
        ValueError,
        "object_id must be a positive integer id",
    ),
    "breakdown with an unknown state": (
        lambda c: c.participations.for_contact("a@example.com", state="gone"),
        ValueError,
        "state must be one of REGISTERED",
    ),
    "upsert_one with a different id in the event": (
        lambda c: c.events.upsert_one("w-1", {"externalEventId": "w-2", "eventName": "x"}),
        ValueError,
        "differs from external_event_id",
    ),
    "a mapping where a batch is expected": (
        lambda c: c.events.update_many({"objectId": "1", "eventName": "x"}),
        TypeError,
        "wrap a single input in a list",
    ),
    "a string where a batch is expected": (
        lambda c: c.attendance.record_by_contact_id("attend", "11", object_id="9"),
        TypeError,
        "got one str",
    ),
}


@both
@pytest.mark.parametrize("name", list(BAD_CALLS))
def test_bad_arguments_fail_before_anything_is_sent(flavour: str, name: str) -> None:
    call, error, message = BAD_CALLS[name]
    rig = make_rig(flavour)

    with pytest.raises(error, match=message.replace("(", r"\(")):
        rig.run(call)

    assert rig.server.requests == []


@both
def test_delete_many_accounts_for_each_event_named_in_a_207(flavour: str) -> None:
    errors = {
        "status": "COMPLETE",
        "numErrors": 1,
        "errors": [
            {
                "status": "error",
                "category": "OBJECT_NOT_FOUND",
                "message": "no event 9002",
                "context": {"objectIds": ["9002"]},
            }
        ],
    }
    rig = make_rig(flavour, reply(207, errors))

    result = rig.run(lambda c: c.events.delete_many(object_ids=["9001", "9002", "9003"]))

    assert [s.input for s in result.succeeded] == ["9001", "9003"]
    assert [(f.input, f.category) for f in result.failed] == [("9002", "OBJECT_NOT_FOUND")]


@both
def test_update_many_fails_a_bad_item_alone_and_sends_the_rest(flavour: str) -> None:
    rig = make_rig(
        flavour,
        reply(
            200,
            {
                "status": "COMPLETE",
                "results": [event_object()],
                "startedAt": NOW,
                "completedAt": NOW,
            },
        ),
    )

    result = rig.run(
        lambda c: c.events.update_many([{"objectId": "9001", "eventName": "x"}, {"eventName": "y"}])
    )

    assert [s.index for s in result.succeeded] == [0]
    assert [(f.index, f.field) for f in result.failed] == [(1, "objectId")]
    assert len(rig.server.requests) == 1


@both
def test_the_developer_key_never_shows_in_reprs_errors_or_httpx_logs(
    flavour: str, caplog: pytest.LogCaptureFixture
) -> None:
    echoed = {
        "category": "INVALID_AUTHENTICATION",
        "correlationId": "c-1",
        "message": f"bad hapikey={DEV_KEY}",
    }
    rig = make_rig(flavour, reply(401, echoed), app_id=5, developer_api_key=DEV_KEY)

    with caplog.at_level("DEBUG"), pytest.raises(AuthenticationError) as caught:
        rig.run(lambda c: c.settings.get())

    shown = " ".join(
        [
            repr(rig.client),
            repr(rig.client._defaults),
            str(caught.value),
            repr(caught.value),
            caplog.text,
        ]
    )
    assert "hapikey" in caplog.text  # the request was logged, with its query...
    assert DEV_KEY not in shown  # ...but never the key


@both
def test_a_bearer_token_echoed_in_an_error_body_is_redacted(flavour: str) -> None:
    echoed = {
        "category": "INVALID_AUTHENTICATION",
        "correlationId": "c-1",
        "message": f"bad {TOKEN}",
    }
    rig = make_rig(flavour, reply(401, echoed))

    with pytest.raises(AuthenticationError) as caught:
        rig.run(lambda c: c.events.get(object_id="1"))

    assert TOKEN not in f"{caught.value} {caught.value!r} {caught.value.body}"
    assert "bad ***" in str(caught.value)


def test_a_developer_key_alone_is_enough_for_the_settings_operations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN", raising=False)
    server = Server(reply(200, {"appId": 5, "eventDetailsUrl": "u/%s"}))
    client = HubSpotEvents(
        developer_api_key=DEV_KEY,
        app_id=5,
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
    )

    assert client.settings.get().app_id == 5
    assert server.requests[0].url.params["hapikey"] == DEV_KEY
    assert "authorization" not in server.requests[0].headers


def test_no_token_and_no_developer_key_is_an_error_at_construction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("HUBSPOT_ACCESS_TOKEN", "HUBSPOT_DEVELOPER_API_KEY"):
        monkeypatch.delenv(name, raising=False)

    with pytest.raises(ValueError, match="no HubSpot access token"):
        HubSpotEvents()
