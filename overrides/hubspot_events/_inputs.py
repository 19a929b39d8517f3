"""Turn what users pass into the API's JSON shape, one item at a time, with exact errors.

Why here and not in the generated models: the generated ``from_dict`` accepts wrong data silently
(an int of seconds is a valid int64) and fails with a bare ``KeyError`` on a missing field. Users
need "inputs[12].interactionDateTime: 1700000000 looks like epoch seconds; pass milliseconds".
Items may be a generated model, a mapping in the API's JSON shape, or (for email subscribers) a
bare email string; the result is always a plain dict ready to send, so no model round trip costs
CPU on the hot path.
"""

from __future__ import annotations

import difflib
import re
import reprlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from hubspot_events import _spec
from hubspot_events._json import std_dumps
from hubspot_events._text import unsendable

#: Before 1973-03-03 in milliseconds; as seconds this is the year 5138. An int below this is
#: almost certainly epoch seconds passed where HubSpot wants milliseconds.
_MIN_PLAUSIBLE_MS = 100_000_000_000
#: Year 2200 in epoch ms: later values are typos (microseconds, nanoseconds), not schedules.
_MAX_PLAUSIBLE_MS = 7_258_118_400_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_MAX_EMAIL_LENGTH = 254
#: HubSpot's ids (``vid``, ``appId``) are int64.
_MAX_ID = 2**63 - 1
#: Event dates must fall in these years (as written). Not a documented HubSpot limit: a sanity
#: range. HubSpot keeps date-times as epoch milliseconds, so years before 1970 are negative
#: instants, and 0001 / 9999 are the placeholders spreadsheets and databases write for "no date";
#: a marketing event outside 1970..2100 is a typo that would otherwise reach HubSpot.
MIN_EVENT_YEAR = 1970
MAX_EVENT_YEAR = 2100
#: RFC 3339 ``date-time`` (the spec's ``format: date-time``), offset required, ASCII digits only
#: (``re.ASCII``: ``\d`` would match Arabic-Indic digits too). Python's ``fromisoformat`` alone
#: also takes ISO 8601 forms HubSpot does not document (``20260101T1000Z``, week dates, a space
#: separator, ``+0100``), which reach HubSpot and fail the whole chunk. ``{year}`` is the year.
_RFC3339_LAYOUT = (
    r"{year}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{{1,9}})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)"
)
#: Any year, the year captured: for wording an error only.
_RFC3339 = re.compile(_RFC3339_LAYOUT.format(year=r"(\d{4})"), re.ASCII)
#: The years above, in the pattern: one regex call decides the layout and the range.
_RFC3339_IN_RANGE = re.compile(
    _RFC3339_LAYOUT.format(year=r"(?:19[7-9]\d|20\d\d|2100)"), re.ASCII
).fullmatch
#: Error messages show a user's value bounded (a 10 MB string, a 10,000-level list, an object
#: whose ``repr`` raises): a message must never be the thing that fails.
_SHOWN = reprlib.Repr()
_SHOWN.maxstring = 80
_SHOWN.maxother = 80
_SHOWN.maxlevel = 3


#: Field names come from the spec, so a field added by ``make generate`` is sent, not refused.
EMAIL_SUBSCRIBER_FIELDS = _spec.schema_fields("EmailSubscriber")
CONTACT_SUBSCRIBER_FIELDS = _spec.schema_fields("ContactSubscriber")
EVENT_FIELDS = _spec.schema_fields("EventInput")
_PROPERTY_FIELDS = _spec.schema_fields("PropertyValue")
#: The fields with a rule of their own below (every other spec field passes through).
_EMAIL_RULES = frozenset(("email", "interactionDateTime", "properties", "contactProperties"))
_CONTACT_RULES = frozenset(("vid", "interactionDateTime", "properties"))
#: Event fields by rule; together with customProperties they are the event fields with a rule.
_REQUIRED_EVENT_STRINGS = ("externalAccountId", "externalEventId", "eventName", "eventOrganizer")
_EVENT_STRINGS = ("eventType", "eventDescription", "eventUrl")
_EVENT_DATES = ("startDateTime", "endDateTime")
_EVENT_FLAGS = ("eventCancelled", "eventCompleted")
_EVENT_RULES = frozenset(
    (*_REQUIRED_EVENT_STRINGS, *_EVENT_STRINGS, *_EVENT_DATES, *_EVENT_FLAGS, "customProperties")
)


