"""Child processes for the benchmarks: line-protocol workers, and peak RSS of a finished child."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


class Worker:
    """A child speaking one JSON object per line on stdin/stdout; its first line is a greeting."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path = BENCH,
        first_line_timeout: float = 120.0,
    ) -> None:
        self.argv = list(argv)
        self.proc = subprocess.Popen(
            self.argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            env=dict(env) if env is not None else None,
        )
        self.greeting = self.read(first_line_timeout)

    def read(self, timeout: float | None = None) -> Any:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait(timeout=10)
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise RuntimeError(f"{' '.join(self.argv[:3])} exited: {err.strip()[-2000:]}")
        return json.loads(line)

    def ask(self, request: Any) -> Any:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return self.read()

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float  # user + system of the child itself
    max_rss_mb: float  # the child's own peak RSS (VmHWM), from wait4


def run_measured(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 600.0,
) -> Finished:
    """Run a child to completion; its own rusage (wait4), not that of every child so far."""
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-{os.getpid()}-{time.time_ns()}"
    with open(f"{out_path}.out", "w+") as out, open(f"{out_path}.err", "w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=dict(env) if env is not None else None,
        )
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    for suffix in (".out", ".err"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    return Finished(
        returncode=proc.returncode,
        stdout=stdout,
        stderr=stderr,
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,  # Linux: KiB
    )


def self_rusage() -> dict[str, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu_s": usage.ru_utime + usage.ru_stime, "max_rss_mb": usage.ru_maxrss / 1024}


def project_python() -> str:
    return sys.executable


def compare_copies(compare_path: str | None) -> list[tuple[str, str]]:
    """``--compare-path A,B``: (tag, path) per patched copy; a tag names the copy in the results.

    The tag is the directory's name, widened with its parents while two copies would share it
    (``a/src`` and ``b/src`` become ``a/src`` and ``b/src``), so no copy's results hide another's.
    """
    paths = [p for p in (compare_path or "").split(",") if p]
    parts = [Path(p).resolve().parts for p in paths]
    depth = 1
    while True:
        tags = ["/".join(p[-depth:]) or "patched" for p in parts]
        if len(set(tags)) == len(tags) or all(depth >= len(p) for p in parts):
            break
        depth += 1
    if len(set(tags)) != len(tags):  # the same directory twice: number them
        tags = [f"{Path(p).name or 'patched'}#{i}" for i, p in enumerate(paths, 1)]
    return list(zip(tags, paths, strict=True))
