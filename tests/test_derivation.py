"""Tests of symkl.derivation: claims, steps, chains, and their validation."""

from __future__ import annotations

import pytest
import sympy
from sympy import Eq, Ge, Symbol, log

import symkl
from symkl.derivation import Claim, Derivation, Step, StepRelation, chain_relation, collecting
from symkl.errors import MalformedClaimError
from symkl.prover import Verdict
from symkl.runner import verify_entry

n = Symbol("n", integer=True, positive=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)


@pytest.mark.slow
def test_claim_records_metadata_and_location() -> None:
    """A claim keeps its title, source, expectation and the line that built it."""
    claim = Claim("gibbs", Ge(symkl.kl_divergence(p, q), 0), title="Gibbs", source="textbook")
    assert (claim.name, claim.title, claim.source, claim.expect) == (
        "gibbs", "Gibbs", "textbook", Verdict.PROVED,
    )  # fmt: skip
    assert claim.location[0].endswith("test_derivation.py")
    assert claim.prove().verdict is Verdict.PROVED


@pytest.mark.parametrize(
    ("relation", "message"),
    [
        ("H = H", "a claim's relation must be a SymPy Eq, Le, Ge, Lt or Gt (or a same-argmin / "
         "same-gradient relation), got 'H = H' (symkl never evaluates strings as Python; build "
         'it with SymPy, or check a typed claim with `symkl check "..."`)'),
        (sympy.true, "the relation was already evaluated by SymPy to True; build it with "
         "evaluate=False, e.g. Eq(a, b, evaluate=False)"),
    ],
)  # fmt: skip
def test_malformed_claims_raise_with_the_value(relation: object, message: str) -> None:
    """A claim over something that is not a relation raises MalformedClaimError."""
    with pytest.raises(MalformedClaimError) as info:
        Claim("bad", relation)
    assert str(info.value) == message


def test_expect_is_validated() -> None:
    """expect='maybe' is rejected with the value."""
    with pytest.raises(MalformedClaimError, match="unknown verdict 'maybe'"):
        Claim("x", Eq(symkl.entropy(p), symkl.entropy(p), evaluate=False), expect="maybe")


def test_collecting_records_instead_of_raising() -> None:
    """While a catalog loads, a malformed claim becomes an error with file and line."""
    with collecting() as errors:
        claim = Claim("bad", 42)
    assert claim.error is not None
    assert errors == [claim.error]
    assert claim.error.path.endswith("test_derivation.py")
    assert claim.error.line is not None


@pytest.mark.parametrize(
    ("relations", "result"),
    [
        (["=", "="], StepRelation.EQ),
        (["=", "<="], StepRelation.LE),
        (["<=", ">="], None),
        (["=", "argmin"], StepRelation.SAME_ARGMIN),
        (["gradient", "="], StepRelation.SAME_GRADIENT),
    ],
)
def test_chain_relation(relations: list[str], result: StepRelation | None) -> None:
    """= with ≤ yields ≤; ≤ with ≥ yields nothing."""
    assert chain_relation([StepRelation.parse(r) for r in relations]) is result


def test_unknown_step_relation_is_rejected() -> None:
    """Step(relation='~') names the value."""
    with pytest.raises(MalformedClaimError, match="unknown step relation '~'"):
        Step(symkl.entropy(p), relation="~")


def test_argmin_step_needs_wrt() -> None:
    """An argmin step without variables is malformed."""
    with pytest.raises(MalformedClaimError, match="needs wrt"):
        Step(symkl.entropy(p), relation="argmin")


def test_step_needs_an_expression() -> None:
    """Step('text') is rejected."""
    with pytest.raises(MalformedClaimError, match="a step must be a SymPy expression, got 'text'"):
        Step("text")


@pytest.mark.slow
def test_derivation_verifies_each_step() -> None:
    """Lei Mao's chain: every step proved, so the derivation is proved."""
    chain = Derivation(
        "kl-chain",
        symkl.kl_divergence(p, q),
        [
            Step(symkl.expectation(p, -log(q / p)), why="definition"),
            Step(symkl.expectation(p, -log(q) + log(p)), why="log of a quotient"),
            Step(symkl.cross_entropy(p, q) - symkl.entropy(p), why="linearity of expectation"),
        ],
    )
    result = verify_entry(chain)
    assert result.verdict is Verdict.PROVED
    assert [s.verdict for s in result.steps] == [Verdict.PROVED] * 3
    assert result.ok
    assert chain.conclusion is StepRelation.EQ


