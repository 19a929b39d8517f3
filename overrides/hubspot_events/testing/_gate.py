"""The ASGI middleware every request passes first: faults, auth, rate limit, headers, log.

These concerns wrap every operation identically, so they live outside the routes, in the order a
real request meets them: a proxy in front of HubSpot can fail or cut the connection before
HubSpot sees anything (faults), then HubSpot checks the token, or for the app-settings operations
the developer API key in the ``hapikey`` query parameter (401), then the app's rate limit
(429), and only then routes and validates. Every response leaves with ``X-HubSpot-Correlation-Id``
(the same id as in an error body) and the rate-limit headers; proxy HTML pages carry neither.
The request log keeps the path without its query string, so a ``hapikey`` never lands in it.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final
from urllib.parse import parse_qsl

from ._auth import Auth, Principal
from ._errors import (
    CORRELATION_HEADER,
    JSON_CONTENT_TYPE,
    STATUS_CATEGORIES,
    ApiError,
    Headers,
    dump,
    error_body,
)
from ._faults import ConnectionDropped, Fault, FaultInjector, proxy_page
from ._log import RequestLog
from ._ratelimit import DAILY, RateLimiter, rate_limit_body
from ._spec import OAUTH_TOKEN_PATH

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_DROP_PREFIX: Final = b'{"status":"COMPLETE","results":[{"'


def correlation_id(scope: Scope) -> str:
    """The id the gate gave this request (a fresh one if the app runs without the gate)."""
    state = scope.get("state")
    found = state.get("correlation_id") if isinstance(state, dict) else None
    return found if isinstance(found, str) else str(uuid.uuid4())


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _query_param(scope: Scope, name: str) -> str | None:
    raw = bytes(scope.get("query_string", b""))
    if name.encode() not in raw:
        return None
    for key, value in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
        if key == name:
            return value
    return None


def _never(scope: Scope) -> bool:
    return False


async def send_bytes(
    send: Send, status: int, body: bytes, content_type: bytes, headers: Headers
) -> int:
    """Send a complete response; returns ``status`` for the log."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
    return status


async def _discard(message: Message) -> None:
    """The send of a request whose response a fault will replace."""


class Gate:
    """Faults, bearer auth, rate limit and common headers around the routed app."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        auth: Auth,
        limiter: RateLimiter,
        injector: FaultInjector,
        log: RequestLog,
        group_name: str,
        retry_after: bool,
        takes_developer_key: Callable[[Scope], bool] = _never,
    ) -> None:
        self.app = app
        self.takes_developer_key = takes_developer_key
        self.auth = auth
        self.limiter = limiter
        self.injector = injector
        self.log = log
        self.group_name = group_name
        self.retry_after = retry_after

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cid = str(uuid.uuid4())
        state = scope.get("state")
        if not isinstance(state, dict):
            state = scope["state"] = {}
        state["correlation_id"] = cid
        status = 0
        logged = False
        start: Message | None = None

        async def send_and_log(message: Message) -> None:
            # Logged before the last byte goes out: a client that has read its answer then
            # always finds the request in the log (logging after it raced with the client).
            # The status line is held back until the body comes: a bodiless answer (204) is
            # complete at its headers, and a client could otherwise finish before the log.
            nonlocal status, logged, start
            if message["type"] == "http.response.start":
                status = int(message["status"])
                start = message
                return
            if message["type"] == "http.response.body" and not message.get("more_body"):
                logged = True
                self.log.add(scope["method"], scope["path"], status)
            if start is not None:
                await send(start)
                start = None
            await send(message)

        fault, latency_s = self.injector.next()
        answered = 0
        try:
            if latency_s:
                await asyncio.sleep(latency_s)
            answered = await self._answer(scope, receive, send_and_log, cid, fault)
        finally:
            if not logged:  # a dropped connection (status 0), or the app failed
                self.log.add(scope["method"], scope["path"], answered)

    async def _answer(
        self, scope: Scope, receive: Receive, send: Send, cid: str, fault: Fault | None
    ) -> int:
        headers: Headers = [(CORRELATION_HEADER, cid.encode())]
        if fault is not None and not fault.after_commit:
            return await self._fault(fault, send, cid, headers + self.limiter.peek())
        if scope["path"] == OAUTH_TOKEN_PATH:
            headers += self.limiter.peek()
        else:
            try:
                principal = self._authenticate(scope)
            except ApiError as error:
                headers += self.limiter.peek()
                return await send_bytes(
                    send, error.status, dump(error.body(cid)), JSON_CONTENT_TYPE, headers
                )
            decision = self.limiter.acquire(oauth=principal.oauth, app=principal.app)
            headers += decision.headers
            if not decision.allowed:
                assert decision.policy_name is not None
                return await self._too_many(
                    send, cid, headers, decision.policy_name, decision.retry_after_s
                )
        if fault is not None:
            await self.app(scope, receive, _discard)
            return await self._fault(fault, send, cid, headers)

        status = 0

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message = {**message, "headers": [*message.get("headers", ()), *headers]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
        return status

    def _authenticate(self, scope: Scope) -> Principal:
        authorization = _header(scope, b"authorization")
        if self.takes_developer_key(scope):
            hapikey = _query_param(scope, "hapikey")
            return self.auth.authenticate_developer(hapikey, authorization)
        return self.auth.authenticate(authorization)

    async def _too_many(
        self, send: Send, cid: str, headers: Headers, policy_name: str, retry_after_s: int | None
    ) -> int:
        if self.retry_after and retry_after_s is not None:
            headers = [*headers, (b"retry-after", str(retry_after_s).encode())]
        body = rate_limit_body(policy_name, cid, self.group_name)
        return await send_bytes(send, 429, dump(body), JSON_CONTENT_TYPE, headers)

    async def _fault(self, fault: Fault, send: Send, cid: str, headers: Headers) -> int:
        if fault.kind == "drop":
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", JSON_CONTENT_TYPE),
                        (b"content-length", b"4096"),
                        *headers,
                    ],
                }
            )
            await send({"type": "http.response.body", "body": _DROP_PREFIX, "more_body": True})
            raise ConnectionDropped("the fake HubSpot dropped the connection mid-response")
        if fault.kind == "rate_limit":
            policy = DAILY if fault.daily else self.limiter.policy_name
            return await self._too_many(send, cid, headers, policy, None)
        if fault.html:
            return await send_bytes(send, fault.status, proxy_page(fault.status), b"text/html", [])
        category = STATUS_CATEGORIES.get(fault.status, "INTERNAL_ERROR")
        message = f"The fake HubSpot injected a {fault.status} fault (faults are configured)."
        body = error_body(category, message, cid)
        return await send_bytes(send, fault.status, dump(body), JSON_CONTENT_TYPE, headers)
