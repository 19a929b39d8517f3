"""The README's Python examples run as written (against the fake HubSpot instead of HubSpot)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from hubspot_events.testing import FakeHubSpot

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def _without_client_import(code: str) -> str:
    return code.replace("from hubspot_events import HubSpotEvents\n", "")


def test_readme_has_the_quickstart_and_the_fake_examples() -> None:
    assert len(BLOCKS) >= 2


def test_quickstart_runs_against_the_fake(capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeHubSpot(rate_limit=None)
    namespace: dict[str, Any] = {"HubSpotEvents": lambda **options: fake.client(**options)}

    exec(compile(_without_client_import(BLOCKS[0]), "README quickstart", "exec"), namespace)

    printed = capsys.readouterr().out
    assert "2 succeeded, 0 failed in 1 requests (status COMPLETE)" in printed
    assert fake.state.participation("zoom-42", "w-1", "ada@example.com") == "REGISTERED"
    assert fake.state.participation("zoom-42", "w-1", "bob@example.com") == "CANCELLED"
    assert "Launch webinar" in printed


def test_fake_example_runs() -> None:
    code = BLOCKS[1].split("with running_server")[0]
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