@pytest.mark.slow
def test_derivation_verdict_is_the_weakest_step() -> None:
    """One false step makes the whole chain refuted, and the report shows which."""
    chain = Derivation(
        "broken",
        symkl.kl_divergence(p, q),
        [
            Step(symkl.cross_entropy(p, q) - symkl.entropy(p)),
            Step(symkl.cross_entropy(q, p) - symkl.entropy(p), why="swapped"),
        ],
        expect="refuted",
    )
    result = verify_entry(chain)
    assert [s.verdict for s in result.steps] == [Verdict.PROVED, Verdict.REFUTED]
    assert result.verdict is Verdict.REFUTED
    assert result.ok


def test_derivation_needs_steps() -> None:
    """An empty chain is malformed."""
    with pytest.raises(MalformedClaimError, match="has no steps"):
        Derivation("empty", symkl.entropy(p), [])


def test_repr_latex_of_a_derivation() -> None:
    """Notebooks show the chain as aligned maths."""
    chain = Derivation("d", symkl.entropy(p), [Step(symkl.entropy(p) + 0)])
    assert chain._repr_latex_() == r"$$\begin{aligned}H(p) &= H(p)\end{aligned}$$"


def test_catalog_shipped_in_the_wheel_is_not_symkl_code() -> None:
    """Entries in symkl/_catalog (the catalog inside the wheel) are located in their own file."""
    import os

    from symkl import _entry

    package = os.path.dirname(_entry.__file__)
    assert _entry._in_symkl(os.path.join(package, "runner.py"))
    assert not _entry._in_symkl(os.path.join(package, "_catalog", "definitions.py"))


def test_claims_and_derivations_carry_domain_facts() -> None:
    """A Bernoulli KL written in plain p, q gets 0 <= p <= 1 and 0 <= q <= 1 in every step."""
    pp, qq = sympy.symbols("p q")
    bern_p = symkl.Discrete([pp, 1 - pp], name="P")
    bern_q = symkl.Discrete([qq, 1 - qq], name="Q")
    plain = pp * sympy.log(pp / qq) + (1 - pp) * sympy.log((1 - pp) / (1 - qq))
    derivation = Derivation(
        "bernoulli-kl", symkl.kl_divergence(bern_p, bern_q), [Step(plain, why="definition")]
    )
    expected = (pp >= 0, pp <= 1, 1 - pp >= 0, qq >= 0, qq <= 1, 1 - qq >= 0)
    assert derivation.where == expected
    assert all(goal.where == expected for goal in derivation.step_goals())  # type: ignore[attr-defined]
    stated = pp < sympy.Rational(1, 2)
    claim = Claim("kl-nonneg", Ge(plain, 0), where=[stated])
    assert claim.where == (stated,)  # no distribution in the claim: only what the user stated
    claim = Claim("kl-nonneg", Ge(symkl.kl_divergence(bern_p, bern_q), 0), where=[stated])
    assert claim.where == (stated, *expected)


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (
            lambda: Claim("c", Ge(Symbol("t"), 0), title=5),
            "a claim's title must be a string, got 5",
        ),
        (lambda: Claim("c", Ge(Symbol("t"), 0), source=None), "source must be a string, got None"),
        (lambda: Claim("c", Ge(Symbol("t"), 0), why=["x"]), "why must be a string, got ['x']"),
        (lambda: Step(Symbol("t"), why=3), "a step's why must be a string, got 3"),
        (
            lambda: Step(Symbol("t"), relation="argmin", wrt=["t"]),
            "a step's wrt must be SymPy Symbols, Indexed or IndexedBase, got 't' (symkl never",
        ),
    ],
)
def test_metadata_types_are_checked(build: object, fragment: str) -> None:
    """Titles, sources, justifications and wrt of the wrong type are MalformedClaimErrors."""
    with pytest.raises(MalformedClaimError) as info:
        build()  # type: ignore[operator]
    assert fragment in str(info.value)
