"""Chunking and per-item accounting of batch calls, shared by the sync and async clients.

Why pure functions: what a response *means* for each input (succeeded, failed, unconfirmed) is
the heart of "nothing lost", so it is decided here without I/O and tested directly; the clients
only feed chunks in and responses back.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from itertools import islice, repeat
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
    success,
)


@dataclass(slots=True)
class Ready:
    """A chunk's inputs that passed validation, as three parallel lists: their positions in the
    call's input, what the user gave, and what will be sent.

    Why lists and not an object per input: an object per input is 100 more allocations per
    request, and every container allocated brings the garbage collector's next pass closer (a
    100-event upsert triggers one, ~45 µs, and a 100-attendee call did one call in four).
    """

    indexes: list[int]
    inputs: list[Any]
    bodies: list[dict[str, Any]]

    def __len__(self) -> int:
        return len(self.bodies)

    def only(self, positions: Iterable[int]) -> Ready:
        """The inputs at ``positions`` (into these lists), in that order."""
        at = list(positions)
        return Ready(
            [self.indexes[i] for i in at],
            [self.inputs[i] for i in at],
            [self.bodies[i] for i in at],
        )


class Confirmation(Enum):
    """What in a 2xx answer confirms that HubSpot recorded an input (from HubSpot's spec).

    An input named by one of the answer's errors has failed, whatever the mode. Otherwise:

    - ``RESULTS``: the answer's ``results`` name each recorded input (email-create by email,
      create by ``vid``, batch update by ``objectId``): an input is confirmed only when a result
      carries its key. An answer without ``results``, or with fewer, leaves the others
      unconfirmed. No body at all confirms nothing: HubSpot documents one.
    - ``RESULT_COUNT``: the results carry no key of the inputs (events/upsert: an ``Event`` has
      no ``externalEventId``), so only their number can be checked: the inputs no error named are
      confirmed when there are at least as many results as such inputs, else none of them is
      (which ones HubSpot recorded cannot be told, and is not guessed).
    - ``ANSWER``: HubSpot documents no per-input answer (email-upsert and upsert: no body at all;
      the batch deletes: 204, or 207 with errors only), so the 2xx itself confirms every input no
      error named; an empty body included.

    In every mode, a body that is not a JSON object (``null``, a list, a string, a number,
    unreadable JSON) confirms nothing: it is not HubSpot's answer and may hide errors; so does an
    error tied to no input, or a 207 ("some failed") that names none, for the inputs it could mean.
    """

    RESULTS = "results"
    RESULT_COUNT = "result count"
    ANSWER = "answer"


@dataclass(frozen=True)
class BatchOperation:
    """How one batch endpoint is called and how its answers are read.

    ``prepare`` validates one input into the API's JSON (raising :class:`InvalidInput`), given
    the chunk's moment from ``now_ms`` (epoch ms, read once per chunk: a missing interaction time
    means the moment its chunk was validated);
    ``request`` builds the generated operation's request kwargs for a list of bodies;
    ``key`` is the field of a prepared input by which HubSpot names it in results and error
    contexts (``email``, ``vid``, ``externalEventId``, ``objectId``); ``result_key`` is the field
    of a result that carries that key, or None when results cannot be matched to inputs;
    ``parse_result`` turns a raw result into its model;
    ``confirmation`` is what in an answer confirms an input (see :class:`Confirmation`).
    """

    prepare: Callable[[Any, int], dict[str, Any]]
    request: Callable[[list[dict[str, Any]]], dict[str, Any]]
    key: str
    result_key: str | None
    parse_result: Callable[[dict[str, Any]], Any] | None
    confirmation: Confirmation
    now_ms: Callable[[], int] = field(default=lambda: int(time.time() * 1000))


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


#: A chunk of a call's inputs: the index of its first input in the call, and its inputs.
Chunk = tuple[int, list[Any]]


def chunks(items: Iterable[Any], size: int) -> Iterator[Chunk]:
    """Consecutive chunks, read lazily so any iterable can be streamed."""
    if size < 1:
        raise ValueError(f"batch_size must be at least 1, got {size}")
    iterator, start = iter(items), 0
    while chunk := list(islice(iterator, size)):
        yield start, chunk
        start += len(chunk)


def prepare_chunk(operation: BatchOperation, chunk: Chunk) -> tuple[Ready, BatchResult[Any]]:
    """Validate every input of a chunk; invalid ones are failed here and never sent."""
    start, items = chunk
    bodies: list[dict[str, Any]] = []
    rejected: BatchResult[Any] = BatchResult()
    prepare, now_ms, keep = operation.prepare, operation.now_ms(), bodies.append
    for position, item in enumerate(items):
        try:
            keep(prepare(item, now_ms))
        except InvalidInput as invalid:
            rejected.failed.append(
                Failure(start + position, item, INVALID_INPUT, str(invalid), field=invalid.field)
            )
        except Exception as exc:
            # The validators word every case they know; an input of a shape nobody foresaw
            # (a mapping whose ``items()`` raises, a ``tzinfo`` that does) still fails alone.
            message = f"input: cannot be read ({type(exc).__name__}); pass a mapping or a model"
            rejected.failed.append(
                Failure(start + position, item, INVALID_INPUT, message, field="input")
            )
    if not rejected.failed:
        return Ready(list(range(start, start + len(items))), items, bodies), rejected
    refused = {failure.index for failure in rejected.failed}
    indexes = [index for index in range(start, start + len(items)) if index not in refused]
    return Ready(indexes, [items[index - start] for index in indexes], bodies), rejected


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


def _normal(key: Any) -> str:
    """How an input's key is compared with the keys HubSpot's answers carry: HubSpot may
    lower-case an email, and writes ids as numbers or strings."""
    return str(key).strip().lower()


def _index_by_key(operation: BatchOperation, sent: Ready) -> dict[str, list[int]]:
    """The positions in ``sent`` of the inputs with each normalized key."""
    by_key: dict[str, list[int]] = {}
    key = operation.key
    for position, body in enumerate(sent.bodies):
        normal = _normal(body[key])
        same = by_key.get(normal)
        if same is None:  # (not setdefault: no list made and dropped for every input)
            by_key[normal] = [position]
        else:
            same.append(position)
    return by_key


def read_response(
    operation: BatchOperation, sent: Ready, response: httpx.Response
) -> BatchResult[Any]:
    """Account for every sent input from a 2xx response (200, 207, or an empty 200/204); what
    confirms an input depends on the operation (see :class:`Confirmation`)."""
    result: BatchResult[Any] = BatchResult()
    status_code = response.status_code
    correlation_id = response.headers.get("x-hubspot-correlation-id")

    def unconfirmed(positions: Iterable[int], why: str) -> None:
        message = f"HubSpot's {status_code} answer did not confirm this input: {why}"
        indexes, inputs = sent.indexes, sent.inputs
        result.failed.extend(
            Failure(indexes[i], inputs[i], UNCONFIRMED, message, correlation_id, status_code)
            for i in positions
        )

    everyone = range(len(sent))
    if not response.content.strip():
        if operation.confirmation is not Confirmation.ANSWER:
            unconfirmed(everyone, "it has no body, and HubSpot documents one with results")
        elif status_code == 207:
            unconfirmed(
                everyone, "HubSpot answered 207 (some inputs failed) with no body naming them"
            )
        else:
            # No body (email-upsert, upsert, deletes): HubSpot's 2xx covers every input.
            result.confirm(sent.indexes, sent.inputs)
        return result
    try:
        payload = json.loads(response.content)
    except (ValueError, RecursionError):
        payload = _UNREADABLE
    if not isinstance(payload, dict):
        # Not a batch answer (truncated, a proxy's page, JSON null, a list): it may have named
        # inputs HubSpot refused, so none is confirmed (resending them is safe: upserts).
        unconfirmed(everyone, f"its body is {_kind(payload)}, not HubSpot's batch answer")
        return result
    status = payload.get("status")
    result.statuses.append(status if isinstance(status, str) else "COMPLETE")
    raw_errors = _as_list(payload.get("errors"))
    raw_results = payload.get("results")
    results = [r for r in _as_list(raw_results) if isinstance(r, dict)]
    if (
        not raw_errors
        and operation.confirmation is Confirmation.RESULT_COUNT
        and status_code != 207
        and isinstance(raw_results, list)
        and len(results) >= len(sent)
    ):
        # The common event upsert: a result for each input and no error. Same accounting as
        # below, without indexing the inputs by key.
        result.unmatched_results.extend(results)
        result.confirm(sent.indexes, sent.inputs)
        return result
    if not raw_errors and status_code != 207 and _each_in_place(operation, sent, results):
        # The common email-create or update answer: every input confirmed by the result at its
        # own position. Same accounting as below, without indexing both sides by key.
        result.confirm(sent.indexes, sent.inputs, results)
        return result
    by_key = _index_by_key(operation, sent)
    failed: dict[int, Failure] = {}
    for raw in raw_errors:
        if not isinstance(raw, dict):
            raw = {"message": str(raw)}
        category = str(raw.get("category") or "UNKNOWN")
        message = str(raw.get("message") or "")
        hits = [i for key in _named_keys(raw) for i in by_key.get(key, [])]
        for i in hits:
            if i not in failed:
                failed[i] = Failure(
                    sent.indexes[i], sent.inputs[i], category, message, correlation_id, status_code
                )
        result.errors.append(
            ItemError(
                category,
                message,
                raw,
                tuple(sorted({sent.indexes[i] for i in hits})),
                correlation_id,
            )
        )
    matched = _match_results(operation, by_key, results)
    used = {id(raw) for raw in matched.values()}
    result.unmatched_results.extend(raw for raw in results if id(raw) not in used)
    result.failed.extend(failed[i] for i in everyone if i in failed)
    rest = [i for i in everyone if i not in failed]
    confirmed, why = _confirmed(operation, rest, matched, raw_results, result, status_code)
    for i in rest:
        if i in confirmed:
            result.succeeded.append(success(sent.indexes[i], sent.inputs[i], matched.get(i)))
    unconfirmed((i for i in rest if i not in confirmed), why)
    return result


def _confirmed(
    operation: BatchOperation,
    rest: list[int],
    matched: dict[int, dict[str, Any]],
    raw_results: Any,
    result: BatchResult[Any],
    status_code: int,
) -> tuple[set[int], str]:
    """The positions of ``rest`` (inputs no error named) the answer confirms, and why the others
    are not confirmed (see :class:`Confirmation`)."""
    if operation.confirmation is Confirmation.RESULTS:
        if not isinstance(raw_results, list):
            return set(matched), "the answer has no results list"
        return set(matched), "it is not among the answer's results"
    if any(not e.attributed for e in result.errors):
        return set(), "HubSpot reported errors it tied to no input, and its results cannot tell"
    if status_code == 207 and not result.errors:
        return set(), "HubSpot answered 207 (some inputs failed) without naming any"
    everyone = set(rest)
    if operation.confirmation is Confirmation.ANSWER:
        return everyone, ""
    if not isinstance(raw_results, list):
        return set(), "the answer has no results list"
    count = len(result.unmatched_results)
    if count >= len(rest):
        return everyone, ""
    return set(), (
        f"HubSpot sent {count} results for {len(rest)} inputs it reported no error for, and its "
        "results carry no externalEventId: which inputs it recorded is unknown"
    )


_UNREADABLE = object()


def _kind(payload: Any) -> str:
    """What a body that is not a JSON object is, in words."""
    if payload is _UNREADABLE:
        return "not readable JSON"
    if payload is None:
        return "JSON null"
    names = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return f"a JSON {names.get(type(payload), type(payload).__name__)}"


def _as_list(value: Any) -> list[Any]:
    """A list field of HubSpot's answer; anything else (but nothing) there is one item of it."""
    if isinstance(value, list):
        return value
    return [value] if value else []


