"""Where the per-call CPU over the floor goes: one sync call split into its stages (µs, medians).

``python bench/percall_split.py [events|attendance] [CALLS] [--json]`` runs the canned server
(``_server.py``), then alternates the client's call with the floor's (raw httpx + json, every
result read) in this one process, timing each stage with ``time.process_time_ns`` through thin
wrappers around the client's internal functions (a wrapper costs ~1 µs, so stages are upper
bounds). Prints a Markdown table, or with ``--json`` the medians and the ranked split over the
floor that ``run.py`` puts in bench/RESULTS.md. Run it with ``PYTHONPATH=OTHER/overrides`` to
split another copy of ``hubspot_events`` (a commit before a change) the same way.
"""

from __future__ import annotations

import collections
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _canned import EVENT_ID, email_subscribers, event_inputs
from _procs import canned_server

_ns: dict[str, list[int]] = collections.defaultdict(list)
_clock = time.process_time_ns


#: The split of (ours - floor): each part is one of our stages less what the floor spends on the
#: same work; "the rest" is what is left (the runner, chunking, BatchResult, the wrappers).
_OVER = (
    ("input validation (prepare_chunk)", ("validate the inputs (prepare_chunk)",), ()),
    (
        "request + send beyond the floor's json.dumps + post (core.send)",
        ("core.send: retry loop, limiter, log (+ the two above)",),
        ("floor: json.dumps", "floor: httpx post"),
    ),
    (
        "reading the answer beyond the floor's json.loads + ids (read_response)",
        ("read the answer: json.loads + accounting per input",),
        ("floor: json.loads + read each result",),
    ),
    (
        "result models, each read (.results)",
        ("build the result models + read each (.results)",),
        (),
    ),
)


def over_the_floor(medians: dict[str, float]) -> list[tuple[str, float]]:
    """(part, µs over the floor), largest first; the parts add up to ours minus the floor."""
    parts = [
        (name, sum(medians[k] for k in ours) - sum(medians[k] for k in floor))
        for name, ours, floor in _OVER
    ]
    total = medians["ours: total"] - medians["floor: total"]
    parts.append(
        ("the rest of the call (runner, chunking, BatchResult)", total - sum(p for _, p in parts))
    )
    return sorted(parts, key=lambda part: -part[1])


def _timed(owner: Any, name: str, label: str) -> None:
    """Wrap ``owner.name`` so each call's CPU time is added to ``label``."""
    inner = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = _clock()
        try:
            return inner(*args, **kwargs)
        finally:
            _ns[label].append(_clock() - started)

    setattr(owner, name, wrapper)


def main(case: str, calls: int, *, as_json: bool = False) -> None:
    import httpx

    import hubspot_events
    from hubspot_events import _core, _runner

    _timed(_runner, "prepare_chunk", "validate the inputs (prepare_chunk)")
    _timed(_core.Core, "_request", "build the request: JSON encode, URL, headers")
    _timed(httpx.Client, "send", "httpx send: I/O, headers, body")
    _timed(_core.SyncCore, "send", "core.send: retry loop, limiter, log (+ the two above)")
    _timed(_runner, "read_response", "read the answer: json.loads + accounting per input")
    with canned_server() as url:
        medians = _split(case, calls, url)
    if as_json:
        print(json.dumps({"case": case, "calls": calls, "medians": medians,
                          "over": over_the_floor(medians)}))  # fmt: skip
        return
    print(f"{case}, {calls} calls, {hubspot_events.__file__}\n")
    print("| stage | CPU µs (median) |\n|---|---:|")
    for label, value in medians.items():
        print(f"| {label} | {value:.0f} |")
    print("\n| rank | over the floor | µs |\n|---:|---|---:|")
    for rank, (name, value) in enumerate(over_the_floor(medians), 1):
        print(f"| {rank} | {name} | {value:.0f} |")


def _split(case: str, calls: int, url: str) -> dict[str, float]:
    """The medians of every stage (µs), ``calls`` calls of ours alternating with the floor's."""
    import httpx

    from hubspot_events import HubSpotEvents

    client = HubSpotEvents(access_token="bench", base_url=url, rate_limit=None)
    raw = httpx.Client(timeout=30.0)
    headers = {"Authorization": "Bearer bench", "Content-Type": "application/json"}
    if case == "events":
        inputs, path, field = event_inputs(), "/events/upsert", "id"

        def ours() -> Any:
            return client.events.upsert(inputs)

    else:
        inputs, path, field = email_subscribers(), "/attend/email-create", "vid"

        def ours() -> Any:
            return client.attendance.record_by_email("attend", inputs, external_event_id=EVENT_ID)

    def floor() -> None:
        t0 = _clock()
        content = json.dumps({"inputs": inputs})
        t1 = _clock()
        response = raw.post(url + path, content=content, headers=headers)
        t2 = _clock()
        _ = [item[field] for item in json.loads(response.content)["results"]]
        t3 = _clock()
        _ns["floor: json.dumps"].append(t1 - t0)
        _ns["floor: httpx post"].append(t2 - t1)
        _ns["floor: json.loads + read each result"].append(t3 - t2)
        _ns["floor: total"].append(t3 - t0)

    def call(run: Callable[[], Any]) -> None:
        t0 = _clock()
        result = run()
        t1 = _clock()
        _ = [getattr(item, field) for item in result.results]
        t2 = _clock()
        _ns["the call (until it returns the BatchResult)"].append(t1 - t0)
        _ns["build the result models + read each (.results)"].append(t2 - t1)
        _ns["ours: total"].append(t2 - t0)

    for _ in range(20):
        call(ours)
        floor()
    _ns.clear()
    for _ in range(calls):
        call(ours)
        floor()
    return {label: statistics.median(values) / 1000 for label, values in _ns.items()}


if __name__ == "__main__":
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    words = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(
        words[0] if words else "events",
        int(words[1]) if len(words) > 1 else 400,
        as_json="--json" in flags,
    )
