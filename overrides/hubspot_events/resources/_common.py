"""Argument checks shared by the resources: they fail before anything is sent."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from hubspot_events_generated.models.subscriber_state import SubscriberState

STATES = ", ".join(s.value for s in SubscriberState)


@dataclass(frozen=True)
class Defaults:
    """Per-client defaults the resources fall back to."""

    external_account_id: str | None = None
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
        return account


def subscriber_state(value: SubscriberState | str) -> SubscriberState:
    try:
        return SubscriberState(value.lower() if isinstance(value, str) else value)
    except ValueError:
        raise ValueError(f"state must be one of {STATES}, got {value!r}") from None


def non_empty(value: str | None, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
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
