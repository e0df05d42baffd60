"""An expectation whose function divides by its weight: p·(1/p) is 1 only where p ≠ 0."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy import Eq, Ge, Piecewise, Symbol

import symkl
from symkl.families import Bernoulli, Binomial, Exponential, Normal, Uniform
from symkl.numeric import Backend, evaluate
from symkl.prover import Verdict

NUMPY = Backend.NUMPY

p, q = Symbol("p"), Symbol("q")
P = symkl.Discrete([p, 1 - p], name="p")
Q = symkl.Discrete([q, 1 - q], name="q")
n = Symbol("n", integer=True, positive=True)
PS, QS = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)


def test_a_weight_that_may_be_zero_keeps_that_case_apart() -> None:
    """E_p[1/p] over [p, 1 − p] is the size of p's support: each term is 0 where its weight is."""
    assert symkl.expectation(P, 1 / P).doit() == Piecewise((1, sympy.Ne(p, 0)), (0, True)) + (
        Piecewise((1, sympy.Ne(p, 1)), (0, True))
    )


def test_a_weight_declared_positive_cancels() -> None:
    """With positive entries nothing is kept apart: E_p[1/p] is 2."""
    r = symkl.Discrete.symbolic("r", 2)
    assert symkl.expectation(r, 1 / r).doit() == 2


@pytest.mark.parametrize(
    ("claim", "example"),
    [
        (Eq(symkl.expectation(P, 1 / P), 2), {"p": 0.0, "lhs": 1.0, "rhs": 2.0}),
        (Eq(symkl.expectation(Q, P / Q), 1), {"p": 0.0, "q": 1.0, "lhs": 0.0, "rhs": 1.0}),
        (Ge(symkl.expectation(Q, (P / Q) ** 2), 1), {"p": 0.0, "q": 1.0, "lhs": 0.0, "rhs": 1.0}),
    ],
    ids=["E_p[1/p] = 2", "E_q[p/q] = 1", "E_q[(p/q)^2] >= 1"],
)
def test_a_claim_false_where_a_weight_is_zero_is_refuted(
    claim: sympy.Basic, example: dict[str, float]
) -> None:
    """Each was PROVED (or CHECKED) from the form SymPy cancelled; at a zero weight it fails."""
    proof = symkl.prove(claim)
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample == example


def test_chi_square_as_an_expectation_needs_absolute_continuity() -> None:
    """χ²(p‖q) = E_q[(p/q)²] − 1 fails at q = (1, 0): χ² is ∞ there (it was PROVED)."""
    proof = symkl.prove(Eq(symkl.chi_square(P, Q), symkl.expectation(Q, (P / Q) ** 2) - 1))
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["lhs"] == float("inf")


def test_facts_that_keep_the_weight_positive_give_the_proof_back() -> None:
    """With 0 < p < 1 stated, E_p[1/p] = 2 is proved."""
    proof = symkl.prove(Eq(symkl.expectation(P, 1 / P), 2), where=[p > 0, p < 1])
    assert proof.verdict is Verdict.PROVED


def test_a_distributed_summand_does_not_pass_the_boundary_rule() -> None:
    """E_q[p/q − 1] = 0 over a symbolic n: the termwise proof read q·(p/q − 1) as p − q, which
    is p, not 0, where q = 0; the kernel now refuses it and the numbers refute the claim."""
    proof = symkl.prove(Eq(symkl.expectation(QS, PS / QS - 1), 0))
    assert proof.verdict is Verdict.REFUTED
    assert proof.method == "counterexample"


def test_absolute_continuity_proves_the_distributed_summand() -> None:
    """With p ≪ q stated, E_q[p/q − 1] = 0 is proved termwise."""
    fact = symkl.absolutely_continuous(PS, QS)
    proof = symkl.prove(Eq(symkl.expectation(QS, PS / QS - 1), 0), where=[fact])
    assert proof.verdict is Verdict.PROVED


