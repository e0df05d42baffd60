"""Tests of symkl.prover: each strategy, honesty about assumptions, verdicts and timeouts."""

from __future__ import annotations

import time

import pytest
import sympy
from sympy import Eq, Ge, Gt, Le, S, Symbol, exp, log, oo, pi, sqrt

import symkl
from symkl.distributions import Density, Discrete, IndexedDiscrete
from symkl.errors import MalformedClaimError
from symkl.prover import (
    STRATEGIES,
    ProofContradictionWarning,
    Strategy,
    Success,
    Verdict,
    prove,
    register_strategy,
)

n = Symbol("n", integer=True, positive=True)
x = Symbol("x", real=True)


def _decomposition(size: int | Symbol) -> sympy.Eq:
    p, q = Discrete.symbolic("p", size), Discrete.symbolic("q", size)
    return Eq(symkl.cross_entropy(p, q), symkl.entropy(p) + symkl.kl_divergence(p, q))


def _normal_pdf(mu: Symbol, sigma: Symbol) -> sympy.Expr:
    return exp(-((x - mu) ** 2) / (2 * sigma**2)) / (sigma * sqrt(2 * pi))


@pytest.mark.parametrize("size", [1, 3, 128, n])
def test_cross_entropy_decomposition_is_proved_termwise(size: int | Symbol) -> None:
    """H(p,q) = H(p) + KL(p‖q) for explicit and symbolic n, termwise, with its assumptions."""
    proof = prove(_decomposition(size))
    assert proof.verdict is Verdict.PROVED
    assert proof.method == "termwise-sum"
    assert "each probability is in (0, 1]" in proof.assumptions
    assert "p ≪ q (q > 0 wherever p > 0)" in proof.assumptions
    assert bool(proof)


@pytest.mark.slow
def test_decomposition_for_densities_is_proved() -> None:
    """The same identity for two Normal densities written out by hand."""
    mu1, mu2 = sympy.symbols("mu1 mu2", real=True)
    s1, s2 = sympy.symbols("sigma1 sigma2", positive=True)
    p = Density(_normal_pdf(mu1, s1), x, (-oo, oo), name="p")
    q = Density(_normal_pdf(mu2, s2), x, (-oo, oo), name="q")
    proof = prove(Eq(symkl.cross_entropy(p, q), symkl.entropy(p) + symkl.kl_divergence(p, q)))
    assert (proof.verdict, proof.method) == (Verdict.PROVED, "termwise-integral")
    assert "each density is positive on its support" in proof.assumptions


@pytest.mark.parametrize("size", [4, n])
def test_gibbs_inequality(size: int | Symbol) -> None:
    """KL(p‖q) ≥ 0 by the Gibbs strategy, naming normalisation and convexity."""
    p, q = Discrete.symbolic("p", size), Discrete.symbolic("q", size)
    proof = prove(Ge(symkl.kl_divergence(p, q), 0))
    assert (proof.verdict, proof.method) == (Verdict.PROVED, "gibbs")
    assert proof.assumptions == (
        "each probability is in (0, 1]",
        "Σ p = 1",
        "Σ q = 1",
        "φ(t) = t*log(t) is convex for t > 0",
    )


@pytest.mark.parametrize("size", [5, n])
def test_entropy_is_at_most_log_n(size: int | Symbol) -> None:
    """H(p) ≤ log n, by Gibbs against the uniform distribution."""
    p = Discrete.symbolic("p", size)
    proof = prove(Le(symkl.entropy(p), log(size)))
    assert (proof.verdict, proof.method) == (Verdict.PROVED, "gibbs")


@pytest.mark.parametrize("size", [3, n])
def test_entropy_is_non_negative_termwise(size: int | Symbol) -> None:
    """−p log p ≥ 0 for p in (0, 1]: termwise-sign uses the upper bound 1."""
    proof = prove(Ge(symkl.entropy(Discrete.symbolic("p", size)), 0))
    assert (proof.verdict, proof.method) == (Verdict.PROVED, "termwise-sign")


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_differential_entropy_can_be_negative() -> None:
    """The same claim for a density is refuted: densities may exceed 1."""
    mu, sigma = Symbol("mu", real=True), Symbol("sigma", positive=True)
    f = Density(_normal_pdf(mu, sigma), x, (-oo, oo), name="f")
    proof = prove(Ge(symkl.entropy(f), 0))
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["lhs"] < 0


