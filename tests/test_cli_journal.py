"""The job journal and ``--resume``, and the bulk CLI's defects found in review (issue 12).

The real CLI in-process (``CliRunner``) over real HTTP against the fake HubSpot on loopback.
The subprocess kill campaign is in ``test_cli_kill.py``.
"""

from __future__ import annotations

import asyncio
import csv
import json
import signal
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from hubspot_events.cli import _bulk
from hubspot_events.cli._commands import app
from hubspot_events.cli._journal import Journal
from hubspot_events.cli._run import send_all
from hubspot_events.testing import FakeHubSpot, running_server

ACCOUNT = "acct"
EVENT = "w-1"
runner = CliRunner()
HEADER = ["email", "interactionDateTime"]


@pytest.fixture
def fake(shared: tuple[FakeHubSpot, str]) -> FakeHubSpot:
    shared[0].reset()
    shared[0].add_event(ACCOUNT, EVENT)
    return shared[0]


@pytest.fixture
def url(shared: tuple[FakeHubSpot, str], fake: FakeHubSpot) -> str:
    return shared[1]


def cli(url: str, *args: str) -> Result:
    env = {"HUBSPOT_ACCESS_TOKEN": "test-token", "HUBSPOT_BASE_URL": url, "COLUMNS": "300"}
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def record(url: str, path: Path, *extra: str, state: str = "register") -> Result:
    return cli(url, "attendance", "record", str(path), "--state", state, "--event-id", EVENT,
               "--account-id", ACCOUNT, "--json", *extra)  # fmt: skip


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def emails(n: int, *, bad_every: int = 0) -> list[list[str]]:
    return [
        [f"bad{i}" if bad_every and i % bad_every == 0 else f"u{i}@example.com",
         str(1_717_236_000_000 + i)]
        for i in range(n)
    ]  # fmt: skip


