"""HubSpot's own Python clients work against the fake, every Marketing Events operation they offer.

HubSpot accepts what its own clients send, so the sandbox must too: a fake that rejects a request
of ``hubspot-api-client`` or ``hubspot-sdk`` (or answers something their models cannot parse)
fails ``make test``. One fake serves the whole module over loopback (``running_server``), with
its token and developer API key fixed and no rate limit; each call seeds its own data
(``_official_clients.Sandbox``), then runs the official client's method, which must succeed: a
2xx from the fake, exactly one request, and the body parsed into the client's own model (the SDK
validates responses strictly). The operations are found by introspection and compared with the
call tables, so an operation added in a new release of either client fails here until it has a
call. Where HubSpot's spec and these clients disagree (fields the spec requires and the clients
omit), the curated spec follows what HubSpot accepts, each case a deviation in spec/deviations.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hubspot import HubSpot
from hubspot.marketing.events.exceptions import OpenApiException
from hubspot_sdk import APIError, AsyncHubSpot
from hubspot_sdk import HubSpot as SdkHubSpot

from contract_tests import _official_api_client_calls as api_calls
from contract_tests import _official_sdk_calls as sdk_calls
from contract_tests._official_clients import (
    DEVELOPER_API_KEY,
    TOKEN,
    Sandbox,
    api_client_operations,
    sdk_operations,
)
from hubspot_events.testing import FakeHubSpot, RequestRecord, running_server


class OfficialCallFailed(AssertionError):
    """An official client's call was refused by the fake, or its answer did not parse."""


# -- one fake, on loopback, for the module -----------------------------------------------------


@pytest.fixture(scope="module")
def fake_url() -> Iterator[tuple[FakeHubSpot, str]]:
    fake = FakeHubSpot(
        token=TOKEN,
        developer_api_key=DEVELOPER_API_KEY,
        rate_limit=None,
        epoch_ms=1_772_400_000_000,
    )
    with running_server(fake) as url:
        yield fake, url


@pytest.fixture(scope="module")
def api_sandbox(fake_url: tuple[FakeHubSpot, str]) -> Sandbox:
    fake, url = fake_url
    return Sandbox(
        fake,
        "api",
        api=HubSpot.create(access_token=TOKEN, host=url).marketing.events,
        api_dev=HubSpot.create(api_key=DEVELOPER_API_KEY, host=url).marketing.events,
    )


@pytest.fixture(scope="module")
def sdk_sandbox(fake_url: tuple[FakeHubSpot, str]) -> Iterator[Sandbox]:
    fake, url = fake_url
    # max_retries=0: a refusal surfaces at once (no backoff sleeps); strict validation: the
    # fake's answers must parse into the SDK's models, not merely arrive.
    options: dict[str, Any] = {
        "base_url": url,
        "max_retries": 0,
        "_strict_response_validation": True,
    }
    with (
        SdkHubSpot(access_token=TOKEN, **options) as client,
        SdkHubSpot(developer_api_key=DEVELOPER_API_KEY, **options) as dev,
    ):
        yield Sandbox(
            fake,
            "sdk",
            sdk=client.marketing.marketing_events,
            sdk_dev=dev.marketing.marketing_events,
        )


# -- the checks --------------------------------------------------------------------------------


def _answered(fake: FakeHubSpot, before: int) -> list[RequestRecord]:
    return fake.requests[before:]


def _check_answer(
    operation: str,
    answered: list[RequestRecord],
    result: Any,
    parsed: tuple[type, ...],
    raw: tuple[type, ...] = (),
) -> None:
    """Exactly one request, a 2xx, and its body as one of the client's models.

    A 204 comes back as None, or as one of ``raw`` (the SDK's undecoded responses, which it
    returns for operations whose spec gives the 2xx no schema).
    """
    assert len(answered) == 1, f"{operation} sent {len(answered)} requests: {answered}"
    method, path, status = answered[0]
    assert 200 <= status < 300, f"{operation}: {method} {path} answered {status}"
    assert status != 207, f"{operation}: {method} {path} failed an input (207): {result}"
    if status == 204:
        assert result is None or isinstance(result, raw), (
            f"{operation}: a 204 came back as {result!r}"
        )
    else:
        assert isinstance(result, parsed), (
            f"{operation}: {method} {path} ({status}) came back as {type(result).__name__}, "
            "not one of the client's models"
        )


