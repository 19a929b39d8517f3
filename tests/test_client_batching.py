"""Batch calls: chunking and streaming, per-item accounting of 200/207 answers, 400 splits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_client_support import (
    PREFIX,
    WHEN_MS,
    both,
    emails,
    error_body,
    event_results,
    indexes,
    make_rig,
    record,
    reply,
    subscriber_results,
    upsert_by_contact_id,
    upsert_by_email,
)

from hubspot_events import (
    AuthenticationError,
    BatchError,
    BatchResult,
    Failure,
    HubSpotError,
    Success,
)
from hubspot_events_generated.models import Event, SubscriberResult


def assert_accounted_once(result: BatchResult, total: int) -> None:
    all_indexes = [*indexes(result.succeeded), *indexes(result.failed)]
    assert len(result.succeeded) + len(result.failed) == total
    assert sorted(all_indexes) == list(range(total))


# --- chunking and streaming ----------------------------------------------------------------


@both
def test_250_inputs_are_sent_as_100_100_50_and_merged_in_input_order(flavour: str) -> None:
    rig = make_rig(flavour, then=subscriber_results)
    subscribers = emails(250)

    result = record(rig, subscribers)

    assert [len(inputs) for inputs in rig.server.sent_inputs()] == [100, 100, 50]
    sent = [item["email"] for inputs in rig.server.sent_inputs() for item in inputs]
    assert sorted(sent) == sorted(subscribers)
    assert [s.input for s in result.succeeded] == subscribers
    assert indexes(result.succeeded) == list(range(250))
    assert [o.index for o in result] == list(range(250))
    assert result.requests == 3
    assert result.ok
    assert result.status == "COMPLETE"
    assert result.results[0] == SubscriberResult(email="user0@example.com", vid=1000)
    assert [r.email for r in result.results] == subscribers


@both
def test_batch_size_option_sets_the_chunk_size(flavour: str) -> None:
    rig = make_rig(flavour, then=subscriber_results, batch_size=40)

    record(rig, emails(100))

    assert [len(inputs) for inputs in rig.server.sent_inputs()] == [40, 40, 20]


def test_generator_input_is_streamed_not_listed_first() -> None:
    pulled = 0

    def subscribers() -> Iterator[str]:
        nonlocal pulled
        for email in emails(250):
            pulled += 1
            yield email

    pulled_at_request: list[int] = []

    def server(request: httpx.Request) -> httpx.Response:
        pulled_at_request.append(pulled)
        return subscriber_results(request)

    rig = make_rig("sync", then=server)

    result = record(rig, subscribers())

    assert pulled_at_request == [100, 200, 250]
    assert result.total == 250


def test_async_generator_input_is_read_at_most_concurrency_chunks_ahead() -> None:
    pulled = 0

    def subscribers() -> Iterator[str]:
        nonlocal pulled
        for email in emails(1000):
            pulled += 1
            yield email

    pulled_at_request: list[int] = []

    def server(request: httpx.Request) -> httpx.Response:
        pulled_at_request.append(pulled)
        return subscriber_results(request)

    rig = make_rig("async", then=server, concurrency=2)

    result = record(rig, subscribers())

    assert pulled_at_request[0] == 200  # two chunks in flight, not all ten read
    # When the k-th request goes out, at most `concurrency` chunks beyond those sent were read.
    assert all(pulled <= (k + 2) * 100 for k, pulled in enumerate(pulled_at_request))
    assert result.total == 1000
    assert indexes(result.succeeded) == list(range(1000))


@both
def test_empty_input_sends_nothing(flavour: str) -> None:
    rig = make_rig(flavour)

    result = record(rig, [])

    assert rig.server.requests == []
    assert result.total == 0
    assert result.requests == 0
    assert result.ok


# --- 200 / 207 per-item answers ------------------------------------------------------------


@both
@pytest.mark.parametrize("status", [200, 207])
def test_errors_naming_an_email_fail_that_input_and_the_rest_succeed(
    flavour: str, status: int
) -> None:
    answer = {
        "status": "COMPLETE",
        "results": [
            {"email": "a@example.com", "vid": 1},
            {"email": "c@example.com", "vid": 3},
        ],
        "numErrors": 1,
        "errors": [
            {
                "status": "error",
                "category": "VALIDATION_ERROR",
                "message": "Contact is blocked",
                "context": {"emails": ["B@Example.com"]},
            }
        ],
    }
    rig = make_rig(flavour, reply(status, answer, headers={"X-HubSpot-Correlation-Id": "corr-207"}))

    result = record(rig, ["a@example.com", "b@example.com", "c@example.com"])

    assert result.succeeded == [
        Success(0, "a@example.com", {"email": "a@example.com", "vid": 1}),
        Success(2, "c@example.com", {"email": "c@example.com", "vid": 3}),
    ]
    assert result.failed == [
        Failure(1, "b@example.com", "VALIDATION_ERROR", "Contact is blocked", "corr-207", status)
    ]
    (error,) = result.errors
    assert error.indexes == (1,)
    assert error.attributed
    assert result.unattributed_errors == []
    assert not result.ok
    assert_accounted_once(result, 3)


@both
def test_error_naming_no_input_is_unattributed_and_inputs_missing_from_results_are_unconfirmed(
    flavour: str,
) -> None:
    answer = {
        "status": "COMPLETE",
        "results": [{"email": "a@example.com", "vid": 1}],
        "numErrors": 1,
        "errors": [{"status": "error", "category": "INTERNAL", "message": "Something broke"}],
    }
    rig = make_rig(flavour, reply(207, answer))

    result = record(rig, ["a@example.com", "b@example.com", "c@example.com"])

    assert indexes(result.succeeded) == [0]
    assert indexes(result.failed) == [1, 2]
    assert {f.category for f in result.failed} == {"UNCONFIRMED"}
    (error,) = result.errors
    assert not error.attributed
    assert error.indexes == ()
    assert result.unattributed_errors == [error]
    assert error.raw == answer["errors"][0]  # type: ignore[index]
    with pytest.raises(BatchError, match=r"2 of 3 inputs failed \(1 errors not tied to an input\)"):
        result.raise_for_errors()
    assert_accounted_once(result, 3)


@both
def test_event_upsert_error_naming_an_external_event_id_fails_that_event(flavour: str) -> None:
    answer = {
        "status": "COMPLETE",
        "results": [
            {
                "id": "1",
                "eventName": "A",
                "eventOrganizer": "Acme",
                "customProperties": [],
                "createdAt": "2025-10-01T10:00:00Z",
                "updatedAt": "2025-10-01T10:00:00Z",
            }
        ],
        "numErrors": 1,
        "errors": [
            {
                "status": "error",
                "category": "VALIDATION_ERROR",
                "message": "eventName too long",
                "context": {"externalEventId": ["e-2"]},
            }
        ],
        "startedAt": "2025-10-01T10:00:00Z",
        "completedAt": "2025-10-01T10:00:01Z",
    }
    rig = make_rig(flavour, reply(207, answer), external_account_id="zoom-42")
    events = [
        {"externalEventId": f"e-{n}", "eventName": "A", "eventOrganizer": "Acme"} for n in (1, 2)
    ]

    result = rig.run(lambda c: c.events.upsert(events))

    assert indexes(result.succeeded) == [0]
    assert indexes(result.failed) == [1]
    assert result.failed[0].message == "eventName too long"
    assert isinstance(result.results[0], Event)  # parse_result is the generated model


@both
def test_event_upsert_with_an_unattributed_error_confirms_no_event(flavour: str) -> None:
    # Event results do not carry externalEventId, so which input the error is about is unknown:
    # none of them may be reported as recorded.
    answer = {
        "status": "COMPLETE",
        "results": [],
        "numErrors": 1,
        "errors": [{"status": "error", "category": "INTERNAL", "message": "one failed"}],
    }
    rig = make_rig(flavour, reply(207, answer), external_account_id="zoom-42")
    events = [
        {"externalEventId": f"e-{n}", "eventName": "A", "eventOrganizer": "Acme"} for n in (1, 2)
    ]

    result = rig.run(lambda c: c.events.upsert(events))

    assert result.succeeded == []
    assert [(f.index, f.category) for f in result.failed] == [
        (0, "UNCONFIRMED"),
        (1, "UNCONFIRMED"),
    ]
    assert len(result.unattributed_errors) == 1


@both
def test_event_upsert_sends_the_api_shape_with_the_default_account(flavour: str) -> None:
    rig = make_rig(flavour, then=event_results, external_account_id="zoom-42")

    result = rig.run(
        lambda c: c.events.upsert(
            [
                {
                    "externalEventId": "w-1",
                    "eventName": "Launch",
                    "eventOrganizer": "Acme",
                    "startDateTime": "2025-11-01T15:00:00Z",
                    "customProperties": {"room": "A"},
                }
            ]
        )
    )

    assert rig.server.requests[0].url.path == f"{PREFIX}/events/upsert"
    assert rig.server.bodies == [
        {
            "inputs": [
                {
                    "externalAccountId": "zoom-42",
                    "externalEventId": "w-1",
                    "eventName": "Launch",
                    "eventOrganizer": "Acme",
                    "startDateTime": "2025-11-01T15:00:00Z",
                    "customProperties": [{"name": "room", "value": "A"}],
                }
            ]
        }
    ]
    assert result.ok


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(min_value=1, max_value=12),
    data=st.data(),
)
def test_every_input_is_accounted_exactly_once_whatever_hubspot_answers(
    n: int, data: st.DataObject
) -> None:
    subscribers = emails(n)
    named = data.draw(st.lists(st.sampled_from(subscribers), max_size=4))
    in_results = data.draw(st.lists(st.sampled_from(subscribers), max_size=n))
    unattributed = data.draw(st.integers(min_value=0, max_value=2))
    status = data.draw(st.sampled_from([200, 207]))
    batch_size = data.draw(st.integers(min_value=1, max_value=5))

    def server(request: httpx.Request) -> httpx.Response:
        chunk = {item["email"] for item in json.loads(request.content)["inputs"]}
        errors: list[dict[str, Any]] = [
            {"category": "VALIDATION_ERROR", "message": "bad", "context": {"email": [email]}}
            for email in named
            if email in chunk
        ] + [{"category": "INTERNAL", "message": "?"} for _ in range(unattributed)]
        answer = {
            "status": "COMPLETE",
            "results": [{"email": e, "vid": 1} for e in in_results if e in chunk],
            "numErrors": len(errors),
            "errors": errors,
        }
        return httpx.Response(status, json=answer)

    rig = make_rig("sync", then=server, batch_size=batch_size)

    result = record(rig, subscribers)

    assert_accounted_once(result, n)
    # email-create confirms an input by naming it in its results: an input HubSpot named in an
    # error failed; one it neither named nor listed is unconfirmed; only the listed succeeded.
    failed = {f.input: f.category for f in result.failed}
    assert {e for e in failed if failed[e] != "UNCONFIRMED"} == set(named)
    assert {s.input for s in result.succeeded} == set(in_results) - set(named)
    assert {e for e in failed if failed[e] == "UNCONFIRMED"} == set(subscribers) - set(
        in_results
    ) - set(named)


# --- bodiless successes --------------------------------------------------------------------


@both
@pytest.mark.parametrize("status", [200, 204])
def test_empty_success_body_means_every_email_upsert_input_succeeded(
    flavour: str, status: int
) -> None:
    rig = make_rig(flavour, reply(status))

    result = upsert_by_email(rig, ["a@example.com", "b@example.com"])

    assert indexes(result.succeeded) == [0, 1]
    assert result.failed == []
    assert result.results == []
    assert result.ok
    request = rig.server.requests[0]
    assert request.url.path == f"{PREFIX}/events/w-1/register/email-upsert"
    assert request.url.params["externalAccountId"] == "zoom-42"


@both
@pytest.mark.parametrize("status", [200, 204])
def test_empty_success_body_means_every_contact_id_upsert_input_succeeded(
    flavour: str, status: int
) -> None:
    rig = make_rig(flavour, reply(status))

    result = upsert_by_contact_id(rig, [101, {"vid": 102, "interactionDateTime": WHEN_MS}])

    assert indexes(result.succeeded) == [0, 1]
    assert result.ok
    request = rig.server.requests[0]
    assert request.url.path == f"{PREFIX}/events/w-1/register/upsert"
    assert request.url.params["externalAccountId"] == "zoom-42"
    assert json.loads(request.content) == {
        "inputs": [
            {"vid": 101, "interactionDateTime": 1_760_000_000_000, "properties": {}},
            {"vid": 102, "interactionDateTime": WHEN_MS, "properties": {}},
        ]
    }


# --- a 400 that names inputs ---------------------------------------------------------------


@both
def test_400_naming_some_inputs_fails_those_and_resends_the_rest_once(flavour: str) -> None:
    unknown = reply(
        400,
        error_body(
            "Contacts not found",
            "OBJECT_NOT_FOUND",
            "corr-400",
            context={"emails": ["b@example.com", "d@example.com"]},
        ),
    )
    rig = make_rig(flavour, unknown, reply(204))

    result = upsert_by_email(
        rig, ["a@example.com", "b@example.com", "c@example.com", "d@example.com"]
    )

    assert [[i["email"] for i in inputs] for inputs in rig.server.sent_inputs()] == [
        ["a@example.com", "b@example.com", "c@example.com", "d@example.com"],
        ["a@example.com", "c@example.com"],
    ]
    assert indexes(result.succeeded) == [0, 2]
    assert result.failed == [
        Failure(1, "b@example.com", "OBJECT_NOT_FOUND", "Contacts not found", "corr-400", 400),
        Failure(3, "d@example.com", "OBJECT_NOT_FOUND", "Contacts not found", "corr-400", 400),
    ]
    assert result.requests == 2


@both
def test_400_is_resent_only_once(flavour: str) -> None:
    first = reply(400, error_body("not found", "OBJECT_NOT_FOUND", context={"email": ["b@x.io"]}))
    second = reply(400, error_body("still bad", "VALIDATION_ERROR", context={"email": ["a@x.io"]}))
    rig = make_rig(flavour, first, second)

    result = upsert_by_email(rig, ["a@x.io", "b@x.io", "c@x.io"])

    assert len(rig.server.requests) == 2
    assert result.succeeded == []
    assert [(f.index, f.message) for f in sorted(result.failed, key=lambda f: f.index)] == [
        (0, "still bad"),
        (1, "not found"),
        (2, "still bad"),
    ]


@both
def test_400_naming_no_input_fails_the_chunk_without_resending(flavour: str) -> None:
    rig = make_rig(flavour, reply(400, error_body("Invalid input JSON", "VALIDATION_ERROR")))

    result = upsert_by_email(rig, ["a@x.io", "b@x.io"])

    assert len(rig.server.requests) == 1
    assert [(f.index, f.category, f.status_code) for f in result.failed] == [
        (0, "VALIDATION_ERROR", 400),
        (1, "VALIDATION_ERROR", 400),
    ]


# --- errors that stop the whole job --------------------------------------------------------


@both
def test_401_stops_a_batch_and_carries_the_partial_result(flavour: str) -> None:
    extra = {"concurrency": 1} if flavour == "async" else {}
    rig = make_rig(
        flavour,
        subscriber_results,
        reply(401, error_body("token revoked", "INVALID_AUTHENTICATION")),
        batch_size=2,
        **extra,
    )

    with pytest.raises(AuthenticationError) as caught:
        record(rig, emails(6))

    partial = caught.value.partial_result
    assert len(rig.server.requests) == 2
    assert indexes(partial.succeeded) == [0, 1]
    assert indexes(partial.failed) == [2, 3]
    assert partial.failed[0].category == "INVALID_AUTHENTICATION"


# --- malformed 2xx answers -----------------------------------------------------------------


@both
@pytest.mark.parametrize(
    "answer",
    [
        pytest.param({"status": "COMPLETE", "results": 1, "errors": 1}, id="numbers-for-lists"),
        pytest.param({"status": {}, "results": {"a": 1}, "errors": "x"}, id="wrong-types"),
        pytest.param({"results": [1, "x", None], "errors": [1, None]}, id="junk-items"),
        pytest.param(
            {"errors": [{"context": {"email": [None, 1]}, "category": 7}]}, id="odd-error"
        ),
    ],
)
def test_malformed_batch_answer_still_accounts_every_input(
    flavour: str, answer: dict[str, Any]
) -> None:
    rig = make_rig(flavour, reply(200, answer))

    result = record(rig, ["a@example.com", "b@example.com"])

    assert_accounted_once(result, 2)


@both
def test_a_string_for_errors_is_one_unattributed_error(flavour: str) -> None:
    rig = make_rig(flavour, reply(200, {"status": "COMPLETE", "errors": "quota exceeded"}))

    result = record(rig, ["a@example.com"])

    (error,) = result.errors
    assert (error.message, error.attributed) == ("quota exceeded", False)
    assert [f.category for f in result.failed] == ["UNCONFIRMED"]


@both
def test_result_that_does_not_match_the_model_raises_hubspot_error_on_access(
    flavour: str,
) -> None:
    answer = {"status": "COMPLETE", "results": [{"objectId": "1"}]}  # no id, eventName, ...
    rig = make_rig(flavour, reply(200, answer), external_account_id="zoom-42")

    result = rig.run(
        lambda c: c.events.upsert(
            [{"externalEventId": "e", "eventName": "n", "eventOrganizer": "o"}]
        )
    )

    assert result.ok
    with pytest.raises(HubSpotError, match="do not match the spec"):
        result.results  # noqa: B018
