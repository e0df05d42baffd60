"""More family derivations step by step: Gumbel and Pareto moments by substitution, Categorical."""

from __future__ import annotations

import pytest
from sympy import EulerGamma, Symbol, exp, gamma, log

from symkl._family_steps import NoStepsError, categorical_steps, kl_steps
from symkl.catalog import Catalog
from symkl.families import Categorical, Exponential, Gumbel, Pareto
from symkl.families._moments import Phi, PhiKind
from symkl.families._prove_moments import _maps_onto, derived_moment
from symkl.families._prove_steps import family_expectations
from symkl.prover import Verdict
from symkl.relations import as_relation
from symkl.runner import verify_catalog

mu, m = Symbol("mu", real=True), Symbol("m", real=True)
beta, c = Symbol("beta", positive=True), Symbol("c", positive=True)
s1, s2 = Symbol("s1", positive=True), Symbol("s2", positive=True)
a1, a2 = Symbol("a1", positive=True), Symbol("a2", positive=True)


def test_gumbel_exponential_moment_is_derived_by_a_decreasing_substitution() -> None:
    """x = μ − β·log w (w ~ Exp(1)) falls as w grows; E[e^{−(x − m)/c}] still comes out right."""
    derived = derived_moment(Gumbel(mu, beta), Phi(PhiKind.EXPNEG, m, c))
    assert derived is not None
    value, how = derived
    assert how == "substitution"
    assert (value - exp((m - mu) / c) * gamma(1 + beta / c)).expand() == 0


def test_pareto_mean_log_is_derived_and_its_infinite_mean_is_not() -> None:
    """E[log x] = log s + 1/α under Pareto(s, α); E[x] (infinite for α ≤ 1) is not derived."""
    derived = derived_moment(Pareto(s1, a1), Phi(PhiKind.LOG))
    assert derived is not None
    assert (derived[0] - (log(s1) + 1 / a1)).expand() == 0
    assert derived_moment(Pareto(s1, a1), Phi(PhiKind.X)) is None


def test_a_substitution_that_misses_the_support_is_refused() -> None:
    """s·e^y for y ~ Exp(α) starts at s: as a map onto Pareto(2s, α)'s support it is refused."""
    y = Exponential.variable
    assert _maps_onto(Pareto(s1, a1), Exponential(a1), s1 * exp(y), increasing=True)
    assert not _maps_onto(Pareto(2 * s1, a1), Exponential(a1), s1 * exp(y), increasing=True)
    assert not _maps_onto(Gumbel(mu, beta), Exponential(1), mu - beta * log(y), increasing=True)


def test_pareto_kl_needs_nested_supports() -> None:
    """KL(Pareto(s₁, ·) ‖ Pareto(s₂, ·)) with s₁, s₂ unrelated: no steps, and the error says why."""
    with pytest.raises(NoStepsError, match="support of Pareto"):
        kl_steps(Pareto(s1, a1), Pareto(s2, a2))
    delta = Symbol("delta", nonnegative=True)
    steps = kl_steps(Pareto(s2 + delta, a1), Pareto(s2, a2))
    assert "E[log x]" in steps[2].why
    assert "log(δ + s₂) + 1/a₁" in steps[3].why


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_categorical_steps_are_proved() -> None:
    """H and KL of three-outcome Categoricals: definition, weighted sum, closed form, all PROVED."""
    p = [Symbol(f"p{i}", positive=True) for i in range(3)]
    q = [Symbol(f"q{i}", positive=True) for i in range(3)]
    entropy = categorical_steps("h", Categorical([p[0], p[1], 1 - p[0] - p[1]]))
    kl = categorical_steps("k", Categorical(p), Categorical(q))
    assert [len(entropy.steps), len(kl.steps)] == [3, 3]
    assert entropy.steps[-1].why.startswith("collect")
    assert "probability-weighted sum" in kl.steps[1].why
    results = verify_catalog(Catalog([entropy, kl]))
    verdicts = [s.verdict for v in results for s in v.result.steps]
    assert verdicts == [Verdict.PROVED] * 6, verdicts


def test_categorical_wrong_step_is_not_proved() -> None:
    """A weighted sum with a sign slip (+p log p) is refuted, not proved."""
    p = [Symbol(f"p{i}", positive=True) for i in range(2)]
    d = Categorical([p[0], 1 - p[0]])
    good = categorical_steps("h", d)
    from symkl import Derivation, Step

    bad_expr = p[0] * log(p[0]) + (1 - p[0]) * log(1 - p[0])
    bad = Derivation("bad", good.start, [good.steps[0], Step(bad_expr, why="a sign slip")])
    results = verify_catalog(Catalog([bad]))
    assert results[0].result.steps[-1].verdict is Verdict.REFUTED
    assert results[0].result.verdict is not Verdict.PROVED


def test_gumbel_entropy_steps_name_their_moments() -> None:
    """Gumbel entropy steps name E[x] and E[e^{−(x − μ)/β}] and end at log β + γ + 1."""
    from symkl._family_steps import entropy_steps

    steps = entropy_steps(Gumbel(mu, beta))
    assert "the mean E[x]" in steps[3].why
    assert "exponential moment" in steps[4].why
    assert steps[-1].expr == log(beta) + EulerGamma + 1


def test_shifted_scale_states_its_shift_and_products_read_plainly() -> None:
    """Pareto(s₂ + δ, ·): the step's assumptions say δ ≥ 0; μ + γ·β is shown without '*'."""
    from symkl._family_steps import steps_derivation
    from symkl.families._prove_steps import readable

    delta = Symbol("delta", nonnegative=True)
    d = steps_derivation("k", Pareto(s2 + delta, a1), Pareto(s2, a2))
    success = family_expectations(as_relation(d.step_relations()[3]))
    assert success is not None
    assert "δ ≥ 0" in success.assumptions, success.assumptions
    assert readable(mu + EulerGamma * beta) in ("μ + γ·β", "γ·β + μ")
    assert readable(beta**2) == "β²"
