"""Which journal a bulk run keeps, and where it starts: fresh, ``--start-line N``, or ``--resume``.

The rules, checked before anything is sent (a :class:`UsageProblem`, exit 2, otherwise):

- a real run (not ``--dry-run``) keeps a journal at ``--journal PATH``, else beside its
  ``--failed-out`` file, else beside its input (``FILE.journal``): a re-run of the same command
  finds it again. Input from stdin keeps one only with ``--journal``.
- ``--resume`` continues the run recorded there: the same command and options, the same input
  (size and SHA-256 unchanged), from the first line not accounted for; the failed-rows file is
  cut back to what the journal counted and added to, so no failed row is lost or written twice.
  No journal, another command, a changed file: refused, saying why. A finished run says so.
- a run without ``--resume`` over the journal of an *unfinished* run is refused ("--resume, or
  --journal NEW"): starting over silently would lose the record of where it stopped. After a
  finished run, or with an explicit ``--start-line N``, a new journal replaces the old one.
- ``--start-line N`` (N > 1) and ``--resume`` add to the failed-rows file instead of replacing it.
"""

from __future__ import annotations

import json
import os
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, Protocol

from hubspot_events.cli._files import FileScan, scan_file
from hubspot_events.cli._journal import Job, Journal, JournalError, default_path, same_path
from hubspot_events.cli._rows import Notice
from hubspot_events.cli._settings import UsageProblem


