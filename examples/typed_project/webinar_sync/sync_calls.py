"""Every method of the blocking client, ``HubSpotEvents``, with its result type pinned.

The inputs are written as users write them: generated models, TypedDicts of the API's JSON
shape from ``hubspot_events.types``, bare emails and contact ids, ``Literal`` states.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, assert_type

from hubspot_events import BatchResult, HubSpotEvents, Pager, SubscriberState
from hubspot_events.types import (
    ContactSubscriberParam,
    EmailSubscriberParam,
    EventBatchUpdateParam,
    EventInputParam,
    EventUpdateParam,
    ParticipationStateName,
    SubscriberStateName,
)
from hubspot_events_generated.models import (
    AppSettings,
    AttendanceCounters,
    Event,
    EventDetails,
    EventIdentifiers,
    EventInfo,
    EventInput,
    EventObject,
    EventSummary,
    Participation,
    PublicList,
    SearchResult,
    SubscriberResult,
    VidResult,
)

ACCOUNT = "zoom-42"
START = datetime(2030, 5, 1, 16, 0, tzinfo=UTC)
END = datetime(2030, 5, 1, 17, 0, tzinfo=UTC)


def webinar(external_event_id: str) -> EventInputParam:
    """An event in HubSpot's JSON shape; the checker knows its keys."""
    return {
        "externalEventId": external_event_id,
        "eventName": "Launch webinar",
        "eventOrganizer": "Acme",
        "startDateTime": START,
        "endDateTime": END,
        "customProperties": {"room": "A"},
    }


def events(hs: HubSpotEvents) -> None:
    model = EventInput(
        external_account_id=ACCOUNT,
        external_event_id="w-2",
        event_name="Workshop",
        event_organizer="Acme",
    )
    upserted = hs.events.upsert([webinar("w-1"), model])
    assert_type(upserted, BatchResult[Event])
    assert_type(upserted.results, list[Event])
    assert_type(hs.events.create(webinar("w-3")), EventInfo)
    assert_type(hs.events.upsert_one("w-1", webinar("w-1")), Event)
    assert_type(hs.events.get("w-1"), EventDetails | EventSummary)
    assert_type(hs.events.get(object_id="123"), EventDetails | EventSummary)
    change: EventUpdateParam = {"eventName": "Launch webinar (new date)", "startDateTime": START}
    assert_type(hs.events.update("w-1", change), Event | EventObject)
    assert_type(
        hs.events.update(object_id="123", fields={"eventCancelled": True}), Event | EventObject
    )
    assert_type(hs.events.delete("w-1"), None)
    assert_type(
        hs.events.delete_many(external_event_ids=["w-1", "w-2"]), BatchResult[dict[str, Any]]
    )
    assert_type(hs.events.delete_many(object_ids=[123, "456"]), BatchResult[dict[str, Any]])
    updates: list[EventBatchUpdateParam] = [{"objectId": 123, "eventName": "Renamed"}]
    assert_type(hs.events.update_many(updates), BatchResult[EventObject])
    assert_type(hs.events.cancel("w-1"), EventInfo)
    assert_type(hs.events.complete("w-1", START, END.isoformat()), EventInfo)
    assert_type(hs.events.search("w-"), list[SearchResult])
    assert_type(hs.events.identifiers("w-1"), list[EventIdentifiers])
    listed = hs.events.list(page_size=50)
    assert_type(listed, Pager[EventSummary])
    for summary in listed:
        assert_type(summary, EventSummary)
    for page in listed.pages():
        assert_type(page.items, list[EventSummary])


def attendance(hs: HubSpotEvents, state: SubscriberStateName) -> None:
    people: list[EmailSubscriberParam | str] = [
        {"email": "ada@example.com", "interactionDateTime": START},
        "grace@example.com",
    ]
    by_email = hs.attendance.record_by_email(state, people, external_event_id="w-1")
    assert_type(by_email, BatchResult[SubscriberResult])
    assert_type(by_email.results, list[SubscriberResult])
    contacts: list[ContactSubscriberParam | int] = [{"vid": 101}, 102]
    by_vid = hs.attendance.record_by_contact_id(SubscriberState.ATTEND, contacts, object_id="123")
    assert_type(by_vid, BatchResult[VidResult])


def subscriber_state(hs: HubSpotEvents) -> None:
    emails = (f"user{n}@example.com" for n in range(3))  # any iterable: a generator
    by_email = hs.subscriber_state.upsert_by_email("register", emails, external_event_id="w-1")
    assert_type(by_email, BatchResult[dict[str, Any]])
    by_vid = hs.subscriber_state.upsert_by_contact_id(
        "cancel", [101, 102], external_event_id="w-1", external_account_id=ACCOUNT
    )
    assert_type(by_vid, BatchResult[dict[str, Any]])


def participations(hs: HubSpotEvents, state: ParticipationStateName) -> None:
    assert_type(hs.participations.counters("w-1"), AttendanceCounters)
    assert_type(hs.participations.counters(object_id=123), AttendanceCounters)
    breakdown = hs.participations.breakdown("w-1", state=state)
    assert_type(breakdown, Pager[Participation])
    people: Iterator[Participation] = iter(breakdown)
    assert_type(next(people), Participation)
    assert_type(hs.participations.for_contact("ada@example.com"), Pager[Participation])


def lists(hs: HubSpotEvents) -> None:
    assert_type(hs.lists.associated("w-1"), list[PublicList])
    assert_type(hs.lists.associate("42", object_id="123"), None)
    assert_type(hs.lists.disassociate("42", "w-1", ACCOUNT), None)


def settings(hs: HubSpotEvents) -> None:
    assert_type(hs.settings.get(), AppSettings)
    assert_type(hs.settings.update("https://example.com/events/{id}", app_id=7), AppSettings)


def run_all(hs: HubSpotEvents) -> None:
    """Each area in turn (what an application's sync job might call)."""
    events(hs)
    attendance(hs, "attend")
    subscriber_state(hs)
    participations(hs, "ATTENDED")
    lists(hs)
    settings(hs)
