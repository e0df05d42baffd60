"""Mutated information-theory claims (a wrong term, a swapped argument, a strict sign at the
equality case) keep their verdicts: never PROVED or CHECKED when false, never REFUTED when true."""

import pytest
import sympy
from sympy import Eq, Ge, Gt, IndexedBase, Le, Lt, Rational, S, Sum, Symbol, log

import symkl
from symkl.information import (
    Joint,
    conditional_entropy,
    joint_entropy,
    mutual_information,
    table_kl,
)
from symkl.prover import Verdict

m = Symbol("m", integer=True, positive=True)
n = Symbol("n", integer=True, positive=True)
i = Symbol("i", integer=True, positive=True)
H, KL = symkl.entropy, symkl.kl_divergence
P, Q = Joint.symbolic("p", (m, n)), Joint.symbolic("q", (m, n))
a, b = IndexedBase("a", positive=True), IndexedBase("b", positive=True)
A, B = Sum(a[i], (i, 1, n)), Sum(b[i], (i, 1, n))


def _verdict(claim: sympy.Basic) -> Verdict:
    return symkl.prove(claim).verdict


@pytest.mark.slow
@pytest.mark.parametrize(
    "claim",
    [
        # Σ a log(b/a) ≥ A log(B/A): the ratio swapped inside, false at a = 2b.
        Ge(Sum(a[i] * log(b[i] / a[i]), (i, 1, n)), A * log(B / A)),
        # Strict log-sum: equality when a ∝ b.
        Gt(Sum(a[i] * log(a[i] / b[i]), (i, 1, n)), A * log(A / B)),
        # The gap doubled on the right: false when A > B.
        Ge(Sum(a[i] * log(a[i] / b[i]), (i, 1, n)), 2 * A * log(A / B)),
    ],
)
def test_mutated_log_sum_is_refuted(claim: sympy.Basic) -> None:
    """Swapped ratio, strict sign or a doubled right side: refuted, not proved."""
    assert _verdict(claim) is Verdict.REFUTED


@pytest.mark.slow
def test_chain_rule_with_the_wrong_conditional_is_refuted() -> None:
    """H(X, Y) = H(X) + H(X | Y) is false (X and Y independent, H(Y) ≠ H(X))."""
    wrong = Eq(joint_entropy(P), H(P.marginal("X")) + conditional_entropy(P, "X", "Y"))
    assert _verdict(wrong) is Verdict.REFUTED


@pytest.mark.slow
def test_mutual_information_with_the_wrong_conditional_is_refuted() -> None:
    """I(X; Y) = H(X) − H(Y | X) is false; H(X) − H(X | Y) is proved."""
    mi = mutual_information(P, "X", "Y")
    assert _verdict(Eq(mi, H(P.marginal("X")) - conditional_entropy(P, "Y", "X"))) is (
        Verdict.REFUTED
    )
    right = Eq(mi, H(P.marginal("X")) - conditional_entropy(P, "X", "Y"))
    assert _verdict(right) is Verdict.PROVED


@pytest.mark.slow
def test_reversed_and_strict_data_processing_are_refuted() -> None:
    """D(p_Y ‖ q_Y) ≥ D(p ‖ q) and the strict D(p_Y ‖ q_Y) < D(p ‖ q) are both false."""
    marginal = KL(P.marginal("Y"), Q.marginal("Y"))
    assert _verdict(Ge(marginal, table_kl(P, Q))) is Verdict.REFUTED
    assert _verdict(Lt(marginal, table_kl(P, Q))) is Verdict.REFUTED


@pytest.mark.slow
def test_strict_conditioning_and_subadditivity_are_refuted() -> None:
    """H(Y | X) < H(Y) and H(X, Y) < H(X) + H(Y) fail for independent X, Y."""
    assert _verdict(Lt(conditional_entropy(P, "Y", "X"), H(P.marginal("Y")))) is Verdict.REFUTED
    both = H(P.marginal("X")) + H(P.marginal("Y"))
    assert _verdict(Lt(joint_entropy(P), both)) is Verdict.REFUTED


def test_uniform_over_one_outcome_has_no_entropy() -> None:
    """Discrete.uniform(1): H = 0 is proved and H > 0 refuted."""
    one = symkl.Discrete.uniform(1)
    assert _verdict(Eq(H(one), 0)) is Verdict.PROVED
    assert _verdict(Gt(H(one), 0)) is Verdict.REFUTED


def test_copy_channel_reaches_the_bound() -> None:
    """X = Y on two fair values: I = log 2 exactly, so I < log 2 is refuted."""
    copy = Joint([[S.Half, 0], [0, S.Half]])
    assert _verdict(Lt(mutual_information(copy, "X", "Y"), log(2))) is Verdict.REFUTED
    assert _verdict(Le(mutual_information(copy, "X", "Y"), log(2))) is Verdict.PROVED


def test_kl_to_uniform_with_a_shifted_size_is_refuted() -> None:
    """KL(p ‖ u) = log(n + 1) − H(p) is refuted; log n − H(p) is proved."""
    p, u = symkl.Discrete.symbolic("p", n), symkl.Discrete.uniform(n)
    assert _verdict(Eq(KL(p, u), log(n + 1) - H(p))) is Verdict.REFUTED
    assert _verdict(Eq(KL(p, u), log(n) - H(p))) is Verdict.PROVED


def test_chi_square_below_kl_is_refuted() -> None:
    """χ² ≥ KL holds; χ² ≤ KL is refuted (p = (1/2, 1/2), q = (1/4, 3/4) has χ² = 1/3 > KL)."""
    from symkl.information import chi_square

    p, q = [S.Half, S.Half], [Rational(1, 4), Rational(3, 4)]
    assert _verdict(Le(chi_square(p, q), KL(p, q))) is Verdict.REFUTED
