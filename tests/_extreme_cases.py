"""The newer families' KLs and entropies at extreme parameters, with 50-digit mpmath references.

Each reference is the textbook closed form written here with mpmath (not read from symkl); the
points reach 1e-12 and 1e12 and include nearly equal parameters (a relative 1e-9), where a
written-out form cancels. ``bench/precision_sweep.py`` and ``test_families_extreme_kl`` use them.
"""

from __future__ import annotations

from typing import Any

import mpmath
from _precision_cases import Case, _bern_kl, _gamma_kl, _kl_of

from symkl import entropy
from symkl import families as fam

__all__ = ["EXTREME"]

M = mpmath.mpf
_EULER = mpmath.euler


def _pareto_kl(s1: Any, a1: Any, s2: Any, a2: Any) -> Any:
    return mpmath.log(a1 / a2) + a2 / a1 - 1 + a2 * mpmath.log(s1 / s2)


def _gumbel_kl(m1: Any, b1: Any, m2: Any, b2: Any) -> Any:
    return (
        mpmath.log(b2 / b1) + _EULER * (b1 / b2 - 1) + (m1 - m2) / b2
        + mpmath.exp((m2 - m1) / b2) * mpmath.gamma(b1 / b2 + 1) - 1
    )  # fmt: skip


def _weibull_kl(s1: Any, k1: Any, s2: Any, k2: Any) -> Any:
    """log(k₁/s₁^k₁) − log(k₂/s₂^k₂) + (k₁ − k₂)(log s₁ − γ/k₁) + (s₁/s₂)^k₂ Γ(1 + k₂/k₁) − 1."""
    return (
        mpmath.log(k1 / k2) + k2 * mpmath.log(s2 / s1) + (k1 - k2) * (-_EULER / k1)
        + (s1 / s2) ** k2 * mpmath.gamma(1 + k2 / k1) - 1
    )  # fmt: skip


def _normal_kl(m1: Any, s1: Any, m2: Any, s2: Any) -> Any:
    return mpmath.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - M(1) / 2


def _cb_parts(lam: Any) -> tuple[Any, Any]:
    """(log C(λ), E[x]) of ContinuousBernoulli(λ)."""
    if lam == M(1) / 2:
        return mpmath.log(2), M(1) / 2
    t = mpmath.atanh(1 - 2 * lam)
    return mpmath.log(2 * t / (1 - 2 * lam)), lam / (2 * lam - 1) + 1 / (2 * t)


def _cb_kl(l1: Any, l2: Any) -> Any:
    (c1, mean), (c2, _) = _cb_parts(l1), _cb_parts(l2)
    logs = mean * (mpmath.log(l1) - mpmath.log(l2))
    return c1 - c2 + logs + (1 - mean) * (mpmath.log1p(-l1) - mpmath.log1p(-l2))


def _dirichlet_h(*alpha: Any) -> Any:
    a0, psi = sum(alpha), mpmath.digamma
    log_b = sum(mpmath.loggamma(a) for a in alpha) - mpmath.loggamma(a0)
    return log_b + (a0 - len(alpha)) * psi(a0) - sum((a - 1) * psi(a) for a in alpha)


def _dirichlet_kl(*v: Any) -> Any:
    k = len(v) // 2
    alpha, beta = v[:k], v[k:]
    a0, b0, lg, psi = sum(alpha), sum(beta), mpmath.loggamma, mpmath.digamma
    out = lg(a0) - sum(map(lg, alpha)) - lg(b0) + sum(map(lg, beta))
    return out + sum((a - b) * (psi(a) - psi(a0)) for a, b in zip(alpha, beta, strict=True))


def _dirichlet3(*v: Any) -> Any:
    return entropy(fam.Dirichlet(list(v)))


def _dirichlet3_kl(*v: Any) -> Any:
    from symkl import kl_divergence

    return kl_divergence(fam.Dirichlet(list(v[:3])), fam.Dirichlet(list(v[3:])))


_NEAR = 1 + 1e-9

