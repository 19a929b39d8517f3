"""What an export's columns mean: a preset (shipped TOML) or a user's ``--map MAP.toml``.

A mapping is data, read with the standard library's ``tomllib`` and checked here once, so a bad
key is a clear usage error before any row is read. Keys::

    title = "what the file is"                       # shown by `hubspot-events presets`
    section = ["Attendee Details"]                   # title line(s) before the table's header
    ends_at = ["Host Details"]                       # title lines that end the table
    required = ["email", "status"]                   # fields whose column the header must have
    states = ["attend"]                              # what a row records without a status value
    date_formats = ["%m/%d/%Y %I:%M:%S %p"]          # strptime formats (ISO 8601 always works)
    timezone = "Europe/Berlin"                       # optional default for offset-less times
    ignore_roles = ["Organizer"]                     # rows whose role column says so: ignored
    encoding = "utf-16" / delimiter = "\\t"          # optional; detected when absent

    [columns]                                        # source column = field
    "Email" = "email"                                # several columns may feed one field:
    "User Email" = "email"                           # the first non-empty one wins, per row
    "Join Time" = "joinedAt"
    "UtcEventTimestamp" = { field = "at", timezone = "UTC" }

    [status]                                         # status value = states it records
    "Yes" = ["register", "attend"]
    "No" = ["register"]
    "denied" = []                                    # records nothing (counted as ignored)
    "Joined" = { states = ["attend"], at = "joinedAt" }   # the `at` column is this row's join

Fields: ``email``, ``eventId`` / ``accountId`` (route each row to its own event),
``registeredAt`` / ``joinedAt`` / ``leftAt`` / ``cancelledAt`` / ``at`` (times), ``status``,
``role``, ``contactProperties.NAME`` and ``properties.NAME``. Headers, section titles and status
values are matched case- and space-insensitively.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from importlib import resources
from typing import Any

STATES = ("register", "attend", "cancel")
TIME_FIELDS = ("registeredAt", "joinedAt", "leftAt", "cancelledAt", "at")
SCALAR_FIELDS = ("email", "eventId", "accountId", "status", "role", *TIME_FIELDS)
FAMILIES = ("contactProperties", "properties")
_KEYS = frozenset(
    {"title", "section", "ends_at", "required", "states", "date_formats", "timezone",
     "ignore_roles", "encoding", "delimiter", "columns", "status"}
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_NUMBERING = re.compile(r"^\d+\s*[.)]\s*")
PRESETS_PACKAGE = "hubspot_events.cli.presets"


class MappingError(ValueError):
    """A preset or ``--map`` file that cannot work (a usage error: nothing is read or sent)."""


def normalize(text: str) -> str:
    """How headers and values are compared: no BOM, case and runs of spaces ignored."""
    return _SPACES.sub(" ", text.replace("\ufeff", "")).strip().casefold()


def normalize_title(text: str) -> str:
    """Section titles also lose their numbering and a trailing colon ("2. Participants:")."""
    return _NUMBERING.sub("", normalize(text)).rstrip(":").strip()


@dataclass(frozen=True, slots=True)
class Column:
    """One source column the mapping reads, the field it feeds, and its zone if it has one."""

    name: str
    field: str
    timezone: str | None = None


@dataclass(frozen=True, slots=True)
class StatusRule:
    """What one status value records, and which time the row's ``at`` column then is."""

    states: tuple[str, ...]
    at: str | None = None


@dataclass(frozen=True)
class ExportMapping:
    """A checked mapping (see the module doc for the keys)."""

    name: str
    title: str
    columns: tuple[Column, ...]
    status: dict[str, StatusRule]
    states: tuple[str, ...]
    section: tuple[str, ...]
    ends_at: tuple[str, ...]
    required: tuple[str, ...]
    date_formats: tuple[str, ...]
    ignore_roles: frozenset[str]
    timezone: str | None = None
    encoding: str | None = None
    delimiter: str | None = None

    def sources(self, field: str) -> list[str]:
        """The source columns that feed ``field``, in the mapping's order."""
        return [c.name for c in self.columns if c.field == field]

    def describe(self) -> list[str]:
        """One line per field: which columns feed it (for ``hubspot-events presets``)."""
        fields: dict[str, list[str]] = {}
        for column in self.columns:
            zone = f" (in {column.timezone})" if column.timezone else ""
            fields.setdefault(column.field, []).append(f"{column.name}{zone}")
        lines = [f"{field} <- {' | '.join(names)}" for field, names in fields.items()]
        if self.status:
            rules = []
            for value, rule in self.status.items():
                states = "+".join(rule.states) or "nothing"
                rules.append(f"{value}={states}" + (f" (at={rule.at})" if rule.at else ""))
            lines.append("status: " + ", ".join(rules))
        if "status" not in self.required:
            lines.append("without a status column: " + ("+".join(self.states) or "nothing"))
        if self.section:
            lines.append("table: the section " + " | ".join(self.section))
        return lines


