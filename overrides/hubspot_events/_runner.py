"""Drive batch calls, single reads and paged reads through a core, sync or async.

The per-chunk logic (validate, send, read the answer, split and resend once on a 400 that names
inputs, stop on errors that would fail every chunk) is one generator, :func:`_chunk`, that yields
request kwargs and receives the outcome; the sync and async runners only feed it. So both clients
account for inputs identically.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Generator, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from hubspot_events._batching import (
    BatchOperation,
    chunks,
    fail_all,
    is_fatal,
    prepare_chunk,
    read_response,
    split_on_error,
)
from hubspot_events._core import ATTEMPTS, AsyncCore, Core, RequestKwargs, SyncCore
from hubspot_events._errors import APIStatusError, HubSpotError
from hubspot_events._pagination import AsyncPager, Page, Pager, next_cursor
from hubspot_events._results import BatchResult
from hubspot_events._shapes import problem, schema_of

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")
_Outcome = httpx.Response | HubSpotError
_ChunkLoop = Generator[RequestKwargs, _Outcome, BatchResult]


class _Fatal(Exception):
    """Carries an error that must stop the job, with the chunk's accounting so far."""

    def __init__(self, error: APIStatusError, result: BatchResult) -> None:
        self.error = error
        self.result = result


def _chunk(operation: BatchOperation, chunk: list[tuple[int, Any]]) -> _ChunkLoop:
    ready, result = prepare_chunk(operation, chunk)
    resent = False
    while ready:
        outcome = yield operation.request([p.body for p in ready])
        result.requests += _attempts(outcome)
        if isinstance(outcome, httpx.Response):
            result.merge(read_response(operation, ready, outcome))
            break
        if isinstance(outcome, APIStatusError) and is_fatal(outcome):
            result.merge(fail_all(ready, outcome))
            raise _Fatal(outcome, result)
        if isinstance(outcome, APIStatusError) and outcome.status_code == 400 and not resent:
            named, ready = split_on_error(operation, ready, outcome)
            result.merge(named)
            resent = True
            continue
        result.merge(fail_all(ready, outcome))
        break
    return result


def _attempts(outcome: _Outcome) -> int:
    """HTTP requests one send took, retries included."""
    if isinstance(outcome, httpx.Response):
        return int(outcome.extensions.get(ATTEMPTS, 1))
    return outcome.attempts


def _abort(error: APIStatusError, total: BatchResult) -> APIStatusError:
    error.partial_result = total
    return error


def _parse_json(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError) as exc:
        raise HubSpotError(
            f"HubSpot answered {response.status_code} with a body that is not JSON: {response.text[:200]!r}"
        ) from exc


def _check_shape(
    response: httpx.Response, payload: Any, parse: Callable[..., Any], at: str = ""
) -> None:
    """Refuse an answer whose JSON breaks the schema the model is built from (see ``_shapes``)."""
    schema = schema_of(parse)
    found = problem(payload, schema, at) if schema is not None else None
    if found is not None:
        raise HubSpotError(
            f"HubSpot's {response.status_code} answer does not match the spec ({schema}): {found}"
        )


def _read(response: httpx.Response, parse: Callable[[dict[str, Any]], T] | None) -> T | None:
    """The answer's model; ``None`` for operations whose success has no body (deletes, PUTs)."""
    return None if parse is None else _parse(response, parse)


def _parse(response: httpx.Response, parse: Callable[[dict[str, Any]], T]) -> T:
    payload = _parse_json(response)
    if not isinstance(payload, dict):
        raise HubSpotError(
            f"HubSpot answered {response.status_code} with {type(payload).__name__}, not an object"
        )
    _check_shape(response, payload, parse)
    try:
        return parse(payload)
    except (KeyError, TypeError, ValueError) as exc:
        raise HubSpotError(
            f"HubSpot's {response.status_code} answer does not match the spec: {exc!r}"
        ) from exc


def _page(response: httpx.Response, parse_item: Callable[[dict[str, Any]], T]) -> Page[T]:
    payload = _parse_json(response)
    items = payload.get("results") if isinstance(payload, dict) else None
    if not isinstance(items, list):
        raise HubSpotError("HubSpot's page has no results list")
    for position, item in enumerate(items):
        _check_shape(response, item, parse_item, f"results[{position}]")
    try:
        return Page([parse_item(item) for item in items], next_cursor(payload))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise HubSpotError(f"HubSpot's page does not match the spec: {exc!r}") from exc


