"""The two clients users construct: :class:`HubSpotEvents` and :class:`AsyncHubSpotEvents`.

They only resolve configuration (token, limiter, retry policy, defaults) and wire one core and
one runner into the resources; all behaviour lives in ``_core`` (HTTP) and ``_runner`` (batches).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Awaitable, Callable
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Literal, Self
from urllib.parse import urlsplit

import httpx

from hubspot_events._auth import DeveloperKeyAuth, TokenAuth
from hubspot_events._core import AsyncCore, SyncCore
from hubspot_events._errors import redact_url
from hubspot_events._http import AsyncCookielessClient, CookielessClient
from hubspot_events._ratelimit import Limiter, RateLimit
from hubspot_events._retry import RetryPolicy
from hubspot_events._runner import AsyncRunner, SyncRunner
from hubspot_events._shared_limit import SharedRateLimit
from hubspot_events._version import __version__
from hubspot_events._versions import resolve_api_version
from hubspot_events.resources._common import (
    Async,
    Defaults,
    M,
    RawAsync,
    RawSync,
    Sync,
    whole_number,
)

if TYPE_CHECKING:
    from hubspot_events.resources.attendance import Attendance
    from hubspot_events.resources.events import Events
    from hubspot_events.resources.lists import Lists
    from hubspot_events.resources.participations import Participations
    from hubspot_events.resources.settings import Settings
    from hubspot_events.resources.subscriber_state import SubscriberStates

DEFAULT_BASE_URL = "https://api.hubapi.com"
BASE_URL_ENV = "HUBSPOT_BASE_URL"
TOKEN_ENV = "HUBSPOT_ACCESS_TOKEN"
DEVELOPER_KEY_ENV = "HUBSPOT_DEVELOPER_API_KEY"
DEFAULT_TIMEOUT = 30.0
DEFAULT_CONCURRENCY = 4

RateLimitOption = RateLimit | str | Literal["auto"] | SharedRateLimit | None
#: ``api_version=``: one of ``API_VERSIONS`` (checked when the client is built).
ApiVersionOption = Literal["v3", "2026-03", "2026-09"] | str | None


def _resolve_auth(
    access_token: str | None, auth: httpx.Auth | None, developer_auth: DeveloperKeyAuth | None
) -> httpx.Auth:
    """The client's auth: ``auth=``, else the token; with neither, a developer API key alone
    (it serves the app-settings operations, which is all HubSpot accepts it for)."""
    if auth is not None and access_token is not None:
        raise TypeError("pass either access_token=... or auth=..., not both")
    if auth is not None:
        return auth
    token = access_token if access_token is not None else os.environ.get(TOKEN_ENV)
    if token and token.strip():
        return TokenAuth(token.strip())
    if developer_auth is not None:
        return developer_auth
    raise ValueError(
        "no HubSpot access token: pass access_token='...' (a private app or OAuth access token), "
        f"auth=OAuth(...), or set the {TOKEN_ENV} environment variable"
    )


def resolve_base_url(base_url: str | None) -> tuple[str, str]:
    """The base URL to use and where it came from: the argument, else ``HUBSPOT_BASE_URL``
    (empty counts as unset, as in the CLI), else HubSpot's; checked by :func:`check_base_url`."""
    if base_url is not None:
        return check_base_url(base_url, "base_url"), "base_url"
    from_env = os.environ.get(BASE_URL_ENV)
    if from_env:
        return check_base_url(from_env, BASE_URL_ENV), BASE_URL_ENV
    return DEFAULT_BASE_URL, "default"


