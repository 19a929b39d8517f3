"""Why the shared limit is its own Lua script and not ``limits`` or ``pyrate-limiter``: per call.

``python bench/redis_choice.py [EXTRA_SITE_DIR]`` starts a redis-server on loopback (the tests'
helper) and times one admitted request through each, median wall µs over 3000 calls:

- ours: ``SharedLimiter.acquire`` + ``release`` (one EVALSHA; release costs nothing);
- ``limits`` 5.8: ``MovingWindowRateLimiter(RedisStorage).hit`` (a moving window in Lua);
- ``pyrate-limiter`` 4.5: ``Limiter(RedisBucket).try_acquire(blocking=False)``.

The two libraries are not project dependencies: install them somewhere else
(``uv pip install --target DIR limits pyrate-limiter``) and pass DIR. Prints JSON; the figures
and the reasons are in bench/RESULTS.md ("Many workers, one app").
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from _redis_server import RedisServer  # noqa: E402

CALLS = 3000


def timed(call: Callable[[], object]) -> dict[str, float]:
    for _ in range(200):
        call()
    times = []
    for _ in range(CALLS):
        started = time.perf_counter_ns()
        call()
        times.append(time.perf_counter_ns() - started)
    times.sort()
    return {"median_us": statistics.median(times) / 1000, "p99_us": times[int(CALLS * 0.99)] / 1000}


def ours(url: str) -> Callable[[], object]:
    from hubspot_events import SharedRateLimit

    limiter = SharedRateLimit(url, limit="1000000/10s", key="choice").limiter(None)
    answer = {"X-HubSpot-RateLimit-Max": "1000000", "X-HubSpot-RateLimit-Remaining": "999"}

    def call() -> object:
        _, booking = limiter.acquire()
        assert booking is not None
        limiter.release(booking, answer)
        return booking

    return call


def limits_moving_window(url: str) -> Callable[[], object]:
    from limits import RateLimitItemPerSecond
    from limits.storage import RedisStorage
    from limits.strategies import MovingWindowRateLimiter

    limiter = MovingWindowRateLimiter(RedisStorage(url))
    item = RateLimitItemPerSecond(1_000_000, 10)
    return lambda: limiter.hit(item, "choice")


def pyrate(url: str) -> Callable[[], object]:
    import redis
    from pyrate_limiter import Duration, Limiter, Rate, RedisBucket

    bucket = RedisBucket.init(
        [Rate(1_000_000, Duration.SECOND * 10)], redis.Redis.from_url(url), "choice"
    )
    limiter = Limiter(bucket)
    return lambda: limiter.try_acquire("choice", blocking=False)


def main() -> None:
    if len(sys.argv) > 1:
        sys.path.append(sys.argv[1])  # after the venv's own packages: its redis wins
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        server = RedisServer(Path(tmp) / "redis").start()
        try:
            for name, make in (
                ("ours", ours), ("limits", limits_moving_window), ("pyrate-limiter", pyrate)
            ):  # fmt: skip
                try:
                    results[name] = timed(make(server.url))
                except ImportError as exc:
                    results[name] = {"missing": str(exc)}
                server.flush()
        finally:
            server.kill()
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
