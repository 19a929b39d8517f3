"""A person's rows collapsed into what is sent: one record per state, at the right time.

Rules (the README's "From your webinar platform" states them too):

- registration at the earliest registration time (else the first join; else now);
- attendance at the first join, with ``properties.joinedAt`` (first join) and ``leftAt`` (last
  leave) in epoch milliseconds; without any join time in a file that has a join column, the
  person fails (an attendance at the wrong time is worse than none);
- cancellation at the latest cancellation time, else now (the platform only says *that* it
  happened), and only when every row of the person says cancelled (one live ticket keeps the
  registration);
- any row of the person that cannot be read fails the whole person, with all its rows in the
  failed-rows file, so that the fixed rows collapse the same way when imported again.
"""

from __future__ import annotations

from typing import Any

from hubspot_events.cli._files import Row

SUBSCRIBER_FAMILIES = ("contactProperties", "properties")


def person_row(staged: list[dict[str, Any]], has_join_column: bool) -> Row:
    """The bulk loop's row for one person: ``data`` holds the source rows and the input."""
    first = staged[0]
    data: dict[str, Any] = {
        "sources": [s["v"] for s in staged],
        "lines": [s["line"] for s in staged],
    }
    problem = first.get("prob")
    if problem is not None:
        return Row(first["line"], data, problem)
    for item in staged:
        if "err" in item:
            field, message = item["err"]
            where = f" (line {item['line']})" if len(staged) > 1 else ""
            data["error"] = [field, f"{message}{where}"]
            return Row(first["line"], data)
    data["input"] = _input(staged, has_join_column)
    if isinstance(data["input"], list):  # an error found while collapsing
        data["error"] = data.pop("input")
    return Row(first["line"], data)


def _input(staged: list[dict[str, Any]], has_join_column: bool) -> dict[str, Any] | list[str]:
    states: set[str] = set()
    all_cancel = True
    times: dict[str, list[int]] = {}
    families: dict[str, dict[str, str]] = {}
    for item in staged:
        row_states = set(item.get("s", ()))
        states |= row_states
        all_cancel = all_cancel and "cancel" in row_states
        for name, value in item.get("t", {}).items():
            times.setdefault(name, []).append(value)
        for family in SUBSCRIBER_FAMILIES:
            for name, value in item.get(family, {}).items():
                families.setdefault(family, {}).setdefault(name, value)
    if not all_cancel:
        states.discard("cancel")
    first = staged[0]
    joined = min(times["joinedAt"]) if "joinedAt" in times else None
    left = max(times["leftAt"]) if "leftAt" in times else None
    if "attend" in states and joined is None and has_join_column:
        return ["joinedAt", "no join time on any row of this attendee; fill in the join time"]
    registered = min(times["registeredAt"]) if "registeredAt" in times else joined
    cancelled = max(times["cancelledAt"]) if "cancelledAt" in times else None
    contact = families.get("contactProperties", {})
    records: dict[str, dict[str, Any]] = {}
    for state, when in (("register", registered), ("attend", joined), ("cancel", cancelled)):
        if state not in states:
            continue
        record: dict[str, Any] = {"email": first["e"]}
        if when is not None:
            record["interactionDateTime"] = when
        properties = dict(families.get("properties", {}))
        if state == "attend":
            if joined is not None:
                properties["joinedAt"] = str(joined)
            if left is not None and (joined is None or left >= joined):
                properties["leftAt"] = str(left)
        if properties:
            record["properties"] = properties
        if contact:
            record["contactProperties"] = dict(contact)
        records[state] = record
    return {
        "email": first["e"],
        "event": first.get("ev"),
        "account": first.get("ac"),
        "rows": len(staged),
        "records": records,
    }
