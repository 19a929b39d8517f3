"""Bearer-token and developer-API-key checks, and the OAuth refresh endpoint of the fake.

A client's auth code is only exercised if the server can say no: a missing or malformed
``Authorization`` header, a token the fake does not accept, and an OAuth access token that has
expired by the fake's (injectable) clock all answer 401 with HubSpot's categories. The OAuth
``/oauth/v1/token`` endpoint issues short-lived access tokens and rotates refresh tokens so that a
client's refresh-ahead, refresh-on-401 and ``on_refresh`` persistence can be tested without a
real HubSpot app. The app-settings operations take the app's developer API key instead, as the
``hapikey`` query parameter; the key is compared, never stored with a request nor echoed back.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from ._errors import EXPIRED_AUTHENTICATION, INVALID_AUTHENTICATION, ApiError

_KEY_MISSING: Final = (
    "This operation needs the app's developer API key as the hapikey query parameter (or an "
    "OAuth access token with the developers scopes)."
)
_KEY_INVALID: Final = (
    "The developer API key provided is invalid. Find your app's key in your HubSpot developer "
    "account."
)
_MISSING: Final = (
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you "
    "can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who made an accepted request: the bearer token ("" for a developer API key), whether the
    fake issued it through OAuth, and the app it speaks for (whose rate-limit window it uses):
    a private app's token is an app of its own, an OAuth token its client's."""

    token: str
    oauth: bool
    app: str = ""


@dataclass(slots=True)
class _Issued:
    client_id: str
    expires_at: float


@dataclass(slots=True)
class _Client:
    secret: str
    refresh_tokens: set[str]


class OAuthFailure(Exception):
    """A refused token request: HubSpot answers these 400s with its own ``status`` codes."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self, correlation_id: str) -> dict[str, Any]:
        """HubSpot's OAuth error body (plus ``category``, so one error mapper reads both)."""
        return {
            "status": self.code,
            "message": self.message,
            "correlationId": correlation_id,
            "category": "VALIDATION_ERROR" if self.status == 400 else INVALID_AUTHENTICATION,
        }


