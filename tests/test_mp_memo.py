"""The memo of 50-digit values: one evaluation per expression, point and precision."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy

from symkl import Discrete, cross_entropy, entropy, expectation, kl_divergence
from symkl.families import Gumbel, Poisson
from symkl.numeric import _mp_memo, _mp_sides, explicit_instance, size_symbols
from symkl.numeric._compile import Backend, evaluate
from symkl.numeric._confirm import examine
from symkl.numeric._mp_memo import memoized
from symkl.numeric._plan import plan_for
from symkl.relations import RelationKind, as_relation

t = sympy.Symbol("t", positive=True)


@pytest.fixture(autouse=True)
def _empty_memo() -> Iterator[None]:
    _mp_memo.clear()
    yield
    _mp_memo.clear()


class _Counting:
    """t² at the point, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, env: Mapping[sympy.Basic, Any]) -> Any:
        self.calls += 1
        return env[t] ** 2


def test_a_value_is_computed_once_per_point_and_precision() -> None:
    """The same point and precision reuse the value; another point or precision computes."""
    f = _Counting()
    with mpmath.workdps(50):
        assert memoized(t**2, {t: mpmath.mpf(3)}, f) == 9
        assert memoized(t**2, {t: mpmath.mpf(3)}, f) == 9
        assert f.calls == 1
        assert memoized(t**2, {t: mpmath.mpf(4)}, f) == 16
        assert f.calls == 2
    with mpmath.workdps(40):
        third = memoized(t**2, {t: mpmath.mpf(3)}, f)
        assert f.calls == 3
        assert third == 9


def test_another_expression_at_the_same_point_is_its_own_value() -> None:
    """The key holds the expression: t² and t³ at one point are two values."""
    with mpmath.workdps(50):
        env = {t: mpmath.mpf(2)}
        assert memoized(t**2, env, lambda e: e[t] ** 2) == 4
        assert memoized(t**3, env, lambda e: e[t] ** 3) == 8


def test_a_complex_value_equal_to_a_real_one_is_another_point() -> None:
    """mpc(4) equals mpf(4) but is its own key: a branch may depend on the type."""
    with mpmath.workdps(50):
        assert memoized(t**2, {t: mpmath.mpf(4)}, lambda e: mpmath.sqrt(e[t])) == 2
        complex_root = memoized(t**2, {t: mpmath.mpc(4)}, lambda e: mpmath.mpc(0, 7))
    assert complex_root == mpmath.mpc(0, 7)


def test_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MEMO_SIZE values the least recently used is forgotten and computed again."""
    monkeypatch.setattr(_mp_memo, "MEMO_SIZE", 2)
    f = _Counting()
    with mpmath.workdps(50):
        for v in (1, 2, 3):
            memoized(t**2, {t: mpmath.mpf(v)}, f)
        assert f.calls == 3
        memoized(t**2, {t: mpmath.mpf(3)}, f)
        assert f.calls == 3
        memoized(t**2, {t: mpmath.mpf(1)}, f)
        assert f.calls == 4


def test_errors_and_arrays_are_not_kept() -> None:
    """An evaluation that raises raises again; an unhashable point is computed every time."""

    def fails(env: Mapping[sympy.Basic, Any]) -> Any:
        raise ValueError("no value here")

    with mpmath.workdps(50):
        for _ in range(2):
            with pytest.raises(ValueError, match="no value"):
                memoized(t**2, {t: mpmath.mpf(1)}, fails)
    f = _Counting()
    for _ in range(2):
        memoized(t**2, {t: np.array([1.0, 2.0])}, f)
    assert f.calls == 2


def test_a_nan_left_side_leaves_the_right_side_unevaluated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A nan left side makes the sample unusable: the right side is not computed at all."""
    seen: list[sympy.Basic] = []
    real_side = _mp_sides.side

    def side(expr: sympy.Expr, env: Mapping[sympy.Basic, Any]) -> Any:
        seen.append(expr)
        return mpmath.nan if expr == t**2 else real_side(expr, env)

    monkeypatch.setattr(_mp_sides, "side", side)
    plan = plan_for(as_relation(sympy.Eq(t**2, t + 1)), None)
    assert examine(plan, {t: 2.0}, RelationKind.EQ) == (None, None)
    assert seen == [t**2]
    plan = plan_for(as_relation(sympy.Eq(t + 1, t**3)), None)
    assert examine(plan, {t: 2.0}, RelationKind.EQ)[0] is False  # 3 ≠ 8: both were evaluated
    # both sides at 50 digits, then again at 100 (a violation without quadrature is re-checked)
    assert seen[1:] == [t + 1, t**3, t + 1, t**3]


