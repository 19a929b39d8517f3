"""Fault campaign through the client: 10,000+ rows against a misbehaving fake HubSpot.

Each scenario sends a bulk job through ``fake.client()`` / ``fake.async_client()`` (the fake's
in-process transports) while the fake injects one kind of trouble, seeded so every run is the
same: 5xx answers (HubSpot JSON and proxies' HTML pages), dropped connections, answers lost after
the fake committed the request, read timeouts (real latency above the client's timeout), 429
bursts from the secondly and ten-secondly windows, the daily quota running out, and an OAuth
token expiring mid-run. Time is fake (``FakeTime``): backoff and 429 windows cost nothing.

Every scenario is held to the same promises:

- every input is accounted for exactly once: ``succeeded + failed == total``;
- every failure carries a category and a message, and HubSpot's correlation id whenever HubSpot's
  error body was read (never one HubSpot did not send);
- re-sending only the failed inputs completes the job;
- the fake's final state is exactly what the input intended: each row recorded (perhaps more than
  once, after a retry of a committed request) with its own state and time, never another's.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest
from _reliability import (
    ACCOUNT,
    CLIENT_ID,
    CLIENT_SECRET,
    EVENT,
    FLAVOURS,
    TOKEN,
    WHEN_MS,
    FakeTime,
    Intended,
    assert_accounted,
    assert_failures_explained,
    assert_recorded_exactly,
    fake_client,
    intend,
    run_client,
    slow_at_random,
    subscribers,
    tap,
)

from hubspot_events import (
    AsyncHubSpotEvents,
    AuthenticationError,
    HubSpotEvents,
    OAuth,
    OAuthTokens,
    RateLimitError,
)
from hubspot_events.testing import FakeHubSpot, Faults

ROWS = 10_000
DAY_S = 86_400.0
#: Scenarios past the core three run 10,000 rows on one client and fewer on the other (the two
#: share every line of accounting code; the async one adds concurrency): keeps the suite fast.
SMALL = 2_500


def rows_for(flavour: str, big: str = "sync") -> int:
    return ROWS if flavour == big else SMALL


def _record(state: str, rows: list[dict[str, Any]]) -> Any:
    return lambda client: client.attendance.record_by_email(
        state, rows, external_event_id=EVENT, external_account_id=ACCOUNT
    )


def _new_fake(time: FakeTime, **options: Any) -> FakeHubSpot:
    options.setdefault("rate_limit", None)
    fake = FakeHubSpot(clock=time.clock, **options)
    fake.add_event(ACCOUNT, EVENT)
    return fake


# --- one kind of trouble at a time ---------------------------------------------------------

FAULT_SCENARIOS = [
    pytest.param(
        {"faults": Faults(fail_rate=0.35, statuses=(500, 502, 503), html_rate=0.5)},
        {"INTERNAL_ERROR", "BAD_GATEWAY", "SERVICE_UNAVAILABLE", "HTTP_502"},
        id="5xx-json-and-html",
    ),
    pytest.param(
        {"faults": Faults(drop_rate=0.3)}, {"APIConnectionError"}, id="dropped-connections"
    ),
    pytest.param(
        {
            "faults": Faults(
                fail_after_commit_rate=0.3,
                statuses=(500, 502, 503),
                sequence=["commit:drop", "commit:html", "commit:503"],
            )
        },
        {"INTERNAL_ERROR", "BAD_GATEWAY", "SERVICE_UNAVAILABLE", "HTTP_502", "APIConnectionError"},
        id="answer-lost-after-commit",
    ),
]


@FLAVOURS
@pytest.mark.parametrize(("fake_options", "categories"), FAULT_SCENARIOS)
def test_bulk_record_under_faults_accounts_for_every_row_and_a_rerun_completes(
    flavour: str, fake_options: dict[str, Any], categories: set[str]
) -> None:
    time = FakeTime()
    fake = _new_fake(time, seed=11, **fake_options)
    taps = tap(fake)
    rows = subscribers(ROWS)
    make = fake_client(flavour, fake, time, max_retries=2)

    result = run_client(flavour, make, _record("attend", rows))

    assert_accounted(result, ROWS)
    assert_failures_explained(result, taps.correlation_ids)
    assert result.failed, "the scenario should make some chunks fail for good"
    assert {f.category for f in result.failed} <= categories
    assert all(f.input is rows[f.index] for f in result.failed)
    assert all(s.input is rows[s.index] for s in result.succeeded)

    fake.faults = Faults()
    retry = [f.input for f in result.failed]
    rerun = run_client(flavour, make, _record("attend", retry))

    assert rerun.ok
    assert_accounted(rerun, len(retry))
    intended: Intended = {}
    intend(intended, "attend", rows)
    assert_recorded_exactly(fake, intended, dict.fromkeys(intended, "ATTENDED"))


@FLAVOURS
@pytest.mark.parametrize(
    ("rate_limit", "policy"),
    [
        pytest.param("10/1s", "SECONDLY", id="secondly-window"),
        pytest.param("10/10s", "TEN_SECONDLY_ROLLING", id="ten-secondly-window"),
    ],
)
def test_429_bursts_are_waited_out_and_no_row_is_lost(
    flavour: str, rate_limit: str, policy: str
) -> None:
    time = FakeTime()
    fake = _new_fake(time, rate_limit=rate_limit, seed=3, faults=Faults(sequence=[429, 429, 429]))
    taps = tap(fake)
    rows = subscribers(rows_for(flavour, "async"))

    # No client-side pacing: every window overflows, and the 429s must be waited out.
    result = run_client(flavour, fake_client(flavour, fake, time), _record("register", rows))

    assert_accounted(result, len(rows))
    assert result.ok, result.failed[:3]
    assert fake.rate_limited > 3
    assert_failures_explained(result, taps.correlation_ids)
    window = 1.0 if policy == "SECONDLY" else 10.0
    assert window in time.sleeps  # waited for HubSpot's window, not a blind backoff
    intended: Intended = {}
    intend(intended, "register", rows)
    assert_recorded_exactly(fake, intended, dict.fromkeys(intended, "REGISTERED"))


@FLAVOURS
def test_auto_pacing_keeps_a_bulk_job_under_the_window(flavour: str) -> None:
    time = FakeTime()
    fake = _new_fake(time, rate_limit="20/1s")
    rows = subscribers(rows_for(flavour))

    result = run_client(
        flavour, fake_client(flavour, fake, time, rate_limit="auto"), _record("attend", rows)
    )

    assert result.ok
    assert_accounted(result, len(rows))
    assert fake.rate_limited <= 1  # HubSpot's budget: ≤ 1 % of requests answered 429


@FLAVOURS
def test_read_timeouts_before_and_after_commit(flavour: str) -> None:
    """Real latency above the client's timeout; half the slow requests were already recorded."""
    time = FakeTime()
    fake = _new_fake(time, seed=5)
    taps = tap(fake, slow=slow_at_random(0.1, seed=7), delay_s=1.0)
    rows = subscribers(rows_for(flavour, "async"))

    def make() -> HubSpotEvents | AsyncHubSpotEvents:
        # The timeout is set on the httpx client too: see test_timeout_applies_to_a_brought_http_client.
        options: dict[str, Any] = {
            "base_url": fake.base_url,
            "rate_limit": None,
            "max_retries": 1,
            "clock": time.clock,
            "timeout": 0.05,
        }
        if flavour == "sync":
            http = httpx.Client(transport=fake.sync_transport(), timeout=0.05)
            return HubSpotEvents(TOKEN, http_client=http, sleep=time.sleep, **options)
        ahttp = httpx.AsyncClient(transport=fake.async_transport(), timeout=0.05)
        return AsyncHubSpotEvents(TOKEN, http_client=ahttp, sleep=time.async_sleep, **options)

    result = run_client(flavour, make, _record("attend", rows))

    assert_accounted(result, len(rows))
    assert_failures_explained(result, taps.correlation_ids)
    assert taps.slowed > 0
    assert result.requests > len(rows) // 100  # timed-out attempts were retried
    assert {f.category for f in result.failed} <= {"APITimeoutError"}
    assert all("ReadTimeout" in f.message for f in result.failed)

    taps.slow = None
    retry = [f.input for f in result.failed]
    assert run_client(flavour, make, _record("attend", retry)).ok
    intended: Intended = {}
    intend(intended, "attend", rows)
    assert_recorded_exactly(fake, intended, dict.fromkeys(intended, "ATTENDED"))


