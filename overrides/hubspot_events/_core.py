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

import logging
import random
import threading
import time
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass
from typing import Any

import httpx

from hubspot_events._errors import (
    APIStatusError,
    HubSpotError,
    InternalServerError,
    RateLimitError,
    connection_error,
    error_from_response,
)
from hubspot_events._ratelimit import Limiter
from hubspot_events._retry import RetryPolicy, decide

logger = logging.getLogger("hubspot_events")

#: Key of ``httpx.Response.extensions`` holding how many HTTP attempts the response took.
ATTEMPTS = "hubspot_events.attempts"

#: Request description as built by a generated operation's ``_get_kwargs``; an ``auth`` key
#: (an ``httpx.Auth``) replaces the client's auth for that request (the app-settings operations).
RequestKwargs = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Sleep:
    seconds: float


@dataclass(frozen=True, slots=True)
class _Send:
    request: httpx.Request


_Action = _Sleep | _Send
_Loop = Generator[_Action, "httpx.Response | BaseException | None", httpx.Response]


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
    ) -> None:
        self.timeout = timeout
        self.base_url = base_url.rstrip("/")
        self.auth = auth
        self.limiter = limiter
        self.policy = policy
        self.clock = clock
        self.jitter = jitter

    def _request(
        self, http: httpx.Client | httpx.AsyncClient, kwargs: RequestKwargs
    ) -> httpx.Request:
        return http.build_request(
            kwargs["method"].upper(),
            self.base_url + _escape_dot_segments(kwargs["url"]),
            params=kwargs.get("params") or None,
            json=kwargs.get("json"),
            headers=kwargs.get("headers"),
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
            if self.limiter is not None:
                wait = self.limiter.reserve()
                if wait > 0:
                    yield _Sleep(wait)
            attempt += 1
            started = self.clock()
            outcome = yield _Send(request)
            elapsed_ms = (self.clock() - started) * 1000
            if isinstance(outcome, httpx.Response):
                if self.limiter is not None:
                    self.limiter.observe(outcome.headers, elapsed=elapsed_ms / 1000)
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
                    _without_credentials(outcome),
                    method=request.method,
                    url=str(request.url),
                )
                status = str(outcome.status_code)
            elif isinstance(outcome, APIStatusError):
                error, status = outcome, f"{outcome.status_code} from the token endpoint"
            elif isinstance(outcome, httpx.TransportError):
                error = connection_error(outcome, method=request.method, url=str(request.url))
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


def _without_credentials(response: httpx.Response) -> bytes:
    """The body with the credentials its request carried replaced by ``***``: a server (or a
    proxy) may echo the bearer token or the ``hapikey`` back in its error message."""
    content = response.content
    sent = response.request
    scheme, _, token = sent.headers.get("authorization", "").partition(" ")
    for secret in (token if scheme.lower() == "bearer" else "", sent.url.params.get("hapikey")):
        if secret and secret.encode() in content:
            content = content.replace(secret.encode(), b"***")
    return content


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
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
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
        self._http = http if isinstance(http, httpx.Client) else None
        self._make_http = None if isinstance(http, httpx.Client) else http
        self._http_lock = threading.Lock()
        self.sleep = sleep

    @property
    def http(self) -> httpx.Client:
        if self._http is None:
            with self._http_lock:
                if self._http is None:
                    assert self._make_http is not None
                    self._http = self._make_http()
        return self._http

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
                        value = self.http.send(action.request, auth=auth)
                    except (InternalServerError, RateLimitError) as exc:  # from a token refresh
                        value = exc
                    except HubSpotError:
                        raise
                    except Exception as exc:  # handed to the policy, which maps it
                        value = exc
        except StopIteration as done:
            response: httpx.Response = done.value
            return response

    def close(self) -> None:
        if self._http is not None:
            self._http.close()


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
        self._http = http if isinstance(http, httpx.AsyncClient) else None
        self._make_http = None if isinstance(http, httpx.AsyncClient) else http
        self.sleep = sleep

    @property
    def http(self) -> httpx.AsyncClient:
        if self._http is None:  # one event loop: no lock needed
            assert self._make_http is not None
            self._http = self._make_http()
        return self._http

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
                        value = await self.http.send(action.request, auth=auth)
                    except (InternalServerError, RateLimitError) as exc:  # from a token refresh
                        value = exc
                    except HubSpotError:
                        raise
                    except Exception as exc:  # handed to the policy, which maps it
                        value = exc
        except StopIteration as done:
            response: httpx.Response = done.value
            return response

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
