"""Heavy-tailed and other families outside the moment basis: Cauchy, HalfCauchy, StudentT, Weibull,
Chi2, Kumaraswamy, VonMises. Their entropies (and Cauchy‖Cauchy, Weibull‖Weibull) are textbook
closed forms registered here; proofs of these are numeric (quadrature of the definition).

>>> entropy(Cauchy(0, 1)).doit()
log(4*pi)
"""

from __future__ import annotations

import sympy

from ._base import HALF_LINE, LINE, ContinuousFamily, Domain, Parameter
from ._continuous import Gamma, UnivariateFamily
from ._moments import LogTerms, Phi, PhiKind
from ._special import lg, psi

__all__ = ["Cauchy", "Chi2", "HalfCauchy", "Kumaraswamy", "StudentT", "VonMises", "Weibull"]

pi, log, exp = sympy.pi, sympy.log, sympy.exp


def _real(name: str, latex: str) -> Parameter:
    return Parameter(name, Domain.REAL, latex, (-3.0, 3.0))


def _positive(name: str, latex: str, lo: float = 0.3, hi: float = 4.0) -> Parameter:
    return Parameter(name, Domain.POSITIVE, latex, (lo, hi))


class Cauchy(ContinuousFamily):
    r"""Cauchy(loc, scale): density 1/(πγ(1 + ((x − x₀)/γ)²)); no mean, no variance."""

    label = "Cauchy"
    latex_name = r"\operatorname{Cauchy}"
    params = (_real("loc", "x_0"), _positive("scale", r"\gamma"))
    variable = LINE

    @property
    def loc(self) -> sympy.Expr:
        return self.args[0]

    @property
    def scale(self) -> sympy.Expr:
        return self.args[1]

    def density(self, x: sympy.Expr) -> sympy.Expr:
        m, g = self.args
        return 1 / (pi * g * (1 + ((x - m) / g) ** 2))

    @property
    def mean(self) -> sympy.Expr:
        """Undefined (nan, as torch): E|x| = ∞ on both sides."""
        return sympy.nan

    @property
    def variance(self) -> sympy.Expr:
        return sympy.oo


class HalfCauchy(ContinuousFamily):
    r"""HalfCauchy(scale): |X| for X ~ Cauchy(0, γ), density 2/(πγ(1 + (x/γ)²)) on [0, ∞)."""

    label = "HalfCauchy"
    latex_name = r"\operatorname{HalfCauchy}"
    params = (_positive("scale", r"\gamma"),)
    variable = HALF_LINE

    @property
    def scale(self) -> sympy.Expr:
        return self.args[0]

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.Infinity

    def density(self, x: sympy.Expr) -> sympy.Expr:
        (g,) = self.args
        return 2 / (pi * g * (1 + (x / g) ** 2))

    @property
    def mean(self) -> sympy.Expr:
        return sympy.oo

    @property
    def variance(self) -> sympy.Expr:
        return sympy.oo


class StudentT(ContinuousFamily):
    r"""StudentT(df, loc, scale): density Γ((ν+1)/2)/(Γ(ν/2)√(νπ)σ)·(1 + z²/ν)^{−(ν+1)/2}."""

    label = "StudentT"
    latex_name = r"t"
    params = (
        _positive("df", r"\nu", 0.5, 10.0),
        _real("loc", r"\mu"),
        _positive("scale", r"\sigma"),
    )
    variable = LINE

    @property
    def df(self) -> sympy.Expr:
        return self.args[0]

    @property
    def loc(self) -> sympy.Expr:
        return self.args[1]

    @property
    def scale(self) -> sympy.Expr:
        return self.args[2]

    def density(self, x: sympy.Expr) -> sympy.Expr:
        nu, mu, s = self.args
        z = (x - mu) / s
        norm = exp(lg((nu + 1) / 2) - lg(nu / 2)) / (sympy.sqrt(nu * pi) * s)
        return norm * (1 + z**2 / nu) ** (-(nu + 1) / 2)

    @property
    def mean(self) -> sympy.Expr:
        """loc for ν > 1, undefined (nan) otherwise."""
        nu, mu, _ = self.args
        result: sympy.Expr = sympy.Piecewise((mu, nu > 1), (sympy.nan, True))
        return result

    @property
    def variance(self) -> sympy.Expr:
        """σ²ν/(ν − 2) for ν > 2, ∞ for 1 < ν ≤ 2, undefined (nan) for ν ≤ 1."""
        nu, _, s = self.args
        result: sympy.Expr = sympy.Piecewise(
            (s**2 * nu / (nu - 2), nu > 2), (sympy.oo, nu > 1), (sympy.nan, True)
        )
        return result


