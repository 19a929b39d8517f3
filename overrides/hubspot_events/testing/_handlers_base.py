"""What every area of handlers shares: the reply type, paging cursors and event look-ups.

A handler takes the typed path/query parameters and the parsed body, changes the state and
returns the status and body HubSpot would. HTTP concerns (auth, limits, faults, validation) are
done before a handler runs. The look-ups here encode HubSpot's one visibility rule: external-id
endpoints only see events created by the calling app (the fake's ``app_id``), object-id endpoints
see every event of the account.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from . import _shapes as shapes
from ._errors import OBJECT_NOT_FOUND, VALIDATION_ERROR, ApiError
from ._spec import parse_date_time
from ._state import Contact, Event, State

JSON = dict[str, Any]
Params = Mapping[str, Any]

DEFAULT_LIMIT: Final = 10
MAX_LIMIT: Final = 100
_CURSOR: Final = re.compile(r"(\d+):(\d+)\Z")
_REQUIRED_TEXT: Final = ("externalAccountId", "externalEventId", "eventName", "eventOrganizer")


@dataclass(frozen=True, slots=True)
class Reply:
    """What a handler answers: a status and a JSON body (None: no body, e.g. 204)."""

    status: int
    body: Any = None


Handler = Callable[[Params, Any], Reply]
"""One operation: (typed parameters, parsed body) -> reply."""


def encode_cursor(position: int, seen: int) -> str:
    """An opaque ``after`` cursor: where the next page starts and how many items came before."""
    return base64.urlsafe_b64encode(f"{position}:{seen}".encode()).decode().rstrip("=")


def decode_cursor(after: str) -> tuple[int, int]:
    """The (position, seen) of an ``after`` cursor; 400 if the fake did not make it."""
    try:
        text = base64.urlsafe_b64decode(after + "=" * (-len(after) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    match = _CURSOR.match(text)
    if not match:
        raise ApiError(
            400,
            VALIDATION_ERROR,
            f"after: {after!r} is not a valid paging cursor",
            context={"fields": ["after"]},
        )
    return int(match.group(1)), int(match.group(2))


def invalid(field: str, message: str) -> ApiError:
    """A 400 VALIDATION_ERROR about one field of the request."""
    return ApiError(400, VALIDATION_ERROR, f"{field}: {message}", context={"fields": [field]})


def not_found(external_event_id: str, external_account_id: str | None) -> ApiError:
    """404 for an external-id look-up that found no event of this app."""
    context: dict[str, list[str]] = {"externalEventId": [external_event_id]}
    message = f"No marketing event with externalEventId {external_event_id!r}"
    if external_account_id is not None:
        context["externalAccountId"] = [external_account_id]
        message += f" and externalAccountId {external_account_id!r}"
    return ApiError(404, OBJECT_NOT_FOUND, message + " exists for this app", context=context)


def object_not_found(object_id: str) -> ApiError:
    """404 for an object-id look-up that found no event."""
    return ApiError(
        404,
        OBJECT_NOT_FOUND,
        f"No marketing event with objectId {object_id!r}",
        context={"objectId": [object_id]},
    )


def event_problem(fields: Mapping[str, Any], existing: Event | None) -> str | None:
    """Why ``fields`` cannot be stored on ``existing`` (None: a new event), or None if they can.

    Names, organizers and ids must not be blank; the end must not be before the start (fields not
    sent keep the event's current dates).
    """
    for name in _REQUIRED_TEXT:
        if name in fields and not str(fields[name]).strip():
            return f"{name} must not be blank"
    start = fields.get("startDateTime")
    end = fields.get("endDateTime")
    start_at = parse_date_time(start) if start else None
    end_at = parse_date_time(end) if end else None
    if existing is not None:
        start_at = start_at or existing.start_date_time
        end_at = end_at or existing.end_date_time
    if start_at and end_at and end_at < start_at:
        return f"endDateTime {shapes.iso(end_at)} is before startDateTime {shapes.iso(start_at)}"
    return None


class HandlerArea:
    """Base of one area of operations (events, attendance, lists...), over one ``State``.

    Subclasses list their operations in ``operations()``; ``Handlers`` merges the areas into the
    one table the app routes from.
    """

    def __init__(
        self,
        state: State,
        now_ms: Callable[[], int],
        *,
        app_id: int,
        max_batch_size: int | None,
    ) -> None:
        self.state = state
        self.now_ms = now_ms
        self.app_id = app_id
        self.max_batch_size = max_batch_size

    def operations(self) -> dict[str, Handler]:
        """Operation id -> handler, for every operation this area serves."""
        raise NotImplementedError

    def inputs(self, body: Any) -> list[JSON]:
        """A batch body's ``inputs`` (400 when ``max_batch_size`` is set and exceeded)."""
        inputs: list[JSON] = body["inputs"]
        if self.max_batch_size is not None and len(inputs) > self.max_batch_size:
            raise ApiError(
                400,
                VALIDATION_ERROR,
                f"inputs: {len(inputs)} inputs is more than the {self.max_batch_size} allowed",
                context={"fields": ["inputs"]},
            )
        return inputs

    def event(self, external_event_id: str, external_account_id: str | None) -> Event:
        """The event of this app that external-id endpoints address; 404 unknown, 400 ambiguous."""
        if external_account_id is not None:
            event = self.state.event(external_account_id, external_event_id)
            if event is None:
                raise not_found(external_event_id, external_account_id)
            return event
        candidates = self.state.events_with_external_id(external_event_id)
        if not candidates:
            raise not_found(external_event_id, None)
        if len(candidates) > 1:
            accounts = sorted(event.external_account_id for event in candidates)
            raise ApiError(
                400,
                VALIDATION_ERROR,
                f"externalAccountId: required, {len(candidates)} events have externalEventId "
                f"{external_event_id!r}",
                context={"fields": ["externalAccountId"], "externalAccountIds": accounts},
            )
        return candidates[0]

    def event_by_object_id(self, object_id: str | int) -> Event:
        """The event (of any app) with this objectId; 404 if there is none."""
        event = self.state.events_by_id.get(str(object_id))
        if event is None:
            raise object_not_found(str(object_id))
        return event

    def record(
        self,
        event: Event,
        contact: Contact,
        subscriber_state: str,
        item: JSON,
        now: int,
        source: str,
    ) -> None:
        """Record one subscriber input (``interactionDateTime``, ``properties``) for ``event``."""
        self.state.record(
            event,
            contact,
            subscriber_state,
            int(item["interactionDateTime"]),
            item.get("properties") or {},
            now,
            source,
        )
