"""Loading the claim files named on the command line, as pytest loads test files.

>>> from pathlib import Path
>>> from symkl.cli._load import load_claims
>>> _ = Path("my_helpers.py").write_text(
...     "import symkl\\n"
...     "p, q = symkl.Discrete.symbolic('p', 3), symkl.Discrete.symbolic('q', 3)\\n"
... )
>>> _ = Path("my_claims.py").write_text(
...     "import sympy, symkl\\n"
...     "from my_helpers import p, q\\n"  # the module beside the claim file
...     "GIBBS = symkl.Claim('gibbs', sympy.Ge(symkl.kl_divergence(p, q), 0))\\n"
... )
>>> load_claims(["my_claims.py"])
Catalog(entries=[Claim('gibbs')], errors=[])

While the files load, each one's folder is first on ``sys.path`` (pytest's "prepend" rootdir
insertion), so a claim file imports the modules next to it whether symkl runs as ``symkl`` or
``python -m symkl``. Every mistake in the input is a :class:`~symkl.errors.CatalogError` with
file and line: a file that does not import, a malformed claim, and a file named (or a folder)
that defines no claim or derivation at all. The commands report them and exit 2.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from .._verdicts import EntryResult
from ..catalog import Catalog, load
from ..errors import CatalogError
from ._exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError

__all__ = ["EMPTY_MESSAGE", "exit_code", "load_claims", "sibling_imports"]

#: Why a file (or folder) named on the command line is an input error although it imports.
EMPTY_MESSAGE = (
    "defines no claim or derivation (a claim file assigns symkl.Claim or symkl.Derivation "
    "objects to module-level names)"
)


def _folders(paths: Sequence[str]) -> list[str]:
    folders: list[str] = []
    for raw in paths:
        path = Path(raw).resolve()
        folder = str(path if path.is_dir() else path.parent)
        if folder not in folders:
            folders.append(folder)
    return folders


@contextlib.contextmanager
def sibling_imports(paths: Sequence[str]) -> Iterator[None]:
    """Within the block, the folders of ``paths`` come first on ``sys.path``; then it is restored.

    >>> with sibling_imports(["claims/week3.py"]):
    ...     catalog = load(["claims/week3.py"])
    """
    saved = list(sys.path)
    sys.path[:0] = _folders(paths)
    try:
        yield
    finally:
        sys.path[:] = saved


def _check_paths(paths: Sequence[str]) -> None:
    for raw in paths:
        path = Path(raw)
        try:
            exists, is_file = path.exists(), path.is_file()
        except (OSError, ValueError) as exc:  # a name too long for the system, and the like
            raise UsageError(f"cannot read the derivation path {raw!r}: {exc}") from exc
        if not exists:
            raise UsageError(f"no such derivation file or folder: {raw}")
        if is_file and path.suffix != ".py":
            raise UsageError(f"not a Python derivation file: {raw}")


def _inside(location: str, path: Path) -> bool:
    where = Path(location).resolve()
    return where == path or path in where.parents


def _empty_paths(paths: Sequence[str], catalog: Catalog) -> list[CatalogError]:
    """The files and folders named that gave neither an entry nor a load error."""
    found = [str(entry.location[0]) for entry in catalog.entries]
    found += [str(error.path) for error in catalog.errors]
    return [
        CatalogError(EMPTY_MESSAGE, path=raw, line=None)
        for raw in paths
        if not any(_inside(location, Path(raw).resolve()) for location in found)
    ]


def load_claims(paths: Sequence[str]) -> Catalog:
    """The catalog of ``paths`` (or the built-in one); its errors printed as ``path:line: msg``.

    A helper module inside a folder that is named (one with no claims) is fine; a file named
    on its own, or a whole folder, with nothing to verify is an error.
    """
    _check_paths(paths)
    with sibling_imports(paths):
        catalog = load(list(paths) or None)
    catalog.errors += _empty_paths(paths, catalog)
    for error in catalog.errors:
        print(error, file=sys.stderr, flush=True)
    return catalog


def exit_code(catalog: Catalog, results: Sequence[EntryResult]) -> int:
    """2 when the input had errors (a claim file that does not load, or defines nothing), else
    1 when an entry missed its expected verdict, else 0.

    >>> from pathlib import Path
    >>> from symkl.catalog import load
    >>> from symkl.cli._load import exit_code
    >>> from symkl.runner import verify_catalog
    >>> _ = Path("claims.py").write_text(
    ...     "import sympy, symkl\\n"
    ...     "p, q = symkl.Discrete.symbolic('p', 3), symkl.Discrete.symbolic('q', 3)\\n"
    ...     "GIBBS = symkl.Claim('gibbs', sympy.Ge(symkl.kl_divergence(p, q), 0))\\n"
    ... )
    >>> catalog = load(["claims.py"])
    >>> exit_code(catalog, [result for _, result in verify_catalog(catalog)])
    0
    """
    if catalog.errors:
        return EXIT_USAGE
    return EXIT_OK if all(r.ok for r in results) else EXIT_FAILED
