"""BatchResult: the account of a batch call, one entry for every input, exactly once.

Why a class of our own rather than HubSpot's envelope: a user call may span many HTTP requests
(chunks), some inputs never leave the machine (they failed validation), and HubSpot's per-item
errors name inputs only loosely (through ``context``). The user needs one answer to "which of my
rows made it, and why did the others not?", so every input ends in ``succeeded`` or ``failed``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from hubspot_events._errors import HubSpotError
from hubspot_events._response import ResponseInfo

T = TypeVar("T")

#: Categories the client itself assigns (HubSpot's own categories pass through unchanged).
INVALID_INPUT = "INVALID_INPUT"
UNCONFIRMED = "UNCONFIRMED"


@dataclass(frozen=True, slots=True)
class Success:
    """An input HubSpot accepted; ``result`` is HubSpot's raw result for it, when it sent one."""

    index: int
    input: Any
    result: dict[str, Any] | None = None


_new = object.__new__
_slots: Any = Success  # its fields' slot descriptors (typed as the fields' values)
_set_index, _set_input, _set_result = (
    _slots.index.__set__,
    _slots.input.__set__,
    _slots.result.__set__,
)


def success(index: int, input: Any, result: dict[str, Any] | None = None) -> Success:
    """``Success(index, input, result)``, built through its slots: a frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__``, and a batch makes one per input
    (100 per chunk), so this saves ~0.15 µs each. The object is the same, equal and frozen."""
    made: Success = _new(Success)
    _set_index(made, index)
    _set_input(made, input)
    _set_result(made, result)
    return made


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

    def __init__(self, result: BatchResult[Any]) -> None:
        self.result = result
        first = result.failed[0] if result.failed else None
        detail = (
            f"; first: input #{first.index}: {first.category}: {first.message}" if first else ""
        )
        unattributed = len(result.unattributed_errors)
        super().__init__(
            f"{result.failed_count} of {result.total} inputs failed"
            f" ({unattributed} errors not tied to an input){detail}"
        )


#: Inputs confirmed together, kept as their indexes, their inputs and (when HubSpot tied one to
#: each) their results, until ``BatchResult.succeeded`` is read.
_Confirmed = tuple[list[int], list[Any], list[dict[str, Any]] | None]