@pytest.mark.parametrize("size", [3, n])
def test_kl_is_not_symmetric(size: int | Symbol) -> None:
    """KL(p‖q) = KL(q‖p) is refuted with values confirmed at 50 digits."""
    p, q = Discrete.symbolic("p", size), Discrete.symbolic("q", size)
    proof = prove(Eq(symkl.kl_divergence(p, q), symkl.kl_divergence(q, p)))
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["lhs"] != pytest.approx(proof.counterexample["rhs"])
    assert proof.detail == "confirmed at 50 digits with mpmath"
    assert not proof


def test_definition_step_is_named_definition() -> None:
    """KL(p‖q) = E_p[−log(q/p)] is proved by unfolding the definition."""
    p, q = Discrete.symbolic("p", n), Discrete.symbolic("q", n)
    proof = prove(Eq(symkl.kl_divergence(p, q), symkl.expectation(p, -log(q / p))))
    assert (proof.verdict, proof.method) == (Verdict.PROVED, "definition")


def test_linearity_of_expectation() -> None:
    """E_p[−log q + log p] = E_p[−log q] + E_p[log p]."""
    p, q = Discrete.symbolic("p", n), Discrete.symbolic("q", n)
    claim = Eq(
        symkl.expectation(p, -log(q) + log(p)),
        symkl.expectation(p, -log(q)) + symkl.expectation(p, log(p)),
    )
    proof = prove(claim)
    assert (proof.verdict, proof.method) == (Verdict.PROVED, "linearity-of-expectation")


def test_raw_sums_over_symbolic_n_are_read_as_outcome_sums() -> None:
    """H(p, q) = −Σ_i p[i] log q[i] written with a SymPy Sum is proved termwise."""
    p, q = Discrete.symbolic("p", n), Discrete.symbolic("q", n)
    i = Symbol("j", integer=True)
    P, Q = sympy.IndexedBase("p", positive=True), sympy.IndexedBase("q", positive=True)
    claim = Eq(symkl.cross_entropy(p, q), -sympy.Sum(P[i] * log(Q[i]), (i, 1, n)))
    assert prove(claim).verdict is Verdict.PROVED


def test_convexity_strategy() -> None:
    """t log t − t + 1 ≥ 0 for t > 0: convex with its minimum 0 at t = 1."""
    t = Symbol("t", positive=True)
    proof = prove(Ge(t * log(t) - t + 1, 0))
    assert (proof.verdict, proof.method) == (Verdict.PROVED, "convexity")
    assert proof.assumptions == ("t > 0", "minimum 0 at t = 1")


def test_sign_strategy() -> None:
    """a² + b² + 1 > 0 from the assumptions alone (two variables: not a convexity case)."""
    a, b = sympy.symbols("a b", real=True)
    assert prove(Gt(a**2 + b**2 + 1, 0, evaluate=False)).method == "sign"


def test_expand_log_strategy_only_on_positive_arguments() -> None:
    """log(ab) = log a + log b is proved for positive a, b ..."""
    a, b = sympy.symbols("a b", positive=True)
    proof = prove(Eq(log(a * b), log(a) + log(b)))
    assert (proof.verdict, proof.method) == (Verdict.PROVED, "expand_log")


def test_log_rule_is_refuted_without_positivity() -> None:
    """... and refuted for arbitrary reals (log(−1·−1) ≠ 2 log(−1))."""
    a, b = sympy.symbols("a b", real=True)
    assert prove(Eq(log(a * b), log(a) + log(b))).verdict is Verdict.REFUTED


