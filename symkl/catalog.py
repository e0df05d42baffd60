"""Finding and loading derivation modules.

A derivation module is plain Python; every module-level :class:`Claim` or :class:`Derivation` is
collected in definition order, as pytest collects tests. A module that fails to import, or a
malformed claim, becomes a :class:`CatalogError` with file and line; the rest still loads::

    >>> catalog = load()            # the built-in catalog
    >>> load(["my_claims.py"]).errors
    [CatalogError('my_claims.py: no such derivation file or folder')]
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ._entry import Entry, collecting
from .errors import CatalogError

__all__ = ["Catalog", "Entry", "builtin_catalog_dir", "discover", "load"]


@dataclass
class Catalog:
    """The loaded entries and the errors met while loading them."""

    entries: list[Entry] = field(default_factory=list)
    errors: list[CatalogError] = field(default_factory=list)

    def find(self, name: str) -> Entry | None:
        return next((e for e in self.entries if e.name == name), None)


def builtin_catalog_dir() -> Path:
    """The catalog shipped in the wheel (``symkl/_catalog``), or ``derivations/`` in a checkout."""
    packaged = Path(__file__).resolve().parent / "_catalog"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "derivations"


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """The ``.py`` files named, and those inside folders named (sorted; ``_*.py`` skipped)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.glob("*.py") if not p.name.startswith("_"))
        elif path.suffix == ".py" and path.is_file():
            files.append(path)
        else:
            raise CatalogError("no such derivation file or folder", path=str(raw), line=None)
    return files


def _error_line(exc: BaseException, path: Path) -> int | None:
    if isinstance(exc, SyntaxError) and exc.lineno is not None:
        return exc.lineno
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == path.resolve():
            line = frame.lineno
    return line


def _load_module(path: Path) -> tuple[list[Entry], list[CatalogError]]:
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    module_name = f"symkl_catalog_{path.stem}_{digest}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        return [], [CatalogError("cannot be imported", path=str(path), line=None)]
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    with collecting() as errors:
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # any failure of user code becomes a located error
            sys.modules.pop(module_name, None)
            message = f"{type(exc).__name__}: {exc}"
            return [], [*errors, CatalogError(message, path=str(path), line=_error_line(exc, path))]
    unique = {
        id(value): value
        for value in vars(module).values()
        if isinstance(value, Entry) and value.error is None
    }
    return list(unique.values()), list(errors)


def load(paths: Sequence[str | Path] | None = None) -> Catalog:
    """Load the built-in catalog, or the given files and folders."""
    catalog = Catalog()
    try:
        files = discover(paths if paths else [builtin_catalog_dir()])
    except CatalogError as exc:
        catalog.errors.append(exc)
        return catalog
    seen: set[str] = set()
    for file in files:
        entries, errors = _load_module(file)
        catalog.errors += errors
        for entry in entries:
            if entry.name in seen:
                path, line = entry.location
                catalog.errors.append(
                    CatalogError(f"duplicate entry name {entry.name!r}", path=path, line=line)
                )
                continue
            seen.add(entry.name)
            catalog.entries.append(entry)
    return catalog
