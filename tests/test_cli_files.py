"""The CLI's pure parts: file readers, the failed-rows writer, row mapping, options, progress."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import typer

from hubspot_events._results import BatchResult, Failure, Success
from hubspot_events.cli._files import (
    CsvSource,
    FailedRowsWriter,
    InputFileError,
    Row,
    count_lines,
    detect_format,
    jsonl_rows,
)
from hubspot_events.cli._progress import PlainProgress
from hubspot_events.cli._rows import (
    ColumnsError,
    CsvPreparer,
    JsonPreparer,
    RowError,
    SkipRow,
    parse_instant,
)
from hubspot_events.cli._run import Group, Tally, groups, outcome
from hubspot_events.cli._settings import check_base_url, is_loopback, parse_rate_limit


def csv_rows(data: bytes) -> tuple[list[str], list[Row]]:
    source = CsvSource(io.BytesIO(data), "test.csv")
    return source.header, list(source)


# -- CSV reading ---------------------------------------------------------------------------------


def test_csv_rows_carry_their_first_physical_line() -> None:
    data = b'email,note\na@example.com,"two\nlines"\n\nb@example.com,x\n'
    header, rows = csv_rows(data)
    assert header == ["email", "note"]
    assert [(r.line, r.data) for r in rows] == [
        (2, ["a@example.com", "two\nlines"]),
        (5, ["b@example.com", "x"]),  # line 4 is blank and skipped
    ]


def test_csv_bom_is_dropped_from_the_header() -> None:
    header, rows = csv_rows("\ufeffemail\nä@example.com\n".encode())
    assert header == ["email"]
    assert rows[0].data == ["ä@example.com"]


def test_csv_row_that_is_not_utf8_is_a_row_problem_naming_the_byte() -> None:
    _header, rows = csv_rows(
        b"email,name\na@example.com,ok\nb@example.com,Jos\xe9\nc@example.com,ok\n"
    )
    assert [r.problem is None for r in rows] == [True, False, True]
    assert rows[1].line == 3
    assert "not valid UTF-8" in (rows[1].problem or "")
    assert "0xe9" in (rows[1].problem or "")


def test_csv_header_that_is_not_utf8_is_a_file_error_naming_line_1() -> None:
    with pytest.raises(InputFileError, match="line 1"):
        CsvSource(io.BytesIO(b"em\xe9il\nx\n"), "test.csv")


def test_csv_empty_file_is_a_file_error() -> None:
    with pytest.raises(InputFileError, match="empty"):
        CsvSource(io.BytesIO(b""), "test.csv")


def test_csv_row_with_the_wrong_number_of_fields_is_a_row_problem() -> None:
    _, rows = csv_rows(b"a,b\n1,2\n1,2,3\n1\n")
    assert [r.problem for r in rows] == [
        None,
        "has 3 fields, the header has 2",
        "has 1 fields, the header has 2",
    ]


# -- JSONL reading -------------------------------------------------------------------------------


def test_jsonl_rows_skip_blank_lines_and_report_bad_ones() -> None:
    data = b'{"email": "a@example.com"}\n\n{not json}\n[1]\n{"email": "\xff"}\n'
    rows = list(jsonl_rows(io.BytesIO(data)))
    assert [r.line for r in rows] == [1, 3, 4, 5]
    assert rows[0].data == {"email": "a@example.com"}
    assert rows[0].problem is None
    assert "not valid JSON" in (rows[1].problem or "")
    assert "expected a JSON object" in (rows[2].problem or "")
    assert "not valid UTF-8" in (rows[3].problem or "")


def test_format_comes_from_the_option_or_the_extension() -> None:
    assert detect_format("x.CSV", None) == "csv"
    assert detect_format("x.ndjson", None) == "jsonl"
    assert detect_format("x.txt", "JSONL") == "jsonl"
    with pytest.raises(InputFileError, match="--format"):
        detect_format("x.txt", None)
    with pytest.raises(InputFileError, match="--format"):
        detect_format("-", None)


def test_count_lines(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"h\n1\n2")
    (tmp_path / "b.csv").write_bytes(b"h\n1\n2\n")
    assert count_lines(str(tmp_path / "a.csv")) == 3
    assert count_lines(str(tmp_path / "b.csv")) == 3
    assert count_lines("-") is None
    assert count_lines(str(tmp_path / "missing.csv")) is None


# -- failed rows ---------------------------------------------------------------------------------


def test_failed_csv_replaces_old_annotations_and_keeps_bytes(tmp_path: Path) -> None:
    out = tmp_path / "failed.csv"
    header = ["email", "error", "name", "correlationId"]
    writer = FailedRowsWriter(str(out), "csv", header)
    bad_bytes = b"Jos\xe9".decode("utf-8", "surrogateescape")
    writer.write(Row(2, ["a@example.com", "old", bad_bytes, "old-id"]), "NEW: why", "cid-1")
    writer.write(Row(3, ["b@example.com", "", "x", "", "extra"]), "WIDE", None)
    writer.close()
    assert out.read_bytes() == (
        b"email,name,error,correlationId\r\n"
        b"a@example.com,Jos\xe9,NEW: why,cid-1\r\n"
        b"b@example.com,x,WIDE,,extra\r\n"
    )


def test_failed_jsonl_adds_the_two_fields_and_keeps_unparseable_lines(tmp_path: Path) -> None:
    out = tmp_path / "failed.jsonl"
    writer = FailedRowsWriter(str(out), "jsonl", None)
    writer.write(Row(1, {"email": "a@example.com", "error": "old"}), "NEW", "cid")
    writer.write(Row(2, "{oops\n", "not valid JSON"), "UNREADABLE: not valid JSON", None)
    writer.close()
    assert out.read_text().splitlines() == [
        '{"email": "a@example.com", "error": "NEW", "correlationId": "cid"}',
        "{oops",
    ]


# -- mapping rows --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1717236000000", 1717236000000),
        ("2024-06-01T10:00:00Z", 1717236000000),
        ("2024-06-01T12:00:00+02:00", 1717236000000),
        (" 2024-06-01T10:00:00.5+00:00 ", 1717236000500),
    ],
)
def test_parse_instant(text: str, expected: int) -> None:
    assert parse_instant(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-06-01T10:00:00", "no UTC offset"),
        ("2024-06-01", "no UTC offset"),
        ("yesterday", "neither epoch milliseconds nor an ISO 8601"),
        ("1717236000.5", "neither epoch milliseconds nor an ISO 8601"),
    ],
)
def test_parse_instant_rejects(text: str, message: str) -> None:
    with pytest.raises(RowError, match=message):
        parse_instant(text)


def test_csv_preparer_maps_columns_to_the_api_shape() -> None:
    seen: list[str] = []
    header = ["email", "interactionDateTime", "properties.joinedAt", "contactProperties.firstname"]
    prepare = CsvPreparer("email", header, notice=seen.append)
    body = prepare(Row(2, ["a@example.com", "2024-06-01T10:00:00Z", "2024-06-01T10:01:00Z", "Ada"]))
    assert body == {
        "email": "a@example.com",
        "interactionDateTime": 1717236000000,
        "properties": {"joinedAt": "2024-06-01T10:01:00Z"},
        "contactProperties": {"firstname": "Ada"},
    }
    assert seen == []


def test_csv_preparer_events_booleans_custom_properties_and_default_account() -> None:
    header = [
        "externalEventId",
        "eventName",
        "eventOrganizer",
        "eventCancelled",
        "customProperties.room",
    ]
    prepare = CsvPreparer("events", header, account_id="acct", notice=print)
    body = prepare(Row(2, ["w-1", "Name", "Org", "TRUE", "A"]))
    assert body["externalAccountId"] == "acct"
    assert body["eventCancelled"] is True
    assert body["customProperties"] == [{"name": "room", "value": "A"}]
    with pytest.raises(RowError, match="eventCancelled: 'maybe' is not true or false"):
        prepare(Row(3, ["w-1", "Name", "Org", "maybe", ""]))


def test_csv_preparer_runs_the_clients_validation() -> None:
    prepare = CsvPreparer("email", ["email", "interactionDateTime"], notice=print)
    with pytest.raises(RowError, match="email: 'nope' is not an email address"):
        prepare(Row(2, ["nope", ""]))
    with pytest.raises(RowError, match="looks like epoch seconds"):
        prepare(Row(3, ["a@example.com", "1717236000"]))
    unchecked = CsvPreparer("email", ["email"], check=False, notice=print)
    assert unchecked(Row(2, ["nope"])) == {"email": "nope"}  # the client validates in a real run


def test_csv_preparer_missing_columns_name_them() -> None:
    with pytest.raises(
        ColumnsError, match="missing required columns: externalAccountId, eventName"
    ):
        CsvPreparer("events", ["externalEventId", "eventOrganizer"], notice=print)
    with pytest.raises(ColumnsError, match="missing required column: vid"):
        CsvPreparer("contact", ["email"], notice=print)
    with pytest.raises(ColumnsError, match="duplicate columns in the header: email"):
        CsvPreparer("email", ["email", "email"], notice=print)


def test_unknown_columns_give_one_notice() -> None:
    seen: list[str] = []
    prepare = CsvPreparer("email", ["email", "error", "correlationId", "foo"], notice=seen.append)
    prepare(Row(2, ["a@example.com", "x", "y", "z"]))
    prepare(Row(3, ["b@example.com", "x", "y", "z"]))
    assert len(seen) == 1
    assert "'error', 'correlationId', 'foo'" in seen[0]
    assert "--failed-out" in seen[0]


def test_json_preparer_drops_unknown_fields_with_one_notice_and_converts_iso() -> None:
    seen: list[str] = []
    prepare = JsonPreparer("email", notice=seen.append)
    row = {"email": "a@example.com", "interactionDateTime": "2024-06-01T10:00:00Z", "error": "x"}
    assert prepare(Row(4, row))["interactionDateTime"] == 1717236000000
    prepare(Row(5, row))
    assert len(seen) == 1
    assert seen[0].startswith("line 4: ")


def test_selector_columns_skip_rows_of_other_events() -> None:
    seen: list[str] = []
    header = ["externalEventId", "email"]
    prepare = CsvPreparer("email", header, select={"externalEventId": "w-1"}, notice=seen.append)
    assert prepare(Row(2, ["w-1", "a@example.com"]))["email"] == "a@example.com"
    assert prepare(Row(3, ["", "b@example.com"]))["email"] == "b@example.com"
    with pytest.raises(SkipRow):
        prepare(Row(4, ["w-2", "c@example.com"]))
    assert len(seen) == 1
    assert "only rows for externalEventId 'w-1'" in seen[0]


# -- grouping and accounting ---------------------------------------------------------------------


def test_groups_fill_requests_with_valid_rows_and_track_the_resume_line() -> None:
    prepare = CsvPreparer("email", ["email"], notice=print)
    rows = [Row(n, ["bad" if n % 3 == 0 else f"u{n}@example.com"]) for n in range(2, 12)]
    tally = Tally()
    made = list(groups(rows, prepare, 3, tally))
    assert [len(g.inputs) for g in made] == [3, 3, 1]
    assert [g.first_line for g in made] == [2, 6, 11]
    assert [len(g.rejected) for g in made] == [1, 2, 0]
    assert list(tally.pending) == [2, 6, 11]
    assert tally.next_line is None


def test_outcome_maps_client_indexes_back_to_rows() -> None:
    rows = [Row(2, ["a"]), Row(3, ["b"]), Row(4, ["c"])]
    group = Group(rows=rows, inputs=[{"email": "a"}, {"email": "c"}], positions=[0, 2])
    result = BatchResult(
        succeeded=[Success(0, {"email": "a"})],
        failed=[Failure(1, {"email": "c"}, "VALIDATION_ERROR", "no", "cid")],
    )
    succeeded, failures = outcome(group, result)
    assert succeeded == 1
    assert [(f.row.line, f.text, f.correlation_id) for f in failures] == [
        (4, "VALIDATION_ERROR: no", "cid")
    ]


def test_outcome_never_loses_a_row_the_client_did_not_report() -> None:
    rows = [Row(2, ["a"]), Row(3, ["b"])]
    group = Group(rows=rows, inputs=[{"email": "a"}, {"email": "b"}], positions=[0, 1])
    succeeded, failures = outcome(group, BatchResult(succeeded=[Success(0, {})]))
    assert succeeded == 1
    assert [(f.row.line, f.category) for f in failures] == [(3, "UNACCOUNTED")]


# -- options -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.10.0.3", True), ("::1", True), ("localhost", True),
     ("LOCALHOST", True), ("10.0.0.1", False), ("example.com", False), ("::2", False)],
)  # fmt: skip
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    "url",
    ["https://api.hubapi.com", "http://127.0.0.1:8080", "http://[::1]:9", "http://localhost"],
)
def test_base_url_accepted(url: str) -> None:
    check_base_url(url, allow_insecure_http=False)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://api.hubapi.com", "refusing plain http"),
        ("http://10.1.2.3:80", "refusing plain http"),
        ("ftp://127.0.0.1", "must start with https://"),
        ("api.hubapi.com", "must start with https://"),
        ("https://api.hubapi.com/?q=1", r"must not have a \?query"),
    ],
)
def test_base_url_refused(url: str, message: str) -> None:
    with pytest.raises(typer.BadParameter, match=message):
        check_base_url(url, allow_insecure_http=False)


def test_insecure_http_can_be_allowed() -> None:
    check_base_url("http://proxy.internal:8080", allow_insecure_http=True)


def test_rate_limit_option() -> None:
    assert parse_rate_limit("AUTO") == "auto"
    assert parse_rate_limit("off") is None
    assert parse_rate_limit("100/10s") == "100/10s"
    with pytest.raises(typer.BadParameter):
        parse_rate_limit("fast")


# -- progress ------------------------------------------------------------------------------------


def test_plain_progress_prints_every_interval_or_every_n_rows() -> None:
    now = [0.0]
    out = io.StringIO()
    progress = PlainProgress("job", 1000, out, clock=lambda: now[0], interval_s=5, every_rows=500)
    progress.advance(100, 0)
    assert out.getvalue() == ""
    now[0] = 5.0
    progress.advance(98, 2)
    assert out.getvalue() == "job: 200 of ~1,000 rows (2 failed), 40 rows/s, ~20 s left\n"
    progress.advance(500, 0)  # 500 rows since the last line
    assert len(out.getvalue().splitlines()) == 2


# -- spreadsheet formulas in the failed-rows file ----------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hubspot_events.cli._files import FORMULA_STARTS, escape_cell  # noqa: E402

_cells = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12)


@given(st.lists(_cells, min_size=2, max_size=2))
def test_failed_rows_cells_never_start_a_formula_and_read_back_unchanged(
    tmp_path_factory: pytest.TempPathFactory, values: list[str]
) -> None:
    header = ["=email", "note"]  # header names are stripped on reading; cells are not
    path = tmp_path_factory.mktemp("formula") / "failed.csv"
    writer = FailedRowsWriter(str(path), "csv", header)
    writer.write(Row(2, values), "=ERROR: " + values[0], "+corr")
    writer.close()
    with open(path, encoding="utf-8", newline="") as stream:
        import csv

        written = list(csv.reader(stream))
    assert not any(cell.startswith(FORMULA_STARTS[:-1]) for row in written for cell in row)
    source = CsvSource(io.BytesIO(path.read_bytes()), "failed.csv")
    assert source.header == [*header, "error", "correlationId"]
    (row,) = list(source)
    assert row.data == [*values, "=ERROR: " + values[0], "+corr"]


def test_a_users_own_file_keeps_its_leading_quotes() -> None:
    """Only our failed-rows files (error and correlationId columns) carry the mark to strip."""
    _, rows = csv_rows(b"email,contactProperties.note\na@example.com,'quoted\n")
    assert rows[0].data == ["a@example.com", "'quoted"]
    assert escape_cell("'quoted") == "''quoted"
    assert escape_cell("=1+1") == "'=1+1"
    assert escape_cell("-5") == "'-5"
    assert escape_cell("plain") == "plain"
