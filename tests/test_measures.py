"""Tests of symkl.measures: printing, definitions, evaluation with 0·log 0 = 0."""

from __future__ import annotations

import pytest
import sympy
from sympy import Rational, S, Symbol, exp, latex, log, oo

import symkl
from symkl.distributions import Density, Discrete
from symkl.errors import UnsupportedMeasureError
from symkl.measures import OutcomeSum, unfold

n = Symbol("n", integer=True, positive=True)
x = Symbol("x", real=True)
p3, q3 = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
pn, qn = Discrete.symbolic("p", n), Discrete.symbolic("q", n)


@pytest.mark.parametrize(
    ("expr", "tex"),
    [
        (symkl.entropy(p3), "H(p)"),
        (symkl.entropy(p3, base=2), "H_{2}(p)"),
        (symkl.cross_entropy(p3, q3), "H(p, q)"),
        (symkl.kl_divergence(p3, q3), r"D_{\mathrm{KL}}(p \,\|\, q)"),
        (
            symkl.expectation(p3, -log(q3 / p3)),
            r"\mathbb{E}_{p}\!\left[- \log{\left(\frac{q}{p} \right)}\right]",
        ),
        (
            symkl.outcome_sum(-p3 * log(q3)),
            r"\sum_{x} - p{\left(x \right)} \log{\left(q{\left(x \right)} \right)}",
        ),
        (
            symkl.cross_entropy(pn, qn).definition(),
            r"\sum_{i=1}^{n} - \log{\left({q}_{i} \right)} {p}_{i}",
        ),
    ],
)
def test_textbook_latex(expr: sympy.Expr, tex: str) -> None:
    """Measures print as the textbook writes them."""
    assert latex(expr) == tex


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (symkl.entropy(p3), "H(p)"),
        (symkl.cross_entropy(p3, q3), "H(p, q)"),
        (symkl.kl_divergence(p3, q3), "KL(p || q)"),
        (symkl.expectation(p3, -log(q3)), "E_p[-log(q)]"),
    ],
)
def test_plain_text(expr: sympy.Expr, text: str) -> None:
    """str() of a measure is short and readable."""
    assert str(expr) == text


def test_repr_latex_for_notebooks() -> None:
    """Jupyter shows a measure as display maths."""
    assert symkl.entropy(p3)._repr_latex_() == r"$\displaystyle H(p)$"


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        (symkl.entropy([S.Half, S.Half]), log(2)),
        (symkl.entropy([1, 0, 0]), 0),
        (symkl.entropy([S.Half, S.Half], base=2), 1),
        (symkl.kl_divergence([S.Half, S.Half], [1, 0]), oo),
        (symkl.kl_divergence([1, 0], [S.Half, S.Half]), log(2)),
        (symkl.cross_entropy([1, 0], [Rational(1, 4), Rational(3, 4)]), log(4)),
        (symkl.cross_entropy([0, 1], [1, 0]), oo),
    ],
)
def test_doit_uses_information_theory_conventions(expr: sympy.Expr, value: sympy.Expr) -> None:
    """0·log 0 = 0, KL is ∞ where q = 0 < p, bases convert."""
    assert sympy.simplify(sympy.expand_log(expr.doit(), force=False) - value) == 0 or (
        expr.doit() == value
    )


def test_doit_symbolic_n_is_a_sum() -> None:
    """With a symbolic n the definition is a Sum over i = 1..n."""
    i = symkl.distributions.IndexedDiscrete.index
    p = sympy.IndexedBase("p", positive=True)
    assert symkl.entropy(pn).doit() == sympy.Sum(-p[i] * log(p[i]), (i, 1, n))


def test_doit_density_integrates() -> None:
    """The entropy of Exp(1) written as a density is 1."""
    f = Density(exp(-x), x, (0, oo), name="f")
    assert symkl.entropy(f).doit() == 1


def test_definition_is_an_outcome_sum() -> None:
    """KL's definition is Σ p log(p/q) over the outcomes of p."""
    d = symkl.kl_divergence(p3, q3).definition()
    assert isinstance(d, OutcomeSum)
    assert d.summand == p3 * log(p3 / q3)
    assert d.over == p3


def test_unfold_replaces_every_measure() -> None:
    """unfold turns H(p) + 1 into an explicit sum plus 1."""
    expr = unfold(symkl.entropy([S.Half, S.Half]) + 1)
    assert sympy.simplify(expr - (1 + log(2))) == 0


