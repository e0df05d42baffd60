"""Array versions of the measures of several variables and of the divergences beyond KL.

Natural logarithms, 0·log 0 = 0; joint tables are NumPy arrays with one axis per variable::

    >>> from symkl.numeric._information import mutual_information
    >>> mutual_information([[0.5, 0.0], [0.0, 0.5]])
    0.6931471805599453
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import InvalidDistributionError, InvalidParameterError
from ._arrays import entropy, kl_divergence

__all__ = [
    "chi_square",
    "conditional_entropy",
    "conditional_mutual_information",
    "hellinger",
    "joint_entropy",
    "js_divergence",
    "mutual_information",
    "renyi_divergence",
    "total_variation",
]

#: How far from 1 a table's total may be (float rounding).
SUM_TOLERANCE = 1e-9


def _table(values: npt.ArrayLike, min_axes: int) -> npt.NDArray[np.float64]:
    table = np.asarray(values, dtype=float)
    if table.ndim < min_axes:
        raise InvalidDistributionError(
            f"expected a table with at least {min_axes} axes, got shape {table.shape}"
        )
    if not np.all(np.isfinite(table)) or np.any(table < 0):
        raise InvalidDistributionError(
            f"a joint table must have finite non-negative entries, got {table.tolist()}"
        )
    if abs(float(table.sum()) - 1.0) > SUM_TOLERANCE:
        raise InvalidDistributionError(f"a joint table must sum to 1, got {float(table.sum())!r}")
    return table


def _flat_entropy(table: npt.NDArray[np.float64]) -> float:
    return float(entropy(table.reshape(-1)))


def _marginal(table: npt.NDArray[np.float64], keep: Iterable[int]) -> npt.NDArray[np.float64]:
    kept = set(keep)
    drop = tuple(a for a in range(table.ndim) if a not in kept)
    out: npt.NDArray[np.float64] = table.sum(axis=drop) if drop else table
    return out


def joint_entropy(table: npt.ArrayLike) -> float:
    """H(X, Y, …) of a joint table: ``joint_entropy([[0.25, 0.25], [0.25, 0.25]])`` is log 4."""
    return _flat_entropy(_table(table, 2))


def conditional_entropy(table: npt.ArrayLike, given: int | Iterable[int] = 0) -> float:
    """H(rest | given axes) = H(all) − H(given): ``conditional_entropy(pxy, given=0)`` is H(Y|X)."""
    t = _table(table, 2)
    axes = (given,) if isinstance(given, int) else tuple(given)
    if any(not -t.ndim <= a < t.ndim for a in axes):
        raise InvalidDistributionError(f"no axis {axes} in a table of shape {t.shape}")
    axes = tuple(a % t.ndim for a in axes)
    return _flat_entropy(t) - _flat_entropy(_marginal(t, axes))


def mutual_information(table: npt.ArrayLike) -> float:
    """I(X; Y) = KL(p(x, y) ‖ p(x) p(y)) of a two-axis table."""
    t = _table(table, 2)
    if t.ndim != 2:
        raise InvalidDistributionError(f"mutual_information takes a 2-axis table, got {t.shape}")
    product = np.outer(t.sum(axis=1), t.sum(axis=0))
    return float(kl_divergence(t.reshape(-1), product.reshape(-1)))


def conditional_mutual_information(table: npt.ArrayLike) -> float:
    """I(X; Y | Z) of a three-axis table p[x, y, z]: H(X,Z) + H(Y,Z) − H(X,Y,Z) − H(Z)."""
    t = _table(table, 3)
    if t.ndim != 3:
        raise InvalidDistributionError(f"expected a 3-axis table p[x, y, z], got {t.shape}")
    h = _flat_entropy
    return h(_marginal(t, (0, 2))) + h(_marginal(t, (1, 2))) - h(t) - h(_marginal(t, (2,)))


def js_divergence(p: npt.ArrayLike, q: npt.ArrayLike, axis: int = -1) -> Any:
    """½ KL(p ‖ m) + ½ KL(q ‖ m), m = ½(p + q); between 0 and log 2."""
    p_arr, q_arr = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    m = (p_arr + q_arr) / 2
    return 0.5 * kl_divergence(p_arr, m, axis=axis) + 0.5 * kl_divergence(q_arr, m, axis=axis)


def total_variation(p: npt.ArrayLike, q: npt.ArrayLike, axis: int = -1) -> Any:
    """½ Σ |p − q|."""
    diff = np.abs(np.asarray(p, dtype=float) - np.asarray(q, dtype=float))
    total = 0.5 * diff.sum(axis=axis)
    return float(total) if np.ndim(total) == 0 else total


def hellinger(p: npt.ArrayLike, q: npt.ArrayLike, axis: int = -1) -> Any:
    """√(½ Σ (√p − √q)²), between 0 and 1."""
    root = np.sqrt(np.asarray(p, dtype=float)) - np.sqrt(np.asarray(q, dtype=float))
    total = np.sqrt(0.5 * (root**2).sum(axis=axis))
    return float(total) if np.ndim(total) == 0 else total


def chi_square(p: npt.ArrayLike, q: npt.ArrayLike, axis: int = -1) -> Any:
    """Σ (p − q)² / q, with 0/0 = 0 and ∞ where q = 0 < p."""
    p_arr, q_arr = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where((p_arr == 0) & (q_arr == 0), 0.0, (p_arr - q_arr) ** 2 / q_arr)
    total = terms.sum(axis=axis)
    return float(total) if np.ndim(total) == 0 else total


def renyi_divergence(p: npt.ArrayLike, q: npt.ArrayLike, alpha: float, axis: int = -1) -> Any:
    """log(Σ p^α q^(1−α)) / (α − 1) for α > 0, α ≠ 1."""
    if not np.isfinite(alpha) or alpha <= 0 or alpha == 1:
        raise InvalidParameterError(f"the order α must be positive and not 1, got {alpha!r}")
    p_arr, q_arr = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p_arr == 0, 0.0, p_arr**alpha * q_arr ** (1 - alpha))
        total = np.log(terms.sum(axis=axis)) / (alpha - 1)
    return float(total) if np.ndim(total) == 0 else total
