"""Responses parse: anything the spec allows HubSpot to answer, the client reads without loss.

Bodies are generated from each operation's documented responses (200, 207, 204, default) with
hypothesis-jsonschema (``from_schema`` on the resolved schema). They must

* validate with schemathesis (``op.validate_response``): the generator and the spec agree;
* round-trip through the generated model: ``Model.from_dict(x).to_dict() == x`` (date-times
  compared as instants with their offset, since ``Z`` comes back as ``+00:00``);
* come back through the PUBLIC client (respx serves them): 2xx as the model / page items /
  a ``BatchResult`` that accounts for every input once, ``default`` as the right
  ``APIStatusError`` subclass carrying HubSpot's category, message and correlation id;
* still do so with unknown fields added to every object and unknown values in the enum-like
  strings (forward compatibility: HubSpot adds fields and values over time).
"""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import httpx
import pytest
import respx
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

import hubspot_events_generated.models as models
from contract_tests import _stats
from contract_tests._calls import (
    BASE_URL,
    BATCH_OPERATIONS,
    NOW_MS,
    PAGED_OPERATIONS,
    RESULT_KEYS,
    TOKEN,
    Exchange,
    call,
    kind_of,
    read_models,
    sample_exchanges,
)
from contract_tests._spec import SPEC_PATH, Spec, canonical, normalise
from hubspot_events import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    BatchResult,
    ConflictError,
    HubSpotEvents,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)

SPEC = Spec.load()
SCHEMA = schemathesis.openapi.from_path(SPEC_PATH)
OPERATIONS = sorted(SPEC.operations)
SAMPLES = sample_exchanges()
FORMATS = {"uuid": st.uuids().map(str)}
ERROR_STATUSES = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503]
ERROR_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}
KINDS = {operation_id: kind_of(operation_id) for operation_id in OPERATIONS}
#: Per read operation, the model of what the client hands back: the 200 body's, or for pages and
#: lists that of each item of its ``results``; batch operations parse their results.
READ_MODELS = read_models(SPEC, KINDS)
BATCH_RESULT_MODELS = {
    "upsert_events": "Event",
    "record_by_email_external_id": "SubscriberResult",
    "record_by_email_object_id": "SubscriberResult",
    "record_by_contact_id_external_id": "VidResult",
    "record_by_contact_id_object_id": "VidResult",
    "update_events_by_object_id": "EventObject",
}


