"""``client.attendance``: record participation by email, creating missing contacts.

The event is named by exactly one of ``external_event_id`` (with the external account id) or
``object_id`` (HubSpot's id); the overloads make the type checker catch both or neither.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeAlias, overload

from hubspot_events._results import BatchResult
from hubspot_events._runner import AsyncRunner, SyncRunner
from hubspot_events.resources._common import Defaults
from hubspot_events.resources._operations import record_by_email
from hubspot_events_generated.models import EmailSubscriber
from hubspot_events_generated.models.subscriber_state import SubscriberState

EmailSubscriberLike: TypeAlias = EmailSubscriber | dict[str, Any] | str
StateLike: TypeAlias = SubscriberState | str


class Attendance:
    def __init__(self, runner: SyncRunner, defaults: Defaults) -> None:
        self._runner = runner
        self._defaults = defaults

    @overload
    def record_by_email(
        self,
        state: StateLike,
        subscribers: Iterable[EmailSubscriberLike],
        *,
        external_event_id: str,
        external_account_id: str | None = None,
    ) -> BatchResult: ...
    @overload
    def record_by_email(
        self, state: StateLike, subscribers: Iterable[EmailSubscriberLike], *, object_id: str
    ) -> BatchResult: ...
    def record_by_email(
        self,
        state: StateLike,
        subscribers: Iterable[EmailSubscriberLike],
        *,
        external_event_id: str | None = None,
        object_id: str | None = None,
        external_account_id: str | None = None,
    ) -> BatchResult:
        """Record ``state`` for each subscriber (email, mapping or model); creates missing contacts."""
        operation = record_by_email(
            self._defaults,
            state,
            external_event_id=external_event_id,
            object_id=object_id,
            external_account_id=external_account_id,
        )
        return self._runner.batch(operation, subscribers)


class AsyncAttendance:
    def __init__(self, runner: AsyncRunner, defaults: Defaults) -> None:
        self._runner = runner
        self._defaults = defaults

    @overload
    async def record_by_email(
        self,
        state: StateLike,
        subscribers: Iterable[EmailSubscriberLike],
        *,
        external_event_id: str,
        external_account_id: str | None = None,
    ) -> BatchResult: ...
    @overload
    async def record_by_email(
        self, state: StateLike, subscribers: Iterable[EmailSubscriberLike], *, object_id: str
    ) -> BatchResult: ...
    async def record_by_email(
        self,
        state: StateLike,
        subscribers: Iterable[EmailSubscriberLike],
        *,
        external_event_id: str | None = None,
        object_id: str | None = None,
        external_account_id: str | None = None,
    ) -> BatchResult:
        """Record ``state`` for each subscriber (email, mapping or model); creates missing contacts."""
        operation = record_by_email(
            self._defaults,
            state,
            external_event_id=external_event_id,
            object_id=object_id,
            external_account_id=external_account_id,
        )
        return await self._runner.batch(operation, subscribers)
