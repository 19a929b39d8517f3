"""Rows of one person brought together on disk, so a 1M-row export collapses in flat memory.

A person's rows may be far apart (Zoom lists repeat joins, Eventbrite repeats a buyer's email on
each ticket), so collapsing needs per-person state over the whole file. A dict would grow with
the file; a temporary SQLite database (standard library) keeps it on disk: every staged row is
written with its person's key, and people come back in the order of their first line (the bulk
loop needs increasing lines), each with all its rows.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from typing import Any

_BATCH = 5000


class Staging:
    """A temporary database of staged rows; ``close`` deletes it."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="hubspot-events-import-")
        self._db = sqlite3.connect(os.path.join(self._folder.name, "rows.sqlite"))
        for pragma in (
            "journal_mode = OFF", "synchronous = OFF", "temp_store = FILE", "cache_size = -2000",
        ):  # fmt: skip
            self._db.execute(f"PRAGMA {pragma}")
        self._db.execute(
            "CREATE TABLE src (line INTEGER PRIMARY KEY, key TEXT NOT NULL, info TEXT)"
        )
        self._pending: list[tuple[int, str, str]] = []
        self.rows = 0

    def add(self, line: int, key: str, info: dict[str, Any]) -> None:
        self._pending.append((line, key, json.dumps(info, ensure_ascii=False)))
        self.rows += 1
        if len(self._pending) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        self._db.executemany("INSERT INTO src VALUES (?, ?, ?)", self._pending)
        self._pending.clear()

    def finish(self) -> tuple[int, int, list[list[int]]]:
        """Index the rows; (people with several rows, rows they hold, a few examples' lines)."""
        self._flush()
        db = self._db
        db.execute("CREATE INDEX src_key ON src (key, line)")
        db.execute(
            "CREATE TABLE people AS SELECT key, MIN(line) AS first, COUNT(*) AS n FROM src GROUP BY key"
        )
        db.execute("CREATE INDEX people_first ON people (first)")
        people, rows = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(n), 0) FROM people WHERE n > 1"
        ).fetchone()
        examples = [
            [line for (line,) in db.execute("SELECT line FROM src WHERE key = ? ORDER BY line LIMIT 5", (key,))]
            for (key,) in db.execute("SELECT key FROM people WHERE n > 1 ORDER BY first LIMIT 3")
        ]  # fmt: skip
        db.commit()
        return int(people), int(rows), examples

    def people_from(self, line: int) -> int:
        """How many people's first row is at or after ``line`` (after ``finish``)."""
        (count,) = self._db.execute(
            "SELECT COUNT(*) FROM people WHERE first >= ?", (line,)
        ).fetchone()
        return int(count)

    def people(self) -> Iterator[list[dict[str, Any]]]:
        """Each person's staged rows (in line order), people in the order of their first line."""
        cursor = self._db.execute(
            "SELECT p.first, s.info FROM people p JOIN src s ON s.key = p.key ORDER BY p.first, s.line"
        )
        current: list[dict[str, Any]] = []
        first = None
        for person_first, info in cursor:
            if person_first != first and current:
                yield current
                current = []
            first = person_first
            current.append(json.loads(info))
        if current:
            yield current

    def close(self) -> None:
        self._db.close()
        self._folder.cleanup()
