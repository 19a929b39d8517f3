"""Every method of ``AsyncHubSpotEvents``, with its result type pinned.

Reads and batches are awaited; list-like reads return an ``AsyncPager`` (``async for``), not a
coroutine. Batch methods take async iterables too: rows can stream from an async source.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, assert_type

from hubspot_events import AsyncHubSpotEvents, AsyncPager, BatchResult, SubscriberState
from hubspot_events.types import (
    ContactSubscriberParam,
    EmailSubscriberParam,
    EventBatchUpdateParam,
    EventInputParam,
    ParticipationStateName,
)
from hubspot_events_generated.models import (
    AppSettings,
    AttendanceCounters,
    Event,
    EventDetails,
    EventIdentifiers,
    EventInfo,
    EventObject,
    EventSummary,
    Participation,
    PublicList,
    SearchResult,
    SubscriberResult,
    VidResult,
)

from webinar_sync.sync_calls import END, START, webinar


async def webinars_from_a_queue(count: int) -> AsyncIterator[EventInputParam]:
    """Events as an async source yields them (a queue, an async database cursor)."""
    for n in range(count):
        yield webinar(f"w-{n}")


async def registrants(count: int) -> AsyncIterator[EmailSubscriberParam]:
    for n in range(count):
        yield {"email": f"user{n}@example.com", "properties": {"source": "zoom"}}


async def events(hs: AsyncHubSpotEvents) -> None:
    upserted = await hs.events.upsert(webinars_from_a_queue(1_000))
    assert_type(upserted, BatchResult[Event])
    assert_type(upserted.results, list[Event])
    assert_type(await hs.events.create(webinar("w-3")), EventInfo)
    assert_type(await hs.events.upsert_one("w-1", webinar("w-1")), Event)
    assert_type(await hs.events.get("w-1"), EventDetails | EventSummary)
    assert_type(await hs.events.update("w-1", {"eventName": "New"}), Event | EventObject)
    assert_type(await hs.events.delete(object_id="123"), None)
    assert_type(
        await hs.events.delete_many(external_event_ids=["w-1"]), BatchResult[dict[str, Any]]
    )
    updates: list[EventBatchUpdateParam] = [{"objectId": "123", "eventCancelled": True}]
    assert_type(await hs.events.update_many(updates), BatchResult[EventObject])
    assert_type(await hs.events.cancel("w-1"), EventInfo)
    assert_type(await hs.events.complete("w-1", START, END), EventInfo)
    assert_type(await hs.events.search("w-"), list[SearchResult])
    assert_type(await hs.events.identifiers("w-1"), list[EventIdentifiers])
    listed = hs.events.list()
    assert_type(listed, AsyncPager[EventSummary])
    async for summary in listed:
        assert_type(summary, EventSummary)
    async for page in listed.pages():
        assert_type(page.items, list[EventSummary])


async def attendance(hs: AsyncHubSpotEvents) -> None:
    by_email = await hs.attendance.record_by_email(
        "register", registrants(5_000), external_event_id="w-1"
    )
    assert_type(by_email, BatchResult[SubscriberResult])
    contacts: list[ContactSubscriberParam] = [{"vid": 101, "interactionDateTime": START}]
    by_vid = await hs.attendance.record_by_contact_id(
        SubscriberState.ATTEND, contacts, external_event_id="w-1"
    )
    assert_type(by_vid, BatchResult[VidResult])


async def subscriber_state(hs: AsyncHubSpotEvents) -> None:
    by_email = await hs.subscriber_state.upsert_by_email(
        "attend", registrants(10), external_event_id="w-1"
    )
    assert_type(by_email, BatchResult[dict[str, Any]])
    by_vid = await hs.subscriber_state.upsert_by_contact_id(
        SubscriberState.CANCEL, [101], external_event_id="w-1"
    )
    assert_type(by_vid, BatchResult[dict[str, Any]])


async def participations(hs: AsyncHubSpotEvents, state: ParticipationStateName) -> None:
    assert_type(await hs.participations.counters("w-1"), AttendanceCounters)
    breakdown = hs.participations.breakdown(object_id=123, state=state)
    assert_type(breakdown, AsyncPager[Participation])
    async for participation in breakdown:
        assert_type(participation, Participation)
    assert_type(hs.participations.for_contact(101, "REGISTERED"), AsyncPager[Participation])


async def lists(hs: AsyncHubSpotEvents) -> None:
    assert_type(await hs.lists.associated(object_id="123"), list[PublicList])
    assert_type(await hs.lists.associate("42", "w-1"), None)
    assert_type(await hs.lists.disassociate("42", object_id="123"), None)


async def settings(hs: AsyncHubSpotEvents) -> None:
    assert_type(await hs.settings.get(app_id=7), AppSettings)
    assert_type(await hs.settings.update("https://example.com/e/{id}"), AppSettings)


async def run_all(hs: AsyncHubSpotEvents) -> None:
    async with hs:
        await events(hs)
        await attendance(hs)
        await subscriber_state(hs)
        await participations(hs, "ATTENDED")
        await lists(hs)
        await settings(hs)
