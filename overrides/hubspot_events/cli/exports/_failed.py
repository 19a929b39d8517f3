"""The failed-rows file of an import: the source's own columns, ready to fix and import again.

Every source row of a failed person is written (a person's repeat joins stay together), under
the export's own header plus ``error`` and ``correlationId``; preambles and other sections are
left out, and the importer finds the header on the first line, so the same ``--preset`` reads
the file back (the extra columns are not mapped, hence ignored). Everything else (formula
escaping, appending on resume, a full disk) is the plain failed-rows file's.
"""

from __future__ import annotations

from hubspot_events.cli._files import FailedRowsWriter, Row


class ExportFailedRows(FailedRowsWriter):
    def __init__(self, path: str, header: list[str], *, append: bool = False) -> None:
        super().__init__(path, "csv", header, append=append)

    def _write(self, row: Row, error: str, correlation_id: str | None) -> None:
        data = row.data
        sources = data.get("sources", []) if isinstance(data, dict) else [data]
        for values in sources:
            self._write_values(
                list(values) if isinstance(values, list) else [], error, correlation_id
            )
