"""Turn one input row into the API input the client sends, or say exactly what is wrong with it.

Two steps, both per row and neither ever raising past the row: the file's flat columns
(``contactProperties.firstname``, ``interactionDateTime`` as ISO text, ``eventCancelled`` as
``true``) become the API's JSON shape, then the client's own validation (``hubspot_events._inputs``)
checks it. ``--dry-run`` runs that validation here, so it finds exactly the rows a real run would
reject; a real run leaves it to the client, which validates every input anyway (doing it twice
cost a third of the CLI's CPU per row).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from hubspot_events import _inputs, _spec
from hubspot_events.cli._files import ANNOTATIONS, Format, Row

#: events: upsert inputs; email/contact: subscribers; event-ids/object-ids: events to delete, by
#: external ids or by HubSpot's object id; event-changes: batch-update items (objectId + fields).
Kind = Literal["events", "email", "contact", "event-ids", "object-ids", "event-changes"]
Notice = Callable[[str], None]
#: The client's own check of one input: (data, default account, now in epoch ms) -> body.
Check = Callable[[dict[str, Any], str | None, int], dict[str, Any]]

_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})
_TIME_FIELD = "interactionDateTime"
#: Epoch milliseconds as a file writes them: ASCII digits only (``str.isdigit`` also takes
#: superscripts and other scripts' digits, which ``int`` then rejects or reads differently).
_EPOCH_DIGITS = re.compile(r"-?[0-9]+\Z")
#: Id fields whose text the client turns into an int: ASCII digits only, for the same reason.
_ID_FIELDS = ("vid", "objectId")
#: How many of the other events' ids a run that skipped rows remembers, to name them.
_SAMPLES = 5


class RowError(ValueError):
    """This row cannot be sent; ``field`` names the column to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class SkipRow(Exception):
    """The row names another event than the one this run records (see ``select``)."""

    def __init__(self, column: str = "", value: object = "") -> None:
        super().__init__(column, value)
        self.column = column
        self.value = value


class ColumnsError(ValueError):
    """The header cannot work for this command (a usage error: nothing is sent)."""


