"""One source row of an export, read through the mapping: who, which event, which states, when.

The result is a small JSON-able dict (staged on disk until the whole file is read, see
``_staging``); a row that cannot be used keeps its values and says why, with the column to fix,
so the failed-rows file can carry it back. Rows that record nothing by design (a denied Zoom
registrant, a Teams organizer) are counted, never sent and never failed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from hubspot_events.cli._files import Row
from hubspot_events.cli.exports._mapping import TIME_FIELDS, ExportMapping, normalize
from hubspot_events.cli.exports._table import Table
from hubspot_events.cli.exports._times import BadTime, TimeColumn, zone

#: Distinct ignored values kept for the summary (a file of garbage must not grow memory).
_MAX_IGNORED_KINDS = 20
#: Distinct event ids remembered (to refuse --event-id on a file that covers several events).
_MAX_EVENTS = 1000
#: What exports write in an empty time cell (Zoom and GoTo write "--" for people who never joined).
BLANKS = frozenset({"-", "--", "n/a", "N/A"})


@dataclass
class Reading:
    """What the first pass learned about the whole file."""

    ignored: Counter[str] = field(default_factory=Counter)
    events: set[str] = field(default_factory=set)


class Interpreter:
    """Reads rows of one table with one mapping and the command's options."""

    def __init__(
        self,
        mapping: ExportMapping,
        table: Table,
        *,
        timezone: tzinfo | None,
        date_format: str | None,
        event_id: str | None,
        account_id: str | None,
    ) -> None:
        self.mapping = mapping
        self.table = table
        self.event_id = event_id
        self.account_id = account_id
        self.reading = Reading()
        self.notices: list[str] = []
        formats = [date_format] if date_format else list(mapping.date_formats)
        header = table.header
        self._times: list[tuple[str, int, TimeColumn]] = []
        by_name = {normalize(c.name): c for c in mapping.columns}
        for name in TIME_FIELDS:
            for index in table.index.get(name, []):
                column = by_name[normalize(header[index])]
                column_zone = (
                    zone(column.timezone, f"column {column.name}") if column.timezone else timezone
                )
                parser = TimeColumn(header[index], formats, column_zone)
                notice = parser.fit([r[index] for r in table.sample if index < len(r)])
                if notice:
                    self.notices.append(notice)
                self._times.append((name, index, parser))
        self._families = [(f, i) for f, idx in table.index.items() if "." in f for i in idx]

    @property
    def local_times(self) -> int:
        """Times read in ``--timezone`` (or a column's zone) because they had no offset."""
        return sum(parser.local for _, _, parser in self._times)

    def _value(self, values: list[str], name: str) -> tuple[str, int | None]:
        """The first non-empty value of the columns feeding ``name`` (and its index)."""
        indexes = self.table.index.get(name, [])
        for index in indexes:
            text = values[index].strip() if index < len(values) else ""
            if text:
                return text, index
        return "", indexes[0] if indexes else None

    def _column(self, name: str) -> str:
        indexes = self.table.index.get(name)
        return self.table.header[indexes[0]] if indexes else name

    def read(self, row: Row) -> tuple[str, dict[str, Any]] | None:
        """(key, staged info) for the row, or None when the row records nothing by design.

        The key groups the rows of one person on one event; a row that cannot be tied to a
        person gets a key of its own (it fails alone).
        """
        values = row.data if isinstance(row.data, list) else []
        own_key = f"!{row.line}"
        if row.problem is not None:
            return own_key, {"v": values, "line": row.line, "prob": row.problem}
        info: dict[str, Any] = {"v": values, "line": row.line}
        role, _ = self._value(values, "role")
        if role and normalize(role) in self.mapping.ignore_roles:
            self._ignore(f"{self._column('role')} {role}")
            return None
        states, at_field, error = self._states(values)
        if error is not None:
            info["err"] = error
        elif not states:
            status, _ = self._value(values, "status")
            self._ignore(f"{self._column('status')} {status or '(empty)'}")
            return None
        info["s"] = list(states)
        email, _ = self._value(values, "email")
        if not email:
            info.setdefault(
                "err",
                [self._column("email"), "is blank: HubSpot records people by email (the "
                 "platform leaves it empty for guests who did not sign in)"],
            )  # fmt: skip
            return own_key, info
        info["e"] = email
        event = self._event(values, info)
        account = self.account_id
        if "accountId" in self.table.index:
            account = self._value(values, "accountId")[0] or account
        info["ev"], info["ac"] = event, account
        self._read_times(values, at_field, info)
        for family_field, index in self._families:
            text = values[index].strip() if index < len(values) else ""
            family, _, name = family_field.partition(".")
            if text and name not in info.get(family, {}):
                info.setdefault(family, {})[name] = text
        return f"{event}\x1f{account or ''}\x1f{email.lower()}", info

    def _ignore(self, reason: str) -> None:
        ignored = self.reading.ignored
        if reason in ignored or len(ignored) < _MAX_IGNORED_KINDS:
            ignored[reason] += 1
        else:
            ignored["other values"] += 1

    def _states(self, values: list[str]) -> tuple[tuple[str, ...], str | None, list[str] | None]:
        status, _ = self._value(values, "status")
        if not status and "status" not in self.table.index:
            return self.mapping.states, None, None
        rule = self.mapping.status.get(normalize(status))
        if rule is None:
            known = ", ".join(sorted(self.mapping.status))
            return (
                (),
                None,
                [
                    self._column("status"),
                    f"{f'unknown value {status!r}' if status else 'is blank'}; the mapping knows {known}",
                ],
            )
        return rule.states, rule.at, None

    def _event(self, values: list[str], info: dict[str, Any]) -> str | None:
        if "eventId" not in self.table.index:
            return self.event_id
        value, _ = self._value(values, "eventId")
        if value and len(self.reading.events) < _MAX_EVENTS:
            self.reading.events.add(value)
        if self.event_id is not None:
            return self.event_id
        if not value:
            info.setdefault(
                "err",
                [self._column("eventId"), "is blank: the row names no event (or pass --event-id)"],
            )
        return value or None

    def _read_times(self, values: list[str], at_field: str | None, info: dict[str, Any]) -> None:
        found: dict[str, int] = {}
        for name, index, parser in self._times:
            if name in found:
                continue
            text = values[index].strip() if index < len(values) else ""
            if not text or text in BLANKS:
                continue
            try:
                found[name] = parser.parse(text)
            except BadTime as bad:
                info.setdefault("err", [parser.where, str(bad)])
                return
        at = found.pop("at", None)
        if at is not None:
            targets = [at_field] if at_field else ["registeredAt", "joinedAt", "cancelledAt"]
            for target in targets:
                found.setdefault(target, at)
        info["t"] = found
