"""The README's Python examples run as written (against the fake HubSpot instead of HubSpot)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from hubspot_events.testing import FakeHubSpot

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def _without_client_import(code: str) -> str:
    return code.replace("from hubspot_events import HubSpotEvents\n", "")


QUICKSTART = BLOCKS[0]
EVERY_AREA = next(block for block in BLOCKS if block.startswith("# every area"))
FAKE_EXAMPLE = next(block for block in BLOCKS if "running_server" in block)


def test_quickstart_runs_against_the_fake(capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeHubSpot(rate_limit=None)
    namespace: dict[str, Any] = {"HubSpotEvents": lambda **options: fake.client(**options)}

    exec(compile(_without_client_import(QUICKSTART), "README quickstart", "exec"), namespace)

    printed = capsys.readouterr().out
    assert "2 succeeded, 0 failed in 1 requests (status COMPLETE)" in printed
    assert fake.state.participation("zoom-42", "w-1", "ada@example.com") == "REGISTERED"
    assert fake.state.participation("zoom-42", "w-1", "bob@example.com") == "CANCELLED"
    assert "Launch webinar" in printed


def test_every_area_example_runs_against_the_fake(capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeHubSpot(rate_limit=None, app_id=1234)
    vid = fake.add_contact("ada@example.com")
    fake.add_list("77", name="Attendees")
    namespace: dict[str, Any] = {
        "HubSpotEvents": lambda **options: fake.client(developer_api_key="dev-key", **options)
    }
    code = _without_client_import(EVERY_AREA).replace("[51]", f"[{vid}]")

    exec(compile(code, "README every area", "exec"), namespace)

    printed = capsys.readouterr().out
    assert "['w-2']" in printed
    assert "Office hours (recorded) ATTENDED" in printed
    assert "['Attendees']" in printed
    assert fake.state.all_events() == []


def test_the_operations_table_names_every_spec_operation_once() -> None:
    import yaml

    spec = yaml.safe_load((ROOT / "spec" / "marketing-events.yaml").read_text(encoding="utf-8"))
    in_spec = sorted(
        f"{method.upper()} {path.replace('/marketing/v3/marketing-events', '…')}"
        for path, item in spec["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    )
    section = README.split("## Every operation", 1)[1].split("\n## ", 1)[0]
    in_readme = sorted(re.findall(r"^\| `([A-Z]+ [^`]+)` \|", section, re.M))
    assert in_readme == in_spec
    assert len(in_readme) == 36


def test_fake_example_runs() -> None:
    code = FAKE_EXAMPLE.split("with running_server")[0]
    exec(compile(code, "README fake example", "exec"), {})


def test_every_guarantee_names_a_test_that_exists() -> None:
    section = README.split("## Guarantees", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(test_\w+)`", section))
    root = Path(__file__).resolve().parent.parent
    defined = {
        name
        for folder in ("tests", "contract_tests")
        for path in (root / folder).glob("test_*.py")
        for name in re.findall(
            r"^(?:async )?def (test_\w+)", path.read_text(encoding="utf-8"), re.M
        )
    }
    assert len(named) >= 12
    assert named - defined == set(), "the README's Guarantees name tests that do not exist"
