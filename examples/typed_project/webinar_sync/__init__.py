"""webinar-sync: a user's project of hubspot-events, held to ``mypy --strict``.

Why it exists: the package promises precise types (``BatchResult[Event]``, ``Pager[...]``,
``APIResponse[...]``) to its users. These modules write the calls a user writes and pin each
result with ``typing.assert_type``, so a type that turns into ``Any``, loses its generic
parameter or is invisible to the checker (an import hook in an editable install) fails
``make test`` instead of a user's CI.
"""
