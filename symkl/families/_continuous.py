"""Univariate continuous families with torch's parameter names.

>>> Normal(0, 1).density(x)
sqrt(2)*exp(-x**2/2)/(2*sqrt(pi))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy

from ..errors import InvalidParameterError
from ._base import HALF_LINE, LINE, ContinuousFamily, Domain, Parameter, show
from ._moments import LogTerms, Phi, PhiKind
from ._special import lg, psi

__all__ = ["Beta", "Exponential", "Gamma", "Laplace", "Normal", "Uniform", "UnivariateFamily"]

_ONE, _X, _X2 = Phi(PhiKind.ONE), Phi(PhiKind.X), Phi(PhiKind.X2)
_LOG, _LOG1M = Phi(PhiKind.LOG), Phi(PhiKind.LOG1M)


def _real(name: str, latex: str) -> Parameter:
    return Parameter(name, Domain.REAL, latex, (-3.0, 3.0))


def _positive(name: str, latex: str, lo: float = 0.3, hi: float = 4.0) -> Parameter:
    return Parameter(name, Domain.POSITIVE, latex, (lo, hi))


class UnivariateFamily(ContinuousFamily):
    """A continuous family on an interval with a log-density in the basis of :mod:`._moments`."""

    def log_terms(self) -> LogTerms:
        """log f(x) = Σ c·φ(x) on the support."""
        raise NotImplementedError

    def moment(self, phi: Phi) -> sympy.Expr | None:
        """E[φ(X)] from the textbook table, or None when not tabulated."""
        if phi.kind is PhiKind.ONE:
            return sympy.S.One
        from ._extra import extra_log_moments  # the (log x)² and e^{−x/c} rows

        return extra_log_moments(self, phi)

    def finite_when(self, phi: Phi) -> sympy.Boolean:
        """Where E[φ(X)] is finite (heavy-tailed families override it)."""
        return sympy.true


class Normal(UnivariateFamily):
    r"""N(loc, scale²): ``Normal(mu, sigma)``, LaTeX ``\mathcal{N}(\mu, \sigma)``."""

    label = "Normal"
    latex_name = r"\mathcal{N}"
    params = (_real("loc", r"\mu"), _positive("scale", r"\sigma"))

    @property
    def loc(self) -> sympy.Expr:
        return self.args[0]

    @property
    def scale(self) -> sympy.Expr:
        return self.args[1]

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


class Laplace(UnivariateFamily):
    r"""Laplace(loc, scale): density e^{−|x−μ|/b}/(2b)."""

    label = "Laplace"
    latex_name = r"\operatorname{Laplace}"
    params = (_real("loc", r"\mu"), _positive("scale", "b"))

    @property
    def loc(self) -> sympy.Expr:
        return self.args[0]

    @property
    def scale(self) -> sympy.Expr:
        return self.args[1]

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


class Exponential(UnivariateFamily):
    r"""Exponential(rate): density λe^{−λx} on (0, ∞)."""

    label = "Exponential"
    latex_name = r"\operatorname{Exp}"
    params = (_positive("rate", r"\lambda"),)
    variable = HALF_LINE

    @property
    def rate(self) -> sympy.Expr:
        return self.args[0]

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
        if phi.kind is PhiKind.ABS:  # E|x − m| = E[x] − m + 2·E[(m − x)⁺]
            m = phi.shift
            return _cases(m, lambda: m - 1 / lam + 2 * sympy.exp(-lam * m) / lam, 1 / lam - m)
        table = {
            PhiKind.X: 1 / lam,
            PhiKind.X2: 2 / lam**2,
            PhiKind.LOG: -sympy.EulerGamma - sympy.log(lam),
        }
        return table.get(phi.kind, super().moment(phi))


class Gamma(UnivariateFamily):
    r"""Gamma(concentration, rate): density β^α x^{α−1} e^{−βx} / Γ(α) on (0, ∞)."""

    label = "Gamma"
    latex_name = r"\operatorname{Gamma}"
    params = (_positive("concentration", r"\alpha"), _positive("rate", r"\beta"))
    variable = HALF_LINE

    @property
    def concentration(self) -> sympy.Expr:
        return self.args[0]

    @property
    def rate(self) -> sympy.Expr:
        return self.args[1]

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


class Beta(UnivariateFamily):
    r"""Beta(concentration1, concentration0): density x^{a−1}(1−x)^{b−1} / B(a, b) on (0, 1)."""

    label = "Beta"
    latex_name = r"\operatorname{Beta}"
    params = (_positive("concentration1", "a"), _positive("concentration0", "b"))
    variable = HALF_LINE

    @property
    def concentration1(self) -> sympy.Expr:
        return self.args[0]

    @property
    def concentration0(self) -> sympy.Expr:
        return self.args[1]

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


class Uniform(UnivariateFamily):
    r"""Uniform(low, high) on [low, high]; symbolic bounds are taken to satisfy low < high."""

    label = "Uniform"
    latex_name = r"\mathcal{U}"
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

    @property
    def low(self) -> sympy.Expr:
        return self.args[0]

    @property
    def high(self) -> sympy.Expr:
        return self.args[1]

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return self.args[0], self.args[1]

    def density(self, x: sympy.Expr) -> sympy.Expr:
        low, high = self.args
        return 1 / (high - low)

    def log_terms(self) -> LogTerms:
        low, high = self.args
        return [(-sympy.log(high - low), _ONE)]

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
        if phi.kind is PhiKind.ABS:
            m = phi.shift
            inside = ((m - lo) ** 2 + (hi - m) ** 2) / (2 * width)
            return sympy.Piecewise(
                ((lo + hi) / 2 - m, m <= lo), (m - (lo + hi) / 2, m >= hi), (inside, True)
            )
        return super().moment(phi)


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


def _xlogx(u: sympy.Expr) -> sympy.Expr:
    return sympy.Piecewise((0, sympy.Eq(u, 0)), (u * sympy.log(u), True))
