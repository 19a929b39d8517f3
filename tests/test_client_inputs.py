"""What the clients accept: the token, event naming, account ids, and per-item validation."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from test_client_support import (
    PREFIX,
    TOKEN,
    WALL_NOW_MS,
    WHEN_MS,
    both,
    event_results,
    indexes,
    make_rig,
    record,
    reply,
    subscriber_results,
    upsert_by_contact_id,
    upsert_by_email,
)

from hubspot_events import AsyncHubSpotEvents, HubSpotEvents, SubscriberState
from hubspot_events_generated.models import (
    EmailSubscriber,
    EmailSubscriberContactProperties,
    EmailSubscriberProperties,
)

# --- the token -----------------------------------------------------------------------------


@pytest.mark.parametrize("client_class", [HubSpotEvents, AsyncHubSpotEvents])
def test_missing_token_fails_at_construction_naming_the_env_variable(
    client_class: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN", raising=False)

    with pytest.raises(ValueError, match="HUBSPOT_ACCESS_TOKEN"):
        client_class()


@pytest.mark.parametrize("token", ["", "   "])
def test_blank_token_fails_at_construction(token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN", raising=False)

    with pytest.raises(ValueError, match="HUBSPOT_ACCESS_TOKEN"):
        HubSpotEvents(access_token=token)


@both
def test_token_from_the_environment_is_sent_as_bearer(
    flavour: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", "pat-from-env")
    rig = make_rig(flavour, subscriber_results, access_token=None)

    record(rig, ["a@example.com"])

    assert rig.server.requests[0].headers["Authorization"] == "Bearer pat-from-env"


@both
def test_explicit_token_is_sent_as_bearer(flavour: str) -> None:
    rig = make_rig(flavour, subscriber_results)

    record(rig, ["a@example.com"])

    assert rig.server.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_token_and_auth_together_are_rejected() -> None:
    with pytest.raises(TypeError, match="not both"):
        HubSpotEvents(access_token=TOKEN, auth=httpx.BasicAuth("a", "b"))


@pytest.mark.parametrize(
    ("option", "value"),
    [("batch_size", 0), ("batch_size", True), ("max_retries", -1), ("timeout", 0)],
)
def test_invalid_options_fail_at_construction(option: str, value: Any) -> None:
    with pytest.raises(ValueError, match=option):
        HubSpotEvents(access_token=TOKEN, **{option: value})


def test_async_concurrency_below_one_is_rejected() -> None:
    with pytest.raises(ValueError, match="concurrency"):
        AsyncHubSpotEvents(access_token=TOKEN, concurrency=0)


def test_client_owns_and_closes_its_http_client_only_when_it_made_it() -> None:
    mine = httpx.Client(transport=httpx.MockTransport(subscriber_results))
    with HubSpotEvents(access_token=TOKEN, http_client=mine):
        pass
    assert not mine.is_closed

    with HubSpotEvents(access_token=TOKEN) as hs:
        own = hs._core.http
    assert own.is_closed


# --- external_account_id -------------------------------------------------------------------

ACCOUNT_REQUIRED = [
    pytest.param(
        lambda c: c.subscriber_state.upsert_by_email(
            "register", ["a@example.com"], external_event_id="w-1"
        ),
        "subscriber_state.upsert_by_email",
        id="upsert_by_email",
    ),
    pytest.param(
        lambda c: c.subscriber_state.upsert_by_contact_id("register", [1], external_event_id="w-1"),
        "subscriber_state.upsert_by_contact_id",
        id="upsert_by_contact_id",
    ),
    pytest.param(lambda c: c.events.get("w-1"), "events.get", id="events.get"),
    pytest.param(
        lambda c: c.participations.counters("w-1"), "participations.counters", id="counters"
    ),
    pytest.param(
        lambda c: c.participations.breakdown("w-1"), "participations.breakdown", id="breakdown"
    ),
]


@both
@pytest.mark.parametrize(("call", "operation"), ACCOUNT_REQUIRED)
def test_missing_external_account_id_fails_before_any_request(
    flavour: str, call: Any, operation: str
) -> None:
    rig = make_rig(flavour)

    with pytest.raises(ValueError, match="external_account_id") as caught:
        rig.run(call)

    assert operation in str(caught.value)
    assert rig.server.requests == []


@both
def test_client_default_external_account_id_is_used_when_the_call_gives_none(
    flavour: str,
) -> None:
    rig = make_rig(flavour, reply(204), external_account_id="zoom-42")

    rig.run(
        lambda c: c.subscriber_state.upsert_by_email(
            "register", ["a@example.com"], external_event_id="w-1"
        )
    )

    assert rig.server.requests[0].url.params["externalAccountId"] == "zoom-42"


@both
def test_call_external_account_id_overrides_the_client_default(flavour: str) -> None:
    rig = make_rig(flavour, reply(204), external_account_id="zoom-42")

    upsert_by_email(rig, ["a@example.com"], external_account_id="zoom-7")

    assert rig.server.requests[0].url.params["externalAccountId"] == "zoom-7"


@both
def test_attendance_by_external_id_without_account_id_sends_no_account_param(
    flavour: str,
) -> None:
    rig = make_rig(flavour, subscriber_results)

    record(rig, ["a@example.com"])

    request = rig.server.requests[0]
    assert request.url.path == f"{PREFIX}/attendance/w-1/attend/email-create"
    assert "externalAccountId" not in request.url.params
    assert request.url.query == b""


@both
def test_attendance_by_external_id_sends_the_default_account_param(flavour: str) -> None:
    rig = make_rig(flavour, subscriber_results, external_account_id="zoom-42")

    record(rig, ["a@example.com"])

    assert rig.server.requests[0].url.params["externalAccountId"] == "zoom-42"


# --- naming the event ----------------------------------------------------------------------


@both
@pytest.mark.parametrize(
    ("naming", "word"),
    [({"external_event_id": "w-1", "object_id": "123"}, "both"), ({}, "neither")],
)
def test_both_or_neither_event_id_is_a_type_error_saying_so(
    flavour: str, naming: dict[str, str], word: str
) -> None:
    rig = make_rig(flavour)

    with pytest.raises(TypeError, match=rf"exactly one of external_event_id.*object_id.*{word}"):
        rig.run(lambda c: c.attendance.record_by_email("attend", ["a@example.com"], **naming))

    assert rig.server.requests == []


@both
def test_object_id_uses_the_object_id_path(flavour: str) -> None:
    rig = make_rig(flavour, subscriber_results, external_account_id="zoom-42")

    rig.run(
        lambda c: c.attendance.record_by_email(
            SubscriberState.REGISTER, ["a@example.com"], object_id="123"
        )
    )

    request = rig.server.requests[0]
    assert request.method == "POST"
    assert request.url.path == f"{PREFIX}/123/attendance/register/email-create"
    assert request.url.query == b""


@both
def test_unknown_state_is_rejected_before_sending(flavour: str) -> None:
    rig = make_rig(flavour)

    with pytest.raises(ValueError, match="attend, cancel, register"):
        rig.run(
            lambda c: c.attendance.record_by_email(
                "attended", ["a@example.com"], external_event_id="w-1"
            )
        )

    assert rig.server.requests == []


# --- per-item validation -------------------------------------------------------------------

GOOD = {"email": "good@example.com", "interactionDateTime": WHEN_MS}

BAD_EMAIL_ITEMS = [
    pytest.param("not-an-email", "email", "is not an email address", id="bad-email"),
    pytest.param(
        {"email": "a@example.com", "interactionDateTime": datetime(2025, 1, 1, 12)},
        "interactionDateTime",
        "naive datetime",
        id="naive-datetime",
    ),
    pytest.param(
        {"email": "a@example.com", "interactionDateTime": 1_750_000_000},
        "interactionDateTime",
        "looks like epoch seconds; pass milliseconds (1750000000000)",
        id="seconds-not-ms",
    ),
    pytest.param({"interactionDateTime": WHEN_MS}, "email", "is required", id="missing-email"),
    pytest.param(
        {"email": "a@example.com", "properties": {"joinedAt": 1_750_000_000_000}},
        "properties.joinedAt",
        "values must be strings",
        id="non-string-property",
    ),
    pytest.param(
        {"emial": "a@example.com"}, "emial", "unknown field; did you mean 'email'?", id="typo"
    ),
    pytest.param(42, "input", "expected a EmailSubscriber model or a mapping", id="not-a-mapping"),
]


@both
@pytest.mark.parametrize(("bad", "field", "message"), BAD_EMAIL_ITEMS)
def test_invalid_email_subscriber_fails_alone_and_the_rest_is_sent(
    flavour: str, bad: Any, field: str, message: str
) -> None:
    rig = make_rig(flavour, subscriber_results)

    result = record(rig, [GOOD, bad, "other@example.com"])

    (failure,) = result.failed
    assert failure.index == 1
    assert failure.input is bad
    assert failure.category == "INVALID_INPUT"
    assert failure.field == field
    assert message in failure.message
    assert failure.status_code is None
    assert indexes(result.succeeded) == [0, 2]
    assert [i["email"] for i in rig.server.sent_inputs()[0]] == [
        "good@example.com",
        "other@example.com",
    ]


@both
@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        pytest.param({"interactionDateTime": WHEN_MS}, "vid", "is required", id="missing-vid"),
        pytest.param({"vid": "abc"}, "vid", "positive integer", id="non-numeric-vid"),
        pytest.param(
            {"vid": 7, "properties": {"leftAt": 5}},
            "properties.leftAt",
            "values must be strings",
            id="non-string-property",
        ),
        pytest.param({"vid": 7, "vids": 8}, "vids", "did you mean 'vid'?", id="typo"),
        pytest.param(
            {"vid": 7, "interactionDateTime": 1_750_000_000},
            "interactionDateTime",
            "looks like epoch seconds",
            id="seconds-not-ms",
        ),
    ],
)
def test_invalid_contact_subscriber_fails_alone_and_the_rest_is_sent(
    flavour: str, bad: Any, field: str, message: str
) -> None:
    rig = make_rig(flavour, reply(204))

    result = upsert_by_contact_id(rig, [1, bad, {"vid": "3"}])

    (failure,) = result.failed
    assert (failure.index, failure.category, failure.field) == (1, "INVALID_INPUT", field)
    assert message in failure.message
    assert [i["vid"] for i in rig.server.sent_inputs()[0]] == [1, 3]


@both
@pytest.mark.parametrize(
    ("bad", "field"),
    [
        pytest.param({"externalEventId": "e-2", "eventName": "B"}, "eventOrganizer", id="missing"),
        pytest.param(
            {
                "externalEventId": "e-2",
                "eventName": "B",
                "eventOrganizer": "Acme",
                "customProperties": {"seats": 12},
            },
            "customProperties.seats",
            id="non-string-property",
        ),
        pytest.param(
            {
                "externalEventId": "e-2",
                "eventName": "B",
                "eventOrganizer": "Acme",
                "startDateTime": "2025-11-01T15:00:00",
            },
            "startDateTime",
            id="no-utc-offset",
        ),
        pytest.param(
            {"externalEventId": "e-2", "eventName": "B", "eventOrganiser": "Acme"},
            "eventOrganiser",
            id="typo",
        ),
    ],
)
def test_invalid_event_fails_alone_and_the_rest_is_sent(
    flavour: str, bad: dict[str, Any], field: str
) -> None:
    rig = make_rig(flavour, event_results, external_account_id="zoom-42")
    good = {"externalEventId": "e-1", "eventName": "A", "eventOrganizer": "Acme"}

    result = rig.run(lambda c: c.events.upsert([good, bad]))

    (failure,) = result.failed
    assert (failure.index, failure.category, failure.field) == (1, "INVALID_INPUT", field)
    assert indexes(result.succeeded) == [0]
    assert [i["externalEventId"] for i in rig.server.sent_inputs()[0]] == ["e-1"]
    assert rig.server.sent_inputs()[0][0]["externalAccountId"] == "zoom-42"


def _event_with_properties(event_id: str, properties: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "externalEventId": event_id,
        "eventName": "Launch",
        "eventOrganizer": "Acme",
        "customProperties": properties,
    }


@both
def test_a_custom_property_with_an_extra_key_fails_alone_naming_the_key(flavour: str) -> None:
    rig = make_rig(flavour, event_results, external_account_id="zoom-42")
    room = {"name": "room", "value": "A"}
    bad = _event_with_properties("e-2", [room, room, {"name": "seats", "value": "9", "unit": "p"}])

    result = rig.run(lambda c: c.events.upsert([_event_with_properties("e-1", [room]), bad]))

    (failure,) = result.failed
    assert (failure.index, failure.category) == (1, "INVALID_INPUT")
    assert failure.field == "customProperties[2].unit"
    assert "only 'name' and 'value'" in failure.message
    assert [i["externalEventId"] for i in rig.server.sent_inputs()[0]] == ["e-1"]


@both
def test_custom_properties_of_name_and_value_are_sent_as_given(flavour: str) -> None:
    rig = make_rig(flavour, event_results, external_account_id="zoom-42")
    properties = [{"name": "room", "value": "A"}, {"name": "seats", "value": "9"}]

    result = rig.run(lambda c: c.events.upsert([_event_with_properties("e-1", properties)]))

    assert result.ok
    assert rig.server.sent_inputs()[0][0]["customProperties"] == properties


@both
def test_a_custom_property_with_an_extra_key_fails_a_batch_update_item_alone(
    flavour: str,
) -> None:
    def updated(request: httpx.Request) -> httpx.Response:
        inputs = json.loads(request.content)["inputs"]
        results = [{"objectId": i["objectId"], "eventName": "L"} for i in inputs]
        return httpx.Response(200, json={"status": "COMPLETE", "results": results})

    rig = make_rig(flavour, updated)
    good = {"objectId": "1", "customProperties": [{"name": "room", "value": "A"}]}
    bad = {"objectId": "2", "customProperties": [{"name": "room", "vaule": "B"}]}

    result = rig.run(lambda c: c.events.update_many([good, bad]))

    assert [f.field for f in result.failed] == ["customProperties[0].vaule"]
    assert [i["objectId"] for i in rig.server.sent_inputs()[0]] == ["1"]


def test_a_custom_property_with_an_extra_key_refuses_a_single_update_before_sending() -> None:
    rig = make_rig("sync")
    fields = {"customProperties": [{"name": "room", "value": "A", "source": "x"}]}

    with pytest.raises(ValueError, match=r"^customProperties\[0\]\.source: unknown key"):
        rig.run(lambda c: c.events.update(object_id="1", fields=fields))

    assert rig.server.requests == []


def test_typo_hint_names_the_closest_field() -> None:
    rig = make_rig("sync", subscriber_results)

    result = record(rig, [{"email": "a@example.com", "interactionDatetime": WHEN_MS}])

    assert result.failed[0].message == (
        "interactionDatetime: unknown field; did you mean 'interactionDateTime'?"
    )


@both
def test_a_batch_of_only_invalid_inputs_sends_nothing(flavour: str) -> None:
    rig = make_rig(flavour)

    result = record(rig, ["nope", {"email": "a@example.com", "interactionDateTime": 17}])

    assert rig.server.requests == []
    assert result.requests == 0
    assert [f.category for f in result.failed] == ["INVALID_INPUT", "INVALID_INPUT"]


# --- what is sent --------------------------------------------------------------------------


@both
def test_aware_datetime_is_sent_as_epoch_milliseconds(flavour: str) -> None:
    rig = make_rig(flavour, subscriber_results)
    paris = timezone(timedelta(hours=2))
    when = datetime(2025, 6, 15, 17, 6, 40, 250_000, tzinfo=paris)

    record(rig, [{"email": "a@example.com", "interactionDateTime": when}])

    sent = rig.server.sent_inputs()[0][0]["interactionDateTime"]
    assert sent == 1_750_000_000_250
    assert sent == int(datetime(2025, 6, 15, 15, 6, 40, 250_000, tzinfo=UTC).timestamp() * 1000)


@both
def test_bare_email_is_sent_with_now_from_the_wall_clock(flavour: str) -> None:
    rig = make_rig(flavour, subscriber_results)

    record(rig, [" a@example.com "])

    assert rig.server.bodies == [
        {
            "inputs": [
                {
                    "email": "a@example.com",
                    "interactionDateTime": WALL_NOW_MS,
                    "properties": {},
                    "contactProperties": {},
                }
            ]
        }
    ]


@both
def test_generated_model_and_mapping_inputs_are_sent_in_the_api_shape(flavour: str) -> None:
    rig = make_rig(flavour, subscriber_results)
    properties = EmailSubscriberProperties.from_dict({"joinedAt": "1750000000000"})
    contact_properties = EmailSubscriberContactProperties.from_dict({"firstname": "Ann"})
    model = EmailSubscriber(
        email="m@example.com",
        interaction_date_time=WHEN_MS,
        properties=properties,
        contact_properties=contact_properties,
    )
    mapping = {
        "email": "d@example.com",
        "interactionDateTime": WHEN_MS,
        "contactProperties": {"firstname": "Bo"},
    }

    result = record(rig, [model, mapping])

    assert result.ok
    assert json.loads(rig.server.requests[0].content)["inputs"] == [
        {
            "email": "m@example.com",
            "interactionDateTime": WHEN_MS,
            "properties": {"joinedAt": "1750000000000"},
            "contactProperties": {"firstname": "Ann"},
        },
        {
            "email": "d@example.com",
            "interactionDateTime": WHEN_MS,
            "properties": {},
            "contactProperties": {"firstname": "Bo"},
        },
    ]
