"""Requests conform: generated inputs go through the PUBLIC client and arrive on the wire exactly.

For every operation of the curated spec, schemathesis generates valid requests
(``schema[path][method].as_strategy()``). Each case is turned into the matching public client call
(``contract_tests._calls``) on a client whose transport is a respx router; the captured requests
must validate against the spec (method, path, query, headers, JSON body) and carry exactly the
generated data, except for what the client's documented input rules refuse (those inputs must fail
with ``INVALID_INPUT`` naming the field, and the rest must still be sent).

Two generators per operation:

* ``spec``: the curated spec as is. Random strings are rarely emails, so this mostly proves the
  refusals are per input and never sink the batch;
* ``client-domain``: the spec narrowed to the client's input rules (``_calls.client_domain``), so
  every input must be sent; the sync and async clients must send byte-identical requests.

On HubSpot's date versions (``api_version="2026-03"`` / ``"2026-09"``) every operation's sample
request must reach the same operation under that version's path, from both clients.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
import respx
import schemathesis
from hypothesis import given
from hypothesis import strategies as st

from contract_tests import _stats
from contract_tests._calls import (
    BASE_URL,
    BATCH_OPERATIONS,
    NOW_MS,
    TOKEN,
    Exchange,
    Expectation,
    _plan,
    acall,
    call,
    client_domain,
    expect,
    minimal_response,
    sample_exchanges,
)
from contract_tests._spec import SPEC_PATH, Spec, load_document
from hubspot_events import AsyncHubSpotEvents, BatchResult, HubSpotEvents
from hubspot_events._versions import API_VERSIONS, curated_path

SPEC = Spec.load()
SCHEMA = schemathesis.openapi.from_path(SPEC_PATH)
DOMAIN_SCHEMA = schemathesis.openapi.from_dict(client_domain(load_document()))
OPERATIONS = sorted(SPEC.operations)
_TOKEN_CHARS = re.compile(r"[\x21-\x7e]+")


def strategy(schema: Any, operation_id: str) -> Any:
    op = SPEC.operations[operation_id]
    return schema[op.path][op.method].as_strategy()


def _credential(value: Any) -> str | None:
    """A generated credential as the client would take it (None: one it could not send)."""
    text = value.strip() if isinstance(value, str) else ""
    return text if _TOKEN_CHARS.fullmatch(text) else None


def exchange_from_case(operation_id: str, case: schemathesis.Case) -> Exchange:
    """The case in API terms: schemathesis percent-encodes path values, the client takes raw ones
    (and integer ids as text, as they appear in a path). A generated ``hapikey`` becomes the
    client's developer API key."""
    headers: dict[str, Any] = dict(case.headers or {})
    auth = str(headers.get("Authorization") or "")
    query = dict(case.query or {})
    credentials = SPEC.credential_params(SPEC.operations[operation_id])
    keys = [query.pop(name) for name in sorted(credentials) if name in query]
    return Exchange(
        operation_id,
        {
            name: unquote(value) if isinstance(value, str) else str(value)
            for name, value in (case.path_parameters or {}).items()
        },
        query,
        case.body if isinstance(case.body, dict) else None,
        _credential(auth.removeprefix("Bearer ")) if auth.startswith("Bearer ") else None,
        _credential(keys[0]) if keys else None,
    )


class Wire:
    """A respx router that answers every request with a small valid response and keeps them."""

    def __init__(self, expectation: Expectation, api_version: str = "v3") -> None:
        self.api_version = api_version
        self.router = respx.Router(assert_all_called=False)
        self.pages = [r.query.get("after") for r in expectation.requests[1:]]
        self.router.route().mock(side_effect=self.answer)

    def answer(self, request: httpx.Request) -> httpx.Response:
        exchange = Exchange.from_request(SPEC, request)
        next_after = self.pages.pop(0) if self.pages else None
        return minimal_response(exchange, next_after)

    @property
    def requests(self) -> list[httpx.Request]:
        return [c.request for c in self.router.calls]

    def client(self, exchange: Exchange) -> HubSpotEvents:
        http = httpx.Client(transport=httpx.MockTransport(self.router.handler))
        return HubSpotEvents(
            access_token=exchange.token or TOKEN,
            developer_api_key=exchange.developer_key,
            base_url=BASE_URL,
            http_client=http,
            rate_limit=None,
            max_retries=0,
            batch_size=100_000,
            wall_clock=lambda: NOW_MS / 1000,
            api_version=self.api_version,
        )

    def async_client(self, exchange: Exchange) -> AsyncHubSpotEvents:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self.router.async_handler))
        return AsyncHubSpotEvents(
            access_token=exchange.token or TOKEN,
            developer_api_key=exchange.developer_key,
            base_url=BASE_URL,
            http_client=http,
            rate_limit=None,
            max_retries=0,
            batch_size=100_000,
            wall_clock=lambda: NOW_MS / 1000,
            api_version=self.api_version,
        )


