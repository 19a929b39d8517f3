"""Bad input, from the user and from the server: each case ends in its exact, typed error.

Three corpora, one parametrized test each, every case with the exact error it expects:

- per-item input errors: the bad item fails alone (``INVALID_INPUT``, the field to fix, the exact
  message), is never sent, and the good item next to it is;
- argument errors: a ``TypeError`` / ``ValueError`` saying what to pass, raised before any request;
- server answers (``httpx.MockTransport``): malformed, truncated or mistyped bodies, a 207 whose
  errors name no input, unknown enum-like values... each ends in a per-row outcome or a
  ``HubSpotError``, never an uncaught exception or a lost row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from _reliability import ACCOUNT, EVENT, FLAVOURS, TOKEN, WHEN_MS, assert_accounted, run_client

from hubspot_events import (
    AsyncHubSpotEvents,
    BatchError,
    HubSpotError,
    HubSpotEvents,
    OAuth,
    PaginationError,
)

GOOD = {"email": "good@example.com", "interactionDateTime": WHEN_MS}
NAIVE = datetime(2025, 6, 15, 15, 0)
EVENT_OK = {
    "externalAccountId": ACCOUNT,
    "externalEventId": "ev-good",
    "eventName": "Webinar",
    "eventOrganizer": "Acme",
}

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler that records requests and answers with ``answer``."""

    def __init__(self, answer: Handler) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)

    def sent(self) -> list[dict[str, Any]]:
        return [item for r in self.requests for item in json.loads(r.content)["inputs"]]


def echo(request: httpx.Request) -> httpx.Response:
    """email-create's answer: every email back with a vid; events/upsert: a result per event;
    other batches (email-upsert, upsert): an empty 204, as HubSpot documents."""
    if request.url.path.endswith("events/upsert"):
        count = len(json.loads(request.content)["inputs"])
        return httpx.Response(200, json={"status": "COMPLETE", "results": [{}] * count})
    if not request.url.path.endswith("email-create"):
        return httpx.Response(204)
    inputs = json.loads(request.content)["inputs"]
    results = [{"email": item["email"], "vid": 1000 + n} for n, item in enumerate(inputs)]
    return httpx.Response(
        200,
        json={"status": "COMPLETE", "results": results},
        headers={"X-HubSpot-Correlation-Id": "corr-ok"},
    )


def mock(
    flavour: str, server: Recorder, **options: Any
) -> Callable[[], HubSpotEvents | AsyncHubSpotEvents]:
    options = {"rate_limit": None, "wall_clock": lambda: WHEN_MS / 1000, **options}
    if "auth" not in options:
        options["access_token"] = TOKEN
    transport = httpx.MockTransport(server)
    if flavour == "sync":
        return lambda: HubSpotEvents(
            http_client=httpx.Client(transport=transport), sleep=lambda s: None, **options
        )

    async def no_sleep(seconds: float) -> None:
        pass

    return lambda: AsyncHubSpotEvents(
        http_client=httpx.AsyncClient(transport=transport), sleep=no_sleep, **options
    )


def record(items: list[Any]) -> Callable[[Any], Any]:
    return lambda c: c.attendance.record_by_email(
        "attend", items, external_event_id=EVENT, external_account_id=ACCOUNT
    )


def by_contact(items: list[Any]) -> Callable[[Any], Any]:
    return lambda c: c.subscriber_state.upsert_by_contact_id(
        "attend", items, external_event_id=EVENT, external_account_id=ACCOUNT
    )


def upsert(items: list[Any]) -> Callable[[Any], Any]:
    return lambda c: c.events.upsert(items)


# --- 1. per-item input errors ------------------------------------------------------------------

