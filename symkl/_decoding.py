"""A prover's encoded symbols written back in the user's, for every text a reader sees.

:func:`symkl.prover._facts.encode` replaces a bounded symbol by an expression in a fresh Dummy
(0 < p < 1 becomes p = d/(1 + d)); each Dummy is remembered here with d written in p, so that
assumptions, details and reports read p again::

    >>> p, d = sympy.Symbol("p"), sympy.Dummy("p", positive=True)
    >>> _ = remember(d, p / (1 - p))
    >>> sstr(sympy.log(d / (1 + d)))
    'log(p)'

Low in the house (sympy and the distributions only): the printers and the families use it
without importing the prover.
"""

from __future__ import annotations

from typing import TypeVar

import sympy

from .distributions import Distribution

__all__ = ["decode", "rebuilt", "remember", "sstr"]

_T = TypeVar("_T")

#: each encoding Dummy d and d written in the original symbol s (d = (s − L)/(U − s) and the
#: like): what :func:`decode` substitutes. Bounded: an old proof's dummies are no longer printed.
_ORIGINAL: dict[sympy.Dummy, sympy.Expr] = {}
_REMEMBERED = 4096


def remember(d: sympy.Dummy, original: sympy.Expr) -> sympy.Dummy:
    while len(_ORIGINAL) >= _REMEMBERED:
        del _ORIGINAL[next(iter(_ORIGINAL))]  # the oldest first (dicts keep insertion order)
    _ORIGINAL[d] = original
    return d


def decode(expr: _T) -> _T:
    """``expr`` with each encoding Dummy written back in its symbol, for text a reader sees.

    Only text: what was proved is the encoded claim (true for every d, so for every s).
    Rational functions of the dummies are brought to lowest terms (p/(1 − p)/(1 + p/(1 − p))
    reads p), a change of form only, equal wherever both are defined (the whole range of s).

    >>> p, d = sympy.Symbol("p"), sympy.Dummy("p", positive=True)
    >>> _ = remember(d, p / (1 - p))
    >>> decode(sympy.log(1 - d / (1 + d)))
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
        return rebuilt(e, args)  # not re-validated: the text is all it is used for
    return e.func(*args)


def rebuilt(d: Distribution, args: tuple[sympy.Basic, ...]) -> Distribution:
    # Without re-running the constructor's validation (a symbolic sum-to-one check can take
    # seconds): the encoded values satisfy whatever the originals did, for every value of d.
    rebuilt: Distribution = sympy.Expr.__new__(type(d), *args)
    return rebuilt
