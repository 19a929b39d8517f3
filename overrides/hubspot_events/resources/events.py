"""``client.events``: create, change, cancel, complete, delete, find and read marketing events.

Each operation is one description (a function of the client's defaults and the caller's
arguments to a call, see ``_method``); ``Events`` lists them once for both clients. Where HubSpot
has an operation twice, by external ids and by object id, one description takes exactly one of
``external_event_id=`` / ``object_id=`` and picks the endpoint.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Iterable, Mapping
from typing import Any

from hubspot_events import _inputs
from hubspot_events._batching import BatchOperation, Confirmation, body, json_body
from hubspot_events._fast_models import parser
from hubspot_events._results import BatchResult
from hubspot_events.resources._common import Defaults, M, non_empty, one_event
from hubspot_events.resources._method import (
    Batch,
    Paged,
    Read,
    Resource,
    batch,
    cursor,
    paged,
    read,
    results_of,
)
from hubspot_events.types import (
    DateTime,
    EventBatchUpdateParam,
    EventInputParam,
    EventObjectUpdateParam,
    EventReplaceParam,
    EventUpdateParam,
    ExternalEventKeyParam,
    ObjectIdParam,
)
from hubspot_events_generated.api.events import (
    cancel_event,
    complete_event,
    create_event,
    delete_event,
    delete_event_by_object_id,
    delete_events,
    delete_events_by_object_id,
    get_event,
    get_event_by_object_id,
    get_identifiers,
    list_events,
    replace_event,
    search_events,
    update_event,
    update_event_by_object_id,
    update_events_by_object_id,
    upsert_events,
)
from hubspot_events_generated.models import (
    Event,
    EventDetails,
    EventIdentifiers,
    EventInfo,
    EventInput,
    EventObject,
    EventObjectUpdate,
    EventObjectUpdateItem,
    EventSummary,
    EventUpdate,
    ExternalEventKey,
    IdentifierPage,
    ObjectIdInput,
    SearchResult,
    SearchResults,
)

PAGE_SIZE = 100


def _upsert(
    defaults: Defaults,
    events: Iterable[EventInput | EventInputParam] | AsyncIterable[EventInput | EventInputParam],
    *,
    on_chunk: Callable[[BatchResult[Event]], object] | None = None,
) -> Batch[Event]:
    """Create or update events, each matched on (externalAccountId, externalEventId).

    Sends: POST /marketing/v3/marketing-events/events/upsert, one request per ``batch_size``
        inputs; ``externalAccountId`` falls back to the client's ``external_account_id``.
    Returns: BatchResult[Event]: every input in ``.succeeded`` or ``.failed`` (a bad input fails
        alone, ``INVALID_INPUT`` with the field to fix); ``.results``: HubSpot's ``Event``s.
        With ``on_chunk=``, each chunk's result goes there and this one keeps only counts.
    Raises: AuthenticationError, PermissionDeniedError or RateLimitError (daily limit) stop the
        call, with ``.partial_result``; TypeError if ``events`` is not an iterable of inputs
        (an async iterable needs AsyncHubSpotEvents).
    Scope: crm.objects.marketing_events.write
    Example:
        hs.events.upsert([{"externalEventId": "w-1", "eventName": "Demo", "eventOrganizer": "Me"}])
    """
    operation = BatchOperation(
        prepare=lambda item, _now: _inputs.event(item, defaults.external_account_id),
        request=lambda inputs: upsert_events._get_kwargs(body=body(inputs)),
        key="externalEventId",
        result_key=None,
        parse_result=parser(Event),
        confirmation=Confirmation.RESULT_COUNT,
    )
    return Batch(operation, events, on_chunk=on_chunk)


def _create(defaults: Defaults, event: EventInput | EventInputParam) -> Read[EventInfo]:
    """Create one event; ``events.upsert`` is the idempotent way to do the same.

    Sends: POST /marketing/v3/marketing-events/events (``externalAccountId`` falls back to the
        client's ``external_account_id``).
    Returns: EventInfo, the event as created.
    Raises: ValueError naming the field, before sending, if ``event`` is invalid; ConflictError
        if this app already has an event with these external ids (a retried create whose first
        answer was lost can see this too); BadRequestError if HubSpot refuses a field.
    Scope: crm.objects.marketing_events.write
    Example:
        hs.events.create({"externalEventId": "w-1", "eventName": "Demo", "eventOrganizer": "Me"})
    """
    data = _inputs.event(event, defaults.external_account_id)
    return Read(create_event._get_kwargs(body=json_body(data)), parser(EventInfo))


def _upsert_one(
    defaults: Defaults,
    external_event_id: str,
    event: EventInput | EventInputParam | EventReplaceParam,
) -> Read[Event]:
    """Create or replace the event ``external_event_id`` with ``event``'s fields.

    Sends: PUT /marketing/v3/marketing-events/events/{externalEventId}
    Returns: Event, as stored.
    Raises: ValueError, before sending, naming the field if ``event`` is invalid or its
        ``externalEventId`` differs from ``external_event_id``; BadRequestError if HubSpot
        refuses a field.
    Scope: crm.objects.marketing_events.write
    Example: hs.events.upsert_one("w-1", {"eventName": "Demo", "eventOrganizer": "Me"})
    """
    event_id = non_empty(external_event_id, "external_event_id")
    data = dict(event) if isinstance(event, Mapping) else dict(event.to_dict())
    named = data.setdefault("externalEventId", event_id)
    if named != event_id:
        raise ValueError(
            f"event's externalEventId {named!r} differs from external_event_id {event_id!r}; "
            "drop one or make them equal"
        )
    body_json = _inputs.event(data, defaults.external_account_id)
    return Read(replace_event._get_kwargs(event_id, body=json_body(body_json)), parser(Event))


def _get(
    defaults: Defaults,
    external_event_id: str | None = None,
    external_account_id: str | None = None,
    *,
    object_id: str | None = None,
) -> Read[EventDetails | EventSummary]:
    """One event: by external id (an event of this app, with its counts) or by object id.

    Sends: GET /marketing/v3/marketing-events/events/{externalEventId}?externalAccountId=...
        (by external id), or GET /marketing/v3/marketing-events/{objectId} (by ``object_id=``).
    Returns: EventDetails (by external id) or EventSummary (by object id).
    Raises: NotFoundError if there is no such event (by external id: of this app); TypeError
        unless exactly one of ``external_event_id`` / ``object_id`` is given; ValueError, before
        sending, without an external account id (argument or client default).
    Scope: crm.objects.marketing_events.read
    Example: hs.events.get("w-1", external_account_id="zoom-42")
    """
    event_id, obj_id = one_event(external_event_id, object_id)
    if obj_id is not None:
        return Read(get_event_by_object_id._get_kwargs(obj_id), parser(EventSummary))
    assert event_id is not None
    account = defaults.account(external_account_id, operation="events.get")
    return Read(get_event._get_kwargs(event_id, external_account_id=account), parser(EventDetails))


def _update(
    defaults: Defaults,
    external_event_id: str | None = None,
    fields: EventUpdate
    | EventObjectUpdate
    | EventUpdateParam
    | EventObjectUpdateParam
    | None = None,
    *,
    object_id: str | None = None,
    external_account_id: str | None = None,
) -> Read[Event | EventObject]:
    """Change the given fields of one event (``eventName``, dates, ``customProperties``...).

    Sends: PATCH /marketing/v3/marketing-events/events/{externalEventId}?externalAccountId=...
        (by external id), or PATCH /marketing/v3/marketing-events/{objectId} (by ``object_id=``).
    Returns: Event (by external id) or EventObject (by object id), as stored.
    Raises: NotFoundError if there is no such event; TypeError without ``fields`` or unless
        exactly one of ``external_event_id`` / ``object_id`` is given; ValueError, before
        sending, naming a field that is unknown or invalid (or naming none to change), or
        without an external account id; BadRequestError if HubSpot refuses a field.
    Scope: crm.objects.marketing_events.write
    Example: hs.events.update("w-1", {"eventName": "Demo day"}, external_account_id="zoom-42")
    """
    event_id, obj_id = one_event(external_event_id, object_id)
    if fields is None:
        raise TypeError("events.update needs fields=...: a mapping of the fields to change")
    if obj_id is not None:
        changes = _inputs.event_changes(fields, "EventObjectUpdate")
        request = update_event_by_object_id._get_kwargs(obj_id, body=json_body(changes))
        return Read(request, parser(EventObject))
    assert event_id is not None
    account = defaults.account(external_account_id, operation="events.update")
    changes = _inputs.event_changes(fields, "EventUpdate")
    request = update_event._get_kwargs(
        event_id, body=json_body(changes), external_account_id=account
    )
    return Read(request, parser(Event))


def _delete(
    defaults: Defaults,
    external_event_id: str | None = None,
    external_account_id: str | None = None,
    *,
    object_id: str | None = None,
) -> Read[None]:
    """Delete one event and its participations.

    Sends: DELETE /marketing/v3/marketing-events/events/{externalEventId}?externalAccountId=...
        (by external id), or DELETE /marketing/v3/marketing-events/{objectId} (by ``object_id=``).
    Returns: None (HubSpot answers 204).
    Raises: NotFoundError if there is no such event; TypeError unless exactly one of
        ``external_event_id`` / ``object_id`` is given; ValueError, before sending, without an
        external account id (argument or client default).
    Scope: crm.objects.marketing_events.write
    Example: hs.events.delete(object_id="58237132332")
    """
    event_id, obj_id = one_event(external_event_id, object_id)
    if obj_id is not None:
        return Read(delete_event_by_object_id._get_kwargs(obj_id), None)
    assert event_id is not None
    account = defaults.account(external_account_id, operation="events.delete")
    return Read(delete_event._get_kwargs(event_id, external_account_id=account), None)


def _external_key(item: Any, account: str | None, app_id: int) -> dict[str, Any]:
    """One event of ``events/delete``: an external event id, or a mapping of the three ids."""
    data = {"externalEventId": item} if isinstance(item, str) else _inputs.as_mapping(item)
    out = {
        "appId": data.get("appId", app_id),
        "externalAccountId": data.get("externalAccountId", account),
        "externalEventId": data.get("externalEventId"),
    }
    if out["externalAccountId"] is None:
        raise _inputs.InvalidInput(
            "externalAccountId", "is required: pass external_account_id=... or set it per item"
        )
    unknown = set(data) - set(out)
    if unknown:
        name = sorted(_inputs.shown(k) if not isinstance(k, str) else k for k in unknown)[0]
        raise _inputs.InvalidInput(name, "unknown field")
    for name in ("externalAccountId", "externalEventId"):
        value = out[name]
        if not isinstance(value, str) or not value.strip():
            raise _inputs.InvalidInput(
                name, f"must be a non-empty string, got {_inputs.shown(value)}"
            )
        _inputs.text(value, name)
    if isinstance(out["appId"], bool) or not isinstance(out["appId"], int):
        raise _inputs.InvalidInput(
            "appId", f"must be an integer, got {_inputs.shown(out['appId'])}"
        )
    return out


def _object_key(item: Any) -> dict[str, Any]:
    """One event named by object id: the id itself (str or int) or ``{"objectId": ...}``."""
    if isinstance(item, str | int) and not isinstance(item, bool):
        data: dict[str, Any] = {"objectId": item}
    else:
        data = _inputs.as_mapping(item)
    if set(data) != {"objectId"}:
        raise _inputs.InvalidInput("objectId", "is required, and is the only field")
    return {"objectId": _inputs.object_id(data["objectId"])}


def _delete_many(
    defaults: Defaults,
    *,
    external_event_ids: Iterable[str | ExternalEventKey | ExternalEventKeyParam]
    | AsyncIterable[str | ExternalEventKey | ExternalEventKeyParam]
    | None = None,
    object_ids: Iterable[str | int | ObjectIdInput | ObjectIdParam]
    | AsyncIterable[str | int | ObjectIdInput | ObjectIdParam]
    | None = None,
    external_account_id: str | None = None,
    app_id: int | None = None,
    on_chunk: Callable[[BatchResult[dict[str, Any]]], object] | None = None,
) -> Batch[dict[str, Any]]:
    """Delete many events, named by external ids (of ``app_id``'s events) or by object ids.

    Sends: POST /marketing/v3/marketing-events/events/delete (``external_event_ids=``: ids, or
        ``{"externalEventId", "externalAccountId", "appId"}`` with the last two defaulted), or
        POST /marketing/v3/marketing-events/batch/archive (``object_ids=``), per ``batch_size``.
    Returns: BatchResult[dict[str, Any]]: every input in ``.succeeded`` or ``.failed``; HubSpot
        answers no per-event results, so ``.results`` is empty.
    Raises: AuthenticationError, PermissionDeniedError or RateLimitError (daily limit) stop the
        call, with ``.partial_result``; TypeError unless exactly one of ``external_event_ids`` /
        ``object_ids`` is given; ValueError, before sending, by external ids without an
        ``app_id`` (argument or client default).
    Scope: crm.objects.marketing_events.write
    Example: hs.events.delete_many(object_ids=["58237132332", "58237132333"])
    """
    if (external_event_ids is None) == (object_ids is None):
        raise TypeError(
            "name the events with exactly one of external_event_ids=... or object_ids=...; got "
            + ("both" if external_event_ids is not None else "neither")
        )
    if object_ids is not None:
        operation = BatchOperation(
            prepare=lambda item, _now: _object_key(item),
            request=lambda inputs: delete_events_by_object_id._get_kwargs(body=body(inputs)),
            key="objectId",
            result_key=None,
            parse_result=None,
            confirmation=Confirmation.ANSWER,
        )
        return Batch(operation, object_ids, on_chunk=on_chunk)
    assert external_event_ids is not None
    app = defaults.app(app_id, operation="events.delete_many")
    account = external_account_id or defaults.external_account_id
    operation = BatchOperation(
        prepare=lambda item, _now: _external_key(item, account, app),
        request=lambda inputs: delete_events._get_kwargs(body=body(inputs)),
        key="externalEventId",
        result_key=None,
        parse_result=None,
        confirmation=Confirmation.ANSWER,
    )
    return Batch(operation, external_event_ids, on_chunk=on_chunk)


def _update_item(item: Any) -> dict[str, Any]:
    data = _inputs.as_mapping(item)
    if "objectId" in data:
        data["objectId"] = _inputs.object_id(data["objectId"])
    return _inputs.event_changes(data, "EventObjectUpdateItem", required=("objectId",))


def _update_many(
    defaults: Defaults,
    updates: Iterable[EventObjectUpdateItem | EventBatchUpdateParam]
    | AsyncIterable[EventObjectUpdateItem | EventBatchUpdateParam],
    *,
    on_chunk: Callable[[BatchResult[EventObject]], object] | None = None,
) -> Batch[EventObject]:
    """Change fields of many events, each named by HubSpot's ``objectId``.

    Sends: POST /marketing/v3/marketing-events/batch/update, one request per ``batch_size``
        inputs; an absent ``customProperties`` is sent as ``[]`` (no change).
    Returns: BatchResult[EventObject]: every input in ``.succeeded`` (confirmed by a result with
        its ``objectId``) or ``.failed``; ``.results``: the events as stored.
    Raises: AuthenticationError, PermissionDeniedError or RateLimitError (daily limit) stop the
        call, with ``.partial_result``; TypeError if ``updates`` is not an iterable of inputs
        (an async iterable needs AsyncHubSpotEvents).
    Scope: crm.objects.marketing_events.write
    Example: hs.events.update_many([{"objectId": "58237132332", "eventCancelled": True}])
    """
    operation = BatchOperation(
        prepare=lambda item, _now: _update_item(item),
        request=lambda inputs: update_events_by_object_id._get_kwargs(body=body(inputs)),
        key="objectId",
        result_key="objectId",
        parse_result=parser(EventObject),
        confirmation=Confirmation.RESULTS,
    )
    return Batch(operation, updates, on_chunk=on_chunk)


def _cancel(
    defaults: Defaults, external_event_id: str, external_account_id: str | None = None
) -> Read[EventInfo]:
    """Mark an event cancelled.

    Sends: POST /marketing/v3/marketing-events/events/{externalEventId}/cancel
        ?externalAccountId=...
    Returns: EventInfo, the event as cancelled.
    Raises: NotFoundError if this app has no such event; ValueError, before sending, without an
        external account id (argument or client default).
    Scope: crm.objects.marketing_events.write
    Example: hs.events.cancel("w-1", external_account_id="zoom-42")
    """
    account = defaults.account(external_account_id, operation="events.cancel")
    event_id = non_empty(external_event_id, "external_event_id")
    return Read(cancel_event._get_kwargs(event_id, external_account_id=account), parser(EventInfo))


def _complete(
    defaults: Defaults,
    external_event_id: str,
    start_date_time: DateTime,
    end_date_time: DateTime,
    external_account_id: str | None = None,
) -> Read[EventInfo]:
    """Mark an event completed with its final start and end (aware datetimes or ISO strings).

    Sends: POST /marketing/v3/marketing-events/events/{externalEventId}/complete
        ?externalAccountId=..., with ``{"startDateTime", "endDateTime"}``.
    Returns: EventInfo, the event as completed.
    Raises: NotFoundError if this app has no such event; ValueError, before sending, naming a
        date that is naive, not RFC 3339 or out of range, or without an external account id.
    Scope: crm.objects.marketing_events.write
    Example: hs.events.complete("w-1", "2026-06-15T15:00:00Z", "2026-06-15T16:00:00Z")
    """
    account = defaults.account(external_account_id, operation="events.complete")
    event_id = non_empty(external_event_id, "external_event_id")
    dates = {
        "startDateTime": _inputs.date_time(start_date_time, "start_date_time"),
        "endDateTime": _inputs.date_time(end_date_time, "end_date_time"),
    }
    request = complete_event._get_kwargs(
        event_id, body=json_body(dates), external_account_id=account
    )
    return Read(request, parser(EventInfo))


def _search(defaults: Defaults, q: str) -> Read[list[SearchResult]]:
    """This app's events whose external event id contains ``q``.

    Sends: GET /marketing/v3/marketing-events/events/search?q=...
    Returns: list[SearchResult] (HubSpot does not page this answer).
    Raises: ValueError, before sending, if ``q`` is blank.
    Scope: crm.objects.marketing_events.read
    Example: hs.events.search("webinar-")
    """
    request = search_events._get_kwargs(q=non_empty(q, "q"))
    return Read(request, results_of(SearchResults, SearchResult))


def _identifiers(defaults: Defaults, external_event_id: str) -> Read[list[EventIdentifiers]]:
    """Every event of the account (any app) with this external event id, with its object id.

    Sends: GET /marketing/v3/marketing-events/{externalEventId}/identifiers
    Returns: list[EventIdentifiers] (HubSpot does not page this answer).
    Raises: ValueError, before sending, if ``external_event_id`` is blank.
    Scope: crm.objects.marketing_events.read
    Example: hs.events.identifiers("w-1")
    """
    request = get_identifiers._get_kwargs(non_empty(external_event_id, "external_event_id"))
    return Read(request, results_of(IdentifierPage, EventIdentifiers))


def _list(defaults: Defaults, *, page_size: int = PAGE_SIZE) -> Paged[EventSummary]:
    """Every event of the account (any app); pages are fetched as you iterate.

    Sends: GET /marketing/marketing-events/v3?limit=...&after=..., one request per page.
    Returns: Pager[EventSummary] (AsyncPager on the async client): iterate it for the events, or
        ``.pages()`` for each page with its answer.
    Raises: while iterating: PaginationError if HubSpot repeats a cursor or sends endless empty
        pages (the events already yielded are not the whole list).
    Scope: crm.objects.marketing_events.read
    Example: for event in hs.events.list(): print(event.object_id, event.event_name)
    """
    return Paged(
        lambda after: list_events._get_kwargs(after=cursor(after), limit=page_size),
        parser(EventSummary),
    )


class Events(Resource[M]):
    """Marketing events: ``client.events``. Create, change, cancel, complete, delete, read.

    An event is named by your platform's ids (``external_event_id`` with the external account
    id, which falls back to the client's ``external_account_id``) or by HubSpot's ``object_id``;
    methods that take both want exactly one. Batch methods (``upsert``, ``update_many``,
    ``delete_many``) account for every input in a ``BatchResult``; the others return the model.
    Every call can raise AuthenticationError (401), PermissionDeniedError (403, a missing scope),
    RateLimitError (429 after retries, or the daily limit), InternalServerError and
    APIConnectionError (after retries).
    Scope: crm.objects.marketing_events.write to change events, .read to read them.
    Example: hs.events.upsert(rows).raise_for_errors()
    """

    upsert = batch(_upsert)
    create = read(_create)
    upsert_one = read(_upsert_one)
    get = read(_get)
    update = read(_update)
    delete = read(_delete)
    delete_many = batch(_delete_many)
    update_many = batch(_update_many)
    cancel = read(_cancel)
    complete = read(_complete)
    search = read(_search)
    identifiers = read(_identifiers)
    list = paged(_list)
