"""Joint distributions of named random variables, and distributions built from others.

A :class:`Joint` is a :class:`~symkl.distributions.Discrete` over the cells of its table (in
row-major order), so every measure and prover strategy that works on a Discrete works on it;
it also knows the variables' names and the table's shape::

    >>> from sympy import S
    >>> J = Joint([[S(1)/4, S(1)/4], [S(1)/2, 0]], names=("X", "Y"))
    >>> J.marginal("X").probs
    (1/2, 1/2)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import sympy
from sympy.core.symbol import Str

from ._checks import _SUM_FACTS, _sum_constraint
from ._validate import as_expression, reject_string, show
from .distributions import MAX_EXPLICIT_OUTCOMES, Discrete, Distribution
from .errors import InvalidDistributionError, SupportMismatchError, UnsupportedMeasureError

if TYPE_CHECKING:
    from ._indexed_joint import IndexedJoint

__all__ = ["Joint", "mixture"]

Cell = tuple[int, ...]


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


def _packed(names: object) -> bool:
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


def _shown(table: object) -> str:
    text = repr(table) if isinstance(table, (list, tuple)) else str(table)
    return text if len(text) <= 200 else text[:200] + "…"


def _flatten(table: object) -> list[object]:
    if isinstance(table, (list, tuple)):
        return [v for row in table for v in _flatten(row)]
    return [table]


class Joint(Discrete):
    """p(x, y, …) as a table; ``names`` name the variables (axes), in order.

    >>> Joint([[0.1, 0.2], [0.3, 0.4]]).names
    ('X', 'Y')
    """

    def __new__(
        cls,
        table: object,
        names: Iterable[str] | None = None,
        name: str | Str = "p",
        shape: object = None,
    ) -> Joint:
        reject_string(table, "a joint table")
        if _packed(names):  # SymPy rebuilding the atom from its two args (probs, metadata)
            names, name, shape = names  # type: ignore[misc]
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
                    f"{_shown(flat)}"
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
        labels = tuple(str(v) for v in (names if names is not None else ("X", "Y", "Z")))
        labels = labels[: len(dims)] if names is None else labels
        if len(labels) != len(dims) or len(set(labels)) != len(labels):
            raise InvalidDistributionError(
                f"a joint table of shape {dims} needs {len(dims)} distinct variable names, "
                f"got {tuple(names) if names is not None else labels!r}"
            )
        # Discrete validates the entries (non-negative, at most 1, summing to 1); its message
        # shows the table as the user wrote it.
        try:
            base = Discrete(flat, name=name)
        except InvalidDistributionError as exc:
            raise InvalidDistributionError(f"{exc} (the joint table {_shown(table)})") from None
        label = name if isinstance(name, Str) else Str(str(name))
        # Two args like a Discrete (probs, then one more): code that rebuilds a Discrete from
        # (new probs, args[1]) keeps the variable names, the label and the shape together.
        meta = sympy.Tuple(sympy.Tuple(*(Str(v) for v in labels)), label, sympy.Tuple(*dims))
        obj: Joint = sympy.Expr.__new__(cls, base.args[0], meta)
        return obj

    @classmethod
    def symbolic(cls, name: str, sizes: object) -> Joint | IndexedJoint:
        """Entries name_i_j as positive symbols (Σ = 1 a domain fact); two Symbol sizes give
        an :class:`~symkl._indexed_joint.IndexedJoint` with entries name[i, j].

        >>> Joint.symbolic("p", (2, 2)).probs
        (p_1_1, p_1_2, p_2_1, p_2_2)
        """
        reject_string(sizes, "the table's sizes")
        if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
            raise InvalidDistributionError(
                f"Joint.symbolic takes a tuple of at least two sizes, got {show(sizes)}"
            )
        symbolic = [s for s in sizes if isinstance(s, sympy.Expr) and not s.is_Integer]
        if symbolic and len(sizes) == 2:
            from ._indexed_joint import IndexedJoint

            return IndexedJoint(name, sizes)
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
        return cls(flat, name=name, shape=sympy.Tuple(*dims))

    @classmethod
    def from_channel(
        cls, px: object, channel: Sequence[object], names: Iterable[str] = ("X", "Y")
    ) -> Joint:
        """p(x) W(y|x): ``channel`` has one row (a list or Discrete over y) per outcome of x.

        >>> from sympy import S
        >>> Joint.from_channel([S(1)/2, S(1)/2], [[1, 0], [S(1)/2, S(1)/2]]).probs
        (1/2, 0, 1/4, 1/4)
        """
        marginal = px if isinstance(px, Discrete) else Discrete(px, name="p_X")  # type: ignore[arg-type]
        reject_string(channel, "a channel")
        rows = [
            row if isinstance(row, Discrete) else Discrete(row, name="W")  # type: ignore[arg-type]
            for row in channel
        ]
        if len(rows) != len(marginal.probs):
            raise SupportMismatchError(
                f"a channel needs one row per outcome of x ({len(marginal.probs)}), "
                f"got {len(rows)} rows"
            )
        widths = {len(r.probs) for r in rows}
        if len(widths) != 1:
            raise SupportMismatchError(
                f"every row of a channel must have the same length, got lengths {sorted(widths)}"
            )
        table = [[a * w for w in row.probs] for a, row in zip(marginal.probs, rows, strict=True)]
        return cls(table, names=names, name="p")

    @property
    def name(self) -> str:
        return str(self.args[1][1])

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(str(v) for v in self.args[1][0])

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(int(d) for d in self.args[1][2])

    def cells(self) -> list[Cell]:
        """Every cell's 0-based index tuple, in the order of :attr:`probs`."""
        return list(itertools.product(*(range(d) for d in self.shape)))

    def axes(self, variables: str | Iterable[str]) -> tuple[int, ...]:
        """The axis numbers of named variables (an unknown name raises, listing the known ones)."""
        wanted = (variables,) if isinstance(variables, str) else tuple(str(v) for v in variables)
        axes = []
        for v in wanted:
            if v not in self.names:
                raise InvalidDistributionError(
                    f"unknown variable {v!r}; this joint's variables are {self.names}"
                )
            axes.append(self.names.index(v))
        if len(set(axes)) != len(axes):
            raise InvalidDistributionError(f"a variable is named twice in {wanted!r}")
        return tuple(axes)

    def table(self, axes: Sequence[int]) -> dict[Cell, sympy.Expr]:
        """The marginal over ``axes`` (in that order) as cell → probability (Σ over the rest)."""
        parts: dict[Cell, list[sympy.Expr]] = {}
        for cell, value in zip(self.cells(), self.probs, strict=True):
            parts.setdefault(tuple(cell[a] for a in axes), []).append(value)
        # One Add per entry: adding term by term re-sorts the growing sum (quadratic).
        return {key: sympy.Add(*values) for key, values in parts.items()}

    def marginal(self, *variables: str) -> Discrete:
        """p(x) = Σ_y p(x, y); several names give a smaller Joint.

        >>> from symkl import Joint
        >>> Joint([[0.1, 0.2], [0.3, 0.4]]).marginal("Y").probs
        (0.400000000000000, 0.600000000000000)
        """
        if not variables:
            raise InvalidDistributionError("marginal needs at least one variable name")
        axes = self.axes(variables)
        table = self.table(axes)
        label = f"{self.name}_{''.join(variables)}"
        self._regrouped(tuple(table.values()))
        if len(axes) == 1:
            return Discrete(list(table.values()), name=label)
        dims = tuple(self.shape[a] for a in axes)
        return Joint(list(table.values()), names=variables, name=label, shape=sympy.Tuple(*dims))

    def _regrouped(self, values: tuple[sympy.Expr, ...]) -> None:
        """Record that ``values`` (this table's cells regrouped) sum to 1 exactly when the table
        does, so that a marginal of a large table is not re-validated by ``simplify``."""
        if values in _SUM_FACTS:
            return
        known = _sum_constraint(tuple(self.probs))
        if known is None:
            _SUM_FACTS[values] = None
        elif known is not sympy.false:
            _SUM_FACTS[values] = sympy.Eq(sympy.Add(*values), 1, evaluate=False)

    def conditional(
        self, target: str | Iterable[str], given: str | Iterable[str]
    ) -> tuple[Discrete, ...]:
        """p(target | given = g) for every outcome g of ``given`` (row-major), as Discretes.

        Conditioning on an outcome of probability 0 raises, naming it.

        >>> from symkl import Joint
        >>> Joint([[0.1, 0.1], [0.4, 0.4]]).conditional("Y", given="X")[0].probs
        (0.500000000000000, 0.500000000000000)
        """
        t_axes, g_axes = self.axes(target), self.axes(given)
        if set(t_axes) & set(g_axes):
            raise InvalidDistributionError(
                f"a variable cannot be both the target and the condition: {target!r} | {given!r}"
            )
        both = self.table(t_axes + g_axes)
        given_table = self.table(g_axes)
        t_cells = list(itertools.product(*(range(self.shape[a]) for a in t_axes)))
        rows = []
        for g_cell, mass in given_table.items():
            if mass.is_zero:
                shown = ", ".join(
                    f"{self.names[a]} = {k + 1}" for a, k in zip(g_axes, g_cell, strict=True)
                )
                raise InvalidDistributionError(
                    f"cannot condition on {shown}: it has probability {mass}"
                )
            values = [both[t + g_cell] / mass for t in t_cells]
            condition = ",".join(
                f"{self.names[a]}={k + 1}" for a, k in zip(g_axes, g_cell, strict=True)
            )
            label = f"{self.name}_{''.join(self.names[a] for a in t_axes)}|{condition}"
            rows.append(Discrete(values, name=label))
        return tuple(rows)

    def product_of_marginals(self) -> Joint:
        """p(x) p(y) …: the joint the variables would have if they were independent."""
        marginals = [self.table((a,)) for a in range(len(self.shape))]
        flat = []
        for cell in self.cells():
            value = sympy.S.One
            for a, k in enumerate(cell):
                value *= marginals[a][(k,)]
            flat.append(value)
        label = "".join(f"{self.name}_{v}" for v in self.names)
        return Joint(flat, names=self.names, name=label, shape=sympy.Tuple(*self.shape))


