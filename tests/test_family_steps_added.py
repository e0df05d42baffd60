"""Step derivations for ContinuousBernoulli, Cauchy‖Cauchy and Student's t: words, proofs, slips."""

from __future__ import annotations

import math

import pytest
import sympy
from sympy import Eq, Symbol, log

from symkl import Derivation, expectation
from symkl._family_steps import entropy_steps, kl_steps, steps_derivation
from symkl.catalog import Catalog
from symkl.families import Cauchy, ContinuousBernoulli, StudentT
from symkl.families._log_forms import canonical_log, vanishing
from symkl.families._prove_steps import family_expectations
from symkl.prover import Verdict, prove
from symkl.prover._facts import encode
from symkl.relations import as_relation
from symkl.report import render_reports
from symkl.runner import verify_catalog

lam = Symbol("lambda", positive=True)
u = Symbol("u", positive=True)
x0, x1 = Symbol("x0", real=True), Symbol("x1", real=True)
g1, g2 = Symbol("gamma1", positive=True), Symbol("gamma2", positive=True)


def _encoded(derivation: Derivation, k: int) -> object:
    goal = derivation.step_goals()[k]
    if isinstance(goal, sympy.Eq):  # no facts to encode
        return as_relation(goal)
    return encode(as_relation(goal.relation, goal.where))[0]


def test_canonical_log_equates_two_writings_and_keeps_a_difference() -> None:
    """log(1 − u/(u + 1)) is −log(u + 1); log((u + 1)·log u/(u − 1)) splits off log(u + 1);
    a true difference of logs (log 2u − log u = log 2, not 0) is not called zero."""
    assert canonical_log(log(1 - u / (u + 1))) == -log(u + 1)
    written = log((u * log(u) + log(u)) / (u - 1)) - log(log(u) / (u - 1)) - log(u + 1)
    assert vanishing(written)
    assert not vanishing(log(2 * u + 2 * u * log(u)) - log(u + u * log(u)))


def test_continuous_bernoulli_written_log_density_is_proved_and_a_slip_is_not() -> None:
    """The written-out log-density of ContinuousBernoulli(λ) is proved by the strategy (its
    normaliser written two ways); the normaliser with its sign flipped is declined."""
    derivation = steps_derivation("h", ContinuousBernoulli(lam))
    success = family_expectations(_encoded(derivation, 1))  # type: ignore[arg-type]
    assert success is not None
    assert success.method == "log-density"
    d = ContinuousBernoulli(lam)
    x = d.variable
    flipped = log((log(lam) - log(1 - lam)) / (1 - 2 * lam))  # log of a negative number
    wrong = expectation(d, -(x * (log(lam) - log(1 - lam)) + flipped + log(1 - lam)))
    bad = Eq(derivation.steps[0].expr, wrong, evaluate=False)
    assert family_expectations(encode(as_relation(bad, [lam < 1]))[0]) is None


def test_cauchy_kl_names_the_foreign_log_moment_and_proves_it() -> None:
    """KL(Cauchy ‖ Cauchy): the moment step names E[log(1 + ((x − x₁)/γ₂)²)] under the first
    Cauchy, and the strategy derives it (by residues)."""
    steps = kl_steps(Cauchy(x0, g1), Cauchy(x1, g2))
    assert "E[log(1 + ((x − x₁)/γ₂)²)]" in steps[2].why
    assert "under Cauchy(x₀, γ₁)" in steps[3].why
    derivation = steps_derivation("k", Cauchy(x0, g1), Cauchy(x1, g2))
    moment_step = next(k for k, s in enumerate(steps) if "x₁)/γ₂" in s.why and k > 2)
    success = family_expectations(_encoded(derivation, moment_step))  # type: ignore[arg-type]
    assert success is not None
    assert success.method == "derived-moment"
    assert any("integrating over the support" in fact for fact in success.assumptions)


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_cauchy_kl_wrong_moment_is_refuted() -> None:
    """E[log(1 + ((x − x₁)/γ₂)²)] = log(((γ₁ − γ₂)² + (x₀ − x₁)²)/γ₂²) (a sign slip) is
    declined by the strategy and refuted by the numbers."""
    d = Cauchy(x0, g1)
    x = d.variable
    phi = log(1 + ((x - x1) / g2) ** 2)
    wrong = Eq(expectation(d, phi), log(((g1 - g2) ** 2 + (x0 - x1) ** 2) / g2**2), evaluate=False)
    assert family_expectations(as_relation(wrong)) is None
    verdict = prove(wrong, timeout=math.inf, memory_limit=math.inf).verdict
    assert verdict is Verdict.REFUTED


def test_student_t_scale_reads_as_a_product_in_parentheses() -> None:
    """Student's t entropy steps show the scale σ√ν of its log moment as (√ν·σ), and end at
    the closed form."""
    nu, mu, s = Symbol("nu", positive=True), Symbol("mu", real=True), Symbol("s", positive=True)
    steps = entropy_steps(StudentT(nu, mu, s))
    assert "E[log(1 + ((x − μ)/(√ν·s))²)]" in steps[2].why
    assert "sqrt" not in steps[2].why
    assert sympy.simplify(steps[-1].expr - StudentT(nu, mu, s).entropy_form()) == 0


@pytest.mark.slow
def test_cauchy_kl_report_names_the_moments_and_every_step_is_proved() -> None:
    """The rendered KL(Cauchy ‖ Cauchy) shows both log moments in words, each step PROVED."""
    derivation = steps_derivation("kl-cauchy-cauchy-steps", Cauchy(x0, g1), Cauchy(x1, g2))
    results = verify_catalog(Catalog([derivation]))
    assert [s.verdict for s in results[0].result.steps] == [Verdict.PROVED] * 6
    md = render_reports(results, formats=("md",))["kl-cauchy-cauchy-steps.md"]
    assert "under Cauchy(x₀, γ₁) is $\\log(4)$" in md
    foreign = (
        "E\\[log(1 + ((x − x₁)/γ₂)²)\\] under Cauchy(x₀, γ₁) = "
        "log((γ₁² + 2·γ₁·γ₂ + γ₂² + (x₀ - x₁)²)/γ₂²), derived by integrating"
    )
    assert foreign in md
