"""Child processes for the benchmarks: line-protocol workers, and peak RSS of a finished child."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


@contextmanager
def canned_server() -> Iterator[str]:
    """The canned loopback server (``_server.py``) in a process of its own: its base URL, and
    the server stopped (stdin closed) when the block ends."""
    server = subprocess.Popen(
        [sys.executable, str(BENCH / "_server.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=BENCH,
    )
    assert server.stdout is not None
    assert server.stdin is not None
    try:
        yield f"http://127.0.0.1:{server.stdout.readline().split()[1]}"
    finally:
        server.stdin.close()
        server.wait(timeout=10)


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


#: Runs argv (after a report path) as its own child and writes that child's rusage to the report.
#: Why a go-between: Linux carries a process's peak RSS (``ru_maxrss``) over ``fork`` and ``exec``,
#: so a child started straight from this (large) process reports at least this process's peak:
#: a 10 MB ``python -c pass`` read 210 MB under a 200 MB parent. The go-between is a fresh small
#: interpreter, and ``posix_spawn`` starts the measured child from its small memory.
_LAUNCHER = r"""
import json, os, sys
report, argv = sys.argv[1], sys.argv[2:]
pid = os.posix_spawnp(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as out:
    json.dump({"cpu_s": usage.ru_utime + usage.ru_stime, "max_rss_kib": usage.ru_maxrss}, out)
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str
    wall_s: float  # includes the go-between's own start, ~20 ms
    cpu_s: float  # user + system of the child itself
    max_rss_mb: float  # the child's own peak RSS, from wait4 in a go-between (_LAUNCHER)


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
        report = Path(f"{out_path}.rusage")
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(report), *argv],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            start_new_session=True,  # the go-between and its child: one group to kill
        )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    usage = json.loads(report.read_text()) if report.exists() else {"cpu_s": 0.0, "max_rss_kib": 0}
    for suffix in (".out", ".err", ".rusage"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    return Finished(
        returncode=proc.returncode,
        stdout=stdout,
        stderr=stderr,
        wall_s=wall,
        cpu_s=usage["cpu_s"],
        max_rss_mb=usage["max_rss_kib"] / 1024,  # Linux: KiB
    )


def self_rusage() -> dict[str, float]:
    """This process's CPU and its own peak RSS: ``VmHWM`` (per address space, so not carried
    over from the parent as ``ru_maxrss`` is; see ``_LAUNCHER``) where Linux gives it."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu_s": usage.ru_utime + usage.ru_stime, "max_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kib) / 1024


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
