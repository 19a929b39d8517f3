"""OAuth through the clients, and secrets kept out of logs, reprs and exceptions."""

from __future__ import annotations

import asyncio
import logging
import traceback
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from test_client_support import (
    TOKEN,
    WALL_NOW_S,
    both,
    emails,
    error_body,
    make_rig,
    raises,
    rate_limited,
    record,
    reply,
    subscriber_results,
)

from hubspot_events import (
    AsyncHubSpotEvents,
    AuthenticationError,
    HubSpotEvents,
    OAuth,
    OAuthTokens,
    RateLimit,
)

CLIENT_SECRET = "secret-7c1f0e2a"
REFRESH_TOKEN = "refresh-3b9d44"
OLD_ACCESS = "access-old-51aa"
NEW_ACCESS = "access-new-82cc"
TOKEN_PATH = "/oauth/v1/token"


class OAuthServer:
    """HubSpot with its token endpoint: accepts only the access token it issued last."""

    def __init__(self, *, valid: str = NEW_ACCESS, expired_answer: str = "EXPIRED_AUTHENTICATION"):
        self.valid = valid
        self.expired_answer = expired_answer
        self.requests: list[httpx.Request] = []
        self.bearers: list[str | None] = []  # as sent: a retried request object is re-signed

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bearers.append(request.headers.get("Authorization"))
        if request.url.path == TOKEN_PATH:
            return httpx.Response(
                200,
                json={
                    "access_token": NEW_ACCESS,
                    "refresh_token": "refresh-rotated",
                    "expires_in": 1800,
                    "token_type": "bearer",
                },
            )
        if request.headers.get("Authorization") != f"Bearer {self.valid}":
            return httpx.Response(
                401,
                json=error_body(
                    "The OAuth token used to make this call expired 2 minute(s) ago.",
                    self.expired_answer,
                    "corr-401",
                ),
            )
        return subscriber_results(request)

    @property
    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]

    def refreshes(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path == TOKEN_PATH]


def oauth(**kwargs: Any) -> OAuth:
    kwargs.setdefault("access_token", OLD_ACCESS)
    kwargs.setdefault("clock", lambda: WALL_NOW_S)
    return OAuth("client-1", CLIENT_SECRET, REFRESH_TOKEN, **kwargs)


@both
def test_expired_oauth_token_is_refreshed_once_before_the_call(flavour: str) -> None:
    refreshed: list[OAuthTokens] = []
    server = OAuthServer()
    auth = oauth(expires_at=WALL_NOW_S - 1, on_refresh=refreshed.append)
    rig = make_rig(flavour, server=server, auth=auth)

    result = record(rig, ["a@example.com"])

    assert result.ok
    assert server.paths == [
        TOKEN_PATH,
        "/marketing/v3/marketing-events/attendance/w-1/attend/email-create",
    ]
    (refresh,) = server.refreshes()
    assert refresh.method == "POST"
    assert refresh.url == "https://api.hubapi.com/oauth/v1/token"
    assert refresh.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(refresh.content.decode()) == {
        "grant_type": ["refresh_token"],
        "client_id": ["client-1"],
        "client_secret": [CLIENT_SECRET],
        "refresh_token": [REFRESH_TOKEN],
    }
    assert server.bearers[1] == f"Bearer {NEW_ACCESS}"
    assert refreshed == [OAuthTokens(NEW_ACCESS, "refresh-rotated", WALL_NOW_S + 1800)]


@both
def test_oauth_401_expired_authentication_refreshes_once_and_retries(flavour: str) -> None:
    server = OAuthServer()
    rig = make_rig(flavour, server=server, auth=oauth(expires_at=None))

    result = record(rig, ["a@example.com"])

    assert result.ok
    call = "/marketing/v3/marketing-events/attendance/w-1/attend/email-create"
    assert server.paths == [call, TOKEN_PATH, call]
    assert [server.bearers[0], server.bearers[2]] == [
        f"Bearer {OLD_ACCESS}",
        f"Bearer {NEW_ACCESS}",
    ]
    assert rig.sleeps == []


