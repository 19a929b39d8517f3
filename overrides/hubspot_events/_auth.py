"""Authentication as ``httpx.Auth`` objects: a fixed bearer token, OAuth with refresh, or an
app's developer API key.

Being ``httpx.Auth``, both plug into any ``httpx.Client`` / ``AsyncClient`` (including one the
user brings), and an OAuth refresh is a request *yielded from the auth flow*: it goes through the
same client and transport as the call that needed it (a test's mock transport, the in-process fake,
a proxy), with no second HTTP client to configure.

Secrets never appear in a ``repr``, a ``str`` or an error raised here.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import weakref
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from hubspot_events._errors import (
    APIStatusError,
    AuthenticationError,
    error_from_response,
    redact_url,
)
from hubspot_events._redact import Redactor

if TYPE_CHECKING:
    import asyncio

    from hubspot_events._token_store import TokenStore

logger = logging.getLogger("hubspot_events")

#: Relative, so refreshes go to the host the client talks to (HubSpot, or a fake on loopback).
HUBSPOT_TOKEN_URL = "/oauth/v1/token"


_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")
# How often an async caller checks whether another thread's refresh has finished: a refresh is
# one round trip (tens of ms), and this only runs while one is under way elsewhere.
_LOCK_POLL_S = 0.005


def check_token(token: str) -> str:
    """The token, stripped; ValueError (never echoing it) if it cannot go in an HTTP header."""
    token = token.strip()
    if not token:
        raise ValueError("token must be a non-empty string")
    if not _HEADER_SAFE.fullmatch(token):
        raise ValueError(
            "token contains characters that cannot be sent in an HTTP header (a line break, "
            "a space, a control or non-ASCII character); check how it was copied"
        )
    return token


class TokenAuth(httpx.Auth):
    """``Authorization: Bearer <token>``: a private-app token or an OAuth access token."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {check_token(token)}"
        self.identity = "token\0" + self._header  # hashed before use: see shared_identity

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "TokenAuth(token='***')"


class DeveloperKeyAuth(httpx.Auth):
    """An app's developer API key, sent as HubSpot documents it for the app-settings operations:
    the ``hapikey`` query parameter, with no ``Authorization`` header.

    Why a logging filter: httpx logs each request's full URL at INFO, query included; the filter
    on the ``httpx`` logger replaces the key there (errors already redact it, see ``redact_url``).
    """

    def __init__(self, key: str) -> None:
        self._key = check_token(key)
        self.identity = "developer\0" + self._key  # hashed before use: see shared_identity
        install_url_redaction()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.url = request.url.copy_merge_params({"hapikey": self._key})
        request.headers.pop("Authorization", None)
        yield request

    def __repr__(self) -> str:
        return "DeveloperKeyAuth(key='***')"


