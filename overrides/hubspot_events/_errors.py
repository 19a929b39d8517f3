"""The typed errors every call raises, and the one function that builds them from a response.

Users catch these, never httpx's or the generated client's exceptions, so the mapping from an
HTTP response to an error lives here, in one place, and must cope with any body a proxy or
HubSpot can send. None of these errors stores request headers: tokens cannot leak through
``str()``, ``repr()``, logs or tracebacks.
"""

from __future__ import annotations

import html
import json
import math
import re
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from hubspot_events._redact import NO_SECRETS, Redactor

# Query parameters that carry credentials in some HubSpot URLs (legacy ``hapikey``, OAuth flows).
_SECRET_PARAMS = frozenset(
    {"hapikey", "access_token", "refresh_token", "client_secret", "code", "token", "api_key"}
)
# Response headers worth keeping on an error: enough to debug and to pace, nothing personal.
_KEPT_HEADERS = ("content-type", "retry-after", "x-hubspot-correlation-id")
_KEPT_HEADER_PREFIX = "x-hubspot-ratelimit-"
_RAW_TEXT_LIMIT = 500
_SNIPPET_LIMIT = 200
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)


class HubSpotError(Exception):
    """Base of every error this package raises, so one ``except`` catches them all."""

    #: How many HTTP attempts were made before giving up (set by the request path).
    attempts: int = 0

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by state, not by constructor arguments (most take keyword-only ones), so an
        error crosses a process boundary intact: a worker pool's ``multiprocessing``, Celery."""
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[HubSpotError], args: tuple[Any, ...], state: dict[str, Any]) -> HubSpotError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class APIConnectionError(HubSpotError):
    """The request never got a response (DNS, refused connection, dropped connection, ...).

    The httpx exception stays available as ``__cause__``; ``url`` has credentials redacted.
    """

    def __init__(
        self, message: str = "Connection error.", *, request_method: str = "", url: str = ""
    ) -> None:
        super().__init__(message)
        self.request_method = request_method
        self.url = redact_url(url)


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout: a connection error the user may want to tune."""


def connection_error(
    exc: httpx.TransportError, *, method: str, url: str, secrets: Redactor = NO_SECRETS
) -> APIConnectionError:
    """Wrap an httpx transport error so that the core can ``raise connection_error(e, ...) from e``.

    The ``secrets`` the request carried are scrubbed from httpx's message (an h11 error quotes the
    offending header, a proxy error its URL).
    """
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    target = f"{method} {redact_url(url)}".strip()
    detail = secrets.text(str(exc)) or type(exc).__name__
    err = cls(f"{type(exc).__name__} on {target}: {detail}", request_method=method, url=url)
    err.__cause__ = exc
    return err


class PaginationError(HubSpotError):
    """A paged read that would never end: a repeated cursor, or endless empty pages.

    Raised after the items already yielded; they are not the whole list.
    """


class APIStatusError(HubSpotError):
    """HubSpot (or something in front of it) answered with an error status.

    Fields mirror HubSpot's ``Error`` body; when the body is not that shape they are ``None`` or
    empty and ``message`` still says what happened.

    When a batch call stops on this error (bad token, missing scope, daily limit),
    ``partial_result`` is the ``BatchResult`` of every input read so far.
    """

    partial_result: Any = None

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        category: str | None = None,
        sub_category: str | None = None,
        correlation_id: str | None = None,
        context: dict[str, list[str]] | None = None,
        errors: list[dict[str, Any]] | None = None,
        body: Any = None,
        raw_text: str = "",
        headers: Mapping[str, str] | None = None,
        request_method: str = "",
        url: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.category = category
        self.sub_category = sub_category
        self.correlation_id = correlation_id
        self.context = context
        self.errors: list[dict[str, Any]] = errors or []
        self.body = body
        self.raw_text = raw_text[:_RAW_TEXT_LIMIT]
        self.headers = _useful_headers(headers or {})
        self.request_method = request_method
        self.url = redact_url(url)

    def _details(self) -> list[str]:
        details = [f"category={self.category}"] if self.category else []
        if self.sub_category:
            details.append(f"subCategory={self.sub_category}")
        if self.correlation_id:
            details.append(f"correlationId={self.correlation_id}")
        return details

    def __str__(self) -> str:
        reason = httpx.codes.get_reason_phrase(self.status_code) or "HTTP error"
        line = f"{self.status_code} {reason}: {' '.join(self.message.split())}"
        details = self._details()
        return f"{line} ({', '.join(details)})" if details else line


class BadRequestError(APIStatusError):
    """400: the request itself is wrong; repeating it will not help."""


class AuthenticationError(APIStatusError):
    """401 (or a failed OAuth refresh): the token is missing, unknown, expired or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: usually the app lacks a scope; ``missing_scopes`` says which, when HubSpot tells."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        contexts = [self.context or {}] + [
            e["context"] for e in self.errors if isinstance(e.get("context"), dict)
        ]
        scopes = (str(s) for ctx in contexts for s in _as_list(ctx.get("missingScopes")))
        self.missing_scopes: list[str] = list(dict.fromkeys(scopes))


