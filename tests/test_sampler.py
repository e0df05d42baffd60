"""Tests of the spot check's reach: structured points, domains, facts, strictness, evidence."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from sympy import Eq, Ge, Gt, Le, Lt, Rational, Symbol, log

import symkl
from symkl.distributions import Discrete, IndexedDiscrete
from symkl.families import Laplace, MultivariateNormal, Normal, Uniform
from symkl.measures import outcome_sum
from symkl.numeric import Domain, draw, plan_for, spot_check
from symkl.numeric._sampler import random_values, structured_simplex, structured_values
from symkl.relations import as_relation

H, KL, CE = symkl.entropy, symkl.kl_divergence, symkl.cross_entropy
n = Symbol("n", integer=True, positive=True)
a, s, b = sympy.symbols("a s b", positive=True)
t = Symbol("t", real=True)


def _symbolic() -> tuple[symkl.Distribution, symkl.Distribution]:
    return Discrete.symbolic("p", n), Discrete.symbolic("q", n)


@pytest.mark.parametrize(
    ("claim", "where"),
    [
        (lambda p, q: Gt(KL(p, q), 0), "p = q"),
        (lambda p, q: Lt(H(p), log(n)), "uniform p"),
        (lambda p, q: Gt(CE(p, q), H(p)), "p = q"),
        (lambda p, q: Gt(H(p), 0), "one-hot p"),
    ],
)
def test_strict_claims_about_symbolic_n_are_refuted(claim, where: str) -> None:  # type: ignore[no-untyped-def]
    """Strict claims that fail only with equality are refuted (at p = q, uniform, one-hot)."""
    p, q = _symbolic()
    check = spot_check(claim(p, q))
    assert not check.ok, where
    assert check.counterexample is not None
    assert check.counterexample["lhs"] == pytest.approx(check.counterexample["rhs"], abs=1e-12)


def test_strict_claims_with_explicit_numbers_are_refuted() -> None:
    """0 > 0 and log 4 < log 4 are refuted at 50 digits."""
    half = [Rational(1, 2)] * 2
    assert not spot_check(Gt(KL(half, half), 0)).ok
    quarter = [Rational(1, 4)] * 4
    check = spot_check(Lt(H(quarter), log(4)))
    assert not check.ok
    assert check.counterexample == {"lhs": math.log(4), "rhs": math.log(4)}


def test_claims_that_differ_below_double_precision_tolerance_are_refuted() -> None:
    """A gap of 1e-12 relative passes in doubles but is caught at 50 digits."""
    p = Discrete.symbolic("p", 3)
    gap = Rational(1, 10**12)
    assert not spot_check(Eq(H(p) + gap, H(p) + 2 * gap, evaluate=False)).ok
    assert not spot_check(Ge(H(p), gap)).ok


@pytest.mark.parametrize(
    ("family", "threshold"),
    [(lambda: Uniform(0, a), "a < 1"), (lambda: Normal(0, s), "s < 0.242")],
)
def test_negative_differential_entropy_is_reached(family, threshold: str) -> None:  # type: ignore[no-untyped-def]
    """Scales are drawn log-uniformly down to 1e-4, so H < 0 is found."""
    check = spot_check(Ge(H(family()), 0))
    assert not check.ok, threshold
    assert check.counterexample is not None
    assert check.counterexample["lhs"] < 0


def test_true_differential_entropy_formula_checks_with_enough_samples() -> None:
    """H(Normal(0, s)) = log(s·sqrt(2πe)) holds over the whole range of s."""
    claim = Eq(H(Normal(0, s)), log(s * sympy.sqrt(2 * sympy.pi * sympy.E)))
    check = spot_check(claim)
    assert check.ok
    assert check.samples >= 100


def test_every_size_up_to_twelve_and_larger_ones_are_tried() -> None:
    """A claim false only at n = 7 is refuted at n = 7."""
    p = Discrete.symbolic("p", n)
    check = spot_check(Le(H(p), log(n) + sympy.Piecewise((-1, Eq(n, 7)), (0, True))))
    assert check.counterexample is not None
    assert check.counterexample["n"] == 7


def test_entropy_bound_at_n_equal_nine() -> None:
    """H(p) <= log 8 is false for n >= 9 and is refuted there."""
    p = Discrete.symbolic("p", n)
    check = spot_check(Le(H(p), log(8)))
    assert check.counterexample is not None
    assert check.counterexample["n"] >= 9


def test_symbols_without_assumptions_are_tried_as_complex() -> None:
    """log(x**2) = 2 log(x) fails for negative or complex x (SymPy's x is complex)."""
    x = Symbol("x")
    check = spot_check(Eq(log(x**2), 2 * log(x)))
    assert not check.ok
    assert check.counterexample is not None
    assert isinstance(check.counterexample["x"], complex) or check.counterexample["x"] < 0


def test_structured_simplex_points() -> None:
    """Uniform, one-hot, near-one-hot and tiny-probability rows, all on the simplex."""
    rows = structured_simplex(4)
    assert np.allclose(rows.sum(axis=1), 1.0)
    assert any(np.allclose(r, 0.25) for r in rows)
    assert any(sorted(r)[-1] == 1.0 for r in rows)
    assert any(r.max() == 1 - 1e-9 for r in rows)
    assert any(r.min() == 1e-9 for r in rows)


def test_structured_values_respect_open_and_closed_ends() -> None:
    """(0, 1) gets points just inside its ends, never the ends themselves; [0, 1] gets both."""
    open_unit = structured_values(Domain(0.0, 1.0, True, True))
    assert 0.0 not in open_unit
    assert 1.0 not in open_unit
    assert min(open_unit) == pytest.approx(1e-9)
    closed = structured_values(Domain(0.0, 1.0, False, False))
    assert 0.0 in closed
    assert 1.0 in closed
    wide = structured_values(Domain(0.0, math.inf, True, True))
    assert 1e-4 in wide
    assert 1e4 in wide


def test_facts_keep_samples_inside_and_are_never_refuted_outside() -> None:
    """t >= 0 with the fact t > 0 is never refuted; without it it is."""
    assert spot_check(Ge(t, 0), where=[t > 0]).ok
    assert spot_check(Ge(t, 0), where=[t > 0]).samples >= 100
    assert not spot_check(Ge(t, 0)).ok


def test_facts_bound_the_sampled_interval() -> None:
    """0 < t < 1: every drawn t lies strictly inside; counterexamples too."""
    rel = as_relation(Lt(t, Rational(1, 2)), [t > 0, t < 1])
    env = draw(plan_for(rel, None), np.random.default_rng(0), 200)
    assert ((env[t] > 0) & (env[t] < 1)).all()
    check = spot_check(rel)
    assert check.counterexample is not None
    assert 0.5 <= check.counterexample["t"] < 1


def test_facts_that_relate_two_symbols_filter_samples() -> None:
    """With u < v as a fact, v - u > 0 holds at every sample kept."""
    u, v = sympy.symbols("u v", real=True)
    check = spot_check(Gt(v - u, 0), where=[u < v])
    assert check.ok
    assert check.samples >= 100


def test_a_fact_that_sums_symbols_to_one_makes_a_simplex() -> None:
    """Sum(p[i]) = 1 with the distribution fact stated is checked, not refuted."""
    pb = sympy.IndexedBase("p", positive=True)
    i = Symbol("i", integer=True, positive=True)
    total = sympy.Sum(pb[i], (i, 1, n))
    assert spot_check(Eq(total, 1), where=[Eq(total, 1)]).ok
    assert not spot_check(Eq(total, 1)).ok  # positive reals p[i] alone need not sum to 1


def test_a_discrete_of_expressions_keeps_its_entries_probabilities() -> None:
    """Discrete([p, 1 - p]) with a plain p: Bernoulli KL >= 0 holds (p stays in [0, 1])."""
    p_, q_ = sympy.symbols("p q")
    left, right = Discrete([p_, 1 - p_], name="P"), Discrete([q_, 1 - q_], name="Q")
    check = spot_check(Ge(KL(left, right), 0))
    assert check.ok
    assert check.samples >= 100


def test_outcome_sums_substitute_the_index_per_outcome() -> None:
    """Σ i·p_i <= n holds at every n (n = 1 included); E_p[i] = E_q[i] is refuted."""
    p, q = _symbolic()
    i = IndexedDiscrete.index
    assert spot_check(Le(outcome_sum(i * p), n)).ok
    check = spot_check(Eq(outcome_sum(i * p), outcome_sum(i * q)))
    assert check.counterexample is not None
    assert "i" not in check.counterexample


@pytest.mark.parametrize("relation", [Le, Lt, Ge, Gt, Eq])
def test_counterexamples_report_the_claims_own_sides(relation) -> None:  # type: ignore[no-untyped-def]
    """For <=, <, >=, > and = the reported lhs/rhs are the claim's and they violate it."""
    p = Discrete.symbolic("p", 3)
    check = spot_check(relation(H(p), log(2)))
    assert check.counterexample is not None
    lhs, rhs = check.counterexample["lhs"], check.counterexample["rhs"]
    point = {k: v for k, v in check.counterexample.items() if k.startswith("p_")}
    assert set(point) == {"p_1", "p_2", "p_3"}
    value = -sum(v * math.log(v) for v in point.values() if v > 0)
    assert lhs == pytest.approx(value)
    assert rhs == pytest.approx(math.log(2))
    assert not bool(relation(sympy.Float(lhs, 30), sympy.Float(rhs, 30)))


def test_counterexamples_carry_only_claim_variables() -> None:
    """An integration variable never appears in a counterexample."""
    x = Symbol("x", real=True)
    lam = Symbol("lambda", positive=True)
    f = symkl.Density(lam * sympy.exp(-lam * x), x, (0, sympy.oo), name="f")
    check = spot_check(Eq(symkl.expectation(f, x), 2 / lam))
    assert check.counterexample is not None
    assert set(check.counterexample) == {"lambda", "lhs", "rhs"}


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_laplace_claims_evaluate() -> None:
    """The Laplace entropy is checked (the kink at the location is split); a wrong one refuted."""
    mu = Symbol("mu", real=True)
    assert spot_check(Eq(H(Laplace(mu, b)), 1 + log(2 * b))).samples >= 100
    assert not spot_check(Eq(H(Laplace(mu, b)), 2 + log(2 * b))).ok


def test_multivariate_normal_claims_evaluate() -> None:
    """MVN entropy and KL evaluate by Gauss–Hermite quadrature; false numbers are refuted."""
    p = MultivariateNormal([0, 0], sympy.eye(2))
    q = MultivariateNormal([1, 0], 2 * sympy.eye(2))
    entropy = 1 + log(2 * sympy.pi)
    assert spot_check(Eq(H(p), entropy)).exhaustive
    kl = log(2) + Rational(1, 2) + Rational(1, 4) - 1
    assert spot_check(Eq(KL(p, q), kl)).exhaustive
    wrong = spot_check(Eq(KL(p, q), 1))
    assert wrong.counterexample is not None
    assert wrong.counterexample["lhs"] == pytest.approx(float(kl))


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_symbolic_multivariate_normal_location() -> None:
    """A symbolic MVN location is sampled over the reals."""
    m = Symbol("m", real=True)
    p = MultivariateNormal([m, 0], sympy.eye(2))
    q = MultivariateNormal([0, 0], sympy.eye(2))
    check = spot_check(Eq(KL(p, q), m**2 / 2))
    assert check.ok
    assert check.samples >= 100


def test_an_infinite_side_against_a_finite_one_is_refuted() -> None:
    """CE(q, one-hot) is ∞ for every q with q_2 > 0: equal to a finite value nowhere."""
    onehot, q2 = Discrete([1, 0], name="p"), Discrete.symbolic("q", 2)
    check = spot_check(Eq(CE(q2, onehot), -log(q2.probs[0])))
    assert check.counterexample is not None
    assert check.counterexample["lhs"] == math.inf


def test_a_constant_gap_of_one_in_a_trillion_is_refuted() -> None:
    """CE(one-hot, q) + 1e-12 = −log q_2 is off by 1e-12 everywhere; 50 digits see it."""
    q3 = Discrete.symbolic("q", 3)
    onehot = Discrete([0, 1, 0], name="p")
    check = spot_check(Eq(CE(onehot, q3) + sympy.S(1) / 10**12, -log(q3.probs[1])))
    assert check.counterexample is not None


def test_functions_of_probabilities_such_as_ceiling_evaluate() -> None:
    """E_p[⌈−log₂ q⌉] >= H₂(p, q) gets its samples (ceiling of a pmf is evaluated)."""
    p, q = _symbolic()
    length = symkl.expectation(p, sympy.ceiling(-log(q) / log(2)))
    check = spot_check(Ge(length, CE(p, q, base=2)))
    assert check.ok
    assert check.samples >= 100


@pytest.mark.parametrize("samples", [0, -5, 2.5])
def test_a_sample_count_that_is_not_a_positive_integer_is_rejected(samples: object) -> None:
    """samples=-5 raises a ValueError naming the value."""
    with pytest.raises(ValueError, match=str(samples)):
        spot_check(Ge(H(Discrete.symbolic("p", 2)), 0), samples=samples)  # type: ignore[arg-type]


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_normal_claims_get_the_minimum_evidence() -> None:
    """A true claim over symbolic n and one over family parameters each get >= 100 samples."""
    p, q = _symbolic()
    assert spot_check(Ge(KL(p, q), 0)).samples >= 100
    m = Symbol("m", real=True)
    closed = log(s / b) + (b**2 + m**2) / (2 * s**2) - Rational(1, 2)
    assert spot_check(Eq(KL(Normal(m, b), Normal(0, s)), closed)).samples >= 100


def test_regularized_incomplete_beta_is_confirmed_regularized() -> None:
    """The 50-digit path evaluates betainc_regularized as the regularized integral (≈ 0.9735)."""
    import mpmath

    from symkl.numeric import Backend, evaluate

    a, b, x = sympy.symbols("a b x", positive=True)
    expr = sympy.betainc_regularized(a + 1, b, 0, x)
    env = {a: mpmath.mpf("0.998"), b: mpmath.mpf(459), x: mpmath.mpf("0.0119")}
    value = evaluate(expr, env, Backend.MPMATH)
    assert abs(value - mpmath.betainc(1.998, 459, 0, 0.0119, regularized=True)) < 1e-12


def test_optimisation_checks_sample_the_spot_checks_points() -> None:
    """The optimisation sampler uses the spot check's structured points, tolerance and digits:
    a positive parameter is tried at 1e-4, 1e4 and just above 0, a simplex at its corners."""
    import symkl.numeric as numeric
    from symkl.calculus import _domain, _numeric

    assert _numeric.CONFIRM_DPS == numeric.CONFIRM_DPS
    assert _domain.FACT_TOLERANCE == numeric._sampler.FACT_TOLERANCE
    assert numeric.SYMBOLIC_SIZES[: len(_numeric.SIZES)] == _numeric.SIZES
    w = Symbol("w", positive=True)
    p = Discrete.symbolic("p", 3)
    (inst,) = _numeric.instances([w * H(p)], [w])
    env, valid = _numeric.sample(inst, np.random.default_rng(0), 200)
    values = env[w][valid]
    assert {1e-4, 1e4} <= set(values.tolist())
    assert values.min() < 1e-8
    rows = np.stack([env[s] for s in p.simplex_symbols()], axis=1)
    assert any(np.array_equal(row, [1.0, 0.0, 0.0]) for row in rows)


def test_two_symbolic_sizes_stop_at_a_bounded_table() -> None:
    """With two symbolic sizes, an instance writes out at most MAX_CELLS entries."""
    from symkl.numeric._instances import MAX_CELLS, explicit_instances

    m = Symbol("m", integer=True, positive=True)
    p, q = Discrete.symbolic("p", n), Discrete.symbolic("q", m)
    labels = [label for label, _ in explicit_instances(as_relation(Ge(H(p) + H(q), 0)))]
    assert labels
    assert all(label is not None and math.prod(label.values()) <= MAX_CELLS for label in labels)
    assert {"m": 12, "n": 12} in labels
    assert {"m": 2, "n": 1} in labels  # unequal sizes too: an m × n table need not be square


def test_disjoint_one_hot_pairs_reach_small_shares() -> None:
    """JS < log 2 and TV < 1 over a symbolic n are refuted at disjoint one-hot p, q."""
    from symkl.information import js_divergence, total_variation

    p, q = Discrete.symbolic("p", n), Discrete.symbolic("q", n)
    for claim in (Lt(js_divergence(p, q), log(2)), Lt(total_variation(p, q), 1)):
        check = spot_check(claim)
        assert check.counterexample is not None
        assert check.counterexample["lhs"] == pytest.approx(check.counterexample["rhs"])


def test_a_square_table_is_tried_on_its_diagonal() -> None:
    """I(X; Y) < log n over an n × n table is refuted; with positive entries (3 × 3) it holds."""
    from symkl.information import Joint, mutual_information

    closed = spot_check(Lt(mutual_information(Joint.symbolic("p", (n, n)), "X", "Y"), log(n)))
    assert closed.counterexample is not None
    assert closed.counterexample["lhs"] == pytest.approx(closed.counterexample["rhs"])
    # Joint.symbolic("p", (3, 3)) declares its entries positive: X = Y is outside that domain
    positive = Joint.symbolic("p", (3, 3))
    assert spot_check(Lt(mutual_information(positive, "X", "Y"), log(3))).ok


@pytest.mark.slow
def test_unequal_symbolic_sizes_are_tried() -> None:
    """H(Y | X) <= log m for an m × n table is refuted (m = 1, n = 2), with both sizes named."""
    from symkl.information import Joint, conditional_entropy

    m = Symbol("m", integer=True, positive=True)
    table = Joint.symbolic("p", (m, n))
    check = spot_check(Le(conditional_entropy(table, "Y", "X"), log(m)))
    assert check.counterexample is not None
    assert check.counterexample["m"] < check.counterexample["n"]


def test_a_positive_integer_is_never_sampled_at_zero() -> None:
    """An open lower end 0 of an integer domain is left out of the random values."""
    domain = Domain(0.0, math.inf, True, True, integer=True)
    values = random_values(np.random.default_rng(0), domain, 2000)
    assert values.min() >= 1


def test_a_ceiling_jump_just_under_a_dyadic_probability_is_found() -> None:
    """E_p[⌈−log₂ q⌉] < H_b(p, q) + 1 with b slightly above 2 is refuted (q just under 1/2)."""
    p, q = _symbolic()
    code_length = symkl.expectation(p, sympy.ceiling(-log(q) / log(2)))
    claim = Lt(code_length, CE(p, q, base=Rational(2001, 1000)) + 1)
    check = spot_check(claim, where=(symkl.absolutely_continuous(p, q),))
    assert check.counterexample is not None


def test_an_empty_domain_gives_no_point_not_a_crash() -> None:
    """Facts that exclude each other (lo > hi) give nan values: no sample, no evidence."""
    domain = Domain(1.5, 1.0, True, False)
    values = random_values(np.random.default_rng(0), domain, 8)
    assert np.isnan(values).all()
    assert structured_values(domain) == []


def test_scalars_of_different_domains_meet_at_one_and_zero_together() -> None:
    """Positive shapes at 1 and nonnegative offsets at 0 share a structured row."""
    d1, d2 = sympy.symbols("delta1 delta2", nonnegative=True)
    plan = plan_for(as_relation(Eq(a + b, d1 + d2)), None)
    env = draw(plan, np.random.default_rng(0), 40)
    rows = set(zip(*(env[x] for x in (a, b, d1, d2)), strict=True))
    assert {(1.0, 1.0, 0.0, 0.0), (1.0, 1.0, 1.0, 0.0), (1.0, 1.0, 0.0, 1.0)} <= rows


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_a_strict_kl_bound_false_only_where_two_families_coincide_is_refuted() -> None:
    """KL₂(Beta ‖ Uniform(−δ₁, 1 + δ₂)) > KL is false only at a = b = 1, δ₁ = δ₂ = 0 (both 0)."""
    from symkl.families import Beta

    d1, d2 = sympy.symbols("delta1 delta2", nonnegative=True)
    p, q = Beta(a, b), Uniform(-d1, 1 + d2)
    proof = symkl.prove(Gt(KL(p, q, base=2), KL(p, q)), timeout=60)
    assert proof.verdict is symkl.Verdict.REFUTED
    assert proof.counterexample is not None
    point = {k: proof.counterexample[k] for k in ("a", "b", "delta1", "delta2")}
    assert point == {"a": 1.0, "b": 1.0, "delta1": 0.0, "delta2": 0.0}
    assert symkl.prove(Ge(KL(p, q, base=2), KL(p, q)), timeout=60).verdict is symkl.Verdict.PROVED


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("Chi2(k)", "Gamma(a, r)", marks=pytest.mark.slow),  # a = k/2, r = 1/2
        pytest.param("Gamma(a, r)", "Exponential(s)", marks=pytest.mark.slow),  # a = 1, r = s
        # equal at a = k = 1, b = s; this and the two below with "slow" take seconds each
        pytest.param("Kumaraswamy(a, b)", "Beta(k, s)", marks=pytest.mark.slow),
        ("Exponential(r)", "Chi2(k)"),  # equal at r = 1/2, k = 2
        # equal at k = 1, m = t, s = r
        pytest.param("StudentT(k, m, s)", "Cauchy(t, r)", marks=pytest.mark.slow),
        # equal at r = 1, q = 1 − p
        pytest.param("Geometric(p)", "NegativeBinomial(r, q)", marks=pytest.mark.slow),
        ("ContinuousBernoulli(p)", "Uniform(0, 1)"),  # equal at p = 1/2 (0/0 in its formula)
        # equal at a = b = 1, p = 1/2 (nan in doubles)
        pytest.param("Beta(a, b)", "ContinuousBernoulli(p)", marks=pytest.mark.slow),
    ],
)
def test_a_strict_bound_false_only_where_two_families_coincide_is_refuted(
    first: str, second: str
) -> None:
    """KL₂(P ‖ Q) > KL(P ‖ Q) fails where P = Q; the sampler solves for that point."""
    import symkl.families as families

    names = {"a": a, "b": b, "s": s, "t": t, "k": Symbol("k", positive=True)}
    names |= {"r": Symbol("r", positive=True), "m": Symbol("m", real=True)}
    # probabilities in (0, 1): declared positive, and below 1 by the families' own facts
    names |= {"p": Symbol("p", positive=True), "q": Symbol("q", positive=True)}
    p, q = (sympy.sympify(text, locals={**vars(families), **names}) for text in (first, second))
    proof = symkl.prove(Gt(KL(p, q, base=2), KL(p, q)), timeout=60)
    assert proof.verdict is symkl.Verdict.REFUTED, (proof.method, proof.detail)
    assert symkl.prove(Ge(KL(p, q, base=2), KL(p, q)), timeout=60).verdict in (
        symkl.Verdict.PROVED,
        symkl.Verdict.CHECKED,
    )


@pytest.mark.slow
def test_two_families_that_never_coincide_keep_their_strict_bound() -> None:
    """HalfNormal(s) is never a Chi2(k) (x² against x in the exponent): KL₂ > KL is CHECKED."""
    from symkl.families import Chi2, HalfNormal

    p, q = HalfNormal(s), Chi2(Symbol("k", positive=True))
    proof = symkl.prove(Gt(KL(p, q, base=2), KL(p, q)), timeout=60)
    assert proof.verdict is symkl.Verdict.CHECKED