def _each_in_place(operation: BatchOperation, sent: Ready, results: list[dict[str, Any]]) -> bool:
    """Whether result ``i`` names input ``i`` for every ``i``, and no two inputs share a key:
    then :func:`_match_results` would pair them just so, and nothing is left unmatched.

    Why: HubSpot answers in input order, and comparing two lists of keys costs a fraction of
    indexing every input and every result by its normalized key (~0.4 µs per input)."""
    result_key = operation.result_key
    if result_key is None or len(results) != len(sent):
        return False
    key = operation.key
    mine = [body[key] for body in sent.bodies]
    theirs = [raw.get(result_key, "") for raw in results]
    # HubSpot may write a key otherwise (an email lower-cased, an id as a number).
    if mine != theirs and any(map(_differ, mine, theirs)):
        return False
    return len(_normal_set(mine)) == len(mine)


def _normal_set(keys: list[Any]) -> set[str]:
    """``{_normal(key) for key in keys}``, without a Python call per key."""
    try:
        return set(map(str.lower, map(str.strip, keys)))
    except TypeError:  # ids given as numbers (vids)
        return set(map(str.lower, map(str.strip, map(str, keys))))


def _differ(mine: Any, theirs: Any) -> bool:
    return _normal(mine) != _normal(theirs)


