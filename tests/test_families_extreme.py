"""Regression tests of issue 15's 'also seen' list: large rates, Float 0/1, rejected pairs."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath
import pytest
import sympy
from sympy import N, Rational, oo

import symkl
from symkl.errors import InvalidParameterError, SupportMismatchError
from symkl.families import (
    Bernoulli,
    Beta,
    Categorical,
    Dirichlet,
    Gamma,
    Geometric,
    MultivariateNormal,
    Normal,
    Poisson,
)

H, KL, CE = symkl.entropy, symkl.kl_divergence, symkl.cross_entropy


def _poisson_entropy_oracle(lam: int) -> mpmath.mpf:
    """−Σ p_k log p_k summed directly at 40 digits over the mode ± 20 standard deviations."""
    with mpmath.workdps(40):
        lam_mp = mpmath.mpf(lam)
        width = 20 * math.sqrt(lam) + 60
        total = mpmath.mpf(0)
        for k in range(max(0, int(lam - width)), int(lam + width) + 1):
            minus_log_p = lam_mp - k * mpmath.log(lam_mp) + mpmath.loggamma(k + 1)
            total += mpmath.exp(-minus_log_p) * minus_log_p
        return total


def _rel(ours: sympy.Expr, theirs: Any) -> float:
    value = mpmath.mpf(str(N(ours, 30)))
    return float(abs(value - theirs) / abs(theirs))


@pytest.mark.parametrize("lam", [1, 7, 59, 60, 100, 1000, 10_000])
def test_poisson_entropy_is_right_for_large_rates(lam: int) -> None:
    """N(H(Poisson(λ))) matches a direct 40-digit sum (was −360.5 at λ = 100)."""
    h = H(Poisson(lam)).doit()
    assert _rel(h, _poisson_entropy_oracle(lam)) < 1e-13
    assert abs(float(N(h)) - float(_poisson_entropy_oracle(lam))) < 1e-12 * float(N(h))


@pytest.mark.parametrize("lam", [Rational(1, 10**6), sympy.Float(0.37), 10**6, 10**9, 10**12])
def test_poisson_entropy_double_precision_agrees_with_mpmath(lam: sympy.Expr) -> None:
    """The double-precision evaluation agrees with mpmath's (Malmsten integral) to 1e-12."""
    h = H(Poisson(lam)).doit()
    fast = float(N(h))
    precise = float(N(h, 30))
    assert abs(fast - precise) <= 1e-12 * abs(precise)
    if lam == 10**12:  # ½ log(2πeλ) − 1/(12λ) to within 1e-24
        assert abs(precise - 0.5 * math.log(2 * math.pi * math.e * 1e12)) < 1e-12


@pytest.mark.slow
def test_poisson_entropy_at_a_million_against_a_direct_sum() -> None:
    """λ = 1e6: the double-precision value matches the 40-digit direct sum."""
    h = H(Poisson(10**6)).doit()
    assert _rel(h, _poisson_entropy_oracle(10**6)) < 1e-13


def test_poisson_cross_entropy_and_geometric_kl_are_right() -> None:
    """CE(Poisson‖Poisson) and KL(Poisson(80) ‖ Geometric(1/50)) ≈ 1.9193 (was 276.09)."""
    kl = KL(Poisson(80), Geometric(Rational(1, 50))).doit()
    with mpmath.workdps(40):
        expected = (
            -_poisson_entropy_oracle(80)
            - mpmath.log(mpmath.mpf(1) / 50)
            - 80 * mpmath.log(mpmath.mpf(49) / 50)
        )
    assert _rel(kl, expected) < 1e-13
    assert abs(float(N(kl)) - 1.9193) < 1e-4
    ce = CE(Poisson(80), Poisson(90)).doit()
    with mpmath.workdps(40):
        expected = (
            90 - 80 * mpmath.log(90) + (_poisson_entropy_oracle(80) - 80 + 80 * mpmath.log(80))
        )
    assert _rel(ce, expected) < 1e-13


def test_geometric_poisson_kl_evaluates_quickly_and_right() -> None:
    """KL(Geometric(1/20) ‖ Poisson(5)) against a direct 40-digit sum of the definition."""
    kl = KL(Geometric(Rational(1, 20)), Poisson(5)).doit()
    with mpmath.workdps(40):
        p, lam = mpmath.mpf(1) / 20, mpmath.mpf(5)
        expected = mpmath.fsum(
            p * (1 - p) ** k * (mpmath.log(p * (1 - p) ** k) - (k * mpmath.log(lam) - lam
                                                                 - mpmath.loggamma(k + 1)))
            for k in range(3000)
        )  # fmt: skip
    assert _rel(kl, expected) < 1e-13


