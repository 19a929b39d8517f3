"""The httpx clients a client builds for itself: httpx's own, without a cookie jar.

Why: HubSpot's API authenticates every request by its token and needs no cookie, yet httpx
reads each response's ``Set-Cookie`` headers into the client's jar, building two urllib
stand-ins per response to do so (~17 µs, a thirtieth of a 100-attendee call). Keeping no
cookies is also what HubSpot's own SDK (on urllib3) does. A client given ``http_client=``
keeps that client's behaviour, cookies included.
"""

from __future__ import annotations

from typing import Any

import httpx


class _NoCookies(httpx.Cookies):
    """An always empty jar: the cookies of responses are not kept (nor sent back)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        """Keep nothing (see the module docstring)."""


def _refuse_cookies() -> None:
    raise AttributeError(
        "this client keeps no cookies; to send some, pass http_client=httpx.Client(cookies=...)"
    )


class CookielessClient(httpx.Client):
    """``httpx.Client`` that keeps no cookies."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._no_cookies = _NoCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        _refuse_cookies()


class AsyncCookielessClient(httpx.AsyncClient):
    """``httpx.AsyncClient`` that keeps no cookies."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._no_cookies = _NoCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        _refuse_cookies()
