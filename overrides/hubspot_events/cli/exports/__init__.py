"""Reading webinar platforms' exports (Zoom, Teams, Eventbrite, GoTo) for ``attendance import``.

One concept per module: ``_mapping`` (presets and ``--map`` files: what columns mean),
``_table`` (encoding, delimiter, section and header of the file), ``_times`` (date-times to
epoch milliseconds), ``_interpret`` (one row through the mapping), ``_staging`` (rows of one
person brought together on disk), ``_people`` (a person's rows collapsed into records),
``_send`` (one request per event and state, answers merged back), ``_preview`` (``--dry-run``'s
table), ``_failed`` (failed rows in the source's own columns), ``_importer`` (all of it as one
bulk-run input).
"""