class NotFoundError(APIStatusError):
    """404: no such event (external-ID endpoints only see events created by the calling app)."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state of the resource."""


class RateLimitError(APIStatusError):
    """429: ``policy_name`` tells a short window (retryable) from the ``DAILY`` one (not)."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        policy = self.body.get("policyName") if isinstance(self.body, dict) else None
        self.policy_name: str | None = policy if isinstance(policy, str) else None
        self.retry_after: float | None = parse_retry_after(self.headers.get("retry-after"))

    def _details(self) -> list[str]:
        details = super()._details()
        return [f"policyName={self.policy_name}", *details] if self.policy_name else details


class InternalServerError(APIStatusError):
    """5xx: HubSpot or a proxy failed; the retry loop has already tried again."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def error_from_response(
    status_code: int,
    headers: Mapping[str, str],
    content: bytes,
    *,
    method: str = "",
    url: str = "",
    error_class: type[APIStatusError] | None = None,
    secrets: Redactor = NO_SECRETS,
) -> APIStatusError:
    """Build the error for a non-2xx response from whatever body came back; never raises.

    ``error_class`` overrides the status mapping: the OAuth token endpoint answers a bad refresh
    token with 400, which to the user is an authentication failure. ``secrets`` are the
    credentials the request carried: a body or header echoing them, in any spelling, shows
    ``***`` in every field of the error (see ``_redact``).
    """
    text = content.decode("utf-8", errors="replace")
    try:
        body: Any = json.loads(text) if text.strip() else None
    except (ValueError, RecursionError):
        body = None
    if secrets:
        body = secrets.deep(body)
        headers = {k: secrets.text(v) for k, v in headers.items()}
    reason = httpx.codes.get_reason_phrase(status_code) or "HTTP error"
    fields = body if isinstance(body, dict) else {}
    message = fields.get("message")
    if not isinstance(message, str) or not message:
        message = secrets.text(_fallback_message(reason, text, parsed=body is not None))
    if secrets:
        text = secrets.raw(text)
    correlation_id = _str_or_none(fields.get("correlationId")) or get_header(
        headers, "X-HubSpot-Correlation-Id"
    )
    if error_class is None:
        error_class = (
            InternalServerError
            if status_code >= 500
            else _BY_STATUS.get(status_code, APIStatusError)
        )
    return error_class(
        message,
        status_code=status_code,
        # 429 bodies carry ``errorType`` (RATE_LIMIT) instead of ``category``.
        category=_str_or_none(fields.get("category")) or _str_or_none(fields.get("errorType")),
        sub_category=_str_or_none(fields.get("subCategory")),
        correlation_id=correlation_id,
        context=_context(fields.get("context")),
        errors=[e for e in _as_list(fields.get("errors")) if isinstance(e, dict)],
        body=body,
        raw_text=text,
        headers=headers,
        request_method=method,
        url=url,
    )


def get_header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive lookup that works for ``httpx.Headers`` and for plain dicts alike."""
    value = headers.get(name)
    if value is None and not isinstance(headers, httpx.Headers):
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    return value


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP-date); ``None`` if unusable.

    A negative delta or a date in the past means "now" (``0.0``). How short or long a wait the
    caller accepts (floor and cap) is the retry policy's business, not this parser's.
    """
    if value is None or not value.strip():
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - (
                time.time() if now is None else now
            )
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return max(0.0, seconds) if math.isfinite(seconds) else None


def redact_url(url: str) -> str:
    """The URL with credentials in its user-info or query replaced by ``***``."""
    if not url:
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rpartition("@")[2]
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(k.lower() in _SECRET_PARAMS for k, _ in pairs):
            query = urlencode(
                [(k, "***" if k.lower() in _SECRET_PARAMS else v) for k, v in pairs], safe="*"
            )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _fallback_message(reason: str, text: str, *, parsed: bool) -> str:
    """A readable message when the body is not HubSpot's ``Error``: a proxy page, JSON, or nothing."""
    if not text.strip():
        return f"{reason} (empty body)"
    text = text[: _RAW_TEXT_LIMIT * 8]  # a page's first few KB say what it is, and cost nothing
    if not parsed:
        text = html.unescape(_TAG.sub(" ", text))
    snippet = " ".join(text.split())
    if len(snippet) > _SNIPPET_LIMIT:
        snippet = snippet[: _SNIPPET_LIMIT - 3] + "..."
    kind = "JSON" if parsed else "non-JSON"
    return f"{reason} ({kind} body: {snippet})" if snippet else f"{reason} ({kind} body)"


def _useful_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {
        key: value
        for key, value in ((k.lower(), v) for k, v in headers.items())
        if key in _KEPT_HEADERS or key.startswith(_KEPT_HEADER_PREFIX)
    }


def _context(value: Any) -> dict[str, list[str]] | None:
    if not isinstance(value, dict):
        return None
    return {str(k): [str(item) for item in _as_list(v)] for k, v in value.items()}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
