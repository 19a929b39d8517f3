"""Participation reads: an event's counters and breakdown (by external ids or object id), and one
contact's participations across every event.

Breakdowns page with the fake's opaque cursors; ``total`` counts every participation the filters
(state, contact) let through, so a client can check it paged through everything once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from . import _shapes as shapes
from ._errors import OBJECT_NOT_FOUND, ApiError
from ._handlers_base import (
    DEFAULT_LIMIT,
    JSON,
    Handler,
    HandlerArea,
    Params,
    Reply,
    decode_cursor,
    encode_cursor,
    invalid,
)
from ._state import ATTENDANCE_STATES, Contact, Event, Participation


class Participations(HandlerArea):
    """The operations that read participations."""

    def operations(self) -> dict[str, Handler]:
        return {
            "get_counters": self.get_counters,
            "get_counters_by_object_id": self.get_counters_by_object_id,
            "get_breakdown": self.get_breakdown,
            "get_breakdown_by_object_id": self.get_breakdown_by_object_id,
            "get_contact_breakdown": self.get_contact_breakdown,
        }

    def _contact(self, identifier: str) -> Contact | None:
        ident = identifier.strip()
        return self.state.contact(int(ident) if ident.isdigit() else ident)

    def _state_filter(self, params: Params) -> str | None:
        raw = params.get("state")
        if raw is None:
            return None
        wanted = str(raw).upper()
        if wanted not in ATTENDANCE_STATES:
            raise invalid("state", f"{raw!r} is not one of {list(ATTENDANCE_STATES)}")
        return wanted

    def _page(
        self,
        candidates: Sequence[Participation],
        event_of: Callable[[Participation], Event],
        wanted: str | None,
        params: Params,
        total: int | None,
    ) -> Reply:
        """One ``ParticipationPage`` of ``candidates`` (``total`` None: count them)."""
        limit = int(params.get("limit", DEFAULT_LIMIT))
        position, seen = decode_cursor(params["after"]) if "after" in params else (0, 0)

        def current(item: Participation) -> str:
            return item.attendance_state(bool(event_of(item).event_completed))

        if total is None:
            total = sum(1 for p in candidates if wanted is None or current(p) == wanted)
        page: list[Participation] = []
        index = position
        while index < len(candidates) and len(page) < limit:
            item = candidates[index]
            index += 1
            if wanted is None or current(item) == wanted:
                page.append(item)
        results = []
        for item in page:
            event = event_of(item)
            contact = self.state.contacts_by_vid[item.vid]
            results.append(shapes.participation(event, contact, item, bool(event.event_completed)))
        reply: JSON = {"total": total, "results": results}
        if seen + len(page) < total and index < len(candidates):
            reply["paging"] = {"next": {"after": encode_cursor(index, seen + len(page))}}
        return Reply(200, reply)

    def _breakdown(self, event: Event, params: Params) -> Reply:
        wanted = self._state_filter(params)
        identifier = params.get("contactIdentifier")
        candidates: Sequence[Participation]
        total: int | None = None
        if identifier is not None:
            contact = self._contact(str(identifier))
            found = None if contact is None else self.state.participation_of(event, contact.vid)
            candidates = [] if found is None else [found]
        else:
            candidates = self.state.roster(event)
            counters = self.state.counters_of(event)
            total = len(candidates) if wanted is None else counters.of(wanted)
        return self._page(candidates, lambda _: event, wanted, params, total)

    def get_counters(self, params: Params, body: Any) -> Reply:
        """AttendanceCounters of one event of this app (404 if unknown)."""
        event = self.event(params["externalEventId"], params["externalAccountId"])
        return Reply(200, self.state.counters_of(event).as_json())

    def get_counters_by_object_id(self, params: Params, body: Any) -> Reply:
        """AttendanceCounters of any app's event by its (int64) object id."""
        event = self.event_by_object_id(params["marketingEventId"])
        return Reply(200, self.state.counters_of(event).as_json())

    def get_breakdown(self, params: Params, body: Any) -> Reply:
        """One page of the event's participations, filtered by state and/or contact."""
        event = self.event(params["externalEventId"], params["externalAccountId"])
        return self._breakdown(event, params)

    def get_breakdown_by_object_id(self, params: Params, body: Any) -> Reply:
        """``get_breakdown`` for any app's event by its (int64) object id."""
        return self._breakdown(self.event_by_object_id(params["marketingEventId"]), params)

    def get_contact_breakdown(self, params: Params, body: Any) -> Reply:
        """One page of a contact's (email or vid) participations in every event; 404 if unknown."""
        identifier = str(params["contactIdentifier"])
        wanted = self._state_filter(params)
        contact = self._contact(identifier)
        if contact is None:
            raise ApiError(
                404,
                OBJECT_NOT_FOUND,
                f"No contact with email or id {identifier!r}",
                context={"contactIdentifier": [identifier]},
            )
        with self.state.lock:
            candidates = self.state.participations_of_contact(contact.vid)
            events = {p.object_id: self.state.events_by_id[p.object_id] for p in candidates}
        return self._page(candidates, lambda p: events[p.object_id], wanted, params, None)
