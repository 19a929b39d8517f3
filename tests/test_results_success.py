"""``_results.success`` (the per-input fast constructor) makes exactly a ``Success``, and a
``BatchResult`` that keeps confirmed inputs as lists reads exactly as one that made them."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest

from hubspot_events._results import BatchResult, Success, success


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


# --- BatchResult keeps confirmed inputs as lists until ``succeeded`` is read ------------------


def _lazy(indexes: list[int], results: list[dict[str, int]] | None = None) -> BatchResult[Any]:
    part: BatchResult[Any] = BatchResult()
    part.confirm(indexes, [f"in-{i}" for i in indexes], results)
    return part


def test_confirmed_inputs_read_as_successes_in_order_with_their_results() -> None:
    result = _lazy([0, 1], [{"vid": 10}, {"vid": 11}])

    assert result.succeeded_count == 2
    assert result.succeeded == [
        Success(0, "in-0", {"vid": 10}),
        Success(1, "in-1", {"vid": 11}),
    ]
    assert result.succeeded_count == 2, "reading them made them once, not twice"


def test_merging_lazy_and_made_successes_keeps_the_input_order() -> None:
    total: BatchResult[Any] = BatchResult(succeeded=[Success(0, "made-0")])
    total.merge(_lazy([1, 2]))
    made = BatchResult(succeeded=[Success(3, "made-3")])
    made.confirm([4], ["in-4"])
    total.merge(made)
    total.merge(_lazy([5]))

    assert [s.index for s in total.succeeded] == [0, 1, 2, 3, 4, 5]
    assert [s.input for s in total] == ["made-0", "in-1", "in-2", "made-3", "in-4", "in-5"]


def test_results_come_from_lazy_and_made_successes_alike_then_the_unmatched() -> None:
    total: BatchResult[Any] = BatchResult(succeeded=[Success(0, "a", {"vid": 1})])
    total.merge(_lazy([1], [{"vid": 2}]))
    total.merge(_lazy([2]))  # confirmed without a result of its own (an event upsert)
    total.unmatched_results.append({"vid": 3})

    assert total.results == [{"vid": 1}, {"vid": 2}, {"vid": 3}]


def test_appending_after_lazy_successes_keeps_them_first() -> None:
    result = _lazy([0, 1])
    result.succeeded.append(Success(2, "late"))

    assert [s.index for s in result.succeeded] == [0, 1, 2]


def test_a_result_with_lazy_successes_pickles_whole() -> None:
    result = _lazy([0], [{"vid": 1}])

    copy = pickle.loads(pickle.dumps(result))

    assert copy.succeeded == [Success(0, "in-0", {"vid": 1})]
