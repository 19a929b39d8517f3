"""Shared rig for the client tests (``test_client_*.py``): a scripted HubSpot and fake time.

Not a test module of its own (it collects nothing); the other ``test_client_*`` modules import it.
The rig builds a real ``HubSpotEvents`` or ``AsyncHubSpotEvents`` on an ``httpx.MockTransport``,
with a fake monotonic clock that only the injected ``sleep`` advances, a fixed wall clock, and the
core's backoff jitter pinned to 1.0, so every wait is an exact, asserted value and nothing sleeps.

``Rig.run`` calls a client method and, for the async client, runs the coroutine to completion, so
one test body checks both clients' behaviour (``@both`` parametrizes a test over them).
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from hubspot_events import AsyncHubSpotEvents, HubSpotEvents

TOKEN = "pat-na1-0badc0de-1111-2222-3333-444455556666"
BASE_URL = "https://api.hubapi.com"
PREFIX = "/marketing/v3/marketing-events"
WALL_NOW_S = 1_760_000_000.0  # 2025-10-09T08:53:20Z, the rig's wall clock
WALL_NOW_MS = 1_760_000_000_000
WHEN_MS = 1_750_000_000_000  # a plausible interactionDateTime

Reply = Callable[[httpx.Request], httpx.Response]

both = pytest.mark.parametrize("flavour", ["sync", "async"])


class Clock:
    """Monotonic time that moves only when someone sleeps (or a handler says time passed)."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Sleeps(list[float]):
    """Records every sleep and advances the clock by it; ``sync`` / ``async_`` are the injectables."""

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock

    def sync(self, seconds: float) -> None:
        self.append(seconds)
        self.clock.advance(seconds)

    async def async_(self, seconds: float) -> None:
        self.sync(seconds)


# --- replies -------------------------------------------------------------------------------


def reply(
    status: int = 200,
    body: Any = None,
    *,
    content: bytes | str | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """A fresh response per call (httpx responses are single-use)."""

    def make(request: httpx.Request) -> httpx.Response:
        if body is not None:
            return httpx.Response(status, json=body, headers=headers)
        return httpx.Response(status, content=content or b"", headers=headers)

    return make


def raises(exc_type: type[httpx.TransportError], message: str) -> Reply:
    """The transport fails instead of answering (connection reset, refused, timed out)."""

    def make(request: httpx.Request) -> httpx.Response:
        raise exc_type(message, request=request)

    return make


def error_body(
    message: str, category: str = "VALIDATION_ERROR", correlation_id: str = "corr-err", **extra: Any
) -> dict[str, Any]:
    return {
        "status": "error",
        "message": message,
        "category": category,
        "correlationId": correlation_id,
        **extra,
    }


def rate_limited(policy: str, correlation_id: str = "corr-429") -> dict[str, Any]:
    return {
        "status": "error",
        "message": f"You have reached your {policy.lower()} limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": correlation_id,
        "policyName": policy,
    }


def subscriber_results(request: httpx.Request, status: int = 200) -> httpx.Response:
    """email-create's answer: every sent email echoed back with a vid."""
    inputs = json.loads(request.content)["inputs"]
    results = [{"email": item["email"], "vid": 1000 + n} for n, item in enumerate(inputs)]
    return httpx.Response(status, json={"status": "COMPLETE", "results": results})


def event_results(request: httpx.Request) -> httpx.Response:
    inputs = json.loads(request.content)["inputs"]
    return httpx.Response(
        200,
        json={
            "status": "COMPLETE",
            "results": [event_json(item["externalEventId"]) for item in inputs],
            "startedAt": "2025-10-09T08:53:20Z",
            "completedAt": "2025-10-09T08:53:21Z",
        },
    )


def event_json(name: str, object_id: str = "1") -> dict[str, Any]:
    return {
        "id": object_id,
        "objectId": object_id,
        "eventName": f"Webinar {name}",
        "eventOrganizer": "Acme",
        "customProperties": [],
        "createdAt": "2025-10-01T10:00:00Z",
        "updatedAt": "2025-10-02T10:00:00Z",
    }


# --- the scripted server -------------------------------------------------------------------


class Server:
    """Answers each request with the next reply of ``script``, then with ``then`` (if given).

    Records every request it sees; ``bodies`` are the parsed JSON bodies, ``paths`` the paths.
    An unexpected request raises inside the transport, which the client reports as a
    ``HubSpotError``: a test expecting another outcome then fails.
    """

    def __init__(self, *script: Reply, then: Reply | None = None) -> None:
        self.script: Iterator[Reply] = iter(script)
        self.then = then
        self.requests: list[httpx.Request] = []

    #: A client that retries forever fails the test instead of hanging it.
    max_requests = 500

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if len(self.requests) > self.max_requests:
            raise AssertionError(f"more than {self.max_requests} requests: a retry loop?")
        answer = next(self.script, self.then)
        if answer is None:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        return answer(request)

    @property
    def bodies(self) -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests]

    @property
    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]

    def sent_inputs(self) -> list[list[Any]]:
        return [body["inputs"] for body in self.bodies]


