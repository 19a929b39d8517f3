"""The single request path: rate limiter, auth, retry loop, error mapping, logging.

Every HTTP call of both clients goes through :class:`Core` exactly once. The loop itself is a
generator that *asks* for I/O (``_Sleep`` or ``_Send``) instead of doing it, so the sync and the
async client drive the very same policy code and cannot drift apart; only the two small drivers
(:meth:`SyncCore.send`, :meth:`AsyncCore.send`) touch httpx or sleep.

Nothing from httpx escapes: transport errors become :class:`APIConnectionError` /
:class:`APITimeoutError`, and any non-2xx response becomes the matching :class:`APIStatusError`
subclass, built from the status and body before any generated parser could choke on a non-JSON
page.
"""

from __future__ import annotations

import copy
import logging
import random
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar

import httpx

from hubspot_events._auth import install_url_redaction
from hubspot_events._errors import (
    APIStatusError,
    HubSpotError,
    InternalServerError,
    RateLimitError,
    connection_error,
    error_from_response,
)
from hubspot_events._json import dumps
from hubspot_events._ratelimit import Limiter
from hubspot_events._redact import Redactor
from hubspot_events._response import ATTEMPTS
from hubspot_events._retry import RetryPolicy, decide
from hubspot_events._versions import DEFAULT_API_VERSION, version_path

logger = logging.getLogger("hubspot_events")

#: Request description as built by a generated operation's ``_get_kwargs``; an ``auth`` key
#: (an ``httpx.Auth``) replaces the client's auth for that request (the app-settings operations).
RequestKwargs = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Sleep:
    seconds: float


@dataclass(frozen=True, slots=True)
class _Send:
    request: httpx.Request
    deadline: float | None  # on ``Core.clock``: the whole attempt, body included, ends by then


_Action = _Sleep | _Send
H = TypeVar("H", httpx.Client, httpx.AsyncClient)


class SharedHTTP(Generic[H]):
    """The httpx client of one client and of every client ``with_options`` derived from it:
    one connection pool. Built on first use, because building one (httpcore, h11, an SSL context
    with certifi's CA bundle) is most of the cost of constructing a client."""

    def __init__(self, http: H | Callable[[], H]) -> None:
        self._built: H | None = http if isinstance(http, httpx.Client | httpx.AsyncClient) else None
        self._make: Callable[[], H] | None = None if self._built is not None else http  # type: ignore[assignment]
        self._lock = threading.Lock()

    def get(self) -> H:
        built = self._built
        if built is None:
            with self._lock:
                if self._built is None:
                    assert callable(self._make)
                    self._built = self._make()
                built = self._built
        return built

    @property
    def built(self) -> H | None:
        """The httpx client if it was built (nothing to close otherwise)."""
        return self._built


_Outcome = httpx.Response | BaseException | None
_Loop = Generator[_Action, _Outcome, httpx.Response]