def test_forced_bernoulli_identity_is_refuted() -> None:
    """KL = CE − H with p, q merely positive is false (complex logs): DESIGN's warning."""
    p, q = sympy.symbols("p q", positive=True)
    kl = p * log(p / q) + (1 - p) * log((1 - p) / (1 - q))
    ce = -p * log(q) - (1 - p) * log(1 - q)
    h = -p * log(p) - (1 - p) * log(1 - p)
    proof = prove(Eq(kl, ce - h))
    assert proof.verdict is Verdict.REFUTED


def test_bernoulli_identity_is_proved_for_distributions() -> None:
    """The same identity between Bernoulli distributions is proved, stating (0, 1]."""
    a, b = sympy.symbols("a b", positive=True)
    p, q = Discrete([a, 1 - a], name="p"), Discrete([b, 1 - b], name="q")
    proof = prove(Eq(symkl.kl_divergence(p, q), symkl.cross_entropy(p, q) - symkl.entropy(p)))
    assert proof.verdict is Verdict.PROVED
    assert "each probability is in (0, 1]" in proof.assumptions


@pytest.mark.parametrize(
    ("claim", "method"),
    [
        (Eq(symkl.entropy([S.Half, S.Half]), log(2)), "evaluation"),
        (Eq(symkl.entropy([1, 0, 0]), 0), "evaluation"),
        (Eq(symkl.kl_divergence([S.Half, S.Half], [1, 0]), oo), "evaluation"),
    ],
)
def test_explicit_numbers_are_evaluated(claim: sympy.Eq, method: str) -> None:
    """Claims without free symbols are evaluated exactly, ∞ included."""
    proof = prove(claim)
    assert (proof.verdict, proof.method) == (Verdict.PROVED, method)


def test_zero_probabilities_use_the_convention() -> None:
    """CE = H + KL with an explicit zero in p is proved pattern by pattern."""
    p = Discrete([S(1) / 3, S(2) / 3, 0], name="p")
    q = Discrete.symbolic("q", 3)
    proof = prove(Eq(symkl.cross_entropy(p, q), symkl.entropy(p) + symkl.kl_divergence(p, q)))
    assert proof.verdict is Verdict.PROVED
    assert "0·log 0 = 0" in proof.assumptions


@pytest.mark.slow
def test_true_but_unprovable_claim_is_checked_not_proved() -> None:
    """Pinsker's inequality is true; no strategy proves it, so it is CHECKED, and falsy."""
    p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    distance = sum(sympy.Abs(a - b) for a, b in zip(p.probs, q.probs, strict=True))
    proof = prove(Ge(symkl.kl_divergence(p, q), distance**2 / 2))
    assert (proof.verdict, proof.method) == (Verdict.CHECKED, "numeric (200 samples)")
    assert not proof


def test_sums_over_data_are_simplified() -> None:
    """Σ 2x_i = 2 Σ x_i for a symbolic number of observations; the Basel sum too."""
    i, k = Symbol("i", integer=True, positive=True), Symbol("k", integer=True, positive=True)
    data = sympy.IndexedBase("x", real=True)
    linear = Eq(
        sympy.Sum(2 * data[i], (i, 1, n)), 2 * sympy.Sum(data[i], (i, 1, n)), evaluate=False
    )
    assert prove(linear).method == "sum-simplification"
    assert prove(Eq(sympy.Sum(1 / k**2, (k, 1, oo)), pi**2 / 6)).verdict is Verdict.PROVED


def test_sum_over_data_without_proof_is_sampled_at_explicit_sizes() -> None:
    """(Σ x_i)² = Σ x_i² is refuted at an explicit n with the observations named x_1, x_2."""
    i = Symbol("i", integer=True, positive=True)
    data = sympy.IndexedBase("x", real=True)
    claim = Eq(sympy.Sum(data[i], (i, 1, n)) ** 2, sympy.Sum(data[i] ** 2, (i, 1, n)))
    proof = prove(claim)
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None
    assert {"x_1", "x_2", "n"} <= set(proof.counterexample)


def test_symbolic_n_proved_only_for_small_sizes_is_checked() -> None:
    """exp(−H(p)) = Π p_i^p_i: proved for n = 1..8 only, so CHECKED with that method."""
    p = Discrete.symbolic("p", n)
    i = IndexedDiscrete.index
    P = sympy.IndexedBase("p", positive=True)
    proof = prove(Eq(exp(-symkl.entropy(p)), sympy.Product(P[i] ** P[i], (i, 1, n))))
    assert (proof.verdict, proof.method) == (Verdict.CHECKED, "proved for n = 1..8")


