"""The fake's rolling-window and daily rate limits: headers, 429 bodies, recovery."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from hubspot_events.testing import FakeClock, FakeHubSpot, RateLimit
from hubspot_events.testing._ratelimit import parse_rate_limit

LIST = "/marketing/marketing-events/v3"
AUTH = {"Authorization": "Bearer t"}


async def hit(fake: FakeHubSpot, times: int = 1) -> list[httpx.Response]:
    async with httpx.AsyncClient(
        transport=fake.async_transport(), base_url=fake.base_url, headers=AUTH
    ) as client:
        return [await client.get(LIST) for _ in range(times)]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("100/10s", RateLimit(100, 10.0)),
        ("100/1s", RateLimit(100, 1.0)),
        ("50/500ms", RateLimit(50, 0.5)),
        ("10/s", RateLimit(10, 1.0)),
        (" 190 / 10 s ", RateLimit(190, 10.0)),
        ((250, 10), RateLimit(250, 10.0)),
        (RateLimit(5, 2.0), RateLimit(5, 2.0)),
        (None, None),
    ],
)
def test_rate_limit_spellings(spec: Any, expected: RateLimit | None) -> None:
    assert parse_rate_limit(spec) == expected


@pytest.mark.parametrize("spec", ["fast", "100", "0/10s", "10/0s", "10/10h"])
def test_bad_rate_limit_spellings(spec: str) -> None:
    with pytest.raises(ValueError, match="rate limit"):
        parse_rate_limit(spec)


async def test_headers_count_down_by_default() -> None:
    responses = await hit(FakeHubSpot(clock=FakeClock()), 3)
    assert [r.headers["X-HubSpot-RateLimit-Remaining"] for r in responses] == ["99", "98", "97"]
    for response in responses:
        assert response.headers["X-HubSpot-RateLimit-Max"] == "100"
        assert response.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000"
        assert "X-HubSpot-RateLimit-Daily" not in response.headers


async def test_ten_secondly_window_refuses_then_recovers() -> None:
    clock = FakeClock()
    fake = FakeHubSpot(clock=clock, rate_limit="3/10s")
    first = await hit(fake, 2)
    clock.advance(5)
    more = await hit(fake, 2)
    assert [r.status_code for r in first + more] == [200, 200, 200, 429]
    refused = more[-1]
    body = refused.json()
    assert body == {
        "status": "error",
        "message": "You have reached your ten_secondly_rolling limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": refused.headers["X-HubSpot-Correlation-Id"],
        "policyName": "TEN_SECONDLY_ROLLING",
        "groupName": body["groupName"],
    }
    assert body["groupName"]
    assert "Retry-After" not in refused.headers
    assert refused.headers["X-HubSpot-RateLimit-Remaining"] == "0"
    assert fake.rate_limited == 1
    assert fake.requests[-1] == ("GET", LIST, 429)

    clock.advance(4.5)  # the two first requests leave the window at t=10
    assert (await hit(fake))[0].status_code == 429
    clock.advance(0.5)
    window = await hit(fake, 3)
    assert [r.status_code for r in window] == [200, 200, 429]  # t=5 is still inside
    assert fake.rate_limited == 3


async def test_secondly_policy_for_short_windows() -> None:
    clock = FakeClock()
    fake = FakeHubSpot(clock=clock, rate_limit="2/500ms")
    responses = await hit(fake, 3)
    assert responses[0].headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "500"
    assert responses[2].status_code == 429
    assert responses[2].json()["policyName"] == "SECONDLY"
    assert responses[2].json()["message"] == "You have reached your secondly limit."
    clock.advance(0.5)
    assert (await hit(fake))[0].status_code == 200


async def test_daily_limit() -> None:
    clock = FakeClock()
    fake = FakeHubSpot(clock=clock, rate_limit="100/10s", daily_limit=2)
    responses = await hit(fake, 3)
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert [r.headers["X-HubSpot-RateLimit-Daily-Remaining"] for r in responses] == ["1", "0", "0"]
    assert responses[0].headers["X-HubSpot-RateLimit-Daily"] == "2"
    assert responses[2].json()["policyName"] == "DAILY"
    assert responses[2].json()["message"] == "You have reached your daily limit."
    clock.advance(86_400)
    assert (await hit(fake))[0].status_code == 200


async def test_retry_after_only_when_asked() -> None:
    clock = FakeClock()
    fake = FakeHubSpot(clock=clock, rate_limit="1/10s", retry_after=True)
    await hit(fake)
    clock.advance(2.5)
    refused = (await hit(fake))[0]
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "8"


async def test_no_limit_means_no_headers_and_no_429() -> None:
    responses = await hit(FakeHubSpot(rate_limit=None), 150)
    assert {r.status_code for r in responses} == {200}
    assert "X-HubSpot-RateLimit-Max" not in responses[0].headers