class Core:
    """Policy shared by both clients; see the module docstring."""

    def __init__(
        self,
        *,
        base_url: str,
        auth: httpx.Auth,
        limiter: Limiter | None,
        policy: RetryPolicy,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
        timeout: httpx.Timeout | None = None,
        api_version: str = DEFAULT_API_VERSION,
        user_agent: str = "",
    ) -> None:
        # httpx logs every request's URL at INFO: user-info in the base URL, or a hapikey,
        # must show as *** there too.
        install_url_redaction()
        self.timeout = timeout
        # httpx's timeouts are per operation: its read timeout starts again with every byte, so
        # a server trickling one byte a second holds a call forever. ``total`` bounds a whole
        # attempt (headers and body); ``timeout=30.0`` gives both.
        self.total = _total(timeout)
        self.base_url = base_url.rstrip("/")
        self.auth = auth
        self.limiter = limiter
        self.policy = policy
        self.clock = clock
        self.jitter = jitter
        #: HubSpot's API version; the generated code builds v3 paths, :meth:`path` moves them.
        self.api_version = api_version
        #: Sent on every request (also through an ``http_client=`` the user brought).
        self.headers = {"User-Agent": user_agent} if user_agent else {}

    def derive(self, **changes: Any) -> Self:
        """A core sharing this one's HTTP client, auth, clock and (unless changed) limiter, with
        some options changed (``with_options``): attribute name to new value."""
        derived = copy.copy(self)
        for name, value in changes.items():
            if not hasattr(derived, name):
                raise AttributeError(f"Core has no option {name!r}")
            setattr(derived, name, value)
        derived.total = _total(derived.timeout)
        return derived

    def path(self, url: str) -> str:
        """The path sent for a generated operation's (curated, v3) ``url``: the one place where
        the client's ``api_version`` picks the prefix (see ``_versions``)."""
        return _escape_dot_segments(version_path(url, self.api_version))

    def _request(
        self, http: httpx.Client | httpx.AsyncClient, kwargs: RequestKwargs
    ) -> httpx.Request:
        headers = kwargs.get("headers")
        body = kwargs.get("json")
        return http.build_request(
            kwargs["method"].upper(),
            self.base_url + self.path(kwargs["url"]),
            params=kwargs.get("params") or None,
            # Encoded here (not httpx's ``json=``) for orjson's speed; the generated request
            # builder already set ``Content-Type: application/json`` for every body.
            content=None if body is None else dumps(body),
            headers={**headers, **self.headers} if headers else self.headers,
            # Per request, so that ``timeout=`` also holds for an ``http_client=`` the user brought.
            timeout=self.timeout if self.timeout is not None else httpx.USE_CLIENT_DEFAULT,
        )

    def _loop(self, request: httpx.Request) -> _Loop:
        """The retry loop; yields I/O to its driver and returns the successful response.

        An outcome is a response, a transport error, or an ``APIStatusError`` the auth flow
        raised when a token refresh failed transiently (5xx, 429; see ``OAuth``): the last two
        kinds of failure go through the same retry policy as an error response.
        """
        path = request.url.path
        attempt = 0
        rate_limit_retries = 0  # retries after short-window 429s: a budget of their own
        while True:
            attempt += 1
            outcome, elapsed_ms = yield from self._attempt(request)
            if isinstance(outcome, httpx.Response):
                if outcome.is_success:
                    correlation_id = outcome.headers.get("x-hubspot-correlation-id")
                    _log(
                        request.method,
                        path,
                        str(outcome.status_code),
                        elapsed_ms,
                        correlation_id,
                        "",
                    )
                    outcome.extensions[ATTEMPTS] = attempt
                    return outcome
                error: HubSpotError = error_from_response(
                    outcome.status_code,
                    outcome.headers,
                    outcome.content,
                    method=request.method,
                    url=str(request.url),
                    secrets=credentials_of(outcome.request),
                )
                status = str(outcome.status_code)
            elif isinstance(outcome, APIStatusError):
                error, status = outcome, f"{outcome.status_code} from the token endpoint"
            elif isinstance(outcome, httpx.TransportError):
                error = connection_error(
                    outcome,
                    method=request.method,
                    url=str(request.url),
                    secrets=credentials_of(request),
                )
                status = type(outcome).__name__
                transport_error = outcome
            else:
                raise HubSpotError(
                    f"{request.method} {path}: {type(outcome).__name__}: {outcome}"
                ) from outcome
            if isinstance(error, APIStatusError):
                decision = decide(
                    self.policy,
                    attempt=attempt,
                    status_code=error.status_code,
                    headers=error.headers,
                    policy_name=error.policy_name if isinstance(error, RateLimitError) else None,
                    rate_limit_retries=rate_limit_retries,
                    random=self.jitter,
                )
                if error.status_code == 429 and decision.retry:
                    rate_limit_retries += 1
                    if self.limiter is not None:
                        self.limiter.penalize(decision.wait)
            else:
                decision = decide(
                    self.policy,
                    attempt=attempt,
                    exception=transport_error,
                    rate_limit_retries=rate_limit_retries,
                    random=self.jitter,
                )
            correlation_id = error.correlation_id if isinstance(error, APIStatusError) else None
            _log(
                request.method,
                path,
                status,
                elapsed_ms,
                correlation_id,
                decision.reason if decision.retry else "",
            )
            if not decision.retry:
                error.attempts = attempt
                raise error
            yield _Sleep(decision.wait)

    def _attempt(
        self, request: httpx.Request
    ) -> Generator[_Action, _Outcome, tuple[_Outcome, float]]:
        """One attempt within the rate limit: its outcome and how many ms it took.

        The limiter's slot is booked before the send and handed back with the outcome (or at
        once, if the caller is cancelled while waiting for it), never counted after the answer:
        tasks sharing the limiter must see every request in flight, or they overrun the window.
        """
        limiter = self.limiter
        booking = None
        sent = False
        outcome: _Outcome = None
        try:
            if limiter is not None:
                while True:
                    wait, booking = limiter.acquire()
                    if booking is not None:
                        break
                    yield _Sleep(wait)  # every slot waits for an answer: ask again later
                if wait > 0:
                    yield _Sleep(wait)
            started = self.clock()
            sent = True
            outcome = yield _Send(request, None if self.total is None else started + self.total)
            return outcome, (self.clock() - started) * 1000
        finally:
            if booking is not None:
                assert limiter is not None
                headers = outcome.headers if isinstance(outcome, httpx.Response) else None
                limiter.release(booking, headers, sent=sent)


