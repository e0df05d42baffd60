"""KL between nearly equal parameters, and entropies at parameters up to 1e12, against mpmath.

A KL of two distributions whose parameters differ by a relative δ is ~δ², while its closed form
is a sum of terms ~δ or ~1: written out, a double-precision evaluation cancels (at δ = 1e-9 no
digit is left). Each point perturbs the first distribution's parameters by δ = 1e-9 or 1e-6
(one parameter, or all of them); the references are those of ``_precision_cases`` at 50 digits,
where the cancellation costs at most 2·18 of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
from _precision_cases import CASES, Case

M = mpmath.mpf

__all__ = ["LARGE", "NEAR_EQUAL"]

#: relative perturbations of the second distribution's parameters
DELTAS = (1e-9, 1e-6)

#: the KL cases, each from a moderate and (where the family allows it) a large base point
_BASES: dict[str, tuple[tuple[float, ...], ...]] = {
    "Bernoulli KL": ((0.3,), (1e-6,), (1 - 1e-6,)),
    "Geometric KL": ((0.3,), (1e-6,)),
    "Poisson KL": ((2.5,), (1e12,)),
    "Exponential KL": ((2.0,), (1e12,)),
    "Gamma KL": ((2.0, 3.0), (1e12, 1.0)),
    "Beta KL": ((2.0, 3.0), (1e10, 1e10)),
    "Normal KL": ((0.0, 1.0), (1.0, 2.0), (1e8, 1e12)),
    "Laplace KL": ((0.0, 1.0), (1.0, 2.0)),
    "Cauchy KL": ((0.0, 1.0), (1.0, 2.0)),
}


def _perturbed(base: tuple[float, ...], delta: float) -> list[tuple[float, ...]]:
    """base + base·(1 + δ) for all parameters and for each one alone (a 0 moves by δ)."""

    def move(v: float) -> float:
        return v + delta if v == 0 else v * (1 + delta)

    out = [base + tuple(move(v) for v in base)]
    if len(base) > 1:
        for i in range(len(base)):
            out.append(base + tuple(move(v) if j == i else v for j, v in enumerate(base)))
    return out


def _near_equal() -> tuple[Case, ...]:
    cases = []
    for case in CASES:
        bases = _BASES.get(case.name)
        if bases is None:
            continue
        points = tuple(p for b in bases for d in DELTAS for p in _perturbed(b, d))
        cases.append(Case(case.name + " near-equal", case.build, case.domains, case.ref, points))
    return tuple(cases)


NEAR_EQUAL: tuple[Case, ...] = _near_equal()

#: entropies and KLs at parameters up to 1e12 (the point sets of ``_precision_cases`` reach
#: 1e12 for most; these add the families that stopped short)
_LARGE_POINTS: dict[str, tuple[tuple[float, ...], ...]] = {
    "Poisson H": ((1e12,),),
    "NegativeBinomial H": ((1e12, 0.5), (1e8, 0.3), (1e12, 1e-6)),
    "Beta H": ((1e12, 1e12),),
    "Kumaraswamy H": ((1e12, 1e12),),
    "VonMises H": ((0.0, 1e12),),
    "Binomial H": ((100_000.0, 0.3), (10.0**12, 0.5)),
}


def _wide_sum(minus_log_pmf: Callable[[Any], Any], mean: Any, sd: Any) -> Any:
    """−Σ_k P(k) log P(k) for a pmf of width sd ≥ 50, by Poisson summation: the sum over the
    integers equals the integral of the smooth extension to ~e^{−2π²·sd²}, and the trapezoid
    rule of step sd/3 over mean ± 25 sd equals that integral to ~e^{−2π²·9} = 1e-77."""
    h, total, x = sd / 3, M(0), mean - 25 * sd
    while x <= mean + 25 * sd:
        m = minus_log_pmf(x)
        total += mpmath.exp(-m) * m
        x += h
    return total * h


def _poisson_large(lam: Any) -> Any:
    """½ log(2πeλ) − 1/(12λ) − 1/(24λ²) − 19/(360λ³): the next term is O(λ⁻⁴) (1e-48 at 1e12)."""
    return (
        mpmath.log(2 * mpmath.pi * mpmath.e * lam) / 2
        - 1 / (12 * lam) - 1 / (24 * lam**2) - 19 / (360 * lam**3)
    )  # fmt: skip


def _nb_large(r: Any, p: Any) -> Any:
    lg = mpmath.loggamma

    def minus_log_pmf(k: Any) -> Any:
        return -(lg(k + r) - lg(k + 1) - lg(r) + k * mpmath.log(p) + r * mpmath.log1p(-p))

    return _wide_sum(minus_log_pmf, r * p / (1 - p), mpmath.sqrt(r * p) / (1 - p))


def _binomial_large(n: Any, p: Any) -> Any:
    lg = mpmath.loggamma

    def minus_log_pmf(k: Any) -> Any:
        log_choose = lg(n + 1) - lg(k + 1) - lg(n - k + 1)
        return -(log_choose + k * mpmath.log(p) + (n - k) * mpmath.log1p(-p))

    return _wide_sum(minus_log_pmf, n * p, mpmath.sqrt(n * p * (1 - p)))


#: references for the count families at large parameters, where their defining sums are too long
_WIDE_REFS: dict[str, Callable[..., Any]] = {
    "Poisson H": _poisson_large,
    "NegativeBinomial H": _nb_large,
    "Binomial H": _binomial_large,
}


def _large() -> tuple[Case, ...]:
    by_name = {c.name: c for c in CASES}
    out = []
    for name, pts in _LARGE_POINTS.items():
        c = by_name[name]
        out.append(Case(name + " large", c.build, c.domains, _WIDE_REFS.get(name, c.ref), pts))
    return tuple(out)


LARGE: tuple[Case, ...] = _large()
