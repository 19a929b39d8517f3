"""The client-side rate limiter, driven by a fake clock: nothing here sleeps."""

from __future__ import annotations

import heapq
import random
import threading
from collections import deque
from collections.abc import Callable

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hubspot_events._ratelimit import Limiter, RateLimit, safety_margin


class FakeClock:
    """A settable clock; ``tick`` makes every reading advance, like time does between calls."""

    def __init__(self, now: float = 0.0, tick: float = 0.0) -> None:
        self.now = now
        self.tick = tick
        self._lock = threading.Lock()
        self._seen = threading.local()

    def __call__(self) -> float:
        with self._lock:
            self.now += self.tick
            self._seen.value = self.now
            return self.now

    @property
    def last_seen_by_this_thread(self) -> float:
        value: float = self._seen.value
        return value


def headers(
    max_requests: int = 100, remaining: int | None = None, interval_ms: int = 10_000
) -> dict[str, str]:
    result = {
        "X-HubSpot-RateLimit-Max": str(max_requests),
        "X-HubSpot-RateLimit-Interval-Milliseconds": str(interval_ms),
    }
    if remaining is not None:
        result["X-HubSpot-RateLimit-Remaining"] = str(remaining)
    return result


def assert_within_limit(sends: list[float], limit: RateLimit) -> None:
    """No rolling window of ``interval_s`` holds more than ``max_requests`` sends."""
    sends = sorted(sends)
    for first, last in zip(sends, sends[limit.max_requests :], strict=False):
        assert last - first >= limit.interval_s - 1e-9


# --- RateLimit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100/10s", RateLimit(100, 10.0)),
        ("190/10s", RateLimit(190, 10.0)),
        ("100/1s", RateLimit(100, 1.0)),
        ("50/500ms", RateLimit(50, 0.5)),
        (" 10 / s ", RateLimit(10, 1.0)),
        ("5/1.5s", RateLimit(5, 1.5)),
        ("250/10S", RateLimit(250, 10.0)),
    ],
)
def test_parse(text: str, expected: RateLimit) -> None:
    assert RateLimit.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected <requests>/<interval>"),
        ("100", "expected <requests>/<interval>"),
        ("100/10", "expected <requests>/<interval>"),
        ("100/10m", "expected <requests>/<interval>"),
        ("-1/10s", "expected <requests>/<interval>"),
        ("a/10s", "expected <requests>/<interval>"),
        ("0/10s", "max_requests"),
        ("100/0s", "interval_s"),
        ("100/0ms", "interval_s"),
    ],
)
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RateLimit.parse(text)


@pytest.mark.parametrize(
    ("max_requests", "interval_s", "field"),
    [
        (0, 1.0, "max_requests"),
        (-5, 1.0, "max_requests"),
        (1.5, 1.0, "max_requests"),
        (True, 1.0, "max_requests"),
        ("10", 1.0, "max_requests"),
        (10, 0.0, "interval_s"),
        (10, -1.0, "interval_s"),
        (10, float("inf"), "interval_s"),
        (10, float("nan"), "interval_s"),
        (10, "1", "interval_s"),
    ],
)
def test_rate_limit_validation_names_the_field(
    max_requests: object, interval_s: object, field: str
) -> None:
    with pytest.raises(ValueError, match=f"RateLimit.{field}"):
        RateLimit(max_requests, interval_s)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("max_requests", "margin"), [(1, 2), (10, 2), (100, 3), (190, 6), (250, 8)]
)
def test_safety_margin(max_requests: int, margin: int) -> None:
    assert safety_margin(max_requests) == margin


# --- fixed mode --------------------------------------------------------------------------------


def test_fixed_lets_n_through_then_waits_until_the_oldest_leaves_the_window() -> None:
    clock = FakeClock()
    limiter = Limiter.fixed(RateLimit(3, 10.0), clock=clock)
    for now in (0.0, 1.0, 2.0):
        clock.now = now
        assert limiter.reserve() == 0.0
    clock.now = 5.0
    assert limiter.reserve() == 5.0  # the send at 0.0 leaves the window at 10.0
    assert limiter.reserve() == 6.0  # the one at 1.0 leaves at 11.0
    clock.now = 12.0
    assert limiter.reserve() == 0.0  # 2.0 left at 12.0
    assert limiter.reserve() == 8.0  # the next to leave was booked for 10.0


