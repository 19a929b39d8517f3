"""Secrets stay secret: the access token, the OAuth client secret and refresh tokens appear in no
log record (at DEBUG, every logger), exception, ``repr``, CLI output or recording file; and the
CLI refuses to send a token over plain http to anything but loopback unless told to.

The client paths are run the way they fail in real life: retries of 5xx, dropped connections and
429s, an OAuth refresh ahead of time and one forced by a 401, a refresh that is refused, reads,
over the in-process transports and over a real loopback socket (where httpx and httpcore log too).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from _reliability import (
    ACCOUNT,
    CLIENT_ID,
    CLIENT_SECRET,
    EVENT,
    FLAVOURS,
    TOKEN,
    FakeTime,
    attendance_csv,
    cli,
    plain,
    run_client,
    scale_cli_sleeps,
    subscribers,
    tap,
)

from hubspot_events import (
    AsyncHubSpotEvents,
    AuthenticationError,
    HubSpotError,
    HubSpotEvents,
    OAuth,
    OAuthTokens,
)
from hubspot_events.testing import FakeHubSpot, Faults, running_server

REPO = Path(__file__).resolve().parents[1]
RECORDINGS = REPO / "contract_tests" / "recordings"


class Secrets:
    """Every secret a run handled, and every place one could have leaked to."""

    def __init__(self, *known: str) -> None:
        self.known: set[str] = set(known)
        self.texts: list[tuple[str, str]] = []
        self.latest: OAuthTokens | None = None

    def add_tokens(self, tokens: OAuthTokens) -> None:
        """``OAuth(on_refresh=...)``: remember every token issued, and the current ones."""
        self.known |= {tokens.access_token, tokens.refresh_token}
        self.latest = tokens

    @property
    def current(self) -> OAuthTokens:
        assert self.latest is not None
        return self.latest

    def seen(self, where: str, text: object) -> None:
        self.texts.append((where, str(text)))

    def seen_error(self, where: str, error: BaseException) -> None:
        """The error, its repr, its traceback and every error chained to it."""
        chained: BaseException | None = error
        while chained is not None:
            self.seen(where, str(chained))
            self.seen(where, repr(chained))
            self.seen(where, "".join(traceback.format_exception(chained)))
            for name in ("message", "raw_text", "body", "url", "headers", "partial_result"):
                if hasattr(chained, name):
                    self.seen(f"{where}.{name}", getattr(chained, name))
            chained = chained.__cause__ or chained.__context__

    def seen_logs(self, records: list[logging.LogRecord]) -> None:
        formatter = logging.Formatter()
        for record in records:
            self.seen(f"log {record.name}", formatter.format(record))
            self.seen(f"log {record.name} args", record.args)

    def assert_none_leaked(self) -> None:
        secrets = {s for s in self.known if s}
        assert len(secrets) >= 2
        leaks = [
            (where, secret[:6] + "...")
            for where, text in self.texts
            for secret in secrets
            if secret in text
        ]
        assert not leaks, leaks
        assert self.texts  # something was looked at


def _oauth(fake: FakeHubSpot, secrets: Secrets, **kw: Any) -> OAuth:
    refresh_token = fake.register_oauth_client(CLIENT_ID, CLIENT_SECRET)
    secrets.known.add(refresh_token)
    return OAuth(
        CLIENT_ID,
        CLIENT_SECRET,
        refresh_token,
        token_url="/oauth/v1/token",
        on_refresh=secrets.add_tokens,
        **kw,
    )


def _reads(client: Any) -> Any:
    """get, counters, list and breakdown, sync or async."""
    if isinstance(client, HubSpotEvents):
        return [
            client.events.get(EVENT, ACCOUNT),
            client.participations.counters(EVENT, ACCOUNT),
            list(client.events.list()),
            list(client.participations.breakdown(EVENT, ACCOUNT)),
        ]

    async def reads() -> Any:
        return [
            await client.events.get(EVENT, ACCOUNT),
            await client.participations.counters(EVENT, ACCOUNT),
            [e async for e in client.events.list()],
            [p async for p in client.participations.breakdown(EVENT, ACCOUNT)],
        ]

    return reads()


@FLAVOURS
def test_no_secret_in_logs_errors_or_reprs_through_retries_refreshes_and_failures(
    flavour: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    time = FakeTime()
    fake = FakeHubSpot(rate_limit="50/1s", clock=time.clock, oauth_ttl_s=1800, seed=2)
    fake.add_event(ACCOUNT, EVENT)
    secrets = Secrets(TOKEN, CLIENT_SECRET)
    auth = _oauth(fake, secrets, clock=lambda: 1_700_000_000.0 + time.clock())
    # After the first refresh: a 503, a dropped connection, a 429, a proxy page, a lost commit.
    fake.faults = Faults(sequence=["ok", 503, "drop", 429, "html", "commit:503"], fail_rate=0.1)
    taps = tap(fake)

    def make() -> HubSpotEvents | AsyncHubSpotEvents:
        options: dict[str, Any] = {"rate_limit": "auto", "clock": time.clock, "max_retries": 2}
        if flavour == "sync":
            http = httpx.Client(transport=fake.sync_transport(), base_url=fake.base_url)
            return HubSpotEvents(auth=auth, http_client=http, sleep=time.sleep, **options)
        ahttp = httpx.AsyncClient(transport=fake.async_transport(), base_url=fake.base_url)
        return AsyncHubSpotEvents(auth=auth, http_client=ahttp, sleep=time.async_sleep, **options)

    def job(client: Any) -> Any:
        secrets.seen("client repr", repr(client))
        return client.attendance.record_by_email(
            "attend", subscribers(2_000), external_event_id=EVENT, external_account_id=ACCOUNT
        )

    result = run_client(flavour, make, job)
    secrets.seen("result", repr(result))
    secrets.seen("failures", result.failed)
    assert result.total == 2_000

    # A refresh ahead of expiry, then one forced by a 401 (the fake expired the token early).
    time.clock.advance(1_790)
    run_client(flavour, make, _reads)
    fake.expire_token(secrets.current.access_token)
    run_client(flavour, make, _reads)
    assert len({t for t in secrets.known if t.startswith("fake-at-")}) >= 3

    # The refresh token is revoked: the next refresh is refused, the job stops.
    fake.revoke_token(secrets.current.refresh_token)
    fake.expire_token(secrets.current.access_token)
    with pytest.raises(AuthenticationError) as refused:
        run_client(flavour, make, job)
    secrets.seen_error("refused refresh", refused.value)

    # A static token the fake does not accept.
    fake.faults = Faults()
    strict = FakeHubSpot(token="some-other-token")
    with pytest.raises(AuthenticationError) as rejected:
        run_client(
            flavour,
            lambda: (strict.client if flavour == "sync" else strict.async_client)(
                access_token=TOKEN, rate_limit=None
            ),
            lambda c: c.events.get(EVENT, ACCOUNT),
        )
    secrets.seen_error("rejected token", rejected.value)

    for value in (auth, secrets.current, HubSpotEvents(TOKEN), AsyncHubSpotEvents(TOKEN)):
        secrets.seen("repr", repr(value))
        secrets.seen("str", str(value))
    secrets.seen_logs(caplog.records)
    assert any(r.name == "hubspot_events" for r in caplog.records)
    assert taps.count > 20
    secrets.assert_none_leaked()


def test_no_secret_in_httpx_and_httpcore_logs_over_a_real_socket(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeHubSpot(rate_limit="100/1s", oauth_ttl_s=1800)
    fake.add_event(ACCOUNT, EVENT)
    fake.faults = Faults(sequence=["ok", "drop", 503, "html", 429])
    secrets = Secrets(TOKEN, CLIENT_SECRET)
    auth = _oauth(fake, secrets)

    with running_server(fake) as base_url:
        with HubSpotEvents(auth=auth, base_url=base_url, sleep=lambda s: None) as client:
            result = client.attendance.record_by_email(
                "attend", subscribers(500), external_event_id=EVENT, external_account_id=ACCOUNT
            )
            fake.expire_token(secrets.current.access_token)
            _reads(client)
        with HubSpotEvents(TOKEN, base_url=base_url, sleep=lambda s: None) as client:
            _reads(client)
        fake.revoke_token(secrets.current.refresh_token)
        fake.expire_token(secrets.current.access_token)
        with (
            HubSpotEvents(auth=auth, base_url=base_url) as client,
            pytest.raises(AuthenticationError) as refused,
        ):
            client.events.get(EVENT, ACCOUNT)

    assert result.ok
    assert {r.name.split(".")[0] for r in caplog.records} >= {"hubspot_events", "httpx", "httpcore"}
    secrets.seen_error("refused", refused.value)
    secrets.seen_logs(caplog.records)
    secrets.assert_none_leaked()


def test_a_refused_refresh_that_echoes_the_secrets_is_redacted() -> None:
    """A token endpoint (or a proxy in front of it) may echo the form it got in its error."""

    def token_endpoint(request: httpx.Request) -> httpx.Response:
        form = request.content.decode()
        return httpx.Response(
            400,
            json={
                "status": "BAD_REFRESH_TOKEN",
                "message": f"refused: {form}",
                "correlationId": "corr-1",
                "category": "VALIDATION_ERROR",
            },
        )

    refresh_token = "refresh-5ecre7-token"
    auth = OAuth(CLIENT_ID, CLIENT_SECRET, refresh_token)
    http = httpx.Client(transport=httpx.MockTransport(token_endpoint))
    secrets = Secrets(CLIENT_SECRET, refresh_token)

    with (
        HubSpotEvents(auth=auth, http_client=http) as client,
        pytest.raises(HubSpotError) as caught,
    ):
        client.events.get(EVENT, ACCOUNT)

    assert isinstance(caught.value, AuthenticationError)
    assert "refused: grant_type=refresh_token" in str(caught.value)
    secrets.seen_error("refused", caught.value)
    secrets.assert_none_leaked()


def test_a_token_that_cannot_go_in_a_header_is_refused_without_echoing_it() -> None:
    """A token with a line break (two tokens pasted, a CRLF file) must not be echoed back.

    Bug: ``TokenAuth`` accepts it; h11 then refuses the header with ``LocalProtocolError("Illegal
    header value b'Bearer <the token>'")``, which becomes every row's failure message (and so
    the CLI's output and its failed-rows file).
    """
    token = "pat-na1-first\npat-na1-5ecre7-second"
    fake = FakeHubSpot(rate_limit=None)
    fake.add_event(ACCOUNT, EVENT)
    secrets = Secrets("pat-na1-5ecre7-second", "pat-na1-first")

    with running_server(fake) as base_url:
        try:
            with HubSpotEvents(token, base_url=base_url, max_retries=0) as client:
                result = client.attendance.record_by_email(
                    "attend",
                    ["a@example.com"],
                    external_event_id=EVENT,
                    external_account_id=ACCOUNT,
                )
                secrets.seen("result", repr(result))
                secrets.seen("failures", [f.message for f in result.failed])
        except (ValueError, HubSpotError) as error:
            secrets.seen_error("refused", error)

    secrets.assert_none_leaked()


# --- the CLI ---------------------------------------------------------------------------------


def test_no_secret_in_the_output_of_a_cli_run_that_fails_every_way(tmp_path: Path) -> None:
    """A real ``hubspot-events`` process, with ``--token``, against a fake that misbehaves and
    then expires the token: stdout, stderr and the failed-rows file never show it."""
    fake = FakeHubSpot(
        rate_limit="1000/1s", seed=1, faults=Faults(fail_rate=0.3, drop_rate=0.1, html_rate=0.5)
    )
    fake.add_event(ACCOUNT, EVENT)

    def expire(number: int, path: str) -> None:
        if number == 15:
            fake.expire_token(TOKEN)

    tap(fake, on_request=expire)
    source = attendance_csv(tmp_path / "rows.csv", 3_000)
    failed_out = tmp_path / "failed.csv"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("HUBSPOT_ACCESS_TOKEN", None)

    with running_server(fake) as base_url:
        run = subprocess.run(
            [sys.executable, "-m", "hubspot_events.cli", "--token", TOKEN,
             "attendance", "record", str(source), "--state", "attend", "--event-id", EVENT,
             "--account-id", ACCOUNT, "--base-url", base_url, "--max-retries", "0",
             "--failed-out", str(failed_out), "--json"],
            capture_output=True, text=True, env=env, timeout=60, check=False,
        )  # fmt: skip

    assert run.returncode == 2, run.stderr[-2000:]
    assert "EXPIRED_AUTHENTICATION" in run.stderr
    secrets = Secrets(TOKEN, "5ecre7")
    secrets.seen("stdout", run.stdout)
    secrets.seen("stderr", run.stderr)
    secrets.seen("failed rows", failed_out.read_text())
    secrets.assert_none_leaked()


def test_no_secret_in_cli_output_for_a_token_that_cannot_go_in_a_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same bug as ``test_a_token_that_cannot_go_in_a_header_is_refused_without_echoing_it``,
    seen from the CLI: the token is printed on stderr and written to the failed-rows file."""
    scale_cli_sleeps(monkeypatch)
    fake = FakeHubSpot(rate_limit=None)
    fake.add_event(ACCOUNT, EVENT)
    source = attendance_csv(tmp_path / "rows.csv", 3)
    failed_out = tmp_path / "failed.csv"
    token = "pat-na1-first\r\npat-na1-5ecre7-second"

    with running_server(fake) as base_url:
        run = cli(
            "attendance", "record", str(source), "--state", "attend", "--event-id", EVENT,
            "--account-id", ACCOUNT, "--base-url", base_url, "--token", token,
            "--failed-out", str(failed_out),
        )  # fmt: skip

    assert run.exit_code in (1, 2)
    output = run.stdout + run.stderr + (failed_out.read_text() if failed_out.exists() else "")
    assert "5ecre7" not in output


def test_the_cli_settings_repr_hides_the_token() -> None:
    """Bug: ``cli._settings.Settings`` is a dataclass whose generated ``repr`` shows ``token``;
    any log line, debugger or traceback-with-locals that prints it leaks the token."""
    from hubspot_events.cli._settings import Settings

    settings = Settings(
        token=TOKEN, base_url="https://api.hubapi.com", batch_size=100, rate_limit="auto",
        max_retries=3, concurrency=4, timeout=30.0,
    )  # fmt: skip

    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings)


