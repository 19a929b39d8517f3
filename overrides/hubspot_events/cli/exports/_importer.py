"""An export as a bulk run's input: read it all once (staged on disk), then stream people.

The first pass reads every row before anything is sent, which is what lets a wrong file, a
missing ``--timezone`` or ``--event-id`` on a file covering several events fail as a usage
error with nothing written; the second pass streams one person per row into the shared bulk
loop (``_bulk.run_bulk``), which brings progress, ``--failed-out``, Ctrl-C and exit codes.
"""

from __future__ import annotations

import os
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import tzinfo
from itertools import islice
from typing import Any

from rich.console import Console

from hubspot_events.cli._bulk import BulkJob, OpenedInput
from hubspot_events.cli._files import FailedRows, InputFileError, Row, count_lines
from hubspot_events.cli._progress import make_progress
from hubspot_events.cli._rows import Notice, Preparer, RowError
from hubspot_events.cli.exports._failed import ExportFailedRows
from hubspot_events.cli.exports._interpret import Interpreter, Reading
from hubspot_events.cli.exports._mapping import ExportMapping
from hubspot_events.cli.exports._people import person_row
from hubspot_events.cli.exports._preview import PREVIEW_PEOPLE, preview
from hubspot_events.cli.exports._send import STATES, RoutedSend
from hubspot_events.cli.exports._staging import Staging
from hubspot_events.cli.exports._table import Table, locate_table
from hubspot_events.cli.exports._times import NeedsZone

_SHOWN_EVENTS = 5


def _rows(count: int) -> str:
    return f"{count:,} row{'s' * (count != 1)}"


@dataclass(frozen=True)
class ImportOptions:
    mapping: ExportMapping
    event_id: str | None
    account_id: str | None
    timezone: tzinfo | None
    timezone_name: str | None
    date_format: str | None
    encoding: str | None
    delimiter: str | None


class PersonPreparer(Preparer):
    """The bulk loop's per-row step: a person's input, or its error (``RowError``)."""

    def __init__(self, *, check: bool) -> None:
        super().__init__("email", check=check)
        self.planned: Counter[str] = Counter()

    def __call__(self, row: Row) -> dict[str, Any]:
        data = row.data
        assert isinstance(data, dict)
        if "error" in data:
            field, message = data["error"]
            raise RowError(field, message)
        person: dict[str, Any] = data["input"]
        for state, record in person["records"].items():
            self.validate(dict(record))
            self.planned[state] += 1
        return person


