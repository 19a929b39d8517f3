"""hubspot-events: push marketing events, registrations and attendances into HubSpot, reliably.

The public surface is this module's ``__all__``; everything else is private. The low-level client
generated from the curated spec is ``hubspot_events_generated``; its models are what
``BatchResult.results`` and the read methods return.
"""

from hubspot_events._auth import OAuth, OAuthTokens, TokenAuth
from hubspot_events._client import AsyncHubSpotEvents, HubSpotEvents
from hubspot_events._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    HubSpotError,
    InternalServerError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
)
from hubspot_events._logging import configure_from_env
from hubspot_events._pagination import AsyncPager, Page, Pager
from hubspot_events._ratelimit import RateLimit
from hubspot_events._redis import SharedStateError
from hubspot_events._response import APIResponse, RateLimitHeaders, ResponseInfo, response_of
from hubspot_events._results import BatchError, BatchResult, Failure, ItemError, Success
from hubspot_events._shared_limit import SharedRateLimit
from hubspot_events._token_store import RedisTokenStore
from hubspot_events._version import __version__
from hubspot_events_generated.models.subscriber_state import SubscriberState

__all__ = [
    "APIConnectionError",
    "APIResponse",
    "APIStatusError",
    "APITimeoutError",
    "AsyncHubSpotEvents",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "BatchResult",
    "ConflictError",
    "Failure",
    "HubSpotError",
    "HubSpotEvents",
    "InternalServerError",
    "ItemError",
    "NotFoundError",
    "OAuth",
    "OAuthTokens",
    "Page",
    "Pager",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "RateLimitHeaders",
    "RedisTokenStore",
    "ResponseInfo",
    "SharedRateLimit",
    "SharedStateError",
    "SubscriberState",
    "Success",
    "TokenAuth",
    "__version__",
    "response_of",
]

# Public classes say where users import them from: ``hubspot_events.NotFoundError`` in a
# traceback or a repr, not a private module's path (pickling finds them here too).
for _name in __all__:
    _value = globals()[_name]
    if isinstance(_value, type) and _value.__module__.startswith("hubspot_events."):
        _value.__module__ = __name__
del _name, _value

configure_from_env()
