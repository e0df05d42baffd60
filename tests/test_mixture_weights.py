"""Concavity of entropy and joint convexity of KL for a symbolic mixture weight λ in (0, 1)."""

from __future__ import annotations

from sympy import Ge, Le, Lt, S, Symbol

import symkl
from symkl.information import mixture

LAM = Symbol("lambda", positive=True)
P, Q = symkl.Discrete.symbolic("p", 3), symkl.Discrete.symbolic("q", 3)
U, V = symkl.Discrete.symbolic("u", 3), symkl.Discrete.symbolic("v", 3)


def _joint_convexity(first: object, second: object) -> object:
    mixed = symkl.kl_divergence(mixture(P, U, LAM), mixture(Q, V, LAM))
    return Le(mixed, first * symkl.kl_divergence(P, Q) + second * symkl.kl_divergence(U, V))


def test_joint_convexity_is_proved_for_symbolic_lambda() -> None:
    """D(λp₁ + (1−λ)p₂ ‖ λq₁ + (1−λ)q₂) ≤ λD(p₁‖q₁) + (1−λ)D(p₂‖q₂), λ in (0, 1)."""
    proof = symkl.prove(_joint_convexity(LAM, 1 - LAM), where=[LAM < 1], timeout=60)
    assert proof.verdict is symkl.Verdict.PROVED
    assert proof.method == "log-sum"
    assert "lambda < 1" in proof.assumptions


def test_joint_convexity_with_swapped_weights_is_refuted() -> None:
    """(1−λ)D(p₁‖q₁) + λD(p₂‖q₂) is not an upper bound."""
    proof = symkl.prove(_joint_convexity(1 - LAM, LAM), where=[LAM < 1], timeout=60)
    assert proof.verdict is symkl.Verdict.REFUTED


def test_joint_convexity_is_never_strict() -> None:
    """Equality at p₁ = q₁ and p₂ = q₂: the strict version is refuted."""
    mixed = symkl.kl_divergence(mixture(P, U, LAM), mixture(Q, V, LAM))
    bound = LAM * symkl.kl_divergence(P, Q) + (1 - LAM) * symkl.kl_divergence(U, V)
    assert symkl.prove(Lt(mixed, bound), where=[LAM < 1], timeout=60).verdict is (
        symkl.Verdict.REFUTED
    )


def test_joint_convexity_needs_lambda_below_one() -> None:
    """Without λ < 1 the weight 1 − λ has no sign: not proved."""
    proof = symkl.prove(_joint_convexity(LAM, 1 - LAM), timeout=60)
    assert proof.verdict is not symkl.Verdict.PROVED


def test_entropy_concavity_is_proved_for_symbolic_lambda() -> None:
    """H(λp + (1 − λ)q) ≥ λH(p) + (1 − λ)H(q) for λ in (0, 1)."""
    claim = Ge(
        symkl.entropy(mixture(P, Q, LAM)),
        LAM * symkl.entropy(P) + (1 - LAM) * symkl.entropy(Q),
    )
    proof = symkl.prove(claim, where=[LAM < 1], timeout=60)
    assert proof.verdict is symkl.Verdict.PROVED
    assert proof.method == "gibbs"


def test_entropy_convexity_is_refuted() -> None:
    """The reversed inequality (entropy convex) is refuted for λ = 1/3."""
    claim = Le(
        symkl.entropy(mixture(P, Q, S(1) / 3)),
        S(1) / 3 * symkl.entropy(P) + S(2) / 3 * symkl.entropy(Q),
    )
    assert symkl.prove(claim, timeout=60).verdict is symkl.Verdict.REFUTED
