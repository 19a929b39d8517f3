"""The streaming bulk loop: rows in, groups of valid inputs to the client, per-row outcomes out.

Memory stays constant on any file size: rows are read lazily, gathered into groups of at most
``batch_size`` valid inputs (one request each), at most ``2 * concurrency`` groups exist at a time,
and a group's rows are dropped as soon as its outcome is written. Groups are settled strictly in
file order, so at any moment every row before :meth:`Tally.resume_line` is accounted for (sent, or
written to the failed-rows file) and nothing after it is: that is the line a stopped run resumes
from, and re-sending a row is harmless because every endpoint used is an upsert.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hubspot_events._errors import (
    APIStatusError,
    AuthenticationError,
    HubSpotError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from hubspot_events._results import INVALID_INPUT, BatchResult, Failure, Success
from hubspot_events.cli._files import Row
from hubspot_events.cli._rows import Preparer, RowError, SkipRow

#: A group holds at most this many rows per valid input slot, so a file of bad rows streams too.
_ROWS_PER_SLOT = 10
UNREADABLE = "UNREADABLE"
UNACCOUNTED = "UNACCOUNTED"
#: Rows a stopped run never got to send (written to the failed-rows file, see ``Stopped``).
NOT_SENT = "NOT_SENT"
#: How the client reports a connection that could not be made (``connection_error``'s message).
_REFUSED = "ConnectError on "

#: Sends a group's inputs: dicts of the file's columns, typed ``Any`` because the client checks
#: each one itself (a bad row fails alone), not the static ``hubspot_events.types`` shapes.
Send = Callable[[list[Any]], Awaitable[BatchResult[Any]]]


@dataclass(frozen=True, slots=True)
class RowFailure:
    """What the report and the failed-rows file say about one row."""

    row: Row
    category: str
    message: str
    correlation_id: str | None = None

    @property
    def text(self) -> str:
        return f"{self.category}: {self.message}"


@dataclass(slots=True)
class Group:
    """Consecutive rows; ``inputs[i]`` came from ``rows[positions[i]]``."""

    rows: list[Row] = field(default_factory=list)
    inputs: list[dict[str, Any]] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    rejected: list[RowFailure] = field(default_factory=list)
    #: Rows for another event (``Preparer.select``): neither sent nor failed.
    skipped: int = 0

    @property
    def first_line(self) -> int:
        return self.rows[0].line


@dataclass
class Tally:
    """Running totals; read by the progress display, the summary, and the Ctrl-C report."""

    succeeded: int = 0
    failed: int = 0
    skipped: int = 0
    #: Rows a stopped run wrote to the failed-rows file unsent (not in ``failed``).
    not_sent: int = 0
    requests: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    #: First line of each group read but not yet settled, oldest first.
    pending: deque[int] = field(default_factory=deque)
    #: First line not yet in a pending group (the group being read, or a bound on the next row);
    #: None once the input is exhausted.
    next_line: int | None = 1

    @property
    def total(self) -> int:
        return self.succeeded + self.failed

    @property
    def elapsed_s(self) -> float:
        return (self.finished if self.finished is not None else time.monotonic()) - self.started

    @property
    def rows_per_s(self) -> float:
        elapsed = self.elapsed_s
        return self.total / elapsed if elapsed > 0 else 0.0

    def resume_line(self) -> int | None:
        """The first line not yet accounted for; None when every row was."""
        return self.pending[0] if self.pending else self.next_line


class Stopped(Exception):
    """The job cannot go on: every later request would fail the same way (bad token, missing
    scope, daily limit, an event that does not exist, a server that refuses connections).

    Rows from ``resume_line`` on were not accounted for; ``unsent`` are the groups read but not
    settled (the one that proved it first), so that their rows can still be written out.
    """

    def __init__(
        self,
        reason: str,
        resume_line: int | None,
        *,
        error: HubSpotError | None = None,
        unsent: list[Group] | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.error = error
        self.resume_line = resume_line
        self.unsent = unsent or []


def groups(
    rows: Iterable[Row], prepare: Preparer, batch_size: int, tally: Tally
) -> Iterator[Group]:
    """Consecutive groups with up to ``batch_size`` valid inputs each (so each is one full request)."""
    max_rows = batch_size * _ROWS_PER_SLOT
    group = Group()
    for row in rows:
        if not group.rows:
            tally.next_line = row.line
        failure = _prepare_into(group, row, prepare)
        if failure is not None:
            group.rejected.append(failure)
        if len(group.inputs) >= batch_size or len(group.rows) >= max_rows:
            tally.pending.append(group.first_line)
            # Rows start on increasing lines: the next one starts after this group's last.
            tally.next_line = group.rows[-1].line + 1
            yield group
            group = Group()
    tally.next_line = None
    if group.rows:
        tally.pending.append(group.first_line)
        yield group


def _prepare_into(group: Group, row: Row, prepare: Preparer) -> RowFailure | None:
    group.rows.append(row)
    if row.problem is not None:
        return RowFailure(row, UNREADABLE, row.problem)
    try:
        body = prepare(row)
    except RowError as error:
        return RowFailure(row, INVALID_INPUT, str(error))
    except SkipRow:
        group.skipped += 1
        return None
    group.positions.append(len(group.rows) - 1)
    group.inputs.append(body)
    return None


def unsent_rows(group: Group) -> Iterator[tuple[Row, RowFailure | None]]:
    """A group's rows that a stopped run did not send: each with its own failure if it has one
    (a bad row stays bad), else None; rows for other events are left out."""
    rejected = {id(f.row): f for f in group.rejected}
    valid = set(group.positions)
    for index, row in enumerate(group.rows):
        own = rejected.get(id(row))
        if own is not None or index in valid:
            yield row, own


def outcome(group: Group, result: BatchResult[Any]) -> tuple[int, list[RowFailure]]:
    """(succeeded, failures in file order) of a group, from the client's account of its inputs.

    The client promises one outcome per input; should one ever be missing, the row is reported
    as failed (UNACCOUNTED) rather than counted as sent.
    """
    failures = list(group.rejected)
    seen: set[int] = set()
    succeeded = 0
    for success in result.succeeded:
        seen.add(success.index)
        succeeded += 1
    for failure in result.failed:
        seen.add(failure.index)
        row = group.rows[group.positions[failure.index]]
        failures.append(RowFailure(row, failure.category, failure.message, failure.correlation_id))
    if len(seen) != len(group.inputs):
        for index in range(len(group.inputs)):
            if index not in seen:
                row = group.rows[group.positions[index]]
                failures.append(
                    RowFailure(row, UNACCOUNTED, "the client reported no outcome for this row")
                )
    failures.sort(key=lambda f: f.row.line)
    return succeeded, failures


def _failed_result(group: Group, error: HubSpotError) -> BatchResult[Any]:
    """An unexpected error for a whole request: every input in it failed, with that error."""
    category = (
        (error.category or f"HTTP_{error.status_code}")
        if isinstance(error, APIStatusError)
        else type(error).__name__
    )
    message = error.message if isinstance(error, APIStatusError) else str(error)
    correlation_id = error.correlation_id if isinstance(error, APIStatusError) else None
    result: BatchResult[Any] = BatchResult(requests=1)
    result.failed.extend(
        Failure(index, body, category, message, correlation_id)
        for index, body in enumerate(group.inputs)
    )
    return result


def stops_the_job(error: HubSpotError) -> bool:
    """Errors every later request would hit too (the client stops on the same ones)."""
    if isinstance(error, AuthenticationError | PermissionDeniedError | NotFoundError):
        return True
    return isinstance(error, RateLimitError) and error.policy_name == "DAILY"


def proves_stop(result: BatchResult[Any]) -> str | None:
    """Why a group's answer shows every later request would fail too, or None.

    The client reports these per input, not as errors: a whole request answered 404 (the event
    it names does not exist) and a connection that could not be made even after the retries.
    Only when every input *sent* failed that way (inputs the client refused before sending do
    not count): one row's 404 in a 207 is that row's.
    """
    sent = [f for f in result.failed if f.category != INVALID_INPUT]
    if result.succeeded or not sent:
        return None
    first = sent[0]
    if all(f.status_code == 404 for f in sent):
        return f"404 {first.category}: {first.message}"
    if all(f.status_code is None and f.message.startswith(_REFUSED) for f in sent):
        return f"cannot connect: {first.message}"
    return None


Settle = Callable[[Group, BatchResult[Any]], None]
#: (group, rows succeeded, its failures): written out and made durable before the group counts
#: as settled (the failed-rows file flushed, the journal committed).
OnSettled = Callable[[Group, int, list[RowFailure]], None]


class Ledger:
    """Settles groups: counts them, hands each failure to ``on_failure`` in file order.

    ``on_failure`` writes the failed-rows file and the report, and ``on_settled`` makes the
    group durable, before the group leaves the pending queue, so the resume line never skips a
    row whose failure was not yet written. Should writing fail, the group is counted (its
    requests were made) but stays pending: the resume line is still its first line.
    """

    def __init__(
        self,
        tally: Tally,
        on_failure: Callable[[RowFailure], None],
        on_progress: Callable[[int, int], None],
        on_settled: OnSettled,
    ) -> None:
        self.tally = tally
        self._on_failure = on_failure
        self._on_progress = on_progress
        self._on_settled = on_settled

    def settle(self, group: Group, result: BatchResult[Any]) -> None:
        succeeded, failures = outcome(group, result)
        tally = self.tally
        tally.succeeded += succeeded
        tally.failed += len(failures)
        tally.skipped += group.skipped
        tally.requests += result.requests
        for failure in failures:
            self._on_failure(failure)
        self._on_settled(group, succeeded, failures)
        tally.pending.popleft()
        self._on_progress(succeeded + group.skipped, len(failures))


def dry_run(source: Iterator[Group], settle: Settle) -> None:
    """Validation only: every valid input counts as would-be-sent; no request is made."""
    for group in source:
        result: BatchResult[Any] = BatchResult(
            succeeded=[Success(i, body) for i, body in enumerate(group.inputs)]
        )
        settle(group, result)


async def send_all(
    source: Iterator[Group], send: Send, settle: Settle, *, concurrency: int, tally: Tally
) -> None:
    """Keep ``concurrency`` requests in flight; settle groups in file order.

    Up to ``2 * concurrency`` groups are read ahead so that a slow request at the head of the
    window does not leave the connection slots idle; a semaphore bounds requests in flight.
    """
    slots = asyncio.Semaphore(concurrency)

    async def limited(inputs: list[dict[str, Any]]) -> BatchResult[Any]:
        if not inputs:
            return BatchResult()
        async with slots:
            return await send(inputs)

    window: deque[tuple[Group, asyncio.Task[BatchResult[Any]]]] = deque()
    try:
        for group in source:
            window.append((group, asyncio.ensure_future(limited(group.inputs))))
            while len(window) >= 2 * concurrency or (window and window[0][1].done()):
                await _settle_head(window, settle, tally)
        while window:
            await _settle_head(window, settle, tally)
    finally:
        for _, task in window:
            task.cancel()
        if window:
            await asyncio.gather(*(task for _, task in window), return_exceptions=True)


async def _settle_head(
    window: deque[tuple[Group, asyncio.Task[BatchResult[Any]]]], settle: Settle, tally: Tally
) -> None:
    group, task = window[0]
    try:
        result = await task
    except HubSpotError as error:
        if isinstance(error, APIStatusError) and stops_the_job(error):
            raise Stopped(
                str(error), tally.resume_line(), error=error, unsent=[g for g, _ in window]
            ) from None
        result = _failed_result(group, error)
    why = proves_stop(result)
    if why is not None:
        raise Stopped(why, tally.resume_line(), unsent=[g for g, _ in window])
    window.popleft()
    settle(group, result)
