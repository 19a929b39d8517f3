"""``python -m hubspot_events.cli``: the same as the ``hubspot-events`` console script."""

from hubspot_events.cli import main

main()
