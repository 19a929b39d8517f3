"""Run against the installed wheel by ``make wheel-check``: the package works, not only types.

``python -m webinar_sync.smoke core`` needs the bare install only: a read answered by an
in-process ``httpx.MockTransport``. ``python -m webinar_sync.smoke fake`` needs
``hubspot-events[sandbox]``: a batch write and a read against the in-process fake HubSpot.
"""

from __future__ import annotations

import sys
from typing import assert_type

import httpx
import hubspot_events
from hubspot_events import HubSpotEvents
from hubspot_events_generated.models import SubscriberResult

COUNTERS = {"registered": 2, "attended": 1, "cancelled": 0, "noShows": 0}


def _answer(request: httpx.Request) -> httpx.Response:
    assert request.headers["authorization"] == "Bearer user-token"
    return httpx.Response(200, json=COUNTERS, headers={"X-HubSpot-Correlation-Id": "c-1"})


def core() -> str:
    """A read through the client with the bare install: HubSpot answered by a mock transport."""
    base_url = "https://api.hubapi.com"
    http_client = httpx.Client(transport=httpx.MockTransport(_answer), base_url=base_url)
    with HubSpotEvents(access_token="user-token", base_url=base_url, http_client=http_client) as hs:
        counters = hs.participations.counters("w-1", external_account_id="zoom-42")
    assert counters.registered == 2, counters
    info = hubspot_events.response_of(counters)
    assert info is not None, "response_of finds the answer a read's model came from"
    assert info.correlation_id == "c-1", info
    return f"core {hubspot_events.__version__}: registered={counters.registered}"


def fake() -> str:
    """A batch write and a read against the in-process fake HubSpot (the [sandbox] extra)."""
    from hubspot_events.testing import FakeHubSpot

    server = FakeHubSpot(rate_limit=None)
    server.add_event("zoom-42", "w-1", event_name="Launch webinar", event_organizer="Acme")
    hs = server.client()
    result = hs.attendance.record_by_email(
        "register", ["ada@example.com"], external_event_id="w-1", external_account_id="zoom-42"
    )
    assert_type(result.results, list[SubscriberResult])
    assert result.ok, result.summary()
    state = server.state.participation("zoom-42", "w-1", "ada@example.com")
    assert state == "REGISTERED", state
    return f"fake: {result.summary()}; ada@example.com is {state}"


if __name__ == "__main__":
    print(core() if sys.argv[1:] == ["core"] else fake())
