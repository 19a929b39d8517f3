"""The curated spec agrees with HubSpot's published spec of every API version (v3, 2026-03,
2026-09), except for the deviations listed for that version.

HubSpot's side is the committed digest of each version (``spec/upstream-digest.json`` for v3,
``spec/upstream-digest-<version>.json`` for the others), so every test here runs on a bare clone,
except one per version: that the committed digest is exactly what ``contract_tests/digest.py`` makes
of the shared copy of HubSpot's spec (``../shared/upstream/…-<version>.json``; UPSTREAM_REFERENCE
names another copy of v3's), skipped when that file is not there.

``make upstream-check UPSTREAM=path/to/newer.json VERSION=2026-09`` runs this against another copy
of HubSpot's spec (set through UPSTREAM_SPEC, a full spec or a digest, and UPSTREAM_VERSION, else the
version the spec names); there, a listed deviation that no longer occurs is reported but does not
fail, since HubSpot may have fixed its side.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests._openapi import load
from contract_tests.digest import build, dumps, moved
from contract_tests.upstream import (
    CURATED,
    DIGEST,
    UPSTREAM,
    VERSIONS,
    differences,
    digest_path,
    load_deviations,
    load_upstream,
    upstream_path,
    version_of,
)

PINNED = "UPSTREAM_SPEC" not in os.environ
#: What the checks run against: each version's committed digest, or the one spec given.
TARGETS: dict[str, Path] = (
    {version: digest_path(version) for version in VERSIONS}
    if PINNED
    else {os.environ.get("UPSTREAM_VERSION") or "given": Path(os.environ["UPSTREAM_SPEC"])}
)


def _reference(version: str) -> Path:
    if version == "v3":
        return Path(os.environ.get("UPSTREAM_REFERENCE", UPSTREAM))
    return upstream_path(version)


@pytest.fixture(scope="module", params=list(TARGETS))
def target(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    """An API version and HubSpot's spec (or digest) for it."""
    path = TARGETS[request.param]
    if not path.exists():
        pytest.fail(f"HubSpot's spec (or its digest) not found at {path}")
    upstream = load_upstream(path)
    named = version_of(upstream)
    if request.param not in ("given", named):
        pytest.fail(f"{path} is HubSpot's spec of API version {named}, not {request.param}")
    return named, upstream


