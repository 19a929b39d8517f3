"""Stream CSV and JSONL rows with their line numbers; write failed rows back in the same format.

Why by hand rather than ``csv.DictReader`` over a text file: a text stream decodes ahead of the
parser, so one byte that is not UTF-8 raises ``UnicodeDecodeError`` somewhere mid-iteration, with
no line number, and ends the run. Decoding each physical line on its own turns a bad byte into a
per-row failure that names its line, and keeps memory constant however long the file is.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
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


#: A failed-rows cell starting with one of these gets :data:`FORMULA_MARK` in front, so that a
#: spreadsheet shows it as text instead of running it as a formula (CSV injection). The mark
#: itself is in the list, so reading strips exactly one mark and every value round-trips.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
FORMULA_MARK = "'"


class InputFileError(Exception):
    """The file as a whole cannot be read (no header, header not UTF-8, unknown format)."""


class FailedOutError(Exception):
    """The failed-rows file cannot be written (disk full, I/O error): the run must stop, or failed
    rows would be lost."""


def escape_cell(value: str) -> str:
    """A cell as the failed-rows file writes it: never a spreadsheet formula (see above)."""
    return FORMULA_MARK + value if value.startswith(FORMULA_STARTS) else value


def unescape_cell(value: str) -> str:
    """The inverse of :func:`escape_cell`: one leading mark is the writer's, never the user's."""
    return value[1:] if value.startswith(FORMULA_MARK) else value


def written_by_us(header: list[str]) -> bool:
    """A CSV header with both annotation columns is a failed-rows file: its cells are escaped."""
    return all(column in header for column in ANNOTATIONS)


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


@dataclass(frozen=True, slots=True)
class FileScan:
    """A regular file's physical lines (the progress bar's total) and its fingerprint: its size
    and the SHA-256 of its bytes (the journal refuses to resume a file that changed)."""

    lines: int
    size: int
    sha256: str


def scan_file(path: str) -> FileScan | None:
    """Lines, size and hash in one streamed pass (1 MiB blocks); None for stdin and non-files."""
    if path == "-":
        return None
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        digest = hashlib.sha256()
        lines = size = 0
        last = b"\n"
        with open(path, "rb") as stream:
            while block := stream.read(_COUNT_CHUNK):
                digest.update(block)
                lines += block.count(b"\n")
                size += len(block)
                last = block[-1:]
        return FileScan(lines + (last != b"\n"), size, digest.hexdigest())
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
        #: A failed-rows file of ours: its cells carry :func:`escape_cell`'s mark, taken off here.
        self.escaped = written_by_us([column.strip() for column in header])
        if self.escaped:
            header = [unescape_cell(column) for column in header]
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
            if self.escaped:
                values = [unescape_cell(value) for value in values]
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
        except RecursionError:
            yield Row(number, text, "not valid JSON: nested too deeply")
            continue
        if not isinstance(data, dict):
            yield Row(number, text, f"expected a JSON object, got {type(data).__name__}")
            continue
        # The line was valid UTF-8, so only a \\u escape can make a lone surrogate: look then only.
        bad = _lone_surrogate(data) if "\\u" in stripped else None
        yield Row(number, text, bad) if bad else Row(number, data)


def _lone_surrogate(value: Any, at: str = "") -> str | None:
    """Where a lone surrogate (a ``\\ud800`` escape without its pair) is, as a problem; else None.

    Such a string is not Unicode: it cannot be encoded to send, so the row fails here, by field.
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            char = value[exc.start]
            return (
                f"{at or 'value'}: \\u{ord(char):04x} is a lone surrogate escape, not a character"
            )
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _lone_surrogate(key, f"{at}{'.' if at else ''}(a field name)")
            found = found or _lone_surrogate(item, f"{at}{'.' if at else ''}{key}")
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _lone_surrogate(item, f"{at}[{index}]")
            if found:
                return found
    return None


class FailedRows(Protocol):
    """Where a bulk run puts each failed row as soon as it is settled."""

    def write(self, row: Row, error: str, correlation_id: str | None) -> None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


