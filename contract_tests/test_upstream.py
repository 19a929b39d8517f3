"""The curated spec agrees with HubSpot's published spec, except for the listed deviations.

HubSpot's side is the committed digest ``spec/upstream-digest.json``, so every test here runs on a
bare clone, except one: that the committed digest is exactly what ``contract_tests/digest.py`` makes
of the shared copy of HubSpot's spec (``../shared/upstream/…-v3.json``, or UPSTREAM_REFERENCE),
skipped when that file is not there.

``make upstream-check UPSTREAM=path/to/newer.json`` runs this against another copy of HubSpot's
spec (set through UPSTREAM_SPEC, a full spec or a digest); there, a listed deviation that no longer
occurs is reported but does not fail, since HubSpot may have fixed its side.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests.digest import build, dumps, moved
from contract_tests.upstream import (
    CURATED,
    DIGEST,
    UPSTREAM,
    differences,
    load,
    load_deviations,
    load_upstream,
)

UPSTREAM_PATH = Path(os.environ.get("UPSTREAM_SPEC", DIGEST))
PINNED = "UPSTREAM_SPEC" not in os.environ
REFERENCE = Path(os.environ.get("UPSTREAM_REFERENCE", UPSTREAM))


@pytest.fixture(scope="module")
def upstream() -> dict[str, Any]:
    if not UPSTREAM_PATH.exists():
        pytest.fail(f"HubSpot's spec (or its digest) not found at {UPSTREAM_PATH}")
    return load_upstream(UPSTREAM_PATH)


def test_every_difference_from_hubspot_is_a_listed_deviation(upstream: dict[str, Any]) -> None:
    listed = load_deviations()
    unlisted = [line for line in differences(load(CURATED), upstream) if line not in listed]
    assert not unlisted, "add these to spec/deviations.yaml with a reason, or fix the spec:\n" + (
        "\n".join(unlisted)
    )


def test_no_listed_deviation_is_stale(upstream: dict[str, Any]) -> None:
    found = set(differences(load(CURATED), upstream))
    stale = [line for line in load_deviations() if line not in found]
    if not PINNED and stale:
        pytest.skip(f"{len(stale)} listed deviations no longer occur upstream: {stale}")
    assert not stale, (
        "remove these from spec/deviations.yaml: the spec no longer differs there:\n"
        + ("\n".join(stale))
    )


# -- the committed digest ----------------------------------------------------------------------------


def test_the_committed_digest_is_what_the_script_makes_of_hubspots_spec() -> None:
    if not REFERENCE.exists():
        pytest.skip(
            f"HubSpot's spec is not beside the clone ({REFERENCE}): nothing to rebuild from"
        )
    raw = load(REFERENCE)
    assert DIGEST.read_text(encoding="utf-8") == dumps(build(raw)), (
        "spec/upstream-digest.json is stale: run "
        f"python -m contract_tests.digest {REFERENCE} --out spec/upstream-digest.json"
    )
    curated = load(CURATED)
    assert differences(curated, load_upstream(DIGEST)) == differences(curated, raw), (
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


def test_the_digest_holds_facts_only_no_prose() -> None:
    keys = _keys(load(DIGEST))
    prose = keys & {"description", "summary", "example", "examples", "title", "externalDocs"}
    assert prose == set(), f"the digest must not carry HubSpot's prose: {sorted(prose)}"
    assert not [k for k in keys if k.startswith("x-") and k != "x-digest"]


def test_the_digest_is_stable() -> None:
    """Rebuilding the committed digest changes nothing: sorted, formatted, idempotent."""
    digest = load(DIGEST)
    assert dumps(build(digest)) == DIGEST.read_text(encoding="utf-8")


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


@pytest.mark.parametrize(
    "entries",
    [
        [{"id": "typo", "operations": ["upsert_eventz"], "each": ["x"]}],
        [{"id": "typo", "schemas": ["NoSuchSchema"], "each": ["x"]}],
        [{"id": "both", "operations": "all", "schemas": ["PropertyValue"], "each": ["x"]}],
        [{"id": "a", "differences": ["same"]}, {"id": "b", "differences": ["same"]}],
    ],
    ids=["unknown operation", "unknown schema", "operations and schemas", "listed twice"],
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
    upstream: dict[str, Any], breakage: str
) -> None:
    listed = load_deviations()
    broken = _break(load(CURATED), breakage)
    unlisted = [line for line in differences(broken, upstream) if line not in listed]
    assert unlisted, f"a {breakage} in the curated spec must be reported as an unlisted difference"
