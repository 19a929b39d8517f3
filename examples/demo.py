"""The README's first command (``make demo``): the real CLI, end to end, against the sandbox.

1. starts the fake HubSpot on a free loopback port (no network, no real token: any token works);
2. runs ``hubspot-events`` (as a subprocess, exactly as a user would) to upsert the events, then
   record registrations (with ``--failed-out``: the ten bad sample rows are reported with their
   line numbers), attendance and cancellations for each event;
3. reads the participation counters back through the CLI and checks them against what the sample
   files imply, computed here independently of the client; exits 1 if any differ;
4. imports a Zoom webinar attendee report as Zoom writes it (``examples/exports/``), previewing
   the mapping with ``--dry-run`` first, and checks the counters it implies.

The sample files are made by ``examples/make_sample_data.py``.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from hubspot_events.testing import FakeHubSpot, running_server

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ACCOUNT = "acme-webinars"
STATES = (
    ("registrations.csv", "register"),
    ("attendance.csv", "attend"),
    ("cancellations.csv", "cancel"),
)
OUTCOME = {"register": "registered", "attend": "attended", "cancel": "cancelled"}
COUNTERS = ("registered", "attended", "cancelled", "noShows")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_BOLD = "\033[1m" if sys.stdout.isatty() else ""
_RESET = "\033[0m" if sys.stdout.isatty() else ""


def step(title: str) -> None:
    print(f"\n{_BOLD}== {title}{_RESET}", flush=True)


def cli(*args: str, capture: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the real CLI; its progress and reports go straight to this terminal."""
    shown = [str(Path(a).relative_to(ROOT)) if a.startswith(str(ROOT)) else a for a in args]
    print(f"$ hubspot-events {shlex.join(shown)}", flush=True)
    return subprocess.run(
        [sys.executable, "-m", "hubspot_events.cli", *args],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE if capture else None,
        check=False,
    )


def read(name: str) -> Iterator[dict[str, str]]:
    with open(HERE / name, encoding="utf-8", newline="") as stream:
        yield from csv.DictReader(stream)


def _valid_time(text: str) -> bool:
    """Epoch milliseconds or ISO 8601 with an offset (what the CLI accepts); empty means now."""
    if not text:
        return True
    if text.isdigit():
        return int(text) >= 100_000_000_000  # smaller is epoch seconds
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def _valid(row: dict[str, str]) -> bool:
    return bool(_EMAIL.match(row["email"])) and _valid_time(row["interactionDateTime"])


def expected_counters() -> tuple[dict[str, Counter[str]], Counter[str]]:
    """Counters the sample files imply, and the bad registration rows per event.

    HubSpot's rules as the sandbox documents them: attending is final; otherwise the latest of
    register and cancel wins (every sample cancellation is later than its registration).
    """
    state: dict[tuple[str, str], str] = {}
    bad: Counter[str] = Counter()
    for name, action in STATES:
        for row in read(name):
            key = (row["externalEventId"], row["email"].strip().lower())
            if not _valid(row):
                bad[row["externalEventId"]] += 1
                continue
            if state.get(key) == "attended":
                continue
            state[key] = OUTCOME[action]
    counters: dict[str, Counter[str]] = {}
    for (event, _), value in state.items():
        counters.setdefault(event, Counter())[value] += 1
    return counters, bad


@contextmanager
def environment(base_url: str) -> Iterator[None]:
    """The CLI reads its token and base URL from the environment, like a user's shell."""
    saved = {k: os.environ.get(k) for k in ("HUBSPOT_ACCESS_TOKEN", "HUBSPOT_BASE_URL")}
    os.environ["HUBSPOT_ACCESS_TOKEN"] = "demo-token"  # the sandbox accepts any token
    os.environ["HUBSPOT_BASE_URL"] = base_url
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


#: What examples/exports/zoom-attendees.csv implies: Ada (two joins) and Grace attended; Alan and
#: Edsger registered and did not come (Attended=No); one guest has no email (a failed row).
ZOOM_EVENT = "webinar-zoom"
ZOOM_EXPECTED = {"registered": 2, "attended": 2, "cancelled": 0, "noShows": 0}