def test_fixed_books_in_order_and_far_ahead_when_callers_pile_up() -> None:
    limiter = Limiter.fixed(RateLimit(2, 1.0), clock=FakeClock())
    assert [limiter.reserve() for _ in range(7)] == [0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 3.0]


@given(gaps=st.lists(st.floats(min_value=0.0, max_value=3.0), min_size=1, max_size=200))
def test_fixed_never_exceeds_the_limit_in_any_window(gaps: list[float]) -> None:
    limit = RateLimit(5, 2.0)
    clock = FakeClock()
    limiter = Limiter.fixed(limit, clock=clock)
    sends = []
    for gap in gaps:
        clock.now += gap
        wait = limiter.reserve()
        assert wait >= 0.0
        sends.append(clock.now + wait)
    assert_within_limit(sends, limit)


@pytest.mark.parametrize("mode", ["fixed", "auto"])
def test_threads_sharing_a_limiter_never_exceed_the_limit(mode: str) -> None:
    clock = FakeClock(tick=0.0005)
    if mode == "fixed":
        limit = RateLimit(7, 1.0)
        limiter = Limiter.fixed(limit, clock=clock)
    else:
        limiter = Limiter.auto(clock=clock)
        limiter.observe(headers(max_requests=9, interval_ms=1000))
        limit = RateLimit(9 - safety_margin(9), 1.0)
    sends: list[float] = []
    start = threading.Barrier(20)

    def worker() -> None:
        start.wait()
        for _ in range(50):
            wait = limiter.reserve()
            sends.append(clock.last_seen_by_this_thread + wait)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sends) == 1000
    assert_within_limit(sends, limit)


# --- off mode ----------------------------------------------------------------------------------


def test_off_never_waits_and_ignores_everything() -> None:
    limiter = Limiter.off()
    limiter.observe(headers(max_requests=1, remaining=0))
    limiter.penalize(60.0)
    assert all(limiter.reserve() == 0.0 for _ in range(1000))
    assert (limiter.mode, limiter.limit) == ("off", None)


# --- auto mode ---------------------------------------------------------------------------------


def test_auto_does_not_block_before_any_header() -> None:
    limiter = Limiter.auto(clock=FakeClock())
    assert all(limiter.reserve() == 0.0 for _ in range(2000))
    assert limiter.limit is None


def test_auto_learns_the_limit_keeps_a_margin_and_spaces_sends_evenly() -> None:
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    assert limiter.reserve() == 0.0
    limiter.observe(headers(max_requests=100, remaining=99))
    assert limiter.limit == RateLimit(100, 10.0)
    # 97 per window (100 minus a margin of 3), one every 10/97 s ...
    waits = [limiter.reserve() for _ in range(96)]
    assert waits == pytest.approx([k * 10 / 97 for k in range(96)])
    # ... counting the one sent before the limit was known, at 0.0: the 98th waits for it to leave
    assert limiter.reserve() == 10.0
    assert "auto" in repr(limiter)


def test_auto_reads_lowercase_and_httpx_headers() -> None:
    limiter = Limiter.auto(clock=FakeClock())
    limiter.observe({k.lower(): v for k, v in headers(max_requests=190).items()})
    assert limiter.limit == RateLimit(190, 10.0)
    limiter.observe(httpx.Headers(headers(max_requests=250, interval_ms=1000)))
    assert limiter.limit == RateLimit(250, 1.0)


