"""Tests for symkl.numeric._confirm: ties at 50 digits, and gaps below them that are real."""

from __future__ import annotations

import mpmath
import pytest
import sympy
from _catalog_run import CATALOG
from sympy import Eq, Gt, Integral, Lt, Rational, Sum, exp, harmonic, log, oo, pi, sqrt

import symkl
from symkl._results import entry_goals
from symkl.families import Uniform
from symkl.numeric._confirm import examine
from symkl.numeric._plan import plan_for
from symkl.numeric._ties import reproduced_gap
from symkl.relations import RelationKind, as_relation

k = sympy.Symbol("k", integer=True)
t = sympy.Symbol("t", positive=True)
x = sympy.Symbol("x", real=True)
TINY = Rational(1, 10**40)
S, R = sympy.symbols("s r", positive=True)

REFUTED, CHECKED, PROVED = symkl.Verdict.REFUTED, symkl.Verdict.CHECKED, symkl.Verdict.PROVED


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        (Eq(Sum(1 / k, (k, 1, 3)), Rational(11, 6) + TINY, evaluate=False), REFUTED),
        (Eq(Sum(1 / k, (k, 1, 64)), harmonic(64) + Rational(1, 10**30), evaluate=False), REFUTED),
        (Eq(Sum(log(k), (k, 1, 3)), log(6) + TINY, evaluate=False), REFUTED),
        (Lt(Sum(1 / k, (k, 1, 3)), Rational(11, 6) - TINY, evaluate=False), REFUTED),
        (Gt(Sum(1 / k, (k, 1, 3)), Rational(11, 6) - TINY, evaluate=False), CHECKED),
        (Eq(t + TINY, t, evaluate=False), REFUTED),
        (Eq(exp(t) + TINY, exp(t), evaluate=False), REFUTED),
        (Eq(Sum(t / k, (k, 1, 3)), Rational(11, 6) * t + TINY, evaluate=False), REFUTED),
        (Gt(x**2 + TINY, 0, evaluate=False), PROVED),
        (Gt(x**2, 0, evaluate=False), REFUTED),
        (Gt(TINY + Integral(exp(-(x**2)), (x, -oo, oo)), sqrt(pi), evaluate=False), PROVED),
        # a margin of 3.5e-62 at t = 1e-4, below 50 digits: 100 and 150 digits both see it (it
        # was refuted there); every sample is a near tie in doubles, and the 50-digit looks at
        # them are budgeted: too few agreements for CHECKED
        (Gt(sqrt(t**2 + exp(-150)), t, evaluate=False), symkl.Verdict.UNDECIDED),
        # a gap of 1e-60, below 50 digits: 100 and 150 digits both find it
        (Eq(sqrt(t**2 + exp(-150)), t + Rational(1, 10**60), evaluate=False), REFUTED),
    ],
    ids=str,
)
def test_gaps_below_the_tie_threshold_decide(claim: sympy.Basic, verdict: symkl.Verdict) -> None:
    """A gap of 1e-40 is the claim's own when 100 digits find it again: false equalities are
    refuted, true strict claims are not, and a genuine tie (x² > 0 at 0) still refutes."""
    proof = symkl.prove(claim, timeout=60)
    assert proof.verdict is verdict, (proof.verdict, proof.method, proof.counterexample)


def test_an_unresolved_tie_does_not_overrule_a_proof() -> None:
    """eᵗ + 10⁻⁴⁰ > eᵗ is proved, but ties beyond 100 digits at t = 321: UNDECIDED, not REFUTED."""
    claim = Gt(exp(t) + TINY, exp(t), evaluate=False)
    proof = symkl.prove(claim, timeout=60)  # no ProofContradictionWarning (an error here)
    assert proof.verdict is symkl.Verdict.UNDECIDED
    assert proof.method == "numeric tie"
    assert "no gap between them is found again at 100" in proof.detail


mu = sympy.Symbol("mu", real=True)


@pytest.mark.parametrize(
    ("lhs", "rhs", "point"),
    [
        (log(2) + log(3), log(6), {}),
        (sqrt(2) * sqrt(3), sqrt(6), {}),
        (exp(t) * exp(-t), 1, {t: 2.5}),
        # the Normal entropy's last step at σ = 1e-9: μ²/(2σ²) ≈ 4.5e18 cancels
        (
            -(mu**2) / (2 * t**2) + log(2 * pi * t**2) / 2 + (mu**2 + t**2) / (2 * t**2),
            log(t) + log(2 * sympy.E * pi) / 2,
            {mu: -3.0, t: 1e-9},
        ),
    ],
    ids=str,
)
def test_rounding_stays_a_tie(
    lhs: sympy.Expr, rhs: sympy.Expr, point: dict[sympy.Symbol, float]
) -> None:
    """Sides equal in truth but not bit for bit at 50 digits show no gap at 100 digits."""
    plan = plan_for(as_relation(Eq(lhs, rhs, evaluate=False)), None)
    with mpmath.workdps(50):
        env = {s: mpmath.mpf(v) for s, v in point.items()}
        left = sympy.lambdify(list(env), lhs, "mpmath")(*env.values())
        right = sympy.lambdify(list(env), rhs, "mpmath")(*env.values())
        assert reproduced_gap(plan, point, left - right) is None
        if point.get(t) == 1e-9:  # the case that matters: a tie, not bit for bit
            assert left != right


