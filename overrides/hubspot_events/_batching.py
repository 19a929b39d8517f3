"""Chunking and per-item accounting of batch calls, shared by the sync and async clients.

Why pure functions: what a response *means* for each input (succeeded, failed, unconfirmed) is
the heart of "nothing lost", so it is decided here without I/O and tested directly; the clients
only feed chunks in and responses back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

import httpx

from hubspot_events._errors import (
    APIStatusError,
    AuthenticationError,
    PermissionDeniedError,
    RateLimitError,
)
from hubspot_events._inputs import InvalidInput
from hubspot_events._results import (
    INVALID_INPUT,
    UNCONFIRMED,
    BatchResult,
    Failure,
    ItemError,
    Success,
)


@dataclass(slots=True)
class Prepared:
    """An input that passed validation: its position, what the user gave, what will be sent."""

    index: int
    input: Any
    body: dict[str, Any]


@dataclass(frozen=True)
class BatchOperation:
    """How one batch endpoint is called and how its answers are read.

    ``prepare`` validates one input into the API's JSON (raising :class:`InvalidInput`);
    ``request`` builds the generated operation's request kwargs for a list of bodies;
    ``key`` is how HubSpot names an input in results and error contexts (an email, a vid, an
    external event id); ``result_key`` is the field of a result that carries that key, or None when
    results cannot be matched to inputs; ``parse_result`` turns a raw result into its model.
    """

    prepare: Callable[[Any], dict[str, Any]]
    request: Callable[[list[dict[str, Any]]], dict[str, Any]]
    key: Callable[[dict[str, Any]], str]
    result_key: str | None
    parse_result: Callable[[dict[str, Any]], Any] | None


class _Body:
    """Stands in for a generated request model: ``_get_kwargs`` only calls ``to_dict()``.

    Why: building generated models from already-validated dicts, only to turn them back into
    dicts, costs more CPU than the HTTP call; the generated request builder still decides the
    method, path quoting and query parameters.
    """

    __slots__ = ("_json",)

    def __init__(self, json: dict[str, Any]) -> None:
        self._json = json

    def to_dict(self) -> dict[str, Any]:
        return self._json


def body(inputs: list[dict[str, Any]]) -> Any:
    """A batch request's body: ``{"inputs": [...]}``."""
    return _Body({"inputs": inputs})


def json_body(data: dict[str, Any]) -> Any:
    """A single-object request's body, already in the API's JSON shape."""
    return _Body(data)


def chunks(items: Iterable[Any], size: int) -> Iterator[list[tuple[int, Any]]]:
    """Consecutive chunks of ``(index, item)``, read lazily so any iterable can be streamed."""
    if size < 1:
        raise ValueError(f"batch_size must be at least 1, got {size}")
    numbered = enumerate(items)
    while chunk := list(islice(numbered, size)):
        yield chunk


def prepare_chunk(
    operation: BatchOperation, chunk: list[tuple[int, Any]]
) -> tuple[list[Prepared], BatchResult]:
    """Validate every input of a chunk; invalid ones are failed here and never sent."""
    ready: list[Prepared] = []
    rejected = BatchResult()
    for index, item in chunk:
        try:
            ready.append(Prepared(index, item, operation.prepare(item)))
        except InvalidInput as invalid:
            rejected.failed.append(
                Failure(index, item, INVALID_INPUT, str(invalid), field=invalid.field)
            )
    return ready, rejected


def is_fatal(error: APIStatusError) -> bool:
    """Errors that would fail every later chunk too: stop the job instead of hammering HubSpot."""
    if isinstance(error, AuthenticationError | PermissionDeniedError):
        return True
    return isinstance(error, RateLimitError) and error.policy_name == "DAILY"


def _named_keys(raw: Any) -> set[str]:
    """Every string an error's ``context`` (or its nested errors' contexts) names."""
    names: set[str] = set()
    contexts = [raw.get("context")] if isinstance(raw, dict) else []
    if isinstance(raw, dict):
        contexts += [e.get("context") for e in raw.get("errors") or [] if isinstance(e, dict)]
    for context in contexts:
        if isinstance(context, dict):
            for values in context.values():
                for value in values if isinstance(values, list) else [values]:
                    names.add(str(value).strip().lower())
    return names


def _index_by_key(operation: BatchOperation, sent: list[Prepared]) -> dict[str, list[Prepared]]:
    by_key: dict[str, list[Prepared]] = {}
    for prepared in sent:
        by_key.setdefault(operation.key(prepared.body).strip().lower(), []).append(prepared)
    return by_key


