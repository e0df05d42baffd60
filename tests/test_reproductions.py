"""Every reproduction listed in the soundness and robustness issues, judged end to end.

Each false claim must be REFUTED with a counterexample that violates it at 50 digits, or at
least never PROVED or CHECKED; each true one must never be REFUTED. Bad input must raise a
SymklError (which is also the builtin a user would catch) naming the offending value.
"""

from __future__ import annotations

from typing import Any

import mpmath
import pytest
import sympy
from sympy import Eq, Ge, Gt, Le, Lt, Rational, log

import symkl
from symkl.errors import SymklError
from symkl.families import Normal, Uniform
from symkl.measures import expectation, outcome_sum

H, KL, CE = symkl.entropy, symkl.kl_divergence, symkl.cross_entropy
n = sympy.Symbol("n", integer=True, positive=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
a, s = sympy.symbols("a s", positive=True)
HALF, QUARTER = Rational(1, 2), Rational(1, 4)

FALSE_CLAIMS: list[tuple[str, Any]] = [
    ("kl-strictly-positive", Gt(KL(p, q), 0)),
    ("entropy-strictly-below-log-n", Lt(H(p), log(n))),
    ("ce-strictly-above-entropy", Gt(CE(p, q), H(p))),
    ("kl-of-equal-halves-positive", Gt(KL([HALF] * 2, [HALF] * 2), 0)),
    ("entropy-of-uniform-below-log-4", Lt(H([QUARTER] * 4), log(4))),
    ("entropy-strictly-positive", Gt(H(p), 0)),
    ("uniform-entropy-nonnegative", Ge(H(Uniform(0, a)), 0)),
    ("normal-entropy-nonnegative", Ge(H(Normal(0, s)), 0)),
    ("entropy-at-most-log-8", Le(H(p), log(8))),
]


def _violates(relation: Any, example: dict[str, Any]) -> bool:
    """The counterexample's own lhs and rhs violate the claim's relation."""
    lhs, rhs = mpmath.mpmathify(example["lhs"]), mpmath.mpmathify(example["rhs"])
    if isinstance(relation, sympy.Eq):
        return bool(lhs != rhs)
    if isinstance(relation, sympy.Ge):
        return bool(lhs < rhs)
    if isinstance(relation, sympy.Gt):
        return bool(lhs <= rhs)
    if isinstance(relation, sympy.Le):
        return bool(lhs > rhs)
    return bool(lhs >= rhs)


@pytest.mark.parametrize(("name", "claim"), FALSE_CLAIMS, ids=[c[0] for c in FALSE_CLAIMS])
def test_false_claim_is_refuted(name: str, claim: Any) -> None:
    """A false claim from the issue is refuted, with a counterexample of its own sides."""
    proof = symkl.prove(claim)
    assert proof.verdict is symkl.Verdict.REFUTED, (name, proof)
    assert proof.counterexample is not None
    assert _violates(claim, proof.counterexample), proof.counterexample


def test_rounded_float_is_not_exact() -> None:
    """0.6931471805599453 is a rational just below log 2: the equality is false, never proved."""
    proof = symkl.prove(Eq(H([0.5, 0.5]), 0.6931471805599453))
    assert proof.verdict is symkl.Verdict.REFUTED


def test_index_dependent_coefficient_is_not_proved() -> None:
    """Σ i·p_i = Σ i·q_i is false (p = (1, 0), q = (0, 1)); termwise must not prove it."""
    i = sympy.Symbol("i", integer=True, positive=True)
    claim = Eq(outcome_sum(i * p), outcome_sum(i * q))
    assert symkl.prove(claim).verdict not in (symkl.Verdict.PROVED, symkl.Verdict.CHECKED)


def test_density_support_makes_kl_infinite() -> None:
    """KL(q ‖ p) with q on (0, 2) and p on (0, 1) is ∞, never −log 2."""
    x = sympy.Symbol("x", real=True)
    dp = symkl.Density(sympy.Integer(1), x, (0, 1))
    dq = symkl.Density(HALF, x, (0, 2))
    assert KL(dq, dp).doit() == sympy.oo
    assert symkl.prove(Eq(KL(dq, dp), -log(2))).verdict is symkl.Verdict.REFUTED
    assert symkl.prove(Ge(KL(dq, dp), 0)).verdict is not symkl.Verdict.REFUTED


def test_zero_times_infinity_before_cancellation() -> None:
    """E_q[p/q] with q = (1, 0), p = (½, ½) is ½ under 0·∞ = 0, so '= 1' is not proved."""
    P, Q = symkl.Discrete([HALF, HALF]), symkl.Discrete([1, 0])
    proof = symkl.prove(Eq(expectation(Q, P / Q), 1))
    assert proof.verdict is not symkl.Verdict.PROVED


def test_kl_equal_to_five_where_it_is_infinite() -> None:
    """An infinite side is compared as an infinity: KL = 5 where KL = ∞ is refuted."""
    proof = symkl.prove(Eq(KL([HALF, HALF], [1, 0]), 5))
    assert proof.verdict is symkl.Verdict.REFUTED


def test_monotone_map_needs_its_domain() -> None:
    """log is not applied to th² − 1 without proving th² − 1 > 0."""
    th = sympy.Symbol("theta", real=True)
    proof = symkl.same_argmin(th**2 - 1, log(th**2 - 1), th)
    assert proof.verdict is not symkl.Verdict.PROVED


def test_argmin_over_p_misconception_as_plain_formulas() -> None:
    """argmin over p of KL(p‖q) ≠ argmin over p of CE(p, q), typed as plain SymPy."""
    p1 = sympy.Symbol("p1", positive=True)
    q1 = Rational(3, 10)
    kl = p1 * log(p1 / q1) + (1 - p1) * log((1 - p1) / (1 - q1))
    ce = -p1 * log(q1) - (1 - p1) * log(1 - q1)
    proof = symkl.same_argmin(kl, ce, [p1], domain=sympy.Interval.open(0, 1))
    assert proof.verdict is symkl.Verdict.REFUTED


def test_facts_restrict_the_samples() -> None:
    """A claim true under its stated facts is never refuted outside them."""
    t = sympy.Symbol("t", real=True)
    proof = symkl.prove(Ge(t, 0), where=[t > 0])
    assert proof.verdict is not symkl.Verdict.REFUTED


def test_bernoulli_derivation_in_plain_symbols() -> None:
    """A teacher's Bernoulli KL written in plain p, t: the true claim KL ≥ 0 is not refuted."""
    pp, tt = sympy.symbols("p t", real=True)
    P, Q = symkl.Discrete([pp, 1 - pp]), symkl.Discrete([tt, 1 - tt])
    quotient = pp * log(pp / tt) + (1 - pp) * log((1 - pp) / (1 - tt))
    split = pp * (log(pp) - log(tt)) + (1 - pp) * (log(1 - pp) - log(1 - tt))
    derivation = symkl.Derivation(
        "bernoulli-kl-plain",
        KL(P, Q),
        [symkl.Step(quotient, why="definition"), symkl.Step(split, why="log of a quotient")],
    )
    for goal in derivation.step_goals():
        assert symkl.prove(goal).verdict is not symkl.Verdict.REFUTED
    assert symkl.prove(Ge(quotient, 0), where=derivation.where).verdict is not (
        symkl.Verdict.REFUTED
    )


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: H([HALF, HALF], base=0), id="base-0"),
        pytest.param(lambda: H([HALF, HALF], base=1), id="base-1"),
        pytest.param(lambda: H([HALF, HALF], base=-2), id="base-negative"),
        pytest.param(lambda: H([HALF, HALF], base=sympy.I), id="base-imaginary"),
        pytest.param(lambda: H([HALF, HALF], base="e"), id="base-string"),
        pytest.param(lambda: H([HALF, HALF], base=None), id="base-none"),
        pytest.param(lambda: symkl.Density(sympy.nan, sympy.Symbol("x"), (0, 1)), id="nan"),
    ],
)
def test_bad_input_is_a_clear_error(make: Any) -> None:
    """Bad bases and densities raise a SymklError, also a ValueError or TypeError."""
    with pytest.raises(SymklError) as info:
        make()
    assert isinstance(info.value, (ValueError, TypeError))