def test_sides_equal_to_fifty_digits_are_a_tie_however_large() -> None:
    """The Gumbel KL's last step at μ₁ = −1e4: sides near 2.6e2171 that round to the same 50
    digits are a tie (a right side carried at more bits once gave a gap of 0, refuted)."""
    entry = next(e for e in CATALOG.entries if e.name == "kl-gumbel-gumbel-steps")
    plan = plan_for(as_relation(entry_goals(entry)[-1]), None)
    values = {"mu1": -10000.0, "mu2": 1e-9, "sigma1": 1.0, "sigma2": 2.0}
    point = {s: values[str(s)] for s in plan.variables}
    assert examine(plan, point, RelationKind.EQ) == (True, None)


u = sympy.Symbol("u", positive=True)
a, b = sympy.symbols("a b", positive=True)
TRIBONACCI = sympy.TribonacciConstant
TRIBONACCI_CUBED = TRIBONACCI**2 + TRIBONACCI + 1  # its cube, by its definition
EULER_COS = (exp(sympy.I * x) + exp(-sympy.I * x)) / 2  # cos x for real x, left as written


@pytest.mark.parametrize(
    ("claim", "true"),
    [
        # The Tribonacci constant prints as a fixed 59-bit number: its error comes out again at
        # 100 digits and is taken for the claim's own gap (CHECKED before the re-evaluation).
        pytest.param(  # seconds: the slow suite (CI) runs it
            Eq(exp(-60) * TRIBONACCI**3, exp(-60) * TRIBONACCI_CUBED, evaluate=False),
            True,
            marks=pytest.mark.slow,
        ),
        # Sides computed through complex numbers (an mpc, imaginary part 0) are not re-evaluated.
        (Gt(EULER_COS + TINY, sympy.cos(x), evaluate=False), True),
        (Eq(EULER_COS, sympy.cos(x) + TINY, evaluate=False), False),
        # A 50-digit violation is not re-evaluated: 1/u³ at u = 1e-9 cancels 27 of its digits.
        (Eq(sympy.polygamma(2, u + 1), sympy.polygamma(2, u) + 2 / u**3, evaluate=False), True),
    ],
    ids=str,
)
def test_wrong_verdicts_near_ties(claim: sympy.Basic, true: bool) -> None:
    """Fixed or cancelled 50-digit errors refute no true claim; a complex-typed gap refutes."""
    proof = symkl.prove(claim, timeout=60)
    assert (proof.verdict is not REFUTED) is true, (proof.verdict, proof.counterexample)


def test_a_counterexample_lies_on_the_equality_facts() -> None:
    """a = 1/b given a·b = 1 is not refuted at a = b = 0.999999999, where a·b = 0.999999998."""
    proof = symkl.prove(Eq(a, 1 / b), where=[Eq(a * b, 1)], timeout=60)
    assert proof.verdict is not REFUTED, proof.counterexample


def test_a_closed_form_node_with_integer_arguments_keeps_fifty_digits() -> None:
    """H(Poisson(2)) equals its own closed form PoissonEntropy(2), evaluated at 50 digits."""
    lam = sympy.Symbol("lam", positive=True)
    poisson = symkl.families.Poisson
    claim = Eq(symkl.entropy(poisson(2)), symkl.entropy(poisson(lam)).doit().subs(lam, 2))
    assert symkl.prove(claim, timeout=60).verdict is not REFUTED


@pytest.mark.slow  # seconds: 2
@pytest.mark.parametrize(
    "closed_form",
    [
        sympy.Piecewise((sympy.log(R / S), S < R), (sympy.oo, True)),
        sympy.Piecewise((sympy.oo, S >= R), (sympy.log(R / S), True)),
    ],
    ids=["log(r/s) if s < r", "oo if s >= r"],
)
def test_an_infinite_branch_on_the_wrong_side_of_its_boundary_is_refuted(
    closed_form: sympy.Expr,
) -> None:
    """KL(U(0, s) ‖ U(0, r)) written ∞ at s = r is wrong there alone: the ∞ of a Piecewise
    branch is the claim's own value, and need not persist nearby as a convention's must."""
    kl = symkl.kl_divergence(Uniform(0, S), Uniform(0, R))
    proof = symkl.prove(sympy.Eq(kl, closed_form))
    assert proof.verdict is symkl.Verdict.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["r"] == proof.counterexample["s"]
    assert (proof.counterexample["lhs"], proof.counterexample["rhs"]) == (0.0, float("inf"))
