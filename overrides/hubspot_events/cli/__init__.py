"""The ``hubspot-events`` command line: bulk-sync files into HubSpot, read results back, run the sandbox.

Why a function that imports lazily: ``import hubspot_events`` must stay fast and must not pull in
typer and rich, which only the command line needs. They come with ``hubspot-events[cli]``; the
console script is installed by the bare install too, so without the extra it says in one line
which extra to install and exits 2 (a usage error), never with a traceback.
"""

from __future__ import annotations

import sys

from hubspot_events._extras import CLI_MODULES, install_hint, missing

__all__ = ["main"]

#: The exit code of a command line installed without its extra (a usage error, like click's).
MISSING_EXTRA_EXIT = 2


def main() -> None:
    """Entry point of the ``hubspot-events`` console script and of ``python -m hubspot_events.cli``."""
    absent = missing(CLI_MODULES)
    if absent:
        hint = install_hint("hubspot-events: the command line", "cli", absent)
        print(f'{hint} (or pipx install "hubspot-events[cli]")', file=sys.stderr)
        raise SystemExit(MISSING_EXTRA_EXIT)
    from hubspot_events.cli._commands import app

    app(prog_name="hubspot-events")
