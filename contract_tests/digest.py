"""A digest of HubSpot's published spec: its structure, none of its prose.

Why: the upstream check (``contract_tests/upstream.py``) must run on a bare clone, but HubSpot's
spec is reference data that is never vendored into the repo. The digest keeps only the facts the
check compares: per operation its operationId, method, path, tags, security scopes, parameters
(in, name, required, schema type/format/enum/range/default), request body and responses (status ->
content type -> schema); per schema its fields, their types (type/format/enum/items/$ref/
additionalProperties) and which are required. Descriptions, summaries, examples and titles are
dropped; so are response descriptions and anything else not listed here.

The digest is a stripped OpenAPI-like document (``paths`` and ``components.schemas``, refs to
parameters and responses inlined), so the comparer reads it like the full spec. Output is
deterministic: sorted keys, sorted parameters and required lists, one line per small object.

    python -m contract_tests.digest UPSTREAM.json [--out spec/upstream-digest.json]
        [--against spec/upstream-digest.json]

Without ``--out`` the digest goes to stdout. ``--against OLD`` prints what moved between the digest
OLD and the new one (operations, parameters, bodies, responses, schemas and fields added, removed or
changed), one line each; drift is information, not a failure (exit status 0).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from contract_tests._openapi import METHODS, body_shape, load, scopes, shape

FORMAT = 1
#: The marker that tells a digest from a full spec (``upstream.load_upstream`` reads either).
MARKER = "x-digest"

#: Schema keywords kept; everything else (description, example, title, x-…) is dropped.
_SCHEMA_FACTS = {
    "$ref",
    "additionalProperties",
    "allOf",
    "anyOf",
    "default",
    "discriminator",
    "enum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "format",
    "items",
    "maxItems",
    "maxLength",
    "maximum",
    "minItems",
    "minLength",
    "minimum",
    "not",
    "nullable",
    "oneOf",
    "pattern",
    "properties",
    "readOnly",
    "required",
    "type",
    "uniqueItems",
    "writeOnly",
}
_SCHEMA_LISTS = {"allOf", "anyOf", "oneOf"}


def is_digest(document: Mapping[str, Any]) -> bool:
    return MARKER in document


def _resolve(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow a ``$ref`` to a parameter, request body or response (not to a schema)."""
    while isinstance(node, Mapping) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _schema(node: Any) -> Any:
    if not isinstance(node, Mapping):
        return node  # additionalProperties: true/false
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key not in _SCHEMA_FACTS:
            continue
        if key == "properties":
            out[key] = {name: _schema(field) for name, field in value.items()}
        elif key in ("items", "additionalProperties", "not"):
            out[key] = _schema(value)
        elif key in _SCHEMA_LISTS:
            out[key] = [_schema(item) for item in value]
        elif key == "required" and isinstance(value, list):
            out[key] = sorted(value)
        else:
            out[key] = value
    return out


def _content(spec: Mapping[str, Any], node: Any) -> dict[str, Any]:
    node = _resolve(spec, node)
    out: dict[str, Any] = {}
    if "content" in node:
        out["content"] = {
            ctype: {"schema": _schema(media.get("schema", {}))}
            for ctype, media in node["content"].items()
        }
    if "required" in node:
        out["required"] = node["required"]
    return out


def _parameter(spec: Mapping[str, Any], node: Any) -> dict[str, Any]:
    node = _resolve(spec, node)
    return {
        "in": node["in"],
        "name": node["name"],
        "required": bool(node.get("required")),
        "schema": _schema(node.get("schema", {})),
    }


def _key(spec: Mapping[str, Any], node: Any) -> tuple[str, str]:
    param = _resolve(spec, node)
    return param["in"], param["name"]


def _operation(spec: Mapping[str, Any], op: Mapping[str, Any]) -> dict[str, Any]:
    params = [_parameter(spec, p) for p in op.get("parameters", [])]
    out: dict[str, Any] = {
        "operationId": op["operationId"],
        "parameters": sorted(params, key=lambda p: (p["in"], p["name"])),
        "responses": {code: _content(spec, r) for code, r in op.get("responses", {}).items()},
        "security": op.get("security", spec.get("security", [])),
        "tags": list(op.get("tags", [])),
    }
    if "requestBody" in op:
        out["requestBody"] = _content(spec, op["requestBody"])
    return out


def _security_scheme(scheme: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: scheme[k] for k in ("type", "in", "name", "scheme", "bearerFormat") if k in scheme}
    if "flows" in scheme:
        out["flows"] = {
            flow: {
                **{k: v for k, v in spec.items() if k.endswith("Url")},
                "scopes": dict.fromkeys(sorted(spec.get("scopes", {})), ""),
            }
            for flow, spec in scheme["flows"].items()
        }
    return out