ITEM_CASES = [
    # emails
    ("invalid-email", record, "not-an-email", "email", "'not-an-email' is not an email address"),
    ("empty-email", record, "", "email", "must not be empty"),
    ("blank-email", record, "   ", "email", "must not be empty"),
    ("null-email", record, {"email": None}, "email", "is required"),
    ("missing-email", record, {"interactionDateTime": WHEN_MS}, "email", "is required"),
    ("email-not-a-string", record, {"email": 42}, "email", "must be a string, got int"),
    ("300-char-email", record, "x" * 288 + "@example.com", "email",
     "is 300 characters; an email has at most 254"),
    ("email-with-space", record, "a b@example.com", "email",
     "'a b@example.com' is not an email address"),
    ("email-two-ats", record, "a@@example.com", "email", "'a@@example.com' is not an email address"),
    ("email-no-tld", record, "a@example", "email", "'a@example' is not an email address"),
    # times
    ("naive-datetime", record, {"email": "a@example.com", "interactionDateTime": NAIVE},
     "interactionDateTime",
     "naive datetime 2025-06-15T15:00:00: give it a timezone (e.g. tzinfo=timezone.utc)"),
    ("seconds-not-ms", record, {"email": "a@example.com", "interactionDateTime": 1_750_000_000},
     "interactionDateTime",
     "1750000000 looks like epoch seconds; pass milliseconds (1750000000000) or an aware datetime"),
    ("negative-time", record, {"email": "a@example.com", "interactionDateTime": -1},
     "interactionDateTime", "-1 is negative; pass epoch milliseconds"),
    ("far-future-time", record, {"email": "a@example.com", "interactionDateTime": 10**16},
     "interactionDateTime", "10000000000000000 is after the year 2200; pass epoch milliseconds"),
    ("float-time", record, {"email": "a@example.com", "interactionDateTime": 1.75e12},
     "interactionDateTime",
     "must be epoch milliseconds (int) or an aware datetime, got float 1750000000000.0"),
    ("bool-time", record, {"email": "a@example.com", "interactionDateTime": True},
     "interactionDateTime",
     "must be epoch milliseconds (int) or an aware datetime, got bool True"),
    ("string-time", record, {"email": "a@example.com", "interactionDateTime": "2025-06-15"},
     "interactionDateTime",
     "must be epoch milliseconds (int) or an aware datetime, got str '2025-06-15'"),
    # fields and property values
    ("misspelt-field", record, {"emial": "a@example.com"}, "emial",
     "unknown field; did you mean 'email'?"),
    ("unknown-field", record, {"email": "a@example.com", "zzz": 1}, "zzz",
     "unknown field; known fields: contactProperties, email, interactionDateTime, properties"),
    ("int-property", record, {"email": "a@example.com", "properties": {"joinedAt": 5}},
     "properties.joinedAt", "values must be strings, got int 5; pass str(value)"),
    ("null-contact-property", record,
     {"email": "a@example.com", "contactProperties": {"firstname": None}},
     "contactProperties.firstname", "values must be strings, got NoneType None; pass str(value)"),
    ("properties-not-a-mapping", record, {"email": "a@example.com", "properties": ["x"]},
     "properties", "must be a mapping of names to strings, got list"),
    ("item-is-an-int", record, 42, "input",
     "expected a EmailSubscriber model or a mapping in the API's JSON shape, got int"),
    ("item-is-none", record, None, "input",
     "expected a EmailSubscriber model or a mapping in the API's JSON shape, got NoneType"),
    # contact ids
    ("vid-zero", by_contact, 0, "vid", "must be a positive integer contact id, got 0"),
    ("vid-negative", by_contact, {"vid": -3}, "vid", "must be a positive integer contact id, got -3"),
    ("vid-not-a-number", by_contact, {"vid": "abc"}, "vid",
     "must be a positive integer contact id, got 'abc'"),
    ("vid-bool", by_contact, {"vid": True}, "vid", "must be a positive integer contact id, got True"),
    ("vid-missing", by_contact, {"interactionDateTime": WHEN_MS}, "vid",
     "is required (the HubSpot contact id)"),
    # events
    ("event-id-missing", upsert, {**EVENT_OK, "externalEventId": None}, "externalEventId",
     "is required"),
    ("event-id-empty", upsert, {**EVENT_OK, "externalEventId": ""}, "externalEventId",
     "must not be empty"),
    ("event-id-not-a-string", upsert, {**EVENT_OK, "externalEventId": 123}, "externalEventId",
     "must be a string, got int 123"),
    ("event-name-blank", upsert, {**EVENT_OK, "eventName": "  "}, "eventName", "must not be empty"),
    ("account-id-missing", upsert, {k: v for k, v in EVENT_OK.items() if k != "externalAccountId"},
     "externalAccountId", "is required"),
    ("start-without-offset", upsert, {**EVENT_OK, "startDateTime": "2025-06-15T15:00:00"},
     "startDateTime", "'2025-06-15T15:00:00' has no UTC offset; add one (e.g. +00:00 or Z)"),
    ("start-not-a-date", upsert, {**EVENT_OK, "startDateTime": "next tuesday"}, "startDateTime",
     "'next tuesday' is not an RFC 3339 date-time; write it like 2026-06-15T15:00:00Z or "
     "2026-06-15T17:00:00+02:00"),
    ("end-naive-datetime", upsert, {**EVENT_OK, "endDateTime": NAIVE}, "endDateTime",
     "naive datetime 2025-06-15T15:00:00: give it a timezone"),
    ("start-epoch-int", upsert, {**EVENT_OK, "startDateTime": WHEN_MS}, "startDateTime",
     "must be an RFC 3339 string or an aware datetime, got int"),
    ("cancelled-not-bool", upsert, {**EVENT_OK, "eventCancelled": "yes"}, "eventCancelled",
     "must be true or false, got 'yes'"),
    ("custom-property-int", upsert, {**EVENT_OK, "customProperties": {"seats": 5}},
     "customProperties.seats", "value must be a string, got int 5"),
    ("custom-property-no-name", upsert, {**EVENT_OK, "customProperties": [{"value": "x"}]},
     "customProperties[0].name", "is required"),
    ("custom-properties-a-string", upsert, {**EVENT_OK, "customProperties": "x"},
     "customProperties", "must be a list of {name, value} or a mapping of name to value"),
    ("event-type-int", upsert, {**EVENT_OK, "eventType": 7}, "eventType",
     "must be a string, got int"),
    ("event-field-misspelt", upsert, {**EVENT_OK, "eventname": "x"}, "eventname",
     "unknown field; did you mean 'eventName'?"),
]  # fmt: skip


