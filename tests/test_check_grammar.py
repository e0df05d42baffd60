"""The check grammar reads text without executing it and bounds its size before SymPy evaluates."""

from __future__ import annotations

import re

import pytest

from symkl.cli._grammar import CheckSyntaxError, parse_claim
from symkl.cli._syntax import MAX_BITS, MAX_CHARS, MAX_DEPTH, MAX_NODES


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("H(p) <= 10**10**10", "exponent 10000000000 in '10**10**10' is too large"),
        ("H(p) <= (2*n)**(10**9)", "exponent 1000000000 in '(2*n)**(10**9)' is too large"),
        ("H(p) <= 2**2**2**2**2**2", "exponent 65536 in '2**2**2**2**2**2' is too large"),
        ("H(p) <= 2^2^2^2^2^2", "exponent 65536 in '2**2**2**2**2**2' is too large"),
        ("H(p) = 99**999", f"99**999 in '99**999' is too large (more than {MAX_BITS} bits)"),
        ("H(p) = 10**1000*10**1000", "a number in '10**1000*10**1000' is too large"),
        ("H(p) = " + "7" * 101, "a number of 101 characters in"),
        ("H(p) = 1e999", "number too large in '1e999': inf"),
        ("H(p) = 1/0", "'1/0' is undefined (zoo), e.g. a division by zero"),
        ("H(p) = log(0)", "'log(0)' is undefined (zoo)"),
        ("H(p) = 1j", "'1j' is not real (I); symkl check compares real quantities"),
        ("H(p) = 3 % 2", "unexpected '%' in '3 % 2'"),
        ("H(p) = log", "log is a function: write log(...) in 'log'"),
        ("H(p) = [1][0]", "only a distribution can be indexed, as p[i], in '[1][0]'"),
        ("H(p) = sum(p, base=2)", "unexpected base= in sum(...)"),
        ("H(p) = H(p, base=2, base=3)", "base= given twice in H(...)"),
        ("H(p, base=0) = 0", "a logarithm base must be a positive number other than 1, got 0"),
        ("H(p, base=-2) = 0", "a logarithm base must be a positive number other than 1, got -2"),
        ("H(p) = H(**{})", "unexpected '{' in 'H(**{})'"),
        ("H(p) = (lambda: 1)()", "unknown name 'lambda'"),
        ("H(p) = p.probs", "unexpected '.' in 'p.probs'"),
        ("H(p) = __import__('os')", "unknown name '__import__'"),
        ("H(p) = exec('1')", "unknown name 'exec'"),
        ("x" * (MAX_CHARS + 1), f"the claim is too long: {MAX_CHARS + 1} characters"),
        (
            "H(p) = " + "+".join(["1"] * 600),
            f"too large: 1799 syntax nodes in one side (at most {MAX_NODES})",
        ),
        ("H(p) = " + "-" * (MAX_DEPTH + 5) + "1", "the claim is too deeply nested: depth"),
    ],
)
def test_hostile_text_is_a_clear_error(text: str, message: str) -> None:
    """Absurd, undefined or code-carrying text: CheckSyntaxError (a ValueError) naming it."""
    with pytest.raises(CheckSyntaxError, match=re.escape(message)):
        parse_claim(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H(p) <= 10**300", "H(p) <= 1" + "0" * 300),
        ("H(p) >= 2**-10", "H(p) >= 1/1024"),
        ("H(p)^2 >= 0", "H(p)**2 >= 0"),
        ("(n+1)**1000 >= 0", "(n + 1)**1000 >= 0"),
        ("H(p, base=2) = H(p)/log(2)", "Eq(H_2(p), H(p)/log(2))"),
        ("H(p) = 0x10", "Eq(H(p), 16)"),
    ],
)
def test_reasonable_text_within_the_limits_parses(text: str, expected: str) -> None:
    """Large but reasonable numbers and exponents stay allowed."""
    assert str(parse_claim(text)) == expected


def test_a_non_string_claim_is_refused() -> None:
    """parse_claim of something that is not text names it."""
    with pytest.raises(CheckSyntaxError, match="a claim is text, got 42"):
        parse_claim(42)  # type: ignore[arg-type]
