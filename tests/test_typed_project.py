"""The typed example project and the editable install's .pth, checked on the checkout.

``make wheel-check`` runs ``mypy --strict`` on ``examples/typed_project`` against the wheel and
an editable install (tests/wheel_smoke/check.py); these fast tests keep what that check relies
on: the project pins every public method of both clients, with no ``type: ignore``, and the
build backend turns setuptools' editable import hook into a .pth a type checker can read.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import importlib.util
import re
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from hubspot_events import HubSpotEvents
from hubspot_events.resources._method import Resource, _Operation

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "examples" / "typed_project" / "webinar_sync"


def _backend() -> ModuleType:
    path = ROOT / "build_backend" / "hubspot_events_build.py"
    spec = importlib.util.spec_from_file_location("hubspot_events_build", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _public_operations() -> list[str]:
    """``area.method`` for every operation the clients expose (both clients share them)."""
    client = HubSpotEvents(access_token="t")
    found = []
    for area in dir(client):
        resource = getattr(client, area) if not area.startswith("_") else None
        if isinstance(resource, Resource):
            found += [
                f"{area}.{name}"
                for name, value in vars(type(resource)).items()
                if isinstance(value, _Operation)
            ]
    return sorted(found)


@pytest.mark.parametrize("module", ["sync_calls.py", "async_calls.py"])
def test_the_typed_project_calls_every_public_method_of_the_client(module: str) -> None:
    source = (PROJECT / module).read_text(encoding="utf-8")
    operations = _public_operations()

    missing = [name for name in operations if not re.search(rf"\.{re.escape(name)}\(", source)]

    assert len(operations) >= 20, operations  # 25 when written: the enumeration works
    assert missing == [], f"{module} pins no result type of: {missing} (add an assert_type)"


def test_the_typed_project_holds_no_type_ignore() -> None:
    sources = {path.name: path.read_text(encoding="utf-8") for path in PROJECT.glob("*.py")}

    ignored = [name for name, text in sources.items() if "type: ignore" in text]

    assert len(sources) >= 4
    assert ignored == []


def _editable_wheel(path: Path) -> None:
    """A wheel shaped like setuptools' editable one for a multi-directory layout."""
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr(
            "__editable__.demo-0.1.pth",
            "import __editable___demo_0_1_finder; __editable___demo_0_1_finder.install()",
        )
        wheel.writestr("__editable___demo_0_1_finder.py", "MAPPING = {}\n")
        wheel.writestr("demo-0.1.dist-info/METADATA", "Name: demo\nVersion: 0.1\n")
        wheel.writestr("demo-0.1.dist-info/RECORD", "stale\n")


def test_the_editable_wheel_names_the_package_directories_instead_of_an_import_hook(
    tmp_path: Path,
) -> None:
    wheel = tmp_path / "demo-0.1-py3-none-any.whl"
    _editable_wheel(wheel)
    roots = [tmp_path / "overrides", tmp_path / "generated"]

    _backend().static_pth(wheel, roots)

    with zipfile.ZipFile(wheel) as rewritten:
        files = {name: rewritten.read(name) for name in rewritten.namelist()}
    pth = files["__editable__.demo-0.1.pth"]
    assert pth.decode().splitlines() == [str(root) for root in roots]
    assert "__editable___demo_0_1_finder.py" not in files
    digest = base64.urlsafe_b64encode(hashlib.sha256(pth).digest()).rstrip(b"=").decode()
    record = files["demo-0.1.dist-info/RECORD"].decode().splitlines()
    assert f"__editable__.demo-0.1.pth,sha256={digest},{len(pth)}" in record
    assert "demo-0.1.dist-info/RECORD,," in record
    assert len(record) == len(files)


def test_the_build_backend_offers_every_hook_of_setuptools() -> None:
    build_meta = importlib.import_module("setuptools.build_meta")  # no py.typed: a ModuleType
    hooks = {name for name in build_meta.__all__ if name.startswith(("build_", "get_", "prep"))}

    assert hooks <= set(_backend().__all__)
