"""``client.attendance``: record participation by email (creating missing contacts) or by vid.

The event is named by exactly one of ``external_event_id`` (with the external account id) or
``object_id`` (HubSpot's id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeAlias

from hubspot_events import _inputs
from hubspot_events._batching import BatchOperation, body
from hubspot_events.resources._common import Defaults, M, one_event, subscriber_state
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


def _endpoint(
    defaults: Defaults,
    state: StateLike,
    external_event_id: str | None,
    object_id: str | None,
    external_account_id: str | None,
    by_external_id: Any,
    by_object_id: Any,
) -> Callable[[list[dict[str, Any]]], dict[str, Any]]:
    """The request builder of whichever of an operation's two endpoints names the event."""
    checked_state = subscriber_state(state)
    event_id, obj_id = one_event(external_event_id, object_id)
    if obj_id is not None:
        return lambda inputs: by_object_id._get_kwargs(obj_id, checked_state, body=body(inputs))
    account = external_account_id or defaults.external_account_id
    query_account: str | Unset = account if account else UNSET
    return lambda inputs: by_external_id._get_kwargs(
        event_id, checked_state, body=body(inputs), external_account_id=query_account
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
    request = _endpoint(
        defaults,
        state,
        external_event_id,
        object_id,
        external_account_id,
        record_by_email_external_id,
        record_by_email_object_id,
    )
    operation = BatchOperation(
        prepare=lambda item: _inputs.email_subscriber(item, defaults.now_ms()),
        request=request,
        key=email_key,
        result_key="email",
        parse_result=SubscriberResult.from_dict,
    )
    return Batch(operation, subscribers)


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
    request = _endpoint(
        defaults,
        state,
        external_event_id,
        object_id,
        external_account_id,
        record_by_contact_id_external_id,
        record_by_contact_id_object_id,
    )
    operation = BatchOperation(
        prepare=lambda item: _inputs.contact_subscriber(item, defaults.now_ms()),
        request=request,
        key=vid_key,
        result_key="vid",
        parse_result=VidResult.from_dict,
    )
    return Batch(operation, subscribers)


class Attendance(Resource[M]):
    """Participation by email or contact id, on any event: ``client.attendance``."""

    record_by_email = batch(_record_by_email)
    record_by_contact_id = batch(_record_by_contact_id)