@pytest.mark.parametrize("probs", [sympy.Float(1e-9), sympy.Float(1e-4), Rational(1, 3)])
def test_geometric_log_factorial_mean_fast_and_precise_paths_agree(probs: sympy.Expr) -> None:
    """E[log k!] under a Geometric: double precision equals 30-digit evaluation."""
    from symkl.families._series import GeometricLogFactorialMean

    value = GeometricLogFactorialMean(sympy.Rational(probs))
    assert abs(float(N(value)) - float(N(value, 30))) <= 1e-12 * float(N(value, 30))


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        (H(Bernoulli(0.0)), 0),
        (H(Bernoulli(1.0)), 0),
        (KL(Bernoulli(0.3), Bernoulli(0.0)), oo),
        (KL(Bernoulli(0.0), Bernoulli(1.0)), oo),
        (KL(Bernoulli(1.0), Bernoulli(0.0)), oo),
        (H(Categorical([0.0, 0.5, 0.5])), sympy.log(2)),
        (KL(Geometric(1.0), Bernoulli(0.3)), -sympy.log(Rational(7, 10))),
        (H(Geometric(1.0)), 0),
        (KL(Categorical([0.0, 1.0]), Categorical([0.5, 0.5])), sympy.log(2)),
    ],
)
def test_float_zero_and_one_act_as_exact(measure: sympy.Expr, expected: sympy.Expr) -> None:
    """Float 0.0 / 1.0 parameters give what exact 0 / 1 give, never nan or a wrong oo."""
    value = measure.doit()
    if expected is oo:
        assert value is oo
    else:
        assert abs(float(N(value)) - float(N(expected))) < 1e-14


def test_float_and_exact_boundaries_agree() -> None:
    """Each boundary case gives the same value with exact and Float parameters."""
    for exact, floating in [
        (KL(Bernoulli(Rational(3, 10)), Bernoulli(0)), KL(Bernoulli(0.3), Bernoulli(0.0))),
        (KL(Geometric(1), Bernoulli(Rational(3, 10))), KL(Geometric(1.0), Bernoulli(0.3))),
    ]:
        a, b = exact.doit(), floating.doit()
        assert (a is oo and b is oo) or abs(float(N(a)) - float(N(b))) < 1e-14


n = sympy.Symbol("n", integer=True, positive=True)


@pytest.mark.parametrize(
    ("build", "fragments"),
    [
        (
            lambda: KL(Dirichlet([1, 2]), Dirichlet([1, 2, 3])),
            ["Dirichlet([1, 2]) is 2-dimensional", "Dirichlet([1, 2, 3]) is 3-dimensional"],
        ),
        (
            lambda: KL(Poisson(2), symkl.Discrete.symbolic("q", n)),
            ["Poisson(2) has infinitely many outcomes", "q has n outcomes"],
        ),
        (
            lambda: KL(symkl.Discrete.symbolic("q", n), Poisson(2)),
            ["q has n outcomes", "(0, 1, …)"],
        ),
        (
            lambda: KL(MultivariateNormal([0], [[1]]), Normal(0, 1)),
            [
                "MultivariateNormal([0], [[1]]) (1-dimensional outcomes)",
                "scalar distribution Normal",
            ],
        ),
        (
            lambda: KL(
                MultivariateNormal([0, 0], [[1, 0], [0, 1]]), MultivariateNormal([0], [[1]])
            ),
            ["is 2-dimensional", "is 1-dimensional"],
        ),
        (
            lambda: CE(
                MultivariateNormal([0, 0], [[1, 0], [0, 1]]), MultivariateNormal([0], [[1]])
            ),
            ["is 2-dimensional", "is 1-dimensional"],
        ),
    ],
)
def test_incomparable_pairs_are_rejected_naming_shapes(
    build: Callable[[], sympy.Expr], fragments: list[str]
) -> None:
    """Pairs over different outcome spaces raise SupportMismatchError naming both shapes."""
    with pytest.raises(SupportMismatchError) as info:
        build().doit()
    assert isinstance(info.value, ValueError)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_nan_covariance_is_rejected() -> None:
    """A covariance with a nan entry is an InvalidParameterError naming it."""
    with pytest.raises(InvalidParameterError, match="must be finite, got \\[\\[nan\\]\\]"):
        MultivariateNormal([0], [[float("nan")]])


# --- Laplace targets: closed forms instead of sympy.integrate -----------------------------------


def _kl_by_quadrature(
    log_f: Callable[[Any], Any], log_g: Callable[[Any], Any], points: list[Any]
) -> Any:
    with mpmath.workdps(30):
        return mpmath.quad(lambda x: mpmath.exp(log_f(x)) * (log_f(x) - log_g(x)), points)


