"""Tests of the switch points: claims false only on a set of measure zero are refuted there."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest
import sympy
from sympy import (
    Eq,
    Ge,
    Heaviside,
    KroneckerDelta,
    Min,
    Piecewise,
    Rational,
    Symbol,
    ceiling,
    floor,
    sign,
)

import symkl
from symkl.numeric import Backend, evaluate, plan_for, spot_check
from symkl.numeric._boundary import MAX_SWITCHES, boundary_rows, switches
from symkl.relations import as_relation

x = Symbol("x", real=True)
y = Symbol("y", positive=True)
k = Symbol("k", integer=True, positive=True)
a = Symbol("a", real=True)
b = Symbol("b", positive=True)
#: A switch no structured value sits on (0.75 is not among them), and one no double is exactly.
C, THIRD = Rational(3, 4), Rational(1, 3)

#: name: (the claim false only at its switch point, the variable and its value there).
FALSE = {
    "wrong Eq branch": (Eq(Piecewise((x**2 + 1, Eq(x, C)), (x**2, True)), x**2), "x", 0.75),
    "wrong Eq branch at 1/3": (
        Eq(Piecewise((x**2 + 1, Eq(x, THIRD)), (x**2, True)), x**2),
        "x",
        1 / 3,
    ),
    "wrong Eq(a, 3b) branch": (
        Eq(Piecewise((0, Eq(a, 3 * b)), ((a**2 - 9 * b**2) / (a - 3 * b), True)), a + 3 * b),
        "a",
        None,
    ),
    "x < c against x <= c": (
        Eq(Piecewise((0, x < C), (1, True)), Piecewise((0, x <= C), (1, True))),
        "x",
        0.75,
    ),
    "Heaviside(0) = 1/2": (Eq(Heaviside(x - C), Piecewise((0, x < C), (1, True))), "x", 0.75),
    "KroneckerDelta off by one": (
        Eq(KroneckerDelta(k, 37), Piecewise((1, Eq(k, 38)), (0, True))),
        "k",
        None,
    ),
    "sign(0) = 0": (Eq(sign(x - C) ** 2, 1), "x", 0.75),
    "floor = ceiling at integers": (Eq(floor(y - C) - ceiling(y - C), -1), "y", None),
    "Min tie": (
        Eq(Piecewise((a, a < 3 * b), (3 * b, a > 3 * b), (a + 1, True)), Min(a, 3 * b)),
        "a",
        None,
    ),
}

#: The true versions: the switch point's branch is the right value (or limit) there.
TRUE = {
    "right Eq branch": Eq(Piecewise((C**2, Eq(x, C)), (x**2, True)), x**2),
    "right Eq branch at 1/3": Eq(Piecewise((THIRD**2, Eq(x, THIRD)), (x**2, True)), x**2),
    "right Eq(a, 3b) branch (the limit)": Eq(
        Piecewise((6 * b, Eq(a, 3 * b)), ((a**2 - 9 * b**2) / (a - 3 * b), True)), a + 3 * b
    ),
    "x < c against x >= c": Eq(
        Piecewise((0, x < C), (1, True)), Piecewise((0, x < C), (1, x >= C)), evaluate=False
    ),
    "Heaviside(0) = 1": Eq(Heaviside(x - C, 1), Piecewise((0, x < C), (1, True))),
    "KroneckerDelta": Eq(KroneckerDelta(k, 37), Piecewise((1, Eq(k, 37)), (0, True))),
    "sign(0) = 0": Eq(sign(x - C) ** 2, Piecewise((0, Eq(x, C)), (1, True))),
    "floor": Ge(y - C - floor(y - C), 0),
    "Min tie": Eq(Piecewise((a, a < 3 * b), (3 * b, a > 3 * b), (a, True)), Min(a, 3 * b)),
}


@pytest.mark.parametrize("name", list(FALSE))
def test_claim_false_only_at_a_switch_point_is_refuted_there(name: str) -> None:
    """A claim false only where a Piecewise, jump, delta or tie switches is refuted at 50 digits."""
    claim, variable, value = FALSE[name]
    proof = symkl.prove(claim)
    assert proof.verdict is symkl.Verdict.REFUTED
    example = proof.counterexample
    assert example is not None
    if value is not None:
        assert example[variable] == pytest.approx(value, rel=1e-15)
    assert example["lhs"] != pytest.approx(example["rhs"])


@pytest.mark.parametrize("name", list(TRUE))
def test_true_claim_at_its_switch_point_keeps_its_verdict(name: str) -> None:
    """The same claims with the right value at the switch are PROVED or CHECKED, never REFUTED."""
    proof = symkl.prove(TRUE[name])
    assert proof.verdict in (symkl.Verdict.PROVED, symkl.Verdict.CHECKED), proof
    check = spot_check(TRUE[name])
    assert check.ok
    assert check.samples >= 100


@pytest.mark.parametrize(
    ("claim", "where"),
    [
        (Eq(Piecewise((5, Eq(x, C)), (x, True)), x), [x > 1]),
        (Eq(Piecewise((5, Eq(y + 1, 0)), (y, True)), y, evaluate=False), []),
        (Eq(Piecewise((5, Eq(2 * k, 3)), (k, True)), k, evaluate=False), []),
        (Eq(Piecewise((5, x < -1), (x, True)), x), [x > 0]),
    ],
    ids=["outside a fact", "outside positive", "not an integer", "either side outside"],
)
def test_switch_outside_the_domain_is_never_sampled(claim: sympy.Basic, where: list) -> None:  # type: ignore[type-arg]
    """A switch point outside the facts or the assumptions is no counterexample (it is not
    part of the claim's domain): the claim stays true there."""
    check = spot_check(claim, where=where)
    assert check.ok, check.counterexample
    assert check.samples >= 100


def test_switch_inside_a_fact_is_sampled() -> None:
    """The same wrong branch inside the facts (x > 1/2) is refuted at x = 3/4."""
    check = spot_check(Eq(Piecewise((5, Eq(x, C)), (x, True)), x), where=[x > Rational(1, 2)])
    assert check.counterexample is not None
    assert check.counterexample["x"] == 0.75


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_pairs_uniform_gamma_with_a_wrong_branch_at_low_zero_is_refuted(pairs: ModuleType) -> None:
    """KL(Uniform ‖ Gamma) with 1, not 0, for low·log low at low = 0 is REFUTED at low = 0; the
    right closed form is not."""
    (rel,) = [rel for name, rel in pairs.claims() if "Uniform ‖ Gamma" in name]
    low = pairs.build("Uniform", "1").args[0]
    (node,) = [pw for pw in rel.rhs.atoms(Piecewise) if pw.args[0][1] == Eq(low, 0)]
    wrong = Piecewise((1, node.args[0][1]), *node.args[1:])
    claim = Eq(rel.lhs, rel.rhs.xreplace({node: wrong}), evaluate=False)
    proof = symkl.prove(claim, timeout=60)
    assert proof.verdict is symkl.Verdict.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample[str(low)] == 0.0
    assert spot_check(rel).ok


def test_switches_are_solved_for_one_variable() -> None:
    """Eq(low, 0) gives low = 0, Eq(a, 2b) gives a = 2b, x < c its two sides too, and a
    condition on an integration variable is left to the integral."""
    t = Symbol("t", real=True)
    pw = Piecewise((1, Eq(a, 2 * b)), (2, x < C), (0, True))
    found = switches(sympy.Tuple(pw), (a, b, x))
    assert (((a, 2 * b),), False) in found
    assert (((b, a / 2),), False) in found
    assert (((x, C),), True) in found
    integral = sympy.Integral(Piecewise((1, t < x), (0, True)), (t, 0, 1))
    assert switches(sympy.Tuple(integral), (x,)) == ()
    many = sum(Piecewise((1, Eq(x, j)), (0, True)) for j in range(20))
    assert len(switches(sympy.Tuple(many), (x,))) == MAX_SWITCHES


def test_boundary_rows_meet_the_facts_and_the_switch() -> None:
    """Rows put on Eq(a, b) have a = b exactly and every fact (a > 1) holds on them."""
    claim = Eq(Piecewise((0, Eq(a, b)), (1, True)), 1)
    plan = plan_for(as_relation(claim, [a > 1]), None)
    base = {a: np.array([2.0, 3.0, 0.5]), b: np.array([4.0, 0.25, 5.0])}
    rows = boundary_rows(plan, base)
    assert len(rows[a])
    assert np.array_equal(rows[a], rows[b])
    assert (rows[a] > 1).all()


def test_kronecker_delta_is_evaluated_on_arrays() -> None:
    """KroneckerDelta(k, 3) over an array of k is 1 where k = 3 (it raised, so every sample of
    such a claim was unusable)."""
    values = evaluate(KroneckerDelta(k, 3), {k: np.array([2.0, 3.0, 4.0])}, Backend.NUMPY)
    assert np.asarray(values).tolist() == [0.0, 1.0, 0.0]


#: Strict claims false only where their sides tie, with the tie (variable, value) there.
STRICT_TIES = {
    "(x - 3/4)² > 0": (sympy.Gt((x - C) ** 2, 0), {"x": 0.75}),
    "a² + 9b² > 6ab": (sympy.Gt(a**2 + 9 * b**2, 6 * a * b), None),
    "y + 9/(4y) > 3": (sympy.Gt(y + Rational(9, 4) / y, 3), {"y": 1.5}),
}


@pytest.mark.parametrize("name", list(STRICT_TIES))
def test_strict_claim_false_only_at_a_tie_is_refuted(name: str) -> None:
    """A strict claim whose sides tie only where lhs − rhs has a root is refuted at the root."""
    claim, where = STRICT_TIES[name]
    proof = symkl.prove(claim)
    assert proof.verdict is symkl.Verdict.REFUTED
    example = proof.counterexample
    assert example is not None
    assert example["lhs"] == pytest.approx(example["rhs"], abs=1e-12)
    for variable, value in (where or {}).items():
        assert example[variable] == value
    if where is None:
        assert example["a"] == pytest.approx(3 * example["b"])


@pytest.mark.parametrize(
    "claim",
    [
        sympy.Gt((x - C) ** 2 + Rational(1, 10**6), 0, evaluate=False),
        sympy.Ge((x - C) ** 2, 0, evaluate=False),
        sympy.Ge(y + Rational(9, 4) / y, 3),
    ],
    ids=["strict with a margin", "non-strict square", "non-strict AM-GM"],
)
def test_claims_that_hold_at_their_ties_are_not_refuted(claim: sympy.Basic) -> None:
    """The non-strict versions (and a strict one with a margin) keep PROVED or CHECKED."""
    proof = symkl.prove(claim)
    assert proof.verdict in (symkl.Verdict.PROVED, symkl.Verdict.CHECKED), proof


def test_wrong_branch_at_a_symbolic_size_outside_the_sampled_ones_is_refuted() -> None:
    """A Piecewise on Eq(n, 20) (n = 20 is not among the sizes 1..12, 16, 50) is sampled there:
    the wrong branch is REFUTED at n = 20, the right one is not."""
    n = Symbol("n", integer=True, positive=True)
    i = Symbol("i", integer=True)
    count = sympy.Sum(1, (i, 1, n))
    wrong = Eq(count + Piecewise((1, Eq(n, 20)), (0, True)), n)
    check = spot_check(wrong)
    assert check.counterexample is not None
    assert check.counterexample["n"] == 20
    right = Eq(count + Piecewise((n - 20, Eq(n, 20)), (0, True)), n)
    assert spot_check(right).ok


@pytest.mark.parametrize("value", [Rational(1, 5), THIRD])
def test_switch_on_a_probability_of_a_simplex_is_sampled(value: sympy.Rational) -> None:
    """A Piecewise on Eq(p_1, c) over a simplex puts p_1 = c (the rest rescaled, c kept exact at
    50 digits): the wrong branch is refuted there, the right one (H with p_1 = c) is not."""
    p = symkl.Discrete.symbolic("p", 3)
    p1, p2, p3 = p.probs
    h = symkl.entropy(p)
    at = -value * sympy.log(value) - p2 * sympy.log(p2) - p3 * sympy.log(p3)
    wrong = Eq(h, Piecewise((at + 1, Eq(p1, value)), (h, True)), evaluate=False)
    check = spot_check(wrong)
    assert check.counterexample is not None
    assert check.counterexample["p_1"] == float(value)
    assert check.counterexample["rhs"] - check.counterexample["lhs"] == pytest.approx(1)
    assert spot_check(Eq(h, Piecewise((at, Eq(p1, value)), (h, True)), evaluate=False)).ok


def test_conjunction_of_equalities_is_met_together() -> None:
    """A branch on And(Eq(x, 3/4), Eq(a, 2y + 1)) is sampled where both hold (a = 2y + 1 exactly
    in binary): the wrong branch is refuted there."""
    cond = sympy.And(Eq(x, C), Eq(a, 2 * y + 1))
    wrong = Eq(Piecewise((x + a + 1, cond), (x + a, True)), x + a)
    check = spot_check(wrong)
    assert check.counterexample is not None
    assert check.counterexample["x"] == 0.75
    assert check.counterexample["a"] == 2 * check.counterexample["y"] + 1


def _kl_ties() -> dict[str, sympy.Basic]:
    from symkl.families import Exponential, Gamma, Normal, Poisson

    l1, a1, a2, b1, b2 = sympy.symbols("l1 a1 a2 b1 b2", positive=True)
    kl = symkl.kl_divergence
    return {
        "Exponential(l1) against Exponential(3y)": kl(Exponential(l1), Exponential(3 * y)),
        "Gamma(a1, b1) against Gamma(2a2, b2)": kl(Gamma(a1, b1), Gamma(2 * a2, b2)),
        "Poisson(a1) against Poisson(7y)": kl(Poisson(a1), Poisson(7 * y)),
        "Normal(a, b1) against Normal(5a1 + 1, b1)": kl(Normal(a, b1), Normal(5 * a1 + 1, b1)),
    }


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.slow) if name.startswith(("Normal", "Gamma")) else name
        for name in _kl_ties()
    ],
)
def test_strict_kl_between_members_of_one_family_is_refuted_where_they_are_equal(
    name: str,
) -> None:
    """KL(P ‖ Q) > 0 fails where P = Q, also when Q's parameters are expressions (3y): the
    sampler puts rows there and the 50-digit KL of equal members is exactly 0."""
    kl = _kl_ties()[name]
    check = spot_check(sympy.Gt(kl, 0))
    assert check.counterexample is not None
    assert check.counterexample["lhs"] == 0.0
    assert spot_check(sympy.Ge(kl, 0)).ok


