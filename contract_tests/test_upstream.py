"""The curated spec agrees with HubSpot's published spec, except for the listed deviations.

``make upstream-check UPSTREAM=path/to/newer.json`` runs this against another copy of HubSpot's
spec (set through UPSTREAM_SPEC); there, a listed deviation that no longer occurs is reported but
does not fail, since HubSpot may have fixed its side.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

from contract_tests.upstream import CURATED, UPSTREAM, differences, load, load_deviations

UPSTREAM_PATH = Path(os.environ.get("UPSTREAM_SPEC", UPSTREAM))
PINNED = "UPSTREAM_SPEC" not in os.environ


@pytest.fixture(scope="module")
def upstream() -> dict:
    if not UPSTREAM_PATH.exists():
        pytest.fail(
            f"HubSpot's spec not found at {UPSTREAM_PATH}: set UPSTREAM_SPEC or check ../shared"
        )
    return load(UPSTREAM_PATH)


def test_every_difference_from_hubspot_is_a_listed_deviation(upstream: dict) -> None:
    listed = load_deviations()
    unlisted = [line for line in differences(load(CURATED), upstream) if line not in listed]
    assert unlisted == [], "add these to spec/deviations.yaml with a reason, or fix the spec"


def test_no_listed_deviation_is_stale(upstream: dict) -> None:
    found = set(differences(load(CURATED), upstream))
    stale = [line for line in load_deviations() if line not in found]
    if not PINNED and stale:
        pytest.skip(f"{len(stale)} listed deviations no longer occur upstream: {stale}")
    assert stale == [], "remove these from spec/deviations.yaml: the spec no longer differs there"


def _break(spec: dict, breakage: str) -> dict:
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
def test_a_deliberate_break_of_the_curated_spec_is_caught(upstream: dict, breakage: str) -> None:
    listed = load_deviations()
    broken = _break(load(CURATED), breakage)
    unlisted = [line for line in differences(broken, upstream) if line not in listed]
    assert unlisted, f"a {breakage} in the curated spec must be reported as an unlisted difference"
