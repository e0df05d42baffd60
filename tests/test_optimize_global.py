"""A strict local maximum of the log-likelihood is proved the MLE only when it is the global one."""

from __future__ import annotations

import pytest
import sympy
from sympy import exp

from symkl.errors import EstimationError
from symkl.optimize import Maximizer, Model, mle
from symkl.prover import Verdict, prove

theta = sympy.Symbol("theta", real=True)
t = sympy.Symbol("t", positive=True)
s = sympy.Symbol("s", positive=True)
#: score −θ(θ − 2)(θ + 1): local maxima at −1 (ℓ = 5/12) and 2 (ℓ = 8/3)
QUARTIC = Model("quartic", -(theta**4) / 4 + theta**3 / 3 + theta**2, (theta,))
#: a local maximum at t = 3 (ℓ = 4e⁻³) below the supremum 1 approached as t → 0+
#: the unique-stationary-point rule on t ∈ interval, as the proofs state it
UNIQUE = (
    "ℓ has the estimate as its only stationary point on t ∈ {interval}, a strict local maximum "
    "(−H positive definite there), so its global maximum (a differentiable function on an "
    "interval with a single critical point)"
)
EDGE = Model("edge", (t - 1) ** 2 * exp(-t), (t,), {t: (0, sympy.oo)})


def test_lower_local_maximum_is_refuted_by_the_higher_one() -> None:
    """θ = −1 is a strict local maximum of the quartic, but ℓ(2) = 8/3 > ℓ(−1) = 5/12."""
    proof = prove(Maximizer(QUARTIC, {theta: -1}))
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample == {
        "theta (claimed)": -1.0,
        "ℓ (claimed)": pytest.approx(5 / 12, rel=1e-15),
        "theta": 2.0,
        "ℓ": pytest.approx(8 / 3, rel=1e-15),
    }
    assert proof.detail == (
        "ℓ(2) = 8/3 at another root of the score, above ℓ(-1) = 5/12; confirmed at 50 digits"
    )


def test_local_maximum_below_an_edge_limit_is_refuted() -> None:
    """t = 3 is a strict local maximum, but ℓ → 1 as t → 0+ and ℓ(1/10) > ℓ(3) = 4e⁻³."""
    proof = prove(Maximizer(EDGE, {t: 3}))
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["t"] == 0.1
    assert proof.counterexample["ℓ (claimed)"] == pytest.approx(4 * float(exp(-3)), rel=1e-15)
    assert proof.counterexample["ℓ"] == pytest.approx(0.81 * float(exp(-0.1)), rel=1e-15)
    assert proof.detail.startswith("ℓ → 1 as t → 0, above ℓ(3) = 4*exp(-3) ≈ 0.1991")


def test_mle_refuses_a_local_maximum_below_an_edge_limit() -> None:
    """mle of (t − 1)²e⁻ᵗ has no maximiser on t > 0: its one local maximum is not returned."""
    with pytest.raises(EstimationError) as raised:
        mle((t - 1) ** 2 * exp(-t), t)
    assert str(raised.value) == (
        "mle(custom): no root of the score equations is a proved maximum: t = 1 (leading "
        "principal minors of −H: -2*exp(-1)); t = 3 (a local maximum, but ℓ → 1 as t → 0, above "
        "ℓ(3) = 4*exp(-3) ≈ 0.1991)"
    )


def test_highest_stationary_point_is_proved_by_comparison() -> None:
    """θ = 2 beats the other roots −1, 0 of the score and ℓ → −∞ at both ends: PROVED."""
    proof = prove(Maximizer(QUARTIC, {theta: 2}))
    assert proof.verdict is Verdict.PROVED
    assert proof.assumptions[-1] == (
        "ℓ at the estimate is at least ℓ at every other root of the score (-1, 0) and at least "
        "its limits at both ends of theta ∈ (-oo, oo), so it is the global maximum"
    )


def test_non_concave_model_with_one_stationary_point_is_proved() -> None:
    """ℓ = t·e⁻ᵗ is convex for t > 2, but t = 1 is its only stationary point on (0, ∞)."""
    model = Model("gamma-shape", t * exp(-t), (t,), {t: (0, sympy.oo)})
    proof = prove(Maximizer(model, {t: 1}))
    assert proof.verdict is Verdict.PROVED
    assert proof.assumptions[-1] == UNIQUE.format(interval="(0, oo)")
    result = mle(t * exp(-t), t)
    assert result.estimators == {t: 1}
    assert result.second_order.assumptions[-1] == proof.assumptions[-1]


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("bernoulli", "ℓ is strictly concave on the parameter domain"),
        ("poisson", "ℓ is strictly concave on the parameter domain"),
        ("exponential", "ℓ is strictly concave on the parameter domain"),
        ("categorical", "ℓ is strictly concave on the parameter domain"),
        ("normal", "ℓ is strictly concave in mu for every sigma^2"),
    ],
)
def test_catalog_estimators_are_proved_global_maxima(name: str, rule: str) -> None:
    """Each built-in model's MLE is PROVED, naming the rule that makes it the global maximum."""
    result = mle(name)
    assert result.second_order.assumptions[-1].startswith(rule)
    proof = prove(Maximizer(name, result.estimators))
    assert proof.verdict is Verdict.PROVED
    assert proof.assumptions[-1].startswith(rule)


