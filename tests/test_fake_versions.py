"""The fake HubSpot serves every API version (v3, 2026-03, 2026-09) from one state, the list path
HubSpot's own Python client calls, and the subscriber items that client sends.

The version paths here are written out from HubSpot's published specs, not computed with the
library's path mapping, so a wrong mapping fails these tests instead of agreeing with itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from hubspot_events.testing import FakeClock, FakeHubSpot
from hubspot_events.testing._handlers import Handlers
from hubspot_events.testing._spec import operations, response_validator
from hubspot_events.testing._versions import served_paths

T0 = 1_700_000_000_000
APP = 4_242_424
KEY = "dev-key-versions"
ACCT = {"externalAccountId": "acct"}
V3 = "/marketing/v3/marketing-events"
PREFIXES = {
    "v3": V3,
    "2026-03": "/marketing/marketing-events/2026-03",
    "2026-09": "/marketing/marketing-events/2026-09",
}
LIST_PATHS = {
    "v3": "/marketing/marketing-events/v3",
    "2026-03": "/marketing/marketing-events/2026-03",
    "2026-09": "/marketing/marketing-events/2026-09",
}
VERSIONS = tuple(PREFIXES)
LIST = "<list>"
#: What hubspot-api-client's CollectionResponseMarketingEventPublicReadResponseV2ForwardPaging
#: and MarketingEventPublicReadResponseV2 models refuse to be without (their "must not be None").
CLIENT_REQUIRED_ITEM_FIELDS = {
    "createdAt",
    "customProperties",
    "eventName",
    "objectId",
    "updatedAt",
}


def path(version: str, rest: str) -> str:
    """``rest`` (relative to the v3 prefix, or LIST) as ``version`` spells it."""
    return LIST_PATHS[version] if rest == LIST else PREFIXES[version] + rest


def event_input(eid: str, **fields: Any) -> dict[str, Any]:
    return {
        "externalAccountId": "acct",
        "externalEventId": eid,
        "eventName": f"Webinar {eid}",
        "eventOrganizer": "Org",
        "customProperties": [],
        **fields,
    }


@dataclass(frozen=True)
class Call:
    operation_id: str
    method: str
    rest: str
    params: dict[str, Any] | None = None
    body: Any = None


def seed(fake: FakeHubSpot) -> dict[str, Any]:
    """The same contacts, lists and events in every fake (object ids are sequential per fake)."""
    ids = {
        "vid": fake.add_contact("ada@example.com", firstname="Ada"),
        "oid": fake.add_event("acct", "e1").object_id,
        "archive": fake.add_event("acct", "e3").object_id,
        "gone": fake.add_event("acct", "e4").object_id,
    }
    fake.add_list(11)
    fake.add_list(12)
    return ids


def every_operation(ids: dict[str, Any]) -> list[Call]:
    """One successful call of each of the 36 operations, in an order where each can succeed."""
    oid, vid = ids["oid"], ids["vid"]
    email = {"inputs": [{"email": "bo@example.com", "interactionDateTime": T0}]}
    by_vid = {"inputs": [{"vid": vid, "interactionDateTime": T0, "properties": {}}]}
    dates = {"startDateTime": "2024-05-01T10:00:00Z", "endDateTime": "2024-05-01T11:00:00Z"}
    key = {"appId": APP, "externalAccountId": "acct", "externalEventId": "e2"}
    return [
        Call("create_event", "POST", "/events", body=event_input("e0")),
        Call("upsert_events", "POST", "/events/upsert", body={"inputs": [event_input("e2")]}),
        Call("get_event", "GET", "/events/e1", ACCT),
        Call("replace_event", "PUT", "/events/e1", body=event_input("e1", eventType="WEBINAR")),
        Call(
            "update_event", "PATCH", "/events/e1", ACCT, {"customProperties": [], "eventUrl": "u"}
        ),
        Call("list_events", "GET", LIST, {"limit": 2}),
        Call("search_events", "GET", "/events/search", {"q": "e"}),
        Call("get_identifiers", "GET", "/e1/identifiers"),
        Call("get_event_by_object_id", "GET", f"/{oid}"),
        Call("update_event_by_object_id", "PATCH", f"/{oid}", body={"customProperties": []}),
        Call(
            "update_events_by_object_id",
            "POST",
            "/batch/update",
            body={"inputs": [{"objectId": oid, "eventName": "Renamed", "customProperties": []}]},
        ),
        Call(
            "record_by_email_external_id",
            "POST",
            "/attendance/e1/register/email-create",
            ACCT,
            email,
        ),
        Call(
            "record_by_email_object_id",
            "POST",
            f"/{oid}/attendance/attend/email-create",
            body=email,
        ),
        Call(
            "record_by_contact_id_external_id",
            "POST",
            "/attendance/e1/register/create",
            ACCT,
            by_vid,
        ),
        Call(
            "record_by_contact_id_object_id",
            "POST",
            f"/{oid}/attendance/attend/create",
            body=by_vid,
        ),
        Call("upsert_by_email", "POST", "/events/e1/cancel/email-upsert", ACCT, email),
        Call("upsert_by_contact_id", "POST", "/events/e1/register/upsert", ACCT, by_vid),
        Call("get_counters", "GET", "/participations/acct/e1"),
        Call("get_counters_by_object_id", "GET", f"/participations/{oid}"),
        Call("get_breakdown", "GET", "/participations/acct/e1/breakdown", {"state": "ATTENDED"}),
        Call("get_breakdown_by_object_id", "GET", f"/participations/{oid}/breakdown"),
        Call("get_contact_breakdown", "GET", "/participations/contacts/bo@example.com/breakdown"),
        Call("associate_list_external_id", "PUT", "/associations/acct/e1/lists/11"),
        Call("associate_list_object_id", "PUT", f"/associations/{oid}/lists/12"),
        Call("get_lists_external_id", "GET", "/associations/acct/e1/lists"),
        Call("get_lists_object_id", "GET", f"/associations/{oid}/lists"),
        Call("disassociate_list_external_id", "DELETE", "/associations/acct/e1/lists/11"),
        Call("disassociate_list_object_id", "DELETE", f"/associations/{oid}/lists/12"),
        Call(
            "update_settings",
            "POST",
            f"/{APP}/settings",
            body={"eventDetailsUrl": "https://e.example/%s"},
        ),
        Call("get_settings", "GET", f"/{APP}/settings"),
        Call("cancel_event", "POST", "/events/e1/cancel", ACCT),
        Call("complete_event", "POST", "/events/e1/complete", ACCT, dates),
        Call("delete_events", "POST", "/events/delete", body={"inputs": [key]}),
        Call(
            "delete_events_by_object_id",
            "POST",
            "/batch/archive",
            body={"inputs": [{"objectId": ids["archive"]}]},
        ),
        Call("delete_event", "DELETE", "/events/e1", ACCT),
        Call("delete_event_by_object_id", "DELETE", f"/{ids['gone']}"),
    ]


def new_fake() -> FakeHubSpot:
    return FakeHubSpot(clock=FakeClock(), epoch_ms=T0, app_id=APP, developer_api_key=KEY)


@pytest.fixture
def fake() -> FakeHubSpot:
    return new_fake()


async def run_every_operation(version: str) -> list[tuple[str, int, Any]]:
    """(operation, status, body) of every operation called at ``version``'s paths, on a new fake."""
    fake = new_fake()
    calls = every_operation(seed(fake))
    answers = []
    async with httpx.AsyncClient(
        transport=fake.async_transport(),
        base_url=fake.base_url,
        headers={"Authorization": "Bearer test-token"},
    ) as client:
        for call in calls:
            response = await client.request(
                call.method, path(version, call.rest), params=call.params, json=call.body
            )
            answers.append((call.operation_id, response.status_code, response.content))
    assert [record.path for record in fake.requests] == [path(version, c.rest) for c in calls]
    return answers


