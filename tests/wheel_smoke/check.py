"""The wheel smoke test: install the built wheel as a user would and use it (`make wheel-check`).

Why: every other test runs on the editable checkout, where the source tree stands in for the
package. This installs ``dist/*.whl`` into a fresh virtual environment (not editable, no dev
dependencies, versions constrained by ``requirements.lock``) and checks, in order:

1. the sdist carries what regenerating needs (``spec/``, the generator config) and the wheel its
   typing markers and metadata (``Typing :: Typed``, the extras, the project URLs);
2. the bare install: ``import hubspot_events``, a read through the client, ``__version__``; the
   console script and ``hubspot_events.testing`` name their extra in one line (exit 2, no
   traceback); the number of packages it brings is the README's;
3. ``[sandbox]``: a batch write and a read against the in-process fake; its package count;
4. ``[cli]``: ``--help`` and ``--version``, every command's ``--help``, one real command against
   the sandbox on loopback; its package count; ``[redis]`` in a venv of its own, its count;
5. ``mypy --strict`` on a user's project (``examples/typed_project``: ``assert_type`` on every
   public method's result) against the installed wheel, and against an editable install
   (``pip install -e`` of the checkout, in a second environment): both must see the package's
   types, not an import hook's ``Any``. The project's ``webinar_sync.smoke`` runs on the wheel
   in steps 2 and 3.

The wheels come from a wheelhouse under ``.venv/`` filled once per lock (``--download``, which
``make setup`` runs), so the check itself needs no network. Run from the repository root:
``python tests/wheel_smoke/check.py dist``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
WHEELHOUSE = ROOT / ".venv" / "wheelhouse"
#: A user's project: type-checked against the wheel and an editable install, smoke-run on the wheel.
TYPED_PROJECT = ROOT / "examples" / "typed_project"
#: The installer's own packages, not counted as what hubspot-events brings.
INSTALLER = {"pip", "setuptools", "wheel", "hubspot-events"}
#: What regenerating from the sdist needs (README "Changing the spec").
SDIST_MUST_HAVE = (
    "spec/marketing-events.yaml",
    "spec/generator-config.yaml",
    "spec/generate.py",
    "spec/deviations.yaml",
    "spec/templates/",
    "CHANGELOG.md",
    "requirements.lock",
    "build_backend/",  # pyproject.toml's backend-path: the wheel is built from the sdist
)
WHEEL_MUST_HAVE = ("hubspot_events/py.typed", "hubspot_events_generated/py.typed")
#: The README's install lines: `pip install "hubspot-events[cli]"   # ... (N packages ...)`.
README_COUNT = re.compile(
    r'^pipx? install "?hubspot-events(?:\[(?P<extra>\w+)\])?"?\s+#.*?\((?P<n>\d+) packages',
    re.M,
)


class SmokeFailure(AssertionError):
    """One check of the installed wheel failed; the message says which and what was seen."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def project() -> dict[str, Any]:
    table: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return table


def requirements() -> list[str]:
    """Everything the wheel may install (core, [cli], [sandbox], [redis]), mypy, and setuptools
    (the editable install builds without isolation), from pyproject.toml."""
    meta = project()["project"]
    extras = meta["optional-dependencies"]
    return sorted(
        {
            *meta["dependencies"],
            *extras["cli"],
            *extras["sandbox"],
            *extras["redis"],
            "mypy",
            "setuptools",
        }
    )


def fill_wheelhouse() -> None:
    """Download the wheels of :func:`requirements` at the lock's versions, once per lock."""
    wanted = requirements()
    digest = hashlib.sha256(LOCK.read_bytes() + "\n".join(wanted).encode()).hexdigest()
    stamp = WHEELHOUSE / ".digest"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == digest:
        return
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
         "--only-binary", ":all:", "--dest", str(WHEELHOUSE), "--constraint", str(LOCK), *wanted],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SmokeFailure(f"downloading the wheels of {wanted} failed:\n{done.stderr}")
    stamp.write_text(digest, encoding="utf-8")


def built(dist: Path) -> tuple[Path, Path]:
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    check(len(wheels) == 1 and len(sdists) == 1, f"expected one wheel and one sdist in {dist}")
    return wheels[0], sdists[0]


def check_archives(wheel: Path, sdist: Path) -> str:
    """The archives' contents; returns the wheel's version."""
    with tarfile.open(sdist) as tar:
        names = [name.split("/", 1)[1] for name in tar.getnames() if "/" in name]
    for needed in SDIST_MUST_HAVE:
        check(any(n.startswith(needed) for n in names), f"the sdist lacks {needed}")
    with zipfile.ZipFile(wheel) as whl:
        files = whl.namelist()
        metadata = whl.read(next(n for n in files if n.endswith(".dist-info/METADATA"))).decode()
    for needed in WHEEL_MUST_HAVE:
        check(needed in files, f"the wheel lacks {needed}")
    check(
        any(n.startswith("hubspot_events_generated/") and n.endswith(".json") for n in files),
        "the wheel lacks the generated package's spec (openapi.json)",
    )
    for line in (
        "Classifier: Typing :: Typed",
        "Provides-Extra: cli",
        "Provides-Extra: sandbox",
        "Project-URL: ",
    ):
        check(line in metadata, f"the wheel's METADATA lacks {line!r}")
    return metadata.split("\nVersion: ", 1)[1].split("\n", 1)[0]