class Auth:
    """Which bearer tokens the fake accepts, and the OAuth apps and tokens it issued.

    ``token=None`` accepts any non-empty bearer token the fake has not expired or revoked itself;
    ``token="T"`` accepts only T. Access tokens issued by ``/oauth/v1/token`` are accepted in both
    modes until they expire (``ttl_s`` after issue, by ``clock``). ``developer_api_key`` works the
    same way for the ``hapikey`` of the operations that take one: None accepts any non-empty key.
    """

    def __init__(
        self,
        token: str | None,
        clock: Callable[[], float],
        ttl_s: float,
        developer_api_key: str | None = None,
    ) -> None:
        self.token = token
        self.developer_api_key = developer_api_key
        self.clock = clock
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        self._issued: dict[str, _Issued] = {}
        self._clients: dict[str, _Client] = {}
        self._expired: set[str] = set()
        self._revoked: set[str] = set()

    def authenticate(self, header: str | None) -> Principal:
        """The principal of an ``Authorization`` header value; raises ApiError(401) if refused."""
        if not header:
            raise ApiError(401, INVALID_AUTHENTICATION, _MISSING)
        scheme, _, token = header.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise ApiError(
                401,
                INVALID_AUTHENTICATION,
                "Authorization header must be 'Bearer <token>'. " + _MISSING,
            )
        with self._lock:
            if token in self._revoked:
                raise ApiError(
                    401, INVALID_AUTHENTICATION, "The access token provided has been revoked."
                )
            if token in self._expired:
                raise ApiError(
                    401, EXPIRED_AUTHENTICATION, "The OAuth token used to make this call expired."
                )
            issued = self._issued.get(token)
        if issued is not None:
            overdue = self.clock() - issued.expires_at
            if overdue >= 0:
                minutes = int(overdue // 60)
                raise ApiError(
                    401,
                    EXPIRED_AUTHENTICATION,
                    f"The OAuth token used to make this call expired {minutes} minute(s) ago.",
                )
            return Principal(token, oauth=True, app="oauth:" + issued.client_id)
        if self.token is not None and not secrets.compare_digest(token, self.token):
            raise ApiError(
                401, INVALID_AUTHENTICATION, "The access token provided is not valid. " + _MISSING
            )
        return Principal(token, oauth=False, app="token:" + token)

    def authenticate_developer(self, hapikey: str | None, header: str | None) -> Principal:
        """The principal of a request to an operation that takes the developer API key.

        A ``hapikey`` query parameter decides when present (empty or not the configured key: 401);
        otherwise a bearer token (an OAuth token with the developers scopes) is checked as usual.
        """
        if hapikey is None:
            if not header:
                raise ApiError(401, INVALID_AUTHENTICATION, _KEY_MISSING)
            return self.authenticate(header)
        if not hapikey.strip():
            raise ApiError(401, INVALID_AUTHENTICATION, _KEY_MISSING)
        expected = self.developer_api_key
        if expected is not None and not secrets.compare_digest(
            hapikey.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape")
        ):
            raise ApiError(401, INVALID_AUTHENTICATION, _KEY_INVALID)
        return Principal("", oauth=False)

    def register_client(self, client_id: str, client_secret: str) -> str:
        """Register an OAuth app (or add a grant to it); returns a fresh refresh token."""
        refresh_token = "fake-rt-" + secrets.token_urlsafe(24)
        with self._lock:
            client = self._clients.setdefault(client_id, _Client(client_secret, set()))
            client.secret = client_secret
            client.refresh_tokens.add(refresh_token)
        return refresh_token

    def expire(self, token: str) -> None:
        """Make ``token`` answer 401 EXPIRED_AUTHENTICATION from now on."""
        with self._lock:
            self._expired.add(token)

    def revoke(self, token: str) -> None:
        """Make ``token`` (access or refresh) answer 401 INVALID_AUTHENTICATION from now on."""
        with self._lock:
            self._revoked.add(token)
            for client in self._clients.values():
                client.refresh_tokens.discard(token)

    def refresh(self, form: Mapping[str, str]) -> dict[str, Any]:
        """Answer ``grant_type=refresh_token``: a new access token, and a rotated refresh token.

        The old refresh token stops working (strict rotation), so a client that does not persist
        the new one (``on_refresh``) fails on its next refresh. Raises OAuthFailure.
        """
        grant_type = form.get("grant_type", "")
        if grant_type != "refresh_token":
            raise OAuthFailure(
                400, "BAD_GRANT_TYPE", f"unsupported grant_type {grant_type!r}; use refresh_token"
            )
        client_id = form.get("client_id", "")
        refresh_token = form.get("refresh_token", "")
        with self._lock:
            client = self._clients.get(client_id)
            if client is None:
                raise OAuthFailure(400, "BAD_CLIENT_ID", "missing or unknown client_id")
            if not secrets.compare_digest(form.get("client_secret", ""), client.secret):
                raise OAuthFailure(400, "BAD_CLIENT_SECRET", "missing or invalid client_secret")
            if refresh_token not in client.refresh_tokens:
                raise OAuthFailure(400, "BAD_REFRESH_TOKEN", "missing or unknown refresh token")
            client.refresh_tokens.discard(refresh_token)
            new_refresh = "fake-rt-" + secrets.token_urlsafe(24)
            client.refresh_tokens.add(new_refresh)
            access_token = "fake-at-" + secrets.token_urlsafe(32)
            self._issued[access_token] = _Issued(client_id, self.clock() + self.ttl_s)
        return {
            "access_token": access_token,
            "refresh_token": new_refresh,
            "expires_in": int(self.ttl_s),
            "token_type": "bearer",
        }