# -- every operation under every prefix --------------------------------------------------------


def test_the_scenario_calls_every_operation_of_the_spec() -> None:
    called = [
        call.operation_id
        for call in every_operation({"oid": "1", "vid": 1, "archive": "2", "gone": "3"})
    ]
    assert sorted(called) == sorted(op.operation_id for op in operations()), (
        "every operation of the curated spec must be in every_operation()"
    )


@pytest.mark.parametrize("version", ["2026-03", "2026-09"])
async def test_every_operation_answers_at_the_date_version_paths_as_at_v3(version: str) -> None:
    legacy = await run_every_operation("v3")
    dated = await run_every_operation(version)
    failed = [(op, status) for op, status, _ in dated if not 200 <= status < 300]
    assert failed == [], f"operations {version} did not serve with a 2xx"
    assert dated == legacy, f"{version} must answer every operation exactly as v3 does"


async def test_every_operation_succeeds_at_the_v3_paths() -> None:
    answers = await run_every_operation("v3")
    assert [(op, status) for op, status, _ in answers if not 200 <= status < 300] == []


# -- one state --------------------------------------------------------------------------------


async def test_one_state_serves_every_version(client: httpx.AsyncClient, fake: FakeHubSpot) -> None:
    created = await client.post(path("v3", "/events"), json=event_input("w-1"))
    assert created.status_code == 200
    object_id = created.json()["objectId"]

    read = await client.get(path("2026-09", "/events/w-1"), params=ACCT)
    assert read.status_code == 200, "an event created through v3 is readable through 2026-09"
    assert read.json()["objectId"] == object_id

    subscribers = {"inputs": [{"email": "ada@example.com", "interactionDateTime": T0}]}
    recorded = await client.post(
        path("2026-03", f"/{object_id}/attendance/register/email-create"), json=subscribers
    )
    assert recorded.status_code == 200
    counters = (await client.get(path("v3", "/participations/acct/w-1"))).json()
    assert counters["registered"] == 1, "attendance recorded through 2026-03 counts in v3"

    for version in VERSIONS:
        listed = (await client.get(LIST_PATHS[version])).json()["results"]
        assert [e["objectId"] for e in listed] == [object_id], f"{version} lists the same events"

    deleted = await client.delete(path("2026-09", "/events/w-1"), params=ACCT)
    assert deleted.status_code == 204
    gone = await client.get(path("2026-03", f"/{object_id}"))
    assert gone.status_code == 404, "an event deleted through 2026-09 is gone in 2026-03"
    assert fake.state.events == {}


