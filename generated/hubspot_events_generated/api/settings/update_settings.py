from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.app_settings import AppSettings
from ...models.app_settings_update import AppSettingsUpdate
from ...models.error import Error
from ...models.rate_limit_error import RateLimitError
from ...types import Response


def _get_kwargs(
    app_id: int,
    *,
    body: AppSettingsUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/marketing/v3/marketing-events/{app_id}/settings".format(
            app_id=quote(str(app_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AppSettings | Error | RateLimitError:
    if response.status_code == 200:
        response_200 = AppSettings.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(response.json())

        return response_429

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AppSettings | Error | RateLimitError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    app_id: int,
    *,
    client: AuthenticatedClient,
    body: AppSettingsUpdate,
) -> Response[AppSettings | Error | RateLimitError]:
    """Set an app's event-details URL (needs the app's developer API key).

    Args:
        app_id (int):
        body (AppSettingsUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AppSettings | Error | RateLimitError]
    """

    kwargs = _get_kwargs(
        app_id=app_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    app_id: int,
    *,
    client: AuthenticatedClient,
    body: AppSettingsUpdate,
) -> AppSettings | Error | RateLimitError | None:
    """Set an app's event-details URL (needs the app's developer API key).

    Args:
        app_id (int):
        body (AppSettingsUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AppSettings | Error | RateLimitError
    """

    return sync_detailed(
        app_id=app_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    app_id: int,
    *,
    client: AuthenticatedClient,
    body: AppSettingsUpdate,
) -> Response[AppSettings | Error | RateLimitError]:
    """Set an app's event-details URL (needs the app's developer API key).

    Args:
        app_id (int):
        body (AppSettingsUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AppSettings | Error | RateLimitError]
    """

    kwargs = _get_kwargs(
        app_id=app_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    app_id: int,
    *,
    client: AuthenticatedClient,
    body: AppSettingsUpdate,
) -> AppSettings | Error | RateLimitError | None:
    """Set an app's event-details URL (needs the app's developer API key).

    Args:
        app_id (int):
        body (AppSettingsUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AppSettings | Error | RateLimitError
    """

    return (
        await asyncio_detailed(
            app_id=app_id,
            client=client,
            body=body,
        )
    ).parsed