def summary(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def registered(fake: FakeHubSpot) -> int:
    return sum(1 for c in fake.state.contacts if fake.state.participation(ACCOUNT, EVENT, c))


def interrupt_at(
    monkeypatch: pytest.MonkeyPatch, call: int, signum: int, *, swallow: bool = False
) -> None:
    """Send ``signum`` to this process from the ``call``-th request, as a user or ``kill`` would.

    ``swallow``: the request then finishes even though it was cancelled, as a layer below
    (httpx, anyio) may do; the run must stop all the same.
    """
    real = send_all

    async def patched(source: Any, send: Any, settle: Any, **kwargs: Any) -> None:
        calls = 0

        async def send_then_signal(inputs: list[dict[str, Any]]) -> Any:
            nonlocal calls
            calls += 1
            if calls == call:
                signal.raise_signal(signum)
                if swallow:
                    try:
                        return await send(inputs)
                    except asyncio.CancelledError:
                        return await send(inputs)
            return await send(inputs)

        await real(source, send_then_signal, settle, **kwargs)

    monkeypatch.setattr(_bulk, "send_all", patched)


# -- A. the journal ------------------------------------------------------------------------------


def test_a_run_keeps_a_journal_of_ranges_and_failed_lines_beside_its_failed_rows_file(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "reg.csv", HEADER, emails(250, bad_every=50))
    failed = tmp_path / "failed.csv"
    result = record(url, path, "--failed-out", str(failed), "--batch-size", "100")
    assert result.exit_code == 1, result.stderr
    journal = Journal(str(failed) + ".journal")
    job = journal.read()
    assert job is not None
    assert job.finished
    assert (job.succeeded, job.failed, job.resume_line) == (245, 5, 252)
    assert job.command["options"]["state"] == "register"
    assert "test-token" not in json.dumps(job.command)
    groups = sqlite3.connect(journal.path).execute("SELECT COUNT(*) FROM groups").fetchone()[0]
    assert groups == 3  # one record per group of rows, not one per row
    assert journal.failed_lines() == [2, 52, 102, 152, 202]
    assert summary(result)["journal"] == journal.path
    journal.close()


def test_resume_without_a_journal_is_a_usage_error(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "reg.csv", HEADER, emails(3))
    result = record(url, path, "--resume")
    assert result.exit_code == 2
    assert "no journal at" in result.stderr
    assert "no stopped run to continue" in result.stderr
    assert fake.requests == []


def test_resume_of_a_finished_run_says_so_and_sends_nothing(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "reg.csv", HEADER, emails(3))
    assert record(url, path).exit_code == 0
    sent = len(fake.requests)
    again = record(url, path, "--resume")
    assert again.exit_code == 0
    assert "nothing to resume" in again.stderr
    assert "finished" in again.stderr
    assert len(fake.requests) == sent


def test_an_interrupted_run_resumes_and_a_plain_rerun_is_refused(
    url: str, fake: FakeHubSpot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "reg.csv", HEADER, emails(100, bad_every=7))
    failed = tmp_path / "failed.csv"
    args = ["--failed-out", str(failed), "--batch-size", "10", "--concurrency", "1"]
    interrupt_at(monkeypatch, 4, signal.SIGTERM)
    stopped = record(url, path, *args)
    assert stopped.exit_code == 143
    assert "interrupted (SIGTERM)" in stopped.stderr
    assert "run the same command with --resume" in stopped.stderr
    monkeypatch.setattr(_bulk, "send_all", send_all)

    refused = record(url, path, *args)
    assert refused.exit_code == 2
    assert "records an unfinished run" in refused.stderr
    assert "--resume" in refused.stderr
    assert "--journal NEW" in refused.stderr

    resumed = record(url, path, *args, "--resume")
    assert resumed.exit_code == 1, resumed.stderr  # the bad rows
    assert summary(stopped)["total"] + summary(resumed)["total"] == 100
    assert registered(fake) == 100 - 15
    bad = [row[0] for row in read_rows(failed)[1:]]
    assert bad == [f"bad{i}" for i in range(0, 100, 7)]  # each once, in order
    assert read_rows(failed)[0] == [*HEADER, "error", "correlationId"]  # header once


def test_resume_refuses_a_file_changed_since_the_journal_was_written(
    url: str, fake: FakeHubSpot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "reg.csv", HEADER, emails(100))
    interrupt_at(monkeypatch, 3, signal.SIGINT)
    assert record(url, path, "--batch-size", "10", "--concurrency", "1").exit_code == 130
    monkeypatch.setattr(_bulk, "send_all", send_all)
    write_csv(path, HEADER, emails(100)[1:])  # a row removed: every line moves
    result = record(url, path, "--batch-size", "10", "--resume")
    assert result.exit_code == 2
    assert "changed since" in result.stderr
    assert "no longer name the same rows" in result.stderr


def test_resume_refuses_another_command(
    url: str, fake: FakeHubSpot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "reg.csv", HEADER, emails(100))
    interrupt_at(monkeypatch, 3, signal.SIGINT)
    assert record(url, path, "--batch-size", "10", "--concurrency", "1").exit_code == 130
    monkeypatch.setattr(_bulk, "send_all", send_all)
    result = record(url, path, "--resume", state="attend")
    assert result.exit_code == 2
    assert "records another command" in result.stderr
    assert "attend" in result.stderr


def test_stdin_resumes_only_with_a_journal(url: str, fake: FakeHubSpot, tmp_path: Path) -> None:
    args = ["attendance", "record", "-", "--format", "csv", "--state", "register", "--event-id",
            EVENT, "--account-id", ACCOUNT, "--resume"]  # fmt: skip
    result = runner.invoke(app, args, input="email\na@example.com\n",
                           env={"HUBSPOT_ACCESS_TOKEN": "t", "HUBSPOT_BASE_URL": url})  # fmt: skip
    assert result.exit_code == 2
    assert "--journal" in result.stderr


# -- B. SIGTERM and Ctrl-C -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signum", "code", "foreign"),
    [(signal.SIGINT, 130, False), (signal.SIGTERM, 143, False), (signal.SIGINT, 130, True)],
)
def test_a_signal_stops_the_run_whatever_the_layers_below_do(
    url: str,
    fake: FakeHubSpot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    signum: int,
    code: int,
    foreign: bool,
) -> None:
    """The request swallows its cancellation; with ``foreign``, other code in the process left a
    SIGINT handler that does nothing (then asyncio installs none of its own, and the old CLI
    ran to the end and exited 0): either way the run stops at the next group boundary."""
    path = write_csv(tmp_path / "reg.csv", HEADER, emails(100))
    interrupt_at(monkeypatch, 4, signum, swallow=True)
    if foreign:
        previous = signal.signal(signal.SIGINT, lambda number, frame: None)
    try:
        result = record(url, path, "--batch-size", "10", "--concurrency", "1")
    finally:
        if foreign:
            signal.signal(signal.SIGINT, previous)
    assert result.exit_code == code, result.stderr
    data = summary(result)
    assert data["interrupted"] is True
    assert 20 <= data["succeeded"] <= 40
    assert data["resume_line"] == 2 + data["succeeded"]
    job = Journal(str(path) + ".journal").read()
    assert job is not None
    assert (job.status, job.resume_line) == ("interrupted", data["resume_line"])