def _operation(request: Callable[[str | None], RequestKwargs], core: Core) -> str:
    """``"GET /marketing/v3/..."`` for a paged read's errors (built once, without a cursor), with
    the path the client's API version really sends."""
    kwargs = request(None)
    return f"{str(kwargs.get('method', 'GET')).upper()} {core.path(str(kwargs.get('url', '')))}"


class SyncRunner:
    def __init__(self, core: SyncCore, batch_size: int) -> None:
        self.core = core
        self.batch_size = batch_size

    def batch(self, operation: BatchOperation, items: Iterable[Any]) -> BatchResult:
        total = BatchResult(parse_result=operation.parse_result)
        for chunk in chunks(items, self.batch_size):
            try:
                total.merge(self._drive(_chunk(operation, chunk)))
            except _Fatal as fatal:
                total.merge(fatal.result)
                raise _abort(fatal.error, total) from None
        return total

    def _drive(self, loop: _ChunkLoop) -> BatchResult:
        outcome: _Outcome | None = None
        try:
            kwargs = next(loop)
            while True:
                try:
                    outcome = self.core.send(kwargs)
                except HubSpotError as error:
                    outcome = error
                kwargs = loop.send(outcome)
        except StopIteration as done:
            result: BatchResult = done.value
            return result

    def read(self, kwargs: RequestKwargs, parse: Callable[[dict[str, Any]], T] | None) -> T | None:
        return _read(self.core.send(kwargs), parse)

    def pager(
        self,
        request: Callable[[str | None], RequestKwargs],
        parse_item: Callable[[dict[str, Any]], T],
    ) -> Pager[T]:
        return Pager(
            lambda after: _page(self.core.send(request(after)), parse_item),
            operation=_operation(request, self.core),
        )


class AsyncRunner:
    def __init__(self, core: AsyncCore, batch_size: int, concurrency: int) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, got {concurrency}")
        self.core = core
        self.batch_size = batch_size
        self.concurrency = concurrency

    async def batch(self, operation: BatchOperation, items: Iterable[Any]) -> BatchResult:
        """Up to ``concurrency`` chunks in flight, merged in input order; the stream is read lazily."""
        import asyncio  # here, not at module level: sync-only users never pay for asyncio

        total = BatchResult(parse_result=operation.parse_result)
        in_flight: deque[asyncio.Task[BatchResult]] = deque()
        fatal: _Fatal | None = None

        async def settle(task: asyncio.Task[BatchResult]) -> None:
            nonlocal fatal
            try:
                total.merge(await task)
            except _Fatal as stopped:
                total.merge(stopped.result)
                fatal = fatal or stopped

        try:
            for chunk in chunks(items, self.batch_size):
                in_flight.append(asyncio.ensure_future(self._drive(_chunk(operation, chunk))))
                if len(in_flight) >= self.concurrency:
                    await settle(in_flight.popleft())
                if fatal is not None:
                    break
            while in_flight:
                await settle(in_flight.popleft())
        finally:
            # The input stream raised, or this call was cancelled: no chunk may go on sending
            # in the background after the call has returned.
            for task in in_flight:
                task.cancel()
            if in_flight:
                await asyncio.gather(*in_flight, return_exceptions=True)
        if fatal is not None:
            raise _abort(fatal.error, total)
        return total

    async def _drive(self, loop: _ChunkLoop) -> BatchResult:
        outcome: _Outcome | None = None
        try:
            kwargs = next(loop)
            while True:
                try:
                    outcome = await self.core.send(kwargs)
                except HubSpotError as error:
                    outcome = error
                kwargs = loop.send(outcome)
        except StopIteration as done:
            result: BatchResult = done.value
            return result

    async def read(
        self, kwargs: RequestKwargs, parse: Callable[[dict[str, Any]], T] | None
    ) -> T | None:
        return _read(await self.core.send(kwargs), parse)

    def pager(
        self,
        request: Callable[[str | None], RequestKwargs],
        parse_item: Callable[[dict[str, Any]], T],
    ) -> AsyncPager[T]:
        async def fetch(after: str | None) -> Page[T]:
            return _page(await self.core.send(request(after)), parse_item)

        return AsyncPager(fetch, operation=_operation(request, self.core))
