"""Progress while a bulk job runs: a live bar on a terminal, plain periodic lines in logs.

Why two: a redrawn bar is the best thing on a terminal and garbage in a CI log or a file, where
one line every few seconds is readable and greppable. Both go to stderr, so stdout stays clean
for ``--json``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import IO, Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.text import Text

#: Plain mode prints at most this often (seconds) ...
PLAIN_INTERVAL_S = 5.0
#: ... and also every this many rows, whichever comes first.
PLAIN_EVERY_ROWS = 100_000


class Progress(Protocol):
    def advance(self, succeeded: int, failed: int) -> None: ...

    def close(self) -> None: ...


class _RowsPerSecond(ProgressColumn):
    """rich's own speed column speaks bytes; this one speaks rows."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "- rows/s", style="progress.data.speed")


class BarProgress:
    """The rich bar: rows done of the estimated total, rows/s, ETA, failures so far."""

    def __init__(self, label: str, total: int | None, console: Console) -> None:
        self._bar = RichProgress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _RowsPerSecond(),
            TextColumn("[red]{task.fields[failed]:,} failed"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._task = self._bar.add_task(label, total=total, failed=0)
        self._failed = 0
        self._bar.start()

    def advance(self, succeeded: int, failed: int) -> None:
        self._failed += failed
        self._bar.update(self._task, advance=succeeded + failed, failed=self._failed)

    def close(self) -> None:
        task = self._bar.tasks[0]
        # The total was estimated from line counts; the finished bar shows what really was read.
        self._bar.update(self._task, total=task.completed)
        self._bar.stop()


class PlainProgress:
    """One line every few seconds (or every 100k rows): readable in logs, cheap to produce."""

    def __init__(
        self,
        label: str,
        total: int | None,
        stream: IO[str],
        *,
        clock: Callable[[], float] = time.monotonic,
        interval_s: float = PLAIN_INTERVAL_S,
        every_rows: int = PLAIN_EVERY_ROWS,
    ) -> None:
        self._label = label
        self._total = total
        self._stream = stream
        self._clock = clock
        self._interval = interval_s
        self._every = every_rows
        self._started = clock()
        self._last_time = self._started
        self._last_rows = 0
        self.done = 0
        self.failed = 0

    def advance(self, succeeded: int, failed: int) -> None:
        self.done += succeeded + failed
        self.failed += failed
        now = self._clock()
        if now - self._last_time >= self._interval or self.done - self._last_rows >= self._every:
            self._print(now)

    def _print(self, now: float) -> None:
        elapsed = max(now - self._started, 1e-9)
        rate = self.done / elapsed
        of = f" of ~{self._total:,}" if self._total else ""
        eta = ""
        if self._total and rate > 0 and self._total > self.done:
            eta = f", ~{(self._total - self.done) / rate:,.0f} s left"
        self._stream.write(
            f"{self._label}: {self.done:,}{of} rows ({self.failed:,} failed), {rate:,.0f} rows/s{eta}\n"
        )
        self._stream.flush()
        self._last_time = now
        self._last_rows = self.done

    def close(self) -> None:
        """The final summary follows; nothing more to say here."""


class NoProgress:
    """For ``--json`` runs that asked for quiet, and for tests."""

    def advance(self, succeeded: int, failed: int) -> None:
        pass

    def close(self) -> None:
        pass


def make_progress(
    label: str, total: int | None, console: Console, *, quiet: bool = False
) -> Progress:
    """A bar when stderr is a terminal, plain lines otherwise."""
    if quiet:
        return NoProgress()
    if console.is_terminal:
        return BarProgress(label, total, console)
    return PlainProgress(label, total, console.file)
