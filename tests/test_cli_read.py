"""The read commands (tables and JSON), their errors, the sandbox command and the entry points."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner, Result

from hubspot_events.cli._commands import app
from hubspot_events.testing import FakeHubSpot, running_server

ACCOUNT = "acct"
runner = CliRunner()


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[FakeHubSpot, str]]:
    fake = FakeHubSpot(rate_limit=None, token="read-token")
    fake.add_event(ACCOUNT, "w-1", event_name="Webinar One", start_date_time="2026-09-15T16:00:00Z")
    fake.add_event(ACCOUNT, "w-2", event_name="Webinar Two")
    with fake.client(access_token="read-token") as client:
        client.attendance.record_by_email(
            "register",
            [{"email": "ada@example.com", "contactProperties": {"firstname": "Ada", "lastname": "L"}},
             "bob@example.com", "cy@example.com"],
            external_event_id="w-1", external_account_id=ACCOUNT,
        )  # fmt: skip
        client.attendance.record_by_email(
            "attend", ["ada@example.com"], external_event_id="w-1", external_account_id=ACCOUNT
        )
    with running_server(fake) as url:
        yield fake, url


def cli(url: str, *args: str, token: str = "read-token") -> Result:
    env = {"HUBSPOT_ACCESS_TOKEN": token, "HUBSPOT_BASE_URL": url}
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def test_counters_json_and_table(server: tuple[FakeHubSpot, str]) -> None:
    _, url = server
    result = cli(url, "participations", "counters", "w-1", "--account-id", ACCOUNT, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "registered": 2,
        "attended": 1,
        "cancelled": 0,
        "noShows": 0,
    }
    table = cli(url, "participations", "counters", "w-1", "--account-id", ACCOUNT)
    assert table.exit_code == 0
    assert "registered" in table.stdout
    assert table.stdout.split()[-4:] == ["2", "1", "0", "0"]


def test_events_list_and_get(server: tuple[FakeHubSpot, str]) -> None:
    _, url = server
    listed = cli(url, "events", "list", "--json")
    assert [e["externalEventId"] for e in json.loads(listed.stdout)] == ["w-1", "w-2"]
    table = cli(url, "events", "list")
    assert "Webinar One" in table.stdout
    assert "2026-09-15 16:00Z" in table.stdout
    assert "Events: 2" in table.stderr
    got = cli(url, "events", "get", "w-1", "--account-id", ACCOUNT)
    assert got.exit_code == 0
    assert "Webinar One" in got.stdout


def test_breakdown_all_and_by_state(server: tuple[FakeHubSpot, str]) -> None:
    _, url = server
    everyone = json.loads(
        cli(url, "participations", "breakdown", "w-1", "--account-id", ACCOUNT, "--json").stdout
    )
    assert sorted(p["associations"]["contact"]["email"] for p in everyone) == [
        "ada@example.com", "bob@example.com", "cy@example.com",
    ]  # fmt: skip
    attended = cli(
        url, "participations", "breakdown", "w-1", "--account-id", ACCOUNT, "--state", "attended"
    )
    assert attended.exit_code == 0
    assert "ada@example.com" in attended.stdout
    assert "Ada L" in attended.stdout
    assert "bob@example.com" not in attended.stdout


def test_empty_list_is_valid_json(server: tuple[FakeHubSpot, str]) -> None:
    _, url = server
    result = cli(url, "participations", "breakdown", "w-2", "--account-id", ACCOUNT, "--json")
    assert json.loads(result.stdout) == []


def test_unknown_event_is_exit_1(server: tuple[FakeHubSpot, str]) -> None:
    _, url = server
    result = cli(url, "events", "get", "nope", "--account-id", ACCOUNT)
    assert result.exit_code == 1
    assert "not found" in result.stderr
    assert "OBJECT_NOT_FOUND" in result.stderr


def test_rejected_token_is_exit_2(server: tuple[FakeHubSpot, str]) -> None:
    _, url = server
    result = cli(url, "events", "list", token="not-the-token")
    assert result.exit_code == 2
    assert "401" in result.stderr
    assert "not-the-token" not in result.stderr


def test_read_commands_refuse_plain_http_too() -> None:
    result = cli("http://hubspot.example.com", "events", "list")
    assert result.exit_code == 2
    assert "refusing plain http" in result.stderr


def test_sandbox_rejects_a_bad_rate_limit_before_listening() -> None:
    result = runner.invoke(app, ["sandbox", "--port", "0", "--rate-limit", "lots"])
    assert result.exit_code == 2
    assert "rate limit" in result.stderr


def test_module_entry_point_and_lazy_imports() -> None:
    help_text = subprocess.run(
        [sys.executable, "-m", "hubspot_events.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "attendance" in help_text
    assert "sandbox" in help_text
    # (rich is not checked: httpx itself imports it, for its own command line, when installed)
    probe = "import sys, hubspot_events, hubspot_events.cli; print('typer' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "False"  # typer loads only when the CLI runs
