"""TokenAuth and OAuth against a mock HubSpot (httpx.MockTransport), sync and async."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncGenerator, Generator
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from hubspot_events._auth import OAuth, OAuthTokens, TokenAuth
from hubspot_events._errors import AuthenticationError, InternalServerError

BASE = "https://api.hubapi.com"
SECRET = "client-secret-XYZ"
REFRESH = "refresh-0"


class FakeHubSpot:
    """An API that accepts only the current access token, and HubSpot's token endpoint."""

    def __init__(
        self, *, access_token: str = "access-0", rotate: bool = False, expires_in: int = 1800
    ) -> None:
        self.access_token = access_token
        self.refresh_token = REFRESH
        self.rotate = rotate
        self.expires_in = expires_in
        self.refreshes: list[dict[str, str]] = []
        self.refresh_requests: list[httpx.Request] = []
        self.api_calls: list[str | None] = []  # the Authorization header of each API call
        self.always_401 = False

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/v1/token":
            return self.token(request)
        self.api_calls.append(request.headers.get("Authorization"))
        if (
            not self.always_401
            and request.headers.get("Authorization") == f"Bearer {self.access_token}"
        ):
            return httpx.Response(200, json={"ok": True, "body": request.content.decode()})
        return httpx.Response(
            401,
            json={"message": "expired", "category": "EXPIRED_AUTHENTICATION", "correlationId": "c"},
        )

    async def ahandle(self, request: httpx.Request) -> httpx.Response:
        """The same, letting other tasks run first: concurrent callers really overlap."""
        await asyncio.sleep(0)
        return self.handle(request)

    def token(self, request: httpx.Request) -> httpx.Response:
        form = dict(parse_qsl(request.content.decode()))
        self.refreshes.append(form)
        self.refresh_requests.append(request)
        if form.get("refresh_token") != self.refresh_token or form.get("client_secret") != SECRET:
            return httpx.Response(
                400,
                json={"status": "BAD_REFRESH_TOKEN", "message": "missing or unknown refresh token"},
            )
        count = len(self.refreshes)
        self.access_token = f"access-{count}"
        body: dict[str, Any] = {
            "access_token": self.access_token,
            "expires_in": self.expires_in,
            "token_type": "bearer",
        }
        if self.rotate:
            self.refresh_token = body["refresh_token"] = f"refresh-{count}"
        return httpx.Response(200, json=body)


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def oauth(clock: Clock | None = None, **kwargs: Any) -> OAuth:
    return OAuth("client-id-1", SECRET, REFRESH, clock=clock or Clock(), **kwargs)


@pytest.fixture
def hubspot() -> FakeHubSpot:
    return FakeHubSpot()


def sync_get(hubspot: FakeHubSpot, auth: httpx.Auth, **kwargs: Any) -> httpx.Response:
    with httpx.Client(
        base_url=BASE, transport=httpx.MockTransport(hubspot.handle), auth=auth, **kwargs
    ) as client:
        return client.get("/marketing/v3/marketing-events/events/e-1")


async def async_get(hubspot: FakeHubSpot, auth: httpx.Auth) -> httpx.Response:
    async with httpx.AsyncClient(
        base_url=BASE, transport=httpx.MockTransport(hubspot.ahandle), auth=auth
    ) as client:
        return await client.get("/marketing/v3/marketing-events/events/e-1")


# --- TokenAuth ---------------------------------------------------------------------------------


def test_token_auth_sets_the_bearer_header(hubspot: FakeHubSpot) -> None:
    response = sync_get(hubspot, TokenAuth(" access-0\n"))
    assert response.status_code == 200
    assert hubspot.api_calls[0] == "Bearer access-0"


async def test_token_auth_async(hubspot: FakeHubSpot) -> None:
    response = await async_get(hubspot, TokenAuth("access-0"))
    assert response.status_code == 200


def test_token_auth_repr_hides_the_token() -> None:
    auth = TokenAuth("pat-na1-SECRET")
    assert repr(auth) == "TokenAuth(token='***')"
    assert "SECRET" not in str(auth)


def test_token_auth_rejects_an_empty_token() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        TokenAuth("  ")


# --- OAuth: when to refresh --------------------------------------------------------------------


def test_valid_token_is_used_without_refreshing(hubspot: FakeHubSpot) -> None:
    clock = Clock()
    response = sync_get(hubspot, oauth(clock, access_token="access-0", expires_at=clock.now + 3600))
    assert response.status_code == 200
    assert hubspot.refreshes == []
    assert hubspot.api_calls[0] == "Bearer access-0"