# -- D. defects ----------------------------------------------------------------------------------


def test_start_line_with_the_same_failed_out_keeps_the_rows_already_there(
    url: str, fake: FakeHubSpot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "reg.csv", HEADER, emails(100, bad_every=9))
    failed = tmp_path / "failed.csv"
    args = ["--failed-out", str(failed), "--batch-size", "10", "--concurrency", "1"]
    interrupt_at(monkeypatch, 5, signal.SIGINT)
    first = record(url, path, *args)
    assert first.exit_code == 130
    monkeypatch.setattr(_bulk, "send_all", send_all)
    line = summary(first)["resume_line"]
    rest = record(url, path, *args, "--start-line", str(line))
    assert rest.exit_code == 1
    rows = read_rows(failed)
    assert rows[0] == [*HEADER, "error", "correlationId"]
    assert [r[0] for r in rows[1:]] == [f"bad{i}" for i in range(0, 100, 9)]


def test_a_failed_out_of_other_columns_is_not_added_to(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "reg.csv", HEADER, emails(5))
    failed = write_csv(tmp_path / "failed.csv", ["other"], [["keep me"]])
    result = record(url, path, "--failed-out", str(failed), "--start-line", "3")
    assert result.exit_code == 2
    assert "never overwritten" in result.stderr
    assert read_rows(failed) == [["other"], ["keep me"]]


def test_object_id_refuses_a_file_naming_events_by_external_id(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "reg.csv", ["email", "externalEventId"],
                     [["a@example.com", EVENT], ["b@example.com", "w-2"]])  # fmt: skip
    object_id = next(iter(fake.state.events.values())).object_id
    result = cli(url, "attendance", "record", str(path), "--state", "register", "--object-id",
                 str(object_id))  # fmt: skip
    assert result.exit_code == 2  # was 0, with both rows recorded on the one event
    assert "cannot be matched to --object-id" in result.stderr
    assert registered(fake) == 0


