"""Distributions as SymPy atoms.

Inside an expression a distribution stands for its own probability (or density) at a generic
outcome, so ``-log(q / p)`` reads as the pointwise function x ↦ −log(q(x)/p(x)) and
``symkl.expectation(p, -log(q / p))`` is E_p[−log(q/p)]::

    >>> from sympy import Rational
    >>> from symkl import Discrete
    >>> p = Discrete([Rational(1, 4), Rational(3, 4)], name="p")
    >>> p.probs
    (1/4, 3/4)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import sympy
from sympy.core.symbol import Str

from ._atoms import MAX_EXPLICIT_OUTCOMES, Distribution, Kind, Support
from ._checks import probability_facts, validate_probs
from ._density import Density
from ._supports import common_support, support_within
from ._validate import as_expression, reject_string, show
from .errors import (
    InvalidDistributionError,
    NotAnExpressionError,
    UnsupportedMeasureError,
)

__all__ = [
    "Density",
    "Discrete",
    "Distribution",
    "IndexedDiscrete",
    "Kind",
    "Support",
    "UniformDiscrete",
    "as_distribution",
    "common_support",
    "support_within",
]


def _shown_value(value: sympy.Expr) -> str:
    """A probability as the user typed it: Float(0.2) as 0.2, not 0.200000000000000."""
    return repr(float(value)) if isinstance(value, sympy.Float) else sympy.sstr(value)


def _shown_list(raw: Sequence[object]) -> str:
    return "[" + ", ".join(repr(v) if isinstance(v, str) else str(v) for v in raw) + "]"


class Discrete(Distribution):
    """A distribution over outcomes 1..n given by an explicit vector of probabilities.

    Entries may be expressions (``Discrete([p, 1 - p])``): what SymPy can decide is checked, the
    rest (0 ≤ p ≤ 1, a sum that is not provably 1) is listed by :meth:`domain_facts`.

    >>> from symkl import Discrete
    >>> Discrete([0.5, 0.5]).probs
    (0.500000000000000, 0.500000000000000)
    """

    kind = Kind.DISCRETE
    positional = True

    def __new__(cls, probs: Iterable[object], name: str | Str = "p") -> Discrete:
        reject_string(probs, "Discrete's probabilities")
        if not isinstance(probs, Iterable):
            raise InvalidDistributionError(
                f"Discrete takes a sequence of probabilities, got {show(probs)}"
            )
        raw = list(probs)
        shown = _shown_list(raw)
        exprs = [
            as_expression(
                v,
                f"a probability (position {i} in {shown})",
                InvalidDistributionError,
            )
            for i, v in enumerate(raw, start=1)
        ]
        validate_probs(exprs, raw, shown)
        # 0.0 is exactly zero; as S.Zero it triggers 0·log 0 = 0 (SymPy's Float(0) != 0).
        exprs = [sympy.S.Zero if v.is_Float and v.is_zero else v for v in exprs]
        label = name if isinstance(name, Str) else Str(str(name))
        obj: Discrete = sympy.Expr.__new__(cls, sympy.Tuple(*exprs), label)
        return obj

    @classmethod
    def symbolic(cls, name: str, n: int | sympy.Expr) -> Distribution:
        """p_1..p_n as positive symbols (n an int) or p[i] summed to a symbolic n.

        >>> Discrete.symbolic("p", 3).probs
        (p_1, p_2, p_3)
        """
        reject_string(n, "the number of outcomes")
        if isinstance(n, bool) or not isinstance(n, (int, sympy.Expr)):
            raise InvalidDistributionError(
                f"the number of outcomes must be an int or a SymPy symbol, got {n!r}"
            )
        if isinstance(n, int) or (isinstance(n, sympy.Expr) and n.is_Integer):
            size = int(n)
            if size < 1:
                raise InvalidDistributionError(
                    f"the number of outcomes must be at least 1, got {n}"
                )
            if size > MAX_EXPLICIT_OUTCOMES:
                raise InvalidDistributionError(
                    f"the number of outcomes must be at most {MAX_EXPLICIT_OUTCOMES} for explicit "
                    f"symbols p_1..p_n, got {n}; use a symbolic size, e.g. "
                    "Symbol('n', integer=True, positive=True)"
                )
            symbols = [sympy.Symbol(f"{name}_{k}", positive=True) for k in range(1, size + 1)]
            return cls(symbols, name=name)
        return IndexedDiscrete(name, n)

    @classmethod
    def uniform(cls, n: int | sympy.Expr, name: str = "u") -> Distribution:
        """1/n on each of n outcomes; a symbolic n gives a :class:`UniformDiscrete`.

        >>> Discrete.uniform(2).probs
        (1/2, 1/2)
        """
        reject_string(n, "the number of outcomes")
        if isinstance(n, bool) or not isinstance(n, (int, sympy.Expr)):
            raise InvalidDistributionError(
                f"the number of outcomes must be an int or a SymPy symbol, got {n!r}"
            )
        if isinstance(n, int) or n.is_Integer:
            size = int(n)
            if not 1 <= size <= MAX_EXPLICIT_OUTCOMES:
                raise InvalidDistributionError(
                    f"the number of outcomes must be in 1..{MAX_EXPLICIT_OUTCOMES}, got {n}"
                )
            return cls([sympy.Rational(1, size)] * size, name=name)
        return UniformDiscrete(name, n)

    def map(self, g: object, name: str | None = None) -> Discrete:
        """The law of g(X): outcomes with equal labels merge, in order of first appearance.

        ``g`` is a callable on the 1-based outcome index or a sequence of n labels.

        >>> from sympy import S
        >>> Discrete([S(1)/4, S(1)/4, S(1)/2]).map([0, 0, 1]).probs
        (1/2, 1/2)
        """
        count = len(self.probs)
        if callable(g):
            labels = [g(k) for k in range(1, count + 1)]
        elif isinstance(g, (list, tuple)):
            labels = list(g)
        else:
            raise NotAnExpressionError(
                f"map takes a function of the outcome index or a list of labels, got {show(g)}"
            )
        if len(labels) != count:
            raise InvalidDistributionError(
                f"map needs one label per outcome ({count}), got {len(labels)} labels {labels!r}"
            )
        merged: dict[object, sympy.Expr] = {}
        for label, value in zip(labels, self.probs, strict=True):
            try:
                merged[label] = merged.get(label, sympy.S.Zero) + value
            except TypeError as exc:
                raise NotAnExpressionError(f"map's labels must be hashable, got {label!r}") from exc
        return Discrete(list(merged.values()), name=name or f"{self.name}_g")

    @property
    def probs(self) -> tuple[sympy.Expr, ...]:
        """The probabilities, in outcome order."""
        return tuple(self.args[0])

    @property
    def name(self) -> str:
        return str(self.args[1])

    @property
    def support(self) -> Support:
        return Support(Kind.DISCRETE, size=len(self.args[0]))

    def value_at(self, outcome: sympy.Expr | int) -> sympy.Expr:
        if not isinstance(outcome, int):
            raise NotAnExpressionError(
                f"an explicit Discrete is indexed by an int position 1..{len(self.args[0])}, "
                f"got {show(outcome)}"
            )
        value: sympy.Expr = self.args[0][outcome - 1]
        return value

    def parameter_domains(self) -> Mapping[sympy.Symbol, tuple[float, float]]:
        """[0, 1] for the entries that are bare symbols; a symbol inside an expression (t in
        σ(t)) keeps its own range, since [0, 1] would hide every other value of t."""
        return {v: (0.0, 1.0) for v in self.probs if isinstance(v, sympy.Symbol)}

    def domain_facts(self) -> tuple[sympy.Basic, ...]:
        """Each symbolic probability ≥ 0 (a bare symbol also ≤ 1); Σ = 1 unless proved.

        >>> import sympy
        >>> a, b = sympy.symbols("a b")
        >>> Discrete([a, b]).domain_facts()
        (a >= 0, a <= 1, b >= 0, b <= 1, Eq(a + b, 1))
        """
        return probability_facts(self.probs)

    def __str__(self) -> str:
        """What ``print`` shows: the probabilities (inside expressions it prints as its name).

        >>> print(Discrete([0.2, 0.8]))
        Discrete([0.2, 0.8])
        """
        named = "" if self.name == "p" else f", name={self.name!r}"
        return f"Discrete([{', '.join(_shown_value(v) for v in self.probs)}]{named})"

    __repr__ = __str__

    def simplex_symbols(self) -> tuple[sympy.Symbol, ...] | None:
        """The probabilities when they are distinct bare symbols (a free point on the simplex)."""
        probs = self.probs
        if all(isinstance(v, sympy.Symbol) for v in probs) and len(set(probs)) == len(probs):
            return tuple(v for v in probs if isinstance(v, sympy.Symbol))
        return None


class IndexedDiscrete(Distribution):
    """p[i] for i = 1..n with n a symbol: measures become ``Sum`` over i.

    >>> IndexedDiscrete("p", sympy.Symbol("n", integer=True, positive=True)).name
    'p'
    """

    kind = Kind.DISCRETE
    positional = True
    #: The summation index shared by every indexed distribution, so sums over i line up.
    index = sympy.Symbol("i", integer=True, positive=True)

    def __new__(cls, name: str | Str, n: object) -> IndexedDiscrete:
        size = as_expression(n, "the number of outcomes", InvalidDistributionError)
        if size.is_positive is False or size.is_integer is False or size.is_finite is False:
            raise InvalidDistributionError(
                f"a symbolic number of outcomes must be a positive integer symbol, got {size}"
            )
        if size.is_integer is not True or size.has(sympy.nan, sympy.zoo):
            # A count SymPy cannot see is an integer would be sampled as a real.
            raise InvalidDistributionError(
                f"a symbolic number of outcomes must be a positive integer symbol, got {size} "
                "(declare it: Symbol('n', integer=True, positive=True))"
            )
        label = name if isinstance(name, Str) else Str(str(name))
        obj: IndexedDiscrete = sympy.Expr.__new__(cls, label, size)
        return obj

    @property
    def name(self) -> str:
        return str(self.args[0])

    @property
    def n(self) -> sympy.Expr:
        n: sympy.Expr = self.args[1]
        return n

    @property
    def base(self) -> sympy.IndexedBase:
        return sympy.IndexedBase(self.name, positive=True)

    @property
    def support(self) -> Support:
        return Support(Kind.DISCRETE, variable=self.index, lower=sympy.Integer(1), upper=self.n)

    def value_at(self, outcome: sympy.Expr | int) -> sympy.Expr:
        value: sympy.Expr = self.base[outcome]
        return value

    def domain_facts(self) -> tuple[sympy.Basic, ...]:
        """Σ_{i=1}^{n} p[i] = 1 (each p[i] is a positive symbol already)."""
        i = self.index
        return (sympy.Eq(sympy.Sum(self.base[i], (i, 1, self.n)), 1, evaluate=False),)

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        return set(self.n.free_symbols)

    def __str__(self) -> str:
        """``Discrete.symbolic('p', n)``: how it was made (inside expressions, its name)."""
        return f"Discrete.symbolic({self.name!r}, {sympy.sstr(self.n)})"

    __repr__ = __str__


def as_distribution(value: object) -> Distribution:
    """Coerce a list of probabilities to :class:`Discrete`; pass distributions through."""
    reject_string(value, "a distribution")
    if isinstance(value, Distribution):
        return value
    if isinstance(value, (list, tuple)):
        return Discrete(value)
    raise UnsupportedMeasureError(
        f"expected a distribution or a list of probabilities, got {show(value)}"
    )


class UniformDiscrete(Distribution):
    """1/n on the outcomes i = 1..n for a symbolic n (an int n gives an explicit Discrete).

    >>> UniformDiscrete("u", sympy.Symbol("n", integer=True, positive=True)).value_at(1)
    1/n
    """

    kind = Kind.DISCRETE
    positional = True

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