REFUSED_URLS = [
    pytest.param("http://api.example.com", "api.example.com", id="plain-http-host"),
    pytest.param("http://127.0.0.1.example.com", "127.0.0.1.example.com", id="loopback-lookalike"),
    pytest.param(
        "http://localhost.example.com:8080", "localhost.example.com", id="localhost-prefix"
    ),
    pytest.param("http://10.0.0.5:8080", "10.0.0.5", id="private-ip"),
    pytest.param("http://user:pw@api.hubapi.com", "api.hubapi.com", id="hubspot-over-http"),
]


@pytest.mark.parametrize(("url", "host"), REFUSED_URLS)
@pytest.mark.parametrize("how", ["option", "environment"])
def test_the_cli_refuses_plain_http_to_a_host_that_is_not_loopback(
    tmp_path: Path, url: str, host: str, how: str
) -> None:
    source = attendance_csv(tmp_path / "rows.csv", 2)
    args = ["attendance", "record", str(source), "--state", "attend", "--event-id", EVENT,
            "--account-id", ACCOUNT, "--token", TOKEN]  # fmt: skip
    env = {"HUBSPOT_BASE_URL": url} if how == "environment" else {}

    run = cli(*args, *(["--base-url", url] if how == "option" else []), env=env)

    assert run.exit_code == 2, run
    message = plain(run.stderr)
    assert f"refusing plain http to {host}: the access token would travel unencrypted" in message
    assert TOKEN not in run.stdout + run.stderr


