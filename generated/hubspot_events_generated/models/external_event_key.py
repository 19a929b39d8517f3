from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ExternalEventKey")


@_attrs_define
class ExternalEventKey:
    """
    Attributes:
        app_id (int):
        external_account_id (str):
        external_event_id (str):
    """

    app_id: int
    external_account_id: str
    external_event_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        app_id = self.app_id

        external_account_id = self.external_account_id

        external_event_id = self.external_event_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "appId": app_id,
                "externalAccountId": external_account_id,
                "externalEventId": external_event_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        app_id = d.pop("appId")

        external_account_id = d.pop("externalAccountId")

        external_event_id = d.pop("externalEventId")

        external_event_key = cls(
            app_id=app_id,
            external_account_id=external_account_id,
            external_event_id=external_event_id,
        )

        external_event_key.additional_properties = d
        return external_event_key

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
