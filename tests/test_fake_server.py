"""The fake over real loopback sockets, and the sync transport under threads."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from hubspot_events.testing import FakeHubSpot, Faults, running_server

UPSERT = "/marketing/v3/marketing-events/events/upsert"
LIST = "/marketing/marketing-events/v3"
AUTH = {"Authorization": "Bearer t"}


def event_body(eid: str) -> dict[str, object]:
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


def test_running_server_serves_and_really_drops_connections() -> None:
    fake = FakeHubSpot(faults=Faults(sequence=[200, "drop", "commit:drop"]))
    with running_server(fake) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=base_url, headers=AUTH, timeout=5) as client:
            created = client.post(UPSERT, json=event_body("w-1"))
            assert created.status_code == 200
            assert created.headers["X-HubSpot-RateLimit-Max"] == "100"
            with pytest.raises(httpx.TransportError):
                client.post(UPSERT, json=event_body("w-2"))
            with pytest.raises(httpx.TransportError):
                client.post(UPSERT, json=event_body("w-3"))
            listed = client.get(LIST, params={"limit": 100})
            assert listed.status_code == 200
            assert [e["externalEventId"] for e in listed.json()["results"]] == ["w-1", "w-3"]
    assert [r.status for r in fake.requests] == [200, 0, 0, 200]


def test_sync_transport_from_many_threads() -> None:
    fake = FakeHubSpot(rate_limit=None)
    with httpx.Client(
        transport=fake.sync_transport(), base_url=fake.base_url, headers=AUTH
    ) as client:

        def upsert(i: int) -> int:
            return client.post(UPSERT, json=event_body(f"w-{i}")).status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(upsert, range(40)))
    assert statuses == [200] * 40
    assert len(fake.state.events) == 40
    assert len({event.object_id for event in fake.state.events.values()}) == 40


def test_serve_prints_its_base_url() -> None:
    code = "from hubspot_events.testing import serve; serve(port=0, token='T')"
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        response = httpx.get(base_url + LIST, headers={"Authorization": "Bearer T"}, timeout=10)
        assert response.status_code == 200
        assert httpx.get(base_url + LIST, headers=AUTH, timeout=10).status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_request_is_in_the_log_before_the_last_byte_of_its_answer_is_sent() -> None:
    """Over a socket the client can read its answer before the server's task goes on, so a log
    written after the answer raced with the test reading ``fake.requests``."""
    import asyncio

    fake = FakeHubSpot(rate_limit=None)
    seen_when_answered: list[int] = []
    scope = {
        "type": "http", "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": LIST, "raw_path": LIST.encode(), "query_string": b"",
        "headers": [(b"authorization", b"Bearer t"), (b"host", b"fake")],
        "client": ("127.0.0.1", 1), "server": ("fake", 80),
    }  # fmt: skip

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.body" and not message.get("more_body"):
            seen_when_answered.append(len(fake.requests))

    asyncio.run(fake.app(scope, receive, send))

    assert seen_when_answered == [1]
    assert [(r.method, r.path, r.status) for r in fake.requests] == [("GET", LIST, 200)]