@pytest.mark.parametrize(
    ("url", "extra"),
    [
        pytest.param("http://127.0.0.1:9", (), id="ipv4-loopback"),
        pytest.param("http://[::1]:9", (), id="ipv6-loopback"),
        pytest.param("http://localhost:9", (), id="localhost"),
        pytest.param("https://api.example.com", (), id="https-anywhere"),
        pytest.param("http://api.example.com", ("--allow-insecure-http",), id="explicitly-allowed"),
    ],
)
def test_the_cli_accepts_loopback_https_or_an_explicit_allowance(
    tmp_path: Path, url: str, extra: tuple[str, ...]
) -> None:
    source = attendance_csv(tmp_path / "rows.csv", 2)

    run = cli(
        "attendance", "record", str(source), "--state", "attend", "--event-id", EVENT,
        "--account-id", ACCOUNT, "--base-url", url, *extra, "--dry-run", "--json",
    )  # fmt: skip

    assert run.exit_code == 0, run
    assert run.summary["succeeded"] == 2


# --- recordings ------------------------------------------------------------------------------

_REDACTED = re.compile(r"^(\*+|<?\[?redacted\]?>?|x+)$", re.IGNORECASE)
_BEARER = re.compile(r"bearer\s+([^\s\"'\\,]+)", re.IGNORECASE)
_SECRET_FIELD = re.compile(
    r"(access_token|refresh_token|client_secret|hapikey)[\"']?\s*[:=]\s*[\"']?([^\"'&\s,}]*)",
    re.IGNORECASE,
)
_PRIVATE_APP_TOKEN = re.compile(r"pat-(na|eu|ap)\d-[0-9a-f]{8}-", re.IGNORECASE)


