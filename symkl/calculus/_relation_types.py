"""Relation objects for claims and derivation steps: same argmin, same gradient, gradient is.

Each is :class:`~symkl.relations.SelfProving`: it carries its ``kind``, ``_symkl_prove_`` (so
:func:`symkl.prove` settles it), value equality and a stable ``key()`` (the proof cache keys on
it). Proving calls the functions of ``_relations``, which never import these types: the
dependency runs one way::

    >>> t = sympy.Symbol("t", real=True)
    >>> SameArgmin((t - 1) ** 2, sympy.exp((t - 1) ** 2), t).kind.text
    'same argmin'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import sympy

from .._proof import Proof, Verdict
from ..distributions import Distribution
from ..relations import RelationKind
from ._calculus import COMPONENT, as_expr, as_given, as_wrt
from ._domain import as_domain
from ._relations import gradient_is, same_argmin, same_gradient

__all__ = ["DifferentGradient", "GradientIs", "SameArgmin", "SameGradient"]


def _wrt_latex(wrt: Sequence[object]) -> str:
    return ", ".join(sympy.latex(w) for w in wrt)


class _Relation:
    kind: ClassVar[RelationKind]

    def __init__(
        self,
        lhs: object,
        rhs: object,
        wrt: object,
        *,
        given: Sequence[Distribution] = (),
        domain: Any = None,
    ) -> None:
        self.lhs = _expr(lhs)
        self.rhs = _expr(rhs)
        self.wrt = as_wrt(wrt)
        self.given = as_given(given)
        self.domain = domain
        self._domain_key = as_domain(domain, self.wrt).key()  # validates the domain early

    def key(self) -> str:
        """A stable text that identifies the relation (the proof cache keys on it)."""
        parts = [sympy.srepr(self.lhs), sympy.srepr(self.rhs), sympy.srepr(sympy.Tuple(*self.wrt))]
        parts += [sympy.srepr(d) for d in self.given]
        if self._domain_key:
            parts.append(self._domain_key)
        return f"{type(self).__name__}({', '.join(parts)})"

    def __repr__(self) -> str:
        return self.key()

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Relation) and type(other) is type(self) and self.key() == other.key()
        )

    def __hash__(self) -> int:
        return hash(self.key())

    @property
    def symbol(self) -> str:
        """The relation's text, as the terminal and JSON show it (``same argmin``)."""
        return self.kind.text

    def __str__(self) -> str:
        return f"{self.lhs} {self.kind.text} {self.rhs} in {', '.join(map(str, self.wrt))}"

    def _symkl_prove_(self, where: tuple[sympy.Basic, ...] = ()) -> Proof:
        raise NotImplementedError


def _expr(value: object) -> sympy.Expr:
    return as_expr(value)


class SameArgmin(_Relation):
    """argmin_wrt lhs = argmin_wrt rhs (``maximize(f)`` on a side makes it an argmax).

    >>> from symkl import prove
    >>> t = sympy.Symbol("t", real=True)
    >>> prove(SameArgmin((t - 1) ** 2, sympy.exp((t - 1) ** 2), t)).verdict
    <Verdict.PROVED: 'proved'>
    """

    kind = RelationKind.SAME_ARGMIN

    def _symkl_prove_(self, where: tuple[sympy.Basic, ...] = ()) -> Proof:
        return same_argmin(self.lhs, self.rhs, self.wrt, self.domain, given=self.given, where=where)

    def _latex(self, printer: Any = None) -> str:
        under = _wrt_latex(self.wrt)
        return (
            rf"\operatorname*{{argopt}}_{{{under}}} {sympy.latex(self.lhs)} = "
            rf"\operatorname*{{argopt}}_{{{under}}} {sympy.latex(self.rhs)}"
        )


