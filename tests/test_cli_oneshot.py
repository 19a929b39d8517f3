"""The one-shot commands (one request each): tables, ``--json`` shapes, errors and exit codes,
over real HTTP against the fake HubSpot on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from hubspot_events.cli._commands import app
from hubspot_events.testing import FakeHubSpot, running_server

ACCOUNT = "acct"
TOKEN = "oneshot-token"
DEV_KEY = "dev-key-5ecret"
runner = CliRunner()


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[FakeHubSpot, str]]:
    """One fake for the module; each test that changes something uses events of its own."""
    fake = FakeHubSpot(rate_limit=None, token=TOKEN, developer_api_key=DEV_KEY)
    fake.add_event(ACCOUNT, "w-1", event_name="Webinar One", start_date_time="2026-09-15T16:00:00Z")
    fake.add_event(ACCOUNT, "w-2", event_name="Webinar Two")
    fake.add_event(ACCOUNT, "other-3")
    fake.add_event(ACCOUNT, "cancel-me")
    fake.add_event(ACCOUNT, "complete-me")
    fake.add_event(ACCOUNT, "listed")
    fake.add_list(7, name="VIPs")
    with fake.client(access_token=TOKEN) as client:
        client.attendance.record_by_email(
            "register", ["ada@example.com", "bob@example.com"],
            external_event_id="w-1", external_account_id=ACCOUNT,
        )  # fmt: skip
        client.attendance.record_by_email(
            "attend", ["ada@example.com"], external_event_id="w-1", external_account_id=ACCOUNT
        )
        client.attendance.record_by_email(
            "register", ["ada@example.com"], external_event_id="w-2", external_account_id=ACCOUNT
        )
    with running_server(fake) as url:
        yield fake, url


@pytest.fixture
def url(server: tuple[FakeHubSpot, str]) -> str:
    return server[1]


def cli(url: str, *args: str, token: str | None = TOKEN, **env: str | None) -> Result:
    environment = {
        "HUBSPOT_ACCESS_TOKEN": token, "HUBSPOT_BASE_URL": url, "HUBSPOT_APP_ID": None,
        "HUBSPOT_DEVELOPER_API_KEY": None, "COLUMNS": "160", **env,
    }  # fmt: skip
    result = runner.invoke(app, list(args), env=environment, catch_exceptions=False)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def ok_json(url: str, *args: str, **env: str | None) -> Any:
    result = cli(url, *args, "--json", **env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def object_id(server: tuple[FakeHubSpot, str], event_id: str) -> str:
    event = server[0].state.event(ACCOUNT, event_id)
    assert event is not None
    return event.object_id


def words(text: str) -> str:
    return " ".join(text.split())


# -- events ----------------------------------------------------------------------------------------


def test_events_get_by_event_id_by_object_id_and_positionally(
    server: tuple[FakeHubSpot, str], url: str
) -> None:
    by_event = ok_json(url, "events", "get", "--event-id", "w-1", "--account-id", ACCOUNT)
    assert by_event["externalEventId"] == "w-1"
    assert (by_event["registrants"], by_event["attendees"]) == (1, 1)  # ada attended
    oid = object_id(server, "w-1")
    assert by_event["objectId"] == oid
    by_object = ok_json(url, "events", "get", "--object-id", oid)
    assert (by_object["objectId"], by_object["eventName"]) == (oid, "Webinar One")
    assert ok_json(url, "events", "get", "w-1", "--account-id", ACCOUNT) == by_event
    table = cli(url, "events", "get", "--object-id", oid)
    assert table.exit_code == 0
    assert "Webinar One" in table.stdout
    assert "2026-09-15 16:00Z" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "exactly one of --event-id (with --account-id) or --object-id"),
        (["--event-id", "w-1", "--object-id", "1"], "exactly one of"),
        (["--event-id", "w-1"], "--event-id needs --account-id"),
        (["--object-id", "1", "--account-id", ACCOUNT], "--account-id goes with --event-id"),
        (["w-1", "--event-id", "w-2", "--account-id", ACCOUNT], "give the event id once"),
    ],
)
def test_naming_the_event_wrongly_is_exit_2(url: str, args: list[str], message: str) -> None:
    result = cli(url, "events", "get", *args)
    assert result.exit_code == 2
    assert message in words(result.stderr)


def test_events_search(server: tuple[FakeHubSpot, str], url: str) -> None:
    found = ok_json(url, "events", "search", "w-")
    assert sorted(e["externalEventId"] for e in found) == ["w-1", "w-2"]
    assert set(found[0]) >= {"objectId", "externalEventId", "externalAccountId", "appId"}
    table = cli(url, "events", "search", "other")
    assert table.exit_code == 0
    assert object_id(server, "other-3") in table.stdout
    assert str(server[0].app_id) in table.stdout  # ids print as they are, without separators
    assert "Events found: 1" in table.stderr


def test_events_cancel(url: str) -> None:
    cancelled = ok_json(url, "events", "cancel", "--event-id", "cancel-me", "--account-id", ACCOUNT)
    assert cancelled["eventCancelled"] is True
    table = cli(url, "events", "cancel", "--event-id", "cancel-me", "--account-id", ACCOUNT)
    assert table.exit_code == 0
    assert "eventCancelled" in table.stdout
    assert "yes" in table.stdout


def test_events_cancel_has_no_object_id_form(url: str) -> None:
    result = cli(url, "events", "cancel", "--object-id", "1")
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_events_complete(url: str) -> None:
    done = ok_json(
        url, "events", "complete", "--event-id", "complete-me", "--account-id", ACCOUNT,
        "--start", "2026-09-15T16:00:00+02:00", "--end", "2026-09-15T17:00:00+02:00",
    )  # fmt: skip
    assert done["eventCompleted"] is True
    assert done["startDateTime"].startswith("2026-09-15T14:00:00")


def test_events_complete_with_a_bad_date_is_exit_2(url: str) -> None:
    result = cli(
        url, "events", "complete", "--event-id", "complete-me", "--account-id", ACCOUNT,
        "--start", "tomorrow", "--end", "2026-09-15T17:00:00Z",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "start_date_time" in result.stderr


def test_an_api_error_is_exit_1_with_the_correlation_id(url: str) -> None:
    result = cli(url, "events", "cancel", "--event-id", "nope", "--account-id", ACCOUNT)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "not found" in result.stderr
    assert "OBJECT_NOT_FOUND" in result.stderr
    assert "correlationId=" in words(result.stderr)


def test_a_rejected_token_is_exit_2_and_not_printed(url: str) -> None:
    result = cli(url, "events", "search", "w", token="not-the-token")
    assert result.exit_code == 2
    assert "not-the-token" not in result.stdout + result.stderr


# -- lists -----------------------------------------------------------------------------------------


def test_lists_associate_show_and_disassociate(server: tuple[FakeHubSpot, str], url: str) -> None:
    by_event = ["--event-id", "listed", "--account-id", ACCOUNT]
    oid = object_id(server, "listed")
    assert ok_json(url, "lists", "associated", *by_event) == []
    assert ok_json(url, "lists", "associate", "7", *by_event) == {
        "listId": "7", "externalEventId": "listed", "externalAccountId": ACCOUNT, "associated": True,
    }  # fmt: skip
    shown = ok_json(url, "lists", "associated", "--object-id", oid)
    assert [(x["listId"], x["name"]) for x in shown] == [("7", "VIPs")]
    table = cli(url, "lists", "associated", *by_event)
    assert "VIPs" in table.stdout
    removed = cli(url, "lists", "disassociate", "7", "--object-id", oid)
    assert removed.exit_code == 0
    assert f"list 7 no longer associated with event {oid}" in words(removed.stdout)
    assert ok_json(url, "lists", "associated", *by_event) == []


def test_associating_an_unknown_list_is_exit_1(url: str) -> None:
    result = cli(url, "lists", "associate", "404", "--event-id", "w-2", "--account-id", ACCOUNT)
    assert result.exit_code == 1
    assert "correlationId=" in words(result.stderr)


# -- participations --------------------------------------------------------------------------------


def test_participations_contact(url: str) -> None:
    everything = ok_json(url, "participations", "contact", "ada@example.com")
    states = sorted(
        (p["associations"]["marketingEvent"]["externalEventId"], p["properties"]["attendanceState"])
        for p in everything
    )
    assert states == [("w-1", "ATTENDED"), ("w-2", "REGISTERED")]
    attended = ok_json(url, "participations", "contact", "ada@example.com", "--state", "attended")
    assert [p["properties"]["attendanceState"] for p in attended] == ["ATTENDED"]
    table = cli(url, "participations", "contact", "ada@example.com")
    assert table.exit_code == 0
    assert "ada@example.com" in table.stdout
    assert "Participations of ada@example.com: 2" in table.stderr


def test_participations_of_an_unknown_contact_is_exit_1(url: str) -> None:
    result = cli(url, "participations", "contact", "nobody@example.com")
    assert result.exit_code == 1
    assert "external-ID" not in result.stderr  # the hint is for events named by external id


def test_counters_and_breakdown_by_object_id(server: tuple[FakeHubSpot, str], url: str) -> None:
    oid = object_id(server, "w-1")
    counters = ok_json(url, "participations", "counters", "--object-id", oid)
    assert (counters["registered"], counters["attended"]) == (1, 1)
    breakdown = ok_json(url, "participations", "breakdown", "--object-id", oid)
    assert sorted(p["associations"]["contact"]["email"] for p in breakdown) == [
        "ada@example.com", "bob@example.com",
    ]  # fmt: skip


# -- app settings ----------------------------------------------------------------------------------


def test_settings_set_and_get_with_the_developer_key(
    server: tuple[FakeHubSpot, str], url: str
) -> None:
    app_id = str(server[0].app_id)
    details = "https://example.com/events/%s"
    set_ = cli(url, "settings", "set", details, "--app-id", app_id, "--developer-api-key", DEV_KEY,
               "--json", token=None)  # fmt: skip
    assert set_.exit_code == 0, set_.stderr
    assert json.loads(set_.stdout) == {"appId": int(app_id), "eventDetailsUrl": details}
    got = ok_json(url, "settings", "get", token=None,
                  HUBSPOT_APP_ID=app_id, HUBSPOT_DEVELOPER_API_KEY=DEV_KEY)  # fmt: skip
    assert got["eventDetailsUrl"] == details
    table = cli(url, "settings", "get", "--app-id", app_id, HUBSPOT_DEVELOPER_API_KEY=DEV_KEY)
    assert table.exit_code == 0
    assert details in table.stdout
    assert app_id in table.stdout
    for result in (set_, table):
        assert DEV_KEY not in result.stdout + result.stderr


def test_a_wrong_developer_key_is_refused_and_never_printed(
    server: tuple[FakeHubSpot, str], url: str
) -> None:
    wrong = "wrong-5ecret-key"
    result = cli(url, "settings", "get", "--app-id", str(server[0].app_id),
                 "--developer-api-key", wrong, token=None)  # fmt: skip
    assert result.exit_code == 2
    assert "401" in result.stderr
    assert wrong not in result.stdout + result.stderr
    help_text = cli(url, "settings", "set", "--help", HUBSPOT_DEVELOPER_API_KEY=wrong)
    assert wrong not in help_text.stdout


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["get"], {"HUBSPOT_DEVELOPER_API_KEY": DEV_KEY}, "pass --app-id (or set HUBSPOT_APP_ID)"),
        (["get", "--app-id", "1"], {"HUBSPOT_ACCESS_TOKEN": None}, "--developer-api-key"),
        (["set", "https://example.com/e", "--app-id", "1"], {"HUBSPOT_DEVELOPER_API_KEY": DEV_KEY},
         "must contain %s"),
        (["get", "--app-id", "0"], {}, "--app-id"),
    ],
)  # fmt: skip
def test_settings_usage_errors_are_exit_2(
    url: str, args: list[str], env: dict[str, str | None], message: str
) -> None:
    result = cli(url, "settings", *args, **env)
    assert result.exit_code == 2
    assert message in words(result.stderr)
    assert DEV_KEY not in result.stderr


def test_settings_of_an_app_without_any_is_exit_1(url: str) -> None:
    result = cli(url, "settings", "get", "--app-id", "31337", HUBSPOT_DEVELOPER_API_KEY=DEV_KEY)
    assert result.exit_code == 1
    assert "correlationId=" in words(result.stderr)


def test_sandbox_accepts_only_the_developer_key_it_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import hubspot_events.testing

    served: dict[str, Any] = {}
    monkeypatch.setattr(hubspot_events.testing, "serve", lambda *a, **kw: served.update(kw))

    result = runner.invoke(app, ["sandbox", "--port", "0", "--developer-api-key", "dev-k"])

    assert result.exit_code == 0, result.output
    assert served["developer_api_key"] == "dev-k"