class _RedactUrls(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(
            isinstance(arg, httpx.URL) for arg in record.args
        ):
            record.args = tuple(
                redact_url(str(arg)) if isinstance(arg, httpx.URL) else arg for arg in record.args
            )
        return True


_URL_REDACTION = _RedactUrls()


def install_url_redaction() -> None:
    logging.getLogger("httpx").addFilter(_URL_REDACTION)  # a set: adding twice is harmless


@dataclass(frozen=True)
class OAuthTokens:
    """What a refresh produced; persist it in ``on_refresh`` (HubSpot may rotate the refresh token)."""

    access_token: str
    refresh_token: str
    expires_at: float | None  # epoch seconds; None: unknown, valid until HubSpot answers 401

    def __repr__(self) -> str:
        return (
            f"OAuthTokens(access_token='***', refresh_token='***', expires_at={self.expires_at!r})"
        )


class OAuth(httpx.Auth):
    """OAuth 2 bearer auth that refreshes its access token ahead of expiry and once on a 401.

    Refreshes are serialized by one ``threading.Lock`` shared by every caller (threads, sync and
    async clients, any event loop) and each caller remembers which token *generation* it saw:
    after taking the lock it refreshes only if nobody else has meanwhile, so N concurrent callers
    with an expired token cause exactly one refresh. Async callers first queue on an
    ``asyncio.Lock`` of their event loop, then take the shared lock without blocking the loop.
    One lock for all matters: HubSpot may rotate the refresh token, and a second refresh sent
    with the old one (a sync and an async client refreshing at once) would be refused.

    ``token_url`` is relative by default (``"/oauth/v1/token"``) and resolved against the scheme
    and host of the request being authenticated, i.e. the client's ``base_url``, so the same code
    refreshes against HubSpot and against a fake on loopback; pass an absolute URL to refresh
    elsewhere.
    ``on_refresh`` runs under the lock, after the new tokens are in place; keep it quick. If it
    raises, the call that triggered the refresh fails with that error; the new tokens stay.

    ``store`` (a :class:`~hubspot_events.RedisTokenStore`) shares the tokens between processes:
    its tokens win over the ones given here (the refresh token may have rotated since), a worker
    whose token is expiring looks there before refreshing, and refreshes under the store's lock,
    so N workers refresh once per expiry and the newest refresh token is always the stored one.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        *,
        access_token: str | None = None,
        expires_at: float | None = None,
        token_url: str = HUBSPOT_TOKEN_URL,
        refresh_margin_s: float = 60.0,
        on_refresh: Callable[[OAuthTokens], None] | None = None,
        clock: Callable[[], float] = time.time,
        store: TokenStore | None = None,
    ) -> None:
        for name, value in (
            ("client_id", client_id),
            ("client_secret", client_secret),
            ("refresh_token", refresh_token),
        ):
            if not value:
                raise ValueError(f"OAuth {name} must be a non-empty string")
        self.client_id = client_id
        self._client_secret = client_secret
        self._token_url = token_url
        self._refresh_margin_s = refresh_margin_s
        self._on_refresh = on_refresh
        self._clock = clock
        # (generation, tokens), replaced as a whole so that readers never see half an update.
        self._state = (0, OAuthTokens(access_token or "", refresh_token, expires_at))
        self._sync_lock = threading.Lock()
        self._async_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._store = store
        self._store_version = 0  # the store's version of the tokens this instance holds
        #: Names this grant for a shared rate limit (hashed before use; see shared_identity).
        self.identity = f"oauth\0{client_id}\0{refresh_token}"
        if store is not None:
            store.attach(client_id, refresh_token)
            self.identity = "oauth-store\0" + store.key
            self._adopt_stored(None)

    def __repr__(self) -> str:
        return f"OAuth(client_id={self.client_id!r})"

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        request.read()  # it may be sent again after a 401, so a streamed body must be replayable
        generation, tokens = self._state
        if self._expiring(tokens):
            yield from self._sync_refresh(request, generation)
        generation = self._sign(request)
        response = yield request
        if response.status_code == 401:
            yield from self._sync_refresh(request, generation, _bearer(request))
            self._sign(request)
            yield request

    def _sync_refresh(
        self, request: httpx.Request, seen: int, rejected: str | None = None
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Refresh, unless another caller did since this one saw generation ``seen`` (or, with a
        store, another worker did: then its tokens are taken)."""
        with self._sync_lock:
            if self._state[0] == seen:
                needed, lock = self._sync_claim(rejected)
                try:
                    if needed:
                        response = yield self._refresh_request(request)
                        response.read()
                        self._accept(response)
                finally:
                    self._unlock_store(lock)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()  # see sync_auth_flow
        generation, tokens = self._state
        if self._expiring(tokens):
            # Same as _sync_refresh; an async generator cannot delegate with ``yield from``.
            async with self._async_lock():
                await self._take_shared_lock()
                lock = None
                try:
                    if self._state[0] == generation:
                        needed, lock = await self._async_claim(None)
                        if needed:
                            response = yield self._refresh_request(request)
                            await response.aread()
                            self._accept(response)
                finally:
                    self._unlock_store(lock)
                    self._sync_lock.release()
        generation = self._sign(request)
        response = yield request
        if response.status_code != 401:
            return
        async with self._async_lock():
            await self._take_shared_lock()
            lock = None
            try:
                if self._state[0] == generation:
                    needed, lock = await self._async_claim(_bearer(request))
                    if needed:
                        refresh_response = yield self._refresh_request(request)
                        await refresh_response.aread()
                        self._accept(refresh_response)
            finally:
                self._unlock_store(lock)
                self._sync_lock.release()
        self._sign(request)
        yield request

    async def _take_shared_lock(self) -> None:
        """Take the lock sync callers use, without blocking the event loop while another thread
        (a sync client, another loop) holds it for its refresh's round trip."""
        import asyncio  # here, not at module level: sync-only users never pay for asyncio

        while not self._sync_lock.acquire(blocking=False):
            await asyncio.sleep(_LOCK_POLL_S)

    # -- the shared store (many workers, one grant) ----------------------------------------------

    def _adopt_stored(self, rejected: str | None) -> bool:
        """Take the store's tokens if another worker wrote newer ones; whether they can be used
        as they are (not expiring, not the access token HubSpot just refused)."""
        if self._store is None:
            return False
        stored = self._store.load()
        if stored is None or stored.version <= self._store_version:
            return False
        tokens = OAuthTokens(stored.access_token, stored.refresh_token, stored.expires_at)
        self._state = (self._state[0] + 1, tokens)
        self._store_version = stored.version
        return tokens.access_token != rejected and not self._expiring(tokens)

    def _sync_claim(self, rejected: str | None) -> tuple[bool, str | None]:
        """Whether to refresh, and the store's lock if one was taken for it."""
        store = self._store
        if store is None:
            return True, None
        if self._adopt_stored(rejected):
            return False, None
        while (lock := store.try_lock()) is None:
            time.sleep(store.poll_s)  # another worker is refreshing: its tokens come next
            if self._adopt_stored(rejected):
                return False, None
        return self._claimed(lock, rejected)

    async def _async_claim(self, rejected: str | None) -> tuple[bool, str | None]:
        store = self._store
        if store is None:
            return True, None
        if self._adopt_stored(rejected):
            return False, None
        import asyncio  # here, not at module level: sync-only users never pay for asyncio

        while (lock := store.try_lock()) is None:
            await asyncio.sleep(store.poll_s)
            if self._adopt_stored(rejected):
                return False, None
        return self._claimed(lock, rejected)

    def _claimed(self, lock: str, rejected: str | None) -> tuple[bool, str | None]:
        """The lock is ours: a last look (the previous holder may have written just before)."""
        if self._adopt_stored(rejected):
            self._unlock_store(lock)
            return False, None
        return True, lock

    def _unlock_store(self, lock: str | None) -> None:
        if lock is not None and self._store is not None:
            self._store.unlock(lock)

    def _stored(self, tokens: OAuthTokens, spent: str) -> None:
        """Write freshly refreshed tokens to the store, never over newer ones: if another worker
        wrote meanwhile (this one's lock expired), ours win only if theirs still hold the
        refresh token we just spent."""
        store = self._store
        if store is None:
            return
        args = (tokens.access_token, tokens.refresh_token, tokens.expires_at)
        written = store.save(*args, self._store_version)
        if written is None:
            latest = store.load()
            if latest is not None and latest.refresh_token == spent:
                written = store.save(*args, latest.version)
        if written is None:
            logger.warning(
                "OAuth: another worker stored newer tokens while this one refreshed (the store's "
                "lock expired); keeping theirs in the store"
            )
            return
        self._store_version = written

    def _expiring(self, tokens: OAuthTokens) -> bool:
        if not tokens.access_token:
            return True
        return (
            tokens.expires_at is not None
            and tokens.expires_at - self._refresh_margin_s <= self._clock()
        )

    def _sign(self, request: httpx.Request) -> int:
        """Put the current access token on ``request``; return its generation."""
        generation, tokens = self._state
        request.headers["Authorization"] = f"Bearer {tokens.access_token}"
        return generation

    def _async_lock(self) -> asyncio.Lock:
        # An asyncio.Lock belongs to one event loop; clients in other loops get their own.
        import asyncio  # here, not at module level: sync-only users never pay for asyncio

        loop = asyncio.get_running_loop()
        lock = self._async_locks.get(loop)
        if lock is None:
            lock = self._async_locks[loop] = asyncio.Lock()
        return lock

    def _refresh_request(self, request: httpx.Request) -> httpx.Request:
        url = httpx.URL(self._token_url)
        if url.is_relative_url:
            url = request.url.join("/" + self._token_url.lstrip("/"))
        # A request built here has no timeout of its own; borrow the client's from the request.
        timeout = request.extensions.get("timeout")
        return httpx.Request(
            "POST",
            url,
            data={
                "grant_type": "refresh_token",
                "client_id": self.client_id,
                "client_secret": self._client_secret,
                "refresh_token": self._state[1].refresh_token,
            },
            headers={"Accept": "application/json"},
            extensions={"timeout": timeout} if timeout is not None else None,
        )

    def _accept(self, response: httpx.Response) -> None:
        """Install the tokens from a token-endpoint response, or raise ``AuthenticationError``."""
        generation, old = self._state
        if not response.is_success:
            raise self._refresh_error(response, old)
        try:
            data: Any = response.json()
            access_token = data["access_token"]
            expires_in = data.get("expires_in")
            if not isinstance(access_token, str) or not _HEADER_SAFE.fullmatch(access_token):
                raise TypeError("access_token")
            expires_at = self._clock() + float(expires_in) if expires_in is not None else None
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            raise AuthenticationError(
                "OAuth token endpoint answered without a usable access_token",
                status_code=response.status_code,
                url=str(response.request.url),
                request_method="POST",
                headers=response.headers,
            ) from None
        rotated = data.get("refresh_token")
        refresh_token = rotated if isinstance(rotated, str) and rotated else old.refresh_token
        tokens = OAuthTokens(access_token, refresh_token, expires_at)
        self._state = (generation + 1, tokens)
        self._stored(tokens, old.refresh_token)
        if self._on_refresh is not None:
            self._on_refresh(tokens)

    def _refresh_error(self, response: httpx.Response, tokens: OAuthTokens) -> APIStatusError:
        """A refused refresh is an ``AuthenticationError``, even HubSpot's 400 for a bad token;
        a 5xx or 429 says nothing about the credentials: ``InternalServerError`` /
        ``RateLimitError``, which the request path retries like any other."""
        transient = response.status_code >= 500 or response.status_code == 429
        return error_from_response(
            response.status_code,
            response.headers,
            response.content,
            method="POST",
            url=str(response.request.url),
            error_class=None if transient else AuthenticationError,
            secrets=Redactor((self._client_secret, tokens.refresh_token, tokens.access_token)),
        )


def _bearer(request: httpx.Request) -> str | None:
    """The access token ``request`` was sent with (the one HubSpot refused, after a 401)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def shared_identity(auth: httpx.Auth) -> str | None:
    """What names the app and account ``auth`` speaks for (a private-app token, an OAuth grant,
    a developer key), to be hashed into a shared rate limit's key; None for an unknown auth."""
    identity = getattr(auth, "identity", None)
    return identity if isinstance(identity, str) and identity else None
