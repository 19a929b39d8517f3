"""``attendance import``: each preset imports a realistic export with the counts and times it implies.

The real CLI over real HTTP against the fake HubSpot on loopback; expectations come from the
sample builders (``_export_samples``), computed apart from the importer.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import _export_samples as samples
import pytest
from typer.testing import CliRunner, Result

from hubspot_events.cli import _bulk
from hubspot_events.cli._commands import app
from hubspot_events.cli.exports._mapping import load_preset
from hubspot_events.cli.exports._table import locate_table
from hubspot_events.testing import FakeHubSpot

ACCOUNT = "acct"
runner = CliRunner()


@pytest.fixture
def fake(shared: tuple[FakeHubSpot, str]) -> FakeHubSpot:
    shared[0].reset()
    for event in ("w-1", "ev-spring", "ev-summer"):
        shared[0].add_event(ACCOUNT, event)
    return shared[0]


@pytest.fixture
def url(shared: tuple[FakeHubSpot, str], fake: FakeHubSpot) -> str:
    return shared[1]


def cli(url: str, *args: str) -> Result:
    env = {"HUBSPOT_ACCESS_TOKEN": "test-token", "HUBSPOT_BASE_URL": url}
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def run_import(url: str, path: Path, preset: str, *extra: str, event: str | None = "w-1") -> Result:
    args = ["attendance", "import", str(path), "--preset", preset, "--account-id", ACCOUNT]
    if event is not None:
        args += ["--event-id", event]
    return cli(url, *args, *extra, "--json")


def summary(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def counters(fake: FakeHubSpot, event: str = "w-1") -> dict[str, int]:
    return fake.state.counters(ACCOUNT, event).as_json()


def times(fake: FakeHubSpot, email: str, event: str = "w-1") -> dict[str, Any]:
    """Per state the recorded interactionDateTime; plus joinedAt/leftAt of the attendance."""
    found: dict[str, Any] = {}
    for item in fake.state.history(ACCOUNT, event, email):
        assert item.state not in found, f"{email}: {item.state} recorded twice"
        found[item.state] = item.occurred_at
        if item.state == "attend":
            found["joinedAt"] = int(item.properties["joinedAt"])
            found["leftAt"] = int(item.properties["leftAt"])
    return found


# -- one sample per preset ---------------------------------------------------------------------


def test_zoom_attendees_records_registrations_attendances_and_first_join_times(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "zoom.csv", samples.zoom_attendees())
    failed = tmp_path / "failed.csv"
    result = run_import(
        url, path, "zoom-attendees", "--timezone", samples.NEW_YORK, "--failed-out", str(failed)
    )
    assert result.exit_code == 1, result.stderr  # the guest without an email
    data = summary(result)
    assert data["states"] == {"register": 4, "attend": 2, "cancel": 0}
    assert (data["succeeded"], data["failed"], data["merged_rows"]) == (4, 1, 2)
    assert counters(fake) == {"registered": 2, "attended": 2, "cancelled": 0, "noShows": 0}
    for email, expected in samples.ZOOM_ATTENDEES_EXPECTED.items():
        got = times(fake, email)
        want = dict(expected)
        if "attend" in want:
            want["joinedAt"] = want["attend"]
        assert got == want, f"{email}: recorded {got}, the export implies {want}"
    assert fake.state.participation(ACCOUNT, "w-1", "host@example.com") is None, "host recorded"
    assert fake.state.participation(ACCOUNT, "w-1", "panelist@example.com") is None
    assert f"line {samples.ZOOM_GUEST_LINE}: INVALID_INPUT: Email: is blank" in result.stderr
    assert "local times read in America/New_York" in result.stderr


def test_zoom_attended_no_is_a_registration_never_an_attendance(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "zoom.csv", samples.zoom_attendees())
    run_import(url, path, "zoom-attendees", "--timezone", samples.NEW_YORK)
    for email in ("alan@example.com", "edsger@example.com"):
        states = [i.state for i in fake.state.history(ACCOUNT, "w-1", email)]
        assert states == ["register"], f"{email} (Attended=No) recorded {states}"


def test_zoom_registrants_approved_register_cancelled_cancel_denied_and_pending_ignored(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "registrants.csv", samples.zoom_registrants())
    result = run_import(url, path, "zoom-registrants", "--timezone", samples.NEW_YORK)
    assert result.exit_code == 0, result.stderr
    data = summary(result)
    assert data["states"] == {"register": 3, "attend": 0, "cancel": 1}
    assert data["ignored"] == {"Approval Status denied": 1, "Approval Status pending": 1}
    assert counters(fake) == {"registered": 2, "attended": 0, "cancelled": 1, "noShows": 0}
    assert times(fake, "eve@example.com") == {
        "register": samples.ms("2026-04-19T16:30:00", samples.NEW_YORK)
    }
    assert fake.state.participation(ACCOUNT, "w-1", "bob@example.com") is None


def test_zoom_participants_collapse_repeat_joins_to_first_join_last_leave(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "participants.csv", samples.zoom_participants())
    result = run_import(url, path, "zoom-participants", "--timezone", samples.NEW_YORK)
    assert result.exit_code == 1, result.stderr  # the guest without an email
    data = summary(result)
    assert (data["succeeded"], data["failed"], data["merged_rows"]) == (2, 1, 3)
    assert counters(fake) == {"registered": 0, "attended": 2, "cancelled": 0, "noShows": 0}
    joined = samples.ms("2026-04-26T10:01:00", samples.NEW_YORK)
    left = samples.ms("2026-04-26T10:59:00", samples.NEW_YORK)
    assert times(fake, "ada@example.com") == {"attend": joined, "joinedAt": joined, "leftAt": left}
    assert "line 6: INVALID_INPUT: User Email: is blank" in result.stderr


def test_teams_utf16_tab_report_with_localized_dates(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "teams.csv", samples.teams_attendance())
    result = run_import(url, path, "teams-attendance", "--timezone", samples.WARSAW)
    assert result.exit_code == 1, result.stderr  # the external guest without an email
    data = summary(result)
    assert (data["encoding"], data["delimiter"]) == ("utf-16", "\t")
    assert data["ignored"] == {"Role Organizer": 1}
    assert counters(fake) == {"registered": 0, "attended": 2, "cancelled": 0, "noShows": 0}
    for email, (joined, left) in samples.TEAMS_EXPECTED.items():
        assert times(fake, email) == {"attend": joined, "joinedAt": joined, "leftAt": left}
    assert "line 13: INVALID_INPUT: Email: is blank" in result.stderr


def test_teams_live_event_actions_in_utc_need_no_timezone(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "live.csv", samples.teams_live_event())
    result = run_import(url, path, "teams-attendance")
    assert result.exit_code == 0, result.stderr
    assert summary(result)["ignored"] == {"Role Presenter": 1}
    for email, (joined, left) in samples.TEAMS_EXPECTED.items():
        assert times(fake, email) == {"attend": joined, "joinedAt": joined, "leftAt": left}


def test_eventbrite_cp1252_semicolons_routes_rows_to_their_events_and_merges_tickets(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "eventbrite.csv", samples.eventbrite_attendees())
    result = run_import(url, path, "eventbrite-attendees", event=None)
    assert result.exit_code == 0, result.stderr
    data = summary(result)
    assert (data["encoding"], data["delimiter"], data["merged_rows"]) == ("cp1252", ";", 2)
    assert counters(fake, "ev-spring") == {
        "registered": 0,
        "attended": 1,
        "cancelled": 1,
        "noShows": 0,
    }
    assert counters(fake, "ev-summer") == {
        "registered": 1,
        "attended": 0,
        "cancelled": 1,
        "noShows": 0,
    }
    zoe = fake.state.history(ACCOUNT, "ev-spring", "zoe@example.com")
    assert sorted(i.state for i in zoe) == ["attend", "register"], "two tickets sent twice"
    assert times(fake, "ivan@example.com", "ev-summer") == {
        "register": samples.EVENTBRITE_ORDER_MS["ivan@example.com"]
    }
    contact = fake.state.contact("zoe@example.com")
    assert contact is not None
    assert contact.properties.get("firstname") == "Zoë"
    assert "times read with their own UTC offsets" in result.stderr


def test_goto_attendees_with_zone_abbreviations(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "goto.csv", samples.goto_attendees())
    result = run_import(url, path, "goto-attendees", "--timezone", samples.NEW_YORK)
    assert result.exit_code == 0, result.stderr
    for email, expected in samples.GOTO_EXPECTED.items():
        want = dict(expected)
        if "attend" in want:
            want["joinedAt"] = want["attend"]
        assert times(fake, email) == want


# -- nothing is sent when the file cannot work -------------------------------------------------


def test_offset_less_times_without_timezone_fail_naming_the_column(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "zoom.csv", samples.zoom_attendees())
    result = run_import(url, path, "zoom-attendees")
    assert result.exit_code == 2
    assert (
        "Registration Time: times like '04/20/2026 08:15:00 AM' carry no UTC offset"
        in result.stderr
    )
    assert "--timezone" in result.stderr
    assert fake.requests == [], "sent before the usage error"


def test_wrong_export_fails_listing_expected_and_found_headers(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "registrants.csv", samples.zoom_registrants())
    result = run_import(url, path, "zoom-attendees", "--timezone", samples.NEW_YORK)
    assert result.exit_code == 2
    assert "no section titled 'Attendee Details'" in result.stderr
    assert "email (Email or User Email), status (Attended)" in result.stderr
    assert "First Name | Last Name | Email | Registration Time | Approval Status" in result.stderr
    assert fake.requests == []


def test_event_id_on_a_file_covering_several_events_is_refused(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "eventbrite.csv", samples.eventbrite_attendees())
    result = run_import(url, path, "eventbrite-attendees", event="ev-spring")
    assert result.exit_code == 2
    assert "covers 2 events in its Event ID column (ev-spring, ev-summer)" in result.stderr
    assert fake.requests == []


def test_no_event_named_is_a_usage_error(url: str, fake: FakeHubSpot, tmp_path: Path) -> None:
    path = write(tmp_path, "zoom.csv", samples.zoom_attendees())
    result = run_import(url, path, "zoom-attendees", "--timezone", samples.NEW_YORK, event=None)
    assert result.exit_code == 2
    assert "name the event with --event-id" in result.stderr


def test_preset_or_map_exactly_one(url: str, fake: FakeHubSpot, tmp_path: Path) -> None:
    path = write(tmp_path, "zoom.csv", samples.zoom_attendees())
    result = cli(url, "attendance", "import", str(path), "--event-id", "w-1")
    assert result.exit_code == 2
    assert "pass exactly one of --preset NAME" in result.stderr
    unknown = cli(url, "attendance", "import", str(path), "--preset", "webex", "--event-id", "w-1")
    assert "unknown preset 'webex'; presets are eventbrite-attendees" in unknown.stderr


# -- dry run, failed rows, custom maps ---------------------------------------------------------


def test_dry_run_previews_rows_as_sent_in_utc_and_sends_nothing(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "zoom.csv", samples.zoom_attendees())
    result = run_import(url, path, "zoom-attendees", "--timezone", samples.NEW_YORK, "--dry-run")
    assert result.exit_code == 1, result.stderr
    assert fake.requests == [], "a dry run sent requests"
    assert summary(result)["states"] == {"register": 4, "attend": 2, "cancel": 0}
    # Ada: registered 08:15 EDT = 12:15 UTC; first join 10:01:10 EDT; last leave 11:00 EDT.
    preview = [line for line in result.stderr.splitlines() if "ada@example.com" in line]
    assert len(preview) == 2
    assert "16,19" in preview[0]
    assert "register" in preview[0]
    assert "2026-04-20 12:15:00" in preview[0]
    assert "attend" in preview[1]
    assert "2026-04-26 14:01:10" in preview[1]
    assert "2026-04-26 15:00:00" in preview[1]


def test_failed_rows_keep_source_columns_and_import_again_with_the_same_preset(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "participants.csv", samples.zoom_participants())
    failed = tmp_path / "failed.csv"
    run_import(
        url, path, "zoom-participants", "--timezone", samples.NEW_YORK, "--failed-out", str(failed)
    )
    with open(failed, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][:4] == ["Name (Original Name)", "User Email", "Join Time", "Leave Time"]
    assert rows[0][-2:] == ["error", "correlationId"]
    assert len(rows) == 2
    assert rows[1][0] == "Guest Person"
    rows[1][1] = "guest@example.com"  # the user fixes the row
    with open(failed, "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    again = run_import(url, failed, "zoom-participants", "--timezone", samples.NEW_YORK)
    assert again.exit_code == 0, again.stderr
    assert fake.state.participation(ACCOUNT, "w-1", "guest@example.com") == "ATTENDED"


def test_failed_source_cells_never_start_a_formula_and_import_again_unchanged(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    formula = '=HYPERLINK("https://example.com/x","click")'
    quoted = '"' + formula.replace('"', '""') + '"'  # as a CSV cell
    data = samples.zoom_participants().replace(b"Guest Person", quoted.encode())
    path = write(tmp_path, "participants.csv", data)
    failed = tmp_path / "failed.csv"
    run_import(
        url, path, "zoom-participants", "--timezone", samples.NEW_YORK, "--failed-out", str(failed)
    )
    with open(failed, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[1][0] == "'" + formula, "a spreadsheet would run the name cell as a formula"
    mapping = load_preset("zoom-participants")
    table = locate_table(str(failed), mapping, encoding=None, delimiter=None)
    (read_back,) = list(table.rows(mapping))
    assert read_back.data[0] == formula, "the importer must read back exactly the source's value"


def test_a_resumed_import_adds_to_its_failed_rows_file_instead_of_replacing_it(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "participants.csv", samples.zoom_participants())
    failed = tmp_path / "failed.csv"
    args = ("--timezone", samples.NEW_YORK, "--failed-out", str(failed))
    first = run_import(url, path, "zoom-participants", *args)
    assert first.exit_code == 1, first.stderr
    again = run_import(url, path, "zoom-participants", *args, "--start-line", "2")
    assert again.exit_code == 1, again.stderr
    with open(failed, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert [row[0] for row in rows].count("Name (Original Name)") == 1, "one header"
    assert [row[0] for row in rows[1:]] == ["Guest Person", "Guest Person"], (
        "the first run's failed row must survive the second run"
    )


def test_a_person_with_one_bad_row_fails_whole_so_the_fix_recollapses(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    data = samples.zoom_participants().replace(b"04/26/2026 10:25:00 AM", b"26/26/2026 10:25")
    path = write(tmp_path, "participants.csv", data)
    failed = tmp_path / "failed.csv"
    result = run_import(
        url, path, "zoom-participants", "--timezone", samples.NEW_YORK, "--failed-out", str(failed)
    )
    assert (
        "line 5: INVALID_INPUT: Join Time: '26/26/2026 10:25' is not a date-time" in result.stderr
    )
    assert "(line 8)" in result.stderr
    assert fake.state.participation(ACCOUNT, "w-1", "ada@example.com") is None
    written = failed.read_text(encoding="utf-8").splitlines()
    assert sum("ada@example.com" in line.lower() for line in written) == 3, (
        "Ada's rows not all kept"
    )


def test_custom_map_file_reads_any_export(url: str, fake: FakeHubSpot, tmp_path: Path) -> None:
    mapping = tmp_path / "crm.toml"
    mapping.write_text(
        'title = "our CRM export"\nrequired = ["email", "status"]\n'
        'date_formats = ["%d/%m/%Y %H:%M"]\n'
        '[columns]\n"E-mail" = "email"\n"Vorname" = "contactProperties.firstname"\n'
        '"Angemeldet" = "registeredAt"\n"Status" = "status"\n"Webinar" = "eventId"\n'
        '[status]\n"angemeldet" = ["register"]\n"storniert" = ["register", "cancel"]\n',
        encoding="utf-8",
    )
    export = tmp_path / "crm.csv"
    export.write_text(
        "E-mail;Vorname;Angemeldet;Status;Webinar\n"
        "ada@example.com;Ada;03/04/2026 09:30;angemeldet;w-1\n"
        "bob@example.com;Bob;04/04/2026 10:00;storniert;ev-spring\n",
        encoding="utf-8",
    )
    result = cli(url, "attendance", "import", str(export), "--map", str(mapping), "--account-id", ACCOUNT,
                 "--timezone", "Europe/Berlin", "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert times(fake, "ada@example.com") == {
        "register": samples.ms("2026-04-03T09:30:00", "Europe/Berlin")
    }
    assert fake.state.participation(ACCOUNT, "ev-spring", "bob@example.com") == "CANCELLED"


def test_bad_map_file_names_the_key(url: str, fake: FakeHubSpot, tmp_path: Path) -> None:
    mapping = tmp_path / "bad.toml"
    mapping.write_text('[columns]\n"Email" = "mail"\n', encoding="utf-8")
    result = cli(url, "attendance", "import", "x.csv", "--map", str(mapping), "--event-id", "w-1")
    assert result.exit_code == 2
    assert "columns.'Email': unknown field 'mail'" in result.stderr


def test_presets_lists_every_preset_and_its_mapping(url: str) -> None:
    result = cli(url, "presets", "--json")
    assert result.exit_code == 0
    listed = {item["name"]: item for item in json.loads(result.stdout)}
    assert set(listed) == {
        "zoom-attendees", "zoom-registrants", "zoom-participants", "teams-attendance",
        "eventbrite-attendees", "goto-attendees",
    }  # fmt: skip
    assert "status: yes=register+attend, no=register" in listed["zoom-attendees"]["maps"]


def test_the_progress_total_counts_people_not_file_lines(
    url: str, fake: FakeHubSpot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    totals: list[int | None] = []
    real = _bulk.make_progress

    def recording(label: str, total: int | None, console: Any, **kwargs: Any) -> Any:
        totals.append(total)
        return real(label, total, console, **kwargs)

    monkeypatch.setattr(_bulk, "make_progress", recording)
    path = write(tmp_path, "participants.csv", samples.zoom_participants())
    result = run_import(url, path, "zoom-participants", "--timezone", samples.NEW_YORK)
    assert totals == [summary(result)["total"]], (
        "five join rows of three people: the bar must run to the people sent, not the lines"
    )


def test_an_import_onto_a_missing_event_stops_after_the_first_request_and_resumes(
    url: str, fake: FakeHubSpot, tmp_path: Path
) -> None:
    path = write(tmp_path, "participants.csv", samples.zoom_participants())
    failed = tmp_path / "failed.csv"
    args = ("--timezone", samples.NEW_YORK, "--failed-out", str(failed))
    before = len(fake.requests)
    run = cli(url, "--batch-size", "1", "--concurrency", "1", "attendance", "import", str(path),
              "--preset", "zoom-participants", "--account-id", ACCOUNT, "--event-id", "w-404",
              *args, "--json")  # fmt: skip
    assert run.exit_code == 1, run.stderr
    assert len(fake.requests) - before == 1, "one 404 proves the event is missing: stop there"
    assert "stopped: 404" in run.stderr
    fake.add_event(ACCOUNT, "w-404")
    resumed = cli(url, "--batch-size", "1", "--concurrency", "1", "attendance", "import", str(path),
                  "--preset", "zoom-participants", "--account-id", ACCOUNT, "--event-id", "w-404",
                  *args, "--json", "--resume")  # fmt: skip
    assert resumed.exit_code == 1, resumed.stderr  # the guest without an email still fails
    assert counters(fake, "w-404")["attended"] == 2, "Ada and Grace, once the event exists"
