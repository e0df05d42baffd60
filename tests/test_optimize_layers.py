"""symkl.optimize (maximum likelihood, and the face) and symkl.calculus (the gradient and argmin
relations) are packages whose modules import each other in one direction only.

The import graph is read from the source with ``ast``: an import inside a function counts like one
at the top of the module, so a circle cannot hide behind a late import.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

import symkl
import symkl.calculus
import symkl.errors
import symkl.optimize
import symkl.relations

PACKAGE = Path(symkl.optimize.__file__).parent
CALCULUS = Path(symkl.calculus.__file__).parent

#: The public names of symkl.optimize (the API other code and users rely on).
PUBLIC = [
    "COMPONENT",
    "DifferentGradient",
    "EstimationError",
    "GradientIs",
    "Likelihood",
    "MLE",
    "Maximize",
    "Maximizer",
    "Model",
    "SameArgmin",
    "SameGradient",
    "gradient",
    "gradient_is",
    "likelihood",
    "maximize",
    "mle",
    "same_argmin",
    "same_gradient",
]

Edge = tuple[str, str, str]  # importer, imported, "module" or "function"


def _modules(directory: Path, package: str) -> dict[str, Path]:
    """The dotted name of each module in ``directory`` (``__init__`` is the package itself)."""
    out = {}
    for path in sorted(directory.rglob("*.py")):
        parts = path.relative_to(directory).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join((package, *parts))] = path
    return out


def _walk(node: ast.AST, in_function: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    for child in ast.iter_child_nodes(node):
        yield child, in_function
        inner = in_function or isinstance(
            child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
        )
        yield from _walk(child, inner)


def import_edges(directory: Path, package: str) -> list[Edge]:
    """Every import from one module of the package to another, and whether it is in a function."""
    modules = _modules(directory, package)
    edges: list[Edge] = []
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        here = name if is_package else name.rpartition(".")[0]
        for node, in_function in _walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                # ``from base import x``: x is a submodule when one by that name exists
                targets = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                    for a in node.names
                ]
            where = "function" if in_function else "module"
            edges += [(name, t, where) for t in targets if t in modules and t != name]
    return edges


def cycles(edges: list[Edge]) -> list[list[str]]:
    """The import circles: strongly connected groups of two or more modules (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for source, target, _ in edges:
        graph.setdefault(source, set()).add(target)
        graph.setdefault(target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_optimize_has_no_import_cycle() -> None:
    """No module of symkl.optimize or symkl.calculus imports, directly or through others, a
    module that imports it."""
    assert cycles(import_edges(PACKAGE, "symkl.optimize")) == []
    assert cycles(import_edges(CALCULUS, "symkl.calculus")) == []


def test_optimize_modules_import_each_other_only_at_module_level() -> None:
    """Dependencies inside the package are visible at the top of each module, none in a function."""
    edges = import_edges(PACKAGE, "symkl.optimize") + import_edges(CALCULUS, "symkl.calculus")
    assert [e for e in edges if e[2] == "function"] == []
    # the graph is not empty: the package face imports the provers, the provers the calculus
    assert ("symkl.calculus", "symkl.calculus._relations", "module") in edges
    assert ("symkl.calculus._relations", "symkl.calculus._calculus", "module") in edges
    assert ("symkl.optimize._mle_fit", "symkl.optimize._mle", "module") in edges


def test_cycle_finder_sees_a_circle_hidden_in_a_function(tmp_path: Path) -> None:
    """A circle closed by an import in a function is found; imports leaving the package are not."""
    (tmp_path / "__init__.py").write_text("from ._a import f\n")
    (tmp_path / "_a.py").write_text("from .. import errors\nfrom . import _b\n\ndef f(): ...\n")
    (tmp_path / "_b.py").write_text("def g():\n    from ._a import f\n    return f\n")
    (tmp_path / "_c.py").write_text("import fake._b\n")
    edges = import_edges(tmp_path, "fake")
    assert sorted(edges) == [
        ("fake", "fake._a", "module"),
        ("fake._a", "fake._b", "module"),
        ("fake._b", "fake._a", "function"),
        ("fake._c", "fake._b", "module"),
    ]
    assert cycles(edges) == [["fake._a", "fake._b"]]


def test_cycle_finder_sees_a_circle_through_the_package_face(tmp_path: Path) -> None:
    """A module importing the package's ``__init__``, which imports it back, is a circle."""
    (tmp_path / "__init__.py").write_text("from ._a import f\nSIZE = 3\n")
    (tmp_path / "_a.py").write_text("from . import SIZE\n\ndef f(): ...\n")
    assert cycles(import_edges(tmp_path, "fake")) == [["fake", "fake._a"]]


def test_public_names_are_unchanged() -> None:
    """symkl.optimize exports exactly its public names, defined in it or in symkl.calculus."""
    assert sorted(symkl.optimize.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        value = getattr(symkl.optimize, name)
        if name == "EstimationError":
            assert value is symkl.errors.EstimationError  # the error lives with the other errors
        elif name == "Maximize":
            assert value is symkl.relations.Maximize  # a word of the relation vocabulary
        elif inspect.isclass(value) or inspect.isfunction(value):
            home = value.__module__
            assert home.startswith(("symkl.optimize._", "symkl.calculus._")), (name, home)


@pytest.mark.parametrize("name", ["SameArgmin", "Maximizer", "mle", "same_gradient"])
def test_top_level_names_are_the_package_objects(name: str) -> None:
    """``symkl.<name>`` is the object ``symkl.optimize`` exports (the lazy table points at it)."""
    assert getattr(symkl, name) is getattr(symkl.optimize, name)
