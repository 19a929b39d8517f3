"""Odd answers, odd inputs and odd base URLs (issue 12): each ends in an exact, typed outcome.

- Answers that do not confirm an input (JSON ``null``, a list, a string, a number, a batch
  answer without ``results`` or with fewer results than inputs) leave it ``UNCONFIRMED``, never
  succeeded; where HubSpot documents no body (email-upsert, upsert, the batch deletes) an empty
  2xx still confirms every input. Single reads given such bodies raise a ``HubSpotError``.
- ``base_url`` with a query, a fragment, credentials, another scheme, no host or whitespace is
  refused at construction; ``HUBSPOT_BASE_URL`` is read when ``base_url`` is not given; the repr
  says which host a client talks to, and never a token.
- Inputs that cannot be sent (a lone surrogate, a vid in other digits, 10,000 levels of lists,
  dates that are not RFC 3339 or out of 1970..2100, times out of range) fail alone with
  ``INVALID_INPUT`` naming the field; the good input beside them is recorded, against the fake.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from hubspot_events import AsyncHubSpotEvents, HubSpotError, HubSpotEvents
from hubspot_events.testing import FakeHubSpot

TOKEN = "pat-na1-odd-inputs-0000"
ACCOUNT = "acct-odd"
EVENT = "webinar-odd"
WHEN_MS = 1_750_000_000_000
FLAVOURS = pytest.mark.parametrize("flavour", ["sync", "async"])
EVENT_OK = {
    "externalAccountId": ACCOUNT,
    "externalEventId": "ev-good",
    "eventName": "Webinar",
    "eventOrganizer": "Acme",
}


def deep(levels: int = 10_000) -> list[Any]:
    """``[[[…]]]``: 10,000 levels make ``repr`` and ``json.dumps`` raise RecursionError."""
    value: list[Any] = []
    for _ in range(levels):
        value = [value]
    return value


# --- running a call on a scripted server ------------------------------------------------------


class Recorder:
    """A MockTransport handler: records requests, answers with ``answer(request)``."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)


def run(flavour: str, handler: Any, call: Callable[[Any], Any], **options: Any) -> Any:
    """``call(client)`` on a client of ``flavour`` over ``httpx.MockTransport(handler)``."""
    options = {
        "access_token": TOKEN,
        "rate_limit": None,
        "max_retries": 0,
        "external_account_id": ACCOUNT,
        "app_id": 42,
        "wall_clock": lambda: WHEN_MS / 1000,
        **options,
    }
    transport = httpx.MockTransport(handler)
    if flavour == "sync":
        with HubSpotEvents(http_client=httpx.Client(transport=transport), **options) as client:
            return call(client)

    import asyncio

    async def main() -> Any:
        http = httpx.AsyncClient(transport=transport)
        async with AsyncHubSpotEvents(http_client=http, **options) as client:
            return await call(client)

    return asyncio.run(main())


def answer(status: int, content: bytes) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(
        status, content=content, headers={"X-HubSpot-Correlation-Id": "corr-odd"}
    )


def outcomes(result: Any) -> dict[int, str]:
    """Each input's outcome: ``"ok"`` or its failure category, by input index."""
    found = {s.index: "ok" for s in result.succeeded}
    found.update({f.index: f.category for f in result.failed})
    assert sorted(found) == list(range(result.total)), "every input exactly once"
    return found


# --- 1. answers that do not confirm ------------------------------------------------------------

EMAILS = ["a@example.com", "b@example.com"]
EVENTS = [{**EVENT_OK, "externalEventId": f"ev-{n}"} for n in (1, 2)]
ON_EVENT = {"external_event_id": EVENT, "external_account_id": ACCOUNT}

#: Every batch operation, and what confirms its inputs (see ``_batching.Confirmation``).
BATCHES: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "record-by-email": ("results", lambda c: c.attendance.record_by_email(
        "attend", EMAILS, **ON_EVENT)),
    "record-by-email-object-id": ("results", lambda c: c.attendance.record_by_email(
        "attend", EMAILS, object_id="501")),
    "record-by-contact-id": ("results", lambda c: c.attendance.record_by_contact_id(
        "register", [101, 102], **ON_EVENT)),
    "record-by-contact-id-object-id": ("results", lambda c: c.attendance.record_by_contact_id(
        "register", [101, 102], object_id="501")),
    "update-many": ("results", lambda c: c.events.update_many(
        [{"objectId": "501", "eventName": "A"}, {"objectId": "502", "eventName": "B"}])),
    "events-upsert": ("count", lambda c: c.events.upsert(EVENTS)),
    "upsert-by-email": ("answer", lambda c: c.subscriber_state.upsert_by_email(
        "cancel", EMAILS, **ON_EVENT)),
    "upsert-by-contact-id": ("answer", lambda c: c.subscriber_state.upsert_by_contact_id(
        "attend", [101, 102], **ON_EVENT)),
    "delete-many-external": ("answer", lambda c: c.events.delete_many(
        external_event_ids=["ev-1", "ev-2"])),
    "delete-many-object-ids": ("answer", lambda c: c.events.delete_many(object_ids=["501", "502"])),
}  # fmt: skip

