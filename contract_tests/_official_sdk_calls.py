"""One call of every ``hubspot-sdk`` Marketing Events operation (``client.marketing.marketing_events``).

Keys are dotted paths under ``marketing_events`` as ``_official_clients.sdk_operations`` finds them.
The SDK takes keyword arguments and TypedDict bodies (snake_case keys it renames to HubSpot's
camelCase); every field its types mark ``Required`` is given, nothing else but the ids the fake
needs. The same calls serve the sync and the async client: for ``AsyncHubSpot`` a thunk returns
the awaitable.
"""

from __future__ import annotations

from typing import Any, Final

from contract_tests._official_clients import (
    ACCOUNT,
    END,
    EVENT_DETAILS_URL,
    INTERACTION_MS,
    LIST_ID,
    START,
    Prepare,
    Sandbox,
    Thunk,
    registry,
)

CALLS: Final[dict[str, Prepare]] = {}
call = registry(CALLS)


def _email_subscriber(email: str) -> dict[str, Any]:
    return {
        "email": email,
        "interaction_date_time": INTERACTION_MS,
        "contact_properties": {},
        "properties": {},
    }


def _vid_subscriber(vid: int) -> dict[str, Any]:
    return {"vid": vid, "interaction_date_time": INTERACTION_MS, "properties": {}}


def _event_fields(external_event_id: str) -> dict[str, Any]:
    return {
        "external_account_id": ACCOUNT,
        "external_event_id": external_event_id,
        "event_name": "Launch webinar",
        "event_organizer": "Acme",
        "custom_properties": [],
    }


# -- events: top-level operations --------------------------------------------------------------


@call("create")
def _create(sb: Sandbox) -> Thunk:
    fields = _event_fields(sb.tag("create"))
    return lambda: sb.sdk.create(**fields)


@call("delete")
def _delete(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("delete"))
    return lambda: sb.sdk.delete(event.object_id)


@call("delete_batch")
def _delete_batch(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("delete_batch"))
    return lambda: sb.sdk.delete_batch(inputs=[{"object_id": event.object_id}])


@call("delete_batch_by_external_event_id")
def _delete_batch_by_external_event_id(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("delete_batch_by_external_event_id"))
    ids = {
        "app_id": sb.fake.app_id,
        "external_account_id": ACCOUNT,
        "external_event_id": event.external_event_id,
    }
    return lambda: sb.sdk.delete_batch_by_external_event_id(inputs=[ids])


@call("delete_by_external_event_id")
def _delete_by_external_event_id(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("delete_by_external_event_id"))
    return lambda: sb.sdk.delete_by_external_event_id(
        event.external_event_id, external_account_id=ACCOUNT
    )


@call("get")
def _get(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("get"))
    return lambda: sb.sdk.get(event.object_id)


@call("get_by_external_event_id")
def _get_by_external_event_id(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("get_by_external_event_id"))
    return lambda: sb.sdk.get_by_external_event_id(
        event.external_event_id, external_account_id=ACCOUNT
    )


@call("list")
def _list(sb: Sandbox) -> Thunk:
    sb.event(sb.tag("list"))
    return lambda: sb.sdk.list()


@call("search_by_external_event_id")
def _search(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("search_by_external_event_id"))
    return lambda: sb.sdk.search_by_external_event_id(q=event.external_event_id)


@call("search_identifiers_by_external_event_id")
def _identifiers(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("search_identifiers_by_external_event_id"))
    return lambda: sb.sdk.search_identifiers_by_external_event_id(event.external_event_id)


@call("update")
def _update(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("update"))
    return lambda: sb.sdk.update(event.object_id, custom_properties=[], event_name="Renamed")


@call("update_batch")
def _update_batch(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("update_batch"))
    update = {"object_id": event.object_id, "custom_properties": [], "event_name": "Renamed"}
    return lambda: sb.sdk.update_batch(inputs=[update])


@call("update_by_external_event_id")
def _update_by_external_event_id(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("update_by_external_event_id"))
    return lambda: sb.sdk.update_by_external_event_id(
        event.external_event_id,
        external_account_id=ACCOUNT,
        custom_properties=[],
        event_description="Bring your questions",
    )


