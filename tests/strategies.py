"""Hypothesis strategies shared by the test modules: points on the simplex, family parameters."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st


@st.composite
def simplex_points(
    draw: st.DrawFn, min_size: int = 1, max_size: int = 8, allow_zeros: bool = True
) -> list[float]:
    """A probability vector: positive weights (some exactly zero when allowed), normalised."""
    size = draw(st.integers(min_size, max_size))
    low = 0.0 if allow_zeros else 1e-6
    weights = draw(st.lists(st.floats(low, 1.0), min_size=size, max_size=size))
    if allow_zeros:
        zeros = draw(st.lists(st.booleans(), min_size=size, max_size=size))
        weights = [
            0.0 if z and i != 0 else w for i, (w, z) in enumerate(zip(weights, zeros, strict=True))
        ]
    weights[0] = max(weights[0], 1e-3)
    total = sum(weights)
    return [w / total for w in weights]


@st.composite
def simplex_pairs(
    draw: st.DrawFn, max_size: int = 8, allow_zeros: bool = True
) -> tuple[list[float], list[float]]:
    """Two probability vectors of the same length."""
    p = draw(simplex_points(max_size=max_size, allow_zeros=allow_zeros))
    q = draw(simplex_points(min_size=len(p), max_size=len(p), allow_zeros=allow_zeros))
    return p, q


@st.composite
def rational_simplex_points(draw: st.DrawFn, max_size: int = 5) -> list[Fraction]:
    """An exact probability vector with rational entries (all positive)."""
    size = draw(st.integers(1, max_size))
    weights = draw(st.lists(st.integers(1, 20), min_size=size, max_size=size))
    total = sum(weights)
    return [Fraction(w, total) for w in weights]


positive_parameters = st.floats(0.1, 10.0)
real_parameters = st.floats(-10.0, 10.0)
