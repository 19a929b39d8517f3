"""Per-call overhead: every client in one run, alternating rounds, against one canned server.

The server (``_server.py``) and each client worker (``_percall_worker.py``) are separate
processes; a worker reports the process CPU time of each call, so the server's work is never
counted. Rounds alternate over every (worker, case) in a rotated order, so slow drift of the
machine (other engineers' test runs on 2 cores) spreads over all cases alike.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _procs import BENCH, Worker, canned_server, compare_copies

PROJECT_CASES = (
    "raw",
    "raw_async",
    "generated",
    "generated_prebuilt",
    "hubspot_events",
    "hubspot_events_noparse",
    "hubspot_events_async",
    "hubspot_events_async_noparse",
    "raw_attendance",
    "raw_attendance_async",
    "hubspot_events_attendance",
    "hubspot_events_attendance_async",
)
PEER_CASES = ("hubspot_api_client", "hubspot_sdk")
PEERS_VENV = BENCH / ".peers-venv"
PEER_REQUIREMENTS = ("hubspot-api-client==12.0.0", "hubspot-sdk==0.1.0a9")

LABELS = {
    "raw": "raw httpx + json (the floor), each result's id read",
    "raw_async": "raw httpx.AsyncClient + json (async floor, reference)",
    "generated": "generated client: sync_detailed, models built from the dicts",
    "generated_prebuilt": "generated client: sync_detailed, request model prebuilt",
    "hubspot_events": "hubspot_events HubSpotEvents: upsert, every result's .id read",
    "hubspot_events_noparse": "hubspot_events HubSpotEvents: upsert, .results untouched",
    "hubspot_events_async": "hubspot_events AsyncHubSpotEvents: upsert, every result's .id read",
    "hubspot_events_async_noparse": "hubspot_events AsyncHubSpotEvents: upsert, .results untouched",
    "raw_attendance": "attendance floor: raw httpx + json, 100 by email, each result's vid read",
    "raw_attendance_async": "attendance async floor: raw httpx.AsyncClient + json (reference)",
    "hubspot_events_attendance": "hubspot_events HubSpotEvents: attendance.record_by_email,"
    " every result's .vid read",
    "hubspot_events_attendance_async": "hubspot_events AsyncHubSpotEvents:"
    " attendance.record_by_email, every result's .vid read",
    "hubspot_api_client": "hubspot-api-client (peer): batch_api.upsert",
    "hubspot_sdk": "hubspot-sdk (peer): marketing_events.upsert_batch",
}


def floors(case: str) -> tuple[str, str]:
    """The (sync, async) floors a case is measured against: the same request made with raw
    httpx + json (attendance cases have their own: another body and answer)."""
    if "attendance" in case:
        return "raw_attendance", "raw_attendance_async"
    return "raw", "raw_async"


@dataclass
class CaseStats:
    name: str
    label: str
    cpu_us: list[float] = field(default_factory=list)
    wall_us: list[float] = field(default_factory=list)
    round_medians: list[float] = field(default_factory=list)
    check: int | None = None

    def median(self) -> float:
        return statistics.median(self.cpu_us)

    def quartiles(self) -> tuple[float, float]:
        q = statistics.quantiles(self.cpu_us, n=4)
        return q[0], q[2]


def ensure_peers_venv(log: list[str]) -> Path | None:
    """The peers' own venv (never the project's): created and filled on first use."""
    python = PEERS_VENV / "bin" / "python"
    probe = [str(python), "-c", "import hubspot, hubspot_sdk, httpx"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    steps = [
        [sys.executable, "-m", "venv", str(PEERS_VENV)],
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *PEER_REQUIREMENTS,
            "httpx",
        ],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            log.append(f"`{' '.join(step)}` failed: {(done.stderr or done.stdout).strip()[-800:]}")
            return None
    if subprocess.run(probe, capture_output=True).returncode != 0:
        log.append("the peers' venv was built but `import hubspot, hubspot_sdk` fails")
        return None
    return python


def _env(pythonpath: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return env


def run(
    *,
    rounds: int,
    per_round: int,
    warmup: int,
    peers: bool,
    compare_path: str | None,
    case_filter: str | None = None,
    log: list[str],
) -> dict[str, Any]:
    with canned_server() as url:
        workers: list[tuple[Worker, str, str]] = []  # worker, its case name, our case name
        argv = [sys.executable, str(BENCH / "_percall_worker.py"), url]
        main = Worker([*argv, ",".join(PROJECT_CASES)], env=_env(None))
        workers += [(main, case, case) for case in main.greeting["ready"]]
        versions = dict(main.greeting["versions"])
        unavailable = dict(main.greeting["unavailable"])
        checks = dict(main.greeting["checks"])
        for tag, path in compare_copies(compare_path):
            cases = [c for c in PROJECT_CASES if c.startswith("hubspot_events")]
            other = Worker([*argv, ",".join(cases)], env=_env(path))
            workers += [(other, case, f"{case}@{tag}") for case in other.greeting["ready"]]
            unavailable.update({f"{k}@{tag}": v for k, v in other.greeting["unavailable"].items()})
            checks.update({f"{k}@{tag}": v for k, v in other.greeting["checks"].items()})
        if peers:
            python = ensure_peers_venv(log)
            if python is not None:
                peer_argv = [str(python), str(BENCH / "_percall_worker.py"), url]
                peer = Worker([*peer_argv, ",".join(PEER_CASES)], env=_env(None))
                workers += [(peer, case, case) for case in peer.greeting["ready"]]
                unavailable.update(peer.greeting["unavailable"])
                checks.update(peer.greeting["checks"])
                versions.update(
                    {k: v for k, v in peer.greeting["versions"].items() if k.startswith("hubspot")}
                )
            else:
                unavailable.update(dict.fromkeys(PEER_CASES, "peers' venv could not be built"))
        if case_filter:
            keep = {c.strip() for c in case_filter.split(",")}
            keep |= {floor for case in keep for floor in floors(case)}
            workers = [w for w in workers if w[2].split("@")[0] in keep]
        stats = {
            ours: CaseStats(ours, LABELS.get(ours.split("@")[0], ours) + _suffix(ours))
            for _, _, ours in workers
        }
        for ours in stats:
            stats[ours].check = checks.get(ours)
        # Peers are ~20-30x slower: fewer calls per round keep the run bounded.
        slow = set(PEER_CASES)
        for worker, case, _ in workers:
            worker.ask({"case": case, "n": warmup // 4 if case in slow else warmup})
        for round_no in range(rounds):
            shift = round_no % len(workers)
            for worker, case, ours in workers[shift:] + workers[:shift]:
                n = max(3, per_round // 5) if case in slow else per_round
                answer = worker.ask({"case": case, "n": n})
                cpu = [ns / 1000 for ns in answer["cpu_ns"]]
                stats[ours].cpu_us += cpu
                stats[ours].wall_us += [ns / 1000 for ns in answer["wall_ns"]]
                stats[ours].round_medians.append(statistics.median(cpu))
        for worker in {id(w): w for w, _, _ in workers}.values():
            worker.close()
    return _summary(stats, unavailable, versions, rounds=rounds, per_round=per_round)


def _suffix(ours: str) -> str:
    return f" [copy: {ours.split('@', 1)[1]}]" if "@" in ours else ""


def _summary(
    stats: dict[str, CaseStats],
    unavailable: dict[str, str],
    versions: dict[str, str],
    *,
    rounds: int,
    per_round: int,
) -> dict[str, Any]:
    rows = []
    for case in stats.values():
        floor_name, async_floor_name = floors(case.name)
        floor = stats[floor_name]
        async_floor = stats.get(async_floor_name)
        # Each round's median against the floor's in the same round: pairs figures taken
        # seconds apart, so the machine's drift (other engineers' test runs) mostly cancels.
        ratios = [m / f for m, f in zip(case.round_medians, floor.round_medians, strict=True)]
        ratio_q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
        q1, q3 = case.quartiles()
        rows.append(
            {
                "case": case.name,
                "label": case.label,
                "calls": len(case.cpu_us),
                "cpu_us_median": case.median(),
                "cpu_us_q1": q1,
                "cpu_us_q3": q3,
                "wall_us_median": statistics.median(case.wall_us),
                "ratio": statistics.median(ratios),
                "ratio_of_medians": case.median() / floor.median(),
                "ratio_rounds_q1": ratio_q[0],
                "ratio_rounds_q3": ratio_q[2],
                "ratio_rounds_min": min(ratios),
                "ratio_rounds_max": max(ratios),
                "floor": floor_name,
                "results_parsed": case.check,
                # async cases against the async floor too: httpx's async stack costs by itself
                "ratio_to_async_floor": (
                    statistics.median(
                        m / f
                        for m, f in zip(case.round_medians, async_floor.round_medians, strict=True)
                    )
                    if async_floor is not None
                    and case.name.split("@")[0].endswith(("async", "async_noparse"))
                    else None
                ),
            }
        )
    return {
        "rows": rows,
        "unavailable": unavailable,
        "versions": versions,
        "rounds": rounds,
        "per_round": per_round,
        "floor_round_spread": (
            min(stats["raw"].round_medians) / stats["raw"].median(),
            max(stats["raw"].round_medians) / stats["raw"].median(),
        ),
    }
