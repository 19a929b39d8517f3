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

The session covers every operation of the spec, each through its public client method (and a
few errors: an unknown event, an unknown contact, an event ending before it starts, a batch
delete naming an event that is gone). The app-settings operations take the app's developer API
key, sent as ``hapikey``: it is scrubbed like the token and the parameter left out of the files.
Against another ``--base-url`` give ``--list-id`` (a contact list of the account) and
``--app-id`` / ``--developer-key`` (``HUBSPOT_APP_ID`` / ``HUBSPOT_DEVELOPER_API_KEY``); without
an app id the steps that need one are left out.
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
SANDBOX_DEVELOPER_KEY = "sandbox-developer-key"


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
    # Credentials sent as query parameters (the developer API key's ``hapikey``) are left out,
    # like the Authorization header: a replay adds its own.
    credentials = spec.credential_params(matched[0]) if matched else set()
    path = scrub.text(raw_path)
    return {
        "operation": operation,
        "source": source,
        "request": {
            "method": request.method,
            "path": path,
            "query": {
                k: scrub.text(v)
                for k, v in request.url.params.multi_items()
                if k not in credentials and k.lower() != "hapikey"
            },
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


@dataclass(frozen=True)
class Account:
    """What a session needs of the account besides the token: a contact list to associate, the
    app's id and its developer API key (the app-settings operations and the batch delete by
    external ids). Without an app id those steps are left out."""

    list_id: str = "901"
    app_id: int | None = None
    developer_key: str | None = None


def session(
    hs: HubSpotEvents, account: Account | None = None
) -> Iterator[tuple[str, Callable[[], Any]]]:
    """(step name, client call) pairs; later steps use what earlier ones returned.

    Every operation of the spec is called at least once, each through its public method.
    """
    account = account or Account()
    webinar: dict[str, Any] = {
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
    ids: dict[str, Any] = {}

    def upsert() -> Any:
        result = hs.events.upsert([webinar, meetup])
        for event in result.results:
            ids[event.event_name] = event.object_id
        ids["webinar"] = ids.get(webinar["eventName"])
        ids["meetup"] = ids.get(meetup["eventName"])
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
            object_id=str(ids["webinar"]),
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
    # -- event management: one event, by external ids and by object id ----------------------

    def create() -> Any:
        created = hs.events.create(
            {**webinar, "externalEventId": "workshop-3", "eventName": "Hands-on workshop"}
        )
        ids["workshop"] = created.object_id
        return created

    yield "create one event", create
    yield (
        "replace one event by its external id",
        lambda: hs.events.upsert_one(
            "meetup-7", {**meetup, "eventDescription": "Talks and pizza", "customProperties": []}
        ),
    )
    yield "read one by object id", lambda: hs.events.get(object_id=str(ids["webinar"]))
    yield (
        "rename one by its external ids",
        lambda: hs.events.update(
            "webinar-101",
            {"eventName": "Intro to marketing events (live)"},
            external_account_id=ACCOUNT,
        ),
    )
    yield (
        "change one by object id",
        lambda: hs.events.update(
            object_id=str(ids["workshop"]),
            fields={
                "eventType": "WORKSHOP",
                "customProperties": [{"name": "room", "value": "lab"}],
            },
        ),
    )
    yield (
        "change two by object id",
        lambda: hs.events.update_many(
            [
                {"objectId": str(ids["workshop"]), "eventDescription": "Bring a laptop"},
                {"objectId": str(ids["meetup"]), "eventUrl": "https://events.example.com/meetup-7"},
            ]
        ),
    )
    yield "search by external id", lambda: hs.events.search("webinar")
    yield "identifiers of one external id", lambda: hs.events.identifiers("webinar-101")
    # -- participation by contact id and by object id ----------------------------------------
    yield (
        "attend by contact id, event by external ids",
        lambda: hs.attendance.record_by_contact_id(
            "attend",
            [
                {"vid": vid, "interactionDateTime": EPOCH_MS + 40 * 60_000}
                for vid in registered["vids"][:1]
            ],
            external_event_id="webinar-101",
            external_account_id=ACCOUNT,
        ),
    )
    yield (
        "register by contact id, event by object id",
        lambda: hs.attendance.record_by_contact_id(
            "register",
            [registered["vids"][0], registered["vids"][1]],
            object_id=str(ids["workshop"]),
        ),
    )
    yield "counters by object id", lambda: hs.participations.counters(object_id=ids["webinar"])
    yield (
        "breakdown by object id",
        lambda: list(hs.participations.breakdown(object_id=ids["webinar"], state="ATTENDED")),
    )
    yield (
        "one contact's participations",
        lambda: list(hs.participations.for_contact("ada.lovelace@example.org")),
    )
    # -- list associations ---------------------------------------------------------------------
    list_id = account.list_id
    yield (
        "associate a list by external ids",
        lambda: hs.lists.associate(list_id, "webinar-101", ACCOUNT),
    )
    yield "lists by external ids", lambda: hs.lists.associated("webinar-101", ACCOUNT)
    yield (
        "disassociate a list by external ids",
        lambda: hs.lists.disassociate(list_id, "webinar-101", ACCOUNT),
    )
    yield (
        "associate a list by object id",
        lambda: hs.lists.associate(list_id, object_id=str(ids["workshop"])),
    )
    yield "lists by object id", lambda: hs.lists.associated(object_id=str(ids["workshop"]))
    yield (
        "disassociate a list by object id",
        lambda: hs.lists.disassociate(list_id, object_id=str(ids["workshop"])),
    )
    # -- app settings (the developer API key) --------------------------------------------------
    if account.app_id is not None:
        app_id = account.app_id
        yield (
            "set the event details URL",
            lambda: hs.settings.update("https://events.example.com/details/%s", app_id=app_id),
        )
        yield "read the app settings", lambda: hs.settings.get(app_id=app_id)
    # -- the end of events -----------------------------------------------------------------
    yield "cancel one", lambda: hs.events.cancel("meetup-7", ACCOUNT)
    yield (
        "complete one",
        lambda: hs.events.complete(
            "webinar-101", "2024-05-01T15:02:00+00:00", "2024-05-01T16:10:00+00:00", ACCOUNT
        ),
    )
    yield "delete one by external ids", lambda: hs.events.delete("webinar-102", ACCOUNT)
    yield (
        "delete one by object id",
        lambda: hs.events.delete(object_id=str(ids["workshop"])),
    )
    if account.app_id is not None:
        app = account.app_id
        yield (
            "delete two by external ids",
            lambda: hs.events.delete_many(
                external_event_ids=["meetup-7", "webinar-103"],
                external_account_id=ACCOUNT,
                app_id=app,
            ),
        )
    yield (
        "delete one by object id, in a batch",
        lambda: hs.events.delete_many(object_ids=[str(ids["webinar"])]),
    )


def record(
    base_url: str,
    token: str,
    out: Path,
    prefix: str,
    *,
    spec: Spec | None = None,
    account: Account | None = None,
) -> list[Path]:
    """Run the session against ``base_url`` and write one scrubbed file per exchange."""
    spec = spec or Spec.load()
    account = account or Account()
    recorder = Recorder()
    secrets = [token, account.developer_key or ""]
    scrub = Scrubber(secrets)
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
        app_id=account.app_id,
        developer_api_key=account.developer_key,
    ) as hs:
        for number, (step, action) in enumerate(session(hs, account), start=1):
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
                assert not any(secret in text for secret in secrets if secret)
                assert "authorization" not in text.lower()
                assert "hapikey" not in text.lower()
                (out / name).write_text(text, encoding="utf-8")
                written.append(out / name)
    http.close()
    return written


@contextlib.contextmanager
def sandbox() -> Iterator[tuple[str, str, Account]]:
    """A fake HubSpot on loopback with a frozen clock and one contact list:
    (base URL, token, what the session needs of the account)."""
    from hubspot_events.testing import FakeClock, FakeHubSpot, running_server

    token = "sandbox-recording-token"
    developer_key = SANDBOX_DEVELOPER_KEY
    fake = FakeHubSpot(
        token=token,
        developer_api_key=developer_key,
        clock=FakeClock(),
        epoch_ms=EPOCH_MS,
        rate_limit=None,
    )
    account = Account(list_id="901", app_id=fake.app_id, developer_key=developer_key)
    fake.add_list(account.list_id, name="Webinar registrants")
    with running_server(fake) as base_url:
        yield base_url, token, account


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="record against this API (default: a local sandbox)")
    parser.add_argument(
        "--token",
        default=os.environ.get("HUBSPOT_ACCESS_TOKEN"),
        help="bearer token for --base-url",
    )
    parser.add_argument("--list-id", default="901", help="a contact list of --base-url's account")
    parser.add_argument(
        "--app-id",
        type=int,
        default=int(os.environ["HUBSPOT_APP_ID"]) if os.environ.get("HUBSPOT_APP_ID") else None,
        help="the app's id (app settings, batch delete by external ids; default: left out)",
    )
    parser.add_argument(
        "--developer-key",
        default=os.environ.get("HUBSPOT_DEVELOPER_API_KEY"),
        help="the app's developer API key, for the app-settings operations",
    )
    parser.add_argument("--out", type=Path, default=RECORDINGS, help=f"default: {RECORDINGS}")
    args = parser.parse_args(argv)
    if args.base_url:
        if not args.token:
            parser.error("--base-url needs --token or HUBSPOT_ACCESS_TOKEN")
        account = Account(args.list_id, args.app_id, args.developer_key)
        written = record(args.base_url, args.token, args.out, "live", account=account)
    else:
        with sandbox() as (base_url, token, account):
            written = record(base_url, token, args.out, "sandbox", account=account)
    for path in written:
        print(path)
    print(f"{len(written)} exchanges recorded in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
