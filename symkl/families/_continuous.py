"""Univariate continuous families with torch's parameter names.

>>> from sympy import Symbol
>>> x = Symbol("x", real=True)
>>> Normal(0, 1).density(x)
sqrt(2)*exp(-x**2/2)/(2*sqrt(pi))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy

from ._base import HALF_LINE, Arg, ContinuousFamily, Family, positive, real
from ._gamma_core import GammaBregman, GammaCore
from ._gamma_kl import BetaDivergence, GammaDivergence
from ._moments import LogTerms, Natural, Phi, PhiKind
from ._near_equal import (
    ExponentialDivergence,
    LaplaceDivergence,
    NormalDivergence,
    near_equal,
)
from ._special import lg, psi

__all__ = ["Beta", "Exponential", "Gamma", "Laplace", "Normal", "UnivariateFamily"]

_ONE, _X, _X2 = Phi(PhiKind.ONE), Phi(PhiKind.X), Phi(PhiKind.X2)
_LOG, _LOG1M = Phi(PhiKind.LOG), Phi(PhiKind.LOG1M)


class UnivariateFamily(ContinuousFamily):
    """A continuous family on an interval with a log-density in the basis of :mod:`._moments`."""

    moment_group = "continuous"


class Normal(UnivariateFamily):
    r"""N(loc, scale²): ``Normal(mu, sigma)``, LaTeX ``\mathcal{N}(\mu, \sigma)``."""

    label = "Normal"
    latex_name = r"\mathcal{N}"
    params = (real("loc", r"\mu"), positive("scale", r"\sigma"))

    loc = Arg()
    scale = Arg()

    def density(self, x: sympy.Expr) -> sympy.Expr:
        mu, s = self.args
        return sympy.exp(-((x - mu) ** 2) / (2 * s**2)) / sympy.sqrt(2 * sympy.pi * s**2)

    def log_terms(self) -> LogTerms:
        mu, s = self.args
        return [
            (-sympy.log(2 * sympy.pi * s**2) / 2 - mu**2 / (2 * s**2), _ONE),
            (mu / s**2, _X),
            (-1 / (2 * s**2), _X2),
        ]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        mu, s = self.args
        if phi.kind is PhiKind.EXPNEG:
            m, c = phi.shift, phi.scale
            return sympy.exp((m - mu) / c + s**2 / (2 * c**2))
        if phi.kind is PhiKind.X:
            return mu
        if phi.kind is PhiKind.X2:
            return mu**2 + s**2
        if phi.kind is PhiKind.ABS:  # mean of a folded normal
            d = mu - phi.shift
            return s * sympy.sqrt(2 / sympy.pi) * sympy.exp(-(d**2) / (2 * s**2)) + d * sympy.erf(
                d / (sympy.sqrt(2) * s)
            )
        return super().moment(phi)

    def entropy_form(self) -> sympy.Expr:
        # log σ + ½ log(2πe), not ½ log(2πeσ²): σ² underflows for σ = 1e-300 in double precision
        return sympy.log(self.scale) + sympy.log(2 * sympy.pi * sympy.E) / 2

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, Normal):
            return None
        (m1, s1), (m2, s2) = self.args, other.args
        plain = sympy.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - sympy.S.Half
        # for symbols one node (printed as plain): lambdified, plain cancels at σ₁ ≈ σ₂
        return near_equal(NormalDivergence, plain, m1, s1, m2, s2)

    def natural(self) -> Natural:
        mu, s = self.args

        def a(eta: Sequence[sympy.Expr]) -> sympy.Expr:
            return -(eta[0] ** 2) / (4 * eta[1]) - sympy.log(-2 * eta[1]) / 2

        return Natural((mu / s**2, -1 / (2 * s**2)), a, (_X, _X2))


class Laplace(UnivariateFamily):
    r"""Laplace(loc, scale): density e^{−|x−μ|/b}/(2b)."""

    label = "Laplace"
    latex_name = r"\operatorname{Laplace}"
    moment_route = "laplace"
    params = (real("loc", r"\mu"), positive("scale", "b"))

    loc = Arg()
    scale = Arg()

    def density(self, x: sympy.Expr) -> sympy.Expr:
        mu, b = self.args
        return sympy.exp(-sympy.Abs(x - mu) / b) / (2 * b)

    def log_terms(self) -> LogTerms:
        mu, b = self.args
        return [(-sympy.log(2 * b), _ONE), (-1 / b, Phi(PhiKind.ABS, mu))]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        mu, b = self.args
        if phi.kind is PhiKind.X:
            return mu
        if phi.kind is PhiKind.X2:
            return mu**2 + 2 * b**2
        if phi.kind is PhiKind.ABS:
            d = sympy.Abs(mu - phi.shift)
            return d + b * sympy.exp(-d / b)
        return super().moment(phi)

    def entropy_form(self) -> sympy.Expr:
        return 1 + sympy.log(2 * self.scale)

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, Laplace):
            return None
        (m1, b1), (m2, b2) = self.args, other.args
        d = sympy.Abs(m1 - m2)
        plain = sympy.log(b2 / b1) + d / b2 + b1 / b2 * sympy.exp(-d / b1) - 1
        # for symbols one node (printed as plain): lambdified, plain cancels at b₁ ≈ b₂
        return near_equal(LaplaceDivergence, plain, m1, b1, m2, b2)

    def natural(self) -> Natural:
        """For a fixed location: η = −1/b, T = |x − μ|, A = log(−2/η)."""
        mu, b = self.args
        return Natural(
            (-1 / b,), lambda eta: sympy.log(-2 / eta[0]), (Phi(PhiKind.ABS, mu),), (mu,)
        )


class Exponential(UnivariateFamily):
    r"""Exponential(rate): density λe^{−λx} on (0, ∞)."""

    label = "Exponential"
    latex_name = r"\operatorname{Exp}"
    params = (positive("rate", r"\lambda"),)
    variable = HALF_LINE

    rate = Arg()

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.Infinity

    def density(self, x: sympy.Expr) -> sympy.Expr:
        (lam,) = self.args
        return lam * sympy.exp(-lam * x)

    def log_terms(self) -> LogTerms:
        (lam,) = self.args
        return [(sympy.log(lam), _ONE), (-lam, _X)]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        (lam,) = self.args
        m, c = phi.shift, phi.scale
        if phi.kind is PhiKind.LOG2:
            return sympy.pi**2 / 6 + (sympy.EulerGamma + sympy.log(lam)) ** 2
        if phi.kind is PhiKind.POW:  # E[(x/c)^j], j carried in the shift
            return sympy.gamma(1 + m) / (lam * c) ** m
        if phi.kind is PhiKind.EXPNEG:
            return sympy.exp(m / c) * lam / (lam + 1 / c)
        if phi.kind is PhiKind.ABS:  # E|x − m| = E[x] − m + 2·E[(m − x)⁺]
            m = phi.shift
            return _cases(m, lambda: m - 1 / lam + 2 * sympy.exp(-lam * m) / lam, 1 / lam - m)
        table = {
            PhiKind.X: 1 / lam,
            PhiKind.X2: 2 / lam**2,
            PhiKind.LOG: -sympy.EulerGamma - sympy.log(lam),
        }
        return table.get(phi.kind, super().moment(phi))

    def entropy_form(self) -> sympy.Expr:
        return 1 - sympy.log(self.rate)

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, Exponential):
            return None
        a, b = self.rate, other.rate
        return near_equal(ExponentialDivergence, sympy.log(a / b) + b / a - 1, a, b)

    def natural(self) -> Natural:
        return Natural((-self.rate,), lambda eta: -sympy.log(-eta[0]), (_X,))


class Gamma(UnivariateFamily):
    r"""Gamma(concentration, rate): density β^α x^{α−1} e^{−βx} / Γ(α) on (0, ∞)."""

    label = "Gamma"
    latex_name = r"\operatorname{Gamma}"
    params = (positive("concentration", r"\alpha"), positive("rate", r"\beta"))
    variable = HALF_LINE

    concentration = Arg()
    rate = Arg()

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.Infinity

    def density(self, x: sympy.Expr) -> sympy.Expr:
        a, b = self.args
        return b**a * x ** (a - 1) * sympy.exp(-b * x) / sympy.gamma(a)

    def log_terms(self) -> LogTerms:
        a, b = self.args
        return [(a * sympy.log(b) - lg(a), _ONE), (a - 1, _LOG), (-b, _X)]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        a, b = self.args
        if phi.kind is PhiKind.LOG2:
            return sympy.polygamma(1, a) + (psi(a) - sympy.log(b)) ** 2
        if phi.kind is PhiKind.POW:
            j, c = phi.shift, phi.scale
            return sympy.gamma(a + j) / (sympy.gamma(a) * (b * c) ** j)
        if phi.kind is PhiKind.EXPNEG:
            m, c = phi.shift, phi.scale
            return sympy.exp(m / c) * (b / (b + 1 / c)) ** a
        if phi.kind is PhiKind.ABS:  # E[(m − x)⁺] = m·P(a, bm) − (a/b)·P(a + 1, bm)
            m = phi.shift

            def below(s: sympy.Expr) -> sympy.Expr:  # regularised lower incomplete gamma
                # unexpanded for a large exact s (SymPy would write a sum of s terms)
                keep = bool(s.is_Rational and s > 40)
                low = sympy.lowergamma(s, b * m, evaluate=not keep)
                return low / sympy.gamma(s, evaluate=not keep)

            return _cases(
                m, lambda: a / b - m + 2 * (m * below(a) - a / b * below(a + 1)), a / b - m
            )
        table = {
            PhiKind.X: a / b,
            PhiKind.X2: a * (a + 1) / b**2,
            PhiKind.LOG: psi(a) - sympy.log(b),
        }
        return table.get(phi.kind, super().moment(phi))

    def entropy_form(self) -> sympy.Expr:
        a, b = self.args
        # a + log Γ(a) + (1 − a)ψ(a) − log b, one node: no cancellation when lambdified
        return GammaCore(a, 1) - sympy.log(b)

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, Gamma):
            return None
        (a1, b1), (a2, b2) = self.args, other.args
        # (a1 − a2)ψ(a1) − log Γ(a1) + log Γ(a2) is the Bregman node D(a2, a1): it keeps its
        # digits when lambdified at a1 ≈ a2 (the parts are ~a log a, D ~ (a2 − a1)²/a)
        if all(x.is_number for x in (a1, b1, a2, b2)):
            return GammaBregman(a2, a1) + a2 * sympy.log(b1 / b2) + a1 * (b2 - b1) / b1
        # D(a2, a1) + a1·h(b2/b1) + (a2 − a1)·log(b1/b2) as one node: lambdified it keeps its
        # digits also when all four parameters move together (the three parts then cancel)
        return GammaDivergence(a1, b1, a2, b2)

    def natural(self) -> Natural:
        a, b = self.args

        def log_z(eta: Sequence[sympy.Expr]) -> sympy.Expr:
            return lg(eta[0] + 1) - (eta[0] + 1) * sympy.log(-eta[1])

        return Natural((a - 1, -b), log_z, (_LOG, _X))


class Beta(UnivariateFamily):
    r"""Beta(concentration1, concentration0): density x^{a−1}(1−x)^{b−1} / B(a, b) on (0, 1)."""

    label = "Beta"
    latex_name = r"\operatorname{Beta}"
    moment_route = "normaliser"
    params = (positive("concentration1", "a"), positive("concentration0", "b"))
    variable = HALF_LINE

    concentration1 = Arg()
    concentration0 = Arg()

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.One

    def density(self, x: sympy.Expr) -> sympy.Expr:
        a, b = self.args
        return x ** (a - 1) * (1 - x) ** (b - 1) / sympy.beta(a, b)

    def log_terms(self) -> LogTerms:
        a, b = self.args
        log_beta = lg(a) + lg(b) - lg(a + b)
        return [(-log_beta, _ONE), (a - 1, _LOG), (b - 1, _LOG1M)]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        a, b = self.args
        if phi.kind is PhiKind.LOG2:
            return sympy.polygamma(1, a) - sympy.polygamma(1, a + b) + (psi(a) - psi(a + b)) ** 2
        if phi.kind is PhiKind.POW:
            j, c = phi.shift, phi.scale
            gam = sympy.gamma
            return gam(a + j) * gam(a + b) / (gam(a) * gam(a + b + j) * c**j)
        if phi.kind is PhiKind.ABS:  # E[(m − x)⁺] = m·I_m(a, b) − E[x]·I_m(a + 1, b)
            m = phi.shift
            mean = a / (a + b)

            def below(s: sympy.Expr) -> sympy.Expr:  # regularised incomplete beta
                return sympy.betainc_regularized(s, b, 0, m)

            return _cases(
                m,
                lambda: mean - m + 2 * (m * below(a) - mean * below(a + 1)),
                mean - m,
                upper=(1, m - mean),
            )
        table = {
            PhiKind.X: a / (a + b),
            PhiKind.X2: a * (a + 1) / ((a + b) * (a + b + 1)),
            PhiKind.LOG: psi(a) - psi(a + b),
            PhiKind.LOG1M: psi(b) - psi(a + b),
        }
        return table.get(phi.kind, super().moment(phi))

    def entropy_form(self) -> sympy.Expr:
        a, b = self.args
        # log B(a, b) − (a − 1)ψ(a) − (b − 1)ψ(b) + (a + b − 2)ψ(a + b) as G(a, 1) + G(b, 1) −
        # G(a + b, 2), with G(z, c) = z + log Γ(z) + (c − z)ψ(z): no cancellation when lambdified
        return GammaCore(a, 1) + GammaCore(b, 1) - GammaCore(a + b, 2)

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, Beta):
            return None
        (a1, b1), (a2, b2) = self.args, other.args
        # log B(a2, b2) − log B(a1, b1) + (a1 − a2)ψ(a1) + (b1 − b2)ψ(b1)
        # + (a2 − a1 + b2 − b1)ψ(a1 + b1), as three Bregman nodes of log Γ (stable lambdified)
        if all(x.is_number for x in (a1, b1, a2, b2)):
            return GammaBregman(a2, a1) + GammaBregman(b2, b1) - GammaBregman(a2 + b2, a1 + b1)
        return BetaDivergence(a1, b1, a2, b2)  # the same sum; lambdified a₂ + b₂ is not rounded

    def natural(self) -> Natural:
        a, b = self.args

        def log_z(eta: Sequence[sympy.Expr]) -> sympy.Expr:
            return lg(eta[0] + 1) + lg(eta[1] + 1) - lg(eta[0] + eta[1] + 2)

        return Natural((a - 1, b - 1), log_z, (_LOG, _LOG1M))


def _cases(
    m: sympy.Expr,
    inside: Callable[[], sympy.Expr],
    below: sympy.Expr,
    upper: tuple[sympy.Expr | int, sympy.Expr] | None = None,
) -> sympy.Expr:
    """E|x − m| for a family on [0, ∞) (or [0, hi]): ``below`` for m ≤ 0, ``inside`` after.

    ``inside`` is built only when m may lie inside the support: its incomplete gamma / beta
    functions are costly (or expanded term by term) for large exact parameters.
    """
    if (m <= 0) is sympy.true:
        return below
    if upper is not None and (m >= upper[0]) is sympy.true:
        return upper[1]
    pieces = [(below, m <= 0)]
    if upper is not None:
        pieces.append((upper[1], m >= upper[0]))
    pieces.append((inside(), True))
    result: sympy.Expr = sympy.Piecewise(*pieces)
    return result
