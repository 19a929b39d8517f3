"""One call of every ``hubspot-api-client`` Marketing Events operation (``client.marketing.events``).

Keys are ``<api>.<method>`` as ``_official_clients.api_client_operations`` finds them. Bodies are
built from the client's own request models with only the fields those models require; the
client's ``sanitize_for_serialization`` turns them into what it sends (fields left None are
omitted, which is how ``contactProperties`` / ``properties`` of email subscribers go missing).
"""

from __future__ import annotations

from typing import Final

from hubspot.marketing.events import models as m

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


def _email_subscribers(email: str) -> m.BatchInputMarketingEventEmailSubscriber:
    subscriber = m.MarketingEventEmailSubscriber(email=email, interaction_date_time=INTERACTION_MS)
    return m.BatchInputMarketingEventEmailSubscriber(inputs=[subscriber])


def _vid_subscribers(vid: int) -> m.BatchInputMarketingEventSubscriber:
    subscriber = m.MarketingEventSubscriber(vid=vid, interaction_date_time=INTERACTION_MS)
    return m.BatchInputMarketingEventSubscriber(inputs=[subscriber])


# -- basic_api ---------------------------------------------------------------------------------


@call("basic_api.archive")
def _archive(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("basic_api.archive"))
    return lambda: sb.api.basic_api.archive(event.external_event_id, ACCOUNT)


@call("basic_api.archive_by_object_id")
def _archive_by_object_id(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("basic_api.archive_by_object_id"))
    return lambda: sb.api.basic_api.archive_by_object_id(event.object_id)


@call("basic_api.create")
def _create(sb: Sandbox) -> Thunk:
    body = m.MarketingEventCreateRequestParams(
        external_account_id=ACCOUNT,
        external_event_id=sb.tag("basic_api.create"),
        event_name="Launch webinar",
        event_organizer="Acme",
    )
    return lambda: sb.api.basic_api.create(body)


@call("basic_api.get_all")
def _get_all(sb: Sandbox) -> Thunk:
    sb.event(sb.tag("basic_api.get_all"))
    return lambda: sb.api.basic_api.get_all()


@call("basic_api.get_by_object_id")
def _get_by_object_id(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("basic_api.get_by_object_id"))
    return lambda: sb.api.basic_api.get_by_object_id(event.object_id)


@call("basic_api.get_details")
def _get_details(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("basic_api.get_details"))
    return lambda: sb.api.basic_api.get_details(event.external_event_id, ACCOUNT)


@call("basic_api.update")
def _update(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("basic_api.update"))
    body = m.MarketingEventUpdateRequestParams(event_description="Bring your questions")
    return lambda: sb.api.basic_api.update(event.external_event_id, ACCOUNT, body)


@call("basic_api.update_by_object_id")
def _update_by_object_id(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("basic_api.update_by_object_id"))
    body = m.MarketingEventPublicUpdateRequestV2(custom_properties=[])
    return lambda: sb.api.basic_api.update_by_object_id(event.object_id, body)


@call("basic_api.upsert")
def _upsert(sb: Sandbox) -> Thunk:
    external_event_id = sb.tag("basic_api.upsert")
    body = m.MarketingEventCreateRequestParams(
        external_account_id=ACCOUNT,
        external_event_id=external_event_id,
        event_name="Office hours",
        event_organizer="Acme",
    )
    return lambda: sb.api.basic_api.upsert(external_event_id, body)


# -- batch_api ---------------------------------------------------------------------------------


@call("batch_api.archive")
def _batch_archive(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("batch_api.archive"))
    ids = m.MarketingEventExternalUniqueIdentifier(
        external_account_id=ACCOUNT,
        external_event_id=event.external_event_id,
        app_id=sb.fake.app_id,
    )
    body = m.BatchInputMarketingEventExternalUniqueIdentifier(inputs=[ids])
    return lambda: sb.api.batch_api.archive(body)


@call("batch_api.archive_by_object_id")
def _batch_archive_by_object_id(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("batch_api.archive_by_object_id"))
    body = m.BatchInputMarketingEventPublicObjectIdDeleteRequest(
        inputs=[m.MarketingEventPublicObjectIdDeleteRequest(object_id=event.object_id)]
    )
    return lambda: sb.api.batch_api.archive_by_object_id(body)


@call("batch_api.update_by_object_id")
def _batch_update_by_object_id(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("batch_api.update_by_object_id"))
    update = m.MarketingEventPublicUpdateRequestFullV2(
        object_id=event.object_id, custom_properties=[], event_name="Renamed"
    )
    body = m.BatchInputMarketingEventPublicUpdateRequestFullV2(inputs=[update])
    return lambda: sb.api.batch_api.update_by_object_id(body)


