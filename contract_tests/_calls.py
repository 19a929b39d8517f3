"""Each spec operation as a call of the PUBLIC client, and what that call must put on the wire.

Shared by the request suite (generated cases), the response suite and the recordings replay, so
all three drive the client the same way. An :class:`Exchange` is one request in the API's own
terms (decoded path values, typed query, JSON body, bearer token); :func:`call` /
:func:`acall` make the matching client call; :func:`expect` is the oracle: which inputs the
client must refuse before sending (its documented input rules) and the exact requests it must send
for the rest.

The client's documented input rules (design.md, "Inputs are forgiving and exact"), restated here
independently of ``hubspot_events._inputs`` so a change on either side shows:

* an item is a mapping with only the API's own field names (the spec's, read from it: a field
  added to the spec must be sent as given; see test_regeneration.py);
* ``email``: an address (one ``@``, a dotted domain, no spaces; at most 254 characters), sent
  stripped of surrounding spaces;
* ``interactionDateTime``: epoch milliseconds, 1973-03-03 .. 2200-01-01 (smaller ints are
  "plainly seconds", larger ones micro/nanoseconds); ``vid``: a positive int64, digit strings
  in ASCII only; an event's ``objectId`` in a batch: ASCII digits;
* events: the four required strings non-blank; date-times RFC 3339 *with* an offset, in the
  years 1970..2100;
  ``customProperties`` entries need a non-empty ``name`` and a string ``value``;
* ids naming an event or account must be non-blank, and a required account id present.

What the client adds or normalises (and the oracle expects): ``properties`` /
``contactProperties`` default to ``{}`` and ``customProperties`` to ``[]``; list pages send
``limit`` even when not asked (its page size); breakdown ``state`` is sent upper-case; an empty
``externalAccountId`` on email-create is "not given"; a ``customProperties`` entry with a key
other than ``name`` and ``value`` is refused, like an unknown key of an event. Unknown top-level
body keys cannot be expressed through the client (it takes the list of inputs), so they are not
expected on the wire.
A list or breakdown case with ``after`` is played as two pages: the first answer's
``paging.next.after`` is the generated cursor, which the client must then send.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from contract_tests._spec import Spec

BASE_URL = "https://api.hubapi.com"
TOKEN = "contract-test-token"
NOW_MS = 1_700_000_000_000
STAMP = "2023-11-14T22:13:20Z"

APP_ID = 424242  # the app id the batch delete by external ids is called with

#: Batch operations -> the oracle of one input (see ``ORACLES``).
BATCH_OPERATIONS = {
    "upsert_events": "event",
    "record_by_email_external_id": "email",
    "record_by_email_object_id": "email",
    "upsert_by_email": "email",
    "upsert_by_contact_id": "contact",
    "record_by_contact_id_external_id": "contact",
    "record_by_contact_id_object_id": "contact",
    "delete_events": "external_key",
    "delete_events_by_object_id": "object_key",
    "update_events_by_object_id": "object_update",
}
PAGED_OPERATIONS = {
    "list_events",
    "get_breakdown",
    "get_breakdown_by_object_id",
    "get_contact_breakdown",
}
BREAKDOWN_STATES = ("REGISTERED", "ATTENDED", "CANCELLED", "NO_SHOW")


def _fields(schema_name: str) -> tuple[str, ...]:
    """The API's own field names for an input: the spec's, so a field added there is expected."""
    return tuple(SPEC_FIELDS.schema(schema_name).get("properties", {}))


SPEC_FIELDS = Spec.load()
EMAIL_FIELDS = _fields("EmailSubscriber")
CONTACT_FIELDS = _fields("ContactSubscriber")
EVENT_FIELDS = _fields("EventInput")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
RFC3339 = re.compile(
    r"([0-9]{4})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?"
    r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"
)
MAX_ID = 2**63 - 1  # vids and object ids are int64
MIN_MS = 100_000_000_000  # 1973-03-03 as ms; as seconds, the year 5138
MAX_MS = 7_258_118_400_000  # 2200-01-01


@dataclass(frozen=True)
class Exchange:
    """One request in the API's terms: decoded path values, typed query, JSON body."""

    operation_id: str
    path: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    body: Any = None
    token: str | None = None
    #: The app's developer API key, sent as the ``hapikey`` query parameter (settings only).
    developer_key: str | None = None

    @classmethod
    def from_request(cls, spec: Spec, request: httpx.Request) -> Exchange:
        """Decode a captured wire request (it must match an operation of ``spec``)."""
        raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        matched = spec.match(request.method, raw_path)
        assert matched is not None, f"{request.method} {raw_path} matches no operation"
        op, path = matched
        params = op.params("query")
        credentials = spec.credential_params(op) - set(params)
        query = {
            name: params[name].coerce(value) if name in params else value
            for name, value in request.url.params.multi_items()
            if name not in credentials
        }
        keys = [request.url.params[name] for name in sorted(credentials & set(request.url.params))]
        auth = request.headers.get("authorization", "")
        return cls(
            op.operation_id,
            path,
            query,
            json.loads(request.content) if request.content else None,
            auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None,
            keys[0] if keys else None,
        )