def test_expectation_needs_an_expression() -> None:
    """expectation(p, Tuple(1, 2)) is rejected with the value."""
    with pytest.raises(
        UnsupportedMeasureError,
        match=r"the function inside an expectation must be a number or a SymPy expression, "
        r"got \(1, 2\)",
    ):
        symkl.expectation(p3, sympy.Tuple(1, 2))


def test_measure_of_a_non_distribution_is_rejected() -> None:
    """entropy(3) names the value."""
    with pytest.raises(UnsupportedMeasureError) as info:
        symkl.entropy(3)
    assert str(info.value) == "expected a distribution or a list of probabilities, got 3"


# Measures of fully given distributions are numbers (issue #16).
def test_float_of_entropy_of_fair_coin() -> None:
    """float() of H([0.5, 0.5]) is log 2."""
    assert float(symkl.entropy([0.5, 0.5])) == pytest.approx(0.6931471805599453, abs=1e-15)


def test_n_and_evalf_evaluate_measures() -> None:
    """N() and evalf() give the number, not H(p) unchanged."""
    h = symkl.entropy([0.5, 0.5])
    assert str(sympy.N(h)) == "0.693147180559945"
    assert str(h.evalf()) == "0.693147180559945"
    assert str(sympy.N(2 * h + 1)) == "2.38629436111989"


def test_base_two_fair_coin_is_one_bit() -> None:
    """entropy([.5, .5], base=2).doit() is 1.0, not 0.693…/log(2)."""
    value = symkl.entropy([0.5, 0.5], base=2).doit()
    assert value == sympy.Float(1.0)
    assert str(value) == "1.00000000000000"
    assert float(value) == 1.0


@pytest.mark.parametrize(
    ("measure", "text"),
    [
        (symkl.cross_entropy([0.5, 0.5], [0.2, 0.8]), "0.916290731874155"),
        (symkl.kl_divergence([0.5, 0.5], [0.2, 0.8]), "0.223143551314210"),
        (symkl.kl_divergence([0.5, 0.5], [0.2, 0.8], base=2), "0.321928094887362"),
        (symkl.expectation(Discrete([0.2, 0.8]), -log(Discrete([0.2, 0.8]))), "0.500402423538188"),
    ],
)
def test_pair_measures_evaluate(measure: sympy.Expr, text: str) -> None:
    """Cross-entropy, KL and expectations of explicit vectors give their numbers."""
    assert str(sympy.N(measure)) == text
    assert float(measure) == pytest.approx(float(text), rel=1e-14)


def test_family_measures_evaluate() -> None:
    """KL(N(0,1) ‖ N(1,2)) evaluates to log 2 − 1/4; H(N(0,1)) to ½ log(2πe)."""
    from symkl.families import Normal

    kl = symkl.kl_divergence(Normal(0, 1), Normal(1, 2))
    assert sympy.simplify(kl.doit() - (log(2) - Rational(1, 4))) == 0
    assert float(kl) == pytest.approx(0.4431471805599453, rel=1e-14)
    assert str(symkl.entropy(Normal(0, 1)).evalf()) == "1.41893853320467"


def test_symbolic_measures_stay_symbolic() -> None:
    """A measure with free symbols has no number: N() leaves it, float() raises TypeError."""
    h = symkl.entropy(p3)
    assert sympy.N(h) == h
    with pytest.raises(TypeError, match="Cannot convert expression to float"):
        float(h)


def test_exact_probabilities_stay_exact() -> None:
    """Rational probabilities in base 2 give the exact 1, not a Float."""
    assert symkl.entropy([S.Half, S.Half], base=2).doit() == 1
    assert symkl.entropy([S.Half, S.Half], base=2).doit().is_Integer


@pytest.mark.parametrize(
    ("dist", "text"),
    [
        (Discrete([0.2, 0.8]), "Discrete([0.2, 0.8])"),
        (Discrete([Rational(1, 3), Rational(2, 3)], name="q"), "Discrete([1/3, 2/3], name='q')"),
        (Discrete.symbolic("p", 2), "Discrete([p_1, p_2])"),
        (Discrete.symbolic("p", n), "Discrete.symbolic('p', n)"),
    ],
)
def test_distributions_print_their_probabilities(dist: sympy.Expr, text: str) -> None:
    """print(Discrete([0.2, 0.8])) shows the probabilities; inside H(·) it is still p."""
    assert str(dist) == text
    assert repr(dist) == text
    assert str(symkl.entropy(dist)) in ("H(p)", "H(q)")
