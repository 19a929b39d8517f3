"""The one-shot commands: one request (or one paged read) each, shown as a table or ``--json``.

Every command is a declaration: which options, which client call, which way to show its
answer (``_show.show_object`` / ``show_list`` / ``show_done``). Events are named by
``_event_ref.with_event``; errors become a message with HubSpot's correlation id and exit code
1 (2 for credentials and usage), never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated

import typer

from hubspot_events.cli._apps import (
    AppIdOpt,
    events_app,
    lists_app,
    participations_app,
    settings_app,
)
from hubspot_events.cli._event_ref import EventRef, with_event
from hubspot_events.cli._options import option_group
from hubspot_events.cli._settings import PANEL, Settings, with_connection_options
from hubspot_events.cli._show import (
    EVENT_COLUMNS,
    LIST_COLUMNS,
    PARTICIPATION_COLUMNS,
    SEARCH_COLUMNS,
    participation_row,
    print_counters,
    show_done,
    show_list,
    show_object,
)
from hubspot_events_generated.models.participation_state_filter import ParticipationStateFilter


class BreakdownState(StrEnum):
    REGISTERED = "REGISTERED"
    ATTENDED = "ATTENDED"
    CANCELLED = "CANCELLED"
    NO_SHOW = "NO_SHOW"


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")]
StateOpt = Annotated[
    BreakdownState | None, typer.Option("--state", case_sensitive=False, help="Only this state")
]
ListIdArg = Annotated[str, typer.Argument(metavar="LIST_ID", help="HubSpot's id of the list")]
DeveloperKeyOpt = Annotated[
    str | None,
    typer.Option(
        "--developer-api-key", show_default=False, rich_help_panel=PANEL,
        help="The app's developer API key (default: $HUBSPOT_DEVELOPER_API_KEY); replaces --token",
    ),
]  # fmt: skip


def _state(state: BreakdownState | None) -> ParticipationStateFilter | None:
    return ParticipationStateFilter(state.value) if state else None  # same values


# -- events ----------------------------------------------------------------------------------------


@events_app.command("list")
@with_connection_options
def events_list(json_output: JsonOpt = False, *, settings: Settings) -> None:
    """Every marketing event of the account (all pages)."""
    show_list(
        settings, lambda c: c.events.list(), EVENT_COLUMNS, as_json=json_output, title="Events"
    )


@events_app.command("get")
@with_connection_options
@with_event(positional=True)
def events_get(json_output: JsonOpt = False, *, event: EventRef, settings: Settings) -> None:
    """One event: by --event-id (an event this app created, with its participation counts) or
    by --object-id (any app's event)."""
    show_object(
        settings, lambda c: c.events.get(**event.kwargs), as_json=json_output,
        title=f"Event {event.external_event_id or event.object_id}", event=event,
    )  # fmt: skip


@events_app.command("search")
@with_connection_options
def events_search(
    query: Annotated[str, typer.Argument(metavar="Q", help="Part of an externalEventId")],
    json_output: JsonOpt = False,
    *,
    settings: Settings,
) -> None:
    """This app's events whose externalEventId contains Q."""
    show_list(
        settings, lambda c: c.events.search(query), SEARCH_COLUMNS, as_json=json_output,
        title="Events found",
    )  # fmt: skip


@events_app.command("cancel")
@with_connection_options
@with_event(by_object_id=False)
def events_cancel(json_output: JsonOpt = False, *, event: EventRef, settings: Settings) -> None:
    """Mark an event cancelled."""
    show_object(
        settings, lambda c: c.events.cancel(**event.kwargs), as_json=json_output,
        title=f"Cancelled {event}", event=event,
    )  # fmt: skip


@events_app.command("complete")
@with_connection_options
@with_event(by_object_id=False)
def events_complete(
    start: Annotated[str, typer.Option("--start", help="Final start (ISO 8601 with offset)")],
    end: Annotated[str, typer.Option("--end", help="Final end (ISO 8601 with offset)")],
    json_output: JsonOpt = False,
    *,
    event: EventRef,
    settings: Settings,
) -> None:
    """Mark an event completed, with its final start and end."""
    show_object(
        settings, lambda c: c.events.complete(start_date_time=start, end_date_time=end, **event.kwargs),
        as_json=json_output, title=f"Completed {event}", event=event,
    )  # fmt: skip


# -- participations --------------------------------------------------------------------------------


@participations_app.command("counters")
@with_connection_options
@with_event(positional=True)
def participations_counters(
    json_output: JsonOpt = False, *, event: EventRef, settings: Settings
) -> None:
    """How many contacts registered, attended, cancelled, did not show."""
    show_object(
        settings, lambda c: c.participations.counters(**event.kwargs), as_json=json_output,
        title=f"Participation in {event}", event=event, printer=print_counters,
    )  # fmt: skip


@participations_app.command("breakdown")
@with_connection_options
@with_event(positional=True)
def participations_breakdown(
    state: StateOpt = None,
    contact: Annotated[
        str | None, typer.Option("--contact", help="Only this contact (email or id)")
    ] = None,
    json_output: JsonOpt = False,
    *,
    event: EventRef,
    settings: Settings,
) -> None:
    """Each contact's participation in one event (all pages)."""
    show_list(
        settings,
        lambda c: c.participations.breakdown(state=_state(state), contact=contact, **event.kwargs),
        PARTICIPATION_COLUMNS, as_json=json_output, title="Participations", event=event,
        row=participation_row,
    )  # fmt: skip


@participations_app.command("contact")
@with_connection_options
def participations_contact(
    contact: Annotated[
        str, typer.Argument(metavar="EMAIL_OR_VID", help="The contact's email or HubSpot id")
    ],
    state: StateOpt = None,
    json_output: JsonOpt = False,
    *,
    settings: Settings,
) -> None:
    """One contact's participations across every event (all pages)."""
    show_list(
        settings, lambda c: c.participations.for_contact(contact, _state(state)),
        PARTICIPATION_COLUMNS, as_json=json_output, title=f"Participations of {contact}",
        row=participation_row,
    )  # fmt: skip


# -- lists -----------------------------------------------------------------------------------------


@lists_app.command("associated")
@with_connection_options
@with_event()
def lists_associated(json_output: JsonOpt = False, *, event: EventRef, settings: Settings) -> None:
    """The contact lists associated with an event."""
    show_list(
        settings, lambda c: c.lists.associated(**event.kwargs), LIST_COLUMNS,
        as_json=json_output, title=f"Lists of {event}", event=event,
    )  # fmt: skip


def _association(associate: bool) -> Callable[..., None]:
    """``lists associate`` and ``lists disassociate``: one command body, two client methods."""
    verb = "associate" if associate else "disassociate"

    def command(
        list_id: ListIdArg, json_output: JsonOpt = False, *, event: EventRef, settings: Settings
    ) -> None:
        show_done(
            settings, lambda c: getattr(c.lists, verb)(list_id, **event.kwargs),
            as_json=json_output, data={"listId": list_id, **event.as_json(), "associated": associate},
            message=f"list {list_id} {'associated' if associate else 'no longer associated'} with {event}",
            event=event,
        )  # fmt: skip

    command.__name__ = f"lists_{verb}"
    command.__doc__ = (
        "Associate the contact list LIST_ID with an event."
        if associate
        else "Remove the association of the contact list LIST_ID with an event."
    )
    return command


for _associate in (True, False):
    lists_app.command("associate" if _associate else "disassociate")(
        with_connection_options(with_event()(_association(_associate)))
    )


# -- app settings ----------------------------------------------------------------------------------


#: --app-id and --developer-api-key: the command's ``settings`` become the app's (``for_app``).
with_app = option_group(
    "settings",
    lambda values, kwargs: kwargs["settings"].for_app(
        values["app_id"], values["developer_api_key"]
    ),
    first={"app_id": AppIdOpt, "developer_api_key": DeveloperKeyOpt},
)


@settings_app.command("get")
@with_connection_options
@with_app
def settings_get(json_output: JsonOpt = False, *, settings: Settings) -> None:
    """The app's event settings (the URL of its event details page)."""
    show_object(
        settings, lambda c: c.settings.get(), as_json=json_output,
        title=f"Settings of app {settings.app_id}",
    )  # fmt: skip


@settings_app.command("set")
@with_connection_options
@with_app
def settings_set(
    url: Annotated[
        str,
        typer.Argument(metavar="URL", help="Event details URL; %s in it stands for the event id"),
    ],
    json_output: JsonOpt = False,
    *,
    settings: Settings,
) -> None:
    """Set the URL HubSpot links each of the app's events to (e.g. https://example.com/e/%s)."""
    show_object(
        settings, lambda c: c.settings.update(url), as_json=json_output,
        title=f"Settings of app {settings.app_id}",
    )  # fmt: skip
