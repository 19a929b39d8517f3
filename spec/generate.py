"""Regenerate ``generated/hubspot_events_generated`` from the curated spec, byte for byte.

Why a script rather than a bare generator call: openapi-python-client's ``--overwrite`` only clears
``api/`` and ``models/``, skips a missing formatter with a warning, leaves a ``.ruff_cache`` inside
the package, and writes no ``py.typed``. This script generates into an empty temporary directory,
formats with a pinned ruff and an isolated configuration (so nothing above the output folder
changes the bytes), adds ``py.typed`` and ``openapi.json`` (the spec the package was generated from,
which the fake HubSpot validates requests against), then swaps the result into place.

Usage: ``python spec/generate.py [--out DIR]`` (default: generated/hubspot_events_generated).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "marketing-events.yaml"
CONFIG = ROOT / "spec" / "generator-config.yaml"
TEMPLATES = ROOT / "spec" / "templates"
PACKAGE = "hubspot_events_generated"
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        sys.exit(f"generate: {name} is not installed next to {sys.executable}; run `make setup`")
    return str(path)


def _run(*args: str, cwd: Path) -> None:
    subprocess.run(args, cwd=cwd, check=True)


def generate(out: Path, spec: Path = SPEC) -> None:
    """Generate the package for ``spec`` into ``out`` (replacing it)."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / PACKAGE
        _run(
            _tool("openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--config",
            str(CONFIG),
            "--meta",
            "none",
            "--custom-template-path",
            str(TEMPLATES),
            "--output-path",
            str(target),
            "--fail-on-warning",
            cwd=Path(tmp),
        )
        ruff = _tool("ruff")
        _run(
            ruff,
            "check",
            "--isolated",
            "--quiet",
            "--select",
            "I,F401",
            "--fix-only",
            ".",
            cwd=target,
        )
        _run(ruff, "format", "--isolated", "--quiet", ".", cwd=target)
        shutil.rmtree(target / ".ruff_cache", ignore_errors=True)
        (target / "py.typed").write_text("")
        document = yaml.safe_load(spec.read_text(encoding="utf-8"))
        (target / "openapi.json").write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(target, out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "generated" / PACKAGE)
    parser.add_argument("--spec", type=Path, default=SPEC)
    args = parser.parse_args()
    generate(args.out, args.spec)


if __name__ == "__main__":
    main()
