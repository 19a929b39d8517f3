"""The whole ``hubspot-events`` command line: the tree of ``_apps`` with every command on it.

Why a module of its own: each command module registers its commands on the groups of ``_apps``
when it is imported, so something above them all has to import them; here, rather than at the
bottom of one of them, no command module imports another. The order of the imports is the order
``--help`` lists the commands in: the bulk commands and the sandbox, then ``attendance import``
and ``presets``, then the one-shot commands.
"""

from __future__ import annotations

from hubspot_events.cli import _app, _import, _oneshot  # noqa: F401  (they register commands)
from hubspot_events.cli._apps import app

__all__ = ["app"]