NOT_AN_OBJECT = {
    b"null": "JSON null",
    b"[]": "a JSON array",
    b'[{"email": "a@example.com"}]': "a JSON array",
    b'"COMPLETE"': "a JSON string",
    b"0": "a JSON number",
    b"true": "a JSON boolean",
}


@FLAVOURS
@pytest.mark.parametrize("operation", sorted(BATCHES))
@pytest.mark.parametrize("body", sorted(NOT_AN_OBJECT))
def test_a_2xx_body_that_is_not_an_object_confirms_no_input(
    flavour: str, operation: str, body: bytes
) -> None:
    """Bug: a 200 whose body was JSON ``null`` marked every input succeeded."""
    _, call = BATCHES[operation]

    result = run(flavour, answer(200, body), call)

    assert outcomes(result) == {0: "UNCONFIRMED", 1: "UNCONFIRMED"}
    why = f"its body is {NOT_AN_OBJECT[body]}, not HubSpot's batch answer"
    assert {f.message for f in result.failed} == {
        f"HubSpot's 200 answer did not confirm this input: {why}"
    }
    assert {(f.status_code, f.correlation_id) for f in result.failed} == {(200, "corr-odd")}


@FLAVOURS
@pytest.mark.parametrize("operation", sorted(BATCHES))
@pytest.mark.parametrize("body", [b"{}", b'{"status": "COMPLETE"}', b'{"results": null}'])
def test_a_batch_answer_without_results_confirms_only_where_hubspot_documents_no_results(
    flavour: str, operation: str, body: bytes
) -> None:
    """Email-create, create, batch update and event upsert document ``results``: without them no
    input is confirmed. Email-upsert, upsert and the deletes document no per-input answer: the
    2xx itself confirms every input (HubSpot's own contract for them)."""
    confirmation, call = BATCHES[operation]

    result = run(flavour, answer(200, body), call)

    expected = "ok" if confirmation == "answer" else "UNCONFIRMED"
    assert outcomes(result) == {0: expected, 1: expected}
    if confirmation != "answer":
        assert {f.message for f in result.failed} == {
            "HubSpot's 200 answer did not confirm this input: the answer has no results list"
        }


@FLAVOURS
@pytest.mark.parametrize("operation", sorted(BATCHES))
@pytest.mark.parametrize("status", [200, 204])
def test_an_empty_2xx_confirms_every_input_only_where_hubspot_documents_no_body(
    flavour: str, operation: str, status: int
) -> None:
    """design.md: email-upsert and upsert (and the deletes' 204) have no 2xx body: empty is
    success. The others document a body listing what was recorded: empty confirms nothing."""
    confirmation, call = BATCHES[operation]

    result = run(flavour, answer(status, b""), call)

    expected = "ok" if confirmation == "answer" else "UNCONFIRMED"
    assert outcomes(result) == {0: expected, 1: expected}


@FLAVOURS
@pytest.mark.parametrize("operation", ["upsert-by-email", "delete-many-object-ids"])
def test_a_207_that_names_no_failed_input_confirms_none(flavour: str, operation: str) -> None:
    """A 207 says some inputs failed; when it does not say which, none is confirmed."""
    _, call = BATCHES[operation]

    result = run(flavour, answer(207, b'{"status": "COMPLETE"}'), call)

    assert outcomes(result) == {0: "UNCONFIRMED", 1: "UNCONFIRMED"}
    assert result.failed[0].message == (
        "HubSpot's 207 answer did not confirm this input: "
        "HubSpot answered 207 (some inputs failed) without naming any"
    )


@FLAVOURS
def test_email_create_confirms_exactly_the_inputs_in_its_results(flavour: str) -> None:
    """Fewer results than inputs: the inputs named in results are confirmed, the others not."""
    body = {"status": "COMPLETE", "results": [{"email": "B@example.com", "vid": 7}]}
    three = ["a@example.com", "b@example.com", "c@example.com"]

    result = run(
        flavour,
        answer(200, json.dumps(body).encode()),
        lambda c: c.attendance.record_by_email("attend", three, **ON_EVENT),
    )

    assert outcomes(result) == {0: "UNCONFIRMED", 1: "ok", 2: "UNCONFIRMED"}
    assert result.failed[0].message == (
        "HubSpot's 200 answer did not confirm this input: it is not among the answer's results"
    )
    assert result.succeeded[0].result == {"email": "B@example.com", "vid": 7}


