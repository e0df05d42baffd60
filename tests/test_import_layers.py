"""symkl's modules import each other in one direction: no circle, not even through a function."""

from __future__ import annotations

import ast
from pathlib import Path

import symkl

PACKAGE = Path(symkl.__file__).parent


def _module(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, root: Path, modules: set[str]) -> set[str]:
    """Every module of the package that ``path`` imports, at the top or inside a function."""
    name = _module(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in modules}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.add(target if target in modules else base)
    return (found & modules) - {name}


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module → the package's modules it imports (a package imports its ``__init__``'s names)."""
    files = sorted(root.rglob("*.py"))
    modules = {_module(f, root) for f in files}
    return {_module(f, root): _imports(f, root, modules) for f in files}


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a list of modules (first = last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                circle = visit(target)
                if circle:
                    return circle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            circle = visit(start)
            if circle:
                return circle
    return None


def test_symkl_has_no_import_circle() -> None:
    """No module of symkl reaches itself through imports, function-level imports included."""
    graph = import_graph(PACKAGE)
    assert len(graph) > 50
    circle = find_circle(graph)
    assert circle is None, " -> ".join(circle or [])


def test_a_circle_through_a_function_is_found(tmp_path: Path) -> None:
    """An import inside a function that closes a loop is reported, naming both modules."""
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "a.py").write_text("from .b import g\n")
    (root / "b.py").write_text("def g():\n    from .a import f\n    return f\n")
    assert find_circle(import_graph(root)) == ["pkg.a", "pkg.b", "pkg.a"]


def test_the_atoms_import_nothing_of_symkl() -> None:
    """The abstract distributions and measures stand on the ground: they import no symkl module."""
    graph = import_graph(PACKAGE)
    assert graph["symkl._atoms"] == set()
    assert "symkl._atoms" in graph["symkl._validate"]


#: The most floors symkl's modules may stand on (see :func:`floors`); lower it as layers are cut.
MAX_FLOORS = 10


def rooms(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph with each sub-package (``symkl.report``) as one node, as a reader sees layers.

    A ``__main__`` module (``python -m symkl.report``) is a program standing on top of its
    package, which never imports it (:func:`test_no_module_imports_a_program`): its own room.
    """

    def room(module: str) -> str:
        if module.endswith(".__main__"):
            return module
        return ".".join(module.split(".")[:2])

    out: dict[str, set[str]] = {}
    for module, targets in graph.items():
        out.setdefault(room(module), set()).update(room(t) for t in targets)
    return {node: targets - {node} for node, targets in out.items()}


def floors(graph: dict[str, set[str]]) -> dict[str, int]:
    """Each node's floor: 1 if it imports nothing of the package, else one above its highest
    import (the graph has no circle: :func:`test_symkl_has_no_import_circle`)."""
    found: dict[str, int] = {}

    def floor(node: str) -> int:
        if node not in found:
            found[node] = 1 + max((floor(t) for t in graph.get(node, ())), default=0)
        return found[node]

    for node in graph:
        floor(node)
    return found


def longest_chain(graph: dict[str, set[str]]) -> list[str]:
    """The modules of one longest import chain, from the top floor down to the ground."""
    level = floors(graph)
    chain = [max(level, key=lambda node: (level[node], node))]
    while graph.get(chain[-1]):
        chain.append(max(graph[chain[-1]], key=lambda node: (level[node], node)))
    return chain


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every node that ``start`` imports, directly or through others."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_floors_count_a_package_as_one_room(tmp_path: Path) -> None:
    """A chain a → b → sub-package gives three floors; modules inside a package add none."""
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "a.py").write_text("from . import b\n")
    (root / "b.py").write_text("from .sub import x\n")
    (root / "sub" / "__init__.py").write_text("from .x import f\n")
    (root / "sub" / "x.py").write_text("from ._y import g\n")
    (root / "sub" / "_y.py").write_text("g = 1\n")
    graph = rooms(import_graph(root))
    assert floors(graph)["pkg.a"] == 3
    assert longest_chain(graph) == ["pkg.a", "pkg.b", "pkg.sub"]


