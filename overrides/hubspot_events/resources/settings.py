"""``client.settings``: an app's marketing-event settings (the URL of its event details page).

HubSpot takes the app's developer API key for these (``developer_api_key=`` on the client, or
``HUBSPOT_DEVELOPER_API_KEY``), sent as its ``hapikey`` query parameter; without one, the client's
own token is sent (an OAuth token with the ``developers-read``/``-write`` scopes).
"""

from __future__ import annotations

from hubspot_events._batching import json_body
from hubspot_events._core import RequestKwargs
from hubspot_events._fast_models import parser
from hubspot_events.resources._common import Defaults, M, non_empty
from hubspot_events.resources._method import Read, Resource, read
from hubspot_events_generated.api.settings import get_settings, update_settings
from hubspot_events_generated.models import AppSettings


def _with_developer_key(defaults: Defaults, request: RequestKwargs) -> RequestKwargs:
    if defaults.developer_auth is not None:
        request["auth"] = defaults.developer_auth
    return request


def _get(defaults: Defaults, app_id: int | None = None) -> Read[AppSettings]:
    """The app's marketing-event settings (the URL of its event details page).

    Sends: GET /marketing/v3/marketing-events/{appId}/settings, with the developer API key
        (``hapikey``) when the client has one, else the client's own auth.
    Returns: AppSettings.
    Raises: NotFoundError if the app has no settings yet; ValueError, before sending, without
        an ``app_id`` (argument or client default); AuthenticationError for a wrong key.
    Scope: developers-read (with OAuth; a developer API key needs none)
    Example: hs.settings.get(app_id=1234567).event_details_url
    """
    app = defaults.app(app_id, operation="settings.get")
    return Read(_with_developer_key(defaults, get_settings._get_kwargs(app)), parser(AppSettings))


def _update(
    defaults: Defaults, event_details_url: str, app_id: int | None = None
) -> Read[AppSettings]:
    """Set the URL HubSpot links each event to; ``%s`` in it stands for the event id.

    Sends: POST /marketing/v3/marketing-events/{appId}/settings with ``{"eventDetailsUrl"}``,
        with the developer API key (``hapikey``) when the client has one.
    Returns: AppSettings, as stored.
    Raises: ValueError, before sending, if the URL is blank or has no ``%s``, or without an
        ``app_id``; BadRequestError if HubSpot refuses the URL.
    Scope: developers-write (with OAuth; a developer API key needs none)
    Example: hs.settings.update("https://example.com/events/%s", app_id=1234567)
    """
    app = defaults.app(app_id, operation="settings.update")
    url = non_empty(event_details_url, "event_details_url")
    if "%s" not in url:
        raise ValueError(
            f"event_details_url must contain %s where the event id goes "
            f"(e.g. https://example.com/events/%s), got {url!r}"
        )
    request = update_settings._get_kwargs(app, body=json_body({"eventDetailsUrl": url}))
    return Read(_with_developer_key(defaults, request), parser(AppSettings))


class Settings(Resource[M]):
    """The app's event settings: ``client.settings``.

    HubSpot takes the app's developer API key for these (``developer_api_key=`` on the client,
    or ``HUBSPOT_DEVELOPER_API_KEY``); without one the client's own OAuth token is sent.
    Scope: developers-read, developers-write (with OAuth)
    Example: hs.settings.get(app_id=1234567)
    """

    get = read(_get)
    update = read(_update)