@pytest.fixture(scope="module")
def upstream(target: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    return target[1]


def test_every_difference_from_hubspot_is_a_listed_deviation(
    target: tuple[str, dict[str, Any]],
) -> None:
    version, upstream = target
    listed = load_deviations(version=version)
    found = differences(load(CURATED), upstream, version)
    unlisted = [line for line in found if line not in listed]
    assert not unlisted, (
        f"add these to spec/deviations.yaml (versions: [{version}] if only there) with a reason, "
        "or fix the spec:\n" + "\n".join(unlisted)
    )


def test_each_committed_digest_is_hubspots_spec_of_its_version() -> None:
    """A digest saved under the wrong version's name would check the deviations of another."""
    for version in VERSIONS:
        assert version_of(load(digest_path(version))) == version, digest_path(version).name


def test_no_listed_deviation_is_stale(target: tuple[str, dict[str, Any]]) -> None:
    version, upstream = target
    found = set(differences(load(CURATED), upstream, version))
    stale = [line for line in load_deviations(version=version) if line not in found]
    if not PINNED and stale:
        pytest.skip(f"{len(stale)} listed deviations no longer occur upstream: {stale}")
    assert not stale, (
        f"remove these from spec/deviations.yaml (or narrow their versions:), {version}'s spec "
        "no longer differs there:\n" + ("\n".join(stale))
    )


# -- the committed digest ----------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_the_committed_digest_is_what_the_script_makes_of_hubspots_spec(version: str) -> None:
    reference, digest = _reference(version), digest_path(version)
    if not reference.exists():
        pytest.skip(
            f"HubSpot's {version} spec is not beside the clone ({reference}): nothing to rebuild from"
        )
    raw = load(reference)
    assert digest.read_text(encoding="utf-8") == dumps(build(raw)), (
        f"spec/{digest.name} is stale: run "
        f"python -m contract_tests.digest {reference} --out spec/{digest.name}"
    )
    curated = load(CURATED)
    assert differences(curated, load_upstream(digest)) == differences(curated, raw), (
        "the digest must keep every fact the comparison reads"
    )


def _keys(node: Any, *, in_properties: bool = False) -> set[str]:
    """Every mapping key in ``node``, except field names (the keys of a ``properties`` map)."""
    if isinstance(node, list):
        return set().union(*(_keys(item) for item in node))
    if not isinstance(node, dict):
        return set()
    own = set() if in_properties else set(node)
    return own.union(*(_keys(v, in_properties=k == "properties") for k, v in node.items()))


@pytest.mark.parametrize("version", VERSIONS)
def test_the_digest_holds_facts_only_no_prose(version: str) -> None:
    keys = _keys(load(digest_path(version)))
    prose = keys & {"description", "summary", "example", "examples", "title", "externalDocs"}
    assert prose == set(), f"the digest must not carry HubSpot's prose: {sorted(prose)}"
    assert not [k for k in keys if k.startswith("x-") and k != "x-digest"]


@pytest.mark.parametrize("version", VERSIONS)
def test_the_digest_is_stable(version: str) -> None:
    """Rebuilding the committed digest changes nothing: sorted, formatted, idempotent."""
    path = digest_path(version)
    assert dumps(build(load(path))) == path.read_text(encoding="utf-8")


def test_what_moved_upstream_is_named_fact_by_fact() -> None:
    old = load(DIGEST)
    new = copy.deepcopy(old)
    schemas = new["components"]["schemas"]
    schemas["PublicList"]["properties"]["color"] = {"type": "string"}
    schemas["PublicList"]["required"].remove("name")
    search = new["paths"].pop("/marketing/v3/marketing-events/events/search")["get"]
    upsert = new["paths"]["/marketing/v3/marketing-events/events/upsert"]["post"]
    upsert["responses"]["207"] = upsert["responses"]["200"]
    assert moved(old, new) == [
        f"removed  operation {search['operationId']} (GET /marketing/v3/marketing-events/events/search)",
        f"added    operation {upsert['operationId']}: response 207 "
        "(application/json ref BatchResponseMarketingEventPublicDefaultResponse)",
        "added    schema PublicList: field color (optional string)",
        "changed  schema PublicList: field name: required string -> optional string",
    ]
    assert moved(old, old) == []


def test_a_change_on_hubspots_side_is_caught() -> None:
    """HubSpot requiring a new field, or fixing a deviation, shows against the curated spec."""
    digest = copy.deepcopy(load(DIGEST))
    schema = digest["components"]["schemas"]["MarketingEventEmailSubscriber"]
    schema["properties"]["locale"] = {"type": "string"}
    schema["required"].append("locale")
    del digest["paths"]["/marketing/v3/marketing-events/events/upsert"]["post"]["responses"][
        "default"
    ]
    found = differences(load(CURATED), digest)
    assert "schema EmailSubscriber: field locale: missing in curated" in found
    assert "operation upsert_events: response default: added in curated" in found
    assert (
        "operation upsert_events: response default: */* ref Error -> application/json ref Error"
        not in found
    )


# -- the deviations list ---------------------------------------------------------------------------


def _deviations(tmp_path: Path, entries: list[dict[str, Any]]) -> Path:
    path = tmp_path / "deviations.yaml"
    path.write_text(yaml.safe_dump({"deviations": entries}), encoding="utf-8")
    return path


def test_a_rule_expands_to_one_line_per_operation_or_schema(tmp_path: Path) -> None:
    curated = load(CURATED)
    entries: list[dict[str, Any]] = [
        {"id": "a", "operations": "all", "each": ["response 429: added in curated"]},
        {"id": "b", "rules": [{"schemas": ["PropertyValue"], "each": ["field x: y"]}]},
        {"id": "c", "differences": ["operation get_event: one-off"]},
    ]
    listed = load_deviations(_deviations(tmp_path, entries), curated)
    assert listed["operation get_event: response 429: added in curated"] == "a"
    assert listed["schema PropertyValue: field x: y"] == "b"
    assert listed["operation get_event: one-off"] == "c"
    operations = [
        op for item in curated["paths"].values() for op in item.values() if "operationId" in op
    ]
    assert len(listed) == len(operations) + 2


def test_a_deviation_marked_with_versions_holds_for_those_versions_only(tmp_path: Path) -> None:
    entries: list[dict[str, Any]] = [
        {"id": "everywhere", "differences": ["operation get_event: a"]},
        {"id": "newest", "versions": ["2026-09"], "differences": ["operation get_event: b"]},
        {
            "id": "per-rule",
            "rules": [
                {"schemas": ["PropertyValue"], "versions": ["v3", "2026-03"], "each": ["c"]},
                {"schemas": ["PropertyValue"], "each": ["d"]},
            ],
        },
    ]
    path = _deviations(tmp_path, entries)

    listed = {v: sorted(load_deviations(path, load(CURATED), v)) for v in VERSIONS}

    assert listed == {
        "v3": ["operation get_event: a", "schema PropertyValue: c", "schema PropertyValue: d"],
        "2026-03": ["operation get_event: a", "schema PropertyValue: c", "schema PropertyValue: d"],
        "2026-09": ["operation get_event: a", "operation get_event: b", "schema PropertyValue: d"],
    }


def test_a_date_version_is_matched_by_the_path_the_client_sends() -> None:
    """A date version's operations are found by method and versioned path: an operation HubSpot
    moved (or a prefix rule that no longer fits) shows as not found."""
    digest = copy.deepcopy(load(digest_path("2026-09")))
    paths = digest["paths"]
    paths["/marketing/marketing-events/2026-09/events/upsert-many"] = paths.pop(
        "/marketing/marketing-events/2026-09/events/upsert"
    )
    paths["/marketing/marketing-events/2026-09/"] = paths.pop("/marketing/marketing-events/2026-09")

    found = differences(load(CURATED), digest, "2026-09")

    assert (
        "operation upsert_events: upstream operation POST "
        "/marketing/marketing-events/2026-09/events/upsert not found"
    ) in found
    assert (
        "operation list_events: upstream operation GET /marketing/marketing-events/2026-09 not found"
    ) in found
    assert differences(load(CURATED), load(digest_path("2026-09")), "2026-09") == differences(
        load(CURATED), load(digest_path("2026-09"))
    ), "without version=, the digest's own info.version decides"


def test_a_spec_of_a_version_the_client_does_not_speak_is_refused() -> None:
    digest = copy.deepcopy(load(digest_path("2026-09")))
    digest["info"]["version"] = "2027-03"

    with pytest.raises(ValueError, match=r"API version '2027-03'.*_versions\.py"):
        differences(load(CURATED), digest)


@pytest.mark.parametrize(
    "entries",
    [
        [{"id": "typo", "operations": ["upsert_eventz"], "each": ["x"]}],
        [{"id": "typo", "schemas": ["NoSuchSchema"], "each": ["x"]}],
        [{"id": "both", "operations": "all", "schemas": ["PropertyValue"], "each": ["x"]}],
        [{"id": "a", "differences": ["same"]}, {"id": "b", "differences": ["same"]}],
        [{"id": "typo", "versions": ["2026-3"], "differences": ["x"]}],
        [{"id": "none", "versions": [], "differences": ["x"]}],
    ],
    ids=[
        "unknown operation",
        "unknown schema",
        "operations and schemas",
        "listed twice",
        "unknown version",
        "no version",
    ],
)
def test_a_malformed_deviations_list_is_refused(
    tmp_path: Path, entries: list[dict[str, Any]]
) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        load_deviations(_deviations(tmp_path, entries), load(CURATED))


# -- deliberate breaks -----------------------------------------------------------------------------


def _break(spec: dict[str, Any], breakage: str) -> dict[str, Any]:
    broken = copy.deepcopy(spec)
    schemas = broken["components"]["schemas"]
    if breakage == "renamed field":
        schemas["EmailSubscriber"]["properties"]["emailAddress"] = schemas["EmailSubscriber"][
            "properties"
        ].pop("email")
    elif breakage == "wrong required-ness":
        broken["components"]["parameters"]["ExternalAccountIdQueryRequired"]["required"] = False
    elif breakage == "wrong type":
        schemas["ContactSubscriber"]["properties"]["vid"] = {"type": "string"}
    elif breakage == "dropped response":
        del broken["paths"]["/marketing/v3/marketing-events/events/upsert"]["post"]["responses"][
            "200"
        ]
    return broken


@pytest.mark.parametrize(
    "breakage", ["renamed field", "wrong required-ness", "wrong type", "dropped response"]
)
def test_a_deliberate_break_of_the_curated_spec_is_caught(
    target: tuple[str, dict[str, Any]], breakage: str
) -> None:
    version, upstream = target
    listed = load_deviations(version=version)
    broken = _break(load(CURATED), breakage)
    unlisted = [line for line in differences(broken, upstream, version) if line not in listed]
    assert unlisted, f"a {breakage} in the curated spec must be reported as an unlisted difference"