@pytest.mark.parametrize(
    ("rate", "loc", "scale"), [(2, 0.7, 1.3), (0.5, -1, 2), (3, 5, 0.4), (1, 0, 1)]
)
def test_exponential_laplace_kl_matches_quadrature(rate: float, loc: float, scale: float) -> None:
    """KL(Exponential ‖ Laplace) in closed form = 30-digit quadrature of the definition."""
    from symkl.families import Exponential, Laplace

    kl = KL(Exponential(rate), Laplace(loc, scale)).doit()
    assert not kl.has(sympy.Integral)
    expected = _kl_by_quadrature(
        lambda x: mpmath.log(rate) - rate * x,
        lambda x: -mpmath.log(2 * scale) - abs(x - loc) / scale,
        [0, loc, mpmath.inf] if loc > 0 else [0, 1, mpmath.inf],
    )
    assert abs(float(N(kl)) - float(expected)) <= 1e-12 * abs(float(expected))


@pytest.mark.parametrize(
    ("a", "b", "loc", "scale"), [(2.5, 1.5, 0.7, 1.3), (0.5, 2, -1, 2), (3, 0.3, 5, 0.4)]
)
def test_gamma_and_beta_laplace_kl_match_quadrature(
    a: float, b: float, loc: float, scale: float
) -> None:
    """KL(Gamma ‖ Laplace) and KL(Beta ‖ Laplace) = quadrature, for loc inside and outside."""
    from symkl.families import Laplace

    def log_gamma_pdf(x: Any) -> Any:
        return a * mpmath.log(b) - mpmath.loggamma(a) + (a - 1) * mpmath.log(x) - b * x

    def log_beta_pdf(x: Any) -> Any:
        norm = mpmath.loggamma(a + b) - mpmath.loggamma(a) - mpmath.loggamma(b)
        return norm + (a - 1) * mpmath.log(x) + (b - 1) * mpmath.log(1 - x)

    def log_laplace(x: Any) -> Any:
        return -mpmath.log(2 * scale) - abs(x - loc) / scale

    kl = KL(Gamma(a, b), Laplace(loc, scale)).doit()
    points = [0, loc, mpmath.inf] if loc > 0 else [0, 1, mpmath.inf]
    expected = _kl_by_quadrature(log_gamma_pdf, log_laplace, points)
    assert abs(float(N(kl)) - float(expected)) <= 1e-12 * abs(float(expected))
    kl = KL(Beta(a, b), Laplace(loc / 6, scale)).doit()
    loc = loc / 6
    with mpmath.workdps(30):
        # x = t^(1/a) near 0 and 1 − x = t^(1/b) near 1 remove the endpoint singularities.
        cut = min(max(loc, 0.25), 0.75)

        norm = mpmath.loggamma(a + b) - mpmath.loggamma(a) - mpmath.loggamma(b)

        def weight_times_gap(x: Any, log_x: Any, log_1mx: Any, drop: Any) -> Any:
            # density without the singular factor `drop`, times log f − log g at x
            log_f = norm + (a - 1) * log_x + (b - 1) * log_1mx
            return mpmath.exp(log_f - drop) * (log_f - log_laplace(x))

        def near_zero(t: Any) -> Any:
            x = t ** (1 / mpmath.mpf(a))
            log_x = mpmath.log(t) / a
            return weight_times_gap(x, log_x, mpmath.log1p(-x), (a - 1) * log_x) / a

        def near_one(t: Any) -> Any:
            u = t ** (1 / mpmath.mpf(b))
            log_u = mpmath.log(t) / b
            return weight_times_gap(1 - u, mpmath.log1p(-u), log_u, (b - 1) * log_u) / b

        expected = mpmath.quad(
            near_zero, [0, min(loc, cut) ** a, cut**a] if 0 < loc < cut else [0, cut**a]
        )
        expected += mpmath.quad(
            near_one,
            [0, (1 - max(loc, cut)) ** b, (1 - cut) ** b] if cut < loc < 1 else [0, (1 - cut) ** b],
        )
    assert abs(float(N(kl)) - float(expected)) <= 1e-12 * abs(float(expected))


def test_laplace_target_kl_is_proved_and_a_wrong_one_is_not() -> None:
    """family-moments proves KL(Exponential ‖ Laplace) symbolically; a perturbed form fails."""
    from symkl.families import Exponential, Laplace
    from symkl.families._prove import family_moments
    from symkl.prover import as_relation

    lam, s = sympy.symbols("lam s", positive=True)
    m = sympy.Symbol("m", real=True)
    kl = KL(Exponential(lam), Laplace(m, s))
    closed = kl.doit()
    success = family_moments(as_relation(sympy.Eq(kl, closed, evaluate=False)))
    assert success is not None
    assert success.method == "integral"
    wrong = closed + sympy.exp(-(m**2)) / 100
    assert family_moments(as_relation(sympy.Eq(kl, wrong, evaluate=False))) is None


# --- large parameters: fast and precise ----------------------------------------------------------