class InvalidInput(ValueError):
    """One input cannot be sent; ``field`` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def shown(value: Any) -> str:
    """``repr(value)`` for an error message: bounded, and never raising."""
    try:
        return _SHOWN.repr(value)
    except Exception:  # a repr that raises: say what it is instead
        return f"<{type(value).__name__}>"


def text(value: str, name: str) -> str:
    """``value`` if it can be sent as UTF-8 JSON; a lone surrogate (``"a\\ud800b"``) cannot
    (see ``_text``), and would fail the whole chunk when the request is encoded."""
    problem = unsendable(value)
    if problem is not None:
        raise InvalidInput(name, problem)
    return value


def _as_mapping(item: Any, kind: str) -> dict[str, Any]:
    if isinstance(item, Mapping):
        return dict(item)
    to_dict = getattr(item, "to_dict", None)
    if callable(to_dict):
        try:
            result = to_dict()
        except Exception as exc:  # a model that cannot describe itself fails alone
            raise InvalidInput(
                "input", f"{type(item).__name__}.to_dict() failed: {type(exc).__name__}"
            ) from None
        if isinstance(result, dict):
            return result
    raise InvalidInput(
        "input",
        f"expected a {kind} model or a mapping in the API's JSON shape, got {type(item).__name__}",
    )


def _reject_unknown(data: Mapping[str, Any], known: tuple[str, ...]) -> None:
    for key in data:
        if key not in known:
            name = str(key)
            close = difflib.get_close_matches(name[:100], known, n=1)
            hint = (
                f"; did you mean {close[0]!r}?" if close else f"; known fields: {', '.join(known)}"
            )
            raise InvalidInput(name, f"unknown field{hint}")


def _passed_through(data: Mapping[str, Any], ruled: frozenset[str]) -> dict[str, Any]:
    """Spec fields without a rule here (added to the spec after this module was written), each
    checked to be sendable JSON: they have no rule, so nothing else stops a NaN or a cycle."""
    out = {key: value for key, value in data.items() if key not in ruled and value is not None}
    for key, value in out.items():
        try:
            std_dumps(value)  # the standard library's verdict: orjson would write NaN as null
        except (TypeError, ValueError, RecursionError) as exc:
            # UnicodeEncodeError is a ValueError: a lone surrogate lands here too.
            raise InvalidInput(key, f"cannot be sent as JSON ({type(exc).__name__})") from None
    return out


def _required_string(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if value is None:
        raise InvalidInput(name, "is required")
    if not isinstance(value, str):
        raise InvalidInput(name, f"must be a string, got {type(value).__name__} {shown(value)}")
    if not value.strip():
        raise InvalidInput(name, "must not be empty")
    return text(value, name)


def _string_map(data: Mapping[str, Any], name: str) -> dict[str, str]:
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInput(
            name, f"must be a mapping of names to strings, got {type(value).__name__}"
        )
    for key, item in value.items():
        if not isinstance(key, str):
            raise InvalidInput(
                name, f"names must be strings, got {type(key).__name__} {shown(key)}"
            )
        text(key, name)
        if not isinstance(item, str):
            raise InvalidInput(
                f"{name}.{key}",
                f"values must be strings, got {type(item).__name__} {shown(item)}; pass str(value)",
            )
        text(item, f"{name}.{key}")
    return dict(value)


def check_email(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInput("email", f"must be a string, got {type(value).__name__}")
    email = value.strip()
    if not email:
        raise InvalidInput("email", "must not be empty")
    if len(email) > _MAX_EMAIL_LENGTH:
        raise InvalidInput(
            "email", f"is {len(email)} characters; an email has at most {_MAX_EMAIL_LENGTH}"
        )
    if not _EMAIL.match(email):
        raise InvalidInput("email", f"{email!r} is not an email address")
    return text(email, "email")


def to_epoch_ms(value: Any, name: str = "interactionDateTime") -> int:
    """An int of epoch milliseconds or an aware datetime, as epoch milliseconds."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInput(
                name,
                f"naive datetime {value.isoformat()}: give it a timezone (e.g. tzinfo=timezone.utc)",
            )
        try:
            millis = round(value.timestamp() * 1000)
        except (OverflowError, ValueError):  # datetime.min/max shifted past the range by its zone
            millis = -1
        if not _MIN_PLAUSIBLE_MS <= millis <= _MAX_PLAUSIBLE_MS:
            raise InvalidInput(
                name, f"{value.isoformat()} is not between 1973 and 2200: check the year"
            )
        return millis
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(
            name,
            "must be epoch milliseconds (int) or an aware datetime, "
            f"got {type(value).__name__} {shown(value)}",
        )
    if value < 0:
        raise InvalidInput(name, f"{value} is negative; pass epoch milliseconds")
    if value < _MIN_PLAUSIBLE_MS:
        raise InvalidInput(
            name,
            f"{value} looks like epoch seconds; pass milliseconds ({value * 1000}) or an aware datetime",
        )
    if value > _MAX_PLAUSIBLE_MS:
        raise InvalidInput(name, f"{value} is after the year 2200; pass epoch milliseconds")
    return value


