"""The fake's rolling window is per app, as HubSpot's burst limit is: two apps (two private-app
tokens, or two OAuth clients) never share a window; one app's requests always do, whichever
process or connection sends them. The daily quota stays the account's."""

from __future__ import annotations

import httpx

from hubspot_events.testing import FakeClock, FakeHubSpot

LIST = "/marketing/marketing-events/v3"


async def hit(fake: FakeHubSpot, token: str, times: int) -> list[int]:
    async with httpx.AsyncClient(
        transport=fake.async_transport(),
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {token}"},
    ) as client:
        return [(await client.get(LIST)).status_code for _ in range(times)]


async def test_two_private_apps_have_a_window_each() -> None:
    fake = FakeHubSpot(rate_limit="3/10s", clock=FakeClock())
    assert await hit(fake, "app-a", 4) == [200, 200, 200, 429]
    assert await hit(fake, "app-b", 3) == [200, 200, 200], "app B's window is its own"


async def test_one_apps_connections_share_its_window() -> None:
    fake = FakeHubSpot(rate_limit="3/10s", clock=FakeClock())
    assert await hit(fake, "app-a", 2) == [200, 200]
    assert await hit(fake, "app-a", 2) == [200, 429], "a second worker of app A shares"


async def test_one_oauth_apps_tokens_share_its_window() -> None:
    fake = FakeHubSpot(rate_limit="3/10s", clock=FakeClock())
    tokens = []
    for _ in range(2):  # two grants of one app, two access tokens
        refresh_token = fake.register_oauth_client("app", "s3cret")
        async with httpx.AsyncClient(transport=fake.async_transport(), base_url=fake.base_url) as c:
            answer = await c.post(
                "/oauth/v1/token",
                data={"grant_type": "refresh_token", "client_id": "app",
                      "client_secret": "s3cret", "refresh_token": refresh_token},
            )  # fmt: skip
        tokens.append(answer.json()["access_token"])
    assert await hit(fake, tokens[0], 2) == [200, 200]
    assert await hit(fake, tokens[1], 2) == [200, 429]


async def test_the_daily_quota_is_the_accounts() -> None:
    fake = FakeHubSpot(rate_limit=None, daily_limit=3, clock=FakeClock())
    assert await hit(fake, "app-a", 2) == [200, 200]
    assert await hit(fake, "app-b", 2) == [200, 429], "the account's quota, whatever the app"
