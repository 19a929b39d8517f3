"""Connection options: accepted before or after the command, checked once, turned into a client.

Why both places: ``hubspot-events --token T events upsert f.csv`` reads like git, and
``hubspot-events events upsert f.csv --batch-size 50`` is what people type after seeing a
command's ``--help``. :func:`with_connection_options` adds the options to a command's signature
(typer reads signatures), and :func:`resolve` merges command > global > environment > default.
"""

from __future__ import annotations

import functools
import inspect
import ipaddress
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, NoReturn
from urllib.parse import urlsplit

import typer

from hubspot_events._auth import DeveloperKeyAuth, TokenAuth, check_token
from hubspot_events._client import (
    DEFAULT_BASE_URL,
    DEVELOPER_KEY_ENV,
    TOKEN_ENV,
    AsyncHubSpotEvents,
    HubSpotEvents,
)
from hubspot_events._client import check_base_url as library_check_base_url
from hubspot_events._ratelimit import RateLimit
from hubspot_events._redis import REDIS_URL_ENV, SharedStateError, check_redis_url
from hubspot_events._shared_limit import SharedRateLimit
from hubspot_events._versions import (
    API_VERSION_ENV,
    API_VERSIONS,
    DEFAULT_API_VERSION,
    check_api_version,
)

BASE_URL_ENV = "HUBSPOT_BASE_URL"
APP_ID_ENV = "HUBSPOT_APP_ID"
_CONTEXT = "typer_context"
PANEL = "Connection"
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


class UsageProblem(Exception):
    """A usage error found after parsing (a file's header, an option pair): exit code 2.

    typer keeps its click private, so commands raise this and :func:`with_connection_options`
    prints it the way click prints its own usage errors.
    """


@dataclass(frozen=True)
class Settings:
    """Resolved connection options; ``token`` is None only where no request is made."""

    token: str | None = field(repr=False)
    base_url: str
    batch_size: int
    rate_limit: str | None  # "auto", "100/10s", or None (off)
    max_retries: int
    concurrency: int
    timeout: float
    #: HubSpot's id of the app (app settings, deletes by external ids); see :meth:`for_app`.
    app_id: int | None = None
    developer_api_key: str | None = field(default=None, repr=False)
    #: HubSpot's API version (``--api-version``, else ``$HUBSPOT_API_VERSION``, else v3).
    api_version: str = DEFAULT_API_VERSION
    #: ``--redis`` / ``$HUBSPOT_EVENTS_REDIS_URL``: the rate limit is shared through this Redis.
    redis_url: str | None = field(default=None, repr=False)

    def require_token(self) -> str:
        if not self.token:
            raise UsageProblem(
                f"no HubSpot access token: set {TOKEN_ENV} or pass --token "
                "(a private app token or an OAuth access token)"
            )
        return self.token

    def for_app(self, app_id: int | None, developer_api_key: str | None) -> Settings:
        """These settings for the app-settings operations: the app's id is required, and its
        developer API key (option, else environment) may stand in for the access token."""
        if app_id is None:
            raise UsageProblem(f"pass --app-id (or set {APP_ID_ENV}): HubSpot's id of your app")
        key = developer_api_key or os.environ.get(DEVELOPER_KEY_ENV) or None
        if not key and not self.token:
            raise UsageProblem(
                f"no credentials: pass --developer-api-key or set {DEVELOPER_KEY_ENV} (the app's "
                f"developer API key), or give an OAuth token with the developers scopes ({TOKEN_ENV})"
            )
        if key:
            try:
                key = check_token(key)
            except ValueError as exc:
                raise UsageProblem(f"--developer-api-key: {exc}") from None
        return replace(self, app_id=app_id, developer_api_key=key)

    def _options(self) -> dict[str, Any]:
        # A developer API key alone is enough for the client (it serves the settings calls).
        credentials: dict[str, Any] = (
            {}
            if self.developer_api_key and not self.token
            else {"access_token": self.require_token()}
        )
        return {
            **credentials, "base_url": self.base_url, "batch_size": self.batch_size,
            "rate_limit": self.shared_limit() or self.rate_limit, "max_retries": self.max_retries,
            "timeout": self.timeout, "app_id": self.app_id,
            "developer_api_key": self.developer_api_key, "api_version": self.api_version,
        }  # fmt: skip

    def shared_limit(self) -> SharedRateLimit | None:
        """The rate limit shared through ``--redis`` (None: this process paces alone)."""
        if self.redis_url is None:
            return None
        return SharedRateLimit(self.redis_url, limit=self.rate_limit or "auto")

    def shared_key(self) -> str | None:
        """The Redis key the shared limit is kept under (a hash of the token, never the token)."""
        shared = self.shared_limit()
        if shared is None:
            return None
        if self.token:
            return shared.redis_key(TokenAuth(self.token))
        if self.developer_api_key:
            return shared.redis_key(DeveloperKeyAuth(self.developer_api_key))
        return None

    def client(self) -> HubSpotEvents:
        return HubSpotEvents(**self._options())

    def async_client(self) -> AsyncHubSpotEvents:
        return AsyncHubSpotEvents(**self._options(), concurrency=self.concurrency)


