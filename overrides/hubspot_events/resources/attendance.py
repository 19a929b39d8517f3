"""``client.attendance``: record participation by email (creating missing contacts) or by vid.

The event is named by exactly one of ``external_event_id`` (with the external account id) or
``object_id`` (HubSpot's id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from hubspot_events import _inputs
from hubspot_events._batching import BatchOperation, Confirmation, body
from hubspot_events.resources._common import Defaults, M, one_event, sendable, subscriber_state
from hubspot_events.resources._method import Batch, Resource, batch
from hubspot_events_generated.api.attendance import (
    record_by_contact_id_external_id,
    record_by_contact_id_object_id,
    record_by_email_external_id,
    record_by_email_object_id,
)
from hubspot_events_generated.models import (
    ContactSubscriber,
    EmailSubscriber,
    SubscriberResult,
    VidResult,
)
from hubspot_events_generated.models.subscriber_state import SubscriberState
from hubspot_events_generated.types import UNSET, Unset

EmailSubscriberLike: TypeAlias = EmailSubscriber | Mapping[str, Any] | str
ContactSubscriberLike: TypeAlias = ContactSubscriber | Mapping[str, Any] | int
StateLike: TypeAlias = SubscriberState | str


def email_key(data: dict[str, Any]) -> str:
    return str(data["email"])


def vid_key(data: dict[str, Any]) -> str:
    return str(data["vid"])


@dataclass(frozen=True)
class _Recording:
    """One way of naming subscribers (by email, by vid): the two endpoints that take it (by
    external ids, by object id) and how its inputs are read and matched to HubSpot's answer."""

    by_external_id: Any
    by_object_id: Any
    prepare: Callable[[Any, int], dict[str, Any]]
    key: Callable[[dict[str, Any]], str]
    result_key: str
    parse_result: Callable[[dict[str, Any]], Any]

    def batch(
        self,
        defaults: Defaults,
        state: StateLike,
        subscribers: Iterable[Any],
        external_event_id: str | None,
        object_id: str | None,
        external_account_id: str | None,
    ) -> Batch:
        checked_state = subscriber_state(state)
        event_id, obj_id = one_event(external_event_id, object_id)
        account = external_account_id or defaults.external_account_id
        query_account: str | Unset = sendable(account, "external_account_id") if account else UNSET

        def request(inputs: list[dict[str, Any]]) -> dict[str, Any]:
            kwargs: dict[str, Any]
            if obj_id is not None:
                kwargs = self.by_object_id._get_kwargs(obj_id, checked_state, body=body(inputs))
            else:
                kwargs = self.by_external_id._get_kwargs(
                    event_id, checked_state, body=body(inputs), external_account_id=query_account
                )
            return kwargs

        operation = BatchOperation(
            prepare=lambda item: self.prepare(item, defaults.now_ms()),
            request=request,
            key=self.key,
            result_key=self.result_key,
            parse_result=self.parse_result,
            confirmation=Confirmation.RESULTS,
        )
        return Batch(operation, subscribers)


_BY_EMAIL = _Recording(
    record_by_email_external_id,
    record_by_email_object_id,
    _inputs.email_subscriber,
    email_key,
    "email",
    SubscriberResult.from_dict,
)
_BY_VID = _Recording(
    record_by_contact_id_external_id,
    record_by_contact_id_object_id,
    _inputs.contact_subscriber,
    vid_key,
    "vid",
    VidResult.from_dict,
)


def _record_by_email(
    defaults: Defaults,
    state: StateLike,
    subscribers: Iterable[EmailSubscriberLike],
    *,
    external_event_id: str | None = None,
    object_id: str | None = None,
    external_account_id: str | None = None,
) -> Batch:
    """Record ``state`` for each subscriber (email, mapping or model); creates missing contacts."""
    return _BY_EMAIL.batch(
        defaults, state, subscribers, external_event_id, object_id, external_account_id
    )


def _record_by_contact_id(
    defaults: Defaults,
    state: StateLike,
    subscribers: Iterable[ContactSubscriberLike],
    *,
    external_event_id: str | None = None,
    object_id: str | None = None,
    external_account_id: str | None = None,
) -> Batch:
    """Record ``state`` for each contact named by HubSpot contact id (``vid``, mapping or model)."""
    return _BY_VID.batch(
        defaults, state, subscribers, external_event_id, object_id, external_account_id
    )


class Attendance(Resource[M]):
    """Participation by email or contact id, on any event: ``client.attendance``."""

    record_by_email = batch(_record_by_email)
    record_by_contact_id = batch(_record_by_contact_id)