def _recordings() -> Iterator[Path]:
    if RECORDINGS.is_dir():
        yield from (p for p in sorted(RECORDINGS.rglob("*")) if p.is_file())


def test_no_recording_holds_a_credential() -> None:
    """Every bearer token and OAuth secret in ``contract_tests/recordings/`` is redacted.

    (Passes trivially while there are no recordings; it guards ``make record``.)
    """
    known = [TOKEN, CLIENT_SECRET, os.environ.get("HUBSPOT_ACCESS_TOKEN") or TOKEN]
    problems: list[str] = []
    for path in _recordings():
        text = path.read_text(encoding="utf-8", errors="replace")
        name = str(path.relative_to(REPO))
        problems += [f"{name}: a known secret" for secret in known if secret in text]
        problems += [
            f"{name}: bearer {value[:4]}..."
            for value in _BEARER.findall(text)
            if not _REDACTED.match(value)
        ]
        problems += [
            f"{name}: {field}={value[:4]}..."
            for field, value in _SECRET_FIELD.findall(text)
            if value and not _REDACTED.match(value)
        ]
        problems += [f"{name}: a private app token" for _ in _PRIVATE_APP_TOKEN.findall(text)]
    assert not problems, problems


# --- echoes in other spellings: JSON escapes, URL encoding, headers ---------------------------

