"""The curated spec as data the contract tests check wire traffic against.

Why our own request validator: schemathesis 4 validates responses (``op.validate_response``) but
cannot check a request that a *client* sent. :class:`Spec` matches a captured ``httpx.Request`` to
its operation by method and path template and validates path, query, headers and JSON body
against the spec with ``jsonschema``; every failure is one readable line. A path of any API
version the client speaks (``/marketing/marketing-events/2026-09/…``) is matched as the curated
(v3) path it stands for: one curated spec serves every version (``hubspot_events._versions``).

OpenAPI 3.0 schemas become plain JSON Schema here (refs inlined, ``int32``/``int64`` as ranges,
``x-`` keys dropped) so ``jsonschema`` and ``hypothesis-jsonschema`` read them alike.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import jsonschema
import yaml

from hubspot_events._versions import curated_path

ROOT = Path(__file__).resolve().parent.parent
#: The spec under test; CONTRACT_SPEC points the suites at another copy (the regeneration test).
SPEC_PATH = Path(os.environ.get("CONTRACT_SPEC") or ROOT / "spec" / "marketing-events.yaml")
METHODS = ("get", "put", "post", "delete", "patch")
INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_DROPPED_KEYS = {"description", "example", "examples", "externalDocs", "xml"}


def load_document(path: Path = SPEC_PATH) -> dict[str, Any]:
    text = Path(path).read_text(encoding="utf-8")
    return json.loads(text) if Path(path).suffix == ".json" else yaml.safe_load(text)


def _pointer(document: Mapping[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def deref(document: Mapping[str, Any], node: Any) -> Any:
    """Follow ``$ref`` chains at the top of ``node`` (not inside it)."""
    while isinstance(node, Mapping) and "$ref" in node:
        node = _pointer(document, node["$ref"])
    return node


def json_schema(document: Mapping[str, Any], node: Any, _depth: int = 0) -> Any:
    """An OpenAPI 3.0 schema as a self-contained JSON Schema (refs inlined, formats made exact)."""
    if _depth > 50:
        raise ValueError("schema nesting too deep (recursive $ref?)")
    node = deref(document, node)
    if isinstance(node, list):
        return [json_schema(document, item, _depth + 1) for item in node]
    if not isinstance(node, Mapping):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key.startswith("x-") or key in _DROPPED_KEYS:
            continue
        if key in ("properties", "patternProperties"):
            out[key] = {name: json_schema(document, sub, _depth + 1) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not") or key in (
            "allOf",
            "anyOf",
            "oneOf",
        ):
            out[key] = json_schema(document, value, _depth + 1)
        else:
            out[key] = copy.deepcopy(value)
    if out.get("format") in INT_RANGES and out.get("type") == "integer":
        low, high = INT_RANGES[out.pop("format")]
        out["minimum"] = max(out.get("minimum", low), low)
        out["maximum"] = min(out.get("maximum", high), high)
    if out.pop("nullable", False) and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


FORMAT_CHECKER = jsonschema.Draft7Validator.FORMAT_CHECKER


def schema_errors(schema: Any, instance: Any, where: str) -> list[str]:
    validator = jsonschema.Draft7Validator(schema, format_checker=FORMAT_CHECKER)
    return [
        f"{where}{''.join(f'[{p!r}]' for p in error.absolute_path)}: {error.message}"
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    ]


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    required: bool
    schema: dict[str, Any]

    def coerce(self, raw: str) -> Any:
        """A query/path string as the JSON value its schema describes."""
        kind = self.schema.get("type")
        if kind == "integer":
            return int(raw) if re.fullmatch(r"-?\d+", raw) else raw
        if kind == "number":
            try:
                return float(raw)
            except ValueError:
                return raw
        if kind == "boolean":
            return {"true": True, "false": False}.get(raw, raw)
        return raw


@dataclass
class Operation:
    operation_id: str
    method: str
    path: str
    parameters: list[Parameter]
    body_schema: dict[str, Any] | None
    body_required: bool
    responses: dict[str, dict[str, Any] | None]  # status key -> JSON body schema (None: no body)
    security: list[dict[str, Any]]
    response_models: dict[str, str | None] = field(default_factory=dict)  # key -> schema name
    pattern: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.path))
        self.pattern = re.compile(f"^{regex}$")

    def params(self, location: str) -> dict[str, Parameter]:
        return {p.name: p for p in self.parameters if p.location == location}

    def response_schema(self, status: int) -> tuple[str, dict[str, Any] | None]:
        """The documented response for ``status``: its key and JSON body schema."""
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in self.responses:
                return key, self.responses[key]
        raise KeyError(f"{self.operation_id}: status {status} is not documented")


class Spec:
    """Operations of a spec document, and request/response validation against them."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        servers = document.get("servers") or [{"url": ""}]
        self.base_url = servers[0]["url"].rstrip("/")
        self.base_path = httpx.URL(self.base_url).path.rstrip("/") if self.base_url else ""

    @classmethod
    def load(cls, path: Path = SPEC_PATH) -> Spec:
        return cls(load_document(path))

    @cached_property
    def operations(self) -> dict[str, Operation]:
        found: dict[str, Operation] = {}
        doc = self.document
        for path, item in doc["paths"].items():
            shared = item.get("parameters", [])
            for method in METHODS:
                if method not in item:
                    continue
                op = item[method]
                params = {}
                for raw in [*shared, *op.get("parameters", [])]:
                    param = deref(doc, raw)
                    params[(param["in"], param["name"])] = Parameter(
                        param["name"],
                        param["in"],
                        bool(param.get("required")),
                        json_schema(doc, param.get("schema", {})),
                    )
                body = deref(doc, op.get("requestBody"))
                body_schema = None
                if body:
                    media = body.get("content", {}).get("application/json")
                    body_schema = json_schema(doc, media.get("schema", {})) if media else None
                responses: dict[str, dict[str, Any] | None] = {}
                models: dict[str, str | None] = {}
                for status, response in op.get("responses", {}).items():
                    response = deref(doc, response)
                    media = (response.get("content") or {}).get("application/json")
                    responses[str(status)] = (
                        json_schema(doc, media.get("schema", {})) if media else None
                    )
                    ref = (media or {}).get("schema", {}).get("$ref", "")
                    models[str(status)] = ref.rsplit("/", 1)[-1] if ref else None
                found[op["operationId"]] = Operation(
                    op["operationId"],
                    method.upper(),
                    path,
                    list(params.values()),
                    body_schema,
                    bool(body and body.get("required")),
                    responses,
                    op.get("security", doc.get("security", [])),
                    models,
                )
        return found

    def __iter__(self) -> Iterator[Operation]:
        return iter(self.operations.values())

    def schema(self, name: str) -> dict[str, Any]:
        """A component schema as plain JSON Schema."""
        return json_schema(self.document, self.document["components"]["schemas"][name])

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation serving ``method path`` (raw, percent-encoded path) and its path values."""
        if self.base_path and path.startswith(self.base_path + "/"):
            path = path[len(self.base_path) :]
        versioned = curated_path(path)
        if versioned is not None:
            path = versioned[1]
        # The most specific template wins (``events/search`` over ``events/{externalEventId}``,
        # ``participations/{marketingEventId}/breakdown`` over ``participations/{a}/{b}``), as
        # routers do: fewest path parameters first, then the spec's order.
        candidates = sorted(
            (op for op in self if op.method == method.upper()),
            key=lambda op: len(op.params("path")),
        )
        for op in candidates:
            found = op.pattern.match(path)
            if found:
                return op, {k: unquote(v) for k, v in found.groupdict().items()}
        return None

    def security_scheme(self, name: str) -> dict[str, Any]:
        schemes = self.document.get("components", {}).get("securitySchemes", {})
        return dict(deref(self.document, schemes.get(name, {})))

    def credential_params(self, op: Operation) -> set[str]:
        """Query parameters that carry a credential the operation accepts (``hapikey``)."""
        names = set()
        for requirement in op.security:
            for scheme_name in requirement:
                scheme = self.security_scheme(scheme_name)
                if scheme.get("type") == "apiKey" and scheme.get("in") == "query":
                    names.add(scheme["name"])
        return names

    def _describe_scheme(self, name: str) -> str:
        scheme = self.security_scheme(name)
        if scheme.get("type") == "apiKey":
            return f"{scheme.get('in')}.{scheme.get('name')} ({name})"
        return f"a bearer token ({name})"

    def _satisfied(self, requirement: Mapping[str, Any], request: httpx.Request) -> bool:
        """Whether ``request`` carries every credential of one security requirement."""
        for scheme_name in requirement:
            scheme = self.security_scheme(scheme_name)
            kind = scheme.get("type")
            if kind == "apiKey":
                where = scheme.get("in")
                source = request.url.params if where == "query" else request.headers
                if not source.get(scheme.get("name", "")):
                    return False
            elif kind in ("http", "oauth2", "openIdConnect"):
                auth = request.headers.get("authorization", "")
                if not re.fullmatch(r"Bearer \S+", auth):
                    return False
            else:
                return False
        return True

    def validate_request(self, request: httpx.Request) -> list[str]:
        """Every way ``request`` (as sent on the wire) departs from the spec; [] if it conforms."""
        raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        matched = self.match(request.method, raw_path)
        if matched is None:
            return [f"{request.method} {raw_path}: no operation in the spec serves it"]
        op, path_values = matched
        errors: list[str] = []
        for name, param in op.params("path").items():
            value = path_values.get(name)
            value = param.coerce(value) if isinstance(value, str) else value
            errors += schema_errors(param.schema, value, f"path.{name}")
        query = op.params("query")
        credentials = self.credential_params(op)
        seen: dict[str, int] = {}
        for name, value in request.url.params.multi_items():
            seen[name] = seen.get(name, 0) + 1
            if name in credentials and name not in query:
                continue
            if name not in query:
                errors.append(f"query.{name}: not a parameter of {op.operation_id}")
                continue
            errors += schema_errors(query[name].schema, query[name].coerce(value), f"query.{name}")
        errors += [f"query.{n}: sent {c} times" for n, c in seen.items() if c > 1]
        errors += [
            f"query.{name}: required but missing"
            for name, param in query.items()
            if param.required and name not in seen
        ]
        for name, param in op.params("header").items():
            if name in request.headers:
                errors += schema_errors(
                    param.schema, param.coerce(request.headers[name]), f"header.{name}"
                )
            elif param.required:
                errors.append(f"header.{name}: required but missing")
        if op.security and not any(
            self._satisfied(requirement, request) for requirement in op.security
        ):
            accepted = " or ".join(
                " + ".join(self._describe_scheme(n) for n in requirement)
                for requirement in op.security
            )
            errors.append(f"credentials: none of {accepted}")
        content = request.content
        if op.body_schema is None:
            if content:
                errors.append(f"body: {op.operation_id} takes no body, {len(content)} bytes sent")
            return errors
        if not content:
            if op.body_required:
                errors.append("body: required but empty")
            return errors
        content_type = request.headers.get("content-type", "")
        if content_type.split(";")[0].strip().lower() != "application/json":
            errors.append(f"header.Content-Type: {content_type!r} is not application/json")
        try:
            body = json.loads(content)
        except ValueError as exc:
            return [*errors, f"body: not JSON ({exc})"]
        return errors + schema_errors(op.body_schema, body, "body")

    def validate_response(self, operation_id: str, status: int, body: Any) -> list[str]:
        """Every way a response departs from the operation's documented responses."""
        op = self.operations[operation_id]
        try:
            key, schema = op.response_schema(status)
        except KeyError as exc:
            return [str(exc)]
        if schema is None:
            return [] if body in (None, b"", "") else [f"response {key}: documents no body"]
        return schema_errors(schema, body, f"response {key}")


# -- comparing JSON modulo date-time normalisation ----------------------------------------------


def normalise(schema: Any, value: Any) -> Any:
    """``value`` with every date-time (per ``schema``) as (instant, offset): ``Z`` == ``+00:00``."""
    if not isinstance(schema, dict):
        return value
    if schema.get("format") == "date-time" and isinstance(value, str):
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        return ("date-time", parsed, parsed.utcoffset())
    if isinstance(value, dict):
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        return {
            k: normalise(props.get(k, extra if isinstance(extra, dict) else {}), v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [normalise(schema.get("items", {}), v) for v in value]
    return value


def canonical(schema: Any, value: Any) -> str:
    """A sortable text of ``value`` (normalised), for comparing lists as multisets."""
    return json.dumps(normalise(schema, value), sort_keys=True, default=repr)