def _good_for(call: Callable[[list[Any]], Any]) -> Any:
    if call is upsert:
        return EVENT_OK
    if call is by_contact:
        return {"vid": 1001, "interactionDateTime": WHEN_MS}
    return GOOD


@FLAVOURS
@pytest.mark.parametrize(
    ("call", "item", "field", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in ITEM_CASES],
)
def test_a_bad_item_fails_alone_with_its_exact_error_and_is_never_sent(
    flavour: str, call: Callable[[list[Any]], Any], item: Any, field: str, message: str
) -> None:
    server = Recorder(echo)
    good = _good_for(call)

    result = run_client(flavour, mock(flavour, server), call([item, good]))

    assert_accounted(result, 2)
    assert len(result.failed) == 1
    failure = result.failed[0]
    assert (failure.index, failure.category, failure.field) == (0, "INVALID_INPUT", field)
    assert failure.message == f"{field}: {message}"
    assert failure.input is item
    assert failure.status_code is None
    assert failure.correlation_id is None
    assert [s.index for s in result.succeeded] == [1]
    assert len(server.requests) == 1
    assert len(server.sent()) == 1  # only the good item went out
    assert result.requests == 1


# --- 2. argument errors: raised before anything is sent ----------------------------------------

ARG_CASES = [
    ("unknown-state", lambda c: c.attendance.record_by_email("attended", [GOOD], object_id="1"),
     ValueError, "state must be one of attend, cancel, register, got 'attended'"),
    ("empty-state", lambda c: c.attendance.record_by_email("", [GOOD], object_id="1"),
     ValueError, "state must be one of attend, cancel, register, got ''"),
    ("both-event-ids",
     lambda c: c.attendance.record_by_email("attend", [GOOD], external_event_id="w", object_id="1"),
     TypeError,
     "name the event with exactly one of external_event_id=... (your platform's id) or "
     "object_id=... (HubSpot's id); got both"),
    ("neither-event-id", lambda c: c.attendance.record_by_email("attend", [GOOD]), TypeError,
     "name the event with exactly one of external_event_id=... (your platform's id) or "
     "object_id=... (HubSpot's id); got neither"),
    ("empty-external-event-id",
     lambda c: c.attendance.record_by_email("attend", [GOOD], external_event_id=""),
     ValueError, "external_event_id must be a non-empty string, got ''"),
    ("blank-object-id", lambda c: c.attendance.record_by_email("attend", [GOOD], object_id="  "),
     ValueError, "object_id must be a non-empty string, got '  '"),
    ("email-upsert-without-account",
     lambda c: c.subscriber_state.upsert_by_email("register", [GOOD], external_event_id=EVENT),
     ValueError,
     "subscriber_state.upsert_by_email needs external_account_id: pass external_account_id=... "
     "or set it on the client (HubSpotEvents(external_account_id=...))"),
    ("vid-upsert-without-account",
     lambda c: c.subscriber_state.upsert_by_contact_id("register", [1001], external_event_id=EVENT),
     ValueError,
     "subscriber_state.upsert_by_contact_id needs external_account_id: pass "
     "external_account_id=... or set it on the client (HubSpotEvents(external_account_id=...))"),
    ("get-without-account", lambda c: c.events.get(EVENT), ValueError,
     "events.get needs external_account_id: pass external_account_id=... or set it on the "
     "client (HubSpotEvents(external_account_id=...))"),
    ("counters-empty-event-id", lambda c: c.participations.counters("", ACCOUNT), ValueError,
     "external_event_id must be a non-empty string, got ''"),
    ("breakdown-unknown-state",
     lambda c: c.participations.breakdown(EVENT, ACCOUNT, state="WAITING"), ValueError,
     "state must be one of REGISTERED, ATTENDED, CANCELLED, NO_SHOW, got 'WAITING'"),
    ("breakdown-page-too-big",
     lambda c: c.participations.breakdown(EVENT, ACCOUNT, page_size=101), ValueError,
     "page_size must be between 1 and 100 (HubSpot's maximum), got 101"),
]  # fmt: skip