def mixture(p: object, q: object, weight: object, name: str = "m") -> Discrete:
    """w·p + (1 − w)·q outcome by outcome (explicit distributions of one size).

    >>> from sympy import S
    >>> mixture([1, 0], [0, 1], S(1)/4).probs
    (1/4, 3/4)
    """
    dists = []
    for position, value in (("first", p), ("second", q)):
        if isinstance(value, Discrete):
            dists.append(value)
        elif isinstance(value, (list, tuple)):
            dists.append(Discrete(value, name="p" if position == "first" else "q"))
        elif isinstance(value, Distribution):
            raise UnsupportedMeasureError(
                f"mixture supports explicit Discrete distributions so far, got {value} "
                f"({type(value).__name__}) as its {position} argument"
            )
        else:
            raise UnsupportedMeasureError(
                f"mixture takes distributions or lists of probabilities, got {show(value)}"
            )
    dp, dq = dists
    if len(dp.probs) != len(dq.probs):
        raise SupportMismatchError(
            f"a mixture needs distributions of one size, got {len(dp.probs)} and {len(dq.probs)}"
        )
    w = as_expression(weight, "a mixture weight", InvalidDistributionError)
    if w.is_extended_real is False or w.is_extended_negative or (w - 1).is_extended_positive:
        raise InvalidDistributionError(f"a mixture weight must be in [0, 1], got {weight!r}")
    values = [w * a + (1 - w) * b for a, b in zip(dp.probs, dq.probs, strict=True)]
    if isinstance(dp, Joint) and isinstance(dq, Joint) and dp.shape == dq.shape:
        return Joint(values, names=dp.names, name=name, shape=sympy.Tuple(*dp.shape))
    return Discrete(values, name=name)
