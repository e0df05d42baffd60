"""Uniform(low, high), torch's names: a constant density on [low, high].

>>> from symkl.families import Uniform
>>> Uniform(0, 4).density(1)
1/4
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from ..errors import InvalidParameterError
from ._base import LINE, Arg, Domain, Family, Parameter, show
from ._continuous import UnivariateFamily
from ._forms import infinite_unless, nested
from ._moments import LogTerms, Phi, PhiKind

__all__ = ["Uniform"]


class Uniform(UnivariateFamily):
    r"""Uniform(low, high) on [low, high]; symbolic bounds are taken to satisfy low < high."""

    label = "Uniform"
    latex_name = r"\mathcal{U}"
    increasing = (0, 1)
    params = (
        Parameter("low", Domain.REAL, "a", (-5.0, -1.0)),
        Parameter("high", Domain.REAL, "b", (1.0, 5.0)),
    )

    @classmethod
    def _check_joint(cls, exprs: Sequence[sympy.Expr], raw: Sequence[object]) -> None:
        low, high = exprs
        if (high - low).is_positive is False:
            raise InvalidParameterError(
                f"Uniform low must be less than high, got low={show(raw[0])}, high={show(raw[1])}"
            )

    low = Arg()
    high = Arg()

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return self.args[0], self.args[1]

    def density(self, x: sympy.Expr) -> sympy.Expr:
        low, high = self.args
        return 1 / (high - low)

    def log_terms(self) -> LogTerms:
        low, high = self.args
        return [(-sympy.log(high - low), Phi(PhiKind.ONE))]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        # Valid where the basis function is finite on [low, high]; KL rules check nesting first.
        lo, hi = self.args
        width = hi - lo

        def antiderivative_mean(f: sympy.Expr) -> sympy.Expr:
            return (f.subs(LINE, hi) - f.subs(LINE, lo)) / width

        x = LINE
        if phi.kind is PhiKind.X:
            return (lo + hi) / 2
        if phi.kind is PhiKind.X2:
            return (lo**2 + lo * hi + hi**2) / 3
        if phi.kind is PhiKind.LOG:  # ∫ log x = x log x − x, with 0·log 0 = 0 at a bound of 0
            return antiderivative_mean(_xlogx(x)) - 1
        if phi.kind is PhiKind.LOG1M:
            return antiderivative_mean(-_xlogx(1 - x)) - 1
        if phi.kind is PhiKind.LOG2:  # ∫ log² x = x(log² x − 2 log x + 2), 0 at x = 0
            log_x = sympy.log(x)
            inner = sympy.Piecewise((0, sympy.Eq(x, 0)), (x * (log_x**2 - 2 * log_x + 2), True))
            return antiderivative_mean(inner)
        if phi.kind is PhiKind.POW:
            j, c = phi.shift, phi.scale
            return (hi ** (j + 1) - lo ** (j + 1)) / ((j + 1) * width * c**j)
        if phi.kind is PhiKind.EXPNEG:
            m, c = phi.shift, phi.scale
            return sympy.exp(m / c) * c * (sympy.exp(-lo / c) - sympy.exp(-hi / c)) / width
        if phi.kind is PhiKind.ABS:
            m = phi.shift
            inside = ((m - lo) ** 2 + (hi - m) ** 2) / (2 * width)
            return sympy.Piecewise(
                ((lo + hi) / 2 - m, m <= lo), (m - (lo + hi) / 2, m >= hi), (inside, True)
            )
        return super().moment(phi)

    def entropy_form(self) -> sympy.Expr:
        return sympy.log(self.high - self.low)

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, Uniform):
            return None
        width = sympy.log((other.high - other.low) / (self.high - self.low))
        return infinite_unless(nested(self, other), width)


def _xlogx(u: sympy.Expr) -> sympy.Expr:
    return sympy.Piecewise((0, sympy.Eq(u, 0)), (u * sympy.log(u), True))