def _is_rfc3339(value: str) -> bool:
    """Whether ``value`` is an RFC 3339 date-time with an offset, a real calendar date-time,
    in :data:`MIN_EVENT_YEAR` .. :data:`MAX_EVENT_YEAR` (the fast path's whole check)."""
    if _RFC3339_IN_RANGE(value) is None:
        return False
    try:
        datetime.fromisoformat(value)  # the calendar: 2026-02-30, 25:00 (Python 3.11 reads Z)
    except ValueError:
        return False
    return True


def _date_time_problem(value: str) -> str:
    """Why ``value`` is not a date-time :func:`_is_rfc3339` accepts, in words."""
    example = "write it like 2026-06-15T15:00:00Z or 2026-06-15T17:00:00+02:00"
    match = _RFC3339.fullmatch(value)
    if match is None:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is None:
            return f"{shown(value)} has no UTC offset; add one (e.g. +00:00 or Z)"
        return f"{shown(value)} is not an RFC 3339 date-time; {example}"
    if not MIN_EVENT_YEAR <= int(match[1]) <= MAX_EVENT_YEAR:
        return _year_problem(value, int(match[1]))
    try:
        datetime.fromisoformat(value)
    except ValueError as exc:
        return f"{shown(value)} is not a real date-time ({exc})"
    raise AssertionError(f"{value!r} is a valid date-time")  # pragma: no cover


def _year_problem(shown_value: str, year: int) -> str:
    return (
        f"{shown(shown_value)} is in the year {year}; event dates must be in "
        f"{MIN_EVENT_YEAR}..{MAX_EVENT_YEAR} (0001 and 9999 are placeholders, not dates)"
    )


def _to_iso(value: Any, name: str) -> str:
    if isinstance(value, datetime):
        offset = value.utcoffset() if value.tzinfo is not None else None
        if offset is None:
            raise InvalidInput(name, f"naive datetime {value.isoformat()}: give it a timezone")
        if not MIN_EVENT_YEAR <= value.year <= MAX_EVENT_YEAR:
            raise InvalidInput(name, _year_problem(value.isoformat(), value.year))
        if offset.seconds % 60 or offset.microseconds:
            # An offset in seconds (historic local mean times) is not RFC 3339: send UTC.
            return value.astimezone(UTC).isoformat()
        return value.isoformat()
    if isinstance(value, str):
        if not _is_rfc3339(value):
            raise InvalidInput(name, _date_time_problem(value))
        return value
    raise InvalidInput(
        name,
        f"must be an RFC 3339 string or an aware datetime, got {type(value).__name__}",
    )


