"""Drive batch calls, single reads and paged reads through a core, sync or async.

The per-chunk logic (validate, send, read the answer, split and resend once on a 400 that names
inputs, stop on errors that would fail every chunk) is one generator, :func:`_chunk`, that yields
request kwargs and receives the outcome; the sync and async runners only feed it. So both clients
account for inputs identically.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Callable, Generator, Iterable, Sized
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from hubspot_events._batching import (
    BatchOperation,
    Chunk,
    chunks,
    fail_all,
    is_fatal,
    prepare_chunk,
    read_response,
    split_on_error,
)
from hubspot_events._core import AsyncCore, Core, RequestKwargs, SyncCore
from hubspot_events._errors import APIStatusError, HubSpotError
from hubspot_events._pagination import AsyncPager, Page, Pager, next_cursor
from hubspot_events._response import ATTEMPTS, APIResponse, ResponseInfo, remember
from hubspot_events._results import BatchResult
from hubspot_events._shapes import problem, schema_of

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")
_Outcome = httpx.Response | HubSpotError
_ChunkLoop = Generator[RequestKwargs, _Outcome, BatchResult[Any]]
#: What a batch call does with each settled chunk's result (``on_chunk=``), if anything.
OnChunk = Callable[[BatchResult[Any]], object] | None


class _Fatal(Exception):
    """Carries an error that must stop the job, with the chunk's accounting so far."""

    def __init__(self, error: APIStatusError, result: BatchResult[Any]) -> None:
        self.error = error
        self.result = result


def _chunk(operation: BatchOperation, chunk: Chunk) -> _ChunkLoop:
    ready, result = prepare_chunk(operation, chunk)
    resent = False
    while ready:
        outcome = yield operation.request(ready.bodies)
        result.requests += _attempts(outcome)
        if isinstance(outcome, httpx.Response):
            result.responses.append(ResponseInfo.of_response(outcome))
        elif isinstance(outcome, APIStatusError):
            result.responses.append(ResponseInfo.of_error(outcome))
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


def _abort(error: APIStatusError, total: BatchResult[Any]) -> APIStatusError:
    error.partial_result = total
    return error


def _settle(total: BatchResult[Any], part: BatchResult[Any], on_chunk: OnChunk) -> None:
    """Account for a settled chunk: keep it in ``total``, or hand it to ``on_chunk`` and keep
    only its counts (flat memory for any number of inputs)."""
    if on_chunk is None:
        total.merge(part)
        return
    part.parse_result = total.parse_result
    total.count(part)
    on_chunk(part)


def _not_async_iterable(items: object) -> None:
    if isinstance(items, AsyncIterable) and not isinstance(items, Iterable):
        raise TypeError(
            "the blocking client cannot read an async iterable; collect it into a list, "
            "or use AsyncHubSpotEvents, whose batch methods accept async iterables"
        )


async def _chunks_of(items: Iterable[Any] | AsyncIterable[Any], size: int) -> AsyncIterator[Chunk]:
    """``chunks`` of an iterable or an async iterable (an async database cursor, a stream)."""
    if not isinstance(items, AsyncIterable):
        for chunk in chunks(items, size):
            yield chunk
        return
    start, items_of_chunk = 0, []
    async for item in items:
        items_of_chunk.append(item)
        if len(items_of_chunk) == size:
            yield start, items_of_chunk
            start, items_of_chunk = start + size, []
    if items_of_chunk:
        yield start, items_of_chunk


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
    """The answer's model, remembered with its answer (``response_of``); ``None`` for
    operations whose success has no body (deletes, PUTs)."""
    if parse is None:
        return None
    return remember(_parse(response, parse), ResponseInfo.of_response(response))


def _raw(
    response: httpx.Response, parse: Callable[[dict[str, Any]], T] | None
) -> APIResponse[T | None]:
    """The whole answer, its model parsed on demand (``with_raw_response``)."""
    return APIResponse(response, lambda answer: _read(answer, parse))


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
    """One page of a paged read, with the answer it came from."""
    payload = _parse_json(response)
    items = payload.get("results") if isinstance(payload, dict) else None
    if not isinstance(items, list):
        raise HubSpotError("HubSpot's page has no results list")
    for position, item in enumerate(items):
        _check_shape(response, item, parse_item, f"results[{position}]")
    try:
        parsed = [parse_item(item) for item in items]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise HubSpotError(f"HubSpot's page does not match the spec: {exc!r}") from exc
    return Page(parsed, next_cursor(payload), ResponseInfo.of_response(response))


