"""``client.attendance``: record participation by email (creating missing contacts) or by vid.

The event is named by exactly one of ``external_event_id`` (with the external account id) or
``object_id`` (HubSpot's id).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from hubspot_events import _inputs
from hubspot_events._batching import BatchOperation, Confirmation, body
from hubspot_events._fast_models import parser
from hubspot_events._results import BatchResult
from hubspot_events.resources._common import Defaults, M, one_event, sendable, subscriber_state
from hubspot_events.resources._method import Batch, Resource, batch
from hubspot_events.types import ContactSubscriberParam, EmailSubscriberParam, SubscriberStateName
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

R = TypeVar("R")


@dataclass(frozen=True)
class _Recording(Generic[R]):
    """One way of naming subscribers (by email, by vid): the two endpoints that take it (by
    external ids, by object id) and how its inputs are read and matched to HubSpot's answer."""

    by_external_id: Any
    by_object_id: Any
    prepare: Callable[[Any, int], dict[str, Any]]
    #: The field that names a subscriber, in an input and in HubSpot's results alike.
    key: str
    parse_result: Callable[[dict[str, Any]], R]

    def batch(
        self,
        defaults: Defaults,
        state: SubscriberState | SubscriberStateName,
        subscribers: Iterable[Any] | AsyncIterable[Any],
        external_event_id: str | None,
        object_id: str | None,
        external_account_id: str | None,
        on_chunk: Callable[[BatchResult[R]], object] | None,
    ) -> Batch[R]:
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
            prepare=self.prepare,
            request=request,
            key=self.key,
            result_key=self.key,
            parse_result=self.parse_result,
            confirmation=Confirmation.RESULTS,
            now_ms=defaults.now_ms,
        )
        return Batch(operation, subscribers, on_chunk=on_chunk)


_BY_EMAIL = _Recording(
    record_by_email_external_id,
    record_by_email_object_id,
    _inputs.email_subscriber,
    "email",
    parser(SubscriberResult),
)
_BY_VID = _Recording(
    record_by_contact_id_external_id,
    record_by_contact_id_object_id,
    _inputs.contact_subscriber,
    "vid",
    parser(VidResult),
)


def _record_by_email(
    defaults: Defaults,
    state: SubscriberState | SubscriberStateName,
    subscribers: Iterable[EmailSubscriber | EmailSubscriberParam | str]
    | AsyncIterable[EmailSubscriber | EmailSubscriberParam | str],
    *,
    external_event_id: str | None = None,
    object_id: str | None = None,
    external_account_id: str | None = None,
    on_chunk: Callable[[BatchResult[SubscriberResult]], object] | None = None,
) -> Batch[SubscriberResult]:
    """Record ``state`` (register, attend, cancel) for each subscriber, named by email; creates
    the contacts HubSpot does not have yet.

    Sends: POST, by external id (with the ``externalAccountId`` query when known), to
        /marketing/v3/marketing-events/attendance/{externalEventId}/{subscriberState}/email-create
        or by ``object_id=`` to
        /marketing/v3/marketing-events/{objectId}/attendance/{subscriberState}/email-create
        one request per ``batch_size`` subscribers; a missing ``interactionDateTime`` is now.
    Returns: BatchResult[SubscriberResult]: every input in ``.succeeded`` (confirmed by a result
        with its email) or ``.failed`` (``INVALID_INPUT`` with the field to fix, HubSpot's
        category, or ``UNCONFIRMED``); ``.results``: the contacts' email and vid.
    Raises: AuthenticationError, PermissionDeniedError or RateLimitError (daily limit) stop the
        call, with ``.partial_result``; TypeError unless exactly one of ``external_event_id`` /
        ``object_id`` is given; ValueError, before sending, for an unknown ``state``.
    Scope: crm.objects.marketing_events.write
    Example: hs.attendance.record_by_email("attend", ["ada@example.com"], external_event_id="w-1")
    """
    return _BY_EMAIL.batch(
        defaults, state, subscribers, external_event_id, object_id, external_account_id, on_chunk
    )


def _record_by_contact_id(
    defaults: Defaults,
    state: SubscriberState | SubscriberStateName,
    subscribers: Iterable[ContactSubscriber | ContactSubscriberParam | int]
    | AsyncIterable[ContactSubscriber | ContactSubscriberParam | int],
    *,
    external_event_id: str | None = None,
    object_id: str | None = None,
    external_account_id: str | None = None,
    on_chunk: Callable[[BatchResult[VidResult]], object] | None = None,
) -> Batch[VidResult]:
    """Record ``state`` (register, attend, cancel) for each contact, named by HubSpot contact id
    (``vid``: an int, a mapping or a model).

    Sends: POST, by external id (with the ``externalAccountId`` query when known), to
        /marketing/v3/marketing-events/attendance/{externalEventId}/{subscriberState}/create
        or by ``object_id=`` to
        /marketing/v3/marketing-events/{objectId}/attendance/{subscriberState}/create
        one request per ``batch_size`` subscribers; a missing ``interactionDateTime`` is now.
    Returns: BatchResult[VidResult]: every input in ``.succeeded`` (confirmed by a result with
        its vid) or ``.failed``; ``.results``: the recorded vids.
    Raises: AuthenticationError, PermissionDeniedError or RateLimitError (daily limit) stop the
        call, with ``.partial_result``; TypeError unless exactly one of ``external_event_id`` /
        ``object_id`` is given; ValueError, before sending, for an unknown ``state``.
    Scope: crm.objects.marketing_events.write
    Example: hs.attendance.record_by_contact_id("register", [1201, 1202], object_id="58237132332")
    """
    return _BY_VID.batch(
        defaults, state, subscribers, external_event_id, object_id, external_account_id, on_chunk
    )


class Attendance(Resource[M]):
    """Participation by email or contact id, on any event: ``client.attendance``.

    Records a state (``"register"``, ``"attend"``, ``"cancel"``, or ``SubscriberState``) for
    many contacts at once; by email, HubSpot creates the contacts it does not have (use
    ``client.subscriber_state`` to touch existing contacts only). The event is named by exactly
    one of ``external_event_id=`` or ``object_id=``. Every input is accounted for in a
    ``BatchResult``; a bad input fails alone.
    Scope: crm.objects.marketing_events.write
    Example: hs.attendance.record_by_email("attend", emails, external_event_id="w-1")
    """

    record_by_email = batch(_record_by_email)
    record_by_contact_id = batch(_record_by_contact_id)
