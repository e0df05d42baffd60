"""Maximum entropy over every density meeting a constraint: the general-density kernel rules."""

from __future__ import annotations

import pytest
from sympy import E, Eq, Function, Ge, Gt, Integral, Le, Symbol, exp, log, oo, pi, sqrt

import symkl
from symkl.prover._kernel import check
from symkl.prover._kernel_integrals import DensityGibbs, MomentLinear
from symkl.relations import as_relation

x = Symbol("x", real=True)
sigma = Symbol("sigma", positive=True)
h = Symbol("h", real=True)
f = Function("f")
LINE = (x, -oo, oo)
phi = exp(-(x**2) / (2 * sigma**2)) / (sigma * sqrt(2 * pi))
KL = Integral(f(x) * log(f(x) / phi), LINE)
H = -Integral(f(x) * log(f(x)), LINE)
BOUND = log(2 * pi * E * sigma**2) / 2
BASE = [Ge(f(x), 0), Eq(Integral(f(x), LINE), 1), Eq(Integral(x**2 * f(x), LINE), sigma**2)]
FACTS = [*BASE, Eq(Integral(f(x) * log(f(x)), LINE), -h)]


def _verdict(relation: object, facts: list[object]) -> symkl.Verdict:
    return symkl.prove(relation, where=facts, timeout=60).verdict


def test_cross_entropy_identity_is_proved_by_linearity() -> None:
    """h(f) = ½ log(2πeσ²) − D(f‖φ) for every f with ∫f = 1, ∫x²f = σ² and finite entropy."""
    proof = symkl.prove(Eq(H, BOUND - KL), where=FACTS, timeout=60)
    assert proof.verdict is symkl.Verdict.PROVED
    assert proof.method == "linearity-of-expectation"


def test_wrong_constant_is_not_proved() -> None:
    """½ log(2πσ²) (the e forgotten) is not the cross-entropy."""
    assert _verdict(Eq(H, log(2 * pi * sigma**2) / 2 - KL), FACTS) is not symkl.Verdict.PROVED


def test_wrong_moment_is_not_proved() -> None:
    """A stated first moment does not give the second moment the identity needs."""
    facts = [*FACTS[:2], Eq(Integral(x * f(x), LINE), sigma**2), FACTS[3]]
    assert _verdict(Eq(H, BOUND - KL), facts) is not symkl.Verdict.PROVED


def test_linearity_needs_a_finite_entropy() -> None:
    """Without a finite h(f) the identity splits two possibly infinite integrals: refused."""
    rel = as_relation(Eq(H, BOUND - KL), BASE)
    judgement = check(rel, MomentLinear((log(2 * pi * sigma**2) / 2, 1 / (2 * sigma**2))))
    assert not judgement
    assert "∞ − ∞" in judgement.reason


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_gibbs_against_the_normal_is_proved() -> None:
    """½ log(2πeσ²) − D(f‖φ) ≤ ½ log(2πeσ²): Gibbs' inequality for an arbitrary density f."""
    proof = symkl.prove(Le(BOUND - KL, BOUND), where=FACTS, timeout=60)
    assert proof.verdict is symkl.Verdict.PROVED
    assert proof.method == "gibbs"


def test_gibbs_is_never_strict() -> None:
    """D(f‖φ) > 0 fails at f = φ: the rule proves ≥ only."""
    assert _verdict(Gt(KL, 0), FACTS) is not symkl.Verdict.PROVED


@pytest.mark.parametrize(
    ("reference", "facts", "reason"),
    [
        (2 * phi, FACTS, "≤ 1"),
        (phi, [FACTS[0], *FACTS[2:]], "= 1"),
        (phi, FACTS[1:], "≥ 0"),
        (-phi, FACTS, "> 0"),
    ],
)
def test_gibbs_kernel_refuses(reference: object, facts: list[object], reason: str) -> None:
    """Mass above 1, no normalisation fact, no sign fact, a negative reference: refused."""
    divergence = Integral(f(x) * log(f(x) / reference), LINE)
    rel = as_relation(Ge(divergence, 0), facts)
    judgement = check(rel, DensityGibbs(f(x), reference, x, (-oo, oo)))
    assert not judgement
    assert reason in judgement.reason


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
@pytest.mark.parametrize(
    "name", ["max-entropy-normal-by-gibbs", "max-entropy-exponential-by-gibbs"]
)
def test_maximum_entropy_derivations_prove_every_step(name: str) -> None:
    """Each step of the two maximum-entropy derivations is PROVED."""
    from pathlib import Path

    from symkl.catalog import builtin_catalog_dir, load

    catalog = load([Path(builtin_catalog_dir()) / "maximum_entropy.py"])
    (entry,) = [e for e in catalog.entries if e.name == name]
    assert isinstance(entry, symkl.Derivation)
    verdicts = [symkl.prove(goal, timeout=60).verdict for goal in entry.step_goals()]
    assert verdicts == [symkl.Verdict.PROVED] * len(entry.steps)


def test_nested_integrals_are_refused() -> None:
    """An integral inside an integrand is not one of the rule's shapes."""
    inner = Integral(f(x) * Integral(f(x), LINE), LINE)
    judgement = check(as_relation(Eq(inner, 1), FACTS), MomentLinear((0, 0, 0)))
    assert not judgement
    assert "is not one integral" in judgement.reason


def test_log_of_the_density_needs_it_positive() -> None:
    """log f² − 2 log f is −∞ + ∞ where f = 0: refused given f ≥ 0, proved given f > 0."""
    claim = Eq(Integral(log(f(x) ** 2) - 2 * log(f(x)), LINE), 0)
    judgement = check(as_relation(claim, FACTS), MomentLinear((0, 0, 0)))
    assert not judgement
    assert "where the density is 0" in judgement.reason
    positive = [f(x) > 0, *FACTS[1:]]
    assert check(as_relation(claim, positive), MomentLinear((0, 0, 0)))


def test_the_kernel_refuses_a_derivative_of_the_density() -> None:
    """∫₀^∞ f′ = −f(0), not 0: the pointwise check must not read f′(x) as the derivative of a
    number (a certificate handed to the kernel directly, past every strategy)."""
    from sympy import Derivative

    from symkl.prover._kernel import check
    from symkl.prover._kernel_integrals import MomentLinear
    from symkl.relations import as_relation

    half = (x, 0, oo)
    facts = [Ge(f(x), 0), Eq(Integral(f(x), half), 1)]
    claim = Eq(Integral(Derivative(f(x), x), half), 0)
    assert not check(as_relation(claim, facts), MomentLinear((0,)))
