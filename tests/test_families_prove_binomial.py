"""Binomial(n, p) with a symbolic n and the NegativeBinomial entropy, proved from their sums."""

from __future__ import annotations

import pytest
import sympy
from sympy import Eq, Rational, Sum, Symbol, binomial, factorial, gamma, log, loggamma, oo

import symkl
from symkl.families import Binomial, NegativeBinomial, Poisson
from symkl.families._base import COUNT
from symkl.families._moments import Phi, PhiKind
from symkl.families._prove_binomial import binomial_theorem_mean, symbolic_end_moment
from symkl.families._prove_equal import _cancel_sums, _log_binomial
from symkl.numeric._plan import size_symbols
from symkl.relations import as_relation

N = Symbol("n", integer=True, positive=True)
P, Q = Symbol("p", positive=True), Symbol("q", positive=True)
R = Symbol("r", positive=True)
K = COUNT

KL = symkl.kl_divergence(Binomial(N, P), Binomial(N, Q))
KL_FORM = N * (P * log(P / Q) + (1 - P) * log((1 - P) / (1 - Q)))
H = symkl.entropy(Binomial(N, P))
LOG_CHOOSE = Sum(binomial(N, K) * P**K * (1 - P) ** (N - K) * log(binomial(N, K)), (K, 0, N))
H_FORM = -N * (P * log(P) + (1 - P) * log(1 - P)) - LOG_CHOOSE
HN = symkl.entropy(NegativeBinomial(R, P))
NB_PMF = gamma(K + R) / (factorial(K) * gamma(R)) * P**K * (1 - P) ** R
NB_SERIES = Sum(NB_PMF * (loggamma(K + R) - loggamma(K + 1) - loggamma(R)), (K, 0, oo))


def _nb_form(a: sympy.Expr = R, b: sympy.Expr = R, series: sympy.Expr = NB_SERIES) -> sympy.Expr:
    return -a * log(1 - P) - b * P * log(P) / (1 - P) - series


def _prove(lhs: sympy.Expr, rhs: sympy.Expr) -> symkl.Proof:
    return symkl.prove(Eq(lhs, rhs, evaluate=False), timeout=120)


@pytest.mark.parametrize("n", range(7))
@pytest.mark.parametrize("j", [0, 1, 2])
def test_the_binomial_theorem_moments_match_the_sums_written_out(n: int, j: int) -> None:
    """E[k^j] by the lemma equals Σ_{k=0}^{n} k^j·C(n, k)·p^k·(1 − p)^{n−k} term by term."""
    p = Rational(2, 7)
    summand = K**j * binomial(N, K) * P**K * (1 - P) ** (N - K)
    value = binomial_theorem_mean(summand, N, j, P)
    assert value is not None
    direct = sum(k**j * binomial(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1))
    assert value.xreplace({N: n, P: p}) == direct


@pytest.mark.parametrize(
    "summand",
    [
        binomial(N, K) * P**K * (1 - P) ** (N - K + 1),  # one factor 1 − p too many
        binomial(N + 1, K) * P**K * (1 - P) ** (N - K),  # n + 1 in one place
        binomial(N, K) * Q**K * (1 - P) ** (N - K),  # a and b not p and 1 − p
    ],
)
def test_the_lemma_refuses_a_summand_that_is_not_the_binomial_pmf(summand: sympy.Expr) -> None:
    """A pmf that is not C(n, k)·p^k·(1 − p)^{n−k} gets no value from the binomial theorem."""
    assert binomial_theorem_mean(summand, N, 0, P) is None


def test_the_means_of_log_terms_stay_their_defining_sums() -> None:
    """E[log C(n, k)] over 0..n is its sum; log x has no derivation on a symbolic end."""
    d = Binomial(N, P)
    value = symbolic_end_moment(d, Phi(PhiKind.LOGCHOOSE, N))
    assert value == (LOG_CHOOSE, "series")
    assert symbolic_end_moment(d, Phi(PhiKind.LOG)) is None
    assert symbolic_end_moment(Poisson(R), Phi(PhiKind.X)) is None  # no finite end


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_kl_of_two_binomials_with_a_symbolic_n_is_proved_by_the_binomial_theorem() -> None:
    """KL(Bin(n, p) ‖ Bin(n, q)) = n·KL(Bern(p) ‖ Bern(q)) is PROVED, its lemma stated."""
    proof = _prove(KL, KL_FORM)
    assert proof.verdict is symkl.Verdict.PROVED
    assert proof.method == "binomial-theorem"
    text = " ".join(proof.assumptions)
    assert "the binomial theorem" in text
    assert "n a positive integer" in text


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_the_kl_closed_form_of_the_torch_pair_is_proved() -> None:
    """The closed form .doit() gives for two Binomials of one symbolic n is PROVED."""
    assert _prove(KL, KL.doit()).verdict is symkl.Verdict.PROVED