def test_a_program_is_a_room_above_its_package(tmp_path: Path) -> None:
    """``pkg/sub/__main__.py`` importing ``pkg.a`` stands above it; ``pkg.sub`` stays below."""
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "a.py").write_text("from .sub import x\n")
    (root / "sub" / "__init__.py").write_text("")
    (root / "sub" / "x.py").write_text("x = 1\n")
    (root / "sub" / "__main__.py").write_text("from ..a import x\n")
    graph = rooms(import_graph(root))
    assert longest_chain(graph) == ["pkg.sub.__main__", "pkg.a", "pkg.sub"]
    assert floors(graph)["pkg.sub"] == 1


def test_no_module_imports_a_program() -> None:
    """No module of symkl imports a ``__main__`` module, so a program adds no floor below it."""
    graph = import_graph(PACKAGE)
    programs = {m for m in graph if m.endswith(".__main__")}
    assert "symkl.report.__main__" in programs
    assert not [m for m, targets in graph.items() if targets & programs]


def test_symkl_stands_on_few_floors() -> None:
    """symkl's import chain, sub-packages counted as one room each, stays within MAX_FLOORS."""
    graph = rooms(import_graph(PACKAGE))
    chain = longest_chain(graph)
    assert len(chain) <= MAX_FLOORS, " -> ".join(chain)


def test_catalog_and_runner_do_not_know_what_entries_state() -> None:
    """Data flows derivations → catalog → runner: neither reaches the entry types' module or the
    optimisation relations, and the cache reads verdicts without the prover."""
    graph = rooms(import_graph(PACKAGE))
    for low in ("symkl.catalog", "symkl.runner"):
        reach = reachable(graph, low)
        assert not reach & {"symkl.derivation", "symkl.optimize", "symkl.calculus"}, low
    assert "symkl._entry" in graph["symkl.catalog"]
    assert not reachable(graph, "symkl.cache") & {"symkl.prover", "symkl.runner"}


def test_the_gradient_relations_need_no_family() -> None:
    """symkl.calculus (same gradient, same argmin) stands beside the families, not above them:
    only maximum likelihood (symkl.optimize) reads the families."""
    graph = rooms(import_graph(PACKAGE))
    assert "symkl.families" not in reachable(graph, "symkl.calculus")
    assert {"symkl.calculus", "symkl.families"} <= graph["symkl.optimize"]
    assert "symkl.optimize" not in reachable(graph, "symkl.derivation")


def test_results_are_read_without_the_runner() -> None:
    """The result types stand below the prover: the command line's formatting and the reports'
    views read them without importing the runner (only running a verification does)."""
    graph = import_graph(PACKAGE)
    assert not reachable(graph, "symkl._verdicts") & {"symkl.prover", "symkl.runner"}
    for reader in ("symkl.cli._format", "symkl.report._context", "symkl.report._reports"):
        assert "symkl._verdicts" in graph[reader]
        assert "symkl.runner" not in reachable(graph, reader), reader


def test_results_flow_into_the_reports_and_never_back() -> None:
    """The reports read results and entries' fields: they reach neither the runner nor the entry
    types' module (only the ``python -m symkl.report`` program runs a verification)."""
    graph = rooms(import_graph(PACKAGE))
    reach = reachable(graph, "symkl.report")
    assert not reach & {"symkl.runner", "symkl.derivation", "symkl.cli"}
    assert {"symkl.runner", "symkl.report"} <= graph["symkl.report.__main__"]
    assert "symkl.report" in graph["symkl.cli"]


def test_families_and_the_calculus_stand_below_the_derivations() -> None:
    """A family knows nothing of derivations (the step-by-step builder stands above both), and
    the calculus of gradients needs no prover: the prover and the calculus stand side by side."""
    graph = rooms(import_graph(PACKAGE))
    assert "symkl.derivation" not in reachable(graph, "symkl.families")
    assert {"symkl.families", "symkl.derivation"} <= graph["symkl._family_steps"]
    assert "symkl.prover" not in reachable(graph, "symkl.calculus")
    assert "symkl.calculus" not in reachable(graph, "symkl.prover")


def test_the_information_measures_stand_on_one_floor() -> None:
    """The joint-table measures (conditional KL included) and the divergences import no other
    measure module, so the prover, which reads them all, stands one floor above them."""
    graph = rooms(import_graph(PACKAGE))
    level = floors(graph)
    measures = {"symkl._information", "symkl._divergences", "symkl.numeric"}
    assert not any(graph[m] & measures for m in measures)
    assert level["symkl.prover"] == 1 + max(level[m] for m in measures)