class Venv:
    """A fresh virtual environment in ``where``, installing only from the wheelhouse."""

    def __init__(self, where: Path) -> None:
        self.where = where
        self.home = where / "venv"
        self.python = str(self.home / "bin" / "python")
        self.pip = [self.python, "-m", "pip"]
        made = subprocess.run([sys.executable, "-m", "venv", str(self.home)], capture_output=True)
        if made.returncode:  # no ensurepip here (Debian without python3-venv): this pip drives it
            shutil.rmtree(self.home, ignore_errors=True)
            self.ok(sys.executable, "-m", "venv", "--without-pip", str(self.home))
            self.pip = [sys.executable, "-m", "pip", "--python", self.python]
        self.script = str(self.home / "bin" / "hubspot-events")

    def install(self, *requirements: str) -> None:
        self.ok(
            *self.pip, "install", "--quiet", "--disable-pip-version-check",
            "--no-index", "--find-links", str(WHEELHOUSE), "--constraint", str(LOCK),
            *requirements,
        )  # fmt: skip

    def run(
        self, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        # cwd outside the checkout: nothing of the source tree can stand in for the package
        return subprocess.run(
            list(args), capture_output=True, text=True, cwd=cwd or self.where, env=env, check=False
        )

    def ok(self, *args: str, cwd: Path | None = None) -> str:
        done = self.run(*args, cwd=cwd)
        check(done.returncode == 0, f"{' '.join(args)} exited {done.returncode}:\n{done.stderr}")
        return done.stdout

    def packages(self) -> list[str]:
        probe = (
            "import importlib.metadata as m, json;"
            "print(json.dumps(sorted({d.metadata['Name'].lower() for d in m.distributions()})))"
        )
        names: list[str] = json.loads(self.ok(self.python, "-c", probe))
        return [name for name in names if name.replace("_", "-") not in INSTALLER]


def check_missing_extra(venv: Venv) -> str:
    """Without [cli]: the console script names the extra in one line and exits 2."""
    done = venv.run(venv.script, "--version")
    lines = done.stderr.strip().splitlines()
    check(done.returncode == 2, f"hubspot-events without [cli] exited {done.returncode}")
    check(len(lines) == 1 and '"hubspot-events[cli]"' in lines[0], f"said: {done.stderr!r}")
    check("Traceback" not in done.stderr and not done.stdout, f"said: {done.stderr!r}")
    fake = venv.run(venv.python, "-c", "import hubspot_events.testing")
    check(
        fake.returncode == 1 and '"hubspot-events[sandbox]"' in fake.stderr,
        f"import hubspot_events.testing without [sandbox] said: {fake.stderr!r}",
    )
    return lines[0]


COMMANDS_HELP = """
from typer.main import get_command
from typer.testing import CliRunner
from hubspot_events.cli._commands import app

def walk(command, path):
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from walk(sub, [*path, name])
    else:
        yield path

paths = list(walk(get_command(app), []))
for path in paths:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, (path, result.output)
print(len(paths))
"""

AGAINST_SANDBOX = """
import subprocess, sys
from hubspot_events.testing import FakeHubSpot, running_server

fake = FakeHubSpot(rate_limit=None)
fake.add_event("zoom-42", "w-1", event_name="Launch webinar", event_organizer="Acme")
with running_server(fake) as base_url:
    done = subprocess.run(
        [sys.argv[1], "--base-url", base_url, "--token", "t", "events", "list", "--json"],
        capture_output=True, text=True,
    )
assert done.returncode == 0, done.stderr
assert "Launch webinar" in done.stdout, done.stdout
"""


def check_cli(venv: Venv, version: str) -> int:
    help_text = venv.ok(venv.script, "--help")
    check("attendance" in help_text and "sandbox" in help_text, f"--help said:\n{help_text}")
    said = venv.ok(venv.script, "--version").strip()
    check(said == f"hubspot-events {version}", f"--version said {said!r}, the wheel is {version}")
    commands = int(venv.ok(venv.python, "-c", COMMANDS_HELP))
    venv.ok(venv.python, "-c", AGAINST_SANDBOX, venv.script)
    return commands


def copy_typed_project(where: Path) -> Path:
    """The example project copied out of the checkout, as a user's own directory."""
    target = where / TYPED_PROJECT.name
    skip = shutil.ignore_patterns("__pycache__", ".mypy_cache")
    shutil.copytree(TYPED_PROJECT, target, ignore=skip)
    return target


def check_types(venv: Venv, typed_project: Path, against: str) -> int:
    """``mypy --strict`` on the typed project with ``venv``'s interpreter; returns the number
    of files checked. Its own config file: none found above a temporary directory can count."""
    cache = str(venv.where / ".mypy_cache")
    done = venv.run(
        venv.python, "-m", "mypy", "--strict", "--config-file", "pyproject.toml",
        "--cache-dir", cache, cwd=typed_project,
    )  # fmt: skip
    check(
        done.returncode == 0 and done.stdout.startswith("Success"),
        f"mypy --strict on {TYPED_PROJECT.relative_to(ROOT)} against {against}:\n"
        f"{done.stdout}{done.stderr}",
    )
    files = re.search(r"in (\d+) source files?", done.stdout)
    return int(files[1]) if files else 0


def check_editable(where: Path) -> int:
    """The checkout installed editable (``pip install -e``, offline, without build isolation)
    in a second fresh environment, with the core and [sandbox] dependencies: mypy must see the
    package's types there too (a .pth of the source directories, see
    ``build_backend/hubspot_events_build.py``), not an import hook it cannot follow."""
    venv = Venv(where)
    meta = project()["project"]
    venv.install(
        "setuptools", "mypy", *meta["dependencies"], *meta["optional-dependencies"]["sandbox"]
    )
    venv.ok(
        *venv.pip, "install", "--quiet", "--disable-pip-version-check", "--no-index",
        "--no-deps", "--no-build-isolation", "--editable", str(ROOT),
    )  # fmt: skip
    located = venv.ok(venv.python, "-c", "import hubspot_events; print(hubspot_events.__file__)")
    check(
        Path(located.strip()).is_relative_to(ROOT / "overrides"),
        f"the editable install imports hubspot_events from {located.strip()}, not the checkout",
    )
    return check_types(venv, copy_typed_project(venv.where), "an editable install")


def redis_extra_count(wheel: Path, where: Path) -> int:
    """``[redis]`` alone, in a venv of its own (``[cli]`` holds it too, so it cannot be counted
    in the one above): its package count, and ``SharedRateLimit`` importable with it."""
    where.mkdir()
    venv = Venv(where)
    venv.install(f"{wheel}[redis]")
    venv.ok(venv.python, "-c", "import redis; from hubspot_events import SharedRateLimit")
    return len(venv.packages())


def readme_counts() -> dict[str, int]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return {m["extra"] or "": int(m["n"]) for m in README_COUNT.finditer(readme)}


def smoke(dist: Path) -> None:
    started = time.monotonic()
    wheel, sdist = built(dist)
    version = check_archives(wheel, sdist)
    fill_wheelhouse()
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="wheel-check-") as tmp, ThreadPoolExecutor(1) as pool:
        # the editable install's environment is independent of the wheel's: built alongside
        editable = pool.submit(check_editable, Path(tmp) / "editable")
        venv = Venv(Path(tmp))
        venv.install(str(wheel))
        counts[""] = len(venv.packages())
        for module in ("typer", "rich", "starlette", "uvicorn"):
            check(module not in venv.packages(), f"the bare install brought {module}")
        said = venv.ok(
            venv.python, "-c", "import hubspot_events; print(hubspot_events.__version__)"
        )
        check(said.strip() == version, f"__version__ is {said.strip()}, the wheel {version}")
        typed_project = copy_typed_project(venv.where)
        smoke_run = (venv.python, "-m", "webinar_sync.smoke")
        print(venv.ok(*smoke_run, "core", cwd=typed_project).strip())
        message = check_missing_extra(venv)

        venv.install(f"{wheel}[sandbox]")
        counts["sandbox"] = len(venv.packages())
        print(venv.ok(*smoke_run, "fake", cwd=typed_project).strip())

        venv.install(f"{wheel}[cli]")  # [cli] holds [sandbox]'s: the same set as a fresh [cli]
        counts["cli"] = len(venv.packages())
        commands = check_cli(venv, version)

        venv.install("mypy")
        typed_files = check_types(venv, typed_project, f"the wheel {wheel.name}")
        editable_files = editable.result()

        counts["redis"] = redis_extra_count(wheel, Path(tmp) / "redis")

    expected = readme_counts()
    check(
        expected == counts,
        f"the README's package counts {expected} are not what the installs brought {counts}",
    )
    print(
        f"wheel {wheel.name}: bare {counts['']} packages, [sandbox] {counts['sandbox']}, "
        f"[cli] {counts['cli']}, [redis] {counts['redis']}; without [cli]: {message!r}; "
        f"{commands} commands' --help"
    )
    where = TYPED_PROJECT.relative_to(ROOT)
    print(
        f"mypy --strict on {where} ({typed_files} files, assert_type on every public method): "
        f"ok against the wheel; ok against an editable install (pip install -e, {editable_files} "
        f"files) ({time.monotonic() - started:.0f} s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("dist", nargs="?", type=Path, default=ROOT / "dist")
    parser.add_argument("--download", action="store_true", help="only fill the wheelhouse")
    options = parser.parse_args()
    os.environ.pop("PYTHONPATH", None)  # nothing of the checkout on the installed package's path
    try:
        fill_wheelhouse() if options.download else smoke(options.dist.resolve())
    except SmokeFailure as failure:
        print(f"wheel check failed: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