def test_timeout_applies_to_a_brought_http_client() -> None:
    """``timeout=`` is the client's promise; it must hold with ``http_client=`` too.

    Bug: ``HubSpotEvents(timeout=..., http_client=...)`` (and so ``fake.client(timeout=...)``)
    silently ignores ``timeout``: the request below waits the fake's full 0.5 s latency.
    """
    fake = _new_fake(FakeTime(), faults=Faults(latency_s=0.5))

    with fake.client(access_token=TOKEN, timeout=0.05, max_retries=0, rate_limit=None) as client:
        result = client.attendance.record_by_email(
            "attend", ["a@example.com"], external_event_id=EVENT, external_account_id=ACCOUNT
        )

    assert [f.category for f in result.failed] == ["APITimeoutError"]


# --- several states, every kind of trouble at once -----------------------------------------


@FLAVOURS
def test_mixed_states_under_all_faults_converge_to_the_intended_state(flavour: str) -> None:
    """Register 10,000 contacts, then attend half and cancel a quarter, under every fault.

    A retried request may be recorded twice, but a contact's history must only ever hold the
    rows sent for it: each with its own state and time.
    """
    time = FakeTime()
    faults = Faults(
        fail_rate=0.2, html_rate=0.5, drop_rate=0.1, fail_after_commit_rate=0.1, sequence=[429]
    )
    fake = _new_fake(time, rate_limit="40/1s", seed=21, faults=faults)
    taps = tap(fake)
    make = fake_client(flavour, fake, time, max_retries=2)
    n = rows_for(flavour, "async")
    everyone = subscribers(n)
    attending = subscribers(n // 2, when_ms=WHEN_MS + 3_600_000)
    cancelling = subscribers(n // 4, start=n // 2, when_ms=WHEN_MS + 7_200_000)
    jobs = [("register", everyone), ("attend", attending), ("cancel", cancelling)]

    failed: dict[str, list[Any]] = {}
    for state, rows in jobs:
        result = run_client(flavour, make, _record(state, rows))
        assert_accounted(result, len(rows))
        assert_failures_explained(result, taps.correlation_ids)
        failed[state] = [f.input for f in result.failed]
    assert any(failed.values())

    fake.faults = Faults()
    for state, _ in jobs:
        assert run_client(flavour, make, _record(state, failed[state])).ok

    intended: Intended = {}
    for state, rows in jobs:
        intend(intended, state, rows)
    final = dict.fromkeys(intended, "REGISTERED")
    final.update(dict.fromkeys((r["email"] for r in attending), "ATTENDED"))
    final.update(dict.fromkeys((r["email"] for r in cancelling), "CANCELLED"))
    assert_recorded_exactly(fake, intended, final)
    counters = fake.state.counters(ACCOUNT, EVENT)
    assert (counters.registered, counters.attended, counters.cancelled) == (
        n - n // 2 - n // 4,
        n // 2,
        n // 4,
    )


def test_a_seeded_campaign_is_reproducible() -> None:
    """Same seed, same faults, same failures: a failing campaign can be replayed exactly."""

    def campaign() -> list[tuple[int, str, int | None]]:
        time = FakeTime()
        faults = Faults(fail_rate=0.4, drop_rate=0.1, html_rate=0.5)
        fake = _new_fake(time, seed=99, faults=faults)
        result = run_client(
            "sync", fake_client("sync", fake, time, max_retries=1), _record("attend", rows)
        )
        return [(f.index, f.category, f.status_code) for f in result.failed]

    rows = subscribers(2_000)
    first = campaign()
    assert first
    assert campaign() == first


# --- quotas and credentials that run out mid-run --------------------------------------------


@FLAVOURS
def test_daily_quota_stops_the_job_with_a_partial_account_and_resumes_next_day(
    flavour: str,
) -> None:
    """Each day's quota covers 40 % of the job: the job stops with an exact partial account, and
    resuming with the failed and the unread rows the next day, and the next, completes it."""
    time = FakeTime()
    rows = subscribers(rows_for(flavour))
    fake = _new_fake(time, daily_limit=len(rows) // 250)
    taps = tap(fake)
    make = fake_client(flavour, fake, time)
    todo = rows
    days = 0

    while True:
        try:
            result = run_client(flavour, make, _record("attend", todo))
        except RateLimitError as stopped:
            error = stopped
        else:
            assert result.ok
            break
        days += 1
        assert error.policy_name == "DAILY"
        assert error.correlation_id in taps.correlation_ids
        partial = error.partial_result
        # Every input read so far is accounted for, and they are a prefix of the input.
        assert_accounted(partial, partial.total)
        assert len(partial.succeeded) >= (len(rows) * 4 // 10 if days == 1 else len(rows) // 3)
        assert {f.category for f in partial.failed} == {"RATE_LIMIT"}
        assert_failures_explained(partial, taps.correlation_ids)
        todo = [f.input for f in partial.failed] + todo[partial.total :]
        time.clock.advance(DAY_S)

    assert days == 2
    intended: Intended = {}
    intend(intended, "attend", rows)
    assert_recorded_exactly(fake, intended, dict.fromkeys(intended, "ATTENDED"))


def _oauth(fake: FakeHubSpot, time: FakeTime, refreshed: list[OAuthTokens], **kw: Any) -> OAuth:
    refresh_token = fake.register_oauth_client(CLIENT_ID, CLIENT_SECRET)
    return OAuth(
        CLIENT_ID,
        CLIENT_SECRET,
        refresh_token,
        token_url="/oauth/v1/token",
        on_refresh=refreshed.append,
        **kw,
    )


def _oauth_client(
    flavour: str, fake: FakeHubSpot, time: FakeTime, auth: OAuth, **options: Any
) -> Any:
    options = {"base_url": fake.base_url, "rate_limit": None, "clock": time.clock, **options}

    def make() -> HubSpotEvents | AsyncHubSpotEvents:
        if flavour == "sync":
            http = httpx.Client(transport=fake.sync_transport())
            return HubSpotEvents(auth=auth, http_client=http, sleep=time.sleep, **options)
        ahttp = httpx.AsyncClient(transport=fake.async_transport())
        return AsyncHubSpotEvents(auth=auth, http_client=ahttp, sleep=time.async_sleep, **options)

    return make


@FLAVOURS
@pytest.mark.parametrize("knows_expiry", [False, True], ids=["refresh-on-401", "refresh-ahead"])
def test_oauth_token_expiring_mid_run_is_refreshed_without_losing_a_row(
    flavour: str, knows_expiry: bool
) -> None:
    """The fake's access tokens live 30 minutes; the run takes hours of fake time.

    ``refresh-on-401``: the client's clock knows nothing, every expiry is a 401 EXPIRED_AUTHENTICATION
    answered by one refresh (one, however many requests were in flight). ``refresh-ahead``: the
    client shares the fake's clock and refreshes before the token expires.
    """
    time = FakeTime()
    fake = _new_fake(time, oauth_ttl_s=1800)
    refreshed: list[OAuthTokens] = []
    wall = (lambda: 1_700_000_000.0 + time.clock()) if knows_expiry else (lambda: 1_700_000_000.0)
    auth = _oauth(fake, time, refreshed, clock=wall)
    rows = subscribers(rows_for(flavour, "sync" if knows_expiry else "async"))
    # Far enough apart that a request is sent between two expiries, however far ahead the
    # async client reads (4 chunks of 100).
    every = max(len(rows) // 10, 1_000)
    expiries = (len(rows) - 1) // every

    def slowly() -> Any:
        for n, row in enumerate(rows):
            if n and n % every == 0:
                time.clock.advance(1_801)  # past the token's expiry
            yield row

    make = _oauth_client(flavour, fake, time, auth)
    result = run_client(flavour, make, _record("attend", slowly()))

    assert result.ok, result.failed[:3]
    assert_accounted(result, len(rows))
    assert len(refreshed) == expiries + 1  # the first token, then one per expiry
    assert len({t.refresh_token for t in refreshed}) == expiries + 1  # rotated, each persisted
    unauthorized = [r for r in fake.requests if r.status == 401]
    assert len(unauthorized) <= (0 if knows_expiry else expiries * 4)  # ≤ one per request in flight
    intended: Intended = {}
    intend(intended, "attend", rows)
    assert_recorded_exactly(fake, intended, dict.fromkeys(intended, "ATTENDED"))


@FLAVOURS
@pytest.mark.parametrize("trouble", [503, "html", "drop", 429])
def test_a_transient_failure_of_the_token_endpoint_is_retried_not_fatal(
    flavour: str, trouble: int | str
) -> None:
    """A 5xx, a proxy page, a dropped connection or a 429 while refreshing is not a bad credential.

    Bug: ``OAuth._accept`` turns *any* non-2xx token answer into ``AuthenticationError``, which the
    core re-raises without retrying and the runner treats as fatal: one 503 on
    ``/oauth/v1/token`` aborts a whole bulk job (``partial_result`` holds only failures).
    """
    time = FakeTime()
    fake = _new_fake(time)
    auth = _oauth(fake, time, [])
    fake.faults = Faults(sequence=[trouble])  # the first request is the first token refresh
    rows = subscribers(300)

    result = run_client(flavour, _oauth_client(flavour, fake, time, auth), _record("attend", rows))

    assert result.ok
    assert_accounted(result, len(rows))


def test_the_fake_builds_a_client_with_oauth() -> None:
    """``fake.client(auth=OAuth(...))``: the fake's default token gives way to ``auth=``."""
    fake = _new_fake(FakeTime())
    auth = _oauth(fake, FakeTime(), [])

    with fake.client(auth=auth, rate_limit=None) as client:
        assert client.events.get(EVENT, ACCOUNT).external_event_id == EVENT


@FLAVOURS
def test_a_revoked_refresh_token_stops_the_job_with_every_read_row_accounted_for(
    flavour: str,
) -> None:
    time = FakeTime()
    fake = _new_fake(time, oauth_ttl_s=1800)
    refreshed: list[OAuthTokens] = []
    auth = _oauth(fake, time, refreshed)
    rows = subscribers(rows_for(flavour, "async"))
    half = len(rows) // 200 * 100  # a chunk boundary near the middle

    def revoking() -> Any:
        for n, row in enumerate(rows):
            if n == half:
                fake.revoke_token(refreshed[-1].refresh_token)
                fake.expire_token(refreshed[-1].access_token)
            yield row

    with pytest.raises(AuthenticationError) as stopped:
        run_client(flavour, _oauth_client(flavour, fake, time, auth), _record("attend", revoking()))

    partial = stopped.value.partial_result
    assert_accounted(partial, partial.total)
    # Chunks already in flight when the token went bad fail with it (async: up to 4).
    assert half - (0 if flavour == "sync" else 400) <= len(partial.succeeded) <= half
    assert partial.failed
    assert all(f.status_code == 400 for f in partial.failed)  # the token endpoint's refusal


# --- the other batch operations --------------------------------------------------------------


@FLAVOURS
def test_event_upserts_under_faults_end_with_exactly_the_intended_events(flavour: str) -> None:
    """10,000 events; some invalid before sending, some refused by HubSpot alone (207)."""
    time = FakeTime()
    fake = _new_fake(time, seed=8, faults=Faults(fail_rate=0.3, drop_rate=0.1, html_rate=0.5))
    taps = tap(fake)
    total = rows_for(flavour)
    events: list[dict[str, Any]] = []
    for i in range(total):
        event: dict[str, Any] = {
            "externalAccountId": ACCOUNT,
            "externalEventId": f"ev-{i}",
            "eventName": f"Webinar {i}",
            "eventOrganizer": "Acme",
            "startDateTime": "2025-06-15T15:00:00Z",
            "customProperties": {"cohort": str(i % 7)},
        }
        if i % 997 == 0:
            event["eventName"] = ""  # rejected by the client, never sent
        elif i % 1009 == 0:
            event["endDateTime"] = "2025-06-15T14:00:00Z"  # before the start: HubSpot's 207
        events.append(event)
    make = fake_client(flavour, fake, time, max_retries=2)

    result = run_client(flavour, make, lambda c: c.events.upsert(events))

    assert_accounted(result, total)
    assert_failures_explained(result, taps.correlation_ids)
    by_category = Counter(f.category for f in result.failed)
    assert by_category["INVALID_INPUT"] == len(range(0, total, 997))
    invalid = {f.index for f in result.failed if f.category == "INVALID_INPUT"}
    assert all(f.field == "eventName" for f in result.failed if f.index in invalid)
    refused = {f.index for f in result.failed if f.category == "VALIDATION_ERROR"}
    assert refused <= {i for i in range(total) if i % 1009 == 0 and i % 997}

    fake.faults = Faults()
    transient = [
        f for f in result.failed if f.category not in ("INVALID_INPUT", "VALIDATION_ERROR")
    ]
    rerun = run_client(flavour, make, lambda c: c.events.upsert([f.input for f in transient]))
    # What HubSpot refused before, it refuses again; everything else now lands.
    assert {f.category for f in rerun.failed} <= {"VALIDATION_ERROR"}

    bad = {i for i in range(total) if i % 997 == 0 or (i % 1009 == 0)}
    expected = {f"ev-{i}": f"Webinar {i}" for i in range(total) if i not in bad}
    stored = {key[1]: event.event_name for key, event in fake.state.events.items()}
    stored.pop(EVENT)
    assert stored == expected
    assert all(
        fake.state.events[(ACCOUNT, key)].custom_properties == {"cohort": str(int(key[3:]) % 7)}
        for key in expected
    )


@FLAVOURS
def test_upsert_of_existing_contacts_fails_only_the_unknown_ones_under_faults(
    flavour: str,
) -> None:
    """email-upsert is all-or-nothing at HubSpot: a 400 names unknown contacts and records none.

    The client fails only the named rows and resends the rest, also while 5xx and drops strike.
    """
    time = FakeTime()
    fake = _new_fake(time, seed=4, faults=Faults(fail_rate=0.25, drop_rate=0.05))
    taps = tap(fake)
    rows = subscribers(rows_for(flavour, "async"))
    unknown = {row["email"] for n, row in enumerate(rows) if n % 250 == 7}
    for row in rows:
        if row["email"] not in unknown:
            fake.add_contact(row["email"])
    make = fake_client(flavour, fake, time, max_retries=3)

    result = run_client(
        flavour,
        make,
        lambda c: c.subscriber_state.upsert_by_email(
            "register", rows, external_event_id=EVENT, external_account_id=ACCOUNT
        ),
    )

    assert_accounted(result, len(rows))
    assert_failures_explained(result, taps.correlation_ids)
    refused = {f.input["email"] for f in result.failed if f.category == "VALIDATION_ERROR"}
    assert refused <= unknown
    transient = [f.input for f in result.failed if f.category != "VALIDATION_ERROR"]
    fake.faults = Faults()
    rerun = run_client(
        flavour,
        make,
        lambda c: c.subscriber_state.upsert_by_email(
            "register", transient, external_event_id=EVENT, external_account_id=ACCOUNT
        ),
    )
    # A chunk that failed for good on a 5xx held unknown contacts too: refused on the rerun.
    assert {f.category for f in rerun.failed} <= {"VALIDATION_ERROR"}
    assert refused | {f.input["email"] for f in rerun.failed} == unknown

    for n, row in enumerate(rows):
        state = fake.state.participation(ACCOUNT, EVENT, row["email"])
        assert state == (None if row["email"] in unknown else "REGISTERED"), n
        history = fake.state.history(ACCOUNT, EVENT, row["email"])
        assert {(h.state, h.occurred_at) for h in history} <= {("register", WHEN_MS + n)}


def test_batch_result_requests_counts_http_requests_including_retries() -> None:
    time = FakeTime()
    fake = _new_fake(time, faults=Faults(sequence=[503, "drop", "ok"]))

    result = run_client("sync", fake_client("sync", fake, time), _record("attend", subscribers(10)))

    assert result.ok
    assert result.requests == len(fake.requests) == 3


def test_an_async_job_stopped_by_the_daily_quota_leaves_no_request_running() -> None:
    """After the fatal 429, in-flight chunks are settled, none is started, nothing is left running."""
    time = FakeTime()
    fake = _new_fake(time, daily_limit=10)
    rows = subscribers(5_000)

    async def main() -> Any:
        client = fake.async_client(
            access_token=TOKEN,
            sleep=time.async_sleep,
            clock=time.clock,
            rate_limit=None,
            concurrency=4,
        )
        async with client:
            with pytest.raises(RateLimitError) as stopped:
                await _record("attend", rows)(client)
            before = len(fake.requests)
            for _ in range(20):
                await asyncio.sleep(0)
            return stopped.value, before

    error, before = asyncio.run(main())

    assert len(fake.requests) == before
    assert_accounted(error.partial_result, error.partial_result.total)
    assert len(fake.requests) <= 10 + 4  # the quota, and at most one refused per in-flight slot
