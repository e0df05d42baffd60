"""NegativeBinomial entropy as one series node: fast, right at extreme parameters, exact."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy
from sympy import Rational

import symkl
from symkl.families import NegativeBinomial
from symkl.families._nb_series import NegativeBinomialEntropy, negative_binomial_entropy
from symkl.families._series import expand_series
from symkl.numeric import array_function

_R, _P = sympy.symbols("r p", positive=True)


def _log_pmf(r: mpmath.mpf, p: mpmath.mpf, k: mpmath.mpf) -> mpmath.mpf:
    choose = mpmath.loggamma(k + r) - mpmath.loggamma(k + 1) - mpmath.loggamma(r)
    return choose + k * mpmath.log(p) + r * mpmath.log1p(-p)


def _reference(r: float, p: float) -> float:
    """Σ −P(k) log P(k) at 30 digits: mpmath's fsum over the integers carrying the mass, or, for
    windows wider than 1e5 (where the summand is analytic and tiny at both ends, so the sum
    equals the integral), mpmath's quadrature of its extension to real k."""
    with mpmath.workdps(30):
        rr, pp = mpmath.mpf(r), mpmath.mpf(p)

        def f(k: mpmath.mpf) -> mpmath.mpf:
            log_pmf = _log_pmf(rr, pp, k)
            return -mpmath.exp(log_pmf) * log_pmf

        mean = rr * pp / (1 - pp)
        sd = mpmath.sqrt(rr * pp) / (1 - pp)
        lo = max(0, int(mean - 14 * sd))
        hi = int(mean + 14 * sd + 80 / -mpmath.log(pp)) + 80
        if hi - lo <= 100000:
            # log P(k + 1) = log P(k) + log(p(k + r)/(k + 1)), from log P(lo) in log Γ
            total, log_pk = mpmath.mpf(0), _log_pmf(rr, pp, mpmath.mpf(lo))
            for k in range(lo, hi + 1):
                total -= mpmath.exp(log_pk) * log_pk
                log_pk += mpmath.log(pp * (k + rr) / (k + 1))
            return float(total)
        assert lo > 0
        return float(mpmath.quad(f, [lo, *(mean + j * sd for j in range(-4, 5)), hi]))


EXTREMES = [(r, p) for r in (0.3, 5.0, 1e4) for p in (1e-6, 0.5, 0.99)]
EXTREMES += [(1e4, 0.999), pytest.param(0.3, 0.999, marks=pytest.mark.slow)]


@pytest.mark.parametrize(("r", "p"), EXTREMES)
def test_double_precision_matches_mpmath(r: float, p: float) -> None:
    """H(NB(r, p)) in double precision is within 1e-12 relative of a 30-digit mpmath sum."""
    assert negative_binomial_entropy(r, p) == pytest.approx(_reference(r, p), rel=1e-12, abs=0)


@pytest.mark.parametrize("p", [0.5, 0.999])
def test_a_million_trials(p: float) -> None:
    """total_count 1e6: the direct sum and the high-precision integral agree to 1e-12."""
    value = negative_binomial_entropy(1e6, p)
    precise = NegativeBinomialEntropy(sympy.Float(1e6), Rational(str(p))).evalf(30)
    assert value == pytest.approx(float(precise), rel=1e-12)


def test_issue_example_evaluates_through_every_route() -> None:
    """N(), evalf(30), array_function and lambdify agree on H(NB(5, 9/10)) with the reference."""
    h = symkl.entropy(NegativeBinomial(5, Rational(9, 10))).doit()
    expected = _reference(5.0, 0.9)
    assert float(sympy.N(h)) == pytest.approx(expected, rel=1e-12)
    assert float(h.evalf(30)) == pytest.approx(expected, rel=1e-14)
    form = symkl.entropy(NegativeBinomial(_R, _P)).doit()
    arrays = array_function([_R, _P], form)(np.array([5.0, 0.3]), np.array([0.9, 0.999]))
    plain = sympy.lambdify([_R, _P], form, modules="numpy")(np.array([5.0]), np.array([0.9]))
    assert float(arrays[0]) == pytest.approx(expected, rel=1e-12)
    assert float(arrays[1]) == pytest.approx(negative_binomial_entropy(0.3, 0.999), rel=1e-15)
    assert float(plain[0]) == pytest.approx(expected, rel=1e-12)


def test_node_rewrites_to_the_defining_series() -> None:
    """expand_series gives −r log(1 − p) − r p log p/(1 − p) − Σ P(k) log C(k + r − 1, k)."""
    expanded = expand_series(NegativeBinomialEntropy(_R, _P))
    sums = list(expanded.atoms(sympy.Sum))
    assert len(sums) == 1
    head = sympy.simplify(expanded + sums[0])
    assert (
        sympy.simplify(head - (-_R * sympy.log(1 - _P) - _R * _P * sympy.log(_P) / (1 - _P))) == 0
    )


def test_boundary_and_bad_values() -> None:
    """probs 0 (exact or float) gives 0; out-of-range parameters give nan, not a number."""
    assert NegativeBinomialEntropy(3, 0) == 0
    assert NegativeBinomialEntropy(3, sympy.Float(0.0)) == 0
    assert negative_binomial_entropy(3.0, 0.0) == 0.0
    assert np.isnan(negative_binomial_entropy(3.0, 1.0))
    assert np.isnan(negative_binomial_entropy(-1.0, 0.5))
