"""The fake on a real loopback socket: uvicorn in a background thread, or in the foreground.

Some things only a real server shows: a connection really cut mid-response, keep-alive, the
client's own transport and timeouts. ``running_server`` gives tests (and the demo) a server on a
free port for the length of a ``with`` block; ``serve`` is the CLI's ``hubspot-events sandbox``.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import uvicorn

from ._fake import FakeHubSpot
from ._faults import ConnectionDropped, Faults
from ._ratelimit import RateLimitSpec

_START_TIMEOUT_S: Final = 10.0


class _QuietDrops(logging.Filter):
    """Drops uvicorn's 'Exception in ASGI application' for connections the fake cut on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped)


def _quiet_drops() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _QuietDrops) for f in logger.filters):
        logger.addFilter(_QuietDrops())


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on sockets that say they are TCP,
    # and without it every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)  # accept (queue) connections as soon as the URL is known
    sock.set_inheritable(True)
    return sock


def _base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _config(fake: FakeHubSpot, log_level: str) -> uvicorn.Config:
    _quiet_drops()
    return uvicorn.Config(
        fake.app,
        lifespan="off",
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=2,
    )


class _Server(uvicorn.Server):
    """uvicorn.Server that signals when it accepts connections (no polling, no sleeping)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.ready.set()


@contextmanager
def running_server(
    fake: FakeHubSpot | None = None, host: str = "127.0.0.1", port: int = 0
) -> Iterator[str]:
    """Serve ``fake`` (a new default one if None) over HTTP in a background thread.

    Yields the base URL (``http://127.0.0.1:<port>``; port 0 picks a free one) once the server
    accepts connections, and shuts it down when the block exits.
    """
    server = _Server(_config(fake or FakeHubSpot(), "warning"))
    sock = _bind(host, port)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="fake-hubspot-server", daemon=True
    )
    thread.start()
    try:
        if not server.ready.wait(_START_TIMEOUT_S):
            raise RuntimeError("the fake HubSpot server did not start")
        yield _base_url(sock)
    finally:
        server.should_exit = True
        thread.join(_START_TIMEOUT_S)
        sock.close()


def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    rate_limit: RateLimitSpec = "100/10s",
    fail_rate: float = 0.0,
    seed: int | None = None,
    token: str | None = None,
    developer_api_key: str | None = None,
    daily_limit: int | None = None,
    faults: Faults | None = None,
    oauth_ttl_s: float = 1800.0,
    log_level: str = "warning",
) -> None:
    """Run a fake HubSpot in the foreground until interrupted; prints its base URL first.

    ``fail_rate`` is a shortcut for ``faults=Faults(fail_rate=...)``; give one or the other.
    ``token`` / ``developer_api_key``: accept only this bearer token / ``hapikey`` (default: any).
    """
    if faults is not None and fail_rate:
        raise ValueError("give either fail_rate or faults, not both")
    fake = FakeHubSpot(
        token=token,
        developer_api_key=developer_api_key,
        rate_limit=rate_limit,
        daily_limit=daily_limit,
        faults=faults or Faults(fail_rate=fail_rate),
        seed=seed,
        oauth_ttl_s=oauth_ttl_s,
    )
    sock = _bind(host, port)
    print(_base_url(sock), flush=True)
    uvicorn.Server(_config(fake, log_level)).run(sockets=[sock])
