"""Reading an OpenAPI document, and its facts in one line each: what the digest and the upstream
check both compare specs by.

Why a module of its own: ``digest`` writes HubSpot's spec down as these facts (``what moved``) and
``upstream`` compares the curated spec with HubSpot's by them; ``upstream`` also reads digests, so
what both use lives below both and the imports run one way (``upstream`` -> ``digest`` -> here).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

#: The keys of a path item that are operations, in the order they are read.
METHODS = ("get", "put", "post", "delete", "patch")

Spec = Mapping[str, Any]


def load(path: Path) -> dict[str, Any]:
    """A spec, digest or deviations file: JSON by its ``.json`` suffix, else YAML."""
    text = path.read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    return document


def deref(spec: Spec, node: Mapping[str, Any]) -> Mapping[str, Any]:
    """``node``, or what its ``$ref`` (a local JSON pointer) names, followed to the end."""
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _ref_name(node: Mapping[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def shape(spec: Spec, node: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str:
    """A one-line description of a schema's type; refs named through ``names`` when given.

    A ref to an enum or a scalar schema is described by its target, so naming such a schema (or
    inlining it) is no difference; a ref to an object schema is ``ref <name>``.
    """
    name = _ref_name(node)
    if name is not None:
        target = deref(spec, node)
        if "enum" in target or ("properties" not in target and target.get("type") != "object"):
            return shape(spec, target, names)
        return f"ref {names.get(name, name) if names is not None else name}"
    kind = str(node.get("type", "any"))
    if "format" in node:
        kind += f"/{node['format']}"
    if "enum" in node:
        kind += " enum[" + ",".join(sorted(map(str, node["enum"]))) + "]"
    if "minimum" in node or "maximum" in node:
        kind += f" range[{node.get('minimum', '')}..{node.get('maximum', '')}]"
    if node.get("type") == "array":
        kind += " of " + shape(spec, node.get("items", {}), names)
    if isinstance(node.get("additionalProperties"), dict):
        kind += " map of " + shape(spec, node["additionalProperties"], names)
    return kind


def body_shape(spec: Spec, body: Mapping[str, Any] | None, names: Mapping[str, str] | None) -> str:
    """A request or response body as ``<content type> <shape>`` per media type, or none/empty."""
    if body is None:
        return "none"
    body = deref(spec, body)
    parts = [
        f"{ctype} {shape(spec, media.get('schema', {}), names)}"
        for ctype, media in sorted(body.get("content", {}).items())
    ]
    return "; ".join(parts) or "empty"


def scopes(op: Mapping[str, Any]) -> list[str]:
    """Every scope any of the operation's security requirements names, sorted, each once (2026-09
    names the same scope under both of its schemes, OAuth and private app: one scope needed)."""
    return sorted({s for req in op.get("security", []) for v in req.values() for s in v})