@dataclass(frozen=True)
class Shape:
    """The columns one kind of input takes: scalar fields and ``<map>.<name>`` families."""

    required: tuple[str, ...]
    scalars: tuple[str, ...]
    maps: tuple[str, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return self.scalars + self.maps


_CUSTOM = "customProperties"
EVENT_SHAPE = Shape(
    required=("externalAccountId", "externalEventId", "eventName", "eventOrganizer"),
    scalars=tuple(f for f in _inputs.EVENT_FIELDS if f != _CUSTOM),
    maps=(_CUSTOM,),
)
EMAIL_SHAPE = Shape(
    required=("email",), scalars=("email", _TIME_FIELD), maps=("properties", "contactProperties")
)
CONTACT_SHAPE = Shape(required=("vid",), scalars=("vid", _TIME_FIELD), maps=("properties",))
EVENT_IDS_SHAPE = Shape(
    required=("externalAccountId", "externalEventId"),
    scalars=("externalEventId", "externalAccountId"),
    maps=(),
)
OBJECT_IDS_SHAPE = Shape(required=("objectId",), scalars=("objectId",), maps=())
EVENT_CHANGES_SHAPE = Shape(
    required=("objectId",),
    scalars=tuple(f for f in _spec.schema_fields("EventObjectUpdateItem") if f != _CUSTOM),
    maps=(_CUSTOM,),
)
SHAPES: dict[Kind, Shape] = {
    "events": EVENT_SHAPE,
    "email": EMAIL_SHAPE,
    "contact": CONTACT_SHAPE,
    "event-ids": EVENT_IDS_SHAPE,
    "object-ids": OBJECT_IDS_SHAPE,
    "event-changes": EVENT_CHANGES_SHAPE,
}


def _check_event_ids(data: dict[str, Any], account: str | None, now_ms: int) -> dict[str, Any]:
    from hubspot_events.resources.events import _external_key

    # The app id is the command's (--app-id, checked there), not the row's: any valid one will do.
    return _external_key(data, account, 1)


def _check_object_ids(data: dict[str, Any], account: str | None, now_ms: int) -> dict[str, Any]:
    from hubspot_events.resources.events import _object_key

    return _object_key(data)


def _check_event_changes(data: dict[str, Any], account: str | None, now_ms: int) -> dict[str, Any]:
    from hubspot_events.resources.events import _update_item

    return _update_item(data)


#: Each kind's check is the very one the client runs on that input (imported lazily: the
#: resources pull in the generated client, which a command that sends nothing need not load).
CHECKS: dict[Kind, Check] = {
    "events": lambda data, account, now_ms: _inputs.event(data, account),
    "email": lambda data, account, now_ms: _inputs.email_subscriber(data, now_ms),
    "contact": lambda data, account, now_ms: _inputs.contact_subscriber(data, now_ms),
    "event-ids": _check_event_ids,
    "object-ids": _check_object_ids,
    "event-changes": _check_event_changes,
}


def parse_instant(text: str) -> int:
    """Epoch milliseconds from ``1717430400000`` or ``2024-06-03T16:00:00+02:00``.

    Digits go through as an int so that the client can tell seconds from milliseconds; ISO text
    must carry an offset, because guessing a timezone would silently shift every attendance.
    """
    value = text.strip()
    if _EPOCH_DIGITS.match(value):
        return int(value)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise RowError(
            _TIME_FIELD, f"{value!r} is neither epoch milliseconds nor an ISO 8601 date-time"
        ) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise RowError(
            _TIME_FIELD,
            f"{value!r} has no UTC offset; add one (e.g. Z or +02:00) or give epoch milliseconds",
        )
    return round(parsed.timestamp() * 1000)


def _parse_bool(name: str, text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise RowError(name, f"{text!r} is not true or false")


def _convert(name: str, value: Any) -> Any:
    """Text from a file into the API's type for this field (JSON values pass through)."""
    if not isinstance(value, str):
        return value
    if name == _TIME_FIELD:
        return parse_instant(value)
    if name in ("eventCancelled", "eventCompleted"):
        return _parse_bool(name, value)
    return value


class Preparer:
    """Maps (and with ``check``, validates) rows of one kind; the bulk loop and ``--dry-run`` share it.

    ``select`` makes an attendance file that covers several events safe to use: when the event
    is named with ``--event-id``, a row whose ``externalEventId`` (or ``externalAccountId``) column
    names another event is skipped, never recorded on the wrong event. Empty cells match.
    ``refuse`` names columns that name the event in a way this run cannot compare (an
    ``externalEventId`` column when the event is given by ``--object-id``), each with the reason:
    a CSV header with one is a usage error, a JSONL row with a value in one fails.
    ``other_events`` remembers a few of the values skipped rows had, to name them.
    """

    def __init__(
        self,
        kind: Kind,
        *,
        account_id: str | None = None,
        check: bool = True,
        select: Mapping[str, str] | None = None,
        refuse: Mapping[str, str] | None = None,
    ) -> None:
        self.kind = kind
        self.shape = SHAPES[kind]
        self._account_id = account_id
        self._check = check
        self._fills_account = bool(account_id) and "externalAccountId" in self.shape.scalars
        self.select = dict(select or {})
        self.refuse = dict(refuse or {})
        self.other_events: dict[str, None] = {}

    def skip(self, column: str, value: object) -> SkipRow:
        """The row is another event's: remember (a few of) the ids seen, for the summary."""
        if len(self.other_events) < _SAMPLES:
            self.other_events.setdefault(f"{column} {value!s}", None)
        return SkipRow(column, value)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        """The client's own input check, so a row that passes here is one the client sends."""
        if self._fills_account and not data.get("externalAccountId"):
            data["externalAccountId"] = self._account_id
        for name in _ID_FIELDS:
            value = data.get(name)
            if isinstance(value, str) and not value.strip().isascii():
                raise RowError(name, f"{value!r} is not a number in the digits 0-9")
        if not self._check:
            return data
        try:
            return CHECKS[self.kind](data, self._account_id, int(time.time() * 1000))
        except _inputs.InvalidInput as invalid:
            raise RowError(invalid.field, invalid.message) from None
        except (ValueError, TypeError) as error:  # the client's check should say which field
            raise RowError("row", str(error)) from None

    def __call__(self, row: Row) -> dict[str, Any]:
        raise NotImplementedError


class CsvPreparer(Preparer):
    """Reads values by column position, planned once from the header (millions of rows)."""

    def __init__(
        self,
        kind: Kind,
        header: list[str],
        *,
        account_id: str | None = None,
        check: bool = True,
        select: Mapping[str, str] | None = None,
        refuse: Mapping[str, str] | None = None,
        notice: Notice,
    ) -> None:
        super().__init__(kind, account_id=account_id, check=check, select=select, refuse=refuse)
        refused = [c for c in header if c in self.refuse]
        if refused:
            raise ColumnsError(f"the file has a {refused[0]} column: {self.refuse[refused[0]]}")
        duplicates = sorted({c for c in header if c and header.count(c) > 1})
        if duplicates:
            raise ColumnsError(f"duplicate columns in the header: {', '.join(duplicates)}")
        required = [c for c in self.shape.required if not (c == "externalAccountId" and account_id)]
        missing = [c for c in required if c not in header]
        if missing:
            hint = " (or pass --account-id)" if missing == ["externalAccountId"] else ""
            raise ColumnsError(
                f"missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}{hint}; "
                f"the header has: {', '.join(header) or '(nothing)'}"
            )
        self._header = header
        self._scalars: list[tuple[int, str]] = []
        self._maps: list[tuple[int, str, str]] = []
        self._selectors: list[tuple[int, str]] = []
        unknown: list[str] = []
        for index, column in enumerate(header):
            prefix, dot, name = column.partition(".")
            if column in self.shape.scalars:
                self._scalars.append((index, column))
            elif dot and prefix in self.shape.maps and name:
                self._maps.append((index, prefix, name))
            elif column in self.select:
                self._selectors.append((index, self.select[column]))
            else:
                unknown.append(column)
        if unknown:
            notice(_unknown_notice(unknown, self.shape, "columns"))
        if self._selectors:
            notice(_select_notice([c for c in header if c in self.select], self.select))

    def __call__(self, row: Row) -> dict[str, Any]:
        values = row.data
        assert isinstance(values, list)
        for index, wanted in self._selectors:
            if values[index] and values[index] != wanted:
                raise self.skip(self._header[index], values[index])
        data: dict[str, Any] = {}
        for index, name in self._scalars:
            text = values[index]
            if text != "":  # an empty cell means "not given": CSV cannot say null
                data[name] = _convert(name, text)
        for index, family, name in self._maps:
            text = values[index]
            if text != "":
                data.setdefault(family, {})[name] = text
        if "customProperties" in data:
            data["customProperties"] = [
                {"name": name, "value": value} for name, value in data["customProperties"].items()
            ]
        return self.validate(data)


class JsonPreparer(Preparer):
    """Takes objects in the API's JSON shape; drops unknown fields with one notice."""

    def __init__(
        self,
        kind: Kind,
        *,
        account_id: str | None = None,
        check: bool = True,
        select: Mapping[str, str] | None = None,
        refuse: Mapping[str, str] | None = None,
        notice: Notice,
    ) -> None:
        super().__init__(kind, account_id=account_id, check=check, select=select, refuse=refuse)
        self._known = frozenset(self.shape.fields)
        self._notice: Notice | None = notice
        self._select_notice: Notice | None = notice

    def __call__(self, row: Row) -> dict[str, Any]:
        source = row.data
        assert isinstance(source, Mapping)
        for column, reason in self.refuse.items():
            if source.get(column) not in (None, ""):
                raise RowError(column, reason)
        for column, wanted in self.select.items():
            value = source.get(column)
            if value is not None:
                if self._select_notice is not None:
                    self._select_notice(_select_notice([column], self.select))
                    self._select_notice = None
                if value != "" and str(value) != wanted:
                    raise self.skip(column, value)
        data = {k: v for k, v in source.items() if k in self._known}
        if len(data) != len(source) and self._notice is not None:
            unknown = [k for k in source if k not in self._known and k not in self.select]
            if unknown:
                self._notice(f"line {row.line}: " + _unknown_notice(unknown, self.shape, "fields"))
                self._notice = None
        if isinstance(data.get(_TIME_FIELD), str):
            data[_TIME_FIELD] = parse_instant(data[_TIME_FIELD])
        return self.validate(data)


def _select_notice(columns: list[str], select: Mapping[str, str]) -> str:
    wanted = " and ".join(f"{c} {select[c]!r}" for c in columns)
    return f"the file has {', '.join(columns)} columns: only rows for {wanted} are recorded, the others are skipped"


def _unknown_notice(unknown: list[str], shape: Shape, what: str) -> str:
    names = ", ".join(repr(c) for c in unknown)
    reads = ", ".join([*shape.scalars, *(f"{m}.<name>" for m in shape.maps)])
    origin = (
        " (error and correlationId come from a --failed-out file)"
        if set(ANNOTATIONS) & set(unknown)
        else ""
    )
    return f"ignoring {what} this command does not use: {names}{origin}; it reads {reads}"


def preparer(
    kind: Kind,
    fmt: Format,
    header: list[str] | None,
    *,
    account_id: str | None,
    check: bool,
    select: Mapping[str, str] | None = None,
    refuse: Mapping[str, str] | None = None,
    notice: Notice,
) -> Preparer:
    if fmt == "csv":
        return CsvPreparer(
            kind, header or [], account_id=account_id, check=check, select=select, refuse=refuse,
            notice=notice,
        )  # fmt: skip
    return JsonPreparer(
        kind, account_id=account_id, check=check, select=select, refuse=refuse, notice=notice
    )
