"""Deciding derived = claimed: e^{±log Γ(z)} read as Γ(z)^{±1} for z > 0 only, and Student's t's
entropy PROVED through it, its mutants (a constant, a dropped term, a shifted ψ) REFUTED."""

from __future__ import annotations

from types import ModuleType

import pytest
import sympy
from sympy import Eq, Rational, Symbol, exp, gamma, loggamma, polygamma

import symkl
from symkl import Verdict
from symkl.families import Cauchy, Family, Laplace, StudentT
from symkl.families._prove import family_moments
from symkl.families._prove_equal import normal_form, vanishes
from symkl.families._series import expand_series
from symkl.relations import as_relation

z = Symbol("z", positive=True)


def test_exp_of_log_gamma_is_gamma_for_a_positive_argument() -> None:
    """e^{log Γ(z) − log Γ(z + ½)}·Γ(z + ½)/Γ(z) is 1 for z > 0."""
    assert vanishes(
        exp(loggamma(z) - loggamma(z + Rational(1, 2))) * gamma(z + Rational(1, 2)) / gamma(z) - 1
    )
    assert vanishes(exp(-loggamma(z)) * gamma(z) - 1)


def test_exp_of_log_gamma_is_kept_where_the_sign_is_unknown() -> None:
    """For a real w of unknown sign e^{log Γ(w)} is left as it is (not rewritten)."""
    w = Symbol("w", real=True)
    assert normal_form(exp(loggamma(w))).has(loggamma)


def test_other_multiples_are_kept() -> None:
    """e^{2·log Γ(z)} is not rewritten by this rule (only ±1 times log Γ)."""
    assert normal_form(exp(2 * loggamma(z))).has(loggamma)


def _claim(pairs: ModuleType) -> Eq:
    h = symkl.entropy(pairs.build("StudentT", "1"))
    return Eq(h, h.doit(), evaluate=False)


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_student_t_entropy_is_proved(pairs: ModuleType) -> None:
    """H(StudentT(ν, μ, σ)), symbolic parameters, is PROVED: E[log(1 + z²/ν)] = ψ((ν + 1)/2) −
    ψ(ν/2) by differentiating the normalising integral."""
    proof = symkl.prove(_claim(pairs), timeout=120)
    assert proof.verdict is Verdict.PROVED, (proof.method, proof.detail)
    assert any("differentiating log Z" in fact for fact in proof.assumptions)


def _mutants(claim: Eq) -> dict[str, sympy.Expr]:
    plain = expand_series(claim.rhs)
    nu = next(v for v in plain.free_symbols if v.name == "df1")
    scale = next(v for v in plain.free_symbols if v.name == "scale1")
    return {
        "constant": plain + Rational(1, 1000),
        "dropped": sympy.Add(*sympy.Add.make_args(plain)[1:]),
        "shifted-psi": plain.xreplace(
            {polygamma(0, nu / 2 + Rational(1, 2)): polygamma(0, nu / 2 + 1)}
        ),
        "scale": plain.xreplace({scale: 2 * scale}),
    }


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
@pytest.mark.parametrize("which", ["constant", "dropped", "shifted-psi", "scale"])
def test_student_t_mutants_are_refuted(pairs: ModuleType, which: str) -> None:
    """The entropy plus 1/1000, with a term dropped, ψ((ν + 1)/2) as ψ(ν/2 + 1), or σ as 2σ is
    not derived, and REFUTED."""
    claim = _claim(pairs)
    wrong = _mutants(claim)[which]
    assert wrong != expand_series(claim.rhs)
    relation = Eq(claim.lhs, wrong, evaluate=False)
    assert family_moments(as_relation(relation)) is None
    assert symkl.prove(relation, timeout=60).verdict is Verdict.REFUTED


_A, _S, _MU = Symbol("a", positive=True), Symbol("s", positive=True), Symbol("mu", real=True)


@pytest.mark.parametrize(
    ("family", "moment"),
    [
        # StudentT and Laplace take seconds each: the slow suite (CI) runs them
        pytest.param(
            StudentT(_A, _MU, _S), "E[log(1 + ((x - mu)/(sqrt(a)*s))^2)]", marks=pytest.mark.slow
        ),
        (Cauchy(2, 3), "E[log(1 + ((x - 2)/3)^2)]"),
        pytest.param(Laplace(-1, _S), "E[|x + 1|]", marks=pytest.mark.slow),
    ],
    ids=str,
)
def test_a_proofs_moment_names_the_familys_own_shift_and_scale(family: Family, moment: str) -> None:
    """The moment a proof used reads in the family's parameters (not a placeholder m, c)."""
    entropy = symkl.entropy(family)
    proof = symkl.prove(Eq(entropy, entropy.doit()))
    assert proof.verdict is Verdict.PROVED
    assert [t for t in proof.assumptions if t.startswith(f"moment {moment} under {family}")]
