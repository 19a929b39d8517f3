"""Shared rig for the reliability suites (``test_reliability_*.py``); collects no tests itself.

What the suites need beyond the fake HubSpot itself:

- :class:`FakeTime`: one manual clock for the client *and* the fake, and a ``sleep`` that only
  advances it, so 429 windows, backoff and token expiry take no real time;
- :class:`Tap`: ASGI middleware around ``fake.app`` that sees every request (to expire a token
  or switch faults after the N-th one), remembers every correlation id the fake sent, and makes
  chosen requests slow (before or after the fake committed them) for real read timeouts;
- :func:`assert_accounted` / :func:`assert_failures_explained` / :func:`assert_recorded_exactly`:
  the promises every fault scenario is held to;
- CLI helpers: write input files, run ``hubspot-events`` in-process with scaled-down sleeps.
"""

from __future__ import annotations

import asyncio
import csv
import functools
import inspect
import json
import random
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from hubspot_events import AsyncHubSpotEvents, BatchResult, HubSpotEvents
from hubspot_events.testing import FakeClock, FakeHubSpot

#: Secrets every suite uses, so that the secrets suite can look for them anywhere.
TOKEN = "pat-na1-5ecre7-t0ken-reliability-0000"
CLIENT_ID = "reliability-app"
CLIENT_SECRET = "oauth-client-5ecre7-do-not-log"
ACCOUNT = "acct-rel"
EVENT = "webinar-rel"
WHEN_MS = 1_750_000_000_000  # 2025-06-15T15:06:40Z, a plausible interactionDateTime
CORRELATION_HEADER = b"x-hubspot-correlation-id"

FLAVOURS = pytest.mark.parametrize("flavour", ["sync", "async"])


# --- time ----------------------------------------------------------------------------------


class FakeTime:
    """A manual monotonic clock shared by the client and the fake; sleeping only advances it."""

    def __init__(self, start: float = 0.0) -> None:
        self.clock = FakeClock(start)
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
        self.clock.advance(max(0.0, seconds))

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)  # still yield, as a real sleep would


# --- the tap around a fake's ASGI app ------------------------------------------------------

Slow = Callable[[int], str | None]
"""Given the request number (1-based), ``"before"`` (slow before the fake sees the request),
``"after"`` (the fake commits it, then the answer is slow) or None."""


def slow_at_random(rate: float, seed: int) -> Slow:
    """Seeded choice of slow requests: half slow before, half after the fake committed them."""
    rng = random.Random(seed)
    lock = threading.Lock()

    def choose(number: int) -> str | None:
        with lock:
            draw, where = rng.random(), rng.random()
        if draw >= rate:
            return None
        return "before" if where < 0.5 else "after"

    return choose


class Tap:
    """ASGI middleware for a ``FakeHubSpot``: observe and perturb every request it serves.

    ``on_request(n, path)`` runs before the n-th request reaches the fake (expire a token, switch
    faults). ``slow`` picks requests to delay by ``delay_s`` so that a client timeout fires;
    ``"after"`` delays only once the fake has recorded the request, the case where a retry
    repeats something HubSpot already has.
    """

    def __init__(
        self,
        app: Any,
        *,
        on_request: Callable[[int, str], None] | None = None,
        slow: Slow | None = None,
        delay_s: float = 0.0,
    ) -> None:
        self.app = app
        self.on_request = on_request
        self.slow = slow
        self.delay_s = delay_s
        self.count = 0
        self.correlation_ids: set[str] = set()
        self.slowed = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self._lock:
            self.count += 1
            number = self.count
        if self.on_request is not None:
            self.on_request(number, scope["path"])
        where = self.slow(number) if self.slow is not None else None
        if where is not None:
            with self._lock:
                self.slowed += 1

        async def tapped(message: Any) -> None:
            if message["type"] == "http.response.start":
                for key, value in message.get("headers", ()):
                    if bytes(key).lower() == CORRELATION_HEADER:
                        with self._lock:
                            self.correlation_ids.add(bytes(value).decode())
            await send(message)

        if where == "before":
            await asyncio.sleep(self.delay_s)
            await self.app(scope, receive, tapped)
        elif where == "after":
            held: list[Any] = []

            async def hold(message: Any) -> None:
                held.append(message)

            await self.app(scope, receive, hold)
            await asyncio.sleep(self.delay_s)
            for message in held:
                await tapped(message)
        else:
            await self.app(scope, receive, tapped)