def test_strict_kl_with_the_tie_excluded_by_a_fact_is_not_refuted() -> None:
    """With the fact l1 ≠ 3y the tie is outside the domain: KL > 0 is not refuted."""
    from symkl.families import Exponential

    l1 = Symbol("l1", positive=True)
    claim = sympy.Gt(symkl.kl_divergence(Exponential(l1), Exponential(3 * y)), 0)
    check = spot_check(claim, where=[sympy.Ne(l1, 3 * y)])
    assert check.ok, check.counterexample


def test_relational_switch_on_a_probability_of_a_simplex_is_sampled() -> None:
    """p_1 < 1/5 against p_1 <= 1/5 beside the entropy of p (p_1 a probability of a simplex):
    refuted at p_1 = 1/5, and its sides (just either side) are tried without an error."""
    p = symkl.Discrete.symbolic("p", 3)
    h = symkl.entropy(p)
    p1, value = p.probs[0], Rational(1, 5)
    lt = h + Piecewise((0, p1 < value), (1, True))
    le = h + Piecewise((0, p1 <= value), (1, True))
    check = spot_check(Eq(lt, le))
    assert check.counterexample is not None
    assert check.counterexample["p_1"] == 0.2
    right = h + Piecewise((0, p1 < value), (1, p1 >= value))
    assert spot_check(Eq(lt, right, evaluate=False)).ok


