"""The ``hubspot-events`` commands: thin typer definitions over ``_bulk``, ``_show`` and the client.

Each command only translates its options into a :class:`~hubspot_events.cli._bulk.BulkJob` or a
client read; checks that need no file or network (exactly one way to name the event, an
``--account-id`` where HubSpot requires one) fail here, with exit code 2, before anything is read.
"""

from __future__ import annotations

import inspect
from enum import StrEnum
from typing import Annotated, Any

import typer

from hubspot_events._client import AsyncHubSpotEvents
from hubspot_events.cli._bulk import BulkJob, run_bulk
from hubspot_events.cli._run import Send
from hubspot_events.cli._settings import (
    OPTIONS,
    GlobalValues,
    Settings,
    UsageProblem,
    with_connection_options,
)
from hubspot_events.cli._show import (
    EVENT_COLUMNS,
    PARTICIPATION_COLUMNS,
    api_errors,
    participation_row,
    print_counters,
    print_list,
    print_object,
)

HELP = """Bulk-sync marketing events, registrations and attendance into HubSpot (Marketing Events API v3).

Files are CSV (header row, UTF-8) or JSONL (one input per line in the API's JSON shape); column
names are the API's field names. Exit codes: 0 all rows ok, 1 some rows failed, 2 usage or
authentication error, 130 interrupted (the message says from which line to resume).
"""

app = typer.Typer(
    name="hubspot-events",
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_show_locals=False,  # locals may hold the access token
)
events_app = typer.Typer(
    help="Create or update events; list and read them back.", no_args_is_help=True
)
attendance_app = typer.Typer(
    help="Record registrations, attendance and cancellations.", no_args_is_help=True
)
participations_app = typer.Typer(
    help="Read participation counters and per-contact breakdowns.", no_args_is_help=True
)
app.add_typer(events_app, name="events")
app.add_typer(attendance_app, name="attendance")
app.add_typer(participations_app, name="participations")


class State(StrEnum):
    register = "register"
    attend = "attend"
    cancel = "cancel"


class BreakdownState(StrEnum):
    REGISTERED = "REGISTERED"
    ATTENDED = "ATTENDED"
    CANCELLED = "CANCELLED"
    NO_SHOW = "NO_SHOW"


InputFile = Annotated[
    str,
    typer.Argument(
        metavar="FILE", help="CSV or JSONL input ('-' reads stdin; then --format is needed)"
    ),
]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format", help="csv or jsonl (default: from the file extension)", show_default=False
    ),
]
FailedOutOpt = Annotated[
    str | None,
    typer.Option(
        "--failed-out", metavar="FILE",
        help="Write failed rows here (same format, plus error and correlationId columns; accepted as input again)",
    ),
]  # fmt: skip
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Validate every row and report bad ones; send nothing")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print a JSON summary to stdout")]
StartLineOpt = Annotated[
    int,
    typer.Option(
        "--start-line", min=1, help="Skip rows that start before this line (resume a stopped run)"
    ),
]
AccountOpt = Annotated[
    str | None, typer.Option("--account-id", help="externalAccountId of the event")
]
EventArg = Annotated[str, typer.Argument(metavar="EVENT_ID", help="externalEventId")]
ReadJsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")]


def _root(ctx: typer.Context, **values: Any) -> None:
    ctx.obj = GlobalValues(values)


_root.__doc__ = HELP
_root.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)]
    + [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
        for name, annotation in OPTIONS.items()
    ]
)
_root.__annotations__ = {"ctx": typer.Context, **OPTIONS}
app.callback()(_root)


def _exit(code: int) -> None:
    if code:
        raise typer.Exit(code)


@events_app.command("upsert")
@with_connection_options
def events_upsert(
    file: InputFile,
    format: FormatOpt = None,
    account_id: Annotated[
        str | None,
        typer.Option(
            "--account-id", help="externalAccountId for rows whose column is empty or absent"
        ),
    ] = None,
    failed_out: FailedOutOpt = None,
    dry_run: DryRunOpt = False,
    json_output: JsonOpt = False,
    start_line: StartLineOpt = 1,
    *,
    settings: Settings,
) -> None:
    """Create or update events from FILE (keyed by externalAccountId + externalEventId).

    Columns: externalEventId, externalAccountId, eventName, eventOrganizer, eventType,
    startDateTime, endDateTime (ISO 8601 with offset), eventDescription, eventUrl, eventCancelled,
    eventCompleted (true/false), customProperties.NAME.
    """

    def make_send(client: AsyncHubSpotEvents) -> Send:
        return client.events.upsert

    job = BulkJob(
        label="events upsert", kind="events", path=file, fmt=format, failed_out=failed_out,
        dry_run=dry_run, as_json=json_output, start_line=start_line, make_send=make_send,
        account_id=account_id,
    )  # fmt: skip
    _exit(run_bulk(job, settings))


