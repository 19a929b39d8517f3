"""One bulk command from start to exit code: open, check, stream, report.

The commands in ``_app`` only say *which* endpoint and *which* kind of row; everything they share
(usage checks before anything is sent, the failed-rows file, progress, Ctrl-C, exit codes) is
here, once.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.markup import escape

from hubspot_events._client import AsyncHubSpotEvents
from hubspot_events._errors import AuthenticationError, PermissionDeniedError
from hubspot_events.cli._files import (
    CsvSource,
    FailedRows,
    FailedRowsWriter,
    Format,
    InputFileError,
    Row,
    count_lines,
    detect_format,
    jsonl_rows,
    open_input,
)
from hubspot_events.cli._progress import make_progress
from hubspot_events.cli._report import FailureReport, print_json, summary, summary_line
from hubspot_events.cli._rows import ColumnsError, Kind, Notice, Preparer, preparer
from hubspot_events.cli._run import (
    Group,
    Ledger,
    RowFailure,
    Send,
    Stopped,
    Tally,
    dry_run,
    groups,
    send_all,
)
from hubspot_events.cli._settings import Settings, UsageProblem

EXIT_OK = 0
EXIT_ROWS_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
#: JSONL rows read ahead for the columns ``BulkJob.choose`` decides by.
_PEEK_ROWS = 1000


MakeSend = Callable[[AsyncHubSpotEvents], Send]
#: Picks the kind of row and the client method from the columns a file has (the CSV header, or
#: the fields of the first JSONL object); raises ``ColumnsError`` when they fit no way of sending.
Choose = Callable[[Sequence[str]], tuple[Kind, MakeSend]]


def fixed(kind: Kind, make_send: MakeSend) -> Choose:
    """The usual case: one kind of row, one client method, whatever the columns."""
    return lambda columns: (kind, make_send)


@dataclass(frozen=True)
class BulkJob:
    """A bulk command as the user gave it; ``choose`` picks the kind of row and the client method
    (from the file's columns, for a command whose rows may name events in two ways)."""

    label: str
    path: str
    fmt: str | None
    failed_out: str | None
    dry_run: bool
    as_json: bool
    start_line: int
    choose: Choose
    account_id: str | None = None
    #: Columns a row must match to belong to this run (attendance with --event-id).
    select: dict[str, str] | None = None
    #: How to read the input; None reads our own CSV/JSONL columns (``open_plain``).
    open: Opener | None = None


@dataclass(frozen=True)
class BulkFile:
    """The options every bulk command takes: the file, and how to read, check and report it."""

    path: str
    fmt: str | None = None
    failed_out: str | None = None
    dry_run: bool = False
    as_json: bool = False
    start_line: int = 1

    def job(self, label: str, choose: Choose, **extra: Any) -> BulkJob:
        return BulkJob(
            label=label, path=self.path, fmt=self.fmt, failed_out=self.failed_out,
            dry_run=self.dry_run, as_json=self.as_json, start_line=self.start_line,
            choose=choose, **extra,
        )  # fmt: skip


def stderr_console() -> Console:
    """Messages for people go to stderr; stdout is kept for ``--json``."""
    return Console(stderr=True, highlight=False)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _skip_before(rows: Iterable[Row], start_line: int) -> Iterator[Row]:
    """``--start-line``: resume a stopped run; rows starting before the line are not sent."""
    for row in rows:
        if row.line >= start_line:
            yield row


def _first_fields(rows: Iterator[Row]) -> tuple[list[str], Iterator[Row]]:
    """The fields of the first JSONL object (looked for in the first :data:`_PEEK_ROWS` rows, so
    memory stays bounded), and every row still to be read: none is lost."""
    seen: list[Row] = []
    for row in rows:
        seen.append(row)
        if isinstance(row.data, dict):
            return list(row.data), itertools.chain(seen, rows)
        if len(seen) >= _PEEK_ROWS:
            break
    return [], itertools.chain(seen, rows)


@dataclass
class OpenedInput:
    """What a bulk run reads: the rows, how each becomes an API input, and how it is sent.

    ``open_plain`` makes one from our own CSV/JSONL columns; ``attendance import`` makes one
    from a webinar platform's export (its own reader and row mapping), and the loop, journal,
    progress and report stay the same for both.
    """

    fmt: Format
    header: list[str] | None
    rows: Iterable[Row]
    prepare: Preparer
    make_send: MakeSend
    #: Extra ``--json`` summary fields (e.g. per-state counts), read once the run ends.
    summary_extra: Callable[[], dict[str, Any]] | None = None
    #: Extra words for the summary line (e.g. the time zone local times were read in).
    summary_note: Callable[[], str] | None = None
    #: Writes the failed rows (given the path); None writes ``fmt`` with ``header`` (the input's).
    make_writer: Callable[[str], FailedRows] | None = None


#: Opens the job's input (files it opens are closed by the stack); raises ``InputFileError`` or
#: ``ColumnsError`` (usage errors: nothing is sent) when the input cannot work.
Opener = Callable[["BulkJob", ExitStack, Notice], OpenedInput]


def open_plain(job: BulkJob, stack: ExitStack, notice: Notice) -> OpenedInput:
    """Our own column names (CSV) or the API's JSON shape (JSONL)."""
    fmt = detect_format(job.path, job.fmt)
    stream = open_input(job.path)
    if job.path != "-":
        stack.callback(stream.close)
    header = None
    rows: Iterable[Row]
    if fmt == "csv":
        source = CsvSource(stream, job.path)
        header, rows = source.header, source
    else:
        rows = jsonl_rows(stream)
    columns, rows = (header, rows) if header else _first_fields(iter(rows))
    kind, make_send = job.choose(columns)
    prepare = preparer(
        kind, fmt, header, account_id=job.account_id, check=job.dry_run, select=job.select,
        notice=notice,
    )  # fmt: skip
    return OpenedInput(fmt, header, rows, prepare, make_send)


def run_bulk(job: BulkJob, settings: Settings) -> int:
    """Run the job; returns the exit code (0 all rows ok, 1 some failed, 2 usage/auth, 130 Ctrl-C)."""
    console = stderr_console()
    if not job.dry_run:
        settings.require_token()
    if job.failed_out and job.path != "-" and _same_file(job.failed_out, job.path):
        raise UsageProblem("--failed-out must not be the input file")
    stack = ExitStack()

    def notice(text: str) -> None:
        console.print(f"[yellow]notice[/]: {escape(text)}", soft_wrap=True)

    try:
        try:
            opened = (job.open or open_plain)(job, stack, notice)
            writer: FailedRows | None = None
            if job.failed_out and opened.make_writer is not None:
                writer = opened.make_writer(job.failed_out)
            elif job.failed_out:
                writer = FailedRowsWriter(job.failed_out, opened.fmt, opened.header)
        except (InputFileError, ColumnsError) as error:
            raise UsageProblem(str(error)) from None
        if writer is not None:
            stack.callback(writer.close)
        rows = opened.rows
        if job.start_line > 1:
            rows = _skip_before(rows, job.start_line)
        return _stream(job, settings, console, rows, opened, writer)
    finally:
        stack.close()


def _estimated_total(job: BulkJob, fmt: str) -> int | None:
    lines = count_lines(job.path)
    if lines is None:
        return None
    lines -= max(job.start_line - 1, 0)
    return max(lines - (fmt == "csv" and job.start_line <= 1), 0)


def _stream(
    job: BulkJob,
    settings: Settings,
    console: Console,
    rows: Iterable[Row],
    opened: OpenedInput,
    writer: FailedRows | None,
) -> int:
    tally = Tally()
    report = FailureReport(console, job.failed_out)
    progress = make_progress(job.label, _estimated_total(job, opened.fmt), console)

    def on_failure(failure: RowFailure) -> None:
        if writer is not None:
            writer.write(failure.row, failure.text, failure.correlation_id)
        report(failure)

    ledger = Ledger(tally, on_failure, progress.advance, writer.flush if writer else lambda: None)
    source: Iterator[Group] = groups(rows, opened.prepare, settings.batch_size, tally)
    extra: dict[str, Any] = {}
    try:
        if job.dry_run:
            dry_run(source, ledger.settle)
        else:
            asyncio.run(_send(opened.make_send, settings, source, ledger, tally))
        code = EXIT_ROWS_FAILED if tally.failed else EXIT_OK
        line = summary_line(job.label, tally, dry_run=job.dry_run, failed_out=job.failed_out)
        if opened.summary_note is not None:
            line += f"; {opened.summary_note()}"
        message = escape(line)
    except KeyboardInterrupt:
        code, message, extra = _interrupted(job, tally)
    except Stopped as stopped:
        code, message, extra = _stopped(stopped, tally)
    finally:
        tally.finished = time.monotonic()
        progress.close()
        report.close()
    console.print(message, soft_wrap=True)
    if job.as_json:
        if opened.summary_extra is not None:
            extra = {**opened.summary_extra(), **extra}
        print_json(summary(tally, failed_out=job.failed_out, dry_run=job.dry_run, extra=extra))
    return code


def _interrupted(job: BulkJob, tally: Tally) -> tuple[int, str, dict[str, Any]]:
    """Ctrl-C: what got done, and the first line not accounted for."""
    resume = tally.resume_line()
    ok = "valid" if job.dry_run else "succeeded"
    message = (
        f"[yellow]interrupted[/]: {tally.total:,} rows accounted for ({tally.succeeded:,} {ok}, "
        f"{tally.failed:,} failed) in {tally.requests:,} requests; "
        + (f"resume with --start-line {resume}" if resume else "every row was accounted for")
    )
    return EXIT_INTERRUPTED, message, {"interrupted": True, "resume_line": resume}


def _stopped(stopped: Stopped, tally: Tally) -> tuple[int, str, dict[str, Any]]:
    """An error every later request would hit too: exit 2 for credentials, 1 for the daily limit."""
    error = stopped.error
    scopes = getattr(error, "missing_scopes", None)
    hint = f" (missing scopes: {', '.join(scopes)})" if scopes else ""
    resume = stopped.resume_line
    message = (
        f"[red]stopped[/]: {escape(str(error) + hint)}; {tally.total:,} rows accounted for "
        f"({tally.succeeded:,} succeeded, {tally.failed:,} failed)"
        + (f"; fix it, then resume with --start-line {resume}" if resume else "")
    )
    code = (
        EXIT_USAGE
        if isinstance(error, AuthenticationError | PermissionDeniedError)
        else EXIT_ROWS_FAILED
    )
    return code, message, {"stopped": str(error), "resume_line": resume}


async def _send(
    make_send: MakeSend, settings: Settings, source: Iterator[Group], ledger: Ledger, tally: Tally
) -> None:
    async with settings.async_client() as client:
        await send_all(
            source,
            make_send(client),
            ledger.settle,
            concurrency=settings.concurrency,
            tally=tally,
        )
