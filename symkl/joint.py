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

import sympy
from sympy.core.symbol import Str

from ._atoms import Kind, Support
from ._checks import _SUM_FACTS, _sum_constraint
from ._tables import DEFAULT_NAMES, nested_text, packed, read_table, shown_table, symbol_cells
from ._validate import as_expression, reject_string, show
from .distributions import Discrete, Distribution, IndexedDiscrete, _shown_value
from .errors import InvalidDistributionError, SupportMismatchError, UnsupportedMeasureError

__all__ = [
    "COLUMN_INDEX",
    "ROW_INDEX",
    "SUMMED_INDEX",
    "IndexedJoint",
    "IndexedMarginal",
    "Joint",
    "mixture",
]

#: The outcome index of the first variable (shared with IndexedDiscrete) and of the second.
ROW_INDEX = IndexedDiscrete.index
COLUMN_INDEX = sympy.Symbol("j", integer=True, positive=True)
#: The index a marginal sums out.
SUMMED_INDEX = sympy.Symbol("k", integer=True, positive=True)


Cell = tuple[int, ...]


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
        if packed(names):  # SymPy rebuilding the atom from its two args (probs, metadata)
            names, name, shape = names  # type: ignore[misc]
        flat, dims, labels = read_table(table, names, shape)
        # Discrete validates the entries (non-negative, at most 1, summing to 1); its message
        # shows the table as the user wrote it.
        try:
            base = Discrete(flat, name=name)
        except InvalidDistributionError as exc:
            raise InvalidDistributionError(
                f"{exc} (the joint table {shown_table(table)})"
            ) from None
        label = name if isinstance(name, Str) else Str(str(name))
        # Two args like a Discrete (probs, then one more): code that rebuilds a Discrete from
        # (new probs, args[1]) keeps the variable names, the label and the shape together.
        meta = sympy.Tuple(sympy.Tuple(*(Str(v) for v in labels)), label, sympy.Tuple(*dims))
        obj: Joint = sympy.Expr.__new__(cls, base.args[0], meta)
        return obj

    @classmethod
    def symbolic(cls, name: str, sizes: object) -> Joint | IndexedJoint:
        """Entries name_i_j as positive symbols (Σ = 1 a domain fact); two Symbol sizes give
        an :class:`IndexedJoint` with entries name[i, j].

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
            return IndexedJoint(name, sizes)
        flat, dims = symbol_cells(name, sizes)
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

    def __str__(self) -> str:
        """What ``print`` shows: the table, nested by its shape, and non-default names.

        >>> print(Joint([[0.1, 0.2], [0.3, 0.4]], names=("A", "B")))
        Joint([[0.1, 0.2], [0.3, 0.4]], names=('A', 'B'))
        """
        rows = nested_text([_shown_value(v) for v in self.probs], self.shape)
        named = "" if self.names == DEFAULT_NAMES[: len(self.shape)] else f", names={self.names!r}"
        label = "" if self.name == "p" else f", name={self.name!r}"
        return f"Joint({rows}{named}{label})"

    __repr__ = __str__

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


# --- a two-variable table over symbolic sizes m × n -----------------------------------------


def _size(value: object) -> sympy.Expr:
    size = as_expression(value, "a table size", InvalidDistributionError)
    if size.is_integer is not True or size.is_positive is not True:
        raise InvalidDistributionError(
            f"a symbolic table size must be a positive integer symbol, got {size} "
            "(declare it: Symbol('m', integer=True, positive=True))"
        )
    return size


class IndexedJoint(Distribution):
    """p[i, j], i = 1..m, j = 1..n, each positive, Σ_i Σ_j p[i, j] = 1 (a domain fact).

    The last argument is that normalisation sum: it makes the sizes visible as sum limits.
    """

    kind = Kind.DISCRETE

    def __new__(
        cls,
        name: str | Str,
        sizes: Iterable[object],
        names: Iterable[object] = ("X", "Y"),
        mass: object = None,
    ) -> Distribution:
        dims = [as_expression(s, "a table size", InvalidDistributionError) for s in sizes]
        labels = tuple(str(v) for v in names)
        if len(dims) != 2 or len(labels) != 2 or labels[0] == labels[1]:
            raise InvalidDistributionError(
                f"a symbolic joint table has two sizes and two distinct names, got {dims}, {labels}"
            )
        if all(d.is_Integer for d in dims):
            explicit = Joint.symbolic(str(name), tuple(int(d) for d in dims))
            return Joint(
                explicit.probs, names=labels, name=str(name), shape=sympy.Tuple(*explicit.shape)
            )
        m, n = (_size(d) for d in dims)
        label = name if isinstance(name, Str) else Str(str(name))
        base = sympy.IndexedBase(str(name), positive=True)
        i, j = ROW_INDEX, COLUMN_INDEX
        total = sympy.Sum(sympy.Sum(base[i, j], (j, 1, n)), (i, 1, m))
        obj: IndexedJoint = sympy.Expr.__new__(
            cls, label, sympy.Tuple(m, n), sympy.Tuple(*(Str(v) for v in labels)), total
        )
        return obj

    @property
    def name(self) -> str:
        return str(self.args[0])

    @property
    def sizes(self) -> tuple[sympy.Expr, sympy.Expr]:
        m, n = self.args[1]
        return m, n

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(str(v) for v in self.args[2])

    @property
    def base(self) -> sympy.IndexedBase:
        return sympy.IndexedBase(self.name, positive=True)

    @property
    def support(self) -> Support:
        # Outcomes are pairs; measures of a joint write their own double sums.
        return Support(Kind.DISCRETE, variable=None, lower=None, upper=None)

    def value_at(self, outcome: sympy.Expr | int) -> sympy.Expr:
        raise InvalidDistributionError(
            f"the joint {self.name} is indexed by a pair (i, j); use entry(i, j)"
        )

    def entry(self, i: sympy.Expr, j: sympy.Expr) -> sympy.Expr:
        value: sympy.Expr = self.base[i, j]
        return value

    def domain_facts(self) -> tuple[sympy.Basic, ...]:
        return (sympy.Eq(self.args[3], 1, evaluate=False),)

    def axis(self, variable: object) -> int:
        if str(variable) not in self.names:
            raise InvalidDistributionError(
                f"unknown variable {str(variable)!r}; this joint's variables are {self.names}"
            )
        return self.names.index(str(variable))

    def marginal(self, variable: str) -> IndexedMarginal:
        """p(x) = Σ_j p[x, j] (or p(y) = Σ_i p[i, y]) as a distribution over i = 1..m (n).

        >>> m, n = sympy.symbols("m n", integer=True, positive=True)
        >>> IndexedJoint("p", (m, n)).marginal("X").value_at(ROW_INDEX)
        Sum(p[i, k], (k, 1, n))
        """
        return IndexedMarginal(self, sympy.Integer(self.axis(variable)))

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        return set().union(*(s.free_symbols for s in self.sizes))


class IndexedMarginal(Distribution):
    """One marginal of an :class:`IndexedJoint`: its value at i sums the other index out."""

    kind = Kind.DISCRETE

    def __new__(cls, joint: Distribution, axis: object) -> Distribution:
        position = int(axis)  # type: ignore[call-overload]
        if isinstance(joint, Joint):  # the explicit instance the spot check builds
            return joint.marginal(joint.names[position])
        obj: IndexedMarginal = sympy.Expr.__new__(cls, joint, sympy.Integer(position))
        return obj

    @property
    def joint(self) -> IndexedJoint:
        joint: IndexedJoint = self.args[0]
        return joint

    @property
    def axis(self) -> int:
        return int(self.args[1])

    @property
    def name(self) -> str:
        return f"{self.joint.name}_{self.joint.names[self.axis]}"

    @property
    def support(self) -> Support:
        upper = self.joint.sizes[self.axis]
        return Support(Kind.DISCRETE, variable=ROW_INDEX, lower=sympy.Integer(1), upper=upper)

    def value_at(self, outcome: sympy.Expr | int) -> sympy.Expr:
        m, n = self.joint.sizes
        k = SUMMED_INDEX
        if self.axis == 0:
            return sympy.Sum(self.joint.entry(outcome, k), (k, 1, n))
        return sympy.Sum(self.joint.entry(k, outcome), (k, 1, m))

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        return self.joint.free_symbols
