"""The families added for torch parity: validation, moments and entropies against scipy."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import mpmath
import pytest
import sympy
from sympy import N, Symbol

import symkl
from symkl.errors import InvalidParameterError
from symkl.families import (
    Binomial,
    Cauchy,
    Chi2,
    ContinuousBernoulli,
    Gumbel,
    HalfCauchy,
    HalfNormal,
    Independent,
    Kumaraswamy,
    LogNormal,
    LowRankMultivariateNormal,
    Normal,
    Pareto,
    StudentT,
    VonMises,
    Weibull,
)

stats = pytest.importorskip("scipy.stats")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: HalfNormal(-1), "HalfNormal scale must be positive, got -1"),
        (lambda: LogNormal(0, 0), "LogNormal scale must be positive, got 0"),
        (lambda: Gumbel(float("nan"), 1), "Gumbel loc must be finite, got nan"),
        (lambda: Pareto(1, -2), "Pareto alpha must be positive, got -2"),
        (lambda: ContinuousBernoulli(1.5), "ContinuousBernoulli probs must be in [0, 1], got 1.5"),
        (lambda: ContinuousBernoulli(0.0), "ContinuousBernoulli probs must be in (0, 1), got 0.0"),
        (lambda: Cauchy(0, -1), "Cauchy scale must be positive, got -1"),
        (lambda: HalfCauchy(0), "HalfCauchy scale must be positive, got 0"),
        (lambda: StudentT(-1, 0, 1), "StudentT df must be positive, got -1"),
        (lambda: Weibull(1, 0), "Weibull concentration must be positive, got 0"),
        (lambda: Chi2(-3), "Chi2 df must be positive, got -3"),
        (lambda: Kumaraswamy(1, -1), "Kumaraswamy concentration0 must be positive, got -1"),
        (lambda: VonMises(0, -1), "VonMises concentration must be positive, got -1"),
        (
            lambda: Binomial(2.5, 0.3),
            "Binomial total_count must be a non-negative integer, got 2.5 "
            "(declare a symbol integer and nonnegative)",
        ),
        (lambda: Binomial(10, 1.2), "Binomial probs must be in [0, 1], got 1.2"),
        (
            lambda: LowRankMultivariateNormal([0, 0], [[1], [1]], [1]),
            "LowRankMultivariateNormal needs loc, cov_factor rows and cov_diag of one length, "
            "got 2, 2 and 1",
        ),
        (
            lambda: LowRankMultivariateNormal([0], [[1]], [-1]),
            "LowRankMultivariateNormal cov_diag must be positive, got -1",
        ),
        (
            lambda: Independent([]),
            "Independent components must be a non-empty list of families, got []",
        ),
        (
            lambda: Independent([Normal(0, 1), Binomial(3, 0.5)]),
            "Independent components must all be discrete or all continuous, "
            "got [Normal(0, 1), Binomial(3, 0.5)]",
        ),
    ],
)
def test_invalid_parameters_name_the_value(build: Callable[[], Any], message: str) -> None:
    """Every new family rejects a parameter outside its domain with a message naming it."""
    with pytest.raises(InvalidParameterError) as info:
        build()
    assert str(info.value) == message


def _scipy(name: str, *v: float) -> Any:
    table: dict[str, Callable[..., Any]] = {
        "HalfNormal": lambda s: stats.halfnorm(scale=s),
        "LogNormal": lambda m, s: stats.lognorm(s, scale=math.exp(m)),
        "Gumbel": lambda m, s: stats.gumbel_r(m, s),
        "Pareto": lambda s, a: stats.pareto(a, scale=s),
        "Cauchy": lambda m, s: stats.cauchy(m, s),
        "HalfCauchy": lambda s: stats.halfcauchy(scale=s),
        "StudentT": lambda nu, m, s: stats.t(nu, m, s),
        "Weibull": lambda lam, k: stats.weibull_min(k, scale=lam),
        "Chi2": lambda k: stats.chi2(k),
        "VonMises": lambda m, k: stats.vonmises(k, loc=m),
        "Binomial": lambda n, p: stats.binom(int(n), p),
    }
    return table[name](*v)


BUILD: dict[str, Callable[..., Any]] = {
    "HalfNormal": HalfNormal, "LogNormal": LogNormal, "Gumbel": Gumbel, "Pareto": Pareto,
    "Cauchy": Cauchy, "HalfCauchy": HalfCauchy, "StudentT": StudentT, "Weibull": Weibull,
    "Chi2": Chi2, "VonMises": VonMises, "Binomial": lambda n, p: Binomial(int(n), p),
}  # fmt: skip

CASES: list[tuple[str, tuple[float, ...]]] = [
    ("HalfNormal", (0.7,)), ("HalfNormal", (1e-6,)), ("HalfNormal", (3e5,)),
    ("LogNormal", (0.3, 0.8)), ("LogNormal", (-40.0, 1e-3)), ("LogNormal", (5.0, 20.0)),
    ("Gumbel", (1.0, 2.0)), ("Gumbel", (-1e3, 1e-5)),
    ("Pareto", (1.5, 2.5)), ("Pareto", (1e-4, 0.3)), ("Pareto", (1e4, 50.0)),
    ("Cauchy", (0.5, 1e-8)), ("HalfCauchy", (7e6,)),
    ("StudentT", (3.5, 0.0, 2.0)), ("StudentT", (0.2, 1.0, 1.0)), ("StudentT", (1e6, 0.0, 1.0)),
    ("Weibull", (2.0, 0.7)), ("Weibull", (1e-3, 30.0)),
    ("Chi2", (3.0,)), ("Chi2", (1e5,)), ("Chi2", (0.05,)),
    ("VonMises", (0.3, 2.5)), ("VonMises", (0.0, 1e-3)), ("VonMises", (0.0, 300.0)),
    ("Binomial", (20.0, 0.3)), ("Binomial", (5.0, 1e-9)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "values"), CASES, ids=lambda v: str(v))
def test_entropy_matches_scipy_at_ordinary_and_extreme_parameters(
    name: str, values: tuple[float, ...]
) -> None:
    """Closed-form entropy = scipy's (≤ 1e-9 relative, absolute near 0)."""
    ours = float(N(symkl.entropy(BUILD[name](*values)).doit()))
    theirs = float(_scipy(name, *values).entropy())
    assert abs(ours - theirs) <= 1e-9 * max(1.0, abs(theirs)), (ours, theirs)