def _field_head(name: str | None) -> str:
    return re.split(r"[.\[]", name or "", maxsplit=1)[0]


def check_exchange(
    exchange: Exchange, *, all_sent: bool = False, api_version: str = "v3"
) -> list[httpx.Request]:
    """Run ``exchange`` through the sync client and assert the oracle; return the wire requests."""
    expectation = expect(exchange)
    wire = Wire(expectation, api_version)
    client = wire.client(exchange)
    if expectation.refused is not None:
        with pytest.raises(expectation.refused):
            call(client, exchange)
        assert wire.requests == [], "a refused call must send nothing"
        assert not all_sent, f"the client refused a request from its own input domain: {exchange}"
        return []
    result = call(client, exchange)
    sent = wire.requests
    op = SPEC.operations[exchange.operation_id]
    by_key = exchange.developer_key is not None and bool(SPEC.credential_params(op))
    for request in sent:
        errors = SPEC.validate_request(request)
        assert errors == [], f"the client sent a request the spec does not allow: {errors}"
        served = curated_path(request.url.raw_path.decode("ascii").split("?", 1)[0])
        assert served is not None, f"{request.url.path} is no Marketing Events path"
        assert served[0] == api_version, f"sent to {served[0]}'s path on {api_version}"
        if by_key:  # the developer API key replaces the token, as HubSpot documents it
            assert request.url.params["hapikey"] == exchange.developer_key
            assert "authorization" not in request.headers
        else:
            assert request.headers["authorization"] == f"Bearer {exchange.token or TOKEN}"
            assert "hapikey" not in request.url.params
    assert len(sent) == len(expectation.requests), (
        f"expected {len(expectation.requests)} requests, the client sent {len(sent)}"
    )
    for request, wanted in zip(sent, expectation.requests, strict=True):
        got = Exchange.from_request(SPEC, request)
        assert got.operation_id == wanted.operation_id
        assert dict(got.path) == dict(wanted.path), "path values differ from the generated ones"
        extra = set(got.query) - set(wanted.query)
        assert extra <= expectation.optional_query, f"unexpected query parameters {extra}"
        assert {k: got.query[k] for k in wanted.query if k in got.query} == dict(wanted.query)
        assert got.body == wanted.body, "the JSON body differs from the generated data"
    if exchange.operation_id in BATCH_OPERATIONS:
        assert isinstance(result, BatchResult)
        assert sorted(s.index for s in result.succeeded) == expectation.sent_indexes
        failed = {f.index: f for f in result.failed}
        assert sorted(failed) == sorted(expectation.invalid)
        for index, failure in failed.items():
            assert failure.category == "INVALID_INPUT", failure
            fields = expectation.invalid[index]
            assert failure.field in fields or _field_head(failure.field) in fields, (
                f"input {index} refused for {failure.field!r}, expected one of {fields}"
            )
        if all_sent:
            assert not failed, f"inputs from the client's own domain were refused: {failed}"
    return sent


def _wire_bytes(requests: list[httpx.Request]) -> list[tuple[str, str, bytes]]:
    return [(r.method, str(r.url), r.content) for r in requests]


def check_async_matches(
    exchange: Exchange, sync_requests: list[httpx.Request], api_version: str = "v3"
) -> None:
    expectation = expect(exchange)
    wire = Wire(expectation, api_version)

    async def run() -> None:
        async with wire.async_client(exchange) as client:
            await acall(client, exchange)

    asyncio.run(run())
    assert _wire_bytes(wire.requests) == _wire_bytes(sync_requests)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_generated_requests_reach_the_wire_exactly(operation_id: str) -> None:
    @_stats.contract_settings()
    @given(case=strategy(SCHEMA, operation_id))
    def run(case: schemathesis.Case) -> None:
        _stats.count("requests", operation_id)
        check_exchange(exchange_from_case(operation_id, case))

    run()


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_client_domain_requests_are_sent_in_full_by_both_clients(operation_id: str) -> None:
    @_stats.contract_settings()
    @given(case=strategy(DOMAIN_SCHEMA, operation_id))
    def run(case: schemathesis.Case) -> None:
        _stats.count("domain", operation_id)
        exchange = exchange_from_case(operation_id, case)
        sent = check_exchange(exchange, all_sent=True)
        check_async_matches(exchange, sent)

    run()