@dataclass
class Rig:
    flavour: str
    server: Any
    clock: Clock
    sleeps: Sleeps
    client: Any = field(repr=False)

    @property
    def is_async(self) -> bool:
        return self.flavour == "async"

    def run(self, call: Callable[[Any], Any]) -> Any:
        """``call(client)``; for the async client, run the coroutine it returns."""
        outcome = call(self.client)
        if inspect.isawaitable(outcome):
            return asyncio.run(_awaited(outcome))
        return outcome

    def collect(self, pager: Any) -> list[Any]:
        """Every item of a pager (``for`` or ``async for``)."""
        if hasattr(pager, "__aiter__"):
            return asyncio.run(_alist(pager))
        return list(pager)

    def pages(self, pager: Any) -> list[Any]:
        if self.is_async:
            return asyncio.run(_alist(pager.pages()))
        return list(pager.pages())


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


async def _alist(iterable: Any) -> list[Any]:
    return [item async for item in iterable]


def make_rig(
    flavour: str,
    *script: Reply,
    then: Reply | None = None,
    server: Any = None,
    clock: Clock | None = None,
    **options: Any,
) -> Rig:
    """A client of ``flavour`` ("sync" / "async") talking to ``server`` (default: a scripted one).

    Options default to: the test token, no rate limit (pacing has its own tests), fake time,
    ``external_account_id`` unset.
    """
    server = server if server is not None else Server(*script, then=then)
    clock = clock or Clock()
    sleeps = Sleeps(clock)
    options.setdefault("rate_limit", None)
    if "auth" not in options:
        options.setdefault("access_token", TOKEN)
    transport = httpx.MockTransport(server)
    client: HubSpotEvents | AsyncHubSpotEvents
    if flavour == "async":
        client = AsyncHubSpotEvents(
            http_client=httpx.AsyncClient(transport=transport),
            sleep=sleeps.async_,
            clock=clock,
            wall_clock=lambda: WALL_NOW_S,
            **options,
        )
    else:
        client = HubSpotEvents(
            http_client=httpx.Client(transport=transport),
            sleep=sleeps.sync,
            clock=clock,
            wall_clock=lambda: WALL_NOW_S,
            **options,
        )
    # Full jitter draws from [0, ceiling); pin the draw so backoff waits are exact: 0.5, 1, 2, ...
    client._core.jitter = lambda: 1.0
    return Rig(flavour, server, clock, sleeps, client)


def emails(n: int, start: int = 0) -> list[str]:
    return [f"user{i}@example.com" for i in range(start, start + n)]


def indexes(outcomes: Iterable[Any]) -> list[int]:
    return [outcome.index for outcome in outcomes]


def record(rig: Rig, subscribers: Iterable[Any], **kwargs: Any) -> Any:
    """``attendance.record_by_email("attend", …, external_event_id="w-1")`` on either client."""
    kwargs.setdefault("external_event_id", "w-1")
    return rig.run(lambda c: c.attendance.record_by_email("attend", subscribers, **kwargs))


def upsert_by_email(rig: Rig, subscribers: Iterable[Any], **kwargs: Any) -> Any:
    kwargs.setdefault("external_event_id", "w-1")
    kwargs.setdefault("external_account_id", "zoom-42")
    return rig.run(lambda c: c.subscriber_state.upsert_by_email("register", subscribers, **kwargs))


def upsert_by_contact_id(rig: Rig, subscribers: Iterable[Any], **kwargs: Any) -> Any:
    kwargs.setdefault("external_event_id", "w-1")
    kwargs.setdefault("external_account_id", "zoom-42")
    return rig.run(
        lambda c: c.subscriber_state.upsert_by_contact_id("register", subscribers, **kwargs)
    )


def run_raising(rig: Rig, call: Callable[[Any], Any], error: type[BaseException]) -> Any:
    """Run ``call`` on the rig's client, assert it raises ``error``, return the exception."""
    with pytest.raises(error) as caught:
        rig.run(call)
    return caught.value
