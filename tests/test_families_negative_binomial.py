"""NegativeBinomial(total_count, probs), torch's parameterisation, added as one class."""

from __future__ import annotations

import mpmath
import pytest
import sympy
from sympy import Rational, symbols

import symkl
from symkl.errors import InvalidParameterError
from symkl.families import NegativeBinomial, Poisson


def _pmf(r: float, p: float, k: int) -> mpmath.mpf:
    return (
        mpmath.exp(mpmath.loggamma(k + r) - mpmath.loggamma(k + 1) - mpmath.loggamma(r))
        * mpmath.mpf(p) ** k
        * (1 - mpmath.mpf(p)) ** r
    )


def _sum(r: float, p: float, f: object) -> mpmath.mpf:
    return mpmath.nsum(lambda k: _pmf(r, p, int(k)) * f(int(k)), [0, mpmath.inf])  # type: ignore[operator]


@pytest.mark.parametrize(("r", "p"), [(3, Rational(1, 3)), (Rational(1, 2), Rational(4, 5))])
def test_mean_and_variance_match_the_pmf(r: sympy.Expr, p: sympy.Expr) -> None:
    """E[k] = rp/(1 − p) and Var k = rp/(1 − p)², against sums of the pmf."""
    d = NegativeBinomial(r, p)
    mean = _sum(float(r), float(p), lambda k: k)
    second = _sum(float(r), float(p), lambda k: k * k)
    assert float(d.mean) == pytest.approx(float(mean), rel=1e-12)
    assert float(d.variance) == pytest.approx(float(second - mean**2), rel=1e-12)


def test_kl_with_a_common_total_count_matches_the_defining_sum() -> None:
    """KL(NB(r, p) ‖ NB(r, q)) in closed form equals Σ P(k)·log(P(k)/Q(k))."""
    r, p, q = 2.5, 0.3, 0.6
    closed = symkl.kl_divergence(NegativeBinomial(r, p), NegativeBinomial(r, q)).doit()
    direct = _sum(r, p, lambda k: mpmath.log(_pmf(r, p, k) / _pmf(r, q, k)))
    assert float(closed) == pytest.approx(float(direct), rel=1e-12)


def test_symbolic_kl_is_the_textbook_form() -> None:
    """With symbols the closed form is r·log((1 − p)/(1 − q)) + rp/(1 − p)·log(p/q)."""
    r, p, q = symbols("r p q", positive=True)
    closed = symkl.kl_divergence(NegativeBinomial(r, p), NegativeBinomial(r, q)).doit()
    expected = r * sympy.log((1 - p) / (1 - q)) + r * p / (1 - p) * sympy.log(p / q)
    assert sympy.simplify(closed - expected) == 0


def test_entropy_matches_the_defining_sum() -> None:
    """H(NB(3, 1/3)) keeps E[log C(k + r − 1, k)] as a series and evaluates right."""
    h = symkl.entropy(NegativeBinomial(3, Rational(1, 3))).doit()
    direct = _sum(3.0, 1 / 3, lambda k: -mpmath.log(_pmf(3.0, 1 / 3, k)))
    assert float(sympy.N(h)) == pytest.approx(float(direct), rel=1e-10)


def test_boundaries() -> None:
    """probs = 0 is the point mass at 0: KL into it is ∞, KL out of it is −r·log(1 − q)."""
    assert (
        symkl.kl_divergence(NegativeBinomial(3, Rational(1, 3)), NegativeBinomial(3, 0)).doit()
        == sympy.oo
    )
    out = symkl.kl_divergence(NegativeBinomial(3, 0.0), NegativeBinomial(3, Rational(1, 4))).doit()
    assert float(out) == pytest.approx(-3 * float(mpmath.log(0.75)), rel=1e-14)
    assert symkl.entropy(NegativeBinomial(2, 0.0)).doit() == 0


def test_against_other_kinds_and_supports() -> None:
    """Against a continuous family it is an error; against a Poisson it is the defining sum."""
    from symkl.errors import MixedSupportError
    from symkl.families import Normal

    nb = NegativeBinomial(2, Rational(1, 3))
    with pytest.raises(MixedSupportError, match="NegativeBinomial"):
        symkl.kl_divergence(nb, Normal(0, 1)).doit()
    value = symkl.kl_divergence(nb, Poisson(2)).doit()

    def log_ratio(k: int) -> mpmath.mpf:
        log_poisson = k * mpmath.log(2) - 2 - mpmath.loggamma(k + 1)
        return mpmath.log(_pmf(2.0, 1 / 3, k)) - log_poisson

    direct = _sum(2.0, 1 / 3, log_ratio)
    assert float(sympy.N(value)) == pytest.approx(float(direct), rel=1e-10)


@pytest.mark.parametrize(
    ("values", "word"), [((2, 1), "[0, 1)"), ((0, 0.5), "positive"), ((2, 1.5), "[0, 1]")]
)
def test_bad_parameters_are_named(values: tuple[object, object], word: str) -> None:
    """probs = 1, total_count = 0 and probs > 1 raise, naming the value."""
    with pytest.raises(InvalidParameterError, match=re_escape(word)):
        NegativeBinomial(*values)


def re_escape(text: str) -> str:
    import re

    return re.escape(text)