def test_negative_density_is_rejected() -> None:
    """A density negative on part of its support is rejected, naming the density."""
    x = sympy.Symbol("x", real=True)
    with pytest.raises(SymklError, match=r"4\*x - 1"):
        symkl.Density(4 * x - 1, x, (0, 1))


def test_strings_are_never_executed(tmp_path: Any) -> None:
    """Code in a string passed as a base or an expression is rejected, not run."""
    marker = tmp_path / "ran"
    code = f"__import__('pathlib').Path({str(marker)!r}).write_text('x')"
    P = symkl.Discrete([HALF, HALF])
    for make in (
        lambda: H(P, base=code),
        lambda: expectation(P, code),
        lambda: outcome_sum(code),
    ):
        with pytest.raises(SymklError):
            make()
    assert not marker.exists()


def test_duplicate_symbol_names_do_not_crash() -> None:
    """E_N(0,1)[x] with a user Symbol x: a verdict or a clear error, not lambdify's SyntaxError."""
    with pytest.raises(SymklError, match="symbol x"):
        symkl.prove(Eq(expectation(Normal(0, 1), sympy.Symbol("x")), 0), timeout=60)


def test_huge_rational_is_bounded() -> None:
    """A 20-digit rational bound is judged within the default budget, not after gigabytes."""
    bound = Rational(69314718055994530942, 10**20)
    proof = symkl.prove(Ge(H(p), bound), timeout=30)
    assert proof.verdict is not symkl.Verdict.PROVED
