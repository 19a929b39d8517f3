"""Fault injection: exact sequences, seeded rates, drops, and faults before/after the commit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from hubspot_events.testing import FakeClock, FakeHubSpot, Faults

UPSERT = "/marketing/v3/marketing-events/events/upsert"
LIST = "/marketing/marketing-events/v3"
AUTH = {"Authorization": "Bearer t"}


def event_body(eid: str = "w-1") -> dict[str, Any]:
    return {
        "inputs": [
            {
                "externalAccountId": "acct",
                "externalEventId": eid,
                "eventName": "Webinar",
                "eventOrganizer": "Org",
                "customProperties": [],
            }
        ]
    }


@pytest.fixture
def fake() -> FakeHubSpot:
    return FakeHubSpot(clock=FakeClock())


@pytest.fixture
async def client(fake: FakeHubSpot) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=fake.async_transport(), base_url=fake.base_url, headers=AUTH
    ) as client:
        yield client


async def outcome(client: httpx.AsyncClient, method: str = "GET", **kwargs: Any) -> int | str:
    try:
        response = await client.request(method, kwargs.pop("path", LIST), **kwargs)
    except httpx.RemoteProtocolError:
        return "drop"
    return response.status_code


async def test_sequence_then_normal(client: httpx.AsyncClient, fake: FakeHubSpot) -> None:
    fake.faults = Faults(sequence=[503, "drop", 200, 429, "html", "daily", "ok"])
    outcomes = [await outcome(client) for _ in range(8)]
    assert outcomes == [503, "drop", 200, 429, 502, 429, 200, 200]
    assert [r.status for r in fake.requests] == [503, 0, 200, 429, 502, 429, 200, 200]
    assert fake.rate_limited == 2


async def test_injected_bodies(client: httpx.AsyncClient, fake: FakeHubSpot) -> None:
    fake.faults = Faults(sequence=[503, "html", 429, "daily"], html_rate=0.0)
    json_error = await client.get(LIST)
    assert json_error.json()["category"] == "SERVICE_UNAVAILABLE"
    assert json_error.json()["correlationId"] == json_error.headers["X-HubSpot-Correlation-Id"]
    page = await client.get(LIST)
    assert page.headers["content-type"] == "text/html"
    assert b"502 Bad Gateway" in page.content
    assert "X-HubSpot-Correlation-Id" not in page.headers
    assert (await client.get(LIST)).json()["policyName"] == "TEN_SECONDLY_ROLLING"
    assert (await client.get(LIST)).json()["policyName"] == "DAILY"


async def run_with_rates(seed: int) -> list[int | str]:
    fake = FakeHubSpot(
        seed=seed, rate_limit=None, faults=Faults(fail_rate=0.3, drop_rate=0.1, html_rate=0.5)
    )
    async with httpx.AsyncClient(
        transport=fake.async_transport(), base_url=fake.base_url, headers=AUTH
    ) as client:
        results: list[int | str] = []
        for _ in range(60):
            try:
                response = await client.get(LIST)
            except httpx.RemoteProtocolError:
                results.append("drop")
            else:
                kind = "html" if response.headers["content-type"] == "text/html" else "json"
                results.append(f"{response.status_code}/{kind}")
        return results


async def test_seeded_faults_are_reproducible() -> None:
    first = await run_with_rates(7)
    assert first == await run_with_rates(7)
    assert first != await run_with_rates(8)
    kinds = set(first)
    assert {"200/json", "drop"} <= kinds
    assert kinds & {"500/json", "502/json", "502/html", "503/json"}


async def test_faults_before_the_commit_record_nothing(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.faults = Faults(sequence=[500, "drop"])
    assert await outcome(client, "POST", path=UPSERT, json=event_body()) == 500
    assert await outcome(client, "POST", path=UPSERT, json=event_body()) == "drop"
    assert fake.state.events == {}


async def test_faults_after_the_commit_record_then_lose_the_answer(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.faults = Faults(sequence=["commit:503", "commit:drop"])
    assert await outcome(client, "POST", path=UPSERT, json=event_body("w-1")) == 503
    assert await outcome(client, "POST", path=UPSERT, json=event_body("w-2")) == "drop"
    assert set(fake.state.events) == {("acct", "w-1"), ("acct", "w-2")}
    # The retry of an upsert is harmless: the same event, not a second one.
    retry = await client.post(UPSERT, json=event_body("w-1"))
    assert retry.json()["results"][0]["objectId"] == fake.state.events[("acct", "w-1")].object_id
    assert len(fake.state.events) == 2


async def test_fail_after_commit_rate(fake: FakeHubSpot, client: httpx.AsyncClient) -> None:
    fake.faults = Faults(fail_after_commit_rate=1.0, statuses=(502,), html_rate=1.0)
    response = await client.post(UPSERT, json=event_body())
    assert response.status_code == 502
    assert response.headers["content-type"] == "text/html"
    assert ("acct", "w-1") in fake.state.events


async def test_latency_beyond_the_read_timeout_is_a_timeout(fake: FakeHubSpot) -> None:
    fake.faults = Faults(latency_s=30.0)
    async with httpx.AsyncClient(
        transport=fake.async_transport(), base_url=fake.base_url, headers=AUTH, timeout=0.01
    ) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.post(UPSERT, json=event_body())
    assert fake.state.events == {}


def test_sync_transport_drops_too(fake: FakeHubSpot) -> None:
    fake.faults = Faults(sequence=["drop", 200])
    with httpx.Client(
        transport=fake.sync_transport(), base_url=fake.base_url, headers=AUTH
    ) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.get(LIST)
        assert client.get(LIST).status_code == 200


def test_assigning_faults_restarts_the_sequence(fake: FakeHubSpot) -> None:
    fake.faults = Faults(sequence=[500])
    with httpx.Client(
        transport=fake.sync_transport(), base_url=fake.base_url, headers=AUTH
    ) as client:
        assert client.get(LIST).status_code == 500
        assert client.get(LIST).status_code == 200
        fake.faults = Faults(sequence=[500])
        assert client.get(LIST).status_code == 500
        fake.reset()
        assert client.get(LIST).status_code == 500  # reset restarts the sequence too
        assert fake.requests == [("GET", LIST, 500)]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"fail_rate": 1.5},
        {"drop_rate": -0.1},
        {"latency_s": -1.0},
        {"sequence": ["explode"]},
        {"sequence": [42]},
        {"sequence": ["commit:ok"]},
        {"fail_rate": 0.5, "statuses": ()},
    ],
)
def test_bad_fault_configurations(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        Faults(**kwargs)
