"""``--dry-run``'s preview: the first people as they will be sent, so a wrong mapping shows.

Times are shown in UTC (what HubSpot stores), next to the source line they came from; a state
whose time the file does not give says "now" (the time of sending).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

PREVIEW_PEOPLE = 10


def _utc(ms: Any) -> str:
    if ms is None or ms == "":
        return "now"
    return datetime.fromtimestamp(int(ms) / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")


def preview(
    console: Console, people: list[tuple[list[int], dict[str, Any] | str]], title: str
) -> None:
    """``people``: (source lines, the input or the reason it fails); one table row per record."""
    table = Table(title=title, title_justify="left")
    for column in (
        "lines",
        "state",
        "email",
        "event",
        "time (UTC)",
        "joinedAt (UTC)",
        "leftAt (UTC)",
    ):
        table.add_column(column, no_wrap=column != "email", overflow="fold")
    for lines, person in people:
        where = ",".join(str(n) for n in lines[:4]) + ("..." if len(lines) > 4 else "")
        if isinstance(person, str):
            table.add_row(where, "[red]fails[/]", escape(person), "", "", "", "")
            continue
        for state, record in person["records"].items():
            properties = record.get("properties", {})
            table.add_row(
                where, state, escape(person["email"]), escape(str(person["event"] or "")),
                _utc(record.get("interactionDateTime")),
                _utc(properties["joinedAt"]) if "joinedAt" in properties else "",
                _utc(properties["leftAt"]) if "leftAt" in properties else "",
            )  # fmt: skip
    wide = Console(stderr=True, highlight=False, width=max(console.width, 140))
    wide.print(table)
