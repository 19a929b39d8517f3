"""``_results.success`` (the per-input fast constructor) makes exactly a ``Success``."""

from __future__ import annotations

import dataclasses

import pytest

from hubspot_events._results import Success, success


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((0, {"email": "a@b.co"}), Success(0, {"email": "a@b.co"})),
        ((7, "x", {"vid": 1}), Success(7, "x", {"vid": 1})),
    ],
)
def test_success_equals_the_dataclass_built_one(
    args: tuple[object, ...], expected: Success
) -> None:
    made = success(*args)  # type: ignore[arg-type]
    assert type(made) is Success
    assert made == expected
    assert repr(made) == repr(expected)
    assert dataclasses.astuple(made) == dataclasses.astuple(expected)


def test_success_stays_frozen() -> None:
    made = success(1, "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.index = 2  # type: ignore[misc]
