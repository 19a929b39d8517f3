"""Peak memory of a library batch call over N inputs, with and without ``on_chunk``.

Why in a child process each: peak RSS is a high-water mark, so every measurement needs a
process of its own; the child reads its own ``VmHWM`` (``ru_maxrss`` carries over the parent's). The server is an in-process ``httpx.MockTransport`` answering email-create
the way HubSpot does (every input echoed with a vid), so what grows is the client's own memory,
not a server's. Inputs come from a generator: nothing but the client holds them.

    python bench/library_memory.py                 # 100k and 1M inputs, streamed and kept
    python bench/library_memory.py --sizes 100000  # one size
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

_CHILD = r"""
import json, sys
import httpx
from _procs import peak_rss_mb  # VmHWM: ru_maxrss would carry over the parent's peak
from hubspot_events import HubSpotEvents

n, streamed = int(sys.argv[1]), sys.argv[2] == "streamed"

def answer(request):
    inputs = json.loads(request.content)["inputs"]
    results = [{"email": item["email"], "vid": 1000 + i} for i, item in enumerate(inputs)]
    return httpx.Response(200, json={"status": "COMPLETE", "results": results})

hs = HubSpotEvents(access_token="bench", rate_limit=None,
                   http_client=httpx.Client(transport=httpx.MockTransport(answer)))
counted = {"chunks": 0, "succeeded": 0}

def on_chunk(chunk):
    counted["chunks"] += 1
    counted["succeeded"] += chunk.succeeded_count

emails = (f"user{i}@example.com" for i in range(n))
result = hs.attendance.record_by_email(
    "attend", emails, external_event_id="w-1", external_account_id="acc",
    on_chunk=on_chunk if streamed else None)
assert result.succeeded_count == n, result.summary()
print(json.dumps({"n": n, "streamed": streamed, "succeeded": result.succeeded_count,
                  "max_rss_mb": peak_rss_mb()}))
"""


def measure(n: int, streamed: bool) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(n), "streamed" if streamed else "kept"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent,  # the child imports _procs
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def table(runs: list[dict[str, Any]]) -> list[str]:
    """The runs as a Markdown table (also bench/RESULTS.md's, through run.py)."""
    return [
        "| inputs | on_chunk | peak RSS MB |",
        "|---:|---|---:|",
        *[
            f"| {r['n']:,} | {'yes' if r['streamed'] else 'no'} | {r['max_rss_mb']:.1f} |"
            for r in runs
        ],
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    runs = [measure(n, streamed) for streamed in (True, False) for n in args.sizes]
    print("\n".join(table(runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