@call("batch_api.upsert")
def _batch_upsert(sb: Sandbox) -> Thunk:
    event = m.MarketingEventCreateRequestParams(
        external_account_id=ACCOUNT,
        external_event_id=sb.tag("batch_api.upsert"),
        event_name="Launch webinar",
        event_organizer="Acme",
        start_date_time=START,
        end_date_time=END,
    )
    body = m.BatchInputMarketingEventCreateRequestParams(inputs=[event])
    return lambda: sb.api.batch_api.upsert(body)


# -- change_property_api -----------------------------------------------------------------------


@call("change_property_api.cancel")
def _cancel(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("change_property_api.cancel"))
    return lambda: sb.api.change_property_api.cancel(event.external_event_id, ACCOUNT)


@call("change_property_api.complete")
def _complete(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("change_property_api.complete"))
    body = m.MarketingEventCompleteRequestParams(start_date_time=START, end_date_time=END)
    return lambda: sb.api.change_property_api.complete(event.external_event_id, ACCOUNT, body)


# -- identifiers_api ---------------------------------------------------------------------------


@call("identifiers_api.do_search")
def _do_search(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("identifiers_api.do_search"))
    return lambda: sb.api.identifiers_api.do_search(event.external_event_id)


@call("identifiers_api.search_portal_events")
def _search_portal_events(sb: Sandbox) -> Thunk:
    event = sb.event(sb.tag("identifiers_api.search_portal_events"))
    return lambda: sb.api.identifiers_api.search_portal_events(event.external_event_id)


# -- add_event_attendees_api (attendance: email-create and create) ------------------------------


@call("add_event_attendees_api.record_by_contact_emails")
def _record_by_contact_emails(sb: Sandbox) -> Thunk:
    name = "add_event_attendees_api.record_by_contact_emails"
    event = sb.event(sb.tag(name))
    body = _email_subscribers(sb.email(sb.tag(name)))
    return lambda: sb.api.add_event_attendees_api.record_by_contact_emails(
        event.external_event_id, "register", body, external_account_id=ACCOUNT
    )


@call("add_event_attendees_api.record_by_email")
def _record_by_email(sb: Sandbox) -> Thunk:
    name = "add_event_attendees_api.record_by_email"
    event = sb.event(sb.tag(name))
    body = _email_subscribers(sb.email(sb.tag(name)))
    return lambda: sb.api.add_event_attendees_api.record_by_email(event.object_id, "attend", body)


@call("add_event_attendees_api.record_by_contact_ids")
def _record_by_contact_ids(sb: Sandbox) -> Thunk:
    name = "add_event_attendees_api.record_by_contact_ids"
    event = sb.event(sb.tag(name))
    _, vid = sb.contact(sb.tag(name))
    return lambda: sb.api.add_event_attendees_api.record_by_contact_ids(
        event.external_event_id, "register", _vid_subscribers(vid), external_account_id=ACCOUNT
    )


@call("add_event_attendees_api.record_by_contact_id")
def _record_by_contact_id(sb: Sandbox) -> Thunk:
    name = "add_event_attendees_api.record_by_contact_id"
    event = sb.event(sb.tag(name))
    _, vid = sb.contact(sb.tag(name))
    return lambda: sb.api.add_event_attendees_api.record_by_contact_id(
        event.object_id, "attend", _vid_subscribers(vid)
    )


# -- subscriber_state_changes_api (email-upsert and upsert: existing contacts only) -------------


@call("subscriber_state_changes_api.upsert_by_contact_email")
def _upsert_by_contact_email(sb: Sandbox) -> Thunk:
    name = "subscriber_state_changes_api.upsert_by_contact_email"
    event = sb.event(sb.tag(name))
    email, _ = sb.contact(sb.tag(name))
    return lambda: sb.api.subscriber_state_changes_api.upsert_by_contact_email(
        event.external_event_id, "register", ACCOUNT, _email_subscribers(email)
    )


@call("subscriber_state_changes_api.upsert_by_contact_id")
def _upsert_by_contact_id(sb: Sandbox) -> Thunk:
    name = "subscriber_state_changes_api.upsert_by_contact_id"
    event = sb.event(sb.tag(name))
    _, vid = sb.contact(sb.tag(name))
    return lambda: sb.api.subscriber_state_changes_api.upsert_by_contact_id(
        event.external_event_id, "cancel", ACCOUNT, _vid_subscribers(vid)
    )


# -- retrieve_participant_state_api ------------------------------------------------------------


@call("retrieve_participant_state_api.get_participations_breakdown_by_contact_id")
def _breakdown_by_contact(sb: Sandbox) -> Thunk:
    name = "retrieve_participant_state_api.get_participations_breakdown_by_contact_id"
    _, email, _ = sb.registrant(sb.tag(name))
    return lambda: sb.api.retrieve_participant_state_api.get_participations_breakdown_by_contact_id(
        email
    )


