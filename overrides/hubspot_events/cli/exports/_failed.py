"""The failed-rows file of an import: the source's own columns, ready to fix and import again.

Every source row of a failed person is written (a person's repeat joins stay together), under
the export's own header plus ``error`` and ``correlationId``; preambles and other sections are
left out, and the importer finds the header on the first line, so the same ``--preset`` reads
the file back (the extra columns are not mapped, hence ignored).
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from hubspot_events.cli._files import ANNOTATIONS, InputFileError, Row


class ExportFailedRows:
    def __init__(self, path: str, header: list[str]) -> None:
        self.path = path
        try:
            # surrogateescape writes undecodable input bytes back unchanged: nothing is lost.
            self._stream: TextIO = open(  # noqa: SIM115 - closed by close()
                path, "w", encoding="utf-8", errors="surrogateescape", newline=""
            )
        except OSError as exc:
            raise InputFileError(f"cannot write {path}: {exc.strerror or exc}") from None
        self._width = len(header)
        self._csv: Any = csv.writer(self._stream)
        self._csv.writerow([*header, *ANNOTATIONS])

    def write(self, row: Row, error: str, correlation_id: str | None) -> None:
        data = row.data
        sources = data.get("sources", []) if isinstance(data, dict) else [data]
        for values in sources:
            values = list(values) if isinstance(values, list) else []
            cells = values[: self._width] + [""] * (self._width - len(values))
            # Values beyond the header are kept at the end: nothing is lost.
            self._csv.writerow([*cells, error, correlation_id or "", *values[self._width :]])

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        self._stream.close()
