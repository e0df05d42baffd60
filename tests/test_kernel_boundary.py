"""The kernel's boundary rule: termwise arguments where a probability is 0 (sides may be ∞)."""

from __future__ import annotations

import _oracle
import numpy as np
import pytest
import sympy
from sympy import Ge, Gt, Le, Lt, Ne, Rational, Symbol, ceiling, log

import symkl
from symkl import Discrete
from symkl.errors import InvalidDistributionError
from symkl.facts import AbsolutelyContinuous, absolutely_continuous
from symkl.measures import expectation
from symkl.prover import Verdict, as_relation
from symkl.prover._boundary import boundary
from symkl.prover._engine import _try_strategies
from symkl.prover._kernel import check, nonnegative

H, KL, CE = symkl.entropy, symkl.kl_divergence, symkl.cross_entropy
n = Symbol("n", integer=True, positive=True)
p, q = Discrete.symbolic("p", n), Discrete.symbolic("q", n)
LENGTH = expectation(p, ceiling(-log(q) / log(2)))
P_LL_Q = absolutely_continuous(p, q)


def _accepted(claim: sympy.Basic, where: list[sympy.Basic] | None = None) -> str | None:
    """The kernel rule that accepted a strategy's certificate for ``claim``, or None."""
    found, _ = _try_strategies(as_relation(claim, where or []))
    return None if found is None else found[1]


def test_strict_code_length_mutant_is_not_proved_without_p_ll_q() -> None:
    """E_p[⌈−log₂ q⌉] < H₂(p, q) + 1001/1000 is ∞ < ∞ at q₁ = 0 < p₁: no kernel rule accepts it."""
    claim = Lt(LENGTH, CE(p, q, base=2) + Rational(1001, 1000))
    assert _oracle.judge(claim).violated
    assert _accepted(claim) is None


def test_the_catalog_code_length_bound_is_proved_only_with_p_ll_q() -> None:
    """The strict bound needs p ≪ q: refused without it, proved with it (and the fact listed)."""
    claim = Lt(LENGTH, CE(p, q, base=2) + 1)
    assert _accepted(claim) is None
    found, _ = _try_strategies(as_relation(claim, [P_LL_Q]))
    assert found is not None
    assert found[1] == "termwise-sign"
    assert "p ≪ q" in found[0].assumptions


def test_non_strict_code_length_bounds_stay_proved_without_p_ll_q() -> None:
    """∞ ≤ ∞ + 1 and ∞ ≥ ∞ hold in the extended reals: the non-strict twins keep their proofs."""
    assert _accepted(Le(LENGTH, CE(p, q, base=2) + 1)) == "termwise-sign"
    assert _accepted(Ge(LENGTH, CE(p, q, base=2))) == "termwise-sign"


def test_strict_sum_of_products_is_not_proved() -> None:
    """E_p[q] > 0 is false for disjoint supports (p = (1, 0), q = (0, 1)): the term p·q > 0 at a
    generic outcome does not make the sum positive."""
    claim = Gt(expectation(p, q), 0)
    assert _oracle.judge(claim).violated
    assert _accepted(claim) is None


def test_strict_gibbs_with_an_infinite_smaller_side_is_not_proved() -> None:
    """2·H(p, q) − H(p) > H(p, q) given p ≠ q is ∞ > ∞ at q₁ = 0 < p₁: Jensen is not enough."""
    claim = Gt(2 * CE(p, q) - H(p), CE(p, q))
    assert _accepted(claim, [Ne(p, q)]) is None
    assert _accepted(claim, [Ne(p, q), P_LL_Q]) == "jensen"


def test_strict_gibbs_with_an_infinite_larger_side_is_still_proved() -> None:
    """KL(p‖q) > 0 given p ≠ q: at q₁ = 0 < p₁ it is ∞ > 0, which holds."""
    assert _accepted(Gt(KL(p, q), 0), [Ne(p, q)]) == "jensen"


