"""Ctrl-C and SIGTERM stop a bulk run the same clean way: the summary, a consistent journal.

Why not asyncio's own Ctrl-C handling: it cancels the main task and trusts the cancellation to
travel up through every layer below (httpx, anyio, the client's retry loop). A layer that
finishes its work instead of raising lets the run go on to the end and exit 0, which is what a
busy machine showed. Here the handler only *records* the signal and wakes the loop; the run
checks :meth:`StopSignals.check` after every settled group, so it stops at the next group
boundary whatever the layers below do, and a wait on a slow request is cut short by cancelling
the main task. SIGTERM (what ``kill``, systemd and container runtimes send) is handled exactly
like Ctrl-C; only the exit code differs (128 + signal number: 130, 143).
"""

from __future__ import annotations

import asyncio
import signal
import threading
from types import FrameType, TracebackType
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)
NAMES = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "SIGTERM"}


class Interrupted(Exception):
    """The user (Ctrl-C) or the system (SIGTERM) asked the run to stop."""

    def __init__(self, signum: int) -> None:
        super().__init__(NAMES.get(signal.Signals(signum), f"signal {signum}"))
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class StopSignals:
    """While entered (in the main thread), SIGINT and SIGTERM set :attr:`signum` and wake the
    running loop; outside a loop (reading, a dry run) they raise :class:`Interrupted` at once.
    A second signal while stopping raises at once too."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._saved: dict[int, Any] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for number in SIGNALS:
                self._saved[number] = signal.signal(number, self._handle)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for number, handler in self._saved.items():
            signal.signal(number, handler)
        self._saved.clear()

    def watch(self, task: asyncio.Task[Any]) -> None:
        """The loop's main task: cancelled (from the loop) when a signal comes."""
        self._loop, self._task = task.get_loop(), task

    def unwatch(self) -> None:
        self._loop = self._task = None

    def check(self) -> None:
        """Raise :class:`Interrupted` if a signal came; called at every group boundary."""
        if self.signum is not None:
            raise Interrupted(self.signum)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        first = self.signum is None
        self.signum = signum
        loop, task = self._loop, self._task
        if first and loop is not None and task is not None and not task.done():
            loop.call_soon_threadsafe(task.cancel)  # also wakes a loop waiting in select()
            return
        raise Interrupted(signum)
