from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_page import ListPage
from ...models.rate_limit_error import RateLimitError
from ...types import Response


def _get_kwargs(
    external_account_id: str,
    external_event_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/marketing/v3/marketing-events/associations/{external_account_id}/{external_event_id}/lists".format(
            external_account_id=quote(str(external_account_id), safe=""),
            external_event_id=quote(str(external_event_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListPage | RateLimitError:
    if response.status_code == 200:
        response_200 = ListPage.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(response.json())

        return response_429

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ListPage | RateLimitError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    external_account_id: str,
    external_event_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Error | ListPage | RateLimitError]:
    """The lists associated with an event named by its external ids.

    Args:
        external_account_id (str):
        external_event_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListPage | RateLimitError]
    """

    kwargs = _get_kwargs(
        external_account_id=external_account_id,
        external_event_id=external_event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    external_account_id: str,
    external_event_id: str,
    *,
    client: AuthenticatedClient,
) -> Error | ListPage | RateLimitError | None:
    """The lists associated with an event named by its external ids.

    Args:
        external_account_id (str):
        external_event_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListPage | RateLimitError
    """

    return sync_detailed(
        external_account_id=external_account_id,
        external_event_id=external_event_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    external_account_id: str,
    external_event_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Error | ListPage | RateLimitError]:
    """The lists associated with an event named by its external ids.

    Args:
        external_account_id (str):
        external_event_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListPage | RateLimitError]
    """

    kwargs = _get_kwargs(
        external_account_id=external_account_id,
        external_event_id=external_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    external_account_id: str,
    external_event_id: str,
    *,
    client: AuthenticatedClient,
) -> Error | ListPage | RateLimitError | None:
    """The lists associated with an event named by its external ids.

    Args:
        external_account_id (str):
        external_event_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListPage | RateLimitError
    """

    return (
        await asyncio_detailed(
            external_account_id=external_account_id,
            external_event_id=external_event_id,
            client=client,
        )
    ).parsed
