"""The curated OpenAPI spec as the fake reads it: its operations, parameters and schemas.

The fake serves exactly the operations of ``spec/marketing-events.yaml`` (through the JSON copy
shipped in ``hubspot_events_generated``), so a path, parameter or schema change in the spec changes
the fake with it and the two cannot drift. Everything here is computed once per process: schemas are
dereferenced up front so that per-request validation is a plain jsonschema walk with no ``$ref``
lookups.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any, Final

import jsonschema

JSON = dict[str, Any]

OAUTH_TOKEN_PATH: Final = "/oauth/v1/token"
"""HubSpot's token endpoint: not part of the curated spec, served by the fake all the same."""

DEVELOPER_API_KEY: Final = "developer_api_key"
"""The spec's security scheme name for the app's developer API key (the ``hapikey`` query)."""

_METHODS: Final = ("get", "put", "post", "delete", "patch")
_DATE_TIME: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})\Z"
)


@functools.cache
def openapi() -> JSON:
    """The curated spec, loaded once from the generated package's ``openapi.json``."""
    path = resources.files("hubspot_events_generated") / "openapi.json"
    document: JSON = json.loads(path.read_text(encoding="utf-8"))
    return document


def _resolve_pointer(root: JSON, ref: str) -> Any:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $refs are supported, got {ref!r}")
    node: Any = root
    for token in ref[2:].split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def deref(node: Any, root: JSON | None = None, _seen: tuple[str, ...] = ()) -> Any:
    """Inline every local ``$ref`` of ``node`` (the curated spec has no recursive schemas)."""
    document = openapi() if root is None else root
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in _seen:
                raise ValueError(f"recursive $ref {ref!r} cannot be inlined")
            return deref(_resolve_pointer(document, ref), document, (*_seen, ref))
        return {key: deref(value, document, _seen) for key, value in node.items()}
    if isinstance(node, list):
        return [deref(value, document, _seen) for value in node]
    return node


def parse_date_time(value: str) -> datetime | None:
    """An RFC 3339 date-time (offset required) as an aware UTC datetime, or None if it is not one.

    HubSpot stores instants; a naive timestamp would be silently shifted by someone's timezone, so
    the fake refuses it rather than guess.
    """
    if not _DATE_TIME.match(value):
        return None
    text = value.replace("z", "Z").replace("t", "T")
    if "." in text:  # fromisoformat takes at most 6 fractional digits
        head, _, tail = text.partition(".")
        digits = re.match(r"\d+", tail)
        assert digits is not None
        frac = digits.group()
        text = f"{head}.{frac[:6].ljust(6, '0')}{tail[len(frac) :]}"
    try:
        return datetime.fromisoformat(text).astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: 0001-01-01 east of UTC, 9999 west
        return None


def _make_format_checker() -> Any:
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("date-time")  # type: ignore[untyped-decorator]
    def _date_time(instance: object) -> bool:
        return not isinstance(instance, str) or parse_date_time(instance) is not None

    @checker.checks("uuid", raises=ValueError)  # type: ignore[untyped-decorator]
    def _uuid(instance: object) -> bool:
        return not isinstance(instance, str) or bool(uuid.UUID(instance))

    @checker.checks("int32")  # type: ignore[untyped-decorator]
    def _int32(instance: object) -> bool:
        return not isinstance(instance, int) or -(2**31) <= instance < 2**31

    @checker.checks("int64")  # type: ignore[untyped-decorator]
    def _int64(instance: object) -> bool:
        return not isinstance(instance, int) or -(2**63) <= instance < 2**63

    return checker


FORMAT_CHECKER: Final[Any] = _make_format_checker()
"""Checks the formats the fake relies on: date-time, uuid, and the ranges of int32 / int64 (a Java
backend refuses a body number its field cannot hold with a 400)."""


def compile_schema(schema: JSON) -> Any:
    """A jsonschema validator for one (dereferenced) OpenAPI 3.0 schema.

    OpenAPI 3.0 schemas are a draft-4 dialect (boolean exclusiveMinimum, no const), so Draft 4 is
    the closest jsonschema validator; it also refuses 1.0 where an integer is required, as a Java
    backend with strict number parsing would.
    """
    return jsonschema.Draft4Validator(schema, format_checker=FORMAT_CHECKER)


@dataclass(frozen=True, slots=True)
class Parameter:
    """One path or query parameter of an operation, with its (dereferenced) schema."""

    name: str
    location: str
    required: bool
    schema: JSON


@dataclass(frozen=True, slots=True)
class Operation:
    """One curated operation: what the fake routes, validates and answers."""

    operation_id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...]
    body_schema: JSON | None
    body_required: bool
    responses: Mapping[str, JSON | None]
    """Status code (or ``default``) -> JSON response schema, None when the response has no body."""
    security: frozenset[str] = frozenset()
    """The security schemes (``private_app_token``, ``oauth2``, ``developer_api_key``...) that
    the operation accepts, any one of them."""

    @property
    def takes_developer_key(self) -> bool:
        """Whether the app's developer API key (``hapikey``) authenticates this operation."""
        return DEVELOPER_API_KEY in self.security


def _response_schema(response: JSON) -> JSON | None:
    content = response.get("content") or {}
    for media_type, media in content.items():
        if "json" in media_type or media_type == "*/*":
            schema = media.get("schema")
            return schema if isinstance(schema, dict) else None
    return None


@functools.cache
def operations() -> tuple[Operation, ...]:
    """Every operation of the curated spec, in spec order."""
    document = openapi()
    default_security = document.get("security", [])
    found: list[Operation] = []
    for path, item in document["paths"].items():
        item = deref(item, document)
        shared = item.get("parameters", [])
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = tuple(
                Parameter(p["name"], p["in"], bool(p.get("required")), p.get("schema", {}))
                for p in [*shared, *op.get("parameters", [])]
                if p["in"] in ("path", "query")
            )
            body = op.get("requestBody")
            found.append(
                Operation(
                    operation_id=op["operationId"],
                    method=method.upper(),
                    path=path,
                    parameters=params,
                    body_schema=_response_schema(body) if body else None,
                    body_required=bool(body and body.get("required")),
                    responses={
                        str(code): _response_schema(resp) for code, resp in op["responses"].items()
                    },
                    security=frozenset(
                        name
                        for requirement in op.get("security", default_security)
                        for name in requirement
                    ),
                )
            )
    return tuple(found)


@functools.cache
def operation(operation_id: str) -> Operation:
    """The curated operation named ``operation_id``."""
    for op in operations():
        if op.operation_id == operation_id:
            return op
    raise KeyError(operation_id)


def schema(name: str) -> JSON:
    """A component schema of the curated spec, dereferenced."""
    resolved: JSON = deref(openapi()["components"]["schemas"][name])
    return resolved


@functools.cache
def _response_validator(operation_id: str, status: str) -> Any:
    responses = operation(operation_id).responses
    key = status if status in responses else "default"
    if key not in responses:
        raise KeyError(f"{operation_id} documents no response {status}")
    found = responses[key]
    return None if found is None else compile_schema(found)


def response_validator(operation_id: str, status: int) -> Any:
    """The validator of ``operation_id``'s documented response for ``status`` (None: no body).

    Falls back to the ``default`` response like an OpenAPI client would. Used by the tests to check
    that every answer of the fake is one the spec allows.
    """
    return _response_validator(operation_id, str(status))