def _plain_string_map(value: Any) -> dict[str, str] | None:
    """A copy of ``value`` if it is a plain dict of str to str, else None (the caller has
    already made a missing map ``{}``)."""
    if type(value) is not dict:
        return None
    for key, item in value.items():
        if type(key) is not str or type(item) is not str:
            return None
        if not (key.isascii() and item.isascii()) and not (_utf8(key) and _utf8(item)):
            return None
    return value.copy()


def _utf8(value: str) -> bool:
    """Whether ``value`` can be encoded (has no lone surrogate); see :func:`text`."""
    return unsendable(value) is None


def _email_subscriber_fast(data: dict[str, Any], now_ms: int) -> dict[str, Any] | None:
    """The common case (a plain dict of well-typed fields) in a few type checks; None when
    anything is unusual, and the full checks decide and word the error. Same output."""
    if not _EMAIL_RULES.issuperset(data):
        return None
    email = data.get("email")
    if type(email) is not str:
        return None
    email = email.strip()  # (the pattern needs a character on each side of the @)
    if len(email) > _MAX_EMAIL_LENGTH or _EMAIL.match(email) is None:
        return None
    if not email.isascii() and not _utf8(email):
        return None
    when = data.get("interactionDateTime")
    if when is None:
        when = now_ms
    elif type(when) is not int or not _MIN_PLAUSIBLE_MS <= when <= _MAX_PLAUSIBLE_MS:
        return None
    properties = data.get("properties")
    properties = {} if properties is None else _plain_string_map(properties)
    contact_properties = data.get("contactProperties")
    contact_properties = {} if contact_properties is None else _plain_string_map(contact_properties)
    if properties is None or contact_properties is None:
        return None
    return {
        "email": email,
        "interactionDateTime": when,
        "properties": properties,
        "contactProperties": contact_properties,
    }


def email_subscriber(item: Any, now_ms: int) -> dict[str, Any]:
    """An email subscriber input (email-create, email-upsert); a missing time means now."""
    if type(item) is dict:
        fast = _email_subscriber_fast(item, now_ms)
        if fast is not None:
            return fast
    data = {"email": item} if isinstance(item, str) else _as_mapping(item, "EmailSubscriber")
    _reject_unknown(data, EMAIL_SUBSCRIBER_FIELDS)
    if data.get("email") is None:
        raise InvalidInput("email", "is required")
    when = data.get("interactionDateTime")
    return {
        "email": check_email(data["email"]),
        "interactionDateTime": now_ms if when is None else to_epoch_ms(when),
        "properties": _string_map(data, "properties"),
        "contactProperties": _string_map(data, "contactProperties"),
        **_passed_through(data, _EMAIL_RULES),
    }


def contact_subscriber(item: Any, now_ms: int) -> dict[str, Any]:
    """A subscriber by HubSpot contact id (``vid``); a bare int is taken as the vid."""
    data = (
        {"vid": item}
        if isinstance(item, int) and not isinstance(item, bool)
        else _as_mapping(item, "ContactSubscriber")
    )
    _reject_unknown(data, CONTACT_SUBSCRIBER_FIELDS)
    vid = positive_id(data.get("vid"), "vid", "contact id")
    when = data.get("interactionDateTime")
    return {
        "vid": vid,
        "interactionDateTime": now_ms if when is None else to_epoch_ms(when),
        "properties": _string_map(data, "properties"),
        **_passed_through(data, _CONTACT_RULES),
    }


