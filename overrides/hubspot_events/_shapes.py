"""Check an answer's JSON against its schema in the spec before a generated model is built.

Why: the generated ``from_dict`` checks no types, so a read answered with ``{"registered": "x"}``
would come back as a model holding a string where the type says int. A read is one request, so a
JSON Schema check (jsonschema, imported on first use) costs little; batch results are not checked
here (they are parsed lazily and matched to inputs by ``_batching``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from hubspot_events import _spec


@functools.cache
def _validator(schema: str) -> Any:
    import jsonschema  # imported on the first read only: it is slow to import

    components = _spec.document()["components"]
    return jsonschema.Draft4Validator(
        {"$ref": f"#/components/schemas/{schema}", "components": components}
    )


def schema_of(parse: Callable[..., Any]) -> str | None:
    """The spec schema a generated ``Model.from_dict`` parses (the model's name), if any; a
    parse function that unwraps a model says which in its ``__self__`` too."""
    model = getattr(parse, "__self__", None)
    name = getattr(model, "__name__", None)
    return name if name in _spec.document()["components"]["schemas"] else None


def problem(payload: Any, schema: str, at: str = "") -> str | None:
    """The first way ``payload`` (found at ``at`` in the body) breaks ``schema``, as
    ``path: message``; None when it fits."""
    error = next(iter(_validator(schema).iter_errors(payload)), None)
    if error is None:
        return None
    where = at + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return f"{where.lstrip('.') or 'body'}: {error.message}"