@dataclass
class Expectation:
    """What the client must do with an :class:`Exchange`.

    ``refused``: the call raises this before sending anything (a bad id, a missing account).
    ``invalid``: input index -> the fields the client may name when it refuses that input.
    ``requests``: the requests it must send, in order (paged calls send more than one).
    ``optional_query``: query names the client may add on its own (its page size).
    """

    refused: type[Exception] | None = None
    invalid: dict[int, set[str]] = field(default_factory=dict)
    requests: list[Exchange] = field(default_factory=list)
    optional_query: frozenset[str] = frozenset()
    sent_indexes: list[int] = field(default_factory=list)


# -- the oracle ------------------------------------------------------------------------------


#: Fields with a rule of their own above; any other field of the spec is sent as given.
_RULED = {
    "email",
    "interactionDateTime",
    "properties",
    "contactProperties",
    "vid",
    "externalAccountId",
    "externalEventId",
    "eventName",
    "eventOrganizer",
    "eventType",
    "eventDescription",
    "eventUrl",
    "startDateTime",
    "endDateTime",
    "eventCancelled",
    "eventCompleted",
    "customProperties",
}


def _others(item: Mapping[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    """Spec fields without a rule here (added to the spec later): sent as given when set."""
    return {k: v for k, v in item.items() if k in known and k not in _RULED and v is not None}


def _blank(value: Any) -> bool:
    return not isinstance(value, str) or not value.strip()


def _string_map_problems(item: Mapping[str, Any], name: str) -> set[str]:
    value = item.get(name)
    if value is None:
        return set()
    if not isinstance(value, Mapping):
        return {name}
    return {name for k, v in value.items() if not isinstance(k, str) or not isinstance(v, str)}


def _millis_ok(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and MIN_MS <= value <= MAX_MS


def _aware_iso(value: Any) -> bool:
    """RFC 3339 with an offset (ASCII digits), a real date, in the years 1970..2100."""
    match = RFC3339.fullmatch(value) if isinstance(value, str) else None
    if match is None or not 1970 <= int(match[1]) <= 2100:
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def email_input(item: Any) -> tuple[dict[str, Any] | None, set[str]]:
    """(what the client sends for this input, or None; the fields it must complain about)."""
    if isinstance(item, str):
        item = {"email": item}
    if not isinstance(item, Mapping):
        return None, {"input"}
    problems = {str(k) for k in item if k not in EMAIL_FIELDS}
    email = item.get("email")
    if (
        not isinstance(email, str)
        or len(email.strip()) > 254
        or not EMAIL_RE.fullmatch(email.strip())
    ):
        problems.add("email")
    when = item.get("interactionDateTime")
    when = NOW_MS if when is None else when
    if not _millis_ok(when):
        problems.add("interactionDateTime")
    problems |= _string_map_problems(item, "properties")
    problems |= _string_map_problems(item, "contactProperties")
    if problems:
        return None, problems
    assert isinstance(email, str)
    return {
        **_others(item, EMAIL_FIELDS),
        "email": email.strip(),
        "interactionDateTime": when,
        "properties": dict(item.get("properties") or {}),
        "contactProperties": dict(item.get("contactProperties") or {}),
    }, set()


def contact_input(item: Any) -> tuple[dict[str, Any] | None, set[str]]:
    if isinstance(item, int) and not isinstance(item, bool):
        item = {"vid": item}
    if not isinstance(item, Mapping):
        return None, {"input"}
    problems = {str(k) for k in item if k not in CONTACT_FIELDS}
    vid = item.get("vid")
    if isinstance(vid, str) and vid.strip().isdigit() and vid.strip().isascii():
        vid = int(vid)
    if not (isinstance(vid, int) and not isinstance(vid, bool) and 0 < vid <= MAX_ID):
        problems.add("vid")
    when = item.get("interactionDateTime")
    when = NOW_MS if when is None else when
    if not _millis_ok(when):
        problems.add("interactionDateTime")
    problems |= _string_map_problems(item, "properties")
    if problems:
        return None, problems
    return {
        **_others(item, CONTACT_FIELDS),
        "vid": vid,
        "interactionDateTime": when,
        "properties": dict(item.get("properties") or {}),
    }, set()


_REQUIRED_EVENT_TEXT = ("externalAccountId", "externalEventId", "eventName", "eventOrganizer")


def event_input(item: Any) -> tuple[dict[str, Any] | None, set[str]]:
    """An event for events/upsert, create and replace: its four ids and names required."""
    if not isinstance(item, Mapping):
        return None, {"input"}
    out, problems = _event_fields(item, EVENT_FIELDS, _REQUIRED_EVENT_TEXT)
    return (None, problems) if problems else (out, set())


def _event_fields(
    item: Mapping[str, Any], known: tuple[str, ...], required: tuple[str, ...]
) -> tuple[dict[str, Any], set[str]]:
    """The client's rules for an event's fields (as the body it sends, and the fields it
    refuses): ``required`` must be non-blank text, the other ids and names non-blank when given,
    texts strings, dates aware ISO 8601, flags booleans, ``customProperties`` ``{name, value}``
    pairs (``[]`` when absent)."""
    problems = {str(k) for k in item if k not in known}
    out: dict[str, Any] = _others(item, known)
    for name in required:
        out.pop(name, None)
        value = item.get(name)
        if name == "objectId" and value is not None:
            value = _object_id(value)
        if _blank(value):
            problems.add(name)
        out[name] = value
    for name in _REQUIRED_EVENT_TEXT:
        if name in known and name not in required and item.get(name) is not None:
            if _blank(item[name]):
                problems.add(name)
            out[name] = item[name]
    for name in ("eventType", "eventDescription", "eventUrl"):
        if name in known and item.get(name) is not None:
            if not isinstance(item[name], str):
                problems.add(name)
            out[name] = item[name]
    for name in ("startDateTime", "endDateTime"):
        if item.get(name) is not None:
            if not _aware_iso(item[name]):
                problems.add(name)
            out[name] = item[name]
    for name in ("eventCancelled", "eventCompleted"):
        if name in known and item.get(name) is not None:
            if not isinstance(item[name], bool):
                problems.add(name)
            out[name] = item[name]
    custom = item.get("customProperties")
    out["customProperties"] = []
    if custom is not None and not isinstance(custom, list):
        problems.add("customProperties")
    for prop in custom if isinstance(custom, list) else []:
        if (
            not isinstance(prop, Mapping)
            or _blank_name(prop)
            or not isinstance(prop.get("value"), str)
            or set(prop) - {"name", "value"}
        ):
            problems.add("customProperties")
        else:
            out["customProperties"].append({"name": prop["name"], "value": prop["value"]})
    return out, problems


def _blank_name(prop: Mapping[str, Any]) -> bool:
    name = prop.get("name")
    return not isinstance(name, str) or not name


def _object_id(value: Any) -> str | None:
    """What the client sends for an event's object id in a body: digits of an int, a stripped
    string of ASCII digits; None when it refuses it."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID:
        return str(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return value.strip()
    return None


def _positive_int(value: Any) -> int | None:
    """An id HubSpot types as an integer (app id, marketing event id): what the client sends."""
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            return None
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    return value


def changes_input(
    item: Any, schema_name: str, required: tuple[str, ...] = ()
) -> tuple[dict[str, Any] | None, set[str]]:
    """The fields of an event to change (EventUpdate, EventObjectUpdate, a batch-update item):
    the event rules, only ``required`` required, ``customProperties`` defaulting to ``[]``, and
    at least one field besides the required ones."""
    if not isinstance(item, Mapping):
        return None, {"input"}
    out, problems = _event_fields(item, _fields(schema_name), required)
    if all(item.get(name) is None for name in item if name not in required):
        problems.add("input")
    return (None, problems) if problems else (out, set())


def external_key_input(item: Any) -> tuple[dict[str, Any] | None, set[str]]:
    """One event of ``events/delete``: (appId, externalAccountId, externalEventId); the appId
    defaults to the call's (``APP_ID`` here)."""
    if isinstance(item, str):
        item = {"externalEventId": item}
    if not isinstance(item, Mapping):
        return None, {"input"}
    out = {
        "appId": item.get("appId", APP_ID),
        "externalAccountId": item.get("externalAccountId"),
        "externalEventId": item.get("externalEventId"),
    }
    problems = {str(k) for k in item if k not in out}
    problems |= {name for name in ("externalAccountId", "externalEventId") if _blank(out[name])}
    if isinstance(out["appId"], bool) or not isinstance(out["appId"], int):
        problems.add("appId")
    return (None, problems) if problems else (out, set())


def object_key_input(item: Any) -> tuple[dict[str, Any] | None, set[str]]:
    """One event named by object id: the id itself or ``{"objectId": ...}``, nothing else."""
    if isinstance(item, str | int) and not isinstance(item, bool):
        item = {"objectId": item}
    if not isinstance(item, Mapping):
        return None, {"input"}
    object_id = _object_id(item.get("objectId"))
    if set(item) != {"objectId"} or object_id is None:
        return None, {"objectId"}
    return {"objectId": object_id}, set()


def object_update_input(item: Any) -> tuple[dict[str, Any] | None, set[str]]:
    return changes_input(item, "EventObjectUpdateItem", required=("objectId",))


ORACLES: dict[str, Callable[[Any], tuple[dict[str, Any] | None, set[str]]]] = {
    "event": event_input,
    "email": email_input,
    "contact": contact_input,
    "external_key": external_key_input,
    "object_key": object_key_input,
    "object_update": object_update_input,
}

#: Operations naming the event by (account, event) where the account id is in the path or a
#: required query parameter: an empty one is refused (the client's "needs external_account_id").
ACCOUNT_IN_PATH = {
    "get_counters",
    "get_breakdown",
    "get_lists_external_id",
    "associate_list_external_id",
    "disassociate_list_external_id",
}
ACCOUNT_IN_QUERY = {
    "get_event",
    "update_event",
    "delete_event",
    "upsert_by_email",
    "upsert_by_contact_id",
    "cancel_event",
    "complete_event",
}
#: An empty optional account id is "not given" (not sent).
ACCOUNT_OPTIONAL = {"record_by_email_external_id", "record_by_contact_id_external_id"}
#: Path values the client checks are non-blank before sending.
NON_BLANK_PATH = {"externalEventId", "objectId", "listId", "contactIdentifier", "marketingEventId"}
#: Path values HubSpot types as integers: positive ints, sent as their digits.
INTEGER_PATH = {
    "get_counters_by_object_id": "marketingEventId",
    "get_breakdown_by_object_id": "marketingEventId",
    "get_settings": "appId",
    "update_settings": "appId",
}
BREAKDOWNS = {"get_breakdown", "get_breakdown_by_object_id", "get_contact_breakdown"}


def _single_body(op: str, path: Mapping[str, str], body: Any) -> tuple[bool, Any]:
    """(accepted, the body the client sends) for the single-object writes."""
    if op == "create_event":
        wire, _ = event_input(body)
        return wire is not None, wire
    if op == "replace_event":
        if not isinstance(body, Mapping):
            return False, None
        named = body.get("externalEventId", path["externalEventId"])
        if named != path["externalEventId"]:
            return False, None
        wire, _ = event_input({**body, "externalEventId": named})
        return wire is not None, wire
    if op in ("update_event", "update_event_by_object_id"):
        schema = "EventUpdate" if op == "update_event" else "EventObjectUpdate"
        wire, _ = changes_input(body, schema)
        return wire is not None, wire
    if op == "complete_event":
        body = body if isinstance(body, Mapping) else {}
        dates = {name: body.get(name) for name in ("startDateTime", "endDateTime")}
        return all(_aware_iso(v) for v in dates.values()), dates
    if op == "update_settings":
        url = (body or {}).get("eventDetailsUrl") if isinstance(body, Mapping) else None
        ok = isinstance(url, str) and bool(url.strip()) and "%s" in url
        return ok, {"eventDetailsUrl": url}
    return True, body


def expect(exchange: Exchange) -> Expectation:
    """The oracle: what the public client must do with ``exchange``."""
    op = exchange.operation_id
    path, query = dict(exchange.path), dict(exchange.query)
    refused = Expectation(refused=ValueError)
    for name, value in path.items():
        if INTEGER_PATH.get(op) == name:
            number = _positive_int(value)
            if number is None:
                return refused
            path[name] = str(number)
        elif name in NON_BLANK_PATH and _blank(value):
            return refused
    if op in ACCOUNT_IN_PATH and not path.get("externalAccountId"):
        return refused
    if op in ACCOUNT_IN_QUERY and not query.get("externalAccountId"):
        return refused
    if op in ACCOUNT_OPTIONAL and query.get("externalAccountId") == "":
        del query["externalAccountId"]
    if op == "search_events" and _blank(query.get("q")):
        return refused
    if op in BREAKDOWNS:
        if "state" in query:
            state = query["state"]
            if not isinstance(state, str) or state.upper() not in BREAKDOWN_STATES:
                return refused
            query["state"] = state.upper()
        if "contactIdentifier" in query and _blank(query["contactIdentifier"]):
            return refused
        limit = query.get("limit", 1)
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100:
            return refused
    if op in BATCH_OPERATIONS:
        oracle = ORACLES[BATCH_OPERATIONS[op]]
        inputs = (exchange.body or {}).get("inputs", [])
        expectation = Expectation()
        sent = []
        for index, item in enumerate(inputs):
            wire, problems = oracle(item)
            if wire is None:
                expectation.invalid[index] = problems
            else:
                sent.append(wire)
                expectation.sent_indexes.append(index)
        if sent:
            expectation.requests.append(Exchange(op, path, query, {"inputs": sent}, exchange.token))
        return expectation
    accepted, body = _single_body(op, path, exchange.body)
    if not accepted:
        return refused
    if op in PAGED_OPERATIONS:
        optional = frozenset() if "limit" in query else frozenset({"limit"})
        after = query.pop("after", None)
        requests = [Exchange(op, path, query, None, exchange.token)]
        if after not in (None, ""):
            requests.append(Exchange(op, path, {**query, "after": after}, None, exchange.token))
        return Expectation(requests=requests, optional_query=optional)
    request = Exchange(op, path, query, body, exchange.token, exchange.developer_key)
    return Expectation(requests=[request])


# -- the client calls -------------------------------------------------------------------------

#: (resource, method, args, kwargs, kind); kind is how the answer comes back: "batch" (a
#: BatchResult), "pages" (an iterator over every page's items), "read" (one model), "list" (a
#: list of the answer's ``results``, one request) or "none" (success has no body: None).
Plan = tuple[str, str, tuple[Any, ...], dict[str, Any], str]


def _int_or_text(value: str) -> int | str:
    """A path value of an integer id, as the int users pass (the raw text if it is none)."""
    return int(value) if re.fullmatch(r"-?\d+", value) else value


def _page_kwargs(q: Mapping[str, Any], *, contact: bool = True) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"state": q.get("state")}
    if contact:
        kwargs["contact"] = q.get("contactIdentifier")
    if "limit" in q:
        kwargs["page_size"] = q["limit"]
    return kwargs


def _plan_events(e: Exchange, inputs: list[Any]) -> Plan | None:
    op, p, q, body = e.operation_id, e.path, e.query, e.body
    account = {"external_account_id": q.get("externalAccountId")}
    plans: dict[str, Callable[[], Plan]] = {
        "upsert_events": lambda: ("events", "upsert", (inputs,), {}, "batch"),
        "create_event": lambda: ("events", "create", (body,), {}, "read"),
        "replace_event": lambda: ("events", "upsert_one", (p["externalEventId"], body), {}, "read"),
        "get_event": lambda: ("events", "get", (p["externalEventId"],), account, "read"),
        "get_event_by_object_id": lambda: (
            "events",
            "get",
            (),
            {"object_id": p["objectId"]},
            "read",
        ),
        "update_event": lambda: (
            "events",
            "update",
            (p["externalEventId"], body),
            account,
            "read",
        ),
        "update_event_by_object_id": lambda: (
            "events",
            "update",
            (),
            {"object_id": p["objectId"], "fields": body},
            "read",
        ),
        "delete_event": lambda: ("events", "delete", (p["externalEventId"],), account, "none"),
        "delete_event_by_object_id": lambda: (
            "events",
            "delete",
            (),
            {"object_id": p["objectId"]},
            "none",
        ),
        "delete_events": lambda: (
            "events",
            "delete_many",
            (),
            {"external_event_ids": inputs, "app_id": APP_ID},
            "batch",
        ),
        "delete_events_by_object_id": lambda: (
            "events",
            "delete_many",
            (),
            {"object_ids": inputs},
            "batch",
        ),
        "update_events_by_object_id": lambda: ("events", "update_many", (inputs,), {}, "batch"),
        "cancel_event": lambda: ("events", "cancel", (p["externalEventId"],), account, "read"),
        "complete_event": lambda: (
            "events",
            "complete",
            (
                p["externalEventId"],
                (body or {}).get("startDateTime"),
                (body or {}).get("endDateTime"),
            ),
            account,
            "read",
        ),
        "search_events": lambda: ("events", "search", (q.get("q"),), {}, "list"),
        "get_identifiers": lambda: ("events", "identifiers", (p["externalEventId"],), {}, "list"),
        "list_events": lambda: (
            "events",
            "list",
            (),
            {"page_size": q["limit"]} if "limit" in q else {},
            "pages",
        ),
    }
    return plans[op]() if op in plans else None


def _plan_participation(e: Exchange, inputs: list[Any]) -> Plan | None:
    op, p, q = e.operation_id, e.path, e.query
    if op in (
        "record_by_email_external_id",
        "record_by_email_object_id",
        "record_by_contact_id_external_id",
        "record_by_contact_id_object_id",
    ):
        method = "record_by_email" if "_email_" in op else "record_by_contact_id"
        if op.endswith("_object_id"):
            kwargs: dict[str, Any] = {"object_id": p["objectId"]}
        else:
            kwargs = {
                "external_event_id": p["externalEventId"],
                "external_account_id": q.get("externalAccountId"),
            }
        return "attendance", method, (p["subscriberState"], inputs), kwargs, "batch"
    if op in ("upsert_by_email", "upsert_by_contact_id"):
        kwargs = {
            "external_event_id": p["externalEventId"],
            "external_account_id": q.get("externalAccountId"),
        }
        return "subscriber_state", op, (p["subscriberState"], inputs), kwargs, "batch"
    if op == "get_counters":
        args = (p["externalEventId"], p["externalAccountId"])
        return "participations", "counters", args, {}, "read"
    if op == "get_counters_by_object_id":
        kwargs = {"object_id": p["marketingEventId"]}
        return "participations", "counters", (), kwargs, "read"
    if op == "get_breakdown":
        args = (p["externalEventId"], p["externalAccountId"])
        return "participations", "breakdown", args, _page_kwargs(q), "pages"
    if op == "get_breakdown_by_object_id":
        kwargs = {"object_id": p["marketingEventId"], **_page_kwargs(q)}
        return "participations", "breakdown", (), kwargs, "pages"
    if op == "get_contact_breakdown":
        kwargs = _page_kwargs(q, contact=False)
        return "participations", "for_contact", (p["contactIdentifier"],), kwargs, "pages"
    return None


def _plan_lists_settings(e: Exchange) -> Plan | None:
    op, p, body = e.operation_id, e.path, e.body
    by_object = {"object_id": p["marketingEventId"]} if "marketingEventId" in p else {}
    event: tuple[Any, ...] = (
        () if by_object else (p.get("externalEventId"), p.get("externalAccountId"))
    )
    if op in ("get_lists_external_id", "get_lists_object_id"):
        return "lists", "associated", event, by_object, "list"
    for verb in ("associate", "disassociate"):
        if op in (f"{verb}_list_external_id", f"{verb}_list_object_id"):
            return "lists", verb, (p["listId"], *event), by_object, "none"
    if op == "get_settings":
        return "settings", "get", (), {"app_id": _int_or_text(p["appId"])}, "read"
    if op == "update_settings":
        url = body.get("eventDetailsUrl") if isinstance(body, Mapping) else None
        return "settings", "update", (url,), {"app_id": _int_or_text(p["appId"])}, "read"
    return None


def _plan(exchange: Exchange) -> Plan:
    """(resource, method, args, kwargs, kind) of the client call for ``exchange``."""
    body = exchange.body
    inputs = list(body.get("inputs", [])) if isinstance(body, Mapping) else []
    plan = (
        _plan_events(exchange, inputs)
        or _plan_participation(exchange, inputs)
        or _plan_lists_settings(exchange)
    )
    if plan is None:
        raise KeyError(f"no client call is mapped for operation {exchange.operation_id!r}")
    return plan


def kind_of(operation_id: str) -> str:
    """How the client hands back the answer of ``operation_id`` (see ``Plan``)."""
    return _plan(sample_exchanges()[operation_id])[4]


def call(client: Any, exchange: Exchange) -> Any:
    """Make the public (sync) client call for ``exchange``; paged calls are read to the end."""
    resource, method, args, kwargs, kind = _plan(exchange)
    result = getattr(getattr(client, resource), method)(*args, **kwargs)
    return list(result) if kind == "pages" else result


async def acall(client: Any, exchange: Exchange) -> Any:
    """The same call on the async client."""
    resource, method, args, kwargs, kind = _plan(exchange)
    result = getattr(getattr(client, resource), method)(*args, **kwargs)
    if kind == "pages":
        return [item async for item in result]
    return await result


# -- answers for the request suite --------------------------------------------------------------


def minimal_value(schema: Any, name: str | None = None) -> Any:
    """The smallest value ``schema`` allows: required fields only, empty arrays, ``"1"``..."""
    if not isinstance(schema, Mapping):
        return None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {key: minimal_value(props.get(key, {}), key) for key in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "string":
        if schema.get("format") == "date-time":
            return STAMP
        return "COMPLETE" if name == "status" else "1"
    if kind in ("integer", "number"):
        return max(0, schema.get("minimum", 0))
    if kind == "boolean":
        return False
    return None


def minimal_response(exchange: Exchange, next_after: str | None = None) -> httpx.Response:
    """A small valid answer (per the spec) to ``exchange``: its first documented 2xx, with
    only required fields (none for an operation whose success has no body); pages link to
    ``next_after``."""
    op = SPEC_FIELDS.operations[exchange.operation_id]
    key = min(k for k in op.responses if k.startswith("2"))
    schema = op.responses[key]
    if schema is None:
        return httpx.Response(int(key))
    body = minimal_value(schema)
    inputs = exchange.body.get("inputs") if isinstance(exchange.body, dict) else None
    if body.get("results") == [] and isinstance(inputs, list):
        # A batch answer confirms the inputs its results name (issue 12): one result per input,
        # carrying the input's key as HubSpot's results do.
        item = minimal_value(schema["properties"]["results"]["items"])
        keys = ("email", "vid", "objectId")
        body["results"] = [
            {**item, **{k: v for k, v in sent.items() if k in keys}}
            for sent in inputs
            if isinstance(sent, dict)
        ]
    if next_after is not None:
        body["paging"] = {"next": {"after": next_after}}
    return httpx.Response(int(key), json=body)


# -- the client's input domain as a schema ------------------------------------------------------


def client_domain(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the spec narrowed to what the client accepts as-is (the rules above as schema).

    Every request this copy generates, the client must send, exactly; what it sends is valid
    against the curated spec too. One body differs from the spec's: ``replace_event`` takes the
    event without ``externalEventId`` (the client fills it in from the path, and refuses a body
    naming another event). Fields that are missing from ``document`` (a spec change) are left
    alone.
    """
    doc = copy.deepcopy(dict(document))
    schemas = doc["components"]["schemas"]
    params = doc["components"].get("parameters", {})
    millis = {"type": "integer", "format": "int64", "minimum": MIN_MS, "maximum": MAX_MS}
    # Python's str.strip() also strips \x1c-\x1f and \x85, which JSON Schema's \s does not match.
    blank = r"\s\x1c-\x1f\x85"
    non_blank = {"type": "string", "minLength": 1, "pattern": f"[^{blank}]"}

    def narrow(schema_name: str, /, **fields: dict[str, Any]) -> None:
        schema = schemas.get(schema_name)
        if schema is None:
            return
        schema["additionalProperties"] = False
        for field_name, replacement in fields.items():
            if field_name in schema.get("properties", {}):
                schema["properties"][field_name] = replacement

    for batch in (
        "EventInputBatch",
        "EmailSubscriberBatch",
        "ContactSubscriberBatch",
        "ExternalEventKeyBatch",
        "ObjectIdBatch",
        "EventObjectUpdateBatch",
    ):
        narrow(batch)
    narrow(
        "EmailSubscriber",
        email={
            "type": "string",
            "maxLength": 254,
            "pattern": f"^[^@{blank}]+@[^@{blank}]+\\.[^@.{blank}]+$",
        },
        interactionDateTime=millis,
    )
    narrow(
        "ContactSubscriber",
        vid={"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID},
        interactionDateTime=millis,
    )
    named = {"eventName": non_blank, "eventOrganizer": non_blank}
    date = {
        "type": "string",
        "pattern": "^(19[7-9][0-9]|20[0-9][0-9]|2100)-(0[1-9]|1[0-2])-"
        "(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](Z|[+-]0[0-9]:[0-5][0-9])$",
    }
    dates = {"startDateTime": date, "endDateTime": date}
    digits = {"type": "string", "pattern": "^[0-9]{1,18}$"}
    narrow(
        "EventInput",
        externalAccountId=non_blank,
        externalEventId=non_blank,
        **named,
        **dates,
    )
    narrow("EventUpdate", **named, **dates)
    if "EventUpdate" in schemas:
        # Nothing is required (customProperties neither: HubSpot's own client omits it), but a
        # change must name a field: the client refuses an empty one before sending.
        schemas["EventUpdate"]["minProperties"] = 1
    narrow("EventObjectUpdate", **named, **dates)
    narrow("EventObjectUpdateItem", objectId=digits, **named, **dates)
    narrow("ObjectIdInput", objectId=digits)
    narrow("ExternalEventKey", externalAccountId=non_blank, externalEventId=non_blank)
    narrow("EventCompletion", **dates)
    narrow("AppSettingsUpdate", eventDetailsUrl={"type": "string", "pattern": "%s"})
    narrow("PropertyValue", name={"type": "string", "minLength": 1})
    if "EventInput" in schemas:
        # replace_event: the event without its id (the client takes that from the path).
        replacement = copy.deepcopy(schemas["EventInput"])
        replacement.get("properties", {}).pop("externalEventId", None)
        replacement["required"] = [
            n for n in replacement.get("required", []) if n != "externalEventId"
        ]
        schemas["ReplacementEventInput"] = replacement
    for name in (
        "ExternalEventIdPath",
        "ExternalAccountIdPath",
        "ExternalAccountIdQueryRequired",
        "ObjectIdPath",
        "MarketingEventIdStringPath",
        "ContactIdentifierQuery",
    ):
        if name in params:
            params[name]["schema"] = dict(non_blank)
    for name in ("MarketingEventIdPath", "AppIdPath"):
        if name in params:
            params[name]["schema"] = {**params[name]["schema"], "minimum": 1}
    for item in doc["paths"].values():
        for op in item.values():
            if not isinstance(op, dict):
                continue
            for param in op.get("parameters", []):
                if "$ref" in param:
                    continue
                if param.get("in") == "path" or (
                    param.get("name") in ("externalAccountId", "q") and param.get("in") == "query"
                ):
                    param["schema"] = dict(non_blank)
            if op.get("operationId") == "replace_event" and "ReplacementEventInput" in schemas:
                media = op["requestBody"]["content"]["application/json"]
                media["schema"] = {"$ref": "#/components/schemas/ReplacementEventInput"}
    return doc


# -- one valid call per operation (responses suite, recorder) ------------------------------------


def sample_event(external_event_id: str, account: str = "acct-1") -> dict[str, Any]:
    return {
        "externalAccountId": account,
        "externalEventId": external_event_id,
        "eventName": f"Webinar {external_event_id}",
        "eventOrganizer": "Example Org",
        "eventType": "WEBINAR",
        "startDateTime": "2024-05-01T15:00:00+00:00",
        "endDateTime": "2024-05-01T16:00:00+00:00",
        "customProperties": [{"name": "room", "value": "A"}],
    }


def sample_subscriber(n: int) -> dict[str, Any]:
    return {
        "email": f"user{n}@example.com",
        "interactionDateTime": NOW_MS + n,
        "properties": {},
        "contactProperties": {"firstname": f"User{n}"},
    }


def sample_exchanges() -> dict[str, Exchange]:
    """A valid request for every operation, in the API's terms."""
    event = {"externalEventId": "e-1", "subscriberState": "attend"}
    account = {"externalAccountId": "acct-1"}
    by_ids = {**account, "externalEventId": "e-1"}
    emails = {"inputs": [sample_subscriber(n) for n in (1, 2, 3)]}
    contacts: dict[str, Any] = {
        "inputs": [
            {"vid": vid, "interactionDateTime": NOW_MS, "properties": {}} for vid in (1001, 1002)
        ]
    }
    changes = {"eventName": "Renamed", "customProperties": [{"name": "room", "value": "B"}]}
    object_id = {"objectId": "50000001"}
    settings = {"appId": str(APP_ID)}
    samples = [
        Exchange("upsert_events", body={"inputs": [sample_event("e-1"), sample_event("e-2")]}),
        Exchange("create_event", body=sample_event("e-3")),
        Exchange("replace_event", {"externalEventId": "e-1"}, body=sample_event("e-1")),
        Exchange("get_event", {"externalEventId": "e-1"}, account),
        Exchange("get_event_by_object_id", object_id),
        Exchange("update_event", {"externalEventId": "e-1"}, account, changes),
        Exchange("update_event_by_object_id", object_id, body=changes),
        Exchange("delete_event", {"externalEventId": "e-1"}, account),
        Exchange("delete_event_by_object_id", object_id),
        Exchange(
            "delete_events",
            body={
                "inputs": [
                    {"appId": APP_ID, **account, "externalEventId": f"e-{n}"} for n in (1, 2)
                ]
            },
        ),
        Exchange(
            "delete_events_by_object_id",
            body={"inputs": [{"objectId": "50000001"}, {"objectId": "50000002"}]},
        ),
        Exchange(
            "update_events_by_object_id",
            body={"inputs": [{"objectId": f"5000000{n}", **changes} for n in (1, 2)]},
        ),
        Exchange("cancel_event", {"externalEventId": "e-1"}, account),
        Exchange(
            "complete_event",
            {"externalEventId": "e-1"},
            account,
            {"startDateTime": "2024-05-01T15:00:00+00:00", "endDateTime": "2024-05-01T16:05:00Z"},
        ),
        Exchange("search_events", query={"q": "e-"}),
        Exchange("get_identifiers", {"externalEventId": "e-1"}),
        Exchange("list_events", {}, {"limit": 10}),
        Exchange("record_by_email_external_id", event, account, emails),
        Exchange(
            "record_by_email_object_id",
            {**object_id, "subscriberState": "register"},
            {},
            emails,
        ),
        Exchange("record_by_contact_id_external_id", event, account, contacts),
        Exchange(
            "record_by_contact_id_object_id",
            {**object_id, "subscriberState": "register"},
            {},
            contacts,
        ),
        Exchange("upsert_by_email", event, account, emails),
        Exchange(
            "upsert_by_contact_id",
            {"externalEventId": "e-1", "subscriberState": "cancel"},
            account,
            contacts,
        ),
        Exchange("get_counters", by_ids),
        Exchange("get_counters_by_object_id", {"marketingEventId": "50000001"}),
        Exchange("get_breakdown", by_ids, {"limit": 10}),
        Exchange(
            "get_breakdown_by_object_id", {"marketingEventId": "50000001"}, {"state": "ATTENDED"}
        ),
        Exchange(
            "get_contact_breakdown", {"contactIdentifier": "user1@example.com"}, {"limit": 10}
        ),
        Exchange("get_lists_external_id", by_ids),
        Exchange("get_lists_object_id", {"marketingEventId": "50000001"}),
        Exchange("associate_list_external_id", {**by_ids, "listId": "77"}),
        Exchange("associate_list_object_id", {"marketingEventId": "50000001", "listId": "77"}),
        Exchange("disassociate_list_external_id", {**by_ids, "listId": "77"}),
        Exchange("disassociate_list_object_id", {"marketingEventId": "50000001", "listId": "77"}),
        Exchange("get_settings", settings),
        Exchange(
            "update_settings",
            settings,
            body={"eventDetailsUrl": "https://events.example.com/%s"},
        ),
    ]
    return {sample.operation_id: sample for sample in samples}


#: The key a batch operation's inputs and results are matched by (None: results are not).
RESULT_KEYS = {
    "upsert_events": None,
    "record_by_email_external_id": "email",
    "record_by_email_object_id": "email",
    "upsert_by_email": "email",
    "upsert_by_contact_id": "vid",
    "record_by_contact_id_external_id": "vid",
    "record_by_contact_id_object_id": "vid",
    "delete_events": None,
    "delete_events_by_object_id": None,
    "update_events_by_object_id": "objectId",
}


def read_models(spec: Spec, kinds: Mapping[str, str]) -> dict[str, str]:
    """Per read operation, the model name of what the client hands back: the 2xx body's model,
    or for pages and lists (``kinds``) the model of each item of its ``results``."""
    models: dict[str, str] = {}
    for operation_id, kind in kinds.items():
        if kind in ("batch", "none"):
            continue
        op = spec.operations[operation_id]
        name = next(op.response_models[k] for k in sorted(op.responses) if k.startswith("2"))
        assert name is not None, operation_id
        if kind in ("pages", "list"):
            ref = spec.document["components"]["schemas"][name]["properties"]["results"]["items"]
            name = ref["$ref"].rsplit("/", 1)[-1]
        models[operation_id] = name
    return models
