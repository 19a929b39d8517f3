"""Stream CSV and JSONL rows with their line numbers; write failed rows back in the same format.

Why by hand rather than ``csv.DictReader`` over a text file: a text stream decodes ahead of the
parser, so one byte that is not UTF-8 raises ``UnicodeDecodeError`` somewhere mid-iteration, with
no line number, and ends the run. Decoding each physical line on its own turns a bad byte into a
per-row failure that names its line, and keeps memory constant however long the file is.
"""

from __future__ import annotations

import csv
import json
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Literal, Protocol, TextIO

Format = Literal["csv", "jsonl"]
FORMATS: tuple[Format, ...] = ("csv", "jsonl")
#: Columns the failed-rows file adds; reading such a file again drops them (with the notice).
ERROR_COLUMN = "error"
CORRELATION_COLUMN = "correlationId"
ANNOTATIONS = (ERROR_COLUMN, CORRELATION_COLUMN)
_EXTENSIONS: dict[str, Format] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_BOM = "\ufeff"
_COUNT_CHUNK = 1 << 20


class InputFileError(Exception):
    """The file as a whole cannot be read (no header, header not UTF-8, unknown format)."""


@dataclass(slots=True)
class Row:
    """One input row: where it starts, what it holds, and why it cannot be used (if so).

    ``data`` is the list of CSV values, the parsed JSONL object, or (for a JSONL line that is not
    JSON) the line's text, so that the failed-rows file can carry it back unchanged.
    """

    line: int
    data: list[str] | dict[str, Any] | str
    problem: str | None = None


def detect_format(path: str, given: str | None) -> Format:
    """``--format`` if given, else the file extension; stdin needs ``--format``."""
    if given is not None:
        lowered = given.lower()
        if lowered not in FORMATS:
            raise InputFileError(f"--format must be one of {', '.join(FORMATS)}, got {given!r}")
        return "csv" if lowered == "csv" else "jsonl"
    extension = os.path.splitext(path)[1].lower()
    if extension in _EXTENSIONS:
        return _EXTENSIONS[extension]
    if path == "-":
        raise InputFileError("reading stdin: say which format with --format csv|jsonl")
    raise InputFileError(
        f"{path}: cannot tell the format from the extension {extension or '(none)'!r}; "
        "use .csv or .jsonl, or pass --format csv|jsonl"
    )


