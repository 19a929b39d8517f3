"""The request and response bodies of the per-call benchmark (stdlib only: the peers' venv imports it).

One 100-event batch upsert: the inputs every client sends, and the canned answer the loopback
server gives to any POST, shaped like HubSpot's ``BatchResponse`` of marketing events; and one
100-attendee ``email-create`` batch with its answer (the server tells them apart by the path).
"""

from __future__ import annotations

import json
from typing import Any

BATCH = 100
ACCOUNT = "bench-account"
_CREATED = "2026-11-20T09:30:00.123Z"


def event_inputs(n: int = BATCH) -> list[dict[str, Any]]:
    """``n`` events in the API's own JSON shape (what a user passes as mappings)."""
    return [
        {
            "externalAccountId": ACCOUNT,
            "externalEventId": f"webinar-{i}",
            "eventName": f"Webinar {i}: shipping faster",
            "eventOrganizer": "Bench Inc.",
            "eventType": "WEBINAR",
            "startDateTime": "2026-12-01T16:00:00+00:00",
            "endDateTime": "2026-12-01T17:00:00+00:00",
            "customProperties": [
                {"name": "platform", "value": "zoom"},
                {"name": "room", "value": f"room-{i % 7}"},
            ],
        }
        for i in range(n)
    ]


def event_results(n: int = BATCH) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{500000 + i}",
            "objectId": f"{50000001 + i}",
            "eventName": f"Webinar {i}: shipping faster",
            "eventOrganizer": "Bench Inc.",
            "eventType": "WEBINAR",
            "customProperties": [
                {"name": "platform", "value": "zoom"},
                {"name": "room", "value": f"room-{i % 7}"},
            ],
            "createdAt": _CREATED,
            "updatedAt": _CREATED,
            "startDateTime": "2026-12-01T16:00:00Z",
            "endDateTime": "2026-12-01T17:00:00Z",
        }
        for i in range(n)
    ]


def batch_response(n: int = BATCH) -> dict[str, Any]:
    return {
        "status": "COMPLETE",
        "startedAt": "2026-11-20T09:30:00.100Z",
        "completedAt": "2026-11-20T09:30:00.180Z",
        "results": event_results(n),
    }


def batch_response_bytes(n: int = BATCH) -> bytes:
    return json.dumps(batch_response(n), separators=(",", ":")).encode()


#: The email-create endpoints' path ends so; the server answers them with ``subscriber_response``.
EMAIL_CREATE = "/email-create"
EVENT_ID = "webinar-1"


def email_subscribers(n: int = BATCH) -> list[dict[str, Any]]:
    """``n`` attendees by email, as a user passes them to ``attendance.record_by_email``."""
    return [
        {"email": f"attendee-{i}@example.com", "interactionDateTime": 1764576000000 + i}
        for i in range(n)
    ]


def subscriber_response(n: int = BATCH) -> dict[str, Any]:
    """HubSpot's answer to an email-create batch: each contact's email and vid."""
    return {
        "status": "COMPLETE",
        "startedAt": "2026-11-20T09:30:00.100Z",
        "completedAt": "2026-11-20T09:30:00.180Z",
        "results": [{"email": f"attendee-{i}@example.com", "vid": 9001 + i} for i in range(n)],
    }


def subscriber_response_bytes(n: int = BATCH) -> bytes:
    return json.dumps(subscriber_response(n), separators=(",", ":")).encode()
