"""HubSpot's API versions as the fake serves them: where each version's paths live, and the one
answer that differs between versions.

HubSpot publishes the same 36 Marketing Events operations three times: the legacy ``v3`` under
``/marketing/v3/marketing-events/…`` and the date versions ``2026-03`` and ``2026-09`` under
``/marketing/marketing-events/<version>/…``; the list-all read sits at
``/marketing/marketing-events/<version>`` in all three. The curated spec holds the operations once,
with v3's paths, so the version is purely a routing concern: the app serves each spec path at the
path every version gives it (the client's own ``version_path``, so the client and the fake cannot
disagree on a path), one state behind all of them, plus the list path HubSpot's own Python client
(``hubspot-api-client``) calls, ``/marketing/v3/marketing-events/``.

The published specs of the three versions describe the same requests and responses except where
``version_reply`` says otherwise (checked against HubSpot's published specs: v3 and 2026-03 differ
only in operation ids and descriptions; 2026-09 also differs in security schemes, the 207 of
batch/update, and int32 instead of int64 for subscriber vids).
"""

from __future__ import annotations

from typing import Final

from .._versions import API_VERSIONS, LIST_PREFIX, version_path
from ._handlers_base import Reply

__all__ = ["API_VERSIONS", "LEGACY_LIST_PATHS", "served_paths", "version_reply"]

LEGACY_LIST_PATHS: Final = ("/marketing/v3/marketing-events/", "/marketing/v3/marketing-events")
"""Where ``hubspot-api-client``'s ``basic_api.get_all`` lists events (v3; the trailing slash is
what it sends, the bare form is served too so a client that trims slashes is not refused)."""

_BATCH_UPDATE: Final = "update_events_by_object_id"


def served_paths(spec_path: str, version: str) -> tuple[str, ...]:
    """The paths at which ``version`` serves the curated spec's ``spec_path`` (v3 also serves the
    list-all read at ``LEGACY_LIST_PATHS``).

    Raises ValueError for a spec path no date version moves (outside both curated prefixes): a
    spec change like that must be decided, not served as v3's path under every version.
    """
    served = (version_path(spec_path, version),)
    if version != "v3" and served[0] == spec_path:
        raise ValueError(
            f"the curated spec path {spec_path!r} has no {version} path: decide where each API "
            "version serves it (hubspot_events/_versions.py)"
        )
    if version == "v3" and spec_path == LIST_PREFIX:
        return served + LEGACY_LIST_PATHS
    return served


def version_reply(version: str, operation_id: str, reply: Reply) -> Reply:
    """``reply`` as ``version`` answers it.

    2026-09's spec drops batch/update's 207 and puts ``numErrors`` / ``errors`` into its 200
    envelope instead, so on 2026-09 a batch update where some inputs failed is a 200 carrying the
    errors (same body). Every other answer is the same on every version.
    """
    if version == "2026-09" and operation_id == _BATCH_UPDATE and reply.status == 207:
        return Reply(200, reply.body)
    return reply
