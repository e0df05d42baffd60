"""Independent 50-digit mpmath values of every family's entropy and same-family KL, and the points.

Each reference is the textbook closed form (or the defining sum) written here with mpmath, not read
from symkl: log Γ, ψ, log1p and Bessel functions at 50 digits, so cancellation costs nothing. The
points run over each family's range: tiny (1e-12, 1e-8), moderate and huge (1e8, 1e12) parameters,
probabilities at 1e-12 and 1 − 1e-12, and float 0.0 / 1.0 where the family allows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy

import symkl
from symkl import families as fam
from symkl.numeric import array_function

mp = mpmath.mp
M = mpmath.mpf
H, KL = symkl.entropy, symkl.kl_divergence
DPS = 50


@dataclass(frozen=True)
class Case:
    """One family's entropy or KL: how to build it, its reference and where to evaluate it."""

    name: str  # "Gamma H", "Bernoulli KL"
    build: Callable[..., sympy.Expr]  # the measure, from the parameter values (flat)
    domains: tuple[str, ...]  # "pos", "real" or "unit" per flat parameter (for the symbols)
    ref: Callable[..., Any]  # the mpmath reference, from mpf parameters
    points: tuple[tuple[float, ...], ...]
    slow_points: tuple[tuple[float, ...], ...] = ()


def _entropy_of(family: type) -> Callable[..., sympy.Expr]:
    return lambda *v: H(family(*v))


def _kl_of(family: type, n: int) -> Callable[..., sympy.Expr]:
    return lambda *v: KL(family(*v[:n]), family(*v[n:]))


def _xlogx(x: Any) -> Any:
    return M(0) if x == 0 else x * mpmath.log(x)


def _bern_h(p: Any) -> Any:
    return -_xlogx(p) - (M(0) if p == 1 else (1 - p) * mpmath.log1p(-p))


def _bern_kl(a: Any, b: Any) -> Any:
    first = M(0) if a == 0 else a * mpmath.log(a / b)
    return first + (0 if a == 1 else (1 - a) * (mpmath.log1p(-a) - mpmath.log1p(-b)))


def _geom_kl(a: Any, b: Any) -> Any:
    tail = 0 if a == 1 else (1 - a) / a * (mpmath.log1p(-a) - mpmath.log1p(-b))
    return mpmath.log(a / b) + tail


def _log_beta(a: Any, b: Any) -> Any:
    return mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)


def _gamma_h(a: Any, b: Any) -> Any:
    return a - mpmath.log(b) + mpmath.loggamma(a) + (1 - a) * mpmath.digamma(a)


def _gamma_kl(a1: Any, b1: Any, a2: Any, b2: Any) -> Any:
    return (
        (a1 - a2) * mpmath.digamma(a1) - mpmath.loggamma(a1) + mpmath.loggamma(a2)
        + a2 * (mpmath.log(b1) - mpmath.log(b2)) + a1 * (b2 - b1) / b1
    )  # fmt: skip


def _beta_h(a: Any, b: Any) -> Any:
    psi = mpmath.digamma
    return _log_beta(a, b) - (a - 1) * psi(a) - (b - 1) * psi(b) + (a + b - 2) * psi(a + b)


def _beta_kl(a1: Any, b1: Any, a2: Any, b2: Any) -> Any:
    psi = mpmath.digamma
    return (
        _log_beta(a2, b2) - _log_beta(a1, b1) + (a1 - a2) * psi(a1) + (b1 - b2) * psi(b1)
        + (a2 - a1 + b2 - b1) * psi(a1 + b1)
    )  # fmt: skip


def _student_h(nu: Any, loc: Any, s: Any) -> Any:
    half = (nu + 1) / 2
    return (
        half * (mpmath.digamma(half) - mpmath.digamma(nu / 2))
        + mpmath.log(mpmath.sqrt(nu)) + _log_beta(nu / 2, M(1) / 2) + mpmath.log(s)
    )  # fmt: skip


def _von_mises_h(loc: Any, k: Any) -> Any:
    i0, i1 = mpmath.besseli(0, k), mpmath.besseli(1, k)
    return -k * i1 / i0 + mpmath.log(2 * mpmath.pi * i0)


def _cb_h(lam: Any) -> Any:
    """H(ContinuousBernoulli(λ)) = −log C − E[x]·log λ − (1 − E[x])·log(1 − λ), by definition."""
    if lam == M(1) / 2:
        return M(0)
    t = mpmath.atanh(1 - 2 * lam)
    c = 2 * t / (1 - 2 * lam)
    mean = lam / (2 * lam - 1) + 1 / (2 * t)
    return -mpmath.log(c) - mean * mpmath.log(lam) - (1 - mean) * mpmath.log1p(-lam)


