"""Send a group of people: one request per (event, state), answers merged back per person.

The bulk loop hands a ``Send`` one group of inputs and expects one outcome per input. A person
from an export may need two records (registered, then attended) and a file may cover several
events, so the group is split by (event, account, state), each part is recorded concurrently,
and a person succeeds only when every one of its records did; a failure says which part failed
and which were recorded. Errors that stop the whole job (credentials, the daily limit) are
re-raised so that the loop stops as it does for every other bulk command.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, cast

from hubspot_events._client import AsyncHubSpotEvents
from hubspot_events._errors import APIStatusError, HubSpotError
from hubspot_events._results import BatchResult, Failure, Success
from hubspot_events.cli._run import Send, stops_the_job

if TYPE_CHECKING:
    from hubspot_events.types import EmailSubscriberParam, SubscriberStateName

STATES = ("register", "attend", "cancel")
Part = tuple[str | None, str | None, str]
_Outcome = tuple[str, str, str | None, int | None]  # category, message, correlation id, status


def _whole_part_failed(error: HubSpotError) -> _Outcome:
    if isinstance(error, APIStatusError):
        category = error.category or f"HTTP_{error.status_code}"
        return category, error.message, error.correlation_id, error.status_code
    return type(error).__name__, str(error), None, None


class RoutedSend:
    """Builds the ``Send`` for a client; counts recorded states for the summary."""

    def __init__(self) -> None:
        self.recorded: Counter[str] = Counter()

    def __call__(self, client: AsyncHubSpotEvents) -> Send:
        def record(part: Part, subscribers: list[dict[str, Any]]) -> Awaitable[BatchResult[Any]]:
            event, account, state = part
            # A state of ``STATES`` and rows read from the export: the client checks both.
            return client.attendance.record_by_email(
                cast("SubscriberStateName", state),
                cast("list[EmailSubscriberParam]", subscribers),
                external_event_id=event,
                external_account_id=account,
            )

        return lambda inputs: self.send(inputs, record)

    async def send(
        self,
        inputs: list[dict[str, Any]],
        record: Callable[[Part, list[dict[str, Any]]], Awaitable[BatchResult[Any]]],
    ) -> BatchResult[Any]:
        parts: dict[Part, list[int]] = {}
        for index, person in enumerate(inputs):
            for state in STATES:
                if state in person["records"]:
                    parts.setdefault((person["event"], person["account"], state), []).append(index)
        keys = list(parts)
        answers = await asyncio.gather(
            *(record(k, [inputs[i]["records"][k[2]] for i in parts[k]]) for k in keys),
            return_exceptions=True,
        )
        for answer in answers:
            if isinstance(answer, HubSpotError) and stops_the_job(answer):
                raise answer
            if isinstance(answer, BaseException) and not isinstance(answer, HubSpotError):
                raise answer
        failed: dict[int, list[tuple[str, _Outcome]]] = {}
        done: dict[int, list[str]] = {}
        result: BatchResult[Any] = BatchResult()
        for key, answer in zip(keys, answers, strict=True):
            state, indexes = key[2], parts[key]
            if isinstance(answer, HubSpotError):
                result.requests += 1
                for index in indexes:
                    failed.setdefault(index, []).append((state, _whole_part_failed(answer)))
                continue
            assert isinstance(answer, BatchResult)
            result.requests += answer.requests
            result.errors.extend(answer.errors)
            for success in answer.succeeded:
                done.setdefault(indexes[success.index], []).append(state)
            for failure in answer.failed:
                outcome = (
                    failure.category, failure.message, failure.correlation_id, failure.status_code
                )  # fmt: skip
                failed.setdefault(indexes[failure.index], []).append((state, outcome))
        for index, person in enumerate(inputs):
            recorded = done.get(index, [])
            for state in recorded:
                self.recorded[state] += 1
            if index not in failed:
                if len(recorded) == len(person["records"]):
                    result.succeeded.append(Success(index, person))
                continue
            problems = failed[index]
            category, _, correlation_id, _ = problems[0][1]
            message = "; ".join(f"{state} failed: {text}" for state, (_, text, _, _) in problems)
            if recorded:
                message += f" ({', '.join(recorded)} recorded)"
            # One status for the person only when every part failed with it: a 404 on each of
            # its records says its event is missing, which is what stops a run (``proves_stop``).
            statuses = {status for _, (_, _, _, status) in problems}
            status = statuses.pop() if len(statuses) == 1 and not recorded else None
            result.failed.append(
                Failure(index, person, category, message, correlation_id, status_code=status)
            )
        return result
