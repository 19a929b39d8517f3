"""Batch operation descriptions: which generated request builder, how inputs are named.

Shared by the sync and async resources so that both send byte-identical requests.
"""

from __future__ import annotations

from typing import Any

from hubspot_events import _inputs
from hubspot_events._batching import BatchOperation, body
from hubspot_events.resources._common import Defaults, non_empty, one_event, subscriber_state
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
    state: SubscriberState | str,
    *,
    external_event_id: str | None,
    object_id: str | None,
    external_account_id: str | None,
) -> BatchOperation:
    """email-create, on the event named by exactly one of its external id or its object id."""
    checked_state = subscriber_state(state)
    event_id, obj_id = one_event(external_event_id, object_id)
    if obj_id is not None:

        def request(inputs: list[dict[str, Any]]) -> dict[str, Any]:
            return record_by_email_object_id._get_kwargs(obj_id, checked_state, body=body(inputs))

    else:
        assert event_id is not None
        account = external_account_id or defaults.external_account_id
        query_account: str | Unset = account if account else UNSET

        def request(inputs: list[dict[str, Any]]) -> dict[str, Any]:
            return record_by_email_external_id._get_kwargs(
                event_id, checked_state, body=body(inputs), external_account_id=query_account
            )

    return BatchOperation(
        prepare=lambda item: _inputs.email_subscriber(item, defaults.now_ms()),
        request=request,
        key=_email_key,
        result_key="email",
        parse_result=SubscriberResult.from_dict,
    )


def upsert_subscribers_by_email(
    defaults: Defaults,
    state: SubscriberState | str,
    external_event_id: str,
    external_account_id: str | None,
) -> BatchOperation:
    """email-upsert: existing contacts only; HubSpot requires the external account id."""
    account = defaults.account(external_account_id, operation="subscriber_state.upsert_by_email")
    event_id = non_empty(external_event_id, "external_event_id")
    checked_state = subscriber_state(state)
    return BatchOperation(
        prepare=lambda item: _inputs.email_subscriber(item, defaults.now_ms()),
        request=lambda inputs: upsert_by_email._get_kwargs(
            event_id, checked_state, body=body(inputs), external_account_id=account
        ),
        key=_email_key,
        result_key="email",
        parse_result=None,
    )


def upsert_subscribers_by_contact_id(
    defaults: Defaults,
    state: SubscriberState | str,
    external_event_id: str,
    external_account_id: str | None,
) -> BatchOperation:
    """upsert by contact id (vid): existing contacts only; HubSpot requires the account id."""
    account = defaults.account(
        external_account_id, operation="subscriber_state.upsert_by_contact_id"
    )
    event_id = non_empty(external_event_id, "external_event_id")
    checked_state = subscriber_state(state)
    return BatchOperation(
        prepare=lambda item: _inputs.contact_subscriber(item, defaults.now_ms()),
        request=lambda inputs: upsert_by_contact_id._get_kwargs(
            event_id, checked_state, body=body(inputs), external_account_id=account
        ),
        key=_vid_key,
        result_key="vid",
        parse_result=None,
    )
