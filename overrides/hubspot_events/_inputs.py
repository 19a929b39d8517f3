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
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hubspot_events import _spec

#: Before 1973-03-03 in milliseconds; as seconds this is the year 5138. An int below this is
#: almost certainly epoch seconds passed where HubSpot wants milliseconds.
_MIN_PLAUSIBLE_MS = 100_000_000_000
#: Year 2200 in epoch ms: later values are typos (microseconds, nanoseconds), not schedules.
_MAX_PLAUSIBLE_MS = 7_258_118_400_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_MAX_EMAIL_LENGTH = 254


#: Field names come from the spec, so a field added by ``make generate`` is sent, not refused.
EMAIL_SUBSCRIBER_FIELDS = _spec.schema_fields("EmailSubscriber")
CONTACT_SUBSCRIBER_FIELDS = _spec.schema_fields("ContactSubscriber")
EVENT_FIELDS = _spec.schema_fields("EventInput")
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


def _as_mapping(item: Any, kind: str) -> dict[str, Any]:
    if isinstance(item, Mapping):
        return dict(item)
    to_dict = getattr(item, "to_dict", None)
    if callable(to_dict):
        result = to_dict()
        if isinstance(result, dict):
            return result
    raise InvalidInput(
        "input",
        f"expected a {kind} model or a mapping in the API's JSON shape, got {type(item).__name__}",
    )


def _reject_unknown(data: Mapping[str, Any], known: tuple[str, ...]) -> None:
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = (
                f"; did you mean {close[0]!r}?" if close else f"; known fields: {', '.join(known)}"
            )
            raise InvalidInput(str(key), f"unknown field{hint}")


def _passed_through(data: Mapping[str, Any], ruled: frozenset[str]) -> dict[str, Any]:
    """Spec fields without a rule here (added to the spec after this module was written)."""
    return {key: value for key, value in data.items() if key not in ruled and value is not None}