@attendance_app.command("record")
@with_connection_options
def attendance_record(
    file: InputFile,
    state: Annotated[
        State, typer.Option("--state", case_sensitive=False, help="What the rows record")
    ],
    event_id: Annotated[
        str | None, typer.Option("--event-id", help="externalEventId of the event")
    ] = None,
    account_id: AccountOpt = None,
    object_id: Annotated[
        str | None,
        typer.Option("--object-id", help="HubSpot's id of the event (instead of --event-id)"),
    ] = None,
    existing_contacts_only: Annotated[
        bool,
        typer.Option(
            "--existing-contacts-only",
            help="Only contacts that exist already (email-upsert); default creates them",
        ),
    ] = False,
    by_contact_id: Annotated[
        bool,
        typer.Option(
            "--by-contact-id", help="Rows name contacts by HubSpot contact id (a vid column)"
        ),
    ] = False,
    format: FormatOpt = None,
    failed_out: FailedOutOpt = None,
    dry_run: DryRunOpt = False,
    json_output: JsonOpt = False,
    start_line: StartLineOpt = 1,
    *,
    settings: Settings,
) -> None:
    """Record --state for every contact in FILE on one event.

    Name the event with --event-id (and --account-id) or with --object-id. Columns: email (or vid
    with --by-contact-id), interactionDateTime (epoch ms or ISO 8601 with offset; empty = now),
    properties.NAME (e.g. properties.joinedAt), contactProperties.NAME (e.g.
    contactProperties.firstname; creates missing contacts with them).

    A file that covers several events may carry externalEventId / externalAccountId columns:
    with --event-id only that event's rows are recorded, the others are skipped.
    """
    if (event_id is None) == (object_id is None):
        raise UsageProblem(
            "name the event with exactly one of --event-id (with --account-id) or --object-id"
        )
    mode = "contact" if by_contact_id else "upsert" if existing_contacts_only else "create"
    if object_id is not None and mode != "create":
        flag = "--by-contact-id" if by_contact_id else "--existing-contacts-only"
        raise UsageProblem(
            f"{flag} needs --event-id and --account-id (HubSpot has no object-id form of it)"
        )
    if mode != "create" and not account_id:
        raise UsageProblem(
            "--account-id is required with --existing-contacts-only and --by-contact-id"
        )
    if object_id is not None and account_id:
        raise UsageProblem("--account-id goes with --event-id, not with --object-id")
    value = state.value

    def make_send(client: AsyncHubSpotEvents) -> Send:
        if mode == "contact":
            assert event_id is not None
            assert account_id is not None
            return lambda rows: client.subscriber_state.upsert_by_contact_id(
                value, rows, external_event_id=event_id, external_account_id=account_id
            )
        if mode == "upsert":
            assert event_id is not None
            assert account_id is not None
            return lambda rows: client.subscriber_state.upsert_by_email(
                value, rows, external_event_id=event_id, external_account_id=account_id
            )
        if object_id is not None:
            return lambda rows: client.attendance.record_by_email(value, rows, object_id=object_id)
        assert event_id is not None
        return lambda rows: client.attendance.record_by_email(
            value, rows, external_event_id=event_id, external_account_id=account_id
        )

    job = BulkJob(
        label=f"attendance {value}", kind="contact" if by_contact_id else "email", path=file, fmt=format,
        failed_out=failed_out, dry_run=dry_run, as_json=json_output, start_line=start_line,
        make_send=make_send, select=_selector(event_id, account_id),
    )  # fmt: skip
    _exit(run_bulk(job, settings))


def _selector(event_id: str | None, account_id: str | None) -> dict[str, str] | None:
    """With --event-id, a file's externalEventId/externalAccountId columns pick the rows to record."""
    if event_id is None:
        return None
    select = {"externalEventId": event_id}
    if account_id:
        select["externalAccountId"] = account_id
    return select


