"""Reading a joint table as the user writes it: a nested list, or flat cells with a shape.

>>> read_table([[1, 2, 3], [4, 5, 6]], None, None)
([1, 2, 3, 4, 5, 6], (2, 3), ('X', 'Y'))
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import sympy
from sympy.core.symbol import Str

from ._atoms import MAX_EXPLICIT_OUTCOMES
from ._validate import reject_string, show
from .errors import InvalidDistributionError, UnsupportedMeasureError

__all__ = ["DEFAULT_NAMES", "nested_text", "packed", "read_table", "shown_table", "symbol_cells"]

#: The variables of a table whose names are not given, one per axis.
DEFAULT_NAMES = ("X", "Y", "Z")


def _nested_shape(table: object, where: str) -> tuple[int, ...]:
    if isinstance(table, (list, tuple)) and not isinstance(table, sympy.Tuple):
        if not table:
            raise InvalidDistributionError(
                f"a joint table needs at least one entry, got {where}=[]"
            )
        shapes = {_nested_shape(row, where) for row in table}
        if len(shapes) != 1:
            raise InvalidDistributionError(
                f"the rows of a joint table must all have the same shape, got {table!r}"
            )
        return (len(table), *shapes.pop())
    return ()


def packed(names: object) -> bool:
    """``names`` is a Joint's own metadata (names, label, shape), as SymPy passes it back."""
    return (
        isinstance(names, sympy.Tuple)
        and len(names) == 3
        and isinstance(names[0], sympy.Tuple)
        and isinstance(names[1], Str)
    )


def _dims(shape: object) -> tuple[int, ...]:
    """A shape as positive ints, or an error naming it."""
    try:
        dims = tuple(int(d) for d in shape)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        raise InvalidDistributionError(f"a shape is a tuple of sizes, got {shape!r}") from None
    if any(d < 1 for d in dims):
        raise InvalidDistributionError(f"each size of a shape must be at least 1, got {dims}")
    return dims


def shown_table(table: object) -> str:
    """A table for an error message, cut after 200 characters."""
    text = repr(table) if isinstance(table, (list, tuple)) else str(table)
    return text if len(text) <= 200 else text[:200] + "…"


def _flatten(table: object) -> list[object]:
    if isinstance(table, (list, tuple)):
        return [v for row in table for v in _flatten(row)]
    return [table]


def read_table(
    table: object, names: Iterable[object] | None, shape: object
) -> tuple[list[object], tuple[int, ...], tuple[str, ...]]:
    """The cells in row-major order, the shape and the variables' names (X, Y, Z by default).

    The entries are not checked here (the Discrete over the cells does that); the shape and the
    names are, each error naming what was given.
    """
    if shape is not None:  # SymPy rebuilding the atom from its own args, or a flat table
        if not isinstance(table, (list, tuple, sympy.Tuple)):
            raise InvalidDistributionError(
                f"Joint takes a nested list (a table), got {show(table)}"
            )
        flat = list(table)
        dims = _dims(shape)
        cells = 1
        for d in dims:
            cells *= d
        if cells != len(flat):
            raise InvalidDistributionError(
                f"a joint table of shape {dims} has {cells} cells, got {len(flat)} entries "
                f"{shown_table(flat)}"
            )
    else:
        if not isinstance(table, (list, tuple)):
            raise InvalidDistributionError(
                f"Joint takes a nested list (a table), got {show(table)}"
            )
        dims = _nested_shape(table, "table")
        flat = _flatten(table)
    if len(dims) < 2:
        raise InvalidDistributionError(
            f"a joint table needs at least two axes (a list of rows), got shape {dims}; "
            "use Discrete for one variable"
        )
    reject_string(names, "the variables' names")
    labels = tuple(str(v) for v in (names if names is not None else DEFAULT_NAMES))
    labels = labels[: len(dims)] if names is None else labels
    if len(labels) != len(dims) or len(set(labels)) != len(labels):
        raise InvalidDistributionError(
            f"a joint table of shape {dims} needs {len(dims)} distinct variable names, "
            f"got {tuple(names) if names is not None else labels!r}"
        )
    return flat, dims, labels


def symbol_cells(name: str, sizes: Sequence[object]) -> tuple[list[sympy.Symbol], tuple[int, ...]]:
    """The cells name_i_j… of a table of int ``sizes`` as positive symbols, and its shape.

    >>> symbol_cells("p", (1, 2))
    ([p_1_1, p_1_2], (1, 2))
    """
    dims = []
    for size in sizes:
        if isinstance(size, bool) or not (
            isinstance(size, int) or (isinstance(size, sympy.Expr) and size.is_Integer)
        ):
            raise UnsupportedMeasureError(
                f"Joint.symbolic takes int sizes or two Symbol sizes, got {size!r} in {sizes!r}"
            )
        if int(size) < 1:
            raise InvalidDistributionError(f"each size must be at least 1, got {sizes!r}")
        dims.append(int(size))
    total = 1
    for d in dims:
        total *= d
    if total > MAX_EXPLICIT_OUTCOMES:
        raise InvalidDistributionError(
            f"a symbolic table has at most {MAX_EXPLICIT_OUTCOMES} cells, got {sizes!r}"
        )
    flat = [
        sympy.Symbol(f"{name}_" + "_".join(str(k + 1) for k in cell), positive=True)
        for cell in itertools.product(*(range(d) for d in dims))
    ]
    return flat, tuple(dims)


def nested_text(cells: list[str], shape: tuple[int, ...]) -> str:
    """Row-major cells written as nested lists of ``shape``.

    >>> nested_text(["a", "b", "c", "d", "e", "f"], (2, 3))
    '[[a, b, c], [d, e, f]]'
    """
    for size in reversed(shape[1:]):  # group the innermost axis first
        cells = [f"[{', '.join(cells[k : k + size])}]" for k in range(0, len(cells), size)]
    return f"[{', '.join(cells)}]"