class JobOptions(Protocol):
    """What the start of a run is decided from: the options of the bulk job as the user gave them.

    Why a protocol: ``_bulk.BulkJob`` is this and more, and ``_bulk`` calls :func:`plan`; naming
    only what is read here keeps the import running one way (``_bulk`` -> ``_resume``).
    """

    @property
    def label(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def failed_out(self) -> str | None: ...
    @property
    def dry_run(self) -> bool: ...
    @property
    def start_line(self) -> int: ...
    @property
    def account_id(self) -> str | None: ...
    @property
    def select(self) -> dict[str, str] | None: ...
    @property
    def resume(self) -> bool: ...
    @property
    def journal(self) -> str | None: ...
    @property
    def options(self) -> dict[str, Any]: ...


@dataclass
class Plan:
    """Where the run starts and what it writes to."""

    journal: Journal | None
    start_line: int
    failed_out: str | None
    #: Add to the failed-rows file (a resumed or ``--start-line`` run) instead of replacing it.
    append: bool
    scan: FileScan | None
    #: Set when ``--resume`` found the run already finished: nothing to do.
    finished: Job | None = None


def _absolute(path: str | None) -> str | None:
    return None if path is None or path == "-" else os.path.abspath(path)


def command_of(job: JobOptions, fmt: str) -> dict[str, Any]:
    """What decides which rows are sent where: compared on ``--resume`` (never the token)."""
    command = {
        "command": job.label,
        "input": _absolute(job.path) or "-",
        "format": fmt,
        "failed_out": _absolute(job.failed_out),
        "account_id": job.account_id,
        "select": job.select,
        "options": job.options,
    }
    normal: dict[str, Any] = json.loads(json.dumps(command, default=str))
    return normal


def journal_path(job: JobOptions) -> str | None:
    if job.journal:
        return job.journal
    if job.failed_out:
        return default_path(job.failed_out)
    return None if job.path == "-" else default_path(job.path)


def plan(job: JobOptions, fmt: str, stack: ExitStack, notice: Notice) -> Plan:
    """Open (or refuse) the journal and decide where the run starts; see the module doc."""
    scan = scan_file(job.path)
    if job.resume and job.start_line > 1:
        raise UsageProblem("--resume starts where the journal says: leave out --start-line")
    if job.resume and job.dry_run:
        raise UsageProblem("--dry-run keeps no journal, so it cannot --resume")
    appending = job.start_line > 1
    path = None if job.dry_run else journal_path(job)
    if path is None:
        if job.resume:
            raise UsageProblem(
                "--resume needs the journal of the stopped run: input from stdin keeps one only "
                "with --journal FILE; pass the same --journal"
            )
        if not job.dry_run:
            notice("input from stdin keeps no journal; pass --journal FILE to be able to --resume")
        return Plan(None, job.start_line, job.failed_out, appending, scan)
    for other, name in ((job.path, "input"), (job.failed_out, "--failed-out")):
        if other and other != "-" and same_path(path, other):
            raise UsageProblem(f"--journal must not be the {name} file")
    if job.resume and not os.path.exists(path):
        raise UsageProblem(
            f"--resume: there is no journal at {path}, so no stopped run to continue; run the "
            "command without --resume (or pass the --journal the stopped run used)"
        )
    try:
        journal = Journal(path)
    except JournalError as error:
        raise UsageProblem(f"{error}; pass --journal PATH to keep it elsewhere") from None
    stack.callback(journal.close)
    recorded = journal.read()
    command = command_of(job, fmt)
    fingerprint = (scan.size, scan.sha256) if scan is not None else None
    if job.resume:
        return _resume(job, journal, recorded, command, fingerprint, scan, notice)
    if recorded is not None and not recorded.finished and job.start_line <= 1:
        raise UsageProblem(
            f"{path} records an unfinished run ({recorded.command.get('command')}, "
            f"{recorded.status} before line {recorded.resume_line}): continue it with --resume, "
            "or start a new run with --journal NEW (or --start-line N)"
        )
    journal.start(command, command["input"], fingerprint, command["failed_out"], job.start_line)
    return Plan(journal, job.start_line, job.failed_out, appending, scan)


def _resume(
    job: JobOptions,
    journal: Journal,
    recorded: Job | None,
    command: dict[str, Any],
    fingerprint: tuple[int, str] | None,
    scan: FileScan | None,
    notice: Notice,
) -> Plan:
    if recorded is None:
        raise UsageProblem(f"--resume: {journal.path} records no run to continue")
    differ = [
        f"{key} {recorded.command.get(key)!r} (now {command.get(key)!r})"
        for key in sorted(set(command) | set(recorded.command))
        if recorded.command.get(key) != command.get(key)
    ]
    if differ:
        raise UsageProblem(
            f"--resume: {journal.path} records another command; it differs in "
            + "; ".join(differ)
            + ". Resume with exactly the options of the stopped run"
        )
    if recorded.finished:
        return Plan(journal, recorded.resume_line, job.failed_out, True, scan, finished=recorded)
    if recorded.sha256 is not None and (recorded.size, recorded.sha256) != fingerprint:
        now = "is gone" if fingerprint is None else f"is {fingerprint[0]:,} bytes"
        raise UsageProblem(
            f"--resume: {job.path} changed since {journal.path} was written (it was "
            f"{recorded.size:,} bytes with SHA-256 {recorded.sha256[:12]}…, it {now}"
            f"{'' if fingerprint is None or fingerprint[0] != recorded.size else ' with other content'}); "
            "its line numbers no longer name the same rows. Run it from the start without "
            "--resume (with --journal NEW, or after deleting the journal)"
        )
    if recorded.sha256 is None:
        notice(f"resuming stdin at line {recorded.resume_line}: give it the same rows as before")
    if job.failed_out:
        _cut_back(job.failed_out, recorded.failed_out_size)
    journal.resume()
    return Plan(journal, recorded.resume_line, job.failed_out, True, scan)


def _cut_back(path: str, size: int) -> None:
    """Drop failed rows written after the journal's last commit: their groups are redone."""
    try:
        if not os.path.isfile(path):
            return
        found = os.path.getsize(path)
        if found < size:
            raise UsageProblem(
                f"--resume: {path} holds {found:,} bytes, fewer than the {size:,} the journal "
                "recorded: failed rows were removed from it. Restore it, or start over"
            )
        if found > size:
            os.truncate(path, size)
    except OSError as exc:
        raise UsageProblem(f"--resume: cannot prepare {path}: {exc.strerror or exc}") from None
