"""More step derivations: Binomial entropy (its E[log C(5, k)] a six-term sum), Dirichlet entropy
and KL, Kumaraswamy and VonMises entropies, each step PROVED and the last line the family's
closed form."""

from __future__ import annotations

import math

import pytest
import sympy
from _catalog_run import CATALOG, catalog_result
from sympy import Eq, Symbol, log, polygamma, symbols

from symkl import Derivation, Step, expectation, prove
from symkl.catalog import Catalog
from symkl.families import Dirichlet, Kumaraswamy, VonMises
from symkl.families._binomial_series import LogChooseMean
from symkl.families._prove_dirichlet import dirichlet_expectations
from symkl.families._prove_equal import vanishes
from symkl.families._prove_kumaraswamy import kumaraswamy_expectations
from symkl.families._prove_steps import family_expectations
from symkl.families._prove_vonmises import _normaliser, vonmises_expectations
from symkl.measures import Entropy, KLDivergence
from symkl.prover import Verdict
from symkl.prover._facts import encode
from symkl.relations import as_relation
from symkl.runner import verify_catalog

STEPS = CATALOG  # loaded once per session (derivations/family_steps.py among the rest)
p = Symbol("p", positive=True)
k = Symbol("k", integer=True, nonnegative=True)

FAST = ["entropy-binomial-steps", "entropy-dirichlet-steps", "kl-dirichlet-dirichlet-steps"]
SLOW = ["entropy-kumaraswamy-steps"]
NAMES = [*FAST, *SLOW]


def _derivation(name: str) -> Derivation:
    entry = STEPS.find(name)
    assert isinstance(entry, Derivation), name
    return entry


@pytest.mark.parametrize("name", [*FAST, *SLOW])
def test_last_line_is_the_familys_closed_form(name: str) -> None:
    """The derivation starts at the measure and ends at what its .doit() gives."""
    derivation = _derivation(name)
    start = derivation.start
    assert isinstance(start, (Entropy, KLDivergence))
    assert derivation.steps[-1].expr == start.doit()
    assert derivation.steps[0].why.startswith("definition")


@pytest.mark.slow  # the whole catalog's verification: the slow suite (CI) runs it
@pytest.mark.parametrize("name", NAMES)
def test_every_step_is_proved(name: str) -> None:
    """Each catalog derivation added here: every step PROVED, none merely CHECKED (read from the
    session's one verification of the whole catalog)."""
    verdicts = [step.verdict for step in catalog_result(name).steps]
    assert verdicts == [Verdict.PROVED] * len(_derivation(name).steps), verdicts


def test_a_finite_sum_is_written_out_term_by_term() -> None:
    """E[log C(5, k)] as its six-term sum vanishes against the terms summed one by one; with the
    C(5, k) weight dropped from the pmf it does not."""
    mean = LogChooseMean(5, p, 5)
    terms = sum(
        math.comb(5, j) * p**j * (1 - p) ** (5 - j) * log(math.comb(5, j)) for j in range(6)
    )
    assert vanishes(mean - terms)
    unweighted = sympy.Sum(p**k * (1 - p) ** (5 - k) * log(sympy.binomial(5, k)), (k, 0, 5))
    assert not vanishes(unweighted - terms)


def test_binomial_entropy_last_step_names_the_finite_sum() -> None:
    """The last step of H(Binomial(5, p)) says E[log C(n, k)] is kept as its finite sum."""
    why = _derivation("entropy-binomial-steps").steps[-1].why
    assert "finite sum over k = 0..n" in why


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_a_wrong_binomial_entropy_step_is_refuted() -> None:
    """The last step with the C(5, k) weight dropped from the pmf in E[log C(5, k)]: declined by
    the strategy and refuted."""
    derivation = _derivation("entropy-binomial-steps")
    good = derivation.steps[-1].expr
    (mean,) = good.atoms(LogChooseMean)
    slip = sympy.Sum(p**k * (1 - p) ** (5 - k) * log(sympy.binomial(5, k)), (k, 0, 5))
    bad = good.xreplace({mean: slip})
    relation = Eq(derivation.steps[-2].expr, bad, evaluate=False)
    facts = [sympy.StrictLessThan(p, 1)]
    assert family_expectations(encode(as_relation(relation, facts))[0]) is None
    wrong = Derivation("bad", derivation.start, [*derivation.steps[:-1], Step(bad, why="a slip")])
    (result,) = verify_catalog(Catalog([wrong]))
    assert result.result.steps[-1].verdict is Verdict.REFUTED


ALPHA = symbols("alpha1:4", positive=True)


def test_dirichlet_mean_logs_are_derived_for_each_coordinate() -> None:
    """E[log x_i] = ψ(α_i) − ψ(α₀) proved for x₁ and for x₃ = 1 − x₁ − x₂; the value of another
    coordinate or of a Beta marginal's wrong total is not."""
    d = Dirichlet(list(ALPHA))
    x1, x2 = d.variable.components
    a0 = sum(ALPHA)
    for g, a in ((log(x1), ALPHA[0]), (log(1 - x1 - x2), ALPHA[2])):
        claim = Eq(expectation(d, g), polygamma(0, a) - polygamma(0, a0))
        assert prove(claim).verdict is Verdict.PROVED
    for wrong in (
        Eq(expectation(d, log(x1)), polygamma(0, ALPHA[1]) - polygamma(0, a0)),
        Eq(expectation(d, log(x1)), polygamma(0, ALPHA[0]) - polygamma(0, ALPHA[0] + ALPHA[1])),
    ):
        assert dirichlet_expectations(as_relation(wrong)) is None
        assert prove(wrong).verdict is not Verdict.PROVED


