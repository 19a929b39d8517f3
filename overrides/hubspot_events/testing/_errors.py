"""HubSpot's error bodies, and the exception the fake raises to send one.

Every error the fake answers goes through here so that all of them share HubSpot's ``Error``
envelope (``status``, ``category``, ``message``, ``correlationId``, optional ``context`` and
``errors``) and the ``X-HubSpot-Correlation-Id`` header carrying the same id: a client's error
mapping is only as good as the variety of bodies it was tested against, and this keeps that
variety exactly HubSpot's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Final

JSON = dict[str, Any]
Headers = list[tuple[bytes, bytes]]

JSON_CONTENT_TYPE: Final = b"application/json;charset=utf-8"
CORRELATION_HEADER: Final = b"x-hubspot-correlation-id"

VALIDATION_ERROR: Final = "VALIDATION_ERROR"
OBJECT_NOT_FOUND: Final = "OBJECT_NOT_FOUND"
INVALID_AUTHENTICATION: Final = "INVALID_AUTHENTICATION"
EXPIRED_AUTHENTICATION: Final = "EXPIRED_AUTHENTICATION"

STATUS_CATEGORIES: Final[Mapping[int, str]] = {
    400: VALIDATION_ERROR,
    401: INVALID_AUTHENTICATION,
    403: "MISSING_SCOPES",
    404: OBJECT_NOT_FOUND,
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    415: VALIDATION_ERROR,
    423: "LOCKED",
    500: "INTERNAL_ERROR",
    502: "BAD_GATEWAY",
    503: "SERVICE_UNAVAILABLE",
    504: "GATEWAY_TIMEOUT",
}
"""Category the fake puts in a generic error of each status (injected faults, routing errors)."""


class ApiError(Exception):
    """Raised anywhere in the fake to answer with HubSpot's ``Error`` body instead of a result."""

    def __init__(
        self,
        status: int,
        category: str,
        message: str,
        *,
        context: Mapping[str, Sequence[str]] | None = None,
        errors: Sequence[JSON] | None = None,
        headers: Headers | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.category = category
        self.message = message
        self.context = context
        self.errors = errors
        self.headers = headers or []

    def body(self, correlation_id: str) -> JSON:
        """The JSON body, carrying ``correlation_id``."""
        return error_body(
            self.category,
            self.message,
            correlation_id,
            context=self.context,
            errors=self.errors,
        )


def error_body(
    category: str,
    message: str,
    correlation_id: str,
    *,
    context: Mapping[str, Sequence[str]] | None = None,
    errors: Sequence[JSON] | None = None,
) -> JSON:
    """HubSpot's ``Error`` envelope (``status`` is always the string "error")."""
    body: JSON = {
        "status": "error",
        "message": message,
        "correlationId": correlation_id,
        "category": category,
    }
    if context:
        body["context"] = {key: list(values) for key, values in context.items()}
    if errors:
        body["errors"] = list(errors)
    return body


def batch_item_error(category: str, message: str, context: Mapping[str, Sequence[str]]) -> JSON:
    """One entry of a batch response's ``errors``: ``context`` names the failing input."""
    return {
        "status": "error",
        "category": category,
        "message": message,
        "context": {key: list(values) for key, values in context.items()},
    }


def dump(body: Any) -> bytes:
    """Compact UTF-8 JSON, as HubSpot sends it."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
