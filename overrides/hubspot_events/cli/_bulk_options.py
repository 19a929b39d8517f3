"""The options every bulk command shares: FILE, then how to read, check and report it.

Why a module of their own: the bulk commands of ``_app`` and ``attendance import`` (``_import``)
both take them, and neither command module should import the other. :func:`bulk_file_options`
adds them to a command's signature and hands the command one :class:`~hubspot_events.cli._bulk.BulkFile`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from hubspot_events.cli._bulk import BulkFile
from hubspot_events.cli._options import option_group

__all__ = ["bulk_file_options", "with_bulk_file"]

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
ResumeOpt = Annotated[
    bool,
    typer.Option(
        "--resume",
        help="Continue the stopped run recorded in the job journal: rows it confirmed are not "
        "sent again, failed rows are kept, rows that were in flight are sent again",
    ),
]
JournalOpt = Annotated[
    str | None,
    typer.Option(
        "--journal", metavar="FILE",
        help="The job journal (SQLite) that --resume reads (default: beside --failed-out, else "
        "beside FILE, named FILE.journal; stdin input keeps one only with this option)",
    ),
]  # fmt: skip


#: FILE first, then the command's own options, then how to read, check and report the file.
#: The command's own options go into the job too: the journal checks ``--resume`` against them.
def bulk_file_options(file: Any, *, formats: bool = True) -> Callable[..., Any]:
    """FILE first (``file`` is its typer argument), then the command's own options, then how to
    read, check and report the file; ``formats`` adds ``--format`` (a platform export needs none:
    its preset says how to read it)."""
    last: dict[str, Any] = {
        "failed_out": FailedOutOpt, "dry_run": (DryRunOpt, False), "json_output": (JsonOpt, False),
        "start_line": (StartLineOpt, 1), "resume": (ResumeOpt, False), "journal": JournalOpt,
    }  # fmt: skip
    if formats:
        last = {"format": FormatOpt, **last}
    return option_group(
        "bulk",
        lambda values, kwargs: BulkFile(
            path=values["file"], fmt=values.get("format"), failed_out=values["failed_out"],
            dry_run=values["dry_run"], as_json=values["json_output"], start_line=values["start_line"],
            resume=values["resume"], journal=values["journal"],
            options={name: value for name, value in kwargs.items() if name != "settings"},
        ),
        first={"file": (file, inspect.Parameter.empty)},
        last=last,
    )  # fmt: skip


with_bulk_file = bulk_file_options(InputFile)
