"""``attendance import`` (a webinar platform's export, read natively) and ``presets``.

The command only turns options into an :class:`~hubspot_events.cli.exports._importer.ExportImport`
(its reader is the bulk job's ``open``), so the loop, progress, ``--failed-out``, Ctrl-C and exit
codes are the ones every bulk command has. Importing this module registers both commands.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from hubspot_events.cli._apps import app, attendance_app, exit_with
from hubspot_events.cli._bulk import BulkFile, fixed, run_bulk, stderr_console
from hubspot_events.cli._bulk_options import bulk_file_options
from hubspot_events.cli._settings import Settings, UsageProblem, with_connection_options
from hubspot_events.cli.exports._importer import ExportImport, ImportOptions
from hubspot_events.cli.exports._mapping import (
    ExportMapping,
    MappingError,
    load_map,
    load_preset,
    preset_names,
)
from hubspot_events.cli.exports._times import zone

PresetOpt = Annotated[
    str | None,
    typer.Option(
        "--preset", metavar="NAME",
        help="The export's format: zoom-attendees, zoom-registrants, zoom-participants, "
        "teams-attendance, eventbrite-attendees, goto-attendees (see `hubspot-events presets`)",
    ),
]  # fmt: skip
MapOpt = Annotated[
    str | None,
    typer.Option(
        "--map", metavar="MAP.toml",
        help="Your own mapping for any other export (written like a preset)",
    ),
]  # fmt: skip


def _mapping(preset: str | None, map_file: str | None) -> ExportMapping:
    if (preset is None) == (map_file is None):
        raise UsageProblem(
            "pass exactly one of --preset NAME (one of "
            f"{', '.join(preset_names())}) or --map MAP.toml"
        )
    try:
        return load_preset(preset) if preset is not None else load_map(str(map_file))
    except MappingError as error:
        raise UsageProblem(str(error)) from None


ExportFile = Annotated[
    str,
    typer.Argument(
        metavar="FILE",
        help="The platform's export as it downloaded it (CSV or tab-separated, any encoding)",
    ),
]


@attendance_app.command("import")
@with_connection_options
@bulk_file_options(ExportFile, formats=False)
def attendance_import(
    preset: PresetOpt = None,
    map_file: MapOpt = None,
    event_id: Annotated[
        str | None,
        typer.Option(
            "--event-id", help="externalEventId of the event (unless the file names events)"
        ),
    ] = None,
    account_id: Annotated[
        str | None, typer.Option("--account-id", help="externalAccountId of the event")
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            metavar="ZONE",
            help="IANA zone the file's offset-less times are in (e.g. America/New_York); required when they have no offset",
        ),
    ] = None,
    date_format: Annotated[
        str | None,
        typer.Option(
            "--date-format",
            metavar="FORMAT",
            help="strptime format of the file's times (e.g. '%d.%m.%Y, %H:%M:%S'); replaces the preset's",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="utf-8, utf-16, cp1252, ... (default: detected)"),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter", help="comma, semicolon, tab or one character (default: detected)"
        ),
    ] = None,
    *,
    bulk: BulkFile,
    settings: Settings,
) -> None:
    """Record every state a webinar platform's export implies: registrations, attendances
    (first join, with joinedAt/leftAt) and cancellations, in one run.

    Skips preambles and host/panelist sections, merges repeat joins and duplicated emails,
    reads offset-less times in --timezone. With --dry-run, shows the first contacts as they
    will be sent. Failed rows go to --failed-out in the export's own columns.
    """
    mapping = _mapping(preset, map_file)
    if bulk.path == "-":
        raise UsageProblem("attendance import reads a file (it is read twice), not stdin")
    if date_format is not None and "%" not in date_format:
        raise UsageProblem(
            f"--date-format {date_format!r} has no % directive; e.g. '%m/%d/%Y %I:%M:%S %p'"
        )
    zone_name = timezone or mapping.timezone
    try:
        tz = zone(zone_name) if zone_name else None
    except ValueError as error:
        raise UsageProblem(str(error)) from None
    options = ImportOptions(
        mapping=mapping, event_id=event_id, account_id=account_id, timezone=tz,
        timezone_name=zone_name, date_format=date_format, encoding=encoding, delimiter=delimiter,
    )  # fmt: skip
    importer = ExportImport(options, stderr_console())
    job = bulk.job(
        f"attendance import ({mapping.name})", fixed("email", importer.send), open=importer.open
    )
    exit_with(run_bulk(job, settings))


@app.command("presets")
def presets(
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON instead of text")] = False,
) -> None:
    """The export formats `attendance import --preset` reads, and what each maps."""
    mappings = [load_preset(name) for name in preset_names()]
    if json_output:
        print(
            json.dumps([{"name": m.name, "title": m.title, "maps": m.describe()} for m in mappings])
        )
        return
    out = Console(highlight=False, soft_wrap=True)
    for mapping in mappings:
        out.print(f"[bold]{escape(mapping.name)}[/]: {escape(mapping.title)}")
        for line in mapping.describe():
            out.print(f"  {escape(line)}")
