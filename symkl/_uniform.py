"""The uniform distribution over a symbolic number of outcomes.

>>> UniformDiscrete("u", sympy.Symbol("n", integer=True, positive=True)).value_at(1)
1/n
"""

from __future__ import annotations

import sympy
from sympy.core.symbol import Str

from ._validate import as_expression
from .distributions import Discrete, Distribution, IndexedDiscrete, Kind, Support
from .errors import InvalidDistributionError

__all__ = ["UniformDiscrete"]


class UniformDiscrete(Distribution):
    """1/n on the outcomes i = 1..n for a symbolic n (an int n gives an explicit Discrete).

    >>> UniformDiscrete("u", sympy.Symbol("n", integer=True, positive=True)).value_at(1)
    1/n
    """

    kind = Kind.DISCRETE

    def __new__(cls, name: str | Str, n: object, mass: object = None) -> Distribution:
        size = as_expression(n, "the number of outcomes", InvalidDistributionError)
        if size.is_Integer:
            # Substituting an explicit size (the spot check does) gives the explicit uniform.
            return Discrete.uniform(int(size), name=str(name))
        if size.is_integer is not True or size.is_positive is not True:
            raise InvalidDistributionError(
                f"a symbolic number of outcomes must be a positive integer symbol, got {size} "
                "(declare it: Symbol('n', integer=True, positive=True))"
            )
        label = name if isinstance(name, Str) else Str(str(name))
        # The mass Σ_{i=1}^{n} 1/n rides along as an argument so that n shows as a sum limit
        # (how the spot check finds the sizes to set).
        i = IndexedDiscrete.index
        total = sympy.Sum(1 / size, (i, 1, size))
        obj: UniformDiscrete = sympy.Expr.__new__(cls, label, size, total)
        return obj

    @property
    def name(self) -> str:
        return str(self.args[0])

    @property
    def n(self) -> sympy.Expr:
        n: sympy.Expr = self.args[1]
        return n

    @property
    def support(self) -> Support:
        index = IndexedDiscrete.index
        return Support(Kind.DISCRETE, variable=index, lower=sympy.Integer(1), upper=self.n)

    def value_at(self, outcome: sympy.Expr | int) -> sympy.Expr:
        value: sympy.Expr = 1 / self.n
        return value

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        return set(self.n.free_symbols)
