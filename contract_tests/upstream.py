"""Compare the curated spec with HubSpot's published spec, operation by operation.

Why: the curated spec is hand-written, so it can drift from what HubSpot really serves. Every
difference this module finds must be listed in ``spec/deviations.yaml`` with its reason; the test
``test_upstream.py`` (and ``make upstream-check UPSTREAM=…`` for a newer HubSpot release) fails on
any difference that is not.

HubSpot's side is the committed digest ``spec/upstream-digest.json`` (facts only, built by
``python -m contract_tests.digest``), so the check needs nothing beside the clone; a full copy of
HubSpot's spec works too (it is digested on load, with the same result).

Operations are matched through each curated operation's ``x-upstream`` (HubSpot's operationId) and
schemas through each curated schema's ``x-upstream`` (HubSpot's schema name). A difference is one
stable, human-readable line such as ``schema PropertyValue: field source: missing in curated``.

HubSpot publishes one spec per API version (``v3``, ``2026-03``, ``2026-09``; see
``hubspot_events._versions``), and the one curated spec serves them all, so each version has its
own committed digest (:func:`digest_path`) and is compared on its own (``version=``). For a date
version an operation is matched by its method and the path the client sends for that version
(``version_path`` of the curated path), not by operationId: HubSpot's ids embed the path. A
schema may name a different counterpart for one version in ``x-upstream-versions``.

``spec/deviations.yaml`` lists each deviation with its reason and the lines it explains: literal
``differences``, and ``rules`` (or one rule inline) where one line applies to many operations or
schemas::

    - id: rate-limit-429
      why: ...
      operations: all                 # or a list of curated operationIds
      each: ['response 429: added in curated']   # -> "operation <op>: response 429: ..."
    - id: open-enums-in-responses
      why: ...
      rules:
      - schemas: [EventBatchResponse, VidBatchResponse]
        each: ['field status: type string enum[...] -> string']  # -> "schema <name>: field ..."
      differences: ['schema ParticipationProperties: field attendanceState: ...']
    - id: vid-int64
      versions: ['2026-09']           # only in these versions' specs (default: every version)
      why: ...
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from contract_tests._openapi import METHODS, Spec, body_shape, deref, load, scopes, shape
from contract_tests.digest import build, is_digest
from hubspot_events._versions import API_VERSIONS, DEFAULT_API_VERSION, version_path

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "spec" / "marketing-events.yaml"
DEVIATIONS = ROOT / "spec" / "deviations.yaml"
#: The committed digest of HubSpot's v3 spec: what the check compares against by default.
DIGEST = ROOT / "spec" / "upstream-digest.json"
#: HubSpot's published v3 spec as shared beside the repo (reference data, never committed); the
#: committed digest is what ``python -m contract_tests.digest`` makes of it.
UPSTREAM = ROOT.parent / "shared" / "upstream" / "hubspot-marketing-events-v3.json"
VERSIONS = API_VERSIONS


def digest_path(version: str) -> Path:
    """The committed digest of HubSpot's spec for ``version``; v3's keeps its original name."""
    name = "upstream-digest.json" if version == "v3" else f"upstream-digest-{version}.json"
    return ROOT / "spec" / name


def upstream_path(version: str) -> Path:
    """Where HubSpot's published spec for ``version`` is shared beside the repo (if it is)."""
    return UPSTREAM.with_name(f"hubspot-marketing-events-{version}.json")


def version_of(upstream: Spec) -> str:
    """The API version a spec or digest describes (its ``info.version``), if the client speaks it."""
    version = str((upstream.get("info") or {}).get("version"))
    if version not in VERSIONS:
        raise ValueError(
            f"HubSpot's spec is for API version {version!r}; the client speaks {list(VERSIONS)}: "
            "add the version to hubspot_events/_versions.py first"
        )
    return version


def load_upstream(path: Path = DIGEST) -> dict[str, Any]:
    """HubSpot's side of the comparison: a digest as is, or a full spec digested on the way in."""
    document = load(path)
    return document if is_digest(document) else build(document)


