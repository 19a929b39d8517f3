"""Bulk through the async client: ``python bench/_bulk_client.py URL ROWS ACCOUNT EVENT``.

Streams ROWS attendance rows (a generator, never a list) through
``AsyncHubSpotEvents(rate_limit="auto").attendance.record_by_email`` and prints one JSON line:
elapsed wall time, this process's CPU time and peak RSS, and the BatchResult's accounting.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

from _procs import self_rusage

T0_MS = 1_795_000_000_000  # 2026-11-18


def rows(n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield {
            "email": f"attendee{i}@bench.example.com",
            "interactionDateTime": T0_MS + i,
            "contactProperties": {"firstname": f"Attendee {i}"},
        }


async def main() -> None:
    from hubspot_events import AsyncHubSpotEvents

    url, n, account, event = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    # BENCH_CONCURRENCY overrides the client's default (run.py --concurrency).
    options = {}
    if os.environ.get("BENCH_CONCURRENCY"):
        options["concurrency"] = int(os.environ["BENCH_CONCURRENCY"])
    async with AsyncHubSpotEvents(
        access_token="bench-token",
        base_url=url,
        rate_limit="auto",
        **options,
    ) as client:
        wall0, cpu0 = time.perf_counter(), time.process_time()
        result = await client.attendance.record_by_email(
            "attend", rows(n), external_event_id=event, external_account_id=account
        )
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    print(
        json.dumps(
            {
                "rows": n,
                "elapsed_s": wall,
                "client_cpu_s": cpu,
                "succeeded": len(result.succeeded),
                "failed": len(result.failed),
                "failed_by_category": dict(Counter(f.category for f in result.failed)),
                "requests": result.requests,
                "max_rss_mb": self_rusage()["max_rss_mb"],
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    asyncio.run(main())
