"""Tests of symkl.testing: assertions that pass on true identities and explain false ones."""

from __future__ import annotations

import pytest
import sympy

import symkl
from symkl.prover import Verdict
from symkl.testing import assert_identity, assert_same_argmin, assert_same_gradient

n = sympy.Symbol("n", integer=True, positive=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)


def test_true_identity_passes_and_returns_the_proof() -> None:
    """CE − H = KL passes and the returned proof says how."""
    proof = assert_identity(symkl.cross_entropy(p, q) - symkl.entropy(p), symkl.kl_divergence(p, q))
    assert (proof.verdict, proof.method) == (Verdict.PROVED, "termwise-sum")


def test_false_identity_message_shows_sides_verdict_and_counterexample() -> None:
    """The swapped-notation claim fails with both sides, verdict, method and counterexample."""
    lhs = symkl.cross_entropy(q, p)
    rhs = symkl.kl_divergence(p, q) + symkl.entropy(p)
    with pytest.raises(AssertionError) as info:
        assert_identity(lhs, rhs)
    lines = str(info.value).splitlines()
    assert lines[:3] == [
        "symkl could not show that the two sides are equal: refuted by counterexample "
        "(required: checked or stronger)",
        "  lhs: H(q, p)",
        "  rhs: H(p) + KL(p || q)",
    ]
    assert lines[3].startswith("  counterexample: p_1 = ")
    assert "; lhs = " in lines[3]


@pytest.mark.slow
def test_require_proved_rejects_a_numerically_checked_identity() -> None:
    """sqrt(H(p)²) = H(p) is only checked numerically: passes by default, fails if proof needed."""
    lhs, rhs = sympy.sqrt(symkl.entropy(p) ** 2), symkl.entropy(p)
    assert assert_identity(lhs, rhs).verdict is Verdict.CHECKED
    with pytest.raises(AssertionError) as info:
        assert_identity(lhs, rhs, require="proved")
    assert str(info.value).splitlines()[0] == (
        "symkl could not show that the two sides are equal: checked by numeric (200 samples) "
        "(required: proved or stronger)"
    )


@pytest.mark.parametrize("require", ["refuted", "undecided", "maybe"])
def test_require_must_be_proved_or_checked(require: str) -> None:
    """A require other than proved/checked is a ValueError naming it."""
    with pytest.raises(ValueError, match=repr(require)):
        assert_identity(symkl.entropy(p), symkl.entropy(p), require=require)


def test_same_gradient_and_argmin() -> None:
    """CE and KL in q differ by the constant H(p): same gradient, same argmin."""
    pytest.importorskip("symkl.optimize")
    q2 = symkl.Discrete([sympy.Symbol("t", positive=True), 1 - sympy.Symbol("t", positive=True)])
    p2 = symkl.Discrete([sympy.Rational(1, 3), sympy.Rational(2, 3)])
    t = sympy.Symbol("t", positive=True)
    ce, kl = symkl.cross_entropy(p2, q2), symkl.kl_divergence(p2, q2)
    assert assert_same_gradient(ce, kl, t).verdict in (Verdict.PROVED, Verdict.CHECKED)
    assert assert_same_argmin(ce, kl, t).verdict in (Verdict.PROVED, Verdict.CHECKED)


def test_different_gradients_fail_with_a_message() -> None:
    """CE over q and CE with the arguments swapped do not share a gradient in t."""
    pytest.importorskip("symkl.optimize")
    t = sympy.Symbol("t", positive=True)
    q2 = symkl.Discrete([t, 1 - t], name="q")
    p2 = symkl.Discrete([sympy.Rational(1, 3), sympy.Rational(2, 3)], name="p")
    with pytest.raises(AssertionError, match=r"same gradient in t"):
        assert_same_gradient(symkl.cross_entropy(p2, q2), symkl.cross_entropy(q2, p2), t)


def test_assert_identity_passes_domain_facts_to_the_prover(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bare probabilities are sampled inside their domain: the prover gets 0 <= p_k <= 1, Σ = 1."""
    import symkl.prover

    two = symkl.Discrete.symbolic("p", 2)
    p1, p2 = two.probs
    seen: dict[str, object] = {}
    real_prove = symkl.prover.prove

    def spy(claim: object, **kwargs: object) -> object:
        seen.update(kwargs)
        return real_prove(claim, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(symkl.prover, "prove", spy)
    lhs, rhs = sympy.log(p1 * p2), sympy.log(p1) + sympy.log(p2)
    assert_identity(lhs, rhs, where=[two])
    assert seen["where"] == (p1 <= 1, p2 <= 1, sympy.Eq(p1 + p2, 1, evaluate=False))
    # A distribution on either side brings its facts without being named in where=.
    bern = symkl.Discrete([sympy.Symbol("t"), 1 - sympy.Symbol("t")])
    t = sympy.Symbol("t")
    assert_identity(symkl.entropy(bern), -t * sympy.log(t) - (1 - t) * sympy.log(1 - t))
    assert seen["where"] == (t >= 0, t <= 1, 1 - t >= 0)


def test_assert_identity_accepts_stated_facts_and_rejects_strings() -> None:
    """where= takes SymPy relations; a string side is refused, never evaluated."""
    from symkl.errors import StringInputError
    from symkl.testing import identity_facts

    t = sympy.Symbol("t")
    assert identity_facts(t, t, where=[t > 0]) == (t > 0,)
    with pytest.raises(StringInputError, match="the left-hand side must be a number"):
        assert_identity("t", t)


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"samples": 0}, "samples must be an int from 1 to 100000, got 0"),
        ({"samples": 100_001}, "got 100001"),
        ({"samples": 2.5}, "got 2.5"),
        ({"timeout": float("nan")}, "timeout must be positive seconds"),
        ({"timeout": -1}, "or None for the prover's budget, got -1"),
        ({"timeout": "5"}, "got '5'"),
    ],
)
def test_sample_counts_and_timeouts_are_bounded(options: dict[str, object], fragment: str) -> None:
    """Absurd budgets are an InvalidOptionError (a ValueError) naming the value."""
    from symkl.errors import InvalidOptionError

    with pytest.raises(InvalidOptionError) as info:
        assert_identity(symkl.entropy(p), symkl.entropy(p), **options)  # type: ignore[arg-type]
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)
