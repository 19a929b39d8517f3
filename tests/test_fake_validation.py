"""The fake validates requests against the curated spec and answers HubSpot's 400s."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import jsonschema
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hubspot_events.testing import FakeClock, FakeHubSpot
from hubspot_events.testing._fastcheck import compile_check
from hubspot_events.testing._spec import FORMAT_CHECKER, compile_schema, operations, schema

P = "/marketing/v3/marketing-events"
UPSERT = f"{P}/events/upsert"
ERROR_VALIDATOR = compile_schema(schema("Error"))


def event_input(eid: str, **fields: Any) -> dict[str, Any]:
    return {
        "externalAccountId": "acct",
        "externalEventId": eid,
        "eventName": "Webinar",
        "eventOrganizer": "Org",
        "customProperties": [],
        **fields,
    }


def subscriber(email: str, at: Any = 1_700_000_000_000) -> dict[str, Any]:
    return {"email": email, "interactionDateTime": at, "properties": {}, "contactProperties": {}}


@pytest.fixture
def fake() -> FakeHubSpot:
    return FakeHubSpot(clock=FakeClock())


def assert_error(response: httpx.Response, status: int, category: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    ERROR_VALIDATOR.validate(body)
    assert body["status"] == "error"
    assert body["category"] == category
    assert uuid.UUID(body["correlationId"]).version == 4
    assert response.headers["X-HubSpot-Correlation-Id"] == body["correlationId"]
    return body


async def test_wrong_type_names_the_field_with_its_index(
    client: httpx.AsyncClient, fake: FakeHubSpot
) -> None:
    fake.add_event("acct", "w-1")
    inputs = [subscriber(f"p{i}@example.com") for i in range(5)]
    inputs[3] = subscriber("p3@example.com", at="abc")
    response = await client.post(
        f"{P}/attendance/w-1/register/email-create",
        params={"externalAccountId": "acct"},
        json={"inputs": inputs},
    )
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert body["message"] == "inputs[3].interactionDateTime: 'abc' is not of type 'integer'"
    assert body["context"] == {"fields": ["inputs[3].interactionDateTime"]}
    assert fake.state.contacts == {}  # a 400 records nothing


async def test_missing_required_field_and_every_problem_listed(client: httpx.AsyncClient) -> None:
    first = event_input("w-1")
    del first["eventName"]
    second = event_input("w-2", eventCancelled="yes")
    response = await client.post(UPSERT, json={"inputs": [first, second]})
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert body["message"].startswith("inputs[0].eventName: 'eventName' is a required property")
    assert body["context"]["fields"] == ["inputs[0].eventName", "inputs[1].eventCancelled"]
    assert [e["in"] for e in body["errors"]] == ["body", "body"]


async def test_naive_or_malformed_date_time_is_rejected(client: httpx.AsyncClient) -> None:
    for value in ("2024-05-01T10:00:00", "tomorrow", "2024-13-01T10:00:00Z"):
        response = await client.post(
            UPSERT, json={"inputs": [event_input("w-1", startDateTime=value)]}
        )
        body = assert_error(response, 400, "VALIDATION_ERROR")
        assert body["message"] == f"inputs[0].startDateTime: '{value}' is not a 'date-time'"


@pytest.mark.parametrize(
    ("content", "headers", "status", "fragment"),
    [
        (b"{not json", {"content-type": "application/json"}, 400, "body: invalid JSON"),
        (b"", {"content-type": "application/json"}, 400, "body: a JSON request body is required"),
        (b"", {}, 400, "body: a JSON request body is required"),
        (b'{"inputs": NaN}', {"content-type": "application/json"}, 400, "body: invalid JSON"),
        (b"[]", {"content-type": "application/json"}, 400, "body: [] is not of type 'object'"),
        (b"{}", {"content-type": "application/json"}, 400, "inputs: 'inputs' is a required"),
        (b"inputs=1", {"content-type": "application/x-www-form-urlencoded"}, 415, "Content-Type"),
    ],
)
async def test_bad_bodies(
    client: httpx.AsyncClient,
    content: bytes,
    headers: dict[str, str],
    status: int,
    fragment: str,
) -> None:
    response = await client.post(UPSERT, content=content, headers=headers)
    body = assert_error(response, status, "VALIDATION_ERROR")
    assert fragment in body["message"]


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        (
            f"{P}/events/w-1/maybe/email-upsert",
            {"externalAccountId": "acct"},
            "subscriberState: 'maybe' is not one of ['register', 'attend', 'cancel']",
        ),
        (
            f"{P}/events/w-1/register/email-upsert",
            {},
            "externalAccountId: 'externalAccountId' is a required query parameter",
        ),
        (
            f"{P}/events/w-1/register/upsert",
            {},
            "externalAccountId: 'externalAccountId' is a required query parameter",
        ),
    ],
)
async def test_bad_parameters_on_posts(
    client: httpx.AsyncClient, path: str, params: dict[str, str], message: str
) -> None:
    response = await client.post(path, params=params, json={"inputs": []})
    assert assert_error(response, 400, "VALIDATION_ERROR")["message"] == message


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "abc"}, "limit: 'abc' is not of type 'integer'"),
        ({"limit": "0"}, "limit: 0 is less than the minimum of 1"),
        ({"limit": "101"}, "limit: 101 is greater than the maximum of 100"),
    ],
)
async def test_bad_query_parameters(
    client: httpx.AsyncClient, fake: FakeHubSpot, params: dict[str, str], message: str
) -> None:
    fake.add_event("acct", "w-1")
    response = await client.get(f"{P}/participations/acct/w-1/breakdown", params=params)
    assert assert_error(response, 400, "VALIDATION_ERROR")["message"] == message


async def test_get_event_requires_the_account(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{P}/events/w-1")
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert body["message"].startswith("externalAccountId:")


async def test_unknown_path_and_wrong_method(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/marketing/v3/nothing-here"), 404, "RESOURCE_NOT_FOUND")
    assert_error(await client.get(f"{P}/events/upsert/"), 404, "RESOURCE_NOT_FOUND")
    wrong = await client.delete(f"{P}/batch/archive")
    assert_error(wrong, 405, "METHOD_NOT_ALLOWED")
    assert "POST" in wrong.headers["Allow"]
    # GET on the literal path "upsert" is get_event with externalEventId "upsert".
    routed = await client.get(f"{P}/events/upsert", params={"externalAccountId": "a"})
    assert_error(routed, 404, "OBJECT_NOT_FOUND")


async def test_correlation_ids_are_fresh(client: httpx.AsyncClient) -> None:
    ids = {(await client.get("/nowhere")).json()["correlationId"] for _ in range(5)}
    assert len(ids) == 5


async def test_max_batch_size_is_enforced_when_set() -> None:
    fake = FakeHubSpot(max_batch_size=2)
    async with httpx.AsyncClient(
        transport=fake.async_transport(),
        base_url=fake.base_url,
        headers={"Authorization": "Bearer t"},
    ) as client:
        response = await client.post(
            UPSERT, json={"inputs": [event_input(f"w-{i}") for i in range(3)]}
        )
    assert assert_error(response, 400, "VALIDATION_ERROR")["message"].startswith("inputs:")
    assert fake.state.events == {}


# The fast validity check must agree with jsonschema on every instance: it may only speed the
# fake up, never let an invalid request through.
BODY_SCHEMAS = [op.body_schema for op in operations() if op.body_schema is not None]
UNIQUE_BODY_SCHEMAS = list({repr(s): s for s in BODY_SCHEMAS}.values())
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.sampled_from(["", "a@b.co", "2024-05-01T10:00:00Z", "2024-05-01T10:00:00", "register"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "inputs",
                    "email",
                    "vid",
                    "interactionDateTime",
                    "properties",
                    "contactProperties",
                    "eventName",
                    "externalEventId",
                    "startDateTime",
                    "customProperties",
                    "name",
                    "value",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(BODY_SCHEMAS) - 1), instance=JSON_VALUES)
def test_fast_check_agrees_with_jsonschema(index: int, instance: Any) -> None:
    body_schema = BODY_SCHEMAS[index]
    check = compile_check(body_schema, FORMAT_CHECKER)
    assert check is not None
    expected = jsonschema.Draft4Validator(body_schema, format_checker=FORMAT_CHECKER).is_valid(
        instance
    )
    assert check(instance) == expected


def valid_instances(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Valid instances of the (dereferenced) body schemas of the curated spec."""
    kind = schema.get("type")
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if kind == "object":
        props = schema.get("properties", {})
        required = schema.get("required", [])
        whole = st.fixed_dictionaries(
            {key: valid_instances(props[key]) for key in required},
            optional={
                key: valid_instances(sub) for key, sub in props.items() if key not in required
            },
        )
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            more = st.dictionaries(st.text(max_size=3), valid_instances(extra), max_size=2)
            whole = st.tuples(whole, more).map(lambda pair: {**pair[1], **pair[0]})
        return whole
    if kind == "array":
        return st.lists(valid_instances(schema["items"]), max_size=3)
    if kind == "string" and schema.get("format") == "date-time":
        return st.sampled_from(["2024-05-01T10:00:00Z", "2024-05-01T10:00:00.5+02:00"])
    if kind == "string":
        return st.text(max_size=4)
    if kind == "integer":
        return st.integers()
    if kind == "boolean":
        return st.booleans()
    raise AssertionError(f"no strategy for {schema}")


