"""Fault campaign through the CLI: ``hubspot-events`` against the fake on a real loopback server.

The command runs in-process (``CliRunner``) with its clients' sleeps scaled down 100x; the fake
is a real uvicorn server (``running_server``), so connections are really cut, answers really
arrive late and the client's real timeouts fire. Each run is checked the way a user would check
it: the exit code, the ``--json`` summary (``succeeded + failed == total``), the failed-rows
file (every failed row, with its reason and HubSpot's correlation id when HubSpot sent one), and
that running the failed-rows file again (and resuming with ``--start-line`` after a stop)
completes the job, leaving the fake in exactly the state the input intended.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _reliability import (
    ACCOUNT,
    EVENT,
    TOKEN,
    WHEN_MS,
    FakeTime,
    Intended,
    assert_recorded_exactly,
    attendance_csv,
    cli,
    email,
    plain,
    read_csv,
    scale_cli_sleeps,
    slow_at_random,
    tap,
    write_csv,
)

from hubspot_events.testing import FakeHubSpot, Faults, running_server

ROWS = 10_000
HUBSPOT_CATEGORIES = ("INTERNAL_ERROR", "BAD_GATEWAY", "SERVICE_UNAVAILABLE", "RATE_LIMIT")


@pytest.fixture(autouse=True)
def _fast_sleeps(monkeypatch: pytest.MonkeyPatch) -> None:
    scale_cli_sleeps(monkeypatch)


def _record_args(path: Path, base_url: str, *extra: str) -> list[str]:
    return [
        "attendance", "record", str(path), "--state", "attend", "--event-id", EVENT,
        "--account-id", ACCOUNT, "--base-url", base_url, "--json", *extra,
    ]  # fmt: skip


def _all_attended(n: int) -> tuple[Intended, dict[str, str]]:
    intended = {email(i): [("attend", WHEN_MS + i)] for i in range(n)}
    return intended, dict.fromkeys(intended, "ATTENDED")


def _check_failed_rows(rows: list[dict[str, str]], sent_ids: set[str]) -> None:
    """Every failed row says why, and carries the correlation id of HubSpot's answer if any."""
    for row in rows:
        category, _, reason = row["error"].partition(":")
        assert category, row
        assert reason.strip(), row
        if category in HUBSPOT_CATEGORIES:
            assert row["correlationId"] in sent_ids, row
        else:
            assert category in ("HTTP_502", "APIConnectionError", "APITimeoutError"), row
            assert row["correlationId"] == "", row


def test_cli_bulk_run_under_every_fault_then_the_failed_rows_file_completes_it(
    tmp_path: Path,
) -> None:
    fake = FakeHubSpot(
        rate_limit="1000/1s",
        seed=13,
        faults=Faults(
            fail_rate=0.3,
            html_rate=0.5,
            drop_rate=0.08,
            fail_after_commit_rate=0.08,
            sequence=[429, 429, "commit:drop"],
        ),
    )
    fake.add_event(ACCOUNT, EVENT)
    taps = tap(fake, slow=slow_at_random(0.02, seed=3), delay_s=1.0)
    source = attendance_csv(tmp_path / "attendance.csv", ROWS)
    failed_out = tmp_path / "failed.csv"
    again_out = tmp_path / "failed-again.csv"

    with running_server(fake) as base_url:
        first = cli(
            *_record_args(source, base_url, "--failed-out", str(failed_out)),
            "--token", TOKEN, "--max-retries", "1", "--timeout", "0.5",
        )  # fmt: skip
        fake.faults = Faults()
        taps.slow = None
        second = cli(
            *_record_args(failed_out, base_url, "--failed-out", str(again_out)), "--token", TOKEN
        )

    assert first.exit_code == 1, first
    summary = first.summary
    assert summary["total"] == ROWS == summary["succeeded"] + summary["failed"]
    assert summary["failed"] > 0
    failed_rows = read_csv(failed_out)
    assert len(failed_rows) == summary["failed"]
    _check_failed_rows(failed_rows, taps.correlation_ids)
    assert f"failed rows written to {failed_out}" in first.stderr

    assert second.exit_code == 0, second
    assert second.summary["succeeded"] == summary["failed"] == second.summary["total"]
    assert "ignoring columns this command does not use: 'error', 'correlationId'" in second.stderr
    assert read_csv(again_out) == []
    assert_recorded_exactly(fake, *_all_attended(ROWS))
    created = fake.state.contact(email(1234))
    assert created is not None
    assert created.properties == {"firstname": "First1234"}


