"""The soundness kernel: strategies propose, the kernel decides PROVED (issue 11 reproductions)."""

from __future__ import annotations

import pytest
import sympy
from sympy import Eq, Ge, Gt, Le, Lt, Ne, Rational, Symbol, log, oo

import symkl
from symkl import Discrete, prove
from symkl._guard import OPS_LIMIT, affordable, why_costly
from symkl.distributions import Density, IndexedDiscrete
from symkl.errors import InvalidBaseError
from symkl.families import Normal
from symkl.measures import Entropy, expectation, outcome_sum
from symkl.numeric import Check
from symkl.prover import Relation, RelationKind, Strategy, Success, Verdict, as_relation
from symkl.prover._engine import MIN_EVIDENCE, _try_strategies, prove_relation
from symkl.prover._kernel import (
    AsEquality,
    Evaluated,
    Jensen,
    SymbolicSign,
    TermwiseSign,
    Vanishes,
    check,
)

H, KL, CE = symkl.entropy, symkl.kl_divergence, symkl.cross_entropy
n = Symbol("n", integer=True, positive=True)
p, q = Discrete.symbolic("p", n), Discrete.symbolic("q", n)
HALF, QUARTER = Rational(1, 2), Rational(1, 4)


@pytest.mark.parametrize(
    "claim",
    [
        Gt(KL(p, q), 0),
        Lt(H(p), log(n)),
        Gt(CE(p, q), H(p)),
        Gt(KL([HALF, HALF], [HALF, HALF]), 0),
        Lt(H([QUARTER] * 4), log(4)),
        Gt(H(p), 0),
    ],
    ids=["kl>0", "H<log n", "CE>H", "KL(u,u)>0", "H(u4)<log 4", "H>0"],
)
def test_a_strict_claim_false_at_equality_is_never_proved(claim: sympy.Basic) -> None:
    """A ≥ argument (Gibbs, termwise sign, evaluation at 0) never proves a strict claim."""
    proof = prove(claim)
    assert proof.verdict is not Verdict.PROVED, proof


def test_strict_gibbs_with_the_stated_fact_p_ne_q_is_proved() -> None:
    """KL(p‖q) > 0 given Ne(p, q): strict Jensen, and the proof lists p ≠ q."""
    proof = prove(Gt(KL(p, q), 0), where=[Ne(p, q)])
    assert (proof.verdict, proof.method) == (Verdict.PROVED, "gibbs")
    assert "kernel rule jensen" in proof.detail
    assert any("p ≠ q" in a for a in proof.assumptions)


def test_non_strict_gibbs_is_still_proved_and_names_its_rule() -> None:
    """KL ≥ 0 and H ≤ log n keep their proofs; the detail names the kernel rule."""
    for claim in (Ge(KL(p, q), 0), Le(H(p), log(n))):
        proof = prove(claim)
        assert (proof.verdict, proof.method, proof.detail) == (
            Verdict.PROVED,
            "gibbs",
            "kernel rule jensen",
        )


def test_an_index_dependent_coefficient_never_passes_termwise() -> None:
    """Σ i·p_i = Σ i·q_i is false at p = (1, 0), q = (0, 1): never PROVED."""
    i = IndexedDiscrete.index
    for claim in (
        Eq(outcome_sum(i * p), outcome_sum(i * q)),
        Eq(expectation(p, i), expectation(q, i)),
    ):
        assert prove(claim).verdict is not Verdict.PROVED


