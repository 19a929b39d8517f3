"""Models read from HubSpot print readably: a field the answer left out shows as ``UNSET``, not
as ``<hubspot_events_generated.types.Unset object at 0x...>`` (spec/templates/types.py.jinja)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hubspot_events import HubSpotEvents
from hubspot_events.testing import FakeHubSpot
from hubspot_events_generated.types import UNSET, Unset


@pytest.fixture(scope="module")
def answers() -> Iterator[dict[str, Any]]:
    """One model of each kind a typical session reads, from the fake HubSpot's answers."""
    with FakeHubSpot().client(external_account_id="zoom-42", rate_limit=None) as hs:
        yield _read_everything(hs)


def _read_everything(hs: HubSpotEvents) -> dict[str, Any]:
    upserted = hs.events.upsert(
        [{"externalEventId": "w-1", "eventName": "Launch", "eventOrganizer": "Acme"}]
    )
    details = hs.events.get("w-1")
    recorded = hs.attendance.record_by_email("attend", ["ada@example.com"], external_event_id="w-1")
    return {
        "Event": upserted.results[0],
        "EventDetails": details,
        "EventSummary": hs.events.get(object_id=details.object_id),
        "SubscriberResult": recorded.results[0],
        "Participation": next(iter(hs.participations.breakdown("w-1"))),
        "AttendanceCounters": hs.participations.counters("w-1"),
    }


KINDS = ["Event", "EventDetails", "EventSummary", "SubscriberResult", "Participation"]


@pytest.mark.parametrize("kind", [*KINDS, "AttendanceCounters"])
def test_a_models_repr_shows_no_marker_object(kind: str, answers: dict[str, Any]) -> None:
    model = answers[kind]

    assert type(model).__name__ == kind
    assert "Unset object" not in repr(model)
    assert " at 0x" not in repr(model)


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        ("Event", ["event_name='Launch'", "event_organizer='Acme'", "event_type=UNSET"]),
        ("EventDetails", ["external_event_id='w-1'", "attendees=0", "event_url=UNSET"]),
        ("EventSummary", ["external_event_id='w-1'", "event_description=UNSET"]),
        ("SubscriberResult", ["email='ada@example.com'", "vid="]),
        ("Participation", ["attendance_state='ATTENDED'", "attendance_duration_seconds=UNSET"]),
    ],
)
def test_a_models_repr_shows_its_fields_and_unset_ones_as_unset(
    kind: str, shown: list[str], answers: dict[str, Any]
) -> None:
    text = repr(answers[kind])

    assert [field for field in shown if field not in text] == []


def test_unset_prints_as_its_name_and_is_still_false() -> None:
    assert repr(UNSET) == "UNSET"
    assert not UNSET
    assert isinstance(UNSET, Unset)
