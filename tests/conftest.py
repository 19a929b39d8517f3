"""Fixtures the CLI suites share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hubspot_events.testing import FakeHubSpot, running_server


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[FakeHubSpot, str]]:
    """One fake HubSpot on a real loopback server per test module, and its URL.

    Starting a server per test would cost more than most tests; each module's ``fake`` fixture
    resets it (and seeds what that module needs) before every test.
    """
    fake = FakeHubSpot(rate_limit=None)
    with running_server(fake) as url:
        yield fake, url