def test_a_divergent_integral_is_never_proved() -> None:
    """E[x²] under a Cauchy density is ∞, under a Normal 1: the claim they agree is not PROVED."""
    x = Symbol("x", real=True)
    cauchy = Density(1 / (sympy.pi * (1 + x**2)), x, (-oo, oo), name="c")
    normal = Density(sympy.exp(-(x**2) / 2) / sympy.sqrt(2 * sympy.pi), x, (-oo, oo), name="g")
    proof = prove(Eq(expectation(cauchy, x**2), expectation(normal, x**2)))
    assert proof.verdict is not Verdict.PROVED


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_zero_usable_samples_do_not_prove_a_termwise_integral_identity(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no usable sample, cancelling integrals term by term is UNDECIDED, not PROVED."""
    x = Symbol("x", real=True)
    r, s = sympy.symbols("r s", positive=True)
    a = Density(r * sympy.exp(-r * x), x, (0, oo), name="a")
    b = Density(s * sympy.exp(-s * x), x, (0, oo), name="b")
    claim = as_relation(Eq(CE(a, b), H(a) + KL(a, b)))
    assert prove_relation(claim).verdict is Verdict.PROVED
    monkeypatch.setattr("symkl.numeric.spot_check", lambda *a, **k: Check(True, 0.0, None, 0))
    proof = prove_relation(claim)
    assert proof.verdict is Verdict.UNDECIDED
    assert "no sample shows they converge" in proof.detail


def test_a_rounded_float_is_not_an_exact_number() -> None:
    """H([.5, .5]) = 0.6931471805599453 is not PROVED: the float is not log 2."""
    claim = as_relation(Eq(H([0.5, 0.5]), 0.6931471805599453))
    accepted, notes = _try_strategies(claim)
    assert accepted is None
    assert any("no proof attempted: a Float is not an exact number" in n for n in notes), notes
    assert prove(claim).verdict is Verdict.REFUTED


def test_infinite_sides_are_compared_as_infinities() -> None:
    """∞ = 5 and ∞ > ∞ are refused, ∞ = ∞ and ∞ ≥ 5 accepted, by the evaluation rule."""

    def judged(kind: RelationKind, lhs: sympy.Expr, rhs: sympy.Expr) -> bool:
        return check(Relation(kind, lhs, rhs), Evaluated(lhs, rhs)).ok

    five = sympy.Integer(5)
    assert not judged(RelationKind.EQ, oo, five)
    assert not judged(RelationKind.GT, oo, oo)
    assert not judged(RelationKind.GE, five, oo)
    assert judged(RelationKind.EQ, oo, oo)
    assert judged(RelationKind.GE, oo, five)
    claim = as_relation(Eq(KL([HALF, HALF], [1, 0]), 5))
    accepted, notes = _try_strategies(claim)
    assert accepted is None
    assert any("oo and 5 differ" in n for n in notes), notes
    assert prove(claim).verdict is Verdict.REFUTED


def test_a_logarithm_base_of_zero_or_one_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """H(p) in base 0 is 'zero' only because 1/log 0 = 0; base 1 divides by 0: never PROVED."""
    monkeypatch.setenv("SYMKL_STRATEGY_ERRORS", "raise")  # and no strategy trips over zoo
    for base in (0, 1):
        # The constructor refuses these bases before any strategy could see them.
        with pytest.raises(InvalidBaseError, match=f"got {base}"):
            prove(Eq(Entropy(p, sympy.Integer(base)), 0))


def test_domain_facts_bound_a_plain_symbol_and_are_listed() -> None:
    """0 < t < 1 lets log t ≤ 0 and t(1 − t) > 0 be proved; the facts are in the assumptions."""
    t = Symbol("t")
    for claim in (Le(log(t), 0), Gt(t * (1 - t), 0)):
        accepted, notes = _try_strategies(as_relation(claim, [t > 0, t < 1]))
        assert accepted is not None, notes
        success, rule = accepted
        assert rule == "symbolic-sign"
        assert {"t > 0", "t < 1"} <= set(success.assumptions)
    assert _try_strategies(as_relation(Le(log(t), 0), [t > 0]))[0] is None


def test_a_closed_interval_only_uses_its_lower_bound() -> None:
    """0 ≤ t ≤ 1 is encoded as t ≥ 0 (sound, weaker): t ≤ 1 is then not provable."""
    t = Symbol("t")
    assert _try_strategies(as_relation(Ge(t, 0), [t >= 0, t <= 1]))[0] is not None
    assert _try_strategies(as_relation(Le(t, 1), [t >= 0, t <= 1]))[0] is None


def test_bernoulli_kl_steps_in_plain_symbols() -> None:
    """Correct steps of a Bernoulli KL derivation prove under 0 < p, q < 1; a wrong one does not."""
    a, b = sympy.symbols("p q")
    P, Q = Discrete([a, 1 - a], name="P"), Discrete([b, 1 - b], name="Q")
    facts = [a > 0, a < 1, b > 0, b < 1]
    closed = a * log(a / b) + (1 - a) * log((1 - a) / (1 - b))
    good = [
        Eq(KL(P, Q), closed),
        Eq(log((1 - a) / (1 - b)), log(1 - a) - log(1 - b)),
        Ge(KL(P, Q), 0),
    ]
    for claim in good:
        accepted, notes = _try_strategies(as_relation(claim, facts))
        assert accepted is not None, (claim, notes)
    # The quotient rule needs 1 − p > 0 and 1 − q > 0: the facts are used and listed.
    accepted, _ = _try_strategies(as_relation(good[1], facts))
    assert accepted is not None
    assert {"p < 1", "q < 1"} <= set(accepted[0].assumptions)
    wrong = Eq(KL(P, Q), a * log(b / a) + (1 - a) * log((1 - a) / (1 - b)))
    assert _try_strategies(as_relation(wrong, facts))[0] is None
    assert prove(wrong, where=facts).verdict is Verdict.REFUTED
    # Without the facts the quotient rule is not available (it fails for p > 1 > q).
    assert _try_strategies(as_relation(good[1]))[0] is None


def test_a_strategy_error_is_recorded_in_the_detail(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception names the strategy, its type and message; it is not silent."""

    def broken(rel: Relation) -> Success | None:
        raise KeyError("no such pattern")

    monkeypatch.delenv("SYMKL_STRATEGY_ERRORS", raising=False)
    monkeypatch.setattr("symkl.prover._engine.STRATEGIES", [Strategy("broken", broken)])
    a = Symbol("a", positive=True)
    proof = prove(Eq(a + a, 2 * a, evaluate=False))
    assert proof.verdict is Verdict.CHECKED
    assert "broken failed: KeyError: 'no such pattern'" in proof.detail


def test_the_environment_switch_raises_strategy_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """SYMKL_STRATEGY_ERRORS=raise lets a strategy's bug propagate."""

    def broken(rel: Relation) -> Success | None:
        raise KeyError("no such pattern")

    monkeypatch.setenv("SYMKL_STRATEGY_ERRORS", "raise")
    monkeypatch.setattr("symkl.prover._engine.STRATEGIES", [Strategy("broken", broken)])
    a = Symbol("a", positive=True)
    with pytest.raises(KeyError, match="no such pattern"):
        prove(Eq(a + a, 2 * a, evaluate=False))


def test_few_usable_samples_are_undecided_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """CHECKED needs MIN_EVIDENCE usable samples; 9 give UNDECIDED with the reason."""
    monkeypatch.setattr("symkl.prover._engine.STRATEGIES", [])
    monkeypatch.setattr("symkl.numeric.spot_check", lambda *a, **k: Check(True, 0.0, None, 9))
    a = Symbol("a", positive=True)
    claim = as_relation(Ge(a**2 + 1, a))
    proof = prove_relation(claim)
    assert proof.verdict is Verdict.UNDECIDED
    assert f"only 9 usable numeric samples (CHECKED needs {MIN_EVIDENCE})" in proof.detail
    assert prove_relation(claim, min_samples=5).verdict is Verdict.CHECKED


def test_a_claim_without_symbols_needs_one_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    """A closed claim has one point: one agreeing evaluation is all the evidence there is."""
    monkeypatch.setattr("symkl.prover._engine.STRATEGIES", [])
    monkeypatch.setattr("symkl.numeric.spot_check", lambda *a, **k: Check(True, 0.0, None, 1))
    proof = prove_relation(as_relation(Ge(log(3), 1, evaluate=False)))
    assert proof.verdict is Verdict.CHECKED


def test_a_twenty_digit_rational_skips_expensive_calls() -> None:
    """H(p) ≥ a 20-digit rational: the guard refuses simplify; the claim is not PROVED."""
    big = Rational(69314718055994530942, 10**20)
    assert why_costly(big) == "a number with 20 digits (limit 15)"
    assert not affordable(sympy.Add(*sympy.symbols(f"x0:{OPS_LIMIT + 2}")))
    accepted, notes = _try_strategies(as_relation(Ge(H(p), big)))
    assert accepted is None
    assert any("skipped: a number with 20 digits" in note for note in notes)


@pytest.mark.parametrize(
    ("expr", "reason"),
    [
        (sympy.exp(1250 - Symbol("mu")), "a power of degree 1250 (limit 64)"),
        (Symbol("t") ** 65 - 1, "a power of degree 65 (limit 64)"),
        (Symbol("t") ** -100, "a power of degree 100 (limit 64)"),
        (Symbol("t") ** 64 - sympy.exp(64), None),
    ],
)
def test_a_high_integer_power_skips_expensive_calls(expr: sympy.Expr, reason: str | None) -> None:
    """factor reads e^1250 as a degree-1250 polynomial in E: above degree 64 it is not called."""
    assert why_costly(expr) == reason


def test_a_bound_on_a_far_exponential_is_refuted_within_seconds() -> None:
    """E_N(μ, 50)[e^(−x)] ≤ e^(1250 − μ)/2 (false) was CHECKED: the two step sizes agreed on
    10⁻⁴⁴ of the value; and factor ran for minutes on it before the degree guard."""
    mu = Symbol("mu", real=True)
    normal = Normal(mu, 50)
    claim = Le(expectation(normal, sympy.exp(-normal.variable)), sympy.exp(1250 - mu) / 2)
    proof = prove(claim, where=[Ge(mu, 1250), Le(mu, 1900)], timeout=60)
    assert proof.verdict is Verdict.REFUTED, (proof.verdict, proof.detail)


def test_the_kernel_rejects_certificates_that_do_not_hold() -> None:
    """Forged certificates: a wrong sign, a ≥ rule for >, a concave φ are refused."""
    a = Symbol("a", positive=True)
    ge = as_relation(Ge(a - 1, 0))
    assert not check(ge, SymbolicSign(a - 1)).ok
    assert not check(ge, SymbolicSign(a)).ok  # not lhs − rhs
    equality = as_relation(Eq(a, a + 1, evaluate=False))
    assert check(equality, Vanishes()).reason == "lhs − rhs does not vanish"
    assert "cannot prove a > relation" in check(as_relation(Gt(a, 1)), Vanishes()).reason
    t, x = sympy.Dummy("t", positive=True), sympy.Dummy("x", positive=True)
    concave = Jensen(log(x), x, sympy.Integer(1), t, log(t), p, None, sympy.Integer(1))
    assert "convex" in check(as_relation(Ge(H(p), 0)), concave).reason
    unit = TermwiseSign((-log(x),), (x,))
    assert check(as_relation(Ge(H(p), 0)), unit).ok
    assert not check(as_relation(Gt(H(p), 0)), unit).ok


def test_zero_weight_is_applied_before_sympy_cancels() -> None:
    """E_q[p/q] with q = (1, 0), p = (½, ½) is ½ under 0·∞ = 0: = 1 is never PROVED."""
    q0 = Discrete([1, 0], name="q")
    p0 = Discrete([HALF, HALF], name="p")
    claim = as_relation(Eq(expectation(q0, p0 / q0), 1))
    assert _try_strategies(claim)[0] is None
    accepted, _ = _try_strategies(as_relation(Eq(expectation(q0, p0 / q0), HALF)))
    assert accepted is not None


def test_a_cancelled_weight_needs_absolute_continuity_stated() -> None:
    """E_q[p/q] = 1 for symbolic p, q holds only if p ≪ q (at q = (1, 0), p = (½, ½) it is ½):
    not PROVED without the fact; PROVED with it, and the proof lists it."""
    from symkl.facts import absolutely_continuous

    claim = Eq(expectation(q, p / q), 1)
    assert prove(claim).verdict is not Verdict.PROVED
    proof = prove(claim, where=[absolutely_continuous(p, q)])
    assert proof.verdict is Verdict.PROVED
    assert "p ≪ q" in proof.assumptions


def test_a_strategy_is_tried_only_for_the_kinds_it_declares(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A ≥ strategy is never run on a > claim; on a ≥ claim it runs (here: and fails loudly)."""

    def broken(rel: Relation) -> Success | None:
        raise KeyError("ran")

    monkeypatch.delenv("SYMKL_STRATEGY_ERRORS", raising=False)
    only_ge = Strategy("only-ge", broken, frozenset({RelationKind.GE}))
    monkeypatch.setattr("symkl.prover._engine.STRATEGIES", [only_ge])
    a = Symbol("a", positive=True)
    assert _try_strategies(as_relation(Gt(a**2 + 1, a)))[1] == []
    assert _try_strategies(as_relation(Ge(a**2 + 1, a)))[1] == ["only-ge failed: KeyError: 'ran'"]


def test_a_symbolic_base_needs_the_facts_b_positive_and_b_ne_1() -> None:
    """H_b(p) = H(p)/log b is proved given b > 0 and Ne(b, 1), listed; not without Ne(b, 1)."""
    b = Symbol("b")
    claim = Eq(H(p, base=b), H(p) / log(b))
    accepted, _ = _try_strategies(as_relation(claim, [b > 0, Ne(b, 1)]))
    assert accepted is not None
    assert {"b > 0", "Ne(b, 1)"} <= set(accepted[0].assumptions)
    assert _try_strategies(as_relation(claim, [b > 0]))[0] is None


def test_an_exception_in_the_kernel_is_a_refusal_not_a_proof(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If the kernel itself fails, nothing is PROVED and the detail says so."""

    def failing(rel: Relation, certificate: object) -> None:
        raise ValueError("kernel bug")

    monkeypatch.delenv("SYMKL_STRATEGY_ERRORS", raising=False)
    monkeypatch.setattr("symkl.prover._engine.check", failing)
    proof = prove(Ge(KL(p, q), 0))
    assert proof.verdict is Verdict.CHECKED
    assert "gibbs: the kernel failed: ValueError: kernel bug" in proof.detail


def test_a_success_without_certificate_proves_no_inequality(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The kernel's 'external' rule accepts uncertified equalities only."""
    bare = Strategy("bare", lambda rel: Success("bare"), frozenset(RelationKind))
    monkeypatch.setattr("symkl.prover._engine.STRATEGIES", [bare])
    a = Symbol("a", positive=True)
    accepted, notes = _try_strategies(as_relation(Ge(a**2 + 1, a)))
    assert accepted is None
    assert notes == ["bare: the kernel refused (rule external cannot prove a >= relation)"]
    accepted, _ = _try_strategies(as_relation(Eq(a + a, 2 * a, evaluate=False)))
    assert accepted is not None
    assert accepted[1] == "external"


def test_gibbs_with_phi_identically_zero_never_proves_a_strict_claim() -> None:
    """CE(p, q) > H(p) + KL(p, q) is 0 > 0: not PROVED, even with Ne(p, q) stated (φ ≡ 0)."""
    for claim in (Gt(CE(p, q), H(p) + KL(p, q)), Gt(KL(p, q), CE(p, q) - H(p))):
        for facts in ([], [Ne(p, q)]):
            accepted, notes = _try_strategies(as_relation(claim, facts))
            assert accepted is None, notes


_A = Symbol("a", positive=True)
_GE, _GT = RelationKind.GE, RelationKind.GT


@pytest.mark.parametrize(
    ("kind", "lhs", "rhs", "inner", "ok"),
    [
        (_GE, (_A + 1) ** 2, _A**2 + 2 * _A + 1, Vanishes(), True),
        (_GE, _A + 2, _A + 1, Vanishes(), False),
        (_GT, (_A + 1) ** 2, _A**2 + 2 * _A + 1, Vanishes(), False),
        (_GE, Rational(1, 2), Rational(1, 3), Evaluated(Rational(1, 2), Rational(1, 3)), False),
    ],
    ids=["equal", "not-equal", "strict", "numbers-differ"],
)
def test_the_equality_rule_proves_ge_only_through_a_proved_equality(
    kind: RelationKind, lhs: sympy.Expr, rhs: sympy.Expr, inner: object, ok: bool
) -> None:
    """``equality`` accepts lhs ≥ rhs only where its inner certificate proves lhs = rhs, and never
    lhs > rhs."""
    assert check(Relation(kind, lhs, rhs), AsEquality(inner)).ok is ok


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
@pytest.mark.parametrize("relation", [Ge, Le])
def test_a_bound_met_with_equality_by_a_family_is_proved(relation: type[sympy.Rel]) -> None:
    """H(Normal(0, s)) ≥ log s + ½ log 2πe (and ≤) holds with equality: proved through the
    entropy's defining integral (it was UNDECIDED, every sample a tie); > is refuted."""
    s = Symbol("s", positive=True)
    bound = log(s) + log(2 * sympy.pi * sympy.E) / 2
    proof = prove(relation(H(Normal(0, s)), bound))
    assert proof.verdict is Verdict.PROVED
    assert "equality" in proof.detail
    assert prove(Gt(H(Normal(0, s)), bound)).verdict is Verdict.REFUTED
