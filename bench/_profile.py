"""cProfile reports of hubspot_events' per-call path and bulk path (``run.py --profile``).

``python bench/_profile.py percall URL OUT`` profiles 300 sync 100-event upserts (+ ``.results``)
against the canned server; ``python bench/_profile.py bulk URL OUT`` profiles 20,000 attendance
rows through the async client against the fake. Reports (top functions by own and cumulative
time) go to bench/out/.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import pstats
import sys
from pathlib import Path
from typing import Any

from _procs import BENCH, Worker, canned_server, run_measured

OUT = BENCH / "out"
BULK_ROWS = 20_000


def _report(profile: cProfile.Profile, path: Path, title: str) -> None:
    text = io.StringIO()
    stats = pstats.Stats(profile, stream=text)
    stats.strip_dirs()
    text.write(f"{title}\n\n== by own time ==\n")
    stats.sort_stats("tottime").print_stats(35)
    text.write("\n== by cumulative time ==\n")
    stats.sort_stats("cumulative").print_stats(45)
    path.write_text(text.getvalue())


def profile_percall(url: str, out: Path) -> None:
    from _canned import event_inputs

    from hubspot_events import HubSpotEvents

    client = HubSpotEvents(access_token="bench-token", base_url=url, rate_limit=None)
    events = event_inputs()
    for _ in range(30):
        _ = client.events.upsert(events).results
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(300):
        _ = client.events.upsert(events).results
    profile.disable()
    _report(profile, out, "300 x HubSpotEvents.events.upsert(100 events) + .results")


def profile_bulk(url: str, out: Path) -> None:
    from _bulk import ACCOUNT, EVENT
    from _bulk_client import rows

    from hubspot_events import AsyncHubSpotEvents

    async def go() -> None:
        async with AsyncHubSpotEvents(
            access_token="bench-token", base_url=url, rate_limit="auto"
        ) as client:
            await client.attendance.record_by_email(
                "attend", rows(BULK_ROWS), external_event_id=EVENT, external_account_id=ACCOUNT
            )

    async def warm_up() -> None:  # imports and first connection stay out of the profile
        async with AsyncHubSpotEvents(
            access_token="bench-token", base_url=url, rate_limit="auto"
        ) as client:
            await client.attendance.record_by_email(
                "attend", rows(100), external_event_id=EVENT, external_account_id=ACCOUNT
            )

    asyncio.run(warm_up())
    profile = cProfile.Profile()
    profile.enable()
    asyncio.run(go())
    profile.disable()
    _report(profile, out, f"AsyncHubSpotEvents.attendance.record_by_email, {BULK_ROWS} rows")


def run(*, log: list[str]) -> dict[str, str]:
    """Both profiles, each in a child process (a server process beside it)."""
    from _bulk import ACCOUNT, EVENT

    OUT.mkdir(exist_ok=True)
    written: dict[str, str] = {}
    with canned_server() as url:
        path = OUT / "profile-percall.txt"
        done = run_measured([sys.executable, __file__, "percall", url, str(path)], cwd=BENCH)
        if done.returncode == 0:
            written["per-call path (sync upsert + .results)"] = str(path.relative_to(BENCH.parent))
        else:
            log.append(f"per-call profile failed: {done.stderr.strip()[-500:]}")
    try:
        fake = Worker([sys.executable, str(BENCH / "_fake_server.py"), "1000/1s", ACCOUNT, EVENT])
    except RuntimeError as exc:
        log.append(f"bulk profile skipped: {exc}")
        return written
    with fake:
        path = OUT / "profile-bulk.txt"
        done = run_measured(
            [sys.executable, __file__, "bulk", fake.greeting["url"], str(path)], cwd=BENCH
        )
        if done.returncode == 0:
            written["bulk path (async record_by_email)"] = str(path.relative_to(BENCH.parent))
        else:
            log.append(f"bulk profile failed: {done.stderr.strip()[-500:]}")
    return written


def main(argv: list[str]) -> Any:
    kind, url, out = argv
    if kind == "percall":
        profile_percall(url, Path(out))
    else:
        profile_bulk(url, Path(out))


if __name__ == "__main__":
    main(sys.argv[1:])