@pytest.mark.parametrize(
    ("claim", "example"),
    [
        (
            Eq(symkl.expectation(Bernoulli(p), Bernoulli(q) / Bernoulli(p)), 1),
            {"p": 0.0, "q": 1.0, "lhs": 0.0, "rhs": 1.0},
        ),
        (
            Eq(symkl.expectation(Bernoulli(p), 1 / Bernoulli(p)), 2),
            {"p": 0.0, "lhs": 1.0, "rhs": 2.0},
        ),
        (
            Eq(symkl.expectation(Binomial(2, p), 1 / Binomial(2, p)), 3),
            {"p": 0.0, "lhs": 1.0, "rhs": 3.0},
        ),
    ],
    ids=["E_Bern(p)[Bern(q)/Bern(p)] = 1", "E_Bern(p)[1/Bern(p)] = 2", "E_Bin(2,p)[1/Bin] = 3"],
)
def test_a_family_whose_mass_may_be_zero_keeps_that_case_apart(
    claim: sympy.Basic, example: dict[str, float]
) -> None:
    """Bernoulli(p) has mass 0 at an outcome where p is 0 or 1: these were PROVED termwise on
    positive stand-ins for the masses, with p ≪ q assumed where the user stated nothing."""
    proof = symkl.prove(claim)
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample == example


@pytest.mark.parametrize(
    ("family", "values"),
    [(Bernoulli(p), [1.0, 2.0, 1.0]), (Binomial(2, p), [1.0, 3.0, 1.0])],
    ids=["Bernoulli", "Binomial"],
)
def test_the_numbers_count_the_outcomes_of_positive_mass(
    family: symkl.Distribution, values: list[float]
) -> None:
    """E_f[1/f] at p = 0, 0.3, 1 is the number of outcomes f gives positive mass."""
    value = evaluate(symkl.expectation(family, 1 / family), {p: np.array([0.0, 0.3, 1.0])}, NUMPY)
    assert value.tolist() == values


def test_a_family_positive_on_its_support_cancels() -> None:
    """A Normal density is never 0: E_N[q/N] is written as ∫ q over the line, not kept apart."""
    m, s = Symbol("m", real=True), Symbol("s", positive=True)
    normal = Normal(m, s)
    definition = symkl.expectation(normal, Normal(0, 1) / normal).definition()
    assert not definition.has(sympy.Piecewise)


@pytest.mark.slow  # seconds: 3
def test_a_cancelled_weight_needs_the_other_support_inside_its_own() -> None:
    """E_U(0,1)[Exponential(l)/U(0,1)] is ∫₀¹ of the Exponential density, not 1: the termwise
    proof assumed Exponential ≪ U(0, 1) unstated, and the numbers then contradicted it."""
    rate = Symbol("l", positive=True)
    uniform = Uniform(0, 1)
    proof = symkl.prove(Eq(symkl.expectation(uniform, Exponential(rate) / uniform), 1))
    assert proof.verdict is Verdict.REFUTED
    assert proof.method == "counterexample"


@pytest.mark.slow  # seconds: 2
def test_importance_weights_between_positive_densities_are_proved() -> None:
    """E_N(m,s)[N(0,1)/N(m,s)] = 1: a Normal is positive everywhere, so nothing is assumed."""
    m, s = Symbol("m", real=True), Symbol("s", positive=True)
    normal = Normal(m, s)
    proof = symkl.prove(Eq(symkl.expectation(normal, Normal(0, 1) / normal), 1))
    assert proof.verdict is Verdict.PROVED


def test_a_positive_parameter_may_still_be_one() -> None:
    """Bernoulli(p) with p > 0 declared has no mass at 0 when p = 1: E[Bern(r)/Bern(p)] is r there
    (SymPy decided Ne(log(1 − p), −∞) for a positive p, and the claim = 1 was CHECKED)."""
    positive, other = Symbol("p", positive=True), Symbol("r", positive=True)
    claim = Eq(symkl.expectation(Bernoulli(positive), Bernoulli(other) / Bernoulli(positive)), 1)
    proof = symkl.prove(claim)
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample == {"p": 1.0, "r": 0.5, "lhs": 0.5, "rhs": 1.0}


def test_a_weight_divided_inside_a_sum_is_kept_apart() -> None:
    """E_Bern(w)[Bern(r)/Bern(w) − 1] = 0 with w = 1/(1 + (p − √2)²): at p = √2 the mass at 0
    is 0 and the expectation is r − 1; it was PROVED by linearity (the weight cancelled inside
    the sum, where only top-level factors were looked at)."""
    positive, other = Symbol("p", positive=True), Symbol("r", positive=True)
    weight = Bernoulli(1 / (1 + (positive - sympy.sqrt(2)) ** 2))
    claim = Eq(symkl.expectation(weight, Bernoulli(other) / weight - 1), 0)
    assert symkl.expectation(weight, Bernoulli(other) / weight - 1).definition().has(Piecewise)
    assert symkl.prove(claim).verdict is not Verdict.PROVED
