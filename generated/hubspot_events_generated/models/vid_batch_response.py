from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_item_error import BatchItemError
    from ..models.vid_batch_response_links import VidBatchResponseLinks
    from ..models.vid_result import VidResult


T = TypeVar("T", bound="VidBatchResponse")


@_attrs_define
class VidBatchResponse:
    """
    Attributes:
        status (str): COMPLETE, PENDING, PROCESSING or CANCELED; kept open for values HubSpot adds.
        results (list[VidResult]):
        started_at (datetime.datetime):
        completed_at (datetime.datetime):
        num_errors (int | Unset):
        errors (list[BatchItemError] | Unset):
        links (VidBatchResponseLinks | Unset):
        requested_at (datetime.datetime | Unset):
    """

    status: str
    results: list[VidResult]
    started_at: datetime.datetime
    completed_at: datetime.datetime
    num_errors: int | Unset = UNSET
    errors: list[BatchItemError] | Unset = UNSET
    links: VidBatchResponseLinks | Unset = UNSET
    requested_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        started_at = self.started_at.isoformat()

        completed_at = self.completed_at.isoformat()

        num_errors = self.num_errors

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        requested_at: str | Unset = UNSET
        if not isinstance(self.requested_at, Unset):
            requested_at = self.requested_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "results": results,
                "startedAt": started_at,
                "completedAt": completed_at,
            }
        )
        if num_errors is not UNSET:
            field_dict["numErrors"] = num_errors
        if errors is not UNSET:
            field_dict["errors"] = errors
        if links is not UNSET:
            field_dict["links"] = links
        if requested_at is not UNSET:
            field_dict["requestedAt"] = requested_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_item_error import BatchItemError  # noqa: PLC0415
        from ..models.vid_batch_response_links import VidBatchResponseLinks  # noqa: PLC0415
        from ..models.vid_result import VidResult  # noqa: PLC0415

        d = dict(src_dict)
        status = d.pop("status")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = VidResult.from_dict(results_item_data)

            results.append(results_item)

        started_at = datetime.datetime.fromisoformat(d.pop("startedAt"))

        completed_at = datetime.datetime.fromisoformat(d.pop("completedAt"))

        num_errors = d.pop("numErrors", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[BatchItemError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = BatchItemError.from_dict(errors_item_data)

                errors.append(errors_item)

        _links = d.pop("links", UNSET)
        links: VidBatchResponseLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = VidBatchResponseLinks.from_dict(_links)

        _requested_at = d.pop("requestedAt", UNSET)
        requested_at: datetime.datetime | Unset
        if isinstance(_requested_at, Unset):
            requested_at = UNSET
        else:
            requested_at = datetime.datetime.fromisoformat(_requested_at)

        vid_batch_response = cls(
            status=status,
            results=results,
            started_at=started_at,
            completed_at=completed_at,
            num_errors=num_errors,
            errors=errors,
            links=links,
            requested_at=requested_at,
        )

        vid_batch_response.additional_properties = d
        return vid_batch_response

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
