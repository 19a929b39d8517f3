"""Reading an answer by position (``_batching._each_in_place``) accounts exactly as matching by
key does.

Why: HubSpot answers email-create and batch update in input order, so ``read_response`` first
checks whether result *i* names input *i* for every *i* (comparing the two key lists whole) and
then confirms each input with its own result, skipping the index of every input and result by
normalized key. Two paths to one verdict can drift; this property pins them together on answers
in order, reordered, shortened, lengthened, with keys re-cased or padded, with repeated inputs,
and with vids as numbers or strings.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubspot_events import _batching
from hubspot_events._batching import BatchOperation, Confirmation, Ready, read_response

EMAILS = ["ada@example.com", "bob@example.org", "cy@example.net", "di@example.io"]


def operation(key: str) -> BatchOperation:
    return BatchOperation(
        prepare=lambda item, _now: item,
        request=lambda inputs: {},
        key=key,
        result_key=key,
        parse_result=None,
        confirmation=Confirmation.RESULTS,
    )


def recased(value: Any, how: str) -> Any:
    if how == "upper" and isinstance(value, str):
        return value.upper()
    if how == "padded":
        return f" {value} "
    if how == "text":
        return str(value)
    return value


@st.composite
def exchanges(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    key = draw(st.sampled_from(["email", "vid"]))
    pool = EMAILS if key == "email" else [101, 202, 303, 404]
    sent = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6))
    answered = draw(
        st.one_of(
            st.just(list(sent)),  # the common answer: every input, in order
            st.permutations(sent),
            st.lists(st.sampled_from(pool), max_size=7),
        )
    )
    how = draw(st.lists(st.sampled_from(["same", "same", "upper", "padded", "text"]),
                        min_size=len(answered), max_size=len(answered)))  # fmt: skip
    bodies = [{key: value} for value in sent]
    results = [
        {key: recased(value, h), "n": i}
        for i, (value, h) in enumerate(zip(answered, how, strict=True))
    ]
    return key, bodies, results


def account(result: Any) -> tuple[Any, ...]:
    return (
        [(s.index, s.input, s.result) for s in result.succeeded],
        [(f.index, f.input, f.category, f.message) for f in result.failed],
        result.unmatched_results,
        result.errors,
    )


def read(key: str, bodies: list[dict[str, Any]], results: list[dict[str, Any]]) -> Any:
    sent = Ready([10 + i for i in range(len(bodies))], [f"input-{i}" for i in range(len(bodies))],
                 bodies)  # fmt: skip
    return read_response(operation(key), sent, httpx.Response(200, json={"results": results}))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(exchanges())
def test_reading_by_position_accounts_as_matching_by_key(
    exchange: tuple[str, list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    key, bodies, results = exchange
    by_position = account(read(key, bodies, results))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_batching, "_each_in_place", lambda *_: False)
        by_key = account(read(key, bodies, results))

    assert by_position == by_key


def test_an_answer_in_order_confirms_each_input_with_its_own_result() -> None:
    bodies = [{"email": email} for email in EMAILS]
    results = [{"email": email.upper(), "vid": i} for i, email in enumerate(EMAILS)]

    outcome = read("email", bodies, results)

    assert [(s.index, s.result) for s in outcome.succeeded] == list(
        zip(range(10, 14), results, strict=True)
    ), "HubSpot's re-cased emails still name the inputs at their positions"
    assert not outcome.failed
    assert not outcome.unmatched_results
