from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.email_subscriber_contact_properties import (
        EmailSubscriberContactProperties,
    )
    from ..models.email_subscriber_properties import EmailSubscriberProperties


T = TypeVar("T", bound="EmailSubscriber")


@_attrs_define
class EmailSubscriber:
    """
    Attributes:
        email (str):
        interaction_date_time (int): When the interaction happened, in epoch milliseconds.
        properties (EmailSubscriberProperties | Unset): Event-side properties of the participation, such as joinedAt and
            leftAt for attend.
        contact_properties (EmailSubscriberContactProperties | Unset): Properties for a contact that email-create
            creates; existing contacts are not updated.
    """

    email: str
    interaction_date_time: int
    properties: EmailSubscriberProperties | Unset = UNSET
    contact_properties: EmailSubscriberContactProperties | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        interaction_date_time = self.interaction_date_time

        properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = self.properties.to_dict()

        contact_properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contact_properties, Unset):
            contact_properties = self.contact_properties.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "interactionDateTime": interaction_date_time,
            }
        )
        if properties is not UNSET:
            field_dict["properties"] = properties
        if contact_properties is not UNSET:
            field_dict["contactProperties"] = contact_properties

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.email_subscriber_contact_properties import (
            EmailSubscriberContactProperties,  # noqa: PLC0415
        )
        from ..models.email_subscriber_properties import EmailSubscriberProperties  # noqa: PLC0415

        d = dict(src_dict)
        email = d.pop("email")

        interaction_date_time = d.pop("interactionDateTime")

        _properties = d.pop("properties", UNSET)
        properties: EmailSubscriberProperties | Unset
        if isinstance(_properties, Unset):
            properties = UNSET
        else:
            properties = EmailSubscriberProperties.from_dict(_properties)

        _contact_properties = d.pop("contactProperties", UNSET)
        contact_properties: EmailSubscriberContactProperties | Unset
        if isinstance(_contact_properties, Unset):
            contact_properties = UNSET
        else:
            contact_properties = EmailSubscriberContactProperties.from_dict(
                _contact_properties
            )

        email_subscriber = cls(
            email=email,
            interaction_date_time=interaction_date_time,
            properties=properties,
            contact_properties=contact_properties,
        )

        email_subscriber.additional_properties = d
        return email_subscriber

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