class ExportImport:
    """``BulkJob.open`` for one export; keeps what the summary reports."""

    def __init__(self, options: ImportOptions, console: Console) -> None:
        self.options = options
        self.console = console
        self.send = RoutedSend()
        self.table: Table | None = None
        self.reading = Reading()
        self.merged = (0, 0)
        self.preparer: PersonPreparer | None = None
        self.dry_run = False
        self.local_times = 0

    def open(self, job: BulkJob, stack: ExitStack, notice: Notice) -> OpenedInput:
        options, mapping = self.options, self.options.mapping
        self.dry_run = job.dry_run
        table = self.table = locate_table(
            job.path, mapping, encoding=options.encoding, delimiter=options.delimiter
        )
        if "eventId" not in table.index and options.event_id is None:
            columns = " or ".join(mapping.sources("eventId")) or "none in this mapping"
            raise InputFileError(
                "name the event with --event-id (and --account-id): this file has no event id "
                f"column ({columns})"
            )
        try:
            interpreter = Interpreter(
                mapping, table, timezone=options.timezone, date_format=options.date_format,
                event_id=options.event_id, account_id=options.account_id,
            )  # fmt: skip
        except ValueError as error:
            raise InputFileError(str(error)) from None
        for text in interpreter.notices:
            notice(text)
        notice(
            f"reading {f'from line {table.header_line} of ' if table.header_line > 1 else ''}"
            f"{job.path} ({table.encoding}, {table.delimiter_name}-separated) before sending "
            "anything: repeat joins and duplicate emails are merged across the whole file"
        )
        staging = Staging()
        stack.callback(staging.close)
        # Reading a million rows takes a while before the first request: show it moving.
        lines = count_lines(job.path)
        total = max(lines - table.header_line, 0) if lines is not None else None
        progress = make_progress(f"reading {os.path.basename(job.path)}", total, self.console)
        try:
            for row in table.rows(mapping):
                read = interpreter.read(row)
                if read is not None:
                    staging.add(row.line, *read)
                progress.advance(1, 0)
        except NeedsZone as needs:
            raise InputFileError(str(needs)) from None
        finally:
            progress.close()
        self.reading = interpreter.reading
        self.local_times = interpreter.local_times
        self._check_events(job)
        people, rows, examples = staging.finish()
        self.merged = (people, rows)
        if people:
            shown = ", ".join("+".join(str(n) for n in lines) for lines in examples)
            notice(
                f"{rows:,} rows merged into {people:,} contact{'s' * (people > 1)} (the same email on one event: "
                f"repeat joins or several tickets; each is sent once), e.g. lines {shown}"
            )
        if self.reading.ignored:
            notice(
                f"{sum(self.reading.ignored.values()):,} rows record nothing and are not sent: {self._ignored()}"
            )
        has_join = "joinedAt" in table.index or "at" in table.index
        self.preparer = PersonPreparer(check=job.dry_run)
        if job.dry_run:
            self._preview(staging, has_join)
        return OpenedInput(
            fmt="csv",
            header=table.header,
            rows=(person_row(staged, has_join) for staged in staging.people()),
            prepare=self.preparer,
            make_send=self.send,
            summary_extra=self.summary_extra,
            summary_note=self.summary_note,
            make_writer=self.make_writer,
            rows_from=staging.people_from,
        )

    def _check_events(self, job: BulkJob) -> None:
        events = self.reading.events
        if self.options.event_id is not None and len(events) > 1:
            column = " or ".join(self.options.mapping.sources("eventId"))
            listed = ", ".join(sorted(events)[:_SHOWN_EVENTS]) + (
                ", ..." if len(events) > _SHOWN_EVENTS else ""
            )
            raise InputFileError(
                f"the file covers {len(events)}{'+' if len(events) >= 1000 else ''} events in its "
                f"{column} column ({listed}): drop --event-id to record each row on its own "
                "event, or split the file"
            )

    def _ignored(self) -> str:
        return ", ".join(
            f"{reason}: {count:,}" for reason, count in self.reading.ignored.most_common()
        )

    def _preview(self, staging: Staging, has_join: bool) -> None:
        shown: list[tuple[list[int], dict[str, Any] | str]] = []
        for staged in islice(staging.people(), PREVIEW_PEOPLE):
            row = person_row(staged, has_join)
            data = row.data
            assert isinstance(data, dict)
            if row.problem is not None:
                shown.append((data["lines"], row.problem))
            elif "error" in data:
                shown.append((data["lines"], f"{data['error'][0]}: {data['error'][1]}"))
            else:
                shown.append((data["lines"], data["input"]))
        preview(self.console, shown, f"First {len(shown)} contacts as they will be sent")

    def make_writer(self, path: str, append: bool = False) -> FailedRows:
        assert self.table is not None
        return ExportFailedRows(path, self.table.header, append=append)

    def _states(self) -> dict[str, int]:
        counts = self.preparer.planned if self.dry_run and self.preparer else self.send.recorded
        return {state: counts[state] for state in STATES}

    def zone_text(self) -> str:
        name = self.options.timezone_name
        if self.local_times and name:
            return f"local times read in {name}"
        if self.local_times:
            return "local times read in the zones the mapping names"
        return "times read with their own UTC offsets"

    def summary_note(self) -> str:
        verb = "to record" if self.dry_run else "recorded"
        states = ", ".join(f"{state} {count:,}" for state, count in self._states().items())
        parts = [f"{verb}: {states}", self.zone_text()]
        if self.merged[0]:
            people = self.merged[0]
            parts.append(
                f"{self.merged[1]:,} rows merged into {people:,} contact{'s' * (people > 1)}"
            )
        if self.reading.ignored:
            parts.append(f"{_rows(sum(self.reading.ignored.values()))} ignored ({self._ignored()})")
        return "; ".join(parts)

    def summary_extra(self) -> dict[str, Any]:
        table = self.table
        return {
            "preset": self.options.mapping.name,
            "states": self._states(),
            "timezone": self.options.timezone_name,
            "encoding": table.encoding if table else None,
            "delimiter": table.delimiter if table else None,
            "merged_contacts": self.merged[0],
            "merged_rows": self.merged[1],
            "ignored_rows": sum(self.reading.ignored.values()),
            "ignored": dict(self.reading.ignored),
        }
