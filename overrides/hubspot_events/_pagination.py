"""Auto-paging iterators over HubSpot's ``after`` cursors (``paging.next.after``).

Why lazy: a list can hold thousands of events or participations; pages are fetched only as the
caller iterates, and ``.pages()`` exposes them one page at a time for callers that checkpoint.

Why guarded: the loop trusts the server to end it. A server (or a proxy, or a bug on either side)
that hands back a cursor it already gave, or keeps sending empty pages with fresh cursors, would
spin forever, silently, with the rate limiter pacing it. Both stop with a
:class:`~hubspot_events._errors.PaginationError` naming the operation, after the items already
yielded: the caller knows the list is incomplete instead of getting a quietly short one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from hubspot_events._errors import PaginationError
from hubspot_events._response import ResponseInfo

T = TypeVar("T")

#: Consecutive empty pages that still carry a next cursor before the read is declared stuck.
#: HubSpot's lists never need one; a few are tolerated in case a filtered page comes back empty.
MAX_EMPTY_PAGES = 20


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page: its items, the cursor of the next page (None on the last page) and the answer
    it came from (correlation id, rate-limit headers)."""

    items: list[T]
    after: str | None
    response: ResponseInfo | None = None


def next_cursor(payload: Any) -> str | None:
    """``paging.next.after`` of a raw page, or None."""
    paging = payload.get("paging") if isinstance(payload, dict) else None
    following = paging.get("next") if isinstance(paging, dict) else None
    after = following.get("after") if isinstance(following, dict) else None
    return str(after) if after not in (None, "") else None


class _Guard:
    """Follows the cursors of one iteration; says whether to go on, raises when stuck."""

    def __init__(self, operation: str) -> None:
        self.operation = operation
        self.seen: set[str] = set()
        self.pages = 0
        self.empty_in_a_row = 0

    def next_after(self, page: Page[Any]) -> str | None:
        """The cursor to fetch next; ``None`` when the list is complete."""
        self.pages += 1
        if page.after is None:
            return None
        if page.after in self.seen:
            raise PaginationError(
                f"{self.operation}: HubSpot returned the cursor {page.after[:40]!r} a second time "
                f"(page {self.pages}); stopped instead of reading the same pages forever. "
                "The items already yielded are not the whole list."
            )
        self.empty_in_a_row = 0 if page.items else self.empty_in_a_row + 1
        if self.empty_in_a_row >= MAX_EMPTY_PAGES:
            raise PaginationError(
                f"{self.operation}: HubSpot returned {self.empty_in_a_row} empty pages in a row, "
                f"each with a new cursor (page {self.pages}); stopped instead of paging forever. "
                "The items already yielded are not the whole list."
            )
        self.seen.add(page.after)
        return page.after


class Pager(Generic[T]):
    """Iterate items across pages; ``pages()`` iterates the pages themselves.

    ``operation`` names the read in errors (e.g. ``"GET /marketing/v3/marketing-events/"``).
    """

    def __init__(
        self, fetch: Callable[[str | None], Page[T]], *, operation: str = "paged read"
    ) -> None:
        self._fetch = fetch
        self._operation = operation

    def pages(self) -> Iterator[Page[T]]:
        guard = _Guard(self._operation)
        after: str | None = None
        while True:
            page = self._fetch(after)
            yield page
            after = guard.next_after(page)
            if after is None:
                return

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class AsyncPager(Generic[T]):
    """``async for`` over items across pages; ``pages()`` iterates the pages themselves."""

    def __init__(
        self, fetch: Callable[[str | None], Awaitable[Page[T]]], *, operation: str = "paged read"
    ) -> None:
        self._fetch = fetch
        self._operation = operation

    async def pages(self) -> AsyncIterator[Page[T]]:
        guard = _Guard(self._operation)
        after: str | None = None
        while True:
            page = await self._fetch(after)
            yield page
            after = guard.next_after(page)
            if after is None:
                return

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item
