"""Scrub credentials out of whatever a server sent back, in every spelling it may use.

Why: a token endpoint, a proxy or HubSpot itself may echo the request into an error message (the
form with the refresh token and client secret, the ``Authorization`` header). Matching the raw
bytes is not enough: JSON may escape the secret (``\\/``, ``\\u002f``), a form echo URL-encodes it,
an HTML page entity-encodes it. So the error is built from the *decoded* body and every decoded
string is scrubbed (plain match), and the raw text kept for debugging is scrubbed in the encoded
spellings too, and dropped entirely if a secret still decodes out of it.
"""

from __future__ import annotations

import contextlib
import html
import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, quote_plus, unquote, unquote_plus

MASK = "***"
_DROPPED = "[body withheld: it echoed a credential]"


def _spellings(secret: str) -> set[str]:
    """The ways a secret shows up in a body: as is, URL-encoded, JSON-escaped, HTML-escaped."""
    escaped = json.dumps(secret)[1:-1]
    return {
        secret,
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        escaped,
        escaped.replace("/", "\\/"),
        json.dumps(secret, ensure_ascii=True)[1:-1],
        html.escape(secret),
    } - {""}


class Redactor:
    """Replaces a fixed set of secrets (empty ones ignored) by ``***``."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)
        spellings = {form for s in self.secrets for form in _spellings(s)}
        self._spellings = sorted(spellings, key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self.secrets)

    def text(self, value: str) -> str:
        """``value`` with every secret, in any spelling, replaced."""
        for form in self._spellings:
            if form in value:
                value = value.replace(form, MASK)
        return value

    def leaks(self, value: str) -> bool:
        """Whether a secret can still be read out of ``value`` after decoding it."""
        decoded = {value, html.unescape(value), unquote(value), unquote_plus(value)}
        with contextlib.suppress(ValueError, RecursionError):
            decoded.add(json.dumps(json.loads(value), ensure_ascii=False))
        return any(s in text for s in self.secrets for text in decoded)

    def raw(self, value: str) -> str:
        """A raw body for debugging: scrubbed, or withheld if a secret still decodes out of it."""
        value = self.text(value)
        return _DROPPED if self.leaks(value) else value

    def deep(self, value: Any) -> Any:
        """A parsed JSON value with every string (keys too) scrubbed."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.deep(k): self.deep(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.deep(item) for item in value]
        return value


NO_SECRETS = Redactor(())
