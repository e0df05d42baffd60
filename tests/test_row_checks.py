"""A violation in double precision counts as clear only beyond CLEAR_GAP of the sides."""

from __future__ import annotations

import math

import numpy as np
import pytest

from symkl.numeric._row_checks import _clear
from symkl.relations import RelationKind


@pytest.mark.parametrize(
    ("kind", "lhs", "rhs", "clear"),
    [
        (RelationKind.EQ, 1.0, 1.01, True),
        (RelationKind.EQ, 1.01, 1.0, True),
        (RelationKind.EQ, 1.0, 1.001, False),  # 3.3·10⁻⁴ of 1 + 1 + 1.001: within the gap
        (RelationKind.GE, 1.0, 1.01, True),
        (RelationKind.GE, 1.01, 1.0, False),  # holds
        (RelationKind.GT, 1.0, 1.001, False),  # violated, but not clearly
        (RelationKind.GT, -5.0, 5.0, True),
        (RelationKind.EQ, math.inf, 1.0, False),  # an infinite side is for 50 digits to judge
        (RelationKind.GE, 1.0, math.nan, False),
        (RelationKind.EQ, 1 + 1j, 3.0, False),  # complex sides are not compared here
    ],
)
def test_only_a_gap_beyond_clear_gap_is_clear(
    kind: RelationKind, lhs: complex, rhs: complex, clear: bool
) -> None:
    """The relative gap (lhs − rhs)/(1 + |lhs| + |rhs|) must exceed 10⁻³ against the relation."""
    sides = (np.array([lhs], dtype=complex), np.array([rhs], dtype=complex))
    assert _clear(kind, sides, 0) is clear