class BatchResult(Generic[T]):
    """What happened to every input of one batch call (across all its chunks).

    ``succeeded`` and ``failed`` hold every input's outcome. ``results`` are HubSpot's result
    models (``T``: ``Event``, ``SubscriberResult``...), ``responses`` one
    :class:`~hubspot_events.ResponseInfo` per request (correlation ids and rate-limit headers, on
    success too). A call given ``on_chunk=`` hands each chunk's result to it and keeps only counts
    here (``succeeded_count``, ``failed_count``, ``requests``, ``status``): the lists stay empty,
    so memory stays flat however many inputs there are.
    """

    def __init__(
        self,
        succeeded: list[Success] | None = None,
        failed: list[Failure] | None = None,
        errors: list[ItemError] | None = None,
        requests: int = 0,
        statuses: list[str] | None = None,
        unmatched_results: list[dict[str, Any]] | None = None,
        responses: list[ResponseInfo] | None = None,
        parse_result: Callable[[dict[str, Any]], T] | None = None,
    ) -> None:
        self._succeeded: list[Success] = [] if succeeded is None else succeeded
        #: Confirmed inputs not yet made into ``Success`` objects, after ``_succeeded`` in order.
        #: Why: most callers read ``results`` or the counts, never ``succeeded``, and a
        #: ``Success`` per input costs ~0.2 µs, a tenth of a 100-attendee call over the floor.
        self._pending: list[_Confirmed] = []
        self.failed: list[Failure] = [] if failed is None else failed
        self.errors: list[ItemError] = [] if errors is None else errors
        self.requests = requests
        self.statuses: list[str] = [] if statuses is None else statuses
        #: HubSpot's results that could not be tied to an input (event upserts' results carry no
        #: externalEventId); kept so that ``results`` holds everything HubSpot sent back.
        self.unmatched_results: list[dict[str, Any]] = (
            [] if unmatched_results is None else unmatched_results
        )
        self.responses: list[ResponseInfo] = [] if responses is None else responses
        self.parse_result = parse_result
        self._parsed: list[T] | None = None
        #: What ``count`` folded in without keeping it (``on_chunk``).
        self._counted_succeeded = 0
        self._counted_failed = 0
        self._counted_errors = 0

    @property
    def succeeded(self) -> list[Success]:
        """Every input HubSpot accepted, in the order they were confirmed."""
        if self._pending:
            made = self._succeeded
            for indexes, inputs, results in self._pending:
                if results is None:
                    made.extend(map(success, indexes, inputs))
                else:
                    made.extend(map(success, indexes, inputs, results))
            self._pending = []
        return self._succeeded

    @succeeded.setter
    def succeeded(self, value: list[Success]) -> None:
        self._succeeded, self._pending = value, []

    def confirm(
        self, indexes: list[int], inputs: list[Any], results: list[dict[str, Any]] | None = None
    ) -> None:
        """Inputs that succeeded, after those already here; ``results[i]`` is HubSpot's result
        for ``inputs[i]``, when it tied one to each."""
        self._pending.append((indexes, inputs, results))
        self._parsed = None

    @property
    def succeeded_count(self) -> int:
        pending = sum(len(indexes) for indexes, _, _ in self._pending)
        return len(self._succeeded) + pending + self._counted_succeeded

    @property
    def failed_count(self) -> int:
        return len(self.failed) + self._counted_failed

    @property
    def error_count(self) -> int:
        """HubSpot's per-item errors, kept in ``errors`` or counted (``on_chunk``)."""
        return len(self.errors) + self._counted_errors

    @property
    def total(self) -> int:
        return self.succeeded_count + self.failed_count

    @property
    def correlation_ids(self) -> list[str]:
        """HubSpot's correlation ids of the requests this result kept, in the order sent."""
        return [r.correlation_id for r in self.responses if r.correlation_id]

    @property
    def status(self) -> str:
        """HubSpot's batch status over all requests: the first one that is not COMPLETE, else COMPLETE."""
        return next((s for s in self.statuses if s != "COMPLETE"), "COMPLETE")

    @property
    def ok(self) -> bool:
        return not self.failed_count and not self.error_count

    @property
    def unattributed_errors(self) -> list[ItemError]:
        return [error for error in self.errors if not error.attributed]

    @property
    def results(self) -> list[T]:
        """HubSpot's result models (generated classes), parsed on first access.

        Parsing is deferred because a bulk job rarely reads them and model building costs more
        CPU than the HTTP call itself. Results tied to an input come first, in input order, then
        those that could not be (in the order HubSpot sent them).
        """
        if self._parsed is not None:
            return self._parsed
        raw = [s.result for s in self._succeeded if s.result is not None]
        for _, _, results in self._pending:
            if results is not None:
                raw += results
        raw += self.unmatched_results
        if self.parse_result is None:
            return raw  # type: ignore[return-value]  # T is the raw dict for such operations
        parse, many = self.parse_result, getattr(self.parse_result, "many", None)
        try:
            self._parsed = many(raw) if many is not None else [parse(item) for item in raw]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise HubSpotError(f"HubSpot's batch results do not match the spec: {exc!r}") from exc
        return self._parsed

    def __iter__(self) -> Iterator[Success | Failure]:
        """Every input's outcome, in input order."""
        outcomes: list[Success | Failure] = [*self.succeeded, *self.failed]
        return iter(sorted(outcomes, key=lambda outcome: outcome.index))

    def raise_for_errors(self) -> BatchResult[T]:
        if not self.ok:
            raise BatchError(self)
        return self

    def merge(self, other: BatchResult[Any]) -> None:
        """Fold a chunk's result into this one (chunk indexes are already global)."""
        if other._succeeded:  # (this one's pending inputs are made first: the order holds)
            self.succeeded.extend(other._succeeded)
        self._pending += other._pending
        self.failed.extend(other.failed)
        self.errors.extend(other.errors)
        self.requests += other.requests
        self.statuses.extend(other.statuses)
        self.unmatched_results.extend(other.unmatched_results)
        self.responses.extend(other.responses)
        self._counted_succeeded += other._counted_succeeded
        self._counted_failed += other._counted_failed
        self._counted_errors += other._counted_errors
        self._parsed = None

    def count(self, other: BatchResult[Any]) -> None:
        """Fold in only ``other``'s counts (``on_chunk`` got the chunk itself)."""
        self._counted_succeeded += other.succeeded_count
        self._counted_failed += other.failed_count
        self._counted_errors += other.error_count
        self.requests += other.requests
        self.statuses.extend(other.statuses)

    def summary(self) -> str:
        return (
            f"{self.succeeded_count} succeeded, {self.failed_count} failed"
            f" in {self.requests} requests (status {self.status})"
        )

    def __repr__(self) -> str:
        return (
            f"<BatchResult {self.status}: {self.succeeded_count} succeeded, "
            f"{self.failed_count} failed, {self.error_count} errors, {self.requests} requests>"
        )
