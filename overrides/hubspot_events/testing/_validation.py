"""Request validation against the curated spec, with HubSpot-style 400s naming the field.

A client that sends a wrong type, forgets a required field or a query parameter should learn it
from the fake exactly where HubSpot would refuse it, with a message that points at the field
(``inputs[3].interactionDateTime: 'abc' is not of type 'integer'``). Validators are compiled once
per operation and reused for every request: the fake must stay cheap at a hundred requests a
second of a hundred inputs each.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from ._errors import JSON, VALIDATION_ERROR, ApiError
from ._fastcheck import Check, compile_check
from ._spec import FORMAT_CHECKER, Operation, compile_schema, operation
from ._spec import JSON as SchemaJSON

_INTEGER: Final = re.compile(r"[+-]?\d+\Z")
_REQUIRED: Final = re.compile(r"'(.*)' is a required property\Z")
_MAX_MESSAGE: Final = 300
_MAX_DETAILS: Final = 50


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def field_path(parts: Iterable[str | int]) -> str:
    """``['inputs', 3, 'email']`` -> ``inputs[3].email`` (how the fake names a field)."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _shorten(message: str) -> str:
    return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 3] + "..."


class CompiledSchema:
    """A schema compiled twice: a fast validity check, and jsonschema for the messages."""

    def __init__(self, schema: SchemaJSON) -> None:
        self.validator = compile_schema(schema)
        self.check: Check | None = compile_check(schema, FORMAT_CHECKER)

    def problems(self, instance: Any, root: str) -> list[tuple[str, str, str]]:
        """(field, message, keyword) of every violation, sorted by field; [] when valid."""
        if self.check is not None and self.check(instance):
            return []
        return _problems(self.validator, instance, root)


def _problems(validator: Any, instance: Any, root: str) -> list[tuple[str, str, str]]:
    """(field, message, keyword) of every schema violation, ordered by field path."""
    found: list[tuple[tuple[tuple[int, int, str], ...], str, str, str]] = []
    for error in validator.iter_errors(instance):
        parts: list[str | int] = list(error.absolute_path)
        message = error.message
        if error.validator == "required":
            missing = _REQUIRED.match(message)
            if missing:
                parts.append(missing.group(1))
        key = tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in parts)
        found.append((key, field_path(parts) or root, _shorten(message), str(error.validator)))
    found.sort(key=lambda problem: problem[0])
    return [(field, message, keyword) for _, field, message, keyword in found]


def _fail(problems: list[tuple[str, str, str]], location: str) -> ApiError:
    field, message, _ = problems[0]
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    details: list[JSON] = [
        {"message": f"{where}: {text}", "in": location, "code": keyword.upper()}
        for where, text, keyword in problems[:_MAX_DETAILS]
    ]
    fields = sorted({where for where, _, _ in problems})
    return ApiError(
        400,
        VALIDATION_ERROR,
        f"{field}: {message}{more}",
        context={"fields": fields[:_MAX_DETAILS]},
        errors=details,
    )


_FORMAT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _with_format_range(schema: JSON) -> JSON:
    """An integer parameter's schema with its format's range made explicit.

    jsonschema does not check ``int32``/``int64``; HubSpot (Java) answers an out-of-range number
    with a 400, so the fake does too.
    """
    bounds = (
        _FORMAT_RANGES.get(schema.get("format", "")) if schema.get("type") == "integer" else None
    )
    if bounds is None:
        return schema
    low, high = bounds
    return {
        **schema,
        "minimum": max(schema.get("minimum", low), low),
        "maximum": min(schema.get("maximum", high), high),
    }


class RequestValidator:
    """Validates one operation's path parameters, query parameters and JSON body."""

    def __init__(self, op: Operation) -> None:
        self.operation = op
        self._params: dict[str, tuple[CompiledSchema, frozenset[str], tuple[str, ...]]] = {}
        for location in ("path", "query"):
            params = [p for p in op.parameters if p.location == location]
            integers = frozenset(p.name for p in params if p.schema.get("type") == "integer")
            object_schema: JSON = {
                "type": "object",
                "properties": {p.name: _with_format_range(p.schema) for p in params},
                "required": [p.name for p in params if p.required],
            }
            if not object_schema["required"]:
                del object_schema["required"]
            self._params[location] = (
                CompiledSchema(object_schema),
                integers,
                tuple(p.name for p in params),
            )
        self._body = None if op.body_schema is None else CompiledSchema(op.body_schema)

    def params(self, path: Mapping[str, str], query: Mapping[str, str]) -> dict[str, Any]:
        """Path and query parameters of the spec, typed (integers parsed); unknown ones dropped.

        Raises ApiError(400) naming the first bad parameter.
        """
        values: dict[str, Any] = {}
        for location, given in (("path", path), ("query", query)):
            validator, integers, names = self._params[location]
            typed: dict[str, Any] = {}
            for name in names:
                if name in given:
                    raw = given[name]
                    typed[name] = int(raw) if name in integers and _INTEGER.match(raw) else raw
            problems = validator.problems(typed, location)
            if problems:
                problems = [
                    (field, f"'{field}' is a required {location} parameter", keyword)
                    if keyword == "required"
                    else (field, message, keyword)
                    for field, message, keyword in problems
                ]
                raise _fail(problems, location)
            values.update(typed)
        return values

    def body(self, raw: bytes, content_type: str | None) -> Any:
        """The parsed JSON body. Raises ApiError: 415 not JSON, 400 missing, malformed or invalid."""
        if self._body is None:
            return None
        if content_type and "json" not in content_type.lower():
            raise ApiError(
                415,
                VALIDATION_ERROR,
                f"Content-Type {content_type!r} is not supported; send application/json",
                context={"fields": ["body"]},
            )
        if not raw.strip():
            raise ApiError(
                400,
                VALIDATION_ERROR,
                "body: a JSON request body is required",
                context={"fields": ["body"]},
            )
        try:
            body = json.loads(raw, parse_constant=_reject_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError(
                400,
                VALIDATION_ERROR,
                f"body: invalid JSON: {exc}",
                context={"fields": ["body"]},
            ) from None
        problems = self._body.problems(body, "body")
        if problems:
            raise _fail(problems, "body")
        return body


@functools.cache
def validator_for(operation_id: str) -> RequestValidator:
    """The (cached) validator of one curated operation."""
    return RequestValidator(operation(operation_id))
