"""The httpx clients the client builds for itself keep no cookies (``_http``).

HubSpot's API authenticates by token; a cookie a server sets (a CDN's bot-management cookie,
say) is neither kept nor sent back, and reading it costs nothing. A client given
``http_client=`` keeps that client's own cookie behaviour.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from hubspot_events import AsyncHubSpotEvents, HubSpotEvents
from hubspot_events._http import AsyncCookielessClient, CookielessClient

URL = "https://api.hubapi.com/marketing/v3/marketing-events/events/search?q=x"


def cookie_setting_server(seen: list[httpx.Request]) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={}, headers={"Set-Cookie": "__cf_bm=abc; Path=/"})

    return httpx.MockTransport(answer)


def test_sync_client_neither_keeps_nor_sends_back_a_servers_cookie() -> None:
    seen: list[httpx.Request] = []
    with CookielessClient(transport=cookie_setting_server(seen)) as http:
        first = http.get(URL)
        http.get(URL)

    assert first.cookies.get("__cf_bm") == "abc", "the response itself still shows it"
    assert "cookie" not in seen[1].headers, "the second request sends no cookie back"
    assert not http.cookies, "the client's jar stays empty"


def test_async_client_neither_keeps_nor_sends_back_a_servers_cookie() -> None:
    seen: list[httpx.Request] = []

    async def run() -> httpx.Cookies:
        async with AsyncCookielessClient(transport=cookie_setting_server(seen)) as http:
            await http.get(URL)
            await http.get(URL)
            return http.cookies

    assert not asyncio.run(run()), "the client's jar stays empty"
    assert "cookie" not in seen[1].headers, "the second request sends no cookie back"


def test_setting_cookies_on_a_cookieless_client_is_refused_with_the_way_to_keep_them() -> None:
    with CookielessClient() as http, pytest.raises(AttributeError, match="http_client="):
        http.cookies = {"a": "b"}


def test_the_clients_build_cookieless_http_clients_and_keep_a_given_one() -> None:
    own = HubSpotEvents(access_token="t")
    own_async = AsyncHubSpotEvents(access_token="t")
    given = httpx.Client()
    theirs = HubSpotEvents(access_token="t", http_client=given)

    assert type(own._core.http) is CookielessClient
    assert type(own_async._core.http) is AsyncCookielessClient
    assert theirs._core.http is given, "a client given http_client= is used as it is"
    own.close()
    given.close()
