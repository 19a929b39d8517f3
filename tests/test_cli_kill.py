"""The real ``hubspot-events`` process killed mid-run (SIGKILL, SIGTERM), then ``--resume``d.

The fake HubSpot serves on loopback in this process; the CLI runs as a subprocess, exactly as a
user runs it. Each kill is chosen by the fake's request count (seeded), never by time, so a run
is the same on a fast or a loaded machine. After the resumes the fake must hold exactly what a
clean run leaves (every good row recorded, nothing else), and every bad row must be in the
failed-rows file exactly once: nothing lost, nothing duplicated, whatever the kill interrupted
(a request in flight, a half-written failed row, a journal commit).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from _reliability import (
    ACCOUNT,
    EVENT,
    TOKEN,
    WHEN_MS,
    assert_recorded_exactly,
    email,
    read_csv,
    tap,
    write_csv,
)

from hubspot_events.testing import FakeHubSpot, running_server

ROWS = 2_000
BATCH = 20  # 100 requests for a clean run
BAD_EVERY = 67


def _rows() -> list[list[Any]]:
    return [
        [email(i) if i % BAD_EVERY else f"bad-{i}", WHEN_MS + i, f"First{i}"] for i in range(ROWS)
    ]


def _run(args: list[str], env: dict[str, str], holder: dict[str, Any]) -> tuple[int, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "hubspot_events.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    holder["process"] = process
    _, stderr = process.communicate(timeout=60)
    holder["process"] = None
    return process.returncode, stderr


@pytest.mark.parametrize(
    ("seed", "signals"),
    [
        (1, [signal.SIGKILL]),
        (2, [signal.SIGTERM]),
        (3, [signal.SIGKILL, signal.SIGTERM]),
        (4, [signal.SIGTERM, signal.SIGKILL]),
    ],
)
def test_a_killed_run_resumes_to_exactly_the_clean_runs_state(
    tmp_path: Path, seed: int, signals: list[signal.Signals]
) -> None:
    rng = random.Random(seed)
    # Absolute request numbers (across runs) at which the running CLI gets each signal.
    kill_at: dict[int, signal.Signals] = {}
    at = 0
    for number in signals:
        at += rng.randint(3, 45)
        kill_at[at] = number
    holder: dict[str, Any] = {"process": None}
    fake = FakeHubSpot(rate_limit=None)
    fake.add_event(ACCOUNT, EVENT)

    def on_request(number: int, path: str) -> None:
        process = holder["process"]
        if number in kill_at and process is not None:
            os.kill(process.pid, kill_at[number])

    tap(fake, on_request=on_request)
    rows = _rows()
    source = write_csv(
        tmp_path / "attendance.csv",
        ["email", "interactionDateTime", "contactProperties.firstname"],
        rows,
    )
    failed_out = tmp_path / "failed.csv"
    args = [
        "attendance", "record", str(source), "--state", "attend", "--event-id", EVENT,
        "--account-id", ACCOUNT, "--failed-out", str(failed_out), "--batch-size", str(BATCH),
        "--concurrency", "2", "--rate-limit", "off",
    ]  # fmt: skip

    codes: list[int] = []
    with running_server(fake) as base_url:
        env = {**os.environ, "HUBSPOT_BASE_URL": base_url, "HUBSPOT_ACCESS_TOKEN": TOKEN}
        code, stderr = _run(args, env, holder)
        codes.append(code)
        while code not in (0, 1) and len(codes) < 6:
            if code == 128 + signal.SIGTERM:
                assert "--resume" in stderr, stderr  # SIGTERM stops cleanly and says how to go on
            code, stderr = _run([*args, "--resume"], env, holder)
            codes.append(code)

    expected = [-signal.SIGKILL if s == signal.SIGKILL else 128 + s for s in signals]
    assert codes == [*expected, 1], (codes, stderr)  # 1: the bad rows failed, as in a clean run
    assert "Traceback" not in stderr
    intended = {email(i): [("attend", WHEN_MS + i)] for i in range(ROWS) if i % BAD_EVERY}
    assert_recorded_exactly(fake, intended, dict.fromkeys(intended, "ATTENDED"))
    failed = Counter(row["email"] for row in read_csv(failed_out))
    assert failed == Counter(f"bad-{i}" for i in range(0, ROWS, BAD_EVERY)), "lost or repeated"
    assert all(row["error"].startswith("INVALID_INPUT: email") for row in read_csv(failed_out))
