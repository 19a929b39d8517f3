from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MarketingEventAssociation")


@_attrs_define
class MarketingEventAssociation:
    """
    Attributes:
        marketing_event_id (str):
        name (str):
        external_account_id (str | Unset):
        external_event_id (str | Unset):
    """

    marketing_event_id: str
    name: str
    external_account_id: str | Unset = UNSET
    external_event_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        marketing_event_id = self.marketing_event_id

        name = self.name

        external_account_id = self.external_account_id

        external_event_id = self.external_event_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "marketingEventId": marketing_event_id,
                "name": name,
            }
        )
        if external_account_id is not UNSET:
            field_dict["externalAccountId"] = external_account_id
        if external_event_id is not UNSET:
            field_dict["externalEventId"] = external_event_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        marketing_event_id = d.pop("marketingEventId")

        name = d.pop("name")

        external_account_id = d.pop("externalAccountId", UNSET)

        external_event_id = d.pop("externalEventId", UNSET)

        marketing_event_association = cls(
            marketing_event_id=marketing_event_id,
            name=name,
            external_account_id=external_account_id,
            external_event_id=external_event_id,
        )

        marketing_event_association.additional_properties = d
        return marketing_event_association

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
