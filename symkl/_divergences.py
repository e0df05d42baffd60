"""Divergences beyond KL: Jensen–Shannon, total variation, Hellinger, χ² and Rényi.

Unevaluated like KL, each unfolds into its defining sum over the outcomes::

    >>> js_divergence([1, 0], [0, 1]).doit()
    log(2)
"""

from __future__ import annotations

from typing import Any

import sympy

from ._atoms import ArgAt
from ._validate import as_expression, check_base
from .distributions import Discrete, Distribution, IndexedDiscrete
from .errors import InvalidParameterError, UnsupportedMeasureError
from .joint import mixture
from .measures import (
    KLDivergence,
    Measure,
    OutcomeSum,
    _base_factor,
    _measure_args,
    _PairMeasure,
)

__all__ = [
    "ChiSquare",
    "Hellinger",
    "JSDivergence",
    "RenyiDivergence",
    "TotalVariation",
    "chi_square",
    "hellinger",
    "js_divergence",
    "renyi_divergence",
    "total_variation",
]


def _explicit_pair(p: object, q: object, what: str) -> tuple[Distribution, Distribution]:
    """Two explicit distributions of one size, or two over the same symbolic n."""
    dp, dq = _measure_args(p, q)
    vectors = (Discrete, IndexedDiscrete)
    if not isinstance(dp, vectors) or not isinstance(dq, vectors) or type(dp) is not type(dq):
        raise UnsupportedMeasureError(
            f"{what} supports discrete distributions over outcomes 1..n so far, got {dp} and {dq}"
        )
    return dp, dq


class _Divergence(_PairMeasure):
    """A pair measure printed as ``HEAD(p || q)``."""

    head = "D"
    latex_head = "D"
    separator = " || "

    def _sympystr(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else f"_{printer._print(self.base)}"
        return f"{self.head}{sub}({self.p.name}{self.separator}{self.q.name})"

    def _latex(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else "^{(" + printer._print(self.base) + ")}"
        sep = " \\,\\|\\, " if self.separator == " || " else ", "
        return f"{self.latex_head}{sub}({printer._print(self.p)}{sep}{printer._print(self.q)})"


class JSDivergence(_Divergence):
    """JS(p ‖ q) = ½ KL(p ‖ m) + ½ KL(q ‖ m) with m = ½(p + q)."""

    head, latex_head = "JS", "\\mathrm{JS}"

    def midpoint(self) -> Discrete:
        """½(p + q) (explicit distributions only)."""
        return mixture(self.p, self.q, sympy.S.Half, name=f"m_{self.p.name}{self.q.name}")

    def definition(self) -> sympy.Expr:
        p, q = self.p, self.q
        if not isinstance(p, Discrete) or not isinstance(q, Discrete):
            # Over a symbolic n: the midpoint (p + q)/2 written into the summand.
            summand = p * sympy.log(2 * p / (p + q)) + q * sympy.log(2 * q / (p + q))
            return OutcomeSum(summand / 2, p) * _base_factor(self.base)
        m = self.midpoint()
        half = sympy.S.Half
        return (
            half * KLDivergence(self.p, m, self.base).definition()
            + half * KLDivergence(self.q, m, self.base).definition()
        )


class TotalVariation(_Divergence):
    """TV(p, q) = ½ Σ |p − q| (no log: the base is always e)."""

    head, latex_head, separator = "TV", "\\mathrm{TV}", ", "

    def definition(self) -> sympy.Expr:
        return OutcomeSum(sympy.Abs(self.p - self.q) / 2, self.p)


class Hellinger(_Divergence):
    """The Hellinger distance √(½ Σ (√p − √q)²), between 0 and 1."""

    head, latex_head, separator = "Hellinger", "\\mathrm{Hel}", ", "

    def definition(self) -> sympy.Expr:
        inner = OutcomeSum((sympy.sqrt(self.p) - sympy.sqrt(self.q)) ** 2 / 2, self.p)
        return sympy.sqrt(inner)


class ChiSquare(_Divergence):
    """χ²(p ‖ q) = Σ (p − q)² / q."""

    head, latex_head = "chi2", "\\chi^2"

    def definition(self) -> sympy.Expr:
        return OutcomeSum((self.p - self.q) ** 2 / self.q, self.p)


class RenyiDivergence(Measure):
    """D_α(p ‖ q) = log(Σ p^α q^(1−α)) / (α − 1), for α > 0, α ≠ 1."""

    def __new__(
        cls, p: Distribution, q: Distribution, alpha: sympy.Expr, base: object = sympy.E
    ) -> RenyiDivergence:
        obj: RenyiDivergence = sympy.Expr.__new__(cls, p, q, alpha, check_base(base))
        return obj

    base: ArgAt[sympy.Expr] = ArgAt(3)

    def definition(self) -> sympy.Expr:
        p, q, alpha = self.args[0], self.args[1], self.args[2]
        inner = OutcomeSum(p**alpha * q ** (1 - alpha), p)
        result: sympy.Expr = sympy.log(inner) / (alpha - 1) * _base_factor(self.base)
        return result

    def domain_facts(self) -> tuple[sympy.Basic, ...]:
        alpha = self.args[2]
        own = () if alpha.is_number else (alpha > 0, sympy.Ne(alpha, 1))
        return super().domain_facts() + own

    def _sympystr(self, printer: Any) -> str:
        alpha = printer._print(self.args[2])
        return f"D_{alpha}({self.args[0].name} || {self.args[1].name})"

    def _latex(self, printer: Any) -> str:
        alpha = printer._print(self.args[2])
        p, q = printer._print(self.args[0]), printer._print(self.args[1])
        return f"D_{{{alpha}}}({p} \\,\\|\\, {q})"


def js_divergence(p: object, q: object, base: object = sympy.E) -> JSDivergence:
    """JS(p ‖ q), between 0 and log 2: ``js_divergence([1, 0], [0, 1]).doit()`` is log 2."""
    dp, dq = _explicit_pair(p, q, "the Jensen–Shannon divergence")
    return JSDivergence(dp, dq, check_base(base))


def total_variation(p: object, q: object) -> TotalVariation:
    """½ Σ |p − q|: ``total_variation([1, 0], [0, 1]).doit()`` is 1."""
    dp, dq = _explicit_pair(p, q, "the total variation distance")
    return TotalVariation(dp, dq)


def hellinger(p: object, q: object) -> Hellinger:
    """√(½ Σ (√p − √q)²): ``hellinger([1, 0], [0, 1]).doit()`` is 1."""
    dp, dq = _explicit_pair(p, q, "the Hellinger distance")
    return Hellinger(dp, dq)


def chi_square(p: object, q: object) -> ChiSquare:
    """Σ (p − q)² / q: ``chi_square([S(1)/2, S(1)/2], [S(1)/4, S(3)/4])``."""
    dp, dq = _explicit_pair(p, q, "the chi-square divergence")
    return ChiSquare(dp, dq)


def renyi_divergence(
    p: object, q: object, alpha: object, base: object = sympy.E
) -> RenyiDivergence:
    """D_α(p ‖ q) for α > 0, α ≠ 1 (α → 1 is KL): ``renyi_divergence(p, q, 2)``."""
    dp, dq = _explicit_pair(p, q, "the Rényi divergence")
    a = as_expression(alpha, "the order α of a Rényi divergence", InvalidParameterError)
    if a.is_extended_real is False or a.is_nonpositive or a == 1 or a.has(sympy.oo, sympy.nan):
        raise InvalidParameterError(
            f"the order α of a Rényi divergence must be positive and not 1, got {alpha!r}"
        )
    return RenyiDivergence(dp, dq, a, check_base(base))