def tap(fake: FakeHubSpot, **options: Any) -> Tap:
    """Wrap ``fake.app`` (before any transport or server is made from it) and return the tap."""
    wrapper = Tap(fake.app, **options)
    fake.app = wrapper  # type: ignore[assignment]
    return wrapper


# --- running either client -----------------------------------------------------------------


def run_client(
    flavour: str,
    make: Callable[[], HubSpotEvents | AsyncHubSpotEvents],
    call: Callable[[Any], Any],
) -> Any:
    """Build a client with ``make`` and return ``call(client)``, awaited for the async one.

    The async client is built inside the event loop that uses it, and closed there.
    """
    if flavour == "sync":
        with make() as client:  # type: ignore[union-attr]
            return call(client)

    async def main() -> Any:
        client = make()
        assert isinstance(client, AsyncHubSpotEvents)
        async with client:
            outcome = call(client)
            return await outcome if inspect.isawaitable(outcome) else outcome

    return asyncio.run(main())


def fake_client(
    flavour: str, fake: FakeHubSpot, time: FakeTime, **options: Any
) -> Callable[[], HubSpotEvents | AsyncHubSpotEvents]:
    """A factory of ``fake.client()`` / ``fake.async_client()`` on fake time, no pacing by default."""
    options.setdefault("rate_limit", None)
    options.setdefault("clock", time.clock)
    options.setdefault("access_token", TOKEN)
    if flavour == "sync":
        return lambda: fake.client(sleep=time.sleep, **options)
    return lambda: fake.async_client(sleep=time.async_sleep, **options)


# --- inputs --------------------------------------------------------------------------------


def email(i: int, prefix: str = "user") -> str:
    return f"{prefix}{i}@example.com"


def subscribers(
    n: int, *, start: int = 0, when_ms: int = WHEN_MS, prefix: str = "user"
) -> list[dict[str, Any]]:
    """``n`` distinct email subscribers with distinct interaction times (to tell rows apart)."""
    return [
        {"email": email(i, prefix), "interactionDateTime": when_ms + i}
        for i in range(start, start + n)
    ]


# --- the promises --------------------------------------------------------------------------


def assert_accounted(result: BatchResult, total: int) -> None:
    """Every input index from 0 to ``total - 1`` is in ``succeeded`` or ``failed``, exactly once."""
    indexes = [s.index for s in result.succeeded] + [f.index for f in result.failed]
    assert len(result.succeeded) + len(result.failed) == total == result.total
    assert sorted(indexes) == list(range(total)), "an input is missing or counted twice"


def assert_failures_explained(result: BatchResult, sent_correlation_ids: set[str]) -> None:
    """Every failure says why; its correlation id is one HubSpot sent, and is there whenever
    HubSpot's own error body was read (only proxies' pages and lost connections carry none)."""
    for failure in result.failed:
        assert failure.category, failure
        assert failure.message.strip(), failure
        if failure.correlation_id is not None:
            assert failure.correlation_id in sent_correlation_ids, failure
        parsed_hubspot_body = failure.status_code is not None and not failure.category.startswith(
            "HTTP_"
        )
        if parsed_hubspot_body:
            assert failure.correlation_id is not None, failure
        if failure.status_code is None and failure.category != "INVALID_INPUT":
            assert failure.category in ("APIConnectionError", "APITimeoutError"), failure


Intended = dict[str, list[tuple[str, int]]]
"""email -> the (state, interactionDateTime) of every row sent for it, in any order."""


