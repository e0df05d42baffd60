"""Tests of symkl.distributions: construction, validation messages, supports."""

from __future__ import annotations

import pytest
import sympy
from sympy import Rational, Symbol, exp, oo

import symkl
from symkl.distributions import Density, Discrete, IndexedDiscrete, Kind, common_support
from symkl.errors import (
    InvalidDistributionError,
    MixedSupportError,
    SupportMismatchError,
    SymklError,
)

x = Symbol("x", real=True)
n = Symbol("n", integer=True, positive=True)


@pytest.mark.parametrize(
    ("probs", "message"),
    [
        ([0.5, 0.6], "probabilities must sum to 1, got 1.1 for [0.5, 0.6]"),
        ([-0.1, 1.1], "probabilities must be non-negative, got -0.1 at position 1 in [-0.1, 1.1]"),
        ([Rational(1, 3), Rational(1, 3)], "probabilities must sum to 1, got 2/3 for [1/3, 1/3]"),
        ([], "a distribution needs at least one outcome, got []"),
        ([2, -1], "probabilities must be at most 1, got 2 at position 1 in [2, -1]"),
        ([sympy.I, 1 - sympy.I], "probabilities must be real, got I at position 1 in [I, 1 - I]"),
    ],
)
def test_invalid_probabilities_name_the_value(probs: list[object], message: str) -> None:
    """Bad probability vectors raise InvalidDistributionError with the offending value."""
    with pytest.raises(InvalidDistributionError) as info:
        Discrete(probs)
    assert str(info.value) == message


def test_errors_subclass_the_builtin_a_user_catches() -> None:
    """InvalidDistributionError is both a SymklError and a ValueError."""
    with pytest.raises(ValueError, match="sum to 1"):
        Discrete([0.2, 0.2])
    assert issubclass(InvalidDistributionError, SymklError)
    assert issubclass(MixedSupportError, TypeError)


def test_float_sums_within_tolerance_are_accepted() -> None:
    """Floats that sum to 1 up to rounding (1e-12) are valid."""
    assert Discrete([0.1] * 10).probs == tuple(sympy.Float(0.1) for _ in range(10))


def test_float_sums_outside_tolerance_are_rejected() -> None:
    """A float sum off by 1e-9 is rejected."""
    with pytest.raises(InvalidDistributionError, match="sum to 1"):
        Discrete([0.5, 0.5 + 1e-9])


def test_symbolic_entries_whose_sum_is_undecidable_are_accepted() -> None:
    """Entries with free symbols are accepted; a sum that simplifies to 1 is fine too."""
    a, b = sympy.symbols("a b", positive=True)
    assert Discrete([a, b]).probs == (a, b)
    assert Discrete([a, 1 - a]).probs == (a, 1 - a)


def test_symbolic_entries_with_a_wrong_constant_sum_are_rejected() -> None:
    """[a, 2 - a] sums to 2 whatever a is."""
    a = Symbol("a", positive=True)
    with pytest.raises(InvalidDistributionError, match="got 2 for"):
        Discrete([a, 2 - a])


def test_symbolic_explicit_size_makes_positive_symbols() -> None:
    """Discrete.symbolic('p', 3) is p_1..p_3, positive symbols."""
    p = Discrete.symbolic("p", 3)
    assert isinstance(p, Discrete)
    assert [str(s) for s in p.probs] == ["p_1", "p_2", "p_3"]
    assert all(s.is_positive for s in p.probs)
    assert p.support.size == 3


def test_symbolic_size_is_indexed() -> None:
    """Discrete.symbolic('p', n) sums p[i] over i = 1..n."""
    p = Discrete.symbolic("p", n)
    assert isinstance(p, IndexedDiscrete)
    assert (
        p.value_at(IndexedDiscrete.index)
        == sympy.IndexedBase("p", positive=True)[IndexedDiscrete.index]
    )
    assert p.support.upper == n
    assert p.support.count() == n


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (0, "the number of outcomes must be at least 1, got 0"),
        (2.5, "the number of outcomes must be an int or a SymPy symbol, got 2.5"),
        (
            Symbol("m", integer=False),
            "a symbolic number of outcomes must be a positive integer symbol, got m",
        ),
    ],
)
def test_symbolic_size_is_validated(size: object, message: str) -> None:
    """Sizes that cannot count outcomes are rejected with the value."""
    with pytest.raises(InvalidDistributionError) as info:
        Discrete.symbolic("p", size)  # type: ignore[arg-type]  # invalid on purpose
    assert str(info.value) == message


def test_density_not_normalised_is_rejected() -> None:
    """A parameter-free density that integrates to 2 is rejected with the integral."""
    with pytest.raises(InvalidDistributionError) as info:
        Density(2 * exp(-x), x, (0, oo))
    assert str(info.value) == "a density must integrate to 1, got 2.0 for 2*exp(-x) on (0, oo)"


def test_density_with_parameters_is_accepted_and_has_support() -> None:
    """A parametric density is accepted; its support is its interval."""
    lam = Symbol("lambda", positive=True)
    d = Density(lam * exp(-lam * x), x, (0, oo), name="f")
    assert d.support.kind is Kind.CONTINUOUS
    assert (d.support.lower, d.support.upper) == (0, oo)
    assert d.free_symbols == {lam}
    assert str(d) == "f"


def test_empty_density_support_is_rejected() -> None:
    """(1, 0) is no interval."""
    with pytest.raises(InvalidDistributionError, match=r"the support \(1, 0\) is empty"):
        Density(x, x, (1, 0))


def test_mismatched_lengths_raise_support_mismatch() -> None:
    """Two explicit vectors of different lengths cannot be compared outcome by outcome."""
    with pytest.raises(SupportMismatchError) as info:
        symkl.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5])
    assert str(info.value) == (
        "distributions have different numbers of outcomes: p has 2 outcomes, q has 3 outcomes"
    )


def test_mixing_discrete_and_continuous_is_a_type_error() -> None:
    """A pmf and a pdf in one measure raise MixedSupportError (a TypeError)."""
    d = Density(exp(-x), x, (0, oo), name="f")
    with pytest.raises(TypeError) as info:
        symkl.cross_entropy([0.5, 0.5], d)
    assert str(info.value) == (
        "cannot combine the discrete distribution p with the continuous distribution f"
    )


def test_plain_lists_are_coerced_with_positional_names() -> None:
    """entropy([..]) and kl_divergence([..], [..]) name their arguments p and q."""
    assert str(symkl.kl_divergence([0.5, 0.5], [0.9, 0.1])) == "KL(p || q)"


def test_common_support_of_indexed_distributions_checks_n() -> None:
    """p over n outcomes and q over m outcomes do not share a support."""
    m = Symbol("m", integer=True, positive=True)
    with pytest.raises(SupportMismatchError, match="p has n outcomes, q has m outcomes"):
        common_support(Discrete.symbolic("p", n), Discrete.symbolic("q", m))


def test_probs_build_new_distributions() -> None:
    """A mixture built from .probs is a valid distribution."""
    p, q = Discrete([0.2, 0.8]), Discrete([0.6, 0.4])
    lam = 0.25
    mix = Discrete([lam * a + (1 - lam) * b for a, b in zip(p.probs, q.probs, strict=True)])
    assert [float(v) for v in mix.probs] == pytest.approx([0.5, 0.5])
