"""The atoms of symkl's expressions: a distribution stands for its pmf or pdf at an outcome, a
measure for the number its defining sum or integral gives.

Everything else builds on these abstract classes (the concrete distributions, the measures, the
validators that refuse a distribution where a number belongs), so they import nothing of symkl::

    >>> import sympy
    >>> base_facts(sympy.Symbol("b"))
    (b > 0, Ne(b, 1))
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar, overload

import sympy
from mpmath.libmp import prec_to_dps
from sympy.core.symbol import Str

__all__ = [
    "MAX_EXPLICIT_OUTCOMES",
    "ArgAt",
    "Distribution",
    "Kind",
    "Measure",
    "Support",
    "base_facts",
    "distributions_in",
    "settled",
]


_T = TypeVar("_T")


class ArgAt(Generic[_T]):
    """``self.args[index]`` of a SymPy node as a typed attribute, for the nodes' accessors.

    >>> class Pair(sympy.Expr):
    ...     first: ArgAt[sympy.Expr] = ArgAt(0)
    >>> Pair(sympy.Integer(3), sympy.Integer(4)).first
    3
    """

    def __init__(self, index: int) -> None:
        self.index = index

    @overload
    def __get__(self, obj: None, owner: type) -> ArgAt[_T]: ...

    @overload
    def __get__(self, obj: sympy.Basic, owner: type) -> _T: ...

    def __get__(self, obj: sympy.Basic | None, owner: type) -> ArgAt[_T] | _T:
        if obj is None:
            return self
        value: _T = obj.args[self.index]
        return value


#: Discrete.symbolic(name, n) with an int n makes n symbols; beyond this, use a symbolic n.
MAX_EXPLICIT_OUTCOMES = 10_000


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
    #: Outcomes are the positions 1..n of a probability vector (``Discrete`` and its indexed
    #: and uniform forms), not labelled values such as a family's integers 0..K.
    positional: ClassVar[bool] = False

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

    def value_inside(self, outcome: sympy.Expr | int) -> sympy.Expr:
        """p(outcome) for an outcome known to lie in the support (no zero branch needed)."""
        return self.value_at(outcome)

    def domain_facts(self) -> Sequence[sympy.Basic | str]:
        """What the symbols in this distribution must satisfy, as SymPy relations.

        Claims and derivations add them to their ``where``, so steps written in plain symbols
        know them: ``Discrete([p, 1 - p]).domain_facts()`` is ``(p >= 0, p <= 1, 1 - p >= 0)``.
        (The declared type admits text because the parametric families still describe their
        domains in words; only SymPy relations become facts.)
        """
        return ()

    def normalisation_known(self) -> bool:
        """True when the total mass 1 is a fact (validated, or declared by construction)."""
        return True

    def removable_points(self) -> dict[sympy.Symbol, sympy.Expr]:
        """Values of the parameters' symbols where the family's formulas read 0/0 but the
        family is defined by their limit (ContinuousBernoulli(½) is
        Uniform(0, 1)): spot checks also judge the claim with the value substituted, where a
        strict claim may fail on a point no sample can evaluate."""
        return {}

    def peaks(self) -> list[sympy.Expr]:
        """Points where the density is sharply peaked (a mode of width ≪ the support): numeric
        quadratures cut there, so that their nodes, crowded at the ends of each piece, reach it."""
        return []

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


def distributions_in(expr: sympy.Basic) -> list[Distribution]:
    """The distributions in ``expr``, in a stable order (first appearance)."""
    seen: dict[Distribution, None] = {}
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Distribution):
            seen.setdefault(node, None)
        else:  # a distribution's own arguments (its probabilities) hold no other distribution
            stack.extend(reversed(node.args))
    return list(seen)


def base_facts(base: sympy.Expr) -> tuple[sympy.Basic, ...]:
    """What a symbolic base must satisfy, as facts a proof may assume: b > 0 and b ≠ 1.

    >>> base_facts(sympy.Symbol("b"))
    (b > 0, Ne(b, 1))
    """
    facts: list[sympy.Basic] = []
    if base.is_number:
        return ()
    if base.is_extended_positive is not True:
        facts.append(sympy.StrictGreaterThan(base, 0))
    if (base - 1).is_zero is not False:
        facts.append(sympy.Ne(base, 1, evaluate=False))
    return tuple(facts)


class Measure(sympy.Expr):
    """Base of the unevaluated information measures."""

    is_commutative = True
    # Never a "number" to SymPy's own reasoning, though evalf() gives its value: otherwise
    # Ge(H(Uniform(0, 1/2)), 0) would be decided (to False) while the claim is being built, and
    # assumption queries would integrate. N(), evalf() and float() still evaluate it.
    is_number = False

    def definition(self) -> sympy.Expr:
        """The measure as an :class:`OutcomeSum` (the defining sum or integral)."""
        raise NotImplementedError

    def domain_facts(self) -> tuple[sympy.Basic, ...]:
        """What a symbolic log base must satisfy (b > 0, b ≠ 1); nothing for a numeric one."""
        base = getattr(self, "base", None)
        return base_facts(base) if isinstance(base, sympy.Expr) else ()

    def doit(self, **hints: Any) -> sympy.Expr:
        result: sympy.Expr = self.definition().doit(**hints)
        return settled(result)

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        """A measure of fully given distributions is a number: N(), evalf() and float() give it.

        One with free symbols (``H(p)`` of symbolic p) stays as it is, as SymPy leaves a
        ``Symbol``; so does one whose definition SymPy cannot evaluate in closed form.
        """
        if self.free_symbols:
            return None
        value = self.doit()
        if value.has(Measure, Distribution, sympy.Integral, sympy.Sum):
            return None
        result: sympy.Expr = value.evalf(prec_to_dps(prec))
        return result

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {sympy.latex(self)}$"

    def _pretty(self, printer: Any) -> Any:
        # H(p), H(p, q), KL(p || q) are one line; Expectation and OutcomeSum override this.
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(sympy.sstr(self))


def settled(result: sympy.Expr) -> sympy.Expr:
    """``result`` as one Float when it is a number holding a Float.

    Floating-point probabilities give floating-point measures: ``0.693…/log(2)`` in base 2 is
    ``1.0``, not a quotient SymPy keeps unevaluated because ``log(2)`` is exact.
    """
    if result.has(sympy.Float) and not result.free_symbols and not result.has(Measure):
        value: sympy.Expr = result.evalf()
        return value
    return result