def test_token_without_expiry_is_used_until_a_401(hubspot: FakeHubSpot) -> None:
    assert sync_get(hubspot, oauth(access_token="access-0")).status_code == 200
    assert hubspot.refreshes == []


def test_refreshes_ahead_of_expiry(hubspot: FakeHubSpot) -> None:
    clock = Clock()
    auth = oauth(
        clock, access_token="access-0", expires_at=clock.now + 59
    )  # inside the 60 s margin
    response = sync_get(hubspot, auth, timeout=7.0)
    assert response.status_code == 200
    assert hubspot.refreshes == [
        {
            "grant_type": "refresh_token",
            "client_id": "client-id-1",
            "client_secret": SECRET,
            "refresh_token": REFRESH,
        }
    ]
    refresh = hubspot.refresh_requests[0]
    assert refresh.method == "POST"
    assert str(refresh.url) == f"{BASE}/oauth/v1/token"
    assert refresh.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Authorization" not in refresh.headers
    assert refresh.extensions["timeout"] == httpx.Timeout(7.0).as_dict()  # the client's, not none
    assert hubspot.api_calls[0] == "Bearer access-1"
    # the next call is good for expires_in (1800 s) minus the margin
    clock.now += 1800 - 61
    assert sync_get(hubspot, auth).status_code == 200
    assert len(hubspot.refreshes) == 1
    clock.now += 1
    assert sync_get(hubspot, auth).status_code == 200
    assert len(hubspot.refreshes) == 2


def test_refreshes_first_without_an_access_token(hubspot: FakeHubSpot) -> None:
    assert sync_get(hubspot, oauth()).status_code == 200
    assert len(hubspot.refreshes) == 1
    assert len(hubspot.api_calls) == 1


def test_relative_token_url_uses_the_requests_host(hubspot: FakeHubSpot) -> None:
    auth = oauth(token_url="/oauth/v1/token")
    with httpx.Client(transport=httpx.MockTransport(hubspot.handle), auth=auth) as client:
        assert client.get("http://127.0.0.1:8765/marketing/v3/x?after=1").status_code == 200
    assert str(hubspot.refresh_requests[0].url) == "http://127.0.0.1:8765/oauth/v1/token"


# --- OAuth: 401 --------------------------------------------------------------------------------


def test_refreshes_once_on_401_and_retries(hubspot: FakeHubSpot) -> None:
    auth = oauth(access_token="revoked")
    with httpx.Client(
        base_url=BASE, transport=httpx.MockTransport(hubspot.handle), auth=auth
    ) as client:
        response = client.post("/marketing/v3/x", content=iter([b"streamed ", b"body"]))
    assert response.status_code == 200
    assert response.json()["body"] == "streamed body"  # the retry sent the same body
    assert hubspot.api_calls == [
        "Bearer revoked",
        "Bearer access-1",
    ]
    assert len(hubspot.refreshes) == 1


def test_second_401_is_returned_as_is(hubspot: FakeHubSpot) -> None:
    hubspot.always_401 = True
    response = sync_get(hubspot, oauth(access_token="access-0"))
    assert response.status_code == 401
    assert len(hubspot.refreshes) == 1
    assert len(hubspot.api_calls) == 2


async def test_async_refreshes_once_on_401_and_retries(hubspot: FakeHubSpot) -> None:
    response = await async_get(hubspot, oauth(access_token="revoked"))
    assert response.status_code == 200
    assert len(hubspot.refreshes) == 1


async def test_async_second_401_is_returned_as_is(hubspot: FakeHubSpot) -> None:
    hubspot.always_401 = True
    response = await async_get(hubspot, oauth(access_token="access-0"))
    assert response.status_code == 401
    assert (len(hubspot.refreshes), len(hubspot.api_calls)) == (1, 2)


async def test_async_refreshes_ahead_of_expiry(hubspot: FakeHubSpot) -> None:
    clock = Clock()
    response = await async_get(
        hubspot, oauth(clock, access_token="access-0", expires_at=clock.now + 10)
    )
    assert response.status_code == 200
    assert len(hubspot.refreshes) == 1
    assert hubspot.api_calls[0] == "Bearer access-1"


# --- OAuth: new tokens -------------------------------------------------------------------------