def _operation(request: Callable[[str | None], RequestKwargs], core: Core) -> str:
    """``"GET /marketing/v3/..."`` for a paged read's errors (built once, without a cursor), with
    the path the client's API version really sends."""
    kwargs = request(None)
    return f"{str(kwargs.get('method', 'GET')).upper()} {core.path(str(kwargs.get('url', '')))}"


class SyncRunner:
    def __init__(self, core: SyncCore, batch_size: int) -> None:
        self.core = core
        self.batch_size = batch_size

    def derive(self, changes: dict[str, Any], batch_size: int) -> SyncRunner:
        """This runner on a core with some options changed (``with_options``)."""
        return SyncRunner(self.core.derive(**changes), batch_size)

    def batch(
        self,
        operation: BatchOperation,
        items: Iterable[Any] | AsyncIterable[Any],
        on_chunk: OnChunk = None,
    ) -> BatchResult[Any]:
        _not_async_iterable(items)
        assert isinstance(items, Iterable)
        total: BatchResult[Any] = BatchResult(parse_result=operation.parse_result)
        for chunk in chunks(items, self.batch_size):
            try:
                part = self._drive(_chunk(operation, chunk))
            except _Fatal as fatal:
                _settle(total, fatal.result, on_chunk)
                raise _abort(fatal.error, total) from None
            _settle(total, part, on_chunk)
        return total

    def _drive(self, loop: _ChunkLoop) -> BatchResult[Any]:
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
            result: BatchResult[Any] = done.value
            return result

    def read(self, kwargs: RequestKwargs, parse: Callable[[dict[str, Any]], T] | None) -> T | None:
        return _read(self.core.send(kwargs), parse)

    def read_raw(
        self, kwargs: RequestKwargs, parse: Callable[[dict[str, Any]], T] | None
    ) -> APIResponse[T | None]:
        return _raw(self.core.send(kwargs), parse)

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

    def derive(self, changes: dict[str, Any], batch_size: int) -> AsyncRunner:
        """This runner on a core with some options changed (``with_options``)."""
        return AsyncRunner(self.core.derive(**changes), batch_size, self.concurrency)

    async def batch(
        self,
        operation: BatchOperation,
        items: Iterable[Any] | AsyncIterable[Any],
        on_chunk: OnChunk = None,
    ) -> BatchResult[Any]:
        """Up to ``concurrency`` chunks in flight, settled in input order; the stream (an
        iterable or an async iterable) is read lazily."""
        total: BatchResult[Any] = BatchResult(parse_result=operation.parse_result)
        if self.concurrency == 1 or (isinstance(items, Sized) and len(items) <= self.batch_size):
            # One chunk at a time: awaited here, without a task each (a task costs two more
            # turns of the event loop).
            async for chunk in _chunks_of(items, self.batch_size):
                try:
                    part = await self._drive(_chunk(operation, chunk))
                except _Fatal as stopped:
                    _settle(total, stopped.result, on_chunk)
                    raise _abort(stopped.error, total) from None
                _settle(total, part, on_chunk)
            return total
        import asyncio  # here, not at module level: sync-only users never pay for asyncio

        in_flight: deque[asyncio.Task[BatchResult[Any]]] = deque()
        fatal: _Fatal | None = None

        async def settle(task: asyncio.Task[BatchResult[Any]]) -> None:
            nonlocal fatal
            try:
                part = await task
            except _Fatal as stopped:
                part = stopped.result
                fatal = fatal or stopped
            _settle(total, part, on_chunk)

        try:
            async for chunk in _chunks_of(items, self.batch_size):
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

    async def _drive(self, loop: _ChunkLoop) -> BatchResult[Any]:
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
            result: BatchResult[Any] = done.value
            return result

    async def read(
        self, kwargs: RequestKwargs, parse: Callable[[dict[str, Any]], T] | None
    ) -> T | None:
        return _read(await self.core.send(kwargs), parse)

    async def read_raw(
        self, kwargs: RequestKwargs, parse: Callable[[dict[str, Any]], T] | None
    ) -> APIResponse[T | None]:
        return _raw(await self.core.send(kwargs), parse)

    def pager(
        self,
        request: Callable[[str | None], RequestKwargs],
        parse_item: Callable[[dict[str, Any]], T],
    ) -> AsyncPager[T]:
        async def fetch(after: str | None) -> Page[T]:
            return _page(await self.core.send(request(after)), parse_item)

        return AsyncPager(fetch, operation=_operation(request, self.core))
