"""The fake HubSpot's operations: HubSpot's semantics, shapes and bookkeeping, in-process."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from hubspot_events.testing import FakeClock, FakeHubSpot
from hubspot_events.testing._spec import operations, response_validator

P = "/marketing/v3/marketing-events"
UPSERT = f"{P}/events/upsert"
LIST = "/marketing/marketing-events/v3"
T0 = 1_700_000_000_000


def email_create(eid: str, state: str) -> str:
    return f"{P}/attendance/{eid}/{state}/email-create"


def email_create_by_id(object_id: str, state: str) -> str:
    return f"{P}/{object_id}/attendance/{state}/email-create"


def email_upsert(eid: str, state: str) -> str:
    return f"{P}/events/{eid}/{state}/email-upsert"


def vid_upsert(eid: str, state: str) -> str:
    return f"{P}/events/{eid}/{state}/upsert"


def counters_path(account: str, eid: str) -> str:
    return f"{P}/participations/{account}/{eid}"


def breakdown_path(account: str, eid: str) -> str:
    return f"{P}/participations/{account}/{eid}/breakdown"


def event_input(eid: str, account: str = "acct", **fields: Any) -> dict[str, Any]:
    return {
        "externalAccountId": account,
        "externalEventId": eid,
        "eventName": f"Webinar {eid}",
        "eventOrganizer": "Org",
        "customProperties": [],
        **fields,
    }


def subscriber(email: str, at: int = T0, **properties: str) -> dict[str, Any]:
    return {
        "email": email,
        "interactionDateTime": at,
        "properties": properties,
        "contactProperties": {},
    }


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake(clock: FakeClock) -> FakeHubSpot:
    return FakeHubSpot(clock=clock, epoch_ms=T0)


async def test_upsert_events_creates_then_updates(
    client: httpx.AsyncClient, fake: FakeHubSpot, clock: FakeClock
) -> None:
    first = event_input(
        "w-1",
        startDateTime="2024-05-01T10:00:00+02:00",
        customProperties=[{"name": "room", "value": "A"}],
    )
    response = await client.post(UPSERT, json={"inputs": [first]})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "COMPLETE"
    assert "numErrors" not in body
    [created] = body["results"]
    assert created["id"] == created["objectId"]
    assert created["startDateTime"] == "2024-05-01T08:00:00.000Z"
    assert created["createdAt"] == "2023-11-14T22:13:20.000Z"

    clock.advance(60)
    second = event_input(
        "w-1", eventName="Renamed", customProperties=[{"name": "level", "value": "2"}]
    )
    response = await client.post(UPSERT, json={"inputs": [second]})
    [updated] = response.json()["results"]
    assert updated["objectId"] == created["objectId"]
    assert updated["eventName"] == "Renamed"
    assert updated["startDateTime"] == created["startDateTime"]  # fields not sent are kept
    assert updated["customProperties"] == [
        {"name": "room", "value": "A"},
        {"name": "level", "value": "2"},
    ]
    assert updated["updatedAt"] == "2023-11-14T22:14:20.000Z"
    event = fake.state.events[("acct", "w-1")]
    assert event.event_name == "Renamed"
    assert fake.state.events_by_id[created["objectId"]] is event


async def test_upsert_events_partial_failure_is_207_naming_the_input(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    inputs = [
        event_input("ok-1"),
        event_input("blank", eventName="  "),
        event_input(
            "backwards",
            startDateTime="2024-05-01T10:00:00Z",
            endDateTime="2024-05-01T09:00:00Z",
        ),
        event_input("ok-2"),
    ]
    response = await client.post(UPSERT, json={"inputs": inputs})
    assert response.status_code == 207
    body = response.json()
    assert body["numErrors"] == 2
    assert [e["context"] for e in body["errors"]] == [
        {"externalEventIds": ["blank"]},
        {"externalEventIds": ["backwards"]},
    ]
    assert all(
        e["status"] == "error" and e["category"] == "VALIDATION_ERROR" for e in body["errors"]
    )
    assert "eventName" in body["errors"][0]["message"]
    assert len(body["results"]) == 2
    assert set(fake.state.events) == {("acct", "ok-1"), ("acct", "ok-2")}


async def test_get_event_returns_details_with_counts(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    event = fake.add_event("acct", "w-1", event_type="WEBINAR", event_cancelled=False)
    fake.add_contact("a@example.com")
    await client.post(
        email_upsert("w-1", "register"),
        params={"externalAccountId": "acct"},
        json={"inputs": [subscriber("a@example.com")]},
    )
    response = await client.get(f"{P}/events/w-1", params={"externalAccountId": "acct"})
    assert response.status_code == 200
    details = response.json()
    assert details["id"] == event.object_id
    assert details["externalEventId"] == "w-1"
    assert details["eventType"] == "WEBINAR"
    assert details["eventCancelled"] is False
    assert (details["registrants"], details["attendees"], details["cancellations"]) == (1, 0, 0)
    assert details["noShows"] == 0

    missing = await client.get(f"{P}/events/w-2", params={"externalAccountId": "acct"})
    assert missing.status_code == 404
    assert missing.json()["category"] == "OBJECT_NOT_FOUND"
    other_account = await client.get(f"{P}/events/w-1", params={"externalAccountId": "other"})
    assert other_account.status_code == 404


async def test_list_events_pages_through_everything_once(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    created = [fake.add_event("acct", f"w-{i}").object_id for i in range(25)]
    seen: list[str] = []
    pages = 0
    params: dict[str, Any] = {}
    while True:
        response = await client.get(LIST, params=params)
        assert response.status_code == 200
        body = response.json()
        pages += 1
        seen += [item["objectId"] for item in body["results"]]
        after = body.get("paging", {}).get("next", {}).get("after")
        if after is None:
            break
        assert isinstance(after, str)
        params = {"after": after}
    assert pages == 3
    assert seen == created
    big = await client.get(LIST, params={"limit": 500})
    assert len(big.json()["results"]) == 25
    assert "paging" not in big.json()
    bad = await client.get(LIST, params={"after": "not-a-cursor"})
    assert bad.status_code == 400
    assert bad.json()["message"].startswith("after:")


async def test_email_create_creates_missing_contacts_only(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.add_event("acct", "w-1")
    existing_vid = fake.add_contact("known@example.com", firstname="Known")
    inputs = [
        {**subscriber("New@Example.com"), "contactProperties": {"firstname": "Ada"}},
        {**subscriber("known@example.com"), "contactProperties": {"firstname": "Changed"}},
        subscriber("not-an-email"),
    ]
    response = await client.post(
        email_create("w-1", "register"),
        params={"externalAccountId": "acct"},
        json={"inputs": inputs},
    )
    assert response.status_code == 207
    body = response.json()
    new_vid = fake.state.contacts["new@example.com"].vid
    assert body["results"] == [
        {"email": "new@example.com", "vid": new_vid},
        {"email": "known@example.com", "vid": existing_vid},
    ]
    assert body["errors"][0]["context"] == {"emails": ["not-an-email"]}
    assert fake.state.contacts["new@example.com"].properties == {"firstname": "Ada"}
    assert fake.state.contacts["known@example.com"].properties == {"firstname": "Known"}
    assert fake.state.participation("acct", "w-1", "NEW@example.com") == "REGISTERED"
    [interaction] = fake.state.history("acct", "w-1", "new@example.com")
    assert (interaction.state, interaction.occurred_at) == ("register", T0)
    assert interaction.source == "record_by_email_external_id"


async def test_email_create_without_account_id(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.add_event("acct", "w-1")
    response = await client.post(
        email_create("w-1", "attend"), json={"inputs": [subscriber("a@example.com")]}
    )
    assert response.status_code == 200
    fake.add_event("other", "w-1")
    ambiguous = await client.post(
        email_create("w-1", "attend"), json={"inputs": [subscriber("a@example.com")]}
    )
    assert ambiguous.status_code == 400
    assert ambiguous.json()["message"].startswith("externalAccountId:")


async def test_email_create_by_object_id(client: httpx.AsyncClient, fake: FakeHubSpot) -> None:
    event = fake.add_event("acct", "w-1")
    response = await client.post(
        email_create_by_id(event.object_id, "attend"),
        json={"inputs": [subscriber("a@example.com", joinedAt=str(T0), leftAt=str(T0 + 90_000))]},
    )
    assert response.status_code == 200
    assert fake.state.participation("acct", "w-1", "a@example.com") == "ATTENDED"
    missing = await client.post(
        email_create_by_id("999", "attend"), json={"inputs": [subscriber("a@example.com")]}
    )
    assert missing.status_code == 404
    assert missing.json()["category"] == "OBJECT_NOT_FOUND"


async def test_email_upsert_records_existing_contacts_with_204(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.add_event("acct", "w-1")
    fake.add_contact("a@example.com")
    response = await client.post(
        email_upsert("w-1", "attend"),
        params={"externalAccountId": "acct"},
        json={"inputs": [subscriber("A@example.com")]},
    )
    assert response.status_code == 204
    assert response.content == b""
    assert fake.state.participation("acct", "w-1", "a@example.com") == "ATTENDED"


async def test_email_upsert_with_unknown_contact_records_nothing(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.add_event("acct", "w-1")
    fake.add_contact("a@example.com")
    response = await client.post(
        email_upsert("w-1", "register"),
        params={"externalAccountId": "acct"},
        json={"inputs": [subscriber("a@example.com"), subscriber("ghost@example.com")]},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["category"] == "VALIDATION_ERROR"
    assert body["context"] == {"emails": ["ghost@example.com"]}
    assert "ghost@example.com" in body["message"]
    assert fake.state.participation("acct", "w-1", "a@example.com") is None
    assert "ghost@example.com" not in fake.state.contacts


async def test_upsert_by_contact_id(client: httpx.AsyncClient, fake: FakeHubSpot) -> None:
    fake.add_event("acct", "w-1")
    vid = fake.add_contact("a@example.com")
    ok = await client.post(
        vid_upsert("w-1", "cancel"),
        params={"externalAccountId": "acct"},
        json={"inputs": [{"vid": vid, "interactionDateTime": T0, "properties": {}}]},
    )
    assert ok.status_code == 204
    assert fake.state.participation("acct", "w-1", "a@example.com") == "CANCELLED"
    unknown = await client.post(
        vid_upsert("w-1", "register"),
        params={"externalAccountId": "acct"},
        json={"inputs": [{"vid": 424242, "interactionDateTime": T0, "properties": {}}]},
    )
    assert unknown.status_code == 400
    assert unknown.json()["context"] == {"vids": ["424242"]}


@pytest.mark.parametrize(
    ("method", "path", "params", "body"),
    [
        ("POST", email_create("nope", "register"), {"externalAccountId": "acct"}, "email"),
        ("POST", email_upsert("nope", "register"), {"externalAccountId": "acct"}, "email"),
        ("POST", vid_upsert("nope", "register"), {"externalAccountId": "acct"}, "vid"),
        ("GET", counters_path("acct", "nope"), {}, None),
        ("GET", breakdown_path("acct", "nope"), {}, None),
    ],
)
async def test_unknown_event_is_404_object_not_found(
    client: httpx.AsyncClient,
    fake: FakeHubSpot,
    method: str,
    path: str,
    params: dict[str, str],
    body: str | None,
) -> None:
    fake.add_contact("a@example.com")
    payload: dict[str, Any] | None = None
    if body == "email":
        payload = {"inputs": [subscriber("a@example.com")]}
    elif body == "vid":
        payload = {"inputs": [{"vid": 1001, "interactionDateTime": T0, "properties": {}}]}
    response = await client.request(method, path, params=params, json=payload)
    assert response.status_code == 404
    error = response.json()
    assert error["category"] == "OBJECT_NOT_FOUND"
    assert error["correlationId"] == response.headers["X-HubSpot-Correlation-Id"]
    assert fake.state.participations == {}


async def breakdown_all(
    client: httpx.AsyncClient, account: str, eid: str, **params: Any
) -> tuple[list[dict[str, Any]], int]:
    items: list[dict[str, Any]] = []
    query = dict(params)
    totals: set[int] = set()
    while True:
        response = await client.get(breakdown_path(account, eid), params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        totals.add(body["total"])
        items += body["results"]
        after = body.get("paging", {}).get("next", {}).get("after")
        if after is None:
            break
        query["after"] = after
    assert len(totals) == 1
    return items, totals.pop()


async def test_counters_and_breakdown_agree_after_register_attend_cancel(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.add_event(
        "acct",
        "w-1",
        start_date_time="2024-05-01T10:00:00Z",
        end_date_time="2024-05-01T11:00:00Z",
    )
    account = {"externalAccountId": "acct"}
    people = [f"p{i}@example.com" for i in range(7)]

    async def push(state: str, emails: list[str], at: int, **props: str) -> None:
        inputs = [subscriber(email, at, **props) for email in emails]
        response = await client.post(
            email_create("w-1", state), params=account, json={"inputs": inputs}
        )
        assert response.status_code == 200

    await push("register", people, T0)
    await push("attend", people[:2], T0 + 1000, joinedAt=str(T0), leftAt=str(T0 + 1_800_000))
    await push("cancel", people[2:4], T0 + 2000)
    await push("register", people[3:4], T0 + 3000)  # p3 re-registers after cancelling
    await push("cancel", people[0:1], T0 + 4000)  # attendance is not undone by a cancel
    await push("register", people[2:3], T0 - 5000)  # an older registration arrives late

    expected = {"registered": 4, "attended": 2, "cancelled": 1, "noShows": 0}
    counters = await client.get(counters_path("acct", "w-1"))
    assert counters.json() == expected
    assert fake.state.counters("acct", "w-1").as_json() == expected
    assert fake.state.participation("acct", "w-1", "p0@example.com") == "ATTENDED"
    assert fake.state.participation("acct", "w-1", "p2@example.com") == "CANCELLED"
    assert fake.state.participation("acct", "w-1", "p3@example.com") == "REGISTERED"
    assert len(fake.state.history("acct", "w-1", "p0@example.com")) == 3

    everyone, total = await breakdown_all(client, "acct", "w-1", limit=3)
    assert total == len(everyone) == len(people) == sum(expected.values())
    assert len({item["id"] for item in everyone}) == len(people)
    for state, key in (
        ("REGISTERED", "registered"),
        ("ATTENDED", "attended"),
        ("CANCELLED", "cancelled"),
    ):
        items, total = await breakdown_all(client, "acct", "w-1", state=state, limit=2)
        assert total == len(items) == expected[key]
        assert {item["properties"]["attendanceState"] for item in items} <= {state}
    attended = [i for i in everyone if i["properties"]["attendanceState"] == "ATTENDED"]
    assert attended[0]["properties"]["attendanceDurationSeconds"] == 1800
    assert attended[0]["properties"]["attendancePercentage"] == "50"
    assert attended[0]["associations"]["marketingEvent"]["externalEventId"] == "w-1"

    # Completing the event turns registrants who never attended into no-shows.
    done = await client.post(UPSERT, json={"inputs": [event_input("w-1", eventCompleted=True)]})
    assert done.status_code == 200
    after = await client.get(counters_path("acct", "w-1"))
    assert after.json() == {"registered": 0, "attended": 2, "cancelled": 1, "noShows": 4}
    no_shows, total = await breakdown_all(client, "acct", "w-1", state="NO_SHOW")
    assert total == len(no_shows) == 4
    details = await client.get(f"{P}/events/w-1", params=account)
    assert details.json()["noShows"] == 4


async def test_breakdown_filters_by_contact_and_rejects_unknown_states(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.add_event("acct", "w-1")
    vid = fake.add_contact("a@example.com", firstname="Ada", lastname="L")
    fake.add_contact("b@example.com")
    await client.post(
        email_upsert("w-1", "register"),
        params={"externalAccountId": "acct"},
        json={"inputs": [subscriber("a@example.com"), subscriber("b@example.com")]},
    )
    path = breakdown_path("acct", "w-1")
    for identifier in ("A@example.com", str(vid)):
        response = await client.get(path, params={"contactIdentifier": identifier})
        body = response.json()
        assert body["total"] == 1
        assert body["results"][0]["associations"]["contact"] == {
            "contactId": str(vid),
            "email": "a@example.com",
            "firstname": "Ada",
            "lastname": "L",
        }
    none = await client.get(path, params={"contactIdentifier": "zz@example.com"})
    assert none.json() == {"total": 0, "results": []}
    bad = await client.get(path, params={"state": "MAYBE"})
    assert bad.status_code == 400
    assert bad.json()["message"].startswith("state:")


def check_against_spec(operation_id: str, response: httpx.Response) -> None:
    validator = response_validator(operation_id, response.status_code)
    if validator is None:
        assert response.content == b""
    else:
        validator.validate(response.json())


async def test_every_operation_answers_what_the_spec_documents(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    account = {"externalAccountId": "acct"}
    vid = fake.add_contact("a@example.com", firstname="Ada")
    calls: list[tuple[str, str, str, dict[str, Any], Any]] = [
        (
            "upsert_events",
            "POST",
            UPSERT,
            {},
            {
                "inputs": [
                    event_input(
                        "w-1",
                        eventType="WEBINAR",
                        eventDescription="d",
                        eventUrl="https://example.com",
                        startDateTime="2024-05-01T10:00:00Z",
                        endDateTime="2024-05-01T11:00:00Z",
                        eventCancelled=False,
                        eventCompleted=False,
                        customProperties=[{"name": "room", "value": "A"}],
                    ),
                    event_input("bad", eventOrganizer=""),
                ]
            },
        ),
        ("get_event", "GET", f"{P}/events/w-1", account, None),
        ("list_events", "GET", LIST, {"limit": 1}, None),
        (
            "record_by_email_external_id",
            "POST",
            email_create("w-1", "attend"),
            account,
            {
                "inputs": [
                    subscriber("b@example.com", joinedAt=str(T0), leftAt=str(T0 + 60_000)),
                    subscriber("x"),
                ]
            },
        ),
        (
            "upsert_by_email",
            "POST",
            email_upsert("w-1", "register"),
            account,
            {"inputs": [subscriber("a@example.com")]},
        ),
        (
            "upsert_by_contact_id",
            "POST",
            vid_upsert("w-1", "cancel"),
            account,
            {"inputs": [{"vid": vid, "interactionDateTime": T0 + 1, "properties": {}}]},
        ),
        ("get_counters", "GET", counters_path("acct", "w-1"), {}, None),
        ("get_breakdown", "GET", breakdown_path("acct", "w-1"), {"limit": 1}, None),
        ("get_breakdown", "GET", breakdown_path("acct", "w-1"), {"limit": 0}, None),
        ("get_event", "GET", f"{P}/events/nope", account, None),
        ("upsert_by_email", "POST", email_upsert("w-1", "register"), {}, {"inputs": []}),
        (
            "upsert_by_contact_id",
            "POST",
            vid_upsert("w-1", "register"),
            account,
            {"inputs": [{"vid": 1}]},
        ),
    ]
    object_id = fake.add_event("acct", "w-0").object_id
    calls.append(
        (
            "record_by_email_object_id",
            "POST",
            email_create_by_id(object_id, "register"),
            {},
            {"inputs": [subscriber("c@example.com")]},
        )
    )
    statuses: set[int] = set()
    for operation_id, method, path, params, body in calls:
        response = await client.request(method, path, params=params, json=body)
        statuses.add(response.status_code)
        check_against_spec(operation_id, response)
    # The original nine operations; test_fake_operations_all.py covers the rest of the spec.
    assert {call[0] for call in calls} <= {op.operation_id for op in operations()}
    assert len({call[0] for call in calls}) == 9
    assert {200, 204, 207, 400, 404} <= statuses
