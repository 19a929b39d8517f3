"""HubSpot's semantics for each curated operation, on already-validated input.

Each handler takes the typed path/query parameters and the parsed body, changes the state and
returns the status and body HubSpot would. HTTP concerns (auth, limits, faults, validation) are
done before a handler runs, so what is here is only the behaviour worth testing a client against:
which inputs fail alone (207) and which fail the whole request (400/404), and what is recorded.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from . import _shapes as shapes
from ._errors import OBJECT_NOT_FOUND, VALIDATION_ERROR, ApiError, batch_item_error
from ._spec import parse_date_time
from ._state import ATTENDANCE_STATES, Contact, Event, Participation, State

JSON = dict[str, Any]
Params = Mapping[str, Any]

DEFAULT_LIMIT: Final = 10
MAX_LIMIT: Final = 100
_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
_CURSOR: Final = re.compile(r"(\d+):(\d+)\Z")
_REQUIRED_TEXT: Final = ("externalAccountId", "externalEventId", "eventName", "eventOrganizer")


@dataclass(frozen=True, slots=True)
class Reply:
    """What a handler answers: a status and a JSON body (None: no body, e.g. 204)."""

    status: int
    body: Any = None


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


def _not_found(external_event_id: str, external_account_id: str | None) -> ApiError:
    context: dict[str, list[str]] = {"externalEventId": [external_event_id]}
    message = f"No marketing event with externalEventId {external_event_id!r}"
    if external_account_id is not None:
        context["externalAccountId"] = [external_account_id]
        message += f" and externalAccountId {external_account_id!r}"
    return ApiError(404, OBJECT_NOT_FOUND, message + " exists for this app", context=context)


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
        self.now_ms = now_ms
        self.app_id = app_id
        self.max_batch_size = max_batch_size
        self.table: dict[str, Callable[[Params, Any], Reply]] = {
            "upsert_events": self.upsert_events,
            "get_event": self.get_event,
            "list_events": self.list_events,
            "record_by_email_external_id": self.record_by_email_external_id,
            "record_by_email_object_id": self.record_by_email_object_id,
            "upsert_by_email": self.upsert_by_email,
            "upsert_by_contact_id": self.upsert_by_contact_id,
            "get_counters": self.get_counters,
            "get_breakdown": self.get_breakdown,
        }

    # -- shared --------------------------------------------------------------------------------

    def _inputs(self, body: Any) -> list[JSON]:
        inputs: list[JSON] = body["inputs"]
        if self.max_batch_size is not None and len(inputs) > self.max_batch_size:
            raise ApiError(
                400,
                VALIDATION_ERROR,
                f"inputs: {len(inputs)} inputs is more than the {self.max_batch_size} allowed",
                context={"fields": ["inputs"]},
            )
        return inputs

    def _event(self, external_event_id: str, external_account_id: str | None) -> Event:
        """The event external-id endpoints address; 404 if unknown, 400 if ambiguous."""
        if external_account_id is not None:
            event = self.state.event(external_account_id, external_event_id)
            if event is None:
                raise _not_found(external_event_id, external_account_id)
            return event
        candidates = self.state.events_with_external_id(external_event_id)
        if not candidates:
            raise _not_found(external_event_id, None)
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

    def _record(
        self,
        event: Event,
        contact: Contact,
        subscriber_state: str,
        item: JSON,
        now: int,
        source: str,
    ) -> None:
        self.state.record(
            event,
            contact,
            subscriber_state,
            int(item["interactionDateTime"]),
            item.get("properties") or {},
            now,
            source,
        )

    # -- events --------------------------------------------------------------------------------

    def _event_problem(self, item: JSON) -> str | None:
        for name in _REQUIRED_TEXT:
            if not str(item[name]).strip():
                return f"{name} must not be blank"
        existing = self.state.event(item["externalAccountId"], item["externalEventId"])
        start = item.get("startDateTime")
        end = item.get("endDateTime")
        start_at = parse_date_time(start) if start else None
        end_at = parse_date_time(end) if end else None
        if existing is not None:
            start_at = start_at or existing.start_date_time
            end_at = end_at or existing.end_date_time
        if start_at and end_at and end_at < start_at:
            return (
                f"endDateTime {shapes.iso(end_at)} is before startDateTime {shapes.iso(start_at)}"
            )
        return None

    def upsert_events(self, params: Params, body: Any) -> Reply:
        """Create or update each event; a blank name or an end before the start fails alone."""
        started = self.now_ms()
        results: list[JSON] = []
        errors: list[JSON] = []
        for item in self._inputs(body):
            problem = self._event_problem(item)
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

    def get_event(self, params: Params, body: Any) -> Reply:
        """EventDetails of one event of this app, with its counters."""
        event = self._event(params["externalEventId"], params["externalAccountId"])
        return Reply(200, shapes.event_details(event, self.state.counters_of(event)))

    def list_events(self, params: Params, body: Any) -> Reply:
        """One page of every event, in creation order (limit clamped to 1..100)."""
        limit = int(params.get("limit", DEFAULT_LIMIT))
        if limit < 1:
            raise ApiError(
                400,
                VALIDATION_ERROR,
                f"limit: {limit} is less than the minimum of 1",
                context={"fields": ["limit"]},
            )
        limit = min(limit, MAX_LIMIT)
        position, seen = decode_cursor(params["after"]) if "after" in params else (0, 0)
        events = self.state.all_events()
        page = events[position : position + limit]
        body_json: JSON = {
            "results": [
                shapes.event_summary(event, self.state.counters_of(event), self.app_id)
                for event in page
            ]
        }
        end = position + len(page)
        if end < len(events):
            body_json["paging"] = {"next": {"after": encode_cursor(end, seen + len(page))}}
        return Reply(200, body_json)

    # -- attendance (email-create) -------------------------------------------------------------

    def _record_by_email(
        self, event: Event, subscriber_state: str, body: Any, source: str
    ) -> Reply:
        started = self.now_ms()
        results: list[JSON] = []
        errors: list[JSON] = []
        for item in self._inputs(body):
            email = str(item["email"])
            if not _EMAIL.match(email.strip()):
                message = f"{email!r} is not a valid email address"
                errors.append(batch_item_error(VALIDATION_ERROR, message, {"emails": [email]}))
                continue
            now = self.now_ms()
            contact, _ = self.state.add_contact(email, item.get("contactProperties") or {}, now)
            self._record(event, contact, subscriber_state, item, now, source)
            results.append(shapes.subscriber_result(contact))
        reply = shapes.batch(results, errors, started, self.now_ms())
        return Reply(207 if errors else 200, reply)

    def record_by_email_external_id(self, params: Params, body: Any) -> Reply:
        """email-create by external ids: creates missing contacts, records each input."""
        event = self._event(params["externalEventId"], params.get("externalAccountId"))
        return self._record_by_email(
            event, params["subscriberState"], body, "record_by_email_external_id"
        )

    def record_by_email_object_id(self, params: Params, body: Any) -> Reply:
        """email-create by object id: sees every event of the account."""
        event = self.state.events_by_id.get(params["objectId"])
        if event is None:
            raise ApiError(
                404,
                OBJECT_NOT_FOUND,
                f"No marketing event with objectId {params['objectId']!r}",
                context={"objectId": [params["objectId"]]},
            )
        return self._record_by_email(
            event, params["subscriberState"], body, "record_by_email_object_id"
        )

    # -- subscriber state (existing contacts only) ---------------------------------------------

    def _record_existing(
        self,
        params: Params,
        inputs: Sequence[JSON],
        contacts: Sequence[Contact | None],
        unknown_key: str,
        unknown: list[str],
        source: str,
    ) -> Reply:
        event = self._event(params["externalEventId"], params["externalAccountId"])
        if unknown:
            distinct = list(dict.fromkeys(unknown))
            raise ApiError(
                400,
                VALIDATION_ERROR,
                f"{len(distinct)} contact(s) do not exist and this endpoint creates none "
                f"(use email-create): {', '.join(distinct[:10])}",
                context={unknown_key: distinct},
            )
        now = self.now_ms()
        for item, contact in zip(inputs, contacts, strict=True):
            assert contact is not None
            self._record(event, contact, params["subscriberState"], item, now, source)
        return Reply(204)

    def upsert_by_email(self, params: Params, body: Any) -> Reply:
        """email-upsert: all-or-nothing; an unknown email fails the request with 400."""
        inputs = self._inputs(body)
        with self.state.lock:
            contacts = [self.state.contact(str(item["email"])) for item in inputs]
            unknown = [
                str(item["email"])
                for item, contact in zip(inputs, contacts, strict=True)
                if contact is None
            ]
            return self._record_existing(
                params, inputs, contacts, "emails", unknown, "upsert_by_email"
            )

    def upsert_by_contact_id(self, params: Params, body: Any) -> Reply:
        """upsert by vid: all-or-nothing; an unknown vid fails the request with 400."""
        inputs = self._inputs(body)
        with self.state.lock:
            contacts = [self.state.contacts_by_vid.get(int(item["vid"])) for item in inputs]
            unknown = [
                str(item["vid"])
                for item, contact in zip(inputs, contacts, strict=True)
                if contact is None
            ]
            return self._record_existing(
                params, inputs, contacts, "vids", unknown, "upsert_by_contact_id"
            )

    # -- participations ------------------------------------------------------------------------

    def get_counters(self, params: Params, body: Any) -> Reply:
        """AttendanceCounters of one event (404 if unknown)."""
        event = self._event(params["externalEventId"], params["externalAccountId"])
        return Reply(200, self.state.counters_of(event).as_json())

    def _breakdown_filter(self, params: Params) -> str | None:
        raw = params.get("state")
        if raw is None:
            return None
        wanted = str(raw).upper()
        if wanted not in ATTENDANCE_STATES:
            raise ApiError(
                400,
                VALIDATION_ERROR,
                f"state: {raw!r} is not one of {list(ATTENDANCE_STATES)}",
                context={"fields": ["state"]},
            )
        return wanted

    def get_breakdown(self, params: Params, body: Any) -> Reply:
        """One page of the event's participations, filtered by state and/or contact."""
        event = self._event(params["externalEventId"], params["externalAccountId"])
        wanted = self._breakdown_filter(params)
        limit = int(params.get("limit", DEFAULT_LIMIT))
        position, seen = decode_cursor(params["after"]) if "after" in params else (0, 0)
        completed = bool(event.event_completed)

        candidates: Sequence[Participation]
        identifier = params.get("contactIdentifier")
        if identifier is not None:
            ident = str(identifier).strip()
            contact = self.state.contact(int(ident) if ident.isdigit() else ident)
            found = None if contact is None else self.state.participation_of(event, contact.vid)
            candidates = [] if found is None else [found]
            total = sum(
                1 for p in candidates if wanted is None or p.attendance_state(completed) == wanted
            )
        else:
            candidates = self.state.roster(event)
            counters = self.state.counters_of(event)
            total = len(candidates) if wanted is None else counters.of(wanted)

        page: list[Participation] = []
        index = position
        while index < len(candidates) and len(page) < limit:
            item = candidates[index]
            index += 1
            if wanted is None or item.attendance_state(completed) == wanted:
                page.append(item)
        results = [
            shapes.participation(event, self.state.contacts_by_vid[p.vid], p, completed)
            for p in page
        ]
        reply: JSON = {"total": total, "results": results}
        if seen + len(page) < total and index < len(candidates):
            reply["paging"] = {"next": {"after": encode_cursor(index, seen + len(page))}}
        return Reply(200, reply)
