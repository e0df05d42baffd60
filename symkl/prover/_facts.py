"""Domain facts (``where=``) turned into what SymPy's assumptions understand.

A plain symbol bounded by facts is replaced by an expression in a fresh Dummy whose assumptions
give exactly the stated range (never a larger or smaller one):

=====================  ==========================================
facts                   encoding (d a Dummy)
=====================  ==========================================
L < s                   s = L + d, d > 0   (d ≥ 0 for L ≤ s)
s < U                   s = U − d, d > 0   (d ≥ 0 for s ≤ U)
L < s < U               s = L + (U − L)·d/(1 + d), d > 0
L ≤ s < U               the same with d ≥ 0
L < s ≤ U               s = U − (U − L)·d/(1 + d), d ≥ 0
L ≤ s ≤ U               only L ≤ s is used (a weaker, still sound, hypothesis)
=====================  ==========================================

A claim proved for every d is proved for every s in the range. Bounds are exact real numbers;
a symbol's own assumptions (``positive=True``) count as a bound. The facts used are listed::

    >>> from symkl.relations import as_relation
    >>> t = sympy.Symbol("t")
    >>> encode(as_relation(sympy.Ge(t, 0), [0 < t, t < 1]))[1]
    ('t > 0', 't < 1')

Each Dummy keeps its symbol alongside (d = (s − L)/(U − s) and the like), so that a text written
from an encoded expression (a proof's assumptions) reads in s again: :func:`decode`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from .._decoding import rebuilt, remember
from .._guard import affordable
from ..distributions import Discrete, Distribution
from ..facts import AbsolutelyContinuous
from ..relations import Relation

__all__ = ["encode"]


@dataclass
class _Bounds:
    lower: tuple[sympy.Expr, bool, str] | None = None  # (value, strict, fact text)
    upper: tuple[sympy.Expr, bool, str] | None = None


def _exact(value: sympy.Expr) -> bool:
    return bool(value.is_number and value.is_real and not value.has(sympy.Float))


def _tighter(
    old: tuple[sympy.Expr, bool, str] | None, new: tuple[sympy.Expr, bool, str], lower: bool
) -> tuple[sympy.Expr, bool, str]:
    if old is None:
        return new
    gap = (new[0] - old[0]) if lower else (old[0] - new[0])
    if gap.is_positive or (gap.is_zero and new[1] and not old[1]):
        return new
    return old


def _collect(rel: Relation) -> dict[sympy.Symbol, _Bounds]:
    bounds: dict[sympy.Symbol, _Bounds] = {}
    for fact in rel.where:
        if not isinstance(fact, (sympy.StrictLessThan, sympy.LessThan)) and not isinstance(
            fact, (sympy.StrictGreaterThan, sympy.GreaterThan)
        ):
            continue
        less = isinstance(fact, (sympy.StrictLessThan, sympy.LessThan))
        small, big = (fact.lhs, fact.rhs) if less else (fact.rhs, fact.lhs)
        strict = isinstance(fact, (sympy.StrictLessThan, sympy.StrictGreaterThan))
        text = sympy.sstr(fact)
        if isinstance(small, sympy.Symbol) and _exact(big):
            entry = bounds.setdefault(small, _Bounds())
            entry.upper = _tighter(entry.upper, (big, strict, text), lower=False)
        elif isinstance(big, sympy.Symbol) and _exact(small):
            entry = bounds.setdefault(big, _Bounds())
            entry.lower = _tighter(entry.lower, (small, strict, text), lower=True)
    for symbol, entry in bounds.items():
        # The symbol's own assumptions are a bound too (used, not listed as a fact).
        if symbol.is_positive:
            entry.lower = _tighter(entry.lower, (sympy.S.Zero, True, ""), lower=True)
        elif symbol.is_nonnegative:
            entry.lower = _tighter(entry.lower, (sympy.S.Zero, False, ""), lower=True)
    return bounds


def _dummy(symbol: sympy.Symbol, positive: bool) -> sympy.Dummy:
    return (
        sympy.Dummy(symbol.name, positive=True)
        if positive
        else sympy.Dummy(symbol.name, nonnegative=True)
    )


def _encoding(symbol: sympy.Symbol, b: _Bounds) -> tuple[sympy.Expr, list[str]] | None:
    lower, upper = b.lower, b.upper
    if lower is not None and upper is not None and (upper[0] - lower[0]).is_positive is not True:
        return None
    if lower is not None and upper is not None and (lower[1] or upper[1]):
        (lo, lo_strict, lo_text), (hi, hi_strict, hi_text) = lower, upper
        d = _dummy(symbol, lo_strict and hi_strict)
        fraction = d / (1 + d)
        # the fraction d/(1 + d) is (s − lo)/(hi − lo) (or (hi − s)/(hi − lo)): d solved from it
        if hi_strict:
            value, inverse = lo + (hi - lo) * fraction, (symbol - lo) / (hi - symbol)
        else:
            value, inverse = hi - (hi - lo) * fraction, (hi - symbol) / (symbol - lo)
        remember(d, inverse)
        return value, [lo_text, hi_text]
    if lower is not None:
        d = remember(_dummy(symbol, lower[1]), symbol - lower[0])
        return lower[0] + d, [lower[2]]
    if upper is not None:
        d = remember(_dummy(symbol, upper[1]), upper[0] - symbol)
        return upper[0] - d, [upper[2]]
    return None


def _tidy(expr: sympy.Expr) -> sympy.Expr:
    # Rational functions of the dummies in lowest terms, so that 1 − d/(1 + d) reads 1/(1 + d),
    # which SymPy sees is positive (a log rule may then apply).
    def plain_log(e: sympy.Basic) -> bool:
        # factor() would rebuild (and re-validate) a distribution atom: only plain arguments.
        return (
            isinstance(e, sympy.log)
            and not e.has(Distribution)
            and bool(e.atoms(sympy.Dummy))
            and affordable(e.args[0])
        )

    def tidy_discrete(e: Discrete) -> sympy.Expr:
        probs = [sympy.factor(v) if affordable(v) else v for v in e.probs]
        return rebuilt(e, (sympy.Tuple(*probs), *e.args[1:]))

    logs = {e: sympy.log(sympy.factor(e.args[0])) for e in expr.atoms(sympy.log) if plain_log(e)}
    discrete = {
        e: tidy_discrete(e)
        for e in sympy.preorder_traversal(expr)
        if isinstance(e, Discrete) and e.atoms(sympy.Dummy)
    }
    result: sympy.Expr = expr.xreplace(discrete).xreplace(logs)
    return result


def _replace(expr: sympy.Expr, mapping: dict[sympy.Basic, sympy.Expr]) -> sympy.Expr:
    """``expr.xreplace(mapping)``, distributions rebuilt without their constructors."""
    inner = {
        d: rebuilt(d, tuple(a.xreplace(mapping) for a in d.args))
        for d in sympy.preorder_traversal(expr)
        if isinstance(d, Distribution) and d.free_symbols & set(mapping)
    }
    result: sympy.Expr = expr.xreplace(inner).xreplace(mapping)
    return result


def encode(rel: Relation) -> tuple[Relation, tuple[str, ...], dict[sympy.Basic, sympy.Basic]]:
    """``rel`` with its bounded symbols encoded, the facts the encoding used (in order), and for
    each fact kept in the encoded relation (the ``Ne`` ones) the fact as the user stated it."""
    mapping: dict[sympy.Basic, sympy.Expr] = {}
    used: list[str] = []
    for symbol, b in _collect(rel).items():
        found = _encoding(symbol, b)
        if found is None:
            continue
        mapping[symbol], texts = found
        used += [t for t in texts if t]
    if not mapping:
        return rel, (), {}
    lhs, rhs = (_tidy(_replace(side, mapping)) for side in (rel.lhs, rel.rhs))
    # Ne and p ≪ q facts are not bounds: they travel with the encoded relation.
    origin = {
        _tidy(_replace(f, mapping)): f
        for f in rel.where
        if isinstance(f, (sympy.Ne, AbsolutelyContinuous))
        and _replace(f, mapping) not in (sympy.true, sympy.false)
    }
    where = tuple(origin)
    order = {sympy.sstr(f): k for k, f in enumerate(rel.where)}
    ordered = sorted(dict.fromkeys(used), key=lambda t: order.get(t, len(order)))
    return Relation(rel.kind, lhs, rhs, rel.flipped, where), tuple(ordered), origin
