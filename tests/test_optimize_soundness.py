"""Soundness of the optimisation layer: side conditions proved on the domain, certified refutes."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy import Interval, ProductSet, log

import symkl
from symkl.errors import MalformedClaimError, SymklError
from symkl.optimize import SameArgmin, maximize, same_argmin, same_gradient
from symkl.prover import Verdict, prove
from symkl.runner import verify_entry

th = sympy.Symbol("th", real=True)
a, b = sympy.symbols("a b", real=True)
p, q = sympy.symbols("p q")  # plain symbols, as a SymPy user types them
KL = p * log(p / q) + (1 - p) * log((1 - p) / (1 - q))
CE = -p * log(q) - (1 - p) * log(1 - q)
UNIT = Interval.open(0, 1)


# --- monotone maps, scales and offsets need their side conditions on the domain ------------------


def test_log_map_without_positivity_is_not_proved() -> None:
    """same_argmin(th² − 1, log(th² − 1)) is not PROVED on ℝ: th² − 1 is not positive there."""
    proof = same_argmin(th**2 - 1, log(th**2 - 1), th)
    assert proof.verdict is not Verdict.PROVED
    assert "not a real number" in proof.detail


def test_log_map_proved_where_its_argument_is_positive() -> None:
    """On [2, 5] the argument th² − 1 is proved positive and the domain is listed."""
    proof = same_argmin(th**2 - 1, log(th**2 - 1), th, domain=Interval(2, 5))
    assert proof.verdict is Verdict.PROVED
    assert proof.method.startswith("strictly increasing map log")
    assert "th ∈ [2, 5]" in proof.assumptions


def test_log_map_closed_end_where_argument_vanishes_is_not_proved() -> None:
    """On [1, 5] the argument is 0 at th = 1, where log is undefined: no proof."""
    proof = same_argmin(th**2 - 1, log(th**2 - 1), th, domain=Interval(1, 5))
    assert proof.verdict is not Verdict.PROVED


def test_positive_scale_needs_a_proved_positive_scale() -> None:
    """a·th² vs th²: the scale a is not known positive without a fact; with a > 0 it is."""
    unknown = same_argmin(a * (th - 1) ** 2, (th - 1) ** 2, th)
    assert unknown.verdict is not Verdict.PROVED
    proved = same_argmin(a * (th - 1) ** 2, (th - 1) ** 2, th, where=[a > 0])
    assert proved.verdict is Verdict.PROVED
    assert "a > 0 on the domain (proved)" in proved.assumptions


def test_constant_offset_through_a_log_branch_is_not_proved_on_the_reals() -> None:
    """log(th²) − 2 log(th) has zero derivative but is not a real constant for th < 0."""
    assert same_argmin(log(th**2), 2 * log(th), th).verdict is not Verdict.PROVED
    positive = same_argmin(log(th**2), 2 * log(th), th, domain=Interval.open(0, 5))
    assert positive.verdict is Verdict.PROVED


# --- domains: SymPy sets and where facts ----------------------------------------------------------


def test_interval_domain_is_accepted_for_plain_formulas() -> None:
    """The issue's call with domain=Interval.open(0, 1) no longer raises; the domain is listed."""
    proof = same_argmin(KL.subs(q, sympy.Rational(3, 10)), CE.subs(q, sympy.Rational(3, 10)),
                        [p], domain=UNIT)  # fmt: skip
    assert proof.verdict is Verdict.REFUTED
    assert "p ∈ (0, 1)" in proof.assumptions


@pytest.mark.parametrize(
    "domain",
    [ProductSet(Interval(-3, 3), Interval(-3, 3)), {a: Interval(-3, 3), b: Interval(-3, 3)}],
)
def test_product_set_and_dict_domains(domain: object) -> None:
    """A ProductSet or a dict of intervals: two convex quadratics with one minimiser are PROVED."""
    proof = same_argmin((a - 1) ** 2 + (b - 2) ** 2, (a - 1) ** 2 + 2 * (b - 2) ** 2, [a, b],
                        domain=domain)  # fmt: skip
    assert proof.verdict is Verdict.PROVED
    assert proof.method == "the same certified unique minimiser"
    assert "a ∈ [-3, 3]" in proof.assumptions


