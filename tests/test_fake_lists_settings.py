"""The fake HubSpot's list associations and app settings, with the settings' developer API key."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from hubspot_events.testing import FakeClock, FakeHubSpot
from hubspot_events.testing._spec import response_validator

P = "/marketing/v3/marketing-events"
T0 = 1_700_000_000_000
APP = 4_242_424
KEY = "dev-key-6f1c2b"


def assert_error(response: httpx.Response, status: int, category: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    body: dict[str, object] = response.json()
    assert body["category"] == category
    response_validator("get_settings", status).validate(body)
    return body


@pytest.fixture
def fake() -> FakeHubSpot:
    return FakeHubSpot(clock=FakeClock(), epoch_ms=T0, app_id=APP)


@pytest.fixture
async def anonymous(fake: FakeHubSpot) -> AsyncIterator[httpx.AsyncClient]:
    """A client that sends no Authorization header (as the client does with a hapikey)."""
    async with httpx.AsyncClient(transport=fake.async_transport(), base_url=fake.base_url) as c:
        yield c


# -- list associations ------------------------------------------------------------------------


async def test_associate_read_and_disassociate_lists_by_external_ids(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.add_event("acct", "w-1")
    fake.add_list("11", name="Leads")
    fake.add_list(12)
    base = f"{P}/associations/acct/w-1/lists"
    for list_id in ("12", "11", "12"):  # associating again is a no-op
        response = await client.put(f"{base}/{list_id}")
        assert (response.status_code, response.content) == (204, b"")
    body = (await client.get(base)).json()
    assert body["total"] == 2
    assert [(item["listId"], item["name"]) for item in body["results"]] == [
        ("12", "List 12"),
        ("11", "Leads"),
    ]
    response_validator("get_lists_external_id", 200).validate(body)
    assert (await client.delete(f"{base}/12")).status_code == 204
    assert (await client.delete(f"{base}/12")).status_code == 204  # not associated: no-op
    assert [item["listId"] for item in (await client.get(base)).json()["results"]] == ["11"]


async def test_lists_by_object_id_see_every_apps_events(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    other = fake.add_event("acct", "w-1", app_id=77)
    fake.add_list("11")
    base = f"{P}/associations/{other.object_id}/lists"
    assert (await client.put(f"{base}/11")).status_code == 204
    assert (await client.get(base)).json()["total"] == 1
    assert fake.state.list_associations == {other.object_id: {"11": None}}
    assert (await client.delete(f"{base}/11")).status_code == 204
    assert (await client.get(base)).json() == {"total": 0, "results": []}
    # by external ids the other app's event does not exist
    assert_error(await client.get(f"{P}/associations/acct/w-1/lists"), 404, "OBJECT_NOT_FOUND")


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
async def test_unknown_list_or_event_is_404(
    client: httpx.AsyncClient, fake: FakeHubSpot, method: str
) -> None:
    event = fake.add_event("acct", "w-1")
    fake.add_list("11")
    for path in (
        f"{P}/associations/acct/w-1/lists/99",
        f"{P}/associations/{event.object_id}/lists/99",
        f"{P}/associations/acct/nope/lists/11",
        f"{P}/associations/424242/lists/11",
    ):
        body = assert_error(await client.request(method, path), 404, "OBJECT_NOT_FOUND")
        assert body["context"] in (
            {"listId": ["99"]},
            {"externalEventId": ["nope"], "externalAccountId": ["acct"]},
            {"objectId": ["424242"]},
        )
    assert fake.state.list_associations == {}
    for path in (f"{P}/associations/acct/nope/lists", f"{P}/associations/424242/lists"):
        assert_error(await client.get(path), 404, "OBJECT_NOT_FOUND")


# -- settings ---------------------------------------------------------------------------------


async def test_update_then_get_settings_with_a_hapikey(
    anonymous: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    url = f"{P}/{APP}/settings"
    key = {"hapikey": KEY}
    missing = await anonymous.get(url, params=key)
    assert_error(missing, 404, "OBJECT_NOT_FOUND")
    response = await anonymous.post(
        url, params=key, json={"eventDetailsUrl": "https://e.example/events/%s"}
    )
    assert response.status_code == 200
    assert response.json() == {"appId": APP, "eventDetailsUrl": "https://e.example/events/%s"}
    response_validator("update_settings", 200).validate(response.json())
    read = await anonymous.get(url, params=key)
    assert read.json() == response.json()
    other_app = await anonymous.get(f"{P}/77/settings", params=key)
    assert_error(other_app, 404, "OBJECT_NOT_FOUND")
    assert fake.state.settings == {APP: "https://e.example/events/%s"}


async def test_settings_url_must_contain_a_placeholder(anonymous: httpx.AsyncClient) -> None:
    url = f"{P}/{APP}/settings"
    bad = await anonymous.post(
        url, params={"hapikey": KEY}, json={"eventDetailsUrl": "https://e.example/events"}
    )
    body = assert_error(bad, 400, "VALIDATION_ERROR")
    assert body["context"] == {"fields": ["eventDetailsUrl"]}
    not_an_app = await anonymous.get(f"{P}/abc/settings", params={"hapikey": KEY})
    assert_error(not_an_app, 400, "VALIDATION_ERROR")


async def test_settings_accept_a_bearer_token_instead(client: httpx.AsyncClient) -> None:
    url = f"{P}/{APP}/settings"
    response = await client.post(url, json={"eventDetailsUrl": "https://e.example/%s"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("params", "headers"),
    [
        ({}, {}),  # nothing at all
        ({"hapikey": ""}, {}),
        ({"hapikey": "wrong"}, {}),
        ({"hapikey": "wrong"}, {"Authorization": "Bearer test-token"}),  # the key decides
    ],
)
async def test_settings_refuse_a_missing_or_wrong_key_with_401(
    params: dict[str, str], headers: dict[str, str]
) -> None:
    fake = FakeHubSpot(clock=FakeClock(), developer_api_key=KEY)
    async with httpx.AsyncClient(transport=fake.async_transport(), base_url=fake.base_url) as c:
        response = await c.get(f"{P}/{APP}/settings", params=params, headers=headers)
        body = assert_error(response, 401, "INVALID_AUTHENTICATION")
        assert "wrong" not in response.text
        assert body["correlationId"] == response.headers["X-HubSpot-Correlation-Id"]
        right = await c.get(f"{P}/{APP}/settings", params={"hapikey": KEY})
        assert_error(right, 404, "OBJECT_NOT_FOUND")  # authenticated; no settings yet


async def test_the_key_is_never_echoed_nor_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeHubSpot(clock=FakeClock(), developer_api_key=KEY)
    seen: list[httpx.Response] = []
    async with httpx.AsyncClient(transport=fake.async_transport(), base_url=fake.base_url) as c:
        url = f"{P}/{APP}/settings"
        for params, body in (
            ({"hapikey": KEY}, {"eventDetailsUrl": f"https://e.example/%s?{KEY[:3]}"}),
            ({"hapikey": KEY}, {"eventDetailsUrl": "no placeholder"}),
            ({"hapikey": KEY + "x"}, {"eventDetailsUrl": "https://e.example/%s"}),
        ):
            seen.append(await c.post(url, params=params, json=body))
        seen.append(await c.get(url, params={"hapikey": KEY}))
    assert [r.status_code for r in seen] == [200, 400, 401, 200]
    for response in seen:
        assert KEY not in response.text
        assert all(KEY not in value for value in response.headers.values())
    assert all(KEY not in record.path for record in fake.requests)
    assert KEY not in repr(fake.requests)
    # (httpx itself logs the URL it requested: that is the test's client, not the fake)
    fakes_records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert all(KEY not in record.getMessage() for record in fakes_records)


async def test_hapikey_only_works_where_the_spec_takes_it(anonymous: httpx.AsyncClient) -> None:
    key = {"hapikey": KEY}
    ordinary = await anonymous.get(f"{P}/events/w-1", params={**key, "externalAccountId": "a"})
    assert_error(ordinary, 401, "INVALID_AUTHENTICATION")
    # ".../events/settings" is get_event (externalEventId "settings"), not an app's settings.
    shadowed = await anonymous.get(f"{P}/events/settings", params={**key, "externalAccountId": "a"})
    assert_error(shadowed, 401, "INVALID_AUTHENTICATION")
    listed = await anonymous.get("/marketing/marketing-events/v3", params=key)
    assert_error(listed, 401, "INVALID_AUTHENTICATION")


async def test_hapikey_requests_count_against_the_rate_limit() -> None:
    fake = FakeHubSpot(clock=FakeClock(), rate_limit="2/10s")
    async with httpx.AsyncClient(transport=fake.async_transport(), base_url=fake.base_url) as c:
        statuses = [
            (await c.get(f"{P}/{APP}/settings", params={"hapikey": KEY})).status_code
            for _ in range(3)
        ]
    assert statuses == [404, 404, 429]