@events_app.command("list")
@with_connection_options
def events_list(json_output: ReadJsonOpt = False, *, settings: Settings) -> None:
    """Every marketing event of the account (all pages)."""
    with api_errors(), settings.client() as client:
        items = (event.to_dict() for event in client.events.list())
        print_list(items, EVENT_COLUMNS, as_json=json_output, title="Events")


@events_app.command("get")
@with_connection_options
def events_get(
    event_id: EventArg,
    account_id: Annotated[str, typer.Option("--account-id", help="externalAccountId of the event")],
    json_output: ReadJsonOpt = False,
    *,
    settings: Settings,
) -> None:
    """One event created by this app, with its participation counts."""
    with api_errors(), settings.client() as client:
        event = client.events.get(event_id, account_id)
        print_object(event.to_dict(), as_json=json_output, title=f"Event {event_id}")


@participations_app.command("counters")
@with_connection_options
def participations_counters(
    event_id: EventArg,
    account_id: Annotated[str, typer.Option("--account-id", help="externalAccountId of the event")],
    json_output: ReadJsonOpt = False,
    *,
    settings: Settings,
) -> None:
    """How many contacts registered, attended, cancelled, did not show."""
    with api_errors(), settings.client() as client:
        counters = client.participations.counters(event_id, account_id)
        print_counters(
            counters.to_dict(), as_json=json_output, title=f"Participation of {event_id}"
        )


@participations_app.command("breakdown")
@with_connection_options
def participations_breakdown(
    event_id: EventArg,
    account_id: Annotated[str, typer.Option("--account-id", help="externalAccountId of the event")],
    state: Annotated[
        BreakdownState | None, typer.Option("--state", case_sensitive=False, help="Only this state")
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", help="Only this contact (email or id)")
    ] = None,
    json_output: ReadJsonOpt = False,
    *,
    settings: Settings,
) -> None:
    """Each contact's participation in one event (all pages)."""
    with api_errors(), settings.client() as client:
        pager = client.participations.breakdown(
            event_id, account_id, state.value if state else None, contact=contact
        )
        if json_output:
            print_list((p.to_dict() for p in pager), (), as_json=True, title="Participations")
        else:
            rows = (participation_row(p.to_dict()) for p in pager)
            print_list(rows, PARTICIPATION_COLUMNS, as_json=False, title="Participations")


@app.command("sandbox")
def sandbox(
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port (0: any free one)")
    ] = 8080,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on")] = "127.0.0.1",
    rate_limit: Annotated[
        str, typer.Option("--rate-limit", help="Rolling-window limit like HubSpot's (N/Ts), or off")
    ] = "100/10s",
    fail_rate: Annotated[
        float,
        typer.Option(
            "--fail-rate", min=0.0, max=1.0, help="Share of requests answered with a fault"
        ),
    ] = 0.0,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed for the fault injection (reproducible runs)")
    ] = None,
    token: Annotated[
        str | None,
        typer.Option("--token", help="Accept only this bearer token (default: any non-empty one)"),
    ] = None,
    daily_limit: Annotated[
        int | None, typer.Option("--daily-limit", min=1, help="Requests per day before DAILY 429s")
    ] = None,
) -> None:
    """Run the fake HubSpot on loopback for demos and tests (Ctrl-C stops it).

    Point the other commands at it with --base-url http://HOST:PORT and any token.
    """
    from hubspot_events.testing import serve

    limit = None if rate_limit.strip().lower() in ("off", "none") else rate_limit
    typer.echo(
        f"fake HubSpot: rate limit {limit or 'off'}, fail rate {fail_rate}; accepts "
        f"{'only the --token given' if token else 'any token'}; Ctrl-C stops it",
        err=True,
    )
    try:
        serve(
            host, port, rate_limit=limit, fail_rate=fail_rate, seed=seed, token=token,
            daily_limit=daily_limit,
        )  # fmt: skip
    except ValueError as error:  # a rate limit or fail rate the fake cannot use
        raise typer.BadParameter(str(error), param_hint="--rate-limit / --fail-rate") from None
    except OSError as error:  # port in use, address not available
        message = f"cannot listen on {host}:{port}: {error.strerror or error}"
        raise typer.BadParameter(message, param_hint="--host / --port") from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
