from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact_subscriber_properties import ContactSubscriberProperties


T = TypeVar("T", bound="ContactSubscriber")


@_attrs_define
class ContactSubscriber:
    """
    Attributes:
        vid (int): The HubSpot contact id.
        interaction_date_time (int): When the interaction happened, in epoch milliseconds.
        properties (ContactSubscriberProperties | Unset):
    """

    vid: int
    interaction_date_time: int
    properties: ContactSubscriberProperties | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        vid = self.vid

        interaction_date_time = self.interaction_date_time

        properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = self.properties.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "vid": vid,
                "interactionDateTime": interaction_date_time,
            }
        )
        if properties is not UNSET:
            field_dict["properties"] = properties

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_subscriber_properties import ContactSubscriberProperties  # noqa: PLC0415

        d = dict(src_dict)
        vid = d.pop("vid")

        interaction_date_time = d.pop("interactionDateTime")

        _properties = d.pop("properties", UNSET)
        properties: ContactSubscriberProperties | Unset
        if isinstance(_properties, Unset):
            properties = UNSET
        else:
            properties = ContactSubscriberProperties.from_dict(_properties)

        contact_subscriber = cls(
            vid=vid,
            interaction_date_time=interaction_date_time,
            properties=properties,
        )

        contact_subscriber.additional_properties = d
        return contact_subscriber

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
