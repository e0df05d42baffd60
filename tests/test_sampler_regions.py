"""Spot checks reach weights and channel entries past [0, 1] where the claim still makes sense."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sympy import Ge, Le, Rational, Symbol

import symkl
from symkl.distributions import Discrete
from symkl.information import mixture
from symkl.numeric import draw, plan_for, spot_check
from symkl.numeric._plan import UNIT
from symkl.numeric._sampler import sampling_domain
from symkl.relations import as_relation

H, KL = symkl.entropy, symkl.kl_divergence
lam = Symbol("lambda", positive=True)
P, Q, U, W = (Discrete.symbolic(name, 2) for name in "pquw")


def _joint_convexity() -> Le:
    mixed = KL(mixture(P, U, lam), mixture(Q, W, lam))
    return Le(mixed, lam * KL(P, Q) + (1 - lam) * KL(U, W))


def _concavity() -> Ge:
    return Ge(H(mixture(P, Q, lam)), lam * H(P) + (1 - lam) * H(Q))


def _channel_claim(a: Symbol, b: Symbol) -> Le:
    rows = [[a, 1 - a], [b, 1 - b]]

    def out(d: Discrete) -> Discrete:
        return Discrete([sum(d.probs[i] * rows[i][j] for i in range(2)) for j in range(2)])

    return Le(KL(out(P), out(Q)), KL(P, Q))


def _rows(claim: object, where: list[object], count: int = 400) -> dict[str, np.ndarray]:
    plan = plan_for(as_relation(claim, where), None)
    env = draw(plan, np.random.default_rng(0), count)
    return {str(s): np.asarray(v) for s, v in env.items()}


def _mixed_entries(env: dict[str, np.ndarray]) -> list[np.ndarray]:
    weight = env["lambda"]
    return [weight * env[f"p_{k}"] + (1 - weight) * env[f"q_{k}"] for k in (1, 2)]


def test_a_mixture_weight_keeps_its_stated_domain() -> None:
    """λ > 0 alone: the plan samples (0, ∞), with [0, 1] only as the hint where most rows go."""
    plan = plan_for(as_relation(_concavity(), []), None)
    assert plan.scalars[lam].hi == math.inf
    assert plan.hints[lam] == UNIT
    assert sampling_domain(plan, lam).hi == 1.0


def test_rows_reach_weights_just_above_one_with_distributions_as_mixtures() -> None:
    """Some rows put λ in (1, 1.01] and some at λ ≥ 2, every mixture still a distribution."""
    env = _rows(_concavity(), [])
    weight = env["lambda"]
    assert np.any((weight > 1) & (weight <= 1.01))
    assert np.any(weight >= 2)
    for entry in _mixed_entries(env):
        assert np.all(entry >= -1e-12)
        assert np.all(entry <= 1 + 1e-12)


def test_rows_reach_a_stated_upper_bound_of_the_weight() -> None:
    """λ ≤ 2: the bound itself is met, and no row goes past it."""
    weight = _rows(_concavity(), [lam <= 2])["lambda"]
    assert np.any(weight == 2.0)
    assert np.all(weight <= 2.0)
    assert np.mean(weight <= 1) > 0.5  # most rows stay where the mixture is a distribution anyway


def test_a_weight_bounded_to_the_unit_interval_never_leaves_it() -> None:
    """λ ≤ 1 stated: no row past 1 (400 drawn, and rows beside where the sides tie on top)."""
    weight = _rows(_joint_convexity(), [lam <= 1])["lambda"]
    assert np.all(weight <= 1.0)
    assert len(weight) >= 400


def test_a_weight_whose_domain_misses_the_unit_interval_is_sampled() -> None:
    """3/2 < λ < 3: every row inside the facts and its mixtures distributions (was no row)."""
    env = _rows(_concavity(), [lam > Rational(3, 2), lam < 3], 200)
    assert len(env["lambda"]) > 100
    assert np.all((env["lambda"] > 1.5) & (env["lambda"] < 3))
    for entry in _mixed_entries(env):
        assert np.all(entry >= -1e-12)


def test_a_real_weight_is_sampled_below_zero_too() -> None:
    """A weight t with no sign: rows with t < 0 (q − |t|(p − q) a distribution) are drawn."""
    t = Symbol("t", real=True)
    claim = Ge(H(mixture(P, Q, t)), t * H(P) + (1 - t) * H(Q))
    env = _rows(claim, [])
    assert np.any(env["t"] < 0)
    assert np.any(env["t"] > 1)
    assert np.all(env["t"] * env["p_1"] + (1 - env["t"]) * env["q_1"] >= -1e-12)


def test_a_symbol_in_a_scaled_probability_reaches_its_whole_range() -> None:
    """Discrete([t/2, 1 − t/2]) with t > 0: t ∈ (1, 2] is reached (it was held in [0, 1])."""
    t = Symbol("t", positive=True)
    d = Discrete([t / 2, 1 - t / 2])
    env = _rows(Ge(H(d), 0), [])
    assert np.any(env["t"] > 1.5)
    assert np.all(env["t"] <= 2.0)


@pytest.mark.parametrize("where", [[lam <= 2], []], ids=["lambda<=2", "lambda>0"])
def test_joint_convexity_past_one_is_refuted_at_a_distribution(where: list[object]) -> None:
    """The counterexample has λ > 1 and both mixtures are distributions."""
    check = spot_check(_joint_convexity(), where=where)
    assert not check.ok
    example = check.counterexample
    assert example is not None
    weight = example["lambda"]
    assert weight > 1
    for first, second in (("p", "u"), ("q", "w")):
        for k in (1, 2):
            value = weight * example[f"{first}_{k}"] + (1 - weight) * example[f"{second}_{k}"]
            assert -1e-12 <= value <= 1 + 1e-12


def test_joint_convexity_and_concavity_hold_for_weights_in_the_unit_interval() -> None:
    """The true claims keep their evidence: every one of the 200 samples agrees."""
    for claim in (_joint_convexity(), _concavity()):
        check = spot_check(claim, where=[lam <= 1])
        assert check.ok
        assert check.samples == 200


def test_entropy_concavity_past_one_is_refuted() -> None:
    """λ ≤ 2: H(λp + (1 − λ)q) < λH(p) + (1 − λ)H(q) for λ > 1 and p ≠ q."""
    check = spot_check(_concavity(), where=[lam <= 2])
    assert not check.ok
    assert check.counterexample is not None
    assert check.counterexample["lambda"] > 1


def test_a_channel_with_an_entry_above_one_is_refuted() -> None:
    """W = [[a, 1 − a], [b, 1 − b]] with a, b > 0: data processing fails past 1, holds in it."""
    a, b = Symbol("a", positive=True), Symbol("b", positive=True)
    check = spot_check(_channel_claim(a, b))
    assert not check.ok
    example = check.counterexample
    assert example is not None
    assert max(example["a"], example["b"]) > 1
    assert spot_check(_channel_claim(a, b), where=[a <= 1, b <= 1]).ok


def test_a_bounded_weight_beside_a_wide_one_keeps_most_rows_inside() -> None:
    """μ ≤ 1 and λ > 0: a quarter of the rows put λ past 1, and μ stays in its interval."""
    mu = Symbol("mu", positive=True)
    claim = Ge(H(mixture(P, Q, lam)) + H(mixture(U, W, mu)), KL(P, Q) + KL(U, W))
    env = _rows(claim, [mu <= 1])
    assert len(env["lambda"]) >= 400
    assert 0.5 < np.mean(env["lambda"] <= 1) < 1
    assert np.all(env["mu"] <= 1)


@pytest.mark.slow  # seconds: 4
@pytest.mark.parametrize("constant", [Rational(21, 10), Rational(201, 100)])
def test_pinsker_with_a_constant_above_two_is_refuted_near_p_equals_q(constant: Rational) -> None:
    """KL ≥ c·TV² fails for c > 2 only near p = q: a pair point q 2% off a uniform p finds it
    (the random points over a symbolic n never did, and the claim was CHECKED)."""
    size = Symbol("n", integer=True, positive=True)
    p, q = symkl.Discrete.symbolic("p", size), symkl.Discrete.symbolic("q", size)
    tv = symkl.total_variation(p, q)
    proof = symkl.prove(Ge(symkl.kl_divergence(p, q), constant * tv**2))
    assert proof.verdict is symkl.Verdict.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["q_1"] == 0.51


def _sharp_bound(kind: str, size: int | Symbol) -> object:
    """A bound between divergences with its sharp constant a little off (each is false)."""
    p, q = symkl.Discrete.symbolic("p", size), symkl.Discrete.symbolic("q", size)
    kl, tv, hel = symkl.kl_divergence(p, q), symkl.total_variation(p, q), symkl.hellinger(p, q)
    c = Rational(201, 100)
    claims = {"pinsker": Ge(kl, c * tv**2), "kl-hellinger": Ge(kl, c * hel**2),
              "tv-hellinger": Le(tv, Rational(141, 100) * hel)}  # fmt: skip
    return claims[kind]


@pytest.mark.slow  # seconds: 8
@pytest.mark.parametrize(
    ("kind", "size"),
    [("pinsker", 3), ("pinsker", 5), ("tv-hellinger", 3), ("kl-hellinger", 3),
     ("kl-hellinger", 4), ("kl-hellinger", Symbol("n", integer=True, positive=True))],
)  # fmt: skip
def test_a_sharp_constant_a_little_off_is_refuted_at_every_size(
    kind: str, size: int | Symbol
) -> None:
    """KL ≥ 2.01·TV² and TV ≤ 1.41·Hellinger at an odd n (no uniform p splits into halves), and
    KL ≥ 2.01·Hellinger² (sharp at a one-hot p only) were CHECKED: pair points q 2% off a p with
    two halves of mass ½, and q a 1% step from a one-hot p, refute them."""
    proof = symkl.prove(_sharp_bound(kind, size))
    assert proof.verdict is symkl.Verdict.REFUTED, proof
    assert proof.counterexample is not None
    assert proof.counterexample["lhs"] != proof.counterexample["rhs"]
