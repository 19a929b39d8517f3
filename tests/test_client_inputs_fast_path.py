"""The validators' fast paths (plain dicts) agree with the full checks on every input.

Why: ``_inputs`` checks the common case (a plain dict of well-typed fields) with a few ``type()``
checks before the full, error-wording checks, because validation is most of the client's CPU per
call. Two implementations of one rule can drift; this property pins them together: whenever the
fast path accepts an input, the full checks (reached by passing a non-dict mapping) produce the
identical dict, key order included.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubspot_events import _inputs

NOW_MS = 1_764_000_000_000
# Mostly valid values, so that the fast path accepts many inputs, with edge cases mixed in.
texts = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "a@b.co", "x@example.com", "Jos\u00e9", "a\ud800b", "\udcff@x.io"]),
)
odd = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**13), texts, st.lists(texts, max_size=2)
)
good_maps = st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=8), max_size=3)
string_maps = st.one_of(
    good_maps,
    good_maps,
    st.none(),
    st.dictionaries(texts, st.one_of(texts, st.integers()), max_size=2),
)
emails = st.one_of(
    st.emails(),
    st.sampled_from(["ada@example.com", " bob@example.org ", "bad", "", "a" * 260 + "@x.io"]),
    odd,
)
edges = [
    _inputs._MIN_PLAUSIBLE_MS - 1,
    _inputs._MIN_PLAUSIBLE_MS,
    _inputs._MAX_PLAUSIBLE_MS,
    _inputs._MAX_PLAUSIBLE_MS + 1,
]
times = st.one_of(
    st.integers(_inputs._MIN_PLAUSIBLE_MS, _inputs._MAX_PLAUSIBLE_MS),
    st.sampled_from([*edges, 1_700_000_000, -1, True]),
    st.none(),
    odd,
)
good_dates = st.sampled_from(
    ["2026-01-01T10:00:00Z", "2026-01-01T10:00:00+02:00", "2100-12-31T23:59:59.123456789-05:30"]
)
#: Forms ``fromisoformat`` reads that RFC 3339 (and so the fast path) does not, and years out of
#: 1970..2100 (issue 12).
odd_dates = st.sampled_from(
    ["2026-01-01T10:00:00", "bad", "", "2026-13-45T10:00:00Z", "0001-01-01T00:00:00Z",
     "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z", "2026-01-01T10:00:00+0100",
     "20260101T100000Z", "2026-W01-1T10:00:00Z", "2026-01-01 10:00:00Z",
     "2026-01-01T10:00:00+12:60", "2026-01-01t10:00:00z", "2026-01-01T10:00Z"]
)  # fmt: skip
dates = st.one_of(good_dates, good_dates, odd_dates, odd)
values = odd


def _slow(validator: Any, data: dict[str, Any], *args: Any) -> Any:
    try:
        return validator(MappingProxyType(data), *args)
    except _inputs.InvalidInput as invalid:
        return invalid


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.fixed_dictionaries(
        {"email": emails},
        optional={
            "interactionDateTime": times,
            "properties": string_maps,
            "contactProperties": string_maps,
        },
    ),
    st.one_of(st.just({}), st.just({}), st.just({}), st.fixed_dictionaries({"extra": values})),
)
def test_email_subscriber_fast_path_equals_full_checks(
    data: dict[str, Any], unknown: dict[str, Any]
) -> None:
    data = {**data, **unknown}  # an unknown field must be rejected by both
    fast = _inputs._email_subscriber_fast(data, NOW_MS)
    if fast is not None:
        assert fast == _slow(_inputs.email_subscriber, data, NOW_MS)
        assert list(fast) == list(_slow(_inputs.email_subscriber, data, NOW_MS))


properties = st.one_of(
    st.none(),
    st.lists(
        st.fixed_dictionaries({"name": texts, "value": st.one_of(texts, st.integers())}), max_size=2
    ),
    values,
)


name = st.text(min_size=1, max_size=8)
good_or_odd = st.one_of(name, name, name, texts, odd)
flags = st.one_of(st.booleans(), st.booleans(), odd)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(
    st.fixed_dictionaries(
        {"externalEventId": good_or_odd, "eventName": good_or_odd, "eventOrganizer": good_or_odd},
        optional={
            "externalAccountId": good_or_odd,
            "eventType": good_or_odd,
            "eventUrl": st.one_of(name, odd),
            "startDateTime": dates,
            "endDateTime": dates,
            "eventCancelled": flags,
            "customProperties": properties,
        },
    ),
    st.one_of(st.none(), st.just("acct-1")),
    st.one_of(st.just({}), st.just({}), st.just({}), st.fixed_dictionaries({"evenName": texts})),
)
def test_event_fast_path_equals_full_checks(
    data: dict[str, Any], default_account: str | None, unknown: dict[str, Any]
) -> None:
    data = {**data, **unknown}  # a typo of a field name must be rejected by both
    fast = _inputs._event_fast(data, default_account)
    if fast is not None:
        slow = _slow(_inputs.event, data, default_account)
        assert fast == slow
        assert list(fast) == list(slow)


BASE_EVENT: dict[str, Any] = {
    "externalAccountId": "acct-1",
    "externalEventId": "w-1",
    "eventName": "Launch",
    "eventOrganizer": "Acme",
    "startDateTime": "2026-01-01T10:00:00Z",
    "eventCancelled": False,
    "customProperties": [{"name": "room", "value": "A"}],
}
EVENT_CHANGES: list[dict[str, Any]] = [
    {},
    {"startDateTime": "2026-01-01T10:00:00"},
    {"endDateTime": "not a date"},
    {"customProperties": [{"name": "room", "value": 5}]},
    {"customProperties": [{"name": "", "value": "A"}]},
    {"customProperties": {"room": "A"}},
    {"eventCancelled": "yes"},
    {"eventName": "  "},
    {"eventOrganizer": 7},
    {"externalAccountId": None},
    {"eventType": 3},
    {"evenName": "typo"},
]


@pytest.mark.parametrize(
    "change", EVENT_CHANGES, ids=[",".join(c) or "valid" for c in EVENT_CHANGES]
)
@pytest.mark.parametrize("default_account", [None, "acct-2"])
def test_event_fast_path_agrees_on_each_single_field_change(
    change: dict[str, Any], default_account: str | None
) -> None:
    data = {k: v for k, v in {**BASE_EVENT, **change}.items() if v is not None}
    fast = _inputs._event_fast(data, default_account)
    slow = _slow(_inputs.event, data, default_account)
    if fast is None:
        assert (
            isinstance(slow, _inputs.InvalidInput) or type(data.get("customProperties")) is not list
        )
    else:
        assert fast == slow


EMAIL_CHANGES: list[dict[str, Any]] = [
    {},
    {"email": " ada@example.com "},
    {"email": "ada@example"},
    {"interactionDateTime": 1_700_000_000},
    {"interactionDateTime": _inputs._MAX_PLAUSIBLE_MS + 1},
    {"interactionDateTime": True},
    {"properties": {"joinedAt": 5}},
    {"contactProperties": {"firstname": None}},
    {"propertys": {}},
]


@pytest.mark.parametrize(
    "change", EMAIL_CHANGES, ids=[",".join(c) or "valid" for c in EMAIL_CHANGES]
)
def test_email_fast_path_agrees_on_each_single_field_change(change: dict[str, Any]) -> None:
    data = {
        "email": "ada@example.com",
        "interactionDateTime": NOW_MS,
        "properties": {"a": "b"},
        **change,
    }
    fast = _inputs._email_subscriber_fast(data, NOW_MS)
    slow = _slow(_inputs.email_subscriber, data, NOW_MS)
    if fast is None:
        assert isinstance(slow, _inputs.InvalidInput) or data["email"] != data["email"].strip()
    else:
        assert fast == slow
