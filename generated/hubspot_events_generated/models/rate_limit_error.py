from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RateLimitError")


@_attrs_define
class RateLimitError:
    """HubSpot's 429 body, which is not its Error envelope (no category).

    Attributes:
        status (str):
        message (str):
        correlation_id (str):
        error_type (str | Unset):
        policy_name (str | Unset): SECONDLY, TEN_SECONDLY_ROLLING or DAILY; kept open for values HubSpot adds.
        group_name (str | Unset):
    """

    status: str
    message: str
    correlation_id: str
    error_type: str | Unset = UNSET
    policy_name: str | Unset = UNSET
    group_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        message = self.message

        correlation_id = self.correlation_id

        error_type = self.error_type

        policy_name = self.policy_name

        group_name = self.group_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "message": message,
                "correlationId": correlation_id,
            }
        )
        if error_type is not UNSET:
            field_dict["errorType"] = error_type
        if policy_name is not UNSET:
            field_dict["policyName"] = policy_name
        if group_name is not UNSET:
            field_dict["groupName"] = group_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = d.pop("status")

        message = d.pop("message")

        correlation_id = d.pop("correlationId")

        error_type = d.pop("errorType", UNSET)

        policy_name = d.pop("policyName", UNSET)

        group_name = d.pop("groupName", UNSET)

        rate_limit_error = cls(
            status=status,
            message=message,
            correlation_id=correlation_id,
            error_type=error_type,
            policy_name=policy_name,
            group_name=group_name,
        )

        rate_limit_error.additional_properties = d
        return rate_limit_error

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
