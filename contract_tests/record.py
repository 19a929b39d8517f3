"""Record a short scripted session through the public client as replayable exchanges.

Usage: ``python -m contract_tests.record [--base-url URL] [--token T] [--out DIR]``
(``make record``, ``make record BASE_URL=...``). Without ``--base-url`` it starts the fake HubSpot
on loopback (``running_server``) with a manual clock, so the sandbox recordings are identical on
every run. Each HTTP exchange is captured with httpx event hooks and written to one JSON file
(``contract_tests/_recordings.py`` describes the format), scrubbed first:

* no ``Authorization`` (only an allowlist of headers is kept) and the token nowhere in the text;
* every email becomes ``user<N>@example.com`` and every first / last name ``First<N>`` /
  ``Last<N>``, numbered by first appearance, so the same person stays the same across files;
* correlation ids become sequential fake UUIDs (they are per request, not worth diffs).

The session covers every operation of the spec (and a few errors: an unknown event, an unknown
contact, an event ending before it starts).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from contract_tests._calls import NOW_MS
from contract_tests._recordings import (
    RECORDINGS,
    REQUEST_HEADERS,
    RESPONSE_HEADERS,
    describe,
    dump,
)
from contract_tests._spec import Spec
from hubspot_events import APIStatusError, HubSpotEvents

EPOCH_MS = 1_714_575_600_000  # 2024-05-01T15:00:00Z: the sandbox's frozen wall clock
ACCOUNT = "zoom-acct-1"
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
NAME_KEYS = {"firstname": "First", "lastname": "Last"}


@dataclass
class Captured:
    request: httpx.Request
    response: httpx.Response


@dataclass
class Recorder:
    """httpx event hooks that keep every exchange of the client's HTTP connection."""

    exchanges: list[Captured] = field(default_factory=list)

    def on_response(self, response: httpx.Response) -> None:
        response.read()
        self.exchanges.append(Captured(response.request, response))

    def hooks(self) -> dict[str, list[Callable[..., Any]]]:
        return {"response": [self.on_response]}