@FLAVOURS
def test_update_many_confirms_exactly_the_object_ids_in_its_results(flavour: str) -> None:
    body = {"status": "COMPLETE", "results": [{"objectId": "502"}]}

    result = run(flavour, answer(200, json.dumps(body).encode()), BATCHES["update-many"][1])

    assert outcomes(result) == {0: "UNCONFIRMED", 1: "ok"}


@FLAVOURS
def test_event_upsert_with_fewer_results_than_inputs_confirms_none(flavour: str) -> None:
    """An event upsert's results carry no externalEventId: with fewer results than inputs,
    which were recorded cannot be told, so none is claimed (resending upserts is safe)."""
    body = {"status": "COMPLETE", "results": [{"id": "1"}]}

    result = run(flavour, answer(200, json.dumps(body).encode()), BATCHES["events-upsert"][1])

    assert outcomes(result) == {0: "UNCONFIRMED", 1: "UNCONFIRMED"}
    assert result.failed[0].message == (
        "HubSpot's 200 answer did not confirm this input: HubSpot sent 1 results for 2 inputs "
        "it reported no error for, and its results carry no externalEventId: which inputs it "
        "recorded is unknown"
    )


@FLAVOURS
def test_event_upsert_counts_results_against_the_inputs_no_error_named(flavour: str) -> None:
    body = {
        "status": "COMPLETE",
        "results": [{"id": "1"}],
        "errors": [
            {"category": "VALIDATION_ERROR", "message": "bad", "context": {"ids": ["ev-2"]}}
        ],
    }

    result = run(flavour, answer(207, json.dumps(body).encode()), BATCHES["events-upsert"][1])

    assert outcomes(result) == {0: "ok", 1: "VALIDATION_ERROR"}


@FLAVOURS
@pytest.mark.parametrize("operation", sorted(BATCHES))
def test_the_fakes_real_answers_confirm_every_input(flavour: str, operation: str) -> None:
    """The stricter reading loses nothing HubSpot's documented answers confirm (the fake)."""
    fake = FakeHubSpot(rate_limit=None)
    for email in EMAILS:
        fake.add_contact(email)
    vids = [fake.add_contact(f"vid{n}@example.com") for n in (1, 2)]
    target = fake.add_event(ACCOUNT, EVENT)
    events = [fake.add_event(ACCOUNT, f"ev-{n}") for n in (1, 2)]
    on = {"external_event_id": EVENT, "external_account_id": ACCOUNT}
    calls: dict[str, Callable[[Any], Any]] = {
        "record-by-email": lambda c: c.attendance.record_by_email("attend", EMAILS, **on),
        "record-by-email-object-id": lambda c: c.attendance.record_by_email(
            "attend", EMAILS, object_id=target.object_id
        ),
        "record-by-contact-id": lambda c: c.attendance.record_by_contact_id("register", vids, **on),
        "record-by-contact-id-object-id": lambda c: c.attendance.record_by_contact_id(
            "register", vids, object_id=target.object_id
        ),
        "update-many": lambda c: c.events.update_many(
            [{"objectId": e.object_id, "eventName": "Renamed"} for e in events]
        ),
        "events-upsert": lambda c: c.events.upsert(EVENTS),
        "upsert-by-email": lambda c: c.subscriber_state.upsert_by_email("cancel", EMAILS, **on),
        "upsert-by-contact-id": lambda c: c.subscriber_state.upsert_by_contact_id(
            "attend", vids, **on
        ),
        "delete-many-external": lambda c: c.events.delete_many(
            external_event_ids=["ev-1", "ev-2"], app_id=fake.app_id
        ),
        "delete-many-object-ids": lambda c: c.events.delete_many(
            object_ids=[e.object_id for e in events]
        ),
    }
    client = fake.client if flavour == "sync" else fake.async_client

    result = _run_fake(
        flavour, client(rate_limit=None, external_account_id=ACCOUNT), calls[operation]
    )

    assert outcomes(result) == {0: "ok", 1: "ok"}


def _run_fake(flavour: str, client: Any, call: Callable[[Any], Any]) -> Any:
    if flavour == "sync":
        with client:
            return call(client)
    import asyncio

    async def main() -> Any:
        async with client:
            return await call(client)

    return asyncio.run(main())


