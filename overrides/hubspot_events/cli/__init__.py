"""The ``hubspot-events`` command line: bulk-sync files into HubSpot, read results back, run the sandbox.

Why a function that imports lazily: ``import hubspot_events`` must stay fast and must not pull in
typer and rich, which only the command line needs.
"""

from __future__ import annotations

__all__ = ["main"]


def main() -> None:
    """Entry point of the ``hubspot-events`` console script and of ``python -m hubspot_events.cli``."""
    from hubspot_events.cli._app import app

    app(prog_name="hubspot-events")
