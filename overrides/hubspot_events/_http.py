"""The httpx clients a client builds for itself: httpx's own, without a cookie jar.

Why: HubSpot's API authenticates every request by its token and needs no cookie, yet httpx
reads each response's ``Set-Cookie`` headers into the client's jar, building two urllib
stand-ins per response to do so: 17 µs a response measured alone, and some 40 µs less CPU per
100-input call in the per-call bench (bench/RESULTS.md). hubspot-api-client, on urllib3, keeps
no cookies either. A client given ``http_client=`` keeps that client's behaviour.
"""

from __future__ import annotations

from typing import Any

import httpx


class _NoCookies(httpx.Cookies):
    """An always empty jar: the cookies of responses are not kept (nor sent back)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        """Keep nothing (see the module docstring)."""


class _Cookieless:
    """Mixed into httpx's clients: the client's jar is an empty one that keeps nothing."""

    @property
    def cookies(self) -> httpx.Cookies:
        jar: httpx.Cookies | None = self.__dict__.get("_no_cookies")
        if jar is None:
            jar = self.__dict__["_no_cookies"] = _NoCookies()
        return jar

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        raise AttributeError(
            "this client keeps no cookies; to send some, pass http_client=httpx.Client(cookies=...)"
        )


class CookielessClient(_Cookieless, httpx.Client):
    """``httpx.Client`` that keeps no cookies."""


class AsyncCookielessClient(_Cookieless, httpx.AsyncClient):
    """``httpx.AsyncClient`` that keeps no cookies."""
