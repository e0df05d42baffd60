"""Heavy-tailed and other families outside the moment basis: Cauchy, HalfCauchy, StudentT, Weibull,
Chi2, Kumaraswamy, VonMises. Their entropies (and Cauchy‖Cauchy, Weibull‖Weibull) are textbook
closed forms registered here; proofs of these are numeric (quadrature of the definition).

>>> from symkl import entropy
>>> entropy(Cauchy(0, 1)).doit()
log(4*pi)
"""

from __future__ import annotations

import sympy

from ._base import HALF_LINE, LINE, Arg, ContinuousFamily, Family, positive, real
from ._continuous import Exponential, Gamma, UnivariateFamily
from ._gamma_core import GammaCore
from ._moments import LogTerms, Natural, Phi, PhiKind
from ._near_equal import CauchyDivergence, near_equal
from ._special import lg, psi, rpow
from ._stable import VonMisesEntropy

__all__ = ["Cauchy", "Chi2", "HalfCauchy", "Kumaraswamy", "StudentT", "VonMises", "Weibull"]

pi, log, exp = sympy.pi, sympy.log, sympy.exp


class Cauchy(ContinuousFamily):
    r"""Cauchy(loc, scale): density 1/(πγ(1 + ((x − x₀)/γ)²)); no mean, no variance."""

    label = "Cauchy"
    latex_name = r"\operatorname{Cauchy}"
    params = (real("loc", "x_0"), positive("scale", r"\gamma"))
    variable = LINE

    loc = Arg()
    scale = Arg()
    #: a group of its own: its log-density basis serves its entropy's derivation step by step;
    #: KL against another family is its own closed form (kl_form), never the moment formula
    moment_group = "cauchy"

    def density(self, x: sympy.Expr) -> sympy.Expr:
        m, g = self.args
        return 1 / (pi * g * (1 + ((x - m) / g) ** 2))

    def log_terms(self) -> LogTerms:
        m, g = self.args
        return [(-log(pi * g), Phi(PhiKind.ONE)), (sympy.S.NegativeOne, Phi(PhiKind.LOGQUAD, m, g))]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        if phi.kind is PhiKind.LOGQUAD:  # E log((x − m)² + c²) = log((γ + c)² + (x₀ − m)²)
            x0, g = self.args
            m, c = phi.shift, phi.scale
            return log(((g + c) ** 2 + (x0 - m) ** 2) / c**2)
        return super().moment(phi)

    @property
    def mean(self) -> sympy.Expr:
        """Undefined (nan, as torch): E|x| = ∞ on both sides."""
        return sympy.nan

    @property
    def variance(self) -> sympy.Expr:
        return sympy.oo

    def entropy_form(self) -> sympy.Expr:
        return log(4 * pi * self.scale)

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if isinstance(other, Cauchy):
            (m1, g1), (m2, g2) = self.args, other.args
            plain = log(((g1 + g2) ** 2 + (m1 - m2) ** 2) / (4 * g1 * g2))
            # for symbols one node (printed as plain): lambdified, log(1 + tiny) loses digits
            return near_equal(CauchyDivergence, plain, m1, g1, m2, g2)
        if other.moment_group == "continuous":
            # Cauchy has no mean: E|x| = ∞ makes −E log q infinite for every family whose log
            # density falls at least like −|x| (or whose support misses part of the real line).
            return sympy.oo
        return None


class HalfCauchy(ContinuousFamily):
    r"""HalfCauchy(scale): |X| for X ~ Cauchy(0, γ), density 2/(πγ(1 + (x/γ)²)) on [0, ∞)."""

    label = "HalfCauchy"
    latex_name = r"\operatorname{HalfCauchy}"
    params = (positive("scale", r"\gamma"),)
    variable = HALF_LINE

    scale = Arg()
    moment_group = "half-cauchy"

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.Infinity

    def density(self, x: sympy.Expr) -> sympy.Expr:
        (g,) = self.args
        return 2 / (pi * g * (1 + (x / g) ** 2))

    def log_terms(self) -> LogTerms:
        (g,) = self.args
        return [
            (log(2 / (pi * g)), Phi(PhiKind.ONE)),
            (sympy.S.NegativeOne, Phi(PhiKind.LOGQUAD, 0, g)),
        ]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        (g,) = self.args
        if phi.kind is PhiKind.LOGQUAD and phi.shift == 0:
            # log(1 + (x/c)²) is even: its mean is the Cauchy(0, γ) one, 2·log((γ + c)/c)
            # (log 4 at c = γ)
            c = phi.scale
            return log(4) if c == g else 2 * log((g + c) / c)
        return super().moment(phi)

    @property
    def mean(self) -> sympy.Expr:
        return sympy.oo

    @property
    def variance(self) -> sympy.Expr:
        return sympy.oo

    def entropy_form(self) -> sympy.Expr:
        return log(2 * pi * self.scale)


