"""The optional extras: which modules each one brings, and the one line that names a missing one.

Why: the bare install (``pip install hubspot-events``) carries only what the client needs, so an
application that imports it gets no command-line or web-server packages. The command line comes
with ``hubspot-events[cli]``, the fake HubSpot with ``hubspot-events[sandbox]``, sharing a rate
limit through Redis with ``hubspot-events[redis]``. Without its extra
a feature would otherwise fail deep inside with ``No module named 'typer'``; this says which extra
to install instead. Modules are looked up (``importlib.util.find_spec``), never imported, so the
check costs no start-up time.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from typing import Final

#: What ``hubspot-events[cli]`` brings: every command, ``sandbox`` and ``--redis`` included.
CLI_MODULES: Final = ("typer", "rich", "starlette", "uvicorn", "redis")
#: What ``hubspot-events[sandbox]`` brings: the fake HubSpot, in-process and on loopback.
SANDBOX_MODULES: Final = ("starlette", "uvicorn")
#: What ``hubspot-events[redis]`` brings: the shared rate limit and OAuth token store.
REDIS_MODULES: Final = ("redis",)


def missing(modules: Iterable[str]) -> list[str]:
    """The modules of ``modules`` that cannot be imported here, in order."""
    return [name for name in modules if importlib.util.find_spec(name) is None]


def install_hint(what: str, extra: str, absent: Iterable[str]) -> str:
    """One line: ``what`` needs ``extra``, which modules are missing, and the command to get them."""
    return (
        f"{what} needs the [{extra}] extra (missing: {', '.join(absent)}): "
        f'pip install "hubspot-events[{extra}]"'
    )


def require(what: str, extra: str, modules: Iterable[str]) -> None:
    """Raise ``ModuleNotFoundError`` naming ``extra`` when any of ``modules`` is missing."""
    absent = missing(modules)
    if absent:
        raise ModuleNotFoundError(install_hint(what, extra, absent), name=absent[0])