@pytest.mark.parametrize(
    ("domain", "shown"),
    [
        (Interval(0, 1), "Interval(0, 1)"),
        ("x", "'x'"),
        ({a: 3}, "got 3"),
        ({"a": Interval(0, 1)}, "'a'"),
        (ProductSet(Interval(0, 1), Interval(0, 1), Interval(0, 1)), "ProductSet"),
    ],
)
def test_bad_domains_are_clear_errors(domain: object, shown: str) -> None:
    """A domain that does not fit the variables raises MalformedClaimError naming it."""
    with pytest.raises(MalformedClaimError, match=shown.replace("(", r"\(").replace(")", r"\)")):
        same_argmin(a**2, b**2, [a, b], domain=domain)


@pytest.mark.slow
def test_where_facts_reach_the_relation_through_prove_and_claims() -> None:
    """prove(..., where=) and Claim(where=) narrow q to (0, 1): the refutation is certified."""
    relation = SameArgmin(KL, CE, p, domain=UNIT)
    proof = prove(relation, where=[q > 0, q < 1])
    assert proof.verdict is Verdict.REFUTED
    assert "q ∈ (0, 1)" in proof.assumptions
    claim = symkl.Claim("plain", relation, where=[q > 0, q < 1], expect="refuted")
    assert verify_entry(claim).verdict is Verdict.REFUTED


# --- certified argmin refutations ----------------------------------------------------------------


def test_plain_bernoulli_misconception_refuted_with_certificate() -> None:
    """argmin_p KL(p‖q) = q is certified; CE is lower at a point of (0, 1): REFUTED."""
    proof = same_argmin(KL, CE, p, domain=UNIT, where=[q > 0, q < 1])
    assert proof.verdict is Verdict.REFUTED
    assert proof.method == "certified minimiser of lhs; rhs lower elsewhere"
    example = proof.counterexample
    assert example is not None
    assert example["p (a)"] == pytest.approx(example["q"])  # the minimiser of KL is p = q
    assert 0 < example["p (b)"] < 1
    assert 0 < example["q"] < 1
    assert example["rhs(b)"] < example["rhs(a)"]
    assert example["lhs(a)"] < example["lhs(b)"]


def test_plain_bernoulli_misconception_without_domain_is_not_proved() -> None:
    """With p and q unrestricted the claim is not PROVED (nor CHECKED)."""
    proof = same_argmin(KL, CE, p)
    assert proof.verdict in (Verdict.UNDECIDED, Verdict.REFUTED)


def test_counterexample_reports_the_claims_own_rhs_for_an_argmax() -> None:
    """maximize(−(th − 1)²) vs (th − 2)²: rhs values are (th − 2)², not its negation."""
    proof = same_argmin(maximize(-((th - 1) ** 2)), (th - 2) ** 2, th, domain=Interval(-5, 5))
    assert proof.verdict is Verdict.REFUTED
    example = proof.counterexample
    assert example is not None
    a_value = example["th (a)"]
    assert example["rhs(a)"] == pytest.approx((a_value - 2) ** 2)
    assert example["lhs(a)"] == pytest.approx(-((a_value - 1) ** 2))


def test_gradient_counterexample_stays_inside_the_domain() -> None:
    """∇(th³) vs ∇(th²) refuted on (2, 3): the reported th lies in (2, 3)."""
    proof = same_gradient(th**3, th**2, th, domain=Interval.open(2, 3))
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None
    assert 2 < proof.counterexample["th"] < 3


def test_where_fact_excludes_samples_outside_it() -> None:
    """A claim true only for th > 1 (|th| = th) is not refuted when where=[th > 1]."""
    proof = same_gradient(sympy.Abs(th), th, th, where=[th > 1])
    assert proof.verdict is not Verdict.REFUTED
    refuted = same_gradient(sympy.Abs(th), th, th)
    assert refuted.verdict is Verdict.REFUTED


