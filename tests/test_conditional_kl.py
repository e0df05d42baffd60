"""Conditional relative entropy D(p(y | x) ‖ q(y | x)): the measure, its numbers, its chain rule."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sympy import Eq, Gt, Rational, S

import symkl
from symkl.errors import InvalidDistributionError
from symkl.information import Joint, conditional_kl_divergence
from symkl.numeric._conditional import conditional_kl_divergence as numeric_ckl

_T = Rational(1, 10)
P_TABLE = [[_T, 2 * _T, _T], [3 * _T, _T, 2 * _T]]
Q_TABLE = [[2 * _T, 2 * _T, 2 * _T], [_T, _T, 2 * _T]]
P, Q = Joint(P_TABLE), Joint(Q_TABLE, name="q")


def _by_definition(given_rows: bool) -> float:
    """Σ_x p(x) KL(p(·|x) ‖ q(·|x)) from the tables, in floats."""
    p = np.array(P_TABLE, dtype=float)
    q = np.array(Q_TABLE, dtype=float)
    if not given_rows:
        p, q = p.T, q.T
    total = 0.0
    for prow, qrow in zip(p, q, strict=True):
        px, qx = prow.sum(), qrow.sum()
        pairs = zip(prow, qrow, strict=True)
        total += px * sum(a / px * math.log((a / px) / (b / qx)) for a, b in pairs)
    return total


@pytest.mark.parametrize(("given", "rows"), [("X", True), ("Y", False)])
def test_value_is_the_average_of_conditional_divergences(given: str, rows: bool) -> None:
    """doit() is Σ_x p(x) D(p(·|x) ‖ q(·|x)), and the array version agrees."""
    value = float(conditional_kl_divergence(P, Q, given=given).doit())
    assert value == pytest.approx(_by_definition(rows), rel=1e-12)
    assert numeric_ckl(P_TABLE, Q_TABLE, given=0 if rows else 1) == pytest.approx(value)


def test_base_two_divides_by_log_two() -> None:
    """base=2 gives bits."""
    nats = conditional_kl_divergence(P, Q, given="X").doit()
    bits = conditional_kl_divergence(P, Q, given="X", base=2).doit()
    assert float(bits) == pytest.approx(float(nats) / math.log(2))


def test_prints_as_the_textbook_writes_it() -> None:
    """KL(p(Y | X) ‖ q(Y | X)), unevaluated until doit()."""
    measure = conditional_kl_divergence(P, Q, given="X")
    assert str(measure) == "KL(p(Y | X) ‖ q(Y | X))"
    assert measure.doit() != measure


def test_default_target_is_every_other_variable() -> None:
    """Given Z in a three-variable table, the target is (X, Y)."""
    t = Joint([[[S(1) / 8] * 2] * 2] * 2, names=("X", "Y", "Z"))
    measure = conditional_kl_divergence(t, t, given="Z")
    assert str(measure) == "KL(p(X, Y | Z) ‖ p(X, Y | Z))"
    assert measure.doit() == 0


def test_zero_weight_condition_adds_nothing() -> None:
    """A row of probability 0 under p contributes 0, even where q differs."""
    p = Joint([[S(1) / 2, S(1) / 2], [0, 0]])
    q = Joint([[S(1) / 2, S(1) / 4], [S(1) / 8, S(1) / 8]], name="q")
    value = float(conditional_kl_divergence(p, q, given="X").doit())
    expected = 0.5 * math.log(0.5 / (2 / 3)) + 0.5 * math.log(0.5 / (1 / 3))
    assert value == pytest.approx(expected)
    assert numeric_ckl([[0.5, 0.5], [0, 0]], [[0.5, 0.25], [0.125, 0.125]]) == pytest.approx(
        expected
    )


@pytest.mark.parametrize(
    ("p", "q", "kwargs", "shown"),
    [
        (P, Joint([[S(1) / 2, S(1) / 2]], name="q"), {"given": "X"}, "different shapes"),
        (P, Joint(Q_TABLE, names=("A", "B")), {"given": "X"}, "('A', 'B')"),
        (P, Q, {"given": "W"}, "'W'"),
        (P, Q, {}, "given="),
        (P, Q, {"given": "X", "target": "X"}, "both target and condition"),
        (P, Q, {"given": ("X", "Y")}, "nothing left"),
        (P, [0.5, 0.5], {"given": "X"}, "[0.5, 0.5]"),
    ],
)
def test_bad_input_names_the_bad_value(
    p: object, q: object, kwargs: dict[str, object], shown: str
) -> None:
    """Mismatched tables, unknown names, a missing or overlapping condition: a clear error."""
    with pytest.raises(symkl.SymklError) as info:
        conditional_kl_divergence(p, q, **kwargs)  # type: ignore[arg-type]
    assert shown in str(info.value)


@pytest.mark.parametrize(
    ("p", "q", "given", "shown"),
    [
        ([[0.5, 0.5]], [[0.5, 0.25], [0.125, 0.125]], 0, "different shapes"),
        ([[0.5, 0.0], [0.0, 0.5]], [[0.5, 0.5], [0.0, 0.0]], 0, "(1, 1)"),
        ([[0.5, 0.0], [0.0, 0.5]], [[0.5, 0.0], [0.0, 0.5]], 2, "no axis (2,)"),
        ([[0.5, 0.0], [0.0, 0.5]], [[0.5, 0.0], [0.0, 0.5]], (0, 1), "nothing left"),
    ],
)
def test_numeric_bad_input_names_the_bad_value(
    p: object, q: object, given: object, shown: str
) -> None:
    """The array version rejects what has no conditional divergence, naming it."""
    with pytest.raises(InvalidDistributionError) as info:
        numeric_ckl(p, q, given=given)  # type: ignore[arg-type]
    assert shown in str(info.value)


def test_numeric_infinite_where_q_conditional_is_zero() -> None:
    """q(y | x) = 0 < p(y | x): ∞."""
    assert numeric_ckl([[0.25, 0.25], [0.25, 0.25]], [[0.5, 0.0], [0.25, 0.25]]) == math.inf


def test_chain_rule_two_by_two_is_proved() -> None:
    """D(p(x,y) ‖ q(x,y)) = D(p(x) ‖ q(x)) + D(p(y|x) ‖ q(y|x)) for symbolic 2 × 2 tables."""
    p, q = Joint.symbolic("p", (2, 2)), Joint.symbolic("q", (2, 2))
    chain = symkl.kl_divergence(p.marginal("X"), q.marginal("X"))
    claim = Eq(symkl.kl_divergence(p, q), chain + conditional_kl_divergence(p, q, given="X"))
    assert symkl.prove(claim, timeout=60).verdict is symkl.Verdict.PROVED


def test_chain_rule_with_the_wrong_marginal_is_refuted() -> None:
    """D(p(y) ‖ q(y)) in place of D(p(x) ‖ q(x)) breaks the chain rule."""
    p, q = Joint.symbolic("p", (2, 2)), Joint.symbolic("q", (2, 2))
    wrong = symkl.kl_divergence(p.marginal("Y"), q.marginal("Y"))
    claim = Eq(symkl.kl_divergence(p, q), wrong + conditional_kl_divergence(p, q, given="X"))
    assert symkl.prove(claim, timeout=60).verdict is symkl.Verdict.REFUTED


def test_conditional_kl_is_not_always_positive() -> None:
    """D(p(y|x) ‖ q(y|x)) > 0 fails at p = q: refuted, never proved."""
    p, q = Joint.symbolic("p", (2, 2)), Joint.symbolic("q", (2, 2))
    assert symkl.prove(Gt(conditional_kl_divergence(p, q, given="X"), 0)).verdict is (
        symkl.Verdict.REFUTED
    )