def test_object_id_records_only_the_rows_of_its_own_object_id_column(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    object_id = str(next(iter(fake.state.events.values())).object_id)
    path = write_csv(tmp_path / "reg.csv", ["email", "objectId"],
                     [["a@example.com", object_id], ["b@example.com", "999"], ["c@example.com", ""]])  # fmt: skip
    result = cli(url, "attendance", "record", str(path), "--state", "register", "--object-id",
                 object_id, "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (summary(result)["succeeded"], summary(result)["skipped"]) == (2, 1)
    assert fake.state.participation(ACCOUNT, EVENT, "b@example.com") is None


def test_event_id_refuses_a_file_naming_events_by_object_id(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "reg.csv", ["email", "objectId"], [["a@example.com", "5"]])
    result = record(url, path)
    assert result.exit_code == 2
    assert "cannot be matched to --event-id" in result.stderr
    assert registered(fake) == 0


def test_an_event_id_that_matches_no_row_is_an_error_naming_the_files_events(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "reg.csv", ["email", "externalEventId"],
                     [["a@example.com", "w-2"], ["b@example.com", "w-3"], ["c@example.com", "w-2"]])  # fmt: skip
    result = record(url, path)
    assert result.exit_code == 2  # was 0, "0 rows"
    assert "no row of" in result.stderr
    assert "all 3 rows name other events" in result.stderr
    assert "externalEventId w-2" in result.stderr
    assert "externalEventId w-3" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("minus.csv", "email,interactionDateTime\na@example.com,--5\n", "interactionDateTime: '--5'"),
        ("super.csv", "email,interactionDateTime\na@example.com,\u00b2\n", "interactionDateTime:"),
        ("arabic.csv", "email,interactionDateTime\na@example.com,\u0661\u0662\u0663\n", "interactionDateTime:"),
        ("vid.csv", "vid\n\u00b2\n", "vid: '\u00b2' is not a number"),
        ("deep.jsonl", '{"email": "a@example.com", "properties": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
         "UNREADABLE: not valid JSON: nested too deeply"),
        ("surrogate.jsonl", '{"email": "a@example.com", "contactProperties": {"firstname": "\\ud800"}}\n',
         "UNREADABLE: contactProperties.firstname: \\ud800 is a lone surrogate"),
    ],
)  # fmt: skip
def test_a_cell_that_cannot_be_parsed_fails_its_row_naming_line_and_column(
    url: str, fake: FakeHubSpot, tmp_path: Path, name: str, content: str, words: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    extra = ["--by-contact-id"] if name == "vid.csv" else []
    result = record(url, path, *extra)
    assert result.exit_code == 1, result.stderr  # a failed row, never a traceback
    line = 1 if name.endswith(".jsonl") else 2
    assert f"line {line}: {words}" in result.stderr.replace("INVALID_INPUT: ", ""), result.stderr
    assert summary(result)["failed"] == 1


def test_a_full_disk_for_failed_rows_is_a_clear_error_before_anything_is_sent(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    path = write_csv(tmp_path / "reg.csv", HEADER, emails(5))
    result = record(url, path, "--failed-out", "/dev/full", "--journal", str(tmp_path / "j"))
    assert result.exit_code == 2
    assert "cannot write /dev/full: No space left on device" in result.stderr
    assert fake.requests == []


def test_a_disk_that_fills_mid_run_stops_with_the_rows_accounted(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    path = tmp_path / "reg.jsonl"  # JSONL has no header, so the first failed row finds it full
    path.write_text('{"email": "a@example.com"}\n{"email": "bad"}\n{"email": "b@example.com"}\n')
    result = record(url, path, "--failed-out", "/dev/full", "--journal", str(tmp_path / "j"))
    assert result.exit_code == 1
    assert "stopped: cannot write /dev/full: No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    data = summary(result)
    assert (data["total"], data["succeeded"], data["failed"]) == (3, 2, 1)
    assert data["resume_line"] == 1  # the group whose failed row was not written is redone


def test_a_failed_out_in_a_missing_directory_is_refused_before_sending(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "reg.csv", HEADER, emails(5))
    result = record(url, path, "--failed-out", str(tmp_path / "nope" / "failed.csv"))
    assert result.exit_code == 2
    assert "nope" in result.stderr
    assert fake.requests == []


def test_an_unknown_event_stops_after_the_first_request_and_resume_finishes_the_job(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "reg.csv", HEADER, emails(1000, bad_every=100))
    failed = tmp_path / "failed.csv"
    args = [
        "--failed-out",
        str(failed),
        "--batch-size",
        "10",
        "--concurrency",
        "1",
        "--event-id",
        "w-9",
    ]
    run = cli(url, "attendance", "record", str(path), "--state", "register", "--account-id",
              ACCOUNT, "--json", *args)  # fmt: skip
    assert run.exit_code == 1
    assert len(fake.requests) == 1  # was 100, one 404 per chunk
    assert "stopped: 404" in run.stderr
    rows = read_rows(failed)[1:]
    assert len(rows) == 1000  # every row: the bad ones with their reason, the rest not sent
    assert all(r[2].startswith("NOT_SENT: not sent, the run stopped at line 2: 404") for r in rows)
    assert summary(run)["not_sent"] == 1000

    fake.add_event(ACCOUNT, "w-9")
    resumed = cli(url, "attendance", "record", str(path), "--state", "register", "--account-id",
                  ACCOUNT, "--json", *args, "--resume")  # fmt: skip
    assert resumed.exit_code == 1
    assert summary(resumed)["succeeded"] == 990
    rows = read_rows(failed)[1:]
    assert [r[0] for r in rows] == [f"bad{i}" for i in range(0, 1000, 100)]


def test_a_refused_connection_stops_after_the_first_request(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "reg.csv", HEADER, emails(500))
    failed = tmp_path / "failed.csv"
    with running_server(FakeHubSpot()) as gone:
        pass  # the port is closed now: connections are refused
    result = cli(gone, "--max-retries", "0", "--batch-size", "10", "attendance", "record",
                 str(path), "--state", "register", "--event-id", EVENT, "--account-id", ACCOUNT,
                 "--failed-out", str(failed), "--json")  # fmt: skip
    assert result.exit_code == 1
    assert "stopped: cannot connect" in result.stderr
    data = summary(result)
    assert data["total"] == 0
    assert data["not_sent"] == 500
    assert len(read_rows(failed)) == 501
