"""The project's build backend: setuptools' own, except that `pip install -e .` writes a plain .pth.

Why: the distribution ships two packages from two directories (``overrides/hubspot_events`` and
``generated/hubspot_events_generated``). For such a layout setuptools' default editable install
is an import hook (a ``MetaPathFinder`` module in site-packages), and static type checkers never
run import hooks: a user's project with the package installed editable saw no types ("Cannot find
implementation or library stub", or ``Any`` everywhere). A ``.pth`` of plain directories is read
by every tool (mypy and pyright take the interpreter's ``sys.path``), and since each of the two
directories holds only its package, naming both exposes exactly what the hook exposed.
Setuptools' ``editable_mode=compat`` names the project root instead (which holds neither package)
and ``editable_mode=strict`` is a link tree that misses modules added after the install.

Wheels and sdists are setuptools' unchanged (this module only re-exports them). An explicit
``--config-settings editable_mode=...`` is honoured as setuptools honours it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import zipfile
from pathlib import Path

from setuptools import build_meta as _setuptools  # type: ignore[import-untyped]  # no py.typed

build_sdist = _setuptools.build_sdist
build_wheel = _setuptools.build_wheel
get_requires_for_build_editable = _setuptools.get_requires_for_build_editable
get_requires_for_build_sdist = _setuptools.get_requires_for_build_sdist
get_requires_for_build_wheel = _setuptools.get_requires_for_build_wheel
prepare_metadata_for_build_editable = _setuptools.prepare_metadata_for_build_editable
prepare_metadata_for_build_wheel = _setuptools.prepare_metadata_for_build_wheel

__all__ = [
    "build_editable",
    "build_sdist",
    "build_wheel",
    "get_requires_for_build_editable",
    "get_requires_for_build_sdist",
    "get_requires_for_build_wheel",
    "prepare_metadata_for_build_editable",
    "prepare_metadata_for_build_wheel",
]

#: The directories `[tool.setuptools.packages.find] where` names, each holding one package only.
PACKAGE_ROOTS = ("overrides", "generated")


def build_editable(
    wheel_directory: str,
    config_settings: dict[str, str | list[str]] | None = None,
    metadata_directory: str | None = None,
) -> str:
    """Setuptools' editable wheel with its import hook replaced by a .pth of the package roots."""
    name: str = _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
    if not (config_settings or {}).get("editable_mode"):
        roots = [Path(root).resolve() for root in PACKAGE_ROOTS]  # PEP 517: cwd is the project
        static_pth(Path(wheel_directory) / name, roots)
    return name


def static_pth(wheel: Path, roots: list[Path]) -> None:
    """Rewrite ``wheel``: its ``__editable__*.pth`` names ``roots``; the finder module goes."""
    with zipfile.ZipFile(wheel) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    top_level = [name for name in entries if "/" not in name]
    pths = [name for name in top_level if name.startswith("__editable__") and name.endswith(".pth")]
    if len(pths) != 1:
        return  # not the layout this backend knows: leave setuptools' wheel as it is
    entries[pths[0]] = "".join(f"{root}\n" for root in roots).encode()
    for name in top_level:
        if name.startswith("__editable__") and name.endswith("_finder.py"):
            del entries[name]
    record = next(name for name in entries if name.endswith(".dist-info/RECORD"))
    entries[record] = _record(entries, record)
    tmp = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    os.replace(tmp, wheel)


def _record(entries: dict[str, bytes], record: str) -> bytes:
    """The wheel's RECORD (path, sha256, size per file) for ``entries``."""
    lines = []
    for name, data in entries.items():
        if name == record:
            lines.append(f"{name},,")
            continue
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        lines.append(f"{name},sha256={digest},{len(data)}")
    return ("\n".join(lines) + "\n").encode()
