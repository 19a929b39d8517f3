"""BatchResult: the account of a batch call, one entry for every input, exactly once.

Why a class of our own rather than HubSpot's envelope: a user call may span many HTTP requests
(chunks), some inputs never leave the machine (they failed validation), and HubSpot's per-item
errors name inputs only loosely (through ``context``). The user needs one answer to "which of my
rows made it, and why did the others not?", so every input ends in ``succeeded`` or ``failed``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hubspot_events._errors import HubSpotError

#: Categories the client itself assigns (HubSpot's own categories pass through unchanged).
INVALID_INPUT = "INVALID_INPUT"
UNCONFIRMED = "UNCONFIRMED"


@dataclass(frozen=True, slots=True)
class Success:
    """An input HubSpot accepted; ``result`` is HubSpot's raw result for it, when it sent one."""

    index: int
    input: Any
    result: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that was not recorded, with the reason.

    ``category`` is HubSpot's error category (``VALIDATION_ERROR``, ``OBJECT_NOT_FOUND``, …) or one
    of the client's own: ``INVALID_INPUT`` (rejected before sending; ``field`` names what to fix)
    and ``UNCONFIRMED`` (HubSpot reported errors it tied to no input and this one is not in its
    results). ``correlation_id`` is HubSpot's, for support tickets.
    """

    index: int
    input: Any
    category: str
    message: str
    correlation_id: str | None = None
    status_code: int | None = None
    field: str | None = None


@dataclass(frozen=True, slots=True)
class ItemError:
    """One of HubSpot's per-item errors; ``indexes`` are the inputs it names (empty: none)."""

    category: str
    message: str
    raw: dict[str, Any]
    indexes: tuple[int, ...] = ()
    correlation_id: str | None = None

    @property
    def attributed(self) -> bool:
        return bool(self.indexes)


class BatchError(HubSpotError):
    """Raised by :meth:`BatchResult.raise_for_errors` when any input failed."""

    def __init__(self, result: BatchResult) -> None:
        self.result = result
        first = result.failed[0] if result.failed else None
        detail = (
            f"; first: input #{first.index}: {first.category}: {first.message}" if first else ""
        )
        super().__init__(
            f"{len(result.failed)} of {result.total} inputs failed"
            f" ({len(result.unattributed_errors)} errors not tied to an input){detail}"
        )


@dataclass
class BatchResult:
    """What happened to every input of one batch call (across all its chunks)."""

    succeeded: list[Success] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    errors: list[ItemError] = field(default_factory=list)
    requests: int = 0
    statuses: list[str] = field(default_factory=list)
    #: HubSpot's results that could not be tied to an input (event upserts' results carry no
    #: externalEventId); kept so that ``results`` holds everything HubSpot sent back.
    unmatched_results: list[dict[str, Any]] = field(default_factory=list)
    parse_result: Callable[[dict[str, Any]], Any] | None = field(default=None, repr=False)
    _parsed: list[Any] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def total(self) -> int:
        return len(self.succeeded) + len(self.failed)

    @property
    def status(self) -> str:
        """HubSpot's batch status over all requests: the first one that is not COMPLETE, else COMPLETE."""
        return next((s for s in self.statuses if s != "COMPLETE"), "COMPLETE")

    @property
    def ok(self) -> bool:
        return not self.failed and not self.errors

    @property
    def unattributed_errors(self) -> list[ItemError]:
        return [error for error in self.errors if not error.attributed]

    @property
    def results(self) -> list[Any]:
        """HubSpot's result models (generated classes), parsed on first access.

        Parsing is deferred because a bulk job rarely reads them and model building costs more
        CPU than the HTTP call itself. Results tied to an input come first, in input order, then
        those that could not be (in the order HubSpot sent them).
        """
        if self._parsed is not None:
            return self._parsed
        matched = (s.result for s in self.succeeded if s.result is not None)
        raw = [*matched, *self.unmatched_results]
        if self.parse_result is None:
            return raw
        try:
            self._parsed = [self.parse_result(item) for item in raw]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise HubSpotError(f"HubSpot's batch results do not match the spec: {exc!r}") from exc
        return self._parsed

    def __iter__(self) -> Iterator[Success | Failure]:
        """Every input's outcome, in input order."""
        outcomes: list[Success | Failure] = [*self.succeeded, *self.failed]
        return iter(sorted(outcomes, key=lambda outcome: outcome.index))

    def raise_for_errors(self) -> BatchResult:
        if not self.ok:
            raise BatchError(self)
        return self

    def merge(self, other: BatchResult) -> None:
        """Fold a chunk's result into this one (chunk indexes are already global)."""
        self.succeeded.extend(other.succeeded)
        self.failed.extend(other.failed)
        self.errors.extend(other.errors)
        self.requests += other.requests
        self.statuses.extend(other.statuses)
        self.unmatched_results.extend(other.unmatched_results)
        self._parsed = None

    def summary(self) -> str:
        return (
            f"{len(self.succeeded)} succeeded, {len(self.failed)} failed"
            f" in {self.requests} requests (status {self.status})"
        )