@call("upsert_batch")
def _upsert_batch(sb: Sandbox) -> Thunk:
    event = {
        **_event_fields(sb.tag("upsert_batch")),
        "start_date_time": START,
        "end_date_time": END,
    }
    return lambda: sb.sdk.upsert_batch(inputs=[event])


@call("upsert_by_external_event_id")
def _upsert_by_external_event_id(sb: Sandbox) -> Thunk:
    fields = _event_fields(sb.tag("upsert_by_external_event_id"))
    external_event_id = fields.pop("external_event_id")
    return lambda: sb.sdk.upsert_by_external_event_id(
        external_event_id, body_external_event_id=external_event_id, **fields
    )


# -- events.* (cancel, complete) ---------------------------------------------------------------


@call("events.cancel_by_external_event_id")
def _cancel(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("events.cancel_by_external_event_id"))
    return lambda: sb.sdk.events.cancel_by_external_event_id(
        event.external_event_id, external_account_id=ACCOUNT
    )


@call("events.complete_by_external_event_id")
def _complete(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("events.complete_by_external_event_id"))
    return lambda: sb.sdk.events.complete_by_external_event_id(
        event.external_event_id,
        external_account_id=ACCOUNT,
        start_date_time=START,
        end_date_time=END,
    )


# -- attendance.* (email-create and create) ----------------------------------------------------


@call("attendance.create_by_event_id_and_email")
def _attendance_email_by_object_id(sb: Sandbox) -> Thunk:
    name = "attendance.create_by_event_id_and_email"
    event = sb.event(sb.tag(name))
    inputs = [_email_subscriber(sb.email(sb.tag(name)))]
    return lambda: sb.sdk.attendance.create_by_event_id_and_email(
        "attend", object_id=event.object_id, inputs=inputs
    )


@call("attendance.create_by_external_event_id_and_email")
def _attendance_email_by_external_id(sb: Sandbox) -> Thunk:
    name = "attendance.create_by_external_event_id_and_email"
    event = sb.event(sb.tag(name))
    inputs = [_email_subscriber(sb.email(sb.tag(name)))]
    return lambda: sb.sdk.attendance.create_by_external_event_id_and_email(
        "register",
        external_event_id=event.external_event_id,
        external_account_id=ACCOUNT,
        inputs=inputs,
    )


@call("attendance.create_by_event_id_and_contact_id")
def _attendance_vid_by_object_id(sb: Sandbox) -> Thunk:
    name = "attendance.create_by_event_id_and_contact_id"
    event = sb.event(sb.tag(name))
    _, vid = sb.contact(sb.tag(name))
    return lambda: sb.sdk.attendance.create_by_event_id_and_contact_id(
        "attend", object_id=event.object_id, inputs=[_vid_subscriber(vid)]
    )


@call("attendance.create_by_external_event_id_and_contact_id")
def _attendance_vid_by_external_id(sb: Sandbox) -> Thunk:
    name = "attendance.create_by_external_event_id_and_contact_id"
    event = sb.event(sb.tag(name))
    _, vid = sb.contact(sb.tag(name))
    return lambda: sb.sdk.attendance.create_by_external_event_id_and_contact_id(
        "register",
        external_event_id=event.external_event_id,
        external_account_id=ACCOUNT,
        inputs=[_vid_subscriber(vid)],
    )


# -- subscriber_state.* (email-upsert and upsert: existing contacts only) ----------------------


@call("subscriber_state.record_by_email")
def _subscriber_state_by_email(sb: Sandbox) -> Thunk:
    name = "subscriber_state.record_by_email"
    event = sb.event(sb.tag(name))
    email, _ = sb.contact(sb.tag(name))
    return lambda: sb.sdk.subscriber_state.record_by_email(
        "register",
        external_event_id=event.external_event_id,
        external_account_id=ACCOUNT,
        inputs=[_email_subscriber(email)],
    )


@call("subscriber_state.record_by_id")
def _subscriber_state_by_vid(sb: Sandbox) -> Thunk:
    name = "subscriber_state.record_by_id"
    event = sb.event(sb.tag(name))
    _, vid = sb.contact(sb.tag(name))
    return lambda: sb.sdk.subscriber_state.record_by_id(
        "cancel",
        external_event_id=event.external_event_id,
        external_account_id=ACCOUNT,
        inputs=[_vid_subscriber(vid)],
    )