# -- the list path of hubspot-api-client -------------------------------------------------------


@pytest.mark.parametrize(
    "legacy", ["/marketing/v3/marketing-events/", "/marketing/v3/marketing-events"]
)
async def test_hubspot_api_clients_list_path_pages_like_list_events(
    client: httpx.AsyncClient, fake: FakeHubSpot, legacy: str
) -> None:
    for eid in ("w-1", "w-2", "w-3"):
        fake.add_event("acct", eid)
    first = await client.get(legacy, params={"limit": 2})
    assert first.status_code == 200, "hubspot-api-client's get_all path must be served"
    assert first.json() == (await client.get(LIST_PATHS["v3"], params={"limit": 2})).json()
    response_validator("list_events", 200).validate(first.json())
    after = first.json()["paging"]["next"]["after"]
    second = (await client.get(legacy, params={"after": after, "limit": 2})).json()
    pages = first.json()["results"] + second["results"]
    assert [e["externalEventId"] for e in pages] == ["w-1", "w-2", "w-3"]
    assert "paging" not in second
    for item in pages:
        missing = CLIENT_REQUIRED_ITEM_FIELDS - item.keys()
        assert not missing, f"hubspot-api-client cannot parse a list item without {missing}"


async def test_the_list_path_takes_only_get(client: httpx.AsyncClient) -> None:
    response = await client.post("/marketing/v3/marketing-events/", json={})
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


# -- subscribers as HubSpot's own client sends them ---------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
async def test_email_create_accepts_subscribers_without_contact_properties_or_properties(
    client: httpx.AsyncClient, fake: FakeHubSpot, version: str
) -> None:
    event = fake.add_event("acct", "w-1")
    bare = {"inputs": [{"email": "ada@example.com", "interactionDateTime": T0}]}
    by_external = await client.post(
        path(version, "/attendance/w-1/register/email-create"), params=ACCT, json=bare
    )
    assert by_external.status_code == 200, by_external.text
    by_object = await client.post(
        path(version, f"/{event.object_id}/attendance/attend/email-create"),
        json={"inputs": [{"email": "bo@example.com", "interactionDateTime": T0}]},
    )
    assert by_object.status_code == 200, by_object.text
    assert fake.state.participation("acct", "w-1", "ada@example.com") == "REGISTERED"
    assert fake.state.participation("acct", "w-1", "bo@example.com") == "ATTENDED"


@pytest.mark.parametrize("version", VERSIONS)
async def test_email_upsert_accepts_subscribers_without_contact_properties_or_properties(
    client: httpx.AsyncClient, fake: FakeHubSpot, version: str
) -> None:
    fake.add_event("acct", "w-1")
    fake.add_contact("ada@example.com")
    response = await client.post(
        path(version, "/events/w-1/register/email-upsert"),
        params=ACCT,
        json={"inputs": [{"email": "ada@example.com", "interactionDateTime": T0}]},
    )
    assert response.status_code == 204, response.text
    assert fake.state.participation("acct", "w-1", "ada@example.com") == "REGISTERED"


# -- where the versions differ -----------------------------------------------------------------


