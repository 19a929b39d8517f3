"""Read commands' output: rich tables for people, JSON for programs.

Both come from the models' ``to_dict()`` (the API's own JSON names), so the table columns, the
JSON keys and HubSpot's documentation all use the same words. Lists are streamed: the JSON array
is written item by item and the table is filled page by page, never the whole list at once.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hubspot_events._client import HubSpotEvents
from hubspot_events._errors import (
    AuthenticationError,
    HubSpotError,
    NotFoundError,
    PermissionDeniedError,
)
from hubspot_events.cli._bulk import EXIT_ROWS_FAILED, EXIT_USAGE, stderr_console
from hubspot_events.cli._event_ref import EventRef
from hubspot_events.cli._report import print_json
from hubspot_events.cli._settings import Settings, UsageProblem

#: (API field, table heading): what fits an 80-column terminal; ``--json`` has every field.
Columns = tuple[tuple[str, str], ...]
EVENT_COLUMNS: Columns = (
    ("objectId", "objectId"),
    ("externalEventId", "event"),
    ("eventName", "name"),
    ("startDateTime", "start"),
    ("registrants", "reg."),
    ("attendees", "att."),
    ("cancellations", "canc."),
    ("noShows", "no-show"),
)
COUNTER_COLUMNS = ("registered", "attended", "cancelled", "noShows")
PARTICIPATION_COLUMNS: Columns = (
    ("contactId", "contact"),
    ("email", "email"),
    ("name", "name"),
    ("attendanceState", "state"),
    ("occurredAt", "at"),
    ("durationSeconds", "seconds"),
)
SEARCH_COLUMNS: Columns = (
    ("objectId", "objectId"),
    ("externalEventId", "event"),
    ("externalAccountId", "account"),
    ("appId", "app"),
)
LIST_COLUMNS: Columns = (
    ("listId", "listId"),
    ("name", "name"),
    ("processingType", "type"),
    ("updatedAt", "updated"),
)
#: Columns kept on one line (ids, times, counts), the right-aligned ones (counts), and the ids
#: (printed as they are: no thousands separators in an app id).
_NUMBERS = frozenset({"registrants", "attendees", "cancellations", "noShows", "durationSeconds"})
_IDS = frozenset(
    {"objectId", "externalEventId", "externalAccountId", "contactId", "listId", "appId"}
)
_NO_WRAP = _NUMBERS | _IDS | {"startDateTime", "occurredAt", "updatedAt"}
_EXTERNAL_ID_HINT = " (external-ID reads only see events this app created)"
#: Rows per printed table when listing: memory stays bounded and output starts at once.
TABLE_PAGE = 500


@contextmanager
def api_errors(event: EventRef | None = None) -> Iterator[None]:
    """HubSpot's errors as one line on stderr (with the correlation id) and an exit code, never a
    traceback: 2 for credentials, 1 for any other API error."""
    try:
        yield
    except (AuthenticationError, PermissionDeniedError) as error:
        stderr_console().print(f"[red]error[/]: {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    except NotFoundError as error:
        hint = _EXTERNAL_ID_HINT if event is not None and event.object_id is None else ""
        stderr_console().print(f"[red]not found[/]: {escape(str(error) + hint)}", soft_wrap=True)
        raise typer.Exit(EXIT_ROWS_FAILED) from None
    except HubSpotError as error:
        stderr_console().print(f"[red]error[/]: {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(EXIT_ROWS_FAILED) from None
    except ValueError as error:  # the client's own argument checks
        raise UsageProblem(str(error)) from None


def _cell(value: Any, key: str = "") -> str:
    if value is None:
        return ""
    if key in _IDS:
        return str(value)
    if isinstance(value, str) and len(value) >= 20 and value[4:5] == "-" and value[10:11] == "T":
        return _short_time(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:,}" if isinstance(value, int) else str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def print_object(data: dict[str, Any], *, as_json: bool, title: str) -> None:
    """One object: JSON, or a two-column field/value table."""
    if as_json:
        print(json.dumps(data, ensure_ascii=False, default=str))
        return
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("field", style="bold")
    table.add_column("value")
    for key, value in data.items():
        table.add_row(key, escape(_cell(value, key)))
    Console().print(table)


def print_counters(data: dict[str, Any], *, as_json: bool, title: str) -> None:
    if as_json:
        print(json.dumps(data, ensure_ascii=False, default=str))
        return
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0)
    )
    for column in COUNTER_COLUMNS:
        table.add_column(column, justify="right")
    table.add_row(*(_cell(data.get(column)) for column in COUNTER_COLUMNS))
    Console().print(table)


def print_list(
    items: Iterable[dict[str, Any]], columns: Columns, *, as_json: bool, title: str
) -> int:
    """A JSON array streamed item by item, or tables of :data:`TABLE_PAGE` rows; returns the count."""
    count = 0
    if as_json:
        out = sys.stdout
        out.write("[")
        for item in items:
            out.write(
                ("," if count else "") + "\n" + json.dumps(item, ensure_ascii=False, default=str)
            )
            count += 1
        out.write("\n]\n" if count else "]\n")
        out.flush()
        return count
    console = Console()
    table = _table(columns, title)
    for item in items:
        table.add_row(*(escape(_cell(item.get(key), key)) for key, _ in columns))
        count += 1
        if count % TABLE_PAGE == 0:
            console.print(table)
            table = _table(columns, None)
    if table.row_count or not count:
        console.print(table)
    stderr_console().print(f"{title}: {count:,}")
    return count


def _table(columns: Columns, title: str | None) -> Table:
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0)
    )
    for key, heading in columns:
        table.add_column(
            heading,
            overflow="fold",
            no_wrap=key in _NO_WRAP,
            justify="right" if key in _NUMBERS else "left",
        )
    return table


def participation_row(data: dict[str, Any]) -> dict[str, Any]:
    """A breakdown item flattened into the table's columns (the JSON output keeps it nested)."""
    associations = data.get("associations") or {}
    contact = associations.get("contact") or {}
    properties = data.get("properties") or {}
    name = " ".join(str(contact[k]) for k in ("firstname", "lastname") if contact.get(k))
    occurred = properties.get("occurredAt")
    return {
        "contactId": contact.get("contactId"),
        "email": contact.get("email"),
        "name": name,
        "attendanceState": properties.get("attendanceState"),
        "occurredAt": _iso_from_ms(occurred) if isinstance(occurred, int) else occurred,
        "durationSeconds": properties.get("attendanceDurationSeconds"),
    }


