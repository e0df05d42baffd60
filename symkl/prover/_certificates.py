"""The certificates strategies attach to a success; :mod:`._kernel` re-checks them.

>>> from sympy import Symbol, log
>>> x = Symbol("x", real=True)
>>> TermwiseSign((-log(x),), (x,)).rule
'termwise-sign'
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from ..distributions import Distribution
from ..relations import RelationKind

__all__ = [
    "KINDS",
    "AsEquality",
    "Certificate",
    "ConvexMinimum",
    "Evaluated",
    "Jensen",
    "LinearSummand",
    "SymbolicSign",
    "TermwiseIdentity",
    "TermwiseSign",
    "Vanishes",
]

_EQ, _GE, _GT = RelationKind.EQ, RelationKind.GE, RelationKind.GT


@dataclass(frozen=True)
class Vanishes:
    """lhs − rhs (measures unfolded) is zero."""

    rule = "vanishes"


@dataclass(frozen=True)
class LinearSummand:
    """One pattern of one outcome space: g = Σ a_d·d + b, with the masses Σ_x d(x) and count."""

    summand: sympy.Expr
    dummies: tuple[sympy.Dummy, ...]
    coefficients: tuple[sympy.Expr, ...]
    masses: tuple[sympy.Expr, ...]
    normalised: tuple[bool, ...]
    constant: sympy.Expr
    count: sympy.Expr
    #: the outcome index and integration variable: no coefficient may depend on them
    forbidden: frozenset[sympy.Symbol] = field(default_factory=frozenset)


@dataclass(frozen=True)
class TermwiseIdentity:
    """lhs − rhs = Σ (over summands) Σ_x g(x) + outside, every g linear in the probabilities."""

    summands: tuple[LinearSummand, ...]
    outside: sympy.Expr
    rule = "termwise-linear"


@dataclass(frozen=True)
class TermwiseSign:
    """Every pointwise term of Σ_x g(x) (the only group of lhs − rhs) is ≥ 0 (> 0)."""

    terms: tuple[sympy.Expr, ...]
    #: the probability dummies of discrete terms: each is in (0, 1], encoded as exp(−s), s ≥ 0
    unit: tuple[sympy.Dummy, ...] = ()
    normalised: bool = True
    #: the normalised distribution a constant c was folded into (c = Σ_x c·carrier(x)), if any
    carrier: Distribution | None = None
    rule = "termwise-sign"


@dataclass(frozen=True)
class Jensen:
    """g = r·φ(p/r) with φ convex: Σ_x r·φ(p/r) ≥ φ(1) (Gibbs' inequality)."""

    summand: sympy.Expr
    p: sympy.Dummy
    reference: sympy.Expr
    t: sympy.Dummy
    phi: sympy.Expr
    p_dist: Distribution
    r_dist: Distribution | None
    count: sympy.Expr | None
    forbidden: frozenset[sympy.Symbol] = field(default_factory=frozenset)
    rule = "jensen"


@dataclass(frozen=True)
class Evaluated:
    """Both sides evaluated to exact numbers."""

    lhs: sympy.Expr
    rhs: sympy.Expr
    rule = "evaluated"


@dataclass(frozen=True)
class SymbolicSign:
    """``expr`` = lhs − rhs is ≥ 0 (> 0)."""

    expr: sympy.Expr
    rule = "symbolic-sign"


@dataclass(frozen=True)
class ConvexMinimum:
    """f = lhs − rhs convex in ``t`` with its minimum at ``critical``."""

    t: sympy.Symbol
    critical: sympy.Expr
    rule = "convex-minimum"


@dataclass(frozen=True)
class AsEquality:
    """lhs = rhs by ``inner`` (the equality's own certificate, None for an external derivation),
    so lhs ≥ rhs: never lhs > rhs."""

    inner: object
    rule = "equality"


Certificate = (
    Vanishes
    | TermwiseIdentity
    | TermwiseSign
    | Jensen
    | Evaluated
    | SymbolicSign
    | ConvexMinimum
    | AsEquality
)

#: The kinds each rule can prove at most (strict ones still need their own strict argument).
KINDS: dict[str, frozenset[RelationKind]] = {
    "vanishes": frozenset({_EQ}),
    "termwise-linear": frozenset({_EQ}),
    "termwise-sign": frozenset({_GE, _GT}),
    "jensen": frozenset({_GE, _GT}),
    "evaluated": frozenset({_EQ, _GE, _GT}),
    "symbolic-sign": frozenset({_GE, _GT}),
    "convex-minimum": frozenset({_GE, _GT}),
    "external": frozenset({_EQ}),
    "equality": frozenset({_GE}),
}