class StudentT(ContinuousFamily):
    r"""StudentT(df, loc, scale): density Γ((ν+1)/2)/(Γ(ν/2)√(νπ)σ)·(1 + z²/ν)^{−(ν+1)/2}."""

    label = "StudentT"
    latex_name = r"t"
    params = (
        positive("df", r"\nu", 0.5, 10.0),
        real("loc", r"\mu"),
        positive("scale", r"\sigma"),
    )
    variable = LINE

    df = Arg()
    loc = Arg()
    scale = Arg()
    moment_group = "student-t"

    def density(self, x: sympy.Expr) -> sympy.Expr:
        nu, mu, s = self.args
        z = (x - mu) / s
        norm = exp(lg((nu + 1) / 2) - lg(nu / 2)) / (sympy.sqrt(nu * pi) * s)
        return norm * (1 + z**2 / nu) ** (-(nu + 1) / 2)

    def log_terms(self) -> LogTerms:
        nu, mu, s = self.args
        norm = lg((nu + 1) / 2) - lg(nu / 2) - log(nu * pi) / 2 - log(s)
        quadratic = Phi(PhiKind.LOGQUAD, mu, s * sympy.sqrt(nu))  # z²/ν = ((x − μ)/(σ√ν))²
        return [(norm, Phi(PhiKind.ONE)), (-(nu + 1) / 2, quadratic)]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        nu, mu, s = self.args
        own = phi.kind is PhiKind.LOGQUAD and phi.shift == mu and phi.scale == s * sympy.sqrt(nu)
        if own:  # the log of its own kernel: ψ((ν + 1)/2) − ψ(ν/2); other centres have no form
            return psi((nu + 1) / 2) - psi(nu / 2)
        return super().moment(phi)

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

    def entropy_form(self) -> sympy.Expr:
        nu, _, s = self.args
        # (ν+1)/2·(ψ((ν+1)/2) − ψ(ν/2)) + log B(ν/2, ½) + ½ log ν + log σ, with the log Γ and ψ
        # terms as G(ν/2, −½) − G((ν+1)/2, 0) + ½ (G(z, c) = z + log Γ(z) + (c − z)ψ(z)): they
        # cancel to −½ log(ν/2) at large ν, which G's own series keeps exact when lambdified
        core = GammaCore(nu / 2, -sympy.S.Half) - GammaCore((nu + 1) / 2, 0) + sympy.S.Half
        return core + log(nu) / 2 + log(pi) / 2 + log(s)


class Weibull(UnivariateFamily):
    r"""Weibull(scale, concentration): density (k/λ)(x/λ)^{k−1} e^{−(x/λ)^k} on (0, ∞)."""

    label = "Weibull"
    latex_name = r"\operatorname{Weibull}"
    moment_route = "substitution"
    params = (positive("scale", r"\lambda"), positive("concentration", "k", 0.5, 5.0))
    variable = HALF_LINE

    scale = Arg()
    concentration = Arg()

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
        if phi.kind is PhiKind.ABS:  # E[(m − x)⁺] = m·P(x ≤ m) − λ·γ(1 + 1/k, (m/λ)^k)
            m = phi.shift
            mean = lam * sympy.gamma(1 + 1 / k)
            w = rpow(m / lam, k)
            below = m * (1 - exp(-w)) - lam * sympy.lowergamma(1 + 1 / k, w)
            if (m <= 0) is sympy.true:
                return mean - m
            result: sympy.Expr = sympy.Piecewise((mean - m, m <= 0), (mean - m + 2 * below, True))
            return result
        if phi.kind is PhiKind.POW:  # (x/c)^j: (λ/c)^j Γ(1 + j/k)
            j, c = phi.shift, phi.scale
            return rpow(lam / c, j) * sympy.gamma(1 + j / k)
        table = {
            PhiKind.LOG: log(lam) - sympy.EulerGamma / k,
            PhiKind.X: lam * sympy.gamma(1 + 1 / k),
            PhiKind.X2: lam**2 * sympy.gamma(1 + 2 / k),
        }
        return table.get(phi.kind, super().moment(phi))

    def entropy_form(self) -> sympy.Expr:
        lam, k = self.args
        return sympy.EulerGamma * (1 - 1 / k) + log(lam / k) + 1

    def substitution(self) -> tuple[Family, sympy.Expr]:
        """X = λ·W^{1/k} with W ~ Exponential(1)."""
        lam, k = self.args
        return Exponential(1), lam * Exponential.variable ** (1 / k)

    def natural(self) -> Natural:
        """For a fixed concentration k: η = −λ^{−k}, T = x^k, A = −log(−η)."""
        lam, k = self.args
        return Natural((-(lam ** (-k)),), lambda e: -log(-e[0]), (Phi(PhiKind.POW, k, 1),), (k,))


class Chi2(UnivariateFamily):
    r"""Chi2(df): the Gamma(df/2, 1/2) distribution, as torch's Chi2 subclasses Gamma."""

    label = "Chi2"
    latex_name = r"\chi^2"
    params = (positive("df", "k", 0.5, 10.0),)
    variable = HALF_LINE

    df = Arg()

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

    def entropy_form(self) -> sympy.Expr:
        # the Gamma(df/2, ½) entropy a + log 2 + log Γ(a) + (1 − a)ψ(a), a = df/2, as one node
        return GammaCore(self.args[0] / 2, 1) + log(2)

    def natural(self) -> Natural:
        """η = k/2 − 1, T = log x, A = log Γ(η + 1) + (η + 1)·log 2 (rate ½ fixed)."""
        k = self.args[0]
        return Natural(
            (k / 2 - 1,), lambda e: lg(e[0] + 1) + (e[0] + 1) * log(2), (Phi(PhiKind.LOG),)
        )


