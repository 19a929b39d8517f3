"""The export reader's parts on their own: encodings, delimiters, sections, times, staging, routing."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import _export_samples as samples
import pytest

from hubspot_events._errors import AuthenticationError, InternalServerError
from hubspot_events._results import BatchResult, Failure, Success
from hubspot_events.cli._files import InputFileError
from hubspot_events.cli.exports._mapping import MappingError, load_preset, parse_mapping
from hubspot_events.cli.exports._send import Part, RoutedSend
from hubspot_events.cli.exports._staging import Staging
from hubspot_events.cli.exports._table import locate_table
from hubspot_events.cli.exports._times import NeedsZone, TimeColumn

ZOOM_ROWS = [",".join(samples.ZOOM_ATTENDEE_HEADER), "No,A,A,B,a@example.com,,,approved,,,,,,"]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "detected"),
    [
        ("utf-8", ",", "utf-8"),
        ("utf-8-sig", ";", "utf-8-sig"),
        ("utf-16", "\t", "utf-16"),
        ("cp1252", ";", "cp1252"),
    ],
)
def test_encoding_and_delimiter_are_detected(
    tmp_path: Path, encoding: str, delimiter: str, detected: str
) -> None:
    header = delimiter.join(samples.EVENTBRITE_HEADER)
    row = delimiter.join(
        [
            "1",
            "2026-04-10 09:15:00",
            "Zoë",
            "Q",
            "z@example.com",
            "1",
            "G",
            "5",
            "Attending",
            "E",
            "e-1",
        ]
    )
    path = tmp_path / "x.csv"
    path.write_bytes(f"{header}\r\n{row}\r\n".encode(encoding))
    table = locate_table(
        str(path), load_preset("eventbrite-attendees"), encoding=None, delimiter=None
    )
    assert (table.encoding, table.delimiter) == (detected, delimiter)
    assert next(iter(table.rows(load_preset("eventbrite-attendees")))).data[2] == "Zoë"  # type: ignore[index]


def test_headers_match_case_and_space_insensitively(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("  EMAIL ,attended,JOIN   time\nx@example.com,Yes,\n", encoding="utf-8")
    table = locate_table(str(path), load_preset("zoom-attendees"), encoding=None, delimiter=None)
    assert table.index["email"] == [0]
    assert table.index["joinedAt"] == [2]


def test_the_attendee_section_is_chosen_over_host_and_panelist_sections(tmp_path: Path) -> None:
    path = tmp_path / "zoom.csv"
    path.write_bytes(samples.zoom_attendees())
    mapping = load_preset("zoom-attendees")
    table = locate_table(str(path), mapping, encoding=None, delimiter=None)
    assert table.header_line == 15
    emails = [row.data[4] for row in table.rows(mapping)]  # type: ignore[index]
    assert "host@example.com" not in emails
    assert "panelist@example.com" not in emails
    assert emails[0] == "ada@example.com"


def test_a_host_section_alone_is_not_taken_for_attendees(tmp_path: Path) -> None:
    text = samples.zoom_attendees().decode("utf-8-sig").split("Attendee Details")[0]
    path = tmp_path / "hosts.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError, match="no section titled 'Attendee Details'"):
        locate_table(str(path), load_preset("zoom-attendees"), encoding=None, delimiter=None)


def test_a_bad_byte_fails_its_row_only(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(
        (ZOOM_ROWS[0] + "\n" + ZOOM_ROWS[1] + "\n").encode()
        + b"No,\xff,A,B,b@example.com,,,,,,,,,\n"
    )
    mapping = load_preset("zoom-attendees")
    rows = list(locate_table(str(path), mapping, encoding="utf-8", delimiter=None).rows(mapping))
    assert [r.problem is None for r in rows] == [True, False]
    assert rows[1].problem is not None
    assert "not valid UTF-8" in rows[1].problem


def test_day_and_month_order_is_taken_from_the_file() -> None:
    column = TimeColumn("Join Time", ["%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M"], ZoneInfo("UTC"))
    assert column.fit(["03/04/2026 10:00", "25/04/2026 10:00"]) is None
    assert column.parse("03/04/2026 10:00") == samples.ms("2026-04-03T10:00:00", "UTC")


def test_ambiguous_dates_are_read_month_first_with_a_notice() -> None:
    column = TimeColumn("Join Time", ["%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M"], ZoneInfo("UTC"))
    notice = column.fit(["03/04/2026 10:00"])
    assert notice is not None
    assert "pass --date-format" in notice
    assert column.parse("03/04/2026 10:00") == samples.ms("2026-03-04T10:00:00", "UTC")


def test_offsets_win_over_the_zone_and_naive_times_need_one() -> None:
    with_zone = TimeColumn("Order Date", [], ZoneInfo("Europe/Berlin"))
    assert with_zone.parse("2026-04-10 09:15:00-07:00") == samples.ms(
        "2026-04-10T09:15:00", "America/Los_Angeles"
    )
    assert with_zone.local == 0
    with pytest.raises(NeedsZone, match="Order Date: times like"):
        TimeColumn("Order Date", [], None).parse("2026-04-10 09:15:00")


def test_zone_abbreviations_are_dropped_and_utc_is_honoured() -> None:
    column = TimeColumn("Join Time", ["%m/%d/%Y %I:%M %p"], ZoneInfo(samples.NEW_YORK))
    assert column.parse("04/26/2026 10:01 AM EDT") == samples.ms(
        "2026-04-26T10:01:00", samples.NEW_YORK
    )
    assert column.parse("04/26/2026 02:01 PM UTC") == samples.ms("2026-04-26T14:01:00", "UTC")


def test_staging_returns_each_persons_rows_together_in_first_line_order() -> None:
    staging = Staging()
    try:
        for line, key in [(2, "b"), (3, "a"), (4, "b"), (5, "c"), (6, "a")]:
            staging.add(line, key, {"line": line})
        people, rows, examples = staging.finish()
        assert (people, rows, examples) == (2, 4, [[2, 4], [3, 6]])
        assert [[r["line"] for r in p] for p in staging.people()] == [[2, 4], [3, 6], [5]]
    finally:
        staging.close()


def test_mapping_errors_name_the_key() -> None:
    with pytest.raises(MappingError, match="unknown state 'attended'"):
        parse_mapping("m", {"columns": {"Email": "email"}, "states": ["attended"]}, "m")
    with pytest.raises(MappingError, match="status column needs a \\[status\\] table"):
        parse_mapping("m", {"columns": {"Email": "email", "S": "status"}}, "m")


# -- routing one group to (event, state) requests ----------------------------------------------


def person(email: str, event: str, *states: str) -> dict[str, Any]:
    return {"email": email, "event": event, "account": "acct", "rows": 1,
            "records": {s: {"email": email} for s in states}}  # fmt: skip


def test_a_group_is_split_by_event_and_state_and_merged_back_by_person() -> None:
    calls: list[tuple[Part, list[str]]] = []

    async def record(part: Part, subscribers: list[dict[str, Any]]) -> BatchResult:
        calls.append((part, [s["email"] for s in subscribers]))
        result = BatchResult(requests=1)
        for i, item in enumerate(subscribers):
            if part[2] == "attend" and item["email"] == "b@example.com":
                result.failed.append(Failure(i, item, "VALIDATION_ERROR", "bad", "cid-1"))
            else:
                result.succeeded.append(Success(i, item))
        return result

    send = RoutedSend()
    inputs = [
        person("a@example.com", "e1", "register", "attend"),
        person("b@example.com", "e1", "register", "attend"),
        person("c@example.com", "e2", "register"),
    ]
    result = asyncio.run(send.send(inputs, record))
    assert sorted(calls) == [
        (("e1", "acct", "attend"), ["a@example.com", "b@example.com"]),
        (("e1", "acct", "register"), ["a@example.com", "b@example.com"]),
        (("e2", "acct", "register"), ["c@example.com"]),
    ]
    assert sorted(s.index for s in result.succeeded) == [0, 2]
    [failure] = result.failed
    assert failure.index == 1
    assert failure.correlation_id == "cid-1"
    assert failure.message == "attend failed: bad (register recorded)"
    assert send.recorded == {"register": 3, "attend": 1}
    assert result.requests == 3


def test_a_failed_request_fails_its_part_and_credentials_stop_the_job() -> None:
    async def broken(part: Part, subscribers: list[dict[str, Any]]) -> BatchResult:
        if part[2] == "attend":
            raise InternalServerError("boom", status_code=503)
        return BatchResult(succeeded=[Success(i, s) for i, s in enumerate(subscribers)], requests=1)

    result = asyncio.run(
        RoutedSend().send([person("a@example.com", "e1", "register", "attend")], broken)
    )
    assert [f.message for f in result.failed] == ["attend failed: boom (register recorded)"]

    async def unauthorized(part: Part, subscribers: list[dict[str, Any]]) -> BatchResult:
        raise AuthenticationError("expired", status_code=401)

    with pytest.raises(AuthenticationError):
        asyncio.run(RoutedSend().send([person("a@example.com", "e1", "register")], unauthorized))
