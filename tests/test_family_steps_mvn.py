"""MultivariateNormal entropy and KL step by step (derivations/multivariate_steps.py): every step
PROVED, the last line the families.py closed form, and wrong moments not proved."""

from __future__ import annotations

import math

import pytest
from _catalog_run import CATALOG, catalog_result
from sympy import Eq, Matrix, exp, log, pi, symbols

from symkl import Claim, Derivation, entropy, expectation, prove
from symkl.catalog import builtin_catalog_dir, load
from symkl.families import MultivariateNormal
from symkl.families._prove_mvn import mvn_expectations
from symkl.prover import Verdict
from symkl.relations import as_relation

STEPS = load([builtin_catalog_dir() / "multivariate_steps.py"])
FAMILIES = CATALOG  # loaded once per session (derivations/families.py among the rest)
KL = "kl-multivariate-normal-multivariate-normal"
CLOSED = {"entropy-multivariate-normal-steps": "entropy-multivariate-normal", f"{KL}-steps": KL}
mu1, mu2 = symbols("mu1 mu2", real=True)
s1, s2 = symbols("sigma1 sigma2", positive=True)
CORRELATED = MultivariateNormal([mu1, 0], Matrix([[2, 1], [1, 2]]))
DIAGONAL = MultivariateNormal([mu1, mu2], Matrix([[s1**2, 0], [0, s2**2]]))


def _derivation(name: str) -> Derivation:
    entry = STEPS.find(name)
    assert isinstance(entry, Derivation), name
    return entry


def _strategy(claim: Eq) -> object:
    return mvn_expectations(as_relation(claim))


def test_the_file_loads_both_derivations() -> None:
    """The file loads without errors and holds the entropy and the KL derivation."""
    assert STEPS.errors == []
    assert {e.name for e in STEPS.entries} == set(CLOSED)


@pytest.mark.parametrize("name", sorted(CLOSED))
def test_last_line_is_the_families_closed_form(name: str) -> None:
    """The derivation starts at the measure of the families.py claim and ends at its right side."""
    derivation = _derivation(name)
    claim = FAMILIES.find(CLOSED[name])
    assert isinstance(claim, Claim)
    assert derivation.start == claim.relation.lhs
    assert derivation.steps[-1].expr == claim.relation.rhs


@pytest.mark.slow  # the whole catalog's verification: the slow suite (CI) runs it
@pytest.mark.parametrize("name", sorted(CLOSED))
def test_every_step_is_proved(name: str) -> None:
    """Every step PROVED, none merely CHECKED (read from the
    session's one verification of the whole catalog)."""
    verdicts = [step.verdict for step in catalog_result(name).steps]
    assert verdicts == [Verdict.PROVED] * len(_derivation(name).steps), verdicts


def test_the_kl_names_each_moment() -> None:
    """The KL's steps: the means are 0, then Σ₁₁, Σ₁₂ and Σ₂₂ one step each."""
    whys = [s.why for s in _derivation(f"{KL}-steps").steps]
    assert (
        whys[3] == "the means E[x_1 − μ₁], E[x_2] are 0: μ is the mean of N((μ₁, 0), (2, 1; 1, 2))"
    )
    assert whys[5] == (
        "the covariance E[(x_1 − μ₁)·x_2] under N((μ₁, 0), (2, 1; 1, 2)) is the entry Σ₁₂ "
        "of its covariance matrix, 1"
    )


def test_right_moments_are_proved_and_wrong_ones_are_not() -> None:
    """E[(x₁ − μ₁)·x₂] = 1 under the correlated normal is proved; 0 (the diagonal's value) and
    E[(x₁ − μ₁)²] = 2σ₁² under the diagonal one are declined, and not PROVED or CHECKED."""
    x1, x2 = CORRELATED.variable.components
    assert _strategy(Eq(expectation(CORRELATED, (x1 - mu1) * x2), 1)) is not None
    wrong = [
        Eq(expectation(CORRELATED, (x1 - mu1) * x2), 0),
        Eq(expectation(DIAGONAL, (x1 - mu1) ** 2), 2 * s1**2),
    ]
    for claim in wrong:
        assert _strategy(claim) is None
        verdict = prove(claim, timeout=math.inf, memory_limit=math.inf).verdict
        assert verdict not in (Verdict.PROVED, Verdict.CHECKED), claim


def test_what_is_not_a_gaussian_polynomial_is_declined() -> None:
    """exp(x₁) is no polynomial, and a closed-form claim H = … has no expectation: declined."""
    x1, _ = DIAGONAL.variable.components
    assert _strategy(Eq(expectation(DIAGONAL, exp(x1)), exp(mu1 + s1**2 / 2))) is None
    closed = Eq(entropy(DIAGONAL), 1 + log(2 * pi) + log(s1 * s2))
    assert _strategy(closed) is None