def test_boundary_rule_names_the_zero_pattern_and_the_fact_it_needs() -> None:
    """The refusal says where the sides are infinite and what fact would make them finite."""
    rel = as_relation(Lt(LENGTH, CE(p, q, base=2) + 1))
    found = boundary(rel, strict=True, mode="sign", nonnegative=nonnegative, carriers=(p,))
    assert found.reason is not None
    assert "q = 0" in found.reason
    assert "absolutely_continuous" in found.reason


def test_a_side_undefined_at_a_zero_is_refused() -> None:
    """E_p[log q] + H(p, q) ≥ −1 is −∞ + ∞ at q₁ = 0 < p₁: not accepted termwise."""
    claim = Ge(expectation(p, log(q)) + CE(p, q), -1)
    rel = as_relation(claim)
    found = boundary(rel, strict=False, mode="sign", nonnegative=nonnegative, carriers=(p,))
    assert found.reason is not None
    assert "undefined" in found.reason


def test_strict_termwise_over_infinitely_many_outcomes_is_refused() -> None:
    """Integrals may diverge on both sides (a Cauchy E[x² + 1] > E[x²] is ∞ > ∞)."""
    from symkl.families import Normal

    rel = as_relation(Gt(expectation(Normal(0, 1), 1), 0))
    found = boundary(rel, strict=True, mode="sign", nonnegative=nonnegative, carriers=())
    assert found.reason is not None
    assert "infinitely many outcomes" in found.reason


def test_kernel_check_refuses_a_strict_sign_certificate_with_infinite_sides() -> None:
    """The kernel itself (not only the strategy) refuses the strict code-length certificate."""
    rel = as_relation(Lt(LENGTH, CE(p, q, base=2) + 1))
    found, _ = _try_strategies(as_relation(Lt(LENGTH, CE(p, q, base=2) + 1), [P_LL_Q]))
    assert found is not None
    judgement = check(rel, found[0].certificate)
    assert not judgement.ok
    assert "infinite" in judgement.reason


def test_absolutely_continuous_on_explicit_vectors_is_decided() -> None:
    """Explicit numbers are decided outcome by outcome; symbols stay as per-outcome facts."""
    half = Rational(1, 2)
    assert absolutely_continuous([half, half], [1, 0]) is sympy.false
    assert absolutely_continuous([1, 0], [half, half]) is sympy.true
    assert absolutely_continuous(p, p) is sympy.true
    p2, q2 = Discrete.symbolic("p", 2), Discrete.symbolic("q", 2)
    written = absolutely_continuous(p2, q2)
    assert isinstance(written, sympy.And)
    assert len(written.args) == 2
    assert isinstance(P_LL_Q, AbsolutelyContinuous)
    assert str(P_LL_Q) == "p ≪ q"
    assert sympy.latex(P_LL_Q) == r"p \ll q"


def test_absolutely_continuous_rejects_non_distributions_by_name() -> None:
    """A non-distribution or mismatched sizes raise InvalidDistributionError naming the value."""
    with pytest.raises(InvalidDistributionError, match="x"):
        absolutely_continuous(p, Symbol("x"))
    with pytest.raises(InvalidDistributionError, match="2 and 3"):
        absolutely_continuous([Rational(1, 2)] * 2, [Rational(1, 3)] * 3)


@pytest.mark.slow
def test_the_samplers_keep_to_p_ll_q() -> None:
    """With p ≪ q stated, neither the spot check nor the oracle tries q₁ = 0 < p₁."""
    claim = Lt(LENGTH, CE(p, q, base=2) + 1)
    assert not _oracle.judge(claim, [P_LL_Q]).violated
    check_ = symkl.spot_check(claim, where=[P_LL_Q])
    assert check_.counterexample is None
    assert check_.samples > 0


@pytest.mark.slow
def test_prove_lists_p_ll_q_for_the_catalog_claim() -> None:
    """The catalog entry states p ≪ q and is PROVED with the fact among its assumptions."""
    from _catalog_run import CATALOG

    entry = next(e for e in CATALOG.entries if e.name == "code-length-below-cross-entropy-plus-one")
    assert P_LL_Q in entry.where
    proof = symkl.prove(entry)
    assert proof.verdict is Verdict.PROVED
    assert "p ≪ q" in proof.assumptions


