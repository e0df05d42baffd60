"""The numeric gradient search counts a sample as agreement only when the values agree."""

from __future__ import annotations

from typing import Any

import pytest
import sympy

from symkl.calculus import _numeric as num
from symkl.calculus import _search
from symkl.calculus._domain import Domain
from symkl.optimize import same_gradient
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
