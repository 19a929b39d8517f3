from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.identifier_page import IdentifierPage
from ...models.rate_limit_error import RateLimitError
from ...types import Response


def _get_kwargs(
    external_event_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/marketing/v3/marketing-events/{external_event_id}/identifiers".format(
            external_event_id=quote(str(external_event_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | IdentifierPage | RateLimitError:
    if response.status_code == 200:
        response_200 = IdentifierPage.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(response.json())

        return response_429

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | IdentifierPage | RateLimitError]:
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
) -> Response[Error | IdentifierPage | RateLimitError]:
    """Every event of the account, from any app, with this external event id.

    Args:
        external_event_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | IdentifierPage | RateLimitError]
    """

    kwargs = _get_kwargs(
        external_event_id=external_event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    external_event_id: str,
    *,
    client: AuthenticatedClient,
) -> Error | IdentifierPage | RateLimitError | None:
    """Every event of the account, from any app, with this external event id.

    Args:
        external_event_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | IdentifierPage | RateLimitError
    """

    return sync_detailed(
        external_event_id=external_event_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    external_event_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Error | IdentifierPage | RateLimitError]:
    """Every event of the account, from any app, with this external event id.

    Args:
        external_event_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | IdentifierPage | RateLimitError]
    """

    kwargs = _get_kwargs(
        external_event_id=external_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    external_event_id: str,
    *,
    client: AuthenticatedClient,
) -> Error | IdentifierPage | RateLimitError | None:
    """Every event of the account, from any app, with this external event id.

    Args:
        external_event_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | IdentifierPage | RateLimitError
    """

    return (
        await asyncio_detailed(
            external_event_id=external_event_id,
            client=client,
        )
    ).parsed
