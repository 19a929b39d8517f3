"""The one place that talks to Redis for the shared rate limit and the shared OAuth tokens.

Why a module of its own: redis-py is an extra (``hubspot-events[redis]``, also in ``[cli]``), so
it is imported here, lazily, and a missing install says which extra to add. The connection is
made to fail fast (short timeouts, no retries of its own): a caller that loses Redis falls back
to pacing alone at once instead of stalling every request behind redis-py's backoff.

Keys are derived from a hash, never from a secret itself: whoever can read Redis's key names
(``SCAN``, ``MONITOR``, a dashboard) must not learn a token from them.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit, urlunsplit

from hubspot_events._errors import HubSpotError
from hubspot_events._extras import REDIS_MODULES, require

if TYPE_CHECKING:
    import redis

#: Every key this package writes starts with this (an ACL can confine the client to it).
KEY_PREFIX: Final = "hubspot-events"
#: Connecting and each command give up after this long: a lost Redis must not stall requests.
CONNECT_TIMEOUT_S: Final = 1.0
COMMAND_TIMEOUT_S: Final = 2.0
#: The environment variable the CLI reads for ``--redis``.
REDIS_URL_ENV: Final = "HUBSPOT_EVENTS_REDIS_URL"


class SharedStateError(HubSpotError):
    """Redis, which holds the shared rate limit or OAuth tokens, cannot be used.

    Raised when a client or store is built and Redis does not answer (nothing has been sent to
    HubSpot then), or when a URL is not a Redis URL. A Redis lost *mid-run* raises nothing: the
    limiter paces alone from HubSpot's headers until Redis is back.
    """


def redact_redis_url(url: str) -> str:
    """``url`` without its password (``redis://user:***@host:6379/0``): safe to print or log."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable Redis URL>"
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, ""))


def check_redis_url(url: str, name: str = "redis_url") -> str:
    """The URL, stripped; ValueError naming ``name`` if it is not redis://, rediss:// or unix://."""
    if not isinstance(url, str) or not url.strip():
        raise ValueError(f"{name} must be a Redis URL such as redis://127.0.0.1:6379/0")
    url = url.strip()
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in ("redis", "rediss", "unix"):
        raise ValueError(
            f"{name} {redact_redis_url(url)!r} is not a Redis URL: use redis://HOST:PORT/DB, "
            "rediss:// (TLS) or unix:///path/to/redis.sock"
        )
    return url


def connect(url: str, what: str) -> redis.Redis:
    """A client for ``url`` that has answered a ``PING``; :class:`SharedStateError` if not.

    ``what`` names the feature in the error (``"the shared rate limit"``).
    """
    require(what, "redis", REDIS_MODULES)
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis.from_url(
        check_redis_url(url),
        socket_connect_timeout=CONNECT_TIMEOUT_S,
        socket_timeout=COMMAND_TIMEOUT_S,
        retry=Retry(NoBackoff(), 0),
        client_name="hubspot-events",
    )
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        client.close()
        raise SharedStateError(
            f"{what}: Redis at {redact_redis_url(url)} does not answer ({describe(exc)}); "
            "start it, fix the URL (--redis / HUBSPOT_EVENTS_REDIS_URL), or run without it"
        ) from None
    return client


def describe(exc: BaseException) -> str:
    """A one-line reason for a Redis failure, without the URL's password (redis-py's messages
    carry host and port, never the password)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def unavailable() -> tuple[type[BaseException], ...]:
    """The exceptions that mean "Redis is not there right now" (connection lost, timed out,
    restarted and refusing, busy loading its data)."""
    import redis

    return (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError, OSError)


def digest(*parts: str) -> str:
    """A short, stable hash of ``parts`` for a key name: never reversible to a secret."""
    hasher = hashlib.sha256(b"hubspot-events/shared/v1")
    for part in parts:
        hasher.update(b"\0" + part.encode("utf-8"))
    return hasher.hexdigest()[:20]
