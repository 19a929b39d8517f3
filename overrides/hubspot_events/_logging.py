"""``HUBSPOT_EVENTS_LOG=debug|info``: the package's log lines on stderr without touching code.

Why: when a job misbehaves in production, the person looking is often not the one who wrote it;
an environment variable is the switch they can reach (as ``OPENAI_LOG`` or ``HTTPX_LOG_LEVEL``).
``info`` shows retried attempts (429 waits, 5xx, dropped connections); ``debug`` every attempt.
Lines carry method, path, status, time and correlation id: never bodies, tokens or emails.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings

LOG_ENV = "HUBSPOT_EVENTS_LOG"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
#: Marks the handler this module added, so configuring twice adds no second one.
_HANDLER_NAME = "hubspot_events.env"


def configure_from_env(environ: dict[str, str] | os._Environ[str] = os.environ) -> int | None:
    """Apply ``HUBSPOT_EVENTS_LOG`` to the ``hubspot_events`` logger; the level set, or None."""
    value = environ.get(LOG_ENV, "").strip().lower()
    if not value:
        return None
    level = _LEVELS.get(value)
    if level is None:
        warnings.warn(
            f"{LOG_ENV}={value!r} is not one of {', '.join(_LEVELS)}; logging stays as configured",
            stacklevel=2,
        )
        return None
    logger = logging.getLogger("hubspot_events")
    logger.setLevel(level)
    if not any(handler.get_name() == _HANDLER_NAME for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(name)s] %(message)s"))
        logger.addHandler(handler)
    return level