@pytest.mark.parametrize("operation_id", sorted(BATCH_OPERATIONS))
def test_refused_inputs_fail_alone_and_the_rest_is_sent(operation_id: str) -> None:
    """Inputs the client refuses, mixed into a batch it accepts, sink nothing but themselves."""

    @_stats.contract_settings(_stats.MAX_EXAMPLES * 2 // 3)
    @given(
        good=strategy(DOMAIN_SCHEMA, operation_id),
        any_=strategy(SCHEMA, operation_id),
        order=st.randoms(use_true_random=False),
    )
    def run(good: schemathesis.Case, any_: schemathesis.Case, order: Any) -> None:
        _stats.count("mixed", operation_id)
        exchange = exchange_from_case(operation_id, good)
        generated: Any = any_.body
        inputs = [*exchange.body["inputs"], *generated["inputs"]]
        order.shuffle(inputs)
        mixed = Exchange(
            operation_id, exchange.path, exchange.query, {"inputs": inputs}, exchange.token
        )
        check_exchange(mixed)

    run()


def test_every_operation_of_the_spec_is_mapped_to_a_client_call() -> None:
    """A new operation in the spec needs a client call here (``_calls._plan``) and a sample:
    the covered operation ids are exactly the spec's, so a new one cannot slip in uncovered."""
    samples = sample_exchanges()
    assert set(samples) == set(OPERATIONS)
    assert len(OPERATIONS) == len(SPEC.operations) == 36
    methods = set()
    for operation_id, exchange in samples.items():
        resource, method, *_ = _plan(exchange)
        methods.add((resource, method))
        (request,) = check_exchange(exchange, all_sent=True)
        assert Exchange.from_request(SPEC, request).operation_id == operation_id
    # Every public method of the design's table is exercised.
    assert len(methods) == 25, sorted(methods)


@pytest.mark.parametrize("api_version", API_VERSIONS)
def test_every_operation_reaches_its_versions_path_from_both_clients(api_version: str) -> None:
    for operation_id, exchange in sample_exchanges().items():
        (request,) = check_exchange(exchange, all_sent=True, api_version=api_version)
        check_async_matches(exchange, [request], api_version)
        assert Exchange.from_request(SPEC, request).operation_id == operation_id


@pytest.mark.parametrize("operation_id", ["get_settings", "update_settings"])
def test_the_developer_key_goes_as_hapikey_and_replaces_the_token(operation_id: str) -> None:
    sample = sample_exchanges()[operation_id]
    keyed = Exchange(sample.operation_id, sample.path, sample.query, sample.body, None, "dev-key")
    (request,) = check_exchange(keyed, all_sent=True)
    assert request.url.params["hapikey"] == "dev-key"
    assert "authorization" not in request.headers
    assert Exchange.from_request(SPEC, request).developer_key == "dev-key"


@pytest.mark.parametrize("event_id", [".", ".."])
def test_dot_segment_ids_reach_their_own_path(event_id: str) -> None:
    check_exchange(
        Exchange("get_event", {"externalEventId": event_id}, {"externalAccountId": "acct"})
    )


def test_the_oracle_sees_the_refusals_the_design_names() -> None:
    """Sanity of the oracle itself: epoch seconds, naive dates and non-emails are refused."""
    body = {
        "inputs": [
            {"email": "a@example.com", "interactionDateTime": 1_700_000_000},
            {"email": "not-an-email", "interactionDateTime": NOW_MS},
            {"email": " b@example.com ", "interactionDateTime": NOW_MS},
        ]
    }
    exchange = Exchange(
        "record_by_email_external_id",
        {"externalEventId": "w-1", "subscriberState": "attend"},
        {"externalAccountId": "acct"},
        body,
    )
    expectation = expect(exchange)
    assert expectation.invalid == {0: {"interactionDateTime"}, 1: {"email"}}
    sent = check_exchange(exchange)
    assert json.loads(sent[0].content)["inputs"][0]["email"] == "b@example.com"
    naive = Exchange(
        "upsert_events",
        body={
            "inputs": [
                {
                    "externalAccountId": "a",
                    "externalEventId": "e",
                    "eventName": "n",
                    "eventOrganizer": "o",
                    "startDateTime": "2024-01-01T10:00:00",
                    "customProperties": [],
                }
            ]
        },
    )
    assert expect(naive).invalid == {0: {"startDateTime"}}
    assert check_exchange(naive) == []
