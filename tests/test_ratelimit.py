"""The client-side rate limiter, driven by a fake clock: nothing here sleeps."""

from __future__ import annotations

import heapq
import random
import threading
from collections import deque
from collections.abc import Callable
from itertools import pairwise

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

    def advance_to(self, when: float) -> None:
        """A thread "sleeps" until ``when``: time moves on for everybody, never back."""
        with self._lock:
            self.now = max(self.now, when)


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


def assert_within_limit(arrivals: list[float], limit: RateLimit) -> None:
    """No rolling window of ``interval_s`` holds more than ``max_requests`` arrivals (the
    server's count: ``(t - interval, t]``, as HubSpot and the fake keep it)."""
    arrivals = sorted(arrivals)
    for first, last in zip(arrivals, arrivals[limit.max_requests :], strict=False):
        assert last - first >= limit.interval_s - 1e-9, (
            f"{limit.max_requests + 1} requests arrived within {last - first:.3f} s"
        )


def send(limiter: Limiter) -> float:
    """Book a slot that is there to book: its wait."""
    wait, booking = limiter.acquire()
    assert booking is not None, f"nothing booked: come back in {wait} s"
    return wait


def exchange(limiter: Limiter, clock: FakeClock, answer: dict[str, str] | None = None) -> float:
    """One request sent now (after its wait, if any) and answered at once: its send time."""
    wait, booking = limiter.acquire()
    assert booking is not None
    clock.now += wait
    limiter.release(booking, answer if answer is not None else {})
    return booking


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
    ("max_requests", "margin"), [(1, 1), (10, 1), (100, 1), (190, 2), (250, 3)]
)
def test_safety_margin(max_requests: int, margin: int) -> None:
    assert safety_margin(max_requests) == margin


# --- fixed mode --------------------------------------------------------------------------------


def test_fixed_lets_n_through_then_frees_a_slot_one_window_after_its_answer() -> None:
    clock = FakeClock()
    limiter = Limiter.fixed(RateLimit(3, 10.0), clock=clock)
    bookings = []
    for now in (0.0, 1.0, 2.0):
        clock.now = now
        assert limiter.acquire() == (0.0, now)
        bookings.append(now)
    clock.now = 5.0
    limiter.release(bookings[0])  # answered at 5.0: the server may have counted it just now
    assert limiter.acquire() == (10.0, 15.0)  # not 10.0, one window after it was *sent*
    clock.now = 6.0
    limiter.release(bookings[2])
    assert limiter.acquire() == (10.0, 16.0)


def test_fixed_a_slow_answer_keeps_its_slot_so_a_fast_request_cannot_overtake_it() -> None:
    """The defect: the slot freed one window after the send, but the server counts on arrival."""
    clock = FakeClock()
    limiter = Limiter.fixed(RateLimit(1, 10.0), clock=clock)
    assert send(limiter) == 0.0
    clock.now = 0.3  # it arrived (and was counted) somewhere in these 0.3 s
    limiter.release(0.0)
    assert limiter.acquire() == pytest.approx((10.0, 10.3))


def test_fixed_when_every_slot_waits_for_an_answer_nothing_is_booked_for_a_window() -> None:
    clock = FakeClock()
    limiter = Limiter.fixed(RateLimit(2, 1.0), clock=clock)
    for _ in range(2):
        assert exchange(limiter, clock) == 0.0  # both answered at 0.0
    assert [limiter.acquire() for _ in range(2)] == [(1.0, 1.0), (1.0, 1.0)]
    # Both slots are booked and none has an answer yet: the earliest one can free is in a
    # window. Nothing is booked on a guess, so callers queue a window at a time, not forever.
    assert [limiter.acquire() for _ in range(5)] == [(1.0, None)] * 5


def test_a_released_booking_that_never_went_out_frees_its_slot_at_once() -> None:
    clock = FakeClock()
    limiter = Limiter.fixed(RateLimit(1, 10.0), clock=clock)
    booking = limiter.acquire()[1]
    assert booking is not None
    limiter.release(booking, sent=False)  # its caller was cancelled while waiting
    limiter.release(booking)  # a second release is harmless
    assert limiter.acquire() == (0.0, 0.0)


