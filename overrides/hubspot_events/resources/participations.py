"""``client.participations``: counters and per-contact breakdowns, by event or by contact."""

from __future__ import annotations

from typing import Any

from hubspot_events import _spec
from hubspot_events._core import RequestKwargs
from hubspot_events._fast_models import parser
from hubspot_events.resources._common import Defaults, M, non_empty, one_event, whole_number
from hubspot_events.resources._method import Paged, Read, Resource, cursor, paged, read
from hubspot_events.types import ParticipationStateName
from hubspot_events_generated.api.participations import (
    get_breakdown,
    get_breakdown_by_object_id,
    get_contact_breakdown,
    get_counters,
    get_counters_by_object_id,
)
from hubspot_events_generated.models import AttendanceCounters, Participation
from hubspot_events_generated.models.participation_state_filter import ParticipationStateFilter
from hubspot_events_generated.types import UNSET, Unset

PAGE_SIZE = 100
#: In the spec's (life-cycle) order, for error messages.
BREAKDOWN_STATES = ", ".join(
    _spec.document()["components"]["schemas"]["ParticipationStateFilter"]["enum"]
)


def _counters(
    defaults: Defaults,
    external_event_id: str | None = None,
    external_account_id: str | None = None,
    *,
    object_id: int | str | None = None,
) -> Read[AttendanceCounters]:
    """How many contacts registered, attended, cancelled, did not show.

    Sends: GET /marketing/v3/marketing-events/participations/{externalAccountId}/{externalEventId}
        (by external id), or GET /marketing/v3/marketing-events/participations/{marketingEventId}
        (by ``object_id=``).
    Returns: AttendanceCounters.
    Raises: NotFoundError if there is no such event; TypeError unless exactly one of
        ``external_event_id`` / ``object_id`` is given; ValueError, before sending, for an
        object id that is not a positive integer or without an external account id.
    Scope: crm.objects.marketing_events.read
    Example: hs.participations.counters("w-1", "zoom-42").attended
    """
    event_id, obj_id = one_event(external_event_id, _text(object_id))
    if obj_id is not None:
        request = get_counters_by_object_id._get_kwargs(whole_number(obj_id, "object_id"))
    else:
        assert event_id is not None
        account = defaults.account(external_account_id, operation="participations.counters")
        request = get_counters._get_kwargs(account, event_id)
    return Read(request, parser(AttendanceCounters))


def _text(object_id: int | str | None) -> str | None:
    """An object id given as an int, as the text ``one_event`` checks."""
    if object_id is None or isinstance(object_id, str):
        return object_id
    if isinstance(object_id, bool):
        raise ValueError(f"object_id must be HubSpot's event id, got {object_id!r}")
    return str(object_id)


def _filters(
    state: ParticipationStateFilter | ParticipationStateName | None,
    contact: str | None,
    page_size: int,
) -> dict[str, Any]:
    """The breakdown's query filters, checked before anything is sent."""
    state_filter: ParticipationStateFilter | Unset = UNSET
    if state is not None:
        try:
            state_filter = ParticipationStateFilter(str(state).upper())
        except ValueError:
            raise ValueError(f"state must be one of {BREAKDOWN_STATES}, got {state!r}") from None
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= 100:
        raise ValueError(
            f"page_size must be between 1 and 100 (HubSpot's maximum), got {page_size!r}"
        )
    filters: dict[str, Any] = {"limit": page_size, "state": state_filter}
    if contact is not None:
        filters["contact_identifier"] = non_empty(contact, "contact")
    return filters


def _breakdown(
    defaults: Defaults,
    external_event_id: str | None = None,
    external_account_id: str | None = None,
    state: ParticipationStateFilter | ParticipationStateName | None = None,
    *,
    object_id: int | str | None = None,
    contact: str | None = None,
    page_size: int = PAGE_SIZE,
) -> Paged[Participation]:
    """Each contact's participation in one event; pages are fetched as you iterate.

    ``state`` keeps one state (REGISTERED, ATTENDED, CANCELLED, NO_SHOW); ``contact`` one
    contact (an email or a vid).

    Sends: GET
        /marketing/v3/marketing-events/participations/{externalAccountId}/{externalEventId}/breakdown
        (by external id), or GET
        /marketing/v3/marketing-events/participations/{marketingEventId}/breakdown
        (by ``object_id=``), with ``limit``, ``after``, ``state``, ``contactIdentifier``.
    Returns: Pager[Participation] (AsyncPager on the async client).
    Raises: before sending: TypeError unless exactly one of ``external_event_id`` /
        ``object_id`` is given, ValueError for an unknown ``state``, a ``page_size`` outside
        1..100 or no external account id; while iterating: NotFoundError if there is no such
        event, PaginationError if HubSpot repeats a cursor.
    Scope: crm.objects.marketing_events.read
    Example: for p in hs.participations.breakdown("w-1", "zoom-42", "ATTENDED"): print(p)
    """
    event_id, obj_id = one_event(external_event_id, _text(object_id))
    filters = _filters(state, contact, page_size)
    request: Any
    if obj_id is not None:
        marketing_event_id = whole_number(obj_id, "object_id")

        def request(after: str | None) -> RequestKwargs:
            return get_breakdown_by_object_id._get_kwargs(
                marketing_event_id, after=cursor(after), **filters
            )

    else:
        account = defaults.account(external_account_id, operation="participations.breakdown")
        assert event_id is not None
        event = event_id

        def request(after: str | None) -> RequestKwargs:
            return get_breakdown._get_kwargs(account, event, after=cursor(after), **filters)

    return Paged(request, parser(Participation))


def _for_contact(
    defaults: Defaults,
    contact: str | int,
    state: ParticipationStateFilter | ParticipationStateName | None = None,
    *,
    page_size: int = PAGE_SIZE,
) -> Paged[Participation]:
    """One contact's participations across every event; ``contact`` is an email or a vid.

    Sends: GET /marketing/v3/marketing-events/participations/contacts/{contactIdentifier}/breakdown
        with ``limit``, ``after`` and ``state``; pages are fetched as you iterate.
    Returns: Pager[Participation] (AsyncPager on the async client).
    Raises: before sending: ValueError for a blank ``contact``, an unknown ``state`` or a
        ``page_size`` outside 1..100; while iterating: NotFoundError if HubSpot has no such
        contact, PaginationError if HubSpot repeats a cursor.
    Scope: crm.objects.marketing_events.read
    Example: list(hs.participations.for_contact("ada@example.com", state="ATTENDED"))
    """
    identifier = non_empty(str(contact) if isinstance(contact, int) else contact, "contact")
    filters = _filters(state, None, page_size)
    return Paged(
        lambda after: get_contact_breakdown._get_kwargs(identifier, after=cursor(after), **filters),
        parser(Participation),
    )


class Participations(Resource[M]):
    """Who registered, attended, cancelled: ``client.participations``.

    Counters and per-contact breakdowns, by event (external ids or ``object_id=``) or by
    contact. Breakdowns are paged: iterate them; ``state`` filters by one
    ``ParticipationStateName`` (``hubspot_events.types``).
    Scope: crm.objects.marketing_events.read
    Example: hs.participations.counters(object_id=58237132332)
    """

    counters = read(_counters)
    breakdown = paged(_breakdown)
    for_contact = paged(_for_contact)
