"""``client.subscriber_state``: record participation of contacts that already exist.

Unlike attendance's email-create, these endpoints create no contact and HubSpot documents no
success body, so every input of a 2xx answer counts as recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeAlias

from hubspot_events._results import BatchResult
from hubspot_events._runner import AsyncRunner, SyncRunner
from hubspot_events.resources._common import Defaults
from hubspot_events.resources._operations import (
    upsert_subscribers_by_contact_id,
    upsert_subscribers_by_email,
)
from hubspot_events.resources.attendance import EmailSubscriberLike, StateLike
from hubspot_events_generated.models import ContactSubscriber

ContactSubscriberLike: TypeAlias = ContactSubscriber | dict[str, Any] | int


class SubscriberStates:
    def __init__(self, runner: SyncRunner, defaults: Defaults) -> None:
        self._runner = runner
        self._defaults = defaults

    def upsert_by_email(
        self,
        state: StateLike,
        subscribers: Iterable[EmailSubscriberLike],
        *,
        external_event_id: str,
        external_account_id: str | None = None,
    ) -> BatchResult:
        """Record ``state`` for existing contacts named by email."""
        operation = upsert_subscribers_by_email(
            self._defaults, state, external_event_id, external_account_id
        )
        return self._runner.batch(operation, subscribers)

    def upsert_by_contact_id(
        self,
        state: StateLike,
        subscribers: Iterable[ContactSubscriberLike],
        *,
        external_event_id: str,
        external_account_id: str | None = None,
    ) -> BatchResult:
        """Record ``state`` for existing contacts named by HubSpot contact id (``vid``)."""
        operation = upsert_subscribers_by_contact_id(
            self._defaults, state, external_event_id, external_account_id
        )
        return self._runner.batch(operation, subscribers)


class AsyncSubscriberStates:
    def __init__(self, runner: AsyncRunner, defaults: Defaults) -> None:
        self._runner = runner
        self._defaults = defaults

    async def upsert_by_email(
        self,
        state: StateLike,
        subscribers: Iterable[EmailSubscriberLike],
        *,
        external_event_id: str,
        external_account_id: str | None = None,
    ) -> BatchResult:
        """Record ``state`` for existing contacts named by email."""
        operation = upsert_subscribers_by_email(
            self._defaults, state, external_event_id, external_account_id
        )
        return await self._runner.batch(operation, subscribers)

    async def upsert_by_contact_id(
        self,
        state: StateLike,
        subscribers: Iterable[ContactSubscriberLike],
        *,
        external_event_id: str,
        external_account_id: str | None = None,
    ) -> BatchResult:
        """Record ``state`` for existing contacts named by HubSpot contact id (``vid``)."""
        operation = upsert_subscribers_by_contact_id(
            self._defaults, state, external_event_id, external_account_id
        )
        return await self._runner.batch(operation, subscribers)
