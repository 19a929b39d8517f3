"""Recordings replay: every stored exchange conforms to the spec and replays through the client.

``recordings/seed-*.json`` are the documented examples of the API pages in ``../shared/seeds``
(written out by hand, placeholders replaced where the client would refuse them, each change said
in ``source``); ``recordings/sandbox-*.json`` come from ``make record`` (a scripted session against
the fake HubSpot, scrubbed). For each one:

* the request and the response validate against the curated spec (our request validator;
  schemathesis' ``validate_response`` and ``jsonschema`` for the response);
* replayed through the public client (respx serves the recorded response), the client sends
  exactly the recorded request and makes of the answer what ``expect`` says; and on each of
  HubSpot's API versions (``api_version=``), the same request under that version's path, with the
  same outcome;
* no recording carries a token, a real email or a real name;
* re-recording the sandbox session gives byte-identical files (else: run ``make record``).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
import schemathesis

from contract_tests import record
from contract_tests._calls import (
    BASE_URL,
    PAGED_OPERATIONS,
    TOKEN,
    Exchange,
    call,
    kind_of,
    read_models,
)
from contract_tests._recordings import (
    RECORDINGS,
    describe,
    load_all,
    request_of,
    response_of,
)
from contract_tests._spec import SPEC_PATH, Spec, normalise
from hubspot_events import APIStatusError, HubSpotEvents
from hubspot_events._versions import API_VERSIONS, version_path

SPEC = Spec.load()
SCHEMA = schemathesis.openapi.from_path(SPEC_PATH)
ALL = dict(load_all())
READ_MODELS = read_models(SPEC, {op: kind_of(op) for op in SPEC.operations})


def test_there_are_recordings_for_every_operation() -> None:
    covered = {recording["operation"] for recording in ALL.values()}
    assert covered == set(SPEC.operations), f"no recording for {set(SPEC.operations) - covered}"
    assert any(name.startswith("seed-") for name in ALL)
    assert any(name.startswith("sandbox-") for name in ALL)


@pytest.mark.parametrize("name", sorted(ALL))
def test_the_recording_conforms_to_the_spec(name: str) -> None:
    recording = ALL[name]
    request = request_of(recording)
    assert SPEC.validate_request(request) == []
    matched = SPEC.match(request.method, request.url.raw_path.decode().split("?")[0])
    assert matched is not None
    assert matched[0].operation_id == recording["operation"]
    raw = recording["response"]
    assert SPEC.validate_response(recording["operation"], raw["status"], raw["body"]) == []
    op = SPEC.operations[recording["operation"]]
    SCHEMA[op.path][op.method].validate_response(response_of(recording, request))


def replay(recording: dict[str, Any], api_version: str = "v3") -> tuple[Any, list[httpx.Request]]:
    """Run the recorded request through the public client (on ``api_version``) against the
    recorded response."""
    served = copy.deepcopy(recording)
    body = served["response"]["body"]
    if recording["operation"] in PAGED_OPERATIONS and isinstance(body, dict):
        body.get("paging", {}).pop("next", None)  # one page: the next one was not recorded
    router = respx.Router(assert_all_called=False)
    router.route().mock(side_effect=lambda request: response_of(served, request))
    client = HubSpotEvents(
        access_token=TOKEN,
        base_url=BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(router.handler)),
        rate_limit=None,
        max_retries=0,
        sleep=lambda _: None,
        api_version=api_version,
    )
    exchange = Exchange.from_request(SPEC, request_of(recording))
    try:
        outcome = call(client, exchange)
    except APIStatusError as error:
        outcome = error
    return outcome, [c.request for c in router.calls]


@pytest.mark.parametrize("api_version", API_VERSIONS)
@pytest.mark.parametrize("name", sorted(ALL))
def test_the_recording_replays_through_the_client(name: str, api_version: str) -> None:
    recording = ALL[name]
    outcome, sent = replay(recording, api_version)
    assert len(sent) == 1, "the client must send exactly the recorded request, once"
    (request,) = sent
    wanted = request_of(recording)
    assert request.method == wanted.method
    recorded_path = wanted.url.raw_path.decode().split("?")[0]
    assert request.url.raw_path.decode().split("?")[0] == version_path(
        recorded_path, api_version
    ), f"on {api_version} the request goes to that version's path"
    got, want = Exchange.from_request(SPEC, request), Exchange.from_request(SPEC, wanted)
    assert (got.operation_id, dict(got.path), dict(got.query), got.body) == (
        want.operation_id,
        dict(want.path),
        dict(want.query),
        want.body,
    ), "the client's request differs from the recorded one"
    if recording["expect"] is not None:
        assert describe(outcome) == recording["expect"]
    operation = recording["operation"]
    body = recording["response"]["body"]
    if operation in READ_MODELS and not isinstance(outcome, APIStatusError):
        schema = SPEC.schema(READ_MODELS[operation])
        items = outcome if isinstance(outcome, list) else [outcome]
        raws = body["results"] if isinstance(outcome, list) else [body]
        assert [normalise(schema, i.to_dict()) for i in items] == [
            normalise(schema, r) for r in raws
        ]


def test_the_documented_string_context_does_not_confuse_the_client() -> None:
    """The docs render ErrorDetail.context as a string; the client must still read the rest."""
    recording = copy.deepcopy(ALL["seed-001-record_by_email_external_id-200.json"])
    error = recording["response"]["body"]["errors"][0]
    error["errors"][0]["context"] = "{missingScopes=[scope1, scope2]}"
    assert SPEC.validate_response(recording["operation"], 200, recording["response"]["body"])
    outcome, _ = replay(recording)
    assert describe(outcome) == recording["expect"]


_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


def _names(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k in ("firstname", "lastname")]
        return found + [n for v in value.values() for n in _names(v)]
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


@pytest.mark.parametrize("name", sorted(ALL))
def test_the_recording_carries_no_secrets_or_personal_data(name: str) -> None:
    text = (RECORDINGS / name).read_text(encoding="utf-8")
    recording = json.loads(text)
    assert "authorization" not in {k.lower() for k in recording["request"]["headers"]}
    assert "bearer" not in text.lower()
    assert "hapikey" not in text.lower(), "the developer API key's parameter must be left out"
    assert record.SANDBOX_DEVELOPER_KEY not in text
    emails = set(_EMAIL.findall(text))
    assert all(re.fullmatch(r"user\d+@example\.com", e) for e in emails), emails
    names = _names(recording)
    assert all(re.fullmatch(r"(First|Last)\d+", n) for n in names), names


def test_the_sandbox_recordings_are_current(tmp_path: Path) -> None:
    """``make record`` against the sandbox reproduces the committed files byte for byte."""
    with record.sandbox() as (base_url, token, account):
        written = record.record(base_url, token, tmp_path, "sandbox", account=account)
    fresh = {path.name: path.read_text(encoding="utf-8") for path in written}
    committed = {
        path.name: path.read_text(encoding="utf-8") for path in RECORDINGS.glob("sandbox-*.json")
    }
    assert sorted(fresh) == sorted(committed), "run `make record` and commit the recordings"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert stale == [], f"run `make record`: these recordings changed: {stale}"


def test_the_recorder_scrubs_tokens_emails_and_names() -> None:
    scrub = record.Scrubber(["s3cr3t-token"])
    body = {
        "email": "Ada.Lovelace@Example.org",
        "note": "token s3cr3t-token for ada.lovelace@example.org",
        "contactProperties": {"firstname": "Ada", "lastname": "Lovelace"},
        "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
    }
    assert scrub.value(body) == {
        "email": "user1@example.com",
        "note": "token *** for user1@example.com",
        "contactProperties": {"firstname": "First1", "lastname": "Last1"},
        "correlationId": "00000000-0000-4000-8000-000000000001",
    }


def test_record_against_any_base_url(tmp_path: Path) -> None:
    """``python -m contract_tests.record --base-url URL`` writes valid, replayable recordings."""
    from hubspot_events.testing import FakeHubSpot, running_server

    fake = FakeHubSpot(token="live-token", developer_api_key="live-developer-key")
    fake.add_list("31", name="Attendees")
    args = ["--token", "live-token", "--out", str(tmp_path), "--list-id", "31"]
    args += ["--app-id", str(fake.app_id), "--developer-key", "live-developer-key"]
    with running_server(fake) as base_url:
        assert record.main(["--base-url", base_url, *args]) == 0
    written = dict(load_all(tmp_path))
    assert written
    assert all(name.startswith("live-") for name in written)
    assert {r["operation"] for r in written.values()} == set(SPEC.operations)
    for name, recording in written.items():
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "live-token" not in text
        assert "live-developer-key" not in text
        assert "hapikey" not in text
        request = request_of(recording)
        assert SPEC.validate_request(request) == [], name
        raw = recording["response"]
        assert SPEC.validate_response(recording["operation"], raw["status"], raw["body"]) == []
        outcome, _ = replay(recording)
        assert describe(outcome) == recording["expect"], name