def _total(timeout: httpx.Timeout | None) -> float | None:
    """The budget of one whole attempt: the longest of the per-operation timeouts, or none when
    any of them is unbounded (``httpx.Timeout(10, read=None)`` asks to wait for answers)."""
    if timeout is None:
        return None
    parts = (timeout.connect, timeout.read, timeout.write, timeout.pool)
    if any(part is None for part in parts):
        return None
    return max(part for part in parts if part is not None)


class _DeadlineStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that fails with ``httpx.ReadTimeout`` once the attempt's deadline has
    passed, however steadily the bytes trickle in (checked before and after every chunk)."""

    def __init__(
        self,
        inner: httpx.SyncByteStream | httpx.AsyncByteStream,
        request: httpx.Request,
        deadline: float,
        clock: Callable[[], float],
    ) -> None:
        self._inner = inner
        self._request = request
        self._deadline = deadline
        self._clock = clock

    def _check(self) -> None:
        if self._clock() > self._deadline:
            raise httpx.ReadTimeout(
                "the response did not complete within the timeout (total, not per byte)",
                request=self._request,
            )

    def __iter__(self) -> Iterator[bytes]:
        assert isinstance(self._inner, httpx.SyncByteStream)
        self._check()
        for chunk in self._inner:
            self._check()
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        assert isinstance(self._inner, httpx.AsyncByteStream)
        self._check()
        async for chunk in self._inner:
            self._check()
            yield chunk

    def close(self) -> None:
        if isinstance(self._inner, httpx.SyncByteStream):
            self._inner.close()

    async def aclose(self) -> None:
        if isinstance(self._inner, httpx.AsyncByteStream):
            await self._inner.aclose()


def credentials_of(request: httpx.Request) -> Redactor:
    """The credentials ``request`` carried: a server (or a proxy) may echo the bearer token, the
    ``hapikey`` or a base URL's user-info back in its error message, in any spelling."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return Redactor(
        (
            token.strip() if scheme.lower() == "bearer" else None,
            request.url.params.get("hapikey"),
            request.url.password,
        )
    )


def _escape_dot_segments(path: str) -> str:
    """Percent-encode path segments that are exactly ``.`` or ``..``.

    The generated code quotes ids with ``quote(id, safe="")``, which leaves dots alone, and URL
    normalization then removes ``.``/``..`` segments: an event id ``..`` would reach another
    endpoint. ``%2E`` is the same character to HubSpot and is not a dot segment.
    """
    if "/." not in path:
        return path
    return "/".join(
        "%2E" * len(segment) if segment in (".", "..") else segment for segment in path.split("/")
    )


def _log(
    method: str, path: str, status: str, ms: float, correlation_id: str | None, retry: str
) -> None:
    """One line per attempt: DEBUG, or INFO for an attempt that is retried (what an operator
    running with ``HUBSPOT_EVENTS_LOG=info`` wants to see: the 429 waits and the 5xx retries)."""
    level = logging.INFO if retry else logging.DEBUG
    if logger.isEnabledFor(level):
        logger.log(
            level,
            "%s %s -> %s in %.1f ms (correlationId=%s)%s",
            method,
            path,
            status,
            ms,
            correlation_id or "-",
            f"; retrying: {retry}" if retry else "",
        )


