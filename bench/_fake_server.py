"""The fake HubSpot on a real loopback server, in a process of its own (bulk benchmarks).

``python bench/_fake_server.py RATE_LIMIT ACCOUNT EVENT`` seeds the event the attendance rows
name, serves ``FakeHubSpot(rate_limit=RATE_LIMIT)`` through ``running_server`` and prints
``{"url": ...}``; each ``{"cmd": "stats"}`` line is answered with the fake's counters and this
process's CPU time and peak RSS. It stops when stdin closes.
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from _procs import self_rusage


def main() -> None:
    from hubspot_events.testing import FakeHubSpot, running_server

    rate_limit, account, event = sys.argv[1:4]
    fake = FakeHubSpot(rate_limit=rate_limit)
    fake.add_event(account, event, event_name="Bench webinar", event_organizer="Bench Inc.")
    with running_server(fake, "127.0.0.1", 0) as url:
        print(json.dumps({"url": url}), flush=True)
        for line in sys.stdin:
            if json.loads(line).get("cmd") == "stats":
                statuses = Counter(record.status for record in fake.requests)
                stats = {
                    "requests": sum(statuses.values()),
                    "by_status": {str(k): v for k, v in sorted(statuses.items())},
                    "rate_limited": fake.rate_limited,
                    **self_rusage(),
                }
                print(json.dumps(stats), flush=True)


if __name__ == "__main__":
    main()
