"""Facts a claim may state beyond SymPy's relations: absolute continuity p ≪ q.

``where=[absolutely_continuous(p, q)]`` states that q > 0 wherever p > 0, so every p-weighted
log q is finite. The prover relies on it only where a proof needs finite sides (a strict
inequality between sums that can both be ∞); the samplers keep to points where it holds::

    >>> from sympy import S
    >>> from symkl import Discrete
    >>> p, q = Discrete([S.Half, S.Half]), Discrete([1, 0])
    >>> absolutely_continuous(p, q)
    False
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.logic.boolalg import BooleanFunction

from .distributions import Discrete, Distribution
from .errors import InvalidDistributionError

__all__ = ["AbsolutelyContinuous", "absolutely_continuous"]


class AbsolutelyContinuous(BooleanFunction):
    """p ≪ q: q(x) > 0 at every outcome where p(x) > 0 (explicit vectors: outcome by outcome)."""

    @classmethod
    def eval(cls, p: sympy.Basic, q: sympy.Basic) -> sympy.Basic | None:
        for d in (p, q):
            if not isinstance(d, Distribution):
                raise InvalidDistributionError(
                    f"absolutely_continuous needs two distributions, got {d!r}"
                )
        if p == q:
            return sympy.true
        if isinstance(p, Discrete) and isinstance(q, Discrete):
            if len(p.probs) != len(q.probs):
                raise InvalidDistributionError(
                    f"absolutely_continuous needs distributions of one size, got {len(p.probs)} "
                    f"and {len(q.probs)} outcomes"
                )
            return _outcome_by_outcome(p.probs, q.probs)
        return None

    @property
    def p(self) -> Distribution:
        """The dominated distribution."""
        result: Distribution = self.args[0]
        return result

    @property
    def q(self) -> Distribution:
        """The dominating distribution (positive wherever p is)."""
        result: Distribution = self.args[1]
        return result

    def _sympystr(self, printer: Any) -> str:
        return f"{printer._print(self.p)} ≪ {printer._print(self.q)}"

    def _latex(self, printer: Any) -> str:
        return rf"{printer._print(self.p)} \ll {printer._print(self.q)}"


def _outcome_by_outcome(ps: tuple[sympy.Expr, ...], qs: tuple[sympy.Expr, ...]) -> sympy.Basic:
    """p_k = 0 or q_k > 0 for each k: exact numbers are decided, the others are facts."""
    open_facts = []
    for a, b in zip(ps, qs, strict=True):
        if a.is_number and b.is_number:
            if a.is_zero is not True and b.is_positive is not True:
                return sympy.false
            continue
        # p_k·(1 − ⌈q_k⌉) = 0 says p_k = 0 or q_k > 0 for q_k ∈ [0, 1], in a form SymPy cannot
        # decide from the positive symbols of Discrete.symbolic (q_k > 0 would be True at once,
        # while the samplers do try q_k = 0).
        open_facts.append(sympy.Eq(a * (1 - sympy.ceiling(b)), 0))
    return sympy.And(*open_facts)


def absolutely_continuous(p: object, q: object) -> sympy.Basic:
    """The fact p ≪ q, for ``where=``; explicit vectors give True, False or per-outcome facts.

    >>> from sympy import S
    >>> absolutely_continuous(Discrete([1, 0]), Discrete([S.Half, S.Half]))
    True
    """
    if isinstance(p, (list, tuple)):
        p = Discrete(list(p))
    if isinstance(q, (list, tuple)):
        q = Discrete(list(q))
    result: sympy.Basic = AbsolutelyContinuous(p, q)
    return result