def _margins() -> dict[str, tuple[sympy.Basic, list[sympy.Basic]]]:
    """False claims whose facts leave out the point where their sides tie."""
    from symkl.families import Exponential, Normal, Uniform

    s, r = sympy.symbols("s r", positive=True)
    kl, tv = symkl.kl_divergence, symkl.total_variation
    p, q = symkl.Discrete.symbolic("p", 2), symkl.Discrete.symbolic("q", 2)
    p3, q3 = symkl.Discrete.symbolic("p", 3), symkl.Discrete.symbolic("q", 3)
    tiny = sympy.Rational(1, 10**12)
    return {
        "KL(Exp(s) ‖ Exp(r)) > 1e-4, s ≠ r": (
            sympy.Gt(kl(Exponential(s), Exponential(r)), sympy.Rational(1, 10**4)),
            [sympy.Ne(s, r)],
        ),
        "KL(Exp(s) ‖ Exp(r)) ≥ 1e-4, s ≠ r": (
            sympy.Ge(kl(Exponential(s), Exponential(r)), sympy.Rational(1, 10**4)),
            [sympy.Ne(s, r)],
        ),
        "KL(N(0, s) ‖ N(0, r)) > 1e-5, s > r": (
            sympy.Gt(kl(Normal(0, s), Normal(0, r)), sympy.Rational(1, 10**5)),
            [s > r],
        ),
        "KL(p ‖ q) > 1e-12, p₁ > q₁": (sympy.Gt(kl(p, q), tiny), [p.probs[0] > q.probs[0]]),
        "TV(p, q) > 1e-12, p₁ > q₁": (sympy.Gt(tv(p, q), tiny), [p.probs[0] > q.probs[0]]),
        "KL(p ‖ q) > 1e-12 at n = 3, p₁ ≠ q₁": (
            sympy.Gt(kl(p3, q3), tiny),
            [sympy.Ne(p3.probs[0], q3.probs[0])],
        ),
        "KL(U(0, s) ‖ U(0, r)) = log(r/s), s < 1.001·r": (
            sympy.Eq(kl(Uniform(0, s), Uniform(0, r)), sympy.log(r / s)),
            [s < r * sympy.Rational(1001, 1000)],
        ),
    }


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.slow) if "N(0, s)" in n else n for n in _margins()],
)
def test_a_claim_false_just_beside_a_tie_its_facts_leave_out_is_refuted(name: str) -> None:
    """Rows 10⁻² … 10⁻¹³ beside a tie (s = r, p = q) or beside the turn of a fact (p₁ = q₁)
    refute a margin above 0 there; a switch inside a tabled closed form (the Uniform KL's
    ∞ unless r ≥ s) is a switch point too. Each was CHECKED."""
    claim, where = _margins()[name]
    check = spot_check(claim, where=where)
    assert not check.ok
    assert check.counterexample is not None


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("KL(Exp(s) ‖ Exp(r)) > 0, s ≠ r", marks=pytest.mark.slow),
        pytest.param("KL(Gumbel(0, s) ‖ Gumbel(0, r)) > 0, s ≠ r", marks=pytest.mark.slow),
        "KL(p ‖ q) > 0 at n = 3, p₁ ≠ q₁",
    ],
)
def test_a_true_strict_claim_keeps_its_agreement_beside_its_tie(name: str) -> None:
    """The rows beside a tie are inside the simplex and the domains and have values: a true
    strict claim is still checked (random base rows, not one-hot ones whose KL is ∞ beside the
    tie; a family parameter not so near that its closed form has no double value)."""
    from symkl.families import Exponential, Gumbel

    s, r = sympy.symbols("s r", positive=True)
    p3, q3 = symkl.Discrete.symbolic("p", 3), symkl.Discrete.symbolic("q", 3)
    claims = {
        "KL(Exp(s) ‖ Exp(r)) > 0, s ≠ r": (
            sympy.Gt(symkl.kl_divergence(Exponential(s), Exponential(r)), 0),
            [sympy.Ne(s, r)],
        ),
        "KL(Gumbel(0, s) ‖ Gumbel(0, r)) > 0, s ≠ r": (
            sympy.Gt(symkl.kl_divergence(Gumbel(0, s), Gumbel(0, r)), 0),
            [sympy.Ne(s, r)],
        ),
        "KL(p ‖ q) > 0 at n = 3, p₁ ≠ q₁": (
            sympy.Gt(symkl.kl_divergence(p3, q3), 0),
            [sympy.Ne(p3.probs[0], q3.probs[0])],
        ),
    }
    claim, where = claims[name]
    check = spot_check(claim, where=where)
    assert check.ok, check
