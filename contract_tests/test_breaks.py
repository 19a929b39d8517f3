"""A deliberate break makes the suite fail: each break is applied to a copy, and caught.

* a field renamed in the spec: the client's real requests no longer validate against it, the
  upstream diff reports it, and schemathesis finds the fake refusing "valid" requests;
* a wrong required-ness: a field made required that the client omits fails request validation;
  a required query parameter made optional makes schemathesis find the fake refusing requests;
* a fake that answers a misnamed field (an ASGI middleware renames ``eventName`` in its
  responses): schemathesis' response validation fails. An *extra* field alone is allowed by the
  spec (objects are open, for forward compatibility) and must pass.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
import respx
import schemathesis
from hypothesis import given
from schemathesis.core.failures import FailureGroup

from contract_tests import _stats
from contract_tests._calls import BASE_URL, TOKEN, Exchange, call, sample_exchanges
from contract_tests._openapi import load
from contract_tests._spec import Spec, load_document
from contract_tests.test_fake import CONFIG
from contract_tests.test_fake import TOKEN as FAKE_TOKEN
from contract_tests.upstream import CURATED, unlisted_differences
from hubspot_events import HubSpotEvents
from hubspot_events.testing import FakeHubSpot

SAMPLES = sample_exchanges()
ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


def renamed_field(document: dict[str, Any]) -> dict[str, Any]:
    """EmailSubscriber.email renamed to emailAddress (and required with the new name)."""
    broken = copy.deepcopy(document)
    subscriber = broken["components"]["schemas"]["EmailSubscriber"]
    subscriber["properties"]["emailAddress"] = subscriber["properties"].pop("email")
    subscriber["required"] = sorted(
        "emailAddress" if name == "email" else name for name in subscriber["required"]
    )
    return broken


def eventtype_required(document: dict[str, Any]) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    broken["components"]["schemas"]["EventInput"]["required"].append("eventType")
    return broken


def account_optional(document: dict[str, Any]) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    broken["components"]["parameters"]["ExternalAccountIdQueryRequired"]["required"] = False
    return broken


def upstream_diff(document: dict[str, Any]) -> list[str]:
    """The differences of a (broken) curated ``document`` from HubSpot's spec that no deviation
    explains, against the committed digest (spec/upstream-digest.json), so no upstream file is
    needed. A break of any operation or schema with an ``x-upstream`` shows up here."""
    return unlisted_differences(document)


def client_requests(exchange: Exchange) -> list[httpx.Request]:
    """What the public client really sends for ``exchange`` (answered with an empty 204)."""
    router = respx.Router(assert_all_called=False)
    router.route().mock(return_value=httpx.Response(204))
    client = HubSpotEvents(
        access_token=TOKEN,
        base_url=BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(router.handler)),
        rate_limit=None,
        max_retries=0,
    )
    call(client, exchange)
    return [c.request for c in router.calls]


def schemathesis_finds_a_failure(
    document: dict[str, Any], operation_id: str, app: Any, *, mode: str = "positive"
) -> FailureGroup | None:
    """Run a few generated cases of ``operation_id`` from ``document`` against ``app``."""
    schema = schemathesis.openapi.from_dict(
        copy.deepcopy(document), config=schemathesis.Config.from_dict(CONFIG)
    )
    schema.app = app
    op = next(o for o in Spec(document) if o.operation_id == operation_id)
    strategy = schema[op.path][op.method].as_strategy(
        generation_mode=schemathesis.GenerationMode(mode)
    )
    found: list[FailureGroup] = []

    @_stats.contract_settings(15, phases=[_phase("explicit"), _phase("generate")])
    @given(case=strategy)
    def run(case: schemathesis.Case) -> None:
        _stats.count("breaks", operation_id)
        if found:
            return
        try:
            case.call_and_validate()
        except FailureGroup as failure:
            found.append(failure)

    run()
    return found[0] if found else None


def _phase(name: str) -> Any:
    from hypothesis import Phase

    return Phase[name]


# -- a renamed field -------------------------------------------------------------------------------


def test_a_renamed_field_makes_the_clients_requests_invalid() -> None:
    (request,) = client_requests(SAMPLES["record_by_email_external_id"])
    assert Spec.load().validate_request(request) == []
    errors = Spec(renamed_field(load_document())).validate_request(request)
    assert any("emailAddress" in error for error in errors), errors


def test_a_renamed_field_shows_in_the_upstream_diff() -> None:
    unlisted = upstream_diff(renamed_field(load(CURATED)))
    assert "schema EmailSubscriber: field email: missing in curated" in unlisted
    assert "schema EmailSubscriber: field emailAddress: added in curated" in unlisted


def test_a_renamed_field_makes_the_fake_refuse_valid_requests() -> None:
    fake = FakeHubSpot(token=FAKE_TOKEN, rate_limit=None)
    failure = schemathesis_finds_a_failure(
        renamed_field(load_document()), "record_by_email_object_id", fake.app
    )
    assert failure is not None, "schemathesis must notice the fake refusing the renamed field"
    assert "Schema-valid request rejected" in str(failure)


# -- a wrong required-ness -------------------------------------------------------------------------


def test_a_field_wrongly_made_required_fails_request_validation() -> None:
    event = dict(SAMPLES["upsert_events"].body["inputs"][0])
    event.pop("eventType")
    (request,) = client_requests(Exchange("upsert_events", body={"inputs": [event]}))
    assert Spec.load().validate_request(request) == []
    errors = Spec(eventtype_required(load_document())).validate_request(request)
    assert any("'eventType' is a required property" in error for error in errors), errors


def test_a_parameter_wrongly_made_optional_makes_the_fake_refuse_valid_requests() -> None:
    fake = FakeHubSpot(token=FAKE_TOKEN, rate_limit=None)
    failure = schemathesis_finds_a_failure(account_optional(load_document()), "get_event", fake.app)
    assert failure is not None, "schemathesis must notice the fake requiring externalAccountId"
    assert "externalAccountId" in str(failure)


# -- a fake that answers a misnamed (or extra) field -------------------------------------------------


def rewriting(app: ASGIApp, rewrite: Callable[[Any], Any]) -> ASGIApp:
    """``app`` with every JSON response body passed through ``rewrite``."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            with contextlib.suppress(ValueError):
                body = json.dumps(rewrite(json.loads(body))).encode()
            headers = [
                (k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"
            ]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await app(scope, receive, capture)

    return wrapped


def rename_key(old: str, new: str) -> Callable[[Any], Any]:
    def rewrite(value: Any) -> Any:
        if isinstance(value, dict):
            return {(new if k == old else k): rewrite(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rewrite(v) for v in value]
        return value

    return rewrite


def add_key(name: str, extra: Any) -> Callable[[Any], Any]:
    def rewrite(value: Any) -> Any:
        if isinstance(value, dict):
            out = {k: rewrite(v) for k, v in value.items()}
            if "eventName" in out:
                out[name] = extra
            return out
        if isinstance(value, list):
            return [rewrite(v) for v in value]
        return value

    return rewrite


def _upsert_one_event(app: Any) -> int:
    """One valid event upsert against ``app``, validated by schemathesis; returns the status."""
    schema = schemathesis.openapi.from_dict(
        load_document(), config=schemathesis.Config.from_dict(CONFIG)
    )
    schema.app = app
    operation = schema["/marketing/v3/marketing-events/events/upsert"]["POST"]
    # A hand-made case gets no generated auth: it carries the (valid) token itself.
    case = operation.Case(
        body=SAMPLES["upsert_events"].body, headers={"Authorization": f"Bearer {FAKE_TOKEN}"}
    )
    _stats.count("breaks", "upsert_events")
    return case.call_and_validate().status_code


def test_the_unchanged_fake_answers_as_documented() -> None:
    assert _upsert_one_event(FakeHubSpot(token=FAKE_TOKEN, rate_limit=None).app) == 200


def test_a_fake_answering_a_misnamed_field_fails_response_validation() -> None:
    fake = FakeHubSpot(token=FAKE_TOKEN, rate_limit=None)
    with pytest.raises(FailureGroup) as failed:
        _upsert_one_event(rewriting(fake.app, rename_key("eventName", "eventTitle")))
    assert "Response violates schema" in str(failed.value)
    assert '"eventName" is a required property' in str(failed.value)


def test_a_fake_answering_an_extra_field_is_still_conformant() -> None:
    """Objects are open in the spec (forward compatibility), so an extra field is no failure."""
    fake = FakeHubSpot(token=FAKE_TOKEN, rate_limit=None)
    assert _upsert_one_event(rewriting(fake.app, add_key("eventColor", "red"))) == 200


# -- breaks of operations added with the full API (delete_events, cancel_event) ----------------


def test_a_client_sending_delete_events_without_app_id_fails_the_request_suite(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The client made to drop ``appId`` from each event of a batch delete by external ids: the
    request suite's spec validation catches it, for the sample and for generated requests."""
    from contract_tests.test_requests import (
        check_exchange,
        test_client_domain_requests_are_sent_in_full_by_both_clients,
    )
    from hubspot_events.resources import events

    sample = SAMPLES["delete_events"]
    check_exchange(sample, all_sent=True)  # unbroken, it passes
    keyed = events._external_key

    def without_app_id(item: Any, account: str | None, app_id: int) -> dict[str, Any]:
        key = keyed(item, account, app_id)
        key.pop("appId")
        return key

    monkeypatch.setattr(events, "_external_key", without_app_id)
    monkeypatch.setenv("CONTRACT_NO_SHRINK", "1")
    with pytest.raises(AssertionError, match="'appId' is a required property"):
        check_exchange(sample, all_sent=True)
    with pytest.raises(AssertionError, match="'appId' is a required property"):
        test_client_domain_requests_are_sent_in_full_by_both_clients("delete_events")


def drop_key(name: str) -> Callable[[Any], Any]:
    def rewrite(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: rewrite(v) for k, v in value.items() if k != name}
        if isinstance(value, list):
            return [rewrite(v) for v in value]
        return value

    return rewrite


def _cancel_one_event(wrap: Callable[[Any], Any] = lambda app: app) -> int:
    """Cancel an existing event of a fresh fake (its app wrapped by ``wrap``), validated by
    schemathesis with the suite's checks; returns the status."""
    fake = FakeHubSpot(token=FAKE_TOKEN, rate_limit=None)
    fake.add_event("acct-1", "e-1")
    schema = schemathesis.openapi.from_dict(
        load_document(), config=schemathesis.Config.from_dict(CONFIG)
    )
    schema.app = wrap(fake.app)
    operation = schema["/marketing/v3/marketing-events/events/{externalEventId}/cancel"]["POST"]
    case = operation.Case(
        path_parameters={"externalEventId": "e-1"},
        query={"externalAccountId": "acct-1"},
        headers={"Authorization": f"Bearer {FAKE_TOKEN}"},
    )
    _stats.count("breaks", "cancel_event")
    return case.call_and_validate().status_code


def test_a_fake_answering_cancel_without_the_cancelled_flag_is_caught() -> None:
    """``eventCancelled`` is optional in the schema, so only the suite's semantic check
    (``test_fake.the_event_says_what_was_done``) can notice a cancel that does not say so."""
    assert _cancel_one_event() == 200
    with pytest.raises(FailureGroup) as failed:
        _cancel_one_event(lambda app: rewriting(app, drop_key("eventCancelled")))
    assert "eventCancelled is None, not true" in str(failed.value)
