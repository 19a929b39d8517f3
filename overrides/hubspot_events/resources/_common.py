"""Argument checks shared by the resources: they fail before anything is sent."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from hubspot_events._text import unsendable
from hubspot_events_generated.models.subscriber_state import SubscriberState

if TYPE_CHECKING:
    import httpx

STATES = ", ".join(s.value for s in SubscriberState)


class Sync:
    """Marks a resource bound to the blocking client (``Events[Sync]``)."""


class Async:
    """Marks a resource bound to the asyncio client (``Events[Async]``)."""


class RawSync:
    """Marks a resource of ``HubSpotEvents.with_raw_response``: reads return ``APIResponse``."""


class RawAsync:
    """Marks a resource of ``AsyncHubSpotEvents.with_raw_response``."""


#: Which client (and which view of it) a resource is bound to; see ``_method``.
M = TypeVar("M", Sync, Async, RawSync, RawAsync)


@dataclass(frozen=True)
class Defaults:
    """Per-client defaults the resources fall back to."""

    external_account_id: str | None = None
    app_id: int | None = None
    #: Auth for the app-settings operations (the developer API key); None: the client's own.
    developer_auth: httpx.Auth | None = None
    wall_clock: Callable[[], float] = field(default=time.time)

    def now_ms(self) -> int:
        return int(self.wall_clock() * 1000)

    def account(self, given: str | None, *, operation: str) -> str:
        """The external account id: the argument, else the client default, else a clear error."""
        account = given if given is not None else self.external_account_id
        if not account:
            raise ValueError(
                f"{operation} needs external_account_id: pass external_account_id=... "
                "or set it on the client (HubSpotEvents(external_account_id=...))"
            )
        return sendable(account, "external_account_id")

    def app(self, given: int | None, *, operation: str) -> int:
        """The HubSpot app id: the argument, else the client default, else a clear error."""
        app_id = given if given is not None else self.app_id
        if app_id is None:
            raise ValueError(
                f"{operation} needs app_id: pass app_id=... "
                "or set it on the client (HubSpotEvents(app_id=...))"
            )
        return whole_number(app_id, "app_id")


def subscriber_state(value: SubscriberState | str) -> SubscriberState:
    try:
        return SubscriberState(value.lower() if isinstance(value, str) else value)
    except ValueError:
        raise ValueError(f"state must be one of {STATES}, got {value!r}") from None


def non_empty(value: str | None, name: str) -> str:
    """A non-blank string argument that can be sent (it goes into a path, a query or a body)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return sendable(value, name)


def sendable(value: str, name: str) -> str:
    """``value`` if UTF-8 can carry it; a lone surrogate would fail while the request is built."""
    problem = unsendable(value)
    if problem is not None:
        raise ValueError(f"{name} {problem}")
    return value


def one_event(
    external_event_id: str | None, object_id: str | None
) -> tuple[str | None, str | None]:
    """Exactly one of the two ways to name an event."""
    if (external_event_id is None) == (object_id is None):
        raise TypeError(
            "name the event with exactly one of external_event_id=... (your platform's id) "
            "or object_id=... (HubSpot's id); got "
            + ("both" if external_event_id is not None else "neither")
        )
    if external_event_id is not None:
        return non_empty(external_event_id, "external_event_id"), None
    return None, non_empty(object_id, "object_id")


def whole_number(value: int | str, name: str) -> int:
    """A positive id HubSpot types as an integer; digit strings are accepted (ids read from files)."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive integer id, got {value!r}")
    return value
