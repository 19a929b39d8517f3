"""Cold start: a fresh interpreter importing the package and building a client, vs ``import httpx``."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from typing import Any

from _procs import compare_copies

FLOOR = "import httpx"
OURS = "import hubspot_events; hubspot_events.HubSpotEvents(access_token='x')"
IMPORT_ONLY = "import hubspot_events"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def _with_path(env: dict[str, str], path: str | None) -> dict[str, str]:
    return {**env, "PYTHONPATH": path} if path else env


def _time(code: str, cwd: str, env: dict[str, str]) -> tuple[float, float]:
    """(wall s, CPU s) of one fresh interpreter running ``code``: CPU is user + system of that
    child alone (wait4), which the other engineers' load on these 2 cores inflates far less."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=cwd, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"python -c {code!r} exited {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def _importtime(code: str, cwd: str, env: dict[str, str]) -> dict[str, tuple[int, int, int]]:
    """module -> (self µs, cumulative µs, depth) from one ``-X importtime`` run."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
        env=env,
    )
    modules = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = line.removeprefix("import time:").split("|")
        depth = (len(name) - len(name.lstrip())) // 2
        modules[name.strip()] = (int(self_us), int(cumulative), depth)
    return modules


def extra_imports(runs: int, cwd: str, env: dict[str, str]) -> dict[str, Any]:
    """What the package imports beyond ``import httpx``: median self time per module."""
    ours: dict[str, list[int]] = defaultdict(list)
    floor: set[str] = set()
    for _ in range(runs):
        floor |= set(_importtime(FLOOR, cwd, env))
        for name, (self_us, _, _) in _importtime(OURS, cwd, env).items():
            ours[name].append(self_us)
    extra = {name: statistics.median(times) for name, times in ours.items() if name not in floor}
    groups: dict[str, float] = defaultdict(float)
    for name, self_us in extra.items():
        groups[name.split(".")[0]] += self_us
    return {
        "extra_modules": len(extra),
        "extra_self_ms": sum(extra.values()) / 1000,
        "by_package_ms": {
            k: v / 1000 for k, v in sorted(groups.items(), key=lambda kv: -kv[1]) if v >= 300
        },
        "top_modules_ms": {
            k: v / 1000 for k, v in sorted(extra.items(), key=lambda kv: -kv[1])[:15]
        },
    }


def run(*, runs: int, importtime_runs: int, compare_path: str | None = None) -> dict[str, Any]:
    env = _env()
    copies = {f"{OURS} @{tag}": path for tag, path in compare_copies(compare_path)}
    commands: dict[str, tuple[str, str | None]] = {
        FLOOR: (FLOOR, None),
        OURS: (OURS, None),
        IMPORT_ONLY: (IMPORT_ONLY, None),
        **{label: (OURS, path) for label, path in copies.items()},
    }
    with tempfile.TemporaryDirectory(prefix="hubspot-events-cold-") as cwd:
        for code, path in commands.values():  # warm the OS page cache and .pyc files
            _time(code, cwd, _with_path(env, path))
        times: dict[str, list[float]] = {label: [] for label in commands}
        cpu: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(runs):  # alternate, so drift hits all alike
            for label, (code, path) in commands.items():
                wall_s, cpu_s = _time(code, cwd, _with_path(env, path))
                times[label].append(wall_s)
                cpu[label].append(cpu_s)
        medians = {code: statistics.median(t) * 1000 for code, t in times.items()}
        cpu_medians = {code: statistics.median(t) * 1000 for code, t in cpu.items()}
        result: dict[str, Any] = {
            "runs": runs,
            "floor_ms": medians[FLOOR],
            "ours_ms": medians[OURS],
            "import_only_ms": medians[IMPORT_ONLY],
            "ratio": medians[OURS] / medians[FLOOR],
            "cpu_ms": cpu_medians,
            "cpu_ratio": cpu_medians[OURS] / cpu_medians[FLOOR],
            "import_only_ratio": medians[IMPORT_ONLY] / medians[FLOOR],
            "spread_ms": {code: (min(t) * 1000, max(t) * 1000) for code, t in times.items()},
            "commands": [f'python -c "{code}"' for code in (FLOOR, OURS, IMPORT_ONLY)],
            "copies": {
                label: {
                    "wall_ms": medians[label],
                    "cpu_ms": cpu_medians[label],
                    "ratio": medians[label] / medians[FLOOR],
                    "cpu_ratio": cpu_medians[label] / cpu_medians[FLOOR],
                }
                for label in copies
            },
        }
        result["importtime"] = extra_imports(importtime_runs, cwd, env)
    return result