@pytest.mark.parametrize(
    "wrong",
    [
        N * P * log(P / Q) + (N + 1) * (1 - P) * log((1 - P) / (1 - Q)),  # n → n + 1 once
        N * (Q * log(Q / P) + (1 - Q) * log((1 - Q) / (1 - P))),  # p and q swapped
        KL_FORM + Rational(1, 100),  # a constant perturbed
    ],
)
def test_mutants_of_the_kl_closed_form_are_refuted(wrong: sympy.Expr) -> None:
    """A wrong KL(Bin ‖ Bin) closed form is REFUTED, not PROVED."""
    assert _prove(KL, wrong).verdict is symkl.Verdict.REFUTED


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_the_entropy_of_a_binomial_with_a_symbolic_n_is_proved() -> None:
    """H(Bin(n, p)) with E[log C(n, k)] as its sum is PROVED for a symbolic n."""
    proof = _prove(H, H.doit())
    assert proof.verdict is symkl.Verdict.PROVED
    assert proof.method == "binomial-theorem"
    assert _prove(H, H_FORM).verdict is symkl.Verdict.PROVED


@pytest.mark.parametrize(
    "wrong",
    [
        -(N + 1) * (P * log(P) + (1 - P) * log(1 - P)) - LOG_CHOOSE,  # n → n + 1 once
        pytest.param(  # n → n + 1 inside the sum; seconds: the slow suite (CI) runs it
            -N * (P * log(P) + (1 - P) * log(1 - P))
            - LOG_CHOOSE.func(
                binomial(N, K) * P**K * (1 - P) ** (N - K) * log(binomial(N + 1, K)), (K, 0, N)
            ),
            marks=pytest.mark.slow,
        ),
        -N * (Q * log(Q) + (1 - Q) * log(1 - Q)) - LOG_CHOOSE,  # p → q in one place
        -N * (P * log(P) + (1 - P) * log(1 - P)) - LOG_CHOOSE / 2,  # a constant perturbed
    ],
)
def test_mutants_of_the_binomial_entropy_are_refuted(wrong: sympy.Expr) -> None:
    """A wrong H(Bin(n, p)) closed form is REFUTED, not PROVED."""
    assert _prove(H, wrong).verdict is symkl.Verdict.REFUTED


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_the_negative_binomial_entropy_node_is_proved_against_its_series() -> None:
    """H(NB(r, p)), a node of its own, is PROVED, saying its series were matched term by term;
    it still evaluates to a number."""
    proof = _prove(HN, HN.doit())
    assert proof.verdict is symkl.Verdict.PROVED
    assert any("term by term" in fact for fact in proof.assumptions)
    value = HN.doit().xreplace({R: 5, P: Rational(9, 10)}).evalf(8)
    assert value == pytest.approx(4.4031768, abs=1e-7)


@pytest.mark.slow
def test_the_negative_binomial_entropy_written_out_is_proved() -> None:
    """The series the mutants below perturb, unperturbed, is PROVED."""
    assert _prove(HN, _nb_form()).verdict is symkl.Verdict.PROVED


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
@pytest.mark.parametrize(
    "wrong",
    [
        _nb_form(a=R + 1),  # r → r + 1 once
        -R * log(P) - R * (1 - P) * log(1 - P) / P - NB_SERIES,  # p and 1 − p swapped
        pytest.param(
            _nb_form(
                series=Sum(
                    NB_PMF * (loggamma(K + R) - loggamma(K + 1) - loggamma(R + 1)), (K, 0, oo)
                )
            ),
            marks=pytest.mark.slow,  # r → r + 1 inside the series: a series at every sample
        ),
    ],
)
def test_mutants_of_the_negative_binomial_entropy_are_refuted(wrong: sympy.Expr) -> None:
    """A wrong H(NB(r, p)) closed form is REFUTED, not PROVED."""
    assert _prove(HN, wrong).verdict is symkl.Verdict.REFUTED


def test_sums_over_one_range_cancel_term_by_term_only_when_their_terms_do() -> None:
    """log C(k + r − 1, k) against its log Γ form cancels; other ranges or summands do not."""
    weight = 2**-K
    left = Sum(log(binomial(K + R - 1, K)) * weight, (K, 0, oo))
    right = Sum((loggamma(K + R) - loggamma(K + 1) - loggamma(R)) * weight, (K, 0, oo))
    notes: list[str] = []
    assert _cancel_sums(left - right + R, notes) == R
    assert len(notes) == 1
    shifted = Sum((loggamma(K + R) - loggamma(K + 1) - loggamma(R)) * weight, (K, 1, oo))
    assert _cancel_sums(left - shifted).has(Sum)
    other = Sum((loggamma(K + R) - loggamma(K + 1)) * weight, (K, 0, oo))
    assert _cancel_sums(left - other).has(Sum)


def test_log_binomial_is_split_only_where_its_gamma_arguments_are_positive() -> None:
    """log C(n, k) needs n − k + 1 > 0, which k ≤ n alone (a sum's limit) does not give."""
    assert _log_binomial(log(binomial(N, K))) == log(binomial(N, K))
    split = _log_binomial(log(binomial(K + R - 1, K)))
    assert split == loggamma(K + R) - loggamma(K + 1) - loggamma(R)


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_a_symbolic_total_count_is_a_size_the_spot_check_writes_out() -> None:
    """n of Binomial(n, p) is sampled as a size (explicit n), so the KL gets numeric evidence."""
    assert size_symbols(as_relation(Eq(KL, KL_FORM, evaluate=False))) == {N}
    assert symkl.spot_check(Eq(KL, KL_FORM, evaluate=False)).samples >= 100
