"""Bulk throughput (async client and CLI) and the CLI's peak memory, against the fake HubSpot.

Each run gets a fresh fake in a process of its own (``_fake_server.py``: uvicorn on loopback),
so its rate-limit window and counters start empty and its CPU is not the client's. The ceiling
is ``batch_size * max_requests / interval``; the fake's counters give the 429s.
"""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from _procs import BENCH, Finished, Worker, compare_copies, run_measured

ACCOUNT = "bench-account"
EVENT = "bench-webinar"
TOKEN = "bench-token"
BATCH_SIZE = 100
T0_MS = 1_795_000_000_000


def parse_rate(text: str) -> tuple[int, float]:
    count, interval = text.split("/")
    unit_ms = interval.endswith("ms")
    number = interval.removesuffix("ms").removesuffix("s") or "1"
    return int(count), float(number) / (1000 if unit_ms else 1)


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "interactionDateTime", "contactProperties.firstname"])
        for i in range(rows):
            writer.writerow([f"attendee{i}@bench.example.com", T0_MS + i, f"Attendee {i}"])


def cli_command() -> list[str] | None:
    script = Path(sys.executable).with_name("hubspot-events")
    if not script.exists():
        return None
    probe = run_measured([str(script), "attendance", "record", "--help"], timeout=60)
    return [str(script)] if probe.returncode == 0 else None


def _fake(rate_limit: str) -> Worker:
    return Worker(
        [sys.executable, str(BENCH / "_fake_server.py"), rate_limit, ACCOUNT, EVENT],
        first_line_timeout=60,
    )


def _throughput(
    rows: int, elapsed_s: float, rate_limit: str, fake_stats: dict[str, Any]
) -> dict[str, Any]:
    max_requests, interval = parse_rate(rate_limit)
    ceiling = BATCH_SIZE * max_requests / interval
    requests = math.ceil(rows / BATCH_SIZE)
    # A rolling window lets the first max_requests go at once: the fastest possible run ends
    # when the last window opens, (ceil(requests / max) - 1) intervals after the start.
    window_bound_s = (math.ceil(requests / max_requests) - 1) * interval
    served = fake_stats["requests"]
    return {
        "rows_per_s": rows / elapsed_s,
        "ceiling_rows_per_s": ceiling,
        "pct_of_ceiling": 100 * rows / elapsed_s / ceiling,
        "window_bound_s": window_bound_s,
        "pct_of_window_bound": 100 * window_bound_s / elapsed_s if elapsed_s else 0.0,
        "fake_requests": served,
        "fake_429": fake_stats["rate_limited"],
        "pct_429": 100 * fake_stats["rate_limited"] / served if served else 0.0,
        "fake_by_status": fake_stats["by_status"],
        "fake_cpu_s": fake_stats["cpu_s"],
    }


def _env(pythonpath: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return env


def bulk_async(
    rows: int, rate_limit: str, concurrency: int | None, pythonpath: str | None = None
) -> dict[str, Any]:
    load = os.getloadavg()[0]
    with _fake(rate_limit) as fake:
        env = _env(pythonpath)
        if concurrency:
            env["BENCH_CONCURRENCY"] = str(concurrency)
        done = run_measured(
            [
                sys.executable,
                str(BENCH / "_bulk_client.py"),
                fake.greeting["url"],
                str(rows),
                ACCOUNT,
                EVENT,
            ],
            cwd=BENCH,
            env=env,
        )
        stats = fake.ask({"cmd": "stats"})
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-1500:]}"}
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        **out,
        "loadavg_1min": load,
        "lost": rows - out["succeeded"] - out["failed"],
        **_throughput(rows, out["elapsed_s"], rate_limit, stats),
        "max_rss_mb": done.max_rss_mb,
    }


def _cli_counts(stdout: str) -> dict[str, Any]:
    """``succeeded`` / ``failed`` from the CLI's ``--json`` report, wherever it nests them."""
    text = stdout.strip()
    try:
        report = json.loads(text)
    except ValueError:
        report = json.loads(text.splitlines()[-1])
    found: dict[str, Any] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("succeeded", "failed") and key not in found:
                    found[key] = len(value) if isinstance(value, list) else value
                else:
                    walk(value)

    walk(report)
    found["report"] = report
    return found


def run_cli(
    cli: list[str],
    csv_path: Path,
    url: str,
    *,
    dry_run: bool,
    extra: list[str] | None = None,
    pythonpath: str | None = None,
) -> tuple[Finished, dict[str, Any]]:
    argv = [
        *cli,
        "attendance",
        "record",
        str(csv_path),
        "--state",
        "attend",
        "--event-id",
        EVENT,
        "--account-id",
        ACCOUNT,
        "--base-url",
        url,
        "--json",
        *(["--dry-run"] if dry_run else []),
        *(extra or []),
    ]
    env = {**_env(pythonpath), "HUBSPOT_ACCESS_TOKEN": TOKEN}
    done = run_measured(argv, env=env, cwd=csv_path.parent, timeout=900)
    counts: dict[str, Any] = {}
    if done.returncode == 0:
        try:
            counts = _cli_counts(done.stdout)
        except (ValueError, IndexError) as exc:
            counts = {"error": f"unreadable --json output ({exc}): {done.stdout[:300]!r}"}
    else:
        counts = {
            "error": f"exit {done.returncode}: {(done.stderr or done.stdout).strip()[-1500:]}"
        }
    counts["argv"] = argv
    return done, counts


