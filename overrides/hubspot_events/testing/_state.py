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


@dataclass(slots=True)
class _Roster:
    participations: list[Participation] = field(default_factory=list)
    by_vid: dict[int, Participation] = field(default_factory=dict)
    counts: dict[str, int] = field(
        default_factory=lambda: {REGISTERED: 0, ATTENDED: 0, CANCELLED: 0}
    )


class State:
    """Everything the fake HubSpot account holds. Read freely in tests; mutate via the methods."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._clear()

    def reset(self) -> None:
        """Forget everything (ids start over too)."""
        with self.lock:
            self._clear()

    def _clear(self) -> None:
        self.events: dict[tuple[str, str], Event] = {}
        """Events by (externalAccountId, externalEventId)."""
        self.events_by_id: dict[str, Event] = {}
        """Events by objectId."""
        self.contacts: dict[str, Contact] = {}
        """Contacts by lower-cased email."""
        self.contacts_by_vid: dict[int, Contact] = {}
        self.participations: dict[tuple[str, int], Participation] = {}
        """Participations by (event objectId, contact vid)."""
        self._event_order: list[Event] = []
        self._by_external_id: dict[str, list[Event]] = {}
        self._rosters: dict[str, _Roster] = {}
        self._next_vid = FIRST_VID
        self._next_object_id = FIRST_OBJECT_ID
        self._next_participation_id = FIRST_PARTICIPATION_ID

    # -- reads ---------------------------------------------------------------------------------

    def event(self, external_account_id: str, external_event_id: str) -> Event | None:
        """The event with these external ids, if any."""
        return self.events.get((external_account_id, external_event_id))

    def events_with_external_id(self, external_event_id: str) -> list[Event]:
        """Every event with this externalEventId, whatever its externalAccountId."""
        return list(self._by_external_id.get(external_event_id, ()))

    def all_events(self) -> list[Event]:
        """Every event, in creation order (the order list_events pages through)."""
        with self.lock:
            return list(self._event_order)

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
    ) -> Event:
        """Create or update an event from an ``EventInput``-shaped mapping.

        Fields absent from ``fields`` keep their value; ``customProperties`` merge by name.
        """
        with self.lock:
            key = (external_account_id, external_event_id)
            event = self.events.get(key)
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
                )
                self.events[key] = event
                self.events_by_id[object_id] = event
                self._event_order.append(event)
                self._by_external_id.setdefault(external_event_id, []).append(event)
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
            else:
                old = participation.base_state
            participation.apply(Interaction(state, occurred_at, dict(properties), now_ms, source))
            new = participation.base_state
            if new != old:
                if old is not None:
                    roster.counts[old] -= 1
                roster.counts[new] += 1
            return participation
