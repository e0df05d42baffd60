"""Data processing through a general channel: D(pW ‖ qW) ≤ D(p ‖ q).

For explicit p, q over m outcomes and a channel W (rows W(·|x) over n outcomes, each summing to
1 as a stated fact), D(p ‖ q) − D(pW ‖ qW) = Σ_y [Σ_x a log(a/b) − A log(A/B)] with
a = p(x)W(y|x), b = q(x)W(y|x): one log-sum gap per output y (Cover & Thomas, Theorem 2.8.1 for
relative entropy). W is read off the output distributions, (pW)(y) = Σ_x p(x) W(y|x); the kernel
re-checks each gap and the sum (the rows' sums are the claim's facts)::

    >>> from sympy import Le
    >>> from symkl import Discrete, kl_divergence, prove
    >>> from symkl.information import Joint
    >>> p, q = Discrete.symbolic("p", 2), Discrete.symbolic("q", 2)
    >>> rows = [Discrete.symbolic("v", 2), Discrete.symbolic("w", 2)]
    >>> out = [Joint.from_channel(d, rows).marginal("Y") for d in (p, q)]
    >>> facts = [f for r in rows for f in r.domain_facts()]
    >>> prove(Le(kl_divergence(*out), kl_divergence(p, q)), where=facts).method
    'data-processing'
"""

from __future__ import annotations

import itertools

import sympy

from ..distributions import Discrete
from ..measures import KLDivergence, Measure
from ..relations import Relation, RelationKind
from ._kernel_information import Combination, LogSum
from ._strategies import Strategy, Success, register_strategy

__all__ = ["channel_data_processing"]


def _channel(inputs: Discrete, outputs: Discrete) -> list[list[sympy.Expr]] | None:
    """W with outputs(y) = Σ_x inputs(x)·W[x][y] as an identity, W free of the inputs."""
    symbols = list(inputs.probs)
    if not all(isinstance(s, sympy.Symbol) for s in symbols):
        return None
    rows: list[list[sympy.Expr]] = [[] for _ in symbols]
    for value in outputs.probs:
        expanded = sympy.expand(value)
        column = [sympy.diff(expanded, s) for s in symbols]
        if any(c.has(*symbols) for c in column):
            return None
        combined = sympy.Add(*(c * s for c, s in zip(column, symbols, strict=True)))
        if sympy.expand(expanded - combined) != 0:
            return None
        for row, c in zip(rows, column, strict=True):
            row.append(c)
    return rows


def _gap(a: tuple[sympy.Expr, ...], b: tuple[sympy.Expr, ...]) -> sympy.Expr:
    big_a, big_b = sympy.Add(*a), sympy.Add(*b)
    terms = sympy.Add(*(x * sympy.log(x / y) for x, y in zip(a, b, strict=True)))
    return terms - big_a * sympy.log(big_a / big_b)


def channel_data_processing(rel: Relation) -> Success | None:
    """c·(D(p ‖ q) − D(pW ‖ qW)) + rest ≥ 0 for explicit p, q and a channel W. ≥ only."""
    if rel.kind is not RelationKind.GE:
        return None
    d = rel.difference
    kls = [m for m in d.atoms(Measure) if type(m) is KLDivergence]
    if len(kls) != 2 or d.atoms(Measure) - set(kls) or any(k.base != sympy.E for k in kls):
        return None
    for whole, part in itertools.permutations(kls):
        c = d.coeff(whole)
        if c.is_positive is not True or sympy.expand(d.coeff(part) + c) != 0:
            continue
        rest = sympy.expand(d - c * whole + c * part)
        if rest.has(Measure) or rest.is_nonnegative is not True:
            continue
        dists = (whole.p, whole.q, part.p, part.q)
        if not all(isinstance(x, Discrete) for x in dists):
            continue
        channel = _channel(whole.p, part.p)
        if channel is None or _channel(whole.q, part.q) != channel:
            continue
        parts = []
        for y in range(len(part.p.probs)):
            a = tuple(px * row[y] for px, row in zip(whole.p.probs, channel, strict=True))
            b = tuple(qx * row[y] for qx, row in zip(whole.q.probs, channel, strict=True))
            parts.append((c, _gap(a, b), LogSum(a, b)))
        return Success(
            "data-processing",
            (
                "each probability is in (0, 1]",
                "every row of the channel sums to 1 (stated)",
                "for each output y: Σ_x a log(a/b) ≥ A log(A/B) with a = p(x)W(y|x), "
                "b = q(x)W(y|x) (log-sum inequality)",
            ),
            Combination(tuple(parts), rest),
        )
    return None


register_strategy(Strategy("channel-data-processing", channel_data_processing))
