"""Naming one event on the command line: ``--event-id`` with ``--account-id``, or ``--object-id``.

:func:`with_event` adds those options to a command (see ``_options``) and hands the command one
checked :class:`EventRef`, so every command that targets an event names it the same way and
fails the same way (exit 2) before anything is sent. Client calls take ``**event.kwargs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import typer

from hubspot_events.cli._options import Decorator, option_group
from hubspot_events.cli._settings import UsageProblem

_ARG = "event_ref_arg"
_EVENT = "event_ref_event_id"
_ACCOUNT = "event_ref_account_id"
_OBJECT = "event_ref_object_id"

EventArgOpt = Annotated[
    str | None,
    typer.Argument(
        metavar="[EVENT_ID]", show_default=False, help="externalEventId (the same as --event-id)"
    ),
]
EventIdOpt = Annotated[
    str | None,
    typer.Option("--event-id", help="externalEventId of the event (with --account-id)"),
]
AccountIdOpt = Annotated[
    str | None, typer.Option("--account-id", help="externalAccountId of the event")
]
ObjectIdOpt = Annotated[
    str | None,
    typer.Option("--object-id", help="HubSpot's id of the event (instead of --event-id)"),
]


@dataclass(frozen=True)
class EventRef:
    """One event, by (external account, external event) ids or by HubSpot's object id."""

    external_event_id: str | None = None
    external_account_id: str | None = None
    object_id: str | None = None

    @property
    def kwargs(self) -> dict[str, Any]:
        """The client's keyword arguments naming this event."""
        if self.object_id is not None:
            return {"object_id": self.object_id}
        assert self.external_event_id is not None
        assert self.external_account_id is not None
        return {
            "external_event_id": self.external_event_id,
            "external_account_id": self.external_account_id,
        }

    def as_json(self) -> dict[str, str]:
        """This event in the API's own names (for ``--json`` output)."""
        if self.object_id is not None:
            return {"objectId": self.object_id}
        return {
            "externalEventId": self.external_event_id or "",
            "externalAccountId": self.external_account_id or "",
        }

    def __str__(self) -> str:
        if self.object_id is not None:
            return f"event {self.object_id}"
        return f"event {self.external_event_id} (account {self.external_account_id})"


def event_ref(
    positional: str | None,
    event_id: str | None,
    account_id: str | None,
    object_id: str | None,
    *,
    by_object_id: bool,
) -> EventRef:
    """Check the options that name an event; a :class:`UsageProblem` says what to pass instead."""
    if positional is not None and event_id is not None and positional != event_id:
        raise UsageProblem("give the event id once: as EVENT_ID or with --event-id")
    event_id = event_id if event_id is not None else positional
    if not by_object_id and event_id is None:
        raise UsageProblem("name the event with --event-id (and --account-id)")
    if (event_id is None) == (object_id is None):
        raise UsageProblem(
            "name the event with exactly one of --event-id (with --account-id) or --object-id"
        )
    if object_id is not None:
        if account_id:
            raise UsageProblem("--account-id goes with --event-id, not with --object-id")
        if not object_id.strip():
            raise UsageProblem("--object-id must not be empty")
        return EventRef(object_id=object_id.strip())
    assert event_id is not None
    if not event_id.strip():
        raise UsageProblem("--event-id must not be empty")
    if not account_id:
        raise UsageProblem(
            "--event-id needs --account-id (the event's externalAccountId)"
            + (", or name the event with --object-id" if by_object_id else "")
        )
    return EventRef(external_event_id=event_id, external_account_id=account_id)


def with_event(*, by_object_id: bool = True, positional: bool = False) -> Decorator:
    """Add the event options to a command, which receives ``event: EventRef``.

    ``by_object_id=False`` for operations HubSpot offers by external ids only; ``positional``
    keeps the older ``COMMAND EVENT_ID --account-id ACC`` form working beside ``--event-id``.
    """
    options: dict[str, Any] = {_ARG: EventArgOpt} if positional else {}
    options |= {_EVENT: EventIdOpt, _ACCOUNT: AccountIdOpt}
    if by_object_id:
        options[_OBJECT] = ObjectIdOpt

    def build(values: dict[str, Any], kwargs: dict[str, Any]) -> EventRef:
        given = (values.get(name) for name in (_ARG, _EVENT, _ACCOUNT, _OBJECT))
        return event_ref(*given, by_object_id=by_object_id)

    return option_group("event", build, first=options)
