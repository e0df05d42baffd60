"""Which of symkl's source files can change a verdict: the proof cache fingerprints only these.

The verdict packages (:data:`VERDICT_PACKAGES`) and every module they import, at the top of a
file or inside a function, as read from the source (nothing is imported). The command line,
the reports and the runner are not among them, so editing those keeps the cache; and the files
found are the same whether symkl is installed from a wheel or in editable mode.

>>> "prover/_kernel.py" in {p.as_posix() for p in verdict_sources()}
True
>>> "cli/__init__.py" in {p.as_posix() for p in verdict_sources()}
False
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["PACKAGE", "VERDICT_PACKAGES", "verdict_sources"]

#: symkl's own folder.
PACKAGE = Path(__file__).resolve().parent
#: The packages whose code decides verdicts: the prover, the gradient and argmin relations and
#: maximum likelihood (which prove themselves) and the families (which register strategies).
VERDICT_PACKAGES = ("prover", "calculus", "optimize", "families")


def _module_file(parts: list[str]) -> Path | None:
    base = PACKAGE.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


#: ``from .x import a, b`` (also parenthesised over lines) and ``from symkl.x import a``.
_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.M)
#: ``import symkl.x``.
_IMPORT = re.compile(r"^[ \t]*import[ \t]+symkl\.([\w.]+)", re.M)


def _imports(path: Path) -> set[Path]:
    """The symkl files that ``path`` imports, read as text (a regex is ten times faster than
    parsing; a stray match in a docstring can only add a file, which keeps the cache safe)."""
    here = list(path.relative_to(PACKAGE).parent.parts)
    targets: list[list[str]] = []
    text = path.read_text(encoding="utf-8")
    for dots, module, names in _FROM.findall(text):
        parts = [m for m in module.split(".") if m]
        if dots:
            parts = here[: len(here) - len(dots) + 1] + parts
        elif parts[:1] == ["symkl"]:
            parts = parts[1:]
        else:
            continue
        targets.append(parts)
        for name in re.findall(r"\w+", names.split("#")[0] if "(" not in names else names):
            targets.append([*parts, name])
    targets += [m.split(".") for m in _IMPORT.findall(text)]
    found: set[Path] = set()
    for parts in targets:
        # importing a.b.c runs the __init__ of each package on the way
        for depth in range(1, len(parts) + 1):
            hit = _module_file(parts[:depth])
            if hit is not None:
                found.add(hit)
    return found


def verdict_sources() -> list[Path]:
    """The source files, relative to the package, that can change a verdict, sorted."""
    todo = [f for name in VERDICT_PACKAGES if (f := _module_file([name])) is not None]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        if path.name == "__init__.py":  # a package: all of its modules
            todo.extend(path.parent.glob("*.py"))
        todo.extend(_imports(path))
    return sorted(p.relative_to(PACKAGE) for p in seen)
