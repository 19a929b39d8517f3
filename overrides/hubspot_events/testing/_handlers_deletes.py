"""Event deletes: one or many, by external ids or by object id.

A deleted event takes its participations (so counters, event and contact breakdowns forget it)
and its list associations with it; its external ids are free again. The batch deletes answer 204
when every input was deleted, else 207 with one error per input that was not (unknown event, or
for ``events/delete`` an ``appId`` other than the calling app's): those fail alone.
"""

from __future__ import annotations

from typing import Any

from . import _shapes as shapes
from ._errors import OBJECT_NOT_FOUND, VALIDATION_ERROR, batch_item_error
from ._handlers_base import JSON, Handler, HandlerArea, Params, Reply


class EventDeletes(HandlerArea):
    """The operations that delete events."""

    def operations(self) -> dict[str, Handler]:
        return {
            "delete_event": self.delete_event,
            "delete_event_by_object_id": self.delete_event_by_object_id,
            "delete_events": self.delete_events,
            "delete_events_by_object_id": self.delete_events_by_object_id,
        }

    def delete_event(self, params: Params, body: Any) -> Reply:
        """Delete this app's event by external ids (204); 404 if there is none."""
        with self.state.lock:
            event = self.event(params["externalEventId"], params["externalAccountId"])
            self.state.delete_event(event)
        return Reply(204)

    def delete_event_by_object_id(self, params: Params, body: Any) -> Reply:
        """Delete any app's event by object id (204); 404 if there is none."""
        with self.state.lock:
            self.state.delete_event(self.event_by_object_id(params["objectId"]))
        return Reply(204)

    def _answer(self, errors: list[JSON], started: int) -> Reply:
        if not errors:
            return Reply(204)
        return Reply(207, shapes.delete_batch(errors, started, self.now_ms()))

    def delete_events(self, params: Params, body: Any) -> Reply:
        """Delete by (appId, externalAccountId, externalEventId); other apps' inputs fail alone."""
        started = self.now_ms()
        errors: list[JSON] = []
        for item in self.inputs(body):
            account, external_id = str(item["externalAccountId"]), str(item["externalEventId"])
            context = {"externalEventIds": [external_id], "externalAccountIds": [account]}
            if int(item["appId"]) != self.app_id:
                message = (
                    f"appId {item['appId']} is not the calling app ({self.app_id}): an app "
                    "can only delete the events it created"
                )
                errors.append(batch_item_error(VALIDATION_ERROR, message, context))
                continue
            with self.state.lock:
                event = self.state.event(account, external_id)
                if event is None:
                    message = (
                        f"No marketing event with externalAccountId {account!r} and "
                        f"externalEventId {external_id!r} exists for this app"
                    )
                    errors.append(batch_item_error(OBJECT_NOT_FOUND, message, context))
                    continue
                self.state.delete_event(event)
        return self._answer(errors, started)

    def delete_events_by_object_id(self, params: Params, body: Any) -> Reply:
        """Delete by object id (any app's events); an unknown objectId fails alone."""
        started = self.now_ms()
        errors: list[JSON] = []
        for item in self.inputs(body):
            object_id = str(item["objectId"])
            with self.state.lock:
                event = self.state.events_by_id.get(object_id)
                if event is None:
                    message = f"No marketing event with objectId {object_id!r}"
                    context = {"objectIds": [object_id]}
                    errors.append(batch_item_error(OBJECT_NOT_FOUND, message, context))
                    continue
                self.state.delete_event(event)
        return self._answer(errors, started)
