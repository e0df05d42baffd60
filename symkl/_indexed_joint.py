"""A two-variable joint table p[i, j] over symbolic sizes m × n, and its marginals.

The measures of such a table are double sums; :func:`symkl.prover._sums.canonical` puts them in
one normal form so identities between them (the chain rule) reduce to cancellation::

    >>> import sympy
    >>> from symkl._indexed_joint import IndexedJoint
    >>> m, n = sympy.symbols("m n", integer=True, positive=True)
    >>> i = sympy.Symbol("i", integer=True, positive=True)
    >>> J = IndexedJoint("p", (m, n))
    >>> J.marginal("X").value_at(i)
    Sum(p[i, k], (k, 1, n))

Substituting integer sizes (what the spot check does) gives the explicit ``Joint.symbolic``.
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy
from sympy.core.symbol import Str

from ._validate import as_expression
from .distributions import Distribution, IndexedDiscrete, Kind, Support
from .errors import InvalidDistributionError

__all__ = ["COLUMN_INDEX", "ROW_INDEX", "SUMMED_INDEX", "IndexedJoint", "IndexedMarginal"]

#: The outcome index of the first variable (shared with IndexedDiscrete) and of the second.
ROW_INDEX = IndexedDiscrete.index
COLUMN_INDEX = sympy.Symbol("j", integer=True, positive=True)
#: The index a marginal sums out.
SUMMED_INDEX = sympy.Symbol("k", integer=True, positive=True)


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
            from .joint import Joint

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
        """p(x) = Σ_j p[x, j] (or p(y) = Σ_i p[i, y]) as a distribution over i = 1..m (n)."""
        return IndexedMarginal(self, sympy.Integer(self.axis(variable)))

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        return set().union(*(s.free_symbols for s in self.sizes))


class IndexedMarginal(Distribution):
    """One marginal of an :class:`IndexedJoint`: its value at i sums the other index out."""

    kind = Kind.DISCRETE

    def __new__(cls, joint: Distribution, axis: object) -> Distribution:
        from .joint import Joint

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
