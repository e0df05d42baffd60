"""The numeric searches count a sample as agreement only when the values agree, and try the
parameters at their structured values (0, ±1, the ends of the facts), not only at random ones."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

from symkl.calculus import _numeric as num
from symkl.calculus import _search
from symkl.calculus._domain import Domain, as_domain
from symkl.optimize import same_argmin, same_gradient
from symkl.prover import Verdict

t = sympy.Symbol("t", real=True)


def _unconfirmable(monkeypatch: pytest.MonkeyPatch) -> None:
    """No point can be confirmed at 50 digits (as when a fact or mpmath rejects every point)."""

    def never(*args: Any, **kwargs: Any) -> None:
        return None

    monkeypatch.setattr(num, "confirm_values", never)


def test_differing_gradients_are_refuted_with_the_point() -> None:
    """∇t² ≠ ∇2t²: the search returns a confirmed point with both gradients."""
    found, _ = _search.gradient_search(t**2, 2 * t**2, None, (t,), (), Domain(), 120, 0)
    assert found is not None
    assert found["rhs"] == pytest.approx(2 * found["lhs"])
    assert found["lhs"] != 0


def test_unconfirmed_differences_are_not_counted_as_agreement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Samples whose gradients differ in floats but cannot be confirmed are not agreeing samples."""
    _unconfirmable(monkeypatch)
    found, used = _search.gradient_search(t**2, 2 * t**2, None, (t,), (), Domain(), 120, 0)
    assert found is None
    assert used < 10  # only t = 0, where 2t = 4t


def test_unconfirmed_differences_never_make_a_claim_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A false same-gradient claim whose counterexamples cannot be confirmed is UNDECIDED."""
    _unconfirmable(monkeypatch)
    proof = same_gradient(t**2, 2 * t**2, t)
    assert proof.verdict is Verdict.UNDECIDED
    assert "usable samples" in proof.detail


def test_agreeing_gradients_are_checked_on_many_samples() -> None:
    """Gradients that agree everywhere: no point is returned and every sample counts."""
    found, used = _search.gradient_search(t**2, t**2 + 1, None, (t,), (), Domain(), 120, 0)
    assert found is None
    assert used >= 100


# --- argmin search: structured parameters, ties -------------------------------------------------


@pytest.mark.parametrize("name", ["w", "c"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_scale_of_unknown_sign_is_refuted_whatever_its_name(name: str, seed: int) -> None:
    """w·(t − 1)² vs (t − 1)²: at w = 0 every t minimises the lhs, so REFUTED for any name."""
    w = sympy.Symbol(name, real=True)
    proof = same_argmin(w * (t - 1) ** 2, (t - 1) ** 2, t, seed=seed)
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample[name] <= 0


def test_scale_that_may_vanish_is_refuted_at_zero() -> None:
    """c·(t − 1)² with c ≥ 0: at c = 0 the lhs is constant, so its minimisers are every t."""
    c = sympy.Symbol("c", real=True)
    proof = same_argmin(c * (t - 1) ** 2, (t - 1) ** 2, t, where=[c >= 0])
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["c"] == 0
    assert "constant" in proof.detail


def test_negative_scale_is_refuted_by_a_lower_point() -> None:
    """c·(t − 1)² with c ≤ −1/2 (never 0) has no minimiser: lower than at t = 1 somewhere."""
    c = sympy.Symbol("c", real=True)
    proof = same_argmin(c * (t - 1) ** 2, (t - 1) ** 2, t, where=[c <= sympy.Rational(-1, 2)])
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None
    example = proof.counterexample
    assert example["lhs(b)"] < example["lhs(a)"]


def test_true_claims_with_parameters_keep_their_verdicts() -> None:
    """A positive scale stays PROVED; |t − a| vs (t − a)² (no relation found) stays CHECKED."""
    a, w = sympy.symbols("a w", real=True)
    scaled = same_argmin((w**2 + 1) * (t - a) ** 2, (t - a) ** 2, t)
    assert scaled.verdict is Verdict.PROVED
    for seed in (0, 1):
        checked = same_argmin((t - a) ** 2, sympy.Abs(t - a), t, seed=seed)
        assert checked.verdict is Verdict.CHECKED


def test_contexts_start_at_the_structured_values_within_the_facts() -> None:
    """A real parameter is tried at 1, −1 and 0 first; with c ≥ 0 it starts at 0, never below."""
    c = sympy.Symbol("c", real=True)
    rng = np.random.default_rng(0)
    (free,) = num.instances([c * (t - 1) ** 2], (t,), (), Domain())
    first = [ctx[c] for ctx in num.contexts(free, rng, 4)][:3]
    assert first == [1.0, -1.0, 0.0]
    bounded = as_domain(None, (t,), [c >= 0])
    (inst,) = num.instances([c * (t - 1) ** 2], (t,), (), bounded)
    values = [ctx[c] for ctx in num.contexts(inst, rng, 4)]
    assert values[0] == 0.0
    assert min(values) >= 0


def test_a_constant_objective_does_not_agree_with_one_that_has_a_single_minimiser() -> None:
    """Every candidate ties for a constant lhs: the rivals are not agreement in floats."""
    vf = np.zeros(5)
    vg = np.array([4.0, 1.0, 0.0, 1.0, 4.0])
    rivals = _search._rivals(vf, vg, np.ones(5, dtype=bool))
    assert rivals is not None
    a, b = rivals
    assert (vg[a], vg[b]) == (4.0, 0.0)
    assert _search._rivals(vg, 2 * vg, np.ones(5, dtype=bool)) is None


def test_a_flat_bottom_is_not_agreement_with_a_single_minimiser() -> None:
    """max(0, (t − 1)² − 1) is minimised on all of [0, 2], (t − 1)² only at 1: never CHECKED."""
    for seed in (0, 1):
        proof = same_argmin(sympy.Max(0, (t - 1) ** 2 - 1), (t - 1) ** 2, t, seed=seed)
        assert proof.verdict is Verdict.UNDECIDED
        assert "ties" in proof.detail


def test_a_coupling_term_that_moves_the_minimiser_is_refuted() -> None:
    """(θ − 1)² + (η − 1)² has its certified minimiser at (1, 1); adding θη/10 moves it to
    θ = η = 1/1.05, a step of 0.05 the random candidates missed (the claim was CHECKED)."""
    th, eta = sympy.symbols("theta eta", real=True)
    base = (th - 1) ** 2 + (eta - 1) ** 2
    result = same_argmin(base, base + th * eta / 10, [th, eta])
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None
    assert result.counterexample["rhs(b)"] < result.counterexample["rhs(a)"]