# --- every mode, many callers: what the server counts ------------------------------------------


def run_workers(
    limiter: Limiter,
    clock: FakeClock,
    *,
    workers: int,
    requests: int,
    trips: Callable[[], tuple[float, float]],
    answer: Callable[[int], dict[str, str]] = lambda count: {},
) -> tuple[list[float], list[float]]:
    """``workers`` callers sharing ``limiter``: acquire, wait, send; each request arrives after
    the first of ``trips()`` and is answered after the second. ``answer(n)``: the headers for a
    request the server counted with ``n`` in its window. Returns (arrival times, every wait)."""
    events: list[tuple[float, int, str, int, float]] = []
    arrivals: list[float] = []
    waits: list[float] = []
    seq = 0

    def schedule(at: float, kind: str, worker: int, booking: float = 0.0) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(events, (at, seq, kind, worker, booking))

    for worker in range(workers):
        schedule(0.0, "ready", worker)
    started = 0
    while events:
        clock.now, _, kind, worker, booking = heapq.heappop(events)
        if kind == "ready" and started < requests:
            wait, booked = limiter.acquire()
            waits.append(wait)
            if booked is None:
                schedule(clock.now + wait, "ready", worker)
                continue
            started += 1
            up, down = trips()
            schedule(clock.now + wait + up, "arrive", worker, booked)
            schedule(clock.now + wait + up + down, "answer", worker, booked)
        elif kind == "arrive":
            arrivals.append(clock.now)
        elif kind == "answer":
            in_window = sum(1 for t in arrivals if t > clock.now - 1e9)
            limiter.release(booking, answer(in_window))
            schedule(clock.now, "ready", worker)
    return arrivals, waits


@given(
    seed=st.integers(0, 2**32),
    workers=st.integers(1, 40),
    slowest=st.floats(0.0, 3.0),
)
def test_fixed_never_overruns_the_servers_window_whatever_the_latency(
    seed: int, workers: int, slowest: float
) -> None:
    rng = random.Random(seed)
    limit = RateLimit(5, 2.0)
    clock = FakeClock()
    arrivals, waits = run_workers(
        Limiter.fixed(limit, clock=clock),
        clock,
        workers=workers,
        requests=60,
        trips=lambda: (rng.uniform(0, slowest), rng.uniform(0, slowest)),
    )
    assert len(arrivals) == 60
    assert_within_limit(arrivals, limit)
    assert max(waits) <= limit.interval_s + 1e-9  # a window at most, however many queue


@given(seed=st.integers(0, 2**32), workers=st.integers(1, 40), slowest=st.floats(0.0, 3.0))
def test_auto_never_overruns_the_servers_window_whatever_the_latency(
    seed: int, workers: int, slowest: float
) -> None:
    rng = random.Random(seed)
    clock = FakeClock()
    arrivals, waits = run_workers(
        Limiter.auto(clock=clock),
        clock,
        workers=workers,
        requests=60,
        trips=lambda: (rng.uniform(0, slowest), rng.uniform(0, slowest)),
        answer=lambda _: headers(max_requests=5, interval_ms=2000),
    )
    assert len(arrivals) == 60
    assert_within_limit(arrivals, RateLimit(5, 2.0))  # the first request went alone
    assert max(waits) <= 2.0 * 1.25  # a window, plus one step of the even spacing


@pytest.mark.parametrize("mode", ["fixed", "auto"])
def test_threads_sharing_a_limiter_never_exceed_the_limit(mode: str) -> None:
    clock = FakeClock(tick=0.0005)
    if mode == "fixed":
        limit = RateLimit(7, 1.0)
        limiter = Limiter.fixed(limit, clock=clock)
    else:
        limiter = Limiter.auto(clock=clock)
        limit = RateLimit(9, 1.0)
        exchange(limiter, clock, headers(max_requests=9, interval_ms=1000))
    sends: list[float] = []
    start = threading.Barrier(20)

    def worker() -> None:
        start.wait()
        for _ in range(50):
            while True:
                wait, booking = limiter.acquire()
                clock.advance_to(clock.last_seen_by_this_thread + wait)
                if booking is not None:
                    break
            sends.append(booking)  # counted no sooner than booked, no later than released
            limiter.release(booking, {})

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
    limiter.release(0.0, headers(max_requests=1, remaining=0))
    limiter.penalize(60.0)
    assert all(limiter.acquire()[0] == 0.0 for _ in range(1000))
    assert (limiter.mode, limiter.limit) == ("off", None)