class FailedRowsWriter:
    """Writes failed rows as soon as they are known, in the input's format plus two columns.

    The output is valid input for the same command: its ``error`` and ``correlationId`` columns
    are ignored on the way back in, so a user fixes the rows in place and runs the file again.
    CSV cells are escaped against formulas (:func:`escape_cell`) and unescaped when read back.

    ``append`` (a resumed run) adds to the rows an earlier run wrote instead of replacing them;
    the CSV header is written once, and a file whose header is another is refused.
    """

    def __init__(
        self, path: str, fmt: Format, header: list[str] | None, *, append: bool = False
    ) -> None:
        self.path = path
        self._fmt = fmt
        columns = header or []
        self._keep = [i for i, column in enumerate(columns) if column not in ANNOTATIONS]
        self._width = len(columns)
        head = [escape_cell(columns[i]) for i in self._keep] + list(ANNOTATIONS)
        has_rows = append and _size(path) > 0
        if has_rows and fmt == "csv":
            _check_header(path, head)
        try:
            # surrogateescape writes undecodable input bytes back unchanged: nothing is lost.
            self._stream: TextIO = open(  # noqa: SIM115 - closed by close()
                path, "a" if append else "w", encoding="utf-8", errors="surrogateescape", newline=""
            )
        except OSError as exc:
            raise InputFileError(f"cannot write {path}: {exc.strerror or exc}") from None
        self._csv: Any = csv.writer(self._stream) if fmt == "csv" else None
        if self._csv is not None and not has_rows:
            try:
                self._csv.writerow(head)
                self._stream.flush()  # a full disk shows now, before anything is sent
            except OSError as exc:
                self.close()
                raise InputFileError(f"cannot write {path}: {exc.strerror or exc}") from None

    def write(self, row: Row, error: str, correlation_id: str | None) -> None:
        try:
            self._write(row, error, correlation_id)
        except OSError as exc:
            raise FailedOutError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def _write(self, row: Row, error: str, correlation_id: str | None) -> None:
        if self._fmt == "csv":
            self._write_values(
                row.data if isinstance(row.data, list) else [], error, correlation_id
            )
        elif isinstance(row.data, dict):
            data = {k: v for k, v in row.data.items() if k not in ANNOTATIONS}
            data[ERROR_COLUMN] = error
            data[CORRELATION_COLUMN] = correlation_id
            self._stream.write(_json_line(data))
        else:
            # Not JSON at all: written back as it was, so that the same error comes back.
            text = row.data if isinstance(row.data, str) else ""
            self._stream.write(text if text.endswith("\n") else text + "\n")

    def _write_values(self, values: list[str], error: str, correlation_id: str | None) -> None:
        """One CSV row: the input's cells (escaped), then the two annotation columns."""
        kept = [values[i] if i < len(values) else "" for i in self._keep]
        # Values beyond the header are kept at the end: the row stays wrong, but nothing is lost.
        cells = [*kept, error, correlation_id or "", *values[self._width :]]
        self._csv.writerow([escape_cell(cell) for cell in cells])

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise FailedOutError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def close(self) -> None:
        with contextlib.suppress(OSError):  # a failed flush already stopped the run, saying so
            self._stream.close()


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _check_header(path: str, head: list[str]) -> None:
    """Appending to a CSV file with other columns would make it unreadable: refuse instead."""
    try:
        with open(path, encoding="utf-8", errors="surrogateescape", newline="") as stream:
            found = next(csv.reader(stream), [])
    except (OSError, csv.Error) as exc:
        raise InputFileError(f"cannot read {path} to add to it: {exc}") from None
    if [c.lstrip(_BOM) for c in found[:1]] + found[1:] != head:
        raise InputFileError(
            f"{path} holds failed rows with other columns ({', '.join(found)}); "
            "rows are added to a failed-rows file, never overwritten: pass another --failed-out"
        )


def _json_line(data: dict[str, Any]) -> str:
    try:
        text = json.dumps(data, ensure_ascii=False)
        text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        text = json.dumps(data)  # a lone surrogate from a \\u escape: keep it escaped
    return text + "\n"
