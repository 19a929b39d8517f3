from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.rate_limit_error import RateLimitError
from ...types import Response


def _get_kwargs(
    marketing_event_id: str,
    list_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/marketing/v3/marketing-events/associations/{marketing_event_id}/lists/{list_id}".format(
            marketing_event_id=quote(str(marketing_event_id), safe=""),
            list_id=quote(str(list_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | RateLimitError:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(response.json())

        return response_429

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Error | RateLimitError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    marketing_event_id: str,
    list_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Error | RateLimitError]:
    """Remove a list's association with an event named by its HubSpot object id.

    Args:
        marketing_event_id (str):
        list_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | RateLimitError]
    """

    kwargs = _get_kwargs(
        marketing_event_id=marketing_event_id,
        list_id=list_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    marketing_event_id: str,
    list_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | Error | RateLimitError | None:
    """Remove a list's association with an event named by its HubSpot object id.

    Args:
        marketing_event_id (str):
        list_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | RateLimitError
    """

    return sync_detailed(
        marketing_event_id=marketing_event_id,
        list_id=list_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    marketing_event_id: str,
    list_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Error | RateLimitError]:
    """Remove a list's association with an event named by its HubSpot object id.

    Args:
        marketing_event_id (str):
        list_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | RateLimitError]
    """

    kwargs = _get_kwargs(
        marketing_event_id=marketing_event_id,
        list_id=list_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    marketing_event_id: str,
    list_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | Error | RateLimitError | None:
    """Remove a list's association with an event named by its HubSpot object id.

    Args:
        marketing_event_id (str):
        list_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | RateLimitError
    """

    return (
        await asyncio_detailed(
            marketing_event_id=marketing_event_id,
            list_id=list_id,
            client=client,
        )
    ).parsed
