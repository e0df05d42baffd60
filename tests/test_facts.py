"""The prover's encoding of bounded symbols (p = d/(1 + d)) and its decoding for the texts."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given
from sympy import Eq, Symbol, log

from symkl import expectation
from symkl._decoding import decode, sstr
from symkl._unicode import text_math
from symkl.families import Bernoulli, ContinuousBernoulli, Geometric, NegativeBinomial
from symkl.measures import distributions_in
from symkl.prover._facts import encode
from symkl.relations import as_relation

from strategies import unit_fractions

p, s, t = Symbol("p"), Symbol("s"), Symbol("t")
pp, qq = Symbol("p", positive=True), Symbol("q", positive=True)
r = Symbol("r", positive=True)
UNIT = [p > 0, p < 1]


def _encoded(expr: sympy.Expr, facts: list[sympy.Basic]) -> sympy.Expr:
    """The left side of Eq(expr, 0) as the prover sees it once the facts are encoded."""
    encoded = encode(as_relation(Eq(expr, 0), facts))[0].lhs
    assert encoded.atoms(sympy.Dummy), "the facts should have been encoded"
    return encoded


@pytest.mark.parametrize(
    ("expr", "facts", "shown"),
    [
        pytest.param(log(1 - p), UNIT, "log(1 - p)", id="log-1-minus-p"),
        pytest.param(p * r / (1 - p), UNIT, "p*r/(1 - p)", id="negative-binomial-mean"),
        pytest.param(log(s - 1), [s > 1], "log(s - 1)", id="lower-bound"),
        pytest.param(log(3 - t), [t < 3], "log(3 - t)", id="upper-bound"),
        pytest.param(log(2 - s), [s > 1, s <= 2], "log(2 - s)", id="closed-above"),
        pytest.param(s + log(s - 1), [s >= 1, s < 2], "s + log(s - 1)", id="closed-below"),
    ],
)
def test_text_of_an_encoded_expression_reads_in_the_users_symbol(
    expr: sympy.Expr, facts: list[sympy.Basic], shown: str
) -> None:
    """text_math and sstr write the encoded expression back in s: no Dummy, no d/(1 + d)."""
    encoded = _encoded(expr, facts)
    assert "_" in sympy.sstr(encoded)  # the prover's own form names the Dummy
    assert text_math(encoded) == shown
    assert sstr(encoded) == shown


@pytest.mark.parametrize(
    ("dist", "shown"),
    [
        pytest.param(Bernoulli(pp), "E_Bernoulli(p)[k]", id="bernoulli"),
        pytest.param(Geometric(pp), "E_Geometric(p)[k]", id="geometric"),
        pytest.param(NegativeBinomial(r, pp), "E_NegativeBinomial(r, p)[k]", id="neg-binomial"),
        pytest.param(ContinuousBernoulli(pp), "E_ContinuousBernoulli(p)[x]", id="cont-bernoulli"),
    ],
)
def test_a_family_with_an_encoded_probability_prints_with_p(dist: object, shown: str) -> None:
    """Bernoulli(_p/(_p + 1)) inside an expectation prints as Bernoulli(p) again."""
    variable = dist.variable  # type: ignore[attr-defined]  # every family has one
    encoded = _encoded(expectation(dist, variable), [pp < 1])
    assert "_p/(_p + 1)" in sympy.sstr(encoded)
    assert text_math(encoded) == shown


def test_a_dummy_the_encoding_did_not_make_is_left_alone() -> None:
    """Only encoding dummies are decoded: any other Dummy prints as SymPy prints it."""
    other = sympy.Dummy("x", positive=True)
    assert text_math(other / (1 + other)) == "_x/(_x + 1)"
    assert decode(3) == 3


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
@given(value=unit_fractions)
def test_decoded_text_has_the_value_of_the_encoded_expression(value: Fraction) -> None:
    """Decoding changes the form only: at p in (0, 1) (d = p/(1 − p)) both have one value."""
    expr = p * r / (1 - p) + log(1 - p) * p
    encoded = _encoded(expr, UNIT)
    (d,) = encoded.atoms(sympy.Dummy)
    at = sympy.Rational(value.numerator, value.denominator)
    point = {r: sympy.Rational(3, 2)}
    lhs = encoded.xreplace({**point, d: at / (1 - at)})
    rhs = decode(encoded).xreplace({**point, p: at})
    assert sympy.simplify(lhs - rhs) == 0


@pytest.mark.parametrize(
    ("dist", "expected"),
    [
        pytest.param(Bernoulli(p), ["p in [0, 1] (Bernoulli probs)"], id="bernoulli"),
        pytest.param(
            ContinuousBernoulli(p),
            [
                "p in [0, 1] (ContinuousBernoulli probs)",
                "p ≠ 1/2 (ContinuousBernoulli probs; ½ is Uniform(0, 1))",
            ],
            id="continuous-bernoulli",
        ),
        pytest.param(
            NegativeBinomial(r, p),
            ["r > 0 (NegativeBinomial total_count)", "p in [0, 1) (NegativeBinomial probs)"],
            id="negative-binomial",
        ),
    ],
)
def test_domain_facts_of_an_encoded_family_name_p(dist: object, expected: list[str]) -> None:
    """A family met inside an encoded claim lists its parameters' domains in p, as stated."""
    variable = dist.variable  # type: ignore[attr-defined]  # every family has one
    (encoded,) = distributions_in(_encoded(expectation(dist, variable), UNIT))
    assert "_p/(_p + 1)" in sympy.sstr(encoded)
    assert encoded.domain_facts() == expected
