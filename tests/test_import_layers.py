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
