"""Batch operation descriptions: which generated request builder, how inputs are named.

Shared by the sync and async resources so that both send byte-identical requests.
"""

from __future__ import annotations

from typing import Any

from hubspot_events import _inputs
from hubspot_events._batching import BatchOperation, body
from hubspot_events.resources._common import Defaults
from hubspot_events_generated.api.attendance import (
    record_by_email_external_id,
    record_by_email_object_id,
)
from hubspot_events_generated.api.events import upsert_events
from hubspot_events_generated.api.subscriber_state import upsert_by_contact_id, upsert_by_email
from hubspot_events_generated.models import Event, SubscriberResult
from hubspot_events_generated.models.subscriber_state import SubscriberState
from hubspot_events_generated.types import UNSET, Unset


def _email_key(data: dict[str, Any]) -> str:
    return str(data["email"])


def _vid_key(data: dict[str, Any]) -> str:
    return str(data["vid"])


def event_upsert(defaults: Defaults) -> BatchOperation:
    return BatchOperation(
        prepare=lambda item: _inputs.event(item, defaults.external_account_id),
        request=lambda inputs: upsert_events._get_kwargs(body=body(inputs)),
        key=lambda data: str(data["externalEventId"]),
        result_key=None,
        parse_result=Event.from_dict,
    )


def record_by_email(
    defaults: Defaults,
    state: SubscriberState,
    *,
    external_event_id: str | None,
    object_id: str | None,
    external_account_id: str | None,
) -> BatchOperation:
    if object_id is not None:

        def request(inputs: list[dict[str, Any]]) -> dict[str, Any]:
            return record_by_email_object_id._get_kwargs(object_id, state, body=body(inputs))

    else:
        assert external_event_id is not None
        account = external_account_id or defaults.external_account_id
        query_account: str | Unset = account if account else UNSET

        def request(inputs: list[dict[str, Any]]) -> dict[str, Any]:
            return record_by_email_external_id._get_kwargs(
                external_event_id, state, body=body(inputs), external_account_id=query_account
            )

    return BatchOperation(
        prepare=lambda item: _inputs.email_subscriber(item, defaults.now_ms()),
        request=request,
        key=_email_key,
        result_key="email",
        parse_result=SubscriberResult.from_dict,
    )


def upsert_subscribers_by_email(
    defaults: Defaults, state: SubscriberState, external_event_id: str, account: str
) -> BatchOperation:
    return BatchOperation(
        prepare=lambda item: _inputs.email_subscriber(item, defaults.now_ms()),
        request=lambda inputs: upsert_by_email._get_kwargs(
            external_event_id, state, body=body(inputs), external_account_id=account
        ),
        key=_email_key,
        result_key="email",
        parse_result=None,
    )


def upsert_subscribers_by_contact_id(
    defaults: Defaults, state: SubscriberState, external_event_id: str, account: str
) -> BatchOperation:
    return BatchOperation(
        prepare=lambda item: _inputs.contact_subscriber(item, defaults.now_ms()),
        request=lambda inputs: upsert_by_contact_id._get_kwargs(
            external_event_id, state, body=body(inputs), external_account_id=account
        ),
        key=_vid_key,
        result_key="vid",
        parse_result=None,
    )