def test_two_parameters_without_a_rule_are_decided_by_numbers() -> None:
    """No rule applies in (θ, s): the lower local maximum is refuted, the higher one CHECKED."""
    model = Model("separable", QUARTIC.log_likelihood + sympy.log(s) - s, (theta, s))
    lower = prove(Maximizer(model, {theta: -1, s: 1}))
    assert lower.verdict is Verdict.REFUTED
    assert lower.counterexample is not None
    assert lower.counterexample["ℓ"] > lower.counterexample["ℓ (claimed)"]
    assert lower.detail == "a sampled point where ℓ is higher; confirmed at 50 digits"
    higher = prove(Maximizer(model, {theta: 2, s: 1}))
    assert higher.verdict is Verdict.CHECKED


def test_the_domain_decides_and_is_part_of_the_claim() -> None:
    """On t > 2 the local maximum t = 3 is global (PROVED); the claim differs from the t > 0 one."""
    narrow = Model("edge", EDGE.log_likelihood, (t,), {t: (2, sympy.oo)})
    assert Maximizer(narrow, {t: 3}) != Maximizer(EDGE, {t: 3})
    proof = prove(Maximizer(narrow, {t: 3}))
    assert proof.verdict is Verdict.PROVED
    assert proof.assumptions[-1] == UNIQUE.format(interval="(2, oo)")


def test_model_with_data_and_no_rule_is_decided_by_sampled_data() -> None:
    """ℓ = Σ (x_i² − θ⁴/4 + θ³/3 + θ²): at θ = −1 sampled data and θ refute it, θ = 2 is CHECKED."""
    n = sympy.Symbol("n", integer=True, positive=True)
    i = sympy.Symbol("i", integer=True, positive=True)
    x = sympy.IndexedBase("x", real=True)
    ell = sympy.Sum(x[i] ** 2 + QUARTIC.log_likelihood, (i, 1, n))
    model = Model("quartic-data", ell, (theta,), data={x: ("real", -2.0, 2.0)})
    lower = prove(Maximizer(model, {theta: -1}))
    assert lower.verdict is Verdict.REFUTED
    assert lower.counterexample is not None
    assert lower.counterexample["ℓ"] > lower.counterexample["ℓ (claimed)"]
    assert lower.detail == "sampled data and parameters where ℓ is higher; confirmed at 50 digits"
    assert prove(Maximizer(model, {theta: 2})).verdict is Verdict.CHECKED


KINK = sympy.sqrt(theta**2 - 2 * theta + 1)  # |θ − 1|, written so that smooth() passes it


@pytest.mark.parametrize(
    ("log_likelihood", "point"),
    [
        (-KINK + sympy.Rational(3, 4) * (theta - 1) ** 2 - KINK * (theta - 1) ** 2 / 6, 3),
        (KINK - (theta - 1) ** 2 + (theta - 1) / 4, sympy.Rational(5, 8)),
        (-(theta**2) + (KINK + theta - 1) * theta**2, 0),
    ],
    ids=["cusp above the roots", "convex kink", "one root of the score"],
)
def test_a_kink_hidden_in_a_square_root_is_no_global_argument(
    log_likelihood: sympy.Expr, point: sympy.Expr
) -> None:
    """√((θ − 1)²) is |θ − 1|: ℓ's maximum may sit at the kink, at no root of the score, and
    ℓ'' < 0 wherever it exists does not make ℓ concave (both points were PROVED)."""
    claim = Maximizer(Model("kinked", log_likelihood, (theta,)), {theta: point})
    assert prove(claim).verdict is Verdict.REFUTED


def test_a_pole_inside_the_domain_is_searched_beside() -> None:
    """ℓ = −θ² − log((θ − 3)²) − 2θ/3 has a strict local maximum at 0 and ℓ → +∞ at θ = 3,
    0.004 from which no random point fell (the claim was CHECKED)."""
    log_likelihood = -(theta**2) - sympy.log((theta - 3) ** 2) - 2 * theta / 3
    proof = prove(Maximizer(Model("pole", log_likelihood, (theta,)), {theta: 0}))
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None
    assert abs(proof.counterexample["theta"] - 3) < 1e-6
