"""Where many workers keep one OAuth grant's tokens: ``OAuth(..., store=RedisTokenStore(url))``.

Why: HubSpot rotates refresh tokens. Workers that refresh alone each spend the refresh token they
hold; the second one's is already spent, and the newest one ends up in one worker's memory
only, lost when it stops. With a store, the current access token and the latest refresh token
live in Redis: a worker whose token is expiring first looks there (someone may have refreshed),
and refreshes only under a Redis lock, after looking again. So N workers refresh once per expiry.

Every write is a compare-and-set on a version number, so a worker that took too long (its lock
expired) can never overwrite a newer refresh token with an older one. The lock expires by itself
(``lock_ttl_s``): a worker killed while refreshing does not block the others for longer.

What is kept: the access token, the refresh token, the expiry and a version, in one hash
``hubspot-events:oauth:<hash>``; the hash is of the app's client id and ``account`` (or of the
refresh token the workers were configured with), never a token itself. Protect it like the
client secret: a password or ACL user, ``rediss://`` across hosts (README "Many workers, one
app").
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

from hubspot_events._redis import (
    KEY_PREFIX,
    SharedStateError,
    check_redis_url,
    connect,
    describe,
    digest,
    redact_redis_url,
    unavailable,
)

if TYPE_CHECKING:
    import redis

#: A compare-and-set write: the tokens are replaced only if nobody wrote since ``version``.
_SAVE = """
local current = tonumber(redis.call('HGET', KEYS[1], 'version')) or 0
if current ~= tonumber(ARGV[1]) then return -1 end
redis.call('HSET', KEYS[1], 'access_token', ARGV[2], 'refresh_token', ARGV[3],
           'expires_at', ARGV[4], 'version', current + 1)
return current + 1
"""
#: Unlock only our own lock (it may have expired and been taken by another worker since).
_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
DEFAULT_LOCK_TTL_S: Final = 30.0
_T = TypeVar("_T")


@dataclass(frozen=True)
class StoredTokens:
    """A grant's tokens as the store holds them, with the version of that write."""

    version: int
    access_token: str
    refresh_token: str
    expires_at: float | None

    def __repr__(self) -> str:
        return f"StoredTokens(version={self.version}, expires_at={self.expires_at!r})"


class TokenStore(Protocol):
    """What :class:`~hubspot_events.OAuth` needs from a store (see :class:`RedisTokenStore`)."""

    #: A stable, non-secret name of the grant (shared rate limits key on it too).
    key: str
    #: How long to wait between looks while another worker holds the lock.
    poll_s: float

    def attach(self, client_id: str, refresh_token: str) -> None: ...

    def load(self) -> StoredTokens | None: ...

    def save(
        self, access_token: str, refresh_token: str, expires_at: float | None, version: int
    ) -> int | None: ...

    def try_lock(self) -> str | None: ...

    def unlock(self, token: str) -> None: ...


class RedisTokenStore:
    """One OAuth grant's tokens in Redis, for every worker that refreshes it.

    ``account``: a name for the installed account (its HubSpot id); with it, workers configured
    with different refresh tokens of the same grant still share. Without it, the key is a hash
    of the client id and the refresh token the workers were started with.
    """

    def __init__(
        self,
        redis_url: str,
        *,
        account: str | int | None = None,
        lock_ttl_s: float = DEFAULT_LOCK_TTL_S,
        poll_s: float = 0.05,
    ) -> None:
        self.redis_url = check_redis_url(redis_url)
        if lock_ttl_s <= 0:
            raise ValueError(f"RedisTokenStore lock_ttl_s must be positive, got {lock_ttl_s!r}")
        self.account = None if account is None else str(account)
        self.lock_ttl_s = lock_ttl_s
        self.poll_s = poll_s
        self.key = ""
        self._client: redis.Redis | None = None

    def __repr__(self) -> str:
        return f"RedisTokenStore({redact_redis_url(self.redis_url)!r}, key={self.key!r})"

    def attach(self, client_id: str, refresh_token: str) -> None:
        """Name the grant and connect (``SharedStateError`` if Redis does not answer)."""
        grant = ("account", self.account) if self.account else ("refresh_token", refresh_token)
        self.key = f"{KEY_PREFIX}:oauth:{digest('oauth', client_id, *grant)}"
        if self._client is None:
            self._client = connect(self.redis_url, "the OAuth token store")
            self._save = self._client.register_script(_SAVE)
            self._unlock = self._client.register_script(_UNLOCK)

    @property
    def _redis(self) -> redis.Redis:
        if self._client is None:
            raise RuntimeError("RedisTokenStore is used before OAuth(..., store=...) attached it")
        return self._client

    def load(self) -> StoredTokens | None:
        """The stored tokens, or None if no worker refreshed yet."""
        raw = self._call(lambda: self._redis.hgetall(self.key))
        fields = {_text(name): _text(value) for name, value in raw.items()}
        if not fields.get("refresh_token"):
            return None
        expires = fields.get("expires_at", "")
        return StoredTokens(
            version=int(fields.get("version", "0")),
            access_token=fields.get("access_token", ""),
            refresh_token=fields["refresh_token"],
            expires_at=float(expires) if expires else None,
        )

    def save(
        self, access_token: str, refresh_token: str, expires_at: float | None, version: int
    ) -> int | None:
        """Write the tokens if the stored version is still ``version``: the new version, or
        None if another worker wrote first (its tokens are newer: load them)."""
        args: list[str | int | float] = [
            version, access_token, refresh_token, "" if expires_at is None else expires_at
        ]  # fmt: skip
        written = int(self._call(lambda: self._save(keys=[self.key], args=args)))
        return None if written < 0 else written

    def try_lock(self) -> str | None:
        """Take the refresh lock if free: a token for :meth:`unlock`, or None."""
        token = os.urandom(12).hex()
        ttl_ms = max(1, round(self.lock_ttl_s * 1000))
        taken = self._call(lambda: self._redis.set(self.key + ":lock", token, nx=True, px=ttl_ms))
        return token if taken else None

    def unlock(self, token: str) -> None:
        self._call(lambda: self._unlock(keys=[self.key + ":lock"], args=[token]))

    def _call(self, command: Callable[[], _T]) -> _T:
        """Run a command; a lost Redis is a :class:`SharedStateError` naming it (no refresh is
        made without the store: it could spend a refresh token the others still hold)."""
        try:
            return command()
        except unavailable() as exc:
            raise SharedStateError(
                f"the OAuth token store: Redis at {redact_redis_url(self.redis_url)} does not "
                f"answer ({describe(exc)})"
            ) from None


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value