def read_response(
    operation: BatchOperation, sent: list[Prepared], response: httpx.Response
) -> BatchResult:
    """Account for every sent input from a 2xx response (200, 207, or an empty 200/204)."""
    result = BatchResult()
    correlation_id = response.headers.get("x-hubspot-correlation-id")
    payload: Any = None
    if response.content.strip():
        try:
            payload = json.loads(response.content)
        except (ValueError, RecursionError):
            payload = _UNREADABLE
    if payload is None:
        # No body (email-upsert, upsert by id): HubSpot's 2xx covers every input.
        result.succeeded.extend(Success(p.index, p.input) for p in sent)
        return result
    if not isinstance(payload, dict):
        # A body that cannot be read (truncated, a proxy's page, not an object) may have named
        # inputs HubSpot refused: none is confirmed, and resending them is safe (upserts).
        message = (
            f"HubSpot answered {response.status_code} with a body that cannot be read, so "
            "this input is not known to be recorded"
        )
        result.failed.extend(
            Failure(p.index, p.input, UNCONFIRMED, message, correlation_id, response.status_code)
            for p in sent
        )
        return result
    status = payload.get("status")
    result.statuses.append(status if isinstance(status, str) else "COMPLETE")
    raw_errors = _as_list(payload.get("errors"))
    if not raw_errors and operation.result_key is None:
        # Nothing to tie to inputs (event upserts): every input succeeded, every result is
        # unmatched. The same accounting as below, without indexing the inputs by key.
        result.unmatched_results.extend(
            r for r in _as_list(payload.get("results")) if isinstance(r, dict)
        )
        result.succeeded.extend([Success(p.index, p.input) for p in sent])
        return result
    by_key = _index_by_key(operation, sent)
    failed: dict[int, Failure] = {}
    for raw in raw_errors:
        if not isinstance(raw, dict):
            raw = {"message": str(raw)}
        category = str(raw.get("category") or "UNKNOWN")
        message = str(raw.get("message") or "")
        hits = [p for key in _named_keys(raw) for p in by_key.get(key, [])]
        for p in hits:
            failed.setdefault(
                p.index,
                Failure(p.index, p.input, category, message, correlation_id, response.status_code),
            )
        result.errors.append(
            ItemError(
                category, message, raw, tuple(sorted({p.index for p in hits})), correlation_id
            )
        )
    results = [r for r in _as_list(payload.get("results")) if isinstance(r, dict)]
    matched = _match_results(operation, by_key, results)
    used = {id(raw) for raw in matched.values()}
    result.unmatched_results.extend(raw for raw in results if id(raw) not in used)
    unattributed = any(not e.attributed for e in result.errors)
    for p in sent:
        if p.index in failed:
            result.failed.append(failed[p.index])
        elif p.index in matched or not unattributed:
            # Without an error tied to no input, HubSpot's 2xx covers every input it did not
            # name; with one, only an input found in the results is known to be recorded.
            result.succeeded.append(Success(p.index, p.input, matched.get(p.index)))
        else:
            result.failed.append(
                Failure(
                    p.index,
                    p.input,
                    UNCONFIRMED,
                    "HubSpot reported errors it tied to no input, and this input is not in its results",
                    correlation_id,
                    response.status_code,
                )
            )
    return result


_UNREADABLE = object()


def _as_list(value: Any) -> list[Any]:
    """A list field of HubSpot's answer; anything else (but nothing) there is one item of it."""
    if isinstance(value, list):
        return value
    return [value] if value else []


def _match_results(
    operation: BatchOperation, by_key: dict[str, list[Prepared]], results: list[dict[str, Any]]
) -> dict[int, dict[str, Any]]:
    if operation.result_key is None:
        return {}
    matched: dict[int, dict[str, Any]] = {}
    for raw in results:
        for p in by_key.get(str(raw.get(operation.result_key, "")).strip().lower(), []):
            matched.setdefault(p.index, raw)
    return matched


def split_on_error(
    operation: BatchOperation, sent: list[Prepared], error: APIStatusError
) -> tuple[BatchResult, list[Prepared]]:
    """A whole-request error: fail the inputs it names and hand back the rest to resend once.

    HubSpot (and the fake) answer some per-input problems, like an unknown contact on
    email-upsert, with a 400 for the whole request that names the inputs in ``context``. Failing
    only those and resending the others keeps one bad row from sinking its chunk. When the error
    names no input, or all of them, every input fails with it and nothing is resent.
    """
    by_key = _index_by_key(operation, sent)
    named_indexes = {p.index for key in _named_keys(error.body) for p in by_key.get(key, [])}
    named = [p for p in sent if p.index in named_indexes]
    result = BatchResult()
    if named and len(named) < len(sent):
        result.failed.extend(_failure(p, error) for p in named)
        return result, [p for p in sent if p.index not in named_indexes]
    result.failed.extend(_failure(p, error) for p in sent)
    return result, []


def fail_all(sent: list[Prepared], error: Exception) -> BatchResult:
    result = BatchResult()
    result.failed.extend(_failure(p, error) for p in sent)
    return result


def _failure(prepared: Prepared, error: Exception) -> Failure:
    if isinstance(error, APIStatusError):
        return Failure(
            prepared.index,
            prepared.input,
            error.category or f"HTTP_{error.status_code}",
            error.message,
            error.correlation_id,
            error.status_code,
        )
    return Failure(prepared.index, prepared.input, type(error).__name__, str(error))
