"""The fake logs a request before any byte of its answer leaves, bodiless answers included.

A client that has read its whole answer must find the request in ``fake.requests``. For a 204
(or any answer without a body) the whole answer is its status line and headers: if those went out
before the request was logged, a client over loopback could finish first and see an empty log
(HubSpot's official clients, run by contract_tests/test_official_clients.py, did, about 3 calls
in 100). Checked at the ASGI level, deterministically: the log is read at each message the fake
hands to the server.
"""

from __future__ import annotations

import asyncio
from typing import Any

from hubspot_events.testing import FakeHubSpot, RequestRecord


def _messages_and_log(fake: FakeHubSpot, method: str, path: str) -> list[tuple[str, int]]:
    """(message type, requests logged so far) for each ASGI message of one request's answer."""
    seen: list[tuple[str, int]] = []
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"authorization", b"Bearer fake-token"), (b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        seen.append((message["type"], len(fake.requests)))

    asyncio.run(fake.app(scope, receive, send))
    return seen


def test_a_204_is_logged_before_its_status_line_is_sent() -> None:
    fake = FakeHubSpot(rate_limit=None)
    event = fake.add_event("acct", "w-1")
    path = f"/marketing/v3/marketing-events/associations/{event.object_id}/lists/77"
    fake.add_list(77)

    seen = _messages_and_log(fake, "PUT", path)

    assert fake.requests == [RequestRecord("PUT", path, 204)]
    assert seen[0] == ("http.response.start", 1), (
        f"the 204's status line went out before the request was logged: {seen}"
    )


def test_an_answer_with_a_body_is_logged_before_its_status_line_is_sent() -> None:
    fake = FakeHubSpot(rate_limit=None)
    event = fake.add_event("acct", "w-1")
    path = f"/marketing/v3/marketing-events/{event.object_id}"

    seen = _messages_and_log(fake, "GET", path)

    assert fake.requests == [RequestRecord("GET", path, 200)]
    assert all(logged == 1 for _, logged in seen), (
        f"part of the answer went out before the request was logged: {seen}"
    )
