"""The kernel rules for sums over symbolic sizes: true certificates accepted, wrong ones refused."""

from __future__ import annotations

import pytest
import sympy
from sympy import Eq, Ge, Gt, IndexedBase, Sum, Symbol, log

import symkl
from symkl.information import Joint, conditional_entropy, joint_entropy, mutual_information
from symkl.prover import as_relation
from symkl.prover._kernel import check, nonnegative, vanishes
from symkl.prover._kernel_information import (
    Combination,
    LogSum,
    Procedures,
    SumNormalForm,
    SumSign,
    check_information,
)
from symkl.prover._sums import log_sum_inequality, mutual_information_log_bound, sum_normal_form

KERNEL = Procedures(check, vanishes, nonnegative)
m = Symbol("m", integer=True, positive=True)
n = Symbol("n", integer=True, positive=True)
i = Symbol("i", integer=True, positive=True)
T = Joint.symbolic("p", (m, n))
PN = symkl.Discrete.symbolic("p", n)
U = symkl.Discrete.uniform(n)
a, b = IndexedBase("a", positive=True), IndexedBase("b", positive=True)
A, B = Sum(a[i], (i, 1, n)), Sum(b[i], (i, 1, n))
LOG_SUM = Ge(Sum(a[i] * log(a[i] / b[i]), (i, 1, n)), A * log(A / B))


def _judge(claim: sympy.Basic, certificate: object) -> str | None:
    return check_information(as_relation(claim), certificate, KERNEL)


def test_sum_normal_form_accepts_the_chain_rule_and_kl_to_uniform() -> None:
    """H(X, Y) = H(X) + H(Y | X) and KL(p ‖ u) = log n − H(p) vanish in the normal form."""
    chain = Eq(joint_entropy(T), symkl.entropy(T.marginal("X")) + conditional_entropy(T, "Y", "X"))
    assert _judge(chain, SumNormalForm()) is None
    assert (
        _judge(Eq(symkl.kl_divergence(PN, U), log(n) - symkl.entropy(PN)), SumNormalForm()) is None
    )


@pytest.mark.parametrize(
    "claim",
    [
        Eq(joint_entropy(T), symkl.entropy(T.marginal("X")) + conditional_entropy(T, "X", "Y")),
        Eq(symkl.kl_divergence(PN, U), log(n) + symkl.entropy(PN)),
        Eq(symkl.entropy(U), log(n) + 1),
    ],
)
def test_sum_normal_form_refuses_false_identities(claim: sympy.Basic) -> None:
    """A wrong conditional, a wrong sign and an off-by-one do not vanish."""
    assert _judge(claim, SumNormalForm()) == "lhs − rhs does not vanish"


def test_log_sum_certificates_from_the_strategies_are_accepted() -> None:
    """I(X; Y) ≥ 0 (m × n) and the log-sum inequality (symbolic n) pass the kernel."""
    mi = as_relation(Ge(mutual_information(T, "X", "Y"), 0))
    success = mutual_information_log_bound(mi)
    assert success is not None
    assert check_information(mi, success.certificate, KERNEL) is None
    found = log_sum_inequality(as_relation(LOG_SUM))
    assert found is not None
    assert _judge(LOG_SUM, found.certificate) is None


@pytest.mark.parametrize(
    ("certificate", "reason"),
    [
        (LogSum((a[i],), (b[i],), ((i, 1, n),), (), sympy.S.One, sympy.S.One), "log-sum gap"),
        (LogSum((a[i],), (b[i],), ((i, 1, n),), (), -sympy.S.One), "not provably ≥ 0"),
        (LogSum((a[i],), (-b[i],), ((i, 1, n),)), "not provably > 0"),
        (LogSum((a[i],), (b[i],), ((i, n, 1),)), "range"),
        (SumSign((-a[i],), ((i, 1, n),)), "not provably ≥ 0"),
    ],
)
def test_wrong_log_sum_and_sign_certificates_are_refused(certificate: object, reason: str) -> None:
    """A wrong rest, a negative coefficient or b, a reversed range or a negative term: refused."""
    judged = _judge(LOG_SUM, certificate)
    assert judged is not None
    assert reason in judged