@both
def test_oauth_token_still_refused_after_refresh_raises_authentication_error(
    flavour: str,
) -> None:
    server = OAuthServer(valid="never-issued", expired_answer="INVALID_AUTHENTICATION")
    rig = make_rig(flavour, server=server, auth=oauth())

    with pytest.raises(AuthenticationError) as caught:
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    assert caught.value.category == "INVALID_AUTHENTICATION"
    assert len(server.refreshes()) == 1


@both
def test_refused_refresh_raises_authentication_error_without_secrets(flavour: str) -> None:
    def server(request: httpx.Request) -> httpx.Response:
        assert request.url.path == TOKEN_PATH
        return httpx.Response(
            400,
            json={
                "status": "BAD_REFRESH_TOKEN",
                "message": f"missing or unknown refresh token {REFRESH_TOKEN}",
                "correlationId": "corr-oauth",
            },
        )

    rig = make_rig(flavour, then=server, auth=oauth(access_token=None))

    with pytest.raises(AuthenticationError) as caught:
        rig.run(lambda c: c.events.get("w-1", external_account_id="zoom-42"))

    assert caught.value.status_code == 400
    rendered = "".join(traceback.format_exception(caught.value)) + repr(vars(caught.value))
    for secret in (REFRESH_TOKEN, CLIENT_SECRET):
        assert secret not in rendered


async def test_concurrent_async_calls_with_an_expired_token_refresh_once() -> None:
    server = OAuthServer()

    async def slow_server(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)
        return server(request)

    auth = oauth(expires_at=WALL_NOW_S - 1)
    async with AsyncHubSpotEvents(
        auth=auth,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(slow_server)),
        rate_limit=None,
        batch_size=1,
        concurrency=3,
    ) as hs:
        result = await hs.attendance.record_by_email("attend", emails(6), external_event_id="w-1")

    assert result.ok
    assert len(server.refreshes()) == 1
    assert len(server.requests) == 7


# --- secrets in logs, reprs and errors -----------------------------------------------------


@both
def test_token_never_appears_in_debug_logs_over_a_run_with_retries(
    flavour: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: ours, httpx's, httpcore's
    rig = make_rig(
        flavour,
        reply(503),
        reply(429, rate_limited("TEN_SECONDLY_ROLLING"), headers={"Retry-After": "1"}),
        raises(httpx.ConnectError, "refused"),
        reply(401, error_body("expired", "EXPIRED_AUTHENTICATION")),
    )

    with pytest.raises(AuthenticationError) as caught:
        record(rig, ["a@example.com"])

    assert len([r for r in caplog.records if r.name == "hubspot_events"]) == 4
    logged = caplog.text + "".join(repr(r.__dict__) for r in caplog.records)
    assert TOKEN not in logged
    assert TOKEN not in "".join(traceback.format_exception(caught.value))


@both
def test_oauth_secrets_never_appear_in_debug_logs(
    flavour: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rig = make_rig(flavour, server=OAuthServer(), auth=oauth(expires_at=None))

    record(rig, ["a@example.com"])

    logged = caplog.text + "".join(repr(r.__dict__) for r in caplog.records)
    for secret in (OLD_ACCESS, NEW_ACCESS, CLIENT_SECRET, REFRESH_TOKEN, "refresh-rotated"):
        assert secret not in logged


@pytest.mark.parametrize("client_class", [HubSpotEvents, AsyncHubSpotEvents])
@pytest.mark.parametrize("rate_limit", ["auto", RateLimit(190, 10), None])
def test_client_repr_shows_no_token(client_class: type[Any], rate_limit: Any) -> None:
    client = client_class(access_token=TOKEN, rate_limit=rate_limit)

    text = repr(client)

    assert TOKEN not in text
    assert text.startswith(f"{client_class.__name__}(")
    assert "https://api.hubapi.com" in text, "the repr says where the client talks to"
    assert TOKEN not in repr(client._core.auth)


def test_oauth_client_repr_shows_no_secret() -> None:
    auth = oauth()
    text = repr(HubSpotEvents(auth=auth)) + repr(auth) + repr(auth._state)

    for secret in (OLD_ACCESS, CLIENT_SECRET, REFRESH_TOKEN):
        assert secret not in text
