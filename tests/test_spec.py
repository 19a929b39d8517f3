"""The curated spec is valid OpenAPI, fully curated, and the generated client speaks it."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from hubspot_events_generated.models import (
    ContactSubscriberBatch,
    EmailSubscriberBatch,
    EventInputBatch,
)
from hubspot_events_generated.models.subscriber_state import SubscriberState

SPEC_PATH = Path(__file__).resolve().parent.parent / "spec" / "marketing-events.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
OPERATIONS = [
    (method, path, op)
    for path, item in SPEC["paths"].items()
    for method, op in item.items()
    if method in {"get", "post", "put", "patch", "delete"}
]
PREFIX = "/marketing/v3/marketing-events"
# Schemas HubSpot documents in its guides but not in its published spec.
#: Schemas with no counterpart in HubSpot's spec, each with the deviation that explains it.
CURATED_ONLY = {"RateLimitError": "rate-limit-429", "DeleteBatchResponse": "empty-success-204"}

# The request bodies exactly as HubSpot's documentation pages (../shared/seeds/) show them.
EMAIL_BODY = {
    "inputs": [
        {"contactProperties": {}, "email": "<string>", "interactionDateTime": 123, "properties": {}}
    ]
}
CONTACT_BODY = {"inputs": [{"interactionDateTime": 123, "properties": {}, "vid": 123}]}
EVENT_BODY = {
    "inputs": [
        {
            "customProperties": [{"name": "<string>", "value": "<string>"}],
            "eventName": "<string>",
            "eventOrganizer": "<string>",
            "externalAccountId": "<string>",
            "externalEventId": "<string>",
            "endDateTime": "2023-11-07T05:31:56+00:00",
            "eventCancelled": True,
            "eventCompleted": True,
            "eventDescription": "<string>",
            "eventType": "<string>",
            "eventUrl": "<string>",
            "startDateTime": "2023-11-07T05:31:56+00:00",
        }
    ]
}


def test_spec_is_valid_openapi() -> None:
    validate(SPEC)


@pytest.mark.parametrize(
    ("method", "path", "op"), OPERATIONS, ids=[op["operationId"] for *_, op in OPERATIONS]
)
def test_every_operation_is_fully_curated(method: str, path: str, op: dict[str, Any]) -> None:
    assert op["operationId"].isidentifier(), "operationId must make a Python name"
    assert len(op["tags"]) == 1, "one tag per operation: it names the generated module"
    assert any(code.startswith("2") for code in op["responses"]), "a documented success response"
    assert "default" in op["responses"], "the default error response (HubSpot's Error)"
    assert op.get("x-upstream", "").startswith(f"{method}-"), (
        "x-upstream names HubSpot's operationId"
    )


def test_every_schema_names_its_upstream_counterpart() -> None:
    schemas = SPEC["components"]["schemas"]
    unnamed = [
        name
        for name, schema in schemas.items()
        if "x-upstream" not in schema and "enum" not in schema and name not in CURATED_ONLY
    ]
    assert unnamed == []


def test_every_schema_without_an_upstream_counterpart_is_explained_by_a_deviation() -> None:
    deviations = yaml.safe_load((SPEC_PATH.parent / "deviations.yaml").read_text(encoding="utf-8"))
    why = {entry["id"]: entry["why"] for entry in deviations["deviations"]}
    for name, deviation in CURATED_ONLY.items():
        assert name in SPEC["components"]["schemas"]
        assert name in why[deviation], f"deviation {deviation} should say why {name} exists"


def _kwargs(module: str, **arguments: Any) -> dict[str, Any]:
    generated = importlib.import_module(f"hubspot_events_generated.api.{module}")
    return generated._get_kwargs(**arguments)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("module", "arguments", "url", "params", "body"),
    [
        (
            "subscriber_state.upsert_by_email",
            {
                "external_event_id": "w 1",
                "subscriber_state": SubscriberState.ATTEND,
                "external_account_id": "a-1",
                "body": EmailSubscriberBatch.from_dict(EMAIL_BODY),
            },
            f"{PREFIX}/events/w%201/attend/email-upsert",
            {"externalAccountId": "a-1"},
            EMAIL_BODY,
        ),
        (
            "attendance.record_by_email_external_id",
            {
                "external_event_id": "w-1",
                "subscriber_state": SubscriberState.REGISTER,
                "body": EmailSubscriberBatch.from_dict(EMAIL_BODY),
            },
            f"{PREFIX}/attendance/w-1/register/email-create",
            {},
            EMAIL_BODY,
        ),
        (
            "attendance.record_by_email_object_id",
            {
                "object_id": "123",
                "subscriber_state": SubscriberState.CANCEL,
                "body": EmailSubscriberBatch.from_dict(EMAIL_BODY),
            },
            f"{PREFIX}/123/attendance/cancel/email-create",
            None,
            EMAIL_BODY,
        ),
        (
            "events.upsert_events",
            {"body": EventInputBatch.from_dict(EVENT_BODY)},
            f"{PREFIX}/events/upsert",
            None,
            EVENT_BODY,
        ),
        (
            "subscriber_state.upsert_by_contact_id",
            {
                "external_event_id": "w-1",
                "subscriber_state": SubscriberState.ATTEND,
                "external_account_id": "a-1",
                "body": ContactSubscriberBatch.from_dict(CONTACT_BODY),
            },
            f"{PREFIX}/events/w-1/attend/upsert",
            {"externalAccountId": "a-1"},
            CONTACT_BODY,
        ),
    ],
    ids=[
        "email-upsert",
        "email-create-external",
        "email-create-object",
        "events-upsert",
        "upsert-by-contact-id",
    ],
)
def test_generated_client_serializes_each_core_operation_as_documented(
    module: str,
    arguments: dict[str, Any],
    url: str,
    params: dict[str, str] | None,
    body: dict[str, Any],
) -> None:
    kwargs = _kwargs(module, **arguments)
    assert kwargs["method"] == "post"
    assert kwargs["url"] == url
    assert kwargs.get("params") == params
    assert kwargs["json"] == body


def test_an_email_subscriber_without_property_maps_is_valid_as_hubspots_own_client_sends_it() -> (
    None
):
    """hubspot-api-client sends email subscribers without properties / contactProperties and
    HubSpot accepts them (deviation subscriber-maps-optional): the spec, and so the generated
    model and the fake that validates against it, take them as sent."""
    body = {"inputs": [{"email": "a@example.com", "interactionDateTime": 123}]}
    email_subscriber = SPEC["components"]["schemas"]["EmailSubscriber"]

    assert sorted(email_subscriber["required"]) == ["email", "interactionDateTime"]
    assert EmailSubscriberBatch.from_dict(body).to_dict() == body, "nothing is added or lost"


def test_a_schemas_counterpart_per_version_names_a_version_the_client_speaks() -> None:
    from hubspot_events._versions import API_VERSIONS

    named = {
        (name, version)
        for name, schema in SPEC["components"]["schemas"].items()
        for version in schema.get("x-upstream-versions", {})
    }
    assert named, "2026-09 renames batch/update's envelope: EventObjectBatchResponse says so"
    assert {version for _, version in named} <= set(API_VERSIONS[1:])