# --- auto mode ---------------------------------------------------------------------------------


def test_auto_lets_one_request_out_until_the_first_answer_then_never_blocks_without_headers() -> (
    None
):
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    first = limiter.acquire()
    assert first == (0.0, 0.0)
    # Many tasks start together: the limit is unknown, so they wait for the first answer.
    assert limiter.acquire() == (0.05, None)
    clock.now = 0.4
    assert limiter.acquire() == (0.4, None)  # it is slow: look less often, at most every 1 s
    limiter.release(0.0, {})  # an answer without rate-limit headers: nothing to learn
    assert all(limiter.acquire()[0] == 0.0 for _ in range(2000))
    assert limiter.limit is None


def test_auto_a_first_request_that_failed_lets_the_next_one_try() -> None:
    limiter = Limiter.auto(clock=FakeClock())
    limiter.acquire()
    limiter.release(0.0, None)  # a connection error: still nothing heard
    assert limiter.acquire() == (0.0, 0.0)
    assert limiter.acquire()[1] is None


def test_auto_learns_the_limit_keeps_a_margin_and_spaces_sends_evenly() -> None:
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    exchange(limiter, clock, headers(max_requests=100, remaining=99))
    assert limiter.limit == RateLimit(100, 10.0)
    # 99 per window (100 minus a margin of 1), one every 10/99 s after a first tenth of a window
    # that may go at once (slots come back in clumps; strict spacing would waste them) ...
    spacing = 10 / 99
    waits = [send(limiter) for _ in range(98)]
    assert waits == pytest.approx([max(0.0, k * spacing - 1.0) for k in range(98)])
    # ... counting the first request, answered at 0.0: the 100th waits for its slot ...
    assert limiter.acquire() == (10.0, 10.0)
    # ... and the 101st for an answer: nothing is booked, it comes back in a window.
    assert limiter.acquire() == (10.0, None)
    assert "auto" in repr(limiter)


def test_auto_reads_lowercase_and_httpx_headers() -> None:
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    exchange(limiter, clock, {k.lower(): v for k, v in headers(max_requests=190).items()})
    assert limiter.limit == RateLimit(190, 10.0)
    _, booking = limiter.acquire()
    assert booking is not None
    limiter.release(booking, httpx.Headers(headers(max_requests=250, interval_ms=1000)))
    assert limiter.limit == RateLimit(250, 1.0)


