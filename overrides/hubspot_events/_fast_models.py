"""Build the generated models from HubSpot's JSON about three times faster than ``from_dict``.

Why: building result models was the largest cost of a batch call over raw httpx + json
(``Event.from_dict`` takes ~3.6 µs per event: a copy of the dict, a ``pop`` per field, a keyword
``__init__``, a second dict for the unknown keys). A builder compiled once per model, from the
curated spec (JSON names, date-times, nested models, lists of them) and the model's attrs fields,
reads the dict and fills the slots directly (~1.2 µs per event).

What it builds is what ``from_dict`` builds: the same class, equal fields, unknown keys in
``additional_properties``; a payload ``from_dict`` refuses raises the same exception (the fields
are read in the same order). ``contract_tests/test_fast_models.py`` checks both on payloads
generated from every schema. Any shape this module does not know (enums, maps, unions, nullable,
defaults, a model whose attrs class runs hooks) keeps ``from_dict``: slower, never different.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

import hubspot_events_generated.models as _models
from hubspot_events import _spec
from hubspot_events_generated.types import UNSET

M = TypeVar("M")
Build = Callable[[Any], Any]

_REF = "#/components/schemas/"
#: Schema keywords that change nothing in what ``from_dict`` builds (it checks no values).
_INERT = frozenset(
    {"description", "example", "title", "readOnly", "writeOnly", "minimum", "maximum"}
    | {"minLength", "maxLength", "pattern", "minItems", "maxItems", "format", "type"}
)
_PLAIN_TYPES = frozenset({"string", "integer", "boolean"})

_builders: dict[type, Build] = {}
_compiling: set[type] = set()
_lock = threading.RLock()


class ModelParser(Generic[M]):
    """``Model.from_dict``'s faster twin, compiled on first use (imports stay cheap).

    ``__self__`` is the model, as on the bound ``from_dict``, so ``_shapes.schema_of`` still
    finds the schema an answer is checked against.
    """

    __slots__ = ("__self__", "_build")

    def __init__(self, model: type[M]) -> None:
        self.__self__ = model
        self._build: Build | None = None

    def __call__(self, payload: Any) -> M:
        build = self._build or self._compile()
        result: M = build(payload)
        return result

    def many(self, payloads: list[Any]) -> list[M]:
        """Every payload's model (a batch's results: one lookup for the whole list)."""
        build = self._build or self._compile()
        return [build(payload) for payload in payloads]

    def _compile(self) -> Build:
        self._build = builder(self.__self__)
        return self._build

    def __repr__(self) -> str:
        return f"<fast parser of {self.__self__.__name__}>"


def parser(model: type[M]) -> ModelParser[M]:
    """The parse function the client uses for ``model`` (instead of ``model.from_dict``)."""
    return ModelParser(model)


def builder(model: type) -> Build:
    """The compiled builder of ``model``, or its ``from_dict`` when the schema is beyond us."""
    found = _builders.get(model)
    if found is not None:
        return found
    with _lock:
        if model in _builders:
            return _builders[model]
        if model in _compiling:  # a schema that contains itself: that level keeps from_dict
            from_dict: Build = model.from_dict  # type: ignore[attr-defined]
            return from_dict
        _compiling.add(model)
        try:
            built = _compile(model)
        finally:
            _compiling.discard(model)
        _builders[model] = built
        return built


def is_compiled(model: type) -> bool:
    """Whether ``model`` gets a compiled builder (False: it falls back to ``from_dict``)."""
    return bool(builder(model) != getattr(model, "from_dict", None))  # bound: equal, not same


def _compile(model: type) -> Build:
    from_dict: Build = model.from_dict  # type: ignore[attr-defined]
    plan = _plan(model)
    if plan is None:
        return from_dict
    names, steps = plan
    namespace: dict[str, Any] = {
        "new": object.__new__,
        "cls": model,
        "from_dict": from_dict,
        "fromiso": datetime.datetime.fromisoformat,
        "UNSET": UNSET,
        "known": frozenset(names),
    }
    lines = [
        "def build(d):",
        "    if d.__class__ is not dict:",
        "        return from_dict(d)",  # a mapping, a list of pairs, junk: as before, exactly
        "    o = new(cls)",
    ]
    required = sum(1 for step in steps if step.required)
    counted = False
    for number, step in enumerate(steps):
        nested = f"b{number}"
        if step.nested is not None:
            namespace[nested] = builder(step.nested)
        if step.required:
            lines.append(f"    o.{step.attribute} = {step.convert(f'd[{step.key!r}]', nested)}")
            continue
        if not counted:
            lines.append(f"    n = {required}")
            counted = True
        lines += [
            f"    v = d.get({step.key!r}, UNSET)",
            "    if v is not UNSET:",
            "        n += 1",
        ]
        if step.kind != "plain":
            lines.append(f"        v = {step.convert('v', nested)}")
        lines.append(f"    o.{step.attribute} = v")
    present = "n" if counted else str(required)
    lines += [
        f"    if len(d) == {present}:",
        "        o.additional_properties = {}",
        "    else:",
        "        o.additional_properties = {k: v for k, v in d.items() if k not in known}",
        "    return o",
    ]
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<fast builder of {model.__name__}>", "exec"), namespace)
    built: Build = namespace["build"]
    return built


@attrs.frozen
class _Step:
    """One field: its JSON key, its attribute, whether required, and how its value is built."""

    key: str
    attribute: str
    required: bool
    kind: str  # plain, datetime, model, models
    nested: type | None = None

    def convert(self, value: str, nested: str) -> str:
        if self.kind == "datetime":
            return f"fromiso({value})"
        if self.kind == "model":
            return f"{nested}({value})"
        if self.kind == "models":
            return f"[{nested}(x) for x in {value}]"
        return value


def _squash(name: str) -> str:
    """A name with only its letters and digits, lower case: ``eventName`` and ``event_name``
    both give ``eventname``; how a JSON key is matched to the generated attribute."""
    return "".join(c for c in name if c.isalnum()).lower()


def _plan(model: type) -> tuple[list[str], list[_Step]] | None:
    """The steps of ``model``'s builder, in ``from_dict``'s order, or None when any part of the
    schema or of the class is a shape this module does not build."""
    schemas = _spec.document()["components"]["schemas"]
    schema = schemas.get(model.__name__)
    if not _plain_object(model, schema):
        return None
    assert isinstance(schema, dict)
    properties: dict[str, Any] = schema["properties"]
    required = set(schema.get("required", ()))
    fields = attrs.fields(model)
    init = [f for f in fields if f.init]
    extra = [f for f in fields if not f.init]
    if len(extra) != 1 or extra[0].name != "additional_properties":
        return None
    by_squash = {_squash(key): key for key in properties}
    if len(by_squash) != len(properties) or len(init) != len(properties):
        return None
    steps = []
    for field in init:  # the attrs order is from_dict's order (so are its errors)
        key = by_squash.get(_squash(field.name))
        if key is None or not field.name.isidentifier() or field.validator or field.converter:
            return None
        is_required = key in required
        if field.default is not (attrs.NOTHING if is_required else UNSET):
            return None
        step = _step(key, field, is_required, properties[key])
        if step is None:
            return None
        steps.append(step)
    return list(properties), steps


def _plain_object(model: type, schema: Any) -> bool:
    """A schema of named properties only, for a plain attrs class (no hooks on set or init)."""
    return (
        isinstance(schema, dict)
        and schema.get("type") == "object"
        and isinstance(schema.get("properties"), dict)
        and set(schema)
        <= {"type", "properties", "required", "description", "title"}
        | {k for k in schema if k.startswith("x-")}
        and attrs.has(model)
        and model.__setattr__ is object.__setattr__
        and not hasattr(model, "__attrs_post_init__")
        and not hasattr(model, "__attrs_pre_init__")
        and hasattr(model, "__slots__")
    )


def _step(key: str, field: Any, required: bool, schema: Any) -> _Step | None:
    if not isinstance(schema, dict):
        return None
    typed = str(field.type)
    if set(schema) == {"$ref"} or set(schema) - {"$ref"} <= {"description"}:
        nested = _model_of(schema.get("$ref"))
        if nested is None or nested.__name__ not in typed:
            return None
        return _Step(key, field.name, required, "model", nested)
    if schema.get("type") == "array" and set(schema) - _INERT <= {"items"}:
        items = schema.get("items")
        nested = (
            _model_of(items.get("$ref")) if isinstance(items, dict) and len(items) == 1 else None
        )
        if nested is None or f"list[{nested.__name__}]" not in typed:
            return None
        return _Step(key, field.name, required, "models", nested)
    if set(schema) - _INERT or schema.get("type") not in _PLAIN_TYPES:
        return None
    fmt = schema.get("format")
    if fmt == "date-time" and schema["type"] == "string":
        return _Step(key, field.name, required, "datetime") if "datetime" in typed else None
    if fmt is not None and not (schema["type"] == "integer" and fmt in ("int32", "int64")):
        return None
    return _Step(key, field.name, required, "plain")


def _model_of(ref: Any) -> type | None:
    """The generated class a ``$ref`` to a component schema names, if it is one."""
    if not isinstance(ref, str) or not ref.startswith(_REF):
        return None
    found = getattr(_models, ref[len(_REF) :], None)
    return found if isinstance(found, type) and attrs.has(found) else None