def bulk_cli(
    cli: list[str], csv_path: Path, rows: int, rate_limit: str, pythonpath: str | None = None
) -> dict[str, Any]:
    load = os.getloadavg()[0]
    with _fake(rate_limit) as fake:
        done, counts = run_cli(
            cli, csv_path, fake.greeting["url"], dry_run=False, pythonpath=pythonpath
        )
        stats = fake.ask({"cmd": "stats"})
    result: dict[str, Any] = {
        "rows": rows,
        "elapsed_s": done.wall_s,
        "cli_cpu_s": done.cpu_s,
        "max_rss_mb": done.max_rss_mb,
        "argv": counts.pop("argv"),
        "loadavg_1min": load,
    }
    if "error" in counts:
        return {**result, "error": counts["error"]}
    succeeded, failed = counts.get("succeeded"), counts.get("failed")
    lost = (
        rows - succeeded - failed
        if isinstance(succeeded, int) and isinstance(failed, int)
        else None
    )
    # Pacing is judged on the CLI's own elapsed time (its --json report), without interpreter
    # start-up and imports; the process's wall time is reported beside it.
    report = counts.get("report")
    own = report.get("elapsed_s") if isinstance(report, dict) else None
    elapsed = float(own) if isinstance(own, int | float) and own > 0 else done.wall_s
    return {
        **result,
        "elapsed_s": elapsed,
        "process_wall_s": done.wall_s,
        "succeeded": succeeded,
        "failed": failed,
        "lost": lost,
        **_throughput(rows, elapsed, rate_limit, stats),
    }


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median throughput, with every repetition's key figures beside it: the
    accounting (lost, failed) and the 429s must hold in each, not only in the median one."""
    measured = sorted((r for r in runs if "error" not in r), key=lambda r: r["rows_per_s"])
    if not measured:
        return runs[0]
    chosen = dict(measured[len(measured) // 2])
    chosen["reps"] = [
        {
            key: r.get(key)
            for key in (
                "rows_per_s",
                "pct_of_ceiling",
                "fake_429",
                "pct_429",
                "lost",
                "failed",
                "loadavg_1min",
            )
        }
        | {"error": r.get("error")}
        for r in runs
    ]
    return chosen


def memory_dry_run(cli: list[str], csv_path: Path) -> dict[str, Any]:
    done, counts = run_cli(cli, csv_path, "http://127.0.0.1:9", dry_run=True)
    return {
        "max_rss_mb": done.max_rss_mb,
        "elapsed_s": done.wall_s,
        "cpu_s": done.cpu_s,
        "succeeded": counts.get("succeeded"),
        "failed": counts.get("failed"),
        "error": counts.get("error"),
        "argv": counts["argv"],
    }


def run(
    *,
    rows: int,
    memory_rows: tuple[int, ...],
    rate_limit: str,
    concurrencies: tuple[int, ...],
    full_memory: bool,
    log: list[str],
    compare_path: str | None = None,
    throughput: bool = True,
    reps: int = 1,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rows": rows,
        "rate_limit": rate_limit,
        "concurrencies": concurrencies,
        "reps": reps,
    }
    try:
        from hubspot_events.testing import FakeHubSpot, running_server  # noqa: F401
    except ImportError as exc:
        log.append(f"bulk: hubspot_events.testing is not usable yet ({exc}); skipped")
        return {**out, "skipped": str(exc)}
    variants: list[tuple[str, str | None]] = [("", None)] + [
        (f"@{tag}", path) for tag, path in compare_copies(compare_path)
    ]
    if throughput:
        runs: dict[str, list[dict[str, Any]]] = {}
        for _ in range(reps):  # alternate the variants, rep after rep
            for concurrency in concurrencies:
                for tag, path in variants:
                    runs.setdefault(f"async c={concurrency}{tag}", []).append(
                        bulk_async(rows, rate_limit, concurrency, path)
                    )
        out.update({name: _median_run(found) for name, found in runs.items()})
    cli = cli_command()
    if cli is None:
        log.append("bulk/memory: the `hubspot-events attendance record` CLI is not usable yet")
        out["cli"] = {"error": "CLI not available"}
        return out
    tmp = Path(tempfile.mkdtemp(prefix="hubspot-events-bench-"))
    try:
        csv_path = tmp / f"attendance-{rows}.csv"
        write_csv(csv_path, rows)
        cli_runs: dict[str, list[dict[str, Any]]] = {}
        for _ in range(reps if throughput else 1):
            for tag, path in variants if throughput else variants[:1]:
                cli_runs.setdefault(f"cli{tag}", []).append(
                    bulk_cli(cli, csv_path, rows, rate_limit, path)
                )
        out.update({name: _median_run(found) for name, found in cli_runs.items()})
        memory: dict[str, Any] = {}
        for n in memory_rows:
            path = tmp / f"attendance-{n}.csv"
            if not path.exists():
                write_csv(path, n)
            memory[f"dry_run_{n}"] = memory_dry_run(cli, path)
            if full_memory and n != rows:
                # A real send at a rate the fake and client can sustain: memory, not pacing.
                memory[f"send_{n}"] = bulk_cli(cli, path, n, "1000/1s")
            if path != csv_path:
                path.unlink()
        cli_run = out["cli"]
        memory[f"send_{rows}"] = {
            "max_rss_mb": cli_run.get("max_rss_mb"),
            "elapsed_s": cli_run.get("elapsed_s"),
            "cpu_s": cli_run.get("cli_cpu_s"),
            "succeeded": cli_run.get("succeeded"),
            "failed": cli_run.get("failed"),
            "error": cli_run.get("error"),
        }
        out["memory"] = memory
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out
