"""The fake conforms: schemathesis drives the sandbox in-process against the curated spec.

Every operation gets positive and negative cases (``generation.mode = all``) through
``@schema.parametrize()`` and ``case.call_and_validate()`` with all of schemathesis' default
checks: no 5xx, status codes, content types and bodies as documented (response schema
conformance), schema-valid requests accepted, invalid ones rejected, auth enforced. The token is
given through schemathesis' OpenAPI-aware auth config (``auth.openapi.private_app_token``), never
``headers=``, so negative cases that drop or mangle credentials are judged correctly; the fake
accepts only that token (``FakeHubSpot(token=...)``), which the ``ignored_auth`` check needs. No
faults are injected and the rate limit is off.

The stateful run (``schema.as_state_machine()``) follows OpenAPI links from event upsert to the
attendance and read operations, with the fake's state reset in ``setup()``. The curated spec has
no links yet: the test is skipped with the reason until the lead applies the patch in
``PROPOSED_LINKS``; ``test_proposed_links_drive_the_state_machine`` meanwhile runs the same state
machine on an in-memory copy of the spec with that patch, so the patch is known to work.
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import settings
from schemathesis.core.failures import Failure, FailureGroup

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

# -- known disagreements: kept out of generation while open, each pinned by a strict xfail below ----

INT32_MAX = 2**31 - 1
BREAKDOWN_STATES = ("REGISTERED", "ATTENDED", "CANCELLED", "NO_SHOW")
_YEAR_BEFORE_1000 = re.compile(r"^0\d{3}-")


def _has_year_before_1000(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_year_before_1000(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_year_before_1000(v) for v in value)
    return isinstance(value, str) and bool(_YEAR_BEFORE_1000.match(value))


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None


@SCHEMA.hook
def filter_case(context: Any, case: schemathesis.Case) -> bool:
    """Cases that hit a known, reported disagreement (see the xfail tests); drop each when fixed."""
    operation_id = case.operation.definition.raw.get("operationId")
    query = case.query or {}
    if operation_id == "upsert_events" and _has_year_before_1000(case.body):
        return False  # test_fake_writes_four_digit_years
    if operation_id == "list_events":
        limit = _as_int(query.get("limit"))
        if limit is not None and not 1 <= limit <= INT32_MAX:
            return False  # test_fake_list_limit_follows_the_spec
    state = query.get("state")
    if (
        operation_id == "get_breakdown"
        and state is not None
        and str(state).upper() not in BREAKDOWN_STATES
    ):
        return False  # test_fake_breakdown_state_follows_the_spec
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


# -- the fake bugs this suite found (strict: they fail loudly once fixed; then drop the filter) -----


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


@pytest.mark.xfail(
    strict=True,
    raises=(Failure, FailureGroup),  # schemathesis' response validation
    reason=(
        "fake bug: testing/_shapes.py iso_ms() formats with strftime('%Y-...'), which does not "
        "zero-pad years before 1000, so an event upserted with startDateTime 0844-01-07T21:27:03Z "
        "comes back as '844-01-07T21:27:03.000Z', not an RFC 3339 date-time"
    ),
)
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


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason=(
        "spec/fake disagree on list_events limit: the spec allows any int32 (no minimum, as "
        "upstream) but the fake answers limit < 1 with 400; and the fake answers 200 to limits "
        "above int32 (2147483648) that the spec's format int32 forbids. Fix: 'minimum: 1' in the "
        "spec (+ a deviation) or clamp in the fake, and reject limits outside int32 in the fake"
    ),
)
@pytest.mark.parametrize("limit", [0, -1, 2**31])
def test_fake_list_limit_follows_the_spec(limit: int) -> None:
    with _fake_http() as (_, http):
        response = http.get("/marketing/marketing-events/v3", params={"limit": limit})
    expected = 200 if _spec_allows("list_events", "limit", limit) else 400
    assert response.status_code == expected, response.text


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason=(
        "spec/fake disagree on breakdown state: the spec types it as a free string (as "
        "upstream), the fake answers any value but REGISTERED/ATTENDED/CANCELLED/NO_SHOW with 400 "
        "once the event exists. Fix: an enum in the spec (request side, + a deviation, like "
        "subscriber-state-enum) or an empty page from the fake"
    ),
)
def test_fake_breakdown_state_follows_the_spec() -> None:
    path = "/marketing/v3/marketing-events/participations/acct/e-1/breakdown"
    with _fake_http() as (fake, http):
        fake.add_event("acct", "e-1")
        response = http.get(path, params={"state": "WAITLISTED"})
    expected = 200 if _spec_allows("get_breakdown", "state", "WAITLISTED") else 400
    assert response.status_code == expected, response.text


# -- stateful: from event upsert to the attendance operations, by links ----------------------------

_UPSERT_PATH = "/marketing/v3/marketing-events/events/upsert"
_EVENT_IDS = {
    "externalEventId": "$request.body#/inputs/0/externalEventId",
    "externalAccountId": "$request.body#/inputs/0/externalAccountId",
}
#: The links to add under paths./marketing/v3/marketing-events/events/upsert.post.responses.200
PROPOSED_LINKS: dict[str, Any] = {
    "RecordAttendanceByEmail": {
        "operationId": "record_by_email_external_id",
        "parameters": dict(_EVENT_IDS),
    },
    "RecordAttendanceByObjectId": {
        "operationId": "record_by_email_object_id",
        "parameters": {"objectId": "$response.body#/results/0/objectId"},
    },
    "UpsertStateByEmail": {"operationId": "upsert_by_email", "parameters": dict(_EVENT_IDS)},
    "UpsertStateByContactId": {
        "operationId": "upsert_by_contact_id",
        "parameters": dict(_EVENT_IDS),
    },
    "GetEvent": {"operationId": "get_event", "parameters": dict(_EVENT_IDS)},
    "GetCounters": {"operationId": "get_counters", "parameters": dict(_EVENT_IDS)},
    "GetBreakdown": {"operationId": "get_breakdown", "parameters": dict(_EVENT_IDS)},
}
ATTENDANCE_OPERATIONS = {
    "record_by_email_external_id",
    "record_by_email_object_id",
    "upsert_by_email",
    "upsert_by_contact_id",
}


def with_proposed_links(document: dict[str, Any]) -> dict[str, Any]:
    patched = copy.deepcopy(document)
    patched["paths"][_UPSERT_PATH]["post"]["responses"]["200"]["links"] = copy.deepcopy(
        PROPOSED_LINKS
    )
    return patched


def _has_links(document: dict[str, Any]) -> bool:
    return any(
        "links" in response
        for item in document["paths"].values()
        for op in item.values()
        if isinstance(op, dict)
        for response in op.get("responses", {}).values()
    )


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
    if not _has_links(document):
        pytest.skip(
            "the curated spec has no OpenAPI links yet: apply the patch in "
            "contract_tests/test_fake.py PROPOSED_LINKS (spec change for the lead)"
        )
    _check_flow(run_state_machine(document))


def test_proposed_links_drive_the_state_machine() -> None:
    document = load_document()
    if _has_links(document):
        pytest.skip("the curated spec has links now: the test above covers them")
    _check_flow(run_state_machine(with_proposed_links(document)))