def _failure(operation: str, answered: list[RequestRecord], error: Exception) -> str:
    sent = ", ".join(f"{m} {p} -> {s}" for m, p, s in answered) or "nothing reached the fake"
    return f"{operation}: {sent}: {type(error).__name__}: {error}"


def _api_client_models() -> tuple[type, ...]:
    from hubspot.marketing.events import models

    return tuple(
        value
        for value in vars(models).values()
        if isinstance(value, type) and hasattr(value, "openapi_types")
    )


def _sdk_models() -> tuple[type, ...]:
    from hubspot_sdk import BaseModel
    from hubspot_sdk.pagination import AsyncPage, SyncPage

    return (BaseModel, SyncPage, AsyncPage)


def _sdk_raw() -> tuple[type, ...]:
    from hubspot_sdk._response import AsyncBinaryAPIResponse, BinaryAPIResponse

    return (BinaryAPIResponse, AsyncBinaryAPIResponse)


# -- hubspot-api-client ------------------------------------------------------------------------


def test_every_hubspot_api_client_operation_has_a_call() -> None:
    offered = api_client_operations(HubSpot(access_token=TOKEN).marketing.events)
    assert len(offered) >= 36, f"hubspot-api-client offers only {len(offered)} operations"
    assert offered == sorted(api_calls.CALLS), (
        "hubspot-api-client's Marketing Events operations and the calls in "
        "_official_api_client_calls differ: add a call for each new operation"
    )


@pytest.mark.parametrize("operation", sorted(api_calls.CALLS))
def test_hubspot_api_client_operation_succeeds_against_the_fake(
    operation: str, api_sandbox: Sandbox
) -> None:
    fake = api_sandbox.fake
    run = api_calls.CALLS[operation](api_sandbox)
    before = len(fake.requests)
    try:
        result = run()
    except (OpenApiException, ValueError) as error:  # ValueError: a model refused the answer
        raise OfficialCallFailed(_failure(operation, _answered(fake, before), error)) from error
    _check_answer(operation, _answered(fake, before), result, _api_client_models())


# -- hubspot-sdk (sync and async) --------------------------------------------------------------


def test_every_hubspot_sdk_operation_has_a_call() -> None:
    sync = sdk_operations(SdkHubSpot(access_token=TOKEN).marketing.marketing_events)
    async_ = sdk_operations(AsyncHubSpot(access_token=TOKEN).marketing.marketing_events)
    assert len(sync) >= 36, f"hubspot-sdk offers only {len(sync)} operations"
    assert async_ == sync, "hubspot-sdk's async client offers other operations than its sync one"
    assert sync == sorted(sdk_calls.CALLS), (
        "hubspot-sdk's Marketing Events operations and the calls in _official_sdk_calls "
        "differ: add a call for each new operation"
    )


@pytest.mark.parametrize("operation", sorted(sdk_calls.CALLS))
def test_hubspot_sdk_operation_succeeds_against_the_fake(
    operation: str, sdk_sandbox: Sandbox
) -> None:
    fake = sdk_sandbox.fake
    run = sdk_calls.CALLS[operation](sdk_sandbox)
    before = len(fake.requests)
    try:
        result = run()
    except APIError as error:  # APIStatusError, APIResponseValidationError, connection errors
        raise OfficialCallFailed(_failure(operation, _answered(fake, before), error)) from error
    _check_answer(operation, _answered(fake, before), result, _sdk_models(), _sdk_raw())


@pytest.mark.parametrize("operation", sorted(sdk_calls.CALLS))
async def test_hubspot_sdk_async_operation_succeeds_against_the_fake(
    operation: str, fake_url: tuple[FakeHubSpot, str]
) -> None:
    fake, url = fake_url
    options: dict[str, Any] = {
        "base_url": url,
        "max_retries": 0,
        "_strict_response_validation": True,
    }
    async with (
        AsyncHubSpot(access_token=TOKEN, **options) as client,
        AsyncHubSpot(developer_api_key=DEVELOPER_API_KEY, **options) as dev,
    ):
        sandbox = Sandbox(
            fake,
            "sdk-async",
            sdk=client.marketing.marketing_events,
            sdk_dev=dev.marketing.marketing_events,
        )
        run = sdk_calls.CALLS[operation](sandbox)
        before = len(fake.requests)
        try:
            result = await run()
        except APIError as error:
            raise OfficialCallFailed(_failure(operation, _answered(fake, before), error)) from error
    _check_answer(operation, _answered(fake, before), result, _sdk_models(), _sdk_raw())
