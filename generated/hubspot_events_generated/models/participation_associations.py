from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.contact_association import ContactAssociation
    from ..models.marketing_event_association import MarketingEventAssociation


T = TypeVar("T", bound="ParticipationAssociations")


@_attrs_define
class ParticipationAssociations:
    """
    Attributes:
        contact (ContactAssociation):
        marketing_event (MarketingEventAssociation):
    """

    contact: ContactAssociation
    marketing_event: MarketingEventAssociation
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact = self.contact.to_dict()

        marketing_event = self.marketing_event.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contact": contact,
                "marketingEvent": marketing_event,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_association import ContactAssociation  # noqa: PLC0415
        from ..models.marketing_event_association import MarketingEventAssociation  # noqa: PLC0415

        d = dict(src_dict)
        contact = ContactAssociation.from_dict(d.pop("contact"))

        marketing_event = MarketingEventAssociation.from_dict(d.pop("marketingEvent"))

        participation_associations = cls(
            contact=contact,
            marketing_event=marketing_event,
        )

        participation_associations.additional_properties = d
        return participation_associations

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