def test_an_explicit_size_is_written_out_once_and_by_either_spelling() -> None:
    """explicit_instance writes each side out once per size, given as an int or by name, and
    writes it out again for another size."""
    n = sympy.Symbol("n", integer=True, positive=True)
    p, q = Discrete.symbolic("p", n), Discrete.symbolic("q", n)
    rel = as_relation(sympy.Ge(kl_divergence(p, q), 0))
    three = explicit_instance(rel, 3)
    assert explicit_instance(rel, 3).lhs is three.lhs
    assert explicit_instance(rel, dict.fromkeys(size_symbols(rel), 3)).lhs is three.lhs
    assert sympy.Symbol("p_3", positive=True) in three.lhs.free_symbols
    four = explicit_instance(rel, 4)
    assert sympy.Symbol("p_4", positive=True) in four.lhs.free_symbols
    assert sympy.Symbol("p_4", positive=True) not in three.lhs.free_symbols


def test_measures_of_one_distribution_share_its_mass_at_a_point() -> None:
    """H(P) and H(P, Q) at one point sum P's mass once (beside their own two values); Q's
    entropy sums Q's mass and its value, and the values are those of an empty memo."""
    a, b = sympy.symbols("a b", positive=True)
    p, q = Poisson(a), Poisson(b)
    with mpmath.workdps(50):
        env = {a: mpmath.mpf(2), b: mpmath.mpf(3)}
        first = [evaluate(m, env, Backend.MPMATH) for m in (entropy(p), cross_entropy(p, q))]
        assert len(_mp_memo._memo) == 1 + 2
        evaluate(entropy(q), env, Backend.MPMATH)
        assert len(_mp_memo._memo) == 3 + 2
        _mp_memo.clear()
        again = [evaluate(m, env, Backend.MPMATH) for m in (cross_entropy(p, q), entropy(p))]
        exact = mpmath.mpf("1.7048826439329838383775866444923403974209760657661")
        assert first == again[::-1]
        assert mpmath.almosteq(first[0], exact, 1e-45)


def test_one_expectation_in_two_sides_is_integrated_once() -> None:
    """E[e^(−x/σ)] under a Gumbel inside two different expressions (the two sides of a step) is
    integrated once at a point: the memo holds its mass and its value, and both sides use it."""
    mu, s = sympy.Symbol("mu", real=True), sympy.Symbol("s", positive=True)
    term = expectation(Gumbel(mu, s), sympy.exp(-Gumbel.variable / s))
    with mpmath.workdps(50):
        env = {mu: mpmath.mpf("0.5"), s: mpmath.mpf(2)}
        lhs = evaluate(term + 1, env, Backend.MPMATH)
        rhs = evaluate(2 * term, env, Backend.MPMATH)
        assert len(_mp_memo._memo) == 2
    # E[e^(−x/σ)] = e^(−μ/σ)·Γ(1 + 1) for Gumbel(μ, σ)
    with mpmath.workdps(50):
        exact = mpmath.exp(-mpmath.mpf("0.25"))
        assert mpmath.almosteq(lhs - 1, exact, 1e-40)
        assert mpmath.almosteq(rhs / 2, exact, 1e-40)
