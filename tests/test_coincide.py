"""The points where two distributions of a claim coincide, found for the sampler."""

from __future__ import annotations

import pytest
import sympy

from symkl.families import Beta, Chi2, Exponential, Gamma, Geometric, HalfNormal, NegativeBinomial
from symkl.numeric._coincide import coincidences, same_at
from symkl.numeric._plan import POSITIVE, Domain

k, r, a, p, q = sympy.symbols("k r a p q", positive=True)
OPEN_UNIT = Domain(0.0, 1.0, True, True)


def test_exponential_is_chi2_with_two_degrees_at_rate_one_half() -> None:
    """Exponential(r) = Chi2(k) exactly at r = ½, k = 2 (snapped to those fractions)."""
    assert coincidences([(Exponential(r), Chi2(k))], {k: POSITIVE, r: POSITIVE}) == [
        {k: 2.0, r: 0.5}
    ]


def test_an_underdetermined_coincidence_gives_points_on_its_curve() -> None:
    """Geometric(p) = NegativeBinomial(1, q) wherever q = 1 − p: every point found is on it."""
    points = coincidences(
        [(Geometric(p), NegativeBinomial(r, q))], {p: OPEN_UNIT, q: OPEN_UNIT, r: POSITIVE}
    )
    assert points
    for point in points:
        assert point[r] == 1.0
        assert point[p] + point[q] == pytest.approx(1.0, abs=1e-9)


def test_chi2_is_a_gamma_with_rate_one_half() -> None:
    """Chi2(k) = Gamma(a, r) at a = k/2, r = ½."""
    points = coincidences([(Chi2(k), Gamma(a, r))], {k: POSITIVE, a: POSITIVE, r: POSITIVE})
    assert points
    for point in points:
        assert point[a] == pytest.approx(point[k] / 2, rel=1e-9)
        assert point[r] == pytest.approx(0.5, rel=1e-9)


@pytest.mark.parametrize(
    "pair",
    [
        (HalfNormal(r), Chi2(k)),  # x² against x in the exponent
        (Beta(a, k), Exponential(r)),  # different supports' shapes: log x against x
    ],
    ids=str,
)
def test_families_that_never_coincide_give_no_point(pair: tuple[object, object]) -> None:
    """No parameters make a half-normal a chi-squared, or a Beta an exponential."""
    assert coincidences([pair], {k: POSITIVE, r: POSITIVE, a: POSITIVE}) == []  # type: ignore[list-item]


def test_the_same_distribution_twice_is_skipped() -> None:
    """A pair of one distribution with itself asks nothing (every point is a coincidence)."""
    assert coincidences([(Exponential(r), Exponential(r))], {r: POSITIVE}) == []


def test_two_families_at_their_coincidence_are_written_as_one() -> None:
    """At r = ½, k = 2 the Chi2 is the Exponential: the second is replaced by the first."""
    assert same_at([(Exponential(r), Chi2(k))], {k: 2.0, r: 0.5}) == {Chi2(k): Exponential(r)}


@pytest.mark.parametrize(
    "point",
    [
        {k: 1.32, a: 0.659, r: 0.5},  # k/2 ≠ a: near, not equal (once read as equal: see below)
        {k: 1.5, a: 0.75, r: 0.25},  # the shapes agree, the rates do not
    ],
    ids=str,
)
def test_near_coincidences_are_not_written_as_one(point: dict[sympy.Symbol, float]) -> None:
    """Chi2(k) and Gamma(a, r) off a = k/2, r = ½ stay two (an outcome declared without its
    support's sign once read both densities as 0 and made them equal)."""
    assert same_at([(Chi2(k), Gamma(a, r))], point) == {}


def test_a_discrete_coincidence_is_found_along_its_curve() -> None:
    """Geometric(¼) is NegativeBinomial(1, ¾); Geometric(¼) and NegativeBinomial(1, ¼) differ."""
    pair = [(Geometric(p), NegativeBinomial(r, q))]
    assert same_at(pair, {p: 0.25, q: 0.75, r: 1.0}) == {NegativeBinomial(r, q): Geometric(p)}
    assert same_at(pair, {p: 0.25, q: 0.25, r: 1.0}) == {}


def test_a_coincidence_on_a_removable_singularity_is_found() -> None:
    """Beta(1, 1) is ContinuousBernoulli(½), where the latter's formula reads 0/0: the steps
    start beside ½ and the exact densities confirm the snapped point."""
    from symkl.families import ContinuousBernoulli

    points = coincidences(
        [(Beta(a, k), ContinuousBernoulli(p))], {a: POSITIVE, k: POSITIVE, p: OPEN_UNIT}
    )
    assert {a: 1.0, k: 1.0, p: 0.5} in points
