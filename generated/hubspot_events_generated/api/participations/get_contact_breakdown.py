from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.participation_page import ParticipationPage
from ...models.participation_state_filter import ParticipationStateFilter
from ...models.rate_limit_error import RateLimitError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    contact_identifier: str,
    *,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    state: ParticipationStateFilter | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params["limit"] = limit

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state.value

    params["state"] = json_state

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/marketing/v3/marketing-events/participations/contacts/{contact_identifier}/breakdown".format(
            contact_identifier=quote(str(contact_identifier), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ParticipationPage | RateLimitError:
    if response.status_code == 200:
        response_200 = ParticipationPage.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(response.json())

        return response_429

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ParticipationPage | RateLimitError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    contact_identifier: str,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    state: ParticipationStateFilter | Unset = UNSET,
) -> Response[Error | ParticipationPage | RateLimitError]:
    """Read one contact's participations across every event, a cursor page at a time.

    Args:
        contact_identifier (str):
        after (str | Unset):
        limit (int | Unset):  Default: 10.
        state (ParticipationStateFilter | Unset): A participation state to filter a breakdown by.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ParticipationPage | RateLimitError]
    """

    kwargs = _get_kwargs(
        contact_identifier=contact_identifier,
        after=after,
        limit=limit,
        state=state,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    contact_identifier: str,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    state: ParticipationStateFilter | Unset = UNSET,
) -> Error | ParticipationPage | RateLimitError | None:
    """Read one contact's participations across every event, a cursor page at a time.

    Args:
        contact_identifier (str):
        after (str | Unset):
        limit (int | Unset):  Default: 10.
        state (ParticipationStateFilter | Unset): A participation state to filter a breakdown by.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ParticipationPage | RateLimitError
    """

    return sync_detailed(
        contact_identifier=contact_identifier,
        client=client,
        after=after,
        limit=limit,
        state=state,
    ).parsed


async def asyncio_detailed(
    contact_identifier: str,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    state: ParticipationStateFilter | Unset = UNSET,
) -> Response[Error | ParticipationPage | RateLimitError]:
    """Read one contact's participations across every event, a cursor page at a time.

    Args:
        contact_identifier (str):
        after (str | Unset):
        limit (int | Unset):  Default: 10.
        state (ParticipationStateFilter | Unset): A participation state to filter a breakdown by.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ParticipationPage | RateLimitError]
    """

    kwargs = _get_kwargs(
        contact_identifier=contact_identifier,
        after=after,
        limit=limit,
        state=state,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    contact_identifier: str,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = 10,
    state: ParticipationStateFilter | Unset = UNSET,
) -> Error | ParticipationPage | RateLimitError | None:
    """Read one contact's participations across every event, a cursor page at a time.

    Args:
        contact_identifier (str):
        after (str | Unset):
        limit (int | Unset):  Default: 10.
        state (ParticipationStateFilter | Unset): A participation state to filter a breakdown by.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ParticipationPage | RateLimitError
    """

    return (
        await asyncio_detailed(
            contact_identifier=contact_identifier,
            client=client,
            after=after,
            limit=limit,
            state=state,
        )
    ).parsed
