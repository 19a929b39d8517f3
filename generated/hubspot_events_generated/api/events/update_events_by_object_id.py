from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.event_object_batch_response import EventObjectBatchResponse
from ...models.event_object_update_batch import EventObjectUpdateBatch
from ...models.rate_limit_error import RateLimitError
from ...types import Response


def _get_kwargs(
    *,
    body: EventObjectUpdateBatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/marketing/v3/marketing-events/batch/update",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | EventObjectBatchResponse | RateLimitError:
    if response.status_code == 200:
        response_200 = EventObjectBatchResponse.from_dict(response.json())

        return response_200

    if response.status_code == 207:
        response_207 = EventObjectBatchResponse.from_dict(response.json())

        return response_207

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(response.json())

        return response_429

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | EventObjectBatchResponse | RateLimitError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: EventObjectUpdateBatch,
) -> Response[Error | EventObjectBatchResponse | RateLimitError]:
    """Change some fields of many events named by their HubSpot object ids.

    Args:
        body (EventObjectUpdateBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EventObjectBatchResponse | RateLimitError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: EventObjectUpdateBatch,
) -> Error | EventObjectBatchResponse | RateLimitError | None:
    """Change some fields of many events named by their HubSpot object ids.

    Args:
        body (EventObjectUpdateBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EventObjectBatchResponse | RateLimitError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: EventObjectUpdateBatch,
) -> Response[Error | EventObjectBatchResponse | RateLimitError]:
    """Change some fields of many events named by their HubSpot object ids.

    Args:
        body (EventObjectUpdateBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EventObjectBatchResponse | RateLimitError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: EventObjectUpdateBatch,
) -> Error | EventObjectBatchResponse | RateLimitError | None:
    """Change some fields of many events named by their HubSpot object ids.

    Args:
        body (EventObjectUpdateBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EventObjectBatchResponse | RateLimitError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
