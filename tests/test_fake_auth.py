"""Bearer auth and the OAuth token endpoint of the fake HubSpot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from hubspot_events.testing import FakeClock, FakeHubSpot

LIST = "/marketing/marketing-events/v3"
TOKEN = "/oauth/v1/token"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake(clock: FakeClock) -> FakeHubSpot:
    return FakeHubSpot(clock=clock, oauth_ttl_s=1800)


@pytest.fixture
async def client(fake: FakeHubSpot) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=fake.async_transport(), base_url=fake.base_url) as c:
        yield c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer "},
    ],
)
async def test_missing_or_malformed_credentials_are_401(
    client: httpx.AsyncClient, fake: FakeHubSpot, headers: dict[str, str]
) -> None:
    response = await client.get(LIST, headers=headers)
    assert response.status_code == 401
    body = response.json()
    assert body["category"] == "INVALID_AUTHENTICATION"
    assert body["correlationId"] == response.headers["X-HubSpot-Correlation-Id"]
    assert "X-HubSpot-RateLimit-Remaining" in response.headers
    assert response.headers["X-HubSpot-RateLimit-Remaining"] == "100"  # 401s are not counted


async def test_any_token_is_accepted_by_default(client: httpx.AsyncClient) -> None:
    for token in ("pat-na1-123", "anything"):
        assert (await client.get(LIST, headers=bearer(token))).status_code == 200
    lower = await client.get(LIST, headers={"Authorization": "bearer x"})
    assert lower.status_code == 200


async def test_fixed_token_accepts_only_that_token() -> None:
    fake = FakeHubSpot(token="T")
    async with httpx.AsyncClient(transport=fake.async_transport(), base_url=fake.base_url) as c:
        assert (await c.get(LIST, headers=bearer("T"))).status_code == 200
        wrong = await c.get(LIST, headers=bearer("U"))
        assert wrong.status_code == 401
        assert wrong.json()["category"] == "INVALID_AUTHENTICATION"


async def test_expired_and_revoked_tokens(client: httpx.AsyncClient, fake: FakeHubSpot) -> None:
    fake.expire_token("old")
    expired = await client.get(LIST, headers=bearer("old"))
    assert expired.status_code == 401
    assert expired.json()["category"] == "EXPIRED_AUTHENTICATION"
    fake.revoke_token("gone")
    revoked = await client.get(LIST, headers=bearer("gone"))
    assert revoked.status_code == 401
    assert revoked.json()["category"] == "INVALID_AUTHENTICATION"


async def refresh(
    client: httpx.AsyncClient, refresh_token: str, secret: str = "s3cret", client_id: str = "app"
) -> httpx.Response:
    return await client.post(
        TOKEN,
        data={
            "grant_type": "refresh_token",
            "client_id": client_id,
            "client_secret": secret,
            "refresh_token": refresh_token,
        },
    )


async def test_oauth_refresh_issues_expiring_tokens_and_rotates_refresh_tokens(
    client: httpx.AsyncClient, fake: FakeHubSpot, clock: FakeClock
) -> None:
    first_refresh = fake.register_oauth_client("app", "s3cret")
    response = await refresh(client, first_refresh)
    assert response.status_code == 200
    grant = response.json()
    assert set(grant) == {"access_token", "refresh_token", "expires_in", "token_type"}
    assert grant["token_type"] == "bearer"
    assert grant["expires_in"] == 1800
    assert grant["refresh_token"] != first_refresh

    access = grant["access_token"]
    assert (await client.get(LIST, headers=bearer(access))).status_code == 200
    clock.advance(1799)
    assert (await client.get(LIST, headers=bearer(access))).status_code == 200
    clock.advance(1)
    expired = await client.get(LIST, headers=bearer(access))
    assert expired.status_code == 401
    assert expired.json()["category"] == "EXPIRED_AUTHENTICATION"

    reused = await refresh(client, first_refresh)
    assert reused.status_code == 400
    assert reused.json()["status"] == "BAD_REFRESH_TOKEN"
    renewed = await refresh(client, grant["refresh_token"])
    assert renewed.status_code == 200
    assert (
        await client.get(LIST, headers=bearer(renewed.json()["access_token"]))
    ).status_code == 200


async def test_oauth_tokens_work_with_a_fixed_token_and_skip_daily_headers(
    clock: FakeClock,
) -> None:
    fake = FakeHubSpot(token="T", clock=clock, daily_limit=1000)
    refresh_token = fake.register_oauth_client("app", "s3cret")
    async with httpx.AsyncClient(transport=fake.async_transport(), base_url=fake.base_url) as c:
        access = (await refresh(c, refresh_token)).json()["access_token"]
        via_oauth = await c.get(LIST, headers=bearer(access))
        via_private_app = await c.get(LIST, headers=bearer("T"))
    assert via_oauth.status_code == via_private_app.status_code == 200
    assert "X-HubSpot-RateLimit-Daily" not in via_oauth.headers
    assert via_private_app.headers["X-HubSpot-RateLimit-Daily"] == "1000"


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"grant_type": "password"}, "BAD_GRANT_TYPE"),
        ({"client_id": "nobody"}, "BAD_CLIENT_ID"),
        ({"client_secret": "wrong"}, "BAD_CLIENT_SECRET"),
        ({"refresh_token": "made-up"}, "BAD_REFRESH_TOKEN"),
    ],
)
async def test_oauth_refusals(
    client: httpx.AsyncClient, fake: FakeHubSpot, form: dict[str, str], code: str
) -> None:
    refresh_token = fake.register_oauth_client("app", "s3cret")
    data = {
        "grant_type": "refresh_token",
        "client_id": "app",
        "client_secret": "s3cret",
        "refresh_token": refresh_token,
        **form,
    }
    response = await client.post(TOKEN, data=data)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == code
    assert body["correlationId"] == response.headers["X-HubSpot-Correlation-Id"]


async def test_oauth_wants_a_form(client: httpx.AsyncClient, fake: FakeHubSpot) -> None:
    refresh_token = fake.register_oauth_client("app", "s3cret")
    response = await client.post(
        TOKEN,
        json={"grant_type": "refresh_token", "client_id": "app", "refresh_token": refresh_token},
    )
    assert response.status_code == 400
