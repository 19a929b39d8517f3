"""Read an export's date-times into epoch milliseconds, never guessing a zone.

Platforms write local times without an offset (Zoom: ``04/26/2026 10:45:17 AM``), in the
organizer's locale (Teams: ``15.09.2026, 16:02:11``), sometimes with a zone abbreviation
(``EDT``) that names no offset reliably. So: ISO 8601 always parses; otherwise the mapping's
formats are tried, in the order that fits the file (chosen from the first rows, so ``03/04``
is read the way the rest of the file says, with a notice when the file cannot tell); a time
without an offset is read in ``--timezone`` and is an error naming the column without it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_ZONE_SUFFIX = re.compile(r"^(.*\S)\s+\(?([A-Z]{2,5})\)?$")
_UTC_NAMES = frozenset({"UTC", "GMT", "Z", "UT"})


class NeedsZone(Exception):
    """A time has no offset and no zone was given (a usage error: the whole file is like it)."""


class BadTime(ValueError):
    """A value no format reads (a per-row error)."""


def zone(name: str, option: str = "--timezone") -> ZoneInfo:
    """An IANA zone by name, or a clear error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{option}: unknown time zone {name!r}; use an IANA name such as "
            "America/New_York, Europe/Berlin or UTC"
        ) from None


class TimeColumn:
    """Parses one column's values; ``where`` (the column's name) goes into every message."""

    def __init__(self, where: str, formats: Sequence[str], zone: tzinfo | None) -> None:
        self.where = where
        self.formats = list(formats)
        self.zone = zone
        #: Values read in ``zone`` (they had no offset of their own), for the summary.
        self.local = 0

    def fit(self, samples: Sequence[str]) -> str | None:
        """Put first the formats that read every sample value; a notice if two read them
        differently (day-first or month-first cannot be told from these rows)."""
        values = [s.strip() for s in samples if s.strip()]
        if not values:
            return None
        fitting = [f for f in self.formats if all(_strptime(v, f) for v in values)]
        self.formats = fitting + [f for f in self.formats if f not in fitting]
        if len(fitting) < 2:
            return None
        first, second = fitting[0], fitting[1]
        for value in values:
            a, b = _strptime(value, first), _strptime(value, second)
            if a != b:
                return (
                    f"{self.where}: dates like {value!r} fit both {first!r} and {second!r}; "
                    f"read as {first!r}, pass --date-format to choose"
                )
        return None

    def parse(self, text: str) -> int:
        """Epoch milliseconds; raises ``BadTime`` or ``NeedsZone``."""
        value = text.strip()
        parsed = self._read(value)
        if parsed is None:
            match = _ZONE_SUFFIX.match(value)
            if match:
                parsed = self._read(match.group(1))
                if parsed is not None and parsed.tzinfo is None and match.group(2) in _UTC_NAMES:
                    parsed = parsed.replace(tzinfo=UTC)
        if parsed is None:
            shown = ", ".join(repr(f) for f in self.formats[:3]) or "ISO 8601"
            raise BadTime(
                f"{value!r} is not a date-time this mapping reads (formats {shown}"
                f"{', ...' if len(self.formats) > 3 else ''}); pass --date-format"
            )
        if parsed.tzinfo is None:
            if self.zone is None:
                raise NeedsZone(
                    f"{self.where}: times like {value!r} carry no UTC offset: pass --timezone "
                    "with the zone they were written in (an IANA name such as America/New_York; "
                    "Zoom uses the account's zone, Teams the organizer's)"
                )
            parsed = parsed.replace(tzinfo=self.zone)
            self.local += 1
        return round(parsed.timestamp() * 1000)

    def _read(self, value: str) -> datetime | None:
        for fmt in self.formats:
            parsed = _strptime(value, fmt)
            if parsed is not None:
                return parsed
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None


def _strptime(value: str, fmt: str) -> datetime | None:
    try:
        return datetime.strptime(value, fmt)
    except ValueError:
        return None
