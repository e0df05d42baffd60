"""Build the wheel, install it into a fresh venv, and run ``symkl`` from another folder."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*argv: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    # Reuse the installed hatchling when there is one (offline, faster); else pip fetches it.
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    _run(sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", *isolation, "-w", dist)
    (built,) = dist.glob("symkl-*.whl")
    return built


@pytest.mark.slow
def test_wheel_ships_catalog_schema_and_types(wheel: Path) -> None:
    """The wheel holds the catalog as symkl/_catalog, the JSON schema and py.typed."""
    names = set(zipfile.ZipFile(wheel).namelist())
    catalog = sorted(p.name for p in (ROOT / "derivations").glob("*.py"))
    assert {"symkl/schema/verify.json", "symkl/py.typed", "symkl/cli/__init__.py"} <= names
    assert {f"symkl/_catalog/{name}" for name in catalog} <= names


@pytest.mark.slow
def test_installed_wheel_lists_the_builtin_catalog(wheel: Path, tmp_path: Path) -> None:
    """`pip install <wheel>` into a fresh venv, then `symkl list` elsewhere shows the catalog."""
    from symkl.catalog import load

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv)
    _run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    listing = _run(venv / "bin" / "symkl", "list", cwd=elsewhere)
    listed = [line.split()[0] for line in listing.stdout.splitlines()]
    assert listed == [entry.name for entry in load().entries]
    version = _run(venv / "bin" / "python", "-m", "symkl", "--version", cwd=elsewhere)
    assert version.stdout.startswith("symkl ")
