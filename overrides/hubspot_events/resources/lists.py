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
    """The contact lists associated with the event.

    Sends: GET, by external id, to
        /marketing/v3/marketing-events/associations/{externalAccountId}/{externalEventId}/lists
        or by ``object_id=`` to /marketing/v3/marketing-events/associations/{marketingEventId}/lists
    Returns: list[PublicList] (HubSpot does not page this answer).
    Raises: NotFoundError if there is no such event; TypeError unless exactly one of
        ``external_event_id`` / ``object_id`` is given; ValueError, before sending, without an
        external account id (argument or client default).
    Scope: crm.objects.marketing_events.write (HubSpot's spec asks for it on this read too)
    Example: [lst.name for lst in hs.lists.associated("w-1", "zoom-42")]
    """
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
    """Associate the contact list ``list_id`` with the event (again: no change).

    Sends: PUT, by external id, to
        /marketing/v3/marketing-events/associations/{externalAccountId}/{externalEventId}/lists/{listId}
        or by ``object_id=`` to
        /marketing/v3/marketing-events/associations/{marketingEventId}/lists/{listId}
    Returns: None (HubSpot answers 204).
    Raises: NotFoundError if there is no such event or list; TypeError unless exactly one of
        ``external_event_id`` / ``object_id`` is given; ValueError, before sending, for a blank
        ``list_id`` or without an external account id.
    Scope: crm.objects.marketing_events.write
    Example: hs.lists.associate("123", object_id="58237132332")
    """
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
    """Remove the association of the contact list ``list_id`` with the event.

    Sends: DELETE, by external id, to
        /marketing/v3/marketing-events/associations/{externalAccountId}/{externalEventId}/lists/{listId}
        or by ``object_id=`` to
        /marketing/v3/marketing-events/associations/{marketingEventId}/lists/{listId}
    Returns: None (HubSpot answers 204).
    Raises: NotFoundError if there is no such event or list; TypeError unless exactly one of
        ``external_event_id`` / ``object_id`` is given; ValueError, before sending, for a blank
        ``list_id`` or without an external account id.
    Scope: crm.objects.marketing_events.write
    Example: hs.lists.disassociate("123", object_id="58237132332")
    """
    ids = _path(defaults, external_event_id, external_account_id, object_id, "lists.disassociate")
    endpoint = _pick(ids, disassociate_list_external_id, disassociate_list_object_id)
    return Read(endpoint._get_kwargs(*ids, _list_id(list_id)), None)


def _list_id(list_id: str | int) -> str:
    return non_empty(str(list_id) if isinstance(list_id, int) else list_id, "list_id")


class Lists(Resource[M]):
    """Contact lists associated with events: ``client.lists``.

    Read, add and remove the associations between an event (external ids or ``object_id=``)
    and HubSpot contact lists (by list id).
    Scope: crm.objects.marketing_events.write (for the read too, per HubSpot's spec)
    Example: hs.lists.associate("123", "w-1", "zoom-42")
    """

    associated = read(_associated)
    associate = read(_associate)
    disassociate = read(_disassociate)
