from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AttendanceCounters")


@_attrs_define
class AttendanceCounters:
    """
    Attributes:
        registered (int):
        attended (int):
        cancelled (int):
        no_shows (int):
    """

    registered: int
    attended: int
    cancelled: int
    no_shows: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        registered = self.registered

        attended = self.attended

        cancelled = self.cancelled

        no_shows = self.no_shows

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "registered": registered,
                "attended": attended,
                "cancelled": cancelled,
                "noShows": no_shows,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        registered = d.pop("registered")

        attended = d.pop("attended")

        cancelled = d.pop("cancelled")

        no_shows = d.pop("noShows")

        attendance_counters = cls(
            registered=registered,
            attended=attended,
            cancelled=cancelled,
            no_shows=no_shows,
        )

        attendance_counters.additional_properties = d
        return attendance_counters

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
