"""A user's application of the installed wheel: `make wheel-check` runs it and holds it to
``mypy --strict`` in a fresh virtual environment, away from the checkout.

Why a user file: every other test runs on the editable checkout, where the source tree stands in
for the installed package; this one sees only what the wheel ships (modules, ``py.typed``, the
spec), so a file missing from the wheel or an installed package mypy cannot type shows up here.

``python user_app.py core`` needs the bare install only: a read answered by an in-process
``httpx.MockTransport``. ``python user_app.py fake`` needs ``hubspot-events[sandbox]``: a batch
write and a read against the in-process fake HubSpot.
"""

from __future__ import annotations

import sys

import httpx

import hubspot_events
from hubspot_events import BatchResult, HubSpotEvents

COUNTERS = {"registered": 2, "attended": 1, "cancelled": 0, "noShows": 0}


def _answer(request: httpx.Request) -> httpx.Response:
    assert request.headers["authorization"] == "Bearer user-token"
    return httpx.Response(200, json=COUNTERS)


def core() -> str:
    """A read through the client with the bare install: HubSpot answered by a mock transport."""
    base_url = "https://api.hubapi.com"
    http_client = httpx.Client(transport=httpx.MockTransport(_answer), base_url=base_url)
    with HubSpotEvents(access_token="user-token", base_url=base_url, http_client=http_client) as hs:
        counters = hs.participations.counters("w-1", external_account_id="zoom-42")
    assert counters.registered == 2, counters
    return f"core {hubspot_events.__version__}: registered={counters.registered}"


def fake() -> str:
    """A batch write and a read against the in-process fake HubSpot (the [sandbox] extra)."""
    from hubspot_events.testing import FakeHubSpot

    server = FakeHubSpot(rate_limit=None)
    server.add_event("zoom-42", "w-1", event_name="Launch webinar", event_organizer="Acme")
    hs: HubSpotEvents = server.client()
    result: BatchResult = hs.attendance.record_by_email(
        "register", ["ada@example.com"], external_event_id="w-1", external_account_id="zoom-42"
    )
    assert result.ok, result.summary()
    state = server.state.participation("zoom-42", "w-1", "ada@example.com")
    assert state == "REGISTERED", state
    return f"fake: {result.summary()}; ada@example.com is {state}"


if __name__ == "__main__":
    print(core() if sys.argv[1:] == ["core"] else fake())
