"""Per-call worker: one client process, timed per call, driven by ``run.py`` over stdin/stdout.

``python bench/_percall_worker.py URL CASE[,CASE...]`` builds each case (a client making one
100-event batch upsert, or one 100-attendee ``attendance.record_by_email``, against the canned
loopback server), checks its answer once, prints one
JSON line ``{"ready": [...], "unavailable": {...}, "checks": {...}, "versions": {...}}``, then
answers each request line ``{"case": NAME, "n": N}`` with ``{"cpu_ns": [...], "wall_ns": [...]}``:
the process CPU time (``time.process_time_ns``: every thread of this process, user + system, and
nothing of the server's) and the wall time of each of N consecutive calls.

"Reading the results" means touching one field of every result (``id`` of each event, ``vid`` of
each contact), in every case that reads them, the floor included: a lazily parsed result that
nobody reads would otherwise cost nothing, which no user who asked for results gets.

Runs under the project's venv (cases raw, generated*, hubspot_events*) and under the peers' venv
(raw, hubspot-api-client, hubspot-sdk), so it imports nothing but the stdlib at module level.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from collections.abc import Awaitable, Callable
from importlib import metadata
from typing import Any

from _canned import BATCH, EVENT_ID, email_subscribers, event_inputs

SyncCall = Callable[[], Any]
AsyncCall = Callable[[], Awaitable[Any]]
TOKEN = "bench-token"


def _raw(url: str) -> tuple[SyncCall, Callable[[Any], int]]:
    """The floor: ``httpx.Client.post`` of ``json.dumps(body)`` and ``json.loads`` of the answer."""
    import httpx

    client = httpx.Client(timeout=30.0)
    target = url + "/marketing/v3/marketing-events/events/upsert"
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    events = event_inputs()

    def call() -> Any:
        response = client.post(target, content=json.dumps({"inputs": events}), headers=headers)
        return [item["id"] for item in json.loads(response.content)["results"]]

    return call, len


def _raw_async(url: str) -> tuple[AsyncCall, Callable[[Any], int]]:
    """The same floor with ``httpx.AsyncClient`` (for the async client's reference only)."""
    import httpx

    client = httpx.AsyncClient(timeout=30.0)
    target = url + "/marketing/v3/marketing-events/events/upsert"
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    events = event_inputs()

    async def call() -> Any:
        response = await client.post(
            target, content=json.dumps({"inputs": events}), headers=headers
        )
        return [item["id"] for item in json.loads(response.content)["results"]]

    return call, len


_ATTEND = f"/marketing/v3/marketing-events/attendance/{EVENT_ID}/attend/email-create"


def _raw_attendance(url: str) -> tuple[SyncCall, Callable[[Any], int]]:
    """The floor of ``record_by_email``: the same POST of 100 subscribers, each result's vid read."""
    import httpx

    client = httpx.Client(timeout=30.0)
    target = url + _ATTEND
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    subscribers = email_subscribers()

    def call() -> Any:
        response = client.post(target, content=json.dumps({"inputs": subscribers}), headers=headers)
        return [item["vid"] for item in json.loads(response.content)["results"]]

    return call, len


def _raw_attendance_async(url: str) -> tuple[AsyncCall, Callable[[Any], int]]:
    import httpx

    client = httpx.AsyncClient(timeout=30.0)
    target = url + _ATTEND
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    subscribers = email_subscribers()

    async def call() -> Any:
        response = await client.post(
            target, content=json.dumps({"inputs": subscribers}), headers=headers
        )
        return [item["vid"] for item in json.loads(response.content)["results"]]

    return call, len


def _generated_client(url: str) -> Any:
    from hubspot_events_generated.client import AuthenticatedClient

    return AuthenticatedClient(base_url=url, token=TOKEN, timeout=30.0)


def _generated(url: str) -> tuple[SyncCall, Callable[[Any], int]]:
    """openapi-python-client's output as is: the user builds the batch model from the same dicts."""
    from hubspot_events_generated.api.events import upsert_events
    from hubspot_events_generated.models import EventInputBatch

    client = _generated_client(url)
    events = event_inputs()

    def call() -> Any:
        return upsert_events.sync_detailed(
            client=client, body=EventInputBatch.from_dict({"inputs": events})
        ).parsed

    return call, lambda out: len([item.id for item in out.results])


def _generated_prebuilt(url: str) -> tuple[SyncCall, Callable[[Any], int]]:
    """The same, with the request model built once outside the timed call."""
    from hubspot_events_generated.api.events import upsert_events
    from hubspot_events_generated.models import EventInputBatch

    client = _generated_client(url)
    body = EventInputBatch.from_dict({"inputs": event_inputs()})

    def call() -> Any:
        return upsert_events.sync_detailed(client=client, body=body).parsed

    return call, lambda out: len([item.id for item in out.results])


def _hubspot_events(url: str, *, parse: bool) -> tuple[SyncCall, Callable[[Any], int]]:
    from hubspot_events import HubSpotEvents

    client = HubSpotEvents(access_token=TOKEN, base_url=url, rate_limit=None)
    events = event_inputs()

    if parse:

        def call() -> Any:
            result = client.events.upsert(events)
            return result, [event.id for event in result.results]

    else:

        def call() -> Any:
            return client.events.upsert(events), None

    return call, _check_batch_result


def _check_batch_result(out: Any) -> int:
    result, results = out
    if len(result.succeeded) != BATCH or result.failed:
        raise AssertionError(f"expected {BATCH} succeeded, got {result.summary()}")
    return len(result.results if results is None else results)


def _hubspot_events_async(url: str, *, parse: bool) -> tuple[AsyncCall, Callable[[Any], int]]:
    from hubspot_events import AsyncHubSpotEvents

    client = AsyncHubSpotEvents(access_token=TOKEN, base_url=url, rate_limit=None)
    events = event_inputs()

    async def call() -> Any:
        result = await client.events.upsert(events)
        return result, ([event.id for event in result.results] if parse else None)

    return call, _check_batch_result


def _hubspot_events_attendance(url: str) -> tuple[SyncCall, Callable[[Any], int]]:
    from hubspot_events import HubSpotEvents

    client = HubSpotEvents(access_token=TOKEN, base_url=url, rate_limit=None)
    subscribers = email_subscribers()

    def call() -> Any:
        result = client.attendance.record_by_email(
            "attend", subscribers, external_event_id=EVENT_ID
        )
        return result, [contact.vid for contact in result.results]

    return call, _check_batch_result


def _hubspot_events_attendance_async(url: str) -> tuple[AsyncCall, Callable[[Any], int]]:
    from hubspot_events import AsyncHubSpotEvents

    client = AsyncHubSpotEvents(access_token=TOKEN, base_url=url, rate_limit=None)
    subscribers = email_subscribers()

    async def call() -> Any:
        result = await client.attendance.record_by_email(
            "attend", subscribers, external_event_id=EVENT_ID
        )
        return result, [contact.vid for contact in result.results]

    return call, _check_batch_result


def _hubspot_api_client(url: str) -> tuple[SyncCall, Callable[[Any], int]]:
    """HubSpot's official client (OpenAPI Generator, urllib3), default configuration."""
    from hubspot import HubSpot

    batch_api = HubSpot(access_token=TOKEN, host=url).marketing.events.batch_api
    events = event_inputs()

    def call() -> Any:
        return batch_api.upsert({"inputs": events})

    return call, lambda out: len(out.results)


def _hubspot_sdk(url: str) -> tuple[SyncCall, Callable[[Any], int]]:
    """The Stainless-generated ``hubspot-sdk`` (httpx, pydantic), default configuration."""
    from hubspot_sdk import HubSpot

    client = HubSpot(access_token=TOKEN, base_url=url)
    events = event_inputs()

    def call() -> Any:
        return client.marketing.marketing_events.upsert_batch(inputs=events)

    return call, lambda out: len(out.results)


CASES: dict[str, Callable[[str], tuple[Any, Callable[[Any], int]]]] = {
    "raw": _raw,
    "raw_async": _raw_async,
    "generated": _generated,
    "generated_prebuilt": _generated_prebuilt,
    "hubspot_events": lambda url: _hubspot_events(url, parse=True),
    "hubspot_events_noparse": lambda url: _hubspot_events(url, parse=False),
    "hubspot_events_async": lambda url: _hubspot_events_async(url, parse=True),
    "hubspot_events_async_noparse": lambda url: _hubspot_events_async(url, parse=False),
    "raw_attendance": _raw_attendance,
    "raw_attendance_async": _raw_attendance_async,
    "hubspot_events_attendance": _hubspot_events_attendance,
    "hubspot_events_attendance_async": _hubspot_events_attendance_async,
    "hubspot_api_client": _hubspot_api_client,
    "hubspot_sdk": _hubspot_sdk,
}
DISTRIBUTIONS = ("httpx", "hubspot-events", "hubspot-api-client", "hubspot-sdk", "pydantic")


def _time_sync(call: SyncCall, n: int) -> tuple[list[int], list[int]]:
    cpu, wall = [], []
    process_ns, perf_ns = time.process_time_ns, time.perf_counter_ns
    for _ in range(n):
        c0, w0 = process_ns(), perf_ns()
        call()
        w1, c1 = perf_ns(), process_ns()
        cpu.append(c1 - c0)
        wall.append(w1 - w0)
    return cpu, wall


async def _time_async(call: AsyncCall, n: int) -> tuple[list[int], list[int]]:
    cpu, wall = [], []
    process_ns, perf_ns = time.process_time_ns, time.perf_counter_ns
    for _ in range(n):
        c0, w0 = process_ns(), perf_ns()
        await call()
        w1, c1 = perf_ns(), process_ns()
        cpu.append(c1 - c0)
        wall.append(w1 - w0)
    return cpu, wall


def _versions() -> dict[str, str]:
    found = {}
    for name in DISTRIBUTIONS:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def main() -> None:
    url, names = sys.argv[1], sys.argv[2].split(",")
    loop = asyncio.new_event_loop()
    calls: dict[str, Any] = {}
    unavailable: dict[str, str] = {}
    checks: dict[str, int] = {}
    for name in names:
        try:
            call, count = CASES[name](url)
            out = loop.run_until_complete(call()) if asyncio.iscoroutinefunction(call) else call()
            checks[name] = count(out)
            calls[name] = call
        except Exception as exc:
            unavailable[name] = f"{type(exc).__name__}: {exc}"[:300]
    ready = {"ready": list(calls), "unavailable": unavailable, "checks": checks}
    print(json.dumps({**ready, "versions": _versions()}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        call = calls[request["case"]]
        if asyncio.iscoroutinefunction(call):
            cpu, wall = loop.run_until_complete(_time_async(call, request["n"]))
        else:
            cpu, wall = _time_sync(call, request["n"])
        print(json.dumps({"cpu_ns": cpu, "wall_ns": wall}), flush=True)


if __name__ == "__main__":
    main()
