"""HubSpot's versions of the Marketing Events API and the paths each one serves.

Why one curated spec serves all three: HubSpot's published specs for ``v3`` (now called legacy)
and the date versions ``2026-03`` and ``2026-09`` have the same 36 operations with the same
parameters and bodies; only the path prefix moves (``/marketing/v3/marketing-events/…`` becomes
``/marketing/marketing-events/<version>/…``, and the list-all read
``/marketing/marketing-events/v3`` becomes ``/marketing/marketing-events/<version>``). So the
curated spec keeps the v3 paths, the generated code builds v3 paths, and the core rewrites the
prefix of every request (:func:`version_path`) for the version the client was given. Every other
difference between the versions' specs is listed, with its reason, in ``spec/deviations.yaml``.
"""

from __future__ import annotations

import os

#: The versions the client speaks, oldest first. ``v3`` stays the default until HubSpot's date
#: versions are known to behave the same in every account.
API_VERSIONS = ("v3", "2026-03", "2026-09")
DEFAULT_API_VERSION = "v3"
API_VERSION_ENV = "HUBSPOT_API_VERSION"

#: The curated (v3) spec's two path prefixes: the 35 operations under ``/marketing/v3/…``, and
#: the list-all read, which HubSpot already served under the date-style prefix in v3.
LEGACY_PREFIX = "/marketing/v3/marketing-events"
LIST_PREFIX = "/marketing/marketing-events/v3"
_DATED = "/marketing/marketing-events/"


def check_api_version(value: object, name: str = "api_version") -> str:
    """``value`` if it is a supported version; else a ValueError naming ``name`` and the choices."""
    if isinstance(value, str) and value.strip() in API_VERSIONS:
        return value.strip()
    choices = ", ".join(repr(v) for v in API_VERSIONS)
    raise ValueError(
        f"{name} must be one of {choices} (HubSpot's legacy v3 or a date version), got {value!r}"
    )


def resolve_api_version(api_version: str | None) -> tuple[str, str]:
    """The version to use and where it came from: the argument, else ``HUBSPOT_API_VERSION``
    (empty counts as unset), else ``v3``."""
    if api_version is not None:
        return check_api_version(api_version), "api_version"
    from_env = os.environ.get(API_VERSION_ENV)
    if from_env:
        return check_api_version(from_env, API_VERSION_ENV), API_VERSION_ENV
    return DEFAULT_API_VERSION, "default"


def _prefix(version: str) -> str:
    return LEGACY_PREFIX if version == "v3" else _DATED + version


def version_path(path: str, version: str) -> str:
    """The path ``version`` serves for the curated (v3) ``path``; other paths are unchanged.

    >>> version_path("/marketing/v3/marketing-events/events/upsert", "2026-09")
    '/marketing/marketing-events/2026-09/events/upsert'
    >>> version_path("/marketing/marketing-events/v3", "2026-03")
    '/marketing/marketing-events/2026-03'
    """
    if version == "v3":
        return path
    for prefix in (LEGACY_PREFIX, LIST_PREFIX):
        if path == prefix or path.startswith(prefix + "/"):
            return _DATED + version + path[len(prefix) :]
    return path


def curated_path(path: str) -> tuple[str, str] | None:
    """The inverse of :func:`version_path`: ``(version, curated path)`` for a path some version
    serves, or None. A server (the fake) uses it to route every version to one spec.

    >>> curated_path("/marketing/marketing-events/2026-09/events/upsert")
    ('2026-09', '/marketing/v3/marketing-events/events/upsert')
    >>> curated_path("/marketing/marketing-events/2026-03")
    ('2026-03', '/marketing/marketing-events/v3')
    """
    if path in (LIST_PREFIX, LEGACY_PREFIX) or path.startswith(LEGACY_PREFIX + "/"):
        return "v3", path
    for version in API_VERSIONS[1:]:
        prefix = _prefix(version)
        if path == prefix:
            return version, LIST_PREFIX
        if path.startswith(prefix + "/"):
            return version, LEGACY_PREFIX + path[len(prefix) :]
    return None
