from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicList")


@_attrs_define
class PublicList:
    """
    Attributes:
        list_id (str):
        name (str):
        list_version (int):
        object_type_id (str):
        processing_status (str):
        processing_type (str):
        size (int | Unset):
        created_at (datetime.datetime | Unset):
        created_by_id (str | Unset):
        updated_at (datetime.datetime | Unset):
        updated_by_id (str | Unset):
        filters_updated_at (datetime.datetime | Unset):
        deleted_at (datetime.datetime | Unset):
    """

    list_id: str
    name: str
    list_version: int
    object_type_id: str
    processing_status: str
    processing_type: str
    size: int | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    created_by_id: str | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    updated_by_id: str | Unset = UNSET
    filters_updated_at: datetime.datetime | Unset = UNSET
    deleted_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        list_id = self.list_id

        name = self.name

        list_version = self.list_version

        object_type_id = self.object_type_id

        processing_status = self.processing_status

        processing_type = self.processing_type

        size = self.size

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        created_by_id = self.created_by_id

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        updated_by_id = self.updated_by_id

        filters_updated_at: str | Unset = UNSET
        if not isinstance(self.filters_updated_at, Unset):
            filters_updated_at = self.filters_updated_at.isoformat()

        deleted_at: str | Unset = UNSET
        if not isinstance(self.deleted_at, Unset):
            deleted_at = self.deleted_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "listId": list_id,
                "name": name,
                "listVersion": list_version,
                "objectTypeId": object_type_id,
                "processingStatus": processing_status,
                "processingType": processing_type,
            }
        )
        if size is not UNSET:
            field_dict["size"] = size
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if created_by_id is not UNSET:
            field_dict["createdById"] = created_by_id
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at
        if updated_by_id is not UNSET:
            field_dict["updatedById"] = updated_by_id
        if filters_updated_at is not UNSET:
            field_dict["filtersUpdatedAt"] = filters_updated_at
        if deleted_at is not UNSET:
            field_dict["deletedAt"] = deleted_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        list_id = d.pop("listId")

        name = d.pop("name")

        list_version = d.pop("listVersion")

        object_type_id = d.pop("objectTypeId")

        processing_status = d.pop("processingStatus")

        processing_type = d.pop("processingType")

        size = d.pop("size", UNSET)

        _created_at = d.pop("createdAt", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        created_by_id = d.pop("createdById", UNSET)

        _updated_at = d.pop("updatedAt", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        updated_by_id = d.pop("updatedById", UNSET)

        _filters_updated_at = d.pop("filtersUpdatedAt", UNSET)
        filters_updated_at: datetime.datetime | Unset
        if isinstance(_filters_updated_at, Unset):
            filters_updated_at = UNSET
        else:
            filters_updated_at = datetime.datetime.fromisoformat(_filters_updated_at)

        _deleted_at = d.pop("deletedAt", UNSET)
        deleted_at: datetime.datetime | Unset
        if isinstance(_deleted_at, Unset):
            deleted_at = UNSET
        else:
            deleted_at = datetime.datetime.fromisoformat(_deleted_at)

        public_list = cls(
            list_id=list_id,
            name=name,
            list_version=list_version,
            object_type_id=object_type_id,
            processing_status=processing_status,
            processing_type=processing_type,
            size=size,
            created_at=created_at,
            created_by_id=created_by_id,
            updated_at=updated_at,
            updated_by_id=updated_by_id,
            filters_updated_at=filters_updated_at,
            deleted_at=deleted_at,
        )

        public_list.additional_properties = d
        return public_list

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