def test_cli_daily_quota_stops_the_run_and_resuming_the_next_day_completes_it(
    tmp_path: Path,
) -> None:
    time = FakeTime()
    fake = FakeHubSpot(rate_limit=None, daily_limit=30, clock=time.clock)
    fake.add_event(ACCOUNT, EVENT)
    source = attendance_csv(tmp_path / "attendance.csv", 5_000)
    failed_out = tmp_path / "failed.csv"

    with running_server(fake) as base_url:
        args = _record_args(source, base_url, "--failed-out", str(failed_out))
        first = cli(*args, "--token", TOKEN, "--rate-limit", "off")
        unsent = read_csv(failed_out)
        time.clock.advance(86_400)
        resumed = cli(*args, "--token", TOKEN, "--resume")

    assert first.exit_code == 1, first
    summary = first.summary
    resume_line = summary["resume_line"]
    assert "daily limit" in summary["stopped"]
    assert summary["total"] == summary["succeeded"] + summary["failed"] == resume_line - 2
    assert "run the same command with --resume to continue from line" in first.stderr
    # Every row the stopped run did not send is in the failed-rows file, saying why.
    assert summary["not_sent"] == 5_000 - summary["total"] == len(unsent) - summary["failed"]
    assert all(r["error"].startswith("NOT_SENT: not sent, the run stopped") for r in unsent)
    assert resumed.exit_code == 0, resumed
    assert resumed.summary["total"] == 5_000 - summary["total"]
    # --resume took the unsent rows back off the file, and sent them.
    assert read_csv(failed_out) == []
    assert_recorded_exactly(fake, *_all_attended(5_000))


def test_cli_token_expiring_mid_run_stops_with_exit_2_and_a_new_token_resumes(
    tmp_path: Path,
) -> None:
    fake = FakeHubSpot(rate_limit="1000/1s")
    fake.add_event(ACCOUNT, EVENT)

    def expire_after_20(number: int, path: str) -> None:
        if number == 20:
            fake.expire_token(TOKEN)

    tap(fake, on_request=expire_after_20)
    source = attendance_csv(tmp_path / "attendance.csv", ROWS)
    failed_out = tmp_path / "failed.csv"

    with running_server(fake) as base_url:
        args = _record_args(source, base_url, "--failed-out", str(failed_out))
        first = cli(*args, "--token", TOKEN)
        unsent = read_csv(failed_out)
        resumed = cli(*args, "--token", "pat-na1-a-fresh-token", "--resume")

    assert first.exit_code == 2, first
    resume_line = first.summary["resume_line"]
    assert "EXPIRED_AUTHENTICATION" in first.summary["stopped"]
    assert f"with --resume to continue from line {resume_line}" in first.stderr
    assert first.summary["total"] == resume_line - 2  # every row before the resume line
    assert len(unsent) == ROWS - first.summary["total"]
    assert resumed.exit_code == 0, resumed
    assert read_csv(failed_out) == []
    assert_recorded_exactly(fake, *_all_attended(ROWS))


def test_cli_events_upsert_under_faults_ends_with_exactly_the_intended_events(
    tmp_path: Path,
) -> None:
    fake = FakeHubSpot(
        rate_limit="1000/1s", seed=17, faults=Faults(fail_rate=0.3, drop_rate=0.05, html_rate=0.5)
    )
    taps = tap(fake)
    header = ["externalEventId", "eventName", "eventOrganizer", "startDateTime", "endDateTime",
              "eventCancelled", "customProperties.cohort"]  # fmt: skip

    def rows() -> Iterator[list[Any]]:
        for i in range(ROWS):
            end = "2025-06-15T14:00:00Z" if i % 1009 == 0 else "2025-06-15T16:00:00+00:00"
            yield [f"ev-{i}", f"Webinar {i}", "Acme", "2025-06-15T15:00:00Z", end,
                   "true" if i % 2 else "false", str(i % 7)]  # fmt: skip

    source = write_csv(tmp_path / "events.csv", header, rows())
    failed_out = tmp_path / "failed.csv"
    again_out = tmp_path / "failed-again.csv"
    upsert = ["events", "upsert", "--account-id", ACCOUNT, "--json", "--token", TOKEN]

    with running_server(fake) as base_url:
        first = cli(*upsert, str(source), "--base-url", base_url, "--failed-out", str(failed_out))
        fake.faults = Faults()
        second = cli(
            *upsert, str(failed_out), "--base-url", base_url, "--failed-out", str(again_out)
        )

    assert first.exit_code == 1, first
    assert first.summary["total"] == ROWS
    failed_rows = read_csv(failed_out)
    assert len(failed_rows) == first.summary["failed"]
    for row in failed_rows:
        category = row["error"].partition(":")[0]
        if category == "VALIDATION_ERROR":  # HubSpot's own 207 for an end before the start
            assert int(row["externalEventId"][3:]) % 1009 == 0
            assert row["correlationId"] in taps.correlation_ids
    refused = [r for r in failed_rows if r["error"].startswith("VALIDATION_ERROR")]
    _check_failed_rows([r for r in failed_rows if r not in refused], taps.correlation_ids)

    # What HubSpot refused, it refuses again; every other row lands on the second run.
    assert second.exit_code == 1, second
    assert {r["externalEventId"] for r in read_csv(again_out)} == {
        f"ev-{i}" for i in range(0, ROWS, 1009)
    }
    stored = {key[1]: event for key, event in fake.state.events.items()}
    assert set(stored) == {f"ev-{i}" for i in range(ROWS) if i % 1009}
    for key, event in stored.items():
        i = int(key[3:])
        assert (event.event_name, event.event_cancelled) == (f"Webinar {i}", bool(i % 2))
        assert event.custom_properties == {"cohort": str(i % 7)}


