"""``hubspot_events.types`` follows the curated spec: a field or enum value added, renamed or made
required there fails here until the TypedDicts and Literals say the same. And the batch methods
use them: typed items (sync or async iterables), a typed ``on_chunk``."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from hubspot_events import AsyncHubSpotEvents, HubSpotEvents, types

SPEC = Path(__file__).resolve().parent.parent / "spec" / "marketing-events.yaml"

#: (TypedDict, its schema, the fields the spec requires that the client fills when absent).
#: Each fill is the client's documented behaviour, so the field is NotRequired in the type:
#: externalAccountId / appId from the client's (or the call's) defaults, interactionDateTime as
#: now, customProperties on updates as [] (no change), externalEventId of upsert_one from its
#: argument.
PARAMS: list[tuple[Any, str, frozenset[str]]] = [
    (types.PropertyValueParam, "PropertyValue", frozenset()),
    (types.EventInputParam, "EventInput", frozenset({"externalAccountId"})),
    (
        types.EventReplaceParam,
        "EventInput",
        frozenset({"externalAccountId", "externalEventId"}),
    ),
    (types.EventUpdateParam, "EventUpdate", frozenset()),
    (types.EventObjectUpdateParam, "EventObjectUpdate", frozenset({"customProperties"})),
    (types.EventBatchUpdateParam, "EventObjectUpdateItem", frozenset({"customProperties"})),
    (types.EmailSubscriberParam, "EmailSubscriber", frozenset({"interactionDateTime"})),
    (types.ContactSubscriberParam, "ContactSubscriber", frozenset({"interactionDateTime"})),
    (types.ExternalEventKeyParam, "ExternalEventKey", frozenset({"appId", "externalAccountId"})),
    (types.ObjectIdParam, "ObjectIdInput", frozenset()),
]
LITERALS: list[tuple[Any, str]] = [
    (types.SubscriberStateName, "SubscriberState"),
    (types.ParticipationStateName, "ParticipationStateFilter"),
]
#: Public names that are neither a schema's TypedDict nor an enum's Literal.
ALIASES = {"CustomProperties", "DateTime"}


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    found: dict[str, Any] = document["components"]["schemas"]
    return found


@pytest.mark.parametrize(
    ("param", "schema", "filled"), PARAMS, ids=lambda v: getattr(v, "__name__", "")
)
def test_each_param_has_its_schemas_fields_and_required_ness(
    param: Any, schema: str, filled: frozenset[str], schemas: dict[str, Any]
) -> None:
    spec = schemas[schema]
    spec_required = set(spec.get("required", ()))

    assert set(param.__annotations__) == set(spec["properties"]), "same field names"
    assert filled <= spec_required, "only fields the spec requires can be client-filled"
    assert set(param.__required_keys__) == spec_required - filled
    assert set(param.__optional_keys__) == set(spec["properties"]) - (spec_required - filled)


@pytest.mark.parametrize(("literal", "schema"), LITERALS, ids=lambda v: str(v))
def test_each_literal_has_its_enums_values_in_the_specs_order(
    literal: Any, schema: str, schemas: dict[str, Any]
) -> None:
    assert list(get_args(literal)) == schemas[schema]["enum"]


def test_every_public_name_of_the_module_is_checked_against_the_spec() -> None:
    checked = {param.__name__ for param, _, _ in PARAMS} | {
        name for name in types.__all__ if getattr(types, name) in {lit for lit, _ in LITERALS}
    }

    assert set(types.__all__) - checked == ALIASES


def _batch_methods() -> list[Any]:
    found = []
    for client_class in (HubSpotEvents, AsyncHubSpotEvents):
        client = client_class(access_token="x")
        for area in ("events", "attendance", "subscriber_state"):
            resource = getattr(client, area)
            for name in dir(type(resource)):
                method = getattr(resource, name)
                if not name.startswith("_") and callable(method):
                    returns = str(inspect.signature(method).return_annotation)
                    if returns.startswith("BatchResult"):
                        found.append(
                            pytest.param(method, id=f"{client_class.__name__}.{area}.{name}")
                        )
    return found


@pytest.mark.parametrize("method", _batch_methods())
def test_a_batch_method_takes_async_iterables_and_a_typed_on_chunk(method: Any) -> None:
    signature = inspect.signature(method)
    result = str(signature.return_annotation)
    on_chunk = signature.parameters["on_chunk"]
    items = [
        str(p.annotation) for p in signature.parameters.values() if "Iterable[" in str(p.annotation)
    ]

    assert on_chunk.kind is inspect.Parameter.KEYWORD_ONLY
    assert on_chunk.default is None
    assert str(on_chunk.annotation) == f"Callable[[{result}], object] | None"
    assert items, "takes its inputs as an iterable"
    assert all("AsyncIterable[" in annotation for annotation in items)
    assert all("Mapping" not in annotation for annotation in items), "typed, not Mapping[str, Any]"
