"""``events delete`` and ``events update``: bulk runs over real HTTP against the fake on loopback."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from hubspot_events.cli._commands import app
from hubspot_events.testing import FakeHubSpot, Faults, running_server

ACCOUNT = "acct"
runner = CliRunner()


@pytest.fixture
def sandbox() -> Iterator[tuple[FakeHubSpot, str]]:
    """A fake of its own per test: the fake logs a request after answering it, so a shared
    one, reset between tests, may still log the previous test's last request after the reset."""
    fake = FakeHubSpot(rate_limit=None)
    with running_server(fake) as url:
        yield fake, url


def run(url: str, *args: str, **env: str) -> Result:
    environment = {"HUBSPOT_ACCESS_TOKEN": "test-token", "HUBSPOT_BASE_URL": url, **env}
    return runner.invoke(app, list(args), env=environment, catch_exceptions=False)


def write(path: Path, header: list[str], *rows: list[str]) -> Path:
    """A CSV file, or (for a .jsonl path) one JSON object per row with the header's keys."""
    if path.suffix == ".jsonl":
        lines = (json.dumps(dict(zip(header, row, strict=True))) + "\n" for row in rows)
        path.write_text("".join(lines), encoding="utf-8")
        return path
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def summary(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def counts(result: Result) -> tuple[int, int, int]:
    data = summary(result)
    return data["succeeded"], data["failed"], data["requests"]


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def event_ids(fake: FakeHubSpot) -> list[str]:
    return sorted(e.external_event_id for e in fake.state.events.values())


def seed(fake: FakeHubSpot, *names: str) -> dict[str, str]:
    """Events by external id; returns their object ids."""
    return {name: fake.add_event(ACCOUNT, name).object_id for name in names}


# -- events delete -------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_delete_by_object_id(sandbox: tuple[FakeHubSpot, str], tmp_path: Path, suffix: str) -> None:
    fake, url = sandbox
    ids = seed(fake, "w-1", "w-2", "w-3")
    path = write(tmp_path / f"delete{suffix}", ["objectId"], [ids["w-1"]], [ids["w-3"]])
    result = run(url, "events", "delete", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    assert counts(result) == (2, 0, 1)
    assert event_ids(fake) == ["w-2"]


def test_delete_by_external_id_failed_rows_run_again(
    sandbox: tuple[FakeHubSpot, str], tmp_path: Path
) -> None:
    fake, url = sandbox
    seed(fake, "w-1", "w-2")
    path = write(
        tmp_path / "delete.csv", ["externalEventId", "externalAccountId"],
        ["w-1", ""], ["w-9", ""], ["w-2", "other-account"],
    )  # fmt: skip
    failed = tmp_path / "failed.csv"
    args = ["--account-id", ACCOUNT, "--app-id", str(fake.app_id), "--failed-out", str(failed)]
    result = run(url, "events", "delete", str(path), *args, "--json")
    assert result.exit_code == 1, result.stderr
    assert counts(result) == (1, 2, 1)
    assert event_ids(fake) == ["w-2"]
    rows = read_rows(failed)
    assert [(r["externalEventId"], r["externalAccountId"]) for r in rows] == [
        ("w-9", ""), ("w-2", "other-account"),
    ]  # fmt: skip
    assert all(r["error"].startswith("OBJECT_NOT_FOUND") and r["correlationId"] for r in rows)
    assert "line 3" in result.stderr

    fake.add_event(ACCOUNT, "w-9")
    fake.add_event("other-account", "w-2")
    again = run(url, "events", "delete", str(failed), *args[:4], "--json")
    assert again.exit_code == 0, again.stderr
    assert counts(again) == (2, 0, 1)
    assert "ignoring columns" in again.stderr
    assert event_ids(fake) == ["w-2"]  # the one of ACCOUNT is left: it was not in the file


def test_delete_takes_the_app_id_from_the_environment(
    sandbox: tuple[FakeHubSpot, str], tmp_path: Path
) -> None:
    fake, url = sandbox
    seed(fake, "w-1")
    path = write(tmp_path / "d.jsonl", ["externalEventId", "externalAccountId"], ["w-1", ACCOUNT])
    result = run(url, "events", "delete", str(path), HUBSPOT_APP_ID=str(fake.app_id))
    assert result.exit_code == 0, result.stderr
    assert event_ids(fake) == []


def test_delete_dry_run_sends_nothing(sandbox: tuple[FakeHubSpot, str], tmp_path: Path) -> None:
    fake, url = sandbox
    path = write(tmp_path / "d.csv", ["objectId"], ["123"], [""], ["456"])
    failed = tmp_path / "failed.csv"
    result = run(
        url, "events", "delete", str(path), "--dry-run", "--json", "--failed-out", str(failed)
    )
    assert result.exit_code == 1
    assert summary(result)["dry_run"] is True
    assert counts(result) == (2, 1, 0)
    assert [r["objectId"] for r in read_rows(failed)] == [""]
    assert fake.requests == []


@pytest.mark.parametrize(
    ("header", "args", "message"),
    [
        (["objectId", "externalEventId"], [], "both objectId and externalEventId"),
        (["eventName", "id"], [], "its columns are: eventName, id"),
        (["externalEventId", "externalAccountId"], [], "needs --app-id"),
        (["externalEventId"], ["--app-id", "7"], "missing required column: externalAccountId"),
        (["objectId"], ["--account-id", ACCOUNT], "--account-id goes with externalEventId"),
    ],
)
def test_delete_columns_that_cannot_work_are_a_usage_error(
    sandbox: tuple[FakeHubSpot, str],
    tmp_path: Path,
    header: list[str],
    args: list[str],
    message: str,
) -> None:
    fake, url = sandbox
    path = write(tmp_path / "d.csv", header, ["1"] * len(header))
    result = run(url, "events", "delete", str(path), *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert fake.requests == []


def test_delete_jsonl_bad_lines_and_rows_of_the_other_kind_fail_alone(
    sandbox: tuple[FakeHubSpot, str], tmp_path: Path
) -> None:
    fake, url = sandbox
    ids = seed(fake, "w-1")
    path = tmp_path / "d.jsonl"
    lines = [
        "not json",
        json.dumps({"objectId": ids["w-1"]}),
        json.dumps({"externalEventId": "w-2"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(url, "events", "delete", str(path), "--json")
    assert result.exit_code == 1
    assert counts(result) == (1, 2, 1)  # the first object decides: by objectId
    assert "line 1" in result.stderr
    assert "line 3" in result.stderr
    assert event_ids(fake) == []


# -- events update -------------------------------------------------------------------------------


def test_update_changes_only_the_given_cells(
    sandbox: tuple[FakeHubSpot, str], tmp_path: Path
) -> None:
    fake, url = sandbox
    ids = seed(fake, "w-1", "w-2")
    fake.add_event(ACCOUNT, "w-2", event_organizer="Keep", custom_properties={"room": "A"})
    path = write(
        tmp_path / "update.csv",
        ["objectId", "eventName", "eventOrganizer", "startDateTime", "eventCancelled",
         "customProperties.room"],
        [ids["w-1"], "Renamed", "", "2026-09-15T16:00:00+02:00", "true", ""],
        [ids["w-2"], "", "", "", "", "B"],
    )  # fmt: skip
    result = run(url, "events", "update", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    assert counts(result) == (2, 0, 1)
    one = fake.state.event(ACCOUNT, "w-1")
    two = fake.state.event(ACCOUNT, "w-2")
    assert one is not None
    assert two is not None
    assert (one.event_name, one.event_cancelled) == ("Renamed", True)
    assert one.event_organizer == "Fake Organizer"
    assert one.start_date_time == datetime(2026, 9, 15, 14, tzinfo=UTC)
    assert (two.event_name, two.event_organizer) == ("Event w-2", "Keep")
    assert two.custom_properties == {"room": "B"}


def test_update_jsonl(sandbox: tuple[FakeHubSpot, str], tmp_path: Path) -> None:
    fake, url = sandbox
    ids = seed(fake, "w-1")
    path = tmp_path / "update.jsonl"
    item = {
        "objectId": ids["w-1"],
        "eventName": "New",
        "customProperties": [{"name": "r", "value": "1"}],
    }
    path.write_text(json.dumps(item) + "\n", encoding="utf-8")
    result = run(url, "events", "update", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    event = fake.state.event(ACCOUNT, "w-1")
    assert event is not None
    assert (event.event_name, event.custom_properties) == ("New", {"r": "1"})


def test_update_failures_go_to_the_failed_file_which_runs_again(
    sandbox: tuple[FakeHubSpot, str], tmp_path: Path
) -> None:
    fake, url = sandbox
    ids = seed(fake, "w-1", "w-2")
    path = write(
        tmp_path / "update.csv", ["objectId", "eventName", "startDateTime"],
        [ids["w-1"], "One", ""],        # line 2: its request fails (503, no retries)
        ["99999999", "Ghost", ""],      # line 3: no such event (per-item error)
        [ids["w-2"], "", "tomorrow"],   # line 4: not a date (never sent)
        [ids["w-2"], "", ""],           # line 5: nothing to change (never sent)
    )  # fmt: skip
    failed = tmp_path / "failed.csv"
    fake.faults = Faults(sequence=[503])
    result = run(
        url, "events", "update", str(path), "--failed-out", str(failed), "--json",
        "--batch-size", "1", "--max-retries", "0", "--concurrency", "1",
    )  # fmt: skip
    assert result.exit_code == 1, result.stderr
    assert counts(result) == (0, 4, 2)
    rows = read_rows(failed)
    assert [r["eventName"] for r in rows] == ["One", "Ghost", "", ""]
    errors = [r["error"].split(":")[0] for r in rows]
    assert errors[2:] == ["INVALID_INPUT", "INVALID_INPUT"]
    assert rows[1]["correlationId"]
    assert "startDateTime" in rows[2]["error"]

    again = run(url, "events", "update", str(failed), "--json")
    assert again.exit_code == 1
    assert counts(again)[:2] == (1, 3)  # line 2 is through now; the others still cannot be
    event = fake.state.event(ACCOUNT, "w-1")
    assert event is not None
    assert event.event_name == "One"


def test_update_dry_run_finds_the_rows_a_real_run_would_reject(
    sandbox: tuple[FakeHubSpot, str], tmp_path: Path
) -> None:
    fake, url = sandbox
    path = write(
        tmp_path / "u.csv", ["objectId", "eventName", "eventCancelled"],
        ["1", "A", "maybe"], ["", "B", ""], ["3", "C", "false"],
    )  # fmt: skip
    result = run(url, "events", "update", str(path), "--dry-run", "--json")
    assert result.exit_code == 1
    assert counts(result) == (1, 2, 0)
    assert "eventCancelled" in result.stderr
    assert fake.requests == []


def test_update_needs_an_object_id_column(sandbox: tuple[FakeHubSpot, str], tmp_path: Path) -> None:
    fake, url = sandbox
    path = write(tmp_path / "u.csv", ["externalEventId", "eventName"], ["w-1", "A"])
    result = run(url, "events", "update", str(path))
    assert result.exit_code == 2
    assert "missing required column: objectId" in result.stderr
    assert fake.requests == []