# --- what a file can get wrong -----------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[FakeHubSpot, str]]:
    fake = FakeHubSpot(rate_limit=None)
    with running_server(fake) as base_url:
        yield fake, base_url


@pytest.fixture
def sandbox(server: tuple[FakeHubSpot, str]) -> tuple[FakeHubSpot, str]:
    fake, base_url = server
    fake.reset()
    fake.add_event(ACCOUNT, EVENT)
    return fake, base_url


def _lines(*lines: str | bytes) -> bytes:
    return b"".join((line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines)


A = f"a@example.com,{WHEN_MS}"
B = f"b@example.com,{WHEN_MS + 1}"
HEADER = "email,interactionDateTime"

# (id, file name, content, exit code, rows succeeded, {line: error} of failed rows, stderr text)
FILE_CASES = [
    pytest.param(
        "bom.csv", b"\xef\xbb\xbf" + _lines(HEADER, A, B), 0, 2, {}, None, id="csv-with-bom"
    ),
    pytest.param(
        "latin1.csv",
        _lines(HEADER, A, b"j\xe9r\xf4me@example.com," + str(WHEN_MS).encode(), B),
        1, 2,
        {3: "UNREADABLE: not valid UTF-8 (byte 0xe9 at column 2); save the file as UTF-8"},
        None,
        id="latin-1-row",
    ),
    pytest.param(
        "extra.csv", _lines(HEADER + ",notes,properties.joinedAt", A + ",vip,", B + ",,x"),
        0, 2, {},
        "notice: ignoring columns this command does not use: 'notes'",
        id="extra-column",
    ),
    pytest.param(
        "dupes.csv", _lines(HEADER, A, A, B), 0, 3, {}, None, id="duplicate-rows"
    ),
    pytest.param(
        "ragged.csv", _lines(HEADER, A + ",extra", B),
        1, 1, {2: "UNREADABLE: has 3 fields, the header has 2"}, None, id="row-with-extra-field",
    ),
    pytest.param(
        "seconds.csv", _lines(HEADER, "a@example.com,1750000000", B),
        1, 1,
        {2: "INVALID_INPUT: interactionDateTime: 1750000000 looks like epoch seconds; pass "
            "milliseconds (1750000000000) or an aware datetime"},
        None, id="seconds-not-milliseconds",
    ),
    pytest.param(
        "naive.csv", _lines(HEADER, "a@example.com,2025-06-15T15:00:00", B),
        1, 1,
        {2: "INVALID_INPUT: interactionDateTime: '2025-06-15T15:00:00' has no UTC offset; add "
            "one (e.g. Z or +02:00) or give epoch milliseconds"},
        None, id="iso-without-offset",
    ),
    pytest.param(
        "bad-email.csv", _lines(HEADER, f"not-an-email,{WHEN_MS}", f",{WHEN_MS}", B),
        1, 1,
        {2: "INVALID_INPUT: email: 'not-an-email' is not an email address",
         3: "INVALID_INPUT: email: is required"},
        None, id="invalid-and-empty-email",
    ),
    pytest.param(
        "long.csv", _lines(HEADER, f"{'x' * 288}@example.com,{WHEN_MS}", B),
        1, 1,
        {2: "INVALID_INPUT: email: is 300 characters; an email has at most 254"},
        None, id="300-char-email",
    ),
    pytest.param(
        "rows.jsonl",
        _lines(
            f'{{"email": "a@example.com", "interactionDateTime": {WHEN_MS}}}',
            "{not json",
            '["b@example.com"]',
            '{"email": "c@example.com", "properties": {"joinedAt": 5}}',
        ),
        1, 1,
        {2: "UNREADABLE: not valid JSON: Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1)",
         3: "UNREADABLE: expected a JSON object, got list",
         4: "INVALID_INPUT: properties.joinedAt: values must be strings, got int 5; pass str(value)"},
        None, id="jsonl-bad-lines",
    ),
    pytest.param("header-only.csv", _lines(HEADER), 0, 0, {}, None, id="header-only"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "exit_code", "succeeded", "failures", "notice"), FILE_CASES
)
def test_a_file_with_problems_fails_only_its_bad_rows(
    tmp_path: Path,
    sandbox: tuple[FakeHubSpot, str],
    name: str,
    content: bytes,
    exit_code: int,
    succeeded: int,
    failures: dict[int, str],
    notice: str | None,
) -> None:
    fake, base_url = sandbox
    path = tmp_path / name
    path.write_bytes(content)
    failed_out = tmp_path / ("failed" + path.suffix)

    run = cli(*_record_args(path, base_url, "--failed-out", str(failed_out)), "--token", TOKEN)

    assert run.exit_code == exit_code, run
    assert run.summary["succeeded"] == succeeded
    assert run.summary["failed"] == len(failures)
    for line, error in failures.items():
        assert f"line {line}: {error}" in plain(run.stderr), run
    if notice is not None:
        assert notice in run.stderr
    # The failed rows come back, byte for byte where they could not be read, with the reason.
    if path.suffix == ".csv":
        assert [r["error"] for r in read_csv(failed_out)] == list(failures.values())
    else:
        assert len(failed_out.read_text().splitlines()) == len(failures)
    if "latin-1" in name or name == "latin1.csv":
        assert b"j\xe9r\xf4me@example.com" in failed_out.read_bytes()
    assert len(fake.state.contacts) == len(
        {e for e in ("a@example.com", "b@example.com") if fake.state.contact(e)}
    )


# (id, file name, content, extra args, stderr text): refused before anything is sent, exit 2
USAGE_CASES = [
    pytest.param("empty.csv", b"", (), "is empty: expected a header row", id="empty-file"),
    pytest.param(
        "nomail.csv", _lines("mail,interactionDateTime", A), (),
        "missing required column: email; the header has: mail, interactionDateTime",
        id="missing-column",
    ),
    pytest.param(
        "dupcol.csv", _lines("email,email", "a@example.com,b@example.com"), (),
        "duplicate columns in the header: email", id="duplicate-header-column",
    ),
    pytest.param(
        "header.csv", _lines(b"\xe9mail,interactionDateTime", A), (),
        "line 1 (the header) is not valid UTF-8 (byte 0xe9 at column 1); save the file as UTF-8",
        id="latin-1-header",
    ),
    pytest.param(
        "rows.txt", _lines(HEADER, A), (),
        "cannot tell the format from the extension '.txt'", id="unknown-extension",
    ),
    pytest.param(
        "rows.csv", _lines(HEADER, A), ("--object-id", "123"),
        "name the event with exactly one of --event-id (with --account-id) or --object-id",
        id="event-id-and-object-id",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "extra", "message"), USAGE_CASES)
def test_a_file_or_command_that_cannot_work_is_refused_before_sending(
    tmp_path: Path,
    sandbox: tuple[FakeHubSpot, str],
    name: str,
    content: bytes,
    extra: tuple[str, ...],
    message: str,
) -> None:
    fake, base_url = sandbox
    path = tmp_path / name
    path.write_bytes(content)

    run = cli(*_record_args(path, base_url, *extra), "--token", TOKEN)

    assert run.exit_code == 2, run
    assert message in plain(run.stderr), run
    assert fake.requests == []


def test_the_failed_rows_file_may_not_overwrite_the_input(tmp_path: Path) -> None:
    source = attendance_csv(tmp_path / "rows.csv", 3)

    run = cli(
        *_record_args(source, "http://127.0.0.1:9", "--failed-out", str(source)), "--token", TOKEN
    )

    assert run.exit_code == 2
    assert "must not be the input file" in run.stderr
    assert len(read_csv(source)) == 3


def test_a_huge_file_of_only_bad_rows_streams_without_a_request(
    tmp_path: Path, sandbox: tuple[FakeHubSpot, str]
) -> None:
    fake, base_url = sandbox
    path = tmp_path / "bad.csv"
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["email", "interactionDateTime"])
        writer.writerows([f"bad{i}", WHEN_MS] for i in range(20_000))

    run = cli(*_record_args(path, base_url), "--token", TOKEN)

    assert run.exit_code == 1
    assert run.summary == {**run.summary, "total": 20_000, "failed": 20_000, "requests": 0}
    assert fake.requests == []