class SameGradient(_Relation):
    """∇_wrt lhs = ∇_wrt rhs.

    >>> from symkl import prove
    >>> t = sympy.Symbol("t", real=True)
    >>> prove(SameGradient(t**2 + 1, t**2 + 5, t)).verdict
    <Verdict.PROVED: 'proved'>
    """

    kind = RelationKind.SAME_GRADIENT

    def _symkl_prove_(self, where: tuple[sympy.Basic, ...] = ()) -> Proof:
        return same_gradient(
            self.lhs, self.rhs, self.wrt, given=self.given, domain=self.domain, where=where
        )

    def _latex(self, printer: Any = None) -> str:
        under = _wrt_latex(self.wrt)
        lhs, rhs = sympy.latex(self.lhs), sympy.latex(self.rhs)
        return rf"\nabla_{{{under}}} {lhs} = \nabla_{{{under}}} {rhs}"


class DifferentGradient(_Relation):
    """∇_wrt lhs ≠ ∇_wrt rhs somewhere: how a claim that two losses train differently is stated.

    Proved by a point where the gradients differ (50 digits); refuted by a proof that they agree.

    >>> from symkl import prove
    >>> t = sympy.Symbol("t", real=True)
    >>> prove(DifferentGradient(t**2 + 1, t**2 + 5, t)).verdict
    <Verdict.REFUTED: 'refuted'>
    """

    kind = RelationKind.DIFFERENT_GRADIENT

    def _symkl_prove_(self, where: tuple[sympy.Basic, ...] = ()) -> Proof:
        same = same_gradient(
            self.lhs, self.rhs, self.wrt, given=self.given, domain=self.domain, where=where
        )
        if same.verdict is Verdict.PROVED:
            return Proof(Verdict.REFUTED, f"the gradients are equal: {same.method}",
                         {"proof": same.method}, same.seconds, same.assumptions,
                         "a proof that the gradients agree everywhere")  # fmt: skip
        if same.verdict is Verdict.REFUTED and same.counterexample is not None:
            return Proof(Verdict.PROVED, "gradients differ at a point (confirmed at 50 digits)",
                         None, same.seconds, ("the point is inside the domain",),
                         str(same.counterexample))  # fmt: skip
        return Proof(Verdict.UNDECIDED, same.method, None, same.seconds, (), same.detail)

    def _latex(self, printer: Any = None) -> str:
        under = _wrt_latex(self.wrt)
        lhs, rhs = sympy.latex(self.lhs), sympy.latex(self.rhs)
        return rf"\nabla_{{{under}}} {lhs} \ne \nabla_{{{under}}} {rhs}"


class GradientIs(_Relation):
    """∇_wrt lhs = rhs (``rhs`` a tuple for several variables; in ``COMPONENT`` k for a family).

    >>> from symkl import prove
    >>> z = sympy.Symbol("z", real=True)
    >>> sigmoid = 1 / (1 + sympy.exp(-z))
    >>> prove(GradientIs(-sympy.log(sigmoid), z, sigmoid - 1)).verdict
    <Verdict.PROVED: 'proved'>
    """

    kind = RelationKind.GRADIENT_IS

    def __init__(
        self,
        lhs: object,
        wrt: object,
        rhs: object,
        *,
        given: Sequence[Distribution] = (),
        domain: Any = None,
    ) -> None:
        targets = rhs if isinstance(rhs, tuple) else None
        super().__init__(lhs, 0 if targets is not None else rhs, wrt, given=given, domain=domain)
        if targets is not None:
            self.rhs = sympy.Tuple(*(_expr(t) for t in targets))

    def _symkl_prove_(self, where: tuple[sympy.Basic, ...] = ()) -> Proof:
        expected = tuple(self.rhs) if isinstance(self.rhs, sympy.Tuple) else self.rhs
        return gradient_is(
            self.lhs, self.wrt, expected, given=self.given, domain=self.domain, where=where
        )

    def _latex(self, printer: Any = None) -> str:
        (w,) = self.wrt if len(self.wrt) == 1 else (None,)
        if isinstance(w, sympy.IndexedBase):
            target = sympy.latex(w[COMPONENT])
            lhs, rhs = sympy.latex(self.lhs), sympy.latex(self.rhs)
            return rf"\frac{{\partial}}{{\partial {target}}} {lhs} = {rhs}"
        return (
            rf"\nabla_{{{_wrt_latex(self.wrt)}}} {sympy.latex(self.lhs)} = {sympy.latex(self.rhs)}"
        )