@pytest.mark.parametrize(("version", "status"), [("v3", 207), ("2026-03", 207), ("2026-09", 200)])
async def test_batch_update_with_a_failed_input_is_207_but_200_on_2026_09(
    client: httpx.AsyncClient, fake: FakeHubSpot, version: str, status: int
) -> None:
    event = fake.add_event("acct", "w-1")
    response = await client.post(
        path(version, "/batch/update"),
        json={
            "inputs": [
                {"objectId": event.object_id, "eventName": "One", "customProperties": []},
                {"objectId": "999999", "eventName": "Two", "customProperties": []},
            ]
        },
    )
    assert response.status_code == status, "2026-09 documents no 207 for batch/update"
    body = response.json()
    assert body["numErrors"] == 1, "the failed input is reported in the body on every version"
    assert body["errors"][0]["context"] == {"objectIds": ["999999"]}
    assert [r["eventName"] for r in body["results"]] == ["One"]
    response_validator("update_events_by_object_id", status).validate(body)


@pytest.mark.parametrize("version", VERSIONS)
async def test_settings_take_the_developer_key_under_every_version(
    fake: FakeHubSpot, version: str
) -> None:
    async with httpx.AsyncClient(transport=fake.async_transport(), base_url=fake.base_url) as c:
        url = path(version, f"/{APP}/settings")
        saved = await c.post(url, params={"hapikey": KEY}, json={"eventDetailsUrl": "https://x/%s"})
        assert saved.status_code == 200, "hapikey alone authenticates settings on every version"
        refused = await c.get(url, params={"hapikey": "wrong"})
        assert refused.status_code == 401
        other = await c.get(path(version, "/events/w-1"), params={**ACCT, "hapikey": KEY})
        assert other.status_code == 401, "other operations need a bearer token on every version"


async def test_unknown_versions_and_prefixes_are_404_naming_the_path(
    client: httpx.AsyncClient,
) -> None:
    for unknown in (
        "/marketing/marketing-events/2025-01/events/search",
        "/marketing/marketing-events/2025-01",
        "/marketing/v4/marketing-events/events/search",
        "/marketing/marketing-events/v3/events/search",
    ):
        response = await client.get(unknown, params={"q": "x"})
        assert response.status_code == 404, unknown
        assert response.json()["category"] == "RESOURCE_NOT_FOUND"
        assert unknown in response.json()["message"], "the error names the path the client sent"


def test_a_spec_path_no_version_moves_is_refused_at_build() -> None:
    with pytest.raises(ValueError, match="has no 2026-03 path"):
        served_paths("/marketing/v4/elsewhere", "2026-03")
    assert served_paths(f"{V3}/events/upsert", "2026-09") == (
        "/marketing/marketing-events/2026-09/events/upsert",
    )


def test_the_handlers_need_none_of_the_fields_hubspot_api_client_omits() -> None:
    """Only the spec decides what is required: the handlers themselves take events without
    customProperties and subscribers without contactProperties / properties (what
    hubspot-api-client sends when they are not set), so the spec alone can allow them."""
    fake = new_fake()
    vid = fake.add_contact("ada@example.com")
    event = fake.add_event("acct", "w-1")
    table = Handlers(fake.state, fake.now_ms, app_id=APP, max_batch_size=None).table
    bare_event = {k: v for k, v in event_input("w-2").items() if k != "customProperties"}
    on_event = {"externalEventId": "w-1", **ACCT, "subscriberState": "register"}
    by_vid = {"inputs": [{"vid": vid, "interactionDateTime": T0}]}
    by_email = {"inputs": [{"email": "ada@example.com", "interactionDateTime": T0}]}
    calls: list[tuple[str, dict[str, Any], Any]] = [
        ("create_event", {}, bare_event),
        ("upsert_events", {}, {"inputs": [{**bare_event, "externalEventId": "w-3"}]}),
        ("replace_event", {"externalEventId": "w-2"}, bare_event),
        ("update_event", {"externalEventId": "w-2", **ACCT}, {"eventName": "Renamed"}),
        ("update_event_by_object_id", {"objectId": event.object_id}, {"eventUrl": "u"}),
        ("update_events_by_object_id", {}, {"inputs": [{"objectId": event.object_id}]}),
        ("record_by_contact_id_external_id", on_event, by_vid),
        ("record_by_contact_id_object_id", {**on_event, "objectId": event.object_id}, by_vid),
        ("upsert_by_contact_id", on_event, by_vid),
        ("record_by_email_external_id", on_event, by_email),
        ("record_by_email_object_id", {**on_event, "objectId": event.object_id}, by_email),
        ("upsert_by_email", on_event, by_email),
    ]
    statuses = {op: table[op](params, body).status for op, params, body in calls}
    assert statuses == {
        op: 204 if op in ("upsert_by_contact_id", "upsert_by_email") else 200 for op, _, _ in calls
    }
    renamed = fake.state.event("acct", "w-2")
    assert renamed is not None
    assert renamed.event_name == "Renamed", "an update without customProperties is applied"
