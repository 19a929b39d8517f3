"""``client.events``: create, change, cancel, complete, delete, find and read marketing events.

Each operation is one description (a function of the client's defaults and the caller's
arguments to a call, see ``_method``); ``Events`` lists them once for both clients. Where HubSpot
has an operation twice, by external ids and by object id, one description takes exactly one of
``external_event_id=`` / ``object_id=`` and picks the endpoint.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, TypeAlias

from hubspot_events import _inputs
from hubspot_events._batching import BatchOperation, Confirmation, body, json_body
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
    EventSummary,
    IdentifierPage,
    SearchResult,
    SearchResults,
)

EventLike: TypeAlias = EventInput | Mapping[str, Any]
FieldsLike: TypeAlias = Mapping[str, Any]
DateTimeLike: TypeAlias = datetime | str
PAGE_SIZE = 100


def _upsert(defaults: Defaults, events: Iterable[EventLike]) -> Batch:
    """Create or update events keyed by (externalAccountId, externalEventId), in chunks."""
    operation = BatchOperation(
        prepare=lambda item: _inputs.event(item, defaults.external_account_id),
        request=lambda inputs: upsert_events._get_kwargs(body=body(inputs)),
        key=lambda data: str(data["externalEventId"]),
        result_key=None,
        parse_result=Event.from_dict,
        confirmation=Confirmation.RESULT_COUNT,
    )
    return Batch(operation, events)


def _create(defaults: Defaults, event: EventLike) -> Read[EventInfo]:
    """Create one event (HubSpot's ``POST events``); ``events.upsert`` is the idempotent way."""
    data = _inputs.event(event, defaults.external_account_id)
    return Read(create_event._get_kwargs(body=json_body(data)), EventInfo.from_dict)


def _upsert_one(defaults: Defaults, external_event_id: str, event: EventLike) -> Read[Event]:
    """Create or replace the event ``external_event_id`` with ``event``'s fields."""
    event_id = non_empty(external_event_id, "external_event_id")
    data = dict(event) if isinstance(event, Mapping) else dict(event.to_dict())
    named = data.setdefault("externalEventId", event_id)
    if named != event_id:
        raise ValueError(
            f"event's externalEventId {named!r} differs from external_event_id {event_id!r}; "
            "drop one or make them equal"
        )
    body_json = _inputs.event(data, defaults.external_account_id)
    return Read(replace_event._get_kwargs(event_id, body=json_body(body_json)), Event.from_dict)


def _get(
    defaults: Defaults,
    external_event_id: str | None = None,
    external_account_id: str | None = None,
    *,
    object_id: str | None = None,
) -> Read[EventDetails | EventSummary]:
    """One event: by external id (an event of this app, with its counts) or by object id."""
    event_id, obj_id = one_event(external_event_id, object_id)
    if obj_id is not None:
        return Read(get_event_by_object_id._get_kwargs(obj_id), EventSummary.from_dict)
    assert event_id is not None
    account = defaults.account(external_account_id, operation="events.get")
    return Read(
        get_event._get_kwargs(event_id, external_account_id=account), EventDetails.from_dict
    )


def _update(
    defaults: Defaults,
    external_event_id: str | None = None,
    fields: FieldsLike | None = None,
    *,
    object_id: str | None = None,
    external_account_id: str | None = None,
) -> Read[Event | EventObject]:
    """Change the given fields of one event (``eventName``, dates, ``customProperties``...)."""
    event_id, obj_id = one_event(external_event_id, object_id)
    if fields is None:
        raise TypeError("events.update needs fields=...: a mapping of the fields to change")
    if obj_id is not None:
        changes = _inputs.event_changes(fields, "EventObjectUpdate")
        request = update_event_by_object_id._get_kwargs(obj_id, body=json_body(changes))
        return Read(request, EventObject.from_dict)
    assert event_id is not None
    account = defaults.account(external_account_id, operation="events.update")
    changes = _inputs.event_changes(fields, "EventUpdate")
    request = update_event._get_kwargs(
        event_id, body=json_body(changes), external_account_id=account
    )
    return Read(request, Event.from_dict)


def _delete(
    defaults: Defaults,
    external_event_id: str | None = None,
    external_account_id: str | None = None,
    *,
    object_id: str | None = None,
) -> Read[None]:
    """Delete one event and its participations."""
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
    external_event_ids: Iterable[str | Mapping[str, Any]] | None = None,
    object_ids: Iterable[str | int | Mapping[str, Any]] | None = None,
    external_account_id: str | None = None,
    app_id: int | None = None,
) -> Batch:
    """Delete many events, named by external ids (of ``app_id``'s events) or by object ids."""
    if (external_event_ids is None) == (object_ids is None):
        raise TypeError(
            "name the events with exactly one of external_event_ids=... or object_ids=...; got "
            + ("both" if external_event_ids is not None else "neither")
        )
    if object_ids is not None:
        operation = BatchOperation(
            prepare=_object_key,
            request=lambda inputs: delete_events_by_object_id._get_kwargs(body=body(inputs)),
            key=lambda data: str(data["objectId"]),
            result_key=None,
            parse_result=None,
            confirmation=Confirmation.ANSWER,
        )
        return Batch(operation, object_ids)
    assert external_event_ids is not None
    app = defaults.app(app_id, operation="events.delete_many")
    account = external_account_id or defaults.external_account_id
    operation = BatchOperation(
        prepare=lambda item: _external_key(item, account, app),
        request=lambda inputs: delete_events._get_kwargs(body=body(inputs)),
        key=lambda data: str(data["externalEventId"]),
        result_key=None,
        parse_result=None,
        confirmation=Confirmation.ANSWER,
    )
    return Batch(operation, external_event_ids)