def _short_time(value: str) -> str:
    """``2024-06-03T14:00:00.000Z`` as ``2024-06-03 14:00Z``: tables are narrow, JSON keeps it all."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    if parsed.tzinfo is None:
        return value
    return parsed.astimezone(UTC).strftime("%Y-%m-%d %H:%MZ")


def _iso_from_ms(value: int) -> str:
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC).strftime("%Y-%m-%d %H:%MZ")
    except (OverflowError, OSError, ValueError):
        return str(value)


# -- one request, shown: what every one-shot command does -----------------------------------------

Call = Callable[[HubSpotEvents], Any]
Printer = Callable[..., None]


def _data(value: Any) -> Any:
    """A model in the API's own JSON names (``to_dict``); plain values as they are."""
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


def show_object(
    settings: Settings,
    call: Call,
    *,
    as_json: bool,
    title: str,
    event: EventRef | None = None,
    printer: Printer = print_object,
) -> None:
    """Make one call that answers one object and print it (a field/value table, or JSON)."""
    with api_errors(event), settings.client() as client:
        printer(_data(call(client)), as_json=as_json, title=title)


def show_list(
    settings: Settings,
    call: Call,
    columns: Columns,
    *,
    as_json: bool,
    title: str,
    event: EventRef | None = None,
    row: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> None:
    """Make one call that answers a list (or pages) and stream it; ``row`` flattens an item for
    the table (JSON keeps every item as the API sent it)."""
    with api_errors(event), settings.client() as client:
        items: Iterable[dict[str, Any]] = (_data(item) for item in call(client))
        if row is not None and not as_json:
            items = map(row, items)
        print_list(items, columns, as_json=as_json, title=title)


def show_done(
    settings: Settings,
    call: Call,
    *,
    as_json: bool,
    data: dict[str, Any],
    message: str,
    event: EventRef | None = None,
) -> None:
    """Make one call that answers nothing; say what was done (``data`` with ``--json``)."""
    with api_errors(event), settings.client() as client:
        call(client)
    if as_json:
        print_json(data)
    else:
        Console(highlight=False).print(escape(message), soft_wrap=True)
