"""A value that overflows a double is no infinity: the 0·∞ and c/∞ conventions must not meet it."""

from __future__ import annotations

import numpy as np
import pytest
from sympy import Lt, Rational, Symbol, besseli

import symkl
from symkl.numeric import Backend, evaluate

k = Symbol("k", positive=True)
RATIO = besseli(1, k) / besseli(0, k)


def test_an_overflowed_bessel_ratio_is_unusable_not_zero() -> None:
    """I₁(κ)/I₀(κ) past the double range is nan (unusable), not 0 by 0·∞ = 0."""
    values = evaluate(RATIO, {k: np.array([1.0, 500.0, 800.0, 2000.0])}, Backend.NUMPY)
    assert values[0] == pytest.approx(0.4463899658965555, rel=1e-12)
    assert values[1] == pytest.approx(0.998999498, rel=1e-8)
    assert np.isnan(values[2])
    assert np.isnan(values[3])


def test_a_false_bound_on_the_bessel_ratio_at_large_arguments_is_not_checked() -> None:
    """I₁(κ)/I₀(κ) < ½ is false for every κ > 1.2: never CHECKED, even where both overflow."""
    claim = Lt(RATIO, Rational(1, 2), evaluate=False)
    assert symkl.prove(claim, where=[k > 1000]).verdict not in (
        symkl.Verdict.PROVED,
        symkl.Verdict.CHECKED,
    )
    proof = symkl.prove(claim, where=[k > 1])
    assert proof.verdict is symkl.Verdict.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["lhs"] > 0.5