@pytest.mark.parametrize(
    ("dist", "scipy_dist"),
    [
        (HalfNormal(0.7), stats.halfnorm(scale=0.7)),
        (LogNormal(0.3, 0.8), stats.lognorm(0.8, scale=math.exp(0.3))),
        (Gumbel(1.0, 2.0), stats.gumbel_r(1.0, 2.0)),
        (Pareto(1.5, 2.5), stats.pareto(2.5, scale=1.5)),
        (StudentT(3.5, 0.0, 2.0), stats.t(3.5, 0.0, 2.0)),
        (Weibull(2.0, 0.7), stats.weibull_min(0.7, scale=2.0)),
        (Chi2(3.0), stats.chi2(3.0)),
        (Binomial(20, 0.3), stats.binom(20, 0.3)),
    ],
)
def test_mean_and_variance_match_scipy(dist: Any, scipy_dist: Any) -> None:
    """mean and variance from the moment tables = scipy's."""
    assert abs(float(N(dist.mean)) - scipy_dist.mean()) <= 1e-10 * max(1, abs(scipy_dist.mean()))
    assert abs(float(N(dist.variance)) - scipy_dist.var()) <= 1e-10 * max(1, scipy_dist.var())


def test_heavy_tails_have_infinite_or_undefined_moments() -> None:
    """Cauchy's mean is undefined, Pareto(α ≤ 2) has infinite variance, StudentT(ν = 1.5) too."""
    assert Cauchy(0, 1).mean is sympy.nan
    assert HalfCauchy(1).variance is sympy.oo
    assert Pareto(1, 1.5).variance is sympy.oo
    assert Pareto(1, 0.5).mean is sympy.oo
    assert StudentT(1.5, 0, 1).variance is sympy.oo


