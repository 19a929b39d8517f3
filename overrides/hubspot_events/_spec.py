"""The curated spec the generated package was made from (it ships as ``openapi.json``).

Why the hand-written layer reads it: input field names and the shapes of read answers then follow
the spec after ``make generate``, with no second list to keep in step.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import hubspot_events_generated


@functools.cache
def document() -> dict[str, Any]:
    path = Path(hubspot_events_generated.__file__).parent / "openapi.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def schema_fields(schema: str) -> tuple[str, ...]:
    """The property names of a component schema, in the spec's order."""
    return tuple(document()["components"]["schemas"][schema]["properties"])
