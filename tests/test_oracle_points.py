"""The fuzz oracle's points: equal parameters and jointly negative reals are tried."""

from __future__ import annotations

import _oracle
import pytest
import sympy
from sympy import Eq, Ge, Gt, log, symbols

import symkl
from symkl.families import Bernoulli

x, y = symbols("x y", real=True)
a, b = symbols("a b", positive=True)


def test_the_oracle_tries_two_negative_reals_at_once() -> None:
    """log(xy) = log x + log y fails at x = y = −1 (0 against 2πi)."""
    found = _oracle.judge(Eq(log(x * y), log(x) + log(y)))
    assert found.violated
    assert float(found.point["x"]) < 0
    assert float(found.point["y"]) < 0


def test_the_oracle_tries_equal_parameters() -> None:
    """KL(Bern a ‖ Bern b) > 0 fails at a = b; the non-strict claim holds."""
    kl = symkl.kl_divergence(Bernoulli(a), Bernoulli(b))
    found = _oracle.judge(Gt(kl, 0), [a < 1, b < 1])
    assert found.violated
    assert found.point["a"] == found.point["b"]
    assert not _oracle.judge(Ge(kl, 0), [a < 1, b < 1]).violated


def test_the_oracle_honours_absolute_continuity() -> None:
    """With p ≪ q stated, q_k = 0 < p_k is outside the claim: KL(p‖q) < ∞ holds there."""
    from symkl.facts import absolutely_continuous

    n = sympy.Symbol("n", integer=True, positive=True)
    p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
    claim = sympy.Lt(symkl.kl_divergence(p, q), sympy.oo)
    assert _oracle.judge(claim).violated
    assert not _oracle.judge(claim, [absolutely_continuous(p, q)]).violated


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_the_oracle_keeps_a_family_parameters_own_facts() -> None:
    """δ ≥ 0 inside Uniform(−δ₁, 1 + δ₂) stays ≥ 0; the equality case a = b = 1, δ = 0 is found."""
    from symkl.families import Beta, Uniform

    d1, d2 = symbols("delta1 delta2", nonnegative=True)
    p, q = Beta(a, b), Uniform(-d1, 1 + d2)
    assert _oracle._plan(Gt(symkl.kl_divergence(p, q), 0)).scalars[d1] == "nonnegative"
    found = _oracle.judge(Gt(symkl.kl_divergence(p, q, base=2), symkl.kl_divergence(p, q)))
    assert found.violated
    assert {k: float(v) for k, v in found.point.items()} == {
        "a": 1.0, "b": 1.0, "delta1": 0.0, "delta2": 0.0,
    }  # fmt: skip
