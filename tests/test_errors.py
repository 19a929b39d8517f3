"""error_from_response maps any response to the right typed error, and never leaks a secret."""

from __future__ import annotations

import json
import time
from email.utils import formatdate
from typing import Any

import httpx
import pytest

from hubspot_events._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    HubSpotError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    connection_error,
    error_from_response,
    get_header,
    parse_retry_after,
    redact_url,
)

CID = "aeb5f871-7f07-4993-9211-075dc63e7cbf"
HTML_502 = (
    b"<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>"
    b"<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)


def _json(body: Any) -> bytes:
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    ("status", "body", "headers", "cls", "expected"),
    [
        pytest.param(
            400,
            _json(
                {
                    "status": "error",
                    "message": "Property values were not valid",
                    "correlationId": CID,
                    "category": "VALIDATION_ERROR",
                    "subCategory": "INVALID_PROPERTY",
                    "context": {"invalidPropertyName": ["eventType"]},
                    "errors": [{"message": "bad", "in": "eventType"}, "not an object"],
                }
            ),
            {},
            BadRequestError,
            {
                "message": "Property values were not valid",
                "category": "VALIDATION_ERROR",
                "sub_category": "INVALID_PROPERTY",
                "correlation_id": CID,
                "context": {"invalidPropertyName": ["eventType"]},
                "errors": [{"message": "bad", "in": "eventType"}],
            },
            id="400-hubspot-error",
        ),
        pytest.param(
            401,
            _json(
                {"message": "expired", "correlationId": CID, "category": "EXPIRED_AUTHENTICATION"}
            ),
            {},
            AuthenticationError,
            {"category": "EXPIRED_AUTHENTICATION"},
            id="401",
        ),
        pytest.param(
            404,
            _json(
                {"message": "Event not found", "correlationId": CID, "category": "OBJECT_NOT_FOUND"}
            ),
            {},
            NotFoundError,
            {"message": "Event not found"},
            id="404",
        ),
        pytest.param(
            409, _json({"message": "dup", "category": "CONFLICT"}), {}, ConflictError, {}, id="409"
        ),
        pytest.param(
            422,
            _json({"message": "nope", "category": "X"}),
            {},
            APIStatusError,
            {"category": "X"},
            id="other-4xx",
        ),
        pytest.param(
            502,
            HTML_502,
            {"Content-Type": "text/html"},
            InternalServerError,
            {
                "message": "Bad Gateway (non-JSON body: 502 Bad Gateway 502 Bad Gateway nginx)",
                "body": None,
                "category": None,
                "correlation_id": None,
                "context": None,
                "errors": [],
            },
            id="html-502",
        ),
        pytest.param(
            503,
            b"",
            {},
            InternalServerError,
            {"message": "Service Unavailable (empty body)", "body": None},
            id="empty",
        ),
        pytest.param(
            500,
            b"  \n",
            {},
            InternalServerError,
            {"message": "Internal Server Error (empty body)"},
            id="blank",
        ),
        pytest.param(
            500,
            b'["boom", 1]',
            {},
            InternalServerError,
            {"message": 'Internal Server Error (JSON body: ["boom", 1])', "body": ["boom", 1]},
            id="json-list",
        ),
        pytest.param(
            599,
            b"\xff\xfe garbage",
            {},
            InternalServerError,
            {"status_code": 599},
            id="unknown-5xx-bad-utf8",
        ),
        pytest.param(
            500, b"[" * 100_000, {}, InternalServerError, {"body": None}, id="json-too-deep"
        ),
        pytest.param(
            502,
            b"<script>" * 50_000,
            {},
            InternalServerError,
            {"message": "Bad Gateway (non-JSON body)"},
            id="pathological-html",
        ),
        pytest.param(
            400,
            _json({"category": "VALIDATION_ERROR", "correlationId": CID}),
            {},
            BadRequestError,
            {
                "message": 'Bad Request (JSON body: {"category": "VALIDATION_ERROR", "correlationId": "'
                + CID
                + '"})'
            },
            id="no-message",
        ),
        pytest.param(
            404,
            _json({"message": "gone"}),
            {"X-HubSpot-Correlation-Id": "from-header"},
            NotFoundError,
            {"correlation_id": "from-header"},
            id="correlation-id-from-header",
        ),
        pytest.param(
            404,
            b"<html>nope</html>",
            {"x-hubspot-correlation-id": "lower"},
            NotFoundError,
            {"correlation_id": "lower"},
            id="correlation-id-lowercase-header",
        ),
        pytest.param(
            400,
            _json({"message": "m", "context": {"a": "scalar", "b": [1, 2]}}),
            {},
            BadRequestError,
            {"context": {"a": ["scalar"], "b": ["1", "2"]}},
            id="context-coerced",
        ),
    ],
)
def test_error_from_response(
    status: int,
    body: bytes,
    headers: dict[str, str],
    cls: type[APIStatusError],
    expected: dict[str, Any],
) -> None:
    error = error_from_response(
        status, headers, body, method="POST", url="https://api.hubapi.com/x"
    )
    assert type(error) is cls
    assert error.status_code == status
    assert error.request_method == "POST"
    for name, value in expected.items():
        assert getattr(error, name) == value, name


