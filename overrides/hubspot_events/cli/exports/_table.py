"""Find the table in a platform's export: its encoding, delimiter, section and header row.

Exports are not plain CSV: Zoom puts a webinar summary, hosts and panelists before the attendees,
Teams writes UTF-16 with tabs, a European Excel saves with semicolons in cp1252. The mapping
says which columns the table must have; this module reads the first lines of the file with each
encoding and delimiter that could apply until a header row has them (after the mapping's section
title when the file has one), and otherwise fails naming what it found and what it expected,
before anything is sent. Rows are then streamed with their physical line numbers, so memory stays
constant and a bad byte fails its row only.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from hubspot_events.cli._files import InputFileError, Row, unescape_cell, written_by_us
from hubspot_events.cli.exports._mapping import ExportMapping, normalize, normalize_title

#: Lines (at most) read to find the header; Zoom's preamble with many panelists stays well below.
HEAD_LINES = 2000
_SNIFF_BYTES = 1 << 16
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_DELIMITER_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t"}
_SURROGATE = re.compile("[\udc80-\udcff]")


def delimiter_option(text: str) -> str:
    """``--delimiter``: one character, or comma / semicolon / tab / \\t."""
    value = _DELIMITER_NAMES.get(text.strip().lower(), text)
    if len(value) != 1:
        raise InputFileError(
            f"--delimiter must be one character or comma, semicolon, tab; got {text!r}"
        )
    return value


def encoding_option(text: str) -> str:
    try:
        return codecs.lookup(text).name
    except LookupError:
        raise InputFileError(
            f"--encoding: unknown encoding {text!r}; e.g. utf-8, utf-16, cp1252"
        ) from None


def detect_encoding(path: str) -> str:
    """A BOM decides; else UTF-16 without a BOM if every other byte is NUL; else UTF-8 if the
    first 64 KiB decode as UTF-8; else cp1252 (what Excel on Windows writes)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and not head[0::2].count(0):
        return "utf-16-le"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _strict_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


@dataclass
class Table:
    """Where the table is, and how to read it."""

    path: str
    encoding: str
    delimiter: str
    header: list[str]
    header_line: int
    #: field -> indexes of the columns feeding it, in the mapping's order.
    index: dict[str, list[int]]
    #: Up to a few hundred rows after the header (for choosing date formats).
    sample: list[list[str]] = field(default_factory=list)

    @property
    def delimiter_name(self) -> str:
        return DELIMITERS.get(self.delimiter, repr(self.delimiter))

    def rows(self, mapping: ExportMapping) -> Iterator[Row]:
        """The table's rows, each with its first physical line; ends at an ``ends_at`` title."""
        ends = {normalize_title(t) for t in (*mapping.ends_at, *mapping.section)}
        width = len(self.header)
        # A failed-rows file of an earlier import: its cells were escaped against formulas.
        escaped = written_by_us([column.strip() for column in self.header])
        bad: dict[int, str] = {}
        with _open_text(self.path, self.encoding) as stream:
            reader = csv.reader(_lines(stream, self.encoding, bad), delimiter=self.delimiter)
            last = 0
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    first, last = last + 1, reader.line_num
                    if first > self.header_line:
                        yield Row(first, [], f"not valid CSV: {exc}")
                    continue
                first, last = last + 1, reader.line_num
                if first <= self.header_line or not any(v.strip() for v in values):
                    continue
                if values[0].strip() and normalize_title(values[0]) in ends:
                    return
                problem = next((bad.pop(n) for n in sorted(bad) if first <= n <= last), None)
                for n in [n for n in bad if n <= last]:
                    del bad[n]
                values = values + [""] * (width - len(values)) if len(values) < width else values
                if escaped:
                    values = [unescape_cell(value) for value in values]
                yield Row(first, values, problem)


def _open_text(path: str, encoding: str) -> TextIO:
    errors = "surrogateescape" if _strict_utf8(encoding) else "replace"
    try:
        return open(path, encoding=encoding, errors=errors, newline="")
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from None


def _lines(stream: Iterator[str], encoding: str, bad: dict[int, str]) -> Iterator[str]:
    """Lines as text; a line with bytes that are not ``encoding`` is noted in ``bad``."""
    check = _strict_utf8(encoding)
    for number, text in enumerate(stream, 1):
        if check and _SURROGATE.search(text):
            bad[number] = "not valid UTF-8; save the file as UTF-8 or pass --encoding (e.g. cp1252)"
        elif not check and "\ufffd" in text:
            bad[number] = f"has bytes that are not {encoding}; pass the right --encoding"
        yield text