@call("retrieve_participant_state_api.get_participations_breakdown_by_external_event_id")
def _breakdown_by_external_id(sb: Sandbox) -> Thunk:
    name = "retrieve_participant_state_api.get_participations_breakdown_by_external_event_id"
    event, _, _ = sb.registrant(sb.tag(name))
    api = sb.api.retrieve_participant_state_api
    return lambda: api.get_participations_breakdown_by_external_event_id(
        ACCOUNT, event.external_event_id
    )


@call("retrieve_participant_state_api.get_participations_breakdown_by_marketing_event_id")
def _breakdown_by_object_id(sb: Sandbox) -> Thunk:
    name = "retrieve_participant_state_api.get_participations_breakdown_by_marketing_event_id"
    event, _, _ = sb.registrant(sb.tag(name))
    api = sb.api.retrieve_participant_state_api
    return lambda: api.get_participations_breakdown_by_marketing_event_id(int(event.object_id))


@call("retrieve_participant_state_api.get_participations_counters_by_event_external_id")
def _counters_by_external_id(sb: Sandbox) -> Thunk:
    name = "retrieve_participant_state_api.get_participations_counters_by_event_external_id"
    event, _, _ = sb.registrant(sb.tag(name))
    api = sb.api.retrieve_participant_state_api
    return lambda: api.get_participations_counters_by_event_external_id(
        ACCOUNT, event.external_event_id
    )


@call("retrieve_participant_state_api.get_participations_counters_by_marketing_event_id")
def _counters_by_object_id(sb: Sandbox) -> Thunk:
    name = "retrieve_participant_state_api.get_participations_counters_by_marketing_event_id"
    event, _, _ = sb.registrant(sb.tag(name))
    api = sb.api.retrieve_participant_state_api
    return lambda: api.get_participations_counters_by_marketing_event_id(int(event.object_id))


# -- list_associations_api ---------------------------------------------------------------------


@call("list_associations_api.associate_by_external_account_and_event_ids")
def _associate_by_external_ids(sb: Sandbox) -> Thunk:
    name = "list_associations_api.associate_by_external_account_and_event_ids"
    event = sb.with_list(sb.tag(name), associated=False)
    return lambda: sb.api.list_associations_api.associate_by_external_account_and_event_ids(
        ACCOUNT, event.external_event_id, LIST_ID
    )


@call("list_associations_api.associate_by_marketing_event_id")
def _associate_by_object_id(sb: Sandbox) -> Thunk:
    name = "list_associations_api.associate_by_marketing_event_id"
    event = sb.with_list(sb.tag(name), associated=False)
    return lambda: sb.api.list_associations_api.associate_by_marketing_event_id(
        event.object_id, LIST_ID
    )


@call("list_associations_api.disassociate_by_external_account_and_event_ids")
def _disassociate_by_external_ids(sb: Sandbox) -> Thunk:
    name = "list_associations_api.disassociate_by_external_account_and_event_ids"
    event = sb.with_list(sb.tag(name), associated=True)
    return lambda: sb.api.list_associations_api.disassociate_by_external_account_and_event_ids(
        ACCOUNT, event.external_event_id, LIST_ID
    )


@call("list_associations_api.disassociate_by_marketing_event_id")
def _disassociate_by_object_id(sb: Sandbox) -> Thunk:
    name = "list_associations_api.disassociate_by_marketing_event_id"
    event = sb.with_list(sb.tag(name), associated=True)
    return lambda: sb.api.list_associations_api.disassociate_by_marketing_event_id(
        event.object_id, LIST_ID
    )


@call("list_associations_api.get_all_by_external_account_and_event_ids")
def _lists_by_external_ids(sb: Sandbox) -> Thunk:
    name = "list_associations_api.get_all_by_external_account_and_event_ids"
    event = sb.with_list(sb.tag(name), associated=True)
    return lambda: sb.api.list_associations_api.get_all_by_external_account_and_event_ids(
        ACCOUNT, event.external_event_id
    )


@call("list_associations_api.get_all_by_marketing_event_id")
def _lists_by_object_id(sb: Sandbox) -> Thunk:
    name = "list_associations_api.get_all_by_marketing_event_id"
    event = sb.with_list(sb.tag(name), associated=True)
    return lambda: sb.api.list_associations_api.get_all_by_marketing_event_id(event.object_id)


# -- settings_api (the developer API key, as hapikey) ------------------------------------------


@call("settings_api.get_all")
def _settings_get(sb: Sandbox) -> Thunk:
    app_id = sb.settings()
    return lambda: sb.api_dev.settings_api.get_all(app_id)


@call("settings_api.update")
def _settings_update(sb: Sandbox) -> Thunk:
    body = m.EventDetailSettingsUrl(event_details_url=EVENT_DETAILS_URL)
    return lambda: sb.api_dev.settings_api.update(sb.fake.app_id, body)
