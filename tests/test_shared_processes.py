"""Many ``hubspot-events`` processes, one app: the rate limit shared through a real Redis.

Real subprocesses against the fake HubSpot on loopback (whose window is per app, as HubSpot's):
N processes of one app lose no row and are answered 429 for at most 1 % of their requests; two
apps keep budgets apart; Redis killed and restarted mid-run costs no row and no traceback; an
unreachable Redis stops every command before it sends anything. The fake's window is small
(40 per second) so each run takes a few seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from _redis_server import RedisServer, free_port
from _reliability import ACCOUNT, EVENT, WHEN_MS, email, tap, write_csv

from hubspot_events.testing import FakeHubSpot, running_server

RATE = "40/1s"
ROWS = 300  # per process
BATCH = 10  # 30 requests per process
TOKEN_A = "pat-na1-app-a-0000"
TOKEN_B = "pat-na1-app-b-0000"


@pytest.fixture
def server(tmp_path: Path) -> Any:
    redis_server = RedisServer(tmp_path / "redis").start()
    yield redis_server
    redis_server.kill()


def _inputs(tmp_path: Path, count: int) -> list[Path]:
    return [
        write_csv(
            tmp_path / f"part-{part}.csv",
            ["email", "interactionDateTime"],
            [[email(part * ROWS + i), WHEN_MS + i] for i in range(ROWS)],
        )
        for part in range(count)
    ]


def _command(path: Path, redis_url: str) -> list[str]:
    return [
        sys.executable, "-m", "hubspot_events.cli", "attendance", "record", str(path),
        "--state", "attend", "--event-id", EVENT, "--account-id", ACCOUNT,
        "--batch-size", str(BATCH), "--json", "--redis", redis_url,
    ]  # fmt: skip


def _run_all(files: list[Path], tokens: list[str], base_url: str, redis_url: str) -> list[Any]:
    """Start one CLI process per file at once; their (exit code, --json summary, stderr)."""
    processes = [
        subprocess.Popen(
            _command(path, redis_url),
            env={**os.environ, "HUBSPOT_BASE_URL": base_url, "HUBSPOT_ACCESS_TOKEN": token},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path, token in zip(files, tokens, strict=True)
    ]
    results = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        lines = stdout.strip().splitlines()
        results.append((process.returncode, json.loads(lines[-1]) if lines else {}, stderr))
    return results


def test_four_processes_of_one_app_lose_nothing_and_stay_under_the_limit(
    tmp_path: Path, server: RedisServer
) -> None:
    fake = FakeHubSpot(rate_limit=RATE)
    fake.add_event(ACCOUNT, EVENT)
    with running_server(fake) as base_url:
        results = _run_all(_inputs(tmp_path, 4), [TOKEN_A] * 4, base_url, server.url)
    for code, summary, stderr in results:
        assert code == 0, stderr
        assert summary["succeeded"] == ROWS, "every row of every process recorded"
        assert "Traceback" not in stderr
        assert "rate limit shared through Redis under hubspot-events:rl:" in stderr
    keys = {summary["rate_limit_shared"]["redis_key"] for _, summary, _ in results}
    assert len(keys) == 1, "one app, one budget"
    assert TOKEN_A not in next(iter(keys))
    sent = len(fake.requests)
    assert fake.rate_limited <= 0.01 * sent, f"{fake.rate_limited} of {sent} answered 429"


def test_two_apps_keep_their_budgets_apart(tmp_path: Path, server: RedisServer) -> None:
    fake = FakeHubSpot(rate_limit=RATE)
    fake.add_event(ACCOUNT, EVENT)
    tokens = [TOKEN_A, TOKEN_B, TOKEN_A, TOKEN_B]
    with running_server(fake) as base_url:
        results = _run_all(_inputs(tmp_path, 4), tokens, base_url, server.url)
    assert [code for code, _, _ in results] == [0] * 4, [err for _, _, err in results]
    keys = [summary["rate_limit_shared"]["redis_key"] for _, summary, _ in results]
    assert keys[0] == keys[2], "app A's workers share"
    assert keys[1] == keys[3], "app B's workers share"
    assert keys[0] != keys[1], "two apps never share a budget"
    assert fake.rate_limited <= 0.01 * len(fake.requests)
    # Each app had a window of its own: together they went faster than one window allows.
    elapsed = max(summary["elapsed_s"] for _, summary, _ in results)
    one_window_s = 4 * ROWS / BATCH / 40
    assert elapsed < one_window_s, f"{elapsed:.1f} s: the apps did not get a window each"


def test_redis_killed_and_restarted_mid_run_loses_nothing(
    tmp_path: Path, server: RedisServer
) -> None:
    fake = FakeHubSpot(rate_limit=RATE)
    fake.add_event(ACCOUNT, EVENT)
    lock = threading.Lock()

    def on_request(number: int, path: str) -> None:
        with lock:  # by the fake's request count, never by time: the same on any machine
            if number == 20:
                server.kill()
            elif number == 50:
                server.start()

    tap(fake, on_request=on_request)
    with running_server(fake) as base_url:
        results = _run_all(_inputs(tmp_path, 3), [TOKEN_A] * 3, base_url, server.url)
    for code, summary, stderr in results:
        assert code == 0, stderr
        assert summary["succeeded"] == ROWS
        assert "Traceback" not in stderr
    said = "".join(stderr for _, _, stderr in results)
    assert 1 <= said.count("is unreachable") <= 3, "each process warns once at most"


def test_an_unreachable_redis_stops_the_command_before_anything_is_sent(tmp_path: Path) -> None:
    fake = FakeHubSpot(rate_limit=RATE)
    fake.add_event(ACCOUNT, EVENT)
    (path,) = _inputs(tmp_path, 1)
    url = f"redis://:s3cret@127.0.0.1:{free_port()}/0"
    with running_server(fake) as base_url:
        ((code, summary, stderr),) = _run_all([path], [TOKEN_A], base_url, url)
    assert code == 2, stderr
    assert "does not answer" in stderr
    assert "nothing was sent" in stderr
    assert "s3cret" not in stderr
    assert "Traceback" not in stderr
    assert not fake.requests, "not one request reached HubSpot"
    assert summary == {}
