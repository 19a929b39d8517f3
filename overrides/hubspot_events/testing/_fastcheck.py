"""A fast yes/no validity check compiled from a JSON schema, for the common (valid) request.

jsonschema builds an error-reporting walk per node, which costs milliseconds for a batch of a
hundred inputs; the bench sends a hundred such batches a second. Almost every request is valid, so
the fake first runs this predicate (plain closures, no allocation per node) and only calls
jsonschema, for its messages, when the predicate says no. It compiles the subset of draft-4 the
curated spec uses; for any other keyword it refuses to compile and jsonschema does everything, so
it can make the fake faster but never more lenient.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

Check = Callable[[Any], bool]

_ANNOTATIONS: Final = frozenset(
    {"description", "title", "default", "example", "examples", "deprecated", "readOnly"}
)
_TYPES: Final[Mapping[str, Check]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}

_INTEGER_BOUNDS: Final[Mapping[str, int]] = {"int32": 2**31, "int64": 2**63}
"""int32 / int64 formats: -bound <= value < bound (the same rule as the fake's format checker)."""


class _Unsupported(Exception):
    pass


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _type(expected: Any) -> Check:
    names = [expected] if isinstance(expected, str) else list(expected)
    if not all(isinstance(name, str) and name in _TYPES for name in names):
        raise _Unsupported("type")
    checks = [_TYPES[name] for name in names]
    if len(checks) == 1:
        return checks[0]
    return lambda v: any(check(v) for check in checks)


def _properties(props: Mapping[str, Any], format_checker: Any) -> Check:
    compiled = [(name, _compile(sub, format_checker)) for name, sub in props.items()]

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        return all(name not in value or sub(value[name]) for name, sub in compiled)

    return check


def _required(names: list[str]) -> Check:
    return lambda v: not isinstance(v, dict) or all(name in v for name in names)


def _additional(schema: Mapping[str, Any], extra: Any, format_checker: Any) -> Check:
    if "patternProperties" in schema:
        raise _Unsupported("patternProperties")
    known = frozenset(schema.get("properties", ()))
    if extra is True:
        return lambda v: True
    if extra is False:
        return lambda v: not isinstance(v, dict) or all(key in known for key in v)
    sub = _compile(extra, format_checker)

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        return all(sub(item) for key, item in value.items() if key not in known)

    return check


def _items(items: Any, format_checker: Any) -> Check:
    if not isinstance(items, dict):
        raise _Unsupported("items as a list")
    sub = _compile(items, format_checker)
    return lambda v: not isinstance(v, list) or all(sub(item) for item in v)


def _enum(values: list[Any]) -> Check:
    if not all(isinstance(value, str) for value in values):
        raise _Unsupported("non-string enum")
    allowed = frozenset(values)
    return lambda v: isinstance(v, str) and v in allowed


def _bound(key: str, limit: Any, schema: Mapping[str, Any]) -> Check:
    if not _is_number(limit) or schema.get("exclusive" + key[0].upper() + key[1:]):
        raise _Unsupported("exclusive bounds")
    if key == "minimum":
        return lambda v: not _is_number(v) or v >= limit
    return lambda v: not _is_number(v) or v <= limit


def _length(key: str, limit: int) -> Check:
    kind: type[str] | type[list[Any]] = str if key.endswith("Length") else list
    if key.startswith("min"):
        return lambda v: not isinstance(v, kind) or len(v) >= limit
    return lambda v: not isinstance(v, kind) or len(v) <= limit


def _format(name: Any, format_checker: Any) -> Check | None:
    if not isinstance(name, str) or name not in format_checker.checkers:
        return None  # jsonschema ignores formats its checker does not know
    bound = _INTEGER_BOUNDS.get(name)
    if bound is not None:  # the checker's own int32/int64 rule, without its per-call overhead
        return lambda v: not isinstance(v, int) or -bound <= v < bound
    return lambda v: bool(format_checker.conforms(v, name))


def _compile(schema: Any, format_checker: Any) -> Check:
    if not isinstance(schema, dict):
        raise _Unsupported("boolean schema")
    checks: list[Check] = []
    for key, value in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        if key in ("exclusiveMinimum", "exclusiveMaximum"):
            continue  # only meaningful with minimum/maximum, where _bound refuses them
        if key == "type":
            checks.append(_type(value))
        elif key == "properties":
            checks.append(_properties(value, format_checker))
        elif key == "required":
            checks.append(_required(list(value)))
        elif key == "additionalProperties":
            checks.append(_additional(schema, value, format_checker))
        elif key == "items":
            checks.append(_items(value, format_checker))
        elif key == "enum":
            checks.append(_enum(list(value)))
        elif key in ("minimum", "maximum"):
            checks.append(_bound(key, value, schema))
        elif key in ("minLength", "maxLength", "minItems", "maxItems"):
            checks.append(_length(key, int(value)))
        elif key == "format":
            found = _format(value, format_checker)
            if found is not None:
                checks.append(found)
        else:
            raise _Unsupported(key)
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    return lambda v: all(check(v) for check in checks)


def compile_check(schema: Mapping[str, Any], format_checker: Any) -> Check | None:
    """A predicate equivalent to draft-4 validity of ``schema``, or None if it cannot be built."""
    try:
        return _compile(schema, format_checker)
    except _Unsupported:
        return None
