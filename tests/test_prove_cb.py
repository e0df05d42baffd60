"""ContinuousBernoulli's moments and measures by cases on λ = ½: the five torch claims PROVED,
their mutants (a constant, λ → 1 − λ, a dropped term) REFUTED, the cases' pieces alone."""

from __future__ import annotations

from types import ModuleType

import mpmath
import pytest
import sympy
from sympy import Abs, Eq, Piecewise, Rational, S, Symbol

import symkl
from symkl import Verdict
from symkl.families import ContinuousBernoulli, Exponential
from symkl.families._moments import Phi, PhiKind
from symkl.families._prove import family_moments
from symkl.families._prove_cb import _limit, natural_moment
from symkl.families._series import expand_series
from symkl.relations import as_relation

lam = Symbol("lam", positive=True)
_SECONDS = [None, "ContinuousBernoulli", "Exponential", "Normal", "Uniform"]
#: Each proof or refutation takes seconds: one second distribution (the quickest) keeps each
#: mutant test in the fast suite, the others run with the slow suite (CI).
_SLOW = pytest.mark.slow


def _seconds(fast: str) -> list[object]:
    return [s if s == fast else pytest.param(s, marks=_SLOW) for s in _SECONDS]


def _claim(pairs: ModuleType, second: str | None) -> Eq:
    p = pairs.build("ContinuousBernoulli", "1")
    if second is None:
        measure = symkl.entropy(p)
    else:
        measure = symkl.kl_divergence(p, pairs.build(second, "2"))
    return Eq(measure, measure.doit(), evaluate=False)


def _first_probs(claim: Eq) -> sympy.Symbol:
    probs: sympy.Symbol = claim.lhs.args[0].args[0]
    return probs


def _body(expr: sympy.Expr) -> sympy.Expr:
    """The finite piece of a closed form (KL(CB ‖ Uniform) is ∞ outside [low, high] ⊇ [0, 1])."""
    return expr.args[0][0] if isinstance(expr, Piecewise) else expr


def _with_body(expr: sympy.Expr, body: sympy.Expr) -> sympy.Expr:
    if isinstance(expr, Piecewise):
        return Piecewise((body, expr.args[0][1]), *expr.args[1:])
    return body


@pytest.mark.parametrize("j", [0, 1, 2])
def test_moments_at_one_half_are_the_uniform_ones(j: int) -> None:
    """At λ = ½ the density is 1: E[x^j] = 1/(j + 1), by integrating over [0, 1]."""
    kind = (PhiKind.ONE, PhiKind.X, PhiKind.X2)[j]
    found = natural_moment(ContinuousBernoulli(S.Half), Phi(kind))
    assert found == (Rational(1, j + 1), "integral")


@pytest.mark.parametrize("kind", [PhiKind.X, PhiKind.X2])
def test_generic_moments_match_quadrature(kind: PhiKind) -> None:
    """E[x] and E[x²] for λ ≠ ½, derived through e^{t·x}, agree with quadrature of the density
    to 25 digits at λ = 3/10 and 0.9."""
    found = natural_moment(ContinuousBernoulli(lam), Phi(kind))
    assert found is not None
    value, method = found
    assert method == "integral"
    j = 1 if kind is PhiKind.X else 2
    x = ContinuousBernoulli.variable
    for at in (Rational(3, 10), Rational(9, 10)):
        integrand = sympy.lambdify(x, x**j * ContinuousBernoulli(at).density(x), "mpmath")
        with mpmath.workdps(30):
            expected = mpmath.quad(integrand, [0, 1])
            assert abs(sympy.N(value.xreplace({lam: at}), 30) - expected) < 1e-25


def test_generic_mean_has_the_closed_forms_shape() -> None:
    """E[x] for λ ≠ ½ is λ/(2λ − 1) + 1/(log(1 − λ) − log λ), the family's table, exactly."""
    found = natural_moment(ContinuousBernoulli(lam), Phi(PhiKind.X))
    assert found is not None
    table = ContinuousBernoulli(lam).moment(Phi(PhiKind.X))
    assert sympy.simplify(found[0] - table) == 0


def test_other_basis_functions_are_not_derived_here() -> None:
    """E[log x] under a ContinuousBernoulli has no derivation by cases: None, not a guess."""
    assert natural_moment(ContinuousBernoulli(lam), Phi(PhiKind.LOG)) is None


def test_limit_of_a_removable_singularity() -> None:
    """The normaliser (log(1 − λ) − log λ)/(1 − 2λ) tends to 2 at ½ from both sides."""
    normaliser = (sympy.log(1 - lam) - sympy.log(lam)) / (1 - 2 * lam)
    assert _limit(normaliser, lam) == 2


