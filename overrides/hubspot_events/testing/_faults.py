"""Seeded, reproducible fault injection: 5xx answers, proxy HTML pages, latency, dropped
connections, and an exact ``sequence`` for the next requests.

Retries, backoff and "every row accounted for" only mean something if the server misbehaves the
way real ones do, and tests need it to misbehave identically on every run. Faults are decided per
request from a seeded RNG that draws the same number of values for every request, so the N-th
request's fate depends only on the seed, the configuration and N.

Where a fault strikes matters for upserts: a fault *before* the state changes means nothing was
recorded (a plain retry is clean); ``fail_after_commit_rate`` (and ``"commit:..."`` sequence items)
record the request and then lose the response, which is exactly the case where a client retries
something HubSpot already has, and why the core operations must be safe to repeat.
"""

from __future__ import annotations

import random
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

SequenceItem = int | str
"""A ``Faults.sequence`` item: a status (2xx: answer normally; 429: HubSpot's rate-limit 429;
other: an injected error), ``"ok"``, ``"drop"`` (cut the connection), ``"html"`` (a proxy's 502
page), ``"daily"`` (a DAILY 429), or ``"commit:<item>"`` (record the request, then answer
``<item>``, e.g. ``"commit:503"`` or ``"commit:drop"``)."""

_DRAWS: Final = 5


class ConnectionDropped(Exception):
    """Raised inside the app to cut the connection mid-response (the transports turn it into
    ``httpx.RemoteProtocolError``; uvicorn closes the socket)."""


@dataclass(frozen=True, slots=True)
class Fault:
    """What to do to one request instead of (or after) answering it normally."""

    kind: Literal["status", "drop", "rate_limit"]
    status: int = 0
    html: bool | None = None
    """For 502: a proxy's HTML page (True) or HubSpot JSON (False); None: decide by html_rate."""
    daily: bool = False
    after_commit: bool = False


def _parse(item: SequenceItem, after_commit: bool = False) -> Fault | None:
    if isinstance(item, bool):
        raise ValueError(f"fault sequence item {item!r} is not a status or a fault name")
    if isinstance(item, int):
        if 200 <= item < 300:
            return None
        if not 100 <= item <= 599:
            raise ValueError(f"fault sequence status {item} is not an HTTP status")
        if item == 429:
            return Fault("rate_limit", 429, after_commit=after_commit)
        return Fault("status", item, after_commit=after_commit)
    text = item.strip().lower()
    if text.startswith("commit:") and not after_commit:
        inner = text.removeprefix("commit:")
        parsed = _parse(int(inner) if inner.isdigit() else inner, after_commit=True)
        if parsed is None:
            raise ValueError(f"{item!r}: a committed request can only fail")
        return parsed
    if text.isdigit():
        return _parse(int(text), after_commit)
    if text == "ok":
        return None
    if text == "drop":
        return Fault("drop", after_commit=after_commit)
    if text == "html":
        return Fault("status", 502, html=True, after_commit=after_commit)
    if text == "daily":
        return Fault("rate_limit", 429, daily=True, after_commit=after_commit)
    raise ValueError(f"unknown fault sequence item {item!r}")


@dataclass(frozen=True, slots=True)
class Faults:
    """How one fake misbehaves. All rates are per request, in [0, 1].

    ``fail_rate``: answer one of ``statuses`` (502 as a proxy's HTML page with probability
    ``html_rate``, otherwise HubSpot JSON) before anything is recorded. ``drop_rate``: cut the
    connection mid-response before anything is recorded. ``fail_after_commit_rate``: record the
    request, then answer one of ``statuses`` instead of the result. ``latency_s``: delay every
    request. ``sequence``: the fates of the next requests, in order, before the rates apply.
    """

    fail_rate: float = 0.0
    statuses: tuple[int, ...] = (500, 502, 503)
    html_rate: float = 0.5
    latency_s: float = 0.0
    drop_rate: float = 0.0
    sequence: Sequence[SequenceItem] | None = None
    fail_after_commit_rate: float = 0.0
    parsed_sequence: tuple[Fault | None, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("fail_rate", "html_rate", "drop_rate", "fail_after_commit_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"Faults.{name} must be within [0, 1], got {value!r}")
        if self.latency_s < 0:
            raise ValueError("Faults.latency_s must not be negative")
        if not self.statuses and (self.fail_rate or self.fail_after_commit_rate):
            raise ValueError("Faults.statuses must not be empty when a fail rate is set")
        parsed = tuple(_parse(item) for item in self.sequence or ())
        object.__setattr__(self, "parsed_sequence", parsed)


class FaultInjector:
    """Decides each request's fault from a ``Faults`` and a seeded RNG (thread-safe)."""

    def __init__(self, faults: Faults, seed: int | None) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._faults = faults
        self._pending: deque[Fault | None] = deque(faults.parsed_sequence)

    @property
    def faults(self) -> Faults:
        """The current configuration."""
        return self._faults

    def configure(self, faults: Faults) -> None:
        """Switch configuration; the new ``sequence`` starts with the next request."""
        with self._lock:
            self._faults = faults
            self._pending = deque(faults.parsed_sequence)

    def reseed(self, seed: int | None) -> None:
        """Restart the RNG (and the sequence) as if the fake had just been created."""
        with self._lock:
            self._rng = random.Random(seed)
            self._pending = deque(self._faults.parsed_sequence)

    def next(self) -> tuple[Fault | None, float]:
        """The next request's fault (None: answer normally) and its latency in seconds."""
        with self._lock:
            faults = self._faults
            drop, fail, pick, html, commit = (self._rng.random() for _ in range(_DRAWS))
            if self._pending:
                fault = self._pending.popleft()
            elif drop < faults.drop_rate:
                fault = Fault("drop")
            elif fail < faults.fail_rate:
                fault = Fault("status", faults.statuses[int(pick * len(faults.statuses))])
            elif commit < faults.fail_after_commit_rate:
                status = faults.statuses[int(pick * len(faults.statuses))]
                fault = Fault("status", status, after_commit=True)
            else:
                fault = None
            if fault is not None and fault.kind == "status" and fault.html is None:
                as_html = fault.status == 502 and html < faults.html_rate
                fault = Fault("status", fault.status, as_html, after_commit=fault.after_commit)
            return fault, faults.latency_s


def proxy_page(status: int) -> bytes:
    """The HTML a load balancer in front of HubSpot answers with (not HubSpot's JSON)."""
    reason = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Time-out"}.get(
        status, "Error"
    )
    return (
        f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
        "</body>\r\n</html>\r\n"
    ).encode()