TokenOpt = Annotated[
    str | None,
    typer.Option(
        "--token", help=f"HubSpot access token (default: ${TOKEN_ENV})",
        show_default=False, rich_help_panel=PANEL,
    ),
]  # fmt: skip
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--base-url", help=f"API base URL (default: ${BASE_URL_ENV}, else {DEFAULT_BASE_URL})",
        show_default=False, rich_help_panel=PANEL,
    ),
]  # fmt: skip
ApiVersionOpt = Annotated[
    str | None,
    typer.Option(
        "--api-version", metavar="|".join(API_VERSIONS),
        help=f"HubSpot's API version: {', '.join(API_VERSIONS)} (default: ${API_VERSION_ENV}, else {DEFAULT_API_VERSION})",
        show_default=False, rich_help_panel=PANEL,
    ),
]  # fmt: skip
InsecureOpt = Annotated[
    bool | None,
    typer.Option(
        "--allow-insecure-http", help="Allow plain http to a host other than loopback (sends the token in clear)",
        show_default=False, rich_help_panel=PANEL,
    ),
]  # fmt: skip
BatchSizeOpt = Annotated[
    int | None,
    typer.Option(
        "--batch-size",
        min=1,
        help="Inputs per request (default: 100)",
        show_default=False,
        rich_help_panel=PANEL,
    ),
]
RateLimitOpt = Annotated[
    str | None,
    typer.Option(
        "--rate-limit", help="auto (pace from HubSpot's headers), N/Ts (e.g. 100/10s) or off (default: auto)",
        show_default=False, rich_help_panel=PANEL,
    ),
]  # fmt: skip
MaxRetriesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-retries",
        min=0,
        help="Retries on 5xx, timeouts, 429 (default: 3)",
        show_default=False,
        rich_help_panel=PANEL,
    ),
]
ConcurrencyOpt = Annotated[
    int | None,
    typer.Option(
        "--concurrency",
        min=1,
        help="Requests in flight (default: 4)",
        show_default=False,
        rich_help_panel=PANEL,
    ),
]
RedisOpt = Annotated[
    str | None,
    typer.Option(
        "--redis", metavar="URL",
        help=f"Share the app's rate limit with every process given the same Redis, e.g. redis://host:6379/0 or rediss:// (default: ${REDIS_URL_ENV})",
        show_default=False, rich_help_panel=PANEL,
    ),
]  # fmt: skip
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=0.001,
        help="Seconds per request attempt (default: 30)",
        show_default=False,
        rich_help_panel=PANEL,
    ),
]

#: Name → annotation of every connection option, in the order ``--help`` lists them.
OPTIONS: dict[str, Any] = {
    "token": TokenOpt,
    "base_url": BaseUrlOpt,
    "api_version": ApiVersionOpt,
    "allow_insecure_http": InsecureOpt,
    "batch_size": BatchSizeOpt,
    "rate_limit": RateLimitOpt,
    "max_retries": MaxRetriesOpt,
    "concurrency": ConcurrencyOpt,
    "timeout": TimeoutOpt,
    "redis": RedisOpt,
}


@dataclass(frozen=True)
class GlobalValues:
    """What the root callback was given (all None when nothing was)."""

    values: dict[str, Any]


