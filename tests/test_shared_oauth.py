"""``OAuth(..., store=RedisTokenStore(url))``: many workers, one grant, one refresh per expiry.

The workers are separate processes (``_oauth_worker.py``) against the fake HubSpot, whose token
endpoint rotates the refresh token on every refresh (the old one stops working at once): a
worker refreshing with a spent refresh token, or a newer one lost, fails the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _redis_server import RedisServer

from hubspot_events import HubSpotEvents, OAuth, RedisTokenStore
from hubspot_events.testing import FakeHubSpot, running_server

CLIENT_ID = "shared-app"
CLIENT_SECRET = "oauth-client-5ecre7"
WORKER = Path(__file__).with_name("_oauth_worker.py")


@pytest.fixture
def fake(redis_server: RedisServer) -> FakeHubSpot:
    redis_server.flush()
    return FakeHubSpot(rate_limit=None)


def _refreshes(fake: FakeHubSpot) -> int:
    return sum(1 for record in fake.requests if record.path == "/oauth/v1/token")


def _round(workers: list[subprocess.Popen[str]]) -> list[str]:
    """Every worker makes one call at once; what each answered."""
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    answers = []
    for worker in workers:
        assert worker.stdout is not None
        answers.append(worker.stdout.readline().strip())
    return answers


def _worker(base_url: str, redis_url: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), base_url, redis_url],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_workers_in_separate_processes_refresh_once_per_expiry(
    fake: FakeHubSpot, redis_server: RedisServer
) -> None:
    first_refresh_token = fake.register_oauth_client(CLIENT_ID, CLIENT_SECRET)
    env = {
        **os.environ,
        "OAUTH_CLIENT_ID": CLIENT_ID,
        "OAUTH_CLIENT_SECRET": CLIENT_SECRET,
        "OAUTH_REFRESH_TOKEN": first_refresh_token,
    }
    with running_server(fake) as base_url:
        workers = [_worker(base_url, redis_server.url, env) for _ in range(4)]
        try:
            assert all(
                w.stdout is not None and w.stdout.readline().strip() == "ready" for w in workers
            )
            assert _round(workers) == ["ok"] * 4
            assert _refreshes(fake) == 1, "four workers without a token: one refresh"
            assert _round(workers) == ["ok"] * 4
            assert _refreshes(fake) == 1, "a valid shared token: no refresh"

            store = RedisTokenStore(redis_server.url, account="acct-1")
            store.attach(CLIENT_ID, first_refresh_token)
            stored = store.load()
            assert stored is not None
            fake.expire_token(stored.access_token)  # HubSpot answers 401 to all of them now
            assert _round(workers) == ["ok"] * 4
            assert _refreshes(fake) == 2, "one refresh for the expiry, not one per worker"

            # A newcomer configured with the first (long rotated) refresh token still works:
            # the store's latest refresh token wins over the configured one.
            fake.expire_token(store.load().access_token)  # type: ignore[union-attr]
            newcomer = OAuth(
                CLIENT_ID, CLIENT_SECRET, first_refresh_token,
                store=RedisTokenStore(redis_server.url, account="acct-1"),
            )  # fmt: skip
            with HubSpotEvents(auth=newcomer, base_url=base_url, rate_limit=None) as client:
                client.events.search("webinar")
            assert _refreshes(fake) == 3
        finally:
            for worker in workers:
                worker.kill()
                worker.communicate()
    failed = [r.status for r in fake.requests if r.path == "/oauth/v1/token" and r.status != 200]
    assert failed == [], "no refresh was made with a spent refresh token"


def test_a_stale_lock_left_by_a_killed_worker_expires(
    fake: FakeHubSpot, redis_server: RedisServer
) -> None:
    refresh_token = fake.register_oauth_client(CLIENT_ID, CLIENT_SECRET)
    store = RedisTokenStore(redis_server.url, account="acct-2", lock_ttl_s=0.3, poll_s=0.01)
    auth = OAuth(CLIENT_ID, CLIENT_SECRET, refresh_token, store=store)
    with redis_server.client() as redis_client:  # a worker took the lock, then was killed
        redis_client.set(store.key + ":lock", "killed-worker", px=300)
    with running_server(fake) as base_url:
        started = time.monotonic()
        with HubSpotEvents(auth=auth, base_url=base_url, rate_limit=None) as client:
            client.events.search("webinar")
        waited = time.monotonic() - started
    assert _refreshes(fake) == 1
    assert waited >= 0.2, "it waited for the lock"
    assert waited < 10, "and no longer than the lock's time to live"


def test_an_older_refresh_token_never_overwrites_a_newer_one(redis_server: RedisServer) -> None:
    redis_server.flush()
    first, late = (RedisTokenStore(redis_server.url, account="acct-3") for _ in range(2))
    first.attach(CLIENT_ID, "rt-0")
    late.attach(CLIENT_ID, "rt-0")
    assert first.save("at-1", "rt-1", None, version=0) == 1
    assert late.save("at-old", "rt-old", None, version=0) is None, "it saw version 0: refused"
    stored = first.load()
    assert stored is not None
    assert (stored.version, stored.refresh_token) == (1, "rt-1")


def test_the_store_names_no_secret(redis_server: RedisServer) -> None:
    store = RedisTokenStore(f"redis://:pw-secret@127.0.0.1:{redis_server.port}/0")
    store.attach(CLIENT_ID, "rt-secret")
    assert "rt-secret" not in store.key
    assert store.key.startswith("hubspot-events:oauth:")
    assert "pw-secret" not in repr(store)
