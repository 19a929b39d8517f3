"""``client.subscriber_state``: record participation of contacts that already exist.

Unlike attendance's email-create, these endpoints create no contact and HubSpot documents no
success body, so every input of a 2xx answer counts as recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from hubspot_events import _inputs
from hubspot_events._batching import BatchOperation, Confirmation, body
from hubspot_events.resources._common import Defaults, M, non_empty, subscriber_state
from hubspot_events.resources._method import Batch, Resource, batch
from hubspot_events.resources.attendance import (
    ContactSubscriberLike,
    EmailSubscriberLike,
    StateLike,
    email_key,
    vid_key,
)
from hubspot_events_generated.api.subscriber_state import upsert_by_contact_id, upsert_by_email


def _operation(
    defaults: Defaults,
    state: StateLike,
    external_event_id: str,
    external_account_id: str | None,
    *,
    endpoint: Any,
    name: str,
    prepare: Callable[[Any, int], dict[str, Any]],
    key: Callable[[dict[str, Any]], str],
    result_key: str,
) -> BatchOperation:
    """Both upserts: HubSpot requires the external account id, and answers no body."""
    account = defaults.account(external_account_id, operation=f"subscriber_state.{name}")
    event_id = non_empty(external_event_id, "external_event_id")
    checked_state = subscriber_state(state)
    return BatchOperation(
        prepare=lambda item: prepare(item, defaults.now_ms()),
        request=lambda inputs: endpoint._get_kwargs(
            event_id, checked_state, body=body(inputs), external_account_id=account
        ),
        key=key,
        result_key=result_key,
        parse_result=None,
        confirmation=Confirmation.ANSWER,
    )


def _upsert_by_email(
    defaults: Defaults,
    state: StateLike,
    subscribers: Iterable[EmailSubscriberLike],
    *,
    external_event_id: str,
    external_account_id: str | None = None,
) -> Batch:
    """Record ``state`` for existing contacts named by email."""
    operation = _operation(
        defaults,
        state,
        external_event_id,
        external_account_id,
        endpoint=upsert_by_email,
        name="upsert_by_email",
        prepare=_inputs.email_subscriber,
        key=email_key,
        result_key="email",
    )
    return Batch(operation, subscribers)


def _upsert_by_contact_id(
    defaults: Defaults,
    state: StateLike,
    subscribers: Iterable[ContactSubscriberLike],
    *,
    external_event_id: str,
    external_account_id: str | None = None,
) -> Batch:
    """Record ``state`` for existing contacts named by HubSpot contact id (``vid``)."""
    operation = _operation(
        defaults,
        state,
        external_event_id,
        external_account_id,
        endpoint=upsert_by_contact_id,
        name="upsert_by_contact_id",
        prepare=_inputs.contact_subscriber,
        key=vid_key,
        result_key="vid",
    )
    return Batch(operation, subscribers)


class SubscriberStates(Resource[M]):
    """Participation of existing contacts: ``client.subscriber_state``."""

    upsert_by_email = batch(_upsert_by_email)
    upsert_by_contact_id = batch(_upsert_by_contact_id)
