"""Recording participations: attendance ``create`` / ``email-create`` and subscriber-state upserts.

The ``create`` endpoints (by email or by vid, by external ids or object id) judge each input
alone: an invalid email or an unknown vid fails that input (207), the rest are recorded, and
email-create creates missing contacts. The subscriber-state ``upsert`` endpoints are
all-or-nothing: one unknown contact fails the request with a 400 and nothing is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from . import _shapes as shapes
from ._errors import OBJECT_NOT_FOUND, VALIDATION_ERROR, ApiError, batch_item_error
from ._handlers_base import JSON, Handler, HandlerArea, Params, Reply
from ._state import Contact, Event

_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")


class Attendance(HandlerArea):
    """The operations that record contacts' participation in events."""

    def operations(self) -> dict[str, Handler]:
        return {
            "record_by_email_external_id": self.record_by_email_external_id,
            "record_by_email_object_id": self.record_by_email_object_id,
            "record_by_contact_id_external_id": self.record_by_contact_id_external_id,
            "record_by_contact_id_object_id": self.record_by_contact_id_object_id,
            "upsert_by_email": self.upsert_by_email,
            "upsert_by_contact_id": self.upsert_by_contact_id,
        }

    # -- create (each input alone) ---------------------------------------------------------------

    def _record_by_email(
        self, event: Event, subscriber_state: str, body: Any, source: str
    ) -> Reply:
        started = self.now_ms()
        results: list[JSON] = []
        errors: list[JSON] = []
        for item in self.inputs(body):
            email = str(item["email"])
            if not _EMAIL.match(email.strip()):
                message = f"{email!r} is not a valid email address"
                errors.append(batch_item_error(VALIDATION_ERROR, message, {"emails": [email]}))
                continue
            now = self.now_ms()
            contact, _ = self.state.add_contact(email, item.get("contactProperties") or {}, now)
            self.record(event, contact, subscriber_state, item, now, source)
            results.append(shapes.subscriber_result(contact))
        reply = shapes.batch(results, errors, started, self.now_ms())
        return Reply(207 if errors else 200, reply)

    def record_by_email_external_id(self, params: Params, body: Any) -> Reply:
        """email-create by external ids: creates missing contacts, records each input."""
        event = self.event(params["externalEventId"], params.get("externalAccountId"))
        return self._record_by_email(
            event, params["subscriberState"], body, "record_by_email_external_id"
        )

    def record_by_email_object_id(self, params: Params, body: Any) -> Reply:
        """email-create by object id: sees every event of the account."""
        event = self.event_by_object_id(params["objectId"])
        return self._record_by_email(
            event, params["subscriberState"], body, "record_by_email_object_id"
        )

    def _record_by_vid(self, event: Event, subscriber_state: str, body: Any, source: str) -> Reply:
        started = self.now_ms()
        results: list[JSON] = []
        errors: list[JSON] = []
        for item in self.inputs(body):
            vid = int(item["vid"])
            with self.state.lock:
                contact = self.state.contacts_by_vid.get(vid)
                if contact is None:
                    message = f"No contact with vid {vid} (this endpoint creates none)"
                    errors.append(batch_item_error(OBJECT_NOT_FOUND, message, {"vids": [str(vid)]}))
                    continue
                self.record(event, contact, subscriber_state, item, self.now_ms(), source)
            results.append(shapes.vid_result(contact))
        reply = shapes.batch(results, errors, started, self.now_ms())
        return Reply(207 if errors else 200, reply)

    def record_by_contact_id_external_id(self, params: Params, body: Any) -> Reply:
        """create by vid and external ids: an unknown vid fails alone."""
        event = self.event(params["externalEventId"], params.get("externalAccountId"))
        return self._record_by_vid(
            event, params["subscriberState"], body, "record_by_contact_id_external_id"
        )

    def record_by_contact_id_object_id(self, params: Params, body: Any) -> Reply:
        """create by vid and object id (any app's event): an unknown vid fails alone."""
        event = self.event_by_object_id(params["objectId"])
        return self._record_by_vid(
            event, params["subscriberState"], body, "record_by_contact_id_object_id"
        )

    # -- subscriber state (existing contacts only, all or nothing) -------------------------------

    def _record_existing(
        self,
        params: Params,
        inputs: Sequence[JSON],
        contacts: Sequence[Contact | None],
        unknown_key: str,
        unknown: list[str],
        source: str,
    ) -> Reply:
        event = self.event(params["externalEventId"], params["externalAccountId"])
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
            self.record(event, contact, params["subscriberState"], item, now, source)
        return Reply(204)

    def upsert_by_email(self, params: Params, body: Any) -> Reply:
        """email-upsert: all-or-nothing; an unknown email fails the request with 400."""
        inputs = self.inputs(body)
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
        inputs = self.inputs(body)
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