def _match_results(
    operation: BatchOperation, by_key: dict[str, list[int]], results: list[dict[str, Any]]
) -> dict[int, dict[str, Any]]:
    """The result that confirms each input, by position in the sent inputs."""
    if operation.result_key is None:
        return {}
    matched: dict[int, dict[str, Any]] = {}
    result_key, nobody = operation.result_key, ()
    for raw in results:
        for i in by_key.get(_normal(raw.get(result_key, "")), nobody):
            if i not in matched:  # the first result naming an input confirms it
                matched[i] = raw
    return matched


def split_on_error(
    operation: BatchOperation, sent: Ready, error: APIStatusError
) -> tuple[BatchResult[Any], Ready]:
    """A whole-request error: fail the inputs it names and hand back the rest to resend once.

    HubSpot (and the fake) answer some per-input problems, like an unknown contact on
    email-upsert, with a 400 for the whole request that names the inputs in ``context``. Failing
    only those and resending the others keeps one bad row from sinking its chunk. When the error
    names no input, or all of them, every input fails with it and nothing is resent.
    """
    by_key = _index_by_key(operation, sent)
    named = {i for key in _named_keys(error.body) for i in by_key.get(key, [])}
    if named and len(named) < len(sent):
        result = fail_all(sent.only(sorted(named)), error)
        return result, sent.only(i for i in range(len(sent)) if i not in named)
    return fail_all(sent, error), Ready([], [], [])


def fail_all(sent: Ready, error: Exception) -> BatchResult[Any]:
    result: BatchResult[Any] = BatchResult()
    result.failed.extend(map(_failure, sent.indexes, sent.inputs, repeat(error)))
    return result


def _failure(index: int, item: Any, error: Exception) -> Failure:
    if isinstance(error, APIStatusError):
        return Failure(
            index,
            item,
            error.category or f"HTTP_{error.status_code}",
            error.message,
            error.correlation_id,
            error.status_code,
        )
    return Failure(index, item, type(error).__name__, str(error))