def _required_string(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if value is None:
        raise InvalidInput(name, "is required")
    if not isinstance(value, str):
        raise InvalidInput(name, f"must be a string, got {type(value).__name__} {value!r}")
    if not value.strip():
        raise InvalidInput(name, "must not be empty")
    return value


def _string_map(data: Mapping[str, Any], name: str) -> dict[str, str]:
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInput(
            name, f"must be a mapping of names to strings, got {type(value).__name__}"
        )
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise InvalidInput(
                f"{name}.{key}",
                f"values must be strings, got {type(item).__name__} {item!r}; pass str(value)",
            )
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
    return email


def to_epoch_ms(value: Any, name: str = "interactionDateTime") -> int:
    """An int of epoch milliseconds or an aware datetime, as epoch milliseconds."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInput(
                name,
                f"naive datetime {value.isoformat()}: give it a timezone (e.g. tzinfo=timezone.utc)",
            )
        return round(value.timestamp() * 1000)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(
            name,
            f"must be epoch milliseconds (int) or an aware datetime, got {type(value).__name__} {value!r}",
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


def _parse_iso(value: str) -> datetime | None:
    """An ISO 8601 date-time (``Z`` accepted for UTC), or None when it is not one."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _to_iso(value: Any, name: str) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInput(name, f"naive datetime {value.isoformat()}: give it a timezone")
        return value.isoformat()
    if isinstance(value, str):
        parsed = _parse_iso(value)
        if parsed is None:
            raise InvalidInput(name, f"{value!r} is not an ISO 8601 date-time")
        if parsed.tzinfo is None:
            raise InvalidInput(name, f"{value!r} has no UTC offset; add one (e.g. +00:00 or Z)")
        return value
    raise InvalidInput(
        name, f"must be an ISO 8601 string or an aware datetime, got {type(value).__name__}"
    )


def _plain_string_map(value: Any) -> dict[str, str] | None:
    """A copy of ``value`` if it is None (``{}``) or a plain dict of str to str, else None."""
    if value is None:
        return {}
    if type(value) is not dict:
        return None
    for key, item in value.items():
        if type(key) is not str or type(item) is not str:
            return None
    return value.copy()


def _email_subscriber_fast(data: dict[str, Any], now_ms: int) -> dict[str, Any] | None:
    """The common case (a plain dict of well-typed fields) in a few type checks; None when
    anything is unusual, and the full checks decide and word the error. Same output."""
    if not _EMAIL_RULES.issuperset(data):
        return None
    email = data.get("email")
    if type(email) is not str:
        return None
    email = email.strip()
    if not email or len(email) > _MAX_EMAIL_LENGTH or not _EMAIL.match(email):
        return None
    when = data.get("interactionDateTime")
    if when is None:
        when = now_ms
    elif type(when) is not int or not _MIN_PLAUSIBLE_MS <= when <= _MAX_PLAUSIBLE_MS:
        return None
    properties = _plain_string_map(data.get("properties"))
    contact_properties = _plain_string_map(data.get("contactProperties"))
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
    vid = data.get("vid")
    if vid is None:
        raise InvalidInput("vid", "is required (the HubSpot contact id)")
    if isinstance(vid, str) and vid.strip().isdigit():
        vid = int(vid)
    if isinstance(vid, bool) or not isinstance(vid, int) or vid <= 0:
        raise InvalidInput("vid", f"must be a positive integer contact id, got {vid!r}")
    when = data.get("interactionDateTime")
    return {
        "vid": vid,
        "interactionDateTime": now_ms if when is None else to_epoch_ms(when),
        "properties": _string_map(data, "properties"),
        **_passed_through(data, _CONTACT_RULES),
    }


def _property_pairs(value: Any) -> list[tuple[Any, Any]]:
    if isinstance(value, Mapping):
        return list(value.items())
    if not isinstance(value, list | tuple):
        raise InvalidInput(
            "customProperties", "must be a list of {name, value} or a mapping of name to value"
        )
    pairs = []
    for position, prop in enumerate(value):
        prop_data = _as_mapping(prop, "PropertyValue")
        if "name" not in prop_data:
            raise InvalidInput(f"customProperties[{position}].name", "is required")
        pairs.append((prop_data["name"], prop_data.get("value")))
    return pairs


def _custom_properties(value: Any) -> list[dict[str, str]]:
    if value is None:
        return []
    result = []
    for name, prop_value in _property_pairs(value):
        if not isinstance(name, str) or not name:
            raise InvalidInput(
                "customProperties", f"property names must be non-empty strings, got {name!r}"
            )
        if not isinstance(prop_value, str):
            raise InvalidInput(
                f"customProperties.{name}",
                f"value must be a string, got {type(prop_value).__name__} {prop_value!r}",
            )
        result.append({"name": name, "value": prop_value})
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
        out[name] = value
    for name in _EVENT_STRINGS:
        value = get(name)
        if value is not None:
            if type(value) is not str:
                return None
            out[name] = value
    for name in _EVENT_DATES:
        value = get(name)
        if value is not None:
            if type(value) is not str or getattr(_parse_iso(value), "tzinfo", None) is None:
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
            prop_name, prop_value = prop.get("name"), prop.get("value")
            if type(prop_name) is not str or not prop_name or type(prop_value) is not str:
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
            out[name] = data[name]
    for name in _EVENT_DATES:
        if data.get(name) is not None:
            out[name] = _to_iso(data[name], name)
    for name in _EVENT_FLAGS:
        if name in fields and data.get(name) is not None:
            if not isinstance(data[name], bool):
                raise InvalidInput(name, f"must be true or false, got {data[name]!r}")
            out[name] = data[name]
    out["customProperties"] = _custom_properties(data.get("customProperties"))
    out.update(_passed_through(data, _EVENT_RULES | frozenset(required)))
    return out


def date_time(value: Any, name: str) -> str:
    """An aware ``datetime`` or an ISO 8601 string with an offset, as HubSpot's date-time."""
    return _to_iso(value, name)


def as_mapping(item: Any) -> dict[str, Any]:
    """An input given as a mapping or a generated model, as a plain dict."""
    return _as_mapping(item, "input")


def object_id(value: Any) -> str:
    """HubSpot's id of an event (a string of digits in HubSpot's answers); an int is accepted."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise InvalidInput("objectId", f"must be HubSpot's event id (digits), got {value!r}")
