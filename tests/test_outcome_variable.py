"""A family's parameter may not be its own outcome variable (fuzz finding F16)."""

from __future__ import annotations

import pytest
import sympy

import symkl
from symkl.errors import AmbiguousSymbolError
from symkl.families import Exponential, Normal, Poisson

x = sympy.Symbol("x", real=True)
x_positive = sympy.Symbol("x", positive=True)
k = sympy.Symbol("k", integer=True, nonnegative=True)
y = sympy.Symbol("y", real=True)


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (lambda: Normal(x, 1), "x"),
        (lambda: Normal(0, x_positive), "x"),
        (lambda: Exponential(x_positive), "x"),
        (lambda: Poisson(k + 1), "k"),
    ],
)
def test_a_parameter_named_like_the_outcome_variable_is_refused(build: object, name: str) -> None:
    """Normal(x, 1) would be integrated over its own parameter: a clear error naming x."""
    with pytest.raises(AmbiguousSymbolError, match=f"uses the symbol {name}"):
        build()  # type: ignore[operator]


@pytest.mark.slow
def test_another_name_is_proved_right() -> None:
    """KL(N(0, 1) ‖ N(y, 1)) = y²/2 is proved, and the wrong −1/2 is refuted."""
    kl = symkl.kl_divergence(Normal(0, 1), Normal(y, 1))
    assert symkl.prove(sympy.Eq(kl, y**2 / 2)).verdict is symkl.Verdict.PROVED
    assert symkl.prove(sympy.Eq(kl, sympy.Rational(-1, 2))).verdict is symkl.Verdict.REFUTED
