"""JSON bodies on the wire: encoded by orjson where it is installed, else by the standard library.

Why: encoding a 100-event batch with ``json.dumps`` costs about 200 µs of CPU, a fifth of the
whole call over loopback; orjson does it in about 13 µs. orjson is a dependency on CPython only
(it has no PyPy build), so both paths must give the same bytes: compact separators, UTF-8 rather
than ``\\u`` escapes. The bodies we send are built by ``_inputs`` from checked strings, ints,
bools, lists and dicts (never a float: no NaN to refuse, which orjson would write as ``null``),
for which the two agree byte for byte (``tests/test_json.py``). Whatever orjson refuses (an int
past 64 bits, a non-string key, a lone surrogate) goes to the standard library, which then
decides exactly as httpx's ``json=`` would.

Answers are still read by ``json.loads``: orjson reads an integer past 64 bits as a float, and
would save only ~10 % of the parse.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

_fast_dumps: Callable[[Any], bytes] | None
try:
    from orjson import dumps as _fast_dumps
except ImportError:  # pragma: no cover - PyPy, or an install without it
    _fast_dumps = None


def std_dumps(value: Any) -> bytes:
    """What httpx sends for ``json=value``; it refuses NaN and lone surrogates (``ValueError``),
    which is why ``_inputs`` asks it, not orjson, whether a value can be sent at all."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode(
        "utf-8"
    )


def dumps(value: Any) -> bytes:
    """``value`` as compact UTF-8 JSON; ``TypeError``/``ValueError`` as the standard library
    raises them for what cannot be sent (a lone surrogate, an object JSON has no form for)."""
    if _fast_dumps is not None:
        try:
            return _fast_dumps(value)
        except TypeError:  # orjson.JSONEncodeError: let the standard library decide and word it
            pass
    return std_dumps(value)