class Scrubber:
    """Deterministic replacements, shared across one session's files."""

    def __init__(self, secrets: list[str]) -> None:
        self.secrets = [s for s in secrets if s]
        self.emails: dict[str, str] = {}
        self.names: dict[tuple[str, str], str] = {}
        self.counts: dict[str, int] = {}
        self.uuids: dict[str, str] = {}

    def email(self, found: re.Match[str]) -> str:
        key = found.group(0).lower()
        if key.endswith("@example.com") and re.fullmatch(r"user\d+@example\.com", key):
            return key
        return self.emails.setdefault(key, f"user{len(self.emails) + 1}@example.com")

    def uuid(self, found: re.Match[str]) -> str:
        key = found.group(0).lower()
        return self.uuids.setdefault(key, f"00000000-0000-4000-8000-{len(self.uuids) + 1:012d}")

    def text(self, value: str) -> str:
        for secret in self.secrets:
            value = value.replace(secret, "***")
        return UUID.sub(self.uuid, EMAIL.sub(self.email, value))

    def value(self, value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return {k: self.value(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, str):
            if key in NAME_KEYS and value:
                if (key, value) not in self.names:
                    self.counts[key] = self.counts.get(key, 0) + 1
                    self.names[key, value] = f"{NAME_KEYS[key]}{self.counts[key]}"
                return self.names[key, value]
            return self.text(value)
        return value


def _json_or_none(content: bytes) -> Any:
    import json

    if not content.strip():
        return None
    try:
        return json.loads(content)
    except ValueError:
        return content.decode("utf-8", "replace")


def to_recording(
    spec: Spec, captured: Captured, scrub: Scrubber, source: str, expect: dict[str, Any] | None
) -> dict[str, Any]:
    request, response = captured.request, captured.response
    raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
    matched = spec.match(request.method, raw_path)
    operation = matched[0].operation_id if matched else None
    path = scrub.text(raw_path)
    return {
        "operation": operation,
        "source": source,
        "request": {
            "method": request.method,
            "path": path,
            "query": {k: scrub.text(v) for k, v in request.url.params.multi_items()},
            "headers": {k: v for k, v in request.headers.items() if k.lower() in REQUEST_HEADERS},
            "body": scrub.value(_json_or_none(request.content)),
        },
        "response": {
            "status": response.status_code,
            "headers": {
                k.lower(): scrub.text(v)
                for k, v in response.headers.items()
                if k.lower() in RESPONSE_HEADERS
            },
            "body": scrub.value(_json_or_none(response.content)),
        },
        "expect": scrub.value(expect) if expect is not None else None,
    }


# -- the scripted session -------------------------------------------------------------------------


def _subscriber(email: str, minutes: int, **extra: Any) -> dict[str, Any]:
    return {"email": email, "interactionDateTime": EPOCH_MS + minutes * 60_000, **extra}


def session(hs: HubSpotEvents) -> Iterator[tuple[str, Callable[[], Any]]]:
    """(step name, client call) pairs; later steps use what earlier ones returned."""
    webinar = {
        "externalAccountId": ACCOUNT,
        "externalEventId": "webinar-101",
        "eventName": "Intro to marketing events",
        "eventOrganizer": "Example Org",
        "eventType": "WEBINAR",
        "startDateTime": "2024-05-01T15:00:00+00:00",
        "endDateTime": "2024-05-01T16:00:00+00:00",
        "eventUrl": "https://events.example.com/webinar-101",
        "customProperties": [{"name": "room", "value": "main"}],
    }
    meetup = {**webinar, "externalEventId": "meetup-7", "eventName": "Spring meetup"}
    meetup.pop("eventUrl")
    upserted: dict[str, Any] = {}

    def upsert() -> Any:
        result = hs.events.upsert([webinar, meetup])
        upserted["object_id"] = result.results[0].object_id if result.results else None
        return result

    yield "create two events", upsert
    yield "read one back", lambda: hs.events.get("webinar-101", ACCOUNT)
    yield "list events", lambda: list(hs.events.list(page_size=50))
    registered: dict[str, Any] = {}

    def register() -> Any:
        result = hs.attendance.record_by_email(
            "register",
            [
                _subscriber(
                    "ada.lovelace@example.org",
                    0,
                    contactProperties={"firstname": "Ada", "lastname": "Lovelace"},
                ),
                _subscriber(
                    "grace.hopper@example.org",
                    1,
                    contactProperties={"firstname": "Grace", "lastname": "Hopper"},
                ),
                _subscriber("alan.turing@example.org", 2),
            ],
            external_event_id="webinar-101",
            external_account_id=ACCOUNT,
        )
        registered["vids"] = [r.vid for r in result.results]
        return result

    yield "register three by email (creates contacts)", register
    yield (
        "attend by object id",
        lambda: hs.attendance.record_by_email(
            "attend",
            [
                _subscriber(
                    "ada.lovelace@example.org",
                    5,
                    properties={
                        "joinedAt": str(EPOCH_MS + 300_000),
                        "leftAt": str(EPOCH_MS + 3_300_000),
                    },
                )
            ],
            object_id=str(upserted["object_id"]),
        ),
    )
    yield (
        "cancel an existing contact by email",
        lambda: hs.subscriber_state.upsert_by_email(
            "cancel",
            [_subscriber("grace.hopper@example.org", 10)],
            external_event_id="webinar-101",
            external_account_id=ACCOUNT,
        ),
    )
    yield (
        "attend by contact id",
        lambda: hs.subscriber_state.upsert_by_contact_id(
            "attend",
            [{"vid": registered["vids"][-1], "interactionDateTime": EPOCH_MS + 20 * 60_000}],
            external_event_id="webinar-101",
            external_account_id=ACCOUNT,
        ),
    )
    yield "counters", lambda: hs.participations.counters("webinar-101", ACCOUNT)
    yield "breakdown", lambda: list(hs.participations.breakdown("webinar-101", ACCOUNT))
    yield (
        "breakdown of attendees",
        lambda: list(hs.participations.breakdown("webinar-101", ACCOUNT, state="ATTENDED")),
    )
    yield "unknown event", lambda: hs.events.get("no-such-event", ACCOUNT)
    yield (
        "unknown contact on email-upsert",
        lambda: hs.subscriber_state.upsert_by_email(
            "attend",
            [_subscriber("nobody.here@example.org", 30)],
            external_event_id="webinar-101",
            external_account_id=ACCOUNT,
        ),
    )
    yield (
        "an event that ends before it starts",
        lambda: hs.events.upsert(
            [
                {**webinar, "externalEventId": "webinar-102"},
                {
                    **webinar,
                    "externalEventId": "webinar-103",
                    "endDateTime": "2024-05-01T14:00:00+00:00",
                },
            ]
        ),
    )


def record(
    base_url: str, token: str, out: Path, prefix: str, *, spec: Spec | None = None
) -> list[Path]:
    """Run the session against ``base_url`` and write one scrubbed file per exchange."""
    spec = spec or Spec.load()
    recorder = Recorder()
    scrub = Scrubber([token])
    http = httpx.Client(event_hooks=recorder.hooks(), timeout=30.0)
    written: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(f"{prefix}-*.json"):
        stale.unlink()
    with HubSpotEvents(
        access_token=token,
        base_url=base_url,
        http_client=http,
        rate_limit=None,
        max_retries=0,
        wall_clock=lambda: NOW_MS / 1000,
    ) as hs:
        for number, (step, action) in enumerate(session(hs), start=1):
            before = len(recorder.exchanges)
            try:
                outcome = action()
            except APIStatusError as error:
                outcome = error
            made = recorder.exchanges[before:]
            # An expectation is only exact when the call made one exchange (it always does
            # against the sandbox; a real account may page or split).
            expect = describe(outcome) if len(made) == 1 else None
            for part, captured in enumerate(made, start=1):
                recording = to_recording(
                    spec, captured, scrub, f"{prefix} session step {number}: {step}", expect
                )
                suffix = f"-{part}" if len(made) > 1 else ""
                name = f"{prefix}-{number:02d}{suffix}-{recording['operation']}.json"
                text = dump(recording)
                assert token not in text
                assert "authorization" not in text.lower()
                (out / name).write_text(text, encoding="utf-8")
                written.append(out / name)
    http.close()
    return written


@contextlib.contextmanager
def sandbox() -> Iterator[tuple[str, str]]:
    """A fake HubSpot on loopback with a frozen clock: (base URL, token)."""
    from hubspot_events.testing import FakeClock, FakeHubSpot, running_server

    token = "sandbox-recording-token"
    fake = FakeHubSpot(token=token, clock=FakeClock(), epoch_ms=EPOCH_MS, rate_limit=None)
    with running_server(fake) as base_url:
        yield base_url, token


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="record against this API (default: a local sandbox)")
    parser.add_argument(
        "--token",
        default=os.environ.get("HUBSPOT_ACCESS_TOKEN"),
        help="bearer token for --base-url",
    )
    parser.add_argument("--out", type=Path, default=RECORDINGS, help=f"default: {RECORDINGS}")
    args = parser.parse_args(argv)
    if args.base_url:
        if not args.token:
            parser.error("--base-url needs --token or HUBSPOT_ACCESS_TOKEN")
        written = record(args.base_url, args.token, args.out, "live")
    else:
        with sandbox() as (base_url, token):
            written = record(base_url, token, args.out, "sandbox")
    for path in written:
        print(path)
    print(f"{len(written)} exchanges recorded in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