EXTREME: tuple[Case, ...] = (
    Case(
        "Pareto KL", _kl_of(fam.Pareto, 2), ("pos",) * 4, _pareto_kl,
        ((2.0, 3.0, 1.0, 2.0), (1e12, 1e8, 1e11, 2e8), (1.0, 1e-8, 1.0, 2e-8),
         (1.0, 3.0, 1.0, 3.0 * _NEAR), (1e12 * _NEAR, 5.0, 1e12, 5.0)),
    ),
    Case(
        "Gumbel KL", _kl_of(fam.Gumbel, 2), ("real", "pos") * 2, _gumbel_kl,
        ((0.0, 1.0, 1.0, 2.0), (1e8, 1e12, 0.0, 1e12), (0.0, 1e-12, 0.0, 2e-12),
         (0.0, 1.0, 0.0, _NEAR), (1e-9, 1.0, 0.0, 1.0)),
    ),
    Case(
        "Weibull KL", _kl_of(fam.Weibull, 2), ("pos",) * 4, _weibull_kl,
        ((1.0, 2.0, 2.0, 3.0), (1e12, 0.5, 2e12, 0.5), (1.0, 1e-8, 1.0, 2e-8),
         (1.0, 2.0, 1.0, 2.0 * _NEAR), (_NEAR, 2.0, 1.0, 2.0)),
    ),
    Case(
        "LogNormal KL", _kl_of(fam.LogNormal, 2), ("real", "pos") * 2, _normal_kl,
        ((0.0, 1.0, 1.0, 2.0), (1e8, 1e-12, 0.0, 1.0), (0.0, 1.0, 0.0, _NEAR)),
    ),
    Case(
        "HalfNormal KL", _kl_of(fam.HalfNormal, 1), ("pos",) * 2,
        lambda s1, s2: _normal_kl(0, s1, 0, s2),
        ((1.0, 2.0), (1e-12, 1e12), (1.0, _NEAR)),
    ),
    Case(
        "Chi2 KL", _kl_of(fam.Chi2, 1), ("pos",) * 2,
        lambda k1, k2: _gamma_kl(k1 / 2, M(1) / 2, k2 / 2, M(1) / 2),
        ((3.0, 5.0), (1e12, 2e12), (1e-8, 1.0), (1e8, 1e8 * _NEAR)),
    ),
    Case(
        "HalfCauchy KL", _kl_of(fam.HalfCauchy, 1), ("pos",) * 2,
        lambda s1, s2: mpmath.log((s1 + s2) ** 2 / (4 * s1 * s2)),
        ((1.0, 2.0), (1e-12, 1e12), (1.0, _NEAR)),
    ),
    Case(
        "ContinuousBernoulli KL", _kl_of(fam.ContinuousBernoulli, 1), ("unit",) * 2, _cb_kl,
        ((0.3, 0.7), (1e-8, 0.5), (0.5 + 1e-9, 0.5 - 1e-9), (0.3, 0.3 * _NEAR)),
    ),
    Case(
        "Binomial KL", lambda n, p, m, q: _kl_of(fam.Binomial, 2)(int(n), p, int(m), q),
        ("count", "unit", "count", "unit"), lambda n, p, m, q: n * _bern_kl(p, q),
        ((10.0, 0.3, 10.0, 0.7), (1e12, 1e-12, 1e12, 2e-12), (1e6, 0.3, 1e6, 0.3 * _NEAR)),
    ),
    Case(
        "Dirichlet H", _dirichlet3, ("pos",) * 3, _dirichlet_h,
        ((1.0, 2.0, 3.0), (1e10, 1e10, 1e10), (1e12, 1.0, 1e-8)),
    ),
    Case(
        "Dirichlet KL", _dirichlet3_kl, ("pos",) * 6, _dirichlet_kl,
        ((1.0, 2.0, 3.0, 2.0, 2.0, 2.0), (1e10, 1e10, 1e10, 2e10, 1e10, 1e10),
         (1e10, 1e10, 1e10, 1e10 * _NEAR, 1e10 * _NEAR, 1e10 * _NEAR),
         (50.0, 1e6, 3.0, 50.0 * _NEAR, 1e6 * _NEAR, 3.0 * _NEAR)),
    ),
)  # fmt: skip
