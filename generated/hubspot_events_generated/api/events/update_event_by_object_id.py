from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.event_object import EventObject
from ...models.event_object_update import EventObjectUpdate
from ...models.rate_limit_error import RateLimitError
from ...types import Response


def _get_kwargs(
    object_id: str,
    *,
    body: EventObjectUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/marketing/v3/marketing-events/{object_id}".format(
            object_id=quote(str(object_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | EventObject | RateLimitError:
    if response.status_code == 200:
        response_200 = EventObject.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(response.json())

        return response_429

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | EventObject | RateLimitError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    object_id: str,
    *,
    client: AuthenticatedClient,
    body: EventObjectUpdate,
) -> Response[Error | EventObject | RateLimitError]:
    """Change some fields of one event named by its HubSpot object id.

    Args:
        object_id (str):
        body (EventObjectUpdate): The fields of an event named by object id to change;
            customProperties may be empty.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EventObject | RateLimitError]
    """

    kwargs = _get_kwargs(
        object_id=object_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    object_id: str,
    *,
    client: AuthenticatedClient,
    body: EventObjectUpdate,
) -> Error | EventObject | RateLimitError | None:
    """Change some fields of one event named by its HubSpot object id.

    Args:
        object_id (str):
        body (EventObjectUpdate): The fields of an event named by object id to change;
            customProperties may be empty.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EventObject | RateLimitError
    """

    return sync_detailed(
        object_id=object_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    object_id: str,
    *,
    client: AuthenticatedClient,
    body: EventObjectUpdate,
) -> Response[Error | EventObject | RateLimitError]:
    """Change some fields of one event named by its HubSpot object id.

    Args:
        object_id (str):
        body (EventObjectUpdate): The fields of an event named by object id to change;
            customProperties may be empty.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EventObject | RateLimitError]
    """

    kwargs = _get_kwargs(
        object_id=object_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    object_id: str,
    *,
    client: AuthenticatedClient,
    body: EventObjectUpdate,
) -> Error | EventObject | RateLimitError | None:
    """Change some fields of one event named by its HubSpot object id.

    Args:
        object_id (str):
        body (EventObjectUpdate): The fields of an event named by object id to change;
            customProperties may be empty.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EventObject | RateLimitError
    """

    return (
        await asyncio_detailed(
            object_id=object_id,
            client=client,
            body=body,
        )
    ).parsed
