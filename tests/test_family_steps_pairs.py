"""More step derivations: Binomial, NegativeBinomial, ContinuousBernoulli, Student's t and five
cross-family pairs, each step PROVED and the last line the family's closed form."""

from __future__ import annotations

import math

import pytest
import sympy
from _catalog_run import CATALOG, catalog_result
from sympy import Eq, Symbol, log

from symkl import Derivation, Step, entropy, kl_divergence, prove
from symkl.catalog import Catalog
from symkl.families import Binomial, NegativeBinomial, Pareto
from symkl.families._moments import Phi, PhiKind
from symkl.families._prove import _verified_log_terms
from symkl.families._prove_moments import derived_moment
from symkl.families._prove_steps import basis_of, family_expectations
from symkl.measures import Entropy, KLDivergence
from symkl.prover import Verdict
from symkl.prover._facts import encode
from symkl.relations import as_relation
from symkl.runner import verify_catalog

STEPS = CATALOG  # loaded once per session (derivations/family_steps.py among the rest)
p, q = Symbol("p", positive=True), Symbol("q", positive=True)
r, s = Symbol("r", positive=True), Symbol("s", positive=True)
k = Symbol("k", integer=True, nonnegative=True)

FAST = ["kl-binomial-binomial-steps", "kl-uniform-gamma-steps"]
SLOW = [
    "kl-negative-binomial-negative-binomial-steps",
    "kl-continuous-bernoulli-continuous-bernoulli-steps",
    "entropy-student-t-steps",
    "kl-half-normal-normal-steps",
    "kl-exponential-log-normal-steps",
    "kl-pareto-exponential-steps",
    "kl-continuous-bernoulli-normal-steps",
]
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


def test_binomial_coefficients_are_basis_functions() -> None:
    """log C(5, k) and log C(k + r − 1, k) are read back as their basis functions; log C(k, 2)
    (the outcome on top only) is not."""
    assert basis_of(log(sympy.binomial(5, k)), k) == (1, Phi(PhiKind.LOGCHOOSE, 5))
    assert basis_of(log(sympy.binomial(k + r - 1, k)), k) == (1, Phi(PhiKind.LOGMULTICHOOSE, r))
    assert basis_of(log(sympy.binomial(k, 2)), k) is None


def test_binomial_and_negative_binomial_log_pmfs_exponentiate_back() -> None:
    """Their log-pmfs in the basis give back the pmfs (the check every step's rewrite relies on)."""
    assert _verified_log_terms(Binomial(5, p))
    assert _verified_log_terms(NegativeBinomial(r, p))


def test_binomial_mean_is_summed_at_a_given_n_and_by_the_binomial_theorem_otherwise() -> None:
    """E[k] under Binomial(5, p) is summed over 0..5 to 5p; for a symbolic n it is n·p by the
    binomial theorem (SymPy's own sum does not see that C(n, k) vanishes past n)."""
    derived = derived_moment(Binomial(5, p), Phi(PhiKind.X))
    assert derived is not None
    assert sympy.expand(derived[0] - 5 * p) == 0
    n = Symbol("n", integer=True, nonnegative=True)
    assert derived_moment(Binomial(n, p), Phi(PhiKind.X)) == (n * p, "binomial-theorem")


def test_negative_binomial_mean_is_summed_as_a_series() -> None:
    """E[k] under NegativeBinomial(r, p) is r·p/(1 − p), summed over k = 0, 1, 2, …"""
    derived = derived_moment(NegativeBinomial(r, p), Phi(PhiKind.X))
    assert derived is not None
    assert derived[1] == "series"
    assert sympy.simplify(derived[0] - r * p / (1 - p)) == 0


def test_pareto_mean_is_derived_where_it_converges() -> None:
    """E[x] under Pareto(s, 1 + δ), δ > 0, is s·(1 + δ)/δ; under a generic shape it diverges for
    shapes ≤ 1 and is not derived."""
    delta = Symbol("delta", positive=True)
    derived = derived_moment(Pareto(s, 1 + delta), Phi(PhiKind.X))
    assert derived is not None
    assert sympy.simplify(derived[0] - s * (1 + delta) / delta) == 0
    assert derived_moment(Pareto(s, r), Phi(PhiKind.X)) is None


def test_cancelled_binomial_coefficient_is_named() -> None:
    """Step 2 of the same-n and same-r KLs says which log-coefficient cancels."""
    assert "the log C(5, k) terms of the two cancel" in _derivation(FAST[0]).steps[1].why
    nb = _derivation(SLOW[0]).steps[1].why
    assert "the log C(k + r − 1, k) terms of the two cancel" in nb


def test_binomial_claims_are_proved_from_the_definition() -> None:
    """KL(Binomial(5, p) ‖ Binomial(5, q)) = 5·KL of the Bernoullis: PROVED, not just checked."""
    kl = kl_divergence(Binomial(5, p), Binomial(5, q))
    proof = prove(Eq(kl, kl.doit(), evaluate=False), timeout=math.inf, memory_limit=math.inf)
    assert proof.verdict is Verdict.PROVED
    closed = kl.doit().subs({p: 0.3, q: 0.6})
    direct = sum(
        math.comb(5, j) * 0.3**j * 0.7 ** (5 - j) * math.log(0.3**j * 0.7 ** (5 - j))
        - math.comb(5, j) * 0.3**j * 0.7 ** (5 - j) * math.log(0.6**j * 0.4 ** (5 - j))
        for j in range(6)
    )
    assert math.isclose(float(closed), direct, rel_tol=1e-12)


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_a_wrong_binomial_step_is_not_proved() -> None:
    """Step 3 of KL(Binomial(5, p) ‖ Binomial(5, q)) with 4·log(1 − q) for 5·log(1 − q): declined
    by the strategy and refuted."""
    derivation = _derivation(FAST[0])
    good = derivation.steps[2].expr
    bad = good + log(1 - q)
    relation = Eq(derivation.steps[1].expr, bad, evaluate=False)
    facts = [sympy.StrictLessThan(p, 1), sympy.StrictLessThan(q, 1)]
    assert family_expectations(encode(as_relation(relation, facts))[0]) is None
    wrong = Derivation("bad", derivation.start, [*derivation.steps[:2], Step(bad, why="a slip")])
    (result,) = verify_catalog(Catalog([wrong]))
    assert result.result.steps[-1].verdict is Verdict.REFUTED


def test_student_t_entropy_steps_end_at_its_entropy() -> None:
    """The Student's t derivation starts at H(StudentT) and names the log moment by its scale."""
    derivation = _derivation("entropy-student-t-steps")
    assert derivation.start == entropy(derivation.start.args[0])
    assert "E[log(1 + ((x − μ₁)/(√ν·σ₁))²)]" in derivation.steps[2].why


def test_written_log_pmf_names_the_binomial_coefficient() -> None:
    """Step 2's assumptions write Binomial's log-pmf with log(C(5, k)), not Python's binomial."""
    derivation = _derivation(FAST[0])
    goal = derivation.step_goals()[1]
    success = family_expectations(encode(as_relation(goal.relation, goal.where))[0])
    assert success is not None
    assert any("log(C(5, k))" in fact for fact in success.assumptions), success.assumptions
    assert not any("binomial(" in fact for fact in success.assumptions)
