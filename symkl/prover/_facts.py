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
from typing import TypeVar

import sympy

from .._guard import affordable
from ..distributions import Discrete, Distribution
from ..facts import AbsolutelyContinuous
from ..relations import Relation

__all__ = ["decode", "encode", "sstr"]

_T = TypeVar("_T")

#: each encoding Dummy d and d written in the original symbol s (d = (s − L)/(U − s) and the
#: like): what :func:`decode` substitutes. Bounded: an old proof's dummies are no longer printed.
_ORIGINAL: dict[sympy.Dummy, sympy.Expr] = {}
_REMEMBERED = 4096


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


def _remember(d: sympy.Dummy, original: sympy.Expr) -> sympy.Dummy:
    while len(_ORIGINAL) >= _REMEMBERED:
        del _ORIGINAL[next(iter(_ORIGINAL))]  # the oldest first (dicts keep insertion order)
    _ORIGINAL[d] = original
    return d


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
        _remember(d, inverse)
        return value, [lo_text, hi_text]
    if lower is not None:
        d = _remember(_dummy(symbol, lower[1]), symbol - lower[0])
        return lower[0] + d, [lower[2]]
    if upper is not None:
        d = _remember(_dummy(symbol, upper[1]), upper[0] - symbol)
        return upper[0] - d, [upper[2]]
    return None


def decode(expr: _T) -> _T:
    """``expr`` with each encoding Dummy written back in its symbol, for text a reader sees.

    Only text: what was proved is the encoded claim (true for every d, so for every s).
    Rational functions of the dummies are brought to lowest terms (p/(1 − p)/(1 + p/(1 − p))
    reads p), a change of form only, equal wherever both are defined (the whole range of s).

    >>> from symkl.relations import as_relation
    >>> p = sympy.Symbol("p")
    >>> encoded = encode(as_relation(sympy.Eq(sympy.log(1 - p), 0), [0 < p, p < 1]))[0]
    >>> decode(encoded.lhs)
    log(1 - p)
    """
    if not isinstance(expr, sympy.Basic):
        return expr  # a plain int or str has nothing encoded
    inverse = {d: _ORIGINAL[d] for d in expr.atoms(sympy.Dummy) if d in _ORIGINAL}
    if not inverse:
        return expr
    try:
        result: _T = _decoded(expr, inverse)
    except Exception:  # a class that will not rebuild: the text stays encoded, the proof stands
        return expr
    return result


def sstr(expr: object) -> str:
    """``sympy.sstr`` of :func:`decode` (expr): a value in a proof's text, in the user's symbols.

    >>> sstr(sympy.Symbol("p") / 2)
    'p/2'
    """
    return str(sympy.sstr(decode(expr)))


#: cancel() is tried on rational functions of at most this many nodes (affordable() will not
#: do: the encoded attempt runs with no simplify budget at all, and the text is written there)
_CANCEL_NODES = 200


def _rational(e: sympy.Basic, dummies: list[sympy.Dummy]) -> bool:
    small = all(k < _CANCEL_NODES for k, _ in enumerate(sympy.preorder_traversal(e)))
    return (
        small
        and isinstance(e, sympy.Expr)
        and not e.has(Distribution)
        and bool(e.is_rational_function(*dummies))
    )


def _lowest(e: sympy.Expr, inverse: dict[sympy.Dummy, sympy.Expr]) -> sympy.Expr:
    """A rational function of the dummies in the symbols, in lowest terms, 1 − p not p − 1."""
    numerator, denominator = sympy.fraction(sympy.cancel(e.xreplace(inverse)))
    if numerator.could_extract_minus_sign():  # −p·r/(p − 1) reads p·r/(1 − p)
        numerator, denominator = -numerator, -denominator
    result: sympy.Expr = numerator / denominator
    return result


def _decoded(e: sympy.Basic, inverse: dict[sympy.Dummy, sympy.Expr]) -> sympy.Basic:
    dummies = list(inverse)
    if not e.has(*dummies):
        return e
    if _rational(e, dummies):
        return _lowest(e, inverse)
    if isinstance(e, (sympy.Add, sympy.Mul)):
        # the rational terms (factors) together, so that p/(1 − p)·(1 − p) reads p
        together = [a for a in e.args if _rational(a, dummies)]
        rest = [_decoded(a, inverse) for a in e.args if not _rational(a, dummies)]
        head = [_lowest(e.func(*together), inverse)] if together else []
        return e.func(*head, *rest)
    args = tuple(_decoded(a, inverse) for a in e.args)
    if isinstance(e, Distribution):
        return _rebuilt(e, args)  # not re-validated: the text is all it is used for
    return e.func(*args)


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
        return _rebuilt(e, (sympy.Tuple(*probs), *e.args[1:]))

    logs = {e: sympy.log(sympy.factor(e.args[0])) for e in expr.atoms(sympy.log) if plain_log(e)}
    discrete = {
        e: tidy_discrete(e)
        for e in sympy.preorder_traversal(expr)
        if isinstance(e, Discrete) and e.atoms(sympy.Dummy)
    }
    result: sympy.Expr = expr.xreplace(discrete).xreplace(logs)
    return result


def _rebuilt(d: Distribution, args: tuple[sympy.Basic, ...]) -> Distribution:
    # Without re-running the constructor's validation (a symbolic sum-to-one check can take
    # seconds): the encoded values satisfy whatever the originals did, for every value of d.
    rebuilt: Distribution = sympy.Expr.__new__(type(d), *args)
    return rebuilt


def _replace(expr: sympy.Expr, mapping: dict[sympy.Basic, sympy.Expr]) -> sympy.Expr:
    """``expr.xreplace(mapping)``, distributions rebuilt without their constructors."""
    inner = {
        d: _rebuilt(d, tuple(a.xreplace(mapping) for a in d.args))
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
