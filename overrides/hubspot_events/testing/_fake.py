"""``FakeHubSpot``: one fake HubSpot account, its app, and the ways to reach it."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import httpx
from starlette.applications import Starlette

from ._app import build_app
from ._auth import Auth
from ._faults import FaultInjector, Faults
from ._handlers import Handlers
from ._log import RequestLog, RequestRecord
from ._ratelimit import RateLimiter, RateLimitSpec, parse_rate_limit
from ._shapes import iso
from ._state import DEFAULT_APP_ID, ContactList, Event, State
from ._transport import FakeAsyncTransport, FakeSyncTransport

if TYPE_CHECKING:
    from hubspot_events import AsyncHubSpotEvents, HubSpotEvents


class FakeHubSpot:
    """An in-memory HubSpot (Marketing Events v3) with HubSpot's semantics, as an ASGI app.

    ``token``: None accepts any non-empty bearer token the fake has not expired or revoked;
    a string accepts only that token (plus OAuth tokens the fake issued). ``developer_api_key``
    does the same for the ``hapikey`` query parameter of the app-settings operations (None: any
    non-empty key); the fake never echoes it. ``app_id`` is the calling app: external-id
    operations only see its events (seed other apps' with ``add_event(..., app_id=...)``).
    ``rate_limit``:
    ``"100/10s"`` (default, a Free/Starter app), ``"100/1s"``, ``"50/500ms"``, ``(n, seconds)``
    or None; ``daily_limit``: requests per 24 h of the fake's clock, or None. ``faults`` and
    ``seed`` decide injected failures reproducibly. ``clock`` (monotonic seconds) drives the
    rate limit, token expiry and every timestamp the fake writes, so tests pass a ``FakeClock``
    and never sleep. ``retry_after`` adds a Retry-After header to 429s (HubSpot promises none).
    ``max_batch_size`` makes bigger batches a 400 (HubSpot publishes no limit: off by default).
    ``epoch_ms`` pins the wall-clock time at creation (default: now) for reproducible bodies.
    """

    base_url: ClassVar[str] = "https://api.hubapi.com"

    def __init__(
        self,
        *,
        token: str | None = None,
        developer_api_key: str | None = None,
        rate_limit: RateLimitSpec = "100/10s",
        daily_limit: int | None = None,
        faults: Faults | None = None,
        seed: int | None = 0,
        clock: Callable[[], float] = time.monotonic,
        oauth_ttl_s: float = 1800.0,
        retry_after: bool = False,
        max_batch_size: int | None = None,
        epoch_ms: int | None = None,
        app_id: int = DEFAULT_APP_ID,
        request_log_size: int = 100_000,
    ) -> None:
        self.clock = clock
        self.seed = seed
        self.app_id = app_id
        self._clock_origin = clock()
        self._epoch_origin = int(time.time() * 1000) if epoch_ms is None else epoch_ms
        self.state = State(app_id)
        """The account's events, contacts and participations (see ``State``)."""
        self._auth = Auth(token, clock, oauth_ttl_s, developer_api_key)
        self._limiter = RateLimiter(parse_rate_limit(rate_limit), daily_limit, clock)
        self._injector = FaultInjector(faults or Faults(), seed)
        self._log = RequestLog(request_log_size)
        self._handlers = Handlers(
            self.state, self.now_ms, app_id=app_id, max_batch_size=max_batch_size
        )
        self.app: Starlette = build_app(
            handlers=self._handlers,
            auth=self._auth,
            limiter=self._limiter,
            injector=self._injector,
            log=self._log,
            group_name=f"publicapi:app-api:{app_id}",
            retry_after=retry_after,
        )
        """The ASGI app (hand it to uvicorn, httpx.ASGITransport, schemathesis...)."""

    def __repr__(self) -> str:
        return (
            f"<FakeHubSpot events={len(self.state.events)} contacts={len(self.state.contacts)} "
            f"requests={self._log.total}>"
        )

    # -- time ----------------------------------------------------------------------------------

    def now_ms(self) -> int:
        """The fake's wall-clock time in epoch milliseconds (moves with ``clock``)."""
        return self._epoch_origin + int((self.clock() - self._clock_origin) * 1000)

    # -- configuration -------------------------------------------------------------------------

    @property
    def faults(self) -> Faults:
        """The fault configuration; assigning one starts its ``sequence`` with the next request."""
        return self._injector.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        self._injector.configure(faults)

    # -- observation ---------------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """(method, path, status) of every request answered so far (0: connection dropped)."""
        return self._log.records()

    @property
    def rate_limited(self) -> int:
        """How many 429s the fake has served (rate limit and injected)."""
        return self._log.rate_limited

    # -- seeding -------------------------------------------------------------------------------

    def add_contact(
        self,
        email: str,
        *,
        firstname: str | None = None,
        lastname: str | None = None,
        **properties: str,
    ) -> int:
        """Create a contact (as if it existed in HubSpot already) and return its vid.

        An existing contact (same email, any case) is returned unchanged.
        """
        if firstname is not None:
            properties["firstname"] = firstname
        if lastname is not None:
            properties["lastname"] = lastname
        contact, _ = self.state.add_contact(email, properties, self.now_ms())
        return contact.vid

    def add_event(
        self,
        external_account_id: str,
        external_event_id: str,
        *,
        event_name: str | None = None,
        event_organizer: str | None = None,
        event_type: str | None = None,
        event_description: str | None = None,
        event_url: str | None = None,
        start_date_time: datetime | str | None = None,
        end_date_time: datetime | str | None = None,
        event_cancelled: bool | None = None,
        event_completed: bool | None = None,
        custom_properties: Mapping[str, str] | None = None,
        app_id: int | None = None,
    ) -> Event:
        """Create an event, or update the given fields of an existing one; returns it.

        A new event gets ``eventName`` "Event <externalEventId>" and ``eventOrganizer``
        "Fake Organizer" unless given. Datetimes must be aware. ``app_id`` (default: the fake's
        own app) seeds an event another app created: only object-id operations and
        ``get_identifiers`` see it.
        """
        fields: dict[str, Any] = {}
        is_new = self.state.event(external_account_id, external_event_id, app_id) is None
        for name, value in (
            ("eventName", event_name or (f"Event {external_event_id}" if is_new else None)),
            ("eventOrganizer", event_organizer or ("Fake Organizer" if is_new else None)),
            ("eventType", event_type),
            ("eventDescription", event_description),
            ("eventUrl", event_url),
            ("eventCancelled", event_cancelled),
            ("eventCompleted", event_completed),
        ):
            if value is not None:
                fields[name] = value
        for name, moment in (("startDateTime", start_date_time), ("endDateTime", end_date_time)):
            if isinstance(moment, datetime):
                if moment.tzinfo is None:
                    raise ValueError(f"{name} must be an aware datetime")
                fields[name] = iso(moment)
            elif moment is not None:
                fields[name] = moment
        if custom_properties:
            fields["customProperties"] = [
                {"name": key, "value": value} for key, value in custom_properties.items()
            ]
        return self.state.upsert_event(
            external_account_id, external_event_id, fields, self.now_ms(), app_id
        )

    def add_list(self, list_id: str | int, *, name: str | None = None) -> ContactList:
        """Create a contact list events can be associated with (or rename one); returns it.

        ``name`` defaults to "List <listId>".
        """
        key = str(list_id)
        return self.state.add_list(key, name or f"List {key}", self.now_ms())

    # -- auth ----------------------------------------------------------------------------------

    def register_oauth_client(self, client_id: str, client_secret: str) -> str:
        """Register an OAuth app; returns a refresh token for ``POST /oauth/v1/token``."""
        return self._auth.register_client(client_id, client_secret)

    def expire_token(self, token: str) -> None:
        """Make ``token`` answer 401 EXPIRED_AUTHENTICATION from now on."""
        self._auth.expire(token)

    def revoke_token(self, token: str) -> None:
        """Make ``token`` (access or refresh) answer 401 INVALID_AUTHENTICATION from now on."""
        self._auth.revoke(token)

    def reset(self) -> None:
        """Forget the state, the request log and the rate-limit windows; restart the faults'
        sequence and RNG. Auth (tokens, OAuth apps) is kept."""
        self.state.reset()
        self._log.clear()
        self._limiter.reset()
        self._injector.reseed(self.seed)

    # -- clients -------------------------------------------------------------------------------

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """An ``httpx.ASGITransport`` to this fake (for ``httpx.AsyncClient(transport=...)``)."""
        return FakeAsyncTransport(app=self.app)

    def sync_transport(self) -> httpx.BaseTransport:
        """A sync transport to this fake, on a private event loop (close it, or its client)."""
        return FakeSyncTransport(self.app)

    def client(self, **kwargs: Any) -> HubSpotEvents:
        """A ``HubSpotEvents`` wired to this fake in-process.

        The token defaults to "fake-token" unless ``auth=`` (e.g. an OAuth) is given.
        """
        from hubspot_events import HubSpotEvents

        http_client = httpx.Client(transport=self.sync_transport(), base_url=self.base_url)
        return HubSpotEvents(
            access_token=kwargs.pop("access_token", None if "auth" in kwargs else "fake-token"),
            base_url=self.base_url,
            http_client=http_client,
            **kwargs,
        )

    def async_client(self, **kwargs: Any) -> AsyncHubSpotEvents:
        """An ``AsyncHubSpotEvents`` wired to this fake in-process (see ``client``)."""
        from hubspot_events import AsyncHubSpotEvents

        http_client = httpx.AsyncClient(transport=self.async_transport(), base_url=self.base_url)
        return AsyncHubSpotEvents(
            access_token=kwargs.pop("access_token", None if "auth" in kwargs else "fake-token"),
            base_url=self.base_url,
            http_client=http_client,
            **kwargs,
        )
