"""Fixtures the suites share; a module's own ``fake`` fixture decides which fake they use."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import httpx
import pytest

from hubspot_events.testing import FakeHubSpot, running_server

if TYPE_CHECKING:
    from _redis_server import RedisServer


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[FakeHubSpot, str]]:
    """One fake HubSpot on a real loopback server per test module, and its URL.

    Starting a server per test would cost more than most tests; each module's ``fake`` fixture
    resets it (and seeds what that module needs) before every test.
    """
    fake = FakeHubSpot(rate_limit=None)
    with running_server(fake) as url:
        yield fake, url


@pytest.fixture
async def client(fake: FakeHubSpot) -> AsyncIterator[httpx.AsyncClient]:
    """Raw HTTP to the module's ``fake`` in-process, with a token it accepts: for checking the
    fake's answers byte for byte, without the client's own reading in between."""
    async with httpx.AsyncClient(
        transport=fake.async_transport(),
        base_url=fake.base_url,
        headers={"Authorization": "Bearer test-token"},
    ) as client:
        yield client


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A real ``redis-server`` on loopback for a module's shared-state tests (see
    ``_redis_server``); each test clears it through its own fixtures."""
    from _redis_server import RedisServer

    redis_server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield redis_server
    redis_server.kill()
