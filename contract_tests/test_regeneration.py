"""Regeneration is safe: a spec change flows from the YAML to the wire, checked end to end.

A temporary copy of the curated spec gets a new optional field, ``eventTimezone``, on the event
input and on the event HubSpot answers with. ``spec/generate.py`` regenerates the package from it
into a temporary directory (once per session: it takes seconds), and everything after runs in
subprocesses with that package first on ``PYTHONPATH``:

* the new field is a typed attribute of the regenerated models and serializes both ways;
* the regenerated request builder puts it on the wire, valid against the changed spec;
* the response suite passes unchanged against the changed spec and package;
* the request suite (the public client) for event upsert passes too: the hand-written input
  validation reads the field names from the regenerated package's openapi.json and passes
  through the fields it has no rule for.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from contract_tests._spec import ROOT, load_document

NEW_FIELD = {"type": "string", "description": "IANA time zone of the event (regeneration test)."}


@pytest.fixture(scope="session")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(changed spec, directory holding the regenerated ``hubspot_events_generated``)."""
    tmp = tmp_path_factory.mktemp("regenerated")
    document = load_document(ROOT / "spec" / "marketing-events.yaml")
    schemas = document["components"]["schemas"]
    schemas["EventInput"]["properties"]["eventTimezone"] = dict(NEW_FIELD)
    schemas["Event"]["properties"]["eventTimezone"] = dict(NEW_FIELD)
    spec = tmp / "marketing-events.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    package_dir = tmp / "pkg"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "spec" / "generate.py"),
            "--spec",
            str(spec),
            "--out",
            str(package_dir / "hubspot_events_generated"),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    return spec, package_dir


def _env(spec: Path, package_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(package_dir), str(ROOT)])
    env["CONTRACT_SPEC"] = str(spec)
    env.update(extra)
    return env


def _run_python(code: str, spec: Path, package_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), str(package_dir)],
        env=_env(spec, package_dir),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_the_new_field_serializes_and_reaches_the_wire(regenerated: tuple[Path, Path]) -> None:
    spec, package_dir = regenerated
    done = _run_python(
        """
        import json, sys, httpx
        import hubspot_events_generated as g
        from hubspot_events_generated.api.events import upsert_events
        from hubspot_events_generated.models import Event, EventInput, EventInputBatch
        from contract_tests._spec import Spec, SPEC_PATH

        assert g.__file__.startswith(sys.argv[1]), g.__file__  # the regenerated one, not ours
        data = {
            "externalAccountId": "a", "externalEventId": "e", "eventName": "n",
            "eventOrganizer": "o", "customProperties": [], "eventTimezone": "Europe/Berlin",
        }
        event = EventInput.from_dict(data)
        assert event.event_timezone == "Europe/Berlin"
        assert "eventTimezone" not in event.additional_properties  # a typed field now
        assert event.to_dict() == data
        kwargs = upsert_events._get_kwargs(body=EventInputBatch(inputs=[event]))
        request = httpx.Request("POST", "https://api.hubapi.com" + kwargs["url"],
                                json=kwargs["json"], headers={"Authorization": "Bearer t"})
        assert json.loads(request.content)["inputs"][0]["eventTimezone"] == "Europe/Berlin"
        assert Spec.load(SPEC_PATH).validate_request(request) == []
        answered = Event.from_dict({
            "id": "1", "eventName": "n", "eventOrganizer": "o", "customProperties": [],
            "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z",
            "eventTimezone": "Europe/Berlin",
        })
        assert answered.event_timezone == "Europe/Berlin"
        assert answered.to_dict()["eventTimezone"] == "Europe/Berlin"
        print("ok")
        """,
        spec,
        package_dir,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("ok")


@pytest.fixture(scope="session")
def suites_on_regenerated(regenerated: tuple[Path, Path]) -> dict[str, str]:
    """The response and request suites for event upsert, run once on the regenerated package.

    Returns each test id's outcome ("PASSED" / "FAILED") plus the whole output under "output".
    """
    spec, package_dir = regenerated
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-rA",
            "contract_tests/test_responses.py",
            "contract_tests/test_requests.py",
            "-k",
            "upsert_events",
        ],
        env=_env(spec, package_dir, CONTRACT_MAX_EXAMPLES="5", CONTRACT_NO_SHRINK="1"),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    outcomes = {
        test_id: outcome
        for outcome, test_id in re.findall(r"^(PASSED|FAILED|ERROR) (\S+)", done.stdout, re.M)
    }
    return {**outcomes, "output": done.stdout[-8000:] + done.stderr[-2000:]}


def _outcomes(results: dict[str, str], module: str) -> dict[str, str]:
    return {k: v for k, v in results.items() if k.startswith(f"contract_tests/{module}::")}


def test_the_response_checks_pass_against_the_regenerated_package(
    suites_on_regenerated: dict[str, str],
) -> None:
    outcomes = _outcomes(suites_on_regenerated, "test_responses.py")
    assert outcomes, suites_on_regenerated["output"]
    assert set(outcomes.values()) == {"PASSED"}, suites_on_regenerated["output"]


def test_the_request_checks_pass_against_the_regenerated_package(
    suites_on_regenerated: dict[str, str],
) -> None:
    outcomes = _outcomes(suites_on_regenerated, "test_requests.py")
    output = suites_on_regenerated["output"]
    assert outcomes, output
    failed = [k for k, v in outcomes.items() if v != "PASSED"]
    hint = ""
    if "eventTimezone" in output and "refused" in output:
        hint = (
            "the public client refused the field the spec gained: its input validation must "
            "take field names from the spec (hubspot_events/_inputs.py)\n"
        )
    assert failed == [], hint + output
