"""More univariate continuous families, torch's names: HalfNormal, LogNormal, Gumbel, Pareto,
ContinuousBernoulli. Each has log f in the basis of :mod:`._moments` and a table of moments, so
its entropy and every KL with the other univariate families come from the same formula.

>>> from sympy import Symbol
>>> x = Symbol("x", real=True)
>>> Pareto(1, 3).density(x)
3/x**4
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from ..errors import InvalidParameterError
from ._base import HALF_LINE, Arg, Domain, Family, Parameter, positive, proof_text, real, show
from ._continuous import Exponential, Normal, UnivariateFamily
from ._forms import entropy_by_moments
from ._moments import LogTerms, Natural, Phi, PhiKind
from ._stable import ContinuousBernoulliEntropy

__all__ = ["ContinuousBernoulli", "Gumbel", "HalfNormal", "LogNormal", "Pareto"]

_ONE, _X, _X2 = Phi(PhiKind.ONE), Phi(PhiKind.X), Phi(PhiKind.X2)
_LOG, _LOG2 = Phi(PhiKind.LOG), Phi(PhiKind.LOG2)
pi, log, exp, gamma_e = sympy.pi, sympy.log, sympy.exp, sympy.EulerGamma


def _cases(m: sympy.Expr, inside: sympy.Expr, below: sympy.Expr) -> sympy.Expr:
    result: sympy.Expr = sympy.Piecewise((below, m <= 0), (inside, True))
    return result


class HalfNormal(UnivariateFamily):
    r"""HalfNormal(scale): |X| for X ~ N(0, σ²), density √2/(σ√π)·e^{−x²/(2σ²)} on [0, ∞)."""

    label = "HalfNormal"
    latex_name = r"\operatorname{HalfNormal}"
    params = (positive("scale", r"\sigma"),)
    variable = HALF_LINE

    scale = Arg()

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.Infinity

    def density(self, x: sympy.Expr) -> sympy.Expr:
        (s,) = self.args
        return sympy.sqrt(2) / (s * sympy.sqrt(pi)) * exp(-(x**2) / (2 * s**2))

    def log_terms(self) -> LogTerms:
        (s,) = self.args
        return [(log(2 / pi) / 2 - log(s), _ONE), (-1 / (2 * s**2), _X2)]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        (s,) = self.args
        if phi.kind is PhiKind.POW:
            j, c = phi.shift, phi.scale
            return (s / c) ** j * 2 ** (j / 2) * sympy.gamma((j + 1) / 2) / sympy.sqrt(pi)
        mean = s * sympy.sqrt(2 / pi)
        log_mean = log(s) - (gamma_e + log(2)) / 2  # E log|Z| = −(γ + log 2)/2
        if phi.kind is PhiKind.ABS:  # E[(m − x)⁺] = m·P(x ≤ m) − E[x; x ≤ m]
            m = phi.shift
            below = m * sympy.erf(m / (sympy.sqrt(2) * s)) - mean * (1 - exp(-(m**2) / (2 * s**2)))
            return _cases(m, mean - m + 2 * below, mean - m)
        if phi.kind is PhiKind.EXPNEG:
            c = phi.scale
            return exp(phi.shift / c + s**2 / (2 * c**2)) * sympy.erfc(s / (sympy.sqrt(2) * c))
        table = {
            PhiKind.X: mean,
            PhiKind.X2: s**2,
            PhiKind.LOG: log_mean,
            PhiKind.LOG2: log_mean**2 + pi**2 / 8,  # Var log|Z| = π²/8
        }
        return table.get(phi.kind, super().moment(phi))

    def entropy_form(self) -> sympy.Expr:
        return log(self.scale) + log(pi / 2) / 2 + sympy.S.Half

    def natural(self) -> Natural:
        (s,) = self.args
        return Natural((-1 / (2 * s**2),), lambda e: -log(-2 * e[0]) / 2, (_X2,))


class LogNormal(UnivariateFamily):
    r"""LogNormal(loc, scale): e^X for X ~ N(μ, σ²), on (0, ∞)."""

    label = "LogNormal"
    latex_name = r"\operatorname{LogNormal}"
    moment_route = "substitution"
    params = (real("loc", r"\mu"), positive("scale", r"\sigma"))
    variable = HALF_LINE

    loc = Arg()
    scale = Arg()

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.Infinity

    def density(self, x: sympy.Expr) -> sympy.Expr:
        mu, s = self.args
        return exp(-((log(x) - mu) ** 2) / (2 * s**2)) / (x * s * sympy.sqrt(2 * pi))

    def log_terms(self) -> LogTerms:
        mu, s = self.args
        return [
            (-log(s) - log(2 * pi) / 2 - mu**2 / (2 * s**2), _ONE),
            (mu / s**2 - 1, _LOG),
            (-1 / (2 * s**2), _LOG2),
        ]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        mu, s = self.args
        if phi.kind is PhiKind.POW:
            j, c = phi.shift, phi.scale
            return exp(j * mu + j**2 * s**2 / 2) / c**j
        if phi.kind is PhiKind.ABS:  # E[(m − x)⁺] = m·Φ(z) − E[x]·Φ(z − σ), z = (log m − μ)/σ
            m = phi.shift
            mean = exp(mu + s**2 / 2)

            def cdf(t: sympy.Expr) -> sympy.Expr:
                return sympy.erfc(-t / sympy.sqrt(2)) / 2

            z = (log(m) - mu) / s
            return _cases(m, mean - m + 2 * (m * cdf(z) - mean * cdf(z - s)), mean - m)
        table = {
            PhiKind.LOG: mu,
            PhiKind.LOG2: mu**2 + s**2,
            PhiKind.X: exp(mu + s**2 / 2),
            PhiKind.X2: exp(2 * mu + 2 * s**2),
        }
        return table.get(phi.kind, super().moment(phi))

    def entropy_form(self) -> sympy.Expr:
        return self.loc + log(self.scale) + log(2 * pi * sympy.E) / 2

    def substitution(self) -> tuple[Family, sympy.Expr]:
        """X = e^Y with Y ~ Normal(loc, scale)."""
        y = Normal.variable
        return Normal(*self.args), exp(y)

    def natural(self) -> Natural:
        mu, s = self.args

        def a(eta: Sequence[sympy.Expr]) -> sympy.Expr:
            return -(eta[0] ** 2) / (4 * eta[1]) - log(-2 * eta[1]) / 2

        return Natural((mu / s**2, -1 / (2 * s**2)), a, (_LOG, _LOG2))


class Gumbel(UnivariateFamily):
    r"""Gumbel(loc, scale): density e^{−(z + e^{−z})}/β with z = (x − μ)/β."""

    label = "Gumbel"
    latex_name = r"\operatorname{Gumbel}"
    moment_route = "substitution"
    params = (real("loc", r"\mu"), positive("scale", r"\beta"))

    loc = Arg()
    scale = Arg()

    def density(self, x: sympy.Expr) -> sympy.Expr:
        mu, b = self.args
        z = (x - mu) / b
        return exp(-(z + exp(-z))) / b

    def log_terms(self) -> LogTerms:
        mu, b = self.args
        return [
            (mu / b - log(b), _ONE),
            (-1 / b, _X),
            (sympy.S.NegativeOne, Phi(PhiKind.EXPNEG, mu, b)),
        ]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        mu, b = self.args
        mean = mu + b * gamma_e
        if phi.kind is PhiKind.ABS:
            # W = e^{−(x−μ)/β} ~ Exp(1) and x ≤ m ⟺ W ≥ w₀ = e^{−(m−μ)/β}; integrating by parts,
            # E[(m − x)⁺] = β·E₁(w₀), so E|x − m| = E[x] − m + 2β·E₁(w₀)
            m = phi.shift
            return mean - m + 2 * b * sympy.expint(1, exp(-(m - mu) / b))
        if phi.kind is PhiKind.EXPNEG:  # e^{−(x−μ)/β} ~ Exp(1), so E[W^t] = Γ(1 + t)
            c = phi.scale
            return exp((phi.shift - mu) / c) * sympy.gamma(1 + b / c)
        table = {PhiKind.X: mean, PhiKind.X2: mean**2 + pi**2 * b**2 / 6}
        return table.get(phi.kind, super().moment(phi))

    def entropy_form(self) -> sympy.Expr:
        return log(self.scale) + gamma_e + 1

    def substitution(self) -> tuple[Family, sympy.Expr]:
        """X = μ − β·log W with W ~ Exponential(1) (so e^{−(x − μ)/β} = W)."""
        mu, b = self.args
        return Exponential(1), mu - b * log(Exponential.variable)


class Pareto(UnivariateFamily):
    r"""Pareto(scale, alpha): density α s^α / x^{α+1} on [s, ∞)."""

    label = "Pareto"
    latex_name = r"\operatorname{Pareto}"
    moment_route = "substitution"
    params = (positive("scale", "s"), positive("alpha", r"\alpha", 0.5, 5.0))
    variable = HALF_LINE

    scale = Arg()
    alpha = Arg()

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return self.args[0], sympy.S.Infinity

    def density(self, x: sympy.Expr) -> sympy.Expr:
        s, a = self.args
        return a * s**a / x ** (a + 1)

    def log_terms(self) -> LogTerms:
        s, a = self.args
        return [(log(a) + a * log(s), _ONE), (-(a + 1), _LOG)]

    def finite_when(self, phi: Phi) -> sympy.Boolean:
        """E[x^j] is finite only for α > j; KL rules are ∞ otherwise."""
        a = self.args[1]
        if phi.kind is PhiKind.POW:
            return sympy.Gt(a, phi.shift)
        return {PhiKind.X: a > 1, PhiKind.X2: a > 2, PhiKind.ABS: a > 1}.get(phi.kind, sympy.true)

    def moment(self, phi: Phi) -> sympy.Expr | None:
        s, a = self.args
        if phi.kind is PhiKind.POW:
            j, c = phi.shift, phi.scale
            return a * s**j / ((a - j) * c**j)
        if phi.kind is PhiKind.ABS:  # for α > 1; on [s, ∞), so m ≤ s gives E[x] − m
            m = phi.shift
            mean = a * s / (a - 1)
            ratio = s / m
            below = m * (1 - ratio**a) - mean * (1 - ratio ** (a - 1))  # E[(m − x)⁺], m > s
            if (m <= s) is sympy.true:
                return mean - m
            result: sympy.Expr = sympy.Piecewise((mean - m, m <= s), (mean - m + 2 * below, True))
            return result
        log_mean = log(s) + 1 / a  # log(x/s) ~ Exp(α)
        table = {
            PhiKind.LOG: log_mean,
            PhiKind.LOG2: log_mean**2 + 1 / a**2,
            PhiKind.X: a * s / (a - 1),
            PhiKind.X2: a * s**2 / (a - 2),
        }
        return table.get(phi.kind, super().moment(phi))

    def entropy_form(self) -> sympy.Expr:
        return log(self.scale / self.alpha) + 1 / self.alpha + 1

    def substitution(self) -> tuple[Family, sympy.Expr]:
        """X = s·e^Y with Y ~ Exponential(α) (log(x/s) is exponential)."""
        s, a = self.args
        return Exponential(a), s * exp(Exponential.variable)

    def natural(self) -> Natural:
        """For a fixed scale s: η = −(α + 1), T = log x, A = −log(−η − 1) + (η + 1)·log s."""
        s, a = self.args

        def log_z(eta: Sequence[sympy.Expr]) -> sympy.Expr:
            return -log(-eta[0] - 1) + (eta[0] + 1) * log(s)

        return Natural((-(a + 1),), log_z, (_LOG,), (s,))


class ContinuousBernoulli(UnivariateFamily):
    r"""ContinuousBernoulli(probs): density C(λ)·λ^x (1 − λ)^{1−x} on [0, 1], 0 < λ < 1.

    C(λ) = (log(1 − λ) − log λ)/(1 − 2λ) = 2·atanh(1 − 2λ)/(1 − 2λ), and C(½) = 2; at λ = ½
    exactly the family is Uniform(0, 1). A symbolic λ is taken to differ from ½ (listed).
    """

    label = "ContinuousBernoulli"
    latex_name = r"\mathcal{CB}"
    moment_route = "natural"  # by cases on λ = ½ (the normaliser's 0/0 there)
    params = (Parameter("probs", Domain.UNIT, r"\lambda", (0.05, 0.45)),)
    variable = HALF_LINE

    @classmethod
    def _check_joint(cls, exprs: Sequence[sympy.Expr], raw: Sequence[object]) -> None:
        (lam,) = exprs
        if lam.is_zero or (lam - 1).is_zero:
            raise InvalidParameterError(
                f"ContinuousBernoulli probs must be in (0, 1), got {show(raw[0])}"
            )

    probs = Arg()

    def _half(self) -> bool:
        return bool((self.args[0] - sympy.S.Half).is_zero)

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.One

    def log_norm(self) -> sympy.Expr:
        """log C(λ)."""
        return log(self.normaliser())

    def normaliser(self) -> sympy.Expr:
        """C(λ)."""
        (lam,) = self.args
        if self._half():
            return sympy.Integer(2)
        return (log(1 - lam) - log(lam)) / (1 - 2 * lam)

    def density(self, x: sympy.Expr) -> sympy.Expr:
        (lam,) = self.args
        return self.normaliser() * lam**x * (1 - lam) ** (1 - x)

    def log_terms(self) -> LogTerms:
        (lam,) = self.args
        return [(self.log_norm() + log(1 - lam), _ONE), (log(lam) - log(1 - lam), _X)]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        (lam,) = self.args
        if self._half():
            table = {PhiKind.X: sympy.S.Half, PhiKind.X2: sympy.Rational(1, 3)}
            return table.get(phi.kind, super().moment(phi))
        logit_inv = 1 / (log(1 - lam) - log(lam))  # 1/(2 atanh(1 − 2λ))
        mean = lam / (2 * lam - 1) + logit_inv
        variance = lam * (lam - 1) / (1 - 2 * lam) ** 2 + logit_inv**2
        table = {PhiKind.X: mean, PhiKind.X2: variance + mean**2}
        return table.get(phi.kind, super().moment(phi))

    def entropy_form(self) -> sympy.Expr:
        if self.probs.is_number:
            return entropy_by_moments(self)
        # the same closed form as one node: lambdified, it does not cancel near probs = ½
        return ContinuousBernoulliEntropy(self.probs)

    def removable_points(self) -> dict[sympy.Symbol, sympy.Expr]:
        """λ = ½, where C(λ) reads 0/0 and the family is Uniform(0, 1): for λ linear in one
        symbol (λ, 1 − s, s/3), that symbol's value there."""
        (lam,) = self.args
        return _where_linear(lam, sympy.S.Half)

    def domain_facts(self) -> list[str]:
        facts = super().domain_facts()
        if not self.args[0].is_number:
            probs = proof_text(self.args[0])
            facts.append(f"{probs} ≠ 1/2 (ContinuousBernoulli probs; ½ is Uniform(0, 1))")
        return facts

    def natural(self) -> Natural:
        """η = logit λ, T = x, A = log((e^η − 1)/η)."""
        (lam,) = self.args
        eta = (log(lam) - log(1 - lam),)
        return Natural(eta, lambda e: log((exp(e[0]) - 1) / e[0]), (_X,))


def _where_linear(expr: sympy.Expr, value: sympy.Expr) -> dict[sympy.Symbol, sympy.Expr]:
    """The one symbol of ``expr`` at which ``expr`` = ``value``, when ``expr`` is linear in it
    with a numeric slope; else nothing (a parameter s² or s·t has no single such point).

    >>> s = sympy.Symbol("s", positive=True)
    >>> _where_linear(1 - s / 4, sympy.S.Half)
    {s: 2}
    """
    if len(expr.free_symbols) != 1:
        return {}
    (symbol,) = expr.free_symbols
    if not isinstance(symbol, sympy.Symbol) or not expr.is_polynomial(symbol):
        return {}
    poly = sympy.Poly(expr, symbol)
    if poly.degree() != 1 or not all(c.is_number for c in poly.all_coeffs()):
        return {}
    slope, offset = poly.all_coeffs()
    return {symbol: (value - offset) / slope}


def _written_out_entropy(lam: sympy.Expr) -> sympy.Expr:
    return entropy_by_moments(ContinuousBernoulli(lam))


ContinuousBernoulliEntropy.written_out = _written_out_entropy
