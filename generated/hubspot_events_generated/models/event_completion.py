from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EventCompletion")


@_attrs_define
class EventCompletion:
    """
    Attributes:
        start_date_time (datetime.datetime):
        end_date_time (datetime.datetime):
    """

    start_date_time: datetime.datetime
    end_date_time: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start_date_time = self.start_date_time.isoformat()

        end_date_time = self.end_date_time.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "startDateTime": start_date_time,
                "endDateTime": end_date_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start_date_time = datetime.datetime.fromisoformat(d.pop("startDateTime"))

        end_date_time = datetime.datetime.fromisoformat(d.pop("endDateTime"))

        event_completion = cls(
            start_date_time=start_date_time,
            end_date_time=end_date_time,
        )

        event_completion.additional_properties = d
        return event_completion

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