def _poisson_h(lam: Any) -> Any:
    """−Σ p_k log p_k summed over the mode ± 30 standard deviations (plus a margin)."""
    width = 30 * mpmath.sqrt(lam) + 80
    total = M(0)
    for k in range(max(0, int(lam - width)), int(lam + width) + 1):
        minus_log_p = lam - k * mpmath.log(lam) + mpmath.loggamma(k + 1)
        total += mpmath.exp(-minus_log_p) * minus_log_p
    return total


_TINY = M(10) ** -60


def _count_sum(minus_log_pmf: Callable[[int], Any], tol: Any = _TINY) -> Any:
    """−Σ p_k log p_k over k = 0, 1, … until the terms (past the mode) fall below ``tol``."""
    total, k, last = M(0), 0, M(0)
    while True:
        m = minus_log_pmf(k)
        term = mpmath.exp(-m) * m
        total += term
        if k > 10 and term < tol * abs(total) and term <= last:
            return total
        last, k = term, k + 1


def _nb_h(r: Any, p: Any) -> Any:
    def minus_log_pmf(k: int) -> Any:
        log_choose = mpmath.loggamma(k + r) - mpmath.loggamma(k + 1) - mpmath.loggamma(r)
        return -(log_choose + k * mpmath.log(p) + r * mpmath.log1p(-p))

    return _count_sum(minus_log_pmf)


def _binomial_h(n: Any, p: Any) -> Any:
    total = M(0)
    for k in range(int(n) + 1):
        log_pmf = (
            mpmath.loggamma(n + 1) - mpmath.loggamma(k + 1) - mpmath.loggamma(n - k + 1)
            + (_xlogx_log(k, p)) + (_xlogx_log(n - k, 1 - p))
        )  # fmt: skip
        total -= mpmath.exp(log_pmf) * log_pmf
    return total


def _xlogx_log(k: Any, p: Any) -> Any:
    return M(0) if k == 0 else k * mpmath.log(p)


def _lrel(l1: Any, l2: Any) -> Any:
    return mpmath.log(l1) - mpmath.log(l2)


_GAMMA_E = mpmath.euler

