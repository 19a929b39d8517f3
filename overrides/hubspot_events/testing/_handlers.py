"""HubSpot's semantics for every curated operation: the one table from operation id to handler.

Each area of the API lives in its own module (event writes, event reads, deletes, attendance,
participations, list associations, app settings); this module only puts their handlers into
``Handlers.table``, refusing an operation id served twice. ``build_app`` refuses to start when an
operation of the spec has no handler here, so a spec change cannot silently leave a route out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final

from ._handlers_attendance import Attendance
from ._handlers_base import Handler, HandlerArea, Params, Reply
from ._handlers_deletes import EventDeletes
from ._handlers_event_reads import EventReads
from ._handlers_events import EventWrites
from ._handlers_lists import ListAssociations
from ._handlers_participations import Participations
from ._handlers_settings import Settings
from ._state import State

AREAS: Final[tuple[type[HandlerArea], ...]] = (
    EventWrites,
    EventReads,
    EventDeletes,
    Attendance,
    Participations,
    ListAssociations,
    Settings,
)
"""Every area of handlers, in the order of the README's API table."""


class Handlers:
    """The operations of the curated spec, by operation id, over one ``State``."""

    def __init__(
        self,
        state: State,
        now_ms: Callable[[], int],
        *,
        app_id: int,
        max_batch_size: int | None,
    ) -> None:
        self.state = state
        self.table: dict[str, Handler] = {}
        """Operation id -> handler: the single mapping the app routes from."""
        for area_type in AREAS:
            area = area_type(state, now_ms, app_id=app_id, max_batch_size=max_batch_size)
            for operation_id, handler in area.operations().items():
                if operation_id in self.table:
                    raise RuntimeError(f"two handlers for operation {operation_id!r}")
                self.table[operation_id] = handler

    def missing(self, operation_ids: Iterable[str]) -> list[str]:
        """The operation ids (of the spec) this table has no handler for, sorted."""
        return sorted(set(operation_ids) - self.table.keys())


__all__ = ["Handler", "Handlers", "Params", "Reply"]
