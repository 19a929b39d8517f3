from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.participation_associations import ParticipationAssociations
    from ..models.participation_properties import ParticipationProperties


T = TypeVar("T", bound="Participation")


@_attrs_define
class Participation:
    """
    Attributes:
        id (str):
        created_at (datetime.datetime):
        associations (ParticipationAssociations):
        properties (ParticipationProperties):
    """

    id: str
    created_at: datetime.datetime
    associations: ParticipationAssociations
    properties: ParticipationProperties
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        created_at = self.created_at.isoformat()

        associations = self.associations.to_dict()

        properties = self.properties.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "createdAt": created_at,
                "associations": associations,
                "properties": properties,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.participation_associations import ParticipationAssociations  # noqa: PLC0415
        from ..models.participation_properties import ParticipationProperties  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        associations = ParticipationAssociations.from_dict(d.pop("associations"))

        properties = ParticipationProperties.from_dict(d.pop("properties"))

        participation = cls(
            id=id,
            created_at=created_at,
            associations=associations,
            properties=properties,
        )

        participation.additional_properties = d
        return participation

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
