"""One bulk command from start to exit code: open, check, stream, report.

The commands in ``_app`` only say *which* endpoint and *which* kind of row; everything they share
(usage checks before anything is sent, the failed-rows file, progress, Ctrl-C, exit codes) is
here, once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.markup import escape

from hubspot_events._client import AsyncHubSpotEvents
from hubspot_events._errors import AuthenticationError, PermissionDeniedError
from hubspot_events._results import BatchResult
from hubspot_events.cli._files import (
    CsvSource,
    FailedOutError,
    FailedRows,
    FailedRowsWriter,
    Format,
    InputFileError,
    Row,
    detect_format,
    jsonl_rows,
    open_input,
)
from hubspot_events.cli._journal import FINISHED, INTERRUPTED, STOPPED, Job, JournalError
from hubspot_events.cli._progress import make_progress
from hubspot_events.cli._report import FailureReport, print_json, summary, summary_line
from hubspot_events.cli._resume import Plan, plan
from hubspot_events.cli._rows import ColumnsError, Kind, Notice, Preparer, preparer
from hubspot_events.cli._run import (
    NOT_SENT,
    Group,
    Ledger,
    RowFailure,
    Send,
    Settle,
    Stopped,
    Tally,
    dry_run,
    groups,
    send_all,
    unsent_rows,
)
from hubspot_events.cli._settings import Settings, UsageProblem
from hubspot_events.cli._signals import Interrupted, StopSignals

EXIT_OK = 0
EXIT_ROWS_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
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
    #: Columns naming the event in a way this run cannot compare, each with why (``Preparer``).
    refuse: dict[str, str] | None = None
    #: Continue the run recorded in the journal (``--resume``); see ``_resume``.
    resume: bool = False
    #: The job journal's path (``--journal``); None: the default (see ``_resume``).
    journal: str | None = None
    #: The command's own options (state, event, ...): ``--resume`` checks they are the same.
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BulkFile:
    """The options every bulk command takes: the file, and how to read, check and report it."""

    path: str
    fmt: str | None = None
    failed_out: str | None = None
    dry_run: bool = False
    as_json: bool = False
    start_line: int = 1
    resume: bool = False
    journal: str | None = None
    #: The command's own options, as given (for the journal; see ``BulkJob.options``).
    options: dict[str, Any] = field(default_factory=dict)

    def job(self, label: str, choose: Choose, **extra: Any) -> BulkJob:
        return BulkJob(
            label=label, path=self.path, fmt=self.fmt, failed_out=self.failed_out,
            dry_run=self.dry_run, as_json=self.as_json, start_line=self.start_line,
            choose=choose, resume=self.resume, journal=self.journal, options=self.options,
            **extra,
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
    #: Writes the failed rows (given the path, and whether to add to it: a resumed run); None
    #: writes ``fmt`` with ``header`` (the input's).
    make_writer: Callable[[str, bool], FailedRows] | None = None
    #: How many rows start at or after a line (the progress bar's total); None estimates it
    #: from the file's lines, right when one row is one line.
    rows_from: Callable[[int], int] | None = None


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
        refuse=job.refuse, notice=notice,
    )  # fmt: skip
    return OpenedInput(fmt, header, rows, prepare, make_send)


def run_bulk(job: BulkJob, settings: Settings) -> int:
    """Run the job; returns the exit code (0 all rows ok, 1 some failed, 2 usage/auth,
    130 Ctrl-C, 143 SIGTERM)."""
    console = stderr_console()
    if not job.dry_run:
        settings.require_token()
    if job.failed_out and job.path != "-" and _same_file(job.failed_out, job.path):
        raise UsageProblem("--failed-out must not be the input file")
    stack = ExitStack()

    def notice(text: str) -> None:
        console.print(f"[yellow]notice[/]: {escape(text)}", soft_wrap=True)

    try:
        with StopSignals() as signals:
            try:
                opened = (job.open or open_plain)(job, stack, notice)
                where = plan(job, opened.fmt, stack, notice)
                if where.finished is not None:
                    return _already_finished(console, where.finished, where)
                writer = _writer(opened, where)
            except (InputFileError, ColumnsError) as error:
                raise UsageProblem(str(error)) from None
            if writer is not None:
                stack.callback(writer.close)
            rows = opened.rows
            if where.start_line > 1:
                rows = _skip_before(rows, where.start_line)
            return _stream(job, settings, console, rows, opened, writer, where, signals)
    except Interrupted as interrupted:  # before a row was read: nothing to report but that
        console.print(f"[yellow]interrupted[/] ({interrupted}) before anything was sent")
        return interrupted.exit_code
    finally:
        stack.close()


def _writer(opened: OpenedInput, where: Plan) -> FailedRows | None:
    """The failed-rows file: replaced by a new run, added to by a resumed one."""
    if not where.failed_out:
        return None
    if opened.make_writer is None:
        return FailedRowsWriter(where.failed_out, opened.fmt, opened.header, append=where.append)
    return opened.make_writer(where.failed_out, where.append)


def _already_finished(console: Console, job: Job, where: Plan) -> int:
    journal = where.journal.path if where.journal else ""
    console.print(
        f"nothing to resume: the run recorded in {escape(journal)} finished, every row accounted "
        f"for ({job.succeeded:,} succeeded, {job.failed:,} failed"
        + (f", in {escape(job.failed_out)})" if job.failed and job.failed_out else ")"),
        soft_wrap=True,
    )
    return EXIT_ROWS_FAILED if job.failed else EXIT_OK


def _size(path: str | None) -> int:
    if path is None:
        return 0
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _stream(
    job: BulkJob,
    settings: Settings,
    console: Console,
    rows: Iterable[Row],
    opened: OpenedInput,
    writer: FailedRows | None,
    where: Plan,
    signals: StopSignals,
) -> int:
    tally = Tally(next_line=where.start_line)
    report = FailureReport(console, where.failed_out)
    total = None
    if opened.rows_from is not None:
        total = opened.rows_from(where.start_line)
    elif where.scan is not None:
        total = max(where.scan.lines - (where.start_line - 1) - (where.start_line <= 1), 0)
    progress = make_progress(job.label, total, console)
    journal = where.journal

    def on_failure(failure: RowFailure) -> None:
        if writer is not None:
            writer.write(failure.row, failure.text, failure.correlation_id)
        report(failure)

    def on_settled(group: Group, succeeded: int, failures: list[RowFailure]) -> None:
        if writer is not None:
            writer.flush()
        if journal is not None:
            journal.settled(
                group.first_line,
                group.rows[-1].line,
                (succeeded, len(failures), group.skipped),
                ((f.row.line, f.text, f.correlation_id) for f in failures),
                read_to=tally.next_line,
                failed_out_size=_size(where.failed_out),
            )

    ledger = Ledger(tally, on_failure, progress.advance, on_settled)

    def settle(group: Group, result: BatchResult[Any]) -> None:
        ledger.settle(group, result)
        signals.check()  # a signal stops the run at this group boundary, whatever else happens

    source: Iterator[Group] = groups(rows, opened.prepare, settings.batch_size, tally)
    extra: dict[str, Any] = {}
    status = FINISHED
    try:
        try:
            if job.dry_run:
                dry_run(source, settle)
            else:
                asyncio.run(_send(opened.make_send, settings, source, settle, tally, signals))
            code, message = _finished(job, tally, opened, where)
        except Stopped as stopped:
            status = STOPPED
            if writer is not None:
                _drain(stopped, source, writer, tally)
            code, message, extra = _stopped(stopped, tally, where)
    except (Interrupted, KeyboardInterrupt) as error:
        status = INTERRUPTED
        code, message, extra = _interrupted(job, tally, error, where)
    except (FailedOutError, JournalError) as error:
        status = STOPPED
        code, message, extra = _cannot_write(error, tally, where)
    finally:
        tally.finished = time.monotonic()
        progress.close()
        report.close()
        if journal is not None:
            with contextlib.suppress(JournalError):
                journal.end(status)
    shared_key = None if job.dry_run else settings.shared_key()
    if shared_key is not None:  # so each process's report says it did not pace alone
        message += f"; rate limit shared through Redis under {shared_key}"
        extra["rate_limit_shared"] = {"redis_key": shared_key}
    console.print(message, soft_wrap=True)
    if journal is not None:
        extra.setdefault("journal", journal.path)
    if job.as_json:
        if opened.summary_extra is not None:
            extra = {**opened.summary_extra(), **extra}
        if tally.not_sent:
            extra["not_sent"] = tally.not_sent
        print_json(summary(tally, failed_out=where.failed_out, dry_run=job.dry_run, extra=extra))
    return code


def _finished(job: BulkJob, tally: Tally, opened: OpenedInput, where: Plan) -> tuple[int, str]:
    """Every row read: 0 or 1, or 2 when every row was for another event (a wrong --event-id)."""
    line = summary_line(job.label, tally, dry_run=job.dry_run, failed_out=where.failed_out)
    if opened.summary_note is not None:
        line += f"; {opened.summary_note()}"
    if tally.skipped and not tally.total:
        others = list(getattr(opened.prepare, "other_events", {}))
        named = ", ".join(others) + (", …" if len(others) >= 5 else "")
        return EXIT_USAGE, escape(line) + (
            f"\n[red]error[/]: no row of {escape(job.path)} is for the event this run records: "
            f"all {tally.skipped:,} rows name other events ({escape(named)}); check --event-id "
            "and --account-id"
        )
    return (EXIT_ROWS_FAILED if tally.failed else EXIT_OK), escape(line)


def _resume_hint(resume: int, where: Plan) -> str:
    if where.journal is not None:
        return (
            f"run the same command with --resume to continue from line {resume} "
            f"(journal {escape(where.journal.path)})"
        )
    return f"resume with --start-line {resume}"


def _interrupted(
    job: BulkJob, tally: Tally, error: BaseException, where: Plan
) -> tuple[int, str, dict[str, Any]]:
    """Ctrl-C or SIGTERM: what got done, and the first line not accounted for."""
    code = error.exit_code if isinstance(error, Interrupted) else EXIT_INTERRUPTED
    name = str(error) if isinstance(error, Interrupted) else "Ctrl-C"
    resume = tally.resume_line()
    ok = "valid" if job.dry_run else "succeeded"
    message = (
        f"[yellow]interrupted[/] ({name}): {tally.total:,} rows accounted for ({tally.succeeded:,} "
        f"{ok}, {tally.failed:,} failed) in {tally.requests:,} requests; "
        + (_resume_hint(resume, where) if resume else "every row was accounted for")
    )
    extra = {"interrupted": True, "signal": name, "resume_line": resume}
    return code, message, extra


def _stopped(stopped: Stopped, tally: Tally, where: Plan) -> tuple[int, str, dict[str, Any]]:
    """An error every later request would hit too: exit 2 for credentials, 1 otherwise."""
    error = stopped.error
    scopes = getattr(error, "missing_scopes", None)
    hint = f" (missing scopes: {', '.join(scopes)})" if scopes else ""
    resume = stopped.resume_line
    unsent = (
        f"; the {tally.not_sent:,} rows not sent are in {escape(where.failed_out)}"
        if tally.not_sent and where.failed_out
        else ""
    )
    message = (
        f"[red]stopped[/]: {escape(stopped.reason + hint)}; {tally.total:,} rows accounted for "
        f"({tally.succeeded:,} succeeded, {tally.failed:,} failed){unsent}"
        + (f"; fix it, then {_resume_hint(resume, where)}" if resume else "")
    )
    code = (
        EXIT_USAGE
        if isinstance(error, AuthenticationError | PermissionDeniedError)
        else EXIT_ROWS_FAILED
    )
    return code, message, {"stopped": stopped.reason, "resume_line": resume}


def _cannot_write(error: Exception, tally: Tally, where: Plan) -> tuple[int, str, dict[str, Any]]:
    """The failed-rows file or the journal cannot be written: stop rather than lose rows."""
    resume = tally.resume_line()
    message = (
        f"[red]stopped[/]: {escape(str(error))}; {tally.total:,} rows accounted for "
        f"({tally.succeeded:,} succeeded, {tally.failed:,} failed)"
        + (f"; make room, then {_resume_hint(resume, where)}" if resume else "")
    )
    return EXIT_ROWS_FAILED, message, {"stopped": str(error), "resume_line": resume}


def _drain(stopped: Stopped, source: Iterator[Group], writer: FailedRows, tally: Tally) -> None:
    """Write every row the stopped run did not send to the failed-rows file, saying why.

    These rows are not committed to the journal: ``--resume`` cuts them off the file again and
    sends them, once the cause is fixed; or the user runs the failed-rows file itself.
    """
    why = f"{NOT_SENT}: not sent, the run stopped at line {stopped.resume_line}: {stopped.reason}"
    for group in itertools.chain(stopped.unsent, source):
        for row, own in unsent_rows(group):
            if own is not None:
                writer.write(row, own.text, own.correlation_id)
            else:
                writer.write(row, why, None)
            tally.not_sent += 1
    writer.flush()


async def _send(
    make_send: MakeSend,
    settings: Settings,
    source: Iterator[Group],
    settle: Settle,
    tally: Tally,
    signals: StopSignals,
) -> None:
    task = asyncio.current_task()
    assert task is not None
    signals.watch(task)
    try:
        async with settings.async_client() as client:
            await send_all(
                source, make_send(client), settle, concurrency=settings.concurrency, tally=tally
            )
    except asyncio.CancelledError:
        signals.check()  # cancelled by a signal: say so (a stray cancellation stays one)
        raise
    finally:
        signals.unwatch()
