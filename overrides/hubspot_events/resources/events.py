"""``client.events``: upsert many events, read one back, list them all."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeAlias

from hubspot_events._pagination import AsyncPager, Pager
from hubspot_events._results import BatchResult
from hubspot_events._runner import AsyncRunner, SyncRunner
from hubspot_events.resources._common import Defaults, non_empty
from hubspot_events.resources._operations import event_upsert
from hubspot_events_generated.api.events import get_event, list_events
from hubspot_events_generated.models import EventDetails, EventInput, EventSummary

EventLike: TypeAlias = EventInput | dict[str, Any]
PAGE_SIZE = 100


def _get_kwargs(
    defaults: Defaults, external_event_id: str, external_account_id: str | None
) -> dict[str, Any]:
    account = defaults.account(external_account_id, operation="events.get")
    return get_event._get_kwargs(
        non_empty(external_event_id, "external_event_id"), external_account_id=account
    )


def _list_kwargs(page_size: int) -> Any:
    return lambda after: list_events._get_kwargs(after=after, limit=page_size)


class Events:
    def __init__(self, runner: SyncRunner, defaults: Defaults) -> None:
        self._runner = runner
        self._defaults = defaults

    def upsert(self, events: Iterable[EventLike]) -> BatchResult:
        """Create or update events keyed by (externalAccountId, externalEventId), in chunks."""
        return self._runner.batch(event_upsert(self._defaults), events)

    def get(self, external_event_id: str, external_account_id: str | None = None) -> EventDetails:
        """One event created by this app, with its participation counts."""
        kwargs = _get_kwargs(self._defaults, external_event_id, external_account_id)
        return self._runner.read(kwargs, EventDetails.from_dict)

    def list(self, *, page_size: int = PAGE_SIZE) -> Pager[EventSummary]:
        """Every event of the account; pages are fetched as you iterate."""
        return self._runner.pager(_list_kwargs(page_size), EventSummary.from_dict)


class AsyncEvents:
    def __init__(self, runner: AsyncRunner, defaults: Defaults) -> None:
        self._runner = runner
        self._defaults = defaults

    async def upsert(self, events: Iterable[EventLike]) -> BatchResult:
        """Create or update events keyed by (externalAccountId, externalEventId), in chunks."""
        return await self._runner.batch(event_upsert(self._defaults), events)

    async def get(
        self, external_event_id: str, external_account_id: str | None = None
    ) -> EventDetails:
        """One event created by this app, with its participation counts."""
        kwargs = _get_kwargs(self._defaults, external_event_id, external_account_id)
        return await self._runner.read(kwargs, EventDetails.from_dict)

    def list(self, *, page_size: int = PAGE_SIZE) -> AsyncPager[EventSummary]:
        """Every event of the account; pages are fetched as you iterate (``async for``)."""
        return self._runner.pager(_list_kwargs(page_size), EventSummary.from_dict)
