"""``client.lists``: which contact lists are associated with an event; associate, disassociate."""

from __future__ import annotations

from typing import Any

from hubspot_events.resources._common import Defaults, M, non_empty, one_event
from hubspot_events.resources._method import Read, Resource, read, results_of
from hubspot_events_generated.api.lists import (
    associate_list_external_id,
    associate_list_object_id,
    disassociate_list_external_id,
    disassociate_list_object_id,
    get_lists_external_id,
    get_lists_object_id,
)
from hubspot_events_generated.models import ListPage, PublicList


def _path(
    defaults: Defaults,
    external_event_id: str | None,
    external_account_id: str | None,
    object_id: str | None,
    operation: str,
) -> tuple[str, ...]:
    """The path ids naming the event: (account, external event id) or (object id,)."""
    event_id, obj_id = one_event(external_event_id, object_id)
    if obj_id is not None:
        return (obj_id,)
    assert event_id is not None
    return (defaults.account(external_account_id, operation=operation), event_id)


def _pick(ids: tuple[str, ...], by_external_id: Any, by_object_id: Any) -> Any:
    return by_object_id if len(ids) == 1 else by_external_id


def _associated(
    defaults: Defaults,
    external_event_id: str | None = None,
    external_account_id: str | None = None,
    *,
    object_id: str | None = None,
) -> Read[list[PublicList]]:
    """The lists associated with the event."""
    ids = _path(defaults, external_event_id, external_account_id, object_id, "lists.associated")
    endpoint = _pick(ids, get_lists_external_id, get_lists_object_id)
    return Read(endpoint._get_kwargs(*ids), results_of(ListPage, PublicList))


def _associate(
    defaults: Defaults,
    list_id: str,
    external_event_id: str | None = None,
    external_account_id: str | None = None,
    *,
    object_id: str | None = None,
) -> Read[None]:
    """Associate the list ``list_id`` with the event."""
    ids = _path(defaults, external_event_id, external_account_id, object_id, "lists.associate")
    endpoint = _pick(ids, associate_list_external_id, associate_list_object_id)
    return Read(endpoint._get_kwargs(*ids, _list_id(list_id)), None)


def _disassociate(
    defaults: Defaults,
    list_id: str,
    external_event_id: str | None = None,
    external_account_id: str | None = None,
    *,
    object_id: str | None = None,
) -> Read[None]:
    """Remove the association of the list ``list_id`` with the event."""
    ids = _path(defaults, external_event_id, external_account_id, object_id, "lists.disassociate")
    endpoint = _pick(ids, disassociate_list_external_id, disassociate_list_object_id)
    return Read(endpoint._get_kwargs(*ids, _list_id(list_id)), None)


def _list_id(list_id: str | int) -> str:
    return non_empty(str(list_id) if isinstance(list_id, int) else list_id, "list_id")


class Lists(Resource[M]):
    """Contact lists associated with events: ``client.lists``."""

    associated = read(_associated)
    associate = read(_associate)
    disassociate = read(_disassociate)
