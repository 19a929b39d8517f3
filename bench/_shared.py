"""Many workers, one app: 1, 4 and 8 CLI processes sharing one app's limit through Redis.

The fake HubSpot runs in a process of its own with HubSpot's Free/Starter burst limit (100 per
10 s, per app); every CLI process sends with the same token and ``--redis URL``, so they share
one budget. A run is six windows' worth of requests split evenly across the processes. The
ceiling is ``batch_size * max_requests / interval``; the span is from the first process's start
of sending (its exit minus the elapsed time its ``--json`` report gives) to the last one's exit.
A rolling window lets the first window's requests go at once, so the best possible run lasts
(ceil(requests / max) - 1) windows: "% of window bound" compares with that, the stricter figure.

Also measured: what the shared limiter adds per request (one Lua call to a Redis on loopback,
acquire and release, in this process), and the same for 4 processes without ``--redis``: the
problem the shared limit solves.
"""

from __future__ import annotations

import csv
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from _bulk import ACCOUNT, BATCH_SIZE, EVENT, T0_MS, _fake, parse_rate
from _procs import ROOT

sys.path.insert(0, str(ROOT / "tests"))
from _redis_server import RedisServer  # the tests' helper: one way to start Redis

RATE = "100/10s"
WINDOWS = 6
TOKEN = "bench-shared-token"


def _cli(path: Path, base_url: str, redis_url: str | None) -> list[str]:
    command = [
        sys.executable, "-m", "hubspot_events.cli", "attendance", "record", str(path),
        "--state", "attend", "--event-id", EVENT, "--account-id", ACCOUNT, "--base-url", base_url,
        "--json",
    ]  # fmt: skip
    return [*command, "--redis", redis_url] if redis_url else command


def processes_run(processes: int, redis_url: str | None, workdir: Path) -> dict[str, Any]:
    max_requests, interval = parse_rate(RATE)
    requests = WINDOWS * max_requests
    rows = requests * BATCH_SIZE
    share = rows // processes
    files = []
    for number in range(processes):
        path = workdir / f"part-{processes}-{number}.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["email", "interactionDateTime"])
            for i in range(share):
                writer.writerow([f"p{number}-attendee{i}@bench.example.com", T0_MS + i])
        files.append(path)
    with _fake(RATE) as fake:
        base_url = fake.greeting["url"]
        env = {**os.environ, "HUBSPOT_ACCESS_TOKEN": TOKEN}
        outcomes: list[dict[str, Any]] = [{} for _ in files]

        def run(index: int, path: Path) -> None:
            done = subprocess.run(
                _cli(path, base_url, redis_url), env=env, capture_output=True, text=True
            )
            lines = done.stdout.strip().splitlines()
            outcomes[index] = {
                "code": done.returncode,
                "end": time.monotonic(),
                "summary": json.loads(lines[-1]) if lines else {},
                "stderr": done.stderr[-500:],
            }

        threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(files)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stats = fake.ask({"cmd": "stats"})
    starts = [o["end"] - o["summary"].get("elapsed_s", 0.0) for o in outcomes]
    span = max(o["end"] for o in outcomes) - min(starts)
    succeeded = sum(o["summary"].get("succeeded", 0) for o in outcomes)
    ceiling = BATCH_SIZE * max_requests / interval
    served = stats["requests"]
    bound_s = (math.ceil(requests / max_requests) - 1) * interval
    keys = {o["summary"].get("rate_limit_shared", {}).get("redis_key") for o in outcomes}
    return {
        "processes": processes,
        "shared": redis_url is not None,
        "rows": share * processes,
        "succeeded": succeeded,
        "lost": share * processes - succeeded,
        "exit_codes": [o["code"] for o in outcomes],
        "span_s": span,
        "rows_per_s": succeeded / span,
        "pct_ceiling": 100 * succeeded / span / ceiling,
        "pct_window_bound": 100 * bound_s / span,
        "requests": served,
        "fake_429": stats["rate_limited"],
        "pct_429": 100 * stats["rate_limited"] / served if served else 0.0,
        "keys": sorted(k for k in keys if k),
        "errors": [o["stderr"] for o in outcomes if o["code"] != 0],
    }


def per_call_us(redis_url: str, calls: int = 3000) -> dict[str, float]:
    """Wall µs of one acquire + release of the shared limiter (its one Lua call), and of a
    Redis PING on the same connection (the round trip's floor)."""
    from hubspot_events import SharedRateLimit

    limiter = SharedRateLimit(redis_url, limit=f"{calls * 10}/10s", key="bench-percall").limiter(
        None
    )
    answer = {"X-HubSpot-RateLimit-Max": str(calls * 10), "X-HubSpot-RateLimit-Remaining": "5"}
    times, pings = [], []
    for _ in range(calls):
        started = time.perf_counter_ns()
        _, booking = limiter.acquire()
        assert booking is not None
        limiter.release(booking, answer)
        times.append(time.perf_counter_ns() - started)
        started = time.perf_counter_ns()
        limiter._redis.ping()
        pings.append(time.perf_counter_ns() - started)
    limiter.close()
    return {
        "calls": calls,
        "median_us": statistics.median(times) / 1000,
        "p99_us": sorted(times)[int(calls * 0.99)] / 1000,
        "ping_median_us": statistics.median(pings) / 1000,
    }


def run(counts: tuple[int, ...] = (1, 4, 8), baseline: int = 4) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-shared-") as tmp:
        workdir = Path(tmp)
        server = RedisServer(workdir / "redis").start()
        try:
            cost = per_call_us(server.url)
            runs = []
            for count in counts:
                server.flush()
                print(f"  {count} process(es) sharing through Redis ...", flush=True)
                runs.append(processes_run(count, server.url, workdir))
            if baseline:
                print(f"  {baseline} processes pacing alone ...", flush=True)
                runs.append(processes_run(baseline, None, workdir))
        finally:
            server.kill()
    return {"rate_limit": RATE, "windows": WINDOWS, "per_call": cost, "runs": runs}


if __name__ == "__main__":
    print(json.dumps(run(tuple(int(n) for n in sys.argv[1:]) or (1, 4, 8)), indent=1))
