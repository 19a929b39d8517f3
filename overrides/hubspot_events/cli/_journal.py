"""The job journal: a small SQLite file that lets a stopped bulk run continue where it stopped.

What it holds: the command and the options that decide what is sent (never the token), the
input's fingerprint (size and SHA-256), and, per settled group of rows, the range of input lines
it covered with its counts, plus every failed line with its reason. Groups settle in file order,
so the lines confirmed are always one prefix of the file: ``resume_line`` is the first line not
accounted for, and the lines read past it (``read_to``) were in flight, to be sent again (every
write the CLI makes is an upsert). The size of the failed-rows file at each commit is kept too:
rows written after the last commit belong to groups that will be redone, so a resumed run cuts
the file back to that size and every failed row ends up in it exactly once.

Durability: one transaction per settled group (never per row: a million rows are ~10,000
commits), in WAL mode with ``synchronous=NORMAL``. A commit is then in the WAL in the operating
system's cache before the run goes on, which survives the process being killed (``kill -9``,
an OOM kill) however abruptly; only a power loss or OS crash can lose the last commits, and
then the journal is still consistent and merely older, so those groups are sent again.
``FULL`` would add an fsync per group for that case alone.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

VERSION = 1
#: Where a run keeps its journal when ``--journal`` is not given: beside its input file, where
#: a re-run of the same command (with ``--resume``) finds it again.
SUFFIX = ".journal"
RUNNING = "running"
STOPPED = "stopped"
INTERRUPTED = "interrupted"
FINISHED = "finished"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS job (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    command TEXT NOT NULL,
    input TEXT NOT NULL,
    size INTEGER,
    sha256 TEXT,
    failed_out TEXT,
    status TEXT NOT NULL,
    resume_line INTEGER NOT NULL,
    read_to INTEGER,
    failed_out_size INTEGER NOT NULL,
    succeeded INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    runs INTEGER NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS groups (
    first_line INTEGER PRIMARY KEY,
    last_line INTEGER NOT NULL,
    succeeded INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    run INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    line INTEGER PRIMARY KEY,
    error TEXT NOT NULL,
    correlation_id TEXT,
    run INTEGER NOT NULL
);
"""


class JournalError(Exception):
    """The journal cannot be opened or read (not ours, another version, no permission)."""


def default_path(input_path: str) -> str:
    return input_path + SUFFIX


@dataclass(frozen=True)
class Job:
    """What a journal says about its job."""

    command: dict[str, Any]
    input: str
    size: int | None
    sha256: str | None
    failed_out: str | None
    status: str
    resume_line: int
    read_to: int | None
    failed_out_size: int
    succeeded: int
    failed: int
    skipped: int
    runs: int

    @property
    def finished(self) -> bool:
        return self.status == FINISHED


class Journal:
    """One journal file; methods commit at once (see the module doc for why that is cheap)."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise JournalError(f"cannot use {path} as a job journal: {exc}") from None
        self._run = 0

    def close(self) -> None:
        self._db.close()

    def read(self) -> Job | None:
        try:
            row = self._db.execute(
                "SELECT version, command, input, size, sha256, failed_out, status, resume_line, "
                "read_to, failed_out_size, succeeded, failed, skipped, runs FROM job"
            ).fetchone()
        except sqlite3.Error as exc:
            raise JournalError(f"cannot read the job journal {self.path}: {exc}") from None
        if row is None:
            return None
        if row[0] != VERSION:
            raise JournalError(f"{self.path} is a journal of another version ({row[0]})")
        return Job(json.loads(row[1]), *row[2:])

    def start(
        self,
        command: dict[str, Any],
        input_path: str,
        fingerprint: tuple[int, str] | None,
        failed_out: str | None,
        first_line: int,
    ) -> None:
        """A new job: whatever the file held before is replaced."""
        size, sha256 = fingerprint or (None, None)
        with self._transaction() as db:
            db.execute("DELETE FROM job")
            db.execute("DELETE FROM groups")
            db.execute("DELETE FROM failures")
            db.execute(
                "INSERT INTO job VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, 0, 0, 0, 1, ?)",
                (VERSION, json.dumps(command, sort_keys=True), input_path, size, sha256,
                 failed_out, RUNNING, first_line, time.time()),
            )  # fmt: skip
        self._run = 1

    def resume(self) -> None:
        """Another run of the job recorded here."""
        with self._transaction() as db:
            db.execute(
                "UPDATE job SET runs = runs + 1, status = ?, updated = ?", (RUNNING, time.time())
            )
            self._run = db.execute("SELECT runs FROM job").fetchone()[0]

    def settled(
        self,
        first_line: int,
        last_line: int,
        counts: tuple[int, int, int],
        failures: Iterable[tuple[int, str, str | None]],
        *,
        read_to: int | None,
        failed_out_size: int,
    ) -> None:
        """One group settled: its lines are accounted for; commit."""
        succeeded, failed, skipped = counts
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO groups VALUES (?, ?, ?, ?, ?, ?)",
                (first_line, last_line, succeeded, failed, skipped, self._run),
            )
            if failed:
                db.executemany(
                    "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)",
                    [(line, error, cid, self._run) for line, error, cid in failures],
                )
            db.execute(
                "UPDATE job SET resume_line = ?, read_to = ?, failed_out_size = ?, "
                "succeeded = succeeded + ?, failed = failed + ?, skipped = skipped + ?, updated = ?",
                (last_line + 1, read_to, failed_out_size, succeeded, failed, skipped, time.time()),
            )

    def end(self, status: str) -> None:
        """The run ended: FINISHED (every row accounted for), STOPPED or INTERRUPTED."""
        with self._transaction() as db:
            db.execute("UPDATE job SET status = ?, updated = ?", (status, time.time()))

    def failed_lines(self) -> list[int]:
        """Every failed line recorded (for tests and inspection)."""
        return [line for (line,) in self._db.execute("SELECT line FROM failures ORDER BY line")]

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db, self.path)


class _Transaction:
    def __init__(self, db: sqlite3.Connection, path: str) -> None:
        self._db = db
        self._path = path

    def __enter__(self) -> sqlite3.Connection:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise JournalError(f"cannot write the job journal {self._path}: {exc}") from None
        return self._db

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        try:
            self._db.execute("COMMIT" if kind is None else "ROLLBACK")
        except sqlite3.Error as exc:
            raise JournalError(f"cannot write the job journal {self._path}: {exc}") from None
        if isinstance(error, sqlite3.Error):
            raise JournalError(f"cannot write the job journal {self._path}: {error}") from None


def same_path(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    return os.path.realpath(a) == os.path.realpath(b)
