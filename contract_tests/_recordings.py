"""Recordings: one request/response exchange per JSON file, and how they replay.

A recording is::

    {"operation": "upsert_events",
     "source": "sandbox session step 1" | "seed 003 (...)",
     "request": {"method", "path", "query", "headers", "body"},   # no Authorization, ever
     "response": {"status", "headers", "body"},
     "expect": {...}}                                             # what the client makes of it

``expect`` is :func:`describe` of what the public client returned (or raised) for that exchange:
``{"kind": "batch", "succeeded": [...], "failed": [[index, category, status]], ...}``,
``{"kind": "read", "model": ...}``, ``{"kind": "page", "model": ..., "items": n}`` (pages and
lists), ``{"kind": "none"}`` (an empty success) or
``{"kind": "error", "class": ..., "status_code": ..., "category": ..., "correlation_id": ...}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from contract_tests._calls import BASE_URL
from hubspot_events import APIStatusError, BatchResult

RECORDINGS = Path(__file__).resolve().parent / "recordings"
REQUEST_HEADERS = ("content-type",)
RESPONSE_HEADERS = (
    "content-type",
    "x-hubspot-correlation-id",
    "x-hubspot-ratelimit-max",
    "x-hubspot-ratelimit-remaining",
    "x-hubspot-ratelimit-interval-milliseconds",
    "x-hubspot-ratelimit-daily",
    "x-hubspot-ratelimit-daily-remaining",
    "retry-after",
)


def load_all(directory: Path = RECORDINGS) -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(directory.glob("*.json")):
        yield path.name, json.loads(path.read_text(encoding="utf-8"))


def dump(recording: dict[str, Any]) -> str:
    return json.dumps(recording, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def request_of(recording: dict[str, Any], token: str = "replay-token") -> httpx.Request:
    """The recorded request as an ``httpx.Request`` (with a bearer token added back)."""
    raw = recording["request"]
    headers = {k: v for k, v in raw.get("headers", {}).items() if k.lower() != "authorization"}
    headers["Authorization"] = f"Bearer {token}"
    content = None
    if raw.get("body") is not None:
        content = json.dumps(raw["body"]).encode()
        headers.setdefault("content-type", "application/json")
    return httpx.Request(
        raw["method"],
        BASE_URL + raw["path"],
        params=raw.get("query") or None,
        content=content,
        headers=headers,
    )


def response_of(recording: dict[str, Any], request: httpx.Request | None = None) -> httpx.Response:
    """The recorded response as a finished ``httpx.Response``."""
    raw = recording["response"]
    headers = dict(raw.get("headers", {}))
    content = b"" if raw.get("body") is None else json.dumps(raw["body"]).encode()
    if content:
        headers.setdefault("content-type", "application/json")
    response = httpx.Response(
        raw["status"],
        headers=headers,
        content=content,
        request=request or request_of(recording),
    )
    response.read()
    response.elapsed = timedelta(0)  # a finished response, as schemathesis wants it
    return response


def describe(outcome: Any) -> dict[str, Any]:
    """What the client made of an exchange, in a stable JSON form (see the module docstring)."""
    if isinstance(outcome, APIStatusError):
        return {
            "kind": "error",
            "class": type(outcome).__name__,
            "status_code": outcome.status_code,
            "category": outcome.category,
            "correlation_id": outcome.correlation_id,
        }
    if isinstance(outcome, BatchResult):
        return {
            "kind": "batch",
            "succeeded": sorted(s.index for s in outcome.succeeded),
            "failed": sorted([f.index, f.category, f.status_code] for f in outcome.failed),
            "errors": len(outcome.errors),
            "status": outcome.status,
            "results": len(outcome.results),
        }
    if outcome is None:
        return {"kind": "none"}
    if isinstance(outcome, list):
        models = sorted({type(item).__name__ for item in outcome})
        return {"kind": "page", "model": models[0] if models else None, "items": len(outcome)}
    return {"kind": "read", "model": type(outcome).__name__}
