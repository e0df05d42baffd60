"""The array version of the conditional relative entropy (natural logarithms, 0·log 0 = 0)::

>>> conditional_kl_divergence([[0.5, 0.0], [0.25, 0.25]], [[0.25, 0.25], [0.25, 0.25]])
0.34657359027997264
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from ..errors import InvalidDistributionError
from ._arrays import kl_divergence
from ._information import _table

__all__ = ["conditional_kl_divergence"]


def conditional_kl_divergence(
    p: npt.ArrayLike, q: npt.ArrayLike, given: int | Iterable[int] = 0
) -> float:
    """Σ_x p(x) D(p(· | x) ‖ q(· | x)) over the given axes, for two tables of one shape:
    ``conditional_kl_divergence(pxy, qxy, given=0)`` is D(p(y | x) ‖ q(y | x)).

    ∞ where q(y | x) = 0 < p(y | x); an x with q(x) = 0 < p(x) raises (q(· | x) is undefined).
    """
    tp, tq = _table(p, 2), _table(q, 2)
    if tp.shape != tq.shape:
        raise InvalidDistributionError(f"tables of different shapes: {tp.shape} and {tq.shape}")
    axes = (given,) if isinstance(given, int) else tuple(given)
    if not axes or any(not -tp.ndim <= a < tp.ndim for a in axes):
        raise InvalidDistributionError(f"no axis {axes} in a table of shape {tp.shape}")
    axes = tuple(sorted({a % tp.ndim for a in axes}))
    if len(axes) == tp.ndim:
        raise InvalidDistributionError(f"nothing left to condition: given={axes}, {tp.shape}")
    # p(x) and q(x) broadcast against the table: keepdims on the summed (target) axes.
    rest = tuple(a for a in range(tp.ndim) if a not in axes)
    p_given = tp.sum(axis=rest, keepdims=True)
    q_given = tq.sum(axis=rest, keepdims=True)
    undefined = (tp > 0) & (q_given == 0)
    if undefined.any():
        cell = tuple(int(c) for c in np.argwhere(undefined)[0])
        raise InvalidDistributionError(
            f"q(· | given) is undefined at the cell {cell}: q gives its condition probability 0 "
            "where p does not"
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        conditional_q = np.where(q_given > 0, tq / q_given, 0.0)
    # Σ p(x, y) log(p(y | x) / q(y | x)) = D(p(x, y) ‖ p(x) q(y | x)): 0·log 0 = 0 and ∞ alike.
    return float(kl_divergence(tp.reshape(-1), (p_given * conditional_q).reshape(-1)))
