from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.event import Event
from ...models.event_update import EventUpdate
from ...models.rate_limit_error import RateLimitError
from ...types import UNSET, Response


def _get_kwargs(
    external_event_id: str,
    *,
    body: EventUpdate,
    external_account_id: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["externalAccountId"] = external_account_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/marketing/v3/marketing-events/events/{external_event_id}".format(
            external_event_id=quote(str(external_event_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Event | RateLimitError:
    if response.status_code == 200:
        response_200 = Event.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(response.json())

        return response_429

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | Event | RateLimitError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    external_event_id: str,
    *,
    client: AuthenticatedClient,
    body: EventUpdate,
    external_account_id: str,
) -> Response[Error | Event | RateLimitError]:
    """Change some fields of one event named by its external ids.

    Args:
        external_event_id (str):
        external_account_id (str):
        body (EventUpdate): The fields of an event to change; customProperties may be empty or
            absent.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Event | RateLimitError]
    """

    kwargs = _get_kwargs(
        external_event_id=external_event_id,
        body=body,
        external_account_id=external_account_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    external_event_id: str,
    *,
    client: AuthenticatedClient,
    body: EventUpdate,
    external_account_id: str,
) -> Error | Event | RateLimitError | None:
    """Change some fields of one event named by its external ids.

    Args:
        external_event_id (str):
        external_account_id (str):
        body (EventUpdate): The fields of an event to change; customProperties may be empty or
            absent.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Event | RateLimitError
    """

    return sync_detailed(
        external_event_id=external_event_id,
        client=client,
        body=body,
        external_account_id=external_account_id,
    ).parsed


async def asyncio_detailed(
    external_event_id: str,
    *,
    client: AuthenticatedClient,
    body: EventUpdate,
    external_account_id: str,
) -> Response[Error | Event | RateLimitError]:
    """Change some fields of one event named by its external ids.

    Args:
        external_event_id (str):
        external_account_id (str):
        body (EventUpdate): The fields of an event to change; customProperties may be empty or
            absent.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Event | RateLimitError]
    """

    kwargs = _get_kwargs(
        external_event_id=external_event_id,
        body=body,
        external_account_id=external_account_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    external_event_id: str,
    *,
    client: AuthenticatedClient,
    body: EventUpdate,
    external_account_id: str,
) -> Error | Event | RateLimitError | None:
    """Change some fields of one event named by its external ids.

    Args:
        external_event_id (str):
        external_account_id (str):
        body (EventUpdate): The fields of an event to change; customProperties may be empty or
            absent.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Event | RateLimitError
    """

    return (
        await asyncio_detailed(
            external_event_id=external_event_id,
            client=client,
            body=body,
            external_account_id=external_account_id,
        )
    ).parsed