def positive_id(value: Any, name: str, noun: str) -> int:
    """A positive int64 id (``vid``: ``noun`` "contact id"); a string of ASCII digits is accepted
    (ids read from files). Other Unicode digits (Arabic-Indic, full-width, superscript) are
    refused: Python's ``int()`` reads some of them and raises on others, and HubSpot reads none.
    """
    if value is None:
        raise InvalidInput(name, f"is required (the HubSpot {noun})")
    given = value
    if isinstance(value, str):
        digits = value.strip()
        if digits.isdigit() and not digits.isascii():
            raise InvalidInput(
                name, f"{shown(given)} is not written in ASCII digits; write the {noun} with 0-9"
            )
        if digits.isascii() and digits.isdigit():
            value = int(digits)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= _MAX_ID:
        shown_type = "" if isinstance(given, int | str) else f"{type(given).__name__} "
        raise InvalidInput(
            name, f"must be a positive integer {noun}, got {shown_type}{shown(given)}"
        )
    return value


def _property_pairs(value: Any) -> list[tuple[Any, Any]]:
    if isinstance(value, Mapping):
        return list(value.items())
    if not isinstance(value, Sequence) or isinstance(value, str | bytes | bytearray):
        # Any sequence, as ``hubspot_events.types.CustomProperties`` promises; never a string.
        raise InvalidInput(
            "customProperties", "must be a list of {name, value} or a mapping of name to value"
        )
    pairs = []
    for position, prop in enumerate(value):
        prop_data = _as_mapping(prop, "PropertyValue")
        if "name" not in prop_data:
            raise InvalidInput(f"customProperties[{position}].name", "is required")
        _reject_property_extras(prop_data, position)
        pairs.append((prop_data["name"], prop_data.get("value")))
    return pairs