SLASHY_SECRET = "cs-5ecre7/with+slashes=="
SLASHY_REFRESH = "rt-5ecre7/refresh+token/=="
SLASHY_TOKEN = "pat-na1-5ecre7/bearer+token=="


def _spellings(secret: str) -> list[str]:
    """How an echoing server may spell a secret: JSON with escaped slashes (PHP), with
    ``\\u002f`` escapes, URL-encoded (a form echo), and plain."""
    from urllib.parse import quote, quote_plus

    return [
        secret.replace("/", "\\/"),
        secret.replace("/", "\\u002f").replace("+", "\\u002b"),
        quote(secret, safe=""),
        quote_plus(secret),
        secret,
    ]


def _echo_everywhere(secret: str, spelling: str) -> bytes:
    """A JSON error body (written by hand, so the escapes survive) echoing ``spelling``
    in its message, context, errors and an extra field."""
    return (
        '{"status": "error", "category": "INVALID_AUTHENTICATION", '
        f'"message": "refused: {spelling}", "correlationId": "corr-{spelling}", '
        f'"context": {{"token": ["{spelling}"]}}, '
        f'"errors": [{{"message": "bad {spelling}", "in": "{spelling}"}}], '
        f'"echo": {{"{spelling}": "{spelling}"}}}}'
    ).encode()


def _all_fields(secrets: Secrets, where: str, error: BaseException) -> None:
    secrets.seen_error(where, error)
    for name in ("context", "errors", "correlation_id", "category"):
        secrets.seen(f"{where}.{name}", getattr(error, name, ""))


