"""Event writes: upsert, create, replace, update (by external ids, by object id, in batches),
cancel and complete.

Every write stores only the fields sent (``customProperties`` merge by name) and refuses a blank
name, organizer or id and an end before the start: a single-event operation with a 400, a batch
by failing that input alone (207).
"""

from __future__ import annotations

from typing import Any

from . import _shapes as shapes
from ._errors import VALIDATION_ERROR, ApiError, batch_item_error
from ._handlers_base import JSON, Handler, HandlerArea, Params, Reply, event_problem, invalid
from ._spec import parse_date_time


class EventWrites(HandlerArea):
    """The operations that create or change events."""

    def operations(self) -> dict[str, Handler]:
        return {
            "upsert_events": self.upsert_events,
            "create_event": self.create_event,
            "replace_event": self.replace_event,
            "update_event": self.update_event,
            "update_event_by_object_id": self.update_event_by_object_id,
            "update_events_by_object_id": self.update_events_by_object_id,
            "cancel_event": self.cancel_event,
            "complete_event": self.complete_event,
        }

    def upsert_events(self, params: Params, body: Any) -> Reply:
        """Create or update each event; a blank name or an end before the start fails alone."""
        started = self.now_ms()
        results: list[JSON] = []
        errors: list[JSON] = []
        for item in self.inputs(body):
            existing = self.state.event(item["externalAccountId"], item["externalEventId"])
            problem = event_problem(item, existing)
            if problem is not None:
                context = {"externalEventIds": [str(item["externalEventId"])]}
                errors.append(batch_item_error(VALIDATION_ERROR, problem, context))
                continue
            event = self.state.upsert_event(
                item["externalAccountId"], item["externalEventId"], item, self.now_ms()
            )
            results.append(shapes.event(event))
        reply = shapes.batch(results, errors, started, self.now_ms())
        return Reply(207 if errors else 200, reply)

    def create_event(self, params: Params, body: Any) -> Reply:
        """Create one event (``EventInfo``); 409 if this app already has one with those ids."""
        account, external_id = body["externalAccountId"], body["externalEventId"]
        with self.state.lock:
            if self.state.event(account, external_id) is not None:
                raise ApiError(
                    409,
                    "CONFLICT",
                    f"A marketing event with externalAccountId {account!r} and externalEventId "
                    f"{external_id!r} already exists for this app (update or upsert it instead)",
                    context={"externalEventId": [external_id], "externalAccountId": [account]},
                )
            problem = event_problem(body, None)
            if problem is not None:
                raise ApiError(400, VALIDATION_ERROR, problem)
            event = self.state.upsert_event(account, external_id, body, self.now_ms())
        return Reply(200, shapes.event_info(event))

    def replace_event(self, params: Params, body: Any) -> Reply:
        """PUT by external id: create or update (``Event``); the body's id must be the path's."""
        external_id = params["externalEventId"]
        if body["externalEventId"] != external_id:
            raise invalid(
                "externalEventId",
                f"the body's {body['externalEventId']!r} is not the path's {external_id!r}",
            )
        account = body["externalAccountId"]
        with self.state.lock:
            problem = event_problem(body, self.state.event(account, external_id))
            if problem is not None:
                raise ApiError(400, VALIDATION_ERROR, problem)
            event = self.state.upsert_event(account, external_id, body, self.now_ms())
        return Reply(200, shapes.event(event))

    def update_event(self, params: Params, body: Any) -> Reply:
        """PATCH by external ids: change the fields sent (``Event``); 404 if unknown."""
        with self.state.lock:
            event = self.event(params["externalEventId"], params["externalAccountId"])
            problem = event_problem(body, event)
            if problem is not None:
                raise ApiError(400, VALIDATION_ERROR, problem)
            self.state.update_event(event, body, self.now_ms())
        return Reply(200, shapes.event(event))

    def update_event_by_object_id(self, params: Params, body: Any) -> Reply:
        """PATCH by object id (any app's event): change the fields sent (``EventObject``)."""
        with self.state.lock:
            event = self.event_by_object_id(params["objectId"])
            problem = event_problem(body, event)
            if problem is not None:
                raise ApiError(400, VALIDATION_ERROR, problem)
            self.state.update_event(event, body, self.now_ms())
        return Reply(200, shapes.event_object(event))

    def update_events_by_object_id(self, params: Params, body: Any) -> Reply:
        """Batch update by object id: an unknown objectId or bad fields fail that input alone."""
        started = self.now_ms()
        results: list[JSON] = []
        errors: list[JSON] = []
        for item in self.inputs(body):
            object_id = str(item["objectId"])
            context = {"objectIds": [object_id]}
            with self.state.lock:
                event = self.state.events_by_id.get(object_id)
                if event is None:
                    message = f"No marketing event with objectId {object_id!r}"
                    errors.append(batch_item_error("OBJECT_NOT_FOUND", message, context))
                    continue
                problem = event_problem(item, event)
                if problem is not None:
                    errors.append(batch_item_error(VALIDATION_ERROR, problem, context))
                    continue
                self.state.update_event(event, item, self.now_ms())
            results.append(shapes.event_object(event))
        reply = shapes.batch(results, errors, started, self.now_ms())
        return Reply(207 if errors else 200, reply)

    def cancel_event(self, params: Params, body: Any) -> Reply:
        """Mark the event cancelled (``EventInfo``); cancelling again changes nothing more."""
        with self.state.lock:
            event = self.event(params["externalEventId"], params["externalAccountId"])
            self.state.update_event(event, {"eventCancelled": True}, self.now_ms())
        return Reply(200, shapes.event_info(event))

    def complete_event(self, params: Params, body: Any) -> Reply:
        """Mark the event completed with its real dates; its registrants become no-shows."""
        start = parse_date_time(body["startDateTime"])
        end = parse_date_time(body["endDateTime"])
        if start is not None and end is not None and end < start:
            raise invalid(
                "endDateTime",
                f"{shapes.iso(end)} is before startDateTime {shapes.iso(start)}",
            )
        with self.state.lock:
            event = self.event(params["externalEventId"], params["externalAccountId"])
            fields = {
                "startDateTime": body["startDateTime"],
                "endDateTime": body["endDateTime"],
                "eventCompleted": True,
            }
            self.state.update_event(event, fields, self.now_ms())
        return Reply(200, shapes.event_info(event))