# -- participations.* --------------------------------------------------------------------------


@call("participations.get_by_external_account_and_event_id")
def _counters_by_external_id(sb: Sandbox) -> Thunk:
    event, _, _ = sb.registrant(sb.tag("participations.get_by_external_account_and_event_id"))
    return lambda: sb.sdk.participations.get_by_external_account_and_event_id(
        event.external_event_id, external_account_id=ACCOUNT
    )


@call("participations.get_by_id")
def _counters_by_object_id(sb: Sandbox) -> Thunk:
    event, _, _ = sb.registrant(sb.tag("participations.get_by_id"))
    return lambda: sb.sdk.participations.get_by_id(int(event.object_id))


@call("participations.list_breakdown_by_contact")
def _breakdown_by_contact(sb: Sandbox) -> Thunk:
    _, email, _ = sb.registrant(sb.tag("participations.list_breakdown_by_contact"))
    return lambda: sb.sdk.participations.list_breakdown_by_contact(email)


@call("participations.list_breakdown_by_external_account_and_event_id")
def _breakdown_by_external_id(sb: Sandbox) -> Thunk:
    name = "participations.list_breakdown_by_external_account_and_event_id"
    event, _, _ = sb.registrant(sb.tag(name))
    return lambda: sb.sdk.participations.list_breakdown_by_external_account_and_event_id(
        event.external_event_id, external_account_id=ACCOUNT
    )


@call("participations.list_breakdown_by_id")
def _breakdown_by_object_id(sb: Sandbox) -> Thunk:
    event, _, _ = sb.registrant(sb.tag("participations.list_breakdown_by_id"))
    return lambda: sb.sdk.participations.list_breakdown_by_id(int(event.object_id))


# -- list_associations.* -----------------------------------------------------------------------


@call("list_associations.associate")
def _associate(sb: Sandbox) -> Thunk:
    event = sb.with_list(sb.tag("list_associations.associate"), associated=False)
    return lambda: sb.sdk.list_associations.associate(LIST_ID, marketing_event_id=event.object_id)


@call("list_associations.associate_by_external_account")
def _associate_by_external_ids(sb: Sandbox) -> Thunk:
    event = sb.with_list(
        sb.tag("list_associations.associate_by_external_account"), associated=False
    )
    return lambda: sb.sdk.list_associations.associate_by_external_account(
        LIST_ID, external_account_id=ACCOUNT, external_event_id=event.external_event_id
    )


@call("list_associations.delete")
def _disassociate(sb: Sandbox) -> Thunk:
    event = sb.with_list(sb.tag("list_associations.delete"), associated=True)
    return lambda: sb.sdk.list_associations.delete(LIST_ID, marketing_event_id=event.object_id)


@call("list_associations.delete_by_external_account")
def _disassociate_by_external_ids(sb: Sandbox) -> Thunk:
    event = sb.with_list(sb.tag("list_associations.delete_by_external_account"), associated=True)
    return lambda: sb.sdk.list_associations.delete_by_external_account(
        LIST_ID, external_account_id=ACCOUNT, external_event_id=event.external_event_id
    )


@call("list_associations.list")
def _lists(sb: Sandbox) -> Thunk:
    event = sb.with_list(sb.tag("list_associations.list"), associated=True)
    return lambda: sb.sdk.list_associations.list(event.object_id)


@call("list_associations.list_by_external_account")
def _lists_by_external_ids(sb: Sandbox) -> Thunk:
    event = sb.with_list(sb.tag("list_associations.list_by_external_account"), associated=True)
    return lambda: sb.sdk.list_associations.list_by_external_account(
        event.external_event_id, external_account_id=ACCOUNT
    )


# -- settings.* (the developer API key, as hapikey) --------------------------------------------


@call("settings.get")
def _settings_get(sb: Sandbox) -> Thunk:
    app_id = sb.settings()
    return lambda: sb.sdk_dev.settings.get(app_id)


@call("settings.create_or_update")
def _settings_update(sb: Sandbox) -> Thunk:
    return lambda: sb.sdk_dev.settings.create_or_update(
        sb.fake.app_id, event_details_url=EVENT_DETAILS_URL
    )
