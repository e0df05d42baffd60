"""Conditional relative entropy D(p(y | x) ‖ q(y | x)) = Σ_x p(x) D(p(y | x = x) ‖ q(y | x = x)).

Written from its definition, Σ p(x, y) log(p(y | x) / q(y | x)), so that the chain rule
D(p(x, y) ‖ q(x, y)) = D(p(x) ‖ q(x)) + D(p(y | x) ‖ q(y | x)) is a theorem the prover proves::

    >>> from sympy import S
    >>> from symkl import Joint
    >>> p = Joint([[S(1)/4, S(1)/4], [S(1)/4, S(1)/4]])
    >>> q = Joint([[S(1)/2, 0], [S(1)/4, S(1)/4]], name="q")
    >>> conditional_kl_divergence(q, p, given="X").doit()
    log(2)/2
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy

from ._information import _cell, _double_sum, _joint, _names, _text
from ._validate import check_base, show
from .errors import InvalidDistributionError
from .joint import IndexedJoint, Joint
from .measures import Measure, _base_factor

__all__ = ["ConditionalKL", "conditional_kl_divergence"]


class ConditionalKL(Measure):
    """D(p(target | given) ‖ q(target | given)) = Σ p(t, g) log(p(t | g) / q(t | g))."""

    def __new__(
        cls,
        p: Joint | IndexedJoint,
        q: Joint | IndexedJoint,
        target: sympy.Tuple,
        given: sympy.Tuple,
        base: object = sympy.E,
    ) -> ConditionalKL:
        obj: ConditionalKL = sympy.Expr.__new__(cls, p, q, target, given, check_base(base))
        return obj

    @property
    def p(self) -> Joint | IndexedJoint:
        p: Joint | IndexedJoint = self.args[0]
        return p

    @property
    def q(self) -> Joint | IndexedJoint:
        q: Joint | IndexedJoint = self.args[1]
        return q

    @property
    def base(self) -> sympy.Expr:
        base: sympy.Expr = self.args[4]
        return base

    def definition(self) -> sympy.Expr:
        p, q = self.p, self.q
        if isinstance(p, IndexedJoint) and isinstance(q, IndexedJoint):
            a, a_x, a_y = _cell(p)
            b, b_x, b_y = _cell(q)
            row = p.axis(self.args[3][0]) == 0
            a_g, b_g = (a_x, b_x) if row else (a_y, b_y)
            summand = a * sympy.log(a * b_g / (a_g * b))
            return _double_sum(p, summand) * _base_factor(self.base)
        assert isinstance(p, Joint)
        assert isinstance(q, Joint)
        target, given = p.axes(self.args[2]), p.axes(self.args[3])
        full = target + given
        p_given, q_full, q_given = p.table(given), q.table(full), q.table(given)
        terms = []
        for cell, weight in p.table(full).items():
            if weight.is_zero:
                continue  # 0 · log(0 / q) = 0
            condition = cell[len(target) :]  # the cell's values of the given variables
            ratio = weight * q_given[condition] / (p_given[condition] * q_full[cell])
            terms.append(weight * sympy.log(ratio))
        return sympy.Add(*terms) * _base_factor(self.base)

    def _text(self, bar: str) -> str:
        target, given = _text(self.args[2]), _text(self.args[3])
        return f"{self.p.name}({target} {bar} {given}) ‖ {self.q.name}({target} {bar} {given})"

    def _sympystr(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else f"_{printer._print(self.base)}"
        return f"KL{sub}({self._text('|')})"

    def _latex(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else "_{" + printer._print(self.base) + "}"
        return f"D{sub}({self._text(chr(92) + 'mid').replace('‖', chr(92) + 'parallel')})"


def conditional_kl_divergence(
    p: object,
    q: object,
    target: str | Iterable[str] | None = None,
    given: str | Iterable[str] | None = None,
    base: object = sympy.E,
) -> ConditionalKL:
    """D(p(y | x) ‖ q(y | x)) = Σ_x p(x) D(p(y | x) ‖ q(y | x)) between two joint tables of one
    shape and one set of names: ``conditional_kl_divergence(p, q, given="X")`` (the target is
    every other variable unless named)."""
    dp, dq = _joint(p), _joint(q)
    if isinstance(dp, IndexedJoint) != isinstance(dq, IndexedJoint) or (
        dp.sizes != dq.sizes if isinstance(dp, IndexedJoint) else dp.shape != dq.shape
    ):
        raise InvalidDistributionError(f"tables of different shapes: {show(dp)} and {show(dq)}")
    if dp.names != dq.names:
        raise InvalidDistributionError(
            f"tables with different variables: {dp.names} and {dq.names}"
        )
    if given is None:
        raise InvalidDistributionError("conditional_kl_divergence needs given=..., e.g. given='X'")
    g = _names(dp, given, "the condition")
    if target is None:
        rest = [v for v in dp.names if v not in {str(c) for c in g}]
        t = _names(dp, rest, "the target") if rest else sympy.Tuple()
    else:
        t = _names(dp, target, "the target")
    if not t:
        raise InvalidDistributionError(f"nothing left to condition: every variable is in {g}")
    if set(t) & set(g):
        raise InvalidDistributionError(f"a variable is both target and condition: {t} | {g}")
    return ConditionalKL(dp, dq, t, g, check_base(base))