def check_base_url(url: object, name: str = "base_url") -> str:
    """``url`` without a trailing slash, if every request can be sent to it as given.

    Why refuse rather than tidy: the core appends each operation's path to this string, so a
    ``?query`` or ``#fragment`` would swallow the path (every call lands on one wrong URL), and
    ``user:pass@`` would send credentials of its own beside the token. Whitespace or a missing
    scheme usually means a value pasted or read from a file with something extra. Messages show
    the URL only up to its path: a query or user-info may hold a secret.
    """
    example = f"e.g. {DEFAULT_BASE_URL}, or http://127.0.0.1:8080 for a sandbox"
    if not isinstance(url, str):
        raise ValueError(f"{name} must be a URL string ({example}), got {type(url).__name__}")
    if not url.isprintable() or any(c.isspace() for c in url):
        raise ValueError(f"{name} contains whitespace or control characters; remove them")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port that is not a number in 0..65535)
    except ValueError as exc:
        raise ValueError(f"{name} is not a valid URL ({exc}); {example}") from None
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"{name} must start with https:// (or http://); {example}")
    host = parts.netloc.rpartition("@")[2]
    if parts.username is not None or parts.password is not None:
        raise ValueError(
            f"{name} must not carry credentials (user:password@): they would be sent with every "
            f"request beside the token; give the token on its own and use "
            f"{parts.scheme}://{host}{parts.path}"
        )
    if not parts.hostname:
        raise ValueError(f"{name} names no host; {example}")
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        raise ValueError(
            f"{name} must not have a ?query or #fragment: each operation's path is appended to "
            f"it; use {parts.scheme}://{host}{parts.path}"
        )
    return url.rstrip("/")


#: ``timeout=``: seconds for every phase (connect, read, write, pool) and for the whole attempt,
#: an ``httpx.Timeout`` for each phase on its own, or ``None`` to wait forever.
TimeoutOption = float | httpx.Timeout | None


def resolve_timeout(timeout: object) -> httpx.Timeout:
    """``timeout=`` as an ``httpx.Timeout``; a clear error for anything else."""
    if isinstance(timeout, httpx.Timeout):
        parts = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        if any(part is not None and not part > 0 for part in parts):
            raise ValueError(
                f"every part of timeout must be positive seconds or None, got {timeout!r}"
            )
        return timeout
    if timeout is None:
        return httpx.Timeout(None)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
        raise ValueError(
            f"timeout must be positive seconds, an httpx.Timeout or None, got {timeout!r}"
        )
    return httpx.Timeout(float(timeout))


def _check_batch_size(batch_size: object) -> int:
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    return batch_size


def _check_max_retries(max_retries: object) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError(f"max_retries must be an int >= 0, got {max_retries!r}")
    return max_retries


def _user_agent(extra: str | None) -> str:
    """``hubspot-events/<version> python/<x.y> httpx/<version>``, then the caller's ``extra``
    (``"zoom-sync/1.2"``): HubSpot and proxies see who sends, and which versions to blame."""
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    ours = f"hubspot-events/{__version__} python/{python} httpx/{httpx.__version__}"
    if extra is None or extra == "":
        return ours
    if not isinstance(extra, str) or not extra.isascii() or not extra.isprintable():
        raise ValueError(f"user_agent must be printable ASCII such as 'my-sync/1.2', got {extra!r}")
    return f"{ours} {extra.strip()}"


class _Options:
    """What both clients resolve identically from their keyword arguments."""

    def __init__(
        self,
        *,
        access_token: str | None,
        auth: httpx.Auth | None,
        base_url: str | None,
        timeout: TimeoutOption,
        max_retries: int,
        batch_size: int,
        rate_limit: RateLimitOption,
        external_account_id: str | None,
        app_id: int | None,
        developer_api_key: str | None,
        api_version: ApiVersionOption,
        user_agent: str | None,
        clock: Callable[[], float],
        wall_clock: Callable[[], float],
    ) -> None:
        self.batch_size = _check_batch_size(batch_size)
        _check_max_retries(max_retries)
        self.base_url, self.base_url_source = resolve_base_url(base_url)
        self.api_version, self.api_version_source = resolve_api_version(api_version)
        self.timeout = resolve_timeout(timeout)
        developer_key = developer_api_key or os.environ.get(DEVELOPER_KEY_ENV) or None
        developer_auth = DeveloperKeyAuth(developer_key) if developer_key else None
        resolved_auth = _resolve_auth(access_token, auth, developer_auth)
        self.core: dict[str, Any] = {
            "base_url": self.base_url,
            "auth": resolved_auth,
            "limiter": Limiter.from_option(rate_limit, clock=clock, auth=resolved_auth),
            "policy": RetryPolicy(max_retries=max_retries),
            "clock": clock,
            "timeout": self.timeout,
            "api_version": self.api_version,
            "user_agent": _user_agent(user_agent),
        }
        self.defaults = Defaults(
            external_account_id=external_account_id,
            app_id=None if app_id is None else whole_number(app_id, "app_id"),
            developer_auth=developer_auth,
            wall_clock=wall_clock,
        )