@pytest.mark.parametrize(
    "dist",
    [HalfNormal(0.7), LogNormal(0.3, 0.8), Gumbel(1, 2), Pareto(1.5, 2.5), Cauchy(0, 2),
     HalfCauchy(1.5), StudentT(3, 1, 2), Weibull(2, 0.7), Chi2(3), Kumaraswamy(2, 3),
     VonMises(0.5, 2), ContinuousBernoulli(sympy.Rational(3, 10))],
    ids=str,
)  # fmt: skip
def test_density_integrates_to_one(dist: Any) -> None:
    """Each density integrates to 1 over its support (adaptive quadrature, scipy)."""
    integrate = pytest.importorskip("scipy.integrate")
    x = Symbol("t", real=True)
    f = sympy.lambdify(x, dist.density(x), modules=["scipy", "numpy"])
    lo, hi = (float(N(b)) if b.is_finite else float(b) for b in dist.bounds())
    total = 0.0
    cuts = [lo, *(c for c in (-100.0, 0.0, 100.0) if lo < c < hi), hi]
    for a, b in itertools.pairwise(cuts):
        total += integrate.quad(f, a, b, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
    assert abs(total - 1) < 1e-9


def test_continuous_bernoulli_at_one_half_is_uniform() -> None:
    """ContinuousBernoulli(½) has entropy 0 and mean ½, like Uniform(0, 1)."""
    d = ContinuousBernoulli(sympy.S.Half)
    assert sympy.simplify(symkl.entropy(d).doit()) == 0
    assert d.mean == sympy.S.Half


def test_continuous_bernoulli_near_one_half_is_precise() -> None:
    """Float parameters near ½ (where the formulas cancel) agree with 50-digit mpmath."""
    lam = 0.5 + 1e-9
    ours = float(N(symkl.entropy(ContinuousBernoulli(lam)).doit()))
    with mpmath.workdps(50):
        p = mpmath.mpf(lam)
        log_c = mpmath.log((mpmath.log(1 - p) - mpmath.log(p)) / (1 - 2 * p))
        mean = p / (2 * p - 1) + 1 / (mpmath.log(1 - p) - mpmath.log(p))
        expected = -(log_c + mpmath.log(1 - p) + mean * (mpmath.log(p) - mpmath.log(1 - p)))
    assert (
        abs(ours - float(expected)) <= 1e-12 * max(1e-30, abs(float(expected)))
        or abs(ours - float(expected)) < 1e-25
    )


def test_independent_entropy_is_the_sum_of_its_components() -> None:
    """H(Independent([N(0, 1), Gumbel(0, 2)])) = H(N(0, 1)) + H(Gumbel(0, 2))."""
    parts = [Normal(0, 1), Gumbel(0, 2)]
    total = symkl.entropy(Independent(parts)).doit()
    expected = sum(symkl.entropy(p).doit() for p in parts)
    assert sympy.simplify(total - expected) == 0


def test_new_families_print_with_torch_names() -> None:
    """str() uses torch's class and parameter order."""
    assert str(Pareto(1, 3)) == "Pareto(1, 3)"
    assert str(Binomial(10, sympy.Rational(1, 2))) == "Binomial(10, 1/2)"
    assert str(Independent([Normal(0, 1)])) == "Independent([Normal(0, 1)])"
    assert Pareto(2, 3).alpha == 3
    assert Weibull(2, 3).concentration == 3
    assert Binomial(10, 0.5).total_count == 10


def test_pairs_without_a_tabulated_moment_stay_unevaluated() -> None:
    """KL(Weibull ‖ Gumbel) needs E[e^{−x}] under a Weibull: kept as a KL, not sympy.integrate."""
    from symkl.measures import KLDivergence

    result = symkl.kl_divergence(Weibull(1, 2), Gumbel(0, 1)).doit()
    assert isinstance(result, KLDivergence)
    assert result.p == Weibull(1, 2)


def test_low_rank_normal_accepts_a_large_factor_with_a_tiny_diagonal() -> None:
    """W·Wᵀ + D with W = 1e6, D = 1e-12 is positive definite although its rounding is singular."""
    dist = LowRankMultivariateNormal([0, 0], [[1e6], [1e6]], [1e-12, 1e-12])
    got = float(N(symkl.entropy(dist).doit(), 30))
    # det(W·Wᵀ + D) = d² + 2·w²·d = 1e-24 + 2, exactly, by the matrix determinant lemma
    want = float(mpmath.log(2 * mpmath.pi * mpmath.e) + mpmath.log(mpmath.mpf("1e-24") + 2) / 2)
    assert math.isclose(got, want, rel_tol=1e-12)


def test_low_rank_normal_with_a_complex_factor_checks_the_covariance() -> None:
    """A complex factor gets no positive-definiteness shortcut: W·Wᵀ + D is checked."""
    with pytest.raises(InvalidParameterError, match="positive definite"):
        LowRankMultivariateNormal([0], [[2j]], [1])