class SyncCore(Core):
    """Drives the request loop with a blocking ``httpx.Client``.

    ``http`` may be a factory: the client's own ``httpx.Client`` is then built on first use,
    because building one (httpcore, h11, an SSL context with certifi's CA bundle) is most of
    the cost of constructing a ``HubSpotEvents``.
    """

    def __init__(
        self,
        http: httpx.Client | Callable[[], httpx.Client],
        *,
        sleep: Callable[[float], None] = time.sleep,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.shared_http = SharedHTTP(http)
        self.sleep = sleep

    @property
    def http(self) -> httpx.Client:
        return self.shared_http.get()

    def send(self, kwargs: RequestKwargs) -> httpx.Response:
        loop = self._loop(self._request(self.http, kwargs))
        auth = kwargs.get("auth") or self.auth
        value: httpx.Response | BaseException | None = None
        try:
            while True:
                action = loop.send(value)
                if isinstance(action, _Sleep):
                    self.sleep(action.seconds)
                    value = None
                else:
                    try:
                        value = self._send_within(action, auth)
                    except (InternalServerError, RateLimitError) as exc:  # from a token refresh
                        value = exc
                    except HubSpotError:
                        raise
                    except Exception as exc:  # handed to the policy, which maps it
                        value = exc
        except StopIteration as done:
            response: httpx.Response = done.value
            return response
        finally:
            loop.close()  # cancelled or failed mid-request: the loop's rate-limit slot goes back

    def _send_within(self, action: _Send, auth: httpx.Auth) -> httpx.Response:
        """One attempt, its body read before ``action.deadline`` (see ``_DeadlineStream``)."""
        if action.deadline is None:
            return self.http.send(action.request, auth=auth)
        response = self.http.send(action.request, auth=auth, stream=True)
        try:
            response.stream = _DeadlineStream(
                response.stream, action.request, action.deadline, self.clock
            )
            response.read()
        finally:
            response.close()
        return response

    def close(self) -> None:
        if self.shared_http.built is not None:
            self.shared_http.built.close()


class AsyncCore(Core):
    """Drives the request loop with an ``httpx.AsyncClient``."""

    def __init__(
        self,
        http: httpx.AsyncClient | Callable[[], httpx.AsyncClient],
        *,
        sleep: Callable[[float], Awaitable[None]],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.shared_http = SharedHTTP(http)
        self.sleep = sleep

    @property
    def http(self) -> httpx.AsyncClient:
        return self.shared_http.get()

    async def send(self, kwargs: RequestKwargs) -> httpx.Response:
        loop = self._loop(self._request(self.http, kwargs))
        auth = kwargs.get("auth") or self.auth
        value: httpx.Response | BaseException | None = None
        try:
            while True:
                action = loop.send(value)
                if isinstance(action, _Sleep):
                    await self.sleep(action.seconds)
                    value = None
                else:
                    try:
                        value = await self._send_within(action, auth)
                    except (InternalServerError, RateLimitError) as exc:  # from a token refresh
                        value = exc
                    except HubSpotError:
                        raise
                    except Exception as exc:  # handed to the policy, which maps it
                        value = exc
        except StopIteration as done:
            response: httpx.Response = done.value
            return response
        finally:
            loop.close()  # cancelled or failed mid-request: the loop's rate-limit slot goes back

    async def _send_within(self, action: _Send, auth: httpx.Auth) -> httpx.Response:
        """One attempt, done before ``action.deadline``: the event loop's timer cancels it,
        headers or body, at the deadline. With an injected ``clock`` (tests moving time by hand)
        the body is also checked chunk by chunk on that clock, which the loop's timer ignores."""
        if action.deadline is None:
            return await self.http.send(action.request, auth=auth)
        import asyncio  # here, not at module level: sync-only users never pay for asyncio

        try:
            async with asyncio.timeout(max(0.0, action.deadline - self.clock())):
                if self.clock is time.monotonic:
                    # The loop's timer runs on this very clock and bounds the body's reading
                    # too: checking it chunk by chunk as well would only cost (~30 µs a call).
                    return await self.http.send(action.request, auth=auth)
                response = await self.http.send(action.request, auth=auth, stream=True)
                try:
                    response.stream = _DeadlineStream(
                        response.stream, action.request, action.deadline, self.clock
                    )
                    await response.aread()
                finally:
                    await response.aclose()
        except TimeoutError as exc:
            raise httpx.ReadTimeout(
                "the response did not complete within the timeout (total, not per byte)",
                request=action.request,
            ) from exc
        return response

    async def aclose(self) -> None:
        if self.shared_http.built is not None:
            await self.shared_http.built.aclose()
