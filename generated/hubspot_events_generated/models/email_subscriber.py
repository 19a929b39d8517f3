from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

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
        properties (EmailSubscriberProperties): Event-side properties of the participation, such as joinedAt and leftAt
            for attend.
        contact_properties (EmailSubscriberContactProperties): Properties for a contact that email-create creates;
            existing contacts are not updated.
    """

    email: str
    interaction_date_time: int
    properties: EmailSubscriberProperties
    contact_properties: EmailSubscriberContactProperties
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        interaction_date_time = self.interaction_date_time

        properties = self.properties.to_dict()

        contact_properties = self.contact_properties.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "interactionDateTime": interaction_date_time,
                "properties": properties,
                "contactProperties": contact_properties,
            }
        )

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

        properties = EmailSubscriberProperties.from_dict(d.pop("properties"))

        contact_properties = EmailSubscriberContactProperties.from_dict(
            d.pop("contactProperties")
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
