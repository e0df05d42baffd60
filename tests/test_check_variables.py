"""The ``symkl check`` grammar for random variables, JS, TV, abs and strict relations."""

from __future__ import annotations

import pytest
import sympy

from symkl.cli._grammar import GRAMMAR_HELP, CheckSyntaxError, parse_claim
from symkl.information import Joint
from symkl.joint import IndexedJoint
from symkl.measures import distributions_in


def test_joint_and_conditional_entropy_read_as_measures_of_one_table() -> None:
    """H(X,Y) = H(X) + H(Y|X) names one m x n table on both sides."""
    claim = parse_claim("H(X,Y) = H(X) + H(Y|X)")
    assert isinstance(claim, sympy.Eq)
    tables = {d for d in distributions_in(claim) if isinstance(d, IndexedJoint)}
    assert len(tables) == 1
    assert next(iter(tables)).names == ("X", "Y")
    assert str(claim.lhs) == "H(X, Y)"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("I(X;Y) >= 0", "I(X; Y) >= 0"),
        ("I(X;Y|Z) >= 0", "I(X; Y | Z) >= 0"),
        ("JS(p||q) <= log(2)", "JS(p || q) <= log(2)"),
        ("TV(p,q) <= 1", "TV(p, q) <= 1"),
        ("abs(H(p) - H(q)) >= 0", "Abs(H(p) - H(q)) >= 0"),
        ("KL(p||q) > 0", "KL(p || q) > 0"),
        ("H(p) < log(n)", "H(p) < log(n)"),
        ("I(X;Y) = H(X) - H(X|Y)", "Eq(I(X; Y), -H(X | Y) + H(p_X))"),
    ],
)
def test_new_names_and_relations_parse(text: str, shown: str) -> None:
    """Each new construct parses to the measure it names."""
    assert str(parse_claim(text)) == shown


def test_three_variables_give_an_explicit_table() -> None:
    """I(X;Y|Z) is over a 2 x 2 x 2 table of symbols named X, Y, Z."""
    claim = parse_claim("I(X;Y|Z) >= 0")
    (table,) = [d for d in distributions_in(claim) if isinstance(d, Joint)]
    assert table.names == ("X", "Y", "Z")
    assert table.shape == (2, 2, 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("I(X;Y;Z) >= 0", "I(X; Y) or I(X; Y | Z)"),
        ("H(X|p) >= 0", "got p"),
        ("H(X|) >= 0", "a variable is missing"),
        ("I(X;Y) >= 0 + H(U) + H(V) + H(W)", "at most three random variables"),
        ("TV(p,q,r) <= 1", "TV takes two distributions, got 3"),
        ("H(p) != 1", "unsupported relation '!='"),
        ("I(X;Y) >= H(X) + I(Y;Y)", "named twice"),
    ],
)
def test_bad_claims_are_refused_with_the_reason(text: str, message: str) -> None:
    """Misused separators, too many variables and bad arities give a CheckSyntaxError."""
    with pytest.raises(CheckSyntaxError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_claim(text)


def test_help_lists_the_grammar() -> None:
    """The help text names every construct of the grammar."""
    for construct in ("H(Y|X)", "I(X;Y|Z)", "JS(p||q)", "TV(p,q)", "abs", "<, >"):
        assert construct in GRAMMAR_HELP