def intend(intended: Intended, state: str, rows: Iterable[Mapping[str, Any]]) -> None:
    for row in rows:
        intended.setdefault(str(row["email"]).lower(), []).append(
            (state, int(row["interactionDateTime"]))
        )


def assert_recorded_exactly(
    fake: FakeHubSpot,
    intended: Intended,
    final: Mapping[str, str],
    *,
    account: str = ACCOUNT,
    event: str = EVENT,
) -> None:
    """The fake's state is the input's intended state, and nothing else.

    For every contact, the set of (state, time) the fake recorded is exactly the set of rows sent
    for it: a retry may record a row again, but never with another state or time, and no row is
    missing. Its current state is ``final[email]``; no other contact exists.
    """
    assert set(fake.state.contacts) == set(intended)
    wrong: list[str] = []
    for address, rows in intended.items():
        history = fake.state.history(account, event, address)
        recorded = {(item.state, item.occurred_at) for item in history}
        if recorded != set(rows):
            wrong.append(f"{address}: recorded {sorted(recorded)}, sent {sorted(set(rows))}")
        state = fake.state.participation(account, event, address)
        if state != final[address]:
            wrong.append(f"{address}: state {state}, expected {final[address]}")
    assert not wrong, f"{len(wrong)} contacts differ, e.g. {wrong[:3]}"


# --- the CLI -------------------------------------------------------------------------------


def write_csv(path: Path, header: list[str], rows: Iterable[Iterable[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8", errors="surrogateescape") as stream:
        return list(csv.DictReader(stream))


def attendance_csv(path: Path, n: int, *, start: int = 0) -> Path:
    """``n`` attendance rows: email, interactionDateTime (epoch ms), contactProperties.firstname."""
    return write_csv(
        path,
        ["email", "interactionDateTime", "contactProperties.firstname"],
        ([email(i), WHEN_MS + i, f"First{i}"] for i in range(start, start + n)),
    )


def scale_cli_sleeps(monkeypatch: pytest.MonkeyPatch, factor: float = 0.01) -> None:
    """Make the CLI's clients sleep ``factor`` of every wait (backoff, 429 windows, pacing).

    The CLI builds its clients from options only; this injects the sleep the way a test injects
    it into a client, so a run with retries takes milliseconds instead of seconds.
    """
    from hubspot_events.cli import _settings

    async def scaled(seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds) * factor)

    def sync_scaled(seconds: float) -> None:
        import time

        time.sleep(max(0.0, seconds) * factor)

    monkeypatch.setattr(
        _settings, "AsyncHubSpotEvents", functools.partial(AsyncHubSpotEvents, sleep=scaled)
    )
    monkeypatch.setattr(
        _settings, "HubSpotEvents", functools.partial(HubSpotEvents, sleep=sync_scaled)
    )


class CliRun:
    """One in-process ``hubspot-events`` run: exit code, stdout, stderr, the ``--json`` summary."""

    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    @property
    def summary(self) -> dict[str, Any]:
        last = self.stdout.strip().splitlines()[-1]
        data: dict[str, Any] = json.loads(last)
        return data

    def __repr__(self) -> str:
        return f"CliRun(exit={self.exit_code}, stdout={self.stdout[-300:]!r}, stderr={self.stderr[-1500:]!r})"


_BOX = re.compile(r"[\u2500-\u257f]")


def plain(text: str) -> str:
    """Terminal output as one line of words: rich's panel borders and wrapping removed."""
    return " ".join(_BOX.sub(" ", text).split())


def cli(*args: str, env: Mapping[str, str] | None = None) -> CliRun:
    """Run ``hubspot-events ARGS`` in this process (after :func:`scale_cli_sleeps`, if wanted)."""
    from typer.testing import CliRunner

    from hubspot_events.cli._commands import app

    environment = {"COLUMNS": "200", **(env or {})}
    result = CliRunner().invoke(app, list(args), env=environment, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliRun(result.exit_code, result.stdout, result.stderr)