def _slots(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) inside ``value``, where a mutation can go."""
    found: list[tuple[Any, Any]] = []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        found.append((value, key))
        found += _slots(child)
    return found


VALID = {index: valid_instances(body) for index, body in enumerate(UNIQUE_BODY_SCHEMAS)}
JUNK = st.sampled_from([None, True, 1, 1.5, "", "x", "2024-05-01", [], {}, {"name": 1}, [1]])


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fast_check_agrees_on_nearly_valid_bodies(data: st.DataObject) -> None:
    index = data.draw(st.sampled_from(sorted(VALID)))
    body_schema = UNIQUE_BODY_SCHEMAS[index]
    instance = data.draw(VALID[index])
    slots = _slots(instance)
    if bool(slots) and data.draw(st.booleans()):  # one mutation: a wrong value or a missing key
        container, key = data.draw(st.sampled_from(slots))
        if isinstance(container, dict) and data.draw(st.booleans()):
            del container[key]
        else:
            container[key] = data.draw(JUNK)
    check = compile_check(body_schema, FORMAT_CHECKER)
    assert check is not None
    validator = jsonschema.Draft4Validator(body_schema, format_checker=FORMAT_CHECKER)
    valid = validator.is_valid(instance)
    event("valid" if valid else "invalid")
    assert check(instance) == valid
