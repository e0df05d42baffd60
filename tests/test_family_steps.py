"""Family closed forms derived step by step: every step proved, wrong steps not, steps rendered."""

from __future__ import annotations

import math

import pytest
import sympy
from sympy import Eq, Symbol, log

from symkl import Derivation, Step, expectation
from symkl._family_steps import NoStepsError, entropy_steps, kl_steps, steps_derivation
from symkl.catalog import Catalog
from symkl.errors import SymklError
from symkl.families import Bernoulli, Exponential, Normal, Pareto, VonMises
from symkl.families._prove_steps import family_expectations
from symkl.prover import Verdict, prove
from symkl.prover._facts import encode
from symkl.relations import as_relation
from symkl.report import render_reports
from symkl.runner import verify_catalog

lam, lam2 = Symbol("lambda", positive=True), Symbol("lambda2", positive=True)
p, q = Symbol("p", positive=True), Symbol("q", positive=True)
mu, sigma = Symbol("mu", real=True), Symbol("sigma", positive=True)


def _verdicts(derivation: Derivation) -> list[tuple[str, str]]:
    """Each step proved in this process (so the derived moments' cache is shared)."""
    proofs = [prove(g, timeout=math.inf, memory_limit=math.inf) for g in derivation.step_goals()]
    return [(proof.verdict.value, proof.method) for proof in proofs]


@pytest.mark.parametrize(
    "dists",
    [
        pytest.param((Exponential(lam),), id="entropy-exponential"),
        pytest.param((Exponential(lam), Exponential(lam2)), id="kl-exponential"),
        pytest.param((Bernoulli(p), Bernoulli(q)), id="kl-bernoulli", marks=pytest.mark.slow),
    ],
)
def test_every_generated_step_is_proved(dists: tuple[object, ...]) -> None:
    """Definition, log-densities, moments and collection: each step PROVED on its own."""
    derivation = steps_derivation("t", *dists)  # type: ignore[arg-type]
    verdicts = _verdicts(derivation)
    assert [v for v, _ in verdicts] == ["proved"] * len(derivation.steps), verdicts
    methods = {m for _, m in verdicts}
    assert {"definition", "log-density", "derived-moment"} <= methods


def test_steps_follow_the_five_stages() -> None:
    """Definition, written log-density, moments named, one step per moment, the closed form."""
    steps = entropy_steps(Normal(mu, sigma))
    whys = [s.why for s in steps]
    assert whys[0].startswith("definition")
    assert "log-density" in whys[1]
    assert "E[x]" in whys[2]
    assert "E[x²]" in whys[2]
    assert whys[3].startswith("the mean E[x] under Normal(μ, σ) is μ")
    assert whys[4].startswith("the second moment E[x²]")
    assert steps[-1].expr == Normal(mu, sigma).entropy_form()


def test_a_wrong_moment_is_not_proved() -> None:
    """E[x] = 2/λ under Exponential(λ): the strategy declines and the numbers refute it."""
    d = Exponential(lam)
    wrong = Eq(lam * expectation(d, d.variable) - log(lam), 2 - log(lam), evaluate=False)
    assert family_expectations(as_relation(wrong)) is None
    steps = entropy_steps(d)
    bad = [*steps[:-1], Step(2 - log(lam), why="the mean E[x] is 2/λ")]
    last = Derivation("bad", sympy.S(0), bad).step_goals()[-1]
    assert prove(last, timeout=math.inf, memory_limit=math.inf).verdict is Verdict.REFUTED


def test_a_wrong_log_density_is_not_proved() -> None:
    """log f(x) = log λ + λx (sign wrong) is no log-density of Exponential(λ)."""
    d = Exponential(lam)
    x = d.variable
    wrong = Eq(expectation(d, -log(d)), expectation(d, -(log(lam) + lam * x)), evaluate=False)
    assert family_expectations(as_relation(wrong)) is None


def test_probabilities_must_be_inside_the_unit_interval() -> None:
    """Without 0 < p < 1 the log-density basis has log 0: the strategy declines."""
    steps = kl_steps(Bernoulli(p), Bernoulli(q))
    written = Eq(steps[0].expr, steps[1].expr, evaluate=False)
    assert family_expectations(as_relation(written)) is None
    inside = as_relation(written, [p > 0, p < 1, q > 0, q < 1])
    assert family_expectations(encode(inside)[0]) is not None


def test_an_infinite_mean_is_not_cancelled() -> None:
    """E[x] − E[x − 1] = 1 under Pareto(σ, α): ∞ − ∞ for α ≤ 1, so no linearity; fine for
    Exponential(λ), whose mean is finite."""
    for d, expected in ((Pareto(sigma, lam), None), (Exponential(lam), "linearity")):
        x = d.variable
        claim = Eq(expectation(d, x) - expectation(d, x - 1), 1, evaluate=False)
        success = family_expectations(as_relation(claim))
        assert (success and success.method) == expected


def test_family_without_a_basis_is_a_clear_error() -> None:
    """VonMises has no log-density basis: the error names it and is a SymklError."""
    with pytest.raises(NoStepsError, match=r"VonMises\(μ, σ\)"):
        entropy_steps(VonMises(mu, sigma))
    assert issubclass(NoStepsError, SymklError)
    assert issubclass(NoStepsError, ValueError)


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_rendered_reports_name_the_moments() -> None:
    """The Markdown and LaTeX documents show each step's moment in words and its verdict."""
    derivation = steps_derivation("entropy-exponential-steps", Exponential(lam))
    docs = render_reports(verify_catalog(Catalog([derivation])), formats=("md", "tex"))
    md, tex = docs["entropy-exponential-steps.md"], docs["entropy-exponential-steps.tex"]
    assert "the mean $\\mathbb{E}[x]$ under Exponential(λ) is 1/λ" in md
    assert "write out the log-density" in md
    assert "**proved** (derived-moment)" in md
    assert "the mean $\\mathbb{E}[x]$ under Exponential" in tex
    assert "exponentiating it gives back the density" in md


@pytest.mark.slow
def test_catalog_family_steps_are_all_proved() -> None:
    """Every derivation in derivations/family_steps.py is PROVED, step by step (read from the
    session's one verification of the whole catalog)."""
    from pathlib import Path

    from _catalog_run import catalog_results

    from symkl.catalog import load

    path = Path(__file__).resolve().parent.parent / "derivations" / "family_steps.py"
    catalog = load([path])
    assert catalog.errors == []
    names = {entry.name for entry in catalog.entries}
    results = [r for r in catalog_results() if r.name in names]
    assert {r.name for r in results} == names
    assert [(r.name, r.verdict.value) for r in results if not r.ok] == []
    assert all(s.verdict is Verdict.PROVED for r in results for s in r.steps)
    assert len(results) >= 30


def test_an_undefined_density_is_not_a_family_node() -> None:
    """A claim about an undefined f(x) (no module) is declined by the strategy, not a crash."""
    from symkl.families._prove_steps import family_expectations
    from symkl.prover import Relation, RelationKind

    f, x = sympy.Function("f"), sympy.Symbol("x", real=True)
    rel = Relation(RelationKind.EQ, sympy.Integral(f(x), (x, 0, 1)), sympy.S.One)
    assert family_expectations(rel) is None
