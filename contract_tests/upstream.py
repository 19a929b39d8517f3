"""Compare the curated spec with HubSpot's published spec, operation by operation.

Why: the curated spec is hand-written, so it can drift from what HubSpot really serves. Every
difference this module finds must be listed in ``spec/deviations.yaml`` with its reason; the test
``test_upstream.py`` (and ``make upstream-check UPSTREAM=…`` for a newer HubSpot release) fails on
any difference that is not.

Operations are matched through each curated operation's ``x-upstream`` (HubSpot's operationId) and
schemas through each curated schema's ``x-upstream`` (HubSpot's schema name). A difference is one
stable, human-readable line such as ``schema PropertyValue: field source: missing in curated``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "spec" / "marketing-events.yaml"
DEVIATIONS = ROOT / "spec" / "deviations.yaml"
UPSTREAM = ROOT.parent / "shared" / "upstream" / "hubspot-marketing-events-v3.json"
METHODS = ("get", "put", "post", "delete", "patch")

Spec = Mapping[str, Any]


def load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def load_deviations(path: Path = DEVIATIONS) -> dict[str, str]:
    """Map every listed difference line to the id of the deviation that explains it."""
    listed: dict[str, str] = {}
    for entry in load(path)["deviations"]:
        for line in entry["differences"]:
            listed[line] = entry["id"]
    return listed


def _deref(spec: Spec, node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _ref_name(node: Mapping[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _operations(spec: Spec) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


class _Comparer:
    def __init__(self, curated: Spec, upstream: Spec) -> None:
        self.curated = curated
        self.upstream = upstream
        self.schema_names = {
            name: schema["x-upstream"]
            for name, schema in curated["components"]["schemas"].items()
            if "x-upstream" in schema
        }

    def shape(self, spec: Spec, node: Mapping[str, Any], *, curated: bool) -> str:
        """A one-line description of a schema's type, with refs named in upstream's terms."""
        name = _ref_name(node)
        if name is not None:
            target = _deref(spec, node)
            if "enum" in target or ("properties" not in target and target.get("type") != "object"):
                return self.shape(spec, target, curated=curated)
            return f"ref {self.schema_names.get(name, name) if curated else name}"
        kind = node.get("type", "any")
        if "format" in node:
            kind += f"/{node['format']}"
        if "enum" in node:
            kind += " enum[" + ",".join(sorted(map(str, node["enum"]))) + "]"
        if "minimum" in node or "maximum" in node:
            kind += f" range[{node.get('minimum', '')}..{node.get('maximum', '')}]"
        if node.get("type") == "array":
            kind += " of " + self.shape(spec, node.get("items", {}), curated=curated)
        if isinstance(node.get("additionalProperties"), dict):
            kind += " map of " + self.shape(spec, node["additionalProperties"], curated=curated)
        return kind

    def compare_fields(
        self, where: str, up: Mapping[str, Any], cur: Mapping[str, Any]
    ) -> Iterator[str]:
        up_props, cur_props = up.get("properties", {}), cur.get("properties", {})
        up_req, cur_req = set(up.get("required", [])), set(cur.get("required", []))
        for field in sorted(set(up_props) | set(cur_props)):
            if field not in cur_props:
                yield f"{where}: field {field}: missing in curated"
            elif field not in up_props:
                yield f"{where}: field {field}: added in curated"
            else:
                a = self.shape(self.upstream, up_props[field], curated=False)
                b = self.shape(self.curated, cur_props[field], curated=True)
                if a != b:
                    yield f"{where}: field {field}: type {a} -> {b}"
                if (field in up_req) != (field in cur_req):
                    was = "required" if field in up_req else "optional"
                    now = "required" if field in cur_req else "optional"
                    yield f"{where}: field {field}: {was} -> {now}"

    def schemas(self) -> Iterator[str]:
        up_schemas = self.upstream["components"]["schemas"]
        for name, schema in sorted(self.curated["components"]["schemas"].items()):
            upstream_name = schema.get("x-upstream")
            if upstream_name is None:
                continue
            if upstream_name not in up_schemas:
                yield f"schema {name}: upstream schema {upstream_name} not found"
                continue
            yield from self.compare_fields(f"schema {name}", up_schemas[upstream_name], schema)

    def parameters(
        self, op_name: str, up: Mapping[str, Any], cur: Mapping[str, Any]
    ) -> Iterator[str]:
        def index(spec: Spec, op: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
            params = (_deref(spec, p) for p in op.get("parameters", []))
            return {f"{p['in']}.{p['name']}": p for p in params}

        up_params, cur_params = index(self.upstream, up), index(self.curated, cur)
        for key in sorted(set(up_params) | set(cur_params)):
            where = f"operation {op_name}: parameter {key}"
            if key not in cur_params:
                yield f"{where}: missing in curated"
            elif key not in up_params:
                yield f"{where}: added in curated"
            else:
                a, b = up_params[key], cur_params[key]
                if bool(a.get("required")) != bool(b.get("required")):
                    yield f"{where}: required {bool(a.get('required'))} -> {bool(b.get('required'))}"
                sa = self.shape(self.upstream, a.get("schema", {}), curated=False)
                sb = self.shape(self.curated, b.get("schema", {}), curated=True)
                if sa != sb:
                    yield f"{where}: type {sa} -> {sb}"

    def body_shape(self, spec: Spec, body: Mapping[str, Any] | None, *, curated: bool) -> str:
        if body is None:
            return "none"
        body = _deref(spec, body)
        parts = [
            f"{ctype} {self.shape(spec, media.get('schema', {}), curated=curated)}"
            for ctype, media in sorted(body.get("content", {}).items())
        ]
        return "; ".join(parts) or "empty"

    def operations(self) -> Iterator[str]:
        up_ops = {op["operationId"]: (m, p, op) for m, p, op in _operations(self.upstream)}
        for method, path, op in _operations(self.curated):
            name = op["operationId"]
            upstream_id = op.get("x-upstream")
            if upstream_id not in up_ops:
                yield f"operation {name}: upstream operation {upstream_id} not found"
                continue
            up_method, up_path, up = up_ops[upstream_id]
            if (up_method, up_path) != (method, path):
                yield f"operation {name}: {up_method.upper()} {up_path} -> {method.upper()} {path}"
            yield from self.parameters(name, up, op)
            a = self.body_shape(self.upstream, up.get("requestBody"), curated=False)
            b = self.body_shape(self.curated, op.get("requestBody"), curated=True)
            if a != b:
                yield f"operation {name}: request body {a} -> {b}"
            up_resp, cur_resp = up.get("responses", {}), op.get("responses", {})
            for code in sorted(set(up_resp) | set(cur_resp)):
                where = f"operation {name}: response {code}"
                if code not in cur_resp:
                    yield f"{where}: missing in curated"
                elif code not in up_resp:
                    yield f"{where}: added in curated"
                else:
                    a = self.body_shape(self.upstream, up_resp[code], curated=False)
                    b = self.body_shape(self.curated, cur_resp[code], curated=True)
                    if a != b:
                        yield f"{where}: {a} -> {b}"
            if op.get("tags") != up.get("tags"):
                yield f"operation {name}: tags {up.get('tags')} -> {op.get('tags')}"
            up_scopes = sorted(s for req in up.get("security", []) for v in req.values() for s in v)
            cur_scopes = sorted(
                s for req in op.get("security", []) for v in req.values() for s in v
            )
            if up_scopes != cur_scopes:
                yield f"operation {name}: scopes {up_scopes} -> {cur_scopes}"


def differences(curated: Spec, upstream: Spec) -> list[str]:
    """Every difference between the curated spec and HubSpot's, one stable line each."""
    comparer = _Comparer(curated, upstream)
    return [*comparer.operations(), *comparer.schemas()]


def main() -> None:
    import sys

    upstream_path = Path(sys.argv[1]) if len(sys.argv) > 1 else UPSTREAM
    listed = load_deviations()
    found = differences(load(CURATED), load(upstream_path))
    for line in found:
        print(("  listed  " if line in listed else "UNLISTED  ") + line)
    unlisted = [line for line in found if line not in listed]
    print(f"{len(found)} differences, {len(unlisted)} not listed in spec/deviations.yaml")
    raise SystemExit(1 if unlisted else 0)


if __name__ == "__main__":
    main()
