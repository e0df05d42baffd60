"""The Gumbel step derivations (KL between Gumbels, KL(Normal ‖ Gumbel)): every step PROVED,
E[e^{−(x − μ₂)/σ₂}] under the first included, and a wrong closed form REFUTED. They are in
the catalog, the costliest of its derivations (~10 CPU-s each)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sympy import Eq, EulerGamma, exp, gamma, log, symbols

from symkl import Derivation, kl_divergence, prove
from symkl._family_steps import steps_derivation
from symkl.catalog import load
from symkl.families import Gumbel, Normal
from symkl.prover import Verdict

mu1, mu2 = symbols("mu1 mu2", real=True)
s1, s2 = symbols("sigma1 sigma2", positive=True)
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
