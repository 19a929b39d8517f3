"""Whether a string can be sent to HubSpot at all: UTF-8 cannot carry a lone surrogate.

Why a module of its own: item validation (``_inputs``) and argument checks (``resources``)
both need it, and the argument checks run at construction-light import cost (no ``_inputs``).
Lone surrogates (``"a\\ud800b"``) come from bytes decoded with ``errors="surrogateescape"``
(file names, ``os.environ``, some CSV readers); Python's ``json`` and URL quoting accept them,
and the request then fails to encode, after validation, for a whole chunk.
"""

from __future__ import annotations


def unsendable(value: str) -> str | None:
    """Why ``value`` cannot be sent as UTF-8 (and how to fix it), or None when it can.

    ASCII, the common case, is decided by one fast call.
    """
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return (
            f"has a lone surrogate {value[exc.start]!r} at position {exc.start}, which cannot be "
            "sent as UTF-8; fix the text's encoding (e.g. read the file as UTF-8)"
        )
    return None