@FLAVOURS
@pytest.mark.parametrize(
    ("call", "error", "message"), [pytest.param(*case[1:], id=case[0]) for case in ARG_CASES]
)
def test_a_wrong_argument_is_refused_before_sending(
    flavour: str, call: Callable[[Any], Any], error: type[Exception], message: str
) -> None:
    server = Recorder(echo)

    with pytest.raises(error) as caught:
        run_client(flavour, mock(flavour, server), call)

    assert str(caught.value) == message
    assert server.requests == []


CONSTRUCTOR_CASES = [
    ("batch-size-zero", lambda: HubSpotEvents(TOKEN, batch_size=0), ValueError,
     "batch_size must be a positive int, got 0"),
    ("negative-retries", lambda: HubSpotEvents(TOKEN, max_retries=-1), ValueError,
     "max_retries must be an int >= 0, got -1"),
    ("zero-timeout", lambda: HubSpotEvents(TOKEN, timeout=0), ValueError,
     "timeout must be positive seconds, an httpx.Timeout or None, got 0"),
    ("blank-token", lambda: HubSpotEvents("  "), ValueError,
     "no HubSpot access token: pass access_token='...' (a private app or OAuth access token), "
     "auth=OAuth(...), or set the HUBSPOT_ACCESS_TOKEN environment variable"),
    ("token-and-auth",
     lambda: HubSpotEvents(TOKEN, auth=OAuth("id", "secret", "refresh")), TypeError,
     "pass either access_token=... or auth=..., not both"),
    ("rate-limit-garbage", lambda: HubSpotEvents(TOKEN, rate_limit="fast"), ValueError,
     "rate limit 'fast': expected <requests>/<interval>, such as '100/10s' or '50/500ms'"),
    ("async-concurrency-zero", lambda: AsyncHubSpotEvents(TOKEN, concurrency=0), ValueError,
     "concurrency must be at least 1, got 0"),
    ("oauth-empty-secret", lambda: OAuth("id", "", "refresh"), ValueError,
     "OAuth client_secret must be a non-empty string"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in CONSTRUCTOR_CASES],
)
def test_a_wrong_client_option_is_refused_at_construction(
    build: Callable[[], Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        build()

    assert str(caught.value) == message


# --- empty and huge inputs ---------------------------------------------------------------------


@FLAVOURS
@pytest.mark.parametrize(
    "empty", [[], (), iter(()), (x for x in ())], ids=["list", "tuple", "iterator", "generator"]
)
def test_an_empty_input_makes_no_request_and_an_empty_result(flavour: str, empty: Any) -> None:
    server = Recorder(echo)

    result = run_client(flavour, mock(flavour, server), record(empty))

    assert server.requests == []
    assert (result.total, result.requests, result.ok, result.status) == (0, 0, True, "COMPLETE")
    assert list(result) == []


@FLAVOURS
def test_a_huge_streamed_input_is_accounted_for_row_by_row(flavour: str) -> None:
    """20,000 rows from a generator, every 1,000th one invalid: all accounted, in order."""
    server = Recorder(echo)
    total = 20_000

    def rows() -> Iterator[Any]:
        for i in range(total):
            yield f"bad-{i}" if i % 1_000 == 999 else f"user{i}@example.com"

    result = run_client(flavour, mock(flavour, server, batch_size=1_000), record(rows()))

    assert_accounted(result, total)
    assert [f.index for f in result.failed] == list(range(999, total, 1_000))
    assert len(server.sent()) == total - 20
    assert [o.index for o in result] == list(range(total))  # iteration is in input order


@FLAVOURS
def test_duplicate_rows_are_each_accounted_for_and_matched(flavour: str) -> None:
    server = Recorder(echo)
    rows = ["a@example.com", "A@Example.com", "a@example.com", "b@example.com"]

    result = run_client(flavour, mock(flavour, server), record(rows))

    assert_accounted(result, 4)
    assert result.ok
    assert all(s.result is not None for s in result.succeeded)
    assert len(server.sent()) == 4


# --- 3. what the server can send back ----------------------------------------------------------

TWO = ["a@example.com", "b@example.com"]


def respond(
    status: int, body: Any = None, *, content: bytes | None = None, **headers: str
) -> Handler:
    headers = {k.replace("_", "-"): v for k, v in headers.items()}
    headers.setdefault("X-HubSpot-Correlation-Id", "corr-1")

    def answer(request: httpx.Request) -> httpx.Response:
        if body is not None:
            return httpx.Response(status, json=body, headers=headers)
        return httpx.Response(status, content=content or b"", headers=headers)

    return answer


def results(*emails: str) -> list[dict[str, Any]]:
    return [{"email": e, "vid": 1000 + n} for n, e in enumerate(emails)]


def unconfirmed(status: int, why: str) -> tuple[str, str]:
    return ("UNCONFIRMED", f"HubSpot's {status} answer did not confirm this input: {why}")


NOT_IN_RESULTS = "it is not among the answer's results"

# (id, answer, {index: (category, message)} expected failures; the others must succeed, status)
BATCH_ANSWERS = [
    ("wrong-content-type-valid-json",
     respond(200, content=json.dumps({"status": "COMPLETE", "results": results(*TWO)}).encode(),
             content_type="text/plain"),
     {}, "COMPLETE"),
    ("unknown-batch-status", respond(200, {"status": "QUEUED", "results": results(*TWO)}), {},
     "QUEUED"),
    # email-create documents a body listing each recorded input: none confirms nothing.
    ("empty-200-body", respond(200, content=b""),
     dict.fromkeys((0, 1), unconfirmed(200, "it has no body, and HubSpot documents one with results")),
     "COMPLETE"),
    ("204-no-body", respond(204),
     dict.fromkeys((0, 1), unconfirmed(204, "it has no body, and HubSpot documents one with results")),
     "COMPLETE"),
    ("207-error-names-no-input",
     respond(207, {"status": "COMPLETE", "results": results("a@example.com"),
                   "errors": [{"category": "VALIDATION_ERROR", "message": "something"}]}),
     {1: unconfirmed(207, NOT_IN_RESULTS)}, "COMPLETE"),
    ("207-error-names-another-input",
     respond(207, {"status": "COMPLETE", "results": results("a@example.com"),
                   "errors": [{"category": "VALIDATION_ERROR", "message": "bad",
                               "context": {"emails": ["zed@example.com"]}}]}),
     {1: unconfirmed(207, NOT_IN_RESULTS)}, "COMPLETE"),
    ("207-error-names-an-input",
     respond(207, {"status": "COMPLETE", "results": results("a@example.com"),
                   "errors": [{"category": "VALIDATION_ERROR", "message": "bad address",
                               "context": {"emails": ["B@example.com"]}}]}),
     {1: ("VALIDATION_ERROR", "bad address")}, "COMPLETE"),
    ("errors-not-a-list",
     respond(200, {"status": "COMPLETE", "results": [*results("a@example.com"), 7, None],
                   "errors": "oops"}),
     {1: unconfirmed(200, NOT_IN_RESULTS)}, "COMPLETE"),
    ("400-malformed-json", respond(400, content=b"{oops"),
     {0: ("HTTP_400", "Bad Request (non-JSON body: {oops)"),
      1: ("HTTP_400", "Bad Request (non-JSON body: {oops)")}, "COMPLETE"),
    ("503-html-page",
     respond(503, content=b"<html><title>503</title><body>down for maintenance</body></html>",
             content_type="text/html"),
     {0: ("HTTP_503", "Service Unavailable (non-JSON body: 503 down for maintenance)"),
      1: ("HTTP_503", "Service Unavailable (non-JSON body: 503 down for maintenance)")},
     "COMPLETE"),
    ("302-redirect", respond(302, location="https://example.com/login"),
     {0: ("HTTP_302", "Found (empty body)"), 1: ("HTTP_302", "Found (empty body)")}, "COMPLETE"),
]  # fmt: skip


@FLAVOURS
@pytest.mark.parametrize(
    ("answer", "failures", "status"),
    [pytest.param(*case[1:], id=case[0]) for case in BATCH_ANSWERS],
)
def test_every_batch_answer_ends_in_a_per_row_outcome(
    flavour: str, answer: Handler, failures: dict[int, tuple[str, str]], status: str
) -> None:
    server = Recorder(answer)

    result = run_client(flavour, mock(flavour, server, max_retries=1), record(TWO))

    assert_accounted(result, 2)
    assert {f.index: (f.category, f.message) for f in result.failed} == failures
    assert all(f.correlation_id == "corr-1" for f in result.failed)
    assert result.status == status


# Bodies a 2xx can carry that say nothing about which inputs were recorded.
UNREADABLE_2XX = [
    pytest.param(200, b'{"status": "COMPLETE", "results": [{"email": "a@exa', id="truncated-200"),
    pytest.param(
        207,
        b'{"status":"COMPLETE","results":[{"email":"a@example.com"}],"errors":[{"message":"bad","co',
        id="truncated-207",
    ),
    pytest.param(200, b"<html><body>Please log in</body></html>", id="html-200"),
    pytest.param(200, b"{'status': 'COMPLETE'}", id="malformed-json-200"),
    pytest.param(200, b"[1, 2]", id="json-array-200"),
]


@FLAVOURS
@pytest.mark.parametrize(("status", "content"), UNREADABLE_2XX)
def test_an_unreadable_2xx_body_leaves_every_input_unconfirmed(
    flavour: str, status: int, content: bytes
) -> None:
    """A 207 *says* some inputs failed; a 2xx whose body cannot be read says nothing at all.

    Bug: ``_batching.read_response`` counts every input as succeeded when a non-empty 2xx body
    is not a JSON object, so a truncated 207 (or a proxy's HTML login page answered with 200)
    silently reports rows as recorded that HubSpot may have refused.
    """
    server = Recorder(respond(status, content=content, content_type="application/json"))

    result = run_client(flavour, mock(flavour, server), record(TWO))

    assert_accounted(result, 2)
    assert [(f.category, f.status_code) for f in result.failed] == [("UNCONFIRMED", status)] * 2


@FLAVOURS
def test_a_deeply_nested_2xx_body_is_not_an_uncaught_recursion_error(flavour: str) -> None:
    """Bug: ``json.loads`` raises ``RecursionError`` (not ``ValueError``) on deep nesting, and
    ``read_response`` / ``_runner._parse_json`` only catch ``ValueError``."""
    deep = b"[" * 100_000 + b"]" * 100_000
    server = Recorder(respond(200, content=deep))

    result = run_client(flavour, mock(flavour, server), record(TWO))

    assert_accounted(result, 2)


# --- reads ----------------------------------------------------------------------------------

EVENT_DETAILS = {
    "id": "50000001", "objectId": "50000001", "externalEventId": EVENT, "eventName": "Webinar",
    "eventOrganizer": "Acme", "customProperties": [], "registrants": 0, "attendees": 1,
    "cancellations": 0, "noShows": 0, "createdAt": "2025-06-15T15:00:00.000Z",
    "updatedAt": "2025-06-15T15:00:00.000Z",
}  # fmt: skip
PARTICIPATION = {
    "id": "90000001",
    "createdAt": "2025-06-15T15:00:00.000Z",
    "associations": {
        "contact": {"contactId": "1001", "email": "x@example.com"},
        "marketingEvent": {"marketingEventId": "50000001", "externalAccountId": ACCOUNT,
                           "externalEventId": EVENT, "name": "Webinar"},
    },
    "properties": {"attendanceState": "WAITLISTED", "occurredAt": WHEN_MS},
}  # fmt: skip


def get_event(c: Any) -> Any:
    return c.events.get(EVENT, ACCOUNT)


def counters(c: Any) -> Any:
    return c.participations.counters(EVENT, ACCOUNT)


def list_events(c: Any) -> Any:
    return _collect(c.events.list())


def breakdown(c: Any) -> Any:
    return _collect(c.participations.breakdown(EVENT, ACCOUNT))


def _collect(pager: Any) -> Any:
    if hasattr(pager, "__aiter__"):

        async def gather() -> list[Any]:
            return [item async for item in pager]

        return gather()
    return list(pager)


READ_ERRORS = [
    ("get-missing-required-fields", get_event, respond(200, {"id": "1"}),
     "HubSpot's 200 answer does not match the spec (EventDetails): body: 'attendees' is a required property"),
    ("counters-empty-object", counters, respond(200, {}),
     "HubSpot's 200 answer does not match the spec (AttendanceCounters): body: 'attended' is a required property"),
    ("get-malformed-json", get_event, respond(200, content=b'{"id": '),
     "HubSpot answered 200 with a body that is not JSON: '{\"id\": '"),
    ("get-html-page", get_event, respond(200, content=b"<html>hi</html>", content_type="text/html"),
     "HubSpot answered 200 with a body that is not JSON: '<html>hi</html>'"),
    ("get-empty-body", get_event, respond(200, content=b""),
     "HubSpot answered 200 with a body that is not JSON: ''"),
    ("get-json-array", get_event, respond(200, [EVENT_DETAILS]),
     "HubSpot answered 200 with list, not an object"),
    ("list-without-results", list_events, respond(200, {"paging": {}}),
     "HubSpot's page has no results list"),
    ("list-truncated", list_events, respond(200, content=b'{"results": [{"objectId": "1"'),
     "HubSpot answered 200 with a body that is not JSON: '{\"results\": [{\"objectId\": \"1\"'"),
    ("list-items-not-objects", list_events, respond(200, {"results": [1]}),
     "HubSpot's 200 answer does not match the spec (EventSummary): results[0]: 1 is not of type 'object'"),
    ("get-404-html", get_event, respond(404, content=b"<h1>Not Found</h1>"),
     "404 Not Found: Not Found (non-JSON body: Not Found) (correlationId=corr-1)"),
]  # fmt: skip


@FLAVOURS
@pytest.mark.parametrize(
    ("read", "answer", "message"), [pytest.param(*case[1:], id=case[0]) for case in READ_ERRORS]
)
def test_a_read_answer_that_does_not_match_the_spec_is_a_hubspot_error(
    flavour: str, read: Callable[[Any], Any], answer: Handler, message: str
) -> None:
    with pytest.raises(HubSpotError) as caught:
        run_client(flavour, mock(flavour, Recorder(answer), max_retries=0), read)

    assert str(caught.value) == message


@FLAVOURS
def test_a_deeply_nested_read_body_is_a_hubspot_error(flavour: str) -> None:
    """Bug: ``_runner._parse_json`` lets ``RecursionError`` escape (see the batch case)."""
    deep = b"[" * 100_000 + b"]" * 100_000

    with pytest.raises(HubSpotError):
        run_client(flavour, mock(flavour, Recorder(respond(200, content=deep))), get_event)


def test_a_deeply_nested_token_endpoint_answer_is_an_authentication_error() -> None:
    """Bug: ``OAuth._accept`` calls ``response.json()`` and catches ``ValueError`` but not the
    ``RecursionError`` deep nesting raises."""
    deep = b"[" * 100_000 + b"]" * 100_000
    server = Recorder(respond(200, content=deep))
    auth = OAuth("client", "client-secret", "refresh-token")

    with pytest.raises(HubSpotError):
        run_client("sync", mock("sync", server, auth=auth), get_event)


@FLAVOURS
def test_unknown_enum_like_values_pass_through_unchanged(flavour: str) -> None:
    server = Recorder(respond(200, {"total": 1, "results": [PARTICIPATION]}))

    (participation,) = run_client(flavour, mock(flavour, server), breakdown)

    assert participation.properties.attendance_state == "WAITLISTED"


@FLAVOURS
def test_a_read_with_the_wrong_content_type_but_valid_json_is_read(flavour: str) -> None:
    server = Recorder(
        respond(200, content=json.dumps(EVENT_DETAILS).encode(), content_type="text/plain")
    )

    event = run_client(flavour, mock(flavour, server), get_event)

    assert (event.external_event_id, event.attendees) == (EVENT, 1)


@FLAVOURS
def test_a_cursor_that_repeats_ends_the_iteration(flavour: str) -> None:
    """A server that hands back the same ``after`` forever must not loop the client forever:
    the pager stops with a ``PaginationError`` after the second page (test_hostile_servers.py
    covers its wording)."""
    summary = {k: v for k, v in EVENT_DETAILS.items() if k != "id"}
    page = {"results": [summary], "paging": {"next": {"after": "same"}}}
    server = Recorder(respond(200, page))

    with pytest.raises(PaginationError, match="cursor 'same' a second time"):
        run_client(flavour, mock(flavour, server), list_events)

    assert len(server.requests) == 2


def test_a_read_with_a_mistyped_field_is_a_hubspot_error() -> None:
    body = {"registered": "x", "attended": 1, "cancelled": 0, "noShows": 0}

    with pytest.raises(HubSpotError):
        run_client("sync", mock("sync", Recorder(respond(200, body))), counters)


def test_a_400_that_names_some_inputs_fails_them_and_resends_the_rest() -> None:
    """email-upsert answers unknown contacts with one 400 for the whole request, naming them."""
    answers = iter(
        [
            respond(
                400,
                {
                    "status": "error",
                    "category": "VALIDATION_ERROR",
                    "message": "1 contact(s) do not exist",
                    "correlationId": "corr-400",
                    "context": {"emails": ["b@example.com"]},
                },
            ),
            respond(204),
        ]
    )
    server = Recorder(lambda request: next(answers)(request))

    result = run_client(
        "sync",
        mock("sync", server),
        lambda c: c.subscriber_state.upsert_by_email(
            "register",
            ["a@example.com", "b@example.com", "c@example.com"],
            external_event_id=EVENT,
            external_account_id=ACCOUNT,
        ),
    )

    assert_accounted(result, 3)
    assert [(f.index, f.category, f.correlation_id) for f in result.failed] == [
        (1, "VALIDATION_ERROR", "corr-400")
    ]
    assert [[i["email"] for i in json.loads(r.content)["inputs"]] for r in server.requests] == [
        ["a@example.com", "b@example.com", "c@example.com"],
        ["a@example.com", "c@example.com"],
    ]
    assert result.requests == 2
    with pytest.raises(BatchError) as caught:
        result.raise_for_errors()
    assert str(caught.value) == (
        "1 of 3 inputs failed (0 errors not tied to an input); "
        "first: input #1: VALIDATION_ERROR: 1 contact(s) do not exist"
    )


def test_an_aware_datetime_goes_out_as_epoch_milliseconds() -> None:
    """The same moment, aware, goes through as epoch milliseconds."""
    server = Recorder(echo)
    aware = NAIVE.replace(tzinfo=UTC)

    result = run_client(
        "sync",
        mock("sync", server),
        record([{"email": "a@example.com", "interactionDateTime": aware}]),
    )

    assert result.ok
    assert server.sent()[0]["interactionDateTime"] == round(aware.timestamp() * 1000)


def test_async_and_sync_clients_agree_on_every_item_case() -> None:
    """Parity: the same corpus through both clients gives the same failures (same order)."""
    items = [case[2] for case in ITEM_CASES if case[1] is record]

    outcomes = []
    for flavour in ("sync", "async"):
        result = run_client(flavour, mock(flavour, Recorder(echo)), record(items))
        outcomes.append([(f.index, f.field, f.message) for f in result.failed])

    assert outcomes[0] == outcomes[1]
    assert len(outcomes[0]) == len(items)