def _update_item(item: Any) -> dict[str, Any]:
    data = _inputs.as_mapping(item)
    if "objectId" in data:
        data["objectId"] = _inputs.object_id(data["objectId"])
    return _inputs.event_changes(data, "EventObjectUpdateItem", required=("objectId",))


def _update_many(defaults: Defaults, updates: Iterable[Mapping[str, Any]]) -> Batch:
    """Change fields of many events, each named by its ``objectId``."""
    operation = BatchOperation(
        prepare=_update_item,
        request=lambda inputs: update_events_by_object_id._get_kwargs(body=body(inputs)),
        key=lambda data: str(data["objectId"]),
        result_key="objectId",
        parse_result=EventObject.from_dict,
        confirmation=Confirmation.RESULTS,
    )
    return Batch(operation, updates)


def _cancel(
    defaults: Defaults, external_event_id: str, external_account_id: str | None = None
) -> Read[EventInfo]:
    """Mark an event cancelled."""
    account = defaults.account(external_account_id, operation="events.cancel")
    event_id = non_empty(external_event_id, "external_event_id")
    return Read(
        cancel_event._get_kwargs(event_id, external_account_id=account), EventInfo.from_dict
    )


def _complete(
    defaults: Defaults,
    external_event_id: str,
    start_date_time: DateTimeLike,
    end_date_time: DateTimeLike,
    external_account_id: str | None = None,
) -> Read[EventInfo]:
    """Mark an event completed with its final start and end (aware datetimes or ISO strings)."""
    account = defaults.account(external_account_id, operation="events.complete")
    event_id = non_empty(external_event_id, "external_event_id")
    dates = {
        "startDateTime": _inputs.date_time(start_date_time, "start_date_time"),
        "endDateTime": _inputs.date_time(end_date_time, "end_date_time"),
    }
    request = complete_event._get_kwargs(
        event_id, body=json_body(dates), external_account_id=account
    )
    return Read(request, EventInfo.from_dict)


def _search(defaults: Defaults, q: str) -> Read[list[SearchResult]]:
    """This app's events whose external event id contains ``q``."""
    request = search_events._get_kwargs(q=non_empty(q, "q"))
    return Read(request, results_of(SearchResults, SearchResult))


def _identifiers(defaults: Defaults, external_event_id: str) -> Read[list[EventIdentifiers]]:
    """Every event of the account (any app) with this external event id, with its object id."""
    request = get_identifiers._get_kwargs(non_empty(external_event_id, "external_event_id"))
    return Read(request, results_of(IdentifierPage, EventIdentifiers))


def _list(defaults: Defaults, *, page_size: int = PAGE_SIZE) -> Paged[EventSummary]:
    """Every event of the account; pages are fetched as you iterate."""
    return Paged(
        lambda after: list_events._get_kwargs(after=cursor(after), limit=page_size),
        EventSummary.from_dict,
    )


class Events(Resource[M]):
    """Marketing events: ``client.events``."""

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
