from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ParticipationProperties")


@_attrs_define
class ParticipationProperties:
    """
    Attributes:
        attendance_state (str): REGISTERED, ATTENDED, CANCELLED, NO_SHOW or EMPTY; kept open for values HubSpot adds.
        occurred_at (int):
        attendance_duration_seconds (int | Unset):
        attendance_percentage (str | Unset):
    """

    attendance_state: str
    occurred_at: int
    attendance_duration_seconds: int | Unset = UNSET
    attendance_percentage: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attendance_state = self.attendance_state

        occurred_at = self.occurred_at

        attendance_duration_seconds = self.attendance_duration_seconds

        attendance_percentage = self.attendance_percentage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attendanceState": attendance_state,
                "occurredAt": occurred_at,
            }
        )
        if attendance_duration_seconds is not UNSET:
            field_dict["attendanceDurationSeconds"] = attendance_duration_seconds
        if attendance_percentage is not UNSET:
            field_dict["attendancePercentage"] = attendance_percentage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attendance_state = d.pop("attendanceState")

        occurred_at = d.pop("occurredAt")

        attendance_duration_seconds = d.pop("attendanceDurationSeconds", UNSET)

        attendance_percentage = d.pop("attendancePercentage", UNSET)

        participation_properties = cls(
            attendance_state=attendance_state,
            occurred_at=occurred_at,
            attendance_duration_seconds=attendance_duration_seconds,
            attendance_percentage=attendance_percentage,
        )

        participation_properties.additional_properties = d
        return participation_properties

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