def test_combination_rechecks_each_part_with_the_kernel() -> None:
    """A part whose own certificate does not prove it ≥ 0 makes the combination fail."""
    mi = mutual_information(T, "X", "Y")
    wrong = Combination(((sympy.S.One, mi, SumNormalForm()),))
    judged = _judge(Ge(mi, 0), wrong)
    assert judged is not None
    assert "not certified" in judged


def test_strategies_never_offer_strict_proofs() -> None:
    """The rules prove ≥ only: a strict I(X; Y) > 0 gets no certificate, and = is not ≥."""
    assert mutual_information_log_bound(as_relation(Gt(mutual_information(T, "X", "Y"), 0))) is None
    assert sum_normal_form(as_relation(Ge(symkl.entropy(U), log(n)))) is None


def test_unknown_certificate_is_refused() -> None:
    """An object the module does not know is never accepted unread."""
    assert "no checker" in (_judge(LOG_SUM, object()) or "")


def _strategy_certificate(claim: sympy.Basic, strategy: object) -> str | None:
    rel = as_relation(claim)
    success = strategy(rel)  # type: ignore[operator]
    assert success is not None
    return check_information(rel, success.certificate, KERNEL)


def test_data_processing_grouping_and_concavity_certificates_pass() -> None:
    """D(p_Y ‖ q_Y) ≤ D(p ‖ q), H(g(X)) ≤ H(X) and concavity of H: the kernel accepts each."""
    from symkl.information import mixture, table_kl
    from symkl.prover._information import coarsening, entropy_concavity
    from symkl.prover._sums import data_processing

    other = Joint.symbolic("q", (m, n))
    kl_y = symkl.kl_divergence(T.marginal("Y"), other.marginal("Y"))
    assert _strategy_certificate(sympy.Le(kl_y, table_kl(T, other)), data_processing) is None
    p4 = symkl.Discrete.symbolic("p", 4)
    grouped = sympy.Ge(symkl.entropy(p4), symkl.entropy(p4.map([0, 0, 1, 1])))
    assert _strategy_certificate(grouped, coarsening) is None
    p3, q3 = symkl.Discrete.symbolic("p", 3), symkl.Discrete.symbolic("q", 3)
    third = sympy.Rational(1, 3)
    concave = Ge(
        symkl.entropy(mixture(p3, q3, third)),
        third * symkl.entropy(p3) + 2 * third * symkl.entropy(q3),
    )
    assert _strategy_certificate(concave, entropy_concavity) is None


def test_reversed_processing_and_grouping_get_no_certificate() -> None:
    """The reversed inequalities are not offered a certificate at all."""
    from symkl.information import table_kl
    from symkl.prover._information import coarsening
    from symkl.prover._sums import data_processing

    other = Joint.symbolic("q", (m, n))
    kl_y = symkl.kl_divergence(T.marginal("Y"), other.marginal("Y"))
    assert data_processing(as_relation(Ge(kl_y, table_kl(T, other)))) is None
    p4 = symkl.Discrete.symbolic("p", 4)
    assert (
        coarsening(as_relation(sympy.Le(symkl.entropy(p4), symkl.entropy(p4.map([0, 0, 1, 1])))))
        is None
    )


def test_total_variation_at_most_one_certificate() -> None:
    """TV(p, q) ≤ 1 through Σ min(p, q) passes; TV ≥ 1 gets no certificate."""
    from symkl.information import total_variation
    from symkl.prover._information import total_variation_bound

    p3, q3 = symkl.Discrete.symbolic("p", 3), symkl.Discrete.symbolic("q", 3)
    tv = total_variation(p3, q3)
    assert _strategy_certificate(sympy.Le(tv, 1), total_variation_bound) is None
    assert total_variation_bound(as_relation(Ge(tv, 1))) is None
    half = as_relation(sympy.Le(2 * tv, 1))
    success = total_variation_bound(half)
    assert success is None or check_information(half, success.certificate, KERNEL) is not None
