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
  "plainly seconds", larger ones micro/nanoseconds); ``vid``: a positive integer;
* events: the four required strings non-blank; date-times ISO 8601 *with* an offset;
  ``customProperties`` entries need a non-empty ``name`` and a string ``value``;
* ids naming an event or account must be non-blank, and a required account id present.

What the client adds or normalises (and the oracle expects): ``properties`` /
``contactProperties`` default to ``{}`` and ``customProperties`` to ``[]``; list pages send
``limit`` even when not asked (its page size); breakdown ``state`` is sent upper-case; an empty
``externalAccountId`` on email-create is "not given"; a ``customProperties`` entry is sent as
``{name, value}`` only (extra keys there are dropped silently, while unknown keys of an event
are refused: reported to the lead as an inconsistency). Unknown top-level body keys cannot be
expressed through the client (it takes the list of inputs), so they are not expected on the wire.
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

BATCH_OPERATIONS = {
    "upsert_events": "event",
    "record_by_email_external_id": "email",
    "record_by_email_object_id": "email",
    "upsert_by_email": "email",
    "upsert_by_contact_id": "contact",
}
PAGED_OPERATIONS = {"list_events", "get_breakdown"}
BREAKDOWN_STATES = ("REGISTERED", "ATTENDED", "CANCELLED", "NO_SHOW")


def _fields(schema_name: str) -> tuple[str, ...]:
    """The API's own field names for an input: the spec's, so a field added there is expected."""
    return tuple(SPEC_FIELDS.schema(schema_name).get("properties", {}))