READS: dict[str, Callable[[Any], Any]] = {
    "events.get": lambda c: c.events.get("e"),
    "events.get-object-id": lambda c: c.events.get(object_id="1"),
    "events.create": lambda c: c.events.create(EVENT_OK),
    "events.upsert_one": lambda c: c.events.upsert_one("ev-good", EVENT_OK),
    "events.update": lambda c: c.events.update("e", {"eventName": "x"}),
    "events.cancel": lambda c: c.events.cancel("e"),
    "events.complete": lambda c: c.events.complete(
        "e", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z"
    ),
    "events.search": lambda c: c.events.search("q"),
    "events.identifiers": lambda c: c.events.identifiers("e"),
    "participations.counters": lambda c: c.participations.counters("e"),
    "lists.associated": lambda c: c.lists.associated("e"),
    "settings.get": lambda c: c.settings.get(),
    "settings.update": lambda c: c.settings.update("https://example.com/%s"),
}


@pytest.mark.parametrize("read", sorted(READS))
@pytest.mark.parametrize("body", [*sorted(NOT_AN_OBJECT), b'{"results": [null]}'])
def test_a_read_answered_with_a_non_object_is_a_hubspot_error(read: str, body: bytes) -> None:
    """Never an AttributeError / TypeError from deep inside the parsing."""
    with pytest.raises(HubSpotError, match="HubSpot"):
        run("sync", answer(200, body), READS[read])


@pytest.mark.parametrize("pager", ["events.list", "breakdown", "for_contact"])
@pytest.mark.parametrize("body", sorted(NOT_AN_OBJECT))
def test_a_page_answered_with_a_non_object_is_a_hubspot_error(pager: str, body: bytes) -> None:
    pagers: dict[str, Callable[[Any], Any]] = {
        "events.list": lambda c: list(c.events.list()),
        "breakdown": lambda c: list(c.participations.breakdown("e")),
        "for_contact": lambda c: list(c.participations.for_contact("a@example.com")),
    }
    with pytest.raises(HubSpotError, match="HubSpot"):
        run("sync", answer(200, body), pagers[pager])


# --- 2. base URLs --------------------------------------------------------------------------------

BAD_BASE_URLS = {
    "query": ("https://api.hubapi.com?portalId=1", "must not have a ?query or #fragment"),
    "empty-query": ("https://api.hubapi.com/?", "must not have a ?query or #fragment"),
    "fragment": ("https://api.hubapi.com#eu", "must not have a ?query or #fragment"),
    "credentials": ("https://user:s3cret@api.hubapi.com", "must not carry credentials"),
    "user-only": ("https://user@api.hubapi.com", "must not carry credentials"),
    "ftp": ("ftp://api.hubapi.com", "must start with https:// (or http://)"),
    "no-scheme": ("api.hubapi.com", "must start with https:// (or http://)"),
    "no-host": ("https://", "names no host"),
    "no-host-path": ("https:///marketing", "names no host"),
    "leading-space": (" https://api.hubapi.com", "contains whitespace or control characters"),
    "trailing-newline": ("https://api.hubapi.com\n", "contains whitespace or control characters"),
    "inner-space": ("https://api.hub api.com", "contains whitespace or control characters"),
    "bad-port": ("https://api.hubapi.com:99999", "is not a valid URL"),
    "empty": ("", "must start with https:// (or http://)"),
}


@pytest.mark.parametrize("client_class", [HubSpotEvents, AsyncHubSpotEvents])
@pytest.mark.parametrize(("url", "message"), BAD_BASE_URLS.values(), ids=list(BAD_BASE_URLS))
def test_a_base_url_that_would_send_elsewhere_is_refused_at_construction(
    client_class: type[Any], url: str, message: str
) -> None:
    """Bug: ``?query`` / ``#fragment`` swallowed every operation's path, ``user:pass@`` sent
    credentials of its own; both silently. The message names ``base_url`` and the fix."""
    with pytest.raises(ValueError, match=r"^base_url ") as caught:
        client_class(access_token=TOKEN, base_url=url)

    text = str(caught.value)
    assert text.startswith("base_url ")
    assert message in text
    assert "s3cret" not in text


def test_the_refusal_says_what_to_use_instead() -> None:
    with pytest.raises(ValueError, match="credentials") as caught:
        HubSpotEvents(access_token=TOKEN, base_url="https://u:p@sandbox.example:8443/hs?x=1")

    assert str(caught.value).endswith("and use https://sandbox.example:8443/hs")
    assert ":p@" not in str(caught.value)


