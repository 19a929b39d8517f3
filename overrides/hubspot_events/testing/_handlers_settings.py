"""App settings: the URL HubSpot fetches an event's details from, per app id.

These two operations take the app's developer API key (``hapikey``) or an OAuth token; the gate
checks that before a handler runs. The URL must contain ``%s`` (where HubSpot puts the event id).
"""

from __future__ import annotations

from typing import Any

from . import _shapes as shapes
from ._errors import OBJECT_NOT_FOUND, ApiError
from ._handlers_base import Handler, HandlerArea, Params, Reply, invalid


class Settings(HandlerArea):
    """The operations on an app's marketing-event settings."""

    def operations(self) -> dict[str, Handler]:
        return {"get_settings": self.get_settings, "update_settings": self.update_settings}

    def get_settings(self, params: Params, body: Any) -> Reply:
        """The app's settings; 404 if none were ever stored for it."""
        app_id = int(params["appId"])
        url = self.state.settings.get(app_id)
        if url is None:
            raise ApiError(
                404,
                OBJECT_NOT_FOUND,
                f"No marketing-event settings exist for app {app_id}",
                context={"appId": [str(app_id)]},
            )
        return Reply(200, shapes.app_settings(app_id, url))

    def update_settings(self, params: Params, body: Any) -> Reply:
        """Create or replace the app's eventDetailsUrl; it must contain ``%s``."""
        app_id = int(params["appId"])
        url = str(body["eventDetailsUrl"])
        if "%s" not in url:
            raise invalid(
                "eventDetailsUrl",
                "must contain %s, where HubSpot puts the event's id "
                "(e.g. https://example.com/events/%s)",
            )
        with self.state.lock:
            self.state.settings[app_id] = url
        return Reply(200, shapes.app_settings(app_id, url))
