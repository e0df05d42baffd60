"""The numbers behind the two figures, computed (never typed in) with NumPy and symkl itself.

>>> fits = gaussian_fits()
>>> fits.forward.mean, fits.forward.variance      # moment matching: mass-covering
(0.0, 4.25)

* Forward vs reverse KL: one Gaussian q fitted to p = ½N(−2, ½²) + ½N(2, ½²) by minimising
  KL(p‖q) and KL(q‖p) numerically (Gauss–Hermite quadrature, Nelder–Mead; no SciPy needed).
* Bernoulli: H(p), H(p, q) and KL(p‖q) for p = 0.3 built with symkl's own measures; the shared
  minimiser is solved for symbolically and the constant offset is proved, not eyeballed.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import sympy

from .._proof import Proof

__all__ = [
    "MIXTURE",
    "BernoulliCurves",
    "GaussianFit",
    "GaussianFits",
    "bernoulli_curves",
    "gaussian_fits",
    "mixture_pdf",
    "nelder_mead",
]

Array = npt.NDArray[np.float64]

#: The bimodal target: (weight, mean, standard deviation) of each component.
MIXTURE: tuple[tuple[float, float, float], ...] = ((0.5, -2.0, 0.5), (0.5, 2.0, 0.5))
#: The Bernoulli parameter of the true distribution in the second figure.
BERNOULLI_P = sympy.Rational(3, 10)
#: Shown digits: the optimiser is exact to ~1e-9, rounding keeps the reports byte-stable.
DIGITS = 4
_NODES, _WEIGHTS = np.polynomial.hermite.hermgauss(80)


def mixture_pdf(x: Array) -> Array:
    """The density of :data:`MIXTURE` at ``x``."""
    total = np.zeros_like(x, dtype=float)
    for weight, mean, sd in MIXTURE:
        total += weight * np.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * math.sqrt(2 * math.pi))
    return total


def _log_normal(x: Array, mean: float, sd: float) -> Array:
    return np.asarray(-0.5 * ((x - mean) / sd) ** 2 - math.log(sd * math.sqrt(2 * math.pi)))


def _expect_normal(f: Callable[[Array], Array], mean: float, sd: float) -> float:
    """E[f(X)] for X ~ N(mean, sd²) by 80-point Gauss–Hermite quadrature."""
    x = mean + math.sqrt(2.0) * sd * _NODES
    return float(np.dot(_WEIGHTS, f(x)) / math.sqrt(math.pi))


def _expect_mixture(f: Callable[[Array], Array]) -> float:
    return sum(w * _expect_normal(f, m, s) for w, m, s in MIXTURE)


def _log_mixture(x: Array) -> Array:
    # log-sum-exp: far in the tails the density underflows but its logarithm must not
    terms = np.stack([math.log(w) + _log_normal(x, m, s) for w, m, s in MIXTURE])
    top = terms.max(axis=0)
    return np.asarray(top + np.log(np.exp(terms - top).sum(axis=0)))


def forward_kl(mean: float, sd: float) -> float:
    """KL(p‖q) for q = N(mean, sd²) and p the mixture."""
    return _expect_mixture(lambda x: _log_mixture(x) - _log_normal(x, mean, sd))


def reverse_kl(mean: float, sd: float) -> float:
    """KL(q‖p) for q = N(mean, sd²) and p the mixture."""
    return _expect_normal(lambda x: _log_normal(x, mean, sd) - _log_mixture(x), mean, sd)


def nelder_mead(
    f: Callable[[Array], float], start: Array, step: float = 0.5, tol: float = 1e-12
) -> Array:
    """The minimiser of ``f`` near ``start`` (deterministic Nelder–Mead, standard coefficients)."""
    simplex = [np.asarray(start, dtype=float)]
    for i in range(len(start)):
        vertex = np.array(start, dtype=float)
        vertex[i] += step
        simplex.append(vertex)
    values = [f(v) for v in simplex]
    for _ in range(5000):
        order = np.argsort(values, kind="stable")
        simplex = [simplex[i] for i in order]
        values = [values[i] for i in order]
        if values[-1] - values[0] <= tol * (1 + abs(values[0])):
            break
        centroid = np.mean(simplex[:-1], axis=0)
        reflected = centroid + (centroid - simplex[-1])
        fr = f(reflected)
        if fr < values[0]:
            expanded = centroid + 2 * (centroid - simplex[-1])
            fe = f(expanded)
            simplex[-1], values[-1] = (expanded, fe) if fe < fr else (reflected, fr)
        elif fr < values[-2]:
            simplex[-1], values[-1] = reflected, fr
        else:
            contracted = centroid + 0.5 * (simplex[-1] - centroid)
            fc = f(contracted)
            if fc < values[-1]:
                simplex[-1], values[-1] = contracted, fc
            else:  # shrink towards the best vertex
                simplex = [simplex[0] + 0.5 * (v - simplex[0]) for v in simplex]
                values = [f(v) for v in simplex]
    return simplex[int(np.argmin(values))]


@dataclass(frozen=True)
class GaussianFit:
    """A fitted N(mean, sd²) and the divergence it reaches, rounded to :data:`DIGITS` places."""

    mean: float
    sd: float
    variance: float
    divergence: float


@dataclass(frozen=True)
class GaussianFits:
    """Forward (mass-covering) and reverse (mode-seeking) fits, and the mixture's moments."""

    forward: GaussianFit
    reverse: GaussianFit
    mixture_mean: float
    mixture_variance: float


