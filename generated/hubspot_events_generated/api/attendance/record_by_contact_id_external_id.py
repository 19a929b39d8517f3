from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.contact_subscriber_batch import ContactSubscriberBatch
from ...models.error import Error
from ...models.rate_limit_error import RateLimitError
from ...models.subscriber_state import SubscriberState
from ...models.vid_batch_response import VidBatchResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    external_event_id: str,
    subscriber_state: SubscriberState,
    *,
    body: ContactSubscriberBatch,
    external_account_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["externalAccountId"] = external_account_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/marketing/v3/marketing-events/attendance/{external_event_id}/{subscriber_state}/create".format(
            external_event_id=quote(str(external_event_id), safe=""),
            subscriber_state=quote(str(subscriber_state), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | RateLimitError | VidBatchResponse:
    if response.status_code == 200:
        response_200 = VidBatchResponse.from_dict(response.json())

        return response_200

    if response.status_code == 207:
        response_207 = VidBatchResponse.from_dict(response.json())

        return response_207

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(response.json())

        return response_429

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | RateLimitError | VidBatchResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    external_event_id: str,
    subscriber_state: SubscriberState,
    *,
    client: AuthenticatedClient,
    body: ContactSubscriberBatch,
    external_account_id: str | Unset = UNSET,
) -> Response[Error | RateLimitError | VidBatchResponse]:
    """Record participation by HubSpot contact id for an event named by its external ids.

    Args:
        external_event_id (str):
        subscriber_state (SubscriberState): The participation state to record.
        external_account_id (str | Unset):
        body (ContactSubscriberBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RateLimitError | VidBatchResponse]
    """

    kwargs = _get_kwargs(
        external_event_id=external_event_id,
        subscriber_state=subscriber_state,
        body=body,
        external_account_id=external_account_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    external_event_id: str,
    subscriber_state: SubscriberState,
    *,
    client: AuthenticatedClient,
    body: ContactSubscriberBatch,
    external_account_id: str | Unset = UNSET,
) -> Error | RateLimitError | VidBatchResponse | None:
    """Record participation by HubSpot contact id for an event named by its external ids.

    Args:
        external_event_id (str):
        subscriber_state (SubscriberState): The participation state to record.
        external_account_id (str | Unset):
        body (ContactSubscriberBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RateLimitError | VidBatchResponse
    """

    return sync_detailed(
        external_event_id=external_event_id,
        subscriber_state=subscriber_state,
        client=client,
        body=body,
        external_account_id=external_account_id,
    ).parsed


async def asyncio_detailed(
    external_event_id: str,
    subscriber_state: SubscriberState,
    *,
    client: AuthenticatedClient,
    body: ContactSubscriberBatch,
    external_account_id: str | Unset = UNSET,
) -> Response[Error | RateLimitError | VidBatchResponse]:
    """Record participation by HubSpot contact id for an event named by its external ids.

    Args:
        external_event_id (str):
        subscriber_state (SubscriberState): The participation state to record.
        external_account_id (str | Unset):
        body (ContactSubscriberBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RateLimitError | VidBatchResponse]
    """

    kwargs = _get_kwargs(
        external_event_id=external_event_id,
        subscriber_state=subscriber_state,
        body=body,
        external_account_id=external_account_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    external_event_id: str,
    subscriber_state: SubscriberState,
    *,
    client: AuthenticatedClient,
    body: ContactSubscriberBatch,
    external_account_id: str | Unset = UNSET,
) -> Error | RateLimitError | VidBatchResponse | None:
    """Record participation by HubSpot contact id for an event named by its external ids.

    Args:
        external_event_id (str):
        subscriber_state (SubscriberState): The participation state to record.
        external_account_id (str | Unset):
        body (ContactSubscriberBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RateLimitError | VidBatchResponse
    """

    return (
        await asyncio_detailed(
            external_event_id=external_event_id,
            subscriber_state=subscriber_state,
            client=client,
            body=body,
            external_account_id=external_account_id,
        )
    ).parsed
