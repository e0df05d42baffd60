"""The Gumbel step derivations (KL between Gumbels, KL(Normal ‖ Gumbel)): every step PROVED,
E[e^{−(x − μ₂)/σ₂}] under the first included, and a wrong closed form REFUTED. They are in
the catalog, the costliest of its derivations (~10 CPU-s each)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from sympy import Eq, EulerGamma, exp, gamma, log, symbols

from symkl import Derivation, expectation, kl_divergence, prove
from symkl._family_steps import steps_derivation
from symkl.catalog import load
from symkl.families import Exponential, Gumbel, Normal
from symkl.families._moments import Phi, PhiKind
from symkl.families._prove_steps import basis_of, family_expectations, moment_words
from symkl.prover import Verdict
from symkl.relations import as_relation

mu1, mu2 = symbols("mu1 mu2", real=True)
s1, s2 = symbols("sigma1 sigma2", positive=True)
lam = symbols("lambda1", positive=True)
FAMILY_STEPS = Path(__file__).resolve().parent.parent / "derivations" / "family_steps.py"
PAIRS = {
    "kl-gumbel-gumbel-steps": (Gumbel(mu1, s1), Gumbel(mu2, s2)),
    "kl-normal-gumbel-steps": (Normal(mu1, s1), Gumbel(mu2, s2)),
}


def _derivation(name: str) -> Derivation:
    return steps_derivation(name, *PAIRS[name])


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_the_catalog_derivation_ends_at_the_closed_form(name: str) -> None:
    """The catalog holds each derivation (its every step PROVED is asserted with the rest of
    family_steps.py in test_family_steps.py), and its last line is the closed form."""
    (entry,) = [e for e in load([FAMILY_STEPS]).entries if e.name == name]
    assert isinstance(entry, Derivation)
    assert entry.steps[-1].expr == kl_divergence(*PAIRS[name]).doit()
    assert _derivation(name).steps[-1].expr == entry.steps[-1].expr


@pytest.mark.slow
def test_a_wrong_gumbel_closed_form_is_refuted() -> None:
    """Γ(σ₁/σ₂) for Γ(1 + σ₁/σ₂) in KL(Gumbel ‖ Gumbel): refuted with a counterexample."""
    wrong = (
        EulerGamma * (s1 / s2 - 1)
        + exp((mu2 - mu1) / s2) * gamma(s1 / s2)
        + log(s2 / s1)
        - 1
        + (mu1 - mu2) / s2
    )
    proof = prove(Eq(kl_divergence(Gumbel(mu1, s1), Gumbel(mu2, s2)), wrong))
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None


def _assumptions(dists: tuple[object, ...], step: int) -> tuple[str, ...]:
    """The assumptions of one step's proof (1-based), the step PROVED."""
    goal = steps_derivation("t", *dists).step_goals()[step - 1]  # type: ignore[arg-type]
    proof = prove(goal, timeout=math.inf, memory_limit=math.inf)
    assert proof.verdict is Verdict.PROVED, proof
    return tuple(proof.assumptions)


def test_the_exponential_moment_keeps_its_shift() -> None:
    """e^{(μ₂ − x)/σ₂} is the basis function e^{−(x − μ₂)/σ₂} (shift μ₂, scale σ₂), not
    e^{μ₂/σ₂} times e^{−x/σ₂}; it is named with its shift, and without one as e^{−x/σ₂}."""
    x = Normal.variable
    assert basis_of(exp((mu2 - x) / s2), x) == (1, Phi(PhiKind.EXPNEG, mu2, s2))
    assert basis_of(exp(-x / s2), x) == (1, Phi(PhiKind.EXPNEG, 0, s2))
    words = "the exponential moment E[exp(−(x − μ₂)/σ₂)]"
    assert moment_words(Phi(PhiKind.EXPNEG, mu2, s2)) == words
    assert moment_words(Phi(PhiKind.EXPNEG, 0, s2)) == "the exponential moment E[exp(−x/σ₂)]"
    assert moment_words(Phi(PhiKind.EXPNEG, 0, 1)) == "the exponential moment E[exp(−x)]"


def test_a_dropped_shift_is_not_proved() -> None:
    """E[e^{−(x − μ₂)/σ₂}] under Exponential(λ₁) is e^{μ₂/σ₂}·λ₁σ₂/(λ₁σ₂ + 1): with the factor
    e^{μ₂/σ₂} left out (the value of E[e^{−x/σ₂}]) the strategy declines."""
    d = Exponential(lam)
    moment = expectation(d, exp((mu2 - d.variable) / s2))
    right = exp(mu2 / s2) * lam * s2 / (lam * s2 + 1)
    assert family_expectations(as_relation(Eq(moment, right, evaluate=False))) is not None
    wrong = Eq(moment, lam * s2 / (lam * s2 + 1), evaluate=False)
    assert family_expectations(as_relation(wrong)) is None


def test_exponential_gumbel_step_names_the_shifted_moment() -> None:
    """KL(Exponential ‖ Gumbel), step 5: the proof's assumption reads E[exp(−(x − μ₂)/σ₂)]."""
    assumptions = _assumptions((Exponential(lam), Gumbel(mu2, s2)), 5)
    assert (
        "the exponential moment E[exp(−(x − μ₂)/σ₂)] under Exponential(λ₁) = "
        "λ₁·σ₂·exp(μ₂/σ₂)/(λ₁·σ₂ + 1), derived by integrating over the support"
    ) in assumptions


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "kl-normal-gumbel-steps",
            "the exponential moment E[exp(−(x − μ₂)/σ₂)] under Normal(μ₁, σ₁) = "
            "exp((-μ₁ + μ₂ + σ₁²/(2·σ₂))/σ₂), derived by integrating over the support",
        ),
        (
            "kl-gumbel-gumbel-steps",
            "the exponential moment E[exp(−(x − μ₂)/σ₂)] under Gumbel(μ₁, σ₁) = "
            "exp(-(μ₁ - μ₂)/σ₂)·Γ(σ₁/σ₂ + 1), derived by a change of variables to a simpler family",
        ),
    ],
)
def test_gumbel_target_step_six_names_the_shifted_moment(name: str, expected: str) -> None:
    """Step 6 (E[e^{−(x − μ₂)/σ₂}] replaced by its value): its assumption keeps μ₂."""
    assert expected in _assumptions(PAIRS[name], 6)
