"""The ``hubspot-events`` command tree: the root app, its groups, and what every group shares.

The commands themselves live in ``_app`` (bulk runs, the sandbox), ``_import`` (a platform's
export, the presets) and ``_oneshot`` (one request each); each registers on the groups defined
here, so none has to import another, and ``_commands`` imports them all (in ``--help`` order).
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any

import typer

from hubspot_events._version import __version__
from hubspot_events.cli._settings import APP_ID_ENV, OPTIONS, GlobalValues

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
    help="Create, update, delete, cancel and complete events; find and read them.",
    no_args_is_help=True,
)
attendance_app = typer.Typer(
    help="Record registrations, attendance and cancellations.", no_args_is_help=True
)
participations_app = typer.Typer(
    help="Read participation counters and per-contact breakdowns.", no_args_is_help=True
)
lists_app = typer.Typer(
    help="Contact lists associated with an event: show, associate, disassociate.",
    no_args_is_help=True,
)
settings_app = typer.Typer(
    help="The app's event settings (the URL of its event details page).", no_args_is_help=True
)
app.add_typer(events_app, name="events")
app.add_typer(attendance_app, name="attendance")
app.add_typer(participations_app, name="participations")
app.add_typer(lists_app, name="lists")
app.add_typer(settings_app, name="settings")

AppIdOpt = Annotated[
    int | None,
    typer.Option(
        "--app-id", envvar=APP_ID_ENV, min=1, show_default=False,
        help="HubSpot's id of your app (HubSpot requires it here)",
    ),
]  # fmt: skip


def _print_version(value: bool) -> None:
    """``--version``: print the package's version (``hubspot_events.__version__``) and stop."""
    if value:
        typer.echo(f"hubspot-events {__version__}")
        raise typer.Exit()


VersionOpt = Annotated[
    bool,
    typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Print the version and exit",
    ),
]  # fmt: skip


def _root(ctx: typer.Context, version: bool = False, **values: Any) -> None:
    ctx.obj = GlobalValues(values)


_root.__doc__ = HELP
_root.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
        inspect.Parameter(
            "version", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=VersionOpt
        ),
    ]
    + [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
        for name, annotation in OPTIONS.items()
    ]
)
_root.__annotations__ = {"ctx": typer.Context, "version": VersionOpt, **OPTIONS}
app.callback()(_root)


def exit_with(code: int) -> None:
    """End the command with ``code`` (0 returns normally)."""
    if code:
        raise typer.Exit(code)
