"""The shapes of what the client's methods take, for the type checker: ``hubspot_events.types``.

Why TypedDicts: most callers build inputs as dicts in HubSpot's JSON shape (read from a file, a
database, another API). Typed as ``Mapping[str, Any]``, a typo (``"eventOrganiser"``) or a
missing field would pass ``mypy`` and fail only when the batch runs. Each ``...Param`` below has
the field names of its schema in the curated spec (``tests/test_param_types.py`` keeps them in
step), so the checker catches those before anything is sent::

    from hubspot_events.types import EventInputParam

    event: EventInputParam = {
        "externalEventId": "w-1", "eventName": "Launch", "eventOrganizer": "Acme"
    }
    hs.events.upsert([event])

These are static types only: at run time the methods still take any mapping (or the generated
model) and check each input, failing a bad one alone with ``INVALID_INPUT`` in the
``BatchResult``. Where the client fills a field the spec requires (``externalAccountId`` from the
client's default, ``interactionDateTime`` as now, ``customProperties`` as ``[]`` on updates), the
field is ``NotRequired`` here. Value types are the API's, plus what the client converts for you:
an aware ``datetime`` for a date-time, a mapping of name to value for ``customProperties``.
"""

# No ``from __future__ import annotations``: Python 3.11 does not see ``Required``/``NotRequired``
# in string annotations, and the required keys would be wrong at run time.
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal, NotRequired, Required, TypeAlias, TypedDict

from hubspot_events_generated.models.property_value import PropertyValue

__all__ = [
    "ContactSubscriberParam",
    "CustomProperties",
    "DateTime",
    "EmailSubscriberParam",
    "EventBatchUpdateParam",
    "EventInputParam",
    "EventObjectUpdateParam",
    "EventReplaceParam",
    "EventUpdateParam",
    "ExternalEventKeyParam",
    "ObjectIdParam",
    "ParticipationStateName",
    "PropertyValueParam",
    "SubscriberStateName",
]

#: A participation state to record (attendance, subscriber_state): the spec's ``SubscriberState``.
#: ``hubspot_events.SubscriberState`` (an enum) is accepted as well.
SubscriberStateName: TypeAlias = Literal["register", "attend", "cancel"]

#: A participation state to filter a breakdown by (``participations.breakdown(state=...)``,
#: ``participations.for_contact(state=...)``): the spec's ``ParticipationStateFilter``.
ParticipationStateName: TypeAlias = Literal["REGISTERED", "ATTENDED", "CANCELLED", "NO_SHOW"]

#: An event date-time: an RFC 3339 string with a UTC offset, or an aware ``datetime``.
DateTime: TypeAlias = str | datetime


class PropertyValueParam(TypedDict):
    """One custom property of an event: ``{"name": "room", "value": "A"}`` (spec:
    ``PropertyValue``). No other key is accepted."""

    name: str
    value: str


#: ``customProperties``: a list of ``{"name", "value"}`` (the API's shape), or a mapping of
#: name to value that the client turns into that list.
CustomProperties: TypeAlias = Sequence[PropertyValueParam | PropertyValue] | Mapping[str, str]


class _EventObjectFieldsParam(TypedDict, total=False):
    """The optional fields every event shape shares (not a shape of its own)."""

    eventType: str
    eventDescription: str
    eventUrl: str
    startDateTime: DateTime
    endDateTime: DateTime
    eventCancelled: bool
    customProperties: CustomProperties


class _EventFieldsParam(_EventObjectFieldsParam, total=False):
    """Those fields and ``eventCompleted``, which only the external-id shapes have."""

    eventCompleted: bool


class EventInputParam(_EventFieldsParam, total=False):
    """An event to create or replace (spec: ``EventInput``): ``events.upsert``, ``events.create``,
    ``events.upsert_one``. ``externalAccountId`` falls back to the client's
    ``external_account_id``."""

    externalAccountId: str
    externalEventId: Required[str]
    eventName: Required[str]
    eventOrganizer: Required[str]


class EventReplaceParam(_EventFieldsParam, total=False):
    """An event for ``events.upsert_one(external_event_id, event)`` (spec: ``EventInput``): as
    :class:`EventInputParam`, but ``externalEventId`` may be left out (the argument names it)."""

    externalAccountId: str
    externalEventId: str
    eventName: Required[str]
    eventOrganizer: Required[str]


class EventUpdateParam(_EventFieldsParam, total=False):
    """The fields to change on an event named by external id (spec: ``EventUpdate``):
    ``events.update(external_event_id=..., fields)``. Give at least one."""

    eventName: str
    eventOrganizer: str


class EventObjectUpdateParam(_EventObjectFieldsParam, total=False):
    """The fields to change on an event named by object id (spec: ``EventObjectUpdate``):
    ``events.update(object_id=..., fields)``. Unlike :class:`EventUpdateParam`, no
    ``eventCompleted``. An absent ``customProperties`` is sent as ``[]`` (no change)."""

    eventName: str
    eventOrganizer: str


class EventBatchUpdateParam(EventObjectUpdateParam, total=False):
    """One event of ``events.update_many``, named by HubSpot's ``objectId`` (spec:
    ``EventObjectUpdateItem``); the other fields as in :class:`EventObjectUpdateParam`."""

    objectId: Required[str | int]


class EmailSubscriberParam(TypedDict):
    """A participant named by email (spec: ``EmailSubscriber``): ``attendance.record_by_email``,
    ``subscriber_state.upsert_by_email``. A bare email string is accepted too. A missing
    ``interactionDateTime`` (epoch milliseconds, or an aware ``datetime``) means now."""

    email: str
    interactionDateTime: NotRequired[int | datetime]
    properties: NotRequired[Mapping[str, str]]
    contactProperties: NotRequired[Mapping[str, str]]


class ContactSubscriberParam(TypedDict):
    """A participant named by HubSpot contact id (spec: ``ContactSubscriber``):
    ``attendance.record_by_contact_id``, ``subscriber_state.upsert_by_contact_id``. A bare int
    is accepted as the ``vid``. A missing ``interactionDateTime`` means now."""

    vid: int
    interactionDateTime: NotRequired[int | datetime]
    properties: NotRequired[Mapping[str, str]]


class ExternalEventKeyParam(TypedDict):
    """One event of ``events.delete_many(external_event_ids=...)`` (spec: ``ExternalEventKey``);
    a bare external event id string is accepted too. ``appId`` and ``externalAccountId`` fall
    back to the call's (or the client's) ``app_id`` and ``external_account_id``."""

    externalEventId: str
    externalAccountId: NotRequired[str]
    appId: NotRequired[int]


class ObjectIdParam(TypedDict):
    """One event of ``events.delete_many(object_ids=...)`` (spec: ``ObjectIdInput``); a bare
    object id (str or int) is accepted too."""

    objectId: str | int
