"""What an HTTP answer said, kept beside what the client made of it.

Why: HubSpot support asks for the ``correlationId`` of a request, and a job tuning its pace wants
the ``X-HubSpot-RateLimit-*`` headers; both matter on success too, not only on errors. So every
batch result keeps one :class:`ResponseInfo` per request it made, every single-object read's model
can be asked where it came from (:func:`response_of`), and ``with_raw_response`` hands back the
whole answer (:class:`APIResponse`).

Why a registry for models, not an attribute: the models are the generated attrs classes, slotted
and unhashable, so they can carry no extra attribute and cannot key a ``WeakKeyDictionary``. The
registry is keyed by ``id`` and cleaned by a weak reference's callback when the model goes away,
so it holds nothing alive.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import httpx

from hubspot_events._errors import APIStatusError
from hubspot_events._ratelimit import _int_header

T = TypeVar("T")

CORRELATION_HEADER = "x-hubspot-correlation-id"
#: Key of ``httpx.Response.extensions`` holding how many HTTP attempts the response took.
ATTEMPTS = "hubspot_events.attempts"


@dataclass(frozen=True, slots=True)
class RateLimitHeaders:
    """HubSpot's ``X-HubSpot-RateLimit-*`` headers of one answer (``None``: not sent, or not a
    non-negative number, read as the limiter reads them). The daily pair is not sent to OAuth
    apps."""

    max: int | None
    remaining: int | None
    interval_ms: int | None
    daily: int | None
    daily_remaining: int | None

    @classmethod
    def of(cls, headers: Mapping[str, str]) -> RateLimitHeaders:
        return cls(
            max=_int_header(headers, "X-HubSpot-RateLimit-Max"),
            remaining=_int_header(headers, "X-HubSpot-RateLimit-Remaining"),
            interval_ms=_int_header(headers, "X-HubSpot-RateLimit-Interval-Milliseconds"),
            daily=_int_header(headers, "X-HubSpot-RateLimit-Daily"),
            daily_remaining=_int_header(headers, "X-HubSpot-RateLimit-Daily-Remaining"),
        )


class ResponseInfo:
    """One HTTP answer: the request's method and path, the status, HubSpot's correlation id,
    the rate-limit headers and how many attempts (retries included) it took.

    Quote ``correlation_id`` to HubSpot support. The headers are kept and read on demand
    (``rate_limit``), so recording an answer costs next to nothing.
    """

    __slots__ = ("attempts", "correlation_id", "headers", "method", "path", "status_code")

    def __init__(
        self,
        *,
        method: str,
        path: str,
        status_code: int,
        correlation_id: str | None,
        headers: Mapping[str, str],
        attempts: int = 1,
    ) -> None:
        self.method = method
        self.path = path
        self.status_code = status_code
        self.correlation_id = correlation_id
        self.headers = headers
        self.attempts = attempts

    @classmethod
    def of_response(cls, response: httpx.Response) -> ResponseInfo:
        """The answer a (2xx) response gave."""
        request = response.request
        headers = response.headers
        return cls(
            method=request.method,
            path=request.url.path,
            status_code=response.status_code,
            correlation_id=headers.get(CORRELATION_HEADER),
            headers=headers,
            attempts=int(response.extensions.get(ATTEMPTS, 1)),
        )

    @classmethod
    def of_error(cls, error: APIStatusError) -> ResponseInfo:
        """The answer an error status gave (its headers as the error keeps them)."""
        return cls(
            method=error.request_method,
            path=urlsplit(error.url).path,
            status_code=error.status_code,
            correlation_id=error.correlation_id,
            headers=error.headers,
            attempts=error.attempts,
        )

    @property
    def rate_limit(self) -> RateLimitHeaders:
        return RateLimitHeaders.of(self.headers)

    def __repr__(self) -> str:
        attempts = f", attempts={self.attempts}" if self.attempts != 1 else ""
        return (
            f"ResponseInfo({self.method} {self.path} -> {self.status_code}, "
            f"correlation_id={self.correlation_id!r}{attempts})"
        )


class APIResponse(Generic[T]):
    """A read's whole answer (``client.with_raw_response...``): status, headers, correlation id
    and rate-limit headers, the ``httpx.Response`` itself, and :meth:`parse` for the model the
    plain method returns. Parsing waits until asked, so an answer the model cannot be built from
    still shows what HubSpot sent."""

    __slots__ = ("_parse", "http_response", "info")

    def __init__(self, http_response: httpx.Response, parse: Callable[[httpx.Response], T]):
        self.http_response = http_response
        self.info = ResponseInfo.of_response(http_response)
        self._parse = parse

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def correlation_id(self) -> str | None:
        return self.info.correlation_id

    @property
    def rate_limit(self) -> RateLimitHeaders:
        return self.info.rate_limit

    def parse(self) -> T:
        """The model the plain method returns (``None`` for operations without a body);
        raises :class:`~hubspot_events.HubSpotError` when the answer does not match the spec."""
        return self._parse(self.http_response)

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {self.info.method} {self.info.path}>"


_ANSWERED: dict[int, tuple[weakref.ref[Any], ResponseInfo]] = {}


def remember(model: T, info: ResponseInfo) -> T:
    """Record that ``model`` was read from the answer ``info``; returns ``model``. Objects that
    take no weak reference (lists, ``None``) are returned unrecorded."""
    key = id(model)
    try:
        ref = weakref.ref(model, lambda _gone, key=key: _ANSWERED.pop(key, None))  # type: ignore[misc]
    except TypeError:
        return model
    _ANSWERED[key] = (ref, info)
    return model


def response_of(model: object) -> ResponseInfo | None:
    """The answer a single-object read's model came from: its correlation id, status, rate-limit
    headers. ``None`` for an object the client did not read (built by hand, or a list).

    ``hubspot_events.response_of(hs.events.get("webinar-1")).correlation_id``
    """
    entry = _ANSWERED.get(id(model))
    if entry is None or entry[0]() is not model:
        return None
    return entry[1]
