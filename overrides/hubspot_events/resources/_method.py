"""One description per operation, turned into a sync and an async method.

Why: every operation is the same three steps (check the arguments, build the generated request,
hand it to a runner that knows how to read the answer), so each is written once, as a function
from the client's :class:`Defaults` and the caller's arguments to a *call*: a :class:`Read` (one
answer, one model), a :class:`Batch` (inputs in chunks, a ``BatchResult``) or a :class:`Paged`
read. A resource class lists its operations as ``name = read(description)`` and serves both
clients: ``Events[Sync]`` on :class:`HubSpotEvents`, ``Events[Async]`` on the async one. Adding
an operation is one description and one line; there is no method body to copy between twins.

The descriptors keep the description's signature (minus ``defaults``) for ``help()`` and
``inspect``, and for the type checker through ``ParamSpec``.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

__all__ = ["Async", "M", "RawAsync", "RawSync", "Sync"]  # re-exported for the resources

from hubspot_events._fast_models import parser
from hubspot_events._runner import AsyncRunner, SyncRunner
from hubspot_events.resources._common import Async, Defaults, M, RawAsync, RawSync, Sync
from hubspot_events_generated.types import UNSET, Unset

if TYPE_CHECKING:
    from hubspot_events._batching import BatchOperation
    from hubspot_events._core import RequestKwargs
    from hubspot_events._pagination import AsyncPager, Pager
    from hubspot_events._response import APIResponse
    from hubspot_events._results import BatchResult

P = ParamSpec("P")
T = TypeVar("T")


class Resource(Generic[M]):
    """An API area; its operations are the :func:`read`, :func:`batch` and :func:`paged` below."""

    def __init__(
        self, runner: SyncRunner | AsyncRunner, defaults: Defaults, *, raw: bool = False
    ) -> None:
        self._runner = runner
        self._defaults = defaults
        #: ``with_raw_response``: reads hand back the whole answer (``APIResponse``).
        self._raw = raw

    def __repr__(self) -> str:
        kind = "async" if self._is_async else "sync"
        return f"<{type(self).__name__} of {kind} client{', raw responses' if self._raw else ''}>"

    @property
    def _is_async(self) -> bool:
        return isinstance(self._runner, AsyncRunner)


@dataclass(frozen=True, slots=True)
class Read(Generic[T]):
    """One request, one answer: parsed into a model, or ``None`` where success has no body."""

    request: RequestKwargs
    parse: Callable[[dict[str, Any]], T] | None


@dataclass(frozen=True, slots=True)
class Batch(Generic[T]):
    """Many inputs, sent in chunks, each accounted for in a ``BatchResult[T]`` (``T``: the
    model of HubSpot's results). ``on_chunk``, when given, receives each chunk's result as it
    settles, and the call's own result then keeps only counts (flat memory for any length)."""

    operation: BatchOperation
    items: Iterable[Any] | AsyncIterable[Any]
    on_chunk: Callable[[BatchResult[T]], object] | None = None

    def __post_init__(self) -> None:
        if isinstance(self.items, str | bytes | Mapping) or not isinstance(
            self.items, Iterable | AsyncIterable
        ):
            raise TypeError(
                f"expected an iterable of inputs (a list, a generator...), got one "
                f"{type(self.items).__name__}; wrap a single input in a list: [item]"
            )


def cursor(after: str | None) -> str | Unset:
    """A page cursor for a generated request builder (the first page has none)."""
    return UNSET if after is None else after


@dataclass(frozen=True, slots=True)
class Paged(Generic[T]):
    """A read that follows ``paging.next.after`` cursors as the caller iterates."""

    request: Callable[[str | None], RequestKwargs]
    parse_item: Callable[[dict[str, Any]], T]


def _public_signature(describe: Callable[..., Any], returns: str) -> Any:
    import inspect  # here: only the first use of each method pays for it

    signature = inspect.signature(describe)
    parameters = list(signature.parameters.values())[1:]  # without ``defaults``
    return signature.replace(parameters=parameters, return_annotation=returns)


def _returned(describe: Callable[..., Any]) -> str:
    """What the description's call yields, as written: ``Read[EventInfo]`` gives ``EventInfo``."""
    annotation = str(describe.__annotations__.get("return", ""))
    return annotation[annotation.index("[") + 1 : -1] if "[" in annotation else "None"


def _start(
    runner: SyncRunner | AsyncRunner, call: Read[Any] | Batch[Any] | Paged[Any], raw: bool
) -> Any:
    """Hand a call to the runner; an async runner's answer is a coroutine (or an AsyncPager).
    ``raw``: a read answers its whole response (batches and pages keep theirs anyway)."""
    if isinstance(call, Batch):
        return runner.batch(call.operation, call.items, call.on_chunk)
    if isinstance(call, Paged):
        return runner.pager(call.request, call.parse_item)
    if raw:
        return runner.read_raw(call.request, call.parse)
    return runner.read(call.request, call.parse)


class _Operation(Generic[P, T]):
    """Descriptor plumbing shared by the three kinds: name, docs, signature, binding."""

    #: Whether the async client awaits the answer (reads, batches) or hands it back (pagers).
    awaited = True

    def __init__(self, describe: Callable[Concatenate[Defaults, P], Any]) -> None:
        self.describe = describe
        self.name = describe.__name__
        self.__doc__ = describe.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def _returns(self, is_async: bool, raw: bool) -> str:
        returned = _returned(self.describe)
        return f"APIResponse[{returned}]" if raw else returned

    def _get(self, resource: Resource[Any] | None) -> Any:
        if resource is None:
            return self
        describe, defaults, runner = self.describe, resource._defaults, resource._runner
        raw = resource._raw
        bound: Any  # a function that gets a __signature__
        if self.awaited and isinstance(runner, AsyncRunner):

            async def awaited(*args: Any, **kwargs: Any) -> Any:
                return await _start(runner, describe(defaults, *args, **kwargs), raw)

            bound = awaited
        else:

            def bound(*args: Any, **kwargs: Any) -> Any:
                return _start(runner, describe(defaults, *args, **kwargs), raw)

        bound.__name__ = bound.__qualname__ = self.name
        bound.__doc__ = describe.__doc__
        bound.__signature__ = _public_signature(describe, self._returns(resource._is_async, raw))
        # Cached on the instance (this is a non-data descriptor): later lookups cost nothing.
        resource.__dict__[self.name] = bound
        return bound


class ReadOperation(_Operation[P, T]):
    @overload
    def __get__(self, resource: None, owner: type) -> ReadOperation[P, T]: ...
    @overload
    def __get__(self, resource: Resource[Sync], owner: type) -> Callable[P, T]: ...
    @overload
    def __get__(
        self, resource: Resource[Async], owner: type
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...
    @overload
    def __get__(self, resource: Resource[RawSync], owner: type) -> Callable[P, APIResponse[T]]: ...
    @overload
    def __get__(
        self, resource: Resource[RawAsync], owner: type
    ) -> Callable[P, Coroutine[Any, Any, APIResponse[T]]]: ...
    def __get__(self, resource: Resource[Any] | None, owner: type) -> Any:
        return self._get(resource)


class BatchOperationMethod(_Operation[P, T]):
    def _returns(self, is_async: bool, raw: bool) -> str:
        return f"BatchResult[{_returned(self.describe)}]"

    @overload
    def __get__(self, resource: None, owner: type) -> BatchOperationMethod[P, T]: ...
    @overload
    def __get__(self, resource: Resource[Sync], owner: type) -> Callable[P, BatchResult[T]]: ...
    @overload
    def __get__(
        self, resource: Resource[Async], owner: type
    ) -> Callable[P, Coroutine[Any, Any, BatchResult[T]]]: ...
    @overload
    def __get__(self, resource: Resource[RawSync], owner: type) -> Callable[P, BatchResult[T]]: ...
    @overload
    def __get__(
        self, resource: Resource[RawAsync], owner: type
    ) -> Callable[P, Coroutine[Any, Any, BatchResult[T]]]: ...
    def __get__(self, resource: Resource[Any] | None, owner: type) -> Any:
        return self._get(resource)


class PagedOperation(_Operation[P, T]):
    awaited = False

    def _returns(self, is_async: bool, raw: bool) -> str:
        return f"{'AsyncPager' if is_async else 'Pager'}[{_returned(self.describe)}]"

    @overload
    def __get__(self, resource: None, owner: type) -> PagedOperation[P, T]: ...
    @overload
    def __get__(self, resource: Resource[Sync], owner: type) -> Callable[P, Pager[T]]: ...
    @overload
    def __get__(self, resource: Resource[Async], owner: type) -> Callable[P, AsyncPager[T]]: ...
    @overload
    def __get__(self, resource: Resource[RawSync], owner: type) -> Callable[P, Pager[T]]: ...
    @overload
    def __get__(self, resource: Resource[RawAsync], owner: type) -> Callable[P, AsyncPager[T]]: ...
    def __get__(self, resource: Resource[Any] | None, owner: type) -> Any:
        return self._get(resource)


def read(describe: Callable[Concatenate[Defaults, P], Read[T]]) -> ReadOperation[P, T]:
    """An operation that answers one model (or nothing)."""
    return ReadOperation(describe)


def batch(describe: Callable[Concatenate[Defaults, P], Batch[T]]) -> BatchOperationMethod[P, T]:
    """An operation that takes many inputs and accounts for each."""
    return BatchOperationMethod(describe)


def paged(describe: Callable[Concatenate[Defaults, P], Paged[T]]) -> PagedOperation[P, T]:
    """An operation whose answer is a sequence of pages, fetched as the caller iterates."""
    return PagedOperation(describe)


class _Results(Generic[T]):
    """Parse a collection model and hand back its ``results`` list (reads HubSpot does not page).

    ``__self__`` names the collection model, so the answer is still checked against its schema
    (see ``_shapes.schema_of``) before the model is built.
    """

    __slots__ = ("__self__", "_parse")

    def __init__(self, collection: Any) -> None:
        self.__self__ = collection
        self._parse = parser(collection)

    def __call__(self, payload: dict[str, Any]) -> list[T]:
        results: list[T] = self._parse(payload).results
        return results


def results_of(collection: Any, item: type[T]) -> Callable[[dict[str, Any]], list[T]]:
    """The parse of a read whose answer is a list of ``item`` inside ``collection``."""
    return _Results[T](collection)
