"""The package as installed: its version, its extras, and what each feature says without its extra.

The installed wheel itself is checked by ``make wheel-check`` (tests/wheel_smoke/check.py); these
run on the checkout and pin the pieces that check relies on.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hubspot_events
from hubspot_events._extras import CLI_MODULES, REDIS_MODULES, SANDBOX_MODULES
from hubspot_events.cli import MISSING_EXTRA_EXIT, main
from hubspot_events.cli._commands import app

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_version_has_one_source_read_by_the_metadata_the_module_and_the_cli() -> None:
    version_file = ROOT / "overrides" / "hubspot_events" / "_version.py"
    written = version_file.read_text(encoding="utf-8").split('__version__ = "', 1)[1].split('"')[0]
    dynamic = PROJECT["tool"]["setuptools"]["dynamic"]["version"]["attr"]

    result = CliRunner().invoke(app, ["--version"])

    assert dynamic == "hubspot_events._version.__version__"
    assert hubspot_events.__version__ == written
    assert importlib.metadata.version("hubspot-events") == written
    assert result.exit_code == 0
    assert result.stdout == f"hubspot-events {written}\n"


def test_version_is_public() -> None:
    assert "__version__" in hubspot_events.__all__


def test_console_script_without_the_cli_extra_names_it_in_one_line_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "typer", None)  # as if typer were not installed
    monkeypatch.setattr(sys, "argv", ["hubspot-events", "--version"])

    with pytest.raises(SystemExit) as exit_:
        main()

    said = capsys.readouterr()
    assert exit_.value.code == MISSING_EXTRA_EXIT == 2
    assert said.out == ""
    assert said.err.count("\n") == 1, "one line"
    assert "needs the [cli] extra (missing: typer)" in said.err
    assert 'pip install "hubspot-events[cli]"' in said.err
    assert 'pipx install "hubspot-events[cli]"' in said.err


def test_the_fake_without_the_sandbox_extra_names_it() -> None:
    probe = "import sys; sys.modules['starlette'] = None; import hubspot_events.testing"

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)

    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("ModuleNotFoundError: hubspot_events.testing (the fake HubSpot) needs")
    assert '[sandbox] extra (missing: starlette): pip install "hubspot-events[sandbox]"' in last


def test_the_core_needs_no_extra_and_the_extras_hold_what_their_modules_import() -> None:
    core = {req.split(">")[0].split("=")[0] for req in PROJECT["project"]["dependencies"]}
    extras = PROJECT["project"]["optional-dependencies"]
    names = {key: {req.split(">")[0].split("=")[0] for req in extras[key]} for key in extras}

    assert core == {"httpx", "attrs", "jsonschema", "sniffio", "orjson"}
    assert names["cli"] == set(CLI_MODULES)
    assert names["sandbox"] == set(SANDBOX_MODULES)
    assert names["sandbox"] <= names["cli"], "every command, sandbox included, runs with [cli]"
    assert names["redis"] == set(REDIS_MODULES)
    assert names["redis"] <= names["cli"], "--redis runs with [cli]"


def test_importing_and_using_the_client_loads_no_extra() -> None:
    probe = (
        "import sys, hubspot_events; hubspot_events.HubSpotEvents(access_token='t').close();"
        "print(sorted({'typer', 'starlette', 'uvicorn'} & set(sys.modules)))"
    )

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)

    assert done.stdout.strip() == "[]"
