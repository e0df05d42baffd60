"""Hostile arguments to distributions and measures: only SymklError subclasses escape."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import I, Rational, S, Symbol, oo, zoo

import symkl
from symkl.distributions import Density, Discrete
from symkl.errors import SymklError

x = Symbol("x", real=True)
P = Discrete([Rational(1, 2), Rational(1, 2)], name="p")
Q = Discrete([Rational(1, 4), Rational(3, 4)], name="q")
U = Density(S.One, x, (0, 1), name="u")

#: Values a user might pass anywhere: numbers of every kind, SymPy oddities, wrong types, text.
HOSTILE = st.one_of(
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.complex_numbers(allow_nan=True, allow_infinity=True),
    st.fractions(),
    st.booleans(),
    st.none(),
    st.text(max_size=12),
    st.binary(max_size=4),
    st.sampled_from(
        [
            oo,
            -oo,
            zoo,
            sympy.nan,
            I,
            S.Zero,
            S.One,
            S.Half,
            Symbol("b"),
            Symbol("b", positive=True),
            Symbol("b", negative=True),
            Symbol("n", integer=True, positive=True),
            Symbol("x"),
            x,
            sympy.E,
            P,
            U,
            sympy.Tuple(1, 2),
            sympy.Matrix([1, 2]),
            sympy.true,
            sympy.log(0, evaluate=False),
            2**2**2**2,
        ]
    ),
    st.lists(st.integers(-2, 2), max_size=3),
    st.tuples(st.floats(), st.floats()),
)

CALLS: list[tuple[str, Callable[[object], object]]] = [
    ("entropy(P, base)", lambda v: symkl.entropy(P, base=v)),
    ("kl_divergence(P, Q, base)", lambda v: symkl.kl_divergence(P, Q, base=v)),
    ("cross_entropy(v, Q)", lambda v: symkl.cross_entropy(v, Q)),
    ("entropy(v)", lambda v: symkl.entropy(v)),
    ("Discrete([v, 1/2])", lambda v: Discrete([v, S.Half])),
    ("Discrete(v)", lambda v: Discrete(v)),  # type: ignore[arg-type]
    ("Discrete.symbolic('p', v)", lambda v: Discrete.symbolic("p", v)),  # type: ignore[arg-type]
    ("Density(v, x, (0, 1))", lambda v: Density(v, x, (0, 1))),
    ("Density(1, x, (0, v))", lambda v: Density(1, x, (0, v))),
    ("Density(1, x, v)", lambda v: Density(1, x, v)),  # type: ignore[arg-type]
    ("U.value_at(v)", lambda v: U.value_at(v)),  # type: ignore[arg-type]
    ("expectation(P, v)", lambda v: symkl.expectation(P, v)),
    ("expectation(U, v)", lambda v: symkl.expectation(U, v)),
    ("outcome_sum(v)", lambda v: symkl.outcome_sum(v)),
    ("outcome_sum(P, over=v)", lambda v: symkl.outcome_sum(P, over=v)),
]


def _give_result_or_symkl_error(name: str, call: Callable[[object], object], value: object) -> None:
    try:
        result = call(value)
    except SymklError:
        return
    if isinstance(result, sympy.Basic):
        assert not result.has(sympy.nan), f"{name} with {value!r} gave {result}"


@pytest.mark.parametrize(("name", "call"), CALLS, ids=[name for name, _ in CALLS])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=HOSTILE)
def test_hostile_arguments_give_a_result_or_a_symkl_error(
    name: str, call: Callable[[object], object], value: object
) -> None:
    """Whatever the value, the call returns or raises a SymklError (never another exception)."""
    _give_result_or_symkl_error(name, call, value)


@pytest.mark.fuzz
@pytest.mark.parametrize(("name", "call"), CALLS, ids=[name for name, _ in CALLS])
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=HOSTILE)
def test_hostile_arguments_larger_profile(
    name: str, call: Callable[[object], object], value: object
) -> None:
    """The same property over 400 values per entry point."""
    _give_result_or_symkl_error(name, call, value)


@settings(max_examples=30, deadline=None)
@given(
    probs=st.lists(
        st.floats(min_value=0, max_value=1, allow_nan=False), min_size=1, max_size=6
    ).filter(lambda v: sum(v) > 0)
)
def test_normalised_vectors_have_a_finite_non_negative_entropy(probs: list[float]) -> None:
    """Valid vectors are accepted, and H is finite and ≥ 0 (0·log 0 = 0)."""
    total = math.fsum(probs)
    normalised = [v / total for v in probs]
    if abs(math.fsum(normalised) - 1) > 1e-12:
        return
    value = float(symkl.entropy(normalised).doit())
    assert math.isfinite(value)
    assert value >= -1e-12
