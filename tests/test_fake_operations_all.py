"""The fake HubSpot's operations beyond the original nine: event CRUD by external ids and object
id, batches, cancel/complete, search, identifiers, attendance by vid, participations by object id
and by contact, and the build-time check that every operation of the spec has a handler.

(List associations and app settings: test_fake_lists_settings.py.)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from hubspot_events.testing import FakeClock, FakeHubSpot
from hubspot_events.testing import _handlers as handlers_module
from hubspot_events.testing._handlers_settings import Settings
from hubspot_events.testing._spec import operations, response_validator

P = "/marketing/v3/marketing-events"
T0 = 1_700_000_000_000
APP = 4_242_424
OTHER_APP = 77
ACCOUNT = {"externalAccountId": "acct"}
ORIGINAL_OPERATIONS = frozenset(
    {
        "upsert_events",
        "get_event",
        "list_events",
        "record_by_email_external_id",
        "record_by_email_object_id",
        "upsert_by_email",
        "upsert_by_contact_id",
        "get_counters",
        "get_breakdown",
    }
)


def event_input(eid: str, account: str = "acct", **fields: Any) -> dict[str, Any]:
    return {
        "externalAccountId": account,
        "externalEventId": eid,
        "eventName": f"Webinar {eid}",
        "eventOrganizer": "Org",
        "customProperties": [],
        **fields,
    }


def by_email(email: str, at: int = T0) -> dict[str, Any]:
    return {"email": email, "interactionDateTime": at, "properties": {}, "contactProperties": {}}


def by_vid(vid: int, at: int = T0) -> dict[str, Any]:
    return {"vid": vid, "interactionDateTime": at, "properties": {}}


def assert_error(response: httpx.Response, status: int, category: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["category"] == category
    assert body["correlationId"] == response.headers["X-HubSpot-Correlation-Id"]
    validator = response_validator("get_event", status)  # the default Error response
    validator.validate(body)
    return body


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake(clock: FakeClock) -> FakeHubSpot:
    return FakeHubSpot(clock=clock, epoch_ms=T0, app_id=APP)


# -- events: single ---------------------------------------------------------------------------


async def test_create_event_answers_event_info_and_refuses_a_duplicate(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    body = event_input("w-1", eventType="WEBINAR", customProperties=[{"name": "r", "value": "A"}])
    response = await client.post(f"{P}/events", json=body)
    assert response.status_code == 200
    info = response.json()
    event = fake.state.events[("acct", "w-1")]
    assert info == {
        "objectId": event.object_id,
        "eventName": "Webinar w-1",
        "eventOrganizer": "Org",
        "eventType": "WEBINAR",
        "customProperties": [{"name": "r", "value": "A"}],
    }
    again = await client.post(f"{P}/events", json=event_input("w-1", eventName="Other"))
    assert_error(again, 409, "CONFLICT")
    assert fake.state.events[("acct", "w-1")].event_name == "Webinar w-1"
    blank = await client.post(f"{P}/events", json=event_input("w-2", eventName=" "))
    assert_error(blank, 400, "VALIDATION_ERROR")
    assert ("acct", "w-2") not in fake.state.events


async def test_replace_event_creates_then_updates_and_checks_the_path_id(
    client: httpx.AsyncClient, fake: FakeHubSpot, clock: FakeClock
) -> None:
    first = event_input("w-1", startDateTime="2024-05-01T10:00:00Z")
    created = await client.put(f"{P}/events/w-1", json=first)
    assert created.status_code == 200
    clock.advance(60)
    second = event_input("w-1", eventName="Renamed")
    updated = (await client.put(f"{P}/events/w-1", json=second)).json()
    assert updated["objectId"] == created.json()["objectId"]
    assert updated["eventName"] == "Renamed"
    assert updated["startDateTime"] == "2024-05-01T10:00:00.000Z"  # not sent: kept
    assert updated["updatedAt"] == "2023-11-14T22:14:20.000Z"
    mismatch = await client.put(f"{P}/events/w-9", json=event_input("w-1"))
    body = assert_error(mismatch, 400, "VALIDATION_ERROR")
    assert body["context"] == {"fields": ["externalEventId"]}
    assert len(fake.state.events) == 1


async def test_update_event_changes_only_what_is_sent(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.add_event("acct", "w-1", event_type="WEBINAR", start_date_time="2024-05-01T10:00:00Z")
    response = await client.patch(
        f"{P}/events/w-1",
        params=ACCOUNT,
        json={"eventName": "New", "customProperties": [{"name": "k", "value": "v"}]},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["eventName"], body["eventType"]) == ("New", "WEBINAR")
    assert body["customProperties"] == [{"name": "k", "value": "v"}]
    backwards = await client.patch(
        f"{P}/events/w-1",
        params=ACCOUNT,
        json={"endDateTime": "2024-05-01T09:00:00Z", "customProperties": []},
    )
    assert_error(backwards, 400, "VALIDATION_ERROR")
    unknown = await client.patch(f"{P}/events/nope", params=ACCOUNT, json={"customProperties": []})
    assert_error(unknown, 404, "OBJECT_NOT_FOUND")
    missing_account = await client.patch(f"{P}/events/w-1", json={"customProperties": []})
    assert_error(missing_account, 400, "VALIDATION_ERROR")


async def test_external_id_operations_only_see_this_apps_events(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    other = fake.add_event("acct", "w-1", app_id=OTHER_APP, event_name="Theirs")
    assert fake.state.events == {}
    for method, path, body in (
        ("GET", f"{P}/events/w-1", None),
        ("PATCH", f"{P}/events/w-1", {"customProperties": []}),
        ("DELETE", f"{P}/events/w-1", None),
        ("POST", f"{P}/events/w-1/cancel", None),
        ("GET", f"{P}/participations/acct/w-1", None),
        ("GET", f"{P}/associations/acct/w-1/lists", None),
    ):
        params = {} if "participations" in path or "associations" in path else ACCOUNT
        response = await client.request(method, path, params=params, json=body)
        assert_error(response, 404, "OBJECT_NOT_FOUND")
    by_id = await client.get(f"{P}/{other.object_id}")
    assert by_id.json()["appInfo"]["id"] == str(OTHER_APP)
    # This app may create its own event with the same external ids: a separate event.
    mine = await client.post(f"{P}/events", json=event_input("w-1"))
    assert mine.json()["objectId"] != other.object_id
    assert fake.state.other_apps_events[(OTHER_APP, "acct", "w-1")] is other


async def test_get_event_by_object_id_is_the_list_shape(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    event = fake.add_event("acct", "w-1", custom_properties={"room": "A"})
    fake.add_event("acct", "w-2")
    response = await client.get(f"{P}/{event.object_id}")
    assert response.status_code == 200
    listed = (await client.get("/marketing/marketing-events/v3")).json()["results"]
    assert response.json() == listed[0]
    assert response.json()["appInfo"]["id"] == str(APP)
    assert_error(await client.get(f"{P}/123"), 404, "OBJECT_NOT_FOUND")


async def test_update_event_by_object_id_answers_the_event_object(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    other = fake.add_event("acct", "w-1", app_id=OTHER_APP)
    response = await client.patch(
        f"{P}/{other.object_id}", json={"eventUrl": "https://x.example", "customProperties": []}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["objectId"] == other.object_id
    assert body["eventUrl"] == "https://x.example"
    assert body["appInfo"]["id"] == str(OTHER_APP)
    assert other.event_url == "https://x.example"
    unknown = await client.patch(f"{P}/999", json={"customProperties": []})
    assert_error(unknown, 404, "OBJECT_NOT_FOUND")
    blank = await client.patch(
        f"{P}/{other.object_id}", json={"eventOrganizer": "", "customProperties": []}
    )
    assert_error(blank, 400, "VALIDATION_ERROR")


async def test_cancel_event(client: httpx.AsyncClient, fake: FakeHubSpot) -> None:
    fake.add_event("acct", "w-1")
    for _ in range(2):  # repeating it is fine
        response = await client.post(f"{P}/events/w-1/cancel", params=ACCOUNT)
        assert response.status_code == 200
        assert response.json()["eventCancelled"] is True
    assert fake.state.events[("acct", "w-1")].event_cancelled is True
    assert_error(
        await client.post(f"{P}/events/nope/cancel", params=ACCOUNT), 404, "OBJECT_NOT_FOUND"
    )


async def test_complete_event_turns_registrants_into_no_shows(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.add_event("acct", "w-1")
    for email, state in (("a@example.com", "register"), ("b@example.com", "attend")):
        await client.post(
            f"{P}/attendance/w-1/{state}/email-create",
            params=ACCOUNT,
            json={"inputs": [by_email(email)]},
        )
    dates = {"startDateTime": "2024-05-01T10:00:00+02:00", "endDateTime": "2024-05-01T11:00:00Z"}
    response = await client.post(f"{P}/events/w-1/complete", params=ACCOUNT, json=dates)
    assert response.status_code == 200
    body = response.json()
    assert body["eventCompleted"] is True
    assert (body["startDateTime"], body["endDateTime"]) == (
        "2024-05-01T08:00:00.000Z",
        "2024-05-01T11:00:00.000Z",
    )
    counters = (await client.get(f"{P}/participations/acct/w-1")).json()
    assert counters == {"registered": 0, "attended": 1, "cancelled": 0, "noShows": 1}
    assert fake.state.participation("acct", "w-1", "a@example.com") == "NO_SHOW"
    backwards = {"startDateTime": "2024-05-02T10:00:00Z", "endDateTime": "2024-05-01T10:00:00Z"}
    bad = await client.post(f"{P}/events/w-1/complete", params=ACCOUNT, json=backwards)
    assert_error(bad, 400, "VALIDATION_ERROR")
    unknown = await client.post(f"{P}/events/nope/complete", params=ACCOUNT, json=dates)
    assert_error(unknown, 404, "OBJECT_NOT_FOUND")


async def test_search_finds_this_apps_events_by_substring(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    first = fake.add_event("acct", "zoom-100")
    fake.add_event("acct", "teams-1")
    second = fake.add_event("acct-2", "zoom-200")
    fake.add_event("acct", "zoom-300", app_id=OTHER_APP)
    response = await client.get(f"{P}/events/search", params={"q": "zoom"})
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "objectId": first.object_id,
                "appId": APP,
                "externalAccountId": "acct",
                "externalEventId": "zoom-100",
            },
            {
                "objectId": second.object_id,
                "appId": APP,
                "externalAccountId": "acct-2",
                "externalEventId": "zoom-200",
            },
        ]
    }
    assert (await client.get(f"{P}/events/search", params={"q": "ZOOM"})).json()["results"] == []
    missing_q = await client.get(f"{P}/events/search")
    assert_error(missing_q, 400, "VALIDATION_ERROR")


async def test_identifiers_cover_every_account_and_app(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    mine = fake.add_event("acct", "w-1", event_name="Mine")
    theirs = fake.add_event("acct-2", "w-1", app_id=OTHER_APP, event_name="Theirs")
    fake.add_event("acct", "w-2")
    response = await client.get(f"{P}/w-1/identifiers")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2
    assert [
        (r["objectId"], r["marketingEventName"], r["appInfo"]["id"]) for r in body["results"]
    ] == [
        (mine.object_id, "Mine", str(APP)),
        (theirs.object_id, "Theirs", str(OTHER_APP)),
    ]
    assert (await client.get(f"{P}/nope/identifiers")).json() == {"total": 0, "results": []}


# -- events: batches and deletes --------------------------------------------------------------


async def test_batch_update_by_object_id_fails_unknown_and_bad_inputs_alone(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    one = fake.add_event("acct", "w-1")
    two = fake.add_event("acct", "w-2", app_id=OTHER_APP)
    ok = await client.post(
        f"{P}/batch/update",
        json={
            "inputs": [
                {"objectId": one.object_id, "eventName": "One", "customProperties": []},
                {"objectId": two.object_id, "eventName": "Two", "customProperties": []},
            ]
        },
    )
    assert ok.status_code == 200
    assert [r["eventName"] for r in ok.json()["results"]] == ["One", "Two"]
    mixed = await client.post(
        f"{P}/batch/update",
        json={
            "inputs": [
                {"objectId": "404", "eventName": "X", "customProperties": []},
                {"objectId": one.object_id, "eventName": "", "customProperties": []},
                {"objectId": two.object_id, "eventType": "CONF", "customProperties": []},
            ]
        },
    )
    assert mixed.status_code == 207
    body = mixed.json()
    assert body["numErrors"] == 2
    assert [(e["category"], e["context"]) for e in body["errors"]] == [
        ("OBJECT_NOT_FOUND", {"objectIds": ["404"]}),
        ("VALIDATION_ERROR", {"objectIds": [one.object_id]}),
    ]
    assert [r["objectId"] for r in body["results"]] == [two.object_id]
    assert one.event_name == "One"
    assert two.event_type == "CONF"


async def test_delete_event_by_external_ids_and_by_object_id(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.add_event("acct", "w-1")
    other = fake.add_event("acct", "w-2", app_id=OTHER_APP)
    response = await client.delete(f"{P}/events/w-1", params=ACCOUNT)
    assert (response.status_code, response.content) == (204, b"")
    assert fake.state.events == {}
    again = await client.delete(f"{P}/events/w-1", params=ACCOUNT)
    assert_error(again, 404, "OBJECT_NOT_FOUND")
    missing_account = await client.delete(f"{P}/events/w-1")
    assert_error(missing_account, 400, "VALIDATION_ERROR")

    by_id = await client.delete(f"{P}/{other.object_id}")  # object ids see every app
    assert by_id.status_code == 204
    assert fake.state.events_by_id == {}
    assert_error(await client.delete(f"{P}/{other.object_id}"), 404, "OBJECT_NOT_FOUND")
    assert (await client.get(f"{P}/w-2/identifiers")).json()["total"] == 0


async def test_delete_events_by_external_ids_fails_unknown_and_foreign_inputs_alone(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    for eid in ("w-1", "w-2", "w-3"):
        fake.add_event("acct", eid)
    key = {"appId": APP, "externalAccountId": "acct"}
    all_ok = await client.post(
        f"{P}/events/delete", json={"inputs": [{**key, "externalEventId": "w-1"}]}
    )
    assert (all_ok.status_code, all_ok.content) == (204, b"")
    mixed = await client.post(
        f"{P}/events/delete",
        json={
            "inputs": [
                {**key, "externalEventId": "w-1"},  # already gone
                {**key, "appId": OTHER_APP, "externalEventId": "w-2"},
                {**key, "externalEventId": "w-3"},
            ]
        },
    )
    assert mixed.status_code == 207
    body = mixed.json()
    assert body["numErrors"] == 2
    assert [e["category"] for e in body["errors"]] == ["OBJECT_NOT_FOUND", "VALIDATION_ERROR"]
    assert [e["context"]["externalEventIds"] for e in body["errors"]] == [["w-1"], ["w-2"]]
    assert set(fake.state.events) == {("acct", "w-2")}


async def test_batch_archive_by_object_id(client: httpx.AsyncClient, fake: FakeHubSpot) -> None:
    one = fake.add_event("acct", "w-1")
    two = fake.add_event("acct", "w-2", app_id=OTHER_APP)
    three = fake.add_event("acct", "w-3")
    ok = await client.post(
        f"{P}/batch/archive",
        json={"inputs": [{"objectId": one.object_id}, {"objectId": two.object_id}]},
    )
    assert (ok.status_code, ok.content) == (204, b"")
    mixed = await client.post(
        f"{P}/batch/archive",
        json={"inputs": [{"objectId": one.object_id}, {"objectId": three.object_id}]},
    )
    assert mixed.status_code == 207
    [error] = mixed.json()["errors"]
    assert (error["category"], error["context"]) == (
        "OBJECT_NOT_FOUND",
        {"objectIds": [one.object_id]},
    )
    assert fake.state.events_by_id == {}


async def test_body_numbers_and_dates_out_of_range_are_400(client: httpx.AsyncClient) -> None:
    too_big = {"appId": 2**31, "externalAccountId": "acct", "externalEventId": "w-1"}
    response = await client.post(f"{P}/events/delete", json={"inputs": [too_big]})
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert body["context"] == {"fields": ["inputs[0].appId"]}
    # A valid RFC 3339 instant that is before year 1 in UTC.
    dates = {"startDateTime": "0001-01-01T00:00:00+00:01", "endDateTime": "2000-01-01T00:00:00Z"}
    early = await client.post(f"{P}/events/w-1/complete", params=ACCOUNT, json=dates)
    assert_error(early, 400, "VALIDATION_ERROR")


# -- attendance by vid ------------------------------------------------------------------------


async def test_record_by_contact_id_external_and_object_id(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    event = fake.add_event("acct", "w-1")
    ada = fake.add_contact("ada@example.com")
    bob = fake.add_contact("bob@example.com")
    response = await client.post(
        f"{P}/attendance/w-1/register/create",
        params=ACCOUNT,
        json={"inputs": [by_vid(ada), by_vid(bob)]},
    )
    assert response.status_code == 200
    assert [r["vid"] for r in response.json()["results"]] == [ada, bob]
    assert fake.state.participation("acct", "w-1", "ada@example.com") == "REGISTERED"

    mixed = await client.post(
        f"{P}/{event.object_id}/attendance/attend/create",
        json={"inputs": [by_vid(999_999), by_vid(bob, T0 + 1)]},
    )
    assert mixed.status_code == 207
    body = mixed.json()
    assert body["results"] == [{"vid": bob}]
    [error] = body["errors"]
    assert (error["category"], error["context"]) == ("OBJECT_NOT_FOUND", {"vids": ["999999"]})
    assert fake.state.participation("acct", "w-1", "bob@example.com") == "ATTENDED"
    assert 999_999 not in fake.state.contacts_by_vid

    unknown_event = await client.post(
        f"{P}/attendance/nope/register/create", params=ACCOUNT, json={"inputs": [by_vid(ada)]}
    )
    assert_error(unknown_event, 404, "OBJECT_NOT_FOUND")
    unknown_object = await client.post(
        f"{P}/999/attendance/register/create", json={"inputs": [by_vid(ada)]}
    )
    assert_error(unknown_object, 404, "OBJECT_NOT_FOUND")


# -- participations by object id and by contact -----------------------------------------------


async def register(client: httpx.AsyncClient, eid: str, state: str, *emails: str) -> None:
    response = await client.post(
        f"{P}/attendance/{eid}/{state}/email-create",
        params=ACCOUNT,
        json={"inputs": [by_email(email) for email in emails]},
    )
    assert response.status_code == 200, response.text


async def test_counters_and_breakdown_by_object_id_match_the_external_ones(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    event = fake.add_event("acct", "w-1")
    await register(client, "w-1", "register", "a@example.com", "b@example.com")
    await register(client, "w-1", "attend", "c@example.com")
    by_id = await client.get(f"{P}/participations/{event.object_id}")
    assert by_id.status_code == 200
    assert by_id.json() == (await client.get(f"{P}/participations/acct/w-1")).json()
    params: dict[str, str | int] = {"state": "REGISTERED", "limit": 1}
    page = await client.get(f"{P}/participations/{event.object_id}/breakdown", params=params)
    external = await client.get(f"{P}/participations/acct/w-1/breakdown", params=params)
    assert page.json() == external.json()
    assert page.json()["total"] == 2
    assert_error(await client.get(f"{P}/participations/424242"), 404, "OBJECT_NOT_FOUND")
    not_an_id = await client.get(f"{P}/participations/abc/breakdown")
    assert_error(not_an_id, 400, "VALIDATION_ERROR")
    unknown = await client.get(f"{P}/participations/424242/breakdown")
    assert_error(unknown, 404, "OBJECT_NOT_FOUND")


async def test_contact_breakdown_pages_a_contacts_participations_across_events(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    events = [fake.add_event("acct", f"w-{i}") for i in range(3)]
    fake.add_event("acct", "w-3", app_id=OTHER_APP)  # another app's event counts too
    vid = fake.add_contact("ada@example.com", firstname="Ada")
    for i in range(3):
        await register(client, f"w-{i}", "register", "ada@example.com", "bob@example.com")
    await register(client, "w-1", "attend", "ada@example.com")
    other = fake.state.event("acct", "w-3", OTHER_APP)
    assert other is not None
    await client.post(
        f"{P}/{other.object_id}/attendance/cancel/create", json={"inputs": [by_vid(vid)]}
    )

    path = f"{P}/participations/contacts/ADA@example.com/breakdown"
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 3}
    while True:
        body = (await client.get(path, params=params)).json()
        assert body["total"] == 4
        seen += [r["associations"]["marketingEvent"]["marketingEventId"] for r in body["results"]]
        assert {r["associations"]["contact"]["contactId"] for r in body["results"]} == {str(vid)}
        if "paging" not in body:
            break
        params["after"] = body["paging"]["next"]["after"]
    assert seen == [e.object_id for e in events] + [other.object_id]

    by_vid_path = f"{P}/participations/contacts/{vid}/breakdown"
    attended = (await client.get(by_vid_path, params={"state": "ATTENDED"})).json()
    assert attended["total"] == 1
    assert attended["results"][0]["associations"]["marketingEvent"]["externalEventId"] == "w-1"
    unknown = await client.get(f"{P}/participations/contacts/zz@example.com/breakdown")
    body = assert_error(unknown, 404, "OBJECT_NOT_FOUND")
    assert body["context"] == {"contactIdentifier": ["zz@example.com"]}
    assert_error(
        await client.get(f"{P}/participations/contacts/999/breakdown"), 404, "OBJECT_NOT_FOUND"
    )
    bad_state = await client.get(by_vid_path, params={"state": "MAYBE"})
    assert_error(bad_state, 400, "VALIDATION_ERROR")


async def test_deleting_an_event_forgets_its_participations_and_lists(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.add_list("11", name="Webinar leads")
    fake.add_event("acct", "gone")
    keep = fake.add_event("acct", "keep")
    for eid in ("gone", "keep"):
        await register(client, eid, "register", "ada@example.com")
    await client.put(f"{P}/associations/acct/gone/lists/11")
    await client.put(f"{P}/associations/{keep.object_id}/lists/11")
    gone = fake.state.events[("acct", "gone")]
    contact = f"{P}/participations/contacts/ada@example.com/breakdown"
    assert (await client.get(contact)).json()["total"] == 2

    assert (await client.delete(f"{P}/events/gone", params=ACCOUNT)).status_code == 204

    after = (await client.get(contact)).json()
    assert after["total"] == 1
    assert after["results"][0]["associations"]["marketingEvent"]["marketingEventId"] == (
        keep.object_id
    )
    assert_error(await client.get(f"{P}/participations/{gone.object_id}"), 404, "OBJECT_NOT_FOUND")
    assert_error(
        await client.get(f"{P}/associations/{gone.object_id}/lists"), 404, "OBJECT_NOT_FOUND"
    )
    assert all(object_id != gone.object_id for object_id, _ in fake.state.participations)
    assert gone.object_id not in fake.state.list_associations
    # The same external ids make a fresh event: no counters, no breakdown, no lists.
    recreated = (await client.post(f"{P}/events", json=event_input("gone"))).json()
    assert recreated["objectId"] != gone.object_id
    counters = (await client.get(f"{P}/participations/acct/gone")).json()
    assert counters == {"registered": 0, "attended": 0, "cancelled": 0, "noShows": 0}
    breakdown = (await client.get(f"{P}/participations/acct/gone/breakdown")).json()
    assert breakdown == {"total": 0, "results": []}
    lists = (await client.get(f"{P}/associations/acct/gone/lists")).json()
    assert lists == {"total": 0, "results": []}
    kept = (await client.get(f"{P}/associations/{keep.object_id}/lists")).json()
    assert kept["total"] == 1


async def test_batch_deletes_forget_participations_too(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    one = fake.add_event("acct", "w-1")
    fake.add_event("acct", "w-2")
    await register(client, "w-1", "attend", "ada@example.com")
    await register(client, "w-2", "attend", "ada@example.com")
    await client.post(f"{P}/batch/archive", json={"inputs": [{"objectId": one.object_id}]})
    key = {"appId": APP, "externalAccountId": "acct", "externalEventId": "w-2"}
    await client.post(f"{P}/events/delete", json={"inputs": [key]})
    assert fake.state.participations == {}
    assert fake.state.participations_of_contact(fake.add_contact("ada@example.com")) == []
    contact = await client.get(f"{P}/participations/contacts/ada@example.com/breakdown")
    assert contact.json() == {"total": 0, "results": []}


# -- every operation answers what the spec documents ------------------------------------------

Call = Callable[[httpx.AsyncClient, FakeHubSpot], Awaitable[httpx.Response]]


async def _seed(client: httpx.AsyncClient, fake: FakeHubSpot) -> str:
    event = fake.add_event(
        "acct",
        "w-1",
        event_type="WEBINAR",
        event_description="d",
        event_url="https://example.com",
        start_date_time="2024-05-01T10:00:00Z",
        end_date_time="2024-05-01T11:00:00Z",
        custom_properties={"room": "A"},
    )
    fake.add_event("acct-2", "w-1", app_id=OTHER_APP)
    fake.add_list("11", name="Leads")
    await client.put(f"{P}/associations/acct/w-1/lists/11")
    await client.post(
        f"{P}/attendance/w-1/attend/email-create",
        params=ACCOUNT,
        json={
            "inputs": [
                {
                    "email": "ada@example.com",
                    "interactionDateTime": T0,
                    "properties": {"joinedAt": str(T0), "leftAt": str(T0 + 60_000)},
                    "contactProperties": {"firstname": "Ada"},
                }
            ]
        },
    )
    return event.object_id


def _calls() -> dict[str, Call]:
    """One call per operation added with the full spec (plus a 207 for each batch)."""

    def request(method: str, path: str, params: Any = None, json: Any = None) -> Call:
        async def call(client: httpx.AsyncClient, fake: FakeHubSpot) -> httpx.Response:
            object_id = await _seed(client, fake)
            vid = fake.add_contact("ada@example.com")
            url = path.format(oid=object_id, vid=vid)
            body = json(object_id, vid) if callable(json) else json
            return await client.request(method, url, params=params, json=body)

        return call

    return {
        "create_event": request("POST", f"{P}/events", json=event_input("w-new")),
        "replace_event": request("PUT", f"{P}/events/w-1", json=event_input("w-1")),
        "update_event": request(
            "PATCH", f"{P}/events/w-1", ACCOUNT, {"eventName": "N", "customProperties": []}
        ),
        "delete_event": request("DELETE", f"{P}/events/w-1", ACCOUNT),
        "get_event_by_object_id": request("GET", f"{P}/{{oid}}"),
        "update_event_by_object_id": request(
            "PATCH", f"{P}/{{oid}}", json={"eventName": "N", "customProperties": []}
        ),
        "delete_event_by_object_id": request("DELETE", f"{P}/{{oid}}"),
        "delete_events": request(
            "POST",
            f"{P}/events/delete",
            json={
                "inputs": [{"appId": APP, "externalAccountId": "acct", "externalEventId": "w-1"}]
            },
        ),
        "delete_events_by_object_id": request(
            "POST", f"{P}/batch/archive", json=lambda oid, vid: {"inputs": [{"objectId": oid}]}
        ),
        "update_events_by_object_id": request(
            "POST",
            f"{P}/batch/update",
            json=lambda oid, vid: {
                "inputs": [{"objectId": oid, "eventName": "N", "customProperties": []}]
            },
        ),
        "cancel_event": request("POST", f"{P}/events/w-1/cancel", ACCOUNT),
        "complete_event": request(
            "POST",
            f"{P}/events/w-1/complete",
            ACCOUNT,
            {"startDateTime": "2024-05-01T10:00:00Z", "endDateTime": "2024-05-01T11:00:00Z"},
        ),
        "search_events": request("GET", f"{P}/events/search", {"q": "w-"}),
        "get_identifiers": request("GET", f"{P}/w-1/identifiers"),
        "record_by_contact_id_external_id": request(
            "POST",
            f"{P}/attendance/w-1/register/create",
            ACCOUNT,
            lambda oid, vid: {"inputs": [by_vid(vid)]},
        ),
        "record_by_contact_id_object_id": request(
            "POST",
            f"{P}/{{oid}}/attendance/cancel/create",
            json=lambda oid, vid: {"inputs": [by_vid(vid)]},
        ),
        "get_counters_by_object_id": request("GET", f"{P}/participations/{{oid}}"),
        "get_breakdown_by_object_id": request("GET", f"{P}/participations/{{oid}}/breakdown"),
        "get_contact_breakdown": request(
            "GET", f"{P}/participations/contacts/{{vid}}/breakdown", {"limit": 1}
        ),
        "get_lists_external_id": request("GET", f"{P}/associations/acct/w-1/lists"),
        "get_lists_object_id": request("GET", f"{P}/associations/{{oid}}/lists"),
        "associate_list_external_id": request("PUT", f"{P}/associations/acct/w-1/lists/11"),
        "associate_list_object_id": request("PUT", f"{P}/associations/{{oid}}/lists/11"),
        "disassociate_list_external_id": request("DELETE", f"{P}/associations/acct/w-1/lists/11"),
        "disassociate_list_object_id": request("DELETE", f"{P}/associations/{{oid}}/lists/11"),
        "update_settings": request(
            "POST", f"{P}/{APP}/settings", json={"eventDetailsUrl": "https://e.example/%s"}
        ),
        "get_settings": _get_settings,
    }


async def _get_settings(client: httpx.AsyncClient, fake: FakeHubSpot) -> httpx.Response:
    url = f"{P}/{APP}/settings"
    await client.post(url, json={"eventDetailsUrl": "https://e.example/%s"})
    return await client.get(url)


PARTIAL_CALLS: dict[str, tuple[str, str, Any]] = {
    "delete_events": (
        "POST",
        f"{P}/events/delete",
        {"inputs": [{"appId": APP, "externalAccountId": "acct", "externalEventId": "nope"}]},
    ),
    "delete_events_by_object_id": ("POST", f"{P}/batch/archive", {"inputs": [{"objectId": "1"}]}),
    "update_events_by_object_id": (
        "POST",
        f"{P}/batch/update",
        {"inputs": [{"objectId": "1", "customProperties": []}]},
    ),
    "record_by_contact_id_object_id": ("POST", "", {"inputs": [by_vid(1)]}),
}


def check_against_spec(operation_id: str, response: httpx.Response) -> None:
    validator = response_validator(operation_id, response.status_code)
    if validator is None:
        assert response.content == b""
    else:
        validator.validate(response.json())


def test_the_new_operations_and_the_original_nine_are_the_whole_spec() -> None:
    spec = {op.operation_id for op in operations()}
    assert len(spec) == 36
    assert set(_calls()) | ORIGINAL_OPERATIONS == spec
    assert not set(_calls()) & ORIGINAL_OPERATIONS


@pytest.mark.parametrize("operation_id", sorted(_calls()))
async def test_every_new_operation_answers_what_the_spec_documents(
    client: httpx.AsyncClient, fake: FakeHubSpot, operation_id: str
) -> None:
    response = await _calls()[operation_id](client, fake)
    assert 200 <= response.status_code < 300, response.text
    assert response.status_code != 207, response.text
    check_against_spec(operation_id, response)


@pytest.mark.parametrize("operation_id", sorted(PARTIAL_CALLS))
async def test_partial_batch_answers_are_what_the_spec_documents(
    client: httpx.AsyncClient, fake: FakeHubSpot, operation_id: str
) -> None:
    method, path, body = PARTIAL_CALLS[operation_id]
    if not path:
        path = f"{P}/{fake.add_event('acct', 'w-1').object_id}/attendance/register/create"
    response = await client.request(method, path, json=body)
    assert response.status_code == 207, response.text
    check_against_spec(operation_id, response)


# -- the build fails loudly when an operation has no handler ----------------------------------


def test_an_operation_without_a_handler_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    areas = tuple(area for area in handlers_module.AREAS if area is not Settings)
    monkeypatch.setattr(handlers_module, "AREAS", areas)
    with pytest.raises(RuntimeError, match="get_settings, update_settings"):
        FakeHubSpot()


async def test_a_405_allows_every_method_the_path_has(client: httpx.AsyncClient) -> None:
    response = await client.post(f"{P}/events/w-1", json={})
    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    allowed = {method.strip() for method in response.headers["Allow"].split(",")}
    assert {"GET", "PUT", "PATCH", "DELETE"} <= allowed