def test_dirichlet_steps_name_each_coordinate() -> None:
    """Steps 4–6 of H(Dirichlet(α₁, α₂, α₃)) replace E[log x₁], E[log x₂], E[log x₃] in turn."""
    whys = [step.why for step in _derivation("entropy-dirichlet-steps").steps]
    assert "E[log x_1]" in whys[3]
    assert "ψ(α₁) − ψ(α₁ + α₂ + α₃)" in whys[3]
    assert "E[log x_3] (x_3 = 1 − x_1 − x_2)" in whys[5]


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_a_wrong_dirichlet_kl_step_is_refuted() -> None:
    """The last step of KL(Dirichlet ‖ Dirichlet) with ψ(α₀) dropped from one coordinate's mean:
    refuted (the step has no expectation left, so the numbers decide it)."""
    derivation = _derivation("kl-dirichlet-dirichlet-steps")
    a0 = sum(ALPHA)
    bad = derivation.steps[-1].expr + (ALPHA[0] - Symbol("beta1", positive=True)) * polygamma(0, a0)
    wrong = Derivation("bad", derivation.start, [*derivation.steps[:-1], Step(bad, why="a slip")])
    (result,) = verify_catalog(Catalog([wrong]))
    assert result.result.steps[-1].verdict is Verdict.REFUTED


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_kumaraswamy_means_are_derived_by_the_substitution() -> None:
    """E[log(1 − x^a)] = ψ(b) − ψ(b + 1) under Kumaraswamy(a, b) is proved; with ψ(b + 2) it is
    declined by the strategy and refuted."""
    a, b = Symbol("a", positive=True), Symbol("b", positive=True)
    d = Kumaraswamy(a, b)
    g = log(1 - d.variable**a)
    good = Eq(expectation(d, g), polygamma(0, b) - polygamma(0, b + 1))
    assert prove(good).verdict is Verdict.PROVED
    bad = Eq(expectation(d, g), polygamma(0, b) - polygamma(0, b + 2))
    assert kumaraswamy_expectations(as_relation(bad)) is None
    assert prove(bad).verdict is Verdict.REFUTED


@pytest.mark.slow
def test_a_wrong_kumaraswamy_step_is_refuted() -> None:
    """Step 5 of H(Kumaraswamy(a₁, b₁)) with E[log(1 − x^a)] = +1/b₁ for −1/b₁: refuted."""
    derivation = _derivation("entropy-kumaraswamy-steps")
    b1 = Symbol("b1", positive=True)
    bad = derivation.steps[4].expr + 2 * (1 - b1) / b1
    steps = [*derivation.steps[:4], Step(bad, why="a slip")]
    (result,) = verify_catalog(Catalog([Derivation("bad", derivation.start, steps)]))
    assert result.result.steps[-1].verdict is Verdict.REFUTED


def test_vonmises_normaliser_is_derived_as_a_bessel_function() -> None:
    """Z(κ) = ∫_{−π}^{π} e^{κ·cos t} dt is derived as 2π·I₀(κ) from its Taylor series."""
    found = _normaliser()
    assert found is not None
    z, k = found
    assert z == 2 * sympy.pi * sympy.besseli(0, k)


@pytest.mark.slow
def test_vonmises_mean_cosine_is_proved_and_a_wrong_one_refuted() -> None:
    """E[cos(x − μ)] = I₁(κ)/I₀(κ) under VonMises(μ, κ) is proved; I₀/I₁ is declined and refuted."""
    mu, kappa = Symbol("mu", real=True), Symbol("kappa", positive=True)
    d = VonMises(mu, kappa)
    g = sympy.cos(d.variable - mu)
    i0, i1 = sympy.besseli(0, kappa), sympy.besseli(1, kappa)
    assert prove(Eq(expectation(d, g), i1 / i0)).verdict is Verdict.PROVED
    wrong = Eq(expectation(d, g), i0 / i1)
    assert vonmises_expectations(as_relation(wrong)) is None
    assert prove(wrong).verdict is Verdict.REFUTED


@pytest.mark.slow
def test_a_wrong_vonmises_step_is_refuted() -> None:
    """Step 4 of H(VonMises(μ₁, κ)) with κ·I₁/I₀ added instead of subtracted: refuted."""
    derivation = _derivation("entropy-von-mises-steps")
    kappa = Symbol("kappa", positive=True)
    ratio = sympy.besseli(1, kappa) / sympy.besseli(0, kappa)
    bad = derivation.steps[3].expr + 2 * kappa * ratio
    steps = [*derivation.steps[:3], Step(bad, why="a slip")]
    (result,) = verify_catalog(Catalog([Derivation("bad", derivation.start, steps)]))
    assert result.result.steps[-1].verdict is Verdict.REFUTED
