"""JSON bodies on the wire (``_json``): orjson's bytes are the standard library's, and without
orjson (PyPy, an install without it) the client sends exactly the same."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubspot_events import _json

#: What ``_inputs`` builds bodies from: strings (any sendable text), ints, bools, None, lists, dicts.
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
_BODIES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


def _stdlib(value: Any) -> bytes:
    """What httpx itself sends for ``json=value``."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


@settings(derandomize=True, max_examples=300)
@given(_BODIES)
def test_a_body_encodes_to_the_bytes_httpx_would_send(value: Any) -> None:
    assert _json.dumps(value) == _stdlib(value)


def test_orjson_is_used_where_installed() -> None:
    assert _json._fast_dumps is not None, "the dev install has orjson: the fast path is tested"


def test_an_int_past_64_bits_goes_to_the_standard_library() -> None:
    body = {"big": 2**70, "neg": -(2**64)}

    assert _json.dumps(body) == _stdlib(body)


def test_a_lone_surrogate_is_refused_as_the_standard_library_refuses_it() -> None:
    with pytest.raises(UnicodeEncodeError):
        _json.dumps({"name": "half \ud800 a pair"})


def test_an_object_json_cannot_hold_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        _json.dumps({"when": object()})


def test_without_orjson_the_same_bytes_are_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_json, "_fast_dumps", None)
    body = {"inputs": [{"email": "ada@example.com", "name": "Zoë", "n": 3, "ok": True}]}

    assert _json.dumps(body) == _stdlib(body)


def test_the_client_works_end_to_end_where_orjson_cannot_be_imported() -> None:
    probe = """
import sys
sys.modules["orjson"] = None
import hubspot_events
from hubspot_events import _json
from hubspot_events.testing import FakeHubSpot
assert _json._fast_dumps is None
fake = FakeHubSpot(rate_limit=None)
with fake.client() as hs:
    done = hs.events.upsert(
        [{"externalAccountId": "a", "externalEventId": "w-1", "eventName": "Zoë's demo",
          "eventOrganizer": "Me"}]
    )
print(done.succeeded_count, done.results[0].event_name)
"""
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)

    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "1 Zoë's demo"
