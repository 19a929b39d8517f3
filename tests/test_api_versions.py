"""``api_version``: HubSpot's legacy v3 and its date versions 2026-03 and 2026-09, one client.

The option (argument, ``HUBSPOT_API_VERSION``, ``--api-version``), its refusals, the paths each
version sends to (checked against the committed digests of HubSpot's own specs, not against the
library's mapping), and a few core operations end to end through the fake HubSpot on each version,
sync and async. Every operation on every version against a scripted server is in
``test_client_operations.py``.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from pathlib import Path
from typing import Any

import pytest
from test_client_support import TOKEN, both, make_rig, reply
from typer.testing import CliRunner

from hubspot_events import AsyncHubSpotEvents, HubSpotEvents, PaginationError
from hubspot_events._versions import API_VERSIONS, curated_path, version_path
from hubspot_events.cli._commands import app
from hubspot_events.cli._settings import resolve
from hubspot_events.testing import FakeHubSpot, running_server

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATHS = sorted(
    json.loads((ROOT / "generated" / "hubspot_events_generated" / "openapi.json").read_text())[
        "paths"
    ]
)
#: Written out from HubSpot's published specs: where each version serves its operations.
PREFIXES = {
    "v3": "/marketing/v3/marketing-events",
    "2026-03": "/marketing/marketing-events/2026-03",
    "2026-09": "/marketing/marketing-events/2026-09",
}
LIST_PATHS = {
    "v3": "/marketing/marketing-events/v3",
    "2026-03": "/marketing/marketing-events/2026-03",
    "2026-09": "/marketing/marketing-events/2026-09",
}
CLIENTS = [HubSpotEvents, AsyncHubSpotEvents]


@pytest.fixture(autouse=True)
def _no_version_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HUBSPOT_API_VERSION", raising=False)


# --- the option -------------------------------------------------------------------------------


@pytest.mark.parametrize("client_class", CLIENTS)
def test_the_default_is_v3_and_the_repr_says_so(client_class: type[Any]) -> None:
    client = client_class(access_token=TOKEN)

    assert client._core.api_version == "v3"
    assert ", api_version='v3' (default)," in repr(client)


@pytest.mark.parametrize("client_class", CLIENTS)
def test_the_environment_chooses_the_version_when_the_argument_does_not(
    client_class: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBSPOT_API_VERSION", "2026-09")

    from_env = client_class(access_token=TOKEN)
    given = client_class(access_token=TOKEN, api_version="2026-03")

    assert "api_version='2026-09' (from $HUBSPOT_API_VERSION)" in repr(from_env)
    assert ", api_version='2026-03'," in repr(given), "the argument wins over the env"


@pytest.mark.parametrize("client_class", CLIENTS)
def test_an_empty_environment_variable_counts_as_unset(
    client_class: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBSPOT_API_VERSION", "")

    assert client_class(access_token=TOKEN)._core.api_version == "v3"


@pytest.mark.parametrize("client_class", CLIENTS)
@pytest.mark.parametrize("value", ["v4", "2026-06", "", "V3", "latest", 3])
def test_an_unknown_version_is_refused_naming_the_option_and_the_choices(
    client_class: type[Any], value: Any
) -> None:
    with pytest.raises(ValueError, match=r"^api_version must be one of 'v3', '2026-03', '2026-09'"):
        client_class(access_token=TOKEN, api_version=value)


@pytest.mark.parametrize("client_class", CLIENTS)
def test_an_unknown_version_in_the_environment_is_refused_naming_the_variable(
    client_class: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBSPOT_API_VERSION", "2025-01")

    with pytest.raises(ValueError, match=r"^HUBSPOT_API_VERSION must be one of .*'2025-01'"):
        client_class(access_token=TOKEN)


@pytest.mark.parametrize("client_class", CLIENTS)
def test_api_version_is_keyword_only(client_class: type[Any]) -> None:
    parameter = inspect.signature(client_class).parameters["api_version"]

    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is None  # None: the environment, else v3


# --- the paths --------------------------------------------------------------------------------


@pytest.mark.parametrize("version", API_VERSIONS)
def test_each_version_sends_to_exactly_the_paths_hubspots_spec_of_it_publishes(
    version: str,
) -> None:
    name = "upstream-digest.json" if version == "v3" else f"upstream-digest-{version}.json"
    published = set(json.loads((ROOT / "spec" / name).read_text())["paths"])

    sent = {version_path(path, version) for path in SPEC_PATHS}

    assert sent == published


@pytest.mark.parametrize("version", API_VERSIONS)
def test_a_versions_path_leads_back_to_the_curated_one(version: str) -> None:
    for path in SPEC_PATHS:
        assert curated_path(version_path(path, version)) == (version, path)


@pytest.mark.parametrize(
    "path", ["/oauth/v1/token", "/marketing/v3/marketing-eventsX", "/crm/v3/objects/contacts"]
)
def test_paths_outside_marketing_events_are_never_moved(path: str) -> None:
    assert {version_path(path, v) for v in API_VERSIONS} == {path}
    assert curated_path(path) is None


@both
def test_a_paged_reads_error_names_the_path_the_version_sent_to(flavour: str) -> None:
    when = "2025-10-09T08:53:20Z"
    item = {"objectId": "1", "eventName": "L", "eventOrganizer": "A", "customProperties": []}
    item |= {"createdAt": when, "updatedAt": when}
    looping = {"results": [item], "paging": {"next": {"after": "same"}}}
    rig = make_rig(flavour, then=reply(200, looping), api_version="2026-09")

    with pytest.raises(PaginationError, match=r"^GET /marketing/marketing-events/2026-09: "):
        rig.collect(rig.client.events.list())


# --- end to end through the fake HubSpot ------------------------------------------------------


def _core_operations(client: HubSpotEvents) -> dict[str, Any]:
    """Create, read, list, record attendance, count, update in bulk (one input failing), delete."""
    created = client.events.upsert(
        [{"externalEventId": "e-1", "eventName": "Launch", "eventOrganizer": "Acme"}]
    )
    object_id = created.results[0].object_id
    recorded = client.attendance.record_by_email(
        "attend", ["ada@example.com", {"email": "bo@example.com"}], external_event_id="e-1"
    )
    updated = client.events.update_many(
        [{"objectId": object_id, "eventName": "Renamed"}, {"objectId": "999999", "eventName": "x"}]
    )
    seen = {
        "created": created.ok,
        "read": client.events.get("e-1").event_name,
        "listed": [e.object_id for e in client.events.list()],
        "recorded": sorted(s.result["email"] for s in recorded.succeeded),
        "attended": client.participations.counters("e-1").attended,
        "updated": ([s.index for s in updated.succeeded], [f.index for f in updated.failed]),
    }
    client.events.delete("e-1")
    seen["left"] = list(client.events.list())
    return seen | {"object_id": object_id}


def _expected(object_id: str) -> dict[str, Any]:
    return {
        "created": True,
        "read": "Renamed",
        "listed": [object_id],
        "recorded": ["ada@example.com", "bo@example.com"],
        "attended": 2,
        "updated": ([0], [1]),
        "left": [],
        "object_id": object_id,
    }


def _prefixes_used(fake: FakeHubSpot) -> set[str]:
    return {
        next(v for v, p in PREFIXES.items() if path.startswith(p + "/") or path == LIST_PATHS[v])
        for _, path, _ in fake.requests
    }


@pytest.mark.parametrize("version", API_VERSIONS)
def test_core_operations_work_through_the_fake_on_each_version_sync(version: str) -> None:
    fake = FakeHubSpot(rate_limit=None)
    with fake.client(external_account_id="acct", api_version=version) as client:
        seen = _core_operations(client)

    assert seen == _expected(seen["object_id"])
    assert _prefixes_used(fake) == {version}, "every request went to the version's paths"


@pytest.mark.parametrize("version", API_VERSIONS)
def test_core_operations_work_through_the_fake_on_each_version_async(version: str) -> None:
    fake = FakeHubSpot(rate_limit=None)

    async def run() -> dict[str, Any]:
        async with fake.async_client(external_account_id="acct", api_version=version) as client:
            created = await client.events.upsert(
                [{"externalEventId": "e-1", "eventName": "Launch", "eventOrganizer": "Acme"}]
            )
            object_id = created.results[0].object_id
            await client.attendance.record_by_email(
                "register", ["ada@example.com"], external_event_id="e-1"
            )
            updated = await client.events.update_many(
                [{"objectId": object_id, "eventName": "Renamed"}, {"objectId": "999999"}]
            )
            return {
                "read": (await client.events.get(object_id=object_id)).event_name,
                "listed": [e.object_id async for e in client.events.list()],
                "registered": (await client.participations.counters("e-1")).registered,
                "updated": (
                    [s.index for s in updated.succeeded],
                    [f.index for f in updated.failed],
                ),
                "object_id": object_id,
            }

    seen = asyncio.run(run())

    assert seen == {
        "read": "Renamed",
        "listed": [seen["object_id"]],
        "registered": 1,
        "updated": ([0], [1]),
        "object_id": seen["object_id"],
    }
    assert _prefixes_used(fake) == {version}


def test_one_fake_serves_every_version_from_one_state() -> None:
    """An event created through v3 is read through each date version: the versions are paths to
    the same data, as they are at HubSpot."""
    fake = FakeHubSpot(rate_limit=None)
    with fake.client(external_account_id="acct") as v3:
        v3.events.create({"externalEventId": "e-1", "eventName": "Launch", "eventOrganizer": "A"})

    for version in API_VERSIONS[1:]:
        with fake.client(external_account_id="acct", api_version=version) as client:
            assert client.events.get("e-1").event_name == "Launch"


# --- the CLI ----------------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture(scope="module")
def sandbox() -> Any:
    fake = FakeHubSpot(rate_limit=None, token="cli-token")
    fake.add_event("acct", "w-1", event_name="Webinar One")
    with running_server(fake) as url:
        yield fake, url


def _cli(url: str, *args: str, **env: str | None) -> Any:
    environment = {
        "HUBSPOT_ACCESS_TOKEN": "cli-token", "HUBSPOT_BASE_URL": url, "HUBSPOT_APP_ID": None,
        "HUBSPOT_DEVELOPER_API_KEY": None, "HUBSPOT_API_VERSION": None, "COLUMNS": "160", **env,
    }  # fmt: skip
    result = runner.invoke(app, list(args), env=environment, catch_exceptions=False)
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.mark.parametrize(
    ("args", "env", "version"),
    [
        (["events", "list", "--json"], {}, "v3"),
        (["events", "list", "--json", "--api-version", "2026-09"], {}, "2026-09"),
        (["--api-version", "2026-03", "events", "list", "--json"], {}, "2026-03"),
        (["events", "list", "--json"], {"HUBSPOT_API_VERSION": "2026-09"}, "2026-09"),
        (
            ["events", "list", "--json", "--api-version", "v3"],
            {"HUBSPOT_API_VERSION": "2026-09"},
            "v3",
        ),
    ],
    ids=["default", "option", "global option", "environment", "option over environment"],
)
def test_the_cli_talks_to_the_version_it_is_given(
    sandbox: Any, args: list[str], env: dict[str, str], version: str
) -> None:
    fake, url = sandbox
    before = len(fake.requests)

    result = _cli(url, *args, **env)

    assert result.exit_code == 0, result.stderr
    assert [e["externalEventId"] for e in json.loads(result.stdout)] == ["w-1"]
    assert [path for _, path, _ in fake.requests[before:]] == [LIST_PATHS[version]]


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (["events", "list", "--api-version", "v4"], {}, "--api-version"),
        (["events", "list"], {"HUBSPOT_API_VERSION": "2026"}, "HUBSPOT_API_VERSION"),
    ],
    ids=["option", "environment"],
)
def test_the_cli_refuses_an_unknown_version_as_a_usage_error(
    sandbox: Any, args: list[str], env: dict[str, str], named: str
) -> None:
    fake, url = sandbox
    before = len(fake.requests)

    result = _cli(url, *args, **env)

    assert result.exit_code == 2
    assert named in result.stderr
    assert "'v3', '2026-03', '2026-09'" in " ".join(result.stderr.split())
    assert fake.requests[before:] == [], "nothing is sent"


def test_the_cli_settings_hand_the_version_to_both_clients(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", TOKEN)

    settings = resolve({"api_version": "2026-09"})

    assert settings.api_version == "2026-09"
    assert settings.client()._core.api_version == "2026-09"
    assert settings.async_client()._core.api_version == "2026-09"


def test_every_command_that_talks_to_hubspot_offers_api_version() -> None:
    """Every command taking ``--base-url`` (the connection options) takes ``--api-version``."""
    import click
    import typer

    def commands(group: click.Command, path: str = "") -> dict[str, click.Command]:
        found = {path: group}
        for name, sub in getattr(group, "commands", {}).items():
            found |= commands(sub, f"{path} {name}".strip())
        return found

    options = {
        path: {opt for param in command.params for opt in getattr(param, "opts", [])}
        for path, command in commands(typer.main.get_command(app)).items()
    }
    connected = {path for path, opts in options.items() if "--base-url" in opts}

    assert {"events upsert", "events list", "attendance record", "settings get"} <= connected
    assert {path for path in connected if "--api-version" not in options[path]} == set()