SPEC_FIELDS = Spec.load()
EMAIL_FIELDS = _fields("EmailSubscriber")
CONTACT_FIELDS = _fields("ContactSubscriber")
EVENT_FIELDS = _fields("EventInput")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
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

    @classmethod
    def from_request(cls, spec: Spec, request: httpx.Request) -> Exchange:
        """Decode a captured wire request (it must match an operation of ``spec``)."""
        raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        matched = spec.match(request.method, raw_path)
        assert matched is not None, f"{request.method} {raw_path} matches no operation"
        op, path = matched
        params = op.params("query")
        query = {
            name: params[name].coerce(value) if name in params else value
            for name, value in request.url.params.multi_items()
        }
        auth = request.headers.get("authorization", "")
        return cls(
            op.operation_id,
            path,
            query,
            json.loads(request.content) if request.content else None,
            auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None,
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
    if not isinstance(value, str):
        return False
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return parsed.tzinfo is not None


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
    if isinstance(vid, str) and vid.strip().isdigit():
        vid = int(vid)
    if not (isinstance(vid, int) and not isinstance(vid, bool) and vid > 0):
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


def event_input(item: Any) -> tuple[dict[str, Any] | None, set[str]]:
    if not isinstance(item, Mapping):
        return None, {"input"}
    problems = {str(k) for k in item if k not in EVENT_FIELDS}
    out: dict[str, Any] = _others(item, EVENT_FIELDS)
    for name in ("externalAccountId", "externalEventId", "eventName", "eventOrganizer"):
        if _blank(item.get(name)):
            problems.add(name)
        out[name] = item.get(name)
    for name in ("eventType", "eventDescription", "eventUrl"):
        if item.get(name) is not None:
            if not isinstance(item[name], str):
                problems.add(name)
            out[name] = item[name]
    for name in ("startDateTime", "endDateTime"):
        if item.get(name) is not None:
            if not _aware_iso(item[name]):
                problems.add(name)
            out[name] = item[name]
    for name in ("eventCancelled", "eventCompleted"):
        if item.get(name) is not None:
            if not isinstance(item[name], bool):
                problems.add(name)
            out[name] = item[name]
    custom = item.get("customProperties") or []
    out["customProperties"] = []
    if not isinstance(custom, list):
        problems.add("customProperties")
    else:
        for prop in custom:
            if (
                not isinstance(prop, Mapping)
                or _blank_name(prop)
                or not isinstance(prop.get("value"), str)
            ):
                problems.add("customProperties")
            else:
                out["customProperties"].append({"name": prop["name"], "value": prop["value"]})
    return (None, problems) if problems else (out, set())


def _blank_name(prop: Mapping[str, Any]) -> bool:
    name = prop.get("name")
    return not isinstance(name, str) or not name


ORACLES: dict[str, Callable[[Any], tuple[dict[str, Any] | None, set[str]]]] = {
    "event": event_input,
    "email": email_input,
    "contact": contact_input,
}


def expect(exchange: Exchange) -> Expectation:
    """The oracle: what the public client must do with ``exchange``."""
    op = exchange.operation_id
    path, query = dict(exchange.path), dict(exchange.query)
    ids = [v for k, v in path.items() if k in ("externalEventId", "objectId")]
    if any(_blank(v) for v in ids):
        return Expectation(refused=ValueError)
    if op in ("get_counters", "get_breakdown") and not path.get("externalAccountId"):
        return Expectation(refused=ValueError)
    if op in ("get_event", "upsert_by_email", "upsert_by_contact_id") and not query.get(
        "externalAccountId"
    ):
        return Expectation(refused=ValueError)
    if op == "record_by_email_external_id" and query.get("externalAccountId") == "":
        del query["externalAccountId"]
    if op == "get_breakdown" and "state" in query:
        if not isinstance(query["state"], str) or query["state"].upper() not in BREAKDOWN_STATES:
            return Expectation(refused=ValueError)
        query["state"] = query["state"].upper()
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
    if op in PAGED_OPERATIONS:
        optional = frozenset() if "limit" in query else frozenset({"limit"})
        after = query.pop("after", None)
        requests = [Exchange(op, path, query, None, exchange.token)]
        if after not in (None, ""):
            requests.append(Exchange(op, path, {**query, "after": after}, None, exchange.token))
        return Expectation(requests=requests, optional_query=optional)
    return Expectation(requests=[Exchange(op, path, query, None, exchange.token)])


# -- the client calls -------------------------------------------------------------------------


def _plan(exchange: Exchange) -> tuple[str, str, tuple[Any, ...], dict[str, Any], str]:
    """(resource, method, args, kwargs, kind) of the client call for ``exchange``."""
    op, p, q, body = exchange.operation_id, exchange.path, exchange.query, exchange.body
    inputs = list((body or {}).get("inputs", []))
    if op == "upsert_events":
        return "events", "upsert", (inputs,), {}, "batch"
    if op == "get_event":
        kwargs = {"external_account_id": q.get("externalAccountId")}
        return "events", "get", (p["externalEventId"],), kwargs, "read"
    if op == "list_events":
        kwargs = {"page_size": q["limit"]} if "limit" in q else {}
        return "events", "list", (), kwargs, "pages"
    if op == "record_by_email_external_id":
        kwargs = {
            "external_event_id": p["externalEventId"],
            "external_account_id": q.get("externalAccountId"),
        }
        return "attendance", "record_by_email", (p["subscriberState"], inputs), kwargs, "batch"
    if op == "record_by_email_object_id":
        kwargs = {"object_id": p["objectId"]}
        return "attendance", "record_by_email", (p["subscriberState"], inputs), kwargs, "batch"
    if op in ("upsert_by_email", "upsert_by_contact_id"):
        kwargs = {
            "external_event_id": p["externalEventId"],
            "external_account_id": q.get("externalAccountId"),
        }
        return "subscriber_state", op, (p["subscriberState"], inputs), kwargs, "batch"
    if op == "get_counters":
        args = (p["externalEventId"], p["externalAccountId"])
        return "participations", "counters", args, {}, "read"
    if op == "get_breakdown":
        kwargs = {"state": q.get("state"), "contact": q.get("contactIdentifier")}
        if "limit" in q:
            kwargs["page_size"] = q["limit"]
        args = (p["externalEventId"], p["externalAccountId"])
        return "participations", "breakdown", args, kwargs, "pages"
    raise KeyError(f"no client call is mapped for operation {op!r}")


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


def minimal_response(exchange: Exchange, next_after: str | None = None) -> httpx.Response:
    """A small valid answer (per the spec) to ``exchange``; pages link to ``next_after``."""
    op = exchange.operation_id
    paging = {"paging": {"next": {"after": next_after}}} if next_after is not None else {}
    if op in ("upsert_by_email", "upsert_by_contact_id"):
        return httpx.Response(204)
    if op in BATCH_OPERATIONS:
        body: dict[str, Any] = {
            "status": "COMPLETE",
            "results": [],
            "startedAt": STAMP,
            "completedAt": STAMP,
        }
    elif op == "get_event":
        body = {
            "id": "1",
            "externalEventId": exchange.path.get("externalEventId", ""),
            "eventName": "n",
            "eventOrganizer": "o",
            "customProperties": [],
            "registrants": 0,
            "attendees": 0,
            "cancellations": 0,
            "noShows": 0,
            "createdAt": STAMP,
            "updatedAt": STAMP,
        }
    elif op == "get_counters":
        body = {"registered": 0, "attended": 0, "cancelled": 0, "noShows": 0}
    elif op == "list_events":
        body = {"results": [], **paging}
    elif op == "get_breakdown":
        body = {"total": 0, "results": [], **paging}
    else:
        raise KeyError(op)
    return httpx.Response(200, json=body)


# -- the client's input domain as a schema ------------------------------------------------------


def client_domain(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the spec narrowed to what the client accepts as-is (the rules above as schema).

    Every request this copy generates is valid against the curated spec too; the client must send
    all of it, exactly. Fields that are missing from ``document`` (a spec change) are left alone.
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

    for batch in ("EventInputBatch", "EmailSubscriberBatch", "ContactSubscriberBatch"):
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
        vid={"type": "integer", "format": "int64", "minimum": 1},
        interactionDateTime=millis,
    )
    narrow(
        "EventInput",
        externalAccountId=non_blank,
        externalEventId=non_blank,
        eventName=non_blank,
        eventOrganizer=non_blank,
    )
    narrow("PropertyValue", name={"type": "string", "minLength": 1})
    for name in ("ExternalEventIdPath", "ExternalAccountIdPath", "ExternalAccountIdQueryRequired"):
        if name in params:
            params[name]["schema"] = dict(non_blank)
    for item in doc["paths"].values():
        for op in item.values():
            if not isinstance(op, dict):
                continue
            for param in op.get("parameters", []):
                if "$ref" in param:
                    continue
                if param.get("in") == "path" or (
                    param.get("name") == "externalAccountId" and param.get("in") == "query"
                ):
                    param["schema"] = dict(non_blank)
                if op.get("operationId") == "get_breakdown" and param.get("name") == "state":
                    param["schema"] = {"type": "string", "enum": list(BREAKDOWN_STATES)}
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
    emails = {"inputs": [sample_subscriber(n) for n in (1, 2, 3)]}
    return {
        "upsert_events": Exchange(
            "upsert_events", body={"inputs": [sample_event("e-1"), sample_event("e-2")]}
        ),
        "get_event": Exchange("get_event", {"externalEventId": "e-1"}, account),
        "list_events": Exchange("list_events", {}, {"limit": 10}),
        "record_by_email_external_id": Exchange(
            "record_by_email_external_id", event, account, emails
        ),
        "record_by_email_object_id": Exchange(
            "record_by_email_object_id",
            {"objectId": "50000001", "subscriberState": "register"},
            {},
            emails,
        ),
        "upsert_by_email": Exchange("upsert_by_email", event, account, emails),
        "upsert_by_contact_id": Exchange(
            "upsert_by_contact_id",
            {"externalEventId": "e-1", "subscriberState": "cancel"},
            account,
            {
                "inputs": [
                    {"vid": vid, "interactionDateTime": NOW_MS, "properties": {}}
                    for vid in (1001, 1002)
                ]
            },
        ),
        "get_counters": Exchange("get_counters", {**account, "externalEventId": "e-1"}),
        "get_breakdown": Exchange(
            "get_breakdown", {**account, "externalEventId": "e-1"}, {"limit": 10}
        ),
    }


#: The key a batch operation's inputs and results are matched by (None: results are not).
RESULT_KEYS = {
    "upsert_events": None,
    "record_by_email_external_id": "email",
    "record_by_email_object_id": "email",
    "upsert_by_email": "email",
    "upsert_by_contact_id": "vid",
}
