"""HubSpot's own Python clients, every Marketing Events operation, against the fake.

``hubspot-api-client`` (OpenAPI Generator, urllib3) and ``hubspot-sdk`` (Stainless, httpx,
pydantic) are what most HubSpot integrations send requests with, so the sandbox must accept
exactly what they send and answer what their models parse. This module lists the operations each
client offers (by introspection, so an operation added in a new release shows up as untested) and,
for each one, a call: a ``prepare`` function that seeds what the operation needs in the fake and
returns the official client's call, ready to run.

Each call seeds its own events (external ids named after the client and the operation), so the
calls share one fake and one server but not their data: they pass in any order, alone or together.
Requests are built with each client's own request models and only the fields those models
require (plus the ids the fake needs to find things): the smallest request a user of that client
can send is the one the fake must accept.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from hubspot_events.testing import Event, FakeHubSpot

TOKEN: Final = "official-clients-token"
DEVELOPER_API_KEY: Final = "official-clients-developer-key"
ACCOUNT: Final = "official-acct"
LIST_ID: Final = "4242"
START: Final = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
END: Final = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
INTERACTION_MS: Final = 1_772_467_200_000  # 2026-03-02T16:00:00Z
EVENT_DETAILS_URL: Final = "https://example.com/events/%s"

Thunk = Callable[[], Any]
"""The official client's call, seeded and ready (for the async SDK it returns an awaitable)."""


@dataclass
class Sandbox:
    """The fake, and the official clients pointed at its loopback URL (those the test needs).

    ``api``/``api_dev`` are ``hubspot-api-client``'s ``client.marketing.events`` with the access
    token / with the developer API key only; ``sdk``/``sdk_dev`` the same for ``hubspot-sdk``'s
    ``client.marketing.marketing_events`` (sync or async, whichever the test made).
    """

    fake: FakeHubSpot
    client: str
    """Which client runs ("api", "sdk", "sdk-async"): it starts every tag, so runs never share data."""
    api: Any = None
    api_dev: Any = None
    sdk: Any = None
    sdk_dev: Any = None

    def tag(self, operation: str) -> str:
        """The external event id (and email local part) the call of ``operation`` seeds."""
        return f"{self.client}-{operation}".replace(".", "-").replace("_", "-")

    def event(self, tag: str) -> Event:
        """A new event of the fake's own app, external ids ``(ACCOUNT, tag)``."""
        return self.fake.add_event(
            ACCOUNT, tag, event_name=f"Event {tag}", start_date_time=START, end_date_time=END
        )

    def email(self, tag: str) -> str:
        """An email unique to ``tag`` (no contact is created)."""
        return f"{tag.lower()}@example.com"

    def contact(self, tag: str) -> tuple[str, int]:
        """An existing contact unique to ``tag``: (email, vid)."""
        email = self.email(tag)
        return email, self.fake.add_contact(email, firstname="Ada")

    def registrant(self, tag: str) -> tuple[Event, str, int]:
        """An event with one registered contact: (event, email, vid)."""
        event = self.event(tag)
        email, vid = self.contact(tag)
        state = self.fake.state
        contact = state.contact(vid)
        assert contact is not None
        state.record(event, contact, "register", INTERACTION_MS, {}, self.fake.now_ms(), "seed")
        return event, email, vid

    def with_list(self, tag: str, *, associated: bool) -> Event:
        """An event, and the contact list ``LIST_ID`` (associated with it or not)."""
        event = self.event(tag)
        self.fake.add_list(LIST_ID, name="Webinar registrants")
        if associated:
            self.fake.state.associate_list(event, LIST_ID)
        return event

    def settings(self) -> int:
        """The fake's app id, with event-details settings stored for it."""
        self.fake.state.settings[self.fake.app_id] = EVENT_DETAILS_URL
        return self.fake.app_id


Prepare = Callable[[Sandbox], Thunk]


# -- what each client offers -------------------------------------------------------------------


def api_client_operations(events: Any) -> list[str]:
    """``<api>.<method>`` of every operation ``hubspot-api-client`` has on ``marketing.events``.

    The ``*_api`` attributes of the discovery object are the API classes; their public methods,
    less the ``*_with_http_info`` twins (the same request, a different return) and ``api_client``,
    are the operations.
    """
    found = []
    for api_name in dir(events):
        if api_name.startswith("_") or not api_name.endswith("_api"):
            continue
        api = getattr(events, api_name)
        for name, _ in inspect.getmembers(type(api), inspect.isfunction):
            if name.startswith("_") or name.endswith("_with_http_info"):
                continue
            found.append(f"{api_name}.{name}")
    return sorted(found)


def sdk_operations(resource: Any) -> list[str]:
    """Dotted paths of every operation of ``hubspot-sdk``'s ``marketing.marketing_events``.

    Sub-resources (``attendance``, ``events``, ...) are properties returning other resource
    objects of the SDK; ``with_raw_response`` / ``with_streaming_response`` are views of the same
    operations, not new ones.
    """
    found: list[str] = []

    def walk(obj: Any, prefix: str) -> None:
        for name, member in inspect.getmembers(type(obj)):
            if name.startswith("_") or name.startswith("with_"):
                continue
            if inspect.isfunction(member):
                found.append(prefix + name)
                continue
            sub = getattr(obj, name, None)
            if type(sub).__module__.startswith("hubspot_sdk.resources."):
                walk(sub, f"{prefix}{name}.")

    walk(resource, "")
    return sorted(found)


# -- the call tables ---------------------------------------------------------------------------


def registry(table: dict[str, Prepare]) -> Callable[[str], Callable[[Prepare], Prepare]]:
    """A decorator that files a ``prepare`` function in ``table`` under an operation's name."""

    def register(name: str) -> Callable[[Prepare], Prepare]:
        def decorate(prepare: Prepare) -> Prepare:
            assert name not in table, f"{name} registered twice"
            table[name] = prepare
            return prepare

        return decorate

    return register