def test_rate_limit_error_fields_and_str() -> None:
    body = {
        "status": "error",
        "message": "You have reached your ten_secondly_rolling limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": CID,
        "policyName": "TEN_SECONDLY_ROLLING",
    }
    error = error_from_response(
        429, {"Retry-After": "3", "X-HubSpot-RateLimit-Max": "100"}, _json(body)
    )
    assert isinstance(error, RateLimitError)
    assert error.policy_name == "TEN_SECONDLY_ROLLING"
    assert error.retry_after == 3.0
    assert error.category == "RATE_LIMIT"
    assert error.headers == {"retry-after": "3", "x-hubspot-ratelimit-max": "100"}
    assert str(error) == (
        "429 Too Many Requests: You have reached your ten_secondly_rolling limit. "
        f"(policyName=TEN_SECONDLY_ROLLING, category=RATE_LIMIT, correlationId={CID})"
    )


def test_rate_limit_error_without_policy_or_retry_after() -> None:
    error = error_from_response(429, {"Retry-After": "soon"}, b"slow down")
    assert isinstance(error, RateLimitError)
    assert (error.policy_name, error.retry_after) == (None, None)


def test_rate_limit_error_retry_after_http_date() -> None:
    error = error_from_response(
        429, {"Retry-After": formatdate(time.time() + 30, usegmt=True)}, b""
    )
    assert isinstance(error, RateLimitError)
    assert error.retry_after is not None
    assert 28 <= error.retry_after <= 31


@pytest.mark.parametrize(
    ("body", "scopes"),
    [
        pytest.param(
            {"context": {"missingScopes": ["a", "b"]}}, ["a", "b"], id="top-level-context"
        ),
        pytest.param(
            {
                "errors": [
                    {"message": "x", "context": {"missingScopes": ["b", "c"]}},
                    {"message": "y"},
                ]
            },
            ["b", "c"],
            id="errors-context",
        ),
        pytest.param(
            {
                "context": {"missingScopes": ["a"]},
                "errors": [{"message": "x", "context": {"missingScopes": ["a", "c"]}}],
            },
            ["a", "c"],
            id="both-deduplicated",
        ),
        pytest.param({"message": "forbidden"}, [], id="none"),
    ],
)
def test_permission_denied_missing_scopes(body: dict[str, Any], scopes: list[str]) -> None:
    error = error_from_response(403, {}, _json({"category": "MISSING_SCOPES", **body}))
    assert isinstance(error, PermissionDeniedError)
    assert error.missing_scopes == scopes


def test_str_is_one_line_and_names_category_and_correlation_id() -> None:
    body = {"message": "Event\nnot   found", "correlationId": CID, "category": "OBJECT_NOT_FOUND"}
    error = error_from_response(404, {}, _json(body))
    assert (
        str(error)
        == f"404 Not Found: Event not found (category=OBJECT_NOT_FOUND, correlationId={CID})"
    )
    assert str(error_from_response(418, {}, _json({"message": "tea"}))) == "418 I'm a teapot: tea"


