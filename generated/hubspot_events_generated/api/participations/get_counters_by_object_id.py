from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.attendance_counters import AttendanceCounters
from ...models.error import Error
from ...models.rate_limit_error import RateLimitError
from ...types import Response


def _get_kwargs(
    marketing_event_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/marketing/v3/marketing-events/participations/{marketing_event_id}".format(
            marketing_event_id=quote(str(marketing_event_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AttendanceCounters | Error | RateLimitError:
    if response.status_code == 200:
        response_200 = AttendanceCounters.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(response.json())

        return response_429

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AttendanceCounters | Error | RateLimitError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    marketing_event_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[AttendanceCounters | Error | RateLimitError]:
    """Read the participation counters of an event named by its HubSpot object id.

    Args:
        marketing_event_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AttendanceCounters | Error | RateLimitError]
    """

    kwargs = _get_kwargs(
        marketing_event_id=marketing_event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    marketing_event_id: int,
    *,
    client: AuthenticatedClient,
) -> AttendanceCounters | Error | RateLimitError | None:
    """Read the participation counters of an event named by its HubSpot object id.

    Args:
        marketing_event_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AttendanceCounters | Error | RateLimitError
    """

    return sync_detailed(
        marketing_event_id=marketing_event_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    marketing_event_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[AttendanceCounters | Error | RateLimitError]:
    """Read the participation counters of an event named by its HubSpot object id.

    Args:
        marketing_event_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AttendanceCounters | Error | RateLimitError]
    """

    kwargs = _get_kwargs(
        marketing_event_id=marketing_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    marketing_event_id: int,
    *,
    client: AuthenticatedClient,
) -> AttendanceCounters | Error | RateLimitError | None:
    """Read the participation counters of an event named by its HubSpot object id.

    Args:
        marketing_event_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AttendanceCounters | Error | RateLimitError
    """

    return (
        await asyncio_detailed(
            marketing_event_id=marketing_event_id,
            client=client,
        )
    ).parsed