def _fit(divergence: Callable[[float, float], float], start: tuple[float, float]) -> GaussianFit:
    # optimise over log sd so the standard deviation stays positive
    best = nelder_mead(lambda v: divergence(float(v[0]), math.exp(float(v[1]))), np.array(start))
    mean, sd = float(best[0]), math.exp(float(best[1]))
    return GaussianFit(
        mean=round(mean, DIGITS) + 0.0,  # + 0.0 turns a rounded -0.0 into 0.0
        sd=round(sd, DIGITS),
        variance=round(sd**2, DIGITS),
        divergence=round(divergence(mean, sd), DIGITS),
    )


@functools.lru_cache(maxsize=1)
def gaussian_fits() -> GaussianFits:
    """Both fits; the reverse one starts right of centre, so it settles on the right mode."""
    mean = sum(w * m for w, m, _ in MIXTURE)
    variance = sum(w * (s**2 + m**2) for w, m, s in MIXTURE) - mean**2
    return GaussianFits(
        forward=_fit(forward_kl, (0.5, 0.0)),
        reverse=_fit(reverse_kl, (1.0, 0.0)),
        mixture_mean=round(mean, DIGITS) + 0.0,
        mixture_variance=round(variance, DIGITS),
    )


@dataclass(frozen=True)
class BernoulliCurves:
    """H(p), H(p, q), KL(p‖q) of Bernoulli p against Bernoulli q, as SymPy expressions in q."""

    p: sympy.Rational
    q: sympy.Symbol
    entropy: sympy.Expr
    cross_entropy: sympy.Expr
    kl: sympy.Expr
    minimiser: sympy.Expr
    offset: Proof

    @property
    def entropy_value(self) -> float:
        return round(float(self.entropy), DIGITS)

    def arrays(self, q: Array) -> tuple[Array, Array, Array]:
        """H(p) (constant), H(p, q) and KL(p‖q) at the points ``q``."""
        ce = sympy.lambdify(self.q, self.cross_entropy, "numpy")(q)
        kl = sympy.lambdify(self.q, self.kl, "numpy")(q)
        return np.full_like(q, float(self.entropy)), np.asarray(ce), np.asarray(kl)


@functools.lru_cache(maxsize=1)
def bernoulli_curves(p: sympy.Rational = BERNOULLI_P) -> BernoulliCurves:
    """The measures of ``Discrete([p, 1 − p])`` against ``Discrete([q, 1 − q])``, closed forms."""
    from ..distributions import Discrete
    from ..measures import cross_entropy, entropy, kl_divergence
    from ..prover import prove

    q = sympy.Symbol("q", positive=True)
    P, Q = Discrete([p, 1 - p], name="p"), Discrete([q, 1 - q], name="q")
    h, ce, kl = entropy(P).doit(), cross_entropy(P, Q).doit(), kl_divergence(P, Q).doit()
    # the constant offset is proved by symkl's own (honest) prover, not assumed
    offset = prove(sympy.Eq(cross_entropy(P, Q), entropy(P) + kl_divergence(P, Q)))
    minimisers = [r for r in sympy.solve(sympy.diff(kl, q), q) if 0 < r < 1]
    if sympy.solve(sympy.diff(ce, q), q) != minimisers or len(minimisers) != 1:
        raise ArithmeticError(f"H(p, q) and KL(p‖q) do not share one minimiser: {minimisers}")
    return BernoulliCurves(p, q, h, ce, kl, minimisers[0], offset)