class Weibull(UnivariateFamily):
    r"""Weibull(scale, concentration): density (k/λ)(x/λ)^{k−1} e^{−(x/λ)^k} on (0, ∞)."""

    label = "Weibull"
    latex_name = r"\operatorname{Weibull}"
    params = (_positive("scale", r"\lambda"), _positive("concentration", "k", 0.5, 5.0))
    variable = HALF_LINE

    @property
    def scale(self) -> sympy.Expr:
        return self.args[0]

    @property
    def concentration(self) -> sympy.Expr:
        return self.args[1]

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.Infinity

    def density(self, x: sympy.Expr) -> sympy.Expr:
        lam, k = self.args
        return k / lam * (x / lam) ** (k - 1) * exp(-((x / lam) ** k))

    def log_terms(self) -> LogTerms:
        lam, k = self.args
        return [
            (log(k) - k * log(lam), Phi(PhiKind.ONE)),
            (k - 1, Phi(PhiKind.LOG)),
            (sympy.S.NegativeOne, Phi(PhiKind.POW, k, lam)),
        ]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        lam, k = self.args
        if phi.kind is PhiKind.POW:  # (x/c)^j: (λ/c)^j Γ(1 + j/k)
            j, c = phi.shift, phi.scale
            return (lam / c) ** j * sympy.gamma(1 + j / k)
        table = {
            PhiKind.LOG: log(lam) - sympy.EulerGamma / k,
            PhiKind.X: lam * sympy.gamma(1 + 1 / k),
            PhiKind.X2: lam**2 * sympy.gamma(1 + 2 / k),
        }
        return table.get(phi.kind, super().moment(phi))


class Chi2(UnivariateFamily):
    r"""Chi2(df): the Gamma(df/2, 1/2) distribution, as torch's Chi2 subclasses Gamma."""

    label = "Chi2"
    latex_name = r"\chi^2"
    params = (_positive("df", "k", 0.5, 10.0),)
    variable = HALF_LINE

    @property
    def df(self) -> sympy.Expr:
        return self.args[0]

    def as_gamma(self) -> Gamma:
        return Gamma(self.args[0] / 2, sympy.S.Half)

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.Infinity

    def density(self, x: sympy.Expr) -> sympy.Expr:
        return self.as_gamma().density(x)

    def log_terms(self) -> LogTerms:
        return self.as_gamma().log_terms()

    def moment(self, phi: Phi) -> sympy.Expr | None:
        return self.as_gamma().moment(phi)


class Kumaraswamy(ContinuousFamily):
    r"""Kumaraswamy(concentration1 a, concentration0 b): ab·x^{a−1}(1 − x^a)^{b−1} on (0, 1)."""

    label = "Kumaraswamy"
    latex_name = r"\operatorname{Kumaraswamy}"
    params = (_positive("concentration1", "a"), _positive("concentration0", "b"))
    variable = HALF_LINE

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.One

    def density(self, x: sympy.Expr) -> sympy.Expr:
        a, b = self.args
        return a * b * x ** (a - 1) * (1 - x**a) ** (b - 1)

    def _raw_moment(self, power: int) -> sympy.Expr:
        a, b = self.args  # E[x^j] = b·B(1 + j/a, b)
        return b * sympy.beta(1 + sympy.Integer(power) / a, b)