def bounded(schema: Any) -> Any:
    """``schema`` with short arrays and small maps, for generation only: each item is parsed by
    the same code, and long lists only cost time (the suite must stay fast)."""
    if isinstance(schema, list):
        return [bounded(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: bounded(value) for key, value in schema.items()}
    if out.get("type") == "array":
        out.setdefault("maxItems", 3)
    if out.get("type") == "object" and isinstance(out.get("additionalProperties"), dict):
        out.setdefault("maxProperties", len(out.get("properties", {})) + 3)
    return out


def model(name: str) -> Any:
    return getattr(models, name)


def raw_response(method: str, status: int, body: Any) -> httpx.Response:
    """A finished ``httpx.Response`` as schemathesis' ``validate_response`` wants it."""
    response = httpx.Response(status, json=body, request=httpx.Request(method, BASE_URL + "/"))
    response.elapsed = timedelta(0)
    return response


def assert_same(schema: dict[str, Any], got: Any, sent: Any) -> None:
    assert normalise(schema, got) == normalise(schema, sent)


# -- forward compatibility: what a newer HubSpot might send --------------------------------------

ENUM_LIKE = {"status", "attendanceState", "eventStatus", "eventStatusV2", "category"}


@st.composite
def newer(draw: st.DrawFn, schema: Any, value: Any) -> Any:
    """``value`` with unknown fields in every object and unknown values in enum-like strings."""
    if not isinstance(schema, dict):
        return value
    if isinstance(value, dict) and "properties" in schema:
        out = {}
        for key, item in value.items():
            sub = schema["properties"].get(key, {})
            if key in ENUM_LIKE and isinstance(item, str):
                item = draw(st.sampled_from(["WAITLISTED", "ARCHIVED_V2", "EMPTY", item]))
            out[key] = draw(newer(sub, item))
        unknown = draw(
            st.dictionaries(
                st.from_regex(r"\AnewField[A-Z][a-z]{0,6}\Z"),
                st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.just({"a": [1]})),
                max_size=2,
            )
        )
        return {**out, **{k: v for k, v in unknown.items() if k not in out}}
    if isinstance(value, dict):
        extra = schema.get("additionalProperties")
        return {
            k: draw(newer(extra if isinstance(extra, dict) else {}, v)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [draw(newer(schema.get("items", {}), v)) for v in value]
    return value


# -- the model round trip -----------------------------------------------------------------------


def status_for(operation_id: str, key: str) -> st.SearchStrategy[int]:
    """A status the documented response ``key`` covers (``default``: any undocumented error)."""
    if key.isdigit():
        return st.just(int(key))
    documented = {int(k) for k in SPEC.operations[operation_id].responses if k.isdigit()}
    return st.sampled_from([s for s in ERROR_STATUSES if s not in documented])


def response_cases(operation_id: str) -> list[tuple[str, str]]:
    """(status key, model name) of every documented response with a body."""
    op = SPEC.operations[operation_id]
    return [(key, name) for key, name in sorted(op.response_models.items()) if name is not None]


# -- through the public client ------------------------------------------------------------------


def serve(status: int, body: Any) -> tuple[HubSpotEvents, respx.Router]:
    router = respx.Router(assert_all_called=False)

    def answer(request: httpx.Request) -> httpx.Response:
        if body is None:
            return httpx.Response(status)
        return httpx.Response(status, json=body, headers={"X-HubSpot-Correlation-Id": "c-1"})

    router.route().mock(side_effect=answer)
    client = HubSpotEvents(
        access_token=TOKEN,
        base_url=BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(router.handler)),
        rate_limit=None,
        max_retries=0,
        sleep=lambda _: None,
        wall_clock=lambda: NOW_MS / 1000,
    )
    return client, router


def input_keys(exchange: Exchange) -> list[Any]:
    key = RESULT_KEYS.get(exchange.operation_id)
    return [item[key] for item in exchange.body["inputs"]] if key else []


@st.composite
def answer_for(draw: st.DrawFn, operation_id: str) -> tuple[int, str, Any, Any]:
    """(status, documented key, body, the body as a newer HubSpot might send it)."""
    op = SPEC.operations[operation_id]
    key = draw(st.sampled_from(sorted(op.responses)))
    status = draw(status_for(operation_id, key))
    schema = op.responses[key]
    if schema is None:
        return status, key, None, None
    body: Any = draw(from_schema(bounded(schema), custom_formats=FORMATS))
    keys = input_keys(SAMPLES[operation_id])
    if status < 300 and keys and isinstance(body.get("results"), list):
        # Tie some results to the inputs, as HubSpot does, so matching is exercised too.
        field = RESULT_KEYS[operation_id]
        for result in body["results"]:
            if draw(st.booleans()):
                result[field] = draw(st.sampled_from(keys))
    return status, key, body, draw(newer(schema, body))


def expected_error(status: int) -> type[APIStatusError]:
    return InternalServerError if status >= 500 else ERROR_CLASSES.get(status, APIStatusError)


def error_category(body: dict[str, Any]) -> str | None:
    """HubSpot's category; 429 bodies carry ``errorType`` instead."""
    return body.get("category") or body.get("errorType") or None


def check_error(error: APIStatusError, status: int, body: dict[str, Any]) -> None:
    assert type(error) is expected_error(status), (type(error), status)
    assert error.status_code == status
    assert error.category == error_category(body)
    assert error.correlation_id == (body["correlationId"] or "c-1")
    if body["message"]:
        assert error.message == body["message"]
    if isinstance(error, RateLimitError):
        assert (error.policy_name or None) == (body.get("policyName") or None)


#: Batch operations whose 2xx HubSpot documents without per-input results (issue 12).
NO_RESULTS = {
    "upsert_by_email",
    "upsert_by_contact_id",
    "delete_events",
    "delete_events_by_object_id",
}


def confirmed(operation_id: str, status: int, body: Any) -> int:
    """How many inputs a 2xx answer without errors confirms (``_batching.Confirmation``): the
    status itself where HubSpot documents no results; else the inputs its results name; for event
    upserts (results carry no key) all, when there are as many results as inputs. A 207 ("some
    failed") naming no failed input confirms none, unless results name inputs by their key."""
    inputs = SAMPLES[operation_id].body["inputs"]
    if operation_id in NO_RESULTS:
        return 0 if status == 207 else len(inputs)
    results = body.get("results") if isinstance(body, dict) else None
    if not isinstance(results, list):
        return 0
    key = RESULT_KEYS[operation_id]
    if key is None:
        if status == 207:
            return 0
        return len(inputs) if sum(isinstance(r, dict) for r in results) >= len(inputs) else 0
    named = {str(r[key]).strip().lower() for r in results if isinstance(r, dict) and key in r}
    return sum(str(item[key]).strip().lower() in named for item in inputs)


def check_batch(operation_id: str, result: BatchResult, status: int, body: Any) -> None:
    exchange = SAMPLES[operation_id]
    n = len(exchange.body["inputs"])
    indexes = sorted([s.index for s in result.succeeded] + [f.index for f in result.failed])
    assert indexes == list(range(n)), "every input must be accounted for exactly once"
    if body is None:
        assert len(result.succeeded) == confirmed(operation_id, status, body), "an empty 2xx"
        return
    assert len(result.errors) == len(body.get("errors") or [])
    if not body.get("errors"):
        assert len(result.succeeded) == confirmed(operation_id, status, body), "a 2xx, no errors"
    assert result.status == body["status"]
    results = result.results
    raw_results = body.get("results") or []
    assert len(results) == len(raw_results), "HubSpot's results must all be kept"
    name = BATCH_RESULT_MODELS.get(operation_id)
    if name is not None:
        result_schema = SPEC.schema(name)
        assert all(isinstance(r, model(name)) for r in results)
        got = sorted(canonical(result_schema, r.to_dict()) for r in results)
        assert got == sorted(canonical(result_schema, r) for r in raw_results)
    key = RESULT_KEYS[operation_id]
    if key and not body.get("errors"):
        tied = {str(r[key]).strip().lower(): r for r in reversed(raw_results) if key in r}
        for success in result.succeeded:
            wanted = tied.get(str(exchange.body["inputs"][success.index][key]).lower())
            assert success.result == wanted
    categories = {str(e.get("category") or "UNKNOWN") for e in body.get("errors") or []}
    for failure in result.failed:
        assert failure.category in categories | {"UNCONFIRMED"}, failure


def check_through_client(operation_id: str, status: int, key: str, body: Any) -> None:
    exchange = SAMPLES[operation_id]
    served = body
    if operation_id in PAGED_OPERATIONS and status < 300 and isinstance(body, dict):
        served = copy.deepcopy(body)
        served.get("paging", {}).pop("next", None)  # one page
    client, router = serve(status, served)
    if not 200 <= status < 300:
        fatal = status in (401, 403) or (status == 429 and body.get("policyName") == "DAILY")
        if operation_id in BATCH_OPERATIONS and not fatal:
            result = call(client, exchange)
            assert isinstance(result, BatchResult)
            assert result.total == len(exchange.body["inputs"]) == len(result.failed)
            category = error_category(body) or f"HTTP_{status}"
            assert {(f.category, f.status_code) for f in result.failed} == {(category, status)}
            return
        with pytest.raises(APIStatusError) as raised:
            call(client, exchange)
        check_error(raised.value, status, body)
        if operation_id in BATCH_OPERATIONS:
            partial = raised.value.partial_result
            assert partial is not None
            assert partial.total == len(exchange.body["inputs"])
        return
    result = call(client, exchange)
    assert len(router.calls) == 1
    kind = KINDS[operation_id]
    if kind == "batch":
        assert isinstance(result, BatchResult)
        check_batch(operation_id, result, status, body)
        return
    if kind == "none":
        assert body is None
        assert result is None, "an empty success is None"
        return
    name = READ_MODELS[operation_id]
    schema = SPEC.schema(name)
    if kind in ("pages", "list"):
        assert [type(item) for item in result] == [model(name)] * len(body["results"])
        for item, raw in zip(result, body["results"], strict=True):
            assert_same(schema, item.to_dict(), raw)
    else:
        assert isinstance(result, model(name))
        assert_same(schema, result.to_dict(), body)


def check_round_trip(operation_id: str, status: int, key: str, body: Any) -> None:
    """The documented model reads ``body`` and writes it back unchanged."""
    op = SPEC.operations[operation_id]
    name = op.response_models.get(key)
    if name is None:
        assert body is None
        return
    schema = op.responses[key]
    assert schema is not None
    assert_same(schema, model(name).from_dict(copy.deepcopy(body)).to_dict(), body)


def test_every_operation_and_documented_response_is_generated() -> None:
    """The suite covers exactly the spec's operations (a new one needs a sample and a kind)."""
    assert set(SAMPLES) == set(KINDS) == set(SPEC.operations)
    assert len(SPEC.operations) == 36
    for operation_id, kind in KINDS.items():
        op = SPEC.operations[operation_id]
        success = {k for k in op.responses if k.startswith("2")}
        assert success, operation_id
        assert {"429", "default"} <= set(op.responses), operation_id
        if kind == "none":
            assert all(op.responses[k] is None for k in success), operation_id
        if kind != "batch" and kind != "none":
            assert operation_id in READ_MODELS, operation_id


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_generated_responses_parse_into_the_models_and_through_the_client(
    operation_id: str,
) -> None:
    op = SPEC.operations[operation_id]
    api_op = SCHEMA[op.path][op.method]

    @_stats.contract_settings()
    @given(answer=answer_for(operation_id))
    def run(answer: tuple[int, str, Any, Any]) -> None:
        status, key, body, later = answer
        _stats.count("responses", operation_id)
        if body is not None:
            # schemathesis agrees the generated body is what the spec documents
            api_op.validate_response(raw_response(op.method, status, body))
        for version in (body, later):
            check_round_trip(operation_id, status, key, version)
            check_through_client(operation_id, status, key, version)

    run()


def test_unknown_enum_like_values_are_kept_not_rejected() -> None:
    """New batch statuses and attendance states pass through untouched."""
    body: dict[str, Any] = {
        "status": "ARCHIVED_V2",
        "results": [{"email": "user1@example.com", "vid": 7, "newField": True}],
        "startedAt": "2024-01-01T00:00:00Z",
        "completedAt": "2024-01-01T00:00:01Z",
        "newTopLevel": {"x": 1},
    }
    client, _ = serve(200, body)
    result = call(client, SAMPLES["record_by_email_external_id"])
    assert result.status == "ARCHIVED_V2"
    assert result.results[0].to_dict() == body["results"][0]
    page = {
        "total": 1,
        "results": [
            {
                "id": "p-1",
                "createdAt": "2024-01-01T00:00:00Z",
                "associations": {
                    "contact": {"contactId": "1", "email": "user1@example.com"},
                    "marketingEvent": {"marketingEventId": "2", "name": "n"},
                },
                "properties": {"attendanceState": "WAITLISTED", "occurredAt": NOW_MS},
            }
        ],
    }
    client, _ = serve(200, page)
    (participation,) = call(client, SAMPLES["get_breakdown"])
    assert participation.properties.attendance_state == "WAITLISTED"