@pytest.mark.parametrize("spelling", range(5), ids=["\\/", "\\u002f", "quote", "quote_plus", "raw"])
def test_a_token_endpoint_echoing_the_secrets_in_any_spelling_never_shows_them(
    spelling: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    def token_endpoint(request: httpx.Request) -> httpx.Response:
        both = f"{_spellings(SLASHY_SECRET)[spelling]} {_spellings(SLASHY_REFRESH)[spelling]}"
        return httpx.Response(
            400,
            content=_echo_everywhere(SLASHY_REFRESH, both),
            headers={"X-HubSpot-Correlation-Id": _spellings(SLASHY_REFRESH)[spelling]},
        )

    auth = OAuth(CLIENT_ID, SLASHY_SECRET, SLASHY_REFRESH)
    http = httpx.Client(transport=httpx.MockTransport(token_endpoint))
    secrets = Secrets(SLASHY_SECRET, SLASHY_REFRESH)

    with (
        HubSpotEvents(auth=auth, http_client=http, rate_limit=None) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.events.get(EVENT, ACCOUNT)

    assert "refused: ***" in str(caught.value), "the message is kept, the secrets masked"
    _all_fields(secrets, "refused", caught.value)
    secrets.seen_logs(caplog.records)
    secrets.assert_none_leaked()


@FLAVOURS
@pytest.mark.parametrize("spelling", range(5), ids=["\\/", "\\u002f", "quote", "quote_plus", "raw"])
def test_an_api_401_echoing_the_bearer_token_in_any_spelling_never_shows_it(
    flavour: str, spelling: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    echoed = _spellings(SLASHY_TOKEN)[spelling]

    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401,
            content=_echo_everywhere(SLASHY_TOKEN, echoed),
            headers={"X-HubSpot-Correlation-Id": echoed, "Retry-After": echoed},
        )

    def make() -> HubSpotEvents | AsyncHubSpotEvents:
        transport = httpx.MockTransport(server)
        if flavour == "sync":
            return HubSpotEvents(
                SLASHY_TOKEN, http_client=httpx.Client(transport=transport), rate_limit=None
            )
        return AsyncHubSpotEvents(
            SLASHY_TOKEN, http_client=httpx.AsyncClient(transport=transport), rate_limit=None
        )

    secrets = Secrets(SLASHY_TOKEN, "5ecre7/bearer")
    with pytest.raises(AuthenticationError) as caught:
        run_client(flavour, make, lambda c: c.events.get(EVENT, ACCOUNT))

    assert caught.value.status_code == 401
    _all_fields(secrets, "401", caught.value)
    secrets.seen_logs(caplog.records)
    secrets.assert_none_leaked()


def test_an_html_error_page_echoing_the_token_entity_encoded_never_shows_it() -> None:
    page = (
        f"<html><body><h1>401</h1><p>token {SLASHY_TOKEN.replace('/', '&#47;')}</p></body></html>"
    )
    http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(401, text=page)))
    secrets = Secrets(SLASHY_TOKEN, "5ecre7/bearer")

    with (
        HubSpotEvents(SLASHY_TOKEN, http_client=http, rate_limit=None) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.events.get(EVENT, ACCOUNT)

    _all_fields(secrets, "html 401", caught.value)
    secrets.assert_none_leaked()


def test_credentials_in_a_base_url_appear_in_no_log_error_or_url(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Whether or not the client accepts such a base URL, whatever it sends with one never shows
    the password: not in httpx's or our log lines, nor in any error (even one echoing it)."""
    caplog.set_level(logging.DEBUG)
    password = "pa55-5ecre7/word"
    base_url = f"https://someone:{password.replace('/', '%2F')}@api.hubapi.com"
    answers = iter(
        [
            httpx.Response(503, text=f"upstream refused someone:{password}"),
            httpx.Response(404, json={"message": f"no such event for {password}"}),
        ]
    )
    http = httpx.Client(transport=httpx.MockTransport(lambda request: next(answers)))
    secrets = Secrets(password, "5ecre7/word", "5ecre7%2Fword")
    try:
        client = HubSpotEvents(
            TOKEN, base_url=base_url, http_client=http, rate_limit=None, sleep=lambda s: None
        )
    except ValueError as refused:  # the client may refuse credentials in a base URL outright
        secrets.seen_error("refused", refused)
        secrets.assert_none_leaked()
        return
    secrets.seen("repr", repr(client))
    with pytest.raises(HubSpotError) as caught:
        client.events.get(EVENT, ACCOUNT)

    _all_fields(secrets, "404", caught.value)
    assert any(r.name == "httpx" for r in caplog.records), "httpx logged the requests"
    secrets.seen_logs(caplog.records)
    secrets.assert_none_leaked()
