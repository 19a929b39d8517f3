"""Client-side pacing through the clients: ``rate_limit="auto"``, a fixed ``RateLimit``, ``None``."""

from __future__ import annotations

import httpx
import pytest
from test_client_support import Clock, both, emails, make_rig, rate_limited, upsert_by_email

from hubspot_events import RateLimit


class WindowServer:
    """HubSpot's rolling window on the rig's fake clock: at most ``max_requests`` per
    ``interval_ms``, a 429 beyond, and the ``X-HubSpot-RateLimit-*`` headers on every answer."""

    def __init__(
        self, clock: Clock, max_requests: int = 10, interval_ms: int = 10_000, headers: bool = True
    ) -> None:
        self.clock = clock
        self.max_requests = max_requests
        self.interval = interval_ms / 1000
        self.interval_ms = interval_ms
        self.headers = headers
        self.accepted: list[float] = []
        self.limited = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        now = self.clock()
        in_window = [t for t in self.accepted if t > now - self.interval]
        if len(in_window) >= self.max_requests:
            self.limited += 1
            return httpx.Response(
                429, json=rate_limited("TEN_SECONDLY_ROLLING"), headers=self._headers(0)
            )
        self.accepted.append(now)
        return httpx.Response(204, headers=self._headers(self.max_requests - len(in_window) - 1))

    def _headers(self, remaining: int) -> dict[str, str]:
        if not self.headers:
            return {}
        return {
            "X-HubSpot-RateLimit-Max": str(self.max_requests),
            "X-HubSpot-RateLimit-Remaining": str(remaining),
            "X-HubSpot-RateLimit-Interval-Milliseconds": str(self.interval_ms),
        }

    def busiest_window(self) -> int:
        return max(
            sum(1 for t in self.accepted if start <= t < start + self.interval)
            for start in self.accepted
        )


def paced_rig(flavour: str, **options: object) -> tuple[WindowServer, object]:
    clock = Clock()
    server = WindowServer(clock, **options.pop("server", {}))  # type: ignore[arg-type]
    extra = {"concurrency": 4} if flavour == "async" else {}
    rig = make_rig(flavour, server=server, clock=clock, batch_size=1, **extra, **options)
    return server, rig


@both
def test_auto_rate_limit_paces_from_hubspot_headers_before_hitting_the_limit(
    flavour: str,
) -> None:
    server, rig = paced_rig(flavour, rate_limit="auto")

    result = upsert_by_email(rig, emails(30))  # type: ignore[arg-type]

    assert result.ok
    assert server.limited == 0  # never a 429: the client waited instead
    assert server.busiest_window() <= 10 - 1  # auto keeps a margin of 1 below Max
    start = server.accepted[0]
    first_delayed = next(n for n, t in enumerate(server.accepted) if t > start)
    assert first_delayed <= 9  # it slept before the 10th request, before the 11th
    assert rig.sleeps  # type: ignore[attr-defined]
    assert all(wait > 0 for wait in rig.sleeps)  # type: ignore[attr-defined]
    # and it still uses the budget: 30 requests at 9 per 10 s take no more than ~4 windows
    assert 30.0 <= server.accepted[-1] - start <= 40.0


@both
def test_fixed_rate_limit_paces_without_any_headers(flavour: str) -> None:
    server, rig = paced_rig(
        flavour,
        rate_limit=RateLimit(5, 1.0),
        server={"max_requests": 5, "interval_ms": 1000, "headers": False},
    )

    result = upsert_by_email(rig, emails(12))  # type: ignore[arg-type]

    assert result.ok
    assert server.limited == 0
    start = server.accepted[0]
    assert server.accepted == [start] * 5 + [start + 1.0] * 5 + [start + 2.0] * 2
    assert sum(rig.sleeps) == pytest.approx(2.0)  # type: ignore[attr-defined]


@both
def test_rate_limit_text_form_is_accepted(flavour: str) -> None:
    server, rig = paced_rig(flavour, rate_limit="5/1s", server={"headers": False})

    upsert_by_email(rig, emails(6))  # type: ignore[arg-type]

    assert server.accepted[5] - server.accepted[0] == pytest.approx(1.0)


@both
def test_rate_limit_none_never_sleeps(flavour: str) -> None:
    server, rig = paced_rig(flavour, rate_limit=None, server={"max_requests": 1000})

    result = upsert_by_email(rig, emails(30))  # type: ignore[arg-type]

    assert result.ok
    assert rig.sleeps == []  # type: ignore[attr-defined]
    assert len(set(server.accepted)) == 1  # all 30 at the same instant


@both
def test_429_holds_off_every_sender_sharing_the_limiter(flavour: str) -> None:
    # Another consumer already used the window: the first answer is a 429 with Retry-After 4.
    clock = Clock()
    server = WindowServer(clock, max_requests=100)
    first = [True]

    def answer(request: httpx.Request) -> httpx.Response:
        if first[0]:
            first[0] = False
            return httpx.Response(
                429, json=rate_limited("TEN_SECONDLY_ROLLING"), headers={"Retry-After": "4"}
            )
        return server(request)

    extra = {"concurrency": 1} if flavour == "async" else {}
    rig = make_rig(
        flavour, then=answer, clock=clock, batch_size=1, rate_limit=RateLimit(100, 10), **extra
    )

    result = upsert_by_email(rig, emails(3))

    assert result.ok
    assert rig.sleeps == [4.0]
    assert server.accepted == [1004.0] * 3