def _head(path: str, encoding: str) -> list[str]:
    lines: list[str] = []
    try:
        with _open_text(path, encoding) as stream:
            for text in stream:
                lines.append(text)
                if len(lines) >= HEAD_LINES:
                    break
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{path} is not {encoding}: {exc}; pass --encoding") from None
    return lines


@dataclass
class _Found:
    header_line: int
    header: list[str]
    index: dict[str, list[int]]
    sample: list[list[str]]


def _match(values: list[str], mapping: ExportMapping) -> dict[str, list[int]] | None:
    """Column indexes per field when the row is a header with every required field."""
    positions: dict[str, list[int]] = {}
    for i, cell in enumerate(values):
        positions.setdefault(normalize(cell), []).append(i)
    index: dict[str, list[int]] = {}
    for column in mapping.columns:
        for i in positions.get(normalize(column.name), []):
            index.setdefault(column.field, []).append(i)
    if all(f in index for f in mapping.required):
        return index
    return None


def _parsed(lines: list[str], delimiter: str) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(lines, delimiter=delimiter)
    last = 0
    try:
        for values in reader:
            rows.append((last + 1, values))
            last = reader.line_num
    except csv.Error:
        pass  # the head ends mid-field or the delimiter is wrong: use what was read
    return rows


def _locate(rows: list[tuple[int, list[str]]], mapping: ExportMapping) -> _Found | None:
    """The header row: after a section title of the mapping, or before any titled section."""
    wanted = {normalize_title(t) for t in mapping.section}
    others = {normalize_title(t) for t in mapping.ends_at} - wanted
    section: str | None = None  # None: no title seen yet; "wanted" / "other"
    for position, (line, values) in enumerate(rows):
        filled = [v for v in values if v.strip()]
        if len(filled) == 1 and values[0].strip():
            title = normalize_title(values[0])
            if title in wanted:
                section = "wanted"
                continue
            if title in others:
                section = "other"
                continue
        if section == "other":
            continue
        index = _match(values, mapping)
        if index is not None:
            sample = [v for _, v in rows[position + 1 : position + 501]]
            return _Found(line, [v.strip() for v in values], index, sample)
    return None


def _expected(mapping: ExportMapping) -> str:
    parts = [f"{f} ({' or '.join(mapping.sources(f))})" for f in mapping.required]
    return ", ".join(parts)


def _found_rows(rows: list[tuple[int, list[str]]]) -> str:
    """The rows most like a header: the first with several columns, and the widest."""
    filled = [(line, [v.strip() for v in values if v.strip()]) for line, values in rows]
    several = [(line, cells) for line, cells in filled if len(cells) >= 2]
    if not several:
        return "no row with several columns"
    widest = max(several, key=lambda item: len(item[1]))
    shown = sorted({several[0][0]: several[0], widest[0]: widest}.values())
    return "; ".join(f"line {line}: {' | '.join(cells)}" for line, cells in shown)


def locate_table(
    path: str, mapping: ExportMapping, *, encoding: str | None, delimiter: str | None
) -> Table:
    """Find the table or fail (``InputFileError``) saying what was expected and what was found."""
    chosen = encoding or mapping.encoding
    enc = encoding_option(chosen) if chosen else detect_encoding(path)
    lines = _head(path, enc)
    if not lines:
        raise InputFileError(f"{path} is empty")
    given = delimiter or mapping.delimiter
    candidates = [delimiter_option(given)] if given else [",", ";", "\t"]
    if not given and "\t" in lines[0] and "," not in lines[0]:
        candidates = ["\t", ",", ";"]
    parsed: dict[str, list[tuple[int, list[str]]]] = {}
    for candidate in candidates:
        rows = parsed[candidate] = _parsed(lines, candidate)
        found = _locate(rows, mapping)
        if found is not None:
            return Table(
                path, enc, candidate, found.header, found.header_line, found.index, found.sample
            )
    widest = max(parsed.values(), key=lambda rows: max((len(v) for _, v in rows), default=0))
    titles = {normalize_title(t) for t in mapping.section}
    has_section = any(
        values and values[0].strip() and normalize_title(values[0]) in titles
        for _, values in widest
    )
    section = (
        f"no section titled {' or '.join(repr(t) for t in mapping.section)} and "
        if mapping.section and not has_section
        else ""
    )
    raise InputFileError(
        f"{path} is not a {mapping.title} as {mapping.name} expects: {section}no header row with "
        f"the columns {_expected(mapping)} in its first {len(lines)} lines "
        f"(read as {enc}, {', '.join(DELIMITERS[c] if c in DELIMITERS else repr(c) for c in candidates)}-separated); "
        f"found {_found_rows(widest)}"
    )
