"""The fake conforms: schemathesis drives the sandbox in-process against the curated spec.

Every operation gets positive and negative cases (``generation.mode = all``) through
``@schema.parametrize()`` and ``case.call_and_validate()`` with all of schemathesis' default
checks: no 5xx, status codes, content types and bodies as documented (response schema
conformance), schema-valid requests accepted, invalid ones rejected, auth enforced. The token is
given through schemathesis' OpenAPI-aware auth config (``auth.openapi.private_app_token``), never
``headers=``, so negative cases that drop or mangle credentials are judged correctly; the fake
accepts only that token (``FakeHubSpot(token=...)``), which the ``ignored_auth`` check needs. No
faults are injected and the rate limit is off.

The stateful run (``schema.as_state_machine()``) follows the curated spec's OpenAPI links from
event upsert to the attendance and read operations, with the fake's state reset in ``setup()``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import settings

from contract_tests import _stats
from contract_tests._calls import client_domain
from contract_tests._spec import SPEC_PATH, Spec, load_document, schema_errors
from hubspot_events.testing import FakeHubSpot

TOKEN = "contract-fake-token"
CONFIG = {
    "auth": {"openapi": {"private_app_token": {"bearer": TOKEN}}},
    "generation": {"mode": "all"},
    "operations": [
        {
            # These two record participation of contacts that must already exist (HubSpot's docs,
            # and its documented VALIDATION_ERROR example): a schema-valid request naming unknown
            # contacts is a business-rule 400, which random emails always are.
            "include-operation-id": ["upsert_by_email", "upsert_by_contact_id"],
            "checks": {
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]
                }
            },
        }
    ],
}
FAKE = FakeHubSpot(token=TOKEN, rate_limit=None)
SCHEMA = schemathesis.openapi.from_path(SPEC_PATH, config=schemathesis.Config.from_dict(CONFIG))
SCHEMA.app = FAKE.app


@SCHEMA.hook
def filter_case(context: Any, case: schemathesis.Case) -> bool:
    """Positive cases with a made-up paging cursor (see below) are not generated."""
    operation_id = case.operation.definition.raw.get("operationId")
    query = case.query or {}
    if operation_id in ("list_events", "get_breakdown") and "after" in query:
        # Not a bug: cursors are opaque (the fake, like HubSpot, answers a foreign one with 400);
        # real cursors are followed by the stateful links instead.
        mode = case.meta.generation.mode if case.meta is not None else None
        return mode is not None and mode.is_negative
    return True


@SCHEMA.parametrize()
@settings(parent=_stats.contract_settings(_stats.MAX_EXAMPLES // 2))
def test_the_fake_conforms_to_the_spec(case: schemathesis.Case) -> None:
    _stats.count("fake", case.operation.definition.raw["operationId"])
    case.call_and_validate()


# -- regressions: disagreements between the fake and the spec this suite found, now fixed ----------


@contextlib.contextmanager
def _fake_http() -> Iterator[tuple[FakeHubSpot, httpx.Client]]:
    """A fresh fake and a plain httpx client to it (with the token), closed afterwards."""
    fake = FakeHubSpot(token=TOKEN, rate_limit=None)
    with httpx.Client(
        transport=fake.sync_transport(),
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {TOKEN}"},
    ) as http:
        yield fake, http


def _spec_allows(operation_id: str, name: str, value: Any) -> bool:
    """Whether the curated spec allows ``value`` for query parameter ``name``."""
    param = Spec.load().operations[operation_id].params("query")[name]
    return not schema_errors(param.schema, param.coerce(str(value)), name)


def test_fake_writes_four_digit_years() -> None:
    event = {
        "externalAccountId": "a",
        "externalEventId": "e",
        "eventName": "n",
        "eventOrganizer": "o",
        "startDateTime": "0844-01-07T21:27:03Z",
        "customProperties": [],
    }
    path = "/marketing/v3/marketing-events/events/upsert"
    with _fake_http() as (_, http):
        response = http.post(path, json={"inputs": [event]})
    assert response.status_code == 200
    if not hasattr(response, "_elapsed"):  # the fake's sync transport answers already read
        response.elapsed = timedelta(0)
    SCHEMA[path]["POST"].validate_response(response)


@pytest.mark.parametrize("limit", [0, -1, 2**31])
def test_fake_list_limit_follows_the_spec(limit: int) -> None:
    with _fake_http() as (_, http):
        response = http.get("/marketing/marketing-events/v3", params={"limit": limit})
    expected = 200 if _spec_allows("list_events", "limit", limit) else 400
    assert response.status_code == expected, response.text


def test_fake_breakdown_state_follows_the_spec() -> None:
    path = "/marketing/v3/marketing-events/participations/acct/e-1/breakdown"
    with _fake_http() as (fake, http):
        fake.add_event("acct", "e-1")
        response = http.get(path, params={"state": "WAITLISTED"})
    expected = 200 if _spec_allows("get_breakdown", "state", "WAITLISTED") else 400
    assert response.status_code == expected, response.text


# -- stateful: from event upsert to the attendance operations, by links ----------------------------

ATTENDANCE_OPERATIONS = {
    "record_by_email_external_id",
    "record_by_email_object_id",
    "upsert_by_email",
    "upsert_by_contact_id",
}


def stateful_domain(document: dict[str, Any]) -> dict[str, Any]:
    """A narrowed copy for the stateful run: every body it generates is valid against the spec.

    The fuzzing above already sends random unknown fields, blank ids and empty batches; this run is
    about following links, so event upserts create at least one event (``minItems: 1``, the
    client's input rules from ``_calls.client_domain``) under ids the fake can address (no ``/``,
    a documented limit of the fake). It also keeps body generation cheap.
    """
    narrowed = client_domain(document)
    schemas = narrowed["components"]["schemas"]
    for batch in ("EventInputBatch", "EmailSubscriberBatch", "ContactSubscriberBatch"):
        if "inputs" in schemas.get(batch, {}).get("properties", {}):
            schemas[batch]["properties"]["inputs"]["minItems"] = 1
    event = schemas.get("EventInput", {}).get("properties", {})
    for name in ("externalAccountId", "externalEventId"):
        if name in event:
            event[name] = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,24}$"}
    return narrowed


def run_state_machine(document: dict[str, Any]) -> dict[str, list[int]]:
    """Run the stateful test on ``document`` against a fresh fake; (operation -> statuses)."""
    fake = FakeHubSpot(token=TOKEN, rate_limit=None)
    config = {**CONFIG, "generation": {"mode": "positive"}}
    schema = schemathesis.openapi.from_dict(
        stateful_domain(document), config=schemathesis.Config.from_dict(config)
    )
    schema.app = fake.app
    schema.hook(filter_case)
    seen: dict[str, list[int]] = {}

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            fake.reset()

        def after_call(self, response: Any, case: schemathesis.Case) -> None:
            super().after_call(response, case)
            operation_id = case.operation.definition.raw["operationId"]
            seen.setdefault(operation_id, []).append(response.status_code)
            _stats.count("stateful", operation_id)

    Workflow.run(settings=_stats.contract_settings(8, stateful_step_count=5))
    return seen


def _check_flow(seen: dict[str, list[int]]) -> None:
    reached = {op for op, statuses in seen.items() if any(200 <= s < 300 for s in statuses)}
    assert "upsert_events" in reached, seen
    assert ATTENDANCE_OPERATIONS & reached, f"no attendance operation succeeded by link: {seen}"


def test_stateful_links_from_event_upsert_to_attendance() -> None:
    document = load_document()
    upsert_ok = document["paths"]["/marketing/v3/marketing-events/events/upsert"]["post"][
        "responses"
    ]["200"]
    assert upsert_ok.get("links"), "event upsert must link to the attendance operations"
    _check_flow(run_state_machine(document))
