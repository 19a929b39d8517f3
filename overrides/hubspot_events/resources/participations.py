"""``client.participations``: counters and the per-contact breakdown of one event."""

from __future__ import annotations

from typing import Any

from hubspot_events._pagination import AsyncPager, Pager
from hubspot_events._runner import AsyncRunner, SyncRunner
from hubspot_events.resources._common import Defaults, non_empty
from hubspot_events_generated.api.participations import get_breakdown, get_counters
from hubspot_events_generated.models import AttendanceCounters, Participation
from hubspot_events_generated.models.get_breakdown_state import GetBreakdownState
from hubspot_events_generated.types import UNSET, Unset

PAGE_SIZE = 100
BREAKDOWN_STATES = ("REGISTERED", "ATTENDED", "CANCELLED", "NO_SHOW")  # GetBreakdownState's


def _counters_kwargs(
    defaults: Defaults, external_event_id: str, external_account_id: str | None
) -> dict[str, Any]:
    account = defaults.account(external_account_id, operation="participations.counters")
    return get_counters._get_kwargs(account, non_empty(external_event_id, "external_event_id"))


def _breakdown_request(
    defaults: Defaults,
    external_event_id: str,
    external_account_id: str | None,
    state: str | None,
    contact: str | None,
    page_size: int,
) -> Any:
    account = defaults.account(external_account_id, operation="participations.breakdown")
    event_id = non_empty(external_event_id, "external_event_id")
    state_filter: GetBreakdownState | Unset = UNSET
    if state is not None:
        try:
            state_filter = GetBreakdownState(str(state).upper())
        except ValueError:
            raise ValueError(
                f"state must be one of {', '.join(BREAKDOWN_STATES)}, got {state!r}"
            ) from None
    if not 1 <= page_size <= 100:
        raise ValueError(
            f"page_size must be between 1 and 100 (HubSpot's maximum), got {page_size}"
        )
    return lambda after: get_breakdown._get_kwargs(
        account,
        event_id,
        after=after,
        limit=page_size,
        state=state_filter,
        contact_identifier=contact if contact is not None else UNSET,
    )


class Participations:
    def __init__(self, runner: SyncRunner, defaults: Defaults) -> None:
        self._runner = runner
        self._defaults = defaults

    def counters(
        self, external_event_id: str, external_account_id: str | None = None
    ) -> AttendanceCounters:
        """How many contacts registered, attended, cancelled, did not show."""
        kwargs = _counters_kwargs(self._defaults, external_event_id, external_account_id)
        return self._runner.read(kwargs, AttendanceCounters.from_dict)

    def breakdown(
        self,
        external_event_id: str,
        external_account_id: str | None = None,
        state: str | None = None,
        *,
        contact: str | None = None,
        page_size: int = PAGE_SIZE,
    ) -> Pager[Participation]:
        """Each contact's participation; ``state`` filters (REGISTERED, ATTENDED, CANCELLED, NO_SHOW)."""
        request = _breakdown_request(
            self._defaults, external_event_id, external_account_id, state, contact, page_size
        )
        return self._runner.pager(request, Participation.from_dict)


class AsyncParticipations:
    def __init__(self, runner: AsyncRunner, defaults: Defaults) -> None:
        self._runner = runner
        self._defaults = defaults

    async def counters(
        self, external_event_id: str, external_account_id: str | None = None
    ) -> AttendanceCounters:
        """How many contacts registered, attended, cancelled, did not show."""
        kwargs = _counters_kwargs(self._defaults, external_event_id, external_account_id)
        return await self._runner.read(kwargs, AttendanceCounters.from_dict)

    def breakdown(
        self,
        external_event_id: str,
        external_account_id: str | None = None,
        state: str | None = None,
        *,
        contact: str | None = None,
        page_size: int = PAGE_SIZE,
    ) -> AsyncPager[Participation]:
        """Each contact's participation; ``state`` filters (REGISTERED, ATTENDED, CANCELLED, NO_SHOW)."""
        request = _breakdown_request(
            self._defaults, external_event_id, external_account_id, state, contact, page_size
        )
        return self._runner.pager(request, Participation.from_dict)
