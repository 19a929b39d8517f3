"""The bulk commands end to end: the real CLI over real HTTP against the fake HubSpot on loopback."""

from __future__ import annotations

import csv
import json
import signal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from hubspot_events.cli import _bulk
from hubspot_events.cli._commands import app
from hubspot_events.cli._run import send_all
from hubspot_events.testing import FakeHubSpot, Faults, running_server

ACCOUNT = "acct"
runner = CliRunner()


@pytest.fixture
def fake(shared: tuple[FakeHubSpot, str]) -> FakeHubSpot:
    shared[0].reset()
    return shared[0]


@pytest.fixture
def url(shared: tuple[FakeHubSpot, str], fake: FakeHubSpot) -> str:
    return shared[1]


def cli(
    url: str | None, *args: str, token: str | None = "test-token", stdin: str | None = None
) -> Result:
    env = {"HUBSPOT_ACCESS_TOKEN": token, "HUBSPOT_BASE_URL": url}
    return runner.invoke(app, list(args), env=env, input=stdin, catch_exceptions=False)


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, bom: bool = False) -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


def summary(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def counters(url: str, event_id: str = "w-1") -> dict[str, int]:
    result = cli(url, "participations", "counters", event_id, "--account-id", ACCOUNT, "--json")
    assert result.exit_code == 0, result.stderr
    return {
        k: v
        for k, v in summary(result).items()
        if k in ("registered", "attended", "cancelled", "noShows")
    }


def add_event(fake: FakeHubSpot, event_id: str = "w-1") -> None:
    fake.add_event(ACCOUNT, event_id)


def emails(n: int, start: int = 0) -> list[list[str]]:
    return [[f"user{i}@example.com", str(1_717_236_000_000 + i)] for i in range(start, start + n)]


def record(url: str, path: Path, state: str, *extra: str) -> Result:
    args = [
        "attendance",
        "record",
        str(path),
        "--state",
        state,
        "--event-id",
        "w-1",
        "--account-id",
        ACCOUNT,
    ]
    return cli(url, *args, *extra)


# -- happy paths ---------------------------------------------------------------------------------


def test_events_upsert_csv_with_json_summary(url: str, fake: FakeHubSpot, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "events.csv",
        ["externalEventId", "externalAccountId", "eventName", "eventOrganizer", "startDateTime",
         "eventCancelled", "customProperties.room"],
        [["w-1", ACCOUNT, "One", "Org", "2026-09-15T16:00:00+02:00", "false", "A"],
         ["w-2", ACCOUNT, "Two", "Org", "", "", ""]],
    )  # fmt: skip
    result = cli(url, "events", "upsert", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    data = summary(result)
    assert {k: data[k] for k in ("total", "succeeded", "failed", "requests", "failed_out")} == {
        "total": 2, "succeeded": 2, "failed": 0, "requests": 1, "failed_out": None,
    }  # fmt: skip
    assert set(data) >= {"elapsed_s", "rows_per_s"}
    got = json.loads(cli(url, "events", "get", "w-1", "--account-id", ACCOUNT, "--json").stdout)
    assert got["eventName"] == "One"
    assert got["customProperties"] == [{"name": "room", "value": "A"}]
    assert got["startDateTime"].startswith("2026-09-15T14:00:00")


def test_events_upsert_jsonl_with_default_account(url: str, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "events.jsonl",
        [{"externalEventId": "w-1", "eventName": "One", "eventOrganizer": "Org", "eventCompleted": False},
         {"externalEventId": "w-2", "eventName": "Two", "eventOrganizer": "Org",
          "customProperties": [{"name": "room", "value": "B"}]}],
    )  # fmt: skip
    result = cli(url, "events", "upsert", str(path), "--account-id", ACCOUNT, "--json")
    assert result.exit_code == 0, result.stderr
    assert summary(result)["succeeded"] == 2
    listed = json.loads(cli(url, "events", "list", "--json").stdout)
    assert sorted(e["externalEventId"] for e in listed) == ["w-1", "w-2"]


def test_attendance_csv_counters_equal_what_the_rows_imply(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    add_event(fake)
    header = ["email", "interactionDateTime", "contactProperties.firstname"]
    path = write_csv(tmp_path / "reg.csv", header, [[e, t, "Ada"] for e, t in emails(250)])
    result = record(url, path, "register", "--json", "--batch-size", "100")
    assert result.exit_code == 0, result.stderr
    assert summary(result)["requests"] == 3
    attend = write_csv(tmp_path / "att.csv", ["email", "properties.joinedAt"],
                       [[f"user{i}@example.com", "2024-06-01T10:00:00Z"] for i in range(100)])  # fmt: skip
    assert record(url, attend, "attend").exit_code == 0
    cancel = write_csv(
        tmp_path / "can.csv", ["email"], [[f"user{i}@example.com"] for i in range(90, 120)]
    )
    assert record(url, cancel, "cancel").exit_code == 0
    # attending is final: 90..99 stay attended; 100..119 cancel
    assert counters(url) == {"registered": 130, "attended": 100, "cancelled": 20, "noShows": 0}


def test_attendance_jsonl(url: str, fake: FakeHubSpot, tmp_path: Path) -> None:
    add_event(fake)
    path = write_jsonl(
        tmp_path / "reg.jsonl",
        [{"email": "a@example.com", "interactionDateTime": 1717236000000, "contactProperties": {"firstname": "A"}},
         {"email": "b@example.com", "interactionDateTime": "2024-06-01T10:00:00+02:00"},
         {"email": "c@example.com"}],
    )  # fmt: skip
    assert record(url, path, "register").exit_code == 0
    attend = write_jsonl(
        tmp_path / "att.jsonl",
        [{"email": "a@example.com", "properties": {"joinedAt": "1717236000000"}}],
    )
    assert record(url, attend, "attend").exit_code == 0
    assert counters(url) == {"registered": 2, "attended": 1, "cancelled": 0, "noShows": 0}


def test_object_id_and_stdin(url: str, fake: FakeHubSpot) -> None:
    add_event(fake)
    object_id = json.loads(
        cli(url, "events", "get", "w-1", "--account-id", ACCOUNT, "--json").stdout
    )["objectId"]
    result = cli(url, "attendance", "record", "-", "--format", "csv", "--state", "register",
                 "--object-id", object_id, stdin="email\nx@example.com\ny@example.com\n")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert counters(url)["registered"] == 2


def test_existing_contacts_only_and_by_contact_id(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    add_event(fake)
    vid = fake.add_contact("known@example.com")
    path = write_csv(
        tmp_path / "reg.csv", ["email"], [["known@example.com"], ["unknown@example.com"]]
    )
    result = record(url, path, "register", "--existing-contacts-only")
    assert result.exit_code == 1
    assert "line 3:" in result.stderr
    assert "line 2:" not in result.stderr
    by_vid = write_csv(tmp_path / "vid.csv", ["vid", "interactionDateTime"], [[str(vid), ""]])
    assert record(url, by_vid, "attend", "--by-contact-id").exit_code == 0
    assert counters(url) == {"registered": 0, "attended": 1, "cancelled": 0, "noShows": 0}


def test_connection_options_work_before_and_after_the_command(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    add_event(fake)
    path = write_csv(tmp_path / "reg.csv", ["email", "interactionDateTime"], emails(20))
    args = [
        "attendance",
        "record",
        str(path),
        "--state",
        "register",
        "--event-id",
        "w-1",
        "--account-id",
        ACCOUNT,
        "--json",
    ]
    before = cli(url, "--batch-size", "7", *args)
    assert summary(before)["requests"] == 3
    after = cli(url, "--batch-size", "7", *args, "--batch-size", "10")  # the command's value wins
    assert summary(after)["requests"] == 2


# -- bad rows ------------------------------------------------------------------------------------


def test_bad_rows_are_reported_by_line_and_the_failed_file_runs_again(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    add_event(fake)
    header = ["email", "interactionDateTime", "contactProperties.firstname"]
    rows = [
        ["ok1@example.com", "1717236000000", "A"],  # line 2
        ["not-an-email", "", "B"],  # line 3
        ["ok2@example.com", "2024-06-01T10:00:00", "C"],  # line 4: no offset
        ["ok3@example.com", "1717236000", "D"],  # line 5: seconds
        ["ok4@example.com", "tomorrow", "E"],  # line 6: garbage
        ["ok5@example.com", "", "F"],  # line 7
    ]
    path = write_csv(tmp_path / "reg.csv", header, rows)
    failed = tmp_path / "failed.csv"
    result = record(url, path, "register", "--failed-out", str(failed), "--json")
    assert result.exit_code == 1
    data = summary(result)
    assert (data["total"], data["succeeded"], data["failed"]) == (6, 2, 4)
    assert data["failed_out"] == str(failed)
    for line, words in [
        (3, "not an email"),
        (4, "no UTC offset"),
        (5, "epoch seconds"),
        (6, "neither epoch"),
    ]:
        assert any(
            f"line {line}:" in text and words in text for text in result.stderr.splitlines()
        ), (line, result.stderr)
    with open(failed, encoding="utf-8", newline="") as stream:
        written = list(csv.reader(stream))
    assert written[0] == [*header, "error", "correlationId"]
    assert [r[0] for r in written[1:]] == [
        "not-an-email",
        "ok2@example.com",
        "ok3@example.com",
        "ok4@example.com",
    ]
    assert written[1][3].startswith("INVALID_INPUT: email:")

    # Fix the rows in place (keeping the error columns) and run the failed file again.
    fixed = [
        [f"fixed{i}@example.com", "2024-06-01T10:00:00Z", *r[2:]] for i, r in enumerate(written[1:])
    ]
    write_csv(failed, written[0], fixed)
    again = record(url, failed, "register", "--json")
    assert again.exit_code == 0, again.stderr
    assert summary(again)["succeeded"] == 4
    assert again.stderr.count("ignoring columns") == 1
    assert "'error', 'correlationId'" in again.stderr
    assert counters(url)["registered"] == 6


def test_failed_jsonl_rows_keep_the_jsonl_format(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    add_event(fake)
    path = tmp_path / "reg.jsonl"
    path.write_text('{"email": "a@example.com"}\n{"email": "nope"}\n{oops\n', encoding="utf-8")
    failed = tmp_path / "failed.jsonl"
    result = record(url, path, "register", "--failed-out", str(failed))
    assert result.exit_code == 1
    assert "line 2: INVALID_INPUT" in result.stderr
    assert "line 3: UNREADABLE: not valid JSON" in result.stderr
    lines = failed.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["email"] == "nope"
    assert json.loads(lines[0])["error"].startswith("INVALID_INPUT")
    assert lines[1] == "{oops"


def test_dry_run_sends_nothing(url: str, fake: FakeHubSpot, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "reg.csv", ["email", "interactionDateTime"],
                     [["a@example.com", ""], ["bad", ""], ["b@example.com", "1717236000"]])  # fmt: skip
    result = cli(url, "attendance", "record", str(path), "--state", "register", "--event-id", "w-1",
                 "--account-id", ACCOUNT, "--dry-run", "--json", token=None)  # fmt: skip
    assert result.exit_code == 1
    data = summary(result)
    assert (data["succeeded"], data["failed"], data["requests"], data["dry_run"]) == (1, 2, 0, True)
    assert "line 3:" in result.stderr
    assert "line 4:" in result.stderr
    assert fake.requests == []
    good = write_csv(tmp_path / "good.csv", ["email"], [["a@example.com"]])
    assert (
        cli(url, "events", "upsert", str(good), "--dry-run").exit_code == 2
    )  # wrong columns for events
    assert record(url, good, "register", "--dry-run").exit_code == 0
    assert fake.requests == []


def test_bom_is_tolerated(url: str, fake: FakeHubSpot, tmp_path: Path) -> None:
    add_event(fake)
    path = write_csv(
        tmp_path / "reg.csv",
        ["email", "contactProperties.firstname"],
        [["bom@example.com", "Zoë"]],
        bom=True,
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = record(url, path, "register")
    assert result.exit_code == 0, result.stderr
    assert "ignoring" not in result.stderr
    assert counters(url)["registered"] == 1


def test_a_row_that_is_not_utf8_fails_alone_and_names_its_line(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    add_event(fake)
    path = tmp_path / "reg.csv"
    path.write_bytes(
        b"email,contactProperties.firstname\na@example.com,Ann\nb@example.com,Jos\xe9\nc@example.com,Cy\n"
    )
    failed = tmp_path / "failed.csv"
    result = record(url, path, "register", "--failed-out", str(failed))
    assert result.exit_code == 1
    assert "line 3: UNREADABLE: not valid UTF-8 (byte 0xe9" in result.stderr
    assert counters(url)["registered"] == 2
    assert (
        b"b@example.com,Jos\xe9,UNREADABLE" in failed.read_bytes()
    )  # the bytes are kept as they were


def test_a_header_that_is_not_utf8_is_a_usage_error(url: str, tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_bytes(b"em\xe9il\na@example.com\n")
    result = record(url, path, "register")
    assert result.exit_code == 2
    assert "line 1 (the header) is not valid UTF-8" in result.stderr


# -- usage and auth errors -----------------------------------------------------------------------


def test_missing_column_is_a_usage_error_naming_it(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "events.csv", ["externalEventId", "eventName"], [["w-1", "x"]])
    result = cli(url, "events", "upsert", str(path))
    assert result.exit_code == 2
    assert "missing required columns: externalAccountId, eventOrganizer" in result.stderr
    vid = write_csv(tmp_path / "vid.csv", ["email"], [["a@example.com"]])
    result = record(url, vid, "register", "--by-contact-id")
    assert result.exit_code == 2
    assert "missing required column: vid" in result.stderr
    assert fake.requests == []


@pytest.mark.parametrize(
    "options",
    [
        [],  # neither way to name the event
        ["--event-id", "w-1", "--object-id", "5"],  # both
        ["--object-id", "5", "--by-contact-id"],  # no object-id form
        ["--event-id", "w-1", "--existing-contacts-only"],  # needs --account-id
    ],
)
def test_event_options_are_checked_before_reading(
    url: str, tmp_path: Path, options: list[str]
) -> None:
    path = write_csv(tmp_path / "reg.csv", ["email", "vid"], [["a@example.com", "1"]])
    result = cli(url, "attendance", "record", str(path), "--state", "register", *options)
    assert result.exit_code == 2, result.stderr


def test_missing_token_is_exit_2(url: str, fake: FakeHubSpot, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "reg.csv", ["email"], [["a@example.com"]])
    result = cli(
        url,
        "attendance",
        "record",
        str(path),
        "--state",
        "register",
        "--event-id",
        "w-1",
        token=None,
    )
    assert result.exit_code == 2
    assert "HUBSPOT_ACCESS_TOKEN" in result.stderr
    assert fake.requests == []


def test_rejected_token_stops_the_job_with_exit_2(tmp_path: Path) -> None:
    fake = FakeHubSpot(rate_limit=None, token="the-right-one")
    fake.add_event(ACCOUNT, "w-1")
    path = write_csv(tmp_path / "reg.csv", ["email"], [[f"u{i}@example.com"] for i in range(30)])
    with running_server(fake) as url:
        result = cli(url, "--batch-size", "10", "attendance", "record", str(path), "--state", "register",
                     "--event-id", "w-1", "--account-id", ACCOUNT, "--json", token="wrong")  # fmt: skip
    assert result.exit_code == 2
    assert "stopped: 401" in result.stderr
    assert "run the same command with --resume to continue from line 2" in result.stderr
    assert "wrong" not in result.stderr  # the token never shows
    assert summary(result)["resume_line"] == 2


def test_plain_http_is_refused_for_a_host_that_is_not_loopback(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "reg.csv", ["email"], [["a@example.com"]])
    args = [
        "attendance",
        "record",
        str(path),
        "--state",
        "register",
        "--event-id",
        "w-1",
        "--dry-run",
    ]
    refused = cli("http://api.example.com", *args)
    assert refused.exit_code == 2
    assert "refusing plain http to api.example.com" in refused.stderr
    allowed = cli("http://api.example.com", "--allow-insecure-http", *args)
    assert allowed.exit_code == 0, allowed.stderr


@pytest.mark.parametrize(
    "base_url",
    ["https://ada:s3cret@api.example.com", "https://api.example.com/?hapikey=s3cret",
     "https://api.example.com/#s3cret"],
)  # fmt: skip
def test_a_base_url_that_would_send_elsewhere_is_refused_without_repeating_its_secret(
    tmp_path: Path, base_url: str
) -> None:
    path = write_csv(tmp_path / "reg.csv", ["email"], [["a@example.com"]])
    args = ["attendance", "record", str(path), "--state", "register", "--event-id", "w-1"]
    for extra in ([], ["--dry-run"]):
        refused = cli(base_url, *args, *extra)
        assert refused.exit_code == 2, "the client would send these requests somewhere else"
        assert "--base-url" in refused.stderr
        assert "s3cret" not in refused.stderr + refused.stdout, "the URL's secret was echoed"


# -- faults and interruptions --------------------------------------------------------------------


def test_every_row_is_accounted_for_when_a_tenth_of_requests_fail(tmp_path: Path) -> None:
    fake = FakeHubSpot(rate_limit=None, faults=Faults(fail_rate=0.1, drop_rate=0.02), seed=7)
    fake.add_event(ACCOUNT, "w-1")
    path = write_csv(tmp_path / "reg.csv", ["email", "interactionDateTime"], emails(2000))
    failed = tmp_path / "failed.csv"
    base = ["--batch-size", "20", "--max-retries", "0", "--concurrency", "1"]
    with running_server(fake) as url:
        result = cli(url, *base, "attendance", "record", str(path), "--state", "register",
                     "--event-id", "w-1", "--account-id", ACCOUNT, "--failed-out", str(failed), "--json")  # fmt: skip
        data = summary(result)
        assert data["total"] == 2000
        assert data["succeeded"] + data["failed"] == 2000
        assert data["failed"] > 0
        assert result.exit_code == 1
        with open(failed, encoding="utf-8", newline="") as stream:
            assert sum(1 for _ in stream) - 1 == data["failed"]
        # The failed rows, sent again (retries on this time), complete the job.
        again = cli(url, "--batch-size", "20", "--concurrency", "1", "attendance", "record", str(failed), "--state", "register",
                    "--event-id", "w-1", "--account-id", ACCOUNT, "--json")  # fmt: skip
        assert again.exit_code == 0, again.stderr
        assert counters(url)["registered"] == 2000


def test_ctrl_c_stops_cleanly_and_names_the_line_to_resume_from(
    url: str, fake: FakeHubSpot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_event(fake)
    path = write_csv(tmp_path / "reg.csv", ["email", "interactionDateTime"], emails(100))
    real_send_all = send_all

    async def interrupted(source: Any, send: Any, settle: Any, **kwargs: Any) -> None:
        calls = 0

        async def send_then_sigint(inputs: list[dict[str, Any]]) -> Any:
            nonlocal calls
            calls += 1
            if calls == 4:  # as if the user pressed Ctrl-C while the 4th request is on its way
                signal.raise_signal(signal.SIGINT)
            return await send(inputs)

        await real_send_all(source, send_then_sigint, settle, **kwargs)

    monkeypatch.setattr(_bulk, "send_all", interrupted)
    args = ["--batch-size", "10", "--concurrency", "1"]
    result = cli(url, *args, "attendance", "record", str(path), "--state", "register", "--event-id", "w-1",
                 "--account-id", ACCOUNT, "--json")  # fmt: skip
    assert result.exit_code == 130
    data = summary(result)
    assert data["interrupted"] is True
    settled = data["succeeded"]
    assert settled in (20, 30)  # groups settle in file order; the one in flight is not counted
    resume = data["resume_line"]
    assert resume == 2 + settled  # rows start on line 2: everything before it was accounted for
    assert f"with --resume to continue from line {resume}" in result.stderr

    monkeypatch.setattr(_bulk, "send_all", real_send_all)
    resumed = cli(url, *args, "attendance", "record", str(path), "--state", "register", "--event-id", "w-1",
                  "--account-id", ACCOUNT, "--start-line", str(resume), "--json")  # fmt: skip
    assert resumed.exit_code == 0
    assert summary(resumed)["total"] == 100 - settled
    assert counters(url)["registered"] == 100