def test_strings_are_rejected_not_evaluated() -> None:
    """A string objective is a MalformedClaimError (a SymklError and a TypeError)."""
    with pytest.raises(MalformedClaimError, match="string"):
        same_argmin("__import__('os').getcwd()", th, th)
    assert issubclass(MalformedClaimError, SymklError)
    assert issubclass(MalformedClaimError, TypeError)


def test_sampler_structured_points_and_domain() -> None:
    """The sampler's points lie in the domain, approach open ends and include one-hot vertices."""
    from symkl.calculus import _numeric as num
    from symkl.calculus._domain import as_domain

    dist = symkl.Discrete.symbolic("s", 3)
    expr = symkl.entropy(dist) + th
    (inst,) = num.instances([expr], (th,), (), as_domain(Interval.open(0, 1), (th,), [th < 0.5]))
    env, valid = num.sample(inst, np.random.default_rng(0), 64)
    values = env[th][valid]
    assert values.size > 0
    assert np.all((values > 0) & (values < 0.5))
    assert values.min() < 1e-6  # the open end 0 approached
    group = inst.simplex[0]
    vertices = np.stack([env[s] for s in group], axis=1)
    assert any(np.allclose(row, [1, 0, 0]) for row in vertices)


def test_piecewise_objective_is_not_certified_convex() -> None:
    """A jump in f (Piecewise) hides from its symbolic Hessian: no certificate, no PROVED."""
    jump = sympy.Piecewise((0, th < 0), (5, True)) + th**2
    proof = same_argmin(jump, th**2, th)
    assert proof.verdict is not Verdict.PROVED
    assert same_gradient(jump, th**2, th).verdict is not Verdict.PROVED


def test_zero_derivative_through_floor_is_not_a_constant_offset() -> None:
    """floor(th) has derivative 0 where defined, but is not constant: REFUTED, not PROVED."""
    half = sympy.Rational(1, 2)
    proof = same_argmin(sympy.floor(th) + (th - half) ** 2, (th - half) ** 2, th)
    assert proof.verdict is Verdict.REFUTED


def test_relational_fact_between_two_symbols_masks_the_samples() -> None:
    """where=[a > b] keeps |a − b| = a − b: no counterexample from a point with a < b."""
    assert same_gradient(sympy.Abs(a - b), a - b, a, where=[a > b]).verdict is not Verdict.REFUTED
    assert same_gradient(sympy.Abs(a - b), a - b, a).verdict is Verdict.REFUTED


def test_simplex_variables_are_not_certified_over_a_box() -> None:
    """Over the simplex, KL(p‖q) and Σ(p − q)² share the minimiser p = q: never REFUTED by a
    certificate that ignores Σp = 1 (its off-simplex points are not in the domain)."""
    dist = symkl.Discrete.symbolic("p", 3)
    fixed = symkl.Discrete([sympy.Rational(1, 2), sympy.Rational(1, 3), sympy.Rational(1, 6)])
    squares = sum((u - v) ** 2 for u, v in zip(dist.probs, fixed.probs, strict=True))
    proof = same_argmin(symkl.kl_divergence(dist, fixed), squares, dist.probs)
    assert proof.verdict in (Verdict.CHECKED, Verdict.PROVED)


def test_bernoulli_built_from_one_symbol_refuted_with_its_domain() -> None:
    """Discrete([p, 1 − p]) with p ∈ (0, 1): KL and CE against a fixed q differ in argmin."""
    dist = symkl.Discrete([p, 1 - p], name="P")
    fixed = symkl.Discrete([sympy.Rational(3, 10), sympy.Rational(7, 10)], name="Q")
    kl, ce = symkl.kl_divergence(dist, fixed), symkl.cross_entropy(dist, fixed)
    assert same_argmin(kl, ce, p, domain=UNIT).verdict is Verdict.REFUTED
    assert same_argmin(kl, ce, p).verdict is not Verdict.PROVED