def with_connection_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the connection options to a command; the command receives ``settings: Settings``.

    The wrapper also turns :class:`UsageProblem` into click's usage-error output and exit code 2.
    """
    signature = inspect.signature(func, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "settings"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
        for name, annotation in OPTIONS.items()
    ]
    context = inspect.Parameter(
        _CONTEXT, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=typer.Context
    )
    parameters = sorted(own, key=lambda p: p.kind == inspect.Parameter.KEYWORD_ONLY)
    parameters += [*added, context]

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        ctx: typer.Context | None = kwargs.pop(_CONTEXT, None)
        given = {name: kwargs.pop(name, None) for name in OPTIONS}
        try:
            return func(*args, settings=resolve(given, ctx), **kwargs)
        except UsageProblem as problem:
            usage_exit(ctx, str(problem))

    command.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    return command


def usage_exit(ctx: typer.Context | None, message: str) -> NoReturn:
    """Print a usage error as click would (``Error: ...`` and a help hint) and exit with 2."""
    hint = f"Try '{ctx.command_path} --help' for help.\n" if ctx is not None else ""
    typer.echo(f"{hint}Error: {message}", err=True)
    raise typer.Exit(2)


def resolve(given: dict[str, Any], ctx: typer.Context | None = None) -> Settings:
    """Command value, else global value, else environment, else default; then checked."""
    root = ctx.find_object(GlobalValues) if ctx is not None else None
    globals_ = root.values if root is not None else {}

    def pick(name: str) -> Any:
        value = given.get(name)
        return value if value is not None else globals_.get(name)

    token = pick("token") or os.environ.get(TOKEN_ENV) or None
    if token:
        try:
            token = check_token(token)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--token") from None
    base_url = pick("base_url") or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    check_base_url(base_url, allow_insecure_http=bool(pick("allow_insecure_http")))
    rate_limit = parse_rate_limit(pick("rate_limit") or "auto")
    redis_url = resolve_redis(pick("redis"), rate_limit)
    return Settings(
        api_version=resolve_api_version(pick("api_version")),
        token=token.strip() if token else None,
        base_url=base_url.rstrip("/"),
        batch_size=pick("batch_size") or 100,
        rate_limit=rate_limit,
        max_retries=_default(pick("max_retries"), 3),
        concurrency=pick("concurrency") or 4,
        timeout=pick("timeout") or 30.0,
        redis_url=redis_url,
    )


def resolve_redis(given: str | None, rate_limit: str | None) -> str | None:
    """``--redis``, else ``$HUBSPOT_EVENTS_REDIS_URL`` (empty: unset); checked now, and Redis
    asked to answer, so that an unreachable one stops the command before anything is sent."""
    name, url = "--redis", given
    if url is None:
        name, url = REDIS_URL_ENV, os.environ.get(REDIS_URL_ENV) or None
    if url is None:
        return None
    try:
        url = check_redis_url(url, name)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=name) from None
    if rate_limit is None:
        raise UsageProblem(f"{name} shares the rate limit: it cannot go with --rate-limit off")
    from hubspot_events._redis import connect

    try:
        connect(url, "the shared rate limit").close()
    except (SharedStateError, ModuleNotFoundError) as exc:
        raise UsageProblem(f"{exc}; nothing was sent") from None
    return url


def resolve_api_version(given: str | None) -> str:
    """``--api-version``, else ``$HUBSPOT_API_VERSION`` (empty counts as unset), else v3;
    a value HubSpot does not serve is a usage error naming where it came from."""
    name, value = "--api-version", given
    if value is None:
        name, value = API_VERSION_ENV, os.environ.get(API_VERSION_ENV) or DEFAULT_API_VERSION
    try:
        return check_api_version(value, name)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=name) from None


def _default(value: int | None, default: int) -> int:
    return default if value is None else value


def parse_rate_limit(text: str) -> str | None:
    """``auto``, ``off`` (also ``none``) or ``N/Ts``; anything else is a usage error now, not later."""
    lowered = text.strip().lower()
    if lowered == "auto":
        return "auto"
    if lowered in ("off", "none"):
        return None
    try:
        RateLimit.parse(lowered)
    except ValueError as exc:
        raise typer.BadParameter(f"{exc}; or 'auto', or 'off'", param_hint="--rate-limit") from None
    return lowered


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, *, allow_insecure_http: bool) -> None:
    """https anywhere; http only on loopback (or when explicitly allowed): the token is in every request.

    Then the library's own check (no query, fragment or credentials; its messages never repeat
    what may be secret), so the CLI refuses exactly what the client would.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    if (
        parts
        and parts.scheme == "http"
        and host
        and not is_loopback(host)
        and not allow_insecure_http
    ):
        raise typer.BadParameter(
            f"refusing plain http to {host}: the access token would travel unencrypted. "
            "Use https, a loopback address (127.0.0.1, ::1, localhost), or --allow-insecure-http",
            param_hint="--base-url",
        )
    try:
        library_check_base_url(url, "--base-url")
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--base-url") from None
