from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.app_info import AppInfo


T = TypeVar("T", bound="EventIdentifiers")


@_attrs_define
class EventIdentifiers:
    """
    Attributes:
        object_id (str):
        external_event_id (str):
        marketing_event_name (str):
        external_account_id (str | Unset):
        app_info (AppInfo | Unset):
    """

    object_id: str
    external_event_id: str
    marketing_event_name: str
    external_account_id: str | Unset = UNSET
    app_info: AppInfo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        object_id = self.object_id

        external_event_id = self.external_event_id

        marketing_event_name = self.marketing_event_name

        external_account_id = self.external_account_id

        app_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.app_info, Unset):
            app_info = self.app_info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "objectId": object_id,
                "externalEventId": external_event_id,
                "marketingEventName": marketing_event_name,
            }
        )
        if external_account_id is not UNSET:
            field_dict["externalAccountId"] = external_account_id
        if app_info is not UNSET:
            field_dict["appInfo"] = app_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.app_info import AppInfo  # noqa: PLC0415

        d = dict(src_dict)
        object_id = d.pop("objectId")

        external_event_id = d.pop("externalEventId")

        marketing_event_name = d.pop("marketingEventName")

        external_account_id = d.pop("externalAccountId", UNSET)

        _app_info = d.pop("appInfo", UNSET)
        app_info: AppInfo | Unset
        if isinstance(_app_info, Unset):
            app_info = UNSET
        else:
            app_info = AppInfo.from_dict(_app_info)

        event_identifiers = cls(
            object_id=object_id,
            external_event_id=external_event_id,
            marketing_event_name=marketing_event_name,
            external_account_id=external_account_id,
            app_info=app_info,
        )

        event_identifiers.additional_properties = d
        return event_identifiers

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