def open_input(path: str) -> BinaryIO:
    """The file (or stdin for ``-``) in binary mode: decoding is done per line, see the module doc."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from None


def count_lines(path: str) -> int | None:
    """Physical lines of a regular file (for the progress bar's total); None when not cheap.

    Counting newlines in 1 MiB blocks reads a 100 MB file in well under a second, which buys an ETA.
    """
    if path == "-":
        return None
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        lines = 0
        last = b"\n"
        with open(path, "rb") as stream:
            while block := stream.read(_COUNT_CHUNK):
                lines += block.count(b"\n")
                last = block[-1:]
        return lines + (last != b"\n")
    except OSError:
        return None


def _decode(raw: bytes, number: int) -> tuple[str, str | None]:
    """A physical line as text, and the problem when it is not UTF-8 (bytes kept via surrogates).

    Problems never repeat the line number: the failure report puts it in front of every message.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex()
        problem = (
            f"not valid UTF-8 (byte 0x{bad} at column {exc.start + 1}); save the file as UTF-8"
        )
        return raw.decode("utf-8", "surrogateescape"), problem
    if number == 1 and text.startswith(_BOM):
        text = text[1:]
    return text, None


class CsvSource:
    """Rows of a CSV file with a header row; the header is read (and checked) on construction."""

    def __init__(self, stream: BinaryIO, name: str) -> None:
        self._bad: dict[int, str] = {}
        self._reader = csv.reader(self._lines(stream))
        self.name = name
        try:
            header = next(self._reader)
        except StopIteration:
            raise InputFileError(f"{name} is empty: expected a header row") from None
        except csv.Error as exc:
            raise InputFileError(f"{name}: cannot read the header row: {exc}") from None
        if self._bad:
            raise InputFileError(f"{name}: line 1 (the header) is {next(iter(self._bad.values()))}")
        self.header = [column.strip() for column in header]
        self._last_line = self._reader.line_num

    def _lines(self, stream: BinaryIO) -> Iterator[str]:
        for number, raw in enumerate(stream, 1):
            text, problem = _decode(raw, number)
            if problem is not None:
                self._bad[number] = problem
            yield text

    def __iter__(self) -> Iterator[Row]:
        width = len(self.header)
        reader = self._reader
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                first = self._last_line + 1
                self._last_line = reader.line_num
                yield Row(first, [], f"not valid CSV: {exc}")
                continue
            first = self._last_line + 1
            self._last_line = reader.line_num
            if not values:
                continue  # a blank line
            problem = self._problem(first, reader.line_num) if self._bad else None
            if problem is None and len(values) != width:
                problem = f"has {len(values)} fields, the header has {width}"
            yield Row(first, values, problem)

    def _problem(self, first: int, last: int) -> str | None:
        found = None
        for number in [n for n in self._bad if n <= last]:
            message = self._bad.pop(number)
            if number >= first and found is None:
                found = message
        return found


def jsonl_rows(stream: BinaryIO) -> Iterator[Row]:
    """One JSON object per line; blank lines are skipped; anything else is a per-row problem."""
    for number, raw in enumerate(stream, 1):
        text, problem = _decode(raw, number)
        stripped = text.strip()
        if not stripped:
            continue
        if problem is not None:
            yield Row(number, text, problem)
            continue
        try:
            data = json.loads(stripped)
        except ValueError as exc:
            yield Row(number, text, f"not valid JSON: {exc}")
            continue
        if not isinstance(data, dict):
            yield Row(number, text, f"expected a JSON object, got {type(data).__name__}")
            continue
        yield Row(number, data)


class FailedRows(Protocol):
    """Where a bulk run puts each failed row as soon as it is settled."""

    def write(self, row: Row, error: str, correlation_id: str | None) -> None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


class FailedRowsWriter:
    """Writes failed rows as soon as they are known, in the input's format plus two columns.

    The output is valid input for the same command: its ``error`` and ``correlationId`` columns
    are ignored on the way back in, so a user fixes the rows in place and runs the file again.
    """

    def __init__(self, path: str, fmt: Format, header: list[str] | None) -> None:
        self.path = path
        self._fmt = fmt
        try:
            # surrogateescape writes undecodable input bytes back unchanged: nothing is lost.
            self._stream: TextIO = open(  # noqa: SIM115 - closed by close()
                path, "w", encoding="utf-8", errors="surrogateescape", newline=""
            )
        except OSError as exc:
            raise InputFileError(f"cannot write {path}: {exc.strerror or exc}") from None
        self._csv: Any = None
        if fmt == "csv":
            columns = header or []
            self._keep = [i for i, column in enumerate(columns) if column not in ANNOTATIONS]
            self._width = len(columns)
            self._csv = csv.writer(self._stream)
            self._csv.writerow([columns[i] for i in self._keep] + list(ANNOTATIONS))

    def write(self, row: Row, error: str, correlation_id: str | None) -> None:
        if self._fmt == "csv":
            values = row.data if isinstance(row.data, list) else []
            kept = [values[i] if i < len(values) else "" for i in self._keep]
            # Values beyond the header are kept at the end: the row stays wrong, but nothing is lost.
            self._csv.writerow([*kept, error, correlation_id or "", *values[self._width :]])
        elif isinstance(row.data, dict):
            data = {k: v for k, v in row.data.items() if k not in ANNOTATIONS}
            data[ERROR_COLUMN] = error
            data[CORRELATION_COLUMN] = correlation_id
            self._stream.write(_json_line(data))
        else:
            # Not JSON at all: written back as it was, so that the same error comes back.
            text = row.data if isinstance(row.data, str) else ""
            self._stream.write(text if text.endswith("\n") else text + "\n")

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        self._stream.close()


def _json_line(data: dict[str, Any]) -> str:
    try:
        text = json.dumps(data, ensure_ascii=False)
        text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        text = json.dumps(data)  # a lone surrogate from a \\u escape: keep it escaped
    return text + "\n"