@pytest.mark.parametrize(
    "garbled",
    [
        {},
        {"X-HubSpot-RateLimit-Max": "100"},
        {"X-HubSpot-RateLimit-Max": "lots", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"},
        {"X-HubSpot-RateLimit-Max": "-1", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"},
        {"X-HubSpot-RateLimit-Max": "100", "X-HubSpot-RateLimit-Interval-Milliseconds": "0"},
        {"X-HubSpot-RateLimit-Max": "100", "X-HubSpot-RateLimit-Interval-Milliseconds": "86400000"},
    ],
)
def test_auto_ignores_missing_or_garbled_headers(garbled: dict[str, str]) -> None:
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    exchange(limiter, clock, garbled)
    assert limiter.limit is None
    assert [send(limiter) for _ in range(3)] == [0.0] * 3


def test_auto_follows_a_changed_limit() -> None:
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    exchange(limiter, clock, headers(max_requests=100))
    exchange(limiter, clock, headers(max_requests=190))
    assert limiter.limit == RateLimit(190, 10.0)
    waits = [send(limiter) for _ in range(186)]  # 190 minus a margin of 2, minus the 2 sent
    assert waits[-1] == pytest.approx(10 / 99 + 185 * 10 / 188 - 1.0)
    assert limiter.acquire() == (10.0, 10.0)  # the first two were answered at 0.0


def test_auto_spreads_what_remains_when_someone_else_uses_the_quota() -> None:
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    # The server counts 90 requests in its window; one is ours: 89 are someone else's.
    exchange(limiter, clock, headers(max_requests=100, remaining=10))
    # 99 minus those 89 and room for 2 more of them: 8 in this window, ours included, spread
    # 10/8 s apart after the slack ...
    assert [send(limiter) for _ in range(7)] == pytest.approx([0, 0.25, 1.5, 2.75, 4, 5.25, 6.5])
    # ... and the next only when the other requests have surely left it.
    assert limiter.acquire() == (10.0, 10.0)


def test_auto_two_fresher_answers_give_the_budget_back() -> None:
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    exchange(limiter, clock, headers(max_requests=100, remaining=10))  # 89 others
    clock.now = 3.0
    # A request sent later says the others are gone; one answer may be jitter, two are not.
    exchange(limiter, clock, headers(max_requests=100, remaining=98))
    assert limiter.acquire()[0] > 0.2  # still spaced for a budget of 8
    exchange(limiter, clock, headers(max_requests=100, remaining=96))
    waits = [send(limiter) for _ in range(50)]  # 50 more booked in this window, 10/99 s apart:
    assert [b - a for a, b in pairwise(waits)] == pytest.approx(
        [10 / 99] * 49
    )  # the whole budget is back


def test_auto_never_takes_its_own_requests_in_flight_for_someone_elses() -> None:
    """Answers come back in any order: the server may have counted any request sent by then."""
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    exchange(limiter, clock, headers(max_requests=100, remaining=99))
    bookings = [limiter.acquire()[1] for _ in range(10)]  # 10 in flight, all at 0.0
    clock.now = 0.5
    # All of them have arrived (the server counts 11); this one's answer is the first back.
    assert bookings[-1] is not None
    limiter.release(bookings[-1], headers(max_requests=100, remaining=89))
    assert [send(limiter) for _ in range(3)] == [0.0] * 3  # nobody else's usage was assumed
    # An answer from the same instant that overtook a later one cannot bring a surplus back
    # either: its count is again all ours.
    assert bookings[0] is not None
    limiter.release(bookings[0], headers(max_requests=100, remaining=86))
    assert send(limiter) == 0.0


def test_auto_a_window_full_of_others_blocks_until_it_has_passed() -> None:
    clock = FakeClock()
    limiter = Limiter.auto(clock=clock)
    exchange(limiter, clock, headers(max_requests=100, remaining=0))
    assert limiter.acquire() == (10.0, 10.0)


# --- 429 penalty -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [lambda c: Limiter.fixed(RateLimit(100, 10.0), clock=c), lambda c: Limiter.auto(clock=c)],
    ids=["fixed", "auto"],
)
def test_penalty_holds_off_every_caller(make: Callable[[FakeClock], Limiter]) -> None:
    clock = FakeClock()
    limiter = make(clock)
    exchange(limiter, clock, headers(max_requests=100))
    clock.now = 1.0
    limiter.penalize(10.0)
    limiter.penalize(2.0)  # a shorter penalty does not shorten the hold
    waits: list[float] = []
    threads = [threading.Thread(target=lambda: waits.append(send(limiter))) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert waits == [10.0] * 5  # held off together, not one window after another


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

    Each worker loops: acquire, wait, send; the request reaches the server after a random
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
    booked: dict[int, float] = {}
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
            wait, booking = limiter.acquire()
            if booking is None:
                schedule(clock.now + wait, "ready", worker)
                continue
            booked[worker] = booking
            schedule(clock.now + wait + rng.uniform(0.02, 0.3), "arrive", worker)
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
            limiter.release(booked.pop(worker), answers[worker])
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
    assert limited == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("workers", [8, 32])
def test_simulated_bulk_job_makes_room_for_another_consumer(workers: int, seed: int) -> None:
    elapsed, ok, limited = simulate(1000, workers=workers, foreign_per_s=3.0, seed=seed)
    assert ok / elapsed >= 0.6 * 10.0  # the other consumer takes 30 % of the ceiling
    assert limited <= 0.01 * ok