def test_on_refresh_gets_the_new_tokens_and_a_rotated_refresh_token_is_kept() -> None:
    hubspot = FakeHubSpot(rotate=True)
    clock = Clock()
    seen: list[OAuthTokens] = []
    auth = oauth(clock, on_refresh=seen.append)
    sync_get(hubspot, auth)
    assert seen == [OAuthTokens("access-1", "refresh-1", clock.now + 1800)]
    clock.now += 1800
    assert sync_get(hubspot, auth).status_code == 200
    assert hubspot.refreshes[1]["refresh_token"] == "refresh-1"
    assert seen[-1] == OAuthTokens("access-2", "refresh-2", clock.now + 1800)


def test_refresh_token_is_kept_when_not_rotated(hubspot: FakeHubSpot) -> None:
    seen: list[OAuthTokens] = []
    sync_get(hubspot, oauth(on_refresh=seen.append))
    assert seen[0].refresh_token == REFRESH


# --- OAuth: failures and secrets ---------------------------------------------------------------


def test_failed_refresh_raises_authentication_error_without_secrets(hubspot: FakeHubSpot) -> None:
    auth = OAuth("client-id-1", SECRET, "refresh-WRONG", clock=Clock())
    with pytest.raises(AuthenticationError) as caught:
        sync_get(hubspot, auth)
    error = caught.value
    assert error.status_code == 400
    assert error.message == "missing or unknown refresh token"
    text = str(error) + repr(error) + repr(vars(error))
    assert SECRET not in text
    assert "refresh-WRONG" not in text


@pytest.mark.parametrize(
    ("status", "error_class"),
    [(400, AuthenticationError), (500, InternalServerError)],
    ids=["refused-is-authentication-error", "transient-is-server-error-so-it-is-retried"],
)
def test_a_token_endpoint_echoing_secrets_is_masked(
    status: int, error_class: type[Exception]
) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, text=f"<html>bad form: {request.content.decode()}</html>")

    auth = oauth()
    with (
        httpx.Client(base_url=BASE, transport=httpx.MockTransport(echo), auth=auth) as client,
        pytest.raises(error_class) as caught,
    ):
        client.get("/x")
    text = str(caught.value) + repr(vars(caught.value))
    assert "bad form" in text
    assert SECRET not in text
    assert REFRESH not in text


