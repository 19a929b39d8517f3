"""Contains all the data models used in inputs/outputs

Custom template (spec/templates): each model is imported on first access, so using one model
does not import all of them (cold start of the hand-written client).
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app_info import AppInfo
    from .app_settings import AppSettings
    from .app_settings_update import AppSettingsUpdate
    from .attendance_counters import AttendanceCounters
    from .batch_item_error import BatchItemError
    from .batch_item_error_context import BatchItemErrorContext
    from .batch_item_error_links import BatchItemErrorLinks
    from .contact_association import ContactAssociation
    from .contact_subscriber import ContactSubscriber
    from .contact_subscriber_batch import ContactSubscriberBatch
    from .contact_subscriber_properties import ContactSubscriberProperties
    from .crm_property import CrmProperty
    from .delete_batch_response import DeleteBatchResponse
    from .delete_batch_response_links import DeleteBatchResponseLinks
    from .email_subscriber import EmailSubscriber
    from .email_subscriber_batch import EmailSubscriberBatch
    from .email_subscriber_contact_properties import EmailSubscriberContactProperties
    from .email_subscriber_properties import EmailSubscriberProperties
    from .error import Error
    from .error_context import ErrorContext
    from .error_detail import ErrorDetail
    from .error_detail_context import ErrorDetailContext
    from .error_links import ErrorLinks
    from .event import Event
    from .event_batch_response import EventBatchResponse
    from .event_batch_response_links import EventBatchResponseLinks
    from .event_completion import EventCompletion
    from .event_details import EventDetails
    from .event_identifiers import EventIdentifiers
    from .event_info import EventInfo
    from .event_input import EventInput
    from .event_input_batch import EventInputBatch
    from .event_object import EventObject
    from .event_object_batch_response import EventObjectBatchResponse
    from .event_object_batch_response_links import EventObjectBatchResponseLinks
    from .event_object_update import EventObjectUpdate
    from .event_object_update_batch import EventObjectUpdateBatch
    from .event_object_update_item import EventObjectUpdateItem
    from .event_page import EventPage
    from .event_summary import EventSummary
    from .event_update import EventUpdate
    from .external_event_key import ExternalEventKey
    from .external_event_key_batch import ExternalEventKeyBatch
    from .forward_paging import ForwardPaging
    from .identifier_page import IdentifierPage
    from .list_page import ListPage
    from .marketing_event_association import MarketingEventAssociation
    from .next_page import NextPage
    from .object_id_batch import ObjectIdBatch
    from .object_id_input import ObjectIdInput
    from .paging import Paging
    from .participation import Participation
    from .participation_associations import ParticipationAssociations
    from .participation_page import ParticipationPage
    from .participation_properties import ParticipationProperties
    from .participation_state_filter import ParticipationStateFilter
    from .previous_page import PreviousPage
    from .property_value import PropertyValue
    from .public_list import PublicList
    from .rate_limit_error import RateLimitError
    from .search_result import SearchResult
    from .search_results import SearchResults
    from .subscriber_batch_response import SubscriberBatchResponse
    from .subscriber_batch_response_links import SubscriberBatchResponseLinks
    from .subscriber_result import SubscriberResult
    from .subscriber_state import SubscriberState
    from .vid_batch_response import VidBatchResponse
    from .vid_batch_response_links import VidBatchResponseLinks
    from .vid_result import VidResult

_MODULES = {
    "AppInfo": ".app_info",
    "AppSettings": ".app_settings",
    "AppSettingsUpdate": ".app_settings_update",
    "AttendanceCounters": ".attendance_counters",
    "BatchItemError": ".batch_item_error",
    "BatchItemErrorContext": ".batch_item_error_context",
    "BatchItemErrorLinks": ".batch_item_error_links",
    "ContactAssociation": ".contact_association",
    "ContactSubscriber": ".contact_subscriber",
    "ContactSubscriberBatch": ".contact_subscriber_batch",
    "ContactSubscriberProperties": ".contact_subscriber_properties",
    "CrmProperty": ".crm_property",
    "DeleteBatchResponse": ".delete_batch_response",
    "DeleteBatchResponseLinks": ".delete_batch_response_links",
    "EmailSubscriber": ".email_subscriber",
    "EmailSubscriberBatch": ".email_subscriber_batch",
    "EmailSubscriberContactProperties": ".email_subscriber_contact_properties",
    "EmailSubscriberProperties": ".email_subscriber_properties",
    "Error": ".error",
    "ErrorContext": ".error_context",
    "ErrorDetail": ".error_detail",
    "ErrorDetailContext": ".error_detail_context",
    "ErrorLinks": ".error_links",
    "Event": ".event",
    "EventBatchResponse": ".event_batch_response",
    "EventBatchResponseLinks": ".event_batch_response_links",
    "EventCompletion": ".event_completion",
    "EventDetails": ".event_details",
    "EventIdentifiers": ".event_identifiers",
    "EventInfo": ".event_info",
    "EventInput": ".event_input",
    "EventInputBatch": ".event_input_batch",
    "EventObject": ".event_object",
    "EventObjectBatchResponse": ".event_object_batch_response",
    "EventObjectBatchResponseLinks": ".event_object_batch_response_links",
    "EventObjectUpdate": ".event_object_update",
    "EventObjectUpdateBatch": ".event_object_update_batch",
    "EventObjectUpdateItem": ".event_object_update_item",
    "EventPage": ".event_page",
    "EventSummary": ".event_summary",
    "EventUpdate": ".event_update",
    "ExternalEventKey": ".external_event_key",
    "ExternalEventKeyBatch": ".external_event_key_batch",
    "ForwardPaging": ".forward_paging",
    "IdentifierPage": ".identifier_page",
    "ListPage": ".list_page",
    "MarketingEventAssociation": ".marketing_event_association",
    "NextPage": ".next_page",
    "ObjectIdBatch": ".object_id_batch",
    "ObjectIdInput": ".object_id_input",
    "Paging": ".paging",
    "Participation": ".participation",
    "ParticipationAssociations": ".participation_associations",
    "ParticipationPage": ".participation_page",
    "ParticipationProperties": ".participation_properties",
    "ParticipationStateFilter": ".participation_state_filter",
    "PreviousPage": ".previous_page",
    "PropertyValue": ".property_value",
    "PublicList": ".public_list",
    "RateLimitError": ".rate_limit_error",
    "SearchResult": ".search_result",
    "SearchResults": ".search_results",
    "SubscriberBatchResponse": ".subscriber_batch_response",
    "SubscriberBatchResponseLinks": ".subscriber_batch_response_links",
    "SubscriberResult": ".subscriber_result",
    "SubscriberState": ".subscriber_state",
    "VidBatchResponse": ".vid_batch_response",
    "VidBatchResponseLinks": ".vid_batch_response_links",
    "VidResult": ".vid_result",
}

__all__ = (
    "AppInfo",
    "AppSettings",
    "AppSettingsUpdate",
    "AttendanceCounters",
    "BatchItemError",
    "BatchItemErrorContext",
    "BatchItemErrorLinks",
    "ContactAssociation",
    "ContactSubscriber",
    "ContactSubscriberBatch",
    "ContactSubscriberProperties",
    "CrmProperty",
    "DeleteBatchResponse",
    "DeleteBatchResponseLinks",
    "EmailSubscriber",
    "EmailSubscriberBatch",
    "EmailSubscriberContactProperties",
    "EmailSubscriberProperties",
    "Error",
    "ErrorContext",
    "ErrorDetail",
    "ErrorDetailContext",
    "ErrorLinks",
    "Event",
    "EventBatchResponse",
    "EventBatchResponseLinks",
    "EventCompletion",
    "EventDetails",
    "EventIdentifiers",
    "EventInfo",
    "EventInput",
    "EventInputBatch",
    "EventObject",
    "EventObjectBatchResponse",
    "EventObjectBatchResponseLinks",
    "EventObjectUpdate",
    "EventObjectUpdateBatch",
    "EventObjectUpdateItem",
    "EventPage",
    "EventSummary",
    "EventUpdate",
    "ExternalEventKey",
    "ExternalEventKeyBatch",
    "ForwardPaging",
    "IdentifierPage",
    "ListPage",
    "MarketingEventAssociation",
    "NextPage",
    "ObjectIdBatch",
    "ObjectIdInput",
    "Paging",
    "Participation",
    "ParticipationAssociations",
    "ParticipationPage",
    "ParticipationProperties",
    "ParticipationStateFilter",
    "PreviousPage",
    "PropertyValue",
    "PublicList",
    "RateLimitError",
    "SearchResult",
    "SearchResults",
    "SubscriberBatchResponse",
    "SubscriberBatchResponseLinks",
    "SubscriberResult",
    "SubscriberState",
    "VidBatchResponse",
    "VidBatchResponseLinks",
    "VidResult",
)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
