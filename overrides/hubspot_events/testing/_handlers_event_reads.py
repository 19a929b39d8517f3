"""Event reads: one event (by external ids, by object id), every event, search and identifiers.

``get_event`` and ``search_events`` only see the calling app's events; ``list_events``,
``get_event_by_object_id`` and ``get_identifiers`` see every app's.
"""

from __future__ import annotations

from typing import Any

from . import _shapes as shapes
from ._handlers_base import (
    DEFAULT_LIMIT,
    JSON,
    MAX_LIMIT,
    Handler,
    HandlerArea,
    Params,
    Reply,
    decode_cursor,
    encode_cursor,
    invalid,
)


class EventReads(HandlerArea):
    """The operations that read events."""

    def operations(self) -> dict[str, Handler]:
        return {
            "get_event": self.get_event,
            "get_event_by_object_id": self.get_event_by_object_id,
            "list_events": self.list_events,
            "search_events": self.search_events,
            "get_identifiers": self.get_identifiers,
        }

    def get_event(self, params: Params, body: Any) -> Reply:
        """EventDetails of one event of this app, with its counters."""
        event = self.event(params["externalEventId"], params["externalAccountId"])
        return Reply(200, shapes.event_details(event, self.state.counters_of(event)))

    def get_event_by_object_id(self, params: Params, body: Any) -> Reply:
        """EventSummary (the shape list_events pages) of any app's event; 404 if unknown."""
        event = self.event_by_object_id(params["objectId"])
        return Reply(200, shapes.event_summary(event, self.state.counters_of(event)))

    def list_events(self, params: Params, body: Any) -> Reply:
        """One page of every event, in creation order (limit clamped to 1..100)."""
        limit = int(params.get("limit", DEFAULT_LIMIT))
        if limit < 1:
            raise invalid("limit", f"{limit} is less than the minimum of 1")
        limit = min(limit, MAX_LIMIT)
        position, seen = decode_cursor(params["after"]) if "after" in params else (0, 0)
        events = self.state.all_events()
        page = events[position : position + limit]
        body_json: JSON = {
            "results": [
                shapes.event_summary(event, self.state.counters_of(event)) for event in page
            ]
        }
        end = position + len(page)
        if end < len(events):
            body_json["paging"] = {"next": {"after": encode_cursor(end, seen + len(page))}}
        return Reply(200, body_json)

    def search_events(self, params: Params, body: Any) -> Reply:
        """This app's events whose externalEventId contains ``q`` (case-sensitive), oldest first."""
        text = str(params["q"])
        found = [
            shapes.search_result(event)
            for event in self.state.all_events()
            if event.app_id == self.app_id and text in event.external_event_id
        ]
        return Reply(200, {"results": found})

    def get_identifiers(self, params: Params, body: Any) -> Reply:
        """Every event of the account, any app, with this externalEventId (one page, a total)."""
        events = self.state.events_with_external_id(params["externalEventId"], any_app=True)
        return Reply(
            200, {"total": len(events), "results": [shapes.identifiers(e) for e in events]}
        )
