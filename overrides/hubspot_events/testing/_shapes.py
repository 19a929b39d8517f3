"""State records rendered in HubSpot's response shapes (the curated spec's schemas).

One function per schema, so the tests that validate every response against the spec pin these
shapes, and the handlers never build JSON by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

from ._state import Contact, ContactList, Counters, Event, Participation

JSON = dict[str, Any]

APP_NAME: Final = "hubspot-events fake app"


def iso_ms(epoch_ms: int) -> str:
    """Epoch milliseconds as HubSpot writes instants: UTC, millisecond precision, ``Z``."""
    moment = datetime.fromtimestamp(epoch_ms / 1000, UTC)
    # %Y does not zero-pad years before 1000, which would not be an RFC 3339 date-time.
    return f"{moment.year:04d}" + moment.strftime("-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}Z"


def iso(moment: datetime) -> str:
    """An aware datetime the same way as ``iso_ms``."""
    return iso_ms(round(moment.timestamp() * 1000))


def _optional_fields(event: Event) -> JSON:
    fields: JSON = {}
    for name, value in (
        ("eventType", event.event_type),
        ("eventDescription", event.event_description),
        ("eventUrl", event.event_url),
        ("eventCancelled", event.event_cancelled),
        ("eventCompleted", event.event_completed),
    ):
        if value is not None:
            fields[name] = value
    if event.start_date_time is not None:
        fields["startDateTime"] = iso(event.start_date_time)
    if event.end_date_time is not None:
        fields["endDateTime"] = iso(event.end_date_time)
    return fields


def _properties(event: Event) -> list[JSON]:
    return [{"name": name, "value": value} for name, value in event.custom_properties.items()]


def _counts(counters: Counters) -> JSON:
    return {
        "registrants": counters.registered,
        "attendees": counters.attended,
        "cancellations": counters.cancelled,
        "noShows": counters.no_shows,
    }


def _described(event: Event) -> JSON:
    """The fields every event shape shares: name, organizer, the optional ones, properties."""
    return {
        "eventName": event.event_name,
        "eventOrganizer": event.event_organizer,
        **_optional_fields(event),
        "customProperties": _properties(event),
    }


def _stamps(event: Event) -> JSON:
    return {"createdAt": iso_ms(event.created_at), "updatedAt": iso_ms(event.updated_at)}


def event(event: Event) -> JSON:
    """``Event`` (what upsert returns per input)."""
    return {
        "id": event.object_id,
        "objectId": event.object_id,
        **_described(event),
        **_stamps(event),
    }


def event_details(event: Event, counters: Counters) -> JSON:
    """``EventDetails`` (get_event): the event plus its participation counts."""
    return {
        "id": event.object_id,
        "objectId": event.object_id,
        "externalEventId": event.external_event_id,
        **_described(event),
        **_counts(counters),
        **_stamps(event),
    }


def app_info(app_id: int) -> JSON:
    """``AppInfo``: the app that created an event."""
    return {"id": str(app_id), "name": APP_NAME}


def event_summary(event: Event, counters: Counters) -> JSON:
    """``EventSummary`` (one item of list_events, and get_event_by_object_id)."""
    return {
        "objectId": event.object_id,
        "externalEventId": event.external_event_id,
        "appInfo": app_info(event.app_id),
        **_described(event),
        **_counts(counters),
        **_stamps(event),
    }


def event_info(event: Event) -> JSON:
    """``EventInfo`` (what create, cancel and complete return)."""
    return {"objectId": event.object_id, **_described(event)}


def event_object(event: Event) -> JSON:
    """``EventObject`` (what the object-id updates return)."""
    return {
        "objectId": event.object_id,
        "appInfo": app_info(event.app_id),
        **_described(event),
        **_stamps(event),
    }


def search_result(event: Event) -> JSON:
    """``SearchResult`` (one item of search_events)."""
    return {
        "objectId": event.object_id,
        "appId": event.app_id,
        "externalAccountId": event.external_account_id,
        "externalEventId": event.external_event_id,
    }


def identifiers(event: Event) -> JSON:
    """``EventIdentifiers`` (one item of get_identifiers)."""
    return {
        "objectId": event.object_id,
        "appInfo": app_info(event.app_id),
        "externalAccountId": event.external_account_id,
        "externalEventId": event.external_event_id,
        "marketingEventName": event.event_name,
    }


def public_list(contact_list: ContactList) -> JSON:
    """``PublicList`` (one item of the list-association reads): a static contact list."""
    return {
        "listId": contact_list.list_id,
        "listVersion": 1,
        "name": contact_list.name,
        "objectTypeId": "0-1",
        "processingStatus": "COMPLETE",
        "processingType": "MANUAL",
        "createdAt": iso_ms(contact_list.created_at),
        "updatedAt": iso_ms(contact_list.created_at),
    }


def app_settings(app_id: int, event_details_url: str) -> JSON:
    """``AppSettings`` (both settings operations)."""
    return {"appId": app_id, "eventDetailsUrl": event_details_url}


def vid_result(contact: Contact) -> JSON:
    """``VidResult`` (one item of a by-contact-id create response)."""
    return {"vid": contact.vid}


def subscriber_result(contact: Contact) -> JSON:
    """``SubscriberResult`` (one item of an email-create response)."""
    return {"email": contact.email, "vid": contact.vid}


def participation(
    event: Event, contact: Contact, participation: Participation, completed: bool
) -> JSON:
    """``Participation`` (one item of the breakdown)."""
    contact_json: JSON = {"contactId": str(contact.vid), "email": contact.email}
    for name in ("firstname", "lastname"):
        if name in contact.properties:
            contact_json[name] = contact.properties[name]
    properties: JSON = {
        "attendanceState": participation.attendance_state(completed),
        "occurredAt": participation.occurred_at,
    }
    seconds = participation.attendance_seconds()
    if seconds is not None:
        properties["attendanceDurationSeconds"] = seconds
        if event.start_date_time is not None and event.end_date_time is not None:
            length = (event.end_date_time - event.start_date_time).total_seconds()
            if length > 0:
                properties["attendancePercentage"] = f"{min(100.0, 100 * seconds / length):.0f}"
    return {
        "id": participation.id,
        "createdAt": iso_ms(participation.created_at),
        "associations": {
            "contact": contact_json,
            "marketingEvent": {
                "marketingEventId": event.object_id,
                "externalAccountId": event.external_account_id,
                "externalEventId": event.external_event_id,
                "name": event.event_name,
            },
        },
        "properties": properties,
    }


def delete_batch(errors: list[JSON], started_ms: int, completed_ms: int) -> JSON:
    """``DeleteBatchResponse``: only sent (with 207) when some input could not be deleted."""
    return {
        "status": "COMPLETE",
        "startedAt": iso_ms(started_ms),
        "completedAt": iso_ms(completed_ms),
        "numErrors": len(errors),
        "errors": errors,
    }


def batch(results: list[JSON], errors: list[JSON], started_ms: int, completed_ms: int) -> JSON:
    """A batch envelope; ``numErrors`` / ``errors`` only when some input failed (then HTTP 207)."""
    body: JSON = {
        "status": "COMPLETE",
        "results": results,
        "startedAt": iso_ms(started_ms),
        "completedAt": iso_ms(completed_ms),
    }
    if errors:
        body["numErrors"] = len(errors)
        body["errors"] = errors
    return body