class VonMises(ContinuousFamily):
    r"""VonMises(loc, concentration): density e^{κ cos(x − μ)}/(2π I₀(κ)) on [μ − π, μ + π)."""

    label = "VonMises"
    latex_name = r"\operatorname{VonMises}"
    params = (_real("loc", r"\mu"), _positive("concentration", r"\kappa"))
    variable = LINE

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        mu = self.args[0]
        return mu - pi, mu + pi

    def density(self, x: sympy.Expr) -> sympy.Expr:
        mu, k = self.args
        return exp(k * sympy.cos(x - mu)) / (2 * pi * sympy.besseli(0, k))

    @property
    def mean(self) -> sympy.Expr:
        """The circular mean, loc (as torch)."""
        return self.args[0]

    @property
    def variance(self) -> sympy.Expr:
        """The circular variance 1 − I₁(κ)/I₀(κ) (as torch)."""
        k = self.args[1]
        return 1 - sympy.besseli(1, k) / sympy.besseli(0, k)


def harmonic_mean_log(b: sympy.Expr) -> sympy.Expr:
    """ψ(b + 1) + γ, the b-th harmonic number for real b."""
    return psi(b + 1) + sympy.EulerGamma


# --- closed forms ------------------------------------------------------------------------------


def _register() -> None:
    import itertools

    from ._closed import _UNIVARIATE, _entropy, _kl, kl_by_moments

    @_entropy(Cauchy)
    def _h_cauchy(d: Cauchy) -> sympy.Expr:
        return log(4 * pi * d.scale)

    @_entropy(HalfCauchy)
    def _h_half_cauchy(d: HalfCauchy) -> sympy.Expr:
        return log(2 * pi * d.scale)

    @_entropy(StudentT)
    def _h_student_t(d: StudentT) -> sympy.Expr:
        nu, _, s = d.args
        log_beta = lg(nu / 2) + log(pi) / 2 - lg((nu + 1) / 2)  # log B(ν/2, ½)
        return (nu + 1) / 2 * (psi((nu + 1) / 2) - psi(nu / 2)) + log(nu) / 2 + log_beta + log(s)

    @_entropy(Weibull)
    def _h_weibull(d: Weibull) -> sympy.Expr:
        lam, k = d.args
        return sympy.EulerGamma * (1 - 1 / k) + log(lam / k) + 1

    @_entropy(Chi2)
    def _h_chi2(d: Chi2) -> sympy.Expr:
        a, b = d.args[0] / 2, sympy.S.Half
        return a - log(b) + lg(a) + (1 - a) * psi(a)

    @_entropy(Kumaraswamy)
    def _h_kumaraswamy(d: Kumaraswamy) -> sympy.Expr:
        a, b = d.args
        return (1 - 1 / b) + (1 - 1 / a) * harmonic_mean_log(b) - log(a * b)

    @_entropy(VonMises)
    def _h_von_mises(d: VonMises) -> sympy.Expr:
        k = d.args[1]
        i0, i1 = sympy.besseli(0, k), sympy.besseli(1, k)
        return -k * i1 / i0 + log(2 * pi * i0)

    @_kl(Cauchy, Cauchy)
    def _kl_cauchy(p: Cauchy, q: Cauchy) -> sympy.Expr:
        (m1, g1), (m2, g2) = p.args, q.args
        return log(((g1 + g2) ** 2 + (m1 - m2) ** 2) / (4 * g1 * g2))

    def _infinite(p: sympy.Expr, q: sympy.Expr) -> sympy.Expr:
        # Cauchy has no mean: E|x| = ∞ makes −E log q infinite for every family whose log
        # density falls at least like −|x| (or whose support misses part of the real line).
        return sympy.oo

    for other in _UNIVARIATE:
        _kl(Cauchy, other)(_infinite)
    group = (*_UNIVARIATE, Weibull, Chi2)
    for first, second in itertools.permutations(group, 2):
        if Weibull in (first, second) or Chi2 in (first, second):
            _kl(first, second)(kl_by_moments)
    for family in (Weibull, Chi2):
        _kl(family, family)(kl_by_moments)
        _kl(Cauchy, family)(_infinite)


_register()
