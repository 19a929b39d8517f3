"""List associations: which contact lists an event is associated with, by external ids or object id.

Lists are seeded with ``fake.add_list``. Associating is idempotent, and so is disassociating a list
that is not associated; an unknown event or list is a 404 ``OBJECT_NOT_FOUND``. Reads return every
associated list in one page, in association order.
"""

from __future__ import annotations

from typing import Any

from . import _shapes as shapes
from ._errors import OBJECT_NOT_FOUND, ApiError
from ._handlers_base import Handler, HandlerArea, Params, Reply
from ._state import Event


class ListAssociations(HandlerArea):
    """The operations on an event's list associations."""

    def operations(self) -> dict[str, Handler]:
        return {
            "get_lists_external_id": self.get_lists_external_id,
            "get_lists_object_id": self.get_lists_object_id,
            "associate_list_external_id": self.associate_list_external_id,
            "associate_list_object_id": self.associate_list_object_id,
            "disassociate_list_external_id": self.disassociate_list_external_id,
            "disassociate_list_object_id": self.disassociate_list_object_id,
        }

    def _by_external_id(self, params: Params) -> Event:
        return self.event(params["externalEventId"], params["externalAccountId"])

    def _by_object_id(self, params: Params) -> Event:
        return self.event_by_object_id(params["marketingEventId"])

    def _list_id(self, params: Params) -> str:
        list_id = str(params["listId"])
        if list_id not in self.state.lists:
            raise ApiError(
                404,
                OBJECT_NOT_FOUND,
                f"No list with listId {list_id!r}",
                context={"listId": [list_id]},
            )
        return list_id

    def _lists(self, event: Event) -> Reply:
        found = [shapes.public_list(contact_list) for contact_list in self.state.lists_of(event)]
        return Reply(200, {"total": len(found), "results": found})

    def get_lists_external_id(self, params: Params, body: Any) -> Reply:
        """The lists associated with this app's event (``ListPage``)."""
        return self._lists(self._by_external_id(params))

    def get_lists_object_id(self, params: Params, body: Any) -> Reply:
        """The lists associated with any app's event by object id (``ListPage``)."""
        return self._lists(self._by_object_id(params))

    def associate_list_external_id(self, params: Params, body: Any) -> Reply:
        """Associate a list with this app's event (204)."""
        with self.state.lock:
            event = self._by_external_id(params)
            self.state.associate_list(event, self._list_id(params))
        return Reply(204)

    def associate_list_object_id(self, params: Params, body: Any) -> Reply:
        """Associate a list with any app's event by object id (204)."""
        with self.state.lock:
            event = self._by_object_id(params)
            self.state.associate_list(event, self._list_id(params))
        return Reply(204)

    def disassociate_list_external_id(self, params: Params, body: Any) -> Reply:
        """Remove a list's association with this app's event (204)."""
        with self.state.lock:
            event = self._by_external_id(params)
            self.state.disassociate_list(event, self._list_id(params))
        return Reply(204)

    def disassociate_list_object_id(self, params: Params, body: Any) -> Reply:
        """Remove a list's association with any app's event by object id (204)."""
        with self.state.lock:
            event = self._by_object_id(params)
            self.state.disassociate_list(event, self._list_id(params))
        return Reply(204)