def test_raw_text_is_truncated_and_headers_are_filtered() -> None:
    headers = {
        "Set-Cookie": "session=abc",
        "Content-Type": "text/plain",
        "X-HubSpot-RateLimit-Remaining": "0",
    }
    error = error_from_response(500, headers, b"x" * 5000)
    assert len(error.raw_text) == 500
    assert error.headers == {"content-type": "text/plain", "x-hubspot-ratelimit-remaining": "0"}


def test_error_class_override_keeps_status() -> None:
    error = error_from_response(
        400, {}, _json({"message": "bad refresh token"}), error_class=AuthenticationError
    )
    assert type(error) is AuthenticationError
    assert error.status_code == 400


def test_hierarchy() -> None:
    assert issubclass(APITimeoutError, APIConnectionError)
    for cls in (APIConnectionError, APIStatusError, RateLimitError, InternalServerError):
        assert issubclass(cls, HubSpotError)


@pytest.mark.parametrize(
    ("exc", "cls"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), APIConnectionError),
        (httpx.ReadTimeout("timed out"), APITimeoutError),
        (httpx.PoolTimeout(""), APITimeoutError),
        (httpx.RemoteProtocolError("Server disconnected"), APIConnectionError),
    ],
)
def test_connection_error(exc: httpx.TransportError, cls: type[APIConnectionError]) -> None:
    error = connection_error(
        exc, method="POST", url="https://u:pw@api.hubapi.com/x?hapikey=SECRET&after=5"
    )
    assert type(error) is cls
    assert error.__cause__ is exc
    assert error.request_method == "POST"
    assert error.url == "https://***@api.hubapi.com/x?hapikey=***&after=5"
    assert type(exc).__name__ in str(error)
    assert "SECRET" not in str(error) + repr(error)
    assert "pw" not in str(error)


def test_status_error_url_is_redacted() -> None:
    error = error_from_response(404, {}, b"", url="https://api.hubapi.com/x?access_token=SECRET")
    assert error.url == "https://api.hubapi.com/x?access_token=***"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", ""),
        ("https://api.hubapi.com/a/b?limit=10", "https://api.hubapi.com/a/b?limit=10"),
        (
            "https://api.hubapi.com/a?limit=1&hapikey=k",
            "https://api.hubapi.com/a?limit=1&hapikey=***",
        ),
        ("https://user@host/p", "https://***@host/p"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("5", 5.0),
        ("1.5", 1.5),
        ("-3", 0.0),
        ("nan", None),
        ("inf", None),
        ("tomorrow", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # in the past
        ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    now = 1445412480.0  # Wed, 21 Oct 2015 07:28:00 GMT
    assert parse_retry_after(value, now=now) == expected


def test_get_header_is_case_insensitive_for_dicts_and_httpx_headers() -> None:
    assert get_header({"retry-after": "1"}, "Retry-After") == "1"
    assert get_header(httpx.Headers({"RETRY-AFTER": "2"}), "retry-after") == "2"
    assert get_header({}, "Retry-After") is None


def test_no_secret_in_status_error_text() -> None:
    """Errors keep response headers only, so a request's Authorization header cannot leak."""
    request = httpx.Request(
        "GET", "https://api.hubapi.com/x", headers={"Authorization": "Bearer pat-SECRET"}
    )
    response = httpx.Response(401, json={"message": "no"}, request=request)
    error = error_from_response(
        response.status_code, response.headers, response.content, url=str(request.url)
    )
    text = str(error) + repr(error) + repr(vars(error))
    assert "pat-SECRET" not in text
    assert "authorization" not in text.lower()


def test_message_is_the_exception_argument() -> None:
    error = error_from_response(404, {}, _json({"message": "gone"}))
    assert error.args == ("gone",)
    with pytest.raises(NotFoundError, match="gone"):
        raise error