def test_a_cancelled_weight_needs_p_ll_q() -> None:
    """E_q[p/q] = 1 (and ≥ 1) is false at q = (1, 0), p = (½, ½): the sum over q skips q = 0,
    where SymPy's cancelled p is not 0. Accepted only with p ≪ q stated."""
    for claim in (sympy.Eq(expectation(q, p / q), 1), Ge(expectation(q, p / q), 1)):
        assert _oracle.judge(claim).violated
        assert _accepted(claim) is None
        assert _accepted(claim, [P_LL_Q]) is not None
    assert _accepted(Le(expectation(q, p / q), 1)) == "termwise-sign"


def test_strict_sign_of_a_difference_with_cancelled_measures_is_not_proved() -> None:
    """H(p, q) + 1 > H(p, q) is ∞ > ∞ at q₁ = 0 < p₁ although lhs − rhs = 1 > 0."""
    for claim in (Gt(CE(p, q) + 1, CE(p, q)), Gt(KL(p, q) + 1, KL(p, q))):
        assert _oracle.judge(claim).violated
        assert _accepted(claim) is None
    assert _accepted(Gt(CE(p, q) + 1, CE(p, q)), [P_LL_Q]) == "symbolic-sign"
    assert _accepted(Ge(CE(p, q) + 1, CE(p, q))) == "symbolic-sign"


def test_identities_with_infinite_sides_keep_their_proofs() -> None:
    """KL = H(p, q) − H(p) is ∞ = ∞ at q₁ = 0 < p₁: still proved termwise."""
    assert _accepted(sympy.Eq(KL(p, q), CE(p, q) - H(p))) == "termwise-linear"
    assert _accepted(sympy.Eq(CE(p, q), H(p) + KL(p, q))) == "termwise-linear"


def test_the_spot_check_keeps_to_p_ll_q_for_explicit_symbols() -> None:
    """Discrete.symbolic("q", 3) declares q_k > 0, yet the sampler tries q_k = 0: the written-out
    fact must still exclude q₁ = 0 < p₁ (q_k > 0 itself would be True at once for SymPy)."""
    from symkl.numeric._sampler import satisfies

    p3, q3 = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    fact = absolutely_continuous(p3, q3)
    values = [0.5, 0.25, 0.25, 0.0, 0.5, 0.5]
    env = {s: np.array([v, 1 / 3]) for s, v in zip(p3.probs + q3.probs, values, strict=True)}
    assert list(satisfies([fact], env, 2)) == [False, True]
    claim = Lt(LENGTH, CE(p, q, base=2) + Rational(1001, 1000))
    assert symkl.spot_check(claim, where=[P_LL_Q]).counterexample is None


def test_a_certificate_of_an_unknown_class_is_refused_even_with_a_known_rule_name() -> None:
    """An object that merely says rule = "evaluated" proves nothing: the kernel has no checker."""

    class Impostor:
        rule = "evaluated"

    judgement = check(as_relation(Ge(Symbol("t"), 1)), Impostor())
    assert not judgement.ok
    assert "no checker" in judgement.reason


def test_a_sign_certificate_with_terms_of_another_claim_is_refused() -> None:
    """The kernel recomputes the terms from the relation: a certificate claiming the term 1 does
    not prove −H(p) ≥ 0 (false: −H is negative off the one-hot points)."""
    from symkl.prover._kernel import TermwiseSign

    judgement = check(as_relation(Ge(-H(p), 0)), TermwiseSign((sympy.S.One,), (), True))
    assert not judgement.ok
    assert "term" in judgement.reason


def test_a_jensen_certificate_for_another_claim_is_refused() -> None:
    """Gibbs' certificate for KL(p‖q) ≥ 0 does not prove −KL(p‖q) ≥ 0: the kernel links the
    certificate's summand to the relation's own."""
    from symkl.prover._inequalities import gibbs

    success = gibbs(as_relation(Ge(KL(p, q), 0)))
    assert success is not None
    assert check(as_relation(Ge(KL(p, q), 0)), success.certificate).ok
    judgement = check(as_relation(Ge(-KL(p, q), 0)), success.certificate)
    assert not judgement.ok
    assert "not the relation's own" in judgement.reason