@pytest.mark.parametrize(
    "garbled",
    [
        {},
        {"X-HubSpot-RateLimit-Max": "100"},
        {"X-HubSpot-RateLimit-Max": "lots", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"},
        {"X-HubSpot-RateLimit-Max": "-1", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"},
        {"X-HubSpot-RateLimit-Max": "100", "X-HubSpot-RateLimit-Interval-Milliseconds": "0"},
    ],
)
def test_auto_ignores_missing_or_garbled_headers(garbled: dict[str, str]) -> None:
    limiter = Limiter.auto(clock=FakeClock())
    limiter.observe(garbled)
    assert limiter.limit is None
    assert limiter.reserve() == 0.0


def test_auto_follows_a_changed_limit() -> None:
    limiter = Limiter.auto(clock=FakeClock())
    limiter.observe(headers(max_requests=100))
    limiter.observe(headers(max_requests=190))
    waits = [limiter.reserve() for _ in range(185)]
    assert waits[1] == pytest.approx(10 / 184)  # 190 minus a margin of 6
    assert waits[184] == pytest.approx(10.0)


def test_auto_spreads_what_remains_when_someone_else_uses_the_quota() -> None:
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    limiter.reserve()
    # The server counts 90 requests in its window; this limiter booked 1: 89 are someone else's.
    limiter.observe(headers(max_requests=100, remaining=10))
    # 10 remaining minus the margin of 3: 7 more, spread over the window ...
    assert [limiter.reserve() for _ in range(7)] == pytest.approx(
        [0.0, 1.25, 2.5, 3.75, 5.0, 6.25, 7.5]
    )
    # ... and the next only when the other requests have surely left it.
    assert limiter.reserve() == 10.0
    assert limiter.reserve() == pytest.approx(10 + 10 / 97)


def test_auto_a_fresher_header_gives_the_budget_back() -> None:
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    limiter.reserve()
    limiter.observe(headers(max_requests=100, remaining=10))
    assert limiter.reserve() == 0.0  # the next one is booked for 1.25
    clock.now = 1.0
    limiter.observe(headers(max_requests=100, remaining=60))  # 100 - 60 - 2 ours: 38 others
    waits = [limiter.reserve() for _ in range(3)]
    assert waits == pytest.approx([0.25, 0.25 + 10 / 59, 0.25 + 20 / 59])  # 97 - 38 = 59 per window


def test_auto_dates_the_servers_count_by_the_requests_round_trip() -> None:
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    limiter.observe(headers(max_requests=100))
    for _ in range(50):
        limiter.reserve()  # one every 10/97 s, the last one booked for ~5.05 s
    clock.now = 12.0
    # This response is for a request sent at 4.0, when 39 of ours were in the server's window.
    limiter.observe(headers(max_requests=100, remaining=61), elapsed=8.0)
    assert limiter.reserve() == 0.0
    assert limiter.reserve() == pytest.approx(10 / 97)  # no one else's usage was assumed


def test_auto_ignores_a_surplus_within_the_margin() -> None:
    """Latency jitter moves a request or two across the window's edge: that is not a signal."""
    limiter = Limiter.auto(clock=FakeClock())
    limiter.reserve()
    limiter.observe(headers(max_requests=100, remaining=97))  # 2 more than ours
    waits = [limiter.reserve() for _ in range(2)]
    assert waits == pytest.approx([0.0, 10 / 97])


def test_auto_takes_a_surplus_seriously_only_in_consecutive_answers() -> None:
    """One answer's surplus can be this client's own requests crossing the window's edge."""
    limiter = Limiter.auto(clock=FakeClock())
    limiter.reserve()
    limiter.observe(headers(max_requests=100, remaining=99))
    limiter.observe(headers(max_requests=100, remaining=50))  # 49 others? not yet believed
    assert [limiter.reserve() for _ in range(2)] == pytest.approx([0.0, 10 / 97])
    limiter.observe(headers(max_requests=100, remaining=50))  # again: 100 - 50 - 2 sent so far
    waits = [limiter.reserve() for _ in range(2)]
    assert waits == pytest.approx([20 / 97, 20 / 97 + 10 / 49])  # 97 - 48 = 49 per window


def test_auto_a_window_full_of_others_blocks_until_it_has_passed() -> None:
    limiter = Limiter.auto(clock=FakeClock())
    limiter.observe(headers(max_requests=100, remaining=0))
    assert limiter.reserve() == 10.0


@given(gaps=st.lists(st.floats(min_value=0.0, max_value=0.5), min_size=1, max_size=300))
def test_auto_never_exceeds_its_budget_in_any_window(gaps: list[float]) -> None:
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    limiter.observe(headers(max_requests=20, interval_ms=2000))
    sends = []
    for gap in gaps:
        clock.now += gap
        sends.append(clock.now + limiter.reserve())
    assert_within_limit(sends, RateLimit(20 - safety_margin(20), 2.0))


# --- 429 penalty -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [lambda c: Limiter.fixed(RateLimit(100, 10.0), clock=c), lambda c: Limiter.auto(clock=c)],
    ids=["fixed", "auto"],
)
def test_penalty_holds_off_every_caller(make: Callable[[FakeClock], Limiter]) -> None:
    clock = FakeClock()
    limiter = make(clock)
    clock.now = 1.0
    limiter.penalize(10.0)
    limiter.penalize(2.0)  # a shorter penalty does not shorten the hold
    waits: list[float] = []
    threads = [threading.Thread(target=lambda: waits.append(limiter.reserve())) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert waits == [10.0] * 5
    clock.now = 11.0
    assert limiter.reserve() == 0.0


# --- the client's option -----------------------------------------------------------------------


def test_from_option() -> None:
    assert Limiter.from_option(None).mode == "off"
    assert Limiter.from_option("auto").mode == "auto"
    fixed = Limiter.from_option(RateLimit(10, 1.0))
    assert (fixed.mode, fixed.limit) == ("fixed", RateLimit(10, 1.0))
    assert Limiter.from_option("50/500ms").limit == RateLimit(50, 0.5)
    with pytest.raises(ValueError, match="100/10s"):
        Limiter.from_option("fast")


# --- a simulated bulk job ----------------------------------------------------------------------


def simulate(
    requests: int, *, workers: int, foreign_per_s: float = 0.0, seed: int = 1
) -> tuple[float, int, int]:
    """A bulk job against a HubSpot-like rolling window (100/10 s, counted on arrival).

    Each worker loops: reserve, wait, send; the request reaches the server after a random
    latency (20-300 ms), the answer comes back after another. ``foreign_per_s`` is another
    consumer of the same quota, at a steady rate. Returns (elapsed s, 200s, 429s).
    """
    rng = random.Random(seed)
    window = 10.0
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    accepted: deque[float] = deque()
    events: list[tuple[float, int, str, int]] = []
    answers: dict[int, dict[str, str]] = {}
    sent_at: dict[int, float] = {}
    seq = 0

    def schedule(at: float, kind: str, worker: int) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(events, (at, seq, kind, worker))

    for worker in range(workers):
        schedule(0.0, "ready", worker)
    if foreign_per_s:
        schedule(0.0, "foreign", -1)
    ok = limited = 0
    while ok < requests:
        clock.now, _, kind, worker = heapq.heappop(events)
        if kind == "ready":
            sent_at[worker] = clock.now + limiter.reserve()
            schedule(sent_at[worker] + rng.uniform(0.02, 0.3), "arrive", worker)
        elif kind in ("arrive", "foreign"):
            while accepted and accepted[0] <= clock.now - window:
                accepted.popleft()
            status = 200 if len(accepted) < 100 else 429
            if status == 200:
                accepted.append(clock.now)
            if kind == "foreign":
                schedule(clock.now + 1 / foreign_per_s, "foreign", -1)
                continue
            answer = headers(max_requests=100, remaining=100 - len(accepted))
            schedule(clock.now + rng.uniform(0.02, 0.3), f"respond {status}", worker)
            answers[worker] = answer
        else:
            limiter.observe(answers[worker], elapsed=clock.now - sent_at[worker])
            if kind == "respond 429":
                limited += 1
                limiter.penalize(window)
            else:
                ok += 1
            schedule(clock.now, "ready", worker)
    return clock.now, ok, limited


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("workers", [8, 32])
def test_simulated_bulk_job_reaches_95_percent_of_the_ceiling_without_429s(
    workers: int, seed: int
) -> None:
    elapsed, ok, limited = simulate(1000, workers=workers, seed=seed)
    assert ok / elapsed >= 0.95 * 10.0
    assert limited <= 0.01 * ok


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("workers", [8, 32])
def test_simulated_bulk_job_makes_room_for_another_consumer(workers: int, seed: int) -> None:
    elapsed, ok, limited = simulate(1000, workers=workers, foreign_per_s=3.0, seed=seed)
    assert ok / elapsed >= 0.6 * 10.0  # the other consumer takes 30 % of the ceiling
    assert limited <= 0.01 * ok
