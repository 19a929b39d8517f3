"""What a bulk run tells its user: per-row failures, the summary line, the ``--json`` summary.

Failures print with their line number as they are settled, the first :data:`SHOWN_FAILURES` of
them: enough to see what is wrong, without burying the terminal when a million rows fail the
same way (the failed-rows file has them all).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.markup import escape

from hubspot_events.cli._run import RowFailure, Tally

SHOWN_FAILURES = 20


@dataclass
class FailureReport:
    """Prints the first failures to stderr, counts the rest."""

    console: Console
    failed_out: str | None
    shown: int = 0
    hidden: int = 0

    def __call__(self, failure: RowFailure) -> None:
        if self.shown >= SHOWN_FAILURES:
            self.hidden += 1
            return
        self.shown += 1
        extra = f" (correlationId {failure.correlation_id})" if failure.correlation_id else ""
        self.console.print(
            f"[red]line {failure.row.line}[/]: {escape(failure.text)}{escape(extra)}",
            soft_wrap=True,
        )

    def close(self) -> None:
        if self.hidden:
            where = (
                f"all failed rows are in {self.failed_out}"
                if self.failed_out
                else "pass --failed-out FILE to keep every failed row"
            )
            self.console.print(
                f"... and {self.hidden:,} more failed rows; {escape(where)}", soft_wrap=True
            )


def summary(
    tally: Tally, *, failed_out: str | None, dry_run: bool, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The ``--json`` summary (a stable shape for scripts)."""
    data: dict[str, Any] = {
        "total": tally.total,
        "succeeded": tally.succeeded,
        "failed": tally.failed,
        "skipped": tally.skipped,
        "requests": tally.requests,
        "failed_out": failed_out,
        "elapsed_s": round(tally.elapsed_s, 3),
        "rows_per_s": round(tally.rows_per_s, 1),
    }
    if dry_run:
        data["dry_run"] = True
    data.update(extra or {})
    return data


def summary_line(label: str, tally: Tally, *, dry_run: bool, failed_out: str | None) -> str:
    ok = "valid" if dry_run else "succeeded"
    requests = (
        "no requests (dry run)"
        if dry_run
        else f"{tally.requests:,} request{'s' * (tally.requests != 1)}"
    )
    text = (
        f"{label}: {tally.total:,} rows: {tally.succeeded:,} {ok}, {tally.failed:,} failed; {requests}; "
        f"{tally.elapsed_s:,.1f} s, {tally.rows_per_s:,.0f} rows/s"
    )
    if tally.skipped:
        text += f"; {tally.skipped:,} rows for other events skipped"
    if tally.failed and failed_out:
        text += f"; failed rows written to {failed_out}"
    return text


def print_json(data: Any) -> None:
    """JSON to stdout, untouched by rich (no wrapping, no colour): it is for programs."""
    print(json.dumps(data, ensure_ascii=False, default=str))
