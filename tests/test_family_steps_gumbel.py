"""The Gumbel step derivations (KL between Gumbels, KL(Normal ‖ Gumbel)): every step PROVED,
E[e^{−(x − μ₂)/σ₂}] under the first included, and a wrong closed form REFUTED. They are not in
the catalog (each costs ~10 CPU-s to verify), so they are built here."""

from __future__ import annotations

import pytest
from sympy import Eq, EulerGamma, exp, gamma, log, symbols

from symkl import Derivation, kl_divergence, prove
from symkl._family_steps import steps_derivation
from symkl.catalog import Catalog
from symkl.families import Gumbel, Normal
from symkl.prover import Verdict
from symkl.runner import verify_catalog

mu1, mu2 = symbols("mu1 mu2", real=True)
s1, s2 = symbols("sigma1 sigma2", positive=True)
PAIRS = {
    "kl-gumbel-gumbel-steps": (Gumbel(mu1, s1), Gumbel(mu2, s2)),
    "kl-normal-gumbel-steps": (Normal(mu1, s1), Gumbel(mu2, s2)),
}


def _derivation(name: str) -> Derivation:
    return steps_derivation(name, *PAIRS[name])


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PAIRS))
def test_every_step_is_proved(name: str) -> None:
    """Each step PROVED, the moment E[e^{−(x − μ₂)/σ₂}] (∞ in double precision at most of the
    spot checks' structured points) among them, and the last line is the closed form."""
    derivation = _derivation(name)
    (result,) = verify_catalog(Catalog([derivation]))
    verdicts = [step.verdict for step in result.result.steps]
    assert verdicts == [Verdict.PROVED] * len(derivation.steps), verdicts
    assert derivation.steps[-1].expr == kl_divergence(*PAIRS[name]).doit()


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
