"""Auto-paging iterators over HubSpot's ``after`` cursors (``paging.next.after``).

Why lazy: a list can hold thousands of events or participations; pages are fetched only as the
caller iterates, and ``.pages()`` exposes them one page at a time for callers that checkpoint.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page: its items and the cursor of the next page (None on the last page)."""

    items: list[T]
    after: str | None


def next_cursor(payload: Any) -> str | None:
    """``paging.next.after`` of a raw page, or None."""
    paging = payload.get("paging") if isinstance(payload, dict) else None
    following = paging.get("next") if isinstance(paging, dict) else None
    after = following.get("after") if isinstance(following, dict) else None
    return str(after) if after not in (None, "") else None


class Pager(Generic[T]):
    """Iterate items across pages; ``pages()`` iterates the pages themselves."""

    def __init__(self, fetch: Callable[[str | None], Page[T]]) -> None:
        self._fetch = fetch

    def pages(self) -> Iterator[Page[T]]:
        after: str | None = None
        seen: set[str] = set()
        while True:
            page = self._fetch(after)
            yield page
            if page.after is None or page.after in seen:
                return
            seen.add(page.after)
            after = page.after

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class AsyncPager(Generic[T]):
    """``async for`` over items across pages; ``pages()`` iterates the pages themselves."""

    def __init__(self, fetch: Callable[[str | None], Awaitable[Page[T]]]) -> None:
        self._fetch = fetch

    async def pages(self) -> AsyncIterator[Page[T]]:
        after: str | None = None
        seen: set[str] = set()
        while True:
            page = await self._fetch(after)
            yield page
            if page.after is None or page.after in seen:
                return
            seen.add(page.after)
            after = page.after

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item
