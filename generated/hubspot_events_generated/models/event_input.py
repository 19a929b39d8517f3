from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.property_value import PropertyValue


T = TypeVar("T", bound="EventInput")


@_attrs_define
class EventInput:
    """
    Attributes:
        external_account_id (str):
        external_event_id (str):
        event_name (str):
        event_organizer (str):
        event_type (str | Unset):
        event_description (str | Unset):
        event_url (str | Unset):
        start_date_time (datetime.datetime | Unset):
        end_date_time (datetime.datetime | Unset):
        event_cancelled (bool | Unset):
        event_completed (bool | Unset):
        custom_properties (list[PropertyValue] | Unset):
    """

    external_account_id: str
    external_event_id: str
    event_name: str
    event_organizer: str
    event_type: str | Unset = UNSET
    event_description: str | Unset = UNSET
    event_url: str | Unset = UNSET
    start_date_time: datetime.datetime | Unset = UNSET
    end_date_time: datetime.datetime | Unset = UNSET
    event_cancelled: bool | Unset = UNSET
    event_completed: bool | Unset = UNSET
    custom_properties: list[PropertyValue] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_account_id = self.external_account_id

        external_event_id = self.external_event_id

        event_name = self.event_name

        event_organizer = self.event_organizer

        event_type = self.event_type

        event_description = self.event_description

        event_url = self.event_url

        start_date_time: str | Unset = UNSET
        if not isinstance(self.start_date_time, Unset):
            start_date_time = self.start_date_time.isoformat()

        end_date_time: str | Unset = UNSET
        if not isinstance(self.end_date_time, Unset):
            end_date_time = self.end_date_time.isoformat()

        event_cancelled = self.event_cancelled

        event_completed = self.event_completed

        custom_properties: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.custom_properties, Unset):
            custom_properties = []
            for custom_properties_item_data in self.custom_properties:
                custom_properties_item = custom_properties_item_data.to_dict()
                custom_properties.append(custom_properties_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "externalAccountId": external_account_id,
                "externalEventId": external_event_id,
                "eventName": event_name,
                "eventOrganizer": event_organizer,
            }
        )
        if event_type is not UNSET:
            field_dict["eventType"] = event_type
        if event_description is not UNSET:
            field_dict["eventDescription"] = event_description
        if event_url is not UNSET:
            field_dict["eventUrl"] = event_url
        if start_date_time is not UNSET:
            field_dict["startDateTime"] = start_date_time
        if end_date_time is not UNSET:
            field_dict["endDateTime"] = end_date_time
        if event_cancelled is not UNSET:
            field_dict["eventCancelled"] = event_cancelled
        if event_completed is not UNSET:
            field_dict["eventCompleted"] = event_completed
        if custom_properties is not UNSET:
            field_dict["customProperties"] = custom_properties

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.property_value import PropertyValue  # noqa: PLC0415

        d = dict(src_dict)
        external_account_id = d.pop("externalAccountId")

        external_event_id = d.pop("externalEventId")

        event_name = d.pop("eventName")

        event_organizer = d.pop("eventOrganizer")

        event_type = d.pop("eventType", UNSET)

        event_description = d.pop("eventDescription", UNSET)

        event_url = d.pop("eventUrl", UNSET)

        _start_date_time = d.pop("startDateTime", UNSET)
        start_date_time: datetime.datetime | Unset
        if isinstance(_start_date_time, Unset):
            start_date_time = UNSET
        else:
            start_date_time = datetime.datetime.fromisoformat(_start_date_time)

        _end_date_time = d.pop("endDateTime", UNSET)
        end_date_time: datetime.datetime | Unset
        if isinstance(_end_date_time, Unset):
            end_date_time = UNSET
        else:
            end_date_time = datetime.datetime.fromisoformat(_end_date_time)

        event_cancelled = d.pop("eventCancelled", UNSET)

        event_completed = d.pop("eventCompleted", UNSET)

        _custom_properties = d.pop("customProperties", UNSET)
        custom_properties: list[PropertyValue] | Unset = UNSET
        if _custom_properties is not UNSET:
            custom_properties = []
            for custom_properties_item_data in _custom_properties:
                custom_properties_item = PropertyValue.from_dict(
                    custom_properties_item_data
                )

                custom_properties.append(custom_properties_item)

        event_input = cls(
            external_account_id=external_account_id,
            external_event_id=external_event_id,
            event_name=event_name,
            event_organizer=event_organizer,
            event_type=event_type,
            event_description=event_description,
            event_url=event_url,
            start_date_time=start_date_time,
            end_date_time=end_date_time,
            event_cancelled=event_cancelled,
            event_completed=event_completed,
            custom_properties=custom_properties,
        )

        event_input.additional_properties = d
        return event_input

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