class Kumaraswamy(ContinuousFamily):
    r"""Kumaraswamy(concentration1 a, concentration0 b): ab·x^{a−1}(1 − x^a)^{b−1} on (0, 1)."""

    label = "Kumaraswamy"
    latex_name = r"\operatorname{Kumaraswamy}"
    params = (positive("concentration1", "a"), positive("concentration0", "b"))
    variable = HALF_LINE

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.One

    def density(self, x: sympy.Expr) -> sympy.Expr:
        a, b = self.args
        return a * b * x ** (a - 1) * (1 - x**a) ** (b - 1)

    def _raw_moment(self, power: int) -> sympy.Expr:
        a, b = self.args  # E[x^j] = b·B(1 + j/a, b)
        return b * sympy.beta(1 + sympy.Integer(power) / a, b)

    def entropy_form(self) -> sympy.Expr:
        a, b = self.args
        return (1 - 1 / b) + (1 - 1 / a) * harmonic_mean_log(b) - log(a * b)


class VonMises(ContinuousFamily):
    r"""VonMises(loc, concentration): density e^{κ cos(x − μ)}/(2π I₀(κ)) on the window [−π, π].

    As in torch, whose ``log_prob`` is the periodic κ·cos(x − loc) − log 2π − log I₀(κ) (support
    the real line, values read as angles mod 2π) and whose samples lie in [−π, π): every
    VonMises lives on the one window [−π, π], whatever its loc. The periodic cos(x − μ) makes the
    density right there for any real μ (its mass 1, its peak at μ mod 2π), and two VonMises share
    their support, so KL and cross-entropy between them are the circle's finite values.

    >>> VonMises(10, 2).bounds()
    (-pi, pi)
    """

    label = "VonMises"
    latex_name = r"\operatorname{VonMises}"
    # spot checks draw a concentration as any positive symbol (log-uniformly over 10^±4, and
    # 10⁴ itself): the peak of width 1/√κ is reached by a quadrature cut at the mode (peaks)
    params = (real("loc", r"\mu"), positive("concentration", r"\kappa", 1e-4, 1e4))
    variable = LINE

    loc = Arg()
    concentration = Arg()

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        # one window for every loc: a window [μ − π, μ + π) per distribution made KL between
        # two locations ∞ (each has mass where the other has none)
        return -pi, pi

    def density(self, x: sympy.Expr) -> sympy.Expr:
        mu, k = self.args
        return exp(k * sympy.cos(x - mu)) / (2 * pi * sympy.besseli(0, k))

    def peaks(self) -> list[sympy.Expr]:
        """The mode μ mod 2π in (−π, π]: quadratures cut there (the peak has width 1/√κ)."""
        mu = self.args[0]
        return [sympy.atan2(sympy.sin(mu), sympy.cos(mu))]

    @property
    def mean(self) -> sympy.Expr:
        """The circular mean loc, arg E[e^{ix}] (as torch), not E[x] on the window: E[x] is loc
        only for loc = 0 (for loc = π/2, κ → 0 it tends to 0)."""
        return self.args[0]

    @property
    def variance(self) -> sympy.Expr:
        """The circular variance 1 − |E[e^{ix}]| = 1 − I₁(κ)/I₀(κ) (as torch), not Var x."""
        k = self.args[1]
        return 1 - sympy.besseli(1, k) / sympy.besseli(0, k)

    def kl_form(self, other: Family) -> sympy.Expr | None:
        """KL between two VonMises on the circle: log(I₀(κ₂)/I₀(κ₁)) + A(κ₁)·(κ₁ − κ₂·cos(μ₁ − μ₂))
        with A = I₁/I₀ (E_p[cos(x − μ₂)] = A(κ₁)·cos(μ₁ − μ₂) over a full period)."""
        if not isinstance(other, VonMises):
            return None
        (m1, k1), (m2, k2) = self.args, other.args
        ratio = sympy.besseli(1, k1) / sympy.besseli(0, k1)
        return log(sympy.besseli(0, k2) / sympy.besseli(0, k1)) + ratio * (
            k1 - k2 * sympy.cos(m1 - m2)
        )

    def entropy_form(self) -> sympy.Expr:
        k = self.args[1]
        if not k.is_number:  # the same closed form as one node: lambdified, it does not overflow
            return VonMisesEntropy(k)
        i0, i1 = sympy.besseli(0, k), sympy.besseli(1, k)
        return -k * i1 / i0 + log(2 * pi * i0)


def harmonic_mean_log(b: sympy.Expr) -> sympy.Expr:
    """ψ(b + 1) + γ, the b-th harmonic number for real b."""
    return psi(b + 1) + sympy.EulerGamma
