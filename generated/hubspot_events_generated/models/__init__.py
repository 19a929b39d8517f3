"""Contains all the data models used in inputs/outputs

Custom template (spec/templates): each model is imported on first access, so using one model
does not import all of them (cold start of the hand-written client).
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app_info import AppInfo
    from .attendance_counters import AttendanceCounters
    from .batch_item_error import BatchItemError
    from .batch_item_error_context import BatchItemErrorContext
    from .batch_item_error_links import BatchItemErrorLinks
    from .contact_association import ContactAssociation
    from .contact_subscriber import ContactSubscriber
    from .contact_subscriber_batch import ContactSubscriberBatch
    from .contact_subscriber_properties import ContactSubscriberProperties
    from .crm_property import CrmProperty
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
    from .event_details import EventDetails
    from .event_input import EventInput
    from .event_input_batch import EventInputBatch
    from .event_page import EventPage
    from .event_summary import EventSummary
    from .forward_paging import ForwardPaging
    from .get_breakdown_state import GetBreakdownState
    from .marketing_event_association import MarketingEventAssociation
    from .next_page import NextPage
    from .paging import Paging
    from .participation import Participation
    from .participation_associations import ParticipationAssociations
    from .participation_page import ParticipationPage
    from .participation_properties import ParticipationProperties
    from .previous_page import PreviousPage
    from .property_value import PropertyValue
    from .rate_limit_error import RateLimitError
    from .subscriber_batch_response import SubscriberBatchResponse
    from .subscriber_batch_response_links import SubscriberBatchResponseLinks
    from .subscriber_result import SubscriberResult
    from .subscriber_state import SubscriberState

_MODULES = {
    "AppInfo": ".app_info",
    "AttendanceCounters": ".attendance_counters",
    "BatchItemError": ".batch_item_error",
    "BatchItemErrorContext": ".batch_item_error_context",
    "BatchItemErrorLinks": ".batch_item_error_links",
    "ContactAssociation": ".contact_association",
    "ContactSubscriber": ".contact_subscriber",
    "ContactSubscriberBatch": ".contact_subscriber_batch",
    "ContactSubscriberProperties": ".contact_subscriber_properties",
    "CrmProperty": ".crm_property",
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
    "EventDetails": ".event_details",
    "EventInput": ".event_input",
    "EventInputBatch": ".event_input_batch",
    "EventPage": ".event_page",
    "EventSummary": ".event_summary",
    "ForwardPaging": ".forward_paging",
    "GetBreakdownState": ".get_breakdown_state",
    "MarketingEventAssociation": ".marketing_event_association",
    "NextPage": ".next_page",
    "Paging": ".paging",
    "Participation": ".participation",
    "ParticipationAssociations": ".participation_associations",
    "ParticipationPage": ".participation_page",
    "ParticipationProperties": ".participation_properties",
    "PreviousPage": ".previous_page",
    "PropertyValue": ".property_value",
    "RateLimitError": ".rate_limit_error",
    "SubscriberBatchResponse": ".subscriber_batch_response",
    "SubscriberBatchResponseLinks": ".subscriber_batch_response_links",
    "SubscriberResult": ".subscriber_result",
    "SubscriberState": ".subscriber_state",
}

__all__ = (
    "AppInfo",
    "AttendanceCounters",
    "BatchItemError",
    "BatchItemErrorContext",
    "BatchItemErrorLinks",
    "ContactAssociation",
    "ContactSubscriber",
    "ContactSubscriberBatch",
    "ContactSubscriberProperties",
    "CrmProperty",
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
    "EventDetails",
    "EventInput",
    "EventInputBatch",
    "EventPage",
    "EventSummary",
    "ForwardPaging",
    "GetBreakdownState",
    "MarketingEventAssociation",
    "NextPage",
    "Paging",
    "Participation",
    "ParticipationAssociations",
    "ParticipationPage",
    "ParticipationProperties",
    "PreviousPage",
    "PropertyValue",
    "RateLimitError",
    "SubscriberBatchResponse",
    "SubscriberBatchResponseLinks",
    "SubscriberResult",
    "SubscriberState",
)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