def import_zoom_report(tmp: Path) -> list[str]:
    """Preview the mapping with --dry-run, then import; the counters must match the report."""
    problems: list[str] = []
    event = tmp / "zoom-event.csv"
    event.write_text(
        "externalEventId,externalAccountId,eventName,eventOrganizer,eventType\n"
        f"{ZOOM_EVENT},{ACCOUNT},Quarterly product update,Acme Marketing,WEBINAR\n",
        encoding="utf-8",
    )
    cli("events", "upsert", str(event), "--journal", str(tmp / "zoom-event.journal"))
    report = str(HERE / "exports" / "zoom-attendees.csv")
    args = ["attendance", "import", report, "--preset", "zoom-attendees", "--event-id", ZOOM_EVENT,
            "--account-id", ACCOUNT, "--timezone", "America/New_York"]  # fmt: skip
    cli(*args, "--dry-run")
    if cli(*args, "--failed-out", str(tmp / "zoom-failed.csv")).returncode != 1:
        problems.append("zoom import: expected exit code 1 (one guest row has no email)")
    done = cli(
        "participations", "counters", ZOOM_EVENT, "--account-id", ACCOUNT, "--json", capture=True
    )
    got = json.loads(done.stdout) if done.returncode == 0 else {}
    got = {k: got.get(k) for k in COUNTERS}
    print(f"{ZOOM_EVENT}: counters {got}, the report implies {ZOOM_EXPECTED}")
    if got != ZOOM_EXPECTED:
        problems.append(f"{ZOOM_EVENT}: counters {got} != expected {ZOOM_EXPECTED}")
    return problems


def main() -> int:
    events = [row["externalEventId"] for row in read("events.csv")]
    want, bad = expected_counters()
    problems: list[str] = []
    step("Starting the sandbox (a fake HubSpot, HubSpot's own 100 requests / 10 s limit)")
    with (
        running_server(FakeHubSpot()) as base_url,
        environment(base_url),
        tempfile.TemporaryDirectory() as tmp,
    ):
        print(
            f"listening on {base_url}; HUBSPOT_BASE_URL and HUBSPOT_ACCESS_TOKEN point the CLI at it"
        )

        step("Events")
        # Journals (what --resume reads) go to the temporary folder, not beside examples/.
        journal = str(Path(tmp) / "events.journal")
        if cli("events", "upsert", str(HERE / "events.csv"), "--journal", journal).returncode != 0:
            problems.append("events upsert failed")

        for name, action in STATES:
            step(f"{name}: --state {action}, one run per event (rows of other events are skipped)")
            for event in events:
                args = ["attendance", "record", str(HERE / name), "--state", action,
                        "--event-id", event, "--account-id", ACCOUNT,
                        "--journal", str(Path(tmp) / f"{event}-{action}.journal")]  # fmt: skip
                failed_out = Path(tmp) / f"{event}-{action}-failed.csv"
                if action == "register":
                    args += ["--failed-out", str(failed_out)]
                code = cli(*args).returncode
                expected_code = 1 if action == "register" and bad[event] else 0
                if code != expected_code:
                    problems.append(
                        f"{name} for {event}: exit code {code}, expected {expected_code}"
                    )
                if action == "register":
                    lines = failed_out.read_text(encoding="utf-8").splitlines()
                    if len(lines) - 1 != bad[event]:
                        problems.append(
                            f"{event}: {len(lines) - 1} failed rows written, expected {bad[event]}"
                        )
                    if lines[1:]:
                        print(
                            f"   {failed_out.name} (fix these rows, then run the same command on it):"
                        )
                        for line in lines:
                            print(f"   | {line}")

        step("Participation counters, read back through the CLI")
        print(
            f"{'event':<12} {'registered':>12} {'attended':>12} {'cancelled':>12} {'noShows':>10}   (got / expected)"
        )
        for event in events:
            done = cli(
                "participations", "counters", event, "--account-id", ACCOUNT, "--json", capture=True
            )
            got = json.loads(done.stdout) if done.returncode == 0 else {}
            expected = {k: want.get(event, Counter())[k] for k in COUNTERS}
            cells = [f"{got.get(k, '?')}/{expected[k]}" for k in COUNTERS]
            mark = "ok" if all(got.get(k) == v for k, v in expected.items()) else "MISMATCH"
            print(
                f"{event:<12} {cells[0]:>12} {cells[1]:>12} {cells[2]:>12} {cells[3]:>10}   {mark}"
            )
            if mark != "ok":
                problems.append(f"{event}: counters {got} != expected {expected}")

        step("A Zoom attendee report, read natively (attendance import --preset zoom-attendees)")
        problems += import_zoom_report(Path(tmp))

        step("All events")
        cli("events", "list")

    step("Result")
    if problems:
        for problem in problems:
            print(f"FAILED: {problem}")
        return 1
    total_bad = sum(bad.values())
    print(
        f"every counter matches the sample data; the {total_bad} bad rows were reported and kept in --failed-out files"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
