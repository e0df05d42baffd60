"""The cross-family step derivations of derivations/cross_family_steps.py: each step PROVED, and
the last line the closed form of the matching entry of derivations/families.py."""

from __future__ import annotations

import math

import pytest
import sympy
from _catalog_run import CATALOG, catalog_result
from sympy import Piecewise, Symbol, exp, log, oo

from symkl import Claim, Derivation, Step, prove
from symkl._family_steps import NoStepsError, closing, kl_steps
from symkl.catalog import builtin_catalog_dir, load
from symkl.families import Exponential, Laplace
from symkl.measures import KLDivergence
from symkl.prover import Verdict

STEPS = load([builtin_catalog_dir() / "cross_family_steps.py"])
FAMILIES = CATALOG  # loaded once per session (derivations/families.py among the rest)
lam, sigma = Symbol("lambda1", positive=True), Symbol("sigma2", positive=True)
mu = Symbol("mu2", real=True)

#: each derivation and the ``families.py`` closed form it ends at
CLOSED = {
    "kl-exponential-gumbel-steps": "kl-exponential-gumbel",
    "kl-weibull-exponential-steps": "kl-weibull-exponential",
    "kl-normal-laplace-steps": "kl-normal-laplace",
    "kl-exponential-laplace-steps": "kl-exponential-laplace",
    "kl-gamma-laplace-steps": "kl-gamma-laplace",
    "kl-beta-laplace-steps": "kl-beta-laplace",
}
NAMES = list(CLOSED)


def _derivation(name: str) -> Derivation:
    entry = STEPS.find(name)
    assert isinstance(entry, Derivation), name
    return entry


def test_the_file_loads_every_derivation() -> None:
    """The file loads without errors, and holds exactly the derivations listed here."""
    assert STEPS.errors == []
    assert {e.name for e in STEPS.entries} == set(CLOSED)


@pytest.mark.parametrize("name", sorted(CLOSED))
def test_last_line_is_the_families_closed_form(name: str) -> None:
    """The derivation starts at the KL and ends at the right side of the families.py claim."""
    derivation = _derivation(name)
    claim = FAMILIES.find(CLOSED[name])
    assert isinstance(claim, Claim)
    assert isinstance(derivation.start, KLDivergence)
    assert derivation.start == claim.relation.lhs
    assert derivation.steps[-1].expr == claim.relation.rhs
    assert derivation.steps[0].why.startswith("definition")


@pytest.mark.slow  # the whole catalog's verification: the slow suite (CI) runs it
@pytest.mark.parametrize("name", NAMES)
def test_every_step_is_proved(name: str) -> None:
    """Every step PROVED, none merely CHECKED (read from the
    session's one verification of the whole catalog)."""
    verdicts = [step.verdict for step in catalog_result(name).steps]
    assert verdicts == [Verdict.PROVED] * len(_derivation(name).steps), verdicts


def test_exponential_laplace_takes_the_absolute_moment_by_cases() -> None:
    """E|x − μ₂| under Exponential(λ₁) is stated by cases on μ₂, both in words."""
    why = _derivation("kl-exponential-laplace-steps").steps[4].why
    assert why.startswith(
        "the mean absolute distance E|x − μ₂| under Exponential(λ₁) is -μ₂ + 1/λ₁ when μ₂ ≤ 0, "
        "and μ₂ - 1/λ₁ + 2·exp(-λ₁·μ₂)/λ₁ when μ₂ > 0 (by cases on μ₂:"
    )


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
@pytest.mark.parametrize(
    "wrong",
    [
        pytest.param(Piecewise((mu - 1 / lam, mu <= 0), (1 / lam - mu, True)), id="swapped"),
        pytest.param(
            Piecewise((1 / lam - mu, mu <= 0), (mu - 1 / lam + exp(-lam * mu) / lam, True)),
            id="half-the-tail",
        ),
        pytest.param(Piecewise((1 / lam - mu, mu < 1), (mu - 1 / lam, True)), id="cut-at-one"),
    ],
)
def test_a_wrong_absolute_moment_by_cases_is_refuted(wrong: sympy.Expr) -> None:
    """The moment step with a wrong case (swapped, half the tail term, a wrong cut): REFUTED."""
    steps = kl_steps(Exponential(lam), Laplace(mu, sigma))
    bad = Step(log(lam) + log(2 * sigma) - 1 + wrong / sigma, why="a wrong E|x − μ₂|")
    goal = Derivation("bad", steps[0].expr, [*steps[:4], bad]).step_goals()[-1]
    assert prove(goal, timeout=math.inf, memory_limit=math.inf).verdict is Verdict.REFUTED


def test_a_closed_form_infinite_for_some_parameters_has_no_steps() -> None:
    """A Piecewise with an infinite case (supports not known to nest) is no closed form to
    derive; one finite in every case is."""
    step = [Step(mu, why="a start")]
    with pytest.raises(NoStepsError, match="no closed form"):
        closing(list(step), Piecewise((mu, mu > 0), (oo, True)), "t")
    finite = Piecewise((mu, mu > 0), (-mu, True))
    assert closing(list(step), finite, "t")[-1].expr == finite


def test_exponential_gumbel_names_the_shifted_exponential_moment() -> None:
    """The moment step names E[exp(−(x − μ₂)/σ₂)] with μ₂ and gives its value."""
    why = _derivation("kl-exponential-gumbel-steps").steps[4].why
    assert why == (
        "the exponential moment E[exp(−(x − μ₂)/σ₂)] under Exponential(λ₁) is "
        "λ₁·exp(μ₂/σ₂)/(λ₁ + 1/σ₂)"
    )


def test_gamma_laplace_names_the_incomplete_gamma_function() -> None:
    """E|x − μ₂| under Gamma(a₁, b₁) by cases, with γ(s, z) said in words."""
    why = _derivation("kl-gamma-laplace-steps").steps[5].why
    assert "is a₁/b₁ - μ₂ when μ₂ ≤ 0, and " in why
    assert "2·μ₂·γ(a₁, b₁·μ₂)/Γ(a₁) when μ₂ > 0" in why
    assert why.endswith("; γ(s, z) = ∫₀^z t^{s−1}·e^{−t} dt is the lower incomplete gamma function")


def test_beta_laplace_takes_three_cases() -> None:
    """E|x − μ₂| under Beta(a₁, b₁): μ₂ ≤ 0, μ₂ ≥ 1 and otherwise, I(s, b, 0, z) said in words."""
    why = _derivation("kl-beta-laplace-steps").steps[5].why
    assert "is a₁/(a₁ + b₁) - μ₂ when μ₂ ≤ 0, and -a₁/(a₁ + b₁) + μ₂ when μ₂ ≥ 1, and " in why
    assert "2·μ₂·I(a₁, b₁, 0, μ₂) - μ₂ otherwise" in why
    assert why.endswith("is the regularised incomplete beta function")