def _reject_property_extras(prop: Mapping[str, Any], position: int) -> None:
    """A custom property is a name and a value, nothing else. Why refuse rather than drop:
    an extra key is a typo (``vaule``) or a field meant for the event itself, and dropping
    it silently would send something other than what the caller wrote."""
    for key in prop:
        if key not in _PROPERTY_FIELDS:
            name = key if isinstance(key, str) and key else shown(key)
            close = difflib.get_close_matches(name[:100], _PROPERTY_FIELDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InvalidInput(
                f"customProperties[{position}].{name}",
                f"unknown key{hint}; a custom property has only 'name' and 'value': "
                'write it as {"name": ..., "value": ...}',
            )


def _custom_properties(value: Any) -> list[dict[str, str]]:
    if value is None:
        return []
    result = []
    for name, prop_value in _property_pairs(value):
        if not isinstance(name, str) or not name:
            raise InvalidInput(
                "customProperties", f"property names must be non-empty strings, got {shown(name)}"
            )
        text(name, "customProperties")
        if not isinstance(prop_value, str):
            raise InvalidInput(
                f"customProperties.{name}",
                f"value must be a string, got {type(prop_value).__name__} {shown(prop_value)}",
            )
        result.append({"name": name, "value": text(prop_value, f"customProperties.{name}")})
    return result


def _event_fast(data: dict[str, Any], default_account_id: str | None) -> dict[str, Any] | None:
    """The common case (a plain dict of well-typed fields) without a call per field; None when
    anything is unusual, and the full checks decide and word the error. Same output, same key
    order."""
    if not _EVENT_RULES.issuperset(data):
        return None
    get = data.get
    out: dict[str, Any] = {}
    for name in _REQUIRED_EVENT_STRINGS:
        value = get(name)
        if value is None and name == "externalAccountId":
            value = default_account_id
        if type(value) is not str or not value.strip():
            return None
        if not value.isascii() and not _utf8(value):
            return None
        out[name] = value
    for name in _EVENT_STRINGS:
        value = get(name)
        if value is not None:
            if type(value) is not str or not (value.isascii() or _utf8(value)):
                return None
            out[name] = value
    for name in _EVENT_DATES:
        value = get(name)
        if value is not None:
            if type(value) is not str or not _is_rfc3339(value):
                return None
            out[name] = value
    for name in _EVENT_FLAGS:
        value = get(name)
        if value is not None:
            if type(value) is not bool:
                return None
            out[name] = value
    properties = get("customProperties")
    custom: list[dict[str, str]] = []
    if properties is not None:
        if type(properties) is not list:
            return None
        for prop in properties:
            if type(prop) is not dict:
                return None
            if len(prop) != 2:  # a missing or extra key: the full checks word it
                return None
            prop_name, prop_value = prop.get("name"), prop.get("value")
            if type(prop_name) is not str or not prop_name or type(prop_value) is not str:
                return None
            if not (prop_name.isascii() and prop_value.isascii()) and not (
                _utf8(prop_name) and _utf8(prop_value)
            ):
                return None
            custom.append({"name": prop_name, "value": prop_value})
    out["customProperties"] = custom
    return out


def event(item: Any, default_account_id: str | None) -> dict[str, Any]:
    """An event for events/upsert; ``externalAccountId`` falls back to the client's default."""
    if type(item) is dict:
        fast = _event_fast(item, default_account_id)
        if fast is not None:
            return fast
    data = _as_mapping(item, "EventInput")
    if data.get("externalAccountId") is None and default_account_id is not None:
        data["externalAccountId"] = default_account_id
    return _event_body(data, "EventInput", _REQUIRED_EVENT_STRINGS)


def event_changes(item: Any, schema: str, required: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of an event to change (``EventUpdate``, ``EventObjectUpdate``, a batch-update
    item): the same rules as :func:`event`, with only ``required`` required. HubSpot's spec
    requires ``customProperties`` on updates, so an absent one is sent as ``[]`` (no change)."""
    data = _as_mapping(item, schema)
    body = _event_body(data, schema, required)
    if all(data.get(name) is None for name in data if name not in required):
        names = ", ".join(n for n in _spec.schema_fields(schema) if n not in required)
        raise InvalidInput("input", f"names no field to change; give one or more of {names}")
    return body


def _event_body(data: dict[str, Any], schema: str, required: tuple[str, ...]) -> dict[str, Any]:
    fields = _spec.schema_fields(schema)
    _reject_unknown(data, fields)
    out: dict[str, Any] = {name: _required_string(data, name) for name in required}
    for name in (*_REQUIRED_EVENT_STRINGS, *_EVENT_STRINGS):
        if name not in out and name in fields and data.get(name) is not None:
            if not isinstance(data[name], str):
                raise InvalidInput(name, f"must be a string, got {type(data[name]).__name__}")
            if name in _REQUIRED_EVENT_STRINGS and not data[name].strip():
                raise InvalidInput(name, "must not be empty")
            out[name] = text(data[name], name)
    for name in _EVENT_DATES:
        if data.get(name) is not None:
            out[name] = _to_iso(data[name], name)
    for name in _EVENT_FLAGS:
        if name in fields and data.get(name) is not None:
            if not isinstance(data[name], bool):
                raise InvalidInput(name, f"must be true or false, got {shown(data[name])}")
            out[name] = data[name]
    out["customProperties"] = _custom_properties(data.get("customProperties"))
    out.update(_passed_through(data, _EVENT_RULES | frozenset(required)))
    return out


def date_time(value: Any, name: str) -> str:
    """An aware ``datetime`` or an RFC 3339 string with an offset, as HubSpot's date-time."""
    return _to_iso(value, name)


def as_mapping(item: Any) -> dict[str, Any]:
    """An input given as a mapping or a generated model, as a plain dict."""
    return _as_mapping(item, "input")


def object_id(value: Any) -> str:
    """HubSpot's id of an event (a string of ASCII digits in HubSpot's answers); an int is
    accepted. Anything else would reach HubSpot and, in a batch, could fail the whole chunk."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= _MAX_ID:
        return str(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return value.strip()
    raise InvalidInput(
        "objectId", f"must be HubSpot's event id (ASCII digits 0-9), got {shown(value)}"
    )