CASES: tuple[Case, ...] = (
    Case(
        "Bernoulli H", _entropy_of(fam.Bernoulli), ("unit",), _bern_h,
        ((1e-12,), (1e-8,), (0.3,), (0.5,), (1 - 1e-8,), (1 - 1e-12,), (0.0,), (1.0,)),
    ),
    Case(
        "Bernoulli KL", _kl_of(fam.Bernoulli, 1), ("unit", "unit"), _bern_kl,
        ((1e-12, 2e-12), (0.3, 0.7), (1e-8, 0.5), (0.5, 1e-12), (1 - 1e-12, 0.5), (0.0, 0.5),
         (1.0, 0.25), (0.999, 1 - 1e-12)),
    ),
    Case(
        "Geometric H", _entropy_of(fam.Geometric), ("unit",), lambda p: _bern_h(p) / p,
        ((1e-12,), (1e-8,), (0.3,), (1 - 1e-12,), (1.0,)),
    ),
    Case(
        "Geometric KL", _kl_of(fam.Geometric, 1), ("unit", "unit"), _geom_kl,
        ((1e-12, 2e-12), (0.3, 0.7), (0.5, 1e-12), (1 - 1e-12, 0.5), (1.0, 0.5)),
    ),
    Case(
        "Poisson H", _entropy_of(fam.Poisson), ("pos",), _poisson_h,
        ((1e-12,), (1e-8,), (2.5,), (1e4,)), ((1e6,),),
    ),
    Case(
        "Poisson KL", _kl_of(fam.Poisson, 1), ("pos", "pos"),
        lambda a, b: a * _lrel(a, b) + b - a,
        ((1e-12, 2e-12), (2.5, 4.0), (1e12, 3e12), (1e8, 1.5e8)),
    ),
    Case(
        "NegativeBinomial H", _entropy_of(fam.NegativeBinomial), ("pos", "unit"), _nb_h,
        ((2.0, 0.3), (0.5, 0.9), (1e-3, 0.5), (30.0, 1e-8), (0.1, 0.99)),
        ((0.5, 0.999), (1e3, 0.5)),
    ),
    Case(
        "Exponential H", _entropy_of(fam.Exponential), ("pos",), lambda r: 1 - mpmath.log(r),
        ((1e-12,), (1e-8,), (2.5,), (1e8,), (1e12,), (1e300,)),
    ),
    Case(
        "Exponential KL", _kl_of(fam.Exponential, 1), ("pos", "pos"),
        lambda a, b: _lrel(a, b) + b / a - 1,
        ((1e-12, 3e-12), (2.0, 5.0), (1e12, 3.0), (3.0, 1e12)),
    ),
    Case(
        "Gamma H", _entropy_of(fam.Gamma), ("pos", "pos"), _gamma_h,
        ((1e-12, 1.0), (1e-8, 2.0), (2.5, 3.0), (1e8, 1.0), (1e12, 3.5), (1e3, 1e-12)),
    ),
    Case(
        "Gamma KL", _kl_of(fam.Gamma, 2), ("pos",) * 4, _gamma_kl,
        ((2.0, 3.0, 4.0, 5.0), (1e8, 1.0, 2e8, 1.0), (1e12, 1.0, 2e12, 3.0),
         (1e-8, 1.0, 1e-8, 2.0), (0.5, 1e-12, 3.0, 1.0), (1e12, 1.0, 1e12 + 1, 1.0),
         (2.0, 1.0, 2.000001, 1.0)),
    ),
    Case(
        "Chi2 H", _entropy_of(fam.Chi2), ("pos",), lambda k: _gamma_h(k / 2, M(1) / 2),
        ((1e-8,), (3.0,), (1e8,), (1e12,)),
    ),
    Case(
        "Beta H", _entropy_of(fam.Beta), ("pos", "pos"), _beta_h,
        ((1e-8, 1e-8), (2.0, 3.0), (0.5, 1e8), (1e10, 1e10), (1e12, 3e12)),
    ),
    Case(
        "Beta KL", _kl_of(fam.Beta, 2), ("pos",) * 4, _beta_kl,
        ((2.0, 3.0, 4.0, 5.0), (1e10, 1e10, 2e10, 1e10), (1e-8, 1.0, 2e-8, 1.0),
         (1e10, 1e10, 1e10 + 1, 1e10)),
    ),
    Case(
        "Normal H", _entropy_of(fam.Normal), ("real", "pos"),
        lambda m, s: mpmath.log(s) + mpmath.log(2 * mpmath.pi * mpmath.e) / 2,
        ((0.0, 1e-300), (0.0, 1e-12), (1.0, 1.0), (0.0, 1e12)),
    ),
    Case(
        "Normal KL", _kl_of(fam.Normal, 2), ("real", "pos") * 2,
        lambda m1, s1, m2, s2: _lrel(s2, s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - M(1) / 2,
        ((0.0, 1.0, 1.0, 2.0), (0.0, 1e-12, 0.0, 1.0), (1e8, 2.0, 0.0, 3e8), (0.0, 1e12, 1.0, 1.0)),
    ),
    Case(
        "LogNormal H", _entropy_of(fam.LogNormal), ("real", "pos"),
        lambda m, s: m + mpmath.log(s) + mpmath.log(2 * mpmath.pi * mpmath.e) / 2,
        ((0.0, 1e-12), (1.0, 2.0), (1e8, 1e12)),
    ),
    Case(
        "HalfNormal H", _entropy_of(fam.HalfNormal), ("pos",),
        lambda s: mpmath.log(s) + mpmath.log(mpmath.pi / 2) / 2 + M(1) / 2,
        ((1e-12,), (2.0,), (1e12,)),
    ),
    Case(
        "Laplace H", _entropy_of(fam.Laplace), ("real", "pos"), lambda m, b: 1 + mpmath.log(2 * b),
        ((0.0, 1e-12), (1.0, 2.0), (0.0, 1e12)),
    ),
    Case(
        "Laplace KL", _kl_of(fam.Laplace, 2), ("real", "pos") * 2,
        lambda m1, b1, m2, b2: (
            _lrel(b2, b1) + abs(m1 - m2) / b2 + b1 / b2 * mpmath.exp(-abs(m1 - m2) / b1) - 1
        ),
        ((0.0, 1.0, 1.0, 2.0), (0.0, 1e-12, 1e-12, 1.0), (1e8, 1.0, 0.0, 1e12)),
    ),
    Case(
        "Cauchy H", _entropy_of(fam.Cauchy), ("real", "pos"),
        lambda m, s: mpmath.log(4 * mpmath.pi * s), ((0.0, 1e-12), (1.0, 2.0), (0.0, 1e12)),
    ),
    Case(
        "Cauchy KL", _kl_of(fam.Cauchy, 2), ("real", "pos") * 2,
        lambda m1, s1, m2, s2: mpmath.log(((s1 + s2) ** 2 + (m1 - m2) ** 2) / (4 * s1 * s2)),
        ((0.0, 1.0, 1.0, 2.0), (0.0, 1e-12, 0.0, 1.0), (1e8, 1e12, 0.0, 1.0)),
    ),
    Case(
        "HalfCauchy H", _entropy_of(fam.HalfCauchy), ("pos",),
        lambda s: mpmath.log(2 * mpmath.pi * s), ((1e-12,), (2.0,), (1e12,)),
    ),
    Case(
        "Gumbel H", _entropy_of(fam.Gumbel), ("real", "pos"),
        lambda m, s: mpmath.log(s) + _GAMMA_E + 1, ((0.0, 1e-12), (1.0, 2.0), (0.0, 1e12)),
    ),
    Case(
        "Pareto H", _entropy_of(fam.Pareto), ("pos", "pos"),
        lambda s, a: mpmath.log(s / a) + 1 + 1 / a,
        ((1.0, 1e-8), (2.0, 3.0), (1e12, 1e12), (1e-12, 1e8)),
    ),
    Case(
        "Weibull H", _entropy_of(fam.Weibull), ("pos", "pos"),
        lambda s, k: _GAMMA_E * (1 - 1 / k) + mpmath.log(s / k) + 1,
        ((1.0, 1e-8), (2.0, 3.0), (1.0, 1e8), (1e12, 0.5)),
    ),
    Case(
        "Kumaraswamy H", _entropy_of(fam.Kumaraswamy), ("pos", "pos"),
        lambda a, b: (
            (1 - 1 / b) + (1 - 1 / a) * (mpmath.digamma(b + 1) + _GAMMA_E) - mpmath.log(a * b)
        ),
        ((2.0, 3.0), (1e-8, 2.0), (0.5, 1e8), (1e8, 1e8)),
    ),
    Case(
        "StudentT H", _entropy_of(fam.StudentT), ("pos", "real", "pos"), _student_h,
        ((1e-8, 0.0, 1.0), (3.0, 0.0, 2.0), (1e8, 0.0, 1.0), (1e12, 0.0, 1.0)),
    ),
    Case(
        "Uniform H", _entropy_of(fam.Uniform), ("real", "real"), lambda a, b: mpmath.log(b - a),
        ((0.0, 1e-12), (-1e12, 1e12), (1.0, 1.5)),
    ),
    Case(
        "VonMises H", _entropy_of(fam.VonMises), ("real", "pos"), _von_mises_h,
        ((0.0, 1e-8), (0.0, 2.0), (0.0, 600.0), (0.0, 1e4), (0.0, 1e8)),
    ),
    Case(
        "ContinuousBernoulli H", _entropy_of(fam.ContinuousBernoulli), ("unit",), _cb_h,
        ((1e-8,), (0.3,), (0.5 + 1e-9,), (0.5 - 1e-8,), (0.5 + 1e-4,), (0.51,), (1 - 1e-8,),
         (1 - 1e-12,)),
    ),
    Case(
        "Binomial H", lambda n, p: H(fam.Binomial(int(n), p)), ("count", "unit"), _binomial_h,
        ((10.0, 0.3), (100.0, 1e-12), (1000.0, 0.5)),
    ),
)  # fmt: skip


def reference(case: Case, point: tuple[float, ...]) -> Any:
    """The 50-digit reference value at ``point`` (each float taken exactly)."""
    with mpmath.workdps(DPS):
        return case.ref(*(M(v) for v in point))


def symbols_for(case: Case) -> tuple[sympy.Symbol, ...]:
    """One symbol per parameter, with the domain's assumptions (probabilities: positive)."""
    kinds = {
        "pos": {"positive": True},
        "unit": {"positive": True},
        "real": {"real": True},
        "count": {"integer": True, "nonnegative": True},
    }
    return tuple(sympy.Symbol(f"t{i}", **kinds[d]) for i, d in enumerate(case.domains))


def relative_error(value: float, expected: Any) -> float:
    """|value − expected| / |expected|, or the absolute error where the expected value is 0."""
    if mpmath.isinf(expected) or value in (float("inf"), float("-inf")):
        return 0.0 if value == expected else float("inf")
    err = abs(M(value) - expected)
    return float(err / abs(expected)) if expected != 0 else float(err)


def case_id(case: Case, point: tuple[float, ...]) -> str:
    """The pytest id of a case at a point: its name and the point to 12 digits."""
    return f"{case.name.replace(' ', '-')}({', '.join(f'{v:.12g}' for v in point)})"


def case_parameters(case: Case, point: tuple[float, ...]) -> list[sympy.Expr]:
    """The point as exact SymPy parameters (integers for counts, Floats otherwise)."""
    return [
        sympy.Integer(int(v)) if d == "count" else sympy.Float(v)
        for v, d in zip(point, case.domains, strict=True)
    ]


_COMPILED: dict[str, tuple[Any, Any]] = {}


def compiled_forms(case: Case) -> tuple[Any, Any]:
    """The case's closed form compiled twice, once per module test (symkl's array_function and
    SymPy's own lambdify), cached by case name."""
    if case.name not in _COMPILED:
        symbols = symbols_for(case)
        form = case.build(*symbols).doit()
        _COMPILED[case.name] = (
            array_function(symbols, form),
            sympy.lambdify(symbols, form, modules=["scipy", "numpy"]),
        )
    return _COMPILED[case.name]