@pytest.mark.parametrize(
    "body",
    [{"expires_in": 60}, {"access_token": ""}, {"access_token": 5}, ["access_token"], "not json"],
)
def test_token_response_without_a_usable_access_token(body: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return (
            httpx.Response(200, text=body)
            if isinstance(body, str)
            else httpx.Response(200, json=body)
        )

    with (
        httpx.Client(base_url=BASE, transport=httpx.MockTransport(handler), auth=oauth()) as client,
        pytest.raises(AuthenticationError, match="without a usable access_token"),
    ):
        client.get("/x")


def test_reprs_hide_secrets() -> None:
    auth = oauth(access_token="access-SECRET")
    assert repr(auth) == "OAuth(client_id='client-id-1')"
    tokens = OAuthTokens("access-SECRET", "refresh-SECRET", 12.0)
    assert repr(tokens) == "OAuthTokens(access_token='***', refresh_token='***', expires_at=12.0)"
    assert "SECRET" not in str(tokens)


@pytest.mark.parametrize("missing", ["client_id", "client_secret", "refresh_token"])
def test_oauth_requires_its_credentials(missing: str) -> None:
    credentials = {"client_id": "id", "client_secret": "secret", "refresh_token": "refresh"}
    credentials[missing] = ""
    with pytest.raises(ValueError, match=missing):
        OAuth(credentials["client_id"], credentials["client_secret"], credentials["refresh_token"])


# --- OAuth: concurrency ------------------------------------------------------------------------


class GatedOAuth(OAuth):
    """Counts callers entering the auth flow, so a test can hold the refresh until all are in."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("client-id-1", SECRET, REFRESH, clock=Clock(), **kwargs)
        self.entered = threading.Semaphore(0)

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        self.entered.release()
        yield from super().sync_auth_flow(request)


def test_concurrent_threads_cause_exactly_one_refresh(hubspot: FakeHubSpot) -> None:
    callers = 20
    auth = GatedOAuth(access_token="old", expires_at=0.0)
    all_in = threading.Event()

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/v1/token":
            assert all_in.wait(timeout=10)  # a deadlock guard, released at once in practice
        return hubspot.handle(request)

    def wait_for_everyone() -> None:
        for _ in range(callers):
            auth.entered.acquire(timeout=10)
        all_in.set()

    statuses: list[int] = []
    with httpx.Client(base_url=BASE, transport=httpx.MockTransport(handle), auth=auth) as client:
        threads = [
            threading.Thread(target=lambda: statuses.append(client.get("/x").status_code))
            for _ in range(callers)
        ]
        gate = threading.Thread(target=wait_for_everyone)
        for thread in [gate, *threads]:
            thread.start()
        for thread in [gate, *threads]:
            thread.join()
    assert statuses == [200] * callers
    assert len(hubspot.refreshes) == 1
    assert set(hubspot.api_calls) == {"Bearer access-1"}


@pytest.mark.parametrize("token", [None, "revoked"], ids=["expired", "401"])
async def test_concurrent_tasks_cause_exactly_one_refresh(
    hubspot: FakeHubSpot, token: str | None
) -> None:
    auth = oauth(access_token=token or "old", expires_at=None if token else 0.0)
    async with httpx.AsyncClient(
        base_url=BASE, transport=httpx.MockTransport(hubspot.ahandle), auth=auth
    ) as client:
        responses = await asyncio.gather(*(client.get("/x") for _ in range(20)))
    assert [r.status_code for r in responses] == [200] * 20
    assert len(hubspot.refreshes) == 1
    assert set(hubspot.api_calls) - {"Bearer revoked"} == {"Bearer access-1"}


def test_one_oauth_serves_clients_in_different_event_loops(hubspot: FakeHubSpot) -> None:
    auth = oauth(access_token="old", expires_at=0.0)

    async def burst() -> list[int]:
        async with httpx.AsyncClient(
            base_url=BASE, transport=httpx.MockTransport(hubspot.ahandle), auth=auth
        ) as c:
            return [r.status_code for r in await asyncio.gather(*(c.get("/x") for _ in range(5)))]

    assert asyncio.run(burst()) == [200] * 5
    hubspot.access_token = "revoked-elsewhere"  # 401s: the next loop refreshes under its own lock
    assert asyncio.run(burst()) == [200] * 5
    assert len(hubspot.refreshes) == 2


class CountingOAuth(OAuth):
    """Counts callers entering either auth flow, so a test holds the refresh until all are in."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("client-id-1", SECRET, REFRESH, clock=Clock(), **kwargs)
        self.entered = threading.Semaphore(0)

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        self.entered.release()
        yield from super().sync_auth_flow(request)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        self.entered.release()
        flow = super().async_auth_flow(request)
        response = None
        try:
            while True:
                response = yield await flow.asend(response)
        except StopAsyncIteration:
            return


@pytest.mark.parametrize("expired_by", ["clock", "401"])
def test_one_oauth_shared_by_a_sync_client_and_two_event_loops_refreshes_once(
    expired_by: str,
) -> None:
    """A sync client in one thread and async clients in two other threads' event loops, all
    finding the token expired at once, cause ONE refresh: HubSpot rotates the refresh token, so a
    second refresh would send the old one and be refused. on_refresh sees the rotated token once."""
    hubspot = FakeHubSpot(rotate=True)
    refreshed: list[OAuthTokens] = []
    kwargs: dict[str, Any] = (
        {"access_token": "old", "expires_at": 0.0}
        if expired_by == "clock"
        else {"access_token": "revoked", "expires_at": None}
    )
    auth = CountingOAuth(on_refresh=refreshed.append, **kwargs)
    callers = 3
    all_in = threading.Event()

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/v1/token":
            assert all_in.wait(timeout=10)  # a deadlock guard, released at once in practice
        return hubspot.handle(request)

    def sync_call() -> int:
        with httpx.Client(base_url=BASE, transport=httpx.MockTransport(handle), auth=auth) as c:
            return c.get("/x").status_code

    async def async_call() -> int:
        async with httpx.AsyncClient(
            base_url=BASE, transport=httpx.MockTransport(handle), auth=auth
        ) as c:
            return (await c.get("/x")).status_code

    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(sync_call())),
        threading.Thread(target=lambda: statuses.append(asyncio.run(async_call()))),
        threading.Thread(target=lambda: statuses.append(asyncio.run(async_call()))),
    ]
    for thread in threads:
        thread.start()
    for _ in range(callers):
        assert auth.entered.acquire(timeout=10)
    all_in.set()
    for thread in threads:
        thread.join(timeout=10)

    assert statuses == [200] * callers
    assert len(hubspot.refreshes) == 1, "exactly one refresh for all three callers"
    assert [t.refresh_token for t in refreshed] == ["refresh-1"], "on_refresh once, rotated"