def build(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The digest of a full OpenAPI document (or of a digest: building is idempotent)."""
    paths: dict[str, dict[str, Any]] = {}
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method in item:
                op = dict(item[method])
                # Path-level parameters apply unless the operation redefines them.
                own = {_key(spec, p) for p in op.get("parameters", [])}
                extra = [p for p in shared if _key(spec, p) not in own]
                op["parameters"] = [*op.get("parameters", []), *extra]
                paths.setdefault(path, {})[method] = _operation(spec, op)
    components = spec.get("components", {})
    return {
        MARKER: {
            "format": FORMAT,
            "generator": "python -m contract_tests.digest",
            "note": "facts only, no prose of HubSpot's; rebuild it, never edit it by hand",
        },
        "openapi": spec.get("openapi"),
        "info": {"version": spec.get("info", {}).get("version")},
        "servers": [{"url": s["url"]} for s in spec.get("servers", []) if "url" in s],
        "paths": paths,
        "components": {
            "schemas": {n: _schema(s) for n, s in components.get("schemas", {}).items()},
            "securitySchemes": {
                n: _security_scheme(s) for n, s in components.get("securitySchemes", {}).items()
            },
        },
    }


# -- stable output ---------------------------------------------------------------------------------


def _dumps(value: Any, indent: int = 0) -> str:
    """JSON with sorted keys; an object or list that fits on one line is written on one line."""
    flat = json.dumps(value, sort_keys=True, ensure_ascii=False)
    if not isinstance(value, dict | list) or not value or indent * 2 + len(flat) <= 120:
        return flat
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, list):
        items = [inner + _dumps(item, indent + 1) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    items = [
        f"{inner}{json.dumps(key, ensure_ascii=False)}: {_dumps(value[key], indent + 1)}"
        for key in sorted(value)
    ]
    return "{\n" + ",\n".join(items) + "\n" + pad + "}"


def dumps(digest: Mapping[str, Any]) -> str:
    return _dumps(dict(digest)) + "\n"


# -- what moved ------------------------------------------------------------------------------------


def facts(digest: Mapping[str, Any]) -> dict[str, str]:
    """One ``where -> what`` line per fact of a digest (the unit :func:`moved` compares)."""
    out: dict[str, str] = {}
    for path, item in digest["paths"].items():
        for method, op in item.items():
            where = f"operation {op['operationId']}"
            out[where] = f"{method.upper()} {path}"
            out[f"{where}: tags"] = str(op.get("tags", []))
            out[f"{where}: scopes"] = str(scopes(op))
            for p in op.get("parameters", []):
                required = "required" if p.get("required") else "optional"
                kind = shape(digest, p.get("schema", {}))
                if "default" in p.get("schema", {}):
                    kind += f" default {p['schema']['default']}"
                out[f"{where}: parameter {p['in']}.{p['name']}"] = f"{required} {kind}"
            out[f"{where}: request body"] = body_shape(digest, op.get("requestBody"), None)
            for code, response in op.get("responses", {}).items():
                out[f"{where}: response {code}"] = body_shape(digest, response, None)
    for name, schema in digest["components"]["schemas"].items():
        out[f"schema {name}"] = shape(digest, {k: v for k, v in schema.items() if k != "$ref"})
        required_fields = set(schema.get("required", []))
        for field, node in schema.get("properties", {}).items():
            state = "required" if field in required_fields else "optional"
            out[f"schema {name}: field {field}"] = f"{state} {shape(digest, node)}"
    for name, scheme in digest["components"].get("securitySchemes", {}).items():
        out[f"security scheme {name}"] = json.dumps(scheme, sort_keys=True)
    return out


def moved(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """What changed from digest ``old`` to digest ``new``, one sorted line per fact.

    An operation or schema added or removed as a whole is one line, not one per field.
    """
    before, after = facts(old), facts(new)
    whole = {k for k in set(before) ^ set(after) if ": " not in k}
    lines = []
    for key in sorted(set(before) | set(after)):
        if key.split(": ", 1)[0] in whole and key not in whole:
            continue
        if key not in after:
            lines.append(f"removed  {key} ({before[key]})")
        elif key not in before:
            lines.append(f"added    {key} ({after[key]})")
        elif before[key] != after[key]:
            lines.append(f"changed  {key}: {before[key]} -> {after[key]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m contract_tests.digest", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("upstream", type=Path, help="HubSpot's published spec (JSON or YAML)")
    parser.add_argument("--out", type=Path, help="write the digest here (default: stdout)")
    parser.add_argument("--against", type=Path, help="print what moved since this digest")
    args = parser.parse_args(argv)
    if not args.upstream.exists():
        print(f"HubSpot's spec not found at {args.upstream}: pass UPSTREAM=path/to/spec.json")
        return 2
    digest = build(load(args.upstream))
    text = dumps(digest)
    if args.against is not None:
        old = load(args.against)
        lines = moved(old, digest)
        print(f"What moved from {args.against} to the digest of {args.upstream}:")
        for line in lines:
            print("  " + line)
        print(f"{len(lines)} changes" if lines else "nothing moved")
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        if args.against is not None and args.out.resolve() != args.against.resolve():
            print(f"digest written to {args.out}; to adopt it, copy it to {args.against}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