@pytest.mark.parametrize(
    ("url", "sent_to"),
    [
        ("https://api.hubapi.com/", "https://api.hubapi.com/marketing/v3/marketing-events/"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/marketing/v3/marketing-events/"),
        ("http://[::1]:8080/", "http://[::1]:8080/marketing/v3/marketing-events/"),
        ("https://proxy.example/hubspot", "https://proxy.example/hubspot/marketing/v3/"),
    ],
)
def test_a_good_base_url_is_where_requests_go(url: str, sent_to: str) -> None:
    server = Recorder(answer(204, b""))

    run("sync", server, lambda c: c.events.delete("e"), base_url=url)

    assert str(server.requests[0].url).startswith(sent_to)


# --- 3. HUBSPOT_BASE_URL ------------------------------------------------------------------------


@pytest.fixture
def sandbox_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("HUBSPOT_BASE_URL", "http://127.0.0.1:8080/")
    return monkeypatch


@FLAVOURS
def test_hubspot_base_url_is_read_when_base_url_is_not_given(
    flavour: str, sandbox_env: pytest.MonkeyPatch
) -> None:
    """Bug: the CLI honoured HUBSPOT_BASE_URL, the library did not (a script meant for the
    sandbox wrote into the real account)."""
    server = Recorder(answer(204, b""))

    run(flavour, server, lambda c: c.events.delete("e"))

    assert server.requests[0].url.netloc == b"127.0.0.1:8080"


@FLAVOURS
def test_an_explicit_base_url_wins_over_the_environment(
    flavour: str, sandbox_env: pytest.MonkeyPatch
) -> None:
    server = Recorder(answer(204, b""))

    run(flavour, server, lambda c: c.events.delete("e"), base_url="https://eu1.api.hubapi.com")

    assert server.requests[0].url.host == "eu1.api.hubapi.com"


def test_an_empty_hubspot_base_url_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBSPOT_BASE_URL", "")

    assert "base_url='https://api.hubapi.com' (default)" in repr(HubSpotEvents(TOKEN))


def test_a_bad_hubspot_base_url_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HUBSPOT_BASE_URL", "https://api.hubapi.com?hapikey=k3y")

    with pytest.raises(ValueError, match=r"^HUBSPOT_BASE_URL must not have a \?query") as caught:
        AsyncHubSpotEvents(TOKEN)
    assert "k3y" not in str(caught.value)


@pytest.mark.parametrize("client_class", [HubSpotEvents, AsyncHubSpotEvents])
def test_the_repr_names_the_host_and_where_it_came_from_never_the_token(
    client_class: type[Any], sandbox_env: pytest.MonkeyPatch
) -> None:
    from_env = repr(client_class(access_token=TOKEN))
    given = repr(client_class(access_token=TOKEN, base_url="https://api.hubapi.com"))

    assert from_env.startswith(
        f"{client_class.__name__}(base_url='http://127.0.0.1:8080' (from $HUBSPOT_BASE_URL), "
        "host='127.0.0.1:8080', auth=TokenAuth, "
    )
    assert given.startswith(
        f"{client_class.__name__}(base_url='https://api.hubapi.com', host='api.hubapi.com', "
    )
    assert TOKEN not in from_env + given


def test_the_repr_says_when_a_users_http_client_decides_where_requests_go() -> None:
    text = repr(FakeHubSpot().client())

    assert "http_client=yours (its transport decides where)" in text


# --- 4. inputs that cannot be sent fail alone -------------------------------------------------

SURROGATE = "a\ud800b"


def _good_email() -> dict[str, Any]:
    return {"email": "good@example.com", "interactionDateTime": WHEN_MS}


#: (id, operation, bad input, field named, start of the message after "field: ")
ITEM_CASES: list[tuple[str, str, Any, str, str]] = [
    # lone surrogates: json.dumps takes them, encoding the request body did not
    ("surrogate-email", "email", f"{SURROGATE}@example.com", "email", "has a lone surrogate"),
    ("surrogate-property-value", "email",
     {"email": "x@example.com", "properties": {"joinedAt": SURROGATE}}, "properties.joinedAt",
     "has a lone surrogate '\\ud800' at position 1, which cannot be sent as UTF-8"),
    ("surrogate-property-name", "email",
     {"email": "x@example.com", "properties": {SURROGATE: "1"}}, "properties",
     "has a lone surrogate"),
    ("surrogate-contact-property", "email",
     {"email": "x@example.com", "contactProperties": {"firstname": SURROGATE}},
     "contactProperties.firstname", "has a lone surrogate"),
    ("surrogate-vid-property", "vid", {"vid": 1001, "properties": {"k": SURROGATE}},
     "properties.k", "has a lone surrogate"),
    ("surrogate-event-name", "event", {**EVENT_OK, "eventName": SURROGATE}, "eventName",
     "has a lone surrogate"),
    ("surrogate-event-id", "event", {**EVENT_OK, "externalEventId": SURROGATE},
     "externalEventId", "has a lone surrogate"),
    ("surrogate-event-description", "event", {**EVENT_OK, "eventDescription": SURROGATE},
     "eventDescription", "has a lone surrogate"),
    ("surrogate-custom-property-value", "event",
     {**EVENT_OK, "customProperties": [{"name": "room", "value": SURROGATE}]},
     "customProperties.room", "has a lone surrogate"),
    ("surrogate-custom-property-name", "event",
     {**EVENT_OK, "customProperties": {SURROGATE: "x"}}, "customProperties",
     "has a lone surrogate"),
    ("surrogate-update-name", "update", {"objectId": "501", "eventName": SURROGATE},
     "eventName", "has a lone surrogate"),
    ("surrogate-delete-id", "delete", SURROGATE, "externalEventId", "has a lone surrogate"),
    # vids: other digits, bools, floats, past int64
    ("vid-arabic-indic", "vid", {"vid": "١٢٣"}, "vid",
     "'١٢٣' is not written in ASCII digits; write the contact id with 0-9"),
    ("vid-full-width", "vid", {"vid": "\uff11\uff12\uff13"}, "vid",
     "'\uff11\uff12\uff13' is not written in ASCII digits; write the contact id with 0-9"),
    ("vid-superscript", "vid", {"vid": "²"}, "vid", "'²' is not written in ASCII digits"),
    ("vid-bool", "vid", {"vid": True}, "vid", "must be a positive integer contact id, got True"),
    ("vid-float", "vid", {"vid": 1001.0}, "vid",
     "must be a positive integer contact id, got float 1001.0"),
    ("vid-nan", "vid", {"vid": float("nan")}, "vid",
     "must be a positive integer contact id, got float nan"),
    ("vid-past-int64", "vid", {"vid": 2**63}, "vid",
     "must be a positive integer contact id, got 9223372036854775808"),
    ("object-id-arabic-indic", "update", {"objectId": "١٢٣", "eventName": "x"}, "objectId",
     "must be HubSpot's event id (ASCII digits 0-9), got '١٢٣'"),
    ("object-id-not-digits", "delete-object", "abc", "objectId",
     "must be HubSpot's event id (ASCII digits 0-9), got 'abc'"),
    # 10,000 levels of lists where a string belongs: no RecursionError, a short message
    ("deep-property-value", "email",
     {"email": "x@example.com", "properties": {"joinedAt": deep()}}, "properties.joinedAt",
     "values must be strings, got list [[[[...]]]]; pass str(value)"),
    ("deep-custom-property", "event", {**EVENT_OK, "customProperties": {"room": deep()}},
     "customProperties.room", "value must be a string, got list [[[[...]]]]"),
    ("deep-custom-property-list", "event",
     {**EVENT_OK, "customProperties": [{"name": "room", "value": deep()}]},
     "customProperties.room", "value must be a string, got list [[[[...]]]]"),
    ("deep-interaction-time", "email", {"email": "x@example.com", "interactionDateTime": deep()},
     "interactionDateTime",
     "must be epoch milliseconds (int) or an aware datetime, got list [[[[...]]]]"),
    ("deep-vid", "vid", {"vid": deep()}, "vid",
     "must be a positive integer contact id, got list [[[[...]]]]"),
    ("deep-flag", "event", {**EVENT_OK, "eventCancelled": deep()}, "eventCancelled",
     "must be true or false, got [[[[...]]]]"),
    # event dates: RFC 3339 with an offset, 1970..2100
    ("date-month-13", "event", {**EVENT_OK, "startDateTime": "2026-13-45T10:00:00Z"},
     "startDateTime", "'2026-13-45T10:00:00Z' is not a real date-time"),
    ("date-yesterday", "event", {**EVENT_OK, "startDateTime": "yesterday"}, "startDateTime",
     "'yesterday' is not an RFC 3339 date-time; write it like 2026-06-15T15:00:00Z"),
    ("date-year-1", "event", {**EVENT_OK, "endDateTime": "0001-01-01T00:00:00Z"}, "endDateTime",
     "'0001-01-01T00:00:00Z' is in the year 1; event dates must be in 1970..2100"),
    ("date-year-9999", "event", {**EVENT_OK, "endDateTime": "9999-12-31T23:59:59+00:00"},
     "endDateTime", "'9999-12-31T23:59:59+00:00' is in the year 9999"),
    ("date-1969", "update", {"objectId": "501", "startDateTime": "1969-12-31T23:00:00Z"},
     "startDateTime", "'1969-12-31T23:00:00Z' is in the year 1969"),
    ("date-basic-format", "event", {**EVENT_OK, "startDateTime": "20260101T100000Z"},
     "startDateTime", "'20260101T100000Z' is not an RFC 3339 date-time"),
    ("date-week", "event", {**EVENT_OK, "startDateTime": "2026-W01-1T10:00:00Z"},
     "startDateTime", "'2026-W01-1T10:00:00Z' is not an RFC 3339 date-time"),
    ("date-space", "event", {**EVENT_OK, "startDateTime": "2026-01-01 10:00:00Z"},
     "startDateTime", "'2026-01-01 10:00:00Z' is not an RFC 3339 date-time"),
    ("date-offset-no-colon", "event", {**EVENT_OK, "startDateTime": "2026-01-01T10:00:00+0100"},
     "startDateTime", "'2026-01-01T10:00:00+0100' is not an RFC 3339 date-time"),
    ("date-offset-minute-60", "event",
     {**EVENT_OK, "startDateTime": "2026-01-01T10:00:00+12:60"}, "startDateTime",
     "'2026-01-01T10:00:00+12:60' is not an RFC 3339 date-time"),
    ("date-full-width-digits", "event",
     {**EVENT_OK, "startDateTime": "\uff12\uff10\uff12\uff16-01-01T10:00:00Z"}, "startDateTime",
     "'\uff12\uff10\uff12\uff16-01-01T10:00:00Z' is not an RFC 3339 date-time"),
    ("date-no-offset", "event", {**EVENT_OK, "startDateTime": "2026-01-01T10:00:00"},
     "startDateTime", "'2026-01-01T10:00:00' has no UTC offset; add one (e.g. +00:00 or Z)"),
    ("datetime-year-1", "event",
     {**EVENT_OK, "startDateTime": datetime(1, 1, 1, tzinfo=UTC)}, "startDateTime",
     "'0001-01-01T00:00:00+00:00' is in the year 1"),
    ("datetime-year-9999", "update",
     {"objectId": "501", "endDateTime": datetime(9999, 12, 31, tzinfo=UTC)}, "endDateTime",
     "'9999-12-31T00:00:00+00:00' is in the year 9999"),
    # interaction times
    ("time-negative", "email", {"email": "x@example.com", "interactionDateTime": -1},
     "interactionDateTime", "-1 is negative; pass epoch milliseconds"),
    ("time-bool", "vid", {"vid": 1001, "interactionDateTime": False}, "interactionDateTime",
     "must be epoch milliseconds (int) or an aware datetime, got bool False"),
    ("time-nan", "email", {"email": "x@example.com", "interactionDateTime": float("nan")},
     "interactionDateTime",
     "must be epoch milliseconds (int) or an aware datetime, got float nan"),
    ("time-huge", "email", {"email": "x@example.com", "interactionDateTime": 10**30},
     "interactionDateTime", "1000000000000000000000000000000 is after the year 2200"),
    ("time-datetime-year-1", "email",
     {"email": "x@example.com", "interactionDateTime": datetime(1, 1, 1, tzinfo=UTC)},
     "interactionDateTime", "0001-01-01T00:00:00+00:00 is not between 1973 and 2200"),
    ("time-datetime-min-shifted", "email",
     {"email": "x@example.com",
      "interactionDateTime": datetime.min.replace(tzinfo=timezone(timedelta(hours=5)))},
     "interactionDateTime", "0001-01-01T00:00:00+05:00 is not between 1973 and 2200"),
    ("time-datetime-year-9999", "email",
     {"email": "x@example.com", "interactionDateTime": datetime(9999, 1, 1, tzinfo=UTC)},
     "interactionDateTime", "9999-01-01T00:00:00+00:00 is not between 1973 and 2200"),
]  # fmt: skip


class _Unreadable(Mapping[str, Any]):
    """A mapping whose iteration raises: a shape no validator words."""

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError("broken mapping")

    def __len__(self) -> int:
        return 1


class _ReprRaises:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


ITEM_CASES += [
    ("mapping-that-raises", "email", _Unreadable(), "input",
     "cannot be read (RuntimeError); pass a mapping or a model"),
    ("repr-that-raises", "email", {"email": "x@example.com", "properties": {"k": _ReprRaises()}},
     "properties.k", "values must be strings, got _ReprRaises <_ReprRaises"),
]  # fmt: skip


def _fake_with_targets() -> tuple[FakeHubSpot, dict[str, Any]]:
    fake = FakeHubSpot(rate_limit=None)
    fake.add_contact("good@example.com")
    fake.add_contact("x@example.com")
    vid = fake.add_contact("vid@example.com")
    fake.add_event(ACCOUNT, EVENT)
    existing = fake.add_event(ACCOUNT, "ev-existing")
    fake.add_event(ACCOUNT, "ev-delete-me")
    return fake, {"vid": vid, "object_id": existing.object_id}


def _item_call(operation: str, bad: Any, ids: dict[str, Any]) -> Callable[[Any], Any]:
    on = {"external_event_id": EVENT, "external_account_id": ACCOUNT}
    obj = ids["object_id"]

    def fix(item: Any) -> Any:
        """Point the bad item at the fake's ids where it names one (vid 1001, object 501)."""
        if isinstance(item, dict) and type(item.get("vid")) is int and item["vid"] == 1001:
            return {**item, "vid": ids["vid"]}
        if isinstance(item, dict) and item.get("objectId") == "501":
            return {**item, "objectId": obj}
        return item

    bad = fix(bad)
    calls: dict[str, Callable[[Any], Any]] = {
        "email": lambda c: c.attendance.record_by_email("attend", [bad, _good_email()], **on),
        "vid": lambda c: c.subscriber_state.upsert_by_contact_id(
            "attend", [bad, {"vid": ids["vid"], "interactionDateTime": WHEN_MS}], **on
        ),
        "event": lambda c: c.events.upsert([bad, EVENT_OK]),
        "update": lambda c: c.events.update_many([bad, {"objectId": obj, "eventName": "Ok"}]),
        "delete": lambda c: c.events.delete_many(
            external_event_ids=[bad, "ev-delete-me"], app_id=ids["app_id"]
        ),
        "delete-object": lambda c: c.events.delete_many(object_ids=[bad, obj]),
    }
    return calls[operation]


@FLAVOURS
@pytest.mark.parametrize(
    ("operation", "bad", "field", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in ITEM_CASES],
)
def test_an_input_that_cannot_be_sent_fails_alone_against_the_fake(
    flavour: str, operation: str, bad: Any, field: str, message: str
) -> None:
    """Bug: these crashed the whole call (UnicodeEncodeError, RecursionError, ValueError from
    ``int("²")``) or reached HubSpot and failed the whole chunk (year 9999, ``+0100``)."""
    fake, ids = _fake_with_targets()
    ids["app_id"] = fake.app_id
    make = fake.client if flavour == "sync" else fake.async_client
    client = make(rate_limit=None, external_account_id=ACCOUNT)

    result = _run_fake(flavour, client, _item_call(operation, bad, ids))

    assert outcomes(result) == {0: "INVALID_INPUT", 1: "ok"}
    (failure,) = result.failed
    assert failure.field == field
    assert failure.message.startswith(f"{field}: {message}"), failure.message
    assert len(failure.message) < 400
    assert failure.input is bad or operation in ("vid", "update")  # ``fix`` copies those


# --- call arguments that cannot be sent -------------------------------------------------------

ARGUMENT_CASES: dict[str, tuple[Callable[[Any], Any], str]] = {
    "event-id": (lambda c: c.events.get(SURROGATE), "external_event_id"),
    "account-id": (lambda c: c.events.get("e", SURROGATE), "external_account_id"),
    "object-id": (lambda c: c.events.delete(object_id=SURROGATE), "object_id"),
    "search": (lambda c: c.events.search(SURROGATE), "q"),
    "contact": (lambda c: list(c.participations.for_contact(SURROGATE)), "contact"),
    "list-id": (lambda c: c.lists.associate(SURROGATE, "e"), "list_id"),
    "batch-event-id": (
        lambda c: c.attendance.record_by_email("attend", ["a@example.com"],
                                               external_event_id=SURROGATE),
        "external_event_id",
    ),
    "batch-account-id": (
        lambda c: c.attendance.record_by_email("attend", ["a@example.com"],
                                               external_event_id="e",
                                               external_account_id=SURROGATE),
        "external_account_id",
    ),
    "complete-date": (
        lambda c: c.events.complete("e", "9999-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
        "start_date_time",
    ),
    "update-date": (
        lambda c: c.events.update("e", {"startDateTime": "2026-01-01T10:00:00+0100"}),
        "startDateTime",
    ),
}  # fmt: skip


@pytest.mark.parametrize(("call", "name"), ARGUMENT_CASES.values(), ids=list(ARGUMENT_CASES))
def test_an_argument_that_cannot_be_sent_is_a_value_error_naming_it(
    call: Callable[[Any], Any], name: str
) -> None:
    """Bug: a surrogate in an id raised UnicodeEncodeError from deep in URL building."""
    server = Recorder(answer(204, b""))

    with pytest.raises(ValueError, match=f"^{name}") as caught:
        run("sync", server, call)

    assert type(caught.value) is not UnicodeEncodeError
    assert str(caught.value).startswith(name)
    assert server.requests == []
