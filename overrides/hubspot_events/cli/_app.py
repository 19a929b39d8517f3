"""The bulk ``hubspot-events`` commands and the sandbox: thin typer definitions over ``_bulk``.

Each command only translates its options into a :class:`~hubspot_events.cli._bulk.BulkJob`
(the options every bulk command shares come from ``_bulk_options.with_bulk_file``);
checks that need no file or network (exactly one way to name the event, an ``--account-id``
where HubSpot requires one) fail here, with exit code 2, before anything is read. The one-shot
commands (one request each) are in ``_oneshot``; ``_commands`` registers every module's commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated

import typer

from hubspot_events import SubscriberState
from hubspot_events._client import AsyncHubSpotEvents
from hubspot_events.cli._apps import (
    AppIdOpt,
    app,
    attendance_app,
    events_app,
    exit_with,
)
from hubspot_events.cli._bulk import BulkFile, Choose, MakeSend, fixed, run_bulk
from hubspot_events.cli._bulk_options import with_bulk_file
from hubspot_events.cli._rows import Kind
from hubspot_events.cli._run import Send
from hubspot_events.cli._settings import APP_ID_ENV, Settings, UsageProblem, with_connection_options


class State(StrEnum):
    register = "register"
    attend = "attend"
    cancel = "cancel"


AccountOpt = Annotated[
    str | None, typer.Option("--account-id", help="externalAccountId of the event")
]
RowsAccountOpt = Annotated[
    str | None,
    typer.Option("--account-id", help="externalAccountId for rows whose column is empty or absent"),
]


@events_app.command("upsert")
@with_connection_options
@with_bulk_file
def events_upsert(account_id: RowsAccountOpt = None, *, bulk: BulkFile, settings: Settings) -> None:
    """Create or update events from FILE (keyed by externalAccountId + externalEventId).

    Columns: externalEventId, externalAccountId, eventName, eventOrganizer, eventType,
    startDateTime, endDateTime (ISO 8601 with offset), eventDescription, eventUrl, eventCancelled,
    eventCompleted (true/false), customProperties.NAME.
    """

    def make_send(client: AsyncHubSpotEvents) -> Send:
        return client.events.upsert

    job = bulk.job("events upsert", fixed("events", make_send), account_id=account_id)
    exit_with(run_bulk(job, settings))


@events_app.command("update")
@with_connection_options
@with_bulk_file
def events_update(*, bulk: BulkFile, settings: Settings) -> None:
    """Change fields of the events FILE names by objectId (HubSpot's id).

    Columns: objectId, then the fields to change, named as for upsert (eventName, eventOrganizer,
    eventType, startDateTime, endDateTime, eventDescription, eventUrl, eventCancelled,
    customProperties.NAME); an empty cell leaves its field unchanged.
    """

    def make_send(client: AsyncHubSpotEvents) -> Send:
        return client.events.update_many

    exit_with(run_bulk(bulk.job("events update", fixed("event-changes", make_send)), settings))


@events_app.command("delete")
@with_connection_options
@with_bulk_file
def events_delete(
    account_id: RowsAccountOpt = None,
    app_id: AppIdOpt = None,
    *,
    bulk: BulkFile,
    settings: Settings,
) -> None:
    """Delete the events FILE names, with their participations.

    One way per file: an objectId column (HubSpot's ids, any app's events), or an externalEventId
    column with externalAccountId (or --account-id) and --app-id (events of that app).
    """
    job = bulk.job("events delete", _deletes(account_id, app_id), account_id=account_id)
    exit_with(run_bulk(job, settings))


def _deletes(account_id: str | None, app_id: int | None) -> Choose:
    """``events delete``: the file's id column picks the endpoint (see ``BulkJob.choose``)."""

    def by_object_id(client: AsyncHubSpotEvents) -> Send:
        return lambda rows: client.events.delete_many(object_ids=rows)

    def by_external_id(client: AsyncHubSpotEvents) -> Send:
        return lambda rows: client.events.delete_many(external_event_ids=rows, app_id=app_id)

    def choose(columns: Sequence[str]) -> tuple[Kind, MakeSend]:
        by_object, by_external = "objectId" in columns, "externalEventId" in columns
        if by_object == by_external:
            found = (
                "both objectId and externalEventId"
                if by_object
                else "no objectId or externalEventId"
            )
            raise UsageProblem(
                f"the file has {found} column: name the events one way per file, by objectId "
                "(HubSpot's ids) or by externalEventId (with an externalAccountId column or "
                f"--account-id, and --app-id); its columns are: {', '.join(columns) or '(none)'}"
            )
        if by_object and account_id:
            raise UsageProblem(
                "--account-id goes with externalEventId rows, not with objectId rows"
            )
        if by_object:
            return "object-ids", by_object_id
        if app_id is None:
            raise UsageProblem(
                f"deleting by externalEventId needs --app-id (or {APP_ID_ENV}): the id of the "
                "app that created the events (or use an objectId column instead)"
            )
        return "event-ids", by_external_id

    return choose


@attendance_app.command("record")
@with_connection_options
@with_bulk_file
def attendance_record(
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
    *,
    bulk: BulkFile,
    settings: Settings,
) -> None:
    """Record --state for every contact in FILE on one event.

    Name the event with --event-id (and --account-id) or with --object-id. Columns: email (or vid
    with --by-contact-id), interactionDateTime (epoch ms or ISO 8601 with offset; empty = now),
    properties.NAME (e.g. properties.joinedAt), contactProperties.NAME (e.g.
    contactProperties.firstname; creates missing contacts with them).

    A file that covers several events may carry externalEventId / externalAccountId columns:
    with --event-id only that event's rows are recorded, the others are skipped (and a file none
    of whose rows is for the event is an error). With --object-id, an objectId column does the
    same; a file naming events by externalEventId cannot be matched to an object id, so it is
    refused.
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
    value = SubscriberState(state.value)  # the CLI's choice as the client's enum (same values)

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

    job = bulk.job(
        f"attendance {value}",
        fixed("contact" if by_contact_id else "email", make_send),
        select=_selector(event_id, account_id, object_id),
        refuse=_refused(event_id, object_id),
    )
    exit_with(run_bulk(job, settings))


def _selector(
    event_id: str | None, account_id: str | None, object_id: str | None
) -> dict[str, str]:
    """The columns that pick a multi-event file's rows for this run's event: externalEventId
    (and externalAccountId) with --event-id, objectId with --object-id."""
    if object_id is not None:
        return {"objectId": object_id}
    select = {"externalEventId": event_id or ""}
    if account_id:
        select["externalAccountId"] = account_id
    return select


def _refused(event_id: str | None, object_id: str | None) -> dict[str, str]:
    """Columns naming events the other way: no row can be matched to this run's event by them,
    so a file with them is refused rather than every row recorded on the one event."""
    if object_id is not None:
        why = (
            f"rows that name events by external id cannot be matched to --object-id {object_id}; "
            "name the event with --event-id and --account-id instead (rows for other events "
            "are then skipped), or remove the column"
        )
        return {"externalEventId": why, "externalAccountId": why}
    why = (
        f"rows that name events by HubSpot's objectId cannot be matched to --event-id {event_id}; "
        "name the event with --object-id instead (rows for other events are then skipped), or "
        "remove the column"
    )
    return {"objectId": why}


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
    developer_api_key: Annotated[
        str | None,
        typer.Option(
            "--developer-api-key",
            help="Accept only this developer key (hapikey) for app settings (default: any)",
        ),
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
            daily_limit=daily_limit, developer_api_key=developer_api_key,
        )  # fmt: skip
    except ValueError as error:  # a rate limit or fail rate the fake cannot use
        raise typer.BadParameter(str(error), param_hint="--rate-limit / --fail-rate") from None
    except OSError as error:  # port in use, address not available
        message = f"cannot listen on {host}:{port}: {error.strerror or error}"
        raise typer.BadParameter(message, param_hint="--host / --port") from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
