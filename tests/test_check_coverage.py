"""A claim is not CHECKED where many of its samples had no value: the rest say nothing there."""

from __future__ import annotations

import numpy as np
import pytest
from sympy import Integral, Le, Rational, Symbol, exp, oo

import symkl
from symkl import Verdict
from symkl.numeric import spot_check
from symkl.numeric._check import UNCOVERED, Coverage

x = Symbol("x", positive=True)
a = Symbol("a", positive=True)
#: a·Γ(a) = Γ(1 + a), written as the integral: no double value for a below about 0.2
GAMMA_ONE_PLUS = a * Integral(x ** (a - 1) * exp(-x), (x, 0, oo))
SMALL_SHAPES = [a > Rational(1, 10**4), a < Rational(1, 2)]


@pytest.mark.slow  # seconds: a proof through the strategies and 50-digit looks
def test_a_bound_false_where_the_doubles_have_no_value_is_not_checked() -> None:
    """Γ(1 + a) ≤ 0.95 is false below a ≈ 0.08, where the integral has no double value; the
    rows of (0.2, ½) agreed, and the claim came out CHECKED on 192 of them."""
    proof = symkl.prove(Le(GAMMA_ONE_PLUS, Rational(95, 100)), where=SMALL_SHAPES)
    assert proof.verdict is not Verdict.CHECKED, proof
    assert proof.verdict is not Verdict.PROVED, proof
    if proof.verdict is Verdict.UNDECIDED:
        assert "had no value in double precision" in (proof.detail or ""), proof.detail


@pytest.mark.slow  # seconds: a proof through the strategies and 50-digit looks
def test_the_spot_check_names_the_gap() -> None:
    """The check keeps ok (nothing was confirmed false) and says where it could not look."""
    check = spot_check(Le(GAMMA_ONE_PLUS, Rational(95, 100)), where=SMALL_SHAPES)
    assert check.ok
    assert check.unconfirmed is not None
    assert "samples drawn had no value in double precision, e.g. at {'a': " in check.unconfirmed


@pytest.mark.slow  # seconds: a proof through the strategies and 50-digit looks
def test_a_claim_with_a_value_at_every_sample_has_no_gap() -> None:
    """Γ(1 + a) ≤ 1 on (½, 1), where every row has a value: CHECKED or PROVED, no gap."""
    check = spot_check(Le(GAMMA_ONE_PLUS, 1), where=[a > Rational(1, 2), a < 1])
    assert check.ok
    assert check.unconfirmed is None
    assert check.samples >= 100


@pytest.mark.parametrize(
    ("usable", "gap"),
    [
        ([True] * 100, None),
        ([True] * 95 + [False] * 5, None),
        ([True] * 94 + [False] * 6, "6 of the 100 samples drawn had no value in double precision"),
        ([False] * 3, "3 of the 3 samples drawn had no value in double precision"),
    ],
)
def test_the_gap_is_counted_over_every_row_drawn(usable: list[bool], gap: str | None) -> None:
    """Up to UNCOVERED of the rows may have no value; one more is a gap, with its point."""
    coverage = Coverage()
    half = len(usable) // 2
    for part in (usable[:half], usable[half:]):
        if part:
            coverage.add({a: np.linspace(1.0, 2.0, len(part))}, np.array(part))
    message = coverage.gap()
    assert UNCOVERED == 0.05
    if gap is None:
        assert message is None
    else:
        assert message is not None
        assert message.startswith(gap), message
        assert "e.g. at {'a': " in message


def test_the_gap_example_is_a_point_without_a_value() -> None:
    """The point named is the first row without a value, as a plain number."""
    coverage = Coverage()
    coverage.add({a: np.array([1.5, 2.25, 3.0])}, np.array([True, False, False]))
    assert coverage.missed == {"a": 2.25}
    assert type(coverage.missed["a"]) is float