def load_deviations(
    path: Path = DEVIATIONS, curated: Spec | None = None, version: str = DEFAULT_API_VERSION
) -> dict[str, str]:
    """Map every difference line listed for ``version`` to the id of the deviation explaining it.

    Rules are expanded against ``curated`` (default: the curated spec): ``operations: all`` means
    every curated operation. An entry (or one of its rules) with ``versions: [...]`` applies to
    those API versions only; without it, to every version. A rule naming an operation or schema the
    curated spec does not have, an unknown version, or a line listed twice, is an error (a typo
    would otherwise hide as a stale deviation).
    """
    spec = load(CURATED) if curated is None else curated
    known = {
        "operation": [op["operationId"] for _, _, op in _operations(spec)],
        "schema": sorted(spec["components"]["schemas"]),
    }
    listed: dict[str, str] = {}

    def add(line: str, entry_id: str) -> None:
        if line in listed:
            raise ValueError(f"{line!r} is listed twice ({listed[line]}, {entry_id})")
        listed[line] = entry_id

    def applies(node: Mapping[str, Any], entry_id: str) -> bool:
        versions = node.get("versions", list(VERSIONS))
        unknown = sorted(set(versions) - set(VERSIONS))
        if unknown or not versions:
            raise ValueError(f"{entry_id}: versions must name some of {list(VERSIONS)}: {unknown}")
        return version in versions

    for entry in load(path)["deviations"]:
        if not applies(entry, entry["id"]):
            continue
        rules = list(entry.get("rules", []))
        if "each" in entry:
            rules.append(entry)
        for rule in rules:
            if rule is not entry and not applies(rule, entry["id"]):
                continue
            kinds = [kind for kind in known if f"{kind}s" in rule]
            if len(kinds) != 1:
                raise ValueError(f"{entry['id']}: a rule names either operations or schemas")
            kind = kinds[0]
            names = rule[f"{kind}s"]
            names = known[kind] if names == "all" else names
            unknown = sorted(set(names) - set(known[kind]))
            if unknown:
                raise ValueError(f"{entry['id']}: no curated {kind} named {unknown}")
            for name in names:
                for line in rule["each"]:
                    add(f"{kind} {name}: {line}", entry["id"])
        for line in entry.get("differences", []):
            add(line, entry["id"])
    return listed


def _operations(spec: Spec) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def _upstream_name(schema: Mapping[str, Any], version: str) -> str | None:
    """The name of ``schema``'s counterpart in HubSpot's spec for ``version``."""
    name = (schema.get("x-upstream-versions") or {}).get(version, schema.get("x-upstream"))
    return None if name is None else str(name)


class _Comparer:
    def __init__(self, curated: Spec, upstream: Spec, version: str) -> None:
        self.curated = curated
        self.upstream = upstream
        self.version = version
        self.schema_names = {
            name: upstream_name
            for name, schema in curated["components"]["schemas"].items()
            if (upstream_name := _upstream_name(schema, version)) is not None
        }

    def shape(self, spec: Spec, node: Mapping[str, Any], *, curated: bool) -> str:
        return shape(spec, node, self.schema_names if curated else None)

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
            upstream_name = _upstream_name(schema, self.version)
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
            params = (deref(spec, p) for p in op.get("parameters", []))
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
        return body_shape(spec, body, self.schema_names if curated else None)

    def _counterpart(
        self, method: str, path: str, op: Mapping[str, Any]
    ) -> tuple[str, str, Mapping[str, Any]] | str:
        """HubSpot's operation for a curated one, or the line saying it is not there."""
        if self.version == "v3":
            by_id = {up["operationId"]: (m, p, up) for m, p, up in _operations(self.upstream)}
            upstream_id = op.get("x-upstream")
            return by_id.get(upstream_id) or f"upstream operation {upstream_id} not found"
        sent = version_path(path, self.version)
        for up_method, up_path, up in _operations(self.upstream):
            if (up_method, up_path) == (method, sent):
                return up_method, path, up  # the same path, as the client sends it
        return f"upstream operation {method.upper()} {sent} not found"

    def operations(self) -> Iterator[str]:
        for method, path, op in _operations(self.curated):
            name = op["operationId"]
            found = self._counterpart(method, path, op)
            if isinstance(found, str):
                yield f"operation {name}: {found}"
                continue
            up_method, up_path, up = found
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
            up_scopes, cur_scopes = scopes(up), scopes(op)
            if up_scopes != cur_scopes:
                yield f"operation {name}: scopes {up_scopes} -> {cur_scopes}"


def differences(curated: Spec, upstream: Spec, version: str | None = None) -> list[str]:
    """Every difference between the curated spec and HubSpot's spec for ``version`` (default: the
    version ``upstream`` says it describes), one stable line each."""
    comparer = _Comparer(curated, upstream, version_of(upstream) if version is None else version)
    return [*comparer.operations(), *comparer.schemas()]


def unlisted_differences(curated: Spec, upstream: Spec | None = None) -> list[str]:
    """The differences of ``curated`` from HubSpot's spec (default: the committed v3 digest) that
    ``spec/deviations.yaml`` does not explain; the deliberate-break tests use this."""
    upstream = load_upstream() if upstream is None else upstream
    listed = load_deviations(version=version_of(upstream))
    found = differences(curated, upstream)
    return [line for line in found if line not in listed]


def main() -> None:
    import sys

    upstream_path = Path(sys.argv[1]) if len(sys.argv) > 1 else DIGEST
    upstream = load_upstream(upstream_path)
    version = version_of(upstream)
    print(f"HubSpot's spec for API version {version}: {upstream_path}")
    listed = load_deviations(version=version)
    found = differences(load(CURATED), upstream, version)
    for line in found:
        print(("  listed  " if line in listed else "UNLISTED  ") + line)
    stale = sorted(set(listed) - set(found))
    for line in stale:
        print("   stale  " + line)
    unlisted = [line for line in found if line not in listed]
    print(
        f"{len(found)} differences, {len(unlisted)} not listed in spec/deviations.yaml, "
        f"{len(stale)} listed but no longer found"
    )
    raise SystemExit(1 if unlisted else 0)


if __name__ == "__main__":
    main()
