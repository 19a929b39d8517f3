"""``SharedRateLimit``: one app's window in a real Redis, shared by every limiter that names it.

Each limiter here stands for one worker process (each has its own connection and state). Time
is a ``FakeClock`` handed to both the limiter and the script (``server_clock``), so windows are
exact and no test sleeps; only the outage test stops and starts the real server.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from _redis_server import RedisServer, free_port

from hubspot_events import (
    HubSpotEvents,
    OAuth,
    RateLimit,
    RateLimitError,
    SharedRateLimit,
    SharedStateError,
    TokenAuth,
)
from hubspot_events._shared_limit import REJOIN_AFTER_S, SharedLimiter
from hubspot_events.testing import FakeClock


@pytest.fixture
def clock(redis_server: RedisServer) -> FakeClock:
    redis_server.flush()
    return FakeClock(1_000.0)


def worker(
    redis_server: RedisServer, clock: FakeClock, limit: str = "5/1s", **key: str
) -> SharedLimiter:
    shared = SharedRateLimit(redis_server.url, limit=limit, **(key or {"key": "app-a"}))
    return shared.limiter(None, clock=clock, server_clock=clock)


def headers(max_requests: int, remaining: int, interval_ms: int = 1000) -> dict[str, str]:
    return {
        "X-HubSpot-RateLimit-Max": str(max_requests),
        "X-HubSpot-RateLimit-Remaining": str(remaining),
        "X-HubSpot-RateLimit-Interval-Milliseconds": str(interval_ms),
    }


def test_workers_of_one_app_share_one_window(redis_server: RedisServer, clock: FakeClock) -> None:
    a, b = worker(redis_server, clock), worker(redis_server, clock)
    booked = [(a if i % 2 else b).acquire() for i in range(5)]
    assert all(wait == 0 and booking is not None for wait, booking in booked)
    wait, booking = a.acquire()
    assert booking is None, "the sixth request of 5/1s must wait, whichever worker asks"
    assert wait > 0


def test_other_apps_have_windows_of_their_own(redis_server: RedisServer, clock: FakeClock) -> None:
    app_a, app_b = (
        worker(redis_server, clock, key="app-a"),
        worker(redis_server, clock, key="app-b"),
    )
    for _ in range(5):
        assert app_a.acquire()[1] is not None
    assert app_a.acquire()[1] is None
    wait, booking = app_b.acquire()
    assert booking is not None, "app B's window is still empty"
    assert wait == 0


def test_a_slot_frees_one_window_after_the_answer(
    redis_server: RedisServer, clock: FakeClock
) -> None:
    a, b = worker(redis_server, clock), worker(redis_server, clock)
    bookings = [a.acquire()[1] for _ in range(5)]
    clock.advance(0.2)  # the answers come back 0.2 s after the sends
    for booking in bookings:
        assert booking is not None
        a.release(booking, {})
    a.acquire()  # hands the answers in (one round trip per request, no extra call for them)
    wait, booking = b.acquire()
    assert booking is not None
    assert wait == pytest.approx(1.0, abs=0.002), "free one window after the answer, not the send"


def test_a_request_never_sent_gives_its_slot_back(
    redis_server: RedisServer, clock: FakeClock
) -> None:
    a = worker(redis_server, clock)
    bookings = [a.acquire()[1] for _ in range(5)]
    assert bookings[-1] is not None
    a.release(bookings[-1], None, sent=False)
    wait, booking = a.acquire()
    assert booking is not None, "the cancelled request's slot went back at once"
    assert wait == 0


def test_auto_mode_probes_once_then_every_worker_knows_hubspots_limit(
    redis_server: RedisServer, clock: FakeClock
) -> None:
    a, b = worker(redis_server, clock, limit="auto"), worker(redis_server, clock, limit="auto")
    wait, probe = a.acquire()
    assert probe is not None
    assert wait == 0
    assert b.acquire()[1] is None, "before the first answer only one request may be out"
    a.release(probe, headers(10, 9))  # the probe's answer is handed in at once
    now = [b.acquire() for _ in range(12)]
    assert sum(wait == 0 and booking is not None for wait, booking in now) == 8, (
        "with the probe, 9: auto mode keeps one of HubSpot's 10 spare"
    )
    assert b.limit == RateLimit(10, 1.0)


def test_the_lowest_remaining_any_worker_sees_is_the_truth(
    redis_server: RedisServer, clock: FakeClock
) -> None:
    a, b = worker(redis_server, clock, limit="10/1s"), worker(redis_server, clock, limit="10/1s")
    first = a.acquire()[1]
    assert first is not None
    a.release(first, headers(10, 3))  # HubSpot counted 7: six are someone else's
    a.acquire()
    now = [b.acquire() for _ in range(10)]
    booked = sum(wait == 0 and booking is not None for wait, booking in now)
    assert booked == 2, "ours (2) and the 6 others' leave 2 of the 10 for now"


def test_a_429_holds_off_every_worker(redis_server: RedisServer, clock: FakeClock) -> None:
    a, b = worker(redis_server, clock), worker(redis_server, clock)
    a.penalize(2.0)
    wait, booking = b.acquire()
    assert booking is None
    assert wait == pytest.approx(1.0), "asks again within a second (the hold lasts 2 s)"
    clock.advance(2.0)
    assert b.acquire()[1] is not None


def test_the_daily_budget_is_shared_and_stops_every_worker(
    redis_server: RedisServer, clock: FakeClock
) -> None:
    a, b = worker(redis_server, clock, limit="100/1s"), worker(redis_server, clock, limit="100/1s")
    first = a.acquire()[1]
    assert first is not None
    a.release(first, {**headers(100, 99), "X-HubSpot-RateLimit-Daily-Remaining": "2"})
    assert a.acquire()[1] is not None
    assert b.acquire()[1] is not None
    with pytest.raises(RateLimitError) as raised:
        b.acquire()
    assert raised.value.policy_name == "DAILY", "not retried: the client stops, as on HubSpot's"
    assert b.daily_left == 0


def test_the_key_is_a_hash_of_the_token_never_the_token(redis_server: RedisServer) -> None:
    token = "pat-na1-secret-0000"
    key = SharedRateLimit(redis_server.url).redis_key(TokenAuth(token))
    assert token not in key
    assert "secret" not in key
    assert key.startswith("hubspot-events:rl:")
    assert key == SharedRateLimit(redis_server.url).redis_key(TokenAuth(token)), (
        "stable across workers"
    )
    assert key != SharedRateLimit(redis_server.url).redis_key(TokenAuth("pat-na1-other"))
    by_app = SharedRateLimit(redis_server.url, app_id=123, account_id=456).redis_key()
    assert by_app == SharedRateLimit(redis_server.url, app_id=123, account_id=456).redis_key(
        TokenAuth(token)
    ), "(app id, account) names the budget whatever the token"
    oauth = OAuth("client-1", "secret", "refresh-1")
    assert "refresh-1" not in SharedRateLimit(redis_server.url).redis_key(oauth)


def test_with_options_can_share_the_clients_budget_under_its_tokens_key(
    redis_server: RedisServer,
) -> None:
    token = "pat-na1-shared-0001"
    client = HubSpotEvents(access_token=token, rate_limit="auto")

    shared = client.with_options(rate_limit=SharedRateLimit(redis_server.url))

    limiter = shared._core.limiter
    assert isinstance(limiter, SharedLimiter)
    assert limiter.key == SharedRateLimit(redis_server.url).redis_key(TokenAuth(token))
    assert not isinstance(client._core.limiter, SharedLimiter), "the original paces alone"


def test_a_client_with_an_unreachable_redis_fails_before_sending(tmp_path: Path) -> None:
    url = f"redis://:hunter2@127.0.0.1:{free_port()}/0"
    with pytest.raises(SharedStateError) as raised:
        HubSpotEvents(access_token="t", rate_limit=SharedRateLimit(url))
    message = str(raised.value)
    assert "does not answer" in message, message
    assert "hunter2" not in message, "the URL's password is never shown"


def test_redis_lost_mid_run_paces_alone_warns_once_and_rejoins(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    redis_server = RedisServer(tmp_path / "redis").start()
    clock = FakeClock(1_000.0)
    try:
        a = worker(redis_server, clock)
        assert a.acquire()[1] is not None
        assert a.shared
        redis_server.kill()
        with caplog.at_level(logging.WARNING, logger="hubspot_events"):
            alone = [a.acquire() for _ in range(3)]
            assert all(booking is not None for _, booking in alone), "paces alone, never fails"
            assert not a.shared
            for wait, booking in alone:
                clock.advance(wait)
                assert booking is not None
                a.release(booking, headers(5, 4))
            redis_server.start()  # the same port: a restarted Redis, empty
            clock.advance(REJOIN_AFTER_S)
            wait, booking = a.acquire()
        assert booking is not None
        assert booking < 0, "booked in Redis's window again"
        assert a.shared
        lost = [r for r in caplog.records if "unreachable" in r.getMessage()]
        assert len(lost) == 1, "warned once, not per request"
        assert any("back" in r.getMessage() for r in caplog.records)
        assert a.outages == 1
    finally:
        redis_server.kill()
