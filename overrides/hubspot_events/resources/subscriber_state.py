"""``client.subscriber_state``: record participation of contacts that already exist.

Unlike attendance's email-create, these endpoints create no contact and HubSpot documents no
success body, so every input of a 2xx answer counts as recorded.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Iterable
from typing import Any

from hubspot_events import _inputs
from hubspot_events._batching import BatchOperation, Confirmation, body
from hubspot_events._results import BatchResult
from hubspot_events.resources._common import Defaults, M, non_empty, subscriber_state
from hubspot_events.resources._method import Batch, Resource, batch
from hubspot_events.types import ContactSubscriberParam, EmailSubscriberParam, SubscriberStateName
from hubspot_events_generated.api.subscriber_state import upsert_by_contact_id, upsert_by_email
from hubspot_events_generated.models import ContactSubscriber, EmailSubscriber
from hubspot_events_generated.models.subscriber_state import SubscriberState


def _operation(
    defaults: Defaults,
    state: SubscriberState | SubscriberStateName,
    external_event_id: str,
    external_account_id: str | None,
    *,
    endpoint: Any,
    name: str,
    prepare: Callable[[Any, int], dict[str, Any]],
    key: str,
) -> BatchOperation:
    """Both upserts: HubSpot requires the external account id, and answers no body."""
    account = defaults.account(external_account_id, operation=f"subscriber_state.{name}")
    event_id = non_empty(external_event_id, "external_event_id")
    checked_state = subscriber_state(state)
    return BatchOperation(
        prepare=prepare,
        request=lambda inputs: endpoint._get_kwargs(
            event_id, checked_state, body=body(inputs), external_account_id=account
        ),
        key=key,
        result_key=key,
        parse_result=None,
        confirmation=Confirmation.ANSWER,
        now_ms=defaults.now_ms,
    )


def _upsert_by_email(
    defaults: Defaults,
    state: SubscriberState | SubscriberStateName,
    subscribers: Iterable[EmailSubscriber | EmailSubscriberParam | str]
    | AsyncIterable[EmailSubscriber | EmailSubscriberParam | str],
    *,
    external_event_id: str,
    external_account_id: str | None = None,
    on_chunk: Callable[[BatchResult[dict[str, Any]]], object] | None = None,
) -> Batch[dict[str, Any]]:
    """Record ``state`` (register, attend, cancel) for existing contacts named by email; creates
    no contact.

    Sends: POST
        /marketing/v3/marketing-events/events/{externalEventId}/{subscriberState}/email-upsert
        ?externalAccountId=..., one request per ``batch_size`` subscribers; a missing
        ``interactionDateTime`` is now.
    Returns: BatchResult[dict[str, Any]]: every input in ``.succeeded`` (HubSpot's 2xx covers
        each input no error names) or ``.failed``; HubSpot answers no body, so ``.results`` is
        empty. An unknown contact fails alone (HubSpot's 400 names it; the rest is resent once).
    Raises: AuthenticationError, PermissionDeniedError or RateLimitError (daily limit) stop the
        call, with ``.partial_result``; ValueError, before sending, for an unknown ``state`` or
        without an external account id (argument or client default).
    Scope: crm.objects.marketing_events.write
    Example: hs.subscriber_state.upsert_by_email("attend", emails, external_event_id="w-1")
    """
    operation = _operation(
        defaults,
        state,
        external_event_id,
        external_account_id,
        endpoint=upsert_by_email,
        name="upsert_by_email",
        prepare=_inputs.email_subscriber,
        key="email",
    )
    return Batch(operation, subscribers, on_chunk=on_chunk)


def _upsert_by_contact_id(
    defaults: Defaults,
    state: SubscriberState | SubscriberStateName,
    subscribers: Iterable[ContactSubscriber | ContactSubscriberParam | int]
    | AsyncIterable[ContactSubscriber | ContactSubscriberParam | int],
    *,
    external_event_id: str,
    external_account_id: str | None = None,
    on_chunk: Callable[[BatchResult[dict[str, Any]]], object] | None = None,
) -> Batch[dict[str, Any]]:
    """Record ``state`` (register, attend, cancel) for existing contacts named by HubSpot
    contact id (``vid``).

    Sends: POST /marketing/v3/marketing-events/events/{externalEventId}/{subscriberState}/upsert
        ?externalAccountId=..., one request per ``batch_size`` subscribers; a missing
        ``interactionDateTime`` is now.
    Returns: BatchResult[dict[str, Any]]: every input in ``.succeeded`` (HubSpot's 2xx covers
        each input no error names) or ``.failed``; HubSpot answers no body, so ``.results`` is
        empty.
    Raises: AuthenticationError, PermissionDeniedError or RateLimitError (daily limit) stop the
        call, with ``.partial_result``; ValueError, before sending, for an unknown ``state`` or
        without an external account id (argument or client default).
    Scope: crm.objects.marketing_events.write
    Example: hs.subscriber_state.upsert_by_contact_id("register", [1201], external_event_id="w-1")
    """
    operation = _operation(
        defaults,
        state,
        external_event_id,
        external_account_id,
        endpoint=upsert_by_contact_id,
        name="upsert_by_contact_id",
        prepare=_inputs.contact_subscriber,
        key="vid",
    )
    return Batch(operation, subscribers, on_chunk=on_chunk)


class SubscriberStates(Resource[M]):
    """Participation of existing contacts: ``client.subscriber_state``.

    Records a state (``"register"``, ``"attend"``, ``"cancel"``, or ``SubscriberState``) for
    contacts HubSpot already has, on an event named by external ids (the external account id
    is required: argument or client default). Unlike ``client.attendance``, no contact is
    created. Every input is accounted for in a ``BatchResult``; a bad input fails alone.
    Scope: crm.objects.marketing_events.write
    Example: hs.subscriber_state.upsert_by_email("attend", emails, external_event_id="w-1")
    """

    upsert_by_email = batch(_upsert_by_email)
    upsert_by_contact_id = batch(_upsert_by_contact_id)
