"""The fake's in-memory HubSpot account: marketing events, contacts and participations.

Kept apart from HTTP so that tests can seed and inspect it directly (``fake.state``) and so that
the participation rules (which state wins, what the counters count) live in one place. One
re-entrant lock guards every mutation: the same fake may be driven at once from a test's event
loop, a sync transport's private loop and a uvicorn thread.

Participation rules (HubSpot does not document them; the fake's choice):

* a contact's *current* state for an event is ``ATTENDED`` once any ``attend`` was recorded
  (attendance is a fact a later ``cancel`` cannot undo); otherwise the ``register`` / ``cancel``
  with the latest ``interactionDateTime`` wins (ties: the later request), so out-of-order history
  pushes converge to the same state;
* a ``REGISTERED`` contact of an event marked ``eventCompleted`` is a ``NO_SHOW``;
* the counters partition the event's participants by current state: each contact counts exactly
  once, in ``registered``, ``attended``, ``cancelled`` or ``noShows`` (attendees are not also
  counted as registrants), so ``counters[s] == breakdown(state=s).total`` and the four add up to
  ``breakdown().total``.

Apps: HubSpot scopes external ids to the app that created the event. The fake is one app
(``app_id``); ``events`` holds its events by (externalAccountId, externalEventId), and events of
other apps (seeded with ``fake.add_event(..., app_id=...)``) live beside them, visible to the
object-id operations and to ``get_identifiers`` only. Deleting an event takes its participations
and list associations with it, so no counter, breakdown or list read ever mentions it again.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Literal, NamedTuple

from ._spec import parse_date_time

SubscriberState = Literal["register", "attend", "cancel"]
"""The state a request records (the path's ``subscriberState``)."""

REGISTERED: Final = "REGISTERED"
ATTENDED: Final = "ATTENDED"
CANCELLED: Final = "CANCELLED"
NO_SHOW: Final = "NO_SHOW"
ATTENDANCE_STATES: Final = (REGISTERED, ATTENDED, CANCELLED, NO_SHOW)
"""The ``attendanceState`` values the fake reports, and accepts as the breakdown's ``state``."""

RECORDED_STATE: Final[Mapping[str, str]] = {
    "register": REGISTERED,
    "attend": ATTENDED,
    "cancel": CANCELLED,
}

DEFAULT_APP_ID: Final = 4_242_424
"""The fake's own app id unless ``FakeHubSpot(app_id=...)`` says otherwise."""
FIRST_VID: Final = 1001
FIRST_OBJECT_ID: Final = 50_000_001
FIRST_PARTICIPATION_ID: Final = 90_000_001

_EVENT_FIELDS: Final = (
    ("eventName", "event_name"),
    ("eventOrganizer", "event_organizer"),
    ("eventType", "event_type"),
    ("eventDescription", "event_description"),
    ("eventUrl", "event_url"),
    ("startDateTime", "start_date_time"),
    ("endDateTime", "end_date_time"),
    ("eventCancelled", "event_cancelled"),
    ("eventCompleted", "event_completed"),
)
_DATE_FIELDS: Final = frozenset({"start_date_time", "end_date_time"})
_EPOCH_MS: Final = re.compile(r"\d{10,14}\Z")


@dataclass(slots=True)
class Contact:
    """A HubSpot contact: ``email`` is stored lower-cased, as HubSpot does."""

    vid: int
    email: str
    properties: dict[str, str]
    created_at: int
    """Epoch milliseconds (the fake's clock)."""


@dataclass(slots=True)
class Event:
    """A marketing event created through the fake (or seeded with ``fake.add_event``)."""

    object_id: str
    external_account_id: str
    external_event_id: str
    event_name: str
    event_organizer: str
    created_at: int
    updated_at: int
    app_id: int = DEFAULT_APP_ID
    """The app that created the event (external-id endpoints only see their own app's)."""
    event_type: str | None = None
    event_description: str | None = None
    event_url: str | None = None
    start_date_time: datetime | None = None
    end_date_time: datetime | None = None
    event_cancelled: bool | None = None
    event_completed: bool | None = None
    custom_properties: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        """(externalAccountId, externalEventId): how external-id endpoints find the event."""
        return (self.external_account_id, self.external_event_id)


@dataclass(frozen=True, slots=True)
class Interaction:
    """One recorded state change of a contact for an event (one input of one request)."""

    state: str
    """``register``, ``attend`` or ``cancel``."""
    occurred_at: int
    """The input's ``interactionDateTime`` (epoch milliseconds)."""
    properties: Mapping[str, str]
    """The input's event-side ``properties`` (e.g. ``joinedAt`` / ``leftAt`` for attend)."""
    recorded_at: int
    """When the fake recorded it (epoch milliseconds, the fake's clock)."""
    source: str
    """The operation id that recorded it (``upsert_by_email``, ``record_by_email_object_id``...)."""


@dataclass(slots=True)
class Participation:
    """A contact's participation in an event: its history and the state derived from it."""

    id: str
    object_id: str
    vid: int
    created_at: int
    history: list[Interaction] = field(default_factory=list)
    attended_at: int | None = None
    """``occurred_at`` of the latest ``attend``; None if the contact never attended."""
    latest: tuple[int, int, str] | None = None
    """(occurred_at, arrival, state) of the latest ``register`` / ``cancel``."""

    @property
    def base_state(self) -> str:
        """REGISTERED, ATTENDED or CANCELLED: the state before the event's completion is applied."""
        if self.attended_at is not None:
            return ATTENDED
        assert self.latest is not None
        return RECORDED_STATE[self.latest[2]]

    def attendance_state(self, completed: bool) -> str:
        """The reported ``attendanceState``: registrants of a completed event are ``NO_SHOW``."""
        state = self.base_state
        return NO_SHOW if completed and state == REGISTERED else state

    @property
    def occurred_at(self) -> int:
        """When the interaction that decides the current state happened."""
        if self.attended_at is not None:
            return self.attended_at
        assert self.latest is not None
        return self.latest[0]

    def attendance_seconds(self) -> int | None:
        """Total seconds between ``joinedAt`` and ``leftAt`` over the attend records, if known."""
        total: int | None = None
        for item in self.history:
            if item.state != "attend":
                continue
            joined = instant_ms(item.properties.get("joinedAt"))
            left = instant_ms(item.properties.get("leftAt"))
            if joined is not None and left is not None and left >= joined:
                total = (total or 0) + (left - joined) // 1000
        return total

    def apply(self, interaction: Interaction) -> None:
        """Append ``interaction`` and update the derived state (State.record calls this)."""
        arrival = len(self.history)
        self.history.append(interaction)
        if interaction.state == "attend":
            if self.attended_at is None or interaction.occurred_at >= self.attended_at:
                self.attended_at = interaction.occurred_at
            return
        candidate = (interaction.occurred_at, arrival, interaction.state)
        if self.latest is None or candidate > self.latest:
            self.latest = candidate


class Counters(NamedTuple):
    """An event's participation counters (``AttendanceCounters``)."""

    registered: int
    attended: int
    cancelled: int
    no_shows: int

    def as_json(self) -> dict[str, int]:
        """HubSpot's ``AttendanceCounters`` shape."""
        return {
            "registered": self.registered,
            "attended": self.attended,
            "cancelled": self.cancelled,
            "noShows": self.no_shows,
        }

    def of(self, attendance_state: str) -> int:
        """The counter of one ``attendanceState`` (REGISTERED, ATTENDED, CANCELLED, NO_SHOW)."""
        return {
            REGISTERED: self.registered,
            ATTENDED: self.attended,
            CANCELLED: self.cancelled,
            NO_SHOW: self.no_shows,
        }[attendance_state]


def instant_ms(value: str | None) -> int | None:
    """``joinedAt`` / ``leftAt`` as epoch milliseconds: epoch ms digits or an RFC 3339 string."""
    if not value:
        return None
    if _EPOCH_MS.match(value):
        return int(value)
    parsed = parse_date_time(value)
    return None if parsed is None else int(parsed.timestamp() * 1000)


@dataclass(frozen=True, slots=True)
class ContactList:
    """A HubSpot contact list (ILS list) that events can be associated with (``fake.add_list``)."""

    list_id: str
    name: str
    created_at: int
    """Epoch milliseconds (the fake's clock)."""


@dataclass(slots=True)
class _Roster:
    participations: list[Participation] = field(default_factory=list)
    by_vid: dict[int, Participation] = field(default_factory=dict)
    counts: dict[str, int] = field(
        default_factory=lambda: {REGISTERED: 0, ATTENDED: 0, CANCELLED: 0}
    )


class State:
    """Everything the fake HubSpot account holds. Read freely in tests; mutate via the methods."""

    def __init__(self, app_id: int = DEFAULT_APP_ID) -> None:
        self.app_id = app_id
        """The fake's own app: the app every request comes from."""
        self.lock = threading.RLock()
        self._clear()

    def reset(self) -> None:
        """Forget everything (ids start over too)."""
        with self.lock:
            self._clear()

    def _clear(self) -> None:
        self.events: dict[tuple[str, str], Event] = {}
        """The fake's own app's events by (externalAccountId, externalEventId)."""
        self.other_apps_events: dict[tuple[int, str, str], Event] = {}
        """Other apps' events by (appId, externalAccountId, externalEventId)."""
        self.events_by_id: dict[str, Event] = {}
        """Events of every app by objectId."""
        self.lists: dict[str, ContactList] = {}
        """Contact lists by listId (seeded with ``fake.add_list``)."""
        self.list_associations: dict[str, dict[str, None]] = {}
        """Event objectId -> the listIds associated with it, in association order."""
        self.settings: dict[int, str] = {}
        """App id -> its eventDetailsUrl."""
        self.contacts: dict[str, Contact] = {}
        """Contacts by lower-cased email."""
        self.contacts_by_vid: dict[int, Contact] = {}
        self.participations: dict[tuple[str, int], Participation] = {}
        """Participations by (event objectId, contact vid)."""
        self._event_order: dict[str, Event] = {}
        self._by_external_id: dict[str, list[Event]] = {}
        self._rosters: dict[str, _Roster] = {}
        self._by_contact: dict[int, dict[str, Participation]] = {}
        self._next_vid = FIRST_VID
        self._next_object_id = FIRST_OBJECT_ID
        self._next_participation_id = FIRST_PARTICIPATION_ID

    # -- reads ---------------------------------------------------------------------------------

    def event(
        self, external_account_id: str, external_event_id: str, app_id: int | None = None
    ) -> Event | None:
        """The event of app ``app_id`` (default: the fake's own) with these external ids."""
        if app_id is None or app_id == self.app_id:
            return self.events.get((external_account_id, external_event_id))
        return self.other_apps_events.get((app_id, external_account_id, external_event_id))

    def events_with_external_id(
        self, external_event_id: str, *, any_app: bool = False
    ) -> list[Event]:
        """Every event of the fake's app (of every app if ``any_app``) with this externalEventId."""
        found = self._by_external_id.get(external_event_id, ())
        return [event for event in found if any_app or event.app_id == self.app_id]

    def all_events(self) -> list[Event]:
        """Every event, in creation order (the order list_events pages through)."""
        with self.lock:
            return list(self._event_order.values())

    def contact(self, email_or_vid: str | int) -> Contact | None:
        """A contact by email (any case) or vid."""
        if isinstance(email_or_vid, int):
            return self.contacts_by_vid.get(email_or_vid)
        return self.contacts.get(email_or_vid.strip().lower())

    def roster(self, event: Event) -> list[Participation]:
        """The event's participations, in the order they were first recorded."""
        roster = self._rosters.get(event.object_id)
        return [] if roster is None else roster.participations

    def participation_of(self, event: Event, vid: int) -> Participation | None:
        """The participation of contact ``vid`` in ``event``, if any."""
        roster = self._rosters.get(event.object_id)
        return None if roster is None else roster.by_vid.get(vid)

    def participations_of_contact(self, vid: int) -> list[Participation]:
        """The contact's participations in every event, in the order they were first recorded."""
        with self.lock:
            return list(self._by_contact.get(vid, {}).values())

    def lists_of(self, event: Event) -> list[ContactList]:
        """The lists associated with ``event``, in association order."""
        with self.lock:
            ids = self.list_associations.get(event.object_id, {})
            return [self.lists[list_id] for list_id in ids]

    def counters_of(self, event: Event) -> Counters:
        """The event's counters (see the module docstring for what they count)."""
        roster = self._rosters.get(event.object_id)
        if roster is None:
            return Counters(0, 0, 0, 0)
        counts = roster.counts
        registered = counts[REGISTERED]
        no_shows = 0
        if event.event_completed:
            registered, no_shows = 0, registered
        return Counters(registered, counts[ATTENDED], counts[CANCELLED], no_shows)

    def _find(
        self, external_account_id: str, external_event_id: str, email: str
    ) -> tuple[Event, Participation | None] | None:
        event = self.event(external_account_id, external_event_id)
        contact = self.contact(email)
        if event is None or contact is None:
            return None
        return event, self.participation_of(event, contact.vid)

    def participation(
        self, external_account_id: str, external_event_id: str, email: str
    ) -> str | None:
        """The contact's current ``attendanceState`` for the event, or None if none recorded."""
        found = self._find(external_account_id, external_event_id, email)
        if found is None:
            return None
        event, participation = found
        if participation is None:
            return None
        return participation.attendance_state(bool(event.event_completed))

    def history(
        self, external_account_id: str, external_event_id: str, email: str
    ) -> list[Interaction]:
        """Every interaction recorded for the contact and event, in arrival order."""
        found = self._find(external_account_id, external_event_id, email)
        if found is None or found[1] is None:
            return []
        return list(found[1].history)

    def counters(self, external_account_id: str, external_event_id: str) -> Counters:
        """The counters of the event with these external ids (KeyError if there is none)."""
        event = self.event(external_account_id, external_event_id)
        if event is None:
            raise KeyError((external_account_id, external_event_id))
        return self.counters_of(event)

    # -- writes --------------------------------------------------------------------------------

    def upsert_event(
        self,
        external_account_id: str,
        external_event_id: str,
        fields: Mapping[str, Any],
        now_ms: int,
        app_id: int | None = None,
    ) -> Event:
        """Create or update an event of app ``app_id`` (default: the fake's own) from an
        ``EventInput``-shaped mapping.

        Fields absent from ``fields`` keep their value; ``customProperties`` merge by name.
        """
        owner = self.app_id if app_id is None else app_id
        with self.lock:
            event = self.event(external_account_id, external_event_id, owner)
            if event is None:
                object_id = str(self._next_object_id)
                self._next_object_id += 1
                event = Event(
                    object_id=object_id,
                    external_account_id=external_account_id,
                    external_event_id=external_event_id,
                    event_name=str(fields.get("eventName", "")),
                    event_organizer=str(fields.get("eventOrganizer", "")),
                    created_at=now_ms,
                    updated_at=now_ms,
                    app_id=owner,
                )
                if owner == self.app_id:
                    self.events[event.key] = event
                else:
                    self.other_apps_events[(owner, *event.key)] = event
                self.events_by_id[object_id] = event
                self._event_order[object_id] = event
                self._by_external_id.setdefault(external_event_id, []).append(event)
            self.update_event(event, fields, now_ms)
            return event

    def update_event(self, event: Event, fields: Mapping[str, Any], now_ms: int) -> Event:
        """Change the fields of ``event`` present in ``fields`` (``customProperties`` merge)."""
        with self.lock:
            for camel, attr in _EVENT_FIELDS:
                if camel in fields:
                    value = fields[camel]
                    if attr in _DATE_FIELDS and isinstance(value, str):
                        value = parse_date_time(value)
                    setattr(event, attr, value)
            for prop in fields.get("customProperties") or ():
                event.custom_properties[str(prop["name"])] = str(prop["value"])
            event.updated_at = now_ms
            return event

    def delete_event(self, event: Event) -> None:
        """Remove ``event`` with its participations and list associations (no-op if gone)."""
        with self.lock:
            if self.events_by_id.pop(event.object_id, None) is None:
                return
            if event.app_id == self.app_id:
                del self.events[event.key]
            else:
                del self.other_apps_events[(event.app_id, *event.key)]
            del self._event_order[event.object_id]
            same_id = self._by_external_id[event.external_event_id]
            same_id[:] = [other for other in same_id if other is not event]
            if not same_id:
                del self._by_external_id[event.external_event_id]
            roster = self._rosters.pop(event.object_id, None)
            for participation in roster.participations if roster else ():
                del self.participations[(event.object_id, participation.vid)]
                by_contact = self._by_contact[participation.vid]
                del by_contact[event.object_id]
                if not by_contact:
                    del self._by_contact[participation.vid]
            self.list_associations.pop(event.object_id, None)

    def add_list(self, list_id: str, name: str, now_ms: int) -> ContactList:
        """Create (or rename) a contact list."""
        with self.lock:
            existing = self.lists.get(list_id)
            created_at = now_ms if existing is None else existing.created_at
            contact_list = self.lists[list_id] = ContactList(list_id, name, created_at)
            return contact_list

    def associate_list(self, event: Event, list_id: str) -> None:
        """Associate list ``list_id`` with ``event`` (again: no change)."""
        with self.lock:
            self.list_associations.setdefault(event.object_id, {})[list_id] = None

    def disassociate_list(self, event: Event, list_id: str) -> None:
        """Remove the association of list ``list_id`` with ``event``, if there is one."""
        with self.lock:
            ids = self.list_associations.get(event.object_id)
            if ids is not None:
                ids.pop(list_id, None)
                if not ids:
                    del self.list_associations[event.object_id]

    def add_contact(
        self, email: str, properties: Mapping[str, str], now_ms: int
    ) -> tuple[Contact, bool]:
        """The contact with this email, created with ``properties`` if missing; (contact, created).

        An existing contact is not updated (as HubSpot's email-create promises).
        """
        with self.lock:
            normalized = email.strip().lower()
            existing = self.contacts.get(normalized)
            if existing is not None:
                return existing, False
            contact = Contact(self._next_vid, normalized, dict(properties), now_ms)
            self._next_vid += 1
            self.contacts[normalized] = contact
            self.contacts_by_vid[contact.vid] = contact
            return contact, True

    def record(
        self,
        event: Event,
        contact: Contact,
        state: str,
        occurred_at: int,
        properties: Mapping[str, str],
        now_ms: int,
        source: str,
    ) -> Participation:
        """Record one state change of ``contact`` for ``event``, keeping the counters in step."""
        with self.lock:
            roster = self._rosters.get(event.object_id)
            if roster is None:
                roster = self._rosters[event.object_id] = _Roster()
            participation = roster.by_vid.get(contact.vid)
            old: str | None = None
            if participation is None:
                participation = Participation(
                    id=str(self._next_participation_id),
                    object_id=event.object_id,
                    vid=contact.vid,
                    created_at=now_ms,
                )
                self._next_participation_id += 1
                roster.participations.append(participation)
                roster.by_vid[contact.vid] = participation
                self.participations[(event.object_id, contact.vid)] = participation
                self._by_contact.setdefault(contact.vid, {})[event.object_id] = participation
            else:
                old = participation.base_state
            participation.apply(Interaction(state, occurred_at, dict(properties), now_ms, source))
            new = participation.base_state
            if new != old:
                if old is not None:
                    roster.counts[old] -= 1
                roster.counts[new] += 1
            return participation
