"""The compiled model builders (``_fast_models``) build exactly what ``Model.from_dict`` builds.

Why: the client builds its result and read models with builders compiled from the spec instead of
the generated ``from_dict`` (three times faster). Two implementations of one rule can drift, so
for every generated model, on payloads generated from its schema (hypothesis-jsonschema), with
unknown keys added, fields dropped and values replaced by junk, both must give the same outcome:
equal objects of the same class with the same repr (so date-times keep their offsets), or the
same exception with the same message (the client wraps those in ``HubSpotError``).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

import hubspot_events_generated.models as models
from contract_tests._calls import kind_of, read_models
from contract_tests._spec import Spec
from contract_tests.test_responses import BATCH_RESULT_MODELS, FORMATS, bounded
from hubspot_events import _fast_models
from hubspot_events_generated.models import Event, ListPage, PropertyValue, SubscriberResult
from hubspot_events_generated.types import UNSET

SPEC = Spec.load()
SCHEMAS = SPEC.document["components"]["schemas"]
MODELS = sorted(
    name
    for name in models.__all__
    if name in SCHEMAS and hasattr(getattr(models, name), "from_dict")
)
#: What the client hands back: batch results, read answers, page items, and the collections
#: ``results_of`` unwraps (``ListPage``).
CLIENT_MODELS = sorted(
    {
        *BATCH_RESULT_MODELS.values(),
        *read_models(SPEC, {op: kind_of(op) for op in SPEC.operations}).values(),
        "ListPage",
    }
)
JUNK = st.sampled_from([None, 0, -1, 1.5, True, "", "x", "2026-13-45", [], [1], {}, {"a": 1}])
UNKNOWN = st.dictionaries(
    st.from_regex(r"\AnewField[A-Z][a-z]{0,5}\Z"),
    st.one_of(st.text(max_size=4), st.integers(), st.none(), st.just({"a": [1]})),
    max_size=2,
)


def outcome(build: Any, payload: Any) -> tuple[Any, ...]:
    """What building ``payload`` gives: the object (with its class and repr), or the error."""
    try:
        built = build(copy.deepcopy(payload))
    except Exception as exc:  # any exception: both sides must raise the same
        return ("raised", type(exc), str(exc))
    return ("built", type(built), built, repr(built))


def assert_same(model: Any, payload: Any) -> None:
    fast = outcome(_fast_models.parser(model), payload)
    slow = outcome(model.from_dict, payload)
    assert fast == slow, payload


@st.composite
def altered(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with, in any of its objects, unknown keys added, keys dropped or values junked."""
    if isinstance(value, list):
        return [draw(altered(item)) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        change = draw(st.sampled_from(["keep", "keep", "keep", "keep", "drop", "junk"]))
        if change == "drop":
            continue
        out[key] = draw(JUNK) if change == "junk" else draw(altered(item))
    return {**out, **{k: v for k, v in draw(UNKNOWN).items() if k not in out}}


@pytest.mark.parametrize("name", CLIENT_MODELS)
def test_every_model_the_client_returns_is_compiled(name: str) -> None:
    """The speed-up reaches every result the client hands back (none falls back silently)."""
    assert _fast_models.is_compiled(getattr(models, name)), name


@pytest.mark.parametrize("name", MODELS)
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_builds_what_from_dict_builds(name: str, data: st.DataObject) -> None:
    model = getattr(models, name)
    payload = data.draw(from_schema(bounded(SPEC.schema(name)), custom_formats=FORMATS))
    assert_same(model, payload)
    assert_same(model, data.draw(altered(payload)))


EVENT = {
    "id": "1",
    "eventName": "Launch",
    "eventOrganizer": "Ada",
    "customProperties": [{"name": "room", "value": "4"}, {"name": "x", "value": "y", "z": 1}],
    "createdAt": "2026-11-20T09:30:00.123Z",
    "updatedAt": "2026-11-20T10:30:00+02:00",
    "startDateTime": "2026-12-01T16:00:00Z",
}


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(EVENT, id="optional fields missing"),
        pytest.param({**EVENT, "eventCancelled": False, "objectId": "9"}, id="optionals present"),
        pytest.param({**EVENT, "brandNew": {"a": [1]}, "other": None}, id="unknown keys"),
        pytest.param({**EVENT, "customProperties": []}, id="empty nested list"),
        pytest.param({**EVENT, "objectId": None}, id="null optional kept as None"),
        pytest.param({k: v for k, v in EVENT.items() if k != "eventName"}, id="required missing"),
        pytest.param({**EVENT, "createdAt": "yesterday"}, id="bad date-time"),
        pytest.param({**EVENT, "endDateTime": None}, id="null optional date-time"),
        pytest.param({**EVENT, "customProperties": [["name", "value"]]}, id="item not an object"),
        pytest.param({**EVENT, "customProperties": None}, id="list is null"),
        pytest.param({**EVENT, "customProperties": "ab"}, id="list is a string"),
        pytest.param(list(EVENT.items()), id="payload of pairs (from_dict accepts it)"),
        pytest.param(None, id="payload null"),
        pytest.param("event", id="payload a string"),
    ],
)
def test_event_edge_cases_match_from_dict(payload: Any) -> None:
    assert_same(Event, payload)


def test_unknown_keys_land_in_additional_properties() -> None:
    built = _fast_models.parser(Event)({**EVENT, "brandNew": 1})
    assert built.additional_properties == {"brandNew": 1}
    assert built.custom_properties[1].additional_properties == {"z": 1}
    assert type(built.custom_properties[0]) is PropertyValue


def test_nested_models_and_lists_are_built() -> None:
    listed = {
        "listId": "7",
        "listVersion": 2,
        "name": "n",
        "objectTypeId": "0-1",
        "processingStatus": "COMPLETE",
        "processingType": "MANUAL",
        "createdAt": "2026-11-20T09:30:00Z",
    }
    payload = {
        "total": 2,
        "results": [listed, {**listed, "size": 3}],
        "paging": {"next": {"after": "x"}},
    }
    built = _fast_models.parser(ListPage)(payload)
    assert built == ListPage.from_dict(payload)
    assert built.paging.next_.after == "x"
    assert [item.size for item in built.results] == [UNSET, 3]


def test_many_builds_each_payload() -> None:
    payloads = [{"email": f"{i}@x.io", "vid": i} for i in range(3)]
    expected = [SubscriberResult.from_dict(p) for p in payloads]
    assert _fast_models.parser(SubscriberResult).many(payloads) == expected


def test_parser_names_its_model_for_the_shape_check() -> None:
    """``_shapes.schema_of`` reads ``__self__`` to find the schema an answer is checked against."""
    from hubspot_events._shapes import schema_of

    assert schema_of(_fast_models.parser(Event)) == "Event"
