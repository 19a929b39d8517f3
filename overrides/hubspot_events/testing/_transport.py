"""httpx transports that drive the fake in-process, async and sync.

Tests of a client should exercise its real httpx stack without sockets: ``FakeAsyncTransport`` is
``httpx.ASGITransport`` plus what a network would add (a dropped connection becomes
``httpx.RemoteProtocolError``, a slow answer ``httpx.ReadTimeout``); ``FakeSyncTransport`` runs
that on a private event loop in a background thread so a sync ``httpx.Client`` can use it
(Starlette's TestClient is avoided on purpose: it pulls a package that clashes with httpx).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

import httpx

from ._faults import ConnectionDropped

T = TypeVar("T")

_DROPPED = "Server disconnected without sending a complete response (fake HubSpot dropped it)"


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout")
    value = timeout.get("read") if isinstance(timeout, dict) else None
    return float(value) if isinstance(value, (int, float)) else None


class FakeAsyncTransport(httpx.ASGITransport):
    """``httpx.ASGITransport`` for the fake, mapping drops and read timeouts to httpx errors."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = _read_timeout(request)
        try:
            if timeout is None:
                return await super().handle_async_request(request)
            async with asyncio.timeout(timeout):
                return await super().handle_async_request(request)
        except ConnectionDropped as exc:
            raise httpx.RemoteProtocolError(_DROPPED, request=request) from exc
        except TimeoutError as exc:
            raise httpx.ReadTimeout(f"no response within {timeout} s", request=request) from exc


class FakeSyncTransport(httpx.BaseTransport):
    """A sync transport driving the ASGI app on a private event loop in a daemon thread.

    The loop starts with the first request and stops on ``close()`` (``httpx.Client.close()``
    calls it). Requests from several threads run concurrently on that loop.
    """

    def __init__(self, app: Any) -> None:
        self._inner = FakeAsyncTransport(app=app)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=loop.run_forever, name="fake-hubspot-transport", daemon=True
                )
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._ensure_loop()).result()

    async def _roundtrip(self, request: httpx.Request) -> tuple[int, Any, bytes]:
        response = await self._inner.handle_async_request(request)
        try:
            content = await response.aread()
        finally:
            await response.aclose()
        return response.status_code, response.headers.raw, content

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        forwarded = httpx.Request(
            request.method,
            request.url,
            headers=request.headers,
            content=request.read(),
            extensions=request.extensions,
        )
        try:
            status, headers, content = self._run(self._roundtrip(forwarded))
        except httpx.TransportError as exc:
            raise type(exc)(str(exc), request=request) from exc
        return httpx.Response(
            status, headers=headers, content=content, extensions={"http_version": b"HTTP/1.1"}
        )

    def close(self) -> None:
        """Stop the private loop and its thread."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()