def _strings(where: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise MappingError(f"{where}: {key} must be a string or a list of strings, got {value!r}")


def _states(where: str, key: str, value: Any) -> tuple[str, ...]:
    states = _strings(where, key, value)
    bad = [s for s in states if s not in STATES]
    if bad:
        raise MappingError(
            f"{where}: {key}: unknown state {bad[0]!r}; states are {', '.join(STATES)}"
        )
    return tuple(s for s in STATES if s in states)


def _field(where: str, column: str, field: Any) -> str:
    if not isinstance(field, str):
        raise MappingError(f"{where}: columns.{column!r} must name a field, got {field!r}")
    family, dot, name = field.partition(".")
    if field in SCALAR_FIELDS or (dot and family in FAMILIES and name):
        return field
    known = ", ".join([*SCALAR_FIELDS, *(f"{f}.NAME" for f in FAMILIES)])
    raise MappingError(f"{where}: columns.{column!r}: unknown field {field!r}; fields are {known}")


def _columns(where: str, table: Any) -> tuple[Column, ...]:
    if not isinstance(table, MappingABC) or not table:
        raise MappingError(f"{where}: [columns] must map source columns to fields")
    columns = []
    for name, spec in table.items():
        zone = None
        if isinstance(spec, MappingABC):
            unknown = set(spec) - {"field", "timezone"}
            if unknown or "field" not in spec:
                raise MappingError(
                    f"{where}: columns.{name!r} takes field and timezone, got {sorted(spec)}"
                )
            zone = spec.get("timezone")
            if zone is not None and not isinstance(zone, str):
                raise MappingError(f"{where}: columns.{name!r}.timezone must be a zone name")
            spec = spec["field"]
        columns.append(Column(name, _field(where, name, spec), zone))
    return tuple(columns)


def _status(where: str, table: Any) -> dict[str, StatusRule]:
    if not isinstance(table, MappingABC):
        raise MappingError(f"{where}: [status] must map status values to states")
    rules = {}
    for value, spec in table.items():
        at = None
        if isinstance(spec, MappingABC):
            unknown = set(spec) - {"states", "at"}
            if unknown or "states" not in spec:
                raise MappingError(
                    f"{where}: status.{value!r} takes states and at, got {sorted(spec)}"
                )
            at = spec.get("at")
            if at not in (None, "registeredAt", "joinedAt", "leftAt", "cancelledAt"):
                raise MappingError(
                    f"{where}: status.{value!r}.at must be registeredAt, joinedAt, leftAt or "
                    f"cancelledAt, got {at!r}"
                )
            spec = spec["states"]
        rules[normalize(value)] = StatusRule(_states(where, f"status.{value!r}", spec), at)
    return rules


def parse_mapping(name: str, data: dict[str, Any], where: str) -> ExportMapping:
    """Check a mapping read from TOML; ``where`` names it in errors (a path or a preset)."""
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise MappingError(
            f"{where}: unknown key{'s' * (len(unknown) > 1)} {', '.join(unknown)}; "
            f"known keys are {', '.join(sorted(_KEYS))}"
        )
    columns = _columns(where, data.get("columns"))
    status = _status(where, data.get("status", {}))
    fields = {c.field for c in columns}
    required = _strings(where, "required", data.get("required", ["email"]))
    if "email" not in fields:
        raise MappingError(f"{where}: [columns] must map a column to email")
    missing = [f for f in required if f not in fields]
    if missing:
        raise MappingError(f"{where}: required field {missing[0]!r} has no column in [columns]")
    if "status" in fields and not status:
        raise MappingError(f"{where}: a status column needs a [status] table of values")
    formats = _strings(where, "date_formats", data.get("date_formats", []))
    for text in (data.get("timezone"), data.get("encoding"), data.get("delimiter")):
        if text is not None and not isinstance(text, str):
            raise MappingError(f"{where}: timezone, encoding and delimiter must be strings")
    return ExportMapping(
        name=name,
        title=str(data.get("title", name)),
        columns=columns,
        status=status,
        states=_states(where, "states", data.get("states", ["attend"])),
        section=_strings(where, "section", data.get("section", [])),
        ends_at=_strings(where, "ends_at", data.get("ends_at", [])),
        required=tuple(dict.fromkeys(("email", *required))),
        date_formats=formats,
        ignore_roles=frozenset(
            normalize(r) for r in _strings(where, "ignore_roles", data.get("ignore_roles", []))
        ),
        timezone=data.get("timezone"),
        encoding=data.get("encoding"),
        delimiter=data.get("delimiter"),
    )


def preset_names() -> list[str]:
    """The presets shipped in the package, sorted."""
    folder = resources.files(PRESETS_PACKAGE)
    return sorted(
        item.name.removesuffix(".toml") for item in folder.iterdir() if item.name.endswith(".toml")
    )


def load_preset(name: str) -> ExportMapping:
    names = preset_names()
    if name not in names:
        raise MappingError(f"unknown preset {name!r}; presets are {', '.join(names)}")
    text = resources.files(PRESETS_PACKAGE).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return parse_mapping(name, tomllib.loads(text), f"preset {name}")


def load_map(path: str) -> ExportMapping:
    """A user's ``--map`` file."""
    try:
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except OSError as exc:
        raise MappingError(f"cannot read --map {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"--map {path} is not valid TOML: {exc}") from None
    return parse_mapping(path, data, f"--map {path}")
