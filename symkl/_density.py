"""A continuous distribution given by a density formula on an interval.

>>> x = sympy.Symbol("x", real=True)
>>> Density(sympy.exp(-x), x, (0, sympy.oo)).support.upper
oo
"""

from __future__ import annotations

import sympy
from sympy.core.symbol import Str

from ._atoms import Distribution, Kind, Support
from ._checks import check_density
from ._validate import as_expression, check_variable_clash, reject_string, show
from .errors import InvalidDistributionError, InvalidOutcomeError

__all__ = ["Density"]


class Density(Distribution):
    """A continuous distribution given by its density ``pdf`` in ``x`` on ``(lo, hi)``.

    The pdf is checked: finite, real, non-negative where SymPy or a probe at rational points can
    tell, and normalised — proved by exact integration, rejected when the mass is never 1, or
    else the constraint (``Eq(a, 1)`` for ``a*exp(-x)``) is listed by :meth:`domain_facts`.
    Outside ``(lo, hi)`` the density is 0.

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
        pdf_expr = as_expression(pdf, "a density", InvalidDistributionError)
        reject_string(x, "the density variable")
        if not isinstance(x, sympy.Symbol):
            raise InvalidDistributionError(f"the density variable must be a Symbol, got {x!r}")
        if x.is_extended_real is False:
            raise InvalidDistributionError(f"the density variable must be real, got {x}")
        reject_string(support, "the support")
        if not isinstance(support, (tuple, list, sympy.Tuple)) or len(support) != 2:
            raise InvalidDistributionError(
                f"the support must be a pair (lo, hi), got {show(support)}"
            )
        lo, hi = (
            as_expression(b, f"the support bound {show(b)}", InvalidDistributionError)
            for b in support
        )
        for bound in (lo, hi):
            if bound.has(sympy.nan, sympy.zoo) or bound.is_extended_real is False:
                raise InvalidDistributionError(
                    f"the support bounds must be real numbers or ±oo, got ({lo}, {hi})"
                )
            if x in bound.free_symbols:
                raise InvalidDistributionError(
                    f"the support bounds cannot contain the variable {x}, got ({lo}, {hi})"
                )
        if lo is sympy.oo or hi is sympy.S.NegativeInfinity or (hi - lo).is_extended_nonpositive:
            raise InvalidDistributionError(f"the support ({lo}, {hi}) is empty")
        check_variable_clash(pdf_expr, x, "the density")
        label = name if isinstance(name, Str) else Str(str(name))
        obj: Density = sympy.Expr.__new__(cls, pdf_expr, x, sympy.Tuple(lo, hi), label)
        check_density(pdf_expr, x, lo, hi)
        return obj

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
        """The density at ``outcome``: the pdf on [lo, hi], 0 outside (a Piecewise if unknown)."""
        point = as_expression(outcome, "an outcome")
        if point.has(sympy.nan, sympy.zoo) or point.is_extended_real is False:
            raise InvalidOutcomeError(f"an outcome of {self.name} must be real, got {point}")
        lo, hi = self.bounds
        inside = sympy.And(sympy.Ge(point, lo), sympy.Le(point, hi))
        if inside is sympy.true:
            return self.value_inside(point)
        if inside is sympy.false:
            return sympy.S.Zero
        return sympy.Piecewise((self.value_inside(point), inside), (0, True))

    def value_inside(self, outcome: sympy.Expr | int) -> sympy.Expr:
        point = as_expression(outcome, "an outcome")
        value: sympy.Expr = self.pdf.xreplace({self.variable: point})
        return value

    def domain_facts(self) -> tuple[sympy.Basic, ...]:
        """lo < hi when undecided, and the normalisation constraint when not proved."""
        lo, hi = self.bounds
        facts: list[sympy.Basic] = []
        if (hi - lo).is_extended_positive is not True:
            facts.append(sympy.StrictLessThan(lo, hi))
        return (*facts, *check_density(self.pdf, self.variable, lo, hi))

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        lo, hi = self.bounds
        symbols: set[sympy.Basic] = self.pdf.free_symbols | lo.free_symbols | hi.free_symbols
        return symbols - {self.variable}

    def normalisation_known(self) -> bool:
        """True when ∫ pdf = 1 was proved (False: it is a recorded assumption)."""
        lo, hi = self.bounds
        return not check_density(self.pdf, self.variable, lo, hi)