@pytest.mark.parametrize(
    "expr",
    [
        1 / (2 * lam - 1),  # a pole: no finite limit
        Abs(2 * lam - 1) / (2 * lam - 1),  # one-sided limits −1 and 1 differ
        Piecewise((1, Eq(lam, S.Half)), (0, True)),  # a value at ½ set apart: not read as a limit
    ],
)
def test_no_limit_is_taken_where_there_is_none(expr: sympy.Expr) -> None:
    """A pole, a jump, or a Piecewise on λ itself gives no value at ½."""
    assert _limit(expr, lam) is None


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
@pytest.mark.parametrize("second", _SECONDS)
def test_the_five_claims_are_proved_by_cases(pairs: ModuleType, second: str | None) -> None:
    """H(CB) and KL(CB ‖ CB, Exponential, Normal, Uniform) with a symbolic λ are PROVED, the
    case λ = ½ derived apart (no λ ≠ ½ assumption left)."""
    proof = symkl.prove(_claim(pairs, second), timeout=120)
    assert proof.verdict is Verdict.PROVED, (proof.method, proof.detail)
    facts = " ".join(proof.assumptions)
    assert "probs1 = 1/2" in facts
    assert "< 1 (ContinuousBernoulli probs), by cases" in facts
    assert "probs1 ≠ 1/2 (ContinuousBernoulli probs" not in facts


@pytest.mark.parametrize("second", _seconds("Uniform"))
def test_a_perturbed_constant_is_refuted(pairs: ModuleType, second: str | None) -> None:
    """The closed form plus 1/1000 is not derived, and REFUTED."""
    claim = _claim(pairs, second)
    wrong = Eq(claim.lhs, claim.rhs + Rational(1, 1000), evaluate=False)
    assert family_moments(as_relation(wrong)) is None
    assert symkl.prove(wrong, timeout=60).verdict is Verdict.REFUTED


@pytest.mark.parametrize("second", _seconds("Exponential"))
def test_a_dropped_term_is_refuted(pairs: ModuleType, second: str | None) -> None:
    """The closed form with its first term dropped is not derived, and REFUTED."""
    claim = _claim(pairs, second)
    plain = expand_series(claim.rhs)
    body = _body(plain)
    dropped = _with_body(plain, sympy.Add(*sympy.Add.make_args(body)[1:]))
    assert dropped != plain
    wrong = Eq(claim.lhs, dropped, evaluate=False)
    assert family_moments(as_relation(wrong)) is None
    assert symkl.prove(wrong, timeout=60).verdict is Verdict.REFUTED


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
@pytest.mark.parametrize("second", ["ContinuousBernoulli", "Exponential", "Normal"])
def test_the_first_lambda_reflected_is_refuted(pairs: ModuleType, second: str) -> None:
    """λ₁ → 1 − λ₁ in a KL against CB, Exponential or Normal (the mean moves) is REFUTED."""
    claim = _claim(pairs, second)
    probs = _first_probs(claim)
    wrong = Eq(claim.lhs, expand_series(claim.rhs).xreplace({probs: 1 - probs}), evaluate=False)
    assert family_moments(as_relation(wrong)) is None
    assert symkl.prove(wrong, timeout=60).verdict is Verdict.REFUTED


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_the_entropy_is_symmetric_in_lambda(pairs: ModuleType) -> None:
    """H(CB(λ)) = H(CB(1 − λ)) (x → 1 − x maps one onto the other): the reflected closed form
    is a true claim, and PROVED."""
    claim = _claim(pairs, None)
    probs = _first_probs(claim)
    mirrored = Eq(claim.lhs, expand_series(claim.rhs).xreplace({probs: 1 - probs}), evaluate=False)
    assert symkl.prove(mirrored, timeout=120).verdict is Verdict.PROVED


def test_a_claim_wrong_at_one_half_only_is_not_derived() -> None:
    """The closed form for λ ≠ ½ with the value 1 at λ = ½ (there H = 0) is not derived."""
    h = symkl.entropy(ContinuousBernoulli(lam))
    wrong = Eq(h, Piecewise((h.doit(), sympy.Ne(lam, S.Half)), (1, True)), evaluate=False)
    assert family_moments(as_relation(wrong)) is None


def test_a_numeric_half_is_uniform() -> None:
    """KL(CB(½) ‖ Exponential(r)) = r/2 − log r, derived without cases (λ is a number)."""
    r = Symbol("r", positive=True)
    claim = Eq(
        symkl.kl_divergence(ContinuousBernoulli(S.Half), Exponential(r)),
        r / 2 - sympy.log(r),
        evaluate=False,
    )
    success = family_moments(as_relation(claim))
    assert success is not None
    assert not any("by cases" in fact for fact in success.assumptions)
