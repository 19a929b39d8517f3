"""Shared types of the generated package: the UNSET marker, the Response wrapper, file uploads.

Custom template (spec/templates): ``Unset`` prints as ``UNSET``, so a model's repr reads
``Event(event_type=UNSET, ...)`` instead of showing the marker's memory address.
"""

from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, BinaryIO, Generic, Literal, TypeVar

from attrs import define


class Unset:
    """The value of a field the answer (or the caller) left out; false in a boolean test."""

    __slots__ = ()

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()

#: What httpx takes as the content of one uploaded file.
FileContent = IO[bytes] | bytes | str
#: One file for httpx's ``files=``: (name, content, media type), optionally with headers.
FileTypes = (
    tuple[str | None, FileContent, str | None]
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """A file to upload as multipart/form-data."""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """The file in the tuple form httpx takes."""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """An endpoint's answer: status, raw body, headers and the parsed model (if any)."""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = [
    "UNSET",
    "File",
    "FileContent",
    "FileTypes",
    "RequestFiles",
    "Response",
    "Unset",
]
