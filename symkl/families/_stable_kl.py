"""Same-family KLs of the moment route as the stable nodes of their textbook forms.

The moment formula −H(p) − Σ c_k·E_p[φ_k] writes KL(LogNormal ‖ LogNormal) as a sum of parts
~½ and ~log σ that cancel when the two distributions nearly agree (lambdified at σ₂ = σ₁(1 + 1e-9)
no digit is left); the same for HalfNormal, Chi2 (log Γ and ψ parts ~k·log k), HalfCauchy and
Pareto. Each of those KLs is a KL already written as a node that keeps its digits:

* LogNormal(μ, σ): the Normal KL of (μ, σ) (log is a bijection);
* HalfNormal(σ): the Normal scale KL;
* Chi2(k) = Gamma(k/2, ½);
* HalfCauchy(γ) = Cauchy(0, γ) (the integrand of E[log p/q] is even);
* Pareto(s, α), s₁ ≥ s₂: log(α₁/α₂) + α₂/α₁ − 1 + α₂·log(s₁/s₂) (∞ for s₁ < s₂), two parts ≥ 0;
* Gumbel and Weibull: the nodes of ``_shape_kl``; ContinuousBernoulli: a Bregman node;
* Dirichlet: Σ D(βᵢ, αᵢ) − D(β₀, α₀), grouped like the Beta KL (its entropy: GammaCore terms).

Each node prints and rewrites (for the proofs) as its textbook form.

>>> from symkl.families import HalfNormal
>>> s1, s2 = sympy.symbols("s1 s2", positive=True)
>>> stable_kl(HalfNormal(s1), HalfNormal(s2))
s1**2/(2*s2**2) + log(s2/s1) - 1/2
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from ._base import Family
from ._cb_kl import ContinuousBernoulliDivergence
from ._forms import infinite_unless, nested
from ._gamma_core import GammaCore
from ._gamma_kl import DirichletDivergence, GammaDivergence
from ._near_equal import (
    CauchyDivergence,
    ExponentialDivergence,
    LogRatio,
    NormalDivergence,
    NormalScaleDivergence,
)
from ._shape_kl import GumbelDivergence, WeibullDivergence

__all__ = ["stable_entropy", "stable_kl"]

_HALF = sympy.S.Half


def _pareto(p: Family, q: Family) -> sympy.Expr:
    (s1, a1), (s2, a2) = p.args, q.args
    return infinite_unless(nested(p, q), ExponentialDivergence(a1, a2) + a2 * LogRatio(s1, s2))


_FORMS: dict[str, Callable[[Family, Family], sympy.Expr]] = {
    "LogNormal": lambda p, q: NormalDivergence(*p.args, *q.args),
    "HalfNormal": lambda p, q: NormalScaleDivergence(p.args[0], q.args[0]),
    "Chi2": lambda p, q: GammaDivergence(p.args[0] / 2, _HALF, q.args[0] / 2, _HALF),
    "HalfCauchy": lambda p, q: CauchyDivergence(0, p.args[0], 0, q.args[0]),
    "Pareto": _pareto,
    "ContinuousBernoulli": lambda p, q: ContinuousBernoulliDivergence(p.args[0], q.args[0]),
    "Gumbel": lambda p, q: GumbelDivergence(*p.args, *q.args),
    "Weibull": lambda p, q: WeibullDivergence(*p.args, *q.args),
}


def _dirichlet(p: Family, q: Family) -> sympy.Expr:
    alpha, beta = p.concentration, q.concentration
    if all(a.is_number for a in [*alpha, *beta]):
        form = p.kl_form(q)  # numbers: the exact textbook form
        assert form is not None
        return form
    return DirichletDivergence(*alpha, *beta)


def stable_entropy(d: Family) -> sympy.Expr | None:
    """H(Dirichlet(α)) as Σ G(αᵢ, 1) − G(α₀, k) for G(z, c) = z + log Γ(z) + (c − z)ψ(z) (the
    written-out form cancels lambdified at α = 1e10), else None."""
    if d.label != "Dirichlet":
        return None
    alpha = d.concentration
    if all(a.is_number for a in alpha):
        return None
    singles = sympy.Add(*(GammaCore(a, 1) for a in alpha))
    total: sympy.Expr = singles - GammaCore(sympy.Add(*alpha), len(alpha))
    return total


def stable_kl(p: Family, q: Family) -> sympy.Expr | None:
    """KL(p ‖ q) as a stable node for the families above (one family on both sides), else None."""
    if type(p) is not type(q):
        return None
    if p.label == "Dirichlet":
        return _dirichlet(p, q)
    form = _FORMS.get(p.label)
    return None if form is None else form(p, q)
