"""Distributions as SymPy atoms.

Inside an expression a distribution stands for its own probability (or density) at a generic
outcome, so ``-log(q / p)`` reads as the pointwise function x ↦ −log(q(x)/p(x)) and
``symkl.expectation(p, -log(q / p))`` is E_p[−log(q/p)]::

    >>> p = Discrete([Rational(1, 4), Rational(3, 4)], name="p")
    >>> p.probs
    (1/4, 3/4)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import sympy
from sympy.core.symbol import Str

from .errors import (
    InvalidDistributionError,
    MixedSupportError,
    SupportMismatchError,
    UnsupportedMeasureError,
)

__all__ = [
    "Density",
    "Discrete",
    "Distribution",
    "IndexedDiscrete",
    "Kind",
    "Support",
    "as_distribution",
    "common_support",
]

#: Tolerance for floating-point probabilities summing to one.
FLOAT_SUM_TOLERANCE = 1e-12


class Kind(enum.Enum):
    """Whether outcomes are summed over or integrated over."""

    DISCRETE = "discrete"
    CONTINUOUS = "continuous"


@dataclass(frozen=True)
class Support:
    """The outcome space a measure sums or integrates over.

    ``size`` is set for an explicit finite support (outcomes 1..size, summed term by term);
    otherwise ``variable`` runs from ``lower`` to ``upper`` (a ``Sum`` or an ``Integral``).
    """

    kind: Kind
    variable: sympy.Symbol | None = None
    lower: sympy.Expr | None = None
    upper: sympy.Expr | None = None
    size: int | None = None

    @property
    def explicit(self) -> bool:
        return self.size is not None

    def key(self) -> tuple[object, ...]:
        """What must agree for two distributions to be summed over the same outcomes."""
        if self.size is not None:
            return (self.kind, "finite", self.size)
        return (self.kind, self.lower, self.upper)

    def count(self) -> sympy.Expr | None:
        """The number of outcomes, when finite (an int or a SymPy expression such as ``n``)."""
        if self.size is not None:
            return sympy.Integer(self.size)
        if self.kind is Kind.DISCRETE and self.lower is not None and self.upper is not None:
            if self.upper.is_infinite:
                return None
            return sympy.simplify(self.upper - self.lower + 1)
        return None


class Distribution(sympy.Expr):
    """A probability distribution; as an atom it stands for its pmf or pdf at an outcome."""

    is_commutative = True
    kind: ClassVar[Kind]

    @property
    def name(self) -> str:
        raise NotImplementedError

    @property
    def support(self) -> Support:
        raise NotImplementedError

    def value_at(self, outcome: sympy.Expr | int) -> sympy.Expr:
        """p(outcome): the probability of an index (1-based) or the density at a point."""
        raise NotImplementedError

    def parameter_domains(self) -> Mapping[sympy.Symbol, tuple[float, float]]:
        """Ranges to draw each free symbol from in numeric spot checks."""
        return {}

    def normalisation_known(self) -> bool:
        """True when the total mass 1 is a fact (validated, or declared by construction)."""
        return True

    def _sympystr(self, printer: Any) -> str:
        return self.name

    def _latex(self, printer: Any) -> str:
        # As a symbol of that name: q_sharp becomes q_{sharp}, sigma_1 becomes \sigma_{1}.
        text: str = printer._print(sympy.Symbol(self.name))
        return text

    def _pretty(self, printer: Any) -> Any:
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(self.name)

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        return set().union(*(a.free_symbols for a in self.args if not isinstance(a, Str)))


def _as_expr(value: object, where: str) -> sympy.Expr:
    try:
        expr = sympy.sympify(value, strict=True)
    except (sympy.SympifyError, TypeError) as exc:
        raise InvalidDistributionError(
            f"probabilities must be numbers or SymPy expressions, got {value!r} {where}"
        ) from exc
    if not isinstance(expr, sympy.Expr):
        raise InvalidDistributionError(
            f"probabilities must be numbers or SymPy expressions, got {value!r} {where}"
        )
    return expr


def _validate_probs(probs: Sequence[sympy.Expr], raw: Sequence[object], shown: str) -> None:
    if not probs:
        raise InvalidDistributionError("a distribution needs at least one outcome, got []")
    for index, value in enumerate(probs, start=1):
        if value.is_number:
            if value.is_extended_real is False:
                raise InvalidDistributionError(
                    f"probabilities must be real, got {raw[index - 1]!r} "
                    f"at position {index} in {shown}"
                )
            if value.is_extended_negative:
                raise InvalidDistributionError(
                    f"probabilities must be non-negative, got {raw[index - 1]!r} "
                    f"at position {index} in {shown}"
                )
            if (value - 1).is_extended_positive:
                raise InvalidDistributionError(
                    f"probabilities must be at most 1, got {raw[index - 1]!r} "
                    f"at position {index} in {shown}"
                )
    total = sympy.Add(*probs)
    if not total.is_number:
        total = sympy.expand(total)
    if total.is_number:
        if any(v.has(sympy.Float) for v in probs):
            if abs(float(total) - 1.0) > FLOAT_SUM_TOLERANCE:
                raise InvalidDistributionError(
                    f"probabilities must sum to 1, got {float(total):.15g} for {shown}"
                )
        elif sympy.simplify(total - 1) != 0:
            raise InvalidDistributionError(f"probabilities must sum to 1, got {total} for {shown}")


class Discrete(Distribution):
    """A distribution over outcomes 1..n given by an explicit vector of probabilities.

    >>> Discrete([0.5, 0.5]).probs
    (0.5, 0.5)
    """

    kind = Kind.DISCRETE

    def __new__(cls, probs: Iterable[object], name: str | Str = "p") -> Discrete:
        if isinstance(probs, (str, bytes)) or not isinstance(probs, Iterable):
            raise InvalidDistributionError(
                f"Discrete takes a sequence of probabilities, got {probs!r}"
            )
        raw = list(probs)
        shown = "[" + ", ".join(repr(v) if isinstance(v, str) else str(v) for v in raw) + "]"
        exprs = [_as_expr(v, f"at position {i} in {shown}") for i, v in enumerate(raw, start=1)]
        _validate_probs(exprs, raw, shown)
        label = name if isinstance(name, Str) else Str(str(name))
        obj: Discrete = sympy.Expr.__new__(cls, sympy.Tuple(*exprs), label)
        return obj

    @classmethod
    def symbolic(cls, name: str, n: int | sympy.Expr) -> Distribution:
        """p_1..p_n as positive symbols (n an int) or p[i] summed to a symbolic n.

        >>> Discrete.symbolic("p", 3).probs
        (p_1, p_2, p_3)
        """
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
            symbols = [sympy.Symbol(f"{name}_{k}", positive=True) for k in range(1, size + 1)]
            return cls(symbols, name=name)
        if n.is_positive is False or n.is_integer is False:
            raise InvalidDistributionError(
                f"a symbolic number of outcomes must be a positive integer symbol, got {n}"
            )
        return IndexedDiscrete(name, n)

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
            raise TypeError(f"an explicit Discrete is indexed by int, got {outcome!r}")
        value: sympy.Expr = self.args[0][outcome - 1]
        return value

    def parameter_domains(self) -> Mapping[sympy.Symbol, tuple[float, float]]:
        symbols = set().union(*(v.free_symbols for v in self.probs))
        return {s: (0.0, 1.0) for s in symbols if isinstance(s, sympy.Symbol)}

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
    #: The summation index shared by every indexed distribution, so sums over i line up.
    index = sympy.Symbol("i", integer=True, positive=True)

    def __new__(cls, name: str | Str, n: sympy.Expr) -> IndexedDiscrete:
        label = name if isinstance(name, Str) else Str(str(name))
        obj: IndexedDiscrete = sympy.Expr.__new__(cls, label, sympy.sympify(n))
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

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        return set(self.n.free_symbols)


class Density(Distribution):
    """A continuous distribution given by its density ``pdf`` in ``x`` on ``(lo, hi)``.

    >>> x = sympy.Symbol("x", real=True)
    >>> Density(sympy.exp(-x), x, (0, sympy.oo)).support.upper
    oo
    """

    kind = Kind.CONTINUOUS

    def __new__(
        cls,
        pdf: object,
        x: sympy.Symbol,
        support: tuple[object, object] | sympy.Tuple,
        name: str | Str = "p",
    ) -> Density:
        pdf_expr = sympy.sympify(pdf)
        if not isinstance(pdf_expr, sympy.Expr):
            raise InvalidDistributionError(f"a density must be a SymPy expression, got {pdf!r}")
        if not isinstance(x, sympy.Symbol):
            raise InvalidDistributionError(f"the density variable must be a Symbol, got {x!r}")
        try:
            lo, hi = (sympy.sympify(b) for b in support)
        except (TypeError, ValueError) as exc:
            raise InvalidDistributionError(
                f"the support must be a pair (lo, hi), got {support!r}"
            ) from exc
        if (hi - lo).is_extended_nonpositive:
            raise InvalidDistributionError(f"the support ({lo}, {hi}) is empty")
        label = name if isinstance(name, Str) else Str(str(name))
        obj: Density = sympy.Expr.__new__(cls, pdf_expr, x, sympy.Tuple(lo, hi), label)
        obj._check_normalised()
        return obj

    def _check_normalised(self) -> None:
        # Decidable only without free parameters; a numeric quadrature is cheap and exact enough.
        if self.pdf.free_symbols - {self.variable}:
            return
        import mpmath

        f = sympy.lambdify(self.variable, self.pdf, modules="mpmath")
        lo, hi = self.bounds
        with mpmath.workdps(20):
            try:
                total = mpmath.quad(f, [mpmath.mpf(_mp(lo)), mpmath.mpf(_mp(hi))])
            except (ValueError, TypeError, ZeroDivisionError):
                return
            if isinstance(total, mpmath.mpc) or abs(total - 1) > mpmath.mpf("1e-8"):
                raise InvalidDistributionError(
                    f"a density must integrate to 1, got {mpmath.nstr(total, 10)} for {self.pdf}"
                    f" on ({lo}, {hi})"
                )

    @property
    def pdf(self) -> sympy.Expr:
        pdf: sympy.Expr = self.args[0]
        return pdf

    @property
    def variable(self) -> sympy.Symbol:
        x: sympy.Symbol = self.args[1]
        return x

    @property
    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        lo, hi = self.args[2]
        return lo, hi

    @property
    def name(self) -> str:
        return str(self.args[3])

    @property
    def support(self) -> Support:
        lo, hi = self.bounds
        return Support(Kind.CONTINUOUS, variable=self.variable, lower=lo, upper=hi)

    def value_at(self, outcome: sympy.Expr | int) -> sympy.Expr:
        value: sympy.Expr = self.pdf.xreplace({self.variable: sympy.sympify(outcome)})
        return value

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        lo, hi = self.bounds
        symbols: set[sympy.Basic] = self.pdf.free_symbols | lo.free_symbols | hi.free_symbols
        return symbols - {self.variable}

    def normalisation_known(self) -> bool:
        return True


def _mp(value: sympy.Expr) -> object:
    import mpmath

    if value is sympy.oo:
        return mpmath.inf
    if value is sympy.S.NegativeInfinity:
        return -mpmath.inf
    return mpmath.mpf(str(sympy.N(value, 30)))


def as_distribution(value: object) -> Distribution:
    """Coerce a list of probabilities to :class:`Discrete`; pass distributions through."""
    if isinstance(value, Distribution):
        return value
    if isinstance(value, (list, tuple)):
        return Discrete(value)
    raise UnsupportedMeasureError(
        f"expected a distribution or a list of probabilities, got {value!r}"
    )


def common_support(*dists: Distribution) -> Support:
    """The support shared by ``dists``; raises when they cannot be compared outcome by outcome."""
    first = dists[0]
    for other in dists[1:]:
        if other.kind is not first.kind:
            raise MixedSupportError(
                f"cannot combine the {first.kind.value} distribution {first.name} with the "
                f"{other.kind.value} distribution {other.name}"
            )
        a, b = first.support, other.support
        if a.size is not None or b.size is not None:
            if a.size != b.size:
                raise SupportMismatchError(
                    f"distributions have different numbers of outcomes: {first.name} has "
                    f"{a.size if a.size is not None else a.upper}, {other.name} has "
                    f"{b.size if b.size is not None else b.upper}"
                )
        elif (
            isinstance(first, IndexedDiscrete)
            and isinstance(other, IndexedDiscrete)
            and a.upper != b.upper
        ):
            raise SupportMismatchError(
                f"distributions have different numbers of outcomes: {first.name} has "
                f"{a.upper}, {other.name} has {b.upper}"
            )
    return first.support
