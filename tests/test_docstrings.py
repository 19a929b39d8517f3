"""Every public method of both clients documents what it sends, returns and raises, the OAuth
scope it needs, and an example, checked against the curated spec: ``help(hs.events.upsert)``
answers a new user's first questions, and a new method without such docs fails here."""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect
import pkgutil
import pydoc
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import hubspot_events
import hubspot_events.resources
from hubspot_events import AsyncHubSpotEvents, HubSpotEvents
from hubspot_events.resources._method import Resource

SPEC = Path(__file__).resolve().parent.parent / "spec" / "marketing-events.yaml"
SECTIONS = ("Sends", "Returns", "Raises", "Scope", "Example")
AREAS = {"events", "attendance", "subscriber_state", "participations", "lists", "settings"}
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
SCOPE = re.compile(r"crm\.objects\.marketing_events\.(?:read|write)|developers-(?:read|write)")


def _spec_operations() -> dict[str, dict[str, set[str]]]:
    """path -> HTTP method -> the OAuth scopes HubSpot's security entry names."""
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    operations: dict[str, dict[str, set[str]]] = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method.upper() in HTTP_METHODS:
                scopes = {
                    scope
                    for requirement in operation.get("security", document["security"])
                    for scope in requirement.get("oauth2", [])
                }
                operations.setdefault(path, {})[method.upper()] = scopes
    return operations


OPERATIONS = _spec_operations()


def _resources(client: Any) -> Iterator[tuple[str, Resource[Any]]]:
    for name in dir(client):
        if not name.startswith("_"):
            value = getattr(client, name)
            if isinstance(value, Resource):
                yield name, value


def _methods() -> list[Any]:
    """(client, area, name, bound method) for every public operation of both clients."""
    found = []
    for client_class in (HubSpotEvents, AsyncHubSpotEvents):
        client = client_class(access_token="x")
        areas = dict(_resources(client))
        assert set(areas) >= AREAS, "every API area is found on the client"
        for area, resource in sorted(areas.items()):
            for name in dir(type(resource)):
                if not name.startswith("_") and callable(getattr(resource, name)):
                    method = getattr(resource, name)
                    found.append(
                        pytest.param(
                            area, name, method, id=f"{client_class.__name__}.{area}.{name}"
                        )
                    )
    return found


METHODS = _methods()


def sections(doc: str | None) -> dict[str, str]:
    """A docstring's ``Name: text`` sections (continuation lines are indented), in order."""
    found: dict[str, str] = {}
    current = None
    for line in inspect.cleandoc(doc or "").splitlines():
        header = re.match(rf"^({'|'.join(SECTIONS)}):\s*(.*)$", line)
        if header:
            current = header[1]
            found[current] = header[2]
        elif current is not None and line.startswith(" "):
            found[current] += "\n" + line.strip()
        else:
            current = None
    return found


def endpoints(sends: str) -> set[tuple[str, str]]:
    """The (method, path) pairs of the curated spec that a ``Sends:`` section names."""
    methods = set(re.findall(rf"\b({'|'.join(HTTP_METHODS)})\b", sends))
    paths = {p.rstrip(".") for p in re.findall(r"/marketing/[^\s?,;()]+", sends)}
    assert methods, f"Sends names no HTTP method: {sends!r}"
    assert paths, f"Sends names no path: {sends!r}"
    pairs = set()
    for path in paths:
        assert path in OPERATIONS, f"{path} is not a path of the spec"
        named = methods & set(OPERATIONS[path])
        assert named, f"none of {sorted(methods)} is an operation of {path}"
        pairs |= {(method, path) for method in named}
    return pairs


@pytest.mark.parametrize(("area", "name", "method"), METHODS)
def test_each_method_has_every_section_in_order(area: str, name: str, method: Any) -> None:
    found = sections(method.__doc__)

    assert list(found) == list(SECTIONS)
    assert all(text.strip() for text in found.values()), found
    assert inspect.cleandoc(method.__doc__).splitlines()[0].strip(), "a one-line summary first"


@pytest.mark.parametrize(("area", "name", "method"), METHODS)
def test_sends_names_spec_operations_and_scope_is_theirs(area: str, name: str, method: Any) -> None:
    found = sections(method.__doc__)

    pairs = endpoints(found["Sends"])

    needed = set().union(*(OPERATIONS[path][verb] for verb, path in pairs))
    assert set(SCOPE.findall(found["Scope"])) == needed


@pytest.mark.parametrize(("area", "name", "method"), METHODS)
def test_returns_names_what_the_signature_returns(area: str, name: str, method: Any) -> None:
    returns = str(inspect.signature(method).return_annotation)
    text = sections(method.__doc__)["Returns"]

    assert [word for word in re.findall(r"[A-Za-z_]\w*", returns) if word not in text] == []


@pytest.mark.parametrize(("area", "name", "method"), METHODS)
def test_raises_names_real_exception_classes(area: str, name: str, method: Any) -> None:
    named = set(re.findall(r"\b([A-Z]\w*Error)\b", sections(method.__doc__)["Raises"]))

    assert named, "names at least one error"
    unknown = {
        error
        for error in named
        if not isinstance(getattr(hubspot_events, error, getattr(builtins, error, None)), type)
    }
    assert unknown == set(), "typed errors of hubspot_events, or builtins"


@pytest.mark.parametrize(("area", "name", "method"), METHODS)
def test_example_is_python_calling_the_method(area: str, name: str, method: Any) -> None:
    example = sections(method.__doc__)["Example"]

    ast.parse(example)
    assert f"hs.{area}.{name}(" in example


def _resource_classes() -> list[Any]:
    found = []
    for info in pkgutil.iter_modules(hubspot_events.resources.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"hubspot_events.resources.{info.name}")
        for name, value in vars(module).items():
            defined_here = inspect.isclass(value) and value.__module__ == module.__name__
            if defined_here and not name.startswith("_"):
                found.append(pytest.param(value, id=name))
    return found


@pytest.mark.parametrize("resource_class", _resource_classes())
def test_each_resource_class_says_what_it_covers_its_scope_and_an_example(
    resource_class: type,
) -> None:
    found = sections(resource_class.__doc__)
    all_scopes = {
        s for methods in OPERATIONS.values() for scopes in methods.values() for s in scopes
    }

    assert inspect.cleandoc(resource_class.__doc__ or "").count("\n") >= 3, "more than a title"
    assert set(SCOPE.findall(found["Scope"])) <= all_scopes
    assert SCOPE.findall(found["Scope"])
    ast.parse(found["Example"])


def test_help_shows_the_signature_and_the_sections() -> None:
    text = pydoc.render_doc(HubSpotEvents(access_token="x").events.upsert, renderer=pydoc.plaintext)

    assert "upsert(events:" in text
    assert "on_chunk:" in text
    assert "-> 'BatchResult[Event]'" in text
    assert [section for section in SECTIONS if f"{section}:" not in text] == []


def test_every_spec_operation_is_documented_by_exactly_one_method() -> None:
    documented: dict[tuple[str, str], list[str]] = {}
    for param in METHODS:
        area, name, method = param.values
        if param.id.startswith("HubSpotEvents."):
            for pair in endpoints(sections(method.__doc__)["Sends"]):
                documented.setdefault(pair, []).append(f"{area}.{name}")

    every = {(verb, path) for path, methods in OPERATIONS.items() for verb in methods}
    assert set(documented) == every
    assert {pair: names for pair, names in documented.items() if len(names) > 1} == {}