def test_false_inequality_is_refuted() -> None:
    """H(p) ≥ log n is refuted."""
    p = Discrete.symbolic("p", 3)
    proof = prove(Ge(symkl.entropy(p), log(3)))
    assert proof.verdict is Verdict.REFUTED


def test_a_proof_the_numbers_contradict_is_reported_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    """A strategy that 'proves' a false claim is caught by the spot check and warned about."""
    bogus = Strategy("bogus", lambda rel: Success("bogus"))
    monkeypatch.setattr("symkl.prover._strategies.STRATEGIES", [bogus])
    monkeypatch.setattr("symkl.prover._engine.STRATEGIES", [bogus])
    a = Symbol("a", positive=True)
    with pytest.warns(ProofContradictionWarning, match="bug in symkl"):
        proof = prove(Eq(a, a + 1, evaluate=False))
    assert proof.verdict is Verdict.REFUTED


def test_register_strategy_inserts_before_a_named_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """register_strategy(before=...) places a strategy; duplicates are ignored."""
    monkeypatch.setattr("symkl.prover._strategies.STRATEGIES", list(STRATEGIES))
    from symkl.prover import _strategies

    extra = Strategy("extra", lambda rel: None)
    _strategies.register_strategy(extra, before="gibbs")
    _strategies.register_strategy(extra, before="gibbs")
    names = [s.name for s in _strategies.STRATEGIES]
    assert names.count("extra") == 1
    assert names.index("extra") == names.index("gibbs") - 1
    assert register_strategy is _strategies.register_strategy


def test_timeout_interrupts_and_gives_undecided(monkeypatch: pytest.MonkeyPatch) -> None:
    """A strategy that hangs is killed at the timeout; the verdict is UNDECIDED."""
    hang = Strategy("hang", lambda rel: time.sleep(60))  # type: ignore[func-returns-value]
    monkeypatch.setattr("symkl.prover._engine.STRATEGIES", [hang])
    start = time.perf_counter()
    proof = prove(_decomposition(2), timeout=0.5)
    assert time.perf_counter() - start < 10
    assert (proof.verdict, proof.method) == (Verdict.UNDECIDED, "timeout")
    assert proof.detail == "no result within 0.5 s"


def test_evaluated_relation_is_malformed() -> None:
    """Eq(x, x) is already True: the error says to pass evaluate=False."""
    with pytest.raises(MalformedClaimError, match="evaluate=False"):
        prove(Eq(x, x))


def test_non_relation_is_malformed() -> None:
    """A bare expression is not a claim."""
    with pytest.raises(MalformedClaimError) as info:
        prove(x + 1)
    assert str(info.value) == "a claim must be a SymPy Eq, Le, Ge, Lt or Gt relation, got x + 1"


def test_verdict_parse_names_the_value() -> None:
    """Verdict.parse accepts names and rejects others with the value."""
    assert Verdict.parse("Refuted") is Verdict.REFUTED
    with pytest.raises(ValueError, match="unknown verdict 'maybe'"):
        Verdict.parse("maybe")


@pytest.mark.slow  # seconds: 3
def test_a_proved_strict_bound_with_a_margin_below_the_numbers_is_a_tie() -> None:
    """KL(p‖q) > −10⁻³⁰⁰ is proved by Gibbs; at p = q 50 digits round KL to −10⁻⁵⁷, which is no
    counterexample to the proof (it was REFUTED, with a warning of a bug in symkl)."""
    size = sympy.Symbol("n", integer=True, positive=True)
    p, q = symkl.Discrete.symbolic("p", size), symkl.Discrete.symbolic("q", size)
    proof = symkl.prove(sympy.Gt(symkl.kl_divergence(p, q), -sympy.Rational(1, 10**300)))
    assert (proof.verdict, proof.method) == (symkl.Verdict.UNDECIDED, "numeric tie")