def _mp(value: Any) -> Any:
    return mpmath.mpf(str(value)) if not isinstance(value, mpmath.mpf) else value


def _gamma_entropy(a: Any, b: Any) -> Any:
    a, b = _mp(a), _mp(b)
    return a - mpmath.log(b) + mpmath.loggamma(a) + (1 - a) * mpmath.digamma(a)


def _beta_entropy(a: Any, b: Any) -> Any:
    a, b = _mp(a), _mp(b)
    log_b = mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)
    return (
        log_b - (a - 1) * mpmath.digamma(a) - (b - 1) * mpmath.digamma(b)
        + (a + b - 2) * mpmath.digamma(a + b)
    )  # fmt: skip


def _bernoulli_entropy(p: Any) -> Any:
    p = _mp(p)
    return -p * mpmath.log(p) - (1 - p) * mpmath.log1p(-p)


def _bernoulli_kl(a: Any, b: Any) -> Any:
    a, b = _mp(a), _mp(b)
    return a * mpmath.log(a / b) + (1 - a) * (mpmath.log1p(-a) - mpmath.log1p(-b))


@pytest.mark.parametrize(
    ("measure", "oracle"),
    [
        (lambda: H(Gamma(10**5, 1)), lambda: _gamma_entropy(10**5, 1)),
        (lambda: H(Gamma(1e8, 1.0)), lambda: _gamma_entropy(1e8, 1)),
        (lambda: H(Gamma(1e12, 3.5)), lambda: _gamma_entropy(1e12, 3.5)),
        (lambda: H(Beta(10**5, 10**5)), lambda: _beta_entropy(10**5, 10**5)),
        (lambda: H(Beta(1e10, 1e10)), lambda: _beta_entropy(1e10, 1e10)),
        (lambda: H(Beta(5000, 7000)), lambda: _beta_entropy(5000, 7000)),
        (lambda: H(Bernoulli(1e-12)), lambda: _bernoulli_entropy(1e-12)),
        (lambda: KL(Bernoulli(1e-12), Bernoulli(2e-12)), lambda: _bernoulli_kl(1e-12, 2e-12)),
        (
            lambda: H(Geometric(1e-12)),
            lambda: _bernoulli_entropy(1e-12) / _mp(1e-12),
        ),
        (
            lambda: KL(Gamma(10**5, 1), Gamma(10**5 + 1, 1)),
            lambda: mpmath.loggamma(10**5 + 1) - mpmath.loggamma(10**5) - mpmath.digamma(10**5),
        ),
        (
            lambda: H(Normal(0, 1e-300)),
            lambda: mpmath.log(_mp(1e-300)) + mpmath.log(2 * mpmath.pi * mpmath.e) / 2,
        ),
    ],
)
def test_large_and_tiny_parameters_are_precise(
    measure: Callable[[], sympy.Expr], oracle: Callable[[], Any]
) -> None:
    """Closed forms at extreme parameters stay within 1e-12 relative of a 50-digit mpmath value."""
    value = measure().doit()
    with mpmath.workdps(50):
        expected = oracle()
    assert abs(float(N(value)) - float(expected)) <= 1e-12 * abs(float(expected))


def test_dirichlet_entropy_with_large_exact_concentration() -> None:
    """H(Dirichlet([10**5]*3)) evaluates (it expanded harmonic numbers for minutes before)."""
    value = H(Dirichlet([10**5] * 3)).doit()
    with mpmath.workdps(50):
        a = mpmath.mpf(10**5)
        expected = (
            3 * mpmath.loggamma(a) - mpmath.loggamma(3 * a)
            + (3 * a - 3) * mpmath.digamma(3 * a) - 3 * (a - 1) * mpmath.digamma(a)
        )  # fmt: skip
    assert abs(float(N(value)) - float(expected)) <= 1e-12 * abs(float(expected))


def test_lambdified_normal_entropy_is_finite_at_tiny_scale() -> None:
    """lambdify of H(Normal(0, σ)) is finite at σ = 1e-300 (σ² would underflow)."""
    s = sympy.Symbol("s", positive=True)
    f = sympy.lambdify([s], H(Normal(0, s)).doit(), modules="numpy")
    assert math.isfinite(f(1e-300))
    assert abs(f(1e-300) - (math.log(1e-300) + 0.5 * math.log(2 * math.pi * math.e))) < 1e-12


def test_geometric_one_against_itself_is_zero_where_torch_says_inf() -> None:
    """KL(Geometric(1) ‖ Geometric(1)) = 0 (both are the point mass at 0); torch returns inf."""
    assert KL(Geometric(1), Geometric(1)).doit() == 0
    assert KL(Geometric(1.0), Geometric(1.0)).doit() == 0
    assert KL(Geometric(Rational(1, 2)), Geometric(1)).doit() is oo
