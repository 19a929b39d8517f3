"""The mappings shipped for ``attendance import --preset NAME``: one TOML file per export format.

They are data, not code: a user's ``--map MAP.toml`` is written the same way (see
``hubspot_events.cli.exports._mapping`` for the keys), so a new platform needs no release.
"""
