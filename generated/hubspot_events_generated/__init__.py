"""A client library for accessing HubSpot Marketing Events (curated)"""

# Custom template (spec/templates): the clients are imported on first use, so importing one
# model or operation module does not pay for the package's attrs client classes.
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import client

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