class _NotGiven:
    """``with_options``' default: keep the client's own value (``None`` is a value there)."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Any = _NotGiven()


class _Resources(Generic[M]):
    """The API areas, shared by both clients and their ``with_raw_response`` views:
    ``Events[Sync]`` on one, ``Events[Async]`` on the other. Each is built on first use,
    importing its generated operations and models only then, so a script that constructs a
    client or uses one area starts faster."""

    _runner: SyncRunner | AsyncRunner
    _defaults: Defaults
    #: Reads answer an ``APIResponse`` (the ``with_raw_response`` views).
    _raw = False

    @cached_property
    def events(self) -> Events[M]:
        from hubspot_events.resources.events import Events

        return Events(self._runner, self._defaults, raw=self._raw)

    @cached_property
    def attendance(self) -> Attendance[M]:
        from hubspot_events.resources.attendance import Attendance

        return Attendance(self._runner, self._defaults, raw=self._raw)

    @cached_property
    def subscriber_state(self) -> SubscriberStates[M]:
        from hubspot_events.resources.subscriber_state import SubscriberStates

        return SubscriberStates(self._runner, self._defaults, raw=self._raw)

    @cached_property
    def participations(self) -> Participations[M]:
        from hubspot_events.resources.participations import Participations

        return Participations(self._runner, self._defaults, raw=self._raw)

    @cached_property
    def lists(self) -> Lists[M]:
        from hubspot_events.resources.lists import Lists

        return Lists(self._runner, self._defaults, raw=self._raw)

    @cached_property
    def settings(self) -> Settings[M]:
        from hubspot_events.resources.settings import Settings

        return Settings(self._runner, self._defaults, raw=self._raw)


class HubSpotEventsWithRawResponse(_Resources[RawSync]):
    """``HubSpotEvents.with_raw_response``: the same methods; reads return an
    :class:`~hubspot_events.APIResponse` (status, headers, correlation id, ``.parse()``)."""

    _raw = True

    def __init__(self, client: HubSpotEvents) -> None:
        self._runner = client._runner
        self._defaults = client._defaults


class AsyncHubSpotEventsWithRawResponse(_Resources[RawAsync]):
    """``AsyncHubSpotEvents.with_raw_response``: reads return an ``APIResponse``."""

    _raw = True

    def __init__(self, client: AsyncHubSpotEvents) -> None:
        self._runner = client._runner
        self._defaults = client._defaults


class _Client(_Resources[M]):
    """What both clients do beyond their areas: options per use, raw answers, repr."""

    _core: SyncCore | AsyncCore
    _owns_http: bool
    #: For the repr: who made the HTTP client ("own", "yours" or "shared" through with_options).
    _http_origin: str = "own"
    _base_url_source: str
    _api_version_source: str

    def with_options(
        self,
        *,
        timeout: TimeoutOption = NOT_GIVEN,
        max_retries: int = NOT_GIVEN,
        rate_limit: RateLimitOption = NOT_GIVEN,
        batch_size: int = NOT_GIVEN,
        external_account_id: str | None = NOT_GIVEN,
        app_id: int | None = NOT_GIVEN,
        api_version: ApiVersionOption = NOT_GIVEN,
        user_agent: str | None = NOT_GIVEN,
    ) -> Self:
        """A client like this one with some options changed, for a call or a part of a job.

        It shares this client's connection pool, auth and token, and its rate limiter (unless
        ``rate_limit=`` is given: then it paces on its own), so it costs nothing to make:
        ``hs.with_options(timeout=120, max_retries=0).events.get("webinar-1")``. Closing it
        leaves the shared pool open; closing this client closes it for both.
        """
        core = self._core
        changes: dict[str, Any] = {}
        if timeout is not NOT_GIVEN:
            changes["timeout"] = resolve_timeout(timeout)
        if max_retries is not NOT_GIVEN:
            retries = _check_max_retries(max_retries)
            changes["policy"] = dataclasses.replace(core.policy, max_retries=retries)
        if rate_limit is not NOT_GIVEN:
            changes["limiter"] = Limiter.from_option(rate_limit, clock=core.clock, auth=core.auth)
        version_source = self._api_version_source
        if api_version is not NOT_GIVEN:
            changes["api_version"], version_source = resolve_api_version(api_version)
        if user_agent is not NOT_GIVEN:
            changes["headers"] = {"User-Agent": _user_agent(user_agent)}
        defaults: dict[str, Any] = {}
        if external_account_id is not NOT_GIVEN:
            defaults["external_account_id"] = external_account_id
        if app_id is not NOT_GIVEN:
            defaults["app_id"] = None if app_id is None else whole_number(app_id, "app_id")
        size = self._runner.batch_size if batch_size is NOT_GIVEN else _check_batch_size(batch_size)

        # Not a copy of ``__dict__``: the areas cached there are built again, on the new runner.
        derived = object.__new__(type(self))
        derived._runner = self._runner.derive(changes, size)
        derived._core = derived._runner.core
        derived._defaults = dataclasses.replace(self._defaults, **defaults)
        derived._owns_http = False
        derived._http_origin = "shared" if self._http_origin == "own" else self._http_origin
        derived._base_url_source = self._base_url_source
        derived._api_version_source = version_source
        return derived

    def __repr__(self) -> str:
        return _repr(self)


class HubSpotEvents(_Client[Sync]):
    """Blocking client for HubSpot's Marketing Events API.

    ``HubSpotEvents()`` reads the token from ``HUBSPOT_ACCESS_TOKEN`` and, when ``base_url`` is
    not given, the base URL from ``HUBSPOT_BASE_URL`` (else ``https://api.hubapi.com``).
    ``rate_limit="auto"`` paces from HubSpot's rate-limit headers; ``RateLimit(190, 10)`` or
    ``"190/10s"`` fixes it; ``None`` turns it off. One limiter per client, shared by all threads
    using it. ``timeout`` is seconds (each phase and the whole attempt) or an ``httpx.Timeout``.
    ``api_version`` picks HubSpot's API version: ``"v3"`` (the default; HubSpot calls it legacy),
    ``"2026-03"`` or ``"2026-09"``, else ``HUBSPOT_API_VERSION``; the same methods and models
    serve all three. ``user_agent`` is added to the package's own. ``sleep`` and ``clock`` exist
    for tests.

    ``hs.with_options(...)`` changes options for some calls; ``hs.with_raw_response`` answers
    reads with the whole HTTP response.
    """

    def __init__(
        self,
        access_token: str | None = None,
        *,
        auth: httpx.Auth | None = None,
        base_url: str | None = None,
        timeout: TimeoutOption = DEFAULT_TIMEOUT,
        max_retries: int = 3,
        batch_size: int = 100,
        rate_limit: RateLimitOption = "auto",
        external_account_id: str | None = None,
        app_id: int | None = None,
        developer_api_key: str | None = None,
        api_version: ApiVersionOption = None,
        user_agent: str | None = None,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        options = _Options(
            access_token=access_token,
            auth=auth,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            batch_size=batch_size,
            rate_limit=rate_limit,
            external_account_id=external_account_id,
            app_id=app_id,
            developer_api_key=developer_api_key,
            api_version=api_version,
            user_agent=user_agent,
            clock=clock,
            wall_clock=wall_clock,
        )
        self._owns_http = http_client is None
        self._http_origin = "own" if http_client is None else "yours"
        http_timeout = options.timeout
        http = (
            http_client
            if http_client is not None
            else lambda: CookielessClient(timeout=http_timeout)
        )
        self._core: SyncCore = SyncCore(http, sleep=sleep, **options.core)
        self._runner: SyncRunner = SyncRunner(self._core, options.batch_size)
        self._defaults = options.defaults
        self._base_url_source = options.base_url_source
        self._api_version_source = options.api_version_source

    @cached_property
    def with_raw_response(self) -> HubSpotEventsWithRawResponse:
        """The same methods; reads return an :class:`~hubspot_events.APIResponse` (status,
        headers, correlation id, rate-limit headers, ``.parse()``):
        ``hs.with_raw_response.events.get("webinar-1").correlation_id``."""
        return HubSpotEventsWithRawResponse(self)

    def close(self) -> None:
        """Close the HTTP connections (only those this client opened)."""
        if self._owns_http:
            self._core.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncHubSpotEvents(_Client[Async]):
    """The same client for asyncio: awaitable methods, ``async for`` over pages.

    Chunked calls run up to ``concurrency`` requests at once, all sharing one rate limiter;
    batch methods accept async iterables (an async database cursor) as well as iterables.
    """

    def __init__(
        self,
        access_token: str | None = None,
        *,
        auth: httpx.Auth | None = None,
        base_url: str | None = None,
        timeout: TimeoutOption = DEFAULT_TIMEOUT,
        max_retries: int = 3,
        batch_size: int = 100,
        rate_limit: RateLimitOption = "auto",
        external_account_id: str | None = None,
        app_id: int | None = None,
        developer_api_key: str | None = None,
        api_version: ApiVersionOption = None,
        user_agent: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        options = _Options(
            access_token=access_token,
            auth=auth,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            batch_size=batch_size,
            rate_limit=rate_limit,
            external_account_id=external_account_id,
            app_id=app_id,
            developer_api_key=developer_api_key,
            api_version=api_version,
            user_agent=user_agent,
            clock=clock,
            wall_clock=wall_clock,
        )
        self._owns_http = http_client is None
        self._http_origin = "own" if http_client is None else "yours"
        http_timeout = options.timeout
        http = (
            http_client
            if http_client is not None
            else lambda: AsyncCookielessClient(timeout=http_timeout)
        )
        if sleep is None:
            import asyncio  # here, not at module level: sync-only users never pay for asyncio

            sleep = asyncio.sleep
        self._core: AsyncCore = AsyncCore(http, sleep=sleep, **options.core)
        self._runner: AsyncRunner = AsyncRunner(self._core, options.batch_size, concurrency)
        self._defaults = options.defaults
        self._base_url_source = options.base_url_source
        self._api_version_source = options.api_version_source

    @cached_property
    def with_raw_response(self) -> AsyncHubSpotEventsWithRawResponse:
        """The same methods; reads return an :class:`~hubspot_events.APIResponse`:
        ``(await hs.with_raw_response.events.get("webinar-1")).correlation_id``."""
        return AsyncHubSpotEventsWithRawResponse(self)

    async def aclose(self) -> None:
        """Close the HTTP connections (only those this client opened)."""
        if self._owns_http:
            await self._core.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def _origin(source: str, option: str) -> str:
    return {option: "", "default": " (default)"}.get(source, f" (from ${source})")


def _timeout_text(timeout: httpx.Timeout | None) -> str:
    if timeout is None:
        return "None"
    parts = {timeout.connect, timeout.read, timeout.write, timeout.pool}
    return repr(parts.pop()) if len(parts) == 1 else repr(timeout)


def _repr(client: _Client[Any]) -> str:
    """Host and API version (and where they came from), auth kind, pacing, batching, timeout
    and retries; never a secret. (:func:`check_base_url` refuses credentials in the URL;
    ``redact_url`` is a second guard.)"""
    core = client._core
    base_url = redact_url(core.base_url)
    host = urlsplit(base_url).netloc
    origin = _origin(client._base_url_source, "base_url")
    through = {
        "own": "",
        "yours": ", http_client=yours (its transport decides where)",
        "shared": ", http_client=shared (with_options)",
    }[client._http_origin]
    version = (
        f"api_version={core.api_version!r}{_origin(client._api_version_source, 'api_version')}"
    )
    return (
        f"{type(client).__name__}(base_url={base_url!r}{origin}, host={host!r}{through}, "
        f"auth={type(core.auth).__name__}, {version}, batch_size={client._runner.batch_size}, "
        f"rate_limit={core.limiter!r}, timeout={_timeout_text(core.timeout)}, "
        f"max_retries={core.policy.max_retries})"
    )
